//! `compare`, `diff` and `plan`: the commands as a user runs them (formats, bad files, gates,
//! assessors), and property tests of the diff (empty on itself, antisymmetric) and of the plan
//! (its fixes reach what it claims, and no smaller set does). Also the fast path of
//! `assess::load`: it must give exactly what the full path gives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use proptest::prelude::*;
use salvaguarda::assess;
use salvaguarda::catalog::{Catalog, load_dir};
use salvaguarda::checklist::Checklist;
use salvaguarda::diff::{Mode, diff};
use salvaguarda::evaluate::evaluate;
use salvaguarda::model::{Answer, AnswersFile, Evidence};
use salvaguarda::plan::{apply, plan};
use salvaguarda::result::INCOMPATIBLE;
use salvaguarda::source::SourceFile;
use serde_json::Value;

use crate::{bin, fixture};

fn many(name: &str) -> String {
    format!("tests/many/{name}")
}

fn mini() -> Checklist {
    let (c, d) = load_dir(&fixture("mini"));
    c.unwrap_or_else(|| panic!("mini checklist is valid: {}", d.render()))
}

fn shipped() -> Checklist {
    let (c, d) = Catalog::default().load("uncc-safeguards");
    c.unwrap_or_else(|| panic!("shipped checklist is valid: {}", d.render()))
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas")
            .join(name),
    )
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin()
        .args(["--catalog", "tests/fixtures"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

// ---------------------------------------------------------------------------------------------
// compare

#[test]
fn compare_shows_every_assessment_under_every_standard_and_area() {
    let (code, out, err) = run(&[
        "compare",
        &many("v2.toml"),
        &many("strong.toml"),
        &many("v1.toml"),
    ]);
    assert_eq!(code, 0, "{err}");
    // Not a terminal: no progress bar, and clean files print nothing on stderr.
    assert!(err.is_empty(), "{err}");
    assert!(out.starts_with("# Comparison: Mini checklist"), "{out}");
    assert!(out.contains("3 assessments compared"), "{out}");
    // Sorted by jurisdiction, then date: AA first, then XX first reading, then second.
    let aa = out.find("| AA |").unwrap();
    let first = out.find("| XX | Bill 1/2025 | first reading").unwrap();
    let second = out.find("| XX | Bill 1/2025 | second reading").unwrap();
    assert!(aa < first && first < second, "{out}");
    assert!(out.contains("| All | Core |"), "{out}");
    assert!(out.contains("| Judicial control | Remedy |"), "{out}");
    assert!(
        out.contains("| XX | Bill 1/2025 | first reading | 13.0 ⛔ | 5.0 ⛔ |"),
        "{out}"
    );
    // The overview carries the range and the verified share beside each score.
    assert!(out.contains("| Score | Could reach | Verified |"), "{out}");
    // User text is escaped in Markdown.
    assert!(out.contains("\\<script\\>"), "{out}");
}

#[test]
fn compare_sorts_by_score_and_is_byte_identical_whatever_the_argument_order() {
    let a = run(&[
        "compare",
        "--sort",
        "score",
        &many("v1.toml"),
        &many("v2.toml"),
        &many("strong.toml"),
    ]);
    let b = run(&[
        "compare",
        "--sort",
        "score",
        &many("strong.toml"),
        &many("v2.toml"),
        &many("v1.toml"),
    ]);
    assert_eq!(a.0, 0, "{}", a.2);
    let rows: Vec<&str> =
        a.1.lines()
            .filter(|l| l.starts_with("| AA |") || l.starts_with("| XX | Bill"))
            .collect();
    assert!(rows[0].starts_with("| AA |"), "{rows:?}");
    assert!(rows[1].contains("second reading"), "{rows:?}");
    assert!(rows[2].contains("first reading"), "{rows:?}");
    // Paths differ in order only: the output is the same.
    assert_eq!(a.1, b.1);
}

#[test]
fn compare_json_is_valid_against_its_schema() {
    let (code, out, err) = run(&[
        "compare",
        "tests/many/v1.toml",
        "tests/many/v2.toml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let s = validator("compare.schema.json");
    assert!(
        s.is_valid(&v),
        "{:?}",
        s.iter_errors(&v).map(|e| e.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);
    assert_eq!(v["rows"][0]["verdict"], INCOMPATIBLE);
    assert_eq!(v["rows"][0]["red_line_breaches"][0], "judge-order");
    assert_eq!(v["areas"], serde_json::json!(["judicial", "remedy"]));
    assert_eq!(v["rows"][1]["profiles"][1]["id"], "core");
}

#[test]
fn compare_csv_has_a_column_per_figure_and_defuses_formulas() {
    let (code, out, err) = run(&[
        "compare",
        "tests/many",
        "--format",
        "csv",
        "--checklist",
        "mini",
    ]);
    // The folder holds bad files too: they are reported and left out, the others compared.
    assert_eq!(code, 2, "{err}");
    let mut lines = out.lines();
    let head = lines.next().unwrap();
    assert!(head.starts_with(
        "file,jurisdiction,instrument,version,assessor,date,sha256,profile,score,verdict"
    ));
    assert!(head.contains(
        "gaps,ceiling,coverage,band,red_lines_unverified,all.score,all.verdict,core.score,core.verdict,area.judicial,area.remedy"
    ), "{head}");
    assert!(
        head.ends_with("all.ceiling,all.coverage,core.ceiling,core.coverage"),
        "{head}"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 4, "{out}");
    assert!(out.contains("'=HYPERLINK("), "{out}");
}

#[test]
fn compare_reports_a_bad_file_and_still_compares_the_others() {
    let (code, out, err) = run(&[
        "compare",
        &many("v1.toml"),
        &many("broken.toml"),
        &many("other-checklist.toml"),
        &many("v2.toml"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("error[unknown-item]"), "{err}");
    assert!(err.contains("tests/many/broken.toml:8:10"), "{err}");
    assert!(err.contains("error[checklist-mismatch]"), "{err}");
    assert!(
        err.contains("is for checklist `uncc-safeguards`, not `mini`"),
        "{err}"
    );
    assert!(
        err.contains("2 of 4 file(s) could not be compared"),
        "{err}"
    );
    assert!(out.contains("2 assessments compared"), "{out}");
    assert!(out.contains("## Files not compared"), "{out}");
    assert!(
        out.contains("| `tests/many/broken.toml` | 1 | `unknown-item` |"),
        "{out}"
    );
}

#[test]
fn compare_html_is_a_self_contained_escaped_heat_map() {
    let (code, out, err) = run(&[
        "compare",
        &many("v1.toml"),
        &many("strong.toml"),
        "--format",
        "html",
        "--lang",
        "es",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert!(out.contains("<html lang=\"es\">"));
    assert!(out.contains("<style>") && out.contains("@media print"));
    assert!(!out.contains("<script>"), "user text must be escaped");
    assert!(out.contains("&lt;script&gt;"));
    assert!(
        !out.contains("src=") && !out.contains("<link"),
        "no external resources"
    );
    assert!(out.contains("class=\"num h10\">100.0"), "{out}");
    assert!(out.contains("class=\"num h1\">13.0"), "{out}");
    assert!(out.contains("Comparación"));
}

#[test]
fn compare_gates_apply_to_every_file() {
    let (code, _, err) = run(&[
        "compare",
        &many("v2.toml"),
        &many("strong.toml"),
        "--fail-under",
        "60",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("tests/many/v2.toml: score 57.8 is below --fail-under 60"),
        "{err}"
    );
    let (code, _, _) = run(&[
        "compare",
        &many("v2.toml"),
        &many("strong.toml"),
        "--fail-under",
        "50",
    ]);
    assert_eq!(code, 0);
    let (code, _, err) = run(&[
        "compare",
        &many("v1.toml"),
        &many("strong.toml"),
        "--fail-on",
        "red-line",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("tests/many/v1.toml: red lines breached: judge-order"),
        "{err}"
    );
    let (code, _, err) = run(&["compare", &many("v2.toml"), "--fail-on", "critical"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("critical safeguards not fully met: judge-order"),
        "{err}"
    );
    let (code, _, _) = run(&[
        "compare",
        &many("strong.toml"),
        "--fail-on",
        "critical",
        "--fail-on",
        "red-line",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn compare_strict_leaves_out_files_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let partial = dir.path().join("unanswered.toml");
    let text = std::fs::read_to_string(many("v2.toml")).unwrap();
    let cut = text.find("[answers.public-statistics]").unwrap();
    std::fs::write(&partial, &text[..cut]).unwrap();
    let p = partial.to_str().unwrap();
    let (code, out, err) = run(&["compare", &many("v1.toml"), p]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[unanswered]"), "{err}");
    assert!(out.contains("2 assessments compared"), "{out}");
    let (code, out, err) = run(&["compare", &many("v1.toml"), p, "--strict"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error[unanswered]"), "{err}");
    assert!(out.contains("1 assessments compared"), "{out}");
}

#[test]
fn compare_refuses_an_unknown_profile_and_never_overwrites_an_input() {
    let (code, _, err) = run(&["compare", &many("v1.toml"), "--profile", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("choose one of: all, core"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.toml");
    std::fs::copy(many("v1.toml"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let (code, _, err) = run(&[
        "compare",
        input.to_str().unwrap(),
        "-o",
        input.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("refusing to overwrite an input file"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

// ---------------------------------------------------------------------------------------------
// diff

#[test]
fn diff_names_each_changed_item_and_the_red_lines_cleared() {
    let (code, out, err) = run(&["diff", &many("v1.toml"), &many("v2.toml")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("# What changed: Bill 1/2025"), "{out}");
    assert!(
        out.contains("| Version assessed | first reading | second reading |"),
        "{out}"
    );
    assert!(out.contains("| Score | 13.0 | 57.8 (+44.8) |"), "{out}");
    assert!(
        out.contains("**Red lines cleared (1)**\n\n- `judge-order`"),
        "{out}"
    );
    assert!(
        out.contains("## Safeguards gained (1)\n\n- `effective-remedy`"),
        "{out}"
    );
    assert!(out.contains("## Answers that changed (2)"), "{out}");
    assert!(out.contains("`judge-order` · Judicial control"), "{out}");
    // Both answers and both evidence, side by side.
    assert!(
        out.contains("| Answer | No (Missing, **Red line**)"),
        "{out}"
    );
    assert!(
        out.contains("«The prosecutor shall order the interception.»"),
        "{out}"
    );
    assert!(
        out.contains("«In urgent cases the order may be issued afterwards.»"),
        "{out}"
    );
    assert!(out.contains("| All | 13.0 | 57.8 | +44.8 |"), "{out}");
    assert!(out.contains("| Remedy | 33.3 | 100.0 | +66.7 |"), "{out}");
}

#[test]
fn diff_json_is_valid_and_mirrors_when_the_files_swap() {
    let (code, ab, err) = run(&[
        "diff",
        &many("v1.toml"),
        &many("v2.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let (_, ba, _) = run(&[
        "diff",
        &many("v2.toml"),
        &many("v1.toml"),
        "--format",
        "json",
    ]);
    let ab: Value = serde_json::from_str(&ab).unwrap();
    let ba: Value = serde_json::from_str(&ba).unwrap();
    let s = validator("diff.schema.json");
    assert!(s.is_valid(&ab) && s.is_valid(&ba));
    assert_eq!(ab["red_lines_cleared"], serde_json::json!(["judge-order"]));
    assert_eq!(ba["red_lines_breached"], serde_json::json!(["judge-order"]));
    assert_eq!(ab["score"]["delta"], 44.8);
    assert_eq!(ba["score"]["delta"], -44.8);
    assert_eq!(ab["mode"], "versions");
    let ids = |v: &Value| -> Vec<String> {
        v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&ab), ["judge-order", "effective-remedy"]);
    assert_eq!(ids(&ab), ids(&ba));
}

#[test]
fn diff_of_two_assessors_shows_their_disagreements_side_by_side() {
    let (code, out, err) = run(&["diff", &many("v2.toml"), &many("ngo.toml")]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("# Where the assessors disagree: Bill 1/2025"),
        "{out}"
    );
    assert!(
        out.contains("| | Ministry | NGO \\<Observatorio\\> |"),
        "{out}"
    );
    assert!(out.contains("## Disagreements, item by item (1)"), "{out}");
    assert!(out.contains("«Notification is not required.»"), "{out}");
    assert!(
        out.contains(
            "«Anyone surveilled may appeal \\<b\\>to a judge\\</b\\> \\| within 30 days.»"
        ),
        "{out}"
    );
    assert!(!out.contains("Safeguards gained"), "{out}");
    let (_, html, _) = run(&[
        "diff",
        &many("v2.toml"),
        &many("ngo.toml"),
        "--format",
        "html",
    ]);
    assert!(html.contains("<th>NGO &lt;Observatorio&gt;</th>"), "{html}");
    assert!(
        html.contains("<strong>Art. 15</strong> Notification is not required."),
        "{html}"
    );
    assert!(!html.contains("<b>to a judge"), "evidence is escaped");
    // --assessors forces the wording for files that differ in version.
    let (_, forced, _) = run(&["diff", &many("v1.toml"), &many("v2.toml"), "--assessors"]);
    assert!(
        forced.starts_with("# Where the assessors disagree"),
        "{forced}"
    );
}

#[test]
fn diff_gate_fails_on_a_regression_only() {
    let (code, _, err) = run(&[
        "diff",
        &many("v2.toml"),
        &many("v1.toml"),
        "--fail-on-regression",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("the score fell from 57.8 to 13.0"), "{err}");
    assert!(
        err.contains("red lines newly breached: judge-order"),
        "{err}"
    );
    assert!(err.contains("safeguards lost: effective-remedy"), "{err}");
    let (code, _, _) = run(&[
        "diff",
        &many("v1.toml"),
        &many("v2.toml"),
        "--fail-on-regression",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn diff_refuses_files_of_different_checklists_with_positions() {
    let (code, out, err) = run(&["diff", &many("v1.toml"), &many("other-checklist.toml")]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("error[checklist-mismatch]"), "{err}");
    assert!(
        err.contains("tests/many/other-checklist.toml:3:13"),
        "{err}"
    );
    let (code, _, err) = run(&["diff", &many("broken.toml"), &many("v1.toml")]);
    assert_eq!(code, 2);
    assert!(err.contains("error[unknown-item]"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// plan

#[test]
fn plan_ranks_fixes_and_names_the_sets() {
    let (code, out, err) = run(&["plan", &many("v1.toml")]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("# What to amend first: Bill 1/2025"),
        "{out}"
    );
    assert!(out.contains("## Clear every red line"), "{out}");
    assert!(
        out.contains("- **Does interception need a prior judicial order?** (`judge-order`, +56.3)"),
        "{out}"
    );
    assert!(out.contains("**Adequate** (from 80.0): 2 fixes."), "{out}");
    assert!(out.contains("| 1 | Does interception need a prior judicial order? (`judge-order`) **Red line** | Critical | No | +56.3 | 69.3 |"), "{out}");
    let (code, json, _) = run(&[
        "plan",
        &many("v1.toml"),
        "--format",
        "json",
        "--profile",
        "core",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert!(validator("plan.schema.json").is_valid(&v));
    assert_eq!(v["profile"], "core");
    assert_eq!(
        v["clear_red_lines"]["items"],
        serde_json::json!(["judge-order"])
    );
    let (_, strong, _) = run(&["plan", &many("strong.toml"), "--lang", "pt"]);
    assert!(
        strong.contains("O projeto já está na faixa mais alta"),
        "{strong}"
    );
    assert!(strong.contains("Sem lacunas"), "{strong}");
}

// ---------------------------------------------------------------------------------------------
// properties

/// A random answers file: each item answered with any value it allows (or not at all), with or
/// without a note and evidence, so that two files differ in every way a diff looks at.
fn answers_strategy(c: &Checklist) -> impl Strategy<Value = AnswersFile> + use<> {
    let header = crate::assessment_for(c);
    let per_item: Vec<_> = c
        .items
        .iter()
        .map(|i| {
            let opts = crate::allowed_answers(i);
            (
                Just(i.id.clone()),
                proptest::sample::select(opts),
                proptest::option::of("[a-z ]{1,12}"),
                proptest::option::of("Art\\. [0-9]{1,2}"),
            )
        })
        .collect();
    per_item.prop_map(move |v| {
        let answers: BTreeMap<String, Answer> = v
            .into_iter()
            .filter_map(|(id, a, note, article)| {
                a.map(|a| {
                    (
                        id,
                        Answer {
                            answer: a,
                            note,
                            evidence: article
                                .map(|x| {
                                    vec![Evidence {
                                        article: Some(x),
                                        quote: None,
                                    }]
                                })
                                .unwrap_or_default(),
                        },
                    )
                })
            })
            .collect();
        AnswersFile {
            assessment: header.clone(),
            answers,
        }
    })
}

fn check_plan(c: &Checklist, a: &AnswersFile, profile: &str) -> Result<(), TestCaseError> {
    let p = plan(c, a, "0", profile);
    let now = evaluate(c, a, "0", profile);
    // The red-line set is exactly the breaches, and applying it clears them all.
    let mut breaches = now.red_line_breaches.clone();
    breaches.sort();
    let mut set = p.clear_red_lines.items.clone();
    set.sort();
    prop_assert_eq!(&set, &breaches);
    let cleared = evaluate(c, &apply(a, &p.clear_red_lines.items), "0", profile);
    prop_assert!(cleared.red_line_breaches.is_empty());
    prop_assert_eq!(cleared.score, p.clear_red_lines.score);
    prop_assert_eq!(&cleared.verdict, &p.clear_red_lines.verdict);
    // Each fix alone gives the score it claims.
    for f in &p.fixes {
        let r = evaluate(c, &apply(a, std::slice::from_ref(&f.id)), "0", profile);
        prop_assert_eq!(r.score, f.score_after, "fix {}", f.id);
    }
    // Gains are ranked, largest first.
    prop_assert!(p.fixes.windows(2).all(|w| w[0].gain >= w[1].gain));
    // The next band is reached by the set named, and by no smaller set.
    let chosen = c.profile(profile).unwrap();
    let top = chosen.bands.iter().map(|b| b.min).fold(f64::MIN, f64::max);
    match &p.next_band {
        None => {
            prop_assert!(now.verdict != INCOMPATIBLE && now.score >= top);
        }
        Some(t) => {
            let reached = evaluate(c, &apply(a, &t.step.items), "0", profile);
            prop_assert!(reached.red_line_breaches.is_empty());
            prop_assert!(reached.score >= t.min, "{} < {}", reached.score, t.min);
            // At least the band aimed at: the forced red-line fixes may overshoot it.
            prop_assert_eq!(&reached.verdict, &t.step.verdict);
            prop_assert_eq!(reached.score, t.step.score);
            prop_assert!(t.min > now.score || now.verdict == INCOMPATIBLE);
            // Exhaustive check of minimality when the gaps are few.
            let gaps: Vec<&str> = p.fixes.iter().map(|f| f.id.as_str()).collect();
            if gaps.len() <= 10 {
                for mask in 0u32..(1 << gaps.len()) {
                    if (mask.count_ones() as usize) >= t.step.items.len() {
                        continue;
                    }
                    let subset: Vec<String> = gaps
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| mask & (1 << i) != 0)
                        .map(|(_, g)| g.to_string())
                        .collect();
                    let r = evaluate(c, &apply(a, &subset), "0", profile);
                    prop_assert!(
                        !(r.red_line_breaches.is_empty() && r.score >= t.min),
                        "{subset:?} is smaller than {:?} and reaches {}",
                        t.step.items,
                        t.verdict
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn diff_of_a_file_with_itself_is_empty(a in answers_strategy(&mini()), profile in proptest::sample::select(vec!["all", "core"])) {
        let c = mini();
        let r = evaluate(&c, &a, "0", profile);
        let d = diff(&r, &r, Mode::Versions);
        prop_assert!(d.is_empty(), "{d:?}");
        prop_assert!(d.changes.is_empty());
    }

    #[test]
    fn diff_is_antisymmetric(a in answers_strategy(&mini()), b in answers_strategy(&mini()), profile in proptest::sample::select(vec!["all", "core"])) {
        let c = mini();
        let ra = evaluate(&c, &a, "a", profile);
        let rb = evaluate(&c, &b, "b", profile);
        let ab = diff(&ra, &rb, Mode::Versions);
        let ba = diff(&rb, &ra, Mode::Versions);
        prop_assert_eq!(&ba, &ab.mirror());
        prop_assert_eq!(&ab.mirror().mirror(), &ab);
        // A change is listed on both sides, and only where something differs.
        prop_assert_eq!(ab.changes.len(), ba.changes.len());
        prop_assert_eq!(ab.is_empty(), ba.is_empty());
    }

    #[test]
    fn the_plan_reaches_what_it_claims_on_the_mini_checklist(a in answers_strategy(&mini()), profile in proptest::sample::select(vec!["all", "core"])) {
        check_plan(&mini(), &a, profile)?;
    }

    /// The fast path of `assess::load` gives what the full path gives, for any file.
    #[test]
    fn the_fast_path_agrees_with_the_full_path(a in answers_strategy(&mini())) {
        let text = toml::to_string(&a).unwrap();
        let catalog = Catalog { dir: Some(fixture("")) };
        let pre = [Arc::new(mini())];
        let (fast, fd) = assess::load(SourceFile::new("x.toml", text.clone()), &catalog, None, &pre);
        let (slow, sd) = assess::load_checked(SourceFile::new("x.toml", text), &catalog, None, &[]);
        let json = |x: &Option<assess::Assessment>| x.as_ref().map(|a| serde_json::to_value(&a.answers).unwrap());
        prop_assert_eq!(json(&fast), json(&slow));
        prop_assert_eq!(fd.render(), sd.render());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn diff_and_plan_hold_on_the_shipped_catalog(a in answers_strategy(&shipped()), b in answers_strategy(&shipped())) {
        let c = shipped();
        for profile in ["all", "red-lines"] {
            let ra = evaluate(&c, &a, "a", profile);
            let rb = evaluate(&c, &b, "b", profile);
            prop_assert!(diff(&ra, &ra, Mode::Versions).is_empty());
            prop_assert_eq!(diff(&rb, &ra, Mode::Versions), diff(&ra, &rb, Mode::Versions).mirror());
        }
        check_plan(&c, &a, "inter-american")?;
    }
}

/// Every answers file the tests ship (valid, invalid, examples) gets the same answers and the
/// same diagnostics through `assess::load`, its checklist preloaded or found in the catalog, as
/// through the full path alone.
#[test]
fn the_fast_path_agrees_with_the_full_path_on_every_fixture() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![fixture("mini-answers.toml")];
    for dir in ["tests/many", "tests/invalid", "examples"] {
        if let Ok(rd) = std::fs::read_dir(root.join(dir)) {
            files.extend(
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml")),
            );
        }
    }
    files.sort();
    let catalog = Catalog {
        dir: Some(fixture("")),
    };
    let pre = [Arc::new(mini()), Arc::new(shipped())];
    for f in &files {
        let Ok(src) = salvaguarda::input::read_source(f, salvaguarda::input::Kind::Answers) else {
            continue;
        };
        let (fast, fd) = assess::load(src.clone(), &catalog, None, &pre);
        let (found, ld) = assess::load(src.clone(), &catalog, None, &[]);
        let (slow, sd) = assess::load_checked(src.clone(), &catalog, None, &[]);
        let json = |x: &Option<assess::Assessment>| {
            x.as_ref().map(|a| {
                serde_json::json!({
                    "answers": a.answers,
                    "checklist": a.checklist.to_file(),
                    "checklist_sha256": a.checklist.sha256,
                    "sha256": a.sha256,
                })
            })
        };
        assert_eq!(json(&fast), json(&slow), "{}", f.display());
        assert_eq!(fd.render(), sd.render(), "{}", f.display());
        assert_eq!(json(&found), json(&slow), "{}", f.display());
        assert_eq!(ld.render(), sd.render(), "{}", f.display());
    }
    // Clean files do take the fast path.
    let mini = mini();
    for name in ["v1.toml", "v2.toml", "ngo.toml", "strong.toml"] {
        let text = std::fs::read_to_string(many(name)).unwrap();
        assert!(assess::quick(&text, &mini).is_some(), "{name}");
    }
    for name in ["broken.toml", "other-checklist.toml"] {
        let text = std::fs::read_to_string(many(name)).unwrap();
        assert!(assess::quick(&text, &mini).is_none(), "{name}");
    }
}

#[test]
fn the_bundled_examples_compare_diff_and_plan() {
    let out = bin()
        .args(["compare", "examples", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 4);
    assert!(validator("compare.schema.json").is_valid(&v));

    let out = bin()
        .args([
            "diff",
            "examples/red-lines.toml",
            "examples/red-lines-amended.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = |key: &str| -> Vec<String> {
        d[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids("red_lines_cleared"),
        [
            "interception-prior-judicial-order",
            "realtime-traffic-prior-judicial-order",
            "location-prior-judicial-order",
            "user-notification",
            "judicial-remedy-for-affected-persons"
        ]
    );
    assert_eq!(ids("lost"), ["preservation-max-90-days"]);
    let changed: Vec<&str> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(changed.len(), 7, "{changed:?}");
    assert!(changed.contains(&"preservation-max-90-days"));
    // The amendment that gave interception a judge's prior order covers real-time location too.
    assert!(changed.contains(&"location-prior-judicial-order"));

    // The plan's red-line fixes, applied to the example's answers, clear every red line.
    let c = Arc::new(shipped());
    for name in ["red-lines.toml", "red-lines-amended.toml", "mixed.toml"] {
        let src = salvaguarda::input::read_source(
            Path::new(&format!("examples/{name}")),
            salvaguarda::input::Kind::Answers,
        )
        .unwrap();
        let (a, d) = assess::load(src, &Catalog::default(), None, std::slice::from_ref(&c));
        let a = a.unwrap_or_else(|| panic!("{}", d.render()));
        for profile in ["all", "red-lines", "inter-american"] {
            let p = plan(&c, &a.answers, "0", profile);
            let fixed = evaluate(
                &c,
                &apply(&a.answers, &p.clear_red_lines.items),
                "0",
                profile,
            );
            assert!(fixed.red_line_breaches.is_empty(), "{name} {profile}");
            if let Some(t) = &p.next_band {
                let r = evaluate(&c, &apply(&a.answers, &t.step.items), "0", profile);
                assert!(r.red_line_breaches.is_empty(), "{name} {profile}");
                assert!(r.score >= t.min, "{name} {profile}");
                assert_eq!(r.verdict, t.step.verdict, "{name} {profile}");
            }
        }
    }
}

/// `compare` builds rows from summaries; they equal the rows built from full reports.
#[test]
fn rows_from_summaries_equal_rows_from_reports() {
    let c = shipped();
    for name in ["strong.toml", "mixed.toml", "red-lines.toml"] {
        let text = std::fs::read_to_string(format!("examples/{name}")).unwrap();
        let a = assess::quick(&text, &c).unwrap();
        for p in &c.profiles {
            let report = evaluate(&c, &a, "0", &p.id);
            let s = salvaguarda::evaluate::summary(&c, &a, &p.id);
            assert_eq!(
                salvaguarda::compare::Row::from_summary(name, &a.assessment, "0", s),
                salvaguarda::compare::Row::new(name, &report),
                "{name} {}",
                p.id
            );
        }
    }
}
