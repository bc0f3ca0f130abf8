//! What a note's own frontmatter says about publishing it: `publish`,
//! `draft`, the opt-in mode, and a flag written where Obsidian would not
//! read it.

use super::reasons::{LeftOut, ScopeProblem};
use crate::config::PublishMode;
use crate::vault::frontmatter::{Node, Value};
use crate::vault::note::Note;

/// What a note's own frontmatter says about publishing it.
pub(super) fn flags(
    note: &Note,
    mode: PublishMode,
    problems: &mut Vec<ScopeProblem>,
) -> Option<LeftOut> {
    if let Some((key, offset)) = stray_flag(note) {
        let at = note.lines().position(&note.source, offset);
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
        let at = note.lines().position(&note.source, node.offset);
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

/// A `publish` or `draft` line the frontmatter does not give its meaning
/// to: a key spelled in another case (`Publish: false`) in the frontmatter,
/// or the key in a `---` block near the top that is not read as
/// frontmatter (after a blank line, a paragraph, a setext title). The
/// author meant it; the site cannot tell what, so it leaves the note out.
/// Code blocks are skipped: a note about frontmatter shows these lines.
fn stray_flag(note: &Note) -> Option<(&'static str, usize)> {
    let text = &note.source;
    let front = note.frontmatter.as_ref().map(|fm| fm.block.clone());
    let key_of = |line: &str| -> Option<&'static str> {
        let (key, _) = line.split_once(':')?;
        let key = key.trim();
        if key.eq_ignore_ascii_case("publish") {
            Some("publish")
        } else if key.eq_ignore_ascii_case("draft") {
            Some("draft")
        } else {
            None
        }
    };
    let mut offset = 0;
    let mut in_code = false;
    let mut in_block = false;
    // A flag line of the open block: it counts once the block closes.
    let mut candidate = None;
    let mut seen_lines = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        // Invisible characters before a fence do not make it another line.
        let bare = line
            .trim_end()
            .trim_start_matches(['\u{feff}', '\u{200b}', '\u{a0}']);
        let in_front = front.as_ref().is_some_and(|f| f.contains(&at));
        if in_front {
            // The real frontmatter: only a key spelled in another case.
            if let Some(key) = key_of(bare)
                && !bare.trim_start().starts_with(key)
                && !line.starts_with(' ')
            {
                return Some((key, at));
            }
            continue;
        }
        if bare.starts_with("```") || bare.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        // `---`, and the `----` an author may have meant as one.
        if bare.len() >= 3 && bare.bytes().all(|b| b == b'-') {
            if in_block && candidate.is_some() {
                return candidate;
            }
            if !in_block && seen_lines > 12 {
                break; // past the top: a thematic break, not frontmatter
            }
            in_block = !in_block;
            continue;
        }
        if !bare.is_empty() {
            seen_lines += 1;
        }
        if !in_block && seen_lines > 12 {
            // Past the top, outside a block: a `---` from here on is a
            // thematic break (above), so no flag line can follow. Stopped
            // here, the scan reads a note's first lines, not all of it.
            break;
        }
        if in_block && candidate.is_none() && !line.starts_with([' ', '\t']) {
            candidate = key_of(bare).map(|key| (key, at));
        }
    }
    None
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
                text: t.to_string(),
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
