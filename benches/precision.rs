//! How well `scan` reads real statutes: the laws of `tests/corpus/` scanned with the shipped
//! checklist and measured against their gold labels (`tests/corpus/gold/`, see docs/scan.md):
//! right article first (top-1) and among the first three (top-3), signal read right, red flags
//! right, and items the law does not settle left quiet; per law, per language and in all.
//!
//!     cargo bench --bench precision            # the table
//!     cargo bench --bench precision -- -v      # and every misreading
//!     cargo bench --bench precision -- --segments  # and the articles each text is split into
//!
//! `tests/it/precision.rs` holds the floors a regression must not cross.

use std::path::PathBuf;

use salvaguarda::catalog::Catalog;
use salvaguarda::scan::gold::{Migrations, measure_corpus, table, total};

fn main() {
    let verbose = std::env::args().any(|a| a == "-v" || a == "--verbose");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let c = Catalog::default()
        .load("uncc-safeguards")
        .0
        .expect("the shipped checklist loads");
    let migrations =
        std::fs::read_to_string(root.join("checklists/uncc-safeguards/migrations.toml"))
            .map(|t| Migrations::parse(&t).expect("migrations.toml parses"))
            .unwrap_or_default();
    let start = std::time::Instant::now();
    let runs = measure_corpus(
        &c,
        &root.join("tests/corpus"),
        &root.join("tests/corpus/gold"),
        &migrations,
    )
    .expect("the corpus and its labels load");
    let elapsed = start.elapsed();
    println!("{}", table(&runs));
    let t = total(&runs);
    println!(
        "{} laws, {} settled items, {} red flags, scanned and measured in {:.2} s",
        runs.len(),
        t.settled,
        t.red_flags,
        elapsed.as_secs_f64()
    );
    for r in &runs {
        if !r.unresolved.is_empty() {
            println!(
                "{}: labels name articles the text does not show: {:?}",
                r.gold.law, r.unresolved
            );
        }
    }
    if std::env::args().any(|a| a == "--segments") {
        for r in &runs {
            println!("{}: {}", r.gold.law, r.segments.join(" | "));
        }
    }
    if verbose {
        for r in &runs {
            println!("\n{}:", r.gold.law);
            print!("{}", r.measured.misses(&r.gold));
        }
    }
}
