//! One fixture per diagnostic code, in `tests/invalid/`, each named after its code:
//! `<code>.toml` (an answers file for the `mini` checklist, or another single file) or `<code>/`
//! (a whole checklist: a copy of `tests/fixtures/mini/` with one thing broken). Every fixture
//! must make `lint --strict` fail with its own code and no other; the few codes `lint` never
//! reports (where output goes, how a questionnaire was decoded) run their fixture through
//! another command ([`COMMAND_FOR`]).

use std::path::{Path, PathBuf};

use salvaguarda::diag::Code;

use crate::{bin, fixture};

/// Codes whose diagnostic points at a whole file or folder rather than at a position in it.
const NO_POSITION: &[Code] = &[
    Code::InputTooLarge,
    Code::OutputRefused,
    Code::OutputFailed,
    Code::UnknownFileKind,
    Code::NoChecklistHeader,
    Code::BillWithoutArticles,
    Code::LegacyEncoding,
];

/// The fixture of a code: `invalid/<code>.toml` or `invalid/<code>/`, but not both.
pub(crate) fn fixture_for(code: Code) -> PathBuf {
    let name = code.as_str();
    let file = fixture(&format!("../invalid/{name}.toml"));
    let dir = fixture(&format!("../invalid/{name}"));
    // A link counts as a file: `input-too-large.toml` is a link to `/dev/zero`, endless input.
    let is_file = std::fs::symlink_metadata(&file).is_ok() && !file.is_dir();
    match (is_file, dir.is_dir()) {
        (true, false) => file,
        (false, true) => dir,
        (true, true) => panic!(
            "code `{name}` has two fixtures, {} and {}; keep one",
            file.display(),
            dir.display()
        ),
        (false, false) => panic!(
            "code `{name}` has no fixture: add tests/invalid/{name}.toml (an answers file or single file) \
             or tests/invalid/{name}/ (a checklist folder)"
        ),
    }
}

/// Codes that only `lint --bill` reports, with the bill text (under `tests/fixtures/bills/`) their
/// fixture is checked against.
const BILL_FOR: &[(Code, &str)] = &[
    (Code::BillWithoutArticles, "no-articles.txt"),
    (Code::QuoteNotFound, "mini-bill.txt"),
    (Code::QuoteElsewhere, "mini-bill.txt"),
    (Code::ArticleNotFound, "mini-bill.txt"),
];

/// Codes whose diagnostic points at the bill text rather than at the fixture.
const POINTS_AT_BILL: &[Code] = &[Code::BillWithoutArticles];

/// Codes that `lint` never reports (they are about where output goes), with the command their
/// fixture is run with instead; `{}` stands for the fixture's path.
const COMMAND_FOR: &[(Code, &[&str])] = &[
    // An input is never overwritten.
    (Code::OutputRefused, &["report", "{}", "-o", "{}"]),
    // A file cannot be created inside a file.
    (Code::OutputFailed, &["report", "{}", "-o", "{}/report.md"]),
    // A questionnaire saved as CSV in Windows-1252: a warning of `import`, an error with --strict.
    (
        Code::LegacyEncoding,
        &["import", "--strict", "{}/questionnaire.csv", "-o", "-"],
    ),
];

/// The arguments that run a fixture: `--catalog tests/fixtures lint --strict <path>` (with
/// `--bill` for the codes that need a bill text), or the command of [`COMMAND_FOR`].
pub(crate) fn args_for(path: &Path) -> Vec<String> {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut args: Vec<String> = vec!["--catalog".into(), "tests/fixtures".into()];
    if let Some((_, command)) = COMMAND_FOR.iter().find(|(c, _)| c.as_str() == name) {
        let shown = path.display().to_string();
        args.extend(command.iter().map(|a| a.replace("{}", &shown)));
        return args;
    }
    args.extend(["lint".into(), "--strict".into(), path.display().to_string()]);
    if let Some((_, b)) = BILL_FOR.iter().find(|(c, _)| c.as_str() == name) {
        args.push("--bill".into());
        args.push(fixture(&format!("bills/{b}")).display().to_string());
    }
    args
}

/// Runs a fixture (see [`args_for`]); returns (exit code, stderr).
fn lint_strict(path: &Path) -> (Option<i32>, String) {
    let out = bin()
        .args(args_for(path))
        .output()
        .expect("salvaguarda runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The codes of every diagnostic in rendered output (`error[code]: ...` / `warning[code]: ...`).
fn codes_in(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("error[")
                .or_else(|| l.strip_prefix("warning["))
        })
        .filter_map(|rest| rest.split_once("]:").map(|(code, _)| code))
        .collect()
}

/// The place (`file:line:col`, or `file`) of the first diagnostic with this code: the `-->`
/// line that follows its header.
fn place_of<'a>(stderr: &'a str, code: &str) -> Option<&'a str> {
    let header = format!("error[{code}]:");
    let mut lines = stderr
        .lines()
        .skip_while(|l| !l.starts_with(&header))
        .skip(1);
    let arrow = lines.next()?;
    let place = arrow.trim_start().strip_prefix("--> ")?;
    // Drop a trailing ` (at /json/pointer)`.
    Some(place.split(" (at ").next().unwrap_or(place))
}

/// `…/<name>.toml:<line>:<col>` with both numbers present: returns (line, col).
fn toml_line_col(place: &str) -> Option<(usize, usize)> {
    let (_, pos) = place.rsplit_once(".toml:")?;
    let (line, col) = pos.split_once(':')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(line) && digits(col)).then(|| (line.parse().unwrap(), col.parse().unwrap()))
}

#[test]
fn every_code_is_triggered_by_its_fixture() {
    let mut failures = Vec::new();
    for &code in Code::ALL {
        let name = code.as_str();
        let path = fixture_for(code);
        let (status, stderr) = lint_strict(&path);
        let mut fail = |why: String| {
            failures.push(format!(
                "{name} ({}): {why}\n--- stderr ---\n{stderr}",
                path.display()
            ))
        };

        if status != Some(2) {
            fail(format!("exit code {status:?}, expected 2"));
            continue;
        }
        if !stderr.contains(&format!("[{name}]")) {
            fail(format!("stderr does not contain `[{name}]`"));
            continue;
        }
        let others: Vec<&str> = codes_in(&stderr)
            .into_iter()
            .filter(|c| *c != name)
            .collect();
        if !others.is_empty() {
            fail(format!(
                "the fixture also triggers {others:?}; a fixture should trigger only its own code"
            ));
            continue;
        }
        let Some(place) = place_of(&stderr, name) else {
            fail("the diagnostic has no `-->` location line".into());
            continue;
        };
        // The diagnostic names the fixture (the file, or a file of the folder), or for a
        // problem of the bill text, that text.
        let target = match BILL_FOR.iter().find(|(c, _)| *c == code) {
            Some((_, b)) if POINTS_AT_BILL.contains(&code) => fixture(&format!("bills/{b}")),
            _ => path.clone(),
        };
        if !place.starts_with(&target.display().to_string()) {
            fail(format!(
                "the diagnostic points at `{place}`, not into the fixture"
            ));
            continue;
        }
        match (NO_POSITION.contains(&code), toml_line_col(place)) {
            (false, Some((line, col))) if line >= 1 && col >= 1 => {}
            (false, _) => fail(format!(
                "expected `<file>.toml:<line>:<col>`, found `{place}`"
            )),
            (true, None) => {}
            (true, Some(_)) => fail(format!(
                "`{place}` has a position; remove {name} from NO_POSITION so that the position stays checked"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} codes failed:\n\n{}",
        failures.len(),
        Code::ALL.len(),
        failures.join("\n")
    );
}

#[test]
fn every_fixture_names_an_existing_code() {
    let dir = fixture("../invalid");
    let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let mut stale = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/invalid exists") {
        let path = entry.unwrap().path();
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let name = if path.is_dir() {
            file_name.clone()
        } else if let Some(stem) = file_name.strip_suffix(".toml") {
            stem.to_string()
        } else {
            stale.push(format!("{file_name} (neither a .toml file nor a folder)"));
            continue;
        };
        count += 1;
        if !known.contains(&name.as_str()) {
            stale.push(format!("{file_name} (no code `{name}` in Code::ALL)"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale fixtures in {}: {stale:#?}",
        dir.display()
    );
    assert_eq!(
        count,
        Code::ALL.len(),
        "expected exactly one fixture per code"
    );
}

#[test]
fn unknown_key_in_answers_lists_the_allowed_keys_with_its_position() {
    let path = fixture("../invalid/unknown-key.toml");
    let (status, stderr) = lint_strict(&path);
    assert_eq!(status, Some(2), "{stderr}");
    let expected = "error[unknown-key]: unknown key `colour`; expected one of: \
                    assessor, checklist, checklist_version, date, instrument, jurisdiction, language, version\n";
    assert!(stderr.contains(expected), "{stderr}");
    assert!(
        stderr.contains(&format!("--> {}:9:1\n", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains("9 | colour = \"red\"\n"), "{stderr}");
    assert!(stderr.contains("1 error(s), 0 warning(s)"), "{stderr}");
}

/// The designed route to `checklist-mismatch`: `--checklist` overrides the checklist that an
/// answers file names. (The fixture reaches the code without the flag, by naming a folder whose
/// checklist has another id.)
#[test]
fn checklist_override_reports_a_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let answers = std::fs::read_to_string(fixture("mini-answers.toml"))
        .unwrap()
        .replace("checklist = \"mini\"", "checklist = \"uncc-safeguards\"");
    let path = dir.path().join("for-uncc.toml");
    std::fs::write(&path, answers).unwrap();
    let out = bin()
        .args(["--catalog", "tests/fixtures", "lint", "--checklist", "mini"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(codes_in(&stderr), ["checklist-mismatch"], "{stderr}");
    assert!(
        stderr.contains("this answers file is for checklist `uncc-safeguards`, not `mini`"),
        "{stderr}"
    );
    assert_eq!(
        toml_line_col(place_of(&stderr, "checklist-mismatch").unwrap()),
        Some((2, 13)),
        "{stderr}"
    );
}
