//! A `publish:` or `draft:` line the frontmatter does not read: found by
//! the parse, with the text at hand, so that the scope (`vault::scope`)
//! can leave such a note out without reading its text again (a check
//! leaves texts in their files: see `Note::source`).

use super::model::{FlagKey, StrayFlag};
use crate::vault::frontmatter::Frontmatter;

/// A `publish` or `draft` line the frontmatter does not give its meaning
/// to: a key spelled in another case (`Publish: false`) in the frontmatter,
/// or the key in a `---` block near the top that is not read as
/// frontmatter (after a blank line, a paragraph, a setext title). The
/// author meant it; the site cannot tell what, so it leaves the note out.
/// Code blocks are skipped: a note about frontmatter shows these lines.
pub(super) fn stray_flag(text: &str, frontmatter: Option<&Frontmatter>) -> Option<StrayFlag> {
    let front = frontmatter.map(|fm| fm.block.clone());
    let key_of = |line: &str| -> Option<FlagKey> {
        let (key, _) = line.split_once(':')?;
        let key = key.trim();
        if key.eq_ignore_ascii_case("publish") {
            Some(FlagKey::Publish)
        } else if key.eq_ignore_ascii_case("draft") {
            Some(FlagKey::Draft)
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
                && !bare.trim_start().starts_with(key.as_str())
                && !line.starts_with(' ')
            {
                return Some(StrayFlag { key, offset: at });
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
            candidate = key_of(bare).map(|key| StrayFlag { key, offset: at });
        }
    }
    None
}
