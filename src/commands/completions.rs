//! `phasebook completions SHELL` and `phasebook man`: the command line's own
//! definitions (`cli.rs`) rendered for shells and for `man`.
//!
//! Both are generated from the clap definitions at run time rather than
//! shipped as files, so a new flag or subcommand is completed and documented
//! by the binary that has it, and a packager needs nothing but the binary.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;

use super::{exit, write_stdout};
use crate::cli::{Cli, ManArgs, Shell};
use crate::fsio;

/// The name the scripts complete and the pages are titled with: the
/// binary's, not whatever path it was started by.
const BIN: &str = "phasebook";

pub fn run_completions(shell: Shell) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut script);
    write_stdout(&script)?;
    Ok(exit::OK)
}

/// The main page on stdout, or with `--out DIR` a page per subcommand too
/// (`phasebook-check.1`, …), the layout `man` finds under a `man1` folder.
pub fn run_man(args: &ManArgs) -> Result<u8> {
    let cli = man_command();
    match &args.out {
        None => write_stdout(&render(&Man::new(cli))?)?,
        Some(dir) => {
            let count = write_pages(cli, dir)?;
            eprintln!("phasebook: wrote {count} man pages to {}", dir.display());
        }
    }
    Ok(exit::OK)
}

/// The command as the pages describe it: built (so each subcommand's name
/// is `phasebook-NAME`), without clap's `help` subcommand, which would be a
/// page about `--help`.
fn man_command() -> clap::Command {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    cli
}

fn render(man: &Man) -> Result<Vec<u8>> {
    let mut page = Vec::new();
    man.render(&mut page)
        .context("cannot render the man page")?;
    Ok(page)
}

/// Writes the main page and one per visible subcommand; returns how many.
fn write_pages(cli: clap::Command, dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let subcommands = cli.get_subcommands().filter(|s| !s.is_hide_set()).cloned();
    let pages: Vec<clap::Command> = std::iter::once(cli.clone()).chain(subcommands).collect();
    for cmd in &pages {
        let man = Man::new(cmd.clone());
        fsio::write_atomic(&dir.join(man.get_filename()), &render(&man)?)?;
    }
    Ok(pages.len())
}
