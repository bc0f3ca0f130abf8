//! `frontmatter-schema`: a phase document's keys have the types the phase
//! model needs.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};
use crate::vault::frontmatter::Value;

pub struct FrontmatterSchema;

static META: RuleMeta = RuleMeta {
    name: "frontmatter-schema",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "a phase document lacks `phase`, `name` or its chain links, or has them ill-typed",
    explanation: "A note whose frontmatter has `phase` is a phase document. Its `phase` must be \
a number (`05` is 5: write it unquoted), `name` a string, and `previous_phase` / `next_phase` \
each one quoted wikilink (`\"[[04-test]]\"`; unquoted, YAML reads `[[04-test]]` as a nested \
list). `artifacts`, when present, is a list of quoted wikilinks. Without these, the phase \
cannot be placed in its workflow's chain and the readiness report cannot follow it.",
    example: &[
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: \"two\"\nprevious_phase: [[01-plan]]\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[02-build]]\"\n---\n",
        ),
    ],
    fixed: &[
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: 02\nname: \"Build\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[02-build]]\"\n---\n",
        ),
    ],
};

impl Rule for FrontmatterSchema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        for phase in &ctx.phases.phases {
            let note = &ctx.vault.notes[phase.note];
            let Some(fm) = &note.frontmatter else {
                continue;
            };
            let mut report = |key: &str, message: String, help: Option<String>| {
                out.push(FileFinding {
                    path: note.path.clone(),
                    finding: Finding::new(super::shared::frontmatter_span(note, key), message)
                        .maybe_help(help),
                });
            };
            if let Some(node) = fm.get("phase")
                && phase.number.is_none()
            {
                let numeric = node
                    .as_str()
                    .is_some_and(|s| s.trim().parse::<i64>().is_ok());
                report(
                    "phase",
                    format!("`phase` must be a number, not {}", node.type_name()),
                    Some(if numeric {
                        "remove the quotes: `phase: 05`".to_string()
                    } else {
                        "write the phase number, e.g. `phase: 05`".to_string()
                    }),
                );
            }
            match fm.get("name") {
                None => report(
                    "name",
                    "phase document has no `name`".to_string(),
                    Some("add `name: \"…\"`".to_string()),
                ),
                Some(node) if node.as_str().is_none() => report(
                    "name",
                    format!("`name` must be a string, not {}", node.type_name()),
                    None,
                ),
                Some(_) => {}
            }
            for (key, link) in [
                ("previous_phase", phase.previous),
                ("next_phase", phase.next),
            ] {
                match (fm.get(key), link) {
                    (None, _) => report(
                        key,
                        format!("phase document has no `{key}`"),
                        Some(format!("add `{key}: \"[[…]]\"`")),
                    ),
                    (Some(node), None) => report(
                        key,
                        format!(
                            "`{key}` must be one quoted wikilink, not {}",
                            node.type_name()
                        ),
                        Some(format!("write `{key}: \"[[note]]\"`, with the quotes")),
                    ),
                    (Some(_), Some(_)) => {}
                }
            }
            if let Some(node) = fm.get("artifacts")
                && !matches!(node.value, Value::Seq(_))
            {
                report(
                    "artifacts",
                    format!("`artifacts` must be a list, not {}", node.type_name()),
                    Some("write `artifacts: [\"[[note]]\", …]`".to_string()),
                );
            }
        }
    }
}
