//! `readiness --format json`: the versioned document of
//! `docs/readiness-json.md`.
//!
//! The wire structs here are the schema, apart from the readiness model:
//! the model may change (it names notes by id) while the document keeps
//! its fields, their order and their spelling. Bump [`SCHEMA_VERSION`] on
//! any incompatible change; adding fields is compatible.

use serde::Serialize;

use super::format::{Format, Run};
use super::readiness::{Where, finished};
use crate::readiness::{
    Count, Group, GroupKind, Item, OpenItem, PhaseMovement, PhaseReadiness, Requirement, Status,
    WorkflowReadiness,
};

pub(crate) const SCHEMA_VERSION: u32 = 1;

/// `readiness --format json`.
pub struct Json;

impl Format for Json {
    fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> anyhow::Result<()> {
        let at = Where::new(run.vault, run.paths);
        let document = Document {
            schema: "phasebook-readiness",
            version: SCHEMA_VERSION,
            workflows: run.workflows.iter().map(|w| workflow(w, &at)).collect(),
            required: run.required.iter().map(|r| requirement(r, &at)).collect(),
            since: run.since.map(|s| WireSince {
                rev: s.rev,
                commit: s.commit,
                phases: s.phases.iter().map(movement).collect(),
            }),
            artifact: run.artifact.map(|a| WireArtifact {
                name: &a.name,
                status: a.status().as_str(),
                declared_by: a
                    .declared_by
                    .iter()
                    .map(|(workflow, phase)| WireDeclaration { workflow, phase })
                    .collect(),
                path: a.note.map(|id| at.of(id)),
                items: WireCount {
                    done: a.items.done,
                    total: a.items.total,
                },
                open_items: a.open_items.iter().map(|i| open_item(i, &at)).collect(),
            }),
        };
        let text = serde_json::to_string_pretty(&document).unwrap_or_else(|_| "{}".to_string());
        finished(out, &text);
        Ok(())
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    version: u32,
    workflows: Vec<WireWorkflow<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    required: Vec<WireRequirement<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<WireSince<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    artifact: Option<WireArtifact<'a>>,
}

#[derive(Serialize)]
struct WireSince<'a> {
    rev: &'a str,
    commit: &'a str,
    phases: Vec<WireMovement<'a>>,
}

#[derive(Serialize)]
struct WireMovement<'a> {
    workflow: &'a str,
    phase: &'a str,
    was: Option<&'static str>,
    now: Option<&'static str>,
    checked: Vec<WireMovedItem<'a>>,
    unchecked: Vec<WireMovedItem<'a>>,
    artifacts_added: &'a [String],
    artifacts_removed: &'a [String],
    gates_ready: &'a [String],
    gates_unready: &'a [String],
}

#[derive(Serialize)]
struct WireMovedItem<'a> {
    group: &'a str,
    text: &'a str,
    line: usize,
}

fn moved_items(items: &[crate::readiness::MovedItem]) -> Vec<WireMovedItem<'_>> {
    items
        .iter()
        .map(|i| WireMovedItem {
            group: &i.group,
            text: &i.text,
            line: i.line,
        })
        .collect()
}

fn movement(m: &PhaseMovement) -> WireMovement<'_> {
    let items = moved_items;
    WireMovement {
        workflow: &m.workflow,
        phase: &m.phase,
        was: m.was.map(Status::as_str),
        now: m.now.map(Status::as_str),
        checked: items(&m.checked),
        unchecked: items(&m.unchecked),
        artifacts_added: &m.artifacts_added,
        artifacts_removed: &m.artifacts_removed,
        gates_ready: &m.gates_ready,
        gates_unready: &m.gates_unready,
    }
}

#[derive(Serialize)]
struct WireArtifact<'a> {
    name: &'a str,
    status: &'static str,
    declared_by: Vec<WireDeclaration<'a>>,
    path: Option<String>,
    items: WireCount,
    open_items: Vec<WireOpenItem<'a>>,
}

#[derive(Serialize)]
struct WireDeclaration<'a> {
    workflow: &'a str,
    phase: &'a str,
}

#[derive(Serialize)]
struct WireWorkflow<'a> {
    name: &'a str,
    folder: &'a str,
    current: Option<&'a str>,
    done: usize,
    total: usize,
    percent: u32,
    phases: Vec<WirePhase<'a>>,
}

#[derive(Serialize)]
struct WirePhase<'a> {
    number: Option<i64>,
    name: Option<&'a str>,
    stem: &'a str,
    path: String,
    title: &'a str,
    status: &'static str,
    entry: WireCount,
    exit: WireCount,
    gates: WireCount,
    other: WireCount,
    groups: Vec<WireGroup<'a>>,
    artifacts_present: &'a [String],
    artifacts_missing: &'a [String],
    blocked_by: &'a [String],
    open_items: Vec<WireOpenItem<'a>>,
}

#[derive(Serialize)]
struct WireCount {
    done: usize,
    total: usize,
}

#[derive(Serialize)]
struct WireGroup<'a> {
    kind: &'static str,
    title: &'a str,
    line: usize,
    items: Vec<WireItem<'a>>,
}

#[derive(Serialize)]
struct WireItem<'a> {
    text: &'a str,
    line: usize,
    status: char,
    done: bool,
    custom: bool,
    cancelled: bool,
}

#[derive(Serialize)]
struct WireOpenItem<'a> {
    path: String,
    line: usize,
    group: &'a str,
    kind: &'static str,
    text: &'a str,
    status: char,
}

#[derive(Serialize)]
struct WireRequirement<'a> {
    workflow: &'a str,
    phase: &'a str,
    ready: bool,
    status: &'static str,
    open_items: Vec<WireOpenItem<'a>>,
}

fn workflow<'a>(w: &'a WorkflowReadiness, at: &Where<'_>) -> WireWorkflow<'a> {
    WireWorkflow {
        name: &w.name,
        folder: &w.folder,
        current: w.current.as_deref(),
        done: w.done,
        total: w.total,
        percent: w.percent,
        phases: w.phases.iter().map(|p| phase(p, at)).collect(),
    }
}

fn phase<'a>(p: &'a PhaseReadiness, at: &Where<'_>) -> WirePhase<'a> {
    WirePhase {
        number: p.number,
        name: p.name.as_deref(),
        stem: &p.stem,
        path: at.of(p.note),
        title: &p.title,
        status: status(p.status),
        entry: count(p.entry),
        exit: count(p.exit),
        gates: count(p.gates),
        other: count(p.other),
        groups: p.groups.iter().map(group).collect(),
        artifacts_present: &p.artifacts_present,
        artifacts_missing: &p.artifacts_missing,
        blocked_by: &p.blocked_by,
        open_items: p.open_items.iter().map(|i| open_item(i, at)).collect(),
    }
}

fn count(c: Count) -> WireCount {
    WireCount {
        done: c.done,
        total: c.total,
    }
}

fn group(g: &Group) -> WireGroup<'_> {
    WireGroup {
        kind: kind(g.kind),
        title: &g.title,
        line: g.line,
        items: g.items.iter().map(item).collect(),
    }
}

fn item(i: &Item) -> WireItem<'_> {
    WireItem {
        text: &i.text,
        line: i.line,
        status: i.status,
        done: i.done,
        custom: i.custom,
        cancelled: i.cancelled,
    }
}

fn open_item<'a>(i: &'a OpenItem, at: &Where<'_>) -> WireOpenItem<'a> {
    WireOpenItem {
        path: at.of(i.note),
        line: i.line,
        group: &i.group,
        kind: kind(i.kind),
        text: &i.text,
        status: i.status,
    }
}

fn requirement<'a>(r: &'a Requirement, at: &Where<'_>) -> WireRequirement<'a> {
    WireRequirement {
        workflow: &r.workflow,
        phase: &r.phase,
        ready: r.ready,
        status: status(r.status),
        open_items: r.open_items.iter().map(|i| open_item(i, at)).collect(),
    }
}

/// Spelled here, not by the model: the schema's words.
fn status(s: Status) -> &'static str {
    s.as_str()
}

fn kind(k: GroupKind) -> &'static str {
    k.as_str()
}
