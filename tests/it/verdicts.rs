//! The verdict rules of docs/scoring.md: unverified red lines are not breaches and make the
//! verdict `undetermined`; coverage and ceiling beside every score; red lines declared per
//! answer (`breach_on`) and per standard (a profile's `red_lines`); standards that select by
//! source; the view of each power; and `upgrade`, which carries an answers file to a new
//! version of its checklist without losing anything.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use assert_cmd::Command;
use proptest::prelude::*;
use salvaguarda::catalog::load_dir;
use salvaguarda::checklist::Checklist;
use salvaguarda::evaluate::evaluate;
use salvaguarda::model::{Answer, AnswerValue, AnswersFile, Evidence};
use salvaguarda::result::{INCOMPATIBLE, Report, Status, UNDETERMINED};
use salvaguarda::upgrade;

use crate::fixture;

fn load(name: &str) -> Checklist {
    let (c, d) = load_dir(&fixture(name));
    c.unwrap_or_else(|| panic!("{name} is valid: {}", d.render()))
}

fn redlines() -> Checklist {
    static C: OnceLock<Checklist> = OnceLock::new();
    C.get_or_init(|| load("redlines")).clone()
}

fn mini() -> Checklist {
    static C: OnceLock<Checklist> = OnceLock::new();
    C.get_or_init(|| load("mini")).clone()
}

fn file(c: &Checklist, answers: &[(&str, AnswerValue)]) -> AnswersFile {
    let mut f = AnswersFile {
        assessment: crate::assessment_for(c),
        answers: BTreeMap::new(),
    };
    for (id, a) in answers {
        f.answers.insert(
            id.to_string(),
            Answer {
                answer: *a,
                note: None,
                evidence: vec![],
            },
        );
    }
    f
}

use AnswerValue::{No, NotApplicable, Partial, Unknown, Yes};

#[test]
fn an_unknown_red_line_is_unverified_not_breached() {
    let c = mini();
    let a = file(
        &c,
        &[
            ("power-interception", Yes),
            ("judge-order", Unknown),
            ("reasoned-order", Yes),
            ("effective-remedy", Yes),
            ("public-statistics", Yes),
        ],
    );
    let r = evaluate(&c, &a, "0", "all");
    assert!(r.red_line_breaches.is_empty());
    assert_eq!(r.red_lines_unverified, vec!["judge-order".to_string()]);
    assert_eq!(r.verdict, UNDETERMINED);
    // The band the score gives is reported beside it, and undetermined is never better: the
    // floor counts the unknown as 0.
    assert_eq!(r.score, 43.8); // judicial (3×0 + 1×1)/4 = 25 %; remedy 100 %; (3×25 + 100)/4
    assert_eq!(r.band, "inadequate");
    assert_eq!(r.ceiling, 100.0);
    // judge-order weighs 3 of the 4 in its area; the area weighs 3 of 4: 1 − 3/4 × 3/4.
    assert_eq!(r.coverage, 0.438);
    let item = r.items.iter().find(|i| i.id == "judge-order").unwrap();
    assert!(item.unverified_red_line && !item.breach);

    // Left unanswered: the same.
    let mut a2 = a.clone();
    a2.answers.remove("judge-order");
    let r2 = evaluate(&c, &a2, "0", "all");
    assert_eq!(r2.verdict, UNDETERMINED);
    assert_eq!(r2.red_lines_unverified, vec!["judge-order".to_string()]);

    // Verified `no`: incompatible; verified `yes`: the band.
    let mut a3 = a.clone();
    a3.answers.get_mut("judge-order").unwrap().answer = No;
    assert_eq!(evaluate(&c, &a3, "0", "all").verdict, INCOMPATIBLE);
    a3.answers.get_mut("judge-order").unwrap().answer = Yes;
    let r3 = evaluate(&c, &a3, "0", "all");
    assert_eq!(r3.verdict, "adequate");
    assert_eq!((r3.score, r3.ceiling, r3.coverage), (100.0, 100.0, 1.0));
}

#[test]
fn a_breach_outranks_an_unverified_red_line() {
    let c = redlines();
    // Under `core`: judge-order breached by partial; reasoned-order (added) unverified.
    let a = file(
        &c,
        &[
            ("power-interception", Yes),
            ("judge-order", Partial),
            ("reasoned-order", Unknown),
        ],
    );
    let r = evaluate(&c, &a, "0", "core");
    assert_eq!(r.verdict, INCOMPATIBLE);
    assert_eq!(r.red_line_breaches, vec!["judge-order".to_string()]);
    assert_eq!(r.red_lines_unverified, vec!["reasoned-order".to_string()]);
}

#[test]
fn red_lines_are_declared_per_answer() {
    let c = redlines();
    let base = [
        ("power-interception", Yes),
        ("reasoned-order", Yes),
        ("effective-remedy", Yes),
        ("public-statistics", Yes),
    ];
    for (answer, breached) in [(No, true), (Partial, true), (Yes, false)] {
        let mut answers = base.to_vec();
        answers.push(("judge-order", answer));
        let r = evaluate(&c, &file(&c, &answers), "0", "core");
        assert_eq!(
            r.red_line_breaches.contains(&"judge-order".to_string()),
            breached,
            "judge-order answered {answer:?}"
        );
        let item = r.items.iter().find(|i| i.id == "judge-order").unwrap();
        assert_eq!(item.breach_on, vec![No, Partial]);
    }
    // The shipped mini checklist keeps the old rule: partial never breaches.
    let m = mini();
    let r = evaluate(
        &m,
        &file(&m, &[("power-interception", Yes), ("judge-order", Partial)]),
        "0",
        "all",
    );
    assert!(r.red_line_breaches.is_empty());
}

#[test]
fn red_lines_are_declared_per_standard() {
    let c = redlines();
    let a = file(
        &c,
        &[
            ("power-interception", Yes),
            ("judge-order", No),
            ("reasoned-order", No),
            ("effective-remedy", Partial),
            ("public-statistics", Yes),
        ],
    );
    let by = |p: &str| {
        let r = evaluate(&c, &a, "0", p);
        let mut b = r.red_line_breaches.clone();
        b.sort();
        (r.verdict, b)
    };
    // `all` drops judge-order and adds effective-remedy, breached by partial.
    assert_eq!(
        by("all"),
        (
            INCOMPATIBLE.to_string(),
            vec!["effective-remedy".to_string()]
        )
    );
    // `core` keeps judge-order and adds reasoned-order.
    assert_eq!(
        by("core").1,
        vec!["judge-order".to_string(), "reasoned-order".to_string()]
    );
    // `regional` selects by source: only judge-order cites the regional court.
    let r = evaluate(&c, &a, "0", "regional");
    let selected: Vec<&str> = r
        .items
        .iter()
        .filter(|i| i.selected)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(selected, vec!["judge-order"]);
    assert_eq!(r.red_line_breaches, vec!["judge-order".to_string()]);
    // Every profile's red lines are in the profile table too.
    let all = evaluate(&c, &a, "0", "core");
    let p = all.profiles.iter().find(|p| p.id == "all").unwrap();
    assert_eq!(p.red_line_breaches, vec!["effective-remedy".to_string()]);
}

#[test]
fn coverage_counts_not_applicable_as_verified_and_ceiling_counts_unknowns_as_yes() {
    let c = mini();
    let a = file(
        &c,
        &[
            ("power-interception", Yes),
            ("judge-order", Yes),
            ("reasoned-order", No),
            ("effective-remedy", Unknown),
            ("public-statistics", NotApplicable),
        ],
    );
    let r = evaluate(&c, &a, "0", "all");
    let remedy = r.areas.iter().find(|x| x.id == "remedy").unwrap();
    // effective-remedy (weight 2) is the only scored item: floor 0, ceiling 100; coverage:
    // public-statistics (weight 1, not applicable) verified out of 3.
    assert_eq!(remedy.score, Some(0.0));
    assert_eq!(remedy.ceiling, Some(100.0));
    assert_eq!(remedy.coverage, Some(0.333));
    let judicial = r.areas.iter().find(|x| x.id == "judicial").unwrap();
    assert_eq!(
        (judicial.score, judicial.ceiling, judicial.coverage),
        (Some(75.0), Some(75.0), Some(1.0))
    );
    // Overall: (3 × 75 + 1 × 0) / 4 and (3 × 75 + 1 × 100) / 4; coverage (3 × 1 + 1/3) / 4.
    assert_eq!((r.score, r.ceiling, r.coverage), (56.3, 81.3, 0.833));
    let gender = r.lenses.iter().find(|l| l.tag == "gender").unwrap();
    // reasoned-order (1, no) and effective-remedy (2, unknown).
    assert_eq!(
        (gender.score, gender.ceiling, gender.coverage),
        (Some(0.0), Some(66.7), Some(0.333))
    );
}

#[test]
fn each_power_lists_its_safeguards_and_the_weakest_is_named() {
    let c = redlines();
    let a = file(
        &c,
        &[
            ("power-interception", Yes),
            ("judge-order", Partial),
            ("reasoned-order", Yes),
        ],
    );
    let r = evaluate(&c, &a, "0", "core");
    assert_eq!(r.powers.len(), 1);
    let p = &r.powers[0];
    assert_eq!(p.id, "power-interception");
    assert_eq!(p.status, Status::PowerCreated);
    let ids: Vec<&str> = p.safeguards.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["judge-order"]);
    assert!(p.safeguards[0].breach);
    assert_eq!(p.red_line_breaches, vec!["judge-order".to_string()]);
    assert_eq!(p.score, Some(50.0));
    assert_eq!(r.weakest_power.as_deref(), Some("power-interception"));

    // An absent power has no score and is never the weakest.
    let b = file(&c, &[("power-interception", No)]);
    let r = evaluate(&c, &b, "0", "core");
    assert_eq!(r.powers[0].status, Status::PowerAbsent);
    assert_eq!(r.powers[0].score, None);
    assert_eq!(r.weakest_power, None);
    assert_eq!(r.powers[0].safeguards[0].status, Status::NotTriggered);
}

/// How good a verdict is (higher is better): incompatible, then each band from the lowest,
/// with `undetermined` just below the band its score gives.
pub fn verdict_rank(c: &Checklist, profile: &str, verdict: &str, band: &str) -> i64 {
    let p = c.profile(profile).unwrap();
    let mut mins: Vec<(f64, &str)> = p
        .bands
        .iter()
        .map(|b| (b.min, b.verdict.as_str()))
        .collect();
    mins.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    let rank_of = |v: &str| mins.iter().position(|(_, x)| *x == v).unwrap() as i64;
    match verdict {
        INCOMPATIBLE => 0,
        UNDETERMINED => 2 * rank_of(band) + 1,
        v => 2 * rank_of(v) + 2,
    }
}

/// Whether answering `to` instead of `from` improves a safeguard: no < partial < yes, and an
/// unknown or missing answer improves only to yes (answering it `partial` or `no` verifies it,
/// which may confirm a breach).
pub fn improves(from: Option<AnswerValue>, to: AnswerValue) -> bool {
    matches!(
        (from, to),
        (Some(No), Partial | Yes) | (Some(Partial), Yes) | (None | Some(Unknown), Yes)
    )
}

fn checklists() -> Vec<Checklist> {
    vec![mini(), redlines()]
}

fn answers_strategy() -> impl Strategy<Value = (usize, BTreeMap<String, AnswerValue>)> {
    (0usize..2).prop_flat_map(|k| {
        let c = &checklists()[k];
        let per: Vec<_> = c
            .items
            .iter()
            .map(|i| {
                (
                    Just(i.id.clone()),
                    proptest::sample::select(crate::allowed_answers(i)),
                )
            })
            .collect();
        (Just(k), per).prop_map(|(k, v)| {
            (
                k,
                v.into_iter()
                    .filter_map(|(id, a)| a.map(|a| (id, a)))
                    .collect(),
            )
        })
    })
}

fn reports(c: &Checklist, a: &BTreeMap<String, AnswerValue>) -> Vec<Report> {
    let refs: Vec<(&str, AnswerValue)> = a.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let f = file(c, &refs);
    c.profiles
        .iter()
        .map(|p| evaluate(c, &f, "0", &p.id))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// 0 ≤ score ≤ ceiling ≤ 100 and 0 ≤ coverage ≤ 1 everywhere; the verdict follows the
    /// red lines; a red line is never both breached and unverified.
    #[test]
    fn floors_ceilings_and_coverage_are_ordered((k, a) in answers_strategy()) {
        let c = &checklists()[k];
        for r in reports(c, &a) {
            prop_assert!(0.0 <= r.score && r.score <= r.ceiling && r.ceiling <= 100.0, "{} {} {}", r.profile, r.score, r.ceiling);
            prop_assert!((0.0..=1.0).contains(&r.coverage));
            for x in &r.areas {
                if let (Some(s), Some(h)) = (x.score, x.ceiling) {
                    prop_assert!(s <= h && h <= 100.0);
                }
            }
            for p in &r.powers {
                if let (Some(s), Some(h)) = (p.score, p.ceiling) {
                    prop_assert!(s <= h);
                }
            }
            for b in &r.red_line_breaches {
                prop_assert!(!r.red_lines_unverified.contains(b));
            }
            let expected = if !r.red_line_breaches.is_empty() {
                INCOMPATIBLE
            } else if !r.red_lines_unverified.is_empty() {
                UNDETERMINED
            } else {
                r.band.as_str()
            };
            prop_assert_eq!(r.verdict.as_str(), expected);
            // With nothing unverified, the ceiling is the score and coverage is whole.
            if r.counts.unverified + r.counts.unanswered == 0 {
                prop_assert_eq!(r.score, r.ceiling);
                prop_assert_eq!(r.coverage, 1.0);
            }
        }
    }

    /// Improving a safeguard's answer never lowers a score or a ceiling, never adds a breach
    /// and never worsens a verdict, under every standard.
    #[test]
    fn improving_never_adds_a_breach_or_worsens_a_verdict((k, a) in answers_strategy(), pick in 0usize..100, to in proptest::sample::select(vec![Yes, Partial, No])) {
        let c = &checklists()[k];
        let safeguards: Vec<_> = c.items.iter().filter(|i| i.kind == salvaguarda::model::ItemKind::Safeguard).collect();
        let item = safeguards[pick % safeguards.len()];
        prop_assume!(improves(a.get(&item.id).copied(), to));
        let mut b = a.clone();
        b.insert(item.id.clone(), to);
        for (r1, r2) in reports(c, &a).iter().zip(reports(c, &b).iter()) {
            prop_assert!(r2.score >= r1.score);
            prop_assert!(r2.ceiling >= r1.ceiling || r1.ceiling - r2.ceiling < 0.05, "{} ceiling {} → {}", r1.profile, r1.ceiling, r2.ceiling);
            for x in &r2.red_line_breaches {
                prop_assert!(r1.red_line_breaches.contains(x), "improving {} added breach {x}", item.id);
            }
            let v1 = verdict_rank(c, &r1.profile, &r1.verdict, &r1.band);
            let v2 = verdict_rank(c, &r2.profile, &r2.verdict, &r2.band);
            prop_assert!(v2 >= v1, "improving {} to {to:?} under {}: {} → {}", item.id, r1.profile, r1.verdict, r2.verdict);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// upgrade

fn upgrade_catalog() -> Checklist {
    static C: OnceLock<Checklist> = OnceLock::new();
    C.get_or_init(|| load("upgrade/mini")).clone()
}

fn text_strategy() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[a-zA-Zñ \"\\\\]{1,12}")
}

fn old_file_strategy() -> impl Strategy<Value = AnswersFile> {
    let c = mini();
    let per: Vec<_> = c
        .items
        .iter()
        .map(|i| {
            (
                Just(i.id.clone()),
                proptest::sample::select(crate::allowed_answers(i)),
                text_strategy(),
                proptest::collection::vec((text_strategy(), text_strategy()), 0..3),
            )
        })
        .collect();
    per.prop_map(move |v| {
        let mut f = AnswersFile {
            assessment: crate::assessment_for(&mini()),
            answers: BTreeMap::new(),
        };
        for (id, a, note, ev) in v {
            if let Some(a) = a {
                f.answers.insert(
                    id,
                    Answer {
                        answer: a,
                        note,
                        evidence: ev
                            .into_iter()
                            .filter(|(x, y)| x.is_some() || y.is_some())
                            .map(|(article, quote)| Evidence { article, quote })
                            .collect(),
                    },
                );
            }
        }
        f
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Upgrade never drops an answer, note or quote: every old answer's value, note and
    /// evidence is in the upgraded file (as an answer, or in the comment that keeps a removed
    /// item), and the upgraded file is a valid answers file of the new version.
    #[test]
    fn upgrade_never_drops_an_answer_note_or_quote(old in old_file_strategy()) {
        let c = upgrade_catalog();
        let up = upgrade::upgrade(&old, &c).unwrap();
        let text = up.to_toml(&c);
        let parsed = salvaguarda::load::parse(salvaguarda::source::SourceFile::new("up.toml".to_string(), text.clone())).unwrap();
        let (checked, diags) = salvaguarda::validate::answers(&parsed, &c);
        prop_assert!(checked.is_some() && !diags.has_errors(), "{}\n{text}", diags.render());
        let new = checked.unwrap();
        prop_assert_eq!(&new.assessment.checklist_version, "2.1.0");
        // Where each old item's answer went.
        let dest: BTreeMap<&str, Vec<&str>> = [
            ("power-interception", vec!["power-interception"]),
            ("judge-order", vec!["prior-judicial-order"]),
            ("reasoned-order", vec!["reasoned-order"]),
            ("effective-remedy", vec!["remedy-and-statistics"]),
            ("public-statistics", vec!["remedy-and-statistics"]),
        ].into_iter().collect();
        let removed_text: String = up.removed.iter().map(|(_, _, a)| format!("{a:?}")).collect();
        for (id, ans) in &old.answers {
            for d in &dest[id.as_str()] {
                let got = new.answers.get(*d);
                prop_assert!(got.is_some(), "{id} → {d} missing");
                let got = got.unwrap();
                let notes = got.note.clone().unwrap_or_default();
                if let Some(n) = &ans.note {
                    prop_assert!(notes.contains(n.as_str()), "note of {id} lost: {n:?} not in {notes:?}");
                }
                for e in &ans.evidence {
                    prop_assert!(got.evidence.contains(e), "evidence of {id} lost: {e:?}");
                }
            }
            // The split copy that a later step removed is kept whole in the comments.
            if id == "reasoned-order" {
                prop_assert_eq!(up.removed.len(), 1);
                prop_assert_eq!(up.removed[0].2.answer, ans.answer);
                for e in &ans.evidence {
                    let shown = format!("{e:?}");
                    prop_assert!(removed_text.contains(&shown), "removed evidence lost: {}", shown);
                }
            }
        }
        // A renamed or split answer keeps its value; a merged one is the least favourable.
        if let Some(a) = old.answers.get("judge-order") {
            prop_assert_eq!(new.answers["prior-judicial-order"].answer, a.answer);
        }
        let parts: Vec<AnswerValue> = ["effective-remedy", "public-statistics"].iter().filter_map(|i| old.answers.get(*i).map(|a| a.answer)).collect();
        if !parts.is_empty() {
            let order = [No, Partial, Unknown, Yes, NotApplicable];
            let worst = parts.iter().min_by_key(|v| order.iter().position(|x| x == *v)).unwrap();
            // not_applicable, which the merged question does not allow, becomes unknown.
            let expected = if *worst == NotApplicable { Unknown } else { *worst };
            prop_assert_eq!(new.answers["remedy-and-statistics"].answer, expected);
        }
        // The new question is added as unknown, with a comment.
        prop_assert_eq!(new.answers["user-notification"].answer, Unknown);
        prop_assert!(text.contains("# New question in version 2.1.0"));
        // Upgrading again changes nothing.
        let again = upgrade::upgrade(&new, &c).unwrap();
        prop_assert!(again.changes.is_empty() && again.changes.versions.len() == 1);
        prop_assert_eq!(again.file, new);
    }
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("salvaguarda").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

#[test]
fn upgrade_command_writes_a_new_file_and_never_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.toml");
    std::fs::copy(fixture("mini-answers.toml"), &old).unwrap();
    let before = std::fs::read(&old).unwrap();
    let new = dir.path().join("new.toml");
    let out = bin()
        .args(["--catalog", "tests/fixtures/upgrade", "upgrade"])
        .arg(&old)
        .arg("-o")
        .arg(&new)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("renamed  judge-order → prior-judicial-order"),
        "{stderr}"
    );
    assert!(stderr.contains("added    user-notification"), "{stderr}");
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "the old file is untouched"
    );
    // The new file lints clean against the new version (but for the new question).
    let lint = bin()
        .args(["--catalog", "tests/fixtures/upgrade", "lint"])
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(
        lint.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&lint.stderr)
    );

    // Never over an existing file without --overwrite, never over the input.
    let again = bin()
        .args(["--catalog", "tests/fixtures/upgrade", "upgrade"])
        .arg(&old)
        .arg("-o")
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    let onto_input = bin()
        .args([
            "--catalog",
            "tests/fixtures/upgrade",
            "upgrade",
            "--overwrite",
        ])
        .arg(&old)
        .arg("-o")
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(onto_input.status.code(), Some(2));
    assert_eq!(std::fs::read(&old).unwrap(), before);
    let forced = bin()
        .args([
            "--catalog",
            "tests/fixtures/upgrade",
            "upgrade",
            "--overwrite",
        ])
        .arg(&old)
        .arg("-o")
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
}

#[test]
fn an_old_version_names_the_upgrade_command() {
    let out = bin()
        .args([
            "--catalog",
            "tests/fixtures/upgrade",
            "report",
            "tests/fixtures/mini-answers.toml",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("error[version-mismatch]"), "{stderr}");
    assert!(stderr.contains("salvaguarda upgrade"), "{stderr}");
    // The old ids the migration maps are explained by the version, not listed one by one.
    assert!(!stderr.contains("unknown-item"), "{stderr}");
}

#[test]
fn upgrade_refuses_a_version_with_no_path() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.toml");
    let text = std::fs::read_to_string(fixture("mini-answers.toml"))
        .unwrap()
        .replace(
            "checklist_version = \"1.2.0\"",
            "checklist_version = \"0.9.0\"",
        );
    std::fs::write(&old, text).unwrap();
    let out = bin()
        .args(["--catalog", "tests/fixtures/upgrade", "upgrade"])
        .arg(&old)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no migration leads from version 0.9.0"),
        "{stderr}"
    );
    assert!(stderr.contains(":3:"), "the error is placed: {stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn plan_names_the_unknowns_to_verify_first_and_diff_shows_the_range_moving() {
    let c = mini();
    let before = file(
        &c,
        &[
            ("power-interception", Yes),
            ("judge-order", Unknown),
            ("reasoned-order", Yes),
            ("effective-remedy", Unknown),
            ("public-statistics", Yes),
        ],
    );
    let p = salvaguarda::plan::plan(&c, &before, "0", "all");
    assert_eq!(p.verdict, UNDETERMINED);
    assert_eq!(p.red_lines_unverified, vec!["judge-order".to_string()]);
    let first = &p.verify_first[0];
    assert_eq!(first.id, "judge-order");
    assert!(first.red_line);
    assert_eq!(first.verdict_if_no, INCOMPATIBLE);
    assert_ne!(first.verdict_if_yes, INCOMPATIBLE);
    // Every listed unknown really changes the verdict.
    for v in &p.verify_first {
        assert_ne!(v.verdict_if_yes, v.verdict_if_no, "{}", v.id);
    }
    // Reaching a band requires verifying the red line: it is in the set.
    let next = p.next_band.as_ref().unwrap();
    assert!(next.step.items.contains(&"judge-order".to_string()));
    assert_ne!(next.step.verdict, UNDETERMINED);

    // The judge-order answer verified: the red line is verified, the ceiling falls or stays,
    // the verified share grows.
    let mut after = before.clone();
    after.answers.get_mut("judge-order").unwrap().answer = Partial;
    let r1 = evaluate(&c, &before, "0", "all");
    let r2 = evaluate(&c, &after, "0", "all");
    let d = salvaguarda::diff::diff(&r1, &r2, salvaguarda::diff::Mode::Versions);
    assert_eq!(d.red_lines_verified, vec!["judge-order".to_string()]);
    assert!(d.red_lines_unverified.is_empty());
    assert!(d.coverage.delta > 0.0, "{:?}", d.coverage);
    assert!(d.ceiling.delta < 0.0, "{:?}", d.ceiling);
    assert_eq!(
        d.mirror().red_lines_unverified,
        vec!["judge-order".to_string()]
    );
}

#[test]
fn compare_red_line_gate_is_conservative_and_breach_gate_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("unverified.toml");
    let text = std::fs::read_to_string(fixture("mini-answers.toml"))
        .unwrap()
        .replace(
            "[answers.judge-order]\nanswer = \"partial\"",
            "[answers.judge-order]\nanswer = \"unknown\"",
        );
    assert!(text.contains("answer = \"unknown\""));
    std::fs::write(&f, text).unwrap();
    let run = |gate: &str| {
        bin()
            .args(["--catalog", "tests/fixtures", "compare", "--fail-on", gate])
            .arg(&f)
            .output()
            .unwrap()
    };
    let red = run("red-line");
    assert_eq!(red.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&red.stderr).contains("red lines not verified: judge-order"));
    assert_eq!(run("breach").status.code(), Some(0));
}

#[test]
fn upgrade_keeps_the_files_comments_with_their_answers() {
    let c = upgrade_catalog();
    let text = "# Our assessment of Bill 1.\n\n[assessment]\nchecklist = \"mini\"\nchecklist_version = \"1.2.0\"\njurisdiction = \"XX\"\ninstrument = \"Bill 1\"\n\n# Art. 10 needs a second reading.\n[answers.judge-order]\nanswer = \"partial\"\n\n# Checked by the committee.\n[answers.public-statistics]\nanswer = \"yes\"\n\n# [answers.reasoned-order]: left for later.\n";
    let old: AnswersFile = toml::from_str(text).unwrap();
    let kept = upgrade::comments_of(text);
    assert_eq!(kept.header, vec!["Our assessment of Bill 1.".to_string()]);
    assert_eq!(
        kept.trailer,
        vec!["[answers.reasoned-order]: left for later.".to_string()]
    );
    let up = upgrade::upgrade_with_comments(&old, &kept, &c).unwrap();
    let out = up.to_toml(&c);
    // The header stays on top, each comment moves with its answer (judge-order was renamed,
    // public-statistics merged), and the trailing comment stays at the end.
    assert!(out.starts_with("# Our assessment of Bill 1.\n"), "{out}");
    assert!(
        out.contains("# Art. 10 needs a second reading.\n[answers.prior-judicial-order]"),
        "{out}"
    );
    assert!(
        out.contains("# Checked by the committee.\n[answers.remedy-and-statistics]"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("# [answers.reasoned-order]: left for later."),
        "{out}"
    );
    // And the result is still a valid answers file of the new version.
    let parsed = salvaguarda::load::parse(salvaguarda::source::SourceFile::new(
        "up.toml".to_string(),
        out.clone(),
    ))
    .unwrap();
    let (checked, d) = salvaguarda::validate::answers(&parsed, &c);
    assert!(checked.is_some() && !d.has_errors(), "{}", d.render());
}
