//! Reading plan documents: one parse with serde_json, and clear errors
//! (file, line, column, what to do) for text that is not a plan.

use serde_json::Value;

/// Largest plan read, in bytes; a bigger file is reported, not read.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Why a file could not be linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentError {
    /// What went wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// 1-based line, when the problem is at a place in the text.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
}

/// Parses a plan's text.
pub fn parse(text: &str) -> Result<Value, DocumentError> {
    if text.len() > MAX_BYTES {
        return Err(DocumentError {
            message: format!(
                "the file is {} MB, larger than the {} MB ieplint reads",
                text.len() / 1_000_000,
                MAX_BYTES / 1_000_000
            ),
            help: "split the file, or check that it is a plan document".into(),
            line: None,
            column: None,
        });
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) if value.is_object() => Ok(value),
        Ok(_) => Err(DocumentError {
            message: "a plan document must be a JSON object (`{ ... }`)".into(),
            help: "wrap the plan's fields in `{` and `}`; see docs/plan-format.md".into(),
            line: Some(1),
            column: Some(1),
        }),
        Err(e) => {
            let what = e.to_string();
            let what = what.split(" at line ").next().unwrap_or(&what).to_string();
            let help = match e.classify() {
                serde_json::error::Category::Eof => "the file ends too early: look for a missing `}`, `]` or closing quote",
                _ if what.contains("recursion limit") => "the file nests objects or lists too deeply to be a plan",
                _ => "fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)",
            };
            Err(DocumentError {
                message: format!("not valid JSON: {what}"),
                help: help.into(),
                line: Some(e.line()),
                column: Some(e.column()),
            })
        }
    }
}
