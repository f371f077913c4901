//! `scan`: where a bill's text settles each question, and `--prefill` for a draft answers file.

use salvaguarda::bill::Bill;
use salvaguarda::catalog::Catalog;
use salvaguarda::report::Templates;
use salvaguarda::scan::{self, Matcher, ScanOptions, detect_language, prefill, render_scan};

use super::{BAD_INPUT, OK, ScanArgs, fail, print_diags, write_output};

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
            return fail(&format!(
                "{flag} {l}: `{}` is written in {}",
                c.header.id,
                c.header.languages.join(", ")
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
        return fail(&format!(
            "checklist `{}` declares no indicator phrases in `{text_lang}`, so there is nothing to scan for (see docs/scan.md)",
            c.header.id
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
    let inputs: Vec<&std::path::Path> = args.bill.iter().map(|p| p.as_path()).collect();
    if args.prefill {
        let text = prefill(&report, &c, &bill, &lang);
        if let Err(e) = write_output(args.output.as_deref(), &text, &inputs, true) {
            return fail(&e);
        }
        if let Some(p) = &args.output {
            let with = report
                .items
                .iter()
                .filter(|i| !i.articles.is_empty())
                .count();
            eprintln!(
                "wrote {}: {} questions, {with} with suggested evidence, every answer \"unknown\"; read each article, answer, then run `salvaguarda report {} --bill {}`",
                p.display(),
                report.items.len(),
                p.display(),
                args.bill
                    .iter()
                    .map(|b| b.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
        return OK;
    }
    match render_scan(&report, &c, &lang, args.format, templates) {
        Ok(text) => match write_output(args.output.as_deref(), &text, &inputs, false) {
            Ok(()) => OK,
            Err(e) => fail(&e),
        },
        Err(e) => fail(&e.to_string()),
    }
}
