//! YAML into our [`Node`] tree, on yaml-rust2's event parser, keeping
//! each value's byte offset and bounding alias expansion and depth.

use compact_str::{CompactString, ToCompactString};
use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::model::{FrontmatterError, Node, Value};

/// Most nodes an alias expansion may produce: ample for any real note,
/// fatal to a YAML bomb.
const MAX_NODES: usize = 50_000;
/// Deepest nesting accepted (also bounds recursion when the tree is dropped).
const MAX_DEPTH: usize = 64;

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
        entries: Vec<(CompactString, Node)>,
        /// The key read, awaiting its value, and where it stands.
        key: Option<(CompactString, usize)>,
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
                            Value::Int(i) => i.to_compact_string(),
                            Value::Float(f) => f.to_compact_string(),
                            Value::Bool(b) => b.to_compact_string(),
                            Value::Null => CompactString::default(),
                            Value::Seq(_) | Value::Map(_) => {
                                if self.error.is_none() {
                                    self.error = Some(FrontmatterError {
                                        offset: key_offset,
                                        message: "a list or mapping cannot be a frontmatter key"
                                            .to_string(),
                                    });
                                }
                                CompactString::default()
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
        text: text.into(),
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
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => Value::Str {
                        text: text.into(),
                        quoted: true,
                    },
                    _ => Value::Str {
                        text: text.into(),
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
