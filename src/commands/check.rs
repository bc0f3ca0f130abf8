//! `phasebook check`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{exit, load_config, use_color};
use crate::cli::{CheckArgs, CheckFormat, FailOn, GlobalArgs};
use crate::config::{Config, absolute};
use crate::lint::{self, Diagnostic, Severity};
use crate::report::{self, PathStyle, Summary};
use crate::vault::{self, Vault, discover::vault_path};

/// How one run looks at the vault: its configuration, how paths are
/// shown, and the FILES it reports on (all notes when `None`).
#[derive(Clone, Copy)]
struct Scope<'a> {
    config: &'a Config,
    paths: &'a PathStyle,
    selected: Option<&'a Selection>,
    /// Files git saw renamed, for the help and fix of a broken link.
    renames: &'a lint::Renames,
}

/// What the FILES on the command line select.
#[derive(Debug, Default)]
struct Selection {
    /// Vault paths of the FILES to report on.
    paths: BTreeSet<String>,
    /// Folders given as FILES, as vault paths ending in `/` (empty for the
    /// vault itself): every file under one is selected, as markdownlint and
    /// ruff take a folder.
    folders: Vec<String>,
    /// Quoted glob patterns given as FILES (`'vault/**/*.md'`), matched
    /// against each file's path joined to the vault folder. Why here: a
    /// shell expands an unquoted glob itself, but CI configs and Windows
    /// shells pass it through.
    globs: Option<globset::GlobSet>,
    /// The vault folder the globs' paths are joined to.
    glob_root: std::path::PathBuf,
    /// FILES that do not exist (pre-commit passes deleted and renamed-away
    /// paths): lower-cased link name → vault path.
    deleted: BTreeMap<String, String>,
    /// FILES that do not exist and never did (in git's history): a typo,
    /// an error (exit 2), as ripgrep and ruff have it.
    missing: Vec<String>,
}

impl Selection {
    /// Whether the file at vault path `path` is reported on.
    fn contains(&self, path: &str) -> bool {
        self.paths.contains(path)
            || self
                .folders
                .iter()
                .any(|folder| path.starts_with(folder.as_str()))
            || self
                .globs
                .as_ref()
                .is_some_and(|globs| globs.is_match(self.glob_root.join(path)))
    }
}

/// Whether a FILE that does not exist is meant as a glob pattern.
fn is_glob(file: &Path) -> bool {
    file.to_string_lossy().contains(['*', '?', '[', '{'])
}

/// The name a link uses for a file: its name, without `.md` for a note;
/// lower-cased, as Obsidian compares names.
fn link_name(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name).to_lowercase()
}

/// The FILES given on the command line; files outside the vault are
/// reported on stderr and skipped.
/// `staged` (absolute paths the git index deletes) are taken silently:
/// deletions outside the vault do not concern it.
fn selected_paths(
    files: &[std::path::PathBuf],
    staged: &[std::path::PathBuf],
    config: &Config,
    cwd: &Path,
) -> Selection {
    let root = config
        .vault_dir
        .canonicalize()
        .unwrap_or_else(|_| config.vault_dir.clone());
    let mut selection = Selection {
        glob_root: config.vault_dir.clone(),
        ..Selection::default()
    };
    let mut globs = globset::GlobSetBuilder::new();
    let mut any_glob = false;
    let given = files.iter().map(|f| (f, true));
    for (file, loud) in given.chain(staged.iter().map(|f| (f, false))) {
        let abs = absolute(cwd, file);
        let exists = abs.symlink_metadata().is_ok();
        if loud && !exists && is_glob(file) {
            let pattern = abs.to_string_lossy().replace('\\', "/");
            match globset::GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
            {
                Ok(glob) => {
                    globs.add(glob);
                    any_glob = true;
                }
                Err(why) => eprintln!("phasebook: {}: {why}; skipped", file.display()),
            }
            continue;
        }
        let abs = abs.canonicalize().unwrap_or(abs);
        let is_dir = exists && abs.is_dir();
        if is_dir && root.starts_with(&abs) {
            // A folder holding the vault (`check .` from the repository).
            selection.folders.push(String::new());
            continue;
        }
        match vault_path(&root, &abs).or_else(|| vault_path(&config.vault_dir, &abs)) {
            Some(path) if is_dir => {
                selection
                    .folders
                    .push(if path.is_empty() { path } else { path + "/" });
            }
            Some(path) if !path.is_empty() => {
                if !exists {
                    if loud {
                        if !super::git::ever_tracked(&config.vault_dir, &abs) {
                            selection.missing.push(file.display().to_string());
                            continue;
                        }
                        eprintln!(
                            "phasebook: {} does not exist: checked as deleted (links to it are reported)",
                            file.display()
                        );
                    }
                    selection.deleted.insert(link_name(&path), path.clone());
                }
                selection.paths.insert(path);
            }
            _ if !loud => {}
            _ if !exists => selection.missing.push(file.display().to_string()),
            _ => eprintln!(
                "phasebook: {} is not in the vault ({}); skipped",
                file.display(),
                config.vault_dir.display()
            ),
        }
    }
    if any_glob {
        selection.globs = globs.build().ok();
    }
    selection
}

/// Run git in `cwd`; its stdout, or an error naming the command.
fn git(cwd: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .with_context(|| format!("--staged: cannot run `git {}`", args.join(" ")))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        bail!(
            "--staged: `git {}` failed: {}",
            args.join(" "),
            err.lines().next().unwrap_or("").trim()
        );
    }
    Ok(out.stdout)
}

/// Absolute paths of the files the git index deletes or renames away
/// (pre-commit never passes them: it lists added, copied, modified and
/// renamed-to files only).
fn staged_deletions(cwd: &Path) -> Result<Vec<std::path::PathBuf>> {
    let top = git(cwd, &["rev-parse", "--show-toplevel"])?;
    let top = std::path::PathBuf::from(String::from_utf8_lossy(&top).trim_end());
    let listed = git(
        cwd,
        &[
            "diff",
            "--cached",
            "--name-only",
            "--no-renames",
            "--diff-filter=D",
            "-z",
        ],
    )?;
    Ok(listed
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| top.join(String::from_utf8_lossy(p).as_ref()))
        .filter(|p| p.symlink_metadata().is_err())
        .collect())
}

/// If `diag` is a broken link whose target is named like a deleted FILE,
/// that file's vault path.
fn broken_by_deletion<'s>(
    diag: &Diagnostic,
    vault: &Vault,
    deleted: &'s BTreeMap<String, String>,
) -> Option<&'s String> {
    if !matches!(diag.rule, "broken-link" | "broken-markdown-link") || deleted.is_empty() {
        return None;
    }
    let note = report::note_of(vault, diag)?;
    let link = note.links.iter().find(|l| l.span() == diag.span)?;
    let target = link.target().trim_end_matches('/');
    deleted.get(&link_name(target))
}

/// The notes a check of `selected` runs the per-note rules on: those
/// selected, and those with a link to a file this change deletes or
/// renames (only their findings can be kept). `None`: every note.
fn wanted_notes(vault: &Vault, selected: Option<&Selection>) -> Option<Vec<bool>> {
    let selected = selected?;
    let wanted = vault
        .notes
        .iter()
        .map(|note| {
            selected.contains(&note.path)
                || (!selected.deleted.is_empty()
                    && note.links.iter().any(|link| {
                        let target = link.target().trim_end_matches('/');
                        selected.deleted.contains_key(&link_name(target))
                    }))
        })
        .collect();
    Some(wanted)
}

fn lint_selected(vault: &Vault, scope: &Scope<'_>) -> Vec<Diagnostic> {
    let Scope {
        config,
        paths,
        selected,
        renames,
    } = *scope;
    let phases = crate::phases::Phases::build(vault, config);
    let (Some(selected), Some(wanted)) = (selected, wanted_notes(vault, selected)) else {
        return lint::run_with(vault, config, &phases, renames, &|_| true);
    };
    let mut diagnostics = lint::run_with(vault, config, &phases, renames, &|id| wanted[id]);
    diagnostics.retain_mut(|d| {
        if selected.contains(&d.path) {
            return true;
        }
        // A link in an unchanged note that this change breaks.
        let Some(gone) = broken_by_deletion(d, vault, &selected.deleted) else {
            return false;
        };
        let gone = paths.show(gone);
        let why = format!("`{gone}` is deleted or renamed in this change");
        d.message.push_str(&format!(" (it pointed to `{gone}`)"));
        d.help = Some(match d.help.take() {
            Some(help) => format!("{why}; {help}"),
            None => format!("{why}: update this link, or keep the file"),
        });
        true
    });
    diagnostics
}

/// The vault paths of the notes reported on, in order.
fn checked_notes(vault: &Vault, scope: &Scope<'_>) -> Vec<String> {
    vault
        .notes
        .iter()
        .enumerate()
        .filter(|(id, _)| vault.is_linted(*id))
        .map(|(_, note)| &note.path)
        .filter(|path| scope.selected.is_none_or(|s| s.contains(path)))
        .cloned()
        .collect()
}

/// The temporary files a killed `--fix` left in the vault (`--fix` writes
/// each note through one, then renames it over the note). They hold note
/// text and `git add -A` would commit them: `--fix` removes those older
/// than a minute (a younger one may be another `--fix` at work), a plain
/// check says they are there.
fn leftover_temporary_files(vault: &Vault, paths: &PathStyle, fix: bool) {
    let stale: Vec<&str> = vault
        .scope
        .walked_out
        .iter()
        .map(|entry| entry.path.as_str())
        .filter(|path| crate::fsio::is_temporary_name(path.rsplit('/').next().unwrap_or(path)))
        .filter(|path| {
            std::fs::symlink_metadata(vault.root.join(path))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(60))
        })
        .collect();
    if stale.is_empty() {
        return;
    }
    if fix {
        for path in &stale {
            if std::fs::remove_file(vault.root.join(path)).is_ok() {
                eprintln!(
                    "phasebook: removed {}, a temporary file an interrupted --fix left",
                    paths.show(path)
                );
            }
        }
    } else {
        eprintln!(
            "phasebook: warning: {} temporary file{} of an interrupted --fix remain{} in the vault, \
             such as {} (`phasebook check --fix` removes them)",
            stale.len(),
            if stale.len() == 1 { "" } else { "s" },
            if stale.len() == 1 { "s" } else { "" },
            paths.show(stale[0])
        );
    }
}

/// The renames git knows of, read only when some wikilink of the notes
/// checked is broken: a clean vault, the common case, runs no git at all.
fn renames_if_broken(
    vault: &Vault,
    config: &Config,
    selected: Option<&Selection>,
) -> lint::Renames {
    let wanted = wanted_notes(vault, selected);
    let broken = (0..vault.notes.len())
        .filter(|&id| wanted.as_ref().is_none_or(|w| w[id]))
        .any(|id| {
            let links = vault.notes[id].links.iter();
            vault.resolutions(id).iter().zip(links).any(|(r, l)| {
                matches!(r, vault::Resolution::Unresolved(_)) && !l.kind.is_markdown()
            })
        });
    if broken {
        super::git::renames(&config.vault_dir, super::git::RENAME_HISTORY)
    } else {
        lint::Renames::default()
    }
}

/// Whether `diagnostics` make the run fail under `--fail-on`.
pub(crate) fn failing(diagnostics: &[Diagnostic], fail_on: FailOn) -> bool {
    diagnostics.iter().any(|d| match fail_on {
        FailOn::Never => false,
        FailOn::Warning => true,
        FailOn::Error => d.severity == Severity::Error,
    })
}

pub fn run(args: &CheckArgs, global: &GlobalArgs) -> Result<u8> {
    crate::timing::begin();
    let (config, cwd) = load_config(global)?;
    crate::timing::lap("configured");
    let paths = PathStyle::new(&config.vault_dir, &cwd);
    let selected = if args.staged {
        let deleted = staged_deletions(&cwd)?;
        Some(selected_paths(&args.files, &deleted, &config, &cwd))
    } else {
        (!args.files.is_empty()).then(|| selected_paths(&args.files, &[], &config, &cwd))
    };
    if let Some(missing) = selected
        .as_ref()
        .map(|s| &s.missing)
        .filter(|m| !m.is_empty())
    {
        for file in missing {
            eprintln!("phasebook: error: {file}: no such file or folder");
        }
        return Ok(exit::USAGE);
    }
    let load = |config: &Config| vault::load_leaving_texts(config, selected.is_none());
    let mut vault = load(&config);
    let renames = renames_if_broken(&vault, &config, selected.as_ref());
    let scope = Scope {
        config: &config,
        paths: &paths,
        selected: selected.as_ref(),
        renames: &renames,
    };
    if let Some(selection) = selected.as_ref().filter(|_| !args.staged) {
        // Said, not fatal (as ruff does): a typo or a glob that matches
        // nothing would otherwise pass as a clean check.
        let selects_nothing = selection.deleted.is_empty()
            && !vault
                .notes
                .iter()
                .any(|note| selection.contains(&note.path));
        if selects_nothing {
            eprintln!(
                "phasebook: warning: the FILES given select no note in the vault ({})",
                config.vault_dir.display()
            );
        }
    }
    leftover_temporary_files(&vault, &paths, args.fix);
    let mut diagnostics = lint_selected(&vault, &scope);
    if args.fix && fix(&vault, &diagnostics)? {
        vault = load(&config);
        diagnostics = lint_selected(&vault, &scope);
    }
    crate::timing::lap("linted");
    // Before a baseline is written from what the rules read.
    (vault.unchanged_on_disk()).map_err(|err| super::paths_shown(err, &paths))?;
    apply_baselines(args, &cwd, &mut diagnostics, &vault, &paths)?;
    vault.forget_what_can_be_made_again();

    // With FILES, the notes those name: `check a.md` checked one note, not
    // the vault it read to resolve a.md's links.
    let checked = match scope.selected {
        Some(selected) => vault
            .notes
            .iter()
            .filter(|note| selected.contains(&note.path))
            .count(),
        None => vault.notes.len(),
    };
    let summary = Summary {
        checked,
        ..Summary::of(&diagnostics, vault.notes.len())
    };
    let to_file = args.output.as_ref().map(|file| absolute(&cwd, file));
    // Colour only on a terminal, never into a file.
    let color = to_file.is_none() && use_color(global.color);
    let report = render_report(args, &vault, &scope, &diagnostics, &summary, color)?;
    crate::timing::lap("reported");
    // The report read texts again (its lines): what it shows must be the
    // text parsed.
    (vault.unchanged_on_disk()).map_err(|err| super::paths_shown(err, &paths))?;
    match &to_file {
        Some(file) => crate::fsio::write_atomic(file, &report)?,
        None => super::write_stdout(&report)?,
    }
    // The summary line reaches the terminal whatever the format: on stderr
    // when stdout holds a machine format or the report went to a file.
    if (to_file.is_some() || args.format != CheckFormat::Human) && !args.quiet {
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

/// `--fix`: apply the fixable findings. True when files changed, so the
/// vault must be read again.
fn fix(vault: &Vault, diagnostics: &[Diagnostic]) -> Result<bool> {
    let (files, fixes) = lint::fix::apply(vault, diagnostics)?;
    if fixes > 0 {
        eprintln!(
            "phasebook: fixed {fixes} problem{} in {files} file{}",
            if fixes == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        );
    }
    Ok(fixes > 0)
}

/// `--write-baseline` records the findings; `--baseline` leaves out the
/// recorded ones.
fn apply_baselines(
    args: &CheckArgs,
    cwd: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    vault: &Vault,
    paths: &PathStyle,
) -> Result<()> {
    if let Some(file) = &args.write_baseline {
        let baseline = crate::baseline::of(diagnostics, vault, paths);
        crate::baseline::write(&baseline, &absolute(cwd, file))?;
        eprintln!(
            "phasebook: recorded {} finding{} in {}",
            baseline.entries.len(),
            if baseline.entries.len() == 1 { "" } else { "s" },
            file.display()
        );
    }
    if let Some(file) = &args.baseline {
        let baseline = crate::baseline::read(&absolute(cwd, file))?;
        let known = crate::baseline::filter(diagnostics, vault, &baseline);
        if known > 0 {
            eprintln!(
                "phasebook: {known} finding{} left out: recorded in {}",
                if known == 1 { "" } else { "s" },
                file.display()
            );
        }
    }
    Ok(())
}

/// The report in the chosen `--format`, as bytes for stdout or `--output`.
fn render_report(
    args: &CheckArgs,
    vault: &Vault,
    scope: &Scope<'_>,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    color: bool,
) -> Result<Vec<u8>> {
    let checked = match args.format {
        CheckFormat::Junit => checked_notes(vault, scope),
        _ => Vec::new(),
    };
    let run = report::Run {
        color,
        diagnostics,
        summary: *summary,
        checked: &checked,
        ..report::Run::new(vault, scope.config, scope.paths)
    };
    let mut out = Vec::new();
    report::check_format(args.format, args.quiet).write(&run, &mut out)?;
    Ok(out)
}
