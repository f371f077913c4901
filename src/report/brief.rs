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
//! model of the printed page says how many cards and lines fit: it sets every text in the
//! widths of the stylesheet's widest fallback fonts (`typeset.rs`), breaks it into lines as a
//! browser does and adds the stylesheet's heights, margins and paddings. The brief takes the
//! most cards that fit (five, then four, then three), each at the longest of three lengths
//! of its texts that lets them fit, with every breached red line not carded on its line.
//! Three cards at their longest fit under the longest header (a unit test); the browser tests
//! print every shipped example and real law in every language, count the pages, and check
//! that the room left at the bottom would not have held another card.

use serde::Serialize;

use super::Messages;
use super::typeset::{self, Face, MM, PT, Run};
use super::view::{GapView, ReportView, Row, VerdictView};

/// How many gaps the brief shows at most.
pub const MAX_GAPS: usize = 5;

/// The page model, in CSS pixels (96 to the inch): the heights, margins and paddings of
/// `brief.css` in print. Each text's number of lines comes from `typeset::lines`.
mod page {
    use super::typeset::{MM, PT};

    /// The printable height of A4 under the brief's margins (297 mm less 2 × 11 mm).
    pub const PAGE: f64 = 275.0 * MM;
    /// Kept free for what the model does not see: a browser's rounding, another font's
    /// ascent, a break the line breaker does not take.
    pub const SAFETY: f64 = 2.5 * MM;
    /// The printable width (210 mm less 2 × 12 mm).
    pub const WIDTH: f64 = 186.0 * MM;
    /// A card's text: the page less the number's column.
    pub const CARD: f64 = WIDTH - 7.5 * MM;

    /// The height of a line of `size`-point text at `leading` times its size.
    pub fn lh(size: f64, leading: f64) -> f64 {
        size * PT * leading
    }

    /// A section's heading (11 pt): its margins, line, padding and rule.
    pub fn section_heading() -> f64 {
        (3.2 + 1.2 + 0.8) * MM + lh(11.0, 1.15) + 0.6 * PT
    }
}

/// The height of the page the brief must fit, in CSS pixels (less the model's safety margin).
pub fn page_height() -> f64 {
    page::PAGE - page::SAFETY
}

/// The number of lines of `runs` in a box `measure` pixels wide, as a float.
fn lines(runs: &[Run], measure: f64) -> f64 {
    typeset::lines(runs, measure) as f64
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

    /// The middle lengths, for more cards than the longest let fit: the question and the
    /// assessor's note whole as above, the bill's words, the remedy and the sources shorter.
    pub mod medium {
        pub const QUESTION: usize = super::QUESTION;
        pub const NOTE: usize = super::NOTE;
        pub const QUOTE: usize = 80;
        pub const REMEDIATION: usize = 240;
        pub const CITES: usize = 60;
    }

    /// The shortest lengths.
    pub mod tight {
        pub const QUESTION: usize = 176;
        pub const NOTE: usize = 50;
        pub const QUOTE: usize = 80;
        pub const REMEDIATION: usize = 200;
        pub const CITES: usize = 60;
    }

    /// The lengths that make room for a long list of breached red lines under three cards:
    /// the question as short as above, the bill's words and the remedy shorter still, one
    /// source (the others counted); at the sparest, no line of the bill's words at all (the
    /// full audit quotes them).
    pub mod spare {
        pub const QUESTION: usize = super::tight::QUESTION;
        pub const NOTE: usize = super::tight::NOTE;
        pub const QUOTE: usize = 60;
        pub const REMEDIATION: usize = 110;
        pub const CITES: usize = 0;
    }
}

/// The lengths of a card's texts, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    question: usize,
    note: usize,
    quote: usize,
    remediation: usize,
    cites: usize,
}

/// The three lengths a card's texts may take, longest first.
const LEVELS: [Bounds; 3] = [
    Bounds {
        question: clip_at::QUESTION,
        note: clip_at::NOTE,
        quote: clip_at::QUOTE,
        remediation: clip_at::REMEDIATION,
        cites: clip_at::CITES,
    },
    Bounds {
        question: clip_at::medium::QUESTION,
        note: clip_at::medium::NOTE,
        quote: clip_at::medium::QUOTE,
        remediation: clip_at::medium::REMEDIATION,
        cites: clip_at::medium::CITES,
    },
    Bounds {
        question: clip_at::tight::QUESTION,
        note: clip_at::tight::NOTE,
        quote: clip_at::tight::QUOTE,
        remediation: clip_at::tight::REMEDIATION,
        cites: clip_at::tight::CITES,
    },
];
const TIGHT: Bounds = LEVELS[2];
/// The lengths of three cards when the list of breached red lines needs their room: shorter,
/// then without the bill's words.
const SPARE: [Bounds; 2] = [
    Bounds {
        question: clip_at::spare::QUESTION,
        note: clip_at::spare::NOTE,
        quote: clip_at::spare::QUOTE,
        remediation: clip_at::spare::REMEDIATION,
        cites: clip_at::spare::CITES,
    },
    Bounds {
        question: clip_at::spare::QUESTION,
        note: clip_at::spare::NOTE,
        quote: 0,
        remediation: clip_at::spare::REMEDIATION,
        cites: clip_at::spare::CITES,
    },
];

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
            let i = head
                .rmatch_indices(b)
                .map(|(i, _)| i)
                .find(|&i| *b != ". " || sentence_ends(&head, i))?;
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

/// Abbreviations that end in a full stop without ending a sentence ("art. 22", "vs. Brasil").
const ABBREVIATIONS: [&str; 24] = [
    "art", "arts", "n", "nº", "no", "núm", "num", "inc", "párr", "par", "para", "p", "pp", "cf",
    "vs", "v", "sr", "sra", "dr", "dra", "vol", "cap", "al", "ss",
];

/// Whether the ". " at byte `i` of `s` ends a sentence: the next word starts with a capital or
/// an opening quote, and the word before is not an abbreviation or an initial.
fn sentence_ends(s: &str, i: usize) -> bool {
    let next = s[i + 2..].chars().next();
    if !next.is_some_and(|c| c.is_uppercase() || "«“\"'(¿¡".contains(c)) {
        return false;
    }
    let word = s[..i]
        .rsplit(|c: char| c.is_whitespace() || "(«“\"".contains(c))
        .next()
        .unwrap_or_default()
        .to_lowercase();
    word.chars().count() > 1 && !ABBREVIATIONS.contains(&word.as_str())
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
    fn new(number: usize, g: &GapView, t: &Messages, b: Bounds) -> Self {
        // A quote the bill's text bears out first; one it does not is shown flagged.
        let ev = g
            .evidence
            .iter()
            .find(|e| !e.quote.is_empty() && !e.flagged)
            .or_else(|| g.evidence.iter().find(|e| !e.quote.is_empty()));
        // No quote: no line of the bill's words at all.
        let ev = ev.filter(|_| b.quote > 0);
        let article = ev
            .map(|e| e.article.as_str())
            .or_else(|| {
                g.evidence
                    .first()
                    .filter(|_| b.quote > 0)
                    .map(|e| e.article.as_str())
            })
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
        let (mut cites, left) = cites_within(&all, b.cites);
        if left > 0 {
            cites = format!(
                "{cites}; {}",
                crate::i18n::count_in(t, "brief_more_cites", left)
            );
        }
        BriefGap {
            number,
            id: g.id.clone(),
            question: shorten(&g.question, b.question, b.question),
            severity: g.severity.clone(),
            severity_id: g.severity_id.clone(),
            breach: g.breach,
            red_line: g.red_line,
            unverified_red_line: g.unverified_red_line,
            answer: g.answer.clone(),
            status: g.status.clone(),
            note: shorten(&g.note, b.note, b.note),
            article: if article.is_empty() {
                String::new()
            } else {
                format!("{}{flag}", clip(article, clip_at::ARTICLE))
            },
            quote: ev
                .map(|e| quote_window(&e.quote, &g.key_phrases, b.quote))
                .unwrap_or_default(),
            remediation: shorten(&g.remediation, b.remediation, b.remediation),
            cites,
        }
    }

    /// The height this card takes on the page, in CSS pixels: its padding and rule, the
    /// question (9.2 pt bold), the state line (8.3 pt, badges unbroken), the bill's words
    /// (9 pt serif italic), what to amend (9 pt, sources at 7.3 pt, in a padded box).
    fn height(&self, t: &Messages) -> f64 {
        use Face::*;
        let w = page::CARD;
        let body = page::lh(9.0, 1.3);
        let mut h = 2.0 * 1.3 * MM
            + 0.4 * PT
            + lines(&[Run::new(&self.question, SansBold, 9.2)], w) * page::lh(9.2, 1.25)
            + 0.4 * MM;
        let mut state: Vec<Run> = Vec::new();
        if self.breach {
            state.push(badge(&t["red_line_breached"]));
        }
        if self.unverified_red_line {
            state.push(badge(&t["red_line_unverified"]));
        } else if self.red_line && !self.breach {
            state.push(badge(&t["red_line_not_breached"]));
        }
        if !self.severity.is_empty() {
            state.push(badge(&self.severity));
        }
        let status = format!(" ({})", self.status);
        let note = format!(": {}", self.note);
        state.push(Run::new(&self.answer, SansBold, 8.3));
        if !self.status.is_empty() {
            state.push(Run::new(&status, Sans, 8.3));
        }
        if !self.note.is_empty() {
            state.push(Run::new(&note, Sans, 8.3));
        }
        h += 0.35 * MM + lines(&state, w) * page::lh(8.3, 1.3);
        let quote = format!("“{}” ", self.quote);
        let article = if self.quote.is_empty() {
            self.article.clone()
        } else {
            format!("({})", self.article)
        };
        if !self.quote.is_empty() || !self.article.is_empty() {
            let mut runs = vec![label(&t["brief_bill_says"])];
            if !self.quote.is_empty() {
                runs.push(Run::new(&quote, SerifItalic, 9.0));
            }
            if !self.article.is_empty() {
                runs.push(Run::new(&article, SerifItalic, 9.0));
            }
            h += 0.35 * MM + lines(&runs, w) * body;
        }
        let amend = format!("{}:", t["remediation"]);
        let cites = format!(" ({})", self.cites);
        if !self.remediation.is_empty() {
            let mut runs = vec![label(&amend), Run::new(&self.remediation, Sans, 9.0)];
            if !self.cites.is_empty() {
                runs.push(Run::new(&cites, Sans, 7.3));
            }
            h += 0.35 * MM + lines(&runs, w - 1.5 * MM) * body + 2.0 * 0.6 * MM;
        } else if !self.cites.is_empty() {
            let text = format!("{}: {}", t["citations"], self.cites);
            h += 0.35 * MM + lines(&[Run::new(&text, Sans, 7.3)], w) * page::lh(7.3, 1.3);
        }
        h
    }
}

/// A badge (6.5 pt bold capitals in a box): never broken.
fn badge(text: &str) -> Run<'_> {
    Run::new(text, Face::SansBold, 6.5)
        .caps(0.04)
        .boxed(2.0 * 1.2 * MM + 2.0 * 0.6 * PT)
}

/// A label before a card's text ("THE BILL:", "WHAT TO AMEND:").
fn label(text: &str) -> Run<'_> {
    Run::new(text, Face::SansBold, 7.5)
        .caps(0.04)
        .boxed(0.8 * MM)
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
    /// Whether the list is set compact (8 pt, closer lines) to fit under three cards.
    pub compact: bool,
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

/// The height of the list of breached red lines: its heading, its lines (one each, cut by
/// the stylesheet rather than wrapped, 8.5 pt) and the line that counts those left out
/// (nothing when the list is empty). A compact list is set at 8 pt in two balanced columns,
/// each line wrapped in its column and never split across the two: the columns are as tall
/// as the least height that holds every line in order.
fn lines_height(texts: &[&str], more: Option<&str>, compact: bool) -> f64 {
    let n = texts.len() + usize::from(more.is_some());
    if n == 0 {
        return 0.0;
    }
    if texts.is_empty() {
        // The count alone, as a paragraph.
        return more_height();
    }
    let head = 1.5 * MM + page::lh(8.5, 1.15) + 0.5 * MM;
    if !compact {
        return head + n as f64 * page::lh(8.5, 1.3);
    }
    let col = (page::CARD - COLUMN_GAP) / 2.0;
    let heights: Vec<f64> = texts
        .iter()
        .copied()
        .chain(more)
        .map(|l| lines(&[Run::new(l, Face::Sans, 8.0)], col) * page::lh(8.0, 1.25))
        .collect();
    head + balanced(&heights, 2)
}

/// The gap between the columns of a compact list (`column-gap` in `brief.css`).
const COLUMN_GAP: f64 = 5.0 * MM;

/// The least height of `columns` columns that holds `items` (heights) in order, none split.
fn balanced(items: &[f64], columns: usize) -> f64 {
    let fits = |h: f64| {
        let (mut used, mut col) = (0.0, 1);
        for &i in items {
            if i > h + 1e-6 {
                return false;
            }
            if used > 0.0 && used + i > h + 1e-6 {
                col += 1;
                used = 0.0;
            }
            used += i;
        }
        col <= columns
    };
    // Every candidate height is a sum of consecutive items.
    let mut best = items.iter().sum::<f64>();
    for a in 0..items.len() {
        let mut h = 0.0;
        for &i in &items[a..] {
            h += i;
            if h < best && fits(h) {
                best = h;
            }
        }
    }
    best
}

/// The height of the line that counts the gaps not shown (8 pt, one line).
fn more_height() -> f64 {
    1.5 * MM + page::lh(8.0, 1.3)
}

/// The fewest lines of breached red lines the brief sets compact to make room for a card.
pub const LONG_LIST: usize = 6;

/// The fewest cards the brief shows, when there are that many gaps.
pub const MIN_GAPS: usize = 3;

/// The brief's choice: cards, the lines of breached red lines, how many breached red lines
/// have neither, and whether the list is set compact.
type Pick = (Vec<BriefGap>, Vec<BreachLine>, usize, bool);

/// Picks the cards and the lines of breached red lines that fit in `room` (pixels). Each
/// candidate holds the same cards at one of [`LEVELS`], longest first, then at the [`SPARE`] ones;
/// `ids` their ids in order, `gaps` the number of gaps there are. The most cards that fit
/// with every breached red line not carded on its line, at the longest of [`LEVELS`] that let
/// them: the list in its own type first, then, when it is long ([`LONG_LIST`] lines or
/// more), set compact. When not even three cards at the shortest of them leave room for every
/// line, the list makes room for itself: three cards with the list set compact, at the
/// longest texts that let every line fit, the [`SPARE`] ones last. When not even that fits,
/// three cards at the texts that show the most lines, and as many lines as fit, the last
/// giving way to a line that counts the rest.
fn pick_with_lines(
    candidates: Vec<Vec<BriefGap>>,
    ids: &[String],
    breached: &[(String, BreachLine)],
    gaps: usize,
    room: f64,
    t: &Messages,
) -> Pick {
    let lines_for = |cards: usize| -> Vec<&BreachLine> {
        breached
            .iter()
            .filter(|(id, _)| !ids[..cards.min(ids.len())].contains(id))
            .map(|(_, l)| l)
            .collect()
    };
    let most = candidates.first().map_or(0, Vec::len);
    let least = most.min(MIN_GAPS);
    let levels = candidates.len().min(LEVELS.len());
    let height = |cards: &[BriefGap]| cards.iter().map(|g| g.height(t)).sum::<f64>();
    let take = |mut candidates: Vec<Vec<BriefGap>>, level: usize, k: usize| {
        let mut gaps = candidates.swap_remove(level);
        gaps.truncate(k);
        gaps
    };
    for k in (least..=most).rev() {
        let lines = lines_for(k);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        let more = if gaps > k + lines.len() {
            more_height()
        } else {
            0.0
        };
        for compact in [false, true] {
            if compact && lines.len() < LONG_LIST {
                continue;
            }
            let after = lines_height(&texts, None, compact) + more;
            for level in 0..levels {
                if height(&candidates[level][..k]) + after <= room {
                    let lines = lines.into_iter().cloned().collect();
                    return (take(candidates, level, k), lines, 0, compact);
                }
            }
        }
    }
    // The list makes room for itself: compact, then with the spare card texts.
    let rest = lines_for(least);
    let more = if gaps > least + rest.len() {
        more_height()
    } else {
        0.0
    };
    if !rest.is_empty() {
        let texts: Vec<&str> = rest.iter().map(|l| l.text.as_str()).collect();
        let after = lines_height(&texts, None, true) + more;
        for level in 0..candidates.len() {
            if height(&candidates[level][..least]) + after <= room {
                let lines = rest.into_iter().cloned().collect();
                return (take(candidates, level, least), lines, 0, true);
            }
        }
    }
    // Not every line fits: three cards, at the texts that leave room for the most lines, and
    // as many lines as fit.
    let shown_at = |cards: &[BriefGap]| {
        let used = height(&cards[..least]) + more;
        let mut shown = rest.len();
        let texts: Vec<&str> = rest.iter().map(|l| l.text.as_str()).collect();
        let fits = |shown: usize| {
            let count = crate::i18n::count_in(t, "brief_breaches_more", rest.len() - shown);
            let more = (shown < rest.len()).then_some(count.as_str());
            used + lines_height(&texts[..shown], more, true) <= room
        };
        while shown > 0 && !fits(shown) {
            shown -= 1;
        }
        shown
    };
    let shown: Vec<usize> = candidates.iter().map(|c| shown_at(c)).collect();
    let most_lines = shown.iter().copied().max().unwrap_or(0);
    let level = shown.iter().position(|n| *n == most_lines).unwrap_or(0);
    let cards = take(candidates, level, least);
    let lines = rest[..most_lines].iter().map(|l| (*l).clone()).collect();
    (cards, lines, rest.len() - most_lines, !rest.is_empty())
}

impl BriefView {
    /// Builds the brief from the report's view.
    pub fn new(v: ReportView) -> Self {
        Self::build(v, None)
    }

    /// The brief with `cards` cards at their shortest texts and every breached red line not
    /// carded on its line, whether or not they fit: what the brief would print with one card
    /// more than it chose (the browser tests print it to check that it does not fit).
    pub fn with_cards(v: ReportView, cards: usize) -> Self {
        Self::build(v, Some(cards))
    }

    fn build(v: ReportView, force: Option<usize>) -> Self {
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
            compact: false,
            any_breach_card: false,
            reach: profiles.iter().any(|p| p.reach != "0.0"),
            profiles,
            checklist_sha_short: v.checklist_sha256.chars().take(12).collect(),
            answers_sha_short: v.answers_sha256.chars().take(12).collect(),
            checklist_sha256: v.checklist_sha256,
            answers_sha256: v.answers_sha256,
            tool: v.tool,
        };
        let room = page_height() - brief.fixed_height();
        let (gaps, lines, left, compact) = match force {
            None => pick_with_lines(
                LEVELS.iter().chain(&SPARE).map(|b| cards(*b)).collect(),
                &card_ids,
                &breached,
                total,
                room,
                t,
            ),
            Some(n) => {
                let mut gaps = cards(TIGHT);
                gaps.truncate(n);
                let lines: Vec<BreachLine> = breached
                    .iter()
                    .filter(|(id, _)| !card_ids[..gaps.len()].contains(id))
                    .map(|(_, l)| l.clone())
                    .collect();
                let compact = lines.len() >= LONG_LIST;
                (gaps, lines, 0, compact)
            }
        };
        brief.compact = compact;
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

    /// The height of everything but the cards, the list of breached red lines and the line
    /// counting the other gaps, in CSS pixels.
    fn fixed_height(&self) -> f64 {
        use Face::*;
        let t = self.t;
        let w = page::WIDTH;
        let v = &self.verdict;
        // The header: kicker, title, the line of facts, the rule under them.
        let kicker = format!("{} · {}", t["brief_title"], self.jurisdiction);
        let mut meta = String::new();
        if !self.bill_version.is_empty() {
            meta += &format!("{}: {} · ", t["bill_version"], self.bill_version);
        }
        meta += &format!("{}: {}", t["standard"], self.profile_title);
        if !self.assessor.is_empty() {
            meta += &format!(" · {}: {}", t["assessor"], self.assessor);
        }
        if !self.date.is_empty() {
            meta += &format!(" · {}: {}", t["date"], self.date);
        }
        let head = lines(&[Run::new(&kicker, SansBold, 7.5).caps(0.08)], w) * page::lh(7.5, 1.3)
            + (0.8 + 1.0) * MM
            + lines(&[Run::new(&self.instrument, SerifBold, 13.5)], w) * page::lh(13.5, 1.15)
            + lines(&[Run::new(&meta, Sans, 8.0)], w) * page::lh(8.0, 1.3)
            + 2.5 * MM
            + 2.0 * PT;
        // The verdict: its text beside the score, which is as wide as its widest line (the
        // range note wraps at 34 mm).
        let range = Run::new(&self.range_note, Sans, 7.5);
        let range_w = typeset::width(&range, &self.range_note).min(34.0 * MM);
        let score_w = typeset::width(&Run::new(&self.score, SerifBold, 24.0), &self.score)
            .max(typeset::width(
                &Run::new(&t["score_of"], Sans, 7.5),
                &t["score_of"],
            ))
            .max(range_w);
        let text_w = w - (2.2 + 8.0 + 6.0) * MM - score_w;
        let body = page::lh(9.0, 1.3);
        let tally = format!(
            "{} {} · {} {} · {} {}",
            self.breach_count,
            t["tally_breaches"],
            self.unverified_count,
            t["tally_unverified_short"],
            self.gap_count,
            t["tally_gaps"]
        );
        let mut text = page::lh(7.0, 1.2)
            + lines(&[Run::new(&v.title, SerifBold, 14.0)], text_w) * page::lh(14.0, 1.15)
            + 1.0 * MM
            + lines(&[Run::new(&v.description, Sans, 9.0)], text_w) * body
            + 1.0 * MM
            + lines(&[Run::new(&tally, Sans, 8.0)], text_w) * page::lh(8.0, 1.3);
        if !v.weakest.is_empty() {
            text += 0.6 * MM + lines(&[Run::new(&v.weakest, Sans, 9.0)], text_w) * body;
        }
        let score = 24.0 * PT
            + 7.5 * PT
            + 0.8 * MM
            + lines(&[range], range_w.max(1.0)) * page::lh(7.5, 1.2);
        let verdict = (3.0 + 2.0 * 2.5) * MM + text.max(score);
        // The table of standards: its heading (the key of the bars beside it, or under it
        // when there is no room), the table's head, a row per standard.
        let key_w =
            typeset::width(&Run::new(&t["legend_reach"], Sans, 7.0), &t["legend_reach"]) + 6.0 * MM;
        let heading_w = typeset::width(
            &Run::new(&t["scores_by_standard"], SerifBold, 11.0),
            &t["scores_by_standard"],
        );
        let mut standards = page::section_heading();
        if self.reach && heading_w + key_w > w {
            standards += page::lh(7.0, 1.3);
        }
        let col = |share: f64| share * w - 3.0 * MM;
        let score_head = format!("{} ({})", t["score"], t["verified"]);
        let head_lines = [
            (t["standard"].as_str(), 0.41),
            (score_head.as_str(), 0.14),
            (t["verdict"].as_str(), 0.27),
            (t["red_lines"].as_str(), 0.10),
        ]
        .iter()
        .map(|(text, share)| {
            // A heading's word is never broken: it overflows its column instead.
            let run = Run::new(text, SansBold, 6.8).caps(0.05);
            lines(&[run], col(*share).max(typeset::widest_word(&run)))
        })
        .fold(1.0, f64::max);
        // Rules are drawn at least a device pixel thick.
        let row = page::lh(8.0, 1.25);
        standards += head_lines * page::lh(6.8, 1.25) + 0.5 * MM + 0.5;
        for p in &self.profiles {
            let face = if p.current { SansBold } else { Sans };
            let n = lines(&[Run::new(&p.title, face, 8.0)], col(0.41))
                .max(lines(&[Run::new(&p.verdict, SansBold, 8.0)], col(0.27)))
                .max(1.0);
            standards += n * row + 0.5 * MM + 1.0;
        }
        // The heading of the gaps; the line saying there are none, if so.
        let mut gaps = page::section_heading();
        if self.gap_count == 0 {
            gaps += 4.0 * MM + lines(&[Run::new(&t["no_gaps"], Sans, 9.0)], w - 7.0 * MM) * body;
        }
        // The footer: the checklist and the full audit; the tool and the digests.
        let about = format!(
            "{}: {} ({} {}). {}",
            t["checklist"],
            self.checklist_title,
            self.checklist_id,
            self.checklist_version,
            t["brief_full_report"]
        );
        let made = format!(
            "{} {} · SHA-256 {} / {}",
            t["generated_by"], self.tool, self.checklist_sha_short, self.answers_sha_short
        );
        let foot = (3.5 + 1.5) * MM
            + 0.6 * PT
            + (lines(&[Run::new(&about, Sans, 7.0)], w) + lines(&[Run::new(&made, Sans, 7.0)], w))
                * page::lh(7.0, 1.3);
        head + verdict + standards + gaps + foot
    }

    /// The estimated height of the whole brief, in CSS pixels (for tests and tuning).
    pub fn estimated_height(&self) -> f64 {
        self.fixed_height()
            + self.gaps.iter().map(|g| g.height(self.t)).sum::<f64>()
            + self.estimated_list_height()
            + if self.more.is_empty() {
                0.0
            } else {
                more_height()
            }
    }

    /// The estimated height of the list of breached red lines (its heading's margin, the
    /// heading, the lines and the line counting those left out), in CSS pixels.
    pub fn estimated_list_height(&self) -> f64 {
        let texts: Vec<&str> = self.breach_lines.iter().map(|l| l.text.as_str()).collect();
        let more = (!self.breach_more.is_empty()).then_some(self.breach_more.as_str());
        lines_height(&texts, more, self.compact)
    }

    /// The estimated height of each card, in CSS pixels (for tests and tuning).
    pub fn estimated_cards(&self) -> Vec<f64> {
        self.gaps.iter().map(|g| g.height(self.t)).collect()
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

    /// A text of common words, wider than most (Portuguese, many capitals and accents).
    fn words(len: usize) -> String {
        "Autorização Judicial Prévia para a Interceptação das Comunicações em Tempo Real; "
            .repeat(len / 40 + 1)
    }

    fn gap(n: usize, len: usize) -> BriefGap {
        let long = clip(&words(len), len);
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

    fn en() -> &'static Messages {
        super::super::messages("en")
    }

    fn height_of(cards: &[BriefGap]) -> f64 {
        cards.iter().map(|g| g.height(en())).sum()
    }

    #[test]
    fn short_gaps_fill_five_and_long_ones_stop_at_three() {
        let short: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        let room = height_of(&short) + more_height() + 1.0;
        let (cards, lines, left, _) = pick_with_lines(vec![short], &ids(5), &[], 9, room, en());
        assert_eq!((cards.len(), lines.len(), left), (MAX_GAPS, 0, 0));
        let long: Vec<_> = (1..=5).map(|n| gap(n, 2000)).collect();
        let room = height_of(&long[..3]) + more_height() + 1.0;
        let (cards, _, _, _) = pick_with_lines(vec![long], &ids(5), &[], 9, room, en());
        // Gaps keep their order: the first ranked come first.
        let numbers: Vec<usize> = cards.iter().map(|g| g.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        // Three cards always, even in no room (the page model guarantees they fit).
        let long: Vec<_> = (1..=5).map(|n| gap(n, 2000)).collect();
        assert_eq!(
            pick_with_lines(vec![long], &ids(5), &[], 9, 0.0, en())
                .0
                .len(),
            3
        );
    }

    #[test]
    fn more_cards_at_shorter_texts_before_fewer_at_longer_ones() {
        let long: Vec<_> = (1..=5).map(|n| gap(n, 2000)).collect();
        let short: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        // Room for five short cards, not for four long ones: five short.
        let room = height_of(&short) + more_height() + 1.0;
        assert!(room < height_of(&long[..4]));
        let (cards, _, _, _) = pick_with_lines(vec![long, short], &ids(5), &[], 9, room, en());
        assert_eq!(cards.len(), 5);
        assert!(cards.iter().all(|g| g.question.chars().count() < 50));
        // Room for four long ones and not five: four long, the longest texts that fit.
        let long: Vec<_> = (1..=5).map(|n| gap(n, 2000)).collect();
        let short: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        let room = height_of(&long[..4]) + more_height() + 1.0;
        assert!(room < height_of(&long));
        let (cards, _, _, _) = pick_with_lines(vec![long, short], &ids(5), &[], 9, room, en());
        let lens: Vec<usize> = cards.iter().map(|g| g.question.chars().count()).collect();
        assert_eq!(cards.len(), 5, "five short cards fit too: {lens:?}");
        // With four long and four short only (four gaps), the long ones.
        let long: Vec<_> = (1..=4).map(|n| gap(n, 2000)).collect();
        let short: Vec<_> = (1..=4).map(|n| gap(n, 40)).collect();
        let (cards, _, _, _) = pick_with_lines(vec![long, short], &ids(4), &[], 4, room, en());
        let lens: Vec<usize> = cards.iter().map(|g| g.question.chars().count()).collect();
        assert!(
            cards.len() == 4 && lens.iter().all(|n| *n > 100),
            "{lens:?}"
        );
    }

    #[test]
    fn every_breach_not_carded_gets_a_line_or_is_counted() {
        // Seven breaches, the first three carded: four lines when they fit...
        let breached: Vec<(String, BreachLine)> = ids(7)
            .into_iter()
            .map(|id| (id.clone(), line(&id)))
            .collect();
        let cards: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        let need = height_of(&cards[..3]);
        let four = ["g4", "g5", "g6", "g7"];
        let room = need + lines_height(&four, None, false) + 1.0;
        let (c, l, left, compact) = pick_with_lines(vec![cards], &ids(5), &breached, 7, room, en());
        assert!(!compact);
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
        // ...in less room, all four in two compact columns...
        let cards: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        let room = need + lines_height(&four, None, false) - 1.0;
        let (_, l, left, compact) = pick_with_lines(vec![cards], &ids(5), &breached, 7, room, en());
        assert!(compact && left == 0 && l.len() == 4);
        assert!(lines_height(&four, None, true) < lines_height(&four, None, false));
        // ...and, in less room still, as many as fit with a line counting the rest.
        let cards: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        let room = need + lines_height(&four, None, true) - 1.0;
        let (_, l, left, _) = pick_with_lines(vec![cards], &ids(5), &breached, 7, room, en());
        assert_eq!(l.len() + left, 4);
        assert!(left > 0 && !l.is_empty(), "{} shown, {left} left", l.len());
    }

    #[test]
    fn forty_breached_red_lines_fall_back_to_a_count() {
        // An invented checklist with forty red lines, all breached: three cards, the list
        // compact, as many lines as the room holds and one line counting the rest.
        let breached: Vec<(String, BreachLine)> = ids(40)
            .into_iter()
            .map(|id| (id.clone(), line(&format!("{id} {}", words(60)))))
            .collect();
        let cards: Vec<_> = (1..=5).map(|n| gap(n, 40)).collect();
        let room = height_of(&cards[..3]) + 150.0;
        let (c, l, left, compact) =
            pick_with_lines(vec![cards], &ids(5), &breached, 40, room, en());
        assert_eq!(c.len(), 3);
        assert!(compact);
        assert!(!l.is_empty() && left > 0, "{} lines, {left} left", l.len());
        assert_eq!(l.len() + left, 37);
    }

    #[test]
    fn balanced_columns_are_as_short_as_the_lines_allow() {
        assert_eq!(balanced(&[1.0, 1.0, 1.0, 1.0], 2), 2.0);
        assert_eq!(balanced(&[1.0, 1.0, 1.0], 2), 2.0);
        // A line is never split: a tall one sets the height.
        assert_eq!(balanced(&[3.0, 1.0, 1.0], 2), 3.0);
        assert_eq!(balanced(&[1.0, 2.0, 2.0, 1.0], 2), 3.0);
        assert_eq!(balanced(&[2.0], 2), 2.0);
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
        // An abbreviation's full stop or an initial does not end a sentence.
        let abbr = "Os «meios técnicos» do art. 22 são autorizados pelo Ministério Público, sem ordem de um juiz.";
        assert_eq!(
            shorten(abbr, 80, 80),
            "Os «meios técnicos» do art. 22 são autorizados pelo Ministério Público…"
        );
        let initial = "Ruled in Escher v. Brazil and by J. Smith. Then more text follows here.";
        assert_eq!(
            shorten(initial, 60, 60),
            "Ruled in Escher v. Brazil and by J. Smith."
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
        let long = words(5000);
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
        let long = words(5000);
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
            compact: false,
            any_breach_card: true,
            reach: true,
            // The shipped checklist has six standards; each title and verdict at its longest.
            profiles: (0..6)
                .map(|i| BriefRow {
                    title: clip(&long, clip_at::PROFILE_TITLE),
                    score: "100,0".into(),
                    coverage: "100 %".into(),
                    bar: "0.0".into(),
                    reach: "0.0".into(),
                    verdict: clip(&long, clip_at::PROFILE_VERDICT),
                    breaches: 10,
                    current: i == 0,
                    tone: "bad",
                })
                .collect(),
            checklist_sha256: String::new(),

            answers_sha256: String::new(),
            checklist_sha_short: String::new(),
            answers_sha_short: String::new(),
            tool: String::new(),
        };
        let weakest = longest_weakest(t);
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
        for v in verdicts {
            let id = v.id.clone();
            let brief = header(v);
            assert!(
                brief.estimated_height() <= page_height(),
                "{id}: {:.1} px of {:.1}",
                brief.estimated_height(),
                page_height()
            );
        }
    }
}
