//! SVG attachments, published without what could run or fetch.
//!
//! An SVG opened from the site runs its scripts with the site's origin (an
//! `<img>` would not, but a reader can open the file itself). So every SVG
//! is parsed as XML (quick-xml) and written again, as UTF-8, from an
//! allow-list of what a drawing needs:
//! - only SVG's own drawing elements are kept ([`ELEMENTS`]); any other
//!   (`script`, `foreignObject`, `iframe`, an XHTML `img` or `meta` in
//!   another namespace…) is dropped with its content, and so are
//!   animations that set a link or an event handler;
//! - a name holding anything but ASCII letters, digits and `_ - . :` makes
//!   the file unpublishable, and the XML declaration is written anew as
//!   UTF-8: an `encoding="ISO-2022-JP"` declaration let `<\x1b(Bscript>`
//!   read as a harmless name here and as `<script>` in a browser;
//! - event-handler attributes (`on…`) are dropped, and so is any attribute
//!   whose value holds `javascript:`;
//! - `href`, `xlink:href` and `src` keep only references inside the file
//!   (`#id`) and embedded raster images (`data:image/png…`): an external
//!   reference is removed;
//! - CSS (a `style` attribute or element, or a presentation attribute's
//!   `url(…)`) that imports or fetches from outside the file is dropped, as
//!   is any CSS holding an escape (`@\69mport`) or, inside `<style>`, a
//!   character reference or an element (a check piece by piece missed
//!   `@imp&#111;rt`); `xml:base` is dropped;
//! - the DOCTYPE (entity definitions: the billion-laughs bomb), processing
//!   instructions (`<?xml-stylesheet?>`) and comments are dropped.
//!
//! A file that is not well-formed XML is not published at all: when in
//! doubt, leave it out (and say so).

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesStart, Event};

/// The elements kept (lower-cased local names): SVG's shapes, text,
/// structure, paint servers, filters and animation. Any other is dropped
/// with everything inside it.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "switch",
    "view",
    "title",
    "desc",
    "metadata",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textpath",
    "image",
    "a",
    "style",
    "lineargradient",
    "radialgradient",
    "stop",
    "pattern",
    "clippath",
    "mask",
    "marker",
    "filter",
    "feblend",
    "fecolormatrix",
    "fecomponenttransfer",
    "fecomposite",
    "feconvolvematrix",
    "fediffuselighting",
    "fedisplacementmap",
    "fedistantlight",
    "fedropshadow",
    "feflood",
    "fefunca",
    "fefuncb",
    "fefuncg",
    "fefuncr",
    "fegaussianblur",
    "feimage",
    "femerge",
    "femergenode",
    "femorphology",
    "feoffset",
    "fepointlight",
    "fespecularlighting",
    "fespotlight",
    "fetile",
    "feturbulence",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
    "mpath",
];

/// Whether a name is plain: ASCII letters, digits, `_ - . :`. XML allows
/// more, but a drawing needs no more, and a name with control or escape
/// bytes is how a file tells this parser and a browser different things.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
}

/// Animation elements, dropped when they animate a link or a handler.
const ANIMATIONS: &[&str] = &[
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
];

/// The sanitised bytes of an SVG file, or why it cannot be published.
pub(crate) fn sanitize(svg: &[u8]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(svg).map_err(|_| "not UTF-8 text".to_string())?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut writer = Writer::new(Vec::with_capacity(svg.len()));
    // Depth inside a dropped element (0: not in one).
    let mut dropping = 0usize;
    // Inside a `<style>` element: its content, held until its end shows
    // whether the whole is safe.
    let mut style: Option<Style> = None;
    let mut seen_root = false;
    // Elements open on the way out: the file must close them all.
    let mut open = 0usize;
    let at = |byte: u64| {
        let byte = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        let place = crate::span::LineIndex::new(text).position(text, byte);
        format!("line {}, column {}", place.line, place.column)
    };
    loop {
        let event = reader.read_event().map_err(|err| {
            format!(
                "not well-formed XML at {}: {err}",
                at(reader.error_position())
            )
        })?;
        if dropping > 0 {
            match event {
                Event::Start(_) => dropping += 1,
                Event::End(_) => dropping -= 1,
                Event::Eof => return Err("the file ends inside an element".to_string()),
                _ => {}
            }
            continue;
        }
        if let Event::Start(start) | Event::Empty(start) = &event
            && !plain_name(start.name().as_ref())
        {
            return Err(format!(
                "an element name holds more than letters, digits and _ - . : ({:?})",
                start.name().as_ref()
            ));
        }
        if let Some(held) = style.as_mut() {
            match event {
                Event::Text(text) => {
                    held.css.push_str(&text);
                    held.events.push(Event::Text(text.into_owned()));
                }
                Event::CData(data) => {
                    held.css.push_str(&data);
                    held.events.push(Event::CData(data.into_owned()));
                }
                // An element or a character reference inside a style sheet:
                // it is not plain CSS any more, and not published.
                Event::Start(_) => {
                    held.unsafe_ = true;
                    dropping = 1;
                }
                Event::GeneralRef(_) | Event::Empty(_) => held.unsafe_ = true,
                Event::End(end) => {
                    let held = style.take().unwrap_or_default();
                    if !held.unsafe_ && !unsafe_css(&held.css) {
                        for event in held.events {
                            write(&mut writer, event)?;
                        }
                    }
                    open = open.saturating_sub(1);
                    write(&mut writer, Event::End(end))?;
                }
                Event::Eof => return Err("the file ends inside a style sheet".to_string()),
                _ => {}
            }
            continue;
        }
        let kept = match event {
            Event::Start(start) => match element(&start) {
                Element::Drop => {
                    dropping = 1;
                    None
                }
                Element::Keep(clean) => {
                    seen_root = true;
                    open += 1;
                    if local(&start) == "style" {
                        style = Some(Style::default());
                    }
                    Some(Event::Start(clean))
                }
            },
            Event::Empty(start) => match element(&start) {
                Element::Drop => None,
                Element::Keep(clean) => {
                    seen_root = true;
                    Some(Event::Empty(clean))
                }
            },
            Event::End(end) => {
                open = open.saturating_sub(1);
                Some(Event::End(end))
            }
            Event::Text(text) => Some(Event::Text(text)),
            Event::CData(data) => Some(Event::CData(data)),
            Event::GeneralRef(reference) => {
                // Character references and XML's five entities; any other
                // was defined by the DOCTYPE, which is gone.
                let name: &str = &reference;
                let known =
                    name.starts_with('#') || matches!(name, "amp" | "lt" | "gt" | "quot" | "apos");
                known.then_some(Event::GeneralRef(reference))
            }
            // Written anew: the output is UTF-8, whatever the input said.
            Event::Decl(_) => Some(Event::Decl(quick_xml::events::BytesDecl::new(
                "1.0",
                Some("UTF-8"),
                None,
            ))),
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => None,
            Event::Eof if open > 0 => {
                return Err(format!(
                    "not well-formed XML: the file ends with {open} element{} still open",
                    if open == 1 { "" } else { "s" }
                ));
            }
            Event::Eof => break,
        };
        if let Some(event) = kept {
            write(&mut writer, event)?;
        }
    }
    if !seen_root {
        return Err("no SVG element in the file".to_string());
    }
    Ok(writer.into_inner())
}

/// A `<style>` element's content, held until its end.
#[derive(Default)]
struct Style {
    events: Vec<Event<'static>>,
    css: String,
    unsafe_: bool,
}

fn write(writer: &mut Writer<Vec<u8>>, event: Event<'_>) -> Result<(), String> {
    writer
        .write_event(event)
        .map_err(|err| format!("cannot write the SVG again: {err}"))
}

enum Element<'a> {
    Drop,
    Keep(BytesStart<'a>),
}

/// The element's local name, lower-cased (`svg:script` → `script`).
fn local(start: &BytesStart<'_>) -> String {
    start.local_name().as_ref().to_ascii_lowercase()
}

/// An element as published: dropped, or with its safe attributes only.
fn element<'a>(start: &BytesStart<'a>) -> Element<'a> {
    let name = local(start);
    if !ELEMENTS.contains(&name.as_str()) {
        return Element::Drop;
    }
    let mut clean = BytesStart::new(start.name().as_ref().to_string());
    for attribute in start.attributes().with_checks(false) {
        let Ok(attribute) = attribute else {
            return Element::Drop;
        };
        if !plain_name(attribute.key.as_ref()) {
            return Element::Drop;
        }
        let key = attribute.key.local_name().as_ref().to_ascii_lowercase();
        // Unescaped, so checks see what the browser sees, and escaped again
        // on the way out (a single-quoted value may hold `"`). An entity
        // the DOCTYPE defined leaves the attribute out.
        let Ok(value) = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
        else {
            continue;
        };
        let lowered = value.to_ascii_lowercase();
        if ANIMATIONS.contains(&name.as_str()) && key == "attributename" {
            let target = lowered.trim();
            let target = target.rsplit(':').next().unwrap_or(target);
            if target == "href" || target == "src" || target.starts_with("on") {
                return Element::Drop;
            }
        }
        let prefix = attribute
            .key
            .prefix()
            .map(|p| p.as_ref().to_ascii_lowercase());
        // Event handlers, `javascript:` anywhere, and `xml:base` (which
        // would change where references lead) go.
        let handler = key.starts_with("on") || compact(&lowered).contains("javascript:");
        let base = prefix.as_deref() == Some("xml") && key != "space" && key != "lang";
        let safe = if handler || base {
            false
        } else if key == "href" || key == "src" {
            internal_reference(&lowered)
        } else if key == "style" || lowered.contains("url(") || value.contains('\\') {
            // Style and presentation attributes (`fill="url(…)"`).
            !unsafe_css(&value)
        } else {
            true
        };
        if safe {
            clean.push_attribute((attribute.key.as_ref(), value.as_str()));
        }
    }
    Element::Keep(clean)
}

/// The text without whitespace and control characters, which browsers
/// skip inside a URL scheme (`java\tscript:`).
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect()
}

/// A reference that stays inside the file, or an embedded raster image.
fn internal_reference(value: &str) -> bool {
    let value = compact(value);
    value.starts_with('#')
        || (value.starts_with("data:image/")
            && !value.starts_with("data:image/svg")
            && !value.contains("javascript:"))
}

/// CSS that imports, fetches from outside the file, or runs script.
fn unsafe_css(css: &str) -> bool {
    // An escape can spell anything (`@\\69mport`, `u\\72l(`); a drawing's
    // CSS needs none.
    if css.contains('\\') {
        return true;
    }
    let css = compact(&css.to_ascii_lowercase());
    if css.contains("@import")
        || css.contains("expression(")
        || css.contains("javascript:")
        || css.contains("behavior:")
        || css.contains("-moz-binding")
    {
        return true;
    }
    css.match_indices("url(").any(|(at, _)| {
        let rest = css[at + 4..].trim_start_matches(['"', '\'']);
        !internal_reference(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(svg: &str) -> String {
        String::from_utf8(sanitize(svg.as_bytes()).expect("sanitises")).expect("utf-8")
    }

    #[test]
    fn a_drawing_keeps_its_shapes_styles_and_internal_references() {
        let svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
                   xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">\
                   <defs><linearGradient id=\"g\"/></defs>\
                   <style>.a { fill: url(#g); }</style>\
                   <rect class=\"a\" width=\"10\" height=\"5\" style=\"stroke: red\"/>\
                   <use xlink:href=\"#g\"/><text>A &amp; B &#x2192;</text></svg>";
        assert_eq!(clean(svg), svg);
        // A single-quoted value holding a double quote is quoted again.
        let quoted = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text title='say \"hi\" &amp; go'>x</text></svg>";
        assert_eq!(
            clean(quoted),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><text title=\"say &quot;hi&quot; &amp; go\">x</text></svg>"
        );
    }

    #[test]
    fn script_handlers_and_external_references_are_removed() {
        let payloads = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script><rect/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect ONCLICK='x()'/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><iframe src=\"javascript:alert(1)\"/></foreignObject></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"java\tscript:alert(1)\"><text>x</text></a></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"https://evil.example/\"><text>x</text></a></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><set attributeName=\"href\" to=\"javascript:alert(1)\"/><text>x</text></a></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@import url(https://evil.example/x.css);</style></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect style=\"fill: url(https://evil.example/p)\"/></svg>",
            "<?xml-stylesheet href=\"https://evil.example/x.xsl\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>",
            "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"><svg:script>alert(1)</svg:script></svg:svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/></svg>",
            // A review's bypasses of the first version.
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@imp&#111;rt \"https://evil.example/e.css\"; rect{fill:u&#114;l(https://evil.example/p)}</style></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@\\69mport \"https://evil.example/x.css\";</style><rect style=\"fill:u\\72l(https://evil.example/p)\"/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><style><g></g>@import url(https://evil.example/y.css);</style></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:img srcset=\"https://evil.example/a.png 1x\"/><h:meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\"/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect fill=\"url(https://evil.example/p)\" filter=\"url(#ok)\"/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xml:base=\"https://evil.example/\"><use href=\"#x\"/></svg>",
        ];
        for payload in payloads {
            let out = clean(payload).to_ascii_lowercase();
            for bad in [
                "script",
                "onload",
                "onclick",
                "javascript",
                "evil.example",
                "foreignobject",
                "iframe",
                "<set",
                "&b;",
                "entity",
                "data:image/svg",
            ] {
                assert!(!out.contains(bad), "{payload}\n  kept {bad}: {out}");
            }
        }
    }

    #[test]
    fn what_is_not_well_formed_svg_is_not_published() {
        for bad in [
            "<svg><rect></svg>",
            "not xml at all",
            "",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/><g><text>truncated",
            // ESC ( B: read as a name here, dropped by an ISO-2022-JP reader.
            "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><\u{1b}(Bscript>alert(1)</\u{1b}(Bscript></svg>",
        ] {
            assert!(sanitize(bad.as_bytes()).is_err(), "{bad:?}");
        }
        assert!(sanitize(b"\xff\xfe<svg/>").is_err());
        // An odd attribute name drops its element; the declaration is UTF-8.
        let out = String::from_utf8(
            sanitize(
                "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><rect \u{1b}(Bonload=\"x()\"/></svg>"
                    .as_bytes(),
            )
            .expect("sanitises"),
        )
        .expect("utf-8");
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"
        );
        let err = sanitize(b"<svg>\n<rect></svg>").unwrap_err();
        assert!(err.contains("at line 2, column"), "{err}");
    }
}
