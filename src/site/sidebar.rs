//! Build stage 4, *sidebars*: the navigation, rendered once per (folder,
//! open workflow, depth) rather than once per page.
//!
//! Takes [`Shared`]; gives [`Sidebars`], which hands each page its sidebar
//! (inline, or the script that writes it) and, for a large vault, the
//! per-folder scripts to publish.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use minijinja::Value as JValue;
use rayon::prelude::*;

use super::output::{Content, Output};
use super::plan::GENERATED;
use super::shared::Shared;
use super::urls::{ASSET_DIR, generated_root, root_prefix};
use crate::html;
use crate::vault::NoteId;

/// A sidebar as rendered: (folder, open workflow, root prefix). Generated
/// pages have no folder and no workflow.
type SidebarKey = (Option<String>, Option<usize>, String);

/// Every sidebar of the site.
pub(super) struct Sidebars {
    html: BTreeMap<SidebarKey, String>,
    /// The number of each sidebar's script (large vaults).
    index: BTreeMap<SidebarKey, usize>,
    /// The sidebar of each note page.
    page_keys: BTreeMap<NoteId, SidebarKey>,
    /// A small vault's sidebar is written into every page. A large one's
    /// (hundreds of links, the same for a whole folder) goes to one script
    /// per folder that every page of the folder loads, as mdBook does with
    /// its `toc.js`: it would otherwise be most of the bytes of every page.
    inline: bool,
}

impl Sidebars {
    pub fn render(shared: &Shared<'_>) -> Result<Sidebars> {
        let (vault, map) = (shared.vault, &shared.plan.map);
        let page_keys: BTreeMap<NoteId, SidebarKey> = map
            .published_notes()
            .map(|id| {
                let key = (
                    Some(vault.notes[id].folder().to_string()),
                    shared.nav.workflow_of(id),
                    root_prefix(map.page(id).unwrap_or_default()),
                );
                (id, key)
            })
            .collect();
        let mut keys: BTreeSet<SidebarKey> = page_keys.values().cloned().collect();
        let base_url = &shared.config.site.base_url;
        for path in GENERATED
            .iter()
            .copied()
            .chain(map.tags.values().map(|t| t.page.as_str()))
        {
            keys.insert((None, None, generated_root(path, base_url)));
        }
        let html: BTreeMap<SidebarKey, String> = keys
            .into_par_iter()
            .map(|key| -> Result<(SidebarKey, String)> {
                let (folder, workflow, root) = &key;
                let nav = shared.nav.nav_for(*workflow, folder.as_deref());
                let own = vec![
                    ("nav", JValue::from_serialize(nav)),
                    ("current", JValue::from("")),
                ];
                let html = shared.fill_text("sidebar.html", shared.context(root.clone(), own))?;
                Ok((key, html))
            })
            .collect::<Result<_>>()?;
        let index = html
            .keys()
            .cloned()
            .enumerate()
            .map(|(i, k)| (k, i))
            .collect();
        Ok(Sidebars {
            html,
            index,
            page_keys,
            inline: shared.nav.is_small(),
        })
    }

    /// The sidebar of note `id`'s page, at `url`.
    pub(crate) fn for_note(&self, id: NoteId, url: &str) -> String {
        self.page_keys
            .get(&id)
            .map(|key| self.for_key(key, url))
            .unwrap_or_default()
    }

    /// The sidebar of a generated page whose root prefix is `root`.
    pub(crate) fn for_generated(&self, root: &str, url: &str) -> String {
        self.for_key(&(None, None, root.to_string()), url)
    }

    fn for_key(&self, key: &SidebarKey, url: &str) -> String {
        let root = &key.2;
        if self.inline {
            return mark_current(
                self.html.get(key).map(String::as_str).unwrap_or(""),
                root,
                url,
            );
        }
        let index = self.index.get(key).copied().unwrap_or(0);
        format!(
            "<script src=\"{root}{ASSET_DIR}/nav/{index}.js\" data-current=\"{root}{url}\"></script>\
             <noscript><p class=\"nav-empty\"><a href=\"{root}index.html\">Contents</a></p></noscript>",
            root = html::escape(root),
            url = html::escape(url),
        )
    }

    /// The per-folder scripts a large vault's pages load (none for a small
    /// vault, whose pages hold their sidebar).
    pub fn scripts(&self) -> Vec<Output> {
        if self.inline {
            return Vec::new();
        }
        self.index
            .iter()
            .map(|(key, index)| Output {
                path: format!("{ASSET_DIR}/nav/{index}.js"),
                content: Content::Bytes(sidebar_script(&self.html[key]).into_bytes()),
            })
            .collect()
    }
}

/// The script that writes a folder's sidebar into a page of a large vault
/// and marks the page's own link (its `data-current`).
fn sidebar_script(html: &str) -> String {
    let json = serde_json::to_string(html).unwrap_or_else(|_| "\"\"".to_string());
    format!(
        "(function(){{var s=document.currentScript;if(!s)return;\
         s.insertAdjacentHTML('beforebegin',{json});\
         var c=s.getAttribute('data-current'),l=s.parentNode.querySelectorAll('a[href]');\
         for(var i=0;i<l.length;i++){{if(l[i].getAttribute('href')===c){{l[i].setAttribute('aria-current','page');break;}}}}}})();\n"
    )
}

/// Mark the current page's link in a sidebar rendered for its folder: the
/// first `href="ROOT+URL"` gets `aria-current="page"`.
fn mark_current(sidebar: &str, root: &str, url: &str) -> String {
    let needle = format!("href=\"{}{}\"", html::escape(root), html::escape(url));
    match sidebar.find(&needle) {
        Some(at) => {
            let end = at + needle.len();
            let mut out = String::with_capacity(sidebar.len() + 24);
            out.push_str(&sidebar[..end]);
            out.push_str(" aria-current=\"page\"");
            out.push_str(&sidebar[end..]);
            out
        }
        None => sidebar.to_string(),
    }
}
