//! Every rule's documented example (what `phasebook explain` prints) is
//! tested: the rule fires on the example and is silent on the fixed
//! version; for a fixable rule, `--fix` turns the example into exactly the
//! fixed version.

mod common;

use common::{fixture, human_report};
use phasebook::lint;

#[test]
fn every_rule_fires_on_its_example_and_not_on_its_fix() {
    for rule in lint::registry() {
        let meta = rule.meta();
        assert!(!meta.example.is_empty(), "{} has no example", meta.name);
        let bad = fixture(meta.example);
        assert!(
            bad.rules_fired().contains(&meta.name),
            "{} does not fire on its example: {:?}",
            meta.name,
            bad.findings()
        );
        let good = fixture(meta.fixed);
        assert!(
            !good.rules_fired().contains(&meta.name),
            "{} fires on its fixed example: {:?}",
            meta.name,
            good.findings()
        );
    }
}

#[test]
fn fixable_rules_fix_their_example_into_the_fixed_version() {
    for rule in lint::registry() {
        let meta = rule.meta();
        let bad = fixture(meta.example);
        let diagnostics: Vec<_> = bad
            .diagnostics()
            .into_iter()
            .filter(|d| d.rule == meta.name)
            .collect();
        let fixable = diagnostics.iter().any(|d| d.fix.is_some());
        assert_eq!(
            fixable, meta.fixable,
            "{}: fixable flag disagrees with its findings",
            meta.name
        );
        if !meta.fixable {
            continue;
        }
        lint::fix::apply(&bad.vault, &diagnostics).unwrap();
        for (path, want) in meta.fixed {
            let got = std::fs::read_to_string(bad.root().join(path)).unwrap();
            assert_eq!(&got, want, "{}: --fix result for {path}", meta.name);
        }
    }
}

/// What `check` reports on each rule's example, one reviewed snapshot per
/// rule (`rule_examples__<rule>.snap`), as ruff keeps one per rule: a
/// change to a rule's message, span or help shows in review.
#[test]
fn every_rule_reports_its_example_as_its_snapshot() {
    for rule in lint::registry() {
        let meta = rule.meta();
        let report = human_report(&fixture(meta.example));
        insta::assert_snapshot!(meta.name, report);
    }
}

#[test]
fn rule_names_are_unique_kebab_case() {
    let names = lint::rule_names();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len());
    for name in names {
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{name}"
        );
    }
}

/// `math-invalid` reads the TeX as it renders: display math in a quote or
/// callout is valid though its source lines start with `>`, and math in a
/// `%%comment%%`, which the site does not render, is not reported.
#[test]
fn math_invalid_reads_math_in_quotes_and_skips_comments() {
    let quoted = fixture(&[(
        "a.md",
        "# A\n\n> [!note] Formula\n> $$\n> \\frac{a}{b}\n> $$\n\n%% $\\fracc{x}$ %%\n",
    )]);
    assert_eq!(
        quoted.rules_fired(),
        Vec::<&str>::new(),
        "{:?}",
        quoted.findings()
    );
    let broken = fixture(&[("a.md", "# A\n\n> $$\n> \\fracc{a}{b}\n> $$\n")]);
    assert_eq!(broken.rules_fired(), vec!["math-invalid"]);
}

/// A `$$` no `$$` closes in its paragraph is reported where it stands;
/// one in code, escaped, in a comment or closed is not.
#[test]
fn math_invalid_reports_an_unclosed_display_math() {
    let text = "# A\n\nThe sum $$\\sum_i x_i\n\nends here.\n\n`$$` \\$$ %% $$ %%\n\n```\n$$\n```\n\n$$x$$ and $y$\n";
    let vault = fixture(&[("a.md", text)]);
    let found = vault.diagnostics();
    assert_eq!(found.len(), 1, "{:?}", vault.findings());
    assert_eq!(found[0].rule, "math-invalid");
    assert_eq!(found[0].span.start, text.find("$$").unwrap());
    assert_eq!((found[0].start.line, found[0].start.column), (3, 9));
}
