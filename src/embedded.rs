//! What the binary carries: the checklists, templates and examples under `checklists/`,
//! `templates/` and `examples/`, as `build.rs` embeds them (their text, and the JSON prepared
//! from the checklists and label tables), and the label tables read from them.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// A table of labels under `templates/` (e.g. `messages.toml`), from the JSON prepared at build
/// time (its TOML text when there is none). `None` if it is missing or does not fit `T`.
pub fn template_table<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    if let Some(table) = TEMPLATES_READY
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, json)| serde_json::from_str(json).ok())
    {
        return Some(table);
    }
    let text = TEMPLATES.iter().find(|(n, _)| *n == name)?.1;
    toml::from_str(text).ok()
}

/// One table of a label table under `templates/` (e.g. the `es` labels of `messages.toml`),
/// from the JSON prepared at build time. `None` if there is none or it does not fit `T`: the
/// caller then takes it from the whole table ([`template_table`]).
pub fn template_part<T: serde::de::DeserializeOwned>(name: &str, key: &str) -> Option<T> {
    TEMPLATE_PARTS_READY
        .iter()
        .find(|(n, k, _)| *n == name && *k == key)
        .and_then(|(_, _, json)| serde_json::from_str(json).ok())
}

/// One label of one table of a label table under `templates/` (e.g. `instrument_placeholder`
/// of the `es` labels of `messages.toml`), read from the JSON prepared at build time without
/// reading the rest of the table. `None` if there is no such table or label.
pub fn template_part_label(name: &str, key: &str, label: &str) -> Option<String> {
    let (.., json) = TEMPLATE_PARTS_READY
        .iter()
        .find(|(n, k, _)| *n == name && *k == key)?;
    // The table is flat, with unique keys; inside a JSON string every quote is escaped, so
    // `"label":` is found only where the key is.
    let at = json.find(&format!("\"{label}\":"))? + label.len() + 3;
    serde_json::Deserializer::from_str(&json[at..])
        .into_iter::<String>()
        .next()?
        .ok()
}
