//! The questionnaire as one CSV table (UTF-8, comma-separated, every field that needs it
//! quoted). The rows are the questions sheet of the workbook, `@` rows included, so a CSV and
//! a workbook sheet saved as CSV read back the same way.
//!
//! Reading accepts what spreadsheets save as CSV: a semicolon or a tab for the comma (Spanish,
//! Portuguese and other locales whose decimal separator is the comma use `;`), found from the
//! header row; a `sep=;` first line; and text in Windows-1252 (or UTF-16 with its byte-order
//! mark) rather than UTF-8, decoded with a `legacy-encoding` warning.

use super::{Grid, MAX_COLUMNS, MAX_ROWS, Questionnaire};
use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;

/// The CSV text of a questionnaire. A cell that a spreadsheet would take for a formula (see
/// [`neutralise`]) is written with a leading apostrophe, which [`read`] takes off again.
pub fn write(q: &Questionnaire) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in &q.sheet.rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(row.iter().map(|c| neutralise(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

/// Whether a cell starting this way would be read by a spreadsheet as a formula (`=`, `+`,
/// `-`, `@`, a tab or a carriage return), or starts with the apostrophe that marks such a cell.
fn needs_mark(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r', '\''])
}

/// A cell as written to CSV: with a leading apostrophe if it would otherwise run as a formula
/// when the file is opened, or if it already starts with one (so that reading takes off exactly
/// what writing put on: the round trip is exact).
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_mark(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The inverse of [`neutralise`]: one leading apostrophe is taken off a cell whose rest would
/// need it.
pub fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_mark(rest) => rest,
        _ => s,
    }
}

/// Reads a CSV file into a grid (see [`read_named`]).
pub fn read(bytes: &[u8]) -> Result<Grid, String> {
    read_named(bytes, "questionnaire.csv").map_err(|d| d.message)
}

/// Reads a CSV file into a grid; see [`read_decoded`], whose warnings this drops.
pub fn read_named(bytes: &[u8], name: &str) -> Result<Grid, Box<Diagnostic>> {
    read_decoded(bytes, name).map(|(g, _)| g)
}

/// The text of a CSV file and what was guessed about its encoding: UTF-8 (a leading
/// byte-order mark, which spreadsheets add, skipped); UTF-16 by its byte-order mark; otherwise
/// Windows-1252, which every byte sequence decodes to, with a `legacy-encoding` warning.
fn decode(bytes: &[u8], name: &str) -> (SourceFile, Option<Diagnostic>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(t) = std::str::from_utf8(bytes) {
        return (SourceFile::new(name, t.to_string()), None);
    }
    let (encoding, skip) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((e, n)) => (e, n),
        None => (encoding_rs::WINDOWS_1252, 0),
    };
    let (text, _) = encoding.decode_without_bom_handling(&bytes[skip..]);
    let warning = Diagnostic::warning(
        Code::LegacyEncoding,
        crate::i18n::tr("diag_legacy_encoding", &[("encoding", &encoding.name())]),
    )
    .in_file(name)
    .with_help(crate::i18n::tr("diag_legacy_encoding_help", &[]));
    (SourceFile::new(name, text.into_owned()), Some(warning))
}

/// The field separator of a CSV text: the one a `sep=X` first line names (then skipped), else
/// whichever of comma, semicolon and tab occurs most often outside quotes in the first row
/// (the header), a comma on a tie. Returns the separator and the byte offset the table starts.
pub fn delimiter(text: &str) -> (u8, usize) {
    let first_end = text.find(['\n', '\r']).unwrap_or(text.len());
    let first = &text[..first_end];
    if let Some(sep) = first.strip_prefix("sep=")
        && let [d] = sep.as_bytes()
    {
        let rest = text[first_end..]
            .strip_prefix("\r\n")
            .or_else(|| text[first_end..].strip_prefix('\n'))
            .or_else(|| text[first_end..].strip_prefix('\r'))
            .unwrap_or(&text[first_end..]);
        return (*d, text.len() - rest.len());
    }
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = [b',', b';', b'\t']
        .into_iter()
        .zip(counts)
        .fold(
            (b',', 0),
            |best, (d, n)| if n > best.1 { (d, n) } else { best },
        );
    (best.0, 0)
}

/// Reads a CSV file into a grid, with the warnings about how it was read (see [`decode`] and
/// [`delimiter`]). The apostrophe [`write`] puts before formula-like cells is taken off.
/// Refuses, with the line and column, a quoted field that is never closed; refuses a table
/// beyond [`MAX_ROWS`] rows or [`MAX_COLUMNS`] columns by the cell.
pub fn read_decoded(bytes: &[u8], name: &str) -> Result<(Grid, Vec<Diagnostic>), Box<Diagnostic>> {
    let (source, warning) = decode(bytes, name);
    let (sep, start) = delimiter(&source.text);
    let table = &source.text.as_bytes()[start..];
    if let Some(open) = unclosed_quote(table, sep) {
        let open = open + start;
        return Err(Box::new(
            Diagnostic::error(
                Code::InvalidValue,
                crate::i18n::tr("diag_csv_unclosed_quote", &[]),
            )
            .at(&source, Some(open..open + 1), None)
            .with_help(crate::i18n::tr("diag_csv_unclosed_quote_help", &[])),
        ));
    }
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(table);
    let mut grid = Grid {
        name: None,
        rows: Vec::new(),
    };
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let offset = start + e.position().map(|p| p.byte() as usize).unwrap_or_default();
            Diagnostic::error(
                Code::InvalidValue,
                crate::i18n::tr("diag_csv_unreadable", &[("error", &e)]),
            )
            .at(&source, Some(offset..offset + 1), None)
        })?;
        let row = grid.rows.len();
        if row >= MAX_ROWS || rec.len() > MAX_COLUMNS {
            let col = if row >= MAX_ROWS { 0 } else { MAX_COLUMNS };
            let offset = start
                + rec
                    .position()
                    .map(|p| p.byte() as usize)
                    .unwrap_or_default();
            return Err(Box::new(
                Diagnostic::error(
                    Code::InputTooLarge,
                    crate::i18n::tr(
                        "diag_csv_beyond",
                        &[
                            ("cell", &grid.cell_ref(row, col)),
                            ("rows", &MAX_ROWS),
                            ("columns", &MAX_COLUMNS),
                        ],
                    ),
                )
                .at(&source, Some(offset..offset + 1), None),
            ));
        }
        grid.rows
            .push(rec.iter().map(|c| restore(c).to_string()).collect());
    }
    Ok((grid, warning.into_iter().collect()))
}

/// The byte offset of the opening quote of a quoted field that the text ends inside, if any.
/// Follows the reader's own rules: a quote opens a field only at its start, `""` inside is a
/// quote, and the next quote closes it.
fn unclosed_quote(text: &[u8], sep: u8) -> Option<usize> {
    enum State {
        Start,
        Plain,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let mut state = State::Start;
    for (i, &b) in text.iter().enumerate() {
        state = match (state, b) {
            (State::Start, b'"') => State::Quoted(i),
            (State::Start | State::Plain, b) if b == sep || b == b'\n' || b == b'\r' => {
                State::Start
            }
            (State::Start | State::Plain, _) => State::Plain,
            (State::Quoted(o), b'"') => State::QuoteInQuoted(o),
            (State::Quoted(o), _) => State::Quoted(o),
            (State::QuoteInQuoted(o), b'"') => State::Quoted(o),
            (State::QuoteInQuoted(_), b) if b == sep || b == b'\n' || b == b'\r' => State::Start,
            (State::QuoteInQuoted(_), _) => State::Plain,
        };
    }
    match state {
        State::Quoted(o) => Some(o),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_round_trip_exactly() {
        for s in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "@SUM(1+1)",
            "-2",
            "'",
            "''",
            "'=x",
            "'plain",
            "plain",
            "",
            "\tx",
        ] {
            let n = neutralise(s);
            assert!(!n.starts_with(['=', '+', '-', '@', '\t', '\r']), "{n}");
            assert_eq!(restore(&n), s);
        }
    }

    #[test]
    fn an_unclosed_quote_is_placed() {
        let d = read_named(b"a,b\n1,\"two\n3,4\n", "q.csv").unwrap_err();
        assert_eq!(d.code, Code::InvalidValue);
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (Some(2), Some(3)));
        // Closed ones, and quotes inside a plain field, are fine.
        assert!(read_named(b"a,\"b\"\"c\"\nx\"y,z\n", "q.csv").is_ok());
        assert!(read_named(b"\"a\"b,c", "q.csv").is_ok());
    }

    #[test]
    fn a_cell_beyond_the_columns_is_refused() {
        let wide = vec!["x"; MAX_COLUMNS + 1].join(",");
        let d = read_named(wide.as_bytes(), "q.csv").unwrap_err();
        assert_eq!(d.code, Code::InputTooLarge);
        assert!(d.message.contains("BM1"), "{}", d.message);
    }
}
