//! The regression corpus (`tests/regressions/`): every bad input found so far, run through the
//! command it broke, with the exit status and the diagnostic codes it must give (see the
//! README there and `cases.toml`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::bin;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    why: String,
    args: Vec<String>,
    exit: i32,
    codes: Vec<String>,
    #[serde(default)]
    stderr_has: Vec<String>,
    #[serde(default)]
    stderr_lacks: Vec<String>,
    #[serde(default)]
    stdout_has: Vec<String>,
    /// A file the command must write exactly when it does not exit with 2.
    output: Option<String>,
    /// A file that must be byte for byte the same after the command.
    unchanged: Option<String>,
    /// The output is CSV in which no cell would run as a spreadsheet formula.
    #[serde(default)]
    csv_output_inert: bool,
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regressions")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// The distinct codes of the diagnostics printed (`error[code]:`, `warning[code]:`).
fn codes(stderr: &str) -> BTreeSet<String> {
    stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("error[")
                .or_else(|| l.strip_prefix("warning["))
        })
        .filter_map(|r| r.split_once("]:").map(|(c, _)| c.to_string()))
        .collect()
}

fn run(case: &Case) -> Result<(), String> {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    copy_dir(&corpus_dir(), dir);
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &dir.join("fixtures"),
    );
    let sub = |s: &str| s.replace("{fixtures}", "fixtures");
    let unchanged = case
        .unchanged
        .as_ref()
        .map(|p| (dir.join(sub(p)), std::fs::read(dir.join(sub(p))).unwrap()));
    let out = bin()
        .current_dir(dir)
        .args(case.args.iter().map(|a| sub(a)))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut problems = Vec::new();
    if out.status.code() != Some(case.exit) {
        problems.push(format!(
            "exit {:?}, expected {}",
            out.status.code(),
            case.exit
        ));
    }
    let found = codes(&stderr);
    let expected: BTreeSet<String> = case.codes.iter().cloned().collect();
    if found != expected {
        problems.push(format!("codes {found:?}, expected {expected:?}"));
    }
    if stderr.contains("panicked") {
        problems.push("panicked".into());
    }
    let lines: Vec<&str> = stderr.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if (l.starts_with("error[") || l.starts_with("warning["))
            && !lines
                .get(i + 1)
                .is_some_and(|n| n.trim_start().starts_with("--> "))
        {
            problems.push(format!("no place under `{l}`"));
        }
    }
    for s in &case.stderr_has {
        if !stderr.contains(s.as_str()) {
            problems.push(format!("stderr lacks {s:?}"));
        }
    }
    for s in &case.stderr_lacks {
        if stderr.contains(s.as_str()) {
            problems.push(format!("stderr has {s:?}"));
        }
    }
    for s in &case.stdout_has {
        if !stdout.contains(s.as_str()) {
            problems.push(format!("stdout lacks {s:?}"));
        }
    }
    if let Some(o) = &case.output {
        let exists = dir.join(sub(o)).exists();
        if exists != (case.exit != 2) {
            problems.push(format!("output file {o} exists: {exists}"));
        }
        if case.csv_output_inert && exists {
            let text = std::fs::read_to_string(dir.join(sub(o))).unwrap();
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            for rec in r.records() {
                for cell in rec.unwrap().iter() {
                    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                        problems.push(format!("a cell a spreadsheet would run: {cell:?}"));
                    }
                }
            }
        }
    }
    if let Some((p, before)) = unchanged
        && std::fs::read(&p).ok().as_deref() != Some(&before[..])
    {
        problems.push(format!("{} changed", p.display()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} (it {}):\n  {}\n--- stderr ---\n{stderr}",
            case.name,
            case.why,
            problems.join("\n  ")
        ))
    }
}

#[test]
fn every_pinned_input_gives_its_code_and_exit_status() {
    let text = std::fs::read_to_string(corpus_dir().join("cases.toml")).unwrap();
    let corpus: Corpus = toml::from_str(&text).unwrap();
    assert!(corpus.case.len() >= 20, "{} cases", corpus.case.len());
    let failures: Vec<String> = corpus.case.iter().filter_map(|c| run(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        corpus.case.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_file_of_the_corpus_is_used_by_a_case() {
    let text = std::fs::read_to_string(corpus_dir().join("cases.toml")).unwrap();
    let corpus: Corpus = toml::from_str(&text).unwrap();
    let named: BTreeSet<String> = corpus
        .case
        .iter()
        .flat_map(|c| c.args.iter())
        .map(|a| a.split('/').next().unwrap_or(a).to_string())
        .collect();
    let unused: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "cases.toml" && n != "README.md" && !named.contains(n))
        .collect();
    assert!(unused.is_empty(), "files no case uses: {unused:?}");
}
