//! Breadcrumbs: where a note sits in the vault, for readers — the folders
//! above it, each a link when it has a folder note, then the note.
//!
//! They replace the raw source path (`guides/setup.md`) the pages used to
//! show, which is a maintainer's matter. A folder's note is the first
//! published of `FOLDER/index.md`, `FOLDER/README.md` and `FOLDER/FOLDER.md`
//! (Obsidian's folder-note convention); a folder without one is shown as
//! text, as Quartz and Obsidian Publish show a folder with no page.

use serde::Serialize;

use super::super::plan::SiteMap;
use crate::encode::encode_path;
use crate::vault::{NoteId, Vault};

/// One step of the trail: a folder's name, linked when it has a page
/// (`url`, from the site root).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Crumb {
    pub name: String,
    pub url: Option<String>,
}

/// The folders above note `id`, outermost first (none for a note at the
/// vault root). The note itself is the page's title, not a crumb.
pub fn breadcrumbs(vault: &Vault, map: &SiteMap, id: NoteId) -> Vec<Crumb> {
    let path = &vault.notes[id].path;
    let mut crumbs = Vec::new();
    let mut end = 0;
    while let Some(slash) = path[end..].find('/') {
        let folder = &path[..end + slash];
        let name = &folder[folder.rfind('/').map_or(0, |i| i + 1)..];
        let url = ["index.md", "README.md", &format!("{name}.md")]
            .iter()
            .filter_map(|file| vault.note_by_path(&format!("{folder}/{file}")))
            .find(|&note| map.page(note).is_some())
            // A folder's own note shows its folder as text, not as a
            // link to the page the reader is on.
            .filter(|&note| note != id)
            .and_then(|note| map.page(note))
            .map(encode_path);
        crumbs.push(Crumb {
            name: name.to_string(),
            url,
        });
        end += slash + 1;
    }
    crumbs
}
