//! `--format human`: miette's report for each finding, with the plan
//! snippet underlined, the help and the citation, then a summary line.

use std::fmt::Write as _;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity as MSeverity,
    SourceCode,
};

use super::{Context, Emitter, FileResult, Located, Outcome, Summary};
use crate::excerpt::Excerpt;
use crate::finding::{Severity, Target};

/// How to draw.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use colour.
    pub color: bool,
    /// Wrap width.
    pub width: usize,
}

struct FindingReport<'a> {
    located: &'a Located,
    source: Excerpt,
    help: String,
}

impl std::fmt::Debug for FindingReport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.located.finding.message)
    }
}

impl std::fmt::Display for FindingReport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.located.finding.message)
    }
}

impl std::error::Error for FindingReport<'_> {}

impl Diagnostic for FindingReport<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(&self.located.finding.rule))
    }

    fn severity(&self) -> Option<MSeverity> {
        Some(match self.located.finding.severity {
            Severity::Error => MSeverity::Error,
            Severity::Warning => MSeverity::Warning,
            Severity::Info => MSeverity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, len) = self.source.place();
        let text = match self.located.finding.target {
            Target::Missing => {
                let member = self
                    .located
                    .finding
                    .pointer
                    .rsplit('/')
                    .next()
                    .unwrap_or("");
                format!(
                    "`{}` belongs in here",
                    member.replace("~1", "/").replace("~0", "~")
                )
            }
            Target::Text { .. } => "this phrase".to_string(),
            Target::Value => "this value".to_string(),
        };
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(text),
            start,
            len,
        ))))
    }
}

struct FileProblem<'a> {
    message: String,
    help: &'a str,
    source: Option<Excerpt>,
}

impl std::fmt::Debug for FileProblem<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Display for FileProblem<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FileProblem<'_> {}

impl Diagnostic for FileProblem<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new("ieplint::input"))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (at, _) = self.source.as_ref()?.place();
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("here".into()),
            at,
            0,
        ))))
    }
}

/// The handler used for every diagnostic this tool draws.
pub fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        // Lines break at spaces only, never at a hyphen, and a word longer
        // than the line is left whole: a pointer (`/services/0/...`) or a
        // rule id (`para.fading-data`) is never split, so it can be copied. (Finding the Unicode break
        // opportunities of every help text was also most of the time a
        // report of one plan took to draw.)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_context_lines(1)
        .with_links(false)
}

/// Draws one diagnostic.
pub fn draw(handler: &GraphicalReportHandler, d: &dyn Diagnostic) -> String {
    let mut out = String::new();
    if handler.render_report(&mut out, d).is_err() {
        out = format!("{d}\n");
    }
    out
}

/// Draws one file's findings, or why it could not be read.
fn file(handler: &GraphicalReportHandler, r: &FileResult) -> String {
    let mut out = String::new();
    match (&r.outcome, &r.text) {
        (Outcome::Linted(found), Some(text)) => {
            for located in found {
                let f = &located.finding;
                let mut help = f.help.clone();
                if let Some(cite) = &f.cite {
                    let _ = write!(help, "\ncite: {cite}");
                }
                let _ = write!(
                    help,
                    "\nat {} (ieplint explain {})",
                    display_pointer(&f.pointer),
                    f.rule
                );
                let source =
                    Excerpt::around(&r.path, text, located.label, label_position(text, located));
                out.push_str(&draw(
                    handler,
                    &FindingReport {
                        located,
                        source,
                        help,
                    },
                ));
            }
        }
        (Outcome::Linted(_), None) => {}
        (Outcome::Failed(e), text) => {
            let source = match (text, e.line, e.column) {
                (Some(text), Some(line), Some(column)) => {
                    let at = byte_at(text, line, column);
                    Some(Excerpt::around(&r.path, text, (at, at), (line, column)))
                }
                _ => None,
            };
            let place = match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}: ", r.path),
                _ => format!("{}: ", r.path),
            };
            let problem = FileProblem {
                message: format!("{place}{}", e.message),
                help: &e.help,
                source,
            };
            out.push_str(&draw(handler, &problem));
        }
    }
    out
}

/// Line and column (from 1) of a finding's label, from those of its
/// location: the label is the member's name or the value itself, a few
/// characters away, so only the text between the two is read.
fn label_position(text: &str, located: &Located) -> (usize, usize) {
    let (line, column) = (located.location.line, located.location.column);
    let (label, at) = (located.label.0, located.location.start);
    let chars = |from: usize, to: usize| text.get(from..to).map_or(0, |s| s.chars().count());
    let between = text.get(label.min(at)..label.max(at)).unwrap_or("");
    let newlines = between.matches('\n').count();
    match (label <= at, newlines) {
        (true, 0) => (line, column.saturating_sub(chars(label, at)).max(1)),
        (false, 0) => (line, column + chars(at, label)),
        (before, n) => {
            let line_start = text
                .get(..label)
                .and_then(|s| s.rfind('\n'))
                .map_or(0, |i| i + 1);
            let line = if before {
                line.saturating_sub(n)
            } else {
                line + n
            };
            (line, chars(line_start, label) + 1)
        }
    }
}

fn display_pointer(p: &str) -> &str {
    if p.is_empty() {
        "the top of the plan"
    } else {
        p
    }
}

/// The byte offset of a 1-based line and column (columns in characters).
fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b);
            return (offset + within).min(text.len().saturating_sub(1));
        }
        offset += l.len();
    }
    text.len().saturating_sub(1)
}

/// The `human` format, drawn in a style.
pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    /// Draws in this style.
    pub fn new(style: Style) -> Self {
        Human {
            handler: handler(style),
        }
    }
}

impl Emitter for Human {
    fn file(&mut self, out: &mut dyn Write, r: &FileResult, _ctx: &Context) -> io::Result<()> {
        out.write_all(file(&self.handler, r).as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary, _ctx: &Context) -> io::Result<()> {
        writeln!(out, "{}", s.line())
    }
}
