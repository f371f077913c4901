//! Checking evidence against a bill's text (`report --bill`, `lint --bill`) on generated bills
//! of 1, 4 and 16 MB: the bundled example bill (`examples/mixed-bill.md`) repeated. The answers
//! are the bundled `examples/mixed.toml` (177 quotes, all in the bill) and the same file with
//! every quote altered so that none is found, the costly case: each such quote is looked for
//! exactly, then normalised, then its closest passage is sought. Run with
//! `cargo bench --bench verify`; divan prints the time and bytes per second of each.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use salvaguarda::bill::Bill;
use salvaguarda::model::AnswersFile;
use salvaguarda::source::SourceFile;
use salvaguarda::verify;

fn main() {
    divan::main();
}

const SIZES_MB: [usize; 3] = [1, 4, 16];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bill(mb: usize) -> &'static Bill {
    static BILLS: OnceLock<Vec<(usize, Bill)>> = OnceLock::new();
    let all = BILLS.get_or_init(|| {
        let example =
            std::fs::read_to_string(root().join("examples/mixed-bill.md")).expect("the bill");
        SIZES_MB
            .iter()
            .map(|&n| {
                let copies = (n << 20) / example.len() + 1;
                (n, Bill::from_text("bill.md", &example.repeat(copies)))
            })
            .collect()
    });
    &all.iter().find(|(n, _)| *n == mb).expect("a size").1
}

/// The example answers, as found (`altered` false) or with every quote changed a little.
fn answers(altered: bool) -> &'static (SourceFile, AnswersFile) {
    static A: OnceLock<[(SourceFile, AnswersFile); 2]> = OnceLock::new();
    let both = A.get_or_init(|| {
        let text = std::fs::read_to_string(root().join("examples/mixed.toml")).expect("answers");
        let make = |t: String| {
            let a = salvaguarda::answers::from_toml(&t).expect("valid");
            (SourceFile::new("mixed.toml", t), a)
        };
        // `a` becomes `q` three times in each quote: no longer in the bill, but close to it.
        let mut changed = String::new();
        for line in text.split_inclusive('\n') {
            let mut l = line.to_string();
            if let Some(i) = l.find("quote = \"") {
                let (head, tail) = l.split_at(i + 9);
                l = format!("{head}{}", tail.replacen('a', "q", 3));
            }
            changed.push_str(&l);
        }
        [make(text), make(changed)]
    });
    &both[usize::from(altered)]
}

fn run(bencher: divan::Bencher, mb: usize, altered: bool) {
    let b = bill(mb);
    let (file, a) = answers(altered);
    bencher
        .counter(BytesCount::new(b.len()))
        .bench(|| verify::diagnostics(file, a, b).counts());
}

/// Every quote found in the bill.
#[divan::bench(args = SIZES_MB, sample_count = 10)]
fn quotes_found(bencher: divan::Bencher, mb: usize) {
    run(bencher, mb, false);
}

/// No quote found: each one is looked for exactly, normalised, then by its closest passage.
#[divan::bench(args = SIZES_MB, sample_count = 10)]
fn quotes_not_found(bencher: divan::Bencher, mb: usize) {
    run(bencher, mb, true);
}
