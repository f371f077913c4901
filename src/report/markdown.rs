//! The Markdown report drawn in Rust: what `templates/report.md.hbs` renders with its partials
//! `gap.md.hbs` and `verification.md.hbs`, byte for byte (a test holds them equal over every
//! example, standard and language). The report is the command most often run, and its gaps are
//! most of its text: drawing it here spares every Markdown report the compiling of three
//! templates and the copying of its view into the template context. When `--templates DIR`
//! replaces any of the three, handlebars renders the report instead.

use std::fmt::Write as _;

use super::Messages;
use super::templates::md_escape_into;
use super::view::{BillView, GapView, ReportView, Row};

/// The templates this module stands for: a replacement of any of them is rendered by
/// handlebars.
pub const TEMPLATES: [&str; 3] = ["report.md.hbs", "gap.md.hbs", "verification.md.hbs"];

/// Markdown being written: text pushed as it is, or escaped as `{{…}}` escapes it.
struct Md {
    o: String,
}

impl Md {
    /// Escaped text (`{{x}}`).
    fn e(&mut self, s: &str) -> &mut Self {
        md_escape_into(&mut self.o, s);
        self
    }

    /// Text as it is (the template's own text, or `{{{x}}}`).
    fn s(&mut self, s: &str) -> &mut Self {
        self.o.push_str(s);
        self
    }

    /// A number (`{{n}}`: digits, nothing to escape).
    fn n(&mut self, n: usize) -> &mut Self {
        let _ = write!(self.o, "{n}");
        self
    }

    /// A label of the report's language, escaped.
    fn t(&mut self, t: &Messages, key: &str) -> &mut Self {
        self.e(&t[key])
    }

    /// A table's heading row of labels and its alignment row (`rule`, e.g. `|---|---:|`).
    fn header(&mut self, t: &Messages, keys: &[&str], rule: &str) -> &mut Self {
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                self.s(" | ");
            }
            self.t(t, key);
        }
        self.s(" |\n").s(rule).s("\n")
    }
}

impl ReportView {
    /// The report as Markdown: what `report.md.hbs` renders (see the module's note). The power
    /// matrix is `powers_matrix`, drawn beforehand.
    pub fn markdown(&self) -> String {
        let t = self.t;
        let mut m = Md {
            o: String::with_capacity(
                16 * 1024 + 1536 * (self.breaches.len() + self.unverified.len() + self.gaps.len()),
            ),
        };
        head(&mut m, t, self);
        red_lines(&mut m, t, self);
        tables(&mut m, t, self);
        tail(&mut m, t, self);
        m.o
    }
}

/// The heading, the table of what was assessed, and the verdict.
fn head(m: &mut Md, t: &Messages, v: &ReportView) {
    m.s("# ")
        .t(t, "report_title")
        .s(": ")
        .e(&v.instrument)
        .s("\n\n| | |\n|---|---|\n| ");
    m.t(t, "jurisdiction")
        .s(" | ")
        .e(&v.jurisdiction)
        .s(" |\n| ");
    m.t(t, "instrument").s(" | ").e(&v.instrument).s(" |\n");
    for (key, value) in [
        ("bill_version", &v.bill_version),
        ("assessor", &v.assessor),
        ("date", &v.date),
    ] {
        if !value.is_empty() {
            m.s("| ").t(t, key).s(" | ").e(value).s(" |\n");
        }
    }
    m.s("| ")
        .t(t, "checklist")
        .s(" | ")
        .e(&v.checklist_title)
        .s(" (`")
        .e(&v.checklist_id)
        .s("` ")
        .e(&v.checklist_version)
        .s(") |\n| ");
    m.t(t, "standard")
        .s(" | ")
        .e(&v.profile_title)
        .s(" |\n\n## ");
    m.t(t, "verdict").s(": ").e(&v.verdict.title).s("\n\n**");
    m.t(t, "score")
        .s(": ")
        .e(&v.score)
        .s("** ")
        .t(t, "score_of")
        .s(" (")
        .e(&v.range.note)
        .s(").");
    if !v.verdict.description.is_empty() {
        m.s(" ").e(&v.verdict.description);
    }
    m.s("\n\n");
    for (line, strong) in [
        (&v.verdict.breached, true),
        (&v.verdict.unverified, true),
        (&v.verdict.band, false),
        (&v.verdict.weakest, false),
    ] {
        if !line.is_empty() {
            if strong {
                m.s("- **").e(line).s("**\n");
            } else {
                m.s("- ").e(line).s("\n");
            }
        }
    }
    m.s("\n");
}

/// The red lines breached and not verified, each with its gaps.
fn red_lines(m: &mut Md, t: &Messages, v: &ReportView) {
    if v.breaches.is_empty() {
        m.t(t, "no_red_lines").s("\n");
    } else {
        m.s("## ")
            .t(t, "red_lines_breached")
            .s(" (")
            .n(v.breaches.len())
            .s(")\n\n")
            .t(t, "red_lines_intro")
            .s("\n\n");
        for g in &v.breaches {
            gap(m, t, g);
        }
    }
    if !v.unverified.is_empty() {
        m.s("\n## ")
            .t(t, "red_lines_not_verified")
            .s(" (")
            .n(v.unverified.len())
            .s(")\n\n")
            .t(t, "red_lines_not_verified_intro")
            .s("\n\n");
        for g in &v.unverified {
            gap(m, t, g);
        }
    }
}

/// The scores by standard, by area and by lens.
fn tables(m: &mut Md, t: &Messages, v: &ReportView) {
    m.s("\n## ")
        .t(t, "scores_by_standard")
        .s("\n\n")
        .t(t, "scores_by_standard_intro")
        .s("\n\n| ")
        .header(
            t,
            &[
                "standard",
                "score",
                "could_reach",
                "verified",
                "verdict",
                "red_lines_breached",
                "red_lines_not_verified",
                "gaps",
            ],
            "|---|---:|---:|---:|---|---:|---:|---:|",
        );
    for p in &v.profiles {
        m.s("| ");
        if p.current {
            m.s("**").e(&p.title).s("**");
        } else {
            m.e(&p.title);
        }
        m.s(" | ");
        range_cells(m, p);
        m.e(&p.verdict)
            .s(" | ")
            .n(p.breaches)
            .s(" | ")
            .n(p.unverified)
            .s(" | ")
            .n(p.gaps)
            .s(" |\n");
    }
    m.s("\n")
        .t(t, "coverage_explained")
        .s("\n\n## ")
        .t(t, "scores_by_area")
        .s("\n\n| ")
        .header(
            t,
            &[
                "area",
                "score",
                "could_reach",
                "verified",
                "applicable",
                "gaps",
            ],
            "|---|---:|---:|---:|---:|---:|",
        );
    for a in &v.areas {
        m.s("| ").e(&a.title).s(" | ");
        range_cells(m, a);
        m.n(a.applicable).s(" | ").n(a.gaps).s(" |\n");
    }
    if !v.lenses.is_empty() {
        m.s("\n### ").t(t, "lenses").s("\n\n| ").header(
            t,
            &["lens", "score", "could_reach", "verified", "applicable"],
            "|---|---:|---:|---:|---:|",
        );
        for l in &v.lenses {
            m.s("| ").e(&l.title).s(" | ");
            range_cells(m, l);
            m.n(l.applicable).s(" |\n");
        }
    }
}

/// The counts, the power matrix, the other gaps, the check against the bill, the references
/// and the digests.
fn tail(m: &mut Md, t: &Messages, v: &ReportView) {
    m.s("\n## ").t(t, "counts_heading").s("\n\n");
    for c in &v.counts {
        m.s("- ").n(c.n).s(" ").e(&c.label).s("\n");
    }
    m.s("\n## ")
        .t(t, "powers_heading")
        .s("\n\n")
        .t(t, "powers_intro")
        .s("\n\n")
        .s(&v.powers_matrix)
        .s("\n\n## ")
        .t(t, "gaps_heading")
        .s("\n\n");
    if v.gaps.is_empty() {
        m.t(t, "no_gaps").s("\n");
    } else {
        for g in &v.gaps {
            gap(m, t, g);
        }
    }
    if let Some(bill) = &v.bill {
        m.s("\n");
        verification(m, t, bill);
    }
    if !v.references.is_empty() {
        m.s("\n## ").t(t, "references").s("\n\n");
        for r in &v.references {
            m.n(r.number).s(". ").e(&r.full);
            if !r.url.is_empty() {
                m.s(" <").s(&r.url).s(">");
            }
            if !r.note.is_empty() {
                m.s(" (").e(&r.note).s(")");
            }
            m.s("\n");
        }
    }
    m.s("\n---\n\n")
        .t(t, "integrity")
        .s(": ")
        .t(t, "checklist_sha")
        .s(" `")
        .e(&v.checklist_sha256)
        .s("`; ")
        .t(t, "answers_sha")
        .s(" `")
        .e(&v.answers_sha256)
        .s("`. ")
        .t(t, "generated_by")
        .s(" ")
        .e(&v.tool)
        .s(".\n");
}

/// A row's score, ceiling and verified share, each followed by its cell's end.
fn range_cells(m: &mut Md, r: &Row) {
    m.e(&r.range.score)
        .s(" | ")
        .e(&r.range.ceiling)
        .s(" | ")
        .e(&r.range.coverage)
        .s(" | ");
}

/// One gap: what `gap.md.hbs` renders.
fn gap(m: &mut Md, t: &Messages, g: &GapView) {
    m.s("### ")
        .e(&g.question)
        .s("\n\n`")
        .e(&g.id)
        .s("` · ")
        .e(&g.area);
    if !g.facet.is_empty() {
        m.s(" · ").e(&g.facet);
    }
    m.s(" · ").t(t, "severity").s(": ").e(&g.severity);
    if g.breach {
        m.s(" · **").t(t, "red_line_breached").s("**");
    } else if g.unverified_red_line {
        m.s(" · **").t(t, "red_line_unverified").s("**");
    } else if g.red_line {
        m.s(" · ").t(t, "red_line_not_breached");
    }
    m.s("\n\n- **").t(t, "answer").s(":** ").e(&g.answer);
    if !g.status.is_empty() {
        m.s(" (").e(&g.status).s(")");
    }
    if !g.breach_note.is_empty() {
        m.s(" — ").e(&g.breach_note);
    }
    m.s("\n");
    if !g.note.is_empty() {
        m.s("- **").t(t, "note").s(":** ").e(&g.note).s("\n");
    }
    if g.evidence.is_empty() {
        m.s("- **")
            .t(t, "evidence")
            .s(":** ")
            .t(t, "no_evidence")
            .s("\n");
    } else {
        m.s("- **").t(t, "evidence").s(":**\n");
        for ev in &g.evidence {
            m.s("  - ");
            if !ev.article.is_empty() {
                m.e(&ev.article);
            }
            if !ev.quote.is_empty() {
                m.s(": «").e(&ev.quote).s("»");
            }
            if !ev.check.is_empty() {
                m.s(" — ");
                if ev.flagged {
                    m.s("**⚠ ").e(&ev.check).s("**");
                } else {
                    m.e(&ev.check);
                }
            }
            m.s("\n");
        }
    }
    m.s("- **")
        .t(t, "what_counts_as_yes")
        .s(":** ")
        .e(&g.full_answer)
        .s("\n- **")
        .t(t, "remediation")
        .s(":** ")
        .e(&g.remediation)
        .s("\n- **")
        .t(t, "citations")
        .s(":** ");
    for (i, c) in g.cites.iter().enumerate() {
        if i > 0 {
            m.s("; ");
        }
        m.s("[").n(c.number).s("] ").e(&c.short);
        if !c.pin.is_empty() {
            m.s(", ").e(&c.pin);
        }
    }
    m.s("\n\n");
}

/// `{{n}} {{plural n "key"}}`: a count and its label, singular when it is 1 and the label has
/// a singular form.
fn counted(m: &mut Md, t: &Messages, n: usize, key: &str) {
    let label = if n == 1 {
        t.get(&format!("{key}_one")).unwrap_or(&t[key])
    } else {
        &t[key]
    };
    m.n(n).s(" ").s(label);
}

/// The check of the evidence against the bill: what `verification.md.hbs` renders.
fn verification(m: &mut Md, t: &Messages, b: &BillView) {
    m.s("## ")
        .t(t, "bill_heading")
        .s("\n\n")
        .t(t, "bill_intro")
        .s(" ")
        .e(&b.files)
        .s(".\n\n- ");
    counted(m, t, b.quotes, "bill_quotes");
    m.s(": ");
    counted(m, t, b.exact, "bill_exact");
    m.s(", ");
    counted(m, t, b.normalised, "bill_normalised");
    m.s(", **");
    counted(m, t, b.not_found, "bill_not_found");
    m.s("**; ");
    counted(m, t, b.elsewhere, "bill_elsewhere");
    m.s(".\n- ");
    counted(m, t, b.articles, "bill_articles");
    m.s(": **");
    counted(m, t, b.articles_not_found, "bill_articles_not_found");
    m.s("**.\n");
    if b.problems.is_empty() {
        m.s("\n").t(t, "bill_all_found").s("\n");
    } else {
        m.s("\n### ").t(t, "bill_problems").s("\n\n");
        for p in &b.problems {
            m.s("- `").e(&p.id).s("`");
            if !p.article.is_empty() {
                m.s(" · ").e(&p.article);
            }
            if !p.quote.is_empty() {
                m.s(": «").e(&p.quote).s("»");
            }
            m.s(" — **⚠ ").e(&p.problem).s("**");
            if !p.closest.is_empty() {
                m.s(". ")
                    .t(t, "bill_closest")
                    .s(" (")
                    .e(&p.closest_at)
                    .s("): «")
                    .e(&p.closest)
                    .s("»");
            }
            m.s("\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess;
    use crate::bill::Bill;
    use crate::catalog::{Catalog, embedded};
    use crate::report::Templates;
    use crate::source::SourceFile;

    /// The bundled mixed example, scored and checked against a one-article bill.
    fn mixed_with_a_bill() -> (assess::Assessment, crate::result::Report) {
        let catalog = Catalog::default();
        let (name, text) = embedded::EXAMPLES
            .iter()
            .find(|(n, _)| *n == "mixed.toml")
            .unwrap();
        let (a, _) = assess::load(SourceFile::new(*name, *text), &catalog, None, &[]);
        let a = a.unwrap();
        let c = &a.checklist;
        let mut r = crate::evaluate::evaluate(c, &a.answers, &a.sha256, &c.header.default_profile);
        let bill = Bill::from_text("b.md", "Artículo 1. Nada.\n");
        crate::verify::apply(&mut r, &bill);
        (a, r)
    }

    /// The report drawn here and by the embedded templates.
    fn both_ways(v: &ReportView, t: &Templates, what: &str) {
        let drawn = v.markdown();
        let rendered = t.render_md("report.md.hbs", v).unwrap();
        if drawn != rendered {
            let line = drawn
                .lines()
                .zip(rendered.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{what}: first difference at line {}\nhere:     {:?}\ntemplate: {:?}",
                line + 1,
                drawn.lines().nth(line),
                rendered.lines().nth(line)
            );
        }
    }

    #[test]
    fn the_report_drawn_here_is_what_the_templates_render() {
        let templates = Templates::new(None).unwrap();
        let catalog = Catalog::default();
        let bill_text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/mixed-bill.md"
        ))
        .unwrap();
        let bill = Bill::from_text("mixed-bill.md", &bill_text);
        let mut seen = [0usize; 5];
        for (name, text) in embedded::EXAMPLES
            .iter()
            .filter(|(n, _)| n.ends_with(".toml"))
        {
            let (a, d) = assess::load(SourceFile::new(*name, *text), &catalog, None, &[]);
            let a = a.unwrap_or_else(|| panic!("{name}: {}", d.render()));
            let c = &a.checklist;
            for profile in &c.profiles {
                let mut r = crate::evaluate::evaluate(c, &a.answers, &a.sha256, &profile.id);
                for lang in &c.header.languages {
                    let mut v = ReportView::new(&r, c, lang);
                    v.powers_matrix = v.powers.markdown(v.t);
                    seen[0] += usize::from(!v.breaches.is_empty());
                    seen[1] += usize::from(!v.unverified.is_empty());
                    seen[2] += usize::from(v.gaps.is_empty());
                    seen[3] += usize::from(!v.lenses.is_empty());
                    both_ways(&v, &templates, &format!("{name} {} {lang}", profile.id));
                }
                crate::verify::apply(&mut r, &bill);
                for lang in &c.header.languages {
                    let mut v = ReportView::new(&r, c, lang);
                    v.powers_matrix = v.powers.markdown(v.t);
                    let b = v.bill.as_ref().unwrap();
                    seen[4] += usize::from(!b.problems.is_empty());
                    both_ways(
                        &v,
                        &templates,
                        &format!("{name} {} {lang} with the bill", profile.id),
                    );
                }
            }
        }
        assert!(seen.iter().all(|n| *n > 0), "every part drawn: {seen:?}");
    }

    /// Every text a reader or the checklist wrote, made of markup.
    fn with_markup(v: &mut ReportView, nasty: &str) {
        for s in [
            &mut v.instrument,
            &mut v.jurisdiction,
            &mut v.bill_version,
            &mut v.assessor,
            &mut v.date,
            &mut v.checklist_title,
            &mut v.profile_title,
            &mut v.score,
            &mut v.verdict.title,
            &mut v.verdict.description,
            &mut v.verdict.breached,
            &mut v.verdict.unverified,
            &mut v.verdict.band,
            &mut v.verdict.weakest,
            &mut v.range.note,
        ] {
            *s = nasty.into();
        }
        for g in v
            .breaches
            .iter_mut()
            .chain(v.unverified.iter_mut())
            .chain(v.gaps.iter_mut())
        {
            for s in [
                &mut g.question,
                &mut g.id,
                &mut g.area,
                &mut g.facet,
                &mut g.severity,
                &mut g.answer,
                &mut g.status,
                &mut g.breach_note,
                &mut g.note,
                &mut g.full_answer,
                &mut g.remediation,
            ] {
                *s = nasty.into();
            }
            for e in &mut g.evidence {
                e.article = nasty.into();
                e.quote = nasty.into();
                e.check = nasty.into();
            }
            for ci in &mut g.cites {
                ci.short = nasty.into();
                ci.pin = nasty.into();
            }
        }
        for row in v
            .profiles
            .iter_mut()
            .chain(&mut v.areas)
            .chain(&mut v.lenses)
        {
            row.title = nasty.into();
            row.verdict = nasty.into();
            row.range.score = nasty.into();
        }
        for count in &mut v.counts {
            count.label = nasty.into();
        }
        for s in &mut v.references {
            s.full = nasty.into();
            s.note = nasty.into();
        }
        let b = v.bill.as_mut().unwrap();
        b.files = nasty.into();
        for p in &mut b.problems {
            p.id = nasty.into();
            p.article = nasty.into();
            p.quote = nasty.into();
            p.problem = nasty.into();
            p.closest = nasty.into();
            p.closest_at = nasty.into();
        }
    }

    /// Each part of a report in its other shape: empty, absent, one of each.
    fn other_shapes(v: &mut ReportView) {
        for g in v.gaps.iter_mut().take(3) {
            g.facet.clear();
            g.status.clear();
            g.breach_note.clear();
            g.note.clear();
            g.evidence.clear();
            g.cites.truncate(1);
            g.cites.iter_mut().for_each(|ci| ci.pin.clear());
            g.red_line = true;
        }
        for g in v.gaps.iter_mut().skip(3).take(3) {
            for e in &mut g.evidence {
                e.article.clear();
                e.check.clear();
            }
            g.unverified_red_line = true;
        }
        for g in v.gaps.iter_mut().skip(6).take(3) {
            for e in &mut g.evidence {
                e.quote.clear();
                e.flagged = !e.flagged;
            }
            g.cites.clear();
        }
        for p in v.profiles.iter_mut() {
            p.current = !p.current;
        }
        for s in v.references.iter_mut().step_by(2) {
            s.url.clear();
            s.note.clear();
        }
        let b = v.bill.as_mut().unwrap();
        (b.quotes, b.exact, b.normalised, b.not_found) = (1, 1, 0, 1);
        (b.elsewhere, b.articles, b.articles_not_found) = (2, 1, 1);
        for p in &mut b.problems {
            p.article.clear();
            p.quote.clear();
            p.closest.clear();
        }
    }

    #[test]
    fn every_part_and_markup_is_drawn_as_the_templates_do() {
        let templates = Templates::new(None).unwrap();
        let (a, r) = mixed_with_a_bill();
        let c = &a.checklist;
        let nasty = "<b>a|b</b> *c* _d_ [e](f) `g` = 'h' & \"i\" #j ~k\\\r\nl";
        for lang in ["en", "es", "pt"] {
            let mut v = ReportView::new(&r, c, lang);
            // The matrix is drawn (and escaped) beforehand, and goes in as it is.
            v.powers_matrix = "| *x* |\n|---|".into();
            both_ways(&v, &templates, "as made");
            with_markup(&mut v, nasty);
            let drawn = v.markdown();
            assert!(!drawn.contains("<b>") && drawn.contains("\\<b\\>a\\|b"));
            both_ways(&v, &templates, "markup in every text");

            other_shapes(&mut v);
            both_ways(&v, &templates, "parts in their other shape");
            for s in [
                &mut v.bill_version,
                &mut v.assessor,
                &mut v.date,
                &mut v.verdict.description,
                &mut v.verdict.breached,
                &mut v.verdict.unverified,
                &mut v.verdict.band,
                &mut v.verdict.weakest,
            ] {
                s.clear();
            }
            v.bill.as_mut().unwrap().problems.clear();
            v.lenses.clear();
            v.references.clear();
            v.counts.clear();
            both_ways(&v, &templates, "optional parts left out");
            v.breaches.clear();
            both_ways(&v, &templates, "no red line breached");
            v.unverified.clear();
            v.gaps.clear();
            v.bill = None;
            v.areas.clear();
            v.profiles.clear();
            both_ways(&v, &templates, "no gaps at all");
        }
    }

    #[test]
    fn a_replaced_report_gap_or_verification_template_is_rendered() {
        let (a, r) = mixed_with_a_bill();
        let c = &a.checklist;
        let render = |dir: Option<&std::path::Path>| {
            let t = Templates::new(dir).unwrap();
            crate::report::render(&r, c, "pt", crate::report::Format::Md, &t).unwrap()
        };
        let drawn = render(None);
        for (file, mark) in [
            ("report.md.hbs", "REPORT {{len gaps}}\n"),
            ("gap.md.hbs", "GAP {{id}}\n"),
            ("verification.md.hbs", "BILL {{bill.quotes}}\n"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(file), mark).unwrap();
            let out = render(Some(dir.path()));
            let head = mark.split(' ').next().unwrap();
            assert!(out.contains(head), "{file}: {out}");
            assert_ne!(out, drawn, "{file}");
        }
    }
}
