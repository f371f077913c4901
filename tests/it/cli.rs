//! The command line as a user runs it: the README's commands, every subcommand, exit codes,
//! output files, gates and template overrides.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::{bin, fixture};

const EXAMPLES: [&str; 3] = [
    "examples/strong.toml",
    "examples/mixed.toml",
    "examples/red-lines.toml",
];

fn json_report(path: &str, profile: Option<&str>) -> Value {
    let mut cmd = bin();
    cmd.args(["report", path, "--format", "json"]);
    if let Some(p) = profile {
        cmd.args(["--profile", p]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas")
            .join(name),
    )
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

#[test]
fn demo_prints_a_gap_report() {
    bin()
        .arg("demo")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# Safeguards gap report"))
        .stdout(predicate::str::contains("## Verdict: "))
        .stdout(predicate::str::contains("## Scores by standard"));
}

#[test]
fn demo_speaks_spanish_and_portuguese() {
    bin()
        .args(["demo", "--lang", "es"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Informe de brechas"));
    bin()
        .args(["demo", "--lang", "pt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Relatório de lacunas"));
}

#[test]
fn shipped_checklists_and_examples_lint_clean() {
    let mut cmd = bin();
    cmd.args(["lint", "--strict", "checklists/uncc-safeguards"])
        .args(EXAMPLES);
    cmd.assert()
        .success()
        .stdout(predicate::str::contains("ok: examples/mixed.toml"));
}

#[test]
fn json_report_is_valid_against_the_result_schema_and_has_the_fixed_fields() {
    let v = schema("result.schema.json");
    for ex in EXAMPLES {
        let r = json_report(ex, None);
        let errors: Vec<String> = v
            .iter_errors(&r)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{ex}: {errors:?}");
        for key in [
            "checklist",
            "assessment",
            "profile",
            "score",
            "verdict",
            "red_line_breaches",
            "areas",
            "profiles",
            "lenses",
            "items",
        ] {
            assert!(r.get(key).is_some(), "{ex} lacks `{key}`");
        }
        for key in ["id", "version", "sha256"] {
            assert!(r["checklist"].get(key).is_some());
        }
        assert_eq!(r["assessment"]["sha256"].as_str().unwrap().len(), 64);
        let item = &r["items"][0];
        for key in [
            "id", "area", "answer", "status", "score", "weight", "severity", "red_line", "kind",
            "evidence", "cites",
        ] {
            assert!(item.get(key).is_some(), "item lacks `{key}`");
        }
        assert_eq!(r["profiles"].as_array().unwrap().len(), 6);
    }
}

#[test]
fn strong_beats_mixed_beats_red_lines_and_red_lines_fail() {
    let score = |r: &Value| r["score"].as_f64().unwrap();
    let strong = json_report(EXAMPLES[0], None);
    let mixed = json_report(EXAMPLES[1], None);
    let weak = json_report(EXAMPLES[2], None);
    assert!(
        score(&strong) > score(&mixed),
        "{} vs {}",
        score(&strong),
        score(&mixed)
    );
    assert!(
        score(&mixed) > score(&weak),
        "{} vs {}",
        score(&mixed),
        score(&weak)
    );
    assert_eq!(weak["verdict"], "incompatible");
    assert!(!weak["red_line_breaches"].as_array().unwrap().is_empty());
    assert!(strong["red_line_breaches"].as_array().unwrap().is_empty());
    // Under every standard, the weak bill fails its red lines.
    for p in weak["profiles"].as_array().unwrap() {
        if !p["red_line_breaches"].as_array().unwrap().is_empty() {
            assert_eq!(p["verdict"], "incompatible");
        }
    }
    // The Markdown report says so up front.
    bin()
        .args(["report", EXAMPLES[2], "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "## Verdict: Incompatible: red lines breached",
        ))
        .stdout(predicate::str::contains("## Red lines breached"));
}

#[test]
fn turning_any_no_into_yes_never_lowers_an_example_score() {
    use salvaguarda::catalog::Catalog;
    use salvaguarda::evaluate::evaluate;
    use salvaguarda::model::{AnswerValue, AnswersFile, ItemKind};
    let c = Catalog::default().load("uncc-safeguards").0.unwrap();
    for ex in EXAMPLES {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ex)).unwrap();
        let a: AnswersFile = toml::from_str(&text).unwrap();
        let base = evaluate(&c, &a, "0", "all");
        let mut changed = 0;
        for (id, ans) in &a.answers {
            if ans.answer != AnswerValue::No || c.item(id).unwrap().kind != ItemKind::Safeguard {
                continue;
            }
            let mut b = a.clone();
            b.answers.get_mut(id).unwrap().answer = AnswerValue::Yes;
            for p in &c.profiles {
                let before = evaluate(&c, &a, "0", &p.id);
                let after = evaluate(&c, &b, "0", &p.id);
                assert!(
                    after.score >= before.score,
                    "{ex}: {id} no→yes lowered {}",
                    p.id
                );
            }
            changed += 1;
        }
        assert!(base.score <= 100.0);
        if ex != EXAMPLES[0] {
            assert!(changed > 0, "{ex} has no `no` answer to flip");
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    for fmt in ["md", "json"] {
        let a = bin()
            .args(["report", EXAMPLES[1], "--format", fmt])
            .output()
            .unwrap();
        let b = bin()
            .args(["report", EXAMPLES[1], "--format", fmt])
            .output()
            .unwrap();
        assert!(a.status.success());
        assert_eq!(a.stdout, b.stdout);
    }
}

#[test]
fn gates_exit_with_1() {
    bin()
        .args([
            "report",
            EXAMPLES[2],
            "--fail-on",
            "red-line",
            "--lang",
            "en",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("red lines breached"));
    // Without --lang, the gate speaks the answers file's language (Portuguese here).
    bin()
        .args(["report", EXAMPLES[2], "--fail-on", "red-line"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("linhas vermelhas violadas"));
    bin()
        .args(["report", EXAMPLES[0], "--fail-on", "red-line"])
        .assert()
        .code(0);
    bin()
        .args(["report", EXAMPLES[1], "--fail-under", "100", "--lang", "en"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("below --fail-under 100"));
    // In the answers file's language (Spanish), with its decimal comma.
    bin()
        .args(["report", EXAMPLES[1], "--fail-under", "100"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "el puntaje 54,40 es inferior a --fail-under 100",
        ));
    bin()
        .args(["report", EXAMPLES[1], "--fail-under", "0"])
        .assert()
        .code(0);
    bin()
        .args(["report", EXAMPLES[2], "--fail-on", "critical"])
        .assert()
        .code(1);
    bin()
        .args(["report", EXAMPLES[1], "--fail-under", "101"])
        .assert()
        .code(2);
}

#[test]
fn output_file_is_written_and_inputs_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bill.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLES[1]),
        &input,
    )
    .unwrap();
    let before = std::fs::read(&input).unwrap();
    bin()
        .args(["report"])
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[output-refused]"))
        // The answers file is in Spanish: so are the command's messages.
        .stderr(predicate::str::contains(
            "no se sobrescribirá un archivo de entrada",
        ));
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let out = dir.path().join("report.md");
    bin()
        .args(["report"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("# Informe de brechas de salvaguardas"),
        "the report speaks the answers file's language (Spanish) by default"
    );
}

#[test]
fn bad_input_gives_exit_2_positions_and_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[assessment]\nchecklist = \"uncc-safeguards\"\nchecklist_version = \"2.0.0\"\njurisdiction = \"XX\"\ninstrument = \"B\"\n\n[answers.no-such-item]\nanswer = \"yes\"\n").unwrap();
    let out = dir.path().join("out.md");
    bin()
        .args(["report"])
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[unknown-item]"))
        .stderr(predicate::str::contains("bad.toml:7:10"));
    assert!(!out.exists(), "no partial output on bad input");

    std::fs::write(&bad, "[assessment\nchecklist = 1\n").unwrap();
    bin()
        .args(["report"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[toml-syntax]"))
        .stderr(predicate::str::contains("bad.toml:1:"));
    bin()
        .args(["report", "does-not-exist.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does-not-exist.toml"));
}

#[test]
fn init_writes_a_template_that_lints_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bill.toml");
    bin()
        .args(["init", "uncc-safeguards", "--lang", "es", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("[answers.power-interception]"));
    assert!(text.contains("language = \"es\""));
    assert!(text.contains("# ¿"), "questions in Spanish as comments");
    bin().arg("lint").arg(&out).assert().success();
    bin()
        .arg("report")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Informe de brechas"));
    // A second init to the same file refuses and leaves it alone.
    std::fs::write(&out, "my answers").unwrap();
    bin()
        .args(["init", "uncc-safeguards", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "my answers");
}

#[test]
fn show_prints_the_catalog_in_each_language_and_as_schema_valid_json() {
    bin()
        .args(["show", "uncc-safeguards", "--lang", "pt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("## Registro de fontes"));
    let out = bin()
        .args(["show", "uncc-safeguards", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = schema("checklist.schema.json")
        .iter_errors(&v)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(v["items"].as_array().unwrap().len() >= 65);
    bin()
        .args(["show", "uncc-safeguards", "--lang", "fr"])
        .assert()
        .code(2);
    bin()
        .args(["show", "no-such"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("checklist-not-found"));
}

#[test]
fn list_names_the_embedded_checklist_and_a_catalog_folder() {
    bin()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("uncc-safeguards 2.0.0 (embedded)"));
    bin()
        .args(["--catalog", "tests/fixtures", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("mini 1.2.0"));
}

#[test]
fn templates_can_be_overridden_file_by_file_and_are_strict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.md.hbs"),
        "CUSTOM {{score}} {{verdict.id}}\n",
    )
    .unwrap();
    bin()
        .arg("--templates")
        .arg(dir.path())
        .args(["report", EXAMPLES[2]])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("CUSTOM "))
        .stdout(predicate::str::contains("incompatible"));
    std::fs::write(dir.path().join("report.md.hbs"), "{{scroe}}\n").unwrap();
    bin()
        .arg("--templates")
        .arg(dir.path())
        .args(["report", EXAMPLES[2]])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("scroe"));
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in [
        "list",
        "show",
        "lint",
        "init",
        "report",
        "scan",
        "demo",
        "interview",
        "export",
        "import",
        "templates",
        "compare",
        "diff",
        "plan",
        "completions",
        "man",
    ] {
        bin()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example:"));
    }
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn mini_fixture_scores_through_the_cli() {
    let out = bin()
        .args(["--catalog", "tests/fixtures", "report"])
        .arg(fixture("mini-answers.toml"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["score"], 41.1);
}
