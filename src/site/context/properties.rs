//! A note's properties panel: its frontmatter, flattened into rows, each
//! value shown as text and a link where it is one (a broken link marked).

use std::collections::HashMap;

use serde::Serialize;

use crate::encode::encode_path;
use crate::site::plan::SiteMap;
use crate::vault::frontmatter::{Node, Value};
use crate::vault::{NoteId, Origin, Resolution, Vault};

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
        if let Origin::Frontmatter(key) = link.origin() {
            links.insert(key, (i, link));
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
                key.to_string()
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
        Some((i, link)) => match vault.resolutions(id).get(*i) {
            // A note or file left out of the site: its name as written,
            // neither a link nor marked broken.
            Some(Resolution::Found(found)) if map.output(found.file).is_none() => MetaValue {
                text: link.display().unwrap_or(link.target()).to_string(),
                url: None,
                broken: false,
            },
            Some(Resolution::Found(found)) if !found.subpath.is_missing() => MetaValue {
                text: link.display().unwrap_or(link.target()).to_string(),
                url: map.output(found.file).map(encode_path),
                broken: false,
            },
            _ => MetaValue {
                text: link.display().unwrap_or(link.target()).to_string(),
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
        Value::Str { text, .. } => text.to_string(),
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
