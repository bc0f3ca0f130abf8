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

use rayon::prelude::*;

use crate::FastMap;
use serde::Serialize;

/// Sections per `sections-K.js` chunk.
pub(crate) const CHUNK: usize = 500;
/// Characters of a section's text kept as its snippet.
const SNIPPET_CHARS: usize = 160;

/// A searchable section of a page: the text under one heading (or before
/// the first one).
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
pub struct Section {
    /// Heading id, or empty for the top of the page.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// What a byte is to the tokeniser. Most text is ASCII, so one table
/// lookup per byte decides, and only the bytes of other characters are
/// decoded (the tokeniser reads every word of the vault; with two range
/// tests per byte it took a sixth more instructions).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ASCII, neither letter nor digit.
    Gap,
    /// `a`–`z`, `0`–`9`: already as the index keeps it.
    Plain,
    /// `A`–`Z`.
    Upper,
    /// Part of a multi-byte character: decode it to know.
    Wide,
}

static CLASS: [Class; 256] = {
    let mut table = [Class::Gap; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => Class::Plain,
            b'A'..=b'Z' => Class::Upper,
            0x80..=0xff => Class::Wide,
            _ => Class::Gap,
        };
        b += 1;
    }
    table
};

/// Whether the character starting at byte `at` of `text` (not ASCII) is a
/// letter or digit, and its length in bytes.
fn wide_word_char(text: &str, at: usize) -> (bool, usize) {
    match text.get(at..).and_then(|rest| rest.chars().next()) {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    }
}

/// The shard of a term: `(c0 * 31 + c1) % shards` over its first two UTF-16
/// code units, as `search.js` computes it.
pub(crate) fn shard_of(term: &str, shards: usize) -> usize {
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
    // One pass over at most the first 2 × SNIPPET_CHARS characters (never a
    // whole long section): whitespace runs become one space, the ends are
    // trimmed, and past SNIPPET_CHARS characters the text is cut at a word.
    let mut out = String::with_capacity(SNIPPET_CHARS + 16);
    let mut count = 0;
    // Bytes of `out` when it held SNIPPET_CHARS characters.
    let mut full_at = None;
    let mut pending_space = false;
    let mut push = |out: &mut String, c: char, count: &mut usize| {
        if *count == SNIPPET_CHARS {
            full_at = Some(out.len());
        }
        out.push(c);
        *count += 1;
    };
    for c in text.chars().take(SNIPPET_CHARS * 2) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            push(&mut out, ' ', &mut count);
            pending_space = false;
        }
        push(&mut out, c, &mut count);
        if count > SNIPPET_CHARS {
            break;
        }
    }
    match full_at {
        Some(cut) => {
            let cut = out[..cut]
                .rfind(' ')
                .filter(|&n| n > SNIPPET_CHARS / 2)
                .unwrap_or(cut);
            out.truncate(cut);
            out.push('…');
            out
        }
        None => out,
    }
}

/// Posting lists of a run of consecutive pages: for each term, the numbers
/// of the sections it occurs in, ascending, counted from the run's first
/// section.
///
/// Why this shape: a vault has millions of words but a vocabulary of tens of
/// thousands, so each word costs one lookup in a small, cache-resident table
/// and at most one push, and nothing per word is kept. Runs of pages are
/// indexed in parallel and joined in page order ([`finish`]), which keeps
/// every list ascending without sorting it.
#[derive(Default)]
struct TermIndex {
    /// Each term, held once, with its posting list. The order of terms is
    /// free: [`finish`] sorts each shard's terms.
    postings: FastMap<Box<str>, Vec<u32>>,
}

impl TermIndex {
    /// Record that every term of `text` occurs in `section`. `lower` is a
    /// scratch buffer for lower-casing, so only a new term allocates.
    fn add_text(&mut self, text: &str, section: u32, lower: &mut String) {
        // One pass over the bytes: words are runs of letters and digits,
        // noted on the way as plain (lower-case ASCII already, the common
        // case) or not.
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            match CLASS[bytes[at] as usize] {
                Class::Gap => {
                    at += 1;
                    continue;
                }
                Class::Wide => {
                    let (is_word, n) = wide_word_char(text, at);
                    if !is_word {
                        at += n;
                        continue;
                    }
                }
                Class::Plain | Class::Upper => {}
            }
            let start = at;
            let mut plain = true;
            while at < bytes.len() {
                match CLASS[bytes[at] as usize] {
                    Class::Plain => at += 1,
                    Class::Upper => {
                        plain = false;
                        at += 1;
                    }
                    Class::Wide => {
                        let (is_word, n) = wide_word_char(text, at);
                        if !is_word {
                            break;
                        }
                        plain = false;
                        at += n;
                    }
                    Class::Gap => break,
                }
            }
            let word = &text[start..at];
            // At least two characters, as `search.js` keeps them.
            if word.len() < 2 || (!word.is_ascii() && word.chars().nth(1).is_none()) {
                continue;
            }
            self.add_word(word, plain, section, lower);
        }
    }

    fn add_word(&mut self, word: &str, plain: bool, section: u32, lower: &mut String) {
        let term: &str = if plain {
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
        match self.postings.get_mut(term) {
            Some(list) => {
                if list.last() != Some(&section) {
                    list.push(section);
                }
            }
            None => {
                self.postings.insert(term.into(), vec![section]);
            }
        }
    }
}

/// The index of a run of consecutive pages, made where the pages are
/// rendered (`site::Build` feeds each page's sections in as it renders the
/// page, then drops them), and joined to the other runs by [`finish`].
/// Why: the text of every page, kept until all pages were rendered, was
/// 55 MB more memory on a 10,000-note build.
///
/// A run is held from its pages to the search stage, so once complete it
/// is packed ([`Run::pack`]): its terms and their lists, and its sections'
/// texts, end to end in a few buffers ([`Terms`], [`Rows`]). As a table
/// of terms and a string for each text, the runs of a 10,000-note build
/// held 24 MB.
#[derive(Default)]
pub struct Run {
    /// The terms of the pages added since the run was last packed.
    index: TermIndex,
    /// The terms packed ([`Run::pack`], or read back from the build's
    /// record by [`Run::from_saved`]).
    terms: Terms,
    /// (title, URL) of each page.
    docs: Vec<(String, String)>,
    /// (page within the run, anchor, heading, snippet) of each section.
    sections: Rows,
    lower: String,
}

/// Terms and their posting lists, end to end: see [`Run`].
#[derive(Default)]
struct Terms {
    text: String,
    /// For each term, where its text ends in `text` and its list in `ids`.
    ends: Vec<(u32, u32)>,
    ids: Vec<u32>,
}

/// A length or offset into one run's buffers: far below 4 GiB (a run's
/// vocabulary and snippets); were it not, the text read back is empty,
/// never a panic.
fn offset(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Terms {
    fn push(&mut self, term: &str, list: &[u32]) {
        self.text.push_str(term);
        self.ids.extend_from_slice(list);
        self.ends
            .push((offset(self.text.len()), offset(self.ids.len())));
    }

    /// Each term with its list.
    fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &[u32])> + '_ {
        (0..self.ends.len()).map(|k| {
            let (t0, i0) = k.checked_sub(1).map_or((0, 0), |before| self.ends[before]);
            let (t1, i1) = self.ends[k];
            let term = self.text.get(t0 as usize..t1 as usize).unwrap_or("");
            let ids = self.ids.get(i0 as usize..i1 as usize).unwrap_or(&[]);
            (term, ids)
        })
    }
}

/// Sections' rows, their texts end to end: see [`Run`].
#[derive(Default)]
struct Rows {
    text: String,
    /// For each section: its page within the run, and where its anchor,
    /// heading and snippet end in `text`.
    rows: Vec<(u32, [u32; 3])>,
}

impl Rows {
    fn push(&mut self, doc: usize, anchor: &str, heading: &str, snippet: &str) {
        let mut ends = [0; 3];
        for (end, part) in ends.iter_mut().zip([anchor, heading, snippet]) {
            self.text.push_str(part);
            *end = offset(self.text.len());
        }
        self.rows.push((offset(doc), ends));
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    /// Each section: (page within the run, anchor, heading, snippet).
    fn iter(&self) -> impl ExactSizeIterator<Item = (usize, &str, &str, &str)> + '_ {
        let mut start = 0;
        self.rows.iter().map(move |&(doc, ends)| {
            let mut parts = [""; 3];
            for (part, end) in parts.iter_mut().zip(ends) {
                *part = self.text.get(start as usize..end as usize).unwrap_or("");
                start = end;
            }
            (doc as usize, parts[0], parts[1], parts[2])
        })
    }
}

/// A run as the build's record keeps it (`super::reuse`), so that a run of
/// pages taken from the previous site is not indexed again.
#[derive(Serialize)]
pub struct RunToSave<'a> {
    /// Written as a sequence of (term, list) pairs, as [`SavedRun`] reads
    /// them back.
    terms: SavedTerms<'a>,
    docs: &'a [(String, String)],
    sections: SavedRows<'a>,
}

/// A run's terms, packed or not, as a sequence of (term, list).
struct SavedTerms<'a>(&'a Run);

impl Serialize for SavedTerms<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let run = self.0;
        let fresh = (run.index.postings.iter()).map(|(term, list)| (&**term, list.as_slice()));
        serializer.collect_seq(fresh.chain(run.terms.iter()))
    }
}

/// A run's sections as a sequence of (page, anchor, heading, snippet).
struct SavedRows<'a>(&'a Rows);

impl Serialize for SavedRows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

/// A run read back from the build's record.
#[derive(Debug, serde::Deserialize)]
pub struct SavedRun {
    terms: Vec<Posting>,
    docs: Vec<(String, String)>,
    sections: Vec<(usize, String, String, String)>,
}

impl Run {
    /// What the build's record keeps of the run.
    pub fn to_save(&self) -> RunToSave<'_> {
        RunToSave {
            terms: SavedTerms(self),
            docs: &self.docs,
            sections: SavedRows(&self.sections),
        }
    }

    /// The run the record kept.
    pub fn from_saved(saved: SavedRun) -> Run {
        let mut run = Run {
            docs: saved.docs,
            ..Run::default()
        };
        for (term, list) in &saved.terms {
            run.terms.push(term, list);
        }
        for (doc, anchor, heading, snippet) in &saved.sections {
            run.sections.push(*doc, anchor, heading, snippet);
        }
        run.pack();
        run
    }

    /// Add the next page: its title, root-relative percent-encoded URL and
    /// sections (only their snippets are kept).
    pub fn add(&mut self, title: &str, url: String, sections: &[Section]) {
        let doc = self.docs.len();
        let first = offset(self.sections.len());
        self.index.add_text(title, first, &mut self.lower);
        for (k, section) in sections.iter().enumerate() {
            let number = first + k as u32;
            self.index
                .add_text(&section.heading, number, &mut self.lower);
            self.index.add_text(&section.text, number, &mut self.lower);
            let snippet = snippet(&section.text);
            self.sections
                .push(doc, &section.anchor, &section.heading, &snippet);
        }
        self.docs.push((title.to_string(), url));
    }

    /// Pack the terms of the pages added, and give back what the buffers
    /// grew by and do not use: the run is complete and kept to the end of
    /// the pages stage.
    pub fn pack(&mut self) {
        let postings = std::mem::take(&mut self.index.postings);
        for (term, list) in &postings {
            self.terms.push(term, list);
        }
        drop(postings);
        self.lower = String::new();
        self.terms.text.shrink_to_fit();
        self.terms.ends.shrink_to_fit();
        self.terms.ids.shrink_to_fit();
        self.sections.text.shrink_to_fit();
        self.sections.rows.shrink_to_fit();
        self.docs.shrink_to_fit();
    }
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

/// Build stage 6, *search*: the index files of `runs` (the pages stage's,
/// in page order) written under the asset folder; gives their total size.
pub(super) fn write(runs: Vec<Run>, staging: &super::output::Staging) -> anyhow::Result<usize> {
    let index = finish(runs);
    let bytes = index.iter().map(|(_, text)| text.len()).sum();
    index.into_par_iter().try_for_each(|(name, text)| {
        staging.put(&super::output::Output {
            path: format!("{}/search/{name}", super::urls::ASSET_DIR),
            content: super::output::Content::Bytes(text.into_bytes()),
        })
    })?;
    Ok(bytes)
}

/// A term and the sections it occurs in, ascending.
type Posting = (Box<str>, Vec<u32>);
/// A term of one run, its list, and the number of the run's first section
/// in the site (added to each of the list's).
type Dealt<'a> = (&'a str, &'a [u32], u32);

/// The index files of `runs`, whose pages follow one another in this order.
///
/// Each run's terms are dealt into the shards (in parallel over runs), then
/// each shard merges its terms from every run in page order (in parallel
/// over shards), so every posting is read once. Why not append the runs
/// pairwise: each level of that merge re-inserted the later half's terms
/// into the earlier half's table, so the work grew with the vocabulary
/// times the depth of the merge, and the tables outgrew the cache; the
/// search stage took 20x its 10,000-note time at 100,000 notes. The runs
/// are read where they are (packed), not copied out.
pub(crate) fn finish(mut runs: Vec<Run>) -> Vec<(String, String)> {
    for run in &mut runs {
        run.pack();
    }
    let total_sections: usize = runs.iter().map(|r| r.sections.len()).sum();
    let shards = shard_count(total_sections);
    let mut doc_rows: Vec<(&str, &str)> = Vec::new();
    let mut section_rows: Vec<(usize, &str, &str, &str)> = Vec::with_capacity(total_sections);
    let mut offsets: Vec<u32> = Vec::with_capacity(runs.len());
    for run in &runs {
        let (docs, first) = (doc_rows.len(), offset(section_rows.len()));
        doc_rows.extend(run.docs.iter().map(|(t, u)| (t.as_str(), u.as_str())));
        section_rows.extend(run.sections.iter().map(|(d, a, h, s)| (d + docs, a, h, s)));
        offsets.push(first);
    }
    // Per run, its terms by shard.
    let by_run: Vec<Vec<Vec<Dealt<'_>>>> = runs
        .par_iter()
        .zip(offsets)
        .map(|(run, first)| {
            let mut by_shard: Vec<Vec<Dealt<'_>>> = vec![Vec::new(); shards];
            for (term, list) in run.terms.iter() {
                by_shard[shard_of(term, shards)].push((term, list, first));
            }
            by_shard
        })
        .collect();
    let mut per_shard: Vec<Vec<Vec<Dealt<'_>>>> = vec![Vec::new(); shards];
    for run in by_run {
        for (s, terms) in run.into_iter().enumerate() {
            per_shard[s].push(terms);
        }
    }
    let term_files: Vec<(String, String)> = per_shard
        .into_par_iter()
        .enumerate()
        .map(|(s, runs)| (format!("terms-{s}.js"), shard_file(s, runs)))
        .collect();
    let mut files = Vec::new();
    let chunks = section_rows.len().div_ceil(CHUNK);
    files.push((
        "meta.js".to_string(),
        js_assign(
            "phasebookSearch.meta",
            &serde_json::json!({
                "version": 2,
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

/// Shard `s`'s file from its terms as each run (in page order) has them:
/// each term once, sorted, with its runs' lists joined in page order (so
/// ascending) and written as gaps.
fn shard_file(s: usize, runs: Vec<Vec<Dealt<'_>>>) -> String {
    let mut terms: Vec<Dealt<'_>> = runs.into_iter().flatten().collect();
    // Stable: a term's lists stay in page order.
    terms.sort_by(|a, b| a.0.cmp(b.0));
    let mut json = String::with_capacity(terms.len() * 16);
    json.push('{');
    let mut at = 0;
    while at < terms.len() {
        let word = terms[at].0;
        let mut end = at + 1;
        while end < terms.len() && terms[end].0 == word {
            end += 1;
        }
        if at > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(word).unwrap_or_default());
        // Gaps, not ids: the first section, then the distance to the one
        // before. A common term's ids are long numbers but its gaps are
        // short, so the shards are less than half the size; `search.js`
        // adds them back up.
        json.push_str(":[");
        let mut previous = 0;
        let mut digits = itoa::Buffer::new();
        let ids = terms[at..end]
            .iter()
            .flat_map(|&(_, list, first)| list.iter().map(move |&id| id + first));
        for (k, id) in ids.enumerate() {
            if k > 0 {
                json.push(',');
            }
            json.push_str(digits.format(id - previous));
            previous = id;
        }
        json.push(']');
        at = end;
    }
    json.push('}');
    js_assign_raw(&format!("phasebookSearch.terms[{s}]"), &json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A page as the tests write it.
    struct Doc {
        title: String,
        url: String,
        sections: Vec<Section>,
    }

    /// The index files of `docs`, made in runs of `run_pages` pages, by name.
    fn build(docs: &[Doc], run_pages: usize) -> BTreeMap<String, String> {
        finish(runs_of(docs, run_pages, false))
            .into_iter()
            .collect()
    }

    /// `docs` in runs of `run_pages` pages, each run packed after each page
    /// if `pack_each`.
    fn runs_of(docs: &[Doc], run_pages: usize, pack_each: bool) -> Vec<Run> {
        docs.chunks(run_pages)
            .map(|pages| {
                let mut run = Run::default();
                for doc in pages {
                    run.add(&doc.title, doc.url.clone(), &doc.sections);
                    if pack_each {
                        run.pack();
                    }
                }
                run
            })
            .collect()
    }

    /// `count` pages `Page n` at `pn.html`, with `sections(n)`.
    fn pages(count: usize, sections: impl Fn(usize) -> Vec<Section>) -> Vec<Doc> {
        (0..count)
            .map(|n| Doc {
                title: format!("Page {n}"),
                url: format!("p{n}.html"),
                sections: sections(n),
            })
            .collect()
    }

    #[test]
    fn tokens_match_the_script() {
        let mut index = TermIndex::default();
        index.add_text(
            "Roll-back, a Überprüfung of v2 — ok? OK",
            0,
            &mut String::new(),
        );
        let mut terms: Vec<&str> = index.postings.keys().map(|t| t.as_ref()).collect();
        terms.sort_unstable();
        assert_eq!(terms, ["back", "of", "ok", "roll", "v2", "überprüfung"]);
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
        let files = build(&docs, 256);
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
        assert!(files["meta.js"].contains(r#""version":2"#));
    }

    #[test]
    fn posting_lists_stay_ascending_across_runs_of_pages() {
        // More pages than one run, so runs are indexed apart and appended.
        let count = 256 * 2 + 7;
        let docs = pages(count, |n| {
            vec![Section {
                text: if n % 2 == 0 {
                    "shared even words".into()
                } else {
                    "shared odd".into()
                },
                ..Section::default()
            }]
        });
        let files = build(&docs, 256);
        // The bytes do not depend on how the pages were split into runs.
        for run_pages in [1, 7, 100, count] {
            assert!(build(&docs, run_pages) == files, "runs of {run_pages}");
        }
        // Each section row names its own page, whichever run it came from.
        assert!(
            files["sections-0.js"].contains(r#"[300,"","","shared even words"]"#),
            "{}",
            files["sections-0.js"]
        );
        let shards = shard_count(count);
        let shard = |t: &str| files[&format!("terms-{}.js", shard_of(t, shards))].clone();
        // Lists are written as gaps: every section holds "shared" (0, then
        // +1 each), every other one "odd" (1, then +2 each).
        let all = format!("0{}", ",1".repeat(count - 1));
        assert!(
            shard("shared").contains(&format!(r#""shared":[{all}]"#)),
            "{}",
            shard("shared")
        );
        let odd = format!("1{}", ",2".repeat(count / 2 - 1));
        assert!(shard("odd").contains(&format!(r#""odd":[{odd}]"#)));
        // Each page number is a term of its own page only.
        assert!(shard("300").contains(r#""300":[300]"#));
    }

    #[test]
    fn a_run_kept_and_read_back_indexes_as_it_was_made() {
        let docs = pages(40, |n| {
            vec![
                Section {
                    text: format!("words of page {n}, Straße {}", n % 3),
                    ..Section::default()
                },
                Section {
                    anchor: "h".into(),
                    heading: "Heading".into(),
                    text: "more shared words".into(),
                },
            ]
        });
        let made = build(&docs, 9);
        let runs = runs_of(&docs, 9, false)
            .into_iter()
            .enumerate()
            .map(|(k, run)| {
                if k % 2 == 1 {
                    return run;
                }
                let bytes = postcard::to_stdvec(&run.to_save()).unwrap();
                let saved: SavedRun = postcard::from_bytes(&bytes).unwrap();
                Run::from_saved(saved)
            })
            .collect();
        let read: BTreeMap<String, String> = finish(runs).into_iter().collect();
        assert!(read == made, "runs read back, between runs made");
    }

    #[test]
    fn a_run_packed_as_it_goes_indexes_as_one_packed_at_the_end() {
        let docs = pages(30, |n| {
            vec![Section {
                anchor: format!("a{n}"),
                heading: "Größe".into(),
                text: format!("shared words {n} and ÜBER {}", n % 4),
            }]
        });
        let made = build(&docs, 8);
        let read: BTreeMap<String, String> = finish(runs_of(&docs, 8, true)).into_iter().collect();
        assert!(read == made, "packed page by page");
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(
            s.ends_with('…') && s.chars().count() <= SNIPPET_CHARS + 1,
            "{s}"
        );
        assert!(s.ends_with("word…"), "{s}");
    }

    #[test]
    fn snippets_collapse_whitespace_and_keep_short_text_whole() {
        assert_eq!(
            snippet("  Roll back\n\n the   deploy.  "),
            "Roll back the deploy."
        );
        assert_eq!(snippet(""), "");
        // Exactly SNIPPET_CHARS characters: kept whole, no ellipsis.
        let exact = "é".repeat(SNIPPET_CHARS);
        assert_eq!(snippet(&exact), exact);
        // One more, and no space to cut at: cut at SNIPPET_CHARS.
        let over = "é".repeat(SNIPPET_CHARS + 1);
        assert_eq!(snippet(&over), format!("{}…", "é".repeat(SNIPPET_CHARS)));
    }
}
