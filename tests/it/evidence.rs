//! Evidence checked against the bill's own words: `report --bill` and `lint --bill`.

use predicates::prelude::*;
use serde_json::Value;

use crate::{bin, fixture};

fn json(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_quote_of_the_example_is_in_the_example_bill() {
    let out = bin()
        .args([
            "report",
            "examples/mixed.toml",
            "--bill",
            "examples/mixed-bill.md",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let r = json(&out);
    let b = &r["bill"];
    assert!(b["quotes"].as_u64().unwrap() > 150, "{b}");
    assert_eq!(b["exact"], b["quotes"], "{b}");
    assert_eq!(b["not_found"], 0);
    assert_eq!(b["elsewhere"], 0);
    assert_eq!(b["articles_not_found"], 0);
    assert_eq!(b["files"][0]["articles"], 49);
    // Each piece of evidence carries its check: where the quote is, in which article.
    let item = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "interception-prior-judicial-order")
        .unwrap();
    let v = &item["evidence"][0]["verification"];
    assert_eq!(v["quote"]["status"], "exact");
    assert_eq!(v["quote"]["in_cited_article"], true);
    assert_eq!(
        v["quote"]["location"]["article"],
        item["evidence"][0]["article"]
            .as_str()
            .unwrap()
            .split(',')
            .next()
            .unwrap()
    );
    assert_eq!(v["articles"][0]["status"], "found");
    // The result stays valid against its schema, and has no `bill` without --bill.
    let schema = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/result.schema.json"),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap();
    assert!(validator.is_valid(&r));
    let plain = json(
        &bin()
            .args(["report", "examples/mixed.toml", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert!(plain.get("bill").is_none());
    assert!(
        plain["items"][0]["evidence"][0]
            .get("verification")
            .is_none()
    );
}

/// The mixed example with one quote changed into words the bill does not contain.
fn fabricated(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mixed.toml"),
    )
    .unwrap();
    let real = "En casos de urgencia, el fiscal podrá ordenar las medidas de los artículos 20 y 21";
    assert!(text.contains(real));
    let fake = text.replacen(
        real,
        "En casos de urgencia, el juez podrá autorizar verbalmente las medidas de los artículos 20 y 21",
        1,
    );
    let path = dir.join("fabricated.toml");
    std::fs::write(&path, fake).unwrap();
    path
}

#[test]
fn a_fabricated_quote_is_flagged_with_its_place_in_the_answers_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = fabricated(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("el juez podrá autorizar verbalmente"))
        .unwrap()
        + 1;
    // The column counts characters ("Artículo" comes before the quote on that line).
    let l = text.lines().nth(line - 1).unwrap();
    let col = l[..l.find("quote = ").unwrap()].chars().count() + "quote = ".len() + 1;
    // lint --bill --strict fails, pointing at the quote.
    bin()
        .args(["lint", "--strict", "--bill", "examples/mixed-bill.md"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[quote-not-found]: the quote «En casos de urgencia, el juez podrá autorizar verbalmente",
        ))
        .stderr(predicate::str::contains(format!(
            "--> {}:{line}:{col}",
            path.display()
        )))
        // The closest passage is offered: the quote is a distortion of article 23.
        .stderr(predicate::str::contains("Artículo 23"));
    // Without --strict, lint warns and passes.
    bin()
        .args(["lint", "--bill", "examples/mixed-bill.md"])
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning[quote-not-found]"));
    // The report flags it and counts it, in Markdown and in JSON.
    let out = bin()
        .args(["report", "--lang", "en", "--bill", "examples/mixed-bill.md"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("## Evidence checked against the bill's text"),
        "{md}"
    );
    assert!(md.contains("**1 not found**"), "{md}");
    assert!(
        md.contains("**⚠ quote not found in the bill's text**"),
        "{md}"
    );
    assert!(
        md.contains("Closest passage (examples/mixed-bill.md:"),
        "{md}"
    );
    let r = json(
        &bin()
            .args([
                "report",
                "--format",
                "json",
                "--bill",
                "examples/mixed-bill.md",
            ])
            .arg(&path)
            .output()
            .unwrap(),
    );
    assert_eq!(r["bill"]["not_found"], 1);
    // Every other format flags it too.
    for (format, flag) in [
        (
            "html",
            "<p class=\"evidence-check flagged\">⚠ quote not found in the bill&#x27;s text",
        ),
        ("csv", "[⚠ quote not found in the bill's text]"),
    ] {
        let out = bin()
            .args(["report", "--lang", "en", "--format", format])
            .args(["--bill", "examples/mixed-bill.md"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(flag), "{format}: {flag} not in\n{text}");
    }
    // The one-page brief prefers a quote the text bears out, and flags one it does not.
    let text = std::fs::read_to_string(&path).unwrap();
    let first =
        "La interceptación de comunicaciones solicitada por un Estado extranjero solo procederá";
    let second = "El registro de sistemas informáticos y la presentación de datos de contenido";
    // Every other safeguard met, so that the brief's first card is this one whatever the
    // catalog's priorities.
    let only = |answers: &str| -> String {
        answers
            .split("\n[answers.")
            .enumerate()
            .map(|(i, block)| {
                if i == 0
                    || block.starts_with("power-")
                    || block.starts_with("coop-dual-criminality-realtime]")
                {
                    block.to_string()
                } else {
                    ["partial", "no", "unknown"]
                        .iter()
                        .fold(block.to_string(), |b, a| {
                            b.replace(&format!("answer = \"{a}\""), "answer = \"yes\"")
                        })
                }
            })
            .collect::<Vec<_>>()
            .join("\n[answers.")
    };
    let brief = |answers: &str| {
        let p = dir.path().join("brief.toml");
        std::fs::write(&p, only(answers)).unwrap();
        let out = bin()
            .args(["report", "--lang", "en", "--format", "brief"])
            .args(["--bill", "examples/mixed-bill.md"])
            .arg(&p)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let one = brief(&text.replace(first, "Una cita inventada"));
    assert!(one.contains("(Artículo 41, inciso 2)"), "{one}");
    assert!(!one.contains("Una cita inventada"), "{one}");
    let both = brief(
        &text
            .replace(first, "Una cita inventada")
            .replace(second, "Otra cita inventada"),
    );
    assert!(
        both.contains("(Artículo 41, inciso 1 (⚠ quote not found in the bill&#x27;s text))"),
        "{both}"
    );
    // Under --strict, report refuses: exit 2, no output file.
    let out_file = dir.path().join("report.md");
    bin()
        .args(["report", "--strict", "--bill", "examples/mixed-bill.md"])
        .arg(&path)
        .arg("-o")
        .arg(&out_file)
        .assert()
        .code(2);
    assert!(!out_file.exists());
}

#[test]
fn a_quote_found_once_normalised_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("mini-answers.toml"))
        .unwrap()
        .replace(
            "quote = \"In urgent cases the order may be issued afterwards.\"",
            "quote = \"“in URGENT cases  the order may be issued afterwards”\"",
        );
    let path = dir.path().join("typographic.toml");
    std::fs::write(&path, text).unwrap();
    let r = json(
        &bin()
            .args([
                "--catalog",
                "tests/fixtures",
                "report",
                "--format",
                "json",
                "--bill",
            ])
            .arg(fixture("bills/mini-bill.txt"))
            .arg(&path)
            .output()
            .unwrap(),
    );
    assert_eq!(r["bill"]["normalised"], 1, "{}", r["bill"]);
    assert_eq!(r["bill"]["exact"], 1);
    let out = bin()
        .args(["--catalog", "tests/fixtures", "report", "--bill"])
        .arg(fixture("bills/mini-bill.txt"))
        .arg(&path)
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains(
            "quote found once spacing, accents, quotation marks and case are normalised, at "
        ) && md.contains("mini-bill.txt:8:5, Art. 10"),
        "{md}"
    );
}

#[test]
fn several_bill_files_are_read_in_order_and_a_missing_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read_to_string(fixture("bills/mini-bill.txt")).unwrap();
    let (a, b) = full.split_at(full.find("Art. 10.").unwrap());
    std::fs::write(dir.path().join("part1.txt"), a).unwrap();
    std::fs::write(dir.path().join("part2.txt"), b).unwrap();
    let r = json(
        &bin()
            .args(["--catalog", "tests/fixtures", "report", "--format", "json"])
            .args(["--bill"])
            .arg(dir.path().join("part1.txt"))
            .args(["--bill"])
            .arg(dir.path().join("part2.txt"))
            .arg(fixture("mini-answers.toml"))
            .output()
            .unwrap(),
    );
    assert_eq!(r["bill"]["exact"], 2, "{}", r["bill"]);
    assert_eq!(r["bill"]["articles_not_found"], 0);
    assert_eq!(r["bill"]["files"].as_array().unwrap().len(), 2);
    bin()
        .args([
            "--catalog",
            "tests/fixtures",
            "report",
            "--bill",
            "nope.txt",
        ])
        .arg(fixture("mini-answers.toml"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("error[file-unreadable]"));
}
