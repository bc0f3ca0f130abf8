//! Build stage 7, *assets*: the files beside the pages — the theme's
//! static files, the sitemap, and the attachments the publication scope
//! keeps (those published notes link to or embed).
//!
//! Takes the theme, the plan and the vault; gives the outputs to write and
//! what could not be published. An SVG is published sanitised
//! ([`super::svg`]): opened from the site, it would run its scripts with
//! the site's origin.

use super::output::{Content, Output};
use super::plan::SiteMap;
use super::theme::Theme;
use super::urls::ASSET_DIR;
use crate::config::{AdditionalFile, SiteConfig};
use crate::encode::encode_path;
use crate::html;
use crate::vault::Vault;

/// The files of the Mermaid script: written only into a site with a
/// diagram (3.5 MB that a site without one does not need).
const MERMAID: &[&str] = &["mermaid.min.js", "mermaid-init.js"];

/// The theme's static files (style sheets, scripts), under the asset folder;
/// the Mermaid script only when `diagrams` (some page has one).
pub(super) fn theme_files(theme: &Theme, diagrams: bool) -> Vec<Output> {
    theme
        .static_files()
        .filter(|(name, _)| diagrams || !MERMAID.contains(name))
        .map(|(name, text)| Output {
            path: format!("{ASSET_DIR}/{name}"),
            content: Content::Bytes(text.as_bytes().to_vec()),
        })
        .collect()
}

/// Where `[output.html] additional-css` and `additional-js` files go: below
/// the asset folder, at their path from `book.toml`'s folder, so no note
/// or attachment can claim the place.
pub(crate) const ADDITIONAL_DIR: &str = "additional";

/// The site path of an additional style sheet or script.
pub(crate) fn additional_path(file: &AdditionalFile) -> String {
    format!("{ASSET_DIR}/{ADDITIONAL_DIR}/{}", file.path)
}

/// mdBook's `additional-css` and `additional-js` files, copied into the
/// site: served from its own origin, which is all the pages'
/// Content-Security-Policy lets them load.
pub(super) fn additional_files(site: &SiteConfig) -> Vec<Output> {
    site.additional_css
        .iter()
        .chain(&site.additional_js)
        .map(|file| Output {
            path: additional_path(file),
            content: Content::Copy(file.source.clone()),
        })
        .collect()
}

/// `sitemap.xml`, when `[site] site-url` says where the site lives.
pub(super) fn sitemap(site_url: Option<&str>, map: &SiteMap) -> Option<Output> {
    let xml = sitemap_xml(site_url?, map.note_pages.iter().flatten());
    Some(Output {
        path: "sitemap.xml".to_string(),
        content: Content::Bytes(xml.into_bytes()),
    })
}

/// The attachments the site publishes.
pub(super) struct Attachments {
    pub outputs: Vec<Output>,
    /// One line per attachment the scope publishes that the build could
    /// not (an SVG that is not well-formed XML).
    pub dropped: Vec<String>,
}

pub(super) fn attachments(vault: &Vault, map: &SiteMap) -> Attachments {
    let mut out = Attachments {
        outputs: Vec::new(),
        dropped: Vec::new(),
    };
    for (fid, file) in vault.files.iter().enumerate() {
        let (None, Some(path)) = (file.note, map.output(fid)) else {
            continue;
        };
        let content = if path.to_ascii_lowercase().ends_with(".svg") {
            let clean = std::fs::read(&file.abs)
                .map_err(|err| format!("cannot read it: {err}"))
                .and_then(|bytes| super::svg::sanitize(&bytes));
            match clean {
                Ok(bytes) => Content::Bytes(bytes),
                Err(why) => {
                    out.dropped
                        .push(format!("{}: not published: {why}", file.path));
                    continue;
                }
            }
        } else {
            Content::Copy(file.abs.to_path_buf())
        };
        out.outputs.push(Output {
            path: path.to_string(),
            content,
        });
    }
    out
}

fn sitemap_xml<'p>(site_url: &str, pages: impl Iterator<Item = &'p String>) -> String {
    let base = site_url.trim_end_matches('/');
    let mut sorted: Vec<&String> = pages.collect();
    sorted.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in ["index.html", "readiness.html"]
        .iter()
        .map(|p| p.to_string())
        .chain(sorted.into_iter().filter(|p| *p != "index.html").cloned())
    {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            html::escape(&format!("{base}/{}", encode_path(&page)))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
