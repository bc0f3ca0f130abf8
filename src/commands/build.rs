//! `phasebook build`.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{exit, load_config, use_color};
use crate::cli::{BuildArgs, GlobalArgs};
use std::path::Path;

use crate::config::{Config, absolute};
use crate::lint::{self, Diagnostic};
use crate::phases::Phases;
use crate::report::{self, PathStyle, Summary};
use crate::site::output::WhenLocked;
use crate::site::{Build, fresh};
use crate::vault::Vault;
use crate::{readiness, vault};

/// A progress bar on a terminal, shown only once a build has taken more
/// than a moment (so small vaults build silently), and never on a pipe.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: Mutex<bool>,
    terminal: bool,
    /// How long a build runs before the bar appears.
    delay: Duration,
}

impl Progress {
    fn new() -> Progress {
        Progress::with(std::io::stderr().is_terminal(), Duration::from_millis(300))
    }

    fn with(terminal: bool, delay: Duration) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {eta}")
        {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: Instant::now(),
            shown: Mutex::new(false),
            terminal,
            delay,
        }
    }

    /// Whether the bar has been put on the terminal.
    #[cfg(test)]
    fn shown(&self) -> bool {
        self.shown.lock().map(|s| *s).unwrap_or(true)
    }

    fn update(&self, done: usize, total: usize) {
        if self.terminal
            && self.started.elapsed() >= self.delay
            && let Ok(mut shown) = self.shown.lock()
            && !*shown
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            *shown = true;
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
    }
}

pub fn run(args: &BuildArgs, global: &GlobalArgs) -> Result<u8> {
    let (mut config, cwd) = load_config(global)?;
    if let Some(out) = &args.out {
        config.build_dir = absolute(&cwd, out);
    }
    let color = use_color(global.color) && std::io::stderr().is_terminal();
    if args.dry_run {
        return dry_run(&config, &cwd, args.explain);
    }
    let options = BuildOptions {
        strict: args.strict,
        color,
        exiting: true,
        explain: args.explain,
        when_locked: if args.no_wait {
            WhenLocked::Fail
        } else {
            WhenLocked::Wait
        },
        seen: None,
    };
    build_once(&config, &cwd, &options)
}

/// How `build_once` runs.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions<'a> {
    /// Stop, leaving the previous site, when `check` finds errors.
    pub strict: bool,
    pub color: bool,
    /// The process ends right after, so the big structures are not freed
    /// one by one (`serve` builds again and again).
    pub exiting: bool,
    /// List what the publication scope left out, and why.
    pub explain: bool,
    /// What to do when another build is writing the same folder.
    pub when_locked: WhenLocked,
    /// `serve`: the findings of the builds so far, so that each rebuild
    /// prints the findings it adds, as `check` prints them, and those it
    /// resolves.
    pub seen: Option<&'a std::sync::Mutex<Seen>>,
}

/// The findings `serve` has seen: a finding is known by its file, rule,
/// message and the text of its line, not the line's number, so an edit
/// above it does not make it new; each with where it stood, as a resolved
/// one is named.
#[derive(Debug, Default)]
pub struct Seen {
    /// `None` until a full build has linted the vault.
    known: Option<BTreeMap<FindingKey, String>>,
}

/// A finding's file, rule, message and line text.
type FindingKey = (String, &'static str, String, String);

impl Seen {
    /// Print the findings of `diagnostics` not seen before (the human
    /// report) and the seen ones that are gone, on stderr; then remember
    /// these. The first build only remembers: its summary line says it.
    fn update(
        &mut self,
        diagnostics: &[Diagnostic],
        vault: &Vault,
        paths: &PathStyle,
        color: bool,
    ) {
        // Each diagnostic's key, once (its line is read from the note's
        // text, which the build leaves in the file).
        let mut texts = report::format::NoteTexts::new(vault);
        let keys: Vec<FindingKey> = diagnostics
            .iter()
            .map(|d| {
                let line = texts
                    .of(d)
                    .and_then(|on| on.text.lines().nth(d.start.line.saturating_sub(1)))
                    .unwrap_or("")
                    .trim()
                    .to_string();
                (d.path.clone(), d.rule, d.message.clone(), line)
            })
            .collect();
        let now: BTreeMap<_, String> = (keys.iter().cloned())
            .zip(
                diagnostics
                    .iter()
                    .map(|d| report::format::one_line(d, paths)),
            )
            .collect();
        if let Some(before) = &self.known {
            let new: Vec<Diagnostic> = (diagnostics.iter().zip(&keys))
                .filter(|(_, key)| !before.contains_key(*key))
                .map(|(d, _)| d.clone())
                .collect();
            let mut err = std::io::stderr().lock();
            if !new.is_empty() {
                let _ = report::human::render(&mut err, &new, vault, paths, color);
            }
            for (k, shown) in before {
                if !now.contains_key(k) {
                    let _ = writeln!(err, "phasebook: resolved: {shown}");
                }
            }
        }
        self.known = Some(now);
    }
}

/// `build --dry-run`: what would be published, and (`--explain`) what is
/// left out and why. Nothing is written.
fn dry_run(config: &Config, cwd: &Path, explain: bool) -> Result<u8> {
    let vault = vault::load(config);
    let paths = PathStyle::new(&config.vault_dir, cwd);
    print_warnings(&report::publication::problems(&vault, &paths), explain);
    let mut out = format!(
        "phasebook: {} (dry run: nothing written)\n",
        report::publication::summary_line(&vault, true, 0)
    );
    out.push_str("published:\n");
    out.push_str(&report::publication::published(&vault, &paths));
    if explain {
        out.push_str(&report::publication::left_out(&vault, &paths));
    }
    super::write_stdout(out.as_bytes())?;
    Ok(exit::OK)
}

/// Check and build the vault of `config` into its build folder, reporting
/// on the terminal.
pub fn build_once(config: &Config, cwd: &Path, options: &BuildOptions) -> Result<u8> {
    let BuildOptions {
        strict,
        color,
        exiting,
        explain,
        when_locked,
        seen,
    } = *options;
    let started = Instant::now();
    let out = config.build_dir.clone();
    // Whatever set the build folder (book.toml, --out, --vault's default),
    // it must not be the vault or hold it: the swap would replace the notes.
    if let Some(problem) = crate::config::build_dir_problem(&config.vault_dir, &out) {
        bail!("build folder {}: {problem}", shown(cwd, &out));
    }
    crate::timing::begin();
    let began = std::time::SystemTime::now();
    // A rebuild of unchanged inputs into an intact site does nothing
    // (`site::fresh`); `--strict` and `--explain` print what only a full
    // build knows.
    // `serve`'s first build lints, whatever the site holds: what later
    // rebuilds add is told against it.
    let first_seen = seen.is_some_and(|s| s.lock().is_ok_and(|s| s.known.is_none()));
    let inputs = (!strict && !explain && !first_seen).then(|| {
        let head = super::git::head(&config.vault_dir);
        let said_from = format!("{}\n{}", head.as_deref().unwrap_or("-"), cwd.display());
        fresh::Inputs::scan(config, Some(&said_from))
    });
    crate::timing::lap("scanned");
    if let Some(stamp) = inputs.as_ref().and_then(|i| fresh::Stamp::fresh(&out, i)) {
        return unchanged(&stamp, &check_command(config, cwd), (cwd, &out), started);
    }
    let mut vault = vault::load_leaving_texts(config, true);
    vault.hold_embedded_texts();
    let phases = Phases::build(&vault, config);
    let report_data = readiness::report(&vault, config, &phases);
    // The history walks are mostly waiting on git: they run beside the
    // lint.
    let (diagnostics, history, last_changed) = std::thread::scope(|scope| {
        let history = scope.spawn(|| {
            super::git::history(&vault, config, &report_data, config.site.readiness_history)
                .unwrap_or_default()
        });
        let last_changed =
            scope.spawn(|| super::git::last_changed(&vault, config).unwrap_or_default());
        let diagnostics = lint::run(&vault, config, &phases);
        (
            diagnostics,
            history.join().unwrap_or_default(),
            last_changed.join().unwrap_or_default(),
        )
    });
    let summary = Summary::of(&diagnostics, vault.notes.len());
    crate::timing::lap("checked");
    let paths = PathStyle::new(&config.vault_dir, cwd);
    // Nothing told, not even to `serve`'s list, from a text read as blanks.
    (vault.unchanged_on_disk()).map_err(|err| super::paths_shown(err, &paths))?;
    if let Some(Ok(mut seen)) = seen.map(|s| s.lock()) {
        seen.update(&diagnostics, &vault, &paths, color);
    }

    if strict && summary.errors > 0 {
        let mut err = std::io::stderr().lock();
        report::human::render(&mut err, &diagnostics, &vault, &paths, color)?;
        // Nothing was written either way: say what the folder holds.
        let left = if out.exists() {
            format!("{} is unchanged", shown(cwd, &out))
        } else {
            format!("{} was not created", shown(cwd, &out))
        };
        eprintln!(
            "phasebook: not building: check found {} error{} (--strict); {left}",
            summary.errors,
            if summary.errors == 1 { "" } else { "s" },
        );
        return Ok(exit::FINDINGS);
    }

    let publication_problems = report::publication::problems(&vault, &paths);
    let findings = summary.errors + summary.warnings > 0;
    let stamper = |made: &crate::site::BuildReport| {
        let published = report::publication::summary_line(&vault, false, made.dropped_attachments);
        let line = findings.then(|| report::human::summary_line(&summary, false));
        let warnings = publication_problems.len() + made.warnings.len();
        let stamp = fresh::Stamp::new(published, line, (warnings, made.pages, made.broken_links));
        stamp.bytes(inputs.as_ref()?, began)
    };
    let progress = Progress::new();
    let build = Build {
        vault: &vault,
        config,
        phases: &phases,
        report: &report_data,
        exiting,
        when_locked,
        history: &history,
        last_changed: &last_changed,
        stamp: Some(&stamper),
    };
    let result = build.run(&out, &|done, total| progress.update(done, total));
    progress.bar.finish_and_clear();
    let built = result.map_err(|err| super::paths_shown(err, &paths))?;

    let mut warnings = publication_problems;
    warnings.extend(built.warnings.iter().cloned());
    print_warnings(&warnings, explain);
    if findings {
        eprintln!("{}", report::human::summary_line(&summary, color));
        eprintln!("{}", check_hint(&check_command(config, cwd)));
    }
    let mut done = format!(
        "phasebook: {}\n",
        report::publication::summary_line(&vault, false, built.dropped_attachments)
    );
    if explain {
        done.push_str(&report::publication::left_out(&vault, &paths));
    }
    done += &format!(
        "phasebook: built {} pages ({} files: {} written, {} unchanged) with {} broken link{} into {} in {:.2} s\n\
         phasebook: open {}\n",
        built.pages,
        built.files,
        built.stats.written,
        built.stats.linked,
        built.broken_links,
        if built.broken_links == 1 { "" } else { "s" },
        shown(cwd, &out),
        started.elapsed().as_secs_f64(),
        shown(cwd, &out.join("index.html")),
    );
    super::write_stdout(done.as_bytes())?;
    if exiting {
        std::mem::forget(vault);
    }
    Ok(exit::OK)
}

/// A build with nothing to do: what the build that made the site reported,
/// and that the site is as it was.
fn unchanged(
    stamp: &fresh::Stamp,
    check: &str,
    (cwd, out): (&Path, &Path),
    started: Instant,
) -> Result<u8> {
    if stamp.warnings > 0 {
        eprintln!(
            "phasebook: {} warning{}, as in the build that made the site (`phasebook build --explain` prints them)",
            stamp.warnings,
            if stamp.warnings == 1 { "" } else { "s" }
        );
    }
    if let Some(findings) = &stamp.findings {
        eprintln!("{findings}\n{}", check_hint(check));
    }
    let done = format!(
        "phasebook: {}\n\
         phasebook: nothing changed: {} holds the {} pages with {} broken link{}, as built before (checked in {:.2} s)\n\
         phasebook: open {}\n",
        stamp.published,
        shown(cwd, out),
        stamp.pages,
        stamp.broken_links,
        if stamp.broken_links == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64(),
        shown(cwd, &out.join("index.html")),
    );
    super::write_stdout(done.as_bytes())?;
    Ok(exit::OK)
}

/// Where the check's findings are told in full.
fn check_hint(check: &str) -> String {
    format!("phasebook: run `{check}` for the details; broken links are marked on the pages")
}

/// Warnings printed at most, unless `--explain`.
const MAX_WARNINGS: usize = 20;

/// The build's warnings on stderr: the first [`MAX_WARNINGS`] and a count
/// of the rest, unless `--explain` asks for all. A vault whose embeds fan
/// out warns once per page: thousands of lines that buried the summary.
fn print_warnings(warnings: &[String], all: bool) {
    let shown = if all {
        warnings.len()
    } else {
        warnings.len().min(MAX_WARNINGS)
    };
    for warning in &warnings[..shown] {
        eprintln!("phasebook: warning: {warning}");
    }
    let rest = warnings.len() - shown;
    if rest > 0 {
        eprintln!(
            "phasebook: … and {rest} more warning{} (`phasebook build --explain` prints them all)",
            if rest == 1 { "" } else { "s" }
        );
    }
}

/// The `phasebook check` that checks what this build read: with the
/// `--vault` or `--config` the user gave, which a bare `phasebook check`
/// would not find again from the working folder.
fn check_command(config: &Config, cwd: &std::path::Path) -> String {
    let quoted = |path: &std::path::Path| {
        let text = shown(cwd, path);
        if text.contains(char::is_whitespace) {
            format!("'{text}'")
        } else {
            text
        }
    };
    match &config.file {
        None => format!("phasebook check --vault {}", quoted(&config.vault_dir)),
        Some(file) if crate::config::find_config(cwd).as_deref() != Some(file.as_path()) => {
            format!("phasebook check --config {}", quoted(file))
        }
        Some(_) => "phasebook check".to_string(),
    }
}

/// A path for the user: relative to the working folder when it is below it
/// or nearby, absolute when it is elsewhere (`/tmp/site`, not
/// `../../tmp/site`).
fn shown(cwd: &std::path::Path, path: &std::path::Path) -> String {
    let relative = report::relative_path(cwd, path);
    if relative.starts_with("../..") {
        path.display().to_string()
    } else {
        relative
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_shows_only_on_a_terminal_and_only_after_the_delay() {
        let pipe = Progress::with(false, Duration::ZERO);
        pipe.update(1, 10);
        assert!(!pipe.shown(), "never on a pipe");

        let quick = Progress::with(true, Duration::from_secs(3600));
        quick.update(1, 10);
        assert!(
            !quick.shown(),
            "a build that ends within the delay stays silent"
        );

        let slow = Progress::with(true, Duration::ZERO);
        slow.update(3, 10);
        assert!(slow.shown());
        assert_eq!((slow.bar.position(), slow.bar.length()), (3, Some(10)));
        slow.bar.finish_and_clear();
    }
}
