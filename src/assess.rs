//! Loading an answers file together with the checklist it answers: the step every command that
//! scores (report, demo, lint) shares.

use crate::catalog::Catalog;
use crate::checklist::Checklist;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::{self, Parsed};
use crate::model::AnswersFile;
use crate::source::SourceFile;
use crate::validate;

/// An answers file that passed validation, with its checklist.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub checklist: Checklist,
    pub answers: AnswersFile,
    /// SHA-256 of the answers file's text.
    pub sha256: String,
    /// The file's display name.
    pub name: String,
}

/// Parses an answers file, finds its checklist (`checklist` overrides the id the file names,
/// and `preloaded` is tried before the catalog), and validates the answers against it.
pub fn load(
    file: SourceFile,
    catalog: &Catalog,
    checklist: Option<&str>,
    preloaded: &[Checklist],
) -> (Option<Assessment>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let sha256 = validate::sha256(&file.text);
    let name = file.name.clone();
    let parsed: Parsed = match load::parse(file) {
        Ok(p) => p,
        Err(errs) => {
            diags.extend(errs);
            return (None, diags);
        }
    };
    let id = match checklist {
        Some(c) => c.to_string(),
        None => match parsed
            .json
            .pointer("/assessment/checklist")
            .and_then(|v| v.as_str())
        {
            Some(id) => id.to_string(),
            None => {
                // Let the schema say what is missing or wrong.
                let errs = crate::schema::validate(crate::schema::Kind::Answers, &parsed);
                if errs.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            Code::MissingKey,
                            "missing `[assessment]` with `checklist`",
                        )
                        .in_file(&name),
                    );
                } else {
                    diags.extend(errs);
                }
                return (None, diags);
            }
        },
    };
    let found = preloaded.iter().find(|c| c.header.id == id).cloned();
    let cl = match found {
        Some(c) => c,
        None => {
            let (c, more) = catalog.load(&id);
            match c {
                Some(c) => c,
                None => {
                    let located: Vec<Diagnostic> = more
                        .iter()
                        .map(|d| {
                            if d.code == Code::ChecklistNotFound && d.location.is_none() {
                                parsed.at_value(d.clone(), "/assessment/checklist")
                            } else {
                                d.clone()
                            }
                        })
                        .collect();
                    diags.extend(located);
                    return (None, diags);
                }
            }
        }
    };
    let (answers, more) = validate::answers(&parsed, &cl);
    diags.extend(more.iter().cloned());
    match answers {
        Some(answers) if !diags.has_errors() => (
            Some(Assessment {
                checklist: cl,
                answers,
                sha256,
                name,
            }),
            diags,
        ),
        _ => (None, diags),
    }
}
