//! The search index, built at build time and searched in the browser by
//! `search.js`, with no server.
//!
//! Every file of the index is a script that assigns into
//! `window.phasebookSearch`, so it loads from `file://` (where `fetch` of a
//! local file is refused) as well as over HTTP. The index is split so a
//! query loads only what it needs: the document list once, one term shard
//! per query word (all terms sharing their first two characters are in one
//! shard, so the prefix search on the last word needs one), and the section
//! chunks holding the top results' snippets. The format is documented in
//! `docs/site-templates.md`; `search.js` reads it.

use std::collections::BTreeMap;

use serde::Serialize;

/// Sections per `sections-K.js` chunk.
pub const CHUNK: usize = 500;
/// Characters of a section's text kept as its snippet.
const SNIPPET_CHARS: usize = 160;

/// A searchable section of a page: the text under one heading (or before
/// the first one).
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// Heading id, or empty for the top of the page.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// One page in the index.
#[derive(Debug, Clone)]
pub struct Doc {
    pub title: String,
    /// Root-relative, percent-encoded URL.
    pub url: String,
    pub sections: Vec<Section>,
}

/// Lower-cased runs of letters and digits, at least two characters long:
/// the same tokens `search.js` makes of a query.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some())
        .map(|w| w.to_lowercase())
}

/// The shard of a term: `(c0 * 31 + c1) % shards` over its first two UTF-16
/// code units, as `search.js` computes it.
pub fn shard_of(term: &str, shards: usize) -> usize {
    let mut units = term.encode_utf16();
    let c0 = units.next().unwrap_or(0) as usize;
    let c1 = units.next().unwrap_or(0) as usize;
    (c0 * 31 + c1) % shards.max(1)
}

/// How many shards an index of `sections` sections gets: a few for a small
/// handbook, more as it grows, so one shard stays a small download.
fn shard_count(sections: usize) -> usize {
    match sections {
        0..=2_000 => 8,
        2_001..=20_000 => 64,
        _ => 256,
    }
}

fn snippet(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => {
            let cut = text[..cut].rfind(' ').filter(|&n| n > SNIPPET_CHARS / 2).unwrap_or(cut);
            format!("{}…", &text[..cut])
        }
        None => text,
    }
}

fn js_assign(target: &str, value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    format!(
        "var phasebookSearch=window.phasebookSearch=window.phasebookSearch||{{}};\
         phasebookSearch.sections=phasebookSearch.sections||{{}};\
         phasebookSearch.terms=phasebookSearch.terms||{{}};\n{target}={json};\n"
    )
}

/// The index files, as (file name under `_phasebook/search/`, content).
pub fn build(docs: &[Doc]) -> Vec<(String, String)> {
    let mut doc_rows: Vec<(&str, &str)> = Vec::with_capacity(docs.len());
    let mut section_rows: Vec<(usize, &str, &str, String)> = Vec::new();
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (d, doc) in docs.iter().enumerate() {
        doc_rows.push((&doc.title, &doc.url));
        for (s, section) in doc.sections.iter().enumerate() {
            let id = section_rows.len() as u32;
            section_rows.push((d, &section.anchor, &section.heading, snippet(&section.text)));
            let title = if s == 0 { doc.title.as_str() } else { "" };
            for term in terms(title)
                .chain(terms(&section.heading))
                .chain(terms(&section.text))
            {
                let list = postings.entry(term).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
    }
    let shards = shard_count(section_rows.len());
    let mut files = Vec::new();
    let chunks = section_rows.len().div_ceil(CHUNK);
    files.push((
        "meta.js".to_string(),
        js_assign(
            "phasebookSearch.meta",
            &serde_json::json!({
                "version": 1,
                "docs": doc_rows.len(),
                "sections": section_rows.len(),
                "chunk": CHUNK,
                "chunks": chunks,
                "shards": shards,
            }),
        ),
    ));
    files.push(("docs.js".to_string(), js_assign("phasebookSearch.docs", &doc_rows)));
    for (k, chunk) in section_rows.chunks(CHUNK).enumerate() {
        files.push((
            format!("sections-{k}.js"),
            js_assign(&format!("phasebookSearch.sections[{k}]"), &chunk),
        ));
    }
    let mut by_shard: Vec<BTreeMap<&str, &Vec<u32>>> = vec![BTreeMap::new(); shards];
    for (term, list) in &postings {
        by_shard[shard_of(term, shards)].insert(term, list);
    }
    for (s, terms) in by_shard.iter().enumerate() {
        files.push((
            format!("terms-{s}.js"),
            js_assign(&format!("phasebookSearch.terms[{s}]"), terms),
        ));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_the_script() {
        let words: Vec<String> = terms("Roll-back, a Überprüfung of v2 — ok?").collect();
        assert_eq!(words, ["roll", "back", "überprüfung", "of", "v2", "ok"]);
    }

    #[test]
    fn shards_follow_the_documented_formula() {
        assert_eq!(shard_of("ab", 64), (97 * 31 + 98) % 64);
        assert_eq!(shard_of("abc", 64), shard_of("ab", 64));
        assert_eq!(shard_of("é", 8), (0xE9 * 31) % 8);
    }

    #[test]
    fn the_index_maps_terms_to_sections() {
        let docs = vec![Doc {
            title: "Rollback plan".into(),
            url: "a/Rollback%20plan.html".into(),
            sections: vec![
                Section {
                    text: "How we undo a release.".into(),
                    ..Section::default()
                },
                Section {
                    anchor: "steps".into(),
                    heading: "Steps".into(),
                    text: "Revert the deploy, then verify.".into(),
                },
            ],
        }];
        let files: BTreeMap<String, String> = build(&docs).into_iter().collect();
        let shard = |t: &str| files[&format!("terms-{}.js", shard_of(t, 8))].clone();
        assert!(shard("rollback").contains(r#""rollback":[0]"#), "{}", shard("rollback"));
        assert!(shard("revert").contains(r#""revert":[1]"#));
        assert!(shard("steps").contains(r#""steps":[1]"#));
        assert!(files["sections-0.js"].contains(r#"[0,"steps","Steps","Revert the deploy, then verify."]"#));
        assert!(files["docs.js"].contains(r#"[["Rollback plan","a/Rollback%20plan.html"]]"#));
        assert!(files["meta.js"].contains(r#""shards":8"#));
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with('…') && s.chars().count() <= SNIPPET_CHARS + 1, "{s}");
    }
}
