//! A note's frontmatter as the other stages read it: where the block
//! stands, its YAML error if any, and its values as a tree of [`Node`]s
//! that remember their byte offsets.

use std::ops::Range;

/// Where the frontmatter block stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    Top,
    AfterH1,
}

/// A located frontmatter block.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FrontmatterError {
    pub offset: usize,
    pub message: String,
}

/// A YAML value and the byte offset in the file where it starts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Node {
    pub offset: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string; `quoted` tells `"[[x]]"` (a link in Obsidian) from plain text.
    Str {
        text: compact_str::CompactString,
        quoted: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(compact_str::CompactString, Node)>),
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
    pub(crate) fn type_name(&self) -> &'static str {
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
