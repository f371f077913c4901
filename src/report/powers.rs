//! The per-power view: each power the bill creates or may create, against the safeguards
//! attached to it (the items whose `applies_if` names it), grouped by facet (who authorises, on
//! what threshold, for how long...). Readers think per power ("who authorises real-time
//! location?"); an averaged area hides the worst gap, this view shows it.
//!
//! Owns: the matrix handed to the HTML and Markdown templates (one row per power, one column
//! per facet in use), the folded line of absent powers, and the sentence naming the weakest
//! power. Every figure comes from [`Report::powers`]; nothing is recomputed here.

use serde::Serialize;

use super::Messages;
use super::view::{RangeView, answer_label, count_text, facet_label, range_view, status_label};
use crate::checklist::Checklist;
use crate::model::Facet;
use crate::result::{PowerResult, Report, Status};

/// A column of the matrix: a facet that a safeguard of a shown power has.
#[derive(Debug, Serialize)]
pub struct FacetHead {
    pub id: String,
    pub label: String,
}

/// One safeguard of a power, as a mark in the matrix and a line in the details.
#[derive(Debug, Serialize)]
pub struct PowerMark {
    pub id: String,
    /// The fragment id of its line in the details (`pw-POWER--SAFEGUARD`).
    pub anchor: String,
    /// The fragment id of its gap card when the report lists it among the gaps, else empty.
    pub gap: String,
    pub question: String,
    pub answer: String,
    pub status: String,
    /// The status's kebab-case id (a CSS class).
    pub status_id: String,
    /// A one-character mark for the status: ✓ met, ◐ partial, ✗ missing, ? unverified or
    /// unanswered, – not applicable, · not triggered.
    pub symbol: &'static str,
    pub red_line: bool,
    pub breach: bool,
    pub unverified_red_line: bool,
    /// Whether the profile scores it.
    pub selected: bool,
}

/// The safeguards of one power that have one facet.
#[derive(Debug, Serialize)]
pub struct FacetCell {
    pub id: String,
    pub label: String,
    pub marks: Vec<PowerMark>,
}

/// A power the bill creates or may create.
#[derive(Debug, Serialize)]
pub struct PowerRow {
    pub id: String,
    /// The fragment id of its details (`power-ID`).
    pub anchor: String,
    pub question: String,
    pub answer: String,
    pub status: String,
    pub status_id: String,
    /// The mean of its safeguards under the profile, with its range.
    pub range: RangeView,
    /// "2 of 6 safeguards met".
    pub met: String,
    /// "1 red line breached", or empty.
    pub breached: String,
    /// "1 red line not verified", or empty.
    pub unverified: String,
    /// The weakest power of the bill (named in the verdict).
    pub weakest: bool,
    /// One cell per column of the matrix, in the columns' order (some are empty).
    pub cells: Vec<FacetCell>,
    /// The non-empty cells: the details, facet by facet.
    pub groups: Vec<FacetCell>,
}

/// The matrix of powers and their safeguards.
#[derive(Debug, Serialize)]
pub struct PowerMatrixView {
    /// The facets in use, in the order of [`Facet::ALL`].
    pub facets: Vec<FacetHead>,
    /// The powers created or not yet determined, in checklist order.
    pub rows: Vec<PowerRow>,
    /// The powers the bill does not create, folded into one line: their questions.
    pub absent: Vec<String>,
    /// Whether some safeguard shown is not scored under this standard (the legend says so).
    pub unscored: bool,
    /// Whether the matrix has enough columns to use more than the text's width on a wide
    /// screen.
    pub wide: bool,
}

fn symbol(s: Status) -> &'static str {
    match s {
        Status::Met => "✓",
        Status::Partial => "◐",
        Status::Gap => "✗",
        Status::Unverified | Status::Unanswered => "?",
        Status::NotApplicable => "–",
        _ => "·",
    }
}

/// Whether a safeguard's status counts toward "N of M safeguards met".
fn counted(s: Status) -> bool {
    matches!(
        s,
        Status::Met | Status::Partial | Status::Gap | Status::Unverified | Status::Unanswered
    )
}

impl PowerMatrixView {
    /// Builds the matrix of a report in a language.
    pub fn new(r: &Report, c: &Checklist, t: &Messages, lang: &str) -> Self {
        let question = |id: &str| {
            c.item(id)
                .map(|i| c.text(&i.question, lang).to_string())
                .unwrap_or_else(|| id.to_string())
        };
        let listed_gap = |id: &str| {
            r.items
                .iter()
                .any(|i| i.id == id && i.selected && i.status.is_gap())
        };
        let shown: Vec<&PowerResult> = r
            .powers
            .iter()
            .filter(|p| p.status != Status::PowerAbsent)
            .collect();
        let facets: Vec<Facet> = Facet::ALL
            .into_iter()
            .filter(|f| {
                shown.iter().any(|p| {
                    p.safeguards
                        .iter()
                        .any(|s| s.facet.unwrap_or(Facet::Other) == *f)
                })
            })
            .collect();
        // A checklist that gives no safeguard a facet has one column, named for what it holds.
        let unclassified = shown
            .iter()
            .all(|p| p.safeguards.iter().all(|s| s.facet.is_none()));
        let label = |f: Facet| {
            if unclassified {
                t["power_safeguards"].clone()
            } else {
                facet_label(t, Some(f))
            }
        };
        let mut unscored = false;
        let rows = shown
            .iter()
            .map(|p| {
                let mark = |s: &crate::result::PowerSafeguard| {
                    let unverified_red_line = p.red_lines_unverified.contains(&s.id);
                    PowerMark {
                        id: s.id.clone(),
                        anchor: format!("pw-{}--{}", p.id, s.id),
                        gap: if listed_gap(&s.id) {
                            format!("gap-{}", s.id)
                        } else {
                            String::new()
                        },
                        question: question(&s.id),
                        answer: answer_label(t, s.answer),
                        status: status_label(t, s.status),
                        status_id: s.status.as_str().into(),
                        symbol: symbol(s.status),
                        red_line: s.red_line,
                        breach: s.breach,
                        unverified_red_line,
                        selected: s.selected,
                    }
                };
                unscored |= p.safeguards.iter().any(|s| !s.selected);
                let cell = |f: Facet| FacetCell {
                    id: f.as_str().into(),
                    label: label(f),
                    marks: p
                        .safeguards
                        .iter()
                        .filter(|s| s.facet.unwrap_or(Facet::Other) == f)
                        .map(mark)
                        .collect(),
                };
                let cells: Vec<FacetCell> = facets.iter().map(|f| cell(*f)).collect();
                let groups = facets
                    .iter()
                    .map(|f| cell(*f))
                    .filter(|g| !g.marks.is_empty())
                    .collect();
                let scored: Vec<_> = p
                    .safeguards
                    .iter()
                    .filter(|s| s.selected && counted(s.status))
                    .collect();
                let met = scored.iter().filter(|s| s.status == Status::Met).count();
                PowerRow {
                    id: p.id.clone(),
                    anchor: format!("power-{}", p.id),
                    question: question(&p.id),
                    answer: answer_label(t, p.answer),
                    status: status_label(t, p.status),
                    status_id: p.status.as_str().into(),
                    range: range_view(t, p.score, p.ceiling, p.coverage),
                    met: t[if scored.len() == 1 {
                        "power_met_count_one"
                    } else {
                        "power_met_count"
                    }]
                    .replace("{met}", &met.to_string())
                    .replace("{total}", &scored.len().to_string()),
                    breached: match p.red_line_breaches.len() {
                        0 => String::new(),
                        n => count_text(t, "count_red_lines_breached", n),
                    },
                    unverified: match p.red_lines_unverified.len() {
                        0 => String::new(),
                        n => count_text(t, "count_red_lines_unverified", n),
                    },
                    weakest: r.weakest_power.as_deref() == Some(p.id.as_str()),
                    cells,
                    groups,
                }
            })
            .collect();
        PowerMatrixView {
            facets: facets
                .iter()
                .map(|f| FacetHead {
                    id: f.as_str().into(),
                    label: label(*f),
                })
                .collect(),
            rows,
            absent: r
                .powers
                .iter()
                .filter(|p| p.status == Status::PowerAbsent)
                .map(|p| question(&p.id))
                .collect(),
            unscored,
            wide: facets.len() > 4,
        }
    }

    /// The sentence naming the weakest power: "Weakest power: … — 2 of 6 safeguards met; 1 red
    /// line breached", with the power's question cut to `max` characters; empty when no power
    /// is weak.
    pub fn weakest_line(&self, t: &Messages, max: usize) -> String {
        let Some(row) = self.rows.iter().find(|r| r.weakest) else {
            return String::new();
        };
        format!(
            "{}: {} — {}",
            t["weakest_power"],
            super::clip(&row.question, max),
            row.facts()
        )
    }
}

impl PowerRow {
    /// "2 of 6 safeguards met; 1 red line breached; 1 red line not verified".
    pub fn facts(&self) -> String {
        let mut facts = vec![self.met.clone()];
        facts.extend(
            [&self.breached, &self.unverified]
                .into_iter()
                .filter(|s| !s.is_empty())
                .cloned(),
        );
        facts.join("; ")
    }
}
