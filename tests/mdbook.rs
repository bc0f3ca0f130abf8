//! An mdBook book builds as it is (issue #22 item 3): `tests/fixtures/mdbook`
//! names every key of mdBook's `book.toml` and has a SUMMARY.md with prefix
//! and suffix chapters, nesting, a part title, separators and drafts.

mod common;

use std::path::{Path, PathBuf};

use common::phasebook;
use phasebook::config::mdbook::KEYS;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook")
}

/// Build the fixture into a temporary folder: (stderr, the site).
fn build() -> (String, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let run = phasebook()
        .current_dir(fixture())
        .args(["build", "--explain", "--out"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    (stderr, out)
}

fn read(site: &Path, page: &str) -> String {
    std::fs::read_to_string(site.join("site").join(page)).unwrap()
}

/// The sidebar's HTML, as the shared tree's script writes it.
fn sidebar(site: &Path) -> String {
    let script = read(site, "_phasebook/nav/0.js");
    let json = script
        .split_once("insertAdjacentHTML('beforebegin',")
        .unwrap()
        .1
        .split_once(");")
        .unwrap()
        .0;
    serde_json::from_str(json).unwrap()
}

#[test]
fn every_unused_mdbook_key_is_one_warning_and_the_build_succeeds() {
    let (stderr, _site) = build();
    let text = std::fs::read_to_string(fixture().join("book.toml")).unwrap();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("phasebook: warning: "))
        .collect();
    for key in KEYS.iter().filter(|k| !k.used) {
        // The name a warning gives the key or table.
        let shown = match key.key {
            "rust" => "[rust] ".to_string(),
            "preprocessor.*" => "[preprocessor.".to_string(),
            "output.*" => "[output.".to_string(),
            "output.html.playpen" => continue, // playground's former name
            k if ["print", "search", "fold", "playground", "code", "redirect"]
                .iter()
                .any(|t| k == format!("output.html.{t}")) =>
            {
                format!("[{k}] ")
            }
            k => {
                let (table, name) = k.rsplit_once('.').unwrap();
                format!("[{table}] {name} ")
            }
        };
        let hits = warnings
            .iter()
            .filter(|w| {
                w.contains(&shown) && (key.key != "output.*" || !w.contains("[output.html"))
            })
            .count();
        let want = match key.key {
            "preprocessor.*" | "output.*" => 2, // katex, custom; markdown, linkcheck
            _ => 1,
        };
        assert_eq!(hits, want, "{}: {warnings:#?}", key.key);
    }
    let unused_written = KEYS.iter().filter(|k| !k.used).count() - 1 /* playpen */ + 2;
    assert_eq!(warnings.len(), unused_written, "{warnings:#?}");
    // Each at its line, column 1, and named as not used.
    let first = warnings
        .iter()
        .find(|w| w.contains("[output.html.playground]"))
        .unwrap();
    let line = text
        .lines()
        .position(|l| l == "[output.html.playground]")
        .unwrap()
        + 1;
    assert!(
        first.ends_with(&format!(
            "book.toml:{line}:1: [output.html.playground] is mdBook's and not used by phasebook"
        )),
        "{first}"
    );
    // The keys phasebook uses warn of nothing.
    for key in KEYS.iter().filter(|k| k.used) {
        let name = key.key.rsplit('.').next().unwrap();
        assert!(
            !warnings.iter().any(|w| w.contains(&format!(" {name} is"))),
            "{}",
            key.key
        );
    }
}

#[test]
fn the_sidebar_and_previous_next_follow_summary_md() {
    let (_, site) = build();
    let nav = sidebar(site.path());
    // SUMMARY's titles, order and nesting; numbers on numbered chapters
    // only; the part title, the separators and the drafts.
    let expected = [
        r#"<li class="nav-chapter"><a href="index.html">Introduction</a></li>"#,
        r#"<li class="nav-separator"><hr></li>"#,
        r#"<li class="nav-chapter"><a href="guide/intro.html"><span class="nav-count">1.</span> Getting started</a>"#,
        r#"<ol class="nav-phases">"#,
        r#"<li class="nav-chapter"><a href="guide/install.html"><span class="nav-count">1.1.</span> Installing</a></li>"#,
        r#"<li class="nav-chapter"><a href="guide/config%20file.html"><span class="nav-count">1.2.</span> Configuring</a></li></ol></li>"#,
        r#"<li class="nav-chapter"><p class="nav-empty nav-draft"><span class="nav-count">2.</span> Planned chapter</p></li>"#,
        r#"<li class="nav-part"><span class="nav-heading">Reference</span></li>"#,
        r#"<li class="nav-chapter"><a href="reference.html"><span class="nav-count">3.</span> Commands</a>"#,
        r#"<li class="nav-chapter"><p class="nav-empty nav-draft"><span class="nav-count">3.1.</span> Draft subcommand</p></li></ol></li>"#,
        r#"<li class="nav-separator"><hr></li>"#,
        r#"<li class="nav-chapter"><a href="contributors.html">Contributors</a></li>"#,
    ];
    let mut at = 0;
    for line in expected {
        let found = nav[at..]
            .find(line)
            .unwrap_or_else(|| panic!("{line} not after byte {at} of\n{nav}"));
        at += found + line.len();
    }
    // A note SUMMARY.md does not list is published, listed after.
    let appendix = nav.find(r#"<a href="appendix.html">Appendix</a>"#).unwrap();
    assert!(appendix > at, "{nav}");

    let neighbours = |page: &str| -> (Option<String>, Option<String>) {
        let html = read(site.path(), page);
        let href = |rel: &str| {
            html.split_once(&format!("<a rel=\"{rel}\" href=\""))
                .map(|(_, rest)| rest.split_once('"').unwrap().0.to_string())
        };
        (href("prev"), href("next"))
    };
    let s = |t: &str| Some(t.to_string());
    assert_eq!(neighbours("index.html"), (None, s("guide/intro.html")));
    assert_eq!(
        neighbours("guide/intro.html"),
        (s("../index.html"), s("../guide/install.html"))
    );
    assert_eq!(
        neighbours("guide/config file.html"),
        (s("../guide/install.html"), s("../reference.html"))
    );
    assert_eq!(
        neighbours("reference.html"),
        (s("guide/config%20file.html"), s("contributors.html"))
    );
    assert_eq!(
        neighbours("contributors.html"),
        (s("reference.html"), s("appendix.html"))
    );
    // SUMMARY.md is the navigation, not a page.
    assert!(!site.path().join("site/SUMMARY.html").exists());
}

#[test]
fn additional_files_and_the_repository_link_are_on_every_page() {
    let (_, site) = build();
    let page = read(site.path(), "guide/install.html");
    let theme_css = page.find("_phasebook/style.css").unwrap();
    let css = page
        .find(r#"<link rel="stylesheet" href="../_phasebook/additional/theme/custom.css">"#)
        .expect("additional-css linked");
    assert!(css > theme_css, "after the theme's style sheet");
    assert!(
        page.contains(r#"<script src="../_phasebook/additional/theme/custom.js" defer></script>"#)
    );
    assert!(page.contains(
        r#"<a class="site-repository" href="https://github.com/example/book">Repository</a>"#
    ));
    assert_eq!(
        read(site.path(), "_phasebook/additional/theme/custom.css"),
        std::fs::read_to_string(fixture().join("theme/custom.css")).unwrap()
    );
    // mdBook's site-url: the 404 page's links start there.
    assert!(read(site.path(), "404.html").contains("/example-book/"));
    // The pages' policy still loads the site's own files only.
    assert!(page.contains("script-src &#39;self&#39;; style-src &#39;self&#39;;"));
}

#[test]
fn no_section_label_drops_the_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture().join("book.toml"))
        .unwrap()
        .replace("no-section-label = false", "no-section-label = true");
    std::fs::write(dir.path().join("book.toml"), text).unwrap();
    for sub in ["src", "theme"] {
        copy_dir(&fixture().join(sub), &dir.path().join(sub));
    }
    let run = phasebook()
        .current_dir(dir.path())
        .args(["build", "--out", "site"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let script = std::fs::read_to_string(dir.path().join("site/_phasebook/nav/0.js")).unwrap();
    assert!(script.contains("Getting started"));
    assert!(!script.contains("nav-count"), "{script}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
