//! Embeds the shipped checklists, templates and examples into the binary, so that it runs with
//! no files beside it. Generates `$OUT_DIR/embedded.rs` with one `include_str!` per file.
//!
//! Also makes the embedded checklists and label tables ready to use without parsing TOML at run
//! time: each embedded checklist's files become one JSON array (one element per file, in the
//! order the catalog reads them, answers files left out) with the SHA-256 of its files, and
//! `templates/*.toml` become JSON. The conversion is the one `src/load.rs` applies to a parsed
//! file, so the run-time loader deserializes exactly the value the full loader validates; a
//! test proves the checklist loaded this way equals the fully validated one. A file that does
//! not convert is simply not made ready: the loader then takes the full, positioned path and
//! reports the problem.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

use serde_json::{Map, Number, Value};
use sha2::{Digest, Sha256};

fn files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, base, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "toml" || e == "hbs" || e == "css")
        {
            out.push(
                p.strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// A TOML value as JSON, as `load::value_to_json` converts it.
fn to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::Number((*i).into()),
        toml::Value::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect::<Map<_, _>>(),
        ),
    }
}

/// SHA-256 over file names and contents, in name order (as `validate::digest`).
fn digest(files: &[(&str, &str)]) -> String {
    let mut files = files.to_vec();
    files.sort();
    let mut h = Sha256::new();
    for (name, text) in files {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// `value` with every text given in several languages (a table whose keys are all languages
/// of the checklist and whose values are all strings) narrowed to `lang`, the default language
/// that stands in for it, and the first one in name order (the fallbacks of
/// `Checklist::text`), so that every text in `lang` reads as in the whole checklist (a test
/// holds every report in each language equal).
fn narrow(value: &Value, languages: &[String], lang: &str) -> Value {
    match value {
        Value::Object(map) => {
            let is_text = !map.is_empty()
                && map
                    .iter()
                    .all(|(k, v)| v.is_string() && languages.contains(k));
            if is_text {
                let first = map.keys().min().unwrap();
                let keep = [lang, languages[0].as_str(), first.as_str()];
                Value::Object(
                    map.iter()
                        .filter(|(k, _)| keep.contains(&k.as_str()))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                )
            } else {
                Value::Object(
                    map.iter()
                        .map(|(k, v)| (k.clone(), narrow(v, languages, lang)))
                        .collect(),
                )
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(|v| narrow(v, languages, lang)).collect()),
        v => v.clone(),
    }
}

/// The JSON array of a checklist's files and their digest, or `None` when a file does not
/// parse (the full loader will say why).
fn ready(root: &Path, id: &str, names: &[String]) -> Option<(Value, String, Vec<String>)> {
    let mut parts = Vec::new();
    let mut texts = Vec::new();
    for name in names {
        let text = fs::read_to_string(root.join(id).join(name)).ok()?;
        let table: toml::Table = text.parse().ok()?;
        if table.contains_key("assessment") {
            // An answers file kept beside the checklist is not part of it.
            continue;
        }
        parts.push(to_json(&toml::Value::Table(table)));
        texts.push((name.as_str(), text));
    }
    let kept = texts.iter().map(|(n, _)| n.to_string()).collect();
    let texts: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Some((Value::Array(parts), digest(&texts), kept))
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = env::var("OUT_DIR").unwrap();
    let out_dir = Path::new(&out_dir);
    let mut code = String::new();
    let mut lists = BTreeMap::new();
    for (name, dir) in [
        ("CHECKLISTS", "checklists"),
        ("TEMPLATES", "templates"),
        ("EXAMPLES", "examples"),
    ] {
        println!("cargo:rerun-if-changed={dir}");
        let base = root.join(dir);
        let mut list = Vec::new();
        files(&base, &base, &mut list);
        writeln!(code, "/// Files under `{dir}/`, by path relative to it.").unwrap();
        writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for f in &list {
            writeln!(
                code,
                "    ({f:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{dir}/{f}\"))),"
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
        lists.insert(dir, list);
    }

    // Each embedded checklist, ready: its files (in the order the catalog reads them) as JSON.
    let mut by_id: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for f in &lists["checklists"] {
        if let Some((id, rest)) = f.split_once('/') {
            by_id.entry(id).or_default().push(rest.to_string());
        }
    }
    writeln!(
        code,
        "/// Each embedded checklist ready to deserialize: id, SHA-256 of its files, the names of \
         those files, and a JSON array with one element per file, in the same order."
    )
    .unwrap();
    writeln!(
        code,
        "pub static CHECKLISTS_READY: &[(&str, &str, &[&str], &str)] = &["
    )
    .unwrap();
    let checklists = root.join("checklists");
    let mut in_language = String::new();
    for (id, names) in &by_id {
        if let Some((parts, sha, kept)) = ready(&checklists, id, names) {
            let file = format!("checklist-{id}.json");
            fs::write(out_dir.join(&file), serde_json::to_string(&parts).unwrap()).unwrap();
            writeln!(
                code,
                "    ({id:?}, {sha:?}, &{kept:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))),"
            )
            .unwrap();
            // The same in each of its languages (a report speaks one).
            let languages: Vec<String> = parts
                .as_array()
                .into_iter()
                .flatten()
                .find_map(|p| p.pointer("/checklist/languages"))
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            for lang in &languages {
                // The files that only hold the wording `scan` and the brief look for, apart:
                // a report in Markdown, HTML or CSV does not read them.
                let (mut core, mut wording) = (Vec::new(), Vec::new());
                let narrowed = narrow(&parts, &languages, lang);
                for (i, part) in narrowed.as_array().into_iter().flatten().enumerate() {
                    let only_wording = part.as_object().is_some_and(|o| {
                        !o.is_empty()
                            && o.keys().all(|k| {
                                ["indicators", "phrase_sets", "negations"].contains(&k.as_str())
                            })
                    });
                    if only_wording {
                        core.push(Value::Object(Map::new()));
                        wording.push(Value::Array(vec![i.into(), part.clone()]));
                    } else {
                        core.push(part.clone());
                    }
                }
                let mut names = Vec::new();
                for (what, json) in [("core", core), ("wording", wording)] {
                    let file = format!("checklist-{id}-{lang}-{what}.json");
                    fs::write(out_dir.join(&file), serde_json::to_string(&json).unwrap()).unwrap();
                    names.push(file);
                }
                writeln!(
                    in_language,
                    "    ({id:?}, {lang:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{}\")), \
                     include_str!(concat!(env!(\"OUT_DIR\"), \"/{}\"))),",
                    names[0], names[1]
                )
                .unwrap();
            }
        }
    }
    writeln!(code, "];").unwrap();
    writeln!(
        code,
        "/// Each embedded checklist of [`CHECKLISTS_READY`] in one of its languages: id, language, \
         the JSON array with every text narrowed to that language (and the fallbacks of \
         `Checklist::text`) where the files that hold only the wording of `scan` (indicators, \
         phrase sets, negations) are empty, and those files as a JSON array of [position, file]."
    )
    .unwrap();
    writeln!(
        code,
        "pub static CHECKLISTS_READY_IN: &[(&str, &str, &str, &str)] = &[\n{in_language}];"
    )
    .unwrap();

    // The label tables under `templates/`, as JSON: whole, and each language's table alone
    // (a run needs one language; reading only its labels halves the work and the memory).
    writeln!(
        code,
        "/// The `*.toml` files under `templates/` as JSON, by file name (a file that does not \
         parse is left out)."
    )
    .unwrap();
    writeln!(code, "pub static TEMPLATES_READY: &[(&str, &str)] = &[").unwrap();
    let mut parts = String::new();
    for f in lists["templates"].iter().filter(|f| f.ends_with(".toml")) {
        let Ok(text) = fs::read_to_string(root.join("templates").join(f)) else {
            continue;
        };
        let Ok(table) = text.parse::<toml::Table>() else {
            continue;
        };
        let name = f.replace('/', "-");
        for (key, value) in table.iter().filter(|(_, v)| v.is_table()) {
            let json = serde_json::to_string(&to_json(value)).unwrap();
            let file = format!("template-{name}-{key}.json");
            fs::write(out_dir.join(&file), json).unwrap();
            writeln!(
                parts,
                "    ({f:?}, {key:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))),"
            )
            .unwrap();
        }
        let json = serde_json::to_string(&to_json(&toml::Value::Table(table))).unwrap();
        let file = format!("template-{name}.json");
        fs::write(out_dir.join(&file), json).unwrap();
        writeln!(
            code,
            "    ({f:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))),"
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
    writeln!(
        code,
        "/// Each table of the `*.toml` files under `templates/` (in the label tables, one per \
         language) as JSON: file name, key, JSON."
    )
    .unwrap();
    writeln!(
        code,
        "pub static TEMPLATE_PARTS_READY: &[(&str, &str, &str)] = &[\n{parts}];"
    )
    .unwrap();

    fs::write(out_dir.join("embedded.rs"), code).unwrap();
}
