//! `--format markdown`: a summary for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`: counts per file and per rule, then the findings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Context, Emitter, FileResult, Outcome, Summary};
use crate::finding::Severity;

/// Escapes text for a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Renders the summary.
fn render(results: &[FileResult]) -> String {
    let summary = Summary::of(results);
    let mut out = format!("## ieplint\n\n**{}**\n\n", summary.line());
    let mut per_rule: BTreeMap<&str, (Severity, usize)> = BTreeMap::new();
    let mut rows = String::new();
    for r in results {
        match &r.outcome {
            Outcome::Linted(found) => {
                let count = |s: Severity| found.iter().filter(|l| l.finding.severity == s).count();
                let _ = writeln!(
                    rows,
                    "| `{}` | {} | {} | {} |",
                    cell(&r.path),
                    count(Severity::Error),
                    count(Severity::Warning),
                    count(Severity::Info)
                );
                for l in found {
                    let entry = per_rule
                        .entry(&l.finding.rule)
                        .or_insert((l.finding.severity, 0));
                    entry.0 = entry.0.max(l.finding.severity);
                    entry.1 += 1;
                }
            }
            Outcome::Failed(e) => {
                let _ = writeln!(
                    rows,
                    "| `{}` | could not be linted: {} | | |",
                    cell(&r.path),
                    cell(&e.message)
                );
            }
        }
    }
    out.push_str("| File | Errors | Warnings | Infos |\n|---|---:|---:|---:|\n");
    out.push_str(&rows);
    if !per_rule.is_empty() {
        out.push_str("\n| Rule | Severity | Findings |\n|---|---|---:|\n");
        let mut by_count: Vec<_> = per_rule.into_iter().collect();
        by_count.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
        for (rule, (severity, n)) in by_count {
            let _ = writeln!(out, "| `{rule}` | {severity} | {n} |");
        }
        out.push_str("\n<details><summary>Findings</summary>\n\n");
        for r in results {
            if let Outcome::Linted(found) = &r.outcome {
                for l in found {
                    let _ = writeln!(
                        out,
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
        }
        out.push_str("\n</details>\n");
    }
    out
}

/// The `markdown` format.
pub struct Markdown;

impl Emitter for Markdown {
    fn emit(&self, results: &[FileResult], _ctx: &Context) -> String {
        render(results)
    }
}
