//! Folding text for matching: compatibility decomposition (NFKD), combining marks stripped,
//! lowercased, and every run of characters that are neither letters nor digits turned into one
//! space, so that "PROTEÇÃO — «Art. 9º»" and "protecao art 9" compare equal.
//!
//! Owns: the folding rule (one function used for bill texts, indicator phrases and evidence
//! quotes alike, so they always agree), the map from folded offsets back to byte offsets of the
//! original text, and the clause breaks (`.`, `;`, `:`, `!`, `?`, blank lines) that matching
//! uses to keep a negation from reaching across sentences. Does not own what is matched (see
//! [`crate::scan`] and [`crate::verify`]).
//!
//! Besides the rule above: a hyphen that ends a line between two letters is dropped with the
//! line break ("comu-\nnicaciones" folds to "comunicaciones"); soft hyphens and zero-width
//! characters vanish; the ordinal indicators `º`, `ª` and the degree sign `°` are separators,
//! so "Art. 9º" and "Art. 9°" fold alike.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A run of folded bytes and the original bytes they come from.
#[derive(Debug, Clone, Copy)]
struct Seg {
    /// First folded byte.
    f: usize,
    /// Number of folded bytes.
    flen: usize,
    /// First original byte.
    o: usize,
    /// Number of original bytes.
    olen: usize,
    /// Whether folded byte `f + k` comes from original byte `o + k` (else the whole run comes
    /// from the whole original span).
    identity: bool,
}

/// A folded text with its map back into the original.
///
/// The folded text starts and ends with a space, and never holds two spaces in a row, so a
/// phrase folded with [`fold`] and prefixed with a space matches only at the start of a word.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    segs: Vec<Seg>,
    /// Folded offsets at which a clause ends, ascending.
    breaks: Vec<usize>,
    /// The clause breaks that end a sentence (a full stop, `!`, `?`, or a blank line that does
    /// not follow a colon or a semicolon, which goes on with a list), ascending.
    stops: Vec<usize>,
    /// The clause breaks made by a colon (a list's lead-in ends there), ascending.
    colons: Vec<usize>,
    /// Folded offsets of commas, parentheses and dashes (minor breaks), ascending; the clause
    /// breaks are not repeated here.
    minor: Vec<usize>,
    original_len: usize,
}

/// Folds a short text (a phrase or a quote): the folded form without the surrounding spaces.
pub fn fold(s: &str) -> String {
    let f = Folded::new(s);
    f.text.trim().to_string()
}

enum Class {
    /// Emit these folded characters.
    Word,
    /// A separator (becomes at most one space).
    Sep,
    /// A clause-ending separator.
    Break,
    /// A comma, a parenthesis or a dash.
    Minor,
    /// Nothing at all.
    Drop,
}

fn classify(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => Class::Word,
        '.' | ';' | ':' | '!' | '?' => Class::Break,
        ',' | '(' | ')' | '–' | '—' => Class::Minor,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Class::Drop,
        'º' | 'ª' | '°' => Class::Sep,
        c if c.is_ascii() => Class::Sep,
        c if c.is_alphanumeric() || is_combining_mark(c) => Class::Word,
        _ => Class::Sep,
    }
}

/// Whether the full stop at byte `o` ends a clause. It does not inside a number ("13.964",
/// "579.1"), before an ordinal sign ("1.º", "N.º"), inside an abbreviation ("D.O."), before a
/// word in lower case ("art. seguinte"), nor after a short abbreviation before a number ("art.
/// 579", "arts. 240", "inc. 2"). `folded` is the text folded so far: its last word is the one
/// before the stop.
fn dot_ends_clause(original: &str, o: usize, folded: &str) -> bool {
    let rest = &original[o + 1..];
    let Some(next) = rest.chars().next() else {
        return true;
    };
    if next.is_alphanumeric() || matches!(next, 'º' | 'ª' | '°') {
        return false;
    }
    if next != ' ' && next != '\t' && next != '\u{a0}' {
        return true;
    }
    let after = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    match after.chars().next() {
        Some(c) if c.is_lowercase() => false,
        Some(c) if c.is_ascii_digit() => {
            let word = folded.rsplit(' ').next().unwrap_or("");
            !(!word.is_empty() && word.len() <= 4 && word.chars().all(|c| c.is_alphabetic()))
        }
        _ => true,
    }
}

/// What a separator run holds besides a clause break (bits of [`Builder::pending_kind`]).
const STOP: u8 = 1;
const COLON: u8 = 2;
const SEMI: u8 = 4;
const PARA: u8 = 8;

struct Builder {
    text: String,
    segs: Vec<Seg>,
    breaks: Vec<usize>,
    stops: Vec<usize>,
    colons: Vec<usize>,
    minor: Vec<usize>,
    /// A separator is pending (emitted lazily so runs collapse into one space).
    pending_sep: Option<(usize, usize)>,
    pending_break: bool,
    pending_minor: bool,
    pending_kind: u8,
}

impl Builder {
    fn push_seg(&mut self, f: usize, flen: usize, o: usize, olen: usize) {
        self.push_run(f, flen, o, olen, flen == 1 && olen == 1);
    }

    /// Records that folded bytes `f..f+flen` come from original bytes `o..o+olen`; `identity`
    /// when they map byte for byte (ASCII from ASCII). Anything else maps the whole folded run
    /// to the whole original span, so offsets never land inside a character.
    fn push_run(&mut self, f: usize, flen: usize, o: usize, olen: usize, identity: bool) {
        if flen == 0 {
            return;
        }
        if identity
            && let Some(last) = self.segs.last_mut()
            && last.identity
            && last.f + last.flen == f
            && last.o + last.olen == o
        {
            last.flen += flen;
            last.olen += olen;
            return;
        }
        self.segs.push(Seg {
            f,
            flen,
            o,
            olen,
            identity,
        });
    }

    /// Emits the pending separator, if any, as one space.
    fn flush_sep(&mut self) {
        if let Some((o, olen)) = self.pending_sep.take() {
            if self.pending_break {
                let at = self.text.len();
                self.breaks.push(at);
                let k = self.pending_kind;
                if k & STOP != 0 || (k & PARA != 0 && k & (COLON | SEMI) == 0) {
                    self.stops.push(at);
                }
                if k & COLON != 0 {
                    self.colons.push(at);
                }
            } else if self.pending_minor {
                self.minor.push(self.text.len());
            }
            self.pending_break = false;
            self.pending_minor = false;
            self.pending_kind = 0;
            if !self.text.ends_with(' ') {
                let f = self.text.len();
                self.text.push(' ');
                self.push_seg(f, 1, o, olen);
            }
        }
    }

    fn sep(&mut self, o: usize, olen: usize, is_break: bool, is_minor: bool, kind: u8) {
        match &mut self.pending_sep {
            Some((start, len)) => *len = o + olen - *start,
            None => self.pending_sep = Some((o, olen)),
        }
        self.pending_break |= is_break;
        self.pending_minor |= is_minor;
        if is_break {
            self.pending_kind |= kind;
        }
    }
}

impl Folded {
    /// Folds a text.
    pub fn new(original: &str) -> Self {
        let mut b = Builder {
            text: String::with_capacity(original.len() + 2),
            segs: Vec::new(),
            breaks: Vec::new(),
            stops: Vec::new(),
            colons: Vec::new(),
            minor: Vec::new(),
            pending_sep: None,
            pending_break: false,
            pending_minor: false,
            pending_kind: 0,
        };
        b.text.push(' ');
        b.segs.push(Seg {
            f: 0,
            flen: 1,
            o: 0,
            olen: 0,
            identity: false,
        });
        let bytes = original.as_bytes();
        let mut newlines_in_sep = 0usize;
        let mut o = 0;
        while o < bytes.len() {
            // Fast path: a run of ASCII letters and digits is copied in lower case.
            if bytes[o].is_ascii_alphanumeric() {
                let run = bytes[o..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                newlines_in_sep = 0;
                b.flush_sep();
                let f = b.text.len();
                b.text.push_str(&original[o..o + run]);
                b.text[f..].make_ascii_lowercase();
                b.push_run(f, run, o, run, true);
                o += run;
                continue;
            }
            let c = original[o..].chars().next().expect("inside the text");
            let olen = c.len_utf8();
            // A hyphen ending a line between two letters: drop it with the line break.
            if c == '-' && b.pending_sep.is_none() && b.text.ends_with(|x: char| x.is_alphabetic())
            {
                let mut j = o + 1;
                while j < bytes.len()
                    && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r')
                {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b'\n' {
                    let mut k = j + 1;
                    while k < bytes.len() && (bytes[k] == b' ' || bytes[k] == b'\t') {
                        k += 1;
                    }
                    if original[k..].chars().next().is_some_and(char::is_lowercase) {
                        o = k;
                        continue;
                    }
                }
            }
            match classify(c) {
                Class::Drop => {}
                class @ (Class::Sep | Class::Break | Class::Minor) => {
                    let is_break = matches!(class, Class::Break)
                        && (c != '.' || dot_ends_clause(original, o, &b.text));
                    if c == '\n' {
                        newlines_in_sep += 1;
                    }
                    // A blank line ends a clause too.
                    b.sep(
                        o,
                        olen,
                        is_break || newlines_in_sep >= 2,
                        matches!(class, Class::Minor),
                        match c {
                            '.' | '!' | '?' if is_break => STOP,
                            ':' => COLON,
                            ';' => SEMI,
                            _ => 0,
                        } | if newlines_in_sep >= 2 { PARA } else { 0 },
                    );
                }
                Class::Word => {
                    newlines_in_sep = 0;
                    b.flush_sep();
                    let f = b.text.len();
                    let mut produced_sep = false;
                    decompose_compatible(c, |d| {
                        for l in d.to_lowercase() {
                            if is_combining_mark(l) {
                                continue;
                            }
                            if l.is_alphanumeric() {
                                b.text.push(l);
                            } else {
                                produced_sep = true;
                            }
                        }
                    });
                    if produced_sep && b.text.len() == f {
                        b.sep(o, olen, false, false, 0);
                    } else {
                        let flen = b.text.len() - f;
                        b.push_seg(f, flen, o, olen);
                    }
                }
            }
            o += olen;
        }
        if b.pending_sep.is_some() {
            b.pending_break = false;
            b.pending_minor = false;
            b.pending_kind = 0;
            b.flush_sep();
        }
        if !b.text.ends_with(' ') {
            let f = b.text.len();
            b.text.push(' ');
            b.push_seg(f, 1, original.len(), 0);
        }
        Folded {
            text: b.text,
            segs: b.segs,
            breaks: b.breaks,
            stops: b.stops,
            colons: b.colons,
            minor: b.minor,
            original_len: original.len(),
        }
    }

    fn seg_at(&self, f: usize) -> &Seg {
        let i = self.segs.partition_point(|s| s.f <= f).saturating_sub(1);
        &self.segs[i]
    }

    /// The original byte offset where folded byte `f` comes from.
    pub fn original_start(&self, f: usize) -> usize {
        if f >= self.text.len() {
            return self.original_len;
        }
        let s = self.seg_at(f);
        if s.identity { s.o + (f - s.f) } else { s.o }.min(self.original_len)
    }

    /// The original byte offset just after the source of folded byte `f - 1` (the end of a
    /// folded range ending at `f`).
    pub fn original_end(&self, f: usize) -> usize {
        if f == 0 {
            return 0;
        }
        let s = self.seg_at(f - 1);
        if s.identity {
            s.o + (f - s.f)
        } else {
            s.o + s.olen
        }
        .min(self.original_len)
    }

    /// The original byte range that a folded range comes from.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.original_start(r.start);
        start..self.original_end(r.end).max(start)
    }

    /// The folded offset of the first folded byte that comes from original offset `o` or later.
    pub fn folded_offset(&self, o: usize) -> usize {
        let i = self.segs.partition_point(|s| s.o + s.olen <= o);
        match self.segs.get(i) {
            None => self.text.len(),
            Some(s) if s.identity && o > s.o => s.f + (o - s.o),
            Some(s) => s.f,
        }
    }

    /// The folded offset where the clause holding folded offset `f` starts.
    pub fn clause_start(&self, f: usize) -> usize {
        let i = self.breaks.partition_point(|&b| b <= f);
        if i == 0 { 0 } else { self.breaks[i - 1] }
    }

    /// The folded offset where the clause holding folded offset `f` ends.
    pub fn clause_end(&self, f: usize) -> usize {
        let i = self.breaks.partition_point(|&b| b <= f);
        self.breaks.get(i).copied().unwrap_or(self.text.len())
    }

    /// The folded offset where the sentence holding folded offset `f` starts (a clause break
    /// that ends a sentence, or 0).
    pub fn sentence_start(&self, f: usize) -> usize {
        let i = self.stops.partition_point(|&b| b <= f);
        if i == 0 { 0 } else { self.stops[i - 1] }
    }

    /// The folded offset where the sentence holding folded offset `f` ends.
    pub fn sentence_end(&self, f: usize) -> usize {
        let i = self.stops.partition_point(|&b| b <= f);
        self.stops.get(i).copied().unwrap_or(self.text.len())
    }

    /// The last colon break at or before folded offset `f` and at or after `min`: where the
    /// lead-in of a list ends.
    pub fn colon_before(&self, f: usize, min: usize) -> Option<usize> {
        let i = self.colons.partition_point(|&b| b <= f);
        let c = *self.colons.get(i.checked_sub(1)?)?;
        (c >= min).then_some(c)
    }

    /// Whether a clause break, a comma, a parenthesis or a dash lies strictly between folded
    /// offsets `a` and `b`.
    pub fn any_break_between(&self, a: usize, b: usize) -> bool {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let i = self.minor.partition_point(|&x| x <= a);
        self.break_between(a, b) || self.minor.get(i).is_some_and(|&x| x < b)
    }

    /// Whether a clause break lies strictly between folded offsets `a` and `b`.
    pub fn break_between(&self, a: usize, b: usize) -> bool {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let i = self.breaks.partition_point(|&x| x <= a);
        self.breaks.get(i).is_some_and(|&x| x < b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_punctuation_and_ordinals() {
        assert_eq!(fold("PROTEÇÃO — «Art. 9º»"), "protecao art 9");
        assert_eq!(fold("Art. 9°"), "art 9");
        assert_eq!(fold("pingüino  Ñandú"), "pinguino nandu");
        assert_eq!(fold("“sin   orden\njudicial”"), "sin orden judicial");
        assert_eq!(fold("ﬁnal"), "final");
        assert_eq!(fold("autorizaci\u{00AD}ón"), "autorizacion");
        assert_eq!(fold("..."), "");
    }

    #[test]
    fn joins_words_hyphenated_at_line_end() {
        assert_eq!(fold("comu-\nnicaciones"), "comunicaciones");
        assert_eq!(fold("comu- \r\n  nicaciones"), "comunicaciones");
        // A hyphen before a capital, or mid-line, is a separator.
        assert_eq!(fold("Art. 10-\nA"), "art 10 a");
        assert_eq!(fold("latino-americano"), "latino americano");
    }

    #[test]
    fn maps_folded_ranges_back_to_the_original() {
        let original = "La  INTERCEPTACIÓN de comu-\nnicaciones «sin orden»";
        let f = Folded::new(original);
        assert_eq!(f.text, " la interceptacion de comunicaciones sin orden ");
        for word in ["interceptacion", "comunicaciones", "sin orden", "la"] {
            let s = f.text.find(word).unwrap();
            let r = f.original_range(s..s + word.len());
            let back = &original[r];
            assert_eq!(fold(back), word, "{back:?}");
        }
        let s = f.text.find("interceptacion").unwrap();
        assert_eq!(
            &original[f.original_range(s..s + "interceptacion".len())],
            "INTERCEPTACIÓN"
        );
        let s = f.text.find("comunicaciones").unwrap();
        assert_eq!(
            &original[f.original_range(s..s + "comunicaciones".len())],
            "comu-\nnicaciones"
        );
        // And original offsets forward.
        let o = original.find("sin").unwrap();
        assert_eq!(&f.text[f.folded_offset(o)..f.folded_offset(o) + 3], "sin");
    }

    #[test]
    fn keeps_clause_breaks() {
        let f = Folded::new("Sin perjuicio. La orden judicial;\n\nnueva");
        let a = f.text.find("sin").unwrap();
        let b = f.text.find("orden").unwrap();
        let c = f.text.find("nueva").unwrap();
        assert!(f.break_between(a, b));
        assert!(!f.break_between(b, b + 5));
        assert!(f.break_between(b, c));
        assert_eq!(f.clause_start(b), f.text.find(" la").unwrap());
        let g = Folded::new("sin embargo, la orden (judicial) x");
        let (s, o, j, x) = (
            g.text.find("sin").unwrap(),
            g.text.find("la").unwrap(),
            g.text.find("judicial").unwrap(),
            g.text.find(" x").unwrap() + 1,
        );
        assert!(g.any_break_between(s, o));
        assert!(!g.break_between(s, o));
        assert!(!g.any_break_between(o, o + 8));
        assert!(g.any_break_between(j, x));
    }

    #[test]
    fn full_stops_inside_numbers_and_abbreviations_end_no_clause() {
        for (text, word) in [
            ("Ley N.º 13.964, de 2019, dispone", "dispone"),
            ("conforme al art. 579.1 de esta ley", "ley"),
            ("previstos nos arts. 240, 241 e 241-A", "241"),
            ("1.º Delitos dolosos castigados", "castigados"),
            ("publicada en el D.O. del día", "dia"),
        ] {
            let f = Folded::new(text);
            let end = f.text.find(word).unwrap();
            assert!(!f.break_between(1, end), "{text}");
        }
        let f = Folded::new("Termina aquí. El juez decide. 2. Otro apartado");
        let a = f.text.find("juez").unwrap();
        assert!(f.break_between(1, a));
        assert!(f.break_between(a, f.text.find("otro").unwrap()));
    }

    #[test]
    fn sentences_go_on_through_lists() {
        let f = Folded::new("El juez ordenará: a) la medida;\n\nb) su plazo.\n\nOtro texto. Y más");
        let (juez, b, otro, mas) = (
            f.text.find("juez").unwrap(),
            f.text.find(" b su").unwrap() + 1,
            f.text.find("otro").unwrap(),
            f.text.find("mas").unwrap(),
        );
        assert_eq!(f.sentence_start(b), f.sentence_start(juez));
        assert!(f.sentence_start(otro) > b);
        assert!(f.sentence_start(mas) > otro);
        assert!(f.colon_before(b, 0).is_some_and(|c| c > juez && c < b));
        assert!(f.break_between(juez, b));
    }

    #[test]
    fn every_original_offset_round_trips_inside_its_character() {
        let original = "Ação—«x»  ﬁm\n\nÅngström 9º §2";
        let f = Folded::new(original);
        for fo in 0..f.text.len() {
            let o = f.original_start(fo);
            assert!(original.is_char_boundary(o), "{fo} -> {o}");
            let e = f.original_end(fo + 1);
            assert!(original.is_char_boundary(e) && e >= o, "{fo} -> {o}..{e}");
        }
    }
}
