//! Fixture vaults for the phase rules: each yields exactly the expected
//! findings, at the expected lines.

mod common;

use common::{Fixture, fixture_with};

/// A phase document in the seeds' layout (H1, then the frontmatter).
fn doc(number: &str, name: &str, prev: &str, next: &str, body: &str) -> String {
    format!(
        "# {name} Phase\n\n---\ntags: [flow, phase]\nphase: {number}\nname: \"{name}\"\nprevious_phase: \"[[{prev}]]\"\nnext_phase: \"[[{next}]]\"\n---\n\n## Overview\n\nWork.\n{body}"
    )
}

const NAMES: [&str; 6] = ["plan", "design", "build", "test", "release", "iterate"];

fn stem(i: usize) -> String {
    format!("{:02}-{}", i + 1, NAMES[i])
}

/// A well-formed six-phase cycle (06 → 01 wraps), as (path, text).
fn cycle() -> Vec<(String, String)> {
    (0..6)
        .map(|i| {
            let prev = stem((i + 5) % 6);
            let next = stem((i + 1) % 6);
            (
                format!("flow/{}.md", stem(i)),
                doc(&format!("{:02}", i + 1), NAMES[i], &prev, &next, ""),
            )
        })
        .collect()
}

fn build(files: &[(String, String)]) -> Fixture {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    fixture_with(&refs, |c| {
        c.lint.rules.insert(
            "frontmatter-misplaced".into(),
            phasebook::config::RuleLevel::Off,
        );
    })
}

fn set(files: &mut [(String, String)], path: &str, text: String) {
    let slot = files
        .iter_mut()
        .find(|(p, _)| p == path)
        .expect("fixture path");
    slot.1 = text;
}

fn findings(f: &Fixture) -> Vec<(String, String, usize)> {
    f.findings()
}

fn f(rule: &str, path: &str, line: usize) -> (String, String, usize) {
    (rule.to_string(), path.to_string(), line)
}

#[test]
fn a_six_phase_cycle_with_its_wrap_is_clean() {
    assert_eq!(findings(&build(&cycle())), vec![]);
}

#[test]
fn a_duplicated_number() {
    let mut files = cycle();
    files.push((
        "flow/03-build-twice.md".into(),
        doc("03", "build twice", "02-design", "04-test", ""),
    ));
    let got = findings(&build(&files));
    assert_eq!(got, vec![f("phase-duplicate", "flow/03-build.md", 5)]);
}

#[test]
fn a_gap() {
    let files: Vec<_> = cycle()
        .into_iter()
        .filter(|(p, _)| p != "flow/03-build.md")
        .map(|(p, t)| {
            (
                p,
                t.replace("[[03-build]]", "[[04-test]]").replace(
                    "previous_phase: \"[[04-test]]\"\nnext_phase: \"[[05",
                    "previous_phase: \"[[02-design]]\"\nnext_phase: \"[[05",
                ),
            )
        })
        .collect();
    let got = findings(&build(&files));
    assert_eq!(got, vec![f("phase-gap", "flow/04-test.md", 5)]);
}

#[test]
fn a_mismatched_previous_next_pair() {
    let mut files = cycle();
    set(
        &mut files,
        "flow/03-build.md",
        doc("03", "build", "01-plan", "04-test", ""),
    );
    let got = findings(&build(&files));
    // The wrong link, by the numbers; and, checked from the other end,
    // 02-design, whose links agree with the numbers but which 03-build's
    // `previous_phase` contradicts.
    assert_eq!(
        got,
        vec![
            f("phase-link-mismatch", "flow/02-design.md", 7),
            f("phase-link-mismatch", "flow/02-design.md", 8),
            f("phase-order", "flow/03-build.md", 7),
        ]
    );
    let fx = build(&files);
    let messages: Vec<String> = fx.diagnostics().into_iter().map(|d| d.message).collect();
    assert_eq!(
        messages,
        [
            "`previous_phase` is `01-plan`, which `03-build` also names as previous_phase",
            "`next_phase` is `03-build`, but its `previous_phase` is `01-plan`",
            "`previous_phase` is phase 01 (`01-plan`), but the phase before 03 is 02",
        ]
    );
}

#[test]
fn chain_links_to_a_non_phase_or_another_workflow() {
    let mut files = cycle();
    files.push((
        "other/01-alpha.md".into(),
        doc("01", "alpha", "01-alpha", "01-alpha", ""),
    ));
    files.push(("guide.md".into(), "# Guide\n".into()));
    set(
        &mut files,
        "flow/02-design.md",
        doc("02", "design", "guide", "03-build", ""),
    );
    set(
        &mut files,
        "flow/03-build.md",
        doc("03", "build", "02-design", "01-alpha", ""),
    );
    let got = findings(&build(&files));
    assert_eq!(
        got,
        vec![
            f("phase-link-mismatch", "flow/02-design.md", 7),
            f("phase-link-mismatch", "flow/03-build.md", 8),
        ]
    );
}

#[test]
fn a_cycle_other_than_the_wrap_and_a_skip() {
    let mut files = cycle();
    set(
        &mut files,
        "flow/04-test.md",
        doc("04", "test", "03-build", "02-design", ""),
    );
    set(
        &mut files,
        "flow/01-plan.md",
        doc("01", "plan", "06-iterate", "03-build", ""),
    );
    let got = findings(&build(&files));
    // 02-design's previous_phase no longer reciprocates: 04-test now claims it.
    // ... and 02-design's `next_phase`, which agrees with the numbers, is
    // reported too: 01-plan also claims 03-build as its successor.
    assert_eq!(
        got,
        vec![
            f("phase-order", "flow/01-plan.md", 8),
            f("phase-link-mismatch", "flow/02-design.md", 7),
            f("phase-link-mismatch", "flow/02-design.md", 8),
            f("phase-order", "flow/04-test.md", 8),
        ]
    );
    let fx = build(&files);
    let messages: Vec<String> = fx
        .diagnostics()
        .into_iter()
        .filter(|d| d.rule == "phase-order")
        .map(|d| d.message)
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("goes back to phase 02")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("the phase after 01 is 02")),
        "{messages:?}"
    );
}

#[test]
fn a_misnamed_file() {
    let mut files = cycle();
    let text = files
        .iter()
        .find(|(p, _)| p == "flow/05-release.md")
        .unwrap()
        .1
        .clone();
    files.retain(|(p, _)| p != "flow/05-release.md");
    files.push(("flow/04-release.md".into(), text));
    for (_, t) in files.iter_mut() {
        *t = t.replace("[[05-release]]", "[[04-release]]");
    }
    let got = findings(&build(&files));
    assert_eq!(got, vec![f("phase-filename", "flow/04-release.md", 5)]);
    let fx = build(&files);
    assert_eq!(
        fx.diagnostics()[0].message,
        "file name says phase 04, frontmatter says `phase: 05`"
    );
}

#[test]
fn a_gate_violation() {
    let mut files = cycle();
    set(
        &mut files,
        "flow/02-design.md",
        doc(
            "02",
            "design",
            "01-plan",
            "03-build",
            "\n## Exit Criteria\n\n- [x] Reviewed\n- [ ] Approved\n",
        ),
    );
    set(
        &mut files,
        "flow/03-build.md",
        doc(
            "03",
            "build",
            "02-design",
            "04-test",
            "\n## Entry Criteria\n\n- [ ] Staffed\n- [x] Repo created\n",
        ),
    );
    // The wrap does not count: 01 may have work while 06 is open.
    set(
        &mut files,
        "flow/06-iterate.md",
        doc(
            "06",
            "iterate",
            "05-release",
            "01-plan",
            "\n## Exit Criteria\n\n- [ ] Retro held\n",
        ),
    );
    set(
        &mut files,
        "flow/01-plan.md",
        doc(
            "01",
            "plan",
            "06-iterate",
            "02-design",
            "\n## Exit Criteria\n\n- [x] Planned\n",
        ),
    );
    let got = findings(&build(&files));
    assert_eq!(got, vec![f("phase-gate", "flow/03-build.md", 18)]);
}

#[test]
fn a_missing_artifact() {
    let mut files = cycle();
    let with_artifacts = doc("01", "plan", "06-iterate", "02-design", "").replace(
        "next_phase: \"[[02-design]]\"\n",
        "next_phase: \"[[02-design]]\"\nartifacts: [\"[[charter]]\", \"[[budget]]\"]\n",
    );
    set(&mut files, "flow/01-plan.md", with_artifacts);
    files.push(("charter.md".into(), "# Charter\n".into()));
    let got = findings(&build(&files));
    // One link, one finding: the broken link, not also a missing artifact.
    assert_eq!(got, vec![f("broken-link", "flow/01-plan.md", 9)]);
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let planned = fixture_with(&refs, |c| {
        c.planned_artifacts = true;
        c.lint.rules.insert(
            "frontmatter-misplaced".into(),
            phasebook::config::RuleLevel::Off,
        );
    });
    assert_eq!(
        planned.findings(),
        vec![f("missing-artifact", "flow/01-plan.md", 9)]
    );
    // With broken-link off, the missing artifact is still said.
    let unlinked = fixture_with(&refs, |c| {
        for rule in ["frontmatter-misplaced", "broken-link"] {
            c.lint
                .rules
                .insert(rule.into(), phasebook::config::RuleLevel::Off);
        }
    });
    assert_eq!(
        unlinked.findings(),
        vec![f("missing-artifact", "flow/01-plan.md", 9)]
    );
}

#[test]
fn schema_errors_name_the_key() {
    let mut files = cycle();
    set(
        &mut files,
        "flow/02-design.md",
        "# Design\n\n---\nphase: \"02\"\nprevious_phase: [[01-plan]]\nnext_phase: \"[[03-build]]\"\nartifacts: \"[[x]]\"\n---\n".into(),
    );
    let fx = build(&files);
    let got: Vec<(String, usize, String)> = fx
        .diagnostics()
        .into_iter()
        .filter(|d| d.rule == "frontmatter-schema")
        .map(|d| (d.rule.to_string(), d.start.line, d.message))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "frontmatter-schema".into(),
                3,
                "phase document has no `name`".into()
            ),
            (
                "frontmatter-schema".into(),
                4,
                "`phase` must be a number, not a string".into()
            ),
            (
                "frontmatter-schema".into(),
                5,
                "`previous_phase` must be one quoted wikilink, not a list".into()
            ),
            (
                "frontmatter-schema".into(),
                7,
                "`artifacts` must be a list, not a string".into()
            ),
        ]
    );
}

#[test]
fn workflows_by_frontmatter_key() {
    let files = [
        (
            "a/01-x.md".to_string(),
            doc("01", "x", "02-y", "02-y", "").replace("tags:", "workflow: ops\ntags:"),
        ),
        (
            "b/02-y.md".to_string(),
            doc("02", "y", "01-x", "01-x", "").replace("tags:", "workflow: ops\ntags:"),
        ),
    ];
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let fx = fixture_with(&refs, |c| {
        c.workflow = phasebook::config::WorkflowGrouping::Key("workflow".into());
        c.lint.rules.insert(
            "frontmatter-misplaced".into(),
            phasebook::config::RuleLevel::Off,
        );
    });
    assert_eq!(fx.findings(), vec![]);
    let phases = phasebook::phases::Phases::build(&fx.vault, &fx.config);
    assert_eq!(phases.workflows.len(), 1);
    assert_eq!(phases.workflows[0].name, "ops");
}
