//! Fixture vaults for integration tests: written to a temporary folder that
//! is removed when the fixture is dropped.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use phasebook::config::Config;
use phasebook::lint::{self, Diagnostic};
use phasebook::vault::{self, Resolution, Subpath, Vault};

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub config: Config,
    pub vault: Vault,
}

/// Write `files` (vault-relative path, content) and load them as a vault.
/// A content starting with `latin1:` is written in Latin-1, not UTF-8;
/// `symlink:TARGET` makes a symlink to TARGET.
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let abs = root.join(path);
        std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
        if let Some(target) = text.strip_prefix("symlink:") {
            std::os::unix::fs::symlink(target, &abs).unwrap();
            continue;
        }
        let bytes: Vec<u8> = match text.strip_prefix("latin1:") {
            Some(rest) => rest.chars().map(|c| c as u32 as u8).collect(),
            None => text.as_bytes().to_vec(),
        };
        std::fs::write(abs, bytes).unwrap();
    }
}

pub fn fixture(files: &[(&str, &str)]) -> Fixture {
    fixture_with(files, |_| {})
}

pub fn fixture_with(files: &[(&str, &str)], tweak: impl FnOnce(&mut Config)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("vault");
    std::fs::create_dir_all(&root).unwrap();
    write_files(&root, files);
    let mut config = Config::for_vault(&root, dir.path()).unwrap();
    tweak(&mut config);
    let vault = vault::load(&config);
    Fixture { dir, config, vault }
}

impl Fixture {
    pub fn root(&self) -> PathBuf {
        self.config.vault_dir.clone()
    }

    /// The resolution of the link written exactly as `written` in `from`.
    pub fn resolution(&self, from: &str, written: &str) -> &Resolution {
        let id = self
            .vault
            .note_by_path(from)
            .unwrap_or_else(|| panic!("no note {from}"));
        let note = &self.vault.notes[id];
        let text = note.source();
        let idx = note
            .links
            .iter()
            .position(|l| &text[l.span()] == written)
            .unwrap_or_else(|| {
                let all: Vec<_> = note.links.iter().map(|l| &text[l.span()]).collect();
                panic!("no link {written} in {from}; links: {all:?}")
            });
        &self.vault.resolutions(id)[idx]
    }

    /// The path a link resolves to, or `None`.
    pub fn target(&self, from: &str, written: &str) -> Option<String> {
        match self.resolution(from, written) {
            Resolution::Found(found) => Some(self.vault.files[found.file].path.clone()),
            Resolution::Unresolved(_) => None,
        }
    }

    pub fn subpath(&self, from: &str, written: &str) -> Subpath {
        match self.resolution(from, written) {
            Resolution::Found(found) => found.subpath.clone(),
            Resolution::Unresolved(why) => panic!("{written} unresolved: {why:?}"),
        }
    }

    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let phases = phasebook::phases::Phases::build(&self.vault, &self.config);
        lint::run(&self.vault, &self.config, &phases)
    }

    /// (rule, path, line) of every diagnostic.
    pub fn findings(&self) -> Vec<(String, String, usize)> {
        self.diagnostics()
            .into_iter()
            .map(|d| (d.rule.to_string(), d.path, d.start.line))
            .collect()
    }

    pub fn rules_fired(&self) -> Vec<&'static str> {
        self.diagnostics().into_iter().map(|d| d.rule).collect()
    }
}

/// A vault in the seeds' layout, written for our tests.
pub const PHASE_DOC: &str = "# Rollout Phase

---
tags: [ops, phase]
phase: 03
name: \"Rollout\"
previous_phase: \"[[02-prepare]]\"
next_phase: \"[[04-observe]]\"
artifacts: [\"[[rollout-plan]]\", \"[[comms-note]]\"]
---

## Overview

Ship it carefully, see the **[[Rollout Plan]]** and [[02-prepare#Exit Criteria]].

## Entry Criteria

- [ ] Preparation signed off
- [x] Window booked
";

pub fn seed_like_vault(dir: &Path) {
    write_files(
        dir,
        &[
            ("ops/phases/03-rollout.md", PHASE_DOC),
            ("ops/phases/02-prepare.md", "# Prepare\n\n## Entry\n"),
            ("ops/artifacts/rollout-plan.md", "# Rollout plan\n"),
        ],
    );
}

/// The `phasebook` binary, with `NO_COLOR` cleared so colour tests are
/// not affected by the caller's environment.
pub fn phasebook() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("phasebook").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// A `phasebook serve --port 0` process, killed when dropped (pass or fail).
pub struct Served {
    pub child: std::process::Child,
    /// `127.0.0.1:PORT`, as the server printed it.
    pub address: String,
    /// What the server has written to stderr so far (read as it comes,
    /// so a full pipe never stops the server).
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Served {
    /// Wait up to `secs` seconds for stderr to hold `text`; all of stderr
    /// then (or at the timeout).
    pub fn stderr_once(&self, text: &str, secs: u64) -> String {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let now = self.stderr.lock().unwrap().clone();
            if now.contains(text) || std::time::Instant::now() > until {
                return now;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start `phasebook serve --port 0 ARGS…` in `cwd` and wait until it says
/// where it listens.
pub fn serve(cwd: &Path, args: &[&std::ffi::OsStr]) -> Served {
    use std::io::BufRead;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("phasebook"))
        .current_dir(cwd)
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    {
        let (pipe, stderr) = (child.stderr.take().expect("stderr"), stderr.clone());
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = stderr.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
    }
    let stdout = child.stdout.take().expect("stdout");
    let address = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split("at http://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .map(str::to_string)
        });
    match address {
        Some(address) => Served {
            child,
            address,
            stderr,
        },
        None => {
            let _ = child.kill();
            panic!("the server did not say where it listens");
        }
    }
}

/// Build the site of `vault` (loaded with `config`) into `out`, in
/// process, as `phasebook build` does.
pub fn build_site(vault: &Vault, config: &Config, out: &Path) -> anyhow::Result<()> {
    let phases = phasebook::phases::Phases::build(vault, config);
    let report = phasebook::readiness::report(vault, config, &phases);
    phasebook::site::Build {
        vault,
        config,
        phases: &phases,
        report: &report,
        exiting: false,
        when_locked: phasebook::site::output::WhenLocked::Wait,
        history: &[],
        last_changed: &std::collections::HashMap::new(),
        stamp: None,
    }
    .run(out, &|_, _| {})
    .map(|_| ())
}

/// The HTML the site renders for `note` of `fixture` (the page's content,
/// without the theme around it), as `build` renders it.
pub fn rendered_html(fixture: &Fixture, note: &str) -> String {
    let vault = &fixture.vault;
    let (home, _) = phasebook::site::plan::home_note(vault, None);
    let plan = phasebook::site::plan::plan(vault, home);
    let id = vault
        .note_by_path(note)
        .unwrap_or_else(|| panic!("no note {note}"));
    phasebook::site::render::Renderer {
        vault,
        map: &plan.map,
        allow_raw_html: fixture.config.site.allow_raw_html,
        strict_line_breaks: fixture
            .config
            .site
            .strict_line_breaks
            .or_else(|| {
                phasebook::vault::obsidian::AppSettings::read(&vault.root).strict_line_breaks
            })
            .unwrap_or(false),
        highlighted: Default::default(),
    }
    .note(id)
    .html
}

/// The human report of `fixture`'s diagnostics, paths relative to the
/// vault, no colour: what `phasebook check` prints for it.
pub fn human_report(fixture: &Fixture) -> String {
    let root = fixture.root();
    let paths = phasebook::report::PathStyle::new(&root, &root);
    let mut out = Vec::new();
    phasebook::report::human::render(
        &mut out,
        &fixture.diagnostics(),
        &fixture.vault,
        &paths,
        false,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

/// Run git in `dir` as a fixed user, with no signing and `main` as the
/// first branch, at `date` (author and committer) when given; panics with
/// git's stderr when it fails.
pub fn git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut command = std::process::Command::new("git");
    command.current_dir(dir).args([
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.com",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
    ]);
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = command.args(args).output().expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `dir` and its bytes, the note cache aside.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".phasebook-cache") {
                // The note cache: written by any check or build, not a
                // file of the user's.
                continue;
            }
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
