//! Stage 8: reporters. They receive findings already located and turn
//! them into text for people (human) or tools (json).

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod reference;
pub mod sarif;
pub mod statistics;

use std::sync::Arc;

use crate::document::DocumentError;
use crate::finding::{Finding, Severity};
use crate::locate::Location;
use crate::Linter;

/// What a reporter may say about a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// `pack.name`.
    pub id: Arc<str>,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: String,
    /// Why it matters.
    pub description: String,
    /// Citation.
    pub cite: Option<Arc<str>>,
}

/// What reporters know about the run besides the results.
#[derive(Debug, Clone)]
pub struct Context {
    /// Every rule that ran, then ieplint's own suppression rules.
    pub rules: Vec<RuleInfo>,
    /// Where rule documentation lives; a rule's anchor is appended.
    pub docs_url: String,
}

/// The default base of `helpUri` in SARIF: the generated rule reference.
pub const DOCS_URL: &str = "https://github.com/ieplint/ieplint/blob/main/docs/rules.md";

impl Context {
    /// The rules of a linter, plus ieplint's own.
    pub fn new(linter: &Linter, docs_url: &str) -> Self {
        let mut rules: Vec<RuleInfo> = linter
            .rules()
            .iter()
            .map(|r| RuleInfo {
                id: Arc::clone(&r.id),
                severity: r.severity,
                summary: r.summary.clone(),
                description: r
                    .why
                    .clone()
                    .unwrap_or_else(|| r.summary.clone())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                cite: r.cite.clone(),
            })
            .collect();
        rules.extend(
            crate::suppress::META_RULES
                .iter()
                .map(|(id, severity, summary, help)| RuleInfo {
                    id: Arc::from(*id),
                    severity: *severity,
                    summary: (*summary).to_string(),
                    description: format!("{summary} {help}"),
                    cite: None,
                }),
        );
        Context {
            rules,
            docs_url: docs_url.to_string(),
        }
    }

    /// The documentation address of a rule.
    pub fn help_uri(&self, id: &str) -> String {
        format!("{}#{}", self.docs_url, id.replace('.', "-"))
    }
}

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
