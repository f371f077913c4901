//! Bill texts: loading plain-text or Markdown files, splitting them into articles (and the
//! numbered paragraphs inside them), and reading article references such as "Art. 14(3)",
//! "Artículo 14", "art. 14, § 3º" or "Arts. 14 y 15".
//!
//! Owns: the numbering conventions of Spanish, Portuguese and English legislation that the
//! segmenter recognises, the byte spans of every article (so a quote or a match can be shown as
//! `file:line:col` and tied to its article), and the lookup of a reference in a bill. Does not
//! own matching ([`crate::scan`]) or verification ([`crate::verify`]).
//!
//! An article starts at a line that begins with `Artículo`, `Artigo`, `Article`, `Section`,
//! `Sec.` or `Art.` (any case, after optional Markdown `#`, `>` or `**`), followed by a number
//! (`14`, `9º`, `10-A`, `14 bis`, `14A`), an ordinal in words (`DECIMOCUARTO`, `vigésimo
//! primero`, `único`) or a Roman numeral, and then by the end of the line, punctuation (`.`,
//! `.-`, `:`, `–`) or a capital letter (`Art. 1º Esta Lei...`). A reference in running text
//! ("conforme al artículo 14 de...") never starts an article. A line opening with a quotation
//! mark (an amending bill quoting another law's article) does not either: the quoted article
//! stays inside the article that quotes it. Chapter, title and section headings (`CAPÍTULO
//! III`, `Título II`, `Seção I`, `Chapter 2`, `Part 3`, `Disposiciones transitorias`) end the
//! article before them and are remembered as the division of the articles that follow.
//!
//! The parts: [`types`] (articles, files, bills, places), [`segment`] (splitting a text into
//! articles, paragraphs and divisions), [`numbers`] (article numbers: digits, ordinals in words,
//! Roman numerals, Latin suffixes), [`reference`] (reading "Art. 14(3)" into article and
//! paragraph keys) and [`index`] (finding an offset's segment, an article by number, a
//! reference's article and paragraphs). Loading files is here.

use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::fold::Folded;
use crate::source::SourceFile;

pub mod index;
pub mod numbers;
pub mod reference;
pub mod segment;
pub mod types;

pub use numbers::{is_latin_suffix, ordinal, roman};
pub use reference::{ArticleRef, parse_reference};
pub use segment::segment;
pub use types::{Article, Bill, BillFile, Paragraph, Place, RefOutcome, SegmentKind};

impl BillFile {
    /// Splits a text into articles.
    pub fn new(source: SourceFile) -> Self {
        // Articles first: the line list segmenting needs is gone before the folded text and
        // its offset map are built, so the two never take memory at once.
        let articles = segment(&source.text);
        let folded = Folded::new(&source.text);
        let sha256 = crate::digest::sha256(&source.text);
        BillFile {
            source,
            folded,
            articles,
            sha256,
        }
    }
}

impl Bill {
    /// Reads bill files. Unreadable files are errors; a file in which no article is
    /// recognised is a warning (its quotes are still checked, but not its article numbers).
    pub fn load(paths: &[impl AsRef<Path>]) -> (Option<Bill>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let mut files = Vec::new();
        let mut total = 0u64;
        for p in paths {
            let p = p.as_ref();
            match crate::input::read_source(p, crate::input::Kind::Bill) {
                Ok(f) => {
                    total += f.text.len() as u64;
                    if total > crate::input::BILL_TOTAL_LIMIT {
                        diags.push(
                            Diagnostic::error(
                                Code::InputTooLarge,
                                crate::i18n::tr(
                                    "diag_bills_too_large",
                                    &[(
                                        "size",
                                        &crate::input::human_size(crate::input::BILL_TOTAL_LIMIT),
                                    )],
                                ),
                            )
                            .in_file(&f.name),
                        );
                        break;
                    }
                    files.push(f)
                }
                Err(d) => diags.push(*d),
            }
        }
        if diags.has_errors() {
            return (None, diags);
        }
        let bill = Bill::from_sources(files);
        for f in &bill.files {
            if f.article_count() == 0 {
                diags.push(
                    Diagnostic::warning(
                        Code::BillWithoutArticles,
                        crate::i18n::tr("diag_bill_without_articles", &[]),
                    )
                    .in_file(&f.source.name)
                    .with_help(crate::i18n::tr("diag_bill_without_articles_help", &[])),
                );
            }
        }
        (Some(bill), diags)
    }

    /// A bill from texts already in memory.
    pub fn from_sources(sources: Vec<SourceFile>) -> Bill {
        Bill {
            files: sources.into_iter().map(BillFile::new).collect(),
        }
    }

    /// A one-file bill from a text (for tests and examples).
    pub fn from_text(name: &str, text: &str) -> Bill {
        Bill::from_sources(vec![SourceFile::new(name, text)])
    }
}

#[cfg(test)]
mod tests;
