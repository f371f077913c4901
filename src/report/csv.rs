//! `report --format csv`: one row per item of the checklist, for spreadsheets.
//!
//! The header row is in English and stable whatever `--lang` says, so scripts can rely on it;
//! coded values (answer, status, severity, booleans, numbers) are written exactly as in the JSON
//! result. Only `question` and `citations` (the sources' short titles) follow the language.
//! Free-text cells that a spreadsheet would take for a formula are prefixed with an apostrophe.
//! The columns are documented in `docs/reports.md`; changing them is a breaking change.

use super::RenderError;
use crate::checklist::Checklist;
use crate::model::ItemKind;
use crate::result::Report;

/// The header row, in order.
pub const COLUMNS: [&str; 18] = [
    "id",
    "area",
    "kind",
    "answer",
    "status",
    "score",
    "weight",
    "severity",
    "red_line",
    "selected",
    "breach",
    "evidence",
    "note",
    "citations",
    "question",
    // Added with catalog 2.0, at the end so that earlier columns keep their positions.
    "breach_on",
    "unverified_red_line",
    "facet",
];

/// Separates the pieces of evidence, and the citations, inside one cell.
pub const JOIN: &str = " | ";

/// A free-text cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading apostrophe, so that opening the file runs
/// nothing.
pub fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn json_number(x: f64) -> String {
    serde_json::to_string(&x).unwrap_or_default()
}

/// Renders the report as CSV (RFC 4180 quoting, `\n` line ends, UTF-8 without a BOM).
pub fn render(r: &Report, c: &Checklist, lang: &str) -> Result<String, RenderError> {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let io = |e: ::csv::Error| RenderError::Csv(e.to_string());
    w.write_record(COLUMNS).map_err(io)?;
    let t = super::messages(lang);
    for i in &r.items {
        let evidence = i
            .evidence
            .iter()
            .map(|e| {
                let text = match (&e.article, &e.quote) {
                    (Some(a), Some(q)) => format!("{a}: «{q}»"),
                    (Some(a), None) => a.clone(),
                    (None, Some(q)) => format!("«{q}»"),
                    (None, None) => String::new(),
                };
                // With --bill, what the bill's text does not bear out is flagged in the cell.
                match e
                    .verification
                    .as_ref()
                    .map(|v| super::view::check_text(t, v))
                {
                    Some((problem, true)) if !text.is_empty() => format!("{text} [⚠ {problem}]"),
                    _ => text,
                }
            })
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(JOIN);
        let citations = i
            .cites
            .iter()
            .map(|cite| c.cite(cite, lang, true))
            .collect::<Vec<_>>()
            .join(JOIN);
        let question = c
            .item(&i.id)
            .map(|item| c.text(&item.question, lang).to_string())
            .unwrap_or_default();
        let record = [
            i.id.clone(),
            i.area.clone(),
            match i.kind {
                ItemKind::Power => "power",
                ItemKind::Safeguard => "safeguard",
            }
            .to_string(),
            i.answer.map(|a| a.as_str().to_string()).unwrap_or_default(),
            i.status.as_str().to_string(),
            i.score.map(json_number).unwrap_or_default(),
            json_number(i.weight),
            i.severity
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            i.red_line.to_string(),
            i.selected.to_string(),
            i.breach.to_string(),
            text_cell(&evidence),
            text_cell(i.note.as_deref().unwrap_or_default()),
            text_cell(&citations),
            text_cell(&question),
            i.breach_on
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(JOIN),
            i.unverified_red_line.to_string(),
            i.facet.map(|f| f.as_str().to_string()).unwrap_or_default(),
        ];
        w.write_record(&record).map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| RenderError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| RenderError::Csv(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_neutralised_and_other_text_kept() {
        assert_eq!(
            text_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(text_cell("+1"), "'+1");
        assert_eq!(text_cell("-1"), "'-1");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("Art. 9: «x = y»"), "Art. 9: «x = y»");
        assert_eq!(text_cell(""), "");
    }
}
