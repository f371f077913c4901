//! The per-power view: each power the bill creates or may create, against the safeguards
//! attached to it (the items whose `applies_if` names it), grouped by facet (who authorises, on
//! what threshold, for how long...). Readers think per power ("who authorises real-time
//! location?"); an averaged area hides the worst gap, this view shows it.
//!
//! Owns: the matrix handed to the HTML and Markdown templates (one row per power, one column
//! per facet in use), the folded line of absent powers, and the sentence naming the weakest
//! power. Every figure comes from [`Report::powers`]; nothing is recomputed here.
//!
//! Also draws the matrix as Markdown and HTML ([`PowerMatrixView::markdown`],
//! [`PowerMatrixView::html`]): it is the largest and most repeated part of a report, and
//! drawing it here rather than through handlebars spares every report the compiling of its
//! templates and the copying of the matrix into the template context. The output is what
//! `templates/powers.md.hbs` and `templates/powers.html.hbs` give, byte for byte (a test holds
//! them equal); a replacement of either in `--templates DIR` is rendered by handlebars instead.

use std::fmt::Write as _;

use handlebars::html_escape;
use serde::Serialize;

use super::Messages;
use super::templates::md_escape;
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
    /// The catalog's short form of the power ("Real-time location tracking"), or empty.
    pub short: String,
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
    /// Whether templates see the matrix (`powers` in a report's context): only when a report
    /// or powers template is replaced with `--templates DIR`; the embedded report templates
    /// take the matrix drawn by [`Self::markdown`] or [`Self::html`] instead.
    #[serde(skip)]
    pub in_context: bool,
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
        let short = |id: &str| {
            c.item(id)
                .and_then(|i| i.short.as_ref())
                .map(|x| c.text(x, lang).to_string())
                .unwrap_or_default()
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
                    short: short(&p.id),
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
            in_context: false,
        }
    }

    /// Whether the matrix is left out of a template context (see [`Self::in_context`]).
    pub fn left_out(&self) -> bool {
        !self.in_context
    }

    /// The matrix and the details of each power as Markdown: what `templates/powers.md.hbs`
    /// renders, with every text escaped by [`md_escape`].
    pub fn markdown(&self, t: &Messages) -> String {
        let e = md_escape;
        let mut o = String::with_capacity(4096);
        if self.rows.is_empty() {
            o.push_str(&e(&t["powers_none"]));
            o.push('\n');
        } else {
            let _ = write!(
                o,
                "| {} | {} | {} | {} | {} |",
                e(&t["power"]),
                e(&t["answer"]),
                e(&t["score"]),
                e(&t["could_reach"]),
                e(&t["verified"])
            );
            for f in &self.facets {
                let _ = write!(o, " {} |", e(&f.label));
            }
            o.push_str("\n|---|---|---:|---:|---:|");
            for _ in &self.facets {
                o.push_str("---|");
            }
            o.push('\n');
            for row in &self.rows {
                let q = e(&row.question);
                if row.weakest {
                    let _ = write!(o, "| **{q}** |");
                } else {
                    let _ = write!(o, "| {q} |");
                }
                let _ = write!(
                    o,
                    " {} | {} | {} | {} |",
                    e(&row.answer),
                    e(&row.range.score),
                    e(&row.range.ceiling),
                    e(&row.range.coverage)
                );
                for cell in &row.cells {
                    o.push(' ');
                    for (i, m) in cell.marks.iter().enumerate() {
                        if i > 0 {
                            o.push(' ');
                        }
                        if !m.selected {
                            o.push('(');
                        }
                        if m.breach || m.unverified_red_line {
                            let _ = write!(o, "**{}**", e(m.symbol));
                        } else {
                            o.push_str(&e(m.symbol));
                        }
                        if !m.selected {
                            o.push(')');
                        }
                    }
                    o.push_str(" |");
                }
                o.push('\n');
            }
            let _ = write!(o, "\n{}; {}", e(&t["marks_md"]), e(&t["mark_red_line_md"]));
            if self.unscored {
                let _ = write!(o, "; {}", e(&t["mark_not_scored_md"]));
            }
            let _ = write!(o, ".\n\n### {}\n", e(&t["power_details"]));
            for row in &self.rows {
                let _ = write!(
                    o,
                    "\n#### {}\n\n{} ({}) · {} {} · {}",
                    e(&row.question),
                    e(&row.answer),
                    e(&row.status),
                    e(&t["score"]),
                    e(&row.range.full),
                    e(&row.met)
                );
                if !row.breached.is_empty() {
                    let _ = write!(o, " · **{}**", e(&row.breached));
                }
                if !row.unverified.is_empty() {
                    let _ = write!(o, " · **{}**", e(&row.unverified));
                }
                if row.weakest {
                    let _ = write!(o, " · **{}**", e(&t["weakest_power"]));
                }
                o.push_str("\n\n");
                if row.groups.is_empty() {
                    o.push_str(&e(&t["power_no_safeguards"]));
                    o.push('\n');
                }
                for g in &row.groups {
                    let _ = writeln!(o, "- **{}**", e(&g.label));
                    for m in &g.marks {
                        let _ = write!(
                            o,
                            "  - {} {}: {}",
                            e(m.symbol),
                            e(&m.status),
                            e(&m.question)
                        );
                        if m.breach {
                            let _ = write!(o, " **{}**", e(&t["red_line_breached"]));
                        }
                        if m.unverified_red_line {
                            let _ = write!(o, " **{}**", e(&t["red_line_unverified"]));
                        }
                        if !m.selected {
                            let _ = write!(o, " ({})", e(&t["not_scored_here"]));
                        }
                        o.push('\n');
                    }
                }
            }
        }
        if !self.absent.is_empty() {
            let _ = write!(o, "\n**{}:** ", e(&t["powers_absent"]));
            for (i, a) in self.absent.iter().enumerate() {
                if i > 0 {
                    o.push_str("; ");
                }
                o.push_str(&e(a));
            }
            o.push('\n');
        }
        o
    }

    /// The matrix, its legend and the details of each power as HTML: what
    /// `templates/powers.html.hbs` renders, with every text escaped as handlebars escapes it.
    // Long: follows templates/powers.html.hbs element by element (the matrix, its legend, then
    // each power's details), so that the two can be read side by side and the test that holds
    // them equal points at the same place in both.
    pub fn html(&self, t: &Messages) -> String {
        let e = html_escape;
        let tt = |k: &str| html_escape(&t[k]);
        let mut o = String::with_capacity(16384);
        if self.rows.is_empty() {
            let _ = writeln!(o, "<p class=\"all-clear\">{}</p>", tt("powers_none"));
        } else {
            let _ = write!(
                o,
                "<div class=\"table-wrap matrix-wrap{}\" data-scroll role=\"region\" aria-labelledby=\"powers-h\" tabindex=\"0\">\n<table class=\"power-matrix\">\n<thead><tr><th scope=\"col\">{}</th>",
                if self.wide { " wide" } else { "" },
                tt("power")
            );
            for f in &self.facets {
                let _ = write!(
                    o,
                    "<th scope=\"col\" class=\"facet-col\">{}</th>",
                    e(&f.label)
                );
            }
            o.push_str("</tr></thead>\n<tbody>\n");
            for row in &self.rows {
                let _ = write!(
                    o,
                    "<tr{}><th scope=\"row\"><a href=\"#{}\">{}</a>",
                    if row.weakest {
                        " class=\"weakest\""
                    } else {
                        ""
                    },
                    e(&row.anchor),
                    e(&row.question)
                );
                if row.weakest {
                    let _ = write!(o, " <span class=\"here\">{}</span>", tt("weakest_power"));
                }
                let _ = write!(
                    o,
                    "<span class=\"power-answer\">{} · {}</span><span class=\"power-score\"><strong>{}</strong> <span class=\"muted\">({})</span></span><span class=\"power-facts\">{}",
                    e(&row.answer),
                    e(&row.status),
                    e(&row.range.score),
                    e(&row.range.note),
                    e(&row.met)
                );
                red_line_facts_html(&mut o, row);
                o.push_str("</span></th>");
                for cell in &row.cells {
                    let _ = write!(
                        o,
                        "<td class=\"facet-cell{}\"><span class=\"cell-label\">{}</span><span class=\"marks\">",
                        if cell.marks.is_empty() { " empty" } else { "" },
                        e(&cell.label)
                    );
                    for m in &cell.marks {
                        let _ = write!(o, "<a class=\"mark st-{}", e(&m.status_id));
                        if m.breach {
                            o.push_str(" mk-breach");
                        }
                        if m.unverified_red_line {
                            o.push_str(" mk-unverified");
                        }
                        if !m.selected {
                            o.push_str(" mk-unscored");
                        }
                        let _ = write!(
                            o,
                            "\" href=\"#{}\" title=\"{}: {}\"><span aria-hidden=\"true\">{}</span><span class=\"sr\">{}",
                            e(&m.anchor),
                            e(&m.status),
                            e(&m.question),
                            e(m.symbol),
                            e(&m.status)
                        );
                        if m.breach {
                            let _ = write!(o, ", {}", tt("red_line_breached"));
                        }
                        if m.unverified_red_line {
                            let _ = write!(o, ", {}", tt("red_line_unverified"));
                        }
                        let _ = write!(o, ": {}</span></a>", e(&m.question));
                    }
                    o.push_str("</span></td>");
                }
                o.push_str("</tr>\n");
            }
            let _ = write!(
                o,
                concat!(
                    "</tbody>\n</table>\n</div>\n<p class=\"scroll-hint\">{}</p>\n",
                    "<ul class=\"legend mark-legend\" aria-label=\"{}\">\n",
                    "<li><span class=\"mark st-met\" aria-hidden=\"true\">✓</span>{}</li>\n",
                    "<li><span class=\"mark st-partial\" aria-hidden=\"true\">◐</span>{}</li>\n",
                    "<li><span class=\"mark st-gap\" aria-hidden=\"true\">✗</span>{}</li>\n",
                    "<li><span class=\"mark st-unverified\" aria-hidden=\"true\">?</span>{} / {}</li>\n",
                    "<li><span class=\"mark st-not-applicable\" aria-hidden=\"true\">–</span>{}</li>\n",
                    "<li><span class=\"mark st-gap mk-breach\" aria-hidden=\"true\">✗</span>",
                    "<span class=\"mark st-unverified mk-unverified\" aria-hidden=\"true\">?</span>{}</li>\n",
                ),
                tt("scroll_hint"),
                tt("marks_legend"),
                tt("status_met"),
                tt("status_partial"),
                tt("status_gap"),
                tt("status_unverified"),
                tt("status_unanswered"),
                tt("status_not_applicable"),
                tt("mark_red_line"),
            );
            if self.unscored {
                let _ = writeln!(
                    o,
                    "<li><span class=\"mark st-met mk-unscored\" aria-hidden=\"true\">✓</span>{}</li>",
                    tt("mark_not_scored")
                );
            }
            let _ = writeln!(o, "</ul>\n<h3>{}</h3>", tt("power_details"));
            for row in &self.rows {
                let a = e(&row.anchor);
                let _ = write!(
                    o,
                    "<article class=\"power{}\" id=\"{a}\" aria-labelledby=\"{a}-h\">\n<h4 id=\"{a}-h\">{}</h4>\n<p class=\"power-meta\"><span class=\"status status-{}\">{}</span> {} · {} {} · {}",
                    if row.weakest { " weakest" } else { "" },
                    e(&row.question),
                    e(&row.status_id),
                    e(&row.answer),
                    e(&row.status),
                    tt("score"),
                    e(&row.range.full),
                    e(&row.met)
                );
                red_line_facts_html(&mut o, row);
                o.push_str("</p>\n");
                if row.groups.is_empty() {
                    let _ = writeln!(o, "<p class=\"muted\">{}</p>", tt("power_no_safeguards"));
                } else {
                    o.push_str("<dl class=\"facets\">\n");
                    for g in &row.groups {
                        let _ = writeln!(
                            o,
                            "<div class=\"facet-group\"><dt>{}</dt><dd><ul class=\"safeguards\">",
                            e(&g.label)
                        );
                        for m in &g.marks {
                            let _ = write!(
                                o,
                                "<li id=\"{}\"{}><span class=\"mark st-{}",
                                e(&m.anchor),
                                if m.selected {
                                    ""
                                } else {
                                    " class=\"mk-unscored\""
                                },
                                e(&m.status_id)
                            );
                            if m.breach {
                                o.push_str(" mk-breach");
                            }
                            if m.unverified_red_line {
                                o.push_str(" mk-unverified");
                            }
                            let _ = write!(
                                o,
                                "\" aria-hidden=\"true\">{}</span><span class=\"sg-text\"><span class=\"sg-status\">{}</span> {}",
                                e(m.symbol),
                                e(&m.status),
                                e(&m.question)
                            );
                            if m.breach {
                                let _ = write!(
                                    o,
                                    " <span class=\"badge badge-breach\">{}</span>",
                                    tt("red_line_breached")
                                );
                            } else if m.unverified_red_line {
                                let _ = write!(
                                    o,
                                    " <span class=\"badge badge-unverified\">{}</span>",
                                    tt("red_line_unverified")
                                );
                            }
                            if !m.selected {
                                let _ = write!(
                                    o,
                                    " <span class=\"muted\">({})</span>",
                                    tt("not_scored_here")
                                );
                            }
                            if !m.gap.is_empty() {
                                let _ =
                                    write!(o, " <a href=\"#{}\">{}</a>", e(&m.gap), tt("see_gap"));
                            }
                            o.push_str("</span></li>\n");
                        }
                        o.push_str("</ul></dd></div>\n");
                    }
                    o.push_str("</dl>\n");
                }
                o.push_str("</article>\n");
            }
        }
        if !self.absent.is_empty() {
            let _ = write!(
                o,
                "<p class=\"powers-absent\"><strong>{}:</strong> ",
                tt("powers_absent")
            );
            for (i, a) in self.absent.iter().enumerate() {
                if i > 0 {
                    o.push_str("; ");
                }
                o.push_str(&e(a));
            }
            o.push_str("</p>\n");
        }
        o
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
            if row.short.is_empty() {
                super::brief::shorten(&row.question, max, max)
            } else {
                super::clip(&row.short, max)
            },
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

/// The red lines a power's safeguards breach and leave unverified, as the matrix row and the
/// power's details print them after its facts.
fn red_line_facts_html(o: &mut String, row: &PowerRow) {
    if !row.breached.is_empty() {
        let _ = write!(
            o,
            " · <strong class=\"fact-bad\">{}</strong>",
            html_escape(&row.breached)
        );
    }
    if !row.unverified.is_empty() {
        let _ = write!(
            o,
            " · <strong class=\"fact-warn\">{}</strong>",
            html_escape(&row.unverified)
        );
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess;
    use crate::catalog::{Catalog, embedded};
    use crate::report::{ReportView, Templates};
    use crate::source::SourceFile;

    /// Each matrix drawn in Rust and by the embedded template, in both formats.
    fn both_ways(v: &mut ReportView, t: &Templates, what: &str) {
        v.powers.in_context = true;
        let m = v.powers.markdown(v.t);
        let h = v.powers.html(v.t);
        assert_eq!(m, t.render_powers(false, &*v).unwrap(), "Markdown: {what}");
        assert_eq!(h, t.render_powers(true, &*v).unwrap(), "HTML: {what}");
    }

    #[test]
    fn the_matrix_drawn_here_is_what_the_templates_render() {
        let templates = Templates::new(None).unwrap();
        let catalog = Catalog::default();
        let mut seen = (0, 0, 0, 0);
        for (name, text) in embedded::EXAMPLES {
            let (a, d) = assess::load(SourceFile::new(*name, *text), &catalog, None, &[]);
            let a = a.unwrap_or_else(|| panic!("{name}: {}", d.render()));
            let c = &a.checklist;
            for profile in &c.profiles {
                let mut r = crate::evaluate::evaluate(c, &a.answers, &a.sha256, &profile.id);
                for lang in &c.header.languages {
                    let mut v = ReportView::new(&r, c, lang);
                    seen.0 += usize::from(v.powers.unscored);
                    seen.1 += usize::from(!v.powers.absent.is_empty());
                    both_ways(&mut v, &templates, &format!("{name} {} {lang}", profile.id));
                }
                // No power shown; then powers without safeguards.
                let kept = r.powers.clone();
                for p in &mut r.powers {
                    p.status = Status::PowerAbsent;
                }
                let mut v = ReportView::new(&r, c, "en");
                assert!(v.powers.rows.is_empty());
                both_ways(&mut v, &templates, &format!("{name}: no power shown"));
                r.powers = kept;
                for p in &mut r.powers {
                    p.safeguards.clear();
                }
                let mut v = ReportView::new(&r, c, "pt");
                seen.2 += v.powers.rows.len();
                both_ways(&mut v, &templates, &format!("{name}: no safeguards"));
            }
            // Text that is markup in either format is escaped the same way.
            let r = crate::evaluate::evaluate(c, &a.answers, &a.sha256, &c.header.default_profile);
            let mut v = ReportView::new(&r, c, "es");
            let nasty = "<b>a|b</b> *c* _d_ [e](f) `g` = 'h' & \"i\" #j ~k\\\r\nl";
            for row in &mut v.powers.rows {
                row.question = nasty.into();
                row.met = nasty.into();
                for g in row.cells.iter_mut().chain(row.groups.iter_mut()) {
                    g.label = nasty.into();
                    for m in &mut g.marks {
                        m.question = nasty.into();
                        m.status = nasty.into();
                        seen.3 += 1;
                    }
                }
            }
            v.powers.absent = vec![nasty.into(), nasty.into()];
            let m = v.powers.markdown(v.t);
            assert!(!m.contains("<b>") && m.contains("\\<b\\>a\\|b"), "{m}");
            let h = v.powers.html(v.t);
            assert!(!h.contains("<b>") && h.contains("&lt;b&gt;a|b"), "{h}");
            both_ways(&mut v, &templates, &format!("{name}: markup in the texts"));
        }
        assert!(seen.0 > 0, "some matrix has safeguards not scored");
        assert!(seen.1 > 0, "some matrix has absent powers");
        assert!(seen.2 > 0, "some powers without safeguards");
        assert!(seen.3 > 0, "marks with markup");
    }

    #[test]
    fn a_replaced_powers_or_report_template_gets_the_matrix() {
        let catalog = Catalog::default();
        let (name, text) = embedded::EXAMPLES
            .iter()
            .find(|(n, _)| n.starts_with("mixed"))
            .unwrap();
        let (a, _) = assess::load(SourceFile::new(*name, *text), &catalog, None, &[]);
        let a = a.unwrap();
        let c = &a.checklist;
        let r = crate::evaluate::evaluate(c, &a.answers, &a.sha256, &c.header.default_profile);
        let render = |dir: Option<&std::path::Path>, format| {
            let t = Templates::new(dir).unwrap();
            crate::report::render(&r, c, "es", format, &t).unwrap()
        };
        let (md, html) = (
            render(None, crate::report::Format::Md),
            render(None, crate::report::Format::Html),
        );
        assert!(md.contains("### ") && html.contains("class=\"power-matrix\""));

        // A report template of before, which includes the powers template with the matrix.
        let dir = tempfile::tempdir().unwrap();
        for (file, format, same) in [
            ("report.md.hbs", crate::report::Format::Md, &md),
            ("report.html.hbs", crate::report::Format::Html, &html),
        ] {
            let embedded = crate::report::template_files()
                .find(|(n, _)| *n == file)
                .unwrap()
                .1;
            let partial = file.replace("report", "powers");
            let before = embedded.replace(
                "{{{powers_matrix}}}",
                &format!("{{{{> {partial} powers}}}}"),
            );
            assert_ne!(before, embedded);
            std::fs::write(dir.path().join(file), before).unwrap();
            assert_eq!(&render(Some(dir.path()), format), same, "{file}");
        }

        // A replaced powers template is used, and sees the matrix and the report's labels.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("powers.md.hbs"),
            "POWERS {{len rows}} {{@root.t.power}}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("powers.html.hbs"),
            "<p>{{#each rows}}{{id}} {{/each}}</p>\n",
        )
        .unwrap();
        let md2 = render(Some(dir.path()), crate::report::Format::Md);
        let rows = ReportView::new(&r, c, "es").powers.rows;
        assert!(!rows.is_empty());
        let line = format!(
            "POWERS {} {}\n\n## ",
            rows.len(),
            crate::report::messages("es")["power"]
        );
        assert!(md2.contains(&line), "{md2}");
        assert!(
            !md2.contains("|---|---|---:|"),
            "the drawn matrix is not there"
        );
        let html2 = render(Some(dir.path()), crate::report::Format::Html);
        let ids: String = rows.iter().map(|r| format!("{} ", r.id)).collect();
        assert!(
            html2.contains(&format!("<p>{ids}</p>\n</section>")),
            "{html2}"
        );
        assert!(!html2.contains("class=\"power-matrix\""));
    }
}
