//! Small text normalisations shared by the resolver, the linter and the site:
//! one slug rule and one heading-matching rule, so a link that the linter
//! accepts is a link the site renders to the same anchor.

/// Obsidian's heading comparison (`stripHeading` + `toLowerCase`,
/// LINK-RESOLUTION rule 23): each of ``! " # $ % & ( ) * + , . : ; < = > ? @ ^
/// ` { | } ~ / [ ] \`` and CR/LF becomes a space, whitespace runs collapse to
/// one space, the ends are trimmed, and the result is lower-cased. `_` and `-`
/// are kept.
pub(crate) fn obsidian_norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(obsidian_norm_chars(text));
    out
}

/// Whether `text`, normalised as [`obsidian_norm`] does, equals `norm` (an
/// already normalised text), without making the normalised string: the
/// resolver compares every heading of a linked note this way, and keeping
/// each heading's normalised text for it cost more memory than the
/// comparison costs time.
pub(crate) fn obsidian_norm_eq(text: &str, norm: &str) -> bool {
    obsidian_norm_chars(text).eq(norm.chars())
}

/// The characters of [`obsidian_norm`]`(text)`, one at a time.
fn obsidian_norm_chars(text: &str) -> NormChars<'_> {
    NormChars {
        chars: text.chars(),
        started: false,
        pending_space: false,
        held: None,
        lower: None,
    }
}

/// The iterator behind [`obsidian_norm_chars`]: the one implementation of
/// rule 23, so the string and the comparison cannot disagree.
struct NormChars<'a> {
    chars: std::str::Chars<'a>,
    /// A character was given: a space run after it becomes one space.
    started: bool,
    /// Spaces were skipped since the last character given.
    pending_space: bool,
    /// The character after a pending space, given on the next call.
    held: Option<char>,
    /// The rest of a non-ASCII character's lower case.
    lower: Option<std::char::ToLowercase>,
}

impl NormChars<'_> {
    fn lowered(&mut self, ch: char) -> Option<char> {
        self.started = true;
        // Every heading of every linked note goes through here: ASCII
        // (most of them) skips the Unicode case tables.
        if ch.is_ascii() {
            return Some(ch.to_ascii_lowercase());
        }
        let mut lower = ch.to_lowercase();
        let first = lower.next();
        self.lower = Some(lower);
        first
    }
}

impl Iterator for NormChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(ch) = self.lower.as_mut().and_then(Iterator::next) {
            return Some(ch);
        }
        self.lower = None;
        if let Some(ch) = self.held.take() {
            return self.lowered(ch);
        }
        loop {
            let ch = self.chars.next()?;
            let is_space = if ch.is_ascii() {
                ch.is_ascii_whitespace() || ch == '\u{b}' || is_stripped(ch)
            } else {
                ch.is_whitespace()
            };
            if is_space {
                self.pending_space = self.started;
                continue;
            }
            if self.pending_space {
                self.pending_space = false;
                self.held = Some(ch);
                return Some(' ');
            }
            return self.lowered(ch);
        }
    }
}

fn is_stripped(ch: char) -> bool {
    matches!(
        ch,
        '!' | '"'
            | '#'
            | '$'
            | '%'
            | '&'
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | '.'
            | ':'
            | ';'
            | '<'
            | '='
            | '>'
            | '?'
            | '@'
            | '^'
            | '`'
            | '{'
            | '|'
            | '}'
            | '~'
            | '/'
            | '['
            | ']'
            | '\\'
            | '\r'
            | '\n'
    )
}

/// The anchor slug of a heading, GitHub style: lower-case, letters, digits,
/// `-` and `_` kept, spaces become `-`, everything else dropped. Markdown
/// links (`[t](note.md#exit-criteria)`) and the site's heading ids use it.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        if ch.is_alphanumeric() || ch == '_' || ch == '-' {
            out.extend(ch.to_lowercase());
        } else if ch.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// The key that makes tags one tag: Obsidian takes `#Ops` and `#ops` for
/// the same tag. Notes dedupe their tags by it, the site keys tag pages by
/// it.
pub(crate) fn tag_key(name: &str) -> String {
    name.to_lowercase()
}

/// A loose key for "the same name written another way": `Release Plan`,
/// `release-plan` and `release_plan` all become `releaseplan`.
pub(crate) fn loose_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Heading ids for one note: the shared slug rule, `section` for a heading
/// with no letters, and `-1`, `-2`, … on repeats (as GitHub does), so every
/// id on a page is unique and a link to the *n*th "Notes" lands on it. A
/// suffix that another heading has by its own text is skipped: with "Dup",
/// "Dup", "Dup 1" the ids are `dup`, `dup-2`, `dup-1`.
pub fn heading_ids(texts: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    let bases: Vec<String> = texts
        .into_iter()
        .map(|text| {
            let base = slugify(text.as_ref());
            if base.is_empty() {
                "section".to_string()
            } else {
                base
            }
        })
        .collect();
    // Every heading's own slug: no suffix may take one.
    let plain: std::collections::HashSet<&str> = bases.iter().map(String::as_str).collect();
    // Ids given so far, and the layout's own (docs/site-templates.md; a
    // heading called "Search" becomes `search-1`).
    let mut used: std::collections::HashSet<String> =
        RESERVED_IDS.iter().map(|id| id.to_string()).collect();
    // The last suffix tried per slug, so n repeats cost n tries, not n².
    let mut repeats: crate::FastMap<&str, usize> = crate::FastMap::default();
    let mut ids = Vec::with_capacity(bases.len());
    for base in &bases {
        let id = if used.contains(base) {
            let n = repeats.entry(base.as_str()).or_insert(0);
            loop {
                *n += 1;
                let candidate = format!("{base}-{n}");
                if !plain.contains(candidate.as_str()) && !used.contains(&candidate) {
                    break candidate;
                }
            }
        } else {
            base.clone()
        };
        used.insert(id.clone());
        ids.push(id);
    }
    ids
}

/// Ids the theme's layout uses on every page (`pb-` ids, `search` and
/// `search-results`): a heading never takes one.
pub const RESERVED_IDS: &[&str] = &["search", "search-results", "pb-main", "pb-nav-toggle"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_are_unique_per_page() {
        assert_eq!(
            heading_ids(["Notes", "Notes", "?!", "Exit Criteria", "Notes", "Search"]),
            [
                "notes",
                "notes-1",
                "section",
                "exit-criteria",
                "notes-2",
                "search-1"
            ]
        );
    }

    #[test]
    fn a_suffix_never_takes_an_id_a_heading_has_by_its_text() {
        // The third heading's own slug is `dup-1`; the repeat before it
        // must not take it, and no id is given twice.
        assert_eq!(
            heading_ids(["Dup", "Dup", "Dup 1"]),
            ["dup", "dup-2", "dup-1"]
        );
        assert_eq!(
            heading_ids(["Dup", "Dup 1", "Dup", "Dup 1"]),
            ["dup", "dup-1", "dup-2", "dup-1-1"]
        );
        assert_eq!(heading_ids(["PB Main"]), ["pb-main-1"]);
        let ids = heading_ids(["a", "a-1", "a", "a", "a-1", "a-2", "a-2"]);
        let unique: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }

    #[test]
    fn norm_strips_punctuation_keeps_dash_and_underscore() {
        assert_eq!(obsidian_norm("  My   Heading?! "), "my heading");
        assert_eq!(obsidian_norm("A: B/C"), "a b c");
        // Every ASCII blank Rust calls whitespace, vertical tab included.
        assert_eq!(obsidian_norm("Tab\tand\u{b}vt\u{c}ff"), "tab and vt ff");
        assert_eq!(obsidian_norm("Ünïcode Straße"), "ünïcode straße");
        assert_eq!(obsidian_norm("My-Heading_x"), "my-heading_x");
        assert_ne!(obsidian_norm("My-Heading"), obsidian_norm("My Heading"));
    }

    #[test]
    fn norm_comparison_agrees_with_the_norm() {
        // İ lower-cases to two characters; the others end or start with
        // blanks, punctuation or runs of them.
        let texts = [
            "  My   Heading?! ",
            "A: B/C",
            "İstanbul Ünïcode",
            "x\u{2003}\u{2003}y",
            "#",
            "",
            "a  ",
            "Straße_1-2",
        ];
        for text in texts {
            let norm = obsidian_norm(text);
            assert!(obsidian_norm_eq(text, &norm), "{text:?} vs {norm:?}");
            for other in texts {
                let equal = obsidian_norm(other) == norm;
                assert_eq!(
                    obsidian_norm_eq(other, &norm),
                    equal,
                    "{other:?} vs {norm:?}"
                );
            }
        }
        assert_eq!(obsidian_norm("İ"), "i\u{307}");
        assert!(!obsidian_norm_eq("İ", "i"));
        assert!(!obsidian_norm_eq("a", "a "));
    }

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slugify("Exit Criteria"), "exit-criteria");
        assert_eq!(slugify("1. Pre-Release: Prep!"), "1-pre-release-prep");
        assert_eq!(slugify("Über Größe"), "über-größe");
    }

    #[test]
    fn loose_keys_equate_name_spellings() {
        assert_eq!(loose_key("Release Plan"), loose_key("release-plan"));
    }
}
