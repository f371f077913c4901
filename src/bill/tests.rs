use super::*;

fn keys(text: &str) -> Vec<(String, String)> {
    segment(text)
        .into_iter()
        .filter(|a| a.kind == SegmentKind::Article && a.parent.is_none())
        .map(|a| (a.key.unwrap(), a.label))
        .collect()
}

#[test]
fn spanish_headings() {
    let text = "PROYECTO DE LEY\n\nArtículo 1.- Objeto. Esta ley regula...\nconforme al\nartículo 14 de la Ley 19.223.\n\
                ARTÍCULO 2°. Definiciones.\nArt. 3.- Ámbito.\n**Artículo 14 bis.** Urgencia.\n\
                ARTÍCULO DECIMOCUARTO\nTexto.\nArtículo vigésimo primero: Texto.\nArtículo único. Texto.\n";
    assert_eq!(
        keys(text),
        [
            ("1".into(), "Artículo 1".into()),
            ("2".into(), "ARTÍCULO 2°".into()),
            ("3".into(), "Art. 3".into()),
            ("14bis".into(), "Artículo 14 bis".into()),
            ("14".into(), "ARTÍCULO DECIMOCUARTO".into()),
            ("21".into(), "Artículo vigésimo primero".into()),
            ("unico".into(), "Artículo único".into()),
        ]
    );
    // The reference wrapped to the start of a line stays in article 1.
    let segs = segment(text);
    let a1 = segs.iter().find(|a| a.key.as_deref() == Some("1")).unwrap();
    assert!(text[a1.span.clone()].contains("artículo 14 de la Ley"));
    assert_eq!(segs[0].kind, SegmentKind::Preamble);
}

#[test]
fn portuguese_headings_and_paragraphs() {
    let text = "Art. 1º Esta Lei dispõe sobre...\n\nArt. 9º A interceptação...\n\
                § 1º O pedido...\n§ 2º-A Em caso...\nParágrafo único. Texto.\nI - dados;\nII – conteúdo;\n\
                Art. 10-A. Texto.\nArt. 10. Texto.\nArtigo 14.º Texto\n“Art. 15. Texto citado.”\n";
    assert_eq!(
        keys(text),
        [
            ("1".into(), "Art. 1º".into()),
            ("9".into(), "Art. 9º".into()),
            ("10a".into(), "Art. 10-A".into()),
            ("10".into(), "Art. 10".into()),
            ("14".into(), "Artigo 14.º".into()),
        ]
    );
    let segs = segment(text);
    let a9 = segs.iter().find(|a| a.key.as_deref() == Some("9")).unwrap();
    let ps: Vec<&str> = a9.paragraphs.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(ps, ["1", "2a", "unico", "i", "ii"]);
    // The quoted article of an amended law is a segment inside the amending article.
    let i14 = segs
        .iter()
        .position(|a| a.key.as_deref() == Some("14"))
        .unwrap();
    let quoted = segs
        .iter()
        .find(|a| a.label == "Artigo 14.º › Art. 15")
        .unwrap();
    assert_eq!(quoted.parent, Some(i14));
    assert_eq!(quoted.key, None);
    assert!(text[quoted.span.clone()].contains("Texto citado."));
    let bill = Bill::from_text("b.txt", text);
    let f = &bill.files[0];
    let at = f.article_at(text.find("Texto citado").unwrap()).unwrap();
    assert_eq!(f.lineage(at), [at, i14]);
    assert_eq!(f.article_count(), 5);
}

#[test]
fn letters_and_latin_suffixes_after_the_number() {
    let text = "##### Artículo 588 bis a. Principios.\nTexto.\n##### Artículo 588 ter k. Otro.\n\
                #### Artículo 226 A\nA.- Ámbito.\n#### Artículo 225 QUÁTER\nTexto.\n\
                ##### Artículo 52-BIS\n(Decomiso).- Texto.\nArt. 9º A interceptação será feita.\n";
    assert_eq!(
        keys(text),
        [
            ("588bisa".into(), "Artículo 588 bis a".into()),
            ("588terk".into(), "Artículo 588 ter k".into()),
            ("226a".into(), "Artículo 226 A".into()),
            ("225quater".into(), "Artículo 225 QUÁTER".into()),
            ("52bis".into(), "Artículo 52-BIS".into()),
            ("9".into(), "Art. 9º".into()),
        ]
    );
    // A range in a reference is not a letter suffix.
    assert_eq!(
        refs("arts. 14 a 16"),
        [r("14", &[]), r("15", &[]), r("16", &[])]
    );
    assert_eq!(refs("Artículo 588 bis a"), [r("588bisa", &[])]);
}

#[test]
fn a_quotation_opened_above_its_heading_stays_in_the_quoting_article() {
    let text = "Art. 24. O art. 288 passa a vigorar com a seguinte redação:\n\
                “ Associação Criminosa\nArt. 288. Associarem-se 3 pessoas.\nPena - reclusão.” (NR)\n\
                Art. 25. Texto.\nSeção V-A\nDa Infiltração\nArt. 26. Texto.\n";
    assert_eq!(
        keys(text),
        [
            ("24".into(), "Art. 24".into()),
            ("25".into(), "Art. 25".into()),
            ("26".into(), "Art. 26".into()),
        ]
    );
    let segs = segment(text);
    assert!(segs.iter().any(|a| a.label == "Art. 24 › Art. 288"));
    let a26 = segs
        .iter()
        .find(|a| a.key.as_deref() == Some("26"))
        .unwrap();
    assert_eq!(a26.division(), Some("Seção V-A — Da Infiltração"));
    // Headings nest: a section inside a chapter keeps the chapter.
    let text = "CAPÍTULO V. La interceptación\nSección 1.ª Disposiciones generales\nArtículo 1. A.\n\
                Sección 2.ª Otras\nArtículo 2. B.\nCAPÍTULO VI. Otro\nArtículo 3. C.\n";
    let segs = segment(text);
    let chain = |k: &str| {
        segs.iter()
            .find(|a| a.key.as_deref() == Some(k))
            .unwrap()
            .divisions
            .to_vec()
    };
    assert_eq!(
        chain("1"),
        [
            "CAPÍTULO V. La interceptación",
            "Sección 1.ª Disposiciones generales"
        ]
    );
    assert_eq!(
        chain("2"),
        ["CAPÍTULO V. La interceptación", "Sección 2.ª Otras"]
    );
    assert_eq!(chain("3"), ["CAPÍTULO VI. Otro"]);
}

#[test]
fn english_headings_and_divisions() {
    let text = "# Cybercrime Bill\n\nPART 2\nINVESTIGATIVE POWERS\n\n## Section 14. Interception\n\n(1) A judge may...\n(2) The order...\n  (a) shall...\n\
                Article 15\nText.\nSEC. 16. OVERSIGHT.\nText.\nChapter 3 — Remedies\nSection 17A. Text.\n";
    assert_eq!(
        keys(text),
        [
            ("14".into(), "Section 14".into()),
            ("15".into(), "Article 15".into()),
            ("16".into(), "SEC. 16".into()),
            ("17a".into(), "Section 17A".into()),
        ]
    );
    let segs = segment(text);
    let s14 = segs
        .iter()
        .find(|a| a.key.as_deref() == Some("14"))
        .unwrap();
    assert_eq!(s14.division(), Some("PART 2 — INVESTIGATIVE POWERS"));
    let ps: Vec<&str> = s14.paragraphs.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(ps, ["1", "2", "a"]);
    let s16 = segs
        .iter()
        .find(|a| a.key.as_deref() == Some("16"))
        .unwrap();
    // Chapter 3 ends section 16.
    assert!(!text[s16.span.clone()].contains("Remedies"));
    let s17 = segs
        .iter()
        .find(|a| a.key.as_deref() == Some("17a"))
        .unwrap();
    assert_eq!(s17.division(), Some("Chapter 3 — Remedies"));
}

#[test]
fn files_without_articles_fall_back_to_blocks() {
    let segs = segment("First block\nstill first.\n\n\nSecond block.\n");
    assert_eq!(segs.len(), 2);
    assert!(segs.iter().all(|a| a.kind == SegmentKind::Block));
    assert_eq!(segs[1].label, "¶ 2");
}

fn refs(s: &str) -> Vec<(String, Vec<String>)> {
    parse_reference(s)
        .into_iter()
        .map(|r| (r.key, r.paragraphs))
        .collect()
}

fn r(k: &str, ps: &[&str]) -> (String, Vec<String>) {
    (k.into(), ps.iter().map(|p| p.to_string()).collect())
}

#[test]
fn reads_references() {
    assert_eq!(refs("Art. 14(3)"), [r("14", &["3"])]);
    assert_eq!(refs("Artículo 14"), [r("14", &[])]);
    assert_eq!(refs("art. 14, § 3º"), [r("14", &["3"])]);
    assert_eq!(refs("Arts. 14 y 15"), [r("14", &[]), r("15", &[])]);
    assert_eq!(
        refs("arts. 14-16"),
        [r("14", &[]), r("15", &[]), r("16", &[])]
    );
    assert_eq!(refs("Artigo 9º, parágrafo único"), [r("9", &["unico"])]);
    assert_eq!(refs("Section 14(2)(b)"), [r("14", &["2", "b"])]);
    assert_eq!(refs("Art. 10-A"), [r("10a", &[])]);
    assert_eq!(refs("Art. 14 bis"), [r("14bis", &[])]);
    assert_eq!(refs("Artículo decimocuarto"), [r("14", &[])]);
    assert_eq!(refs("art. 9, III"), [r("9", &["iii"])]);
    assert_eq!(refs("Artículo 14, inciso 2"), [r("14", &["2"])]);
    assert_eq!(refs("Art. 14.2"), [r("14.2", &[])]);
    assert_eq!(refs("14(3)"), [r("14", &["3"])]);
    assert_eq!(refs("Art. 9 and art. 12"), [r("9", &[]), r("12", &[])]);
    assert!(refs("Preamble").is_empty());
    assert!(refs("Exposición de motivos").is_empty());
}

#[test]
fn resolves_references_in_a_bill() {
    let bill = Bill::from_text(
        "b.txt",
        "Artículo 14. Interceptación.\n1. El juez...\n2. La orden...\nArtículo 15. Otro.\n",
    );
    let ok = |s: &str| {
        parse_reference(s)
            .iter()
            .map(|r| bill.resolve(r))
            .collect::<Vec<_>>()
    };
    assert!(matches!(
        ok("Art. 14(2)")[0],
        RefOutcome::Found { ref missing_paragraphs, .. } if missing_paragraphs.is_empty()
    ));
    assert!(matches!(
        ok("Art. 14.2")[0],
        RefOutcome::Found { ref missing_paragraphs, .. } if missing_paragraphs.is_empty()
    ));
    assert!(matches!(
        ok("Art. 14(3)")[0],
        RefOutcome::Found { ref missing_paragraphs, .. } if missing_paragraphs == &["3".to_string()]
    ));
    assert_eq!(ok("Art. 16")[0], RefOutcome::NotFound);
}

#[test]
fn ordinals_and_roman_numerals() {
    assert_eq!(ordinal("decimocuarto").as_deref(), Some("14"));
    assert_eq!(ordinal("vigesimoprimero").as_deref(), Some("21"));
    assert_eq!(ordinal("decimoprimeiro").as_deref(), Some("11"));
    assert_eq!(ordinal("primero").as_deref(), Some("1"));
    assert_eq!(ordinal("cuarenta"), None);
    assert_eq!(roman("XIV"), Some(14));
    assert_eq!(roman("IX"), Some(9));
    assert_eq!(roman("ABC"), None);
}
