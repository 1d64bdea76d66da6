//! Stage 8: emitters. They receive findings already located and turn
//! them into text for people (human, markdown) or tools (json, sarif,
//! github, junit), all behind one interface and chosen by name.

mod github;
mod html;
pub mod human;
mod json;
mod junit;
mod markdown;
pub(crate) mod reference;
mod sarif;
mod setup;
mod statistics;
mod test_results;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;
use std::sync::Arc;

use crate::engine::Engine;
use crate::finding::Severity;
use crate::results::{FileResult, Located, Outcome, Summary, Wants};

pub use human::Style;
pub use setup::{render as setup_report, SetupError};
pub use test_results::{render as test_report, TestFormat};

/// Turns the results of a run into the text of one format, as they come:
/// `begin`, then `file` for each result in the run's order, then
/// `finish`. An emitter holds no more than its format needs to keep (the
/// machine formats keep nothing of a file once it is written), so a run of
/// any size is written in the memory of a few files.
pub trait Emitter {
    /// Writes what comes before the first file.
    fn begin(&mut self, out: &mut dyn Write, ctx: &Context) -> io::Result<()> {
        let _ = (out, ctx);
        Ok(())
    }

    /// Writes (or notes, for a format whose totals come first) one file's
    /// result.
    fn file(&mut self, out: &mut dyn Write, result: &FileResult, ctx: &Context) -> io::Result<()>;

    /// Writes what comes after the last file; `summary` counts every file
    /// given to `file`.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary, ctx: &Context) -> io::Result<()>;

    /// The whole output for these results at once.
    fn emit(&mut self, results: &[FileResult], ctx: &Context) -> String {
        let mut out = Vec::new();
        let wrote = self.begin(&mut out, ctx).and_then(|()| {
            for r in results {
                self.file(&mut out, r, ctx)?;
            }
            self.finish(&mut out, &Summary::of(results), ctx)
        });
        // Writing to memory cannot fail; the emitters write only UTF-8.
        debug_assert!(wrote.is_ok());
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// Writes `value` as indented JSON nested `depth` levels deep (two spaces
/// a level), as `serde_json::to_string_pretty` would inside its parent,
/// from where the cursor is (after a key, or after an element's indent):
/// the streamed machine formats write their documents element by element.
pub(super) fn write_nested(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
    depth: usize,
) -> io::Result<()> {
    write_nested_via(&mut Vec::new(), out, value, depth)
}

/// [`write_nested`], the value laid out in `buf` first: the serializer
/// writes a few bytes at a time (a quote, a key, a comma), which the
/// output, behind `dyn Write`, would take one call each (the JSON and
/// SARIF reports write every finding this way).
fn write_nested_via(
    buf: &mut Vec<u8>,
    out: &mut dyn Write,
    value: &impl serde::Serialize,
    depth: usize,
) -> io::Result<()> {
    buf.clear();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut *buf,
        Nested {
            indent: depth,
            has_value: false,
        },
    );
    value.serialize(&mut ser).map_err(io::Error::other)?;
    out.write_all(buf)
}

/// `serde_json`'s pretty layout, two spaces a level, starting `indent`
/// levels in.
struct Nested {
    indent: usize,
    has_value: bool,
}

impl Nested {
    fn line<W: ?Sized + Write>(&self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        write_indent(out, self.indent)
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.indent = self.indent.saturating_sub(1);
        if self.has_value {
            out.write_all(b"\n")?;
            write_indent(out, self.indent)?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Two spaces for each of `depth` levels.
fn write_indent<W: ?Sized + Write>(out: &mut W, depth: usize) -> io::Result<()> {
    const SPACES: &[u8] = b"                                                                ";
    let mut left = 2 * depth;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.write_all(SPACES.get(..n).unwrap_or_default())?;
        left -= n;
    }
    Ok(())
}

/// Writes the elements of a JSON array one by one: `[`, the elements
/// separated by commas, then `]` (or `[]` for none), nested `depth` levels.
#[derive(Debug, Default)]
pub(super) struct JsonList {
    written: usize,
    /// Where each element is laid out before it is written, kept for the
    /// next.
    buf: Vec<u8>,
}

impl JsonList {
    /// Writes one element.
    pub(super) fn push(
        &mut self,
        out: &mut dyn Write,
        value: &impl serde::Serialize,
        depth: usize,
    ) -> io::Result<()> {
        out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        self.written += 1;
        write_indent(out, depth + 1)?;
        write_nested_via(&mut self.buf, out, value, depth + 1)
    }

    /// Closes the array.
    pub(super) fn close(&mut self, out: &mut dyn Write, depth: usize) -> io::Result<()> {
        if self.written == 0 {
            out.write_all(b"[]")
        } else {
            out.write_all(b"\n")?;
            write_indent(out, depth)?;
            out.write_all(b"]")
        }
    }
}

/// An output format, chosen by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable reports with the plan snippet underlined.
    Human,
    /// One JSON document (see docs/output-json.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// JUnit XML.
    Junit,
    /// A Markdown summary for pull requests.
    Markdown,
    /// A self-contained HTML report to print and hand to the IEP team.
    Html,
    /// Counts per rule (`--statistics`).
    Statistics,
}

impl Format {
    /// The formats a user can name with `--format`.
    pub const NAMED: [Format; 7] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Markdown,
        Format::Html,
    ];

    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Statistics => "statistics",
        }
    }

    /// What this format prints of a plan's result besides the findings and
    /// their places in the text.
    pub fn wants(self) -> Wants {
        Wants {
            text: self == Format::Human,
            place: self == Format::Html,
            identity: self == Format::Sarif,
        }
    }

    /// The emitter of this format; `style` is how human text is drawn.
    pub fn emitter(self, style: Style) -> Box<dyn Emitter> {
        match self {
            Format::Human => Box::new(human::Human::new(style)),
            Format::Json => Box::new(json::Json::default()),
            Format::Sarif => Box::new(sarif::Sarif::default()),
            Format::Github => Box::new(github::Github),
            Format::Junit => Box::new(junit::Junit::default()),
            Format::Markdown => Box::new(markdown::Markdown::default()),
            Format::Html => Box::new(html::Html::default()),
            Format::Statistics => Box::new(statistics::Statistics::default()),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    /// Reads a format name, case-insensitively.
    fn from_str(s: &str) -> Result<Self, String> {
        Format::NAMED
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::NAMED.iter().map(|f| f.name()).collect();
                format!("`{s}` is not a format; use {}", names.join(", "))
            })
    }
}

/// What an emitter may say about a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// `pack.name`.
    pub id: Arc<str>,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: String,
    /// Why it matters, on one line.
    pub description: String,
    /// Citation.
    pub cite: Option<Arc<str>>,
    /// The question a parent can ask at the meeting.
    pub ask: Option<String>,
    /// Where its pack documents it.
    pub docs: Option<Arc<str>>,
}

/// What emitters know about the run besides the results.
#[derive(Debug, Clone)]
pub struct Context {
    /// Every rule of the engine, ieplint's own last.
    pub rules: Vec<RuleInfo>,
    /// Where rule documentation lives; a rule's anchor is appended.
    pub docs_url: String,
    /// The folder file paths are relative to (SARIF's `%SRCROOT%`), when
    /// known.
    pub root: Option<String>,
}

pub use crate::rule::DOCS_URL;

impl Context {
    /// The rules of an engine.
    pub fn new(engine: &Engine, docs_url: &str) -> Self {
        let rules = engine
            .rules()
            .map(|r| RuleInfo {
                id: Arc::clone(&r.id),
                severity: r.severity,
                summary: r.summary.clone(),
                description: r
                    .why
                    .as_deref()
                    .unwrap_or(&r.summary)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                cite: r.cite.clone(),
                ask: r.ask.clone(),
                docs: r.docs.clone(),
            })
            .collect();
        Context {
            rules,
            docs_url: docs_url.to_string(),
            root: None,
        }
    }

    /// The documentation address of a rule: its pack's `docs` with the
    /// rule's anchor; none when the pack names no documentation.
    pub fn help_uri(&self, id: &str) -> Option<String> {
        let rule = self.rules.iter().find(|r| &*r.id == id)?;
        let docs = rule.docs.as_deref()?;
        Some(format!("{docs}#{}", id.replace('.', "-")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nested JSON is `serde_json`'s pretty JSON, each line after the
    /// first indented `depth` levels more, as it would be inside its parent.
    #[test]
    fn nested_json_is_pretty_json_indented() {
        let value = serde_json::json!({
            "a": [1, [], {}, [[]], {"b": {"c": [true, null, "x\ny"]}}],
            "d": {},
            "e": "",
        });
        for depth in [0, 1, 3, 40] {
            let mut out = Vec::new();
            write_nested(&mut out, &value, depth).expect("to memory");
            let pretty = serde_json::to_string_pretty(&value).expect("JSON");
            let expected = pretty.replace('\n', &format!("\n{}", "  ".repeat(depth)));
            assert_eq!(String::from_utf8_lossy(&out), expected, "depth {depth}");
        }
        let mut list = JsonList::default();
        let mut out = Vec::new();
        list.close(&mut out, 2).expect("to memory");
        assert_eq!(out, b"[]");
        let mut out = Vec::new();
        list.push(&mut out, &value["d"], 1).expect("to memory");
        list.push(&mut out, &value["a"][1], 1).expect("to memory");
        list.close(&mut out, 1).expect("to memory");
        assert_eq!(String::from_utf8_lossy(&out), "[\n    {},\n    []\n  ]");
    }

    #[test]
    fn formats_are_read_by_name() {
        for f in Format::NAMED {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
        let e = "xml".parse::<Format>().unwrap_err();
        assert!(e.contains("human, json, sarif"), "{e}");
        assert!("statistics".parse::<Format>().is_err());
    }
}
