//! Finding and parsing a note's YAML frontmatter.
//!
//! Obsidian reads frontmatter only at the top of a file, but real phase
//! documents (see `shared/seeds/`) put it *after* the H1. We accept both
//! places: a block at the top, or — blank lines aside — right after an ATX H1,
//! provided its content parses as a YAML mapping (or is clearly meant to,
//! i.e. starts with a `key:` line, in which case its YAML error is reported).
//! A `---` anywhere else is a thematic break.
//!
//! The YAML is turned into a small tree of our own ([`Node`]) that remembers
//! where each value stands in the file, so frontmatter links can be reported
//! at their `[[`. Alias expansion is budgeted so that a "billion laughs"
//! document costs a bounded amount of work and memory.

use std::collections::HashMap;
use std::ops::Range;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Where the frontmatter block stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    Top,
    AfterH1,
}

/// A located frontmatter block.
#[derive(Debug, Clone)]
pub struct Frontmatter {
    pub placement: Placement,
    /// The whole block, from the opening `---` to the end of the closing
    /// delimiter's line (terminator included).
    pub block: Range<usize>,
    /// The YAML text between the delimiters.
    pub yaml: Range<usize>,
    /// The parsed mapping, when it parsed.
    pub value: Option<Node>,
    /// Why it did not parse.
    pub error: Option<FrontmatterError>,
}

impl Frontmatter {
    /// The top-level value of `key`, if the block parsed.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.value.as_ref()?.get(key)
    }
}

/// A YAML problem, at a byte offset into the file.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontmatterError {
    pub offset: usize,
    pub message: String,
}

/// A YAML value and the byte offset in the file where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub offset: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string; `quoted` tells `"[[x]]"` (a link in Obsidian) from plain text.
    Str {
        text: String,
        quoted: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A short name for the value's type, for schema messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "a number",
            Value::Float(_) => "a decimal number",
            Value::Str { .. } => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The value as a list of strings: a list's string items, or a lone
    /// string (how `tags: a` and `aliases: X` are often written).
    pub fn string_items(&self) -> Vec<&str> {
        match &self.value {
            Value::Str { text, .. } => vec![text.as_str()],
            Value::Seq(items) => items.iter().filter_map(Node::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// Most nodes an alias expansion may produce: ample for any real note,
/// fatal to a YAML bomb.
const MAX_NODES: usize = 50_000;
/// Deepest nesting accepted (also bounds recursion when the tree is dropped).
const MAX_DEPTH: usize = 64;

/// Find the frontmatter block of `src`, if any, and parse it.
pub fn extract(src: &str) -> Option<Frontmatter> {
    if let Some(found) = at_top(src) {
        return Some(found);
    }
    after_h1(src)
}

/// Lines of `src` from `from`, as (start, end-without-terminator, next-start).
fn lines_from(src: &str, from: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= src.len() {
            return None;
        }
        let start = pos;
        let (end, next) = match memchr::memchr(b'\n', &src.as_bytes()[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (src.len(), src.len()),
        };
        pos = next;
        let end = if end > start && src.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some((start, end, next))
    })
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end() == "---"
}

fn is_closing(line: &str) -> bool {
    let line = line.trim_end();
    line == "---" || line == "..."
}

/// The closing delimiter after the opening one at `open_next`:
/// (yaml end, block end).
fn find_close(src: &str, open_next: usize) -> Option<(usize, usize)> {
    lines_from(src, open_next)
        .find(|&(start, end, _)| is_closing(&src[start..end]))
        .map(|(start, _, next)| (start, next))
}

fn at_top(src: &str) -> Option<Frontmatter> {
    // A byte order mark is already read off (`Note::from_bytes`).
    let (start, end, next) = lines_from(src, 0).next()?;
    if !is_delimiter(&src[start..end]) {
        return None;
    }
    let Some((yaml_end, block_end)) = find_close(src, next) else {
        // Never closed: Obsidian reads no frontmatter and shows the rest as
        // Markdown, so only the opening `---` counts as the block and the
        // rest of the note is still parsed and checked.
        return Some(Frontmatter {
            placement: Placement::Top,
            block: start..next,
            yaml: next..next,
            value: None,
            error: Some(FrontmatterError {
                offset: start,
                message: "frontmatter block opened with `---` is never closed".to_string(),
            }),
        });
    };
    let (value, error) = match parse_yaml(&src[next..yaml_end], next) {
        Ok(node) if matches!(node.value, Value::Map(_)) => (Some(node), None),
        Ok(Node {
            value: Value::Null, ..
        }) => (
            Some(Node {
                offset: next,
                value: Value::Map(Vec::new()),
            }),
            None,
        ),
        Ok(node) => (
            None,
            Some(FrontmatterError {
                offset: node.offset,
                message: format!(
                    "frontmatter must be a mapping of `key: value` lines, not {}",
                    node.type_name()
                ),
            }),
        ),
        Err(err) => (None, Some(err)),
    };
    Some(Frontmatter {
        placement: Placement::Top,
        block: start..block_end,
        yaml: next..yaml_end,
        value,
        error,
    })
}

fn is_atx_h1(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    line.len() - trimmed.len() <= 3
        && trimmed.starts_with('#')
        && (trimmed.len() == 1 || trimmed[1..].starts_with([' ', '\t']))
}

fn looks_like_key_line(line: &str) -> bool {
    let mut chars = line.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && line.split_once(':').is_some_and(|(key, rest)| {
            key.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                && (rest.is_empty() || rest.starts_with([' ', '\t']))
        })
}

fn after_h1(src: &str) -> Option<Frontmatter> {
    let mut lines = lines_from(src, 0).skip_while(|&(s, e, _)| src[s..e].trim().is_empty());
    let (h_start, h_end, _) = lines.next()?;
    if !is_atx_h1(&src[h_start..h_end]) {
        return None;
    }
    let (start, end, next) = lines.find(|&(s, e, _)| !src[s..e].trim().is_empty())?;
    if !is_delimiter(&src[start..end]) {
        return None;
    }
    let (yaml_end, block_end) = find_close(src, next)?;
    let yaml_text = &src[next..yaml_end];
    let intended = yaml_text
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(looks_like_key_line);
    let (value, error) = match parse_yaml(yaml_text, next) {
        Ok(node) if matches!(node.value, Value::Map(_)) => (Some(node), None),
        Err(err) if intended => (None, Some(err)),
        _ => return None,
    };
    Some(Frontmatter {
        placement: Placement::AfterH1,
        block: start..block_end,
        yaml: next..yaml_end,
        value,
        error,
    })
}

/// Parse `text` (which starts at byte `base` of the file) into a [`Node`].
pub fn parse_yaml(text: &str, base: usize) -> Result<Node, FrontmatterError> {
    let mut builder = TreeBuilder {
        text,
        base,
        line_starts: line_starts(text),
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        nodes: 0,
        error: None,
    };
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|err| FrontmatterError {
            offset: builder.offset(err.marker()),
            message: yaml_message(err.info()),
        })?;
    if let Some(err) = builder.error {
        return Err(err);
    }
    Ok(builder.root.unwrap_or(Node {
        offset: base,
        value: Value::Null,
    }))
}

fn yaml_message(info: &str) -> String {
    format!("YAML: {info}")
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

enum Frame {
    Seq {
        offset: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        offset: usize,
        anchor: usize,
        entries: Vec<(String, Node)>,
        /// The key read, awaiting its value, and where it stands.
        key: Option<(String, usize)>,
    },
}

/// Builds [`Node`]s from parser events, with offsets, a node budget and a
/// depth limit.
struct TreeBuilder<'a> {
    text: &'a str,
    base: usize,
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    nodes: usize,
    error: Option<FrontmatterError>,
}

fn node_count(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|(_, v)| node_count(v)).sum::<usize>(),
        _ => 1,
    }
}

impl TreeBuilder<'_> {
    /// A marker's byte offset in the file. yaml-rust2 counts lines from 1
    /// and columns in characters; we turn that into bytes ourselves rather
    /// than trust the marker's index.
    fn offset(&self, mark: &Marker) -> usize {
        let line = mark.line().max(1) - 1;
        let Some(&start) = self.line_starts.get(line) else {
            return self.base + self.text.len();
        };
        let rest = &self.text[start..];
        let within = rest
            .char_indices()
            .nth(mark.col())
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        self.base + start + within
    }

    fn fail(&mut self, mark: &Marker, message: &str) {
        if self.error.is_none() {
            self.error = Some(FrontmatterError {
                offset: self.offset(mark),
                message: message.to_string(),
            });
        }
    }

    fn push_value(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            let size = node_count(&node);
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let key_offset = node.offset;
                    *key = Some((
                        match node.value {
                            Value::Str { text, .. } => text,
                            Value::Int(i) => i.to_string(),
                            Value::Float(f) => f.to_string(),
                            Value::Bool(b) => b.to_string(),
                            Value::Null => String::new(),
                            Value::Seq(_) | Value::Map(_) => {
                                if self.error.is_none() {
                                    self.error = Some(FrontmatterError {
                                        offset: key_offset,
                                        message: "a list or mapping cannot be a frontmatter key"
                                            .to_string(),
                                    });
                                }
                                String::new()
                            }
                        },
                        key_offset,
                    ))
                }
                // Obsidian's YAML reader rejects a repeated key, and with it
                // the whole block; silently taking one of the two values
                // would let a phase read a number no one sees in Obsidian.
                Some((k, key_offset)) if entries.iter().any(|(e, _)| *e == k) => {
                    if self.error.is_none() {
                        self.error = Some(FrontmatterError {
                            offset: key_offset,
                            message: format!("the key `{k}` appears twice"),
                        });
                    }
                }
                Some((k, _)) => entries.push((k, node)),
            },
        }
    }
}

/// YAML 1.2 core-schema resolution of a plain scalar. `05` is the number 5,
/// as phase documents write it.
fn plain_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = text.parse::<i64>()
    {
        return Value::Int(i);
    }
    if let Some(hex) = text.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Value::Int(i);
    }
    if let Some(oct) = text.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(oct, 8)
    {
        return Value::Int(i);
    }
    let looks_numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && text.bytes().any(|b| b.is_ascii_digit());
    if looks_numeric && let Ok(f) = text.parse::<f64>() {
        return Value::Float(f);
    }
    Value::Str {
        text: text.to_string(),
        quoted: false,
    }
}

impl MarkedEventReceiver for TreeBuilder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let offset = self.offset(&mark);
        match ev {
            Event::Scalar(text, style, anchor, _tag) => {
                self.nodes += 1;
                let value = match style {
                    TScalarStyle::Plain => plain_scalar(&text),
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => {
                        Value::Str { text, quoted: true }
                    }
                    _ => Value::Str {
                        text,
                        quoted: false,
                    },
                };
                self.push_value(Node { offset, value }, anchor);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.fail(&mark, "frontmatter is nested too deeply");
                    return;
                }
                self.nodes += 1;
                self.stack.push(if matches!(ev, Event::SequenceStart(..)) {
                    Frame::Seq {
                        offset,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        offset,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        offset,
                        anchor,
                        items,
                    }) => (
                        Node {
                            offset,
                            value: Value::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        offset,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            offset,
                            value: Value::Map(entries),
                        },
                        anchor,
                    ),
                    None => return,
                };
                self.push_value(node, anchor);
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some((node, size)) => {
                    self.nodes += size;
                    if self.nodes > MAX_NODES {
                        self.fail(
                            &mark,
                            "frontmatter aliases expand to too many values (a YAML bomb?)",
                        );
                        return;
                    }
                    let node = node.clone();
                    self.push_value(node, 0);
                }
                None => self.fail(&mark, "alias to an unknown anchor"),
            },
            _ => {}
        }
        if self.nodes > MAX_NODES {
            self.fail(&mark, "frontmatter has too many values");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_an_error_at_its_second_occurrence() {
        let src = "---\nphase: 1\nname: A\nphase: 2\n---\n# T\n";
        let fm = extract(src).unwrap();
        let err = fm.error.expect("an error");
        assert_eq!(err.message, "the key `phase` appears twice");
        assert_eq!(&src[err.offset..err.offset + 8], "phase: 2");
        assert!(fm.value.is_none());
        // The same key in two different mappings is fine.
        let src = "---\na:\n  x: 1\nb:\n  x: 2\n---\n";
        assert!(extract(src).unwrap().error.is_none());
    }

    #[test]
    fn top_block_is_found_and_parsed() {
        let src = "---\nphase: 05\nname: \"Release\"\n---\n# T\n";
        let fm = extract(src).unwrap();
        assert_eq!(fm.placement, Placement::Top);
        assert_eq!(
            &src[fm.block.clone()],
            "---\nphase: 05\nname: \"Release\"\n---\n"
        );
        assert_eq!(fm.get("phase").unwrap().value, Value::Int(5));
        let name = fm.get("name").unwrap();
        assert_eq!(name.as_str(), Some("Release"));
        assert_eq!(&src[name.offset..name.offset + 1], "\"");
    }

    #[test]
    fn block_after_h1_as_in_the_seeds() {
        let src = "# Release Phase\n\n---\ntags: [a, b]\nphase: 05\n---\n\n## Overview\n";
        let fm = extract(src).unwrap();
        assert_eq!(fm.placement, Placement::AfterH1);
        assert_eq!(src[..fm.block.start].lines().count(), 2);
        assert_eq!(fm.get("tags").unwrap().string_items(), vec!["a", "b"]);
    }

    #[test]
    fn a_later_thematic_break_with_prose_is_not_frontmatter() {
        assert!(extract("# T\n\nText.\n\n---\nkey: value\n---\n").is_none());
        assert!(extract("# T\n\n---\n\nJust prose here.\n\n---\n").is_none());
    }

    #[test]
    fn unterminated_top_block_is_an_error() {
        let fm = extract("---\nphase: 1\n# T\n").unwrap();
        assert!(fm.error.unwrap().message.contains("never closed"));
    }

    #[test]
    fn yaml_errors_carry_the_file_offset() {
        let src = "# T\n\n---\nname: ok\nbad: [unclosed\n---\n";
        let fm = extract(src).unwrap();
        let err = fm.error.unwrap();
        assert!(err.offset >= src.find("bad").unwrap(), "{err:?}");
    }

    #[test]
    fn offsets_count_bytes_after_multibyte_text() {
        let src = "---\nnäme: x\nlink: \"[[a]]\"\n---\n";
        let fm = extract(src).unwrap();
        let link = fm.get("link").unwrap();
        assert_eq!(&src[link.offset..link.offset + 3], "\"[[");
    }

    #[test]
    fn yaml_bomb_is_refused_quickly() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='k' {
            yaml.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = name;
        }
        let err = parse_yaml(&yaml, 0).unwrap_err();
        assert!(err.message.contains("too many"), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let yaml = format!("a: {}{}", "[".repeat(500), "]".repeat(500));
        assert!(parse_yaml(&yaml, 0).is_err());
    }
}
