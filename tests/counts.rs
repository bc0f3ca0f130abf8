//! One number of broken links: `check`, `build`'s summary line and the
//! site's readiness page (its total, and its maintenance table's rows)
//! agree on a vault with a `[lint] ignore`d templates folder that is still
//! published, a drafts folder left out of both, embeds of notes and of
//! sections holding broken links, and broken links in frontmatter.

mod common;

use std::path::Path;

use common::phasebook;

/// The rules that report a link the site shows as broken.
const LINK_RULES: &[&str] = &["broken-link", "broken-heading", "broken-markdown-link"];

fn vault(dir: &Path) {
    common::write_files(
        dir,
        &[
            (
                "book.toml",
                "[book]\nsrc = \"vault\"\n\n[build]\nexclude = [\"drafts/**\"]\n\n\
                 [lint]\nignore = [\"templates/**\", \"drafts/**\"]\n",
            ),
            (
                "vault/templates/phase.md",
                "# Template\n\n[[{{placeholder}}]] and [[another-missing]]\n",
            ),
            ("vault/drafts/d.md", "# Draft\n\n[[draft-missing]]\n"),
            (
                "vault/notes/a.md",
                "---\nrelated: \"[[missing-in-frontmatter]]\"\n---\n# A\n\n\
                 See [[missing-a]] and [[b#No Such Heading]].\n\n![[b]]\n\n![[b#Section]]\n\n\
                 ![[templates/phase]]\n",
            ),
            (
                "vault/notes/b.md",
                "---\nowner: \"[[missing-owner]]\"\n---\n# B\n\nBody [[missing-b]].\n\n\
                 ## Section\n\nIn section [[missing-in-section]].\n",
            ),
            (
                "vault/notes/c.md",
                "# C\n\n[x](nowhere.md) and ![[nothing.png]] and ![[a]]\n",
            ),
        ],
    );
}

#[test]
fn check_build_and_the_readiness_page_count_the_same_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    vault(dir);
    let out = phasebook()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let check = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| LINK_RULES.contains(&d["rule"].as_str().unwrap()))
        .count();
    // a: 3 (frontmatter, body, heading), b: 3 (frontmatter, body,
    // section), c: 2; the template's are not reported.
    assert_eq!(check, 8, "{json}");

    let out = phasebook().current_dir(dir).arg("build").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("with {check} broken links")),
        "{stdout}"
    );

    let readiness = std::fs::read_to_string(dir.join("site/readiness.html")).unwrap();
    assert!(
        readiness.contains(&format!("{check} broken links in the vault")),
        "{readiness}"
    );
    let rows: Vec<(String, usize)> = readiness
        .split("<tr><td>")
        .skip(1)
        .filter_map(|row| {
            let path = row.split("<code>").nth(1)?.split("</code>").next()?;
            let count = row.split("<td class=\"num\">").nth(1)?.split('<').next()?;
            Some((path.to_string(), count.parse().ok()?))
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("notes/a.md".to_string(), 3),
            ("notes/b.md".to_string(), 3),
            ("notes/c.md".to_string(), 2)
        ],
        "each page its own links, the template none: {readiness}"
    );
    assert_eq!(rows.iter().map(|(_, n)| n).sum::<usize>(), check);
}
