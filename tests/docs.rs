//! `docs/rules.md` is generated from the rule registry, so the page cannot
//! drift from what `phasebook explain` prints. Run with `UPDATE_DOCS=1` to
//! regenerate it after changing a rule's documentation.

use phasebook::lint;
use phasebook::lint::docs::explain;

fn rules_page() -> String {
    let mut page = String::from(
        "<!-- Generated from the rule registry by tests/docs.rs; do not edit. -->\n\n# Rules\n\n",
    );
    for rule in lint::registry() {
        page.push_str(
            &explain(rule.meta())
                .replacen("# ", "## ", 1)
                .replace("\n## Example", "\n### Example")
                .replace("\n## Fixed", "\n### Fixed"),
        );
    }
    page
}

#[test]
fn rules_page_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = rules_page();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}

/// The `book.toml` sample in README.md: the first TOML block after its
/// "## `book.toml`" heading.
fn readme_config_sample() -> String {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let section = readme
        .split_once("## `book.toml`")
        .map(|(_, rest)| rest)
        .expect("README has a book.toml section");
    let block = section
        .split_once("```toml\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .expect("the section has a TOML block");
    block.to_string()
}

#[test]
fn readme_config_sample_is_a_valid_book_toml_showing_the_real_defaults() {
    use phasebook::config::{Config, ReadinessConfig};
    let sample = readme_config_sample();
    let config = Config::from_toml(&sample, std::path::Path::new("/proj/book.toml"))
        .unwrap_or_else(|e| panic!("README's book.toml sample: {e:#}"));
    // Its readiness lines are presented as the defaults: they must be.
    let defaults = ReadinessConfig::default();
    assert_eq!(config.readiness.entry.as_str(), defaults.entry.as_str());
    assert_eq!(config.readiness.exit.as_str(), defaults.exit.as_str());
    assert_eq!(config.readiness.gate.as_str(), defaults.gate.as_str());
    assert_eq!(config.readiness.done, defaults.done);
    assert_eq!(config.readiness.open, defaults.open);
    // Every table the sample shows took effect.
    assert_eq!(config.authors, ["Platform team"]);
    assert_eq!(config.site.base_url, "/");
    assert!(config.site.site_url.is_some());
}

/// `docs/book.schema.json` is what `phasebook schema` prints, so the
/// `#:schema ./docs/book.schema.json` line README suggests points editors
/// at the schema of this very version. `UPDATE_DOCS=1` rewrites it.
#[test]
fn book_schema_file_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/book.schema.json");
    let out = assert_cmd::Command::cargo_bin("phasebook")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &out.stdout).unwrap();
    }
    let have = std::fs::read(&path).unwrap_or_default();
    assert!(
        have == out.stdout,
        "docs/book.schema.json is stale: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}

/// `docs/mdbook.md`: what phasebook does with each of mdBook's
/// `book.toml` keys, generated from `config::mdbook::KEYS`, the list the
/// configuration accepts and warns from.
fn mdbook_page() -> String {
    let mut page = String::from(
        "<!-- Generated from src/config/mdbook.rs by tests/docs.rs; do not edit. -->\n\n\
         # mdBook compatibility\n\n\
         phasebook reads an mdBook book's `book.toml` and `SUMMARY.md`. Every key of mdBook's \
         `book.toml` is either **used** with mdBook's meaning or **accepted, not used**: the \
         build says so in one warning per key (or table), at its line and column, e.g. \
         `book.toml:12:1: [output.html.playground] is mdBook's and not used by phasebook` \
         (`build` prints its first 20 warnings and a count of the rest; `build --explain` \
         prints them all). A key that is neither mdBook's nor phasebook's is still an error, so a typo fails.\n\n\
         **The vault folder** is `[book] src`, relative to `book.toml`. Its default is `vault`, \
         not mdBook's `src`: a book that relies on mdBook's default sets `src = \"src\"` \
         (phasebook's error says so when it finds `src/SUMMARY.md`).\n\n\
         **SUMMARY.md** at the vault root is the site's navigation: the sidebar lists its \
         chapters first, in its order and nesting, with its titles, numbered as mdBook numbers \
         them (`1.`, `1.1.`; prefix and suffix chapters unnumbered), its part titles and \
         separators; a draft chapter (`[Draft]()`, or a chapter whose note is not published) \
         is listed without a link. Previous and next follow the same order (the home note \
         included when SUMMARY.md lists it); notes SUMMARY.md does not list are still \
         published, listed after it as in a vault without one. SUMMARY.md itself is not a \
         page: the publication scope leaves it out as the \"table of contents\" \
         (`build --explain` says so), and `check` still reads its links. Without a \
         SUMMARY.md the navigation is the folder tree, as before.\n\n\
         | key | phasebook |\n|---|---|\n",
    );
    for key in phasebook::config::mdbook::KEYS {
        let verdict = if key.used {
            "**used**"
        } else {
            "accepted, not used"
        };
        page.push_str(&format!(
            "| `{}` | {verdict}: {} |\n",
            key.shown(),
            key.what
        ));
    }
    page
}

#[test]
fn mdbook_page_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/mdbook.md");
    let want = mdbook_page();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/mdbook.md is stale: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}
