//! Links: wikilinks, Markdown links and inline `#tags` made into links to
//! their resolved targets; a link that does not resolve becomes a marked,
//! non-navigating element whose title says why; a link to a file left out
//! of the site is its text alone; unsafe URL schemes are removed.

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::page::Page;
use super::rewriter::{LinkEnd, Rewriter};
use crate::html::escape;
use crate::site::urls::relative_url;
use crate::vault::links::Link;
use crate::vault::{InlineTag, LinkKind, Resolution};

impl<'r> Rewriter<'r, '_> {
    /// An inline `#tag`: a link to the tag's page, as in the page header.
    pub(super) fn inline_tag(&mut self, tag: &InlineTag, page: &Page<'_>) {
        let display = format!("#{}", tag.name);
        match self.renderer.map.tag(&tag.name) {
            Some(entry) => self.wrapped(
                format!(
                    "<a class=\"tag\" href=\"{}\" rel=\"tag\">",
                    escape(&relative_url(page.path, &entry.page))
                ),
                &display,
                "</a>",
            ),
            None => self.events.push(Event::Text(CowStr::from(display))),
        }
    }

    pub(super) fn wikilink(&mut self, i: usize, link: &'r Link, page: &mut Page<'_>) {
        let Some(resolution) = self.resolution(i) else {
            return;
        };
        let display = link
            .display()
            .map_or_else(|| default_display(link), str::to_string);
        if let Resolution::Found(found) = resolution
            && self.renderer.unpublished(found)
        {
            // Left out of the site: a link shows its text, an embed nothing.
            if link.kind == LinkKind::Wiki {
                self.events.push(Event::Text(CowStr::from(display)));
            }
            return;
        }
        let found = match resolution {
            Resolution::Found(found) if !found.subpath.is_missing() => found,
            _ => {
                let reason = self.renderer.reason(link, resolution);
                let shown = if link.kind == LinkKind::Embed {
                    default_display(link)
                } else {
                    display
                };
                self.broken(&shown, &reason, page);
                return;
            }
        };
        let url = self.renderer.target_url(page.path, found, self.id, link);
        let file = &self.renderer.vault.files[found.file];
        if link.kind == LinkKind::Wiki {
            self.wrapped(
                format!("<a class=\"internal-link\" href=\"{}\">", escape(&url)),
                &display,
                "</a>",
            );
            return;
        }
        // An embed.
        match file.note {
            Some(target) => self.transclude(target, found, link, &url, page),
            None => self.embed_file(file, link, &url, &display, page),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn markdown_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'r>,
        title: CowStr<'r>,
        id: CowStr<'r>,
        range: Range<usize>,
        image: bool,
        page: &mut Page<'_>,
    ) {
        let rebuild = |dest: CowStr<'r>| {
            if image {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                })
            } else {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                })
            }
        };
        let known = self
            .links
            .iter()
            .find(|(_, l)| l.span().start == range.start && l.kind.is_markdown())
            .map(|(i, l)| (*i, *l));
        if let Some((i, link)) = known {
            match self.resolution(i) {
                Some(Resolution::Found(found)) if self.renderer.unpublished(found) => {
                    // The link's text (an image's alternative text) alone.
                    self.link_stack.push(LinkEnd::Nothing);
                }
                Some(Resolution::Found(found)) if !found.subpath.is_missing() => {
                    let url = self.renderer.target_url(page.path, found, self.id, link);
                    let size = image
                        .then(|| {
                            crate::image::dimensions(&self.renderer.vault.files[found.file].abs)
                        })
                        .flatten();
                    if image && self.special_image(&range, &url, size) {
                        return;
                    }
                    self.link_stack.push(if image {
                        LinkEnd::Image {
                            at: self.events.len(),
                            size,
                        }
                    } else {
                        LinkEnd::Tag
                    });
                    self.events.push(rebuild(CowStr::from(url)));
                }
                Some(resolution) => {
                    let reason = self.renderer.reason(link, resolution);
                    page.out.broken_links += 1;
                    self.link_stack.push(LinkEnd::Span);
                    self.html(format!(
                        "<span class=\"broken-link\" title=\"{}\">",
                        escape(&reason)
                    ));
                }
                None => {
                    self.link_stack.push(self.image_end(image));
                    self.events.push(rebuild(dest_url));
                }
            }
            return;
        }
        if !is_safe_destination(&dest_url) {
            self.link_stack.push(LinkEnd::Span);
            self.html(format!(
                "<span class=\"broken-link unsafe-link\" title=\"{}\">",
                escape("link removed: this URL scheme is not allowed")
            ));
            return;
        }
        if image && self.special_image(&range, &dest_url, None) {
            return;
        }
        self.link_stack.push(self.image_end(image));
        self.events.push(rebuild(dest_url));
    }

    /// How a link whose start is pushed next ends: an image (of unknown
    /// size) as an `<img>` of its own, a link with its end tag.
    fn image_end(&self, image: bool) -> LinkEnd {
        if image {
            LinkEnd::Image {
                at: self.events.len(),
                size: None,
            }
        } else {
            LinkEnd::Tag
        }
    }

    /// The end of a Markdown link or image: what [`Self::markdown_link`]
    /// made of its start decides.
    pub(super) fn markdown_link_end(&mut self, end: TagEnd) {
        match self.link_stack.pop().unwrap_or(LinkEnd::Tag) {
            LinkEnd::Tag => self.events.push(Event::End(end)),
            LinkEnd::Span => self.html("</span>".to_string()),
            LinkEnd::Nothing => {}
            LinkEnd::Image { at, size } => self.image_tag(at, size),
        }
    }

    /// The Markdown image started at event `at`, its alternative text the
    /// events after it, written as pulldown-cmark writes an `<img>` (the
    /// same escaping) with `loading="lazy"`, `decoding="async"` and the
    /// file's size: a browser reserves its box before it loads, and loads
    /// it only when the reader nears it.
    fn image_tag(&mut self, at: usize, size: Option<(u32, u32)>) {
        use pulldown_cmark_escape::{escape_href, escape_html};
        // Only an alternative text of inline text is folded into the tag:
        // a block an embed put there (`![a ![[note]] b](x.png)`) stays as
        // pulldown-cmark writes it, with the paragraph cut around it.
        let inline_only = self.events.get(at + 1..).is_some_and(|alt| {
            alt.iter().all(|e| {
                matches!(
                    e,
                    Event::Text(_)
                        | Event::Code(_)
                        | Event::InlineMath(_)
                        | Event::DisplayMath(_)
                        | Event::SoftBreak
                        | Event::HardBreak
                        | Event::InlineHtml(_)
                        | Event::Start(
                            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }
                        )
                        | Event::End(
                            TagEnd::Emphasis
                                | TagEnd::Strong
                                | TagEnd::Strikethrough
                                | TagEnd::Link
                        )
                )
            })
        }) && self.paragraph_at.is_none_or(|p| p < at);
        let Some(Event::Start(Tag::Image {
            dest_url, title, ..
        })) = self.events.get(at).cloned().filter(|_| inline_only)
        else {
            self.events.push(Event::End(TagEnd::Image));
            return;
        };
        let mut alt = String::new();
        for event in &self.events[at + 1..] {
            match event {
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    alt.push_str(t)
                }
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        self.events.truncate(at);
        let mut html = String::from("<img src=\"");
        let _ = escape_href(&mut html, &dest_url);
        html.push_str("\" alt=\"");
        let _ = escape_html(&mut html, &alt);
        if !title.is_empty() {
            html.push_str("\" title=\"");
            let _ = escape_html(&mut html, &title);
        }
        html.push('"');
        if let Some((w, h)) = size {
            let _ = write!(html, " width=\"{w}\" height=\"{h}\"");
        }
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
        self.html(html);
    }
}

/// Obsidian's display text for a wikilink with no `|`: the link as written,
/// with a subpath shown as `Note > Heading`.
pub(super) fn default_display(link: &Link) -> String {
    let target = link.target().rsplit('/').next().unwrap_or(link.target());
    match link.subpath() {
        Some(sub) if target.is_empty() => sub.replace('#', " > "),
        Some(sub) => format!("{target} > {}", sub.replace('#', " > ")),
        None => link.target().to_string(),
    }
}

/// Whether a Markdown link destination may be followed: relative URLs and
/// the schemes a handbook links to. `javascript:`, `data:` and the like are
/// refused whatever the raw-HTML setting.
fn is_safe_destination(dest: &str) -> bool {
    let trimmed: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    match trimmed.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto" | "tel" | "ftp" | "obsidian"
        ),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_schemes_are_refused() {
        assert!(!is_safe_destination("javascript:alert(1)"));
        assert!(!is_safe_destination(" JaVa\tScript:alert(1)"));
        assert!(!is_safe_destination("data:text/html,x"));
        assert!(!is_safe_destination("vbscript:x"));
        assert!(is_safe_destination("https://example.com/a:b"));
        assert!(is_safe_destination("guides/a.md#x:y"));
        assert!(is_safe_destination("mailto:team@example.com"));
    }
}
