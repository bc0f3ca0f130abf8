//! The linter: a registry of rules, each in its own file under `rules/`,
//! run over every note in parallel and then over the vault as a whole.
//!
//! Rules never decide their own level: they report [`Finding`]s and the
//! runner applies the level from `book.toml` (or the rule's default), skips
//! notes matched by `[lint] ignore`, and computes positions. Output is sorted
//! by path, position and rule, so it is the same whatever the thread count.

pub mod diagnostic;
pub mod fix;
pub mod rules;
pub mod suppress;

use rayon::prelude::*;

pub use diagnostic::{Diagnostic, Edit, FileFinding, Finding, Fix, Severity};

use crate::config::{Config, RuleLevel};
use crate::phases::Phases;
use crate::span::Position;
use crate::vault::{Note, NoteId, Resolution, Vault};

/// Everything documented about a rule: what `phasebook rules` and
/// `phasebook explain` print, and the example the registry test runs.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case name.
    pub name: &'static str,
    pub default_level: RuleLevel,
    pub fixable: bool,
    /// One line: what it checks.
    pub summary: &'static str,
    /// Why it matters, and what exactly triggers it.
    pub explanation: &'static str,
    /// A small vault (path, text) on which the rule fires.
    pub example: &'static [(&'static str, &'static str)],
    /// The same vault fixed: the rule is silent.
    pub fixed: &'static [(&'static str, &'static str)],
}

/// What a per-note rule sees.
pub struct NoteContext<'a> {
    pub vault: &'a Vault,
    pub config: &'a Config,
    pub id: NoteId,
    pub note: &'a Note,
    /// Aligned with `note.links`.
    pub resolutions: &'a [Resolution],
}

/// What a vault-level rule sees.
pub struct VaultContext<'a> {
    pub vault: &'a Vault,
    pub config: &'a Config,
    pub phases: &'a Phases,
}

/// A lint rule.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    /// Findings within one note.
    fn check_note(&self, _ctx: &NoteContext<'_>, _out: &mut Vec<Finding>) {}

    /// Findings that need the whole vault, or concern files that are not
    /// notes.
    fn check_vault(&self, _ctx: &VaultContext<'_>, _out: &mut Vec<FileFinding>) {}
}

/// Every rule, in the order `phasebook rules` lists them.
pub fn registry() -> &'static [&'static dyn Rule] {
    rules::ALL
}

/// Names of every rule.
pub fn rule_names() -> Vec<&'static str> {
    registry().iter().map(|r| r.meta().name).collect()
}

/// A rule by name.
pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().name == name)
}

/// The level a rule runs at under `config`.
pub fn level_of(meta: &RuleMeta, config: &Config) -> RuleLevel {
    config
        .lint
        .rules
        .get(meta.name)
        .copied()
        .unwrap_or(meta.default_level)
}

fn diagnostic(
    meta: &'static RuleMeta,
    severity: Severity,
    path: &str,
    note: Option<&Note>,
    finding: Finding,
) -> Diagnostic {
    let (start, end) = match note {
        Some(note) => (
            note.lines.position(&note.source, finding.span.start),
            note.lines.position(&note.source, finding.span.end),
        ),
        None => {
            let origin = Position { line: 1, column: 1 };
            (origin, origin)
        }
    };
    Diagnostic {
        rule: meta.name,
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
            .filter(|_| note.is_none_or(|n| n.problem.is_none())),
    }
}

fn severity(level: RuleLevel) -> Option<Severity> {
    match level {
        RuleLevel::Off => None,
        RuleLevel::Warn => Some(Severity::Warning),
        RuleLevel::Error => Some(Severity::Error),
    }
}

/// Run every enabled rule over the vault; diagnostics come back sorted.
/// `phases` are the vault's (`Phases::build`), which the caller has built
/// anyway for readiness or the site.
pub fn run(vault: &Vault, config: &Config, phases: &Phases) -> Vec<Diagnostic> {
    let active: Vec<(&'static dyn Rule, Severity)> = registry()
        .iter()
        .filter_map(|&rule| severity(level_of(rule.meta(), config)).map(|s| (rule, s)))
        .collect();

    let mut diagnostics: Vec<Diagnostic> = vault
        .notes
        .par_iter()
        .enumerate()
        .filter(|(id, _)| vault.is_linted(*id))
        .flat_map_iter(|(id, note)| {
            let ctx = NoteContext {
                vault,
                config,
                id,
                note,
                resolutions: &vault.resolutions[id],
            };
            let mut out = Vec::new();
            for &(rule, severity) in &active {
                let mut findings = Vec::new();
                rule.check_note(&ctx, &mut findings);
                out.extend(
                    findings
                        .into_iter()
                        .map(|f| diagnostic(rule.meta(), severity, &note.path, Some(note), f)),
                );
            }
            out
        })
        .collect();

    let ctx = VaultContext {
        vault,
        config,
        phases,
    };
    for &(rule, severity) in &active {
        let mut findings = Vec::new();
        rule.check_vault(&ctx, &mut findings);
        for FileFinding { path, finding } in findings {
            if !vault.is_linted_path(&path) {
                continue;
            }
            let note = vault.note_by_path(&path).map(|id| &vault.notes[id]);
            diagnostics.push(diagnostic(rule.meta(), severity, &path, note, finding));
        }
    }
    suppress::apply(vault, config, &mut diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}
