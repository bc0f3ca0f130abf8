//! Checklist groups → phase and workflow readiness.
//!
//! Every task belongs to the heading path it sits under (`Production
//! Readiness Checklist › Security`). A group is classified by the innermost
//! heading of its path that matches a `[readiness]` pattern — entry
//! criteria, exit criteria or a gate — and is "other" when none does. The
//! note's H1 (its title) is not part of any path.

use crate::config::{Config, ReadinessConfig};
use crate::phases::Phases;
use crate::vault::{Note, NoteId, Resolution, Vault};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKind {
    Entry,
    Exit,
    Gate,
    Other,
}

/// One checklist item.
#[derive(Debug, Clone)]
pub struct Item {
    pub text: String,
    pub line: usize,
    pub status: char,
    /// Its status character is a done one (`[x]`).
    pub done: bool,
    /// Its status character is a cancelled one (`[-]`): the item no longer
    /// applies and is not counted, done or open.
    pub cancelled: bool,
    /// A status character in no configured set (`[/]`, `[>]`, `[?]`):
    /// counted open, since the work is not done, though Obsidian shows the
    /// box checked.
    pub custom: bool,
}

/// Tasks under one heading path.
#[derive(Debug, Clone)]
pub struct Group {
    pub kind: GroupKind,
    /// The heading path, outermost first, joined with ` › `.
    pub title: String,
    /// Line of the innermost heading (0 for tasks above any heading).
    pub line: usize,
    pub items: Vec<Item>,
}

impl Group {
    pub fn done(&self) -> usize {
        self.items.iter().filter(|i| i.done).count()
    }

    /// Items that count: all but the cancelled ones.
    pub fn counted(&self) -> usize {
        self.items.iter().filter(|i| !i.cancelled).count()
    }
}

/// Done and total items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub done: usize,
    pub total: usize,
}

impl Count {
    fn add(&mut self, group: &Group) {
        self.done += group.done();
        self.total += group.counted();
    }

    pub(crate) fn is_complete(&self) -> bool {
        self.done == self.total
    }
}

/// Group a note's tasks by heading path and classify the groups.
pub fn groups(note: &Note, config: &ReadinessConfig) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for task in &note.tasks {
        let path: Vec<_> = note
            .heading_path(task.heading)
            .into_iter()
            .filter(|h| h.level > 1)
            .collect();
        let title = path
            .iter()
            .map(|h| h.text.as_str())
            .collect::<Vec<_>>()
            .join(" › ");
        let kind = path
            .iter()
            .rev()
            .find_map(|h| {
                if config.gate.is_match(&h.text) {
                    Some(GroupKind::Gate)
                } else if config.exit.is_match(&h.text) {
                    Some(GroupKind::Exit)
                } else if config.entry.is_match(&h.text) {
                    Some(GroupKind::Entry)
                } else {
                    None
                }
            })
            .unwrap_or(GroupKind::Other);
        let done_char = config.done.contains(task.status);
        let open_char = config.open.contains(task.status);
        let cancelled = config.cancelled.contains(task.status);
        let item = Item {
            text: task.text.clone(),
            line: task.line,
            status: task.status,
            done: done_char,
            cancelled,
            custom: !done_char && !open_char && !cancelled,
        };
        match out.last_mut() {
            Some(group) if group.title == title => group.items.push(item),
            _ => out.push(Group {
                kind,
                title,
                line: path.last().map(|h| h.line).unwrap_or(0),
                items: vec![item],
            }),
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    InProgress,
    ReadyToExit,
    Blocked,
}

impl GroupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Entry => "entry",
            GroupKind::Exit => "exit",
            GroupKind::Gate => "gate",
            GroupKind::Other => "other",
        }
    }
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::InProgress => "in-progress",
            Status::ReadyToExit => "ready-to-exit",
            Status::Blocked => "blocked",
        }
    }
}

/// An item keeping a phase from being ready, with where it is.
#[derive(Debug, Clone)]
pub struct OpenItem {
    /// The phase document the item is in.
    pub note: NoteId,
    pub line: usize,
    pub group: String,
    pub kind: GroupKind,
    pub text: String,
    /// Its status character: a space, or one in no set (`/`, `>`…).
    pub status: char,
}

/// The readiness of one phase.
#[derive(Debug, Clone)]
pub struct PhaseReadiness {
    pub number: Option<i64>,
    pub name: Option<String>,
    pub stem: String,
    /// The phase document.
    pub note: NoteId,
    pub title: String,
    pub status: Status,
    pub entry: Count,
    pub exit: Count,
    pub gates: Count,
    pub other: Count,
    pub groups: Vec<Group>,
    pub artifacts_present: Vec<String>,
    pub artifacts_missing: Vec<String>,
    /// Why the phase is blocked (empty unless it is).
    pub blocked_by: Vec<String>,
    /// Everything between this phase and ready-to-exit: its open entry,
    /// exit and gate items, and the previous phase's open exit criteria.
    pub open_items: Vec<OpenItem>,
}

impl PhaseReadiness {
    pub fn total(&self) -> Count {
        Count {
            done: self.entry.done + self.exit.done + self.gates.done + self.other.done,
            total: self.entry.total + self.exit.total + self.gates.total + self.other.total,
        }
    }

    /// Whether `id` names this phase: its number (`05` or `5`), file stem or
    /// `name` (case-insensitive).
    pub(crate) fn is_named(&self, id: &str) -> bool {
        let id = id.trim();
        self.number.is_some_and(|n| id.parse::<i64>() == Ok(n))
            || self.stem.eq_ignore_ascii_case(id)
            || self
                .name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(id))
    }
}

/// The outcome of one `--require PHASE`.
#[derive(Debug, Clone)]
pub struct Requirement {
    pub workflow: String,
    pub phase: String,
    pub ready: bool,
    pub status: Status,
    pub open_items: Vec<OpenItem>,
}

/// The readiness of one workflow.
#[derive(Debug, Clone)]
pub struct WorkflowReadiness {
    pub name: String,
    pub folder: String,
    /// Stem of the first phase, in chain order, that is not ready to exit.
    pub current: Option<String>,
    pub done: usize,
    pub total: usize,
    pub percent: u32,
    pub phases: Vec<PhaseReadiness>,
}

fn open_items(note: NoteId, groups: &[Group], kinds: &[GroupKind]) -> Vec<OpenItem> {
    groups
        .iter()
        .filter(|g| kinds.contains(&g.kind))
        .flat_map(|g| {
            g.items
                .iter()
                .filter(|i| !i.done && !i.cancelled)
                .map(move |i| OpenItem {
                    note,
                    line: i.line,
                    group: g.title.clone(),
                    kind: g.kind,
                    text: i.text.clone(),
                    status: i.status,
                })
        })
        .collect()
}

/// Readiness of every workflow, in workflow order, phases in chain order.
pub fn report(vault: &Vault, config: &Config, phases: &Phases) -> Vec<WorkflowReadiness> {
    let all_groups: Vec<Vec<Group>> = phases
        .phases
        .iter()
        .map(|p| groups(&vault.notes[p.note], &config.readiness))
        .collect();
    phases
        .workflows
        .iter()
        .map(|workflow| {
            let reports: Vec<PhaseReadiness> = workflow
                .chain
                .iter()
                .map(|&idx| phase_readiness(vault, phases, idx, &all_groups))
                .collect();
            let (done, total) = reports.iter().fold((0, 0), |(d, t), p| {
                let c = p.total();
                (d + c.done, t + c.total)
            });
            WorkflowReadiness {
                name: workflow.name.clone(),
                folder: workflow.key.clone(),
                current: reports
                    .iter()
                    .find(|p| p.status != Status::ReadyToExit)
                    .map(|p| p.stem.clone()),
                done,
                total,
                percent: (done * 100).checked_div(total).unwrap_or(0) as u32,
                phases: reports,
            }
        })
        .collect()
}

fn phase_readiness(
    vault: &Vault,
    phases: &Phases,
    idx: usize,
    all_groups: &[Vec<Group>],
) -> PhaseReadiness {
    let phase = &phases.phases[idx];
    let note = &vault.notes[phase.note];
    let groups = all_groups[idx].clone();
    let mut counts = [Count::default(); 4];
    for group in &groups {
        counts[group.kind as usize].add(group);
    }
    let [entry, exit, gates, other] = counts;
    let any_checked = groups.iter().flat_map(|g| &g.items).any(|i| i.done);
    let later_checked = groups
        .iter()
        .filter(|g| g.kind != GroupKind::Entry)
        .flat_map(|g| &g.items)
        .any(|i| i.done);

    let mut blocked_by = Vec::new();
    let mut open = Vec::new();
    if let Some(prev) = phases.chain_predecessor(idx) {
        let prev_id = phases.phases[prev].note;
        let prev_note = &vault.notes[prev_id];
        let prev_open = open_items(prev_id, &all_groups[prev], &[GroupKind::Exit]);
        if !prev_open.is_empty() && any_checked {
            blocked_by.push(format!(
                "{} of the exit criteria of `{}` are open",
                prev_open.len(),
                prev_note.stem()
            ));
        }
        open.extend(prev_open);
    }
    if !entry.is_complete() && later_checked {
        blocked_by.push(format!(
            "{} entry criteria are open while later work is checked",
            entry.total - entry.done
        ));
    }
    open.extend(open_items(
        phase.note,
        &groups,
        &[GroupKind::Entry, GroupKind::Exit, GroupKind::Gate],
    ));

    let exit_and_gates = exit.total + gates.total;
    let status = if !blocked_by.is_empty() {
        Status::Blocked
    } else if exit_and_gates > 0 && exit.is_complete() && gates.is_complete() {
        Status::ReadyToExit
    } else if any_checked {
        Status::InProgress
    } else {
        Status::NotStarted
    };

    let (mut present, mut missing) = (Vec::new(), Vec::new());
    for &link in &phase.artifacts {
        let target = &note.links[link].target;
        match &vault.resolutions[phase.note][link] {
            Resolution::Found(found) => present.push(vault.files[found.file].path.clone()),
            Resolution::Unresolved(_) => missing.push(target.clone()),
        }
    }
    PhaseReadiness {
        number: phase.number,
        name: phase.name.clone(),
        stem: note.stem().to_string(),
        note: phase.note,
        title: note.title.clone(),
        status,
        entry,
        exit,
        gates,
        other,
        groups,
        artifacts_present: present,
        artifacts_missing: missing,
        blocked_by,
        open_items: if status == Status::ReadyToExit {
            Vec::new()
        } else {
            open
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{Note, ParseOptions};

    #[test]
    fn status_characters_count_done_open_or_not_at_all() {
        let note = Note::parse(
            "p.md".into(),
            "# P\n\n## Exit criteria\n\n- [x] a\n- [X] b\n- [ ] c\n- [/] d\n- [>] e\n- [-] f\n"
                .into(),
            ParseOptions::default(),
        );
        let groups = groups(&note, &ReadinessConfig::default());
        let items = &groups[0].items;
        let flags: Vec<(char, bool, bool, bool)> = items
            .iter()
            .map(|i| (i.status, i.done, i.custom, i.cancelled))
            .collect();
        assert_eq!(
            flags,
            vec![
                ('x', true, false, false),
                ('X', true, false, false),
                (' ', false, false, false),
                ('/', false, true, false),
                ('>', false, true, false),
                ('-', false, false, true),
            ]
        );
        let mut count = Count::default();
        count.add(&groups[0]);
        assert_eq!(count, Count { done: 2, total: 5 }, "[-] is not counted");
    }
}

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
                let written = &vault.notes[phase.note].links[link].target;
                let found = match vault.resolutions[phase.note].get(link) {
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

/// Items done over time in one workflow: the readiness page's chart.
#[derive(Debug, Clone)]
pub struct WorkflowHistory {
    pub workflow: String,
    /// One sample per commit that touched the workflow's phase documents,
    /// oldest first.
    pub samples: Vec<HistorySample>,
    /// Per phase (stem): when its done items last changed, within the
    /// commits read (unix seconds); `None` if they did not change there.
    pub last_moved: Vec<(String, Option<i64>)>,
}

/// The workflow's items at one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistorySample {
    /// The commit's time (unix seconds).
    pub time: i64,
    pub done: usize,
    pub total: usize,
}

/// The items of a phase document as its `text` counts them (the document
/// as it was at some commit): the count a phase's readiness starts from.
pub fn count_text(path: &str, text: String, config: &ReadinessConfig) -> Count {
    let note = Note::parse(
        path.to_string(),
        text,
        crate::vault::ParseOptions::default(),
    );
    let mut count = Count::default();
    for group in groups(&note, config) {
        count.add(&group);
    }
    count
}

/// A workflow's history from its commits (newest first, as `git log`
/// lists them, each with its time and each phase's count — `None` where
/// the document did not exist), for `stems` in order.
pub fn workflow_history(
    workflow: &str,
    stems: &[String],
    commits: &[(i64, Vec<Option<Count>>)],
) -> WorkflowHistory {
    let samples = commits
        .iter()
        .rev()
        .map(|(time, counts)| {
            let (done, total) = counts
                .iter()
                .flatten()
                .fold((0, 0), |(d, t), c| (d + c.done, t + c.total));
            HistorySample {
                time: *time,
                done,
                total,
            }
        })
        .collect();
    let last_moved = stems
        .iter()
        .enumerate()
        .map(|(i, stem)| {
            let done = |k: usize| commits[k].1[i].map(|c| c.done);
            let moved = (0..commits.len())
                .find(|&k| k + 1 < commits.len() && done(k) != done(k + 1))
                .map(|k| commits[k].0);
            (stem.clone(), moved)
        })
        .collect();
    WorkflowHistory {
        workflow: workflow.to_string(),
        samples,
        last_moved,
    }
}
