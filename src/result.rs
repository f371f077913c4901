//! The result of scoring one answers file: a contract for other tools.
//!
//! `report --format json` prints a [`Report`]; `schemas/result.schema.json` is generated from
//! these types and documents it. Field names marked fixed in the design (`checklist`,
//! `assessment`, `profile`, `score`, `verdict`, `red_line_breaches`, `areas`, `profiles`,
//! `lenses`, `items`) must not change. Every report format is rendered from this type alone.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{AnswerValue, Cite, Evidence, Facet, ItemKind, Severity, Text};

/// The verdict given when a red line is breached, whatever the score.
pub const INCOMPATIBLE: &str = "incompatible";

/// The verdict given when no red line is breached but some are not verified (answered
/// `unknown` or not at all): what the bill deserves cannot be said yet.
pub const UNDETERMINED: &str = "undetermined";

/// The scored assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "salvaguarda result")]
pub struct Report {
    /// The program that produced this result.
    pub tool: Tool,
    pub checklist: ChecklistInfo,
    pub assessment: AssessmentInfo,
    /// The id of the profile scored.
    pub profile: String,
    /// The overall score of that profile, 0 to 100.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub score: f64,
    /// The score if every safeguard answered `unknown` or not at all were `yes`: how far the
    /// score could still move. `score <= ceiling <= 100`.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub ceiling: f64,
    /// The share (0 to 1) of the applicable weight answered yes, partial, no or not
    /// applicable: how much of the assessment is verified.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coverage: f64,
    /// `incompatible` when a red line is breached; else `undetermined` when a red line is not
    /// verified; else the verdict of the profile's band for the score.
    pub verdict: String,
    /// The verdict of the profile's band for the score, whatever the red lines say.
    pub band: String,
    /// Red lines of the profile that apply and are answered with an answer that breaches them.
    pub red_line_breaches: Vec<String>,
    /// Red lines of the profile that apply and are answered `unknown` or not at all.
    pub red_lines_unverified: Vec<String>,
    /// The power whose safeguards are weakest (lowest score among the powers the bill creates
    /// or may create), if any.
    pub weakest_power: Option<String>,
    /// Each power of the checklist with the safeguards attached to it.
    pub powers: Vec<PowerResult>,
    /// Scores per area under the profile (`score` is null where no item of the area applies).
    pub areas: Vec<AreaScore>,
    /// Every profile of the checklist, so standards can be compared.
    pub profiles: Vec<ProfileScore>,
    /// Scores over the items carrying each lens tag, under the profile.
    pub lenses: Vec<LensScore>,
    /// Counts of answers under the profile.
    pub counts: Counts,
    /// Every item of the checklist, in checklist order.
    pub items: Vec<ItemResult>,
    /// The evidence checked against the bill's text (`--bill`); absent when no text was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill: Option<BillCheck>,
}

/// The JSON Schema of `report --format json`, as committed in `schemas/result.schema.json`
/// (a test guards the drift).
pub fn schema() -> String {
    crate::schema::document(crate::schema::Kind::Result, schemars::schema_for!(Report))
}

/// Program name and version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// Which checklist was used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistInfo {
    pub id: String,
    pub version: String,
    /// SHA-256 of the checklist's files, hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
    pub title: Text,
}

/// The answers file's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInfo {
    pub jurisdiction: String,
    pub instrument: String,
    pub version: Option<String>,
    pub language: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
    /// The checklist version the answers were made for.
    pub checklist_version: String,
    /// SHA-256 of the answers file, hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
}

/// One area's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaScore {
    pub id: String,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub score: Option<f64>,
    /// The area's score if every unknown or unanswered safeguard were `yes`.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub ceiling: Option<f64>,
    /// The verified share (0 to 1) of the area's applicable weight; null when none applies.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coverage: Option<f64>,
    pub weight: f64,
    /// Safeguards of the area that the profile selects and that apply.
    pub applicable: usize,
    /// Of those, the ones not fully met.
    pub gaps: usize,
}

/// One profile's score and verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileScore {
    pub id: String,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub score: f64,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub ceiling: f64,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coverage: f64,
    pub verdict: String,
    /// The band's verdict for the score, whatever the red lines say.
    pub band: String,
    pub red_line_breaches: Vec<String>,
    pub red_lines_unverified: Vec<String>,
    pub applicable: usize,
    pub gaps: usize,
}

/// One lens's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LensScore {
    pub tag: String,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub score: Option<f64>,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub ceiling: Option<f64>,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coverage: Option<f64>,
    pub applicable: usize,
}

/// Counts of the profile's safeguards by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Selected by the profile and applying to this bill.
    pub applicable: usize,
    pub met: usize,
    pub partial: usize,
    pub gap: usize,
    pub unverified: usize,
    pub unanswered: usize,
    pub not_applicable: usize,
    /// Skipped because the power they guard is not created.
    pub not_triggered: usize,
}

/// What an item's answer means for the bill.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Answered yes.
    Met,
    /// Answered partial.
    Partial,
    /// Answered no.
    Gap,
    /// Answered unknown: scores 0 and needs checking.
    Unverified,
    /// Not answered: scores 0.
    Unanswered,
    /// Answered not_applicable where the item allows it: excluded.
    NotApplicable,
    /// Its power is not created: excluded.
    NotTriggered,
    /// A power the bill creates (answered yes or partial).
    PowerCreated,
    /// A power the bill does not create.
    PowerAbsent,
    /// A power not yet determined (unknown or unanswered): its safeguards apply.
    PowerUndetermined,
}

impl Status {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::Gap => "gap",
            Status::Unverified => "unverified",
            Status::Unanswered => "unanswered",
            Status::NotApplicable => "not-applicable",
            Status::NotTriggered => "not-triggered",
            Status::PowerCreated => "power-created",
            Status::PowerAbsent => "power-absent",
            Status::PowerUndetermined => "power-undetermined",
        }
    }

    /// Whether this is the status of a power item.
    pub fn is_power(self) -> bool {
        matches!(
            self,
            Status::PowerCreated | Status::PowerAbsent | Status::PowerUndetermined
        )
    }

    /// Whether this is a scored safeguard that is not fully met.
    pub fn is_gap(self) -> bool {
        matches!(
            self,
            Status::Partial | Status::Gap | Status::Unverified | Status::Unanswered
        )
    }
}

/// One item's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemResult {
    pub id: String,
    pub kind: ItemKind,
    pub area: String,
    /// The answer given, or null when unanswered.
    pub answer: Option<AnswerValue>,
    pub status: Status,
    /// The item's score, 0 to 100, or null when it is excluded or a power.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub score: Option<f64>,
    /// The item's weight under the profile.
    pub weight: f64,
    pub severity: Option<Severity>,
    /// Whether the item is a red line under the profile.
    pub red_line: bool,
    /// The answers that breach it under the profile (empty when it is not a red line).
    pub breach_on: Vec<AnswerValue>,
    /// What kind of safeguard it is (who authorises, threshold, duration...).
    pub facet: Option<Facet>,
    /// Whether the profile scores this item.
    pub selected: bool,
    /// Whether this item is a red line breached under the profile.
    pub breach: bool,
    /// Whether this item is a red line of the profile that applies and is not verified.
    pub unverified_red_line: bool,
    pub note: Option<String>,
    pub evidence: Vec<EvidenceResult>,
    pub cites: Vec<Cite>,
}

/// A power of the checklist, and the safeguards attached to it (the items whose `applies_if`
/// names it): what a reader asks of each power ("who authorises real-time location?").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PowerResult {
    pub id: String,
    /// The answer given, or null when unanswered.
    pub answer: Option<AnswerValue>,
    /// Created, absent or undetermined.
    pub status: Status,
    /// The mean of its applicable safeguards selected by the profile, 0 to 100 (null when
    /// none applies or the power is absent).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub score: Option<f64>,
    #[schemars(range(min = 0.0, max = 100.0))]
    pub ceiling: Option<f64>,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coverage: Option<f64>,
    /// Red lines of the profile among its safeguards that are breached.
    pub red_line_breaches: Vec<String>,
    /// Red lines of the profile among its safeguards that are not verified.
    pub red_lines_unverified: Vec<String>,
    /// Its safeguards, grouped by facet in the order of [`Facet::ALL`], then checklist order.
    pub safeguards: Vec<PowerSafeguard>,
}

/// One safeguard attached to a power.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PowerSafeguard {
    pub id: String,
    pub facet: Option<Facet>,
    pub answer: Option<AnswerValue>,
    pub status: Status,
    /// Whether the profile scores it.
    pub selected: bool,
    pub red_line: bool,
    pub breach: bool,
}

/// One piece of evidence as the answers file gives it, with its check against the bill's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceResult {
    /// The article, as written in the answers file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The quote, as written in the answers file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The check against the bill's text; absent when no text was given (`--bill`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
}

impl From<&EvidenceResult> for Evidence {
    fn from(e: &EvidenceResult) -> Self {
        Evidence {
            article: e.article.clone(),
            quote: e.quote.clone(),
        }
    }
}

impl From<&Evidence> for EvidenceResult {
    fn from(e: &Evidence) -> Self {
        EvidenceResult {
            article: e.article.clone(),
            quote: e.quote.clone(),
            verification: None,
        }
    }
}

/// How a piece of evidence fared against the bill's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    /// The quote's check; null when the evidence has no quote.
    pub quote: Option<QuoteCheck>,
    /// One check per article the reference names (empty when it names no article number).
    pub articles: Vec<ArticleCheck>,
}

/// Whether a quote is in the bill.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStatus {
    /// Found character for character.
    Exact,
    /// Found once whitespace, accents, quotation marks, punctuation and case are normalised.
    Normalised,
    /// Not found.
    NotFound,
}

impl QuoteStatus {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Exact => "exact",
            QuoteStatus::Normalised => "normalised",
            QuoteStatus::NotFound => "not-found",
        }
    }
}

/// A quote's check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteCheck {
    pub status: QuoteStatus,
    /// Where it was found (the occurrence in the cited article when there is one).
    pub location: Option<BillLocation>,
    /// How many times it occurs in the bill.
    pub occurrences: usize,
    /// For a quote with omissions ("…", "[...]"): how many fragments were matched, in order.
    pub fragments: usize,
    /// Whether it lies in an article the evidence cites; null when the evidence cites no
    /// article number or the quote is not found.
    pub in_cited_article: Option<bool>,
    /// For a quote not found: the passage of the bill that shares the most wording with it.
    pub closest: Option<Passage>,
}

/// A passage of the bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Passage {
    pub text: String,
    pub location: BillLocation,
}

/// Whether an article a reference names is in the bill.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ArticleStatus {
    Found,
    /// The article is there, but not every paragraph the reference names.
    ParagraphNotFound,
    NotFound,
}

/// The check of one article a reference names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleCheck {
    /// The normalised article number (`14`, `10a`, `14bis`).
    pub key: String,
    /// The paragraphs named inside it, outermost first.
    pub paragraphs: Vec<String>,
    pub status: ArticleStatus,
    /// Where the article starts, when found.
    pub location: Option<BillLocation>,
    /// The paragraphs not found in it.
    pub missing_paragraphs: Vec<String>,
}

/// A position in a bill text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BillLocation {
    /// The bill file, as named on the command line.
    pub file: String,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    /// Byte offsets of the start and end in the file.
    pub start: usize,
    pub end: usize,
    /// The heading of the article holding it (`Artículo 14`), if any.
    pub article: Option<String>,
}

/// The bill text that evidence was checked against, and the tally.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BillCheck {
    pub files: Vec<BillFileInfo>,
    /// Quotes checked.
    pub quotes: usize,
    pub exact: usize,
    pub normalised: usize,
    pub not_found: usize,
    /// Quotes found, but outside the article the evidence cites.
    pub elsewhere: usize,
    /// Article references checked (one per article number named).
    pub articles: usize,
    /// Of those, the ones whose article or paragraph is not in the bill.
    pub articles_not_found: usize,
}

/// One file of the bill text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BillFileInfo {
    pub name: String,
    /// SHA-256 of the text, hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
    pub bytes: usize,
    /// Articles recognised in it.
    pub articles: usize,
}
