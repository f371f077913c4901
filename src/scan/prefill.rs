//! `scan --prefill`: a draft answers file in which every answer is "unknown" and each item
//! carries the evidence the scan suggests (the best passage of its best articles, in the
//! bill's exact words, so that `report --bill` finds every quote), for a lawyer to confirm.

use std::collections::BTreeMap;

use super::result::{MarkKind, ScanArticle, ScanPassage, ScanReport, Signal};
use crate::bill::Bill;
use crate::checklist::Checklist;
use crate::init::{Suggestion, template_with};
use crate::model::Evidence;
use crate::report::messages;

/// Articles suggested per item.
const ARTICLES_PER_ITEM: usize = 2;

/// The passage of an article that best shows what was found: one with an indicator or a red
/// flag, else the first.
fn best_passage(a: &ScanArticle) -> Option<&ScanPassage> {
    a.passages
        .iter()
        .find(|p| {
            p.marks
                .iter()
                .any(|m| matches!(m.kind, MarkKind::Indicator | MarkKind::RedFlag))
        })
        .or_else(|| a.passages.first())
}

/// The exact words of a passage in the bill (without the `…` of a cut).
fn exact_words(bill: &Bill, p: &ScanPassage) -> Option<String> {
    let f = bill
        .files
        .iter()
        .find(|f| f.source.name == p.location.file)?;
    f.source
        .text
        .get(p.location.start..p.location.end)
        .map(str::to_string)
}

/// The draft answers file.
pub fn prefill(r: &ScanReport, c: &Checklist, bill: &Bill, lang: &str) -> String {
    let t = messages(lang);
    let mut suggestions: BTreeMap<String, Suggestion> = BTreeMap::new();
    for item in &r.items {
        if item.signal == Signal::NoPhrases {
            continue;
        }
        if item.articles.is_empty() {
            suggestions.insert(
                item.id.clone(),
                Suggestion {
                    note: t["prefill_note_none"].clone(),
                    evidence: Vec::new(),
                },
            );
            continue;
        }
        let mut evidence = Vec::new();
        let mut found = Vec::new();
        for a in item.articles.iter().take(ARTICLES_PER_ITEM) {
            let quote = best_passage(a).and_then(|p| exact_words(bill, p));
            evidence.push(Evidence {
                article: Some(a.label.clone()),
                quote,
            });
            let mut parts = Vec::new();
            if !a.indicators.is_empty() {
                parts.push(format!(
                    "{} «{}»",
                    t["prefill_indicators"],
                    a.indicators.join("», «")
                ));
            }
            if !a.red_flags.is_empty() {
                parts.push(format!(
                    "{} «{}»",
                    t["prefill_red_flags"],
                    a.red_flags.join("», «")
                ));
            }
            if !parts.is_empty() {
                found.push(format!("{}: {}", a.label, parts.join("; ")));
            }
        }
        let mut note = t["prefill_note_found"].clone();
        if !found.is_empty() {
            note.push(' ');
            note.push_str(&found.join(". "));
            note.push('.');
        }
        suggestions.insert(item.id.clone(), Suggestion { note, evidence });
    }
    let names: Vec<&str> = r.files.iter().map(|f| f.name.as_str()).collect();
    template_with(c, lang, Some(&names.join(", ")), &suggestions)
}
