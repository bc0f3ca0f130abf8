//! LaTeX math to MathML (OBSIDIAN-RENDERING R8), at build time, with the
//! `pulldown-latex` crate (MathML Core, which browsers draw natively): no
//! script, no network. A leaf both the site (which renders math) and the
//! linter (`math-invalid`, which reports what does not render) use, so the
//! two agree on what renders.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// The most TeX one formula may hold, and the deepest `{…}` nesting.
const MAX_LEN: usize = 32 << 10;
const MAX_DEPTH: usize = 64;

/// The deepest `{` nesting of `tex` (escaped braces not counted).
fn depth(tex: &str) -> usize {
    let (mut deepest, mut open, mut escaped) = (0usize, 0usize, false);
    for b in tex.bytes() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'{' => {
                open += 1;
                deepest = deepest.max(open);
            }
            b'}' => open = open.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// `tex` as a `<math>` element (`display` for `$$…$$`), or why it cannot
/// be rendered: the first problem the parser found.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, String> {
    // Bounded before parsing: the parser's time grows faster than the
    // input on deep nesting (100,000 nested braces took over a minute), and
    // no formula a reader can read comes near these.
    if tex.len() > MAX_LEN {
        return Err(format!("longer than {} KiB", MAX_LEN >> 10));
    }
    if depth(tex) > MAX_DEPTH {
        return Err(format!("nested deeper than {MAX_DEPTH} groups"));
    }
    // MathJax (Obsidian's) breaks display math at a top-level `\\`;
    // pulldown-latex takes line breaks only inside an environment.
    let wrapped;
    let source = if display && tex.contains(r"\\") && !tex.contains(r"\begin") {
        wrapped = format!(r"\begin{{gathered}}{tex}\end{{gathered}}");
        wrapped.as_str()
    } else {
        tex
    };
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(source, &storage).collect();
    if let Some(Err(err)) = events.iter().find(|e| e.is_err()) {
        let message = err.to_string();
        let first = message.lines().next().unwrap_or("").trim();
        return Err(first
            .strip_prefix("parsing error: ")
            .unwrap_or(first)
            .to_string());
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(tex),
        ..RenderConfig::default()
    };
    let mut out = String::with_capacity(tex.len() * 8);
    push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_becomes_mathml_and_bad_latex_an_error() {
        let inline = to_mathml(r"e^{i\pi} + 1 = 0", false).unwrap();
        assert!(inline.starts_with("<math"), "{inline}");
        assert!(inline.contains("<msup>"), "{inline}");
        let block = to_mathml(r"\frac{a}{b} \\ c", true).unwrap();
        assert!(block.contains("display=\"block\""), "{block}");
        assert!(to_mathml(r"\frac{a}{", false).is_err());
        assert!(to_mathml(r"\notacommand x", false).is_err());
    }

    #[test]
    fn deep_or_long_math_is_refused_at_once() {
        let braces = format!("{}x{}", "{".repeat(100_000), "}".repeat(100_000));
        assert_eq!(
            to_mathml(&braces, false),
            Err("longer than 32 KiB".to_string())
        );
        let deep = format!("{}x{}", "{".repeat(65), "}".repeat(65));
        assert_eq!(
            to_mathml(&deep, false),
            Err("nested deeper than 64 groups".to_string())
        );
        let fine = format!("{}x{}", "{".repeat(64), "}".repeat(64));
        assert!(to_mathml(&fine, false).is_ok());
        assert!(
            to_mathml(r"\{ \{ x", false).is_ok(),
            "escaped braces do not nest"
        );
    }
}
