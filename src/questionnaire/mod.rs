//! The questionnaire: a checklist laid out as one table a lawyer can fill in a spreadsheet,
//! and the way back from a filled table to an answers file.
//!
//! Owns: the layout (columns, the `@` rows that carry the bill's details and the checklist's id
//! and version, one row per question, extra rows for more evidence) and reading a filled table
//! back, reporting every bad cell by its reference (`Perguntas!D14`). The words it shares with
//! the interview (the `q_` labels of `templates/messages.toml`) are [`crate::answering`]'s. The two file formats are
//! thin: [`csv`] always, [`xlsx`] behind the `xlsx` feature. Both read and write the same
//! [`Grid`], so a sheet of the workbook saved as CSV imports too.

pub mod csv;
#[cfg(feature = "xlsx")]
pub mod xlsx;

use std::collections::{BTreeMap, BTreeSet};

use crate::checklist::Checklist;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::i18n::tr;
// The words and answers shared with the interview, re-exported at their former paths.
pub use crate::answering::{
    all_words, allowed, answer_label, applying, fill, ordered_items, parse_answer, words,
};
use crate::model::{Answer, AnswerValue, AnswersFile, Assessment, Evidence, Item, ItemKind};
use crate::report::messages;

/// The value of the `@format` row: the layout's version.
pub const FORMAT: &str = "salvaguarda-questionnaire-1";

/// The columns, in order. `B` (the id) and `D` to `G` (what the lawyer fills in) are read
/// back; the others are there to read.
pub mod col {
    pub const AREA: usize = 0;
    pub const ID: usize = 1;
    pub const QUESTION: usize = 2;
    pub const ANSWER: usize = 3;
    pub const ARTICLE: usize = 4;
    pub const QUOTE: usize = 5;
    pub const NOTE: usize = 6;
    pub const GUIDANCE: usize = 7;
    pub const CITATIONS: usize = 8;
    pub const ABOUT: usize = 9;
    /// How many columns there are.
    pub const COUNT: usize = 10;
}

const COLUMN_KEYS: [&str; col::COUNT] = [
    "q_col_area",
    "q_col_id",
    "q_col_question",
    "q_col_answer",
    "q_col_article",
    "q_col_quote",
    "q_col_note",
    "q_col_guidance",
    "q_col_citations",
    "q_col_about",
];

/// The `@` rows about the checklist, hidden in the workbook.
const META_KEYS: [&str; 4] = ["format", "checklist", "checklist_version", "labels"];
/// The `@` rows about the bill, filled in by the lawyer.
const BILL_KEYS: [&str; 6] = [
    "jurisdiction",
    "instrument",
    "version",
    "assessor",
    "date",
    "language",
];

/// Output formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetFormat {
    /// An Excel/LibreOffice workbook with drop-down lists (needs the `xlsx` feature).
    Xlsx,
    /// One comma-separated table, UTF-8.
    Csv,
}

/// The most rows a questionnaire sheet (or CSV table) may use; a value below them is refused.
pub const MAX_ROWS: usize = 50_000;

/// The most columns a questionnaire sheet may use (`A` to `BL`): the questionnaire has ten, and
/// room is left for the assessor's own.
pub const MAX_COLUMNS: usize = 64;

/// The most text all the cells of a workbook may hold together, in bytes.
pub const MAX_TEXT: usize = 32 << 20;

/// One sheet as text cells, row by row (rows may be shorter than others).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// The sheet's name (workbooks), or `None` for a CSV file.
    pub name: Option<String>,
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// The text of a cell (0-based), empty when absent.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// A cell reference as a spreadsheet shows it: `Perguntas!D14`, or `D14` for CSV.
    pub fn cell_ref(&self, row: usize, col: usize) -> String {
        let r = format!("{}{}", column_letter(col), row + 1);
        match &self.name {
            Some(n) if n.chars().all(|c| c.is_alphanumeric() || c == '_') => format!("{n}!{r}"),
            Some(n) => format!("'{}'!{r}", n.replace('\'', "''")),
            None => r,
        }
    }
}

/// `A`, `B`, ..., `Z`, `AA`...
pub fn column_letter(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// What a row of the questionnaire is, for formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// The column titles.
    Header,
    /// The checklist's id, version, format and the language of the labels (hidden).
    Meta,
    /// A detail about the bill, filled in by the lawyer.
    Bill,
    /// A question: the labels of the answers it accepts.
    Item { allowed: Vec<String>, power: bool },
    /// Another piece of evidence for the question above.
    MoreEvidence { allowed: Vec<String> },
}

/// A checklist laid out for a spreadsheet, in one language.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub lang: String,
    /// The instructions sheet: a title and paragraphs.
    pub instructions_title: String,
    pub instructions: Vec<String>,
    /// The questions sheet.
    pub sheet: Grid,
    /// What each row of the sheet is.
    pub kinds: Vec<RowKind>,
}

fn cites_text(c: &Checklist, item: &Item, lang: &str) -> String {
    item.cites
        .iter()
        .map(|ci| c.cite(ci, lang, true))
        .collect::<Vec<_>>()
        .join("; ")
}

fn about_text(item: &Item, lang: &str) -> String {
    let m = messages(lang);
    let parts = crate::report::item_flags(item, m);
    let mut out = parts.join(" · ");
    if let Some(ai) = &item.applies_if {
        let answers: Vec<String> = ai
            .answer
            .as_slice()
            .iter()
            .map(|a| answer_label(*a, lang))
            .collect();
        out.push_str(&format!(
            "\n{} {} {} {}.",
            m["applies_if"],
            ai.item.as_slice().join(&format!(" {} ", m["or"])),
            m["answered"],
            answers.join(&format!(" {} ", m["or"]))
        ));
    }
    out
}

fn guidance_text(c: &Checklist, item: &Item, lang: &str) -> String {
    let mut lines = vec![format!(
        "{}: {}",
        answer_label(AnswerValue::Yes, lang),
        c.text(&item.guidance.yes, lang)
    )];
    if let Some(p) = &item.guidance.partial {
        lines.push(format!(
            "{}: {}",
            answer_label(AnswerValue::Partial, lang),
            c.text(p, lang)
        ));
    }
    lines.push(format!(
        "{}: {}",
        answer_label(AnswerValue::No, lang),
        c.text(&item.guidance.no, lang)
    ));
    lines.join("\n")
}

/// Lays out a checklist for a spreadsheet, pre-filled from `answers` when given (which must
/// already be valid against the checklist).
pub fn build(c: &Checklist, lang: &str, answers: Option<&AnswersFile>) -> Questionnaire {
    let w = words(lang);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut kinds = Vec::new();
    let mut header: Vec<String> = COLUMN_KEYS
        .iter()
        .map(|k| w.get(*k).cloned().unwrap_or_default())
        .collect();
    header[col::ID] = "id".into();
    rows.push(header);
    kinds.push(RowKind::Header);

    let row = |id: String, label: String, value: String| {
        let mut r = vec![String::new(); col::COUNT];
        r[col::ID] = id;
        r[col::QUESTION] = label;
        r[col::ANSWER] = value;
        r
    };
    let meta_values = [
        FORMAT.to_string(),
        c.header.id.clone(),
        c.header.version.clone(),
        lang.to_string(),
    ];
    for (k, v) in META_KEYS.iter().zip(meta_values) {
        rows.push(row(format!("@{k}"), (*k).to_string(), v));
        kinds.push(RowKind::Meta);
    }
    let a = answers.map(|f| &f.assessment);
    let bill_values = [
        a.map(|a| a.jurisdiction.clone()),
        a.map(|a| a.instrument.clone()),
        a.and_then(|a| a.version.clone()),
        a.and_then(|a| a.assessor.clone()),
        a.and_then(|a| a.date.clone()),
        match a {
            Some(a) => a.language.clone(),
            None => Some(lang.to_string()),
        },
    ];
    for (k, v) in BILL_KEYS.iter().zip(bill_values) {
        rows.push(row(
            format!("@{k}"),
            w[&format!("q_bill_{k}")].clone(),
            v.unwrap_or_default(),
        ));
        kinds.push(RowKind::Bill);
    }

    for item in ordered_items(c) {
        let area = c
            .area(&item.area)
            .map(|a| c.text(&a.title, lang).to_string())
            .unwrap_or_default();
        let labels: Vec<String> = allowed(item)
            .into_iter()
            .map(|v| answer_label(v, lang))
            .collect();
        let given = answers.and_then(|f| f.answers.get(&item.id));
        let mut r = vec![String::new(); col::COUNT];
        r[col::AREA] = area.clone();
        r[col::ID] = item.id.clone();
        r[col::QUESTION] = c.text(&item.question, lang).to_string();
        r[col::GUIDANCE] = guidance_text(c, item, lang);
        r[col::CITATIONS] = cites_text(c, item, lang);
        r[col::ABOUT] = about_text(item, lang);
        let mut extra = Vec::new();
        if let Some(g) = given {
            r[col::ANSWER] = answer_label(g.answer, lang);
            r[col::NOTE] = g.note.clone().unwrap_or_default();
            let mut ev = g.evidence.iter();
            if let Some(e) = ev.next() {
                r[col::ARTICLE] = e.article.clone().unwrap_or_default();
                r[col::QUOTE] = e.quote.clone().unwrap_or_default();
            }
            for e in ev {
                let mut x = vec![String::new(); col::COUNT];
                x[col::AREA] = area.clone();
                x[col::ID] = item.id.clone();
                x[col::QUESTION] = w["q_more_evidence"].clone();
                x[col::ARTICLE] = e.article.clone().unwrap_or_default();
                x[col::QUOTE] = e.quote.clone().unwrap_or_default();
                extra.push(x);
            }
        }
        rows.push(r);
        kinds.push(RowKind::Item {
            allowed: labels.clone(),
            power: item.kind == ItemKind::Power,
        });
        for x in extra {
            rows.push(x);
            kinds.push(RowKind::MoreEvidence {
                allowed: labels.clone(),
            });
        }
    }

    let sheet_name = w["q_sheet_questions"].clone();
    let all_labels: Vec<String> = AnswerValue::ALL
        .iter()
        .take(4)
        .map(|v| answer_label(*v, lang))
        .collect();
    let text = fill(
        &w["q_instructions"],
        &[
            ("title", c.text(&c.header.title, lang)),
            ("id", &c.header.id),
            ("version", &c.header.version),
            ("sheet", &sheet_name),
            ("answer", &w["q_col_answer"]),
            ("answers", &all_labels.join(", ")),
            (
                "not_applicable",
                &answer_label(AnswerValue::NotApplicable, lang),
            ),
            ("about", &w["q_col_about"]),
            ("note", &w["q_col_note"]),
        ],
    );
    Questionnaire {
        lang: lang.to_string(),
        instructions_title: w["q_instructions_title"].clone(),
        instructions: text
            .split("\n\n")
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        sheet: Grid {
            name: Some(sheet_name),
            rows,
        },
        kinds,
    }
}

/// The checklist a filled questionnaire answers: its id and version, from the `@checklist`
/// and `@checklist_version` rows.
pub fn checklist_of(grid: &Grid, file: &str) -> Result<(String, String), Diagnostics> {
    let mut diags = Diagnostics::new();
    let meta = meta_rows(grid);
    if meta.contains_key("checklist") {
        let bad = layout(grid, file);
        if bad.has_errors() {
            return Err(bad);
        }
    }
    let get = |k: &str| meta.get(k).map(|(r, v)| (*r, v.clone()));
    match (get("checklist"), get("checklist_version")) {
        (Some((_, id)), Some((_, v))) if !id.is_empty() && !v.is_empty() => Ok((id, v)),
        (Some((r, id)), _) if id.is_empty() => {
            diags.push(at(
                Diagnostic::error(Code::MissingKey, tr("diag_q_no_checklist_id", &[]))
                    .with_help(tr("diag_q_no_checklist_id_help", &[])),
                file,
                grid,
                r,
                col::ANSWER,
            ));
            Err(diags)
        }
        (Some(_), Some((r, _))) => {
            diags.push(at(
                Diagnostic::error(Code::MissingKey, tr("diag_q_no_version", &[])),
                file,
                grid,
                r,
                col::ANSWER,
            ));
            Err(diags)
        }
        _ => {
            diags.push(
                Diagnostic::error(Code::UnknownFileKind, tr("diag_q_not_questionnaire", &[]))
                    .in_file(file)
                    .with_help(tr("diag_q_not_questionnaire_help", &[])),
            );
            Err(diags)
        }
    }
}

/// `@key` rows: key → (row, value in column D).
fn meta_rows(grid: &Grid) -> BTreeMap<String, (usize, String)> {
    let mut out = BTreeMap::new();
    for (r, row) in grid.rows.iter().enumerate() {
        let id = row.get(col::ID).map(|s| s.trim()).unwrap_or("");
        if let Some(k) = id.strip_prefix('@') {
            out.entry(k.to_string())
                .or_insert((r, row.get(col::ANSWER).cloned().unwrap_or_default()));
        }
    }
    out
}

/// The row of the `@key` row of a questionnaire (`@checklist`, `@jurisdiction`...), if any.
pub fn meta_row(grid: &Grid, key: &str) -> Option<usize> {
    meta_rows(grid).get(key).map(|(r, _)| *r)
}

/// Points a diagnostic at a cell of a grid (by its reference, e.g. `Perguntas!D14`).
pub fn at_cell(d: Diagnostic, file: &str, grid: &Grid, row: usize, column: usize) -> Diagnostic {
    at(d, file, grid, row, column)
}

fn at(d: Diagnostic, file: &str, grid: &Grid, row: usize, column: usize) -> Diagnostic {
    Diagnostic {
        location: Some(Location {
            file: file.to_string(),
            line: None,
            column: None,
            pointer: Some(grid.cell_ref(row, column)),
            snippet: None,
        }),
        ..d
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn opt(s: &str) -> Option<String> {
    (!blank(s)).then(|| s.to_string())
}

/// The columns that are read must be where `export` put them.
fn layout(grid: &Grid, file: &str) -> Diagnostics {
    let mut diags = Diagnostics::new();
    // The header: the columns that are read must be where they were.
    let known_titles = |k: usize| -> BTreeSet<String> {
        if k == col::ID {
            return ["id".to_string()].into();
        }
        all_words()
            .values()
            .filter_map(|w| w.get(COLUMN_KEYS[k]))
            .map(|s| s.trim().to_lowercase())
            .collect()
    };
    for k in [col::ID, col::ANSWER, col::ARTICLE, col::QUOTE, col::NOTE] {
        let found = grid.cell(0, k).trim().to_lowercase();
        if !known_titles(k).contains(&found) {
            let expected = if k == col::ID {
                "id".to_string()
            } else {
                words(crate::i18n::ui())[COLUMN_KEYS[k]].clone()
            };
            diags.push(at(
                Diagnostic::error(
                    Code::InvalidValue,
                    tr(
                        "diag_q_column_title",
                        &[
                            ("column", &column_letter(k)),
                            ("expected", &expected),
                            ("title", &grid.cell(0, k)),
                        ],
                    ),
                )
                .with_help(tr("diag_q_column_title_help", &[])),
                file,
                grid,
                0,
                k,
            ));
        }
    }
    diags
}

/// Reads a filled questionnaire back into an answers file for checklist `c`. Every bad cell is
/// reported (by its reference, with what was expected); the file is returned only when there
/// is none. The result still has to pass [`crate::validate::answers`], like any answers file.
pub fn read(grid: &Grid, c: &Checklist, file: &str) -> (Option<AnswersFile>, Diagnostics) {
    let mut diags = Diagnostics::new();
    diags.extend(layout(grid, file).iter().cloned());
    if diags.has_errors() {
        return (None, diags);
    }

    let meta = meta_rows(grid);
    let (labels_row, labels_lang) = meta.get("labels").cloned().unwrap_or((0, "en".to_string()));
    let _ = labels_row;
    let value = |k: &str| meta.get(k).cloned();

    let bill = read_bill_rows(grid, c, file, &meta, &mut diags);
    let version = value("checklist_version")
        .map(|(_, v)| v)
        .unwrap_or_default();

    let answers = read_answer_rows(grid, c, file, &labels_lang, &mut diags);
    if diags.has_errors() {
        return (None, diags);
    }
    let get = |k: &str| bill.get(k).cloned().flatten();
    let file = AnswersFile {
        assessment: Assessment {
            checklist: c.header.id.clone(),
            checklist_version: version.trim().to_string(),
            jurisdiction: get("jurisdiction").unwrap_or_default(),
            instrument: get("instrument").unwrap_or_default(),
            version: get("version"),
            language: get("language"),
            assessor: get("assessor"),
            date: get("date"),
        },
        answers,
    };
    (Some(file), diags)
}

/// The `@` rows about the bill (jurisdiction, instrument, date...), each checked; and an error
/// for every `@` row that is not a known one.
fn read_bill_rows(
    grid: &Grid,
    c: &Checklist,
    file: &str,
    meta: &BTreeMap<String, (usize, String)>,
    diags: &mut Diagnostics,
) -> BTreeMap<&'static str, Option<String>> {
    macro_rules! err {
        ($d:expr, $r:expr, $k:expr $(,)?) => {
            diags.push(at($d, file, grid, $r, $k))
        };
    }
    let value = |k: &str| meta.get(k).cloned();
    let mut bill: BTreeMap<&str, Option<String>> = BTreeMap::new();
    for k in BILL_KEYS {
        let v = value(k);
        match (k, &v) {
            ("jurisdiction" | "instrument", Some((r, text))) if blank(text) => err!(
                Diagnostic::error(Code::MissingKey, tr(&format!("diag_q_empty_{k}"), &[]))
                    .with_help(tr("diag_q_empty_help", &[("key", &k)])),
                *r,
                col::ANSWER,
            ),
            // Placed where the row belongs: below the last `@` row.
            ("jurisdiction" | "instrument", None) => err!(
                Diagnostic::error(Code::MissingKey, tr(&format!("diag_q_missing_{k}"), &[]))
                    .with_help(tr("diag_q_missing_help", &[("key", &k)])),
                meta.values().map(|(r, _)| r + 1).max().unwrap_or(0),
                col::ID,
            ),
            ("date", Some((r, text))) if !blank(text) && !crate::validate::is_date(text.trim()) => {
                err!(
                    Diagnostic::error(Code::InvalidValue, tr("diag_q_bad_date", &[("text", text)])),
                    *r,
                    col::ANSWER,
                )
            }
            ("language", Some((r, text)))
                if !blank(text) && !c.header.languages.contains(&text.trim().to_string()) =>
            {
                err!(
                    Diagnostic::error(
                        Code::InvalidValue,
                        tr(
                            "diag_q_bad_language",
                            &[
                                ("text", text),
                                ("languages", &c.header.languages.join(", "))
                            ],
                        ),
                    ),
                    *r,
                    col::ANSWER,
                )
            }
            _ => {}
        }
        let v = v.and_then(|(_, t)| opt(&t)).map(|t| match k {
            "date" | "language" => t.trim().to_string(),
            _ => t,
        });
        bill.insert(k, v);
    }
    let known_meta: BTreeSet<&str> = META_KEYS.iter().chain(BILL_KEYS.iter()).copied().collect();
    for (k, (r, _)) in meta {
        if !known_meta.contains(k.as_str()) {
            err!(
                Diagnostic::error(Code::InvalidValue, tr("diag_q_unknown_row", &[("key", k)]))
                    .with_help(tr(
                        "diag_q_unknown_row_help",
                        &[(
                            "list",
                            &known_meta
                                .iter()
                                .map(|k| format!("@{k}"))
                                .collect::<Vec<_>>()
                                .join(", "),
                        )],
                    )),
                *r,
                col::ID,
            );
        }
    }
    bill
}

/// A question id the checklist does not have, with the closest one it has.
fn unknown_question(c: &Checklist, id: &str, all_ids: &[&str]) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::UnknownItem,
        tr(
            "diag_q_no_question",
            &[("checklist", &c.header.id), ("id", &id)],
        ),
    );
    if let Some(s) = crate::validate::closest(id, all_ids.iter().copied()) {
        d = d.with_help(tr("diag_did_you_mean", &[("s", &s)]));
    }
    d
}

/// The rows of questions: one answer per question (its first row), with its note and evidence,
/// and further rows of evidence; every bad cell reported.
fn read_answer_rows(
    grid: &Grid,
    c: &Checklist,
    file: &str,
    labels_lang: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Answer> {
    macro_rules! err {
        ($d:expr, $r:expr, $k:expr $(,)?) => {
            diags.push(at($d, file, grid, $r, $k))
        };
    }
    let mut answers: BTreeMap<String, Answer> = BTreeMap::new();
    let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
    let all_ids: Vec<&str> = c.items.iter().map(|i| i.id.as_str()).collect();
    for (r, row) in grid.rows.iter().enumerate().skip(1) {
        let cell = |k: usize| row.get(k).map(String::as_str).unwrap_or("");
        let id = cell(col::ID).trim();
        if id.starts_with('@') {
            continue;
        }
        let filled: Vec<usize> = [col::ANSWER, col::ARTICLE, col::QUOTE, col::NOTE]
            .into_iter()
            .filter(|k| !blank(cell(*k)))
            .collect();
        if id.is_empty() {
            if let Some(k) = filled.first() {
                err!(
                    Diagnostic::error(
                        Code::MissingKey,
                        tr("diag_q_no_id", &[("column", &column_letter(*k))]),
                    )
                    .with_help(tr("diag_q_no_id_help", &[])),
                    r,
                    col::ID,
                );
            }
            continue;
        }
        let Some(item) = c.item(id) else {
            err!(unknown_question(c, id, &all_ids), r, col::ID);
            continue;
        };
        let evidence = Evidence {
            article: opt(cell(col::ARTICLE)),
            quote: opt(cell(col::QUOTE)),
        };
        if let Some(&first) = first_row.get(id) {
            // A further row for the same question: evidence only.
            for k in [col::ANSWER, col::NOTE] {
                if !blank(cell(k)) {
                    err!(
                        Diagnostic::error(
                            Code::InvalidValue,
                            tr("diag_q_second_row", &[("id", &id), ("row", &(first + 1))]),
                        )
                        .with_help(tr(
                            if k == col::ANSWER {
                                "diag_q_move_answer_help"
                            } else {
                                "diag_q_move_note_help"
                            },
                            &[("row", &(first + 1))],
                        )),
                        r,
                        k,
                    );
                }
            }
            if let Some(a) = answers.get_mut(id)
                && (evidence.article.is_some() || evidence.quote.is_some())
            {
                a.evidence.push(evidence);
            } else if !answers.contains_key(id) && !filled.is_empty() {
                err!(
                    Diagnostic::error(
                        Code::MissingKey,
                        tr("diag_q_evidence_no_answer", &[("id", &id)]),
                    )
                    .with_help(tr("diag_q_choose_in_help", &[("row", &(first + 1))])),
                    first,
                    col::ANSWER,
                );
            }
            continue;
        }
        first_row.insert(id.to_string(), r);
        let ok = allowed(item);
        let labels: Vec<String> = ok.iter().map(|v| answer_label(*v, labels_lang)).collect();
        let text = cell(col::ANSWER);
        if blank(text) {
            if !filled.is_empty() {
                err!(
                    Diagnostic::error(Code::MissingKey, tr("diag_q_no_answer", &[("id", &id)]))
                        .with_help(tr(
                            "diag_q_no_answer_help",
                            &[
                                ("labels", &labels.join(", ")),
                                ("unknown", &answer_label(AnswerValue::Unknown, labels_lang),),
                            ],
                        )),
                    r,
                    col::ANSWER,
                );
            }
            continue;
        }
        match parse_answer(text) {
            Some(v) if ok.contains(&v) => {
                let mut ev = Vec::new();
                if evidence.article.is_some() || evidence.quote.is_some() {
                    ev.push(evidence);
                }
                answers.insert(
                    id.to_string(),
                    Answer {
                        answer: v,
                        note: opt(cell(col::NOTE)),
                        evidence: ev,
                    },
                );
            }
            Some(v) => err!(
                Diagnostic::error(
                    Code::NotApplicableNotAllowed,
                    tr(
                        "diag_q_not_allowed",
                        &[("id", &id), ("answer", &v.as_str())]
                    ),
                )
                .with_help(tr("diag_q_choose_help", &[("labels", &labels.join(", "))])),
                r,
                col::ANSWER,
            ),
            None => err!(
                Diagnostic::error(
                    Code::InvalidValue,
                    tr("diag_q_not_an_answer", &[("text", &text.trim())]),
                )
                .with_help(tr(
                    "diag_q_not_an_answer_help",
                    &[
                        ("labels", &labels.join(", ")),
                        (
                            "values",
                            &ok.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                        ),
                    ],
                )),
                r,
                col::ANSWER,
            ),
        }
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_look_like_a_spreadsheet_s() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(3), "D");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        let g = Grid {
            name: Some("Perguntas".into()),
            rows: vec![],
        };
        assert_eq!(g.cell_ref(13, 3), "Perguntas!D14");
        let g = Grid {
            name: Some("My sheet".into()),
            rows: vec![],
        };
        assert_eq!(g.cell_ref(0, 0), "'My sheet'!A1");
        assert_eq!(Grid::default().cell_ref(1, 1), "B2");
    }
}
