//! Every report format for the mini fixture and the shipped examples: reviewed snapshots, the
//! CSV contract, and what a user typed never becoming markup (checked on the text here, and in
//! a real browser in `browser.rs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use salvaguarda::assess;
use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::evaluate::evaluate;
use salvaguarda::report::{CSV_COLUMNS, Format, Templates, render};
use salvaguarda::result::Report;
use serde_json::Value;

use crate::{bin, fixture};

/// An answers file to render: the path and the `--catalog` folder it needs, if any.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub path: PathBuf,
    pub catalog: Option<PathBuf>,
}

/// The shipped examples (every `examples/*.toml`).
pub fn examples() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out: Vec<Case> = std::fs::read_dir(&dir)
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| Case {
            name: p.file_stem().unwrap().to_string_lossy().into(),
            path: p,
            catalog: None,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(out.len() >= 3, "the three shipped examples");
    out
}

/// The mini fixture (checklist `mini` in tests/fixtures).
pub fn mini() -> Case {
    Case {
        name: "mini".into(),
        path: fixture("mini-answers.toml"),
        catalog: Some(fixture("")),
    }
}

/// A fixture answering the mini checklist.
pub fn mini_fixture(file: &str) -> Case {
    Case {
        name: file.trim_end_matches(".toml").into(),
        path: fixture(file),
        catalog: Some(fixture("")),
    }
}

pub const LANGS: [&str; 3] = ["en", "es", "pt"];

/// Renders a case as `report` would (default profile); `lang` None is the file's language.
pub fn render_case(case: &Case, format: Format, lang: Option<&str>) -> String {
    let scored = scored(case);
    let (c, r, file_lang) = &*scored;
    let lang = lang.unwrap_or(file_lang);
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    let templates = TEMPLATES.get_or_init(|| Templates::new(None).unwrap());
    render(r, c, lang, format, templates).unwrap()
}

/// A checklist, the result of scoring an answers file against it, and the file's language.
type Scored = Arc<(Arc<Checklist>, Report, String)>;

/// A case loaded and scored once per test run (loading validates the whole checklist, which
/// dominates the time of a render in a debug build).
fn scored(case: &Case) -> Scored {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Scored>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().unwrap().get(&case.path) {
        return hit.clone();
    }
    let catalog = Catalog {
        dir: case.catalog.clone(),
    };
    let file = salvaguarda::input::read_source(&case.path, salvaguarda::input::Kind::Answers)
        .expect("readable");
    let (a, diags) = assess::load(file, &catalog, None, &[]);
    let a = a
        .filter(|_| !diags.has_errors())
        .unwrap_or_else(|| panic!("{}: {}", case.name, diags.render()));
    let c = a.checklist;
    let lang = a
        .answers
        .assessment
        .language
        .clone()
        .unwrap_or_else(|| c.default_language().to_string());
    let r = evaluate(&c, &a.answers, &a.sha256, &c.header.default_profile);
    let entry = Arc::new((c, r, lang));
    cache
        .lock()
        .unwrap()
        .insert(case.path.clone(), entry.clone());
    entry
}

/// The checklist's and the answers file's digests, as the report prints them.
pub fn digests(case: &Case) -> Vec<String> {
    let json: Value = serde_json::from_str(&render_case(case, Format::Json, None)).unwrap();
    vec![
        json["checklist"]["sha256"].as_str().unwrap().to_string(),
        json["assessment"]["sha256"].as_str().unwrap().to_string(),
    ]
}

/// What would churn in snapshots without saying anything: the digests (they change with any
/// edit of the catalog's files) and the tool's version; and the inlined stylesheet, a template
/// of its own, reviewed as a file.
pub fn stable(text: &str, digests: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<style>") {
        let Some(j) = rest[i..].find("</style>") else {
            break;
        };
        out.push_str(&rest[..i]);
        out.push_str("<style>[the stylesheet template]</style>");
        rest = &rest[i + j + "</style>".len()..];
    }
    out.push_str(rest);
    let version = env!("CARGO_PKG_VERSION");
    let mut out = out
        .replace(&format!("salvaguarda {version}"), "salvaguarda [version]")
        .replace(
            &format!("\"version\": \"{version}\""),
            "\"version\": \"[version]\"",
        );
    for d in digests {
        out = out
            .replace(d.as_str(), "[sha256]")
            .replace(&d[..12], "[sha256-prefix]");
    }
    out
}

pub fn ext(f: Format) -> &'static str {
    match f {
        Format::Md => "md",
        Format::Html => "html",
        Format::Brief => "brief.html",
        Format::Csv => "csv",
        Format::Json => "json",
    }
}

pub const ALL: [Format; 5] = [
    Format::Md,
    Format::Html,
    Format::Brief,
    Format::Csv,
    Format::Json,
];

#[test]
fn snapshots_of_every_format_for_the_mini_fixture() {
    let case = mini();
    for f in ALL {
        let langs: &[&str] = if f == Format::Json { &["en"] } else { &LANGS };
        for lang in langs {
            insta::assert_snapshot!(
                format!("mini.{lang}.{}", ext(f)),
                stable(&render_case(&case, f, Some(lang)), &digests(&case))
            );
        }
    }
}

#[test]
fn snapshots_of_every_format_for_the_examples() {
    for case in examples() {
        for f in ALL {
            // Each example in its own language (all languages are rendered in the browser tests).
            insta::assert_snapshot!(
                format!("{}.{}", case.name, ext(f)),
                stable(&render_case(&case, f, None), &digests(&case))
            );
        }
    }
}

#[test]
fn the_snapshot_filter_hides_only_digests_versions_and_the_stylesheet() {
    let sha = "ab".repeat(32);
    let text = format!(
        "<style>body{{}}</style><p>{sha} {} salvaguarda {}</p><style>x</style>y",
        &sha[..12],
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        stable(&text, &[sha]),
        "<style>[the stylesheet template]</style><p>[sha256] [sha256-prefix] salvaguarda [version]</p><style>[the stylesheet template]</style>y"
    );
    assert_eq!(
        stable("Art. 14(3) abababababab", &[]),
        "Art. 14(3) abababababab"
    );
}

#[test]
fn csv_has_the_stable_header_and_one_row_per_item_with_json_values() {
    for case in [mini(), examples().remove(0)] {
        for lang in LANGS {
            let csv_text = render_case(&case, Format::Csv, Some(lang));
            let json: Value =
                serde_json::from_str(&render_case(&case, Format::Json, None)).unwrap();
            let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
            let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
            assert_eq!(
                header, CSV_COLUMNS,
                "the header is English whatever the language"
            );
            let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
            let items = json["items"].as_array().unwrap();
            assert_eq!(rows.len(), items.len(), "{}: one row per item", case.name);
            let col = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
            for (row, item) in rows.iter().zip(items) {
                assert_eq!(row[col("id")], item["id"].as_str().unwrap().to_string());
                assert_eq!(row[col("area")], item["area"].as_str().unwrap().to_string());
                assert_eq!(row[col("kind")], item["kind"].as_str().unwrap().to_string());
                assert_eq!(
                    row[col("answer")],
                    item["answer"].as_str().unwrap_or("").to_string()
                );
                assert_eq!(
                    row[col("status")],
                    item["status"].as_str().unwrap().to_string()
                );
                assert_eq!(
                    row[col("score")],
                    if item["score"].is_null() {
                        String::new()
                    } else {
                        item["score"].to_string()
                    }
                );
                assert_eq!(row[col("weight")], item["weight"].to_string());
                assert_eq!(
                    row[col("severity")],
                    item["severity"].as_str().unwrap_or("").to_string()
                );
                assert_eq!(row[col("red_line")], item["red_line"].to_string());
                assert_eq!(row[col("selected")], item["selected"].to_string());
                assert_eq!(row[col("breach")], item["breach"].to_string());
                assert_eq!(
                    row[col("note")],
                    item["note"].as_str().unwrap_or("").to_string()
                );
                let n_evidence = item["evidence"].as_array().unwrap().len();
                if n_evidence > 0 {
                    assert_eq!(row[col("evidence")].split(" | ").count(), n_evidence);
                } else {
                    assert_eq!(&row[col("evidence")], "");
                }
                assert!(!row[col("question")].is_empty());
                if !item["cites"].as_array().unwrap().is_empty() {
                    assert!(!row[col("citations")].is_empty());
                }
            }
        }
    }
}

#[test]
fn html_formats_are_self_contained_documents_in_the_report_language() {
    let case = mini();
    for f in [Format::Html, Format::Brief] {
        for lang in LANGS {
            let html = render_case(&case, f, Some(lang));
            assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\""));
            assert!(html.contains(&format!("<html lang=\"{lang}\">")));
            assert!(html.contains("<meta name=\"viewport\""));
            assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
            let lower = html.to_lowercase();
            for banned in [
                "<script",
                "<link",
                "<img",
                "<iframe",
                "@import",
                "url(",
                " src=",
                "@font-face",
            ] {
                assert!(
                    !lower.contains(banned),
                    "{f:?} {lang}: `{banned}` would fetch or run something"
                );
            }
            // Every href stays in the page, except links to the sources.
            for (i, _) in html.match_indices("href=\"") {
                let target = &html[i + 6..];
                assert!(
                    target.starts_with('#')
                        || target.starts_with("https://")
                        || target.starts_with("http://"),
                    "{}",
                    &target[..40.min(target.len())]
                );
            }
            assert!(
                html.contains("@page {") && html.contains("size: A4;"),
                "a print stylesheet for A4"
            );
            assert!(
                html.contains("content: counter(page) \" / \" counter(pages)"),
                "printed pages are numbered"
            );
        }
    }
    let html = render_case(&case, Format::Html, Some("es"));
    assert!(
        html.contains("role=\"img\""),
        "charts are images with a text alternative"
    );
    assert!(html.contains("<desc id=\"chart-areas-desc\">Control judicial: 43.8 sobre 100 (100\u{a0}% verificado); Recurso: 33.3 sobre 100 (100\u{a0}% verificado)</desc>"));
    assert!(
        html.contains("<th scope=\"col\">"),
        "tables have header cells"
    );
    assert!(
        html.contains("Informe de brechas de salvaguardas"),
        "labels follow --lang"
    );
}

#[test]
fn default_language_is_the_answers_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("mini-answers.toml"))
        .unwrap()
        .replace("language = \"en\"", "language = \"pt\"");
    let path = dir.path().join("pt.toml");
    std::fs::write(&path, text).unwrap();
    for (format, expected) in [
        ("html", "<html lang=\"pt\">"),
        ("brief", "Nota para o Parlamento"),
        ("md", "# Relatório de lacunas"),
    ] {
        bin()
            .args(["--catalog", "tests/fixtures", "report"])
            .arg(&path)
            .args(["--format", format])
            .assert()
            .success()
            .stdout(predicates::str::contains(expected));
    }
}

/// Every payload of `payloads.toml` and the place it must end up as text.
pub const PAYLOAD_MARKERS: [&str; 4] = [
    "&lt;script&gt;document.documentElement.setAttribute(",
    "&lt;img src",
    "&lt;/style&gt;",
    "javascript:document.documentElement",
];

#[test]
fn markup_typed_into_any_field_is_escaped_in_every_format() {
    let case = mini_fixture("payloads.toml");
    for f in [Format::Html, Format::Brief] {
        let html = render_case(&case, f, None);
        let lower = html.to_lowercase();
        for banned in [
            "<script",
            "<img",
            "<iframe",
            "<svg onload",
            "onerror=",
            "onload=",
            "onmouseover=",
            "href=\"javascript",
        ] {
            assert!(!lower.contains(banned), "{f:?}: `{banned}` came through");
        }
        for marker in PAYLOAD_MARKERS {
            assert!(
                html.contains(marker),
                "{f:?}: `{marker}` should be visible as text"
            );
        }
        if f == Format::Html {
            assert!(
                html.contains("{{t.score}} {{{instrument}}}"),
                "template syntax typed by a user is not evaluated"
            );
        }
    }
    let md = render_case(&case, Format::Md, None);
    // Markdown escapes markup too: every `<` is escaped, except the template's own autolinks.
    for (i, _) in md.match_indices('<') {
        assert!(
            md[..i].ends_with('\\') || md[i..].starts_with("<http"),
            "an unescaped `<` in Markdown: {}",
            &md[i..(i + 30).min(md.len())]
        );
    }
    let csv_text = render_case(&case, Format::Csv, None);
    assert!(
        csv_text.contains("'=HYPERLINK("),
        "a formula typed as a note is not run by a spreadsheet"
    );
}

#[test]
fn templates_eject_copies_every_template_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    bin()
        .args(["templates", "--eject"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("report.html.hbs"));
    let names: Vec<String> = salvaguarda::report::template_files()
        .map(|(n, _)| n.to_string())
        .collect();
    for n in &names {
        assert!(out.join(n).is_file(), "{n} ejected");
    }
    // The ejected copy renders the same report as the embedded templates.
    let with = bin()
        .arg("--templates")
        .arg(&out)
        .args([
            "--catalog",
            "tests/fixtures",
            "report",
            "tests/fixtures/mini-answers.toml",
            "--format",
            "html",
        ])
        .output()
        .unwrap();
    let without = bin()
        .args([
            "--catalog",
            "tests/fixtures",
            "report",
            "tests/fixtures/mini-answers.toml",
            "--format",
            "html",
        ])
        .output()
        .unwrap();
    assert!(with.status.success());
    assert_eq!(with.stdout, without.stdout);
    // An edited stylesheet takes effect.
    std::fs::write(out.join("report.css"), "body { color: rebeccapurple; }\n").unwrap();
    bin()
        .arg("--templates")
        .arg(&out)
        .args([
            "--catalog",
            "tests/fixtures",
            "report",
            "tests/fixtures/mini-answers.toml",
            "--format",
            "html",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("rebeccapurple"));
    // A second eject refuses, names the files, and leaves the edit alone.
    bin()
        .args(["templates", "--eject"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("refusing to overwrite"))
        .stderr(predicates::str::contains("report.css"));
    assert_eq!(
        std::fs::read_to_string(out.join("report.css")).unwrap(),
        "body { color: rebeccapurple; }\n"
    );
    // One existing file is enough to write nothing at all.
    let partial = dir.path().join("partial");
    std::fs::create_dir(&partial).unwrap();
    std::fs::write(partial.join("brief.css"), "mine").unwrap();
    bin()
        .args(["templates", "--eject"])
        .arg(&partial)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_dir(&partial).unwrap().count(), 1);
    // Without --eject it lists them.
    bin()
        .arg("templates")
        .assert()
        .success()
        .stdout(predicates::str::contains("brief.html.hbs"));
}

#[test]
fn output_files_are_readable_by_others() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("audit.html");
        bin()
            .args([
                "--catalog",
                "tests/fixtures",
                "report",
                "tests/fixtures/mini-answers.toml",
                "--format",
                "html",
                "-o",
            ])
            .arg(&out)
            .assert()
            .success();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o644,
            "a published report must be readable, got {mode:o}"
        );
    }
}
