//! Baselines: today's findings recorded, so that a run fails only on new
//! ones. A finding is keyed by its file, its rule, its stable pointer (list
//! elements named by their `id` or content, not their index) and a
//! fingerprint of the offending content, never by line: inserting,
//! removing or reordering list elements and edits elsewhere in a file keep
//! the baseline. Fixed findings drop out when it is rewritten.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::results::{FileResult, Outcome};

/// The version written; older baselines keyed findings by list index.
const VERSION: u32 = 2;

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

/// Each finding's entry, with the indexes of its file and of the finding.
fn entries(results: &[FileResult]) -> impl Iterator<Item = (usize, usize, Entry)> + '_ {
    results.iter().enumerate().flat_map(|(fi, r)| {
        let found = match &r.outcome {
            Outcome::Linted(found) => found.as_slice(),
            Outcome::Failed(_) => &[],
        };
        found.iter().enumerate().map(move |(li, l)| {
            (
                fi,
                li,
                Entry {
                    file: r.rel_path.clone(),
                    rule: l.finding.rule.to_string(),
                    pointer: l.stable_pointer.clone(),
                    fingerprint: l.fingerprint.clone(),
                },
            )
        })
    })
}

impl Baseline {
    /// Reads a baseline's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let doc: Document = serde_json::from_str(text).map_err(|e| {
            format!("it is not a baseline written by ieplint ({e}); write a new one with --write-baseline")
        })?;
        if doc.version != VERSION {
            return Err(format!(
                "it was written by another version of ieplint (baseline version {}, this one reads {VERSION}); write it again with --write-baseline",
                doc.version
            ));
        }
        let mut entries = HashMap::new();
        for e in doc.findings {
            *entries.entry(e).or_insert(0) += 1;
        }
        Ok(Baseline { entries })
    }

    /// The baseline text for these results, sorted so it diffs well, and
    /// how many findings it records.
    pub fn render(results: &[FileResult]) -> (String, usize) {
        let mut findings: Vec<Entry> = entries(results).map(|(_, _, e)| e).collect();
        findings.sort();
        let count = findings.len();
        let doc = Document {
            version: VERSION,
            findings,
        };
        let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
        out.push('\n');
        (out, count)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_versions_are_refused_with_what_to_do() {
        let e = Baseline::parse(r#"{"version": 1, "findings": []}"#).unwrap_err();
        assert!(e.contains("write it again with --write-baseline"), "{e}");
        assert!(Baseline::parse("[]").is_err());
        assert!(Baseline::parse(r#"{"version": 2, "findings": []}"#).is_ok());
    }
}
