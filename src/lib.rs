//! salvaguarda checks a state's surveillance and cybercrime legislation against human-rights
//! safeguards. See `README.md` for the product and `docs/` for the formats and the scoring.
//!
//! The flow: [`load`] (TOML with spans) → [`schema`] (JSON Schema, all errors at once) →
//! [`model`] (serde types) → [`validate`] (meaning, into a [`checklist::Checklist`]) →
//! [`evaluate`] (pure scoring, into a [`result::Report`]) → [`report`] (rendering).
//!
//! A fast start: [`catalog`] serves an embedded checklist from the form `build.rs` prepares
//! (JSON, deserialized straight into the model and assembled without the checks it passed at
//! test time); [`assess`] reads a clean answers file straight into the model and positions
//! diagnostics only when something is wrong; [`report`] compiles a template when a render
//! first needs it.
//!
//! Over many reports: [`compare`] (a matrix of assessments), [`diff`] (what changed between
//! two), [`plan`] (which fixes recover the most, and the smallest sets that clear the red lines
//! and reach the next band).
//!
//! Answering without editing TOML: [`interview`] (the terminal interview), [`questionnaire`]
//! (the spreadsheet layout, export and import), [`answering`] (the words, allowed answers and
//! order of questions both share) and [`answers`] (the deterministic writer of answers files
//! they share).
//!
//! The assessment workbench: [`serve`] (feature `serve`), a local web page over one answers
//! file.
//!
//! At the edges: [`input`] (every file read: size limits, standard input, the record of what
//! was read) and [`output`] (every file written: the rules of `-o`, atomic writes).
//!
//! # Module map
//!
//! The modules in layers, lowest first. A module uses only modules of its own layer or of the
//! layers below, and no two modules use each other, even through others: a test
//! (`tests::modules_follow_the_layers`) reads this list and every `crate::` path under `src/`.
//! Each output schema is generated beside its output type, so [`schema`] (input validation)
//! depends on no output.
//!
//! 1. Foundations: [`model`] (the types of checklist and answers files), [`source`] (a file's
//!    text and positions), [`fold`] (folding text for matching), [`digest`] (SHA-256
//!    fingerprints), [`embedded`] (the checklists, templates and examples the binary carries),
//!    [`i18n`] (every word for a reader in en/es/pt, numbers, plurals, pins), [`diag`] (coded
//!    diagnostics), [`checklist`] (a checked checklist),
//!    [`input`], [`output`], [`load`], [`schema`], [`answers`], [`upgrade`] (carrying answers
//!    to a new checklist version), [`result`] (the scored result).
//! 2. Reading and checking: [`bill`] (bill texts split into articles, references),
//!    [`evaluate`], [`validate`], [`catalog`], [`verify`] (evidence against the bill's words),
//!    [`assess`] (one answers file, loaded and checked).
//! 3. Over many reports: [`compare`], [`diff`], [`plan`].
//! 4. Rendering: [`report`], [`init`] (the answers template).
//! 5. Answering and reading aids: [`answering`], [`interview`], [`questionnaire`], [`scan`]
//!    (where a bill's text settles each question).
//! 6. The workbench: [`serve`] (a local web page over all of the above).
//!
//! No function body is longer than 150 lines unless a `// Long:` comment above it says why
//! (`tests::long_functions_say_why`).

pub mod answering;
pub mod answers;
pub mod assess;
pub mod bill;
pub mod catalog;
pub mod checklist;
pub mod compare;
pub mod diag;
pub mod diff;
pub mod digest;
pub mod embedded;
pub mod evaluate;
pub mod fold;
pub mod i18n;
pub mod init;
pub mod input;
pub mod interview;
pub mod load;
pub mod model;
pub mod output;
pub mod plan;
pub mod questionnaire;
pub mod report;
pub mod result;
pub mod scan;
pub mod schema;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod upgrade;
pub mod validate;
pub mod verify;

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use crate::schema::{self, Kind};

    /// The layers of the module map above: module name → layer number.
    fn declared_layers(lib: &str) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        let mut layer = None;
        for line in lib.lines() {
            let Some(doc) = line.strip_prefix("//!") else {
                break;
            };
            let doc = doc.trim();
            if let Some((n, _)) = doc.split_once(". ")
                && let Ok(n) = n.parse::<usize>()
            {
                layer = Some(n);
            } else if doc.is_empty() {
                layer = None;
            }
            let Some(n) = layer else { continue };
            for link in doc.split("[`").skip(1) {
                let name = link.split('`').next().unwrap_or("");
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    assert!(
                        out.insert(name.to_string(), n).is_none(),
                        "`{name}` is in two layers of the module map"
                    );
                }
            }
        }
        out
    }

    /// Every module of the crate another module's code names (`crate::name`), comments left out.
    fn uses(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
        fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, files);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(src, &mut files);
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in files {
            let rel = f.strip_prefix(src).unwrap();
            let first = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let module = first.trim_end_matches(".rs").to_string();
            // The crate root and the command-line program are above every layer.
            if matches!(module.as_str(), "lib" | "main" | "cli") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            let used = out.entry(module.clone()).or_default();
            for line in text.lines() {
                let code = line.split("//").next().unwrap_or("");
                for (at, _) in code.match_indices("crate::") {
                    if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                        continue;
                    }
                    let name: String = code[at + "crate::".len()..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if name != module {
                        used.insert(name);
                    }
                }
            }
        }
        out
    }

    /// The module map in this file's comment is true: every module is in one layer, uses only
    /// its own layer and those below, and the modules use one another without a circle.
    #[test]
    fn modules_follow_the_layers() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let lib = std::fs::read_to_string(root.join("lib.rs")).unwrap();
        let layers = declared_layers(&lib);
        let declared: BTreeSet<String> = lib
            .lines()
            .filter_map(|l| l.strip_prefix("pub mod "))
            .map(|l| l.trim_end_matches(';').to_string())
            .collect();
        let mapped: BTreeSet<String> = layers.keys().cloned().collect();
        assert_eq!(
            mapped, declared,
            "the module map lists other modules than lib.rs declares"
        );
        let uses = uses(&root);
        assert!(
            uses.len() >= declared.len() - 1,
            "too few modules read: {:?}",
            uses.keys()
        );
        for (module, used) in &uses {
            let own = layers[module];
            for u in used {
                let theirs = *layers
                    .get(u)
                    .unwrap_or_else(|| panic!("`{module}` names `crate::{u}`, not a module"));
                assert!(
                    theirs <= own,
                    "`{module}` (layer {own}) uses `{u}` (layer {theirs}): move what it needs to a lower layer"
                );
            }
        }
        // No circle: repeatedly take away the modules that use no module left.
        let mut left: BTreeMap<&str, BTreeSet<&str>> = uses
            .iter()
            .map(|(m, u)| (m.as_str(), u.iter().map(String::as_str).collect()))
            .collect();
        while !left.is_empty() {
            let free: Vec<&str> = left
                .iter()
                .filter(|(_, u)| u.iter().all(|x| !left.contains_key(x)))
                .map(|(m, _)| *m)
                .collect();
            assert!(
                !free.is_empty(),
                "the modules use one another in a circle: {left:?}"
            );
            for m in free {
                left.remove(m);
            }
        }
    }

    /// The schema the Rust types generate for a kind of file.
    fn generated(kind: Kind) -> String {
        match kind {
            Kind::Checklist => schema::checklist_schema(),
            Kind::Answers => schema::answers_schema(),
            Kind::Result => crate::result::schema(),
            Kind::Compare => crate::compare::schema(),
            Kind::Diff => crate::diff::schema(),
            Kind::Plan => crate::plan::schema(),
            Kind::Scan => crate::scan::result::schema(),
        }
    }

    /// The text of Rust source with comments, strings and character literals blanked (line
    /// breaks kept), so that braces can be counted.
    fn code_only(s: &str) -> Vec<u8> {
        let b = s.as_bytes();
        let mut out = b.to_vec();
        let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
            for c in &mut out[from..to.min(b.len())] {
                if *c != b'\n' {
                    *c = b' ';
                }
            }
        };
        let mut i = 0;
        while i < b.len() {
            let rest = &b[i..];
            if rest.starts_with(b"//") {
                let end = rest
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            } else if rest.starts_with(b"/*") {
                let (mut depth, mut j) = (1, i + 2);
                while j < b.len() && depth > 0 {
                    if b[j..].starts_with(b"/*") {
                        depth += 1;
                        j += 2;
                    } else if b[j..].starts_with(b"*/") {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            } else if (rest.starts_with(b"r\"")
                || rest.starts_with(b"r#")
                || rest.starts_with(b"br"))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
                && {
                    let k = i + usize::from(b[i] == b'b') + 1;
                    b[k..].iter().take_while(|&&c| c == b'#').count() + k < b.len()
                        && b[k + b[k..].iter().take_while(|&&c| c == b'#').count()] == b'"'
                }
            {
                let k = i + usize::from(b[i] == b'b') + 1;
                let hashes = b[k..].iter().take_while(|&&c| c == b'#').count();
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                let from = k + hashes + 1;
                let end = b[from..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |n| from + n + close.len());
                blank(&mut out, i, end);
                i = end;
            } else if b[i] == b'"' {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i, j + 1);
                i = j + 1;
            } else if b[i] == b'\'' {
                // A character literal ('a', '\n', '\u{a0}', 'é'), or else a lifetime.
                let end = if b.get(i + 1) == Some(&b'\\') {
                    b[i + 2..]
                        .iter()
                        .position(|&c| c == b'\'')
                        .map(|n| i + 2 + n)
                } else {
                    let len = s[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 1 + len)
                };
                match end {
                    Some(e) => {
                        blank(&mut out, i, e + 1);
                        i = e + 1;
                    }
                    None => i += 1,
                }
            } else {
                i += 1;
            }
        }
        out
    }

    /// Every function whose body is longer than `limit` lines: (file:line, name, lines), with
    /// whether a `// Long:` comment stands among the comments and attributes above it.
    fn long_functions(path: &Path, limit: usize) -> Vec<(String, String, usize, bool)> {
        let text = std::fs::read_to_string(path).unwrap();
        let code = code_only(&text);
        let lines: Vec<&str> = text.lines().collect();
        let line_of = |at: usize| code[..at].iter().filter(|&&c| c == b'\n').count();
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(n) = code[i..].windows(3).position(|w| w == b"fn ") {
            let at = i + n;
            i = at + 3;
            if at > 0 && (code[at - 1].is_ascii_alphanumeric() || code[at - 1] == b'_') {
                continue;
            }
            let name: String = text[at + 3..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                continue;
            }
            // The body: the first `{` outside parentheses and brackets (a `;` first: no body).
            let (mut depth, mut j) = (0i32, at);
            while j < code.len() {
                match code[j] {
                    b'(' | b'[' => depth += 1,
                    b')' | b']' => depth -= 1,
                    b'{' | b';' if depth == 0 => break,
                    _ => {}
                }
                j += 1;
            }
            if j >= code.len() || code[j] == b';' {
                continue;
            }
            let (mut depth, mut k) = (0i32, j);
            while k < code.len() {
                match code[k] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
            let body = line_of(k) - line_of(j) - 1;
            if body > limit {
                let start = line_of(at);
                let said = lines[..start]
                    .iter()
                    .rev()
                    .take_while(|l| {
                        let l = l.trim_start();
                        l.starts_with("//") || l.starts_with("#[")
                    })
                    .any(|l| l.trim_start().starts_with("// Long:"));
                out.push((
                    format!("{}:{}", path.display(), start + 1),
                    name,
                    body,
                    said,
                ));
            }
        }
        out
    }

    /// No function is longer than 150 lines without a written reason beside it.
    #[test]
    fn long_functions_say_why() {
        fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, files);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut found = Vec::new();
        for f in &files {
            found.extend(long_functions(f, 150));
        }
        // The check itself sees long functions: the reasons written above them.
        assert!(found.iter().any(|(_, _, _, said)| *said), "{found:?}");
        let silent: Vec<String> = found
            .iter()
            .filter(|(_, _, _, said)| !*said)
            .map(|(at, name, n, _)| format!("{at} `{name}`: {n} lines"))
            .collect();
        assert!(
            silent.is_empty(),
            "functions over 150 lines: split them into named steps, or write a `// Long:` comment above each saying why:\n{}",
            silent.join("\n")
        );
    }

    /// The committed schemas must be what the Rust types generate. Set
    /// `SALVAGUARDA_BLESS=1` to rewrite them after changing a type.
    #[test]
    fn committed_schemas_match_the_types() {
        for (kind, name) in Kind::ALL {
            let generated = generated(kind);
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("schemas")
                .join(name);
            if std::env::var_os("SALVAGUARDA_BLESS").is_some() {
                std::fs::write(&path, &generated).unwrap();
                continue;
            }
            let committed = std::fs::read_to_string(&path).unwrap();
            assert!(
                committed == generated,
                "schemas/{name} drifted from the Rust types; rerun with SALVAGUARDA_BLESS=1 and review the diff"
            );
        }
    }
}
