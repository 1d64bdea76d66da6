//! Values that depend on the document alone are computed once per
//! document. A rule often asks for the same collection in a loop
//! (`goals[*].id` for every service, `texts(plan)` in three rules, a pack
//! value such as `aided_services` in sixteen): each such expression gets an
//! id, and the evaluator keeps its value, and the place it blames, for the
//! rest of the document. The same expression written in several places
//! (`texts(plan)` in three rules) gets one id, so it is computed once.
//!
//! An expression depends on the document alone when it reads no variable
//! except those it binds itself (a filter's `it`, a quantifier's element).
//! Built-in functions and pack functions are pure, so a call whose
//! arguments qualify qualifies too.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use crate::program::{Const, Expr, Segment, Step};

/// Hands out the ids of cached values, unique across every pack of a run;
/// an expression equal to one cached before gets that one's id.
#[derive(Debug, Default)]
pub struct CacheIds {
    next: Cell<usize>,
    /// The expressions given an id so far.
    given: RefCell<Vec<(Expr, usize)>>,
}

impl CacheIds {
    /// A new id.
    pub fn next(&self) -> usize {
        let id = self.next.get();
        self.next.set(id + 1);
        id
    }

    /// Wraps `e` so it is evaluated once per document, sharing the value
    /// of an equal expression cached before.
    pub fn cached(&self, e: Expr) -> Expr {
        let known = self
            .given
            .borrow()
            .iter()
            .find(|(x, _)| same(x, &e))
            .map(|&(_, id)| id);
        let id = known.unwrap_or_else(|| {
            let id = self.next();
            self.given.borrow_mut().push((e.clone(), id));
            id
        });
        Expr::Cached {
            id,
            expr: Box::new(e),
        }
    }
}

/// Whether two expressions are written alike, and so compute the same
/// value of a document: pack functions and patterns are the same when they
/// are the same object, variables when they are the same slot.
fn same(a: &Expr, b: &Expr) -> bool {
    let all =
        |x: &[Expr], y: &[Expr]| x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y));
    match (a, b) {
        (Expr::Const(x), Expr::Const(y)) => same_const(x, y),
        (Expr::List(x), Expr::List(y)) => all(x, y),
        (Expr::Var(x), Expr::Var(y)) => x == y,
        (Expr::Root, Expr::Root) | (Expr::Profile, Expr::Profile) => true,
        (Expr::Path(x, xs), Expr::Path(y, ys)) => {
            same(x, y) && xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_segment(x, y))
        }
        (Expr::Cached { id: x, .. }, Expr::Cached { id: y, .. }) => x == y,
        (Expr::Call(f, x), Expr::Call(g, y)) => f == g && all(x, y),
        (Expr::Invoke(f, x), Expr::Invoke(g, y)) => Arc::ptr_eq(f, g) && all(x, y),
        (Expr::Unary(o, x), Expr::Unary(p, y)) => o == p && same(x, y),
        (Expr::Binary(o, x1, x2), Expr::Binary(p, y1, y2)) => {
            o == p && same(x1, y1) && same(x2, y2)
        }
        (
            Expr::Quantifier {
                kind: k1,
                slot: s1,
                source: x,
                filter: f1,
            },
            Expr::Quantifier {
                kind: k2,
                slot: s2,
                source: y,
                filter: f2,
            },
        ) => {
            k1 == k2
                && s1 == s2
                && same(x, y)
                && match (f1, f2) {
                    (Some(f1), Some(f2)) => same(f1, f2),
                    (None, None) => true,
                    _ => false,
                }
        }
        _ => false,
    }
}

fn same_segment(a: &Segment, b: &Segment) -> bool {
    match (a, b) {
        (Segment::Field(x), Segment::Field(y)) => x == y,
        (Segment::Index(x), Segment::Index(y)) => x == y,
        (Segment::All, Segment::All) => true,
        (Segment::Filter { slot: s, cond: x }, Segment::Filter { slot: t, cond: y }) => {
            s == t && same(x, y)
        }
        _ => false,
    }
}

fn same_const(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::Str(x), Const::Str(y)) => x == y,
        (Const::Num(x), Const::Num(y)) => x.to_bits() == y.to_bits(),
        (Const::Bool(x), Const::Bool(y)) => x == y,
        (Const::Null, Const::Null) => true,
        (Const::List(x), Const::List(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(x, y)| same_const(x, y))
        }
        (Const::Pattern(x), Const::Pattern(y)) => Arc::ptr_eq(x, y),
        _ => false,
    }
}

/// Caches the largest document-only parts of every expression of a rule.
pub fn steps(steps: &mut [Step], ids: &CacheIds) {
    for step in steps {
        let (exprs, block) = step.parts_mut();
        exprs.into_iter().for_each(|e| expr(e, ids));
        self::steps(block, ids);
    }
}

/// Caches `e` when it depends on the document alone and is worth keeping;
/// otherwise looks inside it.
pub fn expr(e: &mut Expr, ids: &CacheIds) {
    if worth_keeping(e) && document_only(e, &mut Vec::new()) {
        let taken = std::mem::replace(e, Expr::Root);
        *e = ids.cached(taken);
        return;
    }
    match e {
        Expr::Const(_) | Expr::Var(_) | Expr::Root | Expr::Profile | Expr::Cached { .. } => {}
        Expr::List(items) | Expr::Call(_, items) | Expr::Invoke(_, items) => {
            for i in items {
                expr(i, ids);
            }
        }
        Expr::Path(base, segs) => {
            expr(base, ids);
            for seg in segs {
                if let Segment::Filter { cond, .. } = seg {
                    expr(cond, ids);
                }
            }
        }
        Expr::Unary(_, x) => expr(x, ids),
        Expr::Binary(_, a, b) => {
            expr(a, ids);
            expr(b, ids);
        }
        Expr::Quantifier { source, filter, .. } => {
            expr(source, ids);
            if let Some(f) = filter {
                expr(f, ids);
            }
        }
    }
}

/// Constants, the root and the profile cost nothing to compute.
fn worth_keeping(e: &Expr) -> bool {
    !matches!(
        e,
        Expr::Const(_) | Expr::Root | Expr::Profile | Expr::Cached { .. } | Expr::Var(_)
    )
}

/// Whether `e` reads no variable but those in `bound` (the ones bound
/// inside the expression being judged).
fn document_only(e: &Expr, bound: &mut Vec<usize>) -> bool {
    match e {
        Expr::Const(_) | Expr::Root | Expr::Profile | Expr::Cached { .. } => true,
        Expr::Var(slot) => bound.contains(slot),
        Expr::List(items) | Expr::Call(_, items) | Expr::Invoke(_, items) => {
            items.iter().all(|i| document_only(i, bound))
        }
        Expr::Path(base, segs) => {
            document_only(base, bound)
                && segs.iter().all(|seg| match seg {
                    Segment::Filter { slot, cond } => {
                        binding(*slot, bound, |b| document_only(cond, b))
                    }
                    Segment::Field(_) | Segment::Index(_) | Segment::All => true,
                })
        }
        Expr::Unary(_, x) => document_only(x, bound),
        Expr::Binary(_, a, b) => document_only(a, bound) && document_only(b, bound),
        Expr::Quantifier {
            slot,
            source,
            filter,
            ..
        } => {
            document_only(source, bound)
                && filter
                    .as_deref()
                    .is_none_or(|f| binding(*slot, bound, |b| document_only(f, b)))
        }
    }
}

/// Runs `f` with `slot` counted as bound.
fn binding(slot: usize, bound: &mut Vec<usize>, f: impl FnOnce(&mut Vec<usize>) -> bool) -> bool {
    bound.push(slot);
    let out = f(bound);
    bound.pop();
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ast::{BinaryOp, Quantifier};
    use crate::builtins::Builtin;
    use crate::program::Const;

    fn field(base: Expr, name: &str) -> Expr {
        Expr::Path(Box::new(base), vec![Segment::Field(Arc::from(name))])
    }

    fn is_cached(e: &Expr) -> bool {
        matches!(e, Expr::Cached { .. })
    }

    #[test]
    fn a_call_on_the_document_is_cached_whole() {
        let ids = CacheIds::default();
        let mut e = Expr::Call(Builtin::Texts, vec![Expr::Root]);
        expr(&mut e, &ids);
        assert!(is_cached(&e));
    }

    #[test]
    fn a_call_on_a_variable_keeps_its_document_only_argument_cached() {
        let ids = CacheIds::default();
        let all_ids = Expr::Path(
            Box::new(Expr::Root),
            vec![Segment::Field(Arc::from("goals")), Segment::All],
        );
        let mut e = Expr::Binary(
            BinaryOp::In,
            Box::new(field(Expr::Var(0), "id")),
            Box::new(all_ids),
        );
        expr(&mut e, &ids);
        let Expr::Binary(_, a, b) = &e else {
            panic!("still a comparison")
        };
        assert!(!is_cached(a), "the variable's field is not the document's");
        assert!(is_cached(b));
    }

    #[test]
    fn a_quantifier_over_its_own_element_is_document_only_and_others_are_not() {
        let quantifier = |filter_slot: usize| Expr::Quantifier {
            kind: Quantifier::Any,
            slot: 1,
            source: Box::new(field(Expr::Root, "goals")),
            filter: Some(Box::new(field(Expr::Var(filter_slot), "id"))),
        };
        let ids = CacheIds::default();
        let mut own = quantifier(1);
        expr(&mut own, &ids);
        assert!(is_cached(&own));
        let mut outer = quantifier(0);
        expr(&mut outer, &ids);
        assert!(!is_cached(&outer));
    }

    #[test]
    fn an_expression_written_again_shares_the_first_ones_value() {
        let ids = CacheIds::default();
        let texts = || Expr::Call(Builtin::Texts, vec![field(Expr::Root, "goals")]);
        let (mut a, mut b) = (texts(), texts());
        let mut other = Expr::Call(Builtin::Texts, vec![field(Expr::Root, "services")]);
        for e in [&mut a, &mut b, &mut other] {
            expr(e, &ids);
        }
        let id = |e: &Expr| match e {
            Expr::Cached { id, .. } => Some(*id),
            _ => None,
        };
        assert_eq!(id(&a), Some(0));
        assert_eq!(id(&b), Some(0), "the same expression, the same value");
        assert_eq!(id(&other), Some(1), "another expression, its own value");
    }

    #[test]
    fn constants_are_left_as_they_are() {
        let ids = CacheIds::default();
        let mut e = Expr::Const(Const::Num(1.0));
        expr(&mut e, &ids);
        assert!(matches!(e, Expr::Const(_)));
        assert_eq!(ids.next(), 0, "no id was used");
    }
}
