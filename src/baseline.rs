//! Baselines: `check --write-baseline FILE` records today's findings,
//! `check --baseline FILE` leaves them out, so CI fails only on new ones.
//!
//! A finding is recognised by a fingerprint that does not depend on line
//! numbers: its rule, its file (vault path), the flagged text (whitespace
//! collapsed), the trimmed content of the line it starts on, and which
//! occurrence it is among findings with those same four in the file. Lines
//! inserted above a finding do not make it new; a second identical broken
//! link on an identical line does.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::lint::Diagnostic;
use crate::report::PathStyle;
use crate::vault::Vault;

pub(crate) const SCHEMA: &str = "phasebook-baseline";
pub(crate) const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub schema: String,
    pub version: u32,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    /// As every output shows paths: relative to the repository root.
    pub path: String,
    pub fingerprint: String,
    /// For readers of the file; not used for matching.
    pub message: String,
}

/// FNV-1a, 64 bits: stable across versions and platforms, unlike std's
/// hasher. Collisions only matter within one file and rule.
fn fnv1a(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of each diagnostic (same order). `diagnostics` must be
/// sorted, as the linter returns them, so occurrence indexes follow the
/// file order.
pub(crate) fn fingerprints(diagnostics: &[Diagnostic], vault: &Vault) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut texts = crate::report::format::NoteTexts::new(vault);
    diagnostics
        .iter()
        .map(|d| {
            let (flagged, line) = match texts.of(d) {
                Some(on) => {
                    let text = on.text;
                    let flagged = text.get(d.span.clone()).unwrap_or("");
                    let lines = on.lines();
                    let range = lines.line_range(text, lines.line_of(d.span.start.min(text.len())));
                    let line = text.get(range).unwrap_or("").trim();
                    (collapse(flagged), line.to_string())
                }
                // Not a parsed note (an attachment's name, an unreadable
                // folder): the message is all there is.
                None => (collapse(&d.message), String::new()),
            };
            let base = fnv1a(&[d.rule, &d.path, &flagged, &line]);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            fnv1a(&[&base, &n.to_string()])
        })
        .collect()
}

/// The baseline of `diagnostics`.
pub fn of(diagnostics: &[Diagnostic], vault: &Vault, paths: &PathStyle) -> Baseline {
    let entries = diagnostics
        .iter()
        .zip(fingerprints(diagnostics, vault))
        .map(|(d, fingerprint)| Entry {
            rule: d.rule.to_string(),
            path: paths.show(&d.path),
            fingerprint,
            message: d.message.clone(),
        })
        .collect();
    Baseline {
        schema: SCHEMA.to_string(),
        version: VERSION,
        entries,
    }
}

/// Write `baseline` to `path` atomically.
pub fn write(baseline: &Baseline, path: &Path) -> Result<()> {
    let mut text = serde_json::to_string_pretty(baseline)?;
    text.push('\n');
    crate::fsio::write_atomic(path, text.as_bytes())
}

/// Read a baseline file.
pub fn read(path: &Path) -> Result<Baseline> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read baseline {}", path.display()))?;
    let baseline: Baseline = serde_json::from_str(&text)
        .map_err(|err| anyhow::anyhow!("{}: not a phasebook baseline: {err}", path.display()))?;
    if baseline.schema != SCHEMA || baseline.version != VERSION {
        bail!(
            "{}: baseline {} version {} is not {SCHEMA} version {VERSION}",
            path.display(),
            baseline.schema,
            baseline.version
        );
    }
    Ok(baseline)
}

/// Drop the diagnostics `baseline` holds; returns how many were dropped.
pub fn filter(diagnostics: &mut Vec<Diagnostic>, vault: &Vault, baseline: &Baseline) -> usize {
    let known: HashSet<(&str, &str)> = baseline
        .entries
        .iter()
        .map(|e| (e.rule.as_str(), e.fingerprint.as_str()))
        .collect();
    let mut prints = fingerprints(diagnostics, vault).into_iter();
    let before = diagnostics.len();
    diagnostics.retain(|d| {
        let print = prints.next().unwrap_or_default();
        !known.contains(&(d.rule, print.as_str()))
    });
    before - diagnostics.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable_and_separates_parts() {
        assert_eq!(fnv1a(&[]), "cbf29ce484222325");
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }
}
