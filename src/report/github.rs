//! `--format github`: GitHub Actions workflow commands, one line per
//! finding, shown as annotations on the pull request.

use std::io::{self, Write};

use super::{Context, Emitter, FileResult, Outcome, Summary};
use crate::finding::Severity;

/// Escapes the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (file, title) of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Writes one file's findings, or why it could not be read, as workflow
/// commands.
fn file(out: &mut dyn Write, r: &FileResult) -> io::Result<()> {
    match &r.outcome {
        Outcome::Linted(found) => {
            for l in found {
                let level = match l.finding.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                let loc = &l.location;
                writeln!(
                    out,
                    "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    property(&r.path),
                    loc.line,
                    loc.column,
                    loc.end_line,
                    loc.end_column,
                    property(&l.finding.rule),
                    data(&format!("{} {}", l.finding.message, l.finding.help))
                )?;
            }
        }
        Outcome::Failed(e) => {
            let place = match (e.line, e.column) {
                (Some(line), Some(col)) => format!(",line={line},col={col}"),
                _ => String::new(),
            };
            writeln!(
                out,
                "::error file={}{place},title=ieplint::{}",
                property(&r.path),
                data(&format!("{} {}", e.message, e.help))
            )?;
        }
    }
    Ok(())
}

/// The `github` format.
pub struct Github;

impl Emitter for Github {
    fn file(&mut self, out: &mut dyn Write, r: &FileResult, _ctx: &Context) -> io::Result<()> {
        file(out, r)
    }

    fn finish(&mut self, _out: &mut dyn Write, _s: &Summary, _ctx: &Context) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_requires() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
