//! What a reader is told: an untouched template is not an assessment, badges agree with the
//! counts above them, and numbers, plurals, pins and messages speak the reader's language.

use predicates::prelude::*;
use tempfile::TempDir;

use crate::bin;

fn template(lang: &str) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bill.toml");
    bin()
        .args(["init", "uncc-safeguards", "--lang", lang, "-o"])
        .arg(&path)
        .assert()
        .success();
    (dir, path)
}

#[test]
fn an_untouched_template_reads_as_unanswered() {
    let (_dir, path) = template("en");
    let out = bin().arg("lint").arg(&path).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains(": 0 of 175 answered"), "{stdout}");
    assert!(!stdout.contains("175 answered)"), "{stdout}");
    assert!(
        stderr.contains("warning[template-placeholder]: `instrument`"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing is answered yet"), "{stderr}");
    // Under --strict an untouched template fails.
    bin().args(["lint", "--strict"]).arg(&path).assert().code(2);
    // The report names no bill "Bill ..." and says why it cannot judge.
    let out = bin().arg("report").arg(&path).output().unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(!md.contains("Bill ..."), "{md}");
    assert!(
        md.starts_with("# Safeguards gap report: Bill not named yet"),
        "{md}"
    );
    assert!(md.contains("Undetermined"), "{md}");
    assert!(!md.contains("Incompatible: red lines breached"), "{md}");
    assert!(md.contains("Nothing is answered yet"), "{md}");
    // Once one answer is given, the hint goes.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("answer = \"unknown\"", "answer = \"yes\"", 1)
        .replace("\"Bill ...\"", "\"Ley 1\"");
    std::fs::write(&path, text).unwrap();
    bin()
        .arg("lint")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(": 1 of 175 answered"))
        .stderr(predicate::str::contains("template-placeholder").not());
}

#[test]
fn the_template_speaks_its_language() {
    for (lang, words) in [
        (
            "es",
            [
                "Archivo de respuestas",
                "el proyecto o la ley evaluada",
                "principio ",
            ],
        ),
        (
            "pt",
            [
                "Arquivo de respostas",
                "o projeto ou a lei avaliada",
                "princípio ",
            ],
        ),
    ] {
        let (_dir, path) = template(lang);
        let text = std::fs::read_to_string(&path).unwrap();
        for w in words {
            assert!(text.contains(w), "{lang}: {w}");
        }
        for english in ["answers file for", "the bill or law assessed", "principle "] {
            assert!(!text.contains(english), "{lang}: {english}");
        }
        // Messages follow --lang.
        let dir = TempDir::new().unwrap();
        let out = dir.path().join("x.toml");
        let said = bin()
            .args(["init", "uncc-safeguards", "--lang", lang, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&said.stderr);
        assert!(!stderr.contains("answer each question"), "{lang}: {stderr}");
    }
}

#[test]
fn messages_follow_the_locale_and_the_answers_language() {
    // LANG chooses the language of lint's lines and of the diagnostics' frame.
    let out = bin()
        .args(["--catalog", "tests/fixtures", "lint", "examples/mixed.toml"])
        .arg("tests/invalid/unknown-item.toml")
        .env("LANG", "es_AR.UTF-8")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("respuestas a uncc-safeguards"), "{stdout}");
    assert!(stderr.contains("error(es)"), "{stderr}");
    // Diagnostic codes stay as they are.
    assert!(stderr.contains("[unknown-item]"), "{stderr}");
    // A report's gates speak the answers file's language (Portuguese here) without --lang.
    bin()
        .args([
            "report",
            "examples/red-lines.toml",
            "--fail-on",
            "breach",
            "-o",
            "/dev/null",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "controle falhou: linhas vermelhas violadas",
        ));
}

#[test]
fn numbers_plurals_pins_and_labels_in_spanish() {
    let md = bin()
        .args(["report", "examples/mixed.toml", "--lang", "es"])
        .output()
        .unwrap()
        .stdout;
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("**Puntaje: 54,4**"), "decimal comma");
    assert!(!md.contains("54.4"));
    assert!(md.contains("principio "), "pins");
    assert!(!md.contains(", principle "));
    assert!(!md.contains("Sin respuesta (Sin respuesta)"));
    let brief = bin()
        .args([
            "report",
            "examples/mixed.toml",
            "--lang",
            "es",
            "--format",
            "brief",
        ])
        .output()
        .unwrap()
        .stdout;
    let brief = String::from_utf8(brief).unwrap();
    assert!(
        brief.contains("1</strong> línea roja vulnerada"),
        "singular"
    );
    assert!(!brief.contains("1</strong> líneas rojas"));
}

#[test]
fn a_red_line_answered_partial_is_not_badged_as_breached() {
    // mixed: targeted-measures-only is a red line answered partial, which does not breach it
    // (breach_on is `no`): its card says so, in the muted style, not with the red badge.
    let brief = bin()
        .args([
            "report",
            "examples/mixed.toml",
            "--lang",
            "en",
            "--format",
            "brief",
        ])
        .output()
        .unwrap()
        .stdout;
    let brief = String::from_utf8(brief).unwrap();
    let cards: Vec<&str> = brief.split("<li class=\"gap").skip(1).collect();
    let breached = cards.iter().filter(|c| c.contains("badge-breach")).count();
    assert!(
        brief.contains("class=\"fact-bad\">1</strong> red line breached"),
        "tally"
    );
    assert_eq!(breached, 1, "one red badge for one breach");
    assert!(
        cards
            .iter()
            .any(|c| c.contains("badge-held") && c.contains("Red line, not breached")),
        "a partial red line is marked as held"
    );
}
