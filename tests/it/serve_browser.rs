//! The workbench in a real browser (headless Chromium through WebDriver): answering with the
//! mouse and the keyboard, a passage of the bill selected and attached as evidence, the server
//! killed in the middle and started again, a reload that finds every answer, the file changed on
//! disk, two tabs, script and markup typed into every field, and a tablet's width. Takes the
//! README's screenshot (written to docs/img/serve.png with SALVAGUARDA_UPDATE_SCREENSHOT=1).

use std::path::Path;
use std::time::{Duration, Instant};

use salvaguarda::answers;
use serde_json::{Value, json};

use crate::serve::{Cmd, PAYLOAD, repo};
use crate::webdriver::Browser;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Waits until `script` (a function body) returns true.
fn wait(b: &Browser, script: &str, what: &str) {
    let start = Instant::now();
    loop {
        if b.execute(script, json!([])) == Value::Bool(true) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn ready(b: &Browser) {
    wait(
        b,
        "return !!document.getElementById('q-text') && !!document.querySelector('#result-body .verdict')",
        "the page",
    );
}

/// Waits until every change is saved.
fn saved(b: &Browser) {
    wait(
        b,
        "return document.getElementById('save-state').className === 'saved'",
        "the save",
    );
}

fn find(b: &Browser, css: &str) -> String {
    let v = b.command(
        "POST",
        "/element",
        Some(json!({"using": "css selector", "value": css})),
    );
    v[ELEMENT]
        .as_str()
        .unwrap_or_else(|| panic!("no element {css}: {v}"))
        .to_string()
}

fn click(b: &Browser, css: &str) {
    let id = find(b, css);
    b.command("POST", &format!("/element/{id}/click"), Some(json!({})));
}

fn type_into(b: &Browser, css: &str, text: &str) {
    let id = find(b, css);
    b.command(
        "POST",
        &format!("/element/{id}/value"),
        Some(json!({ "text": text })),
    );
}

/// Presses keys on whatever has the focus.
fn keys(b: &Browser, text: &str) {
    let actions: Vec<Value> = text
        .chars()
        .flat_map(|c| {
            [
                json!({"type": "keyDown", "value": c.to_string()}),
                json!({"type": "keyUp", "value": c.to_string()}),
            ]
        })
        .collect();
    b.command(
        "POST",
        "/actions",
        Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
    );
}

fn js(b: &Browser, script: &str) -> Value {
    b.execute(script, json!([]))
}

fn current(b: &Browser) -> String {
    js(b, "return location.hash.slice(1)")
        .as_str()
        .unwrap()
        .to_string()
}

/// Shows a question by its id (the page follows the address's fragment).
fn go(b: &Browser, id: &str) {
    b.execute("location.hash = arguments[0]", json!([id]));
    wait(
        b,
        &format!(
            "return document.getElementById('nav-' + 0) !== null && location.hash === '#{id}' && document.querySelector('.qbtn.current') !== null && document.getElementById('q-text').textContent.length > 0 && window.getComputedStyle(document.body) !== null && document.querySelector('.qbtn.current').id === 'nav-' + [...document.querySelectorAll('.qbtn')].findIndex(e => e.dataset.id === '{id}')"
        ),
        id,
    );
}

fn file(path: &Path) -> salvaguarda::model::AnswersFile {
    answers::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn answering_in_the_browser() {
    let Some(b) = Browser::start(1280, 860) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("proyecto.toml");
    let p = path.to_str().unwrap();
    let cmd = Cmd::start(&["--bill", "examples/mixed-bill.md", "--lang", "en", p]);
    b.navigate(&cmd.url);
    ready(&b);
    // The token left the address bar; the page came from the cookie.
    assert!(
        !js(&b, "return location.href")
            .as_str()
            .unwrap()
            .contains("token")
    );

    // The first question, answered with the mouse; the next with the keyboard alone.
    let first = current(&b);
    assert!(!first.is_empty());
    click(&b, "input[name=answer][value=yes]");
    saved(&b);
    assert!(path.exists(), "the first answer creates the file");
    b.execute("document.activeElement.blur()", json!([]));
    keys(&b, "n");
    let second = current(&b);
    assert_ne!(second, first);
    keys(&b, "3");
    saved(&b);
    type_into(&b, "#note", PAYLOAD);
    click(&b, "#q-text");
    saved(&b);
    let f = file(&path);
    assert_eq!(f.answers[&first].answer.as_str(), "yes");
    assert_eq!(f.answers[&second].answer.as_str(), "no");
    assert_eq!(f.answers[&second].note.as_deref(), Some(PAYLOAD));

    // Words of the bill selected and attached: the article and the exact quote, verified.
    go(&b, "preservation-max-90-days");
    let quote = "por un plazo máximo de noventa días";
    let found = b.execute(
        "const [label, words] = arguments; \
         const blk = [...document.querySelectorAll('.blk')].find(e => e.textContent.includes(label)); \
         const w = document.createTreeWalker(blk, NodeFilter.SHOW_TEXT); \
         for (let t = w.nextNode(); t; t = w.nextNode()) { \
           const at = t.data.indexOf(words); \
           if (at >= 0) { const r = document.createRange(); r.setStart(t, at); \
             r.setEnd(t, at + words.length); window.__selected = false; \
             document.addEventListener('selectionchange', () => { \
               if (!getSelection().isCollapsed) window.__selected = true; }); \
             const s = getSelection(); s.removeAllRanges(); \
             s.addRange(r); blk.scrollIntoView(); return true; } } \
         return false;",
        json!(["Artículo 16", quote]),
    );
    assert_eq!(found, true, "the words are in the bill");
    // selectionchange is dispatched later: the page has read the selection once a listener
    // added after its own has seen it.
    wait(&b, "return window.__selected === true", "the selection");
    click(&b, "#attach");
    keys(&b, "1");
    saved(&b);
    let f = file(&path);
    let ev = &f.answers["preservation-max-90-days"].evidence;
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(ev[0].article.as_deref(), Some("Artículo 16"));
    assert_eq!(ev[0].quote.as_deref(), Some(quote));
    wait(
        &b,
        "return document.querySelector('#evidence .ev').classList.contains('c-exact')",
        "the evidence check",
    );

    // The per-power matrix and the verdict follow the answers.
    assert!(
        js(&b, "return document.querySelectorAll('.matrix .pm').length")
            .as_u64()
            .unwrap()
            > 0
    );

    // Killed in the middle: the file holds every answer saved, and the page says the server
    // is gone at the next change instead of pretending to save.
    drop(cmd);
    let f = file(&path);
    assert_eq!(
        f.answers.len(),
        3,
        "{:?} {first} {second}",
        f.answers.keys().collect::<Vec<_>>()
    );
    click(&b, "input[name=answer][value=no]");
    wait(
        &b,
        "return !document.getElementById('banner').hidden",
        "the banner",
    );
    assert_eq!(
        file(&path).answers["preservation-max-90-days"]
            .answer
            .as_str(),
        "yes"
    );

    // Started again: a reload finds everything.
    let cmd = Cmd::start(&["--bill", "examples/mixed-bill.md", p]);
    b.navigate(&cmd.url);
    ready(&b);
    go(&b, &second);
    assert_eq!(
        js(
            &b,
            "return document.querySelector('input[name=answer]:checked').value"
        ),
        "no"
    );
    assert_eq!(
        js(&b, "return document.getElementById('note').value"),
        PAYLOAD
    );
    go(&b, "preservation-max-90-days");
    assert_eq!(
        js(
            &b,
            "return document.querySelector('#evidence .ev-quote').value"
        ),
        quote
    );

    // Script and markup in every field a user types, then a reload: all of it stays text.
    b.execute(
        "const p = arguments[0]; \
         for (const k of ['jurisdiction','instrument','version','assessor']) { \
           const i = document.getElementById('d-' + k); i.value = p; \
           i.dispatchEvent(new Event('change')); } \
         const a = document.querySelector('#evidence .ev-article'); a.value = p; \
         a.dispatchEvent(new Event('change')); \
         const q = document.querySelector('#evidence .ev-quote'); q.value = p; \
         q.dispatchEvent(new Event('change'));",
        json!([PAYLOAD]),
    );
    saved(&b);
    b.navigate(&format!("http://{}/#preservation-max-90-days", cmd.addr));
    ready(&b);
    assert_eq!(current(&b), "preservation-max-90-days");
    let f = file(&path);
    // A one-line field drops the line break, as every browser does.
    let one_line = PAYLOAD.replace('\n', "");
    assert_eq!(f.assessment.assessor.as_deref(), Some(one_line.as_str()));
    assert_eq!(
        f.answers["preservation-max-90-days"].evidence[0]
            .quote
            .as_deref(),
        Some(PAYLOAD)
    );
    assert_eq!(
        js(
            &b,
            "return document.querySelector('#evidence .ev-quote').value"
        ),
        PAYLOAD
    );
    assert_eq!(
        js(&b, "return document.getElementById('d-assessor').value"),
        one_line.as_str()
    );
    assert_eq!(
        js(
            &b,
            "return document.querySelectorAll('img, script:not([src])').length"
        ),
        0
    );
    go(&b, &second);
    assert_eq!(
        js(&b, "return document.getElementById('note').value"),
        PAYLOAD
    );

    // The file changed on disk (by hand): the next change is refused, the hand edit stays,
    // and the page offers to reload.
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("answer = \"yes\"", "answer = \"partial\"", 1);
    std::fs::write(&path, &edited).unwrap();
    click(&b, "input[name=answer][value=yes]");
    wait(
        &b,
        "return !document.getElementById('banner').hidden",
        "the conflict banner",
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    click(&b, "#reload");
    wait(
        &b,
        "return document.getElementById('banner').hidden",
        "the reload",
    );
    go(&b, &first);
    assert_eq!(
        js(
            &b,
            "return document.querySelector('input[name=answer]:checked').value"
        ),
        "partial"
    );

    // Two tabs: the second one's stale save is refused and the first one's answer stays.
    let tab_a = b.command("GET", "/window", None);
    let tab_b = b.command("POST", "/window/new", Some(json!({"type": "tab"})));
    let tab_b = tab_b["handle"].clone();
    b.command("POST", "/window", Some(json!({ "handle": tab_b })));
    b.navigate(&format!("http://{}/#{second}", cmd.addr));
    ready(&b);
    b.command("POST", "/window", Some(json!({ "handle": tab_a })));
    click(&b, "input[name=answer][value=no]");
    saved(&b);
    b.command("POST", "/window", Some(json!({ "handle": tab_b })));
    click(&b, "input[name=answer][value=yes]");
    wait(
        &b,
        "return !document.getElementById('banner').hidden",
        "the conflict in tab B",
    );
    assert_eq!(file(&path).answers[&first].answer.as_str(), "no");
    assert_eq!(file(&path).answers[&second].answer.as_str(), "no");
    b.command("DELETE", "/window", None);
    b.command("POST", "/window", Some(json!({ "handle": tab_a })));
    crate::bin().args(["lint", p]).assert().success();
}

#[test]
fn the_workbench_at_a_tablet_width_and_the_readme_screenshot() {
    let Some(b) = Browser::start(1200, 760) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("proyecto.toml");
    std::fs::copy(repo("examples/mixed.toml"), &path).unwrap();
    let cmd = Cmd::start(&[
        "--bill",
        "examples/mixed-bill.md",
        "--lang",
        "es",
        path.to_str().unwrap(),
    ]);
    b.navigate(&cmd.url);
    ready(&b);
    go(&b, "preservation-no-disclosure-without-order");
    b.execute(
        "const m = document.querySelector('mark.sugg'); if (m) m.scrollIntoView({block: 'center'}); \
         window.scrollTo(0, 0);",
        json!([]),
    );
    assert_eq!(js(&b, "return document.documentElement.lang"), "es");
    assert!(
        js(&b, "return document.querySelectorAll('mark.sugg').length")
            .as_u64()
            .unwrap()
            > 0
    );
    let png = b.screenshot();
    assert!(png.starts_with(b"\x89PNG"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve.png");
    std::fs::write(&out, &png).unwrap();
    if std::env::var("SALVAGUARDA_UPDATE_SCREENSHOT").is_ok_and(|v| v == "1") {
        std::fs::write(repo("docs/img/serve.png"), &png).unwrap();
    }
    // A tablet held upright: nothing wider than the screen, every control reachable.
    for (w, h) in [(768, 1024), (1024, 768)] {
        b.set_viewport(w, h);
        assert_eq!(
            js(
                &b,
                "return document.documentElement.scrollWidth <= innerWidth"
            ),
            true,
            "{w}x{h}"
        );
        for id in ["attach", "next", "prev", "lang"] {
            let r = js(
                &b,
                &format!(
                    "const r = document.getElementById('{id}').getBoundingClientRect(); return r.width > 0 && r.right <= innerWidth"
                ),
            );
            assert_eq!(r, true, "{id} at {w}x{h}");
        }
    }
    // Switching the language re-labels the page.
    b.execute(
        "const s = document.getElementById('lang'); s.value = 'pt'; s.dispatchEvent(new Event('change'));",
        json!([]),
    );
    wait(
        &b,
        "return document.documentElement.lang === 'pt'",
        "Portuguese",
    );
    ready(&b);
    assert_eq!(
        js(&b, "return document.getElementById('l-bill').textContent"),
        "O projeto"
    );
}
