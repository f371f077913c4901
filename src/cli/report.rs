//! `report` and `demo`.

use salvaguarda::assess::{self, Assessment};
use salvaguarda::bill::Bill;
use salvaguarda::catalog::{self, Catalog};
use salvaguarda::diag::Diagnostics;
use salvaguarda::evaluate::evaluate;
use salvaguarda::i18n::{tr, ui};
use salvaguarda::input::{self, Kind};
use salvaguarda::model::Severity;
use salvaguarda::output::{self, Policy};
use salvaguarda::report::{Format, Templates, render};
use salvaguarda::source::SourceFile;
use salvaguarda::verify;

use super::{
    BAD_INPUT, FailOn, GATE_FAILED, OK, RenderArgs, ReportArgs, fail, fail_with, print_diags, say,
    term, write_out,
};

pub fn report(catalog: &Catalog, templates: &Templates, args: &ReportArgs) -> u8 {
    let file = match input::read_source(&args.answers, Kind::Answers) {
        Ok(f) => f,
        Err(d) => return fail_with(d),
    };
    let (a, mut diags) = assess::load(file.clone(), catalog, args.checklist.as_deref(), &[]);
    let bill = if args.bill.is_empty() {
        None
    } else {
        let (b, more) = Bill::load(&args.bill);
        diags.extend(more.iter().cloned());
        b
    };
    if let (Some(a), Some(b)) = (&a, &bill) {
        diags.extend(verify::diagnostics(&file, &a.answers, b).iter().cloned());
    }
    if args.strict {
        diags.make_strict();
    }
    if !args.bill.is_empty() && bill.is_none() {
        print_diags(&diags);
        return BAD_INPUT;
    }
    render_assessment(
        a,
        diags,
        templates,
        &args.render,
        bill.as_ref(),
        args.fail_under,
        &args.fail_on,
    )
}

pub fn demo(catalog: &Catalog, templates: &Templates, example: &str, render: &RenderArgs) -> u8 {
    // The demo speaks English unless asked otherwise, whatever the example's own language.
    let render = &RenderArgs {
        lang: Some(render.lang.clone().unwrap_or_else(|| "en".into())),
        ..render.clone()
    };
    let name = format!("{example}.toml");
    let Some(text) = catalog::example(&name) else {
        let known: Vec<&str> = catalog::embedded::EXAMPLES
            .iter()
            .map(|(n, _)| n.trim_end_matches(".toml"))
            .collect();
        return fail(&tr(
            "cli_no_example",
            &[("example", &example), ("known", &known.join(", "))],
        ));
    };
    let (a, diags) = assess::load(
        SourceFile::new(format!("<embedded>/examples/{name}"), text),
        catalog,
        None,
        &[],
    );
    render_assessment(a, diags, templates, render, None, None, &[])
}

/// Renders a report of `a` (its evidence checked against `bill`, if given), writes it where `-o`
/// says (never over an input: every file read is recorded), and applies the gates.
fn render_assessment(
    a: Option<Assessment>,
    diags: Diagnostics,
    templates: &Templates,
    args: &RenderArgs,
    bill: Option<&Bill>,
    fail_under: Option<f64>,
    fail_on: &[FailOn],
) -> u8 {
    print_diags(&diags);
    let Some(a) = a.filter(|_| !diags.has_errors()) else {
        return BAD_INPUT;
    };
    let c = &a.checklist;
    let profile = args
        .profile
        .clone()
        .unwrap_or_else(|| c.header.default_profile.clone());
    if c.profile(&profile).is_none() {
        let known: Vec<&str> = c.profiles.iter().map(|p| p.id.as_str()).collect();
        return fail(&tr(
            "cli_no_such_profile",
            &[
                ("profile", &profile),
                ("id", &c.header.id),
                ("known", &known.join(", ")),
            ],
        ));
    }
    let lang = match &args.lang {
        Some(l) if !c.header.languages.contains(l) => {
            return fail(&tr(
                "cli_lang_not_in_checklist",
                &[
                    ("lang", l),
                    ("id", &c.header.id),
                    ("languages", &c.header.languages.join(", ")),
                ],
            ));
        }
        Some(l) => l.clone(),
        None => a
            .answers
            .assessment
            .language
            .clone()
            .filter(|l| c.header.languages.contains(l))
            .unwrap_or_else(|| c.default_language().to_string()),
    };
    if args.lang.is_none() && a.answers.assessment.language.is_some() {
        // The report speaks the answers file's language; so do the gates below. A file that
        // names none leaves the messages in the language of the locale.
        salvaguarda::i18n::set_ui(&lang);
    }
    let mut result = evaluate(c, &a.answers, &a.sha256, &profile);
    if let Some(b) = bill {
        verify::apply(&mut result, b);
    }
    let text = match render(&result, c, &lang, args.format, templates) {
        Ok(t) => t,
        Err(e) => return fail(&e.to_string()),
    };
    // A Markdown report on a terminal goes through the pager, its verdict printed after it.
    let written = if args.format == Format::Md && output::is_stdout(args.output.as_deref()) {
        term::page_report(&text)
    } else {
        write_out(
            args.output.as_deref(),
            text.as_bytes(),
            Policy::overwrite(args.overwrite),
        )
    };
    if let Err(c) = written {
        return c;
    }
    let mut code = OK;
    if let Some(n) = fail_under
        && (!result.score.is_finite() || result.score < n)
    {
        say(&tr(
            "cli_gate_score",
            &[
                ("score", &salvaguarda::i18n::number(ui(), result.score, 2)),
                ("n", &n),
            ],
        ));
        code = GATE_FAILED;
    }
    // `red-line` is conservative: a red line not verified could still be breached, so it fails
    // the gate too, and is named apart. `breach` fails on confirmed breaches only.
    let red_line = fail_on.contains(&FailOn::RedLine);
    if (red_line || fail_on.contains(&FailOn::Breach)) && !result.red_line_breaches.is_empty() {
        say(&tr(
            "cli_gate_breached",
            &[("ids", &result.red_line_breaches.join(", "))],
        ));
        code = GATE_FAILED;
    }
    if red_line && !result.red_lines_unverified.is_empty() {
        say(&tr(
            "cli_gate_unverified",
            &[("ids", &result.red_lines_unverified.join(", "))],
        ));
        code = GATE_FAILED;
    }
    if fail_on.contains(&FailOn::Critical) {
        let critical: Vec<&str> = result
            .items
            .iter()
            .filter(|i| i.selected && i.severity == Some(Severity::Critical) && i.status.is_gap())
            .map(|i| i.id.as_str())
            .collect();
        if !critical.is_empty() {
            say(&tr("cli_gate_critical", &[("ids", &critical.join(", "))]));
            code = GATE_FAILED;
        }
    }
    super::keep_until_exit((a, result, text));
    code
}
