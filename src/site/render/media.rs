//! Images with a size and web embeds in Markdown form (OBSIDIAN-RENDERING
//! R16, R18), and PDF embeds (R17).
//!
//! - `![alt|100](url)` and `![alt|100x200](url)`, local or external: the
//!   size goes to `width`/`height`, the alternative text is what precedes
//!   the `|`.
//! - `![](https://www.youtube.com/watch?v=ID)` (and `youtu.be/ID`,
//!   `/shorts/ID`, `/embed/ID`): a link to the video that `site.js` turns,
//!   on click, into a player from YouTube's privacy-enhanced host — nothing
//!   of YouTube loads until the reader asks for it. Without scripts it
//!   stays a link.
//! - `![](https://x.com/USER/status/ID)` (or twitter.com): a quoted link to
//!   the post; no third-party script.
//! - `![[file.pdf]]`, `#page=N`, `#height=N`: the browser's PDF viewer in
//!   an `<iframe>` of the site's own file.

use std::ops::Range;

use super::page::Page;
use super::rewriter::{LinkEnd, Rewriter};
use crate::html::escape;
use crate::vault::VaultFile;

impl Rewriter<'_, '_> {
    /// A Markdown image at `range` (its destination made `url`) that is
    /// written here rather than as a plain `<img>`: sized, or a web embed.
    /// Gives whether it was; its alternative text's events are then
    /// skipped.
    pub(super) fn special_image(
        &mut self,
        range: &Range<usize>,
        url: &str,
        natural: Option<(u32, u32)>,
    ) -> bool {
        let Some(source) = self.body.get(range.clone()) else {
            return false;
        };
        let alt = image_alt(source).unwrap_or_default();
        let html = if let Some(id) = youtube_id(url) {
            let label = if alt.is_empty() {
                "Play the video on YouTube"
            } else {
                alt
            };
            format!(
                "<span class=\"embed-youtube\"><a class=\"embed-youtube-link\" href=\"https://www.youtube.com/watch?v={id}\" data-youtube-id=\"{id}\">{}</a></span>",
                escape(label)
            )
        } else if let Some(user) = tweet_user(url) {
            let label = if alt.is_empty() {
                format!("A post by @{user} on X")
            } else {
                alt.to_string()
            };
            format!(
                "<span class=\"embed-tweet\"><a href=\"{}\">{}</a></span>",
                escape(url),
                escape(&label)
            )
        } else if let Some((alt, written)) = sized(alt) {
            let (width, height) =
                crate::image::display_size(Some(written), natural).unwrap_or(written);
            let height = height
                .map(|h| format!(" height=\"{h}\""))
                .unwrap_or_default();
            format!(
                "<img src=\"{}\" alt=\"{}\" width=\"{width}\"{height} loading=\"lazy\" decoding=\"async\">",
                escape(url),
                escape(alt)
            )
        } else {
            return false;
        };
        self.html(html);
        self.link_stack.push(LinkEnd::Nothing);
        self.skip_until = self.skip_until.max(range.end);
        true
    }

    /// `![[file.pdf]]`: the PDF in the browser's viewer, at `#page=N`,
    /// `#height=N` pixels high.
    ///
    /// A `#page=N` the PDF does not have is marked, with why, instead: the
    /// browser's viewer would open another page without a word (`check`
    /// says so too: `pdf-page-missing`).
    pub(super) fn embed_pdf(
        &mut self,
        url: &str,
        subpath: Option<&str>,
        file: &VaultFile,
        out: &mut Page<'_>,
    ) {
        let name = file.name();
        let base = url.split('#').next().unwrap_or(url);
        let subpath = subpath.unwrap_or("");
        let page = crate::pdf::requested_page(subpath);
        if let Some(why) =
            page.and_then(|page| crate::pdf::missing_page(page, crate::pdf::page_count(&file.abs)?))
        {
            self.broken(&format!("{name}#{subpath}"), &why, out);
            return;
        }
        let height = subpath
            .split('&')
            .find_map(|param| match param.split_once('=') {
                Some(("height", n)) => n.trim().parse::<u32>().ok(),
                _ => None,
            });
        let src = match page {
            Some(page) => format!("{base}#page={page}"),
            None => base.to_string(),
        };
        let height = height
            .map(|h| format!(" height=\"{h}\""))
            .unwrap_or_default();
        self.html(format!(
            "<iframe class=\"embed-pdf\" src=\"{}\" title=\"{}\"{height}></iframe>",
            escape(&src),
            escape(name)
        ));
    }
}

/// The alternative text of a Markdown image as written: between `![` and
/// the `]` that closes it.
fn image_alt(source: &str) -> Option<&str> {
    let inner = source.strip_prefix("![")?;
    let mut depth = 0usize;
    for (i, b) in inner.bytes().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' if depth == 0 => return Some(&inner[..i]),
            b']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `alt|100` or `alt|100x200`: the alternative text and the size.
fn sized(alt: &str) -> Option<(&str, (u32, Option<u32>))> {
    let (text, size) = alt.rsplit_once('|')?;
    let size = size.trim();
    let parsed = match size.split_once('x') {
        Some((w, h)) => (w.parse().ok()?, Some(h.parse().ok()?)),
        None => (size.parse().ok()?, None),
    };
    Some((text.trim(), parsed))
}

/// An `http(s)` URL without its scheme and a `www.` (or the site's mobile
/// host's) prefix: `youtube.com/watch?v=…`.
fn web_address<'u>(url: &'u str, mobile: &str) -> Option<&'u str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    Some(
        rest.strip_prefix("www.")
            .or_else(|| rest.strip_prefix(mobile))
            .unwrap_or(rest),
    )
}

/// The id of a YouTube video URL: eleven of `[A-Za-z0-9_-]`.
fn youtube_id(url: &str) -> Option<String> {
    let rest = web_address(url, "m.")?;
    let id = if let Some(path) = rest.strip_prefix("youtu.be/") {
        path
    } else if let Some(path) = rest.strip_prefix("youtube.com/") {
        if let Some(query) = path.strip_prefix("watch?") {
            query.split('&').find_map(|p| p.strip_prefix("v="))?
        } else {
            path.strip_prefix("shorts/")
                .or_else(|| path.strip_prefix("embed/"))?
        }
    } else {
        return None;
    };
    let id: String = id
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    (id.len() == 11).then_some(id)
}

/// The author of an X (Twitter) post URL.
fn tweet_user(url: &str) -> Option<&str> {
    let rest = web_address(url, "mobile.")?;
    let path = rest
        .strip_prefix("x.com/")
        .or_else(|| rest.strip_prefix("twitter.com/"))?;
    let (user, status) = path.split_once('/')?;
    let id = status.strip_prefix("status/")?;
    let valid_user =
        !user.is_empty() && user.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (valid_user && id.starts_with(|c: char| c.is_ascii_digit())).then_some(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_alt_texts_and_web_urls_are_read() {
        assert_eq!(image_alt("![a [b] c|100](x.png)"), Some("a [b] c|100"));
        assert_eq!(
            sized("Engelbart|100x145"),
            Some(("Engelbart", (100, Some(145))))
        );
        assert_eq!(sized("|200"), Some(("", (200, None))));
        assert_eq!(sized("a cat"), None);
        assert_eq!(sized("a|b"), None);
        let id = Some("dQw4w9WgXcQ".to_string());
        assert_eq!(
            youtube_id("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3"),
            id
        );
        assert_eq!(youtube_id("https://youtu.be/dQw4w9WgXcQ?si=x"), id);
        assert_eq!(youtube_id("https://youtube.com/shorts/dQw4w9WgXcQ"), id);
        assert_eq!(youtube_id("https://www.youtube.com/watch?v=short"), None);
        assert_eq!(youtube_id("https://example.com/watch?v=dQw4w9WgXcQ"), None);
        assert_eq!(
            tweet_user("https://x.com/obsdmd/status/1580548874246443010"),
            Some("obsdmd")
        );
        assert_eq!(tweet_user("https://twitter.com/a_b/status/1"), Some("a_b"));
        assert_eq!(tweet_user("https://x.com/home"), None);
    }
}
