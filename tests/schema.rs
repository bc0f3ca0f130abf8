//! `phasebook schema`: the JSON Schema editors validate `book.toml` with.
//! It must accept every `book.toml` phasebook accepts (ours, the README's,
//! the fixtures') and refuse what phasebook refuses, so an editor's squiggle
//! and `phasebook check` never disagree.

mod common;

use std::path::{Path, PathBuf};

use common::phasebook;
use phasebook::config::Config;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The schema as `phasebook schema` prints it.
fn schema() -> Value {
    let out = phasebook().arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("a valid JSON Schema")
}

/// A `book.toml` as the JSON value an editor validates.
fn as_json(toml_text: &str) -> Value {
    let table: toml::Table = toml::from_str(toml_text).unwrap();
    serde_json::to_value(table).unwrap()
}

/// Schema errors for `text`, and whether phasebook itself accepts it.
fn judge(validator: &jsonschema::Validator, text: &str) -> (Vec<String>, bool) {
    let instance = as_json(text);
    let errors = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    // As `check` loads it: the file, then the rule names `lint` knows.
    let accepted = Config::from_toml(text, Path::new("/proj/book.toml"))
        .and_then(|config| phasebook::lint::check_rule_names(&config.lint))
        .is_ok();
    (errors, accepted)
}

fn fixture_configs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixture_configs(&path, out);
        } else if path.file_name().is_some_and(|n| n == "book.toml") {
            out.push(path);
        }
    }
}

/// The `book.toml` sample in README.md (the first TOML block after its
/// "## `book.toml`" heading).
fn readme_sample() -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme.split_once("## `book.toml`").unwrap().1;
    let block = section.split_once("```toml\n").unwrap().1;
    block.split_once("```").unwrap().0.to_string()
}

#[test]
fn the_schema_accepts_every_book_toml_we_have() {
    let validator = validator();
    let mut files = vec![repo().join("book.toml")];
    fixture_configs(&repo().join("tests/fixtures"), &mut files);
    let mut samples: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.display().to_string(), std::fs::read_to_string(f).unwrap()))
        .collect();
    samples.push(("README.md's sample".into(), readme_sample()));
    for (name, text) in samples {
        let (errors, accepted) = judge(&validator, &text);
        assert!(accepted, "phasebook refuses {name}");
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_schema_refuses_what_phasebook_refuses() {
    let validator = validator();
    for (text, key) in [
        ("[build]\nbuld-dir = \"site\"\n", "buld-dir"),
        ("[boook]\ntitle = \"x\"\n", "boook"),
        ("[lint.rules]\nbrokn-link = \"off\"\n", "brokn-link"),
        ("[lint.rules]\nbroken-link = \"loud\"\n", "loud"),
        ("[build]\npublish = \"sometimes\"\n", "sometimes"),
        ("[phases]\nworkflow = \"tag\"\n", "tag"),
        ("[site]\nreadiness-history = -1\n", "-1"),
        ("[book]\nauthors = \"me\"\n", "me"),
    ] {
        let (errors, accepted) = judge(&validator, text);
        assert!(!accepted, "phasebook accepts {text}");
        assert!(!errors.is_empty(), "the schema accepts {text}");
        assert!(
            errors.iter().any(|e| e.contains(key)),
            "{text}: {errors:#?}"
        );
    }
}

/// Walks every object schema with `properties`, calling `f(path, schema)`.
fn each_table(schema: &Value, path: &str, f: &mut impl FnMut(&str, &Value)) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") {
                f(path, schema);
            }
            for (key, value) in map {
                each_table(value, &format!("{path}/{key}"), f);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| each_table(v, path, f)),
        _ => {}
    }
}

#[test]
fn every_table_is_closed_and_every_key_explained() {
    let schema = schema();
    let mut tables = 0;
    each_table(&schema, "", &mut |path, table| {
        tables += 1;
        // `[output]` is open to any renderer of mdBook's (`[output.epub]`),
        // each an open table: accepted, not used.
        if path.ends_with("/Output") {
            assert_eq!(table["additionalProperties"]["type"], "object", "{path}");
        } else {
            assert_eq!(table["additionalProperties"], false, "{path} is open");
        }
        for (key, value) in table["properties"].as_object().unwrap() {
            let description = value["description"].as_str().unwrap_or_default();
            assert!(
                !description.trim().is_empty(),
                "{path}/{key} has no description"
            );
        }
    });
    // The root, book, build, lint, lint.rules, readiness, site, phases,
    // output, output.html.
    assert_eq!(tables, 10);
    let rules = &schema["definitions"]["Lint"]["properties"]["rules"]["properties"];
    for name in phasebook::lint::rule_names() {
        assert!(rules.get(name).is_some(), "no rule {name} in the schema");
    }
}

/// The schema of the table at dotted `path` (`output.html`).
fn table_schema<'s>(schema: &'s Value, path: &[&str]) -> &'s Value {
    let mut at = schema;
    for key in path {
        let property = &at["properties"][*key];
        let reference = property["$ref"]
            .as_str()
            .or_else(|| property["allOf"][0]["$ref"].as_str());
        at = match reference {
            Some(r) => &schema["definitions"][r.rsplit('/').next().unwrap()],
            None => property,
        };
    }
    at
}

#[test]
fn every_mdbook_key_is_in_the_schema_described_as_used_or_not() {
    let schema = schema();
    for key in phasebook::config::mdbook::KEYS {
        let parts: Vec<&str> = key.key.split('.').collect();
        let (table, name) = parts.split_at(parts.len() - 1);
        let description = if name[0] == "*" {
            let table = table_schema(&schema, table);
            let open = &table["additionalProperties"];
            assert!(open.is_object(), "{}: {table:#}", key.key);
            // The open table is described where the root declares it.
            schema["properties"][parts[0]]["description"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        } else {
            let table = table_schema(&schema, table);
            table["properties"][name[0]]["description"]
                .as_str()
                .unwrap_or_else(|| panic!("{} is not in the schema", key.key))
                .to_string()
        };
        let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            description.contains("accepted, not used"),
            !key.used,
            "{}: {description}",
            key.key
        );
    }
}

/// The `book.toml` `phasebook init` writes.
fn init_book_toml() -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = phasebook()
        .current_dir(dir.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    std::fs::read_to_string(dir.path().join("book.toml")).unwrap()
}

#[test]
fn init_writes_a_book_toml_the_schema_accepts_naming_every_key() {
    let text = init_book_toml();
    let (errors, accepted) = judge(&validator(), &text);
    assert!(accepted, "phasebook refuses init's book.toml");
    assert!(errors.is_empty(), "{errors:#?}");
    // Every key of every table is there, set or commented out, so the file
    // is its own reference; rule names are `phasebook rules`' to list.
    let schema = schema();
    let lines: Vec<&str> = text.lines().map(|l| l.trim_start_matches("# ")).collect();
    for (table, def) in schema["definitions"].as_object().unwrap() {
        let Some(keys) = def["properties"].as_object() else {
            continue;
        };
        for (key, value) in keys.iter().filter(|(k, _)| *k != "rules" && *k != "html") {
            // mdBook's keys phasebook does not use are docs/mdbook.md's to
            // list, not the starter's.
            if value["description"].as_str().is_some_and(|d| {
                d.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .contains("accepted, not used")
            }) {
                continue;
            }
            let set = |l: &&str| l.starts_with(&format!("{key} ="));
            assert!(
                lines.iter().any(set),
                "[{table}] {key} is missing from init's book.toml"
            );
        }
    }
}
