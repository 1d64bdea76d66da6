//! The built-in packs' patterns as regex syntax (`patterns.hir`): what
//! regex-syntax's parser makes of each pattern's source, read instead of
//! parsed.
//!
//! Parsing a pattern and translating it (case folding every letter of a
//! case-insensitive word list) was a third of compiling it. The syntax
//! read here is the parser's, equal by test for every built-in pattern,
//! from the regex-syntax `Cargo.lock` names; a source not in the file is
//! parsed.
//!
//! The form: `IEPHIR` and a version byte, then per pattern its source and
//! its syntax, in the encoding of [`super`]; a node is a tag and its
//! parts: an empty match; a literal's bytes; a Unicode class's ranges of
//! code points or a byte class's ranges of bytes; a look-around by its
//! number; a repetition's minimum, optional maximum, greediness and what
//! it repeats; a group's index, optional name and contents; a
//! concatenation's or an alternation's parts.

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, Look,
    Repetition,
};

use super::Reader;

/// The prebuilt syntax of the built-in packs' patterns.
pub(super) const PATTERNS: &[u8] = include_bytes!("patterns.hir");

/// The first bytes of the form; the last is its version.
pub(super) const MAGIC: &[u8] = b"IEPHIR\x01";

/// The regex syntax of `source` when it is one of the built-in packs'
/// patterns; `None` otherwise (then it is parsed).
pub fn pattern_syntax(source: &str) -> Option<Hir> {
    let mut r = Reader {
        bytes: PATTERNS.strip_prefix(MAGIC)?,
    };
    while !r.bytes.is_empty() {
        let len = r.uint()?;
        let this = r.take(len)?;
        let size = r.uint()?;
        let syntax = r.take(size)?;
        if this == source.as_bytes() {
            let mut s = Reader { bytes: syntax };
            let hir = s.hir()?;
            return s.bytes.is_empty().then_some(hir);
        }
    }
    None
}

/// The sources of the built-in patterns, in the order a lint reaches
/// them.
pub fn pattern_sources() -> impl Iterator<Item = &'static str> {
    let mut r = Reader {
        bytes: PATTERNS.strip_prefix(MAGIC).unwrap_or_default(),
    };
    std::iter::from_fn(move || {
        let source = r.str()?;
        let size = r.uint()?;
        r.take(size)?;
        Some(source)
    })
}

impl Reader<'_> {
    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.uint()?).ok()
    }

    pub(super) fn hir(&mut self) -> Option<Hir> {
        Some(match self.byte()? {
            0 => Hir::empty(),
            1 => {
                let n = self.uint()?;
                Hir::literal(self.take(n)?)
            }
            2 => {
                let ranges = self.list(|r| {
                    let start = char::from_u32(r.u32()?)?;
                    let end = char::from_u32(r.u32()?)?;
                    Some(ClassUnicodeRange::new(start, end))
                })?;
                Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
            }
            3 => {
                let ranges = self.list(|r| Some(ClassBytesRange::new(r.byte()?, r.byte()?)))?;
                Hir::class(Class::Bytes(ClassBytes::new(ranges)))
            }
            4 => Hir::look(Look::from_repr(self.u32()?)?),
            5 => Hir::repetition(Repetition {
                min: self.u32()?,
                max: self.option(Self::u32)?,
                greedy: self.flag()?,
                sub: Box::new(self.hir()?),
            }),
            6 => Hir::capture(Capture {
                index: self.u32()?,
                name: self.option(|r| r.str().map(Box::from))?,
                sub: Box::new(self.hir()?),
            }),
            7 => Hir::concat(self.list(Self::hir)?),
            8 => Hir::alternation(self.list(Self::hir)?),
            _ => return None,
        })
    }
}
