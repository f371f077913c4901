//! `list` and `show`.

use std::path::Path;

use salvaguarda::catalog::Catalog;
use salvaguarda::model::ItemKind;
use salvaguarda::report::{ShowFormat, Templates, render_show};

use salvaguarda::output::Policy;

use super::{BAD_INPUT, OK, fail, print_diags, write_out};

pub fn list(catalog: &Catalog) -> u8 {
    let mut out = String::new();
    let mut code = OK;
    for e in catalog.list() {
        let (c, diags) = catalog.load(&e.id);
        match c {
            Some(c) => {
                let safeguards = c
                    .items
                    .iter()
                    .filter(|i| i.kind == ItemKind::Safeguard)
                    .count();
                let powers = c.items.len() - safeguards;
                let profiles: Vec<&str> = c.profiles.iter().map(|p| p.id.as_str()).collect();
                out.push_str(&format!(
                    "{} {} ({}): {}\n    {safeguards} safeguards, {powers} powers; languages {}; profiles {}\n",
                    c.header.id,
                    c.header.version,
                    e.origin,
                    c.text(&c.header.title, c.default_language()),
                    c.header.languages.join(", "),
                    profiles.join(", "),
                ));
                super::keep_until_exit(c);
            }
            None => {
                print_diags(&diags);
                code = BAD_INPUT;
            }
        }
    }
    if let Err(c) = write_out(None, out.as_bytes(), Policy::default()) {
        return c;
    }
    code
}

pub fn show(
    catalog: &Catalog,
    templates: &Templates,
    name: &str,
    lang: Option<&str>,
    format: ShowFormat,
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
    let code = match render_show(&c, &lang, format, templates) {
        Ok(text) => {
            let code = match write_out(output, text.as_bytes(), policy) {
                Ok(()) => OK,
                Err(c) => c,
            };
            super::keep_until_exit(text);
            code
        }
        Err(e) => fail(&e.to_string()),
    };
    super::keep_until_exit(c);
    code
}
