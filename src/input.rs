//! Reading what the user gives: every file salvaguarda reads from the user's disk (answers
//! files, checklist files, templates, bill texts, questionnaires) comes in through here.
//!
//! Owns: the documented maximum size of each kind of input ([`Kind::limit`]), refused with
//! `input-too-large` before the file is read whole (a device such as `/dev/zero` is read only up
//! to the limit); standard input for a path of `-` (read once, then kept, so a command that looks
//! at the file twice sees the same text); the record of every file read, by device and inode, so
//! that [`crate::output`] never replaces an input; and the coded `file-unreadable` diagnostic of
//! a file that is missing, is a folder, cannot be opened or is not UTF-8 (placed at the line and
//! column of the first invalid byte). Does not own: parsing (see [`crate::load`]) or writing
//! (see [`crate::output`]).

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;

/// What a file is read as; each kind has its own maximum size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An answers file (`report`, `lint`, `plan`, `diff`, `compare`, `export --answers`,
    /// `interview`).
    Answers,
    /// One file of a checklist folder, or a file given to `lint` (either kind, sorted later).
    Checklist,
    /// A template under `--templates`.
    Template,
    /// A bill text (`--bill`, `scan`).
    Bill,
    /// A questionnaire to import: an xlsx workbook or a CSV table.
    Questionnaire,
}

/// One mebibyte.
const MIB: u64 = 1 << 20;

impl Kind {
    /// The largest file of this kind that is read, in bytes.
    pub const fn limit(self) -> u64 {
        match self {
            Kind::Answers | Kind::Checklist => 2 * MIB,
            Kind::Template => MIB,
            Kind::Bill => 16 * MIB,
            Kind::Questionnaire => 16 * MIB,
        }
    }

    /// What the file is, in a message ("an answers file"), in the language of the command.
    pub fn noun(self) -> String {
        crate::i18n::tr(
            match self {
                Kind::Answers => "diag_noun_answers",
                Kind::Checklist => "diag_noun_checklist",
                Kind::Template => "diag_noun_template",
                Kind::Bill => "diag_noun_bill",
                Kind::Questionnaire => "diag_noun_questionnaire",
            },
            &[],
        )
    }
}

/// The most bill text read in one run, all `--bill` files together.
pub const BILL_TOTAL_LIMIT: u64 = 32 * MIB;

/// The most `*.toml` files read from one checklist folder.
pub const CHECKLIST_FILES_LIMIT: usize = 256;

/// A size in words: `4 MiB`, `512 KiB`, `12 bytes`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= 1024 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// The name a path is shown by: `<stdin>` for `-`, otherwise the path as given.
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Whether a path means standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A file's identity: device and inode where there are such, else its canonical path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl Identity {
    /// The identity of an open file (`path` is only used where there are no inodes).
    #[cfg_attr(unix, allow(unused_variables))]
    pub(crate) fn of(meta: &std::fs::Metadata, path: &Path) -> Identity {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Identity::Inode(meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        {
            Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
        }
    }
}

fn read_files() -> &'static Mutex<HashSet<Identity>> {
    static READ: OnceLock<Mutex<HashSet<Identity>>> = OnceLock::new();
    READ.get_or_init(Default::default)
}

fn record(id: Identity) {
    if let Ok(mut set) = read_files().lock() {
        set.insert(id);
    }
}

/// Whether the file at `path` (following links) was read by this process as an input.
pub fn was_read(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    let id = Identity::of(&meta, path);
    read_files().lock().is_ok_and(|set| set.contains(&id))
}

/// Marks a file as an input without reading it through here (e.g. a file another library
/// opened), so that output never replaces it.
pub fn mark_read(path: &Path) {
    if let Ok(meta) = std::fs::metadata(path) {
        record(Identity::of(&meta, path));
    }
}

/// What went wrong reading an input; becomes a coded diagnostic.
fn unreadable(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::FileUnreadable, message).in_file(&display_name(path))
}

fn too_large(path: &Path, kind: Kind, size: Option<u64>) -> Diagnostic {
    let limit = kind.limit();
    let (key, shown) = match size {
        // Close to the limit, the exact size says why.
        Some(s) if s < limit + limit / 10 => ("diag_too_large_bytes", s.to_string()),
        Some(s) => ("diag_too_large_size", human_size(s)),
        None => ("diag_too_large_more", human_size(limit)),
    };
    Diagnostic::error(
        Code::InputTooLarge,
        crate::i18n::tr(
            key,
            &[
                ("size", &shown),
                ("noun", &kind.noun()),
                ("limit", &human_size(limit)),
            ],
        ),
    )
    .in_file(&display_name(path))
    .with_help(crate::i18n::tr("diag_too_large_help", &[]))
}

/// Reads up to `limit + 1` bytes, so that a longer input is known to be too long without being
/// read whole.
fn read_capped(r: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    r.take(limit + 1).read_to_end(&mut out)?;
    Ok(out)
}

/// Standard input, read once (up to the largest limit) and kept.
fn stdin_bytes() -> &'static std::io::Result<Vec<u8>> {
    static STDIN: OnceLock<std::io::Result<Vec<u8>>> = OnceLock::new();
    STDIN.get_or_init(|| {
        let largest = [
            Kind::Answers,
            Kind::Checklist,
            Kind::Template,
            Kind::Bill,
            Kind::Questionnaire,
        ]
        .iter()
        .map(|k| k.limit())
        .max()
        .unwrap_or(0);
        read_capped(std::io::stdin().lock(), largest)
    })
}

/// Reads the bytes of an input of `kind`, refusing one over the kind's limit before reading it
/// whole, and records the file as an input.
pub fn read_bytes(path: &Path, kind: Kind) -> Result<Vec<u8>, Box<Diagnostic>> {
    let limit = kind.limit();
    if is_stdin(path) {
        return match stdin_bytes() {
            Ok(b) if b.len() as u64 > limit => Err(Box::new(too_large(path, kind, None))),
            Ok(b) => Ok(b.clone()),
            Err(e) => Err(Box::new(unreadable(
                path,
                crate::i18n::tr("diag_cannot_read_stdin", &[("error", e)]),
            ))),
        };
    }
    if path.as_os_str().is_empty() {
        return Err(Box::new(unreadable(
            path,
            crate::i18n::tr("diag_empty_file_name", &[]),
        )));
    }
    let file = std::fs::File::open(path).map_err(|e| unreadable(path, io_message(&e)))?;
    let meta = file
        .metadata()
        .map_err(|e| unreadable(path, io_message(&e)))?;
    if meta.is_dir() {
        return Err(Box::new(unreadable(
            path,
            crate::i18n::tr("diag_is_folder", &[]),
        )));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(Box::new(too_large(path, kind, Some(meta.len()))));
    }
    record(Identity::of(&meta, path));
    let bytes = read_capped(&file, limit).map_err(|e| unreadable(path, io_message(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(Box::new(too_large(path, kind, None)));
    }
    Ok(bytes)
}

/// Reads a text input of `kind` (see [`read_bytes`]); text that is not UTF-8 is refused at the
/// line and column of its first invalid byte.
pub fn read_source(path: &Path, kind: Kind) -> Result<SourceFile, Box<Diagnostic>> {
    let bytes = read_bytes(path, kind)?;
    text(&display_name(path), bytes)
}

/// Text from bytes, or a `file-unreadable` diagnostic placed at the first invalid byte.
pub fn text(name: &str, bytes: Vec<u8>) -> Result<SourceFile, Box<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(t) => Ok(SourceFile::new(name, t)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let bad = bytes.get(at).copied().unwrap_or_default();
            // Everything before the bad byte is valid, so positions there are exact.
            let lossy = SourceFile::new(name, String::from_utf8_lossy(&bytes).into_owned());
            Err(Box::new(
                Diagnostic::error(
                    Code::FileUnreadable,
                    crate::i18n::tr("diag_not_utf8", &[("byte", &format!("{bad:02X}"))]),
                )
                .at(&lossy, Some(at..at + 1), None)
                .with_help(crate::i18n::tr("diag_not_utf8_help", &[])),
            ))
        }
    }
}

/// An I/O error in words, without the `(os error N)` suffix. The common ones speak the
/// language of the command; in English, and for the rare others, the system's own words.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let tr = |key: &str| crate::i18n::tr(key, &[]);
    let system = || {
        let s = e.to_string();
        match s.find(" (os error") {
            Some(i) => s[..i].to_string(),
            None => s,
        }
    };
    let english = crate::i18n::ui() == "en";
    match e.kind() {
        K::NotFound => tr("diag_no_such_file"),
        K::PermissionDenied => tr("diag_permission_denied"),
        K::IsADirectory => tr("diag_is_folder"),
        _ if english => system(),
        K::StorageFull => tr("diag_io_storage_full"),
        K::ReadOnlyFilesystem => tr("diag_io_read_only"),
        K::NotADirectory => tr("diag_io_not_a_folder"),
        K::AlreadyExists => tr("diag_io_exists"),
        _ => system(),
    }
}

/// An I/O error as printed after a colon: in English the system's whole message (as it always
/// was, `(os error N)` included), in another language [`io_message`].
pub fn io_detail(e: &std::io::Error) -> String {
    if crate::i18n::ui() == "en" {
        e.to_string()
    } else {
        io_message(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder left in place after the test.
    struct Kept(PathBuf);

    impl Kept {
        fn path(&self) -> &Path {
            &self.0
        }
    }

    #[test]
    fn invalid_utf8_is_placed_at_line_and_column() {
        let d = text("x.toml", b"a = 1\nb = \"ok\xE7\"\n".to_vec()).unwrap_err();
        assert_eq!(d.code, Code::FileUnreadable);
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (Some(2), Some(8)));
        assert!(d.message.contains("0xE7"), "{}", d.message);
    }

    #[test]
    fn a_device_is_read_only_up_to_the_limit() {
        #[cfg(unix)]
        {
            let started = std::time::Instant::now();
            let d = read_bytes(Path::new("/dev/zero"), Kind::Template).unwrap_err();
            assert_eq!(d.code, Code::InputTooLarge);
            assert!(started.elapsed().as_secs() < 5);
        }
    }

    #[test]
    fn a_regular_file_over_the_limit_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.hbs");
        let f = std::fs::File::create(&p).unwrap();
        // A sparse file: refused by its size, without reading a byte.
        f.set_len(Kind::Template.limit() + 1).unwrap();
        let d = read_bytes(&p, Kind::Template).unwrap_err();
        assert_eq!(d.code, Code::InputTooLarge);
        assert!(d.message.contains("at most 1 MiB"), "{}", d.message);
        assert!(!was_read(&p));
    }

    #[test]
    fn files_read_are_recorded() {
        // Kept: a file recorded as read must not be deleted while other tests run, or a new
        // file given its inode would be taken for it.
        let dir = Kept(tempfile::tempdir().unwrap().keep());
        let p = dir.path().join("a.toml");
        std::fs::write(&p, "x = 1\n").unwrap();
        assert!(!was_read(&p));
        read_source(&p, Kind::Answers).unwrap();
        assert!(was_read(&p));
        // Through a link too.
        #[cfg(unix)]
        {
            let l = dir.path().join("link.toml");
            std::os::unix::fs::symlink(&p, &l).unwrap();
            assert!(was_read(&l));
        }
    }

    #[test]
    fn sizes_read_as_words() {
        assert_eq!(human_size(4 * MIB), "4 MiB");
        assert_eq!(human_size(MIB + MIB / 2), "1.5 MiB");
        assert_eq!(human_size(2048), "2 KiB");
        assert_eq!(human_size(12), "12 bytes");
    }
}
