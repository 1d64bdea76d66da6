//! Writes the prebuilt forms that [`super::Reader`] reads: used by the
//! tests that make `builtin.tree` and `patterns.nfa` and check that they
//! are current.

use regex_automata::nfa::thompson::{State, Transition, NFA};
use regex_automata::util::primitives::StateID;

use super::patterns::tag;

use super::{fingerprint, BINARY, CHECKS, MAGIC, QUANTIFIERS, UNARY};
use crate::ast::*;

/// The prebuilt form of patterns: each source, whether every match is
/// at least one character long, and its forward and reverse NFAs.
pub fn patterns(compiled: &[(String, bool, NFA, NFA)]) -> Vec<u8> {
    let mut out = super::patterns::MAGIC.to_vec();
    for (source, never_empty, forward, reverse) in compiled {
        Writer::str_into(&mut out, source);
        out.push(u8::from(*never_empty));
        for nfa in [forward, reverse] {
            let mut w = Writer::default();
            w.nfa(nfa);
            Writer::uint_into(&mut out, w.out.len());
            out.extend(w.out);
        }
    }
    out
}

/// The prebuilt form of pack files `(name, text, the tree parsed from
/// it)`.
pub fn trees<'a>(files: impl IntoIterator<Item = (&'a str, &'a str, &'a Pack)>) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for (name, text, pack) in files {
        let mut w = Writer::default();
        w.pack(pack);
        Writer::str_into(&mut out, name);
        Writer::uint_into(&mut out, text.len());
        out.extend(fingerprint(text).to_le_bytes());
        Writer::uint_into(&mut out, w.out.len());
        out.extend(w.out);
    }
    out
}

#[derive(Default)]
struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn uint_into(out: &mut Vec<u8>, mut n: usize) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(low);
                return;
            }
            out.push(low | 0x80);
        }
    }

    fn str_into(out: &mut Vec<u8>, s: &str) {
        Self::uint_into(out, s.len());
        out.extend(s.as_bytes());
    }

    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    fn uint(&mut self, n: usize) {
        Self::uint_into(&mut self.out, n);
    }

    fn str(&mut self, s: &str) {
        Self::str_into(&mut self.out, s);
    }

    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.uint(items.len());
        for i in items {
            item(self, i);
        }
    }

    fn option<T: ?Sized>(&mut self, value: Option<&T>, write: impl FnOnce(&mut Self, &T)) {
        match value {
            None => self.byte(0),
            Some(v) => {
                self.byte(1);
                write(self, v);
            }
        }
    }

    fn tag<T: PartialEq>(&mut self, table: &[T], value: &T) {
        let at = table.iter().position(|t| t == value).unwrap_or(usize::MAX);
        self.byte(u8::try_from(at).unwrap_or(u8::MAX));
    }

    fn span(&mut self, s: Span) {
        self.uint(s.start);
        self.uint(s.end - s.start);
    }

    fn ident(&mut self, i: &Ident) {
        self.str(&i.name);
        self.span(i.span);
    }

    fn text(&mut self, t: &Text) {
        self.str(&t.value);
        self.span(t.span);
    }

    fn pack(&mut self, p: &Pack) {
        self.ident(&p.name);
        self.option(p.description.as_ref(), |w, s| w.str(s));
        self.option(p.docs.as_ref(), |w, s| w.str(s));
        self.list(&p.tests, |w, s| w.str(s));
        self.list(&p.items, Self::item);
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Let(d) => {
                self.byte(0);
                self.ident(&d.name);
                self.expr(&d.value);
            }
            Item::Define(d) => {
                self.byte(1);
                self.ident(&d.name);
                self.list(&d.params, Self::ident);
                self.expr(&d.body);
            }
            Item::Rule(r) => {
                self.byte(2);
                self.ident(&r.id);
                self.span(r.span);
                self.list(&r.meta, Self::meta);
                self.list(&r.body, Self::step);
            }
        }
    }

    fn meta(&mut self, m: &Meta) {
        match m {
            Meta::Severity(i) => {
                self.byte(0);
                self.ident(i);
            }
            Meta::Summary(t) | Meta::Cite(t) | Meta::Why(t) | Meta::Ask(t) => {
                self.byte(match m {
                    Meta::Summary(_) => 1,
                    Meta::Cite(_) => 2,
                    Meta::Why(_) => 3,
                    _ => 4,
                });
                self.text(t);
            }
            Meta::Example {
                kind,
                at,
                text,
                span,
            } => {
                self.byte(5);
                self.ident(kind);
                self.option(at.as_ref(), Self::text);
                self.text(text);
                self.span(*span);
            }
        }
    }

    fn step(&mut self, s: &Step) {
        match s {
            Step::For {
                var,
                source,
                filter,
                body,
            } => {
                self.byte(0);
                self.ident(var);
                self.expr(source);
                self.option(filter.as_ref(), Self::expr);
                self.option(body.as_ref(), |w, b| w.list(b, Self::step));
            }
            Step::Let { name, value } => {
                self.byte(1);
                self.ident(name);
                self.expr(value);
            }
            Step::When(e) => {
                self.byte(2);
                self.expr(e);
            }
            Step::Check(c) => {
                self.byte(3);
                self.tag(&CHECKS, &c.kind);
                self.expr(&c.expr);
                self.option(c.guard.as_ref(), Self::expr);
                self.option(c.at.as_ref(), Self::expr);
                self.option(c.severity.as_ref(), Self::ident);
                self.option(c.message.as_ref(), Self::template);
                self.option(c.help.as_ref(), Self::template);
                self.span(c.span);
            }
        }
    }

    fn template(&mut self, t: &Template) {
        self.list(&t.parts, |w, part| match part {
            TemplatePart::Text(s) => {
                w.byte(0);
                w.str(s);
            }
            TemplatePart::Hole(e) => {
                w.byte(1);
                w.expr(e);
            }
        });
        self.span(t.span);
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Str(s) => {
                self.byte(0);
                self.str(s);
            }
            ExprKind::Num(n) => {
                self.byte(1);
                self.out.extend(n.to_bits().to_le_bytes());
            }
            ExprKind::Bool(b) => {
                self.byte(2);
                self.byte(u8::from(*b));
            }
            ExprKind::Null => self.byte(3),
            ExprKind::List(items) => {
                self.byte(4);
                self.list(items, Self::expr);
            }
            ExprKind::Words(items) => {
                self.byte(5);
                self.list(items, Self::expr);
            }
            ExprKind::Regex {
                pattern,
                flags,
                pattern_start,
            } => {
                self.byte(6);
                self.str(pattern);
                self.str(flags);
                self.uint(*pattern_start);
            }
            ExprKind::Path { root, segments } => {
                self.byte(7);
                self.ident(root);
                self.list(segments, Self::segment);
            }
            ExprKind::Call { name, args } => {
                self.byte(8);
                self.ident(name);
                self.list(args, Self::expr);
            }
            ExprKind::Unary { op, expr } => {
                self.byte(9);
                self.tag(&UNARY, op);
                self.expr(expr);
            }
            ExprKind::Binary { op, lhs, rhs } => {
                self.byte(10);
                self.tag(&BINARY, op);
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Quantifier {
                kind,
                var,
                source,
                filter,
            } => {
                self.byte(11);
                self.tag(&QUANTIFIERS, kind);
                self.ident(var);
                self.expr(source);
                self.option(filter.as_deref(), Self::expr);
            }
        }
        self.span(e.span);
    }

    fn segment(&mut self, s: &Segment) {
        match s {
            Segment::Field(name, span) => {
                self.byte(0);
                self.str(name);
                self.span(*span);
            }
            Segment::Index(i, span) => {
                self.byte(1);
                self.uint(*i);
                self.span(*span);
            }
            Segment::All(span) => {
                self.byte(2);
                self.span(*span);
            }
            Segment::Filter(e, span) => {
                self.byte(3);
                self.expr(e);
                self.span(*span);
            }
        }
    }

    fn nfa(&mut self, nfa: &NFA) {
        self.uint(nfa.start_anchored().as_usize());
        self.uint(nfa.start_unanchored().as_usize());
        self.uint(nfa.states().len());
        for (sid, state) in nfa.states().iter().enumerate() {
            match state {
                State::ByteRange { trans } => {
                    self.byte(tag::RANGE);
                    self.transition(sid, trans);
                }
                State::Sparse(sparse) => {
                    self.byte(tag::SPARSE);
                    self.list(&sparse.transitions, |w, t| w.transition(sid, t));
                }
                State::Look { look, next } => {
                    self.byte(tag::LOOK);
                    self.uint(look.as_repr() as usize);
                    self.state(sid, *next);
                }
                State::Union { alternates } => {
                    self.byte(tag::UNION);
                    self.list(alternates, |w, alt| w.state(sid, *alt));
                }
                State::BinaryUnion { alt1, alt2 } => {
                    self.byte(tag::BINARY_UNION);
                    self.state(sid, *alt1);
                    self.state(sid, *alt2);
                }
                State::Fail => self.byte(tag::FAIL),
                State::Match { .. } => self.byte(tag::MATCH),
                // Not made of a pattern compiled without groups (by test):
                // a tag the reader refuses, so the pattern is compiled.
                State::Dense(_) | State::Capture { .. } => self.byte(u8::MAX),
            }
        }
    }

    fn transition(&mut self, sid: usize, t: &Transition) {
        self.byte(t.start);
        self.byte(t.end);
        self.state(sid, t.next);
    }

    /// State `id`, named by state `sid`: their distance, zigzag encoded.
    fn state(&mut self, sid: usize, id: StateID) {
        let id = id.as_usize();
        self.uint(match id.checked_sub(sid) {
            Some(ahead) => ahead << 1,
            None => ((sid - id - 1) << 1) | 1,
        });
    }
}
