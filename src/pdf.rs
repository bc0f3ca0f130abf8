//! The pages of a PDF, for a `#page=N` link or embed (OBSIDIAN-RENDERING
//! R17): `check` reports a page the file does not have (`pdf-page-missing`)
//! and the site marks such an embed, so both read the file through here.
//!
//! The count is lopdf's (`Document::load_metadata_mem`: the cross-reference
//! table and the page tree, not every object), because a page count read by
//! searching the bytes for `/Type /Page` misses every page kept in a
//! compressed object stream, as most PDFs written since PDF 1.5 keep them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::time::SystemTime;

/// Bigger PDFs are not opened: their page count is not known.
const MAX_BYTES: u64 = 256 << 20;

/// The `page=N` parameter of a PDF link's subpath (`page=3&height=400`).
pub fn requested_page(subpath: &str) -> Option<u32> {
    subpath
        .split('&')
        .find_map(|param| match param.split_once('=') {
            Some(("page", n)) => n.trim().parse().ok(),
            _ => None,
        })
}

/// The number of pages of the PDF at `path`; `None` when it cannot be read
/// as a PDF (unreadable, too big, malformed): then nothing is claimed about
/// its pages.
///
/// Each file is read once per version (path, size, modification time):
/// every link to one handbook PDF asks, from `check`'s rule and the site's
/// pages alike, and `serve` asks again after the file changes.
pub fn page_count(path: &Path) -> Option<u32> {
    type Key = (PathBuf, u64, Option<SystemTime>);
    static COUNTS: LazyLock<Mutex<HashMap<Key, Option<u32>>>> = LazyLock::new(Default::default);
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > MAX_BYTES {
        return None;
    }
    let key = (path.to_path_buf(), meta.len(), meta.modified().ok());
    let counts = || {
        COUNTS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(count) = counts().get(&key) {
        return *count;
    }
    let count = std::fs::read(path)
        .ok()
        .and_then(|bytes| count_pages(&bytes));
    counts().insert(key, count);
    count
}

/// [`page_count`] of bytes in memory. A parser fed hostile input is kept
/// from taking the run down with it: a panic is an unknown count.
pub fn count_pages(bytes: &[u8]) -> Option<u32> {
    std::panic::catch_unwind(|| lopdf::Document::load_metadata_mem(bytes).ok())
        .ok()
        .flatten()
        .map(|meta| meta.page_count)
}

/// Why `#page=N` of a PDF of `pages` pages names no page, if it does not.
pub fn missing_page(page: u32, pages: u32) -> Option<String> {
    match page {
        0 => Some("PDF pages are numbered from 1: there is no page 0".to_string()),
        n if n > pages => Some(format!(
            "the PDF has {pages} page{}: there is no page {n}",
            if pages == 1 { "" } else { "s" }
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-page PDF, written by hand (one uncompressed page tree).
    pub(crate) fn two_pages() -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
        }
        let xref = pdf.len();
        pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for at in offsets {
            pdf.extend(format!("{at:010} 00000 n \n").bytes());
        }
        pdf.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        pdf
    }

    #[test]
    fn pages_are_counted_and_a_page_past_them_is_missing() {
        assert_eq!(count_pages(&two_pages()), Some(2));
        assert_eq!(count_pages(b"not a pdf"), None);
        assert_eq!(count_pages(&two_pages()[..40]), None);
        assert_eq!(requested_page("page=3&height=400"), Some(3));
        assert_eq!(requested_page("height=400"), None);
        assert_eq!(missing_page(2, 2), None);
        assert_eq!(
            missing_page(3, 2).as_deref(),
            Some("the PDF has 2 pages: there is no page 3")
        );
        assert!(missing_page(0, 2).is_some());
    }
}
