//! The template registry: embedded defaults, overridden file by file by `--templates DIR`,
//! strict mode on (a misspelt field is an error, not an empty string), and escaping per format:
//! `*.html.hbs` templates go to a registry that escapes HTML, the others to one that escapes
//! Markdown.

use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde::Serialize;

use super::RenderError;
use crate::catalog::embedded;

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

impl Templates {
    /// The embedded templates, with the files of `dir` (if given) taking their place.
    pub fn new(dir: Option<&Path>) -> Result<Self, RenderError> {
        let mut md = Handlebars::new();
        md.set_strict_mode(true);
        md.register_escape_fn(md_escape);
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        for (name, text) in embedded::TEMPLATES {
            if !name.ends_with(".hbs") {
                continue;
            }
            let override_path = dir.map(|d| d.join(name));
            let (text, shown) = match override_path.filter(|p| p.is_file()) {
                Some(p) => (
                    std::fs::read_to_string(&p).map_err(|e| RenderError::Template {
                        name: p.display().to_string(),
                        message: e.to_string(),
                    })?,
                    p.display().to_string(),
                ),
                None => (text.to_string(), format!("<embedded>/{name}")),
            };
            let registry = if name.ends_with(".html.hbs") {
                &mut html
            } else {
                &mut md
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

impl Templates {
    /// Renders an HTML template (everything interpolated with `{{x}}` is HTML-escaped).
    pub fn render_html<T: Serialize>(&self, name: &str, data: &T) -> Result<String, RenderError> {
        self.html
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
}
