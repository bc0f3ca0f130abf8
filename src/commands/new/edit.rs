//! Setting top-level frontmatter values in a note's text, changing only
//! their bytes: a neighbour's `next_phase` is rewritten where it stands,
//! and its comments, quoting, key order, line endings and body are kept.
//! Each value is found at the offset `frontmatter::extract` gives, and the
//! result is read back to check that every value now says what was meant.

use std::ops::Range;

use anyhow::{Result, bail};

use crate::vault::frontmatter::{Value, extract};

/// `text` with each `(key, YAML scalar)` set: the value replaced where the
/// key has one on its own line, the key added at the end of the block
/// where it has none. A value spanning lines (a list, a block scalar) is
/// refused rather than guessed at.
pub(crate) fn set_values(text: &str, values: &[(String, String)]) -> Result<String> {
    let Some(fm) = extract(text) else {
        bail!("it has no frontmatter block to set {} in", keys(values));
    };
    if let Some(err) = &fm.error {
        bail!("its frontmatter does not parse ({})", err.message);
    }
    let newline = if text[fm.block.clone()].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (key, raw) in values {
        match fm.get(key) {
            Some(node) => match &node.value {
                Value::Seq(_) | Value::Map(_) => {
                    bail!("its `{key}` is {}, not a single value", node.type_name())
                }
                Value::Null => {
                    let Some(line) = key_line(text, fm.yaml.clone(), key) else {
                        bail!("its `{key}` is not written on a line of its own");
                    };
                    edits.push((line, format!(" {raw}")));
                }
                _ => match scalar_span(text, node.offset) {
                    Some(span) => edits.push((span, raw.clone())),
                    None => bail!("its `{key}` spans lines"),
                },
            },
            None => edits.push((fm.yaml.end..fm.yaml.end, format!("{key}: {raw}{newline}"))),
        }
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_string();
    for (range, value) in edits {
        out.replace_range(range, &value);
    }
    verify(&out, values)?;
    Ok(out)
}

fn keys(values: &[(String, String)]) -> String {
    values
        .iter()
        .map(|(k, _)| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the result back: each key's value must be exactly what was set.
fn verify(text: &str, values: &[(String, String)]) -> Result<()> {
    let fm = extract(text).filter(|fm| fm.error.is_none());
    for (key, raw) in values {
        let written = fm
            .as_ref()
            .and_then(|fm| fm.get(key))
            .and_then(|node| scalar_span(text, node.offset))
            .map(|span| &text[span]);
        if written != Some(raw.as_str()) {
            bail!("setting `{key}` to {raw} would not read back as written; left unchanged");
        }
    }
    Ok(())
}

/// The bytes of the scalar starting at `offset`: a quoted string to its
/// closing quote, a plain one to the end of its line (less a ` #` comment
/// and trailing blanks). `None` when it goes on to the next line.
pub(crate) fn scalar_span(text: &str, offset: usize) -> Option<Range<usize>> {
    let rest = text.get(offset..)?;
    let line_end = offset + rest.find('\n').unwrap_or(rest.len());
    let end = match rest.chars().next()? {
        '"' => {
            let mut escaped = false;
            let close = rest[1..].char_indices().find(|&(_, c)| {
                let closes = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                closes
            })?;
            offset + 1 + close.0 + 1
        }
        '\'' => {
            let bytes = rest.as_bytes();
            let mut i = 1;
            loop {
                match bytes.get(i)? {
                    b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                    b'\'' => break offset + i + 1,
                    _ => i += 1,
                }
            }
        }
        _ => {
            let line = &text[offset..line_end];
            let value = line.find(" #").map_or(line, |i| &line[..i]);
            let end = offset + value.trim_end().len();
            let next = text.get(line_end + 1..).unwrap_or("");
            let next_line = next.lines().next().unwrap_or("");
            let continues = next_line.starts_with([' ', '\t'])
                && !next_line.trim().is_empty()
                && !next_line.trim_start().starts_with('#');
            if continues {
                return None;
            }
            end
        }
    };
    (end <= line_end).then_some(offset..end)
}

/// After `key:` on the key's own line at the top of the block: where an
/// empty value is written.
fn key_line(text: &str, yaml: Range<usize>, key: &str) -> Option<Range<usize>> {
    let mut start = yaml.start;
    for line in text[yaml].split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(after) = body.strip_prefix(key)
            && after.trim_start().starts_with(':')
        {
            let colon = start + key.len() + (after.len() - after.trim_start().len()) + 1;
            return Some(colon..start + body.len());
        }
        start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, values: &[(&str, &str)]) -> Result<String> {
        let values: Vec<(String, String)> = values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        set_values(text, &values)
    }

    #[test]
    fn only_the_values_change() {
        let text = "# T\n\n---\ntags: [a]  # kept\nphase: NN # the number\nprevious_phase: \"[[NN-previous]]\"\nnext_phase: '[[x]]'\n---\n\nBody \"[[NN-previous]]\"\n";
        let out = set(
            text,
            &[
                ("phase", "07"),
                ("previous_phase", "\"[[06-iterate]]\""),
                ("next_phase", "\"[[01-plan]]\""),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "# T\n\n---\ntags: [a]  # kept\nphase: 07 # the number\nprevious_phase: \"[[06-iterate]]\"\nnext_phase: \"[[01-plan]]\"\n---\n\nBody \"[[NN-previous]]\"\n"
        );
    }

    #[test]
    fn empty_and_missing_keys_are_filled_and_crlf_kept() {
        let text = "---\r\nphase:\r\nname: x\r\n---\r\n# T\r\n";
        let out = set(text, &[("phase", "3"), ("next_phase", "\"[[a]]\"")]).unwrap();
        assert_eq!(
            out,
            "---\r\nphase: 3\r\nname: x\r\nnext_phase: \"[[a]]\"\r\n---\r\n# T\r\n"
        );
    }

    #[test]
    fn lists_and_missing_blocks_are_refused() {
        assert!(set("---\nphase: [1]\n---\n", &[("phase", "2")]).is_err());
        assert!(set("# T\n\nNo block.\n", &[("phase", "2")]).is_err());
        assert!(set("---\nphase: a\n  b\n---\n", &[("phase", "2")]).is_err());
    }

    #[test]
    fn quoted_spans() {
        let text = r#"a: "x \" y" z"#;
        assert_eq!(&text[scalar_span(text, 3).unwrap()], r#""x \" y""#);
        let text = "a: 'it''s' b";
        assert_eq!(&text[scalar_span(text, 3).unwrap()], "'it''s'");
    }
}
