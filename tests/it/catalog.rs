//! The shipped catalog is complete: enough safeguards, every text in every language, every
//! citation resolvable, every named profile present and selecting something, every example valid.
//! It also follows its red-line policy (docs/catalog-policy.md): every red line names the source
//! that makes it mandatory, each standard selects every item its own sources support, and the red
//! lines of a standard rest on that standard's sources.

use std::collections::BTreeSet;

use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::{Checklist, RedLine};
use salvaguarda::evaluate::{applies, evaluate};
use salvaguarda::model::{
    Answer, AnswerValue, AnswersFile, Cite, Item, ItemKind, Profile, Source, Text,
};

fn shipped() -> Checklist {
    let (c, d) = Catalog::default().load("uncc-safeguards");
    c.unwrap_or_else(|| panic!("{}", d.render()))
}

fn complete(t: &Text, what: &str) {
    for lang in ["en", "es", "pt"] {
        assert!(
            t.get(lang).is_some_and(|s| s.trim().len() > 1),
            "{what}: missing `{lang}`"
        );
    }
}

#[test]
fn at_least_65_safeguards_each_with_every_field_in_three_languages() {
    let c = shipped();
    let safeguards: Vec<_> = c
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Safeguard)
        .collect();
    assert!(
        safeguards.len() >= 65,
        "only {} safeguards",
        safeguards.len()
    );
    for i in &safeguards {
        complete(&i.question, &format!("{}.question", i.id));
        complete(
            i.rationale.as_ref().expect("rationale"),
            &format!("{}.rationale", i.id),
        );
        complete(&i.guidance.yes, &format!("{}.guidance.yes", i.id));
        complete(
            i.guidance.partial.as_ref().expect("guidance.partial"),
            &format!("{}.guidance.partial", i.id),
        );
        complete(&i.guidance.no, &format!("{}.guidance.no", i.id));
        complete(
            i.remediation.as_ref().expect("remediation"),
            &format!("{}.remediation", i.id),
        );
        assert!(i.severity.is_some(), "{} has no severity", i.id);
        assert!(!i.cites.is_empty(), "{} cites nothing", i.id);
        assert!(
            i.tags.iter().any(|t| [
                "letter",
                "convention",
                "inter-american",
                "necessary-proportionate"
            ]
            .contains(&t.as_str())),
            "{} belongs to no standard",
            i.id
        );
    }
    for i in c.items.iter().filter(|i| i.kind == ItemKind::Power) {
        complete(&i.question, &format!("{}.question", i.id));
        assert!(!i.cites.is_empty());
    }
}

#[test]
fn every_citation_resolves_to_a_full_reference() {
    let c = shipped();
    for i in &c.items {
        for cite in &i.cites {
            let s = c
                .source(&cite.source)
                .unwrap_or_else(|| panic!("{} cites unknown {}", i.id, cite.source));
            complete(&s.title, &s.id);
            complete(&s.issuer, &s.id);
        }
    }
    // Every source in the registry is cited at least once.
    for s in &c.sources {
        assert!(
            c.items
                .iter()
                .any(|i| i.cites.iter().any(|x| x.source == s.id)),
            "source `{}` is never cited",
            s.id
        );
    }
}

#[test]
fn the_named_profiles_exist_and_select_safeguards() {
    let c = shipped();
    for id in [
        "letter",
        "convention-minimum",
        "inter-american",
        "necessary-proportionate",
        "red-lines",
        "all",
    ] {
        let p = c
            .profile(id)
            .unwrap_or_else(|| panic!("profile {id} missing"));
        let n = c.items.iter().filter(|i| c.selects(p, i)).count();
        assert!(n > 0, "profile {id} selects nothing");
        assert!(p.bands.iter().any(|b| b.min == 0.0));
    }
    // The red-lines profile selects exactly the red lines.
    let p = c.profile("red-lines").unwrap();
    for i in &c.items {
        assert_eq!(
            c.selects(p, i),
            i.red_line && i.kind == ItemKind::Safeguard,
            "{}",
            i.id
        );
    }
}

#[test]
fn powers_come_first_and_guard_their_safeguards() {
    let c = shipped();
    let powers: Vec<_> = c
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Power)
        .collect();
    assert!(powers.len() >= 5);
    for p in &powers {
        assert!(
            c.items.iter().any(|i| i
                .applies_if
                .as_ref()
                .is_some_and(|a| a.item.as_slice().contains(&p.id))),
            "power `{}` guards no safeguard",
            p.id
        );
    }
    assert_eq!(
        c.items[0].kind,
        ItemKind::Power,
        "the checklist asks about powers first"
    );
}

/// A source of the Inter-American system: its issuer is an organ of the OAS or of the
/// Inter-American human-rights system (read from the registry, so a new source counts at once).
fn inter_american(s: &Source) -> bool {
    let issuer = s.issuer.get("en").map(String::as_str).unwrap_or_default();
    [
        "Inter-American",
        "Organization of American States",
        "IACHR",
        "MESECVI",
    ]
    .iter()
    .any(|m| issuer.contains(m))
}

/// The sources each standard rests on, by profile id.
fn standard_sources(c: &Checklist, profile: &str) -> Option<BTreeSet<String>> {
    let ids = |f: &dyn Fn(&Source) -> bool| {
        c.sources
            .iter()
            .filter(|s| f(s))
            .map(|s| s.id.clone())
            .collect::<BTreeSet<_>>()
    };
    match profile {
        "convention-minimum" => Some(ids(&|s| s.id == "uncc")),
        "inter-american" => Some(ids(&inter_american)),
        "necessary-proportionate" => Some(ids(&|s| s.id == "np-principles")),
        _ => None,
    }
}

fn cites_any(i: &Item, sources: &BTreeSet<String>) -> bool {
    i.cites.iter().any(|c| sources.contains(&c.source))
}

fn safeguards(c: &Checklist) -> impl Iterator<Item = &Item> {
    c.items.iter().filter(|i| i.kind == ItemKind::Safeguard)
}

/// The sources that make an item a red line under a profile: the profile's own basis when it
/// adds the item, else the item's.
fn basis_under<'a>(p: &'a Profile, i: &'a Item) -> &'a [Cite] {
    p.red_lines
        .as_ref()
        .and_then(|r| r.add.iter().find(|a| a.item == i.id))
        .map_or(i.red_line_basis.as_slice(), |a| a.basis.as_slice())
}

#[test]
fn every_red_line_names_the_pinned_source_that_makes_it_mandatory_and_cites_it() {
    let c = shipped();
    let mut red_lines = 0;
    for i in safeguards(&c) {
        if !i.red_line {
            assert!(
                i.red_line_basis.is_empty() && i.breach_on.is_empty(),
                "{}: a basis or breach_on without a red line",
                i.id
            );
            continue;
        }
        red_lines += 1;
        assert!(
            !i.red_line_basis.is_empty(),
            "{}: red line without basis",
            i.id
        );
        for b in &i.red_line_basis {
            assert!(
                c.source(&b.source).is_some(),
                "{}: unknown {}",
                i.id,
                b.source
            );
            assert!(
                b.pin.as_deref().is_some_and(|p| !p.trim().is_empty()),
                "{}: the basis {} has no pin",
                i.id,
                b.source
            );
            assert!(
                i.cites.contains(b),
                "{}: the basis {} {:?} is not among the item's citations",
                i.id,
                b.source,
                b.pin
            );
        }
    }
    assert!(red_lines >= 10, "only {red_lines} red lines");
    for p in &c.profiles {
        for a in p.red_lines.iter().flat_map(|r| &r.add) {
            let i = c.item(&a.item).expect("added red line names an item");
            assert!(
                !a.basis.is_empty(),
                "{}: {} added without basis",
                p.id,
                i.id
            );
            for b in &a.basis {
                assert!(b.pin.is_some(), "{}: {} basis without pin", p.id, i.id);
                assert!(
                    i.cites.iter().any(|x| x.source == b.source),
                    "{}: {} does not cite its added basis {}",
                    p.id,
                    i.id,
                    b.source
                );
            }
        }
    }
}

#[test]
fn each_standard_selects_every_item_its_sources_support_and_tags_say_so() {
    let c = shipped();
    let ia = standard_sources(&c, "inter-american").unwrap();
    // The registry's Inter-American sources are exactly those the profile selects by.
    let p = c.profile("inter-american").unwrap();
    let selects_by: BTreeSet<String> = p.select.sources.iter().cloned().collect();
    assert_eq!(selects_by, ia, "inter-american selects by its own sources");
    let np = standard_sources(&c, "necessary-proportionate").unwrap();
    let letter: BTreeSet<String> = ["alsur-letter".to_string()].into();
    for i in safeguards(&c) {
        for (profile, tag, sources) in [
            ("inter-american", "inter-american", &ia),
            ("necessary-proportionate", "necessary-proportionate", &np),
            ("letter", "letter", &letter),
        ] {
            let p = c.profile(profile).unwrap();
            let cited = cites_any(i, sources);
            assert_eq!(
                c.selects(p, i),
                cited,
                "{profile} selects `{}` exactly when it cites one of its sources",
                i.id
            );
            assert_eq!(
                i.tags.iter().any(|t| t == tag),
                cited,
                "`{}` carries the {tag} tag exactly when it cites one of its sources",
                i.id
            );
        }
        // The Convention's own minimum: items tagged `convention` rest on the Convention's text.
        if i.tags.iter().any(|t| t == "convention") {
            assert!(
                i.cites
                    .iter()
                    .any(|x| x.source == "uncc" && x.pin.is_some()),
                "`{}` is tagged convention but cites no article of the Convention",
                i.id
            );
        }
    }
}

#[test]
fn the_red_lines_of_each_standard_rest_on_its_own_sources() {
    let c = shipped();
    for p in &c.profiles {
        let Some(own) = standard_sources(&c, &p.id) else {
            // The catalog-wide views adopt the catalog's red lines as they are.
            assert!(
                p.red_lines.is_none(),
                "{} adds or drops red lines without being a standard",
                p.id
            );
            continue;
        };
        let dropped: Vec<&String> = p.red_lines.iter().flat_map(|r| &r.drop).collect();
        for i in safeguards(&c) {
            let rl = c.red_line_under(p, i);
            if rl != RedLine::None {
                assert!(c.selects(p, i), "{}: red line {} not selected", p.id, i.id);
                assert!(
                    basis_under(p, i).iter().any(|b| own.contains(&b.source)),
                    "{}: red line `{}` has no basis among the standard's own sources",
                    p.id,
                    i.id
                );
            } else if i.red_line && c.selects(p, i) {
                // Dropped: only where none of the item's bases is one of the standard's sources.
                assert!(dropped.contains(&&i.id), "{}", i.id);
                assert!(
                    !i.red_line_basis.iter().any(|b| own.contains(&b.source)),
                    "{}: `{}` is dropped although its basis includes the standard's own source",
                    p.id,
                    i.id
                );
            }
        }
        for id in dropped {
            let i = c
                .item(id)
                .unwrap_or_else(|| panic!("{}: drops unknown {id}", p.id));
            assert!(
                i.red_line && c.selects(p, i),
                "{}: drops {id}, which it would not adopt anyway",
                p.id
            );
        }
    }
}

#[test]
fn prior_means_before_the_measure_begins_and_one_concern_is_one_red_line() {
    let c = shipped();
    // A non-judicial order validated afterwards is the `partial` of these items: it breaches.
    for id in [
        "interception-prior-judicial-order",
        "realtime-traffic-prior-judicial-order",
        "stored-traffic-prior-judicial-order",
        "production-content-prior-judicial-order",
        "remote-access-prior-judicial-authorisation",
    ] {
        let i = c.item(id).unwrap();
        let all = c.profile("all").unwrap();
        assert_eq!(c.red_line_under(all, i), RedLine::OnNoOrPartial, "{id}");
        let partial = i.guidance.partial.as_ref().unwrap();
        assert!(
            partial.get("en").unwrap().contains("breaches the red line"),
            "{id}: the partial guidance says why it breaches"
        );
    }
    // Journalists, lawyers and sources: one concern, one red line.
    let concern = [
        "lawyer-client-communications-protected",
        "prt-journalist-source-protection",
        "prt-no-targeting-for-lawful-activity",
        "prt-legal-privilege-stored-data",
        "privileged-material-independent-filtering",
    ];
    let n = concern
        .iter()
        .filter(|id| c.item(id).unwrap().red_line)
        .count();
    assert_eq!(n, 1, "one red line for the protected-persons concern");
    // Necessity stands beside proportionality.
    assert!(c.item("necessity-required").unwrap().red_line);
    assert!(c.item("proportionality-required").unwrap().red_line);
    // Protections a general law supplies are not red lines.
    for id in [
        "prt-security-research-exemption",
        "prt-no-targeting-for-lawful-activity",
    ] {
        assert!(!c.item(id).unwrap().red_line, "{id}");
    }
}

#[test]
fn every_safeguard_tied_to_a_power_says_what_kind_of_safeguard_it_is() {
    let c = shipped();
    for i in safeguards(&c) {
        if i.applies_if.is_some() {
            assert!(
                i.facet.is_some(),
                "`{}` applies to a power but has no facet",
                i.id
            );
        }
    }
}

#[test]
fn the_red_line_policy_lists_every_red_line_with_its_basis() {
    let c = shipped();
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/catalog-policy.md"),
    )
    .unwrap();
    // The table rows of the section "## The red lines": "| `id` | ...".
    let start = doc
        .find("\n## The red lines")
        .expect("a section listing the red lines");
    let section = &doc[start + 1..];
    let section = &section[..section[1..].find("\n## ").map_or(section.len(), |e| e + 1)];
    let listed: BTreeSet<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .filter(|id| c.item(id).is_some())
        .collect();
    for i in safeguards(&c).filter(|i| i.red_line) {
        assert!(
            listed.contains(i.id.as_str()),
            "docs/catalog-policy.md does not list `{}`",
            i.id
        );
        let row = section
            .lines()
            .find(|l| l.starts_with(&format!("| `{}`", i.id)))
            .unwrap();
        for b in &i.red_line_basis {
            assert!(
                row.contains(b.pin.as_deref().unwrap()),
                "the policy's row for `{}` omits the pin {:?}",
                i.id,
                b.pin
            );
        }
    }
    for id in &listed {
        let i = c.item(id).unwrap();
        let added = c.profiles.iter().any(|p| {
            p.red_lines
                .iter()
                .any(|r| r.add.iter().any(|a| a.item == *id))
        });
        assert!(
            i.red_line || added,
            "the policy lists `{id}`, which is no red line"
        );
    }
}

/// The powers and safeguards added in catalog 2.0 (issue 11): missing safeguards and the
/// conditions that keep procedure-only and retention-only laws from a forced `no`.
const ADDED_IN_2_0: &[&str] = &[
    "power-offences",
    "power-realtime-location",
    "power-biometric-identification",
    "power-content-removal",
    "power-undercover-online",
    "power-extradition",
    "power-extraterritorial-access",
    "powers-excluded-from-armed-forces",
    "csam-text-audio-limited",
    "no-general-preparation-offence",
    "location-prior-judicial-order",
    "biometric-search-judicial-order",
    "undercover-prior-judicial-order",
    "no-data-purchase-bypass",
    "no-voluntary-provider-disclosure",
    "location-serious-offences",
    "biometric-no-live-public-spaces",
    "undercover-no-provocation",
    "anonymity-no-mandatory-registration",
    "anonymity-encryption-not-penalised",
    "removal-judicial-order",
    "removal-specific-content-only",
    "removal-notice-and-challenge",
    "extradition-dual-criminality",
    "extradition-refusal-persecution",
    "extradition-refusal-torture-death-penalty",
    "extradition-judicial-decision",
    "foreign-provider-orders-subscriber-only",
    "cross-border-access-prior-judicial-order",
    "reservation-realtime-serious-offences",
    "reservation-devices-offence",
    "declarations-human-rights-conditions",
];

#[test]
fn the_items_added_in_2_0_are_complete_in_three_languages_with_a_facet_and_scan_phrases() {
    let c = shipped();
    for id in ADDED_IN_2_0 {
        let i = c
            .item(id)
            .unwrap_or_else(|| panic!("{id} is not in the catalog"));
        complete(&i.question, &format!("{id}.question"));
        complete(
            i.rationale.as_ref().expect("rationale"),
            &format!("{id}.rationale"),
        );
        complete(&i.guidance.yes, &format!("{id}.guidance.yes"));
        complete(
            i.guidance.partial.as_ref().expect("guidance.partial"),
            &format!("{id}.guidance.partial"),
        );
        complete(&i.guidance.no, &format!("{id}.guidance.no"));
        assert!(!i.cites.is_empty(), "{id} cites nothing");
        if i.kind == ItemKind::Safeguard {
            assert!(i.facet.is_some(), "{id} has no facet");
            complete(
                i.remediation.as_ref().expect("remediation"),
                &format!("{id}.remediation"),
            );
        }
        // `scan` can look for it in every language.
        let ind: Vec<_> = c.indicators.iter().filter(|x| x.item == *id).collect();
        assert!(!ind.is_empty(), "{id} has no scan indicators");
        for lang in ["en", "es", "pt"] {
            assert!(
                ind.iter()
                    .any(|x| x.phrases.get(lang).is_some_and(|p| !p.is_empty())
                        || !x.phrase_sets.is_empty()),
                "{id}: no indicator phrase in `{lang}`"
            );
        }
    }
}

/// An answers file with these answers and nothing else.
fn answers(c: &Checklist, given: &[(&str, AnswerValue)]) -> AnswersFile {
    AnswersFile {
        assessment: crate::assessment_for(c),
        answers: given
            .iter()
            .map(|(id, v)| {
                (
                    id.to_string(),
                    Answer {
                        answer: *v,
                        note: None,
                        evidence: vec![],
                    },
                )
            })
            .collect(),
    }
}

/// The items whose condition names a power.
fn guarded_by<'a>(c: &'a Checklist, power: &str) -> Vec<&'a salvaguarda::model::Item> {
    c.items
        .iter()
        .filter(|i| {
            i.applies_if
                .as_ref()
                .is_some_and(|a| a.item.as_slice().iter().any(|p| p == power))
        })
        .collect()
}

#[test]
fn a_procedure_only_law_is_not_held_to_the_items_about_offences() {
    let c = shipped();
    // The safeguards about offences are conditioned on power-offences, among them the research
    // defence (a red line) and the intimate-image offence.
    let offence_items: Vec<&str> = guarded_by(&c, "power-offences")
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    for id in [
        "prt-security-research-exemption",
        "prt-access-interception-dishonest-intent",
        "prt-device-offence-criminal-purpose",
        "prt-journalism-public-interest-exemption",
        "gen-ncii-consent-element",
        "gen-ncii-reporting-exception",
        "gen-self-generated-images-children",
        "csam-text-audio-limited",
        "no-general-preparation-offence",
    ] {
        assert!(offence_items.contains(&id), "{id} is not conditioned");
    }
    // A bill that creates no offence: none of them applies, and none breaches a red line or
    // is left unverified under any standard, although every other question is unanswered.
    let a = answers(&c, &[("power-offences", AnswerValue::No)]);
    for id in &offence_items {
        let i = c.item(id).unwrap();
        assert!(!applies(&c, &a, i), "{id} applies to a procedure-only law");
    }
    for p in &c.profiles {
        let r = evaluate(&c, &a, "0", &p.id);
        for id in &offence_items {
            assert!(
                !r.red_line_breaches.iter().any(|x| x == id)
                    && !r.red_lines_unverified.iter().any(|x| x == id),
                "{}: {id} counts against a procedure-only law",
                p.id
            );
        }
    }
    // With offences created, they apply again; those about one kind of offence may then be
    // answered "not applicable" when the bill does not create that kind.
    let a = answers(&c, &[("power-offences", AnswerValue::Yes)]);
    for id in &offence_items {
        assert!(applies(&c, &a, c.item(id).unwrap()), "{id}");
    }
    for id in [
        "prt-security-research-exemption",
        "gen-ncii-consent-element",
        "csam-text-audio-limited",
    ] {
        assert!(c.item(id).unwrap().allow_not_applicable, "{id}");
    }
}

#[test]
fn a_retention_only_law_is_not_held_to_duration_caps_or_offence_items() {
    let c = shipped();
    let powers: Vec<&str> = c
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Power)
        .map(|i| i.id.as_str())
        .collect();
    let given: Vec<(&str, AnswerValue)> = powers
        .iter()
        .map(|p| {
            (
                *p,
                if *p == "power-data-retention" || *p == "power-production-order" {
                    AnswerValue::Yes
                } else {
                    AnswerValue::No
                },
            )
        })
        .collect();
    let a = answers(&c, &given);
    for id in [
        "duration-cap-per-order",
        "renewal-fresh-justification",
        "total-duration-cap",
        "trn-sunset-intrusive-powers",
        "prt-security-research-exemption",
        "gen-ncii-consent-element",
        "location-prior-judicial-order",
        "removal-judicial-order",
        "extradition-refusal-persecution",
    ] {
        assert!(
            !applies(&c, &a, c.item(id).unwrap()),
            "{id} applies to a retention-only law"
        );
    }
    // What a retention duty does call for still applies.
    for id in [
        "retention-not-general",
        "retention-period-capped",
        "retained-data-serious-offences-only",
        "stored-traffic-prior-judicial-order",
    ] {
        assert!(applies(&c, &a, c.item(id).unwrap()), "{id}");
    }
    // A power under which real-time location is tracked brings the duration caps back.
    let mut given = given;
    given.retain(|(p, _)| *p != "power-realtime-location");
    given.push(("power-realtime-location", AnswerValue::Yes));
    let a = answers(&c, &given);
    assert!(applies(&c, &a, c.item("duration-cap-per-order").unwrap()));
}

#[test]
fn penalty_thresholds_are_judged_one_way_in_every_item_that_judges_one() {
    let c = shipped();
    // A maximum-penalty threshold alone of at least four years (art. 2(h)) is partial; a lower
    // one is no; a closed list or a harm-based definition is yes. Never "a high maximum
    // penalty" as a yes.
    let partial = [
        ("en", "at least four years"),
        ("es", "al menos cuatro años"),
        ("pt", "pelo menos quatro anos"),
    ];
    let no = [
        ("en", "lower than four years"),
        ("es", "inferior a cuatro años"),
        ("pt", "inferior a quatro anos"),
    ];
    let yes = [
        ("en", "closed list"),
        ("es", "lista cerrada"),
        ("pt", "lista fechada"),
    ];
    for id in [
        "scope-powers-offence-limited",
        "serious-crime-harm-based",
        "interception-serious-offences",
        "realtime-serious-offences",
        "retained-data-serious-offences-only",
        "location-serious-offences",
    ] {
        let i = c.item(id).unwrap();
        for (lang, words) in partial {
            let t = i.guidance.partial.as_ref().unwrap().get(lang).unwrap();
            assert!(t.contains(words), "{id}.partial.{lang}: {t}");
        }
        for (lang, words) in no {
            let t = i.guidance.no.get(lang).unwrap();
            assert!(t.contains(words), "{id}.no.{lang}: {t}");
        }
        for (lang, words) in yes {
            let t = i.guidance.yes.get(lang).unwrap();
            assert!(
                t.contains(words) || id == "serious-crime-harm-based",
                "{id}.yes.{lang}: {t}"
            );
        }
        let all = format!(
            "{}{}",
            i.guidance.yes.get("en").unwrap(),
            i.guidance.partial.as_ref().unwrap().get("en").unwrap()
        );
        assert!(!all.contains("high maximum penalty"), "{id}: {all}");
    }
}

/// The migrations of the step from 1.0.0 to 2.0.0: from `migrations.toml`, or, while the
/// checklist is still 1.0.0, from the entries waiting beside it.
fn migration_step() -> toml::Table {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/uncc-safeguards");
    let text = std::fs::read_to_string(dir.join("migrations.toml"))
        .or_else(|_| std::fs::read_to_string(dir.join("migrations.toml.pending")))
        .expect("the migrations of uncc-safeguards");
    let t: toml::Table = toml::from_str(&text).expect("valid TOML");
    t["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_table().unwrap().clone())
        .find(|m| m["from"].as_str() == Some("1.0.0"))
        .expect("a step from 1.0.0")
}

#[test]
fn the_migrations_from_1_0_0_account_for_every_old_and_every_new_item() {
    let c = shipped();
    let old: Vec<String> =
        std::fs::read_to_string(crate::fixture("uncc-safeguards-1.0.0-items.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect();
    assert_eq!(old.len(), 143);
    let step = migration_step();
    let keys = |k: &str| -> Vec<String> {
        step.get(k)
            .and_then(|v| v.as_table())
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default()
    };
    let strings = |v: &toml::Value| -> Vec<String> {
        match v {
            toml::Value::String(s) => vec![s.clone()],
            toml::Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => vec![],
        }
    };
    // Old ids that the step maps away, and new ids it fills.
    let mut gone: Vec<String> = keys("renamed");
    gone.extend(keys("split"));
    gone.extend(keys("removed"));
    let mut filled: Vec<String> = Vec::new();
    for k in ["renamed", "split"] {
        if let Some(t) = step.get(k).and_then(|v| v.as_table()) {
            filled.extend(t.values().flat_map(strings));
        }
    }
    if let Some(t) = step.get("merged").and_then(|v| v.as_table()) {
        filled.extend(t.keys().cloned());
        gone.extend(t.values().flat_map(strings));
    }
    let added: Vec<String> = step.get("added").map(strings).unwrap_or_default();
    filled.extend(added.iter().cloned());
    // Every old item is still there or mapped away; every changed one still exists.
    for id in &old {
        assert!(
            c.item(id).is_some() || gone.contains(id),
            "`{id}` of 1.0.0 is gone with no migration"
        );
    }
    for id in keys("changed") {
        assert!(c.item(&id).is_some(), "changed `{id}` is not an item");
    }
    // Every item of the catalog is an old one or reached by the step, so `upgrade` writes
    // every new question; and everything added here is listed.
    for i in &c.items {
        assert!(
            old.contains(&i.id) || filled.contains(&i.id),
            "`{}` is new but no migration adds it",
            i.id
        );
    }
    for id in ADDED_IN_2_0 {
        assert!(added.iter().any(|a| a == id), "`{id}` is not in `added`");
        assert!(!old.iter().any(|o| o == id), "`{id}` was already in 1.0.0");
    }
    // The items re-framed by this work are flagged for the assessor to check.
    for id in [
        "retention-period-capped",
        "serious-crime-harm-based",
        "scope-powers-offence-limited",
        "power-realtime-traffic",
        "prt-security-research-exemption",
        "gen-ncii-consent-element",
    ] {
        assert!(
            keys("changed").iter().any(|k| k == id),
            "`{id}` not changed"
        );
    }
}
