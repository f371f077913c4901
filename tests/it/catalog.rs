//! The shipped catalog is complete: enough safeguards, every text in every language, every
//! citation resolvable, every named profile present and selecting something, every example valid.

use salvaguarda::catalog::Catalog;
use salvaguarda::checklist::Checklist;
use salvaguarda::model::{ItemKind, Text};

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
