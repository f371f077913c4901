//! The types of a bill: its files, the segments (articles) of each file and their paragraphs,
//! a place in a bill, and what a reference resolves to.

use std::ops::Range;

use crate::fold::Folded;
use crate::source::SourceFile;

/// What a segment of a bill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// A numbered article.
    Article,
    /// Text under a division heading that is not inside an article (e.g. a transitional
    /// provision).
    Division,
    /// Text before the first heading (title, recitals, explanatory statement).
    Preamble,
    /// A block of text separated by blank lines, in a file where no article was recognised.
    Block,
}

/// A numbered paragraph inside an article (`§ 2º`, `(3)`, `2.`, `a)`, `III -`, `Parágrafo único`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The normalised number: `2`, `3`, `a`, `iii`, `unico`.
    pub key: String,
    /// Byte offset of the marker in the file.
    pub start: usize,
}

/// An article (or another segment) of a bill file.
#[derive(Debug, Clone)]
pub struct Article {
    pub kind: SegmentKind,
    /// The heading as written: `Artículo 14`, `Art. 9º`, `ARTÍCULO DECIMOCUARTO`, or a label
    /// made up for other segments (`¶ 3`).
    pub label: String,
    /// The normalised article number (`14`, `9`, `10a`, `14bis`, `unico`), for articles.
    pub key: Option<String>,
    /// Bytes of the file the segment covers, heading included.
    pub span: Range<usize>,
    pub paragraphs: Vec<Paragraph>,
    /// Every heading the article falls under, outermost first ("Capítulo V…", "Sección 1.ª…"):
    /// a chapter's title says what its articles are about.
    pub divisions: std::sync::Arc<[String]>,
    /// For an article quoted inside another (an amending bill's "Artículo 218 bis" inside its
    /// own article 13): the index of the article that quotes it.
    pub parent: Option<usize>,
}

impl Article {
    /// The chapter or title heading the article falls under, if any: the innermost of its
    /// [`divisions`](Article::divisions), shared by the articles under it rather than copied
    /// into each.
    pub fn division(&self) -> Option<&str> {
        self.divisions.last().map(String::as_str)
    }
}

/// One file of a bill.
#[derive(Debug, Clone)]
pub struct BillFile {
    pub source: SourceFile,
    pub folded: Folded,
    /// The segments in file order; they do not overlap.
    pub articles: Vec<Article>,
    /// SHA-256 of the text, hex.
    pub sha256: String,
}

/// A bill: one or more files, read in the order given.
#[derive(Debug, Clone, Default)]
pub struct Bill {
    pub files: Vec<BillFile>,
}

/// A place in a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index into [`Bill::files`].
    pub file: usize,
    /// Index into that file's [`BillFile::articles`], if the place falls in a segment.
    pub article: Option<usize>,
}

/// What a reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefOutcome {
    Found {
        file: usize,
        article: usize,
        /// Paragraph numbers the reference names that the article does not show.
        missing_paragraphs: Vec<String>,
    },
    NotFound,
}
