//! Rendering a [`ScanReport`]: Markdown, self-contained HTML, or JSON. A pure function of the
//! report plus the checklist's texts in the language asked for.

use serde::Serialize;

use super::result::{Mark, MarkKind, Reason, ScanPassage, ScanReport, Signal};
use crate::checklist::Checklist;
use crate::model::ItemKind;
use crate::report::{Messages, RenderError, Templates, md_escape, messages};
use crate::result::BillLocation;

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanFormat {
    /// Markdown, matches in bold.
    Md,
    /// One self-contained HTML page (no scripts, no network), matches highlighted.
    Html,
    /// The scan result as JSON (schemas/scan.schema.json).
    Json,
}

/// A passage as shown.
#[derive(Debug, Serialize)]
pub struct PassageView {
    pub place: String,
    /// Escaped Markdown with the marks.
    pub md: String,
    /// Escaped HTML with the marks.
    pub html: String,
}

/// An article as shown.
#[derive(Debug, Serialize)]
pub struct ArticleView {
    pub label: String,
    pub place: String,
    pub division: String,
    pub score: u32,
    pub indicators: String,
    pub red_flags: String,
    pub topics: String,
    pub passages: Vec<PassageView>,
}

/// An item as shown.
#[derive(Debug, Serialize)]
pub struct ItemView {
    pub id: String,
    pub question: String,
    pub kind: String,
    pub signal: String,
    pub signal_class: String,
    pub articles: Vec<ArticleView>,
}

/// An area as shown.
#[derive(Debug, Serialize)]
pub struct AreaView {
    pub title: String,
    pub items: Vec<ItemView>,
}

/// A red flag as shown.
#[derive(Debug, Serialize)]
pub struct RedFlagView {
    pub text: String,
    pub place: String,
    pub phrases: String,
    pub reason: String,
    pub items: String,
}

/// A count and what it counts.
#[derive(Debug, Serialize)]
pub struct CountLine {
    pub n: usize,
    pub label: String,
}

/// Everything `scan.md.hbs` and `scan.html.hbs` see.
#[derive(Debug, Serialize)]
pub struct ScanView {
    pub t: &'static Messages,
    pub lang: String,
    pub checklist_title: String,
    pub checklist_id: String,
    pub checklist_version: String,
    pub checklist_sha256: String,
    pub files: Vec<String>,
    pub text_language: String,
    pub language_how: String,
    pub counts: Vec<CountLine>,
    pub areas: Vec<AreaView>,
    pub red_flags: Vec<RedFlagView>,
    pub red_flags_truncated: String,
    pub tool: String,
}

fn place(l: &BillLocation) -> String {
    format!("{}:{}:{}", l.file, l.line, l.column)
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

fn reason_label(t: &Messages, r: Reason) -> String {
    match r {
        Reason::Phrase => String::new(),
        Reason::Negated => t["scan_reason_negated"].clone(),
        Reason::Prohibition => t["scan_reason_prohibition"].clone(),
        Reason::NegatedRedFlag => t["scan_reason_negated_red_flag"].clone(),
    }
}

/// The passage text with its marks, in Markdown or HTML.
fn marked(t: &Messages, p: &ScanPassage, html: bool) -> String {
    let esc = |s: &str| {
        if html { html_escape(s) } else { md_escape(s) }
    };
    let mut out = String::new();
    let mut at = 0;
    let mut marks: Vec<&Mark> = p.marks.iter().collect();
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    for m in marks {
        if m.start < at || m.end > p.text.len() || m.start >= m.end {
            continue;
        }
        out.push_str(&esc(&p.text[at..m.start]));
        let words = esc(&p.text[m.start..m.end]);
        let reason = reason_label(t, m.reason);
        if html {
            let class = match m.kind {
                MarkKind::Indicator => "ind",
                MarkKind::RedFlag => "red",
                MarkKind::Topic => "topic",
                MarkKind::Neutral => "neutral",
            };
            let kind = match m.kind {
                MarkKind::Indicator => &t["scan_indicator"],
                MarkKind::RedFlag => &t["scan_red_flag"],
                MarkKind::Topic => &t["scan_topic"],
                MarkKind::Neutral => &t["scan_reason_negated_red_flag"],
            };
            let title = if reason.is_empty() {
                format!("{kind}: {}", m.phrase)
            } else {
                format!("{kind} ({reason}): {}", m.phrase)
            };
            out.push_str(&format!(
                "<mark class=\"{class}\" title=\"{}\">{words}</mark>",
                html_escape(&title)
            ));
        } else {
            let note = if reason.is_empty() {
                String::new()
            } else {
                format!(" ({})", md_escape(&reason))
            };
            match m.kind {
                MarkKind::Indicator => out.push_str(&format!("**{words}**{note}")),
                MarkKind::RedFlag => out.push_str(&format!("**{words}** ⚠{note}")),
                MarkKind::Topic => out.push_str(&format!("_{words}_")),
                MarkKind::Neutral => out.push_str(&format!("{words}{note}")),
            }
        }
        at = m.end;
    }
    out.push_str(&esc(&p.text[at..]));
    out
}

fn signal_label(t: &Messages, s: Signal) -> String {
    t[&format!("scan_signal_{}", s.as_str().replace('-', "_"))].clone()
}

impl ScanView {
    /// The view of a scan in a language.
    pub fn new(r: &ScanReport, c: &Checklist, lang: &str) -> Self {
        let t = messages(lang);
        let mut areas: Vec<AreaView> = Vec::new();
        for area in &c.areas {
            let items: Vec<ItemView> = r
                .items
                .iter()
                .filter(|i| i.area == area.id && i.signal != Signal::NoPhrases)
                .map(|i| {
                    let question = c
                        .item(&i.id)
                        .map(|it| c.text(&it.question, lang).to_string())
                        .unwrap_or_default();
                    ItemView {
                        id: i.id.clone(),
                        question,
                        kind: t[if i.kind == ItemKind::Power {
                            "kind_power"
                        } else {
                            "kind_safeguard"
                        }]
                        .clone(),
                        signal: signal_label(t, i.signal),
                        signal_class: i.signal.as_str().to_string(),
                        articles: i
                            .articles
                            .iter()
                            .map(|a| ArticleView {
                                label: a.label.clone(),
                                place: place(&a.location),
                                division: a.division.clone().unwrap_or_default(),
                                score: a.score,
                                indicators: a.indicators.join(" · "),
                                red_flags: a.red_flags.join(" · "),
                                topics: a.topics.join(" · "),
                                passages: a
                                    .passages
                                    .iter()
                                    .map(|p| PassageView {
                                        place: place(&p.location),
                                        md: marked(t, p, false),
                                        html: marked(t, p, true),
                                    })
                                    .collect(),
                            })
                            .collect(),
                    }
                })
                .collect();
            if !items.is_empty() {
                areas.push(AreaView {
                    title: c.text(&area.title, lang).to_string(),
                    items,
                });
            }
        }
        let red_flags = r
            .red_flags
            .iter()
            .map(|f| RedFlagView {
                text: f.text.clone(),
                place: match &f.location.article {
                    Some(a) => format!("{} ({a})", place(&f.location)),
                    None => place(&f.location),
                },
                phrases: f.phrases.join(" · "),
                reason: reason_label(t, f.reason),
                items: f.items.join(", "),
            })
            .collect();
        let k = &r.counts;
        ScanView {
            t,
            lang: lang.to_string(),
            checklist_title: c.text(&c.header.title, lang).to_string(),
            checklist_id: r.checklist.id.clone(),
            checklist_version: r.checklist.version.clone(),
            checklist_sha256: r.checklist.sha256.clone(),
            files: r
                .files
                .iter()
                .map(|f| format!("{} ({} bytes, SHA-256 {})", f.name, f.bytes, f.sha256))
                .collect(),
            text_language: r.text_language.clone(),
            language_how: t[if r.language_detected {
                "scan_detected"
            } else {
                "scan_given"
            }]
            .clone(),
            counts: [
                (k.articles, "scan_count_articles"),
                (k.items, "scan_count_items"),
                (k.with_indicators, "scan_count_indicators"),
                (k.with_red_flags, "scan_count_red_flags"),
                (k.not_found, "scan_count_not_found"),
            ]
            .into_iter()
            .map(|(n, key)| CountLine {
                n,
                label: crate::i18n::label_for(t, key, n),
            })
            .collect(),
            areas,
            red_flags,
            red_flags_truncated: if k.red_flag_matches > r.red_flags.len() {
                format!("{} {}", k.red_flag_matches, t["scan_more_red_flags"])
            } else {
                String::new()
            },
            tool: format!("{} {}", r.tool.name, r.tool.version),
        }
    }
}

/// Renders a scan.
pub fn render_scan(
    r: &ScanReport,
    c: &Checklist,
    lang: &str,
    format: ScanFormat,
    templates: &Templates,
) -> Result<String, RenderError> {
    match format {
        ScanFormat::Json => {
            let mut s = serde_json::to_string_pretty(r)?;
            s.push('\n');
            Ok(s)
        }
        ScanFormat::Md => templates.render_md("scan.md.hbs", &ScanView::new(r, c, lang)),
        ScanFormat::Html => templates.render_html("scan.html.hbs", &ScanView::new(r, c, lang)),
    }
}
