//! Nothing the user owns is destroyed, no input crashes the tool, every error is coded and
//! placed: where `-o` may write, what happens when output cannot be written, the input size
//! limits, and the defects of malformed values, each pinned by a test that failed before.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{bin, fixture};

/// A scratch folder holding a copy of every kind of input: the `mini` checklist under
/// `cat/mini/`, two answers files, a template override under `tpl/`, a bill text and a CSV
/// questionnaire.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("cat/mini")).unwrap();
        for f in ["checklist.toml", "items.toml"] {
            std::fs::copy(fixture("mini").join(f), root.join("cat/mini").join(f)).unwrap();
        }
        let answers = std::fs::read_to_string(fixture("mini-answers.toml")).unwrap();
        std::fs::write(root.join("answers.toml"), &answers).unwrap();
        std::fs::write(
            root.join("answers2.toml"),
            answers.replace("answer = \"partial\"", "answer = \"yes\""),
        )
        .unwrap();
        std::fs::create_dir_all(root.join("tpl")).unwrap();
        for t in ["report.md.hbs", "show.md.hbs"] {
            std::fs::copy(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("templates")
                    .join(t),
                root.join("tpl").join(t),
            )
            .unwrap();
        }
        std::fs::copy(fixture("bills/mini-bill.txt"), root.join("bill.txt")).unwrap();
        let s = Scratch { dir };
        // A filled questionnaire: the answers exported.
        let (code, _, err) = s.run(&[
            "--catalog",
            "cat",
            "export",
            "mini",
            "--format",
            "csv",
            "--answers",
            "answers.toml",
            "-o",
            "q.csv",
        ]);
        assert_eq!(code, Some(0), "{err}");
        s
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs salvaguarda in the folder; returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = bin()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Every file under the folder with its bytes, to prove a command changed nothing.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push((p.clone(), std::fs::read(&p).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), &mut out);
        out
    }
}

/// Commands that read `target` as an input and are asked to write over it, `--overwrite`
/// included: every one must refuse with `output-refused` and change nothing.
const OVER_AN_INPUT: &[(&str, &[&str])] = &[
    // report: the answers file, a checklist file, a template, a bill text.
    (
        "answers.toml",
        &["--catalog", "cat", "report", "answers.toml"],
    ),
    (
        "cat/mini/items.toml",
        &["--catalog", "cat", "report", "answers.toml"],
    ),
    (
        "cat/mini/items.toml",
        &["report", "answers.toml", "--checklist", "cat/mini"],
    ),
    (
        "tpl/report.md.hbs",
        &[
            "--catalog",
            "cat",
            "--templates",
            "tpl",
            "report",
            "answers.toml",
        ],
    ),
    (
        "bill.txt",
        &[
            "--catalog",
            "cat",
            "report",
            "answers.toml",
            "--bill",
            "bill.txt",
        ],
    ),
    // compare, diff, plan.
    (
        "answers2.toml",
        &[
            "--catalog",
            "cat",
            "compare",
            "answers.toml",
            "answers2.toml",
        ],
    ),
    (
        "cat/mini/checklist.toml",
        &[
            "--catalog",
            "cat",
            "compare",
            "answers.toml",
            "answers2.toml",
        ],
    ),
    (
        "answers2.toml",
        &["--catalog", "cat", "diff", "answers.toml", "answers2.toml"],
    ),
    (
        "cat/mini/items.toml",
        &["--catalog", "cat", "diff", "answers.toml", "answers2.toml"],
    ),
    (
        "cat/mini/items.toml",
        &["--catalog", "cat", "plan", "answers.toml"],
    ),
    // show: a checklist file and a template.
    ("cat/mini/items.toml", &["show", "cat/mini"]),
    (
        "tpl/show.md.hbs",
        &["--templates", "tpl", "show", "cat/mini"],
    ),
    // scan: the bill text, a template; and the draft answers file.
    ("bill.txt", &["scan", "bill.txt"]),
    (
        "tpl/report.md.hbs",
        &["--templates", "tpl", "scan", "bill.txt"],
    ),
    ("bill.txt", &["scan", "bill.txt", "--prefill"]),
    // export: the answers that pre-fill it, a checklist file.
    (
        "answers.toml",
        &[
            "export",
            "cat/mini",
            "--format",
            "csv",
            "--answers",
            "answers.toml",
        ],
    ),
    (
        "cat/mini/items.toml",
        &["export", "cat/mini", "--format", "csv"],
    ),
    // import: the questionnaire, a checklist file.
    ("q.csv", &["--catalog", "cat", "import", "q.csv"]),
    (
        "cat/mini/items.toml",
        &["--catalog", "cat", "import", "q.csv"],
    ),
    // init: a checklist file.
    ("cat/mini/checklist.toml", &["init", "cat/mini"]),
];

#[test]
fn no_command_writes_over_a_file_it_reads_even_with_overwrite() {
    let s = Scratch::new();
    let before = s.snapshot();
    let mut failures = Vec::new();
    for (target, args) in OVER_AN_INPUT {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--overwrite", "-o", target]);
        let (code, _, err) = s.run(&all);
        if code != Some(2) || !err.contains("error[output-refused]") {
            failures.push(format!("{all:?}: exit {code:?}\n{err}"));
        }
        if s.snapshot() != before {
            failures.push(format!("{all:?} changed a file"));
            break;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every command that writes `-o`, writing a file that exists and is not an input.
const WRITERS: &[&[&str]] = &[
    &["--catalog", "cat", "report", "answers.toml"],
    &["--catalog", "cat", "demo"],
    &[
        "--catalog",
        "cat",
        "compare",
        "answers.toml",
        "answers2.toml",
    ],
    &["--catalog", "cat", "diff", "answers.toml", "answers2.toml"],
    &["--catalog", "cat", "plan", "answers.toml"],
    &["show", "cat/mini"],
    &["scan", "bill.txt"],
    &["scan", "bill.txt", "--prefill"],
    &["export", "cat/mini", "--format", "csv"],
    &["export", "cat/mini", "--format", "xlsx"],
    &["--catalog", "cat", "import", "q.csv"],
    &["init", "cat/mini"],
];

#[test]
fn an_existing_file_is_replaced_only_with_overwrite() {
    let s = Scratch::new();
    let out = s.path("existing.out");
    for args in WRITERS {
        std::fs::write(&out, "keep me\n").unwrap();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["-o", "existing.out"]);
        let (code, _, err) = s.run(&all);
        assert_eq!(code, Some(2), "{all:?}: {err}");
        assert!(err.contains("error[output-refused]"), "{all:?}: {err}");
        assert!(err.contains("--overwrite"), "{all:?}: {err}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me\n");

        all.push("--overwrite");
        let (code, _, err) = s.run(&all);
        assert_eq!(code, Some(0), "{all:?}: {err}");
        assert_ne!(std::fs::read(&out).unwrap(), b"keep me\n");
    }
    // Nothing but the output is left behind (no temporary files).
    let names: Vec<String> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_through_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt as _;
    let s = Scratch::new();
    let fifo = s.path("pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::fs::File::open(fifo).and_then(|mut f| f.read_to_string(&mut text));
            let _ = tx.send(text);
        });
    }
    let (code, _, err) = s.run(&["--catalog", "cat", "report", "answers.toml", "-o", "pipe"]);
    assert_eq!(code, Some(0), "{err}");
    // A FIFO replaced by a file leaves its reader waiting for ever.
    let text = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the reader of the FIFO got the report");
    assert!(text.contains("# Safeguards gap report"), "{text}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[cfg(unix)]
#[test]
fn a_character_device_is_written_through_and_kept() {
    // /dev/full: written through (and full), never replaced by a file. The same path as
    // `-o /dev/null`, which is not written here so that a regression cannot break the machine.
    let s = Scratch::new();
    let (code, out, err) = s.run(&[
        "--catalog",
        "cat",
        "report",
        "answers.toml",
        "-o",
        "/dev/full",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("error[output-failed]"), "{err}");
    assert!(err.contains("/dev/full"), "{err}");
    assert!(out.is_empty());
    use std::os::unix::fs::FileTypeExt as _;
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[cfg(unix)]
#[test]
fn a_link_is_never_replaced() {
    let s = Scratch::new();
    let target = s.path("target.md");
    std::fs::write(&target, "old\n").unwrap();
    std::os::unix::fs::symlink("target.md", s.path("link.md")).unwrap();
    let report = [
        "--catalog",
        "cat",
        "report",
        "answers.toml",
        "-o",
        "link.md",
    ];
    let (code, _, err) = s.run(&report);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("error[output-refused]"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
    // With --overwrite the file it points to is replaced; the link stays a link.
    let mut again = report.to_vec();
    again.push("--overwrite");
    let (code, _, err) = s.run(&again);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        std::fs::symlink_metadata(s.path("link.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("gap report")
    );
    // A link to nothing: no file is created through it.
    std::os::unix::fs::symlink("nowhere.md", s.path("dangling.md")).unwrap();
    let (code, _, err) = s.run(&[
        "--catalog",
        "cat",
        "report",
        "answers.toml",
        "-o",
        "dangling.md",
        "--overwrite",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("error[output-refused]"), "{err}");
    assert!(!s.path("nowhere.md").exists());
    // A link to an input is an input.
    std::os::unix::fs::symlink("answers.toml", s.path("answers-link.toml")).unwrap();
    let (code, _, err) = s.run(&[
        "--catalog",
        "cat",
        "report",
        "answers.toml",
        "-o",
        "answers-link.toml",
        "--overwrite",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("refusing to overwrite an input"), "{err}");
}

#[test]
fn dash_is_standard_output_and_standard_input() {
    let s = Scratch::new();
    let answers = std::fs::read(s.path("answers.toml")).unwrap();
    // `-o -`.
    let (code, out, err) = s.run(&["--catalog", "cat", "report", "answers.toml", "-o", "-"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("# Safeguards gap report"));
    // `report -`, `lint -`, `plan -`: the answers from standard input, named <stdin>.
    for args in [
        &["--catalog", "cat", "report", "-"][..],
        &["--catalog", "cat", "plan", "-"][..],
    ] {
        let o = bin()
            .current_dir(s.dir.path())
            .args(args)
            .write_stdin(answers.clone())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(!o.stdout.is_empty());
    }
    let o = bin()
        .current_dir(s.dir.path())
        .args(["--catalog", "cat", "lint", "-"])
        .write_stdin(answers.clone())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok: <stdin>"));
    // A broken file from standard input is placed in <stdin>.
    let o = bin()
        .current_dir(s.dir.path())
        .args(["--catalog", "cat", "lint", "-"])
        .write_stdin("[assessment\n")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--> <stdin>:1:"));
    // `import -`: the questionnaire from standard input, the answers to standard output.
    let o = bin()
        .current_dir(s.dir.path())
        .args(["--catalog", "cat", "import", "-", "-o", "-"])
        .write_stdin(std::fs::read(s.path("q.csv")).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("[assessment]"));
    // `export --format xlsx -o -` writes the workbook to a pipe.
    let (code, out, err) = s.run(&["export", "cat/mini", "--format", "xlsx", "-o", "-"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("PK"));
}

/// Runs the binary with standard output already closed by its reader; returns (exit code,
/// stderr).
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("salvaguarda"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // `lint ... | head -1`, `show ... | head -1`: no panic, no message, the command's own code.
    for args in [
        &["lint", "checklists/uncc-safeguards", "examples/mixed.toml"][..],
        &["show", "uncc-safeguards"][..],
        &["report", "examples/mixed.toml", "--format", "json"][..],
        &["templates"][..],
    ] {
        let (code, err) = with_closed_stdout(args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn a_full_disk_is_a_coded_error_and_a_full_stderr_no_panic() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    // Standard output on a full disk.
    let o = Command::new(assert_cmd::cargo::cargo_bin!("salvaguarda"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["lint", "examples/mixed.toml"])
        .stdout(full())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("error[output-failed]"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // Standard error on a full disk: the exit code still says what happened.
    for (args, expected) in [
        (&["report", "no-such-file.toml"][..], 2),
        (
            &["report", "examples/red-lines.toml", "--fail-on", "red-line"][..],
            1,
        ),
        (&["lint", "examples/mixed.toml"][..], 0),
    ] {
        let o = Command::new(assert_cmd::cargo::cargo_bin!("salvaguarda"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(full())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(expected), "{args:?}");
    }
}

#[test]
fn unreadable_files_are_coded_in_every_command() {
    let s = Scratch::new();
    for args in [
        &["--catalog", "cat", "report", "missing.toml"][..],
        &["--catalog", "cat", "plan", "missing.toml"][..],
        &["--catalog", "cat", "diff", "answers.toml", "missing.toml"][..],
        &["--catalog", "cat", "import", "missing.csv", "-o", "x.toml"][..],
        &[
            "export",
            "cat/mini",
            "--format",
            "csv",
            "--answers",
            "missing.toml",
        ][..],
        &[
            "--catalog",
            "cat",
            "report",
            "answers.toml",
            "--bill",
            "missing.txt",
        ][..],
        &["scan", "missing.txt"][..],
        &["lint", "missing.toml"][..],
        &["--catalog", "cat", "report", "cat"][..],
    ] {
        let (code, _, err) = s.run(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains("error[file-unreadable]"), "{args:?}: {err}");
        assert!(err.contains(" --> "), "{args:?}: {err}");
        assert!(!err.contains("os error"), "{args:?}: {err}");
    }
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let s = Scratch::new();
    // A file whose name and content hold escape sequences (retitle the terminal, clear it).
    let name = "bad\u{1b}]0;pwned\u{7}.toml";
    std::fs::write(
        s.path(name),
        "[assessment]\nchecklist = \"mini\"\ncolour = \"\u{1b}[2J\u{1b}]0;title\u{7}\"\n",
    )
    .unwrap();
    let (code, _, err) = s.run(&["--catalog", "cat", "lint", name]);
    assert_eq!(code, Some(2), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(!err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("\\u{1b}"), "{err}");
}

#[test]
fn compare_with_no_valid_file_writes_nothing() {
    let s = Scratch::new();
    std::fs::write(
        s.path("broken.toml"),
        "[assessment]\nchecklist = \"mini\"\n",
    )
    .unwrap();
    let (code, out, err) = s.run(&[
        "--catalog",
        "cat",
        "compare",
        "broken.toml",
        "missing.toml",
        "-o",
        "matrix.md",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("error[missing-key]") || err.contains("error["),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!s.path("matrix.md").exists());
    // To standard output: nothing either.
    let (code, out, _) = s.run(&["--catalog", "cat", "compare", "broken.toml"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty(), "{out}");
}

// ------------------------------------------------------------------------- limits

#[test]
fn endless_input_is_refused_quickly() {
    #[cfg(unix)]
    {
        let started = std::time::Instant::now();
        let (code, _, err) = Scratch::new().run(&["lint", "/dev/zero"]);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("error[input-too-large]"), "{err}");
        assert!(started.elapsed().as_secs() < 20);
    }
}

#[test]
fn each_kind_of_input_has_a_maximum_size() {
    let s = Scratch::new();
    // Sparse files: refused by their size before a byte is read.
    let big = |name: &str, size: u64| {
        let f = std::fs::File::create(s.path(name)).unwrap();
        f.set_len(size).unwrap();
    };
    big("big.toml", (4 << 20) + 1);
    big("big.txt", (16 << 20) + 1);
    big("big.csv", (16 << 20) + 1);
    big("tpl/report.md.hbs", (1 << 20) + 1);
    for (args, limit) in [
        (&["--catalog", "cat", "report", "big.toml"][..], "4 MiB"),
        (&["lint", "big.toml"][..], "4 MiB"),
        (&["scan", "big.txt"][..], "16 MiB"),
        (
            &[
                "--catalog",
                "cat",
                "report",
                "answers.toml",
                "--bill",
                "big.txt",
            ][..],
            "16 MiB",
        ),
        (
            &["--catalog", "cat", "import", "big.csv", "-o", "x.toml"][..],
            "16 MiB",
        ),
        (&["--templates", "tpl", "list"][..], "1 MiB"),
    ] {
        let (code, _, err) = s.run(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains("error[input-too-large]"), "{args:?}: {err}");
        assert!(err.contains(&format!("at most {limit}")), "{args:?}: {err}");
    }
}

#[test]
fn diagnostics_are_capped_with_a_count_of_the_rest() {
    let s = Scratch::new();
    let mut text = std::fs::read_to_string(s.path("answers.toml")).unwrap();
    for i in 0..450 {
        text.push_str(&format!("\n[answers.no-such-item-{i}]\nanswer = \"yes\"\n"));
    }
    std::fs::write(s.path("many.toml"), text).unwrap();
    let (code, _, err) = s.run(&["--catalog", "cat", "lint", "many.toml"]);
    assert_eq!(code, Some(2));
    assert_eq!(err.matches("error[unknown-item]").count(), 200, "{err}");
    assert!(err.contains("... and 250 more not shown"), "{err}");
    assert!(err.contains("450 error(s), 0 warning(s)"), "{err}");
}

// --------------------------------------------------------------- spreadsheets

/// A workbook with one value in cell `(row, col)` (0-based) of its only sheet.
#[cfg(feature = "xlsx")]
fn workbook_with_cell(row: u32, col: u16) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "@checklist").unwrap();
    ws.write_string(row, col, "far away").unwrap();
    wb.save_to_buffer().unwrap()
}

#[cfg(feature = "xlsx")]
#[test]
fn a_small_workbook_cannot_claim_a_huge_sheet() {
    let s = Scratch::new();
    // XFD1048576, the last cell Excel has: the reader used to allocate the whole grid (512 GB)
    // and abort; AAA300000 took 11.5 GB.
    for ((row, col), cell) in [
        ((1_048_575, 16_383), "XFD1048576"),
        ((299_999, 702), "AAA300000"),
    ] {
        let bytes = workbook_with_cell(row, col);
        assert!(bytes.len() < 10_000);
        std::fs::write(s.path("far.xlsx"), bytes).unwrap();
        let started = std::time::Instant::now();
        let (code, _, err) = s.run(&["--catalog", "cat", "import", "far.xlsx", "-o", "x.toml"]);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("error[input-too-large]"), "{err}");
        assert!(err.contains(cell), "{err}");
        assert!(started.elapsed().as_secs() < 20);
        assert!(!s.path("x.toml").exists());
    }
}

#[cfg(feature = "xlsx")]
#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused() {
    use std::io::Write as _;
    // A zip with a 40 MB part of zeros: a few kilobytes on disk.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/sharedStrings.xml", opts).unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..40 {
        zip.write_all(&zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 200_000, "{}", bytes.len());
    let s = Scratch::new();
    std::fs::write(s.path("bomb.xlsx"), bytes).unwrap();
    let (code, _, err) = s.run(&["--catalog", "cat", "import", "bomb.xlsx", "-o", "x.toml"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("error[input-too-large]"), "{err}");
    assert!(err.contains("unpack"), "{err}");
}

#[test]
fn a_csv_ending_inside_a_quote_is_refused_at_the_quote() {
    let s = Scratch::new();
    let mut csv = std::fs::read_to_string(s.path("q.csv")).unwrap();
    csv.push_str("\"never closed,\r\n");
    std::fs::write(s.path("open.csv"), &csv).unwrap();
    let line = csv.lines().count();
    let (code, _, err) = s.run(&["--catalog", "cat", "import", "open.csv", "-o", "x.toml"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("a quoted field is never closed"), "{err}");
    assert!(err.contains(&format!("open.csv:{line}:1")), "{err}");
    assert!(!s.path("x.toml").exists());
}

#[test]
fn exported_csv_runs_no_formula_and_imports_back_exactly() {
    let s = Scratch::new();
    let payloads = [
        "=HYPERLINK(\"http://example.invalid\",\"click\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-1+2",
        "'quoted already",
        "'=both",
    ];
    let mut text = std::fs::read_to_string(s.path("answers.toml")).unwrap();
    text = text.replace(
        "note = \"Urgent cases: 72 hours without an order.\"",
        &format!("note = {:?}", payloads[0]),
    );
    text = text.replace(
        "jurisdiction = \"XX\"",
        &format!("jurisdiction = {:?}", payloads[1]),
    );
    text = text.replace(
        "instrument = \"Bill 1/2025\"",
        &format!("instrument = {:?}", payloads[2]),
    );
    text = text.replace(
        "version = \"first reading\"",
        &format!("version = {:?}\nassessor = {:?}", payloads[3], payloads[4]),
    );
    text = text.replace(
        "quote = \"In urgent cases the order may be issued afterwards.\"",
        &format!("quote = {:?}", payloads[5]),
    );
    std::fs::write(s.path("payloads.toml"), &text).unwrap();
    let (code, csv, err) = s.run(&[
        "--catalog",
        "cat",
        "export",
        "mini",
        "--format",
        "csv",
        "--answers",
        "payloads.toml",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    std::fs::write(s.path("filled.csv"), &csv).unwrap();
    let (code, _, err) = s.run(&[
        "--catalog",
        "cat",
        "import",
        "filled.csv",
        "-o",
        "back.toml",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let back =
        salvaguarda::answers::from_toml(&std::fs::read_to_string(s.path("back.toml")).unwrap())
            .unwrap();
    let orig = salvaguarda::answers::from_toml(&text).unwrap();
    assert_eq!(back.assessment.jurisdiction, payloads[1]);
    assert_eq!(back.assessment.instrument, payloads[2]);
    assert_eq!(back.assessment.version.as_deref(), Some(payloads[3]));
    assert_eq!(back.assessment.assessor.as_deref(), Some(payloads[4]));
    assert_eq!(back.answers, orig.answers);
}

// ------------------------------------------------------------ values that slip through

/// Lints `text` as an answers file for `mini`; returns (exit code, stderr).
fn lint_answers(text: &str) -> (Option<i32>, String) {
    let s = Scratch::new();
    std::fs::write(s.path("a.toml"), text).unwrap();
    let (code, _, err) = s.run(&["--catalog", "cat", "lint", "a.toml"]);
    (code, err)
}

fn mini_answers() -> String {
    std::fs::read_to_string(fixture("mini-answers.toml")).unwrap()
}

#[test]
fn numbers_json_cannot_hold_are_refused_where_they_are() {
    for (value, shown) in [
        ("inf", "`inf` is not a finite number"),
        ("-inf", "`-inf` is not a finite number"),
        ("nan", "`nan` is not a finite number"),
        ("1e999", "`1e999` is not a finite number"),
        (
            "99999999999999999999999",
            "the integer `99999999999999999999999` is out of range",
        ),
    ] {
        let text = mini_answers().replace(
            "note = \"Urgent cases: 72 hours without an order.\"",
            &format!("note = {value}"),
        );
        let (code, err) = lint_answers(&text);
        assert_eq!(code, Some(2), "{value}: {err}");
        assert!(err.contains("error[invalid-value]"), "{value}: {err}");
        assert!(err.contains(shown), "{value}: {err}");
        assert!(err.contains("a.toml:15:8"), "{value}: {err}");
    }
}

#[test]
fn impossible_dates_blank_names_and_empty_evidence_are_refused() {
    for (from, to, message, place) in [
        (
            "language = \"en\"",
            "language = \"en\"\ndate = \"2025-13-45\"",
            "`2025-13-45` is not a date of the calendar",
            "a.toml:8:8",
        ),
        (
            "language = \"en\"",
            "language = \"en\"\ndate = \"2025-02-29\"",
            "`2025-02-29` is not a date of the calendar",
            "a.toml:8:8",
        ),
        (
            "jurisdiction = \"XX\"",
            "jurisdiction = \"\"",
            "`jurisdiction` is blank",
            "a.toml:4:16",
        ),
        (
            "instrument = \"Bill 1/2025\"",
            "instrument = \"  \"",
            "`instrument` is blank",
            "a.toml:5:14",
        ),
        (
            "evidence = [ { article = \"Art. 9\", quote = \"The prosecutor may order the interception of communications.\" } ]",
            "evidence = [ {} ]",
            "neither an article nor a quote",
            "a.toml:11:14",
        ),
    ] {
        let text = mini_answers().replace(from, to);
        assert_ne!(text, mini_answers());
        let (code, err) = lint_answers(&text);
        assert_eq!(code, Some(2), "{to}: {err}");
        assert!(err.contains("error[invalid-value]"), "{to}: {err}");
        assert!(err.contains(message), "{to}: {err}");
        assert!(err.contains(place), "{to}: {err}");
    }
    // 29 February of a leap year is a date.
    let text = mini_answers().replace(
        "language = \"en\"",
        "language = \"en\"\ndate = \"2024-02-29\"",
    );
    assert_eq!(lint_answers(&text).0, Some(0));
}

#[test]
fn the_interview_refuses_an_impossible_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bill.toml");
    let o = bin()
        .args([
            "--catalog",
            "tests/fixtures",
            "interview",
            "mini",
            "--lang",
            "en",
            "-o",
        ])
        .arg(&out)
        .write_stdin("XX\nBill 1\n\n\n2025-13-45\n2025-12-31\nq\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout.matches("Write the date as YYYY-MM-DD").count(),
        1,
        "{stdout}"
    );
    let f = salvaguarda::answers::from_toml(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(f.assessment.date.as_deref(), Some("2025-12-31"));
}

#[test]
fn huge_weights_are_refused_and_no_score_is_nan() {
    let s = Scratch::new();
    let items = std::fs::read_to_string(s.path("cat/mini/items.toml")).unwrap();
    for w in ["1e308", "1e7", "0.0000001"] {
        std::fs::write(
            s.path("cat/mini/items.toml"),
            items.replacen("weight = 3", &format!("weight = {w}"), 1),
        )
        .unwrap();
        let (code, _, err) = s.run(&["lint", "cat/mini"]);
        assert_eq!(code, Some(2), "{w}: {err}");
        assert!(err.contains("error[invalid-weight]"), "{w}: {err}");
        assert!(err.contains("items.toml:"), "{w}: {err}");
    }
    // At the bounds, every score is a number.
    for w in ["1000000", "0.000001"] {
        std::fs::write(
            s.path("cat/mini/items.toml"),
            items.replace("weight = 3", &format!("weight = {w}")),
        )
        .unwrap();
        let (code, out, err) = s.run(&[
            "--catalog",
            "cat",
            "report",
            "answers.toml",
            "--format",
            "json",
        ]);
        assert_eq!(code, Some(0), "{w}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(
            v["score"].as_f64().is_some_and(f64::is_finite),
            "{w}: {}",
            v["score"]
        );
        assert!(
            !out.contains("NaN") && !out.contains("null,\n  \"verdict\""),
            "{w}"
        );
    }
}

#[test]
fn tables_nested_past_the_limit_are_placed() {
    let mut text = String::new();
    for depth in 1..=90 {
        let key: Vec<&str> = std::iter::repeat_n("a", depth).collect();
        text.push_str(&format!("[{}]\n", key.join(".")));
    }
    let (code, err) = lint_answers(&text);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("error[toml-syntax]: recursion limit"), "{err}");
    assert!(err.contains("a.toml:81:2"), "{err}");
    assert_eq!(err.matches("error[toml-syntax]").count(), 1, "{err}");
}
