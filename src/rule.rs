//! What a rule is to its users: its id, severity, summary, citation and
//! documentation. Rules of the packs and ieplint's own rules about
//! suppressions are described alike, so they are listed, explained,
//! selected and re-levelled alike.

use std::sync::Arc;

use crate::finding::Severity;

/// A rule's identity and documentation.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    /// `pack.name`.
    pub id: Arc<str>,
    /// The pack it belongs to (`ieplint` for ieplint's own rules).
    pub pack: Arc<str>,
    /// Default severity.
    pub severity: Severity,
    /// One line for listings.
    pub summary: String,
    /// The legal or guidance citation.
    pub cite: Option<Arc<str>>,
    /// Why the rule matters.
    pub why: Option<String>,
    /// Documentation examples.
    pub examples: Vec<Example>,
    /// The rule file it came from, or `built into ieplint`.
    pub origin: Arc<str>,
}

impl RuleDoc {
    /// True when the rule says why it matters and has an example that
    /// fires and one that passes.
    pub fn is_documented(&self) -> bool {
        self.why.is_some()
            && self.examples.iter().any(|e| e.fails)
            && self.examples.iter().any(|e| !e.fails)
    }

    /// The last part of the id: `absence-plan` for `para.absence-plan`.
    pub fn name(&self) -> &str {
        self.id.rsplit('.').next().unwrap_or(&self.id)
    }
}

/// A documentation example: a small plan that makes the rule fire, or not.
#[derive(Debug, Clone)]
pub struct Example {
    /// True for `example fail`.
    pub fails: bool,
    /// The plan text (JSON).
    pub text: String,
}
