//! Text events: cut where a wikilink, an inline `#tag` or a `^block` id
//! starts (each handed to its construct), with `%%comments%%` left out, and
//! borrowed from the note where they can be.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::page::Page;
use super::rewriter::Rewriter;
use crate::html::escape;
use crate::vault::LinkKind;

impl<'r> Rewriter<'r, '_> {
    /// A text event: hide comments, cut out `^block` ids, and replace the
    /// wikilinks that start inside it.
    pub(super) fn text(&mut self, text: CowStr<'r>, range: Range<usize>, page: &mut Page<'_>) {
        let mut at = range.start.max(self.skip_until);
        if at >= range.end {
            return;
        }
        let note = &self.renderer.vault.notes[self.id];
        while self.next_link < self.links.len() && self.links[self.next_link].1.span().start < at {
            self.next_link += 1;
        }
        loop {
            let next_link = self
                .links
                .get(self.next_link)
                .filter(|(_, l)| {
                    l.span().start < range.end && matches!(l.kind, LinkKind::Wiki | LinkKind::Embed)
                })
                .map(|(i, l)| (*i, *l));
            // Both lists are in file order: a binary search, not a scan of
            // the note's whole list for every text event.
            let block = note
                .block_ids
                .get(note.block_ids.partition_point(|b| b.offset < at))
                .filter(|b| b.offset < range.end);
            let tag = note
                .inline_tags
                .get(note.inline_tags.partition_point(|t| t.span.start < at))
                .filter(|t| t.span.start < range.end);
            let cut = [
                next_link.map(|(_, l)| l.span().start),
                block.map(|b| b.offset),
                tag.map(|t| t.span.start),
            ]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(range.end);
            self.plain(&text, &range, at..cut);
            if cut >= range.end {
                break;
            }
            match (next_link, tag) {
                (Some((i, link)), _) if link.span().start == cut => {
                    self.next_link += 1;
                    self.skip_until = link.span().end;
                    self.wikilink(i, link, page);
                    at = link.span().end;
                }
                (_, Some(tag)) if tag.span.start == cut => {
                    // pulldown-cmark splits text at a possible emphasis
                    // delimiter (`#_draft`): the rest of the tag comes as
                    // the next text event, and belongs to the tag.
                    self.skip_until = self.skip_until.max(tag.span.end);
                    self.inline_tag(tag, page);
                    at = tag.span.end;
                }
                _ => {
                    let Some(b) = block else { break };
                    if !self.embedded {
                        self.html(format!(
                            "<span class=\"block-anchor\" id=\"^{}\"></span>",
                            escape(&b.id)
                        ));
                    }
                    at = b.offset + 1 + b.id.len();
                }
            }
            if at >= range.end {
                break;
            }
        }
    }

    /// Text between `part`, minus comments.
    fn plain(&mut self, text: &CowStr<'r>, range: &Range<usize>, part: Range<usize>) {
        if part.start >= part.end {
            return;
        }
        let renderer = self.renderer;
        let comments = &renderer.vault.notes[self.id].comments;
        // Comments are in file order and apart (`comment_ranges`): only
        // those from the first that ends after `part` starts can cut it.
        let first = comments.partition_point(|c| c.end <= part.start);
        let mut at = part.start;
        for c in comments[first..].iter().take_while(|c| c.start < part.end) {
            self.plain_piece(text, range, at..c.start);
            at = at.max(c.end);
        }
        self.plain_piece(text, range, at..part.end);
    }

    /// One uncommented piece of a text event as a text event of its own,
    /// borrowed from the note where it can be (a text event per piece,
    /// copied, was a heap allocation for most text of every page).
    fn plain_piece(&mut self, text: &CowStr<'r>, range: &Range<usize>, p: Range<usize>) {
        if p.start >= p.end {
            return;
        }
        // The whole event as pulldown-cmark gave it (entities and escapes
        // decoded), or a piece cut from it where a link, tag, block id or
        // comment starts: by offset, from the body, as written.
        let piece: CowStr<'r> = if p == *range {
            text.clone()
        } else {
            match self.body.get(p.clone()) {
                Some(part) => CowStr::Borrowed(part),
                None => return,
            }
        };
        // The space before a trailing ` ^block-id` is not shown.
        let block_ids = &self.renderer.vault.notes[self.id].block_ids;
        let next_block = block_ids.get(block_ids.partition_point(|b| b.offset < p.end));
        let piece = if next_block.is_some_and(|b| b.offset == p.end && b.offset < range.end) {
            match piece {
                CowStr::Borrowed(part) => CowStr::Borrowed(part.trim_end()),
                other => CowStr::from(other.trim_end().to_string()),
            }
        } else {
            piece
        };
        if !piece.is_empty() {
            self.events.push(Event::Text(piece));
        }
    }
}
