//! The command line's own words in the user's language: every command's `--help` and `-h`, and
//! clap's usage errors, in Spanish and Portuguese when `--lang` or the locale asks for them;
//! English as clap writes it otherwise.

use crate::bin;

/// Every command, and the program itself (`""`).
const COMMANDS: &[&str] = &[
    "",
    "list",
    "show",
    "lint",
    "init",
    "report",
    "compare",
    "diff",
    "plan",
    "interview",
    "export",
    "import",
    "upgrade",
    "templates",
    "scan",
    #[cfg(feature = "serve")]
    "serve",
    "demo",
    "completions",
    "man",
];

fn help(command: &str, flag: &str, locale: &str) -> String {
    let mut cmd = bin();
    if !command.is_empty() {
        cmd.arg(command);
    }
    let out = cmd.arg(flag).env("LANG", locale).output().unwrap();
    assert!(out.status.success(), "{command} {flag} in {locale}");
    String::from_utf8(out.stdout).unwrap()
}

fn words(line: &str) -> usize {
    line.split_whitespace()
        .map(|w| w.trim_matches(|c: char| ".,;:()`'\"".contains(c)))
        .filter(|w| !w.is_empty() && w.chars().all(char::is_alphabetic))
        .count()
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The English sentences of a help: each of its lines with three words or more (a flag and its
/// value name are not words), whitespace squeezed so that wrapping does not hide one.
fn english_sentences(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| words(l) >= 3)
        .map(squeeze)
        .collect()
}

/// The headings of a help (a line of its own, flush left, ending with a colon).
fn headings(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.starts_with(' ') && l.ends_with(':') && !l.contains(' '))
        .collect()
}

#[test]
fn every_help_speaks_spanish_and_portuguese() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for command in COMMANDS {
        for flag in ["--help", "-h"] {
            let english = help(command, flag, "C");
            let sentences = english_sentences(&english);
            assert!(
                sentences.len() >= 3,
                "`{command} {flag}`: only {sentences:?}"
            );
            for locale in ["es_ES.UTF-8", "pt_BR.UTF-8"] {
                let text = help(command, flag, locale);
                let squeezed = squeeze(&text);
                for s in &sentences {
                    checked += 1;
                    if squeezed.contains(s.as_str()) {
                        problems.push(format!("`{command} {flag}` in {locale}: {s:?}"));
                    }
                }
                for word in ["Usage:", "Options:", "Arguments:", "Commands:", "[default:"] {
                    if text.contains(word) {
                        problems.push(format!("`{command} {flag}` in {locale}: {word}"));
                    }
                }
                // The same sections, in the same order, and every option still there.
                if headings(&text).len() != headings(&english).len() {
                    problems.push(format!(
                        "`{command} {flag}` in {locale}: sections {:?}, English {:?}",
                        headings(&text),
                        headings(&english)
                    ));
                }
                let flags = |t: &str| t.split_whitespace().filter(|w| w.starts_with("--")).count();
                if flags(&text) < flags(&english) {
                    problems.push(format!("`{command} {flag}` in {locale}: options missing"));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} sentences checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn help_follows_lang_on_the_command_line_before_the_locale() {
    let out = bin()
        .args(["report", "--help", "--lang", "pt"])
        .env("LANG", "es_ES.UTF-8")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Uso: salvaguarda report [OPÇÕES]"), "{text}");
    assert!(text.contains("Opções:"), "{text}");
    // LC_ALL comes before LANG, as POSIX reads them.
    let out = bin()
        .args(["list", "-h"])
        .env("LANG", "pt_BR.UTF-8")
        .env("LC_ALL", "es_ES.UTF-8")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Opciones:"), "{text}");
    assert!(text.contains("[por defecto: text]"), "{text}");
}

/// clap's English words in a usage error.
const CLAP_ENGLISH: &[&str] = &[
    "error:",
    "Usage:",
    "For more information",
    "the following required arguments",
    "invalid value",
    "possible values",
    "tip:",
    "similar",
    "unexpected argument",
    "unexpected value",
    "unrecognized subcommand",
    "cannot be used",
    "a value is required",
    "is not in",
    "invalid digit",
    "[OPTIONS]",
    "<COMMAND>",
];

#[test]
fn usage_errors_speak_spanish_and_portuguese() {
    // Each case: the arguments, and what the Spanish and the Portuguese say.
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["report"],
            "faltan los siguientes argumentos obligatorios:\n  <ANSWERS>",
            "faltam os seguintes argumentos obrigatórios:\n  <ANSWERS>",
        ),
        (
            &["report", "x", "--format", "pdf"],
            "valor 'pdf' no válido para '--format <FORMAT>'\n  [valores posibles: md, html, brief, csv, json]",
            "valor 'pdf' inválido para '--format <FORMAT>'\n  [valores possíveis: md, html, brief, csv, json]",
        ),
        (
            &["completions", "bashh"],
            "sugerencia: existe un valor parecido: 'bash'",
            "dica: existe um valor parecido: 'bash'",
        ),
        (
            &["report", "x", "--formt", "md"],
            "sugerencia: existe un argumento parecido: '--format'",
            "dica: existe um argumento parecido: '--format'",
        ),
        (
            &["report", "x", "--bogus"],
            "argumento inesperado '--bogus'\n\n  sugerencia: para pasar '--bogus' como valor, use '-- --bogus'",
            "argumento inesperado '--bogus'\n\n  dica: para passar '--bogus' como valor, use '-- --bogus'",
        ),
        (
            &["repor"],
            "subcomando 'repor' no reconocido\n\n  sugerencia: existen subcomandos parecidos:",
            "subcomando 'repor' não reconhecido\n\n  dica: existem subcomandos parecidos:",
        ),
        (
            &["report", "x", "-o", "a", "-o", "b"],
            "el argumento '--output <FILE>' no puede usarse más de una vez",
            "o argumento '--output <FILE>' não pode ser usado mais de uma vez",
        ),
        (
            &["report", "x", "--fail-under", "200"],
            "valor '200' no válido para '--fail-under <N>': 200 no está entre 0 y 100",
            "valor '200' inválido para '--fail-under <N>': 200 não está entre 0 e 100",
        ),
        (
            &["scan", "x", "--top", "50"],
            "valor '50' no válido para '--top <N>': 50 no está entre 1 y 20",
            "valor '50' inválido para '--top <N>': 50 não está entre 1 e 20",
        ),
        (
            &["scan", "x", "--top", "many"],
            "no es un número entero",
            "não é um número inteiro",
        ),
        (
            &["report", "x", "--no-pager=yes"],
            "valor inesperado 'yes' para '--no-pager'; no se esperaban más",
            "valor inesperado 'yes' para '--no-pager'; não se esperavam mais",
        ),
        (
            &["report", "x", "--format"],
            "'--format <FORMAT>' requiere un valor, pero no se indicó ninguno",
            "'--format <FORMAT>' exige um valor, mas nenhum foi indicado",
        ),
    ];
    for (args, es, pt) in cases {
        let english = bin().args(*args).env("LANG", "C").output().unwrap();
        assert_eq!(english.status.code(), Some(2), "{args:?}");
        let english = String::from_utf8(english.stderr).unwrap();
        assert!(english.starts_with("error: "), "{args:?}: {english}");
        for (locale, expected, error) in [
            ("es_ES.UTF-8", es, "error: "),
            ("pt_BR.UTF-8", pt, "erro: "),
        ] {
            let out = bin().args(*args).env("LANG", locale).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?} in {locale}");
            assert!(out.stdout.is_empty(), "{args:?} in {locale}");
            let text = String::from_utf8(out.stderr).unwrap();
            assert!(text.starts_with(error), "{args:?} in {locale}: {text}");
            assert!(text.contains(expected), "{args:?} in {locale}: {text}");
            let leaks: Vec<&&str> = CLAP_ENGLISH
                .iter()
                .filter(|w| text.replacen(error, "", 1).contains(**w))
                .collect();
            assert!(
                leaks.is_empty(),
                "{args:?} in {locale}: {leaks:?} in {text}"
            );
            // The shape clap gives it: the problem, then where to read more.
            assert!(
                text.trim_end().ends_with("'--help'."),
                "{args:?} in {locale}: {text}"
            );
        }
    }
    // `--lang` on the command line decides before the locale does.
    let out = bin()
        .args(["report", "x", "--format", "pdf", "--lang", "es"])
        .env("LANG", "pt_BR.UTF-8")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("valores posibles"), "{text}");
    // No command at all: the help, on standard error, in the language, exit 2.
    let out = bin().env("LANG", "pt_BR.UTF-8").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.contains("Uso: salvaguarda [OPÇÕES] <COMANDO>"),
        "{text}"
    );
    assert!(text.contains("Comandos:"), "{text}");
}

#[test]
fn english_help_and_errors_are_clap_s_own() {
    let text = help("report", "--help", "C");
    for word in [
        "Usage: salvaguarda report [OPTIONS] <ANSWERS>",
        "Options:",
        "Arguments:",
        "[default: md]",
        "Possible values:",
    ] {
        assert!(text.contains(word), "{word}: {text}");
    }
    let out = bin()
        .arg("report")
        .env("LANG", "en_GB.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: the following required arguments were not provided:\n  <ANSWERS>\n\nUsage: salvaguarda report <ANSWERS>\n\nFor more information, try '--help'.\n"
    );
}
