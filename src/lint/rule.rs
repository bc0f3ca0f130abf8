//! What a rule is: its documentation ([`RuleMeta`]), what it sees
//! ([`NoteContext`], [`VaultContext`]) and the [`Rule`] trait. Every rule
//! file and the runner use these; they use nothing of either.

use super::diagnostic::{FileFinding, Finding};
use crate::config::{Config, RuleLevel};
use crate::phases::Phases;
use crate::vault::{Note, NoteId, Resolution, Vault};

/// Everything documented about a rule: what `phasebook rules` and
/// `phasebook explain` print, and the example the registry test runs.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case name.
    pub name: &'static str,
    pub default_level: RuleLevel,
    pub fixable: bool,
    /// One line: what it checks.
    pub summary: &'static str,
    /// Why it matters, and what exactly triggers it.
    pub explanation: &'static str,
    /// A small vault (path, text) on which the rule fires.
    pub example: &'static [(&'static str, &'static str)],
    /// The same vault fixed: the rule is silent.
    pub fixed: &'static [(&'static str, &'static str)],
}

/// What a per-note rule sees.
pub struct NoteContext<'a> {
    pub vault: &'a Vault,
    pub config: &'a Config,
    pub id: NoteId,
    pub note: &'a Note,
    /// The note's text ([`Note::source`], read once for all the rules).
    pub text: &'a str,
    /// Aligned with `note.links`.
    pub resolutions: &'a [Resolution],
    /// Files git saw renamed (empty outside a repository, and for every
    /// command but `check`).
    pub renames: &'a super::renames::Renames,
}

/// What a vault-level rule sees.
pub struct VaultContext<'a> {
    pub vault: &'a Vault,
    pub config: &'a Config,
    pub phases: &'a Phases,
}

/// A lint rule.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    /// Findings within one note.
    fn check_note(&self, _ctx: &NoteContext<'_>, _out: &mut Vec<Finding>) {}

    /// Findings that need the whole vault, or concern files that are not
    /// notes.
    fn check_vault(&self, _ctx: &VaultContext<'_>, _out: &mut Vec<FileFinding>) {}
}
