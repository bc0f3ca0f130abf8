//! `phasebook serve`: build, serve the site on localhost, rebuild when the
//! vault changes, and reload open pages (as `mdbook serve` does).
//!
//! Three small parts: [`http`] serves the build folder and holds the reload
//! channel, [`watch`] notices changes (as the file system reports them, and
//! by polling the vault's metadata, which works on network drives and in
//! containers where reports may never come), and this module loops: wait
//! for a change, rebuild, tell the pages.

pub mod http;
pub mod watch;

use std::sync::Arc;

/// The reload channel: a generation number bumped after every successful
/// rebuild (from the rebuild loop's thread); the pages' event streams
/// (tasks of the server's runtime) wait for it to change.
#[derive(Debug)]
pub struct Reload {
    generation: tokio::sync::watch::Sender<u64>,
}

impl Default for Reload {
    fn default() -> Self {
        Reload {
            generation: tokio::sync::watch::Sender::new(0),
        }
    }
}

impl Reload {
    pub fn current(&self) -> u64 {
        *self.generation.borrow()
    }

    /// Tell every open page to reload.
    pub(crate) fn bump(&self) {
        self.generation.send_modify(|g| *g += 1);
    }

    /// A receiver that sees every later bump.
    pub(crate) fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.generation.subscribe()
    }
}

/// Shared by the server and the rebuild loop.
pub type Shared = Arc<Reload>;
