//! `--format markdown`: a summary for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`: counts per file and per rule, then the findings.
//! The totals come first, so the rows are kept until the end of the run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Context, Emitter, FileResult, Outcome, Summary};
use crate::finding::Severity;

/// Text from a plan or a message, made inert: every character Markdown or
/// HTML gives a meaning is escaped, so a link, an image or a tag written
/// in a plan shows as text in a pull-request comment and loads nothing.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '<' | '>' | '!' | '|' | '~' | '&'
            | '#' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A path as code: inside a code span nothing is interpreted, so only a
/// backtick (which would end the span) and a table's `|` are replaced.
fn code(s: &str) -> String {
    let inner = s
        .replace('`', "'")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ");
    format!("`{inner}`")
}

/// The `markdown` format.
#[derive(Default)]
pub struct Markdown {
    /// The file table's rows.
    rows: String,
    /// Per rule: the highest severity and the number of findings.
    per_rule: BTreeMap<String, (Severity, usize)>,
    /// The list of findings.
    findings: String,
}

impl Emitter for Markdown {
    fn file(&mut self, _out: &mut dyn Write, r: &FileResult, _ctx: &Context) -> io::Result<()> {
        match &r.outcome {
            Outcome::Linted(found) => {
                let count = |s: Severity| found.iter().filter(|l| l.finding.severity == s).count();
                let _ = writeln!(
                    self.rows,
                    "| {} | {} | {} | {} |",
                    code(&r.path),
                    count(Severity::Error),
                    count(Severity::Warning),
                    count(Severity::Info)
                );
                for l in found {
                    let entry = self
                        .per_rule
                        .entry(l.finding.rule.to_string())
                        .or_insert((l.finding.severity, 0));
                    entry.0 = entry.0.max(l.finding.severity);
                    entry.1 += 1;
                    let _ = writeln!(
                        self.findings,
                        "- **{}** {} {}: {}",
                        l.finding.severity,
                        code(&format!(
                            "{}:{}:{}",
                            r.path, l.location.line, l.location.column
                        )),
                        code(&l.finding.rule),
                        text(&l.finding.message)
                    );
                }
            }
            Outcome::Failed(e) => {
                let _ = writeln!(
                    self.rows,
                    "| {} | could not be linted: {} | | |",
                    code(&r.path),
                    text(&e.message)
                );
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary, _ctx: &Context) -> io::Result<()> {
        write!(out, "## ieplint\n\n**{}**\n\n", s.line())?;
        out.write_all(b"| File | Errors | Warnings | Infos |\n|---|---:|---:|---:|\n")?;
        out.write_all(self.rows.as_bytes())?;
        if !self.per_rule.is_empty() {
            out.write_all(b"\n| Rule | Severity | Findings |\n|---|---|---:|\n")?;
            let mut by_count: Vec<_> = std::mem::take(&mut self.per_rule).into_iter().collect();
            by_count.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(&b.0)));
            for (rule, (severity, n)) in by_count {
                writeln!(out, "| `{rule}` | {severity} | {n} |")?;
            }
            out.write_all(b"\n<details><summary>Findings</summary>\n\n")?;
            out.write_all(self.findings.as_bytes())?;
            out.write_all(b"\n</details>\n")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_text_cannot_make_links_images_or_tags() {
        let inert = text("See ![x](http://example.com/a.png) and </details> or [a](b)");
        // Every character that could open a link, an image or a tag is
        // escaped by the backslash before it.
        let chars: Vec<char> = inert.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if matches!(c, '!' | '[' | ']' | '(' | '<' | '>') {
                assert_eq!(chars.get(i.wrapping_sub(1)), Some(&'\\'), "{inert}");
            }
        }
        assert_eq!(text("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn a_path_stays_one_code_span() {
        assert_eq!(code("a`b|c.json"), "`a'b\\|c.json`");
    }
}
