//! The vault as it was at a git revision, for `readiness --since`: read
//! with the `git` command (`rev-parse`, `archive`) into a temporary folder.
//! Nothing in the repository is written: no checkout, no index, no stash.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// A copy of the vault folder `vault_dir` as it was at `rev`; the folder is
/// removed when the snapshot is dropped.
pub struct Snapshot {
    _dir: tempfile::TempDir,
    /// The vault folder in the copy.
    pub vault_dir: PathBuf,
    /// The revision, as `git rev-parse --short` names it.
    pub commit: String,
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .context("could not run `git` (is it installed?)")
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The vault at `rev`. Errors (no repository, an unknown revision, a vault
/// folder the revision does not have) say which, for an exit 2.
pub fn snapshot(vault_dir: &Path, rev: &str) -> Result<Snapshot> {
    let inside = git(vault_dir, &["rev-parse", "--is-inside-work-tree"])?;
    if !inside.status.success() || text(&inside) != "true" {
        bail!(
            "{} is not in a git repository: --since reads the vault's history from git",
            vault_dir.display()
        );
    }
    if rev.starts_with('-') {
        bail!("`{rev}` is not a revision");
    }
    let commit = git(
        vault_dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--short",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    if !commit.status.success() {
        bail!("`{rev}` names no commit of this repository");
    }
    let prefix = text(&git(vault_dir, &["rev-parse", "--show-prefix"])?);
    // Run from the top: in a subfolder, `git archive` keeps only what is
    // under that subfolder of the tree it is given.
    let top = PathBuf::from(text(&git(vault_dir, &["rev-parse", "--show-toplevel"])?));
    let prefix = prefix.trim_end_matches('/');
    // Not `.tmp…`: a hidden folder would be no vault to the walk.
    let dir = tempfile::Builder::new()
        .prefix("phasebook-since-")
        .tempdir()
        .context("could not make a temporary folder")?;
    // `COMMIT:folder` is the vault's tree alone, its paths relative to it.
    let tree = format!("{}:{prefix}", text(&commit));
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["archive", "--format=tar", &tree])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("could not run `git archive`")?;
    let stdout = archive.stdout.take().expect("piped");
    let unpacked = tar::Archive::new(stdout).unpack(dir.path());
    let finished = archive.wait_with_output()?;
    if !finished.status.success() {
        let why = String::from_utf8_lossy(&finished.stderr);
        bail!(
            "the vault folder `{}` is not in `{rev}`: {}",
            if prefix.is_empty() { "." } else { prefix },
            why.trim()
        );
    }
    unpacked.context("could not unpack the vault's files at that revision")?;
    Ok(Snapshot {
        vault_dir: dir.path().to_path_buf(),
        _dir: dir,
        commit: text(&commit),
    })
}
