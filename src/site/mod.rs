//! `phasebook build`: the vault as a static handbook site.
//!
//! A simple pipeline, as mdBook's: plan where every output goes
//! ([`urls`]), render every note in parallel ([`render`]), put each in its
//! template ([`theme`], [`context`]), index it for search ([`search`]), and
//! write the whole site at once ([`output`]). The vault, the phases and the
//! readiness report are the ones `check` and `readiness` use, so a clean
//! check means a site with no broken link and the readiness page shows the
//! numbers `phasebook readiness` prints.

pub mod context;
pub mod html;
pub mod manifest;
pub mod output;
pub mod plan;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod svg;
pub mod theme;
pub mod urls;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context as _, Result};
use minijinja::Value as JValue;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::phases::Phases;
use crate::readiness::WorkflowReadiness;
use crate::text::tag_key;
use crate::vault::{NoteId, Resolution, Vault};
use context::{LinkItem, NavSource, SiteInfo};
use output::{Content, Output, WriteStats};
use plan::{GENERATED, Plan, SiteMap, TagEntry, plan};
use render::{RenderedNote, Renderer};
use theme::Theme;
use urls::{ASSET_DIR, encode_path, root_prefix};

/// What a build produced.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub broken_links: usize,
    pub warnings: Vec<String>,
    pub stats: WriteStats,
    pub search_bytes: usize,
    /// Attachments the scope publishes that the build could not (an SVG
    /// that is not well-formed XML), each named in `warnings`.
    pub dropped_attachments: usize,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    text: &'a str,
    id: &'a str,
}

#[derive(Serialize)]
struct TagView {
    name: String,
    url: String,
    count: usize,
}

/// Everything one build needs.
pub struct Build<'a> {
    pub vault: &'a Vault,
    pub config: &'a Config,
    pub phases: &'a Phases,
    pub report: &'a [WorkflowReadiness],
    /// The process exits after this build: leave the plan (every page's
    /// path and heading ids) to the OS rather than free it string by string.
    pub exiting: bool,
    /// What to do when another build is writing the same folder.
    pub when_locked: output::WhenLocked,
}

impl Build<'_> {
    /// Render the site and publish it at `out`. `progress(done, total)` is
    /// called as pages are written.
    pub fn run(&self, out: &Path, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<BuildReport> {
        let lap = crate::timing::lap;
        let theme = Theme::load(self.config.site.templates.as_deref())?;
        // Fail before any work if the build folder is not ours to replace.
        // Outputs go into the staging folder as they are made; any error
        // below drops it, and the previous site stays.
        let staging = output::Staging::open(out, self.when_locked)?;
        let env = theme.environment()?;
        let vault = self.vault;
        // The site's workflows are those of its published notes: a phase
        // document left out is neither in the navigation nor on the
        // readiness page.
        let scoped;
        let (phases, report): (&Phases, &[WorkflowReadiness]) =
            if (0..vault.notes.len()).all(|id| vault.is_published(id)) {
                (self.phases, self.report)
            } else {
                let phases = Phases::build_published(vault, self.config);
                let report = crate::readiness::report(vault, self.config, &phases);
                scoped = (phases, report);
                (&scoped.0, &scoped.1)
            };
        let plan = plan(vault);
        let renderer = Renderer {
            vault,
            map: &plan.map,
            allow_raw_html: self.config.site.allow_raw_html,
        };
        let put = |path: String, bytes: Vec<u8>| {
            staging.put(&Output {
                path,
                content: Content::Bytes(bytes),
            })
        };
        let backlinks = backlinks(vault, &plan.map);
        // Each tag's pill, made once, by the key `SiteMap::tags` uses.
        let tag_views: BTreeMap<&str, TagView> = plan
            .map
            .tags
            .iter()
            .map(|(key, entry)| {
                let view = TagView {
                    name: entry.name.clone(),
                    url: encode_path(&entry.page),
                    count: entry.notes.len(),
                };
                (key.as_str(), view)
            })
            .collect();
        let nav = NavSource::new(vault, phases, report, &plan.map, plan.front_page);
        let site = SiteInfo {
            title: self.config.title.clone(),
            authors: self.config.authors.clone(),
            description: self.config.description.clone().unwrap_or_default(),
            language: self.config.language.clone(),
            generator: format!("phasebook {}", env!("CARGO_PKG_VERSION")),
            csp: context::content_security_policy(&self.config.site).to_string(),
        };
        let metas: Vec<Vec<context::MetaEntry>> = (0..vault.notes.len())
            .into_par_iter()
            .map(|id| context::meta(vault, &plan.map, id))
            .collect();
        // A broken link in frontmatter is marked in the properties panel.
        let meta_broken: Vec<usize> = metas
            .iter()
            .map(|m| {
                m.iter()
                    .flat_map(|e| &e.values)
                    .filter(|v| v.broken)
                    .count()
            })
            .collect();
        // Known before any page is rendered, since every page's footer
        // shows it: each page is rendered, filled and written in one go.
        let broken_total = broken_in_vault(vault, &plan.map);
        let workflows = context::workflow_views(vault, &plan.map, report);
        let phase_of_note: BTreeMap<&str, (usize, usize)> = report
            .iter()
            .enumerate()
            .flat_map(|(w, wf)| {
                wf.phases
                    .iter()
                    .enumerate()
                    .map(move |(i, p)| (p.path.as_str(), (w, i)))
            })
            .collect();

        // Serialised once: every page shares it.
        let site_value = JValue::from_serialize(&site);
        let stats_value = stats(phases, &plan);
        let build_value = minijinja::context! { broken_links => broken_total };
        // What every template sees (docs/site-templates.md) plus a page's
        // own keys, in one flat map: a merged context would make every
        // `{{ root }}` of a page look through the merge.
        let context = |root: String, own: Vec<(&str, JValue)>| -> JValue {
            let assets = JValue::from(format!("{root}{ASSET_DIR}/"));
            [
                ("site", site_value.clone()),
                ("root", JValue::from(root)),
                ("assets", assets),
                ("build", build_value.clone()),
            ]
            .into_iter()
            .chain(own)
            .collect()
        };
        // Into a buffer sized for the page up front: grown by doubling from
        // the template's own size, a page was copied over several times.
        let render_sized = |template: &str, ctx: JValue, capacity: usize| -> Result<Vec<u8>> {
            let tmpl = env
                .get_template(template)
                .map_err(|e| theme.describe_error(&e))?;
            let mut out = Vec::with_capacity(capacity);
            tmpl.render_captured_to(ctx, &mut out)
                .map_err(|e| theme.describe_error(&e))?;
            Ok(out)
        };
        // Sidebars and generated pages: few, as text.
        let render_page = |template: &str, ctx: JValue| -> Result<String> {
            env.get_template(template)
                .and_then(|tmpl| tmpl.render(ctx))
                .map_err(|e| theme.describe_error(&e))
        };

        // The sidebar, rendered once per (folder, open workflow, depth)
        // rather than once per page.
        type SidebarKey = (Option<String>, Option<usize>, String);
        let page_key = |id: NoteId| -> SidebarKey {
            let note = &vault.notes[id];
            (
                Some(note.folder().to_string()),
                nav.workflow_of(id),
                root_prefix(plan.map.page(id).unwrap_or_default()),
            )
        };
        // Only the notes the site publishes have pages (`SiteMap`).
        let ids: Vec<NoteId> = plan.map.published_notes().collect();
        let page_keys: BTreeMap<NoteId, SidebarKey> =
            ids.iter().map(|&id| (id, page_key(id))).collect();
        let mut keys: BTreeSet<SidebarKey> = page_keys.values().cloned().collect();
        for path in GENERATED
            .iter()
            .copied()
            .chain(plan.map.tags.values().map(|t| t.page.as_str()))
        {
            keys.insert((None, None, generated_root(path, self.config)));
        }
        let sidebars: BTreeMap<SidebarKey, String> = keys
            .into_par_iter()
            .map(|key| -> Result<(SidebarKey, String)> {
                let (folder, workflow, root) = &key;
                let ctx = context(
                    root.clone(),
                    vec![
                        (
                            "nav",
                            JValue::from_serialize(nav.nav_for(*workflow, folder.as_deref())),
                        ),
                        ("current", JValue::from("")),
                    ],
                );
                let html = render_page("sidebar.html", ctx)?;
                Ok((key, html))
            })
            .collect::<Result<_>>()?;
        // A small vault's sidebar is written into every page. A large one's
        // (hundreds of links, the same for a whole folder) goes to one
        // script per folder that every page of the folder loads, as mdBook
        // does with its `toc.js`: it would otherwise be most of the bytes
        // of every page.
        let inline_sidebar = nav.is_small();
        let sidebar_index: BTreeMap<&SidebarKey, usize> =
            sidebars.keys().enumerate().map(|(i, k)| (k, i)).collect();
        let sidebar_for = |key: &SidebarKey, url: &str| -> String {
            let root = &key.2;
            if inline_sidebar {
                return mark_current(
                    sidebars.get(key).map(String::as_str).unwrap_or(""),
                    root,
                    url,
                );
            }
            let index = sidebar_index.get(key).copied().unwrap_or(0);
            format!(
                "<script src=\"{root}{ASSET_DIR}/nav/{index}.js\" data-current=\"{root}{url}\"></script>\
                 <noscript><p class=\"nav-empty\"><a href=\"{root}index.html\">Contents</a></p></noscript>",
                root = html::escape(root),
                url = html::escape(url),
            )
        };

        lap("prepared");
        // Each note page is rendered, indexed for search, filled and
        // written in one go, so neither its HTML nor its text outlives it
        // (holding every page until all were rendered took a 10,000-note
        // build's peak memory from 360 MB to 470 MB, all of it new pages
        // for the kernel to fault in and zero).
        let total_pages = ids.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let note_page = |id: NoteId, run: &mut search::Run| -> Result<Vec<String>> {
            let RenderedNote {
                html,
                broken_links,
                warnings,
                sections,
            } = renderer.note(id);
            let note = &vault.notes[id];
            let Some(path) = plan.map.page(id) else {
                return Ok(Vec::new());
            };
            let root = root_prefix(path);
            let is_front = Some(id) == plan.front_page;
            // The title heading is the page header, not an entry.
            let has_title = note.title_heading().is_some();
            let toc: Vec<TocEntry> = note
                .headings
                .iter()
                .zip(&plan.map.heading_ids[id])
                .skip(usize::from(has_title))
                .map(|(h, hid)| TocEntry {
                    level: h.level,
                    text: &h.text,
                    id: hid,
                })
                .collect();
            let tags: Vec<&TagView> = note
                .tags
                .iter()
                .filter_map(|t| tag_views.get(tag_key(t).as_str()))
                .collect();
            let phase = phase_of_note
                .get(note.path.as_str())
                .map(|&(w, i)| context::phase_view(vault, &plan.map, &report[w], i));
            let title = if is_front {
                site.title.clone()
            } else {
                note.title.clone()
            };
            // The note's HTML plus the theme's chrome around it.
            let capacity = html.len() + html.len() / 4 + 16 * 1024;
            let url = encode_path(path);
            // The id of the note's title H1, which the page shows in its
            // header rather than in the content: `[[note#Title]]` lands there.
            let title_id = has_title
                .then(|| plan.map.heading_ids[id].first().cloned())
                .flatten();
            let page = minijinja::context! {
                kind => if is_front { "index" } else { "note" },
                title => title,
                title_id => title_id,
                url => url.clone(),
                path => note.path.clone(),
                content => html,
                toc => JValue::from_serialize(&toc),
                meta => JValue::from_serialize(&metas[id]),
                tags => JValue::from_serialize(&tags),
                backlinks => JValue::from_serialize(&backlinks[id]),
                broken_links => broken_links + meta_broken[id],
                phase => JValue::from_serialize(&phase),
            };
            let sidebar = page_keys
                .get(&id)
                .map(|key| sidebar_for(key, &url))
                .unwrap_or_default();
            let mut own = vec![
                ("page", page),
                ("sidebar", JValue::from(sidebar)),
                ("stats", stats_value.clone()),
            ];
            if is_front {
                own.push(("workflows", JValue::from_serialize(&workflows)));
            }
            let ctx = context(root, own);
            let template = if is_front { "index.html" } else { "note.html" };
            put(path.to_string(), render_sized(template, ctx, capacity)?)?;
            run.add(&note.title, url, sections);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, total_pages);
            Ok(warnings)
        };
        let run_pages = pages_per_run(ids.len(), rayon::current_num_threads());
        let runs: Vec<(search::Run, Vec<String>)> = ids
            .par_chunks(run_pages)
            .map(|ids| -> Result<(search::Run, Vec<String>)> {
                let mut run = search::Run::default();
                let mut warnings = Vec::new();
                for &id in ids {
                    warnings.extend(note_page(id, &mut run)?);
                }
                Ok((run, warnings))
            })
            .collect::<Result<_>>()?;
        lap("pages");
        let (runs, warnings): (Vec<search::Run>, Vec<Vec<String>>) = runs.into_iter().unzip();
        let mut warnings: Vec<String> = warnings.into_iter().flatten().collect();
        let index = search::finish(runs);
        let search_bytes = index.iter().map(|(_, text)| text.len()).sum();
        index.into_par_iter().try_for_each(|(name, text)| {
            put(format!("{ASSET_DIR}/search/{name}"), text.into_bytes())
        })?;
        lap("search");
        // The rest of the site: few files, collected and then put.
        let mut outputs = Vec::new();
        let generated = |path: &str,
                         template: &str,
                         kind: &str,
                         title: &str,
                         extra: Vec<(&str, JValue)>|
         -> Result<Output> {
            let root = generated_root(path, self.config);
            let page = minijinja::context! {
                kind => kind,
                title => title,
                url => encode_path(path),
            };
            let sidebar = sidebar_for(&(None, None, root.clone()), &encode_path(path));
            let mut own = vec![("page", page), ("sidebar", JValue::from(sidebar))];
            own.extend(extra);
            let ctx = context(root, own);
            Ok(Output {
                path: path.to_string(),
                content: Content::Bytes(render_page(template, ctx)?.into_bytes()),
            })
        };
        if plan.front_page.is_none() {
            outputs.push(generated(
                "index.html",
                "index.html",
                "index",
                &site.title,
                vec![
                    ("workflows", JValue::from_serialize(&workflows)),
                    ("stats", stats_value.clone()),
                ],
            )?);
        }
        outputs.push(generated(
            "readiness.html",
            "readiness.html",
            "readiness",
            "Readiness",
            vec![("workflows", JValue::from_serialize(&workflows))],
        )?);
        outputs.push(generated(
            "404.html",
            "404.html",
            "404",
            "Page not found",
            Vec::new(),
        )?);
        let all_tags: Vec<&TagView> = tag_views.values().collect();
        outputs.push(generated(
            "tags/index.html",
            "tags.html",
            "tags",
            "Tags",
            vec![("tags", JValue::from_serialize(&all_tags))],
        )?);
        for TagEntry { name, page, notes } in plan.map.tags.values() {
            let mut items: Vec<LinkItem> = notes
                .iter()
                .filter_map(|&id| {
                    Some(LinkItem {
                        title: vault.notes[id].title.clone(),
                        url: encode_path(plan.map.page(id)?),
                    })
                })
                .collect();
            items.sort();
            outputs.push(generated(
                page,
                "tag.html",
                "tag",
                &format!("Tag: {name}"),
                vec![(
                    "tag",
                    minijinja::context! { name => name.clone(), notes => JValue::from_serialize(&items) },
                )],
            )?);
        }

        if !inline_sidebar {
            for (key, index) in &sidebar_index {
                outputs.push(Output {
                    path: format!("{ASSET_DIR}/nav/{index}.js"),
                    content: Content::Bytes(sidebar_script(&sidebars[*key]).into_bytes()),
                });
            }
        }
        for (name, text) in theme.static_files() {
            outputs.push(Output {
                path: format!("{ASSET_DIR}/{name}"),
                content: Content::Bytes(text.as_bytes().to_vec()),
            });
        }
        if let Some(site_url) = &self.config.site.site_url {
            outputs.push(Output {
                path: "sitemap.xml".to_string(),
                content: Content::Bytes(
                    sitemap(site_url, plan.map.note_pages.iter().flatten()).into_bytes(),
                ),
            });
        }
        // The attachments the publication scope keeps: those published
        // notes link to or embed.
        // An SVG is published sanitised (`svg`): opened from the site, it
        // would run its scripts with the site's origin.
        let mut dropped_attachments = 0;
        for (fid, file) in vault.files.iter().enumerate() {
            let (None, Some(path)) = (file.note, plan.map.output(fid)) else {
                continue;
            };
            let content = if path.to_ascii_lowercase().ends_with(".svg") {
                let clean = std::fs::read(&file.abs)
                    .map_err(|err| format!("cannot read it: {err}"))
                    .and_then(|bytes| svg::sanitize(&bytes));
                match clean {
                    Ok(bytes) => Content::Bytes(bytes),
                    Err(why) => {
                        warnings.push(format!("{}: not published: {why}", file.path));
                        dropped_attachments += 1;
                        continue;
                    }
                }
            } else {
                Content::Copy(file.abs.clone())
            };
            outputs.push(Output {
                path: path.to_string(),
                content,
            });
        }
        outputs.par_iter().try_for_each(|o| staging.put(o))?;
        let pages = staging.pages();
        let clutter = staging.clutter();
        if !clutter.is_empty() {
            warnings.push(format!(
                "{}: removed {} file{} a file browser left there ({}): the build replaces the folder whole",
                out.display(),
                clutter.len(),
                if clutter.len() == 1 { "" } else { "s" },
                clutter.join(", ")
            ));
        }
        let stats = staging
            .finish()
            .with_context(|| format!("cannot write the site to {}", out.display()))?;
        lap("published");
        let files = stats.written + stats.linked;
        if self.exiting {
            std::mem::forget(plan);
        }
        Ok(BuildReport {
            pages,
            files,
            broken_links: broken_total,
            warnings,
            stats,
            search_bytes,
            dropped_attachments,
        })
    }
}

/// Links of the site that do not resolve (no such file, heading, block or
/// footnote), in the published notes `[lint] ignore` does not leave out:
/// what every page's footer shows. It counts links, whatever rule levels
/// or suppression comments make of them in `check`'s report. A link to a
/// note or file left out of the site is not broken there: it shows as its
/// text. Notes left out of linting (templates with placeholder links) still
/// have their broken links marked on their pages.
fn broken_in_vault(vault: &Vault, map: &SiteMap) -> usize {
    map.published_notes()
        .filter(|&id| vault.is_linted(id))
        .flat_map(|id| &vault.resolutions[id])
        .filter(|resolution| match resolution {
            Resolution::Unresolved(_) => true,
            Resolution::Found(found) => {
                found.subpath.is_missing() && map.output(found.file).is_some()
            }
        })
        .count()
}

/// Pages per run of the search index (see [`search::Run`]): a few runs per
/// thread, so a thread that finishes early can take another, and at most
/// 256 pages, enough to amortise a run's term table. The index's bytes do
/// not depend on it.
fn pages_per_run(pages: usize, threads: usize) -> usize {
    (pages / (threads.max(1) * 4)).clamp(16, 256)
}

/// The root prefix of a generated page. The 404 page is served at any
/// path, so it uses the absolute `[site] base-url`.
fn generated_root(path: &str, config: &Config) -> String {
    if path == "404.html" {
        format!("{}/", config.site.base_url.trim_end_matches('/'))
    } else {
        root_prefix(path)
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

fn stats(phases: &Phases, plan: &Plan) -> JValue {
    minijinja::context! {
        notes => plan.map.published_notes().count(),
        workflows => phases.workflows.len(),
        phases => phases.phases.len(),
        tags => plan.map.tags.len(),
    }
}

/// For each note, the published notes linking to it (body or
/// frontmatter), by title.
fn backlinks(vault: &Vault, map: &SiteMap) -> Vec<Vec<LinkItem>> {
    let mut sets: Vec<BTreeSet<NoteId>> = vec![BTreeSet::new(); vault.notes.len()];
    for source in map.published_notes() {
        for resolution in &vault.resolutions[source] {
            if let Resolution::Found(found) = resolution
                && let Some(target) = vault.files[found.file].note
                && target != source
            {
                sets[target].insert(source);
            }
        }
    }
    sets.into_iter()
        .map(|set| {
            let mut items: Vec<LinkItem> = set
                .into_iter()
                .filter_map(|id| {
                    Some(LinkItem {
                        title: vault.notes[id].title.clone(),
                        url: encode_path(map.page(id)?),
                    })
                })
                .collect();
            items.sort();
            items
        })
        .collect()
}

fn sitemap<'p>(site_url: &str, pages: impl Iterator<Item = &'p String>) -> String {
    let base = site_url.trim_end_matches('/');
    let mut sorted: Vec<&String> = pages.collect();
    sorted.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in ["index.html", "readiness.html"]
        .iter()
        .map(|p| p.to_string())
        .chain(sorted.into_iter().filter(|p| *p != "index.html").cloned())
    {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            html::escape(&format!("{base}/{}", encode_path(&page)))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
