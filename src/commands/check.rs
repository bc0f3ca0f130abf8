//! `phasebook check`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::{exit, load_config, use_color};
use crate::cli::{CheckArgs, CheckFormat, FailOn, GlobalArgs};
use crate::config::{Config, absolute};
use crate::lint::{self, Diagnostic, Severity};
use crate::report::{self, PathStyle, Summary};
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

/// The vault paths of the notes reported on, in order.
fn checked_notes(
    vault: &Vault,
    config: &Config,
    selected: Option<&BTreeSet<String>>,
) -> Vec<String> {
    vault
        .notes
        .iter()
        .map(|note| &note.path)
        .filter(|path| !config.lint.is_ignored(path))
        .filter(|path| selected.is_none_or(|s| s.contains(*path)))
        .cloned()
        .collect()
}

/// Whether `diagnostics` make the run fail under `--fail-on`.
pub fn failing(diagnostics: &[Diagnostic], fail_on: FailOn) -> bool {
    diagnostics.iter().any(|d| match fail_on {
        FailOn::Never => false,
        FailOn::Warning => true,
        FailOn::Error => d.severity == Severity::Error,
    })
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
    if let Some(file) = &args.write_baseline {
        let baseline = crate::baseline::of(&diagnostics, &vault, &paths);
        crate::baseline::write(&baseline, &absolute(&cwd, file))?;
        eprintln!(
            "phasebook: recorded {} finding{} in {}",
            baseline.entries.len(),
            if baseline.entries.len() == 1 { "" } else { "s" },
            file.display()
        );
    }
    if let Some(file) = &args.baseline {
        let baseline = crate::baseline::read(&absolute(&cwd, file))?;
        let known = crate::baseline::filter(&mut diagnostics, &vault, &baseline);
        if known > 0 {
            eprintln!(
                "phasebook: {known} finding{} left out: recorded in {}",
                if known == 1 { "" } else { "s" },
                file.display()
            );
        }
    }
    let summary = Summary::of(&diagnostics, vault.notes.len());
    let to_file = args.output.as_ref().map(|file| absolute(&cwd, file));
    let report = match args.format {
        CheckFormat::Human => {
            let mut buf = Vec::new();
            // Colour only on a terminal, never into a file.
            let color = to_file.is_none() && use_color(global.color);
            if args.quiet {
                writeln!(buf, "{}", report::human::summary_line(&summary, color))?;
            } else {
                report::human::render(&mut buf, &diagnostics, &vault, &paths, color)?;
            }
            buf
        }
        CheckFormat::Json => {
            format!("{}\n", report::json::render(&diagnostics, &vault, &paths)).into_bytes()
        }
        CheckFormat::Sarif => format!(
            "{}\n",
            report::sarif::render(&diagnostics, &vault, &paths, &config)
        )
        .into_bytes(),
        CheckFormat::Github => report::github::render(&diagnostics, &paths).into_bytes(),
        CheckFormat::Junit => report::junit::render(
            &diagnostics,
            &paths,
            &checked_notes(&vault, &config, selected.as_ref()),
        )
        .into_bytes(),
    };
    match &to_file {
        Some(file) => lint::fix::write_atomic(file, &report)?,
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(&report)?;
            out.flush()?;
        }
    }
    // The summary line reaches the terminal whatever the format: on stderr
    // when stdout holds a machine format or the report went to a file.
    if to_file.is_some() || args.format != CheckFormat::Human {
        eprintln!("{}", report::human::summary_line(&summary, false));
    }

    // The process is about to exit: freeing tens of thousands of notes one
    // by one would only add to the run time.
    std::mem::forget(vault);

    let recorded = args.write_baseline.is_some();
    Ok(if !recorded && failing(&diagnostics, args.fail_on()) {
        exit::FINDINGS
    } else {
        exit::OK
    })
}
