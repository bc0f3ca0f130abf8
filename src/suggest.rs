//! "Did you mean …?" — the fuzzy half of a diagnostic's help line.
//!
//! A vault may hold tens of thousands of notes and a run thousands of broken
//! links, so comparing every broken name with every note name is quadratic
//! (and names like `note-00042` share most of their trigrams, which defeats a
//! trigram prefilter). [`NameIndex`] uses single-deletion neighbourhoods
//! (the SymSpell idea): a name and a query one edit apart, or two edits
//! that are an insertion, a deletion or a transposition, share a string
//! obtained by deleting at most one character from each (two substitutions
//! share none, and are not found), so a lookup reads O(query length)
//! buckets, and only the few hits are ranked by a real edit distance.

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
#[derive(Debug)]
pub struct NameIndex {
    names: Vec<String>,
    /// Every one-deletion variant of every name (200,000 for 10,000 notes,
    /// 2.2 million for 100,000), as its hash's low 32 bits and the name's
    /// id, grouped by the hash's top [`Self::bits`] bits ([`Self::starts`]).
    /// Hashes, not strings: the index is built while the other lint threads
    /// wait, and 200,000 owned strings in a hash map took several times
    /// longer. A collision (another variant of the bucket with the same
    /// low 32 bits: a few in 2^32 a variant, about one lookup in 10^8)
    /// only adds a candidate, which the edit distance rejects unless it is
    /// as close as a name found (two substitutions away, which the
    /// variants do not find).
    ///
    /// Why buckets rather than one sorted array searched by halves: each
    /// broken link looks up a dozen variants, and at 100,000 notes the
    /// array (35 MB as `(u64, u32)`) outgrew the CPU's cache, so each of a
    /// search's 21 steps was a miss: did-you-mean took 25× its 10k time
    /// for 10× the notes. A bucket is one read of [`Self::starts`] and one
    /// of a few consecutive entries, and the entries are 8 bytes.
    variants: Vec<(u32, u32)>,
    /// Where each bucket's entries begin in [`Self::variants`] (one more
    /// than there are buckets: a bucket ends where the next begins).
    starts: Vec<u32>,
    /// How many top bits of a hash pick its bucket: about four entries a
    /// bucket.
    bits: u32,
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
        let mut hashes: Vec<(u64, u32)> = Vec::new();
        for (id, name) in names.iter().enumerate() {
            deletion_hashes(name, |h| hashes.push((h, id as u32)));
        }
        hashes.sort_unstable();
        hashes.dedup();
        // At least one bit, so that the shift below is never by 64.
        let bits = (hashes.len() / 4)
            .max(2)
            .next_power_of_two()
            .trailing_zeros();
        let mut starts = Vec::with_capacity((1 << bits) + 1);
        let mut variants = Vec::with_capacity(hashes.len());
        for &(hash, id) in &hashes {
            let bucket = (hash >> (64 - bits)) as usize;
            while starts.len() <= bucket {
                starts.push(variants.len() as u32);
            }
            variants.push((hash as u32, id));
        }
        starts.resize((1 << bits) + 1, variants.len() as u32);
        let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        NameIndex {
            names,
            variants,
            starts,
            bits,
            longest,
        }
    }

    /// The ids of the names with a variant of hash `hash`, and perhaps a
    /// few others (see [`Self::variants`]).
    fn ids_with(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        let bucket = (hash >> (64 - self.bits)) as usize;
        let (from, to) = (self.starts[bucket], self.starts[bucket + 1]);
        self.variants[from as usize..to as usize]
            .iter()
            .filter(move |&&(low, _)| low == hash as u32)
            .map(|&(_, id)| id)
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
        deletion_hashes(query, |h| hits.extend(self.ids_with(h)));
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter()
            .filter_map(|id| {
                let name = &self.names[id as usize];
                let distance = strsim::levenshtein(query, name);
                // strsim's `normalized_levenshtein`, from the distance
                // already made (the same formula: the same answers).
                let longer = query.chars().count().max(name.chars().count());
                let score = if longer == 0 {
                    1.0
                } else {
                    1.0 - distance as f64 / longer as f64
                };
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
    fn every_name_is_found_through_every_bucket() {
        // 1,000 names make about 10,000 variants (deleting either of two
        // equal digits makes one) over 4,096 buckets: each name's
        // variants land in buckets all over the directory, the first and
        // the last included.
        let names: Vec<String> = (0..1000).map(|i| format!("note-{i:05}")).collect();
        let index = NameIndex::new(names.clone());
        assert!(index.starts.len() > 1000, "{} buckets", index.starts.len());
        for (i, name) in names.iter().enumerate() {
            assert_eq!(index.closest(&format!("{name}x")), Some(i), "{name}");
            assert_eq!(index.closest(&format!("x{name}")), Some(i), "{name}");
        }
        let empty = NameIndex::new(Vec::new());
        assert_eq!(empty.closest("note"), None);
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
