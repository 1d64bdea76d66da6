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

/// The entry of each finding of a file; `None` for a finding linted
/// without its identity ([`crate::Wants::identity`]), which no entry
/// can cover.
fn entries(r: &FileResult) -> impl Iterator<Item = Option<Entry>> + '_ {
    let found = match &r.outcome {
        Outcome::Linted(found) => found.as_slice(),
        Outcome::Failed(_) => &[],
    };
    found.iter().map(|l| {
        let identity = l.identity.as_ref()?;
        Some(Entry {
            file: r.rel_path.clone(),
            rule: l.finding.rule.to_string(),
            pointer: identity.stable_pointer.clone(),
            fingerprint: identity.fingerprint.clone(),
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

    /// Records a file's findings, to be written by `render`. The file must
    /// have been linted with [`crate::Wants::identity`].
    pub fn record(&mut self, result: &FileResult) {
        for e in entries(result).flatten() {
            *self.entries.entry(e).or_insert(0) += 1;
        }
    }

    /// The baseline text, sorted so it diffs well, and how many findings
    /// it records.
    pub fn render(&self) -> (String, usize) {
        let mut findings: Vec<Entry> = self
            .entries
            .iter()
            .flat_map(|(e, n)| std::iter::repeat_n(e.clone(), *n))
            .collect();
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

    /// Removes from a file's result the findings the baseline records.
    /// Each entry covers one finding: the files of a run are given in
    /// turn, and an entry used by one is not used again. Returns how many
    /// were removed. A finding linted without its identity is kept.
    pub fn filter(&mut self, result: &mut FileResult) -> usize {
        let mut keep = Vec::new();
        for e in entries(result) {
            let covered = e.and_then(|e| self.entries.get_mut(&e)).filter(|n| **n > 0);
            keep.push(match covered {
                Some(n) => {
                    *n -= 1;
                    false
                }
                None => true,
            });
        }
        let removed = keep.iter().filter(|k| !**k).count();
        if let Outcome::Linted(found) = &mut result.outcome {
            let mut keep = keep.into_iter();
            found.retain(|_| keep.next().unwrap_or(true));
        }
        removed
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
