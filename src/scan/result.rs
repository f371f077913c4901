//! The result of `scan`: for each item of a checklist, the articles of a bill's text most likely
//! to settle it, with the matching passages, and the red flags of the whole text.
//!
//! `scan --format json` prints a [`ScanReport`]; `schemas/scan.schema.json` is generated from
//! these types. Every scan format is rendered from this type alone.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::ItemKind;
use crate::result::{BillFileInfo, BillLocation, Tool};

/// A scan of a bill's text against a checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "salvaguarda scan result")]
pub struct ScanReport {
    pub tool: Tool,
    pub checklist: ScanChecklist,
    /// The bill's files, in the order given.
    pub files: Vec<BillFileInfo>,
    /// The language whose phrases were matched.
    pub text_language: String,
    /// Whether that language was detected from the text (false: given with `--text-lang`).
    pub language_detected: bool,
    pub counts: ScanCounts,
    /// Every item of the checklist, in checklist order.
    pub items: Vec<ScanItem>,
    /// Every red flag in the text, in text order.
    pub red_flags: Vec<RedFlag>,
}

/// The JSON Schema of `scan --format json`, as committed in `schemas/scan.schema.json`
/// (a test guards the drift).
pub fn schema() -> String {
    crate::schema::document(crate::schema::Kind::Scan, schemars::schema_for!(ScanReport))
}

/// Which checklist was used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanChecklist {
    pub id: String,
    pub version: String,
    /// SHA-256 of the checklist's files, hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
}

/// Tallies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanCounts {
    /// Articles recognised in the text.
    pub articles: usize,
    /// Items scanned (those with phrases in the text's language).
    pub items: usize,
    /// Items with at least one indicator found.
    pub with_indicators: usize,
    /// Items with at least one red flag found.
    pub with_red_flags: usize,
    /// Items for which nothing was found.
    pub not_found: usize,
    /// Red-flag matches in the whole text (the list of red flags stops at 1,000).
    pub red_flag_matches: usize,
}

/// What the text says about an item, at a glance.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// Indicators and no red flag.
    Indicators,
    /// Indicators and red flags.
    Mixed,
    /// Red flags and no indicator.
    RedFlags,
    /// Only the topic is mentioned.
    TopicOnly,
    /// Nothing found.
    NotFound,
    /// The checklist gives no phrases for this item in the text's language.
    NoPhrases,
}

impl Signal {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Signal::Indicators => "indicators",
            Signal::Mixed => "mixed",
            Signal::RedFlags => "red-flags",
            Signal::TopicOnly => "topic-only",
            Signal::NotFound => "not-found",
            Signal::NoPhrases => "no-phrases",
        }
    }
}

/// One item and where the text settles it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanItem {
    pub id: String,
    pub kind: ItemKind,
    pub area: String,
    pub signal: Signal,
    /// The articles most likely to settle it, best first.
    pub articles: Vec<ScanArticle>,
}

/// An article and what was found in it for one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanArticle {
    /// The heading as written (`Artículo 14`), or `¶ 3` for a block of a text without articles.
    pub label: String,
    /// The normalised article number (`14`, `10a`).
    pub key: Option<String>,
    /// Where the article starts (`start`..`end` spans the whole article).
    pub location: BillLocation,
    /// The chapter or title it falls under.
    pub division: Option<String>,
    /// The ranking score: 5 per distinct indicator or red flag that meets the item's matter in
    /// its sentence (3 when only through a heading or the article's title, 1 out of context or
    /// denied), 1 per distinct topic phrase (3 at most), and 2 more when an indicator or red flag
    /// meets its matter in a sentence.
    pub score: u32,
    /// Distinct indicator phrases found (as written in the checklist).
    pub indicators: Vec<String>,
    /// Distinct red-flag phrases found, and indicators found negated.
    pub red_flags: Vec<String>,
    /// Distinct topic phrases found.
    pub topics: Vec<String>,
    /// The passages with the matches, at most three.
    pub passages: Vec<ScanPassage>,
}

/// A sentence or clause of the text with matches marked in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanPassage {
    /// The passage, with runs of whitespace shown as one space; `…` marks a cut.
    pub text: String,
    /// Where it is in the bill (`start`..`end` are the exact bytes of the file it shows).
    pub location: BillLocation,
    /// The matches, as byte ranges of `text`, in order.
    pub marks: Vec<Mark>,
}

/// What a match means.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum MarkKind {
    /// The power is created or the safeguard present.
    Indicator,
    /// The safeguard is missing or undermined.
    RedFlag,
    /// Where the matter is regulated.
    Topic,
    /// A red flag that the text denies ("no podrá ser ordenada por el fiscal"): neither sign.
    Neutral,
}

/// Why a match was classified so.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The phrase as listed.
    Phrase,
    /// An indicator denied by a negation before or after it ("sin orden judicial", "la orden
    /// judicial no será necesaria").
    Negated,
    /// A denial inside a prohibition ("ninguna comunicación podrá interceptarse sin orden
    /// judicial"): the safeguard is present.
    Prohibition,
    /// A red flag denied by a negation.
    NegatedRedFlag,
}

/// One match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub kind: MarkKind,
    pub reason: Reason,
    /// The phrase of the checklist that matched.
    pub phrase: String,
}

/// A red flag found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    /// The words of the text.
    pub text: String,
    pub location: BillLocation,
    /// The phrases of the checklist that matched, and why.
    pub phrases: Vec<String>,
    pub reason: Reason,
    /// The items it concerns.
    pub items: Vec<String>,
}
