//! The `phasebook` binary: parse the command line, run the command, map the
//! outcome to an exit code (0 clean, 1 findings, 2 usage/config/IO error).

use std::process::ExitCode;

use clap::Parser;
use phasebook::cli::{Cli, Command};
use phasebook::commands::{self, exit};

fn main() -> ExitCode {
    #[cfg(not(feature = "system-alloc"))]
    return_freed_memory_promptly();
    let cli = Cli::parse();
    if cli.global.timings {
        phasebook::timing::enable_table();
    }
    let result = match &cli.command {
        Command::Check(args) => commands::check::run(args, &cli.global),
        Command::Readiness(args) => commands::readiness::run(args, &cli.global),
        Command::Build(args) => commands::build::run(args, &cli.global),
        Command::Serve(args) => commands::serve::run(args, &cli.global),
        Command::Rules => commands::rules::run_list(&cli.global),
        Command::Explain { rule } => commands::rules::run_explain(rule),
        Command::Completions { shell } => commands::completions::run_completions(*shell),
        Command::Man(args) => commands::completions::run_man(args),
        Command::Schema => commands::schema::run(),
        Command::Init(args) => commands::init::run(args),
        Command::New(args) => commands::new::run(args, &cli.global),
    };
    phasebook::timing::report();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("phasebook: error: {err:#}");
            ExitCode::from(exit::USAGE)
        }
    }
}

/// mimalloc instead of the system allocator: a build makes millions of
/// small, short-lived allocations (template values, events, strings) from
/// two threads, and glibc's malloc spent about a sixth of the CPU time on
/// them (callgrind); mimalloc cut user time by 10-13% on the 10k bench
/// vault for both `check` and `build`. Built with `no_thp`: mimalloc would
/// otherwise ask for transparent huge pages, and on this kind of VM the
/// kernel's zeroing (and compaction) of 2 MiB pages for a short-lived
/// process made the check's system time swing from 0.11 to 0.57 s between
/// identical runs; with 4 KiB pages it stays at 0.10-0.17 s.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Have mimalloc give freed memory back to the system 10 ms after it is
/// freed. Why: as built (mimalloc v3, whose default delay is 1,000 ms),
/// it kept freed pages far longer, so the memory a
/// run frees (each note's text once its rules ran, the parse's buffers)
/// stayed in its peak: `check` of the 10k bench vault peaked at 119 MiB
/// against 90 MiB with the system allocator. With this, 92 MiB, at no
/// measurable cost in time (paired runs: check and build within 1%).
#[cfg(not(feature = "system-alloc"))]
fn return_freed_memory_promptly() {
    /// `mi_option_purge_delay` in mimalloc's `mi_option_e` (the same index
    /// in v2 and v3; the `libmimalloc-sys` crate names no constant for it).
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one of mimalloc's global options, a plain integer; no
    // pointer is passed, and no other thread runs yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
}
