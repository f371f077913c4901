//! The validated checklist: the merged files of one checklist, known to be consistent (every
//! reference resolves, every weight is positive, `applies_if` has no cycles), with lookups by id.
//!
//! Owns: the domain type the evaluator and renderers use, and language fallback for texts.
//! Built only by [`crate::validate::checklist`].

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{
    AnswerValue, Area, ChecklistFile, ChecklistHeader, Cite, Indicator, Item, Migration, Negations,
    PhraseSet, Profile, Source, Tag, Text, Verdict,
};

/// A checklist that passed validation.
#[derive(Debug, Clone)]
pub struct Checklist {
    pub header: ChecklistHeader,
    pub sources: Vec<Source>,
    pub areas: Vec<Area>,
    pub tags: Vec<Tag>,
    pub verdicts: Vec<Verdict>,
    pub items: Vec<Item>,
    pub profiles: Vec<Profile>,
    /// Phrase lists shared by items, for `scan`.
    pub phrase_sets: Vec<PhraseSet>,
    /// Per item, the wording `scan` looks for.
    pub indicators: Vec<Indicator>,
    /// Negation and prohibition words, for `scan`.
    pub negations: Option<Negations>,
    /// How answers files of earlier versions are carried to this one.
    pub migrations: Vec<Migration>,
    /// SHA-256 of the checklist's files (names and contents, in name order), hex.
    pub sha256: String,
    /// Where it was loaded from: a folder, or `embedded`.
    pub origin: String,
    /// Positions by id, one map per table (indexed by `Table as usize`), so that lookups by
    /// `&str` allocate nothing: evaluation looks items up many times per file.
    index: [HashMap<String, usize>; 6],
    /// The layout the evaluator scores with, computed on first use (see [`Layout`]).
    layout: OnceLock<Layout>,
}

/// The checklist resolved into positions, so that scoring an answers file compares no strings:
/// built once per checklist and shared by every file scored against it (`compare` scores
/// thousands). Positions index [`Checklist::items`], [`Checklist::areas`], [`Checklist::tags`]
/// and [`Checklist::profiles`].
#[derive(Debug, Clone)]
pub struct Layout {
    /// Item positions in id order: sums are taken in this order, so that the order of items in
    /// the files cannot change the last bits of a score.
    pub items_by_id: Vec<usize>,
    /// Area positions in id order (the overall score sums areas in this order).
    pub areas_by_id: Vec<usize>,
    /// The area of each item (none only in a checklist built without validation).
    pub item_area: Vec<Option<usize>>,
    /// The positions of the powers each item's `applies_if` names (none for an id that is not
    /// an item, which only an unvalidated checklist can hold).
    pub condition: Vec<Vec<Option<usize>>>,
    /// The tags declared with `lens = true`, in checklist order, each with the items carrying it.
    pub lenses: Vec<(usize, Vec<bool>)>,
    /// One per profile, in checklist order.
    pub profiles: Vec<ProfileLayout>,
}

/// What a profile selects and weighs, by position.
#[derive(Debug, Clone)]
pub struct ProfileLayout {
    /// Whether the profile scores each item.
    pub selected: Vec<bool>,
    /// Each item's weight under the profile.
    pub weight: Vec<f64>,
    /// Each area's weight under the profile.
    pub area_weight: Vec<f64>,
    /// Whether an area holds a selected safeguard (only those areas are listed).
    pub area_listed: Vec<bool>,
    /// Each item's red line under the profile: the item's own flag unless the profile drops
    /// it, and the red lines the profile adds.
    pub red_line: Vec<RedLine>,
}

/// Whether an item is a red line under a profile, and which answers breach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RedLine {
    /// Not a red line.
    #[default]
    None,
    /// Breached by `no`.
    OnNo,
    /// Breached by `no` and by `partial`.
    OnNoOrPartial,
}

impl RedLine {
    /// The red line that breaches on these answers (empty: `no` only).
    pub fn from_answers(breach_on: &[AnswerValue]) -> Self {
        if breach_on.contains(&AnswerValue::Partial) {
            RedLine::OnNoOrPartial
        } else {
            RedLine::OnNo
        }
    }

    /// Whether this is a red line at all.
    pub fn is_red_line(self) -> bool {
        self != RedLine::None
    }

    /// Whether an answer breaches it.
    pub fn breached_by(self, answer: Option<AnswerValue>) -> bool {
        match self {
            RedLine::None => false,
            RedLine::OnNo => answer == Some(AnswerValue::No),
            RedLine::OnNoOrPartial => {
                matches!(answer, Some(AnswerValue::No | AnswerValue::Partial))
            }
        }
    }

    /// The answers that breach it, as written in files.
    pub fn answers(self) -> &'static [AnswerValue] {
        match self {
            RedLine::None => &[],
            RedLine::OnNo => &[AnswerValue::No],
            RedLine::OnNoOrPartial => &[AnswerValue::No, AnswerValue::Partial],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Table {
    Source,
    Area,
    Tag,
    Verdict,
    Item,
    Profile,
}

impl Checklist {
    /// Assembles a checklist from a merged file. Does not check it: user input goes through
    /// [`crate::validate::checklist`], which calls this once every reference is known to resolve.
    pub fn new(
        header: ChecklistHeader,
        file: ChecklistFile,
        sha256: String,
        origin: String,
    ) -> Self {
        fn ids<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
            ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
        }
        let index = [
            ids(file.sources.iter().map(|x| &x.id)),
            ids(file.areas.iter().map(|x| &x.id)),
            ids(file.tags.iter().map(|x| &x.id)),
            ids(file.verdicts.iter().map(|x| &x.id)),
            ids(file.items.iter().map(|x| &x.id)),
            ids(file.profiles.iter().map(|x| &x.id)),
        ];
        Checklist {
            header,
            sources: file.sources,
            areas: file.areas,
            tags: file.tags,
            verdicts: file.verdicts,
            items: file.items,
            profiles: file.profiles,
            phrase_sets: file.phrase_sets,
            indicators: file.indicators,
            negations: file.negations,
            migrations: file.migrations,
            sha256,
            origin,
            index,
            layout: OnceLock::new(),
        }
    }

    /// The positions the evaluator scores with (computed once).
    pub fn layout(&self) -> &Layout {
        self.layout.get_or_init(|| {
            let mut items_by_id: Vec<usize> = (0..self.items.len()).collect();
            items_by_id.sort_by(|&a, &b| self.items[a].id.cmp(&self.items[b].id));
            let mut areas_by_id: Vec<usize> = (0..self.areas.len()).collect();
            areas_by_id.sort_by(|&a, &b| self.areas[a].id.cmp(&self.areas[b].id));
            let item_area = self
                .items
                .iter()
                .map(|i| self.get(Table::Area, &i.area))
                .collect();
            let condition = self
                .items
                .iter()
                .map(|i| {
                    i.applies_if
                        .iter()
                        .flat_map(|c| c.item.as_slice())
                        .map(|id| self.get(Table::Item, id))
                        .collect()
                })
                .collect();
            let lenses = self
                .tags
                .iter()
                .enumerate()
                .filter(|(_, t)| t.lens)
                .map(|(ti, t)| {
                    (
                        ti,
                        self.items.iter().map(|i| i.tags.contains(&t.id)).collect(),
                    )
                })
                .collect();
            let profiles = self
                .profiles
                .iter()
                .map(|p| {
                    let selected: Vec<bool> =
                        self.items.iter().map(|i| self.selects(p, i)).collect();
                    let mut area_listed = vec![false; self.areas.len()];
                    for (i, item) in self.items.iter().enumerate() {
                        if selected[i]
                            && let Some(a) = self.get(Table::Area, &item.area)
                        {
                            area_listed[a] = true;
                        }
                    }
                    let red_line = self
                        .items
                        .iter()
                        .map(|i| self.red_line_under(p, i))
                        .collect();
                    ProfileLayout {
                        red_line,
                        weight: self
                            .items
                            .iter()
                            .map(|i| p.weights.get(&i.id).copied().unwrap_or(i.weight))
                            .collect(),
                        area_weight: self
                            .areas
                            .iter()
                            .map(|a| p.area_weights.get(&a.id).copied().unwrap_or(a.weight))
                            .collect(),
                        selected,
                        area_listed,
                    }
                })
                .collect();
            Layout {
                items_by_id,
                areas_by_id,
                item_area,
                condition,
                lenses,
                profiles,
            }
        })
    }

    /// The position of a profile in [`Checklist::profiles`].
    pub fn profile_index(&self, id: &str) -> Option<usize> {
        self.get(Table::Profile, id)
    }

    fn get(&self, t: Table, id: &str) -> Option<usize> {
        self.index[t as usize].get(id).copied()
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.get(Table::Item, id).map(|i| &self.items[i])
    }
    /// The position of an item in [`Checklist::items`].
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.get(Table::Item, id)
    }
    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.get(Table::Area, id).map(|i| &self.areas[i])
    }
    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.get(Table::Source, id).map(|i| &self.sources[i])
    }
    /// A citation as a reader sees it, in `lang`: the source's short name (`short`) or its
    /// title, then the pin in that language ("Convención Americana, art. 8"); the source's id
    /// when the checklist does not declare it.
    pub fn cite(&self, cite: &Cite, lang: &str, short: bool) -> String {
        let name = self
            .source(&cite.source)
            .map(|s| {
                let text = match &s.short {
                    Some(short_name) if short => short_name,
                    _ => &s.title,
                };
                self.text(text, lang).to_string()
            })
            .unwrap_or_else(|| cite.source.clone());
        match &cite.pin {
            Some(pin) => format!("{name}, {}", crate::i18n::pin(lang, pin)),
            None => name,
        }
    }
    /// The tag with this id.
    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.get(Table::Tag, id).map(|i| &self.tags[i])
    }
    /// The verdict with this id.
    pub fn verdict(&self, id: &str) -> Option<&Verdict> {
        self.get(Table::Verdict, id).map(|i| &self.verdicts[i])
    }
    /// The phrase set with this id.
    pub fn phrase_set(&self, id: &str) -> Option<&PhraseSet> {
        self.phrase_sets.iter().find(|t| t.id == id)
    }
    /// The profile with this id.
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.get(Table::Profile, id).map(|i| &self.profiles[i])
    }

    /// The default language (the first declared).
    pub fn default_language(&self) -> &str {
        self.header
            .languages
            .first()
            .map(String::as_str)
            .unwrap_or("en")
    }

    /// A text in `lang`, falling back to the default language, then to any.
    pub fn text<'a>(&self, t: &'a Text, lang: &str) -> &'a str {
        t.get(lang)
            .or_else(|| t.get(self.default_language()))
            .or_else(|| t.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The merged checklist in the shape of its TOML files (what `show --format json` prints).
    pub fn to_file(&self) -> ChecklistFile {
        ChecklistFile {
            checklist: Some(self.header.clone()),
            sources: self.sources.clone(),
            areas: self.areas.clone(),
            tags: self.tags.clone(),
            verdicts: self.verdicts.clone(),
            items: self.items.clone(),
            profiles: self.profiles.clone(),
            phrase_sets: self.phrase_sets.clone(),
            indicators: self.indicators.clone(),
            negations: self.negations.clone(),
            migrations: self.migrations.clone(),
            // Overrides are already applied to the weights above.
            overrides: None,
        }
    }

    /// Whether a profile selects an item (only safeguards are ever selected): by its
    /// `select` criteria, or because the profile adds it as a red line.
    pub fn selects(&self, profile: &Profile, item: &Item) -> bool {
        profile.selects(item)
    }

    /// Whether an item is a red line under a profile, and on which answers (see [`RedLine`]).
    /// Only selected safeguards are red lines.
    pub fn red_line_under(&self, profile: &Profile, item: &Item) -> RedLine {
        if !self.selects(profile, item) {
            return RedLine::None;
        }
        let rl = profile.red_lines.as_ref();
        if let Some(added) = rl.and_then(|r| r.add.iter().find(|a| a.item == item.id)) {
            let on = if added.breach_on.is_empty() {
                &item.breach_on
            } else {
                &added.breach_on
            };
            return RedLine::from_answers(on);
        }
        if item.red_line && !rl.is_some_and(|r| r.drop.contains(&item.id)) {
            return RedLine::from_answers(&item.breach_on);
        }
        RedLine::None
    }
}
