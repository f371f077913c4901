//! Answers files as data the tool writes: a deterministic TOML serialisation, reading a file
//! back without its checklist, and the normal form two answers files are compared in.
//!
//! Owns: the text of every answers file that `interview` and `import` write (one layout, in
//! the checklist's order of items, so that the same answers always give the same bytes).
//! Does not own: checks against a checklist ([`crate::validate::answers`]) or writing to disk
//! (the CLI writes atomically).

use std::fmt::Write as _;

use crate::checklist::Checklist;
use crate::model::{Answer, AnswersFile, Assessment, Evidence};

/// A TOML string literal (basic string, escaped as needed, always on one line).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it can be, quoted otherwise.
pub fn key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        s.to_string()
    } else {
        quote(s)
    }
}

fn evidence_line(e: &Evidence) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &e.article {
        parts.push(format!("article = {}", quote(a)));
    }
    if let Some(q) = &e.quote {
        parts.push(format!("quote = {}", quote(q)));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// The answers file as TOML. Answers come in the checklist's order of items when a checklist
/// is given (ids it does not know come last, by id), otherwise by id. The same file always
/// gives the same text, and the text parses back to the same file.
pub fn to_toml(file: &AnswersFile, order: Option<&Checklist>) -> String {
    to_toml_annotated(file, order, &std::collections::BTreeMap::new())
}

/// [`to_toml`] with comment lines above some answers (`# ...`), by item id.
pub fn to_toml_annotated(
    file: &AnswersFile,
    order: Option<&Checklist>,
    comments: &std::collections::BTreeMap<String, Vec<String>>,
) -> String {
    let mut out = String::new();
    let a = &file.assessment;
    out.push_str("[assessment]\n");
    let _ = writeln!(out, "checklist = {}", quote(&a.checklist));
    let _ = writeln!(out, "checklist_version = {}", quote(&a.checklist_version));
    let _ = writeln!(out, "jurisdiction = {}", quote(&a.jurisdiction));
    let _ = writeln!(out, "instrument = {}", quote(&a.instrument));
    for (k, v) in [
        ("version", &a.version),
        ("language", &a.language),
        ("assessor", &a.assessor),
        ("date", &a.date),
    ] {
        if let Some(v) = v {
            let _ = writeln!(out, "{k} = {}", quote(v));
        }
    }
    let mut ids: Vec<&String> = file.answers.keys().collect();
    if let Some(c) = order {
        ids.sort_by_key(|id| (c.item_index(id).unwrap_or(usize::MAX), (*id).clone()));
    }
    for id in ids {
        let ans = &file.answers[id];
        out.push('\n');
        for c in comments.get(id.as_str()).into_iter().flatten() {
            for line in c.lines() {
                if line.is_empty() {
                    out.push_str("#\n");
                } else {
                    let _ = writeln!(out, "# {line}");
                }
            }
        }
        let _ = writeln!(out, "[answers.{}]", key(id));
        let _ = writeln!(out, "answer = {}", quote(ans.answer.as_str()));
        if let Some(n) = &ans.note {
            let _ = writeln!(out, "note = {}", quote(n));
        }
        if !ans.evidence.is_empty() {
            out.push_str("evidence = [\n");
            for e in &ans.evidence {
                let _ = writeln!(out, "  {},", evidence_line(e));
            }
            out.push_str("]\n");
        }
    }
    out
}

/// Reads an answers file's structure (no checks against a checklist): what `interview` reads
/// back before each save, to keep answers given meanwhile in another session.
pub fn from_toml(text: &str) -> Result<AnswersFile, String> {
    toml::from_str(text).map_err(|e: toml::de::Error| e.message().trim_end().to_string())
}

/// An empty answers file for a checklist.
pub fn new_file(c: &Checklist, jurisdiction: &str, instrument: &str) -> AnswersFile {
    AnswersFile {
        assessment: Assessment {
            checklist: c.header.id.clone(),
            checklist_version: c.header.version.clone(),
            jurisdiction: jurisdiction.to_string(),
            instrument: instrument.to_string(),
            version: None,
            language: None,
            assessor: None,
            date: None,
        },
        answers: Default::default(),
    }
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// The normal form of an answer: an empty or blank note is no note, and an evidence entry
/// with neither article nor quote is dropped (blank texts count as absent). Spreadsheets cannot
/// tell an empty cell from an absent value, so this is what an export → import round trip
/// preserves.
pub fn normalize_answer(a: &Answer) -> Answer {
    let text = |s: &Option<String>| if blank(s) { None } else { s.clone() };
    Answer {
        answer: a.answer,
        note: text(&a.note),
        evidence: a
            .evidence
            .iter()
            .map(|e| Evidence {
                article: text(&e.article),
                quote: text(&e.quote),
            })
            .filter(|e| e.article.is_some() || e.quote.is_some())
            .collect(),
    }
}

/// The normal form of a whole file (see [`normalize_answer`]; blank optional metadata is absent).
pub fn normalize(file: &AnswersFile) -> AnswersFile {
    let text = |s: &Option<String>| if blank(s) { None } else { s.clone() };
    let a = &file.assessment;
    AnswersFile {
        assessment: Assessment {
            version: text(&a.version),
            language: text(&a.language),
            assessor: text(&a.assessor),
            date: text(&a.date),
            ..a.clone()
        },
        answers: file
            .answers
            .iter()
            .map(|(k, v)| (k.clone(), normalize_answer(v)))
            .collect(),
    }
}

/// The instrument `init` writes until the assessor names the bill, in each language.
pub fn instrument_placeholders() -> Vec<String> {
    crate::i18n::label_in_every_language("instrument_placeholder")
}

/// Whether an answers file is still what `init` wrote: every answer "unknown", with no
/// evidence and no note (a file with no answers at all is not a template).
pub fn untouched(answers: &crate::model::AnswersFile) -> bool {
    !answers.answers.is_empty()
        && answers.answers.values().all(|a| {
            a.answer == crate::model::AnswerValue::Unknown
                && a.note.as_deref().is_none_or(|n| n.trim().is_empty())
                && a.evidence.is_empty()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnswerValue;

    #[test]
    fn serialises_deterministically_and_parses_back() {
        let mut f = AnswersFile {
            assessment: Assessment {
                checklist: "mini".into(),
                checklist_version: "1.2.0".into(),
                jurisdiction: "XX".into(),
                instrument: "Ley \"1\"\\2\n\ttab \u{1}".into(),
                version: Some("first".into()),
                language: Some("es".into()),
                assessor: None,
                date: Some("2025-10-01".into()),
            },
            answers: Default::default(),
        };
        f.answers.insert(
            "b-item".into(),
            Answer {
                answer: AnswerValue::Partial,
                note: Some("Nota con ñ y \"comillas\"".into()),
                evidence: vec![
                    Evidence {
                        article: Some("Art. 1".into()),
                        quote: Some("línea 1\r\nlínea 2".into()),
                    },
                    Evidence {
                        article: None,
                        quote: Some("solo cita".into()),
                    },
                ],
            },
        );
        f.answers.insert(
            "weird id".into(),
            Answer {
                answer: AnswerValue::Yes,
                note: None,
                evidence: vec![],
            },
        );
        let text = to_toml(&f, None);
        assert_eq!(text, to_toml(&f, None));
        assert!(text.contains("[answers.b-item]\n"), "{text}");
        assert!(text.contains("[answers.\"weird id\"]\n"), "{text}");
        let back = from_toml(&text).unwrap();
        assert_eq!(back.assessment, f.assessment);
        assert_eq!(back.answers, f.answers);
    }

    #[test]
    fn normal_form_drops_blank_notes_and_empty_evidence() {
        let a = Answer {
            answer: AnswerValue::No,
            note: Some("  ".into()),
            evidence: vec![
                Evidence {
                    article: Some("".into()),
                    quote: None,
                },
                Evidence {
                    article: Some(" Art. 2 ".into()),
                    quote: Some("".into()),
                },
            ],
        };
        let n = normalize_answer(&a);
        assert_eq!(n.note, None);
        assert_eq!(
            n.evidence,
            vec![Evidence {
                article: Some(" Art. 2 ".into()),
                quote: None
            }]
        );
    }
}
