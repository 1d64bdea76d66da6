//! The built-in packs' patterns compiled (`patterns.nfa`): the NFAs the
//! regex compiler makes of each pattern, forward and reverse, read instead
//! of compiled.
//!
//! Compiling a pattern (parsing it, case folding every letter of a
//! case-insensitive word list, turning every character class into an
//! automaton over UTF-8 bytes) was two thirds of what a run over one small
//! plan cost. Reading its NFA is one pass over its states. The NFAs read
//! here are the compiler's, state for state, equal by test for every
//! built-in pattern, from the regex-automata `Cargo.lock` names; a source
//! not in the file is compiled.
//!
//! The form: `IEPNFA` and a version byte, then per pattern its source,
//! whether every match is at least one character long, and its forward
//! and reverse NFAs, each in the encoding of [`super`] and behind its
//! length: the anchored and the unanchored start, the number of states,
//! and each state as a tag and its parts: a byte range (first byte, last
//! byte, next state); a list of byte ranges; a look-around by its number
//! and the next state; a list of alternatives; two alternatives; a state
//! that fails; the match. A state is written as its distance from the
//! state that names it, zigzag encoded (most are a byte).

#[cfg(test)]
use regex_automata::nfa::thompson::State;
use regex_automata::nfa::thompson::{Builder, Transition, NFA};
use regex_automata::util::look::Look;
use regex_automata::util::primitives::StateID;

use super::Reader;

/// The prebuilt NFAs of the built-in packs' patterns.
pub(super) const PATTERNS: &[u8] = include_bytes!("patterns.nfa");

/// The first bytes of the form; the last is its version.
pub(super) const MAGIC: &[u8] = b"IEPNFA\x01";

/// The tags of the states, in the order of the form.
pub(super) mod tag {
    pub const RANGE: u8 = 0;
    pub const SPARSE: u8 = 1;
    pub const LOOK: u8 = 2;
    pub const UNION: u8 = 3;
    pub const BINARY_UNION: u8 = 4;
    pub const FAIL: u8 = 5;
    pub const MATCH: u8 = 6;
}

/// A built-in pattern, compiled.
#[derive(Debug, Clone, Copy)]
pub struct Prebuilt {
    /// The pattern's source.
    pub source: &'static str,
    /// Whether every match is at least one character long.
    pub never_empty: bool,
    forward: &'static [u8],
    reverse: &'static [u8],
}

impl Prebuilt {
    /// The NFA that finds where a match ends.
    pub fn forward(&self) -> Option<NFA> {
        read_nfa(self.forward, false)
    }

    /// The NFA that finds, searching back from where a match ends, where
    /// it starts.
    pub fn reverse(&self) -> Option<NFA> {
        read_nfa(self.reverse, true)
    }
}

/// The built-in pattern whose source is `source`, compiled; `None` for
/// any other.
pub fn pattern_compiled(source: &str) -> Option<Prebuilt> {
    entries().find(|(s, _)| *s == source).map(|(_, p)| p)
}

/// The sources of the built-in patterns, in the order a lint reaches
/// them.
pub fn pattern_sources() -> impl Iterator<Item = &'static str> {
    entries().map(|(source, _)| source)
}

fn entries() -> impl Iterator<Item = (&'static str, Prebuilt)> {
    let mut r = Reader {
        bytes: PATTERNS.strip_prefix(MAGIC).unwrap_or_default(),
    };
    std::iter::from_fn(move || {
        let source = r.str()?;
        let never_empty = r.flag()?;
        let n = r.uint()?;
        let forward = r.take(n)?;
        let n = r.uint()?;
        let reverse = r.take(n)?;
        Some((
            source,
            Prebuilt {
                source,
                never_empty,
                forward,
                reverse,
            },
        ))
    })
}

/// The NFA written in `bytes`, built state by state as the compiler
/// built it; `None` when the bytes are not one.
pub(super) fn read_nfa(bytes: &[u8], reverse: bool) -> Option<NFA> {
    let mut r = Reader { bytes };
    let (anchored, unanchored, len) = (r.uint()?, r.uint()?, r.uint()?);
    let mut b = Builder::new();
    b.set_utf8(true);
    b.set_reverse(reverse);
    b.start_pattern().ok()?;
    for sid in 0..len {
        // Every state named must be one of the NFA's: the builder trusts
        // what it is given.
        let mut next = |r: &mut Reader| {
            let distance = r.uint()?;
            let magnitude = distance >> 1;
            let id = if distance & 1 == 0 {
                sid.checked_add(magnitude)?
            } else {
                sid.checked_sub(magnitude + 1)?
            };
            (id < len).then(|| StateID::new(id).ok()).flatten()
        };
        let added = match r.byte()? {
            tag::RANGE => b.add_range(transition(&mut r, &mut next)?),
            tag::SPARSE => b.add_sparse(r.list(|r| transition(r, &mut next))?),
            tag::LOOK => {
                let look = Look::from_repr(u32::try_from(r.uint()?).ok()?)?;
                b.add_look(next(&mut r)?, look)
            }
            tag::UNION => b.add_union(r.list(&mut next)?),
            tag::BINARY_UNION => {
                let alt1 = next(&mut r)?;
                b.add_union(vec![alt1, next(&mut r)?])
            }
            tag::FAIL => b.add_fail(),
            tag::MATCH => b.add_match(),
            _ => return None,
        };
        // The builder numbers states as they come: the NFA's numbers.
        if added.ok()?.as_usize() != sid {
            return None;
        }
    }
    let start = |id: usize| (id < len).then(|| StateID::new(id).ok()).flatten();
    let (anchored, unanchored) = (start(anchored)?, start(unanchored)?);
    b.finish_pattern(anchored).ok()?;
    let nfa = b.build(anchored, unanchored).ok()?;
    r.bytes.is_empty().then_some(nfa)
}

fn transition(
    r: &mut Reader,
    next: &mut impl FnMut(&mut Reader) -> Option<StateID>,
) -> Option<Transition> {
    let (start, end) = (r.byte()?, r.byte()?);
    if start > end {
        return None;
    }
    Some(Transition {
        start,
        end,
        next: next(r)?,
    })
}

#[cfg(test)]
/// Whether `state` is one the form can write: the compiler makes only
/// these of a pattern compiled without capture groups.
pub(super) fn writable(state: &State) -> bool {
    !matches!(state, State::Dense(_) | State::Capture { .. })
}
