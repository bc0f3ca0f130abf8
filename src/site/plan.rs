//! Where every output of the site goes, decided before anything is
//! rendered: the page of each note, the place of each attachment, the page
//! of each tag and the id of each heading, so every link can be computed
//! while pages render in parallel.

use std::collections::BTreeMap;

use super::urls::{Claims, note_page, tag_page};
use crate::text::tag_key;
use crate::vault::{NoteId, Vault};

/// Pages phasebook itself generates, claimed before any note.
pub(super) const GENERATED: &[&str] = &[
    "index.html",
    "readiness.html",
    "404.html",
    "sitemap.xml",
    "feed.xml",
    "tags/index.html",
];

/// Where every note and file ends up, and the ids of every heading: what a
/// link needs to become a URL.
#[derive(Debug, Default)]
pub struct SiteMap {
    /// Site path of each note's page, by [`NoteId`]; `None` for a note the
    /// publication scope leaves out, which therefore has no URL anything
    /// could link to.
    pub note_pages: Vec<Option<String>>,
    /// Site path of each file (a note's page, or the copied attachment), by
    /// [`FileId`](crate::vault::FileId); `None` for a file left out.
    pub file_outputs: Vec<Option<String>>,
    /// Heading ids of each note, aligned with `Note::headings`.
    pub heading_ids: Vec<Vec<String>>,
    /// Every tag, by lower-cased name: tags differing only in case are one
    /// tag, as in Obsidian. Look one up with [`SiteMap::tag`].
    pub tags: std::collections::BTreeMap<String, TagEntry>,
}

/// One tag of the site.
#[derive(Debug)]
pub struct TagEntry {
    /// As first written, in note order.
    pub name: String,
    /// Site path of its page.
    pub page: String,
    pub notes: Vec<NoteId>,
}

impl SiteMap {
    /// The page of note `id`, when it is published.
    pub fn page(&self, id: NoteId) -> Option<&str> {
        self.note_pages.get(id).and_then(Option::as_deref)
    }

    /// Where file `file` is on the site, when it is published.
    pub fn output(&self, file: crate::vault::FileId) -> Option<&str> {
        self.file_outputs.get(file).and_then(Option::as_deref)
    }

    /// The notes that have a page, in vault order.
    pub(crate) fn published_notes(&self) -> impl Iterator<Item = NoteId> + '_ {
        self.note_pages
            .iter()
            .enumerate()
            .filter_map(|(id, page)| page.as_ref().map(|_| id))
    }

    /// The tag `name` is, whatever its case.
    pub fn tag(&self, name: &str) -> Option<&TagEntry> {
        self.tags.get(&tag_key(name))
    }
}

pub use crate::text::{RESERVED_IDS, heading_ids};

/// The plan: where everything goes.
pub struct Plan {
    pub map: SiteMap,
    /// The home note, shown on the front page ([`home_note`]).
    pub front_page: Option<NoteId>,
}

/// The names a home note goes by at the vault root, in the order they are
/// looked for: Quartz's and Obsidian Publish's `index.md`, Obsidian's
/// common `Home.md`, a repository's `README.md`.
pub const HOME_NOTES: &[&str] = &["index.md", "Home.md", "README.md"];

/// The vault's home note: the published note `[book] index` names (a
/// vault path, `.md` optional), else the first published of
/// [`HOME_NOTES`] at the vault root (in any case). The second value says
/// why `index` was not taken (the default having been used instead).
pub fn home_note(vault: &Vault, index: Option<&str>) -> (Option<NoteId>, Option<String>) {
    let published = |id: &NoteId| vault.is_published(*id);
    let mut problem = None;
    if let Some(index) = index {
        let index = index.trim_start_matches("./");
        let found = vault
            .note_by_path(index)
            .or_else(|| vault.note_by_path(&format!("{index}.md")));
        match found {
            Some(id) if published(&id) => return (Some(id), None),
            Some(_) => problem = Some(format!("`{index}` is left out of the site")),
            None => problem = Some(format!("there is no note `{index}` in the vault")),
        }
    }
    let default = HOME_NOTES.iter().find_map(|name| {
        vault
            .notes
            .iter()
            .position(|n| n.path.eq_ignore_ascii_case(name))
            .filter(published)
    });
    (default, problem)
}

/// Build stage 2, *plan*: where every output of the site goes, decided
/// before anything is rendered.
pub fn plan(vault: &Vault, front_page: Option<NoteId>) -> Plan {
    let mut claims = Claims::default();
    for path in GENERATED {
        claims.claim_exact(path);
    }
    let published = |id: NoteId| vault.is_published(id);
    let mut tags: BTreeMap<String, TagEntry> = BTreeMap::new();
    for (id, note) in vault.notes.iter().enumerate() {
        if !published(id) {
            continue;
        }
        for tag in &note.tags {
            tags.entry(tag_key(tag))
                .or_insert_with(|| TagEntry {
                    name: tag.clone(),
                    page: String::new(),
                    notes: Vec::new(),
                })
                .notes
                .push(id);
        }
    }
    for entry in tags.values_mut() {
        entry.page = claims.claim(&tag_page(&entry.name));
    }
    // Attachments keep their vault paths: other files may link to them.
    let mut file_outputs = vec![None; vault.files.len()];
    for (fid, file) in vault.files.iter().enumerate() {
        if file.note.is_none() && vault.scope.is_published(fid) {
            file_outputs[fid] = Some(claims.claim(&file.path));
        }
    }
    let mut note_pages = vec![None; vault.notes.len()];
    for (id, note) in vault.notes.iter().enumerate() {
        if !published(id) {
            continue;
        }
        note_pages[id] = Some(if Some(id) == front_page {
            "index.html".to_string()
        } else {
            claims.claim(&note_page(&note.path))
        });
    }
    for (id, &fid) in vault.note_files.iter().enumerate() {
        file_outputs[fid] = note_pages[id].clone();
    }
    let heading_ids = vault
        .notes
        .iter()
        .map(|n| heading_ids(n.headings.iter().map(|h| h.text())))
        .collect();
    Plan {
        map: SiteMap {
            note_pages,
            file_outputs,
            heading_ids,
            tags,
        },
        front_page,
    }
}
