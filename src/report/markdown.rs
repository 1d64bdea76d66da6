//! `--format markdown`: a summary for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`: counts per file and per rule, then the findings.
//! The totals come first, so the rows are kept until the end of the run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Context, Emitter, FileResult, Outcome, Summary};
use crate::finding::Severity;

/// Escapes text for a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
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
                    "| `{}` | {} | {} | {} |",
                    cell(&r.path),
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
                        "- **{}** `{}:{}:{}` `{}`: {}",
                        l.finding.severity,
                        cell(&r.path),
                        l.location.line,
                        l.location.column,
                        l.finding.rule,
                        cell(&l.finding.message)
                    );
                }
            }
            Outcome::Failed(e) => {
                let _ = writeln!(
                    self.rows,
                    "| `{}` | could not be linted: {} | | |",
                    cell(&r.path),
                    cell(&e.message)
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
