//! `readiness --artifact NAME`: one artifact, where it is declared, its
//! note and that note's own checklists.

use super::{Count, GroupKind, OpenItem, groups, open_items};
use crate::config::Config;
use crate::phases::Phases;
use crate::vault::{NoteId, Resolution, Vault};

/// `readiness --artifact NAME`: one artifact as the seeds' `ddx diagnose
/// --artifact` asks about it — which phases declare it, whether its note
/// exists, and how complete that note's own checklists are.
#[derive(Debug, Clone)]
pub struct ArtifactReport {
    /// The name asked for.
    pub name: String,
    /// The phases whose `artifacts` list it: (workflow, phase stem).
    pub declared_by: Vec<(String, String)>,
    /// The artifact's note, if it exists.
    pub note: Option<NoteId>,
    /// Its checklist items, counted as a phase's are.
    pub items: Count,
    /// Its open items (not done, not cancelled).
    pub open_items: Vec<OpenItem>,
}

/// Where an artifact stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactStatus {
    /// No note of that name.
    Missing,
    /// Its note has open checklist items.
    Open,
    /// Its note exists and every item that counts is done (or it has none).
    Complete,
}

impl ArtifactStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ArtifactStatus::Missing => "missing",
            ArtifactStatus::Open => "open",
            ArtifactStatus::Complete => "complete",
        }
    }
}

impl ArtifactReport {
    pub fn status(&self) -> ArtifactStatus {
        match self.note {
            None => ArtifactStatus::Missing,
            Some(_) if self.items.is_complete() => ArtifactStatus::Complete,
            Some(_) => ArtifactStatus::Open,
        }
    }
}

/// The report on the artifact `name`: named as a phase's `artifacts` entry
/// names it (`production-readiness`, or a path), compared without case.
/// Its note is the one the phases' links resolve to, or else the note whose
/// file name is `name`.
pub fn artifact(vault: &Vault, config: &Config, phases: &Phases, name: &str) -> ArtifactReport {
    let wanted = name.trim().trim_start_matches("[[").trim_end_matches("]]");
    let names = |path: &str| {
        let stem = path.rsplit('/').next().unwrap_or(path);
        let stem = stem.strip_suffix(".md").unwrap_or(stem);
        stem.eq_ignore_ascii_case(wanted)
            || path.eq_ignore_ascii_case(wanted)
            || path
                .strip_suffix(".md")
                .is_some_and(|p| p.eq_ignore_ascii_case(wanted))
    };
    let mut declared_by = Vec::new();
    let mut note = None;
    for workflow in &phases.workflows {
        for &idx in &workflow.chain {
            let phase = &phases.phases[idx];
            for &link in &phase.artifacts {
                let written = vault.notes[phase.note].links[link].target();
                let found = match vault.resolutions(phase.note).get(link) {
                    Some(Resolution::Found(found)) => vault.files[found.file].note,
                    _ => None,
                };
                let resolved = found.is_some_and(|id| names(&vault.notes[id].path));
                if names(written) || resolved {
                    declared_by.push((
                        workflow.name.clone(),
                        vault.notes[phase.note].stem().to_string(),
                    ));
                    note = note.or(found);
                }
            }
        }
    }
    let note = note.or_else(|| (0..vault.notes.len()).find(|&id| names(&vault.notes[id].path)));
    let (items, open_items) = match note {
        Some(id) => {
            let groups = groups(&vault.notes[id], &config.readiness);
            let mut count = Count::default();
            for group in &groups {
                count.add(group);
            }
            let all = [
                GroupKind::Entry,
                GroupKind::Exit,
                GroupKind::Gate,
                GroupKind::Other,
            ];
            (count, open_items(id, &groups, &all))
        }
        None => (Count::default(), Vec::new()),
    };
    ArtifactReport {
        name: wanted.to_string(),
        declared_by,
        note,
        items,
        open_items,
    }
}
