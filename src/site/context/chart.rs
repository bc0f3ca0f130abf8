//! The readiness page's history chart: items done over time in a workflow,
//! drawn at build time as inline SVG (no script; presentation attributes,
//! not `style`, so the page's Content-Security-Policy holds), with the
//! first and last commit dates on the time axis.

use std::fmt::Write;

use crate::html::escape;
use crate::readiness::WorkflowHistory;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 180.0;
/// Room for the axis labels.
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 10.0;
const RIGHT: f64 = 12.0;

/// `YYYY-MM-DD` of a unix time (UTC), without a date crate: the civil
/// calendar from days since 1970 (Howard Hinnant's algorithm).
pub fn date(time: i64) -> String {
    let days = time.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The chart of `history` for `title`, or `None` with fewer than two
/// samples (no line to draw).
pub fn svg(history: &WorkflowHistory, title: &str) -> Option<String> {
    let samples = &history.samples;
    if samples.len() < 2 {
        return None;
    }
    let (first, last) = (samples[0].time, samples[samples.len() - 1].time);
    let top = samples
        .iter()
        .map(|s| s.total.max(s.done))
        .max()
        .unwrap_or(0)
        .max(1);
    let span = (last - first).max(1) as f64;
    let x = |time: i64| LEFT + (time - first) as f64 / span * (WIDTH - LEFT - RIGHT);
    let y = |n: usize| TOP + (1.0 - n as f64 / top as f64) * (HEIGHT - TOP - BOTTOM);
    let mut points = String::new();
    for s in samples {
        let _ = write!(points, "{:.1},{:.1} ", x(s.time), y(s.done));
    }
    let base = HEIGHT - BOTTOM;
    let label = format!(
        "Items done in {title}: {} of {} on {}, {} of {} on {}",
        samples[0].done,
        samples[0].total,
        date(first),
        samples[samples.len() - 1].done,
        samples[samples.len() - 1].total,
        date(last)
    );
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"readiness-chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\">",
        escape(&label)
    );
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"currentColor\" stroke-opacity=\"0.4\"/>",
        WIDTH - RIGHT
    );
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{base}\" stroke=\"currentColor\" stroke-opacity=\"0.4\"/>"
    );
    let _ = write!(
        out,
        "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" fill=\"currentColor\">{top}</text>",
        LEFT - 6.0,
        TOP + 4.0
    );
    let _ = write!(
        out,
        "<text class=\"axis-label\" x=\"{}\" y=\"{base}\" text-anchor=\"end\" font-size=\"11\" fill=\"currentColor\">0</text>",
        LEFT - 6.0
    );
    for (time, anchor) in [(first, "start"), (last, "end")] {
        let _ = write!(
            out,
            "<text class=\"axis-date\" x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"11\" fill=\"currentColor\">{}</text>",
            x(time),
            HEIGHT - 8.0,
            date(time)
        );
    }
    let _ = write!(
        out,
        "<polyline class=\"done-line\" points=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/>",
        points.trim_end()
    );
    out.push_str("</svg>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::HistorySample;

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_796_515_200), "2026-12-06");
    }

    #[test]
    fn a_chart_needs_two_samples_and_carries_its_dates() {
        let sample = |time, done| HistorySample {
            time,
            done,
            total: 4,
        };
        let mut history = WorkflowHistory {
            workflow: "flow".into(),
            samples: vec![sample(0, 1)],
            last_moved: Vec::new(),
        };
        assert_eq!(svg(&history, "Flow"), None);
        history.samples.push(sample(86_400 * 3, 3));
        let chart = svg(&history, "Flow").expect("a chart");
        assert!(chart.contains(">1970-01-01</text>") && chart.contains(">1970-01-04</text>"));
        assert!(
            chart.contains("points=\"44.0,116.5 628.0,45.5\""),
            "{chart}"
        );
        assert!(!chart.contains("style="));
    }
}
