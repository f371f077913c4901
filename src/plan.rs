//! What-if: which amendments matter most. Ranks the gaps of a bill by the score each fix (the
//! safeguard answered `yes`) would recover under a profile, and names the smallest set of fixes
//! that clears every red line and the smallest that reaches the next verdict band.
//!
//! Owns: the [`Plan`] result (documented by `schemas/plan.schema.json`), [`plan`] and
//! [`apply`]. Both sets are exact, not heuristics, for two reasons proven in `docs/compare.md`:
//!
//! 1. A fix only changes the answer of a safeguard. Whether an item applies depends only on the
//!    answers of powers (`applies_if` must name a power), so a fix changes no item's
//!    applicability, and therefore no other item's breach. A breach is cleared only by fixing
//!    that very item. Hence the smallest set that clears every red line is exactly the set of
//!    breached red lines, and it suffices.
//! 2. With applicability fixed, the overall score is a weighted mean of area means over a fixed
//!    set of items, so it is linear in the items' credits: each fix adds a gain of its own,
//!    independent of the others. The largest score reachable with k fixes is reached by the k
//!    largest gains, so taking the forced red-line fixes and then the largest gains one by one
//!    until the band is reached gives a smallest set. Each candidate set is scored by the real
//!    evaluator (rounding included), so the plan claims only what [`crate::evaluate`] confirms.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::checklist::Checklist;
use crate::evaluate::{evaluate, raw_score, round1};
use crate::model::{AnswerValue, AnswersFile, Severity};
use crate::result::{AssessmentInfo, ChecklistInfo, INCOMPATIBLE, Status, Tool};

/// The plan of fixes for one bill under one profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "salvaguarda plan")]
pub struct Plan {
    pub tool: Tool,
    pub checklist: ChecklistInfo,
    pub assessment: AssessmentInfo,
    /// The profile planned for.
    pub profile: String,
    /// The score now, 0 to 100.
    pub score: f64,
    /// The verdict now.
    pub verdict: String,
    /// Red lines breached now.
    pub red_line_breaches: Vec<String>,
    /// Every gap of the profile, the largest gain first.
    pub fixes: Vec<Fix>,
    /// The smallest set of fixes that clears every red line (empty when none is breached).
    pub clear_red_lines: Step,
    /// The smallest set of fixes that reaches the next verdict band, or null when the bill is
    /// already in the top band with no red line breached.
    pub next_band: Option<Target>,
}

/// One gap and what fixing it alone would recover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    pub id: String,
    pub area: String,
    pub severity: Option<Severity>,
    pub red_line: bool,
    /// Whether it is a red line breached now.
    pub breach: bool,
    /// The answer now (null when unanswered).
    pub answer: Option<AnswerValue>,
    pub status: Status,
    /// Points of overall score this fix alone recovers, rounded to one decimal.
    pub gain: f64,
    /// The overall score with this fix alone.
    pub score_after: f64,
}

/// A set of fixes and where it takes the bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The safeguards to fix, in the order of [`Plan::fixes`].
    pub items: Vec<String>,
    /// The score with these fixes.
    pub score: f64,
    /// The verdict with these fixes.
    pub verdict: String,
}

/// The next verdict band and the smallest set of fixes that reaches it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The verdict of the band aimed at.
    pub verdict: String,
    /// The band's lowest score.
    pub min: f64,
    pub step: Step,
}

/// The answers with each listed safeguard answered `yes` (note and evidence kept).
pub fn apply(answers: &AnswersFile, fixes: &[String]) -> AnswersFile {
    let mut out = answers.clone();
    for id in fixes {
        out.answers
            .entry(id.clone())
            .and_modify(|a| a.answer = AnswerValue::Yes)
            .or_insert_with(|| crate::model::Answer {
                answer: AnswerValue::Yes,
                note: None,
                evidence: Vec::new(),
            });
    }
    out
}

/// Plans the fixes for `answers` under `profile`. Panics if the profile is not the checklist's
/// (callers check it first, as for [`evaluate`]).
pub fn plan(
    checklist: &Checklist,
    answers: &AnswersFile,
    answers_sha256: &str,
    profile: &str,
) -> Plan {
    let report = evaluate(checklist, answers, answers_sha256, profile);
    let chosen = checklist
        .profile(profile)
        .expect("profile checked by the caller");
    let (base, _) = raw_score(checklist, answers, chosen);

    // Every gap of the profile, with its exact gain.
    let mut ranked: Vec<(f64, Fix)> = report
        .items
        .iter()
        .filter(|i| i.selected && i.status.is_gap())
        .map(|i| {
            let (after, _) = raw_score(
                checklist,
                &apply(answers, std::slice::from_ref(&i.id)),
                chosen,
            );
            let gain = after - base;
            (
                gain,
                Fix {
                    id: i.id.clone(),
                    area: i.area.clone(),
                    severity: i.severity,
                    red_line: i.red_line,
                    breach: i.breach,
                    answer: i.answer,
                    status: i.status,
                    gain: round1(gain) + 0.0,
                    score_after: round1(after),
                },
            )
        })
        .collect();
    // Largest gain first; then breaches, gravest severity, id.
    ranked.sort_by(|(ga, a), (gb, b)| {
        gb.total_cmp(ga)
            .then(b.breach.cmp(&a.breach))
            .then(a.severity.cmp(&b.severity))
            .then(a.id.cmp(&b.id))
    });
    let fixes: Vec<Fix> = ranked.into_iter().map(|(_, f)| f).collect();

    let step = |items: Vec<String>| -> Step {
        let r = evaluate(checklist, &apply(answers, &items), answers_sha256, profile);
        Step {
            items,
            score: r.score,
            verdict: r.verdict,
        }
    };
    let forced: Vec<String> = fixes
        .iter()
        .filter(|f| f.breach)
        .map(|f| f.id.clone())
        .collect();
    let clear_red_lines = step(forced.clone());

    // The next band: the lowest band above the current score's band; a breached bill must also
    // clear its red lines, so if its score already sits in the top band, that band is the aim.
    let mut bands: Vec<_> = chosen.bands.iter().collect();
    bands.sort_by(|a, b| a.min.total_cmp(&b.min));
    let current = bands
        .iter()
        .rposition(|b| report.score >= b.min)
        .unwrap_or(0);
    let aim = if report.verdict == INCOMPATIBLE {
        bands.get(current + 1).or(bands.get(current))
    } else {
        bands.get(current + 1)
    };
    let next_band = aim.map(|band| {
        let reaches = |s: &Step| s.verdict != INCOMPATIBLE && s.score >= band.min;
        let optional: Vec<&Fix> = fixes.iter().filter(|f| !f.breach).collect();
        let mut items = forced.clone();
        let mut s = clear_red_lines.clone();
        let mut next = optional.iter();
        while !reaches(&s) {
            match next.next() {
                Some(f) => items.push(f.id.clone()),
                // Every gap fixed: the score is 100 and every band is reached.
                None => break,
            }
            // Keep the order of `fixes` in the listed set.
            let mut ordered: Vec<String> = fixes
                .iter()
                .filter(|f| items.contains(&f.id))
                .map(|f| f.id.clone())
                .collect();
            ordered.dedup();
            s = step(ordered);
        }
        Target {
            verdict: band.verdict.clone(),
            min: band.min,
            step: s,
        }
    });

    Plan {
        tool: report.tool,
        checklist: report.checklist,
        assessment: report.assessment,
        profile: report.profile,
        score: report.score,
        verdict: report.verdict,
        red_line_breaches: report.red_line_breaches,
        fixes,
        clear_red_lines,
        next_band,
    }
}
