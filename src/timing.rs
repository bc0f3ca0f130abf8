//! Where a run's time goes: `--timings` prints each stage's seconds when the
//! command ends; `PHASEBOOK_TIMING=1` prints each stage's end as it happens.
//!
//! Why: the benchmark harness times whole commands; to know which stage a
//! slow run spends its time in, without a profiler, each command marks its
//! stage boundaries here (as `cargo build --timings` and rustc's
//! `-Z time-passes` do). Off by default, and then each mark costs one
//! cached check.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// A run's stage marks since it began; [`Clock::begin`] restarts it, so each
/// of `serve`'s builds is timed from its own start.
#[derive(Debug)]
struct Clock {
    state: Mutex<Laps>,
}

#[derive(Debug)]
struct Laps {
    start: Option<Instant>,
    /// Each stage that ended, and when (since `start`), in order.
    ends: Vec<(&'static str, Duration)>,
    /// What a stage said of its work (`note cache: …`), printed after the
    /// stages.
    remarks: Vec<String>,
}

impl Clock {
    const fn new() -> Self {
        Clock {
            state: Mutex::new(Laps {
                start: None,
                ends: Vec::new(),
                remarks: Vec::new(),
            }),
        }
    }

    fn laps(&self) -> std::sync::MutexGuard<'_, Laps> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Start (or restart) the clock, forgetting earlier marks.
    fn begin(&self) {
        let mut laps = self.laps();
        laps.start = Some(Instant::now());
        laps.ends.clear();
        laps.remarks.clear();
    }

    /// Mark the end of stage `what`; the time since the last
    /// [`Clock::begin`] (the clock starts now if it never began).
    fn mark(&self, what: &'static str) -> Duration {
        let mut laps = self.laps();
        let at = laps.start.get_or_insert_with(Instant::now).elapsed();
        laps.ends.push((what, at));
        at
    }

    /// Each stage with its own duration (its end minus the previous end).
    fn stages(&self) -> Vec<(&'static str, Duration)> {
        let laps = self.laps();
        let mut previous = Duration::ZERO;
        laps.ends
            .iter()
            .map(|&(what, at)| {
                let took = at.saturating_sub(previous);
                previous = at;
                (what, took)
            })
            .collect()
    }
}

/// `--timings` was given.
static TABLE: AtomicBool = AtomicBool::new(false);

fn live() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| asks_for_timing(std::env::var_os("PHASEBOOK_TIMING").as_deref()))
}

fn enabled() -> bool {
    TABLE.load(Ordering::Relaxed) || live()
}

/// Whether `PHASEBOOK_TIMING` turns timing on: set to anything but empty or
/// `0`, as such switches usually read.
fn asks_for_timing(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

static CLOCK: Clock = Clock::new();

/// `--timings`: keep the marks and print them as a table at [`report`].
pub fn enable_table() {
    TABLE.store(true, Ordering::Relaxed);
}

/// Start the clock for a run (each build of `serve` calls it again); a
/// no-op when timing is off.
pub(crate) fn begin() {
    if enabled() {
        CLOCK.begin();
    }
}

/// Mark the end of stage `what`: printed at once as `timing: WHAT at
/// SECONDS` under `PHASEBOOK_TIMING`, kept for [`report`] under `--timings`.
pub(crate) fn lap(what: &'static str) {
    if enabled() {
        let at = CLOCK.mark(what);
        if live() {
            eprintln!("timing: {what} at {:.3}", at.as_secs_f64());
        }
    }
}

/// Say what a stage did (how many notes the cache gave): printed under
/// the `--timings` table, and at once under `PHASEBOOK_TIMING`.
pub(crate) fn remark(text: impl FnOnce() -> String) {
    if enabled() {
        let text = text();
        if live() {
            eprintln!("timing: {text}");
        }
        CLOCK.laps().remarks.push(text);
    }
}

/// Under `--timings`, print the run's stages on stderr: seconds and share
/// of the whole, one line each, then the total and the stages' remarks.
pub fn report() {
    let stages = CLOCK.stages();
    // A run that failed before its first stage has nothing to show.
    if TABLE.load(Ordering::Relaxed) && !stages.is_empty() {
        eprint!("{}", table(&stages));
        for remark in &CLOCK.laps().remarks {
            eprintln!("  {remark}");
        }
    }
}

/// The `--timings` table of `stages`.
fn table(stages: &[(&str, Duration)]) -> String {
    let total: Duration = stages.iter().map(|(_, d)| *d).sum();
    let threads = rayon::current_num_threads();
    let mut out = format!("phasebook: timings ({threads} threads)\n");
    let width = stages
        .iter()
        .map(|(w, _)| w.len())
        .max()
        .unwrap_or(0)
        .max(5);
    for (what, took) in stages {
        let share = if total.is_zero() {
            0.0
        } else {
            100.0 * took.as_secs_f64() / total.as_secs_f64()
        };
        out.push_str(&format!(
            "  {what:<width$} {:>8.3} s {share:>5.1}%\n",
            took.as_secs_f64()
        ));
    }
    out.push_str(&format!(
        "  {:<width$} {:>8.3} s\n",
        "total",
        total.as_secs_f64()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_or_empty_leaves_timing_off() {
        use std::ffi::OsStr;
        assert!(asks_for_timing(Some(OsStr::new("1"))));
        assert!(asks_for_timing(Some(OsStr::new("yes"))));
        assert!(!asks_for_timing(Some(OsStr::new("0"))));
        assert!(!asks_for_timing(Some(OsStr::new(""))));
        assert!(!asks_for_timing(None));
    }

    #[test]
    fn begin_restarts_the_clock() {
        let clock = Clock::new();
        clock.begin();
        std::thread::sleep(Duration::from_millis(30));
        let first = clock.mark("first");
        assert!(first >= Duration::from_millis(30), "{first:?}");
        // A second run (serve's next build) is timed from its own start,
        // and forgets the first run's stages.
        clock.begin();
        assert!(clock.mark("again") < first);
        assert_eq!(clock.stages().len(), 1);
    }

    #[test]
    fn stages_last_from_the_previous_end() {
        let clock = Clock::new();
        clock.begin();
        std::thread::sleep(Duration::from_millis(20));
        clock.mark("a");
        std::thread::sleep(Duration::from_millis(40));
        clock.mark("b");
        let stages = clock.stages();
        assert_eq!(stages[0].0, "a");
        assert!(stages[1].1 >= Duration::from_millis(40), "{stages:?}");
        assert!(stages[1].1 < stages[0].1 + stages[1].1);
    }

    #[test]
    fn the_table_has_a_line_per_stage_and_the_total() {
        let text = table(&[
            ("parsed", Duration::from_millis(750)),
            ("linted", Duration::from_millis(250)),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("phasebook: timings"), "{text}");
        assert!(
            lines[1].contains("parsed") && lines[1].contains("0.750 s  75.0%"),
            "{text}"
        );
        assert!(
            lines[2].contains("linted") && lines[2].contains("25.0%"),
            "{text}"
        );
        assert!(
            lines[3].contains("total") && lines[3].contains("1.000 s"),
            "{text}"
        );
    }
}
