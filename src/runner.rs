//! Linting a run's plans in parallel through the engine. Output order is
//! the inputs' order whatever the threads.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use jiff::civil::Date;

use crate::document::{self, DocumentError};
use crate::engine::{Engine, FileReport, LintContext, PlanText};
use crate::inputs::{Input, Inputs};
use crate::parallel::{Parallel, Sequential};
use crate::results::{FileResult, Outcome, Wants};
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

/// What a run needs besides the inputs.
pub struct Job<'a> {
    /// The rules.
    pub engine: &'a Engine,
    /// Per-file options, paths, thresholds and the config's suppressions.
    pub settings: &'a Settings,
    /// Today, for expiring suppressions.
    pub today: Date,
    /// What each file's result carries besides its findings' places: the
    /// text only for the terminal report (so a large run holds no texts),
    /// places in words and identities only for the reports and baselines
    /// that print them.
    pub wants: Wants,
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
    inputs: &Inputs,
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
            for start in (0..inputs.len()).step_by(window) {
                let end = inputs.len().min(start + window);
                let reports = (start..end)
                    .into_par_iter()
                    .filter_map(|i| inputs.get(i))
                    .map(|input| lint_one(job, &input, lend))
                    .collect();
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
            wants: job.wants,
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
