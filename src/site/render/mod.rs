//! A note's Markdown to HTML, with the vault's links made real.
//!
//! pulldown-cmark parses the note (frontmatter blanked, as for `check`) and
//! its HTML writer does the rendering; this module only rewrites the event
//! stream on the way:
//!
//! - wikilinks and embeds, which CommonMark sees as plain text, are replaced
//!   by links, images or transcluded notes, using the spans and resolutions
//!   the vault already computed — so the site links exactly where `check`
//!   says links go;
//! - Markdown links and images get the relative URL of their resolved target;
//! - a link that does not resolve becomes a marked, non-navigating element
//!   whose title says why;
//! - headings get the ids links point at, `^block` ids get anchors;
//! - `> [!type] Title` blockquotes become callouts;
//! - `%%comments%%` are hidden, as in Obsidian's reading view;
//! - raw HTML is sanitised (see [`super::sanitize`]) unless the site allows it.
//!
//! [`Renderer`] holds what a page needs from the vault and the plan; the
//! event rewriting itself is in [`rewrite`].

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::plan::SiteMap;
use super::sanitize;
use super::urls::{encode_fragment, relative_url};
use crate::html::escape;
use crate::vault::links::{Link, LinkKind};
use crate::vault::note::markdown_options;
use crate::vault::resolve::{Found, Subpath, Unresolved};
use crate::vault::{InlineTag, NoteId, Origin, Resolution, Vault};

/// Embeds deeper than this are cut off (a chain, not only a cycle, can blow
/// up a page).
const MAX_EMBED_DEPTH: usize = 8;
/// A page expands at most this many embeds, and at most this much embedded
/// Markdown; the rest become links. Why: depth alone does not bound a page.
/// Four 30-line notes, each embedding the next 30 times, made one page of
/// 516 MB (30^4 copies of the last note).
const MAX_EMBEDS_PER_PAGE: usize = 1000;
const MAX_EMBEDDED_BYTES: usize = 4 << 20;

mod rewrite;

/// A note rendered for its page.
#[derive(Debug, Default)]
pub struct RenderedNote {
    pub html: String,
    /// Links on the page that do not resolve (embedded content included).
    pub broken_links: usize,
    /// Problems worth telling the user about (embed cycles, depth).
    pub warnings: Vec<String>,
    /// The page's text by section, for the search index.
    pub sections: Vec<super::search::Section>,
}

/// Renders notes to HTML. Shared read-only across threads.
pub struct Renderer<'a> {
    pub vault: &'a Vault,
    pub map: &'a SiteMap,
    pub allow_raw_html: bool,
}

/// State of one page being rendered (the page itself and what it embeds).
struct Page<'p> {
    /// Site path of the page: relative URLs start from it.
    path: &'p str,
    /// Notes being embedded, outermost first: the cycle guard.
    stack: Vec<NoteId>,
    /// Embeds expanded on the page so far, and their Markdown's bytes.
    embeds: usize,
    embedded_bytes: usize,
    /// The page has left an embed out for the limits: warned once.
    over_budget: bool,
    out: RenderedNote,
    raw_html: bool,
}

impl<'a> Renderer<'a> {
    /// Render note `id` for its own page. The title H1 is left out: the page
    /// template shows the title.
    pub fn note(&self, id: NoteId) -> RenderedNote {
        let note = &self.vault.notes[id];
        // A note left out of the site has no page to render.
        let Some(path) = self.map.page(id) else {
            return RenderedNote::default();
        };
        let mut page = Page {
            path,
            stack: vec![id],
            embeds: 0,
            embedded_bytes: 0,
            over_budget: false,
            out: RenderedNote::default(),
            raw_html: false,
        };
        let mut html = String::with_capacity(note.source.len() + note.source.len() / 2);
        let title_heading = note.title_heading().map(|h| h.span.clone());
        self.body(
            id,
            0..note.source.len(),
            title_heading,
            false,
            &mut page,
            &mut html,
        );
        if page.raw_html && !self.allow_raw_html {
            html = sanitize::clean(&html);
        }
        page.out.html = html;
        page.out
    }
    /// Whether a resolved link leads to a file the site leaves out: it is
    /// shown as its text alone (an embed as nothing), with no link, title
    /// or marker that would name what is not published.
    fn unpublished(&self, found: &Found) -> bool {
        self.map.output(found.file).is_none()
    }

    /// The site path and fragment a resolved link points to (a published
    /// file: see [`Renderer::unpublished`]).
    fn target_url(&self, page: &str, found: &Found, source: NoteId, link: &Link) -> String {
        let file = &self.vault.files[found.file];
        let mut url = if file.note == Some(source) && link.target.is_empty() {
            String::new()
        } else {
            relative_url(page, self.map.output(found.file).unwrap_or_default())
        };
        if let Some(fragment) = self.fragment(found, link) {
            url.push('#');
            url.push_str(&encode_fragment(&fragment));
        }
        url
    }

    fn fragment(&self, found: &Found, link: &Link) -> Option<String> {
        let note_id = self.vault.files[found.file].note?;
        let note = &self.vault.notes[note_id];
        match found.subpath {
            Subpath::Heading(h) => self.map.heading_ids[note_id].get(h).cloned(),
            Subpath::Block(b) => note.block_ids.get(b).map(|b| format!("^{}", b.id)),
            Subpath::Footnote(f) => note
                .footnotes
                .get(f)
                .map(|f| format!("fn:{}", f.to_lowercase())),
            Subpath::Parameter => link.subpath.clone(),
            _ => None,
        }
    }

    /// Why a link does not resolve, for the broken element's title.
    fn reason(&self, link: &Link, resolution: &Resolution) -> String {
        match resolution {
            Resolution::Unresolved(why) => match why {
                Unresolved::OutsideVault => format!("{} points outside the vault", link.target),
                Unresolved::NotAtRoot { .. } | Unresolved::NoSuchPath { .. } => {
                    format!("no file at {}", link.target)
                }
                Unresolved::SuffixQuirk(_) | Unresolved::NoSuchName => {
                    format!("no note or file named {}", link.target)
                }
            },
            Resolution::Found(found) => {
                let file = &self.vault.files[found.file];
                match found.subpath {
                    Subpath::MissingBlock => format!(
                        "no block ^{} in {}",
                        link.subpath
                            .as_deref()
                            .unwrap_or("")
                            .trim_start_matches('^'),
                        file.path
                    ),
                    Subpath::MissingFootnote => format!("no such footnote in {}", file.path),
                    _ => format!(
                        "no heading {} in {}",
                        link.subpath.as_deref().unwrap_or(""),
                        file.path
                    ),
                }
            }
        }
    }
}
