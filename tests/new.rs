//! `phasebook new`: a note from a vault template, filled as Obsidian's
//! Templates plugin fills it, and with `--after` linked into a phase chain
//! without touching any other byte of its neighbours. Every refusal exits 2
//! and leaves the vault as it was.

mod common;

use std::path::{Path, PathBuf};

use common::{phasebook, tree, write_files};
use serde_json::Value;

const NOW: &str = "2026-03-05T09:07:03+01:00";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A temporary copy of the repository's handbook: `book.toml` and `vault/`.
fn handbook() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("book.toml"), dir.path().join("book.toml")).unwrap();
    copy_dir(&repo.join("vault"), &dir.path().join("vault"));
    dir
}

/// Runs phasebook in `dir` with "now" fixed: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = phasebook()
        .current_dir(dir)
        .env("PHASEBOOK_NOW", NOW)
        .args(args)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap(),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// The rules `check` reports on the vault in `dir`.
fn rules_reported(dir: &Path) -> Vec<String> {
    let (_, stdout, stderr) = run(dir, &["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts that `args` exits 2 with `message` on stderr and changes no file.
fn refused(dir: &Path, args: &[&str], message: &str) -> String {
    let before = tree(dir);
    let (code, _, stderr) = run(dir, args);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
    assert_eq!(tree(dir), before, "a refused `new` changed files");
    stderr
}

#[test]
fn a_phase_after_the_last_one_wraps_the_chain_and_changes_only_the_links() {
    let dir = handbook();
    let dir = dir.path();
    let phases = dir.join("vault/delivery/phases");
    let before = tree(dir);
    let (code, _, stderr) = run(
        dir,
        &["new", "delivery/phases/07-review", "--after", "06-iterate"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("wrote delivery/phases/07-review.md"),
        "{stderr}"
    );

    let note = std::fs::read_to_string(phases.join("07-review.md")).unwrap();
    assert!(!note.contains("{{"), "a variable is left:\n{note}");
    // The body's links to the neighbours name them too.
    assert!(!note.contains("NN-"), "a placeholder link is left:\n{note}");
    assert!(note.contains("[[06-iterate|previous phase]]"), "{note}");
    for line in [
        "phase: 07\n",
        "previous_phase: \"[[06-iterate]]\"\n",
        "next_phase: \"[[01-plan]]\"\n",
        "created: \"2026-03-05\"\n",
    ] {
        assert!(note.contains(line), "no {line:?} in:\n{note}");
    }

    // The neighbours: one value each, every other byte as it was.
    let was = |name: &str| {
        String::from_utf8(before[&PathBuf::from("vault/delivery/phases").join(name)].clone())
            .unwrap()
    };
    let expected_06 = was("06-iterate.md").replacen(
        "next_phase: \"[[01-plan]]\"",
        "next_phase: \"[[07-review]]\"",
        1,
    );
    let expected_01 = was("01-plan.md").replacen(
        "previous_phase: \"[[06-iterate]]\"",
        "previous_phase: \"[[07-review]]\"",
        1,
    );
    assert_ne!(expected_06, was("06-iterate.md"));
    assert_ne!(expected_01, was("01-plan.md"));
    assert_eq!(
        std::fs::read(phases.join("06-iterate.md")).unwrap(),
        expected_06.as_bytes()
    );
    assert_eq!(
        std::fs::read(phases.join("01-plan.md")).unwrap(),
        expected_01.as_bytes()
    );
    let after = tree(dir);
    let changed: Vec<_> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| k.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        changed,
        [
            "vault/delivery/phases/01-plan.md",
            "vault/delivery/phases/06-iterate.md",
            "vault/delivery/phases/07-review.md"
        ]
    );

    // The chain is whole: no phase rule has anything to say.
    let rules = rules_reported(dir);
    assert!(!rules.iter().any(|r| r.starts_with("phase-")), "{rules:?}");
    let (code, stdout, _) = run(dir, &["readiness", "--workflow", "delivery"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("07  NAME"), "{stdout}");

    // Twice: refused, nothing changed.
    refused(
        dir,
        &["new", "delivery/phases/07-review", "--after", "06-iterate"],
        "delivery/phases/07-review.md already exists",
    );
    refused(
        dir,
        &["new", "vault/delivery/phases/07-review.md"],
        "already exists",
    );
}

#[test]
fn the_default_handbook_checks_clean_with_its_template() {
    let dir = handbook();
    let rules = rules_reported(dir.path());
    assert!(rules.is_empty(), "{rules:?}");
}

#[test]
fn a_middle_insertion_is_refused_since_nothing_is_renumbered() {
    let dir = handbook();
    let stderr = refused(
        dir.path(),
        &[
            "new",
            "delivery/phases/04-review",
            "--after",
            "[[03-build]]",
        ],
        "phase 4 is taken in the delivery workflow (by 04-test)",
    );
    assert!(stderr.contains("renumber"), "{stderr}");
}

#[test]
fn unknown_templates_phases_and_tokens_are_clear_errors() {
    let dir = handbook();
    let dir = dir.path();
    let stderr = refused(
        dir,
        &["new", "notes/x", "--template", "nope"],
        "no template `nope`",
    );
    assert!(stderr.contains("phase-template"), "{stderr}");
    refused(
        dir,
        &["new", "delivery/phases/07-x", "--after", "99-none"],
        "no phase `99-none`",
    );
    refused(
        dir,
        &["new", "delivery/phases/07-x", "--after", "test-plan"],
        "not a phase document",
    );
    refused(
        dir,
        &["new", "guides/07-x", "--after", "06-iterate"],
        "not in 06-iterate's folder",
    );
    refused(dir, &["new", "../outside"], "leads out of the vault");

    write_files(
        &dir.join("vault"),
        &[(
            "templates/daily.md",
            "# {{title}}\n\nAt {{time:YYYY-MM-DDTHH:mm}}\n",
        )],
    );
    let stderr = refused(dir, &["new", "notes/x"], "holds 2 templates");
    assert!(stderr.contains("daily, phase-template"), "{stderr}");
    let stderr = refused(
        dir,
        &["new", "notes/x", "--template", "daily"],
        "unknown token `T`",
    );
    assert!(stderr.contains("templates/daily.md"), "{stderr}");
}

#[test]
fn variables_follow_obsidians_settings_and_the_template_folder() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("notes");
    write_files(
        &vault,
        &[
            (
                ".obsidian/templates.json",
                r#"{"folder": "Meta/Templates", "dateFormat": "DD.MM.YYYY"}"#,
            ),
            (
                "Meta/Templates/Meeting.md",
                "# {{title}}\n\n{{date}} {{time}}, {{date:dddd, MMMM Do [at] h A}} {{Title}} {{other}}\n",
            ),
            ("templates/ignored.md", "not the template folder\n"),
        ],
    );
    let out = phasebook()
        .current_dir(dir.path())
        .env("PHASEBOOK_NOW", "2026-03-05T21:07:03-05:00")
        .args(["--vault", "notes", "new", "team/Weekly sync"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(vault.join("team/Weekly sync.md")).unwrap(),
        "# Weekly sync\n\n05.03.2026 21:07, Thursday, March 5th at 9 PM Weekly sync {{other}}\n"
    );
}

/// A gap in the numbers takes a phase without renumbering anything.
#[test]
fn a_phase_goes_into_a_gap_of_the_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    let phase = |n: &str, name: &str, prev: &str, next: &str| {
        format!(
            "# {name}\n\n---\nphase: {n}\nname: \"{name}\"\nprevious_phase: \"[[{prev}]]\"\nnext_phase: \"[[{next}]]\"\n---\n\n## Exit Criteria\n\n- [ ] Done\n"
        )
    };
    write_files(
        &vault,
        &[
            ("flow/1-plan.md", &phase("1", "Plan", "3-ship", "3-ship")),
            ("flow/3-ship.md", &phase("3", "Ship", "1-plan", "1-plan")),
            (
                "templates/phase.md",
                "# Phase\n\n---\nphase:\nname: \"Phase\"\nprevious_phase: \"[[x]]\"\n---\n",
            ),
        ],
    );
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\nsrc = \"v\"\n[lint]\nignore = [\"templates/**\"]\n",
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["new", "flow/2-build", "--after", "1-plan"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(vault.join("flow/2-build.md")).unwrap(),
        "# Phase\n\n---\nphase: 2\nname: \"Phase\"\nprevious_phase: \"[[1-plan]]\"\nnext_phase: \"[[3-ship]]\"\n---\n"
    );
    assert!(
        std::fs::read_to_string(vault.join("flow/1-plan.md"))
            .unwrap()
            .contains("next_phase: \"[[2-build]]\"")
    );
    assert!(
        std::fs::read_to_string(vault.join("flow/3-ship.md"))
            .unwrap()
            .contains("previous_phase: \"[[2-build]]\"")
    );
    let rules = rules_reported(dir.path());
    assert!(!rules.iter().any(|r| r.starts_with("phase-")), "{rules:?}");
}
