//! `PHASEBOOK_TIMING=1`: print when each stage of a run ends, on stderr.
//!
//! Why: the benchmark harness times whole commands; to know which stage a
//! slow run spends its time in, without a profiler, each command marks its
//! stage boundaries here. Off by default, and then costs one cached check.

use std::sync::OnceLock;
use std::time::Instant;

/// The start of the run, or `None` when timing is off.
fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("PHASEBOOK_TIMING").map(|_| Instant::now()))
}

/// Start the clock (the first call does; `serve`'s later builds are timed
/// from its first); a no-op when timing is off.
pub fn begin() {
    let _ = start();
}

/// Print `timing: WHAT at SECONDS` since [`begin`] when timing is on.
pub fn lap(what: &str) {
    if let Some(t0) = start() {
        eprintln!("timing: {what} at {:.3}", t0.elapsed().as_secs_f64());
    }
}
