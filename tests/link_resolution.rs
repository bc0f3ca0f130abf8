//! One fixture test per numbered rule of `shared/LINK-RESOLUTION.md`, named
//! after it. Each builds the smallest vault that shows the rule.

mod common;

use common::fixture;
use phasebook::vault::{LinkKind, Origin, Resolution, Subpath, Unresolved};

#[test]
fn rule_01_vault_skips_dot_entries_and_normalises_to_nfc() {
    let f = fixture(&[
        ("src.md", "[[Hidden]] [[Trashed]] [[Café]] [[Note]]\n"),
        (".obsidian/Hidden.md", "# hidden\n"),
        (".trash/Trashed.md", "# trashed\n"),
        // A decomposed é (as macOS writes file names) still matches an NFC link.
        ("Cafe\u{301}.md", "# café\n"),
        ("sub/Note.md", "# note\n"),
    ]);
    assert_eq!(f.target("src.md", "[[Hidden]]"), None);
    assert_eq!(f.target("src.md", "[[Trashed]]"), None);
    assert_eq!(f.target("src.md", "[[Café]]").as_deref(), Some("Café.md"));
    assert_eq!(
        f.target("src.md", "[[Note]]").as_deref(),
        Some("sub/Note.md")
    );
}

#[test]
fn rule_02_a_note_is_named_by_its_file_not_its_title() {
    let f = fixture(&[
        (
            "src.md",
            "[[Release Plan]] [[Plan Title]] [[release-plan]]\n",
        ),
        (
            "release-plan.md",
            "---\ntitle: Plan Title\n---\n# Release Plan\n",
        ),
    ]);
    assert_eq!(f.target("src.md", "[[Release Plan]]"), None);
    assert_eq!(f.target("src.md", "[[Plan Title]]"), None);
    assert_eq!(
        f.target("src.md", "[[release-plan]]").as_deref(),
        Some("release-plan.md")
    );
}

#[test]
fn rule_03_links_outside_code_html_and_comments_ending_at_first_close() {
    let f = fixture(&[
        (
            "src.md",
            "`[[a]]`\n\n```\n[[b]]\n```\n\n    [[c]]\n\n<div>\n[[d]]\n</div>\n\n%%[[e]]%%\n\n[[Sq]uare]] [[real]]\n",
        ),
        ("Sq]uare.md", ""),
        ("real.md", ""),
    ]);
    let note = &f.vault.notes[f.vault.note_by_path("src.md").unwrap()];
    let targets: Vec<&str> = note.links.iter().map(|l| l.target()).collect();
    assert_eq!(targets, vec!["Sq]uare", "real"]);
    assert_eq!(
        f.target("src.md", "[[Sq]uare]]").as_deref(),
        Some("Sq]uare.md")
    );

    // Links in %%comments%% are configurable.
    let with = common::fixture_with(&[("src.md", "%%[[e]]%%\n")], |c| {
        c.lint.comment_links = true
    });
    assert_eq!(with.vault.notes[0].links.len(), 1);
}

#[test]
fn rule_04_first_pipe_splits_display_including_the_table_escape() {
    let f = fixture(&[
        (
            "src.md",
            "[[a|shown]]\n\n| col |\n| --- |\n| [[a\\|in table]] |\n\n![[img.png|640x480]]\n",
        ),
        ("a.md", ""),
        ("img.png", "png"),
    ]);
    let note = &f.vault.notes[f.vault.note_by_path("src.md").unwrap()];
    let got: Vec<(&str, Option<&str>)> = note
        .links
        .iter()
        .map(|l| (l.target(), l.display()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a", Some("shown")),
            ("a", Some("in table")),
            ("img.png", Some("640x480"))
        ]
    );
    assert_eq!(
        f.target("src.md", "[[a\\|in table]]").as_deref(),
        Some("a.md")
    );
}

#[test]
fn rule_05_first_hash_starts_the_subpath() {
    let f = fixture(&[("src.md", "[[a#H#I|alias]]\n"), ("a.md", "## H\n\n### I\n")]);
    let link = &f.vault.notes[f.vault.note_by_path("src.md").unwrap()].links[0];
    assert_eq!(link.target(), "a");
    assert_eq!(link.subpath(), Some("H#I"));
    assert_eq!(link.display(), Some("alias"));
    assert_eq!(f.subpath("src.md", "[[a#H#I|alias]]"), Subpath::Heading(1));
}

#[test]
fn rule_06_markdown_links_split_fragment_then_decode_and_resolve_vault_wide() {
    let f = fixture(&[
        (
            "src.md",
            "[y](My%20Note.md) [z](a%23b.md) [w](<Sub/My Note.md#Top>) [ext](https://example.org/x.md) [mail](mailto:a@b.c)\n",
        ),
        ("Sub/My Note.md", "# Top\n"),
        ("a#b.md", ""),
    ]);
    assert_eq!(
        f.target("src.md", "[y](My%20Note.md)").as_deref(),
        Some("Sub/My Note.md")
    );
    assert_eq!(
        f.target("src.md", "[z](a%23b.md)").as_deref(),
        Some("a#b.md")
    );
    assert_eq!(
        f.subpath("src.md", "[w](<Sub/My Note.md#Top>)"),
        Subpath::Heading(0)
    );
    let note = &f.vault.notes[f.vault.note_by_path("src.md").unwrap()];
    assert_eq!(note.links.len(), 3, "external URLs are not internal links");
}

#[test]
fn rule_07_frontmatter_links_are_quoted_wikilink_values_with_key_paths() {
    let f = fixture(&[
        (
            "src.md",
            "---\nnext_phase: \"[[a]]\"\nrelated:\n  - '[[b]]'\n  - \"[[missing]]\"\nnested: [[c]]\nmd: \"[a](a.md)\"\n---\n# Src\n",
        ),
        ("a.md", ""),
        ("b.md", ""),
        ("c.md", ""),
    ]);
    let note = &f.vault.notes[f.vault.note_by_path("src.md").unwrap()];
    let got: Vec<(&str, Origin)> = note
        .links
        .iter()
        .map(|l| (l.target(), l.origin()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a", Origin::Frontmatter("next_phase")),
            ("b", Origin::Frontmatter("related.0")),
            ("missing", Origin::Frontmatter("related.1")),
        ]
    );
    let diags = f.diagnostics();
    let broken: Vec<_> = diags.iter().filter(|d| d.rule == "broken-link").collect();
    assert_eq!(broken.len(), 1);
    assert!(
        broken[0].message.contains("frontmatter `related.1`"),
        "{}",
        broken[0].message
    );
    assert_eq!((broken[0].start.line, broken[0].start.column), (5, 6));
}

#[test]
fn rule_08_empty_linkpath_is_the_source_note() {
    let f = fixture(&[(
        "src.md",
        "# Top\n\n[[#Top]] [[#^blk]] [[#Nope]]\n\nText ^blk\n",
    )]);
    assert_eq!(f.target("src.md", "[[#Top]]").as_deref(), Some("src.md"));
    assert_eq!(f.subpath("src.md", "[[#^blk]]"), Subpath::Block(0));
    assert!(f.subpath("src.md", "[[#Nope]]").is_missing());
}

#[test]
fn rule_09_candidates_by_name_with_md_optional() {
    let f = fixture(&[
        (
            "src.md",
            "[[Ext.MD]] [[Note.1]] [[Figure 1]] [[Figure 1.png]] [[ext]]\n",
        ),
        ("Ext.md", ""),
        ("Note.1.md", ""),
        ("Figure 1.png", "png"),
    ]);
    assert_eq!(f.target("src.md", "[[Ext.MD]]").as_deref(), Some("Ext.md"));
    assert_eq!(f.target("src.md", "[[ext]]").as_deref(), Some("Ext.md"));
    assert_eq!(
        f.target("src.md", "[[Note.1]]").as_deref(),
        Some("Note.1.md")
    );
    assert_eq!(f.target("src.md", "[[Figure 1]]"), None);
    assert_eq!(
        f.target("src.md", "[[Figure 1.png]]").as_deref(),
        Some("Figure 1.png")
    );
}

#[test]
fn rule_10_a_bare_name_with_one_candidate_resolves_anywhere() {
    let f = fixture(&[("a/b/src.md", "[[Unique]]\n"), ("x/y/z/Unique.md", "")]);
    assert_eq!(
        f.target("a/b/src.md", "[[Unique]]").as_deref(),
        Some("x/y/z/Unique.md")
    );
}

#[test]
fn rule_11_dot_paths_are_relative_to_the_source_folder() {
    let f = fixture(&[
        (
            "a/b/src.md",
            "[[./x]] [[../Note]] [[./../Note]] [[../../../out]] [[../c/Deep]]\n",
        ),
        ("a/b/x.md", ""),
        ("x.md", ""),
        ("a/Note.md", ""),
        ("Note.md", ""),
        ("out.md", ""),
        ("a/c/Deep.md", ""),
    ]);
    assert_eq!(
        f.target("a/b/src.md", "[[./x]]").as_deref(),
        Some("a/b/x.md")
    );
    assert_eq!(
        f.target("a/b/src.md", "[[../Note]]").as_deref(),
        Some("a/Note.md")
    );
    assert_eq!(
        f.target("a/b/src.md", "[[./../Note]]").as_deref(),
        Some("a/Note.md")
    );
    assert_eq!(
        f.target("a/b/src.md", "[[../c/Deep]]").as_deref(),
        Some("a/c/Deep.md")
    );
    assert_eq!(
        f.resolution("a/b/src.md", "[[../../../out]]"),
        &Resolution::Unresolved(Unresolved::OutsideVault)
    );
}

#[test]
fn rule_12_an_exact_vault_path_wins() {
    let f = fixture(&[
        ("b/src.md", "[[Note]] [[b/Note]] [[/b/Note]]\n"),
        ("Note.md", ""),
        ("b/Note.md", ""),
    ]);
    assert_eq!(f.target("b/src.md", "[[Note]]").as_deref(), Some("Note.md"));
    assert_eq!(
        f.target("b/src.md", "[[b/Note]]").as_deref(),
        Some("b/Note.md")
    );
    assert_eq!(
        f.target("b/src.md", "[[/b/Note]]").as_deref(),
        Some("b/Note.md")
    );
}

#[test]
fn rule_13_a_rooted_path_has_no_fallback() {
    let f = fixture(&[("src.md", "[[/Note]] [[Note]]\n"), ("b/Note.md", "")]);
    assert!(matches!(
        f.resolution("src.md", "[[/Note]]"),
        Resolution::Unresolved(Unresolved::NotAtRoot { .. })
    ));
    assert_eq!(f.target("src.md", "[[Note]]").as_deref(), Some("b/Note.md"));
}

#[test]
fn rule_14_suffix_match_on_segment_boundaries_with_the_quirk_reported() {
    let f = fixture(&[
        ("src.md", "[[b/Note]]\n"),
        ("a/b/Note.md", "# a/b\n"),
        ("ab/Note.md", "# ab\n"),
    ]);
    // Obsidian's plain suffix match would pick `ab/Note.md` (shorter); we
    // match on folder boundaries and report the difference.
    assert_eq!(
        f.target("src.md", "[[b/Note]]").as_deref(),
        Some("a/b/Note.md")
    );
    let diags = f.diagnostics();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].rule, "ambiguous-link");
    assert!(
        diags[0].message.contains("Obsidian opens `ab/Note.md`"),
        "{}",
        diags[0].message
    );

    let only_quirk = fixture(&[("src.md", "[[b/Note]]\n"), ("ab/Note.md", "# ab\n")]);
    assert!(matches!(
        only_quirk.resolution("src.md", "[[b/Note]]"),
        Resolution::Unresolved(Unresolved::SuffixQuirk(_))
    ));
    let diags = only_quirk.diagnostics();
    assert_eq!(diags[0].rule, "broken-link");
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap()
            .contains("write `[[Note|b/Note]]`"),
        "{:?}",
        diags[0].help
    );
}

#[test]
fn rule_15_source_folder_first_then_shortest_path() {
    let f = fixture(&[
        ("zzzz/deep/src.md", "[[Note]]\n"),
        ("b/src.md", "[[Note]]\n"),
        ("b/Note.md", ""),
        ("zzzz/Note.md", ""),
        ("a/b/Note.md", ""),
    ]);
    // Ancestor folders do not count: from zzzz/deep/, the shortest path wins.
    assert_eq!(
        f.target("zzzz/deep/src.md", "[[Note]]").as_deref(),
        Some("b/Note.md")
    );
    // The source's own folder comes first (by string prefix, subfolders too).
    let g = fixture(&[
        ("b/src.md", "[[Note]]\n"),
        ("b/deep/Note.md", ""),
        ("a/Note.md", ""),
    ]);
    assert_eq!(
        g.target("b/src.md", "[[Note]]").as_deref(),
        Some("b/deep/Note.md")
    );
    // Shortest path string, not fewest folders.
    let h = fixture(&[
        ("src/x.md", "[[Note]]\n"),
        ("a/b/Note.md", ""),
        ("zzzz/Note.md", ""),
    ]);
    assert_eq!(
        h.target("src/x.md", "[[Note]]").as_deref(),
        Some("a/b/Note.md")
    );
}

#[test]
fn rule_16_several_candidates_are_reported_naming_the_pick() {
    let f = fixture(&[
        ("src/x.md", "[[Note]]\n"),
        ("a/Note.md", "# a\n"),
        ("bb/Note.md", "# bb\n"),
    ]);
    assert_eq!(
        f.target("src/x.md", "[[Note]]").as_deref(),
        Some("a/Note.md")
    );
    let diags = f.diagnostics();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].rule, "ambiguous-link");
    assert!(
        diags[0].message.contains("Obsidian picks `a/Note.md`"),
        "{}",
        diags[0].message
    );
    assert!(diags[0].help.as_deref().unwrap().contains("`bb/Note.md`"));
}

#[test]
fn rule_17_aliases_never_resolve() {
    let f = fixture(&[
        ("src.md", "[[Runbook]] [[runbook#Steps]] [[Ops Book]]\n"),
        (
            "deployment-runbook.md",
            "---\naliases: [Runbook]\nalias: Ops Book\n---\n# Deploy\n\n## Steps\n",
        ),
    ]);
    assert_eq!(f.target("src.md", "[[Runbook]]"), None);
    assert_eq!(f.target("src.md", "[[Ops Book]]"), None);
    let diags = f.diagnostics();
    let rules: Vec<_> = diags.iter().map(|d| d.rule).collect();
    assert_eq!(rules, vec!["alias-link", "alias-link", "alias-link"]);
    let fix = &diags[1].fix.as_ref().unwrap().edits[0].replacement;
    assert_eq!(fix, "[[deployment-runbook#Steps|runbook]]");
}

#[test]
fn rule_18_a_url_in_a_wikilink_is_an_unresolved_note() {
    let f = fixture(&[("src.md", "[[https://example.org/page]]\n")]);
    assert_eq!(f.target("src.md", "[[https://example.org/page]]"), None);
    let diags = f.diagnostics();
    assert_eq!(diags[0].rule, "broken-link");
    assert!(diags[0].help.as_deref().unwrap().contains("Markdown link"));
}

#[test]
fn rule_19_file_names_with_link_breaking_characters_are_linted() {
    let f = fixture(&[
        ("Q&A: deploys.md", "# Q\n"),
        ("fine-name.md", "# F\n"),
        ("img#1.png", "x"),
    ]);
    let findings = f.findings();
    assert_eq!(
        findings,
        vec![
            (
                "invalid-filename".to_string(),
                "Q&A: deploys.md".to_string(),
                1
            ),
            ("invalid-filename".to_string(), "img#1.png".to_string(), 1),
        ]
    );
}

#[test]
fn rule_20_empty_subpath_parts_are_dropped() {
    let f = fixture(&[("src.md", "[[a#]] [[a##H]]\n"), ("a.md", "## H\n")]);
    assert_eq!(f.subpath("src.md", "[[a#]]"), Subpath::None);
    assert_eq!(f.subpath("src.md", "[[a##H]]"), Subpath::Heading(0));
}

#[test]
fn rule_21_block_ids_compare_case_insensitively_and_footnotes_resolve() {
    let f = fixture(&[
        (
            "src.md",
            "[[a#^Blk-1]] [[a#^list]] [[a#^nope]] [[a#[^1]]]\n",
        ),
        (
            "a.md",
            "Para text ^blk-1\n\n- item\n- item\n\n^list\n\nFoot[^1].\n\n[^1]: note\n",
        ),
    ]);
    assert_eq!(f.subpath("src.md", "[[a#^Blk-1]]"), Subpath::Block(0));
    assert_eq!(f.subpath("src.md", "[[a#^list]]"), Subpath::Block(1));
    assert_eq!(f.subpath("src.md", "[[a#^nope]]"), Subpath::MissingBlock);
    assert_eq!(f.subpath("src.md", "[[a#[^1]]"), Subpath::Footnote(0));
    assert_eq!(f.diagnostics().len(), 1, "only [[a#^nope]] is broken");
}

#[test]
fn rule_22_heading_chains_descend_in_document_order() {
    let f = fixture(&[
        ("src.md", "[[a#A#C]] [[a#B#C]] [[a#C#A]] [[a#Setext]]\n"),
        ("a.md", "## A\n\n## B\n\n### C\n\nSetext\n------\n"),
    ]);
    // Later parts need not lie inside the earlier section (Obsidian quirk).
    assert_eq!(f.subpath("src.md", "[[a#A#C]]"), Subpath::Heading(2));
    assert_eq!(f.subpath("src.md", "[[a#B#C]]"), Subpath::Heading(2));
    assert_eq!(
        f.subpath("src.md", "[[a#C#A]]"),
        Subpath::MissingHeading { matched: 1 }
    );
    assert_eq!(f.subpath("src.md", "[[a#Setext]]"), Subpath::Heading(3));
}

#[test]
fn rule_23_headings_compare_after_obsidian_normalisation() {
    let f = fixture(&[
        (
            "src.md",
            "[[a#my heading?]] [[a#My-Heading]] [[a#Bold text]] [[a#snake_case]]\n",
        ),
        (
            "a.md",
            "## My Heading!\n\n## **Bold** text\n\n## snake_case\n",
        ),
    ]);
    assert_eq!(
        f.subpath("src.md", "[[a#my heading?]]"),
        Subpath::Heading(0)
    );
    assert!(f.subpath("src.md", "[[a#My-Heading]]").is_missing());
    assert_eq!(f.subpath("src.md", "[[a#Bold text]]"), Subpath::Heading(1));
    assert_eq!(f.subpath("src.md", "[[a#snake_case]]"), Subpath::Heading(2));
    let diags = f.diagnostics();
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `#My Heading!`?")
    );
}

#[test]
fn rule_24_subpaths_on_non_markdown_embeds_are_parameters() {
    let f = fixture(&[
        ("src.md", "![[doc.pdf#page=3]] ![[img.png#right]]\n"),
        ("doc.pdf", "%PDF"),
        ("img.png", "png"),
    ]);
    assert_eq!(
        f.subpath("src.md", "![[doc.pdf#page=3]]"),
        Subpath::Parameter
    );
    let link = &f.vault.notes[f.vault.note_by_path("src.md").unwrap()].links[0];
    assert_eq!(link.kind, LinkKind::Embed);
    assert!(f.diagnostics().is_empty());
}

#[test]
fn rule_25_any_character_but_a_space_completes_a_task() {
    let f = fixture(&[(
        "src.md",
        "- [ ] open\n- [x] done\n- [/] half\n- [-] dropped\n- [>] moved\n",
    )]);
    let tasks = &f.vault.notes[0].tasks;
    let got: Vec<(char, bool)> = tasks.iter().map(|t| (t.status, t.is_checked())).collect();
    assert_eq!(
        got,
        vec![
            (' ', false),
            ('x', true),
            ('/', true),
            ('-', true),
            ('>', true)
        ]
    );
}

/// What a check lets go of before its report (every note's resolutions,
/// did-you-mean's index) is made again, the same, if asked after.
#[test]
fn resolutions_and_suggestions_let_go_are_made_again_the_same() {
    let mut f = fixture(&[
        (
            "src.md",
            "[[Note]] [[Nte]] [[Note#Missing]] ![[img.png]] [[Café]]\n",
        ),
        ("sub/Note.md", "# Note\n"),
        ("Cafe\u{301}.md", "# café\n"),
        ("img.png", ""),
    ]);
    let seen = |f: &common::Fixture| {
        let resolutions: Vec<String> = (0..f.vault.notes.len())
            .map(|id| format!("{:?}", f.vault.resolutions(id)))
            .collect();
        let phases = phasebook::phases::Phases::build(&f.vault, &f.config);
        let diagnostics = phasebook::lint::run(&f.vault, &f.config, &phases);
        (resolutions, format!("{diagnostics:?}"))
    };
    let before = seen(&f);
    assert!(before.1.contains("did you mean"), "{}", before.1);
    f.vault.forget_what_can_be_made_again();
    assert_eq!(seen(&f), before);
}
