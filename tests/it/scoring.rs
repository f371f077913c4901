//! The scoring rules of docs/scoring.md: the worked example, and property tests of the
//! invariants (bounds, monotonicity, order invariance, all-yes, not-applicable, determinism),
//! on the small test checklist and on the shipped catalog.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;
use salvaguarda::catalog::{Catalog, load_dir};
use salvaguarda::checklist::Checklist;
use salvaguarda::evaluate::evaluate;
use salvaguarda::model::{Answer, AnswerValue, AnswersFile, ItemKind};
use salvaguarda::report::{Format, Templates, render};
use salvaguarda::result::{INCOMPATIBLE, Report};

use crate::fixture;

fn mini() -> Checklist {
    static C: OnceLock<Checklist> = OnceLock::new();
    C.get_or_init(|| {
        let (c, d) = load_dir(&fixture("mini"));
        c.unwrap_or_else(|| panic!("mini checklist is valid: {}", d.render()))
    })
    .clone()
}

fn shipped() -> Checklist {
    static C: OnceLock<Checklist> = OnceLock::new();
    C.get_or_init(|| {
        let (c, d) = Catalog::default().load("uncc-safeguards");
        c.unwrap_or_else(|| panic!("shipped checklist is valid: {}", d.render()))
    })
    .clone()
}

fn answers_file(c: &Checklist, answers: BTreeMap<String, AnswerValue>) -> AnswersFile {
    AnswersFile {
        assessment: crate::assessment_for(c),
        answers: answers
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    Answer {
                        answer: v,
                        note: None,
                        evidence: vec![],
                    },
                )
            })
            .collect(),
    }
}

fn eval_all(c: &Checklist, a: &AnswersFile) -> Vec<Report> {
    c.profiles
        .iter()
        .map(|p| evaluate(c, a, "0", &p.id))
        .collect()
}

/// Every answer an item may validly take, or none.
fn answer_strategy(c: &Checklist) -> impl Strategy<Value = BTreeMap<String, AnswerValue>> {
    let per_item: Vec<_> = c
        .items
        .iter()
        .map(|i| {
            let opts = crate::allowed_answers(i);
            (Just(i.id.clone()), proptest::sample::select(opts))
        })
        .collect();
    per_item.prop_map(|v| {
        v.into_iter()
            .filter_map(|(id, a)| a.map(|a| (id, a)))
            .collect()
    })
}

fn scores(r: &Report) -> Vec<(String, Option<f64>)> {
    let mut v = vec![("overall".to_string(), Some(r.score))];
    v.extend(r.areas.iter().map(|a| (format!("area:{}", a.id), a.score)));
    v.extend(
        r.lenses
            .iter()
            .map(|l| (format!("lens:{}", l.tag), l.score)),
    );
    v.extend(
        r.profiles
            .iter()
            .map(|p| (format!("profile:{}", p.id), Some(p.score))),
    );
    v
}

#[test]
fn worked_example_of_docs_scoring_md() {
    // The numbers in docs/scoring.md, section "A worked example".
    let c = mini();
    let text = std::fs::read_to_string(fixture("mini-answers.toml")).unwrap();
    let a: AnswersFile = toml::from_str(&text).unwrap();
    let r = evaluate(&c, &a, "0", "all");
    let area = |id: &str| r.areas.iter().find(|x| x.id == id).unwrap().score;
    assert_eq!(area("judicial"), Some(43.8)); // (3 × 0.5 + 1 × 0.25) / 4
    assert_eq!(area("remedy"), Some(33.3)); // (2 × 0 + 1 × 1) / 3
    assert_eq!(r.score, 41.1); // (3 × 43.75 + 1 × 33.33) / 4
    assert_eq!(r.verdict, "inadequate");
    assert!(
        r.red_line_breaches.is_empty(),
        "a partial red line is not a breach"
    );
    let core = r.profiles.iter().find(|p| p.id == "core").unwrap();
    assert_eq!(core.score, 45.0); // judge-order weighs 4 under `core`: (4 × 0.5 + 1 × 0.25) / 5
    let gender = r.lenses.iter().find(|l| l.tag == "gender").unwrap();
    assert_eq!(gender.score, Some(8.3)); // (1 × 0.25 + 2 × 0) / 3

    // Answering the red line `no` makes every profile that selects it incompatible.
    let mut a2 = a.clone();
    a2.answers.get_mut("judge-order").unwrap().answer = AnswerValue::No;
    let r2 = evaluate(&c, &a2, "0", "all");
    assert_eq!(r2.verdict, INCOMPATIBLE);
    assert_eq!(r2.red_line_breaches, vec!["judge-order".to_string()]);

    // Without the interception power, its safeguard is not triggered and not a breach.
    a2.answers.get_mut("power-interception").unwrap().answer = AnswerValue::No;
    let r3 = evaluate(&c, &a2, "0", "all");
    assert!(r3.red_line_breaches.is_empty());
    let judicial = r3.areas.iter().find(|x| x.id == "judicial").unwrap();
    assert_eq!(judicial.score, Some(25.0)); // only reasoned-order, partial at 0.25
}

#[test]
fn all_yes_scores_100_with_no_gaps_on_the_shipped_catalog() {
    let c = shipped();
    let all_yes = c
        .items
        .iter()
        .map(|i| (i.id.clone(), AnswerValue::Yes))
        .collect();
    let a = answers_file(&c, all_yes);
    for r in eval_all(&c, &a) {
        assert_eq!(r.score, 100.0, "profile {}", r.profile);
        assert!(r.red_line_breaches.is_empty());
        assert!(
            r.items.iter().all(|i| !i.status.is_gap()),
            "profile {} has gaps",
            r.profile
        );
        assert_eq!(r.verdict, "adequate");
        assert!(r.areas.iter().all(|x| x.score == Some(100.0)));
    }
}

fn check_bounds(
    c: &Checklist,
    answers: BTreeMap<String, AnswerValue>,
) -> Result<(), TestCaseError> {
    let a = answers_file(c, answers);
    for r in eval_all(c, &a) {
        for (name, s) in scores(&r) {
            if let Some(s) = s {
                prop_assert!((0.0..=100.0).contains(&s), "{name} = {s}");
            }
        }
        for i in &r.items {
            if let Some(s) = i.score {
                prop_assert!((0.0..=100.0).contains(&s), "item {} = {s}", i.id);
            }
        }
        prop_assert_eq!(r.verdict == INCOMPATIBLE, !r.red_line_breaches.is_empty());
    }
    Ok(())
}

fn check_monotone(
    c: &Checklist,
    answers: BTreeMap<String, AnswerValue>,
    pick: usize,
    to: AnswerValue,
) -> Result<(), TestCaseError> {
    let safeguards: Vec<_> = c
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Safeguard)
        .collect();
    let item = safeguards[pick % safeguards.len()];
    let before = answers.get(&item.id).copied();
    // Improvement as docs/scoring.md defines it: no < partial < yes, and unknown improves only
    // to yes (answering it partial or no verifies it).
    prop_assume!(crate::verdicts::improves(before, to));
    let a1 = answers_file(c, answers.clone());
    let mut improved = answers;
    improved.insert(item.id.clone(), to);
    let a2 = answers_file(c, improved);
    for (r1, r2) in eval_all(c, &a1).iter().zip(eval_all(c, &a2).iter()) {
        for ((name, s1), (_, s2)) in scores(r1).iter().zip(scores(r2).iter()) {
            if let (Some(s1), Some(s2)) = (s1, s2) {
                prop_assert!(
                    s2 >= s1,
                    "improving {} lowered {name}: {s1} → {s2}",
                    item.id
                );
            }
        }
        for b in &r2.red_line_breaches {
            prop_assert!(
                r1.red_line_breaches.contains(b),
                "improving {} added breach {b}",
                item.id
            );
        }
    }
    Ok(())
}

fn check_order_invariant(
    c: &Checklist,
    answers: BTreeMap<String, AnswerValue>,
    seed: u64,
) -> Result<(), TestCaseError> {
    let a = answers_file(c, answers);
    // Reverse and rotate the items and areas of the checklist.
    let mut f = c.to_file();
    f.items.reverse();
    let n = f.items.len();
    f.items.rotate_left((seed as usize) % n);
    f.areas.reverse();
    let c2 = Checklist::new(
        f.checklist.clone().unwrap(),
        f,
        c.sha256.clone(),
        c.origin.clone(),
    );
    for p in &c.profiles {
        let r1 = evaluate(c, &a, "0", &p.id);
        let r2 = evaluate(&c2, &a, "0", &p.id);
        prop_assert_eq!(r1.score, r2.score);
        prop_assert_eq!(&r1.verdict, &r2.verdict);
        let mut b1 = r1.red_line_breaches.clone();
        let mut b2 = r2.red_line_breaches.clone();
        b1.sort();
        b2.sort();
        prop_assert_eq!(b1, b2);
        for a1 in &r1.areas {
            let a2 = r2.areas.iter().find(|x| x.id == a1.id).unwrap();
            prop_assert_eq!(a1.score, a2.score);
        }
    }
    // Answers written in another order in TOML parse to the same file.
    let mut text = String::from(
        "[assessment]\nchecklist = \"x\"\nchecklist_version = \"1.0.0\"\njurisdiction = \"XX\"\ninstrument = \"B\"\n",
    );
    let mut entries: Vec<_> = a.answers.iter().collect();
    entries.reverse();
    for (id, ans) in entries {
        text.push_str(&format!(
            "\n[answers.{id}]\nanswer = \"{}\"\n",
            ans.answer.as_str()
        ));
    }
    let parsed: AnswersFile = toml::from_str(&text).unwrap();
    prop_assert_eq!(parsed.answers, a.answers);
    Ok(())
}

fn check_not_applicable_changes_nothing(
    c: &Checklist,
    answers: BTreeMap<String, AnswerValue>,
    to: AnswerValue,
) -> Result<(), TestCaseError> {
    let a = answers_file(c, answers.clone());
    let base = eval_all(c, &a);
    // Changing the answer of an item that does not apply (its power is absent) changes no score.
    for r in &base {
        for item in r
            .items
            .iter()
            .filter(|i| i.status == salvaguarda::result::Status::NotTriggered)
        {
            let mut changed = answers.clone();
            changed.insert(item.id.clone(), to);
            let r2 = evaluate(c, &answers_file(c, changed), "0", &r.profile);
            prop_assert_eq!(scores(r), scores(&r2));
            prop_assert_eq!(&r.red_line_breaches, &r2.red_line_breaches);
        }
    }
    // An item answered not_applicable scores as if it were not in the checklist.
    for (id, v) in &answers {
        if *v != AnswerValue::NotApplicable {
            continue;
        }
        let mut f = c.to_file();
        f.items.retain(|i| i.id != *id);
        for p in &mut f.profiles {
            p.select.items.retain(|i| i != id);
            p.weights.remove(id);
        }
        let without = Checklist::new(
            f.checklist.clone().unwrap(),
            f,
            c.sha256.clone(),
            c.origin.clone(),
        );
        let mut rest = answers.clone();
        rest.remove(id);
        for p in &c.profiles {
            let r1 = evaluate(c, &a, "0", &p.id);
            let r2 = evaluate(&without, &answers_file(c, rest.clone()), "0", &p.id);
            prop_assert_eq!(r1.score, r2.score, "profile {}", p.id);
            prop_assert_eq!(&r1.red_line_breaches, &r2.red_line_breaches);
        }
    }
    Ok(())
}

fn any_answer() -> impl Strategy<Value = AnswerValue> {
    proptest::sample::select(vec![
        AnswerValue::Yes,
        AnswerValue::Partial,
        AnswerValue::No,
        AnswerValue::Unknown,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scores_stay_within_bounds_mini(a in answer_strategy(&mini())) {
        check_bounds(&mini(), a)?;
    }

    #[test]
    fn scores_stay_within_bounds_shipped(a in answer_strategy(&shipped())) {
        check_bounds(&shipped(), a)?;
    }

    #[test]
    fn improving_a_safeguard_never_lowers_a_score_mini(a in answer_strategy(&mini()), pick in 0usize..100, to in any_answer()) {
        check_monotone(&mini(), a, pick, to)?;
    }

    #[test]
    fn improving_a_safeguard_never_lowers_a_score_shipped(a in answer_strategy(&shipped()), pick in 0usize..1000, to in any_answer()) {
        check_monotone(&shipped(), a, pick, to)?;
    }

    #[test]
    fn order_of_items_and_answers_changes_nothing(a in answer_strategy(&shipped()), seed in 0u64..1000) {
        check_order_invariant(&shipped(), a, seed)?;
    }

    #[test]
    fn order_invariance_mini(a in answer_strategy(&mini()), seed in 0u64..1000) {
        check_order_invariant(&mini(), a, seed)?;
    }

    #[test]
    fn not_applicable_items_change_nothing(a in answer_strategy(&shipped()), to in any_answer()) {
        check_not_applicable_changes_nothing(&shipped(), a, to)?;
    }

    #[test]
    fn not_applicable_items_change_nothing_mini(a in answer_strategy(&mini()), to in any_answer()) {
        check_not_applicable_changes_nothing(&mini(), a, to)?;
    }

    #[test]
    fn evaluation_and_rendering_are_deterministic(a in answer_strategy(&shipped())) {
        let c = shipped();
        let f = answers_file(&c, a);
        let t = Templates::new(None).unwrap();
        let r1 = evaluate(&c, &f, "0", "all");
        let r2 = evaluate(&c, &f, "0", "all");
        prop_assert_eq!(&r1, &r2);
        for fmt in [Format::Md, Format::Json] {
            prop_assert_eq!(render(&r1, &c, "es", fmt, &t).unwrap(), render(&r2, &c, "es", fmt, &t).unwrap());
        }
    }
}

#[test]
fn applies_if_with_several_powers_applies_when_any_of_them_is_created() {
    use salvaguarda::evaluate::applies;
    use salvaguarda::model::{AppliesIf, Ids, OneOrMany};
    let c = mini();
    let mut f = c.to_file();
    let mut second = f.items[0].clone();
    second.id = "power-remote-access".into();
    f.items.insert(1, second);
    f.items
        .iter_mut()
        .find(|i| i.id == "reasoned-order")
        .unwrap()
        .applies_if = Some(AppliesIf {
        item: Ids::Many(vec![
            "power-interception".into(),
            "power-remote-access".into(),
        ]),
        answer: OneOrMany::Many(vec![AnswerValue::Yes, AnswerValue::Partial]),
    });
    let c = Checklist::new(
        f.checklist.clone().unwrap(),
        f,
        String::new(),
        String::new(),
    );
    let item = c.item("reasoned-order").unwrap().clone();
    let case = |interception: Option<AnswerValue>, remote: Option<AnswerValue>| {
        let mut m = BTreeMap::new();
        if let Some(a) = interception {
            m.insert("power-interception".to_string(), a);
        }
        if let Some(a) = remote {
            m.insert("power-remote-access".to_string(), a);
        }
        applies(&c, &answers_file(&c, m), &item)
    };
    use AnswerValue::{No, Partial, Unknown, Yes};
    assert!(!case(Some(No), Some(No)), "neither power created");
    assert!(case(Some(No), Some(Yes)));
    assert!(case(Some(Partial), Some(No)));
    assert!(
        case(Some(No), None),
        "an undetermined power keeps its safeguards"
    );
    assert!(case(Some(No), Some(Unknown)));
}
