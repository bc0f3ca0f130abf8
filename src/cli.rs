//! Command-line definitions (clap). Parsing only: `main.rs` dispatches to
//! `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
pub use clap_complete::Shell;

#[derive(Debug, Parser)]
#[command(
    name = "phasebook",
    version,
    about = "Lint, report on and publish a Markdown vault of phase documents",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The book.toml to use (default: found in this folder or a parent).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// A vault folder to use with default settings (no book.toml needed).
    #[arg(long, global = true, value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Do not read .gitignore, .ignore or .git/info/exclude: the paths they
    /// list are checked and published like any other (as in ripgrep).
    #[arg(long, global = true)]
    pub no_ignore: bool,
    /// Print how long each stage of the run took (discover, parse, index,
    /// resolve, lint, render, …), on stderr when the command ends.
    #[arg(long, global = true)]
    pub timings: bool,
    /// Parse every note, neither reading nor writing the note cache
    /// (`.phasebook-cache` beside book.toml, else in the current folder;
    /// PHASEBOOK_CACHE_DIR puts it elsewhere, PHASEBOOK_NO_CACHE=1 is this
    /// flag).
    #[arg(long, global = true)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint the vault: links, headings, frontmatter, checklists.
    Check(CheckArgs),
    /// Report how complete each phase's criteria, gates and artifacts are.
    Readiness(ReadinessArgs),
    /// Build the vault into a static HTML site, readiness report included.
    Build(BuildArgs),
    /// Build, serve the site on localhost, rebuild and reload on changes.
    Serve(ServeArgs),
    /// List every rule with its default level.
    Rules,
    /// Explain a rule: what it checks, why, an example and the fix.
    Explain {
        /// The rule's name, e.g. broken-link.
        rule: String,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff), or write one page per subcommand.
    Man(ManArgs),
    /// Print the JSON Schema of book.toml, for editors to validate it with.
    Schema,
    /// Start a handbook: book.toml, a small vault of phase notes, .gitignore.
    Init(InitArgs),
    /// Write a note from one of the vault's templates; with --after, as the
    /// next phase of a chain.
    New(NewArgs),
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new note's path in the vault (`delivery/phases/07-review`); `.md`
    /// is added unless the name ends with it. A path naming the vault folder
    /// from outside it (`vault/delivery/…`) is read as such.
    pub path: PathBuf,
    /// The template to fill: its name in the template folder
    /// (`.obsidian/templates.json`'s `folder`, else `templates/`), with or
    /// without `.md`. Needed when there is more than one.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Make the note the phase after PHASE (a phase note's name, e.g.
    /// `06-iterate`, or a `[[link]]`): its `phase`, `previous_phase` and
    /// `next_phase` are set, and PHASE's `next_phase` and the old next
    /// phase's `previous_phase` name the new note.
    #[arg(long, value_name = "PHASE")]
    pub after: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start the handbook in (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Also write a CI workflow that checks the handbook and builds the site.
    #[arg(long, value_enum, value_name = "PROVIDER")]
    pub ci: Option<Ci>,
    /// Also write `.pre-commit-config.yaml`, a local hook running `phasebook
    /// check` on the notes a commit changes.
    #[arg(long)]
    pub pre_commit: bool,
}

/// Where `init --ci` writes a workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ci {
    /// GitHub Actions: `.github/workflows/handbook.yml`.
    Github,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `phasebook.1` and a `phasebook-COMMAND.1` per subcommand into
    /// DIR (created if missing) instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics and a summary line.
    Human,
    /// The stable, versioned JSON document (docs/json-output.md).
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// JUnit XML: a test suite per file, a test case per rule.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Exit 1 on warnings too (same as `--fail-on warning`).
    Warnings,
}

/// Which findings make `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warning,
    /// Nothing: report and exit 0.
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report only on these files, folders (every note under one) or
    /// quoted globs; the whole vault is still indexed.
    pub files: Vec<PathBuf>,
    /// Output format (`--output-format`, ruff's name, is accepted too).
    #[arg(long, alias = "output-format", value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Apply the fixes of fixable rules, writing files atomically.
    #[arg(long)]
    pub fix: bool,
    /// Treat these findings as failures (`--deny warnings` is `--fail-on
    /// warning`).
    #[arg(long, value_enum, conflicts_with = "fail_on")]
    pub deny: Vec<Deny>,
    /// Which findings make the exit code 1.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Write the report to FILE (atomically) instead of stdout; the summary
    /// line still goes to stderr.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the findings and nothing else: no summary line, no hints (as
    /// ruff's `--quiet`; a clean run prints nothing).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Leave out the findings recorded in this baseline file, so only new
    /// ones are reported and fail the run.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Pre-commit mode: FILES are the staged changes (none: report on
    /// nothing), and files deleted or renamed away in the git index count
    /// as deleted FILES, so links they break elsewhere are reported.
    #[arg(long)]
    pub staged: bool,
    /// Record today's findings in FILE (exit 0); `--baseline FILE` then
    /// reports only findings added since.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

impl CheckArgs {
    /// The effective `--fail-on`, `--deny warnings` included.
    pub(crate) fn fail_on(&self) -> FailOn {
        if self.deny.contains(&Deny::Warnings) {
            FailOn::Warning
        } else {
            self.fail_on.unwrap_or(FailOn::Error)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReadinessFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct ReadinessArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReadinessFormat::Text)]
    pub format: ReadinessFormat,
    /// Only this workflow (its name, e.g. `delivery`, or its folder).
    #[arg(long, value_name = "NAME")]
    pub workflow: Option<String>,
    /// Only this phase: its number (`05`), file stem (`05-release`) or name.
    #[arg(long, value_name = "ID")]
    pub phase: Option<String>,
    /// Exit 1 unless this phase is ready to exit, listing what is open
    /// (repeatable). With `--artifact` and no PHASE: exit 1 unless the
    /// artifact's checklists are complete.
    #[arg(long, value_name = "PHASE", num_args = 0..=1, default_missing_value = "")]
    pub require: Vec<String>,
    /// Report on one artifact instead of the workflows: the phases that
    /// declare it, whether its note exists, and its own checklists. Exits 1
    /// when it is missing.
    #[arg(long, value_name = "NAME")]
    pub artifact: Option<String>,
    /// What moved since a git revision (`main`, `HEAD~3`, a tag): items
    /// checked and unchecked, artifacts added or removed, gates that became
    /// ready or stopped being ready, per phase. Reads history with `git`;
    /// never writes to the repository.
    #[arg(long, value_name = "REF", conflicts_with_all = ["artifact", "require", "phase"])]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site (default: `[build] build-dir`, `site`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Fail (exit 1, previous site kept) when `check` finds errors.
    #[arg(long)]
    pub strict: bool,
    /// List what would be published and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// List every file left out of the site with the rule that left it out.
    #[arg(long, short = 'v', visible_alias = "verbose")]
    pub explain: bool,
    /// Fail at once when another build is writing the same folder,
    /// instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on. Beyond loopback the site is reachable from
    /// other machines (a warning says so).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Also answer requests whose Host header is NAME (repeatable); by
    /// default only localhost, loopback addresses and the address
    /// connected to are answered, which stops DNS-rebinding pages.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// Where to write the site (default: `[build] build-dir`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
