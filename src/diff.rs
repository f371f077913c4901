//! What changed between two assessments of a bill: two versions of it (what the amendments
//! did), or two assessors of the same version (where they disagree).
//!
//! Owns: the [`Diff`] result (a contract for other tools, documented by
//! `schemas/diff.schema.json`) and [`diff`], a pure function of two [`Report`]s scored under the
//! same checklist and profile. A diff of a report with itself is empty ([`Diff::is_empty`]),
//! and `diff(b, a)` is the mirror of `diff(a, b)` ([`Diff::mirror`]): both are property-tested.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::evaluate::round1;
use crate::model::{AnswerValue, Evidence, ItemKind, Severity};
use crate::result::{AssessmentInfo, ChecklistInfo, ItemResult, Report, Status, Tool};

/// What the two assessments are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Two versions of a bill: what changed from the old to the new.
    Versions,
    /// Two assessors of the same bill: where they disagree (`old` is the first assessor).
    Assessors,
}

/// The differences between two assessments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "salvaguarda diff")]
pub struct Diff {
    pub tool: Tool,
    pub checklist: ChecklistInfo,
    /// The profile both were scored under.
    pub profile: String,
    pub mode: Mode,
    /// The first file (the old version, or the first assessor).
    pub old: AssessmentInfo,
    /// The second file (the new version, or the second assessor).
    pub new: AssessmentInfo,
    /// The overall score under the profile.
    pub score: ScoreChange,
    /// The score if every unknown or unanswered safeguard were `yes`.
    pub ceiling: ScoreChange,
    /// The verified share of the applicable weight (0 to 1; delta rounded to 0.001).
    pub coverage: ScoreChange,
    /// The verdict under the profile.
    pub verdict: VerdictChange,
    /// Every profile's score and verdict, in checklist order.
    pub profiles: Vec<ProfileChange>,
    /// The profile's area scores, in checklist order.
    pub areas: Vec<AreaChange>,
    /// Red lines breached in `old` and not in `new`, under the profile.
    pub red_lines_cleared: Vec<String>,
    /// Red lines breached in `new` and not in `old`, under the profile.
    pub red_lines_breached: Vec<String>,
    /// Red lines not verified in `old` and verified (met or breached) in `new`.
    pub red_lines_verified: Vec<String>,
    /// Red lines not verified in `new` that were verified in `old`.
    pub red_lines_unverified: Vec<String>,
    /// Safeguards not fully met in `old` and met in `new`.
    pub gained: Vec<String>,
    /// Safeguards met in `old` and not fully met in `new`.
    pub lost: Vec<String>,
    /// Every item whose answer or status differs, in checklist order.
    pub changes: Vec<ItemChange>,
}

/// The JSON Schema of `diff --format json`, as committed in `schemas/diff.schema.json`
/// (a test guards the drift).
pub fn schema() -> String {
    crate::schema::document(crate::schema::Kind::Diff, schemars::schema_for!(Diff))
}

/// A score before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreChange {
    pub old: f64,
    pub new: f64,
    /// `new - old`, rounded to one decimal.
    pub delta: f64,
}

/// A verdict before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictChange {
    pub old: String,
    pub new: String,
}

/// One profile before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    pub id: String,
    pub score: ScoreChange,
    pub ceiling: ScoreChange,
    pub coverage: ScoreChange,
    pub verdict: VerdictChange,
}

/// One area before and after (a score is null where no safeguard of the area applies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaChange {
    pub id: String,
    pub old: Option<f64>,
    pub new: Option<f64>,
    /// `new - old`, or null when either is null.
    pub delta: Option<f64>,
}

/// Whether a change helps the bill under the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// The item scores more (or a breach is cleared).
    Better,
    /// The item scores less (or a breach appears).
    Worse,
    /// The score does not move: a power, an excluded item, or an equal score.
    Neutral,
}

impl Direction {
    fn mirror(self) -> Self {
        match self {
            Direction::Better => Direction::Worse,
            Direction::Worse => Direction::Better,
            Direction::Neutral => Direction::Neutral,
        }
    }
}

/// One item on one side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// The answer given, or null when unanswered.
    pub answer: Option<AnswerValue>,
    pub status: Status,
    /// The item's score, 0 to 100, or null when it is excluded or a power.
    pub score: Option<f64>,
    /// Whether it is a red line breached under the profile.
    pub breach: bool,
    pub note: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// An item whose answer or status differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemChange {
    pub id: String,
    pub kind: ItemKind,
    pub area: String,
    pub severity: Option<Severity>,
    pub red_line: bool,
    /// Whether the profile scores this item.
    pub selected: bool,
    pub direction: Direction,
    pub old: Side,
    pub new: Side,
}

/// `new - old` rounded to one decimal, never `-0`.
fn delta(old: f64, new: f64) -> f64 {
    round1(new - old) + 0.0
}

fn side(i: &ItemResult) -> Side {
    Side {
        answer: i.answer,
        status: i.status,
        score: i.score,
        breach: i.breach,
        note: i.note.clone(),
        evidence: i.evidence.iter().map(Into::into).collect(),
    }
}

fn direction(old: &ItemResult, new: &ItemResult) -> Direction {
    if old.breach != new.breach {
        return if new.breach {
            Direction::Worse
        } else {
            Direction::Better
        };
    }
    if !(old.selected && new.selected) {
        return Direction::Neutral;
    }
    match (old.score, new.score) {
        (Some(a), Some(b)) if b > a => Direction::Better,
        (Some(a), Some(b)) if b < a => Direction::Worse,
        _ => Direction::Neutral,
    }
}

/// A share before and after, the delta rounded to a thousandth.
fn share_change(old: f64, new: f64) -> ScoreChange {
    ScoreChange {
        old,
        new,
        delta: ((new - old) * 1000.0).round() / 1000.0 + 0.0,
    }
}

/// Which mode fits two assessments: `assessors` when they assess the same jurisdiction,
/// instrument and version and name different assessors, `versions` otherwise.
pub fn guess_mode(old: &AssessmentInfo, new: &AssessmentInfo) -> Mode {
    if old.jurisdiction == new.jurisdiction
        && old.instrument == new.instrument
        && old.version == new.version
        && old.assessor != new.assessor
    {
        Mode::Assessors
    } else {
        Mode::Versions
    }
}

/// The differences from `old` to `new`. Both must be scored under the same checklist and
/// profile (the caller checks; items are matched by id).
pub fn diff(old: &Report, new: &Report, mode: Mode) -> Diff {
    let profiles = old
        .profiles
        .iter()
        .filter_map(|o| {
            let n = new.profiles.iter().find(|n| n.id == o.id)?;
            Some(ProfileChange {
                id: o.id.clone(),
                score: ScoreChange {
                    old: o.score,
                    new: n.score,
                    delta: delta(o.score, n.score),
                },
                ceiling: ScoreChange {
                    old: o.ceiling,
                    new: n.ceiling,
                    delta: delta(o.ceiling, n.ceiling),
                },
                coverage: share_change(o.coverage, n.coverage),
                verdict: VerdictChange {
                    old: o.verdict.clone(),
                    new: n.verdict.clone(),
                },
            })
        })
        .collect();
    let mut area_ids: Vec<&str> = old.areas.iter().map(|a| a.id.as_str()).collect();
    for a in &new.areas {
        if !area_ids.contains(&a.id.as_str()) {
            area_ids.push(&a.id);
        }
    }
    let areas = area_ids
        .into_iter()
        .map(|id| {
            let o = old.areas.iter().find(|a| a.id == id).and_then(|a| a.score);
            let n = new.areas.iter().find(|a| a.id == id).and_then(|a| a.score);
            AreaChange {
                id: id.to_string(),
                old: o,
                new: n,
                delta: o.zip(n).map(|(o, n)| delta(o, n)),
            }
        })
        .collect();
    let not_in = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|x| !b.contains(x)).cloned().collect()
    };
    let mut gained = Vec::new();
    let mut lost = Vec::new();
    let mut changes = Vec::new();
    for o in &old.items {
        let Some(n) = new.items.iter().find(|n| n.id == o.id) else {
            continue;
        };
        if o.kind == ItemKind::Safeguard {
            if o.status.is_gap() && n.status == Status::Met {
                gained.push(o.id.clone());
            }
            if o.status == Status::Met && n.status.is_gap() {
                lost.push(o.id.clone());
            }
        }
        if o.answer != n.answer || o.status != n.status {
            changes.push(ItemChange {
                id: o.id.clone(),
                kind: o.kind,
                area: o.area.clone(),
                severity: o.severity,
                red_line: o.red_line,
                selected: o.selected,
                direction: direction(o, n),
                old: side(o),
                new: side(n),
            });
        }
    }
    Diff {
        tool: new.tool.clone(),
        checklist: new.checklist.clone(),
        profile: new.profile.clone(),
        mode,
        old: old.assessment.clone(),
        new: new.assessment.clone(),
        score: ScoreChange {
            old: old.score,
            new: new.score,
            delta: delta(old.score, new.score),
        },
        ceiling: ScoreChange {
            old: old.ceiling,
            new: new.ceiling,
            delta: delta(old.ceiling, new.ceiling),
        },
        coverage: share_change(old.coverage, new.coverage),
        verdict: VerdictChange {
            old: old.verdict.clone(),
            new: new.verdict.clone(),
        },
        profiles,
        areas,
        red_lines_cleared: not_in(&old.red_line_breaches, &new.red_line_breaches),
        red_lines_breached: not_in(&new.red_line_breaches, &old.red_line_breaches),
        red_lines_verified: not_in(&old.red_lines_unverified, &new.red_lines_unverified),
        red_lines_unverified: not_in(&new.red_lines_unverified, &old.red_lines_unverified),
        gained,
        lost,
        changes,
    }
}

impl Diff {
    /// Whether nothing differs: no item changed, and no score, verdict or red line moved.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.gained.is_empty()
            && self.lost.is_empty()
            && self.red_lines_cleared.is_empty()
            && self.red_lines_breached.is_empty()
            && self.red_lines_verified.is_empty()
            && self.red_lines_unverified.is_empty()
            && self.score.delta == 0.0
            && self.ceiling.delta == 0.0
            && self.coverage.delta == 0.0
            && self.verdict.old == self.verdict.new
            && self.profiles.iter().all(|p| {
                p.score.delta == 0.0
                    && p.ceiling.delta == 0.0
                    && p.coverage.delta == 0.0
                    && p.verdict.old == p.verdict.new
            })
            && self.areas.iter().all(|a| a.old == a.new)
    }

    /// The same differences seen from the other side: what `diff(new, old)` returns.
    pub fn mirror(&self) -> Diff {
        let score = |s: &ScoreChange| ScoreChange {
            old: s.new,
            new: s.old,
            delta: -s.delta + 0.0,
        };
        let verdict = |v: &VerdictChange| VerdictChange {
            old: v.new.clone(),
            new: v.old.clone(),
        };
        Diff {
            tool: self.tool.clone(),
            checklist: self.checklist.clone(),
            profile: self.profile.clone(),
            mode: self.mode,
            old: self.new.clone(),
            new: self.old.clone(),
            score: score(&self.score),
            ceiling: score(&self.ceiling),
            coverage: score(&self.coverage),
            verdict: verdict(&self.verdict),
            profiles: self
                .profiles
                .iter()
                .map(|p| ProfileChange {
                    id: p.id.clone(),
                    score: score(&p.score),
                    ceiling: score(&p.ceiling),
                    coverage: score(&p.coverage),
                    verdict: verdict(&p.verdict),
                })
                .collect(),
            areas: self
                .areas
                .iter()
                .map(|a| AreaChange {
                    id: a.id.clone(),
                    old: a.new,
                    new: a.old,
                    delta: a.delta.map(|d| -d + 0.0),
                })
                .collect(),
            red_lines_cleared: self.red_lines_breached.clone(),
            red_lines_breached: self.red_lines_cleared.clone(),
            red_lines_verified: self.red_lines_unverified.clone(),
            red_lines_unverified: self.red_lines_verified.clone(),
            gained: self.lost.clone(),
            lost: self.gained.clone(),
            changes: self
                .changes
                .iter()
                .map(|c| ItemChange {
                    direction: c.direction.mirror(),
                    old: c.new.clone(),
                    new: c.old.clone(),
                    ..c.clone()
                })
                .collect(),
        }
    }
}
