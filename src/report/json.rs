//! The stable machine format of `check` (schema documented in
//! `docs/json-output.md`). Bump [`SCHEMA_VERSION`] on any incompatible
//! change; adding fields is compatible.

use serde::Serialize;

use super::format::{Format, NoteTexts, Run, Summary, edit_positions};
use super::paths::PathStyle;
use crate::lint::Diagnostic;
use crate::vault::Vault;

pub(crate) const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    schema: &'static str,
    version: u32,
    tool: Tool,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'static str,
    severity: &'static str,
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

/// The JSON document for a check run.
pub fn render(diagnostics: &[Diagnostic], vault: &Vault, paths: &PathStyle) -> String {
    let mut out = Vec::new();
    render_into(diagnostics, vault, paths, &mut out);
    String::from_utf8(out).unwrap_or_else(|_| "{}".to_string())
}

/// [`render`], written into `out`: the report is the largest thing a run
/// over many findings makes at its end, and one copy of it is enough.
fn render_into(diagnostics: &[Diagnostic], vault: &Vault, paths: &PathStyle, out: &mut Vec<u8>) {
    let mut texts = NoteTexts::new(vault);
    let diagnostics_json = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            rule: d.rule,
            severity: d.severity.as_str(),
            path: paths.show(&d.path),
            line: d.start.line,
            column: d.start.column,
            end_line: d.end.line,
            end_column: d.end.column,
            message: &d.message,
            help: d.help.as_deref(),
            fix: d.fix.as_ref().and_then(|fix| {
                let on = texts.of(d)?;
                Some(JsonFix {
                    description: &fix.description,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| {
                            let (s, t) = edit_positions(&on, e);
                            JsonEdit {
                                line: s.line,
                                column: s.column,
                                end_line: t.line,
                                end_column: t.column,
                                replacement: &e.replacement,
                            }
                        })
                        .collect(),
                })
            }),
        })
        .collect();
    let output = Output {
        schema: "phasebook-check",
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "phasebook",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary::of(diagnostics, vault.notes.len()),
        diagnostics: diagnostics_json,
    };
    let start = out.len();
    if serde_json::to_writer_pretty(&mut *out, &output).is_err() {
        out.truncate(start);
        out.extend_from_slice(b"{}");
    }
}

/// `check --format json`.
pub struct Json;

impl Format for Json {
    fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> anyhow::Result<()> {
        render_into(run.diagnostics, run.vault, run.paths, out);
        out.push(b'\n');
        Ok(())
    }
}
