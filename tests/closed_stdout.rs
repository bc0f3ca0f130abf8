//! A reader that stops early (`phasebook readiness | head -1`) closes the
//! pipe under phasebook's output. Every command must then stop writing and
//! exit with its own code: `print!` would panic, exit 101 and print a
//! backtrace into the user's terminal.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

/// A vault with a workflow of phases and broken links, in a temporary
/// folder (the tests must not depend on the seeds beside the repository).
fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    common::seed_like_vault(dir.path());
    dir
}

/// Run phasebook in `dir` with a stdout pipe whose reading end is closed
/// before the command starts; its exit code and stderr.
fn run_with_closed_stdout(dir: &Path, args: &[&str]) -> (i32, String) {
    // Closed before the spawn, not after: a command that writes at once
    // (`rules`) could otherwise fill the pipe's buffer before the close and
    // never meet the closed pipe.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let out = Command::new(assert_cmd::cargo::cargo_bin("phasebook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("phasebook runs");
    let code = out.status.code().expect("phasebook exits, not killed");
    (code, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_quiet_exit(args: &[&str], dir: &Path, expected: i32) {
    let (code, stderr) = run_with_closed_stdout(dir, args);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{args:?}: {stderr}"
    );
    assert_eq!(code, expected, "{args:?}: {stderr}");
}

#[test]
fn readiness_rules_explain_completions_man_and_schema_exit_normally_when_the_reader_has_gone() {
    let dir = vault();
    // Nothing is required: readiness reports, exit 0.
    for format in ["text", "markdown", "json"] {
        assert_quiet_exit(
            &["readiness", "--vault", ".", "--format", format],
            dir.path(),
            0,
        );
    }
    assert_quiet_exit(&["rules"], dir.path(), 0);
    assert_quiet_exit(&["explain", "broken-link"], dir.path(), 0);
    assert_quiet_exit(&["completions", "bash"], dir.path(), 0);
    assert_quiet_exit(&["man"], dir.path(), 0);
    assert_quiet_exit(&["schema"], dir.path(), 0);
}

#[test]
fn check_keeps_its_findings_exit_code_when_the_reader_has_gone() {
    let dir = vault();
    // The vault has broken links: exit 1 whether or not anyone reads.
    for format in ["human", "json", "sarif"] {
        assert_quiet_exit(
            &["check", "--vault", ".", "--format", format],
            dir.path(),
            1,
        );
    }
}

#[test]
fn build_finishes_its_site_when_the_reader_has_gone() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    common::seed_like_vault(&dir.path().join("notes"));
    assert_quiet_exit(
        &["build", "--vault", "notes", "--out", "site"],
        dir.path(),
        0,
    );
    assert!(
        dir.path().join("site/index.html").is_file(),
        "the site was published"
    );
}
