//! `phasebook rules` and `phasebook explain RULE`: the registry's own
//! documentation, so the text users read is the text the tests run.

use std::fmt::Write;

use anyhow::{Result, bail};

use super::exit;
use crate::lint::{self, RuleMeta};

/// The table `phasebook rules` prints.
pub fn list() -> String {
    let mut out = String::new();
    let width = lint::rule_names()
        .iter()
        .map(|n| n.len())
        .max()
        .unwrap_or(0);
    for rule in lint::registry() {
        let meta = rule.meta();
        let fix = if meta.fixable { " (fixable)" } else { "" };
        let _ = writeln!(
            out,
            "{:width$}  {:5}  {}{fix}",
            meta.name,
            meta.default_level.as_str(),
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

pub fn run_list() -> Result<u8> {
    super::write_stdout(list().as_bytes())?;
    Ok(exit::OK)
}

pub fn run_explain(name: &str) -> Result<u8> {
    let Some(rule) = lint::find_rule(name) else {
        let names = lint::rule_names();
        let hint = crate::suggest::closest(name, names.iter().copied())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        bail!("no rule named `{name}`{hint}; `phasebook rules` lists them");
    };
    super::write_stdout(explain(rule.meta()).as_bytes())?;
    Ok(exit::OK)
}
