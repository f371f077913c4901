//! Rendering: every output format is a pure function of a [`Report`] (plus the checklist's
//! texts for the language asked for). Nothing here recomputes a score.
//!
//! Owns: the output formats ([`Format`]), the message catalog of report labels
//! (`templates/messages.toml`), the template registry (embedded defaults overridable file by
//! file from `--templates DIR`) and the typed view models handed to templates. The results over
//! several reports (comparison, diff, plan) have their views and renderers in `multi.rs`.

mod brief;
mod chart;
mod csv;
mod markdown;
mod multi;
mod powers;
mod templates;
mod typeset;
mod view;

pub use brief::{BreachLine, BriefGap, BriefView, clip, page_height as brief_page_height};
pub use csv::COLUMNS as CSV_COLUMNS;
pub use multi::{
    CompareFormat, CompareView, DiffFormat, DiffView, PlanFormat, PlanView, render_compare,
    render_diff, render_plan,
};
pub use powers::PowerMatrixView;
pub use templates::{EjectError, Templates, eject, md_escape, template_files};
pub use view::{EvidenceView, RangeView, ReportView, ShowView, safe_url};

use crate::checklist::Checklist;
use crate::result::Report;

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown gap report.
    Md,
    /// A self-contained HTML audit: inline CSS and SVG charts, no scripts, prints on A4.
    Html,
    /// A one-page A4 parliamentary brief (HTML, print-first).
    Brief,
    /// One row per item for spreadsheets (stable English column names; see docs/reports.md).
    Csv,
    /// The scored result as JSON (schemas/result.schema.json).
    Json,
}

/// Output formats of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    /// The catalog as Markdown: questions, guidance, remediation, citations.
    Md,
    /// The merged checklist as JSON, in the shape of its TOML (schemas/checklist.schema.json).
    Json,
}

/// Errors while rendering (a user template with a mistake, most often).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{}", crate::i18n::tr("cli_template_error", &[("name", name), ("message", message)]))]
    Template { name: String, message: String },
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("CSV: {0}")]
    Csv(String),
    /// A template file that cannot be read (coded: `file-unreadable`, `input-too-large`).
    #[error("{}", .0.message)]
    Input(Box<crate::diag::Diagnostic>),
}

pub use crate::i18n::{Messages, all_messages, messages};

/// An item's kind, severity and red-line mark as short labels ("Safeguard", "Severity: High",
/// "RED LINE"), shared by every text that introduces a question (init, interview, questionnaire).
pub fn item_flags(item: &crate::model::Item, m: &Messages) -> Vec<String> {
    let kind = if item.kind == crate::model::ItemKind::Power {
        "kind_power"
    } else {
        "kind_safeguard"
    };
    let mut flags = vec![m[kind].clone()];
    if let Some(s) = item.severity {
        flags.push(format!(
            "{}: {}",
            m["severity"],
            m[&format!("severity_{}", s.as_str())]
        ));
    }
    if item.red_line {
        flags.push(m["red_line"].to_uppercase());
    }
    flags
}

/// Renders a report in a format and language.
pub fn render(
    report: &Report,
    checklist: &Checklist,
    lang: &str,
    format: Format,
    templates: &Templates,
) -> Result<String, RenderError> {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report)?;
            s.push('\n');
            Ok(s)
        }
        Format::Md => {
            let mut v = ReportView::new(report, checklist, lang);
            draw_powers(&mut v, templates, false)?;
            if markdown::TEMPLATES.iter().any(|n| templates.replaced(n)) {
                templates.render_md("report.md.hbs", &v)
            } else {
                Ok(v.markdown())
            }
        }
        Format::Html => {
            let mut v = ReportView::new(report, checklist, lang);
            draw_powers(&mut v, templates, true)?;
            templates.render_html("report.html.hbs", &v)
        }
        Format::Brief => {
            let mut v = ReportView::new(report, checklist, lang);
            v.find_key_phrases(checklist);
            templates.render_html("brief.html.hbs", &BriefView::new(v))
        }
        Format::Csv => csv::render(report, checklist, lang),
    }
}

/// Draws the power matrix of a Markdown or HTML report into `v.powers_matrix`: in Rust
/// ([`PowerMatrixView::markdown`], [`PowerMatrixView::html`]), or with the powers template of
/// `--templates DIR` when one replaces it. The matrix itself goes into the template context
/// only when a report or powers template is replaced, for the templates that name it.
fn draw_powers(v: &mut ReportView, templates: &Templates, html: bool) -> Result<(), RenderError> {
    let (main, partial) = if html {
        ("report.html.hbs", "powers.html.hbs")
    } else {
        ("report.md.hbs", "powers.md.hbs")
    };
    v.powers.in_context = templates.replaced(main) || templates.replaced(partial);
    let mut drawn = if templates.replaced(partial) {
        templates.render_powers(html, v)?
    } else if html {
        v.powers.html(v.t)
    } else {
        v.powers.markdown(v.t)
    };
    if drawn.ends_with('\n') {
        drawn.pop();
    }
    v.powers_matrix = drawn;
    Ok(())
}

/// Renders the catalog (`show`).
pub fn render_show(
    checklist: &Checklist,
    lang: &str,
    format: ShowFormat,
    templates: &Templates,
) -> Result<String, RenderError> {
    match format {
        ShowFormat::Json => {
            let mut s = serde_json::to_string_pretty(&checklist.to_file())?;
            s.push('\n');
            Ok(s)
        }
        ShowFormat::Md => templates.render_md("show.md.hbs", &ShowView::new(checklist, lang)),
    }
}

/// Renders one item of a checklist (`show CHECKLIST ITEM`): its question, guidance, remedy and
/// citations, as Markdown, or the item as JSON in the shape of its TOML. `None` if the checklist
/// has no such item.
pub fn render_show_item(
    checklist: &Checklist,
    lang: &str,
    id: &str,
    format: ShowFormat,
    templates: &Templates,
) -> Option<Result<String, RenderError>> {
    let item = checklist.item(id)?;
    Some(match format {
        ShowFormat::Json => serde_json::to_string_pretty(item)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(RenderError::from),
        ShowFormat::Md => ShowView::for_item(checklist, lang, id)
            .map(|v| templates.render_md("show-item.md.hbs", &v))
            .unwrap_or_else(|| Ok(String::new())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess;
    use crate::source::SourceFile;
    use serde_json::Value;

    /// Every text of a checklist, by where it is, as JSON (`{ en = …, es = … }` tables).
    fn texts(c: &Checklist) -> usize {
        fn count(v: &Value) -> usize {
            match v {
                Value::Object(m) => m.values().map(count).sum(),
                Value::Array(a) => a.iter().map(count).sum(),
                Value::String(_) => 1,
                _ => 0,
            }
        }
        count(&serde_json::to_value(c.to_file()).unwrap())
    }

    #[test]
    fn a_checklist_read_in_one_language_gives_every_report_in_it_unchanged() {
        let templates = Templates::new(None).unwrap();
        let catalog = crate::catalog::Catalog::default();
        for name in [
            "mixed.toml",
            "strong.toml",
            "red-lines.toml",
            "red-lines-amended.toml",
        ] {
            let text = crate::catalog::example(name).unwrap();
            let file = || SourceFile::new(name, text);
            let (whole, d) = assess::load(file(), &catalog, None, &[]);
            let whole = whole.unwrap_or_else(|| panic!("{name}: {}", d.render()));
            let c = &whole.checklist;
            for (lang, wording) in c
                .header
                .languages
                .iter()
                .flat_map(|l| [(l, true), (l, false)])
            {
                let (one, d) = assess::load_in(file(), &catalog, None, Some(lang), wording);
                let one = one.unwrap_or_else(|| panic!("{name} {lang}: {}", d.render()));
                assert!(d.is_empty());
                let narrow = &one.checklist;
                assert!(
                    texts(narrow) < texts(c),
                    "{name} {lang}: the other languages are left out"
                );
                assert_eq!(one.answers, whole.answers);
                assert_eq!(narrow.sha256, c.sha256);
                // The wording of `scan`, whole when asked for, else none.
                let counts = |c: &Checklist| {
                    (
                        c.indicators.len(),
                        c.phrase_sets.len(),
                        c.negations.is_some(),
                    )
                };
                if wording {
                    assert_eq!(counts(narrow), counts(c));
                    assert_eq!(
                        serde_json::to_value(&narrow.indicators).unwrap(),
                        serde_json::to_value(&c.indicators).unwrap()
                    );
                } else {
                    assert_eq!(counts(narrow), (0, 0, false));
                    assert!(counts(c).0 > 0);
                }
                let formats: &[Format] = if wording {
                    &[Format::Md, Format::Html, Format::Brief, Format::Csv]
                } else {
                    &[Format::Md, Format::Html, Format::Csv]
                };
                // Every standard once; the default one for the lighter form.
                let profiles: Vec<&str> = if wording {
                    c.profiles.iter().map(|p| p.id.as_str()).collect()
                } else {
                    vec![c.header.default_profile.as_str()]
                };
                for profile in profiles {
                    let r = crate::evaluate::evaluate(c, &whole.answers, &whole.sha256, profile);
                    let r1 = crate::evaluate::evaluate(narrow, &one.answers, &one.sha256, profile);
                    for format in formats {
                        assert_eq!(
                            render(&r1, narrow, lang, *format, &templates).unwrap(),
                            render(&r, c, lang, *format, &templates).unwrap(),
                            "{name} {profile} {lang} {format:?}"
                        );
                    }
                }
            }
            // Without a language asked for, the answers file's own.
            let own = whole.answers.assessment.language.clone().unwrap();
            let (one, _) = assess::load_in(file(), &catalog, None, None, false);
            let narrow = one.unwrap().checklist;
            assert!(texts(&narrow) < texts(c));
            let r = crate::evaluate::evaluate(
                c,
                &whole.answers,
                &whole.sha256,
                &c.header.default_profile,
            );
            let r1 = crate::evaluate::evaluate(
                &narrow,
                &whole.answers,
                &whole.sha256,
                &c.header.default_profile,
            );
            assert_eq!(
                render(&r1, &narrow, &own, Format::Md, &templates).unwrap(),
                render(&r, c, &own, Format::Md, &templates).unwrap(),
                "{name}"
            );
        }
        // A language the checklist does not have: the whole checklist.
        let text = crate::catalog::example("mixed.toml").unwrap();
        let (one, _) = assess::load_in(
            SourceFile::new("m", text),
            &catalog,
            None,
            Some("fr"),
            false,
        );
        let (whole, _) = assess::load(SourceFile::new("m", text), &catalog, None, &[]);
        assert_eq!(
            texts(&one.unwrap().checklist),
            texts(&whole.unwrap().checklist)
        );
    }

    #[test]
    fn every_label_exists_in_every_language() {
        let all = all_messages();
        let en = &all["en"];
        for lang in ["es", "pt"] {
            let other = all
                .get(lang)
                .unwrap_or_else(|| panic!("no labels for {lang}"));
            for key in en.keys() {
                assert!(
                    other.get(key).is_some_and(|v| !v.is_empty()),
                    "`{key}` missing in {lang}"
                );
            }
            for key in other.keys() {
                assert!(en.contains_key(key), "`{key}` in {lang} but not in en");
            }
        }
    }
}
