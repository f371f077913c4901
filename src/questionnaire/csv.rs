//! The questionnaire as one CSV table (UTF-8, comma-separated, every field that needs it
//! quoted). The rows are the questions sheet of the workbook, `@` rows included, so a CSV and
//! a workbook sheet saved as CSV read back the same way.

use super::{Grid, Questionnaire};

/// The CSV text of a questionnaire.
pub fn write(q: &Questionnaire) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in &q.sheet.rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(row);
    }
    w.into_inner().unwrap_or_default()
}

/// Reads a CSV file into a grid. A leading UTF-8 byte-order mark (which spreadsheets add) is
/// skipped. Fails on invalid UTF-8 or a malformed record, naming the line.
pub fn read(bytes: &[u8]) -> Result<Grid, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| match e.position() {
            Some(p) => format!("line {}: {e}", p.line()),
            None => e.to_string(),
        })?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok(Grid { name: None, rows })
}
