//! Meaning checks: turns parsed files into a [`Checklist`] or a checked [`AnswersFile`],
//! collecting every problem instead of stopping at the first.
//!
//! Owns: duplicate ids, references between tables, weights, bands, translations, `applies_if`
//! cycles, and the checks of an answers file against its checklist. Structure (types, unknown
//! keys, required keys) is checked before this, by [`crate::schema`].

use std::collections::{BTreeSet, HashMap};

use crate::checklist::Checklist;
// The fingerprints, re-exported at their former paths.
use crate::diag::{Code, Diagnostic, Diagnostics};
pub use crate::digest::{digest, sha256};
use crate::i18n::tr;
use crate::load::{Parsed, escape_segment};
use crate::model::{
    Answer, AnswerValue, AnswersFile, ChecklistFile, ChecklistHeader, ItemKind, Overrides, Text,
};
use crate::schema::{self, Kind};

/// Where an entry of a merged checklist came from: the file and the JSON pointer of the entry.
#[derive(Debug, Clone)]
struct Origin {
    file: usize,
    pointer: String,
}

/// Whether a text is a real `YYYY-MM-DD` date: the form, a month from 01 to 12 and a day that
/// month has (29 February only in a leap year).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let form = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !form {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// The smallest weight accepted (items, areas, profile and extension overrides).
pub const MIN_WEIGHT: f64 = 1e-6;

/// The largest weight accepted. With both bounds, the products of an item's, its area's and a
/// profile's weights, summed over every item, stay finite and above zero, so no score is ever
/// NaN or infinite.
pub const MAX_WEIGHT: f64 = 1e6;

/// What is wrong with a weight, if anything, in the language of the command: "must be greater
/// than 0", or out of bounds.
pub fn weight_rule(w: f64) -> Option<String> {
    let key = if !(w.is_finite() && w > 0.0) {
        "diag_weight_positive"
    } else if w < MIN_WEIGHT {
        "diag_weight_min"
    } else if w > MAX_WEIGHT {
        "diag_weight_max"
    } else {
        return None;
    };
    Some(tr(key, &[]))
}

/// Validates the files of one checklist. `names` are the files' names inside the checklist's
/// folder (for the digest); `origin` says where the folder is.
pub fn checklist(
    files: &[Parsed],
    names: &[String],
    origin: &str,
) -> (Option<Checklist>, Diagnostics) {
    checklist_layered(files, names, origin, 0)
}

/// Validates a checklist that extends another: the first `base` files are the extended
/// checklist's (their `[checklist]` table is replaced by the extension's), the rest the
/// extension's. Everything is merged and checked as one checklist, so an id the extension
/// reuses is a `duplicate-id` pointing at both places; then `[overrides]` change weights.
pub fn checklist_layered(
    files: &[Parsed],
    names: &[String],
    origin: &str,
    base: usize,
) -> (Option<Checklist>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Layers {
        mut merged,
        origins,
        headers,
        overrides,
        negation_files,
    } = merge_layers(files, base, &mut diags);
    if diags.has_errors() {
        return (None, diags);
    }
    let Some((header_file, header)) = the_header(files, headers, origin, &mut diags) else {
        return (None, diags);
    };

    // `at(table, index, suffix)` points a diagnostic at an entry of the merged checklist.
    let at =
        |table: &'static str, i: usize, suffix: &str, d: Diagnostic, key: bool| -> Diagnostic {
            match origins.get(&(table, i)) {
                Some(o) => {
                    let p = format!("{}{suffix}", o.pointer);
                    if key {
                        files[o.file].at_key(d, &p)
                    } else {
                        files[o.file].at_value(d, &p)
                    }
                }
                None => d.in_file(origin),
            }
        };
    let at_header = |suffix: &str, d: Diagnostic| {
        files[header_file].at_value(d, &format!("/checklist{suffix}"))
    };

    check_duplicate_ids(&merged, &origins, files, &at, &mut diags);
    apply_overrides(files, &overrides, &mut merged, &mut diags);

    let ids = |v: Vec<&str>| -> BTreeSet<String> { v.into_iter().map(str::to_string).collect() };
    let source_ids = ids(merged.sources.iter().map(|x| x.id.as_str()).collect());
    let area_ids = ids(merged.areas.iter().map(|x| x.id.as_str()).collect());
    let tag_ids = ids(merged.tags.iter().map(|x| x.id.as_str()).collect());
    let verdict_ids = ids(merged.verdicts.iter().map(|x| x.id.as_str()).collect());
    let item_kinds: HashMap<&str, ItemKind> = merged
        .items
        .iter()
        .map(|x| (x.id.as_str(), x.kind))
        .collect();
    let profile_ids = ids(merged.profiles.iter().map(|x| x.id.as_str()).collect());
    let languages = &header.languages;
    check_translations(&merged, &header, &at, &at_header, &mut diags);

    if !profile_ids.contains(&header.default_profile) {
        diags.push(at_header(
            "/default_profile",
            unknown(
                Code::UnknownProfile,
                "diag_unknown_profile",
                &header.default_profile,
                &profile_ids,
            ),
        ));
    }

    check_area_weights(&merged, &at, &mut diags);
    check_items(
        &merged,
        &item_kinds,
        &area_ids,
        &tag_ids,
        &source_ids,
        &at,
        &mut diags,
    );
    check_applies_if_cycles(&merged, &at, &mut diags);
    check_profiles(
        &merged,
        &item_kinds,
        &area_ids,
        &tag_ids,
        &verdict_ids,
        &at,
        &mut diags,
    );

    check_red_lines(&merged, &item_kinds, &source_ids, &at, &mut diags);
    check_migrations(&merged, &header.version, &item_kinds, &at, &mut diags);
    check_indicators(&merged, languages, &item_kinds, &at, &mut diags);
    for &fi in &negation_files {
        check_negations(&files[fi], languages, &mut diags);
    }

    if diags.has_errors() {
        return (None, diags);
    }
    let sha = digest(
        names
            .iter()
            .map(String::as_str)
            .zip(files.iter().map(|f| f.file.text.as_str())),
    );
    (
        Some(Checklist::new(header, merged, sha, origin.to_string())),
        diags,
    )
}

/// The files of a checklist merged into one, with where each entry came from.
struct Layers {
    merged: ChecklistFile,
    /// (table, index in the merged table) → the file and pointer of the entry.
    origins: HashMap<(&'static str, usize), Origin>,
    /// The `[checklist]` tables of the extension's own files, with the file each is in.
    headers: Vec<(usize, ChecklistHeader)>,
    /// The `[overrides]` tables, with the file each is in, in layer order.
    overrides: Vec<(usize, Overrides)>,
    /// The files that have a `[negations]` table.
    negation_files: Vec<usize>,
}

/// Checks each file's structure and merges the files in order (see [`absorb`]); a file that
/// breaks its schema adds its errors to `diags` and is left out.
fn merge_layers(files: &[Parsed], base: usize, diags: &mut Diagnostics) -> Layers {
    let mut overrides = Vec::new();
    let mut merged = ChecklistFile::default();
    let mut origins: HashMap<(&'static str, usize), Origin> = HashMap::new();
    let mut headers = Vec::new();
    let mut negation_files: Vec<usize> = Vec::new();
    for (fi, parsed) in files.iter().enumerate() {
        let errs = schema::validate(Kind::Checklist, parsed);
        if !errs.is_empty() {
            diags.extend(errs);
            continue;
        }
        let part: ChecklistFile = match serde_json::from_value(parsed.json.clone()) {
            Ok(p) => p,
            Err(e) => {
                diags.push(
                    Diagnostic::error(Code::SchemaViolation, e.to_string())
                        .in_file(&parsed.file.name),
                );
                continue;
            }
        };
        let has_negations = part.negations.is_some();
        let (header, over) = absorb(&mut merged, part, fi >= base, |table, at, i| {
            origins.insert(
                (table, at),
                Origin {
                    file: fi,
                    pointer: format!("/{table}/{i}"),
                },
            );
        });
        if let Some(h) = header
            && fi >= base
        {
            headers.push((fi, h));
        }
        if let Some(o) = over {
            overrides.push((fi, o));
        }
        if has_negations {
            negation_files.push(fi);
        }
    }
    Layers {
        merged,
        origins,
        headers,
        overrides,
        negation_files,
    }
}

/// The checklist's one `[checklist]` table and the file it is in; none (with an error) when no
/// file has one or when more than one does.
fn the_header(
    files: &[Parsed],
    mut headers: Vec<(usize, ChecklistHeader)>,
    origin: &str,
    diags: &mut Diagnostics,
) -> Option<(usize, ChecklistHeader)> {
    match headers.len() {
        1 => headers.pop(),
        0 => {
            let d = Diagnostic::error(Code::NoChecklistHeader, tr("diag_no_header", &[]))
                .in_file(origin)
                .with_help(tr("diag_no_header_help", &[]));
            diags.push(d);
            None
        }
        _ => {
            for (fi, _) in &headers[1..] {
                let p = &files[*fi];
                diags.push(p.at_key(
                    Diagnostic::error(Code::NoChecklistHeader, tr("diag_second_header", &[])),
                    "/checklist",
                ));
            }
            None
        }
    }
}

/// An id used twice in one table, pointed at the second use, naming the first.
fn check_duplicate_ids(
    merged: &ChecklistFile,
    origins: &HashMap<(&'static str, usize), Origin>,
    files: &[Parsed],
    at: &At<'_>,
    diags: &mut Diagnostics,
) {
    // Duplicate ids, per table.
    macro_rules! dups {
        ($field:ident, $name:literal, $key:literal) => {{
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (i, x) in merged.$field.iter().enumerate() {
                if let Some(first) = seen.insert(x.id.as_str(), i) {
                    let first_at = origins
                        .get(&($name, first))
                        .map(|o| {
                            let f = &files[o.file];
                            let line = f
                                .spans
                                .value(&o.pointer)
                                .map(|s| f.file.position(s.start).line)
                                .unwrap_or(0);
                            format!("{}:{}", f.file.name, line)
                        })
                        .unwrap_or_default();
                    diags.push(at(
                        $name,
                        i,
                        "/id",
                        Diagnostic::error(Code::DuplicateId, tr($key, &[("id", &x.id)]))
                            .with_help(tr("diag_first_at_help", &[("place", &first_at)])),
                        false,
                    ));
                }
            }
        }};
    }
    dups!(sources, "sources", "diag_duplicate_source");
    dups!(areas, "areas", "diag_duplicate_area");
    dups!(tags, "tags", "diag_duplicate_tag");
    dups!(verdicts, "verdicts", "diag_duplicate_verdict");
    dups!(items, "items", "diag_duplicate_item");
    dups!(profiles, "profiles", "diag_duplicate_profile");
    dups!(phrase_sets, "phrase_sets", "diag_duplicate_phrase_set");
}

/// Weights changed by an extension's `[overrides]`, in layer order (the last wins).
fn apply_overrides(
    files: &[Parsed],
    overrides: &[(usize, Overrides)],
    merged: &mut ChecklistFile,
    diags: &mut Diagnostics,
) {
    for (fi, o) in overrides {
        let p = &files[*fi];
        override_weights(
            p,
            "item_weights",
            Code::UnknownItem,
            "diag_no_item_to_weigh",
            &o.item_weights,
            merged
                .items
                .iter_mut()
                .map(|i| (i.id.as_str(), &mut i.weight))
                .collect(),
            diags,
        );
        override_weights(
            p,
            "area_weights",
            Code::UnknownAreaWeight,
            "diag_no_area_to_weigh",
            &o.area_weights,
            merged
                .areas
                .iter_mut()
                .map(|a| (a.id.as_str(), &mut a.weight))
                .collect(),
            diags,
        );
    }
}

/// Every text of the checklist in each of its languages, and in no other.
fn check_translations(
    merged: &ChecklistFile,
    header: &ChecklistHeader,
    at: &At<'_>,
    at_header: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    diags: &mut Diagnostics,
) {
    let languages = &header.languages;
    // Translations.
    let mut texts: Vec<(&'static str, usize, String, &Text)> = Vec::new();
    let mut htexts: Vec<(String, &Text)> = vec![
        ("/title".into(), &header.title),
        ("/description".into(), &header.description),
    ];
    for (i, s) in merged.sources.iter().enumerate() {
        texts.push(("sources", i, "/title".into(), &s.title));
        texts.push(("sources", i, "/issuer".into(), &s.issuer));
        if let Some(t) = &s.short {
            texts.push(("sources", i, "/short".into(), t));
        }
        if let Some(n) = &s.note {
            texts.push(("sources", i, "/note".into(), n));
        }
        if let Some(n) = &s.reader_note {
            texts.push(("sources", i, "/reader_note".into(), n));
        }
    }
    for (i, a) in merged.areas.iter().enumerate() {
        texts.push(("areas", i, "/title".into(), &a.title));
        if let Some(t) = &a.description {
            texts.push(("areas", i, "/description".into(), t));
        }
    }
    for (i, t) in merged.tags.iter().enumerate() {
        texts.push(("tags", i, "/title".into(), &t.title));
    }
    for (i, v) in merged.verdicts.iter().enumerate() {
        texts.push(("verdicts", i, "/title".into(), &v.title));
        if let Some(t) = &v.description {
            texts.push(("verdicts", i, "/description".into(), t));
        }
    }
    for (i, it) in merged.items.iter().enumerate() {
        texts.push(("items", i, "/question".into(), &it.question));
        if let Some(t) = &it.short {
            texts.push(("items", i, "/short".into(), t));
        }
        texts.push(("items", i, "/guidance/yes".into(), &it.guidance.yes));
        texts.push(("items", i, "/guidance/no".into(), &it.guidance.no));
        if let Some(t) = &it.guidance.partial {
            texts.push(("items", i, "/guidance/partial".into(), t));
        }
        if let Some(t) = &it.rationale {
            texts.push(("items", i, "/rationale".into(), t));
        }
        if let Some(t) = &it.remediation {
            texts.push(("items", i, "/remediation".into(), t));
        }
    }
    for (i, p) in merged.profiles.iter().enumerate() {
        texts.push(("profiles", i, "/title".into(), &p.title));
        if let Some(t) = &p.description {
            texts.push(("profiles", i, "/description".into(), t));
        }
    }
    let check_text = |t: &Text| -> Vec<(Code, String)> {
        let mut out = Vec::new();
        for l in languages {
            if t.get(l).is_none_or(|s| s.trim().is_empty()) {
                out.push((
                    Code::MissingTranslation,
                    tr("diag_missing_translation", &[("lang", l)]),
                ));
            }
        }
        for l in t.keys() {
            if !languages.contains(l) {
                out.push((
                    Code::UnknownLanguage,
                    tr(
                        "diag_text_language",
                        &[("lang", l), ("languages", &languages.join(", "))],
                    ),
                ));
            }
        }
        out
    };
    for (table, i, suffix, t) in &texts {
        for (code, msg) in check_text(t) {
            diags.push(at(table, *i, suffix, Diagnostic::warning(code, msg), false));
        }
    }
    for (suffix, t) in htexts.drain(..) {
        for (code, msg) in check_text(t) {
            diags.push(at_header(&suffix, Diagnostic::warning(code, msg)));
        }
    }
}

/// Area weights within bounds.
fn check_area_weights(merged: &ChecklistFile, at: &At<'_>, diags: &mut Diagnostics) {
    for (i, a) in merged.areas.iter().enumerate() {
        if let Some(rule) = weight_rule(a.weight) {
            diags.push(at(
                "areas",
                i,
                "/weight",
                Diagnostic::error(
                    Code::InvalidWeight,
                    tr(
                        "diag_area_weight",
                        &[("weight", &a.weight), ("rule", &rule)],
                    ),
                ),
                false,
            ));
        }
    }
}

/// Each item: its area, tags and sources exist, its weight is within bounds, `applies_if` names
/// powers, a safeguard has what scoring and the report need, a power no scored field.
fn check_items(
    merged: &ChecklistFile,
    item_kinds: &HashMap<&str, ItemKind>,
    area_ids: &BTreeSet<String>,
    tag_ids: &BTreeSet<String>,
    source_ids: &BTreeSet<String>,
    at: &At<'_>,
    diags: &mut Diagnostics,
) {
    for (i, it) in merged.items.iter().enumerate() {
        if !area_ids.contains(&it.area) {
            diags.push(at(
                "items",
                i,
                "/area",
                unknown(Code::UnknownArea, "diag_unknown_area", &it.area, area_ids),
                false,
            ));
        }
        for (j, t) in it.tags.iter().enumerate() {
            if !tag_ids.contains(t) {
                diags.push(at(
                    "items",
                    i,
                    &format!("/tags/{j}"),
                    unknown(Code::UnknownTag, "diag_unknown_tag", t, tag_ids),
                    false,
                ));
            }
        }
        for (j, c) in it.cites.iter().enumerate() {
            if !source_ids.contains(&c.source) {
                diags.push(at(
                    "items",
                    i,
                    &format!("/cites/{j}/source"),
                    unknown(
                        Code::UnknownSource,
                        "diag_unknown_source",
                        &c.source,
                        source_ids,
                    ),
                    false,
                ));
            }
        }
        if let Some(rule) = weight_rule(it.weight) {
            diags.push(at(
                "items",
                i,
                "/weight",
                Diagnostic::error(
                    Code::InvalidWeight,
                    tr(
                        "diag_item_weight",
                        &[("weight", &it.weight), ("rule", &rule)],
                    ),
                ),
                false,
            ));
        }
        if let Some(a) = &it.applies_if {
            let many = matches!(a.item, crate::model::Ids::Many(_));
            for (j, target) in a.item.as_slice().iter().enumerate() {
                let suffix = if many {
                    format!("/applies_if/item/{j}")
                } else {
                    "/applies_if/item".to_string()
                };
                match item_kinds.get(target.as_str()) {
                    None => {
                        let all: BTreeSet<String> =
                            item_kinds.keys().map(|s| s.to_string()).collect();
                        diags.push(at(
                            "items",
                            i,
                            &suffix,
                            unknown(Code::UnknownItem, "diag_unknown_item", target, &all),
                            false,
                        ));
                    }
                    Some(ItemKind::Safeguard) => diags.push(at(
                        "items",
                        i,
                        &suffix,
                        Diagnostic::error(
                            Code::AppliesIfNotPower,
                            tr("diag_applies_if_safeguard", &[("id", target)]),
                        )
                        .with_help(tr("diag_applies_if_safeguard_help", &[])),
                        false,
                    )),
                    Some(ItemKind::Power) => {}
                }
            }
        }
        if let Some(short) = &it.short {
            for (l, text) in short {
                let n = text.chars().count();
                if n > SHORT_MAX {
                    diags.push(at(
                        "items",
                        i,
                        &format!("/short/{l}"),
                        Diagnostic::error(
                            Code::InvalidValue,
                            tr(
                                "diag_short_too_long",
                                &[("id", &it.id), ("lang", l), ("n", &n), ("max", &SHORT_MAX)],
                            ),
                        )
                        .with_help(tr("diag_short_too_long_help", &[])),
                        false,
                    ));
                }
            }
        }
        check_item_kind(it, i, at, diags);
    }
}

/// A safeguard has what scoring and the report need; a power carries no scored field.
fn check_item_kind(it: &crate::model::Item, i: usize, at: &At<'_>, diags: &mut Diagnostics) {
    match it.kind {
        ItemKind::Safeguard => {
            let mut missing = Vec::new();
            if it.severity.is_none() {
                missing.push("severity");
            }
            if it.rationale.is_none() {
                missing.push("rationale");
            }
            if it.remediation.is_none() {
                missing.push("remediation");
            }
            if it.guidance.partial.is_none() {
                missing.push("guidance.partial");
            }
            if !missing.is_empty() {
                diags.push(at(
                    "items",
                    i,
                    "",
                    Diagnostic::error(
                        Code::SafeguardIncomplete,
                        tr(
                            "diag_safeguard_incomplete",
                            &[("id", &it.id), ("fields", &missing.join(", "))],
                        ),
                    ),
                    false,
                ));
            }
        }
        ItemKind::Power => {
            if it.severity.is_some() || it.red_line || it.priority.is_some() {
                diags.push(at(
                    "items",
                    i,
                    if it.red_line {
                        "/red_line"
                    } else if it.severity.is_some() {
                        "/severity"
                    } else {
                        "/priority"
                    },
                    Diagnostic::warning(
                        Code::PowerScoredField,
                        tr("diag_power_scored", &[("id", &it.id)]),
                    ),
                    true,
                ));
            }
        }
    }
}

/// `applies_if` cycles.
fn check_applies_if_cycles(merged: &ChecklistFile, at: &At<'_>, diags: &mut Diagnostics) {
    // applies_if cycles (among powers, since only powers can be named): a depth-first search
    // that reports each cycle once, at the first item of it in file order.
    let edges: HashMap<&str, Vec<&str>> = merged
        .items
        .iter()
        .filter_map(|it| {
            it.applies_if.as_ref().map(|a| {
                (
                    it.id.as_str(),
                    a.item.as_slice().iter().map(String::as_str).collect(),
                )
            })
        })
        .collect();
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for (i, it) in merged.items.iter().enumerate() {
        if reported.contains(it.id.as_str()) {
            continue;
        }
        if let Some(cycle) = find_cycle(it.id.as_str(), &edges) {
            if cycle.iter().any(|c| reported.contains(c)) {
                continue;
            }
            reported.extend(cycle.iter().copied());
            let mut shown = cycle.clone();
            shown.push(cycle[0]);
            diags.push(at(
                "items",
                i,
                "/applies_if/item",
                Diagnostic::error(
                    Code::AppliesIfCycle,
                    tr("diag_applies_if_cycle", &[("cycle", &shown.join(" → "))]),
                ),
                false,
            ));
        }
    }
}

/// Each profile: the tags and items it selects exist, its weights are within bounds and name
/// what exists, its bands name verdicts, start at distinct scores and include 0, and it
/// selects at least one safeguard.
fn check_profiles(
    merged: &ChecklistFile,
    item_kinds: &HashMap<&str, ItemKind>,
    area_ids: &BTreeSet<String>,
    tag_ids: &BTreeSet<String>,
    verdict_ids: &BTreeSet<String>,
    at: &At<'_>,
    diags: &mut Diagnostics,
) {
    for (i, p) in merged.profiles.iter().enumerate() {
        for (j, t) in p.select.tags.iter().enumerate() {
            if !tag_ids.contains(t) {
                diags.push(at(
                    "profiles",
                    i,
                    &format!("/select/tags/{j}"),
                    unknown(Code::UnknownTag, "diag_unknown_tag", t, tag_ids),
                    false,
                ));
            }
        }
        let all_items: BTreeSet<String> = item_kinds.keys().map(|s| s.to_string()).collect();
        for (j, id) in p.select.items.iter().enumerate() {
            if !item_kinds.contains_key(id.as_str()) {
                diags.push(at(
                    "profiles",
                    i,
                    &format!("/select/items/{j}"),
                    unknown(Code::UnknownItem, "diag_unknown_item", id, &all_items),
                    false,
                ));
            }
        }
        for (id, w) in &p.weights {
            let suffix = format!("/weights/{}", escape_segment(id));
            if !item_kinds.contains_key(id.as_str()) {
                diags.push(at(
                    "profiles",
                    i,
                    &suffix,
                    unknown(Code::UnknownItem, "diag_unknown_item", id, &all_items),
                    true,
                ));
            }
            if let Some(rule) = weight_rule(*w) {
                diags.push(at(
                    "profiles",
                    i,
                    &suffix,
                    Diagnostic::error(
                        Code::InvalidWeight,
                        tr("diag_weight", &[("weight", w), ("rule", &rule)]),
                    ),
                    false,
                ));
            }
        }
        for (id, w) in &p.area_weights {
            let suffix = format!("/area_weights/{}", escape_segment(id));
            if !area_ids.contains(id) {
                diags.push(at(
                    "profiles",
                    i,
                    &suffix,
                    unknown(Code::UnknownAreaWeight, "diag_unknown_area", id, area_ids),
                    true,
                ));
            }
            if let Some(rule) = weight_rule(*w) {
                diags.push(at(
                    "profiles",
                    i,
                    &suffix,
                    Diagnostic::error(
                        Code::InvalidWeight,
                        tr("diag_weight", &[("weight", w), ("rule", &rule)]),
                    ),
                    false,
                ));
            }
        }
        let mut mins = BTreeSet::new();
        for (j, b) in p.bands.iter().enumerate() {
            if b.verdict != "incompatible" && !verdict_ids.contains(&b.verdict) {
                diags.push(at(
                    "profiles",
                    i,
                    &format!("/bands/{j}/verdict"),
                    unknown(
                        Code::UnknownVerdict,
                        "diag_unknown_verdict",
                        &b.verdict,
                        verdict_ids,
                    ),
                    false,
                ));
            }
            if !mins.insert(b.min.to_bits()) {
                diags.push(at(
                    "profiles",
                    i,
                    &format!("/bands/{j}/min"),
                    Diagnostic::error(
                        Code::InvalidBands,
                        tr("diag_bands_repeat", &[("min", &b.min)]),
                    ),
                    false,
                ));
            }
        }
        if !p.bands.iter().any(|b| b.min == 0.0) {
            diags.push(at(
                "profiles",
                i,
                "/bands",
                Diagnostic::error(
                    Code::InvalidBands,
                    tr("diag_bands_no_zero", &[("id", &p.id)]),
                ),
                false,
            ));
        }
        let selects_one = merged.items.iter().any(|it| p.selects(it));
        if !selects_one {
            diags.push(at(
                "profiles",
                i,
                "/select",
                Diagnostic::error(
                    Code::EmptyProfile,
                    tr("diag_empty_profile", &[("id", &p.id)]),
                ),
                false,
            ));
        }
    }
}

/// Appends one file of a checklist to the merged checklist: every table's entries in file
/// order, negation words joined per language; migrations only from the checklist's own files
/// (`own`, not a base's: an extension's answers files carry its own version, to which the
/// base's migrations do not apply). Calls `note(table, index in merged, index in file)` for
/// each entry appended. Returns the file's `[checklist]` and `[overrides]` tables, which the
/// caller places (only the extension's header counts; overrides apply at the end).
fn absorb(
    merged: &mut ChecklistFile,
    part: ChecklistFile,
    own: bool,
    mut note: impl FnMut(&'static str, usize, usize),
) -> (Option<ChecklistHeader>, Option<Overrides>) {
    macro_rules! take {
        ($field:ident, $name:literal) => {
            for (i, x) in part.$field.into_iter().enumerate() {
                note($name, merged.$field.len(), i);
                merged.$field.push(x);
            }
        };
    }
    take!(sources, "sources");
    take!(areas, "areas");
    take!(tags, "tags");
    take!(verdicts, "verdicts");
    take!(items, "items");
    take!(profiles, "profiles");
    take!(phrase_sets, "phrase_sets");
    take!(indicators, "indicators");
    if own {
        take!(migrations, "migrations");
    }
    if let Some(n) = part.negations {
        let m = merged.negations.get_or_insert_with(Default::default);
        for (to, from) in [
            (&mut m.before, n.before),
            (&mut m.after, n.after),
            (&mut m.prohibitions, n.prohibitions),
            (&mut m.not_negations, n.not_negations),
        ] {
            for (lang, list) in from {
                to.entry(lang).or_default().extend(list);
            }
        }
    }
    (part.checklist, part.overrides)
}

/// Assembles a checklist known to be valid (an embedded one, whose files were converted at
/// build time and which a test proves equal to the fully validated checklist): merged as
/// [`checklist_layered`] merges, overrides applied, but no schema or meaning check. `None`
/// when there is not exactly one header among the extension's files: the caller then takes the
/// full path, which says why.
pub(crate) fn assemble_trusted(
    parts: Vec<ChecklistFile>,
    base: usize,
    sha256: String,
    origin: &str,
) -> Option<Checklist> {
    let mut merged = ChecklistFile::default();
    let mut headers = Vec::new();
    let mut overrides = Vec::new();
    for (fi, part) in parts.into_iter().enumerate() {
        let (header, over) = absorb(&mut merged, part, fi >= base, |_, _, _| {});
        if let Some(h) = header
            && fi >= base
        {
            headers.push(h);
        }
        overrides.extend(over);
    }
    if headers.len() != 1 {
        return None;
    }
    for o in &overrides {
        for (id, w) in &o.item_weights {
            if let Some(item) = merged.items.iter_mut().find(|i| &i.id == id) {
                item.weight = *w;
            }
        }
        for (id, w) in &o.area_weights {
            if let Some(area) = merged.areas.iter_mut().find(|a| &a.id == id) {
                area.weight = *w;
            }
        }
    }
    Some(Checklist::new(
        headers.pop()?,
        merged,
        sha256,
        origin.to_string(),
    ))
}

/// An error for a reference to an id that is not declared (`key` is its message, "unknown area
/// `{id}`"), with the closest declared id or a list of them.
fn unknown(code: Code, key: &str, id: &str, known: &BTreeSet<String>) -> Diagnostic {
    let d = Diagnostic::error(code, tr(key, &[("id", &id)]));
    match closest(id, known.iter().map(String::as_str)) {
        Some(s) => d.with_help(tr("diag_did_you_mean", &[("s", &s)])),
        None => d.with_help(tr(
            "diag_declared_help",
            &[("list", &list_some(known.iter().map(String::as_str)))],
        )),
    }
}

/// The shortest folded length of an indicator or topic phrase, and of a negation word.
const MIN_PHRASE: usize = 4;
const MIN_NEGATION: usize = 2;

/// Missing and unknown languages of a phrase table, and phrases too short to match reliably.
fn check_phrases(
    phrases: &crate::model::Phrases,
    languages: &[String],
    min: usize,
    mut report: impl FnMut(&str, Diagnostic),
) {
    for l in languages {
        if phrases
            .get(l)
            .is_none_or(|v| v.iter().all(|p| p.trim().is_empty()))
        {
            report(
                "",
                Diagnostic::warning(
                    Code::MissingTranslation,
                    tr("diag_no_phrase_in_language", &[("lang", l)]),
                ),
            );
        }
    }
    for (l, list) in phrases {
        if !languages.contains(l) {
            report(
                &format!("/{}", escape_segment(l)),
                Diagnostic::warning(
                    Code::UnknownLanguage,
                    tr(
                        "diag_text_language",
                        &[("lang", l), ("languages", &languages.join(", "))],
                    ),
                ),
            );
        }
        for (j, p) in list.iter().enumerate() {
            let parts = crate::model::phrase_parts(p);
            let folded = crate::fold::fold(parts[0]);
            // A phrase left open with `*` needs a longer stem.
            let min = if p.trim_end().ends_with('*') && parts.len() == 1 {
                min + 1
            } else {
                min
            };
            let empty_part = parts[1..].iter().any(|x| crate::fold::fold(x).is_empty());
            if folded.chars().count() < min || empty_part {
                report(
                    &format!("/{}/{j}", escape_segment(l)),
                    Diagnostic::error(
                        Code::InvalidPhrase,
                        tr(
                            "diag_phrase_too_short",
                            &[
                                ("phrase", &format!("{p:?}")),
                                ("folded", &format!("{folded:?}")),
                                ("min", &min),
                            ],
                        ),
                    )
                    .with_help(tr("diag_phrase_too_short_help", &[])),
                );
            }
        }
    }
}

type At<'a> = dyn Fn(&'static str, usize, &str, Diagnostic, bool) -> Diagnostic + 'a;

/// Red lines: `breach_on` only on red lines and only `no` and `partial` (with `no`); the basis
/// of every red line (the item's, and those profiles add) names sources of the registry;
/// profiles add and drop red lines of safeguards that exist; `select.sources` names sources.
fn check_red_lines(
    merged: &ChecklistFile,
    item_kinds: &HashMap<&str, ItemKind>,
    source_ids: &BTreeSet<String>,
    at: &At<'_>,
    diags: &mut Diagnostics,
) {
    use crate::model::AnswerValue;
    let breach_on_problem = |on: &[AnswerValue]| -> Option<String> {
        if on.is_empty() {
            return None;
        }
        if let Some(bad) = on
            .iter()
            .find(|a| !matches!(a, AnswerValue::No | AnswerValue::Partial))
        {
            return Some(tr("diag_breach_on_answer", &[("answer", &bad.as_str())]));
        }
        (!on.contains(&AnswerValue::No)).then(|| tr("diag_breach_on_without_no", &[]))
    };
    let mut cites = |table: &'static str, i: usize, prefix: &str, list: &[crate::model::Cite]| {
        for (j, c) in list.iter().enumerate() {
            if !source_ids.contains(&c.source) {
                diags.push(at(
                    table,
                    i,
                    &format!("{prefix}/{j}/source"),
                    unknown(
                        Code::UnknownSource,
                        "diag_unknown_source",
                        &c.source,
                        source_ids,
                    ),
                    false,
                ));
            }
        }
    };
    let mut found = Vec::new();
    for (i, it) in merged.items.iter().enumerate() {
        cites("items", i, "/red_line_basis", &it.red_line_basis);
        if !it.breach_on.is_empty() && !it.red_line {
            found.push(at(
                "items",
                i,
                "/breach_on",
                Diagnostic::error(
                    Code::InvalidBreachOn,
                    tr("diag_breach_on_not_red_line", &[("id", &it.id)]),
                )
                .with_help(tr("diag_breach_on_not_red_line_help", &[])),
                true,
            ));
        } else if let Some(msg) = breach_on_problem(&it.breach_on) {
            found.push(at(
                "items",
                i,
                "/breach_on",
                Diagnostic::error(Code::InvalidBreachOn, msg),
                false,
            ));
        }
    }
    let all_items: BTreeSet<String> = item_kinds.keys().map(|s| s.to_string()).collect();
    let safeguard = |id: &str| item_kinds.get(id) == Some(&ItemKind::Safeguard);
    for (i, p) in merged.profiles.iter().enumerate() {
        for (j, src) in p.select.sources.iter().enumerate() {
            if !source_ids.contains(src) {
                found.push(at(
                    "profiles",
                    i,
                    &format!("/select/sources/{j}"),
                    unknown(Code::UnknownSource, "diag_unknown_source", src, source_ids),
                    false,
                ));
            }
        }
        let Some(rl) = &p.red_lines else { continue };
        for (j, a) in rl.add.iter().enumerate() {
            let base = format!("/red_lines/add/{j}");
            if !safeguard(&a.item) {
                let d = if item_kinds.contains_key(a.item.as_str()) {
                    Diagnostic::error(
                        Code::UnknownItem,
                        tr("diag_red_line_power", &[("id", &a.item)]),
                    )
                } else {
                    unknown(Code::UnknownItem, "diag_unknown_item", &a.item, &all_items)
                };
                found.push(at("profiles", i, &format!("{base}/item"), d, false));
            }
            if let Some(msg) = breach_on_problem(&a.breach_on) {
                found.push(at(
                    "profiles",
                    i,
                    &format!("{base}/breach_on"),
                    Diagnostic::error(Code::InvalidBreachOn, msg),
                    false,
                ));
            }
            cites("profiles", i, &format!("{base}/basis"), &a.basis);
        }
        for (j, id) in rl.drop.iter().enumerate() {
            let red = merged.items.iter().any(|it| &it.id == id && it.red_line);
            if !red {
                let d = if item_kinds.contains_key(id.as_str()) {
                    Diagnostic::error(
                        Code::UnknownItem,
                        tr("diag_drop_not_red_line", &[("id", id)]),
                    )
                } else {
                    unknown(Code::UnknownItem, "diag_unknown_item", id, &all_items)
                };
                found.push(at("profiles", i, &format!("/red_lines/drop/{j}"), d, false));
            }
        }
    }
    diags.extend(found);
}

/// Migrations: every id on the new side exists, no old id is mapped twice in one step, and
/// the steps lead to the checklist's version.
fn check_migrations(
    merged: &ChecklistFile,
    version: &str,
    item_kinds: &HashMap<&str, ItemKind>,
    at: &At<'_>,
    diags: &mut Diagnostics,
) {
    let all_items: BTreeSet<String> = item_kinds.keys().map(|s| s.to_string()).collect();
    for (i, m) in merged.migrations.iter().enumerate() {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut olds: Vec<(&str, String)> = Vec::new();
        let mut news: Vec<(&str, String)> = Vec::new();
        for (o, n) in &m.renamed {
            olds.push((o, format!("/renamed/{}", escape_segment(o))));
            news.push((n, format!("/renamed/{}", escape_segment(o))));
        }
        for (o, ns) in &m.split {
            olds.push((o, format!("/split/{}", escape_segment(o))));
            for (j, n) in ns.iter().enumerate() {
                news.push((n, format!("/split/{}/{j}", escape_segment(o))));
            }
        }
        for (n, os) in &m.merged {
            news.push((n, format!("/merged/{}", escape_segment(n))));
            for (j, o) in os.iter().enumerate() {
                olds.push((o, format!("/merged/{}/{j}", escape_segment(n))));
            }
        }
        for o in m.removed.keys() {
            olds.push((o, format!("/removed/{}", escape_segment(o))));
        }
        for o in m.changed.keys() {
            news.push((o, format!("/changed/{}", escape_segment(o))));
        }
        for (j, n) in m.added.iter().enumerate() {
            news.push((n, format!("/added/{j}")));
        }
        let last = merged.migrations.iter().all(|x| x.from != m.to);
        for (o, ptr) in olds {
            if !seen.insert(o) {
                diags.push(at(
                    "migrations",
                    i,
                    &ptr,
                    Diagnostic::error(
                        Code::InvalidMigration,
                        tr("diag_migration_twice", &[("id", &o), ("from", &m.from)]),
                    ),
                    true,
                ));
            }
        }
        // Only the last step's new ids must exist now: earlier steps name ids of versions
        // between.
        if last {
            for (n, ptr) in news {
                if !item_kinds.contains_key(n) {
                    let mut d = Diagnostic::error(
                        Code::InvalidMigration,
                        tr(
                            "diag_migration_unknown",
                            &[("id", &n), ("version", &version)],
                        ),
                    );
                    if let Some(s) = closest(n, all_items.iter().map(String::as_str)) {
                        d = d.with_help(tr("diag_did_you_mean", &[("s", &s)]));
                    }
                    diags.push(at("migrations", i, &ptr, d, false));
                }
            }
            if m.to != version {
                diags.push(at(
                    "migrations",
                    i,
                    "/to",
                    Diagnostic::error(
                        Code::InvalidMigration,
                        tr(
                            "diag_migration_end",
                            &[("to", &m.to), ("version", &version)],
                        ),
                    ),
                    false,
                ));
            }
        }
    }
}

fn check_indicators(
    merged: &ChecklistFile,
    languages: &[String],
    item_kinds: &HashMap<&str, ItemKind>,
    at: &At<'_>,
    diags: &mut Diagnostics,
) {
    for (i, t) in merged.phrase_sets.iter().enumerate() {
        check_phrases(&t.phrases, languages, MIN_PHRASE, |suffix, d| {
            diags.push(at("phrase_sets", i, &format!("/phrases{suffix}"), d, false))
        });
    }
    let set_ids: BTreeSet<String> = merged.phrase_sets.iter().map(|t| t.id.clone()).collect();
    let set = |id: &str| merged.phrase_sets.iter().find(|s| s.id == id);
    let all_items: BTreeSet<String> = item_kinds.keys().map(|s| s.to_string()).collect();
    for (i, ind) in merged.indicators.iter().enumerate() {
        if !item_kinds.contains_key(ind.item.as_str()) {
            let mut d = Diagnostic::error(
                Code::UnknownItem,
                tr("diag_unknown_item", &[("id", &ind.item)]),
            );
            if let Some(s) = closest(&ind.item, all_items.iter().map(String::as_str)) {
                d = d.with_help(tr("diag_did_you_mean", &[("s", &s)]));
            }
            diags.push(at("indicators", i, "/item", d, false));
        }
        for (field, ids) in [
            ("topics", &ind.topics),
            ("phrase_sets", &ind.phrase_sets),
            ("red_flag_sets", &ind.red_flag_sets),
        ] {
            for (j, t) in ids.iter().enumerate() {
                if !set_ids.contains(t) {
                    let d = unknown(
                        Code::UnknownPhraseSet,
                        "diag_unknown_phrase_set",
                        t,
                        &set_ids,
                    );
                    diags.push(at("indicators", i, &format!("/{field}/{j}"), d, false));
                }
            }
        }
        if ind.phrases.is_empty() && ind.phrase_sets.is_empty() {
            diags.push(at(
                "indicators",
                i,
                "",
                Diagnostic::error(
                    Code::MissingKey,
                    tr("diag_indicator_no_phrases", &[("id", &ind.item)]),
                )
                .with_help(tr("diag_indicator_no_phrases_help", &[])),
                false,
            ));
        }
        if !ind.phrases.is_empty() {
            check_phrases(&ind.phrases, languages, MIN_PHRASE, |suffix, d| {
                diags.push(at("indicators", i, &format!("/phrases{suffix}"), d, false))
            });
        }
        if !ind.red_flags.is_empty() {
            check_phrases(&ind.red_flags, languages, MIN_PHRASE, |suffix, d| {
                diags.push(at(
                    "indicators",
                    i,
                    &format!("/red_flags{suffix}"),
                    d,
                    false,
                ))
            });
        }
        // The same words may not both settle and undermine the item.
        for l in languages {
            let from_sets = |ids: &[String]| -> Vec<String> {
                ids.iter()
                    .filter_map(|id| set(id))
                    .flat_map(|s| s.phrases.get(l).cloned().unwrap_or_default())
                    .collect()
            };
            let positives: BTreeSet<String> = ind
                .phrases
                .get(l)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .chain(from_sets(&ind.phrase_sets))
                .map(|p| crate::fold::fold(&p))
                .collect();
            let inline = ind.red_flags.get(l).cloned().unwrap_or_default();
            let inline_len = inline.len();
            for (j, f) in inline
                .into_iter()
                .chain(from_sets(&ind.red_flag_sets))
                .enumerate()
            {
                if positives.contains(&crate::fold::fold(&f)) {
                    let suffix = if j < inline_len {
                        format!("/red_flags/{}/{j}", escape_segment(l))
                    } else {
                        "/red_flag_sets".to_string()
                    };
                    diags.push(at(
                        "indicators",
                        i,
                        &suffix,
                        Diagnostic::error(
                            Code::PhraseConflict,
                            tr(
                                "diag_phrase_conflict",
                                &[("phrase", &format!("{f:?}")), ("id", &ind.item)],
                            ),
                        )
                        .with_help(tr("diag_phrase_conflict_help", &[])),
                        false,
                    ));
                }
            }
        }
    }
}

fn check_negations(parsed: &Parsed, languages: &[String], diags: &mut Diagnostics) {
    let Some(n) = parsed
        .json
        .get("negations")
        .and_then(|v| serde_json::from_value::<crate::model::Negations>(v.clone()).ok())
    else {
        return;
    };
    for (name, table, required) in [
        ("before", &n.before, true),
        ("after", &n.after, false),
        ("prohibitions", &n.prohibitions, true),
        ("not_negations", &n.not_negations, false),
    ] {
        if !required && table.is_empty() {
            continue;
        }
        check_phrases(table, languages, MIN_NEGATION, |suffix, d| {
            diags.push(parsed.at_value(d, &format!("/negations/{name}{suffix}")))
        });
    }
}

/// Validates an answers file against its checklist. Returns the file when it has no errors
/// (warnings such as unanswered items are left in `diags`).
pub fn answers(parsed: &Parsed, checklist: &Checklist) -> (Option<AnswersFile>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let errs = schema::validate(Kind::Answers, parsed);
    if !errs.is_empty() {
        // One run reports every problem: the meaning checks still run over what can be read, so
        // a value that is not allowed does not hide an unknown item.
        let covered: Vec<String> = errs
            .iter()
            .filter_map(|d| d.location.as_ref()?.pointer.clone())
            .collect();
        diags.extend(errs);
        for (d, place) in answers_meaning_partial(parsed, checklist) {
            let p = match &place {
                Place::Value(p) | Place::Key(p) => p,
            };
            // A finding at a value the schema already rejected (or inside it) says it again.
            let again = d.code != Code::UnknownItem
                && covered
                    .iter()
                    .any(|c| p == c || p.starts_with(&format!("{c}/")));
            if !again {
                diags.push(match place {
                    Place::Value(p) => parsed.at_value(d, &p),
                    Place::Key(p) => parsed.at_key(d, &p),
                });
            }
        }
        return (None, diags);
    }
    let file: AnswersFile = match answers_structure(parsed) {
        Ok(f) => f,
        Err(d) => {
            diags.push(*d);
            return (None, diags);
        }
    };
    for (d, place) in answers_meaning(&file, checklist) {
        diags.push(match place {
            Place::Value(p) => parsed.at_value(d, &p),
            Place::Key(p) => parsed.at_key(d, &p),
        });
    }
    if diags.has_errors() {
        return (None, diags);
    }
    (Some(file), diags)
}

/// An answers file's structure (JSON Schema and types), with no check against a checklist:
/// what `upgrade` reads, since an old file names items the current checklist no longer has.
pub fn answers_structure_only(parsed: &Parsed) -> (Option<AnswersFile>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let errs = schema::validate(Kind::Answers, parsed);
    if !errs.is_empty() {
        diags.extend(errs);
        return (None, diags);
    }
    match answers_structure(parsed) {
        Ok(f) => (Some(f), diags),
        Err(d) => {
            diags.push(*d);
            (None, diags)
        }
    }
}

/// The meaning checks of an answers file that breaks its schema, over what can be read: the
/// `[assessment]` fields of the right type (a missing or broken one replaced by a value that
/// raises nothing), and every answer, an unreadable one standing as `unknown` so that its id is
/// still checked. The checks that need every answer (unanswered items, answers not needed) are
/// left for the corrected file.
fn answers_meaning_partial(parsed: &Parsed, checklist: &Checklist) -> Vec<(Diagnostic, Place)> {
    let json = &parsed.json;
    let text = |p: &str| json.pointer(p).and_then(|v| v.as_str()).map(str::to_string);
    let h = &checklist.header;
    let assessment = crate::model::Assessment {
        checklist: text("/assessment/checklist").unwrap_or_else(|| h.id.clone()),
        checklist_version: text("/assessment/checklist_version")
            .unwrap_or_else(|| h.version.clone()),
        jurisdiction: text("/assessment/jurisdiction").unwrap_or_else(|| "?".into()),
        instrument: text("/assessment/instrument").unwrap_or_else(|| "?".into()),
        version: None,
        language: text("/assessment/language"),
        assessor: None,
        date: text("/assessment/date"),
    };
    let answers = json
        .get("answers")
        .and_then(|a| a.as_object())
        .map(|o| {
            o.iter()
                .map(|(id, v)| {
                    let a = serde_json::from_value::<Answer>(v.clone()).unwrap_or(Answer {
                        answer: AnswerValue::Unknown,
                        note: None,
                        evidence: vec![],
                    });
                    (id.clone(), a)
                })
                .collect()
        })
        .unwrap_or_default();
    let file = AnswersFile {
        assessment,
        answers,
    };
    answers_meaning(&file, checklist)
        .into_iter()
        .filter(|(d, _)| !matches!(d.code, Code::Unanswered | Code::AnswerNotNeeded))
        .collect()
}

/// Where in an answers file a finding of [`answers_meaning`] points: the value or the key at a
/// JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Value(String),
    Key(String),
}

/// The longest short form of an item (`short`), in characters: one line of the brief.
pub const SHORT_MAX: usize = 90;

/// The meaning checks of an answers file that is structurally valid: the checklist and its
/// version, the language, unknown items, `not_applicable` where it is not allowed, unanswered
/// items and answers that are not needed. Findings carry a JSON pointer rather than a position,
/// so that a caller holding only the typed file (the fast path of [`crate::assess::load`]) can
/// tell a clean file from one that needs positioned diagnostics.
// Long: one check after another over the same file, each a few lines, in the order its findings
// are listed; that order is part of the output.
pub fn answers_meaning(file: &AnswersFile, checklist: &Checklist) -> Vec<(Diagnostic, Place)> {
    let mut out: Vec<(Diagnostic, Place)> = Vec::new();
    let value = |p: &str| Place::Value(p.to_string());
    let a = &file.assessment;
    if a.checklist != checklist.header.id {
        out.push((
            Diagnostic::error(
                Code::ChecklistMismatch,
                tr(
                    "diag_checklist_mismatch",
                    &[("file", &a.checklist), ("checklist", &checklist.header.id)],
                ),
            ),
            value("/assessment/checklist"),
        ));
        return out;
    }
    if a.checklist_version != checklist.header.version {
        let major = |v: &str| v.split('.').next().unwrap_or("").to_string();
        let msg = tr(
            "diag_version_mismatch",
            &[
                ("old", &a.checklist_version),
                ("id", &checklist.header.id),
                ("new", &checklist.header.version),
            ],
        );
        let upgradable = crate::upgrade::path(checklist, &a.checklist_version).is_some();
        let d = if upgradable {
            let level = if major(&a.checklist_version) != major(&checklist.header.version) {
                Diagnostic::error
            } else {
                Diagnostic::warning
            };
            level(Code::VersionMismatch, msg).with_help(tr("diag_version_upgrade_help", &[]))
        } else if major(&a.checklist_version) != major(&checklist.header.version) {
            Diagnostic::error(Code::VersionMismatch, msg)
                .with_help(tr("diag_version_major_help", &[]))
        } else {
            Diagnostic::warning(Code::VersionMismatch, msg)
                .with_help(tr("diag_version_minor_help", &[]))
        };
        out.push((d, value("/assessment/checklist_version")));
    }
    if let Some(date) = &a.date
        && !is_date(date)
    {
        out.push((
            Diagnostic::error(Code::InvalidValue, tr("diag_bad_date", &[("date", date)]))
                .with_help(tr("diag_bad_date_help", &[])),
            value("/assessment/date"),
        ));
    }
    if crate::answers::instrument_placeholders().contains(&a.instrument) {
        out.push((
            Diagnostic::warning(
                Code::TemplatePlaceholder,
                tr("diag_placeholder_instrument", &[("value", &a.instrument)]),
            )
            .with_help(tr("diag_placeholder_instrument_help", &[])),
            value("/assessment/instrument"),
        ));
    }
    if crate::answers::untouched(file) {
        out.push((
            Diagnostic::warning(
                Code::TemplatePlaceholder,
                tr("diag_nothing_answered", &[("n", &file.answers.len())]),
            )
            .with_help(tr("diag_nothing_answered_help", &[])),
            value("/answers"),
        ));
    }
    for (key, text) in [
        ("jurisdiction", &a.jurisdiction),
        ("instrument", &a.instrument),
    ] {
        if text.trim().is_empty() {
            out.push((
                Diagnostic::error(Code::InvalidValue, tr("diag_blank", &[("key", &key)]))
                    .with_help(tr("diag_blank_help", &[])),
                value(&format!("/assessment/{key}")),
            ));
        }
    }
    if let Some(lang) = &a.language
        && !checklist.header.languages.contains(lang)
    {
        out.push((
            Diagnostic::warning(
                Code::UnknownLanguage,
                tr(
                    "diag_unknown_language",
                    &[
                        ("lang", lang),
                        ("languages", &checklist.header.languages.join(", ")),
                    ],
                ),
            )
            .with_help(tr(
                "diag_unknown_language_help",
                &[("lang", &checklist.default_language())],
            )),
            value("/assessment/language"),
        ));
    }
    let mut unknown_items = 0usize;
    // Ids that a migration from the file's version maps are explained by the version
    // mismatch above (and handled by `upgrade`), not reported one by one.
    let migrated: BTreeSet<&str> = crate::upgrade::path(checklist, &a.checklist_version)
        .unwrap_or_default()
        .iter()
        .flat_map(|m| {
            m.renamed
                .keys()
                .chain(m.split.keys())
                .chain(m.merged.values().flatten())
                .chain(m.removed.keys())
                .map(String::as_str)
        })
        .collect();
    for (id, ans) in &file.answers {
        let p = format!("/answers/{}", escape_segment(id));
        if migrated.contains(id.as_str()) {
            continue;
        }
        let Some(item) = checklist.item(id) else {
            let mut d = Diagnostic::error(
                Code::UnknownItem,
                tr(
                    "diag_no_such_answer_item",
                    &[("checklist", &checklist.header.id), ("id", id)],
                ),
            );
            // Only the first diagnostics are shown: suggest for those, not for thousands.
            unknown_items += 1;
            if unknown_items <= crate::diag::SHOWN {
                let mut known: Vec<&str> = checklist.items.iter().map(|i| i.id.as_str()).collect();
                known.sort_unstable();
                if let Some(s) = closest(id, known.into_iter()) {
                    d = d.with_help(tr("diag_did_you_mean", &[("s", &s)]));
                }
            }
            out.push((d, Place::Key(p)));
            continue;
        };
        for (i, e) in ans.evidence.iter().enumerate() {
            let blank = |t: &Option<String>| t.as_deref().is_none_or(|t| t.trim().is_empty());
            if blank(&e.article) && blank(&e.quote) {
                out.push((
                    Diagnostic::error(Code::InvalidValue, tr("diag_evidence_empty", &[]))
                        .with_help(tr("diag_evidence_empty_help", &[])),
                    value(&format!("{p}/evidence/{i}")),
                ));
            }
        }
        if ans.answer == AnswerValue::NotApplicable
            && (item.kind == ItemKind::Power || !item.allow_not_applicable)
        {
            let help = if item.kind == ItemKind::Power {
                tr("diag_na_power_help", &[])
            } else if item.applies_if.is_some() {
                tr("diag_na_skipped_help", &[])
            } else {
                tr("diag_na_help", &[])
            };
            out.push((
                Diagnostic::error(
                    Code::NotApplicableNotAllowed,
                    tr("diag_na_not_allowed", &[("id", id)]),
                )
                .with_help(help),
                Place::Value(format!("{p}/answer")),
            ));
        }
    }
    if out
        .iter()
        .any(|(d, _)| d.level == crate::diag::Level::Error)
    {
        return out;
    }
    let mut unanswered = Vec::new();
    let applicability = crate::evaluate::applicability(checklist, file);
    for (item, &applies_now) in checklist.items.iter().zip(&applicability) {
        match file.answers.get(&item.id) {
            None if applies_now => unanswered.push(item.id.as_str()),
            Some(_) if !applies_now => {
                let power = item
                    .applies_if
                    .as_ref()
                    .map(|a| a.item.as_slice().join("` or `"))
                    .unwrap_or_default();
                out.push((
                    Diagnostic::warning(
                        Code::AnswerNotNeeded,
                        tr(
                            "diag_answer_not_needed",
                            &[("id", &item.id), ("power", &power)],
                        ),
                    ),
                    Place::Key(format!("/answers/{}", escape_segment(&item.id))),
                ));
            }
            _ => {}
        }
    }
    if !unanswered.is_empty() {
        let d = Diagnostic::warning(
            Code::Unanswered,
            tr(
                "diag_unanswered",
                &[
                    ("n", &unanswered.len()),
                    ("ids", &list_some(unanswered.iter().copied())),
                ],
            ),
        )
        .with_help(tr("diag_unanswered_help", &[]));
        out.push((d, value("/answers")));
    }
    out
}

fn answers_structure(parsed: &Parsed) -> Result<AnswersFile, Box<Diagnostic>> {
    serde_json::from_value(parsed.json.clone()).map_err(|e| {
        Box::new(Diagnostic::error(Code::SchemaViolation, e.to_string()).in_file(&parsed.file.name))
    })
}

/// Applies the weights of an extension's `[overrides]` table to `targets` (id, weight), and
/// reports a weight that is not positive or an id that does not exist.
fn override_weights(
    p: &Parsed,
    table: &str,
    unknown_code: Code,
    unknown_key: &str,
    weights: &std::collections::BTreeMap<String, f64>,
    mut targets: Vec<(&str, &mut f64)>,
    diags: &mut Diagnostics,
) {
    for (id, w) in weights {
        let ptr = format!("/overrides/{table}/{}", escape_segment(id));
        let rule = weight_rule(*w);
        let valid = rule.is_none();
        if let Some(rule) = rule {
            diags.push(p.at_value(
                Diagnostic::error(
                    Code::InvalidWeight,
                    tr("diag_weight", &[("weight", w), ("rule", &rule)]),
                ),
                &ptr,
            ));
        }
        match targets.iter_mut().find(|(t, _)| t == id) {
            Some((_, weight)) => {
                if valid {
                    **weight = *w;
                }
            }
            None => {
                let mut d = Diagnostic::error(unknown_code, tr(unknown_key, &[("id", id)]));
                if let Some(s) = closest(id, targets.iter().map(|(t, _)| *t)) {
                    d = d.with_help(tr("diag_did_you_mean", &[("s", &s)]));
                }
                diags.push(p.at_key(d, &ptr));
            }
        }
    }
}

/// A cycle through `start` in the applies_if graph, as the list of its nodes from `start`.
fn find_cycle<'a>(start: &'a str, edges: &HashMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    fn walk<'a>(
        node: &'a str,
        start: &'a str,
        edges: &HashMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
        seen: &mut BTreeSet<&'a str>,
    ) -> bool {
        for &next in edges.get(node).map(Vec::as_slice).unwrap_or_default() {
            if next == start {
                return true;
            }
            if seen.insert(next) {
                path.push(next);
                if walk(next, start, edges, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start];
    let mut seen = BTreeSet::from([start]);
    walk(start, start, edges, &mut path, &mut seen).then_some(path)
}

/// Up to eight names, then "and N more" (in the language of the command).
fn list_some<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = names.collect();
    if v.len() <= 8 {
        v.join(", ")
    } else {
        tr(
            "diag_list_more",
            &[("list", &v[..8].join(", ")), ("n", &(v.len() - 8))],
        )
    }
}

/// The known name closest to `name`, if it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let n = name.chars().count();
    let limit = (n / 3).max(2);
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        // The distance is at least the difference in length: skip what cannot be close.
        if n.abs_diff(k.chars().count()) > limit {
            continue;
        }
        let d = levenshtein(name, k);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let known = [
            "interception-prior-judicial-order",
            "notification-after-the-fact",
        ];
        assert_eq!(
            closest("interception-prior-judical-order", known.iter().copied()),
            Some("interception-prior-judicial-order")
        );
        assert_eq!(closest("zzz", known.iter().copied()), None);
    }

    #[test]
    fn digest_ignores_listing_order() {
        let a = digest([("a.toml", "x"), ("b.toml", "y")]);
        let b = digest([("b.toml", "y"), ("a.toml", "x")]);
        assert_eq!(a, b);
        assert_ne!(a, digest([("a.toml", "y"), ("b.toml", "x")]));
        assert_eq!(a.len(), 64);
    }
}
