//! A small W3C WebDriver client for the browser tests: it starts Debian's `chromedriver`, opens
//! a headless Chromium session and speaks the WebDriver JSON protocol over plain HTTP/1.1 on a
//! local socket (no HTTP or WebDriver crate).
//!
//! `Browser::start()` returns `None` (after saying why) when `chromedriver` or Chromium is
//! missing, unless `SALVAGUARDA_REQUIRE_CHROMIUM=1` (set by `.ci/run`), which makes their absence
//! a failure, as in `browser.rs`. Chromium is looked for as `$SALVAGUARDA_CHROMIUM`, `chromium`,
//! `chromium-browser` or `google-chrome`; the driver as `$SALVAGUARDA_CHROMEDRIVER` or
//! `chromedriver`.
//!
//! One driver process serves every session open at the same time (tests running in parallel
//! share it); it is stopped when the last session is dropped, so no process outlives the tests.

#![allow(dead_code)] // Each test module uses the part of the client it needs.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long one WebDriver command may take (printing a long report is the slowest).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(180);

/// An executable on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The first of `$var` and the names on `PATH` that exists.
fn find(var: &str, names: &[&str]) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .into_iter()
        .chain(names.iter().filter_map(|n| on_path(n)))
        .find(|p| p.is_file())
}

/// Whether a missing browser or driver must fail the tests.
pub fn required() -> bool {
    std::env::var("SALVAGUARDA_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1")
}

/// Says why a browser test is skipped, or fails when the browser is required.
fn skip(why: &str) {
    assert!(
        !required(),
        "SALVAGUARDA_REQUIRE_CHROMIUM=1 but {why} (install Debian's `chromium` and `chromium-driver`)"
    );
    // Straight to the terminal: libtest captures `eprintln!` of passing tests.
    let _ = writeln!(std::io::stderr(), "SKIPPED browser test: {why}");
}

/// A running `chromedriver`, stopped (and waited for) on drop.
struct Driver {
    child: Mutex<Child>,
    addr: SocketAddr,
    chromium: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// The driver shared by the sessions open now.
static SHARED: Mutex<Weak<Driver>> = Mutex::new(Weak::new());

impl Driver {
    /// The running driver, or a new one.
    fn shared(chromedriver: &Path, chromium: &Path) -> Arc<Driver> {
        let mut slot = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(d) = slot.upgrade() {
            return d;
        }
        let d = Arc::new(Driver::spawn(chromedriver, chromium));
        *slot = Arc::downgrade(&d);
        d
    }

    fn spawn(chromedriver: &Path, chromium: &Path) -> Driver {
        let mut last = String::new();
        // A free port can be taken between asking for it and the driver binding it: retry.
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free local port")
                .port();
            let mut child = Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .arg("--allowed-ips=127.0.0.1")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts");
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    last = format!("chromedriver exited: {status}");
                    break;
                }
                if let Ok((200, v)) = http(addr, "GET", "/status", None)
                    && v["value"]["ready"] == true
                {
                    return Driver {
                        child: Mutex::new(child),
                        addr,
                        chromium: chromium.to_path_buf(),
                    };
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    last = "chromedriver was not ready within 20 s".into();
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("{last}");
    }
}

/// One HTTP/1.1 exchange with the driver; the response body parsed as JSON.
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<(u16, Value), String> {
    let mut stream =
        TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(COMMAND_TIMEOUT))
        .map_err(|e| e.to_string())?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: application/json\r\n"
    );
    if method != "GET" {
        request.push_str(&format!(
            "Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    // The driver keeps the connection open after its answer (whatever `Connection` says): read
    // the headers, then as many bytes as they announce.
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        if response_complete(&raw) {
            break;
        }
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    parse_response(&raw)
}

/// Whether `raw` holds a whole response: headers and the body they announce.
fn response_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    if head.contains("transfer-encoding: chunked") || head.contains("transfer-encoding:chunked") {
        return dechunk(body).is_ok();
    }
    match head
        .split("\r\n")
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        Some(len) => body.len() >= len,
        None => false,
    }
}

/// The status and JSON body of a raw HTTP/1.1 response (with a `Content-Length`, chunked, or
/// ended by closing the connection).
fn parse_response(raw: &[u8]) -> Result<(u16, Value), String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|e| e.to_string())?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let mut body = raw[split + 4..].to_vec();
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body)?;
    } else if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        if body.len() < len {
            return Err(format!("body cut short: {} of {len} bytes", body.len()));
        }
        body.truncate(len);
    }
    let value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| format!("{e} in a {status} response"))?
    };
    Ok((status, value))
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("chunk size without end of line")?;
        let size_text = std::str::from_utf8(&rest[..eol]).map_err(|e| e.to_string())?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("chunk size {size_text:?}: {e}"))?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if rest.len() < size {
            return Err("chunk cut short".into());
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
}

/// Standard base64 (with or without padding) to bytes.
pub fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {:?}", c as char),
        }
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for group in digits.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in group.iter().enumerate() {
            n |= value(c) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..group.len()]);
    }
    out
}

/// A headless Chromium session, deleted on drop (the driver stops with the last session).
pub struct Browser {
    driver: Arc<Driver>,
    session: String,
    /// Pages written for `open_html`, removed on drop.
    dir: tempfile::TempDir,
    pages: usize,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.driver.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
    }
}

impl Browser {
    /// A new session in a window `width` x `height` CSS pixels, or None (after saying so) when
    /// the tests should be skipped.
    pub fn start(width: u32, height: u32) -> Option<Browser> {
        let Some(chromium) = find(
            "SALVAGUARDA_CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        ) else {
            skip("Chromium not found (set SALVAGUARDA_CHROMIUM or install `chromium`)");
            return None;
        };
        let Some(chromedriver) = find("SALVAGUARDA_CHROMEDRIVER", &["chromedriver"]) else {
            skip(
                "chromedriver not found (set SALVAGUARDA_CHROMEDRIVER or install `chromium-driver`)",
            );
            return None;
        };
        let driver = Driver::shared(&chromedriver, &chromium);
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("profile");
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": driver.chromium,
                        "args": [
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--no-first-run",
                            "--hide-scrollbars",
                            format!("--user-data-dir={}", profile.display()),
                            format!("--window-size={width},{height}"),
                        ]
                    }
                }
            }
        });
        let mut last = String::new();
        // Two shared cores can make a first start slow: try twice.
        for _ in 0..2 {
            match http(driver.addr, "POST", "/session", Some(&caps)) {
                Ok((200, v)) => {
                    let session = v["value"]["sessionId"]
                        .as_str()
                        .expect("a session id")
                        .to_string();
                    let browser = Browser {
                        driver,
                        session,
                        dir,
                        pages: 0,
                    };
                    browser.set_viewport(width, height);
                    return Some(browser);
                }
                Ok((status, v)) => last = format!("{status}: {}", v["value"]["message"]),
                Err(e) => last = e,
            }
        }
        panic!("no WebDriver session: {last}");
    }

    /// Sends a command of this session; its `value`, or a panic with the driver's message.
    pub fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_command(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    /// Sends a command of this session; its `value`, or the driver's error and message.
    pub fn try_command(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let url = format!("/session/{}{path}", self.session);
        match http(self.driver.addr, method, &url, body.as_ref())? {
            (200, mut v) => Ok(v["value"].take()),
            (status, v) => Err(format!(
                "{status} {}: {}",
                v["value"]["error"], v["value"]["message"]
            )),
        }
    }

    /// Sizes the window so that the page's viewport (`innerWidth` x `innerHeight`) is exactly
    /// `width` x `height` CSS pixels.
    pub fn set_viewport(&self, width: u32, height: u32) {
        let mut target = (i64::from(width), i64::from(height));
        // A busy machine may apply a resize late: measure again a few times before giving up.
        for attempt in 0..10 {
            if attempt > 0 {
                std::thread::sleep(std::time::Duration::from_millis(100 * attempt));
            }
            self.command(
                "POST",
                "/window/rect",
                Some(json!({"width": target.0, "height": target.1})),
            );
            let inner = self.execute("return [innerWidth, innerHeight]", json!([]));
            let (w, h) = (inner[0].as_i64().unwrap(), inner[1].as_i64().unwrap());
            if (w, h) == (i64::from(width), i64::from(height)) {
                return;
            }
            target.0 += i64::from(width) - w;
            target.1 += i64::from(height) - h;
        }
        panic!("could not size the viewport to {width} x {height}");
    }

    /// Opens a URL and waits for the page to load.
    pub fn navigate(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// Opens a local file.
    pub fn open_file(&self, path: &Path) {
        let path = path.canonicalize().expect("the page exists");
        self.navigate(&format!("file://{}", path.display()));
    }

    /// Writes `html` to a temporary file and opens it.
    pub fn open_html(&mut self, html: &str) -> PathBuf {
        self.pages += 1;
        let path = self.dir.path().join(format!("page-{}.html", self.pages));
        std::fs::write(&path, html).unwrap();
        self.open_file(&path);
        path
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page; its JSON result.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// A Chrome DevTools Protocol command through the driver (Chromium only).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// Lays the page out for print (`@media print`) or back for the screen.
    pub fn emulate_print(&self, print: bool) {
        let media = if print { "print" } else { "" };
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": media }));
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let b64 = self.command("GET", "/screenshot", None);
        base64_decode(b64.as_str().expect("base64 PNG"))
    }

    /// The page printed to PDF as Chromium prints it: the page's own `@page` size and margins
    /// (A4 portrait where the page sets none), backgrounds included. Through the DevTools
    /// protocol: WebDriver's own "print" gives up after 10 s, which a long report on two busy
    /// cores can take. A renderer timeout is retried once.
    pub fn print_a4(&self) -> Vec<u8> {
        let params = json!({
            "paperWidth": 210.0 / 25.4,
            "paperHeight": 297.0 / 25.4,
            "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0,
            "printBackground": true,
            "preferCSSPageSize": true,
        });
        let body = json!({ "cmd": "Page.printToPDF", "params": params });
        let result = self
            .try_command("POST", "/goog/cdp/execute", Some(body.clone()))
            .or_else(|e| {
                if e.contains("timeout") {
                    self.try_command("POST", "/goog/cdp/execute", Some(body))
                } else {
                    Err(e)
                }
            })
            .unwrap_or_else(|e| panic!("printing: {e}"));
        base64_decode(result["data"].as_str().expect("base64 PDF"))
    }

    /// The page printed to PDF with WebDriver's print parameters.
    pub fn print(&self, params: Value) -> Vec<u8> {
        let b64 = self.command("POST", "/print", Some(params));
        base64_decode(b64.as_str().expect("base64 PDF"))
    }
}

#[test]
fn base64_is_decoded() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGVsbG8"), b"hello");
    assert_eq!(base64_decode("aGk+Pz8/"), b"hi>???");
    assert_eq!(base64_decode(""), b"");
}

#[test]
fn http_responses_are_parsed() {
    let plain = b"HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n{\"value\":1}\r\nEXTRA";
    assert_eq!(parse_response(plain).unwrap(), (200, json!({"value": 1})));
    let chunked = b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:2}\r\n0\r\n\r\n";
    assert_eq!(parse_response(chunked).unwrap(), (404, json!({"a": 2})));
    assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}").is_err());
    assert!(parse_response(b"garbage").is_err());
    // The driver's own spelling: no space after the colon.
    let driver = b"HTTP/1.1 200 OK\r\nContent-Length:2\r\nConnection:close\r\n\r\n{}";
    assert!(response_complete(driver));
    assert!(!response_complete(&driver[..driver.len() - 1]));
    assert!(response_complete(chunked));
    assert!(!response_complete(&chunked[..chunked.len() - 5]));
}

#[test]
fn a_headless_session_measures_runs_script_screenshots_and_prints() {
    let Some(mut browser) = Browser::start(390, 800) else {
        return;
    };
    browser.open_html(
        "<!doctype html><html><head><style>@page { size: A4; margin: 2cm }</style></head>\
         <body><p id=p style=\"width: 1000px\">wide</p></body></html>",
    );
    let v = browser.execute(
        "return {inner: innerWidth, scroll: document.scrollingElement.scrollWidth, \
         text: document.getElementById(arguments[0]).textContent}",
        json!(["p"]),
    );
    assert_eq!(v["inner"], 390, "{v}");
    assert!(v["scroll"].as_i64().unwrap() >= 1000, "{v}");
    assert_eq!(v["text"], "wide");
    let png = browser.screenshot();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let pdf = browser.print_a4();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    // A second session shares the driver.
    let other = Browser::start(1280, 800).expect("a second session");
    assert!(Arc::ptr_eq(&browser.driver, &other.driver));
    assert_eq!(other.execute("return innerWidth", json!([])), 1280);
}
