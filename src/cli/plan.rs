//! `plan`: which amendments recover the most, and the smallest sets of fixes that clear every
//! red line and reach the next verdict band.

use salvaguarda::assess;
use salvaguarda::catalog::Catalog;
use salvaguarda::input::{self, Kind};
use salvaguarda::output::Policy;
use salvaguarda::plan;
use salvaguarda::report::{PlanFormat, Templates, render_plan};

use super::compare::{lang_of, profile_of};
use super::{BAD_INPUT, OK, fail, fail_with, print_diags, write_out};

/// Arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The answers file (`-`: standard input).
    pub answers: std::path::PathBuf,
    /// Score against this checklist (id or folder) instead of the one the file names.
    #[arg(long, value_name = "CHECKLIST")]
    pub checklist: Option<String>,
    /// The standard to plan for (a profile id). Default: the checklist's default.
    #[arg(long)]
    pub profile: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: PlanFormat,
    /// Language of the plan (default: the answers file's language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Write to this file instead of standard output (`-`: standard output). A new file is
    /// written atomically; an existing one is replaced only with --overwrite, an input never.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Replace the -o file if it exists (never a file the command reads).
    #[arg(long)]
    pub overwrite: bool,
}

pub fn plan(catalog: &Catalog, templates: &Templates, args: &PlanArgs) -> u8 {
    let file = match input::read_source(&args.answers, Kind::Answers) {
        Ok(f) => f,
        Err(d) => return fail_with(d),
    };
    let (a, diags) = assess::load(file, catalog, args.checklist.as_deref(), &[]);
    print_diags(&diags);
    let Some(a) = a.filter(|_| !diags.has_errors()) else {
        return BAD_INPUT;
    };
    let c = &a.checklist;
    let profile = match profile_of(c, args.profile.as_deref()) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let lang = match lang_of(
        c,
        args.lang.as_deref(),
        a.answers.assessment.language.as_deref(),
    ) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let p = plan::plan(c, &a.answers, &a.sha256, &profile);
    let text = match render_plan(&p, c, &lang, args.format, templates) {
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
    OK
}
