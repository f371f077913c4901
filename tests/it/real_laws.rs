//! Real laws as test data: the assessments in `tests/real-laws/` of laws whose text is in
//! `tests/corpus/` (provenance in `tests/corpus/SOURCES.md`). Every quote must be in the law's
//! text, and the verdicts, scores, ranges and red lines under every standard are pinned, so that
//! a change of the catalog or of the scoring that moves them is seen and reviewed
//! (`docs/calibration.md` explains them).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use salvaguarda::assess;
use salvaguarda::catalog::Catalog;
use salvaguarda::evaluate::evaluate;

use crate::bin;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every real-law assessment (its stem, the answers file) with the law text it answers about;
/// the layout tests print the same list.
pub fn assessments() -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root().join("tests/real-laws")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let text = ["es", "pt", "en"]
            .iter()
            .map(|l| root().join(format!("tests/corpus/{stem}.{l}.md")))
            .find(|t| t.exists())
            .unwrap_or_else(|| panic!("no text in tests/corpus for {stem}"));
        out.push((stem, p, text));
    }
    out.sort();
    assert!(out.len() >= 6, "at least six real laws are assessed");
    out
}

#[test]
fn every_real_law_assessment_lints_strictly_against_its_text() {
    for (stem, answers, text) in assessments() {
        let out = bin()
            .args(["lint", "--strict", "--bill"])
            .arg(&text)
            .arg(&answers)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{stem}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// One line per law and standard: score, ceiling, coverage, verdict (band), breaches and
/// unverified red lines.
fn table() -> String {
    let catalog = Catalog::default();
    let mut out = String::new();
    for (stem, answers, _) in assessments() {
        let (a, d) = assess::load(
            salvaguarda::input::read_source(&answers, salvaguarda::input::Kind::Answers).unwrap(),
            &catalog,
            None,
            &[],
        );
        let a = a.unwrap_or_else(|| panic!("{stem}: {}", d.render()));
        let _ = writeln!(out, "{stem}");
        for p in &a.checklist.profiles {
            let r = evaluate(&a.checklist, &a.answers, &a.sha256, &p.id);
            let _ = writeln!(
                out,
                "  {:<24} {:>5} (≤ {:>5}; {:>5.1} % verified) {} [band {}]\n    breached: {}\n    unverified: {}",
                p.id,
                r.score,
                r.ceiling,
                r.coverage * 100.0,
                r.verdict,
                r.band,
                r.red_line_breaches.join(", "),
                r.red_lines_unverified.join(", "),
            );
        }
        let r = evaluate(
            &a.checklist,
            &a.answers,
            &a.sha256,
            &a.checklist.header.default_profile,
        );
        let _ = writeln!(
            out,
            "  weakest power: {}",
            r.weakest_power.as_deref().unwrap_or("none")
        );
    }
    out
}

#[test]
fn the_verdicts_on_real_laws_are_pinned() {
    insta::assert_snapshot!("real_laws", table());
}
