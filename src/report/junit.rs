//! `--format junit`: JUnit XML for CI dashboards. One test suite per file,
//! one test case per rule checked; a rule's findings in that file make its
//! test case fail. Follows the common JUnit schema (Apache Ant's XSD).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Context, Emitter, FileResult, Located, Outcome, Summary};

/// XML text and attribute escaping. Characters XML 1.0 cannot hold at all
/// (control characters, U+FFFE and U+FFFF) become U+FFFD, so a stray one
/// in a plan cannot make the whole report unreadable.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The suite timestamp: fixed (from `SOURCE_DATE_EPOCH` when set) so that
/// output is the same on every run.
pub(super) fn timestamp() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or(0);
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S").to_string())
        .unwrap_or_else(|_| "1970-01-01T00:00:00".to_string())
}

/// One file as a test suite; `id` is its place in the run.
fn suite(id: usize, r: &FileResult, ctx: &Context, stamp: &str) -> String {
    let mut suite = String::new();
    let name = esc(&r.path);
    let mut cases = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    match &r.outcome {
        Outcome::Linted(found) => {
            for rule in &ctx.rules {
                let hits: Vec<&Located> =
                    found.iter().filter(|l| l.finding.rule == rule.id).collect();
                if rule.id.starts_with("ieplint.") && hits.is_empty() {
                    continue;
                }
                tests += 1;
                let _ = write!(
                    cases,
                    "    <testcase name=\"{}\" classname=\"{name}\" time=\"0\"",
                    esc(&rule.id)
                );
                match hits.first() {
                    None => cases.push_str("/>\n"),
                    Some(first) => {
                        failures += 1;
                        let details: Vec<String> = hits
                            .iter()
                            .map(|l| {
                                format!(
                                    "{}:{}:{} {} {}\n  {}",
                                    r.path,
                                    l.location.line,
                                    l.location.column,
                                    l.finding.pointer,
                                    l.finding.message,
                                    l.finding.help
                                )
                            })
                            .collect();
                        let _ = write!(
                            cases,
                            ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                            esc(&first.finding.message),
                            first.finding.severity,
                            esc(&details.join("\n"))
                        );
                    }
                }
            }
        }
        Outcome::Failed(e) => {
            tests += 1;
            errors += 1;
            let _ = write!(
                cases,
                "    <testcase name=\"ieplint.input\" classname=\"{name}\" time=\"0\">\n      <error message=\"{}\" type=\"input\">{}</error>\n    </testcase>\n",
                esc(&e.message),
                esc(&e.help)
            );
        }
    }
    let _ = write!(
        suite,
        "  <testsuite package=\"ieplint\" id=\"{id}\" name=\"{name}\" timestamp=\"{stamp}\" hostname=\"ieplint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"0\">\n    <properties/>\n{cases}    <system-out/>\n    <system-err/>\n  </testsuite>\n"
    );
    suite
}

/// The `junit` format.
#[derive(Default)]
pub struct Junit {
    files: usize,
    stamp: String,
}

impl Emitter for Junit {
    fn begin(&mut self, out: &mut dyn Write, _ctx: &Context) -> io::Result<()> {
        self.stamp = timestamp();
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n")
    }

    fn file(&mut self, out: &mut dyn Write, r: &FileResult, ctx: &Context) -> io::Result<()> {
        let text = suite(self.files, r, ctx, &self.stamp);
        self.files += 1;
        out.write_all(text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, _s: &Summary, _ctx: &Context) -> io::Result<()> {
        out.write_all(b"</testsuites>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn characters_xml_cannot_hold_are_replaced() {
        assert_eq!(
            esc("a\u{FFFF}b\u{1}c\u{FFFE}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
        assert_eq!(
            esc("<a & \"b\">\n\t\r"),
            "&lt;a &amp; &quot;b&quot;&gt;&#10;\t&#13;"
        );
    }
}
