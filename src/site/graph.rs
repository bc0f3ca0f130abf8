//! The site's link graph, for each page's local graph (the note, what it
//! links to and what links to it, one and two steps away), as Obsidian
//! Publish and Quartz draw it.
//!
//! One file for the whole site, `_phasebook/graph.js`: every published
//! note (title, URL from the root) and every link between two of them,
//! once. A page loads it only when the reader opens its graph, and draws
//! the neighbourhood in the browser (`site.js`): no build output per page
//! beyond the note's number, and nothing fetched from the network (a
//! script the page loads works from `file://` too).

use std::collections::BTreeSet;

use serde::Serialize;

use super::output::{Content, Output};
use super::plan::SiteMap;
use super::urls::ASSET_DIR;
use crate::encode::encode_path;
use crate::vault::{NoteId, Vault};

/// The graph: each published note's number in it, and the edges.
pub(super) struct Graph {
    /// By note: its number in the graph, when it has a page and a link to
    /// or from another page.
    pub node_of: Vec<Option<u32>>,
    nodes: Vec<(String, String)>,
    edges: Vec<(u32, u32)>,
}

#[derive(Serialize)]
struct Script<'a> {
    /// `[title, url]` by node number.
    n: &'a [(String, String)],
    /// Edges as pairs of node numbers, flattened: `[a, b, a, b, …]`.
    e: Vec<u32>,
}

impl Graph {
    /// The links between published notes of `vault`, each once (either
    /// direction), notes without any left out; `linked_from` is, by note,
    /// the published notes that link to it (the backlinks' sets).
    pub fn of(vault: &Vault, map: &SiteMap, linked_from: &[BTreeSet<NoteId>]) -> Graph {
        let mut pairs: BTreeSet<(NoteId, NoteId)> = BTreeSet::new();
        for (target, sources) in linked_from.iter().enumerate() {
            if map.page(target).is_none() {
                continue;
            }
            for &source in sources {
                pairs.insert((source.min(target), source.max(target)));
            }
        }
        let mut node_of = vec![None; vault.notes.len()];
        let mut nodes = Vec::new();
        for &(a, b) in &pairs {
            for id in [a, b] {
                if node_of[id].is_none() {
                    node_of[id] = Some(u32::try_from(nodes.len()).unwrap_or(u32::MAX));
                    nodes.push((
                        vault.notes[id].title.clone(),
                        map.page(id).map(encode_path).unwrap_or_default(),
                    ));
                }
            }
        }
        let edges = pairs
            .iter()
            .filter_map(|&(a, b)| Some((node_of[a]?, node_of[b]?)))
            .collect();
        Graph {
            node_of,
            nodes,
            edges,
        }
    }

    /// `_phasebook/graph.js`; none when no page links to another.
    pub fn script(&self) -> Option<Output> {
        if self.nodes.is_empty() {
            return None;
        }
        let script = Script {
            n: &self.nodes,
            e: self.edges.iter().flat_map(|&(a, b)| [a, b]).collect(),
        };
        let json = serde_json::to_string(&script).ok()?;
        Some(Output {
            path: format!("{ASSET_DIR}/graph.js"),
            content: Content::Bytes(format!("window.phasebookGraph={json};\n").into_bytes()),
        })
    }
}
