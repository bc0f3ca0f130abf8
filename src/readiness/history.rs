//! The readiness page's history: items done per workflow at each commit
//! that touched its phase documents (the command reads them from git).

use super::{Count, groups};
use crate::config::ReadinessConfig;
use crate::vault::Note;

/// Items done over time in one workflow: the readiness page's chart.
#[derive(Debug, Clone)]
pub struct WorkflowHistory {
    pub workflow: String,
    /// One sample per commit that touched the workflow's phase documents,
    /// oldest first.
    pub samples: Vec<HistorySample>,
    /// Per phase (stem): when its done items last changed, within the
    /// commits read (unix seconds); `None` if they did not change there.
    pub last_moved: Vec<(String, Option<i64>)>,
}

/// The workflow's items at one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistorySample {
    /// The commit's time (unix seconds).
    pub time: i64,
    pub done: usize,
    pub total: usize,
}

/// The items of a phase document as its `text` counts them (the document
/// as it was at some commit): the count a phase's readiness starts from.
pub fn count_text(path: &str, text: String, config: &ReadinessConfig) -> Count {
    let note = Note::parse(
        path.to_string(),
        text,
        crate::vault::ParseOptions::default(),
    );
    let mut count = Count::default();
    for group in groups(&note, config) {
        count.add(&group);
    }
    count
}

/// A workflow's history from its commits (newest first, as `git log`
/// lists them, each with its time and each phase's count — `None` where
/// the document did not exist), for `stems` in order.
pub fn workflow_history(
    workflow: &str,
    stems: &[String],
    commits: &[(i64, Vec<Option<Count>>)],
) -> WorkflowHistory {
    let samples = commits
        .iter()
        .rev()
        .map(|(time, counts)| {
            let (done, total) = counts
                .iter()
                .flatten()
                .fold((0, 0), |(d, t), c| (d + c.done, t + c.total));
            HistorySample {
                time: *time,
                done,
                total,
            }
        })
        .collect();
    let last_moved = stems
        .iter()
        .enumerate()
        .map(|(i, stem)| {
            let done = |k: usize| commits[k].1[i].map(|c| c.done);
            let moved = (0..commits.len())
                .find(|&k| k + 1 < commits.len() && done(k) != done(k + 1))
                .map(|k| commits[k].0);
            (stem.clone(), moved)
        })
        .collect();
    WorkflowHistory {
        workflow: workflow.to_string(),
        samples,
        last_moved,
    }
}
