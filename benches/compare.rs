//! Benchmark of `compare` against the floor of merely reading and parsing the same files.
//!
//! Generates N realistic answers files for the shipped `uncc-safeguards` checklist (random but
//! valid: every power answered, every safeguard that applies answered yes, partial, no or
//! unknown, with notes and evidence quoting fictional articles) into a temporary folder, then
//! measures, best of a few runs each:
//!
//! - the floor: read every file and parse it with the same TOML parser (`toml::from_str` into a
//!   `toml::Table`), in parallel on every core, as `compare` runs;
//! - the same floor on one thread, for reference;
//! - `compare` in process: check, score and build the matrix of every file
//!   (`compare::compare_files` + `assemble`) and render it as CSV;
//! - the `salvaguarda compare DIR --format csv` command, with its peak memory (max RSS, from
//!   `/usr/bin/time -v` when present) for N/10 and N files, to show that memory grows with the
//!   result table only.
//!
//! Run: `cargo bench --bench compare` (N = 10000), or `SALVAGUARDA_BENCH_FILES=1000 cargo
//! bench --bench compare`. The figures are printed as a table; `docs/compare.md` records them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::compare::{self, SortKey};
use salvaguarda::evaluate::applies;
use salvaguarda::model::{Answer, AnswerValue, AnswersFile, Assessment, Evidence, ItemKind};
use salvaguarda::report::{CompareFormat, Templates, render_compare};

/// A small deterministic generator (xorshift64*), so every run writes the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const WORDS: &[&str] = &[
    "autoridad",
    "judicial",
    "orden",
    "fundada",
    "datos",
    "tráfico",
    "comunicaciones",
    "interceptación",
    "plazo",
    "días",
    "fiscal",
    "urgencia",
    "persona",
    "afectada",
    "notificación",
    "recurso",
    "proveedor",
    "servicio",
    "conservación",
    "registro",
    "cooperación",
    "internacional",
    "delito",
    "grave",
    "proporcional",
    "necesaria",
    "periodistas",
    "defensores",
    "secreto",
    "profesional",
];

fn sentence(rng: &mut Rng, min: usize, spread: usize) -> String {
    let words = min + rng.below(spread);
    let mut s: Vec<&str> = (0..words).map(|_| *rng.pick(WORDS)).collect();
    s[0] = "La";
    format!("{}.", s.join(" "))
}

const JURISDICTIONS: &[&str] = &[
    "AR", "BO", "BR", "CL", "CO", "CR", "EC", "GT", "HN", "MX", "PA", "PE", "PY", "SV", "UY", "VE",
];

fn generate(c: &Checklist, rng: &mut Rng, n: usize) -> AnswersFile {
    let mut a = AnswersFile {
        assessment: Assessment {
            checklist: c.header.id.clone(),
            checklist_version: c.header.version.clone(),
            jurisdiction: rng.pick(JURISDICTIONS).to_string(),
            instrument: format!(
                "Proyecto de ley {}/2025 sobre delitos informáticos",
                n % 997
            ),
            version: Some(format!("versión {}", 1 + n % 7)),
            language: Some(rng.pick(&["en", "es", "pt"]).to_string()),
            assessor: Some(rng.pick(&["Ministerio", "ONG", "Academia"]).to_string()),
            date: Some(format!(
                "2025-{:02}-{:02}",
                1 + rng.below(12),
                1 + rng.below(28)
            )),
        },
        answers: Default::default(),
    };
    // Powers first, so that the safeguards that apply are known.
    for item in c.items.iter().filter(|i| i.kind == ItemKind::Power) {
        let v = *rng.pick(&[AnswerValue::Yes, AnswerValue::Yes, AnswerValue::No]);
        a.answers.insert(item.id.clone(), answer(rng, v));
    }
    for item in c.items.iter().filter(|i| i.kind == ItemKind::Safeguard) {
        if !applies(c, &a, item) {
            continue;
        }
        let v = *rng.pick(&[
            AnswerValue::Yes,
            AnswerValue::Partial,
            AnswerValue::No,
            AnswerValue::Unknown,
        ]);
        a.answers.insert(item.id.clone(), answer(rng, v));
    }
    a
}

fn answer(rng: &mut Rng, v: AnswerValue) -> Answer {
    let evidence = (0..rng.below(3))
        .map(|_| Evidence {
            article: Some(format!("Art. {}({})", 1 + rng.below(80), 1 + rng.below(5))),
            quote: Some(sentence(rng, 8, 20)),
        })
        .collect();
    Answer {
        answer: v,
        note: (rng.below(3) == 0).then(|| sentence(rng, 6, 12)),
        evidence,
    }
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat` (Linux; in clock
/// ticks of 10 ms). `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Wall and CPU time of one run.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
}

fn timed<T>(f: impl FnOnce() -> T) -> (Timing, T) {
    let c0 = cpu_time();
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed();
    let cpu = cpu_time().zip(c0).map(|(b, a)| b.saturating_sub(a));
    (Timing { wall, cpu }, out)
}

fn best(ts: &[Timing]) -> Timing {
    Timing {
        wall: ts.iter().map(|t| t.wall).min().unwrap(),
        cpu: ts.iter().map(|t| t.cpu).min().flatten(),
    }
}

fn floor_parallel(files: &[PathBuf]) -> usize {
    files
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("readable");
            let t: toml::Table = toml::from_str(&text).expect("valid TOML");
            t.len()
        })
        .sum()
}

fn floor_sequential(files: &[PathBuf]) -> usize {
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("readable");
            let t: toml::Table = toml::from_str(&text).expect("valid TOML");
            t.len()
        })
        .sum()
}

/// Runs the command on a folder; returns its wall and CPU time and its peak memory in KiB (the
/// last two if `/usr/bin/time` is there to tell).
fn run_cli(dir: &Path) -> (Timing, Option<u64>) {
    let bin = env!("CARGO_BIN_EXE_salvaguarda");
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(["compare", "--format", "csv"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let t = Instant::now();
    let out = cmd.output().expect("salvaguarda runs");
    let elapsed = t.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "compare failed: {stderr}");
    let field = |name: &str| -> Option<f64> {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
    };
    let rss = field("Maximum resident set size (kbytes):").map(|k| k as u64);
    let cpu = field("User time (seconds):")
        .zip(field("System time (seconds):"))
        .map(|(u, s)| Duration::from_secs_f64(u + s));
    (Timing { wall: elapsed, cpu }, rss)
}

fn main() {
    let n: usize = std::env::var("SALVAGUARDA_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runs = std::env::var("SALVAGUARDA_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let catalog = Catalog::default();
    let (c, d) = catalog.load("uncc-safeguards");
    let checklist = std::sync::Arc::new(c.unwrap_or_else(|| panic!("{}", d.render())));

    // SALVAGUARDA_BENCH_DIR keeps the generated files there (for profiling); by default they go
    // to a temporary folder removed at the end.
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let root = std::env::var_os("SALVAGUARDA_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    let small = root.join("small");
    let all = root.join("all");
    std::fs::create_dir_all(&small).unwrap();
    std::fs::create_dir_all(&all).unwrap();
    let t = Instant::now();
    let mut rng = Rng(0x5a1f_a9a2_d0a5_2025);
    let mut bytes = 0usize;
    let mut files = Vec::with_capacity(n);
    for i in 0..n {
        let text = toml::to_string(&generate(&checklist, &mut rng, i)).expect("serializes");
        bytes += text.len();
        let path = all.join(format!("answers-{i:05}.toml"));
        std::fs::write(&path, &text).unwrap();
        if i < n / 10 {
            std::fs::write(small.join(format!("answers-{i:05}.toml")), &text).unwrap();
        }
        files.push(path);
    }
    println!(
        "generated {n} answers files ({:.1} MB, {:.1} KB each on average) in {:.1?}",
        bytes as f64 / 1e6,
        bytes as f64 / n as f64 / 1e3,
        t.elapsed()
    );
    println!(
        "threads: {} (rayon), best of {runs} runs each\n",
        rayon::current_num_threads()
    );

    // Warm the page cache and check every file is clean (takes the fast path).
    let checked = compare::compare_files(&files, &catalog, &checklist, "all", &|| {});
    let clean = checked
        .iter()
        .filter(|o| matches!(o, compare::Outcome::Row(_, d) if d.is_empty()))
        .count();
    assert_eq!(clean, n, "every generated file must be valid and clean");

    // The measures are interleaved, run after run, so that a busy machine slows them alike;
    // CPU time (user + system) is reported besides wall time because it is what the work costs
    // whatever else runs on the machine.
    let profile = checklist.header.default_profile.clone();
    let templates = Templates::new(None).unwrap();
    let (mut floor, mut floor1, mut inproc, mut cli, mut cli_small) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut rss_all, mut rss_small, mut csv_len) = (None, None, 0);
    for run in 0..runs {
        floor.push(timed(|| floor_parallel(&files)).0);
        if run == 0 {
            floor1.push(timed(|| floor_sequential(&files)).0);
        }
        let (t, len) = timed(|| {
            let outcomes = compare::compare_files(&files, &catalog, &checklist, &profile, &|| {});
            let (m, _) = compare::assemble(outcomes, &checklist, &profile, SortKey::Jurisdiction);
            render_compare(&m, &checklist, "en", CompareFormat::Csv, &templates)
                .unwrap()
                .len()
        });
        inproc.push(t);
        csv_len = len;
        let (t, rss) = run_cli(&all);
        cli.push(t);
        rss_all = rss_all.max(rss);
        let (t, rss) = run_cli(&small);
        cli_small.push(t);
        rss_small = rss_small.max(rss);
    }
    let (floor, floor1, inproc, cli, cli_small) = (
        best(&floor),
        best(&floor1),
        best(&inproc),
        best(&cli),
        best(&cli_small),
    );

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let cpu = |t: &Timing| {
        t.cpu
            .map(|c| format!("{:.0} ms", ms(c)))
            .unwrap_or("—".into())
    };
    let ratio = |a: Option<Duration>, b: Option<Duration>| {
        a.zip(b)
            .map(|(a, b)| format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64()))
            .unwrap_or("—".into())
    };
    println!("| measure ({n} files) | wall | wall per file | wall ratio | CPU | CPU ratio |");
    println!("|---|---:|---:|---:|---:|---:|");
    let line = |name: &str, t: &Timing| {
        println!(
            "| {name} | {:.0} ms | {:.0} µs | {} | {} | {} |",
            ms(t.wall),
            ms(t.wall) * 1e3 / n as f64,
            ratio(Some(t.wall), Some(floor.wall)),
            cpu(t),
            ratio(t.cpu, floor.cpu),
        );
    };
    line("floor: read + toml::from_str, parallel", &floor);
    line("floor: read + toml::from_str, one thread", &floor1);
    line("compare in process (check, score, matrix, CSV)", &inproc);
    line("`salvaguarda compare DIR --format csv`", &cli);
    println!("\nCSV output: {:.1} MB", csv_len as f64 / 1e6);
    match (rss_small, rss_all) {
        (Some(s), Some(a)) => println!(
            "peak memory (max RSS) of the command: {} files {:.1} MB, {n} files {:.1} MB ({:.1?} for {} files)",
            n / 10,
            s as f64 / 1024.0,
            a as f64 / 1024.0,
            cli_small.wall,
            n / 10
        ),
        _ => println!("peak memory: /usr/bin/time is not installed"),
    }
}
