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
//! (the spreadsheet layout, export and import) and [`answers`] (the deterministic writer of
//! answers files they share).
//!
//! At the edges: [`input`] (every file read: size limits, standard input, the record of what
//! was read) and [`output`] (every file written: the rules of `-o`, atomic writes).

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
pub mod evaluate;
pub mod fold;
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
pub mod source;
pub mod upgrade;
pub mod validate;
pub mod verify;

#[cfg(test)]
mod tests {
    use crate::schema::{self, Kind};

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
