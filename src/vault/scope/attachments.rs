//! Which attachments the site may publish: known-safe types only, and
//! those a published note names (by link, embed, or raw HTML `src`/`href`).

use super::super::index::{FileId, Index, NoteId};

/// Attachment types published as they are: none of them is run as a page
/// or a script by a browser that opens it from the site. An allow-list,
/// not a deny-list: HTML, and the many XML types a static host may serve
/// as XHTML (`.xhtm`, `.atom`, `.rss`, `.xul`…), would run their scripts
/// with the site's origin, and a list of those is never complete. SVG is
/// published sanitised (`site::svg`).
#[rustfmt::skip]
const SAFE_ATTACHMENTS: &[&str] = &[
    // Images.
    "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff", "heic", "heif",
    "jxl", "svg",
    // Audio and video.
    "mp3", "wav", "ogg", "oga", "opus", "m4a", "flac", "aac", "weba", "mp4", "m4v", "webm",
    "ogv", "mov", "mkv", "avi", "3gp",
    // Documents and data.
    "pdf", "txt", "csv", "tsv", "json", "canvas", "epub", "rtf", "doc", "docx", "xls", "xlsx",
    "ppt", "pptx", "odt", "ods", "odp", "odg", "yaml", "yml", "toml",
    // Archives and fonts.
    "zip", "gz", "tgz", "tar", "7z", "bz2", "xz", "zst", "woff", "woff2", "ttf", "otf",
];

/// Whether an attachment's type is one a browser could run as a page or
/// script when opened from the site (anything not in
/// [`SAFE_ATTACHMENTS`]).
pub(super) fn active_content(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    !ext.is_some_and(|ext| SAFE_ATTACHMENTS.contains(&ext.as_str()))
}

/// The vault files a note's raw HTML names by a relative `src` or `href`
/// (`<img src="img/a.png">`, from the note's folder), outside code and
/// comments: attachments they name are published with the note.
pub(super) fn html_references(vault: &Index, id: NoteId) -> Vec<FileId> {
    static ATTRIBUTE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i)\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
            .expect("valid attribute pattern")
    });
    let note = &vault.notes[id];
    let mut out = Vec::new();
    if note.html.is_empty() {
        return out;
    }
    let text = note.source();
    for range in &note.html {
        let Some(html) = text.get(range.clone()) else {
            continue;
        };
        for caps in ATTRIBUTE.captures_iter(html) {
            let Some(value) = caps.get(1).or(caps.get(2)).or(caps.get(3)) else {
                continue;
            };
            let value = value.as_str().split(['#', '?']).next().unwrap_or("");
            if value.is_empty() || value.contains(':') || value.starts_with('/') {
                continue; // external, absolute, or the page itself
            }
            let decoded = crate::encode::percent_decode(value);
            if let Some(path) = crate::vault::resolve::join_relative(note.folder(), &decoded)
                && let Some(file) = vault.file_by_path(&path)
            {
                out.push(file);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_safe_attachment_types_are_published() {
        for safe in ["a/pic.PNG", "doc.pdf", "clip.webm", "data.csv", "d.svg"] {
            assert!(!active_content(safe), "{safe}");
        }
        for active in [
            "page.html",
            "x.xhtm",
            "feed.atom",
            "feed.rss",
            "a.xml",
            "ui.xul",
            "m.mml",
            "s.svgz",
            "app.js",
            "style.css",
            "noext",
            "dir.v1/file",
        ] {
            assert!(active_content(active), "{active}");
        }
    }
}
