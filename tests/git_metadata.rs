//! Page metadata from git (#19): each page says when its note last
//! changed, read with a bounded number of git processes (not one per
//! note), and a vault outside git builds as before.

mod common;

use std::path::Path;

use assert_cmd::Command;

fn phasebook() -> Command {
    Command::cargo_bin("phasebook").expect("binary")
}

/// A vault of `notes` notes in `root/vault`, committed in three commits a
/// week apart: the first adds every note, the second changes `a`, the
/// third changes `b`.
fn repository(root: &Path, notes: usize) {
    let vault = root.join("vault");
    std::fs::create_dir_all(vault.join("guides")).unwrap();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    std::fs::write(vault.join("a.md"), "# A\n").unwrap();
    std::fs::write(vault.join("guides/b c.md"), "# B\n").unwrap();
    for i in 0..notes.saturating_sub(2) {
        std::fs::write(vault.join(format!("guides/n{i}.md")), format!("# N{i}\n")).unwrap();
    }
    common::git(root, &["init", "-q"], None);
    common::git(root, &["add", "-A"], None);
    common::git(
        root,
        &["commit", "-qm", "one"],
        Some("2026-11-01T10:00:00Z"),
    );
    std::fs::write(vault.join("a.md"), "# A\n\nMore.\n").unwrap();
    common::git(
        root,
        &["commit", "-qam", "two"],
        Some("2026-11-08T10:00:00Z"),
    );
    std::fs::write(vault.join("guides/b c.md"), "# B\n\nMore.\n").unwrap();
    common::git(
        root,
        &["commit", "-qam", "three"],
        Some("2026-11-15T10:00:00Z"),
    );
}

fn updated(site: &Path, page: &str) -> Option<String> {
    let html = std::fs::read_to_string(site.join(page)).expect(page);
    let start = html.find("<time datetime=\"")? + 16;
    Some(html[start..start + 10].to_string())
}

#[test]
fn each_page_says_when_its_note_last_changed() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path(), 4);
    phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let site = dir.path().join("site");
    assert_eq!(updated(&site, "a.html").as_deref(), Some("2026-11-08"));
    assert_eq!(
        updated(&site, "guides/b c.html").as_deref(),
        Some("2026-11-15")
    );
    assert_eq!(
        updated(&site, "guides/n0.html").as_deref(),
        Some("2026-11-01")
    );
    // A note git does not track yet has no date; the others keep theirs.
    std::fs::write(dir.path().join("vault/new.md"), "# New\n").unwrap();
    phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    assert_eq!(updated(&site, "new.html"), None);
    assert_eq!(updated(&site, "a.html").as_deref(), Some("2026-11-08"));
}

/// The git processes a build starts, counted by a `git` first on PATH
/// that logs its arguments and runs the real one.
fn git_runs(root: &Path) -> Vec<String> {
    let real = which_git();
    let bin = root.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = root.join("git.log");
    let script = bin.join("git");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            real
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let _ = std::fs::remove_file(&log);
    phasebook()
        .current_dir(root)
        .env("PATH", path)
        .arg("build")
        .assert()
        .success();
    std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn which_git() -> String {
    let out = std::process::Command::new("sh")
        .args(["-c", "command -v git"])
        .output()
        .expect("sh");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_build_runs_git_a_bounded_number_of_times_not_once_per_note() {
    let small = tempfile::tempdir().unwrap();
    repository(small.path(), 3);
    let large = tempfile::tempdir().unwrap();
    repository(large.path(), 60);
    let (few, many) = (git_runs(small.path()), git_runs(large.path()));
    assert!(!few.is_empty(), "git was not run at all");
    assert_eq!(few.len(), many.len(), "{few:#?}\n{many:#?}");
    assert!(many.len() <= 6, "{many:#?}");
    assert!(updated(&large.path().join("site"), "guides/n42.html").is_some());
}

#[test]
fn a_vault_outside_git_has_no_dates_and_builds_as_before() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path(), 3);
    phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let inside = dir.path().join("site");
    // The same vault copied out of the repository.
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.path().join("book.toml"),
        outside.path().join("book.toml"),
    )
    .unwrap();
    let vault = outside.path().join("vault/guides");
    std::fs::create_dir_all(&vault).unwrap();
    for note in ["a.md", "guides/b c.md", "guides/n0.md"] {
        std::fs::copy(
            dir.path().join("vault").join(note),
            outside.path().join("vault").join(note),
        )
        .unwrap();
    }
    phasebook()
        .current_dir(outside.path())
        .arg("build")
        .assert()
        .success();
    let site = outside.path().join("site");
    for page in ["a.html", "guides/b c.html", "guides/n0.html"] {
        assert_eq!(updated(&site, page), None, "{page}");
        let with = std::fs::read_to_string(inside.join(page)).unwrap();
        let without = std::fs::read_to_string(site.join(page)).unwrap();
        // The only difference is the date's footer.
        let footer = with.find("<footer class=\"note-footer\">").expect("footer");
        let end = with[footer..].find("</footer>").unwrap() + footer + "</footer>".len();
        assert_eq!(
            format!("{}{}", &with[..footer], &with[end..]).replace("\n\n", "\n"),
            without.replace("\n\n", "\n"),
            "{page}"
        );
    }
}

#[test]
fn the_edit_link_follows_mdbooks_template() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\nsrc = \"docs/vault\"\n\n[output.html]\nedit-url-template = \"https://example.com/o/r/edit/main/{path}\"\n",
            ),
            ("docs/vault/guides/set up.md", "# Set up\n"),
        ],
    );
    phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("site/guides/set up.html")).unwrap();
    assert!(
        html.contains(r#"<a href="https://example.com/o/r/edit/main/docs/vault/guides/set%20up.md" rel="noopener">Edit this page</a>"#),
        "{html}"
    );
}
