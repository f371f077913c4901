//! The terminal: whether diagnostics are coloured (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`), and
//! the pager that long reports go through on a terminal (`$PAGER`, `--no-pager`).
//!
//! Everything here only changes what a person at a terminal sees: a pipe or a file gets the
//! same bytes as without it.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use salvaguarda::output;

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Only on a terminal, and not when NO_COLOR is set (CLICOLOR_FORCE=1 forces colour).
    #[default]
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

static COLOR_STDERR: AtomicBool = AtomicBool::new(false);
static NO_PAGER: AtomicBool = AtomicBool::new(false);

/// Whether colour is on for a stream, given the choice, the environment and whether the
/// stream is a terminal.
pub fn colour_for(choice: ColorChoice, env: &dyn Fn(&str) -> Option<String>, tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else {
                tty && env("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// Sets up the terminal choices for this run (called once, before any command).
pub fn init(color: ColorChoice, no_pager: bool) {
    let env = |k: &str| std::env::var(k).ok();
    COLOR_STDERR.store(
        colour_for(color, &env, std::io::stderr().is_terminal()),
        Ordering::Relaxed,
    );
    NO_PAGER.store(no_pager, Ordering::Relaxed);
}

/// Whether diagnostics on standard error are coloured.
pub fn colour_stderr() -> bool {
    COLOR_STDERR.load(Ordering::Relaxed)
}

/// Prints diagnostics' text to standard error: coloured when [`colour_stderr`], otherwise as
/// plain text (with control characters escaped).
pub fn stderr_diagnostics(plain: &str, styled: &str) {
    if colour_stderr() {
        output::to_stderr_styled(styled);
    } else {
        output::to_stderr(plain);
    }
}

/// The pager command to run, or `None` when output is not paged: standard output is not a
/// terminal, `--no-pager` was given, or `PAGER` is empty or `cat`. The default is
/// `less -FRX` (quit at once when the text fits, keep the text on screen afterwards).
pub fn pager_command(
    stdout_tty: bool,
    no_pager: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<Vec<String>> {
    if !stdout_tty || no_pager {
        return None;
    }
    let pager = env("SALVAGUARDA_PAGER")
        .or_else(|| env("PAGER"))
        .unwrap_or_else(|| "less -FRX".to_string());
    let words: Vec<String> = pager.split_whitespace().map(str::to_string).collect();
    match words.first().map(String::as_str) {
        None | Some("cat") => None,
        Some(_) => Some(words),
    }
}

/// The pager for this run's standard output, if output is to be paged (see [`pager_command`]).
pub fn pager() -> Option<Vec<String>> {
    let env = |k: &str| std::env::var(k).ok();
    pager_command(
        std::io::stdout().is_terminal(),
        NO_PAGER.load(Ordering::Relaxed),
        &env,
    )
}

/// Shows `text` through the pager `cmd` and waits for it; false if the pager cannot be started.
pub fn run_pager(cmd: &[String], text: &str) -> bool {
    let Some((program, args)) = cmd.split_first() else {
        return false;
    };
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::piped());
    // `less` without options of its own quits when the text fits and leaves it on screen.
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    let Ok(mut child) = command.spawn() else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // The pager may be quit before it has read everything: a closed pipe is not an error.
        let _ = stdin.write_all(salvaguarda::diag::escape_controls(text).as_bytes());
    }
    let _ = child.wait();
    true
}

/// Writes a long text to standard output: through the pager on a terminal (see
/// [`pager_command`]), otherwise as it is. Returns whether a pager showed it; a pager that
/// cannot be started is skipped and the text printed directly.
pub fn page(text: &str) -> Result<bool, u8> {
    if let Some(cmd) = pager()
        && run_pager(&cmd, text)
    {
        return Ok(true);
    }
    super::write_out(None, text.as_bytes(), output::Policy::default())?;
    Ok(false)
}

/// The verdict of a Markdown report: its first `## ` section (the verdict, the score and the
/// red lines), which the report's template puts first in every language.
pub fn verdict_section(md: &str) -> Option<String> {
    let mut out = String::new();
    let mut inside = false;
    for line in md.lines() {
        if line.starts_with("## ") {
            if inside {
                break;
            }
            inside = true;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    let out = out.trim_end().to_string();
    (!out.is_empty()).then_some(out + "\n")
}

/// Writes a Markdown report to standard output. On a terminal it goes through the pager and
/// its verdict is printed again after it, so the verdict is what stays on screen; into a pipe
/// or a file it is written as it is.
pub fn page_report(md: &str) -> Result<(), u8> {
    let tty = std::io::stdout().is_terminal();
    let paged = page(md)?;
    if tty && let Some(v) = verdict_section(md) {
        let lead = if paged { "" } else { "\n" };
        super::write_out(
            None,
            format!("{lead}{v}").as_bytes(),
            output::Policy::default(),
        )?;
    }
    Ok(())
}

/// The width of the terminal on standard output, if it is one.
pub fn stdout_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| w.0 as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn colour_follows_the_choice_the_terminal_and_the_environment() {
        let none = env_of(&[]);
        assert!(colour_for(ColorChoice::Auto, &none, true));
        assert!(!colour_for(ColorChoice::Auto, &none, false));
        assert!(colour_for(ColorChoice::Always, &none, false));
        assert!(!colour_for(ColorChoice::Never, &none, true));
        let no_color = env_of(&[("NO_COLOR", "1")]);
        assert!(!colour_for(ColorChoice::Auto, &no_color, true));
        assert!(colour_for(ColorChoice::Always, &no_color, true));
        let empty = env_of(&[("NO_COLOR", "")]);
        assert!(colour_for(ColorChoice::Auto, &empty, true));
        let force = env_of(&[("CLICOLOR_FORCE", "1")]);
        assert!(colour_for(ColorChoice::Auto, &force, false));
        let force0 = env_of(&[("CLICOLOR_FORCE", "0")]);
        assert!(!colour_for(ColorChoice::Auto, &force0, false));
        let dumb = env_of(&[("TERM", "dumb")]);
        assert!(!colour_for(ColorChoice::Auto, &dumb, true));
    }

    #[test]
    fn the_pager_is_used_only_on_a_terminal_and_when_wanted() {
        let none = env_of(&[]);
        assert_eq!(
            pager_command(true, false, &none),
            Some(vec!["less".to_string(), "-FRX".to_string()])
        );
        assert_eq!(pager_command(false, false, &none), None);
        assert_eq!(pager_command(true, true, &none), None);
        assert_eq!(pager_command(true, false, &env_of(&[("PAGER", "")])), None);
        assert_eq!(
            pager_command(true, false, &env_of(&[("PAGER", "cat")])),
            None
        );
        assert_eq!(
            pager_command(true, false, &env_of(&[("PAGER", "more -d")])),
            Some(vec!["more".to_string(), "-d".to_string()])
        );
    }

    #[test]
    fn the_verdict_section_is_the_first_second_level_section() {
        let md = "# Title\n\n| a |\n\n## Verdict: Weak\n\n**Score: 40**\n\n- 2 red lines\n\n## Red lines\n\nmore\n";
        assert_eq!(
            verdict_section(md).unwrap(),
            "## Verdict: Weak\n\n**Score: 40**\n\n- 2 red lines\n"
        );
        assert_eq!(verdict_section("# only a title\n"), None);
    }
}
