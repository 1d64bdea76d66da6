//! Stage 6: what a finding is. Plain data, no rendering.

use std::sync::Arc;

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// A quality problem a team should fix.
    Warning,
    /// A legal requirement or the founding guidance is not met.
    Error,
}

impl Severity {
    /// Reads `error`, `warning` or `info`.
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What part of the document a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The value at the pointer.
    Value,
    /// The pointer names a member that is not there; the finding is shown
    /// at the object that should hold it.
    Missing,
    /// A phrase inside the string at the pointer: byte range of the decoded
    /// string.
    Text {
        /// First byte of the phrase.
        start: usize,
        /// One past its last byte.
        end: usize,
    },
}

/// One problem found in one document.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule id, `pack.name`.
    pub rule: Arc<str>,
    /// Severity after configuration.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The legal or guidance citation.
    pub cite: Option<Arc<str>>,
    /// RFC 6901 pointer to the value (or missing member).
    pub pointer: String,
    /// Which part of the value.
    pub target: Target,
    /// Which check of its rule made it (counted from 0 in the order the
    /// checks are written), for the coverage of `ieplint test`; none for
    /// ieplint's own rules.
    pub check: Option<usize>,
}
