//! Localisation as data: every word salvaguarda prints for a reader, in English, Spanish and
//! Portuguese, comes from one table (`templates/messages.toml`: the reports' labels, the
//! interview's `iv_` and the questionnaire's `q_` words, the command line's `cli_` messages and
//! the diagnostics' `diag_` messages) through the functions of this module.
//!
//! - [`text`], [`fill`] and [`count`] look a label up, fill its `{name}` slots, and choose the
//!   singular (`_one`) or plural (`_other`) form of a counted phrase.
//! - [`number`] and [`score`] write numbers with the language's decimal mark (36.4, 36,4).
//! - [`pin`] writes a citation's pin in the language ("principle 12" → "principio 12").
//! - [`tr`] is the one function for the command line's own messages: it speaks the language
//!   of the process, which [`set_ui`] fixes once the command knows it (see [`resolve`]).
//!
//! Which language: `--lang` when the command has it, else the answers file's `language`, else
//! the locale of the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`, in that order, as POSIX
//! reads them), else English. Diagnostic codes, JSON, CSV column names and ids never change
//! with the language.

use std::sync::atomic::{AtomicUsize, Ordering};

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The report labels in one language.
pub type Messages = BTreeMap<String, String>;

/// Every language's labels, from the embedded `templates/messages.toml`.
pub fn all_messages() -> &'static BTreeMap<String, Messages> {
    static CELL: OnceLock<BTreeMap<String, Messages>> = OnceLock::new();
    CELL.get_or_init(|| {
        crate::embedded::template_table("messages.toml").expect("templates/messages.toml is valid")
    })
}

/// The labels for `lang`, falling back to English for a language without labels.
pub fn messages(lang: &str) -> &'static Messages {
    let all = all_messages();
    all.get(lang)
        .or_else(|| all.get("en"))
        .expect("English labels exist")
}

/// The languages salvaguarda speaks.
pub const LANGUAGES: [&str; 3] = ["en", "es", "pt"];

/// The language a locale name (`es_AR.UTF-8`, `pt-BR`, `C`) asks for, if salvaguarda speaks it.
pub fn from_locale(locale: &str) -> Option<&'static str> {
    let code: String = locale
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    LANGUAGES.iter().copied().find(|l| *l == code)
}

/// The language of the environment's locale: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
/// that is set and not empty decides (as POSIX reads them); `None` when it names a language
/// salvaguarda does not speak, or none is set.
pub fn env_lang() -> Option<&'static str> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| from_locale(&v))
}

/// The language to speak: the one asked for (`--lang`), else the file's, else the
/// environment's, else English. Languages salvaguarda does not speak are passed over.
pub fn resolve(flag: Option<&str>, file: Option<&str>) -> &'static str {
    flag.and_then(from_locale)
        .or_else(|| file.and_then(from_locale))
        .or_else(env_lang)
        .unwrap_or("en")
}

static UI: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Fixes the language of the command line's messages (unknown languages leave it unchanged).
pub fn set_ui(lang: &str) {
    if let Some(i) = LANGUAGES.iter().position(|l| *l == lang) {
        UI.store(i, Ordering::Relaxed);
    }
}

/// The language of the command line's messages: the one [`set_ui`] fixed, else the
/// environment's, else English.
pub fn ui() -> &'static str {
    match UI.load(Ordering::Relaxed) {
        i if i < LANGUAGES.len() => LANGUAGES[i],
        _ => env_lang().unwrap_or("en"),
    }
}

/// The label `key` in `lang` (English for a language without labels). A key missing from the
/// table is returned as is, so that a mistake shows rather than panics.
pub fn text(lang: &str, key: &str) -> String {
    messages(lang)
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// Replaces each `{name}` of `template` with its value.
pub fn fill_in(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// The label `key` in `lang` with its `{name}` slots filled.
pub fn fill(lang: &str, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill_in(&text(lang, key), args)
}

/// A counted phrase: `{stem}_one` for 1, `{stem}_other` (with `{n}` filled) otherwise.
pub fn count_in(t: &Messages, stem: &str, n: usize) -> String {
    let key = if n == 1 {
        format!("{stem}_one")
    } else {
        format!("{stem}_other")
    };
    t.get(&key)
        .map(|s| s.replace("{n}", &n.to_string()))
        .unwrap_or(key)
}

/// The label that follows a number `n`: `{key}_one` when `n` is 1 and the label has a singular
/// form, else `key` ("1 quote checked", "2 quotes checked").
pub fn label_for(t: &Messages, key: &str, n: usize) -> String {
    let one = format!("{key}_one");
    match t.get(&one) {
        Some(v) if n == 1 => v.clone(),
        _ => t.get(key).cloned().unwrap_or_else(|| key.to_string()),
    }
}

/// [`count_in`] in `lang`.
pub fn count(lang: &str, stem: &str, n: usize) -> String {
    count_in(messages(lang), stem, n)
}

/// A number with `places` decimals and the decimal mark of the labels `t` (`number_decimal`).
pub fn number_in(t: &Messages, x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    match t.get("number_decimal").map(String::as_str) {
        Some(".") | None => s,
        Some(mark) => s.replace('.', mark),
    }
}

/// [`number_in`] in `lang`.
pub fn number(lang: &str, x: f64, places: usize) -> String {
    number_in(messages(lang), x, places)
}

/// A score (one decimal) in the labels `t`, or "—" when there is none.
pub fn score_in(t: &Messages, x: Option<f64>) -> String {
    match x {
        Some(v) => number_in(t, v, 1),
        None => "—".into(),
    }
}

/// [`score_in`] in `lang`.
pub fn score(lang: &str, x: Option<f64>) -> String {
    score_in(messages(lang), x)
}

/// The words of citation pins that change with the language, and their labels.
const PIN_WORDS: [(&str, &str); 6] = [
    ("principle", "pin_principle"),
    ("principles", "pin_principles"),
    ("para.", "pin_para"),
    ("paras.", "pin_paras"),
    ("preamble", "pin_preamble"),
    ("and", "pin_and"),
];

/// A citation's pin in the labels `t`: "principle 12" → "principio 12", "paras. 5–7" →
/// "párrs. 5–7" / "§§ 5–7". Catalogs write pins in English; numbers and "art." stay as they
/// are (the abbreviation is the same in the three languages).
pub fn pin_in(t: &Messages, pin: &str) -> String {
    pin.split(' ')
        .map(|word| {
            let (core, comma) = match word.strip_suffix(',') {
                Some(c) => (c, ","),
                None => (word, ""),
            };
            match PIN_WORDS.iter().find(|(w, _)| *w == core) {
                Some((_, key)) => match t.get(*key) {
                    Some(v) => format!("{v}{comma}"),
                    None => word.to_string(),
                },
                None => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`pin_in`] in `lang`.
pub fn pin(lang: &str, pin: &str) -> String {
    pin_in(messages(lang), pin)
}

/// A message of the command line (`cli_*` and `diag_*` labels) in the language of the process,
/// with its `{name}` slots filled: the one function every command calls to speak to its user.
pub fn tr(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill(ui(), key, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_name_their_language() {
        assert_eq!(from_locale("es_AR.UTF-8"), Some("es"));
        assert_eq!(from_locale("pt-BR"), Some("pt"));
        assert_eq!(from_locale("en_GB"), Some("en"));
        assert_eq!(from_locale("C.UTF-8"), None);
        assert_eq!(from_locale("fr_FR"), None);
        assert_eq!(from_locale(""), None);
        assert_eq!(resolve(Some("pt"), Some("es")), "pt");
        assert_eq!(resolve(None, Some("es")), "es");
        assert_eq!(resolve(Some("fr"), Some("es")), "es");
    }

    #[test]
    fn numbers_take_the_decimal_mark_of_the_language() {
        assert_eq!(number("en", 36.44, 1), "36.4");
        assert_eq!(number("es", 36.44, 1), "36,4");
        assert_eq!(number("pt", 100.0, 1), "100,0");
        assert_eq!(score("es", None), "—");
    }

    #[test]
    fn plurals_choose_their_form() {
        let en = messages("en");
        assert_eq!(label_for(en, "plan_fixes_count", 1), "fix");
        assert_eq!(label_for(en, "plan_fixes_count", 2), "fixes");
        assert_eq!(
            label_for(messages("es"), "bill_not_found", 1),
            "no encontrada"
        );
        assert_eq!(
            label_for(messages("es"), "bill_not_found", 0),
            "no encontradas"
        );
        assert_eq!(
            count("es", "count_red_lines_breached", 1),
            "1 línea roja vulnerada"
        );
        assert_eq!(
            count("es", "count_red_lines_breached", 3),
            "3 líneas rojas vulneradas"
        );
    }

    #[test]
    fn pins_speak_the_language() {
        assert_eq!(pin("en", "principle 12"), "principle 12");
        assert_eq!(pin("es", "principle 12"), "principio 12");
        assert_eq!(pin("pt", "principle 12"), "princípio 12");
        assert_eq!(pin("es", "para. 5"), "párr. 5");
        assert_eq!(pin("pt", "paras. 5–7"), "§§ 5–7");
        assert_eq!(pin("es", "art. 28(4), art. 29"), "art. 28(4), art. 29");
        assert_eq!(
            pin("es", "principle 5, principle 6"),
            "principio 5, principio 6"
        );
        assert_eq!(pin("pt", "preamble"), "preâmbulo");
    }

    #[test]
    fn messages_fill_their_slots() {
        assert_eq!(fill_in("{a} and {b}", &[("a", &1), ("b", &"x")]), "1 and x");
        assert_eq!(text("es", "no-such-key"), "no-such-key");
    }
}
