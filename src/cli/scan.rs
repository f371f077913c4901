//! `scan`: where a bill's text settles each question, and `--prefill` for a draft answers file.

use salvaguarda::bill::Bill;
use salvaguarda::catalog::Catalog;
use salvaguarda::report::Templates;
use salvaguarda::scan::{self, Matcher, ScanOptions, detect_language, prefill, render_scan};

use salvaguarda::output::{self, Policy};

use super::{BAD_INPUT, OK, ScanArgs, fail, print_diags, say, write_out};

pub fn scan(catalog: &Catalog, templates: &Templates, args: &ScanArgs) -> u8 {
    let (c, diags) = catalog.load(&args.checklist);
    let Some(c) = c else {
        print_diags(&diags);
        return BAD_INPUT;
    };
    for (flag, l) in [("--lang", &args.lang), ("--text-lang", &args.text_lang)] {
        if let Some(l) = l
            && !c.header.languages.contains(l)
        {
            return fail(&salvaguarda::i18n::tr(
                "cli_flag_lang_not_in_checklist",
                &[
                    ("flag", &flag),
                    ("lang", l),
                    ("id", &c.header.id),
                    ("languages", &c.header.languages.join(", ")),
                ],
            ));
        }
    }
    let (bill, diags) = Bill::load(&args.bill);
    print_diags(&diags);
    let Some(bill) = bill else {
        return BAD_INPUT;
    };
    let detected = match &args.text_lang {
        Some(_) => None,
        None => detect_language(&bill, &c.header.languages),
    };
    let text_lang = args
        .text_lang
        .clone()
        .or_else(|| detected.clone())
        .or_else(|| args.lang.clone())
        .unwrap_or_else(|| c.default_language().to_string());
    let lang = args.lang.clone().unwrap_or_else(|| text_lang.clone());
    let matcher = Matcher::new(&c, &text_lang);
    if matcher.is_empty() {
        return fail(&salvaguarda::i18n::tr(
            "cli_scan_no_phrases",
            &[("id", &c.header.id), ("lang", &text_lang)],
        ));
    }
    let report = scan::scan(
        &c,
        &matcher,
        &bill,
        detected.is_some(),
        &ScanOptions {
            top: usize::from(args.top),
        },
    );
    let policy = Policy::overwrite(args.overwrite);
    if args.prefill {
        let text = prefill(&report, &c, &bill, &lang);
        if let Err(c) = write_out(args.output.as_deref(), text.as_bytes(), policy) {
            return c;
        }
        if let Some(p) = args
            .output
            .as_ref()
            .filter(|_| !output::is_stdout(args.output.as_deref()))
        {
            let with = report
                .items
                .iter()
                .filter(|i| !i.articles.is_empty())
                .count();
            say(&salvaguarda::i18n::tr(
                "cli_wrote_prefill",
                &[
                    ("file", &p.display()),
                    ("n", &report.items.len()),
                    ("with", &with),
                    (
                        "bill",
                        &args
                            .bill
                            .iter()
                            .map(|b| b.display().to_string())
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                ],
            ));
        }
        return OK;
    }
    match render_scan(&report, &c, &lang, args.format, templates) {
        Ok(text) => match write_out(args.output.as_deref(), text.as_bytes(), policy) {
            Ok(()) => OK,
            Err(c) => c,
        },
        Err(e) => fail(&e.to_string()),
    }
}
