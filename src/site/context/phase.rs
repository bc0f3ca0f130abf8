//! The readiness of a phase as its page shows it, and of each workflow as
//! the front and readiness pages show them.

use serde::Serialize;

use super::{Progress, page_url, percent, phase_label, title_case};
use crate::encode::encode_path;
use crate::readiness::{PhaseReadiness, WorkflowReadiness};
use crate::site::plan::SiteMap;
use crate::vault::{NoteId, Origin, Resolution, Vault};

#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub title: String,
    /// `entry`, `exit`, `gate` or `other`.
    pub kind: &'static str,
    pub progress: Progress,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub text: String,
    pub done: bool,
    /// A cancelled item (`[-]`): shown struck through, not counted.
    pub cancelled: bool,
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArtifactView {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseLink {
    pub title: String,
    pub url: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkflowRef {
    pub name: String,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub workflow: WorkflowRef,
    pub label: String,
    pub number: Option<i64>,
    pub name: Option<String>,
    pub title: String,
    pub url: String,
    /// Vault path of the phase document.
    pub path: String,
    pub status: &'static str,
    pub progress: Progress,
    pub entry: Progress,
    pub exit: Progress,
    pub gates: Progress,
    pub groups: Vec<GroupView>,
    pub previous: Option<PhaseLink>,
    pub next: Option<PhaseLink>,
    pub artifacts_present: Vec<ArtifactView>,
    pub artifacts_missing: Vec<ArtifactView>,
    pub blocked_by: Vec<String>,
    /// When its done items last changed, from the git history
    /// (`YYYY-MM-DD`), if known.
    pub last_moved: Option<String>,
}

/// The readiness of one phase, as pages show it.
pub fn phase_view(vault: &Vault, map: &SiteMap, wf: &WorkflowReadiness, index: usize) -> PhaseView {
    let p = &wf.phases[index];
    let link = |q: &PhaseReadiness| PhaseLink {
        title: q.title.clone(),
        url: page_url(map, q.note),
        label: phase_label(q),
    };
    let artifact = |name: &String| {
        match artifact_target(vault, p.note, name) {
            Some((file, _)) if map.output(file).is_some() => ArtifactView {
                name: vault.files[file]
                    .note
                    .map(|n| vault.notes[n].title.clone())
                    .unwrap_or_else(|| name.clone()),
                url: map.output(file).map(encode_path),
            },
            // An artifact left out of the site keeps the name the phase's
            // link gives it: its path and title are not the site's to show.
            Some((_, written)) => ArtifactView {
                name: written.to_string(),
                url: None,
            },
            None => ArtifactView {
                name: name.clone(),
                url: None,
            },
        }
    };
    PhaseView {
        workflow: WorkflowRef {
            name: wf.name.clone(),
            title: title_case(&wf.name),
            url: wf
                .phases
                .first()
                .map(|q| page_url(map, q.note))
                .unwrap_or_default(),
        },
        label: phase_label(p),
        number: p.number,
        name: p.name.clone(),
        title: p.title.clone(),
        url: page_url(map, p.note),
        path: vault.notes[p.note].path.clone(),
        status: p.status.as_str(),
        progress: p.total().into(),
        entry: p.entry.into(),
        exit: p.exit.into(),
        gates: p.gates.into(),
        groups: p
            .groups
            .iter()
            .map(|g| GroupView {
                title: g.title.clone(),
                kind: g.kind.as_str(),
                progress: Progress {
                    done: g.done(),
                    total: g.counted(),
                    percent: percent(g.done(), g.counted()),
                },
                items: g
                    .items
                    .iter()
                    .map(|i| ItemView {
                        text: plain_text(&i.text),
                        done: i.done,
                        cancelled: i.cancelled,
                        status: i.status.to_string(),
                    })
                    .collect(),
            })
            .collect(),
        previous: index
            .checked_sub(1)
            .and_then(|i| wf.phases.get(i))
            .map(link),
        next: wf.phases.get(index + 1).map(link),
        artifacts_present: p.artifacts_present.iter().map(artifact).collect(),
        artifacts_missing: p.artifacts_missing.iter().map(artifact).collect(),
        blocked_by: p.blocked_by.clone(),
        last_moved: None,
    }
}

/// The file a present artifact (named as the readiness report names it)
/// is, and the link's target as the phase writes it.
fn artifact_target<'v>(
    vault: &'v Vault,
    id: NoteId,
    name: &str,
) -> Option<(crate::vault::FileId, &'v str)> {
    let note = &vault.notes[id];
    note.links.iter().enumerate().find_map(|(i, link)| {
        if !matches!(link.origin(), Origin::Frontmatter(k) if k.starts_with("artifacts")) {
            return None;
        }
        match vault.resolutions(id).get(i)? {
            Resolution::Found(found)
                if vault.files[found.file].path == name || link.target() == name =>
            {
                Some((found.file, link.target()))
            }
            _ => None,
        }
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkflowView {
    pub name: String,
    pub title: String,
    pub url: String,
    pub percent: u32,
    pub done: usize,
    pub total: usize,
    pub current: Option<PhaseLink>,
    pub phases: Vec<PhaseView>,
    /// The history chart (inline SVG), when git history is known for
    /// every phase shown.
    pub chart: Option<String>,
}

/// Every workflow with its phases: the front page and the readiness page.
pub fn workflow_views(
    vault: &Vault,
    map: &SiteMap,
    report: &[WorkflowReadiness],
    history: &[crate::readiness::WorkflowHistory],
) -> Vec<WorkflowView> {
    report
        .iter()
        .map(|wf| {
            let mut phases: Vec<PhaseView> = (0..wf.phases.len())
                .map(|i| phase_view(vault, map, wf, i))
                .collect();
            // Only a history of exactly the phases shown: one counting a
            // phase left out of the site would tell of its checklists.
            let history = history.iter().find(|h| {
                h.workflow == wf.name
                    && h.last_moved
                        .iter()
                        .map(|(stem, _)| stem)
                        .eq(wf.phases.iter().map(|p| &p.stem))
            });
            if let Some(h) = history {
                for (view, (_, moved)) in phases.iter_mut().zip(&h.last_moved) {
                    view.last_moved = moved.map(super::chart::date);
                }
            }
            let current = wf
                .current
                .as_ref()
                .and_then(|stem| wf.phases.iter().find(|p| &p.stem == stem))
                .map(|p| PhaseLink {
                    title: p.title.clone(),
                    url: page_url(map, p.note),
                    label: phase_label(p),
                });
            WorkflowView {
                name: wf.name.clone(),
                title: title_case(&wf.name),
                url: current
                    .as_ref()
                    .map(|c| c.url.clone())
                    .or_else(|| phases.first().map(|p| p.url.clone()))
                    .unwrap_or_default(),
                percent: wf.percent,
                done: wf.done,
                total: wf.total,
                chart: history.and_then(|h| super::chart::svg(h, &title_case(&wf.name))),
                current,
                phases,
            }
        })
        .collect()
}

/// A checklist item as a reader sees it: wikilinks shown by their display
/// text (`[[release-plan|the plan]]` reads "the plan"), Markdown links by
/// their text, and emphasis and code markers dropped.
pub(crate) fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let with_links = crate::vault::links::wikilinks_as_text(markdown);
    let mut out = String::with_capacity(with_links.len());
    for event in Parser::new(&with_links) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checklist_items_read_as_plain_text() {
        assert_eq!(
            plain_text("Update the [[release-plan|release plan]] and **notify** `#ops`"),
            "Update the release plan and notify #ops"
        );
        assert_eq!(
            plain_text("See [[05-release#Exit Criteria]]"),
            "See 05-release > Exit Criteria"
        );
        assert_eq!(
            plain_text("Read [the guide](guides/x.md)"),
            "Read the guide"
        );
    }
}
