//! One note: its text and everything the other stages need from it, found in
//! a single pulldown-cmark pass plus one line scan ([`lines`]); checklist
//! items are read by [`tasks`].
//!
//! The frontmatter block is blanked out (every byte but newlines becomes a
//! space) before Markdown parsing, wherever it stands. That keeps every byte
//! offset — and so every line and column — identical to the original file,
//! while CommonMark no longer sees the block as a thematic break and a setext
//! heading made of YAML.

mod lines;
mod markdown;
mod model;
mod shape;
mod stray;
mod tasks;
mod text;

pub use model::*;
pub use text::FileProblem;
use text::Source;
pub(crate) use text::{Decoded, UTF8_BOM};

use super::frontmatter;
use super::links;
use crate::span::LineIndex;
use markdown::scan_markdown;
use model::blank_out;
use thin_vec::ThinVec;

impl Decoded {
    /// What is kept of the file until its parse is read from the note
    /// cache.
    pub(crate) fn facts(self) -> Facts {
        Facts {
            text: Source::held(self.text),
            bom: self.bom,
            lone_cr: self.lone_cr,
            problem: self.problem,
        }
    }
}

/// What a load keeps of a file whose parse the note cache has, from the
/// file's read to the parse's ([`crate::vault::cache::Cache::decode`]):
/// its text (or where it is: [`Facts::leave_in`]) and what its decode
/// found. Why not the parse at once: the cache's shards are read one at a
/// time after the walk, so that they are not all held while the notes
/// are read.
#[derive(Debug)]
pub(crate) struct Facts {
    text: Source,
    bom: bool,
    lone_cr: bool,
    problem: Option<FileProblem>,
}

impl Facts {
    /// Leave the text in `file`, whose bytes had `digest`.
    pub(crate) fn leave_in(&mut self, file: std::sync::Arc<std::path::Path>, digest: u128) {
        self.text.leave_in(file, digest);
    }

    /// Put the file's own facts on `note`, its parse (from the cache).
    pub(crate) fn finish(self, path: String, mut note: Note) -> Note {
        note.path = path;
        // Made when a position is first asked for: most notes of a
        // check have no finding to place.
        note.lines = std::sync::OnceLock::new();
        self.put_on(note)
    }

    /// Parse the text (read back from its file if it was left there, and
    /// left there again).
    pub(crate) fn parse(mut self, path: String, options: ParseOptions) -> Note {
        let text = self.text.take_text();
        let mut note = Note::parse(path, text, options);
        if !self.text.in_file() {
            // Held: the parse holds it now.
            self.text = std::mem::take(&mut note.text);
        }
        self.put_on(note)
    }

    /// The text (where it is) and what the decode found, on `note`.
    fn put_on(self, mut note: Note) -> Note {
        note.text = self.text;
        note.bom = self.bom;
        note.lone_cr = self.lone_cr;
        note.problem = self.problem.map(Box::new);
        note
    }
}

impl Note {
    /// Parse a file's bytes.
    pub fn from_bytes(path: String, bytes: Vec<u8>, options: ParseOptions) -> Note {
        Decoded::new(bytes).facts().parse(path, options)
    }

    /// Parse a note's text.
    pub fn parse(path: String, source: String, options: ParseOptions) -> Note {
        let lines = LineIndex::new(&source);
        let frontmatter = frontmatter::extract(&source).map(Box::new);
        let mut note = Note {
            path,
            lines: std::sync::OnceLock::from(Box::new(lines)),
            frontmatter,
            title: String::new(),
            headings: ThinVec::new(),
            block_ids: ThinVec::new(),
            footnotes: ThinVec::new(),
            links: ThinVec::new(),
            tasks: ThinVec::new(),
            near_miss_tasks: ThinVec::new(),
            tags: ThinVec::new(),
            inline_tags: ThinVec::new(),
            images_without_alt: ThinVec::new(),
            aliases: ThinVec::new(),
            comments: ThinVec::new(),
            math: ThinVec::new(),
            html: ThinVec::new(),
            stray_flag: None,
            task_texts: 0,
            bom: false,
            lone_cr: false,
            problem: None,
            text: Source::default(),
        };
        let body = match &note.frontmatter {
            Some(fm) => blank_out(&source, fm.block.clone()),
            None => std::borrow::Cow::Borrowed(source.as_str()),
        };
        scan_markdown(&mut note, &source, &body, options);
        note.task_texts = note.task_texts_digest(&source);
        note.stray_flag = stray::stray_flag(&source, note.frontmatter.as_deref());
        drop(body);
        note.text = Source::held(source);
        note.collect_frontmatter();
        // Tags differing only in case are one tag, as in Obsidian, named as
        // first written: frontmatter first, then the text.
        let mut seen = std::collections::HashSet::new();
        let written = std::mem::take(&mut note.tags)
            .into_iter()
            .chain(note.inline_tags.iter().map(|t| t.name.to_string()));
        note.tags = written
            .filter(|name| seen.insert(crate::text::tag_key(name)))
            .collect();
        note.title = note
            .headings
            .iter()
            .find(|h| h.level == 1)
            // A title is shown where links are not drawn: `[[x|y]]` as `y`.
            .map(|h| links::wikilinks_as_text(h.text()).into_owned())
            .or_else(|| {
                note.frontmatter
                    .as_ref()
                    .and_then(|fm| fm.get("title"))
                    .and_then(|n| n.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| note.stem().to_string());
        // The parse needed the line index; positions are asked for on a
        // few notes only (those with findings), each making its own then:
        // kept for all, it was a fifth of the text's size again.
        note.lines = std::sync::OnceLock::new();
        note
    }

    fn collect_frontmatter(&mut self) {
        let Some(value) = self.frontmatter.as_ref().and_then(|fm| fm.value.as_ref()) else {
            return;
        };
        let mut found = Vec::new();
        links::frontmatter_links(value, &self.text.held, &mut String::new(), &mut found);
        // Frontmatter comes first in the file when at the top; keep links in
        // file order either way.
        self.links.extend(found);
        self.links.sort_unstable_by_key(|l| l.span().start);
        if let Some(tags) = value.get("tags") {
            self.tags = tags
                .string_items()
                .iter()
                .flat_map(|t| t.split([',', ' ']))
                .map(|t| t.trim().trim_start_matches('#'))
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
        }
        for key in ["aliases", "alias"] {
            if let Some(aliases) = value.get(key) {
                self.aliases
                    .extend(aliases.string_items().into_iter().map(str::to_string));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::links::{LinkKind, Origin};

    fn parse(src: &str) -> Note {
        Note::parse("dir/note.md".into(), src.into(), ParseOptions::default())
    }

    #[test]
    fn comments_are_not_part_of_a_heading_or_task_text() {
        let note =
            parse("# Home %%SECRET%%\n\n## Entry Criteria %%SECRET%% now\n\n- [ ] task %%SECRET\n");
        assert_eq!(note.title, "Home");
        assert_eq!(note.headings[1].text(), "Entry Criteria now");
        assert_eq!(note.task_text(&note.tasks[0], &note.source()), "task");
        // In code, `%%` is text, not a comment.
        let code = parse("# Rate `50%%`\n");
        assert_eq!(code.headings[0].text(), "Rate 50%%");
    }

    #[test]
    fn blanking_keeps_offsets_and_refuses_a_range_inside_a_character() {
        let text = "# T\n---\nnäme: x\n---\nafter é\n";
        let block = 4..text.find("after").unwrap();
        let blanked = blank_out(text, block.clone());
        assert_eq!(blanked.len(), text.len());
        assert_eq!(&blanked[..4], "# T\n");
        assert!(
            blanked[block.clone()]
                .bytes()
                .all(|b| b == b' ' || b == b'\n')
        );
        assert_eq!(blanked[block.clone()].matches('\n').count(), 3);
        assert_eq!(&blanked[block.end..], "after é\n");
        // Inside `ä` (two bytes): left as it is, no panic.
        let inside = text.find('ä').unwrap() + 1;
        assert_eq!(blank_out(text, inside..block.end), text);
    }

    #[test]
    fn seed_layout_keeps_h1_drops_yaml_heading() {
        let note =
            parse("# Release Phase\n\n---\nphase: 05\nname: \"Release\"\n---\n\n## Overview\n");
        let texts: Vec<_> = note
            .headings
            .iter()
            .map(|h| (h.level, h.text(), h.line))
            .collect();
        assert_eq!(texts, vec![(1, "Release Phase", 1), (2, "Overview", 8)]);
        assert_eq!(note.title, "Release Phase");
    }

    #[test]
    fn links_skip_code_html_and_comments() {
        let src = "[[a]] `[[b]]`\n\n```\n[[c]]\n```\n\n    [[d]]\n\n<div>\n[[e]]\n</div>\n\n%%[[f]]%% [[g|G]] [m](x.md)\n";
        let note = parse(src);
        let targets: Vec<_> = note.links.iter().map(|l| l.target()).collect();
        assert_eq!(targets, vec!["a", "g", "x.md"]);
    }

    #[test]
    fn wikilinks_are_read_before_markdown_and_text_stays_as_written() {
        // `[[a]]` with `[a]: …` defined is a wikilink only, as in Obsidian
        // (CommonMark alone would also read the reference link `[a]`); the
        // masking behind it leaves headings, code and formulas as written.
        let src = "# See [[a]] and `[[b]]` ==[[c|C]]==\n\n[[a]] $x_{[[a]]}$ [m](x.md)\n\n[a]: a.md\n\n$$\n[[d]]\n$$\n";
        let note = parse(src);
        let links: Vec<_> = note
            .links
            .iter()
            .map(|l| (l.kind, l.target(), &src[l.span()]))
            .collect();
        assert_eq!(
            links,
            [
                (LinkKind::Wiki, "a", "[[a]]"),
                (LinkKind::Wiki, "c", "[[c|C]]"),
                (LinkKind::Wiki, "a", "[[a]]"),
                (LinkKind::Markdown, "x.md", "[m](x.md)"),
            ]
        );
        assert_eq!(note.headings[0].text(), "See [[a]] and [[b]] ==[[c|C]]==");
        let tex: Vec<_> = note.math.iter().map(|m| m.tex.trim()).collect();
        assert_eq!(tex, ["x_{[[a]]}", "[[d]]"]);
    }

    #[test]
    fn inline_tags_in_prose_only() {
        let src = "---\ntags: [release]\n---\n# N #draft\n\nShip it #release and #team/ops, #snake_case_tag, issue #123.\n\
                   a#b `#code` \\#escaped [see #md](x.md) [[a|see #wiki]] %% #hidden %%\n\n\
                   ```\n#fenced\n```\n\n<div>\n#html\n</div>\n\n- [ ] task #todo/\n";
        let note = parse(src);
        let names: Vec<&str> = note.inline_tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["draft", "release", "team/ops", "snake_case_tag", "todo"]
        );
        // Each span is the `#tag` in the file.
        for tag in &note.inline_tags {
            assert_eq!(&src[tag.span.clone()], format!("#{}", tag.name));
        }
        // Case does not make a new tag, in the text or in the frontmatter.
        assert_eq!(
            parse("---\ntags: [Release]\n---\n# R\n\n#release #RELEASE\n").tags,
            ["Release"]
        );
        assert_eq!(
            parse("---\ntags: [Ops, ops, OPS, team]\n---\n# R\n").tags,
            ["Ops", "team"]
        );
        // Frontmatter tags first, then new inline ones.
        assert_eq!(
            note.tags,
            ["release", "draft", "team/ops", "snake_case_tag", "todo"]
        );
    }

    #[test]
    fn images_without_alternative_text() {
        let src = "# N\n\n![](a.png) ![A chart](b.png) ![ ](c.png) ![`code`](d.png) ![[e.png]]\n\n\
                   <img src=\"f.png\"> <IMG SRC=g.png ALT=\"\"> <img alt='h' src=h.png> <img src=\"i>j.png\">\n\n\
                   <!-- <img src=k.png> -->\n\n```\n![](l.png) <img src=l.png>\n```\n\n%% ![](m.png) %%\n\n\
                   <!--\n<img src=n.png>\n-->\n\n<div>\n<img src=\"o.png\">\n</div>\n";
        let note = parse(src);
        let found: Vec<&str> = note
            .images_without_alt
            .iter()
            .map(|r| &src[r.clone()])
            .collect();
        assert_eq!(
            found,
            [
                "![](a.png)",
                "![ ](c.png)",
                "<img src=\"f.png\">",
                "<img src=\"i>j.png\">",
                "<img src=\"o.png\">"
            ]
        );
    }

    #[test]
    fn comment_links_when_configured() {
        let note = Note::parse(
            "n.md".into(),
            "%%[[f]]%%\n".into(),
            ParseOptions {
                comment_links: true,
            },
        );
        assert_eq!(note.links.len(), 1);
    }

    #[test]
    fn frontmatter_links_have_key_paths_and_spans() {
        let src = "---\nnext_phase: \"[[06-iterate]]\"\nartifacts: [\"[[a]]\", \"[[b]]\"]\nplain: [[x]]\n---\n";
        let note = parse(src);
        let got: Vec<_> = note
            .links
            .iter()
            .map(|l| (l.target(), l.origin(), &src[l.span()]))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "06-iterate",
                    Origin::Frontmatter("next_phase"),
                    "[[06-iterate]]"
                ),
                ("a", Origin::Frontmatter("artifacts.0"), "[[a]]"),
                ("b", Origin::Frontmatter("artifacts.1"), "[[b]]"),
            ]
        );
    }

    #[test]
    fn headings_atx_setext_and_parents() {
        let note = parse("# A #\n\nB\n---\n\n### C `code`\n\n## D\n");
        let got: Vec<_> = note
            .headings
            .iter()
            .map(|h| (h.level, h.raw(), h.parent()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "A", None),
                (2, "B", Some(0)),
                (3, "C `code`", Some(1)),
                (2, "D", Some(0))
            ]
        );
    }

    #[test]
    fn tasks_and_headings_are_small() {
        // One is kept for every checklist item and heading of the vault for
        // the whole run: a task's text is a range of the note's, a
        // heading's two texts share one string.
        assert!(std::mem::size_of::<super::model::Task>() <= 32);
        assert!(std::mem::size_of::<super::model::Heading>() <= 48);
    }

    #[test]
    fn a_heading_keeps_its_raw_and_plain_texts_apart() {
        let note = parse(
            "# `Code` and **bold** %%hidden%%

## Plain

### [[a|Link]] here
",
        );
        let texts: Vec<_> = (note.headings.iter())
            .map(|h| (h.raw(), h.text()))
            .collect();
        assert_eq!(
            texts,
            [
                ("`Code` and **bold** %%hidden%%", "Code and bold"),
                ("Plain", "Plain"),
                ("[[a|Link]] here", "[[a|Link]] here"),
            ]
        );
    }

    #[test]
    fn tasks_with_status_and_heading_path() {
        let note = parse(
            "## Exit Criteria\n\n### Security\n\n- [ ] open\n- [x] done\n* [/] partial\n1. [-] cancelled\n- [link](x)\n",
        );
        let got: Vec<_> = note
            .tasks
            .iter()
            .map(|t| {
                (
                    t.status,
                    note.task_text(t, &note.source()).into_owned(),
                    t.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (' ', "open", 5),
                ('x', "done", 6),
                ('/', "partial", 7),
                ('-', "cancelled", 8)
            ]
            .map(|(status, text, line)| (status, text.to_string(), line))
        );
        let path: Vec<_> = note
            .heading_path(note.tasks[0].heading())
            .iter()
            .map(|h| h.text())
            .collect();
        assert_eq!(path, vec!["Exit Criteria", "Security"]);
    }

    #[test]
    fn block_ids() {
        let note = parse(
            "A paragraph. ^para-1\n\n- item\n\n^list-id\n\nnot^an-id\n\n```\nx ^code\n```\n\n`code` first, then text ^after-code\n\n`in ^code`\n",
        );
        let ids: Vec<_> = note
            .block_ids
            .iter()
            .map(|b| (b.id.as_str(), b.line))
            .collect();
        assert_eq!(ids, vec![("para-1", 1), ("list-id", 5), ("after-code", 13)]);
    }

    #[test]
    fn near_miss_tasks() {
        for (line, want) in [
            ("- []", "- [ ]"),
            ("-[ ] x", "- [ ]"),
            ("* [X ] x", "* [X]"),
            ("- [ x] x", "- [x]"),
            ("- [  ] x", "- [ ]"),
            ("- [x]done", "- [x] "),
        ] {
            let note = parse(&format!("{line}\n"));
            assert_eq!(note.near_miss_tasks.len(), 1, "{line}");
            assert_eq!(note.near_miss_tasks[0].replacement, want, "{line}");
        }
        for line in [
            "- [ ] ok",
            "- [x] ok",
            "- [link](u)",
            "- [ab] x",
            "- [x]",
            "text [x] y",
        ] {
            assert!(
                parse(&format!("{line}\n")).near_miss_tasks.is_empty(),
                "{line}"
            );
        }
        assert!(parse("```\n- []\n```\n").near_miss_tasks.is_empty());
    }

    #[test]
    fn invalid_utf8_is_a_problem_not_a_panic() {
        let note = Note::from_bytes(
            "n.md".into(),
            b"ok\n\xff\xfe [[a]]".to_vec(),
            ParseOptions::default(),
        );
        let problem = note.problem.unwrap();
        assert_eq!(problem.offset, 3);
        assert_eq!(note.links.len(), 1);
    }
}
