//! A checklist that extends a shipped one: validated, linted, scored and exported like any
//! other, with diagnostics for a missing base and for ids that clash with the base's.

use std::path::Path;

use serde_json::Value;

use crate::{bin, fixture};

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let o = bin().args(args).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_example_extension_lints_clean_and_adds_to_the_shipped_catalog() {
    let (code, stdout, stderr) = run(&[
        "--catalog",
        "tests/fixtures",
        "lint",
        "--strict",
        "tests/fixtures/ngo-extension",
        "tests/fixtures/ngo-extension-answers.toml",
        "--checklist",
        "ngo-extension",
    ]);
    // The answers file leaves questions unanswered, which --strict reports; the checklist is clean.
    assert!(
        stdout.contains("ok: tests/fixtures/ngo-extension (checklist ngo-extension 0.1.0"),
        "{stdout}\n{stderr}"
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("warning") || stderr.contains("unanswered"),
        "{stderr}"
    );
    let shipped = salvaguarda::catalog::Catalog::default()
        .load("uncc-safeguards")
        .0
        .unwrap();
    let ext = salvaguarda::catalog::Catalog {
        dir: Some(fixture("")),
    }
    .load("ngo-extension")
    .0
    .unwrap();
    assert_eq!(ext.items.len(), shipped.items.len() + 2);
    assert_eq!(ext.areas.len(), shipped.areas.len() + 1);
    assert_eq!(ext.profiles.len(), shipped.profiles.len() + 1);
    assert_eq!(ext.header.id, "ngo-extension");
    assert_eq!(ext.header.extends.as_deref(), Some("uncc-safeguards"));
    // Weights overridden without forking; the shipped checklist is untouched.
    assert_eq!(
        ext.item("interception-prior-judicial-order")
            .unwrap()
            .weight,
        5.0
    );
    assert_ne!(
        shipped
            .item("interception-prior-judicial-order")
            .unwrap()
            .weight,
        5.0
    );
    assert_eq!(ext.area("protected-persons").unwrap().weight, 3.0);
    // A national item carrying a shipped tag joins the shipped profile that selects that tag.
    let np = ext.profile("necessary-proportionate").unwrap();
    assert!(ext.selects(np, ext.item("nat-dpa-prior-opinion").unwrap()));
    assert_ne!(ext.sha256, shipped.sha256);
}

#[test]
fn an_answers_file_for_the_extension_is_reported_under_its_profiles() {
    let (code, stdout, stderr) = run(&[
        "--catalog",
        "tests/fixtures",
        "report",
        "tests/fixtures/ngo-extension-answers.toml",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["checklist"]["id"], "ngo-extension");
    assert_eq!(v["profile"], "national");
    let profiles: Vec<&str> = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(profiles.contains(&"national") && profiles.contains(&"inter-american"));
    let item = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "nat-sunset-clause")
        .unwrap();
    assert_eq!(item["answer"], "yes");
    // Markdown too, and the questionnaire has the national questions.
    let (code, stdout, _) = run(&[
        "--catalog",
        "tests/fixtures",
        "report",
        "tests/fixtures/ngo-extension-answers.toml",
    ]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("nat-dpa-prior-opinion") || stdout.contains("protección de datos"));
    let (code, stdout, _) = run(&[
        "--catalog",
        "tests/fixtures",
        "export",
        "ngo-extension",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("nat-sunset-clause") && stdout.contains("power-interception"));
}

fn extension(dir: &Path, body: &str) -> String {
    let text = format!(
        "[checklist]\nid = \"ext\"\nversion = \"1.0.0\"\n{body}languages = [\"en\", \"es\", \"pt\"]\n\
         default_profile = \"all\"\ntitle = {{ en = \"E\", es = \"E\", pt = \"E\" }}\n\
         description = {{ en = \"E\", es = \"E\", pt = \"E\" }}\n"
    );
    std::fs::write(dir.join("checklist.toml"), text).unwrap();
    dir.display().to_string()
}

#[test]
fn a_missing_base_is_reported_at_extends_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let path = extension(dir.path(), "extends = \"uncc-safeguard\"\n");
    let (code, _, stderr) = run(&["lint", &path]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("error[checklist-not-found]: no checklist `uncc-safeguard` to extend"),
        "{stderr}"
    );
    assert!(stderr.contains("checklist.toml:4:11"), "{stderr}");
    assert!(
        stderr.contains("did you mean `uncc-safeguards`?"),
        "{stderr}"
    );
}

#[test]
fn ids_that_clash_with_the_base_and_bad_overrides_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = extension(dir.path(), "extends = \"uncc-safeguards\"\n");
    std::fs::write(
        dir.path().join("more.toml"),
        "[overrides]\nitem_weights = { \"no-such-item\" = 2, \"power-interception\" = 0 }\n\n\
         [[areas]]\nid = \"scope\"\ntitle = { en = \"S\", es = \"S\", pt = \"S\" }\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&["lint", &path]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("error[duplicate-id]: area id `scope` is used twice"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the first is at <embedded>/uncc-safeguards/checklist.toml:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("more.toml:5:6"),
        "points at the extension's entry: {stderr}"
    );
    assert!(
        stderr.contains("error[unknown-item]: no item `no-such-item` to change the weight of"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[invalid-weight]: weight 0 must be greater than 0"),
        "{stderr}"
    );
}
