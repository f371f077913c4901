//! `lint`: checklists (folders, or any file of one) and answers files, every problem at once.

use salvaguarda::i18n::tr;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use salvaguarda::assess;
use salvaguarda::bill::Bill;
use salvaguarda::catalog::{self, Catalog};
use salvaguarda::checklist::Checklist;
use salvaguarda::diag::{Code, Diagnostic, Diagnostics};
use salvaguarda::input::{self, Kind};
use salvaguarda::load;
use salvaguarda::output::Policy;
use salvaguarda::source::SourceFile;
use salvaguarda::verify;

use super::{BAD_INPUT, OK, TextFormat};

/// A file or folder that passed: what `lint` says of it.
struct Passed {
    file: String,
    /// `checklist` or `answers`.
    kind: &'static str,
    id: String,
    version: String,
    /// Items (a checklist), or answers given other than `unknown` (an answers file).
    count: usize,
    /// Answers still `unknown` (an answers file).
    unknown: usize,
    /// Items of the checklist.
    total: usize,
}

enum Target {
    Checklist(PathBuf),
    Answers(PathBuf, SourceFile),
}

pub fn lint(
    catalog: &Catalog,
    files: &[PathBuf],
    strict: bool,
    checklist: Option<&str>,
    bill_files: &[PathBuf],
    format: TextFormat,
) -> u8 {
    let mut diags = Diagnostics::new();
    let bill = if bill_files.is_empty() {
        None
    } else {
        let (b, more) = Bill::load(bill_files);
        diags.extend(more.iter().cloned());
        match b {
            Some(b) => Some(b),
            None => return finish(diags, strict, &[], format),
        }
    };
    let mut targets = Vec::new();
    let mut seen_dirs = BTreeSet::new();
    for path in files {
        if path.is_dir() {
            if seen_dirs.insert(path.canonicalize().unwrap_or(path.clone())) {
                targets.push(Target::Checklist(path.clone()));
            }
            continue;
        }
        let file = match input::read_source(path, Kind::Checklist) {
            Ok(f) => f,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        // Syntax errors are reported here; a valid file is sorted by what it holds.
        let parsed = match load::parse(file.clone()) {
            Ok(p) => p,
            Err(errs) => {
                diags.extend(errs);
                continue;
            }
        };
        if catalog::is_answers(&parsed) {
            targets.push(Target::Answers(path.clone(), file));
        } else if parsed.json.as_object().is_some_and(|o| {
            [
                "checklist",
                "sources",
                "areas",
                "tags",
                "verdicts",
                "items",
                "profiles",
                "topics",
                "indicators",
                "negations",
            ]
            .iter()
            .any(|k| o.contains_key(*k))
        }) {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if seen_dirs.insert(dir.canonicalize().unwrap_or(dir.clone())) {
                targets.push(Target::Checklist(dir));
            }
        } else {
            diags.push(
                Diagnostic::error(Code::UnknownFileKind, tr("diag_not_a_file_kind", &[]))
                    .in_file(&file.name)
                    .with_help(tr("diag_not_a_file_kind_help", &[])),
            );
        }
    }

    let mut loaded: Vec<Checklist> = Vec::new();
    let mut summary: Vec<Passed> = Vec::new();
    for t in &targets {
        if let Target::Checklist(dir) = t {
            let (c, more) = catalog.load_dir(dir);
            diags.extend(more.iter().cloned());
            let clean = !(more.has_errors() || strict && !more.is_empty());
            if let Some(c) = c {
                if clean {
                    summary.push(Passed {
                        file: dir.display().to_string(),
                        kind: "checklist",
                        id: c.header.id.clone(),
                        version: c.header.version.clone(),
                        count: c.items.len(),
                        unknown: 0,
                        total: c.items.len(),
                    });
                }
                loaded.push(c);
            }
        }
    }
    let override_checklist = match checklist {
        Some(name) => {
            let (c, more) = if Path::new(name).is_dir() {
                catalog.load_dir(Path::new(name))
            } else {
                catalog.load(name)
            };
            diags.extend(more.iter().cloned());
            match c {
                Some(c) => Some(c),
                None => return finish(diags, strict, &summary, format),
            }
        }
        None => None,
    };
    // Loaded once, shared by every answers file.
    let pre: Vec<Arc<Checklist>> = override_checklist
        .iter()
        .cloned()
        .chain(loaded.iter().cloned())
        .map(Arc::new)
        .collect();
    for t in targets {
        if let Target::Answers(path, file) = t {
            let id = override_checklist.as_ref().map(|c| c.header.id.clone());
            let (a, mut more) = assess::load(file.clone(), catalog, id.as_deref(), &pre);
            if let (Some(a), Some(bill)) = (&a, &bill) {
                more.extend(verify::diagnostics(&file, &a.answers, bill).iter().cloned());
            }
            diags.extend(more.iter().cloned());
            let clean = !(more.has_errors() || strict && !more.is_empty());
            if let Some(a) = a.as_ref().filter(|_| clean) {
                let unknown = a
                    .answers
                    .answers
                    .values()
                    .filter(|x| x.answer == salvaguarda::model::AnswerValue::Unknown)
                    .count();
                summary.push(Passed {
                    file: input::display_name(&path),
                    kind: "answers",
                    id: a.checklist.header.id.clone(),
                    version: a.checklist.header.version.clone(),
                    count: a.answers.answers.len() - unknown,
                    unknown,
                    total: a.checklist.items.len(),
                });
            }
            super::keep_until_exit(a);
        }
    }
    finish(diags, strict, &summary, format)
}

fn finish(mut diags: Diagnostics, strict: bool, passed: &[Passed], format: TextFormat) -> u8 {
    if strict {
        diags.make_strict();
    }
    let written = match format {
        TextFormat::Text => {
            let summary: String = passed
                .iter()
                .map(|p| {
                    let line = match p.kind {
                        "checklist" => tr(
                            "cli_lint_ok_checklist",
                            &[
                                ("file", &p.file),
                                ("id", &p.id),
                                ("version", &p.version),
                                ("items", &p.count),
                            ],
                        ),
                        _ => tr(
                            "cli_lint_ok_answers",
                            &[
                                ("file", &p.file),
                                ("id", &p.id),
                                ("version", &p.version),
                                ("settled", &p.count),
                                ("total", &p.total),
                                ("unknown", &p.unknown),
                            ],
                        ),
                    };
                    line + "\n"
                })
                .collect();
            let written = super::write_out(None, summary.as_bytes(), Policy::default());
            super::print_diags(&diags);
            written
        }
        TextFormat::Json => {
            let (errors, warnings) = diags.counts();
            let doc = serde_json::json!({
                "ok": passed.iter().map(|p| serde_json::json!({
                    "file": p.file,
                    "kind": p.kind,
                    "checklist": p.id,
                    "version": p.version,
                    if p.kind == "checklist" { "items" } else { "answered" }: p.count,
                    "unknown": p.unknown,
                })).collect::<Vec<_>>(),
                "diagnostics": diags.sorted().iter().map(|d| d.to_json()).collect::<Vec<_>>(),
                "errors": errors,
                "warnings": warnings,
            });
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
            super::write_out(None, text.as_bytes(), Policy::default())
        }
    };
    if diags.has_errors() || written.is_err() {
        BAD_INPUT
    } else {
        OK
    }
}
