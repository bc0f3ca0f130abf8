//! Bad input never crashes: each case gets a clear diagnostic or error, and
//! the rest of the vault is still checked.

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn check(dir: &Path) -> (Vec<Value>, i32, String) {
    let out = Command::cargo_bin("phasebook")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--vault", ".", "--format", "json"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (
        json["diagnostics"].as_array().unwrap().clone(),
        out.status.code().unwrap(),
        stderr,
    )
}

fn rules_for<'a>(diags: &'a [Value], path: &str) -> Vec<&'a str> {
    diags
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

/// Every case also holds a good note with a broken link, which must still
/// be reported.
fn vault_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(dir.path(), &[("good.md", "# Good\n\n[[nowhere]]\n")]);
    common::write_files(dir.path(), files);
    dir
}

fn still_checks_the_rest(diags: &[Value]) {
    assert_eq!(rules_for(diags, "good.md"), vec!["broken-link"]);
}

#[test]
fn a_file_that_is_not_utf8() {
    let dir = vault_with(&[("latin.md", "latin1:# Caf\u{e9}\n\nok [[good]]\n")]);
    let (diags, code, _) = check(dir.path());
    assert_eq!(code, 1);
    let d = diags.iter().find(|d| d["path"] == "latin.md").unwrap();
    assert_eq!(d["rule"], "unreadable-file");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(6))
    );
    assert!(d["message"].as_str().unwrap().contains("UTF-8"));
    still_checks_the_rest(&diags);
}

#[test]
fn an_empty_file() {
    let dir = vault_with(&[("empty.md", "")]);
    let (diags, _, _) = check(dir.path());
    assert_eq!(rules_for(&diags, "empty.md"), vec!["empty-note"]);
    still_checks_the_rest(&diags);
}

#[test]
fn an_unterminated_frontmatter_block() {
    let dir = vault_with(&[(
        "open.md",
        "---\nphase: 05\nname: x\n\n# Title\n\nBody [[good]] [[nowhere-open]]\n",
    )]);
    let (diags, _, _) = check(dir.path());
    let d = diags.iter().find(|d| d["path"] == "open.md").unwrap();
    assert_eq!(d["rule"], "frontmatter-invalid");
    assert_eq!(d["line"], 1);
    assert!(d["message"].as_str().unwrap().contains("never closed"));
    // The rest of the note is still Markdown, and still checked.
    assert_eq!(
        rules_for(&diags, "open.md"),
        vec!["frontmatter-invalid", "broken-link"]
    );
    still_checks_the_rest(&diags);
}

#[test]
fn invalid_yaml_is_reported_at_its_line_and_column() {
    let dir = vault_with(&[(
        "bad.md",
        "# T\n\n---\nname: ok\ntags: [a, b\nphase: 1\n---\n",
    )]);
    let (diags, _, _) = check(dir.path());
    let d = diags.iter().find(|d| d["path"] == "bad.md").unwrap();
    assert_eq!(d["rule"], "frontmatter-invalid");
    assert!(d["line"].as_u64().unwrap() >= 5, "{d}");
    assert!(d["message"].as_str().unwrap().starts_with("YAML:"), "{d}");
}

#[test]
fn a_yaml_bomb() {
    let mut yaml = String::from(
        "---\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let mut prev = 'a';
    for name in 'b'..='i' {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    yaml.push_str("---\n# Bomb\n");
    let dir = vault_with(&[("bomb.md", &yaml)]);
    let (diags, _, _) = check(dir.path());
    let d = diags.iter().find(|d| d["path"] == "bomb.md").unwrap();
    assert_eq!(d["rule"], "frontmatter-invalid");
    assert!(d["message"].as_str().unwrap().contains("too many"), "{d}");
    still_checks_the_rest(&diags);
}

#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = vault_with(&[("locked.md", "# Locked\n")]);
    // A dangling symlink cannot be read by anyone, root included.
    std::os::unix::fs::symlink(dir.path().join("gone.md"), dir.path().join("dangling.md")).unwrap();
    let locked = dir.path().join("locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_can_read = std::fs::read(&locked).is_ok();
    let (diags, code, _) = check(dir.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(code, 1);
    assert_eq!(rules_for(&diags, "dangling.md"), vec!["unreadable-file"]);
    if !root_can_read {
        assert_eq!(rules_for(&diags, "locked.md"), vec!["unreadable-file"]);
    }
    still_checks_the_rest(&diags);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop() {
    let dir = vault_with(&[("sub/note.md", "# Note\n")]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let (diags, _, _) = check(dir.path());
    let d = diags.iter().find(|d| d["path"] == "sub/loop").unwrap();
    assert_eq!(d["rule"], "unreadable-file");
    assert!(d["message"].as_str().unwrap().contains("symlink loop"));
    still_checks_the_rest(&diags);
}

#[test]
fn an_unknown_key_in_book_toml() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\nsrc = \".\"\n[site]\nbase-url = \"/\"\ntheme = \"dark\"\n",
            ),
            ("a.md", "# A\n"),
        ],
    );
    let out = Command::cargo_bin("phasebook")
        .unwrap()
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("theme") && err.contains("book.toml:5:1: unknown field"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line, no snippet: {err}");
    assert!(err.starts_with("phasebook: error"), "{err}");
}

#[test]
fn hostile_markdown_does_not_panic() {
    let nested = format!("{}x{}", "[".repeat(5000), "]".repeat(5000));
    let deep_list = (0..300)
        .map(|i| format!("{}- [ ] item\n", "  ".repeat(i)))
        .collect::<String>();
    let dir = vault_with(&[
        ("nested.md", &nested),
        ("deep.md", &deep_list),
        (
            "weird.md",
            "[[]] [[|]] [[#]] [[^]] ![[]] [[\u{0}]] [x](%ZZ) [y](%C3) [[a#^]]\n\u{feff}\r\n---\r\n",
        ),
        (
            "crlf.md",
            "---\r\ntags: [a]\r\n---\r\n# T\r\n\r\n- [] x\r\n[[nowhere-crlf]]\r\n",
        ),
    ]);
    let (diags, _, _) = check(dir.path());
    assert!(rules_for(&diags, "crlf.md").contains(&"task-malformed"));
    assert!(rules_for(&diags, "crlf.md").contains(&"broken-link"));
    still_checks_the_rest(&diags);
}

#[test]
fn a_vault_in_the_default_build_folder_is_still_checked_and_never_built_over() {
    // `phasebook check --vault site`: without a book.toml the build folder
    // is `./site`, here the vault itself. Leaving the build folder out of
    // the vault left no notes, and check passed on nothing.
    let dir = tempfile::tempdir().unwrap();
    common::write_files(dir.path(), &[("site/a.md", "# A\n\n[[nope]]\n")]);
    let out = common::phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", "site", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["notes"], 1, "{json}");
    assert_eq!(out.status.code(), Some(1));
    // And build refuses to replace it.
    let build = common::phasebook()
        .current_dir(dir.path())
        .args(["build", "--vault", "site"])
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        stderr.contains("build folder site: is the vault folder"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site/a.md")).unwrap(),
        "# A\n\n[[nope]]\n"
    );
}

#[test]
fn a_vault_that_is_a_file_is_named_as_not_a_folder() {
    let dir = vault_with(&[]);
    let out = common::phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", "good.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("good.md is not a folder"), "{stderr}");
}

#[test]
fn temporary_files_of_an_interrupted_fix_are_named_and_removed_by_the_next_fix() {
    let dir = vault_with(&[("a.md", "# A\n\n- [] task\n")]);
    let stale = dir.path().join(".phasebook-Ab12Cd");
    std::fs::write(&stale, "# A\n\nnote text a killed --fix was writing\n").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    // A fresh one may be another --fix at work: left alone.
    let fresh = dir.path().join(".phasebook-Zz98Yy");
    std::fs::write(&fresh, "in flight").unwrap();
    let (_, _, stderr) = check(dir.path());
    assert!(
        stderr.contains("1 temporary file of an interrupted --fix remains")
            && stderr.contains(".phasebook-Ab12Cd"),
        "{stderr}"
    );
    assert!(stale.exists(), "a plain check changes nothing");
    let out = Command::cargo_bin("phasebook")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--fix"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("removed .phasebook-Ab12Cd"), "{stderr}");
    assert!(!stale.exists());
    assert!(fresh.exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "# A\n\n- [ ] task\n"
    );
}

#[test]
fn lone_carriage_returns_end_lines_so_the_frontmatter_is_read_and_fix_keeps_them() {
    let note = "---\rpublish: false\rtags: [x]\r---\r# Cr\r\r- [] task\r";
    let dir = vault_with(&[("cr.md", note), ("index.md", "# Home\n\n[[cr]]\n")]);
    let (diags, _, _) = check(dir.path());
    let cr: Vec<&Value> = diags.iter().filter(|d| d["path"] == "cr.md").collect();
    assert_eq!(cr.len(), 1, "{diags:?}");
    assert_eq!(cr[0]["rule"], "task-malformed");
    assert_eq!(cr[0]["line"], 7);
    // Read, the frontmatter keeps the note off the site.
    assert!(
        rules_for(&diags, "index.md").contains(&"link-to-unpublished"),
        "{diags:?}"
    );
    Command::cargo_bin("phasebook")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--fix"])
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("cr.md")).unwrap(),
        "---\rpublish: false\rtags: [x]\r---\r# Cr\r\r- [ ] task\r"
    );
}

#[test]
fn a_note_fix_will_not_write_is_not_counted_as_fixable() {
    // Latin-1: not UTF-8, so --fix leaves it alone.
    let dir = vault_with(&[
        ("latin.md", "latin1:# Caf\u{e9}\n\n- [] task\n"),
        ("ok.md", "# Ok\n\n- [] task\n"),
    ]);
    let out = Command::cargo_bin("phasebook")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--vault", ".", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["fixable"], 1, "{json}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_left_out_and_said() {
    use std::os::unix::ffi::OsStrExt;
    let dir = vault_with(&[("a.md", "# A\n")]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(dir.path().join(name), "# Cafe\n\nMKLATINNAME\n").unwrap();
    let (diags, _, _) = check(dir.path());
    let unreadable: Vec<&Value> = diags
        .iter()
        .filter(|d| d["rule"] == "unreadable-file")
        .collect();
    assert_eq!(unreadable.len(), 1, "{diags:?}");
    assert!(
        unreadable[0]["message"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8"),
        "{diags:?}"
    );
    let site = dir.path().join("out");
    Command::cargo_bin("phasebook")
        .unwrap()
        .current_dir(dir.path())
        .args(["build", "--vault", ".", "--out"])
        .arg(&site)
        .assert()
        .success();
    for entry in walkdir::WalkDir::new(&site).into_iter().flatten() {
        if entry.file_type().is_file() {
            let text = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&text).contains("MKLATINNAME"),
                "{}",
                entry.path().display()
            );
        }
    }
}
