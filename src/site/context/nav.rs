//! The sidebar's raw material, built once per build: the workflows with
//! their phases, and each folder's notes. A large vault's sidebar opens only
//! the current page's folder.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::{LinkItem, SMALL_VAULT, page_url, percent, phase_label, title_case};
use crate::encode::encode_path;
use crate::phases::Phases;
use crate::readiness::WorkflowReadiness;
use crate::site::plan::SiteMap;
use crate::site::summary::{NavChapter, Summary};
use crate::vault::{NoteId, Vault};

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
    /// Its phases are listed (every workflow of a small vault; the
    /// current page's in a large one).
    pub open: bool,
    /// The current page is one of its phases: shown unfolded.
    pub current: bool,
    pub percent: u32,
    pub phases: Vec<NavPhase>,
    /// A large vault's sidebar is a shared skeleton with this workflow
    /// closed, and a per-folder part that replaces it when it is the
    /// page's: the element carries `data-part` (see `site::sidebar`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub part: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavNode {
    pub name: String,
    pub path: String,
    /// Its notes and subfolders are listed (every folder of a small vault;
    /// those on the current page's path in a large one).
    pub open: bool,
    /// The folder holds the current page: shown unfolded, where every
    /// other folder is folded.
    pub current: bool,
    pub count: usize,
    /// The first note below the folder: where a closed folder leads.
    pub url: String,
    pub notes: Vec<LinkItem>,
    pub children: Vec<NavNode>,
    /// A top-level folder of a large vault: closed in the shared skeleton,
    /// opened by the page's part (see [`NavWorkflow::part`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub part: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    /// SUMMARY.md's table of contents (empty without one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<NavChapter>,
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
    /// SUMMARY.md's chapters, when the vault has one.
    summary: Option<Vec<NavChapter>>,
    /// The notes in the order the sidebar lists them, and each URL's place
    /// in it: a note's previous and next page outside the phase chains.
    order: Vec<LinkItem>,
    place: HashMap<String, usize>,
}

impl NavSource {
    pub fn new(
        vault: &Vault,
        phases: &Phases,
        report: &[WorkflowReadiness],
        map: &SiteMap,
        front_page_note: Option<NoteId>,
        section_labels: bool,
    ) -> NavSource {
        let summary = Summary::of(vault, map, section_labels);
        let in_summary: HashSet<NoteId> = summary
            .iter()
            .flat_map(|s| s.order.iter().map(|(id, _)| *id))
            .collect();
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
                    current: false,
                    percent: wf.percent,
                    phases,
                    part: false,
                }
            })
            .collect();
        let mut folders: BTreeMap<String, Vec<LinkItem>> = BTreeMap::new();
        for id in map.published_notes() {
            let note = &vault.notes[id];
            if phases.of_note(id).is_some()
                || Some(id) == front_page_note
                || in_summary.contains(&id)
            {
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
        // SUMMARY.md's chapters first, in its order; then the other notes.
        let mut order: Vec<LinkItem> = summary
            .iter()
            .flat_map(|s| &s.order)
            .map(|(id, title)| LinkItem {
                title: title.clone(),
                url: page_url(map, *id),
            })
            .collect();
        order.extend(folders.get("").cloned().unwrap_or_default());
        sidebar_order(&folders, "", &mut order);
        let mut place = HashMap::new();
        for (i, item) in order.iter().enumerate() {
            place.entry(item.url.clone()).or_insert(i);
        }
        NavSource {
            workflows,
            workflow_of,
            small: map.published_notes().count() <= SMALL_VAULT,
            summary: summary.map(|s| s.chapters),
            folders,
            order,
            place,
        }
    }

    /// The notes before and after the page at `url` in the sidebar's
    /// order (SUMMARY.md's chapters, then root notes, then each folder's
    /// subfolders and then its notes): previous and next for a note outside
    /// the phase chains.
    pub(crate) fn neighbours(&self, url: &str) -> (Option<&LinkItem>, Option<&LinkItem>) {
        match self.place.get(url) {
            Some(&i) => (
                i.checked_sub(1).and_then(|p| self.order.get(p)),
                self.order.get(i + 1),
            ),
            None => (None, None),
        }
    }

    /// Whether the vault has a SUMMARY.md, whose order the front page
    /// takes part in (mdBook's first chapter is often the home note).
    pub(crate) fn has_summary(&self) -> bool {
        self.summary.is_some()
    }

    /// Whether the vault is small enough for one tree of every note,
    /// shared by all pages.
    pub(crate) fn is_small(&self) -> bool {
        self.small
    }

    /// The workflow a phase note belongs to.
    pub(crate) fn workflow_of(&self, note: NoteId) -> Option<usize> {
        self.workflow_of.get(&note).copied()
    }

    /// The sidebar with workflow `open_workflow` and folder `folder` open:
    /// in a small vault (everything open) the shared tree, in a large one
    /// (with `None`, `None`) the skeleton every page shares, all closed.
    pub(crate) fn nav_for(&self, open_workflow: Option<usize>, folder: Option<&str>) -> Nav {
        let workflows = (0..self.workflows.len())
            .map(|w| self.workflow_item(w, Some(w) == open_workflow))
            .collect();
        Nav {
            summary: self.summary.clone().unwrap_or_default(),
            workflows,
            tree: self.children_of("", folder),
            root_notes: self.folders.get("").cloned().unwrap_or_default(),
        }
    }

    /// A large vault's part of the sidebar for pages in `folder` of workflow
    /// `workflow`: only that workflow, open, and the top-level folder
    /// holding `folder`, open along the path to it. Each replaces its
    /// closed namesake in the skeleton ([`NavSource::nav_for`]), so a
    /// sidebar costs the size of its own path, not of the whole top level
    /// (at 100,000 notes in 298 top-level folders, the per-folder trees
    /// were 307 MB, 50 KB each).
    pub(crate) fn part_for(&self, workflow: Option<usize>, folder: Option<&str>) -> Nav {
        let top = folder
            .and_then(|f| f.split('/').next())
            .filter(|t| !t.is_empty());
        Nav {
            summary: Vec::new(),
            workflows: workflow
                .map(|w| self.workflow_item(w, true))
                .into_iter()
                .collect(),
            tree: top
                .and_then(|t| self.folders.get_key_value(t))
                .map(|(path, notes)| self.node(path, notes, 0, folder))
                .into_iter()
                .collect(),
            root_notes: Vec::new(),
        }
    }

    fn workflow_item(&self, w: usize, current: bool) -> NavWorkflow {
        let wf = &self.workflows[w];
        let open = current || self.small;
        NavWorkflow {
            name: wf.name.clone(),
            title: wf.title.clone(),
            url: wf.url.clone(),
            open,
            current,
            percent: wf.percent,
            // A large vault lists the phases of the current workflow only.
            phases: if open { wf.phases.clone() } else { Vec::new() },
            part: !self.small,
        }
    }

    fn children_of(&self, parent: &str, current: Option<&str>) -> Vec<NavNode> {
        let name_at = if parent.is_empty() {
            0
        } else {
            parent.len() + 1
        };
        child_folders(&self.folders, parent)
            .map(|(path, notes)| self.node(path, notes, name_at, current))
            .collect()
    }

    /// The node of folder `path` (its name starting at byte `name_at`),
    /// open when the vault is small or `current` is in it.
    fn node(
        &self,
        path: &String,
        notes: &[LinkItem],
        name_at: usize,
        current: Option<&str>,
    ) -> NavNode {
        let inside = format!("{path}/");
        let on_path = current.is_some_and(|c| c == path || c.starts_with(&inside));
        let open = self.small || on_path;
        let below: Vec<(&String, &Vec<LinkItem>)> = self
            .folders
            .range(path.clone()..)
            .take_while(|(p, _)| *p == path || p.starts_with(&inside))
            .collect();
        let count = below.iter().map(|(_, n)| n.len()).sum();
        let url = below
            .iter()
            .find_map(|(_, n)| n.first().map(|l| l.url.clone()))
            .unwrap_or_default();
        NavNode {
            name: path[name_at..].to_string(),
            path: path.clone(),
            open,
            current: on_path,
            count,
            url,
            notes: if open { notes.to_vec() } else { Vec::new() },
            children: if open {
                self.children_of(path, current)
            } else {
                Vec::new()
            },
            part: !self.small && name_at == 0,
        }
    }
}

/// The folders directly below `parent` ("" for the vault root), by path,
/// with their notes: the sidebar's tree and its reading order walk the
/// same folders.
fn child_folders<'f>(
    folders: &'f BTreeMap<String, Vec<LinkItem>>,
    parent: &str,
) -> impl Iterator<Item = (&'f String, &'f Vec<LinkItem>)> {
    let prefix = if parent.is_empty() {
        String::new()
    } else {
        format!("{parent}/")
    };
    let name_at = prefix.len();
    folders
        .range(prefix.clone()..)
        .take_while(move |(path, _)| path.starts_with(&prefix))
        .filter(move |(path, _)| !path.is_empty() && !path[name_at..].contains('/'))
}

/// The notes below folder `parent` in the sidebar's order, appended to
/// `out`: each subfolder (by path) with its own subfolders first, then its
/// notes (by title).
fn sidebar_order(folders: &BTreeMap<String, Vec<LinkItem>>, parent: &str, out: &mut Vec<LinkItem>) {
    for (child, notes) in child_folders(folders, parent) {
        sidebar_order(folders, child, out);
        out.extend(notes.iter().cloned());
    }
}
