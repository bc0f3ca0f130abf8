//! `phasebook serve`: build, serve the site on localhost, rebuild when the
//! vault changes, and reload open pages (as `mdbook serve` does).
//!
//! Three small parts: [`http`] serves the build folder and holds the reload
//! channel, [`watch`] notices changes by polling the vault (no platform
//! watcher to go wrong on network drives or in containers), and this module
//! loops: wait for a change, rebuild, tell the pages.

pub mod http;
pub mod watch;

use std::sync::Arc;
use std::time::Duration;

/// The reload channel: a generation number bumped after every successful
/// rebuild; the pages' event streams wait for it to change.
#[derive(Debug, Default)]
pub struct Reload {
    generation: std::sync::Mutex<u64>,
    changed: std::sync::Condvar,
}

impl Reload {
    pub fn current(&self) -> u64 {
        self.generation.lock().map(|g| *g).unwrap_or(0)
    }

    /// Tell every open page to reload.
    pub fn bump(&self) {
        if let Ok(mut g) = self.generation.lock() {
            *g += 1;
        }
        self.changed.notify_all();
    }

    /// Wait up to `timeout` for a generation after `seen`; returns the
    /// current generation.
    pub fn wait_after(&self, seen: u64, timeout: Duration) -> u64 {
        let Ok(guard) = self.generation.lock() else {
            return seen;
        };
        match self
            .changed
            .wait_timeout_while(guard, timeout, |g| *g <= seen)
        {
            Ok((g, _)) => *g,
            Err(_) => seen,
        }
    }
}

/// Shared by the server threads and the rebuild loop.
pub type Shared = Arc<Reload>;
