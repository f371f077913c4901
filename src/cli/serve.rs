//! `serve`: the assessment workbench, a local web page over one answers file.

use salvaguarda::i18n::tr;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;

use salvaguarda::assess;
use salvaguarda::bill::Bill;
use salvaguarda::catalog::Catalog;
use salvaguarda::input::{self, Kind};
use salvaguarda::output::{self, Policy};
use salvaguarda::report::Templates;
use salvaguarda::serve::{self, Config, Workbench, http};

use super::{BAD_INPUT, OK, fail, fail_with, print_diags, say};

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The answers file: resumed when it exists, created at the first answer otherwise.
    pub answers: PathBuf,
    /// The bill's text (plain text or Markdown; several files with several --bill), shown
    /// beside the questions, split into articles, with the passages `scan` suggests.
    #[arg(long, value_name = "FILE")]
    pub bill: Vec<PathBuf>,
    /// The checklist of a new answers file (id or folder); an existing file answers its own.
    #[arg(long, value_name = "CHECKLIST")]
    pub checklist: Option<String>,
    /// The address to listen on. The default is the loopback on a free port; any other
    /// address lets others on the network reach the page (it still needs the token).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub listen: String,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Language of the page at first (default: the answers file's, or the checklist's first).
    #[arg(long)]
    pub lang: Option<String>,
}

const OWN_FILE: Policy = Policy {
    overwrite: false,
    own_file: true,
};

pub fn serve(catalog: &Catalog, templates: &Templates, args: &ServeArgs) -> u8 {
    match output::decide(Some(&args.answers), OWN_FILE) {
        Err(d) => return fail_with(d),
        Ok(output::Dest::Create(_) | output::Dest::Replace(_)) => {}
        Ok(_) => {
            return fail(&tr(
                "cli_serve_needs_file",
                &[("file", &args.answers.display())],
            ));
        }
    }
    let (checklist, language) = if args.answers.exists() {
        let src = match input::read_source(&args.answers, Kind::Answers) {
            Ok(f) => f,
            Err(d) => return fail_with(d),
        };
        let (a, diags) = assess::load(src, catalog, args.checklist.as_deref(), &[]);
        print_diags(&diags);
        match a.filter(|_| !diags.has_errors()) {
            Some(a) => (a.checklist, a.answers.assessment.language),
            None => {
                say(&tr(
                    "cli_serve_fix_first",
                    &[("file", &args.answers.display())],
                ));
                return BAD_INPUT;
            }
        }
    } else {
        let (c, diags) = catalog.load(args.checklist.as_deref().unwrap_or("uncc-safeguards"));
        print_diags(&diags);
        match c {
            Some(c) => (Arc::new(c), None),
            None => return BAD_INPUT,
        }
    };
    let langs = &checklist.header.languages;
    let lang = match &args.lang {
        Some(l) if !langs.contains(l) => {
            return fail(&tr(
                "cli_lang_not_in_checklist",
                &[
                    ("lang", &l),
                    ("id", &checklist.header.id),
                    ("languages", &langs.join(", ")),
                ],
            ));
        }
        Some(l) => l.clone(),
        None => language
            .filter(|l| langs.contains(l))
            .unwrap_or_else(|| checklist.default_language().to_string()),
    };
    let bill = if args.bill.is_empty() {
        None
    } else {
        let (b, diags) = Bill::load(&args.bill);
        print_diags(&diags);
        match b {
            Some(b) => Some(b),
            None => return BAD_INPUT,
        }
    };
    let addr: SocketAddr = match args.listen.to_socket_addrs().map(|mut a| a.next()) {
        Ok(Some(a)) => a,
        _ => {
            return fail(&tr("cli_serve_bad_listen", &[("addr", &args.listen)]));
        }
    };
    if !addr.ip().is_loopback() {
        say(&tr(
            "cli_serve_not_loopback",
            &[("addr", &addr), ("file", &args.answers.display())],
        ));
    }
    let (server, bound) = match http::bind(addr) {
        Ok(s) => s,
        Err(e) => {
            return fail(&tr(
                "cli_serve_listen_failed",
                &[("addr", &addr), ("error", &e)],
            ));
        }
    };
    let templates = match Templates::new(templates.dir.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(&e.to_string()),
    };
    let wb = Workbench::new(Config {
        path: args.answers.clone(),
        checklist,
        catalog: catalog.clone(),
        templates,
        bill,
        lang,
        token: serve::new_token(),
        hosts: serve::allowed_hosts(&bound),
    });
    let url = wb.url();
    let running = http::start(Arc::new(wb), server, bound);
    // The address goes to standard output alone, so that a script can read it.
    if output::to_stdout(format!("{url}\n").as_bytes()).is_err() {
        return BAD_INPUT;
    }
    say(&tr("cli_serve_open", &[("file", &args.answers.display())]));
    if args.open {
        open_browser(&url);
    }
    running.wait();
    OK
}

/// Asks the desktop to open the address; a failure is only reported.
fn open_browser(url: &str) {
    let (cmd, pre): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let spawned = std::process::Command::new(cmd)
        .args(pre)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        say(&tr("cli_serve_no_browser", &[("cmd", &cmd), ("error", &e)]));
    }
}
