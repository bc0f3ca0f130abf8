//! What the site publishes (issue #16): one publication scope, obeyed by
//! every output. Each left-out file of the fixture carries a unique marker;
//! after a build no file of the site, and no response of `serve`, holds
//! any of them.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{phasebook, write_files};

/// Markers of the files the site must leave out, and the file each is in.
const LEFT_OUT: &[(&str, &str)] = &[
    ("MKPUBLISHFALSE", "publish: false"),
    ("MKDRAFT", "draft: true"),
    ("MKMAYBE", "publish: \"maybe\""),
    ("MKBADYAML", "frontmatter that does not parse"),
    ("MKGITIGNORE", "a folder .gitignore lists"),
    ("MKNESTED", "a nested .gitignore"),
    ("MKDOTIGNORE", ".ignore"),
    ("MKGITEXCLUDE", ".git/info/exclude"),
    ("MKEXCLUDED", "[build] exclude"),
    ("MKEXCLATTACH", "an excluded attachment"),
    ("MKTEMPLATE", "Obsidian's template folder"),
    ("MKHIDDEN", ".obsidian"),
    ("MKTRASH", ".trash"),
    ("MKSYMLINK", "a symlink to a file outside"),
    ("MKSYMDIR", "a symlink to a folder outside"),
    ("MKSECRETATTACH", "an attachment only a left-out note links"),
    ("MKUNUSED", "an attachment nothing links"),
    ("MKPHASENAME", "a drafted phase document"),
    ("MKSECRETTAG", "a tag only a left-out note has"),
];

/// A vault with every class of left-out file, in a git repository.
fn scope_vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Scope\"\nsrc = \"vault\"\n[build]\nexclude = [\"internal/\"]\n\
                 [site]\nsite-url = \"https://example.com/\"\n",
            ),
            (".git/info/exclude", "excluded-by-git.md\n"),
            ("outside/outside.md", "# Outside\n\nMKSYMLINK\n"),
            ("outside/dir/o.md", "# O\n\nMKSYMDIR\n"),
        ],
    );
    let vault = root.join("vault");
    write_files(
        &vault,
        &[
            (
                "index.md",
                "---\nrelated: \"[[Secret]]\"\ntags: [public]\n---\n# Home\n\nMKPUBLIC \
                 [[Secret]], [[Draft|the draft]], [[Maybe]], [[Broken YAML]], [[p]], [[t]], \
                 [[linked]], [[nested-ignored]], [[scratch.tmp]], [[excluded-by-git]], \
                 [[internal/notes]], [[keep]], [[Public]], [[Secret#Heading MKNOT]].\n\n\
                 ![[Secret]]\n\n![[Draft#Part]]\n\n![[data.csv]]\n\n\
                 [a Markdown link](Secret.md) and ![an image](internal/data.csv)\n",
            ),
            (
                "Secret.md",
                "---\npublish: false\ntags: [MKSECRETTAG]\n---\n# Secret MKPUBLISHFALSE\n\n\
                 MKPUBLISHFALSE #MKSECRETTAG links [[Public]] and ![[secret.svg]].\n\n\
                 ## Heading MKPUBLISHFALSE\n",
            ),
            (
                "Draft.md",
                "---\ndraft: true\n---\n# Draft MKDRAFT\n\n## Part\n\nMKDRAFT [[Public]]\n",
            ),
            (
                "Maybe.md",
                "---\npublish: \"maybe\"\n---\n# Maybe MKMAYBE\n\nMKMAYBE [[Public]]\n",
            ),
            (
                "Broken YAML.md",
                "---\npublish: [false\n---\n# Bad MKBADYAML\n\nMKBADYAML [[Public]]\n",
            ),
            ("Public.md", "# Public\n\nMKPUBLIC2 #public\n"),
            (".gitignore", "private/\n"),
            (
                "private/p.md",
                "# P MKGITIGNORE\n\nMKGITIGNORE [[Public]]\n",
            ),
            ("deep/.gitignore", "nested-ignored.md\n"),
            ("deep/nested-ignored.md", "# N MKNESTED\n\nMKNESTED\n"),
            ("deep/keep.md", "# Keep\n\nMKPUBLIC3 [[Public]]\n"),
            (".ignore", "*.tmp.md\n"),
            ("scratch.tmp.md", "# S MKDOTIGNORE\n\nMKDOTIGNORE\n"),
            ("excluded-by-git.md", "# E MKGITEXCLUDE\n\nMKGITEXCLUDE\n"),
            (
                "internal/notes.md",
                "# I MKEXCLUDED\n\nMKEXCLUDED [[Public]]\n",
            ),
            ("internal/data.csv", "MKEXCLATTACH\n"),
            (".obsidian/templates.json", "{\"folder\": \"templates\"}"),
            (".obsidian/workspace.md", "MKHIDDEN\n"),
            (".trash/old.md", "# Old MKTRASH\n"),
            (
                "templates/t.md",
                "# T MKTEMPLATE\n\nMKTEMPLATE [[{{title}}]]\n",
            ),
            ("data.csv", "a,b\n"),
            (
                "secret.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>MKSECRETATTACH</text></svg>",
            ),
            ("unused.txt", "MKUNUSED\n"),
            (
                "wf/phases/01-start.md",
                "---\nphase: 1\nname: Start\nnext_phase: \"[[02-secret]]\"\n---\n# Start\n\n\
                 ## Exit Criteria\n\n- [x] Done\n",
            ),
            (
                "wf/phases/02-secret.md",
                "---\nphase: 2\nname: MKPHASENAME\ndraft: true\nprevious_phase: \"[[01-start]]\"\n---\n\
                 # MKPHASENAME\n\n## Entry Criteria\n\n- [ ] MKPHASENAME item\n",
            ),
            ("linked.md", "symlink:../outside/outside.md"),
            ("outdir", "symlink:../outside/dir"),
        ],
    );
    dir
}

/// Every file under `dir`, relative path and bytes (dot-files included).
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn leaks(text: &[u8]) -> Vec<&'static str> {
    let text = String::from_utf8_lossy(text).to_lowercase();
    LEFT_OUT
        .iter()
        .filter(|(marker, _)| text.contains(&marker.to_lowercase()))
        .map(|(marker, _)| *marker)
        .collect()
}

fn build_scope_vault(dir: &Path, extra: &[&str]) -> (PathBuf, String, String) {
    let out = dir.join("site");
    let assert = phasebook()
        .current_dir(dir)
        .arg("build")
        .args(extra)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let output = assert.get_output();
    (
        out,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn no_marker_of_a_left_out_file_is_anywhere_in_the_site() {
    let dir = scope_vault();
    let (out, stdout, stderr) = build_scope_vault(dir.path(), &[]);
    let files = files_under(&out);
    // The grep works: what is published is there.
    let all: Vec<u8> = files.iter().flat_map(|(_, b)| b.clone()).collect();
    let all = String::from_utf8_lossy(&all);
    for published in ["MKPUBLIC", "MKPUBLIC2", "MKPUBLIC3"] {
        assert!(all.contains(published), "{published} missing from the site");
    }
    for (path, bytes) in &files {
        assert!(leaks(bytes).is_empty(), "{path} leaks {:?}", leaks(bytes));
        assert!(
            leaks(path.as_bytes()).is_empty(),
            "{path} is named after a left-out file"
        );
    }
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for page in [
        "index.html",
        "Public.html",
        "deep/keep.html",
        "wf/phases/01-start.html",
        "data.csv",
    ] {
        assert!(names.contains(&page), "{page} not published: {names:?}");
    }
    for gone in [
        "Secret.html",
        "secret.svg",
        "unused.txt",
        "internal/data.csv",
        "templates/t.html",
    ] {
        assert!(!names.contains(&gone), "{gone} published");
    }
    // The sitemap lists the published pages and nothing else.
    let sitemap =
        String::from_utf8_lossy(&files.iter().find(|(p, _)| p == "sitemap.xml").unwrap().1)
            .into_owned();
    assert!(
        sitemap.contains("https://example.com/Public.html"),
        "{sitemap}"
    );
    assert_eq!(sitemap.matches("<loc>").count(), 2 + 3, "{sitemap}");
    // A link to a left-out note is its text alone: no link, title or mark.
    let index = String::from_utf8_lossy(&files.iter().find(|(p, _)| p == "index.html").unwrap().1)
        .into_owned();
    assert!(
        index.contains("MKPUBLIC Secret, the draft, Maybe, Broken YAML,"),
        "{index}"
    );
    assert!(index.contains("a Markdown link and an image"), "{index}");
    // The one summary line, and the unclear flag named at its line and column.
    assert!(
        stdout.contains("published 4 notes and 1 attachment; left out"),
        "{stdout}"
    );
    assert!(
        stderr.contains("vault/Maybe.md:2:10: `publish` is \"maybe\", not true or false"),
        "{stderr}"
    );
}

fn get(address: &str, path: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("request");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    response
}

#[test]
fn serve_answers_nothing_of_a_left_out_file() {
    let dir = scope_vault();
    let site = dir.path().join("served");
    let server = common::serve(dir.path(), &["--out".as_ref(), site.as_os_str()]);
    let address = server.address.clone();
    let mut paths: Vec<String> = files_under(&site)
        .into_iter()
        .map(|(p, _)| format!("/{p}"))
        .collect();
    assert!(paths.contains(&"/index.html".to_string()), "{paths:?}");
    // What a curious reader would try.
    for guess in [
        "/Secret.html",
        "/Draft.html",
        "/private/p.html",
        "/linked.html",
        "/outdir/o.html",
        "/templates/t.html",
        "/secret.svg",
        "/unused.txt",
        "/internal/data.csv",
        "/wf/phases/02-secret.html",
        "/tags/mksecrettag.html",
        "/",
    ] {
        paths.push(guess.to_string());
    }
    for path in &paths {
        let response = get(&address, path);
        assert!(
            leaks(&response).is_empty(),
            "{path} leaks {:?}",
            leaks(&response)
        );
    }
}

#[test]
fn dry_run_explain_lists_what_is_published_and_why_the_rest_is_not() {
    let dir = scope_vault();
    let assert = phasebook()
        .current_dir(dir.path())
        .args(["build", "--dry-run", "--explain"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let real = std::fs::canonicalize(dir.path()).unwrap();
    let stdout = stdout.replace(&real.display().to_string(), "[TMP]");
    insta::assert_snapshot!("scope_vault_dry_run_explain", stdout);
    assert!(
        !dir.path().join("site").exists(),
        "a dry run writes nothing"
    );
}

#[test]
fn check_honours_ignore_files_and_no_ignore_turns_them_off() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("a.md", "# A\n\n[[b]]\n"),
            ("b.md", "# B\n"),
            (".gitignore", "scratch/\n"),
            ("scratch/s.md", "# S\n\n[[nowhere]]\n"),
        ],
    );
    phasebook()
        .args(["check", "--vault"])
        .arg(dir.path())
        .assert()
        .success();
    let assert = phasebook()
        .args(["check", "--no-ignore", "--vault"])
        .arg(dir.path())
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("scratch/s.md:3:1"), "{stdout}");
}

#[test]
fn opt_in_publishes_only_notes_that_say_publish_true() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("book.toml", "[build]\npublish = \"opt-in\"\n"),
            ("vault/yes.md", "---\npublish: true\n---\n# Yes\n\n[[no]]\n"),
            ("vault/no.md", "# No\n\nMKOPTOUT\n"),
        ],
    );
    let (out, stdout, _) = build_scope_vault(dir.path(), &[]);
    let files = files_under(&out);
    assert!(files.iter().any(|(p, _)| p == "yes.html"));
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("MKOPTOUT"),
            "{path}"
        );
    }
    assert!(stdout.contains("left out 1: 1 not opted in"), "{stdout}");
}

#[test]
fn bad_scope_input_is_reported_and_leaves_out_rather_than_publishes() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\nsrc = \"vault\"\n[build]\nexclude = [\n  \"drafts/[z-a]\",\n]\n",
            ),
            ("vault/index.md", "# Home\n\n[[x]] [[y]]\n"),
            ("vault/drafts/x.md", "# X\n\nMKBADGLOB\n"),
            ("vault/locked/y.md", "# Y\n\nMKLOCKED\n"),
            // An ignore file that cannot be read (a link to nothing: the
            // tests may run as root, who reads any file).
            (
                "vault/locked/.gitignore",
                "symlink:/nonexistent/phasebook-ignore",
            ),
        ],
    );
    let (out, stdout, stderr) = build_scope_vault(dir.path(), &[]);
    for (path, bytes) in files_under(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("MKBADGLOB") && !text.contains("MKLOCKED"),
            "{path}"
        );
    }
    assert!(
        stderr.contains("book.toml:5:3: [build] exclude: bad pattern `drafts/[z-a]`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("vault/locked/.gitignore: cannot read this ignore file"),
        "{stderr}"
    );
    assert!(stderr.contains("everything under `drafts/`"), "{stderr}");
    assert!(stdout.contains("published 1 note"), "{stdout}");
    // check still reads the folder, and says the ignore file is unreadable.
    let assert = phasebook()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .assert();
    let report: serde_json::Value =
        serde_json::from_slice(&assert.get_output().stdout).expect("json");
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&(
            "unreadable-file".to_string(),
            "vault/locked/.gitignore".to_string()
        )),
        "{found:?}"
    );
}

#[test]
fn a_gitignore_that_ignores_nothing_changes_no_byte_of_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("a.md", "# A\n\n![[pic.png]] [[b]] #tag\n"),
        ("b.md", "---\npublish: true\ndraft: false\n---\n# B\n"),
        ("pic.png", "png"),
    ];
    // Same folder name: the site is titled after it.
    let plain = dir.path().join("plain/vault");
    let with = dir.path().join("with/vault");
    write_files(&plain, &files);
    write_files(&with, &files);
    write_files(&with, &[(".gitignore", "*.log\nbuild/\n")]);
    let site = |vault: &Path, out: &str| {
        let out = dir.path().join(out);
        phasebook()
            .args(["build", "--vault"])
            .arg(vault)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        files_under(&out)
            .into_iter()
            // Build metadata: the manifest holds file times, the inputs stamp
            // is written once the inputs have been still for two seconds.
            .filter(|(p, _)| p != ".phasebook-manifest" && p != ".phasebook-inputs")
            .collect::<Vec<_>>()
    };
    let a = site(&plain, "a");
    let b = site(&with, "b");
    assert!(
        a.iter().any(|(p, _)| p == "pic.png"),
        "the linked image is copied"
    );
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    let differ: Vec<&String> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| &x.0)
        .collect();
    assert!(differ.is_empty(), "these files differ: {differ:?}");
}

#[test]
fn a_symlink_inside_the_vault_is_followed_and_one_outside_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("vault/notes/real.md", "# Real\n"),
            ("vault/alias", "symlink:notes"),
            ("vault/root", "symlink:/"),
            ("vault/a.md", "# A\n\n[[alias/real]]\n"),
        ],
    );
    let assert = phasebook()
        .args(["check", "--format", "json", "--vault"])
        .arg(dir.path().join("vault"))
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_slice(&assert.get_output().stdout).expect("json");
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["symlink-outside-vault"], "{report}");
}

#[test]
fn attachments_follow_the_notes_that_name_them_even_in_raw_html() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "guides/a.md",
                "# A\n\n<img src=\"img/raw.png\" alt=\"raw\">\n\n<a href='../files/My%20Doc.pdf'>doc</a>\n\n\
                 ```\n<img src=\"img/in-code.png\">\n```\n",
            ),
            ("guides/img/raw.png", "png"),
            ("guides/img/in-code.png", "png"),
            ("files/My Doc.pdf", "pdf"),
            ("files/other.pdf", "pdf"),
        ],
    );
    let out = dir.path().join("site");
    phasebook()
        .args(["build", "--vault"])
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let names: Vec<String> = files_under(&out).into_iter().map(|(p, _)| p).collect();
    for kept in ["guides/img/raw.png", "files/My Doc.pdf"] {
        assert!(
            names.iter().any(|n| n == kept),
            "{kept} not copied: {names:?}"
        );
    }
    for gone in ["guides/img/in-code.png", "files/other.pdf"] {
        assert!(!names.iter().any(|n| n == gone), "{gone} copied");
    }
}

#[test]
fn svg_attachments_are_published_sanitised_and_html_ones_only_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "vault/a.md",
                "# A\n\n![[d.svg]] ![[bad.svg]] [[page.html]]\n",
            ),
            (
                "vault/d.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script><rect width=\"4\" height=\"4\"/></svg>",
            ),
            ("vault/bad.svg", "<svg><rect></svg>"),
            ("vault/page.html", "<script>alert(3)</script>"),
        ],
    );
    let (out, stdout, stderr) = build_scope_vault(dir.path(), &["--vault", "vault"]);
    let svg = std::fs::read_to_string(out.join("d.svg")).unwrap();
    assert_eq!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"4\" height=\"4\"/></svg>"
    );
    assert!(!out.join("bad.svg").exists(), "a malformed SVG is left out");
    // Counted as the site has them.
    assert!(
        stdout.contains("published 1 note and 1 attachment;"),
        "{stdout}"
    );
    assert!(
        stderr.contains("bad.svg: not published: not well-formed XML"),
        "{stderr}"
    );
    assert!(
        !out.join("page.html").exists(),
        "HTML attachments are left out"
    );
    // check says so at the link.
    let assert = phasebook()
        .current_dir(dir.path())
        .args(["check", "--vault", "vault"])
        .assert();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("warning[link-to-unpublished]") && stdout.contains("page.html"),
        "{stdout}"
    );
    // Opted in, the HTML attachment is published as it is.
    write_files(
        dir.path(),
        &[(
            "book.toml",
            "[book]\nsrc = \"vault\"\n[build]\nhtml-attachments = true\n",
        )],
    );
    let (out, _, _) = build_scope_vault(dir.path(), &[]);
    assert!(out.join("page.html").is_file());
}

#[test]
fn exclude_patterns_follow_gitignore_rules_a_negation_cannot_reopen_an_excluded_folder() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\nsrc = \"vault\"\n[build]\nexclude = [\"d2/\", \"!d2/keep.md\", \"*.tmp.md\", \"!ok.tmp.md\"]\n",
            ),
            ("vault/index.md", "# I\n"),
            ("vault/d2/keep.md", "# K\n\nMKD2KEEP\n"),
            ("vault/x.tmp.md", "# X\n"),
            ("vault/ok.tmp.md", "# Ok\n"),
        ],
    );
    let (out, _, _) = build_scope_vault(dir.path(), &[]);
    assert!(
        !out.join("d2/keep.html").exists(),
        "re-included under an excluded folder"
    );
    assert!(!out.join("x.tmp.html").exists());
    assert!(
        out.join("ok.tmp.html").is_file(),
        "a negation re-includes a file"
    );
}

#[test]
fn the_template_folder_is_read_through_a_bom_a_dot_slash_and_broken_json() {
    for setting in [
        "\u{feff}{\"folder\": \"tpl\"}",
        "{\"folder\": \"./tpl/\"}",
        "{\"folder\": \"tpl\", oops}",
        "{\"folder\": \"TPL\"}",
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_files(
            dir.path(),
            &[
                ("vault/index.md", "# I\n"),
                ("vault/tpl/t.md", "# T\n\nMKTPL\n"),
                ("vault/.obsidian/templates.json", setting),
            ],
        );
        let (out, _, _) = build_scope_vault(dir.path(), &["--vault", "vault"]);
        assert!(
            !out.join("tpl/t.html").exists(),
            "{setting:?}: template published"
        );
    }
}

#[test]
fn a_symlink_inside_the_vault_cannot_publish_what_the_rules_leave_out() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\nsrc = \"vault\"\n[build]\nexclude = [\"excl/\"]\n",
            ),
            ("vault/index.md", "# I\n\n[[s]]\n"),
            ("vault/.gitignore", "ign/\n"),
            ("vault/.obsidian/templates.json", "{\"folder\": \"tpl\"}"),
            ("vault/.hidden/s.md", "# H\n\nMKLINKHIDDEN\n"),
            ("vault/ign/s.md", "# I\n\nMKLINKIGNORED\n"),
            ("vault/tpl/s.md", "# T\n\nMKLINKTEMPLATE\n"),
            ("vault/excl/s.md", "# E\n\nMKLINKEXCLUDED\n"),
            ("vault/open/s.md", "# O\n\nMKLINKOPEN\n"),
            ("vault/dhidden", "symlink:.hidden"),
            ("vault/dign", "symlink:ign"),
            ("vault/dtpl", "symlink:tpl"),
            ("vault/dobs", "symlink:.obsidian"),
            ("vault/l-hidden.md", "symlink:.hidden/s.md"),
            ("vault/l-excl.md", "symlink:excl/s.md"),
            ("vault/l-ign.md", "symlink:ign/s.md"),
            ("vault/dopen", "symlink:open"),
        ],
    );
    let (out, stdout, _) = build_scope_vault(dir.path(), &["--explain"]);
    let files = files_under(&out);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for marker in [
            "MKLINKHIDDEN",
            "MKLINKIGNORED",
            "MKLINKTEMPLATE",
            "MKLINKEXCLUDED",
        ] {
            assert!(!text.contains(marker), "{path} holds {marker}");
        }
        assert!(!path.contains("templates.json"), "{path}");
    }
    // A symlink to a folder nothing leaves out is followed, as in Obsidian.
    assert!(files.iter().any(|(p, _)| p == "dopen/s.html"), "{stdout}");
    assert!(stdout.contains("a symlink into .hidden"), "{stdout}");
    assert!(
        stdout.contains("a symlink into ign, which is left out (ignored by .gitignore"),
        "{stdout}"
    );
}

#[test]
fn a_worktree_reads_its_repository_s_exclude_file_and_the_global_excludes_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str], cwd: &Path| {
        let status = Command::new("git")
            .args(args)
            .current_dir(cwd)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    let main = dir.path().join("main");
    write_files(&main, &[("vault/index.md", "# I\n"), ("README", "x\n")]);
    git(&["init", "-q"], &main);
    git(
        &["-c", "user.name=t", "-c", "user.email=t@t", "add", "."],
        &main,
    );
    git(
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "x",
        ],
        &main,
    );
    git(&["worktree", "add", "-q", "../wt"], &main);
    write_files(&main, &[(".git/info/exclude", "vault/local.md\n")]);
    let wt = dir.path().join("wt");
    let config = dir.path().join("xdg");
    write_files(
        &wt,
        &[
            ("vault/local.md", "# L\n\nMKWORKTREE\n"),
            ("vault/mine.scratch.md", "# S\n\nMKGLOBAL\n"),
        ],
    );
    write_files(&config, &[("git/ignore", "*.scratch.md\n")]);
    let out = dir.path().join("site");
    let run = phasebook()
        .current_dir(&wt)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", &config)
        .args(["build", "--vault", "vault", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    for (path, bytes) in files_under(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("MKWORKTREE") && !text.contains("MKGLOBAL"),
            "{path}"
        );
    }
    assert!(stdout.contains("left out 2: 2 ignored"), "{stdout}");
}

#[test]
fn a_publish_line_the_frontmatter_does_not_read_leaves_the_note_out() {
    let cases = [
        (
            "blank-first",
            "\n---\npublish: false\n---\n# T\n\nMKSTRAY\n",
            false,
        ),
        (
            "after-h1-para",
            "# T\n\nIntro.\n\n---\ndraft: true\n---\n\nMKSTRAY\n",
            false,
        ),
        (
            "setext",
            "Title\n=====\n---\ndraft: true\n---\n\nMKSTRAY\n",
            false,
        ),
        (
            "capital",
            "---\nPublish: false\n---\n# T\n\nMKSTRAY\n",
            false,
        ),
        (
            "four-dashes",
            "# T\n\n----\ndraft: true\n----\n\nMKSTRAY\n",
            false,
        ),
        (
            "nbsp-fence",
            "\u{a0}---\ndraft: true\n---\n# T\n\nMKSTRAY\n",
            false,
        ),
        (
            "in-code",
            "# T\n\n```yaml\n---\npublish: false\n---\n```\n\nMKSTRAY\n",
            true,
        ),
        (
            "a-sentence",
            "# T\n\n---\n\npublish: tomorrow, says the plan.\n\nMKSTRAY\n",
            true,
        ),
        (
            "nested-key",
            "---\nsite:\n  Publish: x\n---\n# T\n\nMKSTRAY\n",
            true,
        ),
    ];
    for (name, text, published) in cases {
        let dir = tempfile::tempdir().unwrap();
        write_files(
            dir.path(),
            &[("vault/index.md", "# I\n"), ("vault/n.md", text)],
        );
        let (out, _, stderr) = build_scope_vault(dir.path(), &["--vault", "vault"]);
        let leaked = files_under(&out)
            .iter()
            .any(|(_, b)| String::from_utf8_lossy(b).contains("MKSTRAY"));
        assert_eq!(leaked, published, "{name}: {stderr}");
        if !published {
            assert!(stderr.contains("n.md:"), "{name}: said where: {stderr}");
        }
    }
}

#[test]
fn a_note_that_is_not_utf8_is_left_out_whatever_its_frontmatter_would_say() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[("vault/index.md", "# I\n\n[[u16]] [[latin]]\n")],
    );
    // UTF-16 with a BOM: its `publish: false` is not readable as UTF-8.
    let text = "---\npublish: false\n---\n# U\n\nMKUTF16\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(dir.path().join("vault/u16.md"), bytes).unwrap();
    write_files(
        dir.path(),
        &[(
            "vault/latin.md",
            "latin1:---\npublish: false\n---\n# Caf\u{e9}\n\nMKLATIN\n",
        )],
    );
    let (out, stdout, _) = build_scope_vault(dir.path(), &["--vault", "vault"]);
    for (path, bytes) in files_under(&out) {
        let text = String::from_utf8_lossy(&bytes).replace('\0', "");
        assert!(
            !text.contains("MKUTF16") && !text.contains("MKLATIN"),
            "{path}"
        );
        assert!(!bytes.contains(&0), "{path} holds NUL bytes");
    }
    assert!(stdout.contains("2 unreadable"), "{stdout}");
}
