//! Byte offsets ↔ human positions.
//!
//! Every diagnostic is stored with a byte span into the *original* file (the
//! frontmatter is never cut out of the text we keep), so that line and column
//! numbers stay true to what the user sees in their editor, whatever parsing
//! did with the file.

use std::ops::Range;

/// Start offsets of each line of a text, for O(log n) offset → line lookups.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// On lines longer than [`STRIDE`], every `STRIDE` bytes (at a char
    /// boundary): the offset, and the columns before it on its line. A
    /// column is then counted over at most `STRIDE` bytes, not the whole
    /// line: a million diagnostics on one 6 MB line took six minutes to
    /// place when each counted from the line's start. Empty for text with
    /// ordinary lines.
    marks: Vec<(usize, usize)>,
}

/// The distance between two column marks on a long line.
const STRIDE: usize = 4096;

/// A byte range of one note, as two `u32`: one is kept for every link and
/// heading of the vault, where a `Range<usize>` is 16 bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span32 {
    start: u32,
    end: u32,
}

impl Span32 {
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl From<Range<usize>> for Span32 {
    fn from(range: Range<usize>) -> Span32 {
        Span32 {
            start: saturating_u32(range.start),
            end: saturating_u32(range.end),
        }
    }
}

/// An offset, line or index within one note as `u32`, `u32::MAX` past it:
/// a note is read whole into memory, so none comes near 4 billion.
pub fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 1-based line and column; the column counts Unicode scalar values, as
/// editors and rustc do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // Counted first (memchr's count runs at memory speed), so each index
        // has the size it needs: a guess from the text's length over-sized
        // the index of a note of long paragraphs several times, and the
        // line indexes of a check's reported notes are kept to its end.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        let mut starts = Vec::with_capacity(lines);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut marks = Vec::new();
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        for (&start, end) in starts.iter().zip(ends) {
            let (mut at, mut columns) = (start, 0);
            while end - at > STRIDE {
                let next = floor_char_boundary(text, at + STRIDE);
                columns += text[at..next].chars().count();
                at = next;
                marks.push((at, columns));
            }
        }
        LineIndex { starts, marks }
    }

    /// The 0-based line that holds `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of 0-based `line`, without its line terminator.
    pub(crate) fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let mut end = self
            .starts
            .get(line + 1)
            .map(|next| next - 1)
            .unwrap_or(text.len());
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based position of a byte offset (clamped to the text, and to a char
    /// boundary, so a bad offset can never panic).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        // The nearest mark on this line before `offset`, if any.
        let mark = self.marks.partition_point(|&(at, _)| at <= offset);
        let (from, before) = match mark.checked_sub(1).map(|m| self.marks[m]) {
            Some((at, columns)) if at > start => (at, columns),
            _ => (start, 0),
        };
        let column = before + text[from..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

/// The smallest char boundary `>= offset` (the text's length past its end).
pub(crate) fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The largest char boundary `<= offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\nçd[[x]]\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        let at = text.find("[[").unwrap();
        assert_eq!(index.position(text, at), Position { line: 2, column: 3 });
        assert_eq!(index.line_range(text, 1), 3..11);
    }

    #[test]
    fn out_of_range_offsets_clamp() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1).column, 1);
        assert_eq!(index.position(text, 99).column, 2);
    }

    #[test]
    fn columns_on_long_lines_count_from_marks_the_same() {
        // Multi-byte characters across the marks, on a long line between
        // short ones.
        let long = "aé€𝄞".repeat(1000);
        let text = format!("x\n{long}\ny\n");
        let index = LineIndex::new(&text);
        assert!(!index.marks.is_empty());
        for (offset, _) in text.char_indices() {
            let line = text[..offset].matches('\n').count();
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let column = text[start..offset].chars().count() + 1;
            assert_eq!(
                index.position(&text, offset),
                Position {
                    line: line + 1,
                    column
                }
            );
        }
    }
}
