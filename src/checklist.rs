//! The validated checklist: the merged files of one checklist, known to be consistent (every
//! reference resolves, every weight is positive, `applies_if` has no cycles), with lookups by id.
//!
//! Owns: the domain type the evaluator and renderers use, and language fallback for texts.
//! Built only by [`crate::validate::checklist`].

use std::collections::HashMap;

use crate::model::{
    Area, ChecklistFile, ChecklistHeader, Item, Profile, Source, Tag, Text, Verdict,
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
    /// SHA-256 of the checklist's files (names and contents, in name order), hex.
    pub sha256: String,
    /// Where it was loaded from: a folder, or `embedded`.
    pub origin: String,
    index: HashMap<Table, HashMap<String, usize>>,
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
        fn ids<'a>(it: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
            it.enumerate().map(|(i, id)| (id.clone(), i)).collect()
        }
        let index = HashMap::from([
            (Table::Source, ids(file.sources.iter().map(|x| &x.id))),
            (Table::Area, ids(file.areas.iter().map(|x| &x.id))),
            (Table::Tag, ids(file.tags.iter().map(|x| &x.id))),
            (Table::Verdict, ids(file.verdicts.iter().map(|x| &x.id))),
            (Table::Item, ids(file.items.iter().map(|x| &x.id))),
            (Table::Profile, ids(file.profiles.iter().map(|x| &x.id))),
        ]);
        Checklist {
            header,
            sources: file.sources,
            areas: file.areas,
            tags: file.tags,
            verdicts: file.verdicts,
            items: file.items,
            profiles: file.profiles,
            sha256,
            origin,
            index,
        }
    }

    fn get(&self, t: Table, id: &str) -> Option<usize> {
        self.index.get(&t).and_then(|m| m.get(id)).copied()
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
    /// The tag with this id.
    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.get(Table::Tag, id).map(|i| &self.tags[i])
    }
    /// The verdict with this id.
    pub fn verdict(&self, id: &str) -> Option<&Verdict> {
        self.get(Table::Verdict, id).map(|i| &self.verdicts[i])
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
            // Overrides are already applied to the weights above.
            overrides: None,
        }
    }

    /// Whether a profile selects an item (only safeguards are ever selected).
    pub fn selects(&self, profile: &Profile, item: &Item) -> bool {
        if item.kind != crate::model::ItemKind::Safeguard {
            return false;
        }
        let s = &profile.select;
        s.all
            || (s.red_lines && item.red_line)
            || s.items.contains(&item.id)
            || s.tags.iter().any(|t| item.tags.contains(t))
    }
}
