//! Every HTML page on a phone, on a desktop and on paper, measured in a real browser (headless
//! Chromium through `webdriver.rs`): no page scrolls sideways at 390 or 1280 CSS pixels except
//! inside a marked, labelled scroll region; no short word is broken across lines in a table;
//! the audit's verdict and score are in a phone's first screen; printed on A4, every table keeps
//! every column and every page carries its number; the brief stays one A4 page for every
//! example and every real-law assessment in en, es and pt.
//!
//! Skipped (with a message) without Chromium and chromedriver, unless
//! `SALVAGUARDA_REQUIRE_CHROMIUM=1`. Page numbers are read with `pdftotext` (poppler-utils),
//! required under the same variable.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use crate::bin;
use crate::browser::pdf_pages;
use crate::webdriver::{Browser, required};

const LANGS: [&str; 3] = ["en", "es", "pt"];

/// One page to measure: its name, its HTML, and the width of its printed text column in CSS
/// pixels (the A4 page less the `@page` margins of its stylesheet; 1 mm = 96 / 25.4 px).
struct Page {
    name: String,
    html: String,
    print_width: f64,
}

fn mm(x: f64) -> f64 {
    x * 96.0 / 25.4
}

/// The report stylesheet's A4 portrait page: 210 mm less 12 mm each side.
fn audit_width() -> f64 {
    mm(210.0 - 24.0)
}

/// An A4 portrait page less 15 mm each side (the plan and scan pages).
fn portrait_width() -> f64 {
    mm(210.0 - 30.0)
}

fn run(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every HTML format, on the shipped examples, in the three languages between them.
fn pages() -> Vec<Page> {
    let page = |name: &str, args: &[&str], print_width: f64| Page {
        name: name.to_string(),
        html: run(args),
        print_width,
    };
    let mut out = vec![
        page(
            "audit (es, with the bill check)",
            &[
                "report",
                "examples/mixed.toml",
                "--bill",
                "examples/mixed-bill.md",
                "--format",
                "html",
            ],
            audit_width(),
        ),
        page(
            "audit (pt)",
            &["report", "examples/red-lines.toml", "--format", "html"],
            audit_width(),
        ),
        page(
            "audit (en)",
            &["report", "examples/strong.toml", "--format", "html"],
            audit_width(),
        ),
        page(
            "brief (es)",
            &["report", "examples/mixed.toml", "--format", "brief"],
            mm(210.0 - 24.0),
        ),
        page(
            "compare (en)",
            &["compare", "examples", "--format", "html"],
            mm(297.0 - 24.0),
        ),
        page(
            "compare (pt)",
            &["compare", "examples", "--format", "html", "--lang", "pt"],
            mm(297.0 - 24.0),
        ),
        page(
            "diff (pt)",
            &[
                "diff",
                "examples/red-lines.toml",
                "examples/red-lines-amended.toml",
                "--format",
                "html",
            ],
            mm(297.0 - 24.0),
        ),
        page(
            "scan (es)",
            &["scan", "examples/mixed-bill.md", "--format", "html"],
            portrait_width(),
        ),
    ];
    // `plan` gains an HTML format elsewhere; measured here as soon as it has one.
    let plan = bin()
        .args(["plan", "examples/mixed.toml", "--format", "html"])
        .output()
        .unwrap();
    if plan.status.success() {
        out.push(Page {
            name: "plan (es)".into(),
            html: String::from_utf8(plan.stdout).unwrap(),
            print_width: portrait_width(),
        });
    } else {
        let _ = writeln!(
            std::io::stderr(),
            "layout: `plan --format html` does not exist yet; not measured"
        );
    }
    out
}

/// What overflows the viewport sideways, outside a marked scroll region; marked regions that
/// lack a role, a name or keyboard access; and words of at most 20 letters broken across lines
/// in a table cell.
const MEASURE: &str = r#"
const vw = document.documentElement.clientWidth;
const marked = el => el.closest('[data-scroll]');
// Inside a visually hidden box (clipped to 1 px, for screen readers only).
const hidden = el => {
  for (let a = el; a; a = a.parentElement) {
    const cs = getComputedStyle(a);
    if (cs.position === 'absolute' && cs.clip !== 'auto') return true;
  }
  return false;
};
const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
  + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
const over = [], regions = [], broken = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  // Off-screen to the left on purpose (a skip link until focused), never reachable by scrolling.
  if (r.right <= 0) continue;
  if (hidden(el)) continue;
  if ((r.right > vw + 0.5 || r.left < -0.5) && !(el.parentElement && marked(el.parentElement))) {
    over.push(name(el) + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + '] ' + (el.textContent || '').trim().slice(0, 50));
  }
}
for (const el of document.querySelectorAll('[data-scroll]')) {
  const label = el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby')));
  if (el.getAttribute('role') !== 'region' || !label || el.getAttribute('tabindex') !== '0') regions.push(name(el));
}
for (const cell of document.querySelectorAll('th, td')) {
  if (cell.closest('code, .code, .hash') || hidden(cell)) continue;
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t.parentElement.closest('code, .code, .hash, .sr')) continue;
    const re = /[\p{L}\p{N}]+/gu;
    let m;
    while ((m = re.exec(t.data))) {
      if (m[0].length < 2 || m[0].length > 20) continue;
      const range = document.createRange();
      range.setStart(t, m.index);
      range.setEnd(t, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(q => q.width > 0).map(q => Math.round(q.top)));
      if (tops.size > 1) broken.push(m[0] + ' in ' + name(cell));
    }
  }
}
return {
  inner: vw,
  scroll: document.scrollingElement.scrollWidth,
  over: over.slice(0, 8),
  regions: regions,
  broken: [...new Set(broken)].slice(0, 8),
};
"#;

#[test]
fn no_page_scrolls_sideways_on_a_phone_or_a_desktop() {
    let Some(mut browser) = Browser::start(390, 844) else {
        return;
    };
    let mut figures = Vec::new();
    for page in pages() {
        for (width, height) in [(390, 844), (1280, 900)] {
            let what = format!("{} at {width} px", page.name);
            browser.set_viewport(width, height);
            browser.open_html(&page.html);
            let m = browser.execute(MEASURE, json!([]));
            if std::env::var_os("SALVAGUARDA_LAYOUT_SCREENSHOTS").is_some() {
                let file = format!("/tmp/layout-{}-{width}.png", page.name.replace(' ', "_"));
                std::fs::write(file, browser.screenshot()).unwrap();
            }
            figures.push(format!("{what}: {}", m["scroll"]));
            assert!(
                m["scroll"].as_f64() <= m["inner"].as_f64(),
                "{what}: the page is {} px wide in a {} px window",
                m["scroll"],
                m["inner"]
            );
            assert_eq!(m["over"], json!([]), "{what}: elements overflow sideways");
            assert_eq!(
                m["regions"],
                json!([]),
                "{what}: scroll regions need role=region, a label and tabindex=0"
            );
            assert_eq!(m["broken"], json!([]), "{what}: words broken across lines");
        }
    }
    let _ = writeln!(std::io::stderr(), "page widths: {}", figures.join("; "));
}

#[test]
fn the_audits_verdict_and_score_are_in_a_phones_first_screen() {
    let Some(mut browser) = Browser::start(390, 844) else {
        return;
    };
    for file in [
        "examples/mixed.toml",
        "examples/red-lines.toml",
        "tests/real-laws/es-ley-25-2007.toml",
    ] {
        browser.open_html(&run(&["report", file, "--format", "html"]));
        let v = browser.execute(
            "const b = s => document.querySelector(s).getBoundingClientRect().bottom; \
             return [b('#verdict-h'), b('.score-n'), innerHeight]",
            json!([]),
        );
        let (title, score, screen) = (v[0].as_f64(), v[1].as_f64(), v[2].as_f64());
        assert!(title < screen && score < screen, "{file}: {v}");
    }
}

/// The text of each page of a PDF, with `pdftotext`, or None (after saying so) without it.
fn pdf_text_pages(pdf: &[u8]) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, pdf).unwrap();
    let Ok(out) = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
    else {
        assert!(
            !required(),
            "SALVAGUARDA_REQUIRE_CHROMIUM=1 but pdftotext is missing (install `poppler-utils`)"
        );
        let _ = writeln!(
            std::io::stderr(),
            "layout: pdftotext not found; page numbers not read"
        );
        return None;
    };
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

/// What hides or cuts content under print layout at the page's text width: elements wider than
/// the column, and scroll regions whose content is wider than they are.
const MEASURE_PRINT: &str = r#"
const vw = document.documentElement.clientWidth;
const out = [];
for (const el of document.body.querySelectorAll('table, [data-scroll], pre')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0) continue;
  if (r.right > vw + 0.5) out.push(el.tagName + ' ends at ' + Math.round(r.right));
  if (el.scrollWidth > el.clientWidth + 1) out.push(el.tagName + ' hides ' + (el.scrollWidth - el.clientWidth) + ' px');
}
return {scroll: document.scrollingElement.scrollWidth, inner: vw, cut: out.slice(0, 8)};
"#;

#[test]
fn every_printed_format_keeps_every_column_and_numbers_its_pages() {
    let Some(mut browser) = Browser::start(1280, 900) else {
        return;
    };
    let mut figures = Vec::new();
    for page in pages() {
        let what = &page.name;
        browser.set_viewport(page.print_width.floor() as u32, 900);
        browser.open_html(&page.html);
        browser.emulate_print(true);
        let m = browser.execute(MEASURE_PRINT, json!([]));
        browser.emulate_print(false);
        assert_eq!(m["cut"], json!([]), "{what}: cut on paper ({m})");
        assert!(
            m["scroll"].as_f64() <= m["inner"].as_f64(),
            "{what}: wider than the paper ({m})"
        );
        let pdf = browser.print_a4();
        let pages = pdf_pages(&pdf);
        figures.push(format!("{what}: {pages} pages"));
        let Some(text) = pdf_text_pages(&pdf) else {
            continue;
        };
        assert_eq!(text.len(), pages, "{what}");
        for (i, p) in text.iter().enumerate() {
            let number = format!("{} / {pages}", i + 1);
            let compact = format!("{}/{pages}", i + 1);
            assert!(
                p.contains(&number) || p.contains(&compact),
                "{what}: page {} has no number `{number}`",
                i + 1
            );
        }
    }
    let _ = writeln!(std::io::stderr(), "printed: {}", figures.join("; "));
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The brief of `answers` in `lang` (its quotes checked against `bill`) with `cards` cards at
/// their shortest texts and every breached red line not carded on its line: what the brief
/// would print with one card more than it chose.
fn brief_with_cards(answers: &Path, bill: Option<&Path>, lang: &str, cards: usize) -> String {
    use salvaguarda::report::Templates;
    let view = brief_view(answers, bill, lang, Some(cards));
    Templates::new(None)
        .unwrap()
        .render_html("brief.html.hbs", &view)
        .unwrap()
}

/// The brief's view of `answers` in `lang`: as it prints, or with `cards` cards (see
/// [`brief_with_cards`]).
fn brief_view(
    answers: &Path,
    bill: Option<&Path>,
    lang: &str,
    cards: Option<usize>,
) -> salvaguarda::report::BriefView {
    use salvaguarda::report::{BriefView, ReportView};
    let catalog = salvaguarda::catalog::Catalog { dir: None };
    let file = salvaguarda::input::read_source(answers, salvaguarda::input::Kind::Answers)
        .expect("readable");
    let (a, diags) = salvaguarda::assess::load(file, &catalog, None, &[]);
    let a = a
        .filter(|_| !diags.has_errors())
        .unwrap_or_else(|| panic!("{}: {}", answers.display(), diags.render()));
    let c = &a.checklist;
    let mut report =
        salvaguarda::evaluate::evaluate(c, &a.answers, &a.sha256, &c.header.default_profile);
    if let Some(b) = bill {
        let (b, _) = salvaguarda::bill::Bill::load(&[b]);
        salvaguarda::verify::apply(&mut report, &b.expect("the bill loads"));
    }
    let view = ReportView::new(&report, c, lang);
    match cards {
        Some(n) => BriefView::with_cards(view, n),
        None => BriefView::new(view),
    }
}

/// The printed height of the brief's content and of each of its cards, in CSS pixels: the
/// page laid out for print at the width of the brief's printed column.
const MEASURE_BRIEF: &str = r#"
const h = e => e.getBoundingClientRect().height;
return {
  content: h(document.querySelector('main.sheet')),
  cards: [...document.querySelectorAll('li.gap')].map(h),
  total: Number(document.querySelector('.tally strong:last-of-type').textContent),
  // The list of breached red lines, from its heading's top to its last line's bottom.
  list: (() => {
    const head = document.querySelector('.breach-list-h');
    const list = document.querySelector('ul.breach-list');
    return head && list ? list.getBoundingClientRect().bottom - head.getBoundingClientRect().top : 0;
  })(),
  breach_more: document.querySelectorAll('.breach-list li.more').length,
};
"#;

/// The height of the brief's printable area: A4 less its `@page` margins (11 mm top and bottom).
fn brief_page() -> f64 {
    mm(297.0 - 22.0)
}

#[test]
fn the_brief_is_one_a4_page_for_every_example_and_real_law_in_every_language() {
    let Some(mut browser) = Browser::start(1280, 900) else {
        return;
    };
    // The printed column: A4 less the brief's 12 mm side margins.
    browser.set_viewport(mm(210.0 - 24.0).round() as u32, 900);
    let mut cases: Vec<(PathBuf, Option<PathBuf>)> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| (p, None))
        .collect();
    cases.sort();
    cases.extend(
        crate::real_laws::assessments()
            .into_iter()
            .map(|(_, a, t)| (a, Some(t))),
    );
    let mut printed = 0;
    let mut figures = Vec::new();
    for (answers, text) in &cases {
        for lang in LANGS {
            let mut args = vec![
                "report".to_string(),
                answers.display().to_string(),
                "--format".into(),
                "brief".into(),
                "--lang".into(),
                lang.into(),
            ];
            if let Some(t) = text {
                args.extend(["--bill".into(), t.display().to_string()]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            browser.open_html(&run(&args));
            let pdf = browser.print_a4();
            let pages = pdf_pages(&pdf);
            let name = Path::new(answers).file_name().unwrap().to_string_lossy();
            let what = format!("{name} brief in {lang}");
            assert_eq!(pages, 1, "{what}: {pages} pages");
            printed += 1;
            browser.emulate_print(true);
            let m = browser.execute(MEASURE_BRIEF, json!([]));
            browser.emulate_print(false);
            let left = brief_page() - m["content"].as_f64().unwrap();
            let cards: Vec<f64> = m["cards"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_f64().unwrap())
                .collect();
            let gaps = m["total"].as_u64().unwrap() as usize;
            assert!(left >= 0.0, "{what}: {left:.0} px below the page");
            assert!(cards.len() >= gaps.min(3), "{what}: {} cards", cards.len());
            // Every breached red line on the page: no line counting some left out.
            assert_eq!(
                m["breach_more"], 0,
                "{what}: a line counts red lines left out"
            );
            let view = brief_view(answers, text.as_deref(), lang, None);
            assert!(
                view.breach_more.is_empty(),
                "{what}: {} ({} lines)",
                view.breach_more,
                view.breach_lines.len()
            );
            // The page model's list is as tall as the browser's, within a pixel (its heading's
            // 1.5 mm top margin is the model's, not the box's).
            if !view.breach_lines.is_empty() {
                let printed = m["list"].as_f64().unwrap() + mm(1.5);
                let model = view.estimated_list_height();
                assert!(
                    (printed - model).abs() <= 1.0,
                    "{what}: the list of breached red lines {printed:.1} px, modelled {model:.1}"
                );
                figures.push(format!(
                    "{name} {lang}: {} lines{}, list {printed:.1} px (model {model:.1})",
                    view.breach_lines.len(),
                    if view.compact { " in two columns" } else { "" }
                ));
            }
            figures.push(format!(
                "{name} {lang}: {} cards, {:.0} mm left",
                cards.len(),
                left * 25.4 / 96.0
            ));
            if cards.len() >= 5 || cards.len() >= gaps {
                continue;
            }
            // Room wasted: the smallest card shown would have fitted in what is left, or the
            // brief with one card more (at its shortest texts) would still fit the page with
            // more than the page model's safety margin to spare.
            let smallest = cards.iter().copied().fold(f64::INFINITY, f64::min);
            let more = brief_with_cards(answers, text.as_deref(), lang, cards.len() + 1);
            browser.open_html(&more);
            browser.emulate_print(true);
            let with_one_more = browser.execute(MEASURE_BRIEF, json!([]));
            browser.emulate_print(false);
            let spare = brief_page() - with_one_more["content"].as_f64().unwrap();
            if let Some(f) = figures.last_mut() {
                *f += &format!(" (one card more: {:.0} mm over)", -spare * 25.4 / 96.0);
            }
            assert!(
                spare < SPARE,
                "{what}: {} cards and {left:.0} px left (the smallest card {smallest:.0} px); \
                 with one card more {spare:.0} px would still be left",
                cards.len()
            );
            // The card that would come next (the last of the brief with one card more, at its
            // shortest texts) would not have fitted in what is left either.
            let next = with_one_more["cards"]
                .as_array()
                .and_then(|c| c.last())
                .and_then(|c| c.as_f64())
                .unwrap_or(smallest);
            assert!(
                left < smallest.max(next) + SPARE,
                "{what}: {left:.0} px left, the smallest card {smallest:.0} px, the next {next:.0} px"
            );
        }
    }
    assert!(printed >= 27, "{printed} briefs printed");
    let _ = writeln!(std::io::stderr(), "briefs: {}", figures.join("; "));
}

/// The room the brief may leave unused beyond the height of another card: its page model's
/// safety margin (2.5 mm) and a little for the model's rounding.
const SPARE: f64 = 4.0 * 96.0 / 25.4;

/// The printed audit, dense: every gap's parts run on under small labels, the gaps and the
/// powers in two columns. Its A4 pages for the mixed example (with the bill check) and two real
/// laws with their texts, in en, es and pt, stay under 6 pages plus 0.4 per gap (the mixed
/// example's 111 gaps: 50), numbered; the old layout printed 0.7 pages per gap (79 for it).
#[test]
fn the_printed_audit_stays_short() {
    let Some(mut browser) = Browser::start(1280, 900) else {
        return;
    };
    let cases = [
        ("examples/mixed.toml", "examples/mixed-bill.md"),
        (
            "tests/real-laws/es-ley-25-2007.toml",
            "tests/corpus/es-ley-25-2007.es.md",
        ),
        (
            "tests/real-laws/br-lei-12850-2013.toml",
            "tests/corpus/br-lei-12850-2013.pt.md",
        ),
    ];
    let mut figures = Vec::new();
    for (answers, bill) in cases {
        for lang in LANGS {
            let html = run(&[
                "report", answers, "--bill", bill, "--format", "html", "--lang", lang,
            ]);
            let gaps = html.matches("<article class=\"gap ").count();
            browser.open_html(&html);
            let pdf = browser.print_a4();
            let pages = pdf_pages(&pdf);
            let name = Path::new(answers).file_stem().unwrap().to_string_lossy();
            let most = 6 + gaps * 2 / 5;
            figures.push(format!("{name} {lang}: {pages} pages, {gaps} gaps"));
            assert!(gaps > 50, "{name} {lang}: {gaps} gaps");
            assert!(
                pages <= most,
                "{name} audit in {lang}: {pages} pages for {gaps} gaps (at most {most})"
            );
            if let Some(text) = pdf_text_pages(&pdf) {
                assert_eq!(text.len(), pages);
                let last = format!("{pages} / {pages}");
                assert!(text[pages - 1].contains(&last), "{name} {lang}: `{last}`");
            }
        }
    }
    let _ = writeln!(std::io::stderr(), "audits: {}", figures.join("; "));
}
