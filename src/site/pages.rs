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
use super::reuse::{Made, PageRecord, Reuse};
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
    /// Each page's record for the next build, when the build keeps one.
    pub records: Vec<Made>,
}

/// What one thread's run of pages gives.
#[derive(Default)]
struct Chunk {
    run: search::Run,
    warnings: Vec<String>,
    broken: Vec<(NoteId, usize)>,
    summaries: Vec<(NoteId, Option<String>)>,
    records: Vec<Made>,
    /// Pages taken from the previous site.
    kept: usize,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    text: std::borrow::Cow<'a, str>,
    id: &'a str,
}

/// Render and write every note page; `progress(done, total)` is called as
/// pages are written.
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
    let run_pages = pages_per_run(ids.len(), rayon::current_num_threads());
    let chunks: Vec<Chunk> = ids
        .par_chunks(run_pages)
        .map(|ids| -> Result<Chunk> {
            let mut chunk = Chunk::default();
            for &id in ids {
                let (warnings, broken) =
                    match kept_page(shared, staging, id, reuse, &mut chunk, &diagrams)? {
                        Some(kept) => kept,
                        None => note_page(
                            shared,
                            sidebars,
                            staging,
                            id,
                            (&mut chunk, reuse.recording),
                            &diagrams,
                        )?,
                    };
                chunk.warnings.extend(warnings);
                if broken > 0 {
                    chunk.broken.push((id, broken));
                }
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
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
        records: Vec::new(),
    };
    let mut kept = 0;
    for chunk in chunks {
        pages.runs.push(chunk.run);
        pages.warnings.extend(chunk.warnings);
        pages.broken.extend(chunk.broken);
        pages.summaries.extend(chunk.summaries);
        pages.records.extend(chunk.records);
        kept += chunk.kept;
    }
    crate::timing::remark(|| format!("pages: {kept} of {total} taken from the previous site"));
    Ok(pages)
}

/// Note `id`'s page taken from the previous site, when the build's record
/// says it would come out the same (`super::reuse`) and the site still
/// holds it as it was written: added to the search index and the feed
/// from the record. Gives what [`note_page`] gives, or `None`: render it.
fn kept_page(
    shared: &Shared<'_>,
    staging: &Staging,
    id: NoteId,
    reuse: &Reuse,
    chunk: &mut Chunk,
    diagrams: &AtomicBool,
) -> Result<Option<(Vec<String>, usize)>> {
    let Some(path) = shared.plan.map.page(id) else {
        return Ok(None);
    };
    let taken = reuse.taken[id]
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    let Some(record) = taken else {
        return Ok(None);
    };
    if !staging.keep(path)? {
        return Ok(None);
    }
    if record.mermaid {
        diagrams.store(true, Ordering::Relaxed);
    }
    let note = &shared.vault.notes[id];
    if shared.site.feed && super::feed::date_of(note).is_some() {
        chunk.summaries.push((id, record.description.clone()));
    }
    chunk
        .run
        .add(&note.title, encode_path(path), &record.sections);
    chunk.kept += 1;
    let warnings = record.warnings.clone();
    if reuse.recording {
        chunk.records.push((id, record, true));
    }
    Ok(Some((warnings, shared.broken[id])))
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

/// Pages per run of the search index (see [`search::Run`]): a few runs per
/// thread, so a thread that finishes early can take another, and at most
/// 256 pages, enough to amortise a run's term table. The index's bytes do
/// not depend on it.
fn pages_per_run(pages: usize, threads: usize) -> usize {
    (pages / (threads.max(1) * 4)).clamp(16, 256)
}

/// One note's page: rendered, filled, written and added to `run`; gives
/// the renderer's warnings and the broken links the page shows.
fn note_page(
    shared: &Shared<'_>,
    sidebars: &Sidebars,
    staging: &Staging,
    id: NoteId,
    (chunk, recording): (&mut Chunk, bool),
    diagrams: &AtomicBool,
) -> Result<(Vec<String>, usize)> {
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
    if uses_mermaid {
        diagrams.store(true, Ordering::Relaxed);
    }
    let (vault, plan) = (shared.vault, shared.plan);
    let note = &vault.notes[id];
    let Some(path) = plan.map.page(id) else {
        return Ok((Vec::new(), 0));
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
            text: crate::vault::links::wikilinks_as_text(&h.text),
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
    if shared.site.feed && super::feed::date_of(note).is_some() {
        chunk.summaries.push((id, description.clone()));
    }
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
        backlinks => JValue::from_serialize(&shared.backlinks[id]),
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
    chunk.run.add(&note.title, url, &sections);
    if recording {
        let record = PageRecord {
            warnings: warnings.clone(),
            description,
            mermaid: uses_mermaid,
            sections,
        };
        chunk.records.push((id, record, false));
    }
    Ok((warnings, broken_links))
}
