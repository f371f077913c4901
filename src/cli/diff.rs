//! `diff`: what changed between two versions of a bill, or where two assessors disagree.

use salvaguarda::i18n::tr;
use std::path::Path;

use salvaguarda::assess::{self, Assessment};
use salvaguarda::catalog::Catalog;
use salvaguarda::diag::Diagnostics;
use salvaguarda::diff::{self, Mode};
use salvaguarda::evaluate::evaluate;
use salvaguarda::input::{self, Kind};
use salvaguarda::output::Policy;
use salvaguarda::report::{DiffFormat, Templates, render_diff};

use super::compare::{lang_of, profile_of};
use super::{BAD_INPUT, GATE_FAILED, OK, fail, print_diags, say, write_out};

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier version (or the first assessor's answers); `-`: standard input.
    pub old: std::path::PathBuf,
    /// The later version (or the second assessor's answers); `-`: standard input.
    pub new: std::path::PathBuf,
    /// Score both against this checklist (id or folder) instead of the one OLD names.
    #[arg(long, value_name = "CHECKLIST")]
    pub checklist: Option<String>,
    /// The standard to compare under (a profile id). Every standard's score is shown too.
    #[arg(long)]
    pub profile: Option<String>,
    /// Present the files as two assessors of one bill (side by side, "disagreements"). This is
    /// automatic when both name the same jurisdiction, instrument and version and different
    /// assessors.
    #[arg(long)]
    pub assessors: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: DiffFormat,
    /// Language of the report (default: NEW's language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Exit with 1 if NEW is worse than OLD: a lower score, a red line newly breached, or a
    /// safeguard lost.
    #[arg(long)]
    pub fail_on_regression: bool,
    /// Write to this file instead of standard output (`-`: standard output). A new file is
    /// written atomically; an existing one is replaced only with --overwrite, an input never.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Replace the -o file if it exists (never a file the command reads).
    #[arg(long)]
    pub overwrite: bool,
}

/// Loads two answers files against one checklist (the second must answer the first's).
pub(super) fn load_pair(
    catalog: &Catalog,
    old: &Path,
    new: &Path,
    checklist: Option<&str>,
) -> Result<(Assessment, Assessment), u8> {
    // Both are read before either is reported, so one run names every unreadable file.
    let (old_file, new_file) = (
        input::read_source(old, Kind::Answers),
        input::read_source(new, Kind::Answers),
    );
    let (old_file, new_file) = match (old_file, new_file) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let mut diags = Diagnostics::new();
            diags.extend(a.err().map(|d| *d));
            diags.extend(b.err().map(|d| *d));
            print_diags(&diags);
            return Err(BAD_INPUT);
        }
    };
    let (a, da) = assess::load(old_file, catalog, checklist, &[]);
    let mut diags = Diagnostics::new();
    diags.extend(da.iter().cloned());
    let b = match &a {
        Some(a) if !da.has_errors() => {
            let id = a.checklist.header.id.clone();
            let (b, db) = assess::load(
                new_file,
                catalog,
                Some(&id),
                std::slice::from_ref(&a.checklist),
            );
            diags.extend(db.iter().cloned());
            b
        }
        _ => {
            // Still check NEW, so that one run reports the problems of both.
            let (_, db) = assess::load(new_file, catalog, checklist, &[]);
            diags.extend(db.iter().cloned());
            None
        }
    };
    print_diags(&diags);
    match (a, b) {
        (Some(a), Some(b)) if !diags.has_errors() => Ok((a, b)),
        _ => Err(BAD_INPUT),
    }
}

pub fn diff(catalog: &Catalog, templates: &Templates, args: &DiffArgs) -> u8 {
    let (a, b) = match load_pair(catalog, &args.old, &args.new, args.checklist.as_deref()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let c = &a.checklist;
    let profile = match profile_of(c, args.profile.as_deref()) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let lang = match lang_of(
        c,
        args.lang.as_deref(),
        b.answers.assessment.language.as_deref(),
    ) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let old = evaluate(c, &a.answers, &a.sha256, &profile);
    let new = evaluate(c, &b.answers, &b.sha256, &profile);
    let mode = if args.assessors {
        Mode::Assessors
    } else {
        diff::guess_mode(&old.assessment, &new.assessment)
    };
    let d = diff::diff(&old, &new, mode);
    let text = match render_diff(&d, c, &lang, args.format, templates) {
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
    if args.fail_on_regression {
        let mut why = Vec::new();
        if d.score.delta < 0.0 {
            let ui = salvaguarda::i18n::ui();
            why.push(tr(
                "cli_gate_score_fell",
                &[
                    ("old", &salvaguarda::i18n::number(ui, d.score.old, 1)),
                    ("new", &salvaguarda::i18n::number(ui, d.score.new, 1)),
                ],
            ));
        }
        if !d.red_lines_breached.is_empty() {
            why.push(tr(
                "cli_gate_newly_breached",
                &[("ids", &d.red_lines_breached.join(", "))],
            ));
        }
        if !d.lost.is_empty() {
            why.push(tr("cli_gate_lost", &[("ids", &d.lost.join(", "))]));
        }
        if !why.is_empty() {
            say(&tr("cli_gate_regression", &[("why", &why.join("; "))]));
            return GATE_FAILED;
        }
    }
    OK
}
