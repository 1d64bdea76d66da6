//! Writing reports and baselines without losing data: the text goes to a
//! temporary file beside the target, which replaces it in one step when
//! everything was written, so a failed or interrupted run leaves the old
//! file as it was. A link is followed to the file it names, and an
//! existing file keeps its permissions; a new one gets the usual ones
//! (read for all, write for the owner, under the umask).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Where one output goes: standard output, or a file written atomically.
pub enum Destination {
    /// Standard output, buffered.
    Stdout(BufWriter<io::Stdout>),
    /// Standard error, buffered.
    Stderr(BufWriter<io::Stderr>),
    /// A temporary file that becomes `target` on `commit`.
    File {
        /// The text so far.
        tmp: BufWriter<NamedTempFile>,
        /// The file it replaces (a link's target).
        target: PathBuf,
    },
}

impl Destination {
    /// Standard output.
    pub fn stdout() -> Self {
        Destination::Stdout(BufWriter::with_capacity(64 * 1024, io::stdout()))
    }

    /// Standard error.
    pub fn stderr() -> Self {
        Destination::Stderr(BufWriter::new(io::stderr()))
    }

    /// Whether this is standard output or standard error.
    pub fn is_standard(&self) -> bool {
        !matches!(self, Destination::File { .. })
    }

    /// The file written, when it is one.
    pub fn target(&self) -> Option<&Path> {
        match self {
            Destination::File { target, .. } => Some(target),
            _ => None,
        }
    }

    /// A file, created beside `path` (beside its target when `path` is a
    /// link) and moved over it on `commit`.
    pub fn file(path: &Path) -> io::Result<Self> {
        let target = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
            _ => path.to_path_buf(),
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let existing = std::fs::metadata(&target).ok().map(|m| m.permissions());
        let mut builder = tempfile::Builder::new();
        builder.prefix(".ieplint-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(
                existing
                    .clone()
                    .unwrap_or_else(|| std::fs::Permissions::from_mode(0o666)),
            );
        }
        let tmp = builder.tempfile_in(dir)?;
        if let Some(p) = existing {
            // The mode given at creation is cut by the umask; an existing
            // file's is kept exactly.
            tmp.as_file().set_permissions(p)?;
        }
        Ok(Destination::File {
            tmp: BufWriter::with_capacity(64 * 1024, tmp),
            target,
        })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Destination::Stdout(w) => w,
            Destination::Stderr(w) => w,
            Destination::File { tmp, .. } => tmp,
        }
    }

    /// Flushes standard output, or puts the file in place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Destination::Stdout(mut w) => w.flush(),
            Destination::Stderr(mut w) => w.flush(),
            Destination::File { tmp, target } => {
                let tmp = tmp.into_inner().map_err(io::IntoInnerError::into_error)?;
                tmp.as_file().sync_all()?;
                tmp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

/// Writes `text` to `path` atomically.
pub fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    let mut d = Destination::file(path)?;
    d.writer().write_all(text.as_bytes())?;
    d.commit()
}
