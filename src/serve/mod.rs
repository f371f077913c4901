//! The assessment workbench (`salvaguarda serve`): a local web page over one answers file, with
//! the bill's text beside the questions.
//!
//! Owns: the page (HTML, CSS and a small script, embedded), its words in every language, the
//! routes and their security rules, the JSON the page reads (the questions, the bill split into
//! articles, the passages `scan` suggests, the answers with their evidence checked, the scored
//! result), and saving one change at a time to the answers file. Does not own: scoring
//! ([`crate::evaluate`]), the evidence check ([`crate::verify`]), the answers file's layout
//! ([`crate::answers`]), atomic writes ([`crate::output`]) or the reports offered for download
//! ([`crate::report`]). The HTTP server itself is in [`http`]; everything here is a pure function
//! of a [`Request`], so the rules are tested without a socket.
//!
//! Security (one user, on the loopback):
//! - every request needs the random token printed with the address: in the address on the first
//!   visit (which sets a cookie and redirects to `/`), then in that cookie or in the
//!   `X-Salvaguarda-Token` header; otherwise 403;
//! - the `Host` header must name the address listened on or `localhost` (DNS rebinding): 403;
//! - a request that changes the file (POST) needs the token in the header (a cookie alone is
//!   not enough), JSON, and no cross-origin `Origin` or `Sec-Fetch-Site`: 403;
//! - every answer carries a strict Content-Security-Policy (`default-src 'self'`, no inline
//!   script), `nosniff`, `no-referrer` and `frame-ancestors 'none'`;
//! - the page writes what a user typed with `textContent` only; only the named routes exist, no
//!   path of a request is ever read from disk.
//!
//! Saving: the page sends the version (SHA-256 of the file's bytes) it last read with every
//! change; a save whose version is not the file's current one is refused with 409 and writes
//! nothing, so a change made meanwhile by hand, or from another tab, is never overwritten.

pub mod http;

use std::collections::{BTreeMap, HashMap};
use std::io::ErrorKind;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::answers;
use crate::assess;
use crate::bill::{Bill, SegmentKind};
use crate::catalog::Catalog;
use crate::checklist::Checklist;
use crate::evaluate::{applicability, evaluate};
use crate::input::{self, Kind};
use crate::model::{Answer, AnswerValue, AnswersFile, Evidence, ItemKind};
use crate::output::{self, Policy};
use crate::questionnaire::{allowed, answer_label, ordered_items};
use crate::report::{Format, Messages, ReportView, Templates, item_flags, messages, render};
use crate::result::{ArticleStatus, QuoteStatus, Report};
use crate::scan::{Matcher, ScanOptions, ScanReport, detect_language, scan};
use crate::validate;
use crate::verify::{self, Verifier};

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");
const ICON_SVG: &str = include_str!("assets/icon.svg");

/// The header a page sends its token in.
pub const TOKEN_HEADER: &str = "x-salvaguarda-token";

/// The largest request body read (a save is a few kilobytes).
pub const MAX_BODY: usize = 1 << 20;

/// The Content-Security-Policy of every answer: nothing but this server's own files.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/// The answers file is the workbench's own document: read, then saved again after each change.
const OWN_FILE: Policy = Policy {
    overwrite: false,
    own_file: true,
};

/// The version of a file that does not exist yet.
pub const ABSENT: &str = "absent";

/// The workbench's words in every language: the `wb_` labels of the one message table
/// (`templates/messages.toml`), without their prefix, as the page looks them up.
pub fn all_words() -> &'static BTreeMap<String, Messages> {
    static CELL: OnceLock<BTreeMap<String, Messages>> = OnceLock::new();
    CELL.get_or_init(|| {
        crate::i18n::all_messages()
            .iter()
            .map(|(lang, table)| {
                let words = table
                    .iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix("wb_")?.to_string(), v.clone())))
                    .collect();
                (lang.clone(), words)
            })
            .collect()
    })
}

fn words(lang: &str) -> &'static Messages {
    let all = all_words();
    all.get(lang)
        .or_else(|| all.get("en"))
        .expect("English words exist")
}

/// A fresh random token: 32 bytes from the system's random source, in hex.
pub fn new_token() -> String {
    use std::io::Read as _;
    let mut bytes = [0u8; 32];
    let from_os = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_ok();
    if !from_os {
        // No /dev/urandom (Windows): the standard library seeds each RandomState from the
        // system's random source.
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(0x5a17_6a4d_a000_0001);
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two strings in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// An HTTP request, as the routes see it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// The path and query, as sent (`/api/state?lang=es`).
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

/// An HTTP response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type".into(), content_type.into()),
                ("Content-Security-Policy".into(), CSP.into()),
                ("X-Content-Type-Options".into(), "nosniff".into()),
                ("Referrer-Policy".into(), "no-referrer".into()),
                ("X-Frame-Options".into(), "DENY".into()),
                ("Cross-Origin-Opener-Policy".into(), "same-origin".into()),
                ("Cross-Origin-Resource-Policy".into(), "same-origin".into()),
                ("Cache-Control".into(), "no-store".into()),
            ],
            body: body.into(),
        }
    }

    fn text(status: u16, message: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", format!("{message}\n"))
    }

    fn json(status: u16, v: &Value) -> Response {
        Response::new(
            status,
            "application/json",
            serde_json::to_vec(v).unwrap_or_default(),
        )
    }

    fn with(mut self, name: &str, value: String) -> Response {
        self.headers.push((name.into(), value));
        self
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Escapes text for HTML (the only text the server writes into HTML itself is the token, a
/// language code and messages; every one goes through here).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query(url: &str) -> (&str, HashMap<String, String>) {
    let (path, q) = url.split_once('?').unwrap_or((url, ""));
    let params = q
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    (path, params)
}

/// What the workbench serves.
pub struct Config {
    /// The answers file (created on the first save when it does not exist).
    pub path: PathBuf,
    pub checklist: Arc<Checklist>,
    pub catalog: Catalog,
    pub templates: Templates,
    pub bill: Option<Bill>,
    /// The page's language at first.
    pub lang: String,
    /// The token every request must carry.
    pub token: String,
    /// The `host:port` values a request's `Host` header may give.
    pub hosts: Vec<String>,
}

/// The bill split for the page: every segment of every file, covering the text exactly.
#[derive(Debug, Serialize)]
struct Block {
    file: usize,
    /// The article's heading, or empty for text outside articles.
    label: String,
    /// The reference written as evidence when words of this block are attached (the heading of
    /// a numbered article), or empty.
    article: String,
    division: String,
    text: String,
    /// Byte offset of the block in its file (not sent).
    #[serde(skip)]
    start: usize,
}

/// The workbench: the checklist, the bill and its scan, loaded once.
pub struct Workbench {
    cfg: Config,
    blocks: Vec<Block>,
    /// Per item id, the suggested passages (already in the page's form).
    suggestions: BTreeMap<String, Value>,
    /// Saves one at a time.
    lock: Mutex<()>,
    cookie: String,
    /// The check of each piece of evidence met so far (the bill does not change).
    checks: Mutex<HashMap<EvidenceKey, (String, bool)>>,
}

/// A piece of evidence: its article and its quote.
type EvidenceKey = (Option<String>, Option<String>);

/// The most evidence checks remembered.
const MAX_CHECKS: usize = 20_000;

/// The file as the workbench last read it.
struct Current {
    file: AnswersFile,
    version: String,
    /// Comment lines above each answer, kept when the file is saved.
    comments: BTreeMap<String, Vec<String>>,
    /// The comment lines that open the file, kept too.
    preamble: String,
}

/// The comment lines (and blank lines between them) that open a file, before its first table,
/// ending with one blank line; empty when the file does not open with a comment.
pub fn preamble(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('#') {
            out.push_str(line.trim_end());
            out.push('\n');
        } else if t.is_empty() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
        } else {
            break;
        }
    }
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out
}

/// Comment lines written directly above each `[answers.ID]` header (the guidance `init` writes,
/// or an assessor's own notes), so that saving keeps them.
pub fn answer_comments(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut block: Vec<String> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix('#') {
            block.push(c.strip_prefix(' ').unwrap_or(c).to_string());
            continue;
        }
        if let Some(rest) = t.strip_prefix("[answers.")
            && let Some(id) = rest.strip_suffix(']')
            && !block.is_empty()
        {
            let id = id.trim();
            let id = id
                .strip_prefix('"')
                .and_then(|i| i.strip_suffix('"'))
                .unwrap_or(id);
            out.insert(id.to_string(), std::mem::take(&mut block));
        }
        block.clear();
    }
    out
}

impl Workbench {
    /// Loads the bill's blocks and scans it once.
    pub fn new(cfg: Config) -> Workbench {
        let mut blocks = Vec::new();
        if let Some(b) = &cfg.bill {
            for (fi, f) in b.files.iter().enumerate() {
                let text = &f.source.text;
                let mut starts: Vec<(usize, Option<usize>)> = Vec::new();
                if f.articles.first().is_none_or(|a| a.span.start > 0) {
                    starts.push((0, None));
                }
                for (ai, a) in f.articles.iter().enumerate() {
                    starts.push((a.span.start, Some(ai)));
                }
                for (k, (start, ai)) in starts.iter().enumerate() {
                    let end = starts.get(k + 1).map(|s| s.0).unwrap_or(text.len());
                    if end <= *start {
                        continue;
                    }
                    let a = ai.map(|i| &f.articles[i]);
                    blocks.push(Block {
                        file: fi,
                        label: a.map(|a| a.label.clone()).unwrap_or_default(),
                        article: a
                            .filter(|a| a.kind == SegmentKind::Article)
                            .map(|a| a.label.trim().to_string())
                            .unwrap_or_default(),
                        division: a.and_then(|a| a.division()).unwrap_or_default().to_string(),
                        text: text[*start..end].to_string(),
                        start: *start,
                    });
                }
            }
        }
        let suggestions = match &cfg.bill {
            Some(b) => suggest(&cfg.checklist, b, &blocks),
            None => BTreeMap::new(),
        };
        let cookie = format!(
            "salvaguarda-{}",
            cfg.hosts
                .first()
                .and_then(|h| h.rsplit(':').next())
                .unwrap_or("0")
        );
        Workbench {
            cfg,
            blocks,
            suggestions,
            lock: Mutex::new(()),
            cookie,
            checks: Mutex::new(HashMap::new()),
        }
    }

    /// The address to open (with the token).
    pub fn url(&self) -> String {
        format!(
            "http://{}/?token={}",
            self.cfg.hosts.first().map(String::as_str).unwrap_or(""),
            self.cfg.token
        )
    }

    /// Answers one request.
    pub fn handle(&self, req: &Request) -> Response {
        // DNS rebinding: a page of another site that made its name resolve here still sends
        // its own name as Host.
        let host = req.header("host").unwrap_or("");
        if !self.cfg.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return Response::text(403, "this address is not served here");
        }
        let (path, params) = query(&req.url);
        if req.method != "GET" && req.method != "POST" {
            return Response::text(405, "method not allowed").with("Allow", "GET, POST".into());
        }
        if req.method == "GET"
            && path == "/"
            && let Some(t) = params.get("token")
        {
            if !same(t, &self.cfg.token) {
                return Response::text(
                    403,
                    "wrong token: open the address `salvaguarda serve` printed",
                );
            }
            return Response::text(303, "see /")
                .with("Location", "/".into())
                .with(
                    "Set-Cookie",
                    format!(
                        "{}={}; Path=/; HttpOnly; SameSite=Strict",
                        self.cookie, self.cfg.token
                    ),
                );
        }
        let by_header = req
            .header(TOKEN_HEADER)
            .is_some_and(|t| same(t, &self.cfg.token));
        let by_cookie = req
            .cookie(&self.cookie)
            .is_some_and(|t| same(t, &self.cfg.token));
        if !(by_header || by_cookie) {
            return Response::text(
                403,
                "no token: open the address `salvaguarda serve` printed, with its token",
            );
        }
        if req.method == "POST" {
            if !by_header {
                return Response::text(403, "a change needs the token in its header");
            }
            if let Some(o) = req.header("origin")
                && !o.eq_ignore_ascii_case(&format!("http://{host}"))
            {
                return Response::text(403, "cross-origin request refused");
            }
            if let Some(s) = req.header("sec-fetch-site")
                && s != "same-origin"
            {
                return Response::text(403, "cross-site request refused");
            }
            if !req
                .header("content-type")
                .is_some_and(|c| c.starts_with("application/json"))
            {
                return Response::text(415, "a change is sent as JSON");
            }
        }
        let lang = params
            .get("lang")
            .filter(|l| self.cfg.checklist.header.languages.contains(l))
            .cloned()
            .unwrap_or_else(|| self.cfg.lang.clone());
        let profile = params
            .get("profile")
            .filter(|p| self.cfg.checklist.profile(p).is_some())
            .cloned()
            .unwrap_or_else(|| self.cfg.checklist.header.default_profile.clone());
        match (req.method.as_str(), path) {
            ("GET", "/") => Response::new(
                200,
                "text/html; charset=utf-8",
                INDEX_HTML
                    .replace("{{token}}", &escape_html(&self.cfg.token))
                    .replace("{{lang}}", &escape_html(&lang)),
            ),
            ("GET", "/app.js") => Response::new(200, "text/javascript; charset=utf-8", APP_JS),
            ("GET", "/app.css") => Response::new(200, "text/css; charset=utf-8", APP_CSS),
            ("GET", "/icon.svg") => Response::new(200, "image/svg+xml", ICON_SVG),
            ("GET", "/api/state") => self.state(&lang, &profile),
            ("GET", "/api/live") => match self.read() {
                Ok(cur) => {
                    Response::json(200, &self.live(&cur.file, &cur.version, &lang, &profile))
                }
                Err(m) => Response::json(409, &json!({ "error": "invalid", "message": m })),
            },
            ("POST", "/api/save") => self.save(&req.body, &lang, &profile),
            ("GET", d) if d.starts_with("/download/") => {
                self.download(&d["/download/".len()..], &lang, &profile)
            }
            _ => Response::text(404, "not found"),
        }
    }

    fn read(&self) -> Result<Current, String> {
        let c = &self.cfg.checklist;
        let path = &self.cfg.path;
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == ErrorKind::NotFound => {
                // As `init` writes them: a placeholder state, the bill's file name.
                let instrument = self
                    .cfg
                    .bill
                    .as_ref()
                    .and_then(|b| b.files.first())
                    .and_then(|f| {
                        std::path::Path::new(&f.source.name)
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                    })
                    .unwrap_or_else(|| "Bill ...".into());
                let mut file = answers::new_file(c, "XX", &instrument);
                file.assessment.language = Some(self.cfg.lang.clone());
                return Ok(Current {
                    file,
                    version: ABSENT.into(),
                    comments: BTreeMap::new(),
                    preamble: String::new(),
                });
            }
            _ => {}
        }
        let src = input::read_source(path, Kind::Answers).map_err(|d| d.message.clone())?;
        let version = validate::sha256(&src.text);
        let comments = answer_comments(&src.text);
        let preamble = preamble(&src.text);
        let (a, diags) = assess::load(
            src,
            &self.cfg.catalog,
            Some(&c.header.id),
            std::slice::from_ref(c),
        );
        match a.filter(|_| !diags.has_errors()) {
            Some(a) => Ok(Current {
                file: a.answers,
                version,
                comments,
                preamble,
            }),
            None => Err(crate::diag::escape_controls(&diags.render()).into_owned()),
        }
    }

    fn report(&self, file: &AnswersFile, version: &str, profile: &str) -> Report {
        let mut r = evaluate(&self.cfg.checklist, file, version, profile);
        if let Some(b) = &self.cfg.bill {
            verify::apply(&mut r, b);
        }
        r
    }

    /// The answers with each piece of evidence checked, the applicability of every item,
    /// progress and the result.
    fn live(&self, file: &AnswersFile, version: &str, lang: &str, profile: &str) -> Value {
        let c = &self.cfg.checklist;
        let verifier = self.cfg.bill.as_ref().map(Verifier::new);
        let mut cache = self.checks.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() > MAX_CHECKS {
            cache.clear();
        }
        let mut check_of = |e: &Evidence| -> Option<(String, bool)> {
            let v = verifier.as_ref()?;
            Some(
                cache
                    .entry((e.article.clone(), e.quote.clone()))
                    .or_insert_with(|| check(&v.evidence(e)))
                    .clone(),
            )
        };
        let mut answers = serde_json::Map::new();
        let applies = applicability(c, file);
        let mut answered = 0;
        let mut total = 0;
        let mut with_evidence = 0;
        for (i, item) in c.items.iter().enumerate() {
            let a = file.answers.get(&item.id);
            if applies[i] {
                total += 1;
                if a.is_some_and(|a| a.answer != AnswerValue::Unknown) {
                    answered += 1;
                }
            }
            let Some(a) = a else { continue };
            let mut found_any = false;
            let evidence: Vec<Value> = a
                .evidence
                .iter()
                .map(|e| {
                    let check = check_of(e);
                    if check.as_ref().is_some_and(|c| c.1) {
                        found_any = true;
                    }
                    json!({
                        "article": e.article.clone().unwrap_or_default(),
                        "quote": e.quote.clone().unwrap_or_default(),
                        "check": check.map(|c| c.0).unwrap_or_else(|| "none".into()),
                    })
                })
                .collect();
            if applies[i] && found_any {
                with_evidence += 1;
            }
            answers.insert(
                item.id.clone(),
                json!({
                    "answer": a.answer.as_str(),
                    "note": a.note.clone().unwrap_or_default(),
                    "evidence": evidence,
                }),
            );
        }
        drop(cache);
        // The result's figures do not depend on the evidence check, which is shown per piece
        // of evidence above; the downloads carry the whole check.
        let r = evaluate(c, file, version, profile);
        let v = ReportView::new(&r, c, lang);
        let applies: serde_json::Map<String, Value> = c
            .items
            .iter()
            .zip(&applies)
            .map(|(it, a)| (it.id.clone(), Value::Bool(*a)))
            .collect();
        let status: serde_json::Map<String, Value> = r
            .items
            .iter()
            .map(|i| (i.id.clone(), Value::String(i.status.as_str().into())))
            .collect();
        json!({
            "version": version,
            "assessment": &file.assessment,
            "answers": answers,
            "applies": applies,
            "status": status,
            "progress": {
                "answered": answered,
                "total": total,
                "evidence": with_evidence,
                "coverage": v.range.coverage,
            },
            "result": {
                "score": v.score,
                "range": v.range,
                "verdict": v.verdict,
                "areas": v.areas,
                "profiles": v.profiles,
                "powers": v.powers,
                "counts": v.counts,
            },
        })
    }

    fn state(&self, lang: &str, profile: &str) -> Response {
        let c = &self.cfg.checklist;
        let cur = match self.read() {
            Ok(cur) => cur,
            Err(message) => {
                return Response::json(
                    200,
                    &json!({ "invalid": message, "words": words(lang), "lang": lang,
                             "langs": &c.header.languages }),
                );
            }
        };
        let t = messages(lang);
        let items: Vec<Value> = ordered_items(c)
            .into_iter()
            .map(|item| {
                let guidance: Vec<Value> = [
                    (AnswerValue::Yes, Some(&item.guidance.yes)),
                    (AnswerValue::Partial, item.guidance.partial.as_ref()),
                    (AnswerValue::No, Some(&item.guidance.no)),
                ]
                .into_iter()
                .filter_map(|(v, t)| {
                    t.map(|t| json!({ "label": answer_label(v, lang), "text": c.text(t, lang) }))
                })
                .collect();
                let cites: Vec<String> = item
                    .cites
                    .iter()
                    .map(|ci| c.cite(ci, lang, false))
                    .collect();
                let allowed: Vec<Value> = allowed(item)
                    .into_iter()
                    .map(|v| json!({ "value": v.as_str(), "label": answer_label(v, lang) }))
                    .collect();
                json!({
                    "id": item.id,
                    "area": item.area,
                    "power": item.kind == ItemKind::Power,
                    "red_line": item.red_line,
                    "flags": item_flags(item, t),
                    "question": c.text(&item.question, lang),
                    "rationale": item.rationale.as_ref().map(|r| c.text(r, lang)).unwrap_or(""),
                    "guidance": guidance,
                    "remediation": item.remediation.as_ref().map(|r| c.text(r, lang)).unwrap_or(""),
                    "cites": cites,
                    "allowed": allowed,
                })
            })
            .collect();
        let areas: Vec<Value> = c
            .areas
            .iter()
            .filter(|a| c.items.iter().any(|i| i.area == a.id))
            .map(|a| json!({ "id": a.id, "title": c.text(&a.title, lang) }))
            .collect();
        let profiles: Vec<Value> = c
            .profiles
            .iter()
            .map(|p| json!({ "id": p.id, "title": c.text(&p.title, lang) }))
            .collect();
        let files: Vec<String> = self
            .cfg
            .bill
            .iter()
            .flat_map(|b| b.files.iter().map(|f| f.source.name.clone()))
            .collect();
        let mut v = json!({
            "lang": lang,
            "langs": &c.header.languages,
            "profile": profile,
            "profiles": profiles,
            "words": words(lang),
            "labels": {
                "yes": answer_label(AnswerValue::Yes, lang),
                "none": t["answer_none"],
            },
            "file": input::display_name(&self.cfg.path),
            "checklist": { "id": c.header.id, "version": c.header.version,
                           "title": c.text(&c.header.title, lang) },
            "areas": areas,
            "items": items,
            "bill": if self.cfg.bill.is_some() {
                json!({ "files": files, "blocks": &self.blocks })
            } else {
                Value::Null
            },
            "suggestions": &self.suggestions,
        });
        let live = self.live(&cur.file, &cur.version, lang, profile);
        if let (Some(o), Value::Object(l)) = (v.as_object_mut(), live) {
            o.extend(l);
        }
        Response::json(200, &v)
    }

    fn save(&self, body: &[u8], lang: &str, profile: &str) -> Response {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Save {
            version: String,
            #[serde(default)]
            id: Option<String>,
            #[serde(default)]
            answer: Option<SentAnswer>,
            #[serde(default)]
            assessment: Option<SentDetails>,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct SentAnswer {
            answer: String,
            #[serde(default)]
            note: String,
            #[serde(default)]
            evidence: Vec<SentEvidence>,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct SentEvidence {
            #[serde(default)]
            article: String,
            #[serde(default)]
            quote: String,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct SentDetails {
            jurisdiction: String,
            instrument: String,
            #[serde(default)]
            version: String,
            #[serde(default)]
            assessor: String,
            #[serde(default)]
            date: String,
        }
        let bad = |m: String| Response::json(422, &json!({ "error": m }));
        let s: Save = match serde_json::from_slice(body) {
            Ok(s) => s,
            Err(e) => return bad(format!("not a change the workbench sends: {e}")),
        };
        let c = &self.cfg.checklist;
        // One save at a time: the version compared is the one written.
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let cur = match self.read() {
            Ok(cur) => cur,
            Err(m) => return Response::json(409, &json!({ "error": "invalid", "message": m })),
        };
        if s.version != cur.version {
            return Response::json(409, &json!({ "error": "conflict", "version": cur.version }));
        }
        let mut file = cur.file;
        let opt = |s: String| {
            let t = s.trim().to_string();
            (!t.is_empty()).then_some(t)
        };
        match (s.id, s.answer, s.assessment) {
            (Some(id), Some(a), None) => {
                let Some(item) = c.item(&id) else {
                    return bad(format!("`{id}` is not a question of `{}`", c.header.id));
                };
                let Some(value) = AnswerValue::ALL
                    .into_iter()
                    .find(|v| v.as_str() == a.answer)
                    .filter(|v| allowed(item).contains(v))
                else {
                    return bad(format!("`{}` is not an answer `{id}` accepts", a.answer));
                };
                let evidence: Vec<Evidence> = a
                    .evidence
                    .into_iter()
                    .map(|e| Evidence {
                        article: opt(e.article),
                        quote: (!e.quote.trim().is_empty()).then_some(e.quote),
                    })
                    .filter(|e| e.article.is_some() || e.quote.is_some())
                    .collect();
                file.answers.insert(
                    id,
                    Answer {
                        answer: value,
                        note: opt(a.note),
                        evidence,
                    },
                );
            }
            (None, None, Some(d)) => {
                let a = &mut file.assessment;
                a.jurisdiction = d.jurisdiction.trim().to_string();
                a.instrument = d.instrument.trim().to_string();
                a.version = opt(d.version);
                a.assessor = opt(d.assessor);
                a.date = opt(d.date);
            }
            _ => return bad("a change is one answer (`id` and `answer`) or the details".into()),
        }
        if file.assessment.language.is_none() {
            file.assessment.language = Some(lang.to_string());
        }
        let header = json!({ "assessment": &file.assessment });
        if !crate::schema::is_valid(crate::schema::Kind::Answers, &header) {
            return bad("the details do not fit an answers file (the date is YYYY-MM-DD)".into());
        }
        let problems: Vec<String> = validate::answers_meaning(&file, c)
            .into_iter()
            .filter(|(d, _)| d.level == crate::diag::Level::Error)
            .map(|(d, _)| d.message)
            .collect();
        if !problems.is_empty() {
            return bad(problems.join("; "));
        }
        let text =
            cur.preamble.clone() + &answers::to_toml_annotated(&file, Some(c), &cur.comments);

        if let Err(d) = output::write(Some(&self.cfg.path), text.as_bytes(), OWN_FILE) {
            return Response::json(500, &json!({ "error": "write", "message": d.message }));
        }
        let version = validate::sha256(&text);
        drop(_guard);
        Response::json(200, &self.live(&file, &version, lang, profile))
    }

    fn download(&self, name: &str, lang: &str, profile: &str) -> Response {
        let (format, mime) = match name {
            "report.html" => (Format::Html, "text/html; charset=utf-8"),
            "brief.html" => (Format::Brief, "text/html; charset=utf-8"),
            "report.csv" => (Format::Csv, "text/csv; charset=utf-8"),
            "report.json" => (Format::Json, "application/json"),
            "report.md" => (Format::Md, "text/markdown; charset=utf-8"),
            _ => return Response::text(404, "not found"),
        };
        let cur = match self.read() {
            Ok(cur) => cur,
            Err(m) => return Response::text(409, &m),
        };
        let r = self.report(&cur.file, &cur.version, profile);
        match render(&r, &self.cfg.checklist, lang, format, &self.cfg.templates) {
            Ok(text) => {
                let stem = self
                    .cfg
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "answers".into());
                let stem: String = stem
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || c == '-' || c == '_' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let (base, ext) = name.split_once('.').unwrap_or((name, ""));
                let mut resp = Response::new(200, mime, text).with(
                    "Content-Disposition",
                    format!("attachment; filename=\"{stem}-{base}-{lang}.{ext}\""),
                );
                // The reports carry their own inline CSS and SVG, and never a script.
                for h in &mut resp.headers {
                    if h.0 == "Content-Security-Policy" {
                        h.1 = "default-src 'none'; style-src 'unsafe-inline'; img-src data:".into();
                    }
                }
                resp
            }
            Err(e) => Response::text(500, &e.to_string()),
        }
    }
}

/// A check of one piece of evidence, as the page shows it, and whether its quote was found.
fn check(v: &crate::result::Verification) -> (String, bool) {
    if v.articles.iter().any(|a| a.status != ArticleStatus::Found) {
        return ("article-not-found".into(), false);
    }
    match &v.quote {
        None => ("none".into(), false),
        Some(q) => match q.status {
            QuoteStatus::NotFound => ("not-found".into(), false),
            _ if q.in_cited_article == Some(false) => ("elsewhere".into(), true),
            QuoteStatus::Exact => ("exact".into(), true),
            QuoteStatus::Normalised => ("normalised".into(), true),
        },
    }
}

/// UTF-16 length of a text (JavaScript's string offsets).
fn u16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The passages `scan` suggests for each item, placed in the page's blocks (offsets in UTF-16
/// units of the block's text).
fn suggest(c: &Checklist, bill: &Bill, blocks: &[Block]) -> BTreeMap<String, Value> {
    let detected = detect_language(bill, &c.header.languages);
    let text_lang = detected
        .clone()
        .unwrap_or_else(|| c.default_language().to_string());
    let m = Matcher::new(c, &text_lang);
    if m.is_empty() {
        return BTreeMap::new();
    }
    let report: ScanReport = scan(c, &m, bill, detected.is_some(), &ScanOptions { top: 3 });
    let names: Vec<&str> = bill.files.iter().map(|f| f.source.name.as_str()).collect();
    let mut out = BTreeMap::new();
    for item in &report.items {
        let mut list = Vec::new();
        for a in &item.articles {
            let mut passages = Vec::new();
            for p in &a.passages {
                let l = &p.location;
                let Some(fi) = names.iter().position(|n| *n == l.file) else {
                    continue;
                };
                let Some(bi) = blocks
                    .iter()
                    .rposition(|b| b.file == fi && b.start <= l.start)
                else {
                    continue;
                };
                let b = &blocks[bi];
                let (s, e) = (l.start - b.start, (l.end - b.start).min(b.text.len()));
                if e <= s || !b.text.is_char_boundary(s) || !b.text.is_char_boundary(e) {
                    continue;
                }
                let marks: Vec<Value> = p
                    .marks
                    .iter()
                    .filter(|m| {
                        m.end <= p.text.len()
                            && p.text.is_char_boundary(m.start)
                            && p.text.is_char_boundary(m.end)
                    })
                    .map(|m| {
                        json!({
                            "start": u16_len(&p.text[..m.start]),
                            "end": u16_len(&p.text[..m.end]),
                            "kind": serde_json::to_value(m.kind).unwrap_or_default(),
                        })
                    })
                    .collect();
                passages.push(json!({
                    "block": bi,
                    "start": u16_len(&b.text[..s]),
                    "end": u16_len(&b.text[..e]),
                    "text": p.text,
                    "marks": marks,
                }));
            }
            if !passages.is_empty() {
                list.push(json!({ "label": a.label, "score": a.score, "passages": passages }));
            }
        }
        if !list.is_empty() {
            out.insert(item.id.clone(), Value::Array(list));
        }
    }
    out
}

/// The `host:port` names a request may give for a server listening on `addr`.
pub fn allowed_hosts(addr: &std::net::SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![match addr {
        std::net::SocketAddr::V4(a) => format!("{}:{port}", a.ip()),
        std::net::SocketAddr::V6(a) => format!("[{}]:{port}", a.ip()),
    }];
    if addr.ip().is_loopback() || addr.ip().is_unspecified() {
        for h in ["127.0.0.1", "localhost", "[::1]"] {
            let h = format!("{h}:{port}");
            if !hosts.contains(&h) {
                hosts.push(h);
            }
        }
    }
    hosts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_exists_in_every_language() {
        let all = all_words();
        let en = &all["en"];
        for lang in ["es", "pt"] {
            let other = &all[lang];
            for k in en.keys() {
                assert!(other.get(k).is_some_and(|v| !v.is_empty()), "{k} in {lang}");
            }
            assert_eq!(other.len(), en.len(), "{lang} has words English lacks");
        }
    }

    #[test]
    fn comments_above_answers_and_at_the_top_are_found() {
        let text = "# Title\n#\n# more\n\n[assessment]\nchecklist = \"x\"\n\n# area banner\n\n\
                    # question\n#   indented\n[answers.a-b]\nanswer = \"yes\"\n# not above\n\n\
                    [answers.\"c d\"]\nanswer = \"no\"\n";
        let c = answer_comments(text);
        assert_eq!(c["a-b"], vec!["question".to_string(), "  indented".into()]);
        assert!(!c.contains_key("c d"));
        assert_eq!(preamble(text), "# Title\n#\n# more\n\n");
        assert_eq!(preamble("[assessment]\n# late\n"), "");
    }

    #[test]
    fn queries_are_decoded_and_html_escaped() {
        let (path, q) = query("/api/state?lang=es&profile=inter%2Damerican&x=%zz+y&flag");
        assert_eq!(path, "/api/state");
        assert_eq!(q["lang"], "es");
        assert_eq!(q["profile"], "inter-american");
        assert_eq!(q["x"], "%zz y");
        assert_eq!(q["flag"], "");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(
            escape_html("<a href=\"x\" onclick='y'>&</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same(&a, &a[..63]));
        assert!(!same("", "x"));
    }

    #[test]
    fn hosts_name_the_address_and_the_loopback() {
        let h = allowed_hosts(&"127.0.0.1:8123".parse().unwrap());
        assert_eq!(h, ["127.0.0.1:8123", "localhost:8123", "[::1]:8123"]);
        let h = allowed_hosts(&"192.168.1.5:80".parse().unwrap());
        assert_eq!(h, ["192.168.1.5:80"]);
    }
}
