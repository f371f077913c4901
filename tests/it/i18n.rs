//! Every string in the reader's language: each format of every bundled example and real-law
//! assessment, rendered in Spanish and Portuguese, holds none of the English labels. The list of
//! English labels is the English table itself (`templates/messages.toml`), less the labels that
//! read the same in another language ("No", "Total", "art.") and those too short to tell apart.

use std::collections::BTreeSet;
use std::path::PathBuf;

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
