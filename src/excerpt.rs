//! The few lines of a file a drawn diagnostic shows: the line of the place,
//! cut to a window around it, and the lines before and after, each cut to
//! a width. A minified plan is one line of megabytes: drawing it whole
//! would be slow, would fail past column 65,535 and would print far more
//! of a child's plan than the finding is about.
//!
//! Line numbers and the column in the heading stay those of the file.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::locate::boundary;

/// Characters kept before the place on its line.
const BEFORE: usize = 60;
/// Characters kept after the place on its line.
const AFTER: usize = 60;
/// Characters of the place itself that are drawn.
const PLACE: usize = 120;
/// Characters kept of the line before and the line after.
const CONTEXT: usize = 100;
/// Marks text left out.
const CUT: char = '…';

/// A window of a file around one place, drawable by miette.
#[derive(Debug, Clone)]
pub struct Excerpt {
    name: String,
    text: String,
    /// Index (from 0) in the file of the excerpt's first line.
    first_line: usize,
    /// The place, as a byte range of `text`.
    place: (usize, usize),
    /// Line (from 0) and column (from 0, in characters) of the place in the
    /// file.
    place_line: usize,
    place_column: usize,
}

impl Excerpt {
    /// The excerpt of `text` around the byte range `start..end`, whose
    /// start is at `line` and `column` (from 1, in characters).
    pub fn around(
        name: &str,
        text: &str,
        (start, end): (usize, usize),
        (line, column): (usize, usize),
    ) -> Excerpt {
        let start = boundary(text, start.min(text.len()));
        let end = boundary(text, end.clamp(start, text.len()));
        // The place is drawn up to the end of its line, and no longer than
        // PLACE characters.
        let place_end = forward(text, start, PLACE).0.min(end);
        let (window_start, at_line_start) = back(text, start, BEFORE);
        let (window_end, at_line_end) = forward(text, place_end, AFTER);
        let line_index = line.saturating_sub(1);
        let mut out = String::new();
        let mut first_line = line_index;
        if at_line_start && window_start > 0 {
            let previous_end = window_start - 1;
            let (previous_start, whole) = back(text, previous_end, CONTEXT);
            if !whole {
                out.push(CUT);
            }
            out.push_str(trim_cr(&text[previous_start..previous_end]));
            out.push('\n');
            first_line = first_line.saturating_sub(1);
        }
        if !at_line_start {
            out.push(CUT);
        }
        let place_start = out.len() + (start - window_start);
        let place = (place_start, place_start + (place_end - start));
        out.push_str(trim_cr(&text[window_start..window_end]));
        if !at_line_end {
            out.push(CUT);
        } else if window_end < text.len() {
            let next_start = window_end + 1;
            let (next_end, whole) = forward(text, next_start, CONTEXT);
            out.push('\n');
            out.push_str(trim_cr(&text[next_start..next_end]));
            if !whole {
                out.push(CUT);
            }
        }
        Excerpt {
            name: name.to_string(),
            text: out,
            first_line,
            place,
            place_line: line_index,
            place_column: column.saturating_sub(1),
        }
    }

    /// The place, as an offset and length in the excerpt.
    pub fn place(&self) -> (usize, usize) {
        (self.place.0, self.place.1 - self.place.0)
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        let line = inner.line() + self.first_line;
        // The heading's column is the file's, not the excerpt's.
        let column = if span.offset() == self.place.0 && line == self.place_line {
            self.place_column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

/// Up to `chars` characters back from `from` on the same line: where that
/// is, and whether it is the start of the line.
fn back(text: &str, from: usize, chars: usize) -> (usize, bool) {
    let before = &text[..from];
    let mut start = from;
    for (taken, (i, c)) in before.char_indices().rev().enumerate() {
        if c == '\n' {
            return (start, true);
        }
        if taken == chars {
            return (start, false);
        }
        start = i;
    }
    (start, true)
}

/// Up to `chars` characters forward from `from` on the same line: where
/// that ends, and whether it is the end of the line.
fn forward(text: &str, from: usize, chars: usize) -> (usize, bool) {
    for (taken, (i, c)) in text[from..].char_indices().enumerate() {
        if c == '\n' {
            return (from + i, true);
        }
        if taken == chars {
            return (from + i, false);
        }
    }
    (text.len(), true)
}

fn trim_cr(line: &str) -> &str {
    line.strip_suffix('\r').unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(e: &Excerpt) -> (usize, usize, String) {
        let (offset, len) = e.place();
        let c = e.read_span(&(offset, len).into(), 0, 0).expect("a span");
        let data = String::from_utf8_lossy(c.data()).to_string();
        (c.line() + 1, c.column() + 1, data)
    }

    #[test]
    fn a_short_line_is_shown_whole_with_its_neighbours() {
        let text = "{\n  \"a\": \"TBD\",\n  \"b\": 1\n}\n";
        let start = text.find("TBD").expect("in the text");
        let e = Excerpt::around("p.json", text, (start, start + 3), (2, 9));
        assert_eq!(e.text, "{\n  \"a\": \"TBD\",\n  \"b\": 1");
        assert_eq!(heading(&e), (2, 9, "TBD".to_string()));
    }

    #[test]
    fn a_place_far_along_a_long_line_keeps_its_column_and_a_window() {
        let mut text = String::from("{\"x\": \"");
        text.push_str(&"a".repeat(70_000));
        let start = text.len();
        text.push_str("TBD\", \"y\": \"");
        text.push_str(&"b".repeat(70_000));
        text.push_str("\"}");
        let e = Excerpt::around("p.json", &text, (start, start + 3), (1, start + 1));
        assert!(e.text.len() < 200, "{} bytes", e.text.len());
        assert!(e.text.starts_with(CUT) && e.text.ends_with(CUT));
        assert_eq!(heading(&e), (1, start + 1, "TBD".to_string()));
    }

    #[test]
    fn a_long_place_is_cut() {
        let text = format!("[\"{}\"]", "é".repeat(1000));
        let e = Excerpt::around("p.json", &text, (1, text.len() - 1), (1, 2));
        let (_, len) = e.place();
        assert!(len <= PLACE * 2, "{len} bytes drawn");
        assert!(e.text.is_char_boundary(e.place().0 + len));
    }
}
