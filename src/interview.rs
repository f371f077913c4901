//! The terminal interview: a checklist asked question by question, area by area, over any
//! line-based input and output (a terminal, or a pipe), saving through a [`Store`] after every
//! answer.
//!
//! Owns: the order of questions (areas in order, questions that do not apply skipped), the
//! cursor (next, back, go to, list), what is shown for a question (the question, the guidance
//! for each answer, the sources, the current answer), the prompts for answer, evidence and
//! note, and progress. Does not own: writing the file (the [`Store`], given by the CLI, writes
//! atomically) or rendering the report (a closure given by the CLI).

use std::io::{BufRead, Write};

use crate::answering::{allowed, answer_label, fill, ordered_items, parse_answer, words};
use crate::checklist::Checklist;
use crate::evaluate::applies;
use crate::model::{Answer, AnswerValue, AnswersFile, Evidence, Item};
use crate::report::{Messages, messages};

/// Where answers are saved.
pub trait Store {
    /// Saves `file` after a change to the answer of `changed` (or to the bill's details when
    /// `None`), and returns the file as it now is (a store may merge in answers given meanwhile
    /// by another session).
    fn save(&mut self, file: &AnswersFile, changed: Option<&str>) -> Result<AnswersFile, String>;
}

/// Failures: the input or output broke, or a save failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{}", crate::i18n::tr("cli_interview_cannot_save", &[("error", .0)]))]
    Save(String),
}

enum Nav {
    Next,
    Back,
    Goto(usize),
    Quit,
}

/// One interview.
pub struct Interview<'a, R: BufRead, W: Write> {
    c: &'a Checklist,
    lang: String,
    input: R,
    out: W,
    file: AnswersFile,
    store: &'a mut dyn Store,
    report: &'a dyn Fn(&AnswersFile) -> String,
    w: &'static Messages,
    m: &'static Messages,
    items: Vec<&'a Item>,
    shown_area: Option<String>,
    /// The terminal's width in characters: prose is wrapped at word boundaries to it.
    width: Option<usize>,
}

/// Wraps `text` at word boundaries to `width` characters: the first line starts with `first`,
/// the others with `rest` (a hanging indent). A word longer than a line stays whole on its own
/// line, a number with the short word before it (`art. 30`); line breaks in `text` are kept.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (n, para) in text.split('\n').enumerate() {
        let mut line = String::from(if n == 0 { first } else { rest });
        let mut len = line.chars().count();
        let mut empty = true;
        // A number stays with the short word before it: `art. 30`, `§ 2`, `Law 25`.
        let mut units: Vec<String> = Vec::new();
        for word in para.split_whitespace() {
            match units.last_mut() {
                Some(prev)
                    if word.starts_with(|c: char| c.is_ascii_digit())
                        && prev.chars().count() <= 6
                        && !prev.contains(' ') =>
                {
                    prev.push(' ');
                    prev.push_str(word);
                }
                _ => units.push(word.to_string()),
            }
        }
        for word in &units {
            let w = word.chars().count();
            if !empty && len + 1 + w > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = rest.to_string();
                len = line.chars().count();
                empty = true;
            }
            if !empty {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += w;
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.pop();
    out
}

impl<'a, R: BufRead, W: Write> Interview<'a, R, W> {
    /// An interview of `c` in `lang`, starting from `file`.
    pub fn new(
        c: &'a Checklist,
        lang: &str,
        file: AnswersFile,
        input: R,
        out: W,
        store: &'a mut dyn Store,
        report: &'a dyn Fn(&AnswersFile) -> String,
    ) -> Self {
        Interview {
            c,
            lang: lang.to_string(),
            input,
            out,
            file,
            store,
            report,
            w: words(lang),
            m: messages(lang),
            items: ordered_items(c),
            shown_area: None,
            width: None,
        }
    }

    /// Wraps prose to a terminal `width` (none: lines are left as they are, as for a pipe).
    pub fn with_width(mut self, width: Option<usize>) -> Self {
        // Narrower than this, wrapping hurts more than it helps.
        self.width = width.filter(|w| *w >= 30);
        self
    }

    /// Writes one line of prose, wrapped to the terminal's width with a hanging indent.
    fn say(&mut self, first: &str, text: &str, rest: &str) -> Result<(), Error> {
        let line = match self.width {
            Some(w) => wrap(text, w, first, rest),
            None => format!("{first}{text}"),
        };
        writeln!(self.out, "{line}")?;
        Ok(())
    }

    /// Writes one of the interview's messages, wrapped to the terminal's width.
    fn tell_key(&mut self, key: &str) -> Result<(), Error> {
        let text = self.w[key].trim_end().to_string();
        self.say("", &text, "")
    }

    /// Reads a free-text field (evidence or note). `?` alone shows what to type and asks again:
    /// it is never saved as the text.
    fn field(&mut self, prompt: &str) -> Result<Option<String>, Error> {
        loop {
            let got = self.line(prompt)?;
            if got.as_deref().map(str::trim) == Some("?") {
                let help = self.w["iv_field_help"].clone();
                self.say("", &help, "")?;
                continue;
            }
            return Ok(got);
        }
    }

    /// The answers as they are now.
    pub fn file(&self) -> &AnswersFile {
        &self.file
    }

    /// Reads one line; `None` at the end of the input.
    fn line(&mut self, prompt: &str) -> Result<Option<String>, Error> {
        write!(self.out, "{prompt}: ")?;
        self.out.flush()?;
        let mut s = String::new();
        if self.input.read_line(&mut s)? == 0 {
            writeln!(self.out)?;
            return Ok(None);
        }
        let s = s.trim_end_matches(['\n', '\r']).to_string();
        Ok(Some(s))
    }

    fn save(&mut self, changed: Option<&str>) -> Result<(), Error> {
        self.file = self.store.save(&self.file, changed).map_err(Error::Save)?;
        Ok(())
    }

    fn applies(&self, i: usize) -> bool {
        applies(self.c, &self.file, self.items[i])
    }

    /// (answered, total) over the questions that apply.
    pub fn progress(&self) -> (usize, usize) {
        let mut answered = 0;
        let mut total = 0;
        for i in 0..self.items.len() {
            if self.applies(i) {
                total += 1;
                if self.file.answers.contains_key(&self.items[i].id) {
                    answered += 1;
                }
            }
        }
        (answered, total)
    }

    fn first_unanswered(&self) -> Option<usize> {
        (0..self.items.len())
            .find(|&i| self.applies(i) && !self.file.answers.contains_key(&self.items[i].id))
    }

    fn next_from(&self, i: usize) -> Option<usize> {
        (i + 1..self.items.len()).find(|&j| self.applies(j))
    }

    fn prev_from(&self, i: usize) -> Option<usize> {
        (0..i.min(self.items.len()))
            .rev()
            .find(|&j| self.applies(j))
    }

    /// Asks for the bill's details (for a new file) and saves them.
    pub fn ask_details(&mut self) -> Result<bool, Error> {
        self.tell_key("iv_new")?;
        let w = self.w;
        for (key, required) in [
            ("jurisdiction", true),
            ("instrument", true),
            ("version", false),
            ("assessor", false),
            ("date", false),
        ] {
            let value = loop {
                let Some(v) = self.line(&w[&format!("q_bill_{key}")])? else {
                    return Ok(false);
                };
                let v = v.trim().to_string();
                if v.is_empty() && required {
                    writeln!(self.out, "{}", w["iv_required"])?;
                    continue;
                }
                if key == "date" && !v.is_empty() && !is_date(&v) {
                    writeln!(self.out, "{}", w["iv_bad_date"])?;
                    continue;
                }
                break v;
            };
            let a = &mut self.file.assessment;
            let opt = (!value.is_empty()).then(|| value.clone());
            match key {
                "jurisdiction" => a.jurisdiction = value,
                "instrument" => a.instrument = value,
                "version" => a.version = opt,
                "assessor" => a.assessor = opt,
                _ => a.date = opt,
            }
        }
        self.file.assessment.language = Some(self.lang.clone());
        self.save(None)?;
        Ok(true)
    }

    /// Says what is being answered and where it is saved.
    pub fn intro(&mut self, file_name: &str) -> Result<(), Error> {
        let h = &self.c.header;
        let text = fill(
            &self.w["iv_intro"],
            &[
                ("title", self.c.text(&h.title, &self.lang)),
                ("id", &h.id),
                ("version", &h.version),
                ("file", file_name),
            ],
        );
        self.say("", &text, "")
    }

    /// Runs the interview from the first unanswered question until the user quits or the
    /// input ends. Every answer is saved as soon as it is given.
    pub fn run(&mut self, resumed: bool, file_name: &str) -> Result<(), Error> {
        if resumed {
            let (a, t) = self.progress();
            let (a, t) = (a.to_string(), t.to_string());
            let text = fill(
                &self.w["iv_resume"],
                &[("file", file_name), ("answered", &a), ("total", &t)],
            );
            self.say("", &text, "")?;
        }
        self.tell_key("iv_menu")?;
        let mut pos = self.first_unanswered();
        loop {
            let nav = match pos {
                Some(i) => self.ask(i)?,
                None => self.at_end()?,
            };
            pos = match nav {
                Nav::Quit => break,
                Nav::Next => match pos {
                    Some(i) => self.next_from(i),
                    None => self.first_unanswered(),
                },
                Nav::Back => match pos {
                    Some(i) => self.prev_from(i).or(Some(i)),
                    None => self.prev_from(self.items.len()),
                },
                Nav::Goto(j) => Some(j),
            };
        }
        let bye = fill(&self.w["iv_bye"], &[("file", file_name)]);
        self.say("", &bye, "")
    }

    fn progress_line(&self) -> String {
        let (a, t) = self.progress();
        fill(
            &self.w["iv_progress"],
            &[("answered", &a.to_string()), ("total", &t.to_string())],
        )
    }

    fn show(&mut self, i: usize) -> Result<(), Error> {
        let c = self.c;
        let lang = self.lang.clone();
        let item = self.items[i];
        if self.shown_area.as_deref() != Some(item.area.as_str()) {
            let n = c.areas.iter().position(|a| a.id == item.area).unwrap_or(0) + 1;
            let title = c
                .area(&item.area)
                .map(|a| c.text(&a.title, &lang))
                .unwrap_or("");
            let line = fill(
                &self.w["iv_area"],
                &[
                    ("n", &n.to_string()),
                    ("m", &c.areas.len().to_string()),
                    ("title", title),
                ],
            );
            self.say("\n", &format!("══ {line} ══"), "")?;
            self.shown_area = Some(item.area.clone());
        }
        let head = fill(
            &self.w["iv_item"],
            &[
                ("n", &(i + 1).to_string()),
                ("m", &self.items.len().to_string()),
                ("id", &item.id),
            ],
        );
        let head = format!("[{}] {head}", self.progress_line());
        self.say("\n", &head, "")?;
        self.say("", c.text(&item.question, &lang), "")?;
        let m = self.m;
        let flags = crate::report::item_flags(item, m);
        writeln!(self.out, "  [{}]", flags.join(" · "))?;
        for (n, v) in allowed(item).into_iter().enumerate() {
            let guidance = match v {
                AnswerValue::Yes => Some(c.text(&item.guidance.yes, &lang)),
                AnswerValue::Partial => item.guidance.partial.as_ref().map(|t| c.text(t, &lang)),
                AnswerValue::No => Some(c.text(&item.guidance.no, &lang)),
                _ => None,
            };
            match guidance {
                Some(g) => {
                    let lead = format!("  {} {}: ", n + 1, answer_label(v, &lang));
                    self.say(&lead, g, "      ")?;
                }
                None => writeln!(self.out, "  {} {}", n + 1, answer_label(v, &lang))?,
            }
        }
        let cites: Vec<String> = item
            .cites
            .iter()
            .map(|ci| c.cite(ci, &lang, true))
            .collect();
        let lead = format!("  {}: ", m["citations"]);
        self.say(&lead, &cites.join("; "), "      ")?;
        if let Some(a) = self.file.answers.get(&item.id).cloned() {
            writeln!(
                self.out,
                "  {}: {}",
                self.w["iv_current"],
                answer_label(a.answer, &lang)
            )?;
            for e in &a.evidence {
                let text = format!(
                    "{} “{}”",
                    e.article.as_deref().unwrap_or(""),
                    e.quote.as_deref().unwrap_or("")
                );
                self.say("    ", &text, "      ")?;
            }
            if let Some(n) = &a.note {
                let lead = format!("    {}: ", m["note"]);
                self.say(&lead, n, "      ")?;
            }
        }
        Ok(())
    }

    /// Handles a command shared by the question and end prompts; `None` when `input` is not one.
    fn command(&mut self, input: &str) -> Result<Option<Option<Nav>>, Error> {
        let t = input.trim();
        let (cmd, arg) = match t.split_once(char::is_whitespace) {
            Some((a, b)) => (a, b.trim()),
            None => (t, ""),
        };
        Ok(Some(match cmd {
            "<" => Some(Nav::Back),
            "q" | "Q" => Some(Nav::Quit),
            "?" => {
                self.tell_key("iv_help")?;
                None
            }
            "l" | "L" => {
                self.list()?;
                None
            }
            "r" | "R" => {
                let text = (self.report)(&self.file);
                writeln!(self.out, "{text}")?;
                None
            }
            "g" | "G" => {
                let target = match arg.parse::<usize>() {
                    Ok(n) if n >= 1 && n <= self.items.len() => Some(n - 1),
                    _ => self.items.iter().position(|i| i.id == arg),
                };
                match target {
                    Some(j) if self.applies(j) => {
                        self.shown_area = None;
                        Some(Nav::Goto(j))
                    }
                    Some(_) => {
                        self.tell_key("iv_not_asked")?;
                        None
                    }
                    None => {
                        self.tell_key("iv_no_such_item")?;
                        let ids = self.items.iter().map(|i| i.id.as_str());
                        if !arg.is_empty()
                            && let Some(close) = crate::validate::closest(arg, ids)
                        {
                            let hint = fill(&self.w["iv_did_you_mean"], &[("id", close)]);
                            writeln!(self.out, "{hint}")?;
                        }
                        None
                    }
                }
            }
            _ => return Ok(None),
        }))
    }

    fn list(&mut self) -> Result<(), Error> {
        let lang = self.lang.clone();
        let mut area = None;
        for i in 0..self.items.len() {
            let item = self.items[i];
            if area != Some(&item.area) {
                area = Some(&item.area);
                let title = self
                    .c
                    .area(&item.area)
                    .map(|a| self.c.text(&a.title, &lang))
                    .unwrap_or("");
                writeln!(self.out, "{title}")?;
            }
            let state = if !self.applies(i) {
                let power = item
                    .applies_if
                    .as_ref()
                    .map(|a| a.item.as_slice().join(", "))
                    .unwrap_or_default();
                fill(&self.w["iv_skipped"], &[("power", &power)])
            } else {
                match self.file.answers.get(&item.id) {
                    Some(a) => answer_label(a.answer, &lang),
                    None => "·".to_string(),
                }
            };
            writeln!(self.out, "  {:>3} {:<48} {state}", i + 1, item.id)?;
        }
        writeln!(self.out, "{}", self.progress_line())?;
        Ok(())
    }

    fn at_end(&mut self) -> Result<Nav, Error> {
        let (a, t) = self.progress();
        if a == t {
            let text = fill(
                &self.w["iv_all_done"],
                &[("answered", &a.to_string()), ("total", &t.to_string())],
            );
            self.say("\n", &text, "")?;
        } else {
            writeln!(self.out, "\n{}", self.progress_line())?;
        }
        self.tell_key("iv_end_menu")?;
        loop {
            let Some(input) = self.line(">")? else {
                return Ok(Nav::Quit);
            };
            if input.trim().is_empty() {
                return Ok(if a == t { Nav::Quit } else { Nav::Next });
            }
            match self.command(&input)? {
                Some(Some(nav)) => return Ok(nav),
                Some(None) => {}
                None => self.tell_key("iv_unknown_command")?,
            }
        }
    }

    fn ask(&mut self, i: usize) -> Result<Nav, Error> {
        self.show(i)?;
        let item = self.items[i];
        let ok = allowed(item);
        let prompt = format!("{} [1-{}]", self.w["iv_choose"], ok.len());
        let value = loop {
            let Some(input) = self.line(&prompt)? else {
                return Ok(Nav::Quit);
            };
            let t = input.trim();
            if t.is_empty() {
                return Ok(Nav::Next);
            }
            if let Ok(n) = t.parse::<usize>() {
                if n >= 1 && n <= ok.len() {
                    break ok[n - 1];
                }
                let names: Vec<String> = ok
                    .iter()
                    .map(|v| answer_label(*v, &self.lang).to_lowercase())
                    .collect();
                let text = fill(
                    &self.w["iv_out_of_range"],
                    &[
                        ("max", &ok.len().to_string()),
                        ("answers", &names.join(", ")),
                    ],
                );
                writeln!(self.out, "{text}")?;
                continue;
            }
            if let Some(v) = parse_answer(t) {
                if ok.contains(&v) {
                    break v;
                }
                self.tell_key("iv_not_allowed")?;
                continue;
            }
            match self.command(t)? {
                Some(Some(nav)) => return Ok(nav),
                Some(None) => {}
                None => self.tell_key("iv_unknown_command")?,
            }
        };
        let id = item.id.clone();
        let previous = self.file.answers.get(&id).cloned();
        let mut answer = previous.clone().unwrap_or(Answer {
            answer: value,
            note: None,
            evidence: vec![],
        });
        answer.answer = value;
        self.file.answers.insert(id.clone(), answer);
        self.save(Some(&id))?;
        self.tell_key("iv_saved")?;

        if previous.is_some_and(|p| p.note.is_some() || !p.evidence.is_empty()) {
            let Some(keep) = self.line(&self.w["iv_keep_evidence"].clone())? else {
                return Ok(Nav::Quit);
            };
            let k = keep.trim().to_lowercase();
            if k.is_empty() || !k.starts_with('n') {
                return Ok(Nav::Next);
            }
            if let Some(a) = self.file.answers.get_mut(&id) {
                a.evidence.clear();
                a.note = None;
            }
            self.save(Some(&id))?;
        }

        let mut prompt = self.w["iv_article"].clone();
        let mut first = true;
        loop {
            let Some(article) = self.field(&prompt)? else {
                return Ok(Nav::Quit);
            };
            if !first && article.trim().is_empty() {
                break;
            }
            first = false;
            let Some(quote) = self.field(&self.w["iv_quote"].clone())? else {
                return Ok(Nav::Quit);
            };
            let (article, quote) = (article.trim().to_string(), quote.trim().to_string());
            if article.is_empty() && quote.is_empty() {
                break;
            }
            if let Some(a) = self.file.answers.get_mut(&id) {
                a.evidence.push(Evidence {
                    article: (!article.is_empty()).then_some(article),
                    quote: (!quote.is_empty()).then_some(quote),
                });
            }
            self.save(Some(&id))?;
            prompt = self.w["iv_more"].clone();
        }
        let Some(note) = self.field(&self.w["iv_note"].clone())? else {
            return Ok(Nav::Quit);
        };
        let note = note.trim().to_string();
        if !note.is_empty() {
            if let Some(a) = self.file.answers.get_mut(&id) {
                a.note = Some(note);
            }
            self.save(Some(&id))?;
        }
        Ok(Nav::Next)
    }
}

/// Whether a text is a real `YYYY-MM-DD` date (see [`crate::validate::is_date`]).
pub fn is_date(s: &str) -> bool {
    crate::validate::is_date(s)
}
