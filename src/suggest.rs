//! "Did you mean …?" — the fuzzy half of a diagnostic's help line.
//!
//! A vault may hold tens of thousands of notes and a broken run may hold
//! thousands of broken links, so comparing every broken name with every note
//! name is quadratic. [`NameIndex`] first collects the names that share enough
//! character trigrams with the query, then ranks only those with a real edit
//! distance.

use std::collections::HashMap;

/// How close two names must be (normalised Levenshtein, 0–1) to be suggested.
/// High on purpose: a wrong suggestion is worse than none.
const MIN_SIMILARITY: f64 = 0.75;

/// The closest of `candidates` to `query`, if it is close enough.
pub fn closest<'a>(query: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let query = query.to_lowercase();
    candidates
        .map(|c| (strsim::normalized_levenshtein(&query, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// A trigram index over names, for fast approximate lookup.
#[derive(Debug, Default)]
pub struct NameIndex {
    names: Vec<String>,
    postings: HashMap<[char; 3], Vec<u32>>,
}

fn trigrams(name: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = std::iter::once(' ')
        .chain(name.chars())
        .chain(std::iter::once(' '))
        .collect();
    let mut grams: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

impl NameIndex {
    /// Index `names` (already lower-cased by the caller); the returned ids
    /// are positions in that list.
    pub fn new(names: Vec<String>) -> Self {
        let mut postings: HashMap<[char; 3], Vec<u32>> = HashMap::new();
        for (id, name) in names.iter().enumerate() {
            for gram in trigrams(name) {
                postings.entry(gram).or_default().push(id as u32);
            }
        }
        NameIndex { names, postings }
    }

    /// The id of the indexed name closest to `query` (lower-cased), if close
    /// enough; ties go to the smaller id so the answer is deterministic.
    pub fn closest(&self, query: &str) -> Option<usize> {
        let grams = trigrams(query);
        if grams.is_empty() {
            return None;
        }
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for gram in &grams {
            if let Some(ids) = self.postings.get(gram) {
                for &id in ids {
                    *shared.entry(id).or_default() += 1;
                }
            }
        }
        let needed = (grams.len() as u32).div_ceil(3).max(1);
        shared
            .into_iter()
            .filter(|&(_, count)| count >= needed)
            .map(|(id, _)| {
                let score = strsim::normalized_levenshtein(query, &self.names[id as usize]);
                (score, id)
            })
            .filter(|(score, _)| *score >= MIN_SIMILARITY)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
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
        assert_eq!(index.closest("release-plam"), Some(0));
        assert_eq!(index.closest("deploymnt-guide"), Some(1));
        assert_eq!(index.closest("monitoring dashboard"), None);
        assert_eq!(index.closest("04-test"), None);
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
