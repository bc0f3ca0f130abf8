//! `PHASEBOOK_TIMING=1`: print when each stage of a run ends, on stderr.
//!
//! Why: the benchmark harness times whole commands; to know which stage a
//! slow run spends its time in, without a profiler, each command marks its
//! stage boundaries here. Off by default, and then costs one cached check.

use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// When a run started; [`Clock::begin`] restarts it, so each of `serve`'s
/// builds is timed from its own start.
#[derive(Debug)]
struct Clock {
    start: Mutex<Option<Instant>>,
}

impl Clock {
    const fn new() -> Self {
        Clock {
            start: Mutex::new(None),
        }
    }

    /// Start (or restart) the clock.
    fn begin(&self) {
        *self.start.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
    }

    /// Time since the last [`Clock::begin`] (the clock starts now if it
    /// never began).
    fn elapsed(&self) -> Duration {
        self.start
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert_with(Instant::now)
            .elapsed()
    }
}

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| asks_for_timing(std::env::var_os("PHASEBOOK_TIMING").as_deref()))
}

/// Whether `PHASEBOOK_TIMING` turns timing on: set to anything but empty or
/// `0`, as such switches usually read.
fn asks_for_timing(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

static CLOCK: Clock = Clock::new();

/// Start the clock for a run (each build of `serve` calls it again); a
/// no-op when timing is off.
pub(crate) fn begin() {
    if enabled() {
        CLOCK.begin();
    }
}

/// Print `timing: WHAT at SECONDS` since [`begin`] when timing is on.
pub(crate) fn lap(what: &str) {
    if enabled() {
        eprintln!("timing: {what} at {:.3}", CLOCK.elapsed().as_secs_f64());
    }
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
        let first = clock.elapsed();
        assert!(first >= Duration::from_millis(30), "{first:?}");
        // A second run (serve's next build) is timed from its own start.
        clock.begin();
        assert!(clock.elapsed() < first);
    }
}
