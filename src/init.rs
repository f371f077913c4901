//! The answers template written by `init`: a valid answers file in which every question,
//! its guidance, its citations and the allowed answers appear as comments, in one language, and
//! every answer starts as "unknown" (scored 0 and reported as unverified until changed).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::checklist::Checklist;
use crate::model::{AnswerValue, Evidence, ItemKind};
use crate::report::messages;

fn comment(out: &mut String, prefix: &str, text: &str) {
    // Wrap long lines at about 96 columns; keep words whole.
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + word.chars().count() + 1 > 94 {
            let _ = writeln!(out, "# {prefix}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "# {prefix}{line}");
    }
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML basic string on one line: line breaks and other control characters escaped.
fn one_line(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Evidence and a note suggested for one item (by `scan --prefill`).
#[derive(Debug, Clone, Default)]
pub struct Suggestion {
    pub note: String,
    pub evidence: Vec<Evidence>,
}

pub use crate::answers::{instrument_placeholders, untouched};

/// The template text.
pub fn template(c: &Checklist, lang: &str) -> String {
    template_with(c, lang, None, &BTreeMap::new())
}

/// The template text, naming the instrument and carrying suggested evidence and notes (every
/// answer still "unknown").
pub fn template_with(
    c: &Checklist,
    lang: &str,
    instrument: Option<&str>,
    suggestions: &BTreeMap<String, Suggestion>,
) -> String {
    let t = messages(lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}", c.text(&c.header.title, lang));
    let _ = writeln!(
        out,
        "# {}",
        crate::i18n::fill(
            lang,
            "init_header",
            &[("id", &c.header.id), ("version", &c.header.version)]
        )
    );
    let _ = writeln!(out, "#");
    let allowed: Vec<&str> = AnswerValue::ALL.iter().map(|a| a.as_str()).collect();
    comment(
        &mut out,
        "",
        &crate::i18n::fill(lang, "init_intro", &[("answers", &allowed.join(" | "))]),
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "[assessment]");
    let _ = writeln!(out, "checklist = {}", quoted(&c.header.id));
    let _ = writeln!(out, "checklist_version = {}", quoted(&c.header.version));
    let _ = writeln!(
        out,
        "jurisdiction = \"XX\"            # {}",
        t["init_jurisdiction"]
    );
    match instrument {
        Some(i) => {
            let _ = writeln!(
                out,
                "instrument = {}   # {}",
                quoted(i),
                t["init_instrument"]
            );
        }
        None => {
            let _ = writeln!(
                out,
                "instrument = {:<17} # {}",
                quoted(&t["instrument_placeholder"]),
                t["init_instrument"]
            );
        }
    }
    let _ = writeln!(
        out,
        "version = \"\"                   # {}",
        t["init_version"]
    );
    let _ = writeln!(out, "language = {}", quoted(lang));
    let _ = writeln!(out, "# assessor = \"\"");
    let _ = writeln!(out, "# date = \"YYYY-MM-DD\"");
    for area in &c.areas {
        let items: Vec<_> = c.items.iter().filter(|i| i.area == area.id).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "# {}", "=".repeat(94));
        comment(&mut out, "", &c.text(&area.title, lang).to_uppercase());
        if let Some(d) = &area.description {
            comment(&mut out, "", c.text(d, lang));
        }
        let _ = writeln!(out, "# {}", "=".repeat(94));
        for item in items {
            let _ = writeln!(out);
            comment(&mut out, "", c.text(&item.question, lang));
            let flags = crate::report::item_flags(item, t);
            comment(&mut out, "", &format!("[{}]", flags.join(" · ")));
            if let Some(ai) = &item.applies_if {
                let answers: Vec<&str> = ai.answer.as_slice().iter().map(|a| a.as_str()).collect();
                comment(
                    &mut out,
                    "",
                    &format!(
                        "{} `{}` {} {}.",
                        t["applies_if"],
                        ai.item.as_slice().join(&format!("` {} `", t["or"])),
                        t["answered"],
                        answers.join(" | ")
                    ),
                );
            }
            comment(&mut out, "  yes: ", c.text(&item.guidance.yes, lang));
            if let Some(p) = &item.guidance.partial {
                comment(&mut out, "  partial: ", c.text(p, lang));
            }
            comment(&mut out, "  no: ", c.text(&item.guidance.no, lang));
            let cites: Vec<String> = item
                .cites
                .iter()
                .map(|ci| c.cite(ci, lang, false))
                .collect();
            comment(
                &mut out,
                &format!("{}: ", t["citations"]),
                &cites.join("; "),
            );
            let mut allowed: Vec<&str> = vec!["yes", "partial", "no", "unknown"];
            if item.allow_not_applicable && item.kind == ItemKind::Safeguard {
                allowed.push("not_applicable");
            }
            let _ = writeln!(out, "[answers.{}]", item.id);
            let _ = writeln!(out, "answer = \"unknown\"   # {}", allowed.join(" | "));
            let suggestion = suggestions.get(&item.id);
            let note = suggestion.map(|s| s.note.as_str()).unwrap_or("");
            let _ = writeln!(out, "note = {}", one_line(note));
            let _ = writeln!(out, "evidence = [");
            match suggestion.filter(|s| !s.evidence.is_empty()) {
                Some(s) => {
                    for e in &s.evidence {
                        let mut parts = Vec::new();
                        if let Some(a) = &e.article {
                            parts.push(format!("article = {}", one_line(a)));
                        }
                        if let Some(q) = &e.quote {
                            parts.push(format!("quote = {}", one_line(q)));
                        }
                        let _ = writeln!(out, "  {{ {} }},", parts.join(", "));
                    }
                }
                None => {
                    let _ = writeln!(out, "  # {{ article = \"Art. ...\", quote = \"...\" }},");
                }
            }
            let _ = writeln!(out, "]");
        }
    }
    out
}
