//! `templates`: list the report templates, or copy them out for editing (`--eject DIR`).

use salvaguarda::i18n::tr;
use std::path::Path;

use salvaguarda::diag::{Code, Diagnostic};
use salvaguarda::output::Policy;
use salvaguarda::report::{EjectError, eject, template_files};

use super::{OK, fail_with, write_out};

/// What each template renders, in the language of the command.
fn purpose(name: &str) -> String {
    let command = match name {
        "report.md.hbs" => "report --format md",
        "show.md.hbs" => "show --format md",
        "plan.md.hbs" => "plan --format md",
        "plan.html.hbs" => "plan --format html",
        "report.html.hbs" => "report --format html",
        "brief.html.hbs" => "report --format brief",
        _ => "",
    };
    if !command.is_empty() {
        return command.to_string();
    }
    tr(
        match name {
            "gap.md.hbs" => "cli_tpl_gap_md",
            "show-item.md.hbs" => "cli_tpl_show_item",
            "gap.html.hbs" => "cli_tpl_gap_html",
            "chart.html.hbs" => "cli_tpl_chart",
            "powers.html.hbs" => "cli_tpl_powers_html",
            "powers.md.hbs" => "cli_tpl_powers_md",
            "report.css" => "cli_tpl_report_css",
            "brief.css" => "cli_tpl_brief_css",
            _ => "cli_tpl_partial",
        },
        &[],
    )
}

pub fn templates(eject_to: Option<&Path>, overrides: Option<&Path>) -> u8 {
    let Some(dir) = eject_to else {
        let mut out = String::new();
        for (name, _) in template_files() {
            let overridden = overrides.is_some_and(|d| d.join(name).is_file());
            out.push_str(&format!(
                "{name:<16} {}{}\n",
                purpose(name),
                if overridden {
                    tr("cli_templates_overridden", &[])
                } else {
                    String::new()
                }
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
                out.push_str(&tr("cli_templates_wrote", &[("file", &f.display())]));
                out.push('\n');
            }
            out.push_str(&tr("cli_templates_edit", &[("dir", &dir.display())]));
            out.push('\n');
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
