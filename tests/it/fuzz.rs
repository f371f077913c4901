//! Fuzzing on stable Rust, for every loader: answers files, checklist folders, workbook and CSV
//! questionnaires, bill texts and `scan`.
//!
//! Each case starts from a valid file of the repository and mutates it twice over: first its
//! structure (the TOML tree of an answers or checklist file, the cells of a questionnaire, the
//! lines and article headings of a bill), with values chosen to hurt (empty and huge texts,
//! control characters, infinities, huge and tiny numbers, impossible dates, references to ids
//! that exist and that do not, deep nesting); then, for some cases, its bytes (flipped,
//! inserted, deleted, duplicated, truncated; invalid UTF-8 included). Every loader must then:
//! not panic; report every error with a code and a place (`file:line:col`, a JSON pointer or a
//! cell reference), except the few codes about a whole file; and, when it accepts the input,
//! produce results that are numbers (every score finite, every JSON output valid against its
//! schema). The command line gets the same inputs in a share of the cases: its exit code is 0,
//! 1 or 2, it never panics, and it writes no output file when it exits with 2.
//!
//! `cargo test --test it fuzz` runs a few hundred cases in all. For a long run:
//!
//! ```sh
//! SALVAGUARDA_FUZZ_CASES=100000 cargo test --release --test it fuzz
//! ```
//!
//! (`SALVAGUARDA_FUZZ_CASES` is the number of cases of each target.) Proptest shrinks a failure
//! to a small mutation and prints the input; pin it in `tests/regressions/` (see the README
//! there) with the code and exit status it must give once fixed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use salvaguarda::assess;
use salvaguarda::bill::Bill;
use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::diag::{Code, Diagnostics};
use salvaguarda::evaluate::evaluate;
use salvaguarda::questionnaire::{self, Grid};
use salvaguarda::report::{Format, Templates, render};
use salvaguarda::schema::{self, Kind};
use salvaguarda::source::SourceFile;

use crate::{bin, fixture};

// ------------------------------------------------------------------------ the run

/// Cases per target: `SALVAGUARDA_FUZZ_CASES`, or `default`.
fn cases(default: u32) -> u32 {
    std::env::var("SALVAGUARDA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(default: u32) -> Config {
    Config {
        cases: cases(default),
        // A failure is pinned by hand in tests/regressions/, with its expected code.
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..Config::default()
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn catalog() -> Catalog {
    Catalog {
        dir: Some(fixture("")),
    }
}

/// The checklists the seeds answer, loaded once.
fn checklists() -> &'static [Arc<Checklist>] {
    static C: OnceLock<Vec<Arc<Checklist>>> = OnceLock::new();
    C.get_or_init(|| {
        ["mini", "uncc-safeguards"]
            .iter()
            .map(|id| Arc::new(catalog().load(id).0.expect("a valid checklist")))
            .collect()
    })
}

fn checklist(id: &str) -> &'static Arc<Checklist> {
    checklists()
        .iter()
        .find(|c| c.header.id == id)
        .expect("a seed checklist")
}

fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(|| Templates::new(None).expect("the embedded templates"))
}

/// An input as shown in a failure: escaped, and cut if long.
fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let cut: String = text.chars().take(3000).collect();
    format!(
        "{cut:?}{}",
        if text.chars().count() > 3000 {
            " …"
        } else {
            ""
        }
    )
}

/// Codes whose diagnostic names a whole file (or folder) rather than a place in it.
const WHOLE_FILE: &[Code] = &[
    Code::FileUnreadable,
    Code::InputTooLarge,
    Code::UnknownFileKind,
    Code::NoChecklistHeader,
    Code::BillWithoutArticles,
    Code::OutputRefused,
    Code::OutputFailed,
];

/// Every error and warning has a code and, unless it is about a whole file, a place: a line
/// and column, or a JSON pointer or cell reference. Rendering them never panics.
fn placed(diags: &Diagnostics, input: &[u8]) -> Result<(), TestCaseError> {
    for d in diags.iter() {
        if WHOLE_FILE.contains(&d.code) {
            prop_assert!(d.location.is_some(), "{d:?}\ninput: {}", shown(input));
            continue;
        }
        let placed = d.location.as_ref().is_some_and(|l| {
            (l.line.is_some() && l.column.is_some())
                || l.pointer.as_deref().is_some_and(|p| !p.is_empty())
        });
        prop_assert!(
            placed,
            "a diagnostic without a place:\n{}\ninput: {}",
            d.render(),
            shown(input)
        );
    }
    let _ = diags.render();
    Ok(())
}

// ------------------------------------------------------------- mutating TOML trees

/// A value chosen to hurt a validator.
fn nasty_value() -> impl Strategy<Value = toml::Value> {
    use toml::Value as V;
    prop_oneof![
        Just(V::String(String::new())),
        Just(V::String("   ".into())),
        Just(V::String("x".repeat(20_000))),
        Just(V::String("\u{1b}]0;title\u{7}\u{1b}[2J".into())),
        Just(V::String("\u{202e}txet\u{0}".into())),
        Just(V::String("=HYPERLINK(\"http://x\",\"y\")".into())),
        Just(V::String("2025-13-45".into())),
        Just(V::String("2024-02-29".into())),
        Just(V::String("1.0.0".into())),
        Just(V::String("yes".into())),
        Just(V::String("not_applicable".into())),
        Just(V::String("unknown".into())),
        Just(V::String("judge-order".into())),
        Just(V::String("power-interception".into())),
        Just(V::String("mini".into())),
        Just(V::String("uncc-safeguards".into())),
        Just(V::String("en".into())),
        Just(V::String("zz".into())),
        "\\PC{0,30}".prop_map(V::String),
        Just(V::Integer(0)),
        Just(V::Integer(-1)),
        Just(V::Integer(i64::MAX)),
        Just(V::Integer(i64::MIN)),
        Just(V::Float(1e308)),
        Just(V::Float(-1e308)),
        Just(V::Float(1e-300)),
        Just(V::Float(f64::INFINITY)),
        Just(V::Float(f64::NAN)),
        Just(V::Float(0.5)),
        Just(V::Float(1e6)),
        Just(V::Float(1e-6)),
        any::<bool>().prop_map(V::Boolean),
        Just(V::Array(Vec::new())),
        Just(V::Table(toml::Table::new())),
        Just(V::Array(vec![V::Table(toml::Table::new())])),
    ]
}

/// One change to a TOML tree; node indices are taken modulo the number of nodes.
#[derive(Debug, Clone)]
enum TreeOp {
    Remove(usize),
    Replace(usize, toml::Value),
    Insert(usize, String, toml::Value),
    Copy(usize, usize),
    Nest(usize, usize),
}

fn tree_op() -> impl Strategy<Value = TreeOp> {
    let key = prop_oneof![
        Just("answer".to_string()),
        Just("evidence".to_string()),
        Just("weight".to_string()),
        Just("note".to_string()),
        Just("id".to_string()),
        Just("applies_if".to_string()),
        Just("red_line".to_string()),
        Just("extends".to_string()),
        "[a-z_]{1,12}",
    ];
    prop_oneof![
        3 => any::<usize>().prop_map(TreeOp::Remove),
        6 => (any::<usize>(), nasty_value()).prop_map(|(i, v)| TreeOp::Replace(i, v)),
        2 => (any::<usize>(), key, nasty_value()).prop_map(|(i, k, v)| TreeOp::Insert(i, k, v)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| TreeOp::Copy(a, b)),
        1 => (any::<usize>(), 1usize..120).prop_map(|(i, d)| TreeOp::Nest(i, d)),
    ]
}

/// The paths (keys and indices) of every node below the root, in document order.
fn node_paths(v: &toml::Value, here: &mut Vec<PathPart>, out: &mut Vec<Vec<PathPart>>) {
    match v {
        toml::Value::Table(t) => {
            for (k, child) in t {
                here.push(PathPart::Key(k.clone()));
                out.push(here.clone());
                node_paths(child, here, out);
                here.pop();
            }
        }
        toml::Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                here.push(PathPart::Index(i));
                out.push(here.clone());
                node_paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum PathPart {
    Key(String),
    Index(usize),
}

fn node_mut<'v>(mut v: &'v mut toml::Value, path: &[PathPart]) -> Option<&'v mut toml::Value> {
    for p in path {
        v = match (v, p) {
            (toml::Value::Table(t), PathPart::Key(k)) => t.get_mut(k)?,
            (toml::Value::Array(a), PathPart::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn apply_tree_op(doc: &mut toml::Value, op: &TreeOp) {
    let mut paths = Vec::new();
    node_paths(doc, &mut Vec::new(), &mut paths);
    if paths.is_empty() {
        return;
    }
    let pick = |i: usize| paths[i % paths.len()].clone();
    match op {
        TreeOp::Remove(i) => {
            let path = pick(*i);
            let (last, parent) = path.split_last().expect("not the root");
            if let Some(p) = node_mut(doc, parent) {
                match (p, last) {
                    (toml::Value::Table(t), PathPart::Key(k)) => {
                        t.remove(k);
                    }
                    (toml::Value::Array(a), PathPart::Index(i)) if *i < a.len() => {
                        a.remove(*i);
                    }
                    _ => {}
                }
            }
        }
        TreeOp::Replace(i, v) => {
            if let Some(n) = node_mut(doc, &pick(*i)) {
                *n = v.clone();
            }
        }
        TreeOp::Insert(i, k, v) => {
            let path = pick(*i);
            // Into the node if it is a table, else into its parent.
            let target = if matches!(node_mut(doc, &path), Some(toml::Value::Table(_))) {
                path
            } else {
                path[..path.len() - 1].to_vec()
            };
            if let Some(toml::Value::Table(t)) = node_mut(doc, &target) {
                t.insert(k.clone(), v.clone());
            }
        }
        TreeOp::Copy(a, b) => {
            let from = node_mut(doc, &pick(*a)).map(|v| v.clone());
            if let (Some(v), Some(n)) = (from, node_mut(doc, &pick(*b))) {
                *n = v;
            }
        }
        TreeOp::Nest(i, depth) => {
            if let Some(n) = node_mut(doc, &pick(*i)) {
                let mut v = n.clone();
                for d in 0..*depth {
                    v = if d % 2 == 0 {
                        toml::Value::Array(vec![v])
                    } else {
                        let mut t = toml::Table::new();
                        t.insert("a".into(), v);
                        toml::Value::Table(t)
                    };
                }
                *n = v;
            }
        }
    }
}

/// A TOML text with its tree mutated; the seed itself if the result cannot be written as TOML.
fn mutate_toml(seed: &str, ops: &[TreeOp]) -> String {
    let Ok(table) = seed.parse::<toml::Table>() else {
        return seed.to_string();
    };
    let mut doc = toml::Value::Table(table);
    for op in ops {
        apply_tree_op(&mut doc, op);
    }
    toml::to_string(&doc).unwrap_or_else(|_| seed.to_string())
}

// ---------------------------------------------------------------- mutating bytes

/// Snippets that break parsers: invalid UTF-8, NUL, escape sequences, TOML and CSV syntax.
const SNIPPETS: &[&[u8]] = &[
    b"\xff",
    b"\xe7",
    b"\xf0\x9f",
    b"\x00",
    b"\x1b]0;x\x07",
    b"\r",
    b"\n",
    b"\"",
    b"'''",
    b"\"\"\"",
    b"=",
    b"[",
    b"[[",
    b"]]",
    b"{",
    b"#",
    b",",
    b"\n[answers.x]\nanswer = \"yes\"\n",
    b"\n[a.b.c.d]\n",
    b"\nArt\xc3\xadculo 9999999999999999999999.\n",
    b"\nArt. 0.\n",
    b"\n\xc2\xa7 1.1.1.1.1.1\n",
    b"1e999",
    b"nan",
    b"-inf",
    b"99999999999999999999999",
];

#[derive(Debug, Clone)]
enum ByteOp {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize, usize),
    Truncate(usize),
    Repeat(usize, usize),
}

fn byte_op() -> impl Strategy<Value = ByteOp> {
    prop_oneof![
        3 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| ByteOp::Flip(i, b)),
        4 => (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(i, s)| ByteOp::Insert(i, s)),
        2 => (any::<usize>(), 1usize..64).prop_map(|(i, n)| ByteOp::Delete(i, n)),
        2 => (any::<usize>(), 1usize..200, any::<usize>()).prop_map(|(i, n, at)| ByteOp::Duplicate(i, n, at)),
        1 => any::<usize>().prop_map(ByteOp::Truncate),
        1 => (0..SNIPPETS.len(), 1usize..300).prop_map(|(s, n)| ByteOp::Repeat(s, n)),
    ]
}

fn mutate_bytes(bytes: &mut Vec<u8>, ops: &[ByteOp]) {
    for op in ops {
        let len = bytes.len().max(1);
        match *op {
            ByteOp::Flip(i, b) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes[i] = b;
            }
            ByteOp::Flip(..) => {}
            ByteOp::Insert(i, s) => {
                let i = i % (bytes.len() + 1);
                bytes.splice(i..i, SNIPPETS[s].iter().copied());
            }
            ByteOp::Delete(i, n) => {
                let i = i % len;
                let end = (i + n).min(bytes.len());
                if i < end {
                    bytes.drain(i..end);
                }
            }
            ByteOp::Duplicate(i, n, at) => {
                let i = i % len;
                let end = (i + n).min(bytes.len());
                if i < end {
                    let piece = bytes[i..end].to_vec();
                    let at = at % (bytes.len() + 1);
                    bytes.splice(at..at, piece);
                }
            }
            ByteOp::Truncate(i) => bytes.truncate(i % len),
            ByteOp::Repeat(s, n) => {
                let at = bytes.len() / 2;
                let piece: Vec<u8> = SNIPPETS[s].repeat(n);
                bytes.splice(at..at, piece);
            }
        }
    }
}

// ---------------------------------------------------------------- the oracles

/// Every score of a report is a number from 0 to 100, and its JSON is valid against the
/// result schema; every format renders.
fn scores_are_numbers(
    c: &Checklist,
    a: &assess::Assessment,
    input: &[u8],
) -> Result<(), TestCaseError> {
    for p in &c.profiles {
        let r = evaluate(c, &a.answers, &a.sha256, &p.id);
        let json = serde_json::to_value(&r).expect("a result serializes");
        prop_assert!(
            schema::is_valid(Kind::Result, &json),
            "the result under `{}` breaks its schema (score {})\ninput: {}",
            p.id,
            r.score,
            shown(input)
        );
        prop_assert!((0.0..=100.0).contains(&r.score), "score {}", r.score);
        for q in &r.profiles {
            prop_assert!(q.score.is_finite(), "profile {} scores {}", q.id, q.score);
        }
    }
    let r = evaluate(c, &a.answers, &a.sha256, &c.header.default_profile);
    for f in [Format::Md, Format::Json, Format::Csv] {
        render(&r, c, c.default_language(), f, templates())
            .map_err(|e| TestCaseError::fail(format!("{f:?}: {e}\ninput: {}", shown(input))))?;
    }
    Ok(())
}

/// Loads an answers file (through the full path and the quick one), checks the diagnostics,
/// and scores what loads cleanly.
fn answers_oracle(bytes: &[u8]) -> Result<(), TestCaseError> {
    let file = match salvaguarda::input::text("fuzz.toml", bytes.to_vec()) {
        Ok(f) => f,
        Err(d) => {
            let mut diags = Diagnostics::new();
            diags.push(*d);
            return placed(&diags, bytes);
        }
    };
    let (a, diags) = assess::load(file, &catalog(), None, checklists());
    placed(&diags, bytes)?;
    if let Some(a) = a.filter(|_| !diags.has_errors()) {
        scores_are_numbers(&a.checklist, &a, bytes)?;
    }
    Ok(())
}

// ----------------------------------------------------------------- answers files

fn answers_seeds() -> &'static [String] {
    static S: OnceLock<Vec<String>> = OnceLock::new();
    S.get_or_init(|| {
        [
            fixture("mini-answers.toml"),
            fixture("payloads.toml"),
            root().join("examples/mixed.toml"),
            root().join("examples/red-lines.toml"),
        ]
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a seed"))
        .collect()
    })
}

proptest! {
    #![proptest_config(config(150))]

    /// Answers files: a mutated tree, sometimes mutated bytes.
    #[test]
    fn fuzz_answers_files(
        seed in 0usize..4,
        tree in prop::collection::vec(tree_op(), 0..6),
        bytes in prop::collection::vec(byte_op(), 0..4),
        raw in prop::bool::weighted(0.35),
    ) {
        let seed = &answers_seeds()[seed % answers_seeds().len()];
        let mut input = mutate_toml(seed, &tree).into_bytes();
        if raw {
            mutate_bytes(&mut input, &bytes);
        }
        answers_oracle(&input)?;
    }
}

// -------------------------------------------------------------- checklist folders

/// The files of the seed checklists: `mini`, and the extension that builds on the embedded one.
fn checklist_seeds() -> &'static [Vec<(String, String)>] {
    static S: OnceLock<Vec<Vec<(String, String)>>> = OnceLock::new();
    S.get_or_init(|| {
        ["mini", "ngo-extension"]
            .iter()
            .map(|d| {
                let mut files: Vec<(String, String)> = std::fs::read_dir(fixture(d))
                    .expect("a seed folder")
                    .map(|e| e.unwrap().path())
                    .map(|p| {
                        (
                            p.file_name().unwrap().to_string_lossy().into_owned(),
                            std::fs::read_to_string(&p).unwrap(),
                        )
                    })
                    .collect();
                files.sort();
                files
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(config(60))]

    /// Checklist folders: one file's tree mutated, sometimes its bytes; what loads is scored
    /// with the seed's answers and with no answers.
    #[test]
    fn fuzz_checklist_folders(
        seed in 0usize..2,
        which in any::<usize>(),
        tree in prop::collection::vec(tree_op(), 1..6),
        bytes in prop::collection::vec(byte_op(), 0..3),
        raw in prop::bool::weighted(0.3),
    ) {
        let files = &checklist_seeds()[seed];
        let which = which % files.len();
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(if seed == 0 { "mini" } else { "ngo-extension" });
        std::fs::create_dir_all(&folder).unwrap();
        let mut input = Vec::new();
        for (k, (name, text)) in files.iter().enumerate() {
            let mut b = text.clone().into_bytes();
            if k == which {
                b = mutate_toml(text, &tree).into_bytes();
                if raw {
                    mutate_bytes(&mut b, &bytes);
                }
                input = b.clone();
            }
            std::fs::write(folder.join(name), &b).unwrap();
        }
        let (c, diags) = catalog().load_dir(&folder);
        placed(&diags, &input)?;
        if let Some(c) = c.filter(|_| !diags.has_errors()) {
            let answers = if seed == 0 {
                std::fs::read_to_string(fixture("mini-answers.toml")).unwrap()
            } else {
                std::fs::read_to_string(fixture("ngo-extension-answers.toml")).unwrap()
            };
            let c = Arc::new(c);
            let (a, d) = assess::load(
                SourceFile::new("answers.toml", answers),
                &catalog(),
                Some(&c.header.id),
                std::slice::from_ref(&c),
            );
            placed(&d, &input)?;
            if let Some(a) = a.filter(|_| !d.has_errors()) {
                scores_are_numbers(&c, &a, &input)?;
            }
            let empty = salvaguarda::answers::new_file(&c, "XX", "Bill");
            let sha = "0".repeat(64);
            for p in &c.profiles {
                let r = evaluate(&c, &empty, &sha, &p.id);
                prop_assert!((0.0..=100.0).contains(&r.score), "score {}\ninput: {}", r.score, shown(&input));
            }
        }
    }
}

// ------------------------------------------------------------------ questionnaires

/// One change to a questionnaire's cells.
#[derive(Debug, Clone)]
enum CellOp {
    Set(usize, usize, String),
    RemoveRow(usize),
    CopyRow(usize, usize),
    Far(usize, usize),
}

fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("yes".to_string()),
        Just("Sí".to_string()),
        Just("not_applicable".to_string()),
        Just("@checklist".to_string()),
        Just("@date".to_string()),
        Just("2025-13-45".to_string()),
        Just("=SUM(A1)".to_string()),
        Just("'=SUM(A1)".to_string()),
        Just("\"unclosed".to_string()),
        Just("judge-order".to_string()),
        Just("x".repeat(40_000)),
        "\\PC{0,20}",
    ]
}

fn cell_op() -> impl Strategy<Value = CellOp> {
    prop_oneof![
        6 => (any::<usize>(), 0usize..12, cell_text()).prop_map(|(r, c, t)| CellOp::Set(r, c, t)),
        2 => any::<usize>().prop_map(CellOp::RemoveRow),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| CellOp::CopyRow(a, b)),
        1 => (0usize..70_000, 0usize..80).prop_map(|(r, c)| CellOp::Far(r, c)),
    ]
}

fn mutate_grid(q: &mut questionnaire::Questionnaire, ops: &[CellOp]) {
    let rows = &mut q.sheet.rows;
    for op in ops {
        let n = rows.len().max(1);
        match op {
            CellOp::Set(r, c, t) => {
                if let Some(row) = rows.get_mut(r % n) {
                    if row.len() <= *c {
                        row.resize(c + 1, String::new());
                    }
                    row[*c] = t.clone();
                }
            }
            CellOp::RemoveRow(r) if !rows.is_empty() => {
                rows.remove(r % n);
            }
            CellOp::RemoveRow(_) => {}
            CellOp::CopyRow(a, b) if !rows.is_empty() => {
                let row = rows[a % n].clone();
                let at = b % n;
                rows.insert(at, row);
            }
            CellOp::CopyRow(..) => {}
            CellOp::Far(r, c) => {
                // A value far down or far right (past the bounds, sometimes).
                if rows.len() <= *r {
                    rows.resize(r + 1, Vec::new());
                }
                let row = &mut rows[*r];
                if row.len() <= *c {
                    row.resize(c + 1, String::new());
                }
                row[*c] = "far".into();
            }
        }
    }
    // The row kinds follow the rows only as far as they go.
    q.kinds.truncate(q.sheet.rows.len());
    while q.kinds.len() < q.sheet.rows.len() {
        q.kinds.push(questionnaire::RowKind::Meta);
    }
}

fn questionnaire_seed(seed: usize) -> questionnaire::Questionnaire {
    let (id, answers, lang) = [
        ("mini", fixture("mini-answers.toml"), "en"),
        ("mini", fixture("payloads.toml"), "es"),
        ("uncc-safeguards", root().join("examples/mixed.toml"), "pt"),
    ][seed % 3]
        .clone();
    let c = checklist(id);
    let a = salvaguarda::answers::from_toml(&std::fs::read_to_string(answers).unwrap()).unwrap();
    questionnaire::build(c, lang, Some(&a))
}

/// Reads a questionnaire as `import` does, and checks every diagnostic.
fn import_oracle(
    grids: Result<Vec<Grid>, Box<salvaguarda::diag::Diagnostic>>,
    input: &[u8],
) -> Result<(), TestCaseError> {
    let grids = match grids {
        Ok(g) => g,
        Err(d) => {
            let mut diags = Diagnostics::new();
            diags.push(*d);
            return placed(&diags, input);
        }
    };
    for g in &grids {
        match questionnaire::checklist_of(g, "fuzz") {
            Ok((id, _)) => {
                let Some(c) = checklists().iter().find(|c| c.header.id == id) else {
                    continue;
                };
                let (a, diags) = questionnaire::read(g, c, "fuzz");
                placed(&diags, input)?;
                if let Some(a) = a.filter(|_| !diags.has_errors()) {
                    // What import would write either loads or is refused with placed errors.
                    let text = salvaguarda::answers::to_toml(&a, Some(c));
                    answers_oracle(text.as_bytes())?;
                }
            }
            Err(d) => placed(&d, input)?,
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(60))]

    /// CSV questionnaires: cells mutated, sometimes bytes.
    #[test]
    fn fuzz_csv_questionnaires(
        seed in 0usize..3,
        cells in prop::collection::vec(cell_op(), 0..6),
        bytes in prop::collection::vec(byte_op(), 0..3),
        raw in prop::bool::weighted(0.4),
    ) {
        let mut q = questionnaire_seed(seed);
        mutate_grid(&mut q, &cells);
        let mut input = questionnaire::csv::write(&q);
        if raw {
            mutate_bytes(&mut input, &bytes);
        }
        import_oracle(questionnaire::csv::read_named(&input, "fuzz.csv").map(|g| vec![g]), &input)?;
    }
}

#[cfg(feature = "xlsx")]
proptest! {
    #![proptest_config(config(16))]

    /// Workbooks: cells mutated (a value far away included), sometimes the zip's bytes.
    #[test]
    fn fuzz_workbooks(
        seed in 0usize..3,
        cells in prop::collection::vec(cell_op(), 0..5),
        bytes in prop::collection::vec(byte_op(), 0..2),
        raw in prop::bool::weighted(0.25),
    ) {
        let mut q = questionnaire_seed(seed);
        mutate_grid(&mut q, &cells);
        // A cell too long for Excel is refused by the writer: not an input to test.
        let Ok(mut input) = questionnaire::xlsx::write(&q) else {
            return Ok(());
        };
        if raw {
            mutate_bytes(&mut input, &bytes);
        }
        import_oracle(questionnaire::xlsx::read_named(&input, "fuzz.xlsx"), &input)?;
    }
}

// ---------------------------------------------------------------- bills and scan

/// A line to insert into a bill: headings that stress the article reader.
fn bill_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Artículo 14. Interceptación.".to_string()),
        Just("Artículo 14 bis.".to_string()),
        Just("Art. 9999999999999999999999999.".to_string()),
        Just("Art. 0".to_string()),
        Just("ARTÍCULO ÚNICO.".to_string()),
        Just("Artigo 10-A.".to_string()),
        Just("Section 14(3)(a)(ii).".to_string()),
        Just("CAPÍTULO MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM".to_string()),
        Just("§ 1.1.1.1.1.1.1.1.1.1.1".to_string()),
        Just("1. 2. 3. 4. 5. 6. 7. 8. 9.".to_string()),
        Just("a) b) c) i) ii) iii)".to_string()),
        Just("sin orden judicial, ninguna comunicación podrá ser interceptada".to_string()),
        Just("«".repeat(500)),
        Just("x".repeat(100_000)),
        "\\PC{0,60}",
    ]
}

#[derive(Debug, Clone)]
enum LineOp {
    Insert(usize, String),
    Remove(usize),
    Copy(usize, usize),
}

fn line_op() -> impl Strategy<Value = LineOp> {
    prop_oneof![
        3 => (any::<usize>(), bill_line()).prop_map(|(i, l)| LineOp::Insert(i, l)),
        1 => any::<usize>().prop_map(LineOp::Remove),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| LineOp::Copy(a, b)),
    ]
}

fn bill_seeds() -> &'static [(String, String)] {
    static S: OnceLock<Vec<(String, String)>> = OnceLock::new();
    S.get_or_init(|| {
        let mut out: Vec<(String, String)> = std::fs::read_dir(fixture("bills"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        out.sort();
        out.push((
            "mixed-bill.md".into(),
            std::fs::read_to_string(root().join("examples/mixed-bill.md")).unwrap(),
        ));
        out
    })
}

fn matchers() -> &'static [(String, salvaguarda::scan::Matcher)] {
    static M: OnceLock<Vec<(String, salvaguarda::scan::Matcher)>> = OnceLock::new();
    M.get_or_init(|| {
        let c = checklist("uncc-safeguards");
        c.header
            .languages
            .iter()
            .map(|l| (l.clone(), salvaguarda::scan::Matcher::new(c, l)))
            .collect()
    })
}

proptest! {
    #![proptest_config(config(12))]

    /// Bill texts: lines and headings inserted, removed and copied, sometimes bytes; the
    /// evidence of the example answers checked against it, then `scan`, its renderings and its
    /// draft answers file, which must be a valid answers file.
    #[test]
    fn fuzz_bills_and_scan(
        seed in any::<usize>(),
        lines in prop::collection::vec(line_op(), 0..8),
        bytes in prop::collection::vec(byte_op(), 0..4),
        raw in prop::bool::weighted(0.4),
    ) {
        let (name, text) = &bill_seeds()[seed % bill_seeds().len()];
        let mut ls: Vec<String> = text.lines().map(str::to_string).collect();
        for op in &lines {
            let n = ls.len().max(1);
            match op {
                LineOp::Insert(i, l) => ls.insert(i % (ls.len() + 1), l.clone()),
                LineOp::Remove(i) if !ls.is_empty() => {
                    ls.remove(i % n);
                }
                LineOp::Remove(_) => {}
                LineOp::Copy(a, b) if !ls.is_empty() => {
                    let l = ls[a % n].clone();
                    ls.insert(b % n, l);
                }
                LineOp::Copy(..) => {}
            }
        }
        let mut input = (ls.join("\n") + "\n").into_bytes();
        if raw {
            mutate_bytes(&mut input, &bytes);
        }
        let source = match salvaguarda::input::text(name, input.clone()) {
            Ok(s) => s,
            Err(d) => {
                let mut diags = Diagnostics::new();
                diags.push(*d);
                return placed(&diags, &input);
            }
        };
        let bill = Bill::from_sources(vec![source]);
        // Evidence checked against it.
        for (answers, id) in [(fixture("mini-answers.toml"), "mini"), (root().join("examples/mixed.toml"), "uncc-safeguards")] {
            let text = std::fs::read_to_string(answers).unwrap();
            let a = salvaguarda::answers::from_toml(&text).unwrap();
            let d = salvaguarda::verify::diagnostics(&SourceFile::new("a.toml", text), &a, &bill);
            placed(&d, &input)?;
            let c = checklist(id);
            let mut r = evaluate(c, &a, &"0".repeat(64), &c.header.default_profile);
            salvaguarda::verify::apply(&mut r, &bill);
            let json = serde_json::to_value(&r).unwrap();
            prop_assert!(schema::is_valid(Kind::Result, &json), "input: {}", shown(&input));
        }
        // Scan, in the language detected.
        let c = checklist("uncc-safeguards");
        let lang = salvaguarda::scan::detect_language(&bill, &c.header.languages)
            .unwrap_or_else(|| "en".to_string());
        let m = &matchers().iter().find(|(l, _)| *l == lang).expect("a matcher").1;
        let report = salvaguarda::scan::scan(c, m, &bill, true, &salvaguarda::scan::ScanOptions::default());
        let json = serde_json::to_value(&report).unwrap();
        prop_assert!(schema::is_valid(Kind::Scan, &json), "input: {}", shown(&input));
        for f in [salvaguarda::scan::ScanFormat::Md, salvaguarda::scan::ScanFormat::Html] {
            salvaguarda::scan::render_scan(&report, c, &lang, f, templates())
                .map_err(|e| TestCaseError::fail(format!("{e}\ninput: {}", shown(&input))))?;
        }
        let draft = salvaguarda::scan::prefill(&report, c, &bill, &lang);
        let (a, d) = assess::load(SourceFile::new("draft.toml", draft.clone()), &catalog(), None, checklists());
        prop_assert!(
            a.is_some() && !d.has_errors(),
            "the draft answers file is not valid:\n{}\ndraft: {}\ninput: {}",
            d.render(),
            shown(draft.as_bytes()),
            shown(&input)
        );
    }
}

// --------------------------------------------------------------- the command line

/// Runs the binary; checks the exit code, that nothing panicked, that every error has a place
/// line, and that no output file is left when it exits with 2.
fn cli_oracle(
    dir: &Path,
    args: &[&str],
    out: Option<&Path>,
    input: &[u8],
) -> Result<(), TestCaseError> {
    let o = bin().current_dir(dir).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    let code = o.status.code();
    prop_assert!(
        matches!(code, Some(0..=2)),
        "{args:?} exited with {code:?}\n{err}\ninput: {}",
        shown(input)
    );
    prop_assert!(!err.contains("panicked"), "{args:?}: {err}");
    let lines: Vec<&str> = err.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("error[") || l.starts_with("warning[") {
            prop_assert!(
                lines
                    .get(i + 1)
                    .is_some_and(|n| n.trim_start().starts_with("--> ")),
                "{args:?}: a diagnostic without a place: {l}\ninput: {}",
                shown(input)
            );
        }
    }
    if let Some(out) = out {
        prop_assert_eq!(
            out.exists(),
            code != Some(2),
            "{:?} exited with {:?}; output file exists: {}\n{}",
            args,
            code,
            out.exists(),
            err
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(10))]

    /// The command line on mutated answers files and questionnaires.
    #[test]
    fn fuzz_the_command_line(
        seed in 0usize..4,
        tree in prop::collection::vec(tree_op(), 0..4),
        bytes in prop::collection::vec(byte_op(), 0..3),
        raw in prop::bool::weighted(0.3),
        cells in prop::collection::vec(cell_op(), 0..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let seedtext = &answers_seeds()[seed % answers_seeds().len()];
        let mut input = mutate_toml(seedtext, &tree).into_bytes();
        if raw {
            mutate_bytes(&mut input, &bytes);
        }
        std::fs::write(d.join("a.toml"), &input).unwrap();
        let fixtures = fixture("");
        let cat = fixtures.to_str().unwrap();
        cli_oracle(d, &["--catalog", cat, "report", "a.toml", "--fail-under", "50", "-o", "r.md"], Some(&d.join("r.md")), &input)?;
        cli_oracle(d, &["--catalog", cat, "lint", "--strict", "a.toml"], None, &input)?;
        let mut q = questionnaire_seed(seed);
        mutate_grid(&mut q, &cells);
        let mut csv = questionnaire::csv::write(&q);
        if raw {
            mutate_bytes(&mut csv, &bytes);
        }
        std::fs::write(d.join("q.csv"), &csv).unwrap();
        cli_oracle(d, &["--catalog", cat, "import", "q.csv", "-o", "back.toml"], Some(&d.join("back.toml")), &csv)?;
    }
}
