//! Stage 7: JSON pointer → byte span → line and column, from the source
//! text.
//!
//! serde_json keeps no positions, so the text is scanned once per file
//! with findings. The scan follows only the paths of the pointers the
//! findings need, as a tree of their names, skipping every other value
//! whole, so it allocates per finding, not per value. It is a loop with an
//! explicit stack, so a deeply nested file cannot overflow the call stack.

use std::borrow::Cow;

use crate::finding::Target;
use crate::value::unescape;

/// Where a finding is in its file. Lines and columns are 1-based; columns
/// count Unicode characters; the end is the position just after the last
/// character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Line of the first character.
    pub line: usize,
    /// Column of the first character.
    pub column: usize,
    /// Line of the end.
    pub end_line: usize,
    /// Column just after the last character.
    pub end_column: usize,
}

impl Location {
    /// The location of a byte range of `text`, scanning it for lines.
    pub fn of_range(text: &str, start: usize, end: usize) -> Location {
        let (start, end) = (start.min(text.len()), end.min(text.len()));
        let (line, column) = line_column(text, start);
        let (end_line, end_column) = line_column(text, end);
        Location {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Node {
    key: Option<(usize, usize)>,
    start: usize,
    end: usize,
    /// A string literal with an escape: its phrases are found by decoding
    /// it; without one, a phrase's bytes are the literal's.
    escaped: bool,
}

/// Spans of the values of one JSON text that findings point at.
pub struct SpanIndex<'t, 'p> {
    text: &'t str,
    /// The pointers asked for, as a tree.
    wanted: Wanted<'p>,
    /// The span of each place of [`SpanIndex::wanted`], by its number
    /// there, when the text has it.
    spans: Vec<Option<Node>>,
    /// The newlines before each [`LINE_BLOCK`] bytes of the text: lines
    /// are counted only where a finding is, from the nearest block (one
    /// pass the compiler vectorizes, instead of a search per line).
    newlines: Vec<usize>,
    /// Where each block of about [`BLOCK`] bytes starts and the characters
    /// before it, made when a long line is first met: columns on a
    /// minified plan's one line are then counted from the nearest block,
    /// not from the start of the line.
    blocks: std::cell::OnceCell<Vec<(usize, usize)>>,
}

/// Bytes per block of [`SpanIndex::blocks`].
const BLOCK: usize = 4096;

/// Bytes per entry of [`SpanIndex::newlines`].
const LINE_BLOCK: usize = 256;

/// Deeper values are scanned but not indexed (serde_json refuses plans
/// nested past 128 levels anyway).
const MAX_DEPTH: usize = 512;

/// The pointers findings need and their ancestors, as a tree of tokens,
/// so the scan compares a member's name with the names wanted there
/// instead of building and looking up the path of every value.
struct Wanted<'p> {
    nodes: Vec<Want<'p>>,
    /// The place of each pointer asked for, in the order given.
    asked: Vec<usize>,
}

/// A place on the path of a wanted pointer.
#[derive(Default)]
struct Want<'p> {
    /// The place this one is in (the root's is itself).
    parent: usize,
    /// Wanted members, sorted by name, with their number in
    /// [`Wanted::nodes`].
    members: Vec<(Cow<'p, str>, usize)>,
    /// Wanted elements, sorted by index, with their number in
    /// [`Wanted::nodes`] (a large plan has thousands in one list).
    elements: Vec<(usize, usize)>,
}

impl<'p> Want<'p> {
    fn member(&self, name: &str) -> Option<usize> {
        let at = self.members.binary_search_by(|(n, _)| (**n).cmp(name));
        at.ok().and_then(|i| self.members.get(i)).map(|&(_, c)| c)
    }

    fn element(&self, i: usize) -> Option<usize> {
        let at = self.elements.binary_search_by_key(&i, |&(e, _)| e);
        at.ok().and_then(|k| self.elements.get(k)).map(|&(_, c)| c)
    }

    fn add_member(&mut self, name: Cow<'p, str>, c: usize) {
        if let Err(at) = self.members.binary_search_by(|(n, _)| (**n).cmp(&name)) {
            self.members.insert(at, (name, c));
        }
    }

    fn add_element(&mut self, i: usize, c: usize) {
        if let Err(at) = self.elements.binary_search_by_key(&i, |&(e, _)| e) {
            self.elements.insert(at, (i, c));
        }
    }
}

impl<'p> Wanted<'p> {
    fn new(pointers: impl IntoIterator<Item = &'p str>) -> Self {
        let mut wanted = Wanted {
            nodes: vec![Want::default()],
            asked: Vec::new(),
        };
        for p in pointers {
            let mut at = 0;
            for token in p.split('/').skip(1) {
                let index = index_token(token);
                at = match wanted.child(at, token, index) {
                    Some(c) => c,
                    None => {
                        let c = wanted.nodes.len();
                        wanted.nodes.push(Want {
                            parent: at,
                            ..Want::default()
                        });
                        let name = unescape(token);
                        if let Some(parent) = wanted.nodes.get_mut(at) {
                            // A number names an element of an array, or a
                            // member of an object: the text says which.
                            if let Some(i) = index {
                                parent.add_element(i, c);
                            }
                            parent.add_member(name, c);
                        }
                        c
                    }
                };
            }
            wanted.asked.push(at);
        }
        wanted
    }

    /// The place a pointer token names below place `at`, if wanted.
    fn child(&self, at: usize, token: &str, index: Option<usize>) -> Option<usize> {
        let here = self.nodes.get(at)?;
        match index {
            Some(i) => here.element(i),
            None => here.member(&unescape(token)),
        }
    }
}

/// The array index a pointer token names, if it is one: digits without a
/// leading zero (RFC 6901).
fn index_token(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|c| c.is_ascii_digit());
    let canonical = token == "0" || !token.starts_with('0');
    (digits && canonical).then(|| token.parse().ok()).flatten()
}

/// The value about to be read: its node in [`Wanted`] (none when no
/// finding points into it) and its key's span.
struct Next {
    want: Option<usize>,
    key: Option<(usize, usize)>,
}

/// An object or array being read, on a wanted path.
struct Frame {
    /// Its node in [`Wanted`].
    want: usize,
    key: Option<(usize, usize)>,
    start: usize,
    is_object: bool,
    count: usize,
}

impl<'t, 'p> SpanIndex<'t, 'p> {
    /// Scans a JSON text (already known to parse), keeping the spans of
    /// `pointers` and of their ancestors. Only the containers on their
    /// paths are read member by member; everything else is skipped.
    pub fn new(text: &'t str, pointers: impl IntoIterator<Item = &'p str>) -> Self {
        let wanted = Wanted::new(pointers);
        let b = text.as_bytes();
        let mut spans: Vec<Option<Node>> = vec![None; wanted.nodes.len()];
        let mut stack: Vec<Frame> = Vec::new();
        // The value about to be read.
        let mut pending = Some(Next {
            want: Some(0),
            key: None,
        });
        let mut pos = 0;
        loop {
            pos = skip_ws(b, pos);
            let Some(&c) = b.get(pos) else { break };
            if let Some(Next { want, key }) = pending.take() {
                let want = want.filter(|_| stack.len() < MAX_DEPTH);
                match (c, want) {
                    (b'{' | b'[', None) => pos = skip_container(b, pos),
                    (b'{' | b'[', Some(want)) => {
                        stack.push(Frame {
                            want,
                            key,
                            start: pos,
                            is_object: c == b'{',
                            count: 0,
                        });
                        pos += 1;
                    }
                    _ => {
                        let end = if c == b'"' {
                            scan_string(b, pos)
                        } else {
                            scan_scalar(b, pos).max(pos + 1)
                        };
                        if let Some(span) = want.and_then(|w| spans.get_mut(w)) {
                            *span = Some(Node {
                                key,
                                start: pos,
                                end,
                                escaped: c == b'"'
                                    && b.get(pos..end).is_some_and(|s| s.contains(&b'\\')),
                            });
                        }
                        pos = end;
                    }
                }
                continue;
            }
            let Some(top) = stack.last_mut() else { break };
            let here = wanted.nodes.get(top.want);
            match c {
                b',' => pos += 1,
                b'}' | b']' => {
                    if let Some(f) = stack.pop() {
                        if let Some(span) = spans.get_mut(f.want) {
                            *span = Some(Node {
                                key: f.key,
                                start: f.start,
                                end: pos + 1,
                                escaped: false,
                            });
                        }
                    }
                    pos += 1;
                }
                b'"' if top.is_object => {
                    let key_end = scan_string(b, pos);
                    let colon = skip_ws(b, key_end);
                    if b.get(colon) != Some(&b':') {
                        break;
                    }
                    let literal = text.get(pos..key_end).unwrap_or("\"\"");
                    let want = here.and_then(|w| w.member(&decode_key(literal)));
                    pending = Some(Next {
                        want,
                        key: Some((pos, key_end)),
                    });
                    pos = colon + 1;
                }
                _ if !top.is_object => {
                    let want = here.and_then(|w| w.element(top.count));
                    pending = Some(Next { want, key: None });
                    top.count += 1;
                }
                _ => break,
            }
        }
        let mut newlines = Vec::with_capacity(b.len() / LINE_BLOCK + 2);
        newlines.push(0);
        let mut total = 0;
        for block in b.chunks(LINE_BLOCK) {
            total += count_newlines(block);
            newlines.push(total);
        }
        SpanIndex {
            text,
            wanted,
            spans,
            newlines,
            blocks: std::cell::OnceCell::new(),
        }
    }

    /// The location of the finding at the `i`th of the pointers given. A
    /// missing member is shown at the key of the nearest object that
    /// exists (or its opening brace); a phrase at its characters inside the
    /// string literal.
    pub fn locate(&self, i: usize, target: Target) -> Location {
        let place = self.wanted.asked.get(i).copied().unwrap_or(0);
        let (start, end) = match (self.span(place), target) {
            (Some(node), Target::Text { start, end }) => self.phrase(node, start, end),
            (Some(node), _) => (node.start, node.end),
            (None, _) => self.nearest_container(place),
        };
        self.location(start, end)
    }

    /// The span of the key of the value at the `i`th of the pointers
    /// given, if it has one.
    pub fn key_span(&self, i: usize) -> Option<(usize, usize)> {
        let place = *self.wanted.asked.get(i)?;
        self.span(place)?.key
    }

    fn span(&self, place: usize) -> Option<&Node> {
        self.spans.get(place)?.as_ref()
    }

    /// Where to show a member the text does not have: at the key of the
    /// nearest container that it has (or its opening bracket).
    fn nearest_container(&self, mut place: usize) -> (usize, usize) {
        while place != 0 {
            place = self.wanted.nodes.get(place).map_or(0, |w| w.parent);
            if let Some(node) = self.span(place) {
                return node.key.unwrap_or((node.start, node.start + 1));
            }
        }
        let start = skip_ws(self.text.as_bytes(), 0);
        (start, (start + 1).min(self.text.len()))
    }

    /// Maps a byte range of the decoded string to the source literal.
    fn phrase(&self, node: &Node, start: usize, end: usize) -> (usize, usize) {
        let inner_end = node.end.saturating_sub(1).max(node.start + 1);
        if !node.escaped {
            // Many phrases of one long string cost no more than one each.
            let s = (node.start + 1 + start).min(inner_end);
            return (s, (node.start + 1 + end).clamp(s, inner_end));
        }
        let b = self.text.as_bytes();
        let mut raw = node.start + 1;
        let mut decoded = 0;
        let mut raw_start = None;
        while raw < node.end.saturating_sub(1) {
            if decoded >= start && raw_start.is_none() {
                raw_start = Some(raw);
            }
            if decoded >= end {
                break;
            }
            let (raw_len, dec_len) = match b.get(raw) {
                Some(b'\\') => match b.get(raw + 1) {
                    Some(b'u') => unicode_escape_len(self.text, raw),
                    _ => (2, 1),
                },
                Some(&c) => {
                    let len = utf8_len(c);
                    (len, len)
                }
                None => break,
            };
            raw += raw_len;
            decoded += dec_len;
        }
        let s = raw_start.unwrap_or(raw);
        (s, raw.max(s))
    }

    fn location(&self, start: usize, end: usize) -> Location {
        let (line, column) = self.line_col(start);
        let (end_line, end_column) = self.line_col(end);
        Location {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        }
    }

    fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.text.len());
        let b = self.text.as_bytes();
        let block = byte - byte % LINE_BLOCK;
        let here = b.get(block..byte).unwrap_or_default();
        let before = self.newlines.get(block / LINE_BLOCK).copied().unwrap_or(0);
        let newlines = before + count_newlines(here);
        let line_start = match memchr::memrchr(b'\n', here) {
            Some(i) => block + i + 1,
            None if newlines == 0 => 0,
            None => self.nth_newline(newlines) + 1,
        };
        let column = if byte - line_start <= BLOCK {
            self.chars(line_start, byte)
        } else {
            self.chars_before(byte) - self.chars_before(line_start)
        };
        (newlines + 1, column + 1)
    }

    /// Where the `n`th newline of the text is (`n` from 1, at most the
    /// number of newlines).
    fn nth_newline(&self, n: usize) -> usize {
        // The last block with fewer than `n` newlines before it holds it.
        let k = self.newlines.partition_point(|&c| c < n).max(1) - 1;
        let from = k * LINE_BLOCK;
        let left = n - self.newlines.get(k).copied().unwrap_or(0);
        let rest = self.text.as_bytes().get(from..).unwrap_or_default();
        memchr::memchr_iter(b'\n', rest)
            .nth(left.saturating_sub(1))
            .map_or(self.text.len(), |i| from + i)
    }

    /// Characters in `text[from..to]`.
    fn chars(&self, from: usize, to: usize) -> usize {
        self.text.get(from..to).map_or(0, |s| s.chars().count())
    }

    /// Characters before `byte`, from the nearest block.
    fn chars_before(&self, byte: usize) -> usize {
        let blocks = self.blocks.get_or_init(|| {
            // (where the block starts, characters before it)
            let mut blocks = vec![(0, 0)];
            let (mut start, mut total) = (0, 0);
            while start + BLOCK < self.text.len() {
                let end = boundary(self.text, start + BLOCK);
                total += self.chars(start, end);
                blocks.push((end, total));
                start = end;
            }
            blocks
        });
        let k = blocks.partition_point(|(start, _)| *start <= byte).max(1) - 1;
        let (start, before) = blocks.get(k).copied().unwrap_or((0, 0));
        before + self.chars(start, byte)
    }
}

/// The newlines in `b` (counted by vector instructions, without a
/// search per newline).
fn count_newlines(b: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', b).count()
}

/// The char boundary at or before `i`.
pub(crate) fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let byte = byte.min(text.len());
    let before = text.get(..byte).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn skip_ws(b: &[u8], mut pos: usize) -> usize {
    while matches!(b.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
    }
    pos
}

/// One past the bracket that closes the object or array opening at `pos`.
/// Most of a plan's bytes are inside strings: they are skipped by a fast
/// search for the closing quote, and only the bytes between strings are
/// looked at one by one.
fn skip_container(b: &[u8], pos: usize) -> usize {
    let mut depth = 0usize;
    let mut i = pos;
    loop {
        let rest = b.get(i..).unwrap_or_default();
        let quote = memchr::memchr(b'"', rest).map_or(b.len(), |q| i + q);
        for (k, &c) in b.get(i..quote).unwrap_or_default().iter().enumerate() {
            match c {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + k + 1;
                    }
                }
                _ => {}
            }
        }
        if quote >= b.len() {
            return b.len();
        }
        i = scan_string(b, quote);
    }
}

/// The end (one past the closing quote) of the string starting at `pos`.
pub(crate) fn scan_string(b: &[u8], pos: usize) -> usize {
    let mut i = pos + 1;
    while let Some(found) = b
        .get(i..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        let at = i + found;
        if b.get(at) == Some(&b'"') {
            return at + 1;
        }
        // A backslash escapes the next byte.
        i = at + 2;
    }
    b.len()
}

fn scan_scalar(b: &[u8], pos: usize) -> usize {
    let mut i = pos;
    while let Some(&c) = b.get(i) {
        if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
            break;
        }
        i += 1;
    }
    i
}

/// The member name a key (a JSON string literal) stands for.
fn decode_key(literal: &str) -> Cow<'_, str> {
    let inner = literal
        .get(1..literal.len().saturating_sub(1))
        .unwrap_or("");
    if inner.contains('\\') {
        serde_json::from_str::<String>(literal).map_or(Cow::Borrowed(inner), Cow::Owned)
    } else {
        Cow::Borrowed(inner)
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Raw and decoded lengths of a `\uXXXX` escape (a surrogate pair takes
/// two escapes and decodes to four bytes).
fn unicode_escape_len(text: &str, at: usize) -> (usize, usize) {
    let hex = |i: usize| {
        text.get(i..i + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match hex(at + 2) {
        Some(hi @ 0xD800..=0xDBFF) => {
            let low_follows = text.get(at + 6..at + 8) == Some("\\u")
                && hex(at + 8).is_some_and(|lo| (0xDC00..=0xDFFF).contains(&lo));
            let _ = hi;
            if low_follows {
                (12, 4)
            } else {
                (6, 3)
            }
        }
        Some(cp) => (6, char::from_u32(cp).map_or(3, char::len_utf8)),
        None => (2, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_on_a_long_line_of_many_scripts_are_counted_exactly() {
        // Blocks end inside multi-byte characters; lines both short and
        // longer than a block.
        let mut text = String::from("{\n");
        for i in 0..3000 {
            text.push_str(["a", "é", "語", "😀"][i % 4]);
        }
        text.push_str("\nx\n");
        for i in 0..9000 {
            text.push_str(["b", "ß", "字"][i % 3]);
        }
        // Then short lines of every length, so lines start and end on
        // either side of the blocks lines are counted in, and empty ones.
        let short_lines = text.len();
        for len in 0..300 {
            text.push_str(if len % 7 == 0 { "\r\n" } else { "\n" });
            text.extend(std::iter::repeat_n('c', len));
        }
        let index = SpanIndex::new(&text, std::iter::empty());
        let mut byte = 0;
        while byte <= text.len() {
            if text.is_char_boundary(byte) {
                assert_eq!(index.line_col(byte), line_column(&text, byte), "at {byte}");
            }
            byte += if byte >= short_lines { 1 } else { 7 };
        }
    }

    const DOC: &str = "{\n  \"a\": {\"b\": [1, \"x\\\"y help with\"]},\n  \"c\": \"é help\"\n}";

    const POINTERS: [&str; 6] = ["/a/b/0", "/a", "/a/zzz", "/nope/deeper", "/a/b/1", "/c"];

    /// The location of `pointer`, one of `pointers`.
    fn at(idx: &SpanIndex, pointers: &[&str], pointer: &str, target: Target) -> Location {
        let i = pointers.iter().position(|p| *p == pointer);
        idx.locate(i.expect("a pointer given"), target)
    }

    #[test]
    fn locates_values_and_keys() {
        let idx = SpanIndex::new(DOC, POINTERS);
        let loc = at(&idx, &POINTERS, "/a/b/0", Target::Value);
        assert_eq!(&DOC[loc.start..loc.end], "1");
        assert_eq!((loc.line, loc.column), (2, 15));
        let loc = at(&idx, &POINTERS, "/a", Target::Value);
        assert!(DOC[loc.start..loc.end].starts_with('{'));
    }

    #[test]
    fn names_are_matched_as_decoded_and_numbers_as_the_text_says() {
        // An escaped key, `/` and `~` in names, a member named "0" beside
        // an array, a name written twice (the last is the one read).
        let doc = r#"{"k\u0065y": 1, "a/b": {"m~n": 2}, "obj": {"0": "zero", "01": "one"},
            "arr": ["first", "second"], "twice": 1, "twice": 2}"#;
        let pointers = [
            "/key",
            "/a~1b/m~0n",
            "/obj/0",
            "/obj/01",
            "/arr/1",
            "/twice",
            "/arr/01",
        ];
        let idx = SpanIndex::new(doc, pointers);
        let at = |p: &str| {
            let loc = at(&idx, &pointers, p, Target::Value);
            doc[loc.start..loc.end].to_string()
        };
        assert_eq!(at("/key"), "1");
        assert_eq!(at("/a~1b/m~0n"), "2");
        assert_eq!(at("/obj/0"), "\"zero\"");
        assert_eq!(at("/obj/01"), "\"one\"");
        assert_eq!(at("/arr/1"), "\"second\"");
        assert_eq!(at("/twice"), "2");
        // "01" is no index: shown at the array's key.
        assert_eq!(at("/arr/01"), "\"arr\"");
    }

    #[test]
    fn missing_member_points_at_the_parent_key() {
        let idx = SpanIndex::new(DOC, POINTERS);
        let loc = at(&idx, &POINTERS, "/a/zzz", Target::Missing);
        assert_eq!(&DOC[loc.start..loc.end], "\"a\"");
        let loc = at(&idx, &POINTERS, "/nope/deeper", Target::Missing);
        assert_eq!(&DOC[loc.start..loc.end], "{");
    }

    #[test]
    fn phrase_inside_string_skips_escapes() {
        let idx = SpanIndex::new(DOC, POINTERS);
        let decoded = "x\"y help with";
        let start = decoded.find("help").unwrap_or(0);
        let loc = at(
            &idx,
            &POINTERS,
            "/a/b/1",
            Target::Text {
                start,
                end: start + 9,
            },
        );
        assert_eq!(&DOC[loc.start..loc.end], "help with");
        let decoded = "é help";
        let start = decoded.find("help").unwrap_or(0);
        let loc = at(
            &idx,
            &POINTERS,
            "/c",
            Target::Text {
                start,
                end: start + 4,
            },
        );
        assert_eq!(&DOC[loc.start..loc.end], "help");
        assert_eq!(loc.column, 11);
    }

    #[test]
    fn unicode_escapes_map_to_their_characters() {
        let doc = r#"{"t": "\u00e9\ud83d\ude00 as needed"}"#;
        let idx = SpanIndex::new(doc, ["/t"]);
        let decoded = "é😀 as needed";
        let start = decoded.find("as").unwrap_or(0);
        let loc = idx.locate(
            0,
            Target::Text {
                start,
                end: decoded.len(),
            },
        );
        assert_eq!(&doc[loc.start..loc.end], "as needed");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let doc = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let idx = SpanIndex::new(&doc, [""]);
        assert_eq!(idx.locate(0, Target::Value).start, 0);
    }
}
