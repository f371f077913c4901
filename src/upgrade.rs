//! Carrying an answers file to the current version of its checklist (`salvaguarda upgrade`).
//!
//! Owns: following the checklist's `[[migrations]]` from the file's version to the current one,
//! and rewriting the answers: renamed items moved, split items copied to each new item, merged
//! items joined (the least favourable answer, every note and piece of evidence), re-framed items
//! flagged, removed items kept as comments, new items added as `unknown`. Nothing the assessor
//! wrote is dropped: every answer, note and quote of the old file is in the new one, as an
//! answer or as a comment. Does not own: reading or writing files (the CLI does, atomically).

use std::collections::{BTreeMap, BTreeSet};

use crate::answers;
use crate::checklist::Checklist;
use crate::model::{Answer, AnswerValue, AnswersFile, Evidence, ItemKind, Migration};

/// What one upgrade changed, item by item, in the order the steps applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The versions passed through, from the file's to the checklist's.
    pub versions: Vec<String>,
    pub renamed: Vec<(String, String)>,
    pub split: Vec<(String, Vec<String>)>,
    pub merged: Vec<(String, Vec<String>)>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

impl Changes {
    /// Whether the file needed no change beyond its version.
    pub fn is_empty(&self) -> bool {
        self.renamed.is_empty()
            && self.split.is_empty()
            && self.merged.is_empty()
            && self.changed.is_empty()
            && self.removed.is_empty()
            && self.added.is_empty()
    }

    /// One line per change, in the language of the command, for the terminal.
    pub fn lines(&self) -> Vec<String> {
        use crate::i18n::tr;
        let mut out = Vec::new();
        for (o, n) in &self.renamed {
            out.push(tr("cli_upgrade_renamed", &[("old", o), ("new", n)]));
        }
        for (o, ns) in &self.split {
            out.push(tr(
                "cli_upgrade_split",
                &[("old", o), ("new", &ns.join(", "))],
            ));
        }
        for (n, os) in &self.merged {
            out.push(tr(
                "cli_upgrade_merged",
                &[("old", &os.join(", ")), ("new", n)],
            ));
        }
        for id in &self.changed {
            out.push(tr("cli_upgrade_changed", &[("id", id)]));
        }
        for id in &self.removed {
            out.push(tr("cli_upgrade_removed", &[("id", id)]));
        }
        for id in &self.added {
            out.push(tr("cli_upgrade_added", &[("id", id)]));
        }
        out
    }
}

/// The comments of an answers file, by where they stand: before `[assessment]`, before each
/// `[answers.ID]` table (every comment line is attached to the next answers table), and after
/// the last table. What the assessor wrote as comments moves with the answer it precedes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileComments {
    pub header: Vec<String>,
    pub before: BTreeMap<String, Vec<String>>,
    pub trailer: Vec<String>,
}

/// The id of an `[answers.ID]` table header line, if it is one.
fn answers_header(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("[answers.")?;
    let inner = rest.strip_suffix(']')?;
    let id = inner.trim();
    Some(
        id.strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .unwrap_or(id)
            .to_string(),
    )
}

/// Reads the comments of an answers file's text (see [`FileComments`]). Comment lines are kept
/// without their `#` and one following space.
pub fn comments_of(text: &str) -> FileComments {
    let mut out = FileComments::default();
    let mut pending: Vec<String> = Vec::new();
    let mut seen_table = false;
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(c) = t.strip_prefix('#') {
            pending.push(c.strip_prefix(' ').unwrap_or(c).to_string());
        } else if let Some(id) = answers_header(t) {
            seen_table = true;
            if !pending.is_empty() {
                out.before
                    .entry(id)
                    .or_default()
                    .extend(std::mem::take(&mut pending));
            }
        } else if t.starts_with('[') && !seen_table {
            // `[assessment]`: the comments above it head the file.
            seen_table = true;
            out.header.extend(std::mem::take(&mut pending));
        }
    }
    out.trailer = pending;
    out
}

/// An upgraded file: its answers, the comments that go above some of them, the commented-out
/// answers of removed items, and what changed.
#[derive(Debug, Clone)]
pub struct Upgraded {
    pub file: AnswersFile,
    /// Comment lines written above `[answers.ID]`.
    pub comments: BTreeMap<String, Vec<String>>,
    /// The file's own comments above `[assessment]` and after its last answer, kept.
    pub header: Vec<String>,
    pub trailer: Vec<String>,
    /// Removed items, each as (id, why, the old answer).
    pub removed: Vec<(String, String, Answer)>,
    /// The comments that stood above removed answers.
    pub removed_comments: BTreeMap<String, Vec<String>>,
    pub changes: Changes,
}

impl Upgraded {
    /// The upgraded file as TOML, in the checklist's order, with its comments.
    pub fn to_toml(&self, checklist: &Checklist) -> String {
        let mut out = String::new();
        for line in &self.header {
            out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
        }
        if !self.header.is_empty() {
            out.push('\n');
        }
        out.push_str(&answers::to_toml_annotated(
            &self.file,
            Some(checklist),
            &self.comments,
        ));
        if !self.trailer.is_empty() {
            out.push('\n');
            for line in &self.trailer {
                out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
            }
        }
        if !self.removed.is_empty() {
            out.push('\n');
            let lang = self.file.assessment.language.as_deref().unwrap_or("en");
            for line in crate::i18n::text(lang, "upgrade_removed_header").lines() {
                out.push_str(&format!("# {line}\n"));
            }
            for (id, why, ans) in &self.removed {
                out.push_str("#\n");
                out.push_str(&format!("# {id}: {why}\n"));
                for line in self.removed_comments.get(id).into_iter().flatten() {
                    out.push_str(&format!("# # {line}\n"));
                }
                let mut one = AnswersFile {
                    assessment: self.file.assessment.clone(),
                    answers: BTreeMap::new(),
                };
                one.answers.insert(id.clone(), ans.clone());
                let text = answers::to_toml(&one, None);
                let body = text
                    .split_once(&format!("[answers.{}]", answers::key(id)))
                    .map(|(_, b)| format!("[answers.{}]{b}", answers::key(id)))
                    .unwrap_or_default();
                for line in body.lines() {
                    out.push_str("# ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// Why a file cannot be upgraded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpgradeError {
    #[error(
        "{}",
        crate::i18n::tr("diag_checklist_mismatch", &[("file", file), ("checklist", checklist)])
    )]
    OtherChecklist { file: String, checklist: String },
    #[error(
        "{}",
        crate::i18n::tr(
            "cli_upgrade_no_path",
            &[("from", from), ("to", to), ("checklist", checklist), ("known", known)]
        )
    )]
    NoPath {
        checklist: String,
        from: String,
        to: String,
        known: String,
    },
}

/// The migration steps from `from` to the checklist's version, in order, or none when the
/// versions are equal. Returns `None` when no chain of steps leads there.
pub fn path<'a>(checklist: &'a Checklist, from: &str) -> Option<Vec<&'a Migration>> {
    let mut steps = Vec::new();
    let mut at = from.to_string();
    let mut seen = BTreeSet::new();
    while at != checklist.header.version {
        if !seen.insert(at.clone()) {
            return None;
        }
        let step = checklist.migrations.iter().find(|m| m.from == at)?;
        steps.push(step);
        at = step.to.clone();
    }
    Some(steps)
}

/// Labels for the notes `upgrade` adds, in the answers file's language (the `upgrade_` labels
/// of the message table).
struct Words {
    check_split: String,
    check_merged: String,
    check_changed: String,
    added: String,
    not_allowed: String,
}

fn words(lang: Option<&str>) -> Words {
    let t = |key: &str| crate::i18n::text(lang.unwrap_or("en"), key);
    Words {
        check_split: t("upgrade_check_split"),
        check_merged: t("upgrade_check_merged"),
        check_changed: t("upgrade_check_changed"),
        added: t("upgrade_added"),
        not_allowed: t("upgrade_not_allowed"),
    }
}

fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in vars {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// Appends a line to an answer's note.
fn add_note(a: &mut Answer, line: &str) {
    // An existing note is kept as written, even if it is only spaces.
    a.note = Some(match a.note.take() {
        Some(n) if !n.is_empty() => format!("{n}\n{line}"),
        _ => line.to_string(),
    });
}

/// How favourable an answer is, for choosing the least favourable of merged answers. For a
/// safeguard the worst is `no`; for a power, the answer that keeps the most safeguards applying
/// (`yes`), so that merging never hides a safeguard.
fn favour(kind: ItemKind, a: AnswerValue) -> u8 {
    use AnswerValue::*;
    match kind {
        ItemKind::Safeguard => match a {
            No => 0,
            Partial => 1,
            Unknown => 2,
            Yes => 3,
            NotApplicable => 4,
        },
        ItemKind::Power => match a {
            Yes => 0,
            Partial => 1,
            Unknown => 2,
            No => 3,
            NotApplicable => 4,
        },
    }
}

/// Moves the comments above old answers as a step moves the answers: to the new item of a
/// rename or merge, to every item of a split, and to the comments of removed answers.
fn move_step_comments(
    step: &Migration,
    comments: &mut BTreeMap<String, Vec<String>>,
    removed_comments: &mut BTreeMap<String, Vec<String>>,
) {
    let mut move_comments = |from: &str, to: &[&str]| {
        if let Some(c) = comments.remove(from) {
            for t in to {
                comments
                    .entry(t.to_string())
                    .or_default()
                    .extend(c.iter().cloned());
            }
        }
    };
    for (o, n) in &step.renamed {
        move_comments(o, &[n.as_str()]);
    }
    for (o, ns) in &step.split {
        let to: Vec<&str> = ns.iter().map(String::as_str).collect();
        move_comments(o, &to);
    }
    for (n, os) in &step.merged {
        for o in os {
            move_comments(o, &[n.as_str()]);
        }
    }
    for o in step.removed.keys() {
        if let Some(c) = comments.remove(o) {
            removed_comments.entry(o.clone()).or_default().extend(c);
        }
    }
}

/// One answer for the items a step merges: the least favourable answer (`worst`), every note
/// (each marked with its old item and answer) and all evidence, and a note asking to check it.
fn join_merged(parts: &[(String, Answer)], worst: AnswerValue, check: &str, from: &str) -> Answer {
    let mut joined = Answer {
        answer: worst,
        note: None,
        evidence: Vec::new(),
    };
    for (o, part) in parts {
        if let Some(note) = &part.note {
            add_note(
                &mut joined,
                &format!("[{o}: {}] {note}", part.answer.as_str()),
            );
        } else {
            add_note(&mut joined, &format!("[{o}: {}]", part.answer.as_str()));
        }
        for e in &part.evidence {
            if !joined.evidence.contains(e) {
                joined.evidence.push(e.clone());
            }
        }
    }
    let olds: Vec<String> = parts.iter().map(|(o, _)| format!("`{o}`")).collect();
    add_note(
        &mut joined,
        &fill(check, &[("olds", &olds.join(", ")), ("from", from)]),
    );
    joined
}

/// Places an answer a step moved on item `id`: as it is, or joined with the answer already
/// there.
fn place(checklist: &Checklist, id: &str, ans: Answer, answers: &mut BTreeMap<String, Answer>) {
    match answers.get_mut(id) {
        // Two old answers land on one item: keep the least favourable answer and both
        // notes and all evidence.
        Some(existing) => {
            let k = checklist
                .item(id)
                .map(|i| i.kind)
                .unwrap_or(ItemKind::Safeguard);
            if favour(k, ans.answer) < favour(k, existing.answer) {
                existing.answer = ans.answer;
            }
            if let Some(n) = ans.note {
                add_note(existing, &n);
            }
            for e in ans.evidence {
                if !existing.evidence.contains(&e) {
                    existing.evidence.push(e);
                }
            }
        }
        None => {
            answers.insert(id.to_string(), ans);
        }
    }
}

/// An answer the new question does not allow (not_applicable where it is not allowed) becomes
/// unknown, with the old answer in the note.
fn unknown_where_not_allowed(
    checklist: &Checklist,
    answers: &mut BTreeMap<String, Answer>,
    not_allowed: &str,
) {
    for (id, ans) in answers.iter_mut() {
        let Some(item) = checklist.item(id) else {
            continue;
        };
        let allowed = ans.answer != AnswerValue::NotApplicable
            || (item.kind == ItemKind::Safeguard && item.allow_not_applicable);
        if !allowed {
            let was = ans.answer.as_str();
            ans.answer = AnswerValue::Unknown;
            add_note(ans, &fill(not_allowed, &[("was", was)]));
        }
    }
}

/// The error of a file whose version no chain of migrations leaves from.
fn no_path(checklist: &Checklist, from: &str) -> UpgradeError {
    UpgradeError::NoPath {
        checklist: checklist.header.id.clone(),
        from: from.to_string(),
        to: checklist.header.version.clone(),
        known: {
            let v: Vec<&str> = checklist
                .migrations
                .iter()
                .map(|m| m.from.as_str())
                .collect();
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        },
    }
}

/// Carries `file` to the checklist's version. A file already at that version comes back
/// unchanged, with empty [`Changes`].
pub fn upgrade(file: &AnswersFile, checklist: &Checklist) -> Result<Upgraded, UpgradeError> {
    upgrade_with_comments(file, &FileComments::default(), checklist)
}

/// [`upgrade`], keeping the file's comments (see [`comments_of`]): those above an answer move
/// with it (to every item of a split, to the item of a merge, to the comment that keeps a
/// removed answer).
pub fn upgrade_with_comments(
    file: &AnswersFile,
    kept: &FileComments,
    checklist: &Checklist,
) -> Result<Upgraded, UpgradeError> {
    let a = &file.assessment;
    if a.checklist != checklist.header.id {
        return Err(UpgradeError::OtherChecklist {
            file: a.checklist.clone(),
            checklist: checklist.header.id.clone(),
        });
    }
    let steps = path(checklist, &a.checklist_version)
        .ok_or_else(|| no_path(checklist, &a.checklist_version))?;
    let lang = a.language.as_deref();
    let w = words(lang);
    let text = |t: &crate::model::Text| checklist.text(t, lang.unwrap_or("en")).to_string();
    let mut answers = file.answers.clone();
    // The file's comments, by the id of the answer they stand above; moved like the answers.
    let mut comments: BTreeMap<String, Vec<String>> = kept.before.clone();
    let mut removed_comments: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut removed = Vec::new();
    let mut changes = Changes {
        versions: std::iter::once(a.checklist_version.clone())
            .chain(steps.iter().map(|s| s.to.clone()))
            .collect(),
        ..Changes::default()
    };
    let kind_of = |id: &str| {
        checklist
            .item(id)
            .map(|i| i.kind)
            .unwrap_or(ItemKind::Safeguard)
    };
    for step in steps {
        let from = step.from.as_str();
        let to = step.to.as_str();
        // Take every old answer the step maps before placing any, so that a chain of renames
        // (a → b, b → c) moves each answer once.
        let mut taken: BTreeMap<String, Answer> = BTreeMap::new();
        let olds = step
            .renamed
            .keys()
            .chain(step.split.keys())
            .chain(step.merged.values().flatten())
            .chain(step.removed.keys());
        for o in olds {
            if let Some(ans) = answers.remove(o) {
                taken.insert(o.clone(), ans);
            }
        }
        move_step_comments(step, &mut comments, &mut removed_comments);
        for (o, n) in &step.renamed {
            if let Some(ans) = taken.remove(o) {
                place(checklist, n, ans, &mut answers);
                changes.renamed.push((o.clone(), n.clone()));
            }
        }
        for (o, ns) in &step.split {
            if let Some(ans) = taken.remove(o) {
                for n in ns {
                    let mut copy = ans.clone();
                    add_note(
                        &mut copy,
                        &fill(&w.check_split, &[("old", o), ("from", from)]),
                    );
                    place(checklist, n, copy, &mut answers);
                }
                changes.split.push((o.clone(), ns.clone()));
            }
        }
        for (n, os) in &step.merged {
            let parts: Vec<(String, Answer)> = os
                .iter()
                .filter_map(|o| taken.remove(o).map(|a| (o.clone(), a)))
                .collect();
            if parts.is_empty() {
                continue;
            }
            let k = kind_of(n);
            let worst = parts
                .iter()
                .map(|(_, a)| a.answer)
                .min_by_key(|v| favour(k, *v))
                .expect("at least one part");
            let joined = join_merged(&parts, worst, &w.check_merged, from);
            place(checklist, n, joined, &mut answers);
            changes
                .merged
                .push((n.clone(), parts.into_iter().map(|(o, _)| o).collect()));
        }
        for (o, why) in &step.removed {
            if let Some(ans) = taken.remove(o) {
                removed.push((o.clone(), text(why), ans));
                changes.removed.push(o.clone());
            }
        }
        for (id, why) in &step.changed {
            if let Some(ans) = answers.get_mut(id) {
                add_note(
                    ans,
                    &fill(&w.check_changed, &[("to", to), ("why", &text(why))]),
                );
                changes.changed.push(id.clone());
            }
        }
        for id in &step.added {
            if !answers.contains_key(id) {
                answers.insert(
                    id.clone(),
                    Answer {
                        answer: AnswerValue::Unknown,
                        note: None,
                        evidence: Vec::new(),
                    },
                );
                comments
                    .entry(id.clone())
                    .or_default()
                    .push(fill(&w.added, &[("to", to)]));
                changes.added.push(id.clone());
            }
        }
        // Whatever a step did not place (an id mapped by a later step only) stays as it was.
        for (o, ans) in taken {
            answers.insert(o, ans);
        }
    }
    unknown_where_not_allowed(checklist, &mut answers, &w.not_allowed);
    let mut out = file.clone();
    out.assessment.checklist_version = checklist.header.version.clone();
    out.answers = answers;
    // Comments of answers that are not in the file any more (an id mapped away without an
    // answer) go to the end, so that none is lost.
    let mut trailer = kept.trailer.clone();
    let orphans: Vec<String> = comments
        .keys()
        .filter(|id| !out.answers.contains_key(*id))
        .cloned()
        .collect();
    for id in orphans {
        if let Some(c) = comments.remove(&id) {
            trailer.push(format!("{id}:"));
            trailer.extend(c);
        }
    }
    Ok(Upgraded {
        file: out,
        comments,
        header: kept.header.clone(),
        trailer,
        removed,
        removed_comments,
        changes,
    })
}

/// Every note and quote of a file, and each removed or kept answer: what a test checks the
/// upgrade keeps.
pub fn texts(file: &AnswersFile) -> Vec<String> {
    let mut out = Vec::new();
    for a in file.answers.values() {
        if let Some(n) = &a.note {
            out.push(n.clone());
        }
        for Evidence { article, quote } in &a.evidence {
            out.extend(article.iter().cloned());
            out.extend(quote.iter().cloned());
        }
    }
    out
}
