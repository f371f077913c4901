//! Article numbers: digits with ordinal markers and suffixes ("9º", "10-A", "14 bis"), ordinals
//! in Spanish and Portuguese words, and Roman numerals.

use crate::fold::fold;

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
pub(super) fn parse_number(s: &str) -> Option<(String, usize)> {
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

pub(super) fn skip_spaces(s: &str, mut i: usize) -> usize {
    while s[i..].starts_with([' ', '\t']) {
        i += 1;
    }
    i
}
