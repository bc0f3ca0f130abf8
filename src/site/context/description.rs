//! A page's description, for `<meta name="description">` and Open Graph:
//! what search engines and chat link previews show of a page.
//!
//! The note's `description` property when it has one (Obsidian Publish and
//! Quartz read the same property), else the start of its text: the first
//! section's words, cut at a word boundary near 160 characters, the length
//! search results show.

use super::super::search::Section;
use crate::vault::Note;

/// Where a description made from the text is cut.
const MAX_CHARS: usize = 160;

/// The description of `note`, whose page's text is `sections`; `None` for
/// a page with no text at all.
pub fn description(note: &Note, sections: &[Section]) -> Option<String> {
    let property = note
        .frontmatter
        .as_ref()
        .and_then(|fm| fm.value.as_ref())
        .and_then(|value| value.get("description"))
        .and_then(|node| node.as_str())
        .map(str::trim)
        .filter(|text| !text.is_empty());
    if let Some(text) = property {
        return Some(squash(text, usize::MAX));
    }
    sections
        .iter()
        .map(|s| s.text.trim())
        .find(|text| !text.is_empty())
        .map(|text| squash(text, MAX_CHARS))
}

/// `text` on one line, its runs of blank space made one space, and cut
/// after at most `max` characters at the last word boundary, with "…".
fn squash(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if chars > 0 && chars + 1 + len > max {
            out.push('…');
            return out;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        if len > max {
            out.extend(word.chars().take(max));
            out.push('…');
            return out;
        }
        out.push_str(word);
        chars += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_squashed_and_cut_at_a_word() {
        assert_eq!(squash("a  b\n c", 160), "a b c");
        assert_eq!(squash("one two three", 7), "one two…");
        assert_eq!(squash("abcdefgh", 4), "abcd…");
        let long = "word ".repeat(100);
        let cut = squash(&long, MAX_CHARS);
        assert!(cut.chars().count() <= MAX_CHARS + 1, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
    }
}
