//! Stage 8: emitters. They receive findings already located and turn
//! them into text for people (human, markdown) or tools (json, sarif,
//! github, junit), all behind one interface and chosen by name.

mod github;
mod html;
pub mod human;
mod json;
mod junit;
mod markdown;
pub(crate) mod reference;
mod sarif;
mod setup;
mod statistics;
mod test_results;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::engine::Engine;
use crate::finding::Severity;
use crate::results::{FileResult, Located, Outcome, Summary};

pub use human::Style;
pub use setup::{render as setup_report, SetupError};
pub use test_results::{render as test_report, TestFormat};

/// Turns the results of a run into the text of one format.
pub trait Emitter {
    /// The whole output for these results.
    fn emit(&self, results: &[FileResult], ctx: &Context) -> String;
}

/// An output format, chosen by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable reports with the plan snippet underlined.
    Human,
    /// One JSON document (see docs/output-json.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// JUnit XML.
    Junit,
    /// A Markdown summary for pull requests.
    Markdown,
    /// A self-contained HTML report to print and hand to the IEP team.
    Html,
    /// Counts per rule (`--statistics`).
    Statistics,
}

impl Format {
    /// The formats a user can name with `--format`.
    pub const NAMED: [Format; 7] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Markdown,
        Format::Html,
    ];

    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Statistics => "statistics",
        }
    }

    /// The emitter of this format; `style` is how human text is drawn.
    pub fn emitter(self, style: Style) -> Box<dyn Emitter> {
        match self {
            Format::Human => Box::new(human::Human(style)),
            Format::Json => Box::new(json::Json),
            Format::Sarif => Box::new(sarif::Sarif),
            Format::Github => Box::new(github::Github),
            Format::Junit => Box::new(junit::Junit),
            Format::Markdown => Box::new(markdown::Markdown),
            Format::Html => Box::new(html::Html),
            Format::Statistics => Box::new(statistics::Statistics),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    /// Reads a format name, case-insensitively.
    fn from_str(s: &str) -> Result<Self, String> {
        Format::NAMED
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::NAMED.iter().map(|f| f.name()).collect();
                format!("`{s}` is not a format; use {}", names.join(", "))
            })
    }
}

/// What an emitter may say about a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// `pack.name`.
    pub id: Arc<str>,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: String,
    /// Why it matters, on one line.
    pub description: String,
    /// Citation.
    pub cite: Option<Arc<str>>,
    /// The question a parent can ask at the meeting.
    pub ask: Option<String>,
    /// Where its pack documents it.
    pub docs: Option<Arc<str>>,
}

/// What emitters know about the run besides the results.
#[derive(Debug, Clone)]
pub struct Context {
    /// Every rule of the engine, ieplint's own last.
    pub rules: Vec<RuleInfo>,
    /// Where rule documentation lives; a rule's anchor is appended.
    pub docs_url: String,
    /// The folder file paths are relative to (SARIF's `%SRCROOT%`), when
    /// known.
    pub root: Option<String>,
}

pub use crate::rule::DOCS_URL;

impl Context {
    /// The rules of an engine.
    pub fn new(engine: &Engine, docs_url: &str) -> Self {
        let rules = engine
            .rules()
            .map(|r| RuleInfo {
                id: Arc::clone(&r.id),
                severity: r.severity,
                summary: r.summary.clone(),
                description: r
                    .why
                    .as_deref()
                    .unwrap_or(&r.summary)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                cite: r.cite.clone(),
                ask: r.ask.clone(),
                docs: r.docs.clone(),
            })
            .collect();
        Context {
            rules,
            docs_url: docs_url.to_string(),
            root: None,
        }
    }

    /// The documentation address of a rule: its pack's `docs` with the
    /// rule's anchor; none when the pack names no documentation.
    pub fn help_uri(&self, id: &str) -> Option<String> {
        let rule = self.rules.iter().find(|r| &*r.id == id)?;
        let docs = rule.docs.as_deref()?;
        Some(format!("{docs}#{}", id.replace('.', "-")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_read_by_name() {
        for f in Format::NAMED {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
        let e = "xml".parse::<Format>().unwrap_err();
        assert!(e.contains("human, json, sarif"), "{e}");
        assert!("statistics".parse::<Format>().is_err());
    }
}
