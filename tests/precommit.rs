//! `check FILES…` as pre-commit runs it: deleted and renamed-away FILES
//! bring in the links they break in notes the change did not touch.

mod common;

use std::path::Path;

use common::phasebook;
use serde_json::Value;

fn check(dir: &Path, files: &[&str]) -> (Vec<Value>, i32) {
    let out = phasebook()
        .current_dir(dir)
        .args(["check", "--vault", ".", "--format", "json"])
        .args(files)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        json["diagnostics"].as_array().unwrap().clone(),
        out.status.code().unwrap(),
    )
}

fn vault(dir: &Path) {
    common::write_files(
        dir,
        &[
            ("guides/runbook.md", "# Runbook\n"),
            (
                "a.md",
                "# A\n\nSee [[runbook]], [[Runbook#Steps|the steps]] and [it](guides/runbook.md).\n",
            ),
            ("b.md", "# B\n\n[[runbook]] and [[already-missing]]\n"),
            ("c.md", "# C\n"),
        ],
    );
}

/// The vault, committed: a FILE that no longer exists is a deletion
/// because a commit had it (one that never existed is a typo, exit 2).
fn committed_vault(dir: &Path) {
    vault(dir);
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "vault"]);
}

#[test]
fn renaming_a_linked_note_reports_the_links_it_breaks_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    committed_vault(dir.path());
    std::fs::rename(
        dir.path().join("guides/runbook.md"),
        dir.path().join("guides/on-call.md"),
    )
    .unwrap();
    let (diags, code) = check(dir.path(), &["guides/runbook.md", "guides/on-call.md"]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a.md", "broken-link"),
            ("a.md", "broken-link"),
            ("a.md", "broken-markdown-link"),
            ("b.md", "broken-link"),
        ],
        "not b.md's older [[already-missing]]: {diags:?}"
    );
    for d in &diags {
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .ends_with("(it pointed to `guides/runbook.md`)"),
            "{d}"
        );
        assert!(
            d["help"]
                .as_str()
                .unwrap()
                .starts_with("`guides/runbook.md` is deleted or renamed in this change"),
            "{d}"
        );
    }
}

#[test]
fn without_a_deleted_file_only_the_files_given_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    committed_vault(dir.path());
    let (diags, code) = check(dir.path(), &["c.md"]);
    assert_eq!((diags.len(), code), (0, 0), "{diags:?}");

    // A deleted note nobody links to breaks nothing.
    std::fs::remove_file(dir.path().join("c.md")).unwrap();
    let (diags, code) = check(dir.path(), &["c.md"]);
    assert_eq!((diags.len(), code), (0, 0), "{diags:?}");

    // Deleting the runbook breaks a.md and b.md.
    std::fs::remove_file(dir.path().join("guides/runbook.md")).unwrap();
    let (diags, _) = check(dir.path(), &["guides/runbook.md"]);
    assert_eq!(diags.len(), 4, "{diags:?}");

    // A FILE no commit had is a typo: exit 2, nothing reported.
    let out = phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "guides/runbok.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("guides/runbok.md: no such file or folder")
    );
}

/// Run git in `dir` (see `common::git`).
fn git(dir: &Path, args: &[&str]) {
    common::git(dir, args, None);
}

#[test]
fn staged_finds_deletions_and_renames_in_the_git_index() {
    let dir = tempfile::tempdir().unwrap();
    vault(dir.path());
    common::write_files(dir.path(), &[("src/tool.txt", "not in the vault\n")]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "init"]);

    // Nothing staged: nothing reported, though b.md has an old broken link.
    let (diags, code) = check(dir.path(), &["--staged"]);
    assert_eq!((diags.len(), code), (0, 0), "{diags:?}");

    // A rename: pre-commit passes only the new name.
    git(
        dir.path(),
        &["mv", "guides/runbook.md", "guides/on-call.md"],
    );
    git(dir.path(), &["rm", "-q", "src/tool.txt"]);
    let out = phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--staged", "guides/on-call.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.matches("(it pointed to `guides/runbook.md`)").count(),
        4,
        "{text}"
    );
    assert!(
        text.contains("--> a.md:3:5") && text.contains("--> b.md:3:1"),
        "{text}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        !err.contains("tool.txt"),
        "deletions outside the vault are not mentioned: {err}"
    );

    // Outside a repository `--staged` is a one-line usage error.
    let plain = tempfile::tempdir().unwrap();
    vault(plain.path());
    let out = phasebook()
        .current_dir(plain.path())
        .env("GIT_CEILING_DIRECTORIES", plain.path().parent().unwrap())
        .args(["check", "--vault", ".", "--staged"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
}

/// A vault where most rules find something: the seeds' two phase documents
/// (whose chain links and gates each other's findings depend on), and
/// notes with broken links and headings, a malformed task, invalid
/// frontmatter, an ambiguous link, an image without alt text, an empty note
/// and a suppression that suppresses nothing.
fn busy_vault(dir: &Path) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    for entry in walkdir::WalkDir::new(&seeds).into_iter().flatten() {
        if entry.file_type().is_file() {
            let to = dir.join(entry.path().strip_prefix(&seeds).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
    common::write_files(
        dir,
        &[
            (
                "a.md",
                "# A\n\n[[nowhere]] [[b#No such heading]] [[dup]]\n\n- [] task\n",
            ),
            ("b.md", "---\ntitle: [unclosed\n---\n# B\n\n![](pic.png)\n"),
            ("one/dup.md", "# Dup\n"),
            ("two/dup.md", "# Dup\n"),
            ("empty.md", ""),
            (
                "quiet.md",
                "# Q\n\n<!-- phasebook-ignore broken-link -->\nFine.\n",
            ),
            ("pic.png", "png"),
            // Publication: links to notes the site leaves out, and
            // attachments linked from published notes and from a private
            // one only (which a check of a few notes never resolves).
            (
                "c.md",
                "# C\n\n[[private]] [[draft]] ![[shown.png]] [[only-private.png]]\n",
            ),
            (
                "private.md",
                "---\npublish: false\n---\n# P\n\n![[only-private.png]] [[c]]\n",
            ),
            ("draft.md", "---\ndraft: true\n---\n# D\n"),
            ("shown.png", "png"),
            ("only-private.png", "png"),
        ],
    );
}

#[test]
fn files_given_get_exactly_the_findings_a_full_check_has_for_them() {
    let dir = tempfile::tempdir().unwrap();
    busy_vault(dir.path());
    let (all, _) = check(dir.path(), &[]);
    let rules: std::collections::BTreeSet<&str> =
        all.iter().filter_map(|d| d["rule"].as_str()).collect();
    assert!(rules.len() >= 8, "too few rules fire to compare: {rules:?}");
    assert!(rules.contains("link-to-unpublished"), "{rules:?}");
    let paths: std::collections::BTreeSet<String> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir.path()).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .collect();
    let mut picks: Vec<Vec<String>> = paths.iter().map(|p| vec![p.clone()]).collect();
    picks.push(paths.iter().take(3).cloned().collect());
    for pick in picks {
        let given: Vec<&str> = pick.iter().map(String::as_str).collect();
        let (some, _) = check(dir.path(), &given);
        let want: Vec<&Value> = all
            .iter()
            .filter(|d| given.iter().any(|p| d["path"].as_str() == Some(p)))
            .collect();
        assert_eq!(some.iter().collect::<Vec<_>>(), want, "{given:?}");
    }
}
