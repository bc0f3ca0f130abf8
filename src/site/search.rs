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

/// Pages tokenised together by one task: enough to amortise a task's term
/// table, few enough to keep both threads busy.
const PAGES_PER_RUN: usize = 256;
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

/// The words of `text` that become terms: runs of letters and digits, at
/// least two characters long, as `search.js` splits a query.
fn words(text: &str) -> impl Iterator<Item = &str> + '_ {
    Words { text, at: 0 }.filter(|w| w.len() > 1 && (w.is_ascii() || w.chars().nth(1).is_some()))
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

/// Posting lists of a run of consecutive pages: for each term, the global
/// numbers of the sections it occurs in, ascending.
///
/// Why this shape: a vault has millions of words but a vocabulary of tens of
/// thousands, so each word costs one lookup in a small, cache-resident table
/// and at most one push, and nothing per word is kept. Runs of pages are
/// indexed in parallel and appended in page order ([`TermIndex::append`]),
/// which keeps every list ascending without a sort.
#[derive(Default)]
struct TermIndex<'a> {
    ids: FastMap<Cow<'a, str>, u32>,
    /// Terms by id, in first-seen order.
    terms: Vec<Cow<'a, str>>,
    postings: Vec<Vec<u32>>,
}

impl<'a> TermIndex<'a> {
    /// Record that every term of `text` occurs in `section`. `lower` is a
    /// scratch buffer for lower-casing, so only a new term allocates.
    fn add_text(&mut self, text: &'a str, section: u32, lower: &mut String) {
        for word in words(text) {
            let term: &str = if word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                word
            } else {
                lower.clear();
                if word.is_ascii() {
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                } else {
                    lower.push_str(&word.to_lowercase());
                }
                lower
            };
            let id = match self.ids.get(term) {
                Some(&id) => id,
                None => {
                    let key = if std::ptr::eq(term, word) {
                        Cow::Borrowed(word)
                    } else {
                        Cow::Owned(term.to_string())
                    };
                    self.new_term(key, Vec::new())
                }
            };
            let list = &mut self.postings[id as usize];
            if list.last() != Some(&section) {
                list.push(section);
            }
        }
    }

    fn new_term(&mut self, term: Cow<'a, str>, postings: Vec<u32>) -> u32 {
        let id = self.terms.len() as u32;
        self.ids.insert(term.clone(), id);
        self.terms.push(term);
        self.postings.push(postings);
        id
    }

    /// This index followed by `later`, whose sections all come after ours.
    fn append(mut self, later: TermIndex<'a>) -> TermIndex<'a> {
        if self.terms.is_empty() {
            return later;
        }
        for (term, list) in later.terms.into_iter().zip(later.postings) {
            match self.ids.get(term.as_ref()) {
                Some(&id) => self.postings[id as usize].extend(list),
                None => {
                    self.new_term(term, list);
                }
            }
        }
        self
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

/// A hash map keyed by short strings, hashed with [`FastHasher`].
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

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
    let shards = shard_count(docs.iter().map(|d| d.sections.len()).sum());
    let mut first_section = Vec::with_capacity(docs.len());
    let mut total = 0u32;
    for doc in docs {
        first_section.push(total);
        total += doc.sections.len() as u32;
    }
    // Runs of pages are tokenised in parallel, then appended in page order.
    let index = docs
        .par_chunks(PAGES_PER_RUN)
        .enumerate()
        .map(|(run, pages)| {
            let mut index = TermIndex::default();
            let mut lower = String::new();
            for (k, doc) in pages.iter().enumerate() {
                let first = first_section[run * PAGES_PER_RUN + k];
                index.add_text(&doc.title, first, &mut lower);
                for (s, section) in doc.sections.iter().enumerate() {
                    let s = first + s as u32;
                    index.add_text(&section.heading, s, &mut lower);
                    index.add_text(&section.text, s, &mut lower);
                }
            }
            index
        })
        .reduce(TermIndex::default, TermIndex::append);
    let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); shards];
    for (id, term) in index.terms.iter().enumerate() {
        by_shard[shard_of(term, shards)].push(id as u32);
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
            let mut terms: Vec<(&str, &[u32])> = by_shard[s]
                .iter()
                .map(|&id| {
                    (
                        index.terms[id as usize].as_ref(),
                        index.postings[id as usize].as_slice(),
                    )
                })
                .collect();
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
        let mut index = TermIndex::default();
        index.add_text(
            "Roll-back, a Überprüfung of v2 — ok? OK",
            0,
            &mut String::new(),
        );
        let terms: Vec<&str> = index.terms.iter().map(|t| t.as_ref()).collect();
        assert_eq!(terms, ["roll", "back", "überprüfung", "of", "v2", "ok"]);
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
    fn posting_lists_stay_ascending_across_runs_of_pages() {
        // More pages than one run, so runs are indexed apart and appended.
        let pages = PAGES_PER_RUN * 2 + 7;
        let docs: Vec<Doc> = (0..pages)
            .map(|n| Doc {
                title: format!("Page {n}"),
                url: format!("p{n}.html"),
                sections: vec![Section {
                    text: if n % 2 == 0 {
                        "shared even words".into()
                    } else {
                        "shared odd".into()
                    },
                    ..Section::default()
                }],
            })
            .collect();
        let files: std::collections::BTreeMap<String, String> = build(&docs).into_iter().collect();
        let shards = shard_count(pages);
        let shard = |t: &str| files[&format!("terms-{}.js", shard_of(t, shards))].clone();
        let all: Vec<String> = (0..pages).map(|n| n.to_string()).collect();
        assert!(
            shard("shared").contains(&format!(r#""shared":[{}]"#, all.join(","))),
            "{}",
            shard("shared")
        );
        let odd: Vec<String> = (1..pages).step_by(2).map(|n| n.to_string()).collect();
        assert!(shard("odd").contains(&format!(r#""odd":[{}]"#, odd.join(","))));
        // Each page number is a term of its own page only.
        assert!(shard("300").contains(r#""300":[300]"#));
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
