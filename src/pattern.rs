//! Patterns of the rule packs (`/regex/` and `words [...]`): their source,
//! and the regex compiled from it.
//!
//! Compiling is most of what loading the packs costs, and each pattern
//! compiles on its own, so the loader compiles them as one batch that a
//! front end may run on all its cores ([`crate::Parallel`]); a pattern not
//! compiled by then (those of the built-in packs as shipped) compiles on
//! first use.
//!
//! The built-in packs' patterns are not parsed: their regex syntax is read
//! from [`crate::prebuilt`].
//!
//! The regexes are built without a literal prefilter: plan texts are short
//! (a few dozen bytes each), where a prefilter saves little at search time
//! and extracting its literals from long case-insensitive word lists was a
//! third of the compile.

use std::sync::{Arc, OnceLock};

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::Input;

use crate::prebuilt;

/// The most memory one compiled pattern may take.
const SIZE_LIMIT: usize = 1 << 24;

/// A regex or word list.
#[derive(Debug)]
pub struct Pattern {
    /// The regex source, flags included, for splicing into other patterns.
    pub source: String,
    /// For a word list, its phrases (so other lists can include it).
    pub phrases: Vec<Arc<str>>,
    /// The compiled regex; `None` when it cannot be compiled (the loader
    /// reports that as a pack error, and the pattern matches nothing).
    regex: OnceLock<Option<Compiled>>,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
struct Compiled {
    regex: Regex,
    /// Whether every match is at least one character long: then any match
    /// is a match that counts (rules ignore empty ones).
    never_empty: bool,
}

impl Pattern {
    /// A pattern of this source, not compiled yet.
    pub fn new(source: String, phrases: Vec<Arc<str>>) -> Self {
        Pattern {
            source,
            phrases,
            regex: OnceLock::new(),
        }
    }

    /// A pattern that matches nothing and is never compiled: what a look
    /// ahead of the evaluation searches with in place of a pattern not
    /// compiled yet.
    pub fn nothing() -> Self {
        let regex = OnceLock::new();
        let _ = regex.set(None);
        Pattern {
            source: String::new(),
            phrases: Vec::new(),
            regex,
        }
    }

    /// Takes the regex of `done`, the same pattern compiled elsewhere,
    /// unless this one is compiled already.
    pub fn adopt(&self, done: &Pattern) {
        if let (true, Some(compiled)) = (self.source == done.source, done.regex.get()) {
            let _ = self.regex.set(compiled.clone());
        }
    }

    /// Whether the pattern has been compiled (or found not to compile).
    pub fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }

    /// Compiles the pattern now, if it is not compiled yet, and says why it
    /// cannot be.
    pub fn compile(&self) -> Result<(), String> {
        let mut error = None;
        let compiled = self.regex.get_or_init(|| match build(&self.source) {
            Ok(regex) => Some(regex),
            Err(err) => {
                error = Some(err);
                None
            }
        });
        match (compiled, error) {
            (_, Some(err)) => Err(err),
            (Some(_), None) => Ok(()),
            // Compiled before, and failed: say so again.
            (None, None) => build(&self.source).map(drop),
        }
    }

    fn compiled(&self) -> Option<&Compiled> {
        self.regex.get_or_init(|| build(&self.source).ok()).as_ref()
    }

    fn regex(&self) -> Option<&Regex> {
        self.compiled().map(|c| &c.regex)
    }

    /// Whether the pattern matches anywhere in `hay`.
    pub fn is_match(&self, hay: &str) -> bool {
        self.regex().is_some_and(|r| r.is_match(hay))
    }

    /// Whether `hay` holds a match that is not empty: what `matches` asks.
    /// A search that stops at the first match it sees, without finding
    /// where the match starts (a second, backward search).
    pub fn has_match(&self, hay: &str) -> bool {
        match self.compiled() {
            Some(c) if c.regex.is_match(hay) => c.never_empty || self.first(hay).is_some(),
            _ => false,
        }
    }

    /// The byte ranges of the successive matches in `hay`, leftmost first.
    pub fn find_iter<'p, 'h>(&'p self, hay: &'h str) -> impl Iterator<Item = (usize, usize)> + 'p
    where
        'h: 'p,
    {
        // Not a `flat_map` over the optional regex: its adapter was a
        // tenth of the cost of a search on a short text.
        let mut matches = self.regex().map(|r| r.find_iter(hay));
        std::iter::from_fn(move || {
            let m = matches.as_mut()?.next()?;
            Some((m.start(), m.end()))
        })
    }

    /// The first match in `hay` that is not empty: one search, unless the
    /// first match is empty.
    pub fn first(&self, hay: &str) -> Option<(usize, usize)> {
        let m = self.regex()?.find(hay)?;
        if m.start() < m.end() {
            return Some((m.start(), m.end()));
        }
        self.find_iter(hay).find(|(a, b)| a < b)
    }

    /// The first match in `hay` that starts at `pos` or later.
    pub fn find_at(&self, hay: &str, pos: usize) -> Option<(usize, usize)> {
        let input = Input::new(hay).range(pos..);
        self.regex()?.find(input).map(|m| (m.start(), m.end()))
    }
}

fn build(source: &str) -> Result<Compiled, String> {
    let mut builder = meta::Builder::new();
    builder.configure(
        meta::Config::new()
            .nfa_size_limit(Some(SIZE_LIMIT))
            .auto_prefilter(false),
    );
    // A built-in pattern's syntax is read, not parsed: the same regex.
    let (built, syntax) = match prebuilt::pattern_syntax(source) {
        Some(syntax) => (builder.build_from_hir(&syntax), Some(syntax)),
        None => {
            let built = builder.build(source);
            // Parsed again for its shortest match: only patterns of the
            // user's packs, and only when the regex compiled.
            let syntax = built.as_ref().ok().and_then(|_| syntax::parse(source).ok());
            (built, syntax)
        }
    };
    let regex = built.map_err(|e| match (e.size_limit(), e.syntax_error()) {
        (Some(limit), _) => format!(
            "compiled, it would take more than the {} MB a pattern may use",
            limit >> 20
        ),
        (None, Some(syntax)) => syntax.to_string(),
        (None, None) => e.to_string(),
    })?;
    let never_empty = syntax.is_some_and(|s| s.properties().minimum_len().is_some_and(|n| n > 0));
    Ok(Compiled { regex, never_empty })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_on_first_use_or_when_asked() {
        let p = Pattern::new(r"(?i)\bas needed\b".into(), Vec::new());
        assert!(p.is_match("Breaks AS NEEDED."));
        assert_eq!(p.find_iter("as needed, as needed").count(), 2);
        assert_eq!(p.find_at("as needed, as needed", 1), Some((11, 20)));
        assert_eq!(p.compile(), Ok(()));
    }

    #[test]
    fn a_pattern_compiled_elsewhere_is_adopted_only_by_its_own_source() {
        let done = Pattern::new(r"(?i)\bas needed\b".into(), Vec::new());
        assert_eq!(done.compile(), Ok(()));
        let other = Pattern::new(r"(?i)\bas required\b".into(), Vec::new());
        other.adopt(&done);
        assert!(!other.is_compiled());
        assert!(other.is_match("as required"));
        let same = Pattern::new(done.source.clone(), Vec::new());
        same.adopt(&done);
        assert!(same.is_compiled());
        assert!(same.is_match("Rest as needed."));
        let nothing = Pattern::nothing();
        assert!(nothing.is_compiled());
        assert!(!nothing.is_match("") && nothing.first("anything").is_none());
    }

    #[test]
    fn the_first_match_is_the_first_that_is_not_empty() {
        let p = Pattern::new("x*".into(), Vec::new());
        assert_eq!(p.first("abxxc"), Some((2, 4)));
        assert_eq!(p.first("xa"), Some((0, 1)));
        assert_eq!(p.first("abc"), None, "empty matches only");
        let words = Pattern::new(r"(?i)\bas needed\b".into(), Vec::new());
        assert_eq!(words.first("Rest as needed, AS NEEDED"), Some((5, 14)));
        assert_eq!(words.first("as required"), None);
        assert_eq!(Pattern::new("(".into(), Vec::new()).first("("), None);
    }

    #[test]
    fn a_match_counts_only_when_it_is_not_empty() {
        // Can match empty: the answer is checked past the first search.
        let p = Pattern::new("x*".into(), Vec::new());
        assert!(p.is_match("abc"), "an empty match is a match to is_match");
        assert!(!p.has_match("abc"), "but not to has_match");
        assert!(p.has_match("abxxc"));
        let boundary = Pattern::new(r"\b".into(), Vec::new());
        assert!(!boundary.has_match("a word"));
        // Never empty: the first search answers.
        let words = Pattern::new(r"(?i)\bas needed\b".into(), Vec::new());
        assert!(words.has_match("Rest AS NEEDED."));
        assert!(!words.has_match("as required"));
        for p in [&p, &boundary, &words] {
            for hay in ["", "x", "as needed", "abxxc", "a word"] {
                assert_eq!(
                    p.has_match(hay),
                    p.first(hay).is_some(),
                    "{} on {hay:?}",
                    p.source
                );
            }
        }
        assert!(!Pattern::new("(".into(), Vec::new()).has_match("("));
        assert!(!Pattern::nothing().has_match("anything"));
    }

    #[test]
    fn a_pattern_too_large_says_so_in_words() {
        let p = Pattern::new(r"(?:\p{L}{500}){50}".into(), Vec::new());
        let err = p.compile().err().unwrap_or_default();
        assert!(err.contains("more than the 16 MB"), "{err}");
    }

    #[test]
    fn a_pattern_that_cannot_compile_says_why_and_matches_nothing() {
        let p = Pattern::new("(".into(), Vec::new());
        assert!(p.compile().is_err());
        assert!(p.compile().is_err(), "asked again, it still says why");
        assert!(!p.is_match("("));
        assert_eq!(p.find_iter("(").count(), 0);
    }
}
