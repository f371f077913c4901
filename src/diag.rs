//! Diagnostics: every problem found in a user's files, with a stable kebab-case code, a
//! severity, the file, line and column (or a JSON pointer when there is no position), what was
//! expected, and an optional hint.
//!
//! Owns: the list of codes ([`Code`]) with their one-line descriptions, the [`Diagnostic`] type,
//! the collector ([`Diagnostics`]) and the plain-text renderer. Every stage pushes into one
//! collector so that a run reports all problems at once; the CLI prints them once, at the end.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use crate::source::SourceFile;

macro_rules! codes {
    ($( $variant:ident = $name:literal : $doc:literal ),* $(,)?) => {
        /// A stable diagnostic code. The kebab-case name is part of the interface: scripts and
        /// documentation refer to it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $doc] $variant ),* }

        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[ $( Code::$variant ),* ];

            /// The kebab-case name printed in brackets: `error[unknown-key]`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name ),* }
            }

            /// One line saying what the code means.
            pub fn description(self) -> &'static str {
                match self { $( Code::$variant => $doc ),* }
            }
        }
    };
}

codes! {
    FileUnreadable = "file-unreadable": "A file could not be read (missing, not a file, or not UTF-8: then placed at the first invalid byte).",
    LegacyEncoding = "legacy-encoding": "A CSV questionnaire is not UTF-8 and was read as Windows-1252 (how spreadsheets on Windows save CSV in Western languages), or as UTF-16 by its byte-order mark: check its accented letters.",
    InputTooLarge = "input-too-large": "An input is larger than salvaguarda reads (a file's size, a sheet's rows or columns, a checklist's files); see the README's limits.",
    OutputRefused = "output-refused": "`-o` names something salvaguarda will not replace: an input, an existing file without --overwrite, a folder, a link to nothing.",
    OutputFailed = "output-failed": "The output could not be written (a full disk, a closed or unwritable destination).",
    TomlSyntax = "toml-syntax": "The file is not valid TOML.",
    UnknownKey = "unknown-key": "A key that the format does not define (often a typo).",
    MissingKey = "missing-key": "A required key is missing.",
    WrongType = "wrong-type": "A value has the wrong type (e.g. a number where text is expected).",
    InvalidValue = "invalid-value": "A value is not one of the allowed values or has the wrong form.",
    SchemaViolation = "schema-violation": "The file breaks another rule of its JSON Schema.",
    UnknownFileKind = "unknown-file-kind": "A file is neither a checklist nor an answers file.",
    NoChecklistHeader = "no-checklist-header": "No file of the checklist has a [checklist] table, or more than one has.",
    DuplicateId = "duplicate-id": "Two entries of the same kind share an id.",
    UnknownArea = "unknown-area": "An item names an area that is not declared.",
    UnknownSource = "unknown-source": "A citation names a source that is not in the registry.",
    UnknownTag = "unknown-tag": "An item or profile names a tag that is not declared.",
    UnknownItem = "unknown-item": "A reference (applies_if, profile, answers) names an item that does not exist.",
    UnknownVerdict = "unknown-verdict": "A profile band names a verdict that is not declared.",
    UnknownProfile = "unknown-profile": "A profile is named that the checklist does not define.",
    UnknownAreaWeight = "unknown-area-weight": "A profile overrides the weight of an area that does not exist.",
    UnknownLanguage = "unknown-language": "A text or file uses a language the checklist does not declare.",
    MissingTranslation = "missing-translation": "A text lacks one of the checklist's languages.",
    InvalidWeight = "invalid-weight": "A weight is not a number from 0.000001 to 1000000.",
    InvalidBands = "invalid-bands": "A profile's bands do not start at 0 or repeat a threshold.",
    EmptyProfile = "empty-profile": "A profile selects no safeguard.",
    AppliesIfNotPower = "applies-if-not-power": "applies_if names an item that is not a power.",
    AppliesIfCycle = "applies-if-cycle": "applies_if conditions form a cycle.",
    SafeguardIncomplete = "safeguard-incomplete": "A safeguard lacks severity, rationale, remediation or partial guidance.",
    PowerScoredField = "power-scored-field": "A power item carries a field (severity, red_line, priority) that only safeguards use.",
    ChecklistNotFound = "checklist-not-found": "The checklist an answers file names is neither embedded nor in --catalog.",
    ChecklistMismatch = "checklist-mismatch": "An answers file was made for another checklist.",
    VersionMismatch = "version-mismatch": "An answers file was made for another version of the checklist.",
    NotApplicableNotAllowed = "not-applicable-not-allowed": "not_applicable is given for an item that does not allow it.",
    Unanswered = "unanswered": "An item that applies has no answer (an error under --strict).",
    AnswerNotNeeded = "answer-not-needed": "An item is answered although its power is absent; the answer is ignored.",
    ExtendsCycle = "extends-cycle": "A checklist extends itself, directly or through the checklists it extends.",
    BillWithoutArticles = "bill-without-articles": "No article heading was recognised in a bill text, so article numbers cannot be checked.",
    QuoteNotFound = "quote-not-found": "An evidence quote is not in the bill text, even after normalising whitespace, accents, quotes and case.",
    QuoteElsewhere = "quote-elsewhere": "An evidence quote is in the bill text, but not in the article the evidence cites.",
    ArticleNotFound = "article-not-found": "An evidence reference names an article, or a paragraph of one, that the bill text does not have.",
    UnknownPhraseSet = "unknown-phrase-set": "An indicator names a phrase set that is not declared.",
    InvalidPhrase = "invalid-phrase": "An indicator phrase is empty, or too short to match reliably once folded.",
    PhraseConflict = "phrase-conflict": "One phrase (once folded) is both an indicator and a red flag of the same item.",
    InvalidBreachOn = "invalid-breach-on": "breach_on is given without a red line, or names answers other than `no` and `partial`, or leaves out `no`.",
    TemplatePlaceholder = "template-placeholder": "An answers file still holds what `init` wrote: the placeholder instrument, or every answer \"unknown\" with no evidence or note.",
    InvalidMigration = "invalid-migration": "A migration step names an item twice, maps to an item the checklist does not have, or does not lead to the checklist's version.",
}

/// The reference page of every code (`docs/diagnostics.md`), generated so it cannot drift.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         Every problem `salvaguarda` finds in a checklist or an answers file is reported with a \
         stable code, the file, line and column (or the JSON pointer of the value), and what was \
         expected. Errors stop `lint`, `report` and the other commands with exit code 2 and no \
         output file; warnings do not, unless `--strict` is given.\n\n\
         Messages and the help under them are in the language of the command (`--lang`, the \
         answers file's `language`, or the locale: see `docs/reports.md`); the codes below never \
         change with it.\n\n\
         This page is generated from `src/diag.rs`; a test fails when it is out of date \
         (rewrite it with `SALVAGUARDA_BLESS=1 cargo test --test it docs`).\n\n\
         | code | meaning |\n| --- | --- |\n",
    );
    for c in Code::ALL {
        let _ = writeln!(out, "| `{}` | {} |", c.as_str(), c.description());
    }
    out
}

/// Whether a character must not reach a terminal raw: control characters other than newline and
/// tab (escape sequences can retitle a terminal, clear it or move the cursor) and the
/// bidirectional overrides that make text display in another order than it reads.
fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text with every unsafe character (see above) written as a visible escape, `\u{1b}`.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`escape_controls`] for one line: newlines and tabs escaped too.
fn escape_line(s: &str) -> Cow<'_, str> {
    match escape_controls(s) {
        Cow::Borrowed(b) if !b.contains(['\n', '\t']) => Cow::Borrowed(b),
        c => Cow::Owned(c.replace('\n', "\\n").replace('\t', "\\t")),
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file's display name.
    pub file: String,
    /// 1-based line and column, when the problem has a position.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The JSON pointer of the value in the file, when known.
    pub pointer: Option<String>,
    /// The source line and caret width, for rendering.
    pub snippet: Option<(String, usize)>,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    pub message: String,
    pub location: Option<Location>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            level: Level::Error,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// A warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the diagnostic at a span of a file.
    pub fn at(
        mut self,
        file: &SourceFile,
        span: Option<Range<usize>>,
        pointer: Option<&str>,
    ) -> Self {
        let (line, column, snippet) = match span {
            Some(span) => {
                let pos = file.position(span.start);
                let text = file.line_text(pos.line).to_string();
                (
                    Some(pos.line),
                    Some(pos.column),
                    Some((text, file.span_width(&span))),
                )
            }
            None => (None, None, None),
        };
        self.location = Some(Location {
            file: file.name.clone(),
            line,
            column,
            pointer: pointer.map(str::to_string),
            snippet,
        });
        self
    }

    /// Points the diagnostic at a whole file.
    pub fn in_file(mut self, name: &str) -> Self {
        self.location = Some(Location {
            file: name.to_string(),
            line: None,
            column: None,
            pointer: None,
            snippet: None,
        });
        self
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic as a JSON object (what `lint --format json` prints): `code`, `severity`
    /// (`error` or `warning`), `file`, `line` and `column` (1-based, or null), `pointer` (the
    /// JSON pointer of the value, or null), `message` and `help` (or null).
    pub fn to_json(&self) -> serde_json::Value {
        let loc = self.location.as_ref();
        serde_json::json!({
            "code": self.code.as_str(),
            "severity": match self.level {
                Level::Error => "error",
                Level::Warning => "warning",
            },
            "file": loc.map(|l| l.file.as_str()),
            "line": loc.and_then(|l| l.line),
            "column": loc.and_then(|l| l.column),
            "pointer": loc.and_then(|l| l.pointer.as_deref()),
            "message": self.message,
            "help": self.help,
        })
    }

    /// Renders as plain text:
    ///
    /// ```text
    /// error[unknown-key]: unknown key `colour`; expected one of: answer, evidence, note
    ///   --> bill.toml:12:1
    ///    |
    /// 12 | colour = "red"
    ///    | ^^^^^^
    ///    = help: ...
    /// ```
    pub fn render(&self) -> String {
        self.render_styled(false)
    }

    /// Renders as [`Diagnostic::render`], with the level and code coloured for a terminal when
    /// `colour` is true (error red, warning yellow, the code bold). Everything taken from the
    /// user's files is escaped either way, so the only escape sequences are these.
    pub fn render_styled(&self, colour: bool) -> String {
        let mut out = String::new();
        let level = crate::i18n::tr(
            match self.level {
                Level::Error => "diag_error",
                Level::Warning => "diag_warning",
            },
            &[],
        );
        let code = self.code.as_str();
        if colour {
            let tint = match self.level {
                Level::Error => RED,
                Level::Warning => YELLOW,
            };
            let _ = writeln!(
                out,
                "{tint}{level}{RESET}[{BOLD}{code}{RESET}]: {}",
                escape_line(&self.message)
            );
        } else {
            let _ = writeln!(out, "{level}[{code}]: {}", escape_line(&self.message));
        }
        let mut gutter = 1;
        if let Some(loc) = &self.location {
            let file = escape_line(&loc.file);
            let place = match (loc.line, loc.column) {
                (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
                _ => file.into_owned(),
            };
            let pointer = match (&loc.pointer, loc.line) {
                (Some(p), None) if !p.is_empty() => {
                    crate::i18n::tr("diag_at_pointer", &[("pointer", &escape_line(p))])
                }
                _ => String::new(),
            };
            if let (Some(line), Some(col), Some((text, width))) =
                (loc.line, loc.column, &loc.snippet)
            {
                gutter = line.to_string().len();
                let pad = " ".repeat(gutter);
                let (shown, col, width) = snippet_window(text, col, *width);
                let _ = writeln!(out, "{pad}--> {place}{pointer}");
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{line} | {shown}");
                let lead: String = shown
                    .chars()
                    .take(col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{pad} | {lead}{}", "^".repeat(width));
            } else {
                let _ = writeln!(out, " --> {place}{pointer}");
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(
                out,
                "{} = {}: {}",
                " ".repeat(gutter),
                crate::i18n::tr("diag_help", &[]),
                escape_line(help)
            );
        }
        out
    }
}

/// The terminal styles of [`Diagnostic::render_styled`].
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// `error` in red for a terminal when `colour` is true (the word that starts a usage error).
pub fn error_word(colour: bool) -> String {
    if colour {
        format!("{RED}error{RESET}")
    } else {
        "error".to_string()
    }
}

/// The characters of a snippet line shown around the caret; a longer line is cut, with `…`.
const SNIPPET_CHARS: usize = 120;

/// The part of a source line to show (control characters escaped, a long line cut around the
/// column), the caret's 1-based column in it, and the caret's width.
fn snippet_window(text: &str, col: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let col0 = col.saturating_sub(1).min(chars.len());
    let (start, end) = if chars.len() <= SNIPPET_CHARS {
        (0, chars.len())
    } else {
        let start = col0.saturating_sub(SNIPPET_CHARS / 3);
        (start, (start + SNIPPET_CHARS).min(chars.len()))
    };
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    let mut caret = 1 + usize::from(start > 0);
    for (i, c) in chars[start..end].iter().enumerate() {
        let piece = if *c == '\t' {
            Cow::Borrowed("\t")
        } else {
            let mut b = [0u8; 4];
            Cow::Owned(escape_controls(c.encode_utf8(&mut b)).into_owned())
        };
        if start + i < col0 {
            caret += piece.chars().count();
        }
        shown.push_str(&piece);
    }
    if end < chars.len() {
        shown.push('…');
    }
    let room = end.saturating_sub(col0).max(1);
    (shown, caret, width.clamp(1, room))
}

/// How many diagnostics a run prints; the rest are counted.
pub const SHOWN: usize = 200;

/// The diagnostics of a run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(ds);
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.level == Level::Error)
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Number of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.list.iter().filter(|d| d.level == Level::Error).count();
        (errors, self.list.len() - errors)
    }

    /// Turns every warning into an error (`--strict`).
    pub fn make_strict(&mut self) {
        for d in &mut self.list {
            d.level = Level::Error;
        }
    }

    /// The diagnostics, sorted by file, line, column, then code, so output is stable.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.list.iter().collect();
        // Borrowed keys: sorting many diagnostics allocates nothing.
        v.sort_by(|a, b| {
            fn key(d: &Diagnostic) -> (Option<&str>, Option<usize>, Option<usize>, Code, &str) {
                let loc = d.location.as_ref();
                (
                    loc.map(|l| l.file.as_str()),
                    loc.and_then(|l| l.line),
                    loc.and_then(|l| l.column),
                    d.code,
                    d.message.as_str(),
                )
            }
            key(a).cmp(&key(b))
        });
        v
    }

    /// Renders the first [`SHOWN`] diagnostics (in order of file and position), a line
    /// counting the others, then a summary line.
    pub fn render(&self) -> String {
        self.render_styled(false)
    }

    /// [`Diagnostics::render`] with colours for a terminal (see [`Diagnostic::render_styled`]).
    pub fn render_styled(&self, colour: bool) -> String {
        let mut out = String::new();
        let sorted = self.sorted();
        for d in sorted.iter().take(SHOWN) {
            out.push_str(&d.render_styled(colour));
            out.push('\n');
        }
        if sorted.len() > SHOWN {
            let _ = writeln!(
                out,
                "{}",
                crate::i18n::tr("diag_more", &[("n", &(sorted.len() - SHOWN))])
            );
        }
        let (e, w) = self.counts();
        if e + w > 0 {
            let _ = writeln!(
                out,
                "{}",
                crate::i18n::tr("diag_counts", &[("errors", &e), ("warnings", &w)])
            );
        }
        out
    }

    /// Iterates in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let names: HashSet<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), Code::ALL.len(), "duplicate code names");
        for c in Code::ALL {
            let n = c.as_str();
            assert!(
                n.split('-')
                    .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_lowercase())),
                "{n} is not kebab-case"
            );
            assert!(
                c.description().ends_with('.'),
                "{n}: description must be a sentence"
            );
        }
    }

    #[test]
    fn renders_position_line_and_caret() {
        let f = SourceFile::new("bill.toml", "[answers.x]\ncolour = \"red\"\n");
        let d = Diagnostic::error(Code::UnknownKey, "unknown key `colour`").at(
            &f,
            Some(12..18),
            Some("/answers/x/colour"),
        );
        let text = d.render();
        assert!(
            text.contains("error[unknown-key]: unknown key `colour`"),
            "{text}"
        );
        assert!(text.contains("--> bill.toml:2:1"), "{text}");
        assert!(text.contains("2 | colour = \"red\""), "{text}");
        assert!(text.contains("  | ^^^^^^\n"), "{text}");
    }
}
