//! Embeds the shipped checklists, templates and examples into the binary, so that it runs with
//! no files beside it. Generates `$OUT_DIR/embedded.rs` with one `include_str!` per file.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, base, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "toml" || e == "hbs" || e == "css")
        {
            out.push(
                p.strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut code = String::new();
    for (name, dir) in [
        ("CHECKLISTS", "checklists"),
        ("TEMPLATES", "templates"),
        ("EXAMPLES", "examples"),
    ] {
        println!("cargo:rerun-if-changed={dir}");
        let base = root.join(dir);
        let mut list = Vec::new();
        files(&base, &base, &mut list);
        writeln!(code, "/// Files under `{dir}/`, by path relative to it.").unwrap();
        writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for f in list {
            writeln!(
                code,
                "    ({f:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{dir}/{f}\"))),"
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(out, code).unwrap();
}
