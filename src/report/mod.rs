//! Stage 8: reporters. They receive findings already located and turn
//! them into text for people (human) or tools (json).

pub mod human;
pub mod json;

use std::sync::Arc;

use crate::document::DocumentError;
use crate::finding::{Finding, Severity};
use crate::locate::Location;

/// A finding with its place in the file.
#[derive(Debug, Clone)]
pub struct Located {
    /// The finding.
    pub finding: Finding,
    /// Where it is.
    pub location: Location,
    /// The span to underline in a snippet: the value, or its key when the
    /// value spans several lines.
    pub label: (usize, usize),
}

/// What happened to one file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// It was linted.
    Linted(Vec<Located>),
    /// It could not be read or parsed.
    Failed(DocumentError),
}

/// One file's result.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as given (or `<stdin>`).
    pub path: String,
    /// The text, when it could be read.
    pub text: Option<Arc<str>>,
    /// Findings or the reason it was not linted.
    pub outcome: Outcome,
}

/// Counts for the summary line and exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files looked at.
    pub files: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
    /// Files that could not be linted.
    pub unreadable: usize,
}

impl Summary {
    /// Counts the results.
    pub fn of(results: &[FileResult]) -> Self {
        let mut s = Summary {
            files: results.len(),
            ..Summary::default()
        };
        for r in results {
            match &r.outcome {
                Outcome::Linted(found) => {
                    for l in found {
                        match l.finding.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                    }
                }
                Outcome::Failed(_) => s.unreadable += 1,
            }
        }
        s
    }

    /// `3 errors, 2 warnings in 4 files`.
    pub fn line(&self) -> String {
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let mut parts = vec![count(self.errors, "error"), count(self.warnings, "warning")];
        if self.infos > 0 {
            parts.push(count(self.infos, "info"));
        }
        let mut line = format!("{} in {}", parts.join(", "), count(self.files, "file"));
        if self.unreadable > 0 {
            line.push_str(&format!(
                "; {} could not be linted",
                count(self.unreadable, "file")
            ));
        }
        line
    }
}
