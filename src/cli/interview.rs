//! `interview`: answer a checklist in the terminal, saving after every answer.

use salvaguarda::i18n::tr;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use salvaguarda::answers;
use salvaguarda::assess;
use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::evaluate::evaluate;
use salvaguarda::interview::{Interview, Store};
use salvaguarda::model::AnswersFile;
use salvaguarda::report::{Format, Templates, render};
use salvaguarda::validate;

use salvaguarda::input::{self, Kind};
use salvaguarda::output::{self, Policy};

use super::{BAD_INPUT, OK, fail, fail_with, print_diags, say, term};

/// The interview's answers file is its own document: read, then saved again after every answer.
const OWN_FILE: Policy = Policy {
    overwrite: false,
    own_file: true,
};

/// Saves to the answers file: reads it back first and changes only what this session changed,
/// so answers given meanwhile in another session (or by hand) are kept, then writes atomically.
struct FileStore<'a> {
    path: PathBuf,
    checklist: &'a Checklist,
}

impl Store for FileStore<'_> {
    fn save(&mut self, file: &AnswersFile, changed: Option<&str>) -> Result<AnswersFile, String> {
        let shown = self.path.display();
        let mut merged = match std::fs::symlink_metadata(&self.path) {
            Err(e) if e.kind() == ErrorKind::NotFound => file.clone(),
            _ => {
                let text = input::read_source(&self.path, Kind::Answers)
                    .map_err(|d| format!("{shown}: {}", d.message))?
                    .text;
                answers::from_toml(&text).map_err(|e| {
                    tr(
                        "cli_interview_not_answers",
                        &[("file", &shown), ("error", &e)],
                    )
                })?
            }
        };
        match changed {
            Some(id) => match file.answers.get(id) {
                Some(a) => {
                    merged.answers.insert(id.to_string(), a.clone());
                }
                None => {
                    merged.answers.remove(id);
                }
            },
            None => merged.assessment = file.assessment.clone(),
        }
        let text = answers::to_toml(&merged, Some(self.checklist));
        output::write(Some(&self.path), text.as_bytes(), OWN_FILE).map_err(|d| d.message)?;
        Ok(merged)
    }
}

pub fn interview(
    catalog: &Catalog,
    templates: &Templates,
    name: &str,
    lang: Option<&str>,
    output: &Path,
) -> u8 {
    let (c, diags) = catalog.load(name);
    let Some(c) = c else {
        print_diags(&diags);
        return BAD_INPUT;
    };
    // Shared with the answers file loaded against it.
    let c = std::sync::Arc::new(c);
    // A folder, a link to nothing or a disk is refused before any question is asked; so is
    // standard output, which the questions themselves use.
    match output::decide(Some(output), OWN_FILE) {
        Err(d) => return fail_with(d),
        Ok(output::Dest::Create(_) | output::Dest::Replace(_)) => {}
        Ok(_) => {
            return fail(&tr(
                "cli_interview_needs_file",
                &[("file", &output.display())],
            ));
        }
    }
    let existing = output.exists();
    let file = if existing {
        let src = match input::read_source(output, Kind::Answers) {
            Ok(f) => f,
            Err(d) => return fail_with(d),
        };
        let (a, diags) = assess::load(src, catalog, Some(&c.header.id), std::slice::from_ref(&c));
        match a.filter(|_| !diags.has_errors()) {
            Some(a) => a.answers,
            None => {
                print_diags(&diags);
                say(&tr(
                    "cli_interview_fix_first",
                    &[("file", &output.display())],
                ));
                return BAD_INPUT;
            }
        }
    } else {
        answers::new_file(&c, "", "")
    };
    let lang = match lang {
        Some(l) if !c.header.languages.iter().any(|x| x == l) => {
            return fail(&tr(
                "cli_lang_not_in_checklist",
                &[
                    ("lang", &l),
                    ("id", &c.header.id),
                    ("languages", &c.header.languages.join(", ")),
                ],
            ));
        }
        Some(l) => l.to_string(),
        None => file
            .assessment
            .language
            .clone()
            .filter(|l| c.header.languages.contains(l))
            .unwrap_or_else(|| c.default_language().to_string()),
    };
    // On a terminal the report goes through the pager, and the interview then shows its
    // verdict, so the prompt comes back under the verdict rather than under the sources.
    let pager = term::pager();
    let report = |f: &AnswersFile| -> String {
        let sha = validate::sha256(&answers::to_toml(f, Some(&c)));
        let result = evaluate(&c, f, &sha, &c.header.default_profile);
        let text =
            render(&result, &c, &lang, Format::Md, templates).unwrap_or_else(|e| e.to_string());
        match &pager {
            Some(cmd) if term::run_pager(cmd, &text) => {
                term::verdict_section(&text).unwrap_or_default()
            }
            _ => text,
        }
    };
    let mut store = FileStore {
        path: output.to_path_buf(),
        checklist: &c,
    };
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut iv = Interview::new(
        &c,
        &lang,
        file,
        stdin.lock(),
        stdout.lock(),
        &mut store,
        &report,
    )
    .with_width(term::stdout_width());
    let shown = output.display().to_string();
    if let Err(e) = iv.intro(&shown) {
        return interrupted(&e);
    }
    if !existing {
        match iv.ask_details() {
            Ok(true) => {}
            Ok(false) => {
                say(&tr("cli_interview_stopped", &[]));
                return OK;
            }
            Err(e) => return interrupted(&e),
        }
    }
    match iv.run(existing, &shown) {
        Ok(_) => OK,
        Err(e) => interrupted(&e),
    }
}

/// The exit code when the interview stops on an error. A closed standard output (the terminal
/// or the pipe went away) ends it quietly: every answer given is already saved.
fn interrupted(e: &salvaguarda::interview::Error) -> u8 {
    match e {
        salvaguarda::interview::Error::Io(io) if io.kind() == ErrorKind::BrokenPipe => OK,
        _ => fail(&e.to_string()),
    }
}
