//! What a note's own frontmatter says about publishing it: `publish`,
//! `draft`, the opt-in mode, and a flag written where Obsidian would not
//! read it.

use super::reasons::{LeftOut, ScopeProblem};
use crate::config::PublishMode;
use crate::vault::frontmatter::{Node, Value};
use crate::vault::note::{Note, StrayFlag};

/// What a note's own frontmatter says about publishing it.
pub(super) fn flags(
    note: &Note,
    mode: PublishMode,
    problems: &mut Vec<ScopeProblem>,
) -> Option<LeftOut> {
    if let Some(StrayFlag { key, offset }) = note.stray_flag {
        let key = key.as_str();
        let text = note.source();
        let at = note.lines_in(&text).position(&text, offset);
        problems.push(ScopeProblem {
            path: note.path.clone(),
            in_vault: true,
            at: Some((at.line, at.column)),
            message: format!(
                "a `{key}:` line that is not read as frontmatter (a `---` block not at the top, \
                 or the key spelled otherwise); the note is left out of the site"
            ),
        });
        return Some(LeftOut::StrayFlag { key, offset });
    }
    let Some(fm) = note.frontmatter.as_ref() else {
        return (mode == PublishMode::OptIn).then_some(LeftOut::NotOptedIn);
    };
    if fm.value.is_none() {
        return Some(LeftOut::FrontmatterInvalid);
    }
    let mut unclear = |key: &'static str, node: &Node| {
        let text = note.source();
        let at = note.lines_in(&text).position(&text, node.offset);
        problems.push(ScopeProblem {
            path: note.path.clone(),
            in_vault: true,
            at: Some((at.line, at.column)),
            message: format!(
                "`{key}` is {}, not true or false; the note is left out of the site",
                shown(node)
            ),
        });
        Some(LeftOut::UnclearFlag {
            key,
            offset: node.offset,
        })
    };
    let publish = match fm.get("publish") {
        None => None,
        Some(node) => match truth(node) {
            Some(value) => Some(value),
            None => return unclear("publish", node),
        },
    };
    if publish == Some(false) {
        return Some(LeftOut::PublishFalse);
    }
    if let Some(node) = fm.get("draft") {
        match truth(node) {
            Some(true) => return Some(LeftOut::Draft),
            Some(false) => {}
            None => return unclear("draft", node),
        }
    }
    (mode == PublishMode::OptIn && publish != Some(true)).then_some(LeftOut::NotOptedIn)
}

/// A flag's truth: YAML booleans, and the strings `true` and `false`
/// (Quartz reads `draft: "true"` as a draft). `null` (`draft:` alone) is
/// false. Anything else is unclear.
fn truth(node: &Node) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        Value::Null => Some(false),
        Value::Str { text, .. } => match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Some(true),
            t if t.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A value as a message shows it.
fn shown(node: &Node) -> String {
    match &node.value {
        Value::Str { text, .. } => format!("{text:?}"),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        _ => node.type_name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(value: Value) -> Node {
        Node { offset: 0, value }
    }

    #[test]
    fn flags_are_booleans_or_their_names_and_nothing_else() {
        let s = |t: &str| {
            node(Value::Str {
                text: t.into(),
                quoted: true,
            })
        };
        assert_eq!(truth(&node(Value::Bool(true))), Some(true));
        assert_eq!(truth(&node(Value::Null)), Some(false));
        assert_eq!(truth(&s("False")), Some(false));
        assert_eq!(truth(&s("true")), Some(true));
        assert_eq!(truth(&s("maybe")), None);
        assert_eq!(truth(&s("no")), None);
        assert_eq!(truth(&node(Value::Int(0))), None);
    }
}
