//! Measuring `scan` against a lawyer's reading: gold labels for a law's text (for each item of a
//! checklist, the articles that settle it and what they show), and the figures that compare a
//! [`ScanReport`] with them.
//!
//! Owns: the gold file format (`tests/corpus/gold/*.toml`, described in docs/scan.md), carrying
//! labels across checklist versions with the checklist's `migrations.toml`, and the measures
//! (right article first and among the first three, signal read right, red flags right, items left
//! quiet). Does not own the scan itself ([`super::scan`]) nor where the gold files live.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use super::result::{ScanReport, Signal};
use super::{Matcher, ScanOptions, scan};
use crate::bill::Bill;
use crate::checklist::Checklist;
use crate::fold::fold;
use crate::source::SourceFile;

/// What the articles that settle an item show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoldSignal {
    /// The safeguard is there (wholly or in part), or the power is created.
    Present,
    /// The articles regulate the matter, and the safeguard is not there.
    Missing,
    /// Wording removes or weakens the safeguard.
    Undermined,
}

/// One labelled item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldItem {
    pub signal: GoldSignal,
    /// The articles a lawyer cites to answer it, as the law numbers them ("588 ter a", "13-A",
    /// "Disposición adicional única"), most telling first.
    pub articles: Vec<String>,
    /// Where a red flag for the item is right. Defaults to `articles` for a missing or
    /// undermined safeguard, and to none for a present one.
    #[serde(default)]
    pub red_flags: Option<Vec<String>>,
    pub note: String,
}

impl GoldItem {
    /// The articles where a red flag for this item is right.
    pub fn red_flag_articles(&self) -> Vec<String> {
        match (&self.red_flags, self.signal) {
            (Some(v), _) => v.clone(),
            (None, GoldSignal::Present) => Vec::new(),
            (None, _) => self.articles.clone(),
        }
    }
}

/// The gold labels of one law.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gold {
    /// The corpus file labelled.
    pub law: String,
    /// The language of its text.
    pub language: String,
    pub checklist: String,
    /// The checklist version whose item ids key the labels.
    pub checklist_version: String,
    /// Items the law does not settle.
    pub none: Vec<String>,
    /// Items it settles.
    pub items: BTreeMap<String, GoldItem>,
    /// Items the checklist added after `checklist_version`, left unlabelled by
    /// [`Gold::migrate`]: they are not measured until someone labels them.
    #[serde(skip)]
    pub unlabelled: Vec<String>,
}

/// An error reading gold labels or migrations.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    #[error("{0}")]
    Invalid(String),
}

impl Gold {
    /// Reads a gold file.
    pub fn parse(text: &str) -> Result<Gold, GoldError> {
        let g: Gold = toml::from_str(text)?;
        let mut seen = BTreeSet::new();
        for id in g.none.iter().chain(g.items.keys()) {
            if !seen.insert(id) {
                return Err(GoldError::Invalid(format!("item `{id}` is labelled twice")));
            }
        }
        for (id, it) in &g.items {
            if it.articles.is_empty() {
                return Err(GoldError::Invalid(format!("item `{id}` names no article")));
            }
        }
        Ok(g)
    }

    /// Every item id labelled, settled or not.
    pub fn ids(&self) -> BTreeSet<&str> {
        self.none
            .iter()
            .map(String::as_str)
            .chain(self.items.keys().map(String::as_str))
            .collect()
    }

    /// Carries the labels to checklist version `to` along the chain of `migrations`. Renamed
    /// items keep their label; a split item's label goes to each new item; merged items get the
    /// least favourable label and every article; removed items are dropped. Items the chain adds
    /// stay unlabelled and are listed in [`Gold::unlabelled`].
    pub fn migrate(&mut self, migrations: &Migrations, to: &str) -> Result<(), GoldError> {
        while self.checklist_version != to {
            let Some(m) = migrations
                .migrations
                .iter()
                .find(|m| m.from == self.checklist_version)
            else {
                return Err(GoldError::Invalid(format!(
                    "no migration from checklist version {} towards {to}",
                    self.checklist_version
                )));
            };
            let mut items = std::mem::take(&mut self.items);
            let mut none: BTreeSet<String> = std::mem::take(&mut self.none).into_iter().collect();
            for old in m.removed.keys() {
                items.remove(old);
                none.remove(old);
            }
            for (old, new) in &m.renamed {
                if let Some(it) = items.remove(old) {
                    items.insert(new.clone(), it);
                }
                if none.remove(old) {
                    none.insert(new.clone());
                }
            }
            for (old, news) in &m.split {
                let it = items.remove(old);
                let was_none = none.remove(old);
                for n in news {
                    if let Some(it) = &it {
                        items.insert(n.clone(), it.clone());
                    } else if was_none {
                        none.insert(n.clone());
                    }
                }
            }
            for (new, olds) in &m.merged {
                let labelled: Vec<GoldItem> = olds.iter().filter_map(|o| items.remove(o)).collect();
                let mut all_none = true;
                for o in olds {
                    all_none &= none.remove(o);
                }
                if let Some(worst) = labelled.iter().map(|i| i.signal).max() {
                    let mut articles: Vec<String> = Vec::new();
                    let mut flags: Vec<String> = Vec::new();
                    for it in &labelled {
                        for a in &it.articles {
                            if !articles.contains(a) {
                                articles.push(a.clone());
                            }
                        }
                        for a in it.red_flag_articles() {
                            if !flags.contains(&a) {
                                flags.push(a);
                            }
                        }
                    }
                    let note = labelled
                        .iter()
                        .map(|i| i.note.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    items.insert(
                        new.clone(),
                        GoldItem {
                            signal: worst,
                            articles,
                            red_flags: Some(flags),
                            note,
                        },
                    );
                } else if all_none {
                    none.insert(new.clone());
                }
            }
            // Items added earlier in the chain follow the later steps too.
            let mut unlabelled: Vec<String> = Vec::new();
            for id in std::mem::take(&mut self.unlabelled) {
                if m.removed.contains_key(&id) {
                    continue;
                }
                if let Some(new) = m.renamed.get(&id) {
                    unlabelled.push(new.clone());
                } else if let Some(news) = m.split.get(&id) {
                    unlabelled.extend(news.iter().cloned());
                } else if let Some((new, _)) = m.merged.iter().find(|(_, olds)| olds.contains(&id))
                {
                    unlabelled.push(new.clone());
                } else {
                    unlabelled.push(id);
                }
            }
            unlabelled.extend(m.added.iter().cloned());
            unlabelled.sort();
            unlabelled.dedup();
            unlabelled.retain(|id| !items.contains_key(id) && !none.contains(id));
            self.unlabelled = unlabelled;
            self.items = items;
            self.none = none.into_iter().collect();
            self.checklist_version = m.to.clone();
        }
        Ok(())
    }
}

/// A checklist's `migrations.toml`: how item ids changed between versions.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Migrations {
    #[serde(default)]
    pub migrations: Vec<Migration>,
}

/// One step of [`Migrations`].
#[derive(Debug, Clone, Deserialize)]
pub struct Migration {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub added: Vec<String>,
    #[serde(default)]
    pub renamed: BTreeMap<String, String>,
    #[serde(default)]
    pub split: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub merged: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub removed: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub changed: BTreeMap<String, toml::Value>,
}

impl Migrations {
    pub fn parse(text: &str) -> Result<Migrations, GoldError> {
        Ok(toml::from_str(text)?)
    }
}

/// An article's identity for comparing labels: folded, without spaces ("588 ter a" and
/// "Artículo 588 ter a" key "588tera"; "13-A" is "13a"; "Disposición adicional única" is
/// "disposicionadicionalunica").
pub fn article_id(s: &str) -> String {
    fold(s).replace(' ', "")
}

/// Whether a segment (its key, else its label) is the article a label names.
fn same_article(key: Option<&str>, label: &str, gold: &str) -> bool {
    let g = article_id(gold);
    match key {
        Some(k) => article_id(k) == g,
        None => article_id(label).starts_with(&g),
    }
}

/// The articles the labels name that no segment of the bill is (a misspelt label, or a heading
/// the segmenter does not recognise), as "item: article".
pub fn unresolved(g: &Gold, bill: &Bill) -> Vec<String> {
    let mut out = Vec::new();
    for (id, it) in &g.items {
        for a in it.articles.iter().chain(it.red_flags.iter().flatten()) {
            let found = bill.files.iter().any(|f| {
                f.articles
                    .iter()
                    .any(|s| same_article(s.key.as_deref(), &s.label, a))
            });
            if !found {
                out.push(format!("{id}: {a}"));
            }
        }
    }
    out
}

/// How one item was read.
#[derive(Debug, Clone)]
pub struct ItemOutcome {
    pub id: String,
    /// The gold label, if the item is settled.
    pub gold: Option<GoldSignal>,
    pub signal: Signal,
    /// The articles listed, as (key or label).
    pub listed: Vec<String>,
    pub top1: bool,
    pub top3: bool,
    pub signal_right: bool,
}

/// The measures for one law (or a sum of laws).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Score {
    /// Settled items.
    pub settled: usize,
    /// Settled items whose first listed article settles them.
    pub top1: usize,
    /// Settled items with a settling article among the first three listed.
    pub top3: usize,
    /// Settled items whose signal was read right.
    pub signal: usize,
    /// Items the law does not settle.
    pub unsettled: usize,
    /// Unsettled items with no indicator and no red flag found.
    pub quiet: usize,
    /// Distinct (item, article) red flags raised.
    pub red_flags: usize,
    /// Those that are right.
    pub red_flags_right: usize,
}

impl Score {
    pub fn add(&mut self, o: &Score) {
        self.settled += o.settled;
        self.top1 += o.top1;
        self.top3 += o.top3;
        self.signal += o.signal;
        self.unsettled += o.unsettled;
        self.quiet += o.quiet;
        self.red_flags += o.red_flags;
        self.red_flags_right += o.red_flags_right;
    }

    fn pct(n: usize, d: usize) -> f64 {
        if d == 0 {
            100.0
        } else {
            100.0 * n as f64 / d as f64
        }
    }

    pub fn top1_pct(&self) -> f64 {
        Self::pct(self.top1, self.settled)
    }
    pub fn top3_pct(&self) -> f64 {
        Self::pct(self.top3, self.settled)
    }
    pub fn signal_pct(&self) -> f64 {
        Self::pct(self.signal, self.settled)
    }
    pub fn quiet_pct(&self) -> f64 {
        Self::pct(self.quiet, self.unsettled)
    }
    /// Red-flag precision (100 % when none was raised).
    pub fn red_flag_pct(&self) -> f64 {
        Self::pct(self.red_flags_right, self.red_flags)
    }

    /// One row of the table [`Score::header`] heads.
    pub fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {}/{} {:.0} % | {}/{} {:.0} % | {}/{} {:.0} % | {}/{} {:.0} % | {}/{} {:.0} % |",
            self.settled,
            self.top1,
            self.settled,
            self.top1_pct(),
            self.top3,
            self.settled,
            self.top3_pct(),
            self.signal,
            self.settled,
            self.signal_pct(),
            self.red_flags_right,
            self.red_flags,
            self.red_flag_pct(),
            self.quiet,
            self.unsettled,
            self.quiet_pct(),
        )
    }

    pub fn header() -> &'static str {
        "| law | settled | top-1 | top-3 | signal | red flags right | quiet when unsettled |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    }
}

/// Whether the scan's signal for an item reads the gold label right: a present safeguard shows
/// indicators (and red flags too only where the label notes an exception), an undermined one
/// shows red flags, a missing one shows the matter without indicators.
pub fn signal_matches(gold: &GoldItem, s: Signal) -> bool {
    match gold.signal {
        GoldSignal::Present => {
            s == Signal::Indicators || (s == Signal::Mixed && gold.red_flags.is_some())
        }
        GoldSignal::Undermined => matches!(s, Signal::RedFlags | Signal::Mixed),
        GoldSignal::Missing => matches!(s, Signal::TopicOnly | Signal::RedFlags),
    }
}

/// A scan measured against gold labels.
#[derive(Debug, Clone)]
pub struct Measured {
    pub score: Score,
    pub items: Vec<ItemOutcome>,
    /// The red flags raised, as (item, article, right).
    pub flags: Vec<(String, String, bool)>,
}

/// Measures a scan of `bill` against its gold labels. Items of the report the labels do not
/// know (added by a newer checklist) are left out.
pub fn measure(r: &ScanReport, bill: &Bill, g: &Gold) -> Measured {
    let mut score = Score::default();
    let mut items = Vec::new();
    // (item, article id) → (shown as, right)
    let mut flags: BTreeMap<(String, String), (String, bool)> = BTreeMap::new();
    let mut flag = |item: &str, key: Option<&str>, label: &str| {
        let shown = key.unwrap_or(label).to_string();
        let id = key.map(article_id).unwrap_or_else(|| article_id(label));
        let right = g.items.get(item).is_some_and(|gi| {
            gi.red_flag_articles()
                .iter()
                .any(|a| same_article(key, label, a))
        });
        flags
            .entry((item.to_string(), id))
            .or_insert((shown, right));
    };
    for it in &r.items {
        let settled = g.items.get(&it.id);
        if settled.is_none() && !g.none.contains(&it.id) {
            continue;
        }
        for a in &it.articles {
            if !a.red_flags.is_empty() {
                flag(&it.id, a.key.as_deref(), &a.label);
            }
        }
        let listed: Vec<String> = it
            .articles
            .iter()
            .map(|a| a.key.clone().unwrap_or_else(|| a.label.clone()))
            .collect();
        let mut o = ItemOutcome {
            id: it.id.clone(),
            gold: settled.map(|s| s.signal),
            signal: it.signal,
            listed,
            top1: false,
            top3: false,
            signal_right: false,
        };
        match settled {
            Some(gi) => {
                let hit = |a: &super::result::ScanArticle| {
                    gi.articles
                        .iter()
                        .any(|g| same_article(a.key.as_deref(), &a.label, g))
                };
                o.top1 = it.articles.first().is_some_and(hit);
                o.top3 = it.articles.iter().take(3).any(hit);
                o.signal_right = signal_matches(gi, it.signal);
                score.settled += 1;
                score.top1 += usize::from(o.top1);
                score.top3 += usize::from(o.top3);
                score.signal += usize::from(o.signal_right);
            }
            None => {
                score.unsettled += 1;
                let quiet = matches!(
                    it.signal,
                    Signal::NotFound | Signal::TopicOnly | Signal::NoPhrases
                );
                o.signal_right = quiet;
                score.quiet += usize::from(quiet);
            }
        }
        items.push(o);
    }
    // The text's list of red flags, with the items each concerns.
    for rf in &r.red_flags {
        let Some(f) = bill
            .files
            .iter()
            .find(|f| f.source.name == rf.location.file)
        else {
            continue;
        };
        let Some(ai) = f.article_at(rf.location.start) else {
            continue;
        };
        let art = &f.articles[ai];
        if art.kind == crate::bill::SegmentKind::Preamble {
            continue;
        }
        for item in &rf.items {
            if g.items.contains_key(item) || g.none.contains(item) {
                flag(item, art.key.as_deref(), &art.label);
            }
        }
    }
    let flags: Vec<(String, String, bool)> = flags
        .into_iter()
        .map(|((item, _), (shown, right))| (item, shown, right))
        .collect();
    score.red_flags = flags.len();
    score.red_flags_right = flags.iter().filter(|f| f.2).count();
    Measured {
        score,
        items,
        flags,
    }
}

impl Measured {
    /// The misreadings, one per line: settled items whose article or signal was missed,
    /// unsettled items given a signal, and wrong red flags.
    pub fn misses(&self, g: &Gold) -> String {
        let mut out = String::new();
        for o in &self.items {
            match (&o.gold, g.items.get(&o.id)) {
                (Some(s), Some(gi)) if !(o.top1 && o.signal_right) => {
                    let _ = writeln!(
                        out,
                        "  {}: want {:?} in {:?}, got {} in {:?}{}",
                        o.id,
                        s,
                        gi.articles,
                        o.signal.as_str(),
                        o.listed,
                        if o.top3 { "" } else { " (not in top 3)" }
                    );
                }
                (None, _) if !o.signal_right => {
                    let _ = writeln!(
                        out,
                        "  {}: unsettled, got {} in {:?}",
                        o.id,
                        o.signal.as_str(),
                        o.listed
                    );
                }
                _ => {}
            }
        }
        for (item, art, right) in &self.flags {
            if !right {
                let _ = writeln!(out, "  red flag {item} at {art}: wrong");
            }
        }
        out
    }
}

/// One law of a corpus, scanned and measured.
#[derive(Debug, Clone)]
pub struct LawRun {
    pub gold: Gold,
    pub measured: Measured,
    /// Articles named by the labels that the text's segments do not show ([`unresolved`]).
    pub unresolved: Vec<String>,
    /// The segments of the text, as (key or label).
    pub segments: Vec<String>,
    /// Bytes of the law's text.
    pub bytes: usize,
}

/// Scans every law of a corpus that has gold labels (`gold_dir/*.toml`, each naming its text in
/// `corpus_dir`) with the checklist `c`, and measures each. Labels keyed by an older checklist
/// version are carried forward with `migrations` first. Laws come in file-name order.
pub fn measure_corpus(
    c: &Checklist,
    corpus_dir: &Path,
    gold_dir: &Path,
    migrations: &Migrations,
) -> Result<Vec<LawRun>, GoldError> {
    let io = |p: &Path, e: std::io::Error| GoldError::Invalid(format!("{}: {e}", p.display()));
    let mut paths: Vec<_> = std::fs::read_dir(gold_dir)
        .map_err(|e| io(gold_dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut matchers: BTreeMap<String, Matcher> = BTreeMap::new();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| io(&p, e))?;
        let mut gold =
            Gold::parse(&text).map_err(|e| GoldError::Invalid(format!("{}: {e}", p.display())))?;
        if gold.checklist != c.header.id {
            continue;
        }
        gold.migrate(migrations, &c.header.version)?;
        let law_path = corpus_dir.join(&gold.law);
        let text = std::fs::read_to_string(&law_path).map_err(|e| io(&law_path, e))?;
        let source = SourceFile::new(law_path.display().to_string(), text);
        let bytes = source.text.len();
        let bill = Bill::from_sources(vec![source]);
        let m = matchers
            .entry(gold.language.clone())
            .or_insert_with(|| Matcher::new(c, &gold.language));
        let report = scan(c, m, &bill, false, &ScanOptions::default());
        let measured = measure(&report, &bill, &gold);
        let segments = bill.files[0]
            .articles
            .iter()
            .map(|a| a.key.clone().unwrap_or_else(|| a.label.clone()))
            .collect();
        out.push(LawRun {
            unresolved: unresolved(&gold, &bill),
            segments,
            gold,
            measured,
            bytes,
        });
    }
    Ok(out)
}

/// The table of a corpus run: one row per law, one per language, and the total.
pub fn table(runs: &[LawRun]) -> String {
    let mut out = String::from(Score::header());
    out.push('\n');
    let mut by_lang: BTreeMap<&str, Score> = BTreeMap::new();
    let mut total = Score::default();
    for r in runs {
        let name = r.gold.law.split('.').next().unwrap_or(&r.gold.law);
        out.push_str(&r.measured.score.row(name));
        out.push('\n');
        by_lang
            .entry(r.gold.language.as_str())
            .or_default()
            .add(&r.measured.score);
        total.add(&r.measured.score);
    }
    for (lang, s) in &by_lang {
        out.push_str(&s.row(&format!("**{lang}**")));
        out.push('\n');
    }
    out.push_str(&total.row("**all**"));
    out.push('\n');
    out
}

/// The sum of the scores of some runs.
pub fn total<'a>(runs: impl IntoIterator<Item = &'a LawRun>) -> Score {
    let mut t = Score::default();
    for r in runs {
        t.add(&r.measured.score);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"
law = "x.md"
language = "es"
checklist = "c"
checklist_version = "1.0.0"
none = ["c-item", "d-item"]

[items.a-item]
signal = "present"
articles = ["588 ter a", "13-A"]
note = "n"

[items.b-item]
signal = "undermined"
articles = ["2"]
note = "n"
"#;

    #[test]
    fn reads_labels_and_their_red_flag_articles() {
        let g = Gold::parse(GOLD).unwrap();
        assert_eq!(g.ids().len(), 4);
        assert!(g.items["a-item"].red_flag_articles().is_empty());
        assert_eq!(g.items["b-item"].red_flag_articles(), ["2"]);
        assert!(same_article(
            Some("588tera"),
            "Artículo 588 ter a",
            "588 ter a"
        ));
        assert!(same_article(Some("13a"), "Art. 13-A", "13-A"));
        assert!(!same_article(Some("13"), "Art. 13", "13-A"));
        assert!(same_article(
            None,
            "Disposición adicional única. Servicios de telefonía",
            "Disposición adicional única"
        ));
        let twice = GOLD.replace("\"d-item\"", "\"a-item\"");
        assert!(Gold::parse(&twice).is_err());
    }

    #[test]
    fn carries_labels_across_versions() {
        let mut g = Gold::parse(GOLD).unwrap();
        let m = Migrations::parse(
            r#"
[[migrations]]
from = "1.0.0"
to = "2.0.0"
added = ["e-item", "f-item"]
renamed = { "a-item" = "a2" }
split = { "c-item" = ["c1", "c2"] }
merged = { "bd" = ["b-item", "d-item"] }

[[migrations]]
from = "2.0.0"
to = "2.1.0"
removed = { "c2" = { en = "gone" }, "f-item" = { en = "gone" } }
renamed = { "e-item" = "e2" }
"#,
        )
        .unwrap();
        g.migrate(&m, "2.1.0").unwrap();
        assert_eq!(g.checklist_version, "2.1.0");
        assert!(g.items.contains_key("a2") && !g.items.contains_key("a-item"));
        assert_eq!(g.none, ["c1"]);
        assert_eq!(g.items["bd"].signal, GoldSignal::Undermined);
        assert_eq!(g.items["bd"].red_flag_articles(), ["2"]);
        // Added items stay unlabelled, and follow later renames and removals.
        assert_eq!(g.unlabelled, ["e2"]);
        assert!(!g.ids().contains("e2"));
        assert!(g.migrate(&m, "9.0.0").is_err());
    }

    #[test]
    fn signals_are_read_against_the_label() {
        let g = Gold::parse(GOLD).unwrap();
        let a = &g.items["a-item"];
        assert!(signal_matches(a, Signal::Indicators));
        assert!(!signal_matches(a, Signal::Mixed));
        let b = &g.items["b-item"];
        assert!(signal_matches(b, Signal::Mixed) && signal_matches(b, Signal::RedFlags));
        assert!(!signal_matches(b, Signal::Indicators));
    }
}
