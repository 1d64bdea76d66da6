//! Finding plan files, linting them in parallel, and locating findings.
//! Output order is fixed (by path, then position) whatever the threads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::document::{self, DocumentError};
use crate::finding::Target;
use crate::locate::SpanIndex;
use crate::report::{FileResult, Located, Outcome};
use crate::Linter;

/// A plan to lint: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Text already read (standard input), with the name to show.
    Text(String, Arc<str>),
    /// A path that could not be used, with the reason.
    Broken(String, String),
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

/// Lints every input in parallel; results keep the inputs' order.
pub fn lint_all(linter: &Linter, inputs: &[Input]) -> Vec<FileResult> {
    inputs.par_iter().map(|i| lint_one(linter, i)).collect()
}

fn lint_one(linter: &Linter, input: &Input) -> FileResult {
    let (path, text) = match input {
        Input::File(p) => (p.display().to_string(), read(p)),
        Input::Text(name, text) => (name.clone(), Ok(Arc::clone(text))),
        Input::Broken(name, why) => (
            name.clone(),
            Err(DocumentError {
                message: why.clone(),
                help: "check the path; ieplint reads plan files (*.json) and folders of them"
                    .into(),
                line: None,
                column: None,
            }),
        ),
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            return FileResult {
                path,
                text: None,
                outcome: Outcome::Failed(e),
            }
        }
    };
    let outcome = match document::parse(Arc::clone(&text)) {
        Ok(doc) => Outcome::Linted(locate_all(&text, linter.lint(&doc.value))),
        Err(e) => Outcome::Failed(e),
    };
    FileResult {
        path,
        text: Some(text),
        outcome,
    }
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
    String::from_utf8(bytes).map(Arc::from).map_err(|e| {
        fail(
            format!(
                "the file is not UTF-8 text (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save the plan as UTF-8 JSON",
        )
    })
}

/// Turns pointers into places and sorts findings by place.
pub fn locate_all(text: &str, findings: Vec<crate::finding::Finding>) -> Vec<Located> {
    if findings.is_empty() {
        return Vec::new();
    }
    let index = SpanIndex::new(text, findings.iter().map(|f| f.pointer.as_str()));
    let mut located: Vec<Located> = findings
        .into_iter()
        .map(|finding| {
            let location = index.locate(&finding.pointer, finding.target);
            let label = match (finding.target, index.key_span(&finding.pointer)) {
                (Target::Value, Some(key)) if location.end_line > location.line => key,
                _ => (location.start, location.end),
            };
            Located {
                finding,
                location,
                label,
            }
        })
        .collect();
    located.sort_by(|a, b| {
        (
            a.location.start,
            a.location.end,
            &a.finding.rule,
            &a.finding.message,
        )
            .cmp(&(
                b.location.start,
                b.location.end,
                &b.finding.rule,
                &b.finding.message,
            ))
    });
    located
}
