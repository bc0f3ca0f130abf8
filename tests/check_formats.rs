//! `check --format sarif|github|junit`, `--output`, `--quiet`, `--fail-on`.

mod common;

use std::path::Path;

use common::{phasebook, seed_like_vault};
use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = phasebook().current_dir(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// A vault whose messages and paths hold every character the GitHub
/// escaping cares about: `%`, `:` and `,` in a message and a path, and a
/// newline (between a message and its help line).
fn awkward_vault(dir: &Path) {
    common::write_files(
        dir,
        &[
            (
                "notes/a, b: c.md",
                "# A\n\nSee [[100%, done: yes]] and [[Releas Plan]].\n",
            ),
            ("notes/release-plan.md", "# Release plan\n\n- [] todo\n"),
        ],
    );
}

#[test]
fn github_annotations_escape_data_and_properties() {
    let dir = tempfile::tempdir().unwrap();
    awkward_vault(dir.path());
    let out = run(dir.path(), &["check", "--vault", ".", "--format", "github"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("awkward_github", out.stdout);
    for line in out.stdout.lines() {
        assert!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "{line}"
        );
        // Exactly the two `::` separators: none leaks from a property.
        let (props, _message) = line[2..].split_once("::").unwrap();
        assert!(!props.contains("a, b"), "unescaped `,` in {props}");
    }
    assert!(
        out.stdout
            .contains("file=notes/a%2C b%3A c.md,line=3,col=5")
    );
    assert!(out.stdout.contains("`100%25, done: yes`"));
    assert!(out.stdout.contains("%0Ahelp: "), "help on its own line");
    assert!(
        out.stderr.starts_with("phasebook: 2 errors, 2 warnings"),
        "{}",
        out.stderr
    );
}

fn sarif(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = run(dir, &[&["check", "--format", "sarif"], args].concat());
    let json = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    (json, out.code)
}

#[test]
fn sarif_describes_rules_results_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    seed_like_vault(dir.path());
    let (log, code) = sarif(dir.path(), &["--vault", "."]);
    assert_eq!(code, 1);
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "phasebook");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), phasebook::lint::registry().len());
    let broken = rules.iter().find(|r| r["id"] == "broken-link").unwrap();
    assert_eq!(broken["defaultConfiguration"]["level"], "error");
    assert!(
        broken["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## Fixed")
    );

    let results = runs[0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], r["ruleId"],
            "ruleIndex points at its rule"
        );
        assert!(r["level"] == "error" || r["level"] == "warning");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(
            loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("ops/")
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    let misplaced = results
        .iter()
        .find(|r| r["ruleId"] == "frontmatter-misplaced")
        .unwrap();
    let changes = &misplaced["fixes"][0]["artifactChanges"][0];
    assert_eq!(
        changes["artifactLocation"]["uri"],
        "ops/phases/03-rollout.md"
    );
    assert!(!changes["replacements"].as_array().unwrap().is_empty());
    insta::assert_json_snapshot!("seed_like_sarif_results", results);
}

#[test]
fn sarif_paths_are_relative_to_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    common::write_files(dir.path(), &[("docs/my notes/a.md", "[[nowhere]]\n")]);
    let (log, _) = sarif(&dir.path().join("docs"), &["--vault", "."]);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docs/my%20notes/a.md"
    );
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    seed_like_vault(dir.path());
    let out = run(dir.path(), &["check", "--vault", ".", "--format", "junit"]);
    assert_eq!(out.code, 1);
    let xml = out.stdout;
    insta::assert_snapshot!("seed_like_junit", xml);
    // Counts agree: every suite's `tests`/`failures` with its elements, and
    // the totals with the sums.
    let attr = |tag: &str, name: &str| -> usize {
        let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let total = xml.lines().find(|l| l.starts_with("<testsuites")).unwrap();
    let suites: Vec<&str> = xml.split("<testsuite ").skip(1).collect();
    assert_eq!(suites.len(), 3, "three notes checked");
    let (mut tests, mut failures) = (0, 0);
    for suite in &suites {
        let head = suite.lines().next().unwrap();
        assert_eq!(attr(head, "tests"), suite.matches("<testcase ").count());
        assert_eq!(attr(head, "failures"), suite.matches("<failure ").count());
        tests += attr(head, "tests");
        failures += attr(head, "failures");
    }
    assert_eq!(attr(total, "tests"), tests);
    assert_eq!(attr(total, "failures"), failures);
    assert!(failures >= 2, "broken-link and frontmatter-misplaced fired");
}

#[test]
fn junit_escapes_markup_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(dir.path(), &[("a & b.md", "[[<x> & \"y\"]]\n")]);
    let out = run(dir.path(), &["check", "--vault", ".", "--format", "junit"]);
    assert!(
        out.stdout.contains("name=\"a &amp; b.md\""),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("`&lt;x&gt; &amp; &quot;y&quot;`"));
    assert!(!out.stdout.contains("<x>"));
}

#[test]
fn output_writes_the_report_to_a_file_and_the_summary_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    seed_like_vault(dir.path());
    for format in ["sarif", "junit", "github", "json", "human"] {
        let file = format!("report.{format}");
        let out = run(
            dir.path(),
            &[
                "check", "--vault", ".", "--format", format, "--output", &file,
            ],
        );
        assert_eq!(out.code, 1, "{format}");
        assert_eq!(out.stdout, "", "{format}: nothing on stdout");
        assert!(
            out.stderr
                .starts_with("phasebook: 5 errors, 1 warning in 1 file"),
            "{format}: {}",
            out.stderr
        );
        let written = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        let to_stdout = run(dir.path(), &["check", "--vault", ".", "--format", format]);
        assert_eq!(
            written, to_stdout.stdout,
            "{format}: the same bytes as on stdout"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".phasebook-") && name != ".phasebook-cache")
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");

    let bad = run(
        dir.path(),
        &["check", "--vault", ".", "--output", "no/such/dir/out.sarif"],
    );
    assert_eq!(bad.code, 2);
    assert_eq!(bad.stderr.lines().count(), 1, "{}", bad.stderr);

    // A folder in the way: one plain reason, said once, and no temporary
    // file left in it.
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let folder = run(
        dir.path(),
        &["check", "--vault", ".", "--output", "reports"],
    );
    assert_eq!(folder.code, 2);
    assert_eq!(folder.stderr.lines().count(), 1, "{}", folder.stderr);
    assert!(
        folder.stderr.starts_with("phasebook: error: cannot write ")
            && folder
                .stderr
                .ends_with("reports: it is a folder, not a file\n"),
        "{}",
        folder.stderr
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("reports"))
            .unwrap()
            .count(),
        0
    );
}

/// `--quiet` as ruff has it: the findings and nothing else.
#[test]
fn quiet_prints_the_findings_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    seed_like_vault(dir.path());
    let full = run(dir.path(), &["check", "--vault", "."]);
    let out = run(dir.path(), &["check", "--vault", ".", "--quiet"]);
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains("phasebook:"), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    // Every finding of the full report, without its summary line.
    let summary = full.stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("phasebook: 5 errors, 1 warning"),
        "{summary}"
    );
    assert_eq!(format!("{}{summary}\n", out.stdout), full.stdout);
    // A clean run prints nothing; a machine format no stderr summary.
    std::fs::write(dir.path().join("clean.md"), "# Clean\n").unwrap();
    let clean = run(
        dir.path(),
        &["check", "--vault", ".", "--quiet", "clean.md"],
    );
    assert_eq!(
        (clean.code, clean.stdout.as_str(), clean.stderr.as_str()),
        (0, "", "")
    );
    let json = run(
        dir.path(),
        &["check", "--vault", ".", "--quiet", "--format", "json"],
    );
    assert!(json.stderr.is_empty(), "{}", json.stderr);
}

#[test]
fn fail_on_decides_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            ("warn/a.md", "# A\n\n- [] todo\n"),
            ("err/b.md", "[[nowhere]]\n"),
        ],
    );
    let code = |vault: &str, extra: &[&str]| {
        run(
            dir.path(),
            &[&["check", "--vault", vault, "-q"], extra].concat(),
        )
        .code
    };
    assert_eq!(code("warn", &[]), 0, "warnings pass by default");
    assert_eq!(code("warn", &["--fail-on", "error"]), 0);
    assert_eq!(code("warn", &["--fail-on", "warning"]), 1);
    assert_eq!(code("warn", &["--deny", "warnings"]), 1, "alias");
    assert_eq!(code("err", &[]), 1);
    assert_eq!(code("err", &["--fail-on", "warning"]), 1);
    assert_eq!(code("err", &["--fail-on", "never"]), 0);
    let never = run(
        dir.path(),
        &["check", "--vault", "err", "--fail-on", "never"],
    );
    assert!(
        never.stdout.contains("error[broken-link]"),
        "still reported"
    );
    let both = run(
        dir.path(),
        &[
            "check",
            "--vault",
            "err",
            "--fail-on",
            "never",
            "--deny",
            "warnings",
        ],
    );
    assert_eq!(both.code, 2, "conflicting flags are a usage error");
}
