//! Escaping text for HTML: the one escape every template value, rendered
//! note and report goes through.

/// Escape text for HTML content and double-quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = escape_into(&mut out, text);
    out
}

/// [`escape`] written straight into `out`: runs of plain text are copied
/// whole, so text with nothing to escape (most of it) costs one scan and one
/// copy. Every `{{ value }}` of every page goes through here.
pub(crate) fn escape_into(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The byte is ASCII, so both slices end on character boundaries.
        out.write_str(&text[plain..i])?;
        out.write_str(entity)?;
        plain = i + 1;
    }
    out.write_str(&text[plain..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_the_five_html_specials_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'> é/ü"#),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt; é/ü"
        );
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape(""), "");
        assert_eq!(escape("&&"), "&amp;&amp;");
    }
}
