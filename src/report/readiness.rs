//! Rendering the readiness report: a compact terminal table with progress
//! bars, Markdown for pull-request comments and `$GITHUB_STEP_SUMMARY`, and
//! versioned JSON (`docs/readiness-json.md`).

use std::fmt::Write;

use super::format::{Format, Run, Since};
use super::paths::PathStyle;
use crate::readiness::{
    ArtifactReport, Count, PhaseReadiness, Requirement, Status, WorkflowReadiness,
};
use crate::vault::{NoteId, Vault};

/// Where a phase document is, as users see it: its path from the
/// repository root.
pub struct Where<'a> {
    vault: &'a Vault,
    paths: &'a PathStyle,
}

impl<'a> Where<'a> {
    pub fn new(vault: &'a Vault, paths: &'a PathStyle) -> Where<'a> {
        Where { vault, paths }
    }

    fn of_run(run: &Run<'a>) -> Where<'a> {
        Where::new(run.vault, run.paths)
    }

    /// The path of note `id`.
    pub fn of(&self, id: NoteId) -> String {
        self.paths.show(&self.vault.notes[id].path)
    }
}

fn bar(count: Count, width: usize) -> String {
    let filled = (count.done * width).checked_div(count.total).unwrap_or(0);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn paint(text: &str, status: Status, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match status {
        Status::ReadyToExit => "32",
        Status::InProgress => "33",
        Status::Blocked => "31;1",
        Status::NotStarted => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

fn number(phase: &PhaseReadiness) -> String {
    phase
        .number
        .map(|n| format!("{n:02}"))
        .unwrap_or_else(|| "??".to_string())
}

fn fraction(c: Count) -> String {
    format!("{}/{}", c.done, c.total)
}

/// The terminal table.
pub fn text(workflows: &[WorkflowReadiness], color: bool, at: &Where<'_>) -> String {
    let mut out = String::new();
    for wf in workflows {
        let total = Count {
            done: wf.done,
            total: wf.total,
        };
        let _ = writeln!(
            out,
            "{}  {} {:>3}%  {}/{} items  current: {}",
            wf.name,
            bar(total, 24),
            wf.percent,
            wf.done,
            wf.total,
            wf.current.as_deref().unwrap_or("none (all phases ready)")
        );
        let name_width = wf
            .phases
            .iter()
            .map(|p| p.name.as_deref().unwrap_or(&p.stem).chars().count())
            .max()
            .unwrap_or(0);
        for p in &wf.phases {
            let name = p.name.as_deref().unwrap_or(&p.stem);
            let status = format!("{:13}", p.status.as_str());
            let mut detail = format!(
                "entry {:>5}  exit {:>5}  gates {:>5}",
                fraction(p.entry),
                fraction(p.exit),
                fraction(p.gates)
            );
            if p.other.total > 0 {
                let _ = write!(detail, "  other {:>5}", fraction(p.other));
            }
            let artifacts = p.artifacts_present.len() + p.artifacts_missing.len();
            if artifacts > 0 {
                let _ = write!(
                    detail,
                    "  artifacts {}/{artifacts}",
                    p.artifacts_present.len()
                );
            }
            let _ = writeln!(
                out,
                "  {}  {name:name_width$}  {} {:>7}  {}  {detail}",
                number(p),
                bar(p.total(), 12),
                fraction(p.total()),
                paint(&status, p.status, color),
            );
        }
        if let Some(current) = wf
            .phases
            .iter()
            .find(|p| Some(&p.stem) == wf.current.as_ref())
        {
            for reason in &current.blocked_by {
                let _ = writeln!(out, "  blocked: {reason}");
            }
            if !current.open_items.is_empty() {
                let _ = writeln!(out, "  open in {}:", current.stem);
                for item in current.open_items.iter().take(10) {
                    let _ = writeln!(
                        out,
                        "    {}:{}  {}  ({})",
                        at.of(item.note),
                        item.line,
                        item.text,
                        item.group
                    );
                }
                if current.open_items.len() > 10 {
                    let _ = writeln!(out, "    … and {} more", current.open_items.len() - 10);
                }
            }
        }
        out.push('\n');
    }
    out
}

fn status_badge(status: Status) -> &'static str {
    match status {
        Status::ReadyToExit => "✅ ready to exit",
        Status::InProgress => "🟡 in progress",
        Status::Blocked => "⛔ blocked",
        Status::NotStarted => "⚪ not started",
    }
}

fn md_escape(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Markdown, for a pull-request comment or a job summary.
pub fn markdown(workflows: &[WorkflowReadiness], at: &Where<'_>) -> String {
    let mut out = String::from("# Phase readiness\n\n");
    for wf in workflows {
        let _ = writeln!(
            out,
            "## {} — {}% ({}/{} items), current phase: {}\n",
            md_escape(&wf.name),
            wf.percent,
            wf.done,
            wf.total,
            wf.current
                .as_deref()
                .map(|c| format!("`{c}`"))
                .unwrap_or_else(|| "none".into())
        );
        out.push_str("| Phase | Status | Entry | Exit | Gates | Other | Artifacts |\n");
        out.push_str("|---|---|---|---|---|---|---|\n");
        for p in &wf.phases {
            let artifacts = p.artifacts_present.len() + p.artifacts_missing.len();
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} | {} | {} |",
                number(p),
                md_escape(p.name.as_deref().unwrap_or(&p.stem)),
                status_badge(p.status),
                fraction(p.entry),
                fraction(p.exit),
                fraction(p.gates),
                fraction(p.other),
                if artifacts == 0 {
                    "–".to_string()
                } else {
                    format!("{}/{artifacts}", p.artifacts_present.len())
                }
            );
        }
        if let Some(current) = wf
            .phases
            .iter()
            .find(|p| Some(&p.stem) == wf.current.as_ref())
            && (!current.open_items.is_empty() || !current.blocked_by.is_empty())
        {
            let _ = writeln!(out, "\n**Open in `{}`**\n", current.stem);
            for reason in &current.blocked_by {
                let _ = writeln!(out, "- ⛔ {}", md_escape(reason));
            }
            for item in &current.open_items {
                let _ = writeln!(out, "{}", md_open_item(item, at));
            }
        }
        out.push('\n');
    }
    out
}

/// An open checklist item as a Markdown task line, with its own status
/// (`[/]` stays in progress): the text, its group and where it stands.
fn md_open_item(item: &crate::readiness::OpenItem, at: &Where<'_>) -> String {
    // A status that Markdown would not read as a task box is shown open.
    let status = if item.status.is_alphanumeric() || "/>?<!*".contains(item.status) {
        item.status
    } else {
        ' '
    };
    format!(
        "- [{status}] {} — {} (`{}:{}`)",
        md_escape(&item.text),
        md_escape(&item.group),
        at.of(item.note),
        item.line
    )
}

/// The requirement verdicts, as text or Markdown lines.
pub(crate) fn requirements_text(
    requirements: &[Requirement],
    markdown: bool,
    at: &Where<'_>,
) -> String {
    let mut out = String::new();
    if markdown {
        out.push_str("## Required phases\n\n");
    }
    for r in requirements {
        let verdict = if r.ready {
            "is ready to exit"
        } else {
            "is NOT ready to exit"
        };
        if markdown {
            let _ = writeln!(
                out,
                "- `{}` ({}) {verdict}: {}",
                r.phase,
                r.workflow,
                status_badge(r.status)
            );
        } else {
            let _ = writeln!(
                out,
                "required: {} ({}) {verdict} [{}]",
                r.phase,
                r.workflow,
                r.status.as_str()
            );
        }
        for item in &r.open_items {
            if markdown {
                // A nested task list, as the "Open in" section writes its
                // items: indented plain lines ran together into one
                // paragraph once rendered.
                let _ = writeln!(out, "  {}", md_open_item(item, at));
            } else {
                let _ = writeln!(
                    out,
                    "  {}:{}  {}  ({})",
                    at.of(item.note),
                    item.line,
                    item.text,
                    item.group
                );
            }
        }
    }
    out
}

/// `readiness --format text`: the table, then each `--require`'s outcome.
pub struct Text;

/// `readiness --format markdown`: for pull-request comments and
/// `$GITHUB_STEP_SUMMARY`.
pub struct Markdown;

/// The report, ending in exactly one newline.
pub(super) fn finished(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(text.trim_end().as_bytes());
    out.push(b'\n');
}

/// `readiness --artifact`: the artifact, where it is declared, its note and
/// its checklists; Markdown for a pull-request comment, else plain text.
fn artifact_text(a: &ArtifactReport, markdown: bool, at: &Where<'_>) -> String {
    let mut out = String::new();
    let status = a.status().as_str();
    let declared: Vec<String> = a
        .declared_by
        .iter()
        .map(|(workflow, phase)| {
            if markdown {
                format!("`{phase}` ({workflow})")
            } else {
                format!("{phase} ({workflow})")
            }
        })
        .collect();
    let declared = if declared.is_empty() {
        "no phase".to_string()
    } else {
        declared.join(", ")
    };
    let note = a.note.map(|id| at.of(id));
    if markdown {
        let _ = writeln!(
            out,
            "## Artifact `{}`: {status}
",
            md_escape(&a.name)
        );
        let _ = writeln!(out, "- Declared by: {declared}");
        match &note {
            Some(path) => {
                let _ = writeln!(out, "- Note: `{path}`");
                let _ = writeln!(out, "- Checklist: {} done", fraction(a.items));
            }
            None => {
                let _ = writeln!(out, "- Note: none (no note of that name)");
            }
        }
        if !a.open_items.is_empty() {
            out.push_str("\nOpen items:\n\n");
            for item in &a.open_items {
                let _ = writeln!(out, "{}", md_open_item(item, at));
            }
        }
    } else {
        let _ = writeln!(out, "artifact {}: {status}", a.name);
        let _ = writeln!(out, "  declared by: {declared}");
        match &note {
            Some(path) => {
                let _ = writeln!(out, "  note: {path}");
                let _ = writeln!(out, "  checklist: {} done", fraction(a.items));
            }
            None => {
                let _ = writeln!(out, "  note: none (no note of that name)");
            }
        }
        for item in &a.open_items {
            let _ = writeln!(
                out,
                "  open {}:{}  {}  ({})",
                at.of(item.note),
                item.line,
                item.text,
                item.group
            );
        }
    }
    out
}

/// `readiness --since`: per phase that moved, what moved; Markdown for a
/// pull-request comment, else plain text.
fn since_text(since: &Since<'_>, markdown: bool) -> String {
    let mut out = String::new();
    let status = |s: Option<Status>| s.map_or("absent", Status::as_str);
    if markdown {
        let _ = writeln!(
            out,
            "## Readiness since `{}` ({})\n",
            md_escape(since.rev),
            since.commit
        );
    } else {
        let _ = writeln!(out, "since {} ({}):", since.rev, since.commit);
    }
    if since.phases.is_empty() {
        out.push_str(if markdown {
            "Nothing moved.\n"
        } else {
            "  nothing moved\n"
        });
        return out;
    }
    for m in since.phases {
        let change = if m.was == m.now {
            status(m.now).to_string()
        } else {
            format!("{} → {}", status(m.was), status(m.now))
        };
        let lines: Vec<(&str, String)> = m
            .checked
            .iter()
            .map(|i| {
                (
                    "checked",
                    format!("{} ({}, line {})", i.text, i.group, i.line),
                )
            })
            .chain(m.unchecked.iter().map(|i| {
                (
                    "unchecked",
                    format!("{} ({}, line {})", i.text, i.group, i.line),
                )
            }))
            .chain(
                m.artifacts_added
                    .iter()
                    .map(|a| ("artifact added", a.clone())),
            )
            .chain(
                m.artifacts_removed
                    .iter()
                    .map(|a| ("artifact removed", a.clone())),
            )
            .chain(m.gates_ready.iter().map(|g| ("gate ready", g.clone())))
            .chain(
                m.gates_unready
                    .iter()
                    .map(|g| ("gate no longer ready", g.clone())),
            )
            .collect();
        if markdown {
            let _ = writeln!(out, "### `{}` ({}): {change}\n", m.phase, m.workflow);
            for (what, line) in &lines {
                let _ = writeln!(out, "- {what}: {}", md_escape(line));
            }
            out.push('\n');
        } else {
            let _ = writeln!(out, "  {} ({}): {change}", m.phase, m.workflow);
            for (what, line) in &lines {
                let _ = writeln!(out, "    {what}: {line}");
            }
        }
    }
    out
}

impl Format for Text {
    fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> anyhow::Result<()> {
        let at = Where::of_run(run);
        if let Some(since) = run.since {
            finished(out, &since_text(since, false));
            return Ok(());
        }
        if let Some(artifact) = run.artifact {
            finished(out, &artifact_text(artifact, false, &at));
            return Ok(());
        }
        let mut text = self::text(run.workflows, run.color, &at);
        text.push_str(&requirements_text(run.required, false, &at));
        finished(out, &text);
        Ok(())
    }
}

impl Format for Markdown {
    fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> anyhow::Result<()> {
        let at = Where::of_run(run);
        if let Some(since) = run.since {
            finished(out, &since_text(since, true));
            return Ok(());
        }
        if let Some(artifact) = run.artifact {
            finished(out, &artifact_text(artifact, true, &at));
            return Ok(());
        }
        let mut text = markdown(run.workflows, &at);
        if !run.required.is_empty() {
            text.push_str(&requirements_text(run.required, true, &at));
        }
        finished(out, &text);
        Ok(())
    }
}
