//! How every single-assessment format shows what decides a verdict: an undetermined verdict with
//! the red lines not verified counted and the score's band named, breached and unverified red
//! lines kept apart, a partial answer that breaches a red line, each score's range and
//! coverage, the matrix of powers against their safeguards, the CSV's added columns, and the
//! `--fail-on red-line` / `--fail-on breach` gates.

use salvaguarda::report::{CSV_COLUMNS, Format, messages};
use serde_json::Value;

use crate::bin;
use crate::reports::{ALL, Case, LANGS, digests, examples, ext, mini_fixture, render_case, stable};

/// Two red lines not verified (one answered unknown, one unanswered under a power answered
/// unknown), none breached: undetermined under the default standard.
fn undetermined() -> Case {
    mini_fixture("power-view-undetermined.toml")
}

/// A partial answer on a red line whose `breach_on` lists `partial`.
fn partial_breach() -> Case {
    mini_fixture("power-view-partial-breach.toml")
}

fn json(case: &Case) -> Value {
    serde_json::from_str(&render_case(case, Format::Json, None)).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_unverified_red_line_gives_undetermined_in_every_format_and_language() {
    let case = undetermined();
    let r = json(&case);
    assert_eq!(r["verdict"], "undetermined");
    assert_eq!(r["band"], "gaps");
    assert!(r["red_line_breaches"].as_array().unwrap().is_empty());
    let unverified = strings(&r["red_lines_unverified"]);
    assert_eq!(unverified, ["realtime-notification", "stored-judge-order"]);
    for lang in LANGS {
        let t = messages(lang);
        let count = t["count_red_lines_unverified_other"].replace("{n}", "2");
        // The band the score alone gives, by its title in this language.
        let band = match lang {
            "en" => "Significant gaps",
            "es" => "Brechas significativas",
            _ => "Lacunas significativas",
        };
        let band_line = t["band_alone"].replace("{band}", band);
        for f in [Format::Md, Format::Html, Format::Brief] {
            let out = render_case(&case, f, Some(lang));
            let what = format!("{lang} {f:?}");
            assert!(
                out.contains(&t["undetermined"]),
                "{what}: the verdict's title"
            );
            assert!(out.contains(&band_line), "{what}: the band, `{band_line}`");
            if f == Format::Brief {
                // The brief counts them in its tally.
                assert!(
                    out.contains(&format!(
                        "<strong class=\"fact-warn\">2</strong> {}",
                        t["tally_unverified_short"]
                    )),
                    "{what}: the count of red lines not verified"
                );
            } else {
                assert!(out.contains(&count), "{what}: `{count}`");
                assert!(out.contains(&t["red_lines_not_verified"]), "{what}");
                assert!(out.contains(&t["undetermined_description"]), "{what}");
            }
            // Each unverified red line is listed, and marked as not verified, never as breached.
            if f == Format::Md {
                for id in &unverified {
                    assert!(out.contains(&format!("`{id}`")), "{what}: {id}");
                }
            }
            assert!(out.contains(&t["red_line_unverified"]), "{what}: the mark");
            assert!(
                !out.contains(&t["red_line_breached"]),
                "{what}: no breach mark"
            );
        }
        let csv_text = render_case(&case, Format::Csv, Some(lang));
        let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
        let col = CSV_COLUMNS
            .iter()
            .position(|c| *c == "unverified_red_line")
            .unwrap();
        let id = CSV_COLUMNS.iter().position(|c| *c == "id").unwrap();
        let marked: Vec<String> = rd
            .records()
            .map(Result::unwrap)
            .filter(|r| &r[col] == "true")
            .map(|r| r[id].to_string())
            .collect();
        assert_eq!(marked, unverified, "{lang} CSV");
    }
    // In the HTML, the unverified red lines have their own list, apart from the breached ones,
    // and their gap cards carry the dashed mark, not the red badge.
    let html = render_case(&case, Format::Html, Some("en"));
    let list = &html[html.find("id=\"red-lines-unverified\"").unwrap()..];
    let list = &list[..list.find("</ol>").unwrap()];
    for id in &unverified {
        assert!(list.contains(&format!("href=\"#gap-{id}\"")), "{id} listed");
        let at = html
            .find(&format!(" red-line-unverified\" id=\"gap-{id}\""))
            .unwrap();
        let card = &html[at..];
        let card = &card[..card.find("</article>").unwrap()];
        assert!(card.contains("class=\"badge badge-unverified\""), "{id}");
    }
    assert!(!html.contains("class=\"badge badge-breach\""));
}

#[test]
fn a_partial_answer_on_a_red_line_that_partial_breaches_shows_as_breached() {
    let case = partial_breach();
    let r = json(&case);
    assert_eq!(r["verdict"], "incompatible");
    assert_eq!(strings(&r["red_line_breaches"]), ["realtime-judge-order"]);
    let item = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "realtime-judge-order")
        .unwrap();
    assert_eq!(item["answer"], "partial");
    assert_eq!(item["breach"], true);
    for lang in LANGS {
        let t = messages(lang);
        let md = render_case(&case, Format::Md, Some(lang));
        let section = &md[md
            .find(&format!("## {} (1)", t["red_lines_breached"]))
            .unwrap()..];
        let section = &section[..section
            .find(&format!("## {}", t["scores_by_standard"]))
            .unwrap()];
        assert!(section.contains("`realtime-judge-order`"), "{lang}");
        assert!(
            section.contains(&t["breach_on_partial"]),
            "{lang}: why a partial breaches"
        );
        assert!(md.contains(&t["count_red_lines_breached_one"]), "{lang}");
        let html = render_case(&case, Format::Html, Some(lang));
        let card = &html[html.find("id=\"gap-realtime-judge-order\"").unwrap() - 60..];
        let card = &card[..card.find("</article>").unwrap()];
        assert!(
            card.contains("breach\" id=\"gap-realtime-judge-order\""),
            "{lang}"
        );
        assert!(card.contains(&format!(
            "<span class=\"badge badge-breach\">{}</span>",
            t["red_line_breached"]
        )));
        assert!(card.contains(&t["breach_on_partial"]), "{lang}");
        let brief = render_case(&case, Format::Brief, Some(lang));
        assert!(brief.contains("<li class=\"gap breach\">"), "{lang}: brief");
    }
    let csv_text = render_case(&case, Format::Csv, None);
    let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
    let col = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    let row = rd
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "realtime-judge-order")
        .unwrap();
    assert_eq!(&row[col("breach")], "true");
    assert_eq!(&row[col("breach_on")], "no | partial");
    assert_eq!(&row[col("facet")], "authorisation");
    assert_eq!(&row[col("unverified_red_line")], "false");
}

#[test]
fn a_red_line_that_holds_is_never_marked_breached() {
    // `judge-order` of the mini fixture is a red line answered partial, which does not breach
    // it: the report shows it as a red line not breached, and counts no breach.
    let case = crate::reports::mini();
    for lang in LANGS {
        let t = messages(lang);
        let html = render_case(&case, Format::Html, Some(lang));
        let card = &html[html.find("id=\"gap-judge-order\"").unwrap()..];
        let card = &card[..card.find("</article>").unwrap()];
        assert!(card.contains("badge-red-line-held"), "{lang}");
        assert!(!card.contains("badge-breach"), "{lang}");
        assert!(html.contains(&format!("<strong>0</strong> {}", t["tally_breaches"])));
        let md = render_case(&case, Format::Md, Some(lang));
        assert!(md.contains(&t["red_line_not_breached"]), "{lang}");
    }
}

#[test]
fn every_score_shows_its_range_and_coverage() {
    let case = undetermined();
    let r = json(&case);
    assert_eq!(
        (r["score"].as_f64(), r["ceiling"].as_f64()),
        (Some(70.8), Some(87.5))
    );
    assert_eq!(r["coverage"].as_f64(), Some(0.833));
    let en = render_case(&case, Format::Md, Some("en"));
    assert!(
        en.contains("**Score: 70.8** out of 100 (could reach 87.5; 83\u{a0}% verified)."),
        "the verdict's score"
    );
    // Every row of every score table has its ceiling and coverage.
    assert!(en.contains("| **All** | 70.8 | 87.5 | 83\u{a0}% |"));
    assert!(en.contains("| Control of the powers | 56.3 | 81.3 | 75\u{a0}% |"));
    assert!(en.contains("| General safeguards | 100.0 | 100.0 | 100\u{a0}% |"));
    for (lang, text) in [
        (
            "es",
            "** sobre 100 (podría llegar a 87,5; 83\u{a0}% verificado).",
        ),
        (
            "pt",
            "** de 100 (poderia chegar a 87,5; 83\u{a0}% verificado).",
        ),
    ] {
        let md = render_case(&case, Format::Md, Some(lang));
        assert!(md.contains(text), "{lang}: {text}");
    }
    let html = render_case(&case, Format::Html, Some("en"));
    assert!(
        html.contains("<span class=\"score-range\">could reach 87.5; 83\u{a0}% verified</span>")
    );
    // The charts draw the ceiling as a lighter extension of the bar, and read it out.
    assert!(html.contains("<rect class=\"reach\""));
    assert!(
        html.contains("All · Undetermined: 70.8 out of 100 (could reach 87.5; 83\u{a0}% verified)")
    );
    let brief = render_case(&case, Format::Brief, Some("en"));
    assert!(brief.contains("could reach 87.5; 83\u{a0}% verified"));
    assert!(brief.contains("<td class=\"num\">70.8 <span class=\"cov\">(83\u{a0}%)</span></td>"));
    assert!(brief.contains("<rect class=\"reach tone-warn\" x=\"70.8\" width=\"16.7\""));
    // A fully verified score says so, and has no extension.
    let strong = examples().into_iter().find(|c| c.name == "strong").unwrap();
    let md = render_case(&strong, Format::Md, Some("en"));
    assert!(md.contains("out of 100 (100\u{a0}% verified)."));
    assert!(!render_case(&strong, Format::Html, Some("en")).contains("<rect class=\"reach\""));
}

#[test]
fn the_power_matrix_lists_every_created_power_with_its_safeguards() {
    let mut cases = vec![undetermined(), partial_breach()];
    cases.extend(examples());
    for case in cases {
        let r = json(&case);
        let questions = questions(&case);
        let question = |id: &str| questions[id].clone();
        let html = render_case(&case, Format::Html, Some("en"));
        let md = render_case(&case, Format::Md, Some("en"));
        let matrix = &html[html.find("<table class=\"power-matrix\">").unwrap()..];
        let matrix = &matrix[..matrix.find("</table>").unwrap()];
        let md_matrix = &md[md.find("| Power | Answer |").unwrap()..];
        let md_matrix = &md_matrix[..md_matrix.find("\n\n").unwrap()];
        let absent = html
            .find("class=\"powers-absent\"")
            .map(|i| &html[i..i + html[i..].find("</p>").unwrap()])
            .unwrap_or_default();
        for p in r["powers"].as_array().unwrap() {
            let id = p["id"].as_str().unwrap();
            let what = format!("{}: {id}", case.name);
            if p["status"] == "power-absent" {
                // Folded into one line, never a row.
                assert!(!matrix.contains(&format!("href=\"#power-{id}\"")), "{what}");
                continue;
            }
            assert!(
                matrix.contains(&format!("href=\"#power-{id}\"")),
                "{what}: a row"
            );
            assert!(
                html.contains(&format!("id=\"power-{id}\"")),
                "{what}: details"
            );
            let safeguards = p["safeguards"].as_array().unwrap();
            for s in safeguards {
                let sid = s["id"].as_str().unwrap();
                let anchor = format!("pw-{id}--{sid}");
                assert!(
                    matrix.contains(&format!("href=\"#{anchor}\"")),
                    "{what}: {sid}"
                );
                assert!(
                    html.contains(&format!("<li id=\"{anchor}\"")),
                    "{what}: {sid}"
                );
            }
            // One Markdown row per power, one mark per safeguard.
            let row = md_matrix
                .lines()
                .filter(|l| l.starts_with("| "))
                .find(|l| {
                    let q = salvaguarda::report::md_escape(&question(id));
                    l.contains(&q)
                })
                .unwrap_or_else(|| panic!("{what}: a Markdown row"));
            let marks = row
                .split(" | ")
                .skip(5)
                .flat_map(|cell| cell.split_whitespace())
                .filter(|m| m.chars().any(|c| "✓◐✗?–·".contains(c)))
                .count();
            assert_eq!(marks, safeguards.len(), "{what}: {row}");
        }
        let absent_count = r["powers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["status"] == "power-absent")
            .count();
        if absent_count > 0 {
            assert_eq!(
                absent.matches("; ").count() + 1,
                absent_count,
                "{}: absent powers on one line",
                case.name
            );
        }
        // The weakest power is named in the verdict and marked in the matrix.
        if let Some(w) = r["weakest_power"].as_str() {
            // Named by its short form where the catalog gives one.
            let q = shorts(&case).remove(w).unwrap_or_else(|| question(w));
            assert!(md.contains(&format!(
                "- Weakest power: {}",
                salvaguarda::report::md_escape(&q)
            )));
            assert!(matrix.contains(&format!(
                "<tr class=\"weakest\"><th scope=\"row\"><a href=\"#power-{w}\">"
            )));
        }
    }
}

/// Every item's question in English, by id (the checklist is loaded once per case).
fn questions(case: &Case) -> std::collections::HashMap<String, String> {
    let catalog = salvaguarda::catalog::Catalog {
        dir: case.catalog.clone(),
    };
    let r = json(case);
    let c = catalog
        .load(r["checklist"]["id"].as_str().unwrap())
        .0
        .expect("the checklist loads");
    c.items
        .iter()
        .map(|i| (i.id.clone(), c.text(&i.question, "en").to_string()))
        .collect()
}

/// The short forms of the items that have one, in English.
fn shorts(case: &Case) -> std::collections::HashMap<String, String> {
    let catalog = salvaguarda::catalog::Catalog {
        dir: case.catalog.clone(),
    };
    let r = json(case);
    let c = catalog
        .load(r["checklist"]["id"].as_str().unwrap())
        .0
        .expect("the checklist loads");
    c.items
        .iter()
        .filter_map(|i| Some((i.id.clone(), c.text(i.short.as_ref()?, "en").to_string())))
        .collect()
}

#[test]
fn the_matrix_groups_safeguards_by_facet_in_a_fixed_order() {
    let case = undetermined();
    let html = render_case(&case, Format::Html, Some("en"));
    let heads: Vec<&str> = html
        .match_indices("<th scope=\"col\" class=\"facet-col\">")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('<').unwrap()]
        })
        .collect();
    assert_eq!(
        heads,
        [
            "Authorisation",
            "Threshold",
            "Duration",
            "Notification",
            "Oversight"
        ]
    );
    for (lang, label) in [("es", "Autorización"), ("pt", "Autorização")] {
        assert!(render_case(&case, Format::Md, Some(lang)).contains(&format!("| {label} |")));
    }
    // The safeguard of two powers is under both; the breach-free unverified red line is boxed.
    assert!(html.contains("href=\"#pw-power-realtime--shared-oversight-register\""));
    assert!(html.contains("href=\"#pw-power-stored--shared-oversight-register\""));
    assert!(html.contains("class=\"mark st-unverified mk-unverified\" href=\"#pw-power-realtime--realtime-notification\""));
    let md = render_case(&case, Format::Md, Some("en"));
    assert!(md.contains(
        "| Does the bill allow real-time collection of traffic data? | Yes | 64.3 | 78.6 | 86\u{a0}% | ✓ | ◐ | ✗ | **?** | ✓ |"
    ));
    assert!(md.contains("**Not created, so their safeguards do not apply:** Does the bill allow remote access to devices?"));
}

#[test]
fn csv_columns_are_appended_and_keep_the_earlier_positions() {
    assert_eq!(
        CSV_COLUMNS[..15],
        [
            "id",
            "area",
            "kind",
            "answer",
            "status",
            "score",
            "weight",
            "severity",
            "red_line",
            "selected",
            "breach",
            "evidence",
            "note",
            "citations",
            "question",
        ]
    );
    assert_eq!(
        CSV_COLUMNS[15..],
        ["breach_on", "unverified_red_line", "facet"]
    );
    for case in [undetermined(), examples().remove(0)] {
        let r = json(&case);
        let csv_text = render_case(&case, Format::Csv, Some("pt"));
        let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
        let col = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
        for (row, item) in rd
            .records()
            .map(Result::unwrap)
            .zip(r["items"].as_array().unwrap())
        {
            let on: Vec<String> = strings(&item["breach_on"]);
            assert_eq!(row[col("breach_on")], on.join(" | "));
            assert_eq!(
                row[col("unverified_red_line")],
                item["unverified_red_line"].to_string()
            );
            assert_eq!(
                row[col("facet")],
                item["facet"].as_str().unwrap_or("").to_string()
            );
        }
    }
}

#[test]
fn snapshots_of_the_undetermined_fixture() {
    let case = undetermined();
    for f in ALL {
        if f == Format::Json {
            continue;
        }
        insta::assert_snapshot!(
            format!("power-view-undetermined.{}", ext(f)),
            stable(&render_case(&case, f, Some("en")), &digests(&case))
        );
    }
}

fn gate(file: &str, what: &str) -> (i32, String) {
    let out = bin()
        .args(["--catalog", "tests/fixtures", "report"])
        .arg(crate::fixture(file))
        .args(["--fail-on", what])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn fail_on_red_line_counts_unverified_red_lines_and_fail_on_breach_does_not() {
    // Undetermined: red-line fails and names the unverified ones apart; breach passes.
    let (code, err) = gate("power-view-undetermined.toml", "red-line");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(
        "gate failed: red lines not verified (answered unknown or not at all; `--fail-on breach` fails on confirmed breaches only): realtime-notification, stored-judge-order"
    ), "{err}");
    assert!(!err.contains("red lines breached"), "{err}");
    let (code, err) = gate("power-view-undetermined.toml", "breach");
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("gate failed"), "{err}");
    // A confirmed breach fails both, named as a breach.
    for what in ["red-line", "breach"] {
        let (code, err) = gate("power-view-partial-breach.toml", what);
        assert_eq!(code, 1, "{what}: {err}");
        assert!(
            err.contains("gate failed: red lines breached: realtime-judge-order"),
            "{err}"
        );
        assert!(!err.contains("not verified"), "{what}: {err}");
    }
    // Nothing breached or unverified: both pass.
    for what in ["red-line", "breach"] {
        bin()
            .args(["report", "examples/strong.toml", "--fail-on", what])
            .assert()
            .success();
    }
    // The two gates are documented in --help.
    let help = bin().args(["report", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("red-line") && help.contains("breach"),
        "{help}"
    );
    assert!(
        help.contains("confirmed breaches only") || help.contains("only if one is breached"),
        "{help}"
    );
}
