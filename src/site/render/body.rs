//! The body pass: a range of a note parsed by pulldown-cmark, each event
//! handed to the construct that rewrites it ([`Rewriter::push`]), and the
//! result written as HTML. A page is the note's own range; an embed is a
//! range of another note, rendered by the same pass (see
//! [`Rewriter::embed`]).

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::autolinks::autolinks;
use super::footnotes::footnotes;
use super::highlight::highlights;
use super::page::{Embedding, Page};
use super::renderer::{RenderedNote, Renderer};
use super::rewriter::Rewriter;
use crate::site::sanitize;
use crate::vault::NoteId;
use crate::vault::Origin;
use crate::vault::links::{Link, LinkKind};
use crate::vault::note::markdown_options;

impl Renderer<'_> {
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
            stack: vec![Embedding {
                note: id,
                range: 0..note.source_len(),
                label: note.path.clone(),
            }],
            embeds: 0,
            embedded_bytes: 0,
            over_budget: false,
            out: RenderedNote::default(),
            raw_html: false,
        };
        let mut html = String::with_capacity(note.source_len() + note.source_len() / 2);
        let title_heading = note.title_heading().map(|h| h.span());
        render_range(
            self,
            id,
            0..note.source_len(),
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
}

/// [`render_range`] for an embed: no block left out, no ids.
fn render_embed(
    renderer: &Renderer<'_>,
    id: NoteId,
    range: Range<usize>,
    page: &mut Page<'_>,
    html: &mut String,
) {
    render_range(renderer, id, range, None, true, page, html);
}

/// Render `range` of note `id` into `html`. `skip` is a block left out
/// (the title heading). `embedded` content gets no ids, so a page that
/// transcludes a note still has unique ids.
fn render_range(
    renderer: &Renderer<'_>,
    id: NoteId,
    range: Range<usize>,
    skip: Option<Range<usize>>,
    embedded: bool,
    page: &mut Page<'_>,
    html: &mut String,
) {
    let note = &renderer.vault.notes[id];
    let body = note.body();
    let Some(text) = body.get(range.clone()) else {
        return;
    };
    let base = range.start;
    let links = body_links(&note.links, &range);
    let masked = masked(text, base, &links);
    let text = masked.as_deref().unwrap_or(text);
    let events = Parser::new_ext(text, markdown_options())
        .into_offset_iter()
        .map(|(event, r)| (event, r.start + base..r.end + base));
    let mut rewriter = Rewriter {
        renderer,
        id,
        body: &body,
        links,
        next_link: 0,
        skip_until: 0,
        skip_block: skip,
        embedded,
        heading_index: note
            .headings
            .partition_point(|h| h.span().start < range.start),
        // About one event per 8 bytes of Markdown: growing it by
        // doubling copied every page's events several times over.
        events: Vec::with_capacity(text.len() / 8 + 16),
        link_stack: Vec::new(),
        quote_stack: Vec::new(),
        drop_paragraph: false,
        callout_title: None,
        // Each embed's footnotes get ids of their own (`page.embeds`
        // counts the embeds expanded so far), so a page and the notes
        // it embeds can all have a `[^1]`.
        footnote_prefix: if embedded {
            format!("fn:e{}-", page.embeds)
        } else {
            "fn:".to_string()
        },
        embed: render_embed,
        paragraph_at: None,
        code: None,
    };
    for (event, r) in events {
        rewriter.push(event, r, page);
    }
    // Footnotes go to the end of the range, numbered and linked both
    // ways, while the text is as pulldown-cmark cut it (an inline
    // footnote's `^[` is two text events); then what is found in the
    // finished text: highlights, then bare URLs.
    let events = footnotes(rewriter.events, &rewriter.footnote_prefix);
    let events = autolinks(highlights(events));
    if !embedded {
        page.out.sections = super::sections::sections(&events);
    }
    pulldown_cmark::html::push_html(html, events.into_iter());
}

/// The body links of a note inside `range`, in file order, with their index
/// into `Note::links` (which the resolutions are aligned with).
fn body_links<'l>(links: &'l [Link], range: &Range<usize>) -> Vec<(usize, &'l Link)> {
    links
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.origin() == Origin::Body && l.span().start >= range.start && l.span().end <= range.end
        })
        .collect()
}

/// `text`, the body from `base`, as pulldown-cmark is given it: the `[[`
/// and `]]` of its wikilinks written `((` and `))`, as the vault's parse
/// reads them (`vault::note::markdown`) and for the same reason: seen as
/// brackets, each is a parser node of 48 bytes, and a note of a million
/// links took over a gigabyte to build. The rewriter puts every wikilink's
/// rendering in place of the events of its span, so the parentheses are
/// never shown.
fn masked(text: &str, base: usize, links: &[(usize, &Link)]) -> Option<String> {
    let mut bytes: Option<Vec<u8>> = None;
    for (_, link) in links {
        let open = match link.kind {
            LinkKind::Wiki => link.span().start,
            LinkKind::Embed => link.span().start + 1,
            LinkKind::Markdown | LinkKind::MarkdownImage => continue,
        } - base;
        let close = link.span().end - base - 2;
        let bytes = bytes.get_or_insert_with(|| text.as_bytes().to_vec());
        if bytes.get(open..open + 2) == Some(b"[[") && bytes.get(close..close + 2) == Some(b"]]") {
            bytes[open..open + 2].copy_from_slice(b"((");
            bytes[close..close + 2].copy_from_slice(b"))");
        }
    }
    bytes.map(|bytes| String::from_utf8(bytes).expect("ASCII brackets replaced by ASCII"))
}

/// Inline events that may sit inside a wikilink's brackets.
fn is_inline_markup(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::InlineHtml(_)
    )
}

impl<'r> Rewriter<'r, '_> {
    /// One event of the range: each construct takes the events it
    /// rewrites; the rest pass through.
    fn push(&mut self, event: Event<'r>, range: Range<usize>, page: &mut Page<'_>) {
        if let Some(skip) = &self.skip_block
            && range.start >= skip.start
            && range.end <= skip.end
        {
            if let Event::End(TagEnd::Heading(_)) = event {
                self.heading_index += 1;
                self.skip_block = None;
            }
            return;
        }
        if range.start < self.skip_until && range.end <= self.skip_until && is_inline_markup(&event)
        {
            // Markup inside a wikilink (`[[a_b_c]]`) belongs to the link.
            return;
        }
        match event {
            Event::Text(text) if self.in_code() => self.code_text(&text),
            Event::Start(Tag::CodeBlock(kind)) => self.code_start(kind, range.start),
            Event::End(TagEnd::CodeBlock) if self.in_code() => self.code_end(page),
            Event::Text(text) => self.text(text, range, page),
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => self.heading_start(level, classes, attrs),
            Event::End(TagEnd::Heading(level)) => self.heading_end(level),
            // The title's paragraph is the title: no <p> of its own.
            Event::Start(Tag::Paragraph) if self.in_callout_title() => {}
            Event::End(TagEnd::Paragraph) if self.in_callout_title() => self.end_callout_title(),
            Event::Start(Tag::Paragraph) => self.paragraph_start(&range),
            Event::End(TagEnd::Paragraph) => self.paragraph_end(),
            Event::SoftBreak if self.drop_paragraph => {}
            // A callout's title is its first line.
            Event::SoftBreak | Event::HardBreak if self.in_callout_title() => {
                self.end_callout_title();
                // The rest of the first paragraph is the body's.
                self.paragraph_at = Some(self.events.len());
                self.events.push(Event::Start(Tag::Paragraph));
            }
            Event::SoftBreak if !self.renderer.strict_line_breaks => {
                self.events.push(Event::HardBreak)
            }
            Event::Start(Tag::Item) => self.list_item(&range),
            Event::Start(Tag::BlockQuote(kind)) => self.blockquote(kind, range),
            Event::End(TagEnd::BlockQuote(kind)) => self.blockquote_end(kind),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.markdown_link(link_type, dest_url, title, id, range, false, page),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.markdown_link(link_type, dest_url, title, id, range, true, page),
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => self.markdown_link_end(end),
            Event::Html(_) | Event::InlineHtml(_) => {
                page.raw_html = true;
                if !self.in_comment(range.start) {
                    self.events.push(event);
                }
            }
            Event::Code(_) if self.in_comment(range.start) => {}
            Event::InlineMath(tex) => self.math(&tex, false, &range, page),
            Event::DisplayMath(tex) => self.math(&tex, true, &range, page),
            other => self.events.push(other),
        }
    }
}
