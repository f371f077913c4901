//! `scan`: where in a bill's text each item of a checklist is settled.
//!
//! Owns: the matcher built from a checklist's indicator phrases (`[[indicators]]`, `[[phrase_sets]]`
//! and `[negations]`, declared in the catalog, never in code), the reading of negations ("sin
//! orden judicial" is not a judicial order; "ninguna comunicación podrá interceptarse sin orden
//! judicial" is one), the ranking of articles per item, the detection of the text's language,
//! and the [`ScanReport`] it all produces. Rendering is in `render`, the draft answers file in
//! `prefill`. Reading the bill and splitting it into articles is [`crate::bill`]'s job.
//!
//! How it matches: every phrase is folded ([`crate::fold`]) and matched at word boundaries with
//! one Aho-Corasick automaton (leftmost-longest), so the longest phrase wins where phrases
//! overlap: "sin orden judicial" (a red flag) shadows "orden judicial" (an indicator). A match
//! also counts for every shorter phrase of another item that it contains. Then each indicator
//! and red flag is read in its clause: a negation word shortly before an indicator ("sin", "no
//! se requerirá") or shortly after it ("no será necesaria") turns it into a red flag, unless a
//! prohibition precedes the negation in the same sentence ("no podrá ... sin", "constituye
//! delito ... sin"), which makes it an indicator again; a red flag that is itself a negation
//! ("sin orden judicial") preceded by a prohibition becomes an indicator; a red flag denied ("no
//! podrá ser ordenada por el fiscal") becomes neutral. A negation reaches three words and never
//! across a comma; a prohibition reaches twenty words and never across a sentence. Where in
//! doubt, a phrase shows as a red flag for a person to read, never as a safeguard.

pub mod gold;
mod prefill;
mod render;
pub mod result;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

pub use prefill::prefill;
pub use render::{ScanFormat, render_scan};
pub use result::ScanReport;
// Where a phrase's gaps are belongs to the checklist format; kept here as well for callers.
pub use crate::model::phrase_parts;

use crate::bill::{Bill, BillFile, SegmentKind};
use crate::checklist::Checklist;
use crate::fold::{Folded, fold, seek};
use crate::result::{BillFileInfo, Tool};
use crate::verify::location;
use result::{
    Mark, MarkKind, Reason, RedFlag, ScanArticle, ScanChecklist, ScanCounts, ScanItem, ScanPassage,
    Signal,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EntryKind {
    Topic,
    Indicator,
    RedFlag,
}

/// One phrase of one item.
#[derive(Debug, Clone)]
struct Entry {
    item: usize,
    kind: EntryKind,
    /// As written in the checklist.
    phrase: String,
    /// A red flag that is itself a negation ("sin orden judicial").
    negation_form: bool,
    /// Written with a final `*`: the last word may go on ("intercept*" matches "interception").
    open_end: bool,
    /// The parts after a gap (`…`), folded, each with a leading space: "el juez … podrá
    /// ordenar" matches "el juez de garantías, a solicitud del fiscal, podrá ordenar".
    tail: Vec<String>,
    /// A topic of the item's first topic set: the matter itself, which an indicator or a red
    /// flag must meet ("interception" for the judicial order of interception; "traffic data"
    /// is only a second topic of it).
    primary: bool,
    /// A topic taken from a power's indicators ("las operadoras manterão … os registros"),
    /// not from a topic set: it says where the matter is, but is no context for itself.
    derived: bool,
    /// An indicator of a power item so specific (three words or more) that it needs no topic
    /// around it: it names the power.
    self_evident: bool,
    /// A phrase of a power item (which has no red flags: the power is there or not).
    power: bool,
}

/// How many words a gap may skip, and how far (bytes) it may look.
const GAP_WORDS: usize = 12;
const GAP_BYTES: usize = 200;

/// A phrase found inside a matched pattern: its entry and its place in the pattern.
#[derive(Debug, Clone, Copy)]
struct Implied {
    entry: usize,
    start: usize,
    len: usize,
}

/// What reading a match needs of one phrase it implies, in one small record: the matching loop
/// visits millions of them, and a look-up of the entry for each waited on memory.
#[derive(Debug, Clone, Copy)]
struct Hot {
    entry: u32,
    item: u32,
    /// Where the phrase lies in the pattern (after its leading space), and its length.
    start: u32,
    len: u32,
    /// The entry's parts after its gaps (an index into `Matcher::tails`), or [`NO_TAIL`].
    tail: u32,
    kind: EntryKind,
    /// [`OPEN_END`], [`POWER`], [`NEGATION_FORM`], [`PRIMARY`], [`DERIVED`], [`SELF_EVIDENT`].
    flags: u8,
}

const NO_TAIL: u32 = u32::MAX;
/// Bits of [`Hot::flags`] and [`Hit::flags`]: the entry's flags of the same names.
const OPEN_END: u8 = 1;
const POWER: u8 = 2;
const NEGATION_FORM: u8 = 4;
const PRIMARY: u8 = 8;
const DERIVED: u8 = 16;
const SELF_EVIDENT: u8 = 32;

/// The parts after the gaps of a phrase, each with its searcher built once (several items
/// share a phrase, so several entries share its tail).
struct Tail {
    parts: Vec<memchr::memmem::Finder<'static>>,
    /// The last word may go on.
    open_end: bool,
}

const BEFORE: u8 = 1;
const AFTER: u8 = 2;
const PROHIBITION: u8 = 4;
const NOT_NEGATION: u8 = 8;

/// How many words may separate a negation from the phrase it denies.
const NEGATION_REACH: usize = 3;
/// How many words may separate a negation after a phrase from it.
const AFTER_REACH: usize = 4;
/// How many words may separate a prohibition from the negation it turns around (within one
/// sentence; commas allowed, since a prohibition governs its whole sentence).
const PROHIBITION_REACH: usize = 20;
/// At most this many passages per article, and red flags in the whole list.
const MAX_PASSAGES: usize = 3;
const MAX_RED_FLAGS: usize = 1000;
/// Passages longer than this (bytes) are cut around their matches.
const MAX_PASSAGE: usize = 420;

struct Cues {
    ac: AhoCorasick,
    kinds: Vec<u8>,
}

/// The phrases of a checklist in one language, ready to match.
pub struct Matcher {
    /// The language of the phrases.
    pub lang: String,
    /// The patterns, and their automaton built on first use: a contiguous NFA, whatever the
    /// length of the text. A DFA searches a little faster alone, but it takes 8 MB for the
    /// phrases of one language and 60 ms or more to build, and between two of its searches
    /// reading a match pushes it out of the processor's cache: over a whole bill the NFA,
    /// twenty times smaller, is faster.
    patterns: Vec<String>,
    nfa: OnceLock<AhoCorasick>,
    /// What each pattern implies, all patterns in one table: pattern `p`'s phrases are
    /// `hot[hot_at[p]..hot_at[p + 1]]`.
    hot: Vec<Hot>,
    hot_at: Vec<u32>,
    /// The distinct parts after gaps.
    tails: Vec<Tail>,
    entries: Vec<Entry>,
    cues: Option<Cues>,
    /// Per checklist item, whether it has phrases in this language.
    has_phrases: Vec<bool>,
    /// Every phrase as written, once.
    written: Vec<String>,
    /// Per pattern, the offset of its first word that opens a longer phrase ("por un plazo"
    /// and "plazo máximo de"): the search resumes there after a match, not after it; 0 if none.
    restart: Vec<u32>,
    /// The topic phrases alone, matched overlapping: where a sentence, a title or a heading
    /// names an item's matter, even inside a longer phrase of another item.
    topics: Option<Topics>,
}

/// An item a topic pattern belongs to: (item, only as a power's phrase, of its first set).
type TopicOf = (usize, bool, bool);

struct Topics {
    ac: AhoCorasick,
    /// Per pattern: the items it is a topic of (whether only as a power's phrase, and whether
    /// of the item's first topic set), and whether its last word may go on.
    items: Vec<(Vec<TopicOf>, bool)>,
}

fn build_ll(patterns: &[String], kind: aho_corasick::AhoCorasickKind) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(kind))
        .build(patterns)
        .expect("folded phrases build an automaton")
}

impl Matcher {
    /// The matcher for a checklist's phrases in `lang`.
    // Long: builds the matcher's tables in order, each from those before (negation cues, entries,
    // unique patterns, what each pattern implies, topics, restarts), each step under a comment; the
    // steps share a dozen tables that are half built until the end.
    pub fn new(c: &Checklist, lang: &str) -> Matcher {
        let lang_of =
            |p: &crate::model::Phrases| -> Vec<String> { p.get(lang).cloned().unwrap_or_default() };
        // Negation cues.
        let mut cue_kinds: BTreeMap<String, u8> = BTreeMap::new();
        if let Some(n) = &c.negations {
            for (table, bit) in [
                (&n.before, BEFORE),
                (&n.after, AFTER),
                (&n.prohibitions, PROHIBITION),
                (&n.not_negations, NOT_NEGATION),
            ] {
                for p in lang_of(table) {
                    let f = fold(&p);
                    if !f.is_empty() {
                        *cue_kinds.entry(f).or_default() |= bit;
                    }
                }
            }
        }
        let before_cues: Vec<&String> = cue_kinds
            .iter()
            .filter(|(_, k)| *k & BEFORE != 0)
            .map(|(p, _)| p)
            .collect();
        let cues = (!cue_kinds.is_empty()).then(|| {
            let pats: Vec<String> = cue_kinds.keys().map(|p| format!(" {p}")).collect();
            Cues {
                // A few dozen words: a small DFA, the fastest search over the whole text.
                ac: build_ll(&pats, aho_corasick::AhoCorasickKind::DFA),
                kinds: cue_kinds.values().copied().collect(),
            }
        });

        // Entries, deduplicated per item, kind and folded phrase.
        let mut entries: Vec<Entry> = Vec::new();
        let mut folded_of: Vec<String> = Vec::new();
        let mut seen: BTreeSet<(usize, EntryKind, String)> = BTreeSet::new();
        let mut has_phrases = vec![false; c.items.len()];
        let mut written: BTreeSet<String> = BTreeSet::new();
        // The wording that shows a power is created also shows its matter: the indicators of a
        // power item are topics of every item that shares the power's first topic set ("las
        // operadoras manterão … os registros" is about retention for every retention item).
        // Only phrases of three words or more: "poderá requisitar" says nothing of the matter.
        let mut power_topics: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for ind in &c.indicators {
            let is_power = c
                .item_index(&ind.item)
                .is_some_and(|i| c.items[i].kind == crate::model::ItemKind::Power);
            if let (true, Some(first)) = (is_power, ind.topics.first()) {
                let v = power_topics.entry(first.as_str()).or_default();
                let mut all = lang_of(&ind.phrases);
                for id in &ind.phrase_sets {
                    if let Some(s) = c.phrase_set(id) {
                        all.extend(lang_of(&s.phrases));
                    }
                }
                v.extend(all.into_iter().filter(|p| long_phrase(p)));
            }
        }
        for ind in &c.indicators {
            let Some(item) = c.item_index(&ind.item) else {
                continue;
            };
            let is_power = c.items[item].kind == crate::model::ItemKind::Power;
            let mut push = |kind: EntryKind, phrase: &str, primary: bool, derived: bool| {
                let open_end = phrase.trim_end().ends_with('*');
                let parts: Vec<String> = phrase_parts(phrase).into_iter().map(fold).collect();
                if parts.iter().any(String::is_empty) {
                    return;
                }
                let f = parts[0].clone();
                let tail: Vec<String> = parts[1..].iter().map(|p| format!(" {p}")).collect();
                let key = format!("{}{}", parts.join(" … "), if open_end { "*" } else { "" });
                if !seen.insert((item, kind, key)) {
                    if primary
                        && let Some(e) = entries
                            .iter_mut()
                            .find(|e| e.item == item && e.kind == kind && e.phrase == phrase)
                    {
                        e.primary = true;
                    }
                    return;
                }
                let negation_form = kind == EntryKind::RedFlag
                    && before_cues
                        .iter()
                        .any(|cue| f == **cue || f.starts_with(&format!("{cue} ")));
                written.insert(phrase.to_string());
                entries.push(Entry {
                    item,
                    kind,
                    phrase: phrase.to_string(),
                    negation_form,
                    open_end,
                    tail,
                    primary,
                    derived,
                    self_evident: is_power && kind == EntryKind::Indicator && long_phrase(phrase),
                    power: is_power,
                });
                folded_of.push(f);
            };
            let sets = |ids: &[String]| -> Vec<String> {
                ids.iter()
                    .filter_map(|id| c.phrase_set(id))
                    .flat_map(|s| lang_of(&s.phrases))
                    .collect()
            };
            for (n, t) in ind.topics.iter().enumerate() {
                for p in sets(std::slice::from_ref(t)) {
                    push(EntryKind::Topic, &p, n == 0, false);
                }
                if !is_power {
                    for p in power_topics.get(t.as_str()).into_iter().flatten() {
                        push(EntryKind::Topic, p, n == 0, true);
                    }
                }
            }
            for p in lang_of(&ind.phrases)
                .into_iter()
                .chain(sets(&ind.phrase_sets))
            {
                push(EntryKind::Indicator, &p, false, false);
            }
            for p in lang_of(&ind.red_flags)
                .into_iter()
                .chain(sets(&ind.red_flag_sets))
            {
                push(EntryKind::RedFlag, &p, false, false);
            }
        }
        for e in &entries {
            has_phrases[e.item] = true;
        }

        // Unique patterns, each with the entries it stands for.
        let mut pattern_ids: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_pattern: Vec<Vec<usize>> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        for (ei, f) in folded_of.iter().enumerate() {
            let id = *pattern_ids.entry(f.as_str()).or_insert_with(|| {
                patterns.push(format!(" {f}"));
                by_pattern.push(Vec::new());
                patterns.len() - 1
            });
            by_pattern[id].push(ei);
        }
        // The tails, each once.
        let mut tail_ids: BTreeMap<(&[String], bool), u32> = BTreeMap::new();
        let mut tails: Vec<Tail> = Vec::new();
        let entry_tail: Vec<u32> = entries
            .iter()
            .map(|e| {
                if e.tail.is_empty() {
                    return NO_TAIL;
                }
                *tail_ids
                    .entry((e.tail.as_slice(), e.open_end))
                    .or_insert_with(|| {
                        tails.push(Tail {
                            parts: e
                                .tail
                                .iter()
                                .map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned())
                                .collect(),
                            open_end: e.open_end,
                        });
                        (tails.len() - 1) as u32
                    })
            })
            .collect();
        // What each pattern implies: its own entries, and for every other item the phrases of
        // that item it contains (leftmost-longest among them), in the table the matching loop
        // reads.
        let mut hot: Vec<Hot> = Vec::new();
        let mut hot_at = vec![0u32];
        let u =
            |x: usize| u32::try_from(x).expect("a checklist's phrases number far below 4 billion");
        if !patterns.is_empty() {
            let all = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .expect("folded phrases build an automaton");
            for (pi, p) in patterns.iter().enumerate() {
                let own: BTreeSet<usize> =
                    by_pattern[pi].iter().map(|&e| entries[e].item).collect();
                let mut out: Vec<Implied> = by_pattern[pi]
                    .iter()
                    .map(|&e| Implied {
                        entry: e,
                        start: 0,
                        len: p.len() - 1,
                    })
                    .collect();
                let text = format!("{p} ");
                let mut others: BTreeMap<usize, Vec<(usize, usize, usize)>> = BTreeMap::new();
                // The items whose own indicator or red flag this is, and that already have a
                // topic here: a topic of the same item inside it still says where the matter
                // is ("interceptación de las comunicaciones" holds "intercept*").
                let mut own_topic: BTreeSet<usize> = by_pattern[pi]
                    .iter()
                    .filter(|&&e| entries[e].kind == EntryKind::Topic)
                    .map(|&e| entries[e].item)
                    .collect();
                for m in all.find_overlapping_iter(&text) {
                    if m.pattern().as_usize() == pi {
                        continue;
                    }
                    let bounded = text.as_bytes()[m.end()] == b' ';
                    for &e in &by_pattern[m.pattern().as_usize()] {
                        let item = entries[e].item;
                        let open = entries[e].open_end && entries[e].tail.is_empty();
                        if !(bounded || open) {
                            continue;
                        }
                        if !own.contains(&item) {
                            others.entry(item).or_default().push((
                                m.start(),
                                m.end() - m.start() - 1,
                                e,
                            ));
                        } else if entries[e].kind == EntryKind::Topic
                            && entries[e].tail.is_empty()
                            && own_topic.insert(item)
                        {
                            out.push(Implied {
                                entry: e,
                                start: m.start(),
                                len: m.end() - m.start() - 1,
                            });
                        }
                    }
                }
                for (_, mut v) in others {
                    v.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                    let mut end = 0;
                    let mut last_span = None;
                    for (s, len, e) in v {
                        if Some((s, len)) == last_span {
                            // Same words, another kind of the same item (topic and indicator).
                            out.push(Implied {
                                entry: e,
                                start: s,
                                len,
                            });
                            continue;
                        }
                        if s < end {
                            continue;
                        }
                        end = s + len + 1;
                        last_span = Some((s, len));
                        out.push(Implied {
                            entry: e,
                            start: s,
                            len,
                        });
                    }
                }
                for imp in out {
                    let e = &entries[imp.entry];
                    let flags = [
                        (e.open_end, OPEN_END),
                        (e.power, POWER),
                        (e.negation_form, NEGATION_FORM),
                        (e.primary, PRIMARY),
                        (e.derived, DERIVED),
                        (e.self_evident, SELF_EVIDENT),
                    ]
                    .iter()
                    .filter(|(on, _)| *on)
                    .fold(0, |acc, (_, bit)| acc | bit);
                    hot.push(Hot {
                        entry: u(imp.entry),
                        item: u(e.item),
                        start: u(imp.start),
                        len: u(imp.len),
                        tail: entry_tail[imp.entry],
                        kind: e.kind,
                        flags,
                    });
                }
                hot_at.push(u(hot.len()));
            }
        }
        let mut topic_pats: BTreeMap<String, (Vec<TopicOf>, bool)> = BTreeMap::new();
        for (e, f) in entries.iter().zip(&folded_of) {
            if e.kind == EntryKind::Topic && e.tail.is_empty() {
                let v = topic_pats.entry(format!(" {f}")).or_default();
                match v.0.iter_mut().find(|(i, _, _)| *i == e.item) {
                    Some(x) => {
                        x.1 &= e.derived;
                        x.2 |= e.primary;
                    }
                    None => v.0.push((e.item, e.derived, e.primary)),
                }
                v.1 |= e.open_end;
            }
        }
        let topics = (!topic_pats.is_empty()).then(|| Topics {
            ac: AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(topic_pats.keys())
                .expect("folded phrases build an automaton"),
            items: topic_pats.into_values().collect(),
        });
        // Where a pattern's word suffix opens a longer pattern.
        let mut sorted: Vec<&str> = patterns.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        let restart = patterns
            .iter()
            .map(|p| {
                p.char_indices()
                    .filter(|&(k, c)| k > 0 && c == ' ')
                    .map(|(k, _)| k)
                    .find(|&k| {
                        let suffix = &p[k..];
                        let at = sorted.partition_point(|q| *q < suffix);
                        sorted[at..]
                            .iter()
                            .take_while(|q| q.starts_with(suffix))
                            .any(|q| q.len() > suffix.len())
                    })
                    .map_or(0, |k| k as u32)
            })
            .collect();
        Matcher {
            restart,
            topics,
            lang: lang.to_string(),
            nfa: OnceLock::new(),
            patterns,
            hot,
            hot_at,
            tails,
            entries,
            cues,
            has_phrases,
            written: written.into_iter().collect(),
        }
    }

    /// The items whose matter (first topic set) the folded text `text[a..b]` names, at word
    /// boundaries, added to `out`.
    fn topic_items(&self, text: &str, a: usize, b: usize, out: &mut Vec<usize>) {
        let Some(t) = &self.topics else {
            return;
        };
        let b = b.min(text.len());
        let bytes = text.as_bytes();
        for m in
            t.ac.find_overlapping_iter(aho_corasick::Input::new(text).range(a..b))
        {
            let (items, open) = &t.items[m.pattern().as_usize()];
            if *open || bytes.get(m.end()) == Some(&b' ') {
                for &(i, _, primary) in items {
                    if primary && !out.contains(&i) {
                        out.push(i);
                    }
                }
            }
        }
    }

    /// Like [`Matcher::topic_items`], with where each topic is: (item, start, end).
    fn topic_spans(&self, text: &str, a: usize, b: usize, out: &mut Vec<TopicAt>) {
        let Some(t) = &self.topics else {
            return;
        };
        let b = b.min(text.len());
        let bytes = text.as_bytes();
        for m in
            t.ac.find_overlapping_iter(aho_corasick::Input::new(text).range(a..b))
        {
            let (items, open) = &t.items[m.pattern().as_usize()];
            if *open || bytes.get(m.end()) == Some(&b' ') {
                for &(i, derived, primary) in items {
                    if primary {
                        out.push((i, m.start() + 1, m.end(), derived));
                    }
                }
            }
        }
    }

    /// Whether `text[a..b]` names any topic of `item` (of any of its topic sets).
    fn names_any_topic(&self, text: &str, a: usize, b: usize, item: usize) -> bool {
        let Some(t) = &self.topics else {
            return false;
        };
        let b = b.min(text.len());
        t.ac.find_overlapping_iter(aho_corasick::Input::new(text).range(a..b))
            .any(|m| {
                let (items, open) = &t.items[m.pattern().as_usize()];
                (*open || text.as_bytes().get(m.end()) == Some(&b' '))
                    && items.iter().any(|&(i, _, _)| i == item)
            })
    }

    /// The automaton, if there are phrases.
    fn automaton(&self) -> Option<&AhoCorasick> {
        if self.patterns.is_empty() {
            return None;
        }
        Some(
            self.nfa.get_or_init(|| {
                build_ll(&self.patterns, aho_corasick::AhoCorasickKind::ContiguousNFA)
            }),
        )
    }

    /// Whether the checklist has no phrase in this language.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every phrase as written in the checklist, once, sorted.
    pub fn phrases(&self) -> &[String] {
        &self.written
    }
}

/// A match after reading its context.
#[derive(Debug, Clone)]
struct Hit {
    entry: usize,
    /// The entry's item, kind and flags ([`Hot::flags`]): reading the hit needs no look-up.
    item: u32,
    entry_kind: EntryKind,
    flags: u8,
    /// Folded range.
    range: Range<usize>,
    kind: MarkKind,
    reason: Reason,
}

/// A negation cue in a folded text: start, end, kind.
type Cue = (u32, u32, u8);

/// The negation cues around a folded range.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    /// A negation (or prohibition) shortly before, and whether a prohibition precedes it.
    negated_before: Option<bool>,
    /// A negation shortly after.
    negated_after: bool,
    /// A prohibition before the range in its clause.
    prohibited: bool,
    /// Where the negation before ends, when that negation is itself a prohibition ("no se
    /// podrán"): what lies between says whether it denies the phrase or forbids a measure.
    modal_end: Option<usize>,
}

/// How many words `text[a..b]` holds: the bytes that open a word (not a space, and first or
/// after a space).
fn words_between(text: &str, a: usize, b: usize) -> usize {
    if b <= a {
        return 0;
    }
    let s = &text.as_bytes()[a..b];
    usize::from(s[0] != b' ')
        + s.windows(2)
            .filter(|w| w[0] == b' ' && w[1] != b' ')
            .count()
}

impl Matcher {
    /// Every negation cue of a folded text, found once (leftmost-longest, whole words), as
    /// (start, end, kind) in text order.
    fn cues_of(&self, f: &Folded) -> Vec<Cue> {
        let Some(cues) = &self.cues else {
            return Vec::new();
        };
        let bytes = f.text.as_bytes();
        cues.ac
            .find_iter(&f.text)
            .filter(|m| bytes.get(m.end()) == Some(&b' '))
            .map(|m| {
                (
                    m.start() as u32,
                    m.end() as u32,
                    cues.kinds[m.pattern().as_usize()],
                )
            })
            .collect()
    }

    /// The negation cues around folded range `a..b`, read from the text's cues (`cues_of`).
    ///
    /// The cues looked at before the range start inside its clause, and those after it end
    /// inside the clause of its end: no clause break lies between a cue and the range, so only
    /// commas, parentheses and dashes are looked for between them.
    fn context(
        &self,
        f: &Folded,
        all: &[Cue],
        (a, b): (usize, usize),
        clauses: &mut [ClauseCursor; 2],
        at: &mut CueCursor,
    ) -> Context {
        if self.cues.is_none() {
            return Context::default();
        }
        let text = &f.text;
        let mut ctx = Context::default();
        // Before: from the clause start (at most 240 bytes back: twenty words) to the phrase.
        let cs = clauses[0].span(f, a).0;
        let ws = cs.max(a.saturating_sub(240));
        let from = seek(all, &mut at.window, ws, |c| c.0 as usize);
        // At most a handful of cues fit in twenty words.
        let to = seek(all, &mut at.start, a, |c| c.0 as usize).max(from);
        let found = || {
            all[from..to]
                .iter()
                .filter(|c| (c.1 as usize) <= a && c.2 & NOT_NEGATION == 0)
                .map(|&(s, e, k)| (s as usize, e as usize, k))
        };
        let prohibition_before = |x: usize| {
            found().any(|(s, e, k)| {
                k & PROHIBITION != 0
                    && e <= x
                    && s < x
                    && words_between(text, e, x) <= PROHIBITION_REACH
            })
        };
        if let Some((s, e, k)) = found().rev().find(|&(_, e, k)| {
            k & BEFORE != 0
                && words_between(text, e, a) <= NEGATION_REACH
                && !f.minor_between_from(&mut at.minor, e, a)
        }) {
            ctx.negated_before = Some(prohibition_before(s));
            if k & PROHIBITION != 0 {
                ctx.modal_end = Some(e);
            }
        }
        ctx.prohibited = prohibition_before(a);
        // After: a few words on, within the clause.
        // Eighty bytes on may fall inside a character: back to its start.
        let ce = floor(text, clauses[1].span(f, b).1.min(b + 80).min(text.len()));
        if b < ce && text.as_bytes()[b] == b' ' {
            let from = seek(all, &mut at.end, b, |c| c.0 as usize);
            ctx.negated_after =
                all[from..]
                    .iter()
                    .take_while(|c| (c.0 as usize) < ce)
                    .any(|&(s, _, k)| {
                        let s = s as usize;
                        k & AFTER != 0
                            && k & NOT_NEGATION == 0
                            && words_between(text, b, s) <= AFTER_REACH
                            && !f.minor_between_from(&mut at.minor, b, s + 1)
                    });
        }
        ctx
    }

    fn classify(&self, e: &Hot, ctx: Context) -> (MarkKind, Reason) {
        match e.kind {
            EntryKind::Topic => (MarkKind::Topic, Reason::Phrase),
            EntryKind::Indicator => match (ctx.negated_before, ctx.negated_after) {
                (Some(true), _) => (MarkKind::Indicator, Reason::Prohibition),
                // A power denied is no power, and no red flag.
                (Some(false), _) | (None, true) if e.flags & POWER != 0 => {
                    (MarkKind::Neutral, Reason::Negated)
                }
                (Some(false), _) | (None, true) => (MarkKind::RedFlag, Reason::Negated),
                (None, false) => (MarkKind::Indicator, Reason::Phrase),
            },
            EntryKind::RedFlag if e.flags & NEGATION_FORM != 0 => {
                if ctx.prohibited {
                    (MarkKind::Indicator, Reason::Prohibition)
                } else {
                    (MarkKind::RedFlag, Reason::Phrase)
                }
            }
            EntryKind::RedFlag => match ctx.negated_before {
                Some(_) => (MarkKind::Neutral, Reason::NegatedRedFlag),
                None => (MarkKind::RedFlag, Reason::Phrase),
            },
        }
    }

    /// Every match in one file, with its meaning, in text order.
    fn for_each_hit(&self, f: &Folded, mut sink: impl FnMut(Hit)) {
        let Some(ac) = self.automaton() else {
            return;
        };
        let text = &f.text;
        let bytes = text.as_bytes();
        let cues = self.cues_of(f);
        let mut held = 0usize;
        let mut cache: Vec<(usize, usize, Context)> = Vec::new();
        // Matches come in text order: the clauses of the last positions asked, found once.
        let mut clauses: [ClauseCursor; 2] = Default::default();
        let mut gap_clause = ClauseCursor::default();
        let mut pos = 0;
        // Where the matches held so far end.
        let mut covered = 0usize;
        // The gap phrases found, as (start, end): a gap phrase's last words belong to the
        // first that reaches them ("el juez, a petición del Ministerio Público, podrá ordenar"
        // is the judge's order, not the prosecutor's).
        let mut tails: Vec<(usize, usize)> = Vec::new();
        // Where the parts after a gap end, followed from a position, for the match being read:
        // several items share a gap phrase, and each would follow it again. (position, tail,
        // end).
        let mut followed: Vec<(usize, u32, Option<usize>)> = Vec::new();
        // Where the search for cues stopped last: contexts come in text order.
        let mut cue_at = CueCursor::default();
        // Leftmost-longest, resuming at the next word after each match: a phrase that lies
        // inside one already found is left to it (it is among what that match implies: "sin
        // orden judicial" shadows "orden judicial"), but one that starts inside and ends beyond
        // is found too ("por un plazo" and "plazo máximo de seis meses" overlap, and both
        // count).
        while let Some(m) = ac.find(aho_corasick::Input::new(text).range(pos..)) {
            let before = held;
            if m.end() >= bytes.len() {
                break;
            }
            if m.end() <= covered {
                pos = m.start() + 1;
                continue;
            }
            let bounded = bytes[m.end()] == b' ';
            let base = m.start() + 1;
            cache.clear();
            followed.clear();
            let p = m.pattern().as_usize();
            for e in &self.hot[self.hot_at[p] as usize..self.hot_at[p + 1] as usize] {
                let (start, len) = (e.start as usize, e.len as usize);
                let whole = start == 0 && base + len == m.end();
                let open_head = e.flags & OPEN_END != 0 && e.tail == NO_TAIL;
                if whole && !bounded && !open_head {
                    continue;
                }
                let (a, mut b) = (base + start, base + start + len);
                if whole && open_head {
                    // Mark the whole word.
                    b += text[b..].find(' ').unwrap_or(0);
                }
                if e.tail != NO_TAIL {
                    let end = match followed.iter().find(|x| x.0 == b && x.1 == e.tail) {
                        Some(x) => x.2,
                        None => {
                            let end =
                                follow_tail(f, b, &self.tails[e.tail as usize], &mut gap_clause);
                            followed.push((b, e.tail, end));
                            end
                        }
                    };
                    match end {
                        Some(end) => b = end,
                        None => continue,
                    }
                    tails.retain(|&(_, end)| end > a);
                    if tails.iter().any(|&(s, end)| end == b && s < a) {
                        continue;
                    }
                    if !tails.contains(&(a, b)) {
                        tails.push((a, b));
                    }
                }
                let ctx = if e.kind == EntryKind::Topic {
                    Context::default()
                } else if let Some(c) = cache.iter().find(|c| c.0 == a && c.1 == b) {
                    c.2
                } else {
                    let c = self.context(f, &cues, (a, b), &mut clauses, &mut cue_at);
                    cache.push((a, b, c));
                    c
                };
                let (mut kind, mut reason) = self.classify(e, ctx);
                // "No se podrán interceptar las comunicaciones entre el imputado y su
                // abogado": a modal prohibition whose verb is the item's own measure forbids
                // that measure; it does not deny the phrase.
                if kind == MarkKind::RedFlag
                    && reason == Reason::Negated
                    && let Some(me) = ctx.modal_end
                    && self.names_any_topic(text, me, a, e.item as usize)
                {
                    kind = MarkKind::Indicator;
                    reason = Reason::Prohibition;
                }
                held += 1;
                sink(Hit {
                    entry: e.entry as usize,
                    item: e.item,
                    entry_kind: e.kind,
                    flags: e.flags,
                    range: a..b,
                    kind,
                    reason,
                });
            }
            pos = if held > before {
                covered = m.end();
                // Resume after the match, or at the first of its words that opens a longer
                // phrase.
                match self.restart[m.pattern().as_usize()] {
                    0 => m.end(),
                    r => m.start() + r as usize,
                }
            } else {
                m.start() + 1
            };
        }
    }
}

/// Finds the parts after the gaps of a phrase, in order, each within a few words of the last
/// and in the same sentence; returns where the last ends.
fn follow_tail(
    f: &Folded,
    mut pos: usize,
    tail: &Tail,
    clause: &mut ClauseCursor,
) -> Option<usize> {
    let text = &f.text;
    for (i, part) in tail.parts.iter().enumerate() {
        let limit = clause.span(f, pos).1.min(pos + GAP_BYTES).min(text.len());
        let limit = floor(text, limit);
        let s = pos + part.find(text.get(pos..limit)?.as_bytes())?;
        if words_between(text, pos, s) > GAP_WORDS {
            return None;
        }
        let mut e = s + part.needle().len();
        if i + 1 == tail.parts.len() && tail.open_end {
            e += text[e..].find(' ').unwrap_or(0);
        } else if text.as_bytes().get(e) != Some(&b' ') {
            return None;
        }
        pos = e;
    }
    Some(pos)
}

/// Where the matter of an item was found around a match of its indicator or red flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ctx {
    /// Nowhere near: the wording is about something else ("como máximo" in a penalty clause of
    /// an article on retention).
    None,
    /// In the article's title or in a heading it falls under ("Capítulo V. La interceptación").
    Heading,
    /// In the same sentence (or in the lead-in of the list it belongs to), or the item has no
    /// topics.
    Sentence,
}

/// A topic found: (item, start, end) in the folded text, and whether it is only a power's
/// phrase; a topic brought in by a cross-reference has no place (`usize::MAX`).
type TopicAt = (usize, usize, usize, bool);

/// Whether a phrase has three words or more (gaps aside).
fn long_phrase(p: &str) -> bool {
    phrase_parts(p)
        .iter()
        .map(|x| fold(x).split(' ').filter(|w| !w.is_empty()).count())
        .sum::<usize>()
        >= 3
}

/// What one item collected in one article.
#[derive(Default)]
struct Acc {
    /// Distinct entries found, with their meaning and the best context each was found in (a
    /// few per item and article). Indicators and red flags out of context count for ranking
    /// like a topic, and never for the signal.
    found: Vec<(MarkKind, usize, Ctx)>,
    /// The hits shown in passages (in context, and topics).
    hits: Vec<Hit>,
    /// The score it had when it was put among an item's best articles (it no longer changes
    /// there): ranking the next article compares with it, without counting again.
    ranked: u32,
}

impl Acc {
    fn add(&mut self, kind: MarkKind, entry: usize, ctx: Ctx) {
        match self
            .found
            .iter_mut()
            .find(|(k, e, _)| *k == kind && *e == entry)
        {
            Some(f) => f.2 = f.2.max(ctx),
            None => self.found.push((kind, entry, ctx)),
        }
    }

    /// Distinct entries of a kind, in context (topics are always).
    fn count(&self, kind: MarkKind) -> u32 {
        self.found
            .iter()
            .filter(|(k, _, c)| *k == kind && (kind == MarkKind::Topic || *c > Ctx::None))
            .count() as u32
    }

    fn entries(&self, kind: MarkKind) -> Vec<usize> {
        self.found
            .iter()
            .filter(|(k, _, c)| *k == kind && (kind == MarkKind::Topic || *c > Ctx::None))
            .map(|(_, e, _)| *e)
            .collect()
    }

    /// The ranking score: 5 per distinct indicator or red flag met in its sentence, 3 per one
    /// met through a heading, 1 per one out of context or denied, 1 per distinct topic (3 at
    /// most: an article that names the matter often but settles nothing ranks below one that
    /// settles it), and 2 more when an indicator or red flag meets its matter in a sentence.
    fn score(&self) -> u32 {
        let mut s = 0;
        let mut topics = 0;
        let mut met = false;
        for &(k, _, c) in &self.found {
            s += match (k, c) {
                (MarkKind::Topic, _) => {
                    topics += 1;
                    0
                }
                (MarkKind::Neutral, _) => 1,
                (_, Ctx::Sentence) => {
                    met = true;
                    5
                }
                (_, Ctx::Heading) => 3,
                (_, Ctx::None) => 1,
            };
        }
        s + topics.min(3) + if met { 2 } else { 0 }
    }
}

/// A span of a bill: file, start and end bytes.
type Span = (usize, usize, usize);
/// What a red flag gathered: the phrases, the items and the reason.
type FlagAcc = (BTreeSet<String>, BTreeSet<usize>, Reason);
/// What an item gathered in one article: (file, article) and the tally.
type Located = ((usize, usize), Acc);

/// Keep at most this many hits per item and article (enough for three passages).
const MAX_HITS_PER_ARTICLE: usize = 64;
/// A title is the article's first sentence or two, when each is at most this many words.
const TITLE_WORDS: usize = 12;

/// Options of a scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Articles listed per item.
    pub top: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions { top: 3 }
    }
}

/// Whether a folded sentence opens with a list label ("a", "1", "iv", "1 º" is "1"): an item
/// of a list whose lead-in ends with a colon.
fn opens_with_label(f: &Folded, sentence: usize) -> bool {
    let rest = &f.text[(sentence + 1).min(f.text.len())..];
    let w = rest.split(' ').next().unwrap_or("");
    !w.is_empty()
        && w.len() <= 4
        && (w.bytes().all(|b| b.is_ascii_digit())
            || w.len() == 1
            || w.bytes().all(|b| b"ivxlc".contains(&b)))
}

/// Everything `scan` gathers while reading a bill, before it ranks and reports.
struct Gather<'a> {
    m: &'a Matcher,
    top: usize,
    /// Per item, whether it has topics.
    has_topics: Vec<bool>,
    /// Per item, the best articles so far, best first (at most `top`).
    best: Vec<Vec<Located>>,
    /// Per item, whether an indicator of it was found in context anywhere (a power the text
    /// creates).
    found_anywhere: Vec<bool>,
    flags: BTreeMap<Span, FlagAcc>,
    /// Every red flag in context, with its items, to count them once the powers are known.
    red_spans: HashMap<(u32, u32, u32), u64>,
    /// Per item, its group: items that apply under the same powers (`applies_if`) are gated
    /// together, so a red flag keeps one bit per group (64 at most; more share the last).
    group: Vec<u8>,
    /// Per division heading, the items whose topics it names.
    heading_items: HashMap<String, Vec<usize>>,
    /// Per (file, article), the items whose topics its title (or its opening sentence) names:
    /// what a cross-reference to it brings into a sentence.
    article_items: HashMap<(usize, usize), Vec<usize>>,
    /// The last chain of headings met (its address and length) and the items it names.
    last_chain: Option<((usize, usize), Vec<usize>)>,
    /// Per item, where its tally sits in the article being read (`u32::MAX`: none yet).
    slot: Vec<u32>,
    /// Tallies no longer needed, cleared, to be used again.
    pool: Vec<Acc>,
    /// The tables of the article being read, kept to be used again for the next.
    scratch: Scratch,
    /// Where the searches for the folded start and end of the last article ended.
    offset_hint: [usize; 2],
}

/// The tables of one article: the items its headings name, the topics of its sentences, its
/// topic hits and the tally per item.
#[derive(Default)]
struct Scratch {
    heading: Vec<usize>,
    sentences: SentenceTopics,
    hit_topics: Vec<(usize, TopicAt)>,
    accs: Vec<(usize, Acc)>,
}

/// Per sentence met, the items whose topics it names, itself or through the articles it
/// refers to: (sentence start, its topics in `topics`).
#[derive(Default)]
struct SentenceTopics {
    at: Vec<(usize, u32, u32)>,
    topics: Vec<TopicAt>,
}

/// The clause of the last folded position asked, so that the many positions asked in one
/// clause, in text order, find it once instead of searching the clause breaks each time; the
/// next clause is searched from there.
#[derive(Default)]
struct ClauseCursor {
    /// [start, end) of the clause, and whether it is set.
    span: Option<(usize, usize)>,
    hint: usize,
}

impl ClauseCursor {
    /// `f.clause_span(x)`.
    fn span(&mut self, f: &Folded, x: usize) -> (usize, usize) {
        match self.span {
            Some((s, e)) if s <= x && x < e => (s, e),
            _ => {
                let sp = f.clause_span_from(&mut self.hint, x);
                self.span = Some(sp);
                sp
            }
        }
    }
}

/// The sentence of the last folded position asked, so that hits in one sentence find it once;
/// the next sentence is searched from there.
#[derive(Default)]
struct SentenceCursor {
    /// [start, end) of the sentence, and whether it is set.
    span: Option<(usize, usize)>,
    hint: usize,
}

impl SentenceCursor {
    fn start(&mut self, f: &Folded, x: usize) -> usize {
        match self.span {
            Some((s, e)) if s < x && x < e => s,
            _ => {
                let sp = f.sentence_span_from(&mut self.hint, x);
                self.span = Some(sp);
                sp.0
            }
        }
    }
}

/// Where the last searches among a text's negation cues ended, for the next context: the
/// window before a phrase, the phrase's start and end, and the commas between.
#[derive(Default)]
struct CueCursor {
    window: usize,
    start: usize,
    end: usize,
    minor: usize,
}

impl Gather<'_> {
    /// The items whose topics a heading names.
    fn heading(&mut self, title: &str) -> &[usize] {
        if !self.heading_items.contains_key(title) {
            let f = Folded::new(title);
            let mut items: Vec<usize> = Vec::new();
            self.m.topic_items(&f.text, 0, f.text.len(), &mut items);
            self.heading_items.insert(title.to_string(), items);
        }
        &self.heading_items[title]
    }

    /// Whether the sentence starting at folded offset `s` names the matter of `item`, in its
    /// own words or through an article it refers to ("las medidas de los artículos 12 y 13",
    /// "o disposto no art. 10", "el artículo anterior"). `cache` keeps what each sentence names.
    fn named(
        &mut self,
        (bill, fi, ai): (&Bill, usize, Option<usize>),
        s: usize,
        item: usize,
        hit: &Range<usize>,
        cache: &mut SentenceTopics,
    ) -> bool {
        // A power's phrase is no context for itself: such a topic must lie outside the hit's
        // own words.
        let names = |v: &[TopicAt]| {
            v.iter().any(|&(i, a, b, derived)| {
                i == item && !(derived && a >= hit.start && b <= hit.end)
            })
        };
        if let Some(&(_, a, b)) = cache.at.iter().find(|(x, _, _)| *x == s) {
            return names(&cache.topics[a as usize..b as usize]);
        }
        let folded = &bill.files[fi].folded;
        let e = folded.sentence_end(s + 1);
        let from = cache.topics.len();
        let items = &mut cache.topics;
        self.m.topic_spans(&folded.text, s, e, items);
        for r in cross_references(
            &bill.files[fi],
            ai,
            &folded.text[s..e.min(folded.text.len())],
        ) {
            let named = match self.article_items.get(&(fi, r)) {
                Some(v) => v.clone(),
                None => {
                    let v = self.opening_items(bill, fi, r);
                    self.article_items.insert((fi, r), v.clone());
                    v
                }
            };
            for i in named {
                items.push((i, usize::MAX, usize::MAX, false));
            }
        }
        let found = names(&items[from..]);
        cache.at.push((s, from as u32, items.len() as u32));
        found
    }

    /// The items whose topics an article's title names, or its opening sentence when it has
    /// no title.
    fn opening_items(&self, bill: &Bill, fi: usize, ai: usize) -> Vec<usize> {
        let f = &bill.files[fi];
        let folded = &f.folded;
        let a = &f.articles[ai];
        let (s, e) = (
            folded.folded_offset(a.span.start),
            folded.folded_offset(a.span.end),
        );
        let mut items = Vec::new();
        if let Some((ts, te)) = title(folded, s, e) {
            self.m.topic_items(&folded.text, ts, te, &mut items);
            return items;
        }
        let mut t = s;
        for _ in 0..2 {
            let se = folded.sentence_end(t + 1).min(e);
            if se <= t {
                break;
            }
            if words_between(&folded.text, t, se) > 3 {
                self.m
                    .topic_items(&folded.text, t, se.min(t + OPENING_BYTES), &mut items);
                break;
            }
            t = se;
        }
        items
    }

    /// Reads the hits of one segment (or of text outside any, `ai` = None): puts each in its
    /// context, adds them to the article's tallies, keeps the best articles per item and the
    /// red flags.
    // Long: one walk over a segment's hits in text order, keeping the sentence, the headings' items
    // and the items met so far as it goes; each hit's reading depends on the hits before it.
    fn article(&mut self, bill: &Bill, fi: usize, ai: Option<usize>, hits: &mut Vec<Hit>) {
        if hits.is_empty() {
            return;
        }
        let mut sc = std::mem::take(&mut self.scratch);
        self.read_article(bill, fi, ai, hits, &mut sc);
        self.scratch = sc;
    }

    /// [`Gather::article`], with the tables of one article kept from one to the next.
    // Long: see `article`.
    fn read_article(
        &mut self,
        bill: &Bill,
        fi: usize,
        ai: Option<usize>,
        hits: &mut Vec<Hit>,
        sc: &mut Scratch,
    ) {
        let f = &bill.files[fi];
        let folded = &f.folded;
        let art = ai.map(|ai| &f.articles[ai]);
        let listed = art.is_some_and(|a| a.kind != SegmentKind::Preamble);
        let start = art.map_or(0, |a| {
            folded.folded_offset_from(&mut self.offset_hint[0], a.span.start)
        });
        // The items the headings above the article and its own title name; articles under
        // the same headings share them.
        let heading = &mut sc.heading;
        heading.clear();
        if let Some(a) = art {
            let chain = (
                std::sync::Arc::as_ptr(&a.divisions) as *const () as usize,
                a.divisions.len(),
            );
            match &self.last_chain {
                Some((c, items)) if *c == chain => heading.extend_from_slice(items),
                _ => {
                    for d in a.divisions.iter() {
                        let items = self.heading(d).to_vec();
                        for i in items {
                            if !heading.contains(&i) {
                                heading.push(i);
                            }
                        }
                    }
                    self.last_chain = Some((chain, heading.clone()));
                }
            }
            let end = folded.folded_offset_from(&mut self.offset_hint[1], a.span.end);
            if let Some((ts, te)) = title(folded, start, end) {
                self.m.topic_items(&folded.text, ts, te, heading);
            }
        }
        // Per sentence met, the items whose topics it names, itself or through the articles
        // it refers to.
        let sentences = &mut sc.sentences;
        sentences.at.clear();
        sentences.topics.clear();
        // Topic hits count where they are, gaps included ("manterão … os registros").
        let hit_topics = &mut sc.hit_topics;
        hit_topics.clear();
        // The sentence of the last position asked: hits come in order, many in one sentence.
        let mut sent = SentenceCursor::default();
        for h in hits.iter() {
            if h.entry_kind == EntryKind::Topic && h.flags & PRIMARY != 0 {
                let s = sent.start(folded, h.range.start);
                hit_topics.push((
                    s,
                    (
                        h.item as usize,
                        h.range.start,
                        h.range.end,
                        h.flags & DERIVED != 0,
                    ),
                ));
            }
        }
        let accs = &mut sc.accs;
        accs.clear();
        // The sentence of the last hit read in context, with its lead-in and the list it opens:
        // the many hits of one sentence look them up once.
        let mut around: Option<(usize, Option<usize>, Option<usize>)> = None;
        for h in hits.drain(..) {
            let item = h.item as usize;
            let ctx = if h.entry_kind == EntryKind::Topic
                || !self.has_topics[item]
                || h.flags & SELF_EVIDENT != 0
            {
                Ctx::Sentence
            } else {
                let s = sent.start(folded, h.range.start);
                let (lead_in, list) = match around {
                    Some((x, lead_in, list)) if x == s => (lead_in, list),
                    _ => {
                        // An item of a list reads with its lead-in ("La orden deberá indicar:
                        // ... b) el plazo de la interceptación").
                        let lead_in = opens_with_label(folded, s)
                            .then(|| folded.colon_before(s, start))
                            .flatten()
                            .map(|c| folded.sentence_start(c.saturating_sub(1)));
                        // And a lead-in reads with the list it opens ("consideram-se: I - dados
                        // de conexão ...").
                        let e_s = folded.sentence_end(s + 1);
                        let list = folded
                            .colon_before(e_s, s + 1)
                            .filter(|&c| c == e_s || folded.sentence_start(c) == s)
                            .map(|_| folded.sentence_start(e_s + 1));
                        let list = list.filter(|&l| l > s);
                        around = Some((s, lead_in, list));
                        (lead_in, list)
                    }
                };
                let r = &h.range;
                let in_sentence = |x: usize| {
                    hit_topics.iter().any(|&(hs, (i, a, b, derived))| {
                        hs == x && i == item && !(derived && a >= r.start && b <= r.end)
                    })
                };
                if in_sentence(s)
                    || lead_in.is_some_and(in_sentence)
                    || list.is_some_and(in_sentence)
                    || list.is_some_and(|l| self.named((bill, fi, ai), l, item, r, sentences))
                    || self.named((bill, fi, ai), s, item, r, sentences)
                    || lead_in.is_some_and(|l| self.named((bill, fi, ai), l, item, r, sentences))
                {
                    Ctx::Sentence
                } else if heading.contains(&item) {
                    Ctx::Heading
                } else {
                    Ctx::None
                }
            };
            if ctx > Ctx::None && matches!(h.kind, MarkKind::Indicator | MarkKind::Topic) {
                self.found_anywhere[item] = true;
            }
            // A red flag reads in its sentence: a heading says where the matter is, not that
            // this wording undermines it.
            let ctx = if h.kind == MarkKind::RedFlag && ctx == Ctx::Heading {
                Ctx::None
            } else {
                ctx
            };
            if ctx > Ctx::None && h.kind == MarkKind::RedFlag {
                let orig = folded.original_range(h.range.clone());
                let key = (fi, orig.start, orig.end);
                *self
                    .red_spans
                    .entry((fi as u32, orig.start as u32, orig.end as u32))
                    .or_default() |= 1u64 << self.group[item];
                if self.flags.len() < MAX_RED_FLAGS || self.flags.contains_key(&key) {
                    let v = self.flags.entry(key).or_insert((
                        BTreeSet::new(),
                        BTreeSet::new(),
                        h.reason,
                    ));
                    let phrase = &self.m.entries[h.entry].phrase;
                    if !v.0.contains(phrase) {
                        v.0.insert(phrase.clone());
                    }
                    v.1.insert(item);
                }
            }
            if !listed {
                continue;
            }
            let at = match self.slot[item] {
                u32::MAX => {
                    self.slot[item] = accs.len() as u32;
                    accs.push((item, self.pool.pop().unwrap_or_default()));
                    accs.len() - 1
                }
                at => at as usize,
            };
            let acc = &mut accs[at].1;
            acc.add(h.kind, h.entry, ctx);
            if ctx > Ctx::None && acc.hits.len() < MAX_HITS_PER_ARTICLE {
                acc.hits.push(h);
            }
        }
        for (item, _) in accs.iter() {
            self.slot[*item] = u32::MAX;
        }
        let Some(ai) = ai else {
            for (_, mut acc) in accs.drain(..) {
                acc.found.clear();
                acc.hits.clear();
                self.pool.push(acc);
            }
            return;
        };
        for (item, mut acc) in accs.drain(..) {
            let score = acc.score();
            let best = &mut self.best[item];
            // Ties keep the earlier article.
            let at = best.partition_point(|(_, a)| a.ranked >= score);
            if at < self.top {
                acc.ranked = score;
                best.insert(at, ((fi, ai), acc));
                if best.len() > self.top
                    && let Some((_, mut out)) = best.pop()
                {
                    out.found.clear();
                    out.hits.clear();
                    self.pool.push(out);
                }
            } else {
                // Kept for the next article: no allocation per item and article.
                acc.found.clear();
                acc.hits.clear();
                self.pool.push(acc);
            }
        }
    }
}

/// How much of an article's opening sentence describes what a reference to it is about.
const OPENING_BYTES: usize = 600;

/// Folded words that open an article reference in a sentence.
const REFERENCE_WORDS: &[&str] = &[
    "articulo",
    "articulos",
    "art",
    "arts",
    "artigo",
    "artigos",
    "article",
    "articles",
    "section",
    "sections",
    "sec",
];
/// Folded words that, right after "artículo", point to a neighbour: the one before.
const PREVIOUS_WORDS: &[&str] = &["anterior", "precedente", "preceding", "previous"];
/// Folded words that, shortly after a reference, show it points into another law.
const OTHER_LAW_WORDS: &[&str] = &[
    "ley",
    "lei",
    "codigo",
    "decreto",
    "act",
    "code",
    "constitucion",
    "constituicao",
    "constitution",
    "reglamento",
    "regulamento",
    "convencion",
    "convencao",
    "convention",
    "tratado",
    "directiva",
    "estatuto",
    "statute",
];

/// The articles of the same file a folded sentence refers to ("de los artículos 12 y 13", "nos
/// arts. 240 e 241-A", "el artículo anterior"), as indices into its articles; references into
/// another law ("el artículo 38 de la Ley 32/2003") are left out.
fn cross_references(f: &BillFile, ai: Option<usize>, sentence: &str) -> Vec<usize> {
    // Most sentences refer to no article: look before splitting.
    if !sentence.contains(" art") && !sentence.contains(" sec") {
        return Vec::new();
    }
    let words: Vec<&str> = sentence.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !REFERENCE_WORDS.contains(&words[i]) {
            i += 1;
            continue;
        }
        i += 1;
        if let Some(w) = words.get(i)
            && PREVIOUS_WORDS.contains(w)
            && let Some(ai) = ai
        {
            if let Some(p) = (0..ai).rev().find(|&p| {
                f.articles[p].kind == SegmentKind::Article && f.articles[p].parent.is_none()
            }) {
                out.push(p);
            }
            continue;
        }
        let mut keys = Vec::new();
        while let Some(w) = words.get(i)
            && w.bytes().all(|b| b.is_ascii_digit())
        {
            let mut key = w.trim_start_matches('0').to_string();
            i += 1;
            if let Some(s) = words.get(i)
                && crate::bill::is_latin_suffix(s)
            {
                key.push_str(s);
                i += 1;
            }
            // A letter: "13 a" from "13-A", unless it is a conjunction or opens a range, or no
            // article has that key.
            if let Some(l) = words.get(i)
                && l.len() == 1
                && l.bytes().all(|b| b.is_ascii_lowercase())
                && !matches!(*l, "y" | "e" | "o" | "u")
                && !words
                    .get(i + 1)
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
                && f.articles
                    .iter()
                    .any(|a| a.key.as_deref() == Some(format!("{key}{l}").as_str()))
            {
                key.push_str(l);
                i += 1;
            }
            // "579.1" folds to "579 1": a smaller number right after is a paragraph.
            let paragraph = keys.last().is_some_and(|last: &String| {
                let n = |k: &str| {
                    k.bytes()
                        .take_while(u8::is_ascii_digit)
                        .fold(0u64, |a, b| a * 10 + u64::from(b - b'0'))
                };
                n(&key) < n(last)
            });
            if !paragraph {
                keys.push(key);
            }
            // "12 y 13", "240 241 e 241 a": another number follows.
            if let Some(w) = words.get(i)
                && matches!(*w, "y" | "e" | "and" | "o" | "or" | "a" | "al" | "to")
                && words
                    .get(i + 1)
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
            {
                i += 1;
            }
        }
        let elsewhere = words[i..]
            .iter()
            .take(5)
            .any(|w| OTHER_LAW_WORDS.contains(w));
        if elsewhere {
            continue;
        }
        for k in keys {
            if let Some(p) = f
                .articles
                .iter()
                .position(|a| a.parent.is_none() && a.key.as_deref() == Some(k.as_str()))
                && Some(p) != ai
                && !out.contains(&p)
            {
                out.push(p);
            }
        }
    }
    out
}

/// Words that show a sentence is a provision rather than an article's title ("Orden de
/// conservación de datos" is a title; "Los proveedores deberán conservar los datos" is not):
/// the modal and copular verbs of each language, folded.
const PROVISION_WORDS: &[&str] = &[
    // es
    "debera", "deberan", "podra", "podran", "sera", "seran", "es", "son", "se", "tendra", "tendran",
    "estara", "estaran", "debe", "deben", "puede", "pueden", "esta", "estan", "queda", "quedan",
    "hay", "habra", // pt
    "devera", "deverao", "podera", "poderao", "serao", "e", "sao", "tera", "terao", "fica",
    "ficam", "deve", "devem", "pode", "podem", "estao", "ha", "havera", // en
    "shall", "may", "must", "will", "is", "are", "has", "have", "can", "does",
];

/// Folded words that open a sentence of a provision, never a title: articles, subordinators,
/// quantifiers.
const OPENING_WORDS: &[&str] = &[
    "el",
    "la",
    "los",
    "las",
    "lo",
    "un",
    "una",
    "o",
    "os",
    "as",
    "um",
    "uma",
    "the",
    "an",
    "cuando",
    "si",
    "quando",
    "when",
    "if",
    "where",
    "en",
    "em",
    "in",
    "para",
    "for",
    "no",
    "nao",
    "not",
    "todo",
    "toda",
    "todos",
    "todas",
    "any",
    "every",
    "ningun",
    "ninguna",
    "nenhum",
    "nenhuma",
    "cualquier",
    "qualquer",
];

/// The article's title, as a folded range: the text of its first sentence or two (its heading
/// line, "Artículo 588 octies. Orden de conservación de datos.", or an epigraph opening the
/// body, "(Vigilancias electrónicas).-"), when each is short and reads as a title, not a
/// provision.
fn title(f: &Folded, start: usize, end: usize) -> Option<(usize, usize)> {
    let mut t = start;
    for _ in 0..2 {
        let e = f.sentence_end(t + 1).min(end);
        if e <= t {
            break;
        }
        // A provision as soon as a word shows it (no need to read a long sentence to its end).
        let provision = f.text[t..e]
            .split(' ')
            .filter(|w| !w.is_empty())
            .enumerate()
            .any(|(n, w)| {
                n >= TITLE_WORDS
                    || PROVISION_WORDS.contains(&w)
                    || (n == 0 && OPENING_WORDS.contains(&w))
            });
        if provision {
            break;
        }
        t = e;
    }
    (t > start).then_some((start, t))
}

/// Scans a bill with a matcher.
// Long: three passes over shared state, each under a comment: every segment's hits gathered,
// then each item's best articles, then the red flags; the gathering state (`Gather`) and the
// groups of gated items run through all three.
pub fn scan(
    c: &Checklist,
    m: &Matcher,
    bill: &Bill,
    language_detected: bool,
    opts: &ScanOptions,
) -> ScanReport {
    let mut has_topics = vec![false; c.items.len()];
    for e in &m.entries {
        if e.kind == EntryKind::Topic {
            has_topics[e.item] = true;
        }
    }
    // Items gated by the same powers share a group; group 0 is never gated.
    let mut signatures: Vec<Vec<String>> = vec![Vec::new()];
    let group: Vec<u8> = c
        .items
        .iter()
        .map(|it| {
            let sig: Vec<String> = it
                .applies_if
                .iter()
                .flat_map(|cond| cond.item.as_slice().iter().cloned())
                .collect();
            let at = signatures
                .iter()
                .position(|s| *s == sig)
                .unwrap_or_else(|| {
                    signatures.push(sig);
                    signatures.len() - 1
                });
            at.min(63) as u8
        })
        .collect();
    let mut g = Gather {
        m,
        top: opts.top.max(1),
        has_topics,
        best: (0..c.items.len()).map(|_| Vec::new()).collect(),
        found_anywhere: vec![false; c.items.len()],
        flags: BTreeMap::new(),
        red_spans: HashMap::new(),
        group: group.clone(),
        heading_items: HashMap::new(),
        article_items: HashMap::new(),
        last_chain: None,
        slot: vec![u32::MAX; c.items.len()],
        pool: Vec::new(),
        scratch: Scratch::default(),
        offset_hint: [0; 2],
    };
    for (fi, f) in bill.files.iter().enumerate() {
        // The hits of the segment being read; segments do not overlap and hits come in text
        // order, so a segment is complete when a hit falls in another.
        let mut current: Option<Option<usize>> = None;
        let mut hits: Vec<Hit> = Vec::new();
        // The segment of the last hit, as a folded range: hits come in order, so most fall in
        // the same one.
        let mut last: Option<(Range<usize>, Option<usize>)> = None;
        // Where the searches for the next segment start: the last answers.
        let mut hint = [0usize; 4];
        m.for_each_hit(&f.folded, |h| {
            let ai = match &last {
                Some((r, ai)) if r.contains(&h.range.start) => *ai,
                _ => {
                    let o = f.folded.original_start_from(&mut hint[0], h.range.start);
                    // `f.article_at(o)`.
                    let ai = seek(&f.articles, &mut hint[1], o + 1, |a| a.span.start)
                        .checked_sub(1)
                        .filter(|&i| o < f.articles[i].span.end);
                    let span = match ai {
                        Some(ai) => {
                            let a = &f.articles[ai];
                            f.folded
                                .folded_offset_from(&mut hint[2], a.span.start)
                                .min(h.range.start)
                                ..f.folded
                                    .folded_offset_from(&mut hint[3], a.span.end)
                                    .max(h.range.start + 1)
                        }
                        None => h.range.start..h.range.start + 1,
                    };
                    last = Some((span, ai));
                    ai
                }
            };
            if current != Some(ai) {
                if let Some(prev) = current {
                    g.article(bill, fi, prev, &mut hits);
                }
                current = Some(ai);
            }
            hits.push(h);
        });
        if let Some(prev) = current {
            g.article(bill, fi, prev, &mut hits);
        }
    }

    // An item that applies only if the text creates a power (`applies_if`) reads nothing when
    // no indicator of any such power is found: its red flags would concern a power the text
    // does not create.
    let gated: Vec<bool> = c
        .items
        .iter()
        .map(|it| {
            // A power without phrases in this language cannot be looked for: nothing is gated
            // on it.
            it.applies_if.as_ref().is_some_and(|cond| {
                let powers: Vec<usize> = cond
                    .item
                    .as_slice()
                    .iter()
                    .filter_map(|id| c.item_index(id))
                    .collect();
                powers.iter().all(|&p| m.has_phrases[p])
                    && !powers.iter().any(|&p| g.found_anywhere[p])
            })
        })
        .collect();

    let mut counts = ScanCounts {
        articles: bill.files.iter().map(BillFile::article_count).sum(),
        ..ScanCounts::default()
    };
    let mut items = Vec::new();
    for (idx, item) in c.items.iter().enumerate() {
        let mut listed: Vec<Located> = std::mem::take(&mut g.best[idx]);
        if gated[idx] {
            for (_, acc) in &mut listed {
                for f in &mut acc.found {
                    if f.0 != MarkKind::Topic {
                        f.2 = Ctx::None;
                    }
                }
                acc.hits.retain(|h| h.kind == MarkKind::Topic);
            }
            listed.sort_by(|a, b| b.1.score().cmp(&a.1.score()).then(a.0.cmp(&b.0)));
        }
        // Articles with one topic phrase only are listed when nothing better is found.
        if listed.iter().any(|(_, a)| a.score() >= 2) {
            listed.retain(|(_, a)| a.score() >= 2);
        }
        let has_ind = listed.iter().any(|(_, a)| a.count(MarkKind::Indicator) > 0);
        let has_red = listed.iter().any(|(_, a)| a.count(MarkKind::RedFlag) > 0);
        let signal = if !m.has_phrases[idx] {
            Signal::NoPhrases
        } else if has_ind && has_red {
            Signal::Mixed
        } else if has_ind {
            Signal::Indicators
        } else if has_red {
            Signal::RedFlags
        } else if !listed.is_empty() {
            Signal::TopicOnly
        } else {
            Signal::NotFound
        };
        if m.has_phrases[idx] {
            counts.items += 1;
            counts.with_indicators += usize::from(has_ind);
            counts.with_red_flags += usize::from(has_red);
            counts.not_found += usize::from(signal == Signal::NotFound);
        }
        let articles = listed
            .into_iter()
            .map(|((fi, ai), acc)| article_view(m, bill, fi, ai, &acc))
            .collect();
        items.push(ScanItem {
            id: item.id.clone(),
            kind: item.kind,
            area: item.area.clone(),
            signal,
            articles,
        });
    }

    // The list of red flags: those read in context, for items whose power the text creates;
    // a flag that lies inside a longer one is dropped.
    let mut open_groups = 0u64;
    for (i, &gr) in g.group.iter().enumerate() {
        if !gated[i] {
            open_groups |= 1u64 << gr;
        }
    }
    let red_flag_matches = g
        .red_spans
        .values()
        .filter(|&&groups| groups & open_groups != 0)
        .count();
    let mut flags = std::mem::take(&mut g.flags);
    for (_, items, _) in flags.values_mut() {
        items.retain(|it| !gated[*it]);
    }
    flags.retain(|_, (_, items, _)| !items.is_empty());
    let spans: Vec<Span> = flags.keys().copied().collect();
    flags.retain(|&(fi, s, e), _| {
        !spans
            .iter()
            .any(|&(f2, s2, e2)| f2 == fi && s2 <= s && e <= e2 && (s2, e2) != (s, e))
    });
    let red_flags = flags
        .into_iter()
        .map(|((fi, s, e), (phrases, its, reason))| {
            let f = &bill.files[fi];
            RedFlag {
                text: collapse(&f.source.text[s..e]),
                location: location(bill, fi, s..e),
                phrases: phrases.into_iter().collect(),
                reason,
                items: its.into_iter().map(|i| c.items[i].id.clone()).collect(),
            }
        })
        .collect();

    ScanReport {
        tool: Tool {
            name: "salvaguarda".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        checklist: ScanChecklist {
            id: c.header.id.clone(),
            version: c.header.version.clone(),
            sha256: c.sha256.clone(),
        },
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
        text_language: m.lang.clone(),
        language_detected,
        counts: ScanCounts {
            red_flag_matches,
            ..counts
        },
        items,
        red_flags,
    }
}

/// Whitespace runs as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn article_view(m: &Matcher, bill: &Bill, fi: usize, ai: usize, acc: &Acc) -> ScanArticle {
    let f = &bill.files[fi];
    let art = &f.articles[ai];
    let names = |set: &[usize]| -> Vec<String> {
        let v: BTreeSet<String> = set.iter().map(|&e| m.entries[e].phrase.clone()).collect();
        v.into_iter().collect()
    };
    // Group hits by clause; the clauses with indicators or red flags come first.
    let mut clauses: BTreeMap<usize, Vec<&Hit>> = BTreeMap::new();
    for h in &acc.hits {
        clauses
            .entry(f.folded.clause_start(h.range.start))
            .or_default()
            .push(h);
    }
    let mut ranked: Vec<(usize, Vec<&Hit>)> = clauses.into_iter().collect();
    let weight = |hs: &Vec<&Hit>| {
        hs.iter()
            .map(|h| match h.kind {
                MarkKind::Indicator | MarkKind::RedFlag => 3,
                MarkKind::Neutral => 2,
                MarkKind::Topic => 1,
            })
            .max()
            .unwrap_or(0)
    };
    ranked.sort_by(|a, b| weight(&b.1).cmp(&weight(&a.1)).then(a.0.cmp(&b.0)));
    ranked.truncate(MAX_PASSAGES);
    ranked.sort_by_key(|r| r.0);
    let passages = ranked
        .into_iter()
        .map(|(cs, hs)| passage(m, bill, fi, ai, cs, &hs))
        .collect();
    ScanArticle {
        label: art.label.clone(),
        key: art.key.clone(),
        location: location(bill, fi, art.span.start..art.span.end),
        division: art.division().map(str::to_string),
        score: acc.score(),
        indicators: names(&acc.entries(MarkKind::Indicator)),
        red_flags: names(&acc.entries(MarkKind::RedFlag)),
        topics: names(&acc.entries(MarkKind::Topic)),
        passages,
    }
}

/// The passage (clause) starting at folded offset `cs`, with the hits marked.
fn passage(
    m: &Matcher,
    bill: &Bill,
    fi: usize,
    ai: usize,
    cs: usize,
    hits: &[&Hit],
) -> ScanPassage {
    let f = &bill.files[fi];
    let text = &f.source.text;
    let art = &f.articles[ai];
    let ce = f.folded.clause_end(cs + 1);
    // The clause, inside the article, with its closing punctuation, trimmed.
    // `cs` is the separator that ends the previous clause (or the leading space).
    let mut clause = f.folded.original_range((cs + 1).min(ce)..ce);
    clause.start = clause.start.max(art.span.start);
    clause.end = clause.end.min(art.span.end).max(clause.start);
    if let Some(c) = text[clause.end..].chars().next()
        && ".;:!?".contains(c)
        && clause.end < art.span.end
    {
        clause.end += c.len_utf8();
    }
    let clause = trim(text, clause);
    let clause = strip_label(text, clause, &art.label);
    let mut marks: Vec<(Range<usize>, MarkKind, Reason, String)> = hits
        .iter()
        .map(|h| {
            (
                f.folded.original_range(h.range.clone()),
                h.kind,
                h.reason,
                m.entries[h.entry].phrase.clone(),
            )
        })
        .collect();
    // One mark per span: the strongest meaning wins (red flag, indicator, neutral, topic).
    marks.sort_by(|a, b| {
        a.0.start
            .cmp(&b.0.start)
            .then(b.0.end.cmp(&a.0.end))
            .then(a.1.cmp(&b.1))
    });
    let order = |k: MarkKind| match k {
        MarkKind::RedFlag => 0,
        MarkKind::Indicator => 1,
        MarkKind::Neutral => 2,
        MarkKind::Topic => 3,
    };
    let mut kept: Vec<(Range<usize>, MarkKind, Reason, String)> = Vec::new();
    for mk in marks {
        match kept.last_mut() {
            Some(last) if mk.0.start < last.0.end => {
                if order(mk.1) < order(last.1) && mk.0 == last.0 {
                    *last = mk;
                }
            }
            _ => kept.push(mk),
        }
    }
    // Cut a long clause around its marks.
    let mut range = clause.clone();
    if range.end - range.start > MAX_PASSAGE
        && let (Some(first), Some(last)) = (kept.first(), kept.last())
    {
        let lo = first.0.start.saturating_sub(150).max(range.start);
        let hi = (last.0.end + 150).min(range.end);
        let lo = floor(text, lo);
        let hi = floor(text, hi);
        let lo = if lo > range.start {
            text[lo..first.0.start]
                .find(char::is_whitespace)
                .map(|i| lo + i + 1)
                .unwrap_or(first.0.start)
        } else {
            lo
        };
        let hi = if hi < range.end {
            text[last.0.end..hi]
                .rfind(char::is_whitespace)
                .map(|i| last.0.end + i)
                .unwrap_or(last.0.end)
        } else {
            hi
        };
        range = trim(text, lo..hi);
    }
    // Collapse whitespace, mapping mark offsets.
    let mut out = String::new();
    if range.start > clause.start {
        out.push_str("… ");
    }
    let mut map: Vec<(usize, usize)> = Vec::new();
    let mut in_space = false;
    for (i, ch) in text[range.clone()].char_indices() {
        let o = range.start + i;
        if ch.is_whitespace() {
            if !in_space {
                map.push((o, out.len()));
                out.push(' ');
            }
            in_space = true;
        } else {
            map.push((o, out.len()));
            out.push(ch);
            in_space = false;
        }
    }
    map.push((range.end, out.len()));
    let to_out = |o: usize| -> usize {
        let i = map.partition_point(|&(x, _)| x < o);
        map.get(i).map(|&(_, y)| y).unwrap_or(out.len())
    };
    let marks = kept
        .into_iter()
        .filter(|(r, _, _, _)| r.start >= range.start && r.end <= range.end)
        .map(|(r, kind, reason, phrase)| Mark {
            start: to_out(r.start),
            end: to_out(r.end),
            kind,
            reason,
            phrase,
        })
        .collect();
    if range.end < clause.end {
        out.push_str(" …");
    }
    ScanPassage {
        text: out,
        location: location(bill, fi, range),
        marks,
    }
}

/// A passage without what only numbers it: the article's heading ("Art. 9º", "Artículo 14.-",
/// "##### Artículo 588 octies."), a paragraph or list label ("1.º", "2.", "1 -", "§ 1º", "a)",
/// "III –", "Parágrafo único."), so that a quote starts with the words of the provision.
fn strip_label(text: &str, r: Range<usize>, label: &str) -> Range<usize> {
    let mut start = r.start;
    let s = &text[start..r.end];
    let lead = s.len() - s.trim_start_matches(['#', '*', '_', ' ', '>']).len();
    let rest = &s[lead..];
    if !label.is_empty()
        && let Some(after) = rest.strip_prefix(label)
    {
        let punct = after.len()
            - after
                .trim_start_matches(['.', '-', '–', '—', ':', ' ', '*', '_'])
                .len();
        start += lead + label.len() + punct;
    }
    let rest = &text[start..r.end];
    start += list_label_len(rest);
    if start >= r.end {
        return r;
    }
    start..r.end
}

/// The length of a list or paragraph label opening `s`, with the spaces after it; 0 if none.
fn list_label_len(s: &str) -> usize {
    let b = s.as_bytes();
    let head = crate::fold::fold(&s.chars().take(16).collect::<String>());
    let i = if let Some(r) = s.strip_prefix('§') {
        let mut i = s.len() - r.trim_start().len();
        let d = s[i..].bytes().take_while(u8::is_ascii_digit).count();
        if d == 0 {
            return 0;
        }
        i += d;
        for m in ["º", "°"] {
            if s[i..].starts_with(m) {
                i += m.len();
            }
        }
        if s[i..].starts_with('-') && s[i + 1..].starts_with(|c: char| c.is_ascii_uppercase()) {
            i += 2;
        }
        if s[i..].starts_with('.') {
            i += 1;
        }
        i
    } else if head.starts_with("paragrafo unico") || head.starts_with("parrafo unico") {
        match s.find(['.', ':']) {
            Some(k) if k < 24 => k + 1,
            _ => return 0,
        }
    } else {
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let roman = b.iter().take_while(|c| b"IVXLC".contains(c)).count();
        if (1..=3).contains(&digits) {
            let m = [".º", "º", "°", "ª", ".-", ".", ")", " -", " –", " —"]
                .into_iter()
                .find(|m| s[digits..].starts_with(m));
            match m {
                Some(m) => digits + m.len(),
                None => return 0,
            }
        } else if (1..=5).contains(&roman) {
            let after = s[roman..].trim_start_matches(' ');
            match after.chars().next() {
                Some(c @ ('-' | '–' | '—')) => s.len() - after.len() + c.len_utf8(),
                _ => return 0,
            }
        } else if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b')' {
            2
        } else {
            return 0;
        }
    };
    // The label must be followed by a space and words.
    if !s[i..].starts_with([' ', '\t']) {
        return 0;
    }
    i + (s[i..].len() - s[i..].trim_start().len())
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    r.start + lead..(r.end - trail).max(r.start + lead)
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Words that are frequent in one language of the checklist and rare in the others.
const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "of", "and", "to", "shall", "be", "by", "or", "any", "which", "with", "is",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "las", "del", "al", "y", "una", "con", "sera", "podra", "lo",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "do", "da", "dos", "das", "ao", "pelo", "pela", "com", "e", "nao",
        ],
    ),
];

/// The language of a bill's text, among `candidates`, from its most frequent words; `None`
/// when the text is too short to tell.
pub fn detect_language(bill: &Bill, candidates: &[String]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &bill.files {
        let text = &f.folded.text;
        let sample = &text[..floor(text, text.len().min(200_000))];
        for w in sample.split(' ') {
            for (lang, words) in STOPWORDS {
                if words.contains(&w) {
                    *counts.entry(lang).or_default() += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .filter(|(l, n)| *n >= 5 && candidates.iter().any(|c| c == l))
        .max_by_key(|(_, n)| *n)
        .map(|(l, _)| l.to_string())
}

#[cfg(test)]
mod tests;
