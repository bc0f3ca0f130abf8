//! What the templates see: plain serialisable structs built from the vault,
//! the phases and the readiness report. `docs/site-templates.md` documents
//! every field; a template author never needs to know the vault model.
//!
//! This module holds what every page carries (the site's header values,
//! its security policy, links, progress); [`nav`] the sidebar,
//! [`properties`] a note's properties panel, [`phase`] the readiness of a
//! phase and of each workflow.

pub mod breadcrumbs;
pub mod chart;
pub mod contents;
pub mod description;
pub mod nav;
pub mod phase;
pub mod properties;

pub use nav::NavSource;
pub use phase::{PhaseView, WorkflowView, phase_view, workflow_views};
pub use properties::{MetaEntry, meta};

use serde::Serialize;

use super::plan::SiteMap;
use crate::encode::encode_path;
use crate::readiness::{Count, PhaseReadiness};
use crate::vault::NoteId;

/// A vault of up to this many notes has one sidebar tree of every note,
/// which all pages load (one file, cached once). A larger one gets a tree
/// per folder that lists only that folder's path: every page building a
/// tree of 10,000 links would cost each page view more than the tree is
/// worth.
pub const SMALL_VAULT: usize = 2000;

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// `[book] authors`, as mdBook has them: each page's author meta tag.
    pub authors: Vec<String>,
    pub description: String,
    pub language: String,
    pub generator: String,
    /// The Content-Security-Policy every page carries in a `<meta>` (empty
    /// with `[site] allow-raw-html`, whose authors want their own scripts).
    pub csp: String,
    /// `csp` for a page with a Mermaid diagram ([`with_inline_style`]).
    pub csp_diagrams: String,
    /// The vault's `publish.css` is published: pages link it after the
    /// theme's style sheet (R19).
    pub publish_css: bool,
    /// `[site] site-url` with one trailing `/` (empty when unset): the
    /// base of each page's canonical and Open Graph URL.
    pub url: String,
    /// The site has an Atom feed (`feed.xml`): a site URL and dated notes.
    pub feed: bool,
    /// `[output.html] git-repository-url`: the header's repository link
    /// (empty when unset).
    pub repository: String,
    /// `[output.html] additional-css`/`-js`: root-relative URLs of the
    /// copied files, linked after the theme's own.
    pub additional_css: Vec<String>,
    pub additional_js: Vec<String>,
}

/// What a page may load and run: the site's own scripts and style sheets
/// only (no inline script: the theme has none, and a note's would be one
/// the sanitiser missed), inline style attributes (pulldown-cmark writes
/// table alignment as `style="text-align…"`), images and media from the
/// site or the web (notes embed external images), frames of the site's
/// own files only (a PDF embed) and of YouTube's privacy-enhanced player
/// (loaded when a reader clicks a video), no plugins, no `<base>`, no
/// forms. In a `<meta>` so it holds on any static
/// host; `serve` also sends it as a header, with `frame-ancestors`, which
/// a `<meta>` cannot carry.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: https: http:; \
media-src 'self' https: http:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
frame-src 'self' https://www.youtube-nocookie.com; base-uri 'none'; form-action 'none'";

/// The policy a site's pages carry: none with `[site] allow-raw-html`,
/// whose authors want their own scripts. The one place `build` and
/// `serve` take it from.
pub(crate) fn content_security_policy(site: &crate::config::SiteConfig) -> &'static str {
    if site.allow_raw_html {
        ""
    } else {
        CONTENT_SECURITY_POLICY
    }
}

/// The policy of a page with a Mermaid diagram: `csp` with inline
/// `<style>` allowed, which Mermaid styles the SVG it draws with. `serve`
/// sends it as its header, so each page's own `<meta>` decides.
pub(crate) fn with_inline_style(csp: &str) -> String {
    csp.replacen("style-src 'self';", "style-src 'self' 'unsafe-inline';", 1)
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkItem {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub percent: u32,
}

impl From<Count> for Progress {
    fn from(c: Count) -> Self {
        Progress {
            done: c.done,
            total: c.total,
            percent: percent(c.done, c.total),
        }
    }
}

pub(crate) fn percent(done: usize, total: usize) -> u32 {
    (done * 100).checked_div(total).unwrap_or(0) as u32
}

/// A phase's label: `01 · Discovery`.
pub(crate) fn phase_label(p: &PhaseReadiness) -> String {
    let number = p.number.map(|n| format!("{n:02}"));
    let name = p.name.clone().unwrap_or_else(|| p.title.clone());
    match number {
        Some(n) => format!("{n} · {name}"),
        None => name,
    }
}

pub fn title_case(name: &str) -> String {
    let name = name.rsplit('/').next().unwrap_or(name);
    name.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The root-relative URL of the page of the note at vault path `path`;
/// empty for a note with no page (the site's phases are published ones).
pub(crate) fn page_url(map: &SiteMap, id: NoteId) -> String {
    map.page(id).map(encode_path).unwrap_or_default()
}
