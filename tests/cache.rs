//! The note cache as a user meets it: `check` and `build` read what earlier
//! runs parsed, never a stale or corrupt entry, and say the same with it as
//! without it (`--no-cache`).

mod common;

use std::path::{Path, PathBuf};

use common::phasebook;

/// `check --format json` in `dir`, with `extra` flags: (stdout, exit code).
fn check(dir: &Path, extra: &[&str]) -> (String, i32) {
    let out = phasebook()
        .current_dir(dir)
        .env_remove("PHASEBOOK_CACHE_DIR")
        .env_remove("PHASEBOOK_NO_CACHE")
        .args(["check", "--vault", "vault", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

/// What the cache gave a check in `dir`: `--timings`'s remark, such as
/// `note cache: 3 of 3 notes read from it`.
fn cache_remark(dir: &Path) -> String {
    let out = phasebook()
        .current_dir(dir)
        .env_remove("PHASEBOOK_CACHE_DIR")
        .env_remove("PHASEBOOK_NO_CACHE")
        .args(["check", "--vault", "vault", "--timings"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("note cache:"));
    line.unwrap_or_else(|| panic!("{stderr}"))
        .trim()
        .to_string()
}

/// A vault whose findings depend on other notes' headings: `a.md` links to
/// a heading of `b.md` that exists, and to one that does not.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            ("vault/a.md", "# A\n\n[[b#Goals]] and [[b#Scope]]\n"),
            ("vault/b.md", "# B\n\n## Goals\n\nText.\n"),
            ("vault/c.md", "# C\n\n- [ ] open\n"),
        ],
    );
    dir
}

/// The cache's shard files under `dir`, with their bytes.
fn shards(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir.join(".phasebook-cache"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "bin"))
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn broken_headings(report: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(report).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "broken-heading")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_cached_run_reports_what_an_uncached_one_does() {
    let dir = project();
    let (uncached, code) = check(dir.path(), &["--no-cache"]);
    assert!(shards(dir.path()).is_empty(), "--no-cache writes no cache");
    let (first, first_code) = check(dir.path(), &[]);
    let (second, second_code) = check(dir.path(), &[]);
    assert_eq!((&first, first_code), (&uncached, code));
    assert_eq!((&second, second_code), (&uncached, code));
    assert_eq!(broken_headings(&uncached).len(), 1, "{uncached}");
    assert_eq!(
        cache_remark(dir.path()),
        "note cache: 3 of 3 notes read from it"
    );
    let cache = dir.path().join(".phasebook-cache");
    assert!(!shards(dir.path()).is_empty());
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    assert!(cache.join("CACHEDIR.TAG").is_file());
}

#[test]
fn an_edit_the_clock_cannot_see_is_read() {
    let dir = project();
    check(dir.path(), &[]);
    // Same size, same modification time: only the bytes tell.
    let b = dir.path().join("vault/b.md");
    let modified = std::fs::metadata(&b).unwrap().modified().unwrap();
    std::fs::write(&b, "# B\n\n## Scope\n\nText.\n").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&b)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        cache_remark(dir.path()),
        "note cache: 2 of 3 notes read from it"
    );
    let (report, _) = check(dir.path(), &[]);
    let broken = broken_headings(&report);
    assert_eq!(broken.len(), 1, "{report}");
    assert!(broken[0].contains("Goals"), "{broken:?}");
    assert_eq!(report, check(dir.path(), &["--no-cache"]).0);
}

/// A change made to a cache file's bytes.
type Edit = fn(&mut Vec<u8>);

#[test]
fn a_truncated_or_edited_cache_is_not_trusted_and_is_written_again() {
    let dir = project();
    let (expected, _) = check(dir.path(), &["--no-cache"]);
    check(dir.path(), &[]);
    let whole = shards(dir.path());
    assert!(!whole.is_empty());
    let edits: [(&str, Edit); 2] = [
        ("truncated", |bytes| bytes.truncate(bytes.len() - 7)),
        // Renamed in the cache only: were the entry read, `[[b#Goals]]`
        // would be broken and `[[b#Scope]]` not.
        ("a heading renamed", |bytes| {
            if let Some(at) = bytes.windows(5).position(|w| w == b"Goals") {
                bytes[at..at + 5].copy_from_slice(b"Scope");
            }
        }),
    ];
    for (what, edit) in edits {
        for (file, bytes) in &whole {
            let mut bytes = bytes.clone();
            edit(&mut bytes);
            std::fs::write(file, bytes).unwrap();
        }
        assert_ne!(shards(dir.path()), whole, "{what}: the cache was edited");
        let (report, _) = check(dir.path(), &[]);
        assert_eq!(report, expected, "{what}");
        assert_eq!(shards(dir.path()), whole, "{what}: written again");
        assert_eq!(
            cache_remark(dir.path()),
            "note cache: 3 of 3 notes read from it",
            "{what}"
        );
    }
}

#[test]
fn the_cache_goes_where_it_is_told_or_nowhere() {
    let dir = project();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = phasebook()
        .current_dir(dir.path())
        .env("PHASEBOOK_CACHE_DIR", elsewhere.path())
        .args(["check", "--vault", "vault"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join(".phasebook-cache").exists());
    // A folder of the user's gets the cache, not a `.gitignore` of `*`
    // that would hide the rest of it from git.
    assert!(!elsewhere.path().join(".gitignore").exists());
    assert!(!elsewhere.path().join("CACHEDIR.TAG").exists());
    assert!(
        walkdir::WalkDir::new(elsewhere.path())
            .into_iter()
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "bin"))
    );
    let made = elsewhere.path().join("new/cache");
    phasebook()
        .current_dir(dir.path())
        .env("PHASEBOOK_CACHE_DIR", &made)
        .args(["check", "--vault", "vault"])
        .output()
        .unwrap();
    assert!(made.join("CACHEDIR.TAG").is_file());
    assert!(made.join(".gitignore").is_file());
    let out = phasebook()
        .current_dir(dir.path())
        .env("PHASEBOOK_NO_CACHE", "1")
        .args(["check", "--vault", "vault"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join(".phasebook-cache").exists());
}

#[test]
fn a_cache_that_cannot_be_written_changes_nothing() {
    let dir = project();
    let (expected, code) = check(dir.path(), &["--no-cache"]);
    // A file where the cache folder would be.
    std::fs::write(dir.path().join(".phasebook-cache"), "not a folder").unwrap();
    assert_eq!(check(dir.path(), &[]), (expected, code));
}

/// The `notes-…` folders (one per vault) of the cache folder `cache`.
fn vault_caches(cache: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("notes-"))
        .collect();
    names.sort();
    names
}

#[test]
fn no_cache_is_written_where_the_vault_would_read_it() {
    // A vault named like the cache folder, checked from its parent.
    let dir = project();
    std::fs::rename(
        dir.path().join("vault"),
        dir.path().join(".phasebook-cache"),
    )
    .unwrap();
    let run = |vault: &str, cache: Option<&str>| {
        let mut command = phasebook();
        command
            .current_dir(dir.path())
            .env_remove("PHASEBOOK_NO_CACHE")
            .env_remove("PHASEBOOK_CACHE_DIR");
        if let Some(cache) = cache {
            command.env("PHASEBOOK_CACHE_DIR", cache);
        }
        let out = command
            .args(["check", "--vault", vault, "--format", "json"])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        (String::from_utf8(out.stdout).unwrap(), stderr)
    };
    let (first, warned) = run(".phasebook-cache", None);
    assert!(warned.contains("not using the note cache"), "{warned}");
    assert_eq!(run(".phasebook-cache", None).0, first);
    // The same findings wherever the vault is (their paths aside).
    let first = broken_headings(&first);
    assert_eq!(first.len(), 1);
    assert!(vault_caches(&dir.path().join(".phasebook-cache")).is_empty());
    // A cache folder set inside the vault: its shards would be attachments.
    std::fs::rename(
        dir.path().join(".phasebook-cache"),
        dir.path().join("vault"),
    )
    .unwrap();
    let (inside, warned) = run("vault", Some("vault/cache"));
    assert!(warned.contains("not using the note cache"), "{warned}");
    assert!(!dir.path().join("vault/cache").exists());
    assert_eq!(broken_headings(&inside), first);
    // Nor through a folder still to be made and `..`.
    let (through, warned) = run("vault", Some("vault/new/../cache"));
    assert!(warned.contains("not using the note cache"), "{warned}");
    assert!(!dir.path().join("vault/cache").exists() && !dir.path().join("vault/new").exists());
    assert_eq!(broken_headings(&through), first);
    // In a hidden folder of the vault, the walk never looks.
    let (hidden, warned) = run("vault", Some("vault/.cache"));
    assert!(!warned.contains("note cache"), "{warned}");
    assert_eq!(vault_caches(&dir.path().join("vault/.cache")).len(), 1);
    assert_eq!(broken_headings(&hidden), first);
}

#[test]
fn no_cache_is_written_in_the_build_folder() {
    // The build would refuse the folder from then on: it holds files the
    // build did not write.
    let dir = project();
    for _ in 0..2 {
        let out = phasebook()
            .current_dir(dir.path())
            .env_remove("PHASEBOOK_NO_CACHE")
            .env("PHASEBOOK_CACHE_DIR", "site/.cache")
            .args(["build", "--vault", "vault", "--out", "site"])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(stderr.contains("it is in the build folder"), "{stderr}");
        assert!(!dir.path().join("site/.cache").exists());
    }
}

#[test]
fn a_readiness_since_a_commit_leaves_no_cache_of_its_snapshot() {
    let dir = project();
    common::seed_like_vault(&dir.path().join("vault"));
    common::git(dir.path(), &["init", "-q"], None);
    common::git(dir.path(), &["add", "vault"], None);
    common::git(dir.path(), &["commit", "-qm", "one"], None);
    std::fs::write(dir.path().join("vault/c.md"), "# C\n\n- [x] done\n").unwrap();
    common::git(dir.path(), &["commit", "-qam", "two"], None);
    for _ in 0..2 {
        let out = phasebook()
            .current_dir(dir.path())
            .env_remove("PHASEBOOK_CACHE_DIR")
            .env_remove("PHASEBOOK_NO_CACHE")
            .args(["readiness", "--vault", "vault", "--since", "HEAD~1"])
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    }
    // The vault's own cache, and none of the snapshots'.
    assert_eq!(vault_caches(&dir.path().join(".phasebook-cache")).len(), 1);
}

#[cfg(unix)]
#[test]
fn what_stands_in_a_shard_s_place_is_neither_read_nor_written_through() {
    let dir = project();
    check(dir.path(), &[]);
    let (expected, _) = check(dir.path(), &["--no-cache"]);
    let files: Vec<PathBuf> = shards(dir.path()).into_iter().map(|(f, _)| f).collect();
    assert!(files.len() >= 2);
    // A symlink to a note, and a FIFO (whose read would wait forever).
    let note = dir.path().join("vault/c.md");
    let before = std::fs::read(&note).unwrap();
    std::fs::remove_file(&files[0]).unwrap();
    std::os::unix::fs::symlink(&note, &files[0]).unwrap();
    std::fs::remove_file(&files[1]).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &files[1],
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let out = phasebook()
        .current_dir(dir.path())
        .env_remove("PHASEBOOK_CACHE_DIR")
        .env_remove("PHASEBOOK_NO_CACHE")
        .args(["check", "--vault", "vault", "--format", "json"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    assert_eq!(
        std::fs::read(&note).unwrap(),
        before,
        "the note is as it was"
    );
    for file in &files[..2] {
        let meta = std::fs::symlink_metadata(file).unwrap();
        assert!(meta.is_file(), "{}: a shard again", file.display());
    }
}

#[test]
fn no_cache_set_to_zero_or_false_leaves_the_cache_on() {
    let dir = project();
    check(dir.path(), &[]);
    for value in ["0", "false"] {
        let out = phasebook()
            .current_dir(dir.path())
            .env_remove("PHASEBOOK_CACHE_DIR")
            .env("PHASEBOOK_NO_CACHE", value)
            .args(["check", "--vault", "vault", "--timings"])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("note cache: 3 of 3"), "{value}: {stderr}");
    }
}
