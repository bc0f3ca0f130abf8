//! One interface for every report: each format (`check`'s human, JSON,
//! SARIF, GitHub and JUnit; `readiness`'s text, Markdown and JSON) is a
//! [`Format`] that writes one [`Run`], as ripgrep's printers share one
//! sink. A command fills the run with what it found and hands it to the
//! format the user chose; a format reads only what it shows.

use crate::config::Config;
use crate::lint::{Diagnostic, Edit, Severity};
use crate::readiness::{ArtifactReport, PhaseMovement, Requirement, WorkflowReadiness};
use std::cell::OnceCell;

use crate::span::{LineIndex, Position};
use crate::vault::{Note, Vault};

use super::paths::PathStyle;

/// What one run of a command found, as every format sees it.
pub struct Run<'a> {
    pub vault: &'a Vault,
    pub config: &'a Config,
    pub paths: &'a PathStyle,
    /// Colour the output (a terminal, no `NO_COLOR`).
    pub color: bool,
    /// `check`: the diagnostics, sorted, and their counts.
    pub diagnostics: &'a [Diagnostic],
    pub summary: Summary,
    /// `check`: the vault paths of every note checked (clean ones are
    /// JUnit's passing test cases).
    pub checked: &'a [String],
    /// `readiness`: the workflows shown and each `--require`'s outcome.
    pub workflows: &'a [WorkflowReadiness],
    pub required: &'a [Requirement],
    /// `readiness --artifact`: the one artifact asked about, shown instead
    /// of the workflows.
    pub artifact: Option<&'a ArtifactReport>,
    /// `readiness --since`: what moved, shown instead of the workflows.
    pub since: Option<&'a Since<'a>>,
}

/// `readiness --since REF`: the revision as given, the commit it named,
/// and the phases that moved since.
pub struct Since<'a> {
    pub rev: &'a str,
    pub commit: &'a str,
    pub phases: &'a [PhaseMovement],
}

impl<'a> Run<'a> {
    /// A run that found nothing yet: the command sets what it has.
    pub fn new(vault: &'a Vault, config: &'a Config, paths: &'a PathStyle) -> Run<'a> {
        Run {
            vault,
            config,
            paths,
            color: false,
            diagnostics: &[],
            summary: Summary::default(),
            checked: &[],
            workflows: &[],
            required: &[],
            artifact: None,
            since: None,
        }
    }
}

/// A report format.
pub trait Format {
    /// Write the whole report of `run` to `out`.
    fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> anyhow::Result<()>;
}

/// Where phasebook's documentation lives (SARIF `informationUri`, rule
/// help links). A placeholder until the project has a public home.
pub const PROJECT_URL: &str = "https://github.com/phasebook/phasebook";

/// The parsed note a diagnostic is about, if it is a note.
pub fn note_of<'v>(vault: &'v Vault, diag: &Diagnostic) -> Option<&'v Note> {
    vault.note_by_path(&diag.path).map(|id| &vault.notes[id])
}

/// The notes diagnostics are on, each with its text and line index, read
/// and made once for a run of diagnostics on one note: they come sorted by
/// path, and a check leaves texts in their files ([`Note::source`]). The
/// line index goes with the text when the next note's comes: kept on each
/// note, those of every reported note stayed to the end of the run.
pub struct NoteTexts<'v> {
    vault: &'v Vault,
    last: Option<(&'v Note, std::borrow::Cow<'v, str>, OnceCell<LineIndex>)>,
}

/// A note a diagnostic is on, with its text ([`NoteTexts::of`]).
pub struct NoteText<'a> {
    pub note: &'a Note,
    pub text: &'a str,
    made: &'a OnceCell<LineIndex>,
}

impl NoteText<'_> {
    /// Where the text's lines start: the note's own index if it keeps one,
    /// else one made for it on first use.
    pub fn lines(&self) -> &LineIndex {
        self.note.lines_made_in(self.text, self.made)
    }
}

impl<'v> NoteTexts<'v> {
    pub fn new(vault: &'v Vault) -> NoteTexts<'v> {
        NoteTexts { vault, last: None }
    }

    /// The note `diag` is on and its text, if it is on a note.
    pub fn of(&mut self, diag: &Diagnostic) -> Option<NoteText<'_>> {
        let note = note_of(self.vault, diag)?;
        if !self
            .last
            .as_ref()
            .is_some_and(|(last, _, _)| std::ptr::eq(*last, note))
        {
            self.last = Some((note, note.source(), OnceCell::new()));
        }
        self.last
            .as_ref()
            .map(|(note, text, made)| NoteText { note, text, made })
    }
}

/// An edit's start and end as 1-based line/column (columns count
/// characters) in the note it is on.
pub fn edit_positions(on: &NoteText<'_>, edit: &Edit) -> (Position, Position) {
    (
        on.lines().position(on.text, edit.range.start),
        on.lines().position(on.text, edit.range.end),
    )
}

/// The message, and the help line under it when there is one.
pub fn message_and_help(diag: &Diagnostic) -> String {
    match &diag.help {
        Some(help) => format!("{}\nhelp: {help}", diag.message),
        None => diag.message.clone(),
    }
}

/// A finding on one line, as compilers print one in brief:
/// `path:line:col: severity[rule]: message` (JUnit's failure text, the
/// findings `serve` adds and resolves).
pub fn one_line(d: &Diagnostic, paths: &PathStyle) -> String {
    format!(
        "{}:{}:{}: {}[{}]: {}",
        paths.show(&d.path),
        d.start.line,
        d.start.column,
        d.severity.as_str(),
        d.rule,
        d.message
    )
}

/// `1 note`, `2 notes`: a count and its word, for every report's lines.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Counts for the summary line and the JSON summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Notes in the vault: all are read to resolve links (`summary.notes`
    /// of the JSON document, whatever FILES says).
    pub notes: usize,
    /// Notes reported on: all of them, or those FILES names (the human
    /// summary's count: `check a.md` checked one note). Not in the JSON
    /// document, whose `summary` is versioned.
    #[serde(skip)]
    pub checked: usize,
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub fixable: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic], notes: usize) -> Summary {
        let mut files: Vec<&str> = diagnostics.iter().map(|d| d.path.as_str()).collect();
        files.dedup();
        Summary {
            notes,
            checked: notes,
            files_with_findings: files.len(),
            errors: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            warnings: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            fixable: diagnostics.iter().filter(|d| d.fix.is_some()).count(),
        }
    }
}
