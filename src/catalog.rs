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
use crate::load::{self, Parsed};
use crate::source::SourceFile;
use crate::validate;

/// Files compiled into the binary.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

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
    pub fn load(&self, name: &str) -> (Option<Checklist>, Diagnostics) {
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
            let mut d =
                Diagnostic::error(Code::ChecklistNotFound, format!("no checklist `{name}`"))
                    .with_help(format!(
                        "available: {} (or give --catalog DIR, or a checklist folder)",
                        known.join(", ")
                    ));
            if let Some(s) = validate::closest(name, known.iter().map(String::as_str)) {
                d = d.with_help(format!("did you mean `{s}`?"));
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
                        format!("`{id}` extends itself: {}", path.join(" → ")),
                    )
                    .with_help(
                        "a checklist can extend only a checklist that does not, in turn, extend it",
                    ),
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
                Diagnostic::error(Code::FileUnreadable, format!("cannot read folder: {e}"))
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
                format!(
                    "this folder holds {} .toml files; a checklist may have at most {}",
                    names.len(),
                    crate::input::CHECKLIST_FILES_LIMIT
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
            Diagnostic::error(Code::NoChecklistHeader, "this folder holds no .toml file")
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
