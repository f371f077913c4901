//! The shipped catalog is complete: enough safeguards, every text in every language, every
//! citation resolvable, every named profile present and selecting something, every example valid.
//! It also follows its red-line policy (docs/catalog-policy.md): every red line names the source
//! that makes it mandatory, each standard selects every item its own sources support, and the red
//! lines of a standard rest on that standard's sources.

use std::collections::BTreeSet;

use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::{Checklist, RedLine};
use salvaguarda::model::{Cite, Item, ItemKind, Profile, Source, Text};

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
