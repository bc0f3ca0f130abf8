//! Output formats. Every format receives what a run found already sorted
//! ([`format::Run`]) and writes it through one interface
//! ([`format::Format`]); paths are shown as [`paths::PathStyle`] says.
//! `publication` is what `build` says of its scope.

pub mod format;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod paths;
pub mod publication;
pub mod readiness;
pub mod readiness_json;
pub mod sarif;

pub use format::{
    Format, PROJECT_URL, Run, Since, Summary, edit_positions, message_and_help, note_of, plural,
};
pub use paths::{PathStyle, relative_path, repository_root};

use crate::cli::{CheckFormat, ReadinessFormat};

/// The format `check --format` names.
pub(crate) fn check_format(format: CheckFormat, quiet: bool) -> Box<dyn Format> {
    match format {
        CheckFormat::Human => Box::new(human::Human { quiet }),
        CheckFormat::Json => Box::new(json::Json),
        CheckFormat::Sarif => Box::new(sarif::Sarif),
        CheckFormat::Github => Box::new(github::Github),
        CheckFormat::Junit => Box::new(junit::Junit),
    }
}

/// The format `readiness --format` names.
pub(crate) fn readiness_format(format: ReadinessFormat) -> Box<dyn Format> {
    match format {
        ReadinessFormat::Text => Box::new(readiness::Text),
        ReadinessFormat::Markdown => Box::new(readiness::Markdown),
        ReadinessFormat::Json => Box::new(readiness_json::Json),
    }
}
