//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! diagnostic, which the runner turns into an annotation on the file.
//!
//! Escaping follows the runner's parser: in the message `%`, `\r` and `\n`
//! are percent-encoded; in property values `:` and `,` are as well, since
//! they separate properties.

use std::fmt::Write;

use super::format::{Format, Run, message_and_help};
use super::paths::PathStyle;
use crate::lint::{Diagnostic, Severity};

/// Escape a command's message.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (`file=`, `title=`).
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow commands for a check run, one line each.
pub fn render(diagnostics: &[Diagnostic], paths: &PathStyle) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&paths.show(&d.path)),
            d.start.line,
            d.start.column,
            d.end.line,
            d.end.column,
            escape_property(d.rule),
            escape_data(&message_and_help(d)),
        );
    }
    out
}

/// `check --format github`.
pub struct Github;

impl Format for Github {
    fn write(&self, run: &Run<'_>, out: &mut Vec<u8>) -> anyhow::Result<()> {
        out.extend_from_slice(render(run.diagnostics, run.paths).as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(
            escape_data("100% done\r\nnext: a, b"),
            "100%25 done%0D%0Anext: a, b"
        );
        assert_eq!(
            escape_property("a:b,c%d\ne"),
            "a%3Ab%2Cc%25d%0Ae",
            "`%` first, so the escapes themselves are not escaped again"
        );
    }
}
