//! Build stage 1, *scope*: the workflows and readiness the site shows are
//! those of its published notes.
//!
//! Takes the vault's phases and readiness report (the ones `check` and
//! `readiness` use); gives them unchanged when every note is published,
//! else made again from the published phase documents alone, so a phase
//! document left out is neither in the navigation nor on the readiness
//! page.

use crate::config::Config;
use crate::phases::Phases;
use crate::readiness::WorkflowReadiness;
use crate::vault::Vault;

/// The phases and readiness of the published notes.
pub(super) enum Scoped<'a> {
    /// Every note is published: the vault's own.
    Whole(&'a Phases, &'a [WorkflowReadiness]),
    /// Made again from the published phase documents.
    Published(Phases, Vec<WorkflowReadiness>),
}

impl<'a> Scoped<'a> {
    pub fn of(
        vault: &Vault,
        config: &Config,
        phases: &'a Phases,
        report: &'a [WorkflowReadiness],
    ) -> Scoped<'a> {
        if (0..vault.notes.len()).all(|id| vault.is_published(id)) {
            return Scoped::Whole(phases, report);
        }
        let phases = Phases::build_published(vault, config);
        let report = crate::readiness::report(vault, config, &phases);
        Scoped::Published(phases, report)
    }

    pub fn phases(&self) -> &Phases {
        match self {
            Scoped::Whole(phases, _) => phases,
            Scoped::Published(phases, _) => phases,
        }
    }

    pub fn report(&self) -> &[WorkflowReadiness] {
        match self {
            Scoped::Whole(_, report) => report,
            Scoped::Published(_, report) => report,
        }
    }
}
