//! `check --write-baseline` / `--baseline`: only new findings fail.

mod common;

use std::path::Path;

use common::phasebook;
use serde_json::Value;

fn check(dir: &Path, args: &[&str]) -> (Vec<Value>, i32) {
    let out = phasebook()
        .current_dir(dir)
        .args(["check", "--vault", "vault", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let diags = json["diagnostics"].as_array().unwrap().clone();
    (diags, out.status.code().unwrap())
}

const A: &str = "# A\n\nSee [[gone]] and [[gone]].\n\n- [] todo\n";

fn vault(dir: &Path) {
    common::write_files(
        dir,
        &[
            ("vault/a.md", A),
            ("vault/b.md", "# B\n\n[[missing|Missing]]\n"),
        ],
    );
}

fn write_baseline(dir: &Path) -> Value {
    let (diags, code) = check(dir, &["--write-baseline", "baseline.json"]);
    assert_eq!(code, 0, "recording a baseline accepts today's findings");
    assert_eq!(diags.len(), 4, "and still reports them");
    let text = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A vault with its baseline recorded.
fn baselined() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    vault(dir.path());
    write_baseline(dir.path());
    dir
}

#[test]
fn a_baseline_written_today_makes_the_same_check_pass() {
    let dir = tempfile::tempdir().unwrap();
    vault(dir.path());
    let baseline = write_baseline(dir.path());
    assert_eq!(baseline["version"], 1);
    let entries = baseline["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[0]["rule"], "broken-link");
    assert_eq!(entries[0]["path"], "vault/a.md");
    assert_ne!(
        entries[0]["fingerprint"], entries[1]["fingerprint"],
        "two identical links on one line are two findings"
    );

    let (diags, code) = check(dir.path(), &[]);
    assert_eq!((diags.len(), code), (4, 1), "without the baseline");
    let (diags, code) = check(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!((diags.len(), code), (0, 0), "{diags:?}");
}

#[test]
fn a_new_broken_link_is_the_only_finding_reported() {
    let dir = baselined();
    common::write_files(
        dir.path(),
        &[(
            "vault/b.md",
            "# B\n\n[[missing|Missing]]\n\nAlso [[new-gone]].\n",
        )],
    );
    let (diags, code) = check(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0]["message"].as_str().unwrap().contains("new-gone"));

    // A copy of an already recorded line is new, too: its findings are the
    // third and fourth of their kind in the file.
    common::write_files(
        dir.path(),
        &[("vault/a.md", &format!("{A}\nSee [[gone]] and [[gone]].\n"))],
    );
    let (diags, _) = check(dir.path(), &["--baseline", "baseline.json"]);
    let lines: Vec<(&str, u64)> = diags
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        lines,
        vec![("vault/a.md", 7), ("vault/a.md", 7), ("vault/b.md", 5)]
    );
}

#[test]
fn lines_inserted_above_an_old_finding_do_not_make_it_new() {
    let dir = baselined();
    common::write_files(
        dir.path(),
        &[(
            "vault/a.md",
            &format!("# A\n\nA new paragraph.\n\nAnd another.\n{}", &A[4..]),
        )],
    );
    let (all, _) = check(dir.path(), &[]);
    assert_eq!(all[0]["line"], 7, "the finding moved down");
    let (diags, code) = check(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!((diags.len(), code), (0, 0), "{diags:?}");
}

#[test]
fn a_missing_or_foreign_baseline_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    vault(dir.path());
    std::fs::write(dir.path().join("other.json"), "{\"version\": 1}").unwrap();
    for file in ["nowhere.json", "other.json"] {
        let out = phasebook()
            .current_dir(dir.path())
            .args(["check", "--vault", "vault", "--baseline", file])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(file), "{err}");
    }
}
