//! The questionnaire as an xlsx workbook: an instructions sheet, then the questions sheet with
//! a drop-down list of the allowed answers on every answer cell, the cells to fill in shaded,
//! the header row frozen and filterable, and the `@` rows about the checklist hidden.
//! Written with `rust_xlsxwriter`, read back with `calamine` (a separate implementation).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::diag::{Code, Diagnostic};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use crate::i18n::tr;

use super::{Grid, MAX_COLUMNS, MAX_ROWS, MAX_TEXT, Questionnaire, RowKind, at_cell, col, words};

/// Excel's limit on the characters of one cell.
pub const CELL_LIMIT: usize = 32_767;

fn err(e: XlsxError) -> String {
    tr("cli_xlsx_build", &[("error", &e)])
}

/// The workbook's bytes.
pub fn write(q: &Questionnaire) -> Result<Vec<u8>, String> {
    for (r, row) in q.sheet.rows.iter().enumerate() {
        for (k, text) in row.iter().enumerate() {
            if text.encode_utf16().count() > CELL_LIMIT {
                return Err(tr(
                    "cli_xlsx_cell_too_long",
                    &[
                        ("cell", &q.sheet.cell_ref(r, k)),
                        ("n", &text.chars().count()),
                        ("limit", &CELL_LIMIT),
                    ],
                ));
            }
        }
    }
    let w = words(&q.lang);
    let mut wb = Workbook::new();

    // The instructions.
    let title = Format::new().set_bold().set_font_size(14);
    let para = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let ws = wb.add_worksheet();
    ws.set_name(&w["q_sheet_instructions"]).map_err(err)?;
    // One column as wide as an A4 portrait page holds, every paragraph's row as tall as its
    // wrapped lines.
    ws.set_column_width(0, INSTRUCTIONS_WIDTH).map_err(err)?;
    ws.write_string_with_format(0, 0, &q.instructions_title, &title)
        .map_err(err)?;
    ws.set_row_height(0, 20.0).map_err(err)?;
    for (i, p) in q.instructions.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string_with_format(row, 0, p, &para).map_err(err)?;
        ws.set_row_height(
            row,
            row_height(wrapped_lines(p, INSTRUCTIONS_WIDTH * 0.9, false)),
        )
        .map_err(err)?;
    }
    print_setup(ws, false)?;

    // The questions.
    let ws = wb.add_worksheet();
    let sheet_name = q.sheet.name.clone().unwrap_or_else(|| "Questions".into());
    ws.set_name(&sheet_name).map_err(err)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let read = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_num_format("@");
    let question = read.clone().set_bold();
    let dim = read.clone().set_font_color(Color::RGB(0x595959));
    let power = question.clone().set_background_color(Color::RGB(0xF2F2F2));
    let input = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_num_format("@")
        .set_background_color(Color::RGB(0xFFF2CC))
        .set_border(FormatBorder::Thin);
    let more = dim.clone().set_italic();
    for (k, wd) in WIDTHS.iter().enumerate() {
        ws.set_column_width(k as u16, *wd).map_err(err)?;
    }
    let inputs = [col::ANSWER, col::ARTICLE, col::QUOTE, col::NOTE];
    for (r, (row, kind)) in q.sheet.rows.iter().zip(&q.kinds).enumerate() {
        let r32 = r as u32;
        for k in 0..col::COUNT {
            let text = row.get(k).map(String::as_str).unwrap_or("");
            let is_input = match kind {
                RowKind::Item { .. } => inputs.contains(&k),
                RowKind::MoreEvidence { .. } => k == col::ARTICLE || k == col::QUOTE,
                RowKind::Bill => k == col::ANSWER,
                _ => false,
            };
            let f = match kind {
                RowKind::Header => &header,
                _ if is_input => &input,
                RowKind::Item { power: true, .. } if k == col::QUESTION => &power,
                RowKind::Item { .. } | RowKind::Bill if k == col::QUESTION => &question,
                RowKind::MoreEvidence { .. } if k == col::QUESTION => &more,
                _ if k == col::ID || k == col::AREA => &dim,
                _ => &read,
            };
            ws.write_string_with_format(r32, k as u16, text, f)
                .map_err(err)?;
        }
        if *kind == RowKind::Meta {
            ws.set_row_hidden(r32).map_err(err)?;
        } else {
            // As tall as the longest wrapped cell: a spreadsheet does not grow a row written
            // without a height, so a question or its guidance would show (and print) one line.
            let lines = row
                .iter()
                .enumerate()
                .take(col::COUNT)
                .map(|(k, text)| {
                    let bold = *kind == RowKind::Header
                        || (k == col::QUESTION
                            && matches!(kind, RowKind::Item { .. } | RowKind::Bill));
                    wrapped_lines(text, WIDTHS[k], bold)
                })
                .max()
                .unwrap_or(1);
            ws.set_row_height(r32, row_height(lines)).map_err(err)?;
        }
    }
    answer_lists(ws, q, w)?;
    let last = q.sheet.rows.len().saturating_sub(1) as u32;
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.autofilter(0, 0, last, (col::COUNT - 1) as u16)
        .map_err(err)?;
    print_setup(ws, true)?;
    ws.set_repeat_rows(0, 0).map_err(err)?;
    ws.set_active(true);

    wb.save_to_buffer().map_err(err)
}

/// One drop-down list of the allowed answers per run of rows that accept the same answers.
fn answer_lists(
    ws: &mut Worksheet,
    q: &Questionnaire,
    w: &crate::report::Messages,
) -> Result<(), String> {
    let mut start = 0usize;
    let list_of = |k: &RowKind| match k {
        RowKind::Item { allowed, .. } => Some(allowed.clone()),
        _ => None,
    };
    while start < q.kinds.len() {
        let Some(list) = list_of(&q.kinds[start]) else {
            start += 1;
            continue;
        };
        let mut end = start;
        let mut rows = vec![start];
        for (i, k) in q.kinds.iter().enumerate().skip(start + 1) {
            match k {
                RowKind::MoreEvidence { .. } => {}
                RowKind::Item { allowed, .. } if *allowed == list => rows.push(i),
                _ => break,
            }
            end = i;
        }
        let dv = DataValidation::new()
            .allow_list_strings(&list)
            .map_err(err)?
            .ignore_blank(true)
            .set_input_title(&w["q_list_title"])
            .map_err(err)?
            .set_input_message(&w["q_list_message"])
            .map_err(err)?
            .set_error_title(&w["q_list_title"])
            .map_err(err)?
            .set_error_message(format!("{} {}", w["q_list_message"], list.join(", ")))
            .map_err(err)?
            .set_error_style(DataValidationErrorStyle::Stop);
        // Consecutive rows share one range.
        let mut i = 0;
        while i < rows.len() {
            let mut j = i;
            while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
                j += 1;
            }
            ws.add_data_validation(
                rows[i] as u32,
                col::ANSWER as u16,
                rows[j] as u32,
                col::ANSWER as u16,
                &dv,
            )
            .map_err(err)?;
            i = j + 1;
        }
        start = end + 1;
    }
    Ok(())
}

/// The questions sheet's column widths, in characters: area, id, question, answer, article,
/// quote, note, guidance, citations, about. Printed, they are scaled to one A4 landscape page's
/// width.
const WIDTHS: [f64; col::COUNT] = [16.0, 22.0, 52.0, 13.0, 13.0, 32.0, 30.0, 58.0, 28.0, 24.0];

/// The instructions' column, in characters: within an A4 portrait page at 100 % even where the
/// default font is replaced by a wider one (LibreOffice without Calibri or Carlito).
const INSTRUCTIONS_WIDTH: f64 = 76.0;

/// The lines a text takes when wrapped in a column `width` characters wide (a column's width
/// counts the digit `0` of the default font; words wrap whole, and bold letters are wider).
fn wrapped_lines(text: &str, width: f64, bold: bool) -> usize {
    let per_line = ((width * if bold { 0.95 } else { 1.05 }) as usize).max(4);
    text.split('\n')
        .map(|paragraph| {
            let mut lines = 1;
            let mut used = 0;
            for word in paragraph.split_whitespace() {
                let n = word.chars().count();
                if used > 0 && used + 1 + n > per_line {
                    lines += 1;
                    used = 0;
                }
                // A word longer than the line breaks over as many lines as it needs.
                lines += n.saturating_sub(1) / per_line;
                used = if used == 0 {
                    n % per_line.max(1)
                } else {
                    used + 1 + n
                };
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

/// A row's height in points for `lines` lines of the default 11-point font, within the
/// spreadsheet's limit of 409 points.
fn row_height(lines: usize) -> f64 {
    (15.0 * lines as f64 + 3.0).min(409.0)
}

/// A4 paper, scaled to the page's width (as many pages tall as needed), narrow margins, page
/// numbers in the footer; the questions in landscape.
fn print_setup(ws: &mut rust_xlsxwriter::Worksheet, landscape: bool) -> Result<(), String> {
    const A4: u8 = 9;
    ws.set_paper_size(A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C&P / &N");
    Ok(())
}

/// The text of a cell as a person sees it: numbers without a needless `.0`, dates (typed into
/// a cell the spreadsheet turned into a date) as `YYYY-MM-DD`.
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => serial_to_date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial day number (1900 system) as `YYYY-MM-DD`.
fn serial_to_date(serial: f64) -> String {
    // Days from 1970-01-01: serial 25569 is 1970-01-01.
    let days = serial.floor() as i64 - 25569;
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// The most bytes the parts of a workbook may unpack to, all together.
pub const UNPACKED_LIMIT: u64 = 32 << 20;

/// The most parts (files inside the zip) a workbook may have.
const PARTS_LIMIT: usize = 1000;

fn too_large(message: String) -> Diagnostic {
    Diagnostic::error(Code::InputTooLarge, message).with_help(tr("diag_xlsx_too_large_help", &[]))
}

/// Checks, before any part is parsed, that the workbook unpacks to at most
/// [`UNPACKED_LIMIT`]: the sizes the zip declares, then the bytes each part really inflates to
/// (read and thrown away), so a small file cannot expand to gigabytes.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), Box<Diagnostic>> {
    let unreadable = |e: zip::result::ZipError| {
        Diagnostic::error(
            Code::UnknownFileKind,
            tr("diag_xlsx_unreadable", &[("error", &e)]),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if zip.len() > PARTS_LIMIT {
        return Err(Box::new(too_large(tr(
            "diag_xlsx_parts",
            &[("n", &zip.len()), ("max", &PARTS_LIMIT)],
        ))));
    }
    let mut declared = 0u64;
    for i in 0..zip.len() {
        declared = declared.saturating_add(zip.by_index_raw(i).map_err(unreadable)?.size());
    }
    let over = |n: u64| {
        too_large(tr(
            "diag_xlsx_unpacks",
            &[
                (
                    "size",
                    &if n == u64::MAX {
                        tr("diag_xlsx_more_than_that", &[])
                    } else {
                        crate::input::human_size(n)
                    },
                ),
                ("limit", &crate::input::human_size(UNPACKED_LIMIT)),
            ],
        ))
    };
    if declared > UNPACKED_LIMIT {
        return Err(Box::new(over(declared)));
    }
    let mut total = 0u64;
    let mut sink = [0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = match zip.by_index(i) {
            Ok(p) => p,
            // An encrypted or unsupported part: calamine says what is wrong with it.
            Err(_) => continue,
        };
        loop {
            match std::io::Read::read(&mut part, &mut sink) {
                Ok(0) => break,
                Ok(n) => {
                    total += n as u64;
                    if total > UNPACKED_LIMIT {
                        return Err(Box::new(over(u64::MAX)));
                    }
                }
                Err(_) => break,
            }
        }
    }
    Ok(())
}

/// Every sheet of a workbook as text grids, in the workbook's order.
pub fn read(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    read_named(bytes, "workbook.xlsx").map_err(|d| match d.location.and_then(|l| l.pointer) {
        Some(cell) => format!("{cell}: {}", d.message),
        None => d.message,
    })
}

/// Every sheet of a workbook as text grids, in the workbook's order; problems are coded
/// diagnostics in `name`. Memory stays bounded whatever the workbook declares: the parts must
/// unpack to at most [`UNPACKED_LIMIT`], cells are read one by one (the sheet's declared
/// dimension is never allocated), a cell with a value beyond [`MAX_ROWS`] × [`MAX_COLUMNS`] is
/// refused by its reference, and so is text beyond [`MAX_TEXT`] in all.
pub fn read_named(bytes: &[u8], name: &str) -> Result<Vec<Grid>, Box<Diagnostic>> {
    check_unpacked_size(bytes).map_err(|d| d.in_file(name))?;
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        Diagnostic::error(
            Code::UnknownFileKind,
            tr("diag_xlsx_unreadable", &[("error", &e)]),
        )
        .in_file(name)
    })?;
    let mut out = Vec::new();
    let mut text_total = 0usize;
    for sheet in wb.sheet_names() {
        let mut grid = Grid {
            name: Some(sheet.clone()),
            rows: Vec::new(),
        };
        let bad_sheet = |e: calamine::XlsxError| {
            Diagnostic::error(
                Code::UnknownFileKind,
                tr("diag_xlsx_sheet", &[("sheet", &sheet), ("error", &e)]),
            )
            .in_file(name)
        };
        let mut cells = wb.worksheet_cells_reader(&sheet).map_err(bad_sheet)?;
        while let Some(cell) = cells.next_cell_with_formula().map_err(bad_sheet)? {
            let (r, c) = cell.pos;
            // Text typed into a spreadsheet with a leading `=` (a note such as "= art. 5") is
            // taken for a formula that fails: its words are read back, not the error.
            let value = match (&cell.value, cell.formula) {
                (calamine::DataRef::Error(_), Some(f)) if !f.is_empty() => format!("={f}"),
                (v, _) => text(&Data::from(v.clone())),
            };
            if value.is_empty() {
                continue;
            }
            let (r, c) = (r as usize, c as usize);
            if r >= MAX_ROWS || c >= MAX_COLUMNS {
                return Err(Box::new(at_cell(
                    too_large(tr(
                        "diag_xlsx_beyond",
                        &[
                            ("cell", &grid.cell_ref(r, c)),
                            ("rows", &MAX_ROWS),
                            ("columns", &MAX_COLUMNS),
                            ("last", &super::column_letter(MAX_COLUMNS - 1)),
                        ],
                    )),
                    name,
                    &grid,
                    r,
                    c,
                )));
            }
            text_total += value.len();
            if text_total > MAX_TEXT {
                return Err(Box::new(at_cell(
                    too_large(tr(
                        "diag_xlsx_text",
                        &[
                            ("size", &crate::input::human_size(MAX_TEXT as u64)),
                            ("cell", &grid.cell_ref(r, c)),
                        ],
                    )),
                    name,
                    &grid,
                    r,
                    c,
                )));
            }
            if grid.rows.len() <= r {
                grid.rows.resize_with(r + 1, Vec::new);
            }
            let row = &mut grid.rows[r];
            if row.len() <= c {
                row.resize_with(c + 1, String::new);
            }
            row[c] = value;
        }
        out.push(grid);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_count_whole_words() {
        assert_eq!(wrapped_lines("", 20.0, false), 1);
        assert_eq!(wrapped_lines("short", 20.0, false), 1);
        // 21 characters a line at width 20: "aaaa bbbb cccc dddd" fits, a fifth word wraps.
        assert_eq!(wrapped_lines("aaaa bbbb cccc dddd", 20.0, false), 1);
        assert_eq!(wrapped_lines("aaaa bbbb cccc dddd eeee", 20.0, false), 2);
        assert_eq!(wrapped_lines("one\ntwo\nthree", 20.0, false), 3);
        // A word longer than the line takes the lines it needs.
        assert_eq!(wrapped_lines(&"x".repeat(50), 20.0, false), 3);
        // Bold letters are wider.
        assert!(
            wrapped_lines(&"word ".repeat(40), 30.0, true)
                >= wrapped_lines(&"word ".repeat(40), 30.0, false)
        );
        assert_eq!(row_height(1), 18.0);
        assert_eq!(row_height(1000), 409.0);
    }

    #[test]
    fn serial_days_become_iso_dates() {
        assert_eq!(serial_to_date(25569.0), "1970-01-01");
        assert_eq!(serial_to_date(45931.0), "2025-10-01");
        assert_eq!(serial_to_date(45931.75), "2025-10-01");
    }
}
