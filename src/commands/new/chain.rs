//! `--after PHASE`: the new note as the phase after PHASE in its chain.
//!
//! The new note takes PHASE's number plus one (written as wide as PHASE's,
//! `06` → `07`), `previous_phase: "[[PHASE]]"` and PHASE's `next_phase` as
//! written; PHASE's `next_phase` and the old next phase's `previous_phase`
//! then name the new note. Nothing is renumbered: a number already taken in
//! the workflow is refused, so a phase goes at the end of a chain (where
//! `next_phase` wraps to the first) or into a gap in its numbers.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::edit::{scalar_span, set_values};
use crate::config::{Config, WorkflowGrouping};
use crate::phases::{LinkTarget, Phases};
use crate::vault::{NoteId, Vault};

/// What the insertion changes.
pub(crate) struct Insertion {
    /// The new note's frontmatter values, as YAML scalars.
    pub(crate) values: Vec<(String, String)>,
    /// The neighbours' new contents.
    pub(crate) rewrites: Vec<Rewrite>,
    /// What was left as it was, and why.
    pub(crate) warnings: Vec<String>,
    /// PHASE, as messages name it.
    pub(crate) after: String,
}

/// A neighbour's file and its new bytes.
pub(crate) struct Rewrite {
    pub(crate) abs: PathBuf,
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

/// Plans inserting the note at vault path `new_path` after `after`.
pub(crate) fn plan(
    vault: &Vault,
    config: &Config,
    after: &str,
    new_path: &str,
) -> Result<Insertion> {
    let phases = Phases::build(vault, config);
    let at = find_phase(vault, &phases, after)?;
    let phase = &phases.phases[at];
    let note = &vault.notes[phase.note];
    let label = note.stem().to_string();
    let fm = note
        .frontmatter
        .as_ref()
        .context("a phase has frontmatter")?;
    let Some(number) = phase.number else {
        bail!("{label}'s `phase` is not a number, so the next one cannot be counted from it");
    };
    let new_number = number + 1;
    let workflow = &phases.workflows[phase.workflow];
    if let Some(&(_, taken)) = phases
        .numbered(phase.workflow)
        .iter()
        .find(|(n, _)| *n == new_number)
    {
        bail!(
            "phase {new_number} is taken in the {} workflow (by {}): --after adds a phase at \
             the end of a chain or in a gap of its numbers; inserting in the middle would \
             renumber the phases after it, which phasebook does not do (renumber them first, \
             then run new again)",
            workflow.name,
            phases.label(vault, taken)
        );
    }
    let text = note.source();
    let raw = |key: &str| {
        fm.get(key)
            .and_then(|node| scalar_span(&text, node.offset))
            .map(|span| text[span].to_string())
    };
    let width = raw("phase")
        .filter(|r| r.bytes().all(|b| b.is_ascii_digit()))
        .map_or(1, |r| r.len());
    let Some(next_raw) = raw("next_phase") else {
        bail!("{label} has no `next_phase` for the new phase to take over");
    };
    let mut values = vec![
        ("phase".to_string(), format!("{new_number:0width$}")),
        (
            "previous_phase".to_string(),
            format!("\"[[{}]]\"", link_name(vault, &note.path)),
        ),
        ("next_phase".to_string(), next_raw),
    ];
    match &config.workflow {
        WorkflowGrouping::Folder => {
            let folder = new_path.rsplit_once('/').map_or("", |(dir, _)| dir);
            if folder != note.folder() {
                bail!(
                    "{new_path} is not in {label}'s folder ({}/): phases are grouped into \
                     workflows by folder, so it would start a workflow of its own",
                    note.folder()
                );
            }
        }
        WorkflowGrouping::Key(key) => match raw(key) {
            Some(value) => values.push((key.clone(), value)),
            None => bail!("{label} has no `{key}`, the key that groups phases into workflows"),
        },
    }
    let new_link = format!("\"[[{}]]\"", link_name(vault, new_path));
    let mut edits: Vec<(NoteId, &str)> = vec![(phase.note, "next_phase")];
    let mut warnings = Vec::new();
    if let Some(link) = phase.next {
        match phases.link_target(vault, phase, link) {
            LinkTarget::Phase(next) => {
                let next_phase = &phases.phases[next];
                let points_back = next_phase.previous.is_some_and(|l| {
                    phases.link_target(vault, next_phase, l) == LinkTarget::Phase(at)
                });
                if points_back {
                    edits.push((next_phase.note, "previous_phase"));
                } else {
                    warnings.push(format!(
                        "{}'s previous_phase does not name {label}, so it was left as it was",
                        phases.label(vault, next)
                    ));
                }
            }
            LinkTarget::NotAPhase | LinkTarget::Unresolved => warnings.push(format!(
                "{label}'s next_phase leads to no phase document; the new note keeps it"
            )),
        }
    }
    let rewrites = rewrites(vault, &edits, &new_link)?;
    Ok(Insertion {
        values,
        rewrites,
        warnings,
        after: label,
    })
}

/// The phase `--after` names: a note's stem, its path (with or without
/// `.md`), or a link written `[[…]]`, `[[target|alias]]` or `[[target#h]]`.
fn find_phase(vault: &Vault, phases: &Phases, after: &str) -> Result<usize> {
    let target = after.trim();
    let target = target.strip_prefix("[[").unwrap_or(target);
    let target = target.strip_suffix("]]").unwrap_or(target);
    let target = target.split(['|', '#']).next().unwrap_or(target).trim();
    let target = target.strip_suffix(".md").unwrap_or(target).to_lowercase();
    let matches_note = |id: NoteId| {
        let note = &vault.notes[id];
        let path = note.path.to_lowercase();
        let path = path.strip_suffix(".md").unwrap_or(&path);
        note.stem().to_lowercase() == target
            || path == target
            || path.ends_with(&format!("/{target}"))
    };
    let found: Vec<usize> = (0..phases.phases.len())
        .filter(|&p| matches_note(phases.phases[p].note))
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => {
            if (0..vault.notes.len()).any(matches_note) {
                bail!("`{after}` is not a phase document (its frontmatter has no `phase`)");
            }
            let all: Vec<String> = (0..phases.phases.len())
                .map(|p| phases.label(vault, p))
                .collect();
            bail!(
                "no phase `{after}` in the vault; its phases: {}",
                all.join(", ")
            )
        }
        many => bail!(
            "`{after}` names {} phases: {}; give its path",
            many.len(),
            many.iter()
                .map(|&p| vault.notes[phases.phases[p].note].path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// How a link names the note at `path`: its stem, or its path without
/// `.md` when another note has the same stem (Obsidian's "shortest path
/// when possible").
fn link_name(vault: &Vault, path: &str) -> String {
    let without_md = path.strip_suffix(".md").unwrap_or(path);
    let stem = without_md.rsplit('/').next().unwrap_or(without_md);
    let shared = vault
        .notes
        .iter()
        .any(|n| n.path != path && n.stem().eq_ignore_ascii_case(stem));
    if shared { without_md } else { stem }.to_string()
}

/// Each edited note's file read again from disk, with its values set (a
/// note may be both PHASE and its old next, in a chain of one).
fn rewrites(vault: &Vault, edits: &[(NoteId, &str)], new_link: &str) -> Result<Vec<Rewrite>> {
    let mut notes: Vec<NoteId> = edits.iter().map(|(id, _)| *id).collect();
    notes.dedup();
    notes.sort_unstable();
    notes.dedup();
    let mut out = Vec::new();
    for id in notes {
        let note = &vault.notes[id];
        let abs = vault.files[vault.note_files[id]].abs.to_path_buf();
        let bytes = std::fs::read(&abs).with_context(|| format!("cannot read {}", note.path))?;
        let (bom, text) = match bytes.strip_prefix("\u{feff}".as_bytes()) {
            Some(rest) => ("\u{feff}", rest),
            None => ("", bytes.as_slice()),
        };
        let text = std::str::from_utf8(text)
            .with_context(|| format!("{} is not UTF-8, so it was not rewritten", note.path))?;
        let values: Vec<(String, String)> = edits
            .iter()
            .filter(|(e, _)| *e == id)
            .map(|(_, key)| (key.to_string(), new_link.to_string()))
            .collect();
        let text = set_values(text, &values)
            .with_context(|| format!("cannot link {} to the new note", note.path))?;
        out.push(Rewrite {
            abs,
            path: note.path.clone(),
            bytes: [bom.as_bytes(), text.as_bytes()].concat(),
        });
    }
    Ok(out)
}
