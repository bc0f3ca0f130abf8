//! The interface every rendered construct writes through: the
//! [`Rewriter`] of one rendered range (the note, its links in file order,
//! the events written so far and the state constructs share) and the ways
//! to write into its event stream. Each construct is a module of its own
//! adding methods to it (`links`, `embeds`, `callouts`, `footnotes`,
//! `headings`, `text`); `body` feeds it pulldown-cmark's events.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::page::Page;
use super::renderer::Renderer;
use crate::html::escape;
use crate::vault::links::Link;
use crate::vault::{NoteId, Resolution};

/// An open callout's title: what closes it, and the name shown when the
/// title line has no text.
pub(super) struct OpenTitle {
    pub(super) default: String,
    pub(super) summary: bool,
    /// Where the title's content starts in the event list.
    pub(super) at: usize,
}

/// A fenced block being read, and what it becomes.
pub(super) struct OpenCode {
    /// Where the block starts in its note: with the note, the key of the
    /// highlighted HTML, made once however many pages embed the block.
    pub(super) start: usize,
    pub(super) kind: CodeKind,
    pub(super) lang: String,
    pub(super) text: String,
}

pub(super) enum CodeKind {
    Highlighted,
    Mermaid,
    Plugin,
}

/// Whether `events` show nothing: blank text and line breaks only (what a
/// paragraph of `%%comment%%` leaves, or a callout's empty title).
pub(super) fn blank(events: &[Event<'_>]) -> bool {
    events.iter().all(|e| match e {
        Event::Text(t) => t.trim().is_empty(),
        Event::SoftBreak | Event::HardBreak => true,
        _ => false,
    })
}

/// What closes an open blockquote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum QuoteEnd {
    /// A blockquote, as it was.
    Quote,
    /// A callout.
    Callout,
    /// A foldable callout (`<details>`).
    Details,
}

/// Render `range` of note `id` into `html` as an embed (the body pass).
pub(super) type EmbedFn = fn(&Renderer<'_>, NoteId, Range<usize>, &mut Page<'_>, &mut String);

/// What the end of a Markdown link or image becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LinkEnd {
    /// Its own end tag.
    Tag,
    /// The end of the broken-link span that replaced it.
    Span,
    /// Nothing: a link to a file left out of the site shows its text alone.
    Nothing,
    /// A Markdown image, whose start event is at `at`: written at its end
    /// as an `<img>` loaded lazily, with the file's `size` when known.
    Image { at: usize, size: Option<(u32, u32)> },
}

/// The event-stream rewriter of one rendered range.
pub(super) struct Rewriter<'r, 'a> {
    pub(super) renderer: &'r Renderer<'a>,
    pub(super) id: NoteId,
    pub(super) body: &'r str,
    pub(super) links: Vec<(usize, &'r Link)>,
    pub(super) next_link: usize,
    /// Events that start before this offset were consumed by a wikilink.
    pub(super) skip_until: usize,
    /// A block to leave out (the title heading).
    pub(super) skip_block: Option<Range<usize>>,
    pub(super) embedded: bool,
    /// Index into `Note::headings` of the next heading.
    pub(super) heading_index: usize,
    pub(super) events: Vec<Event<'r>>,
    /// For each open Markdown link or image: what its end tag becomes.
    pub(super) link_stack: Vec<LinkEnd>,
    /// For each open blockquote: what closes it.
    pub(super) quote_stack: Vec<QuoteEnd>,
    /// The current paragraph holds only block embeds: no `<p>` around them.
    pub(super) drop_paragraph: bool,
    /// The open callout title, while its line's events are written.
    pub(super) callout_title: Option<OpenTitle>,
    /// Start of this range's footnote ids: `fn:` on the note's own page,
    /// `fn:eN-` in the Nth embed.
    pub(super) footnote_prefix: String,
    /// Renders an embedded note's range into a string: the body pass
    /// itself, handed in so an embed can recurse without this module
    /// naming the pass.
    pub(super) embed: EmbedFn,
    /// Where the open paragraph's start event is: a paragraph left with
    /// nothing but blank text (a `%%comment%%` block) is taken out whole.
    pub(super) paragraph_at: Option<usize>,
    /// The fenced code block being taken in (`code`).
    pub(super) code: Option<OpenCode>,
}

impl<'r> Rewriter<'r, '_> {
    pub(super) fn html(&mut self, html: String) {
        self.events.push(Event::InlineHtml(CowStr::from(html)));
    }

    pub(super) fn block_html(&mut self, html: String) {
        self.events.push(Event::Html(CowStr::from(html)));
    }

    /// `open`, the link text as a text event, `</close>`: the text stays
    /// text, so the writer escapes it and the search index sees it.
    pub(super) fn wrapped(&mut self, open: String, text: &str, close: &str) {
        self.html(open);
        self.events
            .push(Event::Text(CowStr::from(text.to_string())));
        self.html(close.to_string());
    }

    pub(super) fn broken(&mut self, display: &str, reason: &str, page: &mut Page<'_>) {
        page.out.broken_links += 1;
        self.wrapped(
            format!("<span class=\"broken-link\" title=\"{}\">", escape(reason)),
            display,
            "</span>",
        );
    }

    pub(super) fn resolution(&self, link_index: usize) -> Option<&'r Resolution> {
        self.renderer.vault.resolutions(self.id).get(link_index)
    }

    pub(super) fn in_comment(&self, at: usize) -> bool {
        crate::vault::links::in_ranges(&self.renderer.vault.notes[self.id].comments, at)
    }
}
