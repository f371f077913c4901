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

use std::ops::Range;
use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::fold::{Folded, fold};
use crate::source::{Position, SourceFile};

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
    /// The chapter or title heading the article falls under, if any.
    pub division: Option<String>,
    /// Every heading the article falls under, outermost first ("Capítulo V…", "Sección 1.ª…"):
    /// a chapter's title says what its articles are about.
    pub divisions: std::sync::Arc<[String]>,
    /// For an article quoted inside another (an amending bill's "Artículo 218 bis" inside its
    /// own article 13): the index of the article that quotes it.
    pub parent: Option<usize>,
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

impl BillFile {
    /// Splits a text into articles.
    pub fn new(source: SourceFile) -> Self {
        // Articles first: the line list segmenting needs is gone before the folded text and
        // its offset map are built, so the two never take memory at once.
        let articles = segment(&source.text);
        let folded = Folded::new(&source.text);
        let sha256 = crate::validate::sha256(&source.text);
        BillFile {
            source,
            folded,
            articles,
            sha256,
        }
    }

    /// The index of the segment holding byte `offset`.
    pub fn article_at(&self, offset: usize) -> Option<usize> {
        let i = self.articles.partition_point(|a| a.span.start <= offset);
        let i = i.checked_sub(1)?;
        (offset < self.articles[i].span.end).then_some(i)
    }

    /// The segment and every segment that quotes it (an article of another law quoted by an
    /// amending article belongs to both).
    pub fn lineage(&self, mut i: usize) -> Vec<usize> {
        let mut out = vec![i];
        while let Some(p) = self.articles[i].parent {
            out.push(p);
            i = p;
        }
        out
    }

    /// How many numbered articles the file has.
    pub fn article_count(&self) -> usize {
        self.articles
            .iter()
            .filter(|a| a.kind == SegmentKind::Article && a.parent.is_none())
            .count()
    }

    /// The line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.source.position(offset)
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
                                format!(
                                    "the bill texts come to more than {} together, the most read in one run",
                                    crate::input::human_size(crate::input::BILL_TOTAL_LIMIT)
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
                        "no article heading was recognised in this bill text, so article numbers cannot be checked",
                    )
                    .in_file(&f.source.name)
                    .with_help("articles are recognised at the start of a line: `Artículo 14`, `Art. 9º`, `Artigo 10-A`, `Article 14`, `Section 14`; see docs/scan.md"),
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

    /// Total size in bytes.
    pub fn len(&self) -> usize {
        self.files.iter().map(|f| f.source.text.len()).sum()
    }

    /// Whether every file is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first article with this key, in file order.
    pub fn article(&self, key: &str) -> Option<(usize, usize)> {
        self.files.iter().enumerate().find_map(|(fi, f)| {
            f.articles
                .iter()
                .position(|a| a.key.as_deref() == Some(key))
                .map(|ai| (fi, ai))
        })
    }

    /// Looks up a parsed reference: the article, then its paragraphs.
    pub fn resolve(&self, r: &ArticleRef) -> RefOutcome {
        let found = self.article(&r.key).or_else(|| {
            // "14.2" may mean paragraph 2 of article 14.
            r.key.split_once('.').and_then(|(a, _)| self.article(a))
        });
        let Some((fi, ai)) = found else {
            return RefOutcome::NotFound;
        };
        let art = &self.files[fi].articles[ai];
        let mut paragraphs = r.paragraphs.clone();
        if self.files[fi].articles[ai].key.as_deref() != Some(r.key.as_str())
            && let Some((_, p)) = r.key.split_once('.')
        {
            paragraphs.insert(0, p.to_string());
        }
        let text = &self.files[fi].source.text[art.span.clone()];
        let missing: Vec<String> = paragraphs
            .iter()
            .filter(|p| !has_paragraph(art, text, p))
            .cloned()
            .collect();
        RefOutcome::Found {
            file: fi,
            article: ai,
            missing_paragraphs: missing,
        }
    }
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

fn has_paragraph(art: &Article, text: &str, key: &str) -> bool {
    if art.paragraphs.iter().any(|p| p.key == key) {
        return true;
    }
    // Markers run into the text (a PDF conversion that lost line breaks): "(3)", "§ 3".
    let folded = fold(text);
    let padded = format!(" {folded} ");
    if key == "unico" {
        return padded.contains(" paragrafo unico ") || padded.contains(" parrafo unico ");
    }
    text.contains(&format!("({key})"))
        || text.contains(&format!("§ {key}"))
        || text.contains(&format!("§{key}"))
}

// ------------------------------------------------------------------------------ segmentation

const ARTICLE_WORDS: &[&str] = &[
    "artículo",
    "articulo",
    "artigo",
    "article",
    "section",
    "sec.",
    "art.",
    "art",
];

const DIVISION_WORDS: &[&str] = &[
    "capítulo",
    "capitulo",
    "título",
    "titulo",
    "sección",
    "seccion",
    "seção",
    "secao",
    "subseção",
    "subsecao",
    "subsección",
    "libro",
    "livro",
    "chapter",
    "part",
    "parte",
    "disposiciones",
    "disposición",
    "disposicion",
    "disposições",
    "disposicoes",
    "disposição",
    "anexo",
    "annex",
    "schedule",
];

/// Strips Markdown and indentation from the start of a line; returns the byte offset of the
/// first meaningful character.
fn content_start(line: &str) -> usize {
    let mut i = 0;
    let b = line.as_bytes();
    loop {
        let before = i;
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'>') {
            i += 1;
        }
        while i < b.len() && b[i] == b'#' {
            i += 1;
        }
        while i < b.len() && matches!(b[i], b'*' | b'_') {
            i += 1;
        }
        if i == before {
            return i;
        }
    }
}

/// Whether `s` starts with `word` (written in lower case) in capitalised or upper case
/// ("Artículo", "ARTÍCULO"); returns the byte length matched.
fn starts_with_word(s: &str, word: &str) -> Option<usize> {
    let mut sc = s.char_indices();
    let mut upper_all = true;
    let mut cap_rest = true;
    let mut end = 0;
    for (i, w) in word.chars().enumerate() {
        let (at, c) = sc.next()?;
        end = at + c.len_utf8();
        let mut up = w.to_uppercase();
        let is_upper = up.next() == Some(c) && up.next().is_none();
        if i == 0 {
            if !is_upper {
                return None;
            }
        } else {
            upper_all &= is_upper;
            cap_rest &= c == w;
        }
        if !upper_all && !cap_rest {
            return None;
        }
    }
    Some(end)
}

fn skip_spaces(s: &str, mut i: usize) -> usize {
    while s[i..].starts_with([' ', '\t']) {
        i += 1;
    }
    i
}

const LATIN_SUFFIXES: &[&str] = &[
    "bis",
    "ter",
    "quater",
    "quáter",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "novies",
    "decies",
];

/// Whether a folded word is a Latin suffix of an article number ("bis", "ter", "quater").
pub fn is_latin_suffix(w: &str) -> bool {
    LATIN_SUFFIXES.contains(&w)
}

/// Parses an article number at the start of `s`: digits with an ordinal marker and a suffix,
/// an ordinal in words, or a Roman numeral. Returns (key, bytes used).
fn parse_number(s: &str) -> Option<(String, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let mut key = s[..digits].trim_start_matches('0').to_string();
        if key.is_empty() {
            key.push('0');
        }
        let mut i = digits;
        // Ordinal marker: "9º", "14.º", "2°", "1o" (typed without the symbol).
        for m in [".º", "º", "°", "ª"] {
            if s[i..].starts_with(m) {
                i += m.len();
                break;
            }
        }
        if s[i..].starts_with('o') && !s[i + 1..].starts_with(|c: char| c.is_alphabetic()) {
            i += 1;
        }
        // A sub-number: "14.2" (but not "14. Text").
        if s[i..].starts_with('.') {
            let sub = s[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
            if sub > 0 {
                key.push('.');
                key.push_str(&s[i + 1..i + 1 + sub]);
                i += 1 + sub;
            }
        }
        // "-A", "A" (attached), " bis", "-BIS", then a letter: "588 bis a", "226 A".
        let rest = &s[i..];
        let hyphen = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix('‑'))
            .map(|r| rest.len() - r.len());
        let word_at =
            |j: usize| -> String { s[j..].chars().take_while(|c| c.is_alphabetic()).collect() };
        if let Some(h) = hyphen
            && let Some(c) = rest[h..].chars().next()
            && c.is_ascii_uppercase()
            && !rest[h + 1..].starts_with(|x: char| x.is_alphabetic())
        {
            key.push(c.to_ascii_lowercase());
            i += h + 1;
        } else if let Some(c) = rest.chars().next()
            && c.is_ascii_uppercase()
            && !rest[1..].starts_with(|x: char| x.is_alphabetic())
        {
            key.push(c.to_ascii_lowercase());
            i += 1;
        } else {
            let j = match hyphen {
                Some(h) => i + h,
                None => skip_spaces(s, i),
            };
            let word = word_at(j);
            let lw = word.to_lowercase();
            if j > i && LATIN_SUFFIXES.contains(&lw.as_str()) {
                key.push_str(&fold(&lw));
                i = j + word.len();
            }
            // A letter after a space ends the number when nothing but punctuation follows
            // it: "588 bis a.", "226 A" (not "9º A interceptação", nor "arts. 14 a 16").
            let j = skip_spaces(s, i);
            let word = word_at(j);
            if j > i && word.chars().count() == 1 {
                let after = &s[j + word.len()..];
                let ends = after.is_empty()
                    || after.starts_with(['.', ',', ':', ')', '\r', '\n', '*', '_'])
                    || after
                        .trim_start_matches([' ', '\t'])
                        .starts_with(['-', '–', '—'])
                    || after.trim().is_empty();
                if ends {
                    key.push_str(&fold(&word));
                    i = j + word.len();
                }
            }
        }
        return Some((key, i));
    }
    // Words: up to three, the longest that reads as an ordinal.
    let mut ends = Vec::new();
    let mut i = 0;
    for _ in 0..3 {
        let j = skip_spaces(s, i);
        let w = s[j..]
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map(|(k, _)| j + k)
            .unwrap_or(s.len());
        if w == j {
            break;
        }
        ends.push(w);
        i = w;
    }
    for &end in ends.iter().rev() {
        let words: Vec<String> = s[..end].split_whitespace().map(fold).collect();
        if let Some(n) = ordinal(&words.concat()) {
            return Some((n, end));
        }
    }
    if let Some(&end) = ends.first() {
        let w = &s[..end];
        if w.chars().all(|c| "IVXLC".contains(c))
            && let Some(n) = roman(w)
        {
            return Some((n.to_string(), end));
        }
    }
    None
}

/// The value of a Roman numeral written in capitals.
pub fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let v = |c: char| match c {
        'I' | 'i' => 1,
        'V' | 'v' => 5,
        'X' | 'x' => 10,
        'L' | 'l' => 50,
        'C' | 'c' => 100,
        _ => 0,
    };
    let vals: Vec<u32> = s.chars().map(v).collect();
    if vals.contains(&0) {
        return None;
    }
    let mut total = 0;
    for (i, &x) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|&n| n > x) {
            total -= x as i64;
        } else {
            total += x as i64;
        }
    }
    (total > 0).then_some(total as u32)
}

/// An ordinal written in Spanish or Portuguese words, folded and without spaces
/// ("decimocuarto", "vigesimoprimero", "unico"), as an article key.
pub fn ordinal(s: &str) -> Option<String> {
    const UNITS: &[(&str, u32)] = &[
        ("primero", 1),
        ("primer", 1),
        ("primeiro", 1),
        ("segundo", 2),
        ("tercero", 3),
        ("tercer", 3),
        ("terceiro", 3),
        ("cuarto", 4),
        ("quarto", 4),
        ("quinto", 5),
        ("sexto", 6),
        ("septimo", 7),
        ("setimo", 7),
        ("octavo", 8),
        ("oitavo", 8),
        ("noveno", 9),
        ("nono", 9),
    ];
    const TENS: &[(&str, u32)] = &[
        ("decimo", 10),
        ("vigesimo", 20),
        ("trigesimo", 30),
        ("cuadragesimo", 40),
        ("quadragesimo", 40),
        ("quincuagesimo", 50),
        ("quinquagesimo", 50),
        ("sexagesimo", 60),
        ("septuagesimo", 70),
        ("setuagesimo", 70),
        ("octogesimo", 80),
        ("nonagesimo", 90),
    ];
    match s {
        "unico" | "unica" => return Some("unico".into()),
        "undecimo" => return Some("11".into()),
        "duodecimo" => return Some("12".into()),
        _ => {}
    }
    let unit = |r: &str| UNITS.iter().find(|(w, _)| *w == r).map(|(_, n)| *n);
    if let Some(n) = unit(s) {
        return Some(n.to_string());
    }
    for (t, n) in TENS {
        if let Some(rest) = s.strip_prefix(t) {
            if rest.is_empty() {
                return Some(n.to_string());
            }
            if let Some(u) = unit(rest) {
                return Some((n + u).to_string());
            }
        }
    }
    None
}

/// If `line` is an article heading, returns (label end within the line, key).
fn article_heading(line: &str) -> Option<(usize, usize, String)> {
    let start = content_start(line);
    let rest = &line[start..];
    let kw_len = ARTICLE_WORDS
        .iter()
        .find_map(|w| starts_with_word(rest, w))?;
    let mut i = kw_len;
    // "Art" without a dot must be followed by a space; the others by a space or a digit.
    let after = &rest[i..];
    if !(after.starts_with([' ', '\t', '\u{a0}'])
        || after.starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    i = skip_spaces(rest, i);
    if rest[i..].starts_with('\u{a0}') {
        i += '\u{a0}'.len_utf8();
    }
    // "N°", "Nº", "No.", "núm."
    for n in ["N°", "Nº", "N.º", "No.", "Nro.", "núm.", "Núm."] {
        if rest[i..].starts_with(n) {
            i = skip_spaces(rest, i + n.len());
            break;
        }
    }
    let (key, used) = parse_number(&rest[i..])?;
    let label_end = i + used;
    // What follows must end the heading.
    let tail = rest[label_end..].trim_start_matches([' ', '\t']);
    let ok = match tail.chars().next() {
        None | Some('\r') => true,
        Some(c) => {
            ".:-–—)*_".contains(c)
                || c.is_uppercase()
                || c == '('
                || c == '"'
                || c == '“'
                || c == '«'
        }
    };
    if !ok {
        return None;
    }
    Some((start, start + label_end, key))
}

/// Whether a line ends a quotation: its last character (before a final "(NR)", "." or ";")
/// is a closing quotation mark.
fn closes_quote(line: &str) -> bool {
    let t = line.trim_end();
    let t = t.strip_suffix("(NR)").unwrap_or(t).trim_end();
    let t = t.trim_end_matches(['.', ';', ',']);
    t.ends_with(['"', '”', '»', '\''])
}

/// Whether a line opens with a quotation mark.
fn opens_quote(line: &str) -> bool {
    line.trim_start()
        .starts_with(['"', '“', '«', '\'', '‘', '„'])
}

/// If `line` opens with a quotation mark and an article heading (an amending bill quoting
/// the new text of another law's article), returns the heading's span in the line.
fn quoted_heading(line: &str) -> Option<(usize, usize)> {
    let start = line.len() - line.trim_start().len();
    let rest = &line[start..];
    let q = ['"', '“', '«', '\'', '‘', '„']
        .iter()
        .find(|q| rest.starts_with(**q))?;
    let inner_start = start + q.len_utf8();
    let (hs, he, _) = article_heading(&line[inner_start..])?;
    Some((inner_start + hs, inner_start + he))
}

/// How high a division heading ranks: a book above a title, a title above a chapter, a chapter
/// above a section.
fn division_rank(line: &str) -> u8 {
    let start = content_start(line);
    let w: String = line[start..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    match fold(&w).as_str() {
        "libro" | "livro" | "book" => 1,
        "titulo" | "title" | "part" | "parte" => 2,
        "capitulo" | "chapter" | "disposiciones" | "disposicion" | "disposicoes" | "disposicao"
        | "anexo" | "annex" | "schedule" => 3,
        "seccion" | "secao" | "section" => 4,
        _ => 5,
    }
}

fn division_heading(line: &str) -> bool {
    let start = content_start(line);
    let rest = &line[start..];
    DIVISION_WORDS.iter().any(|w| {
        starts_with_word(rest, w).is_some_and(|n| {
            let tail = &rest[n..];
            // A word must end there; for "Parte"/"Part"/"Title", something must follow that
            // reads as a number or an all-capitals heading.
            let next = tail.chars().next();
            if next.is_some_and(|c| c.is_alphanumeric()) {
                return false;
            }
            let t = tail.trim();
            if t.is_empty() {
                return rest[..n].chars().all(|c| !c.is_lowercase());
            }
            let first = t.split_whitespace().next().unwrap_or("");
            let numeral = first.trim_end_matches(['.', ':', '-']);
            // "V-A": a numeral with a letter.
            let numeral = match numeral.split_once('-') {
                Some((n, l)) if l.len() == 1 => n,
                _ => numeral,
            };
            first.starts_with(|c: char| c.is_ascii_digit())
                || roman(numeral).is_some()
                || ordinal(&fold(first)).is_some()
                || rest[..n].chars().all(|c| !c.is_lowercase())
                || matches!(
                    fold(first).as_str(),
                    "final"
                        | "finales"
                        | "transitoria"
                        | "transitorias"
                        | "adicional"
                        | "adicionales"
                        | "derogatoria"
                        | "finais"
                        | "transitorias e"
                        | "preliminar"
                        | "preliminares"
                        | "gerais"
                        | "generales"
                        | "general"
                )
        })
    })
}

fn paragraph_marker(line: &str) -> Option<String> {
    let start = content_start(line);
    let mut rest = &line[start..];
    if let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("* ")) {
        rest = r.trim_start();
    }
    // "§ 2º", "§2°"
    if let Some(r) = rest.strip_prefix('§') {
        let r = r.trim_start();
        let (key, _) = parse_number(r)?;
        return Some(key);
    }
    if rest.starts_with(['P', 'p']) {
        let lower = fold(&rest.chars().take(20).collect::<String>());
        for p in ["paragrafo unico", "parrafo unico"] {
            if lower.starts_with(p) {
                return Some("unico".into());
            }
        }
        for p in ["paragrafo ", "parrafo ", "paragraph "] {
            if let Some(r) = lower.strip_prefix(p) {
                let n: String = r.chars().take_while(char::is_ascii_digit).collect();
                if !n.is_empty() {
                    return Some(n);
                }
            }
        }
    }
    // "(3)", "(a)", "(iv)"
    if let Some(r) = rest.strip_prefix('(')
        && let Some(end) = r.find(')')
    {
        let inner = &r[..end];
        if !inner.is_empty() && inner.len() <= 4 && inner.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Some(inner.to_ascii_lowercase());
        }
    }
    // "3.", "3)", "3.-", "a)", "b."
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let lead = if digits > 0 {
        digits
    } else if rest.starts_with(|c: char| c.is_ascii_lowercase()) {
        1
    } else {
        0
    };
    if lead > 0 && lead <= 3 {
        let after = &rest[lead..];
        if (after.starts_with(')') || after.starts_with(". ") || after.starts_with(".-"))
            && !(digits == 0 && after.starts_with('.') && !after.starts_with(". "))
        {
            return Some(rest[..lead].to_string());
        }
    }
    // "III -", "IV –", "II."
    let roman_len = rest.bytes().take_while(|b| b"IVXLC".contains(b)).count();
    if roman_len > 0 {
        let after = rest[roman_len..].trim_start_matches([' ', '\t']);
        if (after.starts_with(['-', '–', '—']) || rest[roman_len..].starts_with(". "))
            && let Some(n) = roman(&rest[..roman_len])
        {
            let _ = n;
            return Some(rest[..roman_len].to_ascii_lowercase());
        }
    }
    None
}

/// The lines of a text with their byte offsets (without line endings).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = offset;
        offset += l.len();
        (start, l.trim_end_matches(['\n', '\r']))
    })
}

/// Splits a text into segments.
pub fn segment(text: &str) -> Vec<Article> {
    let mut out: Vec<Article> = Vec::new();
    let mut division: Option<String> = None;
    // The headings in force, with their rank, outermost first.
    let mut divisions: Vec<(u8, String)> = Vec::new();
    // The same chain, shared by the articles under it.
    let mut chain: std::sync::Arc<[String]> = std::sync::Arc::from([]);
    // The segment being built.
    let mut current: Option<Article> = None;
    let all: Vec<(usize, &str)> = lines(text).collect();
    let mut i = 0;
    let close = |cur: &mut Option<Article>, end: usize, out: &mut Vec<Article>| {
        if let Some(mut a) = cur.take() {
            a.span.end = end;
            let body = &text[a.span.clone()];
            if !body.trim().is_empty() {
                out.push(a);
            }
        }
    };
    // The article that quotes the articles of another law, while inside it, and whether the
    // quotation is still open (its articles may then start without a quotation mark).
    let mut quoting: Option<(usize, String)> = None;
    let mut quote_open = false;
    while i < all.len() {
        let (ls, line) = all[i];
        // Every heading starts with one of these capitals or a quotation mark: skip the others.
        let first = line[content_start(line)..].chars().next();
        let may_head = first.is_some_and(|c| "ASCTLPD\"“«'‘„".contains(c));
        if !may_head {
            if let Some(a) = current.as_mut() {
                if a.kind == SegmentKind::Article
                    && let Some(key) = paragraph_marker(line)
                {
                    a.paragraphs.push(Paragraph {
                        key,
                        start: ls + content_start(line),
                    });
                }
            } else if !line.trim().is_empty() && out.is_empty() {
                current = Some(Article {
                    kind: SegmentKind::Preamble,
                    label: String::new(),
                    key: None,
                    span: ls..text.len(),
                    paragraphs: Vec::new(),
                    division: None,
                    divisions: std::sync::Arc::from([]),
                    parent: None,
                });
            }
            if quote_open && closes_quote(line) {
                quote_open = false;
            }
            i += 1;
            continue;
        }
        let continued = quote_open && quoting.is_some();
        if quote_open && closes_quote(line) {
            quote_open = false;
        }
        let heading_in_quote = if continued {
            article_heading(line).map(|(hs, he, _)| (hs, he))
        } else {
            None
        };
        if let Some((hs, he)) = quoted_heading(line).or(heading_in_quote)
            && (quoting.is_some()
                || current
                    .as_ref()
                    .is_some_and(|a| a.kind == SegmentKind::Article))
        {
            // An article of another law, quoted by an amending article: a segment of its own
            // inside the amending one.
            let outer = match (&quoting, &current) {
                (Some(q), _) => q.clone(),
                (None, Some(a)) => (out.len(), a.label.clone()),
                (None, None) => unreachable!("checked above"),
            };
            close(&mut current, ls, &mut out);
            let (parent, outer_label) = outer;
            current = Some(Article {
                kind: SegmentKind::Article,
                label: format!("{outer_label} › {}", line[hs..he].trim()),
                key: None,
                span: ls..text.len(),
                paragraphs: Vec::new(),
                division: division.clone(),
                divisions: chain.clone(),
                parent: Some(parent),
            });
            quoting = Some((parent, outer_label));
            if !continued {
                quote_open = !closes_quote(line);
            }
        } else if let Some((hs, he, key)) = article_heading(line) {
            close(&mut current, ls, &mut out);
            quoting = None;
            current = Some(Article {
                kind: SegmentKind::Article,
                label: line[hs..he].trim().to_string(),
                key: Some(key),
                span: ls..text.len(),
                paragraphs: Vec::new(),
                division: division.clone(),
                divisions: chain.clone(),
                parent: None,
            });
        } else if division_heading(line) {
            quoting = None;
            close(&mut current, ls, &mut out);
            let mut title = line[content_start(line)..]
                .trim()
                .trim_end_matches(['*', '_'])
                .trim()
                .to_string();
            // A title on the next line ("CAPÍTULO III" / "DE LA INTERCEPTACIÓN").
            let mut j = i + 1;
            while j < all.len() && all[j].1.trim().is_empty() {
                j += 1;
            }
            if j < all.len() {
                let next = all[j].1;
                let t = next[content_start(next)..]
                    .trim()
                    .trim_end_matches(['*', '_'])
                    .trim();
                let bare = line[content_start(line)..].split_whitespace().count() <= 2;
                if !t.is_empty()
                    && t.chars().count() <= 120
                    && article_heading(next).is_none()
                    && (bare || !division_heading(next))
                    && (t.chars().all(|c| !c.is_lowercase())
                        || !t.ends_with(['.', ';', ':'])
                        || bare)
                {
                    title.push_str(" — ");
                    title.push_str(t);
                    i = j;
                }
            }
            division = Some(title.clone());
            let rank = division_rank(line);
            while divisions.last().is_some_and(|(r, _)| *r >= rank) {
                divisions.pop();
            }
            divisions.push((rank, title.clone()));
            chain = divisions.iter().map(|(_, t)| t.clone()).collect();
            current = Some(Article {
                kind: SegmentKind::Division,
                label: title,
                key: None,
                span: ls..text.len(),
                paragraphs: Vec::new(),
                division: None,
                divisions: std::sync::Arc::from([]),
                parent: None,
            });
            // The heading alone is not a segment: only keep it if text follows.
            let (next_start, _) = all.get(i + 1).copied().unwrap_or((text.len(), ""));
            if let Some(a) = current.as_mut() {
                a.span.start = next_start.min(text.len());
            }
        } else if let Some(a) = current.as_mut() {
            if a.kind == SegmentKind::Article
                && let Some(key) = paragraph_marker(line)
            {
                a.paragraphs.push(Paragraph {
                    key,
                    start: ls + content_start(line),
                });
            }
            // A quotation that opens before its first heading ("“ Associação Criminosa" on
            // the line above "Art. 288."): the headings until it closes are quoted.
            if a.kind == SegmentKind::Article
                && a.parent.is_none()
                && opens_quote(line)
                && !closes_quote(line)
            {
                quoting = Some((out.len(), a.label.clone()));
                quote_open = true;
            }
        } else if !line.trim().is_empty() && out.is_empty() {
            current = Some(Article {
                kind: SegmentKind::Preamble,
                label: String::new(),
                key: None,
                span: ls..text.len(),
                paragraphs: Vec::new(),
                division: None,
                divisions: std::sync::Arc::from([]),
                parent: None,
            });
        }
        i += 1;
    }
    close(&mut current, text.len(), &mut out);
    if !out.iter().any(|a| a.kind == SegmentKind::Article) {
        return blocks(text);
    }
    out
}

/// Blocks of text separated by blank lines, for files without articles.
fn blocks(text: &str) -> Vec<Article> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let push = |s: usize, e: usize, out: &mut Vec<Article>| {
        let n = out.len() + 1;
        out.push(Article {
            kind: SegmentKind::Block,
            label: format!("¶ {n}"),
            key: None,
            span: s..e,
            paragraphs: Vec::new(),
            division: None,
            divisions: std::sync::Arc::from([]),
            parent: None,
        });
    };
    for (ls, line) in lines(text) {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                push(s, end, &mut out);
            }
        } else {
            if start.is_none() {
                start = Some(ls);
            }
            end = (ls + line.len() + 1).min(text.len());
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
}

// ------------------------------------------------------------------------------ references

/// One article named by a reference, with the paragraphs it names inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRef {
    /// The normalised article number, as in [`Article::key`].
    pub key: String,
    /// Normalised paragraph numbers, outermost first: `Art. 14(3)(b)` → `["3", "b"]`.
    pub paragraphs: Vec<String>,
}

/// Reads the articles an evidence reference names: "Art. 14(3)", "Artículo 14", "art. 14, § 3º",
/// "Arts. 14 y 15", "arts. 14-16", "Artigo 9º, parágrafo único", "Section 14(2)(b)",
/// "Art. 10-A", "Artículo decimocuarto". Returns an empty list when the text names no article
/// number (e.g. "Preamble"), which callers report as not checked.
pub fn parse_reference(s: &str) -> Vec<ArticleRef> {
    let mut out: Vec<ArticleRef> = Vec::new();
    let lower = s.to_lowercase();
    // Where the numbers start: after an article keyword, or at the start for "14(3)".
    let keywords = [
        "artículos",
        "articulos",
        "artículo",
        "articulo",
        "artigos",
        "artigo",
        "articles",
        "article",
        "sections",
        "section",
        "arts.",
        "art.",
        "arts",
        "art",
        "secs.",
        "sec.",
        "ss.",
        "s.",
    ];
    let mut pos = None;
    for k in keywords {
        if let Some(i) = lower.find(k) {
            let before_ok = i == 0 || !lower[..i].ends_with(|c: char| c.is_alphabetic());
            let after = &lower[i + k.len()..];
            let after_ok = !after.starts_with(|c: char| c.is_alphabetic());
            if before_ok && after_ok {
                pos = Some(i + k.len());
                break;
            }
        }
    }
    let mut i = match pos {
        Some(p) => p,
        None if s.trim_start().starts_with(|c: char| c.is_ascii_digit()) => {
            s.len() - s.trim_start().len()
        }
        None => return out,
    };
    // Keep byte positions of `s` (lowercasing may change lengths for non-ASCII).
    if lower.len() != s.len() {
        i = s
            .char_indices()
            .map(|(b, _)| b)
            .find(|&b| b >= i)
            .unwrap_or(s.len());
    }
    let mut range_from: Option<u32> = None;
    loop {
        i = skip_ws_punct(s, i, &[' ', '\t', '\u{a0}']);
        for n in ["N°", "Nº", "nº", "n.º", "No.", "núm."] {
            if s[i..].starts_with(n) {
                i = skip_ws_punct(s, i + n.len(), &[' ']);
            }
        }
        let Some((key, used)) = parse_number(&s[i..]) else {
            break;
        };
        i += used;
        if let Some(from) = range_from.take()
            && let Ok(to) = key.parse::<u32>()
            && to > from
            && to - from <= 100
        {
            for n in from + 1..=to {
                out.push(ArticleRef {
                    key: n.to_string(),
                    paragraphs: Vec::new(),
                });
            }
            continue;
        }
        let mut r = ArticleRef {
            key,
            paragraphs: Vec::new(),
        };
        // Paragraph parts.
        loop {
            let j = skip_ws_punct(s, i, &[' ', '\t']);
            let rest = &s[j..];
            if let Some(inner) = rest.strip_prefix('(') {
                if let Some(end) = inner.find(')') {
                    let p = inner[..end].trim();
                    if !p.is_empty() && p.chars().all(|c| c.is_alphanumeric()) {
                        r.paragraphs.push(p.to_lowercase());
                        i = j + 1 + end + 1;
                        continue;
                    }
                }
                break;
            }
            let k = skip_ws_punct(s, j, &[',', ' ', '\t']);
            let rest = &s[k..];
            if let Some(r2) = rest.strip_prefix('§') {
                let r2s = r2.trim_start();
                if let Some((p, used)) = parse_number(r2s) {
                    r.paragraphs.push(p);
                    i = k + '§'.len_utf8() + (r2.len() - r2s.len()) + used;
                    continue;
                }
            }
            let word_end = rest
                .char_indices()
                .find(|(_, c)| !(c.is_alphabetic() || *c == '.'))
                .map(|(n, _)| n)
                .unwrap_or(rest.len());
            let word = fold(&rest[..word_end]);
            let is_para_word = matches!(
                word.as_str(),
                "paragrafo"
                    | "parrafo"
                    | "paragraph"
                    | "para"
                    | "par"
                    | "inciso"
                    | "inc"
                    | "numeral"
                    | "num"
                    | "apartado"
                    | "item"
                    | "alinea"
                    | "letra"
                    | "literal"
                    | "subsection"
                    | "subsec"
            );
            if is_para_word {
                let m = skip_ws_punct(s, k + word_end, &[' ', '\t', '.']);
                let tail = &s[m..];
                if fold(&tail.chars().take(6).collect::<String>()).starts_with("unico") {
                    r.paragraphs.push("unico".into());
                    i = m + tail
                        .char_indices()
                        .find(|(_, c)| !c.is_alphabetic())
                        .map(|(n, _)| n)
                        .unwrap_or(tail.len());
                    continue;
                }
                let tok_end = tail
                    .char_indices()
                    .find(|(_, c)| !c.is_alphanumeric())
                    .map(|(n, _)| n)
                    .unwrap_or(tail.len());
                if tok_end > 0 {
                    let tok = &tail[..tok_end];
                    let key = if tok.chars().all(|c| c.is_ascii_digit()) {
                        tok.trim_start_matches('0').to_string()
                    } else {
                        tok.to_lowercase()
                    };
                    r.paragraphs.push(key);
                    i = m + tok_end;
                    // "º" after a paragraph number.
                    for m2 in ["º", "°"] {
                        if s[i..].starts_with(m2) {
                            i += m2.len();
                        }
                    }
                    continue;
                }
                break;
            }
            // A Roman numeral after a comma (Portuguese "art. 9, III").
            if k > j
                && s[j..k].contains(',')
                && word_end > 0
                && rest[..word_end].chars().all(|c| "IVXLC".contains(c))
            {
                r.paragraphs.push(rest[..word_end].to_lowercase());
                i = k + word_end;
                continue;
            }
            break;
        }
        out.push(r);
        // Another article? "y", "e", "and", ",", "&", "/", or a range "-", "a", "al", "to".
        let j = skip_ws_punct(s, i, &[' ', '\t']);
        let rest = &s[j..];
        let mut next = None;
        for (sep, range) in [
            ("-", true),
            ("–", true),
            (" a ", true),
            (" al ", true),
            (" to ", true),
            (",", false),
            ("&", false),
            ("/", false),
            (";", false),
        ] {
            let t = sep.trim();
            let probe = if sep.starts_with(' ') {
                rest.strip_prefix(t).filter(|r| r.starts_with(' '))
            } else {
                rest.strip_prefix(t)
            };
            if let Some(r) = probe {
                next = Some((s.len() - r.len(), range));
                break;
            }
        }
        if next.is_none() {
            for w in ["y", "e", "and", "et"] {
                if let Some(r) = rest.strip_prefix(w)
                    && r.starts_with([' ', '\t'])
                {
                    next = Some((s.len() - r.len(), false));
                    break;
                }
            }
        }
        match next {
            Some((n, range)) => {
                let after = skip_ws_punct(s, n, &[' ', '\t']);
                // "y 15", "and art. 15": skip a repeated keyword.
                let mut a = after;
                for k in [
                    "arts.",
                    "art.",
                    "artículo",
                    "articulo",
                    "artigo",
                    "article",
                    "section",
                ] {
                    if s[a..].to_lowercase().starts_with(k) {
                        a = skip_ws_punct(s, a + k.len(), &[' ', '\t']);
                        break;
                    }
                }
                if !s[a..].starts_with(|c: char| c.is_ascii_digit() || c.is_alphabetic()) {
                    break;
                }
                if parse_number(&s[a..]).is_none() {
                    break;
                }
                if range {
                    range_from = out.last().and_then(|r| r.key.parse().ok());
                }
                i = a;
            }
            None => break,
        }
    }
    out
}

fn skip_ws_punct(s: &str, mut i: usize, set: &[char]) -> usize {
    while let Some(c) = s[i..].chars().next() {
        if set.contains(&c) {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, String)> {
        segment(text)
            .into_iter()
            .filter(|a| a.kind == SegmentKind::Article && a.parent.is_none())
            .map(|a| (a.key.unwrap(), a.label))
            .collect()
    }

    #[test]
    fn spanish_headings() {
        let text = "PROYECTO DE LEY\n\nArtículo 1.- Objeto. Esta ley regula...\nconforme al\nartículo 14 de la Ley 19.223.\n\
                    ARTÍCULO 2°. Definiciones.\nArt. 3.- Ámbito.\n**Artículo 14 bis.** Urgencia.\n\
                    ARTÍCULO DECIMOCUARTO\nTexto.\nArtículo vigésimo primero: Texto.\nArtículo único. Texto.\n";
        assert_eq!(
            keys(text),
            [
                ("1".into(), "Artículo 1".into()),
                ("2".into(), "ARTÍCULO 2°".into()),
                ("3".into(), "Art. 3".into()),
                ("14bis".into(), "Artículo 14 bis".into()),
                ("14".into(), "ARTÍCULO DECIMOCUARTO".into()),
                ("21".into(), "Artículo vigésimo primero".into()),
                ("unico".into(), "Artículo único".into()),
            ]
        );
        // The reference wrapped to the start of a line stays in article 1.
        let segs = segment(text);
        let a1 = segs.iter().find(|a| a.key.as_deref() == Some("1")).unwrap();
        assert!(text[a1.span.clone()].contains("artículo 14 de la Ley"));
        assert_eq!(segs[0].kind, SegmentKind::Preamble);
    }

    #[test]
    fn portuguese_headings_and_paragraphs() {
        let text = "Art. 1º Esta Lei dispõe sobre...\n\nArt. 9º A interceptação...\n\
                    § 1º O pedido...\n§ 2º-A Em caso...\nParágrafo único. Texto.\nI - dados;\nII – conteúdo;\n\
                    Art. 10-A. Texto.\nArt. 10. Texto.\nArtigo 14.º Texto\n“Art. 15. Texto citado.”\n";
        assert_eq!(
            keys(text),
            [
                ("1".into(), "Art. 1º".into()),
                ("9".into(), "Art. 9º".into()),
                ("10a".into(), "Art. 10-A".into()),
                ("10".into(), "Art. 10".into()),
                ("14".into(), "Artigo 14.º".into()),
            ]
        );
        let segs = segment(text);
        let a9 = segs.iter().find(|a| a.key.as_deref() == Some("9")).unwrap();
        let ps: Vec<&str> = a9.paragraphs.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(ps, ["1", "2a", "unico", "i", "ii"]);
        // The quoted article of an amended law is a segment inside the amending article.
        let i14 = segs
            .iter()
            .position(|a| a.key.as_deref() == Some("14"))
            .unwrap();
        let quoted = segs
            .iter()
            .find(|a| a.label == "Artigo 14.º › Art. 15")
            .unwrap();
        assert_eq!(quoted.parent, Some(i14));
        assert_eq!(quoted.key, None);
        assert!(text[quoted.span.clone()].contains("Texto citado."));
        let bill = Bill::from_text("b.txt", text);
        let f = &bill.files[0];
        let at = f.article_at(text.find("Texto citado").unwrap()).unwrap();
        assert_eq!(f.lineage(at), [at, i14]);
        assert_eq!(f.article_count(), 5);
    }

    #[test]
    fn letters_and_latin_suffixes_after_the_number() {
        let text = "##### Artículo 588 bis a. Principios.\nTexto.\n##### Artículo 588 ter k. Otro.\n\
                    #### Artículo 226 A\nA.- Ámbito.\n#### Artículo 225 QUÁTER\nTexto.\n\
                    ##### Artículo 52-BIS\n(Decomiso).- Texto.\nArt. 9º A interceptação será feita.\n";
        assert_eq!(
            keys(text),
            [
                ("588bisa".into(), "Artículo 588 bis a".into()),
                ("588terk".into(), "Artículo 588 ter k".into()),
                ("226a".into(), "Artículo 226 A".into()),
                ("225quater".into(), "Artículo 225 QUÁTER".into()),
                ("52bis".into(), "Artículo 52-BIS".into()),
                ("9".into(), "Art. 9º".into()),
            ]
        );
        // A range in a reference is not a letter suffix.
        assert_eq!(
            refs("arts. 14 a 16"),
            [r("14", &[]), r("15", &[]), r("16", &[])]
        );
        assert_eq!(refs("Artículo 588 bis a"), [r("588bisa", &[])]);
    }

    #[test]
    fn a_quotation_opened_above_its_heading_stays_in_the_quoting_article() {
        let text = "Art. 24. O art. 288 passa a vigorar com a seguinte redação:\n\
                    “ Associação Criminosa\nArt. 288. Associarem-se 3 pessoas.\nPena - reclusão.” (NR)\n\
                    Art. 25. Texto.\nSeção V-A\nDa Infiltração\nArt. 26. Texto.\n";
        assert_eq!(
            keys(text),
            [
                ("24".into(), "Art. 24".into()),
                ("25".into(), "Art. 25".into()),
                ("26".into(), "Art. 26".into()),
            ]
        );
        let segs = segment(text);
        assert!(segs.iter().any(|a| a.label == "Art. 24 › Art. 288"));
        let a26 = segs
            .iter()
            .find(|a| a.key.as_deref() == Some("26"))
            .unwrap();
        assert_eq!(a26.division.as_deref(), Some("Seção V-A — Da Infiltração"));
        // Headings nest: a section inside a chapter keeps the chapter.
        let text = "CAPÍTULO V. La interceptación\nSección 1.ª Disposiciones generales\nArtículo 1. A.\n\
                    Sección 2.ª Otras\nArtículo 2. B.\nCAPÍTULO VI. Otro\nArtículo 3. C.\n";
        let segs = segment(text);
        let chain = |k: &str| {
            segs.iter()
                .find(|a| a.key.as_deref() == Some(k))
                .unwrap()
                .divisions
                .to_vec()
        };
        assert_eq!(
            chain("1"),
            [
                "CAPÍTULO V. La interceptación",
                "Sección 1.ª Disposiciones generales"
            ]
        );
        assert_eq!(
            chain("2"),
            ["CAPÍTULO V. La interceptación", "Sección 2.ª Otras"]
        );
        assert_eq!(chain("3"), ["CAPÍTULO VI. Otro"]);
    }

    #[test]
    fn english_headings_and_divisions() {
        let text = "# Cybercrime Bill\n\nPART 2\nINVESTIGATIVE POWERS\n\n## Section 14. Interception\n\n(1) A judge may...\n(2) The order...\n  (a) shall...\n\
                    Article 15\nText.\nSEC. 16. OVERSIGHT.\nText.\nChapter 3 — Remedies\nSection 17A. Text.\n";
        assert_eq!(
            keys(text),
            [
                ("14".into(), "Section 14".into()),
                ("15".into(), "Article 15".into()),
                ("16".into(), "SEC. 16".into()),
                ("17a".into(), "Section 17A".into()),
            ]
        );
        let segs = segment(text);
        let s14 = segs
            .iter()
            .find(|a| a.key.as_deref() == Some("14"))
            .unwrap();
        assert_eq!(
            s14.division.as_deref(),
            Some("PART 2 — INVESTIGATIVE POWERS")
        );
        let ps: Vec<&str> = s14.paragraphs.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(ps, ["1", "2", "a"]);
        let s16 = segs
            .iter()
            .find(|a| a.key.as_deref() == Some("16"))
            .unwrap();
        // Chapter 3 ends section 16.
        assert!(!text[s16.span.clone()].contains("Remedies"));
        let s17 = segs
            .iter()
            .find(|a| a.key.as_deref() == Some("17a"))
            .unwrap();
        assert_eq!(s17.division.as_deref(), Some("Chapter 3 — Remedies"));
    }

    #[test]
    fn files_without_articles_fall_back_to_blocks() {
        let segs = segment("First block\nstill first.\n\n\nSecond block.\n");
        assert_eq!(segs.len(), 2);
        assert!(segs.iter().all(|a| a.kind == SegmentKind::Block));
        assert_eq!(segs[1].label, "¶ 2");
    }

    fn refs(s: &str) -> Vec<(String, Vec<String>)> {
        parse_reference(s)
            .into_iter()
            .map(|r| (r.key, r.paragraphs))
            .collect()
    }

    fn r(k: &str, ps: &[&str]) -> (String, Vec<String>) {
        (k.into(), ps.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn reads_references() {
        assert_eq!(refs("Art. 14(3)"), [r("14", &["3"])]);
        assert_eq!(refs("Artículo 14"), [r("14", &[])]);
        assert_eq!(refs("art. 14, § 3º"), [r("14", &["3"])]);
        assert_eq!(refs("Arts. 14 y 15"), [r("14", &[]), r("15", &[])]);
        assert_eq!(
            refs("arts. 14-16"),
            [r("14", &[]), r("15", &[]), r("16", &[])]
        );
        assert_eq!(refs("Artigo 9º, parágrafo único"), [r("9", &["unico"])]);
        assert_eq!(refs("Section 14(2)(b)"), [r("14", &["2", "b"])]);
        assert_eq!(refs("Art. 10-A"), [r("10a", &[])]);
        assert_eq!(refs("Art. 14 bis"), [r("14bis", &[])]);
        assert_eq!(refs("Artículo decimocuarto"), [r("14", &[])]);
        assert_eq!(refs("art. 9, III"), [r("9", &["iii"])]);
        assert_eq!(refs("Artículo 14, inciso 2"), [r("14", &["2"])]);
        assert_eq!(refs("Art. 14.2"), [r("14.2", &[])]);
        assert_eq!(refs("14(3)"), [r("14", &["3"])]);
        assert_eq!(refs("Art. 9 and art. 12"), [r("9", &[]), r("12", &[])]);
        assert!(refs("Preamble").is_empty());
        assert!(refs("Exposición de motivos").is_empty());
    }

    #[test]
    fn resolves_references_in_a_bill() {
        let bill = Bill::from_text(
            "b.txt",
            "Artículo 14. Interceptación.\n1. El juez...\n2. La orden...\nArtículo 15. Otro.\n",
        );
        let ok = |s: &str| {
            parse_reference(s)
                .iter()
                .map(|r| bill.resolve(r))
                .collect::<Vec<_>>()
        };
        assert!(matches!(
            ok("Art. 14(2)")[0],
            RefOutcome::Found { ref missing_paragraphs, .. } if missing_paragraphs.is_empty()
        ));
        assert!(matches!(
            ok("Art. 14.2")[0],
            RefOutcome::Found { ref missing_paragraphs, .. } if missing_paragraphs.is_empty()
        ));
        assert!(matches!(
            ok("Art. 14(3)")[0],
            RefOutcome::Found { ref missing_paragraphs, .. } if missing_paragraphs == &["3".to_string()]
        ));
        assert_eq!(ok("Art. 16")[0], RefOutcome::NotFound);
    }

    #[test]
    fn ordinals_and_roman_numerals() {
        assert_eq!(ordinal("decimocuarto").as_deref(), Some("14"));
        assert_eq!(ordinal("vigesimoprimero").as_deref(), Some("21"));
        assert_eq!(ordinal("decimoprimeiro").as_deref(), Some("11"));
        assert_eq!(ordinal("primero").as_deref(), Some("1"));
        assert_eq!(ordinal("cuarenta"), None);
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(roman("IX"), Some(9));
        assert_eq!(roman("ABC"), None);
    }
}
