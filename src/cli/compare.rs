//! `compare`: many answers files side by side, in parallel, with a progress bar on a terminal.

use salvaguarda::i18n::tr;
use std::io::IsTerminal as _;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::compare::{self, SortKey};
use salvaguarda::diag::Diagnostics;
use salvaguarda::report::{CompareFormat, Templates, render_compare};

use salvaguarda::output::Policy;

use super::{BAD_INPUT, FailOn, GATE_FAILED, OK, fail, parse_score, print_diags, say, write_out};

/// Arguments of `compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Answers files, or folders whose `*.toml` files are all compared.
    #[arg(required = true, value_name = "ANSWERS")]
    pub files: Vec<PathBuf>,
    /// The checklist every file must answer (id or folder). Default: the one the first file names.
    #[arg(long, value_name = "CHECKLIST")]
    pub checklist: Option<String>,
    /// The standard whose score, verdict and areas are shown (a profile id). Default: the
    /// checklist's default. Every standard's score is shown too.
    #[arg(long)]
    pub profile: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: CompareFormat,
    /// Row order.
    #[arg(long, value_enum, default_value = "jurisdiction")]
    pub sort: SortKey,
    /// Language of the labels (default: the checklist's first language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Leave out files with warnings too (unanswered items...), not only files with errors.
    #[arg(long)]
    pub strict: bool,
    /// Exit with 1 if any assessment scores below N (0 to 100).
    #[arg(long, value_name = "N", value_parser = parse_score)]
    pub fail_under: Option<f64>,
    /// Exit with 1 if any assessment fails: `red-line` on a red line breached or not verified,
    /// `breach` on a confirmed breach only, `critical` on a critical safeguard not fully met.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Vec<FailOn>,
    /// Write to this file instead of standard output (`-`: standard output). A new file is
    /// written atomically; an existing one is replaced only with --overwrite, an input never.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it exists (never a file the command reads).
    #[arg(long)]
    pub overwrite: bool,
}

/// Files named, with folders expanded to their `*.toml` files in name order.
fn expand(files: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for f in files {
        if f.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(f)
                .map_err(|e| {
                    tr(
                        "cli_cannot_read_folder",
                        &[
                            ("dir", &f.display()),
                            ("error", &salvaguarda::input::io_detail(&e)),
                        ],
                    )
                })?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            inside.sort();
            out.extend(inside);
        } else {
            out.push(f.clone());
        }
    }
    Ok(out)
}

/// The profile asked for, or the checklist's default; an unknown one is a usage error.
pub(super) fn profile_of(c: &Checklist, asked: Option<&str>) -> Result<String, String> {
    let profile = asked
        .map(str::to_string)
        .unwrap_or_else(|| c.header.default_profile.clone());
    if c.profile(&profile).is_none() {
        let known: Vec<&str> = c.profiles.iter().map(|p| p.id.as_str()).collect();
        return Err(tr(
            "cli_no_such_profile",
            &[
                ("profile", &profile),
                ("id", &c.header.id),
                ("known", &known.join(", ")),
            ],
        ));
    }
    Ok(profile)
}

/// The language asked for, or `fallback` if the checklist has it, or the checklist's default.
pub(super) fn lang_of(
    c: &Checklist,
    asked: Option<&str>,
    fallback: Option<&str>,
) -> Result<String, String> {
    match asked {
        Some(l) if !c.header.languages.iter().any(|x| x == l) => Err(tr(
            "cli_lang_not_in_checklist",
            &[
                ("lang", &l),
                ("id", &c.header.id),
                ("languages", &c.header.languages.join(", ")),
            ],
        )),
        Some(l) => Ok(l.to_string()),
        None => Ok(fallback
            .filter(|l| c.header.languages.iter().any(|x| x == l))
            .unwrap_or_else(|| c.default_language())
            .to_string()),
    }
}

pub fn compare(catalog: &Catalog, templates: &Templates, args: &CompareArgs) -> u8 {
    let files = match expand(&args.files) {
        Ok(f) if f.is_empty() => {
            return fail(&tr("cli_compare_no_files", &[]));
        }
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let checklist = match compare::checklist_for(&files, catalog, args.checklist.as_deref()) {
        Ok(c) => c,
        Err(d) => {
            print_diags(&d);
            return BAD_INPUT;
        }
    };
    let profile = match profile_of(&checklist, args.profile.as_deref()) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let lang = match lang_of(&checklist, args.lang.as_deref(), None) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };

    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(files.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} files, {eta} left")
                .expect("the progress template is valid"),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut outcomes =
        compare::compare_files(&files, catalog, &checklist, &profile, &|| bar.inc(1));
    bar.finish_and_clear();
    if args.strict {
        // A file with warnings is left out like a file with errors.
        for o in &mut outcomes {
            if let compare::Outcome::Row(row, d) = o
                && !d.is_empty()
            {
                let mut d = std::mem::take(d);
                d.make_strict();
                *o = compare::Outcome::Failed(row.file.clone(), d);
            }
        }
    }
    let (matrix, diags): (_, Diagnostics) =
        compare::assemble(outcomes, &checklist, &profile, args.sort);
    print_diags(&diags);
    if matrix.rows.is_empty() {
        say(&format!(
            "{}: {}",
            tr("cli_error", &[]),
            tr("cli_compare_none", &[("n", &files.len())])
        ));
        return BAD_INPUT;
    }

    let text = match render_compare(&matrix, &checklist, &lang, args.format, templates) {
        Ok(t) => t,
        Err(e) => return fail(&e.to_string()),
    };
    if let Err(c) = write_out(
        args.output.as_deref(),
        text.as_bytes(),
        Policy::overwrite(args.overwrite),
    ) {
        return c;
    }
    if !matrix.skipped.is_empty() {
        say(&format!(
            "{}: {}",
            tr("cli_error", &[]),
            tr(
                "cli_compare_some",
                &[("skipped", &matrix.skipped.len()), ("n", &files.len())]
            )
        ));
        return BAD_INPUT;
    }
    let mut code = OK;
    for r in &matrix.rows {
        if let Some(n) = args.fail_under
            && (!r.score.is_finite() || r.score < n)
        {
            say(&tr(
                "cli_gate_file_score",
                &[
                    ("file", &r.file),
                    (
                        "score",
                        &salvaguarda::i18n::number(salvaguarda::i18n::ui(), r.score, 1),
                    ),
                    ("n", &n),
                ],
            ));
            code = GATE_FAILED;
        }
        if (args.fail_on.contains(&FailOn::RedLine) || args.fail_on.contains(&FailOn::Breach))
            && !r.red_line_breaches.is_empty()
        {
            say(&tr(
                "cli_gate_file_breached",
                &[("file", &r.file), ("ids", &r.red_line_breaches.join(", "))],
            ));
            code = GATE_FAILED;
        }
        // `red-line` is conservative: a red line not verified fails it too (`breach` does not).
        if args.fail_on.contains(&FailOn::RedLine) && !r.red_lines_unverified.is_empty() {
            say(&tr(
                "cli_gate_file_unverified",
                &[
                    ("file", &r.file),
                    ("ids", &r.red_lines_unverified.join(", ")),
                ],
            ));
            code = GATE_FAILED;
        }
        if args.fail_on.contains(&FailOn::Critical) && !r.critical_gaps.is_empty() {
            say(&tr(
                "cli_gate_file_critical",
                &[("file", &r.file), ("ids", &r.critical_gaps.join(", "))],
            ));
            code = GATE_FAILED;
        }
    }
    code
}
