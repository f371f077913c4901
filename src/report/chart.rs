//! Horizontal bar charts for the HTML report, laid out here so that templates only place
//! pre-formatted numbers: every coordinate, width and label line is a string computed in Rust.
//!
//! A chart is one inline SVG (`role="img"`, with a `<title>` and a `<desc>` that reads every
//! value out as text). Labels sit above their bar, wrapped to at most two lines, so long area
//! titles stay legible on a phone, where the SVG scales down to the screen's width. Where
//! unverified answers could still raise a score, the bar goes on, lighter, up to its ceiling.

use serde::Serialize;

/// The width of the chart in SVG user units.
const WIDTH: f64 = 360.0;
/// Room at the right of the track for the value ("100.0").
const VALUE_ROOM: f64 = 40.0;
/// Label font size and line height.
const FONT: f64 = 12.0;
const LINE: f64 = 15.0;
/// Bar thickness and the space after a bar.
const BAR: f64 = 12.0;
const AFTER_BAR: f64 = 10.0;
/// Label characters per line: a conservative estimate for a sans-serif face at `FONT`.
const CHARS_PER_LINE: usize = 52;
/// Room at the bottom for the axis labels.
const AXIS: f64 = 16.0;

/// One line of a label, placed.
#[derive(Debug, Serialize, PartialEq)]
pub struct LabelLine {
    pub y: String,
    pub text: String,
}

/// One bar, placed.
#[derive(Debug, Serialize)]
pub struct Bar {
    /// The full label (for the `<title>` of the bar).
    pub label: String,
    pub lines: Vec<LabelLine>,
    /// Top of the track and the bar.
    pub y: String,
    /// Width of the bar (0 when there is no score).
    pub width: String,
    /// Whether the bar has a lighter extension up to the score's ceiling.
    pub reach: bool,
    /// Where the extension starts (the bar's end) and its width.
    pub reach_x: String,
    pub reach_width: String,
    /// Baseline of the value text, and its x (right-aligned at the end of the chart).
    pub value_y: String,
    pub value: String,
    /// `good`, `warn`, `bad` or `none`: a CSS class for the bar's colour.
    pub tone: String,
    /// Drawn emphasised (the profile this report scores).
    pub current: bool,
}

/// A vertical grid line with its axis label.
#[derive(Debug, Serialize)]
pub struct Tick {
    pub x: String,
    pub label: String,
    /// `start`, `middle` or `end`, so the end labels stay inside the chart.
    pub anchor: &'static str,
}

/// A whole chart, placed.
#[derive(Debug, Serialize)]
pub struct BarChart {
    /// A prefix for element ids (`<title id>`, `<desc id>`), unique in the page.
    pub id: String,
    pub title: String,
    /// Every value as text: the chart's text alternative.
    pub desc: String,
    pub view_box: String,
    pub height: String,
    /// The labels' and values' font size (the layout assumes it).
    pub font_size: String,
    /// Width of the full track (100 points), and the bars' thickness.
    pub track_width: String,
    pub bar_height: String,
    /// x of the values' right edge.
    pub value_x: String,
    /// Where the grid lines end, and the axis labels' baseline.
    pub grid_bottom: String,
    pub axis_y: String,
    pub ticks: Vec<Tick>,
    pub bars: Vec<Bar>,
}

/// What a bar shows, before layout.
#[derive(Debug, Clone)]
pub struct BarInput {
    pub label: String,
    pub score: Option<f64>,
    /// The score if every unverified answer were met (None: no score).
    pub ceiling: Option<f64>,
    /// The score as shown ("43.8", "—").
    pub value: String,
    /// The score's range as shown (for the chart's text alternative).
    pub range: super::view::RangeView,
    pub tone: &'static str,
    pub current: bool,
}

/// Formats a coordinate: one decimal, no trailing ".0".
fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Wraps `text` at word boundaries into at most `max_lines` lines of `width` characters; the
/// last line ends in "…" when text was left out, and a word longer than a line is cut.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            if lines.len() + 1 == max_lines {
                lines.push(ellipsize(&current, width));
                return lines;
            }
            lines.push(fit(&current, width));
            current.clear();
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(fit(&current, width));
    }
    lines
}

/// `s` cut to `width` characters, ending in "…" if it was cut.
fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        cut + "…"
    }
}

/// `s` followed by "…", dropping its last word if the mark would not fit.
fn ellipsize(s: &str, width: usize) -> String {
    if s.chars().count() < width {
        return format!("{s}…");
    }
    match s.rsplit_once(' ') {
        Some((head, _)) => format!("{head}…"),
        None => fit(s, width),
    }
}

impl BarChart {
    /// Lays out a chart of scores from 0 to 100.
    pub fn new(id: &str, title: &str, desc: String, inputs: &[BarInput]) -> BarChart {
        let track = WIDTH - VALUE_ROOM;
        let mut y = 4.0;
        let mut bars = Vec::with_capacity(inputs.len());
        for b in inputs {
            let mut lines = Vec::new();
            for text in wrap(&b.label, CHARS_PER_LINE, 2) {
                y += LINE;
                lines.push(LabelLine {
                    y: num(y - 3.0),
                    text,
                });
            }
            let top = y + 2.0;
            let w = b.score.map(|s| s.clamp(0.0, 100.0) / 100.0 * track);
            let reach = match (b.score, b.ceiling) {
                (Some(s), Some(c)) if c > s => {
                    (c.clamp(0.0, 100.0) - s.clamp(0.0, 100.0)) / 100.0 * track
                }
                _ => 0.0,
            };
            bars.push(Bar {
                label: b.label.clone(),
                lines,
                y: num(top),
                width: num(w.unwrap_or(0.0)),
                reach: reach > 0.0,
                reach_x: num(w.unwrap_or(0.0)),
                reach_width: num(reach),
                value_y: num(top + BAR - 2.0),
                value: b.value.clone(),
                tone: b.tone.to_string(),
                current: b.current,
            });
            y = top + BAR + AFTER_BAR;
        }
        let grid_bottom = y - AFTER_BAR + 2.0;
        let height = grid_bottom + AXIS;
        let ticks = [
            (0.0, "start"),
            (25.0, "middle"),
            (50.0, "middle"),
            (75.0, "middle"),
            (100.0, "end"),
        ]
        .into_iter()
        .map(|(t, anchor)| Tick {
            x: num(t / 100.0 * track),
            label: num(t),
            anchor,
        })
        .collect();
        BarChart {
            id: id.to_string(),
            title: title.to_string(),
            desc,
            view_box: format!("0 0 {} {}", num(WIDTH), num(height)),
            height: num(height),
            font_size: num(FONT),
            track_width: num(track),
            bar_height: num(BAR),
            value_x: num(WIDTH),
            grid_bottom: num(grid_bottom),
            axis_y: num(grid_bottom + 12.0),
            ticks,
            bars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_marks_a_cut() {
        assert_eq!(wrap("Remedy", 52, 2), vec!["Remedy"]);
        assert_eq!(wrap("aa bb cc", 5, 2), vec!["aa bb", "cc"]);
        assert_eq!(wrap("aa bb cc dd ee", 5, 2), vec!["aa bb", "cc…"]);
        assert_eq!(wrap("aa bb cc d ee", 6, 2), vec!["aa bb", "cc d…"]);
        // A word longer than a line is cut.
        assert_eq!(wrap("abcdefgh", 5, 2), vec!["abcd…"]);
        assert_eq!(wrap("abcdefgh ij", 5, 2), vec!["abcd…", "ij"]);
        assert!(wrap("", 5, 2).is_empty());
    }

    #[test]
    fn bars_are_proportional_and_numbers_are_preformatted() {
        let input = |score: Option<f64>| BarInput {
            label: "x".into(),
            score,
            ceiling: score.map(|s| (s + 25.0).min(100.0)),
            value: "v".into(),
            range: Default::default(),
            tone: "good",
            current: false,
        };
        let c = BarChart::new(
            "c",
            "t",
            "d".into(),
            &[input(Some(100.0)), input(Some(50.0)), input(None)],
        );
        assert_eq!(c.track_width, "320");
        assert_eq!(c.bars[0].width, "320");
        assert_eq!(c.bars[1].width, "160");
        assert_eq!(c.bars[2].width, "0");
        // The lighter extension runs from the bar's end to the ceiling, and not past 100.
        assert!(!c.bars[0].reach);
        assert!(c.bars[1].reach);
        assert_eq!(
            (c.bars[1].reach_x.as_str(), c.bars[1].reach_width.as_str()),
            ("160", "80")
        );
        assert!(!c.bars[2].reach);
        // Rows go down the page, and the chart is tall enough for all of them.
        let ys: Vec<f64> = c.bars.iter().map(|b| b.y.parse().unwrap()).collect();
        assert!(ys.windows(2).all(|w| w[0] < w[1]));
        assert!(c.height.parse::<f64>().unwrap() > ys[2] + BAR);
        assert_eq!(c.ticks.len(), 5);
        assert_eq!(c.ticks[4].x, "320");
        assert!(c.view_box.starts_with("0 0 360 "));
        // Never a float printed at full precision.
        let json = serde_json::to_string(&c).unwrap();
        assert!(!json.contains("0000"), "{json}");
    }
}
