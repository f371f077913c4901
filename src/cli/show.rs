//! `list` and `show`.

use salvaguarda::i18n::tr;
use std::path::Path;

use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::model::ItemKind;
use salvaguarda::report::{ShowFormat, Templates, render_show, render_show_item};

use salvaguarda::output::{self, Policy};

use super::{BAD_INPUT, OK, TextFormat, fail, print_diags, term, write_out};

pub fn list(catalog: &Catalog, format: TextFormat) -> u8 {
    let mut out = String::new();
    let mut json = Vec::new();
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
                let title = c.text(&c.header.title, c.default_language());
                out.push_str(&format!(
                    "{} {} ({}): {title}\n    {safeguards} safeguards, {powers} powers; languages {}; profiles {}\n",
                    c.header.id,
                    c.header.version,
                    e.origin,
                    c.header.languages.join(", "),
                    profiles.join(", "),
                ));
                json.push(serde_json::json!({
                    "id": c.header.id,
                    "version": c.header.version,
                    "origin": e.origin,
                    "title": title,
                    "languages": c.header.languages,
                    "default_profile": c.header.default_profile,
                    "profiles": profiles,
                    "safeguards": safeguards,
                    "powers": powers,
                    "sha256": c.sha256,
                }));
                super::keep_until_exit(c);
            }
            None => {
                print_diags(&diags);
                code = BAD_INPUT;
            }
        }
    }
    if format == TextFormat::Json {
        out = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
    }
    if let Err(c) = write_out(None, out.as_bytes(), Policy::default()) {
        return c;
    }
    code
}

#[allow(clippy::too_many_arguments)]
pub fn show(
    catalog: &Catalog,
    templates: &Templates,
    name: &str,
    item: Option<&str>,
    lang: Option<&str>,
    format: ShowFormat,
    output: Option<&Path>,
    policy: Policy,
) -> u8 {
    let (c, diags) = catalog.load(name);
    let (c, item) = match (c, item) {
        (Some(c), item) => (c, item),
        // `show ITEM`: the id of a question of an embedded (or --catalog) checklist.
        (None, None) => match checklist_with_item(catalog, name) {
            Some(c) => (c, Some(name)),
            None => {
                print_diags(&diags);
                return BAD_INPUT;
            }
        },
        (None, Some(_)) => {
            print_diags(&diags);
            return BAD_INPUT;
        }
    };
    let lang = lang.unwrap_or(c.default_language()).to_string();
    if !c.header.languages.contains(&lang) {
        return fail(&tr(
            "cli_lang_not_in_checklist",
            &[
                ("lang", &lang),
                ("id", &c.header.id),
                ("languages", &c.header.languages.join(", ")),
            ],
        ));
    }
    let rendered = match item {
        Some(id) => match render_show_item(&c, &lang, id, format, templates) {
            Some(r) => r,
            None => {
                let hint =
                    salvaguarda::validate::closest(id, c.items.iter().map(|i| i.id.as_str()))
                        .map(|s| tr("cli_show_did_you_mean", &[("s", &s)]))
                        .unwrap_or_default();
                return fail(&format!(
                    "{}{hint}",
                    tr(
                        "cli_show_no_item",
                        &[("checklist", &c.header.id), ("id", &id)]
                    )
                ));
            }
        },
        None => render_show(&c, &lang, format, templates),
    };
    let text = match rendered {
        Ok(t) => t,
        Err(e) => return fail(&e.to_string()),
    };
    // The whole checklist in Markdown is long: on a terminal it goes through the pager.
    let code = if format == ShowFormat::Md && item.is_none() && output::is_stdout(output) {
        term::page(&text).err().unwrap_or(OK)
    } else {
        write_out(output, text.as_bytes(), policy)
            .err()
            .unwrap_or(OK)
    };
    super::keep_until_exit(text);
    super::keep_until_exit(c);
    code
}

/// The first checklist of the catalog (in the order of `list`) that has an item `id`.
fn checklist_with_item(catalog: &Catalog, id: &str) -> Option<Checklist> {
    catalog
        .list()
        .iter()
        .filter_map(|e| catalog.load(&e.id).0)
        .find(|c| c.item(id).is_some())
}
