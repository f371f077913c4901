//! The template registry: embedded defaults, overridden file by file by `--templates DIR`,
//! strict mode on (a misspelt field is an error, not an empty string), and escaping per format:
//! one registry for Markdown (`*.md.hbs`, Markdown escaping) and one for HTML (`*.html.hbs`
//! and the `*.css` partials they inline, with handlebars' HTML escaping). Also owns `eject`,
//! which copies the embedded templates out for editing.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use handlebars::Handlebars;
use serde::Serialize;

use super::RenderError;
use crate::catalog::embedded;

/// `{{plural n "key"}}`: the label `key_one` of the root's labels (`t`) when `n` is 1 and the
/// label has a singular form, else `key`: "1 quote checked", "2 quotes checked".
fn plural_helper(
    h: &handlebars::Helper,
    _: &Handlebars,
    ctx: &handlebars::Context,
    _: &mut handlebars::RenderContext,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    let n = h.param(0).and_then(|p| p.value().as_u64());
    let key = h
        .param(1)
        .and_then(|p| p.value().as_str())
        .ok_or_else(|| handlebars::RenderErrorReason::ParamNotFoundForIndex("plural", 1))?;
    let t = &ctx.data()["t"];
    let label = n
        .filter(|n| *n == 1)
        .and_then(|_| t[format!("{key}_one")].as_str())
        .or_else(|| t[key].as_str())
        .ok_or_else(|| handlebars::RenderErrorReason::Other(format!("plural: no label `{key}`")))?;
    // The labels are the program's own text, written as they are.
    out.write(label)?;
    Ok(())
}

/// Templates for every format.
pub struct Templates {
    md: RwLock<Handlebars<'static>>,
    html: RwLock<Handlebars<'static>>,
    /// The text of every template, by name: the embedded one or its replacement from `dir`
    /// (a replacement is compiled at once; an embedded one when first needed).
    texts: BTreeMap<&'static str, Cow<'static, str>>,
    /// The folder that overrides the defaults, if any.
    pub dir: Option<PathBuf>,
}

/// Escapes text for Markdown, so that what a user typed cannot become markup, a table cell
/// break, a link or raw HTML. Newlines become spaces.
pub fn md_escape(s: &str) -> String {
    // Every character that changes is ASCII, so the text between them is copied whole.
    const SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        let set = b"\\`*_[]<>|#~\r\n";
        while i < set.len() {
            t[set[i] as usize] = true;
            i += 1;
        }
        t
    };
    let special = |b: &u8| SPECIAL[usize::from(*b)];
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut rest = s;
    while let Some(i) = rest.as_bytes().iter().position(special) {
        out.push_str(&rest[..i]);
        match rest.as_bytes()[i] {
            b'\r' => {}
            b'\n' => out.push(' '),
            c => {
                out.push('\\');
                out.push(char::from(c));
            }
        }
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// The embedded template files that `--templates DIR` can replace and `templates --eject`
/// copies out: every `*.hbs` and `*.css` under `templates/`, by file name.
pub fn template_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    embedded::TEMPLATES
        .iter()
        .copied()
        .filter(|(name, _)| name.ends_with(".hbs") || name.ends_with(".css"))
}

/// Why `eject` wrote nothing (or stopped).
#[derive(Debug, thiserror::Error)]
pub enum EjectError {
    #[error(
        "{}",
        crate::i18n::tr(
            "diag_eject_cannot_create",
            &[("dir", dir), ("error", &crate::input::io_detail(source))]
        )
    )]
    CreateDir { dir: String, source: std::io::Error },
    #[error("{}", crate::i18n::tr("diag_eject_exists", &[("files", &.0.join(", "))]))]
    Exists(Vec<String>),
    #[error("{}", .0.message)]
    Write(Box<crate::diag::Diagnostic>),
}

/// Copies every embedded template into `dir` (created if missing), for editing and use with
/// `--templates DIR`. Refuses, writing nothing, if any of the files already exists there (a
/// link, even to nothing, counts as existing). Each file is written atomically. Returns the
/// files written.
pub fn eject(dir: &Path) -> Result<Vec<PathBuf>, EjectError> {
    let targets: Vec<(PathBuf, &str)> = template_files()
        .map(|(name, text)| (dir.join(name), text))
        .collect();
    let existing: Vec<String> = targets
        .iter()
        .filter(|(p, _)| std::fs::symlink_metadata(p).is_ok())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(EjectError::Exists(existing));
    }
    std::fs::create_dir_all(dir).map_err(|source| EjectError::CreateDir {
        dir: dir.display().to_string(),
        source,
    })?;
    let mut written = Vec::new();
    for (path, text) in targets {
        crate::output::create_new(&path, text.as_bytes()).map_err(EjectError::Write)?;
        written.push(path);
    }
    Ok(written)
}

impl Templates {
    /// The embedded templates, with the files of `dir` (if given) taking their place.
    ///
    /// The files of `dir` are compiled at once, so that a mistake in one is reported before
    /// anything else is done; an embedded template is compiled only when a render needs it (it
    /// or a partial it uses), which keeps a command's start from paying for every format.
    pub fn new(dir: Option<&Path>) -> Result<Self, RenderError> {
        let mut md = Handlebars::new();
        md.set_strict_mode(true);
        md.register_escape_fn(md_escape);
        // HTML keeps handlebars' default escaping: `{{x}}` escapes & < > " ' ` =.
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        md.register_helper("plural", Box::new(plural_helper));
        html.register_helper("plural", Box::new(plural_helper));
        let mut sources = BTreeMap::new();
        for (name, text) in template_files() {
            let override_path = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let Some(p) = override_path else {
                sources.insert(name, Cow::Borrowed(text));
                continue;
            };
            let text = crate::input::read_source(&p, crate::input::Kind::Template)
                .map_err(RenderError::Input)?
                .text;
            let registry = if is_md(name) { &mut md } else { &mut html };
            register(registry, name, text.clone(), p.display().to_string())?;
            sources.insert(name, Cow::Owned(text));
        }
        Ok(Templates {
            md: RwLock::new(md),
            html: RwLock::new(html),
            texts: sources,
            dir: dir.map(Path::to_path_buf),
        })
    }

    /// Renders an HTML template (everything interpolated with `{{…}}` is HTML-escaped).
    pub fn render_html<T: Serialize>(&self, name: &str, data: &T) -> Result<String, RenderError> {
        self.render(&self.html, name, data)
    }

    /// Whether `--templates DIR` replaces the embedded template `name`.
    pub fn replaced(&self, name: &str) -> bool {
        matches!(self.texts.get(name), Some(Cow::Owned(_)))
    }

    /// Renders the powers template of a format (`powers.md.hbs` or `powers.html.hbs`) as a
    /// report template includes it, `{{> powers.md.hbs powers}}`, with `data` (a report's
    /// view) as its root.
    pub fn render_powers<T: Serialize>(&self, html: bool, data: &T) -> Result<String, RenderError> {
        let (registry, name) = if html {
            (&self.html, "powers.html.hbs")
        } else {
            (&self.md, "powers.md.hbs")
        };
        self.compile(registry, name)?;
        read(registry)
            .render_template(&format!("{{{{> {name} powers}}}}"), data)
            .map_err(|e| RenderError::Template {
                name: name.to_string(),
                message: e.to_string(),
            })
    }

    /// Renders a Markdown template.
    pub fn render_md<T: Serialize>(&self, name: &str, data: &T) -> Result<String, RenderError> {
        self.render(&self.md, name, data)
    }

    fn render<T: Serialize>(
        &self,
        registry: &RwLock<Handlebars<'static>>,
        name: &str,
        data: &T,
    ) -> Result<String, RenderError> {
        self.compile(registry, name)?;
        read(registry)
            .render(name, data)
            .map_err(|e| RenderError::Template {
                name: name.to_string(),
                message: e.to_string(),
            })
    }

    /// Compiles the embedded template `name` and the partials it uses, in its format's
    /// registry, unless they are already there.
    fn compile(
        &self,
        registry: &RwLock<Handlebars<'static>>,
        name: &str,
    ) -> Result<(), RenderError> {
        let md = is_md(name);
        let needed = self.needed(name, md);
        if needed.iter().all(|n| read(registry).has_template(n)) {
            return Ok(());
        }
        let mut w = registry.write().unwrap_or_else(PoisonError::into_inner);
        for n in needed {
            if !w.has_template(n) {
                register(
                    &mut w,
                    n,
                    self.texts[n].to_string(),
                    format!("<embedded>/{n}"),
                )?;
            }
        }
        Ok(())
    }

    /// The templates of one format that rendering `name` may use: itself and, transitively,
    /// every partial it names. A partial chosen at render time (`{{> (expr)}}`) could be any
    /// template, so then it is every template of the format.
    fn needed(&self, name: &str, md: bool) -> Vec<&'static str> {
        let same_format = |n: &&'static str| is_md(n) == md;
        let mut out: Vec<&'static str> = Vec::new();
        let mut todo: Vec<&str> = vec![name];
        while let Some(n) = todo.pop() {
            let Some((&key, text)) = self.texts.get_key_value(n) else {
                continue;
            };
            if !same_format(&key) || out.contains(&key) {
                continue;
            }
            out.push(key);
            for partial in partials(text) {
                match partial {
                    Some(p) => todo.push(p),
                    None => return self.texts.keys().copied().filter(same_format).collect(),
                }
            }
        }
        out
    }
}

/// Whether a template belongs to the Markdown registry (the rest is HTML and CSS).
fn is_md(name: &str) -> bool {
    name.ends_with(".md.hbs")
}

fn read<'a>(registry: &'a RwLock<Handlebars<'static>>) -> RwLockReadGuard<'a, Handlebars<'static>> {
    registry.read().unwrap_or_else(PoisonError::into_inner)
}

fn register(
    registry: &mut Handlebars<'static>,
    name: &str,
    text: String,
    shown: String,
) -> Result<(), RenderError> {
    registry
        .register_template_string(name, text)
        .map_err(|e| RenderError::Template {
            name: shown,
            message: e.to_string(),
        })
}

/// The partials a template names (`{{> name}}`, `{{#> name}}`, with or without `~`), each
/// `None` when it is chosen at render time.
fn partials(text: &str) -> Vec<Option<&str>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        let tag = rest.trim_start_matches('~').trim_start_matches('#');
        let Some(tag) = tag.strip_prefix('>') else {
            continue;
        };
        let tag = tag.trim_start();
        let end = tag
            .find(|c: char| c.is_whitespace() || c == '}' || c == '~')
            .unwrap_or(tag.len());
        let word = tag[..end].trim_matches(|c| c == '"' || c == '\'');
        if word.starts_with('(') || word.starts_with('[') || word.is_empty() {
            out.push(None);
        } else {
            out.push(Some(word));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partials_are_found_in_every_spelling() {
        let t = "{{> a.css}} {{~> b.hbs x}} {{#> c }}{{/c}} {{> \"d\"}} {{x}} {{#if y}}{{/if}}";
        assert_eq!(
            partials(t),
            vec![Some("a.css"), Some("b.hbs"), Some("c"), Some("d")]
        );
        assert_eq!(partials("{{> (lookup . 'p')}}"), vec![None]);
    }

    #[test]
    fn a_render_compiles_only_the_template_and_its_partials() {
        let t = Templates::new(None).unwrap();
        let needed = t.needed("report.html.hbs", false);
        for n in [
            "report.html.hbs",
            "report.css",
            "gap.html.hbs",
            "chart.html.hbs",
        ] {
            assert!(needed.contains(&n), "{n} in {needed:?}");
        }
        for n in [
            "brief.html.hbs",
            "brief.css",
            "matrix.css",
            "compare.html.hbs",
        ] {
            assert!(!needed.contains(&n), "{n} in {needed:?}");
        }
        assert!(needed.iter().all(|n| !is_md(n)));
        assert!(
            read(&t.md).get_templates().is_empty(),
            "nothing compiled yet"
        );
        t.compile(&t.md, "report.md.hbs").unwrap();
        let compiled: Vec<String> = read(&t.md).get_templates().keys().cloned().collect();
        for n in ["report.md.hbs", "gap.md.hbs"] {
            assert!(compiled.iter().any(|c| c == n), "{n} in {compiled:?}");
        }
        for n in [
            "show.md.hbs",
            "compare.md.hbs",
            "diff.md.hbs",
            "plan.md.hbs",
        ] {
            assert!(!compiled.iter().any(|c| c == n), "{n} in {compiled:?}");
        }
        assert!(read(&t.html).get_templates().is_empty());
    }

    #[test]
    fn every_embedded_template_compiles() {
        let t = Templates::new(None).unwrap();
        for (name, _) in template_files() {
            let registry = if is_md(name) { &t.md } else { &t.html };
            t.compile(registry, name)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn a_replaced_template_is_compiled_at_once_and_its_partials_when_used() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gap.md.hbs"), "{{#if x}}\n").unwrap();
        let err = Templates::new(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("gap.md.hbs"), "{err}");
        std::fs::write(dir.path().join("gap.md.hbs"), "GAP\n").unwrap();
        std::fs::write(dir.path().join("report.md.hbs"), "{{> gap.md.hbs}}").unwrap();
        let t = Templates::new(Some(dir.path())).unwrap();
        assert_eq!(t.render_md("report.md.hbs", &()).unwrap(), "GAP\n");
    }

    proptest::proptest! {
        /// The escaping that copies runs of plain text gives what escaping character by
        /// character gives.
        #[test]
        fn markdown_escaping_equals_the_character_by_character_rule(s in "[a-zñ«» \\\\`*_\\[\\]<>|#~\r\n.()-]{0,40}") {
            let mut expected = String::new();
            for c in s.chars() {
                match c {
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                        expected.push('\\');
                        expected.push(c);
                    }
                    '\r' => {}
                    '\n' => expected.push(' '),
                    _ => expected.push(c),
                }
            }
            proptest::prop_assert_eq!(md_escape(&s), expected);
        }
    }

    #[test]
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(md_escape("a|b"), "a\\|b");
        assert_eq!(
            md_escape("<script>x</script>"),
            "\\<script\\>x\\</script\\>"
        );
        assert_eq!(md_escape("[link](http://x)"), "\\[link\\](http://x)");
        assert_eq!(md_escape("line\n# heading"), "line \\# heading");
        assert_eq!(
            md_escape("Art. 14(3) — «sin orden»"),
            "Art. 14(3) — «sin orden»"
        );
        assert_eq!(md_escape("a\r\nb\\c`d*e_f~g"), "a b\\\\c\\`d\\*e\\_f\\~g");
        assert_eq!(md_escape("ñ|"), "ñ\\|");
        assert_eq!(md_escape(""), "");
    }

    /// WCAG 2 relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn stylesheet_colours_have_enough_contrast() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
        for css in ["report.css", "brief.css"] {
            let text = template_files().find(|(n, _)| *n == css).unwrap().1;
            let var = |name: &str| -> String {
                if name == "white" {
                    return "#ffffff".into();
                }
                let key = format!("--{name}: ");
                let i = text
                    .find(&key)
                    .unwrap_or_else(|| panic!("{css}: no --{name}"));
                text[i + key.len()..i + key.len() + 7].to_string()
            };
            // Text on its backgrounds: 4.5:1 (WCAG AA for body text).
            for (fg, bg) in [
                ("ink", "white"),
                ("muted", "white"),
                ("muted", "soft"),
                ("muted", "bad-bg"),
                ("muted", "warn-bg"),
                ("accent", "white"),
                ("accent", "soft"),
                ("bad", "white"),
                ("bad", "bad-bg"),
                ("warn", "white"),
                ("warn", "warn-bg"),
                ("good", "white"),
                ("good", "good-bg"),
                ("none", "white"),
                ("white", "accent"),
                ("white", "bad"),
            ] {
                let ratio = contrast(&var(fg), &var(bg));
                assert!(ratio >= 4.5, "{css}: --{fg} on --{bg} is {ratio:.2}:1");
            }
        }
        // Bars against their track: 3:1 (WCAG AA for graphics).
        let text = template_files()
            .find(|(n, _)| *n == "report.css")
            .unwrap()
            .1;
        let track = &text[text.find("--track: ").unwrap() + 9..][..7];
        for tone in ["--bad: ", "--warn: ", "--good: ", "--none: "] {
            let colour = &text[text.find(tone).unwrap() + tone.len()..][..7];
            assert!(contrast(colour, track) >= 3.0, "{tone} bar on its track");
        }
    }
}
