//! The vault as every later stage reads it: the [`Index`] of its files and
//! notes, every link's [`Resolution`], and the publication [`Scope`].
//!
//! Each part is made from the ones before it (index, then resolutions,
//! then scope), so each lives in its own module and this one only holds
//! them together. A `Vault` reads as its index (`vault.notes`,
//! `vault.note_by_path(…)`), which is most of what consumers ask.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::discover::{SourceFile, WalkProblem};
use super::index::{Index, NoteId};
use super::links::LinkKind;
use super::note::Note;
use super::resolve::Resolution;
use super::scope::Scope;

/// The whole vault, parsed, indexed and resolved.
#[derive(Debug)]
pub struct Vault {
    pub index: Index,
    /// One resolution per link of each note, aligned with `Note::links`:
    /// made on first use ([`Vault::resolutions`]), or all at once.
    resolved: Vec<OnceLock<Vec<Resolution>>>,
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
    /// Index parsed notes and attachments, and resolve every link
    /// (`resolve_all`), or each note's links when they are first asked for.
    /// The scope is everything until [`super::load`] computes it.
    pub fn build(
        root: PathBuf,
        sources: Vec<SourceFile>,
        parsed: Vec<Option<Note>>,
        walk_problems: Vec<WalkProblem>,
        resolve_all: bool,
    ) -> Vault {
        let index = Index::build(root, sources, parsed, walk_problems);
        let resolved = (0..index.notes.len()).map(|_| OnceLock::new()).collect();
        let vault = Vault {
            index,
            resolved,
            scope: Scope::default(),
        };
        if resolve_all {
            // In parallel: asked one by one, later, they would be resolved
            // on whichever thread asks.
            vault
                .resolved
                .par_iter()
                .enumerate()
                .for_each(|(id, cell)| {
                    cell.get_or_init(|| vault.index.resolve_note(id));
                });
        }
        vault
    }

    /// How each link of note `id` resolves, aligned with its `links`.
    pub fn resolutions(&self, id: NoteId) -> &[Resolution] {
        self.resolved[id].get_or_init(|| self.index.resolve_note(id))
    }

    /// Let go of what the vault can make again when asked: every note's
    /// resolutions and the did-you-mean index. Why: a check's report reads
    /// the notes' texts and positions, not these, and it is rendered whole
    /// while they are held (4.6 MB of a 10,000-note check's peak heap).
    /// Nothing is lost: asked again, each is made again from the index.
    pub fn forget_what_can_be_made_again(&mut self) {
        for cell in &mut self.resolved {
            cell.take();
        }
        self.index.forget_name_index();
    }

    /// Hold in memory the texts of the notes embedded so often that
    /// reading them back would cost more than holding them, when texts
    /// were left in their files (`super::load_leaving_texts`): a page reads
    /// the text of each note it embeds, so a glossary embedded by every
    /// page was read from its file once per embed (6,003 reads of a 1.9 MB
    /// note in one build). The measure: the bytes its embeds would read,
    /// its length times their number, over [`HOLD_EMBEDDED`]. A note
    /// embedded once or twice stays in its file: in the 10k bench vault,
    /// 6,395 notes are embedded, and holding them all cost 30 MiB.
    pub fn hold_embedded_texts(&mut self) {
        let mut embeds = vec![0usize; self.notes.len()];
        for id in 0..self.notes.len() {
            let links = self.notes[id].links.iter();
            for (link, resolution) in links.zip(self.resolutions(id)) {
                if let (LinkKind::Embed, Resolution::Found(found)) = (link.kind, resolution)
                    && let Some(target) = self.files[found.file].note
                {
                    embeds[target] += 1;
                }
            }
        }
        (self.index.notes.par_iter_mut().zip(embeds))
            .filter(|(note, embeds)| embeds.saturating_mul(note.source_len()) >= HOLD_EMBEDDED)
            .for_each(|(note, _)| note.hold_text());
    }

    /// The notes whose files were found changed since they were parsed,
    /// when their texts were read back ([`Note::changed_on_disk`]):
    /// anything shown from those texts is blanks, so a command that read
    /// them must not report as if they were checked.
    pub fn changed_on_disk(&self) -> Vec<&str> {
        (self.notes.iter())
            .filter(|note| note.changed_on_disk())
            .map(|note| note.path.as_str())
            .collect()
    }

    /// [`Vault::changed_on_disk`] as a result: an error naming every such
    /// note, for a command to stop on before it reports or publishes.
    pub fn unchanged_on_disk(&self) -> Result<(), ChangedOnDisk> {
        let paths = self.changed_on_disk();
        match paths.is_empty() {
            true => Ok(()),
            false => Err(ChangedOnDisk {
                paths: paths.into_iter().map(str::to_string).collect(),
            }),
        }
    }

    /// Whether note `id` is published on the site.
    pub(crate) fn is_published(&self, id: NoteId) -> bool {
        self.scope.is_published(self.note_files[id])
    }
}

/// The bytes a note's embeds may read back from its file in one build
/// before its text is held instead ([`Vault::hold_embedded_texts`]).
pub const HOLD_EMBEDDED: usize = 1 << 20;

/// Notes whose files changed between their parse and a read of their text
/// ([`Vault::changed_on_disk`]): what was read of them is blanks, so
/// nothing from this run is reported or published.
#[derive(Debug)]
pub struct ChangedOnDisk {
    /// Vault paths, or as the command shows them ([`ChangedOnDisk::shown`]).
    pub paths: Vec<String>,
}

impl ChangedOnDisk {
    /// The same, with each path as `show` writes it.
    pub fn shown(self, show: impl Fn(&str) -> String) -> ChangedOnDisk {
        let paths = self.paths.iter().map(|p| show(p)).collect();
        ChangedOnDisk { paths }
    }
}

impl std::fmt::Display for ChangedOnDisk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: changed, or could not be read again, while phasebook read it; \
             nothing reported or published, run again",
            self.paths.join(", ")
        )
    }
}

impl std::error::Error for ChangedOnDisk {}
