//! One file per rule (its doc comment and `RuleMeta` are its documentation,
//! its example vault its test), and the list of them all. What several rules
//! share is in `shared`.

mod alias_link;
mod ambiguous_link;
mod broken_heading;
mod broken_link;
mod broken_markdown_link;
mod empty_note;
mod frontmatter_invalid;
mod frontmatter_misplaced;
mod frontmatter_schema;
mod image_alt;
mod invalid_filename;
mod link_to_unpublished;
mod math_invalid;
mod mermaid_invalid;
mod missing_artifact;
mod pdf_page_missing;
mod phase_duplicate;
mod phase_filename;
mod phase_gap;
mod phase_gate;
mod phase_link_mismatch;
mod phase_order;
mod publish_flag;
mod shared;
mod symlink_outside_vault;
mod task_malformed;
mod unreadable_file;
pub(crate) mod unused_suppression;

use super::rule::Rule;

/// The registry, in the order `phasebook rules` lists them.
pub(crate) static ALL: &[&dyn Rule] = &[
    &broken_link::BrokenLink,
    &broken_heading::BrokenHeading,
    &ambiguous_link::AmbiguousLink,
    &alias_link::AliasLink,
    &broken_markdown_link::BrokenMarkdownLink,
    &frontmatter_invalid::FrontmatterInvalid,
    &frontmatter_misplaced::FrontmatterMisplaced,
    &task_malformed::TaskMalformed,
    &image_alt::ImageAlt,
    &math_invalid::MathInvalid,
    &mermaid_invalid::MermaidInvalid,
    &pdf_page_missing::PdfPageMissing,
    &frontmatter_schema::FrontmatterSchema,
    &phase_duplicate::PhaseDuplicate,
    &phase_gap::PhaseGap,
    &phase_link_mismatch::PhaseLinkMismatch,
    &phase_order::PhaseOrder,
    &phase_filename::PhaseFilename,
    &phase_gate::PhaseGate,
    &missing_artifact::MissingArtifact,
    &invalid_filename::InvalidFilename,
    &empty_note::EmptyNote,
    &unreadable_file::UnreadableFile,
    &symlink_outside_vault::SymlinkOutsideVault,
    &link_to_unpublished::LinkToUnpublished,
    &publish_flag::PublishFlag,
    &unused_suppression::UnusedSuppression,
];
