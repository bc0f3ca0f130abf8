//! Builds into one folder at the same time, and builds killed midway
//! (issue #21): one build per output folder at a time, and a killed
//! build's leftovers removed by the next.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use phasebook::site::output::{BuildLock, WhenLocked};

/// A vault big enough that a build takes a moment.
fn vault(dir: &Path) -> PathBuf {
    let root = dir.join("vault");
    let mut files = Vec::new();
    for i in 0..300 {
        files.push((
            format!("area{}/note-{i:03}.md", i % 7),
            format!(
                "---\ntags: [t{}]\n---\n# Note {i}\n\nSee [[note-{:03}]] and [[note-{:03}#Part]].\n\n## Part\n\n{}\n",
                i % 11,
                (i + 1) % 300,
                (i + 7) % 300,
                "Words of a note that take some room in the search index. ".repeat(20)
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    common::write_files(&root, &refs);
    root
}

fn build(vault: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("phasebook"));
    cmd.args(["build", "--vault"])
        .arg(vault)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Every file of a site, path to bytes (the manifest left out: it holds
/// file times; and the inputs stamp, which a build writes only once its
/// inputs have been still for two seconds).
fn site(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(p, _)| p != ".phasebook-manifest" && p != ".phasebook-inputs")
        .collect()
}

/// What sits beside the build folder besides it: a killed build's staging.
fn leftovers(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect()
}

#[test]
fn builds_into_one_folder_at_once_each_leave_a_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault(dir.path());
    let reference = dir.path().join("reference");
    assert!(build(&vault, &reference).status().unwrap().success());
    let want = site(&reference);
    let out = dir.path().join("site");
    for pair in 0..8 {
        let mut a = build(&vault, &out).spawn().unwrap();
        let mut b = build(&vault, &out).spawn().unwrap();
        let (ra, rb) = (a.wait().unwrap(), b.wait().unwrap());
        assert!(ra.success() && rb.success(), "pair {pair}: {ra:?} {rb:?}");
        let got = site(&out);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "pair {pair}: the site is not whole"
        );
        assert!(
            got == want,
            "pair {pair}: a file differs from a lone build's"
        );
        assert!(
            leftovers(&out).is_empty(),
            "pair {pair}: {:?}",
            leftovers(&out)
        );
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_and_the_next_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault(dir.path());
    let out = dir.path().join("site");
    assert!(build(&vault, &out).status().unwrap().success());
    let want = site(&out);
    // Every build from here on writes a changed site.
    let note = vault.join("area0/note-000.md");
    for trial in 0..16u64 {
        std::fs::write(&note, format!("# Note 0\n\nTrial {trial}.\n")).unwrap();
        let mut child = build(&vault, &out).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(5 + trial * 23 % 400));
        let _ = child.kill();
        let _ = child.wait();
        // Exactly a whole site: the old one's files, or a new one's.
        let got = site(&out);
        assert!(
            got.contains_key(".phasebook-build"),
            "trial {trial}: marker lost"
        );
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "trial {trial}: a mixed site"
        );
    }
    assert!(build(&vault, &out).status().unwrap().success());
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn a_second_build_waits_for_the_lock_or_with_no_wait_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault(dir.path());
    let out = dir.path().join("site");
    let held = BuildLock::acquire(&out, WhenLocked::Fail).expect("the lock is free");
    let output = build(&vault, &out)
        .arg("--no-wait")
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("another phasebook build is writing") && stderr.contains("--no-wait"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
    let mut waiting = build(&vault, &out).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(waiting.try_wait().unwrap().is_none(), "it waits");
    assert!(!out.exists(), "nothing written while the lock is held");
    drop(held);
    let output = waiting.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("waiting for another build"),
        "it said why it waited"
    );
    assert!(out.join("index.html").is_file());
}
