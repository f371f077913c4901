//! Every string in the reader's language: each format of every bundled example and real-law
//! assessment, rendered in Spanish and Portuguese, holds none of the English labels. The list of
//! English labels is the English table itself (`templates/messages.toml`), less the labels that
//! read the same in another language ("No", "Total", "art.") and those too short to tell apart.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use salvaguarda::report::{Format, all_messages};

use crate::bin;
use crate::reports::{Case, render_case};

/// The English labels that must not appear in a Spanish or Portuguese page.
fn english_labels() -> Vec<String> {
    let all = all_messages();
    let others: BTreeSet<String> = ["es", "pt"]
        .iter()
        .flat_map(|l| all[*l].values().cloned())
        .collect();
    let mut out: Vec<String> = Vec::new();
    for (key, value) in &all["en"] {
        // Labels that hold program words (the CLI, diagnostics, the template's comments) are
        // not printed in reports; numbers, pins and placeholders are checked on their own.
        if key.starts_with("cli_")
            || key.starts_with("diag_")
            || key.starts_with("init_")
            || key.starts_with("pin_")
            || key == "number_decimal"
        {
            continue;
        }
        // The fixed part of a label with `{slots}`: its longest piece between them.
        let piece = value
            .split(['{', '}'])
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, s)| s.trim())
            .max_by_key(|s| s.chars().count())
            .unwrap_or_default()
            .to_string();
        if piece.chars().count() < 8 || !piece.contains(' ') || others.contains(&piece) {
            continue;
        }
        if others.iter().any(|o| o.contains(&piece)) {
            continue;
        }
        out.push(piece);
    }
    out.sort();
    out.dedup();
    out
}

/// The words a reader sees: tags, styles and attributes of an HTML page removed.
fn visible(text: &str) -> String {
    let mut s = text.to_string();
    while let (Some(a), Some(b)) = (s.find("<style>"), s.find("</style>")) {
        if b < a {
            break;
        }
        s.replace_range(a..b + "</style>".len(), " ");
    }
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn assessments() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["examples", "tests/real-laws"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    files
}

fn run(args: &[&str]) -> String {
    let out = bin().args(args).env("LANG", "C").output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn no_english_label_leaks_into_spanish_or_portuguese_pages() {
    let labels = english_labels();
    assert!(
        labels.len() > 100,
        "only {} labels to look for",
        labels.len()
    );
    // The label list is not empty of the words the issue found.
    assert!(labels.iter().any(|l| l == "red lines breached"));
    let finder = aho_corasick::AhoCorasick::new(&labels).unwrap();
    let files = assessments();
    let mut leaks = Vec::new();
    for lang in ["es", "pt"] {
        let mut pages: Vec<(String, String, String)> = Vec::new();
        for path in &files {
            let case = Case {
                name: path.display().to_string(),
                path: path.clone(),
                catalog: None,
            };
            let own = std::fs::read_to_string(path).unwrap();
            for format in [Format::Md, Format::Html, Format::Brief] {
                pages.push((
                    format!("report {} --format {format:?}", case.name),
                    render_case(&case, format, Some(lang)),
                    own.clone(),
                ));
            }
        }
        // The other commands once each: every file compared, a plan, a diff, the catalog.
        let f = "examples/mixed.toml";
        pages.push((
            format!("plan {f}"),
            run(&["plan", f, "--lang", lang]),
            String::new(),
        ));
        let all: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
        for format in ["md", "html"] {
            let mut args = vec!["compare", "--format", format, "--lang", lang];
            args.extend(&all);
            pages.push((
                format!("compare --format {format}"),
                run(&args),
                String::new(),
            ));
        }
        let (old, new) = ("examples/red-lines.toml", "examples/red-lines-amended.toml");
        for format in ["md", "html"] {
            pages.push((
                format!("diff --format {format}"),
                run(&["diff", old, new, "--format", format, "--lang", lang]),
                std::fs::read_to_string(old).unwrap() + &std::fs::read_to_string(new).unwrap(),
            ));
        }
        pages.push((
            "show".into(),
            run(&["show", "uncc-safeguards", "--lang", lang]),
            String::new(),
        ));
        for (what, page, own) in &pages {
            let text = visible(page);
            for m in finder.find_overlapping_iter(&text) {
                let l = &labels[m.pattern().as_usize()];
                leaks.push(format!("{lang} {what}: \"{l}\""));
            }
            // Citation pins are written in English in the catalog and translated when shown.
            // (The assessor's own evidence may cite "para. 3" of an English bill.)
            for pin in [" principle ", " para. ", " paras. "] {
                if text.contains(pin) && !own.contains(pin) {
                    leaks.push(format!("{lang} {what}: pin \"{}\"", pin.trim()));
                }
            }
        }
    }
    leaks.sort();
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "{} English strings in es/pt pages:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// The answers-file diagnostics whose messages follow the language, with the fixture (under
/// `tests/invalid/`) that raises each one, and whether it needs the bill text.
const TRANSLATED_DIAGNOSTICS: &[(&str, bool)] = &[
    ("unknown-item", false),
    ("invalid-value", false),
    ("not-applicable-not-allowed", false),
    ("version-mismatch", false),
    ("checklist-mismatch", false),
    ("answer-not-needed", false),
    ("unknown-language", false),
    ("unknown-key", false),
    ("missing-key", false),
    ("wrong-type", false),
    ("article-not-found", true),
    ("quote-not-found", true),
    ("quote-elsewhere", true),
    ("toml-syntax", false),
    ("file-unreadable", false),
];

/// The fixed pieces (between `{slots}`) of the English diagnostic messages, long enough to be
/// a phrase ("the bill text has no article"), that must not appear in another language.
fn english_diagnostic_pieces() -> Vec<String> {
    let all = all_messages();
    let mut out: Vec<String> = all["en"]
        .iter()
        .filter(|(k, _)| {
            k.starts_with("diag_") && !["diag_error", "diag_counts"].contains(&k.as_str())
        })
        .flat_map(|(_, v)| {
            v.split(['{', '}'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, s)| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|s| s.split_whitespace().count() >= 3)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// `lint` of a fixture of `tests/invalid/` in a locale; returns stderr.
fn lint_in(locale: &str, name: &str, bill: bool) -> String {
    let mut cmd = bin();
    cmd.args(["--catalog", "tests/fixtures", "lint", "--strict"])
        .arg(format!("tests/invalid/{name}.toml"));
    if bill {
        cmd.args(["--bill", "tests/fixtures/bills/mini-bill.txt"]);
    }
    if !locale.is_empty() {
        cmd.env("LANG", locale);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{name} in {locale:?}");
    String::from_utf8(out.stderr).unwrap()
}

/// The message and help lines of the diagnostics of `code` in rendered output.
fn lines_of<'a>(stderr: &'a str, code: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut inside = false;
    for l in stderr.lines() {
        if let Some((_, rest)) = l.split_once(&format!("[{code}]: ")) {
            inside = true;
            out.push(rest);
        } else if l.contains("]: ") && !l.trim_start().starts_with('=') {
            inside = false;
        } else if inside && let Some(help) = l.trim_start().strip_prefix("= ") {
            out.push(help);
        }
    }
    out
}

#[test]
fn answers_file_diagnostics_speak_the_language_of_the_locale() {
    let pieces = english_diagnostic_pieces();
    assert!(pieces.len() > 30, "only {} pieces", pieces.len());
    // The pieces hold the phrases of the converted messages.
    assert!(
        pieces
            .iter()
            .any(|p| p.contains("the bill text has no article"))
    );
    for (name, bill) in TRANSLATED_DIAGNOSTICS {
        let english = lint_in("", name, *bill);
        let en_lines = lines_of(&english, name);
        assert!(!en_lines.is_empty(), "{name}: no diagnostic in\n{english}");
        // English output names what it finds in English: the pieces are the ones printed.
        assert!(
            en_lines
                .iter()
                .any(|l| pieces.iter().any(|p| l.contains(p.as_str()))),
            "{name}: English message not drawn from the table: {en_lines:?}"
        );
        for locale in ["es_ES.UTF-8", "pt_BR.UTF-8"] {
            let stderr = lint_in(locale, name, *bill);
            let lines = lines_of(&stderr, name);
            assert_eq!(lines.len(), en_lines.len(), "{name} {locale}:\n{stderr}");
            for (l, e) in lines.iter().zip(&en_lines) {
                assert_ne!(l, e, "{name} {locale}: the line reads as in English");
                let leaks: Vec<&String> =
                    pieces.iter().filter(|p| l.contains(p.as_str())).collect();
                assert!(
                    leaks.is_empty(),
                    "{name} {locale}: English {leaks:?} in {l:?}"
                );
            }
        }
    }
}

/// The `{slots}` of a message, in order.
fn slots(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j)
                if after[..j]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_') =>
            {
                if j > 0 {
                    out.push(&after[..j]);
                }
                rest = &after[j + 1..];
            }
            _ => rest = after,
        }
    }
    out.sort_unstable();
    out
}

/// The words of a message outside its `{slots}`.
fn fixed_words(text: &str) -> usize {
    text.split(['{', '}'])
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .flat_map(|(_, s)| s.split_whitespace())
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

#[test]
fn every_message_is_in_english_spanish_and_portuguese_with_the_same_slots() {
    let all = all_messages();
    assert_eq!(
        all.keys().map(String::as_str).collect::<Vec<_>>(),
        ["en", "es", "pt"],
        "the languages of the table"
    );
    let en = &all["en"];
    // One table: the interview's, the questionnaire's, the workbench's and the command line's
    // words are in it, and no other table of words is left beside it.
    assert!(en.len() > 750, "only {} messages", en.len());
    for prefix in ["iv_", "q_", "wb_", "cli_", "diag_", "upgrade_"] {
        assert!(
            en.keys().filter(|k| k.starts_with(prefix)).count() >= 5,
            "no `{prefix}` messages in the table"
        );
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tables: Vec<String> = std::fs::read_dir(root.join("templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    assert_eq!(tables, ["messages.toml"], "one table of words");
    assert!(!root.join("src/serve/words.toml").exists());

    let mut problems = Vec::new();
    for lang in ["es", "pt"] {
        let other = &all[lang];
        for (key, english) in en {
            match other.get(key) {
                None => problems.push(format!("{key}: missing in {lang}")),
                Some(v) if v.trim().is_empty() && !english.trim().is_empty() => {
                    problems.push(format!("{key}: empty in {lang}"))
                }
                Some(v) if slots(v) != slots(english) => problems.push(format!(
                    "{key}: {lang} fills {:?}, English {:?}",
                    slots(v),
                    slots(english)
                )),
                // A message of the program (not a label that may read the same, "No",
                // "Total") left in English: three words or more, the same in both.
                Some(v)
                    if v == english
                        && ["diag_", "cli_", "iv_", "q_", "upgrade_"]
                            .iter()
                            .any(|p| key.starts_with(p))
                        && fixed_words(english) >= 3 =>
                {
                    problems.push(format!("{key}: {lang} reads as in English: {v:?}"))
                }
                Some(_) => {}
            }
        }
        for key in other.keys() {
            if !en.contains_key(key) {
                problems.push(format!("{key}: in {lang} but not in English"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems in templates/messages.toml:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The English pieces of the command line's own messages (`diag_` and `cli_`), each with its
/// key: the fixed text between `{slots}`, two words or more. Any of them in a Spanish or
/// Portuguese run, or in a Spanish or Portuguese message of the table, is English leaking
/// through.
fn english_message_pieces() -> Vec<(String, String)> {
    let all = all_messages();
    let mut out = Vec::new();
    for (key, value) in &all["en"] {
        if !(key.starts_with("diag_") || key.starts_with("cli_")) {
            continue;
        }
        for piece in value
            .split(['{', '}'])
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, s)| s.trim())
        {
            let words = piece
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            if words >= 2 {
                out.push((key.clone(), piece.to_string()));
            }
        }
    }
    out
}

/// A run of the command line: what it shows, its arguments, and whether its standard output
/// (not only its standard error) carries the command's own messages.
struct Run {
    what: String,
    args: Vec<String>,
    stdout: bool,
}

/// The runs that raise the messages of the table: the fixture of every diagnostic code
/// (`tests/invalid/`), a checklist broken in every way one folder can hold
/// (`tests/i18n/many-problems.toml` added to a copy of `mini`), a second `[checklist]`
/// table, too many files, an empty folder, files over the size limits, broken TOML of every
/// kind the parser describes, bad answers files, every refusal and failure of `-o`, bad
/// questionnaires (CSV and workbook), the usage errors of the commands, and the messages of
/// commands that succeed (what they wrote, what `upgrade` changed, a gate). Files are made in
/// `dir`.
fn runs(dir: &Path) -> Vec<Run> {
    use salvaguarda::diag::Code;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let p = |rel: &str| dir.join(rel).display().to_string();
    let write = |rel: &str, text: &str| std::fs::write(dir.join(rel), text).unwrap();
    let mut runs: Vec<Run> = Vec::new();
    for &code in Code::ALL {
        // These two fixtures are written in English (`language = "en"`); the answers file's
        // language rightly wins over the locale. They are run below on a file without one.
        if matches!(code, Code::OutputRefused | Code::OutputFailed) {
            continue;
        }
        let args = crate::diagnostics::args_for(&crate::diagnostics::fixture_for(code));
        runs.push(Run {
            what: format!("the fixture of {}", code.as_str()),
            args,
            stdout: false,
        });
    }
    let mut run = |what: &str, args: &[&str]| {
        runs.push(Run {
            what: what.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
            stdout: false,
        })
    };

    // Checklists.
    let mini = root.join("tests/fixtures/mini");
    let copy_mini = |to: &str| {
        std::fs::create_dir_all(dir.join(to)).unwrap();
        for f in ["checklist.toml", "items.toml"] {
            std::fs::copy(mini.join(f), dir.join(to).join(f)).unwrap();
        }
    };
    copy_mini("many");
    std::fs::copy(
        root.join("tests/i18n/many-problems.toml"),
        dir.join("many/broken.toml"),
    )
    .unwrap();
    run("a checklist broken in every way", &["lint", &p("many")]);
    copy_mini("two");
    std::fs::copy(mini.join("checklist.toml"), dir.join("two/second.toml")).unwrap();
    run("two [checklist] tables", &["lint", &p("two")]);
    copy_mini("schema");
    write(
        "schema/more.toml",
        "[[items]]\nid = \"Bad_Id\"\nkind = \"safeguard\"\narea = \"remedy\"\npriority = 0\n\
         partial_credit = 2\nallow_not_applicable = \"yes\"\ntags = []\ncites = \"uncc\"\n\
         question = { en = \"Q?\", es = \"¿P?\", pt = \"P?\" }\n\
         guidance = { yes = { en = \"Y.\", es = \"S.\", pt = \"S.\" }, no = 3 }\n\
         \n[[profiles]]\nid = \"p\"\ntitle = { en = \"P\", es = \"P\", pt = \"P\" }\n\
         select = { all = true }\nbands = []\n\
         \n[[items]]\nid = \"ranked\"\npriority = \"high\"\n",
    );
    run("a checklist of the wrong shape", &["lint", &p("schema")]);
    std::fs::create_dir_all(dir.join("crowded")).unwrap();
    for i in 0..=salvaguarda::input::CHECKLIST_FILES_LIMIT {
        write(&format!("crowded/f{i:03}.toml"), "");
    }
    run("too many files", &["lint", &p("crowded")]);
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    run("an empty folder", &["lint", &p("empty")]);
    run("nothing to compare", &["compare", &p("empty")]);

    // Inputs over their limits.
    let limit = salvaguarda::input::Kind::Answers.limit();
    for (name, size) in [("edge.toml", limit + 1), ("big.toml", 3 * limit)] {
        let f = std::fs::File::create(dir.join(name)).unwrap();
        f.set_len(size).unwrap();
        run("a file over the limit", &["lint", &p(name)]);
    }
    let bill_limit = salvaguarda::input::Kind::Bill.limit();
    std::fs::File::create(dir.join("huge-bill.txt"))
        .unwrap()
        .set_len(bill_limit + 1)
        .unwrap();
    run(
        "a bill text over the limit",
        &["scan", &p("huge-bill.txt"), "--checklist", "mini"],
    );
    let mut bills = vec![
        "lint".to_string(),
        "tests/fixtures/mini-answers.toml".into(),
    ];
    for i in 0..3 {
        let name = format!("bill-{i}.txt");
        std::fs::File::create(dir.join(&name))
            .unwrap()
            .set_len(bill_limit - 1)
            .unwrap();
        bills.extend(["--bill".to_string(), p(&name)]);
    }
    runs_push(&mut run, "bill texts over the limit together", &bills);

    // Broken TOML, one description of the parser each.
    let broken = [
        "a = b\n",
        "a b = 1\n",
        "[a\n",
        "[[a\n",
        "a = [1\n",
        "a = { b = 1\n",
        "a = 1__2\n",
        "a = b\"\n",
        "a.! = 1\n",
        "a = { b = 1 = 2 }\n",
        "a = \"\"\"\\q\"\"\"\n",
        "a = [,]\n",
        "a = 1.5.5\n",
        "[a]]\n",
        "[]\n",
        "a = {, b = 1}\n",
        "a = 01\n",
        "a = tru\n",
        "a = \"\\u12\"\n",
        "a = \'\'\'x\n",
        "a = 1\na = 2\n",
        "a = 99999999999999999999\n",
        "a = inf\n",
    ];
    for (i, text) in broken.iter().enumerate() {
        let name = format!("broken-{i}.toml");
        write(&name, text);
        run("broken TOML", &["lint", &p(&name)]);
    }
    write(
        "deep.toml",
        &format!("a = {}1{}\n", "[".repeat(100), "]".repeat(100)),
    );
    run("TOML nested too deep", &["lint", &p("deep.toml")]);

    // Answers files.
    let answers = std::fs::read_to_string(root.join("tests/fixtures/mini-answers.toml"))
        .unwrap()
        .replace("language = \"en\"\n", "");
    write("answers.toml", &answers);
    let a = p("answers.toml");
    let head = "[assessment]\nchecklist = \"mini\"\nchecklist_version = \"1.2.0\"\n\
                jurisdiction = \"XX\"\ninstrument = \"Bill 1/2025\"\n";
    write(
        "bad-answers.toml",
        &(head.replace(
            "jurisdiction = \"XX\"",
            "jurisdiction = \"\"\ndate = \"2025-02-30\"",
        ) + "\n[answers.power-interception]\nanswer = \"not_applicable\"\n\
               \n[answers.judge-order]\nanswer = \"not_applicable\"\nevidence = [ { article = \" \" } ]\n\
               \n[answers.reasoned-order]\nanswer = \"not_applicable\"\n"),
    );
    run("bad answers", &["lint", &p("bad-answers.toml")]);
    write(
        "evidence.toml",
        &(head.to_string()
            + "\n[answers.reasoned-order]\nanswer = \"yes\"\nevidence = [ { article = \"Art. 10(7)\" }, \
               { article = \"Art. 9\", quote = \"The prosecutor may order the interception of letters.\" } ]\n"),
    );
    run(
        "evidence the bill does not bear out",
        &[
            "lint",
            &p("evidence.toml"),
            "--bill",
            "tests/fixtures/bills/mini-bill.txt",
        ],
    );
    write(
        "shape.toml",
        "[assessment]\nchecklist = \"mini\"\nchecklist_version = \"1\"\njurisdiction = 3\n\
         instrument = \"B\"\ndate = \"2025-1\"\n\n[answers.judge-order]\nanswer = \"yes\"\nevidence = \"x\"\n\
         [answers.reasoned-order]\nanswer = true\n[answers.effective-remedy]\nevidence = [ 1 ]\n",
    );
    run("answers of the wrong shape", &["lint", &p("shape.toml")]);
    write(
        "no-assessment.toml",
        "[answers.judge-order]\nanswer = \"yes\"\n",
    );
    run("no [assessment]", &["report", &p("no-assessment.toml")]);
    run(
        "nothing names a checklist",
        &["compare", &p("no-assessment.toml")],
    );
    write(
        "other-checklist.toml",
        &answers.replace("checklist = \"mini\"", "checklist = \"zzzzzzzzzz\""),
    );
    run("no such checklist", &["lint", &p("other-checklist.toml")]);
    write(
        "major.toml",
        &answers.replace(
            "checklist_version = \"1.2.0\"",
            "checklist_version = \"9.0.0\"",
        ),
    );
    run("a new major version", &["lint", &p("major.toml")]);
    run("no such file", &["lint", &p("nothing-here.toml")]);
    run("a folder for a file", &["report", &p("empty")]);
    let mut many = String::from(
        "[assessment]\nchecklist = \"mini\"\nchecklist_version = \"1.2.0\"\njurisdiction = \"XX\"\ninstrument = \"B\"\n",
    );
    for i in 0..210 {
        many.push_str(&format!("\n[answers.zz-{i}]\nanswer = \"yes\"\n"));
    }
    write("many-unknown.toml", &many);
    run(
        "more problems than are shown",
        &["lint", &p("many-unknown.toml")],
    );
    run(
        "an upgrade to be made",
        &["--catalog", "tests/fixtures/upgrade", "lint", &a],
    );
    run(
        "an upgrade",
        &[
            "--catalog",
            "tests/fixtures/upgrade",
            "upgrade",
            &a,
            "-o",
            &p("upgraded-@L@.toml"),
        ],
    );
    let old = answers.replace(
        "checklist_version = \"1.2.0\"",
        "checklist_version = \"0.1.0\"",
    );
    write("old.toml", &old);
    run("an upgrade with no path", &["upgrade", &p("old.toml")]);
    run("an upgrade of a current file", &["upgrade", &a]);
    // `@L@` in a path is the locale's language: each run writes its own file.
    run(
        "an answers file written",
        &["init", "mini", "-o", &p("init-@L@.toml")],
    );
    run(
        "an untouched template",
        &["lint", "--strict", &p("init-@L@.toml")],
    );
    write("gate.toml", &answers.replace("\"partial\"", "\"no\""));
    let g = p("gate.toml");
    run(
        "a gate",
        &["report", &a, "--fail-under", "100", "-o", &p("r1-@L@.md")],
    );
    run(
        "a gate on breaches",
        &["report", &g, "--fail-on", "breach", "-o", &p("r2-@L@.md")],
    );
    write(
        "unknown.toml",
        &(head.to_string() + "\n[answers.power-interception]\nanswer = \"yes\"\n"),
    );
    run(
        "a gate on red lines",
        &[
            "report",
            &p("unknown.toml"),
            "--fail-on",
            "red-line",
            "-o",
            &p("r3-@L@.md"),
        ],
    );
    run(
        "a gate on critical safeguards",
        &["report", &g, "--fail-on", "critical", "-o", &p("r4-@L@.md")],
    );
    run(
        "a gate of compare",
        &[
            "compare",
            &a,
            &g,
            "--fail-under",
            "100",
            "-o",
            &p("c-@L@.md"),
        ],
    );
    run(
        "files not compared",
        &["compare", &a, &p("shape.toml"), "-o", &p("c2-@L@.md")],
    );
    run(
        "no file compared",
        &["compare", &p("shape.toml"), &p("no-assessment.toml")],
    );

    // Where output goes.
    write("exists.md", "");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("dangling.md")).unwrap();
    #[cfg(unix)]
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket")).unwrap();
    for (what, out) in [
        ("-o an input", a.clone()),
        ("-o a folder", p("")),
        ("-o an existing file", p("exists.md")),
        ("-o inside a file", p("answers.toml/report.md")),
        ("-o a link to nothing", p("dangling.md")),
        ("-o a socket", p("socket")),
    ] {
        run(what, &["report", &a, "-o", &out]);
    }
    std::fs::create_dir_all(dir.join("tpl")).unwrap();
    write("tpl/report.css", "");
    run(
        "templates ejected over files",
        &["templates", "--eject", &p("tpl")],
    );
    run(
        "templates ejected into a file",
        &["templates", "--eject", &p("answers.toml/tpl")],
    );

    // Questionnaires.
    let bad = std::fs::read_to_string(root.join("tests/i18n/bad-questionnaire.csv")).unwrap();
    let header = bad.lines().next().unwrap();
    run(
        "a questionnaire with bad cells",
        &["import", "tests/i18n/bad-questionnaire.csv", "-o", "-"],
    );
    let csvs = [
        (
            "columns.csv",
            header.replace("Answer", "Respuesta?") + "\n,'@checklist,checklist,mini,,,,,,\n",
        ),
        (
            "no-id.csv",
            format!("{header}\n,'@checklist,checklist,,,,,,,\n"),
        ),
        (
            "no-version.csv",
            format!("{header}\n,'@checklist,checklist,mini,,,,,,\n,'@checklist_version,v,,,,,,,\n"),
        ),
        (
            "no-jurisdiction.csv",
            bad.replace(
                ",'@jurisdiction,Jurisdiction,,,,,,,\n",
                ",'@instrument,Instrument,,,,,,,\n",
            ),
        ),
        ("not-one.csv", "a,b\n1,2\n".to_string()),
        ("quote.csv", format!("{header}\n,\"open")),
        (
            "wide.csv",
            format!(
                "{header}\n{}\n",
                ",x".repeat(salvaguarda::questionnaire::MAX_COLUMNS)
            ),
        ),
    ];
    for (name, text) in csvs {
        write(name, &text);
        run("a bad questionnaire", &["import", &p(name), "-o", "-"]);
    }
    write("not-zip.xlsx", "not a workbook");
    let zip_of = |name: &str, parts: &[(String, Vec<u8>)]| {
        let f = std::fs::File::create(dir.join(name)).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (n, bytes) in parts {
            z.start_file(n.as_str(), options).unwrap();
            std::io::Write::write_all(&mut z, bytes).unwrap();
        }
        z.finish().unwrap();
    };
    let many_parts: Vec<(String, Vec<u8>)> = (0..1001)
        .map(|i| (format!("p{i}.xml"), Vec::new()))
        .collect();
    zip_of("parts.xlsx", &many_parts);
    run(
        "a workbook of too many parts",
        &["import", &p("parts.xlsx"), "-o", "-"],
    );
    zip_of(
        "bomb.xlsx",
        &[("zeros.xml".to_string(), vec![0u8; 40 << 20])],
    );
    run(
        "a workbook that unpacks too far",
        &["import", &p("bomb.xlsx"), "-o", "-"],
    );
    run(
        "a workbook that is not one",
        &["import", &p("not-zip.xlsx"), "-o", "-"],
    );
    run(
        "a questionnaire written",
        &[
            "export",
            "mini",
            "--answers",
            &a,
            "--format",
            "csv",
            "-o",
            &p("q-@L@.csv"),
        ],
    );
    run(
        "a questionnaire read",
        &["import", &p("q-@L@.csv"), "-o", &p("imported-@L@.toml")],
    );
    write(
        "long-note.toml",
        &(head.to_string()
            + &format!(
                "\n[answers.reasoned-order]\nanswer = \"yes\"\nnote = \"{}\"\n",
                "x".repeat(40_000)
            )),
    );
    run(
        "a note too long for a cell",
        &[
            "export",
            "mini",
            "--answers",
            &p("long-note.toml"),
            "--format",
            "xlsx",
            "-o",
            &p("long.xlsx"),
        ],
    );

    // The usage errors of the commands, and what other commands say.
    run("no such item", &["show", "mini", "judge-ordr"]);
    run("no such folder", &["--catalog", &p("nowhere"), "list"]);
    run(
        "a gate that is not a number",
        &["report", &a, "--fail-under", "many"],
    );
    run(
        "a gate out of range",
        &["report", &a, "--fail-under", "120"],
    );
    run(
        "a workbook without -o",
        &["export", "mini", "--format", "xlsx"],
    );
    run("no such example", &["demo", "--example", "nope"]);
    run("no such profile", &["report", &a, "--profile", "nope"]);
    run("no such language", &["report", &a, "--lang", "fr"]);
    run(
        "no such text language",
        &[
            "scan",
            "tests/fixtures/bills/mini-bill.txt",
            "--checklist",
            "mini",
            "--text-lang",
            "fr",
        ],
    );
    run(
        "nothing to scan for",
        &[
            "scan",
            "tests/fixtures/bills/mini-bill.txt",
            "--checklist",
            "mini",
        ],
    );
    run(
        "a draft written",
        &[
            "scan",
            "tests/fixtures/bills/mini-bill.txt",
            "--prefill",
            "-o",
            &p("draft-@L@.toml"),
        ],
    );
    run("an interview into -", &["interview", "mini", "-o", "-"]);
    run(
        "an interview of a bad file",
        &["interview", "mini", "-o", &p("shape.toml")],
    );
    run(
        "an interview stopped",
        &["interview", "mini", "-o", &p("new.toml")],
    );
    run("a workbench into -", &["serve", "-"]);
    run("a workbench of a bad file", &["serve", &p("shape.toml")]);
    run(
        "a workbench on no address",
        &["serve", &a, "--listen", "nowhere"],
    );
    run(
        "a regression",
        &[
            "diff",
            "examples/red-lines-amended.toml",
            "examples/red-lines.toml",
            "--fail-on-regression",
            "-o",
            &p("diff-@L@.md"),
        ],
    );
    runs.push(Run {
        what: "the templates".into(),
        args: vec!["templates".into()],
        stdout: true,
    });
    runs.push(Run {
        what: "templates ejected".into(),
        args: vec!["templates".into(), "--eject".into(), p("fresh-@L@")],
        stdout: true,
    });
    runs.push(Run {
        what: "lint of good files".into(),
        args: vec![
            "lint".into(),
            p("answers.toml"),
            "tests/fixtures/mini".into(),
        ],
        stdout: true,
    });
    runs
}

fn runs_push(run: &mut impl FnMut(&str, &[&str]), what: &str, args: &[String]) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(what, &args);
}

/// What a run prints for its user in a locale (`None`: no locale, English): standard error (and
/// standard output when the run says so), without the lines that quote the user's own files
/// (the snippet under a diagnostic, the `-->` line naming the file).
fn output_of(run: &Run, locale: Option<&str>) -> String {
    let mut cmd = bin();
    if !run.args.iter().any(|a| a == "--catalog") {
        cmd.args(["--catalog", "tests/fixtures"]);
    }
    let tag = locale.map_or("en", |l| &l[..2]);
    cmd.args(run.args.iter().map(|a| a.replace("@L@", tag)))
        .write_stdin("");
    if let Some(l) = locale {
        cmd.env("LANG", l);
    }
    let out = cmd.output().unwrap();
    let mut text = String::from_utf8_lossy(&out.stderr).into_owned();
    if run.stdout {
        text.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    // Clap's own frame of a bad value ("invalid value 'x' for '--fail-under <N>': ") is not
    // salvaguarda's; what follows it is.
    let clap = "error: invalid value '";
    text.lines()
        .map(|l| match l.strip_prefix(clap) {
            Some(rest) => rest.split_once("': ").map_or(l, |(_, m)| m),
            None => l,
        })
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("-->")
                || t.split_once('|')
                    .is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit())))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Messages of the table that no run above raises, and why. Their translations are held to the
/// English by the slots test above; these are the conditions a test cannot set up.
const NOT_RAISED: &[(&str, &str)] = &[
    // The system refuses: a full disk, a read-only file system, a file that appears between
    // two calls, a folder that cannot be read or written (the tests run as root, which may read
    // and write anything), a closed standard output, a disk device, a terminal.
    ("diag_io_storage_full", "a full disk"),
    ("diag_io_read_only", "a read-only file system"),
    ("diag_io_exists", "a file created between two calls"),
    (
        "diag_out_appeared",
        "a file created while the output is written",
    ),
    ("diag_permission_denied", "root may read anything"),
    ("diag_cannot_read_folder", "root may read any folder"),
    ("cli_cannot_read_folder", "root may read any folder"),
    ("diag_out_cannot_create_in", "root may write in any folder"),
    ("diag_out_cannot_write", "a disk that fills while writing"),
    (
        "diag_out_stdout",
        "a standard output that fails but is not a closed pipe",
    ),
    ("diag_out_block_device", "a disk device to write to"),
    ("diag_out_binary_terminal", "standard output on a terminal"),
    (
        "diag_out_binary_terminal_help",
        "standard output on a terminal",
    ),
    (
        "diag_cannot_read_stdin",
        "a standard input that cannot be read",
    ),
    // Built with every feature: the messages of a build without the workbook.
    ("diag_no_xlsx_import", "a build without `xlsx`"),
    ("cli_no_xlsx_export", "a build without `xlsx`"),
    ("cli_xlsx_build", "the workbook writer failing"),
    // The command line never passes these: clap refuses an empty value first; the schema
    // reports a missing `[assessment]` first; every pattern of the input schemas has its own
    // help; the CSV reader meets no error once quotes are closed.
    ("diag_empty_file_name", "clap refuses an empty value"),
    ("diag_missing_assessment", "the schema reports it first"),
    ("diag_pattern_help", "every input pattern has its own help"),
    (
        "diag_see_docs_help",
        "every input alternative has its own help",
    ),
    ("diag_csv_unreadable", "no CSV error after the quote check"),
    // A workbook made by hand: a sheet the reader cannot parse, more text than it holds, sizes
    // that lie about what the parts unpack to.
    ("diag_xlsx_sheet", "a corrupt sheet inside a valid zip"),
    ("diag_xlsx_text", "32 MiB of cell text"),
    (
        "diag_xlsx_more_than_that",
        "a zip that declares false sizes",
    ),
    (
        "cli_import_nothing",
        "cells that pass every check yet make an invalid file",
    ),
    // The interview and the workbench while they run: a file changed meanwhile, a save that
    // fails, a server listening, a browser to open.
    (
        "cli_interview_cannot_save",
        "a save failing during an interview",
    ),
    (
        "cli_interview_not_answers",
        "the file changed by hand during an interview",
    ),
    ("cli_serve_open", "a running workbench"),
    (
        "cli_serve_not_loopback",
        "a running workbench on another address",
    ),
    ("cli_serve_no_browser", "a running workbench with --open"),
    (
        "cli_upgrade_invalid",
        "a migration that makes an invalid file",
    ),
    (
        "cli_upgrade_unchanged",
        "a migration step that changes nothing",
    ),
    // Descriptions of the TOML parser for which no input was found that yields exactly them
    // (the parser's recovery names another problem first).
    ("diag_toml_after_comment", "parser recovery"),
    ("diag_toml_invalid_datetime", "parser recovery"),
    ("diag_toml_invalid_inline_element", "parser recovery"),
    ("diag_toml_invalid_integer", "parser recovery"),
    ("diag_toml_invalid_key", "parser recovery"),
    ("diag_toml_invalid_multiline_string", "parser recovery"),
    ("diag_toml_invalid_pair", "parser recovery"),
    ("diag_toml_invalid_table", "parser recovery"),
    ("diag_toml_invalid_value", "parser recovery"),
    ("diag_toml_missing_assignment", "parser recovery"),
    ("diag_toml_missing_comma_array", "parser recovery"),
    ("diag_toml_missing_inline_key", "parser recovery"),
    ("diag_toml_missing_value", "parser recovery"),
    ("diag_toml_missing_value_for_key", "parser recovery"),
    ("diag_toml_unexpected_content", "parser recovery"),
];

#[test]
fn no_english_message_leaks_into_spanish_or_portuguese_output() {
    let pieces = english_message_pieces();
    assert!(pieces.len() > 200, "only {} pieces", pieces.len());
    let finder = aho_corasick::AhoCorasick::new(pieces.iter().map(|(_, p)| p)).unwrap();
    let mut problems = Vec::new();
    // The table first: no Spanish or Portuguese message holds an English piece.
    for lang in ["es", "pt"] {
        for (key, value) in &all_messages()[lang] {
            for m in finder.find_overlapping_iter(value) {
                let (from, piece) = &pieces[m.pattern().as_usize()];
                problems.push(format!("{lang} {key}: English \"{piece}\" ({from})"));
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let all = runs(dir.path());
    assert!(all.len() > 130, "only {} runs", all.len());
    let mut raised: BTreeSet<&str> = BTreeSet::new();
    for run in &all {
        let english = output_of(run, None);
        raised.extend(
            finder
                .find_overlapping_iter(&english)
                .map(|m| pieces[m.pattern().as_usize()].0.as_str()),
        );
        for locale in ["es_ES.UTF-8", "pt_BR.UTF-8"] {
            let text = output_of(run, Some(locale));
            if text == english {
                problems.push(format!("{} in {locale}: reads as in English", run.what));
            }
            for m in finder.find_overlapping_iter(&text) {
                let (key, piece) = &pieces[m.pattern().as_usize()];
                problems.push(format!(
                    "{} in {locale}: English \"{piece}\" ({key}) in:\n{text}",
                    run.what
                ));
            }
        }
    }
    // Every message of the table is raised by one of the runs, or said not to be; and what is
    // said not to be raised is not.
    let listed_but_raised: Vec<&str> = NOT_RAISED
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| raised.contains(k))
        .collect();
    assert!(
        listed_but_raised.is_empty(),
        "raised after all, take them out of NOT_RAISED: {listed_but_raised:?}"
    );
    let not_raised: BTreeSet<&str> = pieces
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !raised.contains(k) && !NOT_RAISED.iter().any(|(n, _)| n == k))
        .collect();
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty() && not_raised.is_empty(),
        "{} problems:\n{}\n\n{} messages no run raises: {not_raised:?}",
        problems.len(),
        problems.join("\n\n"),
        not_raised.len()
    );
}
