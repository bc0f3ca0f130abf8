//! Property tests (proptest) over random vaults of Markdown and YAML: the
//! parser, resolver, linter and renderer, in process. Whatever the notes
//! hold:
//! - nothing panics;
//! - every diagnostic points inside its file;
//! - no text of a note the publication scope leaves out reaches any file
//!   of the site;
//! - no page carries script beyond the theme's own.
//!
//! A failure prints the smallest vault proptest shrank it to; a case worth
//! keeping goes to `tests/regressions/` (see `regressions_stay_fixed`).

mod common;

use std::path::Path;

use phasebook::config::Config;
use phasebook::phases::Phases;
use phasebook::{lint, readiness, vault};
use proptest::prelude::*;

/// Pieces the parsers care about, to build notes from.
const PIECES: &[&str] = &[
    "[[",
    "]]",
    "![[",
    "|",
    "#",
    "#^",
    "^b1",
    "%%",
    "```\n",
    "`",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "- [ ] ",
    "- [x] ",
    "- [",
    "[^1]",
    "[^1]: ",
    "[",
    "](",
    ")",
    "![](",
    "<!--",
    "-->",
    "<b>",
    "</b>",
    "<div>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "> [!note] ",
    "> ",
    "\t",
    "    ",
    "é",
    "𝔘",
    "\u{feff}",
    "\u{0}",
    "&amp;",
    "#tag ",
    "## H ",
    "# T\n",
    "*",
    "_",
    "==",
    "$x$",
    "https://example.com ",
    "javascript:alert(1)",
    " ",
    "a",
    "b",
    "word ",
];

/// Note names links may use.
const NAMES: &[&str] = &["a", "b", "c", "d", "e"];

#[derive(Debug, Clone)]
struct NoteSpec {
    name: &'static str,
    /// None: no frontmatter flag; Some(flag line).
    flag: Option<&'static str>,
    body: Vec<String>,
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        2 => (proptest::sample::select(NAMES), proptest::sample::select(&["", "#H", "#^b1", "|shown"][..]))
            .prop_map(|(n, s)| format!("[[{n}{s}]]")),
        1 => proptest::sample::select(NAMES).prop_map(|n| format!("![[{n}]]")),
        1 => proptest::sample::select(NAMES).prop_map(|n| format!("[m]({n}.md)")),
    ]
}

fn note() -> impl Strategy<Value = NoteSpec> {
    (
        proptest::sample::select(NAMES),
        proptest::option::of(proptest::sample::select(
            &[
                "publish: false",
                "draft: true",
                "publish: true",
                "draft: false",
                "publish: maybe",
                "publish: [",
                "tags: [x]",
            ][..],
        )),
        proptest::collection::vec(piece(), 0..40),
    )
        .prop_map(|(name, flag, body)| NoteSpec { name, flag, body })
}

/// The marker put in a note's text, unique per note.
fn marker(name: &str) -> String {
    format!("MARKER{}Q", name.to_uppercase())
}

/// Write the vault; returns the names of the notes the site must leave
/// out for their flag (publish: false, draft: true, or an unclear flag).
fn write_vault(root: &Path, notes: &[NoteSpec]) -> Vec<&'static str> {
    let mut private = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for spec in notes {
        if !seen.insert(spec.name) {
            continue; // one note per name
        }
        let mut text = String::new();
        if let Some(flag) = spec.flag {
            text.push_str(&format!("---\n{flag}\n---\n"));
            if matches!(
                flag,
                "publish: false" | "draft: true" | "publish: maybe" | "publish: ["
            ) {
                private.push(spec.name);
            }
        }
        text.push_str(&format!("# {}\n\n{} ", spec.name, marker(spec.name)));
        text.push_str(&spec.body.concat());
        std::fs::write(root.join(format!("{}.md", spec.name)), text).expect("write note");
    }
    private
}

/// The theme's own scripts: `<script src="…_phasebook/…">` (and the large
/// sidebar's per-folder scripts there too).
fn foreign_script(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    lower.match_indices("<script").find_map(|(at, _)| {
        let tag = &lower[at..lower[at..].find('>').map_or(lower.len(), |e| at + e)];
        (!tag.contains("_phasebook/")).then(|| tag.to_string())
    })
}

/// An `on…=` event-handler attribute of a tag of the page: tags and their
/// attributes read as a browser reads them (quoted values skipped, so an
/// escaped `onerror=` inside a `title` is text, not a handler).
fn handler_attribute(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(open) = html[i..].find('<').map(|o| i + o) {
        i = open + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // The tag name.
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/')
        {
            i += 1;
        }
        // Attributes until the tag's `>`.
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let name = html[start..i].to_ascii_lowercase();
            if name.starts_with("on") {
                return Some(html[open..i.min(html.len())].to_string());
            }
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        i += 1;
                        while i < bytes.len() && bytes[i] != q {
                            i += 1;
                        }
                        i += 1;
                    }
                    _ => {
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>'
                        {
                            i += 1;
                        }
                    }
                }
            }
        }
    }
    None
}

fn check_vault(notes: &[NoteSpec]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("vault");
    std::fs::create_dir_all(&root).expect("mkdir");
    let private = write_vault(&root, notes);
    let config = Config::for_vault(&root, dir.path()).expect("config");
    let vault = vault::load(&config);
    let phases = Phases::build(&vault, &config);
    let diagnostics = lint::run(&vault, &config, &phases);
    for d in &diagnostics {
        if let Some(id) = vault.note_by_path(&d.path) {
            let note = &vault.notes[id];
            let lines = note.source().split('\n').count();
            prop_assert!(
                d.start.line >= 1 && d.start.line <= lines,
                "{} at line {} of {lines}",
                d.rule,
                d.start.line
            );
            prop_assert!(
                d.span.end <= note.source_len(),
                "{} span past the end",
                d.rule
            );
        }
    }
    readiness::report(&vault, &config, &phases);
    let out = dir.path().join("site");
    common::build_site(&vault, &config, &out).expect("the site builds");
    for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("read output");
        let text = String::from_utf8_lossy(&bytes);
        let rel = entry
            .path()
            .strip_prefix(&out)
            .expect("inside")
            .display()
            .to_string();
        for name in &private {
            prop_assert!(
                !text.contains(&marker(name)),
                "{rel} holds the text of {name}.md, which is left out"
            );
        }
        if rel.ends_with(".html") {
            prop_assert!(
                foreign_script(&text).is_none(),
                "{rel}: {:?}",
                foreign_script(&text)
            );
            prop_assert!(
                handler_attribute(&text).is_none(),
                "{rel}: {:?}",
                handler_attribute(&text)
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // 2,000 a CI run (about half a minute); PROPTEST_CASES for more.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_vault_checks_and_builds_without_leaks_or_script(notes in proptest::collection::vec(note(), 1..6)) {
        check_vault(&notes)?;
    }
}

/// Inputs that once broke something, each a vault folder under
/// `tests/regressions/`: every one goes through check and build.
#[test]
fn the_handler_check_reads_attributes_as_a_browser_does() {
    assert!(handler_attribute(r#"<img src="x" onerror="a()">"#).is_some());
    assert!(handler_attribute("<svg/onload=a()>").is_some());
    assert!(handler_attribute(r#"<span title="&lt;img onerror=a()&gt;">x</span>"#).is_none());
    assert!(handler_attribute("<p>onclick=x</p> a < b").is_none());
}

#[test]
fn regressions_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/regressions") {
        let case = entry.expect("entry").path();
        if !case.is_dir() {
            continue;
        }
        seen += 1;
        let out = tempfile::tempdir().expect("temp dir");
        let config = Config::for_vault(&case, out.path()).expect("config");
        let vault = vault::load(&config);
        let phases = Phases::build(&vault, &config);
        lint::run(&vault, &config, &phases);
        common::build_site(&vault, &config, &out.path().join("site"))
            .unwrap_or_else(|e| panic!("{}: {e:#}", case.display()));
    }
    assert!(seen > 0, "no regression cases found");
}
