//! `phasebook init`: the first minute. A new handbook must build and check
//! clean as written, and `init` must never write over a file.

mod common;

use std::path::Path;

use common::{phasebook, tree};
use serde_json::Value;

/// Runs phasebook in `dir`: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = phasebook().current_dir(dir).args(args).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap(),
        text(&out.stdout),
        text(&out.stderr),
    )
}

#[test]
fn a_new_handbook_builds_and_checks_clean_and_init_will_not_run_twice() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let (code, _, stderr) = run(dir, &["init"]);
    assert_eq!(code, 0, "{stderr}");
    // Without --ci or --pre-commit, one line says how to get them.
    assert!(stderr.contains("--ci github --pre-commit"), "{stderr}");
    assert!(!dir.join(".github").exists() && !dir.join(".pre-commit-config.yaml").exists());

    let (code, _, stderr) = run(dir, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.join("site/index.html").is_file());
    assert!(dir.join("site/delivery/phases/01-plan.html").is_file());
    // The template folder is for copying, not for readers.
    assert!(!dir.join("site/templates").exists());

    let (code, stdout, stderr) = run(dir, &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, stdout, _) = run(dir, &["check", "--format", "json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{stdout}");
    let (code, stdout, _) = run(dir, &["readiness"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("current: 01-plan"), "{stdout}");

    let before = tree(dir);
    let (code, _, stderr) = run(dir, &["init"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("book.toml already exists"), "{stderr}");
    assert_eq!(tree(dir), before, "a refused init changed files");
}

#[test]
fn init_dir_creates_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(tmp.path(), &["init", "team/handbook"]);
    assert_eq!(code, 0, "{stderr}");
    let dir = tmp.path().join("team/handbook");
    assert!(dir.join("book.toml").is_file());
    assert!(dir.join("vault/delivery/phases/03-release.md").is_file());
    assert!(
        stderr.contains("cd team/handbook && phasebook build"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("/site/")
    );
}

#[test]
fn one_existing_file_stops_init_before_it_writes_anything() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::write(dir.join(".gitignore"), "/target\n").unwrap();
    std::fs::create_dir_all(dir.join("vault/guides")).unwrap();
    std::fs::write(dir.join("vault/guides/mine.md"), "# Mine\n").unwrap();
    let before = tree(dir);
    let (code, stdout, stderr) = run(dir, &["init", "--ci", "github"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains(".gitignore already exists"), "{stderr}");
    assert_eq!(tree(dir), before);
    // A file where init needs a folder is named as such.
    std::fs::write(dir.join("other"), "").unwrap();
    let (code, _, stderr) = run(dir, &["init", "other"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a folder"), "{stderr}");
}

fn yaml(path: &Path) -> yaml_rust2::Yaml {
    let text = std::fs::read_to_string(path).unwrap();
    yaml_rust2::YamlLoader::load_from_str(&text)
        .unwrap()
        .remove(0)
}

#[test]
fn ci_and_pre_commit_snippets_run_phasebook_check() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let (code, _, stderr) = run(dir, &["init", "--ci", "github", "--pre-commit"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("adds a GitHub"), "{stderr}");

    let hooks = yaml(&dir.join(".pre-commit-config.yaml"));
    let repo = &hooks["repos"][0];
    assert_eq!(repo["repo"].as_str(), Some("local"));
    let hook = &repo["hooks"][0];
    assert!(
        hook["entry"]
            .as_str()
            .unwrap()
            .starts_with("phasebook check")
    );
    assert_eq!(hook["language"].as_str(), Some("system"));

    let workflow = yaml(&dir.join(".github/workflows/handbook.yml"));
    let steps = workflow["jobs"]["handbook"]["steps"].as_vec().unwrap();
    let commands: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    for want in ["phasebook check", "phasebook readiness", "phasebook build"] {
        assert!(commands.iter().any(|c| c.starts_with(want)), "{commands:?}");
    }
}

#[test]
fn ci_and_pre_commit_are_added_to_an_existing_handbook() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    assert_eq!(run(dir, &["init"]).0, 0);
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Ours\"\n").unwrap();
    let before = tree(dir);
    let (code, _, stderr) = run(dir, &["init", "--pre-commit"]);
    assert_eq!(code, 0, "{stderr}");
    let mut after = tree(dir);
    assert!(after.remove(Path::new(".pre-commit-config.yaml")).is_some());
    assert_eq!(after, before, "only the hook is added");
    // And only once.
    let (code, _, stderr) = run(dir, &["init", "--pre-commit"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(".pre-commit-config.yaml already exists"),
        "{stderr}"
    );
}
