//! Loading an answers file together with the checklist it answers: the step every command that
//! scores (report, demo, lint, compare, diff, plan) shares.
//!
//! Two paths give the same result. The fast path deserializes the file straight into the typed
//! model with the TOML parser, checks the few schema rules serde does not (the header's
//! patterns) and the meaning checks of [`validate::answers_meaning`]; it is taken only for a
//! clean file (no error, no warning) whose checklist is found (an embedded checklist is itself
//! ready without parsing, see [`Catalog::load`]). Anything else goes the full way (spanned
//! parse, JSON Schema, meaning checks), which positions every diagnostic at `file:line:col`. A test proves both paths accept the same files with the same answers.

use std::sync::Arc;

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
    /// Shared: many assessments of one run answer the same checklist.
    pub checklist: Arc<Checklist>,
    pub answers: AnswersFile,
    /// SHA-256 of the answers file's text.
    pub sha256: String,
    /// The file's display name.
    pub name: String,
}

/// The typed answers of a file that is clean against `checklist`: it parses straight into the
/// model, its header matches the schema's patterns, and the meaning checks find nothing (not
/// even a warning). `None` means "take the full path", not "invalid".
pub fn quick(text: &str, checklist: &Checklist) -> Option<AnswersFile> {
    clean(toml::from_str(text).ok()?, checklist)
}

fn clean(answers: AnswersFile, checklist: &Checklist) -> Option<AnswersFile> {
    // Serde's types check structure, types, required and unknown keys; the schema adds patterns
    // on the header only (see schemas/answers.schema.json), so validate just the header.
    let header = serde_json::json!({ "assessment": &answers.assessment });
    if !crate::schema::is_valid(crate::schema::Kind::Answers, &header) {
        return None;
    }
    validate::answers_meaning(&answers, checklist)
        .is_empty()
        .then_some(answers)
}

/// Parses an answers file, finds its checklist (`checklist` overrides the id the file names,
/// and `preloaded` is tried before the catalog), and validates the answers against it.
pub fn load(
    file: SourceFile,
    catalog: &Catalog,
    checklist: Option<&str>,
    preloaded: &[Arc<Checklist>],
) -> (Option<Assessment>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let sha256 = validate::sha256(&file.text);
    let name = file.name.clone();
    let loaded = match fast_path(&file.text, catalog, checklist, preloaded) {
        Ok((checklist, answers)) => {
            return (
                Some(Assessment {
                    checklist,
                    answers,
                    sha256,
                    name,
                }),
                diags,
            );
        }
        Err(loaded) => loaded,
    };
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
    let found = loaded
        .filter(|(named, _)| *named == id)
        .map(|(_, c)| c)
        .or_else(|| preloaded.iter().find(|c| c.header.id == id).cloned());
    let cl = match found {
        Some(c) => c,
        None => {
            let (c, more) = catalog.load(&id);
            match c {
                Some(c) => Arc::new(c),
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

/// A checklist found by a name (an id, or a folder given with `--checklist`).
type Found = (String, Arc<Checklist>);

/// The fast path: the file parsed straight into the model and its checklist found (`preloaded`
/// first, then the catalog); the answers are returned when they are clean. Otherwise returns
/// the checklist if it was found, with the name it was found by, so that the full path need not
/// load it again.
fn fast_path(
    text: &str,
    catalog: &Catalog,
    checklist: Option<&str>,
    preloaded: &[Arc<Checklist>],
) -> Result<(Arc<Checklist>, AnswersFile), Option<Found>> {
    // The checklist id is needed before the whole parse: read it from the parsed file.
    let answers = toml::from_str::<AnswersFile>(text).map_err(|_| None)?;
    let id = checklist
        .unwrap_or(&answers.assessment.checklist)
        .to_string();
    let cl = match preloaded.iter().find(|c| c.header.id == id) {
        Some(c) => Arc::clone(c),
        None => Arc::new(catalog.load(&id).0.ok_or(None)?),
    };
    match clean(answers, &cl) {
        Some(a) => Ok((cl, a)),
        None => Err(Some((id, cl))),
    }
}
