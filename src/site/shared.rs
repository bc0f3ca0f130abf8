//! Build stage 3, *prepare*: what every page of one build shares, made once
//! before any page is rendered.
//!
//! Takes the vault, the published phases and readiness ([`super::scoped`])
//! and the plan ([`super::plan`]); gives a [`Shared`] that the later stages
//! only read, from any thread: the site's header values, each note's
//! properties and backlinks, tag pills, the navigation's raw material, the
//! workflows for the front and readiness pages, the broken-link total every
//! footer shows, and the one way a template is filled ([`Shared::fill`]).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use minijinja::{Environment, Value as JValue};
use rayon::prelude::*;
use serde::Serialize;

use super::context::{self, LinkItem, MetaEntry, NavSource, SiteInfo, WorkflowView};
use super::plan::{Plan, SiteMap};
use super::render::Renderer;
use super::scoped::Scoped;
use super::theme::Theme;
use super::urls::ASSET_DIR;
use crate::config::Config;
use crate::encode::encode_path;
use crate::phases::Phases;
use crate::readiness::WorkflowReadiness;
use crate::vault::obsidian::AppSettings;
use crate::vault::scope::PUBLISH_CSS;
use crate::vault::{NoteId, Resolution, Vault};

/// The URLs (root-relative) of `[output.html] additional-css` or `-js`
/// files.
fn additional_urls(files: &[crate::config::AdditionalFile]) -> Vec<String> {
    files
        .iter()
        .map(|f| encode_path(&super::assets::additional_path(f)))
        .collect()
}

/// A tag's pill: its name, page and number of notes.
#[derive(Serialize)]
pub(super) struct TagView {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// Everything the pages of one build share.
pub(super) struct Shared<'a> {
    pub vault: &'a Vault,
    pub config: &'a Config,
    pub report: &'a [WorkflowReadiness],
    pub plan: &'a Plan,
    pub renderer: Renderer<'a>,
    pub nav: NavSource,
    pub site: SiteInfo,
    /// Each tag's pill, by the key `SiteMap::tags` uses.
    pub tag_views: BTreeMap<&'a str, TagView>,
    /// By note: its properties panel.
    pub metas: Vec<Vec<MetaEntry>>,
    /// By note: its own broken links (body and frontmatter, not what it
    /// embeds), counted from the resolutions; 0 for a note without a page
    /// or left out of linting. The one source of every number the site
    /// gives: the page's, the maintenance table's and the total.
    pub broken: Vec<usize>,
    /// By note: the published notes linking to it, in the order its page
    /// lists them ([`Shared::backlinks`]). Ids, not titles and URLs: made
    /// into links as each page is rendered, they cost nothing held (a
    /// title and URL for each of 1.4 million backlinks at 100,000 notes).
    backlinks: Vec<Box<[NoteId]>>,
    /// The links between pages, for each page's local graph.
    pub graph: super::graph::Graph,
    /// The vault's broken links, counted from the resolutions (the
    /// readiness page's maintenance table shows it).
    pub broken_total: usize,
    /// When each note last changed in git, by vault path (unix time).
    pub last_changed: &'a std::collections::HashMap<String, i64>,
    pub workflows: Vec<WorkflowView>,
    /// A phase document's (workflow, phase) in the readiness report.
    pub phase_of_note: BTreeMap<NoteId, (usize, usize)>,
    /// Serialised once: every page carries them.
    pub stats: JValue,
    site_value: JValue,
    build_value: JValue,
    theme: &'a Theme,
    env: Environment<'a>,
}

impl<'a> Shared<'a> {
    pub fn new(
        vault: &'a Vault,
        config: &'a Config,
        scoped: &'a Scoped<'a>,
        plan: &'a Plan,
        theme: &'a Theme,
        history: &[crate::readiness::WorkflowHistory],
        last_changed: &'a std::collections::HashMap<String, i64>,
    ) -> Result<Shared<'a>> {
        let (phases, report) = (scoped.phases(), scoped.report());
        let site = SiteInfo {
            // `[book] title`, else the home note's, else the fallback
            // (the vault folder's name): a vault's Home.md names it
            // better than its folder does.
            title: match plan.front_page {
                Some(home) if !config.title_given => vault.notes[home].title.clone(),
                _ => config.title.clone(),
            },
            authors: config.authors.clone(),
            description: config.description.clone().unwrap_or_default(),
            language: config.language.clone(),
            generator: format!("phasebook {}", env!("CARGO_PKG_VERSION")),
            csp: context::content_security_policy(&config.site).to_string(),
            csp_diagrams: context::with_inline_style(context::content_security_policy(
                &config.site,
            )),
            publish_css: vault
                .file_by_path(PUBLISH_CSS)
                .is_some_and(|f| plan.map.output(f).is_some()),
            url: config
                .site
                .site_url
                .as_deref()
                .map(|u| format!("{}/", u.trim_end_matches('/')))
                .unwrap_or_default(),
            feed: super::feed::has_feed(vault, &plan.map, config.site.site_url.as_deref()),
            repository: config.site.git_repository_url.clone().unwrap_or_default(),
            additional_css: additional_urls(&config.site.additional_css),
            additional_js: additional_urls(&config.site.additional_js),
        };
        let linked_from = linked_from(vault, &plan.map);
        let metas: Vec<Vec<MetaEntry>> = (0..vault.notes.len())
            .into_par_iter()
            .map(|id| context::meta(vault, &plan.map, id))
            .collect();
        let phase_of_note = report
            .iter()
            .enumerate()
            .flat_map(|(w, wf)| {
                wf.phases
                    .iter()
                    .enumerate()
                    .map(move |(i, p)| (p.note, (w, i)))
            })
            .collect();
        let broken = broken_by_note(vault, &plan.map);
        let broken_total = broken.iter().sum();
        Ok(Shared {
            renderer: Renderer {
                vault,
                map: &plan.map,
                allow_raw_html: config.site.allow_raw_html,
                strict_line_breaks: config
                    .site
                    .strict_line_breaks
                    .or_else(|| AppSettings::read(&vault.root).strict_line_breaks)
                    .unwrap_or(false),
                highlighted: Default::default(),
            },
            nav: NavSource::new(
                vault,
                phases,
                report,
                &plan.map,
                plan.front_page,
                !config.site.no_section_label,
            ),
            tag_views: tag_views(&plan.map),
            graph: super::graph::Graph::of(vault, &plan.map, &linked_from),
            // In parallel: a title and an encoded URL per backlink to sort
            // by, 1.4 million of them at 100,000 notes.
            backlinks: linked_from
                .into_par_iter()
                .map(|set| link_order(vault, &plan.map, set))
                .collect(),
            broken_total,
            last_changed,
            workflows: context::workflow_views(vault, &plan.map, report, history),
            stats: stats(phases, plan),
            site_value: JValue::from_serialize(&site),
            build_value: minijinja::context! { broken_links => broken_total },
            env: theme.environment()?,
            site,
            metas,
            broken,
            phase_of_note,
            vault,
            config,
            report,
            plan,
            theme,
        })
    }

    /// The backlinks of note `id`'s page, as [`link_items`] gives them.
    pub fn backlinks(&self, id: NoteId) -> Vec<LinkItem> {
        let ids = self.backlinks.get(id).map_or(&[][..], |b| &b[..]);
        ids.iter()
            .filter_map(|&from| link_item(self.vault, &self.plan.map, from))
            .collect()
    }

    /// What every template sees (docs/site-templates.md) plus a page's own
    /// keys, in one flat map: a merged context would make every `{{ root }}`
    /// of a page look through the merge.
    pub fn context(&self, root: String, own: Vec<(&str, JValue)>) -> JValue {
        let assets = JValue::from(format!("{root}{ASSET_DIR}/"));
        [
            ("site", self.site_value.clone()),
            ("root", JValue::from(root)),
            ("assets", assets),
            ("build", self.build_value.clone()),
        ]
        .into_iter()
        .chain(own)
        .collect()
    }

    /// Fill `template` into a buffer sized for the page up front: grown by
    /// doubling from the template's own size, a page was copied over
    /// several times.
    pub fn fill(&self, template: &str, ctx: JValue, capacity: usize) -> Result<Vec<u8>> {
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| self.theme.describe_error(&e))?;
        let mut out = Vec::with_capacity(capacity);
        tmpl.render_captured_to(ctx, &mut out)
            .map_err(|e| self.theme.describe_error(&e))?;
        Ok(out)
    }

    /// Fill `template` as text: sidebars and generated pages, which are few.
    pub(crate) fn fill_text(&self, template: &str, ctx: JValue) -> Result<String> {
        self.env
            .get_template(template)
            .and_then(|tmpl| tmpl.render(ctx))
            .map_err(|e| self.theme.describe_error(&e))
    }
}

/// Each tag's pill, made once.
fn tag_views(map: &SiteMap) -> BTreeMap<&str, TagView> {
    map.tags
        .iter()
        .map(|(key, entry)| {
            let view = TagView {
                name: entry.name.clone(),
                url: encode_path(&entry.page),
                count: entry.notes.len(),
            };
            (key.as_str(), view)
        })
        .collect()
}

/// Each note's links that do not resolve on the site (no such file,
/// heading, block or footnote), for the published notes `[lint] ignore`
/// does not leave out; 0 for the others. Counted from the note's own
/// resolutions, body and frontmatter, once per link: a broken link in an
/// embedded note or section is that note's, not also the embedding page's
/// (the embedding page marks it where it shows, but counting it there
/// made the maintenance table add up to more than `check` and `build`
/// report). It counts links, whatever rule levels or suppression comments
/// make of them in `check`'s report. A link to a note or file left out of
/// the site is not broken there: it shows as its text. Notes left out of
/// linting (templates with placeholder links) still have their broken
/// links marked on their pages, but counted nowhere, as `check` does not
/// report them.
fn broken_by_note(vault: &Vault, map: &SiteMap) -> Vec<usize> {
    (0..vault.notes.len())
        .into_par_iter()
        .map(|id| {
            if map.page(id).is_none() || !vault.is_linted(id) {
                return 0;
            }
            vault
                .resolutions(id)
                .iter()
                .filter(|resolution| match resolution {
                    Resolution::Unresolved(_) => true,
                    Resolution::Found(found) => {
                        found.subpath.is_missing() && map.output(found.file).is_some()
                    }
                })
                .count()
        })
        .collect()
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
/// frontmatter): the backlinks of its page and the local graph's edges,
/// read from the resolutions once.
fn linked_from(vault: &Vault, map: &SiteMap) -> Vec<BTreeSet<NoteId>> {
    let mut sets: Vec<BTreeSet<NoteId>> = vec![BTreeSet::new(); vault.notes.len()];
    for source in map.published_notes() {
        for resolution in vault.resolutions(source) {
            if let Resolution::Found(found) = resolution
                && let Some(target) = vault.files[found.file].note
                && target != source
            {
                sets[target].insert(source);
            }
        }
    }
    sets
}

/// Notes as links (title and URL), sorted: backlinks and a tag's notes.
/// Notes without a page are left out.
pub(super) fn link_items(
    vault: &Vault,
    map: &SiteMap,
    notes: impl IntoIterator<Item = NoteId>,
) -> Vec<LinkItem> {
    sorted_items(vault, map, notes)
        .into_iter()
        .map(|(item, _)| item)
        .collect()
}

/// Note `id` as a link, if it has a page.
fn link_item(vault: &Vault, map: &SiteMap, id: NoteId) -> Option<LinkItem> {
    Some(LinkItem {
        title: vault.notes[id].title.clone(),
        url: encode_path(map.page(id)?),
    })
}

/// The notes of [`link_items`], in its order, as ids.
fn link_order(
    vault: &Vault,
    map: &SiteMap,
    notes: impl IntoIterator<Item = NoteId>,
) -> Box<[NoteId]> {
    sorted_items(vault, map, notes)
        .into_iter()
        .map(|(_, id)| id)
        .collect()
}

/// The notes with a page, as links with their ids, sorted by title and URL
/// (a page's URL is its own: no two items tie).
fn sorted_items(
    vault: &Vault,
    map: &SiteMap,
    notes: impl IntoIterator<Item = NoteId>,
) -> Vec<(LinkItem, NoteId)> {
    let mut items: Vec<(LinkItem, NoteId)> = notes
        .into_iter()
        .filter_map(|id| Some((link_item(vault, map, id)?, id)))
        .collect();
    items.sort();
    items
}
