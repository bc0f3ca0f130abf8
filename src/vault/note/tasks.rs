//! Checklist items: the task marker of a list item (`- [x] text`), and the
//! near misses the `task-malformed` rule reports (`- []`, `-[ ]`, `- [ x]`).

use std::ops::Range;
use std::sync::LazyLock;

use super::model::Task;
use crate::span::LineIndex;

/// The task marker at the start of a list item: a bullet or ordinal, blank
/// space, one character in brackets, then blank space or the end of the
/// line. Returns (status, rest of the line). Hand-written: it runs on every
/// list item of every note.
fn parse_task_marker(line: &str) -> Option<(char, &str)> {
    let bytes = line.as_bytes();
    let mut i = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let gap = bytes[i..]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    if gap == 0 {
        return None;
    }
    i += gap;
    let rest = line.get(i..)?.strip_prefix('[')?;
    let status = rest.chars().next().filter(|c| !matches!(c, ']' | '\n'))?;
    let after = rest[status.len_utf8()..].strip_prefix(']')?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some((status, after.trim()))
}

pub(super) fn task_at(
    body: &str,
    start: usize,
    lines: &LineIndex,
    heading: Option<usize>,
) -> Option<Task> {
    let line = lines.line_of(start);
    let line_end = lines.line_range(body, line).end;
    let item = body.get(start..line_end)?;
    let (status, text) = parse_task_marker(item)?;
    // `text` is a part of `item`: where it starts in the file.
    let at = start + (text.as_ptr() as usize - item.as_ptr() as usize);
    Some(Task::new(
        status,
        at..at + text.len(),
        line + 1,
        start,
        heading,
    ))
}

static NEAR_TASK: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"^[ \t]*(?:>[ \t]?)*[ \t]*(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap>[ \t]*)\[(?P<inner>[^\]\n]{0,4})\](?P<after>.?)",
    )
    .expect("valid near-miss task pattern")
});

/// Classify a list-looking line as a near-miss task, returning the marker's
/// byte range within the line and the canonical replacement.
pub(super) fn near_miss(line: &str) -> Option<(Range<usize>, String)> {
    // Cheap test first: only a line whose first non-blank, non-quote
    // character is a list marker or a digit can be a near-miss task.
    let rest = line.trim_start_matches([' ', '\t', '>']);
    let after_marker = match rest.bytes().next()? {
        b'-' | b'*' | b'+' => &rest[1..],
        b'0'..=b'9' => rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .strip_prefix(['.', ')'])?,
        _ => return None,
    };
    // The box must follow the marker: `- See [[x]]` is a list item with a
    // link, and most list lines holding a `[` are that.
    let boxed = after_marker.trim_start_matches([' ', '\t']);
    if !boxed.starts_with('[') {
        return None;
    }
    // A well-formed task (`- [x] text`: a gap, one character in the box,
    // then blank space or the end) is most lines that get here and is never
    // a near miss: skip the regex for it.
    if boxed.len() < after_marker.len() {
        let mut inside = boxed[1..].chars();
        if let (Some(status), Some(']')) = (inside.next(), inside.next()) {
            let after = inside.as_str();
            if !matches!(status, ']' | '\n') && (after.is_empty() || after.starts_with([' ', '\t']))
            {
                return None;
            }
        }
    }
    let caps = NEAR_TASK.captures(line)?;
    let marker = caps.name("marker")?;
    let gap = caps.name("gap")?.as_str();
    let inner = caps.name("inner")?.as_str();
    let after = caps.name("after").map(|m| m.as_str()).unwrap_or("");
    let end = caps.get(0)?.end() - after.len();
    let non_space: Vec<char> = inner.chars().filter(|c| !c.is_whitespace()).collect();
    if non_space.len() > 1 || after.starts_with(['(', '[', ':']) {
        return None;
    }
    let status = non_space.first().copied().unwrap_or(' ');
    let inner_ok = inner.chars().count() == 1;
    let malformed = if gap.is_empty() {
        // `-[ ]`: only a box-like bracket, never `-[link]`.
        inner.chars().count() <= 1 && matches!(status, ' ' | 'x' | 'X')
    } else if !inner_ok {
        // `- []`, `- [ x]`, `- [x ]`, `- [  ]`
        true
    } else {
        // `- [x]done`: no space after the box.
        !after.is_empty() && !after.starts_with([' ', '\t'])
    };
    if !malformed {
        return None;
    }
    let mut replacement = format!("{} [{status}]", marker.as_str());
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        replacement.push(' ');
    }
    Some((marker.start()..end, replacement))
}
