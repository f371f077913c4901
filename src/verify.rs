//! Evidence checked against the bill's own words: is each quote in the bill text (exactly, or
//! once whitespace, accents, quotation marks and case are normalised), in which article, and is
//! each article the evidence cites really in the bill?
//!
//! Owns: the quote search (exact, normalised, and quotes with omissions marked by `…` or
//! `[...]`), the closest passage offered for a quote that is not found, the check of article
//! references, the tally in [`BillCheck`], and the diagnostics that point at the quote or the
//! article in the answers file. Reading the bill and its articles is [`crate::bill`]'s job;
//! printing is the CLI's.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::bill::{Bill, RefOutcome, SegmentKind, parse_reference};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::fold::fold;
use crate::i18n::tr;
use crate::load::{self, escape_segment};
use crate::model::{AnswersFile, Evidence};
use crate::result::{
    ArticleCheck, ArticleStatus, BillCheck, BillFileInfo, BillLocation, Passage, QuoteCheck,
    QuoteStatus, Report, Verification,
};
use crate::source::SourceFile;

/// A place in the bill: file index and byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hit {
    file: usize,
    range: Range<usize>,
    exact: bool,
    fragments: usize,
}

/// The location of a byte range of a bill file.
pub fn location(bill: &Bill, file: usize, range: Range<usize>) -> BillLocation {
    let f = &bill.files[file];
    let pos = f.position(range.start);
    BillLocation {
        file: f.source.name.clone(),
        line: pos.line,
        column: pos.column,
        start: range.start,
        end: range.end,
        article: f
            .article_at(range.start)
            .map(|a| &f.articles[a])
            .filter(|a| a.kind != SegmentKind::Preamble)
            .map(|a| a.label.clone()),
    }
}

/// Removes surrounding whitespace and one pair of enclosing quotation marks.
fn trim_quote(q: &str) -> &str {
    let t = q.trim();
    for (open, close) in [
        ('«', '»'),
        ('“', '”'),
        ('"', '"'),
        ('\'', '\''),
        ('‘', '’'),
        ('„', '“'),
    ] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim();
        }
    }
    t
}

const ELLIPSES: &[&str] = &["[...]", "[…]", "(...)", "(…)", "...", "…"];

/// Splits a quote at omission marks.
fn fragments(q: &str) -> Vec<&str> {
    let mut parts = vec![q];
    for e in ELLIPSES {
        parts = parts.into_iter().flat_map(|p| p.split(e)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !fold(p).is_empty())
        .collect()
}

/// Every occurrence of one fragment: exact ones if any, else normalised ones.
fn occurrences(bill: &Bill, frag: &str) -> Vec<Hit> {
    let mut exact = Vec::new();
    for (fi, f) in bill.files.iter().enumerate() {
        for (i, m) in f.source.text.match_indices(frag) {
            exact.push(Hit {
                file: fi,
                range: i..i + m.len(),
                exact: true,
                fragments: 1,
            });
        }
    }
    if !exact.is_empty() {
        return exact;
    }
    let q = fold(frag);
    if q.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (fi, f) in bill.files.iter().enumerate() {
        for (i, m) in f.folded.text.match_indices(q.as_str()) {
            out.push(Hit {
                file: fi,
                range: f.folded.original_range(i..i + m.len()),
                exact: false,
                fragments: 1,
            });
        }
    }
    out
}

/// The greatest distance between the fragments of a quote with omissions, when the bill has
/// no articles to keep them together.
const FRAGMENT_SPAN: usize = 4000;

/// The pieces of a quote that are looked for: its fragments if it has omissions, else itself.
fn pieces(quote: &str) -> Vec<&str> {
    let q = trim_quote(quote);
    let frags = fragments(q);
    if frags.len() > 1 { frags } else { vec![q] }
}

/// Every occurrence of many fragments in one pass over each bill file (and a second pass over
/// the folded texts for the fragments with no exact occurrence), by fragment: the same hits as
/// [`occurrences`] gives for each, in the same order.
fn all_occurrences(bill: &Bill, frags: &[&str]) -> HashMap<String, Vec<Hit>> {
    let mut out: HashMap<String, Vec<Hit>> = HashMap::new();
    let mut patterns: Vec<&str> = frags.iter().copied().filter(|f| !f.is_empty()).collect();
    patterns.sort_unstable();
    patterns.dedup();
    if patterns.is_empty() {
        return out;
    }
    let exact = matches_by_pattern(&patterns, bill.files.iter().map(|f| f.source.text.as_str()));
    let mut missing = Vec::new();
    for (k, p) in patterns.iter().enumerate() {
        if exact[k].is_empty() {
            missing.push(*p);
            continue;
        }
        let hits = exact[k]
            .iter()
            .map(|(file, range)| Hit {
                file: *file,
                range: range.clone(),
                exact: true,
                fragments: 1,
            })
            .collect();
        out.insert((*p).to_string(), hits);
    }
    let folded: Vec<String> = missing.iter().map(|p| fold(p)).collect();
    let mut fpatterns: Vec<&str> = folded
        .iter()
        .map(String::as_str)
        .filter(|f| !f.is_empty())
        .collect();
    fpatterns.sort_unstable();
    fpatterns.dedup();
    let fmatches = matches_by_pattern(
        &fpatterns,
        bill.files.iter().map(|f| f.folded.text.as_str()),
    );
    for (p, fp) in missing.iter().zip(&folded) {
        let hits = match fpatterns.binary_search(&fp.as_str()) {
            Ok(k) => fmatches[k]
                .iter()
                .map(|(file, range)| Hit {
                    file: *file,
                    range: bill.files[*file].folded.original_range(range.clone()),
                    exact: false,
                    fragments: 1,
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        out.insert((*p).to_string(), hits);
    }
    out
}

/// For each pattern, its occurrences in the texts (text index, byte range) in order, not
/// overlapping one another (as `str::match_indices` finds them): one Aho-Corasick pass per text.
fn matches_by_pattern<'t>(
    patterns: &[&str],
    texts: impl Iterator<Item = &'t str>,
) -> Vec<Vec<(usize, Range<usize>)>> {
    let mut out: Vec<Vec<(usize, Range<usize>)>> = vec![Vec::new(); patterns.len()];
    if patterns.is_empty() {
        return out;
    }
    let Ok(ac) = aho_corasick::AhoCorasick::new(patterns) else {
        return out;
    };
    for (ti, text) in texts.enumerate() {
        // Overlapping matches come in order of their end; for one pattern that is the order of
        // their start too. Keep each one that begins after the previous one kept ends.
        let mut next_free = vec![0usize; patterns.len()];
        for m in ac.find_overlapping_iter(text) {
            let k = m.pattern().as_usize();
            if m.start() >= next_free[k] {
                next_free[k] = m.end();
                out[k].push((ti, m.start()..m.end()));
            }
        }
    }
    out
}

/// Occurrences of a quote with omissions: its fragments in order, within one article.
fn fragment_occurrences(
    bill: &Bill,
    frags: &[&str],
    occurrences: &dyn Fn(&str) -> Vec<Hit>,
) -> Vec<Hit> {
    let per: Vec<Vec<Hit>> = frags.iter().map(|f| occurrences(f)).collect();
    if per.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for first in &per[0] {
        let f = &bill.files[first.file];
        let limit = match f.article_at(first.range.start) {
            Some(a) => f.articles[a].span.end,
            None => first.range.start + FRAGMENT_SPAN,
        };
        let mut end = first.range.end;
        let mut exact = first.exact;
        let mut ok = true;
        for next in &per[1..] {
            match next
                .iter()
                .filter(|h| h.file == first.file && h.range.start >= end && h.range.end <= limit)
                .min_by_key(|h| h.range.start)
            {
                Some(h) => {
                    end = h.range.end;
                    exact &= h.exact;
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            out.push(Hit {
                file: first.file,
                range: first.range.start..end,
                exact,
                fragments: frags.len(),
            });
        }
    }
    out
}

/// The articles (file, segment index) that a reference names and the bill has.
fn cited_articles(bill: &Bill, checks: &[ArticleCheck]) -> Vec<(usize, usize)> {
    checks
        .iter()
        .filter_map(|c| {
            bill.article(&c.key)
                .or_else(|| c.key.split_once('.').and_then(|(a, _)| bill.article(a)))
        })
        .collect()
}

/// Checks the articles a reference names.
pub fn check_reference(bill: &Bill, article: &str) -> Vec<ArticleCheck> {
    if !bill.files.iter().any(|f| f.article_count() > 0) {
        return Vec::new();
    }
    parse_reference(article)
        .into_iter()
        .map(|r| match bill.resolve(&r) {
            RefOutcome::Found {
                file,
                article,
                missing_paragraphs,
            } => {
                let span = bill.files[file].articles[article].span.clone();
                ArticleCheck {
                    key: r.key,
                    paragraphs: r.paragraphs,
                    status: if missing_paragraphs.is_empty() {
                        ArticleStatus::Found
                    } else {
                        ArticleStatus::ParagraphNotFound
                    },
                    location: Some(location(bill, file, span.start..span.start)),
                    missing_paragraphs,
                }
            }
            RefOutcome::NotFound => ArticleCheck {
                key: r.key,
                paragraphs: r.paragraphs,
                status: ArticleStatus::NotFound,
                location: None,
                missing_paragraphs: Vec::new(),
            },
        })
        .collect()
}

/// A 64-bit FNV-1a hash of a word trigram (the three words with separators).
fn trigram_hash(a: &str, b: &str, c: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [a.as_bytes(), b" ", b.as_bytes(), b" ", c.as_bytes()] {
        for &x in part {
            h ^= u64::from(x);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The words of a folded text, as byte ranges.
fn word_spans(text: &str) -> Vec<(u32, u32)> {
    let mut spans = Vec::new();
    let mut pos = 0usize;
    for w in text.split(' ') {
        if !w.is_empty() {
            spans.push((pos as u32, (pos + w.len()) as u32));
        }
        pos += w.len() + 1;
    }
    spans
}

/// The word trigrams of one bill file's folded text, sorted by hash, so that the places a
/// quote's trigrams occur are found by binary search instead of by reading the whole text again
/// for every quote.
struct FileTrigrams {
    /// Word `k` of the folded text.
    words: Vec<(u32, u32)>,
    /// Trigram hashes, sorted; `positions[i]` is the first word of the trigram `hashes[i]`.
    hashes: Vec<u64>,
    positions: Vec<u32>,
}

impl FileTrigrams {
    fn new(folded: &str) -> Self {
        let words = word_spans(folded);
        let word = |k: usize| &folded[words[k].0 as usize..words[k].1 as usize];
        let mut pairs: Vec<(u64, u32)> = (0..words.len().saturating_sub(2))
            .map(|k| (trigram_hash(word(k), word(k + 1), word(k + 2)), k as u32))
            .collect();
        pairs.sort_unstable();
        let (hashes, positions) = pairs.into_iter().unzip();
        FileTrigrams {
            words,
            hashes,
            positions,
        }
    }

    /// The positions (first words) of every trigram whose hash is in `wanted`, in text order.
    fn hits(&self, wanted: &HashSet<u64>) -> Vec<usize> {
        let mut out = Vec::new();
        for h in wanted {
            let from = self.hashes.partition_point(|x| x < h);
            let to = self.hashes.partition_point(|x| x <= h);
            out.extend(self.positions[from..to].iter().map(|&p| p as usize));
        }
        out.sort_unstable();
        out
    }
}

/// Checks evidence against one bill, sharing the work between quotes: the word trigrams of the
/// bill are indexed once (on the first quote that is not found), so the closest passage of each
/// quote costs a few binary searches, not a pass over the text.
pub struct Verifier<'a> {
    bill: &'a Bill,
    trigrams: std::sync::OnceLock<Vec<FileTrigrams>>,
    /// The occurrences of the quotes given to [`Verifier::with_quotes`], by fragment.
    found: HashMap<String, Vec<Hit>>,
}

impl<'a> Verifier<'a> {
    /// A verifier for a bill: each quote is then looked for in its own pass over the text.
    pub fn new(bill: &'a Bill) -> Self {
        Verifier {
            bill,
            trigrams: std::sync::OnceLock::new(),
            found: HashMap::new(),
        }
    }

    /// A verifier that looks for all these quotes at once: one pass over the bill for all of
    /// them (and one over its folded text for those not found exactly), whatever their number.
    pub fn with_quotes<'q>(bill: &'a Bill, quotes: impl IntoIterator<Item = &'q str>) -> Self {
        let frags: Vec<&str> = quotes.into_iter().flat_map(pieces).collect();
        Verifier {
            found: all_occurrences(bill, &frags),
            ..Verifier::new(bill)
        }
    }

    fn occurrences(&self, frag: &str) -> Vec<Hit> {
        match self.found.get(frag) {
            Some(h) => h.clone(),
            None => occurrences(self.bill, frag),
        }
    }

    fn trigrams(&self) -> &[FileTrigrams] {
        self.trigrams.get_or_init(|| {
            self.bill
                .files
                .iter()
                .map(|f| FileTrigrams::new(&f.folded.text))
                .collect()
        })
    }

    /// Checks one piece of evidence.
    pub fn evidence(&self, e: &Evidence) -> Verification {
        let bill = self.bill;
        let articles = e
            .article
            .as_deref()
            .map(|a| check_reference(bill, a))
            .unwrap_or_default();
        let cited = cited_articles(bill, &articles);
        let quote = e
            .quote
            .as_deref()
            .filter(|q| !q.trim().is_empty())
            .map(|q| self.quote(q, &cited));
        Verification { quote, articles }
    }

    /// Checks a quote; `cited` are the articles the evidence names (file, segment).
    pub fn quote(&self, quote: &str, cited: &[(usize, usize)]) -> QuoteCheck {
        let bill = self.bill;
        let q = trim_quote(quote);
        let frags = fragments(q);
        let hits = if frags.len() > 1 {
            fragment_occurrences(bill, &frags, &|f| self.occurrences(f))
        } else {
            self.occurrences(q)
        };
        let in_cited = |h: &Hit| {
            let f = &bill.files[h.file];
            f.article_at(h.range.start).is_some_and(|a| {
                f.lineage(a)
                    .into_iter()
                    .any(|x| cited.contains(&(h.file, x)))
            })
        };
        let best = hits.iter().find(|h| in_cited(h)).or_else(|| hits.first());
        match best {
            Some(h) => QuoteCheck {
                status: if h.exact {
                    QuoteStatus::Exact
                } else {
                    QuoteStatus::Normalised
                },
                location: Some(location(bill, h.file, h.range.clone())),
                occurrences: hits.len(),
                fragments: h.fragments,
                in_cited_article: (!cited.is_empty()).then(|| in_cited(h)),
                closest: None,
            },
            None => QuoteCheck {
                status: QuoteStatus::NotFound,
                location: None,
                occurrences: 0,
                fragments: 0,
                in_cited_article: None,
                closest: self.closest(q),
            },
        }
    }

    /// The clause or sentence of the bill that shares the most word trigrams with a quote, if
    /// it shares at least a third of them: of the windows of the quote's length (in words),
    /// the first with the most shared trigrams, from its first shared trigram to the end of its
    /// last. The windows worth looking at start at a shared trigram, so only those are counted.
    pub fn closest(&self, quote: &str) -> Option<Passage> {
        let bill = self.bill;
        let q = fold(quote);
        let qw: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
        if qw.len() < 3 {
            return None;
        }
        let qt: HashSet<u64> = qw
            .windows(3)
            .map(|w| trigram_hash(w[0], w[1], w[2]))
            .collect();
        // A window of n words holds the trigrams starting at its first n - 2 words.
        let reach = qw.len() - 3;
        let mut best: Option<(usize, usize, Range<usize>)> = None;
        for (fi, t) in self.trigrams().iter().enumerate() {
            let hits = t.hits(&qt);
            let mut end = 0;
            for (j, &start) in hits.iter().enumerate() {
                end = end.max(j);
                while end + 1 < hits.len() && hits[end + 1] <= start + reach {
                    end += 1;
                }
                let shared = end - j + 1;
                if shared > best.as_ref().map(|b| b.1).unwrap_or(0) {
                    let last = hits[end] + 2;
                    let range = t.words[start].0 as usize..t.words[last].1 as usize;
                    best = Some((fi, shared, range));
                }
            }
        }
        let (fi, shared, frange) = best?;
        if shared * 3 < qt.len() {
            return None;
        }
        let f = &bill.files[fi];
        let range = f.folded.original_range(frange);
        Some(Passage {
            text: f.source.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            location: location(bill, fi, range),
        })
    }
}

/// Checks a quote; `cited` are the articles the evidence names (file, segment). To check many
/// quotes against one bill, use a [`Verifier`].
pub fn check_quote(bill: &Bill, quote: &str, cited: &[(usize, usize)]) -> QuoteCheck {
    Verifier::new(bill).quote(quote, cited)
}

/// Checks one piece of evidence (see [`Verifier::evidence`]).
pub fn verify_evidence(bill: &Bill, e: &Evidence) -> Verification {
    Verifier::new(bill).evidence(e)
}

/// The closest passage of the bill to a quote (see [`Verifier::closest`]).
pub fn closest_passage(bill: &Bill, quote: &str) -> Option<Passage> {
    Verifier::new(bill).closest(quote)
}

/// Fills in every evidence check of a report and the tally.
pub fn apply(report: &mut Report, bill: &Bill) {
    let mut tally = BillCheck {
        files: bill
            .files
            .iter()
            .map(|f| BillFileInfo {
                name: f.source.name.clone(),
                sha256: f.sha256.clone(),
                bytes: f.source.text.len(),
                articles: f.article_count(),
            })
            .collect(),
        ..BillCheck::default()
    };
    let verifier = Verifier::with_quotes(
        bill,
        report
            .items
            .iter()
            .flat_map(|i| &i.evidence)
            .filter_map(|e| e.quote.as_deref()),
    );
    for item in &mut report.items {
        for e in &mut item.evidence {
            let v = verifier.evidence(&Evidence {
                article: e.article.clone(),
                quote: e.quote.clone(),
            });
            count(&mut tally, &v);
            e.verification = Some(v);
        }
    }
    report.bill = Some(tally);
}

fn count(t: &mut BillCheck, v: &Verification) {
    if let Some(q) = &v.quote {
        t.quotes += 1;
        match q.status {
            QuoteStatus::Exact => t.exact += 1,
            QuoteStatus::Normalised => t.normalised += 1,
            QuoteStatus::NotFound => t.not_found += 1,
        }
        if q.in_cited_article == Some(false) {
            t.elsewhere += 1;
        }
    }
    for a in &v.articles {
        t.articles += 1;
        if a.status != ArticleStatus::Found {
            t.articles_not_found += 1;
        }
    }
}

fn place(l: &BillLocation) -> String {
    let art = l
        .article
        .as_deref()
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    format!("{}:{}:{}{art}", l.file, l.line, l.column)
}

/// Diagnostics for an answers file's evidence: each quote not found, each quote found outside
/// the article cited, each article (or paragraph) not in the bill. All are warnings (errors
/// under `--strict`), pointing at the quote or article in the answers file.
pub fn diagnostics(file: &SourceFile, answers: &AnswersFile, bill: &Bill) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Ok(parsed) = load::parse(file.clone()) else {
        return diags;
    };
    let verifier = Verifier::with_quotes(
        bill,
        answers
            .answers
            .values()
            .flat_map(|a| &a.evidence)
            .filter_map(|e| e.quote.as_deref()),
    );
    for (id, ans) in &answers.answers {
        for (i, e) in ans.evidence.iter().enumerate() {
            let base = format!("/answers/{}/evidence/{i}", escape_segment(id));
            let v = verifier.evidence(e);
            for a in &v.articles {
                let what = match a.status {
                    ArticleStatus::Found => continue,
                    ArticleStatus::NotFound => tr(
                        "diag_article_not_found",
                        &[
                            ("article", &e.article.as_deref().unwrap_or_default()),
                            ("key", &a.key),
                        ],
                    ),
                    ArticleStatus::ParagraphNotFound => tr(
                        "diag_paragraph_not_found",
                        &[
                            ("article", &e.article.as_deref().unwrap_or_default()),
                            ("key", &a.key),
                            ("paragraphs", &a.missing_paragraphs.join(", ")),
                        ],
                    ),
                };
                let mut d = Diagnostic::warning(Code::ArticleNotFound, what);
                if let Some(l) = &a.location {
                    d = d.with_help(tr("diag_article_at_help", &[("place", &place(l))]));
                } else {
                    let known: Vec<&str> = bill
                        .files
                        .iter()
                        .flat_map(|f| f.articles.iter().filter_map(|a| a.key.as_deref()))
                        .collect();
                    if let Some(s) = crate::validate::closest(&a.key, known.iter().copied()) {
                        d = d.with_help(tr("diag_did_you_mean_article", &[("s", &s)]));
                    }
                }
                diags.push(parsed.at_value(d, &format!("{base}/article")));
            }
            let Some(q) = &v.quote else { continue };
            let quote = e.quote.as_deref().unwrap_or_default();
            let short: String = {
                let t = trim_quote(quote);
                if t.chars().count() > 60 {
                    format!("{}…", t.chars().take(60).collect::<String>())
                } else {
                    t.to_string()
                }
            };
            match q.status {
                QuoteStatus::NotFound => {
                    let mut d = Diagnostic::warning(
                        Code::QuoteNotFound,
                        tr("diag_quote_not_found", &[("quote", &short)]),
                    );
                    d = match &q.closest {
                        Some(p) => d.with_help(tr(
                            "diag_quote_closest_help",
                            &[("place", &place(&p.location)), ("text", &p.text)],
                        )),
                        None => d.with_help(tr("diag_quote_no_closest_help", &[])),
                    };
                    diags.push(parsed.at_value(d, &format!("{base}/quote")));
                }
                _ if q.in_cited_article == Some(false) => {
                    let l = q.location.as_ref().expect("found quotes have a location");
                    let d = Diagnostic::warning(
                        Code::QuoteElsewhere,
                        tr(
                            "diag_quote_elsewhere",
                            &[
                                ("quote", &short),
                                ("article", &e.article.as_deref().unwrap_or_default()),
                            ],
                        ),
                    )
                    .with_help(tr("diag_quote_elsewhere_help", &[("place", &place(l))]));
                    diags.push(parsed.at_value(d, &format!("{base}/quote")));
                }
                _ => {}
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    const BILL: &str = "PROYECTO DE LEY\n\n\
        Artículo 14. Interceptación de comunicaciones.\n\
        1. La interceptación de comunicaciones requerirá autorización judicial previa,\n\
        otorgada por resolución fundada.\n\
        2. En casos de urgencia, el fiscal podrá ordenarla por un plazo de 72 horas.\n\n\
        Artículo 15. Conservación.\n\
        Los proveedores conservarán los datos de tráfico por un plazo máximo de seis meses.\n";

    fn bill() -> Bill {
        Bill::from_text("bill.txt", BILL)
    }

    fn ev(article: &str, quote: &str) -> Evidence {
        Evidence {
            article: (!article.is_empty()).then(|| article.to_string()),
            quote: (!quote.is_empty()).then(|| quote.to_string()),
        }
    }

    #[test]
    fn exact_quote_with_location_and_article() {
        let v = verify_evidence(
            &bill(),
            &ev(
                "Art. 14(2)",
                "el fiscal podrá ordenarla por un plazo de 72 horas",
            ),
        );
        let q = v.quote.unwrap();
        assert_eq!(q.status, QuoteStatus::Exact);
        assert_eq!(q.in_cited_article, Some(true));
        let l = q.location.unwrap();
        assert_eq!((l.line, l.column), (6, 26));
        assert_eq!(l.article.as_deref(), Some("Artículo 14"));
        assert_eq!(v.articles[0].status, ArticleStatus::Found);
    }

    #[test]
    fn normalised_quote_across_a_line_break_and_typography() {
        let v = verify_evidence(
            &bill(),
            &ev(
                "Artículo 14",
                "«requerirá AUTORIZACION judicial previa, otorgada por resolución fundada»",
            ),
        );
        let q = v.quote.unwrap();
        assert_eq!(q.status, QuoteStatus::Normalised);
        assert_eq!(q.location.unwrap().line, 4);
    }

    #[test]
    fn quote_with_omissions() {
        let v = verify_evidence(
            &bill(),
            &ev(
                "Art. 14",
                "La interceptación de comunicaciones requerirá […] resolución fundada",
            ),
        );
        let q = v.quote.unwrap();
        assert_eq!(q.status, QuoteStatus::Exact);
        assert_eq!(q.fragments, 2);
        let l = q.location.unwrap();
        assert_eq!((l.line, l.column), (4, 4));
        // Fragments must be in order and within one article.
        let v = verify_evidence(
            &bill(),
            &ev(
                "",
                "resolución fundada ... La interceptación de comunicaciones",
            ),
        );
        assert_eq!(v.quote.unwrap().status, QuoteStatus::NotFound);
    }

    #[test]
    fn fabricated_quote_is_not_found_and_a_misquote_gets_the_closest_passage() {
        let v = verify_evidence(
            &bill(),
            &ev(
                "Art. 14",
                "Toda persona será notificada de la medida al concluir la investigación",
            ),
        );
        let q = v.quote.unwrap();
        assert_eq!(q.status, QuoteStatus::NotFound);
        assert!(q.closest.is_none());
        let v = verify_evidence(
            &bill(),
            &ev(
                "Art. 15",
                "Los proveedores conservarán los datos de tráfico por un plazo mínimo de seis meses.",
            ),
        );
        let q = v.quote.unwrap();
        assert_eq!(q.status, QuoteStatus::NotFound);
        let c = q.closest.unwrap();
        assert!(c.text.contains("plazo máximo"), "{}", c.text);
        assert_eq!(c.location.article.as_deref(), Some("Artículo 15"));
    }

    #[test]
    fn quote_in_another_article_and_missing_articles() {
        let v = verify_evidence(&bill(), &ev("Art. 15", "autorización judicial previa"));
        let q = v.quote.unwrap();
        assert_eq!(q.status, QuoteStatus::Exact);
        assert_eq!(q.in_cited_article, Some(false));
        let v = verify_evidence(&bill(), &ev("Art. 16", ""));
        assert!(v.quote.is_none());
        assert_eq!(v.articles[0].status, ArticleStatus::NotFound);
        let v = verify_evidence(&bill(), &ev("Art. 14(3)", ""));
        assert_eq!(v.articles[0].status, ArticleStatus::ParagraphNotFound);
        assert_eq!(v.articles[0].missing_paragraphs, ["3"]);
    }

    /// The closest-passage search as it was before the trigram index: every window of the
    /// quote's length, slid word by word over the whole text. The reference the index must
    /// agree with.
    fn closest_by_windows(bill: &Bill, quote: &str) -> Option<Passage> {
        let q = fold(quote);
        let qw: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
        if qw.len() < 3 {
            return None;
        }
        let qt: HashSet<String> = qw.windows(3).map(|w| w.join(" ")).collect();
        let mut best: Option<(usize, usize, Range<usize>)> = None;
        for (fi, f) in bill.files.iter().enumerate() {
            let text = &f.folded.text;
            let spans: Vec<Range<usize>> = word_spans(text)
                .into_iter()
                .map(|(a, b)| a as usize..b as usize)
                .collect();
            let words: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
            let n = qw.len();
            let mut i = 0;
            while i + 3 <= words.len() {
                let end = (i + n).min(words.len());
                let hits: Vec<usize> = words[i..end]
                    .windows(3)
                    .enumerate()
                    .filter(|(_, w)| qt.contains(&w.join(" ")))
                    .map(|(k, _)| i + k)
                    .collect();
                let shared = hits.len();
                if shared > best.as_ref().map(|b| b.1).unwrap_or(0) {
                    let (first, last) = (hits[0], hits[shared - 1] + 2);
                    best = Some((fi, shared, spans[first].start..spans[last].end));
                }
                i += 1;
            }
        }
        let (fi, shared, frange) = best?;
        if shared * 3 < qt.len() {
            return None;
        }
        let f = &bill.files[fi];
        let range = f.folded.original_range(frange);
        Some(Passage {
            text: f.source.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            location: location(bill, fi, range),
        })
    }

    const WORDS: [&str; 7] = ["la", "orden", "judicial", "Juez", "plazo", "datos", "días"];

    fn words(n: std::ops::Range<usize>) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop::collection::vec((0..WORDS.len(), 0..6usize), n).prop_map(|ws| {
            let mut out = String::new();
            for (w, sep) in ws {
                out.push_str(WORDS[w]);
                out.push_str([" ", " ", ", ", ".\n", "\n\n", "  "][sep]);
            }
            out
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// The trigram index finds the same closest passage as sliding every window.
        #[test]
        fn the_index_finds_the_passage_the_windows_find(
            text in words(0..120),
            more in words(0..40),
            quote in words(3..14),
        ) {
            let bill = Bill::from_sources(vec![
                SourceFile::new("a.txt", text),
                SourceFile::new("b.txt", more),
            ]);
            proptest::prop_assert_eq!(
                Verifier::new(&bill).closest(&quote),
                closest_by_windows(&bill, &quote)
            );
        }

        /// Looking for many quotes in one pass finds what looking for each alone finds.
        #[test]
        fn one_pass_for_all_quotes_finds_what_each_pass_finds(
            text in words(0..120),
            quotes in proptest::collection::vec(words(1..6), 1..6),
        ) {
            let bill = Bill::from_text("a.txt", &text);
            // Quotes with omissions too.
            let mut all = quotes.clone();
            all.push(format!("{} … {}", quotes[0], quotes[quotes.len() - 1]));
            let shared = Verifier::with_quotes(&bill, all.iter().map(String::as_str));
            for q in &all {
                proptest::prop_assert_eq!(shared.quote(q, &[]), Verifier::new(&bill).quote(q, &[]));
            }
        }
    }

    #[test]
    fn many_quotes_against_a_large_bill_stay_fast() {
        // 1 MB of text and 200 quotes that are not in it: about 10 s in a release build when
        // every quote re-read the text (several times that here); now one pass and one index.
        let text = BILL.repeat((1 << 20) / BILL.len());
        let bill = Bill::from_text("big.txt", &text);
        let quotes: Vec<String> = (0..200)
            .map(|i| {
                format!("los proveedores conservarán los datos de tráfico número {i} por un plazo")
            })
            .collect();
        let started = std::time::Instant::now();
        let v = Verifier::with_quotes(&bill, quotes.iter().map(String::as_str));
        for q in &quotes {
            assert_eq!(v.quote(q, &[]).status, QuoteStatus::NotFound);
        }
        let took = started.elapsed();
        assert!(took.as_secs() < 30, "{took:?}");
    }
}
