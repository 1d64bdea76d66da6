//! ieplint: lints IEP plan documents against rule packs written in a small
//! language.
//!
//! The core is one call: load the packs once into an [`Engine`], then lint
//! each plan's text with [`Engine::lint`] and get back exactly what
//! `ieplint check` reports for it: findings with rule, severity, message,
//! help, citation, JSON pointer and place, suppressions applied and
//! ieplint's own findings about them made. The core reads no files, clock
//! or environment and starts no threads, so the command line, the browser
//! page and the tests all get the same answer from it.
//!
//! ```
//! use ieplint::{builtin_packs, Engine, LintContext, LintOptions, PlanText, Schema};
//!
//! let schema = Schema::plan().expect("the embedded schema");
//! let engine = Engine::load(&builtin_packs(), schema).engine.expect("built-in packs");
//! let options = LintOptions::default();
//! let cx = LintContext {
//!     options: &options,
//!     suppressions: &[],
//!     today: jiff::civil::date(2026, 12, 2),
//!     wants: ieplint::Wants::default(),
//! };
//! let text = r#"{"services": [{"id": "S2", "paraprofessional": {"ratio": "1:1"}}]}"#;
//! let plan = PlanText { path: "plan.json".into(), rel_path: "plan.json".into(), text: text.into() };
//! let report = engine.lint(&plan, &cx);
//! let ieplint::Outcome::Linted(found) = &report.result.outcome else { panic!() };
//! assert!(found.iter().any(|l| &*l.finding.rule == "para.absence-plan"));
//! ```
//!
//! The stages, each a module: `syntax` (rule text → AST) → `check`
//! (names, arity, patterns, paths against the schema → `program`) →
//! `eval` (rules over a borrowed JSON document → findings) → `locate`
//! (pointer → line and column) → emitters ([`Format`]).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod ast;
mod baseline;
mod builtins;
mod check;
#[cfg(feature = "cli")]
pub mod cli;
mod config;
mod conform;
mod document;
mod duplicates;
mod engine;
mod eval;
mod excerpt;
mod finding;
#[cfg(feature = "cli")]
mod inputs;
mod lenient;
mod lexicon;
mod locate;
mod options;
#[cfg(feature = "cli")]
mod output;
mod pack_error;
mod packs;
mod parallel;
mod pattern;
mod places;
mod prebuilt;
mod program;
mod report;
mod results;
mod rule;
#[cfg(feature = "cli")]
mod runner;
mod schema;
mod selection;
mod settings;
mod shallow;
mod suppress;
mod syntax;
mod testing;
mod value;

pub use baseline::Baseline;
pub use config::{
    parse as parse_config, ConfigFile, FILE_NAME as CONFIG_FILE_NAME, STARTER as CONFIG_STARTER,
};
pub use document::{decode, DocumentError};
pub use engine::{Engine, FileReport, LintContext, Loaded, PackInfo, PlanText};
pub use finding::{Finding, Severity, Target};
pub use locate::Location;
pub use options::{Level, LintOptions, Profile};
pub use pack_error::{PackError, SourceFile};
pub use packs::builtin as builtin_packs;
pub use parallel::{Parallel, Sequential};
pub use places::{label as field_label, plain_words, singular as item_label, Section};
pub use report::reference::render as rule_reference;
pub use report::{
    setup_report, test_report, Context, Emitter, Format, RuleInfo, SetupError, Style, TestFormat,
    DOCS_URL,
};
pub use results::{FileResult, Identity, Located, Outcome, Summary, Wants};
pub use rule::{Example, RuleDoc};
pub use schema::{Schema, SchemaError, SCHEMA as PLAN_SCHEMA};
pub use settings::{Flags, Problem, Settings};
pub use suppress::{Origin as SuppressionOrigin, Suppression, Use as SuppressionUse};
pub use testing::{
    examples as example_cases, parse_expected, run as run_cases, Case, CaseResult, CaseScope,
    Expect, Expected, ExpectedError, Got, TestReport, Uncovered, Verdict,
};
