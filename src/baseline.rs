//! Baselines: today's findings recorded, so that a run fails only on new
//! ones. Findings are keyed by file, rule, pointer and a fingerprint of
//! the offending content, not by line, so edits elsewhere in a file do not
//! break the baseline. Fixed findings drop out when it is rewritten.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::results::{FileResult, Located, Outcome};

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Hash, Clone, PartialOrd, Ord)]
struct Entry {
    file: String,
    rule: String,
    pointer: String,
    fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Document {
    version: u32,
    findings: Vec<Entry>,
}

/// A recorded set of findings.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: HashMap<Entry, usize>,
}

fn entries(results: &[FileResult]) -> impl Iterator<Item = (usize, usize, Entry)> + '_ {
    results.iter().enumerate().flat_map(|(fi, r)| {
        let found: &[Located] = match &r.outcome {
            Outcome::Linted(found) => found,
            Outcome::Failed(_) => &[],
        };
        found.iter().enumerate().map(move |(li, l)| {
            (
                fi,
                li,
                Entry {
                    file: r.rel_path.clone(),
                    rule: l.finding.rule.to_string(),
                    pointer: l.finding.pointer.clone(),
                    fingerprint: l.fingerprint.clone(),
                },
            )
        })
    })
}

impl Baseline {
    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let doc: Document = serde_json::from_str(&text).map_err(|e| {
            format!(
                "the baseline {} is not a baseline written by ieplint ({e}); write a new one with --write-baseline",
                path.display()
            )
        })?;
        let mut entries = HashMap::new();
        for e in doc.findings {
            *entries.entry(e).or_insert(0) += 1;
        }
        Ok(Baseline { entries })
    }

    /// The baseline text for these results, sorted so it diffs well.
    pub fn render(results: &[FileResult]) -> String {
        let mut findings: Vec<Entry> = entries(results).map(|(_, _, e)| e).collect();
        findings.sort();
        let doc = Document {
            version: 1,
            findings,
        };
        let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
        out.push('\n');
        out
    }

    /// Removes the findings the baseline records (each entry covers one
    /// finding); returns how many were removed.
    pub fn filter(&self, results: &mut [FileResult]) -> usize {
        let mut left = self.entries.clone();
        let mut drop: Vec<(usize, usize)> = Vec::new();
        for (fi, li, e) in entries(results) {
            if let Some(n) = left.get_mut(&e).filter(|n| **n > 0) {
                *n -= 1;
                drop.push((fi, li));
            }
        }
        for (fi, li) in drop.iter().rev() {
            if let Some(Outcome::Linted(found)) = results.get_mut(*fi).map(|r| &mut r.outcome) {
                if *li < found.len() {
                    found.remove(*li);
                }
            }
        }
        drop.len()
    }
}
