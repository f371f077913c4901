//! The command line: argument types (clap) and one thin function per subcommand that loads the
//! inputs, calls the library and writes the output. Diagnostics are printed once, to stderr.

mod compare;
mod diff;
mod export;
mod import;
mod init;
mod interview;
mod lint;
mod plan;
mod report;
mod scan;
#[cfg(feature = "serve")]
mod serve;
mod show;
mod templates;
mod term;
mod upgrade;

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand};
use salvaguarda::catalog::Catalog;
use salvaguarda::diag::{Diagnostic, Diagnostics};
use salvaguarda::output::{self, Policy};
use salvaguarda::report::{Format, ShowFormat, Templates};
use salvaguarda::scan::ScanFormat;

/// Exit codes.
pub const OK: u8 = 0;
/// A gate the user asked for (`--fail-under`, `--fail-on`) failed.
pub const GATE_FAILED: u8 = 1;
/// Bad input or usage.
pub const BAD_INPUT: u8 = 2;

const AFTER_HELP: &str = "\
Exit codes: 0 success; 1 the assessment fails a gate you asked for (--fail-under, --fail-on);
2 bad input or usage (every problem is listed with file:line:column), or output that cannot be
written.

Output: -o FILE is written atomically; an existing file is replaced only with --overwrite, a
file the command reads never; a device or pipe (-o /dev/null) is written through. -o - is
standard output, and - reads standard input where a command reads one file. Inputs have size
limits (see the README).

Start with `salvaguarda demo`, then `salvaguarda init uncc-safeguards -o my-bill.toml`,
answer the questions in that file, and run `salvaguarda report my-bill.toml`.";

/// Checks a state's surveillance and cybercrime legislation against human-rights safeguards.
///
/// salvaguarda asks which surveillance powers a bill creates (real-time collection of traffic
/// data, interception, compelled disclosure, cross-border sharing) and whether each comes with
/// the safeguards that the UN Convention against Cybercrime, the Inter-American human-rights
/// system and the Necessary and Proportionate principles require. The answers are scored under
/// each standard and rendered as a gap report with citations.
#[derive(Debug, Parser)]
#[command(name = "salvaguarda", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Args {
    /// A folder of checklist folders to use besides (and before) the embedded ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    /// A folder of templates that replace the embedded ones, file by file (see `templates --eject`).
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Colour diagnostics: auto (only on a terminal, and not when NO_COLOR is set;
    /// CLICOLOR_FORCE=1 forces it), always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    pub color: term::ColorChoice,

    /// Print long reports (demo, report, show) straight to the terminal instead of through the
    /// pager ($PAGER, default `less -FRX`; a pipe or a file is never paged).
    #[arg(long, global = true)]
    pub no_pager: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// Output formats of `list` and `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextFormat {
    /// Lines for a person.
    Text,
    /// One JSON document on standard output, for scripts and editors.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the checklists available (embedded and --catalog).
    ///
    /// Example: salvaguarda list --format json
    List {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: TextFormat,
    },

    /// Print a checklist: every question, what counts as each answer, how to fix a gap, and the
    /// full citations; or one question of it.
    ///
    /// On a terminal the checklist goes through the pager (see --no-pager).
    ///
    /// Example: salvaguarda show uncc-safeguards --lang es
    ///
    /// Example: salvaguarda show uncc-safeguards location-prior-judicial-order --lang pt
    Show {
        /// A checklist id (see `list`) or a checklist folder; or, alone, the id of one question
        /// of an embedded checklist.
        checklist: String,
        /// Show only this question (an item id of the checklist).
        #[arg(value_name = "ITEM")]
        item: Option<String>,
        /// Language of the texts (default: the checklist's first language).
        #[arg(long)]
        lang: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: ShowFormat,
        /// Write to this file instead of standard output (`-`: standard output). A new file is
        /// written atomically; an existing one is replaced only with --overwrite, an input never.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the -o file if it exists (never a file the command reads).
        #[arg(long)]
        overwrite: bool,
    },

    /// Check checklists and answers files and report every problem with file:line:column.
    ///
    /// A folder is read as one checklist; a checklist file is checked with the rest of its
    /// folder; an answers file is checked against the checklist it names.
    ///
    /// Every problem is reported in one run: a value that is not allowed does not hide an
    /// unknown question, and the other way round.
    ///
    /// Example: salvaguarda lint checklists/* examples/*
    ///
    /// Example: salvaguarda lint --format json my-bill.toml
    Lint {
        /// Files or folders to check (`-`: standard input).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Treat warnings (missing translations, unanswered items...) as errors.
        #[arg(long)]
        strict: bool,
        /// Check answers files against this checklist (id or folder) instead of the one they name.
        #[arg(long, value_name = "CHECKLIST")]
        checklist: Option<String>,
        /// Check every evidence quote and article of the answers files against this bill text
        /// (plain text or Markdown; give several files with several --bill; `-`: standard input).
        #[arg(long, value_name = "FILE")]
        bill: Vec<PathBuf>,
        /// Output format: text (diagnostics on standard error) or json (one document on
        /// standard output: the files that passed and every diagnostic with code, severity,
        /// file, line, column, pointer and message).
        #[arg(long, value_enum, default_value = "text")]
        format: TextFormat,
    },

    /// Write an answers template: every question with its guidance and allowed answers as
    /// comments, in the chosen language, every answer set to "unknown".
    ///
    /// Example: salvaguarda init uncc-safeguards --lang pt -o projeto.toml
    Init {
        /// A checklist id (see `list`) or a checklist folder.
        checklist: String,
        /// Language of the comments, and the report language recorded in the file.
        #[arg(long)]
        lang: Option<String>,
        /// Write to this file instead of standard output (`-`: standard output). An existing
        /// file is replaced only with --overwrite.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the -o file if it exists (never a file the command reads).
        #[arg(long)]
        overwrite: bool,
    },

    /// Score an answers file and render the gap report.
    ///
    /// Example: salvaguarda report examples/mixed.toml --profile inter-american --lang es
    Report(ReportArgs),

    /// Compare many assessments side by side: every state's (or every version's) score,
    /// verdict and red lines under each standard and per area, as a matrix.
    ///
    /// Files are checked and scored in parallel; a file with errors is reported and left out,
    /// the others are still compared, and the exit code is then 2. Gates apply to every file.
    ///
    /// Example: salvaguarda compare answers/*.toml --format html -o matrix.html
    Compare(compare::CompareArgs),

    /// What changed between two versions of a bill: safeguards gained and lost, answers that
    /// moved (with both answers and evidence), score deltas per area and per standard, and red
    /// lines cleared or newly breached. Two assessors of one version are shown side by side.
    ///
    /// Example: salvaguarda diff draft-v1.toml draft-v2.toml --format html -o changes.html
    Diff(diff::DiffArgs),

    /// Which amendments matter most: every gap ranked by the score its fix would recover, the
    /// smallest set of fixes that clears every red line, and the smallest that reaches the next
    /// verdict band.
    ///
    /// Example: salvaguarda plan examples/mixed.toml --profile inter-american
    Plan(plan::PlanArgs),

    /// Answer a checklist in the terminal, question by question, saving after every answer.
    ///
    /// Shows each question with what counts as each answer and the sources; asks for the
    /// answer, the evidence (article and the bill's own words) and a note. Questions whose power
    /// the bill does not create are skipped. Every answer is written to FILE at once (atomically),
    /// so nothing is lost if the terminal closes; run the same command again to resume where you
    /// stopped or to revisit any answer. Works with piped input too (one line per prompt).
    ///
    /// Example: salvaguarda interview uncc-safeguards --lang es -o proyecto.toml
    Interview {
        /// A checklist id (see `list`) or a checklist folder.
        checklist: String,
        /// Language of the questions and prompts (default: the file's, or the checklist's first).
        #[arg(long)]
        lang: Option<String>,
        /// The answers file to write; resumed when it exists.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },

    /// Write a questionnaire to fill in a spreadsheet: every question with its guidance and
    /// sources beside the answer cell, a drop-down list of the allowed answers, and columns
    /// for evidence and notes.
    ///
    /// Example: salvaguarda export uncc-safeguards --format xlsx --lang pt -o questionario.xlsx
    Export {
        /// A checklist id (see `list`) or a checklist folder.
        checklist: String,
        /// xlsx (a workbook with drop-down lists) or csv (one table).
        #[arg(long, value_enum, default_value = "xlsx")]
        format: salvaguarda::questionnaire::SheetFormat,
        /// Language of the questions and labels (default: the answers file's, or the checklist's first).
        #[arg(long)]
        lang: Option<String>,
        /// Pre-fill the questionnaire from this answers file (`-`: standard input).
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Write to this file (`-`: standard output; csv goes there without -o, xlsx needs -o).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists (a filled questionnaire is never replaced
        /// otherwise, and a file the command reads never).
        #[arg(long)]
        overwrite: bool,
    },

    /// Turn a filled questionnaire (xlsx or csv, from `export`) back into an answers file.
    ///
    /// Every cell that cannot be read is reported by its reference (e.g. Perguntas!D14) with
    /// what was expected, and then nothing is written. The answers file is checked like `lint`
    /// checks one.
    ///
    /// Example: salvaguarda import questionario.xlsx -o projeto.toml
    Import {
        /// The filled questionnaire: a .xlsx workbook or a .csv table (`-`: standard input).
        file: PathBuf,
        /// The answers file to write (`-`: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Replace the answers file if it exists (otherwise an existing file is never touched,
        /// and the questionnaire read never).
        #[arg(long)]
        overwrite: bool,
        /// Read the answers against this checklist (id or folder) instead of the one recorded.
        #[arg(long, value_name = "CHECKLIST")]
        checklist: Option<String>,
        /// Treat warnings (a CSV that is not UTF-8, questions left unanswered...) as errors:
        /// then nothing is written.
        #[arg(long)]
        strict: bool,
    },

    /// Carry an answers file to the current version of its checklist.
    ///
    /// Follows the checklist's migrations from the version the file names: renamed questions
    /// keep their answers; a question split in several gives its answer to each, with a note to
    /// check it; merged questions get the least favourable of the old answers, every note and
    /// every quote; re-framed questions keep their answer with a note to check it; new questions
    /// are added as "unknown"; answers to removed questions are kept as comments at the end.
    /// Nothing the assessor wrote is lost. The original file is never changed: the upgraded
    /// file goes to -o (never replacing an existing file without --overwrite) or to standard
    /// output. What changed is listed on standard error.
    ///
    /// Example: salvaguarda upgrade proyecto.toml -o proyecto-2.0.toml
    Upgrade {
        /// The answers file to carry forward.
        file: PathBuf,
        /// Write the upgraded file here (never the input itself).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        overwrite: bool,
        /// Upgrade to this checklist (id or folder) instead of the one the file names.
        #[arg(long, value_name = "CHECKLIST")]
        checklist: Option<String>,
    },

    /// List the report templates, or copy them into a folder to edit them.
    ///
    /// The templates (handlebars, and the CSS the HTML formats inline) are compiled into the
    /// binary. `--eject DIR` writes them into DIR (created if needed; it refuses to overwrite any
    /// existing file and then writes nothing). Edit them and pass `--templates DIR` to any command:
    /// each file there replaces the embedded one of the same name.
    ///
    /// Example: salvaguarda templates --eject my-templates
    Templates {
        /// Copy the embedded templates into this folder.
        #[arg(long, value_name = "DIR")]
        eject: Option<PathBuf>,
    },

    /// Find where a bill's text settles each question: the articles most likely to answer it,
    /// with the matching passages highlighted, and the red flags of the whole text (wording that
    /// removes a judicial order, allows secrecy, reaches any offence). A reading aid, not an
    /// answer. With --prefill, write a draft answers file instead: every answer "unknown", with
    /// the suggested evidence attached.
    ///
    /// Example: salvaguarda scan proyecto.txt --checklist uncc-safeguards --lang es
    Scan(ScanArgs),

    /// The assessment workbench: answer in a local web page, with the bill's text beside the
    /// questions.
    ///
    /// Prints a local address (with a random token) and serves a page where each question
    /// comes with its guidance, sources and what to amend; the bill is split into articles, the
    /// passages `scan` suggests are highlighted, and selected words are attached as evidence
    /// (article and exact quote). The verdict, the scores and the per-power view update after
    /// every answer, and the reports can be downloaded in any language. Every change is saved
    /// to ANSWERS at once (atomically, in the layout `init` and `interview` use); running the
    /// command again resumes. A change made to the file meanwhile (by hand, or in another tab)
    /// is never overwritten: the page says so and offers to reload. Listens on 127.0.0.1 only,
    /// unless --listen says otherwise.
    ///
    /// Example: salvaguarda serve --bill proyecto.md proyecto.toml --open
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),

    /// Show the report for a bundled example bill (no files needed).
    ///
    /// On a terminal the report goes through the pager (see --no-pager) and its verdict is
    /// printed again at the end, so it stays on screen.
    ///
    /// Example: salvaguarda demo --lang pt
    Demo {
        /// Which bundled example: strong (English), mixed (Spanish) or red-lines (Portuguese).
        /// The report is in English unless --lang is given.
        #[arg(long, default_value = "mixed")]
        example: String,
        #[command(flatten)]
        render: RenderArgs,
    },

    /// Print a shell completion script.
    ///
    /// Example: salvaguarda completions bash > ~/.local/share/bash-completion/completions/salvaguarda
    ///
    /// Example: salvaguarda completions zsh > ~/.zfunc/_salvaguarda
    ///
    /// Example: salvaguarda completions fish > ~/.config/fish/completions/salvaguarda.fish
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff), for `man`.
    ///
    /// Example: salvaguarda man > salvaguarda.1 && man ./salvaguarda.1
    Man {
        /// Write to this file instead of standard output (`-`: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the -o file if it exists.
        #[arg(long)]
        overwrite: bool,
    },
}

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The answers file (`-`: standard input).
    pub answers: PathBuf,
    /// Score against this checklist (id or folder) instead of the one the file names.
    #[arg(long, value_name = "CHECKLIST")]
    pub checklist: Option<String>,
    /// Fail if a safeguard that applies is unanswered (otherwise a warning).
    #[arg(long)]
    pub strict: bool,
    /// Check every evidence quote and article against this bill text (plain text or Markdown;
    /// give several files with several --bill; `-`: standard input); the report flags and counts what is not found.
    #[arg(long, value_name = "FILE")]
    pub bill: Vec<PathBuf>,
    /// Exit with 1 if the score is below N (0 to 100).
    #[arg(long, value_name = "N", value_parser = parse_score)]
    pub fail_under: Option<f64>,
    /// Exit with 1 if a red line is breached or not verified (red-line), only if one is
    /// breached (breach), or if a critical safeguard has a gap (critical). Repeatable.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Vec<FailOn>,
    #[command(flatten)]
    pub render: RenderArgs,
}

/// Arguments of `scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// The bill's text: plain text or Markdown, one or more files, read in the order given
    /// (`-`: standard input).
    #[arg(required = true, value_name = "BILL")]
    pub bill: Vec<PathBuf>,
    /// The checklist whose questions are looked for (id or folder).
    #[arg(long, value_name = "CHECKLIST", default_value = "uncc-safeguards")]
    pub checklist: String,
    /// Language of the report (default: the language of the text).
    #[arg(long)]
    pub lang: Option<String>,
    /// Language of the bill's text, whose phrases are matched (default: detected from the text).
    #[arg(long, value_name = "LANG")]
    pub text_lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: ScanFormat,
    /// How many articles to list per question.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=20))]
    pub top: u8,
    /// Write a draft answers file to -o instead of the report: every answer "unknown", with the
    /// suggested evidence (the bill's own words) attached.
    #[arg(long, requires = "output")]
    pub prefill: bool,
    /// Write to this file instead of standard output (`-`: standard output). A new file is
    /// written atomically; an existing one is replaced only with --overwrite, an input never.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it exists (never a file the command reads).
    #[arg(long)]
    pub overwrite: bool,
}

/// How to render a report.
#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// The standard to score (a profile id; see `show`). Default: the checklist's default.
    #[arg(long)]
    pub profile: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Language of the report (default: the answers file's language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Write to this file instead of standard output (`-`: standard output). A new file is
    /// written atomically; an existing one is replaced only with --overwrite, an input never.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it exists (never a file the command reads).
    #[arg(long)]
    pub overwrite: bool,
}

/// Gates for `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any red line breached, or not verified (answered unknown or not at all), under the
    /// profile: the conservative gate.
    RedLine,
    /// Any red line breached under the profile; red lines not yet verified do not fail it.
    Breach,
    /// Any critical safeguard not fully met under the profile.
    Critical,
}

pub(crate) fn parse_score(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| salvaguarda::i18n::tr("cli_not_a_number", &[("value", &s)]))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(salvaguarda::i18n::tr("cli_not_0_100", &[("value", &v)]))
    }
}

/// The `--lang` a command was given, if it has one.
fn lang_flag(c: &Command) -> Option<&str> {
    match c {
        Command::Show { lang, .. }
        | Command::Init { lang, .. }
        | Command::Interview { lang, .. }
        | Command::Export { lang, .. } => lang.as_deref(),
        Command::Report(r) => r.render.lang.as_deref(),
        Command::Demo { render, .. } => render.lang.as_deref(),
        Command::Scan(s) => s.lang.as_deref(),
        Command::Compare(a) => a.lang.as_deref(),
        Command::Diff(a) => a.lang.as_deref(),
        Command::Plan(a) => a.lang.as_deref(),
        _ => None,
    }
}

/// Runs a command and returns the exit code.
pub fn run(args: Args) -> u8 {
    term::init(args.color, args.no_pager);
    // The language of the messages: `--lang`, else the environment's (a report speaks the
    // answers file's language once it is read; see `salvaguarda::i18n`).
    salvaguarda::i18n::set_ui(salvaguarda::i18n::resolve(lang_flag(&args.command), None));
    let catalog = Catalog {
        dir: args.catalog.clone(),
    };
    if let Some(dir) = &args.catalog
        && !dir.is_dir()
    {
        return fail(&salvaguarda::i18n::tr(
            "cli_catalog_not_folder",
            &[("dir", &dir.display())],
        ));
    }
    let templates = match Templates::new(args.templates.as_deref()) {
        Ok(t) => t,
        Err(salvaguarda::report::RenderError::Input(d)) => return fail_with(*d),
        Err(e) => return fail(&e.to_string()),
    };
    match args.command {
        Command::List { format } => show::list(&catalog, format),
        Command::Show {
            checklist,
            item,
            lang,
            format,
            output,
            overwrite,
        } => show::show(
            &catalog,
            &templates,
            &checklist,
            item.as_deref(),
            lang.as_deref(),
            format,
            output.as_deref(),
            Policy::overwrite(overwrite),
        ),
        Command::Lint {
            files,
            strict,
            checklist,
            bill,
            format,
        } => lint::lint(
            &catalog,
            &files,
            strict,
            checklist.as_deref(),
            &bill,
            format,
        ),
        Command::Init {
            checklist,
            lang,
            output,
            overwrite,
        } => init::init(
            &catalog,
            &checklist,
            lang.as_deref(),
            output.as_deref(),
            Policy::overwrite(overwrite),
        ),
        Command::Report(r) => report::report(&catalog, &templates, &r),
        Command::Scan(s) => scan::scan(&catalog, &templates, &s),
        Command::Templates { eject } => {
            templates::templates(eject.as_deref(), args.templates.as_deref())
        }
        #[cfg(feature = "serve")]
        Command::Serve(a) => serve::serve(&catalog, &templates, &a),
        Command::Demo { example, render } => report::demo(&catalog, &templates, &example, &render),
        Command::Compare(a) => compare::compare(&catalog, &templates, &a),
        Command::Diff(a) => diff::diff(&catalog, &templates, &a),
        Command::Plan(a) => plan::plan(&catalog, &templates, &a),
        Command::Interview {
            checklist,
            lang,
            output,
        } => interview::interview(&catalog, &templates, &checklist, lang.as_deref(), &output),
        Command::Export {
            checklist,
            format,
            lang,
            answers,
            output,
            overwrite,
        } => export::export(
            &catalog,
            &checklist,
            format,
            lang.as_deref(),
            answers.as_deref(),
            output.as_deref(),
            overwrite,
        ),
        Command::Import {
            file,
            output,
            overwrite,
            checklist,
            strict,
        } => import::import(
            &catalog,
            &file,
            &output,
            overwrite,
            checklist.as_deref(),
            strict,
        ),
        Command::Upgrade {
            file,
            output,
            overwrite,
            checklist,
        } => upgrade::upgrade(
            &catalog,
            &file,
            output.as_deref(),
            overwrite,
            checklist.as_deref(),
        ),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Args::command(), "salvaguarda", &mut out);
            write_out(None, &out, Policy::default()).err().unwrap_or(OK)
        }
        Command::Man { output, overwrite } => man(output.as_deref(), overwrite),
    }
}

/// The manual page in roff: the command, its options, and a section per subcommand.
pub fn man_page() -> Vec<u8> {
    let cmd = Args::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    // Writing into memory cannot fail.
    let _ = man.render(&mut out);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        out.extend_from_slice(format!(".SH \"SALVAGUARDA {}\"\n", name.to_uppercase()).as_bytes());
        let sub = sub.clone().bin_name(format!("salvaguarda {name}"));
        let man = clap_mangen::Man::new(sub);
        let _ = man.render_synopsis_section(&mut out);
        let _ = man.render_description_section(&mut out);
        let _ = man.render_options_section(&mut out);
    }
    out
}

fn man(output: Option<&Path>, overwrite: bool) -> u8 {
    write_out(output, &man_page(), Policy::overwrite(overwrite))
        .err()
        .unwrap_or(OK)
}

/// Leaves a value to the end of the process instead of freeing it. Every command ends the process
/// right after it returns, and freeing a loaded checklist, an assessment or a report piece by
/// piece (thousands of strings and maps) only adds to the time a command takes.
pub fn keep_until_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Prints an error that has no file position (a usage error), and returns the bad-input code.
pub fn fail(message: &str) -> u8 {
    let error = salvaguarda::i18n::tr("cli_error", &[]);
    let plain = format!("{error}: {message}\n");
    let escaped = salvaguarda::diag::escape_controls(message);
    let styled = format!(
        "{}: {escaped}\n",
        salvaguarda::diag::error_word(true).replace("error", &error)
    );
    term::stderr_diagnostics(&plain, &styled);
    BAD_INPUT
}

/// Prints a line to stderr (a progress note or a gate's verdict); a closed stderr is ignored.
pub fn say(message: &str) {
    output::to_stderr(&format!("{message}\n"));
}

/// Prints diagnostics to stderr (if any).
pub fn print_diags(diags: &Diagnostics) {
    if !diags.is_empty() {
        if term::colour_stderr() {
            term::stderr_diagnostics("", &diags.render_styled(true));
        } else {
            output::to_stderr(&diags.render());
        }
    }
}

/// Prints one diagnostic, and returns the bad-input code.
pub fn fail_with(d: impl Into<Box<Diagnostic>>) -> u8 {
    let mut diags = Diagnostics::new();
    diags.push(*d.into());
    print_diags(&diags);
    BAD_INPUT
}

/// Writes a command's output where `-o` says (see [`salvaguarda::output`]); on a refusal or a
/// failure, prints the coded diagnostic and returns the bad-input code.
pub fn write_out(path: Option<&Path>, bytes: &[u8], policy: Policy) -> Result<(), u8> {
    output::write(path, bytes, policy).map_err(fail_with)
}
