//! The GitHub Action (`action.yml`): it parses as YAML, is a composite
//! action, every `run:` calls `.github/action/run.sh` with a subcommand the
//! script has, every input a step reads is declared, and the example
//! workflows parse. `.ci/action` runs the steps themselves.

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &str) -> Yaml {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(docs.len(), 1, "{path}: one document");
    docs.remove(0)
}

/// The subcommands `run.sh` handles: its `case` labels.
fn script_subcommands(script: &str) -> Vec<String> {
    script
        .lines()
        .filter_map(|line| line.strip_suffix(')'))
        .filter(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn action_steps_run_scripts_that_exist() {
    let action = load("action.yml");
    assert!(action["name"].as_str().is_some());
    assert!(action["description"].as_str().is_some());
    let runs = &action["runs"];
    assert_eq!(runs["using"].as_str(), Some("composite"));
    let steps = runs["steps"].as_vec().expect("runs.steps");
    let mut ran = Vec::new();
    for step in steps {
        let id = step["id"].as_str().expect("every step has an id");
        if let Some(uses) = step["uses"].as_str() {
            assert!(uses.contains('@'), "{id}: `{uses}` is pinned to a version");
            continue;
        }
        let run = step["run"]
            .as_str()
            .unwrap_or_else(|| panic!("{id}: run or uses"));
        assert_eq!(
            step["shell"].as_str(),
            Some("bash"),
            "{id}: a composite step names its shell"
        );
        // `"$GITHUB_ACTION_PATH/SCRIPT" SUBCOMMAND`: the script exists and
        // is executable, and has the subcommand.
        let rest = run
            .strip_prefix("\"$GITHUB_ACTION_PATH/")
            .unwrap_or_else(|| panic!("{id}: `{run}` runs a script of the action"));
        let (script, sub) = rest.split_once("\" ").expect("a script and a subcommand");
        let path = root().join(script);
        let meta = std::fs::metadata(&path).unwrap_or_else(|_| panic!("{id}: {script} exists"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert!(
                meta.permissions().mode() & 0o111 != 0,
                "{script} is executable"
            );
        }
        let _ = meta;
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            script_subcommands(&text).contains(&sub.to_string()),
            "{id}: {script} has no `{sub})` case"
        );
        ran.push(sub.to_string());
    }
    assert_eq!(
        ran,
        ["key", "install", "check", "readiness", "finish"],
        "the steps, in order"
    );
}

#[test]
fn every_input_a_step_reads_is_declared() {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let action = load("action.yml");
    let declared: Vec<&str> = action["inputs"]
        .as_hash()
        .expect("inputs")
        .keys()
        .filter_map(Yaml::as_str)
        .collect();
    for brief in [
        "vault",
        "config",
        "check-args",
        "readiness",
        "sarif",
        "fail-on",
    ] {
        assert!(declared.contains(&brief), "input `{brief}`");
    }
    let used: Vec<&str> = text
        .split("inputs.")
        .skip(1)
        .map(|rest| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .next()
                .unwrap()
        })
        .collect();
    assert!(!used.is_empty());
    for input in used {
        assert!(
            declared.contains(&input),
            "`inputs.{input}` is not declared"
        );
    }
    for (name, input) in action["inputs"].as_hash().unwrap() {
        assert!(
            input["description"].as_str().is_some(),
            "input {name:?} has a description"
        );
    }
}

#[test]
fn example_workflows_parse() {
    for example in [
        "docs/examples/pull-request.yml",
        "docs/examples/github-pages.yml",
        "docs/examples/gitlab-ci.yml",
    ] {
        let doc = load(example);
        assert!(doc.as_hash().is_some_and(|h| !h.is_empty()), "{example}");
    }
    let pages = load("docs/examples/github-pages.yml");
    let uses: Vec<&str> = pages["jobs"]
        .as_hash()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_vec().unwrap())
        .filter_map(|step| step["uses"].as_str())
        .collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/upload-pages-artifact@"))
    );
    assert!(uses.iter().any(|u| u.starts_with("actions/deploy-pages@")));
    let gitlab = load("docs/examples/gitlab-ci.yml");
    let pages_job = &gitlab["pages"];
    assert_eq!(pages_job["artifacts"]["paths"][0].as_str(), Some("public"));
    assert!(
        pages_job["script"][0]
            .as_str()
            .unwrap()
            .contains("--out public")
    );
}
