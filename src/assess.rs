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
use crate::model::{AnswersFile, Assessment as Header};
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
    (header_is_valid(&answers.assessment)
        && validate::answers_meaning(&answers, checklist).is_empty())
    .then_some(answers)
}

/// Whether a header that serde accepted meets the rest of `schemas/answers.schema.json`. Serde's
/// types check structure, types, required and unknown keys; beyond them the schema has only the
/// patterns of `checklist_version` and `date`, checked here by hand rather than by compiling the
/// schema on every run. A test proves this agrees with the schema on any header, and fails if
/// the schema gains a rule that serde does not check.
fn header_is_valid(h: &Header) -> bool {
    fn digits(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
    }
    // ^[0-9]+\.[0-9]+\.[0-9]+$
    let mut parts = h.checklist_version.split('.');
    let version = parts.next().is_some_and(digits)
        && parts.next().is_some_and(digits)
        && parts.next().is_some_and(digits)
        && parts.next().is_none();
    // ^[0-9]{4}-[0-9]{2}-[0-9]{2}$
    let date = h.date.as_deref().is_none_or(|d| {
        let b = d.as_bytes();
        b.len() == 10
            && b.iter().enumerate().all(|(i, &c)| {
                if i == 4 || i == 7 {
                    c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    });
    version && date
}

/// Parses an answers file, finds its checklist (`checklist` overrides the id the file names,
/// and `preloaded` is tried before the catalog), and validates the answers against it.
pub fn load(
    file: SourceFile,
    catalog: &Catalog,
    checklist: Option<&str>,
    preloaded: &[Arc<Checklist>],
) -> (Option<Assessment>, Diagnostics) {
    load_with(file, catalog, checklist, preloaded, None)
}

/// [`load`] for output in one language (a report other than JSON): `lang`, else the answers
/// file's own `language`. A clean file's embedded checklist is then read with its texts in
/// that language only ([`Catalog::load_in`]): every text of the report reads the same, for
/// half the work. A file with a problem goes the full way, with the whole checklist. Without
/// `wording`, the wording that only `scan` and the brief look for is left out too (see
/// [`Catalog::load_in`]).
pub fn load_in(
    file: SourceFile,
    catalog: &Catalog,
    checklist: Option<&str>,
    lang: Option<&str>,
    wording: bool,
) -> (Option<Assessment>, Diagnostics) {
    load_with(file, catalog, checklist, &[], Some((lang, wording)))
}

fn load_with(
    file: SourceFile,
    catalog: &Catalog,
    checklist: Option<&str>,
    preloaded: &[Arc<Checklist>],
    one_language: Option<(Option<&str>, bool)>,
) -> (Option<Assessment>, Diagnostics) {
    match fast_path(&file.text, catalog, checklist, preloaded, one_language) {
        Ok((checklist, answers)) => (
            Some(Assessment {
                checklist,
                answers,
                sha256: validate::sha256(&file.text),
                name: file.name,
            }),
            Diagnostics::new(),
        ),
        Err(found) => full(file, catalog, checklist, preloaded, found),
    }
}

/// [`load`] the full way only (spanned parse, JSON Schema, meaning checks), whatever the file:
/// what the fast path is tested against.
pub fn load_checked(
    file: SourceFile,
    catalog: &Catalog,
    checklist: Option<&str>,
    preloaded: &[Arc<Checklist>],
) -> (Option<Assessment>, Diagnostics) {
    full(file, catalog, checklist, preloaded, None)
}

/// The full path, with the checklist the fast path already found, if any.
fn full(
    file: SourceFile,
    catalog: &Catalog,
    checklist: Option<&str>,
    preloaded: &[Arc<Checklist>],
    loaded: Option<Found>,
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
                            crate::i18n::tr("diag_missing_assessment", &[]),
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
///
/// With `one_language` (see [`load_in`]), the checklist is read in that language, or in the
/// answers file's; the full path then loads it whole again.
fn fast_path(
    text: &str,
    catalog: &Catalog,
    checklist: Option<&str>,
    preloaded: &[Arc<Checklist>],
    one_language: Option<(Option<&str>, bool)>,
) -> Result<(Arc<Checklist>, AnswersFile), Option<Found>> {
    // The checklist id is needed before the whole parse: read it from the parsed file.
    let answers = toml::from_str::<AnswersFile>(text).map_err(|_| None)?;
    let id = checklist
        .unwrap_or(&answers.assessment.checklist)
        .to_string();
    let lang = one_language
        .and_then(|(l, _)| l.or(answers.assessment.language.as_deref()))
        .map(str::to_string);
    let lang = lang.as_deref();
    let wording = one_language.is_none_or(|(_, w)| w);
    let cl = match preloaded.iter().find(|c| c.header.id == id) {
        Some(c) => Arc::clone(c),
        None => Arc::new(catalog.load_in(&id, lang, wording).0.ok_or(None)?),
    };
    match clean(answers, &cl) {
        Some(a) => Ok((cl, a)),
        None if lang.is_some() => Err(None),
        None => Err(Some((id, cl))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    #[test]
    fn a_file_with_a_problem_is_checked_against_the_whole_checklist() {
        let text = crate::catalog::example("mixed.toml").unwrap().replace(
            "checklist_version = \"2.0.0\"",
            "checklist_version = \"2.0\"",
        );
        let catalog = Catalog::default();
        assert!(matches!(
            fast_path(&text, &catalog, None, &[], Some((Some("pt"), false))),
            Err(None)
        ));
        let (a, d) = load_in(
            SourceFile::new("m.toml", &text),
            &catalog,
            None,
            Some("pt"),
            false,
        );
        let (b, e) = load(SourceFile::new("m.toml", &text), &catalog, None, &[]);
        assert_eq!(d.render(), e.render());
        assert_eq!(a.is_some(), b.is_some());
    }

    fn header(version: &str, date: Option<&str>) -> Header {
        serde_json::from_value(json!({
            "checklist": "x",
            "checklist_version": version,
            "jurisdiction": "j",
            "instrument": "i",
            "date": date,
        }))
        .unwrap()
    }

    fn schema_says(h: &Header) -> bool {
        crate::schema::is_valid(crate::schema::Kind::Answers, &json!({ "assessment": h }))
    }

    #[test]
    fn the_header_check_agrees_with_the_schema_on_chosen_headers() {
        for (version, date, valid) in [
            ("1.0.0", Some("2025-10-14"), true),
            ("10.20.300", None, true),
            ("1.0", None, false),
            ("1.0.0.0", None, false),
            ("1..0", None, false),
            ("v1.0.0", None, false),
            ("1.0.0\n", None, false),
            ("١.٠.٠", None, false),
            ("1.0.0", Some("2025-1-14"), false),
            ("1.0.0", Some("2025/10/14"), false),
            ("1.0.0", Some("2025-10-14T00:00"), false),
            ("1.0.0", Some(""), false),
        ] {
            let h = header(version, date);
            assert_eq!(header_is_valid(&h), valid, "{version:?} {date:?}");
            assert_eq!(schema_says(&h), valid, "schema: {version:?} {date:?}");
        }
    }

    #[test]
    fn a_clean_file_takes_the_fast_path_without_a_preloaded_checklist() {
        for name in ["mixed.toml", "strong.toml", "red-lines.toml"] {
            let text = crate::catalog::example(name).unwrap();
            let fast = fast_path(text, &Catalog::default(), None, &[], None);
            assert!(fast.is_ok(), "{name}");
        }
        // A file with a problem goes the full way, with the checklist already found.
        let text: String = crate::catalog::example("mixed.toml")
            .unwrap()
            .lines()
            .map(|l| {
                if l.starts_with("checklist_version") {
                    "checklist_version = \"2.0\"\n".to_string()
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        match fast_path(&text, &Catalog::default(), None, &[], None) {
            Err(Some((id, c))) => assert_eq!(
                (id.as_str(), c.header.id.as_str()),
                ("uncc-safeguards", "uncc-safeguards")
            ),
            _ => panic!("a bad version takes the full path"),
        }
        let (a, d) = load(
            SourceFile::new("x.toml", text),
            &Catalog::default(),
            None,
            &[],
        );
        assert!(a.is_none());
        assert!(d.render().contains("checklist_version"), "{}", d.render());
    }

    proptest! {
        #[test]
        fn the_header_check_agrees_with_the_schema(
            version in "[0-9.a\n-]{0,8}",
            date in proptest::option::of("[0-9-/ T]{0,12}|[0-9]{4}-[0-9]{2}-[0-9]{2}"),
        ) {
            let h = header(&version, date.as_deref());
            prop_assert_eq!(header_is_valid(&h), schema_says(&h));
        }
    }

    /// Every rule of the answers schema that serde's types do not enforce, by JSON pointer.
    fn rules_beyond_serde(v: &Value, at: &str, out: &mut Vec<String>) {
        // Structure, types, required and unknown keys, and the allowed answers (an enum) are
        // serde's; anything else constrains values, and the fast path must check it.
        const SERDE: [&str; 12] = [
            "$id",
            "$schema",
            "$ref",
            "$defs",
            "title",
            "description",
            "type",
            "properties",
            "additionalProperties",
            "items",
            "required",
            "default",
        ];
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let p = format!("{at}/{k}");
                    let serdes =
                        SERDE.contains(&k.as_str()) || k == "enum" && at.ends_with("AnswerValue");
                    if !serdes {
                        out.push(format!("{p} = {x}"));
                    } else if matches!(k.as_str(), "properties" | "$defs") {
                        for (name, sub) in x.as_object().into_iter().flatten() {
                            rules_beyond_serde(sub, &format!("{p}/{name}"), out);
                        }
                    } else {
                        rules_beyond_serde(x, &p, out);
                    }
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    rules_beyond_serde(x, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn the_schema_has_no_rule_the_header_check_misses() {
        let schema: Value = serde_json::from_str(crate::schema::Kind::Answers.text()).unwrap();
        let mut rules = Vec::new();
        rules_beyond_serde(&schema, "", &mut rules);
        assert_eq!(
            rules,
            [
                r#"/$defs/Assessment/properties/checklist_version/pattern = "^[0-9]+\\.[0-9]+\\.[0-9]+$""#,
                r#"/$defs/Assessment/properties/date/pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$""#,
            ],
            "a new rule in schemas/answers.schema.json: check it in `header_is_valid` too"
        );
    }
}
