//! `unused-suppression`: a `phasebook-disable` comment (or frontmatter
//! `phasebook: { disable: […] }`) that suppresses nothing, or names no rule.
//! The runner reports it (`lint::suppress`), since only the runner knows
//! which diagnostics a suppression removed; this file holds its
//! documentation and messages.

use std::ops::Range;

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{Rule, RuleMeta};

pub struct UnusedSuppression;

pub(crate) static META: RuleMeta = RuleMeta {
    name: "unused-suppression",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a `phasebook-disable` comment suppresses nothing, or names no rule",
    explanation: "`<!-- phasebook-disable RULE[, RULE] -->` … `<!-- phasebook-enable -->` \
silences rules between the two comments (`phasebook-enable RULE` re-enables one, even inside a disable of every rule), \
`<!-- phasebook-disable-next-line RULE -->` silences them on the next line, and frontmatter \
`phasebook: { disable: [RULE] }` in the whole note. Comments inside code are text, not \
suppressions. A suppression that no longer suppresses anything hides the next real problem \
at that place, so it is reported; so is one naming a rule that does not exist (a typo \
suppresses nothing).",
    example: &[
        (
            "a.md",
            "# A\n\n<!-- phasebook-disable-next-line broken-link -->\nSee [[b]].\n\n<!-- phasebook-disable broken-lnk -->\n",
        ),
        ("b.md", "# B\n"),
    ],
    fixed: &[("a.md", "# A\n\nSee [[b]].\n"), ("b.md", "# B\n")],
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// A suppression of `rule` at `span` that suppressed nothing.
pub(crate) fn unused(span: Range<usize>, rule: Option<&str>) -> Finding {
    let what = match rule {
        Some(rule) => format!("`{rule}`"),
        None => "all rules".to_string(),
    };
    Finding::new(span, format!("suppression of {what} suppresses nothing"))
        .help("remove it: there is no finding here to suppress")
}

/// A suppression naming `rule`, which is not a rule (`closest` is the
/// registry's nearest name).
pub(crate) fn unknown(span: Range<usize>, rule: &str, closest: Option<&str>) -> Finding {
    let hint = closest
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    Finding::new(
        span,
        format!("suppression names `{rule}`, which is not a rule"),
    )
    .help(format!("{hint}`phasebook rules` lists them"))
}

/// An `phasebook-enable RULE` with no open `phasebook-disable RULE`.
pub(crate) fn enable_without_disable(span: Range<usize>, rule: &str) -> Finding {
    Finding::new(
        span,
        format!("`phasebook-enable {rule}` has no `phasebook-disable` before it"),
    )
    .help("remove it, or disable the rule above it")
}

/// A frontmatter `phasebook` key that is not `{ disable: [RULE, …] }`.
pub(crate) fn malformed_frontmatter(span: Range<usize>) -> Finding {
    Finding::new(
        span,
        "frontmatter `phasebook` suppresses nothing: expected `{ disable: [RULE, …] }`",
    )
    .help("write `phasebook: { disable: [broken-link] }`")
}
