//! The results of linting: each file's findings with their places, or why
//! it could not be linted, and the counts of a run. The runner makes them,
//! suppressions and baselines filter them, reporters render them.

use std::fmt::Write as _;
use std::sync::Arc;

use serde_json::Value;

use crate::document::DocumentError;
use crate::finding::{Finding, Severity};
use crate::locate::Location;
use crate::value::unescape;

/// A finding with its place in the file.
#[derive(Debug, Clone)]
pub struct Located {
    /// The finding.
    pub finding: Finding,
    /// Where it is.
    pub location: Location,
    /// The span to underline in a snippet: the value, or its key when the
    /// value spans several lines.
    pub label: (usize, usize),
    /// What names the finding across edits of its file (SARIF, baselines),
    /// when the lint was asked for it ([`Wants::identity`]).
    pub identity: Option<Identity>,
    /// The place in the words of an IEP document ("the plan for days the
    /// aide is absent of the paraprofessional in service S3"), when the
    /// lint was asked for it ([`Wants::place`]).
    pub place: Option<String>,
    /// The phrase a text finding is about, as written (at most 80
    /// characters): reports quote this and nothing more of the plan.
    pub quote: Option<String>,
}

/// What names a finding across edits of its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The pointer with each list index replaced by the element's `id`
    /// (`/services/[id=S3]/purpose`) or, for an element without one, a
    /// hash of its content: it survives inserting, removing and reordering
    /// list elements.
    pub stable_pointer: String,
    /// Stable across edits elsewhere in the file: the rule, the stable
    /// pointer and the offending content.
    pub fingerprint: String,
}

/// What a front end reads of a plan's result besides the findings and
/// their places in the text. Each part is worked out while the plan is in
/// memory, and only when asked: a run that prints none of them (JSON, the
/// terminal without a baseline) does not pay for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wants {
    /// The plan's text, kept in the result when it has findings (the
    /// terminal report quotes lines of it).
    pub text: bool,
    /// Each finding's place in words ([`Located::place`]: the HTML report,
    /// the page).
    pub place: bool,
    /// Each finding's identity ([`Located::identity`]: SARIF, baselines).
    pub identity: bool,
}

impl Wants {
    /// Everything a result can carry.
    pub const ALL: Wants = Wants {
        text: true,
        place: true,
        identity: true,
    };

    /// What this or `other` wants.
    pub fn with(self, other: Wants) -> Wants {
        Wants {
            text: self.text || other.text,
            place: self.place || other.place,
            identity: self.identity || other.identity,
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// It was linted.
    Linted(Vec<Located>),
    /// It could not be read or parsed.
    Failed(DocumentError),
}

/// One file's result.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as given (or `<stdin>`).
    pub path: String,
    /// The path relative to the config file's folder (else the current
    /// one), with `/`: what suppressions and baselines match.
    pub rel_path: String,
    /// The text, when it could be read.
    pub text: Option<Arc<str>>,
    /// Findings or the reason it was not linted.
    pub outcome: Outcome,
}

/// Counts for the summary line and exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files looked at.
    pub files: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
    /// Files that could not be linted.
    pub unreadable: usize,
}

impl Summary {
    /// Counts the results.
    pub fn of(results: &[FileResult]) -> Self {
        let mut s = Summary::default();
        for r in results {
            s.add(r);
        }
        s
    }

    /// Counts one more file's result.
    pub fn add(&mut self, result: &FileResult) {
        self.files += 1;
        match &result.outcome {
            Outcome::Linted(found) => {
                for l in found {
                    match l.finding.severity {
                        Severity::Error => self.errors += 1,
                        Severity::Warning => self.warnings += 1,
                        Severity::Info => self.infos += 1,
                    }
                }
            }
            Outcome::Failed(_) => self.unreadable += 1,
        }
    }

    /// `3 errors, 2 warnings in 4 files`.
    pub fn line(&self) -> String {
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let mut parts = vec![count(self.errors, "error"), count(self.warnings, "warning")];
        if self.infos > 0 {
            parts.push(count(self.infos, "info"));
        }
        let mut line = format!("{} in {}", parts.join(", "), count(self.files, "file"));
        if self.unreadable > 0 {
            line.push_str(&format!(
                "; {} could not be linted",
                count(self.unreadable, "file")
            ));
        }
        line
    }
}

/// A stable fingerprint of a finding: its rule, stable pointer and the
/// offending content (white space collapsed), not its line, so edits
/// elsewhere in the file keep it. FNV-1a, 64 bits, as 16 hex digits.
pub fn fingerprint(rule: &str, stable_pointer: &str, content: &str) -> String {
    let mut hash = Fnv::new();
    hash.feed(rule.as_bytes());
    hash.feed(&[0]);
    hash.feed(stable_pointer.as_bytes());
    hash.feed(&[0]);
    for (i, word) in words(content).enumerate() {
        if i > 0 {
            hash.feed(b" ");
        }
        hash.feed(word.as_bytes());
    }
    format!("{:016x}", hash.0)
}

/// The words of `text` as `str::split_whitespace` gives them, reading
/// ASCII a byte at a time instead of decoding every character: a finding
/// about a whole section hashes all of its text.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    // Whether the character starting at `i` is white space, and its length.
    let space_at = move |i: usize| -> (bool, usize) {
        match b.get(i) {
            Some(&c) if c.is_ascii() => {
                (matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '), 1)
            }
            _ => text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            if i >= b.len() {
                return None;
            }
            let (space, len) = space_at(i);
            if !space {
                break;
            }
            i += len;
        }
        let start = i;
        while i < b.len() {
            let (space, len) = space_at(i);
            if space {
                break;
            }
            i += len;
        }
        text.get(start..i)
    })
}

/// `pointer` with each list index replaced by the element's `id` (text or
/// number) as `[id=S3]`, else by a hash of the element's content as
/// `[#1a2b3c4d5e6f7a8b]`. Members past the end of the document are kept
/// as written.
pub fn stable_pointer(doc: &Value, pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 8);
    let mut cur = Some(doc);
    for token in pointer.split('/').skip(1) {
        out.push('/');
        match cur {
            Some(Value::Array(items)) => {
                let element = token.parse::<usize>().ok().and_then(|i| items.get(i));
                match element {
                    Some(e) => push_element_name(&mut out, e),
                    None => out.push_str(token),
                }
                cur = element;
            }
            Some(Value::Object(members)) => {
                out.push_str(token);
                cur = members.get(unescape(token).as_ref());
            }
            _ => {
                out.push_str(token);
                cur = None;
            }
        }
    }
    out
}

/// How a list element is named in a stable pointer.
fn push_element_name(out: &mut String, e: &Value) {
    let _ = match e.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => write!(out, "[id={}]", id.trim()),
        Some(Value::Number(id)) => write!(out, "[id={id}]"),
        _ => {
            // The element's compact JSON, hashed as it is written.
            let mut hash = Fnv::new();
            let _ = serde_json::to_writer(&mut hash, e);
            write!(out, "[#{:016x}]", hash.0)
        }
    };
}

/// FNV-1a, 64 bits: small, stable across versions and platforms.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn feed(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl std::io::Write for Fnv {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.feed(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_as_split_whitespace_splits_them() {
        for text in [
            "",
            "   ",
            "one",
            " to  help\n with\t\x0b\x0cit\r\n",
            "caf\u{e9}\u{a0}au\u{2003}lait\u{3000}\u{85}x\u{200b}y",
            "\u{1680}lead and trail\u{2029}",
        ] {
            let ours: Vec<&str> = words(text).collect();
            let std: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn list_elements_are_named_by_id_or_content() {
        let doc = serde_json::json!({"services": [{"id": "S1"}, {"id": 7, "a/b": 1}, {"x": 1}], "dates": ["2025-01-01"]});
        assert_eq!(
            stable_pointer(&doc, "/services/0/purpose"),
            "/services/[id=S1]/purpose"
        );
        assert_eq!(
            stable_pointer(&doc, "/services/1/a~1b"),
            "/services/[id=7]/a~1b"
        );
        let unnamed = stable_pointer(&doc, "/services/2/x");
        assert!(
            unnamed.starts_with("/services/[#") && unnamed.ends_with("]/x"),
            "{unnamed}"
        );
        let moved = serde_json::json!({"services": [{"x": 1}]});
        assert_eq!(stable_pointer(&moved, "/services/0/x"), unnamed);
        assert_eq!(stable_pointer(&doc, "/services/9/x"), "/services/9/x");
        assert_eq!(stable_pointer(&doc, ""), "");
    }

    #[test]
    fn fingerprints_ignore_white_space_but_not_content() {
        assert_eq!(
            fingerprint("r", "/a", "to  help\n with"),
            fingerprint("r", "/a", "to help\n with")
        );
        assert_ne!(
            fingerprint("r", "/a", "to help"),
            fingerprint("r", "/a", "to aid")
        );
        assert_ne!(fingerprint("r", "/a", "x"), fingerprint("q", "/a", "x"));
    }
}
