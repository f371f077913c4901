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
            templates.render_md("report.md.hbs", &v)
        }
        Format::Html => {
            let mut v = ReportView::new(report, checklist, lang);
            draw_powers(&mut v, templates, true)?;
            templates.render_html("report.html.hbs", &v)
        }
        Format::Brief => templates.render_html(
            "brief.html.hbs",
            &BriefView::new(ReportView::new(report, checklist, lang)),
        ),
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
