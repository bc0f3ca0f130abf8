//! One function per subcommand. Each returns the process exit code, or an
//! error that `main` reports with exit code 2.

pub mod build;
pub mod check;
pub mod completions;
mod git;
pub mod init;
pub mod new;
pub mod readiness;
pub mod rules;
pub mod schema;
pub mod serve;

use std::io::{ErrorKind, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{ColorChoice, GlobalArgs};
use crate::config::{Config, ConfigRequest};

/// Exit codes shared by every command.
pub mod exit {
    pub const OK: u8 = 0;
    pub(crate) const FINDINGS: u8 = 1;
    pub const USAGE: u8 = 2;
}

/// The working folder, made absolute.
pub fn current_dir() -> Result<PathBuf> {
    std::env::current_dir().context("cannot determine the working folder")
}

/// Write a command's output to stdout.
///
/// Why not `print!`: a reader that stops early (`phasebook readiness | head`)
/// closes the pipe, and `print!` then panics (exit code 101 and a
/// backtrace). That reader has what it wanted, so the rest of the output is
/// dropped and the command keeps its own exit code, as `grep` and `ripgrep`
/// do; any other write error is reported.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// Load the configuration the global flags ask for.
pub(crate) fn load_config(global: &GlobalArgs) -> Result<(Config, PathBuf)> {
    let cwd = current_dir()?;
    let request = ConfigRequest {
        config: global.config.clone(),
        vault: global.vault.clone(),
    };
    let mut config = Config::load(&request, &cwd)?;
    crate::lint::check_rule_names(&config.lint)?;
    config.publish.ignore_files = !global.no_ignore;
    config.cache_dir = cache_dir(global, &config, &cwd);
    Ok((config, cwd))
}

/// Where the note cache is (`vault::cache`): `PHASEBOOK_CACHE_DIR` when
/// set, else `.phasebook-cache` in the folder of `book.toml` (or the
/// current one), as ruff keeps `.ruff_cache`; none with `--no-cache` or
/// `PHASEBOOK_NO_CACHE` set (to anything but empty, `0` or `false`).
/// Nor in the vault, but in a hidden folder of it: its files would be the
/// vault's attachments, or its notes (a vault itself named
/// `.phasebook-cache`).
fn cache_dir(global: &GlobalArgs, config: &Config, cwd: &std::path::Path) -> Option<PathBuf> {
    let set = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    let off = set("PHASEBOOK_NO_CACHE").is_some_and(|v| v != "0" && v != "false");
    if global.no_cache || off {
        return None;
    }
    let dir = match set("PHASEBOOK_CACHE_DIR") {
        Some(dir) => cwd.join(dir),
        None => config.root.join(".phasebook-cache"),
    };
    if seen_by_the_walk(&dir, &config.vault_dir) {
        eprintln!(
            "phasebook: warning: not using the note cache in {}: it is in the vault \
             (set PHASEBOOK_CACHE_DIR to a folder outside it, or a hidden one)",
            dir.display()
        );
        return None;
    }
    // The build replaces its folder whole, and refuses one holding files
    // it did not write: a cache there would stop every build.
    if real(&dir).starts_with(real(&config.build_dir)) {
        eprintln!(
            "phasebook: warning: not using the note cache in {}: it is in the build folder \
             (set PHASEBOOK_CACHE_DIR to a folder outside it)",
            dir.display()
        );
        return None;
    }
    Some(dir)
}

/// Whether `dir` is the vault or a folder in it that the vault's walk
/// enters (no dot-folder on the way).
fn seen_by_the_walk(dir: &std::path::Path, vault: &std::path::Path) -> bool {
    let vault = std::fs::canonicalize(vault).unwrap_or_else(|_| vault.to_path_buf());
    match real(dir).strip_prefix(&vault) {
        Ok(inside) => !inside
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.')),
        Err(_) => false,
    }
}

/// `dir` with symlinks followed and `.`/`..` folded, though it may not
/// exist yet: each part as far as it exists made real before the next is
/// taken, so a `..` after a symlink goes where the system's would, and one
/// after a folder still to be made cancels it (`new/../cache` is `cache`,
/// as `create_dir_all` would make it).
fn real(dir: &std::path::Path) -> PathBuf {
    let mut real = PathBuf::new();
    for part in dir.components() {
        match part {
            std::path::Component::ParentDir => {
                real.pop();
            }
            std::path::Component::CurDir => {}
            other => {
                real.push(other);
                if let Ok(resolved) = std::fs::canonicalize(&real) {
                    real = resolved;
                }
            }
        }
    }
    real
}

/// Whether to colour output written to stdout.
pub(crate) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// `err`, with the notes a [`crate::vault::ChangedOnDisk`] names written as
/// `paths` shows them (any other error as it is): `check` and `build` stop
/// on it wherever their reads of texts end.
pub(crate) fn paths_shown(
    err: impl Into<anyhow::Error>,
    paths: &crate::report::PathStyle,
) -> anyhow::Error {
    match err.into().downcast::<crate::vault::ChangedOnDisk>() {
        Ok(changed) => anyhow::Error::new(changed.shown(|p| paths.show(p))),
        Err(err) => err,
    }
}

#[cfg(test)]
mod changed_tests {
    use super::paths_shown;
    use crate::report::PathStyle;
    use crate::vault::ChangedOnDisk;

    #[test]
    fn changed_notes_are_named_as_the_command_shows_paths() {
        let paths = PathStyle::new(std::path::Path::new("/w/vault"), std::path::Path::new("/w"));
        let changed = ChangedOnDisk {
            paths: vec!["a.md".into(), "d/b.md".into()],
        };
        let err = paths_shown(changed, &paths);
        let shown = err
            .downcast_ref::<ChangedOnDisk>()
            .expect("still a ChangedOnDisk");
        assert_eq!(shown.paths, vec!["vault/a.md", "vault/d/b.md"]);
        assert!(
            err.to_string()
                .starts_with("vault/a.md, vault/d/b.md: changed")
        );
        // Any other error goes through as it is.
        let other = paths_shown(anyhow::anyhow!("disk full"), &paths);
        assert_eq!(other.to_string(), "disk full");
    }
}
