//! The one-page parliamentary brief: the view model of `brief.html.hbs`.
//!
//! Its verdict says what decides it: the red lines breached and not verified are counted in its
//! tally, and when they decide the verdict, the band the score alone would give takes the place
//! of the verdict's description; then the score's range and coverage, and the weakest power
//! with its safeguards met. Each standard's bar goes on, lighter, up to the score it could
//! reach.
//!
//! The brief must fit one A4 page whatever the answers file holds, so this module decides what
//! goes in and how long it may be: every free text is clipped to a fixed number of characters,
//! and the gravest gaps are taken (breaches first, in the report's order), at most five, while
//! a model of the printed page (the height of each text at its length) says they fit. Three
//! gaps at their longest fit under the longest header (a unit test); the browser tests print
//! every shipped example in every language and count the pages.

use serde::Serialize;

use super::Messages;
use super::view::{GapView, ReportView, Row, VerdictView};

/// How many gaps the brief shows at most.
pub const MAX_GAPS: usize = 5;

/// The page model: heights in body lines (9 pt type at 1.3 line height, 4.13 mm), and how
/// many characters fit on a line of each kind of text. Measured in Chromium with DejaVu Sans
/// and DejaVu Serif, wider than the usual fonts, on A4 with the brief's margins.
mod page {
    /// The printable height of the page (297 mm less 22 mm of margins), less a safety margin.
    pub const HEIGHT: f64 = 64.5;
    /// Everything whose height does not depend on the texts: kicker, rules, paddings, the
    /// verdict's label and tally, section headings, the table's header, the "more gaps" line
    /// and the footer.
    pub const FIXED: f64 = 15.2;
    /// (characters per line, height of a line) for each text whose length varies.
    pub const TITLE: (usize, f64) = (60, 1.35);
    pub const META: (usize, f64) = (115, 0.9);
    pub const VERDICT: (usize, f64) = (48, 1.4);
    pub const DESCRIPTION: (usize, f64) = (90, 1.0);
    /// The line under the verdict's description that names the weakest power.
    pub const FACT: (usize, f64) = (90, 1.0);
    /// A row of the table of standards.
    pub const STANDARD_ROW: f64 = 1.05;
    /// A gap: its heading, its text, and the space around it.
    pub const GAP_HEADING: (usize, f64) = (88, 1.0);
    pub const GAP_TEXT: (usize, f64) = (98, 1.0);
    pub const GAP_SPACING: f64 = 1.35;
}

/// The height of `text` wrapped at `per_line` characters, in body lines.
fn height(text: &str, (per_line, line): (usize, f64)) -> f64 {
    text.chars().count().div_ceil(per_line) as f64 * line
}

/// Upper bounds, in characters, of each text the brief prints.
pub mod clip_at {
    pub const INSTRUMENT: usize = 120;
    pub const JURISDICTION: usize = 60;
    pub const META: usize = 50;
    pub const VERDICT_DESCRIPTION: usize = 200;
    /// A band's description when the weakest power's line follows it.
    pub const VERDICT_DESCRIPTION_SHORT: usize = 90;
    pub const PROFILE_TITLE: usize = 47;
    pub const PROFILE_VERDICT: usize = 32;
    pub const QUESTION: usize = 160;
    /// The weakest power's question, in its line.
    pub const POWER: usize = 60;
    pub const NOTE: usize = 80;
    pub const ARTICLE: usize = 30;
    pub const QUOTE: usize = 110;
    pub const REMEDIATION: usize = 300;
    pub const CITES: usize = 90;
}

/// Collapses whitespace and cuts `s` to at most `max` characters at a word boundary, marking
/// the cut with "…".
pub fn clip(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let head: String = flat.chars().take(max.saturating_sub(1)).collect();
    let cut = match head.rfind(' ') {
        // Keep at least half the room; otherwise cut inside the long word.
        Some(i) if head[..i].chars().count() >= max / 2 => &head[..i],
        _ => head.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || c == ',')
    )
}

/// One gap as the brief prints it.
#[derive(Debug, Serialize)]
pub struct BriefGap {
    pub number: usize,
    pub question: String,
    pub severity: String,
    pub severity_id: String,
    pub breach: bool,
    pub red_line: bool,
    /// A red line of the standard answered unknown or not at all.
    pub unverified_red_line: bool,
    pub answer: String,
    pub status: String,
    pub note: String,
    pub article: String,
    pub quote: String,
    pub remediation: String,
    pub cites: String,
}

impl BriefGap {
    fn new(number: usize, g: &GapView) -> Self {
        // A quote the bill's text bears out first; one it does not is shown flagged.
        let ev = g
            .evidence
            .iter()
            .find(|e| !e.quote.is_empty() && !e.flagged)
            .or_else(|| g.evidence.iter().find(|e| !e.quote.is_empty()));
        let article = ev
            .map(|e| e.article.as_str())
            .or_else(|| g.evidence.first().map(|e| e.article.as_str()))
            .unwrap_or_default();
        let flag = ev
            .filter(|e| e.flagged)
            .map(|e| format!(" (⚠ {})", e.check))
            .unwrap_or_default();
        let cites = g
            .cites
            .iter()
            .map(|c| {
                if c.pin.is_empty() {
                    c.short.clone()
                } else {
                    format!("{}, {}", c.short, c.pin)
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        BriefGap {
            number,
            question: clip(&g.question, clip_at::QUESTION),
            severity: g.severity.clone(),
            severity_id: g.severity_id.clone(),
            breach: g.breach,
            red_line: g.red_line,
            unverified_red_line: g.unverified_red_line,
            answer: g.answer.clone(),
            status: g.status.clone(),
            note: clip(&g.note, clip_at::NOTE),
            article: format!("{}{flag}", clip(article, clip_at::ARTICLE)),
            quote: ev
                .map(|e| clip(&e.quote, clip_at::QUOTE))
                .unwrap_or_default(),
            remediation: clip(&g.remediation, clip_at::REMEDIATION),
            cites: clip(&cites, clip_at::CITES),
        }
    }

    /// The height this gap needs on the page, in body lines.
    fn height(&self) -> f64 {
        // The heading; severity, answer and note; quote and article; remediation and sources
        // (small print, counted as two thirds); the space around.
        let t = page::GAP_TEXT;
        let mut h = height(&self.question, page::GAP_HEADING)
            + height(
                &format!(
                    "RED LINE BREACHED {} {} {} {}",
                    self.severity, self.answer, self.status, self.note
                ),
                t,
            )
            + height(
                &format!(
                    "WHAT TO AMEND: {} {}",
                    self.remediation,
                    "x".repeat(self.cites.chars().count() * 2 / 3)
                ),
                t,
            )
            + page::GAP_SPACING;
        if !self.quote.is_empty() || !self.article.is_empty() {
            h += height(&format!("THE BILL: {} {}", self.article, self.quote), t);
        }
        h
    }
}

/// Everything `brief.html.hbs` sees.
#[derive(Debug, Serialize)]
pub struct BriefView {
    pub t: &'static Messages,
    pub lang: String,
    pub instrument: String,
    pub jurisdiction: String,
    pub bill_version: String,
    pub assessor: String,
    pub date: String,
    pub checklist_title: String,
    pub checklist_id: String,
    pub checklist_version: String,
    pub profile_title: String,
    pub score: String,
    /// "could reach 87.5; 83 % verified".
    pub range_note: String,
    pub verdict: VerdictView,
    pub breach_count: usize,
    /// Red lines not verified under the standard.
    pub unverified_count: usize,
    pub gap_count: usize,
    pub gaps: Vec<BriefGap>,
    /// "N more gaps…", or empty.
    pub more: String,
    pub profiles: Vec<BriefRow>,
    /// Whether some standard's bar has a lighter extension (the key under the table says what
    /// it is).
    pub reach: bool,
    pub checklist_sha256: String,
    pub answers_sha256: String,
    /// The first 12 hex digits of each digest, for the footer.
    pub checklist_sha_short: String,
    pub answers_sha_short: String,
    pub tool: String,
}

/// A standard's line in the brief.
#[derive(Debug, Serialize)]
pub struct BriefRow {
    pub title: String,
    pub score: String,
    /// The verified share ("83 %").
    pub coverage: String,
    /// Width of the score bar in percent ("41.1").
    pub bar: String,
    /// Width of the bar's lighter extension up to the ceiling, in percent ("0.0" for none).
    pub reach: String,
    pub verdict: String,
    pub breaches: usize,
    pub current: bool,
    pub tone: &'static str,
}

impl BriefRow {
    fn new(r: &Row) -> Self {
        let pct = |s: &str| s.parse::<f64>().map_or(0.0, |v| v.clamp(0.0, 100.0));
        let (floor, ceiling) = (pct(&r.range.score), pct(&r.range.ceiling));
        BriefRow {
            title: clip(&r.title, clip_at::PROFILE_TITLE),
            score: r.score.clone(),
            coverage: r.range.coverage.clone(),
            bar: format!("{floor:.1}"),
            reach: format!("{:.1}", (ceiling - floor).max(0.0)),
            // The red-line count has its own column: the short word keeps the row on one line.
            verdict: clip(&r.verdict_short, clip_at::PROFILE_VERDICT),
            breaches: r.breaches,
            current: r.current,
            tone: r.tone,
        }
    }
}

/// Picks the gaps the brief shows: breaches first, then the other gaps, in the report's order
/// (gravest first), while they fit in `room` (body lines); always the gravest one.
fn pick(all: Vec<BriefGap>, room: f64) -> Vec<BriefGap> {
    let mut used = 0.0;
    let mut out = Vec::new();
    for g in all.into_iter().take(MAX_GAPS) {
        let need = g.height();
        if !out.is_empty() && used + need > room {
            break;
        }
        used += need;
        out.push(g);
    }
    out
}

impl BriefView {
    /// Builds the brief from the report's view.
    pub fn new(v: ReportView) -> Self {
        let t = v.t;
        let total = v.breaches.len() + v.unverified.len() + v.gaps.len();
        let candidates: Vec<BriefGap> = v
            .breaches
            .iter()
            .chain(&v.unverified)
            .chain(&v.gaps)
            .take(MAX_GAPS)
            .enumerate()
            .map(|(i, g)| BriefGap::new(i + 1, g))
            .collect();
        let mut verdict = v.verdict;
        verdict.weakest = v.powers.weakest_line(t, clip_at::POWER);
        verdict.description = if verdict.incompatible || verdict.undetermined {
            // The title says why; the tally counts the red lines; this says what the score
            // alone would give.
            verdict.band.clone()
        } else if verdict.weakest.is_empty() {
            clip(&verdict.description, clip_at::VERDICT_DESCRIPTION)
        } else {
            clip(&verdict.description, clip_at::VERDICT_DESCRIPTION_SHORT)
        };
        let profiles: Vec<BriefRow> = v.profiles.iter().map(BriefRow::new).collect();
        let mut brief = BriefView {
            t,
            lang: v.lang,
            instrument: clip(&v.instrument, clip_at::INSTRUMENT),
            jurisdiction: clip(&v.jurisdiction, clip_at::JURISDICTION),
            bill_version: clip(&v.bill_version, clip_at::META),
            assessor: clip(&v.assessor, clip_at::META),
            date: clip(&v.date, clip_at::META),
            checklist_title: clip(&v.checklist_title, clip_at::META),
            checklist_id: clip(&v.checklist_id, clip_at::META),
            checklist_version: clip(&v.checklist_version, clip_at::META),
            profile_title: clip(&v.profile_title, clip_at::PROFILE_TITLE),
            score: v.score,
            range_note: v.range.note,
            verdict,
            breach_count: v.breaches.len(),
            unverified_count: v.unverified.len(),
            gap_count: total,
            gaps: Vec::new(),
            more: String::new(),
            reach: profiles.iter().any(|p| p.reach != "0.0"),
            profiles,
            checklist_sha_short: v.checklist_sha256.chars().take(12).collect(),
            answers_sha_short: v.answers_sha256.chars().take(12).collect(),
            checklist_sha256: v.checklist_sha256,
            answers_sha256: v.answers_sha256,
            tool: v.tool,
        };
        brief.gaps = pick(candidates, page::HEIGHT - brief.fixed_height());
        brief.more = match total - brief.gaps.len() {
            0 => String::new(),
            1 => t["brief_more_one"].clone(),
            n => t["brief_more_other"].replace("{n}", &n.to_string()),
        };
        brief
    }

    /// The height of everything but the gaps, in body lines.
    fn fixed_height(&self) -> f64 {
        let t = self.t;
        let meta = format!(
            "{} {} · {} {} · {} {} · {} {}",
            t["bill_version"],
            self.bill_version,
            t["standard"],
            self.profile_title,
            t["assessor"],
            self.assessor,
            t["date"],
            self.date
        );
        // The counts of red lines breached and not verified are in the tally, whose line is
        // fixed; the key of the bars sits on the line of the table's heading.
        let v = &self.verdict;
        page::FIXED
            + height(&self.instrument, page::TITLE)
            + height(&meta, page::META)
            + height(&v.title, page::VERDICT)
            + height(&v.description, page::DESCRIPTION)
            + height(&v.weakest, page::FACT)
            + self.profiles.len() as f64 * page::STANDARD_ROW
    }

    /// The estimated height of the whole brief, in body lines (for tests and tuning).
    pub fn estimated_height(&self) -> f64 {
        self.fixed_height() + self.gaps.iter().map(BriefGap::height).sum::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_at_a_word_and_marks_it() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(
            clip("  many   spaces\nand lines ", 40),
            "many spaces and lines"
        );
        assert_eq!(clip("one two three four", 12), "one two…");
        assert!(clip("one two three four", 12).chars().count() <= 12);
        // A single long word is cut inside.
        assert_eq!(clip("abcdefghijklmnop", 8), "abcdefg…");
        // Markup is not special: it is text, escaped later by the template.
        assert_eq!(clip("<script>alert(1)</script>", 12), "<script>ale…");
        for n in 2..40 {
            let s = clip(
                "Artículo 14(3): «en casos de urgencia, sin orden previa»",
                n,
            );
            assert!(s.chars().count() <= n, "{n}: {s}");
        }
    }

    fn gap(n: usize, len: usize) -> BriefGap {
        let long = "x ".repeat(len / 2);
        BriefGap {
            number: n,
            question: clip(&long, clip_at::QUESTION),
            severity: String::new(),
            severity_id: String::new(),
            breach: false,
            red_line: false,
            unverified_red_line: false,
            answer: "No".into(),
            status: "Missing".into(),
            note: clip(&long, clip_at::NOTE),
            article: clip(&long, clip_at::ARTICLE),
            quote: clip(&long, clip_at::QUOTE),
            remediation: clip(&long, clip_at::REMEDIATION),
            cites: clip(&long, clip_at::CITES),
        }
    }

    #[test]
    fn short_gaps_fill_five_and_long_ones_stop_at_three() {
        let short: Vec<_> = (1..=8).map(|n| gap(n, 40)).collect();
        assert_eq!(pick(short, 40.0).len(), MAX_GAPS);
        let long: Vec<_> = (1..=8).map(|n| gap(n, 2000)).collect();
        let room = 3.0 * long[0].height() + 1.0;
        let picked = pick(long, room);
        assert_eq!(picked.len(), 3);
        assert_eq!(pick(vec![gap(1, 2000)], 0.0).len(), 1);
        // Gaps keep their order: the gravest come first.
        let numbers: Vec<usize> = picked.iter().map(|g| g.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
    }

    /// The longest line naming the weakest power: the longest labels (Portuguese), two-digit
    /// counts, both red-line counts.
    fn longest_weakest(t: &Messages) -> String {
        let long = "W".repeat(5000);
        format!(
            "{}: {} — {}; {}; {}",
            t["weakest_power"],
            clip(&long, clip_at::POWER),
            t["power_met_count"]
                .replace("{met}", "10")
                .replace("{total}", "18"),
            t["count_red_lines_breached_other"].replace("{n}", "10"),
            t["count_red_lines_unverified_other"].replace("{n}", "10"),
        )
    }

    #[test]
    fn three_gaps_at_their_longest_fit_under_the_longest_header() {
        let long = "W".repeat(5000);
        let t = super::super::messages("pt");
        let header = |verdict: VerdictView| BriefView {
            t,
            lang: "pt".into(),
            instrument: clip(&long, clip_at::INSTRUMENT),
            jurisdiction: clip(&long, clip_at::JURISDICTION),
            bill_version: clip(&long, clip_at::META),
            assessor: clip(&long, clip_at::META),
            // The schema allows only YYYY-MM-DD.
            date: "2025-10-01".into(),
            checklist_title: clip(&long, clip_at::META),
            checklist_id: clip(&long, clip_at::META),
            checklist_version: clip(&long, clip_at::META),
            profile_title: clip(&long, clip_at::PROFILE_TITLE),
            score: "0.0".into(),
            range_note: t["range_note"].clone(),
            verdict,
            breach_count: 3,
            unverified_count: 3,
            gap_count: 3,
            gaps: (1..=3).map(|n| gap(n, 5000)).collect(),
            more: String::new(),
            reach: true,
            profiles: Vec::new(),
            checklist_sha256: String::new(),
            answers_sha256: String::new(),
            checklist_sha_short: String::new(),
            answers_sha_short: String::new(),
            tool: String::new(),
        };
        let weakest = longest_weakest(t);
        assert!(weakest.chars().count() <= 2 * page::FACT.0, "{weakest}");
        // Every verdict the brief can print, each text as long as it can be: a band's
        // description alone, or shortened before the weakest power's line; the band's line of
        // a verdict the red lines decide, before the weakest power's line.
        let verdicts = [
            VerdictView {
                id: "adequate".into(),
                title: t["undetermined"].clone(),
                description: clip(&long, clip_at::VERDICT_DESCRIPTION),
                tone: "good".into(),
                ..VerdictView::default()
            },
            VerdictView {
                id: "adequate".into(),
                title: t["undetermined"].clone(),
                description: clip(&long, clip_at::VERDICT_DESCRIPTION_SHORT),
                tone: "good".into(),
                weakest: weakest.clone(),
                ..VerdictView::default()
            },
            VerdictView {
                id: "undetermined".into(),
                title: t["undetermined"].clone(),
                description: t["band_alone"]
                    .replace("{band}", &clip(&long, clip_at::PROFILE_VERDICT)),
                undetermined: true,
                tone: "warn".into(),
                weakest: weakest.clone(),
                ..VerdictView::default()
            },
        ];
        // The shipped checklist has six standards.
        let six = 6.0 * page::STANDARD_ROW;
        for v in verdicts {
            let id = v.id.clone();
            let brief = header(v);
            assert!(
                brief.estimated_height() + six <= page::HEIGHT,
                "{id}: {}",
                brief.estimated_height() + six
            );
        }
    }
}
