//! The HTML formats in a real browser (headless Chromium): every shipped example in every
//! language renders with no console message and no network request, script and markup typed
//! into the answers stay inert text, and the brief prints on exactly one A4 page.
//!
//! Chromium is looked for as `$SALVAGUARDA_CHROMIUM`, `chromium`, `chromium-browser` or
//! `google-chrome`. Without it these tests print why and pass, unless
//! `SALVAGUARDA_REQUIRE_CHROMIUM=1` (set by `.ci/run`), which makes its absence a failure.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use salvaguarda::report::Format;
use serde_json::Value;

use crate::reports::{Case, LANGS, PAYLOAD_MARKERS, examples, mini, mini_fixture, render_case};

/// A Chromium executable, or None (after saying so) when the tests should be skipped.
fn chromium() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = std::env::var_os("SALVAGUARDA_CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            ["chromium", "chromium-browser", "google-chrome"]
                .iter()
                .filter_map(|name| {
                    std::env::var_os("PATH").and_then(|paths| {
                        std::env::split_paths(&paths)
                            .map(|d| d.join(name))
                            .find(|p| p.is_file())
                    })
                }),
        )
        .collect();
    if let Some(found) = candidates.into_iter().find(|p| p.is_file()) {
        return Some(found);
    }
    let required = std::env::var("SALVAGUARDA_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "SALVAGUARDA_REQUIRE_CHROMIUM=1 but no Chromium was found (install Debian's `chromium`)"
    );
    // Straight to the terminal: libtest captures `eprintln!` of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED browser test: Chromium not found (set SALVAGUARDA_CHROMIUM or install `chromium`)"
    );
    None
}

/// What one headless run left behind.
struct Run {
    stdout: String,
    /// Console messages the page produced (CSP violations, errors, logs).
    console: Vec<String>,
    /// Network requests the page started (Chromium's own background requests are left out).
    requests: Vec<String>,
    /// The printed PDF, when asked for.
    pdf: Option<Vec<u8>>,
}

enum Action {
    DumpDom,
    PrintToPdf,
}

/// Opens `html` (written to a temporary file) in headless Chromium.
fn open(chromium: &Path, html: &str, action: Action) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, html).unwrap();
    let profile = dir.path().join("profile");
    let netlog = dir.path().join("netlog.json");
    let pdf = dir.path().join("page.pdf");
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--log-net-log={}", netlog.display()));
    match action {
        Action::DumpDom => {
            cmd.arg("--dump-dom");
        }
        Action::PrintToPdf => {
            cmd.arg("--no-pdf-header-footer")
                .arg(format!("--print-to-pdf={}", pdf.display()));
        }
    }
    cmd.arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap());
    let mut child = cmd.spawn().expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(status.success(), "chromium failed: {status}\n{stderr}");
    Run {
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        console: stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(String::from)
            .collect(),
        requests: page_requests(&netlog),
        pdf: std::fs::read(&pdf).ok(),
    }
}

/// The URLs of requests a page started, from a NetLog. Requests Chromium makes on its own
/// (updates, time, accounts) have no initiator ("not an origin"); the page's have one (a
/// `file:` page's origin is "null").
fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).expect("a NetLog was written");
    // The NetLog may end without its closing brackets when the browser exits quickly.
    let log: Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("the NetLog is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .expect("NetLog constants");
    log["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter_map(|e| {
            let p = &e["params"];
            let url = p["url"].as_str()?;
            (p["initiator"].as_str() != Some("not an origin")).then(|| url.to_string())
        })
        .collect()
}

/// Pages in a PDF: its page objects (`/Type /Page`, not `/Pages`).
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}

/// The size of the first page, in points (A4 is 595.3 x 841.9).
fn media_box(pdf: &[u8]) -> Option<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("/MediaBox [")? + "/MediaBox [".len();
    let end = start + text[start..].find(']')?;
    let n: Vec<f64> = text[start..end]
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]))
}

/// The elements the report templates use; anything else in a rendered page was injected.
const REPORT_ELEMENTS: [&str; 48] = [
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "a",
    "header",
    "nav",
    "main",
    "section",
    "article",
    "footer",
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "li",
    "span",
    "strong",
    "br",
    "q",
    "cite",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "svg",
    "desc",
    "g",
    "line",
    "rect",
    "text",
];

/// The tags of a serialised DOM (lower-cased), without their `<` `>`, skipping the stylesheet.
fn tags(dom: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>') else { break };
        let tag = &rest[i + 1..i + j];
        out.push(tag);
        rest = &rest[i + j + 1..];
        if tag == "style" {
            let k = rest.find("</style>").expect("the stylesheet ends");
            rest = &rest[k..];
        }
    }
    out
}

fn assert_clean(run: &Run, what: &str) {
    assert!(
        run.console.is_empty(),
        "{what}: console messages:\n{}",
        run.console.join("\n")
    );
    assert!(
        run.requests.is_empty(),
        "{what}: requests left the page: {:?}",
        run.requests
    );
}

/// Every shipped example, the mini fixture and the fixtures of undetermined and partly breached
/// verdicts (powers with safeguards of several facets), in every language.
fn cases() -> Vec<(Case, &'static str)> {
    let mut all = examples();
    all.push(mini());
    all.push(mini_fixture("power-view-undetermined.toml"));
    all.push(mini_fixture("power-view-partial-breach.toml"));
    all.into_iter()
        .flat_map(|c| LANGS.iter().map(move |l| (c.clone(), *l)))
        .collect()
}

#[test]
fn tags_are_found_outside_text_and_the_stylesheet() {
    let dom = "<html lang=\"en\"><style>a > b {}</style><p>&lt;img onerror=x&gt;</p></html>";
    assert_eq!(
        tags(dom),
        ["html lang=\"en\"", "style", "/style", "p", "/p", "/html"]
    );
}

#[test]
fn pdf_media_box_is_read() {
    assert_eq!(
        media_box(b"<< /Type /Page /MediaBox [0 0 594.95996 841.91998] >>"),
        Some((594.95996, 841.91998))
    );
    assert_eq!(media_box(b"no box"), None);
}

#[test]
fn pdf_pages_are_counted_from_page_objects() {
    let one = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >> << /Type /Page /Parent 2 0 R >>";
    assert_eq!(pdf_pages(one), 1);
    let two = b"<</Type /Pages>> <</Type /Page>> <</Type /Page/Contents 5 0 R>>";
    assert_eq!(pdf_pages(two), 2);
}

#[test]
fn html_reports_render_without_console_messages_or_requests() {
    let Some(chromium) = chromium() else { return };
    for (case, lang) in cases() {
        let what = format!("{} html {lang}", case.name);
        let html = render_case(&case, Format::Html, Some(lang));
        let run = open(&chromium, &html, Action::DumpDom);
        assert_clean(&run, &what);
        let dom = &run.stdout;
        assert!(dom.contains(&format!("<html lang=\"{lang}\">")), "{what}");
        assert!(dom.contains("<h1>"), "{what}: a title");
        assert_eq!(dom.matches("role=\"img\"").count(), 2, "{what}: two charts");
        assert!(dom.contains("<section id=\"gaps\""), "{what}: the gaps");
    }
}

#[test]
fn briefs_print_on_exactly_one_a4_page_in_every_language() {
    let Some(chromium) = chromium() else { return };
    let mut measured = Vec::new();
    for (case, lang) in cases() {
        let what = format!("{} brief {lang}", case.name);
        let html = render_case(&case, Format::Brief, Some(lang));
        let run = open(&chromium, &html, Action::PrintToPdf);
        assert_clean(&run, &what);
        let pdf = run.pdf.expect("a PDF was printed");
        assert!(pdf.starts_with(b"%PDF"), "{what}");
        let (w, h) = media_box(&pdf).expect("a MediaBox");
        assert!(
            (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
            "{what}: {w} x {h} is not A4"
        );
        let pages = pdf_pages(&pdf);
        measured.push(format!("{what}: {pages}"));
        assert_eq!(pages, 1, "{what}: printed on {pages} pages");
        // Three to five gaps (or every gap, when the bill has fewer than three).
        let shown = html.matches("<li class=\"gap").count();
        let json: Value = serde_json::from_str(&render_case(&case, Format::Json, None)).unwrap();
        let total = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| {
                i["selected"] == true
                    && ["partial", "gap", "unverified", "unanswered"]
                        .contains(&i["status"].as_str().unwrap())
            })
            .count();
        assert!(
            (total.min(3)..=5).contains(&shown),
            "{what}: {shown} of {total} gaps shown"
        );
    }
    let _ = writeln!(
        std::io::stderr(),
        "brief page counts: {}",
        measured.join("; ")
    );
}

#[test]
fn script_and_markup_in_every_free_text_field_stay_inert_text() {
    let Some(chromium) = chromium() else { return };
    let case = mini_fixture("payloads.toml");
    for format in [Format::Html, Format::Brief] {
        let what = format!("payloads {format:?}");
        let html = render_case(&case, format, None);
        let run = open(&chromium, &html, Action::DumpDom);
        // A blocked inline script or a blocked load would show as a console message.
        assert_clean(&run, &what);
        let dom = run.stdout.to_lowercase();
        // Each payload would set this attribute on <html> if it ran; as text it is quoted.
        assert!(!dom.contains("data-pwned=\""), "{what}: a payload ran");
        assert!(
            dom.contains("<html lang=\"en\">"),
            "{what}: <html> was changed"
        );
        // Text is serialised with `<` escaped, so every `<` left in the DOM opens a real tag.
        for tag in tags(&dom) {
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
                .collect();
            assert!(
                REPORT_ELEMENTS.contains(&name.as_str()),
                "{what}: <{tag}> was injected"
            );
            let attributes = &tag[name.len()..];
            assert!(
                !attributes.split_whitespace().any(|a| a.starts_with("on")),
                "{what}: an event handler in <{tag}>"
            );
            if let Some(i) = attributes.find("href=\"") {
                let target = &attributes[i + 6..];
                assert!(
                    target.starts_with('#') || target.starts_with("http"),
                    "{what}: a link to {target}"
                );
            }
        }
        // The page still has its own structure: the payload did not close an element early.
        assert_eq!(dom.matches("<h1>").count(), 1, "{what}");
        assert_eq!(dom.matches("<style>").count(), 1, "{what}");
        for marker in PAYLOAD_MARKERS {
            assert!(
                run.stdout.contains(marker),
                "{what}: `{marker}` should show as text"
            );
        }
    }
    // And the brief of a file full of long payloads still prints on one page.
    let run = open(
        &chromium,
        &render_case(&case, Format::Brief, None),
        Action::PrintToPdf,
    );
    assert_eq!(pdf_pages(&run.pdf.unwrap()), 1);
}

#[test]
fn briefs_of_the_longest_texts_still_fit_one_page() {
    let Some(chromium) = chromium() else { return };
    let case = Case {
        name: "long-texts".into(),
        path: crate::fixture("long-texts.toml"),
        catalog: None,
    };
    for lang in LANGS {
        let html = render_case(&case, Format::Brief, Some(lang));
        assert!(
            html.matches("<li class=\"gap").count() >= 3,
            "{lang}: three gaps"
        );
        let run = open(&chromium, &html, Action::PrintToPdf);
        assert_clean(&run, lang);
        let pages = pdf_pages(&run.pdf.unwrap());
        assert_eq!(pages, 1, "long texts, {lang}: {pages} pages");
    }
}

/// `compare` and `diff` pages: nothing logged or fetched, and what users typed (an instrument
/// holding `<script>`, evidence holding markup) stays text.
#[test]
fn compare_and_diff_pages_render_without_console_messages_or_requests() {
    let Some(chromium) = chromium() else { return };
    let pages = [
        vec![
            "--catalog",
            "tests/fixtures",
            "compare",
            "tests/many/v1.toml",
            "tests/many/strong.toml",
            "--format",
            "html",
        ],
        vec![
            "--catalog",
            "tests/fixtures",
            "diff",
            "tests/many/v2.toml",
            "tests/many/ngo.toml",
            "--format",
            "html",
        ],
        vec!["compare", "examples", "--format", "html", "--lang", "pt"],
        vec![
            "diff",
            "examples/red-lines.toml",
            "examples/red-lines-amended.toml",
            "--format",
            "html",
        ],
    ];
    for args in pages {
        let what = args.join(" ");
        let out = crate::bin().args(&args).output().unwrap();
        assert!(out.status.success(), "{what}");
        let html = String::from_utf8(out.stdout).unwrap();
        let run = open(&chromium, &html, Action::DumpDom);
        assert_clean(&run, &what);
        let dom = &run.stdout;
        assert!(dom.contains("<h1>"), "{what}: a title");
        assert!(!tags(dom).contains(&"script"), "{what}: no script element");
        assert!(!tags(dom).contains(&"b"), "{what}: no markup from evidence");
    }
}
