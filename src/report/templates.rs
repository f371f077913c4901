//! The template registry: embedded defaults, overridden file by file by `--templates DIR`,
//! strict mode on (a misspelt field is an error, not an empty string), and escaping per format:
//! one registry for Markdown (`*.md.hbs`, Markdown escaping) and one for HTML (`*.html.hbs`
//! and the `*.css` partials they inline, with handlebars' HTML escaping). Also owns `eject`,
//! which copies the embedded templates out for editing.

use std::path::{Path, PathBuf};

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
    md: Handlebars<'static>,
    html: Handlebars<'static>,
    /// The folder that overrides the defaults, if any.
    pub dir: Option<PathBuf>,
}

/// Escapes text for Markdown, so that what a user typed cannot become markup, a table cell
/// break, a link or raw HTML. Newlines become spaces.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
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
    #[error("{dir}: cannot create the folder: {source}")]
    CreateDir { dir: String, source: std::io::Error },
    #[error(
        "refusing to overwrite existing files (nothing was written): {}",
        .0.join(", ")
    )]
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
    pub fn new(dir: Option<&Path>) -> Result<Self, RenderError> {
        let mut md = Handlebars::new();
        md.set_strict_mode(true);
        md.register_escape_fn(md_escape);
        // HTML keeps handlebars' default escaping: `{{x}}` escapes & < > " ' ` =.
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        md.register_helper("plural", Box::new(plural_helper));
        html.register_helper("plural", Box::new(plural_helper));
        for (name, text) in template_files() {
            let registry = if name.ends_with(".md.hbs") {
                &mut md
            } else {
                &mut html
            };
            let override_path = dir.map(|d| d.join(name));
            let (text, shown) = match override_path.filter(|p| p.is_file()) {
                Some(p) => (
                    crate::input::read_source(&p, crate::input::Kind::Template)
                        .map_err(RenderError::Input)?
                        .text,
                    p.display().to_string(),
                ),
                None => (text.to_string(), format!("<embedded>/{name}")),
            };
            registry
                .register_template_string(name, text)
                .map_err(|e| RenderError::Template {
                    name: shown,
                    message: e.to_string(),
                })?;
        }
        Ok(Templates {
            md,
            html,
            dir: dir.map(Path::to_path_buf),
        })
    }

    /// Renders an HTML template (everything interpolated with `{{…}}` is HTML-escaped).
    pub fn render_html<T: Serialize>(&self, name: &str, data: &T) -> Result<String, RenderError> {
        self.html
            .render(name, data)
            .map_err(|e| RenderError::Template {
                name: name.to_string(),
                message: e.to_string(),
            })
    }

    /// Renders a Markdown template.
    pub fn render_md<T: Serialize>(&self, name: &str, data: &T) -> Result<String, RenderError> {
        self.md
            .render(name, data)
            .map_err(|e| RenderError::Template {
                name: name.to_string(),
                message: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
