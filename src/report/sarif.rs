//! SARIF 2.1.0: one run, every rule described from its `RuleMeta`, one
//! result per diagnostic, fixes as artifact changes. Locations are relative
//! to `%SRCROOT%` (the repository root, or the working folder outside a
//! repository), as every other format shows paths; columns count Unicode
//! code points (`columnKind`), as phasebook's columns do.

use serde_json::{Value, json};

use super::format::{Format, NoteTexts, PROJECT_URL, Run, edit_positions, message_and_help};
use super::paths::PathStyle;
use crate::config::{Config, RuleLevel};
use crate::lint::docs::explain;
use crate::lint::{self, Diagnostic, Severity};
use crate::span::Position;
use crate::vault::Vault;

pub(crate) const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

fn level(level: RuleLevel) -> &'static str {
    match level {
        RuleLevel::Off => "none",
        RuleLevel::Warn => "warning",
        RuleLevel::Error => "error",
    }
}

fn region(start: Position, end: Position) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// A SARIF `uri`: the displayed path with everything but unreserved
/// characters and `/` percent-encoded.
fn uri(shown: &str) -> String {
    crate::encode::encode_path(shown)
}

fn artifact_location(paths: &PathStyle, vault_path: &str) -> Value {
    json!({ "uri": uri(&paths.show(vault_path)), "uriBaseId": SRCROOT })
}

fn rules(config: &Config) -> Vec<Value> {
    lint::registry()
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            json!({
                "id": meta.name,
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": meta.explanation },
                "help": {
                    "text": format!("{}\n\n{}", meta.summary, meta.explanation),
                    "markdown": explain(meta),
                },
                "defaultConfiguration": { "level": level(lint::level_of(meta, config)) },
                "properties": { "fixable": meta.fixable },
            })
        })
        .collect()
}

fn result(diag: &Diagnostic, texts: &mut NoteTexts<'_>, paths: &PathStyle) -> Value {
    let rule_index = lint::registry()
        .iter()
        .position(|r| r.meta().name == diag.rule);
    let mut result = json!({
        "ruleId": diag.rule,
        "level": match diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "message": { "text": message_and_help(diag) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(paths, &diag.path),
                "region": region(diag.start, diag.end),
            }
        }],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    let note = diag.fix.as_ref().and_then(|_| texts.of(diag));
    if let (Some(fix), Some(on)) = (&diag.fix, note) {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                let (start, end) = edit_positions(&on, edit);
                json!({
                    "deletedRegion": region(start, end),
                    "insertedContent": { "text": edit.replacement },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.description },
            "artifactChanges": [{
                "artifactLocation": artifact_location(paths, &diag.path),
                "replacements": replacements,
            }],
        }]);
    }
    result
}

/// The SARIF log for a check run.
pub fn render(
    diagnostics: &[Diagnostic],
    vault: &Vault,
    paths: &PathStyle,
    config: &Config,
) -> String {
    let mut texts = NoteTexts::new(vault);
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "phasebook",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": PROJECT_URL,
                    "rules": rules(config),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": diagnostics.iter().map(|d| result(d, &mut texts, paths)).collect::<Vec<_>>(),
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string())
}

/// `check --format sarif`.
pub struct Sarif;

impl Format for Sarif {
    fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> anyhow::Result<()> {
        out.extend_from_slice(render(run.diagnostics, run.vault, run.paths, run.config).as_bytes());
        out.push(b'\n');
        Ok(())
    }
}
