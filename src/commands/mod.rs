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
/// `PHASEBOOK_NO_CACHE` set.
fn cache_dir(global: &GlobalArgs, config: &Config, cwd: &std::path::Path) -> Option<PathBuf> {
    let set = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if global.no_cache || set("PHASEBOOK_NO_CACHE").is_some() {
        return None;
    }
    Some(match set("PHASEBOOK_CACHE_DIR") {
        Some(dir) => cwd.join(dir),
        None => config.root.join(".phasebook-cache"),
    })
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
