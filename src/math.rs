//! LaTeX math to MathML (OBSIDIAN-RENDERING R8), at build time, with the
//! `pulldown-latex` crate (MathML Core, which browsers draw natively): no
//! script, no network. A leaf both the site (which renders math) and the
//! linter (`math-invalid`, which reports what does not render) use, so the
//! two agree on what renders.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// `tex` as a `<math>` element (`display` for `$$…$$`), or why it cannot
/// be rendered: the first problem the parser found.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, String> {
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
}
