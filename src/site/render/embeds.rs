//! Embeds: `![[note]]`, `![[note#Heading]]`, `![[note#^block]]`
//! transcluded in place (a paragraph of embeds only loses its `<p>`, since a
//! block may not sit in one), images with their sizes, audio and video, and
//! other files as links; cycles, depth and the page's budget are bounded.

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::links::default_display;
use super::page::{Embedding, MAX_EMBED_DEPTH, MAX_EMBEDDED_BYTES, MAX_EMBEDS_PER_PAGE, Page};
use super::rewriter::{Rewriter, blank};
use crate::html::escape;
use crate::vault::links::Link;
use crate::vault::resolve::{Found, Subpath};
use crate::vault::{LinkKind, NoteId, Resolution, VaultFile};

impl<'r> Rewriter<'r, '_> {
    /// `![[file]]` of a file that is not a note: an image (with its size),
    /// audio or video, else a link to the file.
    pub(super) fn embed_file(
        &mut self,
        file: &VaultFile,
        link: &Link,
        url: &str,
        display: &str,
        page: &mut Page<'_>,
    ) {
        if is_image(file.name()) {
            let (alt, written) = image_size(link);
            let size = crate::image::display_size(written, crate::image::dimensions(&file.abs));
            let mut attrs = String::new();
            if let Some((w, h)) = size {
                let _ = write!(attrs, " width=\"{w}\"");
                if let Some(h) = h {
                    let _ = write!(attrs, " height=\"{h}\"");
                }
            }
            // Loaded when the reader nears it, its box reserved before.
            attrs.push_str(" loading=\"lazy\" decoding=\"async\"");
            self.html(format!(
                "<img class=\"embed-image\" src=\"{}\" alt=\"{}\"{attrs}>",
                escape(url),
                escape(alt.as_deref().unwrap_or(file.name()))
            ));
            return;
        }
        if file.name().to_ascii_lowercase().ends_with(".pdf") {
            self.embed_pdf(url, link.subpath(), file, page);
            return;
        }
        match media_kind(file.name()) {
            Some(kind) => self.html(format!(
                "<{kind} class=\"embed-media\" controls src=\"{}\"></{kind}>",
                escape(url)
            )),
            None => self.html(format!(
                "<a class=\"internal-link embed-file\" href=\"{}\">{}</a>",
                escape(url),
                escape(display)
            )),
        }
    }

    pub(super) fn paragraph_start(&mut self, range: &Range<usize>) {
        if self.only_block_embeds(range) {
            self.drop_paragraph = true;
        } else {
            self.paragraph_at = Some(self.events.len());
            self.events.push(Event::Start(Tag::Paragraph));
        }
    }

    /// The end of a paragraph. One left with nothing to show (its text was
    /// all `%%comment%%`) is taken out whole, as Obsidian leaves no trace
    /// of a comment (R6).
    pub(super) fn paragraph_end(&mut self) {
        if std::mem::take(&mut self.drop_paragraph) {
            return;
        }
        if let Some(at) = self.paragraph_at.take()
            && blank(&self.events[at + 1..])
        {
            self.events.truncate(at);
            return;
        }
        self.events.push(Event::End(TagEnd::Paragraph));
    }

    /// Whether a paragraph is made of note embeds only (and blank space), so
    /// the transcluded blocks can stand in its place: a `<div>` may not sit
    /// inside a `<p>`.
    fn only_block_embeds(&self, range: &Range<usize>) -> bool {
        let mut at = range.start;
        let mut any = false;
        // Links before the paragraph (in a skipped title heading, say) are
        // not part of it.
        let first = self.next_link
            + self.links[self.next_link..].partition_point(|(_, l)| l.span().start < range.start);
        for (i, link) in self.links[first..].iter().map(|(i, l)| (*i, *l)) {
            if link.span().start >= range.end {
                break;
            }
            if link.kind != LinkKind::Embed || !self.embeds_note(i) {
                return false;
            }
            // A link starting before `at` (one the text pass skipped) means
            // this is not a plain run of embeds.
            if !self
                .body
                .get(at..link.span().start)
                .is_some_and(|between| between.trim().is_empty())
            {
                return false;
            }
            at = link.span().end;
            any = true;
        }
        any && self
            .body
            .get(at..range.end)
            .is_some_and(|t| t.trim().is_empty())
    }

    /// Whether link `i` resolves to a note (a transclusion, not a file), or
    /// to a file left out of the site (which renders as nothing): either
    /// way no text of its own stands in the paragraph.
    fn embeds_note(&self, i: usize) -> bool {
        match self.resolution(i) {
            Some(Resolution::Found(f)) => {
                self.renderer.unpublished(f)
                    || (self.renderer.vault.files[f.file].note.is_some() && !f.subpath.is_missing())
            }
            _ => false,
        }
    }

    /// `![[note]]`, `![[note#Heading]]`, `![[note#^block]]` (and `![[#Heading]]`
    /// of the note itself): the content, rendered in place (R15). Inside a
    /// paragraph the paragraph is cut around it, so the block stands where
    /// the embed does; in other inline places (a heading, a table cell) it
    /// is a link.
    pub(super) fn transclude(
        &mut self,
        target: NoteId,
        found: &Found,
        link: &Link,
        url: &str,
        page: &mut Page<'_>,
    ) {
        let vault = self.renderer.vault;
        let note = &vault.notes[target];
        // Inside a paragraph of the page's own text, the embed is expanded;
        // inside embedded content it stays a link. Why: notes that embed
        // each other in running text expand exponentially (the 10k bench
        // vault's pages each grew by hundreds of notes, the site from 180
        // to 637 MB and the build's CPU time threefold), and a reader
        // follows a link in an embed as easily as in the page.
        let in_paragraph = !self.drop_paragraph && !self.embedded && self.paragraph_at.is_some();
        if !self.drop_paragraph && !in_paragraph {
            self.html(format!(
                "<a class=\"internal-link embed-link\" href=\"{}\">{}</a>",
                escape(url),
                escape(&default_display(link))
            ));
            return;
        }
        let range = match found.subpath {
            Subpath::Heading(h) => section_range(note, h as usize),
            Subpath::Block(b) => note
                .block_ids
                .get(b as usize)
                .map(|b| paragraph_range(&note.source(), b.offset))
                .unwrap_or(0..0),
            _ => 0..note.source_len(),
        };
        let embedding = Embedding {
            note: target,
            range: range.clone(),
            label: match link.subpath() {
                Some(sub) => format!("{}#{sub}", note.path),
                None => note.path.clone(),
            },
        };
        if in_paragraph {
            self.cut_paragraph();
        }
        self.embed_block(embedding, link, url, page);
        if in_paragraph {
            // The rest of the paragraph after the block.
            self.paragraph_at = Some(self.events.len());
            self.events.push(Event::Start(Tag::Paragraph));
        }
    }

    /// End the open paragraph where an embed's block goes (nothing, when
    /// it holds nothing yet).
    fn cut_paragraph(&mut self) {
        let Some(at) = self.paragraph_at.take() else {
            return;
        };
        if blank(&self.events[at + 1..]) {
            self.events.truncate(at);
        } else {
            self.events.push(Event::End(TagEnd::Paragraph));
        }
    }

    /// The embed's block: its content, or why it is left out (a cycle, the
    /// depth, the page's budget).
    fn embed_block(&mut self, embedding: Embedding, link: &Link, url: &str, page: &mut Page<'_>) {
        let vault = self.renderer.vault;
        let note = &vault.notes[embedding.note];
        let cycle = page.stack.contains(&embedding);
        if cycle || page.stack.len() > MAX_EMBED_DEPTH {
            let chain: Vec<&str> = page
                .stack
                .iter()
                .map(|e| e.label.as_str())
                .chain(std::iter::once(embedding.label.as_str()))
                .collect();
            let why = if cycle {
                format!("embed cycle: {}", chain.join(" → "))
            } else {
                format!(
                    "embeds nested deeper than {MAX_EMBED_DEPTH}: {}",
                    chain.join(" → ")
                )
            };
            page.out
                .warnings
                .push(format!("{}: {why}", vault.notes[self.id].path));
            page.out.broken_links += 1;
            self.block_html(format!(
                "<p><span class=\"broken-link embed-cycle\" title=\"{}\">{}</span></p>\n",
                escape(&why),
                escape(&default_display(link))
            ));
            return;
        }
        let range = embedding.range.clone();
        if page.embeds >= MAX_EMBEDS_PER_PAGE
            || page.embedded_bytes + range.len() > MAX_EMBEDDED_BYTES
        {
            let why = format!(
                "not embedded: the page would expand more than {MAX_EMBEDS_PER_PAGE} embeds \
                 or {} MB of embedded Markdown",
                MAX_EMBEDDED_BYTES >> 20
            );
            // One warning per page, not one per embed left out.
            if !std::mem::replace(&mut page.over_budget, true) {
                let page_note = page.stack.first().map_or(self.id, |e| e.note);
                page.out
                    .warnings
                    .push(format!("{}: {why}", vault.notes[page_note].path));
            }
            self.block_html(format!(
                "<p><a class=\"internal-link embed-link embed-skipped\" href=\"{}\" title=\"{}\">{}</a></p>\n",
                escape(url),
                escape(&why),
                escape(&default_display(link))
            ));
            return;
        }
        page.embeds += 1;
        page.embedded_bytes += range.len();
        let mut inner = String::new();
        let target = embedding.note;
        page.stack.push(embedding);
        (self.embed)(self.renderer, target, range, page, &mut inner);
        page.stack.pop();
        self.block_html(format!(
            "<div class=\"embed\" data-src=\"{}\"><div class=\"embed-title\"><a class=\"internal-link\" href=\"{}\">{}</a></div>\n{inner}</div>\n",
            escape(link.target()),
            escape(url),
            escape(&note.title)
        ));
    }
}

fn is_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

fn media_kind(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    match ext {
        "mp3" | "wav" | "m4a" | "ogg" | "flac" | "3gp" => Some("audio"),
        "mp4" | "webm" | "ogv" | "mov" | "mkv" => Some("video"),
        _ => None,
    }
}

/// `![[image.png|alt|100x200]]` / `![[image.png|100]]`: alt text and size.
fn image_size(link: &Link) -> (Option<String>, Option<(u32, Option<u32>)>) {
    let Some(display) = link.display() else {
        return (None, None);
    };
    let parse = |s: &str| -> Option<(u32, Option<u32>)> {
        match s.split_once('x') {
            Some((w, h)) => Some((w.trim().parse().ok()?, Some(h.trim().parse().ok()?))),
            None => Some((s.trim().parse().ok()?, None)),
        }
    };
    if let Some(size) = parse(display) {
        return (None, Some(size));
    }
    match display.rsplit_once('|') {
        Some((alt, size)) if parse(size).is_some() => (Some(alt.to_string()), parse(size)),
        _ => (Some(display.to_string()), None),
    }
}

/// The section under heading `h`: from the heading to the next heading of
/// the same or a higher level.
fn section_range(note: &crate::vault::Note, h: usize) -> Range<usize> {
    let Some(heading) = note.headings.get(h) else {
        return 0..0;
    };
    let end = note.headings[h + 1..]
        .iter()
        .find(|next| next.level <= heading.level)
        .map_or(note.source_len(), |next| next.span().start);
    heading.span().start..end
}

/// The paragraph (run of non-blank lines) around `offset`.
fn paragraph_range(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind("\n\n").map_or(0, |n| n + 2);
    let end = text[offset..]
        .find("\n\n")
        .map_or(text.len(), |n| offset + n + 1);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Origin;

    #[test]
    fn image_sizes() {
        let link = |display: &str| {
            Link::new(
                LinkKind::Embed,
                "a.png",
                None,
                Some(display),
                0..0,
                Origin::Body,
            )
        };
        assert_eq!(image_size(&link("100")), (None, Some((100, None))));
        assert_eq!(image_size(&link("100x50")), (None, Some((100, Some(50)))));
        assert_eq!(
            image_size(&link("a cat|100")),
            (Some("a cat".into()), Some((100, None)))
        );
        assert_eq!(image_size(&link("a cat")), (Some("a cat".into()), None));
    }
}
