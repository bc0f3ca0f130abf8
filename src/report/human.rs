//! rustc-style output: the source line, a caret under the span, the help
//! line; colour only when asked for (a terminal without `NO_COLOR`).

use std::io::Write;

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::format::{Format, NoteText, NoteTexts, Run, Summary, plural};
use super::paths::PathStyle;
use crate::lint::{Diagnostic, Severity};
use crate::span::{ceil_char_boundary, floor_char_boundary};
use crate::vault::Vault;

/// Render `diagnostics` and the summary line.
pub fn render(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    vault: &Vault,
    paths: &PathStyle,
    color: bool,
) -> std::io::Result<()> {
    render_diagnostics(out, diagnostics, vault, paths, color)?;
    let summary = Summary::of(diagnostics, vault.notes.len());
    writeln!(out, "{}", summary_line(&summary, color))
}

/// Each diagnostic as rustc shows one, without the summary line.
fn render_diagnostics(
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
    let mut texts = NoteTexts::new(vault);
    for diag in diagnostics {
        let text = render_one(diag, texts.of(diag), paths, &renderer);
        writeln!(out, "{text}\n")?;
    }
    Ok(())
}

/// `diag`, on `note` (with its text) when it is on one.
fn render_one(
    diag: &Diagnostic,
    note: Option<NoteText<'_>>,
    paths: &PathStyle,
    renderer: &Renderer,
) -> String {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let shown = paths.show(&diag.path);
    let title = level.primary_title(diag.message.as_str()).id(diag.rule);
    // For a cut line: the header as rendered, and as it must read.
    let mut header_fix: Option<(String, String)> = None;
    let mut group: Group<'_> = match note {
        Some(on) if !(diag.span.is_empty() && diag.span.start == 0) => {
            let text = on.text;
            let first = diag.start.line - 1;
            let last = diag.end.line.max(diag.start.line) - 1;
            let start = on.lines().line_range(text, first).start;
            let end = on.lines().line_range(text, last).end;
            let source = &text[start..end];
            let span_start = diag.span.start.clamp(start, end) - start;
            let span_end = diag.span.end.clamp(start, end) - start;
            let cut = (first == last)
                .then(|| cut_long_line(source, span_start..span_end))
                .flatten();
            let (source, span) = match cut {
                Some((cut, span)) => {
                    // The header's column is counted in the cut line:
                    // it is put right after rendering.
                    let cut_column = cut[..span.start].chars().count() + 1;
                    let line = diag.start.line;
                    header_fix = Some((
                        format!("{shown}:{line}:{cut_column}"),
                        format!("{shown}:{line}:{}", diag.start.column),
                    ));
                    (cut, span)
                }
                _ => (source, span_start..span_end),
            };
            title.element(
                Snippet::source(source)
                    .line_start(diag.start.line)
                    .path(shown.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        _ => title.element(Origin::path(shown.as_str())),
    };
    if let Some(help) = &diag.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let rendered = renderer.render(&[group]);
    // The header is the line after the title, whose message could hold the
    // same `path:line:column` text.
    match (header_fix, rendered.split_once('\n')) {
        (Some((rendered_header, header)), Some((title_line, rest))) => {
            format!(
                "{title_line}\n{}",
                rest.replacen(&rendered_header, &header, 1)
            )
        }
        _ => rendered,
    }
}

/// A line longer than this many bytes is handed to the renderer cut to
/// the part around the finding.
const LONG_LINE: usize = 4096;
/// Bytes kept on each side of the finding (and the most of a long finding
/// kept): far more than the renderer shows of a line, which it trims to the
/// terminal's width around the caret itself, so the output is the same.
const CONTEXT: usize = 1024;

/// For a very long `line`, the part around `span` and the span within it;
/// `None` for a line short enough to render whole. Why: a minified table or
/// generated text can hold thousands of findings on one line of hundreds of
/// kilobytes, and the renderer went through the whole line for each of
/// them (40,000 findings on a 560 KB line took over 100 s).
fn cut_long_line(line: &str, span: Range<usize>) -> Option<(&str, Range<usize>)> {
    if line.len() <= LONG_LINE {
        return None;
    }
    let from = floor_char_boundary(line, span.start.saturating_sub(CONTEXT));
    // A long finding is cut too, on a character boundary: the renderer
    // slices the line at the span's end.
    let span_end = floor_char_boundary(line, span.end.min(span.start + CONTEXT));
    let to = ceil_char_boundary(line, span_end + CONTEXT);
    let span = span.start - from..span_end.max(span.start) - from;
    Some((&line[from..to], span))
}

/// The closing line every run prints.
pub(crate) fn summary_line(summary: &Summary, color: bool) -> String {
    if summary.errors == 0 && summary.warnings == 0 {
        return format!(
            "phasebook: no problems in {}",
            plural(summary.checked, "note")
        );
    }
    let mut line = format!(
        "phasebook: {}, {} in {} ({} checked)",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.files_with_findings, "file"),
        plural(summary.checked, "note"),
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

/// `check --format human`: each diagnostic as rustc shows one, then the
/// summary line; with `--quiet`, the diagnostics and nothing else (ruff's
/// `--quiet`: a clean run prints nothing).
pub struct Human {
    pub quiet: bool,
}

impl Format for Human {
    fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> anyhow::Result<()> {
        render_diagnostics(out, run.diagnostics, run.vault, run.paths, run.color)?;
        if !self.quiet {
            // The run's summary: it counts the notes FILES names.
            writeln!(out, "{}", summary_line(&run.summary, run.color))?;
        }
        Ok(())
    }
}
