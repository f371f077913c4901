//! `upgrade`: an answers file carried to the current version of its checklist.

use salvaguarda::i18n::tr;
use std::path::Path;

use salvaguarda::catalog::Catalog;
use salvaguarda::diag::{Code, Diagnostic, Diagnostics};
use salvaguarda::load;
use salvaguarda::source::SourceFile;
use salvaguarda::upgrade::{self, UpgradeError};
use salvaguarda::validate;

use salvaguarda::input::{self, Kind};
use salvaguarda::output::Policy;

use super::{BAD_INPUT, OK, fail_with, print_diags, say, write_out};

pub fn upgrade(
    catalog: &Catalog,
    file: &Path,
    output: Option<&Path>,
    overwrite: bool,
    checklist: Option<&str>,
) -> u8 {
    let source = match input::read_source(file, Kind::Answers) {
        Ok(f) => f,
        Err(d) => return fail_with(d),
    };
    let name = source.name.clone();
    let kept = upgrade::comments_of(&source.text);
    let parsed = match load::parse(source) {
        Ok(p) => p,
        Err(errs) => {
            let mut d = Diagnostics::new();
            d.extend(errs);
            print_diags(&d);
            return BAD_INPUT;
        }
    };
    let (old, diags) = validate::answers_structure_only(&parsed);
    let Some(old) = old else {
        print_diags(&diags);
        return BAD_INPUT;
    };
    let (c, more) = catalog.load(checklist.unwrap_or(&old.assessment.checklist));
    let Some(c) = c else {
        print_diags(&more);
        return BAD_INPUT;
    };
    let up = match upgrade::upgrade_with_comments(&old, &kept, &c) {
        Ok(u) => u,
        Err(e) => {
            let pointer = match e {
                UpgradeError::OtherChecklist { .. } => "/assessment/checklist",
                UpgradeError::NoPath { .. } => "/assessment/checklist_version",
            };
            let code = match e {
                UpgradeError::OtherChecklist { .. } => Code::ChecklistMismatch,
                UpgradeError::NoPath { .. } => Code::VersionMismatch,
            };
            let mut d = Diagnostics::new();
            d.push(parsed.at_value(Diagnostic::error(code, e.to_string()), pointer));
            print_diags(&d);
            return BAD_INPUT;
        }
    };
    let text = up.to_toml(&c);
    // The upgraded file must be a valid answers file of the current version.
    let out_name = output
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "<upgraded>".into());
    let check = load::parse(SourceFile::new(out_name.clone(), text.clone()))
        .map(|p| validate::answers(&p, &c));
    match check {
        Ok((Some(_), d)) if !d.has_errors() => {}
        Ok((_, d)) => {
            print_diags(&d);
            say(&tr("cli_upgrade_invalid", &[]));
            return BAD_INPUT;
        }
        Err(errs) => {
            let mut d = Diagnostics::new();
            d.extend(errs);
            print_diags(&d);
            return BAD_INPUT;
        }
    }
    if let Err(code) = write_out(output, text.as_bytes(), Policy::overwrite(overwrite)) {
        return code;
    }
    let versions = up.changes.versions.join(" → ");
    if up.changes.versions.len() == 1 {
        say(&tr(
            "cli_upgrade_current",
            &[
                ("file", &name),
                ("version", &c.header.version),
                ("id", &c.header.id),
            ],
        ));
    } else {
        say(&format!("{name}: `{}` {versions}", c.header.id));
        for line in up.changes.lines() {
            say(&format!("  {line}"));
        }
        if up.changes.is_empty() {
            say(&format!("  {}", tr("cli_upgrade_unchanged", &[])));
        }
    }
    if let Some(o) = output.filter(|o| !salvaguarda::output::is_stdout(Some(o))) {
        say(&tr(
            "cli_wrote_upgrade",
            &[("file", &o.display()), ("old", &name)],
        ));
    }
    OK
}
