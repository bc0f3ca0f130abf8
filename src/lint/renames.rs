//! Where files went, as git tells it: the renames `check` reads from the
//! staged changes, the working tree and recent history, handed to the
//! linter as plain data (the linter never runs git: `commands::git` does,
//! and only when some link is broken). `broken-link` asks it whether a
//! missing target was renamed, to name the new path and offer a fix.

use crate::FastMap;
use crate::vault::index::lower_nfc;
use crate::vault::{FileId, Link, Vault};

/// One rename: the file's vault path after it, and when it happened, as
/// the help line says it (`in the staged changes`, `in HEAD~1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub from: String,
    pub to: String,
    pub when: String,
}

/// Renames within the vault, looked up by the name a link would use for
/// the old file. Filled newest first: the first rename recorded for a path
/// is the one that counts (a file renamed twice went where it went last).
#[derive(Debug, Default, Clone)]
pub struct Renames {
    /// Newest first.
    list: Vec<Rename>,
    /// Lower-cased link name of the old path → the renames of files so
    /// named, in `list`.
    by_name: FastMap<String, Vec<usize>>,
    /// Lower-cased old path → its rename in `list`, to follow a chain.
    by_path: FastMap<String, usize>,
}

/// How many renames in a row are followed: `a` → `b` → `c` (a file renamed
/// and renamed again) is common, a longer chain rare, and a cycle
/// (`a` → `b` → `a`) must end.
const MAX_HOPS: usize = 8;

/// The name a link uses for `path` (lower-cased): its file name, without
/// `.md` for a note.
fn link_key(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    lower_nfc(name.strip_suffix(".md").unwrap_or(name))
}

impl Renames {
    /// Record that the file at vault path `from` went to `to`; an earlier
    /// record for `from` (a newer rename) wins.
    pub fn insert(&mut self, from: &str, to: &str, when: impl Into<String>) {
        let lower = lower_nfc(from);
        if from == to || self.by_path.contains_key(&lower) {
            return;
        }
        let at = self.list.len();
        self.by_path.insert(lower, at);
        self.by_name.entry(link_key(from)).or_default().push(at);
        self.list.push(Rename {
            from: from.to_string(),
            to: to.to_string(),
            when: when.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The file in `vault` that an unresolved wikilink's target was renamed
    /// to, with the rename that named it: the target's name (and, for a
    /// path link, its folders) must be an old path's, and the chain of
    /// renames from there must end at a file the vault has now.
    pub(crate) fn find(&self, vault: &Vault, link: &Link) -> Option<(FileId, &Rename)> {
        let target = link.target().trim_start_matches('/');
        if target.is_empty() || self.is_empty() {
            return None;
        }
        let lower = lower_nfc(target);
        let lower = lower.strip_suffix(".md").unwrap_or(&lower);
        self.by_name
            .get(&link_key(target))?
            .iter()
            .map(|&at| &self.list[at])
            .filter(|r| {
                // A path link names the file's folders too: `guides/old`
                // is `x/guides/old.md`, not `y/old.md`.
                let old = lower_nfc(&r.from);
                let old = old.strip_suffix(".md").unwrap_or(&old);
                !lower.contains('/') || old == lower || old.ends_with(&format!("/{lower}"))
            })
            .find_map(|first| Some((self.follow(vault, first)?, first)))
    }

    /// Where the chain of renames starting with `first` ends, if at a file
    /// of the vault.
    fn follow(&self, vault: &Vault, first: &Rename) -> Option<FileId> {
        let mut to = first.to.as_str();
        for _ in 0..MAX_HOPS {
            if let Some(file) = vault.file_by_path(to) {
                return Some(file);
            }
            let &next = self.by_path.get(&lower_nfc(to))?;
            to = &self.list[next].to;
        }
        None
    }
}
