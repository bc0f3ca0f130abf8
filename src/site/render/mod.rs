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
//! [`Renderer`] holds what a page needs from the vault and the plan;
//! [`body`] is the pass, and each construct rewritten is a module adding to
//! the one interface they all write through ([`rewriter`]): `links`,
//! `embeds`, `callouts`, `footnotes`, `headings`, `text`; `targets` says
//! where a resolved link goes, `sections` what the search index reads.

mod autolinks;
mod body;
mod callouts;
mod code;
mod embeds;
mod footnotes;
mod headings;
mod highlight;
mod links;
mod math;
mod media;
mod page;
mod renderer;
mod rewriter;
mod sections;
mod targets;
mod tasks;
mod text;

pub use renderer::{RenderedNote, Renderer};

/// `markdown` through pulldown-cmark, one pass over its events, and the
/// HTML writer: how the passes over finished events are tested.
#[cfg(test)]
fn render_pass(
    pass: fn(Vec<pulldown_cmark::Event<'_>>) -> Vec<pulldown_cmark::Event<'_>>,
    markdown: &str,
) -> String {
    let events = pass(pulldown_cmark::Parser::new(markdown).collect());
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}
