//! `phasebook check`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::{exit, load_config, use_color};
use crate::cli::{CheckArgs, CheckFormat, Deny, GlobalArgs};
use crate::config::{Config, absolute};
use crate::lint::{self, Diagnostic, Severity};
use crate::report::{self, PathStyle};
use crate::vault::{self, Vault, discover::vault_path};

/// Vault paths of the FILES given on the command line; files outside the
/// vault are reported on stderr and skipped.
fn selected_paths(files: &[std::path::PathBuf], config: &Config, cwd: &Path) -> BTreeSet<String> {
    let root = config
        .vault_dir
        .canonicalize()
        .unwrap_or_else(|_| config.vault_dir.clone());
    let mut selected = BTreeSet::new();
    for file in files {
        let abs = absolute(cwd, file);
        let abs = abs.canonicalize().unwrap_or(abs);
        match vault_path(&root, &abs).or_else(|| vault_path(&config.vault_dir, &abs)) {
            Some(path) if !path.is_empty() => {
                selected.insert(path);
            }
            _ => eprintln!(
                "phasebook: {} is not in the vault ({}); skipped",
                file.display(),
                config.vault_dir.display()
            ),
        }
    }
    selected
}

fn lint_selected(
    vault: &Vault,
    config: &Config,
    selected: Option<&BTreeSet<String>>,
) -> Vec<Diagnostic> {
    let mut diagnostics = lint::run(vault, config);
    if let Some(selected) = selected {
        diagnostics.retain(|d| selected.contains(&d.path));
    }
    diagnostics
}

pub fn run(args: &CheckArgs, global: &GlobalArgs) -> Result<u8> {
    let (config, cwd) = load_config(global)?;
    let selected = (!args.files.is_empty()).then(|| selected_paths(&args.files, &config, &cwd));
    let mut vault = vault::load(&config);
    let mut diagnostics = lint_selected(&vault, &config, selected.as_ref());

    if args.fix {
        let (files, fixes) = lint::fix::apply(&vault, &diagnostics)?;
        if fixes > 0 {
            eprintln!(
                "phasebook: fixed {fixes} problem{} in {files} file{}",
                if fixes == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" }
            );
            vault = vault::load(&config);
            diagnostics = lint_selected(&vault, &config, selected.as_ref());
        }
    }

    let paths = PathStyle::new(&config.vault_dir, &cwd);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        CheckFormat::Human => report::human::render(
            &mut out,
            &diagnostics,
            &vault,
            &paths,
            use_color(global.color),
        )?,
        CheckFormat::Json => writeln!(
            out,
            "{}",
            report::json::render(&diagnostics, &vault, &paths)
        )?,
    }
    out.flush()?;

    // The process is about to exit: freeing tens of thousands of notes one
    // by one would only add to the run time.
    std::mem::forget(vault);

    let deny_warnings = args.deny.contains(&Deny::Warnings);
    let failing = diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || deny_warnings);
    Ok(if failing { exit::FINDINGS } else { exit::OK })
}
