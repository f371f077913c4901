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
use crate::result::{AssessmentInfo, ChecklistInfo, INCOMPATIBLE, Status, Tool, UNDETERMINED};

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
    /// Red lines not verified now (unknown or unanswered).
    pub red_lines_unverified: Vec<String>,
    /// Safeguards answered unknown (or not at all) whose answer could change the verdict: each
    /// with the verdict if it were answered yes and if no, the red lines first, then the
    /// largest swing of score.
    pub verify_first: Vec<Verify>,
}

/// The JSON Schema of `plan --format json`, as committed in `schemas/plan.schema.json`
/// (a test guards the drift).
pub fn schema() -> String {
    crate::schema::document(crate::schema::Kind::Plan, schemars::schema_for!(Plan))
}

/// An unknown answer whose verification could change the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verify {
    pub id: String,
    pub area: String,
    pub severity: Option<Severity>,
    /// Whether it is a red line under the profile.
    pub red_line: bool,
    /// The score and verdict if it were answered yes (the others as they are).
    pub score_if_yes: f64,
    pub verdict_if_yes: String,
    /// The score and verdict if it were answered no.
    pub score_if_no: f64,
    pub verdict_if_no: String,
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
    apply_answer(answers, fixes, AnswerValue::Yes)
}

/// The answers with each listed item answered `value` (note and evidence kept).
fn apply_answer(answers: &AnswersFile, ids: &[String], value: AnswerValue) -> AnswersFile {
    let mut out = answers.clone();
    for id in ids {
        out.answers
            .entry(id.clone())
            .and_modify(|a| a.answer = value)
            .or_insert_with(|| crate::model::Answer {
                answer: value,
                note: None,
                evidence: Vec::new(),
            });
    }
    out
}

/// The unknown (or unanswered) safeguards of the profile whose answer could change the
/// verdict: answered yes and answered no, the others as they are, they give different verdicts.
fn verify_first(
    checklist: &Checklist,
    answers: &AnswersFile,
    report: &crate::result::Report,
) -> Vec<Verify> {
    let mut out: Vec<(f64, Verify)> = report
        .items
        .iter()
        .filter(|i| i.selected && matches!(i.status, Status::Unverified | Status::Unanswered))
        .filter_map(|i| {
            let one = std::slice::from_ref(&i.id);
            let yes = evaluate(
                checklist,
                &apply_answer(answers, one, AnswerValue::Yes),
                "",
                &report.profile,
            );
            let no = evaluate(
                checklist,
                &apply_answer(answers, one, AnswerValue::No),
                "",
                &report.profile,
            );
            (yes.verdict != no.verdict).then(|| {
                (
                    yes.score - no.score,
                    Verify {
                        id: i.id.clone(),
                        area: i.area.clone(),
                        severity: i.severity,
                        red_line: i.red_line,
                        score_if_yes: yes.score,
                        verdict_if_yes: yes.verdict,
                        score_if_no: no.score,
                        verdict_if_no: no.verdict,
                    },
                )
            })
        })
        .collect();
    out.sort_by(|(sa, a), (sb, b)| {
        b.red_line
            .cmp(&a.red_line)
            .then(sb.total_cmp(sa))
            .then(a.severity.cmp(&b.severity))
            .then(a.id.cmp(&b.id))
    });
    out.into_iter().map(|(_, v)| v).collect()
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
    // To reach a band, unverified red lines must be verified too: the band's verdict is given
    // only when every red line is verified. They are fixed (answered yes) like breaches.
    let unverified: Vec<String> = report
        .items
        .iter()
        .filter(|i| i.unverified_red_line)
        .map(|i| i.id.clone())
        .collect();
    let forced_band: Vec<String> = fixes
        .iter()
        .filter(|f| f.breach || unverified.contains(&f.id))
        .map(|f| f.id.clone())
        .collect();

    // The next band: the lowest band above the current score's band; a breached bill must also
    // clear its red lines, so if its score already sits in the top band, that band is the aim.
    let mut bands: Vec<_> = chosen.bands.iter().collect();
    bands.sort_by(|a, b| a.min.total_cmp(&b.min));
    let current = bands
        .iter()
        .rposition(|b| report.score >= b.min)
        .unwrap_or(0);
    let aim = if report.verdict == INCOMPATIBLE || report.verdict == UNDETERMINED {
        bands.get(current + 1).or(bands.get(current))
    } else {
        bands.get(current + 1)
    };
    let next_band = aim.map(|band| {
        let reaches = |s: &Step| {
            s.verdict != INCOMPATIBLE && s.verdict != UNDETERMINED && s.score >= band.min
        };
        let optional: Vec<&Fix> = fixes
            .iter()
            .filter(|f| !forced_band.contains(&f.id))
            .collect();
        let mut items = forced_band.clone();
        let mut s = step(forced_band.clone());
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

    let verify_first = verify_first(checklist, answers, &report);
    Plan {
        tool: report.tool,
        checklist: report.checklist,
        assessment: report.assessment,
        profile: report.profile,
        score: report.score,
        verdict: report.verdict,
        verify_first,
        red_line_breaches: report.red_line_breaches,
        red_lines_unverified: report.red_lines_unverified,
        fixes,
        clear_red_lines,
        next_band,
    }
}
