//! Rename-aware broken links: when a link's target is gone and git shows
//! the file renamed (staged, in the working tree, or in recent commits) to
//! a file the vault has, `check` names the new path and `--fix` rewrites
//! the link to it; outside git nothing of this happens.

mod common;

use std::path::Path;

use common::phasebook;

fn git(dir: &Path, args: &[&str]) {
    common::git(dir, args, None);
}

const LINKING: &str = "---\nrelated: \"[[old-name]]\"\n---\n# A\n\n\
See [[old-name]], [[old-name#Steps|the steps]] and [[guides/old-name]].\n\n\
![[old-name#Steps]]\n";

/// The vault, committed: `guides/old-name.md` and a note linking to it in
/// every way a wikilink can (frontmatter, heading and display text, a
/// path, an embed).
fn committed_vault(dir: &Path) {
    common::write_files(
        dir,
        &[
            ("guides/old-name.md", "# Old name\n\n## Steps\n\n1. one\n"),
            ("a.md", LINKING),
            ("b.md", "# B\n\n[[never-existed]]\n"),
        ],
    );
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "vault"]);
}

/// `check` in `dir` with ARGS: (stdout, stderr, exit code).
fn check(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = phasebook()
        .current_dir(dir)
        .args(["check", "--vault", ".", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

const FIXED: &str = "---\nrelated: \"[[new-name]]\"\n---\n# A\n\n\
See [[new-name]], [[new-name#Steps|the steps]] and [[new-name]].\n\n\
![[new-name#Steps]]\n";

/// `--fix` rewrites every link to the renamed file and nothing else, and a
/// second check finds only the link that was never a rename.
fn fix_and_recheck(dir: &Path) {
    let (_, stderr, _) = check(dir, &["--fix"]);
    assert!(stderr.contains("fixed 5 problems in 1 file"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), FIXED);
    let (stdout, _, code) = check(dir, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let left: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        left,
        [("b.md", "`never-existed` names no note or file in the vault")]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_committed_rename_is_named_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    committed_vault(dir);
    git(dir, &["mv", "guides/old-name.md", "guides/new-name.md"]);
    git(dir, &["commit", "-qm", "rename"]);
    common::write_files(dir, &[("c.md", "# C\n")]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "later"]);
    let (stdout, _, code) = check(dir, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("committed_rename_human", stdout);
    assert_eq!(
        stdout
            .matches("help: renamed to `guides/new-name.md` in HEAD~1: write `")
            .count(),
        5,
        "{stdout}"
    );
    assert!(stdout.contains("5 fixable with `--fix`"), "{stdout}");
    fix_and_recheck(dir);
}

#[test]
fn a_staged_rename_is_named_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    committed_vault(dir);
    git(dir, &["mv", "guides/old-name.md", "guides/new-name.md"]);
    let (stdout, _, _) = check(dir, &[]);
    assert_eq!(
        stdout
            .matches(
                "help: renamed to `guides/new-name.md` in the staged changes: write `[[new-name"
            )
            .count(),
        4,
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "help: renamed to `guides/new-name.md` in the staged changes: write `![[new-name#Steps]]`"
        ),
        "{stdout}"
    );
    fix_and_recheck(dir);
}

#[test]
fn a_rename_in_the_working_tree_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    committed_vault(dir);
    std::fs::rename(
        dir.join("guides/old-name.md"),
        dir.join("guides/new-name.md"),
    )
    .unwrap();
    git(dir, &["add", "guides/new-name.md"]);
    let (stdout, _, _) = check(dir, &[]);
    assert!(
        stdout.contains(
            "help: renamed to `guides/new-name.md` in the working tree: write `[[new-name]]`"
        ),
        "{stdout}"
    );
}

#[test]
fn the_new_name_is_written_as_obsidian_resolves_it() {
    // Two files now named `new-name`: the link takes the path.
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    committed_vault(dir);
    common::write_files(dir, &[("other/new-name.md", "# Another\n")]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "another"]);
    git(dir, &["mv", "guides/old-name.md", "guides/new-name.md"]);
    let (stdout, _, _) = check(dir, &[]);
    assert!(
        stdout.contains("write `[[guides/new-name#Steps|the steps]]`"),
        "{stdout}"
    );
}

#[test]
fn a_rename_chain_ends_where_the_file_is_and_a_deleted_target_is_no_rename() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    committed_vault(dir);
    git(dir, &["mv", "guides/old-name.md", "guides/middle.md"]);
    git(dir, &["commit", "-qm", "first rename"]);
    git(dir, &["mv", "guides/middle.md", "guides/new-name.md"]);
    git(dir, &["commit", "-qm", "second rename"]);
    let (stdout, _, _) = check(dir, &[]);
    assert!(
        stdout.contains("help: renamed to `guides/new-name.md` in HEAD~1: write `[[new-name]]`"),
        "{stdout}"
    );
    git(dir, &["rm", "-q", "guides/new-name.md"]);
    git(dir, &["commit", "-qm", "gone"]);
    let (stdout, _, _) = check(dir, &[]);
    assert!(!stdout.contains("renamed to"), "{stdout}");
    assert!(!stdout.contains("fixable"), "{stdout}");
}

#[test]
fn outside_git_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    common::write_files(
        dir,
        &[
            ("guides/new-name.md", "# Old name\n\n## Steps\n"),
            ("a.md", LINKING),
        ],
    );
    let (stdout, _, code) = check(dir, &[]);
    assert_eq!(code, 1);
    assert!(!stdout.contains("renamed to"), "{stdout}");
    assert!(!stdout.contains("fixable"), "{stdout}");
    let (_, stderr, _) = check(dir, &["--fix"]);
    assert!(!stderr.contains("fixed"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), LINKING);
}
