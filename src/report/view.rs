//! Typed view models: what templates see. Numbers are formatted here (templates cannot format
//! them), texts are resolved to one language, and citations are resolved to full references.

use serde::Serialize;

use super::chart::{BarChart, BarInput};
use super::powers::PowerMatrixView;
use super::{Messages, messages};
use crate::checklist::Checklist;
use crate::model::{AnswerValue, Cite, Item, ItemKind, Severity, Source};
use crate::result::{
    ArticleStatus, BillLocation, EvidenceResult, INCOMPATIBLE, QuoteStatus, Report, Status,
    UNDETERMINED, Verification,
};

/// A score with one decimal and the decimal mark of the labels' language, or "—".
pub(super) fn fmt_score(t: &Messages, x: Option<f64>) -> String {
    crate::i18n::score_in(t, x)
}

/// A share (0 to 1) as a whole percentage with a no-break space ("82\u{a0}%"), or "—". It
/// reads "100 %" only when everything is verified, and "0 %" only when nothing is.
pub(super) fn fmt_share(x: Option<f64>) -> String {
    let Some(x) = x else {
        return "—".into();
    };
    let mut pct = (x * 100.0).round();
    if pct >= 100.0 && x < 1.0 {
        pct = 99.0;
    }
    if pct <= 0.0 && x > 0.0 {
        pct = 1.0;
    }
    format!("{pct:.0}\u{a0}%")
}

/// A score with how far it could still move: the floor (unknown counts as missing), the
/// ceiling (unknown counts as met) and the verified share, formatted in one language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RangeView {
    pub score: String,
    pub ceiling: String,
    pub coverage: String,
    /// Whether the ceiling is above the score: unverified answers could still raise it.
    pub reach: bool,
    /// "36.4 (could reach 53.8; 82 % verified)", "97.1 (100 % verified)", or "—".
    pub full: String,
    /// The part in brackets: "could reach 53.8 · 82 % verified", "100 % verified", or empty.
    pub note: String,
}

pub(super) fn range_view(
    t: &Messages,
    score: Option<f64>,
    ceiling: Option<f64>,
    coverage: Option<f64>,
) -> RangeView {
    let Some(s) = score else {
        return RangeView {
            score: fmt_score(t, None),
            ceiling: fmt_score(t, None),
            coverage: fmt_share(None),
            full: fmt_score(t, None),
            ..RangeView::default()
        };
    };
    let reach = ceiling.is_some_and(|c| c > s);
    let (score, ceiling, coverage) = (
        fmt_score(t, Some(s)),
        fmt_score(t, Some(ceiling.unwrap_or(s).max(s))),
        fmt_share(coverage),
    );
    let fill = |key: &str| {
        t[key]
            .replace("{score}", &score)
            .replace("{ceiling}", &ceiling)
            .replace("{coverage}", &coverage)
    };
    let (full, note) = if reach {
        (fill("score_range"), fill("range_note"))
    } else {
        (fill("score_covered"), fill("covered_note"))
    };
    RangeView {
        score,
        ceiling,
        coverage,
        reach,
        full,
        note,
    }
}

/// "1 red line breached", "3 red lines not verified": `key` is the message's stem.
pub(super) fn count_text(t: &Messages, key: &str, n: usize) -> String {
    crate::i18n::count_in(t, key, n)
}

/// The label of a facet (`None` is shown as "other", as the per-power view groups it).
pub(super) fn facet_label(t: &Messages, f: Option<crate::model::Facet>) -> String {
    let f = f.unwrap_or(crate::model::Facet::Other);
    t[&format!("facet_{}", f.as_str().replace('-', "_"))].clone()
}

pub(super) fn answer_label(t: &Messages, a: Option<AnswerValue>) -> String {
    let key = match a {
        Some(a) => format!("answer_{}", a.as_str()),
        None => "answer_none".into(),
    };
    t[&key].clone()
}

pub(super) fn status_label(t: &Messages, s: Status) -> String {
    t[&format!("status_{}", s.as_str().replace('-', "_"))].clone()
}

/// The status to print after an answer, or nothing when it would only repeat it: an item left
/// unanswered reads "Not answered", not "Not answered (Unanswered)".
pub(super) fn status_after_answer(t: &Messages, a: Option<AnswerValue>, s: Status) -> String {
    let status = status_label(t, s);
    if s == Status::Unanswered || status == answer_label(t, a) {
        String::new()
    } else {
        status
    }
}

pub(super) fn severity_label(t: &Messages, s: Option<Severity>) -> String {
    s.map(|s| t[&format!("severity_{}", s.as_str())].clone())
        .unwrap_or_default()
}

/// A verdict as shown.
#[derive(Debug, Default, Serialize)]
pub struct VerdictView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub incompatible: bool,
    /// No red line breached, but some not verified.
    pub undetermined: bool,
    /// `good`, `warn` or `bad`: the verdict's rank among the profile's bands.
    pub tone: String,
    /// The verdict in a word or two ("Incompatible", "Undetermined", or the band's title).
    pub short: String,
    /// When the red lines decide the verdict: "On its score alone: Inadequate safeguards.";
    /// else empty.
    pub band: String,
    /// "2 red lines breached", or empty.
    pub breached: String,
    /// "3 red lines not verified", or empty.
    pub unverified: String,
    /// "Weakest power: … — 2 of 6 safeguards met", or empty.
    pub weakest: String,
    /// The same in parts: the power's id and question, and "2 of 6 safeguards met; …".
    pub weakest_id: String,
    pub weakest_question: String,
    pub weakest_facts: String,
}

/// The tone of the band a score falls in under a profile: the top band is `good`, the lowest
/// `bad`, anything between `warn`; `none` without a score.
fn score_tone(c: &Checklist, profile: &str, score: Option<f64>) -> &'static str {
    let (Some(p), Some(score)) = (c.profile(profile), score) else {
        return "none";
    };
    let mut mins: Vec<f64> = p.bands.iter().map(|b| b.min).collect();
    mins.sort_by(|a, b| b.total_cmp(a));
    let rank = mins.iter().position(|m| score >= *m).unwrap_or(mins.len());
    rank_tone(rank, mins.len())
}

fn rank_tone(rank: usize, bands: usize) -> &'static str {
    if rank == 0 {
        "good"
    } else if rank + 1 >= bands {
        "bad"
    } else {
        "warn"
    }
}

/// The tone of a verdict under a profile (see [`score_tone`]); `incompatible` is `bad`, and
/// `undetermined` is never better than `warn` nor than its band's tone.
fn verdict_tone(c: &Checklist, profile: &str, verdict: &str) -> &'static str {
    if verdict == INCOMPATIBLE {
        return "bad";
    }
    if verdict == UNDETERMINED {
        return "warn";
    }
    let Some(p) = c.profile(profile) else {
        return "none";
    };
    let mut bands: Vec<_> = p.bands.iter().collect();
    bands.sort_by(|a, b| b.min.total_cmp(&a.min));
    match bands.iter().position(|b| b.verdict == verdict) {
        Some(rank) => rank_tone(rank, bands.len()),
        None => "none",
    }
}

/// [`verdict_tone`], knowing the band: an undetermined verdict takes the band's tone when it
/// is `bad`, else `warn`.
pub(super) fn verdict_tone_banded(
    c: &Checklist,
    profile: &str,
    verdict: &str,
    band: &str,
) -> &'static str {
    if verdict == UNDETERMINED && verdict_tone(c, profile, band) == "bad" {
        return "bad";
    }
    verdict_tone(c, profile, verdict)
}

/// A URL that may become a link: `http` or `https` only, with nothing that could leave an
/// attribute or an autolink. Anything else (`javascript:`, `data:`...) is not linked.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let chars_ok = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '`'));
    (scheme_ok && chars_ok).then_some(url)
}

pub(super) fn verdict_view(
    c: &Checklist,
    t: &Messages,
    id: &str,
    lang: &str,
    profile: &str,
) -> VerdictView {
    if id == INCOMPATIBLE || id == UNDETERMINED {
        let key = if id == INCOMPATIBLE {
            "incompatible"
        } else {
            "undetermined"
        };
        return VerdictView {
            id: id.into(),
            title: t[key].clone(),
            description: t[&format!("{key}_description")].clone(),
            incompatible: id == INCOMPATIBLE,
            undetermined: id == UNDETERMINED,
            tone: verdict_tone(c, profile, id).into(),
            short: t[&format!("{key}_short")].clone(),
            ..VerdictView::default()
        };
    }
    let v = c.verdict(id);
    let title = v
        .map(|v| c.text(&v.title, lang).to_string())
        .unwrap_or_else(|| id.to_string());
    VerdictView {
        id: id.into(),
        short: title.clone(),
        title,
        description: v
            .and_then(|v| v.description.as_ref())
            .map(|d| c.text(d, lang).to_string())
            .unwrap_or_default(),
        tone: verdict_tone(c, profile, id).into(),
        ..VerdictView::default()
    }
}

/// A citation, numbered into the reference list.
#[derive(Debug, Serialize)]
pub struct CiteView {
    pub number: usize,
    pub short: String,
    pub pin: String,
}

/// A full reference.
#[derive(Debug, Serialize)]
pub struct SourceView {
    pub number: usize,
    pub id: String,
    pub full: String,
    pub url: String,
    /// The source's note for readers (`reader_note`); the maintainers' `note` is never shown.
    pub note: String,
}

/// The full reference of a source, in one line.
pub fn full_reference(c: &Checklist, s: &Source, lang: &str) -> String {
    let mut parts = vec![
        c.text(&s.title, lang).to_string(),
        c.text(&s.issuer, lang).to_string(),
    ];
    if let Some(sym) = &s.symbol {
        parts.push(sym.clone());
    }
    if let Some(d) = &s.date {
        parts.push(d.clone());
    }
    parts.join(", ")
}

/// Numbers sources in order of first citation.
struct References<'a> {
    c: &'a Checklist,
    lang: &'a str,
    order: Vec<String>,
}

impl<'a> References<'a> {
    fn cite(&mut self, cite: &Cite) -> CiteView {
        let n = match self.order.iter().position(|s| *s == cite.source) {
            Some(i) => i + 1,
            None => {
                self.order.push(cite.source.clone());
                self.order.len()
            }
        };
        let short = self
            .c
            .source(&cite.source)
            .map(|s| {
                self.c
                    .text(s.short.as_ref().unwrap_or(&s.title), self.lang)
                    .to_string()
            })
            .unwrap_or_else(|| cite.source.clone());
        CiteView {
            number: n,
            short,
            pin: cite
                .pin
                .as_deref()
                .map(|p| crate::i18n::pin(self.lang, p))
                .unwrap_or_default(),
        }
    }

    /// Cites a list, merging the pins of consecutive citations of one source.
    fn cite_all(&mut self, cites: &[Cite]) -> Vec<CiteView> {
        let mut out: Vec<CiteView> = Vec::new();
        for c in cites {
            let v = self.cite(c);
            match out.last_mut() {
                Some(last) if last.number == v.number => {
                    if !v.pin.is_empty() {
                        if !last.pin.is_empty() {
                            last.pin.push_str(", ");
                        }
                        last.pin.push_str(&v.pin);
                    }
                }
                _ => out.push(v),
            }
        }
        out
    }

    fn list(&self) -> Vec<SourceView> {
        self.order
            .iter()
            .enumerate()
            .filter_map(|(i, id)| {
                let s = self.c.source(id)?;
                Some(SourceView {
                    number: i + 1,
                    id: id.clone(),
                    full: full_reference(self.c, s, self.lang),
                    url: s
                        .url
                        .as_deref()
                        .and_then(safe_url)
                        .unwrap_or_default()
                        .to_string(),
                    note: s
                        .reader_note
                        .as_ref()
                        .map(|n| self.c.text(n, self.lang).to_string())
                        .unwrap_or_default(),
                })
            })
            .collect()
    }
}

/// One piece of evidence.
#[derive(Debug, Serialize)]
pub struct EvidenceView {
    pub article: String,
    pub quote: String,
    /// What the check against the bill's text found (empty when no text was given).
    pub check: String,
    /// Whether the check found a problem (quote not found or elsewhere, article not found).
    pub flagged: bool,
}

/// A piece of evidence that the bill's text does not bear out.
#[derive(Debug, Serialize)]
pub struct ProblemView {
    pub id: String,
    pub article: String,
    pub quote: String,
    pub problem: String,
    pub closest: String,
    pub closest_at: String,
}

/// The check of the evidence against the bill's text.
#[derive(Debug, Serialize)]
pub struct BillView {
    pub files: String,
    pub quotes: usize,
    pub exact: usize,
    pub normalised: usize,
    pub not_found: usize,
    pub elsewhere: usize,
    pub articles: usize,
    pub articles_not_found: usize,
    pub problems: Vec<ProblemView>,
}

/// A gap: a safeguard that applies and is not fully met.
#[derive(Debug, Serialize)]
pub struct GapView {
    pub id: String,
    /// An HTML fragment id for the gap.
    pub anchor: String,
    pub area: String,
    pub area_id: String,
    pub question: String,
    pub answer: String,
    pub status: String,
    /// The status's kebab-case id (a CSS class).
    pub status_id: String,
    pub severity: String,
    /// The severity's kebab-case id (a CSS class), or empty.
    pub severity_id: String,
    /// A red line under the profile (breached or not).
    pub red_line: bool,
    /// A red line breached under the profile.
    pub breach: bool,
    /// A red line of the profile answered unknown or not at all: it could still be breached.
    pub unverified_red_line: bool,
    /// When a partial answer is what breaches the red line, a sentence that says so; else
    /// empty.
    pub breach_note: String,
    /// The kind of safeguard ("Authorisation"), or empty when the checklist gives none.
    pub facet: String,
    pub score: String,
    pub note: String,
    pub evidence: Vec<EvidenceView>,
    pub full_answer: String,
    pub remediation: String,
    pub cites: Vec<CiteView>,
    /// The catalog's short form of the question (one line), or empty.
    pub short: String,
    /// The catalog's priority for the brief (1 first), if it gives one.
    pub priority: Option<u8>,
    /// Whether it is a safeguard of the weakest power.
    pub weakest_power: bool,
    /// The wording that shows this safeguard in a bill, red flags first (every language of
    /// the checklist): the brief shows the part of a long quote that holds them. Found only
    /// for the brief ([`ReportView::find_key_phrases`]); empty otherwise.
    #[serde(skip)]
    pub key_phrases: Vec<String>,
}

/// The wording that settles an item in a bill, red flags first, in every language: the
/// item's own phrases and those of the phrase sets it names.
fn key_phrases(c: &Checklist, id: &str) -> Vec<String> {
    let mut flags = Vec::new();
    let mut phrases = Vec::new();
    let set = |sid: &String| {
        c.phrase_set(sid)
            .map(|s| s.phrases.values().flatten().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    for ind in c.indicators.iter().filter(|i| i.item == id) {
        flags.extend(ind.red_flags.values().flatten().cloned());
        flags.extend(ind.red_flag_sets.iter().flat_map(set));
        phrases.extend(ind.phrases.values().flatten().cloned());
        phrases.extend(ind.phrase_sets.iter().flat_map(set));
    }
    flags.extend(phrases);
    flags
}

/// A row of a score table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub score: String,
    /// The score with how far it could still move, and how much of it is verified.
    pub range: RangeView,
    pub verdict: String,
    pub applicable: usize,
    pub gaps: usize,
    pub breaches: usize,
    /// Red lines not verified.
    pub unverified: usize,
    pub current: bool,
    /// Whether the verdict is `incompatible` (a red line is breached).
    pub incompatible: bool,
    /// Whether the verdict is `undetermined` (no red line breached, some not verified).
    pub undetermined: bool,
    /// The verdict in a word or two (`Incompatible` rather than the full sentence), for
    /// tables and charts where the red lines breached have their own column.
    pub verdict_short: String,
    /// `good`, `warn`, `bad` or `none` (see the verdict bands).
    pub tone: &'static str,
}

/// Count lines.
#[derive(Debug, Serialize)]
pub struct CountView {
    pub n: usize,
    pub label: String,
}

/// Everything `report.md.hbs` (and the other report templates) see.
#[derive(Debug, Serialize)]
pub struct ReportView {
    pub t: &'static Messages,
    pub lang: String,
    pub checklist_title: String,
    pub checklist_id: String,
    pub checklist_version: String,
    pub checklist_sha256: String,
    pub answers_sha256: String,
    pub instrument: String,
    pub jurisdiction: String,
    pub bill_version: String,
    pub assessor: String,
    pub date: String,
    pub profile_title: String,
    pub profile_description: String,
    pub score: String,
    /// The score with how far it could still move, and how much of it is verified.
    pub range: RangeView,
    pub verdict: VerdictView,
    /// Red lines breached, gravest first.
    pub breaches: Vec<GapView>,
    /// Red lines not verified (answered unknown or not at all), gravest first.
    pub unverified: Vec<GapView>,
    /// The other gaps, gravest first.
    pub gaps: Vec<GapView>,
    /// `breaches`, `unverified` and `gaps` together.
    pub gap_total: usize,
    pub areas: Vec<Row>,
    pub profiles: Vec<Row>,
    pub lenses: Vec<Row>,
    /// Each power the bill creates or may create, against its safeguards. Left out of the
    /// template context unless a report or powers template is replaced (see
    /// [`PowerMatrixView::in_context`]): the embedded templates take `powers_matrix`.
    #[serde(skip_serializing_if = "PowerMatrixView::left_out")]
    pub powers: PowerMatrixView,
    /// The power matrix drawn in the report's format, without its last newline (the
    /// template's line gives it); set by [`super::render`].
    pub powers_matrix: String,
    pub counts: Vec<CountView>,
    pub references: Vec<SourceView>,
    pub tool: String,
    /// The check of the evidence against the bill's text (`--bill`), if one was made.
    pub bill: Option<BillView>,
    /// Scores per area, as a bar chart (areas where no safeguard applies are left out).
    pub area_chart: BarChart,
    /// Scores per standard, as a bar chart.
    pub profile_chart: BarChart,
}

fn place(l: &BillLocation) -> String {
    let art = l
        .article
        .as_deref()
        .map(|a| format!(", {a}"))
        .unwrap_or_default();
    format!("{}:{}:{}{art}", l.file, l.line, l.column)
}

/// What a check found, in words, and whether it is a problem.
pub(super) fn check_text(t: &Messages, v: &Verification) -> (String, bool) {
    let mut parts = Vec::new();
    let mut flagged = false;
    for a in &v.articles {
        match a.status {
            ArticleStatus::Found => {}
            ArticleStatus::NotFound => {
                flagged = true;
                parts.push(format!("{} ({})", t["check_article_not_found"], a.key));
            }
            ArticleStatus::ParagraphNotFound => {
                flagged = true;
                parts.push(format!(
                    "{} ({} {})",
                    t["check_paragraph_not_found"],
                    a.key,
                    a.missing_paragraphs.join(", ")
                ));
            }
        }
    }
    if let Some(q) = &v.quote {
        match (q.status, &q.location) {
            (QuoteStatus::NotFound, _) => {
                flagged = true;
                parts.push(t["check_quote_not_found"].clone());
            }
            (status, Some(l)) => {
                let key = if status == QuoteStatus::Exact {
                    "check_quote_exact"
                } else {
                    "check_quote_normalised"
                };
                parts.push(format!("{} {}", t[key], place(l)));
                if q.in_cited_article == Some(false) {
                    flagged = true;
                    parts.push(t["check_quote_elsewhere"].clone());
                }
            }
            (_, None) => {}
        }
    }
    (parts.join("; "), flagged)
}

pub(super) fn evidence_views(t: &Messages, e: &[EvidenceResult]) -> Vec<EvidenceView> {
    e.iter()
        .map(|e| {
            let (check, flagged) = e
                .verification
                .as_ref()
                .map(|v| check_text(t, v))
                .unwrap_or_default();
            EvidenceView {
                article: e.article.clone().unwrap_or_default(),
                quote: e.quote.clone().unwrap_or_default(),
                check,
                flagged,
            }
        })
        .collect()
}

fn bill_view(t: &Messages, r: &Report) -> Option<BillView> {
    let b = r.bill.as_ref()?;
    let mut problems = Vec::new();
    for item in &r.items {
        for e in &item.evidence {
            let Some(v) = &e.verification else { continue };
            let (problem, flagged) = check_text(t, v);
            if !flagged {
                continue;
            }
            let closest = v.quote.as_ref().and_then(|q| q.closest.as_ref());
            problems.push(ProblemView {
                id: item.id.clone(),
                article: e.article.clone().unwrap_or_default(),
                quote: e.quote.clone().unwrap_or_default(),
                problem,
                closest: closest.map(|c| c.text.clone()).unwrap_or_default(),
                closest_at: closest.map(|c| place(&c.location)).unwrap_or_default(),
            });
        }
    }
    Some(BillView {
        files: b
            .files
            .iter()
            .map(|f| {
                format!(
                    "{} ({} {})",
                    f.name, f.articles, t["bill_articles_recognised"]
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
        quotes: b.quotes,
        exact: b.exact,
        normalised: b.normalised,
        not_found: b.not_found,
        elsewhere: b.elsewhere,
        articles: b.articles,
        articles_not_found: b.articles_not_found,
        problems,
    })
}

impl ReportView {
    /// Finds the key phrases of every gap (see [`GapView::key_phrases`]): the brief's, which
    /// no other format needs.
    pub fn find_key_phrases(&mut self, c: &Checklist) {
        for g in self
            .breaches
            .iter_mut()
            .chain(&mut self.unverified)
            .chain(&mut self.gaps)
        {
            g.key_phrases = key_phrases(c, &g.id);
        }
    }

    /// Builds the view of a report in a language.
    // Long: fills the report's view for the templates field by field (gaps gravest first, areas,
    // profiles, lenses, powers, counts, charts, verdict), each part a few lines over the same report,
    // labels and references.
    pub fn new(r: &Report, c: &Checklist, lang: &str) -> Self {
        let t = messages(lang);
        let mut refs = References {
            c,
            lang,
            order: Vec::new(),
        };
        let item_of =
            |id: &str| -> &Item { c.item(id).expect("report items come from the checklist") };
        let area_title = |id: &str| {
            c.area(id)
                .map(|a| c.text(&a.title, lang).to_string())
                .unwrap_or_default()
        };

        let weakest_safeguards: Vec<&str> = r
            .powers
            .iter()
            .filter(|p| r.weakest_power.as_deref() == Some(p.id.as_str()))
            .flat_map(|p| p.safeguards.iter().map(|s| s.id.as_str()))
            .collect();
        let mut gap_results: Vec<_> = r
            .items
            .iter()
            .filter(|i| i.selected && i.status.is_gap())
            .collect();
        // Gravest first: breaches, then red lines not verified, then severity, then the most
        // weight lost, then id.
        gap_results.sort_by(|a, b| {
            let lost = |x: &crate::result::ItemResult| x.weight * (100.0 - x.score.unwrap_or(0.0));
            (
                !a.breach,
                !a.unverified_red_line,
                a.severity,
                -lost(a) as i64,
                &a.id,
            )
                .cmp(&(
                    !b.breach,
                    !b.unverified_red_line,
                    b.severity,
                    -lost(b) as i64,
                    &b.id,
                ))
        });
        let mut breaches = Vec::new();
        let mut unverified = Vec::new();
        let mut gaps = Vec::new();
        for res in gap_results {
            let item = item_of(&res.id);
            let g = GapView {
                id: res.id.clone(),
                anchor: format!("gap-{}", res.id),
                area: area_title(&res.area),
                area_id: res.area.clone(),
                question: c.text(&item.question, lang).into(),
                answer: answer_label(t, res.answer),
                status: status_after_answer(t, res.answer, res.status),
                status_id: res.status.as_str().into(),
                severity: severity_label(t, res.severity),
                severity_id: res.severity.map(|s| s.as_str()).unwrap_or_default().into(),
                red_line: res.red_line,
                breach: res.breach,
                unverified_red_line: res.unverified_red_line,
                breach_note: if res.breach && res.answer == Some(AnswerValue::Partial) {
                    t["breach_on_partial"].clone()
                } else {
                    String::new()
                },
                facet: res
                    .facet
                    .map(|f| facet_label(t, Some(f)))
                    .unwrap_or_default(),
                score: fmt_score(t, res.score),
                note: res.note.clone().unwrap_or_default(),
                evidence: evidence_views(t, &res.evidence),
                full_answer: c.text(&item.guidance.yes, lang).into(),
                remediation: item
                    .remediation
                    .as_ref()
                    .map(|x| c.text(x, lang).to_string())
                    .unwrap_or_default(),
                cites: refs.cite_all(&res.cites),
                short: item
                    .short
                    .as_ref()
                    .map(|x| c.text(x, lang).to_string())
                    .unwrap_or_default(),
                priority: item.priority,
                weakest_power: weakest_safeguards.contains(&res.id.as_str()),
                key_phrases: Vec::new(),
            };
            if res.breach {
                breaches.push(g)
            } else if res.unverified_red_line {
                unverified.push(g)
            } else {
                gaps.push(g)
            }
        }

        let areas: Vec<Row> = r
            .areas
            .iter()
            .map(|a| Row {
                id: a.id.clone(),
                title: area_title(&a.id),
                score: fmt_score(t, a.score),
                range: range_view(t, a.score, a.ceiling, a.coverage),
                verdict: String::new(),
                applicable: a.applicable,
                gaps: a.gaps,
                breaches: 0,
                unverified: 0,
                current: false,
                incompatible: false,
                undetermined: false,
                verdict_short: String::new(),
                tone: score_tone(c, &r.profile, a.score),
            })
            .collect();
        let profiles: Vec<Row> = r
            .profiles
            .iter()
            .map(|p| {
                let v = verdict_view(c, t, &p.verdict, lang, &p.id);
                Row {
                    id: p.id.clone(),
                    title: c
                        .profile(&p.id)
                        .map(|x| c.text(&x.title, lang).to_string())
                        .unwrap_or_default(),
                    score: fmt_score(t, Some(p.score)),
                    range: range_view(t, Some(p.score), Some(p.ceiling), Some(p.coverage)),
                    verdict: v.title,
                    applicable: p.applicable,
                    gaps: p.gaps,
                    breaches: p.red_line_breaches.len(),
                    unverified: p.red_lines_unverified.len(),
                    current: p.id == r.profile,
                    incompatible: p.verdict == INCOMPATIBLE,
                    undetermined: p.verdict == UNDETERMINED,
                    verdict_short: v.short,
                    tone: verdict_tone_banded(c, &p.id, &p.verdict, &p.band),
                }
            })
            .collect();
        let lenses = r
            .lenses
            .iter()
            .filter(|l| l.applicable > 0)
            .map(|l| Row {
                id: l.tag.clone(),
                title: c
                    .tag(&l.tag)
                    .map(|x| c.text(&x.title, lang).to_string())
                    .unwrap_or_default(),
                score: fmt_score(t, l.score),
                range: range_view(t, l.score, l.ceiling, l.coverage),
                verdict: String::new(),
                applicable: l.applicable,
                gaps: 0,
                breaches: 0,
                unverified: 0,
                current: false,
                incompatible: false,
                undetermined: false,
                verdict_short: String::new(),
                tone: score_tone(c, &r.profile, l.score),
            })
            .collect();
        let powers = PowerMatrixView::new(r, c, t, lang);
        let k = &r.counts;
        let counts = [
            (k.applicable, "count_applicable"),
            (k.met, "count_met"),
            (k.partial, "count_partial"),
            (k.gap, "count_gap"),
            (k.unverified, "count_unverified"),
            (k.unanswered, "count_unanswered"),
            (k.not_triggered, "count_not_triggered"),
        ]
        .into_iter()
        .map(|(n, key)| CountView {
            n,
            label: crate::i18n::label_for(t, key, n),
        })
        .collect();

        let area_scores: Vec<(Row, Option<f64>, Option<f64>)> = areas
            .iter()
            .zip(&r.areas)
            .filter(|(_, a)| a.score.is_some())
            .map(|(row, a)| (row.clone(), a.score, a.ceiling))
            .collect();
        let area_chart = chart(
            "chart-areas",
            &t["chart_areas"],
            t,
            area_scores
                .iter()
                .map(|(row, score, ceiling)| BarInput {
                    label: row.title.clone(),
                    score: *score,
                    ceiling: *ceiling,
                    value: row.score.clone(),
                    range: row.range.clone(),
                    tone: row.tone,
                    current: false,
                })
                .collect(),
        );
        let profile_chart = chart(
            "chart-standards",
            &t["chart_standards"],
            t,
            profiles
                .iter()
                .zip(&r.profiles)
                .map(|(row, p)| BarInput {
                    label: format!("{} · {}", row.title, row.verdict_short),
                    score: Some(p.score),
                    ceiling: Some(p.ceiling),
                    value: row.score.clone(),
                    range: row.range.clone(),
                    tone: row.tone,
                    current: row.current,
                })
                .collect(),
        );

        let mut verdict = verdict_view(c, t, &r.verdict, lang, &r.profile);
        verdict.tone = verdict_tone_banded(c, &r.profile, &r.verdict, &r.band).into();
        if r.verdict != r.band {
            verdict.band = t["band_alone"].replace(
                "{band}",
                &verdict_view(c, t, &r.band, lang, &r.profile).title,
            );
        }
        if !r.red_line_breaches.is_empty() {
            verdict.breached = count_text(t, "count_red_lines_breached", r.red_line_breaches.len());
        }
        if !r.red_lines_unverified.is_empty() {
            verdict.unverified = count_text(
                t,
                "count_red_lines_unverified",
                r.red_lines_unverified.len(),
            );
        }
        verdict.weakest = powers.weakest_line(t, usize::MAX);
        if let Some(w) = powers.rows.iter().find(|p| p.weakest) {
            verdict.weakest_id = w.id.clone();
            verdict.weakest_question = w.question.clone();
            verdict.weakest_facts = w.facts();
        }

        // A file still as `init` wrote it: say so, rather than judge the bill on placeholders.
        let untouched = r.items.iter().any(|i| i.answer.is_some())
            && r.items.iter().all(|i| {
                matches!(i.answer, None | Some(AnswerValue::Unknown))
                    && i.note.as_deref().is_none_or(|n| n.trim().is_empty())
                    && i.evidence.is_empty()
            });
        if untouched {
            verdict.description = t["nothing_answered"].clone();
            verdict.band = String::new();
        }
        let a = &r.assessment;
        let profile = c.profile(&r.profile);
        ReportView {
            t,
            lang: lang.into(),
            checklist_title: c.text(&c.header.title, lang).into(),
            checklist_id: r.checklist.id.clone(),
            checklist_version: r.checklist.version.clone(),
            checklist_sha256: r.checklist.sha256.clone(),
            answers_sha256: a.sha256.clone(),
            instrument: if crate::answers::instrument_placeholders().contains(&a.instrument) {
                t["instrument_not_named"].clone()
            } else {
                a.instrument.clone()
            },
            jurisdiction: a.jurisdiction.clone(),
            bill_version: a.version.clone().unwrap_or_default(),
            assessor: a.assessor.clone().unwrap_or_default(),
            date: a.date.clone().unwrap_or_default(),
            profile_title: profile
                .map(|p| c.text(&p.title, lang).to_string())
                .unwrap_or_default(),
            profile_description: profile
                .and_then(|p| p.description.as_ref())
                .map(|d| c.text(d, lang).to_string())
                .unwrap_or_default(),
            score: fmt_score(t, Some(r.score)),
            range: range_view(t, Some(r.score), Some(r.ceiling), Some(r.coverage)),
            verdict,
            gap_total: breaches.len() + unverified.len() + gaps.len(),
            breaches,
            unverified,
            gaps,
            areas,
            profiles,
            lenses,
            powers,
            powers_matrix: String::new(),
            counts,
            references: refs.list(),
            tool: format!("{} {}", r.tool.name, r.tool.version),
            bill: bill_view(t, r),
            area_chart,
            profile_chart,
        }
    }
}

/// A chart whose text alternative reads every bar: "label: 43.8 out of 100 (could reach
/// 53.8 · 82 % verified)".
fn chart(id: &str, title: &str, t: &Messages, bars: Vec<BarInput>) -> BarChart {
    let desc = bars
        .iter()
        .map(|b| {
            format!(
                "{}: {} {} ({})",
                b.label, b.value, t["score_of"], b.range.note
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    BarChart::new(id, title, desc, &bars)
}

/// An item as `show` lists it.
#[derive(Debug, Serialize)]
pub struct ShowItem {
    pub id: String,
    pub kind: String,
    pub is_power: bool,
    pub severity: String,
    pub red_line: bool,
    /// For a red line: the answers that breach it and the sources that make it one.
    pub red_line_detail: String,
    pub weight: String,
    pub question: String,
    pub rationale: String,
    pub guidance_yes: String,
    pub guidance_partial: String,
    pub guidance_no: String,
    pub remediation: String,
    pub applies_if: String,
    pub tags: String,
    pub cites: Vec<CiteView>,
}

/// An area as `show` lists it.
#[derive(Debug, Serialize)]
pub struct ShowArea {
    pub id: String,
    pub title: String,
    pub description: String,
    pub weight: String,
    pub items: Vec<ShowItem>,
}

/// A profile as `show` lists it.
#[derive(Debug, Serialize)]
pub struct ShowProfile {
    pub id: String,
    pub title: String,
    pub description: String,
    pub selects: String,
    pub count: usize,
    pub bands: String,
}

/// Everything `show.md.hbs` sees.
#[derive(Debug, Serialize)]
pub struct ShowView {
    pub t: &'static Messages,
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: String,
    pub languages: String,
    pub safeguards: usize,
    pub powers: usize,
    pub red_lines: usize,
    pub profiles: Vec<ShowProfile>,
    pub areas: Vec<ShowArea>,
    pub references: Vec<SourceView>,
}

fn fmt_weight(w: f64) -> String {
    if w.fract() == 0.0 {
        format!("{w:.0}")
    } else {
        format!("{w}")
    }
}

impl ShowView {
    /// Builds the catalog view in a language.
    pub fn new(c: &Checklist, lang: &str) -> Self {
        Self::build(c, lang, None)
    }

    /// The view of one item (`show CHECKLIST ITEM`): its area holds only it, and the references
    /// are those it cites; `None` if the checklist has no such item.
    pub fn for_item(c: &Checklist, lang: &str, id: &str) -> Option<Self> {
        c.item(id).map(|_| Self::build(c, lang, Some(id)))
    }

    // Long: fills the catalog's view field by field (profiles, areas with every item, then every
    // source), each part a few lines over the same checklist, labels and references.
    fn build(c: &Checklist, lang: &str, only: Option<&str>) -> Self {
        let t = messages(lang);
        let mut refs = References {
            c,
            lang,
            order: Vec::new(),
        };
        let answer_names = |v: &[AnswerValue]| -> String {
            v.iter()
                .map(|a| t[&format!("answer_{}", a.as_str())].to_lowercase())
                .collect::<Vec<_>>()
                .join(&format!(" {} ", t["or"]))
        };
        let basis_names = |cites: &[Cite]| -> String {
            cites
                .iter()
                .map(|b| c.cite(b, lang, true))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let areas = c
            .areas
            .iter()
            .map(|a| ShowArea {
                id: a.id.clone(),
                title: c.text(&a.title, lang).into(),
                description: a
                    .description
                    .as_ref()
                    .map(|d| c.text(d, lang).to_string())
                    .unwrap_or_default(),
                weight: fmt_weight(a.weight),
                items: c
                    .items
                    .iter()
                    .filter(|i| i.area == a.id && only.is_none_or(|o| o == i.id))
                    .map(|i| ShowItem {
                        id: i.id.clone(),
                        kind: t[if i.kind == ItemKind::Power {
                            "kind_power"
                        } else {
                            "kind_safeguard"
                        }]
                        .clone(),
                        is_power: i.kind == ItemKind::Power,
                        severity: severity_label(t, i.severity),
                        red_line: i.red_line,
                        red_line_detail: if i.red_line {
                            let on = if i.breach_on.is_empty() {
                                &[AnswerValue::No][..]
                            } else {
                                &i.breach_on[..]
                            };
                            let mut d =
                                format!("{} {}", t["red_line_breached_by"], answer_names(on));
                            if !i.red_line_basis.is_empty() {
                                d.push_str(&format!(
                                    "; {}: {}",
                                    t["red_line_basis"],
                                    basis_names(&i.red_line_basis)
                                ));
                            }
                            d
                        } else {
                            String::new()
                        },
                        weight: fmt_weight(i.weight),
                        question: c.text(&i.question, lang).into(),
                        rationale: i
                            .rationale
                            .as_ref()
                            .map(|x| c.text(x, lang).to_string())
                            .unwrap_or_default(),
                        guidance_yes: c.text(&i.guidance.yes, lang).into(),
                        guidance_partial: i
                            .guidance
                            .partial
                            .as_ref()
                            .map(|x| c.text(x, lang).to_string())
                            .unwrap_or_default(),
                        guidance_no: c.text(&i.guidance.no, lang).into(),
                        remediation: i
                            .remediation
                            .as_ref()
                            .map(|x| c.text(x, lang).to_string())
                            .unwrap_or_default(),
                        applies_if: i
                            .applies_if
                            .as_ref()
                            .map(|ai| {
                                let powers: Vec<String> = ai
                                    .item
                                    .as_slice()
                                    .iter()
                                    .map(|id| {
                                        let q = c
                                            .item(id)
                                            .map(|p| c.text(&p.question, lang).to_string())
                                            .unwrap_or_default();
                                        format!("`{id}` ({q})")
                                    })
                                    .collect();
                                format!(
                                    "{} {} {}",
                                    powers.join(&format!(" {} ", t["or"])),
                                    t["answered"],
                                    answer_names(ai.answer.as_slice())
                                )
                            })
                            .unwrap_or_default(),
                        tags: i.tags.join(", "),
                        cites: refs.cite_all(&i.cites),
                    })
                    .collect(),
            })
            .filter(|a| !a.items.is_empty())
            .collect();
        let profiles = c
            .profiles
            .iter()
            .map(|p| {
                let mut sel = Vec::new();
                if p.select.all {
                    sel.push(t["select_all"].clone());
                }
                if p.select.red_lines {
                    sel.push(t["select_red_lines"].clone());
                }
                if !p.select.tags.is_empty() {
                    sel.push(format!("{} {}", t["select_tags"], p.select.tags.join(", ")));
                }
                if !p.select.items.is_empty() {
                    sel.push(format!(
                        "{}: {}",
                        t["select_items"],
                        p.select.items.join(", ")
                    ));
                }
                if !p.select.sources.is_empty() {
                    sel.push(format!(
                        "{} {}",
                        t["select_sources"],
                        p.select.sources.join(", ")
                    ));
                }
                if let Some(rl) = &p.red_lines {
                    if !rl.add.is_empty() {
                        let added: Vec<String> = rl
                            .add
                            .iter()
                            .map(|a| format!("{} ({})", a.item, basis_names(&a.basis)))
                            .collect();
                        sel.push(format!("{}: {}", t["red_lines_added"], added.join(", ")));
                    }
                    if !rl.drop.is_empty() {
                        sel.push(format!(
                            "{}: {}",
                            t["red_lines_dropped"],
                            rl.drop.join(", ")
                        ));
                    }
                }
                let mut bands: Vec<_> = p.bands.iter().collect();
                bands.sort_by(|a, b| b.min.total_cmp(&a.min));
                ShowProfile {
                    id: p.id.clone(),
                    title: c.text(&p.title, lang).into(),
                    description: p
                        .description
                        .as_ref()
                        .map(|d| c.text(d, lang).to_string())
                        .unwrap_or_default(),
                    selects: sel.join("; "),
                    count: c.items.iter().filter(|i| c.selects(p, i)).count(),
                    bands: bands
                        .iter()
                        .map(|b| {
                            format!(
                                "≥ {} → {}",
                                fmt_weight(b.min),
                                verdict_view(c, t, &b.verdict, lang, &p.id).title
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })
            .collect();
        // List every source, cited or not, after the cited ones.
        for s in &c.sources {
            refs.cite(&Cite {
                source: s.id.clone(),
                pin: None,
            });
        }
        ShowView {
            t,
            id: c.header.id.clone(),
            version: c.header.version.clone(),
            title: c.text(&c.header.title, lang).into(),
            description: c.text(&c.header.description, lang).into(),
            languages: c.header.languages.join(", "),
            safeguards: c
                .items
                .iter()
                .filter(|i| i.kind == ItemKind::Safeguard)
                .count(),
            powers: c.items.iter().filter(|i| i.kind == ItemKind::Power).count(),
            red_lines: c.items.iter().filter(|i| i.red_line).count(),
            profiles,
            areas,
            references: refs.list(),
        }
    }
}
