//! Headings get the ids links point at (the plan's, shared with the
//! resolver); embedded content gets none, so a page's ids stay unique.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::rewriter::Rewriter;

impl<'r> Rewriter<'r, '_> {
    pub(super) fn heading_start(
        &mut self,
        level: HeadingLevel,
        classes: Vec<CowStr<'r>>,
        attrs: Vec<(CowStr<'r>, Option<CowStr<'r>>)>,
    ) {
        let id = if self.embedded {
            None
        } else {
            self.renderer.map.heading_ids[self.id]
                .get(self.heading_index)
                .cloned()
                .map(CowStr::from)
        };
        self.events.push(Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }));
    }

    pub(super) fn heading_end(&mut self, level: HeadingLevel) {
        self.heading_index += 1;
        self.events.push(Event::End(TagEnd::Heading(level)));
    }
}
