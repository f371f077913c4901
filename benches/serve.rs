//! Latency of a save in the workbench (`serve`): the answers file read and checked, the change
//! written atomically, the assessment re-scored and the result sent back as JSON, measured by a
//! client over the loopback. Run with `cargo bench --bench serve`; the goal is under 20 ms at
//! the 99th percentile.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use salvaguarda::bill::Bill;
use salvaguarda::catalog::Catalog;
use salvaguarda::report::Templates;
use salvaguarda::serve::{self, Config, Workbench, http};

fn post(addr: &str, token: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    let req = format!(
        "POST /api/save HTTP/1.0\r\nHost: {addr}\r\nX-Salvaguarda-Token: {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    (status, body)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.toml");
    std::fs::copy(root.join("examples/mixed.toml"), &path).unwrap();
    let catalog = Catalog::default();
    let checklist = Arc::new(catalog.load("uncc-safeguards").0.unwrap());
    let (bill, _) = Bill::load(&[root.join("examples/mixed-bill.md")]);
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
    let addr = bound.to_string();
    let mut version = salvaguarda::validate::sha256(&std::fs::read_to_string(&path).unwrap());
    let n: usize = std::env::var("SAVES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    let mut times = Vec::with_capacity(n);
    for k in 0..n + 20 {
        let body = serde_json::json!({
            "version": version, "id": "user-notification",
            "answer": {"answer": if k % 2 == 0 { "no" } else { "partial" },
                       "note": format!("save {k}"),
                       "evidence": [{"article": "Artículo 27", "quote": "notificará"}]}
        })
        .to_string();
        let t = Instant::now();
        let (status, resp) = post(&addr, &token, &body);
        let dt = t.elapsed();
        assert_eq!(status, 200, "{resp}");
        let v: serde_json::Value = serde_json::from_str(&resp).unwrap();
        version = v["version"].as_str().unwrap().to_string();
        if k >= 20 {
            times.push(dt.as_secs_f64() * 1000.0);
        }
    }
    running.stop();
    times.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "serve: {n} saves of examples/mixed.toml (164 questions, {} KiB) with its bill: \
         p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        std::fs::metadata(&path).unwrap().len() / 1024,
        q(0.5),
        q(0.9),
        q(0.99),
        times[times.len() - 1]
    );
}
