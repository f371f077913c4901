//! The data types of the two input formats (checklists and answers files), exactly as they are
//! written in TOML.
//!
//! These types are the single source of truth for `schemas/checklist.schema.json` and
//! `schemas/answers.schema.json` (generated with schemars; a test fails when the committed
//! schemas drift). They carry no spans: positions come from the spanned parse tree kept by
//! [`crate::load`], looked up by JSON pointer. They carry no meaning checks either: those live in
//! [`crate::validate`], which turns a set of these into a [`crate::checklist::Checklist`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A human-readable text in several languages: `{ en = "...", es = "...", pt = "..." }`.
pub type Text = BTreeMap<String, String>;

fn default_weight() -> f64 {
    1.0
}
fn default_partial_credit() -> f64 {
    0.5
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn is_one(x: &f64) -> bool {
    *x == 1.0
}
fn is_half(x: &f64) -> bool {
    *x == 0.5
}

/// One file of a checklist. A checklist may be split across several files in one folder; their
/// tables are merged. Exactly one file holds the `[checklist]` table.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "salvaguarda checklist (one file of it)")]
pub struct ChecklistFile {
    /// The checklist's identity; exactly one file of a checklist has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<ChecklistHeader>,
    /// The source registry: every instrument cited, once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The areas that group items and weigh them in the overall score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
    /// The tags items may carry; `lens = true` tags get a score of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// The verdicts that profile bands may give.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verdicts: Vec<Verdict>,
    /// Questions: powers the bill may create, and safeguards it should contain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// Standards under which the answers are scored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Profile>,
    /// Named lists of phrases that several items share, as topics, indicators or red flags
    /// (`scan`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrase_sets: Vec<PhraseSet>,
    /// Per item, the wording `scan` looks for in a bill's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// The words that deny or forbid, which `scan` uses to tell "with a judicial order" from
    /// "without a judicial order" and from "no ... without a judicial order".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negations: Option<Negations>,
    /// Weights changed in the checklist this one extends (see `checklist.extends`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Overrides>,
    /// How the items of earlier versions map to this version's (`salvaguarda upgrade`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<Migration>,
}

/// How answers files of one version of the checklist are carried to the next
/// (`salvaguarda upgrade`). Ids not named are carried over unchanged; items of `to` that no
/// entry reaches and that `from` did not have are added as `unknown`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    /// The version of the answers files this step applies to.
    #[schemars(regex(pattern = r"^[0-9]+\.[0-9]+\.[0-9]+$"))]
    pub from: String,
    /// The version they become; steps are chained (1.0.0 → 2.0.0 → 2.1.0).
    #[schemars(regex(pattern = r"^[0-9]+\.[0-9]+\.[0-9]+$"))]
    pub to: String,
    /// Items whose id changed: old id → new id. The answer is carried over as it is.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub renamed: BTreeMap<String, String>,
    /// Items split into several: old id → new ids. Each new item gets the old answer, note and
    /// evidence, with a note to check it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub split: BTreeMap<String, Vec<String>>,
    /// Items merged into one: new id → old ids. The new item gets the least favourable of the
    /// old answers, every note and every piece of evidence, with a note to check it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub merged: BTreeMap<String, Vec<String>>,
    /// Items removed: old id → why. Their answers are kept as comments in the upgraded file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub removed: BTreeMap<String, Text>,
    /// Items whose question changed in meaning under the same id: id → what changed. The
    /// answer is carried over with a note to check it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub changed: BTreeMap<String, Text>,
    /// Items new in `to`: `upgrade` adds them as `unknown`, with a comment saying so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
}

/// The `[overrides]` table: weights of items and areas of the extended checklist, changed
/// without copying it. Applied after every file is merged; the last layer wins.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// New weights of items, by id (> 0).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub item_weights: BTreeMap<String, f64>,
    /// New weights of areas, by id (> 0).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub area_weights: BTreeMap<String, f64>,
}

/// The `[checklist]` table.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistHeader {
    /// Kebab-case id, named by answers files.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Semantic version, recorded by answers files.
    #[schemars(regex(pattern = r"^[0-9]+\.[0-9]+\.[0-9]+$"))]
    pub version: String,
    /// The id of a checklist this one builds on: its sources, areas, tags, verdicts, items and
    /// profiles are included, and this checklist adds its own (with new ids) and may change
    /// weights in `[overrides]`. Looked up like any checklist (embedded, or `--catalog`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub extends: Option<String>,
    /// Languages every text must have; the first is the default.
    #[schemars(length(min = 1))]
    pub languages: Vec<String>,
    /// The profile `report` scores when none is asked for.
    pub default_profile: String,
    pub title: Text,
    pub description: Text,
}

/// Kinds of cited instruments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Treaty,
    Judgment,
    AdvisoryOpinion,
    Report,
    Resolution,
    Principles,
    Statement,
    Letter,
    Guide,
}

/// An instrument in the source registry.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub kind: SourceKind,
    pub title: Text,
    /// A short name for citations in running text (e.g. "UNCC", "Escher v. Brazil").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Text>,
    pub issuer: Text,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; left out when not verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"))]
    pub date: Option<String>,
    /// Official symbol or series number, e.g. `A/RES/79/243` or `Series C No. 200`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// For maintainers: what is and is not verified about this reference, and how to cite it.
    /// Reports never print it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// For readers: a caveat printed beside the reference in reports (for example, that the
    /// content is known only from secondary sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader_note: Option<Text>,
}

/// An area of the checklist.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Weight of the area in the overall score (> 0).
    #[serde(default = "default_weight", skip_serializing_if = "is_one")]
    pub weight: f64,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// A tag items may carry.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub title: Text,
    /// Report a score for the items carrying this tag.
    #[serde(default, skip_serializing_if = "is_false")]
    pub lens: bool,
}

/// A verdict a profile band may give.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// Whether an item asks about a power the bill creates or a safeguard it contains.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// Not scored: decides which safeguards apply.
    Power,
    /// Scored.
    Safeguard,
}

/// How grave the absence of a safeguard is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    /// The kebab-case name, as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// One answer value, as written in answers files.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    Yes,
    Partial,
    No,
    Unknown,
    NotApplicable,
}

impl AnswerValue {
    /// Every value, in the order shown to users.
    pub const ALL: [AnswerValue; 5] = [
        AnswerValue::Yes,
        AnswerValue::Partial,
        AnswerValue::No,
        AnswerValue::Unknown,
        AnswerValue::NotApplicable,
    ];

    /// The snake_case name, as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerValue::Yes => "yes",
            AnswerValue::Partial => "partial",
            AnswerValue::No => "no",
            AnswerValue::Unknown => "unknown",
            AnswerValue::NotApplicable => "not_applicable",
        }
    }
}

/// One answer or a list of answers (`answer = "yes"` or `answer = ["yes", "partial"]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(AnswerValue),
    Many(Vec<AnswerValue>),
}

impl OneOrMany {
    /// The answers as a slice.
    pub fn as_slice(&self) -> &[AnswerValue] {
        match self {
            OneOrMany::One(a) => std::slice::from_ref(a),
            OneOrMany::Many(v) => v,
        }
    }
}

/// One id or a list of ids (`item = "power-interception"` or `item = ["a", "b"]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Ids {
    One(String),
    Many(#[schemars(length(min = 1))] Vec<String>),
}

impl Ids {
    /// The ids as a slice.
    pub fn as_slice(&self) -> &[String] {
        match self {
            Ids::One(a) => std::slice::from_ref(a),
            Ids::Many(v) => v,
        }
    }
}

/// The condition under which an item applies: a power item (or any of several) answered one of
/// the given values.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppliesIf {
    /// The id of a power item, or several: the item applies if any of them qualifies.
    pub item: Ids,
    /// The answers of that power item under which this item applies.
    pub answer: OneOrMany,
}

/// What counts as each answer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub yes: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial: Option<Text>,
    pub no: Text,
}

/// What kind of safeguard an item is, for the view of each power ("who authorises it, on what
/// threshold, for how long...").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Facet {
    /// Who authorises the measure, and when.
    Authorisation,
    /// On what grounds and for which offences.
    Threshold,
    /// For how long, and renewals.
    Duration,
    /// Telling the person affected.
    Notification,
    /// Challenging the measure and redress.
    Remedy,
    /// Independent oversight, records and public reporting.
    Oversight,
    /// Storage, use, sharing and deletion of what is obtained.
    DataHandling,
    /// Journalists, lawyers, defenders and other protected persons.
    ProtectedPersons,
    /// Which crimes, persons and services the power reaches.
    Scope,
    /// Anything else.
    Other,
}

impl Facet {
    /// Every facet, in the order reports show them.
    pub const ALL: [Facet; 10] = [
        Facet::Authorisation,
        Facet::Threshold,
        Facet::Duration,
        Facet::Notification,
        Facet::Remedy,
        Facet::Oversight,
        Facet::DataHandling,
        Facet::ProtectedPersons,
        Facet::Scope,
        Facet::Other,
    ];

    /// The kebab-case name, as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Authorisation => "authorisation",
            Facet::Threshold => "threshold",
            Facet::Duration => "duration",
            Facet::Notification => "notification",
            Facet::Remedy => "remedy",
            Facet::Oversight => "oversight",
            Facet::DataHandling => "data-handling",
            Facet::ProtectedPersons => "protected-persons",
            Facet::Scope => "scope",
            Facet::Other => "other",
        }
    }
}

/// A citation of a source in the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// The id of a source in the registry.
    pub source: String,
    /// Article, paragraph or principle, at the level verified: `art. 24(2)`, `para. 114`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
}

/// A question of the checklist.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub kind: ItemKind,
    pub area: String,
    /// Required for safeguards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// A safeguard whose absence fails the bill whatever its score.
    #[serde(default, skip_serializing_if = "is_false")]
    pub red_line: bool,
    /// The answers that breach the red line: `no`, and `partial` where the item's guidance for
    /// `partial` describes a case the standard forbids. Empty means `["no"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breach_on: Vec<AnswerValue>,
    /// The sources that make this item a red line, with the pin that makes the safeguard
    /// mandatory.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_line_basis: Vec<Cite>,
    /// What kind of safeguard it is, for the view of each power.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facet: Option<Facet>,
    /// Which gaps the one-page brief shows first: 1 leads, 9 comes last, and items without a
    /// priority follow every item with one. The maintainers' judgement of what a reader must
    /// see first (docs/catalog-policy.md); it changes no score and no verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 9))]
    pub priority: Option<u8>,
    /// Weight within its area (> 0).
    #[serde(default = "default_weight", skip_serializing_if = "is_one")]
    pub weight: f64,
    /// The score of a `partial` answer, from 0 to 1.
    #[serde(default = "default_partial_credit", skip_serializing_if = "is_half")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub partial_credit: f64,
    /// Whether `not_applicable` is an acceptable answer.
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_not_applicable: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_if: Option<AppliesIf>,
    pub question: Text,
    /// The question's safeguard in a few words, for one-line lists (the brief's red lines
    /// breached): at most 90 characters in each language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Text>,
    /// Why it matters; required for safeguards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<Text>,
    pub guidance: Guidance,
    /// What to change in the bill; required for safeguards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Text>,
    #[schemars(length(min = 1))]
    pub cites: Vec<Cite>,
}

/// Which safeguards a profile scores. An item is selected when any criterion matches.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Select {
    /// Every safeguard.
    #[serde(default, skip_serializing_if = "is_false")]
    pub all: bool,
    /// Safeguards carrying any of these tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// These safeguards, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// Every red-line safeguard.
    #[serde(default, skip_serializing_if = "is_false")]
    pub red_lines: bool,
    /// Safeguards citing any of these sources: a standard defined by its sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// The red lines of one standard, beyond or instead of the items' own `red_line` flags.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRedLines {
    /// Red lines this standard adds; each item is also selected by the profile.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<AddedRedLine>,
    /// Items whose `red_line` flag this standard does not adopt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drop: Vec<String>,
}

/// A red line a standard adds.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddedRedLine {
    /// The id of a safeguard.
    pub item: String,
    /// The answers that breach it; empty means the item's own `breach_on`, else `["no"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breach_on: Vec<AnswerValue>,
    /// The sources that make it a red line for this standard.
    #[schemars(length(min = 1))]
    pub basis: Vec<Cite>,
}

/// A score threshold and the verdict it gives.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The lowest score (0 to 100) that earns this verdict.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub min: f64,
    /// The id of a verdict.
    pub verdict: String,
}

/// A standard under which the answers are scored.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    pub select: Select,
    /// Item weight overrides under this profile.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weights: BTreeMap<String, f64>,
    /// Area weight overrides under this profile.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub area_weights: BTreeMap<String, f64>,
    /// Red lines this standard adds or does not adopt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_lines: Option<ProfileRedLines>,
    /// Verdict thresholds; one must have `min = 0`.
    #[schemars(length(min = 1))]
    pub bands: Vec<Band>,
}

impl Profile {
    /// Whether the profile selects an item (only safeguards are ever selected): by its
    /// `select` criteria, or because the profile adds it as a red line.
    pub fn selects(&self, item: &Item) -> bool {
        if item.kind != ItemKind::Safeguard {
            return false;
        }
        let s = &self.select;
        s.all
            || (s.red_lines && item.red_line)
            || s.items.contains(&item.id)
            || s.tags.iter().any(|t| item.tags.contains(t))
            || s.sources
                .iter()
                .any(|src| item.cites.iter().any(|c| &c.source == src))
            || self
                .red_lines
                .as_ref()
                .is_some_and(|r| r.add.iter().any(|a| a.item == item.id))
    }
}

/// Phrases in several languages: `{ en = ["..."], es = ["..."], pt = ["..."] }`. Matching
/// ignores case, accents, punctuation and spacing (see `docs/scan.md`).
pub type Phrases = BTreeMap<String, Vec<String>>;

/// Splits a phrase at its gaps (`…` or `...`).
pub fn phrase_parts(phrase: &str) -> Vec<&str> {
    phrase
        .split(['…'])
        .flat_map(|p| p.split("..."))
        .map(|p| p.trim().trim_end_matches('*').trim())
        .collect()
}

/// A named list of phrases that several items share: where a matter (interception,
/// retention...) is regulated, or a wording that settles several safeguards alike (a judge's
/// order, a prosecutor's order).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhraseSet {
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub phrases: Phrases,
}

/// The wording that settles one item in a bill's text. Several entries for one item add up.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// The id of an item.
    pub item: String,
    /// Ids of phrase sets that say where the matter the item asks about is regulated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Wording that shows the power is created, or the safeguard is present.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub phrases: Phrases,
    /// Ids of phrase sets used as more such wording.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrase_sets: Vec<String>,
    /// Wording that shows the safeguard is missing or undermined: a prosecutor's order instead
    /// of a judge's, "without a warrant", a minimum period instead of a maximum.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub red_flags: Phrases,
    /// Ids of phrase sets used as more red flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_flag_sets: Vec<String>,
}

/// The words that deny or forbid, per language.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Negations {
    /// Shortly before a phrase, they deny it: "sin", "without", "sem", "no se requerirá".
    pub before: Phrases,
    /// Shortly after a phrase, they deny it: "no será necesaria", "is not required".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub after: Phrases,
    /// Earlier in the same clause, they turn a denial into a prohibition ("no podrá ... sin
    /// orden judicial" requires the order).
    pub prohibitions: Phrases,
    /// Expressions that hold a negation word but deny nothing: "sin perjuicio", "without
    /// prejudice".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_negations: Phrases,
}

/// An answers file: one state's answers about one bill, against one checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "salvaguarda answers file")]
pub struct AnswersFile {
    pub assessment: Assessment,
    /// Answers by item id.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

/// What is assessed, against what, by whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The id of the checklist answered.
    pub checklist: String,
    /// The version of the checklist answered.
    #[schemars(regex(pattern = r"^[0-9]+\.[0-9]+\.[0-9]+$"))]
    pub checklist_version: String,
    /// The state or jurisdiction (an ISO 3166 code or a name).
    pub jurisdiction: String,
    /// The bill or law assessed.
    pub instrument: String,
    /// Which version of the bill (e.g. "committee draft, 2025-10-01").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The default language of reports (`en`, `es`, `pt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Who answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// When the answers were given, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub date: Option<String>,
}

/// The answer to one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub answer: AnswerValue,
    /// The assessor's explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where in the bill the answer is settled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// A place in the bill that supports an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The article, e.g. "Art. 14(3)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The bill's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}
