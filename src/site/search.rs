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

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
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
pub fn terms(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    Words { text, at: 0 }
        .filter(|w| w.len() > 1 && (w.is_ascii() || w.chars().nth(1).is_some()))
        .map(|w| {
            // Most words are lower-case ASCII already: borrow them rather
            // than allocate millions of copies.
            if w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            }
        })
}

/// Runs of alphanumeric characters, with a byte-wise fast path for ASCII
/// (the tokeniser reads every byte of the vault).
struct Words<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Words<'t> {
    /// The alphanumeric character at byte `i`, and its length, if it is one.
    fn word_char(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[i];
        if b < 0x80 {
            return (b.is_ascii_alphanumeric(), 1);
        }
        match self.text[i..].chars().next() {
            Some(c) => (c.is_alphanumeric(), c.len_utf8()),
            None => (false, 1),
        }
    }
}

impl<'t> Iterator for Words<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let len = self.text.len();
        while self.at < len {
            let (is_word, n) = self.word_char(self.at);
            if is_word {
                break;
            }
            self.at += n;
        }
        if self.at >= len {
            return None;
        }
        let start = self.at;
        while self.at < len {
            let (is_word, n) = self.word_char(self.at);
            if !is_word {
                break;
            }
            self.at += n;
        }
        Some(&self.text[start..self.at])
    }
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
    // Only the start is kept: never normalise a whole long section.
    let head = match text.char_indices().nth(SNIPPET_CHARS * 2) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let text = head.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => {
            let cut = text[..cut]
                .rfind(' ')
                .filter(|&n| n > SNIPPET_CHARS / 2)
                .unwrap_or(cut);
            format!("{}…", &text[..cut])
        }
        None => text,
    }
}

/// One page's (term, section-within-page) pairs, by shard.
struct ShardBuckets<'a> {
    /// (term, section within the page), grouped by shard.
    pairs: Vec<(Cow<'a, str>, u32)>,
    /// Where each shard's group starts in `pairs` (one more than shards).
    starts: Vec<u32>,
}

impl<'a> ShardBuckets<'a> {
    /// Group `(shard, term, section)` triples by shard: one allocation per
    /// page instead of one per page and shard (millions, on a large vault).
    fn new(mut triples: Vec<(u32, Cow<'a, str>, u32)>, shards: usize) -> Self {
        // By shard, then section: each posting list comes out ascending.
        triples.sort_unstable_by_key(|t| (t.0, t.2));
        let mut starts = vec![0u32; shards + 1];
        for t in &triples {
            starts[t.0 as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        ShardBuckets {
            pairs: triples.into_iter().map(|(_, w, s)| (w, s)).collect(),
            starts,
        }
    }

    fn shard(&self, s: usize) -> &[(Cow<'a, str>, u32)] {
        &self.pairs[self.starts[s] as usize..self.starts[s + 1] as usize]
    }
}

/// FxHash (rustc's hasher): the merge hashes millions of short terms, where
/// SipHash's DoS resistance buys nothing and costs most of the time.
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A number's decimal digits, without allocating.
fn itoa(mut n: u32, buf: &mut [u8; 10]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("0")
}

/// A script that puts `json` at `target` in `window.phasebookSearch`.
fn js_assign_raw(target: &str, json: &str) -> String {
    format!(
        "var phasebookSearch=window.phasebookSearch=window.phasebookSearch||{{}};\
         phasebookSearch.sections=phasebookSearch.sections||{{}};\
         phasebookSearch.terms=phasebookSearch.terms||{{}};\n{target}={json};\n"
    )
}

fn js_assign(target: &str, value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    js_assign_raw(target, &json)
}

/// The index files, as (file name under `_phasebook/search/`, content).
pub fn build(docs: &[Doc]) -> Vec<(String, String)> {
    // Tokenising and merging are the expensive part, so both run in
    // parallel: each page's sections are tokenised (terms sorted and
    // deduplicated per section) and bucketed by shard; then each shard
    // merges its buckets in page order, so every posting list is ascending.
    let shards = shard_count(docs.iter().map(|d| d.sections.len()).sum());
    let per_doc: Vec<ShardBuckets<'_>> = docs
        .par_iter()
        .map(|doc| {
            let mut triples: Vec<(u32, Cow<'_, str>, u32)> = Vec::new();
            for (s, section) in doc.sections.iter().enumerate() {
                let title = if s == 0 { doc.title.as_str() } else { "" };
                // Repeats are kept here and dropped in the merge, where a
                // posting list only grows by a section it does not end
                // with: sorting every section's words cost more.
                for word in terms(title)
                    .chain(terms(&section.heading))
                    .chain(terms(&section.text))
                {
                    triples.push((shard_of(&word, shards) as u32, word, s as u32));
                }
            }
            ShardBuckets::new(triples, shards)
        })
        .collect();
    let mut first_section = Vec::with_capacity(docs.len());
    let mut total = 0u32;
    for doc in docs {
        first_section.push(total);
        total += doc.sections.len() as u32;
    }
    let doc_rows: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d.title.as_str(), d.url.as_str()))
        .collect();
    let section_rows: Vec<(usize, &str, &str, String)> = docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, doc)| {
            doc.sections
                .iter()
                .map(move |s| (d, s.anchor.as_str(), s.heading.as_str(), snippet(&s.text)))
        })
        .collect();
    let term_files: Vec<(String, String)> = (0..shards)
        .into_par_iter()
        .map(|s| {
            let mut postings: HashMap<&str, Vec<u32>, BuildHasherDefault<FastHasher>> =
                HashMap::default();
            for (d, buckets) in per_doc.iter().enumerate() {
                for (word, local) in buckets.shard(s) {
                    let id = first_section[d] + local;
                    let list = postings.entry(word.as_ref()).or_default();
                    if list.last() != Some(&id) {
                        list.push(id);
                    }
                }
            }
            let mut terms: Vec<(&str, Vec<u32>)> = postings.into_iter().collect();
            terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let mut json = String::with_capacity(terms.len() * 16);
            json.push('{');
            for (n, (word, ids)) in terms.iter().enumerate() {
                if n > 0 {
                    json.push(',');
                }
                json.push_str(&serde_json::to_string(word).unwrap_or_default());
                json.push_str(":[");
                for (k, id) in ids.iter().enumerate() {
                    if k > 0 {
                        json.push(',');
                    }
                    json.push_str(itoa(*id, &mut [0u8; 10]));
                }
                json.push(']');
            }
            json.push('}');
            (
                format!("terms-{s}.js"),
                js_assign_raw(&format!("phasebookSearch.terms[{s}]"), &json),
            )
        })
        .collect();
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
    files.push((
        "docs.js".to_string(),
        js_assign("phasebookSearch.docs", &doc_rows),
    ));
    for (k, chunk) in section_rows.chunks(CHUNK).enumerate() {
        files.push((
            format!("sections-{k}.js"),
            js_assign(&format!("phasebookSearch.sections[{k}]"), &chunk),
        ));
    }
    files.extend(term_files);
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_the_script() {
        let words: Vec<String> = terms("Roll-back, a Überprüfung of v2 — ok?")
            .map(Cow::into_owned)
            .collect();
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
        let files: std::collections::BTreeMap<String, String> = build(&docs).into_iter().collect();
        let shard = |t: &str| files[&format!("terms-{}.js", shard_of(t, 8))].clone();
        assert!(
            shard("rollback").contains(r#""rollback":[0]"#),
            "{}",
            shard("rollback")
        );
        assert!(shard("revert").contains(r#""revert":[1]"#));
        assert!(shard("steps").contains(r#""steps":[1]"#));
        assert!(
            files["sections-0.js"]
                .contains(r#"[0,"steps","Steps","Revert the deploy, then verify."]"#)
        );
        assert!(files["docs.js"].contains(r#"[["Rollback plan","a/Rollback%20plan.html"]]"#));
        assert!(files["meta.js"].contains(r#""shards":8"#));
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(
            s.ends_with('…') && s.chars().count() <= SNIPPET_CHARS + 1,
            "{s}"
        );
    }
}
