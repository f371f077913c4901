//! Splitting a bill text into segments: article headings, the numbered paragraphs inside an
//! article, division headings (chapters, titles, sections) and articles of another law quoted by
//! an amending one; blocks separated by blank lines when no article is recognised.

use super::numbers::{ordinal, parse_number, roman, skip_spaces};
use std::ops::Range;

use super::{Article, Paragraph, SegmentKind};
use crate::fold::fold;

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
                // The paragraph list grew by doubling: keep only what it holds.
                a.paragraphs.shrink_to_fit();
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
                note_paragraph(a, ls, line);
            } else if !line.trim().is_empty() && out.is_empty() {
                current = Some(preamble(ls..text.len()));
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
                divisions: chain.clone(),
                parent: None,
            });
        } else if division_heading(line) {
            quoting = None;
            close(&mut current, ls, &mut out);
            let (title, last) = division_title(&all, i);
            i = last;
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
                divisions: std::sync::Arc::from([]),
                parent: None,
            });
            // The heading alone is not a segment: only keep it if text follows.
            let (next_start, _) = all.get(i + 1).copied().unwrap_or((text.len(), ""));
            if let Some(a) = current.as_mut() {
                a.span.start = next_start.min(text.len());
            }
        } else if let Some(a) = current.as_mut() {
            note_paragraph(a, ls, line);
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
            current = Some(preamble(ls..text.len()));
        }
        i += 1;
    }
    close(&mut current, text.len(), &mut out);
    if !out.iter().any(|a| a.kind == SegmentKind::Article) {
        return blocks(text);
    }
    // The table grew by doubling: give back the room it will not use.
    out.shrink_to_fit();
    out
}

/// Records the numbered paragraph a line of an article starts, if it starts one.
fn note_paragraph(a: &mut Article, ls: usize, line: &str) {
    if a.kind == SegmentKind::Article
        && let Some(key) = paragraph_marker(line)
    {
        a.paragraphs.push(Paragraph {
            key,
            start: ls + content_start(line),
        });
    }
}

/// The text before the first heading.
fn preamble(span: Range<usize>) -> Article {
    Article {
        kind: SegmentKind::Preamble,
        label: String::new(),
        key: None,
        span,
        paragraphs: Vec::new(),
        divisions: std::sync::Arc::from([]),
        parent: None,
    }
}

/// The title of the division heading on line `i`, with a title on the next line joined to it
/// ("CAPÍTULO III — DE LA INTERCEPTACIÓN"); and the index of the last line the title takes.
fn division_title(all: &[(usize, &str)], mut i: usize) -> (String, usize) {
    let line = all[i].1;
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
            && (t.chars().all(|c| !c.is_lowercase()) || !t.ends_with(['.', ';', ':']) || bare)
        {
            title.push_str(" — ");
            title.push_str(t);
            i = j;
        }
    }
    (title, i)
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
