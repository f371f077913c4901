//! Scoring: a pure function from a checklist and an answers file to a [`Report`].
//!
//! Owns: answer values, partial credit, `applies_if`, weighted area and overall scores, red
//! lines, verdict bands, lens scores, and every profile's score. No I/O and no printing.
//! The rules are documented in `docs/scoring.md` and property-tested in `tests/`.

use crate::checklist::Checklist;
use crate::model::{AnswerValue, AnswersFile, Item, ItemKind, Profile};
use crate::result::{
    AreaScore, AssessmentInfo, ChecklistInfo, Counts, INCOMPATIBLE, ItemResult, LensScore,
    ProfileScore, Report, Status, Tool,
};

/// Whether an item applies to the bill: it has no `applies_if`, or one of the powers it names
/// applies and was answered one of the listed values or is not known yet (unknown or
/// unanswered: the safeguard is kept until the power is shown to be absent).
pub fn applies(checklist: &Checklist, answers: &AnswersFile, item: &Item) -> bool {
    let Some(cond) = &item.applies_if else {
        return true;
    };
    cond.item.as_slice().iter().any(|power_id| {
        if let Some(power) = checklist.item(power_id)
            && !applies(checklist, answers, power)
        {
            return false;
        }
        match answers.answers.get(power_id).map(|a| a.answer) {
            None | Some(AnswerValue::Unknown) => true,
            Some(v) => cond.answer.as_slice().contains(&v),
        }
    })
}

/// The status of an item, and its credit (0 to 1) when it is scored.
pub fn outcome(checklist: &Checklist, answers: &AnswersFile, item: &Item) -> (Status, Option<f64>) {
    let answer = answers.answers.get(&item.id).map(|a| a.answer);
    if item.kind == ItemKind::Power {
        let status = if !applies(checklist, answers, item) {
            Status::PowerAbsent
        } else {
            match answer {
                Some(AnswerValue::Yes | AnswerValue::Partial) => Status::PowerCreated,
                Some(AnswerValue::No | AnswerValue::NotApplicable) => Status::PowerAbsent,
                Some(AnswerValue::Unknown) | None => Status::PowerUndetermined,
            }
        };
        return (status, None);
    }
    if !applies(checklist, answers, item) {
        return (Status::NotTriggered, None);
    }
    match answer {
        Some(AnswerValue::Yes) => (Status::Met, Some(1.0)),
        Some(AnswerValue::Partial) => (Status::Partial, Some(item.partial_credit)),
        Some(AnswerValue::No) => (Status::Gap, Some(0.0)),
        Some(AnswerValue::Unknown) => (Status::Unverified, Some(0.0)),
        Some(AnswerValue::NotApplicable) => (Status::NotApplicable, None),
        None => (Status::Unanswered, Some(0.0)),
    }
}

/// Rounds a score to one decimal, so that equal inputs print equal numbers whatever the
/// summation order, and every format shows the same figure.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

struct Scored<'a> {
    item: &'a Item,
    status: Status,
    credit: Option<f64>,
    weight: f64,
    selected: bool,
    breach: bool,
}

struct ProfileEval<'a> {
    score: f64,
    verdict: String,
    breaches: Vec<String>,
    areas: Vec<AreaScore>,
    lenses: Vec<LensScore>,
    counts: Counts,
    items: Vec<Scored<'a>>,
}

fn weighted_mean(mut parts: Vec<(&str, f64, f64)>) -> Option<f64> {
    // Sum in id order so that the order of items in the files cannot change the last bits.
    parts.sort_by(|a, b| a.0.cmp(b.0));
    let total: f64 = parts.iter().map(|p| p.1).sum();
    (total > 0.0).then(|| parts.iter().map(|p| p.1 * p.2).sum::<f64>() / total)
}

fn score_profile<'a>(
    checklist: &'a Checklist,
    outcomes: &[(Status, Option<f64>)],
    profile: &Profile,
) -> ProfileEval<'a> {
    let items: Vec<Scored<'a>> = checklist
        .items
        .iter()
        .zip(outcomes)
        .map(|(item, &(status, credit))| {
            let selected = checklist.selects(profile, item);
            let weight = profile
                .weights
                .get(&item.id)
                .copied()
                .unwrap_or(item.weight);
            let breach = selected
                && item.red_line
                && matches!(
                    status,
                    Status::Gap | Status::Unverified | Status::Unanswered
                );
            Scored {
                item,
                status,
                credit,
                weight,
                selected,
                breach,
            }
        })
        .collect();

    let mut areas = Vec::new();
    let mut area_parts = Vec::new();
    for area in &checklist.areas {
        let scored: Vec<&Scored> = items
            .iter()
            .filter(|s| s.selected && s.item.area == area.id && s.credit.is_some())
            .collect();
        let score = weighted_mean(
            scored
                .iter()
                .map(|s| (s.item.id.as_str(), s.weight, s.credit.unwrap_or(0.0)))
                .collect(),
        )
        .map(|m| m * 100.0);
        let weight = profile
            .area_weights
            .get(&area.id)
            .copied()
            .unwrap_or(area.weight);
        if let Some(sc) = score {
            area_parts.push((area.id.as_str(), weight, sc));
        }
        // Only areas that hold a selected safeguard are listed under this profile.
        let has_selected = items.iter().any(|s| s.selected && s.item.area == area.id);
        if has_selected {
            areas.push(AreaScore {
                id: area.id.clone(),
                score: score.map(round1),
                weight,
                applicable: scored.len(),
                gaps: scored.iter().filter(|s| s.status.is_gap()).count(),
            });
        }
    }
    let score = round1(weighted_mean(area_parts).unwrap_or(100.0));

    let breaches: Vec<String> = items
        .iter()
        .filter(|s| s.breach)
        .map(|s| s.item.id.clone())
        .collect();
    let verdict = if breaches.is_empty() {
        let mut bands: Vec<_> = profile.bands.iter().collect();
        bands.sort_by(|a, b| b.min.total_cmp(&a.min));
        bands
            .iter()
            .find(|b| score >= b.min)
            .map(|b| b.verdict.clone())
            .unwrap_or_default()
    } else {
        INCOMPATIBLE.to_string()
    };

    let lenses = checklist
        .tags
        .iter()
        .filter(|t| t.lens)
        .map(|t| {
            let parts: Vec<_> = items
                .iter()
                .filter(|s| s.selected && s.credit.is_some() && s.item.tags.contains(&t.id))
                .map(|s| (s.item.id.as_str(), s.weight, s.credit.unwrap_or(0.0)))
                .collect();
            LensScore {
                tag: t.id.clone(),
                applicable: parts.len(),
                score: weighted_mean(parts).map(|m| round1(m * 100.0)),
            }
        })
        .collect();

    let mut counts = Counts::default();
    for s in items.iter().filter(|s| s.selected) {
        match s.status {
            Status::Met => counts.met += 1,
            Status::Partial => counts.partial += 1,
            Status::Gap => counts.gap += 1,
            Status::Unverified => counts.unverified += 1,
            Status::Unanswered => counts.unanswered += 1,
            Status::NotApplicable => counts.not_applicable += 1,
            Status::NotTriggered => counts.not_triggered += 1,
            _ => {}
        }
        if s.credit.is_some() {
            counts.applicable += 1;
        }
    }

    ProfileEval {
        score,
        verdict,
        breaches,
        areas,
        lenses,
        counts,
        items,
    }
}

/// Scores an answers file under a profile. `answers_sha256` is the digest of the answers
/// file's text. Panics if `profile` is not a profile of the checklist: callers check it first.
pub fn evaluate(
    checklist: &Checklist,
    answers: &AnswersFile,
    answers_sha256: &str,
    profile: &str,
) -> Report {
    let chosen = checklist
        .profile(profile)
        .expect("profile checked by the caller");
    let outcomes: Vec<(Status, Option<f64>)> = checklist
        .items
        .iter()
        .map(|item| outcome(checklist, answers, item))
        .collect();
    let eval = score_profile(checklist, &outcomes, chosen);

    let profiles = checklist
        .profiles
        .iter()
        .map(|p| {
            let e = score_profile(checklist, &outcomes, p);
            ProfileScore {
                id: p.id.clone(),
                score: e.score,
                verdict: e.verdict,
                red_line_breaches: e.breaches,
                applicable: e.counts.applicable,
                gaps: e
                    .items
                    .iter()
                    .filter(|s| s.selected && s.credit.is_some() && s.status.is_gap())
                    .count(),
            }
        })
        .collect();

    let items = eval
        .items
        .iter()
        .map(|s| {
            let given = answers.answers.get(&s.item.id);
            ItemResult {
                id: s.item.id.clone(),
                kind: s.item.kind,
                area: s.item.area.clone(),
                answer: given.map(|a| a.answer),
                status: s.status,
                score: s.credit.map(|c| round1(c * 100.0)),
                weight: s.weight,
                severity: s.item.severity,
                red_line: s.item.red_line,
                selected: s.selected,
                breach: s.breach,
                note: given
                    .and_then(|a| a.note.clone())
                    .filter(|n| !n.trim().is_empty()),
                evidence: given.map(|a| a.evidence.clone()).unwrap_or_default(),
                cites: s.item.cites.clone(),
            }
        })
        .collect();

    let a = &answers.assessment;
    Report {
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
        assessment: AssessmentInfo {
            jurisdiction: a.jurisdiction.clone(),
            instrument: a.instrument.clone(),
            version: a.version.clone(),
            language: a.language.clone(),
            assessor: a.assessor.clone(),
            date: a.date.clone(),
            checklist_version: a.checklist_version.clone(),
            sha256: answers_sha256.to_string(),
        },
        profile: chosen.id.clone(),
        score: eval.score,
        verdict: eval.verdict,
        red_line_breaches: eval.breaches,
        areas: eval.areas,
        profiles,
        lenses: eval.lenses,
        counts: eval.counts,
        items,
    }
}
