//! Finding and parsing a note's YAML frontmatter.
//!
//! Obsidian reads frontmatter only at the top of a file, but real phase
//! documents (see `shared/seeds/`) put it *after* the H1. We accept both
//! places: a block at the top, or — blank lines aside — right after an ATX H1,
//! provided its content parses as a YAML mapping (or is clearly meant to,
//! i.e. starts with a `key:` line, in which case its YAML error is reported).
//! A `---` anywhere else is a thematic break.
//!
//! The YAML is turned into a small tree of our own ([`Node`]) that remembers
//! where each value stands in the file, so frontmatter links can be reported
//! at their `[[`. Alias expansion is budgeted so that a "billion laughs"
//! document costs a bounded amount of work and memory.
//!
//! [`model`] is what a note keeps, [`block`] finds the block, [`yaml`]
//! parses it.

mod block;
mod model;
mod yaml;

pub use block::extract;
pub use model::*;
pub use yaml::parse_yaml;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_an_error_at_its_second_occurrence() {
        let src = "---\nphase: 1\nname: A\nphase: 2\n---\n# T\n";
        let fm = extract(src).unwrap();
        let err = fm.error.expect("an error");
        assert_eq!(err.message, "the key `phase` appears twice");
        assert_eq!(&src[err.offset..err.offset + 8], "phase: 2");
        assert!(fm.value.is_none());
        // The same key in two different mappings is fine.
        let src = "---\na:\n  x: 1\nb:\n  x: 2\n---\n";
        assert!(extract(src).unwrap().error.is_none());
    }

    #[test]
    fn top_block_is_found_and_parsed() {
        let src = "---\nphase: 05\nname: \"Release\"\n---\n# T\n";
        let fm = extract(src).unwrap();
        assert_eq!(fm.placement, Placement::Top);
        assert_eq!(
            &src[fm.block.clone()],
            "---\nphase: 05\nname: \"Release\"\n---\n"
        );
        assert_eq!(fm.get("phase").unwrap().value, Value::Int(5));
        let name = fm.get("name").unwrap();
        assert_eq!(name.as_str(), Some("Release"));
        assert_eq!(&src[name.offset..name.offset + 1], "\"");
    }

    #[test]
    fn block_after_h1_as_in_the_seeds() {
        let src = "# Release Phase\n\n---\ntags: [a, b]\nphase: 05\n---\n\n## Overview\n";
        let fm = extract(src).unwrap();
        assert_eq!(fm.placement, Placement::AfterH1);
        assert_eq!(src[..fm.block.start].lines().count(), 2);
        assert_eq!(fm.get("tags").unwrap().string_items(), vec!["a", "b"]);
    }

    #[test]
    fn a_later_thematic_break_with_prose_is_not_frontmatter() {
        assert!(extract("# T\n\nText.\n\n---\nkey: value\n---\n").is_none());
        assert!(extract("# T\n\n---\n\nJust prose here.\n\n---\n").is_none());
    }

    #[test]
    fn unterminated_top_block_is_an_error() {
        let fm = extract("---\nphase: 1\n# T\n").unwrap();
        assert!(fm.error.unwrap().message.contains("never closed"));
    }

    #[test]
    fn yaml_errors_carry_the_file_offset() {
        let src = "# T\n\n---\nname: ok\nbad: [unclosed\n---\n";
        let fm = extract(src).unwrap();
        let err = fm.error.unwrap();
        assert!(err.offset >= src.find("bad").unwrap(), "{err:?}");
    }

    #[test]
    fn offsets_count_bytes_after_multibyte_text() {
        let src = "---\nnäme: x\nlink: \"[[a]]\"\n---\n";
        let fm = extract(src).unwrap();
        let link = fm.get("link").unwrap();
        assert_eq!(&src[link.offset..link.offset + 3], "\"[[");
    }

    #[test]
    fn yaml_bomb_is_refused_quickly() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='k' {
            yaml.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = name;
        }
        let err = parse_yaml(&yaml, 0).unwrap_err();
        assert!(err.message.contains("too many"), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let yaml = format!("a: {}{}", "[".repeat(500), "]".repeat(500));
        assert!(parse_yaml(&yaml, 0).is_err());
    }
}
