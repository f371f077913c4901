//! Answering a checklist, as the interview and the questionnaire both do: the words of both in
//! every language (the `q_` and `iv_` labels of the one message table, `templates/messages.toml`),
//! the answers an item accepts and their labels, reading an answer typed in any language, and
//! the order in which items are asked.
//!
//! Owns nothing of either front: the terminal dialogue is [`crate::interview`], the spreadsheet
//! layout [`crate::questionnaire`]; both depend on this module, not on each other.

use crate::checklist::Checklist;
use crate::evaluate::applies;
use crate::model::{AnswerValue, AnswersFile, Item, ItemKind};
use crate::report::{Messages, all_messages, messages};

/// The words of the interview (`iv_` labels) and the questionnaire (`q_` labels) in every
/// language: the one message table.
pub fn all_words() -> &'static std::collections::BTreeMap<String, Messages> {
    all_messages()
}

/// The words in `lang`, falling back to English.
pub fn words(lang: &str) -> &'static Messages {
    messages(lang)
}

/// Replaces `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The answers an item accepts, in the order shown.
pub fn allowed(item: &Item) -> Vec<AnswerValue> {
    let mut v = vec![
        AnswerValue::Yes,
        AnswerValue::Partial,
        AnswerValue::No,
        AnswerValue::Unknown,
    ];
    if item.kind == ItemKind::Safeguard && item.allow_not_applicable {
        v.push(AnswerValue::NotApplicable);
    }
    v
}

/// The label of an answer value in a language (`Sí`, `Parcial`...).
pub fn answer_label(v: AnswerValue, lang: &str) -> String {
    messages(lang)[&format!("answer_{}", v.as_str())].clone()
}

/// Reads an answer typed by a person: the value's name (`yes`, `not_applicable`, `not
/// applicable`) or its label in any language (`Sí`, `sim`, `Não se aplica`), ignoring case and
/// surrounding spaces.
pub fn parse_answer(text: &str) -> Option<AnswerValue> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    for v in AnswerValue::ALL {
        if t == v.as_str() || t == v.as_str().replace('_', " ") {
            return Some(v);
        }
        for m in all_messages().values() {
            if m.get(&format!("answer_{}", v.as_str()))
                .is_some_and(|l| l.to_lowercase() == t)
            {
                return Some(v);
            }
        }
    }
    None
}

/// The items in the order they are asked: area by area, in the checklist's order.
pub fn ordered_items(c: &Checklist) -> Vec<&Item> {
    let mut out = Vec::with_capacity(c.items.len());
    for area in &c.areas {
        out.extend(c.items.iter().filter(|i| i.area == area.id));
    }
    out
}

/// The items that apply given the answers so far (for the interview and for tests).
pub fn applying<'a>(c: &'a Checklist, answers: &AnswersFile) -> Vec<&'a Item> {
    ordered_items(c)
        .into_iter()
        .filter(|i| applies(c, answers, i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_in_any_language_and_by_name() {
        assert_eq!(parse_answer(" Sí "), Some(AnswerValue::Yes));
        assert_eq!(parse_answer("sim"), Some(AnswerValue::Yes));
        assert_eq!(parse_answer("NÃO"), Some(AnswerValue::No));
        assert_eq!(
            parse_answer("not applicable"),
            Some(AnswerValue::NotApplicable)
        );
        assert_eq!(
            parse_answer("Não se aplica"),
            Some(AnswerValue::NotApplicable)
        );
        assert_eq!(parse_answer("partial"), Some(AnswerValue::Partial));
        assert_eq!(parse_answer("maybe"), None);
        assert_eq!(parse_answer(""), None);
    }
}
