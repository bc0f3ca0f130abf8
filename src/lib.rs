//! phasebook: lint, report on and publish a Markdown vault of phase
//! documents.
//!
//! The pipeline (see `docs/architecture.md`): [`vault`] discovers, parses and
//! indexes the notes and resolves every link; [`lint`] runs the rules over
//! that model; [`report`] formats the diagnostics. `commands` glues them to
//! the command line defined in [`cli`].

pub mod baseline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod encode;
pub mod fsio;
pub mod html;
pub mod image;
pub mod lint;
pub mod math;
pub mod pdf;
pub mod phases;
pub mod readiness;
pub mod report;
pub mod serve;
pub mod site;
pub mod span;
pub mod suggest;
pub mod text;
pub mod timing;
pub mod vault;

/// The hash map for tables keyed by names or terms, which the hot paths
/// probe once per link or per word: foldhash (hashbrown's own hasher)
/// rather than std's SipHash, whose resistance to crafted keys buys nothing
/// here and cost most of the time. The fixed seed keeps runs identical,
/// though nothing is ever output in a map's order.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// The file that marks a folder as a site phasebook built. The site writer
/// puts it there (and replaces only a folder that has it); the vault walk
/// leaves any folder holding it out, so a site built into the vault
/// (`build --out vault/site`) is never read back as notes and images.
pub(crate) const SITE_MARKER: &str = ".phasebook-build";
