//! The vault as every later stage reads it: the [`Index`] of its files and
//! notes, every link's [`Resolution`], and the publication [`Scope`].
//!
//! Each part is made from the ones before it (index, then resolutions,
//! then scope), so each lives in its own module and this one only holds
//! them together. A `Vault` reads as its index (`vault.notes`,
//! `vault.note_by_path(…)`), which is most of what consumers ask.

use std::ops::Deref;
use std::path::PathBuf;

use super::discover::{SourceFile, WalkProblem};
use super::index::{Index, NoteId};
use super::note::Note;
use super::resolve::{Resolution, resolve_all};
use super::scope::Scope;

/// The whole vault, parsed, indexed and resolved.
#[derive(Debug)]
pub struct Vault {
    pub index: Index,
    /// One resolution per link of each note, aligned with `Note::links`.
    pub resolutions: Vec<Vec<Resolution>>,
    /// What the site may publish ([`super::scope`]).
    pub scope: Scope,
}

impl Deref for Vault {
    type Target = Index;

    fn deref(&self) -> &Index {
        &self.index
    }
}

impl Vault {
    /// Index parsed notes and attachments, then resolve every link. The
    /// scope is everything until [`super::load`] computes it.
    pub fn build(
        root: PathBuf,
        sources: Vec<SourceFile>,
        parsed: Vec<Option<Note>>,
        walk_problems: Vec<WalkProblem>,
    ) -> Vault {
        let index = Index::build(root, sources, parsed, walk_problems);
        let resolutions = resolve_all(&index);
        Vault {
            index,
            resolutions,
            scope: Scope::default(),
        }
    }

    /// Whether note `id` is published on the site.
    pub(crate) fn is_published(&self, id: NoteId) -> bool {
        self.scope.is_published(self.note_files[id])
    }
}
