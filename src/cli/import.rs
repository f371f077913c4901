//! `import`: a filled questionnaire (xlsx or csv) back to an answers file, checked like `lint`
//! checks one, written only when no cell is wrong.

use salvaguarda::i18n::tr;
use std::path::Path;

use salvaguarda::answers;
use salvaguarda::catalog::Catalog;
use salvaguarda::diag::{Code, Diagnostic, Diagnostics};
use salvaguarda::input::{self, Kind};
use salvaguarda::load;
use salvaguarda::output::{self, Policy};
use salvaguarda::questionnaire::{self, Grid};
use salvaguarda::source::SourceFile;
use salvaguarda::validate;

use super::{BAD_INPUT, OK, fail_with, print_diags, say, write_out};

/// The sheets of a questionnaire, and the warnings about how it was read (a CSV file's encoding).
fn grids(
    path: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<(Vec<Grid>, Vec<Diagnostic>), Box<Diagnostic>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let zip = bytes.starts_with(b"PK\x03\x04");
    if ext == "xlsx" || (ext != "csv" && zip) {
        #[cfg(feature = "xlsx")]
        return questionnaire::xlsx::read_named(bytes, name).map(|g| (g, vec![]));
        #[cfg(not(feature = "xlsx"))]
        return Err(Box::new(
            Diagnostic::error(
                Code::UnknownFileKind,
                salvaguarda::i18n::tr("diag_no_xlsx_import", &[]),
            )
            .in_file(name),
        ));
    }
    questionnaire::csv::read_decoded(bytes, name).map(|(g, w)| (vec![g], w))
}

pub fn import(
    catalog: &Catalog,
    file: &Path,
    output: &Path,
    overwrite: bool,
    checklist: Option<&str>,
    strict: bool,
) -> u8 {
    let name = input::display_name(file);
    let bytes = match input::read_bytes(file, Kind::Questionnaire) {
        Ok(b) => b,
        Err(d) => return fail_with(d),
    };
    let (sheets, notes) = match grids(file, &name, &bytes) {
        Ok(g) => g,
        Err(d) => return fail_with(d),
    };
    // How the file was read is said with whatever else is found.
    let print_diags = |d: &Diagnostics| {
        let mut all = Diagnostics::new();
        all.extend(notes.iter().cloned());
        all.extend(d.iter().cloned());
        if strict {
            all.make_strict();
        }
        print_diags(&all);
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
        // A checklist the sheet names and that does not exist: at the cell that names it.
        let cell = questionnaire::meta_row(grid, "checklist").filter(|_| checklist.is_none());
        let mut placed = Diagnostics::new();
        placed.extend(diags.iter().map(|d| match cell {
            Some(r) if d.location.is_none() => {
                questionnaire::at_cell(d.clone(), &name, grid, r, questionnaire::col::ANSWER)
            }
            _ => d.clone(),
        }));
        print_diags(&placed);
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
        say(&tr("cli_import_nothing", &[("file", &name)]));
        return BAD_INPUT;
    }
    if strict && !(notes.is_empty() && more.is_empty()) {
        print_diags(&more);
        say(&salvaguarda::i18n::tr(
            "cli_import_strict",
            &[("name", &name)],
        ));
        return BAD_INPUT;
    }
    if let Err(c) = write_out(Some(output), text.as_bytes(), Policy::overwrite(overwrite)) {
        return c;
    }
    print_diags(&more);
    if !output::is_stdout(Some(output)) {
        say(&tr(
            "cli_wrote_import",
            &[
                ("file", &out_name),
                ("n", &file_answers.answers.len()),
                ("id", &c.header.id),
                ("version", &file_answers.assessment.checklist_version),
            ],
        ));
    }
    OK
}
