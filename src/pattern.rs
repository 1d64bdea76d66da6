//! Patterns of the rule packs (`/regex/` and `words [...]`): their source,
//! and the regex compiled from it.
//!
//! Compiling is most of what loading the packs costs, and each pattern
//! compiles on its own, so the loader compiles them as one batch that a
//! front end may run on all its cores ([`crate::Parallel`]); a pattern not
//! compiled by then (those of the built-in packs as shipped) compiles on
//! first use.
//!
//! The built-in packs' patterns are not compiled: their NFAs are read
//! from [`crate::prebuilt`].
//!
//! A pattern is searched by two lazy DFAs, as the general regex engine
//! would search it: a forward one finds where a match ends, a reverse one
//! where it starts. Most searches only ask whether a text matches, and a
//! pattern of a one-plan run is often never asked where a match starts, so
//! the reverse one is compiled the first time a start is asked (compiling
//! it was more than a third of a pattern's compile). A pattern the lazy
//! DFAs cannot search (a Unicode word boundary, `\b` outside `(?-u:...)`,
//! on a text that is not ASCII) is searched by the general engine.
//!
//! The regexes are built without a literal prefilter: plan texts are short
//! (a few dozen bytes each), where a prefilter saves little at search time
//! and extracting its literals from long case-insensitive word lists was a
//! third of the compile.

use std::borrow::Cow;
use std::cell::{RefCell, RefMut};
use std::sync::{Arc, OnceLock};

use regex_automata::hybrid::dfa::{self as lazy, DFA};
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::{self, WhichCaptures, NFA};
use regex_automata::util::iter::Searcher;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, Match, MatchKind};
use regex_syntax::hir::Hir;
use thread_local::ThreadLocal;

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
    regex: OnceLock<Option<Arc<Compiled>>>,
}

/// A compiled pattern.
#[derive(Debug)]
struct Compiled {
    engine: Engine,
    /// Whether every match is at least one character long: then any match
    /// is a match that counts (rules ignore empty ones).
    never_empty: bool,
}

/// What searches a compiled pattern.
#[derive(Debug)]
enum Engine {
    /// The lazy DFAs: every pattern they can search.
    Lazy(Box<Lazy>),
    /// The general engine, for a pattern the lazy DFAs cannot search.
    General(Regex),
}

/// A pattern's lazy DFAs, and their caches (one set per thread searching).
struct Lazy {
    /// Finds where a match ends (leftmost first, as the general engine).
    forward: DFA,
    /// Finds where a match that ends at a place starts; compiled the first
    /// time a start is asked, from `origin`. `None` when it cannot be
    /// compiled: [`Pattern::compile`], which the loader calls on every
    /// pattern of a user's pack (and a test on every built-in one), says
    /// so, so a pattern in use has one.
    reverse: OnceLock<Option<DFA>>,
    /// What the reverse DFA is compiled from.
    origin: Origin,
    /// Each thread's caches, kept as long as the pattern: a search finds
    /// its thread's without a lock (a pool of them took a lock twice a
    /// search on every thread but one).
    caches: ThreadLocal<RefCell<Caches>>,
}

/// What a pattern was compiled from.
#[derive(Debug)]
enum Origin {
    /// Its regex syntax.
    Syntax(Box<Hir>),
    /// Its prebuilt NFAs (a built-in pattern).
    Prebuilt(prebuilt::Prebuilt),
}

impl Origin {
    /// The regex syntax of the pattern (a built-in one's is parsed: only
    /// when its prebuilt form cannot serve).
    fn syntax(&self) -> Result<Cow<'_, Hir>, String> {
        match self {
            Origin::Syntax(syntax) => Ok(Cow::Borrowed(syntax)),
            Origin::Prebuilt(p) => syntax::parse(p.source)
                .map(Cow::Owned)
                .map_err(|e| e.to_string()),
        }
    }
}

impl std::fmt::Debug for Lazy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lazy")
            .field("reverse_compiled", &self.reverse.get().is_some())
            .finish_non_exhaustive()
    }
}

/// One thread's caches of a pattern's lazy DFAs.
#[derive(Debug)]
struct Caches {
    forward: lazy::Cache,
    /// Made with the reverse DFA, the first time this thread asks a start.
    reverse: Option<lazy::Cache>,
}

/// The caches one search uses: its thread's, or, while its thread's are
/// in use by a search of the same pattern not finished yet (one started
/// between two matches of another), caches of its own.
enum SearchCaches<'p> {
    Thread(RefMut<'p, Caches>),
    Own(Box<Caches>),
}

impl std::ops::Deref for SearchCaches<'_> {
    type Target = Caches;

    fn deref(&self) -> &Caches {
        match self {
            SearchCaches::Thread(c) => c,
            SearchCaches::Own(c) => c,
        }
    }
}

impl std::ops::DerefMut for SearchCaches<'_> {
    fn deref_mut(&mut self) -> &mut Caches {
        match self {
            SearchCaches::Thread(c) => c,
            SearchCaches::Own(c) => c,
        }
    }
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

    /// Whether the pattern has been compiled (or found not to compile) for
    /// its first searches.
    pub fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }

    /// Compiles the pattern now, all of it, if it is not compiled yet, and
    /// says why it cannot be.
    pub fn compile(&self) -> Result<(), String> {
        let mut error = None;
        let compiled = self.regex.get_or_init(|| match build(&self.source) {
            Ok(regex) => Some(Arc::new(regex)),
            Err(err) => {
                error = Some(err);
                None
            }
        });
        match (compiled, error) {
            (_, Some(err)) => Err(err),
            (Some(c), None) => match &c.engine {
                Engine::Lazy(lazy) => lazy.reverse().map(drop),
                Engine::General(_) => Ok(()),
            },
            // Compiled before, and failed: say so again.
            (None, None) => build(&self.source).map(drop),
        }
    }

    /// Compiles what the pattern's first searches need (all but what finds
    /// where a match starts), if it is not compiled yet.
    pub fn prepare(&self) {
        self.compiled();
    }

    fn compiled(&self) -> Option<&Compiled> {
        self.regex
            .get_or_init(|| build(&self.source).ok().map(Arc::new))
            .as_deref()
    }

    /// Whether the pattern matches anywhere in `hay`.
    pub fn is_match(&self, hay: &str) -> bool {
        self.compiled().is_some_and(|c| c.is_match(hay))
    }

    /// Whether `hay` holds a match that is not empty: what `matches` asks.
    /// A search that stops at the first match it sees, without finding
    /// where the match starts.
    pub fn has_match(&self, hay: &str) -> bool {
        match self.compiled() {
            Some(c) if c.is_match(hay) => c.never_empty || self.first(hay).is_some(),
            _ => false,
        }
    }

    /// The byte ranges of the successive matches in `hay`, leftmost first.
    pub fn find_iter<'p, 'h>(&'p self, hay: &'h str) -> impl Iterator<Item = (usize, usize)> + 'p
    where
        'h: 'p,
    {
        match self.compiled() {
            Some(c) => c.find_iter(hay),
            None => Matches::None,
        }
    }

    /// The first match in `hay` that is not empty: one search, unless the
    /// first match is empty.
    pub fn first(&self, hay: &str) -> Option<(usize, usize)> {
        let (start, end) = self.compiled()?.find(Input::new(hay))?;
        if start < end {
            return Some((start, end));
        }
        self.find_iter(hay).find(|(a, b)| a < b)
    }

    /// The first match in `hay` that starts at `pos` or later.
    pub fn find_at(&self, hay: &str, pos: usize) -> Option<(usize, usize)> {
        self.compiled()?.find(Input::new(hay).range(pos..))
    }
}

impl Compiled {
    fn is_match(&self, hay: &str) -> bool {
        match &self.engine {
            Engine::Lazy(lazy) => {
                let mut caches = lazy.caches();
                let input = Input::new(hay).earliest(true);
                // The lazy DFAs are built so that a search cannot fail: no
                // Unicode word boundary, and no giving up on a full cache.
                matches!(
                    lazy.forward.try_search_fwd(&mut caches.forward, &input),
                    Ok(Some(_))
                )
            }
            Engine::General(regex) => regex.is_match(hay),
        }
    }

    fn find(&self, input: Input<'_>) -> Option<(usize, usize)> {
        let m = match &self.engine {
            Engine::Lazy(lazy) => lazy.find(&mut lazy.caches(), &input),
            Engine::General(regex) => regex.find(input),
        };
        m.map(|m| (m.start(), m.end()))
    }

    fn find_iter<'p, 'h: 'p>(&'p self, hay: &'h str) -> Matches<'p, 'h> {
        match &self.engine {
            Engine::Lazy(lazy) => Matches::Lazy {
                lazy,
                caches: lazy.caches(),
                searcher: Searcher::new(Input::new(hay)),
            },
            Engine::General(regex) => Matches::General(regex.find_iter(hay)),
        }
    }
}

/// The successive matches of a pattern in a text.
enum Matches<'p, 'h> {
    Lazy {
        lazy: &'p Lazy,
        caches: SearchCaches<'p>,
        searcher: Searcher<'h>,
    },
    General(meta::FindMatches<'p, 'h>),
    None,
}

impl Iterator for Matches<'_, '_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let m = match self {
            Matches::Lazy {
                lazy,
                caches,
                searcher,
            } => searcher.advance(|input| Ok(lazy.find(caches, input))),
            Matches::General(matches) => matches.next(),
            Matches::None => None,
        };
        m.map(|m| (m.start(), m.end()))
    }
}

impl Lazy {
    /// The leftmost-first match in `input`, as the general engine finds it:
    /// where it ends, searching forward, then where it starts, searching
    /// back from there (unless the start is known).
    fn find(&self, caches: &mut Caches, input: &Input<'_>) -> Option<Match> {
        let end = self
            .forward
            .try_search_fwd(&mut caches.forward, input)
            .ok()??;
        let whole = |start| Some(Match::new(end.pattern(), start..end.offset()));
        if input.start() == end.offset()
            || input.get_anchored().is_anchored()
            || self.forward.get_nfa().is_always_start_anchored()
        {
            return whole(input.start());
        }
        let reverse = self.reverse().ok()?;
        let cache = caches.reverse.get_or_insert_with(|| reverse.create_cache());
        let back = input
            .clone()
            .span(input.start()..end.offset())
            .anchored(Anchored::Yes)
            .earliest(false);
        whole(reverse.try_search_rev(cache, &back).ok()??.offset())
    }

    /// The lazy DFAs of the forward NFA `forward`, unless they cannot
    /// search it (a Unicode word boundary): then `origin` comes back.
    fn new(forward: NFA, origin: Origin) -> Result<Lazy, Origin> {
        let Ok(forward) = lazy::Builder::new()
            .configure(dfa_config())
            .build_from_nfa(forward)
        else {
            return Err(origin);
        };
        Ok(Lazy {
            forward,
            reverse: OnceLock::new(),
            origin,
            caches: ThreadLocal::new(),
        })
    }

    /// The caches for a search on this thread.
    fn caches(&self) -> SearchCaches<'_> {
        let fresh = || Caches {
            forward: self.forward.create_cache(),
            reverse: None,
        };
        match self
            .caches
            .get_or(|| RefCell::new(fresh()))
            .try_borrow_mut()
        {
            Ok(caches) => SearchCaches::Thread(caches),
            Err(_) => SearchCaches::Own(Box::new(fresh())),
        }
    }

    /// The reverse DFA, compiled now if it is not yet.
    fn reverse(&self) -> Result<&DFA, String> {
        let mut error = None;
        let reverse = self.reverse.get_or_init(|| {
            let compile = |syntax: &Hir| {
                thompson::Compiler::new()
                    .configure(reverse_nfa_config(false))
                    .build_from_hir(syntax)
                    .map_err(too_large)
            };
            let nfa = match &self.origin {
                Origin::Prebuilt(p) => p.reverse().map(Ok),
                Origin::Syntax(_) => None,
            }
            .unwrap_or_else(|| compile(&*self.origin.syntax()?));
            let config = dfa_config()
                .match_kind(MatchKind::All)
                .specialize_start_states(false);
            nfa.and_then(|nfa| {
                lazy::Builder::new()
                    .configure(config)
                    .build_from_nfa(nfa)
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| error = Some(e))
            .ok()
        });
        reverse.as_ref().ok_or_else(|| {
            error.unwrap_or_else(|| "the reverse search could not be compiled".to_string())
        })
    }
}

/// How the patterns' NFAs are compiled: as the general engine compiles
/// them, without capture groups (nothing reads them). The built-in
/// patterns' prebuilt NFAs are compiled so (by test).
pub(crate) fn nfa_config() -> thompson::Config {
    thompson::Config::new()
        .nfa_size_limit(Some(SIZE_LIMIT))
        .shrink(false)
        .which_captures(WhichCaptures::None)
}

/// How the patterns' lazy DFAs are built: as the general engine builds
/// them, but without giving up when their cache fills (they start again,
/// as the general engine's fallback would search more slowly anyway) and
/// without a Unicode word boundary (building fails: the general engine
/// searches that pattern).
fn dfa_config() -> lazy::Config {
    lazy::Config::new()
        .prefilter(None)
        .unicode_word_boundary(false)
        .minimum_cache_clear_count(None)
}

/// How the reverse NFAs are compiled. The built-in patterns' prebuilt
/// ones are shrunk (their UTF-8 automata made minimal: 45% fewer states,
/// the same matches), which compiling a user's pattern at run time does
/// not spend the time on, as the general engine does not.
pub(crate) fn reverse_nfa_config(prebuilt: bool) -> thompson::Config {
    nfa_config().reverse(true).shrink(prebuilt)
}

fn too_large(e: thompson::BuildError) -> String {
    e.size_limit().map_or_else(|| e.to_string(), too_large_by)
}

/// Why a pattern that would pass `limit` bytes is refused.
fn too_large_by(limit: usize) -> String {
    format!(
        "compiled, it would take more than the {} MB a pattern may use",
        limit >> 20
    )
}

fn build(source: &str) -> Result<Compiled, String> {
    // A built-in pattern's NFA is read, not compiled: the same NFA.
    let prebuilt = prebuilt::pattern_compiled(source).and_then(|p| Some((p, p.forward()?)));
    let (forward, origin, never_empty) = match prebuilt {
        Some((p, forward)) => (forward, Origin::Prebuilt(p), p.never_empty),
        None => {
            let syntax = syntax::parse(source).map_err(|e| e.to_string())?;
            let never_empty = syntax.properties().minimum_len().is_some_and(|n| n > 0);
            let forward = thompson::Compiler::new()
                .configure(nfa_config())
                .build_from_hir(&syntax)
                .map_err(too_large)?;
            (forward, Origin::Syntax(Box::new(syntax)), never_empty)
        }
    };
    let engine = match Lazy::new(forward, origin) {
        Ok(lazy) => Engine::Lazy(Box::new(lazy)),
        Err(origin) => Engine::General(general(&*origin.syntax()?)?),
    };
    Ok(Compiled {
        engine,
        never_empty,
    })
}

/// The general engine for `syntax`.
fn general(syntax: &Hir) -> Result<Regex, String> {
    let mut builder = meta::Builder::new();
    builder.configure(
        meta::Config::new()
            .nfa_size_limit(Some(SIZE_LIMIT))
            .auto_prefilter(false),
    );
    builder
        .build_from_hir(syntax)
        .map_err(|e| e.size_limit().map_or_else(|| e.to_string(), too_large_by))
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

    /// A pattern searched by the lazy DFAs, and the same by the general
    /// engine.
    fn both_engines(source: &str) -> (Compiled, Compiled) {
        let lazy = build(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        assert!(matches!(lazy.engine, Engine::Lazy(_)), "{source}");
        let syntax = syntax::parse(source).unwrap_or_else(|e| panic!("{e}"));
        let general = Compiled {
            engine: Engine::General(general(&syntax).unwrap_or_else(|e| panic!("{e}"))),
            never_empty: lazy.never_empty,
        };
        (lazy, general)
    }

    #[test]
    fn the_lazy_dfas_find_what_the_general_engine_finds() {
        let sources = [
            r"(?i)(?-u:\b)as\s+needed(?-u:\b)",
            r"x*",
            r"a|",
            r"(?-u:\b)",
            r"^\s*(n/?a|none)\s*$",
            r"(?i)\[[^\]\n@]{0,40}\]",
            r"(?i)(?-u:\b)[0-9]+\s*(%|percent)|(?-u:\b)(one|two)\s+of\s+(three|four)(?-u:\b)",
            r"(?m)^\S+$",
            r"é+|ſ",
        ];
        let hays = [
            "",
            "x",
            "abxxc xx",
            "Rest AS NEEDED, as\u{a0}needed; as needed.",
            " N/A ",
            "none\nnone",
            "[Student name] and [ ] [x@y] [née]",
            "80% of trials, two of four, 3 percent",
            "éé ſ aé",
            "a\u{2603}b a",
        ];
        // Whether it matches, every match, and the first match from
        // every place a search may start.
        let answers = |c: &Compiled, hay: &str| {
            let firsts: Vec<_> = (0..=hay.len())
                .filter(|&i| hay.is_char_boundary(i))
                .map(|i| c.find(Input::new(hay).range(i..)))
                .collect();
            (
                c.is_match(hay),
                c.find_iter(hay).collect::<Vec<_>>(),
                firsts,
            )
        };
        for source in sources {
            let (lazy, general) = both_engines(source);
            for hay in hays {
                assert_eq!(
                    answers(&lazy, hay),
                    answers(&general, hay),
                    "{source} on {hay:?}"
                );
            }
        }
    }

    #[test]
    fn where_a_match_starts_is_compiled_only_when_asked() {
        let p = Pattern::new(r"(?i)(?-u:\b)as needed(?-u:\b)".into(), Vec::new());
        let reverse_compiled = |p: &Pattern| match p.compiled().map(|c| &c.engine) {
            Some(Engine::Lazy(lazy)) => lazy.reverse.get().is_some(),
            other => panic!("not the lazy DFAs: {other:?}"),
        };
        assert!(p.has_match("Rest as needed.") && !p.is_match("as required"));
        assert!(!reverse_compiled(&p), "whether it matches needs no start");
        assert_eq!(p.first("Rest as needed."), Some((5, 14)));
        assert!(reverse_compiled(&p));
        // Compiling all of it, as the loader does for a user's pack.
        let q = Pattern::new(p.source.clone(), Vec::new());
        assert_eq!(q.compile(), Ok(()));
        assert!(reverse_compiled(&q));
    }

    #[test]
    fn a_search_begun_between_the_matches_of_another_gets_caches_of_its_own() {
        let p = Pattern::new(r"(?i)(?-u:\b)[a-z]+(?-u:\b)".into(), Vec::new());
        let hay = "Rest as needed";
        let mut inner = Vec::new();
        // The outer search holds this thread's caches between its matches.
        for (start, end) in p.find_iter(hay) {
            inner.push((p.first(&hay[start..]), p.find_iter(hay).count()));
            assert!(p.has_match(&hay[start..end]));
        }
        assert_eq!(
            inner,
            [(Some((0, 4)), 3), (Some((0, 2)), 3), (Some((0, 6)), 3)]
        );
        // Other threads search with caches of their own, at the same time.
        std::thread::scope(|s| {
            let found: Vec<_> = (0..4)
                .map(|_| s.spawn(|| p.find_iter(hay).collect::<Vec<_>>()))
                .collect();
            for f in found {
                assert_eq!(f.join().ok(), Some(vec![(0, 4), (5, 7), (8, 14)]));
            }
        });
    }

    #[test]
    fn a_unicode_word_boundary_is_searched_by_the_general_engine() {
        let c = build(r"(?i)\bété\b").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(c.engine, Engine::General(_)));
        assert_eq!(c.find(Input::new("un été chaud")), Some((3, 8)));
        assert!(!c.is_match("étés"));
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
