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
use super::shared::Shared;
use super::urls::{ASSET_DIR, root_prefix};
use crate::html;
use crate::vault::NoteId;

/// A sidebar as rendered: (folder, open workflow). The shared tree of a
/// small vault, and the generated pages of a large one, have neither.
type SidebarKey = (Option<String>, Option<usize>);

/// Every sidebar of the site.
pub(super) struct Sidebars {
    html: BTreeMap<SidebarKey, String>,
    /// The number of each sidebar's script.
    index: BTreeMap<SidebarKey, usize>,
    /// The sidebar of each note page.
    page_keys: BTreeMap<NoteId, SidebarKey>,
    /// A vault of up to [`SMALL_VAULT`](super::context::SMALL_VAULT) notes
    /// (`None`) has one tree for the whole site, every folder listed and
    /// folded. A larger one has this skeleton, shared by every page (every
    /// workflow and top-level folder closed), and per folder and workflow a
    /// *part*: that workflow and top-level folder open along the page's
    /// path, which the page's script puts in place of their closed copies.
    /// Rendered whole per folder, the sidebars grew with the square of the
    /// vault (each listed every top-level folder and workflow).
    skeleton: Option<String>,
}

impl Sidebars {
    pub fn render(shared: &Shared<'_>) -> Result<Sidebars> {
        let (vault, map) = (shared.vault, &shared.plan.map);
        let small = shared.nav.is_small();
        let page_keys: BTreeMap<NoteId, SidebarKey> = map
            .published_notes()
            .map(|id| {
                let key = if small {
                    SHARED_KEY
                } else {
                    (
                        Some(vault.notes[id].folder().to_string()),
                        shared.nav.workflow_of(id),
                    )
                };
                (id, key)
            })
            .collect();
        let mut keys: BTreeSet<SidebarKey> = page_keys.values().cloned().collect();
        // The shared tree; in a large vault, the generated pages' (no part).
        keys.insert(SHARED_KEY);
        // Rendered with an empty root: each page's script tag gives its own.
        let fill = |nav| -> Result<String> {
            let own = vec![
                ("nav", JValue::from_serialize(nav)),
                ("current", JValue::from("")),
            ];
            shared.fill_text("sidebar.html", shared.context(String::new(), own))
        };
        let html: BTreeMap<SidebarKey, String> = keys
            .into_par_iter()
            .map(|key| -> Result<(SidebarKey, String)> {
                let (folder, workflow) = &key;
                let html = if small {
                    fill(shared.nav.nav_for(None, None))?
                } else if key == SHARED_KEY {
                    // A large vault's generated pages: the skeleton alone.
                    String::new()
                } else {
                    fill(shared.nav.part_for(*workflow, folder.as_deref()))?
                };
                Ok((key, html))
            })
            .collect::<Result<_>>()?;
        let skeleton = if small {
            None
        } else {
            Some(fill(shared.nav.nav_for(None, None))?)
        };
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
            skeleton,
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
        self.for_key(&SHARED_KEY, root, url)
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
        // A large vault's part script needs the skeleton first.
        let skeleton = if self.skeleton.is_some() {
            format!(
                "<script src=\"{root}{ASSET_DIR}/nav/{SKELETON}\"></script>",
                root = html::escape(root)
            )
        } else {
            String::new()
        };
        // The links are relative to the root: the script puts the page's
        // root before each.
        format!(
            "{skeleton}<script src=\"{root}{ASSET_DIR}/nav/{index}.js\" data-root=\"{root}\" data-current=\"{root}{url}\"></script>\
             <noscript><p class=\"nav-empty\"><a href=\"{root}index.html\">Contents</a></p></noscript>",
            root = html::escape(root),
            url = html::escape(url),
        )
    }

    /// The scripts the pages load: the shared tree, or the skeleton and
    /// each folder's part.
    pub fn scripts(&self) -> Vec<Output> {
        let script = |body: String| Content::Bytes(body.into_bytes());
        let mut scripts: Vec<Output> = self
            .index
            .iter()
            .map(|(key, index)| Output {
                path: format!("{ASSET_DIR}/nav/{index}.js"),
                content: script(match self.skeleton {
                    None => sidebar_script(&self.html[key]),
                    Some(_) => part_script(&self.html[key]),
                }),
            })
            .collect();
        if let Some(skeleton) = &self.skeleton {
            scripts.push(Output {
                path: format!("{ASSET_DIR}/nav/{SKELETON}"),
                content: script(format!("window.phasebookNavTop={};\n", js_string(skeleton))),
            });
        }
        scripts
    }
}

/// The one key of a shared tree (and of a large vault's generated pages).
const SHARED_KEY: SidebarKey = (None, None);

/// A large vault's shared sidebar skeleton, beside the numbered parts.
const SKELETON: &str = "top.js";

fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// What every sidebar script does once the tree is in the page: puts the
/// page's root (`data-root`) before each link, marks the page's own link
/// (`data-current`) and unfolds the folders and workflow it is in, then
/// hands the sidebar to `theme.js`'s `phasebookSidebar`, which unfolds
/// what the reader left unfolded on other pages.
const MARK_CURRENT: &str = "var n=s.parentNode,r=s.getAttribute('data-root'),c=s.getAttribute('data-current'),\
     l=n.querySelectorAll('a[href]'),m=null,i,a,d;\
     for(i=0;i<l.length;i++){a=l[i];if(r!==null)a.setAttribute('href',r+a.getAttribute('href'));\
     if(!m&&a.getAttribute('href')===c){m=a;a.setAttribute('aria-current','page');}}\
     for(d=m&&m.parentNode;d&&d!==n;d=d.parentNode){if(d.tagName==='DETAILS'){d.open=true;d.setAttribute('data-current','');}}\
     if(window.phasebookSidebar)window.phasebookSidebar(n);})();\n";

/// The script that writes a small vault's shared tree into a page.
fn sidebar_script(html: &str) -> String {
    format!(
        "(function(){{var s=document.currentScript;if(!s)return;\
         s.insertAdjacentHTML('beforebegin',{json});{MARK_CURRENT}",
        json = js_string(html)
    )
}

/// The script that writes a large vault's skeleton (`window.phasebookNavTop`,
/// from [`SKELETON`]) into a page, then puts each element of its own part
/// that carries `data-part` (the page's workflow and top-level folder,
/// open) in place of the skeleton's closed element of the same name.
fn part_script(html: &str) -> String {
    format!(
        "(function(){{var s=document.currentScript;if(!s)return;\
         s.insertAdjacentHTML('beforebegin',window.phasebookNavTop||'');\
         var t=document.createElement('template'),k={{}},q,j,p;t.innerHTML={json};\
         q=s.parentNode.querySelectorAll('[data-part]');for(j=0;j<q.length;j++)k[q[j].getAttribute('data-part')]=q[j];\
         q=t.content.querySelectorAll('[data-part]');for(j=0;j<q.length;j++){{p=k[q[j].getAttribute('data-part')];if(p)p.replaceWith(q[j]);}}\
         {MARK_CURRENT}",
        json = js_string(html)
    )
}
