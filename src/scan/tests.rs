//! Unit tests of the matcher on a small checklist written here, so that the rules (longest
//! phrase wins, negations, prohibitions, open-ended phrases) are tested apart from the content
//! of the shipped catalog, which `tests/it/scan.rs` tests.

use super::*;
use crate::catalog::load_dir;

/// A checklist folder with the mini items and the indicators given.
fn checklist(indicators: &str) -> Checklist {
    let dir = tempfile::tempdir().unwrap();
    let mini = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    for f in ["checklist.toml", "items.toml"] {
        std::fs::copy(mini.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(dir.path().join("scan.toml"), indicators).unwrap();
    let (c, diags) = load_dir(dir.path());
    assert!(!diags.has_errors(), "{}", diags.render());
    c.unwrap()
}

const NEGATIONS: &str = r#"
[negations]
before = { en = ["without", "no", "not"], es = ["sin", "no", "sin necesidad de"], pt = ["sem", "não"] }
after = { en = ["is not required"], es = ["no será necesaria"], pt = ["não será necessária"] }
prohibitions = { en = ["no communication", "shall not"], es = ["ninguna", "no podrá"], pt = ["nenhuma", "não poderá"] }
not_negations = { en = ["without prejudice"], es = ["sin perjuicio"], pt = ["sem prejuízo"] }
"#;

const JUDGE: &str = r#"
[[phrase_sets]]
id = "interception"
phrases = { en = ["intercept*"], es = ["intercept*"], pt = ["intercept*"] }

[[indicators]]
item = "judge-order"
topics = ["interception"]
phrases = { en = ["judicial order", "order of a judge"], es = ["orden judicial", "autorización judicial"], pt = ["ordem judicial"] }
red_flags = { en = ["without a judicial order", "order of the prosecutor"], es = ["sin orden judicial", "orden del fiscal"], pt = ["sem ordem judicial"] }

[[indicators]]
item = "reasoned-order"
phrases = { en = ["reasoned"], es = ["fundada"], pt = ["fundamentada"] }
"#;

fn scan_text(c: &Checklist, lang: &str, text: &str) -> ScanReport {
    let m = Matcher::new(c, lang);
    scan(
        c,
        &m,
        &Bill::from_text("bill.txt", text),
        false,
        &ScanOptions::default(),
    )
}

/// The marks of one item in the first article listed: (kind, reason, words).
fn marks(r: &ScanReport, item: &str) -> Vec<(MarkKind, Reason, String)> {
    let it = r.items.iter().find(|i| i.id == item).unwrap();
    it.articles
        .iter()
        .flat_map(|a| &a.passages)
        .flat_map(|p| {
            p.marks
                .iter()
                .map(|m| (m.kind, m.reason, p.text[m.start..m.end].to_string()))
        })
        .collect()
}

#[test]
fn longest_phrase_wins_and_a_red_flag_shadows_the_indicator_inside_it() {
    let c = checklist(&format!("{NEGATIONS}{JUDGE}"));
    let r = scan_text(
        &c,
        "es",
        "Artículo 1. La policía podrá interceptar comunicaciones sin orden judicial.\n",
    );
    let m = marks(&r, "judge-order");
    assert!(
        m.contains(&(
            MarkKind::RedFlag,
            Reason::Phrase,
            "sin orden judicial".into()
        )),
        "{m:?}"
    );
    assert!(!m.iter().any(|x| x.0 == MarkKind::Indicator), "{m:?}");
    // The open-ended topic marks the whole word.
    assert!(
        m.contains(&(MarkKind::Topic, Reason::Phrase, "interceptar".into())),
        "{m:?}"
    );
    assert_eq!(
        r.items
            .iter()
            .find(|i| i.id == "judge-order")
            .unwrap()
            .signal,
        Signal::RedFlags
    );
}

#[test]
fn a_negation_a_few_words_before_turns_an_indicator_into_a_red_flag() {
    let c = checklist(&format!("{NEGATIONS}{JUDGE}"));
    for text in [
        "Artículo 1. Podrá interceptarse sin la previa orden judicial.\n",
        "Artículo 1. Podrá interceptarse sin necesidad de autorización judicial.\n",
        "Artículo 1. Para interceptar, la orden judicial no será necesaria.\n",
    ] {
        let m = marks(&scan_text(&c, "es", text), "judge-order");
        assert!(
            m.iter()
                .any(|x| x.0 == MarkKind::RedFlag && x.1 == Reason::Negated),
            "{text}: {m:?}"
        );
        assert!(
            !m.iter().any(|x| x.0 == MarkKind::Indicator),
            "{text}: {m:?}"
        );
    }
}

#[test]
fn a_prohibition_before_the_negation_keeps_the_safeguard() {
    let c = checklist(&format!("{NEGATIONS}{JUDGE}"));
    for (lang, text) in [
        (
            "es",
            "Artículo 1. Ninguna comunicación podrá ser interceptada sin orden judicial.\n",
        ),
        (
            "es",
            "Artículo 1. No podrá interceptarse comunicación alguna sin la orden judicial.\n",
        ),
        (
            "en",
            "Section 1. No communication shall be intercepted without a judicial order.\n",
        ),
    ] {
        let m = marks(&scan_text(&c, lang, text), "judge-order");
        assert!(
            m.iter()
                .any(|x| x.0 == MarkKind::Indicator && x.1 == Reason::Prohibition),
            "{text}: {m:?}"
        );
        assert!(!m.iter().any(|x| x.0 == MarkKind::RedFlag), "{text}: {m:?}");
    }
}

#[test]
fn negations_do_not_reach_across_a_comma_or_a_sentence_and_exceptions_deny_nothing() {
    let c = checklist(&format!("{NEGATIONS}{JUDGE}"));
    for text in [
        "Artículo 1. Sin perjuicio de lo anterior, la interceptación requiere orden judicial.\n",
        "Artículo 1. No habrá demoras. La interceptación requiere orden judicial.\n",
        "Artículo 1. Cuando no exista riesgo, la orden judicial para interceptar será previa.\n",
    ] {
        let m = marks(&scan_text(&c, "es", text), "judge-order");
        assert!(
            m.contains(&(MarkKind::Indicator, Reason::Phrase, "orden judicial".into())),
            "{text}: {m:?}"
        );
    }
}

#[test]
fn a_denied_red_flag_is_neutral() {
    let c = checklist(&format!("{NEGATIONS}{JUDGE}"));
    let m = marks(
        &scan_text(
            &c,
            "es",
            "Artículo 1. La interceptación no será por orden del fiscal.\n",
        ),
        "judge-order",
    );
    assert!(
        m.contains(&(
            MarkKind::Neutral,
            Reason::NegatedRedFlag,
            "orden del fiscal".into()
        )),
        "{m:?}"
    );
}

#[test]
fn a_match_counts_for_the_shorter_phrases_of_other_items_inside_it() {
    // "resolución judicial fundada" is no phrase of reasoned-order, but contains "fundada".
    let c = checklist(&format!(
        "{NEGATIONS}{JUDGE}\n[[indicators]]\nitem = \"effective-remedy\"\nphrases = {{ en = [\"judicial order reasoned\"], es = [\"orden judicial fundada\"], pt = [\"ordem judicial fundamentada\"] }}\n"
    ));
    let r = scan_text(
        &c,
        "es",
        "Artículo 1. Se requiere orden judicial fundada para interceptar.\n",
    );
    for item in ["judge-order", "reasoned-order", "effective-remedy"] {
        assert!(
            marks(&r, item).iter().any(|x| x.0 == MarkKind::Indicator),
            "{item}: {:?}",
            marks(&r, item)
        );
    }
    assert_eq!(marks(&r, "reasoned-order")[0].2, "fundada");
}

#[test]
fn articles_are_ranked_and_the_preamble_is_left_out() {
    let c = checklist(&format!("{NEGATIONS}{JUDGE}"));
    let r = scan_text(
        &c,
        "en",
        "Explanatory note: interception under a judicial order.\n\n\
         Section 1. A judicial order is needed to search a house.\n\
         Section 2. Interception requires a judicial order.\n",
    );
    let it = r.items.iter().find(|i| i.id == "judge-order").unwrap();
    // Section 1 speaks of a judicial order, but for a search: the order and the matter of the
    // item (interception) must meet in a sentence, so it is not listed.
    let labels: Vec<&str> = it.articles.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["Section 2"]);
    // Passage offsets point at the exact words of the bill.
    let p = &it.articles[0].passages[0];
    let f = "Explanatory note: interception under a judicial order.\n\n\
         Section 1. A judicial order is needed to search a house.\n\
         Section 2. Interception requires a judicial order.\n";
    assert_eq!(&f[p.location.start..p.location.end], p.text);
}

#[test]
fn language_detection() {
    let es = Bill::from_text(
        "a",
        "El juez podrá ordenar la interceptación de las comunicaciones del imputado y los datos.",
    );
    let pt = Bill::from_text(
        "b",
        "O juiz poderá determinar a interceptação das comunicações do investigado e os dados da conta.",
    );
    let en = Bill::from_text(
        "c",
        "The judge shall order the interception of the communications of any person by the police.",
    );
    let langs = ["en".to_string(), "es".to_string(), "pt".to_string()];
    assert_eq!(detect_language(&es, &langs).as_deref(), Some("es"));
    assert_eq!(detect_language(&pt, &langs).as_deref(), Some("pt"));
    assert_eq!(detect_language(&en, &langs).as_deref(), Some("en"));
    assert_eq!(
        detect_language(&Bill::from_text("d", "Artículo 1."), &langs),
        None
    );
}

#[test]
fn passages_start_with_the_words_of_the_provision() {
    for (text, start) in [
        ("1.º Delitos dolosos castigados", "Delitos"),
        ("2. El juez podrá acordar", "El juez"),
        ("1 - Se no decurso do processo", "Se no"),
        ("§ 1º O pedido conterá", "O pedido"),
        ("§ 2º-A Em caso de urgência", "Em caso"),
        ("a) la identificación del número", "la identificación"),
        ("III – conteúdo das comunicações", "conteúdo"),
        ("Parágrafo único. A requisição", "A requisição"),
        ("El juez podrá acordar", "El juez"),
        ("2019 fue el año", "2019"),
    ] {
        assert!(text[list_label_len(text)..].starts_with(start), "{text}");
    }
    let t = "##### Artículo 588 octies. Orden de conservación de datos.";
    let r = strip_label(t, 0..t.len(), "Artículo 588 octies");
    assert_eq!(&t[r], "Orden de conservación de datos.");
    let t = "Art. 9º A interceptação será feita.";
    assert_eq!(
        &t[strip_label(t, 0..t.len(), "Art. 9º")],
        "A interceptação será feita."
    );
}

#[test]
fn a_part_after_a_gap_is_found_where_a_substring_search_finds_it() {
    let f = Folded::new(
        "El juez de garantías podrá ordenar la podrá ordenación, ñu podrá ordenarlo; podrá \
         ordenar. El juez, a solicitud fundada del fiscal y tras oír a la defensa en la audiencia \
         que al efecto se celebre, podrá ordenar",
    );
    let text = &f.text;
    // What following the parts finds, with a plain substring search in each window.
    let plain = |mut pos: usize, parts: &[&str], open_end: bool| -> Option<usize> {
        for (i, part) in parts.iter().enumerate() {
            let limit = floor(text, f.clause_end(pos).min(pos + GAP_BYTES).min(text.len()));
            let s = pos + text.get(pos..limit)?.find(part)?;
            if words_between(text, pos, s) > GAP_WORDS {
                return None;
            }
            let mut e = s + part.len();
            if i + 1 == parts.len() && open_end {
                e += text[e..].find(' ').unwrap_or(0);
            } else if text.as_bytes().get(e) != Some(&b' ') {
                return None;
            }
            pos = e;
        }
        Some(pos)
    };
    let mut found = 0;
    for (parts, open_end) in [
        (&[" podra ordenar"][..], false),
        (&[" podra ordenar"][..], true),
        (&[" podra ordenacion"][..], false),
        (&[" ordenar la", " ordenacion"][..], false),
        (&[" nu"][..], false),
        (&[" u"][..], false),
        (&[" nada"][..], false),
        (&[" el juez"][..], false),
    ] {
        let tail = Tail {
            parts: parts
                .iter()
                .map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned())
                .collect(),
            open_end,
        };
        let mut clause = ClauseCursor::default();
        for pos in (0..text.len()).filter(|&i| text.as_bytes()[i] == b' ') {
            let want = plain(pos, parts, open_end);
            found += usize::from(want.is_some());
            assert_eq!(
                follow_tail(&f, pos, &tail, &mut clause),
                want,
                "{parts:?} from {pos}"
            );
        }
    }
    // Enough of them are found for the comparison to mean something.
    assert!(found > 10, "{found}");
}
