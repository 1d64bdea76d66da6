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

use crate::finding::Severity;
pub use crate::results::{FileResult, Located, Outcome, Summary};
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
