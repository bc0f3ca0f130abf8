//! `phasebook rules` and `phasebook explain RULE`: the registry's own
//! documentation (`lint::docs`), printed.

use anyhow::{Result, bail};

use super::exit;
use crate::lint::{self, docs};

pub fn run_list() -> Result<u8> {
    super::write_stdout(docs::list().as_bytes())?;
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
