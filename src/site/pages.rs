//! Build stage 5, *pages*: every published note's page, rendered, indexed
//! for search, filled into its template and written, in one go per page.
//!
//! Takes [`Shared`], [`Sidebars`] and the staging folder; gives the search
//! index's runs (in page order) and the renderer's warnings. One go per
//! page, so neither a page's HTML nor its text outlives it: holding every
//! page until all were rendered took a 10,000-note build's peak memory from
//! 360 MB to 470 MB, all of it new pages for the kernel to fault in and
//! zero.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use anyhow::Result;
use minijinja::Value as JValue;
use rayon::prelude::*;
use serde::Serialize;

use super::context;
use super::output::{Content, Output, Staging};
use super::render::RenderedNote;
use super::reuse::{PageMeta, Reuse, SavedRun};
use super::search;
use super::shared::{Shared, TagView};
use super::sidebar::Sidebars;
use super::urls::root_prefix;
use crate::encode::encode_path;
use crate::text::tag_key;
use crate::vault::NoteId;

/// What the pages stage gives the next ones.
pub(super) struct NotePages {
    /// The search index's runs of pages, in page order.
    pub runs: Vec<search::Run>,
    /// The renderer's warnings (embed cycles, limits), in page order.
    pub warnings: Vec<String>,
    /// Some page has a Mermaid diagram: the site needs the script.
    pub diagrams: bool,
    /// The pages that show broken links, with how many, in page order:
    /// the readiness page lists them for maintainers (readers' pages only
    /// mark each link where it is).
    pub broken: Vec<(NoteId, usize)>,
    /// The dated notes' descriptions, for the feed.
    pub summaries: Vec<(NoteId, Option<String>)>,
    /// The digest of each run's file in the record, when the build keeps
    /// one (`super::reuse`).
    pub run_files: Vec<u128>,
}

/// What one thread's run of pages gives.
#[derive(Default)]
struct Chunk {
    run: search::Run,
    warnings: Vec<String>,
    broken: Vec<(NoteId, usize)>,
    summaries: Vec<(NoteId, Option<String>)>,
    /// Pages taken from the previous site.
    kept: usize,
    /// The digest of the run's file in the record.
    file: u128,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    text: std::borrow::Cow<'a, str>,
    id: &'a str,
}

/// Render and write every note page; `progress(done, total)` is called as
/// pages are written. A run of pages whose record says it would come out
/// the same is taken from the previous site instead ([`taken_run`]).
pub(super) fn write(
    shared: &Shared<'_>,
    sidebars: &Sidebars,
    staging: &Staging,
    progress: &(dyn Fn(usize, usize) + Sync),
    reuse: &Reuse,
) -> Result<NotePages> {
    let ids: Vec<NoteId> = shared.plan.map.published_notes().collect();
    let total = ids.len();
    let done = AtomicUsize::new(0);
    let diagrams = AtomicBool::new(false);
    let chunks: Vec<Chunk> = ids
        .par_chunks(pages_per_run(ids.len()))
        .enumerate()
        .map(|(r, ids)| -> Result<Chunk> {
            let mut chunk = Chunk::default();
            if let Some(saved) = reuse.saved_run(r, ids) {
                taken_run(
                    shared,
                    (sidebars, staging),
                    ids,
                    saved,
                    &mut chunk,
                    &diagrams,
                )?;
                progress(
                    done.fetch_add(ids.len(), Ordering::Relaxed) + ids.len(),
                    total,
                );
            } else {
                // What the record keeps of each page: not kept past it.
                let mut metas = Vec::with_capacity(ids.len());
                for &id in ids {
                    let meta = note_page(shared, sidebars, staging, id, Some(&mut chunk.run))?;
                    account(shared, id, &meta, &mut chunk, &diagrams);
                    metas.push(meta);
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                }
                // Held to the search stage: packed (see `search::Run`).
                chunk.run.pack();
                chunk.file = reuse.save_run(r, ids, &metas, &chunk.run);
            }
            Ok(chunk)
        })
        .collect::<Result<_>>()?;
    let mut pages = NotePages {
        runs: Vec::with_capacity(chunks.len()),
        warnings: Vec::new(),
        diagrams: diagrams.into_inner(),
        broken: Vec::new(),
        summaries: Vec::new(),
        run_files: Vec::with_capacity(chunks.len()),
    };
    let mut kept = 0;
    for chunk in chunks {
        pages.runs.push(chunk.run);
        pages.warnings.extend(chunk.warnings);
        pages.broken.extend(chunk.broken);
        pages.summaries.extend(chunk.summaries);
        pages.run_files.push(chunk.file);
        kept += chunk.kept;
    }
    crate::timing::remark(|| format!("pages: {kept} of {total} taken from the previous site"));
    Ok(pages)
}

/// Pages per run of the search index (see [`search::Run`]) and of the
/// record (`super::reuse`: an edit renders its run again): about 64 runs
/// for a small site, and runs of at most 64 pages for a large one, which
/// is enough to amortise a run's term table and keeps the pages an edit
/// renders few. Not a function of the threads, so that the record of one
/// build fits the next; the index's bytes do not depend on it.
fn pages_per_run(pages: usize) -> usize {
    pages.div_ceil(64).clamp(1, 64)
}

/// What a page gives the build besides its file (the site-wide lists of
/// warnings, broken pages, the feed and the diagram script).
fn account(
    shared: &Shared<'_>,
    id: NoteId,
    meta: &PageMeta,
    chunk: &mut Chunk,
    diagrams: &AtomicBool,
) {
    if meta.mermaid {
        diagrams.store(true, Ordering::Relaxed);
    }
    if shared.plan.map.page(id).is_none() {
        return;
    }
    chunk.warnings.extend(meta.warnings.iter().cloned());
    let broken = shared.broken[id];
    if broken > 0 {
        chunk.broken.push((id, broken));
    }
    if shared.site.feed && super::feed::date_of(&shared.vault.notes[id]).is_some() {
        chunk.summaries.push((id, meta.description.clone()));
    }
}

/// A run of pages taken from the previous site, with its part of the search
/// index and what its pages gave the build, from the record. A page the
/// site no longer holds as it was written is rendered again (the same
/// bytes: the record says so).
fn taken_run(
    shared: &Shared<'_>,
    (sidebars, staging): (&Sidebars, &Staging),
    ids: &[NoteId],
    saved: SavedRun,
    chunk: &mut Chunk,
    diagrams: &AtomicBool,
) -> Result<()> {
    for (&id, meta) in ids.iter().zip(&saved.pages) {
        if let Some(path) = shared.plan.map.page(id) {
            if staging.keep(path)? {
                chunk.kept += 1;
            } else {
                note_page(shared, sidebars, staging, id, None)?;
            }
        }
        account(shared, id, meta, chunk, diagrams);
    }
    chunk.run = search::Run::from_saved(saved.run);
    chunk.file = saved.file;
    Ok(())
}

/// The note's `cssclasses` (Obsidian's property; `cssclass`, its older
/// name, too), for the page's article element (R14): each kept to the
/// characters a class name needs, so a value cannot break out of the
/// attribute.
fn css_classes(note: &crate::vault::Note) -> Vec<String> {
    let Some(value) = note.frontmatter.as_ref().and_then(|fm| fm.value.as_ref()) else {
        return Vec::new();
    };
    let mut seen = std::collections::BTreeSet::new();
    ["cssclasses", "cssclass"]
        .iter()
        .filter_map(|key| value.get(key))
        .flat_map(|node| node.string_items())
        .flat_map(|item| item.split_whitespace())
        .map(|class| {
            class
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                .collect::<String>()
        })
        .filter(|class| !class.is_empty() && seen.insert(class.clone()))
        .collect()
}

/// One note's page: rendered, filled, written and added to `run` (when
/// given); gives what the build needs of it besides the file.
fn note_page(
    shared: &Shared<'_>,
    sidebars: &Sidebars,
    staging: &Staging,
    id: NoteId,
    run: Option<&mut search::Run>,
) -> Result<PageMeta> {
    let RenderedNote {
        html,
        // The page marks the broken links it shows, its embeds' included;
        // it counts its own (`Shared::broken`), as `check` does.
        broken_links: _,
        warnings,
        sections,
        uses_highlight,
        uses_mermaid,
    } = shared.renderer.note(id);
    let (vault, plan) = (shared.vault, shared.plan);
    let note = &vault.notes[id];
    let Some(path) = plan.map.page(id) else {
        return Ok(PageMeta {
            mermaid: uses_mermaid,
            ..PageMeta::default()
        });
    };
    let broken_links = shared.broken[id];
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
            text: crate::vault::links::wikilinks_as_text(h.text()),
            id: hid,
        })
        .collect();
    let tags: Vec<&TagView> = note
        .tags
        .iter()
        .filter_map(|t| shared.tag_views.get(tag_key(t).as_str()))
        .collect();
    let phase = shared
        .phase_of_note
        .get(&id)
        .map(|&(w, i)| context::phase_view(vault, &plan.map, &shared.report[w], i));
    let title = if is_front {
        shared.site.title.clone()
    } else {
        note.title.clone()
    };
    let description = context::description::description(note, &sections);
    // The note's HTML plus the theme's chrome around it.
    let capacity = html.len() + html.len() / 4 + 16 * 1024;
    let url = encode_path(path);
    // The id of the note's title H1, which the page shows in its header
    // rather than in the content: `[[note#Title]]` lands there.
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
        meta => JValue::from_serialize(&shared.metas[id]),
        tags => JValue::from_serialize(&tags),
        backlinks => JValue::from_serialize(shared.backlinks(id)),
        graph_node => shared.graph.node_of[id],
        neighbours => {
            // Outside the phase chains: previous and next in the sidebar
            // (the front page too when SUMMARY.md lists it).
            let (prev, next) = if phase.is_some() || (is_front && !shared.nav.has_summary()) {
                (None, None)
            } else {
                shared.nav.neighbours(&url)
            };
            minijinja::context! { prev => JValue::from_serialize(prev), next => JValue::from_serialize(next) }
        },
        broken_links => broken_links,
        description => description.clone(),
        last_changed => shared.last_changed.get(&note.path).map(|&t| context::chart::date(t)),
        edit_url => shared.config.site.edit_url_template.as_ref().map(|template| {
            template.replace(
                "{path}",
                &encode_path(&format!("{}{}", shared.config.site.edit_prefix, note.path)),
            )
        }),
        breadcrumbs => JValue::from_serialize(context::breadcrumbs::breadcrumbs(vault, &plan.map, id)),
        phase => JValue::from_serialize(&phase),
        cssclasses => css_classes(note),
        highlight => uses_highlight,
        mermaid => uses_mermaid,
    };
    let mut own = vec![
        ("page", page),
        ("sidebar", JValue::from(sidebars.for_note(id, &url))),
        ("stats", shared.stats.clone()),
    ];
    if is_front {
        own.push(("workflows", JValue::from_serialize(&shared.workflows)));
    }
    let ctx = shared.context(root_prefix(path), own);
    let template = if is_front { "index.html" } else { "note.html" };
    staging.put(&Output {
        path: path.to_string(),
        content: Content::Bytes(shared.fill(template, ctx, capacity)?),
    })?;
    if let Some(run) = run {
        run.add(&note.title, url, &sections);
    }
    Ok(PageMeta {
        warnings,
        description,
        mermaid: uses_mermaid,
    })
}
