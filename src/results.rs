//! The results of linting: each file's findings with their places, or why
//! it could not be linted, and the counts of a run. The runner makes them,
//! suppressions and baselines filter them, reporters render them.

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
    /// Stable across edits elsewhere in the file (SARIF, baselines).
    pub fingerprint: String,
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
    /// The path relative to the config file's folder (else the current
    /// one), with `/`: what suppressions and baselines match.
    pub rel_path: String,
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

/// A stable fingerprint of a finding: its rule, pointer and the offending
/// content (white space collapsed), not its line, so edits elsewhere in
/// the file keep it. FNV-1a, 64 bits, as 16 hex digits.
pub fn fingerprint(rule: &str, pointer: &str, content: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(rule.as_bytes());
    feed(&[0]);
    feed(pointer.as_bytes());
    feed(&[0]);
    for (i, word) in content.split_whitespace().enumerate() {
        if i > 0 {
            feed(b" ");
        }
        feed(word.as_bytes());
    }
    format!("{hash:016x}")
}
