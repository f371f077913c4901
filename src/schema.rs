//! JSON Schema validation of input files, before any other check, so that one run reports
//! every structural problem of a file with its position.
//!
//! Owns: the schemas in `schemas/` (embedded), the generation of the input schemas from the
//! Rust types (each output schema is generated beside its type; the committed files must equal
//! what the types generate, which a test in `lib.rs` guards), and the translation of
//! `jsonschema` errors into [`Diagnostic`]s with stable codes and positions.

use std::sync::OnceLock;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::diag::{Code, Diagnostic};
use crate::i18n::tr;
use crate::load::{Parsed, escape_segment};

/// Which schema a file is validated against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One file of a checklist.
    Checklist,
    /// An answers file.
    Answers,
    /// The JSON result of `report --format json`.
    Result,
    /// The JSON output of `compare --format json`.
    Compare,
    /// The JSON output of `diff --format json`.
    Diff,
    /// The JSON output of `plan --format json`.
    Plan,
    /// The JSON result of `scan --format json`.
    Scan,
}

impl Kind {
    /// Every schema, with its file name under `schemas/`.
    pub const ALL: [(Kind, &'static str); 7] = [
        (Kind::Checklist, "checklist.schema.json"),
        (Kind::Answers, "answers.schema.json"),
        (Kind::Result, "result.schema.json"),
        (Kind::Compare, "compare.schema.json"),
        (Kind::Diff, "diff.schema.json"),
        (Kind::Plan, "plan.schema.json"),
        (Kind::Scan, "scan.schema.json"),
    ];

    /// The committed schema text.
    pub fn text(self) -> &'static str {
        match self {
            Kind::Checklist => include_str!("../schemas/checklist.schema.json"),
            Kind::Answers => include_str!("../schemas/answers.schema.json"),
            Kind::Result => include_str!("../schemas/result.schema.json"),
            Kind::Compare => include_str!("../schemas/compare.schema.json"),
            Kind::Diff => include_str!("../schemas/diff.schema.json"),
            Kind::Plan => include_str!("../schemas/plan.schema.json"),
            Kind::Scan => include_str!("../schemas/scan.schema.json"),
        }
    }

    fn json(self) -> &'static Value {
        static CELLS: [OnceLock<Value>; Kind::ALL.len()] = [const { OnceLock::new() }; 7];
        CELLS[self as usize].get_or_init(|| {
            serde_json::from_str(self.text()).expect("embedded schema is valid JSON")
        })
    }

    fn validator(self) -> &'static Validator {
        static CELLS: [OnceLock<Validator>; Kind::ALL.len()] = [const { OnceLock::new() }; 7];
        CELLS[self as usize].get_or_init(|| {
            jsonschema::options()
                .should_validate_formats(true)
                .build(self.json())
                .expect("embedded schema compiles")
        })
    }
}

/// The schema of one checklist file, generated from [`crate::model::ChecklistFile`].
pub fn checklist_schema() -> String {
    document(
        Kind::Checklist,
        schemars::schema_for!(crate::model::ChecklistFile),
    )
}

/// The schema of an answers file, generated from [`crate::model::AnswersFile`].
pub fn answers_schema() -> String {
    document(
        Kind::Answers,
        schemars::schema_for!(crate::model::AnswersFile),
    )
}

/// A generated schema as committed under `schemas/`: with the `$id` of its file, pretty-printed
/// with a trailing newline. The input schemas are generated here; each output schema beside its
/// type (`result::schema`, `compare::schema`, `diff::schema`, `plan::schema`,
/// `scan::result::schema`), so that input validation does not depend on the outputs.
pub fn document(kind: Kind, mut schema: schemars::Schema) -> String {
    let id = Kind::ALL
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, n)| *n)
        .unwrap_or_default();
    schema.insert(
        "$id".into(),
        Value::String(format!("https://salvaguarda.invalid/schemas/{id}")),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}

/// Whether a JSON value is valid against a schema (used by tests, and by the fast path of
/// [`crate::assess::load`] on an answers file's header).
pub fn is_valid(kind: Kind, value: &Value) -> bool {
    kind.validator().is_valid(value)
}

/// Validates a parsed file, returning one diagnostic per problem, in document order.
pub fn validate(kind: Kind, parsed: &Parsed) -> Vec<Diagnostic> {
    let root = kind.json();
    let mut out: Vec<(Option<usize>, Diagnostic)> = Vec::new();
    for err in kind.validator().iter_errors(&parsed.json) {
        let pointer = err.instance_path().to_string();
        let d = match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    let p = format!("{pointer}/{}", escape_segment(key));
                    let allowed = allowed_keys(root, &err.schema_path().to_string());
                    let mut d = Diagnostic::error(
                        Code::UnknownKey,
                        tr("diag_unknown_key", &[("key", key)]),
                    );
                    if !allowed.is_empty() {
                        d.message.push_str(&tr(
                            "diag_expected_one_of",
                            &[("list", &allowed.join(", "))],
                        ));
                    }
                    let d = parsed.at_key(d, &p);
                    out.push((d.location.as_ref().and_then(|l| l.line), d));
                }
                continue;
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let place = if pointer.is_empty() {
                    tr("diag_the_file", &[])
                } else {
                    format!("`{}`", pretty_pointer(&pointer))
                };
                parsed.at_value(
                    Diagnostic::error(
                        Code::MissingKey,
                        tr("diag_missing_key", &[("name", &name), ("place", &place)]),
                    ),
                    &pointer,
                )
            }
            ValidationErrorKind::Enum { options } => {
                let opts: Vec<String> = options
                    .as_array()
                    .map(|a| a.iter().map(show_value).collect())
                    .unwrap_or_default();
                parsed.at_value(
                    Diagnostic::error(
                        Code::InvalidValue,
                        tr(
                            "diag_not_allowed_one_of",
                            &[
                                ("value", &show_value(err.instance())),
                                ("options", &opts.join(", ")),
                            ],
                        ),
                    ),
                    &pointer,
                )
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => describe_type(&t.to_string()),
                    TypeKind::Multiple(ts) => ts
                        .iter()
                        .map(|t| t.to_string())
                        .filter(|t| t != "null")
                        .map(|t| describe_type(&t))
                        .collect::<Vec<_>>()
                        .join(&tr("diag_type_or", &[])),
                };
                parsed.at_value(
                    Diagnostic::error(
                        Code::WrongType,
                        tr(
                            "diag_wrong_type",
                            &[
                                ("expected", &expected),
                                ("found", &describe_instance(err.instance())),
                            ],
                        ),
                    ),
                    &pointer,
                )
            }
            ValidationErrorKind::Pattern { pattern } => parsed.at_value(
                Diagnostic::error(
                    Code::InvalidValue,
                    tr(
                        "diag_pattern",
                        &[
                            ("value", &show_value(err.instance())),
                            ("pattern", &pattern),
                        ],
                    ),
                )
                .with_help(pattern_help(pattern)),
                &pointer,
            ),
            ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => parsed
                .at_value(
                    Diagnostic::error(
                        Code::InvalidValue,
                        tr(
                            "diag_not_allowed",
                            &[("value", &show_value(err.instance()))],
                        ),
                    )
                    .with_help(one_of_help(root, &err.schema_path().to_string())),
                    &pointer,
                ),
            ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
                let key = if matches!(err.kind(), ValidationErrorKind::Minimum { .. }) {
                    "diag_schema_minimum"
                } else {
                    "diag_schema_maximum"
                };
                parsed.at_value(
                    Diagnostic::error(
                        Code::SchemaViolation,
                        tr(key, &[("value", err.instance()), ("limit", limit)]),
                    ),
                    &pointer,
                )
            }
            ValidationErrorKind::MinItems { limit } => parsed.at_value(
                Diagnostic::error(
                    Code::SchemaViolation,
                    tr(
                        if *limit == 1 {
                            "diag_schema_min_items_one"
                        } else {
                            "diag_schema_min_items_other"
                        },
                        &[("value", err.instance()), ("limit", limit)],
                    ),
                ),
                &pointer,
            ),
            _ => parsed.at_value(
                Diagnostic::error(Code::SchemaViolation, err.to_string()),
                &pointer,
            ),
        };
        out.push((d.location.as_ref().and_then(|l| l.line), d));
    }
    out.sort_by_key(|(line, _)| *line);
    out.into_iter().map(|(_, d)| d).collect()
}

fn pretty_pointer(p: &str) -> String {
    p.trim_start_matches('/').replace('/', ".")
}

fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

fn describe_type(t: &str) -> String {
    match t {
        "object" => tr("diag_type_table", &[]),
        "array" => tr("diag_type_array", &[]),
        "string" => tr("diag_type_string", &[]),
        "number" => tr("diag_type_number", &[]),
        "integer" => tr("diag_type_integer", &[]),
        "boolean" => tr("diag_type_boolean", &[]),
        "null" => tr("diag_type_null", &[]),
        other => other.into(),
    }
}

fn describe_instance(v: &Value) -> String {
    match v {
        Value::Object(_) => tr("diag_type_table", &[]),
        Value::Array(_) => tr("diag_type_array", &[]),
        Value::String(s) => tr("diag_found_text", &[("value", &format!("\"{s}\""))]),
        Value::Number(n) => tr("diag_found_number", &[("value", n)]),
        Value::Bool(b) => format!("{b}"),
        Value::Null => tr("diag_type_null", &[]),
    }
}

fn pattern_help(pattern: &str) -> String {
    if pattern.contains("[a-z0-9]+(-[a-z0-9]+)*") {
        tr("diag_pattern_id_help", &[])
    } else if pattern.contains(r"\.[0-9]+\.") {
        tr("diag_pattern_version_help", &[])
    } else if pattern.contains("[0-9]{4}") {
        tr("diag_pattern_date_help", &[])
    } else {
        tr("diag_pattern_help", &[("pattern", &pattern)])
    }
}

/// Walks a schema path (a JSON pointer into the schema that may pass through `$ref`).
fn resolve<'a>(root: &'a Value, schema_path: &str) -> Option<&'a Value> {
    let mut node = root;
    for seg in schema_path.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        node = if seg == "$ref" {
            let target = node.get("$ref")?.as_str()?;
            root.pointer(target.strip_prefix('#')?)?
        } else {
            match node {
                Value::Object(m) => m.get(&seg)?,
                Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            }
        };
    }
    // A trailing $ref without its own segment.
    while let Some(target) = node.get("$ref").and_then(Value::as_str) {
        node = root.pointer(target.strip_prefix('#')?)?;
    }
    Some(node)
}

fn allowed_keys(root: &Value, schema_path: &str) -> Vec<String> {
    let parent = schema_path.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
    resolve(root, parent)
        .and_then(|n| n.get("properties"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn one_of_help(root: &Value, schema_path: &str) -> String {
    let Some(node) = resolve(root, schema_path) else {
        return tr("diag_see_docs_help", &[]);
    };
    let variants = node.as_array().cloned().unwrap_or_default();
    let mut forms = Vec::new();
    for v in variants {
        let v = match v.get("$ref").and_then(Value::as_str) {
            Some(r) => root
                .pointer(r.trim_start_matches('#'))
                .cloned()
                .unwrap_or(v),
            None => v,
        };
        if let Some(e) = v.get("enum").and_then(Value::as_array) {
            forms.push(tr(
                "diag_one_of_values",
                &[(
                    "values",
                    &e.iter().map(show_value).collect::<Vec<_>>().join(", "),
                )],
            ));
        } else if let Some(t) = v.get("type").and_then(Value::as_str) {
            forms.push(describe_type(t));
        }
    }
    if forms.is_empty() {
        tr("diag_see_docs_help", &[])
    } else {
        tr(
            "diag_one_of_help",
            &[("forms", &forms.join(&tr("diag_one_of_or", &[])))],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_valid_draft_2020_12() {
        for (kind, _) in Kind::ALL {
            assert!(jsonschema::meta::is_valid(kind.json()));
        }
    }
}
