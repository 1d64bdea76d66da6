//! Finding plan files on disk and linting them in parallel through the
//! engine. Output order is fixed (by path, then position) whatever the
//! threads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use jiff::civil::Date;

use crate::document::{self, DocumentError};
use crate::engine::{Engine, FileReport, LintContext, PlanText};
use crate::parallel::{Parallel, Sequential};
use crate::results::{FileResult, Outcome};
use crate::settings::Settings;
use crate::suppress::Use;

/// Jobs run on rayon's pool, on all cores: how the command line loads the
/// rule packs, and lints a plan or two with the patterns compiled ahead.
#[derive(Debug, Clone, Copy)]
pub struct AllCores;

impl Parallel for AllCores {
    fn each(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
        (0..n).into_par_iter().for_each(job);
    }

    fn threads(&self) -> usize {
        rayon::current_num_threads()
    }
}

/// A plan to lint: a file or standard input. A run over a folder holds one
/// per file until it ends, so the common case is small: a file is its
/// path alone, and the rare cases are boxed (an `Input` is 24 bytes, not
/// the 104 its largest case would make every file take).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file on disk.
    File(Box<Path>),
    /// Text already read (standard input), with the name to show and the
    /// path it stands for (`--stdin-filename`), whose overrides apply.
    Text(Box<(String, Arc<str>, Option<PathBuf>)>),
    /// A path that could not be used, with the reason.
    Broken(Box<(String, String)>),
    /// Text that could not be decoded (standard input), with the name to
    /// show.
    Unreadable(Box<(String, DocumentError)>),
}

impl Input {
    /// A path that could not be used, and why.
    pub fn broken(name: String, why: String) -> Self {
        Input::Broken(Box::new((name, why)))
    }
}

/// Expands paths: files as given, directories walked for `*.json`
/// (respecting `.gitignore` and hidden files), sorted.
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            // Paths alone while walking, sorted once: memory for 10,000
            // plans stays small.
            let mut found: Vec<Box<Path>> = Vec::new();
            let mut broken = Vec::new();
            // A walk sorted as it goes would hold every entry of a folder
            // at once.
            for entry in ignore::WalkBuilder::new(p).build() {
                match entry {
                    Ok(e)
                        if e.file_type().is_some_and(|t| t.is_file())
                            && e.path().extension().is_some_and(|x| x == "json")
                            && !written_by_ieplint(e.path()) =>
                    {
                        found.push(e.into_path().into_boxed_path());
                    }
                    Ok(_) => {}
                    Err(err) => {
                        broken.push(Input::broken(p.display().to_string(), err.to_string()))
                    }
                }
            }
            found.sort();
            broken.sort();
            out.reserve(found.len() + broken.len());
            out.extend(found.into_iter().map(Input::File));
            out.extend(broken);
        } else if p.exists() {
            out.push(Input::File(p.clone().into_boxed_path()));
        } else {
            out.push(Input::broken(
                p.display().to_string(),
                "no such file or directory".to_string(),
            ));
        }
    }
    out
}

/// Whether a file found in a folder is one ieplint wrote (a JSON or SARIF
/// report, a baseline): `check .` after `--output report.json` must not
/// lint the report as a plan. Told from the first bytes, as ieplint
/// writes them; a file named on the command line is always linted.
fn written_by_ieplint(path: &Path) -> bool {
    use std::io::Read as _;
    const SARIF: &[u8] = b"{\"$schema\":\"https://json.schemastore.org/sarif-";
    // A JSON report and a baseline start with their version, any number.
    const VERSIONED: &[u8] = b"{\"version\":";
    const THEN: [&[u8]; 2] = [b",\"diagnostics\":", b",\"findings\":"];
    let mut head = [0u8; 160];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let compact: Vec<u8> = head
        .get(..n)
        .unwrap_or_default()
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if compact.starts_with(SARIF) {
        return true;
    }
    let Some(rest) = compact.strip_prefix(VERSIONED) else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && THEN.iter().any(|t| rest[digits..].starts_with(t))
}

/// Whether walking a folder would have skipped this file: a hidden name in
/// the path as given, or a `.gitignore` of its git repository ignoring
/// it. `--force-exclude` applies it to files named on the command line.
pub fn walk_skips(path: &Path) -> bool {
    let hidden = path.components().any(|c| match c {
        std::path::Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    });
    hidden || git_ignored(path)
}

/// The root of the git repository holding a folder, if any.
pub fn repository_root(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).ok()?;
    abs.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

fn git_ignored(path: &Path) -> bool {
    let Ok(abs) = std::path::absolute(path) else {
        return false;
    };
    // The folders from the file up to its repository's root; outside a
    // repository `.gitignore` files do not apply (as in the walk).
    let mut folders = Vec::new();
    let mut in_repo = false;
    for dir in abs.ancestors().skip(1) {
        folders.push(dir);
        if dir.join(".git").exists() {
            in_repo = true;
            break;
        }
    }
    if !in_repo {
        return false;
    }
    // The nearest `.gitignore` with a say decides, as in git.
    for dir in folders {
        let file = dir.join(".gitignore");
        if !file.is_file() {
            continue;
        }
        let mut builder = ignore::gitignore::GitignoreBuilder::new(dir);
        if builder.add(&file).is_some() {
            continue;
        }
        let Ok(rules) = builder.build() else { continue };
        match rules.matched_path_or_any_parents(&abs, false) {
            ignore::Match::Ignore(_) => return true,
            ignore::Match::Whitelist(_) => return false,
            ignore::Match::None => {}
        }
    }
    false
}

/// What a run needs besides the inputs.
pub struct Job<'a> {
    /// The rules.
    pub engine: &'a Engine,
    /// Per-file options, paths, thresholds and the config's suppressions.
    pub settings: &'a Settings,
    /// Today, for expiring suppressions.
    pub today: Date,
    /// Keep each file's text after locating its findings (the human report
    /// quotes it); other reports need only the locations, so a large run
    /// holds no texts.
    pub keep_text: bool,
}

/// How many files are linted at once, per thread, before their results
/// are handed on in order: enough to keep every thread busy, few enough
/// that a run of any size holds only a few files' results.
const WINDOW_PER_THREAD: usize = 16;

/// Lints every input in parallel and hands each file's result to `each`
/// in the inputs' order, as soon as it and the files before it are done,
/// so the output is the same whatever the number of threads and memory
/// does not grow with the number of files. Returns what each config
/// suppression did over all of them, or the first error `each` gave (the
/// files after it are not linted).
pub fn lint_each<E>(
    job: &Job,
    inputs: &[Input],
    mut each: impl FnMut(FileResult) -> Result<(), E>,
) -> Result<Vec<Use>, E> {
    let threads = rayon::current_num_threads().max(1);
    let window = WINDOW_PER_THREAD * threads;
    // With fewer plans than threads, each lint borrows the threads left
    // over to have the patterns it will reach compiled ahead of it (a
    // larger run keeps every thread busy with plans instead).
    let lend: &dyn Parallel = if inputs.len() < threads {
        &AllCores
    } else {
        &Sequential
    };
    let mut uses = vec![Use::NotConcerned; job.settings.suppressions.len()];
    std::thread::scope(|scope| {
        // One window is linted while the one before is written.
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<FileReport>>(1);
        scope.spawn(move || {
            for chunk in inputs.chunks(window) {
                let reports = chunk.par_iter().map(|i| lint_one(job, i, lend)).collect();
                if send.send(reports).is_err() {
                    // The writer stopped.
                    break;
                }
            }
        });
        for reports in receive {
            for report in reports {
                for (all, one) in uses.iter_mut().zip(&report.uses) {
                    *all = (*all).max(*one);
                }
                each(report.result)?;
            }
        }
        Ok(uses)
    })
}

fn lint_one(job: &Job, input: &Input, lend: &dyn Parallel) -> FileReport {
    let (path, on_disk, text) = match input {
        Input::File(p) => (p.display().to_string(), Some(&**p), read(p)),
        Input::Text(given) => {
            let (name, text, as_path) = &**given;
            (name.clone(), as_path.as_deref(), Ok(Arc::clone(text)))
        }
        Input::Unreadable(unreadable) => {
            let (name, e) = &**unreadable;
            (name.clone(), None, Err(e.clone()))
        }
        Input::Broken(broken) => {
            let (name, why) = &**broken;
            (
                name.clone(),
                None,
                Err(DocumentError {
                    message: why.clone(),
                    help: "check the path; ieplint reads plan files (*.json) and folders of them"
                        .into(),
                    line: None,
                    column: None,
                }),
            )
        }
    };
    let rel_path = on_disk.map_or_else(|| path.clone(), |p| job.settings.relative(p));
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            return FileReport {
                result: FileResult {
                    path,
                    rel_path,
                    text: None,
                    outcome: Outcome::Failed(e),
                },
                uses: vec![Use::NotConcerned; job.settings.suppressions.len()],
            }
        }
    };
    let options = job.settings.options_for(job.engine, on_disk);
    let plan = PlanText {
        path,
        rel_path,
        text,
    };
    job.engine.lint_on(
        &plan,
        &LintContext {
            options: &options,
            suppressions: &job.settings.suppressions,
            today: job.today,
            keep_text: job.keep_text,
        },
        lend,
    )
}

fn read(path: &Path) -> Result<Arc<str>, DocumentError> {
    let fail = |message: String, help: &str| DocumentError {
        message,
        help: help.into(),
        line: None,
        column: None,
    };
    let cannot_read = |e: std::io::Error| {
        fail(
            format!("cannot read the file: {e}"),
            "check that the file exists and that you may read it",
        )
    };
    let metadata = std::fs::metadata(path).map_err(cannot_read)?;
    // A pipe or a device would be waited on, or read without end.
    if !metadata.is_file() {
        return Err(fail(
            "this is not a regular file (a pipe, a socket or a device)".to_string(),
            "name a plan file, or give the plan on standard input with `-`",
        ));
    }
    if metadata.len() > document::MAX_BYTES as u64 {
        return Err(too_large(Some(metadata.len())));
    }
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    // The file may have grown since: read no more than the limit allows.
    let bytes = read_capped(file).map_err(|e| match e {
        Capped::TooLarge => too_large(None),
        Capped::Io(e) => cannot_read(e),
    })?;
    document::decode(bytes)
}

/// Why a capped read stopped.
pub enum Capped {
    /// More than [`document::MAX_BYTES`].
    TooLarge,
    /// The reader failed.
    Io(std::io::Error),
}

/// Reads everything from `reader`, but never more than
/// [`document::MAX_BYTES`]: standard input or a growing file cannot fill
/// memory.
pub fn read_capped(reader: impl std::io::Read) -> Result<Vec<u8>, Capped> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader
        .take(document::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(Capped::Io)?;
    if bytes.len() > document::MAX_BYTES {
        return Err(Capped::TooLarge);
    }
    Ok(bytes)
}

/// The error for a plan over [`document::MAX_BYTES`], of `len` bytes
/// when that is known.
pub fn too_large(len: Option<u64>) -> DocumentError {
    const MB: u64 = 1024 * 1024;
    let limit = document::MAX_BYTES as u64 / MB;
    DocumentError {
        message: match len {
            Some(len) => format!(
                "the file is {} MB, larger than the {limit} MB ieplint reads",
                len.div_ceil(MB)
            ),
            None => format!("the plan is larger than the {limit} MB ieplint reads"),
        },
        help: "split the file, or check that it is a plan document".into(),
        line: None,
        column: None,
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, reason = "tests fail on broken set-up")]
mod tests {
    use super::*;

    /// A run holds one input per file it was given: a file must stay a
    /// path alone.
    #[test]
    fn an_input_is_no_larger_than_a_path_and_a_tag() {
        assert!(
            std::mem::size_of::<Input>() <= 24,
            "{}",
            std::mem::size_of::<Input>()
        );
    }

    #[test]
    fn a_folder_is_walked_for_json_plans_in_path_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for name in [
            "b.json",
            "a/z.json",
            "a.json",
            "a/b/c.json",
            "ab.json",
            "notes.txt",
        ] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
            std::fs::write(&path, "{}").expect("write");
        }
        let found: Vec<String> = expand(&[root.to_path_buf()])
            .into_iter()
            .map(|i| match i {
                Input::File(p) => p.strip_prefix(root).expect("inside").display().to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            found,
            ["a/b/c.json", "a/z.json", "a.json", "ab.json", "b.json"]
        );
    }
}
