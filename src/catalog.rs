//! Finding and loading checklists: the ones embedded in the binary, a `--catalog DIR` of
//! checklist folders, or a folder named directly on the command line.
//!
//! Owns: the embedded files (checklists, templates, examples), the rule that a checklist is a
//! folder of `*.toml` files (answers files in the same folder are skipped), resolving
//! `checklist.extends` (the extended checklist's files are loaded first, through the same
//! catalog, and a cycle is refused), and the digest of a checklist's files. Meaning checks are
//! delegated to [`crate::validate`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::checklist::Checklist;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::i18n::tr;
use crate::load::{self, Parsed};
use crate::model::ChecklistFile;
use crate::source::SourceFile;
use crate::validate;

/// Files compiled into the binary.
pub use crate::embedded;
pub use crate::embedded::template_table;

/// Where checklists are looked up.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// A folder of checklist folders that takes precedence over the embedded ones.
    pub dir: Option<PathBuf>,
}

/// A checklist available to the user.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    /// `embedded` or the folder.
    pub origin: String,
}

/// Whether a parsed TOML file is an answers file (it has an `[assessment]` table).
pub fn is_answers(parsed: &Parsed) -> bool {
    parsed.json.get("assessment").is_some()
}

impl Catalog {
    /// The checklists available, by id (a `--catalog` folder hides an embedded one of the same id).
    pub fn list(&self) -> Vec<Entry> {
        let mut out: BTreeMap<String, Entry> = BTreeMap::new();
        for (path, _) in embedded::CHECKLISTS {
            if let Some((dir, _)) = path.split_once('/') {
                out.insert(
                    dir.to_string(),
                    Entry {
                        id: dir.to_string(),
                        origin: "embedded".into(),
                    },
                );
            }
        }
        if let Some(root) = &self.dir
            && let Ok(rd) = std::fs::read_dir(root)
        {
            for e in rd.filter_map(Result::ok) {
                let p = e.path();
                if p.is_dir() && has_toml(&p) {
                    let id = e.file_name().to_string_lossy().to_string();
                    out.insert(
                        id.clone(),
                        Entry {
                            id,
                            origin: p.display().to_string(),
                        },
                    );
                }
            }
        }
        out.into_values().collect()
    }

    /// Loads a checklist by id, or by folder path when `name` is a folder.
    ///
    /// An embedded checklist (and the embedded checklists it extends) is assembled from the form
    /// prepared at build time, without parsing or checking it again: a test proves it equal to
    /// what [`Catalog::load_checked`] gives, and that it has no diagnostic. Anything else (a
    /// folder, a `--catalog` checklist, an embedded one that extends one of those) is loaded
    /// the full way, with every problem placed at `file:line:col`.
    pub fn load(&self, name: &str) -> (Option<Checklist>, Diagnostics) {
        self.load_in(name, None, true)
    }

    /// [`Catalog::load`], for output in one language only: an embedded checklist then keeps
    /// its texts in `lang` alone (with the default language's and the first one's, which
    /// stand in for a text missing in `lang`), as prepared at build time; every text read in
    /// `lang` is what the whole checklist gives. Half the work and memory for a report; not
    /// for output that carries every language (JSON).
    ///
    /// Without `wording`, the files that hold only the wording `scan` looks for (indicators,
    /// phrase sets, negations) are left out too: a report reads none of it but the brief.
    pub fn load_in(
        &self,
        name: &str,
        lang: Option<&str>,
        wording: bool,
    ) -> (Option<Checklist>, Diagnostics) {
        if let Some(c) = self.load_ready(name, lang.map(|l| (l, wording))) {
            return (Some(c), Diagnostics::new());
        }
        self.load_checked(name)
    }

    /// Loads a checklist by id or folder the full way: every file parsed with positions,
    /// checked against the schema and for meaning, whether embedded or not.
    pub fn load_checked(&self, name: &str) -> (Option<Checklist>, Diagnostics) {
        match self.sources(name) {
            Ok((files, origin)) => self.load_files(files, &origin),
            Err(diags) => (None, diags),
        }
    }

    /// Loads the checklist in a folder, resolving `extends` through this catalog.
    pub fn load_dir(&self, dir: &Path) -> (Option<Checklist>, Diagnostics) {
        match read_dir_files(dir) {
            Ok(files) => self.load_files(files, &dir.display().to_string()),
            Err(diags) => (None, diags),
        }
    }

    /// Whether `name` finds an embedded checklist (no folder of that name, on its own or in
    /// the `--catalog` folder, takes precedence).
    fn is_embedded(&self, name: &str) -> bool {
        !Path::new(name).is_dir() && !self.dir.as_ref().is_some_and(|r| r.join(name).is_dir())
    }

    /// An embedded checklist from the form prepared at build time, or `None` when it must be
    /// loaded the full way (see [`Catalog::load`]).
    fn load_ready(&self, name: &str, lang: Option<(&str, bool)>) -> Option<Checklist> {
        let layers = self.ready_layers(name, lang, &mut Vec::new())?;
        let sha = match layers.sha256 {
            Some(sha) => sha.to_string(),
            None => validate::digest(layers.names.iter().map(String::as_str).zip(
                layers.paths.iter().map(|p| {
                    embedded::CHECKLISTS
                        .iter()
                        .find(|(q, _)| q == p)
                        .map_or("", |(_, t)| *t)
                }),
            )),
        };
        validate::assemble_trusted(layers.parts, layers.base, sha, "embedded")
    }

    /// The prepared files of an embedded checklist and of the embedded checklists it extends,
    /// in layer order (as [`Catalog::layers`] orders them).
    fn ready_layers(
        &self,
        name: &str,
        lang: Option<(&str, bool)>,
        chain: &mut Vec<String>,
    ) -> Option<ReadyLayers> {
        if !self.is_embedded(name) {
            return None;
        }
        let (_, sha, files, json) = embedded::CHECKLISTS_READY
            .iter()
            .find(|(id, ..)| *id == name)?;
        let in_language = lang.and_then(|(lang, wording)| {
            embedded::CHECKLISTS_READY_IN
                .iter()
                .find(|(id, l, ..)| *id == name && *l == lang)
                .map(|(.., core, scan)| (*core, wording.then_some(*scan)))
        });
        let parts: Vec<ChecklistFile> = match in_language {
            None => serde_json::from_str(json).ok()?,
            Some((core, scan)) => {
                let mut parts: Vec<ChecklistFile> = serde_json::from_str(core).ok()?;
                if let Some(scan) = scan {
                    let wording: Vec<(usize, ChecklistFile)> = serde_json::from_str(scan).ok()?;
                    for (i, part) in wording {
                        *parts.get_mut(i)? = part;
                    }
                }
                parts
            }
        };
        let names: Vec<String> = files.iter().map(|f| f.to_string()).collect();
        let paths = files.iter().map(|f| format!("{name}/{f}")).collect();
        let Some(header) = parts
            .iter()
            .find_map(|p| p.checklist.as_ref().filter(|h| h.extends.is_some()))
        else {
            return Some(ReadyLayers {
                parts,
                names,
                paths,
                base: 0,
                sha256: Some(sha),
            });
        };
        let base = header.extends.clone()?;
        chain.push(header.id.clone());
        if chain.contains(&base) {
            return None;
        }
        let below = self.ready_layers(&base, lang, chain)?;
        let count = below.parts.len();
        let mut all = below.parts;
        all.extend(parts);
        let mut all_names: Vec<String> = below
            .names
            .into_iter()
            .map(|n| format!("{base}/{n}"))
            .collect();
        all_names.extend(names);
        let mut all_paths = below.paths;
        all_paths.extend(paths);
        Some(ReadyLayers {
            parts: all,
            names: all_names,
            paths: all_paths,
            base: count,
            sha256: None,
        })
    }

    /// The files of a checklist by id or folder, and where they come from.
    fn sources(&self, name: &str) -> Result<(Vec<(String, SourceFile)>, String), Diagnostics> {
        let as_path = Path::new(name);
        if as_path.is_dir() {
            return read_dir_files(as_path).map(|f| (f, name.to_string()));
        }
        if let Some(root) = &self.dir {
            let d = root.join(name);
            if d.is_dir() {
                return read_dir_files(&d).map(|f| (f, d.display().to_string()));
            }
        }
        let prefix = format!("{name}/");
        let files: Vec<(String, SourceFile)> = embedded::CHECKLISTS
            .iter()
            .filter_map(|(p, t)| p.strip_prefix(&prefix).map(|n| (n, *t)))
            .map(|(n, t)| {
                (
                    n.to_string(),
                    SourceFile::new(format!("<embedded>/{name}/{n}"), t),
                )
            })
            .collect();
        if files.is_empty() {
            let mut diags = Diagnostics::new();
            let known: Vec<String> = self.list().into_iter().map(|e| e.id).collect();
            let mut d = Diagnostic::error(
                Code::ChecklistNotFound,
                tr("diag_no_checklist", &[("name", &name)]),
            )
            .with_help(tr(
                "diag_no_checklist_help",
                &[("known", &known.join(", "))],
            ));
            if let Some(s) = validate::closest(name, known.iter().map(String::as_str)) {
                d = d.with_help(tr("diag_did_you_mean", &[("s", &s)]));
            }
            diags.push(d);
            return Err(diags);
        }
        Ok((files, "embedded".to_string()))
    }

    /// Parses a checklist's files and, when it extends another, the other's files first (and
    /// theirs, recursively). Returns the parsed files in layer order with their names (a base's
    /// names prefixed by its id) and how many belong to bases.
    fn layers(
        &self,
        files: Vec<(String, SourceFile)>,
        chain: &mut Vec<String>,
    ) -> Result<(Vec<Parsed>, Vec<String>, usize), Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut parsed = Vec::new();
        let mut names = Vec::new();
        for (name, f) in files {
            match load::parse(f) {
                Ok(p) if is_answers(&p) => {}
                Ok(p) => {
                    parsed.push(p);
                    names.push(name);
                }
                Err(errs) => diags.extend(errs),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let header = parsed.iter().find_map(|p| {
            let base = p.json.pointer("/checklist/extends")?.as_str()?.to_string();
            let id = p
                .json
                .pointer("/checklist/id")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            Some((p, base, id))
        });
        let Some((at, base, id)) = header else {
            return Ok((parsed, names, 0));
        };
        chain.push(id.clone());
        if chain.contains(&base) {
            let mut path = chain.clone();
            path.push(base.clone());
            diags.push(
                at.at_value(
                    Diagnostic::error(
                        Code::ExtendsCycle,
                        tr(
                            "diag_extends_cycle",
                            &[("id", &id), ("path", &path.join(" → "))],
                        ),
                    )
                    .with_help(tr("diag_extends_cycle_help", &[])),
                    "/checklist/extends",
                ),
            );
            return Err(diags);
        }
        let base_files = match self.sources(&base) {
            Ok((f, _)) => f,
            Err(more) => {
                for d in more.iter() {
                    let d = Diagnostic {
                        message: format!("{} to extend", d.message),
                        ..d.clone()
                    };
                    diags.push(at.at_value(d, "/checklist/extends"));
                }
                return Err(diags);
            }
        };
        let (mut all, base_names, _) = self.layers(base_files, chain)?;
        let count = all.len();
        let mut all_names: Vec<String> = base_names
            .into_iter()
            .map(|n| format!("{base}/{n}"))
            .collect();
        all.extend(parsed);
        all_names.extend(names);
        Ok((all, all_names, count))
    }

    fn load_files(
        &self,
        files: Vec<(String, SourceFile)>,
        origin: &str,
    ) -> (Option<Checklist>, Diagnostics) {
        match self.layers(files, &mut Vec::new()) {
            Ok((parsed, names, base)) => validate::checklist_layered(&parsed, &names, origin, base),
            Err(diags) => (None, diags),
        }
    }
}

/// The prepared layers of an embedded checklist.
struct ReadyLayers {
    /// Every file, bases first.
    parts: Vec<ChecklistFile>,
    /// Their names as the digest takes them (a base's prefixed by its id).
    names: Vec<String>,
    /// Their paths among [`embedded::CHECKLISTS`].
    paths: Vec<String>,
    /// How many files belong to bases.
    base: usize,
    /// The digest prepared at build time (a checklist that extends none).
    sha256: Option<&'static str>,
}

fn has_toml(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
        })
        .unwrap_or(false)
}

/// Loads the checklist in a folder with the embedded catalog (a checklist it extends must be
/// embedded; use [`Catalog::load_dir`] to look in `--catalog` too).
pub fn load_dir(dir: &Path) -> (Option<Checklist>, Diagnostics) {
    Catalog::default().load_dir(dir)
}

/// Every `*.toml` file in a folder, in name order.
fn read_dir_files(dir: &Path) -> Result<Vec<(String, SourceFile)>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut names: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
            .collect(),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Code::FileUnreadable,
                    tr(
                        "diag_cannot_read_folder",
                        &[("error", &crate::input::io_detail(&e))],
                    ),
                )
                .in_file(&dir.display().to_string()),
            );
            return Err(diags);
        }
    };
    names.sort();
    if names.len() > crate::input::CHECKLIST_FILES_LIMIT {
        diags.push(
            Diagnostic::error(
                Code::InputTooLarge,
                tr(
                    "diag_too_many_files",
                    &[
                        ("n", &names.len()),
                        ("max", &crate::input::CHECKLIST_FILES_LIMIT),
                    ],
                ),
            )
            .in_file(&dir.display().to_string()),
        );
        return Err(diags);
    }
    let mut files = Vec::new();
    for p in names {
        match crate::input::read_source(&p, crate::input::Kind::Checklist) {
            Ok(f) => files.push((
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string(),
                f,
            )),
            Err(d) => diags.push(*d),
        }
    }
    if files.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error(Code::NoChecklistHeader, tr("diag_no_toml", &[]))
                .in_file(&dir.display().to_string()),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

/// The text of an embedded example, by file name (e.g. `mixed.toml`).
pub fn example(name: &str) -> Option<&'static str> {
    embedded::EXAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_reads_in_the_language_under_its_short_name_or_its_title() {
        let c = Catalog::default().load("uncc-safeguards").0.unwrap();
        let cite = crate::model::Cite {
            source: "np-principles".into(),
            pin: Some("principle 12".into()),
        };
        assert_eq!(
            c.cite(&cite, "es", true),
            "Principios Necesarios y Proporcionados, principio 12"
        );
        assert!(
            c.cite(&cite, "pt", false)
                .starts_with("Princípios Internacionais sobre a Aplicação")
        );
        assert!(c.cite(&cite, "pt", false).ends_with(", princípio 12"));
        assert_eq!(
            c.cite(&cite, "en", true),
            "Necessary and Proportionate principles, principle 12"
        );
        let undeclared = crate::model::Cite {
            source: "nowhere".into(),
            pin: None,
        };
        assert_eq!(c.cite(&undeclared, "en", true), "nowhere");
    }

    /// Everything a checklist holds, as JSON, for comparing two loads of it.
    fn contents(c: &Checklist) -> serde_json::Value {
        serde_json::json!({
            "file": c.to_file(),
            "sha256": c.sha256,
            "origin": c.origin,
        })
    }

    #[test]
    fn every_embedded_checklist_is_ready_and_equals_the_fully_checked_one() {
        let catalog = Catalog::default();
        let ids: Vec<String> = catalog.list().into_iter().map(|e| e.id).collect();
        assert!(!ids.is_empty());
        for id in &ids {
            let ready = catalog
                .load_ready(id, None)
                .unwrap_or_else(|| panic!("`{id}` is not prepared at build time"));
            let (checked, diags) = catalog.load_checked(id);
            // Clean: not even a warning, since the prepared path reports none.
            assert!(diags.is_empty(), "{id}:\n{}", diags.render());
            let checked = checked.unwrap();
            assert_eq!(contents(&ready), contents(&checked), "{id}");
            assert_eq!(ready.items.len(), checked.items.len());
            for (i, item) in checked.items.iter().enumerate() {
                assert_eq!(ready.item_index(&item.id), Some(i), "{id}: {}", item.id);
            }
            assert_eq!(
                catalog.load(id).0.map(|c| contents(&c)),
                Some(contents(&checked))
            );
        }
    }

    #[test]
    fn the_trusted_assembly_merges_layers_and_overrides_as_the_checked_one() {
        let catalog = Catalog {
            dir: Some(PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures"
            ))),
        };
        let (checked, diags) = catalog.load_checked("ngo-extension");
        assert!(!diags.has_errors(), "{}", diags.render());
        let checked = checked.unwrap();
        let (files, origin) = catalog.sources("ngo-extension").unwrap();
        let (parsed, _, base) = catalog.layers(files, &mut Vec::new()).unwrap();
        assert!(base > 0, "the fixture extends a checklist");
        let parts: Vec<ChecklistFile> = parsed
            .iter()
            .map(|p| serde_json::from_value(p.json.clone()).unwrap())
            .collect();
        let trusted =
            validate::assemble_trusted(parts, base, checked.sha256.clone(), &origin).unwrap();
        assert_eq!(contents(&trusted), contents(&checked));
        let w = |c: &Checklist| c.item("interception-prior-judicial-order").unwrap().weight;
        assert_eq!(w(&trusted), 5.0, "the override applies");
    }

    #[test]
    fn label_tables_are_prepared_and_equal_their_toml() {
        type Table = BTreeMap<String, BTreeMap<String, String>>;
        let name = "messages.toml";
        assert!(
            embedded::TEMPLATES_READY.iter().any(|(n, _)| *n == name),
            "{name} is prepared at build time"
        );
        let text = embedded::TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1;
        let from_toml: Table = toml::from_str(text).unwrap();
        assert!(from_toml.len() >= 3, "{name}: every language");
        assert_eq!(template_table::<Table>(name), Some(from_toml), "{name}");
    }

    #[test]
    fn a_folder_or_catalog_checklist_is_never_taken_from_the_prepared_form() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("uncc-safeguards")).unwrap();
        let catalog = Catalog {
            dir: Some(dir.path().to_path_buf()),
        };
        assert!(catalog.load_ready("uncc-safeguards", None).is_none());
        assert!(
            Catalog::default()
                .load_ready("no-such-checklist", None)
                .is_none()
        );
    }
}
