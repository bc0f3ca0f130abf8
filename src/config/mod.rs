//! `book.toml` → [`Config`].
//!
//! The file uses mdBook's keys where the two tools overlap (`[book] title,
//! authors, src`, `[build] build-dir`, some of `[output.html]`) so a team
//! moving from mdBook keeps its file, and phasebook's own tables beside
//! them. mdBook's other keys are accepted with a warning each ([`mdbook`]
//! lists them all). Every other unknown key is an error: a typo such as
//! `[lint] ignroe` names the key and its line, never a silently ignored
//! setting.
//!
//! [`types`] is the configuration every stage reads (plain data: rule names
//! are checked by `lint`, where the rules live); [`raw`] the file as
//! written; [`load`] turns one into the other; [`schema`] derives the JSON
//! Schema editors check the file with from [`raw`].

mod load;
pub mod mdbook;
mod raw;
mod schema;
mod types;

pub use load::{CONFIG_FILE, absolute, build_dir_problem, find_config, is_inside};
pub use schema::json_schema;
pub use types::*;
