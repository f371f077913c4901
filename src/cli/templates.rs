//! `templates`: list the report templates, or copy them out for editing (`--eject DIR`).

use std::path::Path;

use salvaguarda::diag::{Code, Diagnostic};
use salvaguarda::output::Policy;
use salvaguarda::report::{EjectError, eject, template_files};

use super::{OK, fail_with, write_out};

/// What each template renders.
fn purpose(name: &str) -> &'static str {
    match name {
        "report.md.hbs" => "report --format md",
        "gap.md.hbs" => "report --format md: one gap (partial)",
        "show.md.hbs" => "show --format md",
        "show-item.md.hbs" => "show CHECKLIST ITEM: one question",
        "plan.md.hbs" => "plan --format md",
        "plan.html.hbs" => "plan --format html",
        "report.html.hbs" => "report --format html",
        "gap.html.hbs" => "report --format html: one gap (partial)",
        "chart.html.hbs" => "report --format html: a bar chart (partial)",
        "powers.html.hbs" => {
            "report --format html: powers and their safeguards (drawn by the program unless replaced)"
        }
        "powers.md.hbs" => {
            "report --format md: powers and their safeguards (drawn by the program unless replaced)"
        }
        "report.css" => "report --format html: the inlined stylesheet",
        "brief.html.hbs" => "report --format brief",
        "brief.css" => "report --format brief: the inlined stylesheet",
        _ => "a partial",
    }
}

pub fn templates(eject_to: Option<&Path>, overrides: Option<&Path>) -> u8 {
    let Some(dir) = eject_to else {
        let mut out = String::new();
        for (name, _) in template_files() {
            let overridden = overrides.is_some_and(|d| d.join(name).is_file());
            out.push_str(&format!(
                "{name:<16} {}{}\n",
                purpose(name),
                if overridden { " [overridden]" } else { "" }
            ));
        }
        return match write_out(None, out.as_bytes(), Policy::default()) {
            Ok(()) => OK,
            Err(c) => c,
        };
    };
    match eject(dir) {
        Ok(files) => {
            let mut out = String::new();
            for f in &files {
                out.push_str(&format!("wrote {}\n", f.display()));
            }
            out.push_str(&format!(
                "Edit them, then render with: salvaguarda --templates {} report ANSWERS --format html\n",
                dir.display()
            ));
            match write_out(None, out.as_bytes(), Policy::default()) {
                Ok(()) => OK,
                Err(c) => c,
            }
        }
        Err(EjectError::Write(d)) => fail_with(*d),
        Err(e @ EjectError::Exists(_)) => fail_with(
            Diagnostic::error(Code::OutputRefused, e.to_string())
                .in_file(&dir.display().to_string())
                .with_help(salvaguarda::i18n::tr("diag_eject_exists_help", &[])),
        ),
        Err(e @ EjectError::CreateDir { .. }) => fail_with(
            Diagnostic::error(Code::OutputFailed, e.to_string())
                .in_file(&dir.display().to_string()),
        ),
    }
}
