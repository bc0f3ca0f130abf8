//! `phasebook check` end to end, as users and CI run it.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `shared/seeds`, which CI places beside the checkout. The same checks run
/// unconditionally in `.ci/run`; here they are skipped when it is absent.
fn seeds() -> Option<PathBuf> {
    let dir = repo().join("../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("shared/seeds not found beside the checkout; seed tests skipped");
        None
    }
}

fn check_json(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = phasebook()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (json, out.status.code().unwrap())
}

use common::{phasebook, seed_like_vault};

#[test]
fn seeds_report_exactly_the_expected_findings() {
    let Some(seeds) = seeds() else { return };
    let (json, code) = check_json(&repo(), &["--vault", seeds.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(json["version"], 1);
    let diags = json["diagnostics"].as_array().unwrap();
    for seed in [
        "cdp/phases/05-release.md",
        "development/phases/05-release.md",
    ] {
        let source = std::fs::read_to_string(seeds.join(seed)).unwrap();
        let lines: Vec<&str> = source.lines().collect();
        let mine: Vec<&Value> = diags
            .iter()
            .filter(|d| d["path"].as_str().unwrap().ends_with(seed))
            .collect();
        let broken: Vec<&&Value> = mine.iter().filter(|d| d["rule"] == "broken-link").collect();
        assert_eq!(broken.len(), 17, "{seed}");
        let in_frontmatter = broken
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains("in frontmatter"))
            .count();
        assert_eq!(in_frontmatter, 6, "{seed}");
        for d in &broken {
            let line = lines[d["line"].as_u64().unwrap() as usize - 1];
            let col = d["column"].as_u64().unwrap() as usize - 1;
            let at: String = line.chars().skip(col).take(2).collect();
            assert_eq!(at, "[[", "{seed}: {d}");
        }
        let misplaced: Vec<&&Value> = mine
            .iter()
            .filter(|d| d["rule"] == "frontmatter-misplaced")
            .collect();
        assert_eq!(misplaced.len(), 1);
        assert_eq!(misplaced[0]["line"], 3);
        assert!(!mine.iter().any(|d| d["rule"] == "frontmatter-invalid"));
    }
}

#[test]
fn default_vault_checks_clean() {
    let out = phasebook()
        .current_dir(repo())
        .arg("check")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("error["), "{text}");
}

/// `--timings` (any command that runs the pipeline): a line per stage with
/// its seconds and share, then the total, once the command has ended; the
/// stages are those `PHASEBOOK_TIMING` marks.
#[test]
fn timings_flag_prints_each_stage_once_the_run_ends() {
    for command in [&["check"][..], &["build", "--out"]] {
        let out_dir = tempfile::tempdir().unwrap();
        let mut cmd = phasebook();
        cmd.current_dir(repo()).env_remove("PHASEBOOK_TIMING");
        cmd.args(command);
        if command.len() > 1 {
            cmd.arg(out_dir.path().join("site"));
        }
        let out = cmd.arg("--timings").output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let table: Vec<&str> = stderr
            .lines()
            .skip_while(|l| !l.starts_with("phasebook: timings ("))
            .collect();
        assert!(table.len() > 3, "{stderr}");
        // After the stages and the total, what the stages said.
        let (remarks, table): (Vec<&str>, Vec<&str>) = table.iter().partition(|l| {
            let l = l.trim_start();
            l.starts_with("note cache:") || l.starts_with("pages:")
        });
        let build = command[0] == "build";
        assert_eq!(remarks.len(), 1 + usize::from(build), "{stderr}");
        let stage = |line: &str| line.split_whitespace().next().unwrap_or("").to_string();
        let stages: Vec<String> = table[1..].iter().map(|l| stage(l)).collect();
        let at = |name: &str| stages.iter().position(|s| s == name);
        assert!(
            at("discovered") < at("parsed") && at("discovered").is_some(),
            "{stderr}"
        );
        assert_eq!(stages.last().map(String::as_str), Some("total"), "{stderr}");
        if build {
            assert!(stages.iter().any(|s| s == "pages"), "{stderr}");
        } else {
            assert!(stages.iter().any(|s| s == "linted"), "{stderr}");
        }
        assert!(!stderr.contains("timing: "), "{stderr}");
    }
    let quiet = phasebook()
        .current_dir(repo())
        .arg("check")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("timings"));
}

#[test]
fn timing_stages_are_printed_only_when_asked() {
    let run = |timing: bool| {
        let mut cmd = phasebook();
        cmd.current_dir(repo()).args(["check", "--format", "json"]);
        cmd.env_remove("PHASEBOOK_TIMING");
        if timing {
            cmd.env("PHASEBOOK_TIMING", "1");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let timed = run(true);
    let stages: Vec<&str> = timed
        .lines()
        .filter_map(|l| l.strip_prefix("timing: "))
        .filter_map(|l| l.split_once(" at ").map(|(stage, _)| stage))
        .collect();
    assert_eq!(
        stages,
        [
            "configured",
            "discovered",
            "parsed",
            "indexed",
            "resolved",
            "scoped",
            "linted",
            "reported"
        ],
        "{timed}"
    );
    assert!(!run(false).contains("timing:"));
}

#[test]
fn findings_on_a_very_long_line_show_the_same_snippet_and_true_column_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{} [[gone]] {}", "é".repeat(3000), "x".repeat(3000));
    // Thousands of findings on one line: the renderer went through the
    // whole line for each, and 40,000 took over 100 s.
    let many = "word [[nope]] ".repeat(3000);
    common::write_files(
        dir.path(),
        &[
            ("a.md", &format!("# A\n\n{long}\n")),
            ("b.md", &format!("# B\n\n{many}\n")),
        ],
    );
    for colour in ["never", "always"] {
        let out = phasebook()
            .current_dir(dir.path())
            .args(["check", "--vault", ".", "--color", colour])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        // The column in the whole line, not in the part given the renderer.
        assert!(text.contains("a.md:3:3002\n"), "{colour}: {text:.3000}");
        assert!(
            text.contains(&format!("b.md:3:{}\n", 14 * 2999 + 6)),
            "{colour}"
        );
        assert!(text.len() < 3001 * 500, "{colour}: every snippet is short");
    }
    let out = phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // As the renderer trims a whole line: a window around the caret.
    let snippet = format!(
        "3 | ...{} [[gone]] {}...\n  |{}^^^^^^^^\n",
        "é".repeat(60),
        "x".repeat(60),
        " ".repeat(65)
    );
    assert!(text.contains(&snippet), "{text:.3000}");
}

#[test]
fn human_output_is_rustc_style_without_colour_on_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    seed_like_vault(dir.path());
    let out = phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("seed_like_human", text);
    assert!(!text.contains('\x1b'));

    let colored = phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8(colored.stdout).unwrap().contains('\x1b'));
}

#[test]
fn json_output_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    seed_like_vault(dir.path());
    let (json, code) = check_json(dir.path(), &["--vault", "."]);
    assert_eq!(code, 1);
    insta::assert_json_snapshot!("seed_like_json", json);
}

#[test]
fn fix_moves_frontmatter_to_the_top_and_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    seed_like_vault(dir.path());
    let target = dir.path().join("ops/phases/03-rollout.md");
    let (before, _) = check_json(dir.path(), &["--vault", "."]);

    let out = phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--fix"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "broken links remain");
    // One problem per fixable finding, not per edit (a move is two edits).
    let fixable = before["summary"]["fixable"].as_u64().unwrap();
    assert!(fixable > 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("fixed {fixable} problem")),
        "{fixable} fixable: {stderr}"
    );
    let fixed = std::fs::read_to_string(&target).unwrap();
    assert!(fixed.starts_with("---\ntags: [ops, phase]\n"), "{fixed}");
    assert!(
        fixed.contains("---\n# Rollout Phase\n\n## Overview\n"),
        "{fixed}"
    );

    let (after, _) = check_json(dir.path(), &["--vault", "."]);
    let key = |json: &Value| -> Vec<(String, String, u64)> {
        let mut v: Vec<_> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] != "frontmatter-misplaced")
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                    d["column"].as_u64().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert!(
        !after["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "frontmatter-misplaced")
    );
    assert_eq!(key(&before), key(&after));
    assert!(!key(&after).is_empty());
}

#[test]
fn fix_on_a_copy_of_each_seed() {
    let Some(seeds) = seeds() else { return };
    for seed in [
        "cdp/phases/05-release.md",
        "development/phases/05-release.md",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("05-release.md");
        std::fs::copy(seeds.join(seed), &copy).unwrap();
        let original = std::fs::read_to_string(&copy).unwrap();
        let (before, _) = check_json(dir.path(), &["--vault", "."]);
        phasebook()
            .current_dir(dir.path())
            .args(["check", "--vault", ".", "--fix"])
            .output()
            .unwrap();
        let fixed = std::fs::read_to_string(&copy).unwrap();
        assert!(fixed.starts_with("---\ntags: ["));
        assert_eq!(
            fixed.len(),
            original.len() - 1,
            "one blank line fewer, nothing else"
        );
        let (after, _) = check_json(dir.path(), &["--vault", "."]);
        let rules = |j: &Value| -> Vec<(String, String)> {
            j["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["rule"] != "frontmatter-misplaced")
                .map(|d| (d["rule"].to_string(), d["message"].to_string()))
                .collect()
        };
        assert_eq!(rules(&before), rules(&after));
        let broken = rules(&after)
            .iter()
            .filter(|(r, _)| r == "\"broken-link\"")
            .count();
        assert_eq!(broken, 17);
        assert!(!after.to_string().contains("frontmatter-misplaced"));
    }
}

#[test]
fn files_argument_limits_the_report_not_the_index() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            ("a.md", "[[b]] [[missing-a]]\n"),
            ("sub/b.md", "[[a]] [[missing-b]]\n"),
        ],
    );
    let (json, code) = check_json(&dir.path().join("sub"), &["--vault", "..", "b.md"]);
    assert_eq!(code, 1);
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{json}");
    assert!(diags[0]["message"].as_str().unwrap().contains("missing-b"));
}

/// FILES may be folders (every note under one), a folder holding the vault
/// (all of it) or quoted globs; a FILES list that selects no note is said
/// on stderr instead of passing as a clean check.
#[test]
fn files_may_be_folders_or_globs_and_selecting_nothing_is_said() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            ("book.toml", "[book]\nsrc = \"vault\"\n"),
            ("vault/guides/g.md", "# G\n\n[[missing-g]]\n"),
            ("vault/guides/deep/d.md", "# D\n\n[[missing-d]]\n"),
            ("vault/other/o.md", "# O\n\n[[missing-o]]\n"),
        ],
    );
    let reported = |args: &[&str]| -> (Vec<String>, String) {
        let out = phasebook()
            .current_dir(dir.path())
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut paths: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        (paths, String::from_utf8(out.stderr).unwrap())
    };
    let guides = vec![
        "vault/guides/deep/d.md".to_string(),
        "vault/guides/g.md".to_string(),
    ];
    let all = vec![
        guides[0].clone(),
        guides[1].clone(),
        "vault/other/o.md".to_string(),
    ];
    assert_eq!(reported(&["vault/guides"]).0, guides);
    assert_eq!(reported(&["vault/guides/"]).0, guides);
    assert_eq!(reported(&["vault"]).0, all);
    assert_eq!(reported(&["."]).0, all, "a folder holding the vault");
    assert_eq!(reported(&["vault/**/*.md"]).0, all);
    assert_eq!(
        reported(&["vault/guides/*.md"]).0,
        vec!["vault/guides/g.md".to_string()],
        "`*` stops at a folder, as in a shell"
    );
    let (paths, stderr) = reported(&["vault/nothing*.md"]);
    assert!(paths.is_empty());
    assert!(stderr.contains("select no note in the vault"), "{stderr}");
    // A FILE that never existed is a typo: an error, exit 2, as ripgrep
    // and ruff have it (one that git's history has is a deletion: see
    // tests/precommit.rs). Inside the vault or outside it.
    for typo in ["vault/typo.md", "nosuch.md"] {
        let out = phasebook()
            .current_dir(dir.path())
            .args(["check", "--format", "json", typo])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{typo}");
        assert!(out.stdout.is_empty(), "{typo}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            stderr,
            format!("phasebook: error: {typo}: no such file or folder\n")
        );
    }
}

/// `--fix` on a note that starts with a byte order mark keeps the mark,
/// and columns on the first line are counted as an editor shows them.
#[test]
fn fix_keeps_a_byte_order_mark_and_columns_ignore_it() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[(
            "a.md",
            "\u{feff}# A [[nowhere]]\n---\ntags: x\n---\n\nText.\n",
        )],
    );
    let (json, _) = check_json(dir.path(), &["--vault", "."]);
    let broken = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "broken-link")
        .expect("broken link found");
    assert_eq!(
        (broken["line"].as_u64(), broken["column"].as_u64()),
        (Some(1), Some(5))
    );
    phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--fix"])
        .output()
        .unwrap();
    let fixed = std::fs::read(dir.path().join("a.md")).unwrap();
    assert!(
        fixed.starts_with(b"\xEF\xBB\xBF---\ntags: x\n---\n"),
        "{}",
        String::from_utf8_lossy(&fixed)
    );
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(dir.path(), &[("a.md", "# A\n\n- [] todo\n")]);
    let run = |args: &[&str]| {
        phasebook()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run(&["check", "--vault", "."]), Some(0), "warnings only");
    assert_eq!(
        run(&["check", "--vault", ".", "--deny", "warnings"]),
        Some(1)
    );
    assert_eq!(run(&["check", "--vault", "missing"]), Some(2));
    assert_eq!(run(&["check"]), Some(2), "no book.toml anywhere");
    assert_eq!(run(&["check", "--format", "yaml", "--vault", "."]), Some(2));
    assert_eq!(run(&["explain", "broken-links"]), Some(2));
    assert_eq!(run(&["explain", "broken-link"]), Some(0));
    assert_eq!(run(&["rules"]), Some(0));
}

#[test]
fn book_toml_is_found_from_a_subfolder_and_levels_apply() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\nsrc = \"notes\"\n[lint]\nignore = [\"drafts/**\"]\n[lint.rules]\nbroken-link = \"warn\"\n",
            ),
            ("notes/a.md", "[[nowhere]]\n"),
            ("notes/drafts/b.md", "[[also-nowhere]]\n"),
        ],
    );
    let (json, code) = check_json(&dir.path().join("notes/drafts"), &[]);
    assert_eq!(code, 0, "broken-link lowered to a warning");
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "drafts/ is ignored: {json}");
    assert_eq!(diags[0]["severity"], "warning");
    assert_eq!(
        diags[0]["path"], "../a.md",
        "relative to the working folder outside a repository"
    );
}

#[test]
fn rules_and_explain_document_every_rule() {
    let out = phasebook().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for name in phasebook::lint::rule_names() {
        assert!(text.contains(name), "{name}");
    }
    let out = phasebook()
        .args(["explain", "frontmatter-misplaced"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("## Example") && text.contains("## Fixed") && text.contains("fixable"));
}

#[test]
fn fix_writes_a_note_whose_name_is_stored_decomposed_in_place() {
    // `Café.md` with the `é` stored as `e` + a combining accent (NFD). The
    // vault knows it by its NFC name; writing to that name made a second
    // file and left the note unfixed.
    let dir = tempfile::tempdir().unwrap();
    let nfd = "Cafe\u{301}.md";
    std::fs::write(
        dir.path().join(nfd),
        "# Café\n\n---\ntags: [menu]\n---\nBody.\n",
    )
    .unwrap();
    let out = phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--fix"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The note cache (`.phasebook-cache`) aside.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".phasebook-cache")
        .collect();
    assert_eq!(names, [nfd]);
    let fixed = std::fs::read_to_string(dir.path().join(nfd)).unwrap();
    assert!(
        fixed.starts_with("---\ntags: [menu]\n---\n# Café\n"),
        "{fixed}"
    );
}

#[test]
fn a_cut_line_keeps_the_message_and_never_splits_a_character() {
    let dir = tempfile::tempdir().unwrap();
    // A link whose name reads like the cut line's header (the span starts
    // 1,024 bytes into the part the renderer gets: column 1025 there).
    let lookalike = format!("{} [[a.md:3:1025]] {}", "x".repeat(3000), "y".repeat(3000));
    // A finding longer than the part kept, in three-byte characters.
    let wide = format!(
        "{} [[x|{}]] {}",
        "x".repeat(3000),
        "漢".repeat(600),
        "y".repeat(3000)
    );
    common::write_files(
        dir.path(),
        &[
            ("a.md", &format!("# A\n\n{lookalike}\n")),
            ("b.md", &format!("# B\n\n{wide}\n")),
        ],
    );
    let out = phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--color", "never"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("`a.md:3:1025` names no note"), "{text:.2000}");
    assert!(text.contains(" --> a.md:3:3002\n"), "{text:.2000}");
    assert!(text.contains(" --> b.md:3:3002\n"), "{text:.2000}");
}

/// CLI conventions (#22): `--output-format` is ruff's name for `--format`;
/// `--config DIR` reads DIR/book.toml; a did-you-mean keeps no typo as the
/// link's text.
#[test]
fn cli_conventions_of_ruff_and_mdbook() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            ("book/book.toml", "[book]\nsrc = \"notes\"\n"),
            ("book/notes/a.md", "# A\n\n[[Chalie]]\n"),
            ("book/notes/Charlie.md", "# Charlie\n"),
        ],
    );
    let out = phasebook()
        .current_dir(dir.path())
        .args(["check", "--config", "book", "--output-format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let help = json["diagnostics"][0]["help"].as_str().unwrap();
    assert_eq!(help, "did you mean `Charlie.md`? write `[[Charlie]]`");
}

/// `rules` shows the levels the configuration sets (#22), a changed one
/// with its default; without a book.toml, the defaults.
#[test]
fn rules_show_the_configured_levels() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            (
                "book/book.toml",
                "[lint.rules]\nempty-note = \"off\"\nimage-alt = \"error\"\n",
            ),
            ("book/vault/a.md", "# A\n"),
        ],
    );
    let list = |cwd: &std::path::Path, args: &[&str]| {
        let out = phasebook().current_dir(cwd).args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let line = |text: &str, rule: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{rule} ")))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let configured = list(&dir.path().join("book"), &["rules"]);
    assert!(
        line(&configured, "empty-note").starts_with("empty-note off "),
        "{configured}"
    );
    assert!(
        line(&configured, "empty-note").ends_with("[default: warn]"),
        "{configured}"
    );
    assert!(
        line(&configured, "image-alt").starts_with("image-alt error "),
        "{configured}"
    );
    assert!(
        line(&configured, "broken-link").starts_with("broken-link error "),
        "{configured}"
    );
    assert!(
        !line(&configured, "broken-link").contains("default:"),
        "{configured}"
    );
    // The same through --config from elsewhere; defaults with no book.toml.
    assert_eq!(list(dir.path(), &["rules", "--config", "book"]), configured);
    let defaults = list(dir.path(), &["rules"]);
    assert!(
        line(&defaults, "empty-note").starts_with("empty-note warn "),
        "{defaults}"
    );
}

/// `check FILE` says how many notes it reported on, not how many it read
/// to resolve their links; the JSON document keeps the vault's count, as
/// docs/json-output.md says.
#[test]
fn the_summary_counts_the_notes_given() {
    let fixture = common::fixture(&[
        ("a.md", "# A\n\n[[b]]\n"),
        ("b.md", "# B\n"),
        ("c.md", "# C\n\n[[nowhere]]\n"),
    ]);
    let run = |args: &[&str]| {
        let out = phasebook()
            .current_dir(fixture.root())
            .args(["check", "--vault", "."])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    };
    assert!(
        run(&["a.md"]).contains("no problems in 1 note\n"),
        "{}",
        run(&["a.md"])
    );
    let two = run(&["a.md", "c.md"]);
    assert!(
        two.contains("1 error, 0 warnings in 1 file (2 notes checked)"),
        "{two}"
    );
    assert!(run(&[]).contains("(3 notes checked)"));
    let out = phasebook()
        .current_dir(fixture.root())
        .args(["check", "--vault", ".", "a.md", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["notes"], 3);
}
