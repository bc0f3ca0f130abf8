//! Build stage 6, *generated pages*: the pages no note makes — the front
//! page (when the vault has no root `index.md`), the readiness page, the
//! 404 page, the tag index and one page per tag.
//!
//! Takes [`Shared`] and [`Sidebars`]; gives the pages as outputs to write.

use anyhow::Result;
use minijinja::Value as JValue;
use serde::Serialize;

use super::context;
use super::output::{Content, Output};
use super::plan::TagEntry;
use super::shared::{Shared, TagView, link_items};
use super::sidebar::Sidebars;
use super::urls::generated_root;
use crate::encode::encode_path;
use crate::vault::NoteId;

/// Every generated page.
pub(super) fn pages(
    shared: &Shared<'_>,
    sidebars: &Sidebars,
    broken: &[(NoteId, usize)],
) -> Result<Vec<Output>> {
    let page = |path: &str, template: &str, kind: &str, title: &str, extra| {
        generated(shared, sidebars, path, template, [kind, title], extra)
    };
    let workflows = || JValue::from_serialize(&shared.workflows);
    let mut outputs = Vec::new();
    if shared.plan.front_page.is_none() {
        let mut extra = vec![("workflows", workflows()), ("stats", shared.stats.clone())];
        // No home note and no phases: the vault's contents instead.
        if shared.workflows.is_empty() {
            let contents = context::contents::contents(shared.vault, &shared.plan.map);
            extra.push(("contents", JValue::from_serialize(&contents)));
        }
        outputs.push(page(
            "index.html",
            "index.html",
            "index",
            &shared.site.title,
            extra,
        )?);
    }
    let extra = vec![
        ("workflows", workflows()),
        ("maintenance", maintenance(shared, broken)),
    ];
    outputs.push(page(
        "readiness.html",
        "readiness.html",
        "readiness",
        "Readiness",
        extra,
    )?);
    outputs.push(page(
        "404.html",
        "404.html",
        "404",
        "Page not found",
        Vec::new(),
    )?);
    let all_tags: Vec<&TagView> = shared.tag_views.values().collect();
    let extra = vec![("tags", JValue::from_serialize(&all_tags))];
    outputs.push(page("tags/index.html", "tags.html", "tags", "Tags", extra)?);
    for TagEntry {
        name,
        page: path,
        notes,
    } in shared.plan.map.tags.values()
    {
        let items = link_items(shared.vault, &shared.plan.map, notes.iter().copied());
        let tag =
            minijinja::context! { name => name.clone(), notes => JValue::from_serialize(&items) };
        let title = format!("Tag: {name}");
        outputs.push(page(path, "tag.html", "tag", &title, vec![("tag", tag)])?);
    }
    Ok(outputs)
}

/// What a generated page is, for its `<meta name="description">`; none
/// for the front page, which takes the book's description.
fn description(kind: &str, title: &str, site: &str) -> Option<String> {
    match kind {
        "readiness" => Some(format!(
            "How ready each phase of {site} is: its criteria, gates and artifacts."
        )),
        "tags" => Some(format!("The tags of {site}, each with its notes.")),
        "tag" => Some(format!("{title}: the notes of {site} that carry it.")),
        "404" => Some("There is no page at this address.".to_string()),
        _ => None,
    }
}

/// One generated page at `path`, of `kind`, titled `title`, with the
/// template keys `extra` beyond those every page has.
fn generated(
    shared: &Shared<'_>,
    sidebars: &Sidebars,
    path: &str,
    template: &str,
    [kind, title]: [&str; 2],
    extra: Vec<(&str, JValue)>,
) -> Result<Output> {
    let root = generated_root(path, &shared.config.site.base_url);
    let url = encode_path(path);
    let sidebar = sidebars.for_generated(&root, &url);
    let page = minijinja::context! {
        kind => kind,
        title => title,
        url => url,
        description => description(kind, title, &shared.site.title),
    };
    let mut own = vec![("page", page), ("sidebar", JValue::from(sidebar))];
    own.extend(extra);
    let ctx = shared.context(root, own);
    Ok(Output {
        path: path.to_string(),
        content: Content::Bytes(shared.fill_text(template, ctx)?.into_bytes()),
    })
}

/// A page that shows broken links, for the readiness page's maintenance
/// section: its title, URL, source path and count.
#[derive(Serialize)]
struct BrokenPage<'a> {
    title: &'a str,
    url: String,
    path: &'a str,
    count: usize,
}

/// The maintenance section's values: `broken_links` (the vault's total,
/// the number `build` prints) and `pages[]`, most broken first.
fn maintenance(shared: &Shared<'_>, broken: &[(NoteId, usize)]) -> JValue {
    let mut pages: Vec<BrokenPage> = broken
        .iter()
        .filter_map(|&(id, count)| {
            let note = &shared.vault.notes[id];
            Some(BrokenPage {
                title: &note.title,
                url: encode_path(shared.plan.map.page(id)?),
                path: &note.path,
                count,
            })
        })
        .collect();
    pages.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(b.path)));
    minijinja::context! {
        broken_links => shared.broken_total,
        pages => JValue::from_serialize(&pages),
    }
}
