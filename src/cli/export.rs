//! `export`: a questionnaire to fill in a spreadsheet (xlsx or csv), optionally pre-filled.

use salvaguarda::i18n::tr;
use std::path::Path;

use salvaguarda::assess;
use salvaguarda::catalog::Catalog;
use salvaguarda::input::{self, Kind};
use salvaguarda::output::{self, Policy};
use salvaguarda::questionnaire::{self, SheetFormat};

use super::{BAD_INPUT, OK, fail, fail_with, print_diags, say, write_out};

pub fn export(
    catalog: &Catalog,
    name: &str,
    format: SheetFormat,
    lang: Option<&str>,
    answers: Option<&Path>,
    output: Option<&Path>,
    overwrite: bool,
) -> u8 {
    let (c, diags) = catalog.load(name);
    let Some(c) = c else {
        print_diags(&diags);
        return BAD_INPUT;
    };
    // Shared with the answers file loaded against it.
    let c = std::sync::Arc::new(c);
    let prefill = match answers {
        Some(path) => {
            let file = match input::read_source(path, Kind::Answers) {
                Ok(f) => f,
                Err(d) => return fail_with(d),
            };
            let (a, diags) =
                assess::load(file, catalog, Some(&c.header.id), std::slice::from_ref(&c));
            match a.filter(|_| !diags.has_errors()) {
                Some(a) => Some(a.answers),
                None => {
                    print_diags(&diags);
                    return BAD_INPUT;
                }
            }
        }
        None => None,
    };
    let lang = match lang {
        Some(l) if !c.header.languages.iter().any(|x| x == l) => {
            return fail(&tr(
                "cli_lang_not_in_checklist",
                &[
                    ("lang", &l),
                    ("id", &c.header.id),
                    ("languages", &c.header.languages.join(", ")),
                ],
            ));
        }
        Some(l) => l.to_string(),
        None => prefill
            .as_ref()
            .and_then(|a| a.assessment.language.clone())
            .filter(|l| c.header.languages.contains(l))
            .unwrap_or_else(|| c.default_language().to_string()),
    };
    let q = questionnaire::build(&c, &lang, prefill.as_ref());
    let bytes = match format {
        SheetFormat::Csv => questionnaire::csv::write(&q),
        SheetFormat::Xlsx => {
            if output.is_none() {
                return fail(&tr("cli_export_xlsx_needs_o", &[]));
            }
            #[cfg(feature = "xlsx")]
            match questionnaire::xlsx::write(&q) {
                Ok(b) => b,
                Err(e) => return fail(&e),
            }
            #[cfg(not(feature = "xlsx"))]
            return fail(&tr("cli_no_xlsx_export", &[]));
        }
    };
    match write_out(output, &bytes, Policy::overwrite(overwrite)) {
        Ok(()) => {
            if let Some(p) = output.filter(|_| !output::is_stdout(output)) {
                say(&tr("cli_wrote_export", &[("file", &p.display())]));
            }
            OK
        }
        Err(c) => c,
    }
}
