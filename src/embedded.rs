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
