//! The command line's own words in the user's language: `--help` of every command and clap's
//! usage errors in Spanish and Portuguese, from the same table as every other message
//! (`templates/messages.toml`: the `help_` and `usage_` keys).
//!
//! The arguments are defined once, in English, with clap's derive (`super::Args`). In English
//! nothing here runs: the command is parsed as it is. In Spanish or Portuguese (`--lang`
//! anywhere on the command line, else the locale, as [`salvaguarda::i18n::resolve`] decides)
//! the command tree is built once, every text of it (about, long about, each argument's help,
//! each possible value's help, the headings, the `--help`/`--version` flags and the `help`
//! subcommand) is replaced from the table, and a usage error is written by [`Localised`] from
//! the error's context. Completions and the manual page stay English (generated artifacts).
//!
//! Keys: `help_about`, `help_long_about`, `help_after_help` (the program); `help_{command}_about`
//! and `help_{command}_long_about`; `help_{command}_arg_{id}` (and `_long`) for an argument of one
//! command, else `help_arg_{id}` shared by every command that has it; `help_value_{type}_{value}`
//! for a possible value's help. A key missing from the table leaves the English.

use std::any::TypeId;
use std::ffi::OsString;
use std::io::IsTerminal;

use clap::builder::{EnumValueParser, PossibleValue, StyledStr, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, Command, ValueEnum};
use salvaguarda::i18n;

/// The language of the command line before it is parsed: `--lang X` or `--lang=X` anywhere
/// before `--`, else the environment's locale, else English.
pub fn argv_lang(argv: &[OsString]) -> &'static str {
    let mut flag: Option<String> = None;
    let mut it = argv.iter().skip(1);
    while let Some(a) = it.next() {
        let Some(a) = a.to_str() else { continue };
        if a == "--" {
            break;
        }
        if a == "--lang" {
            flag = it.next().and_then(|v| v.to_str()).map(str::to_string);
        } else if let Some(v) = a.strip_prefix("--lang=") {
            flag = Some(v.to_string());
        }
    }
    i18n::resolve(flag.as_deref(), None)
}

/// A text of the table in `lang`, if it has one.
fn look(lang: &str, key: &str) -> Option<&'static str> {
    i18n::messages(lang).get(key).map(String::as_str)
}

/// The key of an argument's help: the command's own, else the shared one.
fn arg_key(lang: &str, command: Option<&str>, id: &str, long: bool) -> String {
    let suffix = if long { "_long" } else { "" };
    if let Some(c) = command {
        let own = format!("help_{c}_arg_{id}{suffix}");
        if i18n::messages(lang).contains_key(&own) {
            return own;
        }
    }
    format!("help_arg_{id}{suffix}")
}

/// Every key the command tree asks for with its English text, as the derive writes it: the
/// table's English must read the same (a test holds them together).
#[cfg(test)]
pub fn english_texts(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    texts_of(cmd, None, &mut out);
    out
}

#[cfg(test)]
fn texts_of(cmd: &Command, name: Option<&str>, out: &mut Vec<(String, String)>) {
    let prefix = name.map_or("help".to_string(), |n| format!("help_{n}"));
    if let Some(a) = cmd.get_about() {
        out.push((format!("{prefix}_about"), a.to_string()));
    }
    if let Some(a) = cmd.get_long_about() {
        out.push((format!("{prefix}_long_about"), a.to_string()));
    }
    if let Some(a) = cmd.get_after_help() {
        out.push((format!("{prefix}_after_help"), a.to_string()));
    }
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if (id == "help" || id == "version") && name.is_some() {
            continue;
        }
        if name.is_some() && arg.is_global_set() {
            continue;
        }
        if let Some(h) = arg.get_help() {
            out.push((arg_key("en", name, id, false), h.to_string()));
        }
        if let Some(h) = arg.get_long_help() {
            out.push((arg_key("en", name, id, true), h.to_string()));
        }
        for pv in arg.get_possible_values() {
            if let (Some(h), Some(t)) = (pv.get_help(), value_type(arg)) {
                out.push((value_key(t, pv.get_name()), h.to_string()));
            }
        }
    }
    if name.is_none() {
        for sub in cmd.get_subcommands() {
            texts_of(sub, Some(sub.get_name()), out);
        }
    }
}

fn value_key(t: &str, value: &str) -> String {
    format!("help_value_{t}_{}", value.replace('-', "_"))
}

/// The value enums whose possible values carry help, and the name their keys use.
macro_rules! value_enums {
    ($m:ident) => {
        $m!(super::term::ColorChoice, "color");
        $m!(super::TextFormat, "text_format");
        $m!(super::FailOn, "fail_on");
        $m!(salvaguarda::report::Format, "format");
        $m!(salvaguarda::report::ShowFormat, "show_format");
        $m!(salvaguarda::report::CompareFormat, "compare_format");
        $m!(salvaguarda::report::DiffFormat, "diff_format");
        $m!(salvaguarda::report::PlanFormat, "plan_format");
        $m!(salvaguarda::compare::SortKey, "sort_key");
        $m!(salvaguarda::scan::ScanFormat, "scan_format");
        $m!(salvaguarda::questionnaire::SheetFormat, "sheet_format");
    };
}

/// The key name of an argument's value enum, if it is one with helped values.
#[cfg(test)]
fn value_type(arg: &Arg) -> Option<&'static str> {
    let id = arg.get_value_parser().type_id();
    macro_rules! check {
        ($t:ty, $n:literal) => {
            if id == TypeId::of::<$t>() {
                return Some($n);
            }
        };
    }
    value_enums!(check);
    None
}

/// A value enum's parser whose possible values speak the language; it parses as the derive's.
#[derive(Clone)]
struct LocalEnum<E: ValueEnum + Clone + Send + Sync + 'static> {
    inner: EnumValueParser<E>,
    values: Vec<PossibleValue>,
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for LocalEnum<E> {
    type Value = E;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<E, clap::Error> {
        self.inner.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values.iter().cloned()))
    }
}

fn localise_values(arg: Arg, lang: &str) -> Arg {
    let id = arg.get_value_parser().type_id();
    macro_rules! swap {
        ($t:ty, $n:literal) => {
            if id == TypeId::of::<$t>() {
                let values = <$t as ValueEnum>::value_variants()
                    .iter()
                    .filter_map(|v| v.to_possible_value())
                    .map(|pv| match look(lang, &value_key($n, pv.get_name())) {
                        Some(h) if pv.get_help().is_some() => pv.help(h),
                        _ => pv,
                    })
                    .collect();
                return arg.value_parser(LocalEnum::<$t> {
                    inner: EnumValueParser::new(),
                    values,
                });
            }
        };
    }
    value_enums!(swap);
    arg
}

/// The program's command with every text in `lang` (not English: English is the derive's).
pub fn localise(mut cmd: Command, lang: &'static str) -> Command {
    cmd.build();
    localise_command(cmd, None, lang)
}

fn localise_command(mut cmd: Command, name: Option<&str>, lang: &'static str) -> Command {
    let prefix = name.map_or("help".to_string(), |n| format!("help_{n}"));
    if cmd.get_about().is_some()
        && let Some(t) = look(lang, &format!("{prefix}_about"))
    {
        cmd = cmd.about(t);
    }
    if cmd.get_long_about().is_some()
        && let Some(t) = look(lang, &format!("{prefix}_long_about"))
    {
        cmd = cmd.long_about(t);
    }
    if cmd.get_after_help().is_some()
        && let Some(t) = look(lang, &format!("{prefix}_after_help"))
    {
        cmd = cmd.after_help(t);
    }
    if let Some(heading) = look(lang, "help_heading_commands") {
        cmd = cmd.subcommand_help_heading(heading);
    }
    let arguments = look(lang, "help_heading_arguments");
    let options = look(lang, "help_heading_options");
    cmd = cmd.mut_args(|mut arg| {
        let id = arg.get_id().as_str().to_string();
        let builtin = match id.as_str() {
            "help" if arg.get_long_help().is_some() => {
                Some(("help_print_help_more", Some("help_print_help_summary")))
            }
            "help" => Some(("help_print_help", None)),
            "version" => Some(("help_print_version", None)),
            _ => None,
        };
        if let Some((short, long)) = builtin {
            if let Some(t) = look(lang, short) {
                arg = arg.help(t);
            }
            if let Some(t) = long.and_then(|k| look(lang, k)) {
                arg = arg.long_help(t);
            }
        } else {
            let own = if arg.is_global_set() { None } else { name };
            if arg.get_help().is_some()
                && let Some(t) = look(lang, &arg_key(lang, own, &id, false))
            {
                arg = arg.help(t);
            }
            if arg.get_long_help().is_some()
                && let Some(t) = look(lang, &arg_key(lang, own, &id, true))
            {
                arg = arg.long_help(t);
            }
            arg = localise_values(arg, lang);
        }
        if arg.get_help_heading().is_none() {
            if arg.is_positional() {
                // A heading of one's own sorts by display order: keep the positions' order.
                let index = arg.get_index().unwrap_or(0);
                arg = arg.help_heading(arguments).display_order(index);
            } else {
                arg = arg.help_heading(options);
            }
        }
        arg
    });
    let help_about = look(lang, "help_help_about");
    let help_arg = look(lang, "help_help_arg");
    cmd.mut_subcommands(|sub| {
        let sub_name = sub.get_name().to_string();
        if sub_name == "help" {
            // clap's own `help` subcommand: its about, and the commands it lists.
            let mut sub = sub;
            if let Some(heading) = look(lang, "help_heading_commands") {
                sub = sub.subcommand_help_heading(heading);
            }
            if let Some(t) = &help_about {
                sub = sub.about(*t);
            }
            if let Some(t) = &help_arg
                && sub.get_arguments().any(|a| a.get_id() == "subcommand")
            {
                sub = sub.mut_arg("subcommand", |a| a.help(*t));
            }
            sub.mut_subcommands(|s| {
                let n = s.get_name().to_string();
                let key = if n == "help" {
                    "help_help_about".to_string()
                } else {
                    format!("help_{n}_about")
                };
                match look(lang, &key) {
                    Some(t) if s.get_about().is_some() => s.about(t),
                    _ => s,
                }
            })
        } else if name.is_none() {
            localise_command(sub, Some(&sub_name), lang)
        } else {
            sub
        }
    })
}

/// The words clap writes itself in a rendered help or usage ("Usage:", "[default: md]"), in
/// `lang`: the rest of the help is the table's already.
pub fn clap_words(text: &str, lang: &str) -> String {
    let t = |k: &str, en: &'static str| look(lang, k).unwrap_or(en);
    let mut out = text.replacen(
        "Usage:",
        &format!("{}:", t("help_heading_usage", "Usage")),
        1,
    );
    for (from, key, en) in [
        ("[OPTIONS]", "help_usage_options", "OPTIONS"),
        ("<COMMAND>", "help_usage_command", "COMMAND"),
        ("[COMMAND]", "help_usage_command", "COMMAND"),
    ] {
        let word = t(key, en);
        let to = format!("{}{word}{}", &from[..1], &from[from.len() - 1..]);
        out = out.replace(from, &to);
    }
    out = out.replace(
        "Possible values:",
        &format!("{}:", t("help_possible_values_heading", "Possible values")),
    );
    // Bracketed notes may be wrapped between their words: keep the whitespace clap chose.
    out = replace_words(&out, &["[default:"], t("help_default", "default"));
    out = replace_words(
        &out,
        &["[possible", "values:"],
        t("help_possible_values", "possible values"),
    );
    out
}

/// Replaces the words `from` (separated by any whitespace) with `[{to}:`, keeping the
/// whitespace clap put between them (a line break where it wrapped).
fn replace_words(text: &str, from: &[&str], to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from[0]) {
        let mut end = i + from[0].len();
        let mut gaps: Vec<&str> = Vec::new();
        let mut ok = true;
        for w in &from[1..] {
            let after = &rest[end..];
            let trimmed = after.trim_start();
            let gap = &after[..after.len() - trimmed.len()];
            if !gap.is_empty() && trimmed.starts_with(w) {
                gaps.push(gap);
                end += gap.len() + w.len();
            } else {
                ok = false;
                break;
            }
        }
        out.push_str(&rest[..i]);
        if ok {
            out.push('[');
            for (k, word) in to.split(' ').enumerate() {
                if k > 0 {
                    out.push_str(gaps.get(k - 1).copied().unwrap_or(" "));
                }
                out.push_str(word);
            }
            out.push(':');
        } else {
            out.push_str(&rest[i..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Prints a help (or a help shown for a missing argument) in `lang`, and returns its exit code.
pub fn print_help(err: &clap::Error, lang: &str) -> i32 {
    let rendered = err.render();
    let stderr = err.use_stderr();
    let tty = if stderr {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    let colour = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = if colour {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    let text = clap_words(&text, lang);
    if stderr {
        salvaguarda::output::to_stderr(&text);
    } else {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
    err.exit_code()
}

/// clap's usage errors written in the language of the command line ([`i18n::ui`]), in the
/// shape clap gives them: the problem, a tip, the usage, and where to read more.
pub struct Localised;

fn quoted(v: &str) -> String {
    format!("'{v}'")
}

fn string<F: ErrorFormatter>(err: &clap::error::Error<F>, kind: ContextKind) -> Option<String> {
    match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn strings<F: ErrorFormatter>(err: &clap::error::Error<F>, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::Strings(s)) => s.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn number<F: ErrorFormatter>(err: &clap::error::Error<F>, kind: ContextKind) -> Option<isize> {
    match err.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    }
}

/// The list `[possible values: a, b]` under a message.
fn values_list(out: &mut String, key: &str, values: &[String]) {
    if !values.is_empty() {
        out.push_str(&format!(
            "\n  [{}: {}]",
            i18n::tr(key, &[]),
            values.join(", ")
        ));
    }
}

/// The problem itself, or `None` for a kind that carries no context to say it with.
fn problem<F: ErrorFormatter>(err: &clap::error::Error<F>) -> Option<String> {
    let tr = i18n::tr;
    let arg = string(err, ContextKind::InvalidArg);
    let value = string(err, ContextKind::InvalidValue);
    Some(match err.kind() {
        ErrorKind::ArgumentConflict => {
            let prior = err.get(ContextKind::PriorArg);
            let mut s;
            let same = arg.is_some()
                && prior == Some(&ContextValue::String(arg.clone().unwrap_or_default()));
            if let Some(a) = &arg {
                let key = if same {
                    "usage_argument_twice"
                } else {
                    "usage_argument_conflict"
                };
                s = tr(key, &[("arg", &quoted(a))]);
            } else if let Some(sub) = string(err, ContextKind::InvalidSubcommand) {
                s = tr("usage_subcommand_conflict", &[("name", &quoted(&sub))]);
            } else {
                return None;
            }
            if !same {
                match prior {
                    Some(ContextValue::Strings(vs)) => {
                        s.push(':');
                        for v in vs {
                            s.push_str(&format!("\n  {v}"));
                        }
                    }
                    Some(ContextValue::String(v)) => s.push_str(&format!(" {}", quoted(v))),
                    _ => s.push_str(&format!(" {}", tr("usage_conflict_others", &[]))),
                }
            }
            s
        }
        ErrorKind::NoEquals => tr("usage_no_equals", &[("arg", &quoted(&arg?))]),
        ErrorKind::InvalidValue => {
            let (a, v) = (arg?, value?);
            let mut s = if v.is_empty() {
                tr("usage_value_required", &[("arg", &quoted(&a))])
            } else {
                tr(
                    "usage_invalid_value",
                    &[("value", &quoted(&v)), ("arg", &quoted(&a))],
                )
            };
            values_list(
                &mut s,
                "usage_possible_values",
                &strings(err, ContextKind::ValidValue),
            );
            s
        }
        ErrorKind::InvalidSubcommand => tr(
            "usage_invalid_subcommand",
            &[(
                "name",
                &quoted(&string(err, ContextKind::InvalidSubcommand)?),
            )],
        ),
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(err, ContextKind::InvalidArg);
            if missing.is_empty() {
                return None;
            }
            let mut s = tr("usage_missing_required", &[]);
            for m in missing {
                s.push_str(&format!("\n  {m}"));
            }
            s
        }
        ErrorKind::MissingSubcommand => {
            let name = string(err, ContextKind::InvalidSubcommand)?;
            let mut s = tr("usage_missing_subcommand", &[("name", &quoted(&name))]);
            values_list(
                &mut s,
                "usage_subcommands",
                &strings(err, ContextKind::ValidSubcommand),
            );
            s
        }
        ErrorKind::InvalidUtf8 => tr("usage_invalid_utf8", &[]),
        ErrorKind::TooManyValues => tr(
            "usage_too_many_values",
            &[("value", &quoted(&value?)), ("arg", &quoted(&arg?))],
        ),
        ErrorKind::TooFewValues => tr(
            "usage_too_few_values",
            &[
                ("min", &number(err, ContextKind::MinValues)?),
                ("arg", &quoted(&arg?)),
                ("n", &number(err, ContextKind::ActualNumValues)?),
            ],
        ),
        ErrorKind::WrongNumberOfValues => tr(
            "usage_wrong_number_of_values",
            &[
                ("expected", &number(err, ContextKind::ExpectedNumValues)?),
                ("arg", &quoted(&arg?)),
                ("n", &number(err, ContextKind::ActualNumValues)?),
            ],
        ),
        ErrorKind::ValueValidation => {
            let mut s = tr(
                "usage_invalid_value",
                &[("value", &quoted(&value?)), ("arg", &quoted(&arg?))],
            );
            if let Some(source) = std::error::Error::source(err) {
                s.push_str(&format!(": {}", validation(&source.to_string())));
            }
            s
        }
        ErrorKind::UnknownArgument => tr("usage_unknown_argument", &[("arg", &quoted(&arg?))]),
        _ => return None,
    })
}

/// The reason a value parser of clap's (or the standard library's) gives, in the language; a
/// reason of salvaguarda's own is in it already.
fn validation(reason: &str) -> String {
    if let Some((value, range)) = reason.split_once(" is not in ")
        && let Some((min, max)) = range.split_once("..=")
    {
        return i18n::tr(
            "usage_not_in_range",
            &[("value", &value), ("min", &min), ("max", &max)],
        );
    }
    if reason == "invalid digit found in string" {
        return i18n::tr("usage_invalid_digit", &[]);
    }
    reason.to_string()
}

/// The pieces between quotes of a text, and the text with each replaced by `{}`.
fn skeleton(text: &str) -> (String, Vec<String>) {
    let mut shape = String::new();
    let mut parts = Vec::new();
    for (i, piece) in text.split('\'').enumerate() {
        if i % 2 == 1 {
            shape.push_str("{}");
            parts.push(piece.to_string());
        } else {
            shape.push_str(piece);
        }
    }
    (shape, parts)
}

/// One of clap's tips in the language, or as clap wrote it when it is not one it knows.
fn tip(text: &str) -> String {
    let (shape, parts) = skeleton(text);
    let q = |i: usize| quoted(parts.get(i).map_or("", String::as_str));
    match shape.as_str() {
        "to pass {} as a value, use {}" => {
            i18n::tr("usage_tip_pass_as_value", &[("arg", &q(0)), ("use", &q(1))])
        }
        "{} exists" => i18n::tr("usage_tip_exists", &[("arg", &q(0))]),
        "subcommand {} exists; to use it, remove the {} before it" => {
            i18n::tr("usage_tip_remove_dashes", &[("name", &q(0))])
        }
        _ => text.to_string(),
    }
}

impl ErrorFormatter for Localised {
    fn format_error(err: &clap::error::Error<Self>) -> StyledStr {
        let tr = i18n::tr;
        let mut out = format!("{}: ", tr("cli_error", &[]));
        // `parse_in` applies this formatter only to errors it can say.
        out.push_str(&problem(err).unwrap_or_default());
        let mut tips: Vec<String> = Vec::new();
        for (kind, key) in [
            (ContextKind::SuggestedSubcommand, "usage_similar_subcommand"),
            (ContextKind::SuggestedArg, "usage_similar_argument"),
            (ContextKind::SuggestedValue, "usage_similar_value"),
        ] {
            let s = strings(err, kind);
            if !s.is_empty() {
                let list: Vec<String> = s.iter().map(|v| quoted(v)).collect();
                let key = if s.len() == 1 {
                    key.to_string()
                } else {
                    format!("{key}s")
                };
                tips.push(tr(&key, &[("s", &list.join(", "))]));
            }
        }
        if let Some(ContextValue::StyledStrs(ss)) = err.get(ContextKind::Suggested) {
            tips.extend(ss.iter().map(|s| tip(&s.to_string())));
        }
        if !tips.is_empty() {
            out.push('\n');
            for t in tips {
                out.push_str(&format!("\n  {}: {t}", tr("usage_tip", &[])));
            }
        }
        if let Some(ContextValue::StyledStr(usage)) = err.get(ContextKind::Usage) {
            out.push_str("\n\n");
            out.push_str(&clap_words(&usage.to_string(), i18n::ui()));
        }
        out.push_str("\n\n");
        out.push_str(&tr("usage_try_help", &[("flag", &quoted("--help"))]));
        out.push('\n');
        StyledStr::from(out)
    }
}

/// Parses the command line in `lang` (Spanish or Portuguese): a help is printed in the
/// language, a usage error is written in it; both end the process as clap would.
pub fn parse_in(lang: &'static str, argv: Vec<OsString>) -> super::Args {
    use clap::{CommandFactory, FromArgMatches};
    i18n::set_ui(lang);
    let mut cmd = localise(super::Args::command(), lang);
    let result = cmd
        .try_get_matches_from_mut(argv)
        .and_then(|m| super::Args::from_arg_matches(&m));
    match result {
        Ok(args) => args,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                std::process::exit(print_help(&e, lang))
            }
            ErrorKind::DisplayVersion => e.exit(),
            // An error without the context to say it with keeps clap's words.
            _ if problem(&e).is_none() => e.exit(),
            _ => e.apply::<Localised>().exit(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The keys of clap's own words and of the usage errors, besides the command tree's.
    const FIXED: &[&str] = &[
        "help_heading_usage",
        "help_heading_commands",
        "help_heading_arguments",
        "help_heading_options",
        "help_usage_options",
        "help_usage_command",
        "help_print_help",
        "help_print_help_more",
        "help_print_help_summary",
        "help_print_version",
        "help_help_about",
        "help_help_arg",
        "help_default",
        "help_possible_values",
        "help_possible_values_heading",
    ];

    #[test]
    fn the_table_says_every_help_text_as_the_arguments_do() {
        let cmd = super::super::Args::command();
        let texts = english_texts(&cmd);
        assert!(texts.len() > 140, "only {} texts", texts.len());
        let mut problems = Vec::new();
        let mut used: Vec<&str> = FIXED.to_vec();
        for (key, english) in &texts {
            used.push(key);
            match i18n::messages("en").get(key) {
                None => problems.push(format!("{key}: not in the table ({english:?})")),
                Some(v) if v != english => problems.push(format!(
                    "{key}: the table says {v:?}, the arguments {english:?}"
                )),
                Some(_) => {}
            }
            for lang in ["es", "pt"] {
                if !i18n::messages(lang).contains_key(key) {
                    problems.push(format!("{key}: not in {lang}"));
                }
            }
        }
        // No key of the table is left over from an argument that is gone.
        for key in i18n::messages("en").keys() {
            let unbuilt = cfg!(not(feature = "serve")) && key.starts_with("help_serve_");
            if key.starts_with("help_") && !used.contains(&key.as_str()) && !unbuilt {
                problems.push(format!("{key}: no command or argument uses it"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let argv = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            argv_lang(&argv(&["s", "report", "x", "--lang", "pt"])),
            "pt"
        );
        assert_eq!(
            argv_lang(&argv(&["s", "report", "--lang=es_AR", "x"])),
            "es"
        );
        assert_eq!(argv_lang(&argv(&["s", "report", "--lang", "en"])), "en");
    }

    #[test]
    fn clap_s_words_are_replaced_even_when_wrapped() {
        let text = "Usage: s [OPTIONS] <COMMAND>\n  --x  Output [default: md] [possible\n       values: a, b]\n";
        let es = clap_words(text, "es");
        assert_eq!(
            es,
            "Uso: s [OPCIONES] <COMANDO>\n  --x  Output [por defecto: md] [valores\n       posibles: a, b]\n"
        );
    }
}
