//! Article references as written in evidence: "Art. 14(3)", "Artículo 14", "art. 14, § 3º",
//! "Arts. 14 y 15".

use super::numbers::parse_number;
use crate::fold::fold;

/// One article named by a reference, with the paragraphs it names inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRef {
    /// The normalised article number, as in [`Article::key`](super::Article::key).
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
    let Some(mut i) = numbers_start(s) else {
        return out;
    };
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
        i = paragraph_parts(s, i, &mut r);
        out.push(r);
        let next = separator(s, i);
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

/// Where the article numbers of a reference start: after an article keyword, or at the start
/// for "14(3)"; none when the text names no article number.
fn numbers_start(s: &str) -> Option<usize> {
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
        None => return None,
    };
    // Keep byte positions of `s` (lowercasing may change lengths for non-ASCII).
    if lower.len() != s.len() {
        i = s
            .char_indices()
            .map(|(b, _)| b)
            .find(|&b| b >= i)
            .unwrap_or(s.len());
    }
    Some(i)
}

/// Reads the paragraph parts after an article number, from byte `i` ("(3)(b)", ", § 3º",
/// "parágrafo único", ", III"), into `r`; returns where they end.
fn paragraph_parts(s: &str, mut i: usize, r: &mut ArticleRef) -> usize {
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
    i
}

/// The separator after an article at byte `i` that announces another: "y", "e", "and", ",",
/// "&", "/", or a range "-", "a", "al", "to". Returns where what follows starts, and whether
/// it is a range.
fn separator(s: &str, i: usize) -> Option<(usize, bool)> {
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
    next
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
