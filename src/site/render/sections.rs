//! A page's text by section, for the search index.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::site::search::Section;

/// The text of a page by section (a heading and what follows it), for the
/// search index. Taken from the final event stream, so hidden comments and
/// link syntax are not indexed and headings carry their page ids.
pub(super) fn sections(events: &[Event<'_>]) -> Vec<Section> {
    let mut out = vec![Section::default()];
    let mut in_heading = false;
    for event in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = true;
                out.push(Section {
                    anchor: id.as_deref().unwrap_or("").to_string(),
                    ..Default::default()
                });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(text) | Event::Code(text) => {
                if let Some(section) = out.last_mut() {
                    let target = if in_heading {
                        &mut section.heading
                    } else {
                        &mut section.text
                    };
                    target.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                if let Some(section) = out.last_mut()
                    && !in_heading
                    && !section.text.ends_with(' ')
                {
                    section.text.push(' ');
                }
            }
            _ => {}
        }
    }
    if out.len() > 1 && out[0].text.trim().is_empty() {
        out.remove(0);
    }
    out
}
