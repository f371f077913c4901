//! The workbench (`serve`) over plain HTTP on the loopback: the token, the Host check, the rules
//! for changes (header token, same origin, JSON), the Content-Security-Policy, only the named
//! routes, saving (the deterministic layout, comments kept, 409 on a stale version or a file
//! changed on disk), escaping of what was typed, downloads, a bounded load test with two clients,
//! and the command itself killed in the middle of a session.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use salvaguarda::answers;
use salvaguarda::bill::Bill;
use salvaguarda::catalog::Catalog;
use salvaguarda::report::Templates;
use salvaguarda::serve::{self, Config, Workbench, http};
use serde_json::{Value, json};

/// An HTTP answer.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One request over a fresh connection. `Host` is `host` unless `headers` gives one.
pub fn request(
    addr: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[(split + 4).min(raw.len())..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body,
    }
}

/// Decodes a chunked body.
fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(nl) = b.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&b[..nl])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap().trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = nl + 2;
        out.extend_from_slice(&b[start..start + size]);
        b = &b[(start + size + 2).min(b.len())..];
    }
    out
}

/// A workbench served in this process on 127.0.0.1, over a temporary answers file.
pub struct Srv {
    pub addr: String,
    pub token: String,
    pub path: PathBuf,
    running: Option<http::Running>,
    _dir: tempfile::TempDir,
}

pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

impl Srv {
    /// Serves `answers` (none: a new file) with the example bill.
    pub fn start(answers: Option<&str>) -> Srv {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.toml");
        if let Some(text) = answers {
            std::fs::write(&path, text).unwrap();
        }
        let catalog = Catalog::default();
        let checklist = Arc::new(catalog.load("uncc-safeguards").0.unwrap());
        let (bill, _) = Bill::load(&[repo("examples/mixed-bill.md")]);
        let (server, bound) = http::bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let token = serve::new_token();
        let wb = Workbench::new(Config {
            path: path.clone(),
            checklist,
            catalog,
            templates: Templates::new(None).unwrap(),
            bill,
            lang: "en".into(),
            token: token.clone(),
            hosts: serve::allowed_hosts(&bound),
        });
        let running = http::start(Arc::new(wb), server, bound);
        Srv {
            addr: bound.to_string(),
            token,
            path,
            running: Some(running),
            _dir: dir,
        }
    }

    pub fn get(&self, target: &str) -> Resp {
        request(
            &self.addr,
            "GET",
            target,
            &[("X-Salvaguarda-Token", &self.token)],
            b"",
        )
    }

    pub fn state(&self) -> Value {
        let r = self.get("/api/state");
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()
    }

    pub fn post(&self, body: &Value) -> Resp {
        request(
            &self.addr,
            "POST",
            "/api/save",
            &[
                ("X-Salvaguarda-Token", &self.token),
                ("Content-Type", "application/json"),
                ("Origin", &format!("http://{}", self.addr)),
                ("Sec-Fetch-Site", "same-origin"),
            ],
            body.to_string().as_bytes(),
        )
    }

    pub fn save(&self, version: &str, id: &str, answer: &str, note: &str) -> Resp {
        self.post(&json!({
            "version": version, "id": id,
            "answer": { "answer": answer, "note": note, "evidence": [] }
        }))
    }

    pub fn text(&self) -> String {
        std::fs::read_to_string(&self.path).unwrap()
    }
}

impl Drop for Srv {
    fn drop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
    }
}

fn mixed() -> String {
    std::fs::read_to_string(repo("examples/mixed.toml")).unwrap()
}

#[test]
fn every_request_needs_the_token() {
    let s = Srv::start(Some(&mixed()));
    // No token, a wrong one, a token in a cookie of another name.
    for (target, headers) in [
        ("/", vec![]),
        ("/api/state", vec![]),
        ("/app.js", vec![]),
        ("/download/report.json", vec![]),
        ("/?token=0000", vec![]),
        ("/api/state", vec![("X-Salvaguarda-Token", "wrong")]),
        ("/api/state", vec![("Cookie", "other=x")]),
    ] {
        let r = request(&s.addr, "GET", target, &headers, b"");
        assert_eq!(r.status, 403, "{target} {headers:?}: {}", r.body);
        assert!(!r.body.contains("assessment"), "{}", r.body);
    }
    // The printed address: a cookie for this port, then back to `/`.
    let r = request(&s.addr, "GET", &format!("/?token={}", s.token), &[], b"");
    assert_eq!(r.status, 303);
    assert_eq!(r.header("Location"), Some("/"));
    let cookie = r.header("Set-Cookie").unwrap().to_string();
    let port = s.addr.rsplit(':').next().unwrap();
    assert!(
        cookie.starts_with(&format!("salvaguarda-{port}={}", s.token)),
        "{cookie}"
    );
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap();
    let r = request(&s.addr, "GET", "/", &[("Cookie", pair)], b"");
    assert_eq!(r.status, 200);
    assert!(r.body.contains(&format!("content=\"{}\"", s.token)));
    let r = request(&s.addr, "GET", "/api/state", &[("Cookie", pair)], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["checklist"]["id"], "uncc-safeguards");
}

#[test]
fn the_host_header_must_name_this_server() {
    let s = Srv::start(Some(&mixed()));
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        format!("127.0.0.1.nip.io:{port}"),
        String::new(),
    ] {
        let r = request(
            &s.addr,
            "GET",
            "/api/state",
            &[("Host", &host), ("X-Salvaguarda-Token", &s.token)],
            b"",
        );
        assert_eq!(r.status, 403, "Host {host}: {}", r.body);
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let r = request(
            &s.addr,
            "GET",
            "/api/state",
            &[("Host", &host), ("X-Salvaguarda-Token", &s.token)],
            b"",
        );
        assert_eq!(r.status, 200, "Host {host}");
    }
}

#[test]
fn changes_need_the_header_token_json_and_the_same_origin() {
    let s = Srv::start(Some(&mixed()));
    let before = s.text();
    let v = s.state()["version"].as_str().unwrap().to_string();
    let body = json!({"version": v, "id": "user-notification",
        "answer": {"answer": "yes", "note": "", "evidence": []}})
    .to_string();
    let port = s.addr.rsplit(':').next().unwrap();
    let cookie = format!("salvaguarda-{port}={}", s.token);
    let origin = format!("http://{}", s.addr);
    let cases: Vec<(u16, Vec<(&str, &str)>)> = vec![
        // A cookie alone (what a cross-site form would send) is not enough.
        (
            403,
            vec![("Cookie", &cookie), ("Content-Type", "application/json")],
        ),
        (
            403,
            vec![
                ("X-Salvaguarda-Token", &s.token),
                ("Content-Type", "application/json"),
                ("Origin", "http://evil.example"),
            ],
        ),
        (
            403,
            vec![
                ("X-Salvaguarda-Token", &s.token),
                ("Content-Type", "application/json"),
                ("Origin", "null"),
            ],
        ),
        (
            403,
            vec![
                ("X-Salvaguarda-Token", &s.token),
                ("Content-Type", "application/json"),
                ("Sec-Fetch-Site", "cross-site"),
            ],
        ),
        (
            403,
            vec![
                ("X-Salvaguarda-Token", &s.token),
                ("Content-Type", "application/json"),
                ("Sec-Fetch-Site", "same-site"),
            ],
        ),
        (
            415,
            vec![
                ("X-Salvaguarda-Token", &s.token),
                ("Content-Type", "text/plain"),
                ("Origin", &origin),
            ],
        ),
    ];
    for (want, headers) in &cases {
        let r = request(&s.addr, "POST", "/api/save", headers, body.as_bytes());
        assert_eq!(r.status, *want, "{headers:?}: {}", r.body);
        assert_eq!(s.text(), before, "a refused change wrote to the file");
    }
    for method in ["PUT", "DELETE", "OPTIONS", "PATCH"] {
        let r = request(
            &s.addr,
            method,
            "/api/save",
            &[("X-Salvaguarda-Token", &s.token)],
            body.as_bytes(),
        );
        assert_eq!(r.status, 405, "{method}");
    }
    let r = s.post(&serde_json::from_str(&body).unwrap());
    assert_eq!(r.status, 200, "{}", r.body);
    assert_ne!(s.text(), before);
}

#[test]
fn a_strict_content_security_policy_and_no_inline_script() {
    let s = Srv::start(Some(&mixed()));
    for target in ["/", "/app.js", "/app.css", "/api/state", "/nothing"] {
        let r = s.get(target);
        let csp = r.header("Content-Security-Policy").unwrap_or("");
        assert!(csp.contains("default-src 'self'"), "{target}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(r.header("Referrer-Policy"), Some("no-referrer"));
    }
    // Downloads carry their own inline CSS, but never a script.
    let r = s.get("/download/report.html");
    let csp = r.header("Content-Security-Policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script"),
        "{csp}"
    );
    let index = s.get("/").body;
    for tag in index.split("<script").skip(1) {
        assert!(tag.trim_start().starts_with("src="), "inline script: {tag}");
    }
    assert!(!index.contains("style="), "inline style in the page");
    assert!(!index.contains("http://") && !index.contains("https://"));
    let js = s.get("/app.js").body;
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "http://",
        "https://",
    ] {
        assert!(!js.contains(sink), "app.js uses {sink}");
    }
}

#[test]
fn only_the_named_routes_are_served() {
    let s = Srv::start(Some(&mixed()));
    for target in [
        "/../Cargo.toml",
        "/app.js/../../Cargo.toml",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/download/../../../etc/passwd",
        "/download/..%2f..%2fCargo.toml",
        "/download/report.exe",
        "/src/serve/mod.rs",
        "/examples/mixed.toml",
        "/answers.toml",
        "//etc/passwd",
        "/api/state/../../Cargo.toml",
    ] {
        let r = s.get(target);
        assert_eq!(r.status, 404, "{target}");
        assert!(
            !r.body.contains("[package]") && !r.body.contains("root:"),
            "{target}"
        );
    }
}

#[test]
fn a_save_writes_the_deterministic_layout_and_a_stale_one_is_refused() {
    let s = Srv::start(Some(&mixed()));
    let st = s.state();
    let v0 = st["version"].as_str().unwrap().to_string();
    assert_eq!(v0, salvaguarda::validate::sha256(&s.text()));
    let r = s.post(
        &json!({"version": v0, "id": "user-notification", "answer": {
        "answer": "no", "note": "  Notice is left to the prosecutor.  ",
        "evidence": [{"article": "Artículo 27", "quote": "El fiscal notificará"}]}}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let res = r.json();
    let v1 = res["version"].as_str().unwrap().to_string();
    let text = s.text();
    assert_eq!(v1, salvaguarda::validate::sha256(&text));
    // The file is what the shared writer gives for these answers, with the comments kept.
    let file = answers::from_toml(&text).unwrap();
    let a = &file.answers["user-notification"];
    assert_eq!(a.answer.as_str(), "no");
    assert_eq!(a.note.as_deref(), Some("Notice is left to the prosecutor."));
    let c = Catalog::default().load("uncc-safeguards").0.unwrap();
    let body = answers::to_toml_annotated(&file, Some(&c), &serve::answer_comments(&mixed()));
    assert_eq!(text, serve::preamble(&mixed()) + &body);
    assert!(text.starts_with("# Example answers file"), "{text}");
    // The result came back with the answer and its evidence checked.
    assert_eq!(res["answers"]["user-notification"]["answer"], "no");
    assert_eq!(res["status"]["user-notification"], "gap");
    assert!(res["result"]["verdict"]["short"].is_string());
    assert!(res["result"]["powers"]["rows"].is_array());
    // A second save with the first version (another tab) is refused and writes nothing.
    let r = s.save(&v0, "user-notification", "yes", "from the other tab");
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(r.json()["version"], v1.as_str());
    assert_eq!(s.text(), text);
    // A change on disk (by hand) meanwhile: refused too, and the hand edit stays.
    let edited = text.replace("Notice is left to the prosecutor.", "Edited by hand.");
    std::fs::write(&s.path, &edited).unwrap();
    let r = s.save(&v1, "user-notification", "yes", "");
    assert_eq!(r.status, 409);
    assert_eq!(s.text(), edited);
    // Reloading gives the hand edit and a version that saves.
    let st = s.state();
    assert_eq!(
        st["answers"]["user-notification"]["note"],
        "Edited by hand."
    );
    let r = s.save(
        st["version"].as_str().unwrap(),
        "user-notification",
        "yes",
        "",
    );
    assert_eq!(r.status, 200);
}

#[test]
fn a_new_file_is_created_at_the_first_answer_and_an_init_template_keeps_its_comments() {
    let s = Srv::start(None);
    let st = s.state();
    assert_eq!(st["version"], serve::ABSENT);
    assert!(!s.path.exists());
    let r = s.save(serve::ABSENT, "power-interception", "yes", "");
    assert_eq!(r.status, 200, "{}", r.body);
    let text = s.text();
    assert!(
        text.contains("[answers.power-interception]\nanswer = \"yes\""),
        "{text}"
    );
    // A second save from the same stale "absent" is refused.
    assert_eq!(
        s.save(serve::ABSENT, "power-preservation", "no", "").status,
        409
    );

    let c = Catalog::default().load("uncc-safeguards").0.unwrap();
    let template = salvaguarda::init::template(&c, "es");
    let s = Srv::start(Some(&template));
    let v = s.state()["version"].as_str().unwrap().to_string();
    let r = s.save(&v, "power-interception", "partial", "nota");
    assert_eq!(r.status, 200, "{}", r.body);
    let text = s.text();
    let q = c.text(&c.item("power-interception").unwrap().question, "es");
    let first_words: String = q.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&format!("# {first_words}")),
        "{first_words}\n{text}"
    );
    assert!(text.starts_with("# "), "{text}");
    // Saving again leaves the comments as they were: the layout is a fixed point.
    let v = s.state()["version"].as_str().unwrap().to_string();
    let r = s.save(&v, "power-interception", "partial", "nota");
    assert_eq!(r.status, 200);
    assert_eq!(s.text(), text);
}

#[test]
fn bad_changes_are_refused_and_write_nothing() {
    let s = Srv::start(Some(&mixed()));
    let before = s.text();
    let v = s.state()["version"].as_str().unwrap().to_string();
    for body in [
        json!({"version": v, "id": "no-such-item", "answer": {"answer": "yes"}}),
        json!({"version": v, "id": "power-interception", "answer": {"answer": "not_applicable"}}),
        json!({"version": v, "id": "power-interception", "answer": {"answer": "maybe"}}),
        json!({"version": v, "id": "power-interception"}),
        json!({"version": v, "id": "power-interception", "answer": {"answer": "yes"}, "extra": 1}),
        json!({"version": v, "assessment": {"jurisdiction": "XX", "instrument": "B", "date": "June"}}),
        json!("not an object"),
    ] {
        let r = s.post(&body);
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        assert!(r.json()["error"].is_string());
        assert_eq!(s.text(), before);
    }
    let big = vec![b'x'; serve::MAX_BODY + 10];
    let r = request(
        &s.addr,
        "POST",
        "/api/save",
        &[
            ("X-Salvaguarda-Token", &s.token),
            ("Content-Type", "application/json"),
        ],
        &big,
    );
    assert_eq!(r.status, 413);
    // The details are saved like an answer.
    let r = s.post(&json!({"version": v, "assessment": {"jurisdiction": "VD",
        "instrument": "Proyecto 1187/2025", "version": "", "assessor": "A. B.", "date": "2026-01-02"}}));
    assert_eq!(r.status, 200, "{}", r.body);
    let f = answers::from_toml(&s.text()).unwrap();
    assert_eq!(f.assessment.jurisdiction, "VD");
    assert_eq!(f.assessment.assessor.as_deref(), Some("A. B."));
    assert_eq!(f.assessment.version, None);
}

/// Script and markup in every field a user types.
pub const PAYLOAD: &str =
    "<script>alert(1)</script><img src=x onerror=alert(2)>\"'`]]\n[x]\\u0000 ${7*7} {{7*7}}";

#[test]
fn what_was_typed_stays_text() {
    let s = Srv::start(Some(&mixed()));
    let v = s.state()["version"].as_str().unwrap().to_string();
    let r = s.post(&json!({"version": v, "id": "user-notification", "answer": {
        "answer": "partial", "note": PAYLOAD,
        "evidence": [{"article": PAYLOAD, "quote": PAYLOAD}]}}));
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json()["version"].as_str().unwrap().to_string();
    let r = s.post(
        &json!({"version": v, "assessment": {"jurisdiction": PAYLOAD,
        "instrument": PAYLOAD, "version": PAYLOAD, "assessor": PAYLOAD, "date": ""}}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // The file reads back with the same text, character for character.
    let f = answers::from_toml(&s.text()).unwrap();
    let a = &f.answers["user-notification"];
    assert_eq!(a.note.as_deref(), Some(PAYLOAD.trim()));
    assert_eq!(a.evidence[0].quote.as_deref(), Some(PAYLOAD));
    assert_eq!(f.assessment.assessor.as_deref(), Some(PAYLOAD.trim()));
    // The state gives it back as JSON text.
    let st = s.state();
    assert_eq!(
        st["answers"]["user-notification"]["evidence"][0]["quote"],
        PAYLOAD
    );
    let check = &st["answers"]["user-notification"]["evidence"][0]["check"];
    assert!(
        check == "article-not-found" || check == "not-found",
        "{check}"
    );
    // Downloads escape it.
    for name in ["report.html", "brief.html"] {
        let r = s.get(&format!("/download/{name}"));
        assert_eq!(r.status, 200);
        assert!(!r.body.contains("<script>alert"), "{name}");
        assert!(!r.body.contains("<img src=x"), "{name}");
    }
}

#[test]
fn downloads_in_each_language() {
    let s = Srv::start(Some(&mixed()));
    for (lang, word) in [("en", "Evidence"), ("es", "Evidencia"), ("pt", "Evidência")] {
        for (name, ctype) in [
            ("report.html", "text/html"),
            ("brief.html", "text/html"),
            ("report.csv", "text/csv"),
            ("report.json", "application/json"),
        ] {
            let r = s.get(&format!(
                "/download/{name}?lang={lang}&profile=inter-american"
            ));
            assert_eq!(r.status, 200, "{name} {lang}");
            assert!(r.header("Content-Type").unwrap().starts_with(ctype));
            let cd = r.header("Content-Disposition").unwrap();
            assert!(
                cd.starts_with("attachment;") && cd.contains(&format!("-{lang}.")),
                "{cd}"
            );
            if name == "report.html" {
                assert!(r.body.contains(word), "{lang}");
            }
            if name == "report.json" {
                assert_eq!(r.json()["profile"], "inter-american");
            }
        }
        let st = s.get(&format!("/api/state?lang={lang}")).json();
        assert_eq!(st["lang"], lang);
        assert_eq!(
            st["words"]["evidence"],
            serve::all_words()[lang]["evidence"].as_str()
        );
    }
}

#[test]
fn the_state_lists_the_bill_its_suggestions_and_skips_absent_powers() {
    let s = Srv::start(Some(&mixed()));
    let st = s.state();
    let blocks = st["bill"]["blocks"].as_array().unwrap();
    let bill = std::fs::read_to_string(repo("examples/mixed-bill.md")).unwrap();
    // The blocks cover the bill's text exactly, in order.
    let joined: String = blocks.iter().map(|b| b["text"].as_str().unwrap()).collect();
    assert_eq!(joined, bill);
    assert!(blocks.iter().any(|b| b["article"] == "Artículo 16"));
    // Each suggested passage is where the text says it is.
    let sugg = st["suggestions"].as_object().unwrap();
    assert!(sugg.len() > 20, "{}", sugg.len());
    for list in sugg.values() {
        for a in list.as_array().unwrap() {
            for p in a["passages"].as_array().unwrap() {
                let b = blocks[p["block"].as_u64().unwrap() as usize]["text"]
                    .as_str()
                    .unwrap();
                let u: Vec<u16> = b.encode_utf16().collect();
                let (s0, e0) = (
                    p["start"].as_u64().unwrap() as usize,
                    p["end"].as_u64().unwrap() as usize,
                );
                let shown = String::from_utf16(&u[s0..e0]).unwrap();
                let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(
                    squash(&shown),
                    squash(p["text"].as_str().unwrap().trim_end_matches('…')),
                );
            }
        }
    }
    // Items whose power is answered absent do not apply.
    let f = answers::from_toml(&mixed()).unwrap();
    let c = Catalog::default().load("uncc-safeguards").0.unwrap();
    let applies = salvaguarda::evaluate::applicability(&c, &f);
    for (i, it) in c.items.iter().enumerate() {
        assert_eq!(st["applies"][&it.id], applies[i], "{}", it.id);
    }
    assert!(applies.iter().any(|a| !a));
}

#[test]
fn two_clients_saving_fast_lose_no_answer() {
    let s = Arc::new(Srv::start(Some(&mixed())));
    let c = Catalog::default().load("uncc-safeguards").0.unwrap();
    let ids: Vec<String> = c
        .items
        .iter()
        .filter(|i| i.kind == salvaguarda::model::ItemKind::Safeguard)
        .map(|i| i.id.clone())
        .collect();
    const ROUNDS: usize = 40;
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let s = Arc::clone(&s);
            let mine: Vec<String> = ids.iter().skip(w).step_by(2).cloned().collect();
            std::thread::spawn(move || {
                let mut version = s.state()["version"].as_str().unwrap().to_string();
                let mut acked: Vec<(String, String)> = Vec::new();
                let mut conflicts = 0;
                for k in 0..ROUNDS {
                    let id = &mine[k % mine.len()];
                    let note = format!("client {w} round {k}");
                    loop {
                        let r = s.save(&version, id, if k % 2 == 0 { "no" } else { "yes" }, &note);
                        match r.status {
                            200 => {
                                version = r.json()["version"].as_str().unwrap().to_string();
                                acked.push((id.clone(), note.clone()));
                                break;
                            }
                            409 => {
                                // Reload (the answers and the result only) and try again.
                                conflicts += 1;
                                let live = s.get("/api/live");
                                assert_eq!(live.status, 200);
                                version = live.json()["version"].as_str().unwrap().to_string();
                            }
                            other => panic!("{other}: {}", r.body),
                        }
                    }
                    // The file is valid after each save.
                    let text = std::fs::read_to_string(&s.path).unwrap();
                    answers::from_toml(&text).unwrap();
                }
                (acked, conflicts)
            })
        })
        .collect();
    let mut last: std::collections::BTreeMap<String, String> = Default::default();
    let mut total = 0;
    for w in workers {
        let (acked, _conflicts) = w.join().unwrap();
        total += acked.len();
        for (id, note) in acked {
            last.insert(id, note);
        }
    }
    assert_eq!(total, 2 * ROUNDS);
    let f = answers::from_toml(&s.text()).unwrap();
    for (id, note) in &last {
        assert_eq!(f.answers[id].note.as_deref(), Some(note.as_str()), "{id}");
    }
}

/// The `salvaguarda serve` command, started on a free port; its address read from its output.
pub struct Cmd {
    pub child: Child,
    /// The address printed, with its token.
    pub url: String,
    pub addr: String,
    pub token: String,
}

impl Cmd {
    pub fn start(args: &[&str]) -> Cmd {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("salvaguarda"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("serve")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        assert!(url.contains("/?token="), "{url}");
        let rest = &url["http://".len()..];
        let addr = rest.split('/').next().unwrap().to_string();
        let token = url.rsplit("token=").next().unwrap().to_string();
        Cmd {
            child,
            url,
            addr,
            token,
        }
    }

    pub fn headers(&self) -> Vec<(&str, &str)> {
        vec![
            ("X-Salvaguarda-Token", self.token.as_str()),
            ("Content-Type", "application/json"),
        ]
    }
}

impl Drop for Cmd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_command_killed_mid_session_leaves_a_valid_file_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("proyecto.toml");
    let p = path.to_str().unwrap();
    let cmd = Cmd::start(&["--bill", "examples/mixed-bill.md", "--lang", "es", p]);
    let printed = &cmd.url["http://".len() + cmd.addr.len()..];
    assert_eq!(request(&cmd.addr, "GET", printed, &[], b"").status, 303);
    let st = request(&cmd.addr, "GET", "/api/state", &cmd.headers(), b"").json();
    assert_eq!(st["lang"], "es");
    let mut version = st["version"].as_str().unwrap().to_string();
    let ids = [
        "power-interception",
        "power-preservation",
        "power-production-order",
    ];
    for (k, id) in ids.iter().enumerate() {
        let body = json!({"version": version, "id": id, "answer": {"answer": "yes",
            "note": format!("n{k}"), "evidence": [{"article": "Artículo 16",
            "quote": "Conservación rápida de datos."}]}});
        let r = request(
            &cmd.addr,
            "POST",
            "/api/save",
            &cmd.headers(),
            body.to_string().as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let res = r.json();
        assert_eq!(res["answers"][id]["evidence"][0]["check"], "exact");
        version = res["version"].as_str().unwrap().to_string();
    }
    drop(cmd); // killed (SIGKILL), not stopped
    let text = std::fs::read_to_string(&path).unwrap();
    let f = answers::from_toml(&text).unwrap();
    for id in ids {
        assert_eq!(f.answers[id].answer.as_str(), "yes", "{id}");
    }
    assert_eq!(f.assessment.language.as_deref(), Some("es"));
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // Running it again resumes: the answers are there, and the file validates.
    let cmd = Cmd::start(&["--bill", "examples/mixed-bill.md", p]);
    let st = request(&cmd.addr, "GET", "/api/state", &cmd.headers(), b"").json();
    assert_eq!(st["lang"], "es");
    assert_eq!(st["version"], salvaguarda::validate::sha256(&text));
    assert_eq!(st["answers"]["power-preservation"]["note"], "n1");
    crate::bin().args(["lint", p]).assert().success();
}

#[test]
fn the_command_refuses_bad_starts() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[assessment]\nchecklist = \"uncc-safeguards\"\n").unwrap();
    let out = crate::bin()
        .args(["serve", bad.to_str().unwrap()])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("bad.toml:"), "{err}");
    let ok = dir.path().join("ok.toml");
    crate::bin()
        .args(["serve", "--lang", "fr", ok.to_str().unwrap()])
        .assert()
        .code(2);
    crate::bin()
        .args(["serve", "--listen", "nowhere:x", ok.to_str().unwrap()])
        .assert()
        .code(2);
    crate::bin()
        .args(["serve", dir.path().to_str().unwrap()])
        .assert()
        .code(2);
    assert!(!ok.exists());
}

#[test]
fn a_non_loopback_address_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.toml");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("salvaguarda"))
        .args(["serve", "--listen", "0.0.0.0:0", p.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let start = Instant::now();
    while !line.contains("warning") && start.elapsed() < Duration::from_secs(60) {
        line.clear();
        if err.read_line(&mut line).unwrap() == 0 {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("not the loopback"), "{line}");
}
