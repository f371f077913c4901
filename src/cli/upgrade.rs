//! `upgrade`: an answers file carried to the current version of its checklist.

use std::path::Path;

use salvaguarda::catalog::Catalog;
use salvaguarda::diag::{Code, Diagnostic, Diagnostics};
use salvaguarda::load;
use salvaguarda::source::SourceFile;
use salvaguarda::upgrade::{self, UpgradeError};
use salvaguarda::validate;

use super::{BAD_INPUT, OK, fail, print_diags, write_output};

pub fn upgrade(
    catalog: &Catalog,
    file: &Path,
    output: Option<&Path>,
    overwrite: bool,
    checklist: Option<&str>,
) -> u8 {
    let source = match SourceFile::read(file) {
        Ok(f) => f,
        Err(e) => {
            return fail(&format!(
                "{}: cannot read the answers file: {e}",
                file.display()
            ));
        }
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
            eprintln!("nothing written: the upgraded answers are not a valid answers file");
            return BAD_INPUT;
        }
        Err(errs) => {
            let mut d = Diagnostics::new();
            d.extend(errs);
            print_diags(&d);
            return BAD_INPUT;
        }
    }
    if let Err(e) = write_output(output, &text, &[file], !overwrite) {
        if output.is_some_and(Path::exists) && !overwrite {
            return fail(&format!("{e} (or give --overwrite)"));
        }
        return fail(&e);
    }
    let versions = up.changes.versions.join(" → ");
    if up.changes.versions.len() == 1 {
        eprintln!(
            "{name} is already at version {} of `{}`; nothing to change",
            c.header.version, c.header.id
        );
    } else {
        eprintln!("{name}: `{}` {versions}", c.header.id);
        for line in up.changes.lines() {
            eprintln!("  {line}");
        }
        if up.changes.is_empty() {
            eprintln!("  no question changed: every answer carried over as it was");
        }
    }
    if let Some(o) = output {
        eprintln!(
            "wrote {}; {name} is unchanged. Check it with `salvaguarda lint {}`",
            o.display(),
            o.display()
        );
    }
    OK
}
