//! `check` and `build` leave each note's text in its file once parsed and
//! read it back when a rule, the report or a page needs it
//! (`vault::load_leaving_texts`, issue #20's memory). What is read back
//! must be the text parsed, or nothing shown from it: a file changed in
//! between reads as blanks of the same length (no position of the parse
//! falls outside it), is named by `Vault::changed_on_disk`, is never
//! written by `--fix`, and a site showing it is never published.

mod common;

use phasebook::config::Config;
use phasebook::lint;
use phasebook::phases::Phases;
use phasebook::report::PathStyle;
use phasebook::vault::{self, Vault};

const NOTE: &str =
    "# Plan\n\nSee [[missing note]] and [[other#Nowhere]].\n\n- [] a task written wrong\n";

fn setup(files: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("vault");
    std::fs::create_dir_all(&root).unwrap();
    common::write_files(&root, files);
    let config = Config::for_vault(&root, dir.path()).unwrap();
    (dir, config)
}

fn lint(vault: &Vault, config: &Config) -> Vec<lint::Diagnostic> {
    let phases = Phases::build(vault, config);
    lint::run(vault, config, &phases)
}

#[test]
fn texts_read_back_are_the_texts_parsed() {
    let files = [
        ("plan.md", NOTE),
        ("other.md", "# Other\n\ntext\n"),
        ("bom.md", "\u{feff}# Bom\n\n[[nowhere]]\n"),
        ("mac.md", "# Mac\r\rline [[gone]]\r"),
        ("latin.md", "latin1:# Caf\u{e9}\n\n[[absent]]\n"),
    ];
    let (_dir, config) = setup(&files);
    let held = vault::load(&config);
    let left = vault::load_leaving_texts(&config, true);
    assert_eq!(held.notes.len(), 5);
    for (a, b) in held.notes.iter().zip(&left.notes) {
        assert_eq!(a.path, b.path);
        assert_eq!(a.source(), b.source(), "{}", a.path);
        assert_eq!(a.source_len(), b.source_len());
        assert!(matches!(b.source(), std::borrow::Cow::Owned(_)));
        assert!(matches!(a.source(), std::borrow::Cow::Borrowed(_)));
    }
    // The same findings, at the same positions, as with every text held.
    let render = |vault: &Vault| {
        let diagnostics = lint(vault, &config);
        assert!(!diagnostics.is_empty());
        let paths = PathStyle::new(&config.vault_dir, &config.vault_dir);
        let mut human = Vec::new();
        phasebook::report::human::render(&mut human, &diagnostics, vault, &paths, false).unwrap();
        let json = phasebook::report::json::render(&diagnostics, vault, &paths);
        (String::from_utf8(human).unwrap(), json)
    };
    assert_eq!(render(&held), render(&left));
    assert!(left.changed_on_disk().is_empty());
}

#[test]
fn a_file_changed_after_the_parse_reads_as_blanks_and_is_named() {
    for changed in [
        // Shorter, longer, and the same length with other bytes.
        "# Plan\n",
        &NOTE.repeat(3),
        &NOTE.replace("Plan", "Plot"),
    ] {
        let (_dir, config) = setup(&[("plan.md", NOTE), ("other.md", "# Other\n")]);
        let vault = vault::load_leaving_texts(&config, true);
        let file = config.vault_dir.join("plan.md");
        std::fs::write(&file, changed).unwrap();

        let id = vault.note_by_path("plan.md").unwrap();
        let text = vault.notes[id].source();
        assert_eq!(
            text.len(),
            NOTE.len(),
            "the parse's length, whatever the file's"
        );
        assert!(text.bytes().all(|b| b == b' '));
        // Rules and every report format run on it without a panic.
        let diagnostics = lint(&vault, &config);
        let paths = PathStyle::new(&config.vault_dir, &config.vault_dir);
        let mut human = Vec::new();
        phasebook::report::human::render(&mut human, &diagnostics, &vault, &paths, false).unwrap();
        phasebook::report::json::render(&diagnostics, &vault, &paths);
        assert_eq!(vault.changed_on_disk(), vec!["plan.md"]);

        // `--fix` leaves the edit made since the parse alone.
        assert!(diagnostics.iter().any(|d| d.fix.is_some()));
        lint::fix::apply(&vault, &diagnostics).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), changed);
    }
}

#[test]
fn an_unchanged_vault_is_fixed_from_texts_read_back() {
    let (_dir, config) = setup(&[("plan.md", NOTE)]);
    let vault = vault::load_leaving_texts(&config, true);
    let diagnostics = lint(&vault, &config);
    let (files, fixes) = lint::fix::apply(&vault, &diagnostics).unwrap();
    assert_eq!((files, fixes), (1, 1));
    let fixed = std::fs::read_to_string(config.vault_dir.join("plan.md")).unwrap();
    assert_eq!(fixed, NOTE.replace("- []", "- [ ]"));
    assert!(vault.changed_on_disk().is_empty());
}

#[test]
fn a_site_is_built_from_texts_read_back_and_never_from_blanks() {
    let files = [("plan.md", NOTE), ("other.md", "# Other\n\n![[plan]]\n")];
    let (dir, config) = setup(&files);
    let held = vault::load(&config);
    let left = vault::load_leaving_texts(&config, true);
    let (a, b) = (dir.path().join("held"), dir.path().join("left"));
    common::build_site(&held, &config, &a).unwrap();
    common::build_site(&left, &config, &b).unwrap();
    for page in ["plan.html", "other.html", "index.html"] {
        let (x, y) = (a.join(page), b.join(page));
        assert_eq!(
            std::fs::read(&x).unwrap(),
            std::fs::read(&y).unwrap(),
            "{page}"
        );
    }

    // A note edited after the parse: the build fails and the site built
    // before stays as it was.
    let before = std::fs::read(b.join("plan.html")).unwrap();
    let vault = vault::load_leaving_texts(&config, true);
    std::fs::write(config.vault_dir.join("plan.md"), "# Plan\n\nrewritten\n").unwrap();
    let err = common::build_site(&vault, &config, &b).unwrap_err();
    let changed = err
        .downcast_ref::<vault::ChangedOnDisk>()
        .expect("a ChangedOnDisk error");
    assert_eq!(changed.paths, vec!["plan.md"]);
    assert_eq!(std::fs::read(b.join("plan.html")).unwrap(), before);
}

#[test]
fn a_build_holds_the_texts_of_notes_embedded_often() {
    // A note whose embeds would read a megabyte from its file is read
    // once and held; one embedded a few times stays in its file.
    let glossary = format!(
        "# Glossary\n\n## Term\n\nmeaning ^def\n{}",
        "x".repeat(300_000)
    );
    let files = [
        ("glossary.md", glossary.as_str()),
        ("small.md", "# Small\n\ntext ^s\n"),
        ("a.md", "# A\n\n![[glossary#Term]] ![[small]]\n"),
        ("b.md", "# B\n\n![[glossary#^def]] ![[small#^s]]\n"),
        ("c.md", "# C\n\n![[glossary]] ![[glossary]]\n"),
    ];
    let (_dir, config) = setup(&files);
    let mut vault = vault::load_leaving_texts(&config, true);
    vault.hold_embedded_texts();
    let held = |path: &str| {
        let note = &vault.notes[vault.note_by_path(path).unwrap()];
        matches!(note.source(), std::borrow::Cow::Borrowed(_))
    };
    assert!(held("glossary.md"));
    assert!(!held("small.md") && !held("a.md") && !held("b.md"));
    let text = vault.notes[vault.note_by_path("glossary.md").unwrap()].source();
    assert_eq!(text, files[0].1);
}
