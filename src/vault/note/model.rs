//! What a note is: its text and everything the other stages need from it
//! (headings, links, tasks, block ids, tags, comments), and the Markdown
//! dialect it is read in. Filled by the parse (`super`); read by everyone.

use crate::span::{LineIndex, Span32, saturating_u32};
use std::ops::Range;

use compact_str::CompactString;
use thin_vec::ThinVec;

use pulldown_cmark::Options;

use super::text::{FileProblem, Source};
use crate::vault::frontmatter::Frontmatter;
use crate::vault::links::Link;

/// The Markdown dialect phasebook reads, shared by the linter and the site so
/// both see the same structure.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        // `$…$` and `$$…$$` (R8): math, not text, so no link or tag is
        // read inside it.
        | Options::ENABLE_MATH
}

/// A formula of the note.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Math {
    /// From the first `$` to the last.
    pub span: Range<usize>,
    /// `$$…$$`.
    pub display: bool,
    /// The TeX as pulldown-cmark gave it: without the dollars, and without
    /// the `>` or indentation of the quote or list it stands in, which a
    /// slice of the source would keep.
    pub tex: String,
}

/// A heading, ATX or setext. One is kept for each heading of the vault for
/// the whole run, so it is kept small (48 bytes): the raw text and, only
/// when it differs, the plain text share one string (inline up to 24
/// bytes); the line, span and parent are `u32`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    /// [`Heading::raw`], then the plain text when it is not the raw text.
    texts: CompactString,
    /// The length of the plain text at the end of `texts`, [`SAME`] when
    /// it is the raw text.
    plain_len: u32,
    /// 1-based line.
    pub line: u32,
    /// Where the heading is in the file ([`Heading::span`]).
    span: Span32,
    /// The enclosing heading (the nearest earlier one of a lower level),
    /// [`NO_PARENT`] for none.
    parent: u32,
}

/// A heading whose plain text is its raw text.
const SAME: u32 = u32::MAX;
/// A heading with no enclosing heading. No note has `u32::MAX` headings:
/// each takes two bytes at least, and a note is under 4 GiB.
const NO_PARENT: u32 = u32::MAX;

impl Heading {
    pub(crate) fn new(
        level: u8,
        raw: &str,
        text: &str,
        line: usize,
        span: Range<usize>,
        parent: Option<usize>,
    ) -> Heading {
        let mut heading = Heading {
            level,
            texts: raw.into(),
            plain_len: SAME,
            line: saturating_u32(line),
            span: span.into(),
            parent: parent
                .and_then(|p| u32::try_from(p).ok())
                .unwrap_or(NO_PARENT),
        };
        heading.set_text(text);
        heading
    }

    /// The raw text as written (inline markup included), which is what
    /// Obsidian compares links against (rule 23).
    pub fn raw(&self) -> &str {
        let end = match self.plain_len {
            SAME => self.texts.len(),
            len => self.texts.len().saturating_sub(len as usize),
        };
        self.texts.get(..end).unwrap_or("")
    }

    /// The heading's byte range in the file.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }

    /// Put the heading at `span` (a note's shape zeroes its positions).
    pub(super) fn set_span(&mut self, span: Range<usize>) {
        self.span = span.into();
    }

    /// The plain text, for display and slugs.
    pub fn text(&self) -> &str {
        match self.plain_len {
            SAME => &self.texts,
            len => {
                let start = self.texts.len().saturating_sub(len as usize);
                self.texts.get(start..).unwrap_or("")
            }
        }
    }

    /// Replace the plain text (comments taken out of it).
    pub(super) fn set_text(&mut self, text: &str) {
        let raw_len = self.raw().len();
        self.texts.truncate(raw_len);
        // A heading is one line of a note: never 4 GiB. Were its plain
        // text, the raw text would stand for it.
        self.plain_len = match u32::try_from(text.len()) {
            Ok(len) if len != SAME && text != self.texts => {
                self.texts.push_str(text);
                len
            }
            _ => SAME,
        };
    }

    /// The enclosing heading (the nearest earlier one of a lower level).
    pub fn parent(&self) -> Option<usize> {
        (self.parent != NO_PARENT).then_some(self.parent as usize)
    }
}

/// A `^block-id`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct BlockId {
    pub id: CompactString,
    pub line: usize,
    pub offset: usize,
}

/// A checklist item.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Task {
    /// The character between the brackets (`' '` open; anything else is
    /// complete for Obsidian, rule 25).
    pub status: char,
    /// Where the task's text is in the file ([`Note::task_text`]). Why a
    /// range, not the text: one task is kept for every checklist item of
    /// the vault, and their texts were most of the strings a check held
    /// (3.5 MB at 10,000 notes, 35 MB at 100,000); they are read only by
    /// readiness (phase gates, artifacts, the readiness pages), and the
    /// parse keeps a digest of them for the note's shape
    /// ([`Note::task_texts`]).
    text: Span32,
    /// 1-based line (`u32`, as a heading's: one is kept for every task of
    /// the vault).
    pub line: u32,
    pub offset: usize,
    /// The innermost heading the task sits under ([`Task::heading`]).
    heading: Option<u32>,
}

impl Task {
    pub(crate) fn new(
        status: char,
        text: Range<usize>,
        line: usize,
        offset: usize,
        heading: Option<usize>,
    ) -> Task {
        Task {
            status,
            text: text.into(),
            line: saturating_u32(line),
            offset,
            heading: heading.and_then(|h| u32::try_from(h).ok()),
        }
    }

    /// The innermost heading the task sits under.
    pub fn heading(&self) -> Option<usize> {
        self.heading.map(|h| h as usize)
    }

    /// Whether Obsidian shows the task as checked: any status character but
    /// a space (rule 25). Which characters count as *done* for readiness is
    /// a workflow setting.
    pub fn is_checked(&self) -> bool {
        self.status != ' '
    }

    /// Put the task at line 0, offset 0 and an empty text (a note's shape
    /// zeroes its positions, and carries the digest of its tasks' texts
    /// the parse made, [`Note::task_texts`]).
    pub(super) fn zero_positions(&mut self) {
        self.line = 0;
        self.offset = 0;
        self.text = Span32::default();
    }
}

/// A line that was probably meant to be a task but is not one (`- []`,
/// `-[ ]`, `- [ x]`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NearMissTask {
    pub span: Range<usize>,
    pub found: String,
    pub replacement: String,
}

/// An inline `#tag` in a note's text (Obsidian's tags outside the
/// frontmatter): never in code, HTML, link text or comments.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct InlineTag {
    /// Without the `#`: `release/q3` for `#release/q3`.
    pub name: CompactString,
    /// The `#tag` in the file.
    pub span: Range<usize>,
}

/// A publication flag's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FlagKey {
    Publish,
    Draft,
}

impl FlagKey {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKey::Publish => "publish",
            FlagKey::Draft => "draft",
        }
    }
}

/// A `publish` or `draft` line the frontmatter does not give its meaning
/// to (see `stray.rs`): the site leaves the note out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StrayFlag {
    pub key: FlagKey,
    /// Where the line starts.
    pub offset: usize,
}

/// Settings that change what the parse extracts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Count links inside `%%comments%%`.
    pub comment_links: bool,
}

/// A parsed Markdown note.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Note {
    /// Vault-relative, `/`-separated, NFC.
    #[serde(skip)]
    pub path: String,
    /// The text, held or left in the file ([`Source`]): read it with
    /// [`Note::source`].
    #[serde(skip)]
    pub(crate) text: Source,
    /// Where each line starts ([`Note::lines`]): made by the parse, which
    /// needs it; for a note read from the cache, on first use.
    #[serde(skip)]
    pub(crate) lines: std::sync::OnceLock<Box<LineIndex>>,
    pub frontmatter: Option<Box<Frontmatter>>,
    pub title: String,
    pub headings: ThinVec<Heading>,
    /// In file order (the site looks them up by binary search).
    pub block_ids: ThinVec<BlockId>,
    pub footnotes: ThinVec<String>,
    pub links: ThinVec<Link>,
    pub tasks: ThinVec<Task>,
    pub near_miss_tasks: ThinVec<NearMissTask>,
    /// Frontmatter `tags`, then inline `#tags` not already among them, in
    /// file order.
    pub tags: ThinVec<String>,
    /// In file order (the site looks them up by binary search).
    pub inline_tags: ThinVec<InlineTag>,
    /// Images a screen reader cannot describe: Markdown images with empty
    /// alternative text (`![](x.png)`) and HTML `<img>` tags with no `alt`,
    /// outside code and comments.
    pub images_without_alt: ThinVec<Range<usize>>,
    pub aliases: ThinVec<String>,
    /// `%%comment%%` ranges outside code: hidden in Obsidian's reading view
    /// and on the site.
    pub comments: ThinVec<Range<usize>>,
    /// Math (`$…$`, `$$…$$`), in file order.
    pub math: ThinVec<Math>,
    /// Raw HTML outside code (HTML blocks and inline HTML): where
    /// `<!-- phasebook-disable … -->` comments can stand.
    pub html: ThinVec<Range<usize>>,
    /// A `publish:` or `draft:` line the frontmatter does not read.
    pub stray_flag: Option<StrayFlag>,
    /// A digest of the tasks' texts ([`Note::task_text`]), made by the
    /// parse: a task keeps a range of the text, which a note's shape
    /// (`shape.rs`) zeroes, and the pages that show readiness read the
    /// texts. Kept so that the shape needs no second read of the file.
    pub(crate) task_texts: u64,
    /// Whether the file starts with a UTF-8 byte order mark (Windows
    /// editors write one). It is not part of `source`: the frontmatter
    /// fence or the H1 after it must be seen at the start of the text, and
    /// columns on the first line counted as an editor shows them.
    /// `--fix` puts it back.
    #[serde(skip)]
    pub bom: bool,
    /// Whether the file ends its lines with a carriage return alone (classic
    /// Mac OS editors). CommonMark and Obsidian take a lone CR for a line
    /// end; the note is read with line feeds in their place (one byte for
    /// one, so every offset holds), so its frontmatter is found — a
    /// `publish: false` in it included — and `--fix` puts the CRs back.
    #[serde(skip)]
    pub lone_cr: bool,
    /// Set when the file could not be read as UTF-8 text.
    #[serde(skip)]
    pub problem: Option<Box<FileProblem>>,
}

impl Note {
    /// The note's text, as the parse read it.
    pub fn source(&self) -> std::borrow::Cow<'_, str> {
        self.text.read()
    }

    /// A digest that changes with the text (of the file's bytes when the
    /// text is left in the file: not read for it).
    pub fn text_digest(&self) -> u128 {
        self.text.digest()
    }

    /// The length of [`Note::source`], without reading it.
    pub fn source_len(&self) -> usize {
        self.text.len()
    }

    /// Leave the text in `file`, whose bytes had `digest` when parsed:
    /// [`Note::source`] reads it from there from now on.
    pub(crate) fn leave_on_disk(&mut self, file: std::sync::Arc<std::path::Path>, digest: u128) {
        self.text.leave_in(file, digest);
    }

    /// Hold the text in memory again, if it was left in its file.
    pub(crate) fn hold_text(&mut self) {
        self.text.hold();
    }

    /// Whether the note's file was found changed since it was parsed, when
    /// its text was read back: anything shown from that text is blanks.
    pub fn changed_on_disk(&self) -> bool {
        self.text.changed()
    }

    /// Where each line of the text starts, for positions.
    pub fn lines(&self) -> &LineIndex {
        self.lines
            .get_or_init(|| Box::new(LineIndex::new(&self.source())))
    }

    /// The text of `task`, one of this note's, in `source`, the note's
    /// text: the rest of its line after the box, trimmed, without the
    /// `%%comments%%` on that line (hidden in Obsidian's reading view, and
    /// so not part of a criterion).
    pub fn task_text<'t>(&self, task: &Task, source: &'t str) -> std::borrow::Cow<'t, str> {
        let text = source.get(task.text.range()).unwrap_or("");
        let line = super::text::line_around(source, task.offset);
        let touches = |c: &Range<usize>| c.start < line.end && line.start < c.end;
        if self.comments.iter().any(touches) {
            std::borrow::Cow::Owned(super::text::without_comments(text))
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }

    /// The digest kept as [`Note::task_texts`] of this note's tasks'
    /// texts in `source`: each text after its length, as a text may hold
    /// any byte.
    pub(super) fn task_texts_digest(&self, source: &str) -> u64 {
        let mut bytes = Vec::new();
        for task in &self.tasks {
            let text = self.task_text(task, source);
            bytes.extend_from_slice(&text.len().to_le_bytes());
            bytes.extend_from_slice(text.as_bytes());
        }
        // 64 bits: two different sets of texts share a digest about once
        // in 2^64 pairs, and a `u128` (16-byte aligned) would make every
        // note 16 bytes larger, not 8.
        xxhash_rust::xxh3::xxh3_64(&bytes)
    }

    /// [`Note::lines`] of `text` when the note keeps one, else the one in
    /// `made`, made on first use and dropped with it: for a run that places
    /// positions in one note after another (the rules, the report), where
    /// an index kept on every note stayed to the end of the run.
    pub(crate) fn lines_made_in<'a>(
        &'a self,
        text: &str,
        made: &'a std::cell::OnceCell<LineIndex>,
    ) -> &'a LineIndex {
        match self.lines.get() {
            Some(lines) => lines,
            None => made.get_or_init(|| LineIndex::new(text)),
        }
    }

    /// [`Note::lines`] of `text`, the note's text already read (a text
    /// left in its file is not read again for it).
    pub fn lines_in(&self, text: &str) -> &LineIndex {
        self.lines.get_or_init(|| Box::new(LineIndex::new(text)))
    }

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
    pub(crate) fn title_heading(&self) -> Option<&Heading> {
        self.headings.first().filter(|h| {
            h.level == 1 && crate::vault::links::wikilinks_as_text(h.text()) == self.title
        })
    }

    /// The heading path of heading `idx`, outermost first.
    pub(crate) fn heading_path(&self, idx: Option<usize>) -> Vec<&Heading> {
        let mut path = Vec::new();
        let mut cur = idx;
        while let Some(i) = cur {
            let Some(h) = self.headings.get(i) else { break };
            path.push(h);
            cur = h.parent();
        }
        path.reverse();
        path
    }

    /// The text Markdown is parsed from: the source with the frontmatter
    /// block blanked, so offsets are those of the file.
    pub fn body(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match (self.source(), &self.frontmatter) {
            (text, None) => text,
            (Cow::Borrowed(text), Some(_)) => self.body_of(text),
            // Blanking makes a new string: the text read is only borrowed.
            (Cow::Owned(text), Some(_)) => Cow::Owned(self.body_of(&text).into_owned()),
        }
    }

    /// [`Note::body`] of `text`, the note's text already read.
    pub fn body_of<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        match &self.frontmatter {
            Some(fm) => blank_out(text, fm.block.clone()),
            None => std::borrow::Cow::Borrowed(text),
        }
    }
}

/// `text` with `range` blanked (newlines kept), so offsets stay true: every
/// byte of the block but a newline becomes a space, a multi-byte
/// character's bytes included, so the text after it keeps its offsets and
/// the result stays valid UTF-8 with no second validation.
pub(super) fn blank_out(text: &str, range: Range<usize>) -> std::borrow::Cow<'_, str> {
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
