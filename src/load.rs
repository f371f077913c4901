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

/// Parses a file. On syntax errors, returns every error the parser recovered from.
pub fn parse(file: SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(&file.text);
    if !errors.is_empty() {
        let mut errors = errors;
        errors.sort_by_key(|e| e.span().map(|s| s.start));
        return Err(errors
            .iter()
            .map(|e| {
                Diagnostic::error(Code::TomlSyntax, e.message().trim_end().to_string()).at(
                    &file,
                    e.span(),
                    None,
                )
            })
            .collect());
    }
    let mut spans = SpanIndex::default();
    let span = root.span();
    spans.values.insert(String::new(), span);
    let json = table_to_json(root.get_ref(), "", &mut spans);
    Ok(Parsed { file, json, spans })
}

fn table_to_json(t: &DeTable<'_>, pointer: &str, spans: &mut SpanIndex) -> Value {
    let mut map = Map::new();
    for (k, v) in t.iter() {
        let p = format!("{pointer}/{}", escape_segment(k.get_ref()));
        spans.keys.insert(p.clone(), k.span());
        map.insert(k.get_ref().to_string(), value_to_json(v, &p, spans));
    }
    Value::Object(map)
}

fn value_to_json(v: &Spanned<DeValue<'_>>, pointer: &str, spans: &mut SpanIndex) -> Value {
    spans.values.insert(pointer.to_string(), v.span());
    match v.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match i64::from_str_radix(&digits, i.radix()) {
                Ok(n) => Value::Number(n.into()),
                Err(_) => Value::String(i.to_string()),
            }
        }
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, e)| value_to_json(e, &format!("{pointer}/{i}"), spans))
                .collect(),
        ),
        DeValue::Table(t) => table_to_json(t, pointer, spans),
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
