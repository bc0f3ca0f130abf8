//! A note's *shape*: everything its parse says, but where. Two versions of
//! a note with the same shape differ only in their text and in the
//! positions of what the parse found (spans, lines, offsets).
//!
//! Why: the pages of a site read another note's parse (its title,
//! headings, block ids, tags, links, tasks, frontmatter) but its text only
//! by embedding it, and positions only to render that text. So an edit
//! that keeps a note's shape changes its own page and the pages that embed
//! it, and no other (`site::reuse`). Positions are zeroed rather than
//! listed out: whatever the parse gains later is part of the shape unless
//! it is zeroed here, and a field too many only makes fewer edits cheap.

use super::model::Note;

impl Note {
    /// A digest of the note's shape (its path, what it could not read, and
    /// its parse with every position zeroed).
    pub fn shape_digest(&self) -> u128 {
        // Every field named, so that a new one is a decision here; the
        // text is left out (not cloned: this runs on every note of a
        // build that keeps its pages' record).
        let mut shape = Note {
            path: String::new(),
            text: Default::default(),
            lines: std::sync::OnceLock::new(),
            frontmatter: self.frontmatter.clone(),
            title: self.title.clone(),
            headings: self.headings.clone(),
            block_ids: self.block_ids.clone(),
            footnotes: self.footnotes.clone(),
            links: self.links.clone(),
            tasks: self.tasks.clone(),
            near_miss_tasks: self.near_miss_tasks.clone(),
            tags: self.tags.clone(),
            inline_tags: self.inline_tags.clone(),
            images_without_alt: self.images_without_alt.clone(),
            aliases: self.aliases.clone(),
            comments: self.comments.clone(),
            math: self.math.clone(),
            html: self.html.clone(),
            stray_flag: self.stray_flag,
            task_texts: self.task_texts,
            bom: self.bom,
            lone_cr: self.lone_cr,
            problem: self.problem.clone(),
        };
        zero_positions(&mut shape);
        let mut bytes = postcard::to_stdvec(&shape).unwrap_or_default();
        // Not serialised with the parse (the cache keeps them apart).
        bytes.extend_from_slice(self.path.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(format!("{:?}", self.problem).as_bytes());
        bytes.push(u8::from(self.bom) | u8::from(self.lone_cr) << 1);
        crate::vault::cache::digest(&bytes)
    }
}

fn zero_positions(note: &mut Note) {
    if let Some(fm) = &mut note.frontmatter {
        fm.block = 0..0;
        fm.yaml = 0..0;
        if let Some(error) = &mut fm.error {
            error.offset = 0;
        }
        if let Some(value) = &mut fm.value {
            zero_node(value);
        }
    }
    for h in &mut note.headings {
        h.line = 0;
        h.set_span(0..0);
    }
    for b in &mut note.block_ids {
        b.line = 0;
        b.offset = 0;
    }
    for l in &mut note.links {
        l.set_span(0..0);
    }
    for t in &mut note.tasks {
        t.zero_positions();
    }
    for n in &mut note.near_miss_tasks {
        n.span = 0..0;
    }
    for t in &mut note.inline_tags {
        t.span = 0..0;
    }
    for m in &mut note.math {
        m.span = 0..0;
    }
    for range in note
        .images_without_alt
        .iter_mut()
        .chain(&mut note.comments)
        .chain(&mut note.html)
    {
        *range = 0..0;
    }
    if let Some(flag) = &mut note.stray_flag {
        flag.offset = 0;
    }
}

fn zero_node(node: &mut crate::vault::frontmatter::Node) {
    use crate::vault::frontmatter::Value;
    node.offset = 0;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(zero_node),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, v)| zero_node(v)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::vault::note::{Note, ParseOptions};

    fn shape(text: &str) -> u128 {
        Note::from_bytes(
            "a.md".into(),
            text.as_bytes().to_vec(),
            ParseOptions::default(),
        )
        .shape_digest()
    }

    const NOTE: &str = "---\ntags: [x]\nstatus: draft\n---\n# A\n\nSome text with [[b#H]] and #tag.\n\n## H\n\n- [ ] task ^blk\n\n![[c]]\n";

    #[test]
    fn text_and_positions_are_not_shape() {
        let base = shape(NOTE);
        // Words changed, a paragraph added before everything the parse
        // finds, and one appended.
        let moved = NOTE
            .replace("Some text", "Other words here, longer")
            .replace("# A\n", "# A\n\nA new paragraph.\n");
        assert_eq!(shape(&moved), base);
        assert_eq!(shape(&format!("{NOTE}\nEdited.\n")), base);
    }

    #[test]
    fn what_other_pages_read_is_shape() {
        let base = shape(NOTE);
        for (from, to) in [
            ("# A", "# B"),
            ("[[b#H]]", "[[b#I]]"),
            ("#tag", "#other"),
            ("- [ ]", "- [x]"),
            ("^blk", "^blk2"),
            ("status: draft", "status: done"),
            ("## H", "### H"),
            ("![[c]]", "[[c]]"),
            ("task", "job"),
        ] {
            assert_ne!(shape(&NOTE.replace(from, to)), base, "{from} -> {to}");
        }
        // A byte moved from one task's text to the next's.
        assert_ne!(shape("- [ ] a\0\n- [ ] b\n"), shape("- [ ] a\n- [ ] \0b\n"));
        let other_path = Note::from_bytes("b.md".into(), NOTE.into(), ParseOptions::default());
        assert_ne!(other_path.shape_digest(), base);
    }
}
