//! Small text normalisations shared by the resolver, the linter and the site:
//! one slug rule and one heading-matching rule, so a link that the linter
//! accepts is a link the site renders to the same anchor.

/// Obsidian's heading comparison (`stripHeading` + `toLowerCase`,
/// LINK-RESOLUTION rule 23): each of ``! " # $ % & ( ) * + , . : ; < = > ? @ ^
/// ` { | } ~ / [ ] \`` and CR/LF becomes a space, whitespace runs collapse to
/// one space, the ends are trimmed, and the result is lower-cased. `_` and `-`
/// are kept.
pub fn obsidian_norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        let is_space = if ch.is_ascii() {
            ch.is_ascii_whitespace() || ch == '\u{b}' || is_stripped(ch)
        } else {
            ch.is_whitespace()
        };
        if is_space {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            // Every heading of every linked note goes through here: ASCII
            // (most of them) skips the Unicode case tables.
            if ch.is_ascii() {
                out.push(ch.to_ascii_lowercase());
            } else {
                out.extend(ch.to_lowercase());
            }
        }
    }
    out
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
pub fn slugify(text: &str) -> String {
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
pub fn tag_key(name: &str) -> String {
    name.to_lowercase()
}

/// A loose key for "the same name written another way": `Release Plan`,
/// `release-plan` and `release_plan` all become `releaseplan`.
pub fn loose_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
