//! The one-page parliamentary brief: the view model of `brief.html.hbs`.
//!
//! Its verdict says what decides it: the red lines breached and not verified are counted in its
//! tally, and when they decide the verdict, the band the score alone would give takes the place
//! of the verdict's description; then the score's range and coverage, and the weakest power
//! with its safeguards met. Each standard's bar goes on, lighter, up to the score it could
//! reach.
//!
//! Which gaps: every gap is ranked by the catalog's `priority` (1 first; items without one
//! last), then the weakest power's safeguards first, then the report's own order (breaches,
//! red lines not verified, severity, weight lost, id). The first three to five become cards;
//! every breached red line not shown as a card gets one line of its own beneath them.
//!
//! The brief must fit one A4 page whatever the answers file holds, so this module decides what
//! goes in and how long it may be: every free text is shortened at a sentence or clause
//! boundary (a word boundary only when a text has none), a long quote is shown around the
//! wording that settles the question, citations are dropped whole rather than cut, and a
//! model of the printed page (the height of each text at its length) says how many cards and
//! lines fit. Three cards at their longest fit under the longest header (a unit test); the
//! browser tests print every shipped example in every language and count the pages.

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
    /// A breached red line's line, and the heading of their list.
    pub const BREACH_LINE: (usize, f64) = (95, 1.0);
    pub const BREACH_HEADING: f64 = 1.6;
}

/// The height of the page the brief must fit, in the page model's body lines.
pub fn page_height() -> f64 {
    page::HEIGHT
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
    /// A question is shortened at a clause boundary (a word only when it has none) beyond
    /// this many characters.
    pub const QUESTION: usize = 230;
    /// A breached red line's question, on its line.
    pub const BREACH_LINE: usize = 95;
    /// The weakest power's question, in its line.
    pub const POWER: usize = 60;
    pub const NOTE: usize = 80;
    pub const ARTICLE: usize = 30;
    pub const QUOTE: usize = 110;
    pub const REMEDIATION: usize = 300;
    pub const CITES: usize = 90;

    /// The tighter bounds used when three cards at the bounds above would not fit the page.
    pub mod tight {
        pub const QUESTION: usize = 176;
        pub const NOTE: usize = 50;
        pub const REMEDIATION: usize = 210;
    }
}

/// The bounds of a card's texts: (question, note, remediation).
type Bounds = (usize, usize, usize);
const ROOMY: Bounds = (clip_at::QUESTION, clip_at::NOTE, clip_at::REMEDIATION);
const TIGHT: Bounds = (
    clip_at::tight::QUESTION,
    clip_at::tight::NOTE,
    clip_at::tight::REMEDIATION,
);

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

/// Where a text may be shortened, strongest first: sentences, then clauses.
const BOUNDARIES: [&str; 7] = [". ", "; ", ": ", " — ", " – ", ", ", " ("];

/// Shortens `s` (whitespace collapsed) to at most `max` characters at the last sentence or
/// clause boundary that keeps at least two fifths of it: a sentence ends with its own full
/// stop, a clause with "…". A text with no such boundary is kept whole up to `hard`
/// characters, and beyond that cut at a word ([`clip`]).
pub fn shorten(s: &str, max: usize, hard: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let head: String = flat.chars().take(max.saturating_sub(1)).collect();
    let least = max / 5 * 2;
    let best = BOUNDARIES
        .iter()
        .filter_map(|b| {
            let i = head.rfind(b)?;
            (head[..i].chars().count() >= least).then_some((i, *b))
        })
        .max_by_key(|(i, _)| *i);
    match best {
        Some((i, ". ")) => head[..=i].to_string(),
        Some((i, _)) => format!(
            "{}…",
            head[..i].trim_end_matches(|c: char| c.is_whitespace() || ",;:—–(".contains(c))
        ),
        None if flat.chars().count() <= hard => flat,
        None => clip(&flat, hard),
    }
}

/// The part of a quote the brief shows: the whole quote when it fits in `max` characters;
/// else a window around the first of `keys` it holds (the wording that settles the question,
/// red flags first), starting at a sentence or clause boundary where one is near, marked
/// with "…" where text is left out; else its start.
pub fn quote_window(quote: &str, keys: &[String], max: usize) -> String {
    let flat = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = flat.chars().collect();
    if chars.len() <= max {
        return flat;
    }
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let find = |key: &str| -> Option<(usize, usize)> {
        let k: Vec<char> = key
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .map(|c| c.to_lowercase().next().unwrap_or(c))
            .collect();
        if k.is_empty() || k.contains(&'…') || k.len() > lower.len() {
            return None;
        }
        (0..=lower.len() - k.len())
            .find(|&i| lower[i..i + k.len()] == k[..])
            .map(|i| (i, i + k.len()))
    };
    let Some((start, end)) = keys.iter().find_map(|k| find(k)) else {
        return shorten(&flat, max, max);
    };
    if end < max {
        // The key words are in the first `max` characters.
        return shorten(&flat, max, max);
    }
    // The earliest boundary before the key words that keeps them in the window.
    let room = max.saturating_sub(2);
    let mut from = start;
    for i in (0..start).rev() {
        if end - i > room {
            break;
        }
        let at = |b: &str| flat_at(&chars, i, b);
        if BOUNDARIES.iter().any(|b| at(b)) {
            let b = BOUNDARIES
                .iter()
                .find(|b| at(b))
                .map_or(0, |b| b.chars().count());
            from = i + b;
        }
    }
    let rest: String = chars[from..].iter().collect();
    let shown = clip(rest.trim_start(), max - 1);
    format!("…{shown}")
}

/// Whether `chars` holds `pat` at `i`.
fn flat_at(chars: &[char], i: usize, pat: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    chars.get(i..i + p.len()).is_some_and(|s| s == p.as_slice())
}

/// The citations of a gap, whole, while they fit in `max` characters (the first always), and
/// how many were left out.
fn cites_within(cites: &[String], max: usize) -> (String, usize) {
    let mut out = String::new();
    let mut shown = 0;
    for c in cites {
        let next = if out.is_empty() {
            c.clone()
        } else {
            format!("{out}; {c}")
        };
        if shown > 0 && next.chars().count() > max {
            break;
        }
        out = next;
        shown += 1;
    }
    (out, cites.len() - shown)
}

/// One gap as the brief prints it.
#[derive(Debug, Serialize)]
pub struct BriefGap {
    pub number: usize,
    /// The item's id.
    pub id: String,
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
    fn new(
        number: usize,
        g: &GapView,
        t: &Messages,
        (question, note, remediation): Bounds,
    ) -> Self {
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
        let all: Vec<String> = g
            .cites
            .iter()
            .map(|c| {
                if c.pin.is_empty() {
                    c.short.clone()
                } else {
                    format!("{}, {}", c.short, c.pin)
                }
            })
            .collect();
        let (mut cites, left) = cites_within(&all, clip_at::CITES);
        if left > 0 {
            cites = format!(
                "{cites}; {}",
                crate::i18n::count_in(t, "brief_more_cites", left)
            );
        }
        BriefGap {
            number,
            id: g.id.clone(),
            question: shorten(&g.question, question, question),
            severity: g.severity.clone(),
            severity_id: g.severity_id.clone(),
            breach: g.breach,
            red_line: g.red_line,
            unverified_red_line: g.unverified_red_line,
            answer: g.answer.clone(),
            status: g.status.clone(),
            note: shorten(&g.note, note, note),
            article: format!("{}{flag}", clip(article, clip_at::ARTICLE)),
            quote: ev
                .map(|e| quote_window(&e.quote, &g.key_phrases, clip_at::QUOTE))
                .unwrap_or_default(),
            remediation: shorten(&g.remediation, remediation, remediation),
            cites,
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

/// A breached red line on its line.
#[derive(Debug, Clone, Serialize)]
pub struct BreachLine {
    pub text: String,
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
    /// The breached red lines not shown as cards, one line each, as many as fit.
    pub breach_lines: Vec<BreachLine>,
    /// "and N more red lines breached…", or empty.
    pub breach_more: String,
    /// Whether some card is a breached red line (the list is then of the other ones).
    pub any_breach_card: bool,
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

/// The brief's order of the gaps: the catalog's priority (1 first, none last), then the
/// weakest power's safeguards, then the order they come in (the report's: breaches, red lines
/// not verified, severity, weight lost, id).
fn rank<'a>(gaps: impl Iterator<Item = &'a GapView>) -> Vec<&'a GapView> {
    let mut out: Vec<&GapView> = gaps.collect();
    out.sort_by_key(|g| (g.priority.unwrap_or(u8::MAX), !g.weakest_power));
    out
}

/// The height of the list of breached red lines: its heading, its lines and the line that
/// counts those left out (nothing when the list is empty).
fn lines_height<'a>(lines: impl Iterator<Item = &'a str>, more: bool) -> f64 {
    let mut h = 0.0;
    let mut any = more;
    for l in lines {
        h += height(l, page::BREACH_LINE);
        any = true;
    }
    if more {
        h += page::BREACH_LINE.1;
    }
    if any { h + page::BREACH_HEADING } else { 0.0 }
}

/// The fewest cards the brief shows, when there are that many gaps.
pub const MIN_GAPS: usize = 3;

/// Picks the cards and the lines of breached red lines that fit in `room` (body lines): the
/// first [`MIN_GAPS`] cards always; a fourth and fifth only while every breached red line not
/// shown as a card still has its line; then as many of those lines as fit, the last giving
/// way to a line that counts the rest. Returns the cards, the lines, and how many breached
/// red lines have neither.
fn pick_with_lines(
    candidates: Vec<BriefGap>,
    ids: &[String],
    breached: Vec<(String, BreachLine)>,
    room: f64,
) -> (Vec<BriefGap>, Vec<BreachLine>, usize) {
    let lines_for = |cards: usize| -> Vec<&BreachLine> {
        breached
            .iter()
            .filter(|(id, _)| !ids[..cards.min(ids.len())].contains(id))
            .map(|(_, l)| l)
            .collect()
    };
    let mut used = 0.0;
    let mut cards = 0;
    for (i, g) in candidates.iter().enumerate() {
        let need = g.height();
        if i >= MIN_GAPS {
            let lines = lines_for(i + 1);
            let after = lines_height(lines.iter().map(|l| l.text.as_str()), false);
            if used + need + after > room {
                break;
            }
        }
        used += need;
        cards = i + 1;
    }
    let mut gaps = candidates;
    gaps.truncate(cards);
    let rest = lines_for(cards);
    let mut shown: Vec<BreachLine> = Vec::new();
    for (k, l) in rest.iter().enumerate() {
        let more = k + 1 < rest.len();
        let with = lines_height(
            shown
                .iter()
                .map(|s| s.text.as_str())
                .chain([l.text.as_str()]),
            more,
        );
        if used + with > room {
            break;
        }
        shown.push((*l).clone());
    }
    // Make room for the line that counts the rest, if some are left out.
    while shown.len() < rest.len()
        && !shown.is_empty()
        && used + lines_height(shown.iter().map(|s| s.text.as_str()), true) > room
    {
        shown.pop();
    }
    let left = rest.len() - shown.len();
    (gaps, shown, left)
}

impl BriefView {
    /// Builds the brief from the report's view.
    pub fn new(v: ReportView) -> Self {
        let t = v.t;
        let total = v.breaches.len() + v.unverified.len() + v.gaps.len();
        let ranked = rank(v.breaches.iter().chain(&v.unverified).chain(&v.gaps));
        let cards = |bounds: Bounds| -> Vec<BriefGap> {
            ranked
                .iter()
                .take(MAX_GAPS)
                .enumerate()
                .map(|(i, g)| BriefGap::new(i + 1, g, t, bounds))
                .collect()
        };
        let mut candidates = cards(ROOMY);
        // Every breached red line, in the brief's order, with the id to leave out those
        // shown as cards.
        let breached: Vec<(String, BreachLine)> = ranked
            .iter()
            .filter(|g| g.breach)
            .map(|g| {
                let text = if g.short.is_empty() {
                    shorten(&g.question, clip_at::BREACH_LINE, clip_at::BREACH_LINE)
                } else {
                    clip(&g.short, clip_at::BREACH_LINE)
                };
                (g.id.clone(), BreachLine { text })
            })
            .collect();
        let card_ids: Vec<String> = ranked.iter().take(MAX_GAPS).map(|g| g.id.clone()).collect();
        let mut verdict = v.verdict;
        verdict.weakest = v.powers.weakest_line(t, clip_at::POWER);
        verdict.description =
            if (verdict.incompatible || verdict.undetermined) && !verdict.band.is_empty() {
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
            breach_lines: Vec::new(),
            breach_more: String::new(),
            any_breach_card: false,
            reach: profiles.iter().any(|p| p.reach != "0.0"),
            profiles,
            checklist_sha_short: v.checklist_sha256.chars().take(12).collect(),
            answers_sha_short: v.answers_sha256.chars().take(12).collect(),
            checklist_sha256: v.checklist_sha256,
            answers_sha256: v.answers_sha256,
            tool: v.tool,
        };
        let room = page::HEIGHT - brief.fixed_height();
        // Three cards and the shortest list of breached red lines (its heading and the line
        // that counts them) must fit: if they do not at the roomy bounds, the tight ones.
        let least = candidates
            .iter()
            .take(MIN_GAPS)
            .map(BriefGap::height)
            .sum::<f64>()
            + if breached.len() > candidates.len().min(MIN_GAPS) {
                lines_height(std::iter::empty(), true)
            } else {
                0.0
            };
        if least > room {
            candidates = cards(TIGHT);
        }
        let (gaps, lines, left) = pick_with_lines(candidates, &card_ids, breached, room);
        brief.any_breach_card = gaps.iter().any(|g| g.breach);
        brief.gaps = gaps;
        brief.breach_lines = lines;
        brief.breach_more = match left {
            0 => String::new(),
            n => crate::i18n::count_in(t, "brief_breaches_more", n),
        };
        brief.more = match total - brief.gaps.len() - brief.breach_lines.len() - left {
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
        self.fixed_height()
            + self.gaps.iter().map(BriefGap::height).sum::<f64>()
            + lines_height(
                self.breach_lines.iter().map(|l| l.text.as_str()),
                !self.breach_more.is_empty(),
            )
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
            id: format!("g{n}"),
            question: clip(&long, clip_at::tight::QUESTION),
            severity: String::new(),
            severity_id: String::new(),
            breach: false,
            red_line: false,
            unverified_red_line: false,
            answer: "No".into(),
            status: "Missing".into(),
            note: clip(&long, clip_at::tight::NOTE),
            article: clip(&long, clip_at::ARTICLE),
            quote: clip(&long, clip_at::QUOTE),
            remediation: clip(&long, clip_at::tight::REMEDIATION),
            cites: clip(&long, clip_at::CITES),
        }
    }

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("g{i}")).collect()
    }

    fn line(text: &str) -> BreachLine {
        BreachLine { text: text.into() }
    }

    #[test]
    fn short_gaps_fill_five_and_long_ones_stop_at_three() {
        let short: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        let (cards, lines, left) = pick_with_lines(short, &ids(5), Vec::new(), 40.0);
        assert_eq!((cards.len(), lines.len(), left), (MAX_GAPS, 0, 0));
        let long: Vec<_> = (1..=5).map(|n| gap(n, 2000)).collect();
        let room = 3.0 * long[0].height() + 1.0;
        let (cards, _, _) = pick_with_lines(long, &ids(5), Vec::new(), room);
        // Gaps keep their order: the first ranked come first.
        let numbers: Vec<usize> = cards.iter().map(|g| g.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        // Three cards always, even in no room (the page model guarantees they fit).
        let long: Vec<_> = (1..=5).map(|n| gap(n, 2000)).collect();
        assert_eq!(pick_with_lines(long, &ids(5), Vec::new(), 0.0).0.len(), 3);
    }

    #[test]
    fn every_breach_not_carded_gets_a_line_or_is_counted() {
        // Seven breaches, the first three carded: four lines when they fit...
        let breached: Vec<(String, BreachLine)> = ids(7)
            .into_iter()
            .map(|id| (id.clone(), line(&id)))
            .collect();
        let cards: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        let need = 3.0 * cards[0].height();
        let (c, l, left) = pick_with_lines(cards, &ids(5), breached.clone(), need + 7.0);
        assert_eq!(
            c.len(),
            3,
            "a fourth card would push a breached red line off the page"
        );
        assert_eq!(
            l.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
            ["g4", "g5", "g6", "g7"]
        );
        assert_eq!(left, 0);
        // ...and, in less room, as many as fit with a line counting the rest.
        let cards: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        let (_, l, left) = pick_with_lines(cards, &ids(5), breached, need + 4.0);
        assert_eq!(l.len() + left, 4);
        assert!(left > 0 && !l.is_empty(), "{} shown, {left} left", l.len());
    }

    #[test]
    fn shortening_keeps_whole_sentences_and_clauses() {
        assert_eq!(shorten("short", 10, 10), "short");
        let s = "Require a judge's order for every interception. Limit it to serious offences; set a maximum period.";
        assert_eq!(
            shorten(s, 60, 60),
            "Require a judge's order for every interception."
        );
        let q = "Does the bill exclude communications between lawyers and their clients from interception, real-time collection and remote access?";
        assert_eq!(
            shorten(q, 100, 100),
            "Does the bill exclude communications between lawyers and their clients from interception…"
        );
        // No boundary: kept whole up to the hard limit, then cut at a word.
        let w = "one two three four five six seven eight nine ten";
        assert_eq!(shorten(w, 20, 60), w);
        assert_eq!(shorten(w, 20, 20), clip(w, 20));
    }

    #[test]
    fn long_quotes_show_their_key_words() {
        let quote = "The Public Prosecutor's Office shall direct the investigation and may request reports from any public body. In urgent cases, the prosecutor may order the interception directly, without a prior judicial order, for up to 72 hours.";
        let keys = vec![
            "sin orden".to_string(),
            "without a prior judicial order".to_string(),
        ];
        let shown = quote_window(quote, &keys, 110);
        assert!(shown.chars().count() <= 110, "{shown}");
        assert!(shown.contains("without a prior judicial order"), "{shown}");
        assert!(shown.starts_with("…In urgent cases"), "{shown}");
        // No key word: the start, cut at a clause.
        let plain = quote_window(quote, &[], 110);
        assert!(plain.starts_with("The Public Prosecutor"), "{plain}");
        // A short quote is whole.
        assert_eq!(quote_window("short quote", &keys, 110), "short quote");
    }

    #[test]
    fn citations_are_dropped_whole_never_cut() {
        let cites: Vec<String> = [
            "Budapest Convention, art. 19(4)",
            "UN Convention, art. 28(4)",
            "AlSur open letter (2024)",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(cites_within(&cites, 200), (cites.join("; "), 0));
        assert_eq!(cites_within(&cites, 60), (cites[..2].join("; "), 1));
        // The first is kept whole however long.
        assert_eq!(cites_within(&cites, 5), (cites[0].clone(), 2));
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
            // The list of breached red lines at its shortest: its heading and the line that
            // counts them.
            breach_lines: Vec::new(),
            breach_more: t["brief_breaches_more_other"].clone(),
            any_breach_card: true,
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
