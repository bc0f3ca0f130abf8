//! mdBook's `book.toml` keys and what phasebook does with each.
//!
//! A book written for mdBook must build as it is: every key of mdBook's is
//! either used with mdBook's meaning or accepted with one warning naming it
//! as not used. [`KEYS`] is the one list: `raw.rs` accepts each key,
//! [`unused`] finds the unused ones in a file (with their line and column,
//! which serde's types do not keep for keys), and `docs/mdbook.md` is
//! generated from it by `tests/docs.rs`, so the table users read is the
//! list the code checks. A key that is not mdBook's (nor phasebook's) stays
//! an error: a typo must still fail.

use toml::de::{DeTable, DeValue};

/// One key (or table) of mdBook's `book.toml`.
#[derive(Debug, Clone, Copy)]
pub struct MdbookKey {
    /// Its dotted path: `book.title`, `output.html.playground` (a table,
    /// taken whole), `preprocessor.*` and `output.*` (any name; `output.*`
    /// is any renderer but `html`).
    pub key: &'static str,
    /// Whether phasebook uses it.
    pub used: bool,
    /// What phasebook does with it (or why it does not).
    pub what: &'static str,
}

impl MdbookKey {
    /// How `docs/mdbook.md` names it: `[book] title`, or a table:
    /// `[rust]`, `[output.html.playground]`, `[preprocessor.NAME]`.
    pub fn shown(&self) -> String {
        const TABLES: &[&str] = &[
            "print",
            "search",
            "fold",
            "playground",
            "playpen",
            "code",
            "redirect",
        ];
        if let Some(table) = self.key.strip_suffix(".*") {
            return format!("[{table}.NAME]");
        }
        let whole = !self.key.contains('.')
            || self
                .key
                .strip_prefix("output.html.")
                .is_some_and(|k| TABLES.contains(&k));
        shown(self.key, whole)
    }
}

const fn used(key: &'static str, what: &'static str) -> MdbookKey {
    MdbookKey {
        key,
        used: true,
        what,
    }
}

const fn unused(key: &'static str, what: &'static str) -> MdbookKey {
    MdbookKey {
        key,
        used: false,
        what,
    }
}

/// Every key of mdBook's `book.toml` (mdBook's guide, "Configuration":
/// general.md and renderers.md, and the older keys its config still reads).
pub const KEYS: &[MdbookKey] = &[
    used("book.title", "The site's title."),
    used("book.authors", "Each page's `<meta name=\"author\">`."),
    used(
        "book.description",
        "Each page's `<meta name=\"description\">` unless the note has its own.",
    ),
    used(
        "book.src",
        "The vault folder, relative to `book.toml`. The default is `vault`, not mdBook's `src`: an mdBook book without the key sets `src = \"src\"`.",
    ),
    used("book.language", "The pages' `<html lang>` (default `en`)."),
    unused(
        "book.text-direction",
        "Not used: pages are left-to-right, or as the browser infers.",
    ),
    unused(
        "book.multilingual",
        "Not used (mdBook no longer reads it either).",
    ),
    unused(
        "rust",
        "`[rust] edition`: not used; phasebook neither runs nor tests code blocks.",
    ),
    used(
        "build.build-dir",
        "Where `phasebook build` writes the site (default `site`, not mdBook's `book`).",
    ),
    unused(
        "build.create-missing",
        "Not used: a build never writes into the vault; a SUMMARY.md chapter without a note is listed as a draft.",
    ),
    unused(
        "build.use-default-preprocessors",
        "Not used: phasebook runs no preprocessors.",
    ),
    unused(
        "build.extra-watch-dirs",
        "Not used: `phasebook serve` watches the vault, `book.toml`, `[site] templates` and `additional-css`/`-js`.",
    ),
    unused(
        "preprocessor.*",
        "`[preprocessor.NAME]` (any name, with `command`, `renderers`, `before`, `after`, `optional`): not used; phasebook runs no preprocessors, so `{{#include}}` and the like stay as written.",
    ),
    used(
        "output.html.site-url",
        "Where the site is served: the 404 page's links start there. `[site] base-url` wins when both are set.",
    ),
    used(
        "output.html.git-repository-url",
        "A \"Repository\" link in every page's header.",
    ),
    used(
        "output.html.edit-url-template",
        "Each page's \"Edit this page\" link; `{path}` is the note's path from `book.toml`'s folder.",
    ),
    used(
        "output.html.additional-css",
        "Copied into the site (`_phasebook/additional/…`) and linked after the theme's style sheets on every page. Files below `book.toml`'s folder only: the pages' Content-Security-Policy allows same-origin style sheets only.",
    ),
    used(
        "output.html.additional-js",
        "Copied into the site like `additional-css` and loaded (deferred) after the theme's scripts on every page; same-origin files only, as the Content-Security-Policy says.",
    ),
    used(
        "output.html.no-section-label",
        "With a SUMMARY.md: no chapter numbers (\"1.\", \"2.1.\") in the sidebar.",
    ),
    unused(
        "output.html.theme",
        "Not used: mdBook's Handlebars theme; phasebook's theme is overridden with `[site] templates`.",
    ),
    unused(
        "output.html.default-theme",
        "Not used: the site follows the system's light or dark theme, with a toggle.",
    ),
    unused(
        "output.html.preferred-dark-theme",
        "Not used (as `default-theme`).",
    ),
    unused(
        "output.html.smart-punctuation",
        "Not used: quotes and dashes are shown as written, as in Obsidian.",
    ),
    unused(
        "output.html.curly-quotes",
        "Not used (mdBook's former name of `smart-punctuation`).",
    ),
    unused(
        "output.html.definition-lists",
        "Not used: phasebook reads Obsidian's Markdown dialect.",
    ),
    unused(
        "output.html.admonitions",
        "Not used: Obsidian callouts (`> [!note]`) are rendered either way.",
    ),
    unused(
        "output.html.mathjax-support",
        "Not used: `$…$` math is rendered as MathML either way.",
    ),
    unused(
        "output.html.copy-fonts",
        "Not used: the theme uses the system's fonts.",
    ),
    unused(
        "output.html.git-repository-icon",
        "Not used: the repository link is text.",
    ),
    unused(
        "output.html.input-404",
        "Not used: phasebook writes its own 404.html.",
    ),
    unused(
        "output.html.cname",
        "Not used: add a `CNAME` file to the published files yourself.",
    ),
    unused("output.html.hash-files", "Not used: asset names are fixed."),
    unused(
        "output.html.sidebar-header-nav",
        "Not used: each page has its own \"On this page\" list.",
    ),
    unused(
        "output.html.live-reload-endpoint",
        "Not used: `phasebook serve` has its own live reload.",
    ),
    unused(
        "output.html.print",
        "`[output.html.print]` (`enable`, `page-break`): not used; there is no print page.",
    ),
    unused(
        "output.html.search",
        "`[output.html.search]` (and `.chapter`): not used; phasebook's search has no settings.",
    ),
    unused(
        "output.html.fold",
        "`[output.html.fold]` (`enable`, `level`): not used; the sidebar's folders fold as the reader leaves them.",
    ),
    unused(
        "output.html.playground",
        "`[output.html.playground]` (`editable`, `copyable`, `copy-js`, `line-numbers`, `runnable`): not used; code blocks have a copy button and nothing runs.",
    ),
    unused(
        "output.html.playpen",
        "The former name of `[output.html.playground]`: not used.",
    ),
    unused(
        "output.html.code",
        "`[output.html.code]` (`hidelines`): not used; every line of a code block is shown.",
    ),
    unused(
        "output.html.redirect",
        "`[output.html.redirect]`: not used; no redirect pages are written.",
    ),
    unused(
        "output.*",
        "`[output.NAME]` of any other renderer (`markdown`, `epub`, `linkcheck`…, with `command`, `optional`): not used; phasebook writes the HTML site only.",
    ),
];

/// The entry of [`KEYS`] for the dotted path `path`, if it is mdBook's.
fn entry(path: &str) -> Option<&'static MdbookKey> {
    KEYS.iter().find(|k| k.key == path).or_else(|| {
        let (table, name) = path.split_once('.')?;
        // `output.NAME` of another renderer; `preprocessor.NAME`.
        if name.contains('.') || (table == "output" && name == "html") {
            return None;
        }
        KEYS.iter().find(|k| k.key == format!("{table}.*"))
    })
}

/// How a warning names a key: `[book] multilingual`, or a table taken
/// whole: `[output.html.playground]`, `[preprocessor.katex]`, `[rust]`.
fn shown(path: &str, table_whole: bool) -> String {
    if table_whole {
        return format!("[{path}]");
    }
    match path.rsplit_once('.') {
        Some((table, key)) => format!("[{table}] {key}"),
        None => format!("[{path}]"),
    }
}

/// mdBook's keys in `text` that phasebook does not use, each with the byte
/// offset of where it is written (a table's header, or the key): one
/// `(offset, message)` per key, in the file's order. `text` has been read
/// by serde already; a text that does not parse gives none.
pub(super) fn unused_keys(text: &str) -> Vec<(usize, String)> {
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(root.get_ref(), "", &mut found);
    found.sort();
    found
}

fn walk(table: &DeTable<'_>, prefix: &str, found: &mut Vec<(usize, String)>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        match entry(&path) {
            Some(mdbook) if !mdbook.used => {
                let whole = matches!(value.get_ref(), DeValue::Table(_))
                    || !mdbook.key.contains('.')
                    || mdbook.key.ends_with(".*");
                found.push((
                    key.span().start,
                    format!(
                        "{} is mdBook's and not used by phasebook",
                        shown(&path, whole)
                    ),
                ));
            }
            _ => {
                if let DeValue::Table(inner) = value.get_ref() {
                    walk(inner, &path, found);
                }
            }
        }
    }
}

/// Where a warning about the key at `offset` points: the `[` of the
/// table header the key is written in (`[output.html.playground]`), else
/// the key itself.
pub(super) fn warning_offset(text: &str, offset: usize) -> usize {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line = &text[line_start..];
    let indent = line.len() - line.trim_start().len();
    if line.trim_start().starts_with('[') {
        line_start + indent
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        unused_keys(text)
            .into_iter()
            .map(|(at, m)| format!("{}: {m}", warning_offset(text, at)))
            .collect()
    }

    #[test]
    fn one_warning_per_unused_key_or_table_at_its_place() {
        let text = "[book]\ntitle = \"T\"\nmultilingual = false\n\
                    [rust]\nedition = \"2021\"\n\
                    [output.html]\nmathjax-support = true\nadditional-css = []\n\
                    [output.html.playground]\neditable = true\nrunnable = false\n\
                    [preprocessor.katex]\n[preprocessor.links]\n[output.epub]\n";
        let got = messages(text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(
            got,
            vec![
                format!(
                    "{}: [book] multilingual is mdBook's and not used by phasebook",
                    at("multilingual")
                ),
                format!(
                    "{}: [rust] is mdBook's and not used by phasebook",
                    at("[rust]")
                ),
                format!(
                    "{}: [output.html] mathjax-support is mdBook's and not used by phasebook",
                    at("mathjax")
                ),
                format!(
                    "{}: [output.html.playground] is mdBook's and not used by phasebook",
                    at("[output.html.playground]")
                ),
                format!(
                    "{}: [preprocessor.katex] is mdBook's and not used by phasebook",
                    at("[preprocessor.katex]")
                ),
                format!(
                    "{}: [preprocessor.links] is mdBook's and not used by phasebook",
                    at("[preprocessor.links]")
                ),
                format!(
                    "{}: [output.epub] is mdBook's and not used by phasebook",
                    at("[output.epub]")
                ),
            ]
        );
    }

    #[test]
    fn used_and_phasebook_keys_give_no_warning() {
        let text = "[book]\ntitle = \"T\"\nsrc = \"src\"\n[build]\nbuild-dir = \"b\"\n\
                    [output.html]\ngit-repository-url = \"https://example.com/r\"\n[lint]\nignore = []\n";
        assert!(messages(text).is_empty());
    }

    #[test]
    fn wildcards_match_one_level_and_never_html() {
        assert_eq!(entry("output.epub").map(|k| k.key), Some("output.*"));
        assert!(entry("output.html").is_none());
        assert_eq!(
            entry("preprocessor.x").map(|k| k.key),
            Some("preprocessor.*")
        );
        assert!(entry("preprocessor.x.command").is_none());
        assert!(entry("lint.ignore").is_none());
    }
}
