//! Throughput of `scan` and of the stages under it on a large generated bill: the bundled
//! example bill text (`examples/mixed-bill.md`, Spanish, 49 articles) repeated with its articles
//! renumbered until the text is about 15.7 MB (a bill text may be at most 16 MiB). Run with `cargo bench --bench scan`; divan prints
//! the time and the bytes per second of each stage.
//!
//! It also writes to `target/scan-bench/` the generated bill, the checklist's Spanish and
//! Portuguese phrases (one per line, the literal part before any gap, without the final `*`) and
//! the laws of `tests/corpus/` joined per language, so that `benches/ripgrep.sh` can time
//! ripgrep searching the same phrases in the same files.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use salvaguarda::bill::{Bill, segment};
use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::fold::Folded;
use salvaguarda::scan::{Matcher, ScanOptions, phrase_parts, scan};

/// Roughly how large the generated bill is: 15 MiB and the last article, under the 16 MiB
/// limit of a bill text.
const TARGET_BYTES: usize = 15 << 20;

fn main() {
    write_for_ripgrep();
    divan::main();
}

fn checklist() -> &'static Checklist {
    static C: OnceLock<Checklist> = OnceLock::new();
    C.get_or_init(|| Catalog::default().load("uncc-safeguards").0.expect("valid"))
}

/// The example bill's articles, repeated and renumbered.
fn bill_text() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| {
        let example = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/mixed-bill.md"),
        )
        .expect("the example bill");
        let body = &example[example.find("## TÍTULO I").expect("titles")..];
        let mut out = String::with_capacity(TARGET_BYTES + body.len());
        out.push_str("# Proyecto de ley generado para medir `scan`\n\n");
        let mut n = 0;
        let mut copy = 0;
        while out.len() < TARGET_BYTES {
            copy += 1;
            for line in body.lines() {
                if let Some(rest) = line.strip_prefix("**Artículo ") {
                    let (_, tail) = rest.split_once(".-**").expect("heading");
                    n += 1;
                    let _ = writeln!(out, "**Artículo {n}.-**{tail}");
                } else if let Some(rest) = line.strip_prefix("## TÍTULO ") {
                    let _ = writeln!(out, "## TÍTULO {rest} ({copy})");
                } else {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        out
    })
}

fn write_for_ripgrep() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/scan-bench");
    std::fs::create_dir_all(&dir).expect("target/scan-bench");
    std::fs::write(dir.join("bill.md"), bill_text()).expect("bill");
    for lang in ["es", "pt"] {
        let m = Matcher::new(checklist(), lang);
        let mut phrases: Vec<String> = m
            .phrases()
            .iter()
            .map(|p| phrase_parts(p)[0].to_string())
            .collect();
        phrases.sort();
        phrases.dedup();
        let file = dir.join(format!("phrases-{lang}.txt"));
        std::fs::write(&file, phrases.join("\n") + "\n").expect("phrases");
        // The real laws of the corpus in this language, one after the other.
        let mut names: Vec<PathBuf> = std::fs::read_dir(root.join("tests/corpus"))
            .expect("tests/corpus")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(&format!(".{lang}.md")))
            .collect();
        names.sort();
        let corpus: String = names
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("a law") + "\n")
            .collect();
        std::fs::write(dir.join(format!("corpus-{lang}.md")), &corpus).expect("corpus");
        eprintln!(
            "wrote {} ({} phrases) and the {lang} corpus ({} laws, {} bytes)",
            file.display(),
            phrases.len(),
            names.len(),
            corpus.len()
        );
    }
    eprintln!(
        "wrote {} ({} bytes)",
        dir.join("bill.md").display(),
        bill_text().len()
    );
}

/// Folding alone (NFKD, marks stripped, lowercased, offset map).
#[divan::bench]
fn fold(bencher: divan::Bencher) {
    let text = bill_text();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| Folded::new(text).text.len());
}

/// Splitting into articles and paragraphs.
#[divan::bench]
fn segment_articles(bencher: divan::Bencher) {
    let text = bill_text();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| segment(text).len());
}

/// The whole scan of the text: folding, segmenting, matching every phrase of every item,
/// reading negations, ranking articles, building passages.
#[divan::bench(sample_count = 10)]
fn scan_whole_bill(bencher: divan::Bencher) {
    let text = bill_text();
    let c = checklist();
    let m = Matcher::new(c, "es");
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let bill = Bill::from_text("bill.md", text);
        scan(c, &m, &bill, false, &ScanOptions::default())
            .counts
            .red_flag_matches
    });
}

/// Building the matcher from the checklist (once per run of `scan`).
#[divan::bench]
fn build_matcher() -> usize {
    Matcher::new(checklist(), "es").phrases().len()
}
