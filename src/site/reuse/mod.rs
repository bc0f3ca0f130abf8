//! One edited note, few pages rendered: a record of how each page of the
//! last build was made, kept in the note cache's folder, so that the next
//! build takes from the previous site every page that would come out the
//! same, and renders the rest (#20: "one edited note re-renders that note
//! and exactly the pages whose output depends on it").
//!
//! Which pages would come out the same: a page is made from its note and
//! from what the rest of the build knows of the vault. The pages read
//! another note's *text* only by embedding it (`render::embeds`) and
//! through `SUMMARY.md` (the navigation); everything else they read of a
//! note is its parse (title, headings, block ids, aliases, tags, links,
//! tasks, frontmatter), and positions only to render the text they are in.
//! So when, against the record,
//! - the environment is the same (this binary, the configuration, the
//!   theme, every attachment's path and times, what the walk left out,
//!   the scope, git's dates and readiness history: [`mod@environment`]), and
//!   the site at the build folder is the one the record was made with
//!   (its manifest's digest),
//! - every note is where it was, and each edited note keeps its *shape*
//!   (its parse but for positions: `Note::shape_digest`), and
//! - `SUMMARY.md` is not one of them,
//!
//! then the pages to render are the edited notes' and, transitively, the
//! pages that embed one of them. Pages go by runs (the search index's runs
//! of consecutive pages, at most 64): a run holding a page to render is
//! rendered and indexed again, and its file in the record rewritten as the
//! run ends; any other run is taken whole, its pages hard-linked from the
//! previous site (`Staging::keep`, which trusts the site's manifest as a
//! rebuild always does) and its part of the search index and what its
//! pages gave the build (warnings, feed description, whether one draws a
//! diagram) read from the record. Anything else is a full build, which
//! writes a new record. Everything that is not a page (search index
//! files, generated pages, feed, sidebars) is made as in any build.
//!
//! Trusted only when it cannot be wrong: notes are compared by a digest
//! of their text (never a time); attachments and theme files by their
//! times, as `super::fresh` does, so the record is written only when none
//! changed in the two seconds before the build began. The file is whole
//! or not read (`vault::cache::blob`), and only by the binary that wrote
//! it. Tested by byte-identity with a build from scratch after each kind
//! of edit (`tests/reuse.rs`).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::search;

mod embedders;
mod environment;
mod prune;

use crate::vault::cache::{blob, digest};
use crate::vault::{Note, NoteId, Vault};
use embedders::with_embedders;
use environment::environment;
use prune::prune;

/// The record's format; with the binary's identity in the file's header.
const HEADER: &str = "phasebook site pages 1";

/// What a build's pages are made from (`super::Build`'s).
pub(super) struct Inputs<'a> {
    pub vault: &'a Vault,
    pub config: &'a crate::config::Config,
    pub last_changed: &'a std::collections::HashMap<String, i64>,
    pub history: &'a [crate::readiness::WorkflowHistory],
}

/// What the build needs of a page besides its file, kept in the record.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct PageMeta {
    /// The renderer's warnings, as the page's build printed them.
    pub warnings: Vec<String>,
    /// The page's description (meta and feed).
    pub description: Option<String>,
    /// It draws a Mermaid diagram (the site then ships the script).
    pub mermaid: bool,
}

/// The record's file: the environment, the site and each note's text and
/// shape, and which version of each run's file goes with them.
#[derive(Serialize, Deserialize)]
struct Record {
    /// The site's folder (absolute): a record whose site is gone is
    /// removed by the next build that keeps one ([`mod@prune`]).
    site: PathBuf,
    environment: u128,
    /// The digest of the manifest of the site this build made.
    manifest: u128,
    /// By note id: the digest of its text, and its shape.
    notes: Vec<(u128, u128)>,
    /// By run of pages (`pages`' runs of the search index): the digest of
    /// its file.
    runs: Vec<u128>,
}

/// A run's file as written: its notes, what each page gave the build, and
/// its part of the search index.
#[derive(Serialize)]
struct RunFile<'a> {
    ids: &'a [NoteId],
    pages: &'a [PageMeta],
    run: search::RunToSave<'a>,
}

/// A run's file as read back.
#[derive(Deserialize)]
struct RunFileRead {
    ids: Vec<NoteId>,
    pages: Vec<PageMeta>,
    run: search::SavedRun,
}

/// A run of pages the build takes from the previous site.
pub(super) struct SavedRun {
    /// By page of the run.
    pub pages: Vec<PageMeta>,
    pub run: search::SavedRun,
    /// The digest of its file (the next record keeps it).
    pub file: u128,
}

/// What this build takes from the last one, and what it keeps for the next.
pub(super) struct Reuse {
    /// By note id: its page is rendered (edited, or it embeds one that was).
    render: Vec<bool>,
    /// The last record's runs, when it holds for this build.
    runs: Option<Vec<u128>>,
    next: Option<Next>,
}

/// The makings of the next record.
struct Next {
    dir: PathBuf,
    /// The record's file (`NAME.bin`) and its runs' folder, in `dir`.
    name: String,
    /// The site's folder, absolute.
    site: PathBuf,
    environment: u128,
    /// Whether no attachment or theme file changed just before the build:
    /// whether a record is kept at all.
    settled: bool,
    texts: Vec<u128>,
    /// Known shapes (the record's for unedited notes).
    shapes: Vec<Option<u128>>,
}

impl Reuse {
    /// Read the last build's record for the site at `out`, whose manifest
    /// has the digest `manifest` (none: no site), and decide which pages
    /// of `build` come from the previous site.
    pub(super) fn prepare(inputs: Inputs<'_>, out: &Path, manifest: Option<u128>) -> Reuse {
        let reuse = Reuse::recall(inputs, out, manifest);
        crate::timing::lap("recalled");
        reuse
    }

    fn recall(inputs: Inputs<'_>, out: &Path, manifest: Option<u128>) -> Reuse {
        let vault = inputs.vault;
        let n = vault.notes.len();
        let mut reuse = Reuse {
            render: vec![true; n],
            runs: None,
            next: None,
        };
        let Some(dir) = inputs.config.cache_dir.clone() else {
            return reuse;
        };
        let began = SystemTime::now();
        let (environment, newest) = environment(&inputs);
        let settled = newest + crate::site::fresh::SETTLED < began;
        let texts: Vec<u128> = vault.notes.par_iter().map(Note::text_digest).collect();
        let where_ = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let name = format!(
            "site-{:016x}",
            digest(where_.to_string_lossy().as_bytes()) as u64
        );
        let record = manifest
            .and_then(|_| blob::read(&dir, &format!("{name}.bin"), HEADER))
            .and_then(|bytes| postcard::from_bytes::<Record>(&bytes).ok())
            .filter(|r| {
                r.environment == environment && Some(r.manifest) == manifest && r.notes.len() == n
            });
        let mut next = Next {
            dir,
            name,
            site: where_,
            environment,
            settled,
            texts,
            shapes: vec![None; n],
        };
        let decided = record.and_then(|record| {
            let render = to_render(vault, &record, &mut next)?;
            Some((render, record.runs))
        });
        if let Some((render, runs)) = decided {
            reuse.render = render;
            reuse.runs = Some(runs);
        }
        reuse.next = Some(next);
        reuse
    }

    /// Run `r` of the pages (notes `ids`), when the record holds it and no
    /// page of it is to be rendered.
    pub(super) fn saved_run(&self, r: usize, ids: &[NoteId]) -> Option<SavedRun> {
        let file = *self.runs.as_ref()?.get(r)?;
        if ids.iter().any(|&id| self.render[id]) {
            return None;
        }
        let next = self.next.as_ref()?;
        let bytes = blob::read(&next.dir, &run_file(&next.name, r), HEADER)?;
        if digest(&bytes) != file {
            return None;
        }
        let read: RunFileRead = postcard::from_bytes(&bytes).ok()?;
        (read.ids == ids && read.pages.len() == ids.len()).then_some(SavedRun {
            pages: read.pages,
            run: read.run,
            file,
        })
    }

    /// Keep run `r` of the pages (notes `ids`, what they gave, their
    /// index) for the next build, if it keeps a record; its file's digest.
    pub(super) fn save_run(
        &self,
        r: usize,
        ids: &[NoteId],
        pages: &[PageMeta],
        run: &search::Run,
    ) -> u128 {
        let Some(next) = self.next.as_ref().filter(|n| n.settled) else {
            return 0;
        };
        let file = RunFile {
            ids,
            pages,
            run: run.to_save(),
        };
        let Ok(bytes) = postcard::to_stdvec(&file) else {
            return 0;
        };
        blob::write(&next.dir, &run_file(&next.name, r), HEADER, &bytes);
        digest(&bytes)
    }

    /// Keep the record of this build for the next: the site's manifest
    /// has the digest `manifest`, its runs' files the digests `runs`.
    pub(super) fn save(self, vault: &Vault, manifest: u128, runs: Vec<u128>) {
        self.write(vault, manifest, runs);
        crate::timing::lap("recorded");
    }

    fn write(self, vault: &Vault, manifest: u128, runs: Vec<u128>) {
        let Some(next) = self.next else {
            return;
        };
        let file = format!("{}.bin", next.name);
        if !next.settled {
            // The one kept describes an older site; it would not be read,
            // but it must not outlive its use either.
            blob::remove(&next.dir, &file);
            return;
        }
        let notes = next
            .texts
            .par_iter()
            .zip(&next.shapes)
            .zip(&vault.notes)
            .map(|((&text, known), note)| (text, known.unwrap_or_else(|| note.shape_digest())))
            .collect();
        let count = runs.len();
        let record = Record {
            site: next.site,
            environment: next.environment,
            manifest,
            notes,
            runs,
        };
        match postcard::to_stdvec(&record) {
            Ok(bytes) => blob::write(&next.dir, &file, HEADER, &bytes),
            Err(_) => blob::remove(&next.dir, &file),
        }
        prune(&next.dir, &next.name, count);
    }
}

fn run_file(name: &str, r: usize) -> String {
    format!("{name}/{r:05}.bin")
}

/// By note id, the pages to render when `record` holds for this build:
/// the edited notes' and their embedders'; `None` when an edit changed more
/// than text and positions (the notes' text digests are in `next`).
/// Notes in `next` the shapes it knows.
fn to_render(vault: &Vault, record: &Record, next: &mut Next) -> Option<Vec<bool>> {
    let texts = &next.texts;
    let edited: Vec<NoteId> = (0..texts.len())
        .filter(|&id| texts[id] != record.notes[id].0)
        .collect();
    let edited_shapes: Vec<u128> = edited
        .par_iter()
        .map(|&id| vault.notes[id].shape_digest())
        .collect();
    for (id, &(_, shape)) in record.notes.iter().enumerate() {
        next.shapes[id] = Some(shape);
    }
    for (&id, &shape) in edited.iter().zip(&edited_shapes) {
        next.shapes[id] = Some(shape);
    }
    let same_shapes = edited
        .iter()
        .zip(&edited_shapes)
        .all(|(&id, &shape)| record.notes[id].1 == shape);
    let summary = vault.note_by_path(super::summary::SUMMARY_MD);
    if !same_shapes || summary.is_some_and(|s| edited.contains(&s)) {
        return None;
    }
    Some(with_embedders(vault, edited))
}
