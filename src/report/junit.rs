//! JUnit XML, for CI systems that show test reports: a `<testsuite>` per
//! file, a failing `<testcase>` per rule that fired in it (its diagnostics
//! as the failure's text), and one passing test case per clean checked
//! note. Written by hand: the format is small, and escaping is the only
//! subtle part.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::format::{Format, Run, one_line, plural};
use super::paths::PathStyle;
use crate::lint::Diagnostic;

/// Escape text for an XML attribute value or text node: the HTML escape
/// (valid XML too), after replacing the characters XML 1.0 cannot hold at
/// all (most C0 controls) with U+FFFD.
pub(crate) fn escape(text: &str) -> String {
    let legal: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect();
    crate::html::escape(&legal)
}

/// The JUnit document for a check run. `checked` holds the vault paths of
/// every note that was checked, so clean notes count as passing tests.
pub fn render(diagnostics: &[Diagnostic], paths: &PathStyle, checked: &[String]) -> String {
    // file → rule → diagnostics, in file then rule order.
    let mut files: BTreeMap<&str, BTreeMap<&str, Vec<&Diagnostic>>> = BTreeMap::new();
    for path in checked {
        files.entry(path.as_str()).or_default();
    }
    for d in diagnostics {
        files
            .entry(d.path.as_str())
            .or_default()
            .entry(d.rule)
            .or_default()
            .push(d);
    }
    let tests: usize = files.values().map(|rules| rules.len().max(1)).sum();
    let failures: usize = files.values().map(BTreeMap::len).sum();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"phasebook\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    for (path, rules) in &files {
        let shown = escape(&paths.show(path));
        let _ = writeln!(
            out,
            "  <testsuite name=\"{shown}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            rules.len().max(1),
            rules.len()
        );
        if rules.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"phasebook check\" classname=\"{shown}\"/>"
            );
        }
        for (rule, diags) in rules {
            let _ = writeln!(out, "    <testcase name=\"{rule}\" classname=\"{shown}\">");
            let first = diags.first().map(|d| d.message.as_str()).unwrap_or("");
            let message = if diags.len() == 1 {
                first.to_string()
            } else {
                format!("{}; first: {first}", plural(diags.len(), "finding"))
            };
            let mut text = String::new();
            for d in diags {
                let _ = writeln!(text, "{}", one_line(d, paths));
                if let Some(help) = &d.help {
                    let _ = writeln!(text, "  help: {help}");
                }
            }
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{rule}\">{}</failure>",
                escape(&message),
                escape(&text)
            );
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

/// `check --format junit`: a test suite per file, a test case per rule.
pub struct Junit;

impl Format for Junit {
    fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> anyhow::Result<()> {
        out.extend_from_slice(render(run.diagnostics, run.paths, run.checked).as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1}\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\u{FFFD}\n"
        );
    }
}
