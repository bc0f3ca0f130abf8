//! The linter: a registry of rules, each in its own file under `rules/`,
//! run over every note in parallel and then over the vault as a whole.
//!
//! Rules never decide their own level: they report [`Finding`]s and the
//! runner applies the level from `book.toml` (or the rule's default), skips
//! notes matched by `[lint] ignore`, and computes positions. Output is sorted
//! by path, position and rule, so it is the same whatever the thread count.

pub mod diagnostic;
pub mod docs;
pub mod fix;
pub mod registry;
pub mod renames;
pub mod rule;
pub mod rules;
pub mod suppress;

use rayon::prelude::*;

pub use diagnostic::{Diagnostic, Edit, FileFinding, Finding, Fix, Severity};
pub use registry::{check_rule_names, find_rule, level_of, registry, rule_names};
pub use renames::Renames;
pub use rule::{NoteContext, Rule, RuleMeta, VaultContext};

use crate::config::Config;
use crate::phases::Phases;
use crate::vault::{Note, Vault};
use diagnostic::OnNote;

/// Run every enabled rule over the vault; diagnostics come back sorted.
/// `phases` are the vault's (`Phases::build`), which the caller has built
/// anyway for readiness or the site.
pub fn run(vault: &Vault, config: &Config, phases: &Phases) -> Vec<Diagnostic> {
    run_with(vault, config, phases, &Renames::default(), &|_| true)
}

/// [`run`], told which files git saw renamed (`check` reads them where a
/// link is broken), so `broken-link` can name a missing target's new path
/// and fix the link; and with the rules that look at one note at a time
/// run only on the notes `wanted` picks: `check FILES` and `check
/// --staged` report on a few notes of a large vault, and skip the other
/// notes' rules rather than compute and then drop their findings. The
/// rules over the whole vault (phase chains, file names) still run whole:
/// their findings on a note may come from another. A picked note's
/// diagnostics are the same as in a full run.
pub fn run_with(
    vault: &Vault,
    config: &Config,
    phases: &Phases,
    renames: &Renames,
    wanted: &(dyn Fn(usize) -> bool + Sync),
) -> Vec<Diagnostic> {
    let active: Vec<(&'static dyn Rule, Severity)> = registry()
        .iter()
        .filter_map(|&rule| registry::severity(level_of(rule.meta(), config)).map(|s| (rule, s)))
        .collect();

    let mut diagnostics: Vec<Diagnostic> = vault
        .notes
        .par_iter()
        .enumerate()
        .filter(|(id, _)| vault.is_linted(*id) && wanted(*id))
        .flat_map_iter(|(id, note)| {
            // Read once for every rule: a check leaves the text in the file.
            let text = note.source();
            let ctx = NoteContext {
                vault,
                config,
                id,
                note,
                text: &text,
                resolutions: vault.resolutions(id),
                renames,
            };
            let mut out = Vec::new();
            // Made for this note's findings and dropped with them (see
            // `OnNote::lines`), unless the note keeps one already.
            let made = std::cell::OnceCell::new();
            for &(rule, severity) in &active {
                let mut findings = Vec::new();
                rule.check_note(&ctx, &mut findings);
                out.extend(findings.into_iter().map(|f| {
                    let lines = note.lines_made_in(&text, &made);
                    let at = Some(OnNote {
                        note,
                        text: &text,
                        lines,
                    });
                    diagnostic::from_finding(rule.meta().name, severity, &note.path, at, f)
                }));
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
            let text = note.map(Note::source);
            diagnostics.push(diagnostic::from_finding(
                rule.meta().name,
                severity,
                &path,
                note.zip(text.as_deref())
                    .map(|(note, text)| OnNote::kept(note, text)),
                finding,
            ));
        }
    }
    suppress::apply(vault, config, &mut diagnostics);
    one_finding_per_artifact_link(&mut diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}

/// A phase's `artifacts` entry with no note is one unresolved link, and
/// gets one finding: `broken-link`'s where that rule reports it (an error
/// by default, like every link to nothing, and what the site and `build`
/// count as broken). `missing-artifact` speaks for the entries
/// `broken-link` leaves to it: with `[phases] planned-artifacts = true`,
/// with `broken-link` off, or where a suppression comment drops it. Both
/// at once reported every missing artifact twice, at one position.
/// Decided after suppressions and levels, which are the runner's: a rule
/// cannot see them.
fn one_finding_per_artifact_link(diagnostics: &mut Vec<Diagnostic>) {
    let broken: std::collections::HashSet<(String, std::ops::Range<usize>)> = diagnostics
        .iter()
        .filter(|d| d.rule == "broken-link")
        .map(|d| (d.path.clone(), d.span.clone()))
        .collect();
    if broken.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        d.rule != "missing-artifact" || !broken.contains(&(d.path.clone(), d.span.clone()))
    });
}
