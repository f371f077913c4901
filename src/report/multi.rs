//! Views and renderers of the results over several reports: the comparison matrix
//! ([`Comparison`]), the diff of two assessments ([`Diff`]) and the plan of fixes ([`Plan`]).
//! Each is a pure function of its result type and the checklist's texts; nothing is scored
//! here. Numbers are formatted and heat-map classes chosen in Rust, so templates only place
//! them.

use serde::Serialize;

use super::view::{
    answer_label, evidence_views, fmt_score, severity_label, status_after_answer, verdict_view,
};
use super::{EvidenceView, Messages, RenderError, Templates, messages};
use crate::checklist::Checklist;
use crate::compare::{Comparison, SortKey};
use crate::diff::{Diff, Direction, Mode, Side};
use crate::evaluate::round1;
use crate::plan::{Fix, Plan, Step};
use crate::result::{INCOMPATIBLE, UNDETERMINED};

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    /// Markdown tables: the overview, then scores by standard and by area.
    Md,
    /// A self-contained HTML heat map (inline CSS, no network).
    Html,
    /// One line per assessment, one column per figure (for spreadsheets).
    Csv,
    /// The matrix as JSON (schemas/compare.schema.json).
    Json,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// A Markdown account of the changes, item by item.
    Md,
    /// The same as a self-contained HTML page.
    Html,
    /// The differences as JSON (schemas/diff.schema.json).
    Json,
}

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// A Markdown plan: the sets of fixes, then every gap ranked.
    Md,
    /// The same as a self-contained HTML page (inline CSS, no network).
    Html,
    /// The plan as JSON (schemas/plan.schema.json).
    Json,
}

fn json<T: Serialize>(value: &T) -> Result<String, RenderError> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

/// `+3.5`, `−2.0` (a true minus sign) or `0.0`.
fn fmt_delta(t: &Messages, d: Option<f64>) -> String {
    match d {
        Some(d) if d > 0.0 => format!("+{}", crate::i18n::number_in(t, d, 1)),
        Some(d) if d < 0.0 => format!("−{}", crate::i18n::number_in(t, -d, 1)),
        Some(_) => crate::i18n::number_in(t, 0.0, 1),
        None => "—".into(),
    }
}

/// The heat-map class of a score: `h0` (0–9.9) to `h10` (100), or `na`.
fn heat(score: Option<f64>) -> String {
    match score {
        Some(s) => format!("h{}", ((s / 10.0).floor() as i64).clamp(0, 10)),
        None => "na".into(),
    }
}

fn trend(d: Option<f64>) -> &'static str {
    match d {
        Some(d) if d > 0.0 => "up",
        Some(d) if d < 0.0 => "down",
        _ => "same",
    }
}

fn profile_title(c: &Checklist, id: &str, lang: &str) -> String {
    c.profile(id)
        .map(|p| c.text(&p.title, lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn area_title(c: &Checklist, id: &str, lang: &str) -> String {
    c.area(id)
        .map(|a| c.text(&a.title, lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn question(c: &Checklist, id: &str, lang: &str) -> String {
    c.item(id)
        .map(|i| c.text(&i.question, lang).to_string())
        .unwrap_or_default()
}

fn remediation(c: &Checklist, id: &str, lang: &str) -> String {
    c.item(id)
        .and_then(|i| i.remediation.as_ref())
        .map(|r| c.text(r, lang).to_string())
        .unwrap_or_default()
}

/// Escapes a CSV cell that a spreadsheet would read as a formula.
fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// compare

/// A column heading.
#[derive(Debug, Serialize)]
pub struct Head {
    pub id: String,
    pub title: String,
}

/// One cell of the matrix.
#[derive(Debug, Serialize)]
pub struct CellView {
    pub score: String,
    /// The score if every unknown were yes, shown only when it differs from the score.
    pub ceiling: String,
    /// The verified share, as a percentage (`82 %`).
    pub coverage: String,
    /// `h0`..`h10` or `na`.
    pub heat: String,
    pub verdict: String,
    pub incompatible: bool,
    pub undetermined: bool,
    pub breaches: usize,
    pub unverified: usize,
}

/// A share (0 to 1) as a whole percentage, `82 %`, or `–` when there is none.
pub fn fmt_share(share: Option<f64>) -> String {
    match share {
        Some(x) => format!("{} %", (x * 100.0).round() as i64),
        None => "–".into(),
    }
}

/// The ceiling beside a score, or nothing when the two are equal (nothing left unverified).
fn fmt_ceiling(t: &Messages, score: Option<f64>, ceiling: Option<f64>) -> String {
    match (score, ceiling) {
        (Some(s), Some(c)) if c > s => fmt_score(t, Some(c)),
        _ => String::new(),
    }
}

/// One row of the matrix.
#[derive(Debug, Serialize)]
pub struct MatrixRow {
    pub file: String,
    pub jurisdiction: String,
    pub instrument: String,
    pub version: String,
    pub assessor: String,
    pub date: String,
    pub overall: CellView,
    pub gaps: usize,
    pub profiles: Vec<CellView>,
    pub areas: Vec<CellView>,
}

/// A file left out.
#[derive(Debug, Serialize)]
pub struct SkippedView {
    pub file: String,
    pub errors: usize,
    pub code: String,
}

/// Everything `compare.md.hbs` and `compare.html.hbs` see.
#[derive(Debug, Serialize)]
pub struct CompareView {
    pub t: &'static Messages,
    pub lang: String,
    pub checklist_title: String,
    pub checklist_id: String,
    pub checklist_version: String,
    pub checklist_sha256: String,
    pub profile_title: String,
    pub sorted_by: String,
    pub count: usize,
    pub profiles: Vec<Head>,
    pub areas: Vec<Head>,
    pub rows: Vec<MatrixRow>,
    pub skipped: Vec<SkippedView>,
    pub tool: String,
}

impl CompareView {
    /// Builds the view of a comparison in a language.
    pub fn new(m: &Comparison, c: &Checklist, lang: &str) -> Self {
        let t = messages(lang);
        struct Fig<'a> {
            score: Option<f64>,
            ceiling: Option<f64>,
            coverage: Option<f64>,
            verdict: Option<&'a str>,
            breaches: usize,
            unverified: usize,
        }
        let cell = |f: Fig| CellView {
            score: fmt_score(t, f.score),
            ceiling: fmt_ceiling(t, f.score, f.ceiling),
            coverage: fmt_share(f.coverage),
            heat: heat(f.score),
            verdict: f
                .verdict
                .map(|v| verdict_view(c, t, v, lang, &m.profile).title)
                .unwrap_or_default(),
            incompatible: f.verdict == Some(INCOMPATIBLE),
            undetermined: f.verdict == Some(UNDETERMINED),
            breaches: f.breaches,
            unverified: f.unverified,
        };
        let rows = m
            .rows
            .iter()
            .map(|r| MatrixRow {
                file: r.file.clone(),
                jurisdiction: r.jurisdiction.clone(),
                instrument: r.instrument.clone(),
                version: r.version.clone().unwrap_or_default(),
                assessor: r.assessor.clone().unwrap_or_default(),
                date: r.date.clone().unwrap_or_default(),
                overall: cell(Fig {
                    score: Some(r.score),
                    ceiling: Some(r.ceiling),
                    coverage: Some(r.coverage),
                    verdict: Some(&r.verdict),
                    breaches: r.red_line_breaches.len(),
                    unverified: r.red_lines_unverified.len(),
                }),
                gaps: r.gaps,
                profiles: r
                    .profiles
                    .iter()
                    .map(|p| {
                        cell(Fig {
                            score: Some(p.score),
                            ceiling: Some(p.ceiling),
                            coverage: Some(p.coverage),
                            verdict: Some(&p.verdict),
                            breaches: p.red_line_breaches,
                            unverified: p.red_lines_unverified,
                        })
                    })
                    .collect(),
                areas: r
                    .areas
                    .iter()
                    .map(|a| {
                        cell(Fig {
                            score: a.score,
                            ceiling: a.ceiling,
                            coverage: a.coverage,
                            verdict: None,
                            breaches: 0,
                            unverified: 0,
                        })
                    })
                    .collect(),
            })
            .collect();
        let sort_key = match m.sort {
            SortKey::Jurisdiction => "sort_jurisdiction",
            SortKey::Score => "sort_score",
            SortKey::File => "sort_file",
        };
        CompareView {
            t,
            lang: lang.into(),
            checklist_title: c.text(&c.header.title, lang).into(),
            checklist_id: m.checklist.id.clone(),
            checklist_version: m.checklist.version.clone(),
            checklist_sha256: m.checklist.sha256.clone(),
            profile_title: profile_title(c, &m.profile, lang),
            sorted_by: t[sort_key].clone(),
            count: m.rows.len(),
            profiles: m
                .profiles
                .iter()
                .map(|id| Head {
                    id: id.clone(),
                    title: profile_title(c, id, lang),
                })
                .collect(),
            areas: m
                .areas
                .iter()
                .map(|id| Head {
                    id: id.clone(),
                    title: area_title(c, id, lang),
                })
                .collect(),
            rows,
            skipped: m
                .skipped
                .iter()
                .map(|s| SkippedView {
                    file: s.file.clone(),
                    errors: s.errors,
                    code: s.code.clone(),
                })
                .collect(),
            tool: format!("{} {}", m.tool.name, m.tool.version),
        }
    }
}

fn compare_csv(m: &Comparison) -> Result<String, RenderError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = [
        "file",
        "jurisdiction",
        "instrument",
        "version",
        "assessor",
        "date",
        "sha256",
        "profile",
        "score",
        "verdict",
        "red_line_breaches",
        "red_lines",
        "critical_gaps",
        "gaps",
        "ceiling",
        "coverage",
        "band",
        "red_lines_unverified",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for p in &m.profiles {
        head.push(format!("{p}.score"));
        head.push(format!("{p}.verdict"));
    }
    for a in &m.areas {
        head.push(format!("area.{a}"));
    }
    for p in &m.profiles {
        head.push(format!("{p}.ceiling"));
        head.push(format!("{p}.coverage"));
    }
    let csv_err = |e: csv::Error| RenderError::Template {
        name: "csv".into(),
        message: e.to_string(),
    };
    w.write_record(&head).map_err(csv_err)?;
    for r in &m.rows {
        let mut rec: Vec<String> = vec![
            csv_text(&r.file),
            csv_text(&r.jurisdiction),
            csv_text(&r.instrument),
            csv_text(r.version.as_deref().unwrap_or_default()),
            csv_text(r.assessor.as_deref().unwrap_or_default()),
            csv_text(r.date.as_deref().unwrap_or_default()),
            r.sha256.clone(),
            m.profile.clone(),
            format!("{:.1}", r.score),
            r.verdict.clone(),
            r.red_line_breaches.len().to_string(),
            r.red_line_breaches.join(" "),
            r.critical_gaps.len().to_string(),
            r.gaps.to_string(),
            format!("{:.1}", r.ceiling),
            format!("{:.3}", r.coverage),
            r.band.clone(),
            r.red_lines_unverified.join(" "),
        ];
        for p in &r.profiles {
            rec.push(format!("{:.1}", p.score));
            rec.push(p.verdict.clone());
        }
        for a in &r.areas {
            rec.push(a.score.map(|s| format!("{s:.1}")).unwrap_or_default());
        }
        for p in &r.profiles {
            rec.push(format!("{:.1}", p.ceiling));
            rec.push(format!("{:.3}", p.coverage));
        }
        w.write_record(&rec).map_err(csv_err)?;
    }
    let bytes = w.into_inner().map_err(|e| RenderError::Template {
        name: "csv".into(),
        message: e.to_string(),
    })?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8"))
}

/// Renders a comparison.
pub fn render_compare(
    m: &Comparison,
    c: &Checklist,
    lang: &str,
    format: CompareFormat,
    templates: &Templates,
) -> Result<String, RenderError> {
    match format {
        CompareFormat::Json => json(m),
        CompareFormat::Csv => compare_csv(m),
        CompareFormat::Md => templates.render_md("compare.md.hbs", &CompareView::new(m, c, lang)),
        CompareFormat::Html => {
            templates.render_html("compare.html.hbs", &CompareView::new(m, c, lang))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// diff

/// A line of the header table: a label and both sides.
#[derive(Debug, Serialize)]
pub struct PairRow {
    pub label: String,
    pub old: String,
    pub new: String,
}

/// A score before and after.
#[derive(Debug, Serialize)]
pub struct DeltaRow {
    pub title: String,
    pub old: String,
    pub new: String,
    pub delta: String,
    /// `up`, `down` or `same`.
    pub trend: &'static str,
    pub old_verdict: String,
    pub new_verdict: String,
    pub verdict_changed: bool,
    /// "could reach …; … verified" beside each side's score, empty when nothing is unverified.
    pub old_range: String,
    pub new_range: String,
}

/// The range beside a score: "could reach 53.8; 82 % verified", or nothing when the score is
/// the ceiling (every answer verified).
fn fmt_range(t: &Messages, score: f64, ceiling: f64, coverage: f64) -> String {
    if ceiling > score || coverage < 1.0 {
        format!(
            "{} {}; {} {}",
            t["cmp_could_reach"],
            fmt_score(t, Some(ceiling)),
            fmt_share(Some(coverage)),
            t["cmp_verified"]
        )
    } else {
        String::new()
    }
}

/// An item named in a list.
#[derive(Debug, Serialize)]
pub struct ItemRef {
    pub id: String,
    pub question: String,
}

/// One side of a changed item.
#[derive(Debug, Serialize)]
pub struct SideView {
    pub answer: String,
    pub status: String,
    pub score: String,
    pub breach: bool,
    pub note: String,
    pub evidence: Vec<EvidenceView>,
}

/// A changed item.
#[derive(Debug, Serialize)]
pub struct ChangeView {
    pub id: String,
    pub question: String,
    pub area: String,
    pub severity: String,
    pub red_line: bool,
    pub is_power: bool,
    pub selected: bool,
    pub direction: String,
    /// `up`, `down` or `same`.
    pub trend: &'static str,
    pub old: SideView,
    pub new: SideView,
}

/// Everything `diff.md.hbs` and `diff.html.hbs` see.
#[derive(Debug, Serialize)]
pub struct DiffView {
    pub t: &'static Messages,
    pub lang: String,
    pub assessors: bool,
    pub title: String,
    pub changes_heading: String,
    pub old_label: String,
    pub new_label: String,
    pub instrument: String,
    pub jurisdiction: String,
    pub header: Vec<PairRow>,
    pub profile_title: String,
    pub score: DeltaRow,
    pub ceiling: DeltaRow,
    pub coverage: DeltaRow,
    pub red_lines_cleared: Vec<ItemRef>,
    pub red_lines_breached: Vec<ItemRef>,
    pub red_lines_verified: Vec<ItemRef>,
    pub red_lines_unverified: Vec<ItemRef>,
    pub gained: Vec<ItemRef>,
    pub lost: Vec<ItemRef>,
    pub profiles: Vec<DeltaRow>,
    pub areas: Vec<DeltaRow>,
    pub changes: Vec<ChangeView>,
    pub empty: bool,
    pub checklist_title: String,
    pub checklist_id: String,
    pub checklist_version: String,
    pub checklist_sha256: String,
    pub old_sha256: String,
    pub new_sha256: String,
    pub tool: String,
}

impl DiffView {
    /// Builds the view of a diff in a language.
    // Long: fills the diff's view field by field (the two sides, score deltas, red lines cleared
    // and breached, safeguards gained and lost, profiles, areas, changes), each part a few lines
    // over the same diff and labels.
    pub fn new(d: &Diff, c: &Checklist, lang: &str) -> Self {
        let t = messages(lang);
        let assessors = d.mode == Mode::Assessors;
        let (old_label, new_label) = if assessors {
            let name = |a: &Option<String>, key: &str| a.clone().unwrap_or_else(|| t[key].clone());
            (
                name(&d.old.assessor, "diff_first"),
                name(&d.new.assessor, "diff_second"),
            )
        } else {
            (t["diff_old"].clone(), t["diff_new"].clone())
        };
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let mut header = vec![
            PairRow {
                label: t["bill_version"].clone(),
                old: opt(&d.old.version),
                new: opt(&d.new.version),
            },
            PairRow {
                label: t["assessor"].clone(),
                old: opt(&d.old.assessor),
                new: opt(&d.new.assessor),
            },
            PairRow {
                label: t["date"].clone(),
                old: opt(&d.old.date),
                new: opt(&d.new.date),
            },
        ];
        if d.old.instrument != d.new.instrument {
            header.insert(
                0,
                PairRow {
                    label: t["instrument"].clone(),
                    old: d.old.instrument.clone(),
                    new: d.new.instrument.clone(),
                },
            );
        }
        header.retain(|r| !(r.old.is_empty() && r.new.is_empty()));
        let verdict = |v: &str| verdict_view(c, t, v, lang, &d.profile).title;
        let refs = |ids: &[String]| -> Vec<ItemRef> {
            ids.iter()
                .map(|id| ItemRef {
                    id: id.clone(),
                    question: question(c, id, lang),
                })
                .collect()
        };
        let side = |s: &Side| SideView {
            answer: answer_label(t, s.answer),
            status: status_after_answer(t, s.answer, s.status),
            score: fmt_score(t, s.score),
            breach: s.breach,
            note: s.note.clone().unwrap_or_default(),
            evidence: evidence_views(t, &s.evidence.iter().map(Into::into).collect::<Vec<_>>()),
        };
        let changes = d
            .changes
            .iter()
            .map(|ch| {
                let (direction, trend) = match ch.direction {
                    Direction::Better => (t["diff_better"].clone(), "up"),
                    Direction::Worse => (t["diff_worse"].clone(), "down"),
                    Direction::Neutral => (t["diff_neutral"].clone(), "same"),
                };
                ChangeView {
                    id: ch.id.clone(),
                    question: question(c, &ch.id, lang),
                    area: area_title(c, &ch.area, lang),
                    severity: severity_label(t, ch.severity),
                    red_line: ch.red_line,
                    is_power: ch.kind == crate::model::ItemKind::Power,
                    selected: ch.selected,
                    direction,
                    trend,
                    old: side(&ch.old),
                    new: side(&ch.new),
                }
            })
            .collect();
        DiffView {
            t,
            lang: lang.into(),
            assessors,
            title: t[if assessors {
                "diff_title_assessors"
            } else {
                "diff_title_versions"
            }]
            .clone(),
            changes_heading: t[if assessors {
                "diff_changes_assessors"
            } else {
                "diff_changes_versions"
            }]
            .clone(),
            old_label,
            new_label,
            instrument: d.new.instrument.clone(),
            jurisdiction: d.new.jurisdiction.clone(),
            header,
            profile_title: profile_title(c, &d.profile, lang),
            score: DeltaRow {
                title: t["score"].clone(),
                old: fmt_score(t, Some(d.score.old)),
                new: fmt_score(t, Some(d.score.new)),
                delta: fmt_delta(t, Some(d.score.delta)),
                trend: trend(Some(d.score.delta)),
                old_verdict: verdict(&d.verdict.old),
                new_verdict: verdict(&d.verdict.new),
                verdict_changed: d.verdict.old != d.verdict.new,
                old_range: fmt_range(t, d.score.old, d.ceiling.old, d.coverage.old),
                new_range: fmt_range(t, d.score.new, d.ceiling.new, d.coverage.new),
            },
            ceiling: DeltaRow {
                title: t["diff_ceiling"].clone(),
                old: fmt_score(t, Some(d.ceiling.old)),
                new: fmt_score(t, Some(d.ceiling.new)),
                delta: fmt_delta(t, Some(d.ceiling.delta)),
                trend: trend(Some(d.ceiling.delta)),
                old_verdict: String::new(),
                new_verdict: String::new(),
                verdict_changed: false,
                old_range: String::new(),
                new_range: String::new(),
            },
            coverage: DeltaRow {
                title: t["diff_coverage"].clone(),
                old: fmt_share(Some(d.coverage.old)),
                new: fmt_share(Some(d.coverage.new)),
                delta: fmt_delta(t, Some(round1(d.coverage.delta * 100.0))),
                trend: trend(Some(d.coverage.delta)),
                old_verdict: String::new(),
                new_verdict: String::new(),
                verdict_changed: false,
                old_range: String::new(),
                new_range: String::new(),
            },
            red_lines_cleared: refs(&d.red_lines_cleared),
            red_lines_breached: refs(&d.red_lines_breached),
            red_lines_verified: refs(&d.red_lines_verified),
            red_lines_unverified: refs(&d.red_lines_unverified),
            gained: refs(&d.gained),
            lost: refs(&d.lost),
            profiles: d
                .profiles
                .iter()
                .map(|p| DeltaRow {
                    title: profile_title(c, &p.id, lang),
                    old: fmt_score(t, Some(p.score.old)),
                    new: fmt_score(t, Some(p.score.new)),
                    delta: fmt_delta(t, Some(p.score.delta)),
                    trend: trend(Some(p.score.delta)),
                    old_verdict: verdict(&p.verdict.old),
                    new_verdict: verdict(&p.verdict.new),
                    verdict_changed: p.verdict.old != p.verdict.new,
                    old_range: fmt_range(t, p.score.old, p.ceiling.old, p.coverage.old),
                    new_range: fmt_range(t, p.score.new, p.ceiling.new, p.coverage.new),
                })
                .collect(),
            areas: d
                .areas
                .iter()
                .map(|a| DeltaRow {
                    title: area_title(c, &a.id, lang),
                    old: fmt_score(t, a.old),
                    new: fmt_score(t, a.new),
                    delta: fmt_delta(t, a.delta),
                    trend: trend(a.delta),
                    old_verdict: String::new(),
                    new_verdict: String::new(),
                    verdict_changed: false,
                    old_range: String::new(),
                    new_range: String::new(),
                })
                .collect(),
            changes,
            empty: d.is_empty(),
            checklist_title: c.text(&c.header.title, lang).into(),
            checklist_id: d.checklist.id.clone(),
            checklist_version: d.checklist.version.clone(),
            checklist_sha256: d.checklist.sha256.clone(),
            old_sha256: d.old.sha256.clone(),
            new_sha256: d.new.sha256.clone(),
            tool: format!("{} {}", d.tool.name, d.tool.version),
        }
    }
}

/// Renders a diff.
pub fn render_diff(
    d: &Diff,
    c: &Checklist,
    lang: &str,
    format: DiffFormat,
    templates: &Templates,
) -> Result<String, RenderError> {
    match format {
        DiffFormat::Json => json(d),
        DiffFormat::Md => templates.render_md("diff.md.hbs", &DiffView::new(d, c, lang)),
        DiffFormat::Html => templates.render_html("diff.html.hbs", &DiffView::new(d, c, lang)),
    }
}

// ---------------------------------------------------------------------------------------------
// plan

/// A fix as listed.
#[derive(Debug, Serialize)]
pub struct FixView {
    pub rank: usize,
    pub id: String,
    pub question: String,
    pub area: String,
    pub severity: String,
    pub red_line: bool,
    pub breach: bool,
    pub answer: String,
    pub gain: String,
    pub score_after: String,
    pub remediation: String,
}

/// A set of fixes and where it leads.
#[derive(Debug, Serialize)]
pub struct StepView {
    pub items: Vec<FixView>,
    pub count: usize,
    pub score: String,
    pub verdict: String,
}

/// The next band and how to reach it.
#[derive(Debug, Serialize)]
pub struct TargetView {
    pub verdict: String,
    pub min: String,
    pub step: StepView,
}

/// An unknown answer to verify first.
#[derive(Debug, Serialize)]
pub struct VerifyView {
    pub id: String,
    pub question: String,
    pub red_line: bool,
    pub if_yes: String,
    pub if_no: String,
}

/// Everything `plan.md.hbs` and `plan.html.hbs` see.
#[derive(Debug, Serialize)]
pub struct PlanView {
    pub t: &'static Messages,
    pub lang: String,
    pub instrument: String,
    pub jurisdiction: String,
    pub bill_version: String,
    pub profile_title: String,
    pub score: String,
    pub verdict: String,
    pub incompatible: bool,
    pub clear: StepView,
    pub next: Option<TargetView>,
    pub fixes: Vec<FixView>,
    pub verify: Vec<VerifyView>,
    pub unverified: usize,
    pub checklist_title: String,
    pub checklist_id: String,
    pub checklist_version: String,
    pub checklist_sha256: String,
    pub answers_sha256: String,
    pub tool: String,
}

impl PlanView {
    /// Builds the view of a plan in a language.
    pub fn new(p: &Plan, c: &Checklist, lang: &str) -> Self {
        let t = messages(lang);
        let fix_view = |rank: usize, f: &Fix| FixView {
            rank,
            id: f.id.clone(),
            question: question(c, &f.id, lang),
            area: area_title(c, &f.area, lang),
            severity: severity_label(t, f.severity),
            red_line: f.red_line,
            breach: f.breach,
            answer: answer_label(t, f.answer),
            gain: crate::i18n::number_in(t, f.gain, 1),
            score_after: crate::i18n::number_in(t, f.score_after, 1),
            remediation: remediation(c, &f.id, lang),
        };
        let step = |s: &Step| StepView {
            items: s
                .items
                .iter()
                .filter_map(|id| {
                    let (i, f) = p.fixes.iter().enumerate().find(|(_, f)| f.id == *id)?;
                    Some(fix_view(i + 1, f))
                })
                .collect(),
            count: s.items.len(),
            score: fmt_score(t, Some(s.score)),
            verdict: verdict_view(c, t, &s.verdict, lang, &p.profile).title,
        };
        let a = &p.assessment;
        PlanView {
            t,
            lang: lang.into(),
            instrument: a.instrument.clone(),
            jurisdiction: a.jurisdiction.clone(),
            bill_version: a.version.clone().unwrap_or_default(),
            profile_title: profile_title(c, &p.profile, lang),
            score: fmt_score(t, Some(p.score)),
            verdict: verdict_view(c, t, &p.verdict, lang, &p.profile).title,
            incompatible: p.verdict == INCOMPATIBLE,
            clear: step(&p.clear_red_lines),
            next: p.next_band.as_ref().map(|n| TargetView {
                verdict: verdict_view(c, t, &n.verdict, lang, &p.profile).title,
                min: fmt_score(t, Some(n.min)),
                step: step(&n.step),
            }),
            fixes: p
                .fixes
                .iter()
                .enumerate()
                .map(|(i, f)| fix_view(i + 1, f))
                .collect(),
            verify: p
                .verify_first
                .iter()
                .map(|v| VerifyView {
                    id: v.id.clone(),
                    question: question(c, &v.id, lang),
                    red_line: v.red_line,
                    if_yes: format!(
                        "{} · {}",
                        fmt_score(t, Some(v.score_if_yes)),
                        verdict_view(c, t, &v.verdict_if_yes, lang, &p.profile).title
                    ),
                    if_no: format!(
                        "{} · {}",
                        fmt_score(t, Some(v.score_if_no)),
                        verdict_view(c, t, &v.verdict_if_no, lang, &p.profile).title
                    ),
                })
                .collect(),
            unverified: p.red_lines_unverified.len(),
            checklist_title: c.text(&c.header.title, lang).into(),
            checklist_id: p.checklist.id.clone(),
            checklist_version: p.checklist.version.clone(),
            checklist_sha256: p.checklist.sha256.clone(),
            answers_sha256: a.sha256.clone(),
            tool: format!("{} {}", p.tool.name, p.tool.version),
        }
    }
}

/// Renders a plan.
pub fn render_plan(
    p: &Plan,
    c: &Checklist,
    lang: &str,
    format: PlanFormat,
    templates: &Templates,
) -> Result<String, RenderError> {
    match format {
        PlanFormat::Json => json(p),
        PlanFormat::Md => templates.render_md("plan.md.hbs", &PlanView::new(p, c, lang)),
        PlanFormat::Html => templates.render_html("plan.html.hbs", &PlanView::new(p, c, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_and_heat_classes() {
        assert_eq!(fmt_delta(messages("en"), Some(3.5)), "+3.5");
        assert_eq!(fmt_delta(messages("en"), Some(-2.0)), "−2.0");
        assert_eq!(fmt_delta(messages("en"), Some(0.0)), "0.0");
        assert_eq!(fmt_delta(messages("en"), None), "—");
        assert_eq!(heat(Some(0.0)), "h0");
        assert_eq!(heat(Some(59.9)), "h5");
        assert_eq!(heat(Some(100.0)), "h10");
        assert_eq!(heat(None), "na");
    }

    #[test]
    fn csv_cells_that_look_like_formulas_are_neutralised() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_text("-1"), "'-1");
        assert_eq!(csv_text("Bill 12/2025"), "Bill 12/2025");
    }
}
