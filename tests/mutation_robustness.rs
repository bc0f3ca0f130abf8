//! Mangled notes never crash the pipeline.
//!
//! The bad-input tests cover the cases we thought of; this one covers the
//! ones we did not. The default vault's notes are cut, spliced and salted
//! with the tokens the parsers care about (`[[`, `]]`, `|`, `#`, `^`, `%%`,
//! fences, frontmatter fences, HTML comments, callouts, multi-byte and
//! control characters), deterministically, and every mangled vault goes
//! through the whole pipeline in process: load, lint, every report format,
//! `--fix` (twice: the second finds nothing left to fix), readiness, and a
//! site build. A panic anywhere fails the test; the seed in its message
//! reproduces the vault.

mod common;

use std::path::{Path, PathBuf};

use phasebook::config::Config;
use phasebook::phases::Phases;
use phasebook::report::{self, PathStyle};
use phasebook::span::floor_char_boundary;
use phasebook::{lint, readiness, vault};

/// Tokens that open, close or split the constructs the parsers look for.
const TOKENS: &[&str] = &[
    "[[",
    "]]",
    "![[",
    "|",
    "\\|",
    "#",
    "#^",
    "^",
    "%%",
    "```",
    "~~~",
    "`",
    "\n",
    "\r\n",
    "---\n",
    "\n---\n",
    "- [ ]",
    "- [x]",
    "- [",
    "-[ ]",
    "[^1]",
    "[^1]: ",
    "](",
    "](#",
    "![](",
    "<!--",
    "-->",
    "<img src=x>",
    "<b>",
    "</b>",
    "> [!NOTE]",
    "> ",
    "\t",
    "    ",
    "é",
    "ǅ",
    "𝔘",
    "\u{200b}",
    "\u{0}",
    ":",
    ": [[",
    "tags: [",
    "aliases:",
    "  - ",
    "\"",
    "'",
    "{",
    "}",
    "*",
    "_",
    "~~",
    "<!-- phasebook-disable -->",
    "<!-- phasebook-enable broken-link -->",
    "../",
    "./",
    "/",
];

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A random char boundary of `text`.
    fn boundary(&mut self, text: &str) -> usize {
        floor(text, self.below(text.len() + 1))
    }
}

/// The char boundary at or before `at` (clamped to the text).
fn floor(text: &str, at: usize) -> usize {
    floor_char_boundary(text, at.min(text.len()))
}

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut text = text.to_string();
    for _ in 0..1 + rng.below(8) {
        let at = rng.boundary(&text);
        match rng.below(5) {
            0 | 1 => text.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            2 => {
                let end = floor(&text, rng.boundary(&text).max(at).min(at + 80));
                text.replace_range(at..end, "");
            }
            3 => {
                let end = floor(&text, rng.boundary(&text).max(at).min(at + 200));
                let copy = text[at..end].to_string();
                let to = rng.boundary(&text);
                text.insert_str(to, &copy);
            }
            _ => {
                let keep = floor(&text, at.max(text.len() / 2));
                text.truncate(keep);
            }
        }
    }
    text
}

/// The default vault's notes: (vault path, text).
fn base_notes() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vault");
    let mut notes = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("walk the default vault");
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") {
            let rel = path.strip_prefix(&root).expect("inside");
            let text = std::fs::read_to_string(path).expect("read");
            notes.push((rel.to_string_lossy().replace('\\', "/"), text));
        }
    }
    assert!(notes.len() > 20, "the default vault is there");
    notes
}

/// The whole pipeline over one vault; panics are the failure.
fn run_pipeline(dir: &Path, root: &Path, build_site: bool) {
    let config = Config::for_vault(root, dir).expect("config");
    let vault = vault::load(&config);
    let phases = Phases::build(&vault, &config);
    let diagnostics = lint::run(&vault, &config, &phases);
    let paths = PathStyle::new(&config.vault_dir, dir);
    let mut human = Vec::new();
    report::human::render(&mut human, &diagnostics, &vault, &paths, true).expect("human");
    report::json::render(&diagnostics, &vault, &paths);
    report::sarif::render(&diagnostics, &vault, &paths, &config);
    report::github::render(&diagnostics, &paths);
    report::junit::render(&diagnostics, &paths, &[]);

    let (_, fixed) = lint::fix::apply(&vault, &diagnostics).expect("fix");
    let vault = vault::load(&config);
    let phases = Phases::build(&vault, &config);
    let diagnostics = lint::run(&vault, &config, &phases);
    if fixed > 0 {
        let (_, again) = lint::fix::apply(&vault, &diagnostics).expect("fix again");
        assert_eq!(again, 0, "a second --fix found more to fix");
    }
    readiness::report(&vault, &config, &phases);
    if build_site {
        common::build_site(&vault, &config, &dir.join("site")).expect("the site builds");
    }
}

#[test]
fn mangled_vaults_never_crash_any_command() {
    let base = base_notes();
    // A longer hunt: PHASEBOOK_MUTATION_SEEDS=5000 cargo test --release
    // --test mutation_robustness.
    let seeds: u64 = std::env::var("PHASEBOOK_MUTATION_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    for seed in 1..=seeds {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("vault");
        // The whole vault, a third of its notes mangled, so links between
        // mangled and intact notes are exercised too.
        for (path, text) in &base {
            let text = if rng.below(3) == 0 {
                mutate(text, &mut rng)
            } else {
                text.clone()
            };
            let abs = root.join(path);
            std::fs::create_dir_all(abs.parent().expect("parent")).expect("folder");
            std::fs::write(&abs, text).expect("write");
        }
        let outcome = std::panic::catch_unwind(|| run_pipeline(dir.path(), &root, seed % 4 == 0));
        assert!(outcome.is_ok(), "seed {seed} crashed the pipeline");
    }
}
