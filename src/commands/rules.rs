//! `phasebook rules` and `phasebook explain RULE`: the registry's own
//! documentation (`lint::docs`), printed.

use anyhow::{Result, bail};

use super::exit;
use crate::cli::GlobalArgs;
use crate::lint::{self, docs};

/// The rules at the levels the configuration sets: that of `--config` or
/// `--vault` when given, else the `book.toml` this folder or a parent has
/// (an error when it cannot be read, as for `check`), else the defaults.
pub fn run_list(global: &GlobalArgs) -> Result<u8> {
    let config = match super::load_config(global) {
        Ok((config, _)) => Some(config),
        // No book.toml anywhere and none asked for: the defaults. Any
        // other failure (an unreadable book.toml) is `check`'s error.
        Err(_)
            if global.config.is_none()
                && global.vault.is_none()
                && std::env::current_dir()
                    .ok()
                    .and_then(|cwd| crate::config::find_config(&cwd))
                    .is_none() =>
        {
            None
        }
        Err(err) => return Err(err),
    };
    super::write_stdout(docs::list_for(config.as_ref()).as_bytes())?;
    Ok(exit::OK)
}

pub fn run_explain(name: &str) -> Result<u8> {
    let Some(rule) = lint::find_rule(name) else {
        let hint = lint::registry::did_you_mean(name);
        bail!("no rule named `{name}`{hint}; `phasebook rules` lists them");
    };
    super::write_stdout(docs::explain(rule.meta()).as_bytes())?;
    Ok(exit::OK)
}
