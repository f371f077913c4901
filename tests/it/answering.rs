//! Answering without editing TOML: the questionnaire round trip (export → fill → import), bad
//! cells reported by reference, and the terminal interview driven through pipes, a
//! pseudo-terminal, and a kill in the middle.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use salvaguarda::answers::{normalize, to_toml};
use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::model::{Answer, AnswerValue, AnswersFile, Assessment, Evidence};
use salvaguarda::questionnaire::{self, Grid, allowed, csv as qcsv, xlsx as qxlsx};

use crate::{bin, fixture};

fn uncc() -> Checklist {
    static CELL: std::sync::OnceLock<Checklist> = std::sync::OnceLock::new();
    CELL.get_or_init(|| Catalog::default().load("uncc-safeguards").0.unwrap())
        .clone()
}

fn mini() -> Checklist {
    Catalog {
        dir: Some(fixture("")),
    }
    .load("mini")
    .0
    .unwrap()
}

fn exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_salvaguarda"))
}

/// Reads a questionnaire's grid back into answers, panicking with the diagnostics on error.
fn read_back(grid: &Grid, c: &Checklist) -> AnswersFile {
    let (a, d) = questionnaire::read(grid, c, "test");
    assert!(!d.has_errors(), "{}", d.render());
    a.unwrap()
}

fn questions_sheet(grids: Vec<Grid>) -> Grid {
    grids
        .into_iter()
        .find(|g| {
            g.rows
                .iter()
                .any(|r| r.get(1).is_some_and(|s| s == "@checklist"))
        })
        .expect("a sheet with @checklist")
}

// ---------------------------------------------------------------- the round trip

/// Texts a lawyer might write, and some that stress the formats: quotes, commas, line breaks,
/// leading spaces, formula-like text, XML-escape-like text, control characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,40}",
        "[ a-zA-Z0-9,;\"'=+\\-_\n\r\t]{1,30}",
        Just("=SUM(A1:A2)".to_string()),
        Just("_x0041_ literal".to_string()),
        Just("14".to_string()),
        Just("2025-10-01".to_string()),
        Just("Art. 5º, § 2 — «cita» \u{1} ctrl".to_string()),
    ]
    .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (proptest::option::of(text()), proptest::option::of(text()))
        .prop_filter("article or quote", |(a, q)| a.is_some() || q.is_some())
        .prop_map(|(article, quote)| Evidence { article, quote })
}

/// Any valid answers file for `c`: a random subset of questions with an answer each allows.
fn answers_file(c: &Checklist) -> impl Strategy<Value = AnswersFile> {
    let items: Vec<(String, Vec<AnswerValue>)> =
        c.items.iter().map(|i| (i.id.clone(), allowed(i))).collect();
    let id = c.header.id.clone();
    let version = c.header.version.clone();
    let langs = c.header.languages.clone();
    let per_item: Vec<_> = items
        .into_iter()
        .map(|(id, ok)| {
            let n = ok.len();
            proptest::option::weighted(
                0.7,
                (
                    0..n,
                    proptest::option::of(text()),
                    proptest::collection::vec(evidence(), 0..3),
                ),
            )
            .prop_map(move |x| {
                x.map(|(k, note, evidence)| {
                    (
                        id.clone(),
                        Answer {
                            answer: ok[k],
                            note,
                            evidence,
                        },
                    )
                })
            })
        })
        .collect();
    (
        text(),
        text(),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(proptest::sample::select(langs)),
        proptest::option::of(Just("2025-10-01".to_string())),
        per_item,
    )
        .prop_map(
            move |(jurisdiction, instrument, v, assessor, language, date, per_item)| AnswersFile {
                assessment: Assessment {
                    checklist: id.clone(),
                    checklist_version: version.clone(),
                    jurisdiction,
                    instrument,
                    version: v,
                    language,
                    assessor,
                    date,
                },
                answers: per_item.into_iter().flatten().collect(),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any valid answers file → CSV → answers file gives the same answers, in any language.
    #[test]
    fn csv_round_trip_keeps_every_answer(
        file in answers_file(&uncc()),
        lang in proptest::sample::select(vec!["en", "es", "pt"]),
    ) {
        let c = uncc();
        let q = questionnaire::build(&c, lang, Some(&file));
        let grid = qcsv::read(&qcsv::write(&q)).unwrap();
        let back = read_back(&grid, &c);
        prop_assert_eq!(normalize(&back), normalize(&file));
        // And the answers file written from it says the same.
        let again = salvaguarda::answers::from_toml(&to_toml(&back, Some(&c))).unwrap();
        prop_assert_eq!(again.answers, back.answers);
    }

}

proptest! {
    // Writing a workbook is slower (zip, in a debug build): fewer cases.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The same through an xlsx workbook, read back by calamine (not the writer).
    #[test]
    fn xlsx_round_trip_keeps_every_answer(
        file in answers_file(&uncc()),
        lang in proptest::sample::select(vec!["en", "es", "pt"]),
    ) {
        let c = uncc();
        let q = questionnaire::build(&c, lang, Some(&file));
        let bytes = qxlsx::write(&q).unwrap();
        let grid = questions_sheet(qxlsx::read(&bytes).unwrap());
        let back = read_back(&grid, &c);
        prop_assert_eq!(normalize(&back), normalize(&file));
    }
}

#[test]
fn an_empty_questionnaire_lists_every_question_with_guidance_sources_and_drop_downs() {
    let c = uncc();
    let q = questionnaire::build(&c, "pt", None);
    let bytes = qxlsx::write(&q).unwrap();
    let grids = qxlsx::read(&bytes).unwrap();
    let names: Vec<_> = grids.iter().map(|g| g.name.clone().unwrap()).collect();
    assert_eq!(names, ["Instruções", "Perguntas"]);
    assert!(
        grids[0].cell(0, 0).contains("Como preencher"),
        "{:?}",
        grids[0].rows
    );
    // Rows are read as far as their last filled cell; pad them to index by column.
    let mut sheet = grids[1].clone();
    for r in &mut sheet.rows {
        r.resize(r.len().max(10), String::new());
    }
    assert_eq!(sheet.cell(0, 3), "Resposta");
    let ids: Vec<&str> = sheet
        .rows
        .iter()
        .map(|r| r[1].as_str())
        .filter(|s| !s.starts_with('@') && *s != "id")
        .collect();
    assert_eq!(ids.len(), c.items.len());
    let row = sheet
        .rows
        .iter()
        .find(|r| r[1] == "power-interception")
        .unwrap();
    assert!(row[2].ends_with('?'), "the question in C: {row:?}");
    assert!(row[7].starts_with("Sim: "), "guidance in H: {row:?}");
    assert!(row[7].contains("\nNão: "), "guidance in H: {row:?}");
    assert!(!row[8].is_empty(), "sources in I: {row:?}");
    assert_eq!(row[3], "", "unanswered");
    // The checklist is recorded for the import.
    let meta: Vec<(&str, &str)> = sheet
        .rows
        .iter()
        .filter(|r| r[1].starts_with('@'))
        .map(|r| (r[1].as_str(), r[3].as_str()))
        .collect();
    assert!(
        meta.contains(&("@checklist", "uncc-safeguards")),
        "{meta:?}"
    );
    assert!(
        meta.contains(&("@checklist_version", c.header.version.as_str())),
        "{meta:?}"
    );
    // The drop-down lists are in the sheet's XML, in Portuguese.
    let xml = sheet_xml(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        xml.contains("<dataValidation type=\"list\""),
        "no list validation"
    );
    assert!(
        xml.contains("\"Sim,Parcial,Não,Desconhecido\""),
        "{}",
        &xml[xml.find("<dataValidations").unwrap_or(0)..][..400]
    );
    assert!(xml.contains("\"Sim,Parcial,Não,Desconhecido,Não se aplica\""));
}

/// One file of the workbook (a zip), as text.
fn sheet_xml(bytes: &[u8], name: &str) -> String {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

// ---------------------------------------------------------------- the commands

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn export_then_import_round_trips_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let answers = fixture("mini-answers.toml");
    for format in ["xlsx", "csv"] {
        let q = dir.path().join(format!("q.{format}"));
        bin()
            .args([
                "--catalog",
                "tests/fixtures",
                "export",
                "mini",
                "--format",
                format,
            ])
            .arg("--answers")
            .arg(&answers)
            .arg("-o")
            .arg(&q)
            .assert()
            .success();
        let out = dir.path().join(format!("back-{format}.toml"));
        bin()
            .args(["--catalog", "tests/fixtures", "import"])
            .arg(&q)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let original =
            salvaguarda::answers::from_toml(&std::fs::read_to_string(&answers).unwrap()).unwrap();
        let back =
            salvaguarda::answers::from_toml(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(normalize(&back), normalize(&original), "{format}");
        bin()
            .args(["--catalog", "tests/fixtures", "lint", "--strict"])
            .arg(&out)
            .assert()
            .success();
        // The same import again refuses to replace the answers file...
        let again = bin()
            .args(["--catalog", "tests/fixtures", "import"])
            .arg(&q)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&again.stderr).contains("--overwrite"),
            "{}",
            String::from_utf8_lossy(&again.stderr)
        );
        // ...unless told to.
        bin()
            .args(["--catalog", "tests/fixtures", "import", "--overwrite"])
            .arg(&q)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
    }
}

#[test]
fn a_bad_cell_is_reported_by_sheet_and_reference_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let c = mini();
    let file = salvaguarda::answers::from_toml(
        &std::fs::read_to_string(fixture("mini-answers.toml")).unwrap(),
    )
    .unwrap();
    let mut q = questionnaire::build(&c, "es", Some(&file));
    let row = q
        .sheet
        .rows
        .iter()
        .position(|r| r[1] == "reasoned-order")
        .unwrap();
    q.sheet.rows[row][3] = "quizás".into();
    let bad_date = q.sheet.rows.iter().position(|r| r[1] == "@date").unwrap();
    q.sheet.rows[bad_date][3] = "1 de octubre".into();
    let xlsx = dir.path().join("q.xlsx");
    std::fs::write(&xlsx, qxlsx::write(&q).unwrap()).unwrap();
    let csv = dir.path().join("q.csv");
    std::fs::write(&csv, qcsv::write(&q)).unwrap();
    for (input, cell, date_cell) in [
        (
            &xlsx,
            format!("Preguntas!D{}", row + 1),
            format!("Preguntas!D{}", bad_date + 1),
        ),
        (&csv, format!("D{}", row + 1), format!("D{}", bad_date + 1)),
    ] {
        let out = dir.path().join("a.toml");
        let o = bin()
            .args(["--catalog", "tests/fixtures", "import"])
            .arg(input)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("(at {cell})")),
            "expected {cell}:\n{stderr}"
        );
        assert!(
            stderr.contains("error[invalid-value]: `quizás` is not an answer"),
            "{stderr}"
        );
        assert!(
            stderr.contains("choose one of: Sí, Parcial, No, Desconocido"),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("(at {date_cell})")), "{stderr}");
        assert!(stderr.contains("expected YYYY-MM-DD"), "{stderr}");
        assert!(!out.exists(), "nothing is written");
    }
}

#[test]
fn import_reports_moved_columns_a_foreign_file_and_a_missing_answer() {
    let dir = tempfile::tempdir().unwrap();
    let c = mini();
    let mut q = questionnaire::build(&c, "en", None);
    for r in &mut q.sheet.rows {
        r.swap(3, 6);
    }
    let moved = write(
        dir.path(),
        "moved.csv",
        std::str::from_utf8(&qcsv::write(&q)).unwrap(),
    );
    let foreign = write(dir.path(), "foreign.csv", "a,b,c\n1,2,3\n");
    let mut q = questionnaire::build(&c, "en", None);
    let j = q
        .sheet
        .rows
        .iter()
        .position(|r| r[1] == "@jurisdiction")
        .unwrap();
    q.sheet.rows[j][3] = "XX".into();
    let i = q
        .sheet
        .rows
        .iter()
        .position(|r| r[1] == "@instrument")
        .unwrap();
    q.sheet.rows[i][3] = "Bill".into();
    let e = q
        .sheet
        .rows
        .iter()
        .position(|r| r[1] == "effective-remedy")
        .unwrap();
    q.sheet.rows[e][5] = "a quote without an answer".into();
    let unanswered = write(
        dir.path(),
        "unanswered.csv",
        std::str::from_utf8(&qcsv::write(&q)).unwrap(),
    );
    for (input, expect) in [
        (
            moved,
            "error[invalid-value]: column D should be `Answer` but its title is `Note`",
        ),
        (
            foreign,
            "error[unknown-file-kind]: not a salvaguarda questionnaire",
        ),
        (
            unanswered,
            "error[missing-key]: `effective-remedy` has evidence or a note but no answer",
        ),
    ] {
        let out = dir.path().join("a.toml");
        let o = bin()
            .args(["--catalog", "tests/fixtures", "import"])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expect), "expected `{expect}`:\n{stderr}");
        assert!(!out.exists());
    }
}

#[test]
fn export_never_replaces_a_filled_questionnaire_without_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let q = write(dir.path(), "q.csv", "filled in by hand\n");
    bin()
        .args([
            "--catalog",
            "tests/fixtures",
            "export",
            "mini",
            "--format",
            "csv",
            "-o",
        ])
        .arg(&q)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&q).unwrap(), "filled in by hand\n");
    bin()
        .args([
            "--catalog",
            "tests/fixtures",
            "export",
            "mini",
            "--format",
            "csv",
            "--overwrite",
            "-o",
        ])
        .arg(&q)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&q).unwrap().contains("@checklist"));
}

// ---------------------------------------------------------------- the interview

/// Runs `interview mini` with `input` piped in; returns (exit code, stdout, stderr).
fn interview_piped(out: &Path, input: &str, lang: &str) -> (Option<i32>, String, String) {
    let o = bin()
        .args([
            "--catalog",
            "tests/fixtures",
            "interview",
            "mini",
            "--lang",
            lang,
            "-o",
        ])
        .arg(out)
        .write_stdin(input)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn read_answers(path: &Path) -> AnswersFile {
    salvaguarda::answers::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn lint_ok(path: &Path) {
    bin()
        .args(["--catalog", "tests/fixtures", "lint"])
        .arg(path)
        .assert()
        .success();
}

#[test]
fn piped_interview_asks_details_answers_skips_absent_powers_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bill.toml");
    // Details: jurisdiction, bill, version, assessor, a bad date then a good one.
    // power-interception: 3 (no) → judge-order is skipped.
    // reasoned-order: 2 (partial), evidence, a second article, then a note.
    // Then quit.
    let input = "XX\nLey 1/2025\nprimera lectura\n\n1 de octubre\n2025-10-01\n\
                 3\n\n\n\n\
                 2\nArt. 4\nLa orden será fundada.\nArt. 5\n\n\nSolo en parte.\n\
                 q\n";
    let (code, stdout, stderr) = interview_piped(&out, input, "es");
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Escriba la fecha como AAAA-MM-DD"),
        "{stdout}"
    );
    assert!(stdout.contains("══ Área 1 de 3: Poderes ══"), "{stdout}");
    assert!(stdout.contains("1 Sí: Sí."), "guidance shown: {stdout}");
    assert!(stdout.contains("Fuentes:"), "sources shown: {stdout}");
    assert!(
        !stdout.contains("judge-order"),
        "a skipped question is not asked: {stdout}"
    );
    assert!(
        stdout.contains("[1 de 4 respondidas] Pregunta 3 de 5 · reasoned-order"),
        "{stdout}"
    );
    let f = read_answers(&out);
    assert_eq!(f.assessment.jurisdiction, "XX");
    assert_eq!(f.assessment.version.as_deref(), Some("primera lectura"));
    assert_eq!(f.assessment.assessor, None);
    assert_eq!(f.assessment.date.as_deref(), Some("2025-10-01"));
    assert_eq!(f.assessment.language.as_deref(), Some("es"));
    assert_eq!(f.answers["power-interception"].answer, AnswerValue::No);
    let r = &f.answers["reasoned-order"];
    assert_eq!(r.answer, AnswerValue::Partial);
    assert_eq!(r.note.as_deref(), Some("Solo en parte."));
    assert_eq!(
        r.evidence,
        vec![
            Evidence {
                article: Some("Art. 4".into()),
                quote: Some("La orden será fundada.".into())
            },
            Evidence {
                article: Some("Art. 5".into()),
                quote: None
            }
        ]
    );
    lint_ok(&out);

    // Resume: starts at the first unanswered question (effective-remedy), answers it, then
    // goes back to the power to change it, which brings judge-order in.
    let input = "1\n\n\n\ng power-interception\n1\n\n\n\n4\n\n\n\nq\n";
    let (code, stdout, stderr) = interview_piped(&out, input, "en");
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("Resuming"), "{stdout}");
    assert!(
        stdout.contains("[2 of 4 answered] Question 4 of 5 · effective-remedy"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Current answer: No"),
        "revisiting shows the answer: {stdout}"
    );
    let f = read_answers(&out);
    assert_eq!(f.answers["effective-remedy"].answer, AnswerValue::Yes);
    assert_eq!(f.answers["power-interception"].answer, AnswerValue::Yes);
    assert_eq!(f.answers["judge-order"].answer, AnswerValue::Unknown);
    assert_eq!(
        f.answers["reasoned-order"].note.as_deref(),
        Some("Solo en parte.")
    );
    lint_ok(&out);
}

#[test]
fn interview_lists_refuses_answers_an_item_does_not_allow_and_ends_with_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bill.toml");
    std::fs::copy(fixture("mini-answers.toml"), &out).unwrap();
    // Every question is answered: the interview opens at the end menu.
    let input = "l\ng 2\n5\nnot applicable\n\n\nr\nq\n";
    let (code, stdout, stderr) = interview_piped(&out, input, "en");
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Every question that applies is answered (5 of 5)"),
        "{stdout}"
    );
    assert!(stdout.contains("    2 judge-order"), "the list: {stdout}");
    // A number out of range is answered with the range; an answer the question does not take,
    // with that.
    assert!(
        stdout.contains(
            "Choose a number from 1 to 4, or type the answer: yes, partial, no, unknown."
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("This question does not allow that answer."),
        "{stdout}"
    );
    assert!(
        stdout.contains("# Safeguards gap report"),
        "the report: {stdout}"
    );
    // The answers are unchanged.
    assert_eq!(
        read_answers(&out).answers,
        read_answers(&fixture("mini-answers.toml")).answers
    );
}

#[test]
fn interview_refuses_a_broken_answers_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = write(
        dir.path(),
        "bill.toml",
        "[assessment]\nchecklist = \"mini\"\n",
    );
    let before = std::fs::read_to_string(&out).unwrap();
    let (code, _, stderr) = interview_piped(&out, "q\n", "en");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("error[missing-key]"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), before);
}

#[test]
fn interview_through_a_pseudo_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bill.toml");
    let cmd = format!(
        "{} --catalog {} interview mini --lang pt -o {}",
        exe().display(),
        fixture("").display(),
        out.display()
    );
    // rexpect reads the terminal byte by byte as Latin-1, so the prompts are matched on their
    // ASCII parts; what is typed is UTF-8 and must reach the file intact.
    let mut p = rexpect::spawn(&cmd, Some(20_000)).unwrap();
    p.exp_string("Jurisdi").unwrap();
    p.send_line("BR").unwrap();
    p.exp_string("Projeto ou lei").unwrap();
    p.send_line("PL 1/2025").unwrap();
    for prompt in ["Vers", "Quem respondeu", "Data das respostas"] {
        p.exp_string(prompt).unwrap();
        p.send_line("").unwrap();
    }
    p.exp_string("[0 de 5 respondidas] Pergunta 1 de 5")
        .unwrap();
    p.exp_string("power-interception").unwrap();
    p.exp_string("Resposta [1-4]: ").unwrap();
    p.send_line("sim").unwrap();
    p.exp_string("Salvo.").unwrap();
    p.exp_string("artigo").unwrap();
    p.send_line("Art. 9º").unwrap();
    p.exp_string("texto do projeto").unwrap();
    p.send_line("O juiz poderá autorizar a interceptação.")
        .unwrap();
    p.exp_string("Outro artigo?").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Nota").unwrap();
    p.send_line("Ver também o art. 10.").unwrap();
    p.exp_string("Pergunta 2 de 5").unwrap();
    p.exp_string("judge-order").unwrap();
    p.exp_string("Resposta [1-4]: ").unwrap();
    p.send_line("2").unwrap();
    p.exp_string("Salvo.").unwrap();
    // Ctrl-D (end of input) at the evidence prompt quits; the answer is already saved.
    p.exp_string("artigo").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    let f = read_answers(&out);
    assert_eq!(f.assessment.jurisdiction, "BR");
    let a = &f.answers["power-interception"];
    assert_eq!(a.answer, AnswerValue::Yes);
    assert_eq!(a.note.as_deref(), Some("Ver também o art. 10."));
    assert_eq!(a.evidence[0].article.as_deref(), Some("Art. 9º"));
    assert_eq!(f.answers["judge-order"].answer, AnswerValue::Partial);
    lint_ok(&out);
}

/// Kills the interview with SIGKILL at many moments while answers stream in: the answers file
/// is always a valid answers file holding every answer the interview had confirmed as saved.
#[test]
fn a_killed_interview_leaves_a_valid_file_with_every_saved_answer() {
    let dir = tempfile::tempdir().unwrap();
    let c = std::sync::Arc::new(uncc());
    let per_item = |k: usize| format!("{}\nArt. {k}\nTexto {k}\n\nNota {k}\n", 1 + k % 3);
    for round in 0..6u64 {
        let out = dir.path().join(format!("bill-{round}.toml"));
        let mut child = Command::new(exe())
            .args(["interview", "uncc-safeguards", "-o"])
            .arg(&out)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        // Count the confirmations ("Saved.") as they are printed.
        let reader = std::thread::spawn(move || {
            use std::io::BufRead;
            let mut saved = 0usize;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                saved += line.matches("Saved.").count();
            }
            saved
        });
        stdin.write_all(b"XX\nBill\n\n\n\n").unwrap();
        // Answer a first question and wait for it to be on disk.
        stdin.write_all(per_item(0).as_bytes()).unwrap();
        stdin.flush().unwrap();
        let start = Instant::now();
        while !std::fs::read_to_string(&out).is_ok_and(|t| t.contains("Nota 0")) {
            assert!(start.elapsed() < Duration::from_secs(20), "no save");
            std::thread::sleep(Duration::from_millis(5));
        }
        // Then a stream of answers, and a kill after a varying delay.
        let mut stream = String::new();
        for k in 1..200 {
            stream.push_str(&per_item(k));
        }
        let _ = stdin.write_all(stream.as_bytes());
        std::thread::sleep(Duration::from_millis(3 + 7 * round));
        child.kill().unwrap();
        child.wait().unwrap();
        drop(stdin);
        let confirmed = reader.join().unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        let parsed = salvaguarda::answers::from_toml(&text)
            .unwrap_or_else(|e| panic!("round {round}: not an answers file ({e}):\n{text}"));
        let (a, d) = salvaguarda::assess::load(
            salvaguarda::source::SourceFile::new("killed.toml", text.clone()),
            &Catalog::default(),
            None,
            std::slice::from_ref(&c),
        );
        assert!(
            a.is_some() && !d.has_errors(),
            "round {round}: {}",
            d.render()
        );
        // Every answer confirmed on screen is in the file (each item prints one "Saved.").
        assert!(
            parsed.answers.len() >= confirmed,
            "round {round}: {} answers in the file, {confirmed} confirmed",
            parsed.answers.len()
        );
        assert!(!parsed.answers.is_empty());
    }
}

// ---------------------------------------------------------------- LibreOffice

/// A workbook opened by LibreOffice: the drop-down lists and the guidance are there, and a
/// copy saved by LibreOffice (as xlsx, and the questions sheet as CSV) imports to the same
/// answers. Needs `soffice`; skipped without it, unless SALVAGUARDA_REQUIRE_LIBREOFFICE is set
/// (CI installs LibreOffice and sets it).
#[test]
fn libreoffice_shows_the_drop_downs_and_its_copies_import_to_the_same_answers() {
    let has_soffice = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_soffice {
        assert!(
            std::env::var_os("SALVAGUARDA_REQUIRE_LIBREOFFICE").is_none(),
            "SALVAGUARDA_REQUIRE_LIBREOFFICE is set but soffice is not installed"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let original = read_answers(&fixture("mini-answers.toml"));
    let q = questionnaire::build(&mini(), "pt", Some(&original));
    let xlsx = dir.path().join("q.xlsx");
    std::fs::write(&xlsx, qxlsx::write(&q).unwrap()).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let convert = |to: &str, out: &Path| {
        let o = Command::new("soffice")
            .args([
                "--headless",
                "--norestore",
                &profile,
                "--convert-to",
                to,
                "--outdir",
            ])
            .arg(out)
            .arg(&xlsx)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let lo = dir.path().join("lo");
    convert("ods", &lo);
    convert("xlsx", &lo);
    convert(
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
        &lo,
    );
    // The ODS LibreOffice wrote has the lists as drop-downs, and the guidance text.
    let ods = std::fs::read(lo.join("q.ods")).unwrap();
    let content = sheet_xml(&ods, "content.xml");
    assert!(
        content.contains(
            "of:cell-content-is-in-list(&quot;Sim&quot;;&quot;Parcial&quot;;&quot;Não&quot;;&quot;Desconhecido&quot;)"
        ),
        "no list validation in LibreOffice's copy"
    );
    assert!(content.contains("of:cell-content-is-in-list(&quot;Sim&quot;;&quot;Parcial&quot;;&quot;Não&quot;;&quot;Desconhecido&quot;;&quot;Não se aplica&quot;)"));
    assert!(
        content.contains("table:display-list=\"unsorted\""),
        "the list is shown"
    );
    assert!(
        content.contains("Sim: Sempre."),
        "the guidance is in the sheet"
    );
    // LibreOffice's xlsx and CSV copies import to the same answers.
    let csv = std::fs::read_dir(&lo)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("a CSV copy");
    for copy in [lo.join("q.xlsx"), csv] {
        let out = dir.path().join(format!(
            "{}.toml",
            copy.file_name().unwrap().to_string_lossy()
        ));
        bin()
            .args(["--catalog", "tests/fixtures", "import"])
            .arg(&copy)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        assert_eq!(
            normalize(&read_answers(&out)),
            normalize(&original),
            "{}",
            copy.display()
        );
    }
}

/// The text of a PDF in the order it was drawn (`pdftotext -raw`), or None (after saying so)
/// without poppler-utils, unless LibreOffice is required.
fn pdf_raw_text(pdf: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        _ => {
            assert!(
                std::env::var_os("SALVAGUARDA_REQUIRE_LIBREOFFICE").is_none(),
                "SALVAGUARDA_REQUIRE_LIBREOFFICE is set but pdftotext (poppler-utils) is missing"
            );
            eprintln!("skipped: pdftotext (poppler-utils) is not installed");
            None
        }
    }
}

/// Pages of a PDF (`pdfinfo`).
fn pdf_page_count(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// The exported workbook printed by LibreOffice: A4 pages, the questions sheet one page wide
/// (no column bands), a bounded number of pages, and every question, its guidance and every
/// instruction printed whole (a row too short for its text would cut it).
#[test]
fn libreoffice_prints_the_workbook_on_a4_with_every_question_and_guidance_whole() {
    let has_soffice = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_soffice {
        assert!(
            std::env::var_os("SALVAGUARDA_REQUIRE_LIBREOFFICE").is_none(),
            "SALVAGUARDA_REQUIRE_LIBREOFFICE is set but soffice is not installed"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    // Letters only: the wrapping of a cell adds line breaks, and hyphens may be dropped.
    let squeeze = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    for lang in ["en", "es"] {
        let q = questionnaire::build(&uncc(), lang, None);
        let xlsx = dir.path().join(format!("q-{lang}.xlsx"));
        std::fs::write(&xlsx, qxlsx::write(&q).unwrap()).unwrap();
        let o = Command::new("soffice")
            .args([
                "--headless",
                "--norestore",
                &profile,
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(dir.path())
            .arg(&xlsx)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let pdf = dir.path().join(format!("q-{lang}.pdf"));
        let info = Command::new("pdfinfo").arg(&pdf).output();
        let Some(text) = info.is_ok().then(|| pdf_raw_text(&pdf)).flatten() else {
            return;
        };
        let info = String::from_utf8_lossy(&info.unwrap().stdout).into_owned();
        assert!(info.contains("(A4)"), "{lang}: not A4:\n{info}");
        let pages = pdf_page_count(&pdf);
        let items = q
            .kinds
            .iter()
            .filter(|k| matches!(k, questionnaire::RowKind::Item { .. }))
            .count();
        eprintln!("workbook {lang}: {items} questions on {pages} A4 pages");
        // One page wide (never column bands), about seven questions a page with their guidance
        // (23 pages for the 175 questions in English when measured; 31 before, cut).
        assert!(
            pages <= items / 6 + 4,
            "{lang}: {pages} pages for {items} questions"
        );
        let printed = squeeze(&text);
        let mut checked = 0;
        for (row, kind) in q.sheet.rows.iter().zip(&q.kinds) {
            if !matches!(kind, questionnaire::RowKind::Item { .. }) {
                continue;
            }
            for k in [questionnaire::col::QUESTION, questionnaire::col::GUIDANCE] {
                let cell = squeeze(&row[k]);
                assert!(printed.contains(&cell), "{lang}: cut in print: {}", row[k]);
                checked += 1;
            }
        }
        for p in &q.instructions {
            assert!(
                printed.contains(&squeeze(p)),
                "{lang}: instruction cut: {p}"
            );
        }
        assert!(checked >= 200, "{checked} cells checked");
    }
}
