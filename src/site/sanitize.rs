//! Raw HTML in notes, made harmless.
//!
//! A note may hold raw HTML (`<details>`, `<kbd>`, a stray `<script>` pasted
//! from somewhere). Unless `[site] allow-raw-html = true`, a page whose note
//! has any is passed through ammonia (html5ever-based, the sanitiser the Rust
//! ecosystem relies on) with an allow-list that keeps everything phasebook
//! itself writes — heading ids, link classes, task checkboxes, callouts,
//! table alignment — and drops scripts, event handlers, `javascript:` URLs,
//! styles and frames. Pages without raw HTML skip it: pulldown-cmark already
//! escapes all text.

use std::collections::HashSet;
use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "input",
            "details",
            "summary",
            "mark",
            "audio",
            "video",
            "source",
            "section",
            "kbd",
            "figure",
            "figcaption",
        ])
        .add_generic_attributes(["class", "id", "title", "lang", "dir"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("div", ["data-src"])
        .add_tag_attributes("img", ["width", "height", "loading", "decoding"])
        .add_tag_attributes("audio", ["src", "controls"])
        .add_tag_attributes("video", ["src", "controls", "width", "height"])
        .add_tag_attributes("source", ["src", "type"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("ol", ["start"])
        // A note may not take an id the theme's scripts look up, or the
        // name of one of their globals: `<form id="phasebookSearch">`
        // would stand in for the search index (DOM clobbering).
        .attribute_filter(|_, attribute, value| {
            if attribute == "id" && reserved_id(value) {
                None
            } else {
                Some(value.into())
            }
        })
        .link_rel(None)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .url_schemes(HashSet::from([
            "http", "https", "mailto", "tel", "ftp", "obsidian",
        ]));
    builder
});

/// Ids a note's raw HTML may not take: the theme's own, and the globals
/// its scripts use (any name starting `phasebook`).
fn reserved_id(id: &str) -> bool {
    crate::text::RESERVED_IDS.contains(&id)
        || id.starts_with("pb-")
        || id.to_ascii_lowercase().starts_with("phasebook")
}

/// Sanitise a rendered page body.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_go() {
        let out = clean(
            r#"<p>a<script>alert(1)</script><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">x</a></p>"#,
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains(r#"<img src="x">"#), "{out}");
    }

    #[test]
    fn a_note_cannot_take_the_theme_s_ids_or_globals() {
        let out = clean(
            r#"<form id="phasebookSearch"><input name="docs"></form><div id="search">x</div><div id="pb-main">y</div><p id="mine">z</p>"#,
        );
        assert!(!out.contains("phasebookSearch"), "{out}");
        assert!(!out.contains(r#"id="search""#), "{out}");
        assert!(!out.contains(r#"id="pb-main""#), "{out}");
        assert!(out.contains(r#"id="mine""#), "{out}");
    }

    #[test]
    fn phasebook_markup_survives() {
        let html = concat!(
            r#"<h2 id="exit-criteria">Exit</h2>"#,
            r#"<ul><li><input disabled="" type="checkbox" checked=""> done</li></ul>"#,
            r#"<p><a class="internal-link" href="../a%20b.html#x">a</a>"#,
            r#"<span class="broken-link" title="no note named x">x</span></p>"#,
            r#"<div class="callout callout-note"><div class="callout-title">Note</div></div>"#,
        );
        let out = clean(html);
        for kept in [
            r#"id="exit-criteria""#,
            r#"type="checkbox""#,
            r#"class="internal-link""#,
            r#"href="../a%20b.html#x""#,
            r#"title="no note named x""#,
            r#"class="callout callout-note""#,
        ] {
            assert!(out.contains(kept), "{kept} missing from {out}");
        }
    }
}
