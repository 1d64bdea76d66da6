//! `--format json`: one document for tools. The field names are a
//! contract (docs/output-json.md); new fields may be added, none renamed.
//! The diagnostics are written as each file is linted; the files that
//! could not be read are kept until the end.

use std::io::{self, Write};

use serde::Serialize;

use super::{write_nested, Context, Emitter, FileResult, JsonList, Outcome, Summary};

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
struct FileError {
    file: String,
    message: String,
    help: String,
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

/// The `json` format.
#[derive(Default)]
pub struct Json {
    diagnostics: JsonList,
    errors: Vec<FileError>,
}

impl Emitter for Json {
    fn begin(&mut self, out: &mut dyn Write, _ctx: &Context) -> io::Result<()> {
        out.write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": ")
    }

    fn file(&mut self, out: &mut dyn Write, r: &FileResult, _ctx: &Context) -> io::Result<()> {
        match &r.outcome {
            Outcome::Linted(found) => {
                for l in found {
                    let d = Diagnostic {
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
                    };
                    self.diagnostics.push(out, &d, 1)?;
                }
            }
            Outcome::Failed(e) => self.errors.push(FileError {
                file: r.path.clone(),
                message: e.message.clone(),
                help: e.help.clone(),
                line: e.line,
                column: e.column,
            }),
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary, _ctx: &Context) -> io::Result<()> {
        self.diagnostics.close(out, 1)?;
        out.write_all(b",\n  \"errors\": ")?;
        let mut errors = JsonList::default();
        for e in &self.errors {
            errors.push(out, e, 1)?;
        }
        errors.close(out, 1)?;
        out.write_all(b",\n  \"summary\": ")?;
        let summary = JsonSummary {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            unreadable: s.unreadable,
        };
        write_nested(out, &summary, 1)?;
        out.write_all(b"\n}\n")
    }
}
