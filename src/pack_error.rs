//! Problems found in a rule pack file: syntax, names, arity, regexes.
//!
//! Every stage that reads rule text reports through [`PackError`], so a
//! user sees all problems of a file at once, each labelled in the file.

use std::sync::{Arc, OnceLock};

use miette::{Diagnostic, LabeledSpan, NamedSource, Severity, SourceCode};

use crate::ast::Span;
use crate::excerpt::Excerpt;

/// The code of a problem that says more were left out.
pub const TOO_MANY: &str = "ieplint::rules::too-many-errors";

/// One problem in a rule pack, located in the pack's text.
#[derive(Debug, Clone)]
pub struct PackError {
    /// A stable code such as `ieplint::rules::unknown-name`.
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
    /// Where.
    pub span: Span,
    /// The text under the label.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Errors stop the run; warnings are reported and the pack still loads.
    pub is_warning: bool,
    /// The file, shared by all errors of the file.
    pub source: NamedSource<Arc<str>>,
    /// The lines drawn, made when the error is first drawn.
    excerpt: OnceLock<Excerpt>,
    /// Whether the drawn error shows the file's text; not for a file that
    /// is not a rule pack at all, which may be anything.
    quote: bool,
    /// The file's line starts, shared by all its errors.
    lines: Arc<OnceLock<Vec<usize>>>,
}

impl PackError {
    /// An error at `span` of the file.
    pub fn new(
        file: &SourceFile,
        code: &'static str,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        PackError {
            code,
            message: message.into(),
            span,
            label: label.into(),
            help: None,
            is_warning: false,
            source: file.named(),
            excerpt: OnceLock::new(),
            quote: true,
            lines: Arc::clone(&file.lines),
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `X`?" when a close name was found, else `otherwise`.
    pub fn suggest(self, found: Option<&str>, otherwise: impl Into<String>) -> Self {
        match found {
            Some(name) => self.with_help(format!("did you mean `{name}`?")),
            None => self.with_help(otherwise),
        }
    }

    /// Draws this error without the file's text.
    pub fn without_text(mut self) -> Self {
        self.quote = false;
        self
    }

    /// Makes this a warning.
    pub fn warning(mut self) -> Self {
        self.is_warning = true;
        self
    }

    /// The lines around the error, cut to a window on a long line.
    fn excerpt(&self) -> &Excerpt {
        self.excerpt.get_or_init(|| {
            Excerpt::around(
                self.source.name(),
                self.source.inner(),
                (self.span.start, self.span.end),
                self.line_column(),
            )
        })
    }

    /// 1-based line and column of the start, for plain-text output.
    pub fn line_column(&self) -> (usize, usize) {
        line_column(&self.lines, self.source.inner(), self.span.start)
    }
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PackError {}

impl Diagnostic for PackError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(if self.is_warning {
            Severity::Warning
        } else {
            Severity::Error
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.quote.then(|| self.excerpt() as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.quote {
            return None;
        }
        let (offset, len) = self.excerpt().place();
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(self.label.clone()),
            offset,
            len,
        ))))
    }
}

/// A rule pack's name and text, kept once and shared by its errors.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Shown in diagnostics (a path, or `builtin:para.rules`).
    pub name: Arc<str>,
    /// The text.
    pub text: Arc<str>,
    /// Where each line starts, found once when first asked: a large pack
    /// places thousands of rules and errors.
    lines: Arc<OnceLock<Vec<usize>>>,
}

impl SourceFile {
    /// A named text.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            lines: Arc::default(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, byte: usize) -> (usize, usize) {
        line_column(&self.lines, &self.text, byte)
    }

    /// The miette source for labels.
    pub fn named(&self) -> NamedSource<Arc<str>> {
        NamedSource::new(&self.name, Arc::clone(&self.text)).with_language("ieplint")
    }
}

/// 1-based line and column of `byte` in `text`, through its line starts.
fn line_column(lines: &OnceLock<Vec<usize>>, text: &str, byte: usize) -> (usize, usize) {
    let starts = lines.get_or_init(|| {
        std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect()
    });
    let byte = byte.min(text.len());
    let line = starts.partition_point(|s| *s <= byte).max(1);
    let start = starts.get(line - 1).copied().unwrap_or(0);
    let column = text.get(start..byte).map_or(0, |s| s.chars().count());
    (line, column + 1)
}

/// The closest of `candidates` to `name`, if one is close enough to be
/// what the author meant.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, c)| *score > 0.8 && *c != name)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
