//! The front page of a vault with neither a home note nor phases: its
//! contents, as a generated folder index (Quartz and mdBook show a folder
//! listing where Obsidian Publish shows its home note).
//!
//! Root notes are listed whole; each top-level folder shows its first
//! notes (by title) and how many there are in all, so the page stays a
//! page on a vault of thousands of notes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::plan::SiteMap;
use super::LinkItem;
use crate::encode::encode_path;
use crate::vault::Vault;

/// Notes of a folder listed on the front page before "and N more".
const NOTES_PER_FOLDER: usize = 12;

/// The front page's contents.
#[derive(Debug, Serialize)]
pub struct Contents {
    /// Notes at the vault root, by title.
    pub notes: Vec<LinkItem>,
    /// Top-level folders, by name.
    pub folders: Vec<Folder>,
}

/// One top-level folder: its name, its notes (all below it, subfolders
/// included) up to [`NOTES_PER_FOLDER`] by title, and how many there are.
#[derive(Debug, Serialize)]
pub struct Folder {
    pub name: String,
    pub count: usize,
    pub notes: Vec<LinkItem>,
    /// `count` less the notes listed.
    pub more: usize,
}

/// The published notes of `vault`, root notes and top-level folders.
pub fn contents(vault: &Vault, map: &SiteMap) -> Contents {
    let mut notes = Vec::new();
    let mut folders: BTreeMap<&str, Vec<LinkItem>> = BTreeMap::new();
    for (id, note) in vault.notes.iter().enumerate() {
        let Some(page) = map.page(id) else {
            continue;
        };
        let item = LinkItem {
            title: note.title.clone(),
            url: encode_path(page),
        };
        match note.path.split_once('/') {
            Some((folder, _)) => folders.entry(folder).or_default().push(item),
            None => notes.push(item),
        }
    }
    notes.sort();
    let folders = folders
        .into_iter()
        .map(|(name, mut items)| {
            items.sort();
            let count = items.len();
            items.truncate(NOTES_PER_FOLDER);
            Folder {
                name: name.to_string(),
                count,
                more: count - items.len(),
                notes: items,
            }
        })
        .collect();
    Contents { notes, folders }
}
