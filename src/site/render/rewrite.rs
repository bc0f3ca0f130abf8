//! The event-stream rewriting behind [`Renderer`]: wikilinks and embeds made
//! into links, images and transcluded notes, Markdown links pointed at
//! their resolved targets, heading and block ids, callouts, comments.

use super::*;

impl Renderer<'_> {
    /// Render `range` of note `id` into `html`. `skip` is a block left out
    /// (the title heading). `embedded` content gets no ids, so a page that
    /// transcludes a note still has unique ids.
    pub(super) fn body(
        &self,
        id: NoteId,
        range: Range<usize>,
        skip: Option<Range<usize>>,
        embedded: bool,
        page: &mut Page<'_>,
        html: &mut String,
    ) {
        let note = &self.vault.notes[id];
        let body = note.body();
        let Some(text) = body.get(range.clone()) else {
            return;
        };
        let base = range.start;
        let events = Parser::new_ext(text, markdown_options())
            .into_offset_iter()
            .map(|(event, r)| (event, r.start + base..r.end + base));
        let mut rewriter = Rewriter {
            renderer: self,
            id,
            body: &body,
            links: body_links(&note.links, &range),
            next_link: 0,
            skip_until: 0,
            skip_block: skip,
            embedded,
            heading_index: note
                .headings
                .partition_point(|h| h.span.start < range.start),
            // About one event per 8 bytes of Markdown: growing it by
            // doubling copied every page's events several times over.
            events: Vec::with_capacity(text.len() / 8 + 16),
            link_stack: Vec::new(),
            quote_stack: Vec::new(),
            drop_paragraph: false,
            callout_title_end: None,
            // Each embed's footnotes get ids of their own (`page.embeds`
            // counts the embeds expanded so far), so a page and the notes
            // it embeds can all have a `[^1]`.
            footnote_prefix: if embedded {
                format!("fn:e{}-", page.embeds)
            } else {
                "fn:".to_string()
            },
            footnotes: crate::FastMap::default(),
        };
        for (event, r) in events {
            rewriter.push(event, r, page);
        }
        if !embedded {
            page.out.sections = sections(&rewriter.events);
        }
        pulldown_cmark::html::push_html(html, rewriter.events.into_iter());
    }
}

/// The text of a page by section (a heading and what follows it), for the
/// search index. Taken from the final event stream, so hidden comments and
/// link syntax are not indexed and headings carry their page ids.
fn sections(events: &[Event<'_>]) -> Vec<crate::site::search::Section> {
    let mut out = vec![crate::site::search::Section::default()];
    let mut in_heading = false;
    for event in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = true;
                out.push(crate::site::search::Section {
                    anchor: id.as_deref().unwrap_or("").to_string(),
                    ..Default::default()
                });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(text) | Event::Code(text) => {
                if let Some(section) = out.last_mut() {
                    let target = if in_heading {
                        &mut section.heading
                    } else {
                        &mut section.text
                    };
                    target.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                if let Some(section) = out.last_mut()
                    && !in_heading
                    && !section.text.ends_with(' ')
                {
                    section.text.push(' ');
                }
            }
            _ => {}
        }
    }
    if out.len() > 1 && out[0].text.trim().is_empty() {
        out.remove(0);
    }
    out
}

/// The body links of a note inside `range`, in file order, with their index
/// into `Note::links` (which the resolutions are aligned with).
fn body_links<'l>(links: &'l [Link], range: &Range<usize>) -> Vec<(usize, &'l Link)> {
    links
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.origin == Origin::Body && l.span.start >= range.start && l.span.end <= range.end
        })
        .collect()
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

/// Whether a Markdown link destination may be followed: relative URLs and
/// the schemes a handbook links to. `javascript:`, `data:` and the like are
/// refused whatever the raw-HTML setting.
fn is_safe_destination(dest: &str) -> bool {
    let trimmed: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    match trimmed.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto" | "tel" | "ftp" | "obsidian"
        ),
        _ => true,
    }
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

/// Obsidian's display text for a wikilink with no `|`: the link as written,
/// with a subpath shown as `Note > Heading`.
fn default_display(link: &Link) -> String {
    let target = link.target.rsplit('/').next().unwrap_or(&link.target);
    match &link.subpath {
        Some(sub) if target.is_empty() => sub.replace('#', " > "),
        Some(sub) => format!("{target} > {}", sub.replace('#', " > ")),
        None => link.target.clone(),
    }
}

/// A callout's first line: `[!type]`, an optional fold marker, a title.
fn callout_header(line: &str) -> Option<(String, String)> {
    let rest = line.trim_start().strip_prefix("[!")?;
    let (kind, rest) = rest.split_once(']')?;
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let title = rest.trim_start_matches(['+', '-']).trim();
    Some((kind.to_ascii_lowercase(), title.to_string()))
}

fn capitalised(kind: &str) -> String {
    let mut chars = kind.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the end of a Markdown link or image becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkEnd {
    /// Its own end tag.
    Tag,
    /// The end of the broken-link span that replaced it.
    Span,
    /// Nothing: a link to a file left out of the site shows its text alone.
    Nothing,
}

/// The event-stream rewriter of one rendered range.
struct Rewriter<'r, 'a> {
    renderer: &'r Renderer<'a>,
    id: NoteId,
    body: &'r str,
    links: Vec<(usize, &'r Link)>,
    next_link: usize,
    /// Events that start before this offset were consumed by a wikilink.
    skip_until: usize,
    /// A block to leave out (the title heading).
    skip_block: Option<Range<usize>>,
    embedded: bool,
    /// Index into `Note::headings` of the next heading.
    heading_index: usize,
    events: Vec<Event<'r>>,
    /// For each open Markdown link or image: what its end tag becomes.
    link_stack: Vec<LinkEnd>,
    /// For each open blockquote: whether it became a callout.
    quote_stack: Vec<bool>,
    /// The current paragraph holds only block embeds: no `<p>` around them.
    drop_paragraph: bool,
    /// End of a callout's `[!type] Title` line, whose text is not shown.
    callout_title_end: Option<usize>,
    /// Start of this range's footnote ids: `fn:` on the note's own page,
    /// `fn:eN-` in the Nth embed.
    footnote_prefix: String,
    /// Footnote labels (lower-cased) to their numbers, given in the order
    /// first seen, as pulldown-cmark numbers them. A map, not a list
    /// searched per reference: a note can hold thousands of footnotes.
    footnotes: crate::FastMap<String, usize>,
}

impl<'r, 'a> Rewriter<'r, 'a> {
    /// The id and number of footnote `label` (compared without case, as
    /// the resolver does).
    fn footnote(&mut self, label: &str) -> (String, usize) {
        let key = label.to_lowercase();
        let next = self.footnotes.len() + 1;
        let number = *self.footnotes.entry(key.clone()).or_insert(next);
        (format!("{}{key}", self.footnote_prefix), number)
    }

    fn html(&mut self, html: String) {
        self.events.push(Event::InlineHtml(CowStr::from(html)));
    }

    fn block_html(&mut self, html: String) {
        self.events.push(Event::Html(CowStr::from(html)));
    }

    fn in_comment(&self, at: usize) -> bool {
        crate::vault::links::in_ranges(&self.renderer.vault.notes[self.id].comments, at)
    }

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
            Event::Text(text) => self.text(text, range, page),
            // Written here rather than by pulldown-cmark, whose ids are the
            // bare labels: `[^intro]` took the id of a heading "Intro", and
            // an embedded note's `[^1]` the id of the page's own.
            Event::FootnoteReference(label) => {
                let (id, number) = self.footnote(&label);
                self.html(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{}\">{number}</a></sup>",
                    escape(&encode_fragment(&id))
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (id, number) = self.footnote(&label);
                self.block_html(format!(
                    "<div class=\"footnote-definition\" id=\"{}\">\
                     <sup class=\"footnote-definition-label\">{number}</sup>",
                    escape(&id)
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => self.block_html("</div>\n".to_string()),
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = if self.embedded {
                    None
                } else {
                    self.renderer.map.heading_ids[self.id]
                        .get(self.heading_index)
                        .cloned()
                        .map(CowStr::from)
                };
                self.events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                self.heading_index += 1;
                self.events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Paragraph) => {
                if self.only_block_embeds(&range) {
                    self.drop_paragraph = true;
                } else {
                    self.events.push(Event::Start(Tag::Paragraph));
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if std::mem::take(&mut self.drop_paragraph) {
                    return;
                }
                self.events.push(Event::End(TagEnd::Paragraph));
            }
            Event::SoftBreak if self.drop_paragraph => {}
            Event::SoftBreak if self.callout_title_end.is_some_and(|end| range.start <= end) => {
                self.callout_title_end = None;
            }
            Event::Start(Tag::BlockQuote(kind)) => self.blockquote(kind, range),
            Event::End(TagEnd::BlockQuote(kind)) => {
                if self.quote_stack.pop().unwrap_or(false) {
                    self.block_html("</div></div>\n".to_string());
                } else {
                    self.events.push(Event::End(TagEnd::BlockQuote(kind)));
                }
            }
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
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                match self.link_stack.pop().unwrap_or(LinkEnd::Tag) {
                    LinkEnd::Tag => self.events.push(Event::End(end)),
                    LinkEnd::Span => self.html("</span>".to_string()),
                    LinkEnd::Nothing => {}
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                page.raw_html = true;
                if !self.in_comment(range.start) {
                    self.events.push(event);
                }
            }
            Event::Code(_) if self.in_comment(range.start) => {}
            other => self.events.push(other),
        }
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
            + self.links[self.next_link..].partition_point(|(_, l)| l.span.start < range.start);
        for (i, link) in self.links[first..].iter().map(|(i, l)| (*i, *l)) {
            if link.span.start >= range.end {
                break;
            }
            if link.kind != LinkKind::Embed || !self.embeds_note(i) {
                return false;
            }
            // A link starting before `at` (one the text pass skipped) means
            // this is not a plain run of embeds.
            if !self
                .body
                .get(at..link.span.start)
                .is_some_and(|between| between.trim().is_empty())
            {
                return false;
            }
            at = link.span.end;
            any = true;
        }
        any && self
            .body
            .get(at..range.end)
            .is_some_and(|t| t.trim().is_empty())
    }

    fn resolution(&self, link_index: usize) -> Option<&'r Resolution> {
        self.renderer.vault.resolutions[self.id].get(link_index)
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

    fn blockquote(&mut self, kind: Option<BlockQuoteKind>, range: Range<usize>) {
        let gfm_title = kind.map(|k| match k {
            BlockQuoteKind::Note => "note",
            BlockQuoteKind::Tip => "tip",
            BlockQuoteKind::Important => "important",
            BlockQuoteKind::Warning => "warning",
            BlockQuoteKind::Caution => "caution",
        });
        let (callout, title) = match gfm_title {
            Some(kind) => (Some(kind.to_string()), String::new()),
            None => {
                // Obsidian's `> [!type] Title`: read the first line.
                let line_end = self.body[range.start..]
                    .find('\n')
                    .map_or(range.end, |n| range.start + n);
                let first = self.body[range.start..line_end]
                    .trim_start()
                    .trim_start_matches('>');
                match callout_header(first) {
                    Some((kind, title)) => {
                        self.callout_title_end = Some(line_end);
                        self.skip_until = self.skip_until.max(line_end);
                        (Some(kind), title)
                    }
                    None => (None, String::new()),
                }
            }
        };
        match callout {
            Some(kind) => {
                let title = if title.is_empty() {
                    capitalised(&kind)
                } else {
                    title
                };
                let class: String = kind
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                self.block_html(format!(
                    "<div class=\"callout callout-{class}\"><div class=\"callout-title\">{}</div><div class=\"callout-body\">\n",
                    escape(&title)
                ));
                self.quote_stack.push(true);
            }
            None => {
                self.events.push(Event::Start(Tag::BlockQuote(kind)));
                self.quote_stack.push(false);
            }
        }
    }

    /// A text event: hide comments, cut out `^block` ids, and replace the
    /// wikilinks that start inside it.
    fn text(&mut self, text: CowStr<'r>, range: Range<usize>, page: &mut Page<'_>) {
        let mut at = range.start.max(self.skip_until);
        if at >= range.end {
            return;
        }
        let note = &self.renderer.vault.notes[self.id];
        while self.next_link < self.links.len() && self.links[self.next_link].1.span.start < at {
            self.next_link += 1;
        }
        loop {
            let next_link = self
                .links
                .get(self.next_link)
                .filter(|(_, l)| {
                    l.span.start < range.end && matches!(l.kind, LinkKind::Wiki | LinkKind::Embed)
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
                next_link.map(|(_, l)| l.span.start),
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
                (Some((i, link)), _) if link.span.start == cut => {
                    self.next_link += 1;
                    self.skip_until = link.span.end;
                    self.wikilink(i, link, page);
                    at = link.span.end;
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

    /// Text between `part`, minus comments and a callout's title line.
    fn plain(&mut self, text: &CowStr<'r>, range: &Range<usize>, part: Range<usize>) {
        if part.start >= part.end {
            return;
        }
        if self.callout_title_end.is_some_and(|end| part.start < end) {
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

    /// `open`, the link text as a text event, `</close>`: the text stays
    /// text, so the writer escapes it and the search index sees it.
    fn wrapped(&mut self, open: String, text: &str, close: &str) {
        self.html(open);
        self.events
            .push(Event::Text(CowStr::from(text.to_string())));
        self.html(close.to_string());
    }

    /// An inline `#tag`: a link to the tag's page, as in the page header.
    fn inline_tag(&mut self, tag: &InlineTag, page: &Page<'_>) {
        let display = format!("#{}", tag.name);
        match self.renderer.map.tag(&tag.name) {
            Some(entry) => self.wrapped(
                format!(
                    "<a class=\"tag\" href=\"{}\" rel=\"tag\">",
                    escape(&relative_url(page.path, &entry.page))
                ),
                &display,
                "</a>",
            ),
            None => self.events.push(Event::Text(CowStr::from(display))),
        }
    }

    fn broken(&mut self, display: &str, reason: &str, page: &mut Page<'_>) {
        page.out.broken_links += 1;
        self.wrapped(
            format!("<span class=\"broken-link\" title=\"{}\">", escape(reason)),
            display,
            "</span>",
        );
    }

    fn wikilink(&mut self, i: usize, link: &'r Link, page: &mut Page<'_>) {
        let Some(resolution) = self.resolution(i) else {
            return;
        };
        let display = link
            .display
            .clone()
            .unwrap_or_else(|| default_display(link));
        if let Resolution::Found(found) = resolution
            && self.renderer.unpublished(found)
        {
            // Left out of the site: a link shows its text, an embed nothing.
            if link.kind == LinkKind::Wiki {
                self.events.push(Event::Text(CowStr::from(display)));
            }
            return;
        }
        let found = match resolution {
            Resolution::Found(found) if !found.subpath.is_missing() => found,
            _ => {
                let reason = self.renderer.reason(link, resolution);
                let shown = if link.kind == LinkKind::Embed {
                    default_display(link)
                } else {
                    display
                };
                self.broken(&shown, &reason, page);
                return;
            }
        };
        let url = self.renderer.target_url(page.path, found, self.id, link);
        let file = &self.renderer.vault.files[found.file];
        if link.kind == LinkKind::Wiki {
            self.wrapped(
                format!("<a class=\"internal-link\" href=\"{}\">", escape(&url)),
                &display,
                "</a>",
            );
            return;
        }
        // An embed.
        match file.note {
            Some(target) => self.transclude(target, found, link, &url, page),
            None if is_image(file.name()) => {
                let (alt, size) = image_size(link);
                let mut attrs = String::new();
                if let Some((w, h)) = size {
                    let _ = write!(attrs, " width=\"{w}\"");
                    if let Some(h) = h {
                        let _ = write!(attrs, " height=\"{h}\"");
                    }
                }
                self.html(format!(
                    "<img class=\"embed-image\" src=\"{}\" alt=\"{}\"{attrs}>",
                    escape(&url),
                    escape(alt.as_deref().unwrap_or(file.name()))
                ));
            }
            None => match media_kind(file.name()) {
                Some(kind) => self.html(format!(
                    "<{kind} class=\"embed-media\" controls src=\"{}\"></{kind}>",
                    escape(&url)
                )),
                None => self.html(format!(
                    "<a class=\"internal-link embed-file\" href=\"{}\">{}</a>",
                    escape(&url),
                    escape(&display)
                )),
            },
        }
    }

    /// `![[note]]`, `![[note#Heading]]`, `![[note#^block]]`: the content,
    /// rendered in place, or a link when it sits inside running text.
    fn transclude(
        &mut self,
        target: NoteId,
        found: &Found,
        link: &Link,
        url: &str,
        page: &mut Page<'_>,
    ) {
        let vault = self.renderer.vault;
        let note = &vault.notes[target];
        if !self.drop_paragraph {
            // Inside a sentence a block cannot go: link to it instead.
            self.html(format!(
                "<a class=\"internal-link embed-link\" href=\"{}\">{}</a>",
                escape(url),
                escape(&default_display(link))
            ));
            return;
        }
        if page.stack.contains(&target) || page.stack.len() > MAX_EMBED_DEPTH {
            let chain: Vec<&str> = page
                .stack
                .iter()
                .map(|&n| vault.notes[n].path.as_str())
                .chain(std::iter::once(note.path.as_str()))
                .collect();
            let why = if page.stack.contains(&target) {
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
        let range = match found.subpath {
            Subpath::Heading(h) => section_range(note, h),
            Subpath::Block(b) => note
                .block_ids
                .get(b)
                .map(|b| paragraph_range(&note.source, b.offset))
                .unwrap_or(0..0),
            _ => 0..note.source.len(),
        };
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
                let page_note = page.stack.first().copied().unwrap_or(self.id);
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
        page.stack.push(target);
        self.renderer
            .body(target, range, None, true, page, &mut inner);
        page.stack.pop();
        self.block_html(format!(
            "<div class=\"embed\" data-src=\"{}\"><div class=\"embed-title\"><a class=\"internal-link\" href=\"{}\">{}</a></div>\n{inner}</div>\n",
            escape(&link.target),
            escape(url),
            escape(&note.title)
        ));
    }

    #[allow(clippy::too_many_arguments)]
    fn markdown_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'r>,
        title: CowStr<'r>,
        id: CowStr<'r>,
        range: Range<usize>,
        image: bool,
        page: &mut Page<'_>,
    ) {
        let rebuild = |dest: CowStr<'r>| {
            if image {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                })
            } else {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                })
            }
        };
        let known = self
            .links
            .iter()
            .find(|(_, l)| l.span.start == range.start && l.kind.is_markdown())
            .map(|(i, l)| (*i, *l));
        if let Some((i, link)) = known {
            match self.resolution(i) {
                Some(Resolution::Found(found)) if self.renderer.unpublished(found) => {
                    // The link's text (an image's alternative text) alone.
                    self.link_stack.push(LinkEnd::Nothing);
                }
                Some(Resolution::Found(found)) if !found.subpath.is_missing() => {
                    let url = self.renderer.target_url(page.path, found, self.id, link);
                    self.link_stack.push(LinkEnd::Tag);
                    self.events.push(rebuild(CowStr::from(url)));
                }
                Some(resolution) => {
                    let reason = self.renderer.reason(link, resolution);
                    page.out.broken_links += 1;
                    self.link_stack.push(LinkEnd::Span);
                    self.html(format!(
                        "<span class=\"broken-link\" title=\"{}\">",
                        escape(&reason)
                    ));
                }
                None => {
                    self.link_stack.push(LinkEnd::Tag);
                    self.events.push(rebuild(dest_url));
                }
            }
            return;
        }
        if !is_safe_destination(&dest_url) {
            self.link_stack.push(LinkEnd::Span);
            self.html(format!(
                "<span class=\"broken-link unsafe-link\" title=\"{}\">",
                escape("link removed: this URL scheme is not allowed")
            ));
            return;
        }
        self.link_stack.push(LinkEnd::Tag);
        self.events.push(rebuild(dest_url));
    }
}

/// `![[image.png|alt|100x200]]` / `![[image.png|100]]`: alt text and size.
fn image_size(link: &Link) -> (Option<String>, Option<(u32, Option<u32>)>) {
    let Some(display) = &link.display else {
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
        _ => (Some(display.clone()), None),
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
        .map_or(note.source.len(), |next| next.span.start);
    heading.span.start..end
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

    #[test]
    fn unsafe_schemes_are_refused() {
        assert!(!is_safe_destination("javascript:alert(1)"));
        assert!(!is_safe_destination(" JaVa\tScript:alert(1)"));
        assert!(!is_safe_destination("data:text/html,x"));
        assert!(!is_safe_destination("vbscript:x"));
        assert!(is_safe_destination("https://example.com/a:b"));
        assert!(is_safe_destination("guides/a.md#x:y"));
        assert!(is_safe_destination("mailto:team@example.com"));
    }

    #[test]
    fn callout_headers() {
        assert_eq!(
            callout_header(" [!warning]- Careful now"),
            Some(("warning".into(), "Careful now".into()))
        );
        assert_eq!(
            callout_header("[!NOTE]"),
            Some(("note".into(), String::new()))
        );
        assert_eq!(callout_header("[not a callout]"), None);
    }

    #[test]
    fn image_sizes() {
        let link = |display: &str| Link {
            kind: LinkKind::Embed,
            target: "a.png".into(),
            subpath: None,
            display: Some(display.into()),
            span: 0..0,
            origin: Origin::Body,
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
