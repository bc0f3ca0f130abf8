//! One edited note, one page rendered (#20 point 3): a rebuild takes from
//! the previous site every page that would come out the same, and the site
//! it makes is byte for byte the one a build from scratch makes of the
//! edited vault, whatever the edit.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use common::phasebook;

/// Attachments and theme files are compared by their times: the record is
/// kept only when none changed in the two seconds before the build.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89,
];

/// A project whose pages read one another in every way a page can: links,
/// embeds (one of an embed), a dated note in the feed, a diagram, a formula
/// that does not render (a warning), a private note and an image.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Reuse\"\nsrc = \"vault\"\n\n[site]\nsite-url = \"https://example.com/\"\n",
            ),
            (
                "vault/index.md",
                "# Home\n\nSee [[a]], [[b]], [[c]] and [[d]].\n",
            ),
            (
                "vault/a.md",
                "---\ndate: 2026-11-02\ntags: [plan]\n---\n# A\n\nFirst words about the plan.\n\n## Part\n\nMore text. ^blk\n\n- [ ] a task\n",
            ),
            (
                "vault/b.md",
                "# B\n\n![[a#Part]]\n\nB's own words, see [[a#^blk]].\n",
            ),
            ("vault/c.md", "# C\n\n![[b]]\n\nC's words.\n"),
            (
                "vault/d.md",
                "# D\n\nThe ratio $\\fracc{x}$ grows.\n\n![[img.png]]\n\n```mermaid\ngraph TD; A-->B\n```\n",
            ),
            ("vault/e.md", "# E\n\nNothing embeds me. #solo\n"),
            (
                "vault/private.md",
                "---\npublish: false\n---\n# Private\n\nSecret words.\n",
            ),
        ],
    );
    std::fs::write(dir.path().join("vault/img.png"), PNG).unwrap();
    dir
}

/// Build `dir`'s project (its note cache and page record beside it); how
/// many pages were taken from the previous site, of how many, and stderr
/// without its timings.
fn rebuild(dir: &Path) -> (usize, usize, String) {
    let out = phasebook()
        .current_dir(dir)
        .args(["build", "--timings"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let line = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("pages: "))
        .unwrap_or_else(|| panic!("no pages remark: {stderr}"));
    let mut words = line.split(' ');
    let kept = words.next().unwrap().parse().unwrap();
    let total = words.nth(1).unwrap().parse().unwrap();
    (kept, total, said(&stderr))
}

/// A build from scratch of the same project into `scratch`, no cache:
/// its stderr without timings.
fn from_scratch(dir: &Path) -> String {
    let _ = std::fs::remove_dir_all(dir.join("scratch"));
    let out = phasebook()
        .current_dir(dir)
        .args(["--no-cache", "build", "--out", "scratch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    said(&String::from_utf8_lossy(&out.stderr))
}

/// What a build says, without what only timing tells.
fn said(stderr: &str) -> String {
    stderr
        .lines()
        .take_while(|l| !l.starts_with("phasebook: timings"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn tree(site: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(site).unwrap().display().to_string();
            (path, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The site and the build's warnings equal a build from scratch's.
fn assert_as_from_scratch(dir: &Path, said: &str, what: &str) {
    let scratch_said = from_scratch(dir);
    assert_eq!(said, scratch_said, "{what}: what the builds said");
    let (site, scratch) = (tree(&dir.join("site")), tree(&dir.join("scratch")));
    assert_eq!(
        site.keys().collect::<Vec<_>>(),
        scratch.keys().collect::<Vec<_>>(),
        "{what}: the files"
    );
    for (path, bytes) in &site {
        assert!(
            bytes == &scratch[path],
            "{what}: {path} differs from a build from scratch"
        );
    }
}

fn edit(dir: &Path, note: &str, from: &str, to: &str) {
    let file = dir.join("vault").join(note);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{note} holds {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edit_renders_the_pages_that_show_it_and_the_site_is_as_from_scratch() {
    let dir = project();
    let dir = dir.path();
    settle();
    let (kept, total, said) = rebuild(dir);
    assert_eq!(kept, 0, "nothing to take the first time");
    assert_as_from_scratch(dir, &said, "first build");

    // (edit, pages rendered again): text only, then shape.
    let edits: [(&str, &str, &str, usize, &str); 9] = [
        (
            "e.md",
            "Nothing",
            "Nobody at all",
            1,
            "words of a note nothing embeds",
        ),
        (
            "e.md",
            "# E\n",
            "# E\n\nA paragraph before the tag.\n",
            1,
            "positions moved",
        ),
        (
            "a.md",
            "More text.",
            "Other text.",
            3,
            "an embedded section: its embedders, and theirs",
        ),
        (
            "a.md",
            "First words",
            "Opening words",
            3,
            "a dated note's description",
        ),
        ("d.md", "grows", "shrinks", 1, "a page with a warning"),
        ("private.md", "Secret", "Hidden", 0, "a note not published"),
        ("index.md", "See", "Read", 1, "the front page"),
        ("e.md", "#solo", "#duo", total, "a tag: other pages list it"),
        (
            "a.md",
            "## Part",
            "## Section",
            total,
            "a heading: other pages link to it",
        ),
    ];
    for (note, from, to, rendered, what) in edits {
        edit(dir, note, from, to);
        let (kept, now_total, said) = rebuild(dir);
        assert_eq!(now_total, total, "{what}");
        assert_eq!(total - kept, rendered, "{what}: pages rendered");
        assert_as_from_scratch(dir, &said, what);
    }

    // An image changed: its page may show its size; everything again.
    std::fs::write(dir.join("vault/img.png"), [PNG, b"more"].concat()).unwrap();
    let (kept, _, said) = rebuild(dir);
    assert_eq!(kept, 0, "an attachment changed");
    assert_as_from_scratch(dir, &said, "an attachment changed");
    // Not settled: no record kept, so the next build renders everything.
    edit(dir, "e.md", "Nobody", "No one");
    let (kept, _, said) = rebuild(dir);
    assert_eq!(kept, 0, "no record after an unsettled build");
    assert_as_from_scratch(dir, &said, "after an unsettled build");
}

#[test]
fn a_page_changed_in_the_site_or_a_damaged_record_is_rendered_again() {
    let dir = project();
    let dir = dir.path();
    settle();
    rebuild(dir);
    // A page edited by hand, later than the build.
    settle();
    std::fs::write(dir.join("site/e.html"), "edited").unwrap();
    edit(dir, "c.md", "C's words", "C's other words");
    let (kept, total, said) = rebuild(dir);
    assert_eq!(total - kept, 2, "c.html and the edited e.html");
    assert_as_from_scratch(dir, &said, "a page edited in the site");

    let records: Vec<_> = std::fs::read_dir(dir.join(".phasebook-cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("site-")
        })
        .collect();
    let (files, folders): (Vec<_>, Vec<_>) = records.iter().partition(|p| p.is_file());
    assert_eq!((files.len(), folders.len()), (1, 1), "{records:?}");
    let truncate = |file: &Path| {
        let bytes = std::fs::read(file).unwrap();
        std::fs::write(file, &bytes[..bytes.len() / 2]).unwrap();
    };

    // The runs' files damaged: their pages are rendered, and the files
    // written again.
    let runs: Vec<_> = walkdir::WalkDir::new(folders[0])
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file())
        .collect();
    assert!(runs.len() > 1, "{runs:?}");
    for run in &runs {
        truncate(run);
    }
    edit(dir, "c.md", "C's other words", "C's words");
    let (kept, _, said) = rebuild(dir);
    assert_eq!(kept, 0, "no damaged run is taken");
    assert_as_from_scratch(dir, &said, "damaged runs");
    edit(dir, "c.md", "C's words", "C's other words");
    let (kept, total, said) = rebuild(dir);
    assert_eq!(total - kept, 1, "the runs were written again");
    assert_as_from_scratch(dir, &said, "after damaged runs");

    truncate(files[0]);
    edit(dir, "e.md", "Nothing", "Nobody");
    let (kept, _, said) = rebuild(dir);
    assert_eq!(kept, 0, "a truncated record is not read");
    assert_as_from_scratch(dir, &said, "a truncated record");

    // Another build into the same folder without the cache: the record
    // no longer describes the site there.
    edit(dir, "e.md", "Nobody", "No one");
    phasebook()
        .current_dir(dir)
        .args(["--no-cache", "build"])
        .assert()
        .success();
    edit(dir, "e.md", "No one", "Someone");
    let (kept, _, said) = rebuild(dir);
    assert_eq!(kept, 0, "the site is not the one the record was made with");
    assert_as_from_scratch(dir, &said, "a site built without the cache");
}

#[test]
fn an_edit_to_summary_md_renders_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    common::write_files(
        dir,
        &[
            ("book.toml", "[book]\ntitle = \"Book\"\nsrc = \"vault\"\n"),
            (
                "vault/SUMMARY.md",
                "# Summary\n\n[Intro](intro.md)\n\n- [One](one.md)\n- [Two](two.md)\n",
            ),
            ("vault/intro.md", "# Intro\n\nHello.\n"),
            ("vault/one.md", "# One\n\nFirst.\n"),
            ("vault/two.md", "# Two\n\nSecond.\n"),
        ],
    );
    let (kept, _, _) = rebuild(dir);
    assert_eq!(kept, 0);
    edit(dir, "one.md", "First.", "The first.");
    let (kept, total, said) = rebuild(dir);
    assert_eq!(total - kept, 1, "one.md alone");
    assert_as_from_scratch(dir, &said, "a chapter's text");
    // Its link text is what the navigation shows: no link in the parse
    // changes, and still every page is rendered.
    edit(dir, "SUMMARY.md", "[One]", "[Chapter one]");
    let (kept, _, said) = rebuild(dir);
    assert_eq!(kept, 0, "SUMMARY.md's text is every page's navigation");
    assert_as_from_scratch(dir, &said, "SUMMARY.md");
}

#[test]
fn records_of_sites_that_are_gone_and_runs_past_the_last_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    common::write_files(
        dir,
        &[
            ("book.toml", "[book]\ntitle = \"Book\"\nsrc = \"vault\"\n"),
            ("vault/one.md", "# One\n\nFirst.\n"),
            ("vault/two.md", "# Two\n\nSecond.\n"),
            ("vault/three.md", "# Three\n\nThird.\n"),
        ],
    );
    let cache = dir.join(".phasebook-cache");
    let listed = |folder: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("site-") || n.ends_with(".bin"))
            .collect();
        names.sort();
        names
    };
    let build_into = |out: &str| {
        phasebook()
            .current_dir(dir)
            .args(["build", "--out", out])
            .assert()
            .success();
    };
    build_into("a");
    // Files of the user's that only look like records, old enough to go
    // if they were ours: never removed.
    let month_ago = std::time::SystemTime::now() - Duration::from_secs(30 * 24 * 3600);
    let theirs = [
        "site-0123456789abcdef.bin",
        "site-0123456789abcdef/00000.bin",
        "site-0123456789abcdef/notes.txt",
        "site-backup.bin",
    ];
    for file in theirs {
        let path = cache.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "the user's").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(month_ago))
            .unwrap();
    }
    build_into("b");
    for file in theirs {
        assert!(cache.join(file).is_file(), "{file} kept");
    }
    std::fs::remove_dir_all(cache.join("site-0123456789abcdef")).unwrap();
    std::fs::remove_file(cache.join("site-0123456789abcdef.bin")).unwrap();
    std::fs::remove_file(cache.join("site-backup.bin")).unwrap();
    // Two sites, two records (each a file and a folder of runs).
    assert_eq!(listed(&cache).len(), 4, "{:?}", listed(&cache));
    std::fs::remove_dir_all(dir.join("a")).unwrap();
    std::fs::remove_file(dir.join("vault/three.md")).unwrap();
    build_into("b");
    let left = listed(&cache);
    assert_eq!(left.len(), 2, "a's record is gone: {left:?}");
    let runs = cache.join(left.iter().find(|n| !n.ends_with(".bin")).unwrap());
    // Three pages made three runs; two pages, two.
    assert_eq!(listed(&runs), ["00000.bin", "00001.bin"]);
}

/// A small deterministic generator (xorshift), so the edits are the same
/// on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn random_edits_make_the_site_a_build_from_scratch_makes() {
    const NOTES: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let mut files = vec![(
        "book.toml".to_string(),
        "[book]\ntitle = \"Random\"\nsrc = \"vault\"\n\n[site]\nsite-url = \"https://example.com/\"\n"
            .to_string(),
    )];
    for n in 0..NOTES {
        // Each note links to the next, embeds a section or block of an
        // earlier one, and carries a tag, a task and a formula.
        let embed = match n % 4 {
            0 if n > 0 => format!("![[n{}]]\n\n", n - 1),
            1 => format!("![[n{}#Part]]\n\n", n / 2),
            2 => format!("![[n{}#^b{}]]\n\n", n / 3, n / 3),
            _ => String::new(),
        };
        let date = if n % 5 == 0 {
            "---\ndate: 2026-10-01\n---\n"
        } else {
            ""
        };
        files.push((
            format!("vault/n{n}.md"),
            format!(
                "{date}# Note {n}\n\nWords of note {n} and [[n{}]].\n\n{embed}## Part\n\nPart text {n}. ^b{n}\n\n- [ ] task {n} #t{}\n\n$x_{n}$\n",
                (n + 1) % NOTES,
                n % 3
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    common::write_files(dir, &refs);
    rebuild(dir);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut partial = 0;
    for round in 0..12 {
        let n = rng.below(NOTES);
        let file = dir.join(format!("vault/n{n}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        let edited = match rng.below(6) {
            0 => text.replace("Words of", "Some words of"),
            1 => text.replace("Part text", "Part text, longer now,"),
            2 => text.replace("## Part\n", "A new paragraph.\n\n## Part\n"),
            3 => format!("{text}\nAppended in round {round}.\n"),
            4 => text.replace("- [ ]", "- [x]"),
            _ => text.replace("## Part", "## Part two"),
        };
        std::fs::write(&file, edited).unwrap();
        let (kept, _, said) = rebuild(dir);
        partial += usize::from(kept > 0);
        assert_as_from_scratch(dir, &said, &format!("round {round}, note {n}"));
    }
    assert!(partial >= 4, "the record was used in {partial} rounds");
}
