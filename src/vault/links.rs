//! The link model, and extraction of links from a note's text.
//!
//! Wikilinks are found by scanning the raw text for `[[`, skipping the byte
//! ranges that pulldown-cmark reports as code or HTML (LINK-RESOLUTION rule
//! 3): CommonMark has no wikilinks, and scanning the source keeps the exact
//! span of each link for diagnostics and the site.

use compact_str::CompactString;

use crate::span::Span32;
use std::ops::Range;

use super::frontmatter::{Node, Value};
use crate::encode::percent_decode;

/// What kind of link this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// `[[target]]`
    Wiki,
    /// `![[target]]`
    Embed,
    /// `[text](target.md)`
    Markdown,
    /// `![alt](image.png)`
    MarkdownImage,
}

impl LinkKind {
    pub fn is_markdown(self) -> bool {
        matches!(self, LinkKind::Markdown | LinkKind::MarkdownImage)
    }
}

/// Where in the note the link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    Body,
    /// A frontmatter value, with its key path (`artifacts.2`).
    Frontmatter(&'a str),
}

/// One link, as written. One is kept for every link of the vault for the
/// whole run: its texts share one string (inline up to 24 bytes), where
/// three strings made a link 96 bytes and two allocations; and a
/// frontmatter link's key path is the last of them, where a pointer to it
/// made every link 56 bytes, not 48.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    /// [`Link::target`], then [`Link::subpath`], then [`Link::display`],
    /// then the key path of [`Link::origin`].
    parts: CompactString,
    /// The lengths of the subpath, the display text and the key path at
    /// the end of `parts`, [`ABSENT`] when the link has none (the key path:
    /// a link in the body).
    subpath_len: u32,
    display_len: u32,
    key_len: u32,
    /// Byte range of the whole link in the file ([`Link::span`]).
    span: Span32,
}

/// A part the link does not have (an empty one is there: `[[a#]]`).
const ABSENT: u32 = u32::MAX;

impl Link {
    pub(crate) fn new(
        kind: LinkKind,
        target: &str,
        subpath: Option<&str>,
        display: Option<&str>,
        span: Range<usize>,
        origin: Origin<'_>,
    ) -> Link {
        let key = match origin {
            Origin::Body => None,
            Origin::Frontmatter(key) => Some(key),
        };
        let mut parts = CompactString::with_capacity(
            target.len()
                + subpath.map_or(0, str::len)
                + display.map_or(0, str::len)
                + key.map_or(0, str::len),
        );
        parts.push_str(target);
        parts.push_str(subpath.unwrap_or(""));
        parts.push_str(display.unwrap_or(""));
        parts.push_str(key.unwrap_or(""));
        // A part is one line of a note (a frontmatter value at most):
        // never 4 GiB. Were it, its length would be taken as 0 (its bytes
        // read as part of the part before it), never read out of `parts`.
        let len = |part: Option<&str>| part.map_or(ABSENT, |p| u32::try_from(p.len()).unwrap_or(0));
        Link {
            kind,
            parts,
            subpath_len: len(subpath),
            display_len: len(display),
            key_len: len(key),
            span: span.into(),
        }
    }

    /// Byte range of the whole link in the file (`[[` … `]]`, or `!` …
    /// `)`).
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }

    /// Put the link at `span` (a note's shape zeroes its positions).
    pub(crate) fn set_span(&mut self, span: Range<usize>) {
        self.span = span.into();
    }

    fn len_of(len: u32) -> usize {
        if len == ABSENT { 0 } else { len as usize }
    }

    /// Where `parts` ends before the key path.
    fn before_key(&self) -> usize {
        self.parts.len().saturating_sub(Link::len_of(self.key_len))
    }

    /// Where in the note the link was written.
    pub fn origin(&self) -> Origin<'_> {
        if self.key_len == ABSENT {
            return Origin::Body;
        }
        Origin::Frontmatter(self.parts.get(self.before_key()..).unwrap_or(""))
    }

    /// The linkpath: what names the target note or file (may be empty, for
    /// a link within the same note).
    pub fn target(&self) -> &str {
        let end = self
            .before_key()
            .saturating_sub(Link::len_of(self.subpath_len) + Link::len_of(self.display_len));
        self.parts.get(..end).unwrap_or("")
    }

    /// What follows the first `#`, without it: a heading chain `A#B`, a
    /// block `^id`, or for Markdown links the (percent-decoded) fragment.
    pub fn subpath(&self) -> Option<&str> {
        if self.subpath_len == ABSENT {
            return None;
        }
        let end = self
            .before_key()
            .saturating_sub(Link::len_of(self.display_len));
        let start = end.saturating_sub(self.subpath_len as usize);
        Some(self.parts.get(start..end).unwrap_or(""))
    }

    /// The display text (`[[a|this]]`), or for image embeds the size.
    pub fn display(&self) -> Option<&str> {
        if self.display_len == ABSENT {
            return None;
        }
        let end = self.before_key();
        let start = end.saturating_sub(self.display_len as usize);
        Some(self.parts.get(start..end).unwrap_or(""))
    }
}

/// Split a wikilink's inner text into (linkpath, subpath, display): the first
/// `|` ends the link text (rule 4) — written `\|` inside a table cell, where
/// the backslash escapes the cell separator and is not part of the name —
/// and the first `#` of the link text starts the subpath (rule 5).
pub(crate) fn split_inner(inner: &str) -> (&str, Option<&str>, Option<&str>) {
    let (linktext, display) = match inner.find('|') {
        Some(i) => {
            let text = &inner[..i];
            // A table-escaped pipe leaves its backslash on the link text.
            let text = text.strip_suffix('\\').unwrap_or(text);
            (text, Some(&inner[i + 1..]))
        }
        None => (inner, None),
    };
    let (path, subpath) = match linktext.find('#') {
        Some(i) => (&linktext[..i], Some(&linktext[i + 1..])),
        None => (linktext, None),
    };
    (path.trim(), subpath, display)
}

/// `text` with each `[[…]]` written as a reader sees it: its display text
/// (`[[plan|the plan]]` reads "the plan"), else its target and heading
/// (`[[plan#Risks]]` reads "plan > Risks"), as Obsidian shows a link. For
/// text shown where links are not drawn: a page's title, its table of
/// contents, a checklist item in a report.
pub(crate) fn wikilinks_as_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("[[") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let Some(len) = rest[start..].find("]]") else {
            break;
        };
        // An embed's `!` goes with it.
        out.push_str(rest[..start].strip_suffix('!').unwrap_or(&rest[..start]));
        let (target, subpath, display) = split_inner(&rest[start + 2..start + len]);
        match (display, subpath) {
            (Some(display), _) => out.push_str(display),
            (None, Some(sub)) => out.push_str(&format!("{target} > {sub}")),
            (None, None) => out.push_str(target),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Whether `offset` lies inside one of the sorted, non-overlapping `ranges`.
pub(crate) fn in_ranges(ranges: &[Range<usize>], offset: usize) -> bool {
    let idx = ranges.partition_point(|r| r.end <= offset);
    ranges.get(idx).is_some_and(|r| r.start <= offset)
}

/// Find every `[[…]]` / `![[…]]` in `src` outside `excluded` (sorted byte
/// ranges of code, HTML and comments). A link ends at the first `]]` (rule 3:
/// a lone `]` does not end it) and never spans lines.
pub(crate) fn scan_wikilinks(
    src: &str,
    excluded: &[Range<usize>],
    out: &mut thin_vec::ThinVec<Link>,
) {
    for_each_wikilink(src, excluded, |open, close| {
        let inner = &src[open + 2..close];
        let bytes = src.as_bytes();
        let embed = open > 0 && bytes[open - 1] == b'!';
        let start = if embed { open - 1 } else { open };
        let (target, subpath, display) = split_inner(inner);
        let kind = if embed {
            LinkKind::Embed
        } else {
            LinkKind::Wiki
        };
        out.push(Link::new(
            kind,
            target,
            subpath,
            display,
            start..close + 2,
            Origin::Body,
        ));
    });
}

/// Call `found(open, close)` with the offsets of the `[[` and the `]]` of
/// every wikilink of `src` outside `excluded`, in order: the one scan both
/// the links and the parser's masking ([`crate::vault::note`]) read.
pub(crate) fn for_each_wikilink(
    src: &str,
    excluded: &[Range<usize>],
    mut found: impl FnMut(usize, usize),
) {
    let bytes = src.as_bytes();
    let finder = memchr::memmem::Finder::new(b"[[");
    let close_finder = memchr::memmem::Finder::new(b"]]");
    // The end of the line and the next `]]` are remembered, not searched
    // for again from every `[[`: on one long line (a minified table, a
    // generated list) that search made the scan quadratic, and 160,000
    // links on one line took seconds.
    let mut line_end = 0;
    // The first `]]` at or after the last search's start; `Some(None)`:
    // there is none in the rest of the text.
    let mut next_close: Option<Option<usize>> = None;
    let mut pos = 0;
    while let Some(at) = finder.find(&bytes[pos..]) {
        let open = pos + at;
        pos = open + 2;
        if in_ranges(excluded, open) || (open > 0 && bytes[open - 1] == b'\\') {
            continue;
        }
        let from = open + 2;
        if from > line_end {
            line_end = from + memchr::memchr(b'\n', &bytes[from..]).unwrap_or(bytes.len() - from);
        }
        let close = match next_close {
            Some(Some(at)) if at >= from => Some(at),
            Some(None) => None,
            _ => {
                let at = close_finder.find(&bytes[from..]).map(|at| from + at);
                next_close = Some(at);
                at
            }
        };
        let Some(close) = close.filter(|&at| at + 2 <= line_end) else {
            continue;
        };
        let inner = &src[from..close];
        if inner.trim().is_empty() && !inner.contains('#') {
            continue;
        }
        found(open, close);
        pos = close + 2;
    }
}

/// Split a Markdown link destination into (path, fragment), or `None` for an
/// external link (any URL scheme, `//host`). The fragment is split at the
/// first literal `#` *before* percent-decoding (rule 6), so `%23` stays part
/// of the name.
pub(crate) fn markdown_destination(dest: &str) -> Option<(String, Option<String>)> {
    let dest = dest.trim();
    if dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    let (path, fragment) = match dest.find('#') {
        Some(i) => (&dest[..i], Some(&dest[i + 1..])),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    Some((
        percent_decode(path),
        fragment.map(percent_decode).filter(|f| !f.is_empty()),
    ))
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    let mut chars = scheme.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        // A Windows drive letter (`C:`) is a path, not a scheme.
        && scheme.len() > 1
}

/// Links in frontmatter values (rule 7): a string value — scalar or list
/// item, at any depth — that was quoted in the YAML and is one `[[…]]`.
/// Unquoted `[[x]]` is YAML for nested lists, and Markdown-form links are not
/// links in properties.
pub fn frontmatter_links(node: &Node, src: &str, key_path: &mut String, out: &mut Vec<Link>) {
    match &node.value {
        Value::Str { text, quoted: true } => {
            let trimmed = text.trim();
            let Some(inner) = trimmed
                .strip_prefix("[[")
                .and_then(|t| t.strip_suffix("]]"))
            else {
                return;
            };
            if inner.contains("]]") {
                return;
            }
            // The value starts at its quote; its `[[` is the first one after.
            let open = src[node.offset..]
                .find("[[")
                .map(|i| node.offset + i)
                .unwrap_or(node.offset);
            let close = src[open..]
                .find("]]")
                .map(|i| open + i + 2)
                .unwrap_or(open + 2);
            let (target, subpath, display) = split_inner(inner);
            out.push(Link::new(
                LinkKind::Wiki,
                target,
                subpath,
                display,
                open..close,
                Origin::Frontmatter(key_path),
            ));
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = key_path.len();
                if !key_path.is_empty() {
                    key_path.push('.');
                }
                key_path.push_str(&i.to_string());
                frontmatter_links(item, src, key_path, out);
                key_path.truncate(len);
            }
        }
        Value::Map(entries) => {
            for (key, value) in entries {
                let len = key_path.len();
                if !key_path.is_empty() {
                    key_path.push('.');
                }
                key_path.push_str(key);
                frontmatter_links(value, src, key_path, out);
                key_path.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_line_ends_and_closings_find_what_a_search_per_link_finds() {
        // The scan as it was, searching the line from every `[[`: the
        // remembered line end and next `]]` must give the same spans.
        fn per_link(src: &str) -> Vec<Range<usize>> {
            let bytes = src.as_bytes();
            let mut out = Vec::new();
            let mut pos = 0;
            while let Some(found) = memchr::memmem::find(&bytes[pos..], b"[[") {
                let open = pos + found;
                pos = open + 2;
                if open > 0 && bytes[open - 1] == b'\\' {
                    continue;
                }
                let rest = &bytes[open + 2..];
                let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                let Some(close) = memchr::memmem::find(&rest[..line_end], b"]]") else {
                    continue;
                };
                let inner = &src[open + 2..open + 2 + close];
                if inner.trim().is_empty() && !inner.contains('#') {
                    continue;
                }
                let start = if open > 0 && bytes[open - 1] == b'!' {
                    open - 1
                } else {
                    open
                };
                out.push(start..open + close + 4);
                pos = open + close + 4;
            }
            out
        }
        let links = scan("[[a\n[[b]]");
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].span(), 4..9);
        let mut seed = 11u64;
        for _ in 0..3000 {
            let src: String = (0..40)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ['[', ']', '\n', 'a', ' ', '!', '#'][(seed >> 33) as usize % 7]
                })
                .collect();
            let spans: Vec<Range<usize>> = scan(&src).into_iter().map(|l| l.span()).collect();
            assert_eq!(spans, per_link(&src), "{src:?}");
        }
    }

    fn scan(src: &str) -> thin_vec::ThinVec<Link> {
        let mut out = thin_vec::ThinVec::new();
        scan_wikilinks(src, &[], &mut out);
        out
    }

    #[test]
    fn a_link_keeps_its_parts_apart() {
        let spans = 0..0;
        let cases = [
            ("a", None, None),
            ("", Some(""), Some("")),
            ("a", Some(""), None),
            ("", None, Some("x")),
            (
                "area05/topic7/sub1/note-03661",
                Some("Heading # two"),
                Some("shown | text"),
            ),
            ("é", Some("^blk-1"), Some("ü")),
        ];
        let origins = [
            Origin::Body,
            Origin::Frontmatter("artifacts.2"),
            Origin::Frontmatter(""),
        ];
        for (target, subpath, display) in cases {
            for origin in origins {
                let link = Link::new(
                    LinkKind::Wiki,
                    target,
                    subpath,
                    display,
                    spans.clone(),
                    origin,
                );
                assert_eq!(
                    (link.target(), link.subpath(), link.display(), link.origin()),
                    (target, subpath, display, origin)
                );
            }
        }
        assert!(std::mem::size_of::<Link>() <= 48);
    }

    #[test]
    fn inner_splits_at_pipe_then_hash() {
        assert_eq!(
            split_inner("06-iterate|Iteration Phase"),
            ("06-iterate", None, Some("Iteration Phase"))
        );
        assert_eq!(split_inner("note#A#B|x"), ("note", Some("A#B"), Some("x")));
        assert_eq!(split_inner("note\\|alias"), ("note", None, Some("alias")));
        assert_eq!(split_inner("#^blk"), ("", Some("^blk"), None));
    }

    #[test]
    fn scanning_finds_forms_and_spans() {
        let src = "a **[[Release Plan]]** ![[img.png|100]] [[Sq]uare]] [[x\n]]";
        let links = scan(src);
        assert_eq!(links.len(), 3);
        assert_eq!(&src[links[0].span()], "[[Release Plan]]");
        assert_eq!(links[1].kind, LinkKind::Embed);
        assert_eq!(&src[links[1].span()], "![[img.png|100]]");
        assert_eq!(links[2].target(), "Sq]uare");
    }

    #[test]
    fn excluded_ranges_hide_links() {
        let src = "`[[code]]` [[real]]";
        let mut out = thin_vec::ThinVec::new();
        let code = [std::ops::Range { start: 0, end: 10 }];
        scan_wikilinks(src, &code, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].target(), "real");
    }

    #[test]
    fn markdown_destinations() {
        assert_eq!(markdown_destination("https://x.org/a.md"), None);
        assert_eq!(markdown_destination("mailto:a@b"), None);
        assert_eq!(markdown_destination("//cdn/x"), None);
        assert_eq!(
            markdown_destination("My%20Note.md#Exit%20Criteria"),
            Some(("My Note.md".into(), Some("Exit Criteria".into())))
        );
        assert_eq!(
            markdown_destination("a%23b.md"),
            Some(("a#b.md".into(), None))
        );
        assert_eq!(
            markdown_destination("#top"),
            Some(("".into(), Some("top".into())))
        );
    }
}
