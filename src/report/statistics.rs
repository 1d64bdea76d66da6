//! `--statistics`: how many findings each rule produced.

use super::{Context, Emitter, FileResult, Outcome, Summary};
use crate::finding::Severity;

/// `--statistics`: findings per rule, most first.
fn render(results: &[FileResult]) -> String {
    let mut counts: std::collections::BTreeMap<(String, Severity), usize> =
        std::collections::BTreeMap::new();
    for r in results {
        if let Outcome::Linted(found) = &r.outcome {
            for l in found {
                *counts
                    .entry((l.finding.rule.to_string(), l.finding.severity))
                    .or_insert(0) += 1;
            }
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = rows.iter().map(|((r, _), _)| r.len()).max().unwrap_or(0);
    let mut out = String::new();
    for ((rule, severity), n) in rows {
        out.push_str(&format!("{n:>6}  {rule:width$}  {severity}\n"));
    }
    out.push_str(&Summary::of(results).line());
    out.push('\n');
    out
}

/// The `statistics` format.
pub struct Statistics;

impl Emitter for Statistics {
    fn emit(&self, results: &[FileResult], _ctx: &Context) -> String {
        render(results)
    }
}
