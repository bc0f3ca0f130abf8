//! Inline and frontmatter suppressions, and `unused-suppression`.

mod common;

use common::fixture;

/// (rule, line) of every diagnostic of `text` as `a.md` (with `b.md`
/// present, so `[[b]]` resolves).
fn findings(text: &str) -> Vec<(String, usize)> {
    let fx = fixture(&[("a.md", text), ("b.md", "# B\n")]);
    fx.findings()
        .into_iter()
        .filter(|(_, path, _)| path == "a.md")
        .map(|(rule, _, line)| (rule, line))
        .collect()
}

fn at(rule: &str, line: usize) -> (String, usize) {
    (rule.to_string(), line)
}

#[test]
fn disable_next_line_covers_only_the_next_line() {
    let got = findings("# A\n\n<!-- phasebook-disable-next-line broken-link -->\n[[x]]\n[[y]]\n");
    assert_eq!(got, vec![at("broken-link", 5)]);
}

#[test]
fn disable_names_rules_and_enable_ends_the_region() {
    let got = findings(
        "# A\n\n<!-- phasebook-disable broken-link, task-malformed -->\n[[x]]\n- [] t\n<!-- phasebook-enable -->\n[[y]]\n- [] u\n",
    );
    assert_eq!(got, vec![at("broken-link", 7), at("task-malformed", 8)]);
}

#[test]
fn enable_one_rule_keeps_the_others_disabled() {
    let got = findings(
        "# A\n\n<!-- phasebook-disable broken-link, task-malformed -->\n[[x]]\n- [] t\n<!-- phasebook-enable broken-link -->\n[[y]]\n- [] u\n",
    );
    assert_eq!(got, vec![at("broken-link", 7)]);
}

#[test]
fn enable_one_rule_inside_a_disable_of_all_turns_only_it_back_on() {
    let got = findings(
        "# A\n\n<!-- phasebook-disable -->\n[[x]]\n- [] t\n<!-- phasebook-enable broken-link -->\n[[y]]\n- [] u\n\
         <!-- phasebook-disable broken-link -->\n[[z]]\n<!-- phasebook-enable -->\n[[w]]\n",
    );
    assert_eq!(
        got,
        vec![at("broken-link", 7), at("broken-link", 12)],
        "[[y]] is reported (enabled again), - [] u is not (still disabled), \
         [[z]] is not (disabled again), [[w]] is (all enabled)"
    );
}

#[test]
fn disable_without_enable_runs_to_the_end_and_without_names_covers_all() {
    let got = findings("# A\n\n[[w]]\n<!-- phasebook-disable -->\n[[x]]\n- [] t\n\n[[y]]\n");
    assert_eq!(got, vec![at("broken-link", 3)]);
}

#[test]
fn only_the_named_rule_is_suppressed() {
    let got =
        findings("# A\n\n<!-- phasebook-disable-next-line task-malformed -->\n[[x]] \n- [] t\n");
    assert_eq!(
        got,
        vec![
            at("unused-suppression", 3),
            at("broken-link", 4),
            at("task-malformed", 5)
        ]
    );
}

#[test]
fn frontmatter_disables_rules_for_the_whole_note() {
    let got =
        findings("---\nphasebook:\n  disable: [broken-link]\n---\n# A\n\n[[x]]\n\n[[y]]\n- [] t\n");
    assert_eq!(got, vec![at("task-malformed", 10)]);
}

#[test]
fn comments_inside_code_are_not_suppressions() {
    let got = findings(
        "# A\n\n```\n<!-- phasebook-disable broken-link -->\n```\n[[x]]\n`<!-- phasebook-disable-next-line broken-link -->`\n[[y]]\n",
    );
    assert_eq!(got, vec![at("broken-link", 6), at("broken-link", 8)]);
}

#[test]
fn a_suppression_that_suppresses_nothing_is_reported() {
    let fx = fixture(&[
        (
            "a.md",
            "---\nphasebook: { disable: [empty-note] }\n---\n# A\n\n<!-- phasebook-disable-next-line broken-link -->\n[[b]]\n",
        ),
        ("b.md", "# B\n"),
    ]);
    let diags = fx.diagnostics();
    let unused: Vec<_> = diags
        .iter()
        .filter(|d| d.rule == "unused-suppression")
        .map(|d| (d.start.line, d.start.column, d.message.as_str()))
        .collect();
    assert_eq!(
        unused,
        vec![
            (2, 24, "suppression of `empty-note` suppresses nothing"),
            (6, 34, "suppression of `broken-link` suppresses nothing"),
        ]
    );
    assert!(
        diags
            .iter()
            .all(|d| d.severity == phasebook::lint::Severity::Warning)
    );
}

#[test]
fn unknown_rule_names_and_stray_enables_are_reported() {
    let fx = fixture(&[(
        "a.md",
        "# A\n\n<!-- phasebook-disable-next-line broken-lnk -->\n[[x]]\n<!-- phasebook-enable broken-link -->\n",
    )]);
    let messages: Vec<_> = fx
        .diagnostics()
        .into_iter()
        .map(|d| (d.rule, d.message, d.help.unwrap_or_default()))
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_eq!(messages[0].0, "unused-suppression");
    assert_eq!(
        messages[0].1,
        "suppression names `broken-lnk`, which is not a rule"
    );
    assert!(messages[0].2.contains("did you mean `broken-link`?"));
    assert_eq!(
        messages[1].0, "broken-link",
        "an unknown name suppresses nothing"
    );
    assert!(
        messages[2]
            .1
            .contains("has no `phasebook-disable` before it")
    );
}

#[test]
fn unused_suppression_follows_its_configured_level() {
    let text = "# A\n\n<!-- phasebook-disable-next-line broken-link -->\nok\n";
    let fx = common::fixture_with(&[("a.md", text)], |config| {
        config.lint.rules.insert(
            "unused-suppression".to_string(),
            phasebook::config::RuleLevel::Off,
        );
    });
    assert!(fx.findings().is_empty(), "{:?}", fx.findings());
}

#[test]
fn a_second_enable_of_a_rule_already_on_again_is_a_stray_one() {
    let got = findings(
        "# A\n\n<!-- phasebook-disable -->\n- [] t\n<!-- phasebook-enable broken-link -->\n\
         <!-- phasebook-enable broken-link -->\n[[y]]\n",
    );
    assert_eq!(
        got,
        vec![at("unused-suppression", 6), at("broken-link", 7)],
        "the disable still hides - [] t; the second enable does nothing"
    );
}

#[test]
fn a_disable_of_all_that_hides_only_re_enabled_findings_is_unused() {
    let got = findings(
        "# A\n\n<!-- phasebook-disable -->\n<!-- phasebook-enable broken-link -->\n[[y]]\n\
         <!-- phasebook-enable -->\n",
    );
    assert_eq!(got, vec![at("unused-suppression", 3), at("broken-link", 5)]);
}
