//! Comparing many assessments side by side: states × standards × areas.
//!
//! Owns: the comparison matrix ([`Comparison`], a contract for other tools documented by
//! `schemas/compare.schema.json`), the row of one assessment (built from the scores'
//! [`Summary`], and equal to the row built from its full [`Report`]), the sort orders, and the
//! parallel loading of many answers files ([`compare_files`]): each file is read, checked and
//! scored on a worker thread and only its row is kept, so memory grows with the table, not with
//! the files. A bad file does not stop the others: its diagnostics are returned beside the rows.
//!
//! Rendering lives in [`crate::report`]; the command line in `src/cli/compare.rs`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assess;
use crate::catalog::Catalog;
use crate::checklist::Checklist;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::evaluate::{Summary, summary};
use crate::model::Severity;
use crate::result::{ChecklistInfo, Report, Tool};

/// How rows are ordered.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum SortKey {
    /// By jurisdiction, then instrument, then date and version of the bill, then file: each
    /// state's versions together, oldest first.
    #[default]
    Jurisdiction,
    /// By score under the profile, highest first (then as `jurisdiction`).
    Score,
    /// By file name, as given.
    File,
}

/// Many assessments of one checklist, scored under one profile and compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "salvaguarda comparison")]
pub struct Comparison {
    /// The program that produced this comparison.
    pub tool: Tool,
    /// The checklist every row answers.
    pub checklist: ChecklistInfo,
    /// The profile whose score, verdict and area scores the rows show.
    pub profile: String,
    /// How the rows are ordered.
    pub sort: SortKey,
    /// Column order: every profile of the checklist, in checklist order.
    pub profiles: Vec<String>,
    /// Column order: the areas the profile scores, in checklist order.
    pub areas: Vec<String>,
    /// One row per assessment compared.
    pub rows: Vec<Row>,
    /// Files given that could not be compared; their diagnostics were printed to stderr.
    pub skipped: Vec<Skipped>,
}

/// The JSON Schema of `compare --format json`, as committed in `schemas/compare.schema.json`
/// (a test guards the drift).
pub fn schema() -> String {
    crate::schema::document(
        crate::schema::Kind::Compare,
        schemars::schema_for!(Comparison),
    )
}

/// One assessment in the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The answers file, as named on the command line.
    pub file: String,
    pub jurisdiction: String,
    pub instrument: String,
    /// The version of the bill assessed.
    pub version: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
    /// SHA-256 of the answers file, hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// The overall score under the profile, 0 to 100 (unknown answers count 0: the floor).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub score: f64,
    /// The score if every unknown or unanswered safeguard were `yes`.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub ceiling: f64,
    /// The verified share (0 to 1) of the applicable weight.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coverage: f64,
    /// The verdict under the profile (`incompatible` when a red line is breached,
    /// `undetermined` when one is not verified).
    pub verdict: String,
    /// The band's verdict for the score, whatever the red lines say.
    pub band: String,
    /// Red lines breached under the profile, by item id.
    pub red_line_breaches: Vec<String>,
    /// Red lines of the profile not verified (unknown or unanswered), by item id.
    pub red_lines_unverified: Vec<String>,
    /// Critical safeguards of the profile not fully met, by item id.
    pub critical_gaps: Vec<String>,
    /// Safeguards of the profile that apply and are not fully met.
    pub gaps: usize,
    /// Every profile's score and verdict, in the order of [`Comparison::profiles`].
    pub profiles: Vec<ProfileCell>,
    /// The profile's area scores, in the order of [`Comparison::areas`].
    pub areas: Vec<AreaCell>,
}

/// One profile's figures in a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileCell {
    pub id: String,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub score: f64,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub ceiling: f64,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coverage: f64,
    pub verdict: String,
    /// How many red lines this profile finds breached.
    pub red_line_breaches: usize,
    /// How many of its red lines are not verified.
    pub red_lines_unverified: usize,
}

/// One area's score in a row (null when no safeguard of the area applies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaCell {
    pub id: String,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub score: Option<f64>,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub ceiling: Option<f64>,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coverage: Option<f64>,
}

/// A file that could not be compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Skipped {
    pub file: String,
    /// How many errors it has.
    pub errors: usize,
    /// The code of its first error (see docs/diagnostics.md).
    pub code: String,
}

impl Row {
    /// The row of an assessment from its summary (what [`compare_files`] uses: it skips the
    /// per-item details a [`Report`] carries). Equal to [`Row::new`] of its report.
    pub fn from_summary(
        file: &str,
        a: &crate::model::Assessment,
        sha256: &str,
        s: Summary,
    ) -> Self {
        Row {
            file: file.to_string(),
            jurisdiction: a.jurisdiction.clone(),
            instrument: a.instrument.clone(),
            version: a.version.clone(),
            assessor: a.assessor.clone(),
            date: a.date.clone(),
            sha256: sha256.to_string(),
            score: s.score,
            ceiling: s.ceiling,
            coverage: s.coverage,
            verdict: s.verdict,
            band: s.band,
            red_line_breaches: s.red_line_breaches,
            red_lines_unverified: s.red_lines_unverified,
            critical_gaps: s.critical_gaps,
            gaps: s.gaps,
            profiles: s
                .profiles
                .into_iter()
                .map(|p| ProfileCell {
                    id: p.id,
                    score: p.score,
                    ceiling: p.ceiling,
                    coverage: p.coverage,
                    verdict: p.verdict,
                    red_line_breaches: p.red_line_breaches.len(),
                    red_lines_unverified: p.red_lines_unverified.len(),
                })
                .collect(),
            areas: s
                .areas
                .into_iter()
                .map(|a| AreaCell {
                    id: a.id,
                    score: a.score,
                    ceiling: a.ceiling,
                    coverage: a.coverage,
                })
                .collect(),
        }
    }

    /// The row of a scored assessment.
    pub fn new(file: &str, r: &Report) -> Self {
        let a = &r.assessment;
        Row {
            file: file.to_string(),
            jurisdiction: a.jurisdiction.clone(),
            instrument: a.instrument.clone(),
            version: a.version.clone(),
            assessor: a.assessor.clone(),
            date: a.date.clone(),
            sha256: a.sha256.clone(),
            score: r.score,
            ceiling: r.ceiling,
            coverage: r.coverage,
            verdict: r.verdict.clone(),
            band: r.band.clone(),
            red_line_breaches: r.red_line_breaches.clone(),
            red_lines_unverified: r.red_lines_unverified.clone(),
            critical_gaps: r
                .items
                .iter()
                .filter(|i| {
                    i.selected && i.severity == Some(Severity::Critical) && i.status.is_gap()
                })
                .map(|i| i.id.clone())
                .collect(),
            gaps: r
                .items
                .iter()
                .filter(|i| i.selected && i.status.is_gap())
                .count(),
            profiles: r
                .profiles
                .iter()
                .map(|p| ProfileCell {
                    id: p.id.clone(),
                    score: p.score,
                    ceiling: p.ceiling,
                    coverage: p.coverage,
                    verdict: p.verdict.clone(),
                    red_line_breaches: p.red_line_breaches.len(),
                    red_lines_unverified: p.red_lines_unverified.len(),
                })
                .collect(),
            areas: r
                .areas
                .iter()
                .map(|a| AreaCell {
                    id: a.id.clone(),
                    score: a.score,
                    ceiling: a.ceiling,
                    coverage: a.coverage,
                })
                .collect(),
        }
    }
}

/// Orders rows; ties always end on the file name, so the order never depends on the order the
/// files were given in or finished in.
pub fn sort_rows(rows: &mut [Row], key: SortKey) {
    let by_bill = |a: &Row, b: &Row| {
        (
            &a.jurisdiction,
            &a.instrument,
            a.date.is_none(),
            &a.date,
            &a.version,
            &a.file,
        )
            .cmp(&(
                &b.jurisdiction,
                &b.instrument,
                b.date.is_none(),
                &b.date,
                &b.version,
                &b.file,
            ))
    };
    match key {
        SortKey::Jurisdiction => rows.sort_by(by_bill),
        SortKey::Score => rows.sort_by(|a, b| b.score.total_cmp(&a.score).then(by_bill(a, b))),
        SortKey::File => rows.sort_by(|a, b| a.file.cmp(&b.file)),
    }
}

/// What became of one file.
#[derive(Debug)]
pub enum Outcome {
    /// Compared; with its warnings, if any.
    Row(Box<Row>, Diagnostics),
    /// Not compared: its diagnostics say why.
    Failed(String, Diagnostics),
}

/// The checklist the files answer: `explicit` (an id or a folder) if given, otherwise the one
/// the first file names. Returns diagnostics when it cannot be found or is invalid.
pub fn checklist_for(
    files: &[PathBuf],
    catalog: &Catalog,
    explicit: Option<&str>,
) -> Result<Arc<Checklist>, Diagnostics> {
    let name = match explicit {
        Some(n) => n.to_string(),
        None => {
            #[derive(Deserialize)]
            struct Header {
                assessment: Named,
            }
            #[derive(Deserialize)]
            struct Named {
                checklist: String,
            }
            // The first file that names a checklist decides; the others are checked against it.
            let named = files.iter().find_map(|p| {
                let text = crate::input::read_source(p, crate::input::Kind::Answers)
                    .ok()?
                    .text;
                toml::from_str::<Header>(&text)
                    .ok()
                    .map(|h| h.assessment.checklist)
            });
            match named {
                Some(n) => n,
                None => {
                    // Say why with the first file's own diagnostics.
                    let mut d = Diagnostics::new();
                    match files
                        .first()
                        .map(|p| (p, crate::input::read_source(p, crate::input::Kind::Answers)))
                    {
                        Some((_, Err(e))) => d.push(*e),
                        Some((_, Ok(f))) => {
                            d.extend(assess::load(f, catalog, None, &[]).1.iter().cloned())
                        }
                        None => {}
                    }
                    d.push(Diagnostic::error(
                        Code::MissingKey,
                        crate::i18n::tr("diag_compare_no_checklist", &[]),
                    ));
                    return Err(d);
                }
            }
        }
    };
    let (c, diags) = if Path::new(&name).is_dir() {
        crate::catalog::load_dir(Path::new(&name))
    } else {
        catalog.load(&name)
    };
    match c {
        Some(c) if !diags.has_errors() => Ok(Arc::new(c)),
        _ => Err(diags),
    }
}

/// Reads, checks and scores every file in parallel, calling `on_done` after each. Files that
/// answer another checklist than `checklist` fail with `checklist-mismatch`. The outcomes come
/// back in the order of `files`.
pub fn compare_files(
    files: &[PathBuf],
    catalog: &Catalog,
    checklist: &Arc<Checklist>,
    profile: &str,
    on_done: &(dyn Fn() + Sync),
) -> Vec<Outcome> {
    let preloaded = std::slice::from_ref(checklist);
    files
        .par_iter()
        .map(|path| {
            let out = one_file(path, catalog, checklist, preloaded, profile);
            on_done();
            out
        })
        .collect()
}

fn one_file(
    path: &Path,
    catalog: &Catalog,
    checklist: &Arc<Checklist>,
    preloaded: &[Arc<Checklist>],
    profile: &str,
) -> Outcome {
    let name = crate::input::display_name(path);
    let file = match crate::input::read_source(path, crate::input::Kind::Answers) {
        Ok(f) => f,
        Err(e) => {
            let mut d = Diagnostics::new();
            d.push(*e);
            return Outcome::Failed(name, d);
        }
    };
    // Naming the checklist makes a file for another one fail with `checklist-mismatch`.
    let (a, diags) = assess::load(file, catalog, Some(&checklist.header.id), preloaded);
    match a {
        Some(a) if !diags.has_errors() => {
            let s = summary(&a.checklist, &a.answers, profile);
            let row = Row::from_summary(&name, &a.answers.assessment, &a.sha256, s);
            Outcome::Row(Box::new(row), diags)
        }
        _ => Outcome::Failed(name, diags),
    }
}

/// Assembles the comparison from the outcomes: rows sorted by `sort`, failed files listed as
/// skipped. Returns the diagnostics of every file, in file order.
pub fn assemble(
    outcomes: Vec<Outcome>,
    checklist: &Checklist,
    profile: &str,
    sort: SortKey,
) -> (Comparison, Diagnostics) {
    let mut rows = Vec::with_capacity(outcomes.len());
    let mut skipped = Vec::new();
    let mut diags = Diagnostics::new();
    for o in outcomes {
        match o {
            Outcome::Row(r, d) => {
                rows.push(*r);
                diags.extend(d.iter().cloned());
            }
            Outcome::Failed(file, d) => {
                let (errors, _) = d.counts();
                let code = d
                    .sorted()
                    .into_iter()
                    .find(|x| x.level == crate::diag::Level::Error)
                    .map(|x| x.code.as_str().to_string())
                    .unwrap_or_default();
                skipped.push(Skipped { file, errors, code });
                diags.extend(d.iter().cloned());
            }
        }
    }
    sort_rows(&mut rows, sort);
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    let chosen = checklist.profile(profile);
    let areas = checklist
        .areas
        .iter()
        .filter(|area| {
            chosen.is_some_and(|p| {
                checklist
                    .items
                    .iter()
                    .any(|i| i.area == area.id && checklist.selects(p, i))
            })
        })
        .map(|a| a.id.clone())
        .collect();
    let comparison = Comparison {
        tool: Tool {
            name: "salvaguarda".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        checklist: ChecklistInfo {
            id: checklist.header.id.clone(),
            version: checklist.header.version.clone(),
            sha256: checklist.sha256.clone(),
            title: checklist.header.title.clone(),
        },
        profile: profile.to_string(),
        sort,
        profiles: checklist.profiles.iter().map(|p| p.id.clone()).collect(),
        areas,
        rows,
        skipped,
    };
    (comparison, diags)
}
