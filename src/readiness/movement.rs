//! `readiness --since REF`: what moved per phase between two readiness
//! reports (the vault then, read from git by the command, and now).

use super::{Group, GroupKind, Status, WorkflowReadiness};

/// What moved in one phase since an earlier state of the vault
/// (`readiness --since REF`).
#[derive(Debug, Clone, Default)]
pub struct PhaseMovement {
    pub workflow: String,
    /// The phase's stem.
    pub phase: String,
    /// Its status then (`None`: the phase did not exist) and now.
    pub was: Option<Status>,
    pub now: Option<Status>,
    /// Items done now that were open then (or did not exist).
    pub checked: Vec<MovedItem>,
    /// Items open now that were done then.
    pub unchecked: Vec<MovedItem>,
    pub artifacts_added: Vec<String>,
    pub artifacts_removed: Vec<String>,
    /// Gates (by heading path) complete now and not then, and the reverse.
    pub gates_ready: Vec<String>,
    pub gates_unready: Vec<String>,
}

impl PhaseMovement {
    fn moved(&self) -> bool {
        self.was != self.now
            || !(self.checked.is_empty()
                && self.unchecked.is_empty()
                && self.artifacts_added.is_empty()
                && self.artifacts_removed.is_empty()
                && self.gates_ready.is_empty()
                && self.gates_unready.is_empty())
    }
}

/// A checklist item that moved, as it reads now.
#[derive(Debug, Clone)]
pub struct MovedItem {
    pub group: String,
    pub text: String,
    /// Its line in the phase document now.
    pub line: usize,
}

/// The phases that moved between `then` and `now`, in `now`'s order (phases
/// gone since come last). Items are matched by heading path and text, so a
/// line moved within the note is not movement; a reworded item is a new one.
pub fn movement(then: &[WorkflowReadiness], now: &[WorkflowReadiness]) -> Vec<PhaseMovement> {
    use std::collections::HashMap;
    let find = |reports: &'_ [WorkflowReadiness], workflow: &str, stem: &str| {
        reports
            .iter()
            .find(|w| w.name == workflow)
            .and_then(|w| w.phases.iter().find(|p| p.stem == stem))
            .cloned()
    };
    let mut out = Vec::new();
    for wf in now {
        for phase in &wf.phases {
            let before = find(then, &wf.name, &phase.stem);
            let mut m = PhaseMovement {
                workflow: wf.name.clone(),
                phase: phase.stem.clone(),
                was: before.as_ref().map(|b| b.status),
                now: Some(phase.status),
                ..PhaseMovement::default()
            };
            // (group, text) → the done flags of those items then.
            let mut then_items: HashMap<(&str, &str), Vec<bool>> = HashMap::new();
            for group in before.iter().flat_map(|b| &b.groups) {
                for item in group.items.iter().filter(|i| !i.cancelled) {
                    then_items
                        .entry((group.title.as_str(), item.text.as_str()))
                        .or_default()
                        .push(item.done);
                }
            }
            for group in &phase.groups {
                for item in group.items.iter().filter(|i| !i.cancelled) {
                    let was_done = then_items
                        .get_mut(&(group.title.as_str(), item.text.as_str()))
                        .and_then(|flags| (!flags.is_empty()).then(|| flags.remove(0)));
                    let moved = MovedItem {
                        group: group.title.clone(),
                        text: item.text.clone(),
                        line: item.line,
                    };
                    match (was_done, item.done) {
                        (Some(false) | None, true) => m.checked.push(moved),
                        (Some(true), false) => m.unchecked.push(moved),
                        _ => {}
                    }
                }
            }
            let empty = Vec::new();
            let then_present = before.as_ref().map_or(&empty, |b| &b.artifacts_present);
            m.artifacts_added = phase
                .artifacts_present
                .iter()
                .filter(|a| !then_present.contains(a))
                .cloned()
                .collect();
            m.artifacts_removed = then_present
                .iter()
                .filter(|a| !phase.artifacts_present.contains(a))
                .cloned()
                .collect();
            let gates = |groups: &[Group]| -> Vec<String> {
                groups
                    .iter()
                    .filter(|g| {
                        g.kind == GroupKind::Gate && g.counted() > 0 && g.done() == g.counted()
                    })
                    .map(|g| g.title.clone())
                    .collect()
            };
            let (ready_then, ready_now) = (
                before
                    .as_ref()
                    .map(|b| gates(&b.groups))
                    .unwrap_or_default(),
                gates(&phase.groups),
            );
            m.gates_ready = ready_now
                .iter()
                .filter(|g| !ready_then.contains(g))
                .cloned()
                .collect();
            m.gates_unready = ready_then
                .iter()
                .filter(|g| !ready_now.contains(g))
                .cloned()
                .collect();
            if m.moved() {
                out.push(m);
            }
        }
    }
    for wf in then {
        for phase in &wf.phases {
            if find(now, &wf.name, &phase.stem).is_none() {
                out.push(PhaseMovement {
                    workflow: wf.name.clone(),
                    phase: phase.stem.clone(),
                    was: Some(phase.status),
                    now: None,
                    ..PhaseMovement::default()
                });
            }
        }
    }
    out
}
