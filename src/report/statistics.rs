//! `--statistics`: how many findings each rule produced.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Context, Emitter, FileResult, Outcome, Summary};
use crate::finding::Severity;

/// The `statistics` format: findings per rule, most first.
#[derive(Default)]
pub struct Statistics {
    counts: BTreeMap<(String, Severity), usize>,
}

impl Emitter for Statistics {
    fn file(&mut self, _out: &mut dyn Write, r: &FileResult, _ctx: &Context) -> io::Result<()> {
        if let Outcome::Linted(found) = &r.outcome {
            for l in found {
                *self
                    .counts
                    .entry((l.finding.rule.to_string(), l.finding.severity))
                    .or_insert(0) += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary, _ctx: &Context) -> io::Result<()> {
        let mut rows: Vec<_> = std::mem::take(&mut self.counts).into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let width = rows.iter().map(|((r, _), _)| r.len()).max().unwrap_or(0);
        for ((rule, severity), n) in rows {
            writeln!(out, "{n:>6}  {rule:width$}  {severity}")?;
        }
        writeln!(out, "{}", s.line())
    }
}
