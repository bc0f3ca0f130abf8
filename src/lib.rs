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
pub mod lint;
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
