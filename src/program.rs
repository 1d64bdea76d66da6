//! Stage 4: compiled rules, ready to evaluate.
//!
//! Produced by [`crate::check`] once per run. Names are resolved to slots,
//! regexes and word lists are compiled, pack values are shared by `Arc`.

use std::sync::Arc;

use crate::ast::{BinaryOp, CheckKind, Quantifier, UnaryOp};
use crate::builtins::Builtin;
use crate::finding::Severity;
use crate::pattern::Pattern;
use crate::rule::RuleDoc;

/// A rule, compiled.
#[derive(Debug)]
pub struct CompiledRule {
    /// Its id and documentation.
    pub doc: Arc<RuleDoc>,
    /// Scopes and checks in order.
    pub steps: Vec<Step>,
    /// How many variable slots an evaluation needs.
    pub slots: usize,
    /// Where each check is written, by [`Check::index`].
    pub checks: Vec<CheckSite>,
}

/// Where a check is written, for `ieplint test --coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckSite {
    /// require, forbid or report.
    pub kind: CheckKind,
    /// Its line in the pack file, from 1.
    pub line: usize,
}

/// One compiled step of a rule body.
#[derive(Debug)]
pub enum Step {
    /// Bind each element of `source` to `slot`, keeping those passing `filter`.
    For {
        /// Where the element goes.
        slot: usize,
        /// The collection.
        source: Expr,
        /// The filter.
        filter: Option<Expr>,
        /// Steps of a `{ ... }` block; `None` when the rest of the rule is
        /// the body.
        body: Option<Vec<Step>>,
    },
    /// Bind a value to `slot`.
    Let {
        /// Where it goes.
        slot: usize,
        /// The value.
        value: Expr,
    },
    /// Continue only when the condition holds.
    When(Expr),
    /// Produce findings.
    Check(Check),
}

impl Step {
    /// The expressions of this step, in the order an evaluation reaches
    /// them, and the steps of its `{ ... }` block (none for other steps).
    pub fn parts(&self) -> (Vec<&Expr>, &[Step]) {
        match self {
            Step::For {
                source,
                filter,
                body,
                ..
            } => (
                std::iter::once(source).chain(filter).collect(),
                body.as_deref().unwrap_or_default(),
            ),
            Step::Let { value, .. } => (vec![value], &[]),
            Step::When(cond) => (vec![cond], &[]),
            Step::Check(check) => {
                let mut exprs: Vec<&Expr> = check.guard.iter().collect();
                exprs.push(&check.expr);
                exprs.extend(&check.at);
                for part in check.message.0.iter().chain(&check.help.0) {
                    if let Part::Value(e) = part {
                        exprs.push(e);
                    }
                }
                (exprs, &[])
            }
        }
    }

    /// [`Step::parts`], to change them.
    pub fn parts_mut(&mut self) -> (Vec<&mut Expr>, &mut [Step]) {
        match self {
            Step::For {
                source,
                filter,
                body,
                ..
            } => (
                std::iter::once(source).chain(filter).collect(),
                body.as_deref_mut().unwrap_or_default(),
            ),
            Step::Let { value, .. } => (vec![value], &mut []),
            Step::When(cond) => (vec![cond], &mut []),
            Step::Check(check) => {
                let mut exprs: Vec<&mut Expr> = check.guard.iter_mut().collect();
                exprs.push(&mut check.expr);
                exprs.extend(&mut check.at);
                for part in check.message.0.iter_mut().chain(&mut check.help.0) {
                    if let Part::Value(e) = part {
                        exprs.push(e);
                    }
                }
                (exprs, &mut [])
            }
        }
    }
}

/// A compiled check.
#[derive(Debug)]
pub struct Check {
    /// Its number in the rule, counted from 0 in the order written.
    pub index: usize,
    /// require, forbid or report.
    pub kind: CheckKind,
    /// The condition or place.
    pub expr: Expr,
    /// Runs only when this holds.
    pub guard: Option<Expr>,
    /// Where the finding points.
    pub at: Option<Expr>,
    /// Overrides the rule's severity.
    pub severity: Option<Severity>,
    /// What is wrong.
    pub message: Template,
    /// How to fix it.
    pub help: Template,
}

/// A message with holes.
#[derive(Debug, Default)]
pub struct Template(pub Vec<Part>);

impl Template {
    /// About how long the rendered message is: its text, and a few words
    /// for each value (a value is cut at 60 characters).
    pub fn len_hint(&self) -> usize {
        self.0
            .iter()
            .map(|p| match p {
                Part::Text(s) => s.len(),
                Part::Value(_) => 32,
                Part::Absence => 24,
            })
            .sum()
    }
}

/// A piece of a message.
#[derive(Debug)]
pub enum Part {
    /// Literal text.
    Text(String),
    /// A value to render.
    Value(Expr),
    /// "is missing", "is empty", ...: why the value counted as absent.
    Absence,
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub enum Expr {
    /// A constant.
    Const(Const),
    /// A list built from expressions.
    List(Vec<Expr>),
    /// A variable slot.
    Var(usize),
    /// The whole document.
    Root,
    /// The profile the run uses: "draft" or "template".
    Profile,
    /// A path from a base.
    Path(Box<Expr>, Vec<Segment>),
    /// A collection that depends only on the document (e.g.
    /// `goals[*].id`), evaluated once per document; `in` against it is a
    /// hash lookup.
    Cached {
        /// Its key in the document's cache.
        id: usize,
        /// The expression.
        expr: Box<Expr>,
    },
    /// A built-in function.
    Call(Builtin, Vec<Expr>),
    /// A pack `define` or `let`, evaluated in a fresh frame.
    Invoke(Arc<Function>, Vec<Expr>),
    /// `not x`, `-x`.
    Unary(UnaryOp, Box<Expr>),
    /// `a op b`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `any(x in xs where c)` and friends.
    Quantifier {
        /// Which.
        kind: Quantifier,
        /// Slot of the element.
        slot: usize,
        /// The collection.
        source: Box<Expr>,
        /// The condition.
        filter: Option<Box<Expr>>,
    },
}

/// A path step.
#[derive(Debug, Clone)]
pub enum Segment {
    /// `.name`.
    Field(Arc<str>),
    /// `[n]`.
    Index(usize),
    /// `[*]`.
    All,
    /// `[* where cond]` with the element in `slot`.
    Filter {
        /// Slot of `it`.
        slot: usize,
        /// The condition.
        cond: Box<Expr>,
    },
}

/// A pack-level `define` (or a `let` that reads the document).
#[derive(Debug)]
pub struct Function {
    /// The name, shown when a compiled program is printed for debugging.
    #[expect(dead_code, reason = "read only through Debug")]
    pub name: String,
    /// Slots the body needs; parameters take the first ones.
    pub slots: usize,
    /// The body.
    pub body: Expr,
}

/// A constant value.
#[derive(Debug, Clone)]
pub enum Const {
    /// Text.
    Str(Arc<str>),
    /// A number.
    Num(f64),
    /// A boolean.
    Bool(bool),
    /// Null.
    Null,
    /// A list of constants.
    List(Arc<[Const]>),
    /// A compiled regex or word list.
    Pattern(Arc<Pattern>),
}

/// Every pattern `rules` use, in the order an evaluation of the rules, one
/// after another, first reaches them (a pack function's patterns where it
/// is first called): the order to compile them in ahead of use.
pub fn patterns_in_use_order(rules: &[CompiledRule]) -> Vec<Arc<Pattern>> {
    let mut walk = PatternWalk::default();
    for rule in rules {
        walk.steps(&rule.steps);
    }
    walk.found
}

#[derive(Default)]
struct PatternWalk {
    found: Vec<Arc<Pattern>>,
    functions: Vec<*const Function>,
}

impl PatternWalk {
    fn steps(&mut self, steps: &[Step]) {
        for step in steps {
            let (exprs, block) = step.parts();
            exprs.into_iter().for_each(|e| self.expr(e));
            self.steps(block);
        }
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Const(c) => self.constant(c),
            Expr::Var(_) | Expr::Root | Expr::Profile => {}
            Expr::List(items) | Expr::Call(_, items) => items.iter().for_each(|i| self.expr(i)),
            Expr::Invoke(f, args) => {
                args.iter().for_each(|a| self.expr(a));
                // A function is walked once, where it is first called.
                let id = Arc::as_ptr(f);
                if !self.functions.contains(&id) {
                    self.functions.push(id);
                    self.expr(&f.body);
                }
            }
            Expr::Path(base, segs) => {
                self.expr(base);
                for seg in segs {
                    if let Segment::Filter { cond, .. } = seg {
                        self.expr(cond);
                    }
                }
            }
            Expr::Cached { expr, .. } | Expr::Unary(_, expr) => self.expr(expr),
            Expr::Binary(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            Expr::Quantifier { source, filter, .. } => {
                self.expr(source);
                filter.iter().for_each(|f| self.expr(f));
            }
        }
    }

    fn constant(&mut self, c: &Const) {
        match c {
            Const::Pattern(p) if !self.found.iter().any(|f| Arc::ptr_eq(f, p)) => {
                self.found.push(Arc::clone(p));
            }
            Const::List(items) => items.iter().for_each(|i| self.constant(i)),
            _ => {}
        }
    }
}
