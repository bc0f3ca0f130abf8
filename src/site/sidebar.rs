//! Build stage 4, *sidebars*: the navigation, rendered once per (folder,
//! open workflow, depth) rather than once per page.
//!
//! Takes [`Shared`]; gives [`Sidebars`], which hands each page the script
//! tag of its sidebar, and the per-folder scripts to publish.

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
    /// One tree for the whole site (a vault of up to
    /// [`SMALL_VAULT`](super::context::SMALL_VAULT) notes): rendered with an
    /// empty root, every folder listed and folded; each page's script
    /// prefixes the links with the page's root and unfolds the path to the
    /// page's own link. A larger vault has a tree per folder, listing only
    /// that folder's path.
    shared_tree: bool,
}

impl Sidebars {
    pub fn render(shared: &Shared<'_>) -> Result<Sidebars> {
        let (vault, map) = (shared.vault, &shared.plan.map);
        let shared_tree = shared.nav.is_small();
        let page_keys: BTreeMap<NoteId, SidebarKey> = map
            .published_notes()
            .map(|id| {
                let key = if shared_tree {
                    SHARED_KEY
                } else {
                    (
                        Some(vault.notes[id].folder().to_string()),
                        shared.nav.workflow_of(id),
                        root_prefix(map.page(id).unwrap_or_default()),
                    )
                };
                (id, key)
            })
            .collect();
        let mut keys: BTreeSet<SidebarKey> = page_keys.values().cloned().collect();
        let base_url = &shared.config.site.base_url;
        if shared_tree {
            keys.insert(SHARED_KEY);
        } else {
            for path in GENERATED
                .iter()
                .copied()
                .chain(map.tags.values().map(|t| t.page.as_str()))
            {
                keys.insert((None, None, generated_root(path, base_url)));
            }
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
            shared_tree,
        })
    }

    /// The sidebar of note `id`'s page, at `url`.
    pub(crate) fn for_note(&self, id: NoteId, url: &str) -> String {
        let root = root_prefix(url);
        self.page_keys
            .get(&id)
            .map(|key| self.for_key(key, &root, url))
            .unwrap_or_default()
    }

    /// The sidebar of a generated page whose root prefix is `root`.
    pub(crate) fn for_generated(&self, root: &str, url: &str) -> String {
        let key = if self.shared_tree {
            SHARED_KEY
        } else {
            (None, None, root.to_string())
        };
        self.for_key(&key, root, url)
    }

    /// A page's sidebar is not in the page: it is one script per sidebar
    /// (per folder, in effect) that every page of the folder loads, as
    /// mdBook does with its `toc.js`. Written into each page it was most of
    /// the bytes of every page (54–74% on Obsidian's 183-note help vault),
    /// and the browser fetched the same tree again with each page. The
    /// script is not deferred, so the tree is in place before the page
    /// below it is laid out: nothing shifts.
    fn for_key(&self, key: &SidebarKey, root: &str, url: &str) -> String {
        let index = self.index.get(key).copied().unwrap_or(0);
        // The shared tree's links are relative to the root: the script
        // puts the page's root before each.
        let data_root = if self.shared_tree {
            format!(" data-root=\"{}\"", html::escape(root))
        } else {
            String::new()
        };
        format!(
            "<script src=\"{root}{ASSET_DIR}/nav/{index}.js\"{data_root} data-current=\"{root}{url}\"></script>\
             <noscript><p class=\"nav-empty\"><a href=\"{root}index.html\">Contents</a></p></noscript>",
            root = html::escape(root),
            url = html::escape(url),
        )
    }

    /// The per-folder scripts the pages load.
    pub fn scripts(&self) -> Vec<Output> {
        self.index
            .iter()
            .map(|(key, index)| Output {
                path: format!("{ASSET_DIR}/nav/{index}.js"),
                content: Content::Bytes(sidebar_script(&self.html[key]).into_bytes()),
            })
            .collect()
    }
}

/// The one key of a shared tree.
const SHARED_KEY: SidebarKey = (None, None, String::new());

/// The script that writes a sidebar into a page: puts the page's root
/// (`data-root`, for the shared tree) before each link, marks the page's
/// own link (`data-current`) and unfolds the folders and workflow it is
/// in, then hands the sidebar to `theme.js`'s `phasebookSidebar`, which
/// unfolds what the reader left unfolded on other pages.
fn sidebar_script(html: &str) -> String {
    let json = serde_json::to_string(html).unwrap_or_else(|_| "\"\"".to_string());
    format!(
        "(function(){{var s=document.currentScript;if(!s)return;\
         s.insertAdjacentHTML('beforebegin',{json});\
         var n=s.parentNode,r=s.getAttribute('data-root'),c=s.getAttribute('data-current'),\
         l=n.querySelectorAll('a[href]'),m=null,i,a,d;\
         for(i=0;i<l.length;i++){{a=l[i];if(r!==null)a.setAttribute('href',r+a.getAttribute('href'));\
         if(!m&&a.getAttribute('href')===c){{m=a;a.setAttribute('aria-current','page');}}}}\
         for(d=m&&m.parentNode;d&&d!==n;d=d.parentNode){{if(d.tagName==='DETAILS'){{d.open=true;d.setAttribute('data-current','');}}}}\
         if(window.phasebookSidebar)window.phasebookSidebar(n);}})();\n"
    )
}
