//! Reading TOML: syntax errors with positions, conversion to JSON for schema validation, and an
//! index from JSON pointers back to byte spans.
//!
//! Owns: the parse of one file. The JSON value is what the schema stage validates and what
//! serde deserializes into [`crate::model`] types; the [`SpanIndex`] lets any later stage point
//! a diagnostic at `file:line:col` given the JSON pointer of the offending value.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{Map, Number, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;

/// Byte spans of every key and value of a TOML document, by JSON pointer.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    values: HashMap<String, Range<usize>>,
    keys: HashMap<String, Range<usize>>,
}

impl SpanIndex {
    /// The span of the value at `pointer`, or of its nearest ancestor that has one.
    pub fn value(&self, pointer: &str) -> Option<Range<usize>> {
        let mut p = pointer;
        loop {
            if let Some(r) = self.values.get(p) {
                return Some(r.clone());
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// The span of the key that introduces `pointer` (falls back to the value).
    pub fn key(&self, pointer: &str) -> Option<Range<usize>> {
        self.keys
            .get(pointer)
            .cloned()
            .or_else(|| self.value(pointer))
    }
}

/// A parsed TOML file.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub file: SourceFile,
    pub json: Value,
    pub spans: SpanIndex,
}

impl Parsed {
    /// A diagnostic pointing at the value at `pointer`.
    pub fn at_value(&self, d: Diagnostic, pointer: &str) -> Diagnostic {
        d.at(&self.file, self.spans.value(pointer), Some(pointer))
    }

    /// A diagnostic pointing at the key of `pointer`.
    pub fn at_key(&self, d: Diagnostic, pointer: &str) -> Diagnostic {
        d.at(&self.file, self.spans.key(pointer), Some(pointer))
    }
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn escape_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The parser's descriptions of a TOML syntax error that the message table translates.
const SYNTAX_WORDS: &[(&str, &str)] = &[
    ("invalid basic string", "diag_toml_invalid_basic_string"),
    (
        "invalid multi-line basic string",
        "diag_toml_invalid_multiline_string",
    ),
    ("string values must be quoted", "diag_toml_unquoted_string"),
    ("unclosed table", "diag_toml_unclosed_table"),
    ("unclosed array table", "diag_toml_unclosed_array_table"),
    ("unclosed array", "diag_toml_unclosed_array"),
    ("unclosed inline table", "diag_toml_unclosed_inline_table"),
    ("missing value", "diag_toml_missing_value"),
    ("missing value for key", "diag_toml_missing_value_for_key"),
    ("key with no value", "diag_toml_key_with_no_value"),
    (
        "missing assignment between key-value pairs",
        "diag_toml_missing_assignment",
    ),
    (
        "missing comma between array elements",
        "diag_toml_missing_comma_array",
    ),
    (
        "missing comma between key-value pairs",
        "diag_toml_missing_comma_pairs",
    ),
    ("invalid unquoted key", "diag_toml_invalid_unquoted_key"),
    ("unexpected content", "diag_toml_unexpected_content"),
    ("invalid value", "diag_toml_invalid_value"),
    ("duplicate key", "diag_toml_duplicate_key"),
    ("missing opening quote", "diag_toml_missing_opening_quote"),
    (
        "extra assignment between key-value pairs",
        "diag_toml_extra_assignment",
    ),
    ("missing escaped value", "diag_toml_missing_escape"),
    ("`_` may only go between digits", "diag_toml_underscore"),
    ("extra comma in array", "diag_toml_extra_comma_array"),
    (
        "extra comma in inline table",
        "diag_toml_extra_comma_inline",
    ),
    ("invalid key", "diag_toml_invalid_key"),
    ("invalid table", "diag_toml_invalid_table"),
    ("invalid key-value pair", "diag_toml_invalid_pair"),
    (
        "invalid inline table element",
        "diag_toml_invalid_inline_element",
    ),
    (
        "missing key for inline table element",
        "diag_toml_missing_inline_key",
    ),
    (
        "unexpected key or value",
        "diag_toml_unexpected_key_or_value",
    ),
    (
        "unexpected content between comment and newline",
        "diag_toml_after_comment",
    ),
    ("invalid literal string", "diag_toml_invalid_literal_string"),
    (
        "invalid multi-line literal string",
        "diag_toml_invalid_multiline_literal",
    ),
    ("invalid integer number", "diag_toml_invalid_integer"),
    ("invalid float", "diag_toml_invalid_float"),
    ("invalid boolean", "diag_toml_invalid_boolean"),
    ("invalid date-time", "diag_toml_invalid_datetime"),
    ("unexpected leading zero", "diag_toml_leading_zero"),
    ("unquoted keys cannot be empty", "diag_toml_empty_key"),
    ("too few unicode value digits", "diag_toml_unicode_digits"),
];

/// The words of what the parser expects ("letters, numbers, `-`, `_`") that the message table
/// translates; the others (`]`, `=`) read the same in every language.
const EXPECTED_WORDS: &[(&str, &str)] = &[
    ("letters", "diag_toml_exp_letters"),
    ("numbers", "diag_toml_exp_numbers"),
    ("digits", "diag_toml_exp_digits"),
    ("value", "diag_toml_exp_value"),
    ("key", "diag_toml_exp_key"),
    ("newline", "diag_toml_exp_newline"),
    ("literal string", "diag_toml_exp_literal_string"),
    ("hour", "diag_toml_exp_hour"),
    ("nothing", "diag_toml_nothing"),
];

/// A syntax error of the parser in the language of the command: its description ("unclosed
/// table") from the message table when the table has it, and the frame ", expected ...".
/// What it expects (`]`, a literal string) stays as the parser names it.
fn syntax_message(message: &str) -> String {
    if crate::i18n::ui() == "en" {
        return message.to_string();
    }
    let (what, expected) = match message.split_once(", expected ") {
        Some((w, e)) => (w, Some(e)),
        None => (message, None),
    };
    let what = SYNTAX_WORDS
        .iter()
        .find(|(w, _)| *w == what)
        .map(|(_, key)| crate::i18n::tr(key, &[]))
        .unwrap_or_else(|| what.to_string());
    match expected {
        Some(e) => {
            let e = e
                .split(", ")
                .map(|w| {
                    EXPECTED_WORDS
                        .iter()
                        .find(|(x, _)| *x == w)
                        .map_or_else(|| w.to_string(), |(_, key)| crate::i18n::tr(key, &[]))
                })
                .collect::<Vec<_>>()
                .join(", ");
            crate::i18n::tr("diag_toml_expected", &[("what", &what), ("expected", &e)])
        }
        None => what,
    }
}

/// Parses a file. On syntax errors, returns every error the parser recovered from.
pub fn parse(file: SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(&file.text);
    if !errors.is_empty() {
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<Diagnostic> = errors
            .iter()
            .map(|e| {
                let message = e.message().trim_end().to_string();
                let span = e.span().or_else(|| deep_key(&file.text));
                (span, message)
            })
            // The parser repeats an error it cannot place once per table it affects.
            .filter(|(span, message)| seen.insert((span.clone(), message.clone())))
            .map(|(span, message)| {
                let help = message
                    .contains("recursion")
                    .then(|| crate::i18n::tr("diag_toml_too_deep_help", &[]));
                let d = Diagnostic::error(Code::TomlSyntax, syntax_message(&message))
                    .at(&file, span, None);
                match help {
                    Some(h) => d.with_help(h),
                    None => d,
                }
            })
            .collect();
        out.sort_by_key(|d| {
            d.location
                .as_ref()
                .map(|l| (l.line.unwrap_or(0), l.column.unwrap_or(0)))
        });
        return Err(out);
    }
    let mut conv = Conversion::default();
    let span = root.span();
    conv.spans.values.insert(String::new(), span);
    let json = table_to_json(root.get_ref(), "", &mut conv);
    if !conv.problems.is_empty() {
        return Err(conv
            .problems
            .into_iter()
            .map(|(span, message, help)| {
                Diagnostic::error(Code::InvalidValue, message)
                    .at(&file, Some(span.clone()), None)
                    .with_help(help)
            })
            .collect());
    }
    Ok(Parsed {
        file,
        json,
        spans: conv.spans,
    })
}

/// The state of turning a TOML tree into JSON: the spans found, and the values JSON cannot
/// hold (a number that is not finite, an integer beyond 64 bits), by span.
#[derive(Default)]
struct Conversion {
    spans: SpanIndex,
    problems: Vec<(Range<usize>, String, String)>,
}

/// The parser's own nesting limit on dotted keys and table headers (`a.b.c...`).
const KEY_DEPTH_LIMIT: usize = 80;

/// The span of the first key or table header nested as deep as the parser refuses, to place
/// its "recursion limit" error (which comes without a position).
fn deep_key(text: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let key = if let Some(rest) = trimmed.strip_prefix('[') {
            rest.trim_start_matches('[').split(']').next().unwrap_or("")
        } else {
            trimmed.split('=').next().unwrap_or("")
        };
        // Dots outside quotes separate the parts of a key.
        let mut dots = 0;
        let mut quote = None;
        for c in key.chars() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '.') => dots += 1,
                _ => {}
            }
        }
        if dots >= KEY_DEPTH_LIMIT {
            let start = offset + lead + usize::from(trimmed.starts_with('['));
            return Some(start..start + key.trim_end().len().max(1));
        }
        offset += line.len();
    }
    None
}

fn table_to_json(t: &DeTable<'_>, pointer: &str, conv: &mut Conversion) -> Value {
    let mut map = Map::new();
    for (k, v) in t.iter() {
        let p = format!("{pointer}/{}", escape_segment(k.get_ref()));
        conv.spans.keys.insert(p.clone(), k.span());
        map.insert(k.get_ref().to_string(), value_to_json(v, &p, conv));
    }
    Value::Object(map)
}

fn value_to_json(v: &Spanned<DeValue<'_>>, pointer: &str, conv: &mut Conversion) -> Value {
    conv.spans.values.insert(pointer.to_string(), v.span());
    match v.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match i64::from_str_radix(&digits, i.radix()) {
                Ok(n) => Value::Number(n.into()),
                Err(_) => {
                    conv.problems.push((
                        v.span(),
                        crate::i18n::tr(
                            "diag_integer_range",
                            &[("value", &i), ("min", &i64::MIN), ("max", &i64::MAX)],
                        ),
                        crate::i18n::tr("diag_quote_text_help", &[]),
                    ));
                    Value::Null
                }
            }
        }
        DeValue::Float(f) => {
            match f
                .as_str()
                .replace('_', "")
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
            {
                Some(n) => Value::Number(n),
                None => {
                    conv.problems.push((
                        v.span(),
                        crate::i18n::tr("diag_not_finite", &[("value", &f)]),
                        crate::i18n::tr("diag_quote_text_help", &[]),
                    ));
                    Value::Null
                }
            }
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, e)| value_to_json(e, &format!("{pointer}/{i}"), conv))
                .collect(),
        ),
        DeValue::Table(t) => table_to_json(t, pointer, conv),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_values_and_indexes_spans() {
        let text = "[answers.x]\nanswer = \"yes\"\nw = 0x10\nf = 1_000.5\nd = 2025-10-01\n\n[[items]]\nid = \"a\"\n";
        let p = parse(SourceFile::new("t.toml", text)).unwrap();
        assert_eq!(p.json["answers"]["x"]["answer"], "yes");
        assert_eq!(p.json["answers"]["x"]["w"], 16);
        assert_eq!(p.json["answers"]["x"]["f"], 1000.5);
        assert_eq!(p.json["answers"]["x"]["d"], "2025-10-01");
        let span = p.spans.value("/answers/x/answer").unwrap();
        assert_eq!(&text[span], "\"yes\"");
        let key = p.spans.key("/answers/x/answer").unwrap();
        assert_eq!(&text[key], "answer");
        let id = p.spans.value("/items/0/id").unwrap();
        assert_eq!(&text[id], "\"a\"");
        // Unknown pointers fall back to the nearest ancestor.
        assert_eq!(p.spans.value("/items/0/nope"), p.spans.value("/items/0"));
    }

    #[test]
    fn reports_every_syntax_error_with_a_position() {
        let text = "a = \nb = \"x\"\nc = [1,\n";
        let errs = parse(SourceFile::new("bad.toml", text)).unwrap_err();
        assert!(!errs.is_empty());
        let loc = errs[0].location.as_ref().unwrap();
        assert_eq!(loc.file, "bad.toml");
        assert_eq!(loc.line, Some(1));
    }
}
