//! `docs/rules.md` is generated from the rule registry, so the page cannot
//! drift from what `phasebook explain` prints. Run with `UPDATE_DOCS=1` to
//! regenerate it after changing a rule's documentation.

use phasebook::commands::rules::explain;
use phasebook::lint;

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
