//! `templates`: list the report templates, or copy them out for editing (`--eject DIR`).

use std::path::Path;

use salvaguarda::report::{eject, template_files};

use super::{BAD_INPUT, OK, fail};

/// What each template renders.
fn purpose(name: &str) -> &'static str {
    match name {
        "report.md.hbs" => "report --format md",
        "gap.md.hbs" => "report --format md: one gap (partial)",
        "show.md.hbs" => "show --format md",
        "report.html.hbs" => "report --format html",
        "gap.html.hbs" => "report --format html: one gap (partial)",
        "chart.html.hbs" => "report --format html: a bar chart (partial)",
        "powers.html.hbs" => "report --format html: powers and their safeguards (partial)",
        "powers.md.hbs" => "report --format md: powers and their safeguards (partial)",
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
        print!("{out}");
        return OK;
    };
    match eject(dir) {
        Ok(files) => {
            for f in &files {
                println!("wrote {}", f.display());
            }
            println!(
                "Edit them, then render with: salvaguarda --templates {} report ANSWERS --format html",
                dir.display()
            );
            OK
        }
        Err(e) => {
            fail(&e.to_string());
            BAD_INPUT
        }
    }
}
