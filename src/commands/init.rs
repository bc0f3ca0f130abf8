//! `phasebook init [DIR]`: a handbook that builds and checks clean from the
//! first minute, so a team starts from a working example of every
//! convention (phase chain, checklists, a gate, artifacts, an excluded
//! template folder) rather than from the README.
//!
//! The files live in `starter/` and are compiled in with `include_str!`, so
//! they are ordinary files the tests check like any vault, and the binary
//! needs nothing beside it. `init` writes a file only where there is none:
//! every target is checked before the first is written, so a refusal
//! leaves the folder as it was.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::exit;
use crate::cli::{Ci, InitArgs};
use crate::config::CONFIG_FILE;

/// A file `init` writes: its path under DIR and its text.
type Starter = (&'static str, &'static str);

/// `(path under DIR, path under starter/)`, embedded.
macro_rules! starter {
    ($($target:literal => $source:literal),* $(,)?) => {
        &[$(($target, include_str!(concat!("../../starter/", $source)))),*]
    };
}

/// The handbook: its configuration, its vault and the build folder ignored.
const HANDBOOK: &[Starter] = starter![
    "book.toml" => "book.toml",
    ".gitignore" => "gitignore",
    "vault/index.md" => "vault/index.md",
    "vault/guides/how-this-handbook-works.md" => "vault/guides/how-this-handbook-works.md",
    "vault/delivery/phases/01-plan.md" => "vault/delivery/phases/01-plan.md",
    "vault/delivery/phases/02-build.md" => "vault/delivery/phases/02-build.md",
    "vault/delivery/phases/03-release.md" => "vault/delivery/phases/03-release.md",
    "vault/delivery/artifacts/project-brief.md" => "vault/delivery/artifacts/project-brief.md",
    "vault/delivery/artifacts/change-log.md" => "vault/delivery/artifacts/change-log.md",
    "vault/delivery/artifacts/release-checklist.md" => "vault/delivery/artifacts/release-checklist.md",
    "vault/templates/phase-template.md" => "vault/templates/phase-template.md",
];
const GITHUB_WORKFLOW: &[Starter] = starter![".github/workflows/handbook.yml" => "ci/handbook.yml"];
const PRE_COMMIT: &[Starter] = starter![".pre-commit-config.yaml" => "ci/pre-commit-config.yaml"];

pub fn run(args: &InitArgs) -> Result<u8> {
    let dir = args.dir.as_path();
    if dir.exists() && !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let extras = extras(args);
    // A folder that already has its handbook takes the CI workflow and the
    // hook alone: `init` is how they are added later too.
    let adding = !extras.is_empty() && dir.join(CONFIG_FILE).is_file();
    let files: Vec<Starter> = if adding { vec![] } else { HANDBOOK.to_vec() }
        .into_iter()
        .chain(extras.iter().copied())
        .collect();
    refuse_existing(dir, &files)?;
    for (path, text) in &files {
        write_new(&dir.join(path), text)?;
    }
    report(args, &files, adding);
    Ok(exit::OK)
}

fn extras(args: &InitArgs) -> Vec<Starter> {
    let ci = match args.ci {
        Some(Ci::Github) => GITHUB_WORKFLOW,
        None => &[],
    };
    let hook = if args.pre_commit { PRE_COMMIT } else { &[] };
    [ci, hook].concat()
}

/// Fails, naming them, when any target exists already (or a file stands
/// where a target's folder would go), before anything is written.
fn refuse_existing(dir: &Path, files: &[Starter]) -> Result<()> {
    let mut taken: Vec<String> = Vec::new();
    for (path, _) in files {
        if let Some(what) = taken_by(dir, path).filter(|w| !taken.contains(w)) {
            taken.push(what);
        }
    }
    let Some(first) = taken.first() else {
        return Ok(());
    };
    let more = match taken.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    bail!(
        "{first} already exists{more} in {}; init writes no file over another, so it wrote nothing",
        place(dir)
    )
}

/// What stops `path` being written under `dir`, as the user would name it:
/// the file itself (or a symlink, even a dangling one), or a non-folder on
/// its way.
fn taken_by(dir: &Path, path: &str) -> Option<String> {
    if dir.join(path).symlink_metadata().is_ok() {
        return Some(path.to_string());
    }
    Path::new(path)
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| dir.join(a).symlink_metadata().is_ok() && !dir.join(a).is_dir())
        .map(|a| format!("{} (a file where a folder goes)", a.display()))
}

/// The folder as messages name it.
fn place(dir: &Path) -> String {
    if dir == Path::new(".") {
        "the working folder".to_string()
    } else {
        dir.display().to_string()
    }
}

/// Creates `path` (and its folders), failing if it appeared meanwhile.
fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))
}

fn report(args: &InitArgs, files: &[Starter], adding: bool) {
    let place = place(&args.dir);
    let (cd, dir_arg) = if args.dir == Path::new(".") {
        (String::new(), String::new())
    } else {
        let dir = args.dir.display();
        (format!("cd {dir} && "), format!(" {dir}"))
    };
    let names: Vec<&str> = files.iter().map(|(path, _)| *path).collect();
    if adding {
        eprintln!(
            "phasebook: added {} to the handbook in {place}",
            names.join(", ")
        );
        return;
    }
    let (notes, others): (Vec<&str>, Vec<&str>) =
        names.iter().partition(|p| p.starts_with("vault/"));
    eprintln!(
        "phasebook: started a handbook in {place}: {} and {} notes in vault/",
        others.join(", "),
        notes.len()
    );
    eprintln!("phasebook: next: {cd}phasebook build, then open site/index.html");
    if args.ci.is_none() && !args.pre_commit {
        eprintln!(
            "phasebook: `phasebook init{dir_arg} --ci github --pre-commit` adds a GitHub \
             Actions workflow and a pre-commit hook"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file put in `starter/` but not listed here would never be written.
    #[test]
    fn every_starter_file_is_written() {
        fn walk(dir: &Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let mut on_disk = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("starter"),
            &mut on_disk,
        );
        let embedded: Vec<&str> = [HANDBOOK, GITHUB_WORKFLOW, PRE_COMMIT]
            .concat()
            .iter()
            .map(|(_, text)| *text)
            .collect();
        assert_eq!(on_disk.len(), embedded.len());
        for text in &on_disk {
            assert!(embedded.contains(&text.as_str()), "not embedded:\n{text}");
        }
    }
}
