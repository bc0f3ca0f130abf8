//! Percent-encoding, both ways: site paths into `href`/`src` values, and
//! `%XX` escapes in Markdown link destinations back into vault paths.
//!
//! A leaf of the pipeline (the vault reads links, the site and the SARIF
//! report write paths), on the `percent-encoding` crate.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// What a site path keeps unencoded: RFC 3986's unreserved characters and
/// `/`, so spaces, `#`, `?`, `%` and non-ASCII names survive both HTTP and
/// `file://`.
const PATH_KEEPS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Percent-encode a site path for use in `href`/`src`.
pub(crate) fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH_KEEPS).to_string()
}

/// [`encode_path`] appended to `out`, with no string of its own (it runs
/// for every link of every page).
pub(crate) fn push_encoded_path(out: &mut String, path: &str) {
    out.extend(utf8_percent_encode(path, PATH_KEEPS));
}

/// Decode `%XX` escapes; malformed escapes are kept as written, and text
/// that would not decode to UTF-8 is kept whole, rather than rejected.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    match percent_decode_str(text).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decode_keeps_malformed_escapes() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("a%zz"), "a%zz");
        assert_eq!(percent_decode("%C3%A9"), "é");
        assert_eq!(percent_decode("%"), "%");
    }

    #[test]
    fn invalid_utf8_is_kept_as_written() {
        assert_eq!(percent_decode("a%FFb"), "a%FFb");
    }

    #[test]
    fn paths_keep_slashes_and_unreserved_characters() {
        assert_eq!(encode_path("a b/c#d~e.md"), "a%20b/c%23d~e.md");
    }
}
