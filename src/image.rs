//! The pixel size of an image file, for the `width` and `height` of its
//! `<img>`: a browser that knows them reserves the image's box before it
//! arrives, so the page does not jump as images load (and lazy-loaded
//! images can be placed before they load at all).
//!
//! Raster formats are read by `imagesize` (a few header bytes; PNG, JPEG,
//! GIF, WebP, AVIF and more); an SVG by its root element's `width` and
//! `height`, else its `viewBox`. Anything else, or a file that cannot be
//! read, has no size: the `<img>` then has none, as before.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::time::SystemTime;

/// SVGs larger than this are not read for their size.
const MAX_SVG_BYTES: u64 = 8 << 20;

/// The size of the image at `path`, in CSS pixels. Each file is read once
/// per version (path, size, modification time): an image shown on many
/// pages is asked for by each.
pub fn dimensions(path: &Path) -> Option<(u32, u32)> {
    type Key = (PathBuf, u64, Option<SystemTime>);
    type Sizes = HashMap<Key, Option<(u32, u32)>>;
    static SIZES: LazyLock<Mutex<Sizes>> = LazyLock::new(Default::default);
    let meta = std::fs::metadata(path).ok()?;
    let key = (path.to_path_buf(), meta.len(), meta.modified().ok());
    let sizes = || {
        SIZES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(size) = sizes().get(&key) {
        return *size;
    }
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let size = if is_svg {
        (meta.len() <= MAX_SVG_BYTES)
            .then(|| std::fs::read(path).ok())
            .flatten()
            .and_then(|bytes| svg_dimensions(&bytes))
    } else {
        imagesize::size(path)
            .ok()
            .and_then(|s| Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?)))
    }
    .filter(|&(w, h)| w > 0 && h > 0);
    sizes().insert(key, size);
    size
}

/// An SVG's size from its root `<svg>`: `width` and `height` in pixels (a
/// bare number or `px`), else the `viewBox`'s width and height.
pub fn svg_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let root = loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) => break e.into_owned(),
            Event::Eof => return None,
            _ => buf.clear(),
        }
    };
    if root.local_name().as_ref() != "svg" {
        return None;
    }
    let attr = |name: &str| -> Option<String> {
        root.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .map(|a| a.value.to_string())
    };
    let pixels = |value: String| -> Option<f64> {
        let v = value.trim();
        let number = v.strip_suffix("px").unwrap_or(v).trim();
        number
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n > 0.0)
    };
    let round = |n: f64| (n.round() as u32).max(1);
    if let (Some(w), Some(h)) = (
        attr("width").and_then(pixels),
        attr("height").and_then(pixels),
    ) {
        return Some((round(w), round(h)));
    }
    let view_box = attr("viewBox")?;
    let numbers: Vec<f64> = view_box
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => {
            Some((round(w), round(h)))
        }
        _ => None,
    }
}

/// The size to give an `<img>`: a written width and height as they are; a
/// written width alone with the height that keeps `natural`'s proportions;
/// nothing written, `natural`.
pub fn display_size(
    written: Option<(u32, Option<u32>)>,
    natural: Option<(u32, u32)>,
) -> Option<(u32, Option<u32>)> {
    match (written, natural) {
        (Some((w, Some(h))), _) => Some((w, Some(h))),
        (Some((w, None)), Some((nw, nh))) => {
            let h = (u64::from(w) * u64::from(nh) + u64::from(nw) / 2) / u64::from(nw);
            Some((w, Some(u32::try_from(h).unwrap_or(u32::MAX).max(1))))
        }
        (Some((w, None)), None) => Some((w, None)),
        (None, Some((w, h))) => Some((w, Some(h))),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_the_root() {
        assert_eq!(
            svg_dimensions(
                br#"<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="40"/>"#
            ),
            Some((120, 40))
        );
        assert_eq!(
            svg_dimensions(
                br#"<?xml version="1.0"?><!-- c --><svg viewBox="0 0 640.4 480"></svg>"#
            ),
            Some((640, 480))
        );
        assert_eq!(svg_dimensions(br#"<svg width="50%" height="2em"/>"#), None);
        assert_eq!(svg_dimensions(br#"<html/>"#), None);
        assert_eq!(svg_dimensions(b"not xml <"), None);
    }

    #[test]
    fn a_written_width_keeps_the_proportions() {
        assert_eq!(display_size(None, Some((800, 600))), Some((800, Some(600))));
        assert_eq!(
            display_size(Some((400, None)), Some((800, 600))),
            Some((400, Some(300)))
        );
        assert_eq!(
            display_size(Some((400, Some(10))), Some((800, 600))),
            Some((400, Some(10)))
        );
        assert_eq!(display_size(Some((400, None)), None), Some((400, None)));
        assert_eq!(display_size(None, None), None);
    }

    #[test]
    fn raster_sizes_are_read_from_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("a.png");
        // A PNG header with its IHDR: 123 × 321.
        std::fs::write(
            &png,
            [
                0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
                0x44, 0x52, 0x00, 0x00, 0x00, 0x7B, 0x00, 0x00, 0x01, 0x41, 0x08, 0x06, 0x00, 0x00,
                0x00, 0x9A, 0x38, 0xC4,
            ],
        )
        .unwrap();
        assert_eq!(dimensions(&png), Some((123, 321)));
        std::fs::write(dir.path().join("b.png"), b"nope").unwrap();
        assert_eq!(dimensions(&dir.path().join("b.png")), None);
    }
}
