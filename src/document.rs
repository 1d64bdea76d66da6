//! Reading plan documents as people save them: bytes decoded (a UTF-8
//! byte-order mark skipped, UTF-16 named, a bad byte located), one parse
//! with serde_json, and clear errors (line, column, what to do) for text
//! that is not a plan, curly quotes from word processors among them.

use std::sync::Arc;

use serde_json::Value;

use crate::duplicates;

/// Largest plan read, in bytes; a bigger file is reported, not read.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Why a file could not be linted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocumentError {
    /// What went wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// 1-based line, when the problem is at a place in the text.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
}

/// The UTF-8 byte-order mark some editors write at the start of a file.
pub const BOM: char = '\u{feff}';

/// A file's bytes as text. A UTF-8 byte-order mark is dropped, so lines and
/// columns are those an editor shows; UTF-16 and bytes that are not UTF-8
/// are errors that say how to save the file.
pub fn decode(bytes: Vec<u8>) -> Result<Arc<str>, DocumentError> {
    let save_as_utf8 = "save the plan as UTF-8 text (in most editors: Save As, then choose the encoding \"UTF-8\")";
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || looks_like_utf16(&bytes)
    {
        return Err(DocumentError {
            message: "the file is saved as UTF-16 text, which ieplint does not read".into(),
            help: save_as_utf8.into(),
            line: None,
            column: None,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix(BOM) {
            Some(rest) => Arc::from(rest),
            None => Arc::from(text),
        }),
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let valid = valid.strip_prefix(BOM).unwrap_or(valid);
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes.get(at).copied().unwrap_or(0);
            let hint = if (0x80..=0x9F).contains(&byte) {
                " It looks saved as Windows-1252 (\"ANSI\"), as Word and Notepad sometimes do."
            } else {
                ""
            };
            Err(DocumentError {
                message: format!(
                    "the file is not UTF-8 text: the byte 0x{byte:02X} at line {line}, column {column} cannot be read.{hint}"
                ),
                help: save_as_utf8.into(),
                line: Some(line),
                column: Some(column),
            })
        }
    }
}

/// UTF-16 without a byte-order mark: text whose every other byte is zero.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    head.len() >= 4 && head.iter().filter(|b| **b == 0).count() * 3 >= head.len()
}

/// The first curly quote (as word processors write them) outside a JSON
/// string, with its line and column.
fn curly_quote(text: &str) -> Option<(char, usize, usize)> {
    let (mut line, mut column) = (1, 1);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '\u{201E}' if !in_string => {
                return Some((c, line, column))
            }
            _ => {}
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    None
}

/// serde_json's messages, where they name its own terms, in words a
/// person editing a plan knows.
fn plain_words(what: &str) -> String {
    match what {
        "unexpected end of hex escape" | "lone leading surrogate in hex escape" => {
            "a \\u escape here names half of a character (a lone surrogate, \\ud800 to \\udfff); \
             write the character itself, or both halves of its pair"
                .to_string()
        }
        "invalid unicode code point" => {
            "a \\u escape here names no character; write the character itself".to_string()
        }
        "invalid escape" => "a backslash here starts no escape JSON knows; write \\\\ for a \
             backslash"
            .to_string(),
        other => other.to_string(),
    }
}

/// Parses a plan's text (a leading byte-order mark is skipped); true when
/// some object has a member written twice (see [`crate::duplicates`]).
pub fn parse(text: &str) -> Result<(Value, bool), DocumentError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if text.len() > MAX_BYTES {
        return Err(DocumentError {
            message: format!(
                "the file is {} MB, larger than the {} MB ieplint reads",
                text.len().div_ceil(1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            ),
            help: "split the file, or check that it is a plan document".into(),
            line: None,
            column: None,
        });
    }
    match duplicates::parse(text) {
        Ok((value, repeated)) if value.is_object() => Ok((value, repeated)),
        Ok(_) => Err(DocumentError {
            message: "a plan document must be a JSON object (`{ ... }`)".into(),
            help: "wrap the plan's fields in `{` and `}`; see docs/plan-format.md".into(),
            line: Some(1),
            column: Some(1),
        }),
        Err(e) if curly_quote(text).is_some_and(|(_, line, _)| line <= e.line()) => {
            let (quote, line, column) = curly_quote(text).unwrap_or(('"', 1, 1));
            Err(DocumentError {
                message: format!(
                    "the plan uses curly quotes ({quote}) where JSON needs straight quotes (\")"
                ),
                help: "replace “ and ” (and ‘ ’) around names and values with straight quotes \"; word processors change them as you type, so edit the plan in a plain text editor".into(),
                line: Some(line),
                column: Some(column),
            })
        }
        Err(e) => {
            let what = e.to_string();
            let what = plain_words(what.split(" at line ").next().unwrap_or(&what));
            let help = match e.classify() {
                serde_json::error::Category::Eof => "the file ends too early: look for a missing `}`, `]` or closing quote",
                _ if what.contains("recursion limit") => "the file nests objects or lists too deeply to be a plan",
                _ => "fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)",
            };
            Err(DocumentError {
                message: format!("not valid JSON: {what}"),
                help: help.into(),
                line: Some(e.line()),
                column: Some(e.column()),
            })
        }
    }
}
