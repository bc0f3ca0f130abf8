//! The rules' documentation as users read it: the table `phasebook rules`
//! prints and the page `phasebook explain RULE` prints (also each rule's
//! SARIF help and `docs/rules.md`), made from each rule's [`RuleMeta`], so
//! the text users read is the text the tests run.

use std::fmt::Write;

use super::registry::{registry, rule_names};
use super::rule::RuleMeta;

/// The table `phasebook rules` prints: each rule at its default level.
pub fn list() -> String {
    list_for(None)
}

/// The table at the levels `config` sets (`[lint.rules]`), a level that
/// differs from the default followed by it: what `check` will run.
pub fn list_for(config: Option<&crate::config::Config>) -> String {
    let mut out = String::new();
    let width = rule_names().iter().map(|n| n.len()).max().unwrap_or(0);
    for rule in registry() {
        let meta = rule.meta();
        let fix = if meta.fixable { " (fixable)" } else { "" };
        let level = config.map_or(meta.default_level, |c| super::registry::level_of(meta, c));
        let changed = if level == meta.default_level {
            String::new()
        } else {
            format!(" [default: {}]", meta.default_level.as_str())
        };
        let _ = writeln!(
            out,
            "{:width$}  {:5}  {}{fix}{changed}",
            meta.name,
            level.as_str(),
            meta.summary
        );
    }
    out
}

/// The page `phasebook explain RULE` prints (Markdown).
pub fn explain(meta: &RuleMeta) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", meta.name);
    let _ = writeln!(
        out,
        "Default level: {}{}\n",
        meta.default_level.as_str(),
        if meta.fixable {
            " · fixable with `check --fix`"
        } else {
            ""
        }
    );
    let _ = writeln!(out, "{}\n\n{}\n", meta.summary, meta.explanation);
    let files = |title: &str, files: &[(&str, &str)], out: &mut String| {
        let _ = writeln!(out, "## {title}\n");
        for (path, text) in files {
            let _ = writeln!(out, "`{path}`:\n\n```markdown\n{}\n```\n", text.trim_end());
        }
    };
    files("Example", meta.example, &mut out);
    files("Fixed", meta.fixed, &mut out);
    out
}
