//! Checklist groups → phase and workflow readiness.
//!
//! Every task belongs to the heading path it sits under (`Production
//! Readiness Checklist › Security`). A group is classified by the innermost
//! heading of its path that matches a `[readiness]` pattern — entry
//! criteria, exit criteria or a gate — and is "other" when none does. The
//! note's H1 (its title) is not part of any path.

mod artifact;
mod history;
mod movement;

pub use artifact::{ArtifactReport, ArtifactStatus, artifact};
pub use history::{HistorySample, WorkflowHistory, count_text, workflow_history};
pub use movement::{MovedItem, PhaseMovement, movement};

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
    // The tasks' texts are in the note's text (read from its file when a
    // check left it there).
    let source = if note.tasks.is_empty() {
        std::borrow::Cow::Borrowed("")
    } else {
        note.source()
    };
    for task in &note.tasks {
        let path: Vec<_> = note
            .heading_path(task.heading())
            .into_iter()
            .filter(|h| h.level > 1)
            .collect();
        let title = path
            .iter()
            .map(|h| h.text())
            .collect::<Vec<_>>()
            .join(" › ");
        let kind = path
            .iter()
            .rev()
            .find_map(|h| {
                if config.gate.is_match(h.text()) {
                    Some(GroupKind::Gate)
                } else if config.exit.is_match(h.text()) {
                    Some(GroupKind::Exit)
                } else if config.entry.is_match(h.text()) {
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
            text: note.task_text(task, &source).into_owned(),
            line: task.line as usize,
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
                line: path.last().map(|h| h.line as usize).unwrap_or(0),
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
        let target = note.links[link].target();
        match &vault.resolutions(phase.note)[link] {
            Resolution::Found(found) => present.push(vault.files[found.file].path.clone()),
            Resolution::Unresolved(_) => missing.push(target.to_string()),
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
