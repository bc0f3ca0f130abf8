//! "Did you mean …?" — the fuzzy half of a diagnostic's help line.
//!
//! A vault may hold tens of thousands of notes and a run thousands of broken
//! links, so comparing every broken name with every note name is quadratic
//! (and names like `note-00042` share most of their trigrams, which defeats a
//! trigram prefilter). [`NameIndex`] uses single-deletion neighbourhoods
//! (the SymSpell idea): a name and a query within two edits of each other
//! share a string obtained by deleting at most one character from each, so a
//! lookup costs O(query length) binary searches, and only the few hits are
//! ranked by a real edit distance.

use std::hash::BuildHasher;

/// How close two names must be (normalised Levenshtein, 0–1) to be suggested.
/// High on purpose: a wrong suggestion is worse than none.
const MIN_SIMILARITY: f64 = 0.75;

/// Most edits a suggestion may be away from what was written.
const MAX_EDITS: usize = 2;

/// The closest of `candidates` to `query`, if it is close enough. Linear:
/// for short lists (rule names, a note's headings).
pub(crate) fn closest<'a>(
    query: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let query = query.to_lowercase();
    let length = query.chars().count();
    candidates
        // Similar enough means lengths within a quarter of each other: the
        // edit distance (quadratic) is not run on a 300 KB link target.
        .filter(|c| {
            let other = c.chars().count();
            length.min(other) * 4 >= length.max(other) * 3
        })
        .map(|c| (strsim::normalized_levenshtein(&query, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The hash of the string itself and of every string made by deleting one
/// character, through one reused buffer: no allocation per variant.
fn deletion_hashes(name: &str, mut each: impl FnMut(u64)) {
    let hasher = foldhash::fast::FixedState::default();
    each(hasher.hash_one(name));
    let mut variant = String::with_capacity(name.len());
    for (i, c) in name.char_indices() {
        variant.clear();
        variant.push_str(&name[..i]);
        variant.push_str(&name[i + c.len_utf8()..]);
        each(hasher.hash_one(variant.as_str()));
    }
}

/// A single-deletion index over names, for fast approximate lookup.
#[derive(Debug, Default)]
pub struct NameIndex {
    names: Vec<String>,
    /// `(hash of a one-deletion variant, name id)` for every variant of every
    /// name, sorted (200,000 entries for 10,000 notes). Hashes, not strings:
    /// the index is built while the other lint threads wait, and 200,000
    /// owned strings in a hash map took several times longer. A hash
    /// collision only adds a candidate, which the edit distance rejects.
    variants: Vec<(u64, u32)>,
    /// The longest name, in characters: a query longer by more than
    /// [`MAX_EDITS`] matches none, and is not looked at (a 10 MB broken
    /// link target made as many 10 MB deletion variants as it has
    /// characters, and never finished).
    longest: usize,
}

impl NameIndex {
    /// Index `names` (already lower-cased by the caller); the returned ids
    /// are positions in that list.
    pub fn new(names: Vec<String>) -> Self {
        // Serial on purpose: the index is built inside a `OnceLock` from a
        // lint thread, and a rayon join in there could let that thread steal
        // another note's lint, reach the same `OnceLock` and deadlock.
        // Serially it takes milliseconds.
        let mut variants: Vec<(u64, u32)> = Vec::new();
        for (id, name) in names.iter().enumerate() {
            deletion_hashes(name, |h| variants.push((h, id as u32)));
        }
        variants.sort_unstable();
        variants.dedup();
        let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        NameIndex {
            names,
            variants,
            longest,
        }
    }

    /// The id of the indexed name closest to `query` (lower-cased), if it is
    /// within two edits and similar enough; ties go to the smaller id so the
    /// answer is deterministic.
    pub(crate) fn closest(&self, query: &str) -> Option<usize> {
        // Bytes first: a query of more bytes than 4 per character of the
        // longest name (plus the edits) is too long, without counting it.
        if query.len() > 4 * (self.longest + MAX_EDITS)
            || query.chars().count() > self.longest + MAX_EDITS
        {
            return None;
        }
        let mut hits: Vec<u32> = Vec::new();
        deletion_hashes(query, |h| {
            let from = self.variants.partition_point(|&(v, _)| v < h);
            hits.extend(
                self.variants[from..]
                    .iter()
                    .take_while(|&&(v, _)| v == h)
                    .map(|&(_, id)| id),
            );
        });
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter()
            .filter_map(|id| {
                let name = &self.names[id as usize];
                let distance = strsim::levenshtein(query, name);
                let score = strsim::normalized_levenshtein(query, name);
                (distance <= MAX_EDITS && score >= MIN_SIMILARITY).then_some((distance, id))
            })
            .min()
            .map(|(_, id)| id as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_found_far_ones_are_not() {
        let index = NameIndex::new(vec![
            "release-plan".into(),
            "deployment-guide".into(),
            "05-release".into(),
        ]);
        assert_eq!(index.closest("release-plam"), Some(0), "substitution");
        assert_eq!(index.closest("deploymnt-guide"), Some(1), "deletion");
        assert_eq!(index.closest("release-plann"), Some(0), "insertion");
        assert_eq!(index.closest("releaes-plan"), Some(0), "transposition");
        assert_eq!(index.closest("monitoring dashboard"), None);
        assert_eq!(index.closest("04-test"), None);
        assert_eq!(index.closest("release plan notes"), None);
    }

    #[test]
    fn look_alike_names_pick_the_nearest() {
        let names: Vec<String> = (0..1000).map(|i| format!("note-{i:05}")).collect();
        let index = NameIndex::new(names);
        assert_eq!(index.closest("note-00042x"), Some(42));
        assert_eq!(index.closest("completely-else"), None);
    }

    #[test]
    fn a_huge_query_is_answered_at_once() {
        let index = NameIndex::new(vec!["release-plan".into()]);
        // Unbounded, each lookup made ten million 10 MB variants (or a
        // 10^7 x 12 edit distance): this test did not finish.
        let huge = "x".repeat(10_000_000);
        assert_eq!(index.closest(&huge), None);
        assert_eq!(closest(&huge, ["release-plan"].into_iter()), None);
        assert_eq!(index.closest("release-plam"), Some(0));
    }

    #[test]
    fn closest_in_a_list() {
        let names = ["broken-link", "broken-heading"];
        assert_eq!(
            closest("broken-links", names.iter().copied()),
            Some("broken-link")
        );
        assert_eq!(closest("zzz", names.iter().copied()), None);
    }
}
