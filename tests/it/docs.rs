//! Generated documentation stays in step with the code: the diagnostics reference and the
//! catalog in each language. Set `SALVAGUARDA_BLESS=1` to rewrite them.

use std::path::Path;

use salvaguarda::catalog::Catalog;
use salvaguarda::report::{ShowFormat, Templates, render_show};

fn check(rel: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if std::env::var_os("SALVAGUARDA_BLESS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{rel} is out of date; rerun with SALVAGUARDA_BLESS=1 cargo test --test it docs and commit it"
    );
}

#[test]
fn diagnostics_reference_is_up_to_date() {
    check(
        "docs/diagnostics.md",
        &salvaguarda::diag::reference_markdown(),
    );
}

#[test]
fn catalog_documents_are_up_to_date() {
    let c = Catalog::default().load("uncc-safeguards").0.unwrap();
    let t = Templates::new(None).unwrap();
    for lang in ["en", "es", "pt"] {
        let text = render_show(&c, lang, ShowFormat::Md, &t).unwrap();
        check(&format!("docs/catalog.{lang}.md"), &text);
    }
}
