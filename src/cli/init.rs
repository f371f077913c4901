//! `init`: an answers template for a checklist, with every question as comments.

use std::path::Path;

use salvaguarda::catalog::Catalog;
use salvaguarda::init::template;
use salvaguarda::output::{self, Policy};

use super::{BAD_INPUT, OK, fail, print_diags, say, write_out};

pub fn init(
    catalog: &Catalog,
    name: &str,
    lang: Option<&str>,
    output: Option<&Path>,
    policy: Policy,
) -> u8 {
    let (c, diags) = catalog.load(name);
    let Some(c) = c else {
        print_diags(&diags);
        return BAD_INPUT;
    };
    let lang = lang.unwrap_or(c.default_language()).to_string();
    if !c.header.languages.contains(&lang) {
        return fail(&format!(
            "--lang {lang}: `{}` is written in {}",
            c.header.id,
            c.header.languages.join(", ")
        ));
    }
    match write_out(output, template(&c, &lang).as_bytes(), policy) {
        Ok(()) => {
            if let Some(p) = output.filter(|_| !output::is_stdout(output)) {
                say(&format!(
                    "wrote {}: answer each question, then run `salvaguarda report {}`",
                    p.display(),
                    p.display()
                ));
            }
            OK
        }
        Err(c) => c,
    }
}
