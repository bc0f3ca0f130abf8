//! `phasebook build`: the site as a reader and a web server see it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use phasebook::encode::percent_decode;
use regex::Regex;

fn phasebook() -> Command {
    Command::cargo_bin("phasebook").expect("binary built")
}

/// `phasebook build --vault VAULT --out OUT`.
fn build(vault: &Path, out: &Path) -> assert_cmd::assert::Assert {
    phasebook()
        .args(["build", "--vault"])
        .arg(vault)
        .arg("--out")
        .arg(out)
        .assert()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file of a folder, relative path to bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("readable"))
        })
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

/// Walk every page of a site: each internal `href`/`src` must name a file
/// that exists, and each `#fragment` an id on the target page. Returns the
/// number of links checked.
fn check_internal_links(site: &Path) -> usize {
    let attr = Regex::new(r#"\s(?:href|src)="([^"]*)""#).expect("pattern");
    let id = Regex::new(r#"\sid="([^"]*)""#).expect("pattern");
    let files = snapshot(site);
    let ids: BTreeMap<&str, BTreeSet<String>> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            (
                p.as_str(),
                id.captures_iter(&text).map(|c| unescape(&c[1])).collect(),
            )
        })
        .collect();
    let mut checked = 0;
    let mut problems = Vec::new();
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        if page == "404.html" {
            continue; // absolute base-url links, served at any path
        }
        let text = String::from_utf8_lossy(bytes);
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for cap in attr.captures_iter(&text) {
            let url = unescape(&cap[1]);
            if url.is_empty()
                || url.starts_with("http:")
                || url.starts_with("https:")
                || url.starts_with("mailto:")
                || url.starts_with("data:")
            {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(percent_decode(f))),
                None => (url.clone(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                let joined = dir.join(percent_decode(&path));
                let mut parts: Vec<String> = Vec::new();
                for c in joined.components() {
                    match c {
                        std::path::Component::ParentDir => {
                            parts.pop();
                        }
                        std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into()),
                        _ => {}
                    }
                }
                parts.join("/")
            };
            checked += 1;
            if !files.contains_key(&target) {
                problems.push(format!("{page}: {url} -> {target} does not exist"));
                continue;
            }
            if let Some(fragment) = fragment
                && target.ends_with(".html")
                && !ids
                    .get(target.as_str())
                    .is_some_and(|set| set.contains(&fragment))
            {
                problems.push(format!("{page}: {url} -> no id {fragment:?} in {target}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken internal links:\n{}",
        problems.join("\n")
    );
    checked
}

#[test]
fn the_default_vault_builds_into_a_site_whose_every_link_exists() {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let run = phasebook()
        .current_dir(repo())
        .args(["build", "--out"])
        .arg(&site)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(stdout.contains("built"), "{stdout}");
    for page in [
        "index.html",
        "readiness.html",
        "404.html",
        "tags/index.html",
        "_phasebook/search/meta.js",
    ] {
        assert!(site.join(page).is_file(), "{page} missing");
    }
    // Every note has its page; the image the guides embed was copied.
    assert!(site.join("guides/linking-notes.html").is_file());
    assert!(site.join("assets/phase-cycle.svg").is_file());
    let checked = check_internal_links(&site);
    assert!(checked > 1000, "only {checked} links checked");
    // The sidebar is not in the page: one script for the whole site writes
    // it, puts the page's root before its links, marks the page's own link
    // (data-current) and unfolds its folder.
    let guide = std::fs::read_to_string(site.join("guides/linking-notes.html")).expect("guide");
    let tag = r#"<script src="../_phasebook/nav/0.js" data-root="../" data-current="../guides/linking-notes.html"></script>"#;
    assert!(guide.contains(tag), "{guide}");
    assert!(!guide.contains("nav-tree"), "no sidebar in the page");
    let index_page = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(index_page.contains(
        r#"<script src="_phasebook/nav/0.js" data-root="" data-current="index.html"></script>"#
    ));
    assert!(!site.join("_phasebook/nav/1.js").exists(), "one tree");
    let nav = std::fs::read_to_string(site.join("_phasebook/nav/0.js")).expect("nav");
    assert!(
        nav.contains(r#"href=\"guides/linking-notes.html\""#),
        "{nav}"
    );
    assert!(
        nav.contains(r#"<details data-nav=\"folder:guides\">"#),
        "{nav}"
    );
    assert!(!nav.contains(" open"), "every folder folded: {nav}");
    assert!(
        nav.contains("aria-current"),
        "the script marks the current link"
    );
    // The front page is the vault's index.md, with the workflows below it.
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(
        index.contains("delivery/phases/"),
        "front page lists the phases"
    );
}

#[test]
fn seeds_build_with_their_broken_links_marked_and_no_yaml_in_the_text() {
    let seeds = repo().join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: ../shared/seeds not found (.ci/run asserts this)");
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let run = build(&seeds, &site).success();
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(stdout.contains("with 34 broken links"), "{stdout}");
    let marked = Regex::new(r#"<span class="broken-link[^"]*" title="[^"]+">"#).expect("pattern");
    for seed in [
        "development/phases/05-release.html",
        "cdp/phases/05-release.html",
    ] {
        let html = std::fs::read_to_string(site.join(seed)).expect("page");
        let content = html
            .split("<div class=\"note-content\">")
            .nth(1)
            .expect("content");
        // 11 in the body; the 6 frontmatter links are marked in the panel.
        let body = content
            .split("<section class=\"backlinks\"")
            .next()
            .unwrap_or(content);
        assert_eq!(marked.find_iter(body).count(), 11, "{seed}");
        // The YAML block appears nowhere as text or as a setext heading.
        assert!(!content.contains("previous_phase"), "{seed}");
        assert!(!content.contains("tags: ["), "{seed}");
        assert!(!html.contains("<h2>tags:"), "{seed}");
    }
    check_internal_links(&site);
}

#[test]
fn strict_refuses_to_build_with_errors_and_keeps_the_previous_site() {
    let fixture = common::fixture(&[("a.md", "# A\n\nSee [[b]].\n"), ("b.md", "# B\n")]);
    let site = fixture.dir.path().join("site");
    phasebook()
        .args(["build", "--strict", "--vault"])
        .arg(fixture.root())
        .arg("--out")
        .arg(&site)
        .assert()
        .success();
    let before = snapshot(&site);
    std::fs::write(fixture.root().join("a.md"), "# A\n\nSee [[nowhere]].\n").expect("write");
    let run = phasebook()
        .args(["build", "--strict", "--vault"])
        .arg(fixture.root())
        .arg("--out")
        .arg(&site)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("broken-link") && stderr.contains("--strict"),
        "{stderr}"
    );
    assert_eq!(snapshot(&site), before, "the previous site was touched");
    // Without --strict the build goes on and marks the link.
    build(&fixture.root(), &site).success();
    let page = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert!(
        page.contains(
            r#"<span class="broken-link" title="no note or file named nowhere">nowhere</span>"#
        ),
        "{page}"
    );
}

#[test]
fn a_folder_phasebook_did_not_write_is_never_replaced() {
    let fixture = common::fixture(&[("a.md", "# A\n")]);
    let out = fixture.dir.path().join("thesis");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("chapter1.tex"), "precious").expect("write");
    let run = build(&fixture.root(), &out).code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("did not write"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("chapter1.tex")).expect("kept"),
        "precious"
    );
    assert_eq!(std::fs::read_dir(&out).expect("list").count(), 1);
}

#[test]
fn a_file_added_to_our_site_after_the_build_is_never_deleted() {
    // An image is copied into the site: copies are in the manifest too, so
    // the rebuild knows them as ours.
    let fixture = common::fixture(&[("a.md", "# A\n\n![[pic.png]]\n"), ("pic.png", "PNG")]);
    let out = fixture.dir.path().join("site");
    build(&fixture.root(), &out).success();
    // What a file browser leaves in a folder it showed is no reason to stop.
    std::fs::write(out.join(".DS_Store"), "finder").expect("write");
    std::fs::write(out.join("Thumbs.db"), "explorer").expect("write");
    let run = build(&fixture.root(), &out).success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("removed 2 files a file browser left there (.DS_Store, Thumbs.db)"),
        "said, not silent: {stderr}"
    );
    assert!(out.join("pic.png").is_file());
    // A file whose name holds a line break is a file like any other: not
    // ours, so not deleted.
    std::fs::write(out.join("notes\nfrom me.txt"), "mine").expect("write");
    let run = build(&fixture.root(), &out).code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("phasebook did not write"), "{stderr}");
    assert!(out.join("notes\nfrom me.txt").is_file());
    std::fs::remove_file(out.join("notes\nfrom me.txt")).expect("rm");
    // A note saved into the built site: the next build would swap it away.
    std::fs::create_dir_all(out.join("drafts")).expect("mkdir");
    std::fs::write(out.join("drafts/idea.md"), "# Idea\n").expect("write");
    let run = build(&fixture.root(), &out).code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("holds 1 file phasebook did not write, such as drafts/idea.md"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("drafts/idea.md")).expect("kept"),
        "# Idea\n"
    );
    assert!(out.join("a.html").is_file(), "the site is kept as it was");
    // Moved out, the build goes on.
    std::fs::remove_file(out.join("drafts/idea.md")).expect("rm");
    build(&fixture.root(), &out).success();
}

#[test]
fn a_fan_of_embeds_is_cut_off_at_the_page_limit_with_one_warning() {
    // Each note embeds the next 30 times: 30^3 copies of the last on the
    // first page, though no chain is deeper than 3.
    let names = ["fan", "b", "c", "d"];
    let notes: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut body = format!("# {name}\n\n");
            for k in 0..30 {
                body.push_str(&format!("Line {k} of {name} with some words.\n"));
            }
            if let Some(next) = names.get(i + 1) {
                body.push_str(&format!("\n![[{next}]]\n").repeat(30));
            }
            (format!("{name}.md"), body)
        })
        .collect();
    let files: Vec<(&str, &str)> = notes
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_str()))
        .collect();
    let fixture = common::fixture(&files);
    let out = fixture.dir.path().join("site");
    let run = build(&fixture.root(), &out).success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    // One warning per page over the budget (fan's 27,000 embeds and b's
    // 900), not one per embed left out.
    assert_eq!(stderr.matches("not embedded").count(), 2, "{stderr}");
    for page in ["fan.md", "b.md"] {
        assert!(
            stderr.contains(&format!(
                "{page}: not embedded: the page would expand more than 100 embeds or 1 MB"
            )),
            "{stderr}"
        );
    }
    let page = std::fs::read_to_string(out.join("fan.html")).expect("page");
    assert!(page.len() < 2 << 20, "{} bytes", page.len());
    assert_eq!(page.matches("class=\"embed\" ").count(), 100);
    // The embeds left out are links to their notes, not dead text.
    assert!(page.contains("class=\"internal-link embed-link embed-skipped\" href=\"d.html\""));
}

#[test]
fn an_image_whose_name_is_stored_decomposed_is_copied() {
    // `é.png` stored as `e` + a combining accent (NFD): the vault knows it
    // by its NFC name, which names no file on disk.
    let fixture = common::fixture(&[("a.md", "# A\n\n![[é.png]]\n"), ("e\u{301}.png", "PNG")]);
    let out = fixture.dir.path().join("site");
    build(&fixture.root(), &out).success();
    let copied: Vec<String> = std::fs::read_dir(&out)
        .expect("site")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".png"))
        .collect();
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert_eq!(std::fs::read(out.join(&copied[0])).expect("copy"), b"PNG");
}

#[test]
fn the_site_is_byte_identical_whatever_the_thread_count() {
    let out = tempfile::tempdir().expect("temp dir");
    let build = |threads: Option<&str>, dir: &Path| {
        let mut cmd = phasebook();
        cmd.current_dir(repo()).args(["build", "--out"]).arg(dir);
        if let Some(n) = threads {
            cmd.env("RAYON_NUM_THREADS", n);
        }
        cmd.assert().success();
        snapshot(dir)
    };
    let one = build(Some("1"), &out.path().join("one"));
    let many = build(None, &out.path().join("many"));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        many.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(many[path] == *bytes, "{path} differs");
    }
}

#[test]
fn an_unchanged_rebuild_rewrites_nothing() {
    let fixture = common::fixture(&[("a.md", "# A\n\n[[b]]\n"), ("b.md", "# B\n")]);
    let site = fixture.dir.path().join("site");
    let build = || {
        let run = build(&fixture.root(), &site).success();
        String::from_utf8_lossy(&run.get_output().stdout).into_owned()
    };
    let first = build();
    assert!(first.contains(" 0 unchanged"), "{first}");
    let second = build();
    assert!(second.contains(": 0 written,"), "{second}");
}

#[test]
fn embeds_transclude_sections_and_stop_cycles() {
    let fixture = common::fixture(&[
        ("a.md", "# A\n\n![[b#Part]]\n\nAnd a loop:\n\n![[c]]\n"),
        (
            "b.md",
            "# B\n\n## Part\n\nThe part text.\n\n## Other\n\nNot embedded.\n",
        ),
        ("c.md", "# C\n\nC embeds A:\n\n![[a]]\n"),
    ]);
    let site = fixture.dir.path().join("site");
    let run = build(&fixture.root(), &site).success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("embed cycle: a.md → c.md → a.md"),
        "{stderr}"
    );
    let page = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert!(page.contains("The part text."), "section embedded");
    assert!(!page.contains("Not embedded."), "only the section");
    assert!(page.contains("C embeds A:"), "whole-note embed");
    assert!(page.contains("broken-link embed-cycle"), "cycle marked");
}

#[test]
fn raw_html_and_unsafe_urls_are_neutralised() {
    let fixture = common::fixture(&[(
        "x.md",
        "# X\n\n---\nowner: \"<script>alert(4)</script>\"\n---\n\n<script>alert(1)</script>\n\n<img src=\"a.png\" onerror=\"alert(2)\">\n\n[click](javascript:alert(3)) and <a href=\"javascript:alert(5)\">raw</a>\n",
    )]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let page = std::fs::read_to_string(site.join("x.html")).expect("page");
    let main = page.split("<main").nth(1).expect("main");
    for bad in ["<script", "onerror", "javascript:", "alert(1)"] {
        assert!(!main.contains(bad), "{bad} survived in\n{main}");
    }
    assert!(
        main.contains("&lt;script&gt;alert(4)&lt;/script&gt;"),
        "frontmatter shown as text"
    );
}

#[test]
fn markdown_features_render() {
    let fixture = common::fixture(&[(
        "n.md",
        "# N\n\n> [!warning] Mind the gap\n> Body text.\n\n> [!NOTE]\n> GitHub style.\n\n- [x] done\n- [ ] open\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1] and ~~gone~~.\n\n[^1]: A footnote.\n\nA paragraph. ^para-id\n\n%%hidden comment%%\n\n## Search\n",
    )]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let page = std::fs::read_to_string(site.join("n.html")).expect("page");
    let content = page
        .split("<div class=\"note-content\">")
        .nth(1)
        .expect("content");
    let content = content.split("</article>").next().expect("article");
    for expected in [
        r#"<div class="callout callout-warning" data-callout="warning"><div class="callout-title">"#,
        r#"<span class="callout-title-inner">Mind the gap</span></div>"#,
        r#"<div class="callout callout-note" data-callout="note"><div class="callout-title">"#,
        r#"<span class="callout-title-inner">Note</span></div>"#,
        r#"<input disabled="" type="checkbox" checked=""/>"#,
        "<table>",
        "<del>gone</del>",
        r#"class="footnote-definition""#,
        r#"<span class="block-anchor" id="^para-id"></span>"#,
        // A heading may not take an id the layout uses.
        r#"<h2 id="search-1">"#,
    ] {
        assert!(
            content.contains(expected),
            "{expected} missing from\n{content}"
        );
    }
    assert!(!content.contains("[!warning]"), "{content}");
    assert!(!content.contains("hidden comment"), "{content}");
    assert!(
        !content.contains("^para-id\n") && !content.contains(" ^para-id"),
        "{content}"
    );
}

#[test]
fn inline_tags_link_to_their_tag_pages() {
    let fixture = common::fixture(&[
        (
            "guides/n.md",
            "# N\n\nShip it with #release/q3 and `#not-a-tag`.\n\n> [!note] Plan #draft\n> Body.\n",
        ),
        ("m.md", "---\ntags: [release/q3, Ops]\n---\n# M\n"),
        ("o.md", "# O\n\nOn call for #ops and #OPS.\n"),
        ("e.md", "# E\n\n![[n]]\n"),
        ("u.md", "# U\n\nA #_under here and #x_y there.\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let page = std::fs::read_to_string(site.join("guides/n.html")).expect("page");
    assert!(
        page.contains(
            r##"<a class="tag" href="../tags/release/q3.html" rel="tag">#release/q3</a>"##
        ),
        "{page}"
    );
    assert!(page.contains("<code>#not-a-tag</code>"), "{page}");
    // Transcluded, the tag links relative to the embedding page.
    let embedding = std::fs::read_to_string(site.join("e.html")).expect("embedding page");
    assert!(
        embedding
            .contains(r##"<a class="tag" href="tags/release/q3.html" rel="tag">#release/q3</a>"##),
        "{embedding}"
    );
    // A callout's title is inline Markdown (R11): its tag is a tag link,
    // once, beside the header's pill.
    assert!(
        page.contains(
            r#"<span class="callout-title-inner">Plan <a class="tag" href="../tags/draft.html" rel="tag">#draft</a></span>"#
        ),
        "{page}"
    );
    assert_eq!(
        page.matches(">#draft</a>").count(),
        2,
        "the header's pill and the title's link: {page}"
    );
    assert!(!site.join("tags/not-a-tag.html").exists());
    // One tag page for the inline tag and the frontmatter one.
    let tag_page = std::fs::read_to_string(site.join("tags/release/q3.html")).expect("tag page");
    assert!(
        tag_page.contains("guides/n.html") && tag_page.contains("m.html"),
        "{tag_page}"
    );
    // Tags differing only in case are one tag, named as first written.
    let ops = std::fs::read_to_string(site.join("tags/ops.html")).expect("ops page");
    assert!(ops.contains("m.html") && ops.contains("o.html"), "{ops}");
    assert!(!site.join("tags/ops-2.html").exists());
    let index = std::fs::read_to_string(site.join("tags/index.html")).expect("tag index");
    assert!(
        index.contains(">#Ops</a>") && !index.contains(">#ops</a>"),
        "{index}"
    );
    // A tag that pulldown-cmark splits at `_` is shown once.
    let u = std::fs::read_to_string(site.join("u.html")).expect("u page");
    assert!(
        u.contains(r#"rel="tag">#_under</a> here and "#)
            && u.contains(r#"rel="tag">#x_y</a> there."#),
        "{u}"
    );
    let o = std::fs::read_to_string(site.join("o.html")).expect("o page");
    assert_eq!(
        o.matches(r#"href="tags/ops.html" rel="tag">"#).count(),
        3,
        "header pill and two inline: {o}"
    );
}

#[test]
fn book_toml_sets_the_sitemap_and_overrides_templates_file_by_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nauthors = [\"Ada\", \"Bo <b>\"]\nsrc = \"notes\"\n\n[site]\nsite-url = \"https://handbook.example.com/\"\ntemplates = \"theme\"\n",
            ),
            ("notes/a b.md", "# A\n"),
            (
                "theme/404.html",
                "<!DOCTYPE html><title>gone</title><p>Custom 404 at {{ root }}</p>\n",
            ),
        ],
    );
    phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let site = dir.path().join("site");
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).expect("sitemap");
    assert!(
        sitemap.contains("<loc>https://handbook.example.com/a%20b.html</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://handbook.example.com/index.html</loc>"),
        "{sitemap}"
    );
    let not_found = std::fs::read_to_string(site.join("404.html")).expect("404");
    assert_eq!(
        not_found,
        "<!DOCTYPE html><title>gone</title><p>Custom 404 at /</p>"
    );
    // The other templates are still the built-in ones.
    let page = std::fs::read_to_string(site.join("a b.html")).expect("page");
    assert!(page.contains("class=\"note-content\""), "{page}");
    // `[book] authors`, escaped, in every page's head.
    assert!(
        page.contains("<meta name=\"author\" content=\"Ada, Bo &lt;b&gt;\">"),
        "{page}"
    );

    // A template error names the file and the line, and the site is kept.
    std::fs::write(dir.path().join("theme/tag.html"), "ok\n{% for %}\n").expect("write");
    let run = phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("theme/tag.html:2"), "{stderr}");
    assert!(site.join("a b.html").is_file());
}

#[test]
fn a_large_vault_loads_a_shared_skeleton_and_its_folder_s_part() {
    // Past SMALL_VAULT (2000) notes, every page loads one skeleton (every
    // top-level folder closed) and its folder's part (that top-level
    // folder open along the page's path), both root-relative.
    let notes: Vec<(String, String)> = (0..2005)
        .map(|i| {
            (
                format!("f{}/s{}/n{i:03}.md", i % 3, i % 2),
                format!("# Note {i}\n\nSee [[n{:03}]].\n", (i + 1) % 2005),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = notes
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let fixture = common::fixture(&files);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let page = std::fs::read_to_string(site.join("f1/s0/n004.html")).expect("page");
    let script = Regex::new(
        r#"<script src="\.\./\.\./_phasebook/nav/top\.js"></script><script src="\.\./\.\./_phasebook/nav/(\d+)\.js" data-root="\.\./\.\./" data-current="\.\./\.\./f1/s0/n004\.html"></script>"#,
    )
    .expect("pattern");
    let index = script.captures(&page).expect("sidebar scripts on the page")[1].to_string();
    assert!(!page.contains("nav-tree"), "no inline sidebar");
    let part =
        std::fs::read_to_string(site.join(format!("_phasebook/nav/{index}.js"))).expect("script");
    // The part: f1 open, with s0's notes, root-relative; not f0 or f2.
    assert!(part.contains(r#"data-part=\"folder:f1\""#), "{part:.400}");
    assert!(part.contains(r#"href=\"f1/s0/n004.html\""#), "{part:.400}");
    assert!(
        !part.contains("folder:f0") && !part.contains("folder:f2"),
        "{part:.400}"
    );
    assert!(part.contains("aria-current"), "marks the current page");
    // The skeleton: each top-level folder once, closed, none of the notes.
    let top = std::fs::read_to_string(site.join("_phasebook/nav/top.js")).expect("skeleton");
    for folder in ["f0", "f1", "f2"] {
        let closed = format!(r#"class=\"nav-closed\" data-part=\"folder:{folder}\""#);
        assert_eq!(top.matches(&closed).count(), 1, "{top:.600}");
    }
    assert!(!top.contains("<details data-nav=\\\"folder:"), "{top:.600}");
    // Pages of the same folder share the part; another folder has its own.
    let same = std::fs::read_to_string(site.join("f1/s0/n010.html")).expect("page");
    assert!(same.contains(&format!("_phasebook/nav/{index}.js")));
    let other = std::fs::read_to_string(site.join("f2/s0/n002.html")).expect("page");
    assert!(!other.contains(&format!("_phasebook/nav/{index}.js")));
}

#[test]
fn notes_the_linter_ignores_do_not_count_as_broken() {
    let fixture = common::fixture_with(
        &[
            ("a.md", "# A\n\n[[b]]\n"),
            ("b.md", "# B\n"),
            ("templates/t.md", "# T\n\n[[NN-next]]\n"),
        ],
        |_| {},
    );
    std::fs::write(
        fixture.dir.path().join("book.toml"),
        "[book]\nsrc = \"vault\"\n\n[lint]\nignore = [\"templates/**\"]\n",
    )
    .expect("write");
    let run = phasebook()
        .current_dir(fixture.dir.path())
        .arg("build")
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(stdout.contains("with 0 broken links"), "{stdout}");
    // The placeholder is still marked on the template's own page.
    let page =
        std::fs::read_to_string(fixture.dir.path().join("site/templates/t.html")).expect("page");
    assert!(page.contains("class=\"broken-link\""), "{page}");
}

#[test]
fn the_vault_total_counts_each_broken_link_once_and_pages_count_their_own() {
    // a: a missing note and a missing heading, and an embed of b; b: a
    // broken link in its frontmatter and one in its body.
    let fixture = common::fixture(&[
        ("a.md", "# A\n\n[[nowhere]] and [[b#Missing]]\n\n![[b]]\n"),
        (
            "b.md",
            "# B\n\n---\nup: \"[[gone]]\"\n---\n\nSee [[also-gone]].\n",
        ),
    ]);
    let site = fixture.dir.path().join("site");
    let run = build(&fixture.root(), &site).success();
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    // Four links of the vault do not resolve; b's body link, shown again
    // inside a's embed, is not a fifth.
    assert!(stdout.contains("with 4 broken links"), "{stdout}");
    // Readers' pages carry no counts (a maintainer's matter): each broken
    // link is marked where it stands.
    let a = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert!(!a.contains("broken links"), "{a}");
    assert_eq!(a.matches("class=\"broken-link").count(), 3, "{a}");
    // The readiness page's maintenance table has the vault's total and
    // each page's own count: a's two (the link it embeds is b's, counted
    // there), b's two; the rows add up to the total.
    let readiness = std::fs::read_to_string(site.join("readiness.html")).expect("page");
    assert!(
        readiness.contains("4 broken links in the vault"),
        "{readiness}"
    );
    let row = |page: &str, path: &str, count: usize| {
        format!(
            "<tr><td><a href=\"{page}\">{}</a></td><td><code>{path}</code></td><td class=\"num\">{count}</td></tr>",
            &path[..1].to_uppercase()
        )
    };
    let (row_a, row_b) = (row("a.html", "a.md", 2), row("b.html", "b.md", 2));
    let (at_a, at_b) = (readiness.find(&row_a), readiness.find(&row_b));
    assert!(
        at_a.is_some() && at_b.is_some() && at_a < at_b,
        "{readiness}"
    );
}

#[test]
fn odd_link_nesting_renders_without_panicking() {
    // A wikilink in the title heading (which the page shows apart), inside
    // Markdown link text, images and raw HTML, embeds next to them: the
    // renderer must neither panic nor lose the page.
    let fixture = common::fixture(&[
        (
            "a.md",
            "# A [[b]]\n\n![[b]]\n\n[[[b]]](https://example.com) ![[b]]\n\n![x [[b]]](b.md) ![[b]]\n\n<span>[[b]]</span>\n![[b]]\n\n> [!note] [[b]]\n> ![[b]]\n\n- ![[b]]\n",
        ),
        ("b.md", "# B\n\nB text.\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let page = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert!(page.contains("</html>"), "page complete");
    assert!(
        page.contains("B text."),
        "the embed after the title is transcluded"
    );
}

/// A site built into the vault (`--out vault/published`) is not read back as
/// part of the vault: its copy of an image would make `![[pic.png]]`
/// ambiguous, and the next build would publish the old site inside itself.
#[test]
fn a_site_built_inside_the_vault_is_left_out_of_the_vault() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = dir.path().join("vault");
    common::write_files(
        &vault,
        &[
            ("notes/a.md", "# A\n\nSee [[b]] and ![[pic.png]].\n"),
            ("notes/b.md", "# B\n\nText.\n"),
            ("img/pic.png", "png"),
        ],
    );
    let check = || {
        let out = phasebook()
            .args(["check", "--format", "json", "--vault"])
            .arg(&vault)
            .output()
            .expect("runs");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let before = check();
    build(&vault, &vault.join("published")).success();
    assert!(vault.join("published/img/pic.png").is_file());
    assert_eq!(check(), before, "the built site adds nothing to the vault");
    build(&vault, &vault.join("published")).success();
    assert!(
        !vault.join("published/published").exists(),
        "the old site is not published into the new one"
    );
}

/// Repeated headings get unique ids even when a suffix would take the id
/// another heading has by its text; wikilinks land on the heading they
/// name, and a Markdown link may use the suffixed id the page shows.
#[test]
fn repeated_headings_get_unique_ids_and_links_land_on_the_right_one() {
    let fixture = common::fixture(&[
        (
            "h.md",
            "# H\n\n## Dup\n\none\n\n## Dup\n\ntwo\n\n## Dup 1\n\nthree\n",
        ),
        (
            "a.md",
            "# A\n\n[[h#Dup 1]] and [second](h.md#dup-2) and [third](h.md#dup-1)\n",
        ),
    ]);
    let check = common::phasebook()
        .args(["check", "--vault"])
        .arg(fixture.root())
        .output()
        .expect("runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let page = std::fs::read_to_string(site.join("h.html")).expect("page");
    let ids: Vec<&str> = page
        .match_indices("<h2 id=\"")
        .map(|(at, m)| {
            let rest = &page[at + m.len()..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .collect();
    assert_eq!(
        ids,
        ["dup", "dup-2", "dup-1"],
        "unique, and `Dup 1` keeps its own slug"
    );
    let a = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert_eq!(a.matches("href=\"h.html#dup-1\"").count(), 2, "{a}");
    assert!(a.contains("href=\"h.html#dup-2\""), "{a}");
    assert!(!a.contains("broken-link"), "{a}");
}

/// A byte order mark (as Windows editors write) is not text: the H1 and
/// frontmatter after it are read as at the start of the file, and the page
/// shows neither the mark nor the YAML.
#[test]
fn a_byte_order_mark_is_not_part_of_the_note() {
    let fixture = common::fixture(&[
        (
            "a.md",
            "\u{feff}# Marked Title\n---\ntags: marked\n---\n\nBody text.\n",
        ),
        ("b.md", "\u{feff}---\ntags: other\n---\n# B\n\nSee [[a]].\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    for page in ["a.html", "b.html"] {
        let html = std::fs::read_to_string(site.join(page)).expect("page");
        assert!(!html.contains('\u{feff}'), "{page}: no BOM in the page");
        assert!(!html.contains("tags: "), "{page}: no YAML as text");
    }
    let a = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert!(a.contains("<title>Marked Title"), "the H1 is the title");
    assert!(site.join("tags/marked.html").is_file(), "frontmatter read");
    assert!(site.join("tags/other.html").is_file(), "frontmatter read");
}

/// A link to a note's title heading lands on the page's header `<h1>`,
/// which carries the id the content's left-out H1 would have had.
#[test]
fn links_to_the_title_heading_land_on_the_header() {
    let fixture = common::fixture(&[
        (
            "e.md",
            "# Exit Plan\n\nBody [[#Exit Plan]] and [top](#exit-plan).\n",
        ),
        ("a.md", "# A\n\nSee [[e#Exit Plan]].\n"),
        ("index.md", "# Front\n\nWelcome [[#Front]].\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let e = std::fs::read_to_string(site.join("e.html")).expect("page");
    assert!(e.contains(r#"<h1 id="exit-plan">Exit Plan</h1>"#), "{e}");
    assert_eq!(e.matches(r##"href="#exit-plan""##).count(), 2, "{e}");
    let a = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert!(a.contains(r#"href="e.html#exit-plan""#), "{a}");
    assert!(
        check_internal_links(&site) > 0,
        "every fragment is an id on its page"
    );
}

/// Footnote ids cannot collide with heading ids, nor with the footnotes of
/// an embedded note, and a `[[note#[^label]]]` link lands on the footnote.
#[test]
fn footnotes_have_ids_of_their_own() {
    let fixture = common::fixture(&[
        (
            "f.md",
            "# F\n\n## Intro\n\nA claim[^intro] and another[^1].\n\n![[g]]\n\n[^intro]: The source.\n[^1]: Second.\n",
        ),
        (
            "g.md",
            "# G\n\nEmbedded claim[^1].\n\n[^1]: G's own note.\n",
        ),
        ("a.md", "# A\n\nSee [[f#[^intro]]].\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let f = std::fs::read_to_string(site.join("f.html")).expect("page");
    assert!(f.contains(r#"<h2 id="intro">"#), "{f}");
    assert!(f.contains(r##"<a href="#fn:intro">1</a>"##), "{f}");
    assert!(
        f.contains(r#"<li id="fn:intro" class="footnote-definition">"#),
        "{f}"
    );
    // The page's [^1] and the embedded note's [^1] are two footnotes, each
    // with its entry and its reference's id (for the back-link).
    assert!(f.contains(r##"<a href="#fn:1">2</a>"##), "{f}");
    let mut ids: Vec<&str> = f
        .split(r#"id="fn:"#)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "no id twice: {ids:?}");
    assert!(
        f.contains("G&#39;s own note.") || f.contains("G's own note."),
        "{f}"
    );
    let a = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert!(a.contains(r#"href="f.html#fn:intro""#), "{a}");
    assert!(
        check_internal_links(&site) > 0,
        "every fragment is an id on its page"
    );
}

#[test]
fn many_warnings_are_summarised_unless_explain_asks_for_all() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    for i in 0..30 {
        common::write_files(
            &vault,
            &[(
                format!("n{i:02}.md").as_str(),
                format!("# N{i}\n\n![[n{i:02}]]\n").as_str(),
            )],
        );
    }
    let stderr_of = |extra: &[&str]| {
        let out = phasebook()
            .args(["build", "--vault"])
            .arg(&vault)
            .arg("--out")
            .arg(dir.path().join("site"))
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = stderr_of(&[]);
    let shown = stderr.lines().filter(|l| l.contains("embed cycle")).count();
    assert_eq!(shown, 20, "{stderr}");
    assert!(stderr.contains("… and 10 more warnings"), "{stderr}");
    let all = stderr_of(&["--explain"]);
    assert_eq!(
        all.lines().filter(|l| l.contains("embed cycle")).count(),
        30,
        "{all}"
    );
}

#[test]
fn long_names_and_tags_build_and_link() {
    let long = "n".repeat(251);
    let tag = "t".repeat(300);
    let fixture = common::fixture(&[
        (
            format!("{long}.md").as_str(),
            format!("# Long\n\n#{tag}\n").as_str(),
        ),
        ("a.md", format!("# A\n\n[[{long}]]\n").as_str()),
    ]);
    let out = fixture.dir.path().join("site");
    build(&fixture.root(), &out).success();
    let a = std::fs::read_to_string(out.join("a.html")).expect("a");
    let href = Regex::new(r#"class="internal-link" href="([^"]+)""#)
        .unwrap()
        .captures(&a)
        .expect("a link")[1]
        .to_string();
    assert!(
        out.join(percent_decode(&href)).is_file(),
        "{href} leads nowhere"
    );
    assert!(href.len() < 240, "{href}");
}

/// R19: the vault's root `publish.css` (Obsidian Publish's custom style
/// sheet) is published as it is and linked by every page after the
/// theme's; one the repository ignores is neither.
#[test]
fn publish_css_is_published_and_linked_after_the_theme() {
    let css = "body { --accent: rebeccapurple; }\n";
    let fixture = common::fixture(&[
        ("index.md", "# Home\n"),
        ("guides/a.md", "# A\n"),
        ("publish.css", css),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    assert_eq!(
        std::fs::read_to_string(site.join("publish.css")).expect("copied"),
        css
    );
    let page = std::fs::read_to_string(site.join("guides/a.html")).expect("page");
    let theme = page.find("_phasebook/style.css").expect("theme sheet");
    let custom = page
        .find(r#"<link rel="stylesheet" href="../publish.css">"#)
        .expect("publish.css linked");
    assert!(theme < custom, "after the theme's: {page}");

    let ignored = common::fixture(&[
        ("index.md", "# Home\n"),
        ("publish.css", css),
        (".ignore", "publish.css\n"),
    ]);
    let site = ignored.dir.path().join("site");
    build(&ignored.root(), &site).success();
    assert!(!site.join("publish.css").exists());
    let page = std::fs::read_to_string(site.join("index.html")).expect("page");
    assert!(!page.contains("publish.css"), "{page}");
}

/// R13: the 3.5 MB Mermaid script goes only into a site with a diagram,
/// and only pages with one load it (and allow the inline style its SVG
/// needs).
#[test]
fn the_mermaid_script_ships_only_with_a_diagram() {
    let plain = common::fixture(&[("index.md", "# Home\n"), ("a.md", "# A\n")]);
    let site = plain.dir.path().join("site");
    build(&plain.root(), &site).success();
    assert!(!site.join("_phasebook/mermaid.min.js").exists());

    let fixture = common::fixture(&[
        ("index.md", "# Home\n"),
        ("a.md", "# A\n\n```mermaid\ngraph LR\n  A --> B\n```\n"),
        ("b.md", "# B\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    assert!(site.join("_phasebook/mermaid.min.js").is_file());
    let a = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert!(a.contains(r#"<pre class="mermaid">graph LR"#), "{a}");
    assert!(a.contains("_phasebook/mermaid.min.js"), "{a}");
    assert!(
        a.contains("style-src &#39;self&#39; &#39;unsafe-inline&#39;"),
        "{a}"
    );
    let b = std::fs::read_to_string(site.join("b.html")).expect("page");
    assert!(!b.contains("mermaid"), "{b}");
    assert!(!b.contains("unsafe-inline&#39;; style-src-attr"), "{b}");
}

/// R14: `cssclasses` (and the older `cssclass`) go on the page's article,
/// each once, kept to the characters a class name needs.
#[test]
fn cssclasses_go_on_the_article_once_and_clean() {
    let fixture = common::fixture(&[
        ("index.md", "# Home\n"),
        (
            "a.md",
            "---\ncssclasses: [wide, \"x\\\"><b\", wide]\ncssclass: cards wide\n---\n# A\n",
        ),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let page = std::fs::read_to_string(site.join("a.html")).expect("page");
    let article = page
        .lines()
        .find(|l| l.starts_with("<article"))
        .expect("article");
    assert_eq!(article, r#"<article class="note wide xb cards">"#, "{page}");
}

/// Where links are not drawn — the page's title and its table of contents —
/// a wikilink in a heading reads as its display text, as in Obsidian's
/// outline, not as `[[…]]` (seen in the Obsidian Help vault's Settings).
#[test]
fn wikilinks_in_headings_read_as_text_in_the_title_and_contents() {
    let fixture = common::fixture(&[
        ("index.md", "# Home\n"),
        (
            "a.md",
            "# Plan for [[index|the release]]\n\n## Use [[Wikilinks]]\n\n## See [[index#Home]]\n",
        ),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let page = std::fs::read_to_string(site.join("a.html")).expect("page");
    assert!(page.contains("<title>Plan for the release"), "{page}");
    let toc: Vec<&str> = page
        .lines()
        .filter(|l| l.starts_with("<li class=\"toc-"))
        .collect();
    assert_eq!(
        toc,
        [
            r##"<li class="toc-h2"><a href="#use-wikilinks">Use Wikilinks</a></li>"##,
            r##"<li class="toc-h2"><a href="#see-indexhome">See index &gt; Home</a></li>"##,
        ],
        "{page}"
    );
    assert!(!page.contains("[["), "{page}");
}

#[test]
fn breadcrumbs_name_the_folders_and_link_those_with_a_folder_note() {
    let fixture = common::fixture(&[
        ("guides/index.md", "# Guides\n"),
        ("guides/deep/setup.md", "# Setup\n"),
        (
            "guides/deep/drafts/drafts.md",
            "---\npublish: false\n---\n# Drafts\n",
        ),
        ("guides/deep/drafts/x.md", "# X\n"),
        ("top.md", "# Top\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let setup = std::fs::read_to_string(site.join("guides/deep/setup.html")).expect("page");
    assert!(
        setup.contains(
            "<nav class=\"note-kicker breadcrumbs\" aria-label=\"Breadcrumbs\"><ol>\n<li><a href=\"../../guides/index.html\">guides</a></li>\n<li>deep</li>\n</ol></nav>"
        ),
        "{setup}"
    );
    // No source path on a reader's page.
    assert!(!setup.contains("guides/deep/setup.md"), "{setup}");
    // The folder note shows its own folder as text; a note at the root has
    // no trail.
    let index = std::fs::read_to_string(site.join("guides/index.html")).expect("page");
    assert!(index.contains("<ol>\n<li>guides</li>\n</ol>"), "{index}");
    let top = std::fs::read_to_string(site.join("top.html")).expect("page");
    assert!(!top.contains("breadcrumbs"), "{top}");
    // A folder note left out of the site is no link.
    let x = std::fs::read_to_string(site.join("guides/deep/drafts/x.html")).expect("page");
    assert!(x.contains("<li>drafts</li>"), "{x}");
}

#[test]
fn pages_describe_themselves_for_search_engines_and_link_previews() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = "word ".repeat(60);
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Handbook\"\ndescription = \"The team's book\"\n\n[site]\nsite-url = \"https://example.com/hb\"\n",
            ),
            (
                "vault/guides/set up.md",
                "---\ndescription: How to \"set up\" <fast>\n---\n# Set up\n\nBody.\n",
            ),
            (
                "vault/text.md",
                &format!(
                    "# Text\n\nFirst  **words**\nof the note. {long}\n\n## Later\n\nNot this.\n"
                ),
            ),
            ("vault/empty.md", "# Empty\n"),
        ],
    );
    phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let site = dir.path().join("site");
    let read = |p: &str| std::fs::read_to_string(site.join(p)).expect(p);
    let setup = read("guides/set up.html");
    // The property, escaped; the canonical URL from site-url.
    assert!(
        setup.contains(
            r#"<meta name="description" content="How to &quot;set up&quot; &lt;fast&gt;">"#
        ),
        "{setup}"
    );
    assert!(
        setup.contains(r#"<meta property="og:title" content="Set up">"#),
        "{setup}"
    );
    assert!(
        setup.contains(r#"<meta property="og:type" content="article">"#),
        "{setup}"
    );
    assert!(
        setup.contains(
            r#"<link rel="canonical" href="https://example.com/hb/guides/set%20up.html">"#
        ),
        "{setup}"
    );
    // The start of the text, on one line, cut at a word.
    let text = read("text.html");
    let start = text
        .find(r#"<meta name="description" content=""#)
        .expect("description")
        + 34;
    let description = &text[start..start + text[start..].find('"').unwrap()];
    assert!(
        description.starts_with("First words of the note. word word"),
        "{description}"
    );
    assert!(
        description.ends_with("word…") && description.chars().count() <= 161,
        "{description}"
    );
    assert!(!description.contains("Not this"), "{description}");
    // No text: the book's description.
    let empty = read("empty.html");
    assert!(
        empty.contains(r#"<meta name="description" content="The team&#39;s book">"#),
        "{empty}"
    );
    // The 404 page, served at any path, claims no URL.
    assert!(!read("404.html").contains("canonical"));
}

#[test]
fn generated_pages_say_what_they_are_when_the_book_has_no_description() {
    let fixture = common::fixture(&[("a.md", "# A\n\n#ops\n")]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    for (page, start) in [
        ("readiness.html", "How ready each phase of "),
        ("tags/index.html", "The tags of "),
        ("tags/ops.html", "Tag: ops: the notes of "),
        ("404.html", "There is no page at this address."),
    ] {
        let html = std::fs::read_to_string(site.join(page)).expect(page);
        assert!(
            html.contains(&format!("<meta name=\"description\" content=\"{start}")),
            "{page}: {html}"
        );
    }
}

/// The front page of a vault that is not a phase workflow: its home note,
/// found as Obsidian Publish, Quartz and repositories name it.
#[test]
fn the_front_page_is_the_home_note_and_names_the_site() {
    let read = |site: &Path, p: &str| std::fs::read_to_string(site.join(p)).expect(p);
    // Home.md at the root, no index.md: the front page, titled by it.
    let fixture = common::fixture(&[
        ("Home.md", "# Team Wiki\n\nWelcome aboard.\n"),
        ("README.md", "# Readme\n"),
        ("guides/a.md", "# A\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let index = read(&site, "index.html");
    assert!(index.contains("Welcome aboard."), "{index}");
    assert!(index.contains("<title>Team Wiki</title>"), "{index}");
    assert!(!index.contains("no phase documents"), "{index}");
    assert!(!index.contains("class=\"workflows\""), "{index}");
    assert!(!site.join("Home.html").exists());
    // Every page is titled by the site's new name.
    assert!(read(&site, "guides/a.html").contains("<title>A · Team Wiki</title>"));

    // README.md when it is the only one.
    let fixture = common::fixture(&[("README.md", "# Our Docs\n\nHello.\n"), ("b.md", "# B\n")]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    assert!(read(&site, "index.html").contains("Hello."));

    // Neither home note nor phases: the vault's contents.
    let fixture = common::fixture(&[
        ("b.md", "# B\n"),
        ("ops/one.md", "# One\n"),
        ("ops/deep/two.md", "# Two\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let index = read(&site, "index.html");
    assert!(
        index.contains("<li><a href=\"b.html\">B</a></li>"),
        "{index}"
    );
    assert!(
        index.contains("<h3>ops <span class=\"muted\">(2)</span></h3>"),
        "{index}"
    );
    assert!(
        index.contains("<a href=\"ops/deep/two.html\">Two</a>"),
        "{index}"
    );
    assert!(!index.contains("no phase documents"), "{index}");
}

#[test]
fn book_index_names_the_home_note_and_a_wrong_one_is_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Given\"\nindex = \"start/Welcome\"\n",
            ),
            ("vault/start/Welcome.md", "# Welcome\n\nStart here.\n"),
            ("vault/index.md", "# Index\n\nNot this.\n"),
        ],
    );
    phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let index = std::fs::read_to_string(dir.path().join("site/index.html")).expect("index");
    assert!(index.contains("Start here."), "{index}");
    // [book] title wins over the home note's.
    assert!(index.contains("<title>Given</title>"), "{index}");

    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\nindex = \"nosuch.md\"\n",
    )
    .unwrap();
    let run = phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("book.toml:2:9: [book] index: there is no note `nosuch.md` in the vault; the front page is the default"),
        "{stderr}"
    );
    let index = std::fs::read_to_string(dir.path().join("site/index.html")).expect("index");
    assert!(index.contains("Not this."), "{index}");
}

#[test]
fn the_graph_file_holds_each_link_between_pages_once() {
    let fixture = common::fixture(&[
        ("a.md", "# A\n\n[[b]] [[b#x]] [[c]] [[a]]\n"),
        ("b.md", "# B\n\n## x\n\n[[a]]\n"),
        ("c.md", "---\npublish: false\n---\n# C\n\n[[a]]\n"),
        ("d.md", "# D\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let graph = std::fs::read_to_string(site.join("_phasebook/graph.js")).expect("graph");
    assert_eq!(
        graph,
        "window.phasebookGraph={\"n\":[[\"A\",\"a.html\"],[\"B\",\"b.html\"]],\"e\":[0,1]};\n"
    );
    let a = std::fs::read_to_string(site.join("a.html")).expect("a");
    assert!(
        a.contains(r#"<details class="local-graph" data-graph-node="0">"#),
        "{a}"
    );
    // A note linked with nothing has no graph.
    let d = std::fs::read_to_string(site.join("d.html")).expect("d");
    assert!(!d.contains("local-graph"), "{d}");
}

/// Links inside embedded content to the embedded note's own headings and
/// blocks land on that note's page, never on a missing anchor of the host.
#[test]
fn links_inside_an_embed_to_its_own_headings_go_to_its_page() {
    let fixture = common::fixture(&[
        ("a.md", "# A\n\n## Mine\n\n![[b#Part]]\n\nAnd [[#Mine]].\n"),
        (
            "b.md",
            "# B\n\n## Part\n\nSee [[#Other]], [[#^blk]] and [[a#Mine]].\n\n## Other\n\nText ^blk\n",
        ),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let a = std::fs::read_to_string(site.join("a.html")).expect("a");
    assert!(a.contains(r##"href="b.html#other""##), "{a}");
    assert!(a.contains(r##"href="b.html#%5Eblk""##), "{a}");
    // The host's own links keep their fragment.
    assert!(a.contains(r##"href="#mine""##), "{a}");
    assert!(a.contains(r##"href="a.html#mine""##), "{a}");
    // Every fragment link of the page finds its anchor on the page it
    // names.
    let b = std::fs::read_to_string(site.join("b.html")).expect("b");
    assert!(
        b.contains(r#"id="other""#) && b.contains(r#"id="^blk""#),
        "{b}"
    );
    assert!(
        b.contains(r##"href="#other""##),
        "on its own page, the same link is a fragment: {b}"
    );
}

/// Outside the phase chains, a note's previous and next page follow the
/// sidebar: root notes, then each folder's subfolders, then its notes.
#[test]
fn notes_outside_the_chains_page_along_the_sidebar() {
    let fixture = common::fixture(&[
        ("Beta.md", "# Beta\n"),
        ("alpha.md", "# Alpha\n"),
        ("f/a.md", "# A\n"),
        ("f/sub/b.md", "# B\n"),
        ("g/c.md", "# C\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let nav = |page: &str| {
        let html = std::fs::read_to_string(site.join(page)).expect(page);
        let rel = |r: &str| {
            let at = html.find(&format!("<a rel=\"{r}\" href=\""))? + 16 + r.len();
            Some(html[at..at + html[at..].find('"').unwrap()].to_string())
        };
        (rel("prev"), rel("next"))
    };
    let s = |v: &str| Some(v.to_string());
    assert_eq!(nav("alpha.html"), (None, s("Beta.html")));
    assert_eq!(nav("Beta.html"), (s("alpha.html"), s("f/sub/b.html")));
    assert_eq!(
        nav("f/sub/b.html"),
        (s("../../Beta.html"), s("../../f/a.html"))
    );
    assert_eq!(nav("f/a.html"), (s("../f/sub/b.html"), s("../g/c.html")));
    assert_eq!(nav("g/c.html"), (s("../f/a.html"), None));
}

#[test]
fn dated_notes_make_an_atom_feed_when_the_site_has_a_url() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Hand & Book\"\n\n[site]\nsite-url = \"https://example.com/hb/\"\n",
            ),
            (
                "vault/a.md",
                "---\ndate: 2026-11-02\ndescription: About <a>\n---\n# A\n",
            ),
            (
                "vault/notes/b c.md",
                "---\ncreated: 2026-11-05T10:00\n---\n# B\n\nFirst words.\n",
            ),
            ("vault/c.md", "# C\n"),
            ("vault/d.md", "---\ndate: soon\n---\n# D\n"),
            (
                "vault/e.md",
                "---\ndate: 2026-12-01\npublish: false\n---\n# E\n",
            ),
        ],
    );
    phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let feed = std::fs::read_to_string(dir.path().join("site/feed.xml")).expect("feed");
    let entries: Vec<&str> = feed
        .match_indices("<entry>")
        .map(|(i, _)| &feed[i..])
        .collect();
    assert_eq!(entries.len(), 2, "{feed}");
    assert!(
        entries[0].starts_with(
            "<entry>\n    <title>B</title>\n    <id>https://example.com/hb/notes/b%20c.html</id>"
        ),
        "{feed}"
    );
    assert!(
        entries[0].contains(
            "<updated>2026-11-05T00:00:00Z</updated>\n    <summary>First words.</summary>"
        ),
        "{feed}"
    );
    assert!(
        entries[1].contains("<summary>About &lt;a&gt;</summary>"),
        "{feed}"
    );
    assert!(feed.contains("<title>Hand &amp; Book</title>"), "{feed}");
    assert!(
        feed.contains("<updated>2026-11-05T00:00:00Z</updated>\n  <generator>"),
        "{feed}"
    );
    assert!(
        !feed.contains("<title>E</title>"),
        "an unpublished note stays out: {feed}"
    );
    let page = std::fs::read_to_string(dir.path().join("site/c.html")).expect("page");
    assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml" href="feed.xml" title="Hand &amp; Book">"#), "{page}");

    // No site URL: no feed, no link to one.
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    phasebook()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    assert!(!dir.path().join("site/feed.xml").exists());
    let page = std::fs::read_to_string(dir.path().join("site/c.html")).expect("page");
    assert!(!page.contains("atom+xml"), "{page}");
}

/// An embed inside an image's alternative text (found by the property
/// test): the image is written as pulldown-cmark writes it, the paragraph
/// cut around the embed, and nothing panics.
#[test]
fn an_embed_in_an_images_alt_text_builds() {
    let fixture = common::fixture(&[
        (
            "a.md",
            "# A\n\n![a ![[b]] c](https://example.com/x.png) after\n",
        ),
        ("b.md", "# B\n\nEmbedded.\n"),
    ]);
    let site = fixture.dir.path().join("site");
    build(&fixture.root(), &site).success();
    let a = std::fs::read_to_string(site.join("a.html")).expect("a");
    assert!(a.contains("Embedded."), "{a}");
}

/// Build's hints keep the flags the user gave (#22 paper cuts): the check
/// to run names the `--vault`; `--strict` on a folder that does not exist
/// says it was not created, not "unchanged".
#[test]
fn builds_hints_keep_the_users_flags() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(dir.path(), &[("my notes/a.md", "# A\n\n[[nowhere]]\n")]);
    let run = phasebook()
        .current_dir(dir.path())
        .args(["build", "--vault", "my notes", "--out", "site"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("phasebook: run `phasebook check --vault 'my notes'` for the details"),
        "{stderr}"
    );
    let run = phasebook()
        .current_dir(dir.path())
        .args(["build", "--strict", "--vault", "my notes", "--out", "fresh"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("(--strict); fresh was not created"),
        "{stderr}"
    );
    assert!(!dir.path().join("fresh").exists());
    let run = phasebook()
        .current_dir(dir.path())
        .args(["build", "--strict", "--vault", "my notes", "--out", "site"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("(--strict); site is unchanged"), "{stderr}");
}
