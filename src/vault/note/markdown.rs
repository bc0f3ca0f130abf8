//! The one pulldown-cmark pass over a note's body: headings, code and HTML
//! ranges, Markdown links, list items (tasks), footnotes, images without
//! alternative text, inline `#tags` and `%%comments%%`; then the wikilink
//! scan outside code, HTML and comments, and the line scan ([`super::lines`]).

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::lines::scan_lines;
use super::model::{Heading, InlineTag, Math, Note, ParseOptions, markdown_options};
use super::tasks::task_at;
use super::text::without_comments;
use crate::vault::links::{self, Link, LinkKind, Origin};

/// The body as pulldown-cmark is given it, if it has wikilinks: the `[[`
/// and `]]` of each written `((` and `))`, every offset unchanged.
///
/// CommonMark has no wikilinks, and a parser that sees their brackets
/// builds a node for each one as a possible Markdown link: 48 bytes a
/// bracket, so one note of 1,000,000 `[[a]]` took 900 MB to check. Masked,
/// they are plain text to it, as they are to Obsidian, which reads a
/// wikilink before Markdown link syntax (`[[a]]` is not the reference link
/// `[a]` even where `[a]: …` is defined). Code spans, fences and HTML keep
/// their delimiters, so the ranges read from the parse are the same; the
/// text of headings and formulas is taken back from the note as written.
///
/// Also how many wikilinks there are at most, so the list of links is
/// allocated once at its size.
fn masked(body: &str) -> (Option<String>, usize) {
    let mut bytes: Option<Vec<u8>> = None;
    let mut count = 0;
    links::for_each_wikilink(body, &[], |open, close| {
        count += 1;
        let bytes = bytes.get_or_insert_with(|| body.as_bytes().to_vec());
        bytes[open..open + 2].copy_from_slice(b"((");
        bytes[close..close + 2].copy_from_slice(b"))");
    });
    let masked =
        bytes.map(|bytes| String::from_utf8(bytes).expect("ASCII brackets replaced by ASCII"));
    (masked, count)
}

/// Where in the event's source `range` of `parsed` the event's `text`
/// stands, if it stands there as it is (no escape or entity decoded):
/// the same bytes of the written body are the text as written.
fn as_written(text: &str, range: Range<usize>, parsed: &str) -> Option<Range<usize>> {
    let source = parsed.get(range.clone())?;
    let at = if source.len() == text.len() {
        (source == text).then_some(0)?
    } else {
        source.find(text)?
    };
    Some(range.start + at..range.start + at + text.len())
}

/// Merge sorted-by-start, possibly nested ranges into disjoint ones.
fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// `%%comment%%` ranges outside code; an unclosed `%%` runs to the end.
fn comment_ranges(body: &str, code: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for at in memchr::memmem::find_iter(body.as_bytes(), b"%%") {
        if links::in_ranges(code, at) {
            continue;
        }
        match open {
            None => open = Some(at),
            Some(start) if at >= start + 2 => {
                out.push(start..at + 2);
                open = None;
            }
            Some(_) => {}
        }
    }
    if let Some(start) = open {
        out.push(start..body.len());
    }
    out
}

/// The state of the one Markdown pass over a note's body.
#[derive(Default)]
struct Pass {
    /// Code and HTML: no wikilink is read there.
    excluded: Vec<Range<usize>>,
    md_links: Vec<Link>,
    heading_stack: Vec<usize>,
    in_heading: Option<(u8, usize, String)>,
    item_starts: Vec<(usize, Option<usize>)>,
    // Where text is not prose, a `#` is not a tag.
    in_link: usize,
    in_code_block: bool,
    in_html_block: bool,
    /// Text that may hold inline tags, in file order.
    prose: Vec<Range<usize>>,
    /// The image being read, and whether its alternative text has a letter.
    image: Option<(Range<usize>, bool)>,
}

impl Pass {
    /// A formula: recorded, and no link or tag is read inside it.
    fn math(&mut self, note: &mut Note, span: Range<usize>, tex: String, display: bool) {
        note.math.push(Math {
            span: span.clone(),
            display,
            tex,
        });
        self.excluded.push(span);
    }

    /// Take one event of the note's body into `note` and the pass's state.
    /// `parsed` is the text the parser read ([`masked`]), `body` the text
    /// as written: event text that lies in `parsed` is taken from `body`.
    fn event(
        &mut self,
        note: &mut Note,
        (body, parsed): (&str, &str),
        event: Event<'_>,
        range: Range<usize>,
    ) {
        let written = |text: &str| -> String {
            match as_written(text, range.clone(), parsed) {
                Some(at) => body[at].to_string(),
                None => text.to_string(),
            }
        };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.in_heading = Some((level as u8, range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text)) = self.in_heading.take() {
                    while let Some(&top) = self.heading_stack.last() {
                        if note.headings[top].level >= level {
                            self.heading_stack.pop();
                        } else {
                            break;
                        }
                    }
                    let span = start..range.end;
                    let raw = raw_heading_text(&body[span.clone()]);
                    let line = note.lines().line_of(start) + 1;
                    let parent = self.heading_stack.last().copied();
                    note.headings
                        .push(Heading::new(level, &raw, text.trim(), line, span, parent));
                    self.heading_stack.push(note.headings.len() - 1);
                }
            }
            Event::Text(text) => {
                if let Some((_, _, buf)) = self.in_heading.as_mut() {
                    buf.push_str(&written(&text));
                }
                if let Some((_, described)) = self.image.as_mut() {
                    *described |= !text.trim().is_empty();
                } else if self.in_link == 0 && !self.in_code_block && !self.in_html_block {
                    // Text events that touch are one range: fewer to walk.
                    match self.prose.last_mut() {
                        Some(last) if last.end == range.start => last.end = range.end,
                        _ => self.prose.push(range),
                    }
                }
            }
            Event::Code(text) => {
                if let Some((_, _, buf)) = self.in_heading.as_mut() {
                    buf.push_str(&written(&text));
                }
                if let Some((_, described)) = self.image.as_mut() {
                    *described |= !text.trim().is_empty();
                }
                self.excluded.push(range);
            }
            Event::InlineMath(tex) => self.math(note, range.clone(), written(&tex), false),
            Event::DisplayMath(tex) => self.math(note, range.clone(), written(&tex), true),
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code_block = true;
                self.excluded.push(range);
            }
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Start(Tag::HtmlBlock) => {
                self.in_html_block = true;
                // The whole block at once: pulldown gives its lines one by
                // one, and a comment may open on one and close lines later.
                html_images_without_alt(body, range.clone(), &mut note.images_without_alt);
                note.html.push(range.clone());
                self.excluded.push(range);
            }
            Event::End(TagEnd::HtmlBlock) => self.in_html_block = false,
            Event::InlineHtml(_) => {
                html_images_without_alt(body, range.clone(), &mut note.images_without_alt);
                note.html.push(range.clone());
                self.excluded.push(range);
            }
            // `Event::Html` comes only inside an HTML block, which its
            // start event has already read and self.excluded whole.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                self.in_link += 1;
                if !matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    self.md_links
                        .extend(markdown_link(&dest_url, range, LinkKind::Markdown));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.in_link += 1;
                self.image = Some((range.clone(), false));
                self.md_links
                    .extend(markdown_link(&dest_url, range, LinkKind::MarkdownImage));
            }
            Event::End(TagEnd::Link) => self.in_link = self.in_link.saturating_sub(1),
            Event::End(TagEnd::Image) => {
                self.in_link = self.in_link.saturating_sub(1);
                if let Some((span, false)) = self.image.take() {
                    note.images_without_alt.push(span);
                }
            }
            Event::Start(Tag::Item) => self
                .item_starts
                .push((range.start, self.heading_stack.last().copied())),
            Event::Start(Tag::FootnoteDefinition(label)) => note.footnotes.push(label.to_string()),
            _ => {}
        }
    }
}

pub(super) fn scan_markdown(note: &mut Note, source: &str, body: &str, options: ParseOptions) {
    let mut pass = Pass::default();
    let (masked, wikilinks) = masked(body);
    let parsed = masked.as_deref().unwrap_or(body);
    for (event, range) in Parser::new_ext(parsed, markdown_options()).into_offset_iter() {
        pass.event(note, (body, parsed), event, range);
    }
    drop(masked);
    let Pass {
        excluded,
        md_links,
        prose,
        item_starts,
        ..
    } = pass;
    let mut md_links = md_links;

    note.inline_tags = inline_tags(body, &prose).into();
    note.images_without_alt.sort_by_key(|r| r.start);
    let code = merge_ranges(excluded);
    let comments = comment_ranges(body, &code);
    let mut excluded = code.clone();
    if !options.comment_links {
        excluded.extend(comments.iter().cloned());
        md_links.retain(|l| !links::in_ranges(&comments, l.span().start));
    }
    note.inline_tags
        .retain(|t| !links::in_ranges(&comments, t.span.start));
    note.images_without_alt
        .retain(|r| !links::in_ranges(&comments, r.start));
    note.comments = comments.into();
    let excluded = merge_ranges(excluded);

    note.links.reserve_exact(wikilinks + md_links.len());
    links::scan_wikilinks(body, &excluded, &mut note.links);
    note.links.extend(md_links);
    // Unstable: no two links start at one offset, and it sorts in place
    // where a stable sort takes a buffer of half the list.
    note.links.sort_unstable_by_key(|l| l.span().start);
    // `[[note|see #x]]`: the `#x` is the link's text, not a tag.
    let links = &note.links;
    note.inline_tags.retain(|t| {
        let after = links.partition_point(|l| l.span().start <= t.span.start);
        after
            .checked_sub(1)
            .is_none_or(|i| links[i].span().end <= t.span.start)
    });

    for (start, heading) in item_starts {
        if let Some(task) = task_at(body, start, note.lines(), heading) {
            note.tasks.push(task);
        }
    }
    hide_comments(note);
    scan_lines(note, source, body, &excluded);
}

/// Hidden text stays hidden: a `%%comment%%` inside a heading or a task is
/// not part of its text, which the title, the table of contents, heading
/// ids, search and the readiness page show (the page body already hid it).
fn hide_comments(note: &mut Note) {
    if note.comments.is_empty() {
        return;
    }
    let comments = &note.comments;
    let touches = |span: Range<usize>| {
        comments
            .iter()
            .any(|c| c.start < span.end && span.start < c.end)
    };
    for heading in &mut note.headings {
        if touches(heading.span()) {
            let text = without_comments(heading.text());
            heading.set_text(&text);
        }
    }
    // A task's text is read from the file with its comments left out
    // (`Note::task_text`).
}

static HTML_IMG: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"(?i)<img\b(?:[^>"']|"[^"]*"|'[^']*')*>"#).expect("valid img pattern")
});
static HTML_ALT: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"(?i)\salt\s*=").expect("valid alt pattern"));

/// The `<img>` tags with no `alt` attribute in `range` of `body` (raw HTML).
fn html_images_without_alt(
    body: &str,
    range: Range<usize>,
    out: &mut thin_vec::ThinVec<Range<usize>>,
) {
    let Some(html) = body.get(range.clone()) else {
        return;
    };
    if !html
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"<img"))
    {
        return;
    }
    // A tag inside an HTML comment (`<!-- <img src=x> -->`) is not shown.
    let comments: Vec<Range<usize>> = html
        .match_indices("<!--")
        .map(|(at, _)| {
            at..html[at..]
                .find("-->")
                .map_or(html.len(), |end| at + end + 3)
        })
        .collect();
    for tag in HTML_IMG.find_iter(html) {
        if !HTML_ALT.is_match(tag.as_str()) && !comments.iter().any(|c| c.contains(&tag.start())) {
            out.push(range.start + tag.start()..range.start + tag.end());
        }
    }
}

/// The inline tags of `body` inside `prose` (its text events, in order), as
/// Obsidian reads them: a `#` at the start of a line or after blank space,
/// then letters, digits, `_`, `-` or `/`, not all digits (`#123` is an issue
/// number, not a tag). The source is read, not the events' text, so
/// `\#not-a-tag` stays text: its `#` follows a `\`. One scan of the whole
/// body for `#` (memchr) rather than one per text event.
fn inline_tags(body: &str, prose: &[Range<usize>]) -> Vec<InlineTag> {
    let mut tags = Vec::new();
    let mut next = 0;
    for at in memchr::memchr_iter(b'#', body.as_bytes()) {
        while next < prose.len() && prose[next].end <= at {
            next += 1;
        }
        let Some(range) = prose.get(next).filter(|r| r.start <= at) else {
            continue;
        };
        if body[..at]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
        {
            continue;
        }
        let rest = &body[at + 1..range.end];
        let len: usize = rest
            .chars()
            .take_while(|&c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
            .map(char::len_utf8)
            .sum();
        let name = rest[..len].trim_end_matches('/');
        if name.is_empty() || name.starts_with('/') || name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        tags.push(InlineTag {
            name: name.into(),
            span: at..at + 1 + name.len(),
        });
    }
    tags
}

/// A Markdown link or image as the vault model keeps it: only those to a
/// local file (`markdown_destination`), never URLs.
fn markdown_link(dest_url: &str, span: Range<usize>, kind: LinkKind) -> Option<Link> {
    let (target, subpath) = links::markdown_destination(dest_url)?;
    Some(Link::new(
        kind,
        &target,
        subpath.as_deref(),
        None,
        span,
        Origin::Body,
    ))
}

/// Heading text as written: ATX markers and closing `#`s stripped, or for a
/// setext heading its text lines joined.
fn raw_heading_text(text: &str) -> String {
    let trimmed = text.trim_start();
    if let Some(rest) = trimmed.strip_prefix('#') {
        let rest = rest.trim_start_matches('#');
        let line = rest.lines().next().unwrap_or("").trim();
        let without_close = line.trim_end_matches('#');
        if without_close.len() < line.len()
            && (without_close.is_empty() || without_close.ends_with([' ', '\t']))
        {
            return without_close.trim().to_string();
        }
        return line.to_string();
    }
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let content = &lines[..lines.len().saturating_sub(1)];
    content
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
}
