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

/// A run of folded bytes that does not map byte for byte to the original: the whole folded
/// run `f..f+flen` comes from the whole original span `o..o+olen` ("ó" folded to "o", ". "
/// folded to " "). Between two such runs, folded bytes map one to one to original bytes
/// (ASCII from ASCII), counting on from the end of the earlier run; a run with `flen` 0 only
/// marks where such a stretch starts (after a dropped character).
#[derive(Debug, Clone, Copy)]
struct Seg {
    /// First folded byte.
    f: u32,
    /// Number of folded bytes.
    flen: u32,
    /// First original byte.
    o: u32,
    /// Number of original bytes.
    olen: u32,
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
    breaks: Vec<u32>,
    /// The clause breaks that end a sentence (a full stop, `!`, `?`, or a blank line that does
    /// not follow a colon or a semicolon, which goes on with a list), ascending.
    stops: Vec<u32>,
    /// The clause breaks made by a colon (a list's lead-in ends there), ascending.
    colons: Vec<u32>,
    /// Folded offsets of commas, parentheses and dashes (minor breaks), ascending; the clause
    /// breaks are not repeated here.
    minor: Vec<u32>,
    original_len: usize,
}

/// Folds a short text (a phrase or a quote): the folded form without the surrounding spaces.
pub fn fold(s: &str) -> String {
    let f = Folded::new(s);
    f.text.trim().to_string()
}

#[derive(Clone, Copy)]
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

/// [`classify`], from a table for the first code points above ASCII (accented Latin letters,
/// `º`, `«`, the no-break space...), which a Spanish or Portuguese text holds by the thousand.
fn class_of(c: char) -> Class {
    static TABLE: std::sync::OnceLock<Vec<Class>> = std::sync::OnceLock::new();
    let u = c as u32;
    if !(0x80..LATIN_END).contains(&u) {
        return classify(c);
    }
    let t = TABLE.get_or_init(|| {
        (0x80..LATIN_END)
            .map(|u| char::from_u32(u).map_or(Class::Sep, classify))
            .collect()
    });
    t[(u - 0x80) as usize]
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

/// An offset as stored: texts are far below 4 GiB (a bill of that size would not be read).
fn u32f(x: usize) -> u32 {
    u32::try_from(x).expect("a text below 4 GiB")
}

/// The first position in a sorted list of offsets after which every entry is above `x`.
fn after(v: &[u32], x: usize) -> usize {
    v.partition_point(|&b| (b as usize) <= x)
}

/// The first index of `v`, sorted by `key`, whose key is at least `x` (what
/// `v.partition_point(|e| key(e) < x)` gives), searched from `hint`, the answer for a position
/// asked before, which becomes this one's. Positions asked in text order move a little at a
/// time: the search gallops from the last answer instead of halving the whole list, whose far
/// entries are out of the processor's cache.
pub(crate) fn seek<T>(v: &[T], hint: &mut usize, x: usize, key: impl Fn(&T) -> usize) -> usize {
    let h = (*hint).min(v.len());
    let (lo, hi) = if h > 0 && key(&v[h - 1]) >= x {
        // Backwards: `v[hi]` is at least `x`.
        let (mut hi, mut step) = (h - 1, 1);
        loop {
            if hi < step {
                break (0, hi);
            }
            let j = hi - step;
            if key(&v[j]) < x {
                break (j + 1, hi);
            }
            hi = j;
            step *= 2;
        }
    } else {
        // Forwards: everything before `lo` is below `x`.
        let (mut lo, mut step) = (h, 1);
        loop {
            let j = lo + step - 1;
            if j >= v.len() {
                break (lo, v.len());
            }
            if key(&v[j]) >= x {
                break (lo, j);
            }
            lo = j + 1;
            step *= 2;
        }
    };
    let r = lo + v[lo..hi].partition_point(|e| key(e) < x);
    *hint = r;
    r
}

/// Folds one letter or digit: compatibility decomposition, marks dropped, lower case; pushes
/// the letters and digits, and notes whether anything else came out.
fn fold_char(c: char, out: &mut String, produced_sep: &mut bool) {
    decompose_compatible(c, |d| {
        for l in d.to_lowercase() {
            if is_combining_mark(l) {
                continue;
            }
            if l.is_alphanumeric() {
                out.push(l);
            } else {
                *produced_sep = true;
            }
        }
    });
}

/// The first code points above ASCII, folded once ([`fold_char`]): accented Latin letters are
/// most of what a Spanish or Portuguese text holds beyond ASCII.
const LATIN_END: u32 = 0x250;

fn latin(c: char) -> Option<&'static (String, bool)> {
    static TABLE: std::sync::OnceLock<Vec<(String, bool)>> = std::sync::OnceLock::new();
    let i = (c as u32).checked_sub(0x80)?;
    if c as u32 >= LATIN_END {
        return None;
    }
    let t = TABLE.get_or_init(|| {
        (0x80..LATIN_END)
            .map(|u| {
                let mut out = String::new();
                let mut sep = false;
                if let Some(ch) = char::from_u32(u) {
                    fold_char(ch, &mut out, &mut sep);
                }
                (out, sep)
            })
            .collect()
    });
    t.get(i as usize)
}

struct Builder {
    text: String,
    segs: Vec<Seg>,
    breaks: Vec<u32>,
    stops: Vec<u32>,
    colons: Vec<u32>,
    minor: Vec<u32>,
    /// A separator is pending (emitted lazily so runs collapse into one space).
    pending_sep: Option<(usize, usize)>,
    pending_break: bool,
    pending_minor: bool,
    pending_kind: u8,
    /// Where the stretch of one-to-one bytes would go on: (folded, original).
    next: (u32, u32),
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
        let (f, flen, o, olen) = (u32f(f), u32f(flen), u32f(o), u32f(olen));
        if identity {
            // Goes on with the stretch of one-to-one bytes, unless bytes were dropped.
            if (f, o) != self.next {
                self.segs.push(Seg {
                    f,
                    flen: 0,
                    o,
                    olen: 0,
                });
            }
        } else {
            self.segs.push(Seg { f, flen, o, olen });
        }
        self.next = (f + flen, o + olen);
    }

    /// Emits the pending separator, if any, as one space.
    fn flush_sep(&mut self) {
        if let Some((o, olen)) = self.pending_sep.take() {
            if self.pending_break {
                let at = u32f(self.text.len());
                self.breaks.push(at);
                let k = self.pending_kind;
                if k & STOP != 0 || (k & PARA != 0 && k & (COLON | SEMI) == 0) {
                    self.stops.push(at);
                }
                if k & COLON != 0 {
                    self.colons.push(at);
                }
            } else if self.pending_minor {
                self.minor.push(u32f(self.text.len()));
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
            // About one run in sixteen bytes of a Spanish or Portuguese text: room made once,
            // not by doubling (each doubling of a large vector may copy it).
            segs: Vec::with_capacity(original.len() / 16 + 4),
            breaks: Vec::new(),
            stops: Vec::new(),
            colons: Vec::new(),
            minor: Vec::new(),
            pending_sep: None,
            pending_break: false,
            pending_minor: false,
            pending_kind: 0,
            next: (1, 0),
        };
        b.text.push(' ');
        b.segs.push(Seg {
            f: 0,
            flen: 1,
            o: 0,
            olen: 0,
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
                // Fast path: one space between two words is a space.
                if bytes.get(o) == Some(&b' ')
                    && bytes.get(o + 1).is_some_and(u8::is_ascii_alphanumeric)
                {
                    let f = b.text.len();
                    b.text.push(' ');
                    b.push_run(f, 1, o, 1, true);
                    o += 1;
                }
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
            match class_of(c) {
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
                    match latin(c) {
                        // Latin letters with accents, the common case: from a table.
                        Some((folded, sep)) => {
                            b.text.push_str(folded);
                            produced_sep = *sep;
                        }
                        None => fold_char(c, &mut b.text, &mut produced_sep),
                    }
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
        let i = self
            .segs
            .partition_point(|s| s.f as usize <= f)
            .saturating_sub(1);
        &self.segs[i]
    }

    /// Where folded byte `f` comes from: the original span of its run, or the one byte it maps
    /// to.
    fn source(&self, f: usize) -> Range<usize> {
        Self::source_in(self.seg_at(f), f)
    }

    /// `source`, once `s` is the run at or before `f`.
    fn source_in(s: &Seg, f: usize) -> Range<usize> {
        let (sf, so) = (s.f as usize, s.o as usize);
        let (flen, olen) = (s.flen as usize, s.olen as usize);
        if f < sf + flen {
            so..so + olen
        } else {
            let o = so + olen + (f - sf - flen);
            o..o + 1
        }
    }

    /// The original byte offset where folded byte `f` comes from.
    pub fn original_start(&self, f: usize) -> usize {
        if f >= self.text.len() {
            return self.original_len;
        }
        self.source(f).start.min(self.original_len)
    }

    /// `original_start`, searched from `hint` ([`seek`]).
    pub(crate) fn original_start_from(&self, hint: &mut usize, f: usize) -> usize {
        if f >= self.text.len() {
            return self.original_len;
        }
        let i = seek(&self.segs, hint, f + 1, |s| s.f as usize).saturating_sub(1);
        Self::source_in(&self.segs[i], f)
            .start
            .min(self.original_len)
    }

    /// The original byte offset just after the source of folded byte `f - 1` (the end of a
    /// folded range ending at `f`).
    pub fn original_end(&self, f: usize) -> usize {
        if f == 0 {
            return 0;
        }
        self.source(f - 1).end.min(self.original_len)
    }

    /// The original byte range that a folded range comes from.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.original_start(r.start);
        start..self.original_end(r.end).max(start)
    }

    /// The folded offset of the first folded byte that comes from original offset `o` or later.
    pub fn folded_offset(&self, o: usize) -> usize {
        // The first run that ends after `o`.
        let i = self.segs.partition_point(|s| (s.o + s.olen) as usize <= o);
        self.folded_offset_in(i, o)
    }

    /// `folded_offset`, searched from `hint` ([`seek`]).
    pub(crate) fn folded_offset_from(&self, hint: &mut usize, o: usize) -> usize {
        let i = seek(&self.segs, hint, o + 1, |s| (s.o + s.olen) as usize);
        self.folded_offset_in(i, o)
    }

    /// `folded_offset`, once `i` is the first run that ends after `o`.
    fn folded_offset_in(&self, i: usize, o: usize) -> usize {
        let f = match self.segs.get(i) {
            Some(s) if s.o as usize <= o && s.olen > 0 => s.f as usize,
            _ => {
                // In the stretch after the run before.
                let p = &self.segs[i.saturating_sub(1)];
                let (pf, po) = ((p.f + p.flen) as usize, (p.o + p.olen) as usize);
                let f = pf + o.saturating_sub(po);
                match self.segs.get(i) {
                    Some(s) => f.min(s.f as usize),
                    None => f,
                }
            }
        };
        f.min(self.text.len())
    }

    /// The folded offset where the clause holding folded offset `f` starts.
    pub fn clause_start(&self, f: usize) -> usize {
        let i = after(&self.breaks, f);
        if i == 0 {
            0
        } else {
            self.breaks[i - 1] as usize
        }
    }

    /// The folded offset where the clause holding folded offset `f` ends.
    pub fn clause_end(&self, f: usize) -> usize {
        let i = after(&self.breaks, f);
        self.breaks.get(i).map_or(self.text.len(), |&b| b as usize)
    }

    /// The clause holding folded offset `f`: where it starts and where it ends (`clause_start`
    /// and `clause_end` with one search).
    pub fn clause_span(&self, f: usize) -> (usize, usize) {
        let i = after(&self.breaks, f);
        let s = if i == 0 {
            0
        } else {
            self.breaks[i - 1] as usize
        };
        (
            s,
            self.breaks.get(i).map_or(self.text.len(), |&b| b as usize),
        )
    }

    /// `clause_span`, searched from `hint` ([`seek`]).
    pub(crate) fn clause_span_from(&self, hint: &mut usize, f: usize) -> (usize, usize) {
        let i = seek(&self.breaks, hint, f + 1, |&b| b as usize);
        let s = if i == 0 {
            0
        } else {
            self.breaks[i - 1] as usize
        };
        (
            s,
            self.breaks.get(i).map_or(self.text.len(), |&b| b as usize),
        )
    }

    /// The sentence holding folded offset `f`: `sentence_start` and `sentence_end` with one
    /// search, from `hint` ([`seek`]).
    pub(crate) fn sentence_span_from(&self, hint: &mut usize, f: usize) -> (usize, usize) {
        let i = seek(&self.stops, hint, f + 1, |&b| b as usize);
        let s = if i == 0 {
            0
        } else {
            self.stops[i - 1] as usize
        };
        (
            s,
            self.stops.get(i).map_or(self.text.len(), |&b| b as usize),
        )
    }

    /// Whether a comma, a parenthesis or a dash lies strictly between folded offsets `a` and
    /// `b` (`a <= b`), searched from `hint` ([`seek`]): `any_break_between` where no clause
    /// break can lie between them.
    pub(crate) fn minor_between_from(&self, hint: &mut usize, a: usize, b: usize) -> bool {
        let i = seek(&self.minor, hint, a + 1, |&x| x as usize);
        self.minor.get(i).is_some_and(|&x| (x as usize) < b)
    }

    /// The folded offset where the sentence holding folded offset `f` starts (a clause break
    /// that ends a sentence, or 0).
    pub fn sentence_start(&self, f: usize) -> usize {
        let i = after(&self.stops, f);
        if i == 0 {
            0
        } else {
            self.stops[i - 1] as usize
        }
    }

    /// The folded offset where the sentence holding folded offset `f` ends.
    pub fn sentence_end(&self, f: usize) -> usize {
        let i = after(&self.stops, f);
        self.stops.get(i).map_or(self.text.len(), |&b| b as usize)
    }

    /// The last colon break at or before folded offset `f` and at or after `min`: where the
    /// lead-in of a list ends.
    pub fn colon_before(&self, f: usize, min: usize) -> Option<usize> {
        let i = after(&self.colons, f);
        let c = *self.colons.get(i.checked_sub(1)?)? as usize;
        (c >= min).then_some(c)
    }

    /// Whether a clause break, a comma, a parenthesis or a dash lies strictly between folded
    /// offsets `a` and `b`.
    pub fn any_break_between(&self, a: usize, b: usize) -> bool {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let i = after(&self.minor, a);
        self.break_between(a, b) || self.minor.get(i).is_some_and(|&x| (x as usize) < b)
    }

    /// Whether a clause break lies strictly between folded offsets `a` and `b`.
    pub fn break_between(&self, a: usize, b: usize) -> bool {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let i = after(&self.breaks, a);
        self.breaks.get(i).is_some_and(|&x| (x as usize) < b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeking_from_any_hint_finds_what_a_binary_search_finds() {
        let v: Vec<u32> = vec![3, 3, 7, 10, 10, 10, 15, 40, 41, 90];
        for x in 0..100 {
            let want = v.partition_point(|&b| (b as usize) < x);
            for h in 0..=v.len() + 2 {
                let mut hint = h;
                assert_eq!(
                    seek(&v, &mut hint, x, |&b| b as usize),
                    want,
                    "x {x} hint {h}"
                );
                assert_eq!(hint, want);
            }
        }
        let mut hint = 0;
        assert_eq!(seek(&[] as &[u32], &mut hint, 5, |&b| b as usize), 0);
    }

    #[test]
    fn spans_searched_from_a_hint_are_the_spans() {
        let f = Folded::new("Uno, dos: tres. Cuatro (cinco); seis.\n\nSiete, ocho. Nueve");
        for (ha, hb) in [(0, 0), (0, 100), (5, 2)] {
            let (mut h1, mut h2, mut h3) = (ha, hb, ha);
            for x in (0..f.text.len()).chain((0..f.text.len()).rev()) {
                assert_eq!(f.clause_span_from(&mut h1, x), f.clause_span(x));
                assert_eq!(
                    f.sentence_span_from(&mut h2, x),
                    (f.sentence_start(x), f.sentence_end(x))
                );
                for y in x..f.text.len() {
                    if !f.break_between(x, y) {
                        assert_eq!(
                            f.minor_between_from(&mut h3, x, y),
                            f.any_break_between(x, y),
                            "{x}..{y}"
                        );
                    }
                }
            }
        }
    }

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
    fn folded_offsets_agree_with_the_map_back() {
        let original = "Ação—«x»  ﬁm\n\nÅngström 9º §2 comu-\nnica\u{00AD}ción. Fin, «sí».";
        let f = Folded::new(original);
        for o in (0..=original.len()).filter(|&o| original.is_char_boundary(o)) {
            // The first folded byte whose source (not empty) ends after `o`.
            let want = (0..=f.text.len())
                .find(|&x| {
                    x == f.text.len()
                        || (f.original_end(x + 1) > o
                            && f.original_end(x + 1) > f.original_start(x))
                })
                .unwrap();
            assert_eq!(f.folded_offset(o), want, "original offset {o}");
        }
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
