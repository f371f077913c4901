//! Writing what a command produces: standard output, or the file `-o` names.
//!
//! Owns: the rules of `-o`, one writer for every command (see the README, "Where output
//! goes"):
//! - no `-o`, `-o -` and `-o /dev/stdout` write to standard output (`-o /dev/stderr` to standard
//!   error); a closed pipe (`| head -1`) ends the output quietly, any other failure (a full disk)
//!   is an `output-failed` error;
//! - a new file is created atomically: written to a temporary file in the same folder, flushed
//!   to disk (fsync), then renamed into place, so a reader never sees half a file and a killed
//!   run leaves nothing;
//! - an existing regular file is replaced (atomically, keeping its permissions) only with
//!   `--overwrite`, and never when the command read it as an input (compared by device and
//!   inode, so a link or another name for an input is caught too);
//! - a symbolic link is never replaced: the file it points to is treated as above (a link to
//!   nothing is refused);
//! - a character device or a FIFO (`/dev/null`, a named pipe, `/dev/fd/N`) is written through,
//!   never replaced; a block device, a socket and a folder are refused.
//!
//! Refusals are `output-refused` diagnostics and write nothing. Also owns the escaping of
//! control characters in text bound for a terminal. Does not own: what is written (the
//! renderers) or what was read (see [`crate::input`], which records every input).

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, escape_controls};
use crate::i18n::tr;
use crate::input::{self, io_message};

/// How `-o` may treat what is already at the path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// `--overwrite`: an existing regular file that is not an input may be replaced.
    pub overwrite: bool,
    /// The command's own document (the interview's answers file, read and saved again after
    /// every answer): it may be replaced although it was read.
    pub own_file: bool,
}

impl Policy {
    /// Replace an existing file only when `overwrite` is true.
    pub fn overwrite(overwrite: bool) -> Policy {
        Policy {
            overwrite,
            own_file: false,
        }
    }
}

/// Where the bytes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    Stdout,
    Stderr,
    /// A new file, created atomically.
    Create(PathBuf),
    /// An existing regular file (the target of a link, if `-o` named a link), replaced
    /// atomically.
    Replace(PathBuf),
    /// A character device or a FIFO, written through.
    Through(PathBuf),
}

/// Whether an `-o` value means standard output.
pub fn is_stdout(path: Option<&Path>) -> bool {
    match path {
        None => true,
        Some(p) => p.as_os_str() == "-" || p == Path::new("/dev/stdout"),
    }
}

fn refused(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::OutputRefused, message).in_file(&path.display().to_string())
}

fn failed(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::OutputFailed, message).in_file(&path.display().to_string())
}

/// Decides where `-o` writes under `policy`, without writing. Refusals are `output-refused`.
pub fn decide(path: Option<&Path>, policy: Policy) -> Result<Dest, Box<Diagnostic>> {
    let Some(path) = path.filter(|_| !is_stdout(path)) else {
        return Ok(Dest::Stdout);
    };
    if path == Path::new("/dev/stderr") {
        return Ok(Dest::Stderr);
    }
    if path.as_os_str().is_empty() {
        return Err(Box::new(refused(path, tr("diag_empty_file_name", &[]))));
    }
    let lmeta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Dest::Create(path.to_path_buf()));
        }
        Err(e) => {
            return Err(Box::new(failed(
                path,
                tr("diag_out_cannot_look", &[("error", &io_message(&e))]),
            )));
        }
    };
    let link = lmeta.file_type().is_symlink();
    let meta = if link {
        match std::fs::metadata(path) {
            Ok(m) => m,
            Err(_) => {
                return Err(Box::new(
                    refused(path, tr("diag_out_dangling_link", &[]))
                        .with_help(tr("diag_out_dangling_link_help", &[])),
                ));
            }
        }
    } else {
        lmeta
    };
    if input::was_read(path) && !policy.own_file {
        return Err(Box::new(
            refused(path, tr("diag_out_input", &[])).with_help(tr("diag_out_another_help", &[])),
        ));
    }
    let ft = meta.file_type();
    if ft.is_dir() {
        return Err(Box::new(refused(path, tr("diag_out_folder", &[]))));
    }
    if ft.is_file() {
        if !(policy.overwrite || policy.own_file) {
            return Err(Box::new(
                refused(path, tr("diag_out_exists", &[]))
                    .with_help(tr("diag_out_exists_help", &[])),
            ));
        }
        let target = if link {
            std::fs::canonicalize(path).map_err(|e| failed(path, io_message(&e)))?
        } else {
            path.to_path_buf()
        };
        return Ok(Dest::Replace(target));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() || ft.is_fifo() {
            return Ok(Dest::Through(path.to_path_buf()));
        }
        if ft.is_block_device() {
            return Err(Box::new(refused(path, tr("diag_out_block_device", &[]))));
        }
    }
    Err(Box::new(refused(path, tr("diag_out_not_writable", &[]))))
}

/// Writes `bytes` where `path` says, under `policy` (see the module's rules). On any error
/// nothing is left behind, except what a device or pipe already received.
pub fn write(path: Option<&Path>, bytes: &[u8], policy: Policy) -> Result<(), Box<Diagnostic>> {
    match decide(path, policy)? {
        Dest::Stdout => to_stdout(bytes),
        Dest::Stderr => {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(bytes).and_then(|_| err.flush());
            Ok(())
        }
        Dest::Create(p) => atomic(&p, bytes, false),
        Dest::Replace(p) => atomic(&p, bytes, true),
        Dest::Through(p) => std::fs::OpenOptions::new()
            .write(true)
            .open(&p)
            .and_then(|mut f| f.write_all(bytes).and_then(|_| f.flush()))
            .map_err(|e| {
                Box::new(failed(
                    &p,
                    tr("diag_out_cannot_write", &[("error", &io_message(&e))]),
                ))
            }),
    }
}

/// Writes to standard output. A closed pipe is not an error: the reader has all it wanted.
/// Text bound for a terminal has its control characters escaped.
pub fn to_stdout(bytes: &[u8]) -> Result<(), Box<Diagnostic>> {
    use std::io::IsTerminal as _;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let safe: Cow<[u8]> = match std::str::from_utf8(bytes) {
        Ok(t) if terminal => match escape_controls(t) {
            Cow::Borrowed(_) => Cow::Borrowed(bytes),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        },
        Err(_) if terminal => {
            return Err(Box::new(
                Diagnostic::error(Code::OutputRefused, tr("diag_out_binary_terminal", &[]))
                    .in_file("<stdout>")
                    .with_help(tr("diag_out_binary_terminal_help", &[])),
            ));
        }
        _ => Cow::Borrowed(bytes),
    };
    let mut out = stdout.lock();
    match out.write_all(&safe).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Box::new(
            Diagnostic::error(
                Code::OutputFailed,
                tr("diag_out_stdout", &[("error", &io_message(&e))]),
            )
            .in_file("<stdout>"),
        )),
    }
}

/// Writes to standard error, ignoring failure (there is nowhere left to report it), with
/// control characters escaped.
pub fn to_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(escape_controls(text).as_bytes())
        .and_then(|_| err.flush());
}

/// Writes text to standard error as it is, ignoring failure: for text whose parts taken from
/// the user's files are already escaped and whose only escape sequences are colours (see
/// [`crate::diag::Diagnostic::render_styled`]).
pub fn to_stderr_styled(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|_| err.flush());
}

/// Gives a file written through a temporary file (created `rw-------`) the permissions of a
/// file meant to be read and shared: those of `replacing` if that file exists, otherwise
/// `rw-r--r--` on Unix (elsewhere a new file already has the usual permissions).
pub fn make_readable(file: &std::fs::File, replacing: &Path) -> std::io::Result<()> {
    if let Ok(m) = std::fs::metadata(replacing) {
        return file.set_permissions(m.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(())
}

/// Creates `path` (which must not exist) atomically: see [`write`]. For writers that decide
/// on their own that the path is new (e.g. `templates --eject`).
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), Box<Diagnostic>> {
    atomic(path, bytes, false)
}

/// Writes a temporary file beside `path`, flushes it to disk, then renames it over `path`
/// (`replace`) or into place only if `path` still does not exist.
fn atomic(path: &Path, bytes: &[u8], replace: bool) -> Result<(), Box<Diagnostic>> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".salvaguarda-")
        .tempfile_in(&dir)
        .map_err(|e| {
            failed(
                path,
                tr(
                    "diag_out_cannot_create_in",
                    &[("dir", &dir.display()), ("error", &io_message(&e))],
                ),
            )
        })?;
    tmp.write_all(bytes)
        .and_then(|_| make_readable(tmp.as_file(), path))
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| {
            failed(
                path,
                tr("diag_out_cannot_write", &[("error", &io_message(&e))]),
            )
        })?;
    if replace {
        tmp.persist(path)
            .map_err(|e| failed(path, io_message(&e.error)))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                refused(path, tr("diag_out_appeared", &[]))
            } else {
                failed(path, io_message(&e.error))
            }
        })?;
    }
    // The rename itself reaches the disk when the folder is flushed.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
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

    fn policy(overwrite: bool) -> Policy {
        Policy::overwrite(overwrite)
    }

    #[test]
    fn new_files_are_created_and_existing_ones_need_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.md");
        write(Some(&p), b"one", policy(false)).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        let d = write(Some(&p), b"two", policy(false)).unwrap_err();
        assert_eq!(d.code, Code::OutputRefused);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write(Some(&p), b"two", policy(true)).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // Nothing else is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_input_is_never_replaced_even_with_overwrite() {
        // Kept: a file recorded as read must not be deleted while other tests run, or a new
        // file given its inode would be taken for it.
        let dir = Kept(tempfile::tempdir().unwrap().keep());
        let p = dir.path().join("in.toml");
        std::fs::write(&p, "x = 1\n").unwrap();
        input::read_source(&p, input::Kind::Answers).unwrap();
        let d = write(Some(&p), b"report", policy(true)).unwrap_err();
        assert_eq!(d.code, Code::OutputRefused);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "x = 1\n");
        // Nor by another name (a hard link).
        let h = dir.path().join("hard.toml");
        std::fs::hard_link(&p, &h).unwrap();
        assert_eq!(
            write(Some(&h), b"report", policy(true)).unwrap_err().code,
            Code::OutputRefused
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_through_and_links_are_kept() {
        assert_eq!(
            decide(Some(Path::new("/dev/null")), policy(false)).unwrap(),
            Dest::Through(PathBuf::from("/dev/null"))
        );
        assert_eq!(
            decide(Some(Path::new("-")), policy(false)).unwrap(),
            Dest::Stdout
        );
        assert_eq!(
            decide(Some(Path::new("/dev/stdout")), policy(false)).unwrap(),
            Dest::Stdout
        );

        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.md");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(
            write(Some(&link), b"new", policy(false)).unwrap_err().code,
            Code::OutputRefused
        );
        write(Some(&link), b"new", policy(true)).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");

        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert_eq!(
            write(Some(&dangling), b"x", policy(true)).unwrap_err().code,
            Code::OutputRefused
        );
        assert!(!dir.path().join("nowhere").exists());

        assert_eq!(
            write(Some(dir.path()), b"x", policy(true))
                .unwrap_err()
                .code,
            Code::OutputRefused
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_by_others_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.md");
        write(Some(&p), b"x", policy(false)).unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(Some(&p), b"y", policy(true)).unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn a_missing_folder_is_an_output_failure() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no/such/folder/out.md");
        assert_eq!(
            write(Some(&p), b"x", policy(false)).unwrap_err().code,
            Code::OutputFailed
        );
    }
}
