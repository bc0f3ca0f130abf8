//! One note: its text and everything the other stages need from it, found in
//! a single pulldown-cmark pass plus one line scan ([`lines`]); checklist
//! items are read by [`tasks`].
//!
//! The frontmatter block is blanked out (every byte but newlines becomes a
//! space) before Markdown parsing, wherever it stands. That keeps every byte
//! offset — and so every line and column — identical to the original file,
//! while CommonMark no longer sees the block as a thematic break and a setext
//! heading made of YAML.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::frontmatter::{self, Frontmatter};
use super::links::{self, Link, LinkKind, Origin};
use crate::span::LineIndex;

mod lines;
mod tasks;

use lines::scan_lines;
use tasks::task_at;

/// The Markdown dialect phasebook reads, shared by the linter and the site so
/// both see the same structure.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// A heading, ATX or setext.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The raw text as written (inline markup included), which is what
    /// Obsidian compares links against (rule 23).
    pub raw: String,
    /// The plain text, for display and slugs.
    pub text: String,
    /// `raw` as Obsidian compares it (rule 23): computed on the first link
    /// that names the heading, then kept — most headings are never linked.
    norm: std::sync::OnceLock<String>,
    /// 1-based line.
    pub line: usize,
    pub span: Range<usize>,
    /// The enclosing heading (the nearest earlier one of a lower level).
    pub parent: Option<usize>,
}

/// A `^block-id`.
#[derive(Debug, Clone)]
pub struct BlockId {
    pub id: String,
    pub line: usize,
    pub offset: usize,
}

/// A checklist item.
#[derive(Debug, Clone)]
pub struct Task {
    /// The character between the brackets (`' '` open; anything else is
    /// complete for Obsidian, rule 25).
    pub status: char,
    pub text: String,
    pub line: usize,
    pub offset: usize,
    /// The innermost heading the task sits under.
    pub heading: Option<usize>,
}

impl Task {
    /// Whether Obsidian shows the task as checked: any status character but
    /// a space (rule 25). Which characters count as *done* for readiness is
    /// a workflow setting.
    pub fn is_checked(&self) -> bool {
        self.status != ' '
    }
}

/// A line that was probably meant to be a task but is not one (`- []`,
/// `-[ ]`, `- [ x]`).
#[derive(Debug, Clone)]
pub struct NearMissTask {
    pub span: Range<usize>,
    pub found: String,
    pub replacement: String,
}

/// An inline `#tag` in a note's text (Obsidian's tags outside the
/// frontmatter): never in code, HTML, link text or comments.
#[derive(Debug, Clone)]
pub struct InlineTag {
    /// Without the `#`: `release/q3` for `#release/q3`.
    pub name: String,
    /// The `#tag` in the file.
    pub span: Range<usize>,
}

/// Why a file's content could not be taken as it is.
#[derive(Debug, Clone)]
pub struct FileProblem {
    pub offset: usize,
    pub message: String,
}

/// Settings that change what the parse extracts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Count links inside `%%comments%%`.
    pub comment_links: bool,
}

/// The UTF-8 byte order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A parsed Markdown note.
#[derive(Debug, Clone)]
pub struct Note {
    /// Vault-relative, `/`-separated, NFC.
    pub path: String,
    pub source: String,
    pub lines: LineIndex,
    pub frontmatter: Option<Frontmatter>,
    pub title: String,
    pub headings: Vec<Heading>,
    /// In file order (the site looks them up by binary search).
    pub block_ids: Vec<BlockId>,
    pub footnotes: Vec<String>,
    pub links: Vec<Link>,
    pub tasks: Vec<Task>,
    pub near_miss_tasks: Vec<NearMissTask>,
    /// Frontmatter `tags`, then inline `#tags` not already among them, in
    /// file order.
    pub tags: Vec<String>,
    /// In file order (the site looks them up by binary search).
    pub inline_tags: Vec<InlineTag>,
    /// Images a screen reader cannot describe: Markdown images with empty
    /// alternative text (`![](x.png)`) and HTML `<img>` tags with no `alt`,
    /// outside code and comments.
    pub images_without_alt: Vec<Range<usize>>,
    pub aliases: Vec<String>,
    /// `%%comment%%` ranges outside code: hidden in Obsidian's reading view
    /// and on the site.
    pub comments: Vec<Range<usize>>,
    /// Raw HTML outside code (HTML blocks and inline HTML): where
    /// `<!-- phasebook-disable … -->` comments can stand.
    pub html: Vec<Range<usize>>,
    /// Whether the file starts with a UTF-8 byte order mark (Windows
    /// editors write one). It is not part of `source`: the frontmatter
    /// fence or the H1 after it must be seen at the start of the text, and
    /// columns on the first line counted as an editor shows them.
    /// `--fix` puts it back.
    pub bom: bool,
    /// Whether the file ends its lines with a carriage return alone (classic
    /// Mac OS editors). CommonMark and Obsidian take a lone CR for a line
    /// end; the note is read with line feeds in their place (one byte for
    /// one, so every offset holds), so its frontmatter is found — a
    /// `publish: false` in it included — and `--fix` puts the CRs back.
    pub lone_cr: bool,
    /// Set when the file could not be read as UTF-8 text.
    pub problem: Option<FileProblem>,
}

impl Heading {
    /// The heading text as Obsidian compares link subpaths against it.
    pub fn norm(&self) -> &str {
        self.norm
            .get_or_init(|| crate::text::obsidian_norm(&self.raw))
    }
}

impl Note {
    /// The file name without its `.md` extension.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".md").unwrap_or(name)
    }

    /// The folder holding the note (`""` at the vault root).
    pub fn folder(&self) -> &str {
        self.path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
    }

    /// The note's title heading: its first heading, when that is an H1
    /// whose text is the title. The site shows it as the page header and
    /// leaves it out of the content and the table of contents.
    pub fn title_heading(&self) -> Option<&Heading> {
        self.headings
            .first()
            .filter(|h| h.level == 1 && h.text == self.title)
    }

    /// The heading path of heading `idx`, outermost first.
    pub fn heading_path(&self, idx: Option<usize>) -> Vec<&Heading> {
        let mut path = Vec::new();
        let mut cur = idx;
        while let Some(i) = cur {
            let Some(h) = self.headings.get(i) else { break };
            path.push(h);
            cur = h.parent;
        }
        path.reverse();
        path
    }

    /// The text Markdown is parsed from: the source with the frontmatter
    /// block blanked, so offsets are those of the file.
    pub fn body(&self) -> std::borrow::Cow<'_, str> {
        match &self.frontmatter {
            Some(fm) => blank_out(&self.source, fm.block.clone()),
            None => std::borrow::Cow::Borrowed(self.source.as_str()),
        }
    }

    /// Parse a file's bytes.
    pub fn from_bytes(path: String, mut bytes: Vec<u8>, options: ParseOptions) -> Note {
        let bom = bytes.starts_with(UTF8_BOM);
        if bom {
            bytes.drain(..UTF8_BOM.len());
        }
        let lone_cr =
            memchr::memchr(b'\r', &bytes).is_some() && memchr::memchr(b'\n', &bytes).is_none();
        if lone_cr {
            for byte in bytes.iter_mut().filter(|b| **b == b'\r') {
                *byte = b'\n';
            }
        }
        let mut note = Note::from_utf8(path, bytes, options);
        note.bom = bom;
        note.lone_cr = lone_cr;
        note
    }

    fn from_utf8(path: String, bytes: Vec<u8>, options: ParseOptions) -> Note {
        match String::from_utf8(bytes) {
            Ok(text) => Note::parse(path, text, options),
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                let offset = crate::span::floor_char_boundary(&text, valid);
                let mut note = Note::parse(path, text, options);
                note.problem = Some(FileProblem {
                    offset,
                    message: "file is not valid UTF-8 text".to_string(),
                });
                note
            }
        }
    }

    /// Parse a note's text.
    pub fn parse(path: String, source: String, options: ParseOptions) -> Note {
        let lines = LineIndex::new(&source);
        let frontmatter = frontmatter::extract(&source);
        let mut note = Note {
            path,
            lines,
            frontmatter,
            title: String::new(),
            headings: Vec::new(),
            block_ids: Vec::new(),
            footnotes: Vec::new(),
            links: Vec::new(),
            tasks: Vec::new(),
            near_miss_tasks: Vec::new(),
            tags: Vec::new(),
            inline_tags: Vec::new(),
            images_without_alt: Vec::new(),
            aliases: Vec::new(),
            comments: Vec::new(),
            html: Vec::new(),
            bom: false,
            lone_cr: false,
            problem: None,
            source: String::new(),
        };
        let body = match &note.frontmatter {
            Some(fm) => blank_out(&source, fm.block.clone()),
            None => std::borrow::Cow::Borrowed(source.as_str()),
        };
        scan_markdown(&mut note, &source, &body, options);
        drop(body);
        note.source = source;
        note.collect_frontmatter();
        // Tags differing only in case are one tag, as in Obsidian, named as
        // first written: frontmatter first, then the text.
        let mut seen = std::collections::HashSet::new();
        let written = std::mem::take(&mut note.tags)
            .into_iter()
            .chain(note.inline_tags.iter().map(|t| t.name.clone()));
        note.tags = written
            .filter(|name| seen.insert(crate::text::tag_key(name)))
            .collect();
        note.title = note
            .headings
            .iter()
            .find(|h| h.level == 1)
            .map(|h| h.text.clone())
            .or_else(|| {
                note.frontmatter
                    .as_ref()
                    .and_then(|fm| fm.get("title"))
                    .and_then(|n| n.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| note.stem().to_string());
        note
    }

    fn collect_frontmatter(&mut self) {
        let Some(value) = self.frontmatter.as_ref().and_then(|fm| fm.value.as_ref()) else {
            return;
        };
        let mut found = Vec::new();
        links::frontmatter_links(value, &self.source, &mut String::new(), &mut found);
        // Frontmatter comes first in the file when at the top; keep links in
        // file order either way.
        self.links.extend(found);
        self.links.sort_by_key(|l| l.span.start);
        if let Some(tags) = value.get("tags") {
            self.tags = tags
                .string_items()
                .iter()
                .flat_map(|t| t.split([',', ' ']))
                .map(|t| t.trim().trim_start_matches('#'))
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
        }
        for key in ["aliases", "alias"] {
            if let Some(aliases) = value.get(key) {
                self.aliases
                    .extend(aliases.string_items().into_iter().map(str::to_string));
            }
        }
    }
}

/// `text` with `range` blanked (newlines kept), so offsets stay true: every
/// byte of the block but a newline becomes a space, a multi-byte
/// character's bytes included, so the text after it keeps its offsets and
/// the result stays valid UTF-8 with no second validation.
fn blank_out(text: &str, range: Range<usize>) -> std::borrow::Cow<'_, str> {
    // A range off the text or inside a character cannot come from
    // `frontmatter::extract` (it ends on line boundaries); the text
    // unblanked is the safe answer.
    let (Some(before), Some(block), Some(after)) = (
        text.get(..range.start),
        text.get(range.clone()),
        text.get(range.end..),
    ) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(before);
    out.extend(block.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
    out.push_str(after);
    std::borrow::Cow::Owned(out)
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

fn scan_markdown(note: &mut Note, source: &str, body: &str, options: ParseOptions) {
    let mut excluded: Vec<Range<usize>> = Vec::new();
    let mut md_links: Vec<Link> = Vec::new();
    let mut heading_stack: Vec<usize> = Vec::new();
    let mut in_heading: Option<(u8, usize, String)> = None;
    let mut item_starts: Vec<(usize, Option<usize>)> = Vec::new();
    // Where text is not prose, a `#` is not a tag.
    let mut in_link = 0usize;
    let mut in_code_block = false;
    let mut in_html_block = false;
    // Text that may hold inline tags, in file order.
    let mut prose: Vec<Range<usize>> = Vec::new();
    // The image being read, and whether its alternative text has a letter.
    let mut image: Option<(Range<usize>, bool)> = None;

    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = Some((level as u8, range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text)) = in_heading.take() {
                    while let Some(&top) = heading_stack.last() {
                        if note.headings[top].level >= level {
                            heading_stack.pop();
                        } else {
                            break;
                        }
                    }
                    let span = start..range.end;
                    let raw = raw_heading_text(&body[span.clone()]);
                    note.headings.push(Heading {
                        level,
                        norm: std::sync::OnceLock::new(),
                        raw,
                        text: text.trim().to_string(),
                        line: note.lines.line_of(start) + 1,
                        span,
                        parent: heading_stack.last().copied(),
                    });
                    heading_stack.push(note.headings.len() - 1);
                }
            }
            Event::Text(text) => {
                if let Some((_, _, buf)) = in_heading.as_mut() {
                    buf.push_str(&text);
                }
                if let Some((_, described)) = image.as_mut() {
                    *described |= !text.trim().is_empty();
                } else if in_link == 0 && !in_code_block && !in_html_block {
                    // Text events that touch are one range: fewer to walk.
                    match prose.last_mut() {
                        Some(last) if last.end == range.start => last.end = range.end,
                        _ => prose.push(range),
                    }
                }
            }
            Event::Code(text) => {
                if let Some((_, _, buf)) = in_heading.as_mut() {
                    buf.push_str(&text);
                }
                if let Some((_, described)) = image.as_mut() {
                    *described |= !text.trim().is_empty();
                }
                excluded.push(range);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                excluded.push(range);
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                // The whole block at once: pulldown gives its lines one by
                // one, and a comment may open on one and close lines later.
                html_images_without_alt(body, range.clone(), &mut note.images_without_alt);
                note.html.push(range.clone());
                excluded.push(range);
            }
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::InlineHtml(_) => {
                html_images_without_alt(body, range.clone(), &mut note.images_without_alt);
                note.html.push(range.clone());
                excluded.push(range);
            }
            // `Event::Html` comes only inside an HTML block, which its
            // start event has already read and excluded whole.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                in_link += 1;
                if !matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    md_links.extend(markdown_link(&dest_url, range, LinkKind::Markdown));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                in_link += 1;
                image = Some((range.clone(), false));
                md_links.extend(markdown_link(&dest_url, range, LinkKind::MarkdownImage));
            }
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::End(TagEnd::Image) => {
                in_link = in_link.saturating_sub(1);
                if let Some((span, false)) = image.take() {
                    note.images_without_alt.push(span);
                }
            }
            Event::Start(Tag::Item) => {
                item_starts.push((range.start, heading_stack.last().copied()))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => note.footnotes.push(label.to_string()),
            _ => {}
        }
    }

    note.inline_tags = inline_tags(body, &prose);
    note.images_without_alt.sort_by_key(|r| r.start);
    let code = merge_ranges(excluded);
    let comments = comment_ranges(body, &code);
    let mut excluded = code.clone();
    if !options.comment_links {
        excluded.extend(comments.iter().cloned());
        md_links.retain(|l| !links::in_ranges(&comments, l.span.start));
    }
    note.inline_tags
        .retain(|t| !links::in_ranges(&comments, t.span.start));
    note.images_without_alt
        .retain(|r| !links::in_ranges(&comments, r.start));
    note.comments = comments;
    let excluded = merge_ranges(excluded);

    links::scan_wikilinks(body, &excluded, &mut note.links);
    note.links.extend(md_links);
    note.links.sort_by_key(|l| l.span.start);
    // `[[note|see #x]]`: the `#x` is the link's text, not a tag.
    let links = &note.links;
    note.inline_tags.retain(|t| {
        let after = links.partition_point(|l| l.span.start <= t.span.start);
        after
            .checked_sub(1)
            .is_none_or(|i| links[i].span.end <= t.span.start)
    });

    for (start, heading) in item_starts {
        if let Some(task) = task_at(body, start, &note.lines, heading) {
            note.tasks.push(task);
        }
    }
    hide_comments(note, body);
    scan_lines(note, source, body, &excluded);
}

/// Hidden text stays hidden: a `%%comment%%` inside a heading or a task is
/// not part of its text, which the title, the table of contents, heading
/// ids, search and the readiness page show (the page body already hid it).
fn hide_comments(note: &mut Note, body: &str) {
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
        if touches(heading.span.clone()) {
            heading.text = without_comments(&heading.text);
        }
    }
    for task in &mut note.tasks {
        let line = note.lines.line_range(body, task.line - 1);
        if touches(line) {
            task.text = without_comments(&task.text);
        }
    }
}

/// `text` without its `%%…%%` parts (an unclosed `%%` hides the rest), and
/// the spaces they leave doubled made single.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("%%") {
        out.push_str(&rest[..open]);
        match rest[open + 2..].find("%%") {
            Some(close) => rest = &rest[open + 2 + close + 2..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

static HTML_IMG: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"(?i)<img\b(?:[^>"']|"[^"]*"|'[^']*')*>"#).expect("valid img pattern")
});
static HTML_ALT: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"(?i)\salt\s*=").expect("valid alt pattern"));

/// The `<img>` tags with no `alt` attribute in `range` of `body` (raw HTML).
fn html_images_without_alt(body: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
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
            name: name.to_string(),
            span: at..at + 1 + name.len(),
        });
    }
    tags
}

/// A Markdown link or image as the vault model keeps it: only those to a
/// local file (`markdown_destination`), never URLs.
fn markdown_link(dest_url: &str, span: Range<usize>, kind: LinkKind) -> Option<Link> {
    let (target, subpath) = links::markdown_destination(dest_url)?;
    Some(Link {
        kind,
        target,
        subpath,
        display: None,
        span,
        origin: Origin::Body,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Note {
        Note::parse("dir/note.md".into(), src.into(), ParseOptions::default())
    }

    #[test]
    fn comments_are_not_part_of_a_heading_or_task_text() {
        let note =
            parse("# Home %%SECRET%%\n\n## Entry Criteria %%SECRET%% now\n\n- [ ] task %%SECRET\n");
        assert_eq!(note.title, "Home");
        assert_eq!(note.headings[1].text, "Entry Criteria now");
        assert_eq!(note.tasks[0].text, "task");
        // In code, `%%` is text, not a comment.
        let code = parse("# Rate `50%%`\n");
        assert_eq!(code.headings[0].text, "Rate 50%%");
    }

    #[test]
    fn blanking_keeps_offsets_and_refuses_a_range_inside_a_character() {
        let text = "# T\n---\nnäme: x\n---\nafter é\n";
        let block = 4..text.find("after").unwrap();
        let blanked = blank_out(text, block.clone());
        assert_eq!(blanked.len(), text.len());
        assert_eq!(&blanked[..4], "# T\n");
        assert!(
            blanked[block.clone()]
                .bytes()
                .all(|b| b == b' ' || b == b'\n')
        );
        assert_eq!(blanked[block.clone()].matches('\n').count(), 3);
        assert_eq!(&blanked[block.end..], "after é\n");
        // Inside `ä` (two bytes): left as it is, no panic.
        let inside = text.find('ä').unwrap() + 1;
        assert_eq!(blank_out(text, inside..block.end), text);
    }

    #[test]
    fn seed_layout_keeps_h1_drops_yaml_heading() {
        let note =
            parse("# Release Phase\n\n---\nphase: 05\nname: \"Release\"\n---\n\n## Overview\n");
        let texts: Vec<_> = note
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.line))
            .collect();
        assert_eq!(texts, vec![(1, "Release Phase", 1), (2, "Overview", 8)]);
        assert_eq!(note.title, "Release Phase");
    }

    #[test]
    fn links_skip_code_html_and_comments() {
        let src = "[[a]] `[[b]]`\n\n```\n[[c]]\n```\n\n    [[d]]\n\n<div>\n[[e]]\n</div>\n\n%%[[f]]%% [[g|G]] [m](x.md)\n";
        let note = parse(src);
        let targets: Vec<_> = note.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, vec!["a", "g", "x.md"]);
    }

    #[test]
    fn inline_tags_in_prose_only() {
        let src = "---\ntags: [release]\n---\n# N #draft\n\nShip it #release and #team/ops, #snake_case_tag, issue #123.\n\
                   a#b `#code` \\#escaped [see #md](x.md) [[a|see #wiki]] %% #hidden %%\n\n\
                   ```\n#fenced\n```\n\n<div>\n#html\n</div>\n\n- [ ] task #todo/\n";
        let note = parse(src);
        let names: Vec<&str> = note.inline_tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["draft", "release", "team/ops", "snake_case_tag", "todo"]
        );
        // Each span is the `#tag` in the file.
        for tag in &note.inline_tags {
            assert_eq!(&src[tag.span.clone()], format!("#{}", tag.name));
        }
        // Case does not make a new tag, in the text or in the frontmatter.
        assert_eq!(
            parse("---\ntags: [Release]\n---\n# R\n\n#release #RELEASE\n").tags,
            ["Release"]
        );
        assert_eq!(
            parse("---\ntags: [Ops, ops, OPS, team]\n---\n# R\n").tags,
            ["Ops", "team"]
        );
        // Frontmatter tags first, then new inline ones.
        assert_eq!(
            note.tags,
            ["release", "draft", "team/ops", "snake_case_tag", "todo"]
        );
    }

    #[test]
    fn images_without_alternative_text() {
        let src = "# N\n\n![](a.png) ![A chart](b.png) ![ ](c.png) ![`code`](d.png) ![[e.png]]\n\n\
                   <img src=\"f.png\"> <IMG SRC=g.png ALT=\"\"> <img alt='h' src=h.png> <img src=\"i>j.png\">\n\n\
                   <!-- <img src=k.png> -->\n\n```\n![](l.png) <img src=l.png>\n```\n\n%% ![](m.png) %%\n\n\
                   <!--\n<img src=n.png>\n-->\n\n<div>\n<img src=\"o.png\">\n</div>\n";
        let note = parse(src);
        let found: Vec<&str> = note
            .images_without_alt
            .iter()
            .map(|r| &src[r.clone()])
            .collect();
        assert_eq!(
            found,
            [
                "![](a.png)",
                "![ ](c.png)",
                "<img src=\"f.png\">",
                "<img src=\"i>j.png\">",
                "<img src=\"o.png\">"
            ]
        );
    }

    #[test]
    fn comment_links_when_configured() {
        let note = Note::parse(
            "n.md".into(),
            "%%[[f]]%%\n".into(),
            ParseOptions {
                comment_links: true,
            },
        );
        assert_eq!(note.links.len(), 1);
    }

    #[test]
    fn frontmatter_links_have_key_paths_and_spans() {
        let src = "---\nnext_phase: \"[[06-iterate]]\"\nartifacts: [\"[[a]]\", \"[[b]]\"]\nplain: [[x]]\n---\n";
        let note = parse(src);
        let got: Vec<_> = note
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.origin.clone(), &src[l.span.clone()]))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "06-iterate",
                    Origin::Frontmatter("next_phase".into()),
                    "[[06-iterate]]"
                ),
                ("a", Origin::Frontmatter("artifacts.0".into()), "[[a]]"),
                ("b", Origin::Frontmatter("artifacts.1".into()), "[[b]]"),
            ]
        );
    }

    #[test]
    fn headings_atx_setext_and_parents() {
        let note = parse("# A #\n\nB\n---\n\n### C `code`\n\n## D\n");
        let got: Vec<_> = note
            .headings
            .iter()
            .map(|h| (h.level, h.raw.as_str(), h.parent))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "A", None),
                (2, "B", Some(0)),
                (3, "C `code`", Some(1)),
                (2, "D", Some(0))
            ]
        );
    }

    #[test]
    fn tasks_with_status_and_heading_path() {
        let note = parse(
            "## Exit Criteria\n\n### Security\n\n- [ ] open\n- [x] done\n* [/] partial\n1. [-] cancelled\n- [link](x)\n",
        );
        let got: Vec<_> = note
            .tasks
            .iter()
            .map(|t| (t.status, t.text.as_str(), t.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (' ', "open", 5),
                ('x', "done", 6),
                ('/', "partial", 7),
                ('-', "cancelled", 8)
            ]
        );
        let path: Vec<_> = note
            .heading_path(note.tasks[0].heading)
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(path, vec!["Exit Criteria", "Security"]);
    }

    #[test]
    fn block_ids() {
        let note = parse(
            "A paragraph. ^para-1\n\n- item\n\n^list-id\n\nnot^an-id\n\n```\nx ^code\n```\n\n`code` first, then text ^after-code\n\n`in ^code`\n",
        );
        let ids: Vec<_> = note
            .block_ids
            .iter()
            .map(|b| (b.id.as_str(), b.line))
            .collect();
        assert_eq!(ids, vec![("para-1", 1), ("list-id", 5), ("after-code", 13)]);
    }

    #[test]
    fn near_miss_tasks() {
        for (line, want) in [
            ("- []", "- [ ]"),
            ("-[ ] x", "- [ ]"),
            ("* [X ] x", "* [X]"),
            ("- [ x] x", "- [x]"),
            ("- [  ] x", "- [ ]"),
            ("- [x]done", "- [x] "),
        ] {
            let note = parse(&format!("{line}\n"));
            assert_eq!(note.near_miss_tasks.len(), 1, "{line}");
            assert_eq!(note.near_miss_tasks[0].replacement, want, "{line}");
        }
        for line in [
            "- [ ] ok",
            "- [x] ok",
            "- [link](u)",
            "- [ab] x",
            "- [x]",
            "text [x] y",
        ] {
            assert!(
                parse(&format!("{line}\n")).near_miss_tasks.is_empty(),
                "{line}"
            );
        }
        assert!(parse("```\n- []\n```\n").near_miss_tasks.is_empty());
    }

    #[test]
    fn invalid_utf8_is_a_problem_not_a_panic() {
        let note = Note::from_bytes(
            "n.md".into(),
            b"ok\n\xff\xfe [[a]]".to_vec(),
            ParseOptions::default(),
        );
        let problem = note.problem.unwrap();
        assert_eq!(problem.offset, 3);
        assert_eq!(note.links.len(), 1);
    }
}
