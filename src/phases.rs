//! Workflows and phase chains, built from the index.
//!
//! A phase document is a note whose frontmatter has `phase`. Phase documents
//! group into workflows by folder (default) or by a frontmatter key, and a
//! workflow's chain is its phases in number order; `previous_phase` /
//! `next_phase` are checked against that chain by the phase rules. The links
//! are the ones the resolver already resolved, so a phase link and a body
//! link can never disagree about their target.

use std::collections::{BTreeMap, HashMap};

use crate::config::{Config, WorkflowGrouping};
use crate::vault::frontmatter::Value;
use crate::vault::{NoteId, Origin, Resolution, Vault};

/// One phase document.
#[derive(Debug, Clone)]
pub struct Phase {
    pub note: NoteId,
    /// `phase:` as a number (`05` is 5), if it is one.
    pub number: Option<i64>,
    /// `name:`, if a string.
    pub name: Option<String>,
    /// Index into the note's links of `previous_phase`, if it is a link.
    pub previous: Option<usize>,
    pub next: Option<usize>,
    /// Indices into the note's links of the `artifacts` entries.
    pub artifacts: Vec<usize>,
    pub workflow: usize,
}

/// Where a chain link leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTarget {
    /// A phase document (index into [`Phases::phases`]).
    Phase(usize),
    /// A note or file that is not a phase document.
    NotAPhase,
    /// Nowhere: `broken-link` reports it.
    Unresolved,
}

/// A set of phase documents that form one process.
#[derive(Debug, Clone)]
pub struct Workflow {
    /// What users call it: the folder, without a trailing `/phases`
    /// (`delivery`), or the grouping key's value.
    pub name: String,
    /// The folder (or key value) that defines it.
    pub key: String,
    /// Indices into [`Phases::phases`], in chain (number) order.
    pub chain: Vec<usize>,
}

/// Every workflow of a vault.
#[derive(Debug, Clone, Default)]
pub struct Phases {
    pub phases: Vec<Phase>,
    pub workflows: Vec<Workflow>,
    by_note: HashMap<NoteId, usize>,
}

fn workflow_name(folder: &str) -> String {
    let name = folder.strip_suffix("/phases").unwrap_or(folder);
    if name.is_empty() {
        "vault".to_string()
    } else {
        name.to_string()
    }
}

impl Phases {
    pub fn build(vault: &Vault, config: &Config) -> Phases {
        Phases::build_where(vault, config, |_| true)
    }

    /// The workflows of the notes the site publishes: its navigation and
    /// readiness page never show a phase document left out of the site.
    pub(crate) fn build_published(vault: &Vault, config: &Config) -> Phases {
        Phases::build_where(vault, config, |id| vault.is_published(id))
    }

    fn build_where(vault: &Vault, config: &Config, keep: impl Fn(NoteId) -> bool) -> Phases {
        let mut phases = Vec::new();
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (id, note) in vault.notes.iter().enumerate() {
            if !keep(id) {
                continue;
            }
            let Some(fm) = note.frontmatter.as_ref().filter(|fm| fm.value.is_some()) else {
                continue;
            };
            let Some(phase) = fm.get("phase") else {
                continue;
            };
            if !vault.is_linted(id) {
                continue;
            }
            let key = match &config.workflow {
                WorkflowGrouping::Folder => note.folder().to_string(),
                WorkflowGrouping::Key(key) => fm
                    .get(key)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string(),
            };
            let link_at = |name: &str| {
                note.links
                    .iter()
                    .position(|l| matches!(l.origin(), Origin::Frontmatter(key) if key == name))
            };
            let artifacts = note
                .links
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    matches!(l.origin(), Origin::Frontmatter(k) if k.strip_prefix("artifacts.").is_some_and(|i| !i.contains('.')))
                })
                .map(|(i, _)| i)
                .collect();
            groups.entry(key).or_default().push(phases.len());
            phases.push(Phase {
                note: id,
                number: match phase.value {
                    Value::Int(n) => Some(n),
                    _ => None,
                },
                name: fm.get("name").and_then(|v| v.as_str()).map(str::to_string),
                previous: link_at("previous_phase"),
                next: link_at("next_phase"),
                artifacts,
                workflow: 0,
            });
        }
        let mut workflows = Vec::new();
        for (key, mut members) in groups {
            members.sort_by(|&a, &b| {
                let (pa, pb) = (&phases[a], &phases[b]);
                (pa.number.unwrap_or(i64::MAX), &vault.notes[pa.note].path)
                    .cmp(&(pb.number.unwrap_or(i64::MAX), &vault.notes[pb.note].path))
            });
            for &m in &members {
                phases[m].workflow = workflows.len();
            }
            let name = match &config.workflow {
                WorkflowGrouping::Folder => workflow_name(&key),
                WorkflowGrouping::Key(_) if key.is_empty() => "(none)".to_string(),
                WorkflowGrouping::Key(_) => key.clone(),
            };
            workflows.push(Workflow {
                name,
                key,
                chain: members,
            });
        }
        let by_note = phases
            .iter()
            .enumerate()
            .map(|(i, p)| (p.note, i))
            .collect();
        Phases {
            phases,
            workflows,
            by_note,
        }
    }

    /// The phase a note is, if any.
    pub(crate) fn of_note(&self, note: NoteId) -> Option<usize> {
        self.by_note.get(&note).copied()
    }

    /// What a phase's `previous`/`next` link points to.
    pub(crate) fn link_target(&self, vault: &Vault, phase: &Phase, link: usize) -> LinkTarget {
        match &vault.resolutions(phase.note)[link] {
            Resolution::Found(found) => {
                match vault.files[found.file].note.and_then(|n| self.of_note(n)) {
                    Some(target) => LinkTarget::Phase(target),
                    None => LinkTarget::NotAPhase,
                }
            }
            Resolution::Unresolved(_) => LinkTarget::Unresolved,
        }
    }

    /// The phase before `phase` in its chain — not counting the wrap from
    /// the last phase to the first.
    pub(crate) fn chain_predecessor(&self, phase: usize) -> Option<usize> {
        let chain = &self.workflows[self.phases[phase].workflow].chain;
        let pos = chain.iter().position(|&p| p == phase)?;
        pos.checked_sub(1).map(|i| chain[i])
    }

    /// `(number, phase)` for the phases of `workflow` that have a number, in
    /// chain order.
    pub fn numbered(&self, workflow: usize) -> Vec<(i64, usize)> {
        self.workflows[workflow]
            .chain
            .iter()
            .filter_map(|&p| self.phases[p].number.map(|n| (n, p)))
            .collect()
    }

    /// The number `next_phase` of `phase` should carry: the smallest larger
    /// number in its workflow, or — for the last phase — the smallest (the
    /// legal wrap). Numbers, not chain positions, so duplicates and gaps
    /// (reported by their own rules) do not muddle the order check.
    pub(crate) fn expected_next_number(&self, phase: usize) -> Option<i64> {
        self.neighbour_number(phase, true)
    }

    /// The number `previous_phase` should name: the next smaller number in
    /// its workflow, or — for the first phase — the largest (the wrap the
    /// last phase's `next_phase` makes, seen from the other end).
    pub(crate) fn expected_previous_number(&self, phase: usize) -> Option<i64> {
        self.neighbour_number(phase, false)
    }

    /// The nearest number after (`next`) or before `phase`'s own in its
    /// workflow, wrapping around; `None` without a number or a neighbour.
    fn neighbour_number(&self, phase: usize, next: bool) -> Option<i64> {
        let own = self.phases[phase].number?;
        let numbers: Vec<i64> = self
            .numbered(self.phases[phase].workflow)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        if numbers.iter().all(|&n| n == own) {
            return None;
        }
        let beyond = numbers
            .iter()
            .copied()
            .filter(|&n| if next { n > own } else { n < own });
        if next {
            beyond.min().or_else(|| numbers.iter().copied().min())
        } else {
            beyond.max().or_else(|| numbers.iter().copied().max())
        }
    }

    /// A short label: `05-release`.
    pub fn label(&self, vault: &Vault, phase: usize) -> String {
        vault.notes[self.phases[phase].note].stem().to_string()
    }
}
