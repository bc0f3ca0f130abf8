//! What a rule reports.

use std::ops::Range;

use crate::span::{LineIndex, Position};
use crate::vault::Note;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One text replacement in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A machine-applicable fix: edits that together resolve the finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

/// What a rule found, before the runner attaches rule, level and position.
#[derive(Debug, Clone)]
pub struct Finding {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            span,
            message: message.into(),
            help: None,
            fix: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// A finding about a file that may not be a parsed note (an attachment's
/// name, a folder the walk could not read).
#[derive(Debug, Clone)]
pub struct FileFinding {
    pub path: String,
    pub finding: Finding,
}

/// A reported diagnostic.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    /// Vault-relative path.
    pub path: String,
    pub span: Range<usize>,
    pub start: Position,
    pub end: Position,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// The order every output uses: path, line, column, rule, message.
    pub(crate) fn sort_key(&self) -> (&str, Position, &str, &str) {
        (&self.path, self.start, self.rule, &self.message)
    }
}

/// The note a finding is on: the note, its text, and where the text's
/// lines start.
#[derive(Clone, Copy)]
pub(crate) struct OnNote<'a> {
    pub note: &'a Note,
    pub text: &'a str,
    /// The note's own [`Note::lines`] or, while the rules run, one made for
    /// the note and dropped after it: kept on each note, the line index of
    /// every note with a finding stayed to the end of the run (1.5 MB of a
    /// 10,000-note check's peak heap of 47.6 MB). The report makes one
    /// again, a note at a time, for the notes it quotes or places a fix in
    /// (`report::format::NoteTexts`).
    pub lines: &'a LineIndex,
}

impl<'a> OnNote<'a> {
    /// `note` with `text`, its line index kept on the note.
    pub(crate) fn kept(note: &'a Note, text: &'a str) -> Self {
        OnNote {
            note,
            text,
            lines: note.lines_in(text),
        }
    }
}

/// A rule's finding as the runner reports it: at `severity`, with its
/// positions in the note it is on (a finding on a file that is not a note
/// is at 1:1).
pub(crate) fn from_finding(
    rule: &'static str,
    severity: Severity,
    path: &str,
    note: Option<OnNote<'_>>,
    finding: Finding,
) -> Diagnostic {
    let (start, end) = match note {
        Some(OnNote { text, lines, .. }) => (
            lines.position(text, finding.span.start),
            lines.position(text, finding.span.end),
        ),
        None => {
            let origin = Position { line: 1, column: 1 };
            (origin, origin)
        }
    };
    Diagnostic {
        rule,
        severity,
        path: path.to_string(),
        span: finding.span,
        start,
        end,
        message: finding.message,
        help: finding.help,
        // `--fix` never writes a note it could not read as UTF-8 (its text
        // is a lossy copy): such a finding is not offered as fixable, so
        // "N fixable" counts only what `--fix` will change.
        fix: finding
            .fix
            .filter(|_| note.is_none_or(|on| on.note.problem.is_none())),
    }
}
