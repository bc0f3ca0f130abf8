//! One function per subcommand. Each returns the process exit code, or an
//! error that `main` reports with exit code 2.

pub mod build;
pub mod check;
pub mod readiness;
pub mod rules;
pub mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{ColorChoice, GlobalArgs};
use crate::config::{Config, ConfigRequest};

/// Exit codes shared by every command.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const USAGE: u8 = 2;
}

/// The working folder, made absolute.
pub fn current_dir() -> Result<PathBuf> {
    std::env::current_dir().context("cannot determine the working folder")
}

/// Load the configuration the global flags ask for.
pub fn load_config(global: &GlobalArgs) -> Result<(Config, PathBuf)> {
    let cwd = current_dir()?;
    let request = ConfigRequest {
        config: global.config.clone(),
        vault: global.vault.clone(),
    };
    Ok((Config::load(&request, &cwd)?, cwd))
}

/// Whether to colour output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
