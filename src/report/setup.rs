//! What went wrong before any plan was linted (a rule pack or the
//! configuration with errors, a file that cannot be read), for the
//! formats tools read: a JSON document with `errors`, a SARIF log with
//! `toolConfigurationNotifications`. People get the same problems drawn
//! on standard error.

use serde::Serialize;
use serde_json::json;

use super::Format;
use crate::pack_error::PackError;

/// One problem with the set-up of a run.
#[derive(Debug, Clone, Serialize)]
pub struct SetupError {
    /// A stable code such as `ieplint::rules::unknown-name`.
    pub code: String,
    /// The file it is in (a rule pack, the configuration).
    pub file: String,
    /// 1-based line, when it has a place.
    pub line: Option<usize>,
    /// 1-based column, when it has a place.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// A warning does not stop the run.
    #[serde(skip)]
    pub warning: bool,
}

impl SetupError {
    /// A problem without a place in a file's text.
    pub fn plain(code: &str, file: impl Into<String>, message: impl Into<String>) -> Self {
        SetupError {
            code: code.to_string(),
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            warning: false,
        }
    }
}

impl From<&PackError> for SetupError {
    fn from(p: &PackError) -> Self {
        let (line, column) = p.line_column();
        SetupError {
            code: p.code.to_string(),
            file: p.source.name().to_string(),
            line: Some(line),
            column: Some(column),
            message: p.message.clone(),
            help: p.help.clone(),
            warning: p.is_warning,
        }
    }
}

/// The document a format writes when the run stopped before linting;
/// `None` for the formats made for people.
pub fn render(format: Format, problems: &[SetupError]) -> Option<String> {
    let value = match format {
        Format::Json => json!({
            "version": 1,
            "diagnostics": [],
            "errors": problems,
            "summary": {"files": 0, "errors": 0, "warnings": 0, "infos": 0, "unreadable": 0},
        }),
        Format::Sarif => {
            let notifications: Vec<_> = problems
                .iter()
                .map(|p| {
                    let mut physical = json!({"artifactLocation": {"uri": p.file}});
                    if let (Some(line), Some(column), Some(obj)) =
                        (p.line, p.column, physical.as_object_mut())
                    {
                        obj.insert(
                            "region".into(),
                            json!({"startLine": line, "startColumn": column}),
                        );
                    }
                    let text = match &p.help {
                        Some(help) => format!("{} ({help})", p.message),
                        None => p.message.clone(),
                    };
                    json!({
                        "level": if p.warning { "warning" } else { "error" },
                        "message": {"text": text},
                        "descriptor": {"id": p.code},
                        "locations": [{"physicalLocation": physical}],
                    })
                })
                .collect();
            json!({
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "version": "2.1.0",
                "runs": [{
                    "tool": {"driver": {"name": "ieplint", "version": env!("CARGO_PKG_VERSION")}},
                    "invocations": [{
                        "executionSuccessful": false,
                        "toolConfigurationNotifications": notifications,
                    }],
                    "results": [],
                }],
            })
        }
        _ => return None,
    };
    let mut text = serde_json::to_string_pretty(&value).ok()?;
    text.push('\n');
    Some(text)
}
