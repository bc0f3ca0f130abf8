//! Where each output goes and how pages point at each other.
//!
//! Every URL the site writes is relative (`../guides/On%20call.html`), so the
//! same output works from a web server, under a subpath and from `file://`.
//! Output paths are claimed once, up front, so two outputs can never share a
//! path and every link can be computed before any page is rendered.

use std::collections::HashSet;

use crate::encode::push_encoded_path;

/// Folder of the theme's static files and the search index, inside the site.
pub(crate) const ASSET_DIR: &str = "_phasebook";

/// Encode a fragment (heading id) for an `href`: only what a URL fragment
/// cannot hold is encoded, so `#exit-criteria` (and a non-ASCII heading
/// id) stays readable.
pub(crate) fn encode_fragment(fragment: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(fragment.len());
    for ch in fragment.chars() {
        // WHATWG allows more, but the Nu checker (RFC 3986) does not.
        let encode = matches!(
            ch,
            ' ' | '"' | '<' | '>' | '`' | '#' | '%' | '^' | '[' | ']' | '{' | '}' | '|' | '\\'
        ) || ch.is_control();
        if !encode {
            out.push(ch);
            continue;
        }
        let mut buf = [0u8; 4];
        for b in ch.encode_utf8(&mut buf).bytes() {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
    out
}

/// The relative path from a page back to the site root: `""` for a page at
/// the root, `"../"` one folder down, and so on.
pub(crate) fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The root prefix of a generated page. The 404 page is served at any
/// path, so it uses the absolute `[site] base-url`.
pub(crate) fn generated_root(path: &str, base_url: &str) -> String {
    if path == "404.html" {
        format!("{}/", base_url.trim_end_matches('/'))
    } else {
        root_prefix(path)
    }
}

/// The URL of `target` (a site path) as written on `page` (a site path),
/// encoded straight onto the root prefix (this runs for every link).
pub(crate) fn relative_url(page: &str, target: &str) -> String {
    let mut url = root_prefix(page);
    push_encoded_path(&mut url, target);
    url
}

/// The page of a note: its vault path with `.md` replaced by `.html`.
pub(crate) fn note_page(vault_path: &str) -> String {
    let stem = vault_path
        .strip_suffix(".md")
        .or_else(|| vault_path.strip_suffix(".MD"))
        .unwrap_or(vault_path);
    format!("{stem}.html")
}

/// Whether a site path is safe to join under the build folder: relative, no
/// empty, `.` or `..` component, no backslash or NUL. Vault paths always are;
/// this is the guard that makes "no output escapes the build folder" hold
/// whatever a vault or a tag name contains.
pub(crate) fn is_safe_site_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', '\0'])
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The set of output paths taken so far.
#[derive(Debug, Default)]
pub struct Claims {
    taken: HashSet<String>,
}

impl Claims {
    /// Claim `path` exactly; false if it was already taken.
    pub(crate) fn claim_exact(&mut self, path: &str) -> bool {
        self.taken.insert(path.to_string())
    }

    /// Claim `path` (each part cut to a length every file system takes),
    /// or when it is taken the first free `stem-2.ext`, `stem-3.ext`, …
    pub fn claim(&mut self, path: &str) -> String {
        let fitted = fit_name_lengths(path);
        let path = fitted.as_ref();
        if self.taken.insert(path.to_string()) {
            return path.to_string();
        }
        let (stem, ext) = match path.rsplit_once('.') {
            Some((stem, ext)) if !stem.ends_with('/') && !ext.contains('/') => (stem, Some(ext)),
            _ => (path, None),
        };
        (2..)
            .map(|n| match ext {
                Some(ext) => format!("{stem}-{n}.{ext}"),
                None => format!("{stem}-{n}"),
            })
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

/// The longest file name written, in bytes: under the 255 of ext4, APFS
/// and NTFS, with room for a `-N` suffix a collision adds.
const MAX_NAME: usize = 200;

/// `path` with every part longer than [`MAX_NAME`] bytes cut (on a
/// character boundary) and told apart by a hash of the whole part, its
/// extension kept: a note named with 251 characters gets a page
/// `….html` of 256, which no file system writes, and the build stopped.
pub(crate) fn fit_name_lengths(path: &str) -> std::borrow::Cow<'_, str> {
    if path.split('/').all(|part| part.len() <= MAX_NAME) {
        return path.into();
    }
    let parts: Vec<String> = path
        .split('/')
        .map(|part| {
            if part.len() <= MAX_NAME {
                return part.to_string();
            }
            let (stem, ext) = match part.rsplit_once('.') {
                Some((stem, ext)) if ext.len() <= 10 => (stem, format!(".{ext}")),
                _ => (part, String::new()),
            };
            let hash = super::manifest::digest(part.as_bytes());
            let keep = crate::span::floor_char_boundary(stem, MAX_NAME - ext.len() - 17);
            format!("{}-{:016x}{ext}", &stem[..keep], hash as u64)
        })
        .collect();
    parts.join("/").into()
}

/// Tags nest at most this deep in the site's folders; deeper parts join
/// the last folder's name (a tag `a/a/a/…` of 50,000 parts made a path no
/// file system takes).
const MAX_TAG_DEPTH: usize = 8;

/// A tag's page path: each `/`-separated part of the tag slugified, so a tag
/// written with markup or dots can never make a path outside `tags/`.
pub fn tag_page(tag: &str) -> String {
    let mut parts: Vec<String> = tag
        .split('/')
        .map(crate::text::slugify)
        .map(|s| if s.is_empty() { "tag".to_string() } else { s })
        .collect();
    if parts.len() > MAX_TAG_DEPTH {
        let rest = parts.split_off(MAX_TAG_DEPTH - 1).join("-");
        parts.push(rest);
    }
    format!("tags/{}.html", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::encode_path;

    #[test]
    fn relative_urls_climb_to_the_root_and_encode() {
        assert_eq!(
            relative_url("index.html", "guides/On call.html"),
            "guides/On%20call.html"
        );
        assert_eq!(relative_url("a/b/c.html", "x#y.png"), "../../x%23y.png");
        assert_eq!(relative_url("a/c.html", "é.html"), "../%C3%A9.html");
        // Encoded bytes first, last and side by side.
        assert_eq!(encode_path("(x) y&"), "%28x%29%20y%26");
    }

    #[test]
    fn fragments_encode_what_rfc_3986_forbids() {
        assert_eq!(encode_fragment("^rollback-trigger"), "%5Erollback-trigger");
        assert_eq!(encode_fragment("exit-criteria"), "exit-criteria");
        assert_eq!(encode_fragment("a b|c"), "a%20b%7Cc");
        // A control character is encoded; other non-ASCII stays readable.
        assert_eq!(encode_fragment("é\u{7f}ü"), "é%7Fü");
    }

    #[test]
    fn long_names_and_deep_tags_fit_any_file_system() {
        let long = format!("guides/{}.md", "n".repeat(251));
        let page = fit_name_lengths(&note_page(&long)).into_owned();
        let name = page.rsplit('/').next().unwrap();
        assert!(name.len() <= MAX_NAME && name.ends_with(".html"), "{name}");
        assert!(page.starts_with("guides/nnn"), "{page}");
        let other =
            fit_name_lengths(&note_page(&format!("guides/{}x.md", "n".repeat(251)))).into_owned();
        assert_ne!(page, other, "two long names stay apart");
        assert_eq!(fit_name_lengths("a/b.html"), "a/b.html");
        let deep = tag_page(&vec!["a"; 50_000].join("/"));
        assert!(
            deep.split('/').count() <= MAX_TAG_DEPTH + 1,
            "{}",
            deep.len()
        );
        let mut claims = Claims::default();
        let claimed = claims.claim(&deep);
        assert!(claimed.split('/').all(|p| p.len() <= MAX_NAME + 4));
    }

    #[test]
    fn claims_suffix_a_taken_path() {
        let mut claims = Claims::default();
        assert!(claims.claim_exact("index.html"));
        assert_eq!(claims.claim("index.html"), "index-2.html");
        assert_eq!(claims.claim("index.html"), "index-3.html");
        assert_eq!(claims.claim("a.b/readme"), "a.b/readme");
        assert_eq!(claims.claim("a.b/readme"), "a.b/readme-2");
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "a/../b",
            "./a",
            "a//b",
            "a\\b",
            "..",
            "a/.",
        ] {
            assert!(!is_safe_site_path(bad), "{bad:?}");
        }
        assert!(is_safe_site_path("guides/On call.html"));
    }

    #[test]
    fn tag_pages_cannot_escape() {
        assert_eq!(tag_page("release/q3"), "tags/release/q3.html");
        assert_eq!(tag_page("../../x"), "tags/tag/tag/x.html");
        assert_eq!(tag_page("<b>x</b>"), "tags/bx/b.html");
        assert!(is_safe_site_path(&tag_page("../..")));
    }
}
