//! The built-in packs' syntax trees, prebuilt: read from a compact binary
//! form (`builtin.tree`, made from `rules/*.rules` by the tests) instead of
//! parsing 100 KB of rule text at every start.
//!
//! Parsing the built-in packs was a third of the time a run over one small
//! plan took. The tree read here is the one [`crate::syntax`] makes of the
//! same text, byte for byte (a test parses every built-in pack and checks
//! that its encoding is the file's); each pack's entry carries the length
//! and a fingerprint of the text it was made from, so a pack whose text
//! differs (a rule edited and the file not remade) is parsed as before.
//!
//! The form: `IEPTREE` and a version byte, then per pack its name, text
//! length, fingerprint and tree. Numbers are LEB128, strings are a length
//! and UTF-8, a list is a count and its items, an optional value a 0 or 1
//! byte and the value, a variant a tag byte and its fields, in the order
//! [`crate::ast`] declares them; a span is its start and its length.

#[cfg(test)]
mod encode;
mod patterns;

use std::sync::Arc;

pub use patterns::{pattern_compiled, pattern_sources, Prebuilt};

use crate::ast::*;

/// The prebuilt trees of the built-in packs.
const TREES: &[u8] = include_bytes!("builtin.tree");

/// The first bytes of the form; the last is its version, raised whenever
/// the syntax tree's types change.
const MAGIC: &[u8] = b"IEPTREE\x01";

/// The syntax tree of the pack file `name` when it is a built-in pack
/// whose text is the one its prebuilt tree was made from; `None` otherwise
/// (then the pack is parsed).
pub fn builtin_tree(name: &Arc<str>, text: &str) -> Option<Pack> {
    let mut r = Reader {
        bytes: TREES.strip_prefix(MAGIC)?,
    };
    while !r.bytes.is_empty() {
        let this = r.str()?;
        let len = r.uint()?;
        let print = r.u64()?;
        let size = r.uint()?;
        let tree = r.take(size)?;
        if this == &**name && len == text.len() && print == fingerprint(text) {
            return Reader { bytes: tree }.pack(name);
        }
    }
    None
}

/// FNV-1a over the text: stable across platforms and compiler versions
/// (the standard library's hashers are not), and a byte's change changes it.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads the form; every read is `None` past the end or on a value the
/// writer never writes.
struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(taken)
    }

    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    fn uint(&mut self) -> Option<usize> {
        let mut value = 0usize;
        for shift in (0..usize::BITS).step_by(7) {
            let b = self.byte()?;
            value |= usize::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<&'b str> {
        let n = self.uint()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.uint()?;
        // Each item takes a byte at least: a count beyond the bytes left
        // is not believed.
        let mut items = Vec::with_capacity(n.min(self.bytes.len()));
        for _ in 0..n {
            items.push(item(self)?);
        }
        Some(items)
    }

    fn option<T>(&mut self, value: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.byte()? {
            0 => Some(None),
            1 => value(self).map(Some),
            _ => None,
        }
    }

    fn span(&mut self) -> Option<Span> {
        let start = self.uint()?;
        let len = self.uint()?;
        Some(Span::new(start, start.checked_add(len)?))
    }

    fn ident(&mut self) -> Option<Ident> {
        Some(Ident {
            name: self.string()?,
            span: self.span()?,
        })
    }

    fn text(&mut self) -> Option<Text> {
        Some(Text {
            value: self.string()?,
            span: self.span()?,
        })
    }

    fn pack(&mut self, origin: &Arc<str>) -> Option<Pack> {
        let pack = Pack {
            origin: Arc::clone(origin),
            name: self.ident()?,
            description: self.option(Self::string)?,
            docs: self.option(Self::string)?,
            tests: self.list(Self::string)?,
            items: self.list(Self::item)?,
        };
        // Nothing may follow the tree.
        self.bytes.is_empty().then_some(pack)
    }

    fn item(&mut self) -> Option<Item> {
        Some(match self.byte()? {
            0 => Item::Let(LetDef {
                name: self.ident()?,
                value: self.expr()?,
            }),
            1 => Item::Define(DefineDef {
                name: self.ident()?,
                params: self.list(Self::ident)?,
                body: self.expr()?,
            }),
            2 => Item::Rule(RuleDef {
                id: self.ident()?,
                span: self.span()?,
                meta: self.list(Self::meta)?,
                body: self.list(Self::step)?,
            }),
            _ => return None,
        })
    }

    fn meta(&mut self) -> Option<Meta> {
        Some(match self.byte()? {
            0 => Meta::Severity(self.ident()?),
            1 => Meta::Summary(self.text()?),
            2 => Meta::Cite(self.text()?),
            3 => Meta::Why(self.text()?),
            4 => Meta::Ask(self.text()?),
            5 => Meta::Example {
                kind: self.ident()?,
                at: self.option(Self::text)?,
                text: self.text()?,
                span: self.span()?,
            },
            _ => return None,
        })
    }

    fn step(&mut self) -> Option<Step> {
        Some(match self.byte()? {
            0 => Step::For {
                var: self.ident()?,
                source: self.expr()?,
                filter: self.option(Self::expr)?,
                body: self.option(|r| r.list(Self::step))?,
            },
            1 => Step::Let {
                name: self.ident()?,
                value: self.expr()?,
            },
            2 => Step::When(self.expr()?),
            3 => Step::Check(Check {
                kind: *CHECKS.get(usize::from(self.byte()?))?,
                expr: self.expr()?,
                guard: self.option(Self::expr)?,
                at: self.option(Self::expr)?,
                severity: self.option(Self::ident)?,
                message: self.option(Self::template)?,
                help: self.option(Self::template)?,
                span: self.span()?,
            }),
            _ => return None,
        })
    }

    fn template(&mut self) -> Option<Template> {
        Some(Template {
            parts: self.list(|r| {
                Some(match r.byte()? {
                    0 => TemplatePart::Text(r.string()?),
                    1 => TemplatePart::Hole(r.expr()?),
                    _ => return None,
                })
            })?,
            span: self.span()?,
        })
    }

    fn boxed(&mut self) -> Option<Box<Expr>> {
        self.expr().map(Box::new)
    }

    fn expr(&mut self) -> Option<Expr> {
        let kind = match self.byte()? {
            0 => ExprKind::Str(self.string()?),
            1 => ExprKind::Num(f64::from_bits(self.u64()?)),
            2 => ExprKind::Bool(self.flag()?),
            3 => ExprKind::Null,
            4 => ExprKind::List(self.list(Self::expr)?),
            5 => ExprKind::Words(self.list(Self::expr)?),
            6 => ExprKind::Regex {
                pattern: self.string()?,
                flags: self.string()?,
                pattern_start: self.uint()?,
            },
            7 => ExprKind::Path {
                root: self.ident()?,
                segments: self.list(Self::segment)?,
            },
            8 => ExprKind::Call {
                name: self.ident()?,
                args: self.list(Self::expr)?,
            },
            9 => ExprKind::Unary {
                op: *UNARY.get(usize::from(self.byte()?))?,
                expr: self.boxed()?,
            },
            10 => ExprKind::Binary {
                op: *BINARY.get(usize::from(self.byte()?))?,
                lhs: self.boxed()?,
                rhs: self.boxed()?,
            },
            11 => ExprKind::Quantifier {
                kind: *QUANTIFIERS.get(usize::from(self.byte()?))?,
                var: self.ident()?,
                source: self.boxed()?,
                filter: self.option(Self::boxed)?,
            },
            _ => return None,
        };
        Some(Expr {
            kind,
            span: self.span()?,
        })
    }

    fn segment(&mut self) -> Option<Segment> {
        Some(match self.byte()? {
            0 => Segment::Field(self.string()?, self.span()?),
            1 => Segment::Index(self.uint()?, self.span()?),
            2 => Segment::All(self.span()?),
            3 => Segment::Filter(self.boxed()?, self.span()?),
            _ => return None,
        })
    }
}

/// The kinds of check by their tag.
const CHECKS: [CheckKind; 3] = [CheckKind::Require, CheckKind::Forbid, CheckKind::Report];

/// The unary operators by their tag.
const UNARY: [UnaryOp; 2] = [UnaryOp::Not, UnaryOp::Neg];

/// The binary operators by their tag.
const BINARY: [BinaryOp; 11] = [
    BinaryOp::Or,
    BinaryOp::And,
    BinaryOp::Eq,
    BinaryOp::Ne,
    BinaryOp::Lt,
    BinaryOp::Le,
    BinaryOp::Gt,
    BinaryOp::Ge,
    BinaryOp::In,
    BinaryOp::Add,
    BinaryOp::Sub,
];

/// The quantifiers by their tag.
const QUANTIFIERS: [Quantifier; 4] = [
    Quantifier::Any,
    Quantifier::All,
    Quantifier::None,
    Quantifier::Count,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack_error::SourceFile;
    use crate::syntax::parse_pack;
    use regex_automata::nfa::thompson::{self, NFA};
    use regex_automata::PatternID;

    /// Where the prebuilt trees are kept.
    const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/prebuilt/builtin.tree");

    /// Where the prebuilt patterns' NFAs are kept.
    const PATTERN_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/prebuilt/patterns.nfa");

    /// Writes `made` to `file` under `IEPLINT_BLESS`; otherwise fails
    /// unless it is what the binary holds.
    fn current(file: &str, made: &[u8], held: &[u8]) {
        if std::env::var_os("IEPLINT_BLESS").is_some() {
            if made != held {
                std::fs::write(file, made).unwrap_or_else(|e| panic!("{file}: {e}"));
            }
            return;
        }
        assert!(
            made == held,
            "{file} was not made from the packs in rules/ as they are: \
             remake it with `IEPLINT_BLESS=1 cargo test prebuilt`"
        );
    }

    /// `source` compiled as the patterns are: whether every match is at
    /// least one character long, and its forward and reverse NFAs.
    fn compile_regex(source: &str) -> (String, bool, NFA, NFA) {
        let hir = regex_syntax::Parser::new()
            .parse(source)
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        let nfa = |reverse| {
            let config = match reverse {
                false => crate::pattern::nfa_config(),
                true => crate::pattern::reverse_nfa_config(true),
            };
            thompson::Compiler::new()
                .configure(config)
                .build_from_hir(&hir)
                .unwrap_or_else(|e| panic!("{source}: {e}"))
        };
        let never_empty = hir.properties().minimum_len().is_some_and(|n| n > 0);
        (source.to_string(), never_empty, nfa(false), nfa(true))
    }

    /// Whether `read` is the NFA `made` state for state, starts and
    /// properties included.
    fn same_nfa(read: Option<NFA>, made: &NFA) -> bool {
        read.is_some_and(|read| {
            format!("{read:?}") == format!("{made:?}")
                && read.states() == made.states()
                && read.start_pattern(PatternID::ZERO) == made.start_pattern(PatternID::ZERO)
                && (read.has_empty(), read.is_utf8(), read.is_reverse())
                    == (made.has_empty(), made.is_utf8(), made.is_reverse())
                && read.look_set_any() == made.look_set_any()
                && read.look_set_prefix_any() == made.look_set_prefix_any()
                && format!("{:?}", read.byte_classes()) == format!("{:?}", made.byte_classes())
        })
    }

    /// The built-in packs, each with the tree the parser makes of it.
    fn builtin_parsed() -> Vec<(SourceFile, Pack)> {
        crate::packs::builtin()
            .into_iter()
            .map(|f| {
                let pack = parsed(&f);
                (f, pack)
            })
            .collect()
    }

    /// The sources of the patterns the built-in packs compile, each once,
    /// in the order a lint reaches them.
    fn builtin_pattern_sources() -> Vec<String> {
        let schema = crate::schema::Schema::plan().expect("the plan schema");
        let checked = crate::check::check_packs(
            &builtin_parsed(),
            schema.shapes(),
            &crate::parallel::Sequential,
            crate::check::Compile::BuiltinLater,
        );
        assert!(checked.problems.is_empty(), "{:#?}", checked.problems);
        let mut sources: Vec<String> = Vec::new();
        for p in &checked.later {
            if !sources.contains(&p.source) {
                sources.push(p.source.clone());
            }
        }
        sources
    }

    #[test]
    fn the_prebuilt_patterns_are_the_built_in_patterns_compiled() {
        let compiled: Vec<_> = builtin_pattern_sources()
            .iter()
            .map(|s| compile_regex(s))
            .collect();
        assert!(compiled.len() > 20, "{} patterns", compiled.len());
        for (source, _, forward, reverse) in &compiled {
            let states = forward.states().iter().chain(reverse.states());
            assert!(states.clone().all(patterns::writable), "{source}");
        }
        current(
            PATTERN_FILE,
            &encode::patterns(&compiled),
            patterns::PATTERNS,
        );
        for (source, never_empty, forward, reverse) in &compiled {
            let read = pattern_compiled(source);
            let read = read.unwrap_or_else(|| panic!("{source} is not prebuilt"));
            assert_eq!((read.source, read.never_empty), (&source[..], *never_empty));
            assert!(same_nfa(read.forward(), forward), "{source}");
            assert!(same_nfa(read.reverse(), reverse), "{source}");
        }
    }

    #[test]
    fn every_kind_of_state_reads_back_as_compiled() {
        let sources = [
            r"(?i)(?-u:\b)as(?-u:\b)|(?-u:\b)x{3,}(?-u:\B)",
            r"(?m)^ *(?P<word>[a-z-]+?) *$|(?-u:[\x00-\x7f])|a??|()|é*",
            r"[a&&b]|a|bc|d(?-u:\b)",
            "",
        ];
        let compiled: Vec<_> = sources.iter().map(|s| compile_regex(s)).collect();
        let states = || {
            compiled
                .iter()
                .flat_map(|(_, _, f, r)| f.states().iter().chain(r.states()))
        };
        let kinds: std::collections::HashSet<_> = states().map(std::mem::discriminant).collect();
        assert!(states().all(patterns::writable));
        assert_eq!(kinds.len(), 7, "every state the form writes");
        let bytes = encode::patterns(&compiled);
        let mut r = Reader {
            bytes: bytes.strip_prefix(patterns::MAGIC).unwrap_or_default(),
        };
        for (source, never_empty, forward, reverse) in &compiled {
            assert_eq!(r.str(), Some(&source[..]));
            assert_eq!(r.flag(), Some(*never_empty));
            for (nfa, backwards) in [(forward, false), (reverse, true)] {
                let len = r.uint().unwrap_or_default();
                let form = r.take(len).unwrap_or_default();
                assert!(
                    same_nfa(patterns::read_nfa(form, backwards), nfa),
                    "{source}"
                );
                // Cut short anywhere, or a byte changed, the NFA is refused
                // or read as some NFA, never misread into a panic.
                for cut in 0..form.len() {
                    assert!(patterns::read_nfa(&form[..cut], backwards).is_none());
                    let mut changed = form.to_vec();
                    changed[cut] ^= 0x5a;
                    drop(patterns::read_nfa(&changed, backwards));
                }
            }
        }
        assert!(r.bytes.is_empty());
        assert!(pattern_compiled("a pattern no pack has").is_none());
    }

    fn parsed(file: &SourceFile) -> Pack {
        let (pack, errors) = parse_pack(file);
        assert!(errors.is_empty(), "{}: {errors:?}", file.name);
        pack.unwrap_or_else(|| panic!("{} did not parse", file.name))
    }

    /// A pack with every kind of node the syntax tree has.
    const EVERYTHING: &str = r#"pack demo "Every node" docs "https://example.org/rules.md" tests "demo.tests" tests "more.tests"

let constants = [1, 2.5, -3, true, false, null, "x\"y"]
let hedges = words ["as needed", "as appropriate", constants]
let digits = /\d+\s*%/ix
define hedged(text, other) = matches(text, hedges) or not present(other)

rule demo.everything {
  severity warning
  summary "Every step"
  cite "34 CFR 300.320(a)(2)"
  why "Coverage."
  ask "Is all of it read?"
  example fail at "/goals/0/statement" """{"goals": [{"statement": "as needed"}]}"""
  example pass "{}"
  for g in goals[*] where count(x in g.objectives[* where it.met == true] where x.n > 1) >= 0 {
    let s = g.statement
    when present(s)
    require len(s) - 1 != 0 and s in ["a", "b"] or s <= "z" and s < "y" and s >= "b" and s > "a" if any(o in g.objectives) at g["odd key"] severity error message "Goal {g.statement} has {len(s) + 1}" help "Fix {s}."
  }
  for s in services[0].items
  forbid all(x in s where x == 2) message "m"
  report none(y in goals)
}
"#;

    #[test]
    fn the_prebuilt_file_is_the_built_in_packs_parsed() {
        let files = builtin_parsed();
        let trees = encode::trees(files.iter().map(|(f, p)| (&*f.name, &*f.text, p)));
        current(FILE, &trees, TREES);
    }

    #[test]
    fn every_built_in_pack_reads_as_it_parses() {
        for file in crate::packs::builtin() {
            let tree = builtin_tree(&file.name, &file.text);
            assert!(tree.is_some(), "{} has no prebuilt tree", file.name);
            assert_eq!(
                format!("{tree:#?}"),
                format!("{:#?}", Some(parsed(&file))),
                "{}",
                file.name
            );
        }
    }

    #[test]
    fn every_kind_of_node_reads_back_as_written() {
        let file = SourceFile::new("demo.rules", EVERYTHING);
        let pack = parsed(&file);
        let bytes = encode::trees([(&*file.name, EVERYTHING, &pack)]);
        let mut r = Reader {
            bytes: bytes.strip_prefix(MAGIC).unwrap_or_default(),
        };
        let (name, len, print) = (r.str(), r.uint(), r.u64());
        assert_eq!((name, len), (Some("demo.rules"), Some(EVERYTHING.len())));
        assert_eq!(print, Some(fingerprint(EVERYTHING)));
        let size = r.uint().unwrap_or_default();
        let tree = r.take(size).unwrap_or_default();
        let read = Reader { bytes: tree }.pack(&file.name);
        assert_eq!(format!("{read:#?}"), format!("{:#?}", Some(pack)));
        // Cut short anywhere, or with a byte changed to a tag never
        // written, the tree is refused, never misread into a panic.
        for cut in 0..tree.len() {
            assert!(Reader {
                bytes: &tree[..cut]
            }
            .pack(&file.name)
            .is_none());
        }
        for at in 0..tree.len() {
            let mut bad = tree.to_vec();
            bad[at] = 0xff;
            let _ = Reader { bytes: &bad }.pack(&file.name);
        }
    }

    #[test]
    fn a_pack_that_differs_from_the_shipped_text_is_parsed() {
        let shipped = crate::packs::builtin();
        let Some(first) = shipped.first() else {
            panic!("no built-in pack")
        };
        assert!(builtin_tree(&first.name, &first.text).is_some());
        // The same text under another name, and the name with one byte of
        // the text changed (same length), have no prebuilt tree.
        assert!(builtin_tree(&Arc::from("rules/mine.rules"), &first.text).is_none());
        let mut text = first.text.to_string();
        let last = text
            .pop()
            .map_or(' ', |c| if c == '\n' { ' ' } else { '\n' });
        text.push(last);
        assert!(builtin_tree(&first.name, &text).is_none());
    }
}
