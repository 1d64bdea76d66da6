//! `--format json`: one document for tools. The field names are a
//! contract (docs/output-json.md); new fields may be added, none renamed.

use serde::Serialize;

use super::{Context, Emitter, FileResult, Outcome, Summary};

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Vec<Diagnostic<'a>>,
    errors: Vec<FileError<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    cite: Option<&'a str>,
    file: &'a str,
    pointer: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct FileError<'a> {
    file: &'a str,
    message: &'a str,
    help: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    unreadable: usize,
}

/// Renders every result as one JSON document.
fn render(results: &[FileResult]) -> String {
    let mut diagnostics = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match &r.outcome {
            Outcome::Linted(found) => diagnostics.extend(found.iter().map(|l| Diagnostic {
                rule: &l.finding.rule,
                severity: l.finding.severity.as_str(),
                message: &l.finding.message,
                help: &l.finding.help,
                cite: l.finding.cite.as_deref(),
                file: &r.path,
                pointer: &l.finding.pointer,
                line: l.location.line,
                column: l.location.column,
                end_line: l.location.end_line,
                end_column: l.location.end_column,
            })),
            Outcome::Failed(e) => errors.push(FileError {
                file: &r.path,
                message: &e.message,
                help: &e.help,
                line: e.line,
                column: e.column,
            }),
        }
    }
    let s = Summary::of(results);
    let report = Report {
        version: 1,
        diagnostics,
        errors,
        summary: JsonSummary {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            unreadable: s.unreadable,
        },
    };
    let mut out =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

/// The `json` format.
pub struct Json;

impl Emitter for Json {
    fn emit(&self, results: &[FileResult], _ctx: &Context) -> String {
        render(results)
    }
}
