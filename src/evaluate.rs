//! Scoring: a pure function from a checklist and an answers file to a [`Report`].
//!
//! Owns: answer values, partial credit, `applies_if`, weighted area and overall scores, red
//! lines, verdict bands, lens scores, and every profile's score. No I/O and no printing.
//! The rules are documented in `docs/scoring.md` and property-tested in `tests/`.
//!
//! Scoring works on positions, not ids: the checklist's [`Layout`] (computed once per
//! checklist) says which items each profile selects and how it weighs them, so scoring one
//! file compares no strings. That is what lets `compare` score thousands of files at the speed
//! of parsing them. [`summary`] gives every figure but the per-item details; [`evaluate`] adds
//! them.

use crate::checklist::{Checklist, Layout, RedLine};
use crate::model::{AnswerValue, AnswersFile, Facet, Item, ItemKind, Profile, Severity};
use crate::result::{
    AreaScore, AssessmentInfo, ChecklistInfo, Counts, INCOMPATIBLE, ItemResult, LensScore,
    PowerResult, PowerSafeguard, ProfileScore, Report, Status, Tool, UNDETERMINED,
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

/// [`applies`] by position, with the answers already looked up.
fn applies_at(
    checklist: &Checklist,
    layout: &Layout,
    given: &[Option<AnswerValue>],
    i: usize,
) -> bool {
    let Some(cond) = &checklist.items[i].applies_if else {
        return true;
    };
    layout.condition[i].iter().any(|&p| {
        // A power that is not an item exists only in an unvalidated checklist; like
        // [`applies`], treat it as unanswered.
        let Some(p) = p else {
            return true;
        };
        if !applies_at(checklist, layout, given, p) {
            return false;
        }
        match given[p] {
            None | Some(AnswerValue::Unknown) => true,
            Some(v) => cond.answer.as_slice().contains(&v),
        }
    })
}

fn status_of(item: &Item, applies: bool, answer: Option<AnswerValue>) -> (Status, Option<f64>) {
    if item.kind == ItemKind::Power {
        let status = if !applies {
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
    if !applies {
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

/// The status of an item, and its credit (0 to 1) when it is scored.
pub fn outcome(checklist: &Checklist, answers: &AnswersFile, item: &Item) -> (Status, Option<f64>) {
    let answer = answers.answers.get(&item.id).map(|a| a.answer);
    status_of(item, applies(checklist, answers, item), answer)
}

/// Whether each item of the checklist applies (see [`applies`]), in checklist order.
pub fn applicability(checklist: &Checklist, answers: &AnswersFile) -> Vec<bool> {
    let layout = checklist.layout();
    let given = given(checklist, answers);
    (0..checklist.items.len())
        .map(|i| applies_at(checklist, layout, &given, i))
        .collect()
}

fn given(checklist: &Checklist, answers: &AnswersFile) -> Vec<Option<AnswerValue>> {
    checklist
        .items
        .iter()
        .map(|i| answers.answers.get(&i.id).map(|a| a.answer))
        .collect()
}

/// The outcome of every item of the checklist, in checklist order. It does not depend on the
/// profile, so it is computed once per answers file.
pub fn outcomes(checklist: &Checklist, answers: &AnswersFile) -> Vec<(Status, Option<f64>)> {
    let layout = checklist.layout();
    let given = given(checklist, answers);
    checklist
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| status_of(item, applies_at(checklist, layout, &given, i), given[i]))
        .collect()
}

/// Rounds a score to one decimal, so that equal inputs print equal numbers whatever the
/// summation order, and every format shows the same figure.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Whether a status leaves an item unverified: answered `unknown` or not at all.
fn is_unverified(status: Status) -> bool {
    matches!(status, Status::Unverified | Status::Unanswered)
}

/// The answer a scored status stands for, as far as red lines care.
fn answer_of(status: Status) -> Option<AnswerValue> {
    match status {
        Status::Gap => Some(AnswerValue::No),
        Status::Partial => Some(AnswerValue::Partial),
        Status::Met => Some(AnswerValue::Yes),
        _ => None,
    }
}

/// Whether an item is a breached red line (`Some(true)`), an unverified one (`Some(false)`), or
/// neither, under a profile's red line for it.
fn red_line_state(red_line: RedLine, status: Status) -> Option<bool> {
    if !red_line.is_red_line() {
        return None;
    }
    if red_line.breached_by(answer_of(status)) {
        Some(true)
    } else if is_unverified(status) {
        Some(false)
    } else {
        None
    }
}

/// One profile's figures for one file.
struct ProfileEval {
    /// The overall score before rounding.
    raw: f64,
    score: f64,
    ceiling: f64,
    coverage: f64,
    verdict: String,
    band: String,
    breaches: Vec<String>,
    unverified: Vec<String>,
    areas: Vec<AreaScore>,
    /// Selected safeguards that apply and are not fully met.
    gaps: usize,
    applicable: usize,
}

/// Running weighted sums, added in id order: the floor (unknown counts 0), the ceiling
/// (unknown counts 1) and the verified weight (coverage, where not-applicable answers count as
/// verified).
#[derive(Clone, Copy, Default)]
struct Mean {
    total: f64,
    floor: f64,
    ceiling: f64,
    n: usize,
    /// Weight of the applicable items, not-applicable answers included.
    answered_total: f64,
    /// Of which, answered yes, partial, no or not applicable.
    verified: f64,
}

impl Mean {
    /// Adds an item of this weight with this outcome (an item that does not apply adds
    /// nothing).
    fn add_item(&mut self, weight: f64, status: Status, credit: Option<f64>) {
        if status == Status::NotTriggered || status.is_power() {
            return;
        }
        self.answered_total += weight;
        if !is_unverified(status) {
            self.verified += weight;
        }
        if let Some(c) = credit {
            let high = if is_unverified(status) { 1.0 } else { c };
            self.total += weight;
            self.floor += weight * c;
            self.ceiling += weight * high;
            self.n += 1;
        }
    }
    /// Adds a part (an area's means) with this weight.
    fn add_part(&mut self, weight: f64, part: &Mean) {
        if let Some((f, c)) = part.scores() {
            self.total += weight;
            self.floor += weight * f;
            self.ceiling += weight * c;
            self.n += 1;
        }
        if let Some(v) = part.coverage() {
            self.answered_total += weight;
            self.verified += weight * v;
        }
    }
    /// Floor and ceiling, 0 to 1.
    fn scores(&self) -> Option<(f64, f64)> {
        (self.total > 0.0).then(|| {
            let f = self.floor / self.total;
            // Never below the floor, whatever the rounding of the sums.
            (f, (self.ceiling / self.total).max(f))
        })
    }
    fn coverage(&self) -> Option<f64> {
        (self.answered_total > 0.0).then(|| (self.verified / self.answered_total).min(1.0))
    }
    fn pct(&self) -> (Option<f64>, Option<f64>) {
        match self.scores() {
            Some((f, c)) => (Some(round1(f * 100.0)), Some(round1(c * 100.0))),
            None => (None, None),
        }
    }
}

/// Rounds a share (0 to 1) to three decimals (a tenth of a percent).
pub fn round_share(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The verdict of the profile's band for a score.
fn band_of(profile: &Profile, score: f64) -> String {
    let mut best: Option<&crate::model::Band> = None;
    for b in &profile.bands {
        if score >= b.min && best.is_none_or(|x| b.min > x.min) {
            best = Some(b);
        }
    }
    best.map(|b| b.verdict.clone()).unwrap_or_default()
}

/// `incompatible` on a breach, else `undetermined` when a red line is unverified, else the band.
fn verdict_of(band: &str, breached: bool, unverified: bool) -> String {
    if breached {
        INCOMPATIBLE.to_string()
    } else if unverified {
        UNDETERMINED.to_string()
    } else {
        band.to_string()
    }
}

fn score_profile(
    checklist: &Checklist,
    outcomes: &[(Status, Option<f64>)],
    pi: usize,
) -> ProfileEval {
    let layout = checklist.layout();
    let pl = &layout.profiles[pi];
    let mut areas = vec![Mean::default(); checklist.areas.len()];
    let mut area_gaps = vec![0usize; checklist.areas.len()];
    for &i in &layout.items_by_id {
        if !pl.selected[i] {
            continue;
        }
        let (status, credit) = outcomes[i];
        if let Some(a) = layout.item_area[i] {
            areas[a].add_item(pl.weight[i], status, credit);
            if credit.is_some() && status.is_gap() {
                area_gaps[a] += 1;
            }
        }
    }
    let mut overall = Mean::default();
    for &a in &layout.areas_by_id {
        overall.add_part(pl.area_weight[a], &areas[a]);
    }
    let (raw, raw_ceiling) = overall.scores().unwrap_or((1.0, 1.0));
    let raw = raw * 100.0;
    let score = round1(raw);
    let ceiling = round1(raw_ceiling * 100.0).max(score);
    let coverage = round_share(overall.coverage().unwrap_or(1.0));
    let mut breaches = Vec::new();
    let mut unverified = Vec::new();
    let mut gaps = 0;
    let mut applicable = 0;
    for (i, item) in checklist.items.iter().enumerate() {
        if !pl.selected[i] {
            continue;
        }
        let (status, credit) = outcomes[i];
        match red_line_state(pl.red_line[i], status) {
            Some(true) => breaches.push(item.id.clone()),
            Some(false) => unverified.push(item.id.clone()),
            None => {}
        }
        if credit.is_some() {
            applicable += 1;
            if status.is_gap() {
                gaps += 1;
            }
        }
    }
    let areas = checklist
        .areas
        .iter()
        .enumerate()
        .filter(|(a, _)| pl.area_listed[*a])
        .map(|(a, area)| {
            let (score, ceiling) = areas[a].pct();
            AreaScore {
                id: area.id.clone(),
                score,
                ceiling,
                coverage: areas[a].coverage().map(round_share),
                weight: pl.area_weight[a],
                applicable: areas[a].n,
                gaps: area_gaps[a],
            }
        })
        .collect();
    let profile = &checklist.profiles[pi];
    let band = band_of(profile, score);
    ProfileEval {
        raw,
        score,
        ceiling,
        coverage,
        verdict: verdict_of(&band, !breaches.is_empty(), !unverified.is_empty()),
        band,
        breaches,
        unverified,
        areas,
        gaps,
        applicable,
    }
}

fn lenses(checklist: &Checklist, outcomes: &[(Status, Option<f64>)], pi: usize) -> Vec<LensScore> {
    let layout = checklist.layout();
    let pl = &layout.profiles[pi];
    layout
        .lenses
        .iter()
        .map(|(t, carries)| {
            let mut m = Mean::default();
            for &i in &layout.items_by_id {
                if pl.selected[i] && carries[i] {
                    m.add_item(pl.weight[i], outcomes[i].0, outcomes[i].1);
                }
            }
            let (score, ceiling) = m.pct();
            LensScore {
                tag: checklist.tags[*t].id.clone(),
                applicable: m.n,
                score,
                ceiling,
                coverage: m.coverage().map(round_share),
            }
        })
        .collect()
}

/// Each power of the checklist with its safeguards, under a profile, and the weakest of the
/// powers the bill creates or may create.
fn powers(
    checklist: &Checklist,
    given: &[Option<AnswerValue>],
    outcomes: &[(Status, Option<f64>)],
    pi: usize,
) -> (Vec<PowerResult>, Option<String>) {
    let layout = checklist.layout();
    let pl = &layout.profiles[pi];
    let mut out = Vec::new();
    for (p, power) in checklist.items.iter().enumerate() {
        if power.kind != ItemKind::Power {
            continue;
        }
        let status = outcomes[p].0;
        let mut attached: Vec<usize> = (0..checklist.items.len())
            .filter(|&i| {
                checklist.items[i].kind == ItemKind::Safeguard
                    && layout.condition[i].contains(&Some(p))
            })
            .collect();
        attached.sort_by_key(|&i| {
            let f = checklist.items[i].facet.unwrap_or(Facet::Other);
            (Facet::ALL.iter().position(|x| *x == f), i)
        });
        let mut m = Mean::default();
        let mut by_id = attached.clone();
        by_id.sort_by(|&a, &b| checklist.items[a].id.cmp(&checklist.items[b].id));
        let absent = status == Status::PowerAbsent;
        if !absent {
            for &i in &by_id {
                if pl.selected[i] {
                    m.add_item(pl.weight[i], outcomes[i].0, outcomes[i].1);
                }
            }
        }
        let mut breaches = Vec::new();
        let mut unverified = Vec::new();
        let safeguards = attached
            .iter()
            .map(|&i| {
                let item = &checklist.items[i];
                let state = red_line_state(pl.red_line[i], outcomes[i].0);
                match state {
                    Some(true) => breaches.push(item.id.clone()),
                    Some(false) => unverified.push(item.id.clone()),
                    None => {}
                }
                PowerSafeguard {
                    id: item.id.clone(),
                    facet: item.facet,
                    answer: given[i],
                    status: outcomes[i].0,
                    selected: pl.selected[i],
                    red_line: pl.red_line[i].is_red_line(),
                    breach: state == Some(true),
                }
            })
            .collect();
        let (score, ceiling) = if absent { (None, None) } else { m.pct() };
        out.push(PowerResult {
            id: power.id.clone(),
            answer: given[p],
            status,
            score,
            ceiling,
            coverage: if absent {
                None
            } else {
                m.coverage().map(round_share)
            },
            red_line_breaches: breaches,
            red_lines_unverified: unverified,
            safeguards,
        });
    }
    // The weakest: most breaches, then the lowest score, then checklist order.
    let weakest = out
        .iter()
        .filter(|p| p.status != Status::PowerAbsent && p.score.is_some())
        .min_by(|a, b| {
            b.red_line_breaches
                .len()
                .cmp(&a.red_line_breaches.len())
                .then(
                    a.score
                        .partial_cmp(&b.score)
                        .unwrap_or(std::cmp::Ordering::Equal),
                )
        })
        .filter(|p| p.score.is_some_and(|s| s < 100.0) || !p.red_line_breaches.is_empty())
        .map(|p| p.id.clone());
    (out, weakest)
}

fn counts(checklist: &Checklist, outcomes: &[(Status, Option<f64>)], pi: usize) -> Counts {
    let pl = &checklist.layout().profiles[pi];
    let mut counts = Counts::default();
    for (i, &(status, credit)) in outcomes.iter().enumerate() {
        if !pl.selected[i] {
            continue;
        }
        match status {
            Status::Met => counts.met += 1,
            Status::Partial => counts.partial += 1,
            Status::Gap => counts.gap += 1,
            Status::Unverified => counts.unverified += 1,
            Status::Unanswered => counts.unanswered += 1,
            Status::NotApplicable => counts.not_applicable += 1,
            Status::NotTriggered => counts.not_triggered += 1,
            _ => {}
        }
        if credit.is_some() {
            counts.applicable += 1;
        }
    }
    counts
}

/// The overall score of one profile before rounding, and the red lines it breaches. The plan
/// of fixes (see [`crate::plan`]) ranks fixes by this exact figure.
pub fn raw_score(
    checklist: &Checklist,
    answers: &AnswersFile,
    profile: &Profile,
) -> (f64, Vec<String>) {
    let pi = checklist
        .profile_index(&profile.id)
        .expect("a profile of the checklist");
    let e = score_profile(checklist, &outcomes(checklist, answers), pi);
    (e.raw, e.breaches)
}

/// Every figure of an assessment under a profile except the per-item details of a
/// [`Report`]: what `compare` shows of each file.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The profile scored.
    pub profile: String,
    /// Its overall score, rounded.
    pub score: f64,
    pub ceiling: f64,
    pub coverage: f64,
    pub verdict: String,
    /// The band's verdict for the score, whatever the red lines say.
    pub band: String,
    pub red_line_breaches: Vec<String>,
    pub red_lines_unverified: Vec<String>,
    /// Selected critical safeguards that apply and are not fully met.
    pub critical_gaps: Vec<String>,
    /// Selected safeguards that apply and are not fully met.
    pub gaps: usize,
    pub areas: Vec<AreaScore>,
    /// Every profile of the checklist.
    pub profiles: Vec<ProfileScore>,
}

fn summary_from(
    checklist: &Checklist,
    outcomes: &[(Status, Option<f64>)],
    pi: usize,
) -> (Summary, ProfileEval) {
    let chosen = score_profile(checklist, outcomes, pi);
    let profiles = (0..checklist.profiles.len())
        .map(|p| {
            let e = if p == pi {
                None
            } else {
                Some(score_profile(checklist, outcomes, p))
            };
            let e = e.as_ref().unwrap_or(&chosen);
            ProfileScore {
                id: checklist.profiles[p].id.clone(),
                score: e.score,
                ceiling: e.ceiling,
                coverage: e.coverage,
                verdict: e.verdict.clone(),
                band: e.band.clone(),
                red_line_breaches: e.breaches.clone(),
                red_lines_unverified: e.unverified.clone(),
                applicable: e.applicable,
                gaps: e.gaps,
            }
        })
        .collect();
    let pl = &checklist.layout().profiles[pi];
    let critical_gaps = checklist
        .items
        .iter()
        .enumerate()
        .filter(|(i, item)| {
            pl.selected[*i] && item.severity == Some(Severity::Critical) && outcomes[*i].0.is_gap()
        })
        .map(|(_, item)| item.id.clone())
        .collect();
    let summary = Summary {
        profile: checklist.profiles[pi].id.clone(),
        score: chosen.score,
        ceiling: chosen.ceiling,
        coverage: chosen.coverage,
        verdict: chosen.verdict.clone(),
        band: chosen.band.clone(),
        red_line_breaches: chosen.breaches.clone(),
        red_lines_unverified: chosen.unverified.clone(),
        critical_gaps,
        gaps: chosen.gaps,
        areas: chosen.areas.clone(),
        profiles,
    };
    (summary, chosen)
}

/// Scores an answers file under a profile, without the per-item details. Panics if `profile`
/// is not a profile of the checklist: callers check it first.
pub fn summary(checklist: &Checklist, answers: &AnswersFile, profile: &str) -> Summary {
    let pi = checklist
        .profile_index(profile)
        .expect("profile checked by the caller");
    summary_from(checklist, &outcomes(checklist, answers), pi).0
}

/// Scores an answers file under a profile. `answers_sha256` is the digest of the answers
/// file's text. Panics if `profile` is not a profile of the checklist: callers check it first.
pub fn evaluate(
    checklist: &Checklist,
    answers: &AnswersFile,
    answers_sha256: &str,
    profile: &str,
) -> Report {
    let pi = checklist
        .profile_index(profile)
        .expect("profile checked by the caller");
    let outcomes = outcomes(checklist, answers);
    let (summary, chosen) = summary_from(checklist, &outcomes, pi);
    let pl = &checklist.layout().profiles[pi];
    let answered = given(checklist, answers);
    let (powers, weakest_power) = powers(checklist, &answered, &outcomes, pi);

    let items = checklist
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (status, credit) = outcomes[i];
            let given = answers.answers.get(&item.id);
            let selected = pl.selected[i];
            let state = red_line_state(pl.red_line[i], status);
            ItemResult {
                id: item.id.clone(),
                kind: item.kind,
                area: item.area.clone(),
                answer: given.map(|a| a.answer),
                status,
                score: credit.map(|c| round1(c * 100.0)),
                weight: pl.weight[i],
                severity: item.severity,
                red_line: pl.red_line[i].is_red_line(),
                breach_on: pl.red_line[i].answers().to_vec(),
                facet: item.facet,
                selected,
                breach: state == Some(true),
                unverified_red_line: state == Some(false),
                note: given
                    .and_then(|a| a.note.clone())
                    .filter(|n| !n.trim().is_empty()),
                evidence: given
                    .map(|a| a.evidence.iter().map(Into::into).collect())
                    .unwrap_or_default(),
                cites: item.cites.clone(),
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
        profile: summary.profile,
        score: summary.score,
        ceiling: summary.ceiling,
        coverage: summary.coverage,
        verdict: summary.verdict,
        band: summary.band,
        red_line_breaches: chosen.breaches,
        red_lines_unverified: chosen.unverified,
        weakest_power,
        powers,
        areas: summary.areas,
        profiles: summary.profiles,
        lenses: lenses(checklist, &outcomes, pi),
        counts: counts(checklist, &outcomes, pi),
        items,
        bill: None,
    }
}
