//! ieplint: lints IEP plan documents against rule packs written in a small
//! language.
//!
//! The stages, each a module: [`syntax`] (rule text → AST) → [`check`]
//! (names, arity, patterns → [`program`]) → [`eval`] (rules over a JSON
//! document → [`finding`]s) → [`locate`] (pointer → line and column) →
//! [`report`] (human, json).

pub mod ast;
pub mod baseline;
pub mod builtins;
pub mod check;
pub mod config;
pub mod document;
pub mod eval;
pub mod finding;
pub mod locate;
pub mod output;
pub mod pack_error;
pub mod packs;
pub mod program;
pub mod report;
pub mod results;
pub mod runner;
pub mod schema;
pub mod selection;
pub mod settings;
pub mod suppress;
pub mod syntax;
pub mod value;

use std::sync::Arc;

use serde_json::Value;

use crate::finding::Finding;
use crate::pack_error::{PackError, SourceFile};
use crate::program::CompiledRule;

/// The profile used unless another is chosen.
pub const DEFAULT_PROFILE: &str = "draft";

/// The profiles a run can use.
pub const PROFILES: &[&str] = &["draft", "template"];

/// Compiled rules, ready to lint any number of documents (in parallel:
/// it is `Sync`).
#[derive(Debug)]
pub struct Linter {
    rules: Vec<CompiledRule>,
    profile: Arc<str>,
}

/// The result of loading rule packs.
pub struct Loaded {
    /// The linter, when no pack had an error.
    pub linter: Option<Linter>,
    /// Every error and warning in the packs.
    pub problems: Vec<PackError>,
}

impl Linter {
    /// Parses and checks rule packs once; all problems are returned.
    pub fn load(files: &[SourceFile]) -> Loaded {
        let mut problems = Vec::new();
        let mut packs = Vec::new();
        for file in files {
            let (pack, errors) = syntax::parse_pack(file);
            problems.extend(errors);
            if let Some(pack) = pack {
                packs.push((file.clone(), pack));
            }
        }
        let checked = check::check_packs(&packs);
        problems.extend(checked.problems);
        let linter = if problems.iter().any(|p| !p.is_warning) {
            None
        } else {
            Some(Linter {
                rules: checked.rules,
                profile: Arc::from(DEFAULT_PROFILE),
            })
        };
        Loaded { linter, problems }
    }

    /// The rules, in load order.
    pub fn rules(&self) -> &[CompiledRule] {
        &self.rules
    }

    /// Chooses the profile rules see as `profile`: `draft` (the default) or
    /// `template`, where placeholders are expected.
    pub fn set_profile(&mut self, profile: &str) {
        self.profile = Arc::from(profile);
    }

    /// Keeps only the rules for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&CompiledRule) -> bool) {
        self.rules.retain(keep);
    }

    /// Lints one document with every rule at its default severity.
    /// Findings come in rule order, then document order.
    pub fn lint(&self, doc: &Value) -> Vec<Finding> {
        self.lint_with(doc, &self.options())
    }

    /// Options that run every rule at its default severity, in this
    /// linter's profile; a starting point for per-file settings.
    pub fn options(&self) -> LintOptions {
        LintOptions {
            profile: Arc::clone(&self.profile),
            severity: self.rules.iter().map(|r| Some(r.severity)).collect(),
            overridden: vec![false; self.rules.len()],
        }
    }

    /// Lints one document with per-file options: a rule whose severity is
    /// `None` is off; an overridden severity replaces the rule's own.
    pub fn lint_with(&self, doc: &Value, options: &LintOptions) -> Vec<Finding> {
        let mut out = Vec::new();
        let ev = eval::expr::Evaluator::new(doc, Arc::clone(&options.profile));
        for (i, rule) in self.rules.iter().enumerate() {
            let Some(severity) = options.severity.get(i).copied().flatten() else {
                continue;
            };
            let start = out.len();
            eval::run_rule_with(&ev, rule, &mut out);
            if options.overridden.get(i).copied().unwrap_or(false) {
                for f in &mut out[start..] {
                    f.severity = severity;
                }
            }
        }
        out
    }
}

/// Which rules run on a file, at which severity, in which profile.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// `draft` or `template`.
    pub profile: Arc<str>,
    /// Per rule (in [`Linter::rules`] order): its severity, or `None` when off.
    pub severity: Vec<Option<finding::Severity>>,
    /// Per rule: whether the severity was set by configuration (it then
    /// replaces the severities the rule's checks give).
    pub overridden: Vec<bool>,
}
