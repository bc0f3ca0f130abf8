//! One fixture folder per construct the site renders
//! (`tests/fixtures/render/<construct>/`, a small vault whose `note.md`
//! uses it), and one reviewed snapshot of the HTML `note.md` renders to,
//! as ruff keeps a fixture and a snapshot per rule. A new construct is a
//! new folder; `INSTA_UPDATE=always cargo test --test render_constructs`
//! writes its snapshot to review.

mod common;

use std::path::Path;

use common::{fixture, rendered_html};

/// The files of a fixture folder, subfolders (`.obsidian/`) included, as
/// (vault path, text).
fn files_of(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
                continue;
            }
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
}

#[test]
fn every_construct_renders_as_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let mut constructs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    constructs.sort();
    assert!(constructs.len() >= 10, "fixture folders: {constructs:?}");
    for dir in constructs {
        let files = files_of(&dir);
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let vault = fixture(&borrowed);
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, rendered_html(&vault, "note.md"));
    }
}
