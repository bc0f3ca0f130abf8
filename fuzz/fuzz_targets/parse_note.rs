//! One note's bytes through the parser: frontmatter, headings, links,
//! tasks, tags, block ids. Nothing may panic, and every span the model
//! records must lie inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phasebook::vault::{Note, ParseOptions};

fuzz_target!(|data: &[u8]| {
    for comment_links in [false, true] {
        let note = Note::from_bytes(
            "fuzz/note.md".to_string(),
            data.to_vec(),
            ParseOptions { comment_links },
        );
        let text = &note.source;
        for link in &note.links {
            assert!(link.span.start <= link.span.end && link.span.end <= text.len());
            assert!(text.is_char_boundary(link.span.start) && text.is_char_boundary(link.span.end));
        }
        for heading in &note.headings {
            assert!(heading.span.end <= text.len());
        }
        let _ = note.lines.position(text, text.len());
    }
});
