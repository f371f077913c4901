//! `import`: a filled questionnaire (xlsx or csv) back to an answers file, checked like `lint`
//! checks one, written only when no cell is wrong.

use std::path::Path;

use salvaguarda::answers;
use salvaguarda::catalog::Catalog;
use salvaguarda::diag::{Code, Diagnostic, Diagnostics};
use salvaguarda::load;
use salvaguarda::questionnaire::{self, Grid};
use salvaguarda::source::SourceFile;
use salvaguarda::validate;

use super::{BAD_INPUT, OK, fail, print_diags, write_output};

fn grids(path: &Path, bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let zip = bytes.starts_with(b"PK\x03\x04");
    if ext == "xlsx" || (ext != "csv" && zip) {
        #[cfg(feature = "xlsx")]
        return questionnaire::xlsx::read(bytes);
        #[cfg(not(feature = "xlsx"))]
        return Err(
            "this salvaguarda was built without the `xlsx` feature; save the sheet as CSV".into(),
        );
    }
    questionnaire::csv::read(bytes).map(|g| vec![g])
}

pub fn import(
    catalog: &Catalog,
    file: &Path,
    output: &Path,
    overwrite: bool,
    checklist: Option<&str>,
) -> u8 {
    let name = file.display().to_string();
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return fail(&format!("{name}: cannot read: {e}")),
    };
    let sheets = match grids(file, &bytes) {
        Ok(g) => g,
        Err(e) => {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::error(Code::UnknownFileKind, e).in_file(&name));
            print_diags(&d);
            return BAD_INPUT;
        }
    };
    // The questions sheet is the one that records its checklist.
    let mut first_err = None;
    let mut found = None;
    for g in &sheets {
        match questionnaire::checklist_of(g, &name) {
            Ok(id) => {
                found = Some((g, id));
                break;
            }
            Err(d) => {
                if first_err.is_none() || d.iter().any(|x| x.code != Code::UnknownFileKind) {
                    first_err = Some(d);
                }
            }
        }
    }
    let Some((grid, (id, _version))) = found else {
        print_diags(&first_err.unwrap_or_default());
        return BAD_INPUT;
    };
    let (c, diags) = catalog.load(checklist.unwrap_or(&id));
    let Some(c) = c else {
        print_diags(&diags);
        return BAD_INPUT;
    };
    let (file_answers, diags) = questionnaire::read(grid, &c, &name);
    let Some(file_answers) = file_answers.filter(|_| !diags.has_errors()) else {
        print_diags(&diags);
        return BAD_INPUT;
    };
    let text = answers::to_toml(&file_answers, Some(&c));
    let out_name = output.display().to_string();
    let parsed = match load::parse(SourceFile::new(out_name.clone(), text.clone())) {
        Ok(p) => p,
        Err(errs) => {
            let mut d = Diagnostics::new();
            d.extend(errs);
            print_diags(&d);
            return BAD_INPUT;
        }
    };
    let (checked, more) = validate::answers(&parsed, &c);
    if checked.is_none() || more.has_errors() {
        print_diags(&more);
        eprintln!("nothing written: the answers read from {name} do not make a valid answers file");
        return BAD_INPUT;
    }
    if let Err(e) = write_output(Some(output), &text, &[file], !overwrite) {
        if output.exists() && !overwrite {
            return fail(&format!("{e} (or give --overwrite)"));
        }
        return fail(&e);
    }
    print_diags(&more);
    eprintln!(
        "wrote {out_name}: {} answers to `{}` {}; check it with `salvaguarda lint {out_name}`",
        file_answers.answers.len(),
        c.header.id,
        file_answers.assessment.checklist_version
    );
    OK
}
