//! `scan` with the shipped catalog: the traps that fool naive matching (a minimum that is not a
//! maximum, a prosecutor's order that is not a judge's, ex-post validation that is not prior
//! authorisation, negations), the articles it points to in the fixture bills (written for the
//! tests, in each language) and in the bundled example bill, and the command line.

use std::sync::OnceLock;

use predicates::prelude::*;
use salvaguarda::bill::Bill;
use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::scan::{Matcher, ScanOptions, ScanReport, scan};
use serde_json::Value;

use crate::{bin, fixture};

fn catalog() -> &'static Checklist {
    static C: OnceLock<Checklist> = OnceLock::new();
    C.get_or_init(|| {
        Catalog::default()
            .load("uncc-safeguards")
            .0
            .expect("the shipped catalog loads")
    })
}

fn scan_text(lang: &str, text: &str) -> ScanReport {
    let c = catalog();
    let m = Matcher::new(c, lang);
    scan(
        c,
        &m,
        &Bill::from_text("bill.txt", text),
        false,
        &ScanOptions::default(),
    )
}

/// The indicators and red flags found for an item, over the articles listed for it.
fn found(r: &ScanReport, item: &str) -> (Vec<String>, Vec<String>) {
    let it = r
        .items
        .iter()
        .find(|i| i.id == item)
        .unwrap_or_else(|| panic!("no item {item}"));
    let mut ind = Vec::new();
    let mut red = Vec::new();
    for a in &it.articles {
        ind.extend(a.indicators.iter().cloned());
        red.extend(a.red_flags.iter().cloned());
    }
    (ind, red)
}

/// Asserts that the text is not presented as satisfying the safeguard: no indicator, and at
/// least one red flag.
fn assert_trap(lang: &str, item: &str, text: &str) {
    let r = scan_text(lang, text);
    let (ind, red) = found(&r, item);
    assert!(
        ind.is_empty(),
        "{item} ({lang}): «{text}» is presented as satisfying the safeguard: {ind:?}"
    );
    assert!(
        !red.is_empty(),
        "{item} ({lang}): «{text}» raised no red flag"
    );
}

fn assert_safeguard(lang: &str, item: &str, text: &str) {
    let r = scan_text(lang, text);
    let (ind, red) = found(&r, item);
    assert!(
        !ind.is_empty() && red.is_empty(),
        "{item} ({lang}): «{text}»: indicators {ind:?}, red flags {red:?}"
    );
}

#[test]
fn a_minimum_retention_period_is_not_a_maximum() {
    let item = "retention-period-capped";
    assert_trap(
        "es",
        item,
        "Artículo 9. Los proveedores conservarán los datos de tráfico por un plazo mínimo de dos años.",
    );
    assert_trap(
        "es",
        item,
        "Artículo 9. Los proveedores deberán conservar los datos de tráfico por un período no inferior a doce meses.",
    );
    assert_trap(
        "pt",
        item,
        "Art. 9º Os provedores deverão manter os registros de conexão pelo prazo mínimo de 1 (um) ano.",
    );
    assert_trap(
        "en",
        item,
        "Section 9. A service provider shall retain traffic data for a period of not less than two years.",
    );
    // The real cap is recognised.
    assert_safeguard(
        "es",
        item,
        "Artículo 9. Los proveedores conservarán los datos de tráfico por un plazo máximo de seis meses, tras el cual serán eliminados.",
    );
    assert_safeguard(
        "en",
        item,
        "Section 9. Retained traffic data shall not be kept for a period exceeding six months; the retention period shall not exceed six months.",
    );
}

#[test]
fn a_prosecutors_order_is_not_a_judges() {
    let item = "interception-prior-judicial-order";
    assert_trap(
        "es",
        item,
        "Artículo 14. La interceptación de comunicaciones podrá ser ordenada por el fiscal mediante resolución fundada.",
    );
    assert_trap(
        "es",
        item,
        "Artículo 14. El Ministerio Público podrá ordenar la intervención de las comunicaciones del imputado.",
    );
    assert_trap(
        "pt",
        item,
        "Art. 14. O Ministério Público poderá requisitar a interceptação das comunicações telemáticas do investigado.",
    );
    assert_trap(
        "en",
        item,
        "Section 14. The prosecutor may authorise the interception of the communications of a suspect.",
    );
    // "a solicitud del fiscal" before a judge's order is still a judge's order.
    assert_safeguard(
        "es",
        item,
        "Artículo 14. El juez de garantías, a solicitud fundada del fiscal, podrá ordenar la interceptación de las comunicaciones.",
    );
}

#[test]
fn ex_post_validation_is_not_prior_authorisation() {
    let item = "interception-prior-judicial-order";
    assert_trap(
        "es",
        item,
        "Artículo 15. La policía podrá interceptar comunicaciones en casos de urgencia; la medida será convalidada por el juez dentro de las 72 horas.",
    );
    assert_trap(
        "pt",
        item,
        "Art. 15. Em caso de urgência, a interceptação será referendada pelo juiz no prazo de 48 horas.",
    );
    assert_trap(
        "en",
        item,
        "Section 15. In urgent cases the interception may begin at once and shall be validated by a judge within 48 hours.",
    );
    // The same words settle the question of judicial confirmation after an urgent measure.
    let r = scan_text(
        "es",
        "Artículo 15. En casos de urgencia la medida será convalidada por el juez dentro de las 72 horas.",
    );
    assert!(!found(&r, "urgency-judicial-confirmation").0.is_empty());
}

#[test]
fn negations_remove_the_judicial_order() {
    for (lang, text) in [
        (
            "es",
            "Artículo 16. La policía podrá obtener los datos de tráfico en tiempo real sin orden judicial.",
        ),
        (
            "es",
            "Artículo 16. La obtención de datos de tráfico en tiempo real no requerirá autorización judicial.",
        ),
        (
            "pt",
            "Art. 16. A autoridade policial poderá obter os dados de tráfego em tempo real sem ordem judicial.",
        ),
        (
            "pt",
            "Art. 16. Para a coleta em tempo real de dados de tráfego, a autorização judicial será dispensada.",
        ),
        (
            "en",
            "Section 16. A police officer may collect traffic data in real time without a warrant.",
        ),
        (
            "en",
            "Section 16. For the real-time collection of traffic data a judicial authorisation is not required.",
        ),
    ] {
        assert_trap(lang, "realtime-traffic-prior-judicial-order", text);
    }
}

#[test]
fn a_prohibition_of_acting_without_an_order_requires_the_order() {
    for (lang, text) in [
        (
            "es",
            "Artículo 17. Ninguna comunicación podrá ser interceptada sin orden judicial previa.",
        ),
        (
            "pt",
            "Art. 17. Nenhuma comunicação poderá ser interceptada sem ordem judicial.",
        ),
        (
            "en",
            "Section 17. No communication shall be intercepted without a warrant issued by a judge.",
        ),
    ] {
        assert_safeguard(lang, "interception-prior-judicial-order", text);
    }
}

/// What the scan should point to in each fixture bill: for each item, the articles a lawyer
/// would read to answer it (any of them among the three listed counts).
const ES: &[(&str, &[&str])] = &[
    ("power-preservation", &["8"]),
    ("power-production-order", &["9", "10"]),
    ("power-search-seizure", &["11"]),
    ("power-realtime-traffic", &["12"]),
    ("power-interception", &["13"]),
    ("power-data-retention", &["16"]),
    ("scope-powers-offence-limited", &["1"]),
    ("no-new-expression-offences", &["6"]),
    ("data-categories-defined", &["2"]),
    ("subscriber-info-excludes-traffic", &["2"]),
    ("interception-prior-judicial-order", &["13", "14"]),
    ("realtime-traffic-prior-judicial-order", &["12"]),
    ("subscriber-info-reasoned-order", &["10"]),
    ("search-prior-judicial-order", &["11"]),
    ("urgency-judicial-confirmation", &["14"]),
    ("duration-cap-per-order", &["13"]),
    ("targeted-measures-only", &["13"]),
    ("interception-serious-offences", &["13"]),
    ("retention-not-general", &["16"]),
    ("retention-period-capped", &["16"]),
    ("preservation-max-90-days", &["8"]),
    ("preservation-renewals-capped", &["8"]),
    ("user-notification", &["17"]),
    ("notification-content", &["17"]),
    ("minimisation-non-relevant-material", &["18"]),
    ("destruction-recorded", &["18"]),
    ("lawyer-client-communications-protected", &["19"]),
    ("trn-annual-surveillance-statistics", &["20"]),
    ("coop-foreign-requests-domestic-safeguards", &["21"]),
    ("coop-refusal-discrimination-mandatory", &["21"]),
    ("provider-assistance-existing-capability", &["15"]),
    ("no-security-weakening", &["15"]),
    ("provider-secrecy-time-limited", &["15"]),
    ("gen-ncii-consent-element", &["7"]),
    ("gen-ncii-reporting-exception", &["7"]),
    ("proportionality-required", &["3"]),
    ("necessity-required", &["3"]),
];

const PT: &[(&str, &[&str])] = &[
    ("power-production-order", &["3"]),
    ("power-interception", &["4"]),
    ("power-realtime-traffic", &["5"]),
    ("power-data-retention", &["7"]),
    ("power-search-seizure", &["8"]),
    ("power-preservation", &["9"]),
    ("scope-powers-offence-limited", &["1"]),
    ("data-categories-defined", &["2"]),
    ("subscriber-info-excludes-traffic", &["2"]),
    ("subscriber-info-reasoned-order", &["3"]),
    ("interception-prior-judicial-order", &["4"]),
    ("authorisation-reasoned", &["4"]),
    ("duration-cap-per-order", &["4"]),
    ("renewal-fresh-justification", &["4"]),
    ("total-duration-cap", &["4"]),
    ("necessity-least-intrusive", &["4"]),
    ("realtime-traffic-prior-judicial-order", &["5", "6"]),
    ("urgency-judicial-confirmation", &["6"]),
    ("urgency-refusal-destruction", &["6"]),
    ("retention-not-general", &["7"]),
    ("retention-period-capped", &["7"]),
    ("search-prior-judicial-order", &["8"]),
    ("preservation-max-90-days", &["9"]),
    ("user-notification", &["10"]),
    ("notification-deferral-judicial", &["10"]),
    ("unlawful-evidence-excluded", &["11"]),
    ("unlawful-surveillance-offence", &["12"]),
    ("lawyer-client-communications-protected", &["13"]),
    ("unauthorised-disclosure-offence", &["Art. 14 › Art. 10-A"]),
    ("data-protection-law-applies", &["Art. 14 › Art. 10-B"]),
];

const EN: &[(&str, &[&str])] = &[
    ("power-preservation", &["5"]),
    ("power-production-order", &["6", "7"]),
    ("power-search-seizure", &["8"]),
    ("power-compelled-assistance", &["8"]),
    ("power-interception", &["9"]),
    ("power-realtime-traffic", &["10"]),
    ("power-data-retention", &["12"]),
    ("power-cross-border-sharing", &["18", "19"]),
    ("scope-powers-offence-limited", &["2"]),
    ("serious-crime-harm-based", &["2"]),
    ("no-new-expression-offences", &["4"]),
    ("data-categories-defined", &["2"]),
    ("subscriber-info-excludes-traffic", &["2"]),
    ("preservation-max-90-days", &["5"]),
    ("preservation-renewals-capped", &["5"]),
    ("subscriber-info-reasoned-order", &["7"]),
    ("search-prior-judicial-order", &["8"]),
    ("interception-prior-judicial-order", &["9", "11"]),
    ("duration-cap-per-order", &["9"]),
    ("targeted-measures-only", &["9"]),
    ("interception-serious-offences", &["9"]),
    ("realtime-traffic-prior-judicial-order", &["10"]),
    ("urgency-judicial-confirmation", &["11"]),
    ("retention-not-general", &["12"]),
    ("retention-period-capped", &["12"]),
    ("provider-secrecy-time-limited", &["13"]),
    ("user-notification", &["14"]),
    ("unlawful-evidence-excluded", &["15"]),
    ("minimisation-non-relevant-material", &["16"]),
    ("trn-annual-surveillance-statistics", &["17"]),
    ("parliamentary-reporting", &["17"]),
    ("coop-foreign-requests-domestic-safeguards", &["18"]),
    ("coop-refusal-protected-expression", &["18"]),
    ("coop-spontaneous-sharing-specific-investigation", &["19"]),
];

fn scan_file(rel: &str, lang: &str) -> ScanReport {
    let (bill, diags) = Bill::load(&[fixture(rel)]);
    assert!(diags.is_empty(), "{}", diags.render());
    let c = catalog();
    scan(
        c,
        &Matcher::new(c, lang),
        &bill.unwrap(),
        false,
        &ScanOptions::default(),
    )
}

/// The items whose expected article is not among those listed (by number, or by label for an
/// article quoted by an amending one).
fn misses(r: &ScanReport, expected: &[(&str, &[&str])]) -> Vec<String> {
    let mut out = Vec::new();
    for (item, arts) in expected {
        let it = r.items.iter().find(|i| i.id == *item).unwrap();
        let listed: Vec<String> = it
            .articles
            .iter()
            .map(|a| a.key.clone().unwrap_or_else(|| a.label.clone()))
            .collect();
        if !arts.iter().any(|a| listed.iter().any(|l| l == a)) {
            out.push(format!(
                "{item}: expected one of {arts:?}, listed {listed:?}"
            ));
        }
    }
    out
}

#[test]
fn points_to_the_right_articles_of_the_fixture_bills() {
    for (rel, lang, expected, articles) in [
        ("bills/es-proyecto.txt", "es", ES, 22),
        ("bills/pt-projeto.md", "pt", PT, 15),
        ("bills/en-bill.txt", "en", EN, 19),
    ] {
        let r = scan_file(rel, lang);
        assert_eq!(r.counts.articles, articles, "{rel}");
        let m = misses(&r, expected);
        assert!(m.is_empty(), "{rel}:\n{}", m.join("\n"));
    }
}

#[test]
fn the_traps_in_the_fixture_bills_are_read_right() {
    let es = scan_file("bills/es-proyecto.txt", "es");
    let art = |r: &ScanReport, item: &str, key: &str| {
        r.items
            .iter()
            .find(|i| i.id == item)
            .unwrap()
            .articles
            .iter()
            .find(|a| a.key.as_deref() == Some(key))
            .cloned()
            .unwrap_or_else(|| panic!("{item}: article {key} not listed"))
    };
    // Art. 13: "Ninguna comunicación podrá ser interceptada sin orden judicial previa".
    let a = art(&es, "interception-prior-judicial-order", "13");
    assert!(!a.indicators.is_empty() && a.red_flags.is_empty(), "{a:?}");
    // Art. 14: "será convalidada por el juez dentro de las setenta y dos (72) horas".
    let a = art(&es, "interception-prior-judicial-order", "14");
    assert!(a.indicators.is_empty() && !a.red_flags.is_empty(), "{a:?}");
    // Art. 16: "por un plazo mínimo de dos (2) años".
    let a = art(&es, "retention-period-capped", "16");
    assert!(a.indicators.is_empty() && !a.red_flags.is_empty(), "{a:?}");
    // Art. 10: "sin orden judicial".
    let a = art(&es, "subscriber-info-reasoned-order", "10");
    assert!(a.indicators.is_empty() && !a.red_flags.is_empty(), "{a:?}");

    let pt = scan_file("bills/pt-projeto.md", "pt");
    // Art. 3: "independentemente de autorização judicial".
    let a = art(&pt, "subscriber-info-reasoned-order", "3");
    assert!(a.indicators.is_empty() && !a.red_flags.is_empty(), "{a:?}");
    // Art. 12: "Constitui crime realizar interceptação ... sem autorização judicial" is a
    // prohibition, not a loophole.
    let a = art(&pt, "interception-prior-judicial-order", "4");
    assert!(!a.indicators.is_empty(), "{a:?}");
    assert!(
        !pt.red_flags
            .iter()
            .any(|f| f.location.article.as_deref() == Some("Art. 12")),
        "{:?}",
        pt.red_flags
    );
}

#[test]
fn points_to_the_articles_the_example_answers_cite() {
    let (bill, diags) = Bill::load(&[
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mixed-bill.md")
    ]);
    assert!(diags.is_empty(), "{}", diags.render());
    let bill = bill.unwrap();
    let c = catalog();
    let r = scan(
        c,
        &Matcher::new(c, "es"),
        &bill,
        false,
        &ScanOptions::default(),
    );
    let answers: toml::Table = toml::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mixed.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut cited = 0;
    let mut hits = 0;
    for item in &r.items {
        let Some(ev) = answers["answers"]
            .get(&item.id)
            .and_then(|a| a.get("evidence"))
            .and_then(|e| e.as_array())
        else {
            continue;
        };
        let keys: Vec<String> = ev
            .iter()
            .filter_map(|e| e.get("article").and_then(|a| a.as_str()))
            .flat_map(salvaguarda::bill::parse_reference)
            .map(|r| r.key)
            .collect();
        if keys.is_empty() {
            continue;
        }
        cited += 1;
        if item
            .articles
            .iter()
            .any(|a| a.key.as_ref().is_some_and(|k| keys.contains(k)))
        {
            hits += 1;
        }
    }
    // Some answers cite an article to show what the bill lacks (the object clause, say), which
    // no phrase can find; the rest must be found.
    assert!(cited > 120, "{cited}");
    assert!(hits * 10 >= cited * 9, "{hits} of {cited} found");
}

#[test]
fn scan_prints_markdown_html_and_json() {
    let bill = fixture("bills/es-proyecto.txt");
    bin()
        .arg("scan")
        .arg(&bill)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "# Dónde resuelve el proyecto cada pregunta",
        ))
        .stdout(predicate::str::contains("**sin orden judicial** ⚠"))
        .stdout(predicate::str::contains("`es` (detectado)"));
    bin()
        .arg("scan")
        .arg(&bill)
        .args(["--lang", "en", "--format", "html"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<!DOCTYPE html>"))
        .stdout(predicate::str::contains("<mark class=\"red\""))
        .stdout(predicate::str::contains(
            "Where the bill settles each question",
        ));
    let out = bin()
        .arg("scan")
        .arg(&bill)
        .args(["--format", "json", "--top", "1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/scan.schema.json"),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap();
    assert!(validator.is_valid(&v));
    assert_eq!(v["text_language"], "es");
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["articles"].as_array().unwrap().len() <= 1)
    );
}

#[test]
fn scan_html_escapes_the_bill_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.txt");
    std::fs::write(
        &path,
        "Artículo 1. La policía podrá interceptar <script>alert(1)</script> sin orden judicial \"x\".\n",
    )
    .unwrap();
    let out = bin()
        .arg("scan")
        .arg(&path)
        .args(["--text-lang", "es", "--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let md = bin()
        .arg("scan")
        .arg(&path)
        .args(["--text-lang", "es"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("\\<script\\>"), "{md}");
}

#[test]
fn prefill_writes_a_draft_whose_quotes_are_the_bills_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.toml");
    let bill = fixture("bills/pt-projeto.md");
    bin()
        .arg("scan")
        .arg(&bill)
        .args(["--prefill", "-o"])
        .arg(&draft)
        .assert()
        .success()
        .stderr(predicate::str::contains("every answer \"unknown\""));
    let text = std::fs::read_to_string(&draft).unwrap();
    let v: toml::Table = toml::from_str(&text).unwrap();
    let answers = v["answers"].as_table().unwrap();
    assert!(
        answers
            .values()
            .all(|a| a["answer"].as_str() == Some("unknown"))
    );
    let a = &answers["subscriber-info-reasoned-order"];
    assert_eq!(a["evidence"][0]["article"].as_str(), Some("Art. 3º"));
    assert!(
        a["note"]
            .as_str()
            .unwrap()
            .contains("independentemente de autorização judicial")
    );
    // The draft is a valid answers file, and every quote is found word for word.
    bin()
        .args(["lint", "--bill"])
        .arg(&bill)
        .arg(&draft)
        .assert()
        .success();
    let out = bin()
        .args(["report", "--format", "json", "--bill"])
        .arg(&bill)
        .arg(&draft)
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &r["bill"];
    assert!(b["quotes"].as_u64().unwrap() > 20, "{b}");
    assert_eq!(b["quotes"], b["exact"], "{b}");
    assert_eq!(b["elsewhere"], 0, "{b}");
    // It never overwrites a file.
    bin()
        .arg("scan")
        .arg(&bill)
        .args(["--prefill", "-o"])
        .arg(&draft)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), text);
    // And --prefill needs -o.
    bin()
        .arg("scan")
        .arg(&bill)
        .arg("--prefill")
        .assert()
        .code(2);
}

#[test]
fn scan_rejects_bad_input() {
    bin()
        .args(["scan", "no/such/bill.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("file-unreadable"));
    bin()
        .arg("scan")
        .arg(fixture("bills/en-bill.txt"))
        .args(["--lang", "fr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--lang fr"));
    // A checklist without phrases cannot be scanned for.
    bin()
        .args(["--catalog", "tests/fixtures", "scan", "--checklist", "mini"])
        .arg(fixture("bills/mini-bill.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("declares no indicator phrases"));
}

#[test]
fn lint_checks_the_phrases_of_a_checklist() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["checklist.toml", "items.toml"] {
        std::fs::copy(fixture(&format!("mini/{f}")), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("scan.toml"),
        "[[indicators]]\nitem = \"judge-orders\"\nphrases = { en = [\"judicial order\"], es = [\"orden judicial\"], fr = [\"ordonnance\"] }\n",
    )
    .unwrap();
    let out = bin()
        .args(["lint", "--strict"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error[unknown-item]: unknown item `judge-orders`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `judge-order`?"), "{stderr}");
    assert!(
        stderr.contains("error[missing-translation]: no phrase in `pt`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[unknown-language]: language `fr`"),
        "{stderr}"
    );
    assert!(stderr.contains("scan.toml:2:8"), "{stderr}");
}

#[test]
fn the_wording_of_the_new_questions_is_read_right() {
    // Real-time location: a judge told afterwards is not a judge's prior order.
    assert_trap(
        "pt",
        "location-prior-judicial-order",
        "Art. 5º Não havendo manifestação no prazo de 12 (doze) horas, a autoridade competente requisitará às empresas prestadoras de serviço de telecomunicações os meios técnicos que permitam a localização da vítima ou dos suspeitos do delito em curso, com imediata comunicação ao juiz.",
    );
    assert_trap(
        "es",
        "location-prior-judicial-order",
        "Artículo 5. El fiscal podrá ordenar la localización en tiempo real del dispositivo, dando cuenta al juez dentro de las veinticuatro horas.",
    );
    assert_safeguard(
        "es",
        "location-prior-judicial-order",
        "Artículo 5. La localización en tiempo real de un dispositivo requerirá autorización judicial previa.",
    );
    // A penalty threshold below four years is not a seriousness limit.
    assert_trap(
        "es",
        "location-serious-offences",
        "Artículo 6. La utilización de dispositivos de seguimiento y localización procederá para los delitos dolosos castigados con pena con límite máximo de, al menos, tres años de prisión.",
    );
    // Acting anonymously as an aggravating circumstance penalises the tool.
    assert_trap(
        "es",
        "anonymity-encryption-not-penalised",
        "Artículo 8. La pena se agravará en un tercio cuando el autor cometa el hecho valiéndose del anonimato.",
    );
    // Registration of prepaid lines under a verified identity.
    assert_trap(
        "pt",
        "anonymity-no-mandatory-registration",
        "Art. 3º As prestadoras deverão cadastrar os usuários de chips pré-pagos mediante apresentação de documento de identificação.",
    );
    // An undercover agent exempt from liability for whatever he does.
    assert_trap(
        "es",
        "undercover-no-provocation",
        "Artículo 9. El agente encubierto estará exento de responsabilidad criminal por los delitos que cometa en el curso de la operación.",
    );
    // A removal order that must identify the content.
    assert_safeguard(
        "pt",
        "removal-specific-content-only",
        "Art. 7º A ordem judicial de remoção deverá conter, sob pena de nulidade, identificação clara e específica do conteúdo apontado como infringente, que permita a localização inequívoca do material.",
    );
    // Extradition for conduct that is not an offence at home.
    assert_trap(
        "en",
        "extradition-dual-criminality",
        "Section 12. Extradition may be granted for an offence established under the Convention even if not punishable under the law of this State.",
    );
}
