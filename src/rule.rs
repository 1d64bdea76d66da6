//! What a rule is to its users: its id, severity, summary, citation and
//! documentation. Rules of the packs and ieplint's own rules about
//! suppressions are described alike, so they are listed, explained,
//! selected and re-levelled alike.

use std::sync::Arc;

use crate::finding::{Finding, Severity, Target};

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
    /// The question a parent can ask at the meeting when the rule fires.
    pub ask: Option<String>,
    /// Documentation examples.
    pub examples: Vec<Example>,
    /// The rule file it came from, or `built into ieplint`.
    pub origin: Arc<str>,
    /// Where the rule is documented (its pack's `docs`, with the rule's
    /// anchor added by the emitters); none for a pack that names none.
    pub docs: Option<Arc<str>>,
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
    /// For a failing example, where its finding must point (a JSON
    /// pointer), when the example says.
    pub at: Option<String>,
    /// Where the example is written in its pack file (a byte range), for
    /// the errors of `ieplint test`; none for ieplint's own rules.
    pub span: Option<(usize, usize)>,
}

/// A rule built into ieplint (its checks are Rust code, not a pack), with
/// the documentation a pack rule would carry.
#[derive(Debug)]
pub struct BuiltIn {
    /// `pack.name`.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line for listings.
    pub summary: &'static str,
    /// The help every finding carries.
    pub help: &'static str,
    /// Why the rule matters.
    pub why: &'static str,
    /// Where the rule comes from.
    pub cite: &'static str,
    /// A plan that makes it fire.
    pub fails: &'static str,
    /// A plan that keeps it silent.
    pub passes: &'static str,
}

/// Where ieplint's own rules, and the built-in packs', are documented:
/// the generated rule reference.
pub const DOCS_URL: &str = "https://github.com/ieplint/ieplint/blob/main/docs/rules.md";

impl BuiltIn {
    /// Its documentation, as a rule of `pack`.
    pub fn doc(&self, pack: &str) -> RuleDoc {
        RuleDoc {
            id: Arc::from(self.id),
            pack: Arc::from(pack),
            severity: self.severity,
            summary: self.summary.to_string(),
            cite: Some(Arc::from(self.cite)),
            why: Some(format!("{} {}", self.why, self.help)),
            ask: None,
            examples: vec![
                Example {
                    fails: true,
                    text: self.fails.to_string(),
                    at: None,
                    span: None,
                },
                Example {
                    fails: false,
                    text: self.passes.to_string(),
                    at: None,
                    span: None,
                },
            ],
            origin: Arc::from("built into ieplint"),
            docs: Some(Arc::from(DOCS_URL)),
        }
    }

    /// A finding of this rule at `pointer`, with the rule's help.
    pub fn finding(&self, pointer: String, message: String) -> Finding {
        self.finding_with_help(pointer, message, self.help.to_string())
    }

    /// A finding of this rule with help of its own.
    pub fn finding_with_help(&self, pointer: String, message: String, help: String) -> Finding {
        Finding {
            rule: Arc::from(self.id),
            severity: self.severity,
            message,
            help,
            cite: Some(Arc::from(self.cite)),
            pointer,
            target: Target::Value,
            check: None,
        }
    }
}
