//! The one line scan of a note: `^block-id`s and near-miss task markers,
//! found from the characters that make them (memchr) rather than by
//! walking every line.

use std::ops::Range;

use super::model::{BlockId, NearMissTask, Note};
use super::tasks::near_miss;
use crate::vault::links;

/// One pass over the lines: block ids and near-miss tasks, each kept only
/// when the character that makes it (the `^`, the list marker) is outside
/// code — a paragraph may well *start* with an inline code span.
pub(super) fn scan_lines(note: &mut Note, source: &str, body: &str, excluded: &[Range<usize>]) {
    let bytes = body.as_bytes();
    // Block ids: only lines holding a `^` can end in one, so jump from caret
    // to caret (memchr) instead of walking every line.
    let mut last_line_end = 0;
    for caret in memchr::memchr_iter(b'^', bytes) {
        if caret < last_line_end {
            continue; // a later caret of a line already looked at
        }
        let line = note.lines().line_of(caret);
        let range = note.lines().line_range(body, line);
        last_line_end = range.end;
        let text = body[range.clone()].trim_end_matches(['\n', '\r']);
        if let Some(id) = block_id(text) {
            let at = range.start + text.trim_end().len() - id.len() - 1;
            if !links::in_ranges(excluded, at) {
                note.block_ids.push(BlockId {
                    id: id.into(),
                    line: line + 1,
                    offset: at,
                });
            }
        }
    }
    // Near-miss tasks: only lines holding a `[`.
    let mut last_line_end = 0;
    for bracket in memchr::memchr_iter(b'[', bytes) {
        if bracket < last_line_end {
            continue;
        }
        let line = note.lines().line_of(bracket);
        let range = note.lines().line_range(body, line);
        last_line_end = range.end;
        let start = range.start;
        let text = body[range].trim_end_matches(['\n', '\r']);
        if let Some((range, replacement)) = near_miss(text)
            && !links::in_ranges(excluded, start + range.start)
        {
            let span = start + range.start..start + range.end;
            note.near_miss_tasks.push(NearMissTask {
                found: source[span.clone()].to_string(),
                span,
                replacement,
            });
        }
    }
}

/// A ` ^block-id` at the end of a line (or alone on it).
fn block_id(line: &str) -> Option<&str> {
    let line = line.trim_end();
    let caret = line.rfind('^')?;
    let id = &line[caret + 1..];
    let valid = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let separated = caret == 0 || line[..caret].ends_with([' ', '\t']);
    (valid && separated).then_some(id)
}
