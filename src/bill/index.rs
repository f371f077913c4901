//! Finding things in a bill: the segment holding an offset, the articles quoting one another,
//! an article by its number, and a reference's article and paragraphs.

use super::{Article, ArticleRef, Bill, BillFile, RefOutcome, SegmentKind};
use crate::fold::fold;
use crate::source::Position;

impl BillFile {
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

pub(super) fn has_paragraph(art: &Article, text: &str, key: &str) -> bool {
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
