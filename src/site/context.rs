//! What the templates see: plain serialisable structs built from the vault,
//! the phases and the readiness report. `docs/site-templates.md` documents
//! every field; a template author never needs to know the vault model.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::plan::SiteMap;
use crate::encode::encode_path;
use crate::phases::Phases;
use crate::readiness::{Count, PhaseReadiness, WorkflowReadiness};
use crate::vault::frontmatter::{Node, Value};
use crate::vault::{NoteId, Origin, Resolution, Vault};

/// A vault above this many notes gets a sidebar that only opens the folder
/// of the current page: listing every note on every page would make a
/// 10,000-note site weigh gigabytes.
pub const SMALL_VAULT: usize = 300;

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// `[book] authors`, as mdBook has them: each page's author meta tag.
    pub authors: Vec<String>,
    pub description: String,
    pub language: String,
    pub generator: String,
    /// The Content-Security-Policy every page carries in a `<meta>` (empty
    /// with `[site] allow-raw-html`, whose authors want their own scripts).
    pub csp: String,
}

/// What a page may load and run: the site's own scripts and style sheets
/// only (no inline script: the theme has none, and a note's would be one
/// the sanitiser missed), inline style attributes (pulldown-cmark writes
/// table alignment as `style="text-align…"`), images and media from the
/// site or the web (notes embed external images), nothing framed, no
/// plugins, no `<base>`, no forms. In a `<meta>` so it holds on any static
/// host; `serve` also sends it as a header, with `frame-ancestors`, which
/// a `<meta>` cannot carry.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: https: http:; \
media-src 'self' https: http:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
frame-src 'none'; base-uri 'none'; form-action 'none'";

/// The policy a site's pages carry: none with `[site] allow-raw-html`,
/// whose authors want their own scripts. The one place `build` and
/// `serve` take it from.
pub fn content_security_policy(site: &crate::config::SiteConfig) -> &'static str {
    if site.allow_raw_html {
        ""
    } else {
        CONTENT_SECURITY_POLICY
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkItem {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub percent: u32,
}

impl From<Count> for Progress {
    fn from(c: Count) -> Self {
        Progress {
            done: c.done,
            total: c.total,
            percent: percent(c.done, c.total),
        }
    }
}

pub fn percent(done: usize, total: usize) -> u32 {
    (done * 100).checked_div(total).unwrap_or(0) as u32
}

#[derive(Debug, Clone, Serialize)]
pub struct NavPhase {
    pub label: String,
    pub title: String,
    pub url: String,
    pub status: &'static str,
    pub percent: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavWorkflow {
    pub name: String,
    pub title: String,
    pub url: String,
    pub open: bool,
    pub percent: u32,
    pub phases: Vec<NavPhase>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavNode {
    pub name: String,
    pub path: String,
    pub open: bool,
    pub count: usize,
    /// The first note below the folder: where a closed folder leads.
    pub url: String,
    pub notes: Vec<LinkItem>,
    pub children: Vec<NavNode>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    pub workflows: Vec<NavWorkflow>,
    pub tree: Vec<NavNode>,
    pub root_notes: Vec<LinkItem>,
}

/// The sidebar's raw material, built once per build.
pub struct NavSource {
    workflows: Vec<NavWorkflow>,
    /// Workflow of each phase note.
    workflow_of: HashMap<NoteId, usize>,
    /// Folder path to its notes (not phase documents), sorted by title.
    folders: BTreeMap<String, Vec<LinkItem>>,
    small: bool,
}

/// A phase's label: `01 · Discovery`.
pub fn phase_label(p: &PhaseReadiness) -> String {
    let number = p.number.map(|n| format!("{n:02}"));
    let name = p.name.clone().unwrap_or_else(|| p.title.clone());
    match number {
        Some(n) => format!("{n} · {name}"),
        None => name,
    }
}

pub fn title_case(name: &str) -> String {
    let name = name.rsplit('/').next().unwrap_or(name);
    name.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl NavSource {
    pub fn new(
        vault: &Vault,
        phases: &Phases,
        report: &[WorkflowReadiness],
        map: &SiteMap,
        front_page_note: Option<NoteId>,
    ) -> NavSource {
        let mut workflow_of = HashMap::new();
        let workflows: Vec<NavWorkflow> = report
            .iter()
            .enumerate()
            .map(|(w, wf)| {
                let phases: Vec<NavPhase> = wf
                    .phases
                    .iter()
                    .map(|p| {
                        workflow_of.insert(p.note, w);
                        NavPhase {
                            label: phase_label(p),
                            title: p.title.clone(),
                            url: page_url(map, p.note),
                            status: p.status.as_str(),
                            percent: percent(p.total().done, p.total().total),
                        }
                    })
                    .collect();
                let current = wf
                    .current
                    .as_ref()
                    .and_then(|stem| wf.phases.iter().find(|p| &p.stem == stem))
                    .or(wf.phases.first());
                NavWorkflow {
                    name: wf.name.clone(),
                    title: title_case(&wf.name),
                    url: current.map(|p| page_url(map, p.note)).unwrap_or_default(),
                    open: false,
                    percent: wf.percent,
                    phases,
                }
            })
            .collect();
        let mut folders: BTreeMap<String, Vec<LinkItem>> = BTreeMap::new();
        for id in map.published_notes() {
            let note = &vault.notes[id];
            if phases.of_note(id).is_some() || Some(id) == front_page_note {
                continue;
            }
            let folder = note.folder().to_string();
            // Make sure every ancestor folder exists as a node.
            let mut at = folder.as_str();
            while let Some((parent, _)) = at.rsplit_once('/') {
                folders.entry(parent.to_string()).or_default();
                at = parent;
            }
            folders.entry(folder).or_default().push(LinkItem {
                title: note.title.clone(),
                url: map.page(id).map(encode_path).unwrap_or_default(),
            });
        }
        for notes in folders.values_mut() {
            notes.sort();
        }
        NavSource {
            workflows,
            workflow_of,
            small: map.published_notes().count() <= SMALL_VAULT,
            folders,
        }
    }

    /// Whether the vault is small enough to list every note on every page.
    pub fn is_small(&self) -> bool {
        self.small
    }

    /// The workflow a phase note belongs to.
    pub fn workflow_of(&self, note: NoteId) -> Option<usize> {
        self.workflow_of.get(&note).copied()
    }

    /// The sidebar with workflow `open_workflow` and folder `folder` open.
    pub fn nav_for(&self, open_workflow: Option<usize>, folder: Option<&str>) -> Nav {
        let workflows = self
            .workflows
            .iter()
            .enumerate()
            .map(|(w, wf)| {
                let open = Some(w) == open_workflow || self.small;
                NavWorkflow {
                    name: wf.name.clone(),
                    title: wf.title.clone(),
                    url: wf.url.clone(),
                    open,
                    percent: wf.percent,
                    // A large vault lists the phases of the current
                    // workflow only.
                    phases: if open { wf.phases.clone() } else { Vec::new() },
                }
            })
            .collect();
        Nav {
            workflows,
            tree: self.children_of("", folder),
            root_notes: self.folders.get("").cloned().unwrap_or_default(),
        }
    }

    fn children_of(&self, parent: &str, current: Option<&str>) -> Vec<NavNode> {
        let prefix = if parent.is_empty() {
            String::new()
        } else {
            format!("{parent}/")
        };
        self.folders
            .range(prefix.clone()..)
            .take_while(|(path, _)| path.starts_with(&prefix))
            .filter(|(path, _)| !path.is_empty() && !path[prefix.len()..].contains('/'))
            .map(|(path, notes)| {
                let open = self.small
                    || current.is_some_and(|c| c == path || c.starts_with(&format!("{path}/")));
                let below: Vec<(&String, &Vec<LinkItem>)> = self
                    .folders
                    .range(path.clone()..)
                    .take_while(|(p, _)| *p == path || p.starts_with(&format!("{path}/")))
                    .collect();
                let count = below.iter().map(|(_, n)| n.len()).sum();
                let url = below
                    .iter()
                    .find_map(|(_, n)| n.first().map(|l| l.url.clone()))
                    .unwrap_or_default();
                NavNode {
                    name: path[prefix.len()..].to_string(),
                    path: path.clone(),
                    open,
                    count,
                    url,
                    notes: if open { notes.clone() } else { Vec::new() },
                    children: if open {
                        self.children_of(path, current)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect()
    }
}

/// The root-relative URL of the page of the note at vault path `path`;
/// empty for a note with no page (the site's phases are published ones).
pub fn page_url(map: &SiteMap, id: NoteId) -> String {
    map.page(id).map(encode_path).unwrap_or_default()
}

#[derive(Debug, Clone, Serialize)]
pub struct MetaValue {
    pub text: String,
    pub url: Option<String>,
    pub broken: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetaEntry {
    pub key: String,
    pub values: Vec<MetaValue>,
}

/// The frontmatter panel of a note: every key in file order, nested maps
/// flattened, wikilink values made links (or marked broken).
pub fn meta(vault: &Vault, map: &SiteMap, id: NoteId) -> Vec<MetaEntry> {
    let note = &vault.notes[id];
    let Some(root) = note.frontmatter.as_ref().and_then(|fm| fm.value.as_ref()) else {
        return Vec::new();
    };
    // Links found in frontmatter, by key path.
    let mut links: HashMap<&str, (usize, &crate::vault::Link)> = HashMap::new();
    for (i, link) in note.links.iter().enumerate() {
        if let Origin::Frontmatter(key) = &link.origin {
            links.insert(key.as_str(), (i, link));
        }
    }
    let mut out = Vec::new();
    flatten(root, String::new(), &mut |key, path, node| {
        if key == "tags" {
            return;
        }
        let values: Vec<MetaValue> = match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(n, item)| meta_value(vault, map, id, &links, &format!("{path}.{n}"), item))
                .collect(),
            _ => vec![meta_value(vault, map, id, &links, &path, node)],
        };
        out.push(MetaEntry {
            key: key.to_string(),
            values,
        });
    });
    out
}

fn flatten(node: &Node, prefix: String, visit: &mut dyn FnMut(&str, String, &Node)) {
    if let Value::Map(entries) = &node.value {
        for (key, value) in entries {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            if matches!(value.value, Value::Map(_)) {
                flatten(value, path, visit);
            } else {
                visit(&path.clone(), path, value);
            }
        }
    }
}

fn meta_value(
    vault: &Vault,
    map: &SiteMap,
    id: NoteId,
    links: &HashMap<&str, (usize, &crate::vault::Link)>,
    path: &str,
    node: &Node,
) -> MetaValue {
    let text = scalar_text(node);
    match links.get(path) {
        Some((i, link)) => match vault.resolutions[id].get(*i) {
            // A note or file left out of the site: its name as written,
            // neither a link nor marked broken.
            Some(Resolution::Found(found)) if map.output(found.file).is_none() => MetaValue {
                text: link.display.clone().unwrap_or_else(|| link.target.clone()),
                url: None,
                broken: false,
            },
            Some(Resolution::Found(found)) if !found.subpath.is_missing() => MetaValue {
                text: link.display.clone().unwrap_or_else(|| link.target.clone()),
                url: map.output(found.file).map(encode_path),
                broken: false,
            },
            _ => MetaValue {
                text: link.display.clone().unwrap_or_else(|| link.target.clone()),
                url: None,
                broken: true,
            },
        },
        None => MetaValue {
            text,
            url: None,
            broken: false,
        },
    }
}

fn scalar_text(node: &Node) -> String {
    match &node.value {
        Value::Str { text, .. } => text.clone(),
        Value::Seq(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(", "),
        Value::Map(_) => String::new(),
        other => other_text(other),
    }
}

fn other_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        _ => String::new(),
    }
}

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
                    total: g.items.len(),
                    percent: percent(g.done(), g.items.len()),
                },
                items: g
                    .items
                    .iter()
                    .map(|i| ItemView {
                        text: plain_text(&i.text),
                        done: i.done,
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
        if !matches!(&link.origin, Origin::Frontmatter(k) if k.starts_with("artifacts")) {
            return None;
        }
        match vault.resolutions[id].get(i)? {
            Resolution::Found(found)
                if vault.files[found.file].path == name || link.target == name =>
            {
                Some((found.file, link.target.as_str()))
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
}

/// Every workflow with its phases: the front page and the readiness page.
pub fn workflow_views(
    vault: &Vault,
    map: &SiteMap,
    report: &[WorkflowReadiness],
) -> Vec<WorkflowView> {
    report
        .iter()
        .map(|wf| {
            let phases: Vec<PhaseView> = (0..wf.phases.len())
                .map(|i| phase_view(vault, map, wf, i))
                .collect();
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
                current,
                phases,
            }
        })
        .collect()
}

/// A checklist item as a reader sees it: wikilinks shown by their display
/// text (`[[release-plan|the plan]]` reads "the plan"), Markdown links by
/// their text, and emphasis and code markers dropped.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut with_links = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(start) = rest.find("[[") {
        let Some(len) = rest[start..].find("]]") else {
            break;
        };
        with_links.push_str(&rest[..start]);
        let (target, subpath, display) =
            crate::vault::links::split_inner(&rest[start + 2..start + len]);
        with_links.push_str(&display.unwrap_or_else(|| match subpath {
            Some(sub) => format!("{target} > {sub}"),
            None => target,
        }));
        rest = &rest[start + len + 2..];
    }
    with_links.push_str(rest);
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
