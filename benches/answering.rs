//! How long answering without TOML takes on the shipped checklist pre-filled with the bundled
//! "mixed" example (143 items): laying out the questionnaire, writing and reading it as xlsx and
//! CSV, reading the answers back, and writing the answers file (what the interview does at every
//! save). Run with `cargo bench --bench answering`.

use salvaguarda::answers::to_toml;
use salvaguarda::assess;
use salvaguarda::catalog::{self, Catalog};
use salvaguarda::checklist::Checklist;
use salvaguarda::model::AnswersFile;
use salvaguarda::questionnaire::{self, csv, xlsx};
use salvaguarda::source::SourceFile;

fn main() {
    divan::main();
}

fn inputs() -> (std::sync::Arc<Checklist>, AnswersFile) {
    let text = catalog::example("mixed.toml").expect("bundled example");
    let a = assess::load(
        SourceFile::new("mixed.toml", text),
        &Catalog::default(),
        None,
        &[],
    )
    .0
    .expect("valid");
    (a.checklist, a.answers)
}

#[divan::bench]
fn build_questionnaire(bencher: divan::Bencher) {
    let (c, a) = inputs();
    bencher.bench(|| questionnaire::build(&c, "es", Some(&a)).sheet.rows.len());
}

#[divan::bench]
fn write_xlsx(bencher: divan::Bencher) {
    let (c, a) = inputs();
    let q = questionnaire::build(&c, "es", Some(&a));
    bencher.bench(|| xlsx::write(&q).expect("writes").len());
}

#[divan::bench]
fn read_xlsx_and_import(bencher: divan::Bencher) {
    let (c, a) = inputs();
    let bytes = xlsx::write(&questionnaire::build(&c, "es", Some(&a))).expect("writes");
    bencher.bench(|| {
        let grids = xlsx::read(&bytes).expect("reads");
        let (back, _) = questionnaire::read(&grids[1], &c, "q.xlsx");
        back.expect("valid").answers.len()
    });
}

#[divan::bench]
fn csv_write_read_and_import(bencher: divan::Bencher) {
    let (c, a) = inputs();
    let q = questionnaire::build(&c, "es", Some(&a));
    bencher.bench(|| {
        let grid = csv::read(&csv::write(&q)).expect("reads");
        let (back, _) = questionnaire::read(&grid, &c, "q.csv");
        back.expect("valid").answers.len()
    });
}

#[divan::bench]
fn serialise_answers_file(bencher: divan::Bencher) {
    let (c, a) = inputs();
    bencher.bench(|| to_toml(&a, Some(&c)).len());
}
