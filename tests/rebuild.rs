//! A rebuild with nothing changed (#20 point 3): it reads no note and
//! writes nothing, and is never trusted when anything it follows from
//! changed, or when its stamp or the site was tampered with.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::Duration;

use common::phasebook;

/// Inputs changed less than two seconds before a build are not trusted to
/// show a change in their times: wait that long before a build whose stamp
/// a test relies on.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

/// A project folder: `book.toml` and a three-note vault.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Rebuilds\"\nsrc = \"vault\"\n",
    )
    .unwrap();
    common::write_files(
        &dir.path().join("vault"),
        &[
            ("index.md", "# Home\n\nSee [[a]] and [[b]].\n"),
            ("a.md", "# A\n\nFirst words. [[missing]]\n"),
            ("guides/b.md", "# B\n\nBack to [[index]].\n"),
        ],
    );
    dir
}

/// Run `phasebook build` in `dir`; its stdout.
fn build(dir: &Path) -> String {
    build_said(dir).0
}

/// Run `phasebook build` in `dir`; its stdout and stderr.
fn build_said(dir: &Path) -> (String, String) {
    let out = phasebook().current_dir(dir).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (text(&out.stdout), text(&out.stderr))
}

/// Every file of the site with its inode and modification time: what a
/// build that writes nothing leaves exactly as it was.
fn files(site: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let path = e.path().strip_prefix(site).unwrap().display().to_string();
            (path, (meta.ino(), meta.mtime(), meta.mtime_nsec()))
        })
        .collect()
}

fn nothing_changed(stdout: &str) -> bool {
    stdout.contains("phasebook: nothing changed:")
}

#[test]
fn an_unchanged_vault_is_not_built_again_and_nothing_is_written() {
    let dir = project();
    let site = dir.path().join("site");
    settle();
    let first = build(dir.path());
    assert!(first.contains("phasebook: built "), "{first}");
    let before = files(&site);
    let (again, stderr) = build_said(dir.path());
    assert!(nothing_changed(&again), "{again}");
    // What the build said is said again: the publication line, the counts,
    // the check's summary and where to read its findings.
    assert!(again.contains("phasebook: published 3 notes"), "{again}");
    assert!(again.contains("with 1 broken link,"), "{again}");
    assert!(stderr.contains("1 error"), "{stderr}");
    assert!(
        stderr.contains("run `phasebook check` for the details"),
        "{stderr}"
    );
    assert_eq!(files(&site), before, "a file was written");
    // The stamp is published with the site: counts, no name or path.
    let stamp = std::fs::read_to_string(site.join(".phasebook-inputs")).unwrap();
    for private in ["missing", ".md", "vault", &dir.path().display().to_string()] {
        assert!(!stamp.contains(private), "{private} in {stamp}");
    }

    // An edited note: built, and the page says the new words.
    std::fs::write(dir.path().join("vault/a.md"), "# A\n\nSecond words.\n").unwrap();
    let edited = build(dir.path());
    assert!(!nothing_changed(&edited), "{edited}");
    let page = std::fs::read_to_string(site.join("a.html")).unwrap();
    assert!(page.contains("Second words."), "{page}");
    // Built right after the edit, the site has no stamp to trust yet.
    assert!(!site.join(".phasebook-inputs").exists());
    assert!(!nothing_changed(&build(dir.path())));
}

/// A change to a project folder.
type Change = Box<dyn Fn(&Path)>;

#[test]
fn each_input_of_the_site_counts() {
    let dir = project();
    let site = dir.path().join("site");
    // A new note, a new attachment, a changed book.toml, a theme file, a
    // deleted note: each one means a full build.
    let changes: Vec<(&str, Change)> = vec![
        (
            "a new note",
            Box::new(|d| std::fs::write(d.join("vault/c.md"), "# C\n").unwrap()),
        ),
        (
            "an attachment",
            Box::new(|d| std::fs::write(d.join("vault/pic.png"), b"\x89PNG").unwrap()),
        ),
        (
            "book.toml",
            Box::new(|d| {
                std::fs::write(
                    d.join("book.toml"),
                    "[book]\ntitle = \"Other\"\nsrc = \"vault\"\n",
                )
                .unwrap()
            }),
        ),
        (
            "a deleted note",
            Box::new(|d| std::fs::remove_file(d.join("vault/c.md")).unwrap()),
        ),
        (
            "Obsidian's settings",
            Box::new(|d| {
                std::fs::create_dir_all(d.join("vault/.obsidian")).unwrap();
                let app = d.join("vault/.obsidian/app.json");
                std::fs::write(app, "{\"strictLineBreaks\": true}").unwrap()
            }),
        ),
        (
            // The walk skips dot-folders: only the settings' own times tell.
            "Obsidian's settings edited",
            Box::new(|d| {
                let app = d.join("vault/.obsidian/app.json");
                std::fs::write(app, "{\"strictLineBreaks\": false}").unwrap()
            }),
        ),
        (
            "a file of the site",
            Box::new(|d| std::fs::write(d.join("site/a.html"), "defaced").unwrap()),
        ),
        (
            "a site file removed",
            Box::new(|d| std::fs::remove_file(d.join("site/guides/b.html")).unwrap()),
        ),
    ];
    settle();
    build(dir.path());
    for (what, change) in changes {
        assert!(nothing_changed(&build(dir.path())), "before {what}");
        change(dir.path());
        settle();
        let after = build(dir.path());
        assert!(!nothing_changed(&after), "{what}: {after}");
    }
    // The site the last full build made is whole again.
    assert!(
        std::fs::read_to_string(site.join("a.html"))
            .unwrap()
            .contains("First words.")
    );
    assert!(site.join("guides/b.html").is_file());
    let title = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(title.contains("Other"), "{title}");
}

#[test]
fn a_truncated_or_edited_stamp_is_never_trusted() {
    let dir = project();
    let site = dir.path().join("site");
    let stamp = site.join(".phasebook-inputs");
    settle();
    build(dir.path());
    let good = std::fs::read_to_string(&stamp).unwrap();

    // Truncated: not read, the site is built, and the stamp written anew.
    std::fs::write(&stamp, &good[..good.len() / 2]).unwrap();
    assert!(!nothing_changed(&build(dir.path())));
    assert_eq!(std::fs::read_to_string(&stamp).unwrap(), good);

    // Another digest (as from other inputs): built.
    let digest = good.split("\"inputs\":\"").nth(1).unwrap()[..32].to_string();
    let flipped: String = digest
        .chars()
        .map(|c| if c == '0' { '1' } else { '0' })
        .collect();
    std::fs::write(&stamp, good.replace(&digest, &flipped)).unwrap();
    assert!(!nothing_changed(&build(dir.path())));

    // A right stamp of a site with a page gone is not used.
    std::fs::remove_file(site.join("a.html")).unwrap();
    assert!(!nothing_changed(&build(dir.path())));
    assert!(site.join("a.html").is_file());
    assert!(nothing_changed(&build(dir.path())));
}

#[test]
fn a_new_commit_means_a_new_build() {
    // The pages' dates come from git: a commit that touches no file still
    // changes what the site says.
    let dir = project();
    common::git(dir.path(), &["init", "-q"], None);
    common::git(dir.path(), &["add", "-A"], None);
    common::git(
        dir.path(),
        &["commit", "-qm", "one"],
        Some("2026-11-01T10:00:00Z"),
    );
    settle();
    build(dir.path());
    assert!(nothing_changed(&build(dir.path())));
    common::git(
        dir.path(),
        &["commit", "-q", "--allow-empty", "-m", "two"],
        None,
    );
    assert!(!nothing_changed(&build(dir.path())));
}
