//! The conventions of a command-line tool: completions, the man page, `--color`, the pager,
//! `-` and `-o -`, `--format json` for `lint` and `list`, `plan --format html`, `show ITEM`,
//! every problem in one `lint` run, and imports of what spreadsheets save as CSV.

use std::path::{Path, PathBuf};
use std::process::Command;

use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::interview::{Interview, Store, wrap};
use salvaguarda::model::AnswersFile;

use crate::{bin, fixture};

fn exe() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("salvaguarda"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

fn stdout_of(args: &[&str]) -> String {
    let o = bin().args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// An answers file with a value that is not allowed, an unknown item, a malformed date and
/// `not_applicable` on a power: four problems of two rounds.
fn four_problems(dir: &Path) -> PathBuf {
    let mut s = std::fs::read_to_string(example("mixed.toml")).unwrap();
    s = s.replacen("date = \"2025-10-14\"", "date = \"yesterday\"", 1);
    s = s.replacen("answer = \"yes\"", "answer = \"not_applicable\"", 1);
    s = s.replacen("answer = \"no\"", "answer = \"maybe\"", 1);
    s.push_str("\n[answers.no-such-item]\nanswer = \"yes\"\n");
    let p = dir.join("four.toml");
    std::fs::write(&p, s).unwrap();
    p
}

/// The command run on a pseudo-terminal, with none of the environment that changes colour or
/// paging inherited.
fn on_terminal() -> Command {
    let mut cmd = Command::new(exe());
    for k in [
        "SALVAGUARDA_PAGER",
        "PAGER",
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "LESS",
    ] {
        cmd.env_remove(k);
    }
    cmd.env("TERM", "xterm");
    cmd
}

// ------------------------------------------------------------------ completions and man page

#[test]
fn completions_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = stdout_of(&["completions", shell]);
        assert!(out.contains("salvaguarda"), "{shell}");
        for sub in ["interview", "lint", "completions", "no-pager"] {
            assert!(out.contains(sub), "{shell}: {sub} missing");
        }
    }
    let o = bin().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let out = stdout_of(&["man"]);
    assert!(out.contains(".TH salvaguarda 1"), "{}", &out[..200]);
    for section in [
        "NAME",
        "SYNOPSIS",
        "OPTIONS",
        "SALVAGUARDA LINT",
        "SALVAGUARDA REPORT",
    ] {
        assert!(
            out.contains(&format!(".SH {section}")) || out.contains(&format!(".SH \"{section}\"")),
            "{section}"
        );
    }
    assert!(out.contains("\\-\\-color"));
    // `man` itself reads it, where it is installed.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("salvaguarda.1");
    bin().args(["man", "-o"]).arg(&page).assert().success();
    if Command::new("man").arg("--version").output().is_ok() {
        let o = Command::new("man")
            .arg("-l")
            .arg(&page)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("salvaguarda"), "{text}");
    }
}

// ------------------------------------------------------------------ colour

#[test]
fn diagnostics_are_coloured_only_when_asked_or_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let bad = four_problems(dir.path());
    let stderr = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = bin();
        c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.args(args).arg(&bad).output().unwrap();
        assert_eq!(o.status.code(), Some(2));
        String::from_utf8(o.stderr).unwrap()
    };
    let red = "\x1b[1;31merror\x1b[0m[\x1b[1m";
    assert!(stderr(&["--color", "always", "lint"], &[]).contains(red));
    // Into a pipe, auto means none; CLICOLOR_FORCE forces it, NO_COLOR wins over both.
    assert!(!stderr(&["lint"], &[]).contains('\x1b'));
    assert!(!stderr(&["--color", "never", "lint"], &[("CLICOLOR_FORCE", "1")]).contains('\x1b'));
    assert!(stderr(&["lint"], &[("CLICOLOR_FORCE", "1")]).contains(red));
    assert!(!stderr(&["lint"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\x1b'));
    // A usage error too.
    let o = bin()
        .args(["--color", "always", "demo", "--example", "nope"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("\x1b[1;31merror\x1b[0m: "));
}

#[test]
fn diagnostics_are_coloured_on_a_terminal_unless_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let bad = four_problems(dir.path());
    for (no_color, coloured) in [(false, true), (true, false)] {
        let mut cmd = on_terminal();
        cmd.arg("lint").arg(&bad).env_remove("CLICOLOR_FORCE");
        cmd.env("TERM", "xterm");
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
        let all = p.exp_eof().unwrap();
        assert!(all.contains("unknown-item"), "{all}");
        assert_eq!(all.contains("\x1b[1;31merror"), coloured, "{all}");
    }
}

// ------------------------------------------------------------------ the pager

/// A pager that saves what it is given to `file`.
fn recording_pager(dir: &Path) -> (PathBuf, PathBuf) {
    let script = dir.join("pager.sh");
    let file = dir.join("paged.txt");
    std::fs::write(&script, format!("#!/bin/sh\ncat > '{}'\n", file.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (script, file)
}

#[test]
fn a_pipe_gets_no_pager() {
    let dir = tempfile::tempdir().unwrap();
    let (script, paged) = recording_pager(dir.path());
    for args in [&["demo"][..], &["show", "uncc-safeguards"]] {
        let o = bin().args(args).env("PAGER", &script).output().unwrap();
        assert!(o.status.success());
        assert!(!paged.exists(), "{args:?} ran the pager into a pipe");
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.lines().count() > 1000, "{args:?}");
    }
    // Into a pipe the report is the same as with -o -: no verdict added at the end.
    let piped = stdout_of(&["demo"]);
    let dashed = stdout_of(&["demo", "-o", "-"]);
    assert_eq!(piped, dashed);
}

#[test]
fn on_a_terminal_the_demo_goes_through_the_pager_and_ends_with_its_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let (script, paged) = recording_pager(dir.path());
    let mut cmd = on_terminal();
    cmd.arg("demo")
        .env("PAGER", &script)
        .env_remove("SALVAGUARDA_PAGER");
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    let shown = p.exp_eof().unwrap();
    let report = std::fs::read_to_string(&paged).unwrap();
    assert_eq!(
        report,
        stdout_of(&["demo"]),
        "the pager gets the whole report"
    );
    // What stays on the terminal is the verdict, not the sources.
    assert!(shown.contains("## Verdict: Incompatible"), "{shown}");
    assert!(shown.contains("Score: 54.4"), "{shown}");
    assert!(shown.lines().count() < 20, "{shown}");
}

#[test]
fn pager_cat_empty_or_no_pager_print_the_report_then_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let (script, paged) = recording_pager(dir.path());
    for (pager, flag) in [
        ("cat", None),
        ("", None),
        (script.to_str().unwrap(), Some("--no-pager")),
    ] {
        let mut cmd = on_terminal();
        if let Some(f) = flag {
            cmd.arg(f);
        }
        cmd.args(["demo", "--lang", "es"]).env("PAGER", pager);
        let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
        let shown = p.exp_eof().unwrap();
        assert!(!paged.exists(), "{pager:?} {flag:?}");
        assert!(shown.lines().count() > 1000, "{pager:?}");
        // The last section on screen is the verdict again.
        let last = shown.rfind("## ").unwrap();
        assert!(
            shown[last..].starts_with("## Dictamen"),
            "{}",
            &shown[last..]
        );
    }
}

#[test]
fn show_pages_the_checklist_but_not_one_item() {
    let dir = tempfile::tempdir().unwrap();
    let (script, paged) = recording_pager(dir.path());
    let mut cmd = on_terminal();
    cmd.args(["show", "uncc-safeguards"]).env("PAGER", &script);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_eof().unwrap();
    assert!(std::fs::read_to_string(&paged).unwrap().lines().count() > 1000);
    std::fs::remove_file(&paged).unwrap();
    let mut cmd = on_terminal();
    cmd.args(["show", "location-prior-judicial-order"])
        .env("PAGER", &script);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    let shown = p.exp_eof().unwrap();
    assert!(!paged.exists());
    assert!(shown.contains("real-time location tracking"), "{shown}");
}

#[test]
fn the_interview_report_is_paged_and_its_verdict_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (script, paged) = recording_pager(dir.path());
    let out = dir.path().join("bill.toml");
    std::fs::write(
        &out,
        std::fs::read_to_string(fixture("mini-answers.toml")).unwrap(),
    )
    .unwrap();
    let mut cmd = on_terminal();
    cmd.arg("--catalog")
        .arg(fixture(""))
        .args(["interview", "mini", "--lang", "en", "-o"])
        .arg(&out)
        .env("PAGER", &script);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_string(": ").unwrap();
    p.send_line("r").unwrap();
    p.exp_string("## Verdict").unwrap();
    p.send_line("q").unwrap();
    p.exp_eof().unwrap();
    let report = std::fs::read_to_string(&paged).unwrap();
    assert!(report.starts_with("# "), "{report}");
    assert!(report.contains("## Verdict"));
}

// ------------------------------------------------------------------ - and -o -

#[test]
fn dash_o_dash_writes_standard_output_and_never_a_file_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    let mixed = example("mixed.toml");
    let mixed = mixed.to_str().unwrap();
    let bill = example("mixed-bill.md");
    let bill = bill.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["show", "uncc-safeguards"],
        vec!["show", "uncc-safeguards", "location-prior-judicial-order"],
        vec!["init", "uncc-safeguards"],
        vec!["report", mixed],
        vec!["demo"],
        vec!["plan", mixed],
        vec!["plan", mixed, "--format", "html"],
        vec!["export", "uncc-safeguards", "--format", "csv"],
        vec!["upgrade", mixed],
        vec!["scan", bill],
        vec!["man"],
    ];
    for args in runs {
        let o = bin()
            .current_dir(dir.path())
            .args(&args)
            .args(["-o", "-"])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!o.stdout.is_empty(), "{args:?}");
        assert!(
            !dir.path().join("-").exists(),
            "{args:?} wrote a file named -"
        );
    }
    // Standard input where one file is read.
    let text = std::fs::read(mixed).unwrap();
    for args in [
        vec!["report", "-"],
        vec!["lint", "-"],
        vec!["plan", "-"],
        vec!["upgrade", "-"],
        vec![
            "export",
            "uncc-safeguards",
            "--format",
            "csv",
            "--answers",
            "-",
        ],
    ] {
        bin()
            .current_dir(dir.path())
            .args(&args)
            .write_stdin(text.clone())
            .assert()
            .success();
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

// ------------------------------------------------------------------ lint

#[test]
fn lint_reports_values_and_unknown_items_in_one_run_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let bad = four_problems(dir.path());
    let o = bin().arg("lint").arg(&bad).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8(o.stderr).unwrap();
    for code in [
        "error[invalid-value]: \"maybe\"",
        "error[unknown-item]",
        "error[not-applicable-not-allowed]",
        "error[invalid-value]: \"yesterday\"",
    ] {
        assert!(stderr.contains(code), "{code} missing:\n{stderr}");
    }
    // The date is one problem, reported once.
    assert_eq!(stderr.matches("yesterday").count(), 2, "{stderr}"); // message and snippet
    assert!(stderr.contains("4 error(s)"), "{stderr}");
}

#[test]
fn lint_format_json_lists_every_diagnostic_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = four_problems(dir.path());
    let o = bin()
        .args(["lint", "--format", "json"])
        .arg(&bad)
        .arg(example("strong.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"], 4);
    assert_eq!(v["ok"][0]["kind"], "answers");
    assert!(
        v["ok"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("strong.toml")
    );
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 4);
    for d in diags {
        for key in [
            "code", "severity", "file", "line", "column", "pointer", "message",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        assert_eq!(d["severity"], "error");
        assert!(d["line"].as_u64().unwrap() > 0);
    }
    let unknown = diags.iter().find(|d| d["code"] == "unknown-item").unwrap();
    assert_eq!(unknown["pointer"], "/answers/no-such-item");
    // A clean file: no diagnostics, exit 0.
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "lint",
        "--format",
        "json",
        "checklists/uncc-safeguards",
    ]))
    .unwrap();
    assert_eq!(v["errors"], 0);
    assert_eq!(v["ok"][0]["kind"], "checklist");
    assert!(v["ok"][0]["items"].as_u64().unwrap() > 100);
}

#[test]
fn list_format_json_describes_each_checklist() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout_of(&["list", "--format", "json"])).unwrap();
    let uncc = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "uncc-safeguards")
        .unwrap();
    assert_eq!(uncc["languages"], serde_json::json!(["en", "es", "pt"]));
    assert!(uncc["safeguards"].as_u64().unwrap() > 100);
    assert!(
        uncc["profiles"]
            .as_array()
            .unwrap()
            .contains(&"inter-american".into())
    );
}

// ------------------------------------------------------------------ plan --format html, show ITEM

#[test]
fn plan_html_is_a_self_contained_escaped_page() {
    let dir = tempfile::tempdir().unwrap();
    let s = std::fs::read_to_string(example("mixed.toml"))
        .unwrap()
        .replacen(
            "instrument = \"",
            "instrument = \"<script>alert(1)</script> ",
            1,
        );
    let f = dir.path().join("x.toml");
    std::fs::write(&f, s).unwrap();
    let html = stdout_of(&[
        "plan",
        f.to_str().unwrap(),
        "--format",
        "html",
        "--lang",
        "pt",
    ]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"pt\">"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(!html.contains("<script"), "unescaped instrument");
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    // The same fixes as the Markdown plan, in the same order.
    let md = stdout_of(&["plan", f.to_str().unwrap(), "--lang", "pt"]);
    let ids = |t: &str, open: &str, close: &str| -> Vec<String> {
        t.split(open)
            .skip(1)
            .filter_map(|s| s.split(close).next())
            .filter(|s| s.contains('-') && !s.contains(' '))
            .map(str::to_string)
            .collect()
    };
    let not_checklist = |v: Vec<String>| -> Vec<String> {
        v.into_iter().filter(|s| s != "uncc-safeguards").collect()
    };
    let md_ids = not_checklist(ids(&md, "(`", "`"));
    let html_ids = not_checklist(ids(&html, "<code>", "</code>"));
    assert!(md_ids.len() > 10);
    assert_eq!(md_ids, html_ids);
}

#[test]
fn show_item_prints_one_question_in_the_chosen_language() {
    let es = stdout_of(&[
        "show",
        "uncc-safeguards",
        "location-prior-judicial-order",
        "--lang",
        "es",
    ]);
    assert!(es.starts_with("# ¿"), "{es}");
    assert!(es.contains("`location-prior-judicial-order`"));
    assert_eq!(es.matches("\n# ").count(), 0, "one question only");
    assert!(!es.contains("`interception-prior-judicial-order`"));
    // Its sources are numbered from 1 and listed.
    assert!(es.contains("[1] "));
    assert!(es.contains("\n1. `"));
    // The id alone finds it in the embedded checklist.
    let alone = stdout_of(&["show", "location-prior-judicial-order", "--lang", "es"]);
    assert_eq!(alone, es);
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "show",
        "uncc-safeguards",
        "location-prior-judicial-order",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["id"], "location-prior-judicial-order");
    // A misspelt id is refused with the closest one.
    let o = bin()
        .args(["show", "uncc-safeguards", "location-prior-judicial-ordr"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("did you mean `location-prior-judicial-order`")
    );
}

// ------------------------------------------------------------------ the interview

struct Memory;

impl Store for Memory {
    fn save(&mut self, file: &AnswersFile, _: Option<&str>) -> Result<AnswersFile, String> {
        Ok(file.clone())
    }
}

fn mini() -> Checklist {
    let (c, d) = Catalog {
        dir: Some(fixture("")),
    }
    .load("mini");
    c.unwrap_or_else(|| panic!("{}", d.render()))
}

/// Runs an interview of `mini` on `input`, with a terminal `width`; returns what it printed and
/// the answers.
fn interview(input: &str, width: Option<usize>, lang: &str) -> (String, AnswersFile) {
    let c = mini();
    let file = salvaguarda::answers::new_file(&c, "BR", "PL 1");
    let mut out = Vec::new();
    let mut store = Memory;
    let report = |_: &AnswersFile| "# report".to_string();
    let answers = {
        let mut iv = Interview::new(
            &c,
            lang,
            file,
            input.as_bytes(),
            &mut out,
            &mut store,
            &report,
        )
        .with_width(width);
        iv.run(false, "bill.toml").unwrap();
        iv.file().clone()
    };
    (String::from_utf8(out).unwrap(), answers)
}

#[test]
fn wrapping_breaks_at_word_boundaries_with_a_hanging_indent() {
    let w = wrap("one two three four five six", 12, "  1 Yes: ", "      ");
    assert_eq!(
        w,
        "  1 Yes: one\n      two\n      three\n      four\n      five\n      six"
    );
    for line in w.lines() {
        assert!(line.chars().count() <= 12, "{line}");
    }
    // A number stays with the short word before it.
    assert_eq!(
        wrap("the Convention, art. 30 and more", 20, "", "  "),
        "the Convention,\n  art. 30 and more"
    );
    // A word longer than the line stays whole.
    assert_eq!(
        wrap("a supercalifragilistic b", 10, "", ""),
        "a\nsupercalifragilistic\nb"
    );
}

#[test]
fn the_interview_wraps_prose_to_the_terminal_width() {
    let (wide, _) = interview("q\n", None, "en");
    let (narrow, _) = interview("q\n", Some(40), "en");
    assert!(wide.lines().any(|l| l.chars().count() > 40));
    for line in narrow.lines() {
        // Prompts and menus are not prose; every line of a question, guidance or source is.
        if line.contains(" · ") || line.contains('═') || line.contains("[1-4]: ") {
            continue;
        }
        assert!(line.chars().count() <= 40, "{line:?}");
    }
    // No word was cut: the same words in the same order.
    let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(words(&wide), words(&narrow));
}

#[test]
fn the_interview_gives_the_range_suggests_ids_and_never_saves_a_question_mark() {
    let (out, answers) = interview(
        "7\ng judge-ordr\n1\n?\nArt. 9\n?\nO juiz autoriza.\n\n?\nA note\nq\n",
        None,
        "pt",
    );
    assert!(out.contains("Escolha um número de 1 a 4"), "{out}");
    assert!(
        out.contains("sim, parcial, não, desconhecido") || out.contains("sim, parcial"),
        "{out}"
    );
    assert!(out.contains("Você quis dizer judge-order?"), "{out}");
    assert_eq!(
        out.matches("Um ? sozinho mostra esta ajuda").count(),
        3,
        "{out}"
    );
    let a = &answers.answers["power-interception"];
    assert_eq!(a.note.as_deref(), Some("A note"));
    assert_eq!(a.evidence.len(), 1);
    assert_eq!(a.evidence[0].article.as_deref(), Some("Art. 9"));
    assert_eq!(a.evidence[0].quote.as_deref(), Some("O juiz autoriza."));
}

// ------------------------------------------------------------------ imports

fn filled_csv(dir: &Path) -> (PathBuf, String) {
    let csv = dir.join("filled.csv");
    bin()
        .args(["export", "uncc-safeguards", "--format", "csv", "--answers"])
        .arg(example("mixed.toml"))
        .arg("-o")
        .arg(&csv)
        .assert()
        .success();
    let imported = dir.join("reference.toml");
    bin()
        .arg("import")
        .arg(&csv)
        .arg("-o")
        .arg(&imported)
        .assert()
        .success();
    (csv, std::fs::read_to_string(imported).unwrap())
}

/// The rows of a CSV file as written by `export`, re-written with another separator.
fn with_separator(csv: &Path, sep: u8) -> Vec<u8> {
    let text = std::fs::read(csv).unwrap();
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(sep)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for rec in r.records() {
        w.write_record(&rec.unwrap()).unwrap();
    }
    w.into_inner().unwrap()
}

fn import(dir: &Path, name: &str, bytes: &[u8]) -> (String, String) {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    let out = dir.join(format!("{name}.toml"));
    let o = bin()
        .arg("import")
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(o.status.success(), "{name}: {stderr}");
    (std::fs::read_to_string(out).unwrap(), stderr)
}

#[test]
fn a_csv_saved_with_semicolons_or_tabs_imports_as_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, reference) = filled_csv(dir.path());
    let semi = with_separator(&csv, b';');
    assert!(
        String::from_utf8_lossy(&semi)
            .lines()
            .next()
            .unwrap()
            .contains(';')
    );
    let (toml, stderr) = import(dir.path(), "semi.csv", &semi);
    assert_eq!(toml, reference);
    assert!(!stderr.contains("warning"), "{stderr}");
    let (toml, _) = import(dir.path(), "tabs.csv", &with_separator(&csv, b'\t'));
    assert_eq!(toml, reference);
    // Excel's `sep=;` first line.
    let mut sep = b"sep=;\r\n".to_vec();
    sep.extend_from_slice(&semi);
    let (toml, _) = import(dir.path(), "sep.csv", &sep);
    assert_eq!(toml, reference);
}

#[test]
fn a_windows_1252_csv_is_decoded_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, reference) = filled_csv(dir.path());
    let semi = String::from_utf8(with_separator(&csv, b';')).unwrap();
    assert!(
        semi.contains('í') && semi.contains('ó'),
        "accents to decode"
    );
    // What Windows-1252 has no letter for, a spreadsheet saves as `?`.
    let semi = semi.replace('↳', "?");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&semi);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let (toml, stderr) = import(dir.path(), "ansi.csv", &bytes);
    assert_eq!(toml, reference);
    assert!(stderr.contains("warning[legacy-encoding]"), "{stderr}");
    assert!(stderr.contains("windows-1252"), "{stderr}");
    // UTF-16 with its byte-order mark (Excel's "Unicode text").
    let tabs = String::from_utf8(with_separator(&csv, b'\t')).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in tabs.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let (toml, stderr) = import(dir.path(), "unicode.csv", &utf16);
    assert_eq!(toml, reference);
    assert!(stderr.contains("UTF-16LE"), "{stderr}");
}

#[test]
fn a_note_starting_with_equals_survives_the_workbook_and_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let note = "=art. 5 applies; +2 days, -1 judge, @all";
    let s = std::fs::read_to_string(example("strong.toml")).unwrap();
    let at = s.find("answer = \"yes\"").unwrap();
    let s = format!("{}note = \"{note}\"\n{}", &s[..at], &s[at..]);
    let answers = dir.path().join("eq.toml");
    std::fs::write(&answers, &s).unwrap();
    for format in ["xlsx", "csv"] {
        let q = dir.path().join(format!("eq.{format}"));
        bin()
            .args(["export", "uncc-safeguards", "--format", format, "--answers"])
            .arg(&answers)
            .arg("-o")
            .arg(&q)
            .assert()
            .success();
        if format == "xlsx" {
            // Written as text (a shared string), not as a formula.
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&q).unwrap()).unwrap();
            let mut xml = String::new();
            for name in ["xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml"] {
                use std::io::Read as _;
                zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
            }
            assert!(!xml.contains("<f>"), "a formula in the workbook");
        }
        let back = dir.path().join(format!("back-{format}.toml"));
        bin()
            .arg("import")
            .arg(&q)
            .arg("-o")
            .arg(&back)
            .assert()
            .success();
        let f = salvaguarda::answers::from_toml(&std::fs::read_to_string(&back).unwrap()).unwrap();
        assert!(
            f.answers.values().any(|a| a.note.as_deref() == Some(note)),
            "{format}: the note was lost"
        );
    }
}

#[cfg(feature = "xlsx")]
#[test]
fn a_note_typed_as_a_failing_formula_is_read_back_as_its_words() {
    use std::io::{Read as _, Write as _};
    let dir = tempfile::tempdir().unwrap();
    let q = dir.path().join("q.xlsx");
    bin()
        .args(["export", "uncc-safeguards", "--answers"])
        .arg(example("strong.toml"))
        .arg("-o")
        .arg(&q)
        .assert()
        .success();
    // The workbook as a spreadsheet saves a note typed as `=see art. 5`: a formula whose cached
    // value is an error. Put one in the note cell (column G) of the first question's row.
    let grids = salvaguarda::questionnaire::xlsx::read(&std::fs::read(&q).unwrap()).unwrap();
    let (sheet_no, grid) = grids
        .iter()
        .enumerate()
        .find(|(_, g)| {
            g.rows
                .iter()
                .any(|r| r.get(1).is_some_and(|c| c == "power-preservation"))
        })
        .unwrap();
    let row = grid
        .rows
        .iter()
        .position(|r| r.get(1).is_some_and(|c| c == "power-preservation"))
        .unwrap();
    let cell = format!("G{}", row + 1);
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&q).unwrap()).unwrap();
    let edited = dir.path().join("edited.xlsx");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&edited).unwrap());
    let target = format!("xl/worksheets/sheet{}.xml", sheet_no + 1);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == target {
            let xml = String::from_utf8(bytes).unwrap();
            let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
            let open_end = start + xml[start..].find('>').unwrap();
            let end = if xml.as_bytes()[open_end - 1] == b'/' {
                open_end + 1
            } else {
                start + xml[start..].find("</c>").unwrap() + 4
            };
            let formula = format!("<c r=\"{cell}\" t=\"e\"><f>see art. 5</f><v>#NAME?</v></c>");
            bytes = format!("{}{formula}{}", &xml[..start], &xml[end..]).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
    let back = dir.path().join("back.toml");
    let o = bin()
        .arg("import")
        .arg(&edited)
        .arg("-o")
        .arg(&back)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = salvaguarda::answers::from_toml(&std::fs::read_to_string(&back).unwrap()).unwrap();
    assert_eq!(
        f.answers["power-preservation"].note.as_deref(),
        Some("=see art. 5")
    );
}

#[test]
fn on_a_narrow_terminal_the_interview_wraps_between_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bill.toml");
    // One question left to answer: the interview resumes there.
    let answers = std::fs::read_to_string(fixture("mini-answers.toml")).unwrap();
    let c = mini();
    let mut f = salvaguarda::answers::from_toml(&answers).unwrap();
    f.answers.remove("power-interception");
    std::fs::write(&out, salvaguarda::answers::to_toml(&f, Some(&c))).unwrap();
    let script = format!(
        "stty cols 50 rows 40; exec '{}' --catalog '{}' interview mini --lang en -o '{}'",
        exe().display(),
        fixture("").display(),
        out.display()
    );
    let mut cmd = on_terminal();
    cmd.args(["-c", &script]);
    let mut cmd2 = Command::new("sh");
    cmd2.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => cmd2.env(k, v),
            None => cmd2.env_remove(k),
        };
    }
    let mut p = rexpect::session::spawn_command(cmd2, Some(30_000)).unwrap();
    let shown = p.exp_string("Answer [1-4]: ").unwrap();
    p.send_line("q").unwrap();
    p.exp_eof().unwrap();
    assert!(shown.contains("Does the bill allow"), "{shown}");
    for line in shown.lines() {
        // rexpect reads bytes as Latin-1: count the characters of the UTF-8 text.
        let bytes: Vec<u8> = line.chars().map(|c| c as u32 as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.chars().count() <= 50,
            "{text:?} is wider than the terminal"
        );
    }
    // The sources line, longer than 50 characters, was wrapped with an indent, and the article
    // kept with its number.
    assert!(
        shown.contains("Sources: UN Convention against Cybercrime,\r\n      art. 30"),
        "{shown}"
    );
}
