//! The integration tests: one binary, one module per concern.

mod answering;
mod brief;
mod browser;
mod catalog;
mod cli;
mod cli_lang;
mod conventions;
mod diagnostics;
mod docs;
mod evidence;
mod extends;
mod fuzz;
mod i18n;
mod layout;
mod many;
mod precision;
mod readers;
mod real_laws;
mod regressions;
mod reports;
mod safety;
mod scan;
mod scoring;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "serve")]
mod serve_browser;
mod verdict_reports;
mod verdicts;
mod webdriver;

use std::path::PathBuf;

/// The `salvaguarda` binary, run from the repository root.
pub fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("salvaguarda"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    // Messages follow the locale (see `salvaguarda::i18n`): the tests read them in English.
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    cmd
}

/// `tests/fixtures/...`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Every answer an item may validly take, or none (`None` = left unanswered).
pub fn allowed_answers(
    item: &salvaguarda::model::Item,
) -> Vec<Option<salvaguarda::model::AnswerValue>> {
    use salvaguarda::model::{AnswerValue, ItemKind};
    let mut opts = vec![
        Some(AnswerValue::Yes),
        Some(AnswerValue::Partial),
        Some(AnswerValue::No),
        Some(AnswerValue::Unknown),
        None,
    ];
    if item.allow_not_applicable && item.kind == ItemKind::Safeguard {
        opts.push(Some(AnswerValue::NotApplicable));
    }
    opts
}

/// A minimal `[assessment]` table for a checklist.
pub fn assessment_for(c: &salvaguarda::checklist::Checklist) -> salvaguarda::model::Assessment {
    salvaguarda::model::Assessment {
        checklist: c.header.id.clone(),
        checklist_version: c.header.version.clone(),
        jurisdiction: "XX".into(),
        instrument: "Bill".into(),
        version: None,
        language: None,
        assessor: None,
        date: None,
    }
}
