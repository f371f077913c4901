//! How long each stage of `salvaguarda report` takes on the shipped checklist and the bundled
//! "mixed" example (143 items): loading the checklist (from its form prepared at build time, and
//! the full way with every check), validating an answers file (the fast path, and the full
//! way), scoring, and rendering each format (the first render of a format compiles its
//! templates). Run with `cargo bench --bench engine`; `benches/startup.py` times whole runs.

use salvaguarda::assess;
use salvaguarda::catalog::{self, Catalog};
use salvaguarda::evaluate::evaluate;
use salvaguarda::report::{Format, Templates, render};
use salvaguarda::source::SourceFile;

fn main() {
    divan::main();
}

fn example() -> SourceFile {
    SourceFile::new(
        "mixed.toml",
        catalog::example("mixed.toml").expect("bundled example"),
    )
}

#[divan::bench]
fn load_embedded_checklist() -> usize {
    let (c, _) = Catalog::default().load("uncc-safeguards");
    c.expect("valid").items.len()
}

#[divan::bench]
fn load_and_validate_checklist() -> usize {
    let (c, _) = Catalog::default().load_checked("uncc-safeguards");
    c.expect("valid").items.len()
}

#[divan::bench]
fn validate_answers_the_full_way(bencher: divan::Bencher) {
    let c = Catalog::default().load("uncc-safeguards").0.expect("valid");
    let preloaded = [std::sync::Arc::new(c)];
    bencher.bench(|| {
        let (a, _) = assess::load_checked(example(), &Catalog::default(), None, &preloaded);
        a.expect("valid").answers.answers.len()
    });
}

#[divan::bench]
fn compile_templates_and_render_md(bencher: divan::Bencher) {
    let a = assess::load(example(), &Catalog::default(), None, &[])
        .0
        .expect("valid");
    let r = evaluate(&a.checklist, &a.answers, &a.sha256, "all");
    bencher.bench(|| {
        let t = Templates::new(None).expect("templates");
        render(&r, &a.checklist, "es", Format::Md, &t)
            .expect("renders")
            .len()
    });
}

#[divan::bench]
fn validate_answers_with_loaded_checklist(bencher: divan::Bencher) {
    let c = Catalog::default().load("uncc-safeguards").0.expect("valid");
    let preloaded = [std::sync::Arc::new(c)];
    bencher.bench(|| {
        let (a, _) = assess::load(example(), &Catalog::default(), None, &preloaded);
        a.expect("valid").answers.answers.len()
    });
}

#[divan::bench]
fn evaluate_all_profiles(bencher: divan::Bencher) {
    let a = assess::load(example(), &Catalog::default(), None, &[])
        .0
        .expect("valid");
    bencher.bench(|| evaluate(&a.checklist, &a.answers, &a.sha256, "all").score);
}

#[divan::bench(args = ["md", "html", "brief", "csv", "json"])]
fn render_report(bencher: divan::Bencher, format: &str) {
    let a = assess::load(example(), &Catalog::default(), None, &[])
        .0
        .expect("valid");
    let r = evaluate(&a.checklist, &a.answers, &a.sha256, "all");
    let t = Templates::new(None).expect("templates");
    let f = match format {
        "md" => Format::Md,
        "html" => Format::Html,
        "brief" => Format::Brief,
        "csv" => Format::Csv,
        _ => Format::Json,
    };
    bencher.bench(|| {
        render(&r, &a.checklist, "es", f, &t)
            .expect("renders")
            .len()
    });
}
