//! Phase chains checked from both ends (#23): in a six-phase workflow in
//! the seeds' layout, every wrong `previous_phase` / `next_phase` — each one
//! alone and every pair of them — is reported at the note that carries it,
//! and the right chain is reported nowhere. The wrong links are generated:
//! each link slot pointed at every phase it should not name.

mod common;

const NAMES: [&str; 6] = ["plan", "design", "build", "test", "release", "operate"];

fn stem(i: usize) -> String {
    format!("{:02}-{}", i + 1, NAMES[i])
}

/// A link slot: (phase index, `true` for `next_phase`).
type Slot = (usize, bool);

/// The right target of a slot: the neighbour by number, wrapping.
fn right(slot: Slot) -> usize {
    let (i, next) = slot;
    if next { (i + 1) % 6 } else { (i + 5) % 6 }
}

/// The workflow with the slots of `wrong` pointed at other phases.
fn workflow(wrong: &[(Slot, usize)]) -> Vec<(String, String)> {
    (0..6)
        .map(|i| {
            let target = |next: bool| {
                wrong
                    .iter()
                    .find(|(slot, _)| *slot == (i, next))
                    .map_or(right((i, next)), |&(_, t)| t)
            };
            let name = NAMES[i];
            let title = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
            let text = format!(
                "# {title} Phase\n\n---\ntags: [phase]\nphase: {:02}\nname: \"{title}\"\n\
                 previous_phase: \"[[{}]]\"\nnext_phase: \"[[{}]]\"\n---\n\n## Overview\n\n\
                 The {name} phase.\n\n## Exit Criteria\n\n- [ ] Done\n",
                i + 1,
                stem(target(false)),
                stem(target(true)),
            );
            (format!("flow/phases/{}.md", stem(i)), text)
        })
        .collect()
}

/// Whether the vault of `files` has a finding at the line of `slot`'s key.
fn reported(
    diagnostics: &[phasebook::lint::Diagnostic],
    files: &[(String, String)],
    slot: Slot,
) -> bool {
    let (i, next) = slot;
    let (path, text) = &files[i];
    let key = if next {
        "next_phase:"
    } else {
        "previous_phase:"
    };
    let line = text.lines().position(|l| l.starts_with(key)).expect("key") + 1;
    diagnostics
        .iter()
        .any(|d| d.path == *path && d.start.line == line && d.rule.starts_with("phase-"))
}

fn check(files: &[(String, String)]) -> Vec<phasebook::lint::Diagnostic> {
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    common::fixture(&borrowed).diagnostics()
}

fn slots() -> Vec<Slot> {
    (0..6).flat_map(|i| [(i, false), (i, true)]).collect()
}

/// The targets a slot can be wrongly pointed at: every other phase.
fn wrong_targets(slot: Slot) -> impl Iterator<Item = usize> {
    (0..6).filter(move |&t| t != right(slot))
}

#[test]
fn the_right_chain_is_clean() {
    let files = workflow(&[]);
    let found: Vec<_> = check(&files)
        .into_iter()
        .filter(|d| d.rule.starts_with("phase-"))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_single_wrong_link_is_reported_where_it_is_written() {
    let mut cases = 0;
    for slot in slots() {
        for target in wrong_targets(slot) {
            let files = workflow(&[(slot, target)]);
            let found = check(&files);
            assert!(
                reported(&found, &files, slot),
                "{slot:?} -> {}: not reported at its note: {found:#?}",
                stem(target)
            );
            cases += 1;
        }
    }
    assert_eq!(cases, 12 * 5);
}

#[test]
fn every_pair_of_wrong_links_is_reported_where_each_is_written() {
    let all = slots();
    let mut cases = 0;
    for (k, &a) in all.iter().enumerate() {
        for &b in &all[k + 1..] {
            for ta in wrong_targets(a) {
                for tb in wrong_targets(b) {
                    let files = workflow(&[(a, ta), (b, tb)]);
                    let found = check(&files);
                    for (slot, target) in [(a, ta), (b, tb)] {
                        assert!(
                            reported(&found, &files, slot),
                            "pair {a:?}->{} {b:?}->{}: {slot:?} -> {} not reported at its note: {found:#?}",
                            stem(ta),
                            stem(tb),
                            stem(target)
                        );
                    }
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, 66 * 25);
}

/// The case: a renumbered phase and a `next_phase` changed to
/// agree with the new numbers. Two phases then claim one successor: the
/// one the numbers agree with is reported naming the other, and the other
/// is reported by the numbers (`phase-order`), saying which link to write.
#[test]
fn two_claims_on_one_successor_are_reported_at_both() {
    let mut files = workflow(&[((2, true), 4)]);
    // 04-test renumbered 07: 03 -> 05 now agrees with the numbers.
    files[3].1 = files[3].1.replace("phase: 04", "phase: 07");
    let found = check(&files);
    let next_line = |i: usize| -> Vec<(&str, &str)> {
        let line = files[i]
            .1
            .lines()
            .position(|l| l.starts_with("next_phase:"))
            .unwrap()
            + 1;
        found
            .iter()
            .filter(|d| d.path == files[i].0 && d.start.line == line)
            .map(|d| (d.rule, d.message.as_str()))
            .collect()
    };
    assert_eq!(
        next_line(2),
        [(
            "phase-link-mismatch",
            "`next_phase` is `05-release`, which `04-test` also names as next_phase"
        )],
        "{found:#?}"
    );
    assert_eq!(
        next_line(3),
        [(
            "phase-order",
            "`next_phase` goes back to phase 05 (`05-release`); only the last phase may wrap to the first"
        )],
        "{found:#?}"
    );
}
