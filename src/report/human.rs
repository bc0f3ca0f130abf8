//! rustc-style output: the source line, a caret under the span, the help
//! line; colour only when asked for (a terminal without `NO_COLOR`).

use std::io::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{PathStyle, Summary};
use crate::lint::{Diagnostic, Severity};
use crate::vault::Vault;

/// Render `diagnostics` and the summary line.
pub fn render(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    vault: &Vault,
    paths: &PathStyle,
    color: bool,
) -> std::io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for diag in diagnostics {
        let text = render_one(diag, vault, paths, &renderer);
        writeln!(out, "{text}\n")?;
    }
    let summary = Summary::of(diagnostics, vault.notes.len());
    writeln!(out, "{}", summary_line(&summary, color))
}

fn render_one(diag: &Diagnostic, vault: &Vault, paths: &PathStyle, renderer: &Renderer) -> String {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let shown = paths.show(&diag.path);
    let note = vault.note_by_path(&diag.path).map(|id| &vault.notes[id]);
    let title = level.primary_title(diag.message.as_str()).id(diag.rule);
    let mut group: Group<'_> = match note {
        Some(note) if !(diag.span.is_empty() && diag.span.start == 0) => {
            let first = diag.start.line - 1;
            let last = diag.end.line.max(diag.start.line) - 1;
            let start = note.lines.line_range(&note.source, first).start;
            let end = note.lines.line_range(&note.source, last).end;
            let source = &note.source[start..end];
            let span_start = diag.span.start.clamp(start, end) - start;
            let span_end = diag.span.end.clamp(start, end) - start;
            title.element(
                Snippet::source(source)
                    .line_start(diag.start.line)
                    .path(shown)
                    .annotation(AnnotationKind::Primary.span(span_start..span_end)),
            )
        }
        _ => title.element(Origin::path(shown)),
    };
    if let Some(help) = &diag.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

/// The closing line every run prints.
pub fn summary_line(summary: &Summary, color: bool) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if summary.errors == 0 && summary.warnings == 0 {
        return format!(
            "phasebook: no problems in {}",
            plural(summary.notes, "note")
        );
    }
    let mut line = format!(
        "phasebook: {}, {} in {} ({} checked)",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.files_with_findings, "file"),
        plural(summary.notes, "note"),
    );
    if summary.fixable > 0 {
        line.push_str(&format!("; {} fixable with `--fix`", summary.fixable));
    }
    if color {
        let style = if summary.errors > 0 {
            "\x1b[1;31m"
        } else {
            "\x1b[1;33m"
        };
        line = format!("{style}{line}\x1b[0m");
    }
    line
}
