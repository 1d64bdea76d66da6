//! Finding plan files on disk and linting them in parallel through the
//! engine. Output order is fixed (by path, then position) whatever the
//! threads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use jiff::civil::Date;

use crate::document::{self, DocumentError};
use crate::engine::{Engine, FileReport, LintContext, PlanText};
use crate::results::{FileResult, Outcome};
use crate::settings::Settings;
use crate::suppress::Use;

/// A plan to lint: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Text already read (standard input), with the name to show.
    Text(String, Arc<str>),
    /// A path that could not be used, with the reason.
    Broken(String, String),
    /// Text that could not be decoded (standard input), with the name to
    /// show.
    Unreadable(String, DocumentError),
}

/// Expands paths: files as given, directories walked for `*.json`
/// (respecting `.gitignore` and hidden files), sorted.
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            for entry in ignore::WalkBuilder::new(p)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build()
            {
                match entry {
                    Ok(e)
                        if e.file_type().is_some_and(|t| t.is_file())
                            && e.path().extension().is_some_and(|x| x == "json") =>
                    {
                        found.push(Input::File(e.into_path()));
                    }
                    Ok(_) => {}
                    Err(err) => found.push(Input::Broken(p.display().to_string(), err.to_string())),
                }
            }
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(Input::File(p.clone()));
        } else {
            out.push(Input::Broken(
                p.display().to_string(),
                "no such file or directory".to_string(),
            ));
        }
    }
    out
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

/// The results of a run: one per input, in the inputs' order, and what
/// each config suppression did over all of them.
pub struct Run {
    /// Per input.
    pub results: Vec<FileResult>,
    /// Per config suppression.
    pub uses: Vec<Use>,
}

/// Lints every input in parallel; results keep the inputs' order, so the
/// output is the same whatever the number of threads.
pub fn lint_all(job: &Job, inputs: &[Input]) -> Run {
    let reports: Vec<FileReport> = inputs.par_iter().map(|i| lint_one(job, i)).collect();
    let mut uses = vec![Use::NotConcerned; job.settings.suppressions.len()];
    let mut results = Vec::with_capacity(reports.len());
    for report in reports {
        for (all, one) in uses.iter_mut().zip(&report.uses) {
            *all = (*all).max(*one);
        }
        results.push(report.result);
    }
    Run { results, uses }
}

fn lint_one(job: &Job, input: &Input) -> FileReport {
    let (path, on_disk, text) = match input {
        Input::File(p) => (p.display().to_string(), Some(p.as_path()), read(p)),
        Input::Text(name, text) => (name.clone(), None, Ok(Arc::clone(text))),
        Input::Unreadable(name, e) => (name.clone(), None, Err(e.clone())),
        Input::Broken(name, why) => (
            name.clone(),
            None,
            Err(DocumentError {
                message: why.clone(),
                help: "check the path; ieplint reads plan files (*.json) and folders of them"
                    .into(),
                line: None,
                column: None,
            }),
        ),
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
    job.engine.lint(
        &plan,
        &LintContext {
            options: &options,
            suppressions: &job.settings.suppressions,
            today: job.today,
            keep_text: job.keep_text,
        },
    )
}

fn read(path: &Path) -> Result<Arc<str>, DocumentError> {
    let fail = |message: String, help: &str| DocumentError {
        message,
        help: help.into(),
        line: None,
        column: None,
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > document::MAX_BYTES as u64 => {
            return Err(fail(
                format!(
                    "the file is {} MB, larger than the {} MB ieplint reads",
                    m.len() / 1_000_000,
                    document::MAX_BYTES / 1_000_000
                ),
                "split the file, or check that it is a plan document",
            ))
        }
        _ => {}
    }
    let bytes = std::fs::read(path).map_err(|e| {
        fail(
            format!("cannot read the file: {e}"),
            "check that the file exists and that you may read it",
        )
    })?;
    document::decode(bytes)
}
