//! Expressions over a borrowed document: paths, operators, quantifiers.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::rc::Rc;

use serde_json::Value;

use crate::ast::{BinaryOp, Quantifier, UnaryOp};
use crate::builtins::{self, same, Ahead, Builtin};
use crate::lexicon::Lexicon;
use crate::pattern::Pattern;
use crate::program::{Const, Expr, Function, Segment};
use crate::value::{address, key, AddressHasher, Blame, Key, Places, Ptr, Val};

/// A boolean outcome and the place it is about.
pub struct Truth<'d> {
    /// The outcome.
    pub value: bool,
    /// Where a finding should point.
    pub blame: Option<Blame<'d>>,
}

/// Evaluates expressions against one document, keeping the values of
/// document-only collections (and their hash sets) for all rules.
pub struct Evaluator<'d> {
    /// The document.
    doc: &'d Value,
    /// `profile` in rules: "draft" or "template".
    profile: &'d str,
    /// The verbs the text functions know.
    lexicon: &'d Lexicon,
    /// Where the document's values are, for pointers and member names.
    places: Places<'d>,
    /// The empty list, shared.
    empty: Rc<Vec<Val<'d>>>,
    /// Values of document-only expressions, by their id.
    cache: RefCell<Vec<Option<Evaluated<'d>>>>,
    /// Frames of finished function calls, kept for the next call.
    frames: RefCell<Vec<Vec<Val<'d>>>>,
    /// The findings a rule has made, by hash, kept empty for the next rule.
    seen: RefCell<HashMap<u64, usize>>,
    /// Hash sets of cached collections' scalars, for `in`.
    sets: RefCell<HashMap<usize, Rc<HashSet<Key<'d>>>>>,
    /// Set when this evaluation only looks ahead of another.
    ahead: Option<&'d Ahead<'d>>,
    /// Answers of calls of the rules' functions on values of the plan. A
    /// function is a formula of its arguments and the plan, so a call made
    /// again, by the same rule or another (`judged(g.statement)` is asked
    /// by four rules, `unfinished(g.statement)` three times by one), is
    /// answered without evaluating its body.
    calls: RefCell<HashMap<Call, Answer<'d>, BuildHasherDefault<AddressHasher>>>,
}

/// The calls the table of answers has room for from the start: a plan
/// of the corpus asks about 100, so the table is not grown (and every
/// answer moved) while a plan is evaluated.
const CALLS_SIZED_FOR: usize = 128;

/// A call of a function of the rules whose arguments are all values of
/// the plan: the function's and the values' addresses.
#[derive(PartialEq, Eq)]
struct Call {
    function: usize,
    args: [usize; 3],
}

impl Call {
    /// The call of `f` on `args`, when they are values of the plan (at
    /// most three: functions of the rules take one or two).
    fn of(f: &Function, args: &[Val]) -> Option<Call> {
        let mut addresses = [0; 3];
        for (slot, arg) in addresses.iter_mut().zip(args) {
            match arg {
                Val::Json(v, _) => *slot = address(v),
                _ => return None,
            }
        }
        (args.len() <= 3).then_some(Call {
            function: std::ptr::from_ref(f) as usize,
            args: addresses,
        })
    }
}

impl Hash for Call {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // One word for the hasher of addresses, which keeps only the last
        // it is given; equality compares them all.
        let [a, b, c] = self.args;
        state
            .write_usize(self.function ^ a.rotate_left(16) ^ b.rotate_left(32) ^ c.rotate_left(48));
    }
}

/// What a call was found to be.
enum Answer<'d> {
    /// Only whether it holds (it was asked as a condition).
    Holds(bool),
    /// Its value and the place a failure would blame.
    Value(Val<'d>, Option<Blame<'d>>),
}

/// The elements of a collection, one at a time.
pub enum Elements<'d> {
    /// A list's, from the next index.
    Listed(Rc<Vec<Val<'d>>>, usize),
    /// The phrases a pattern matches in a text.
    Found(builtins::Phrases<'d>),
}

impl<'d> Iterator for Elements<'d> {
    type Item = Val<'d>;

    fn next(&mut self) -> Option<Val<'d>> {
        match self {
            Elements::Listed(items, next) => {
                let item = items.get(*next)?.clone();
                *next += 1;
                Some(item)
            }
            Elements::Found(found) => found.next(),
        }
    }
}

/// A value and the place a failure would blame.
type Evaluated<'d> = (Val<'d>, Option<Blame<'d>>);

/// A constant of the program as a value.
fn constant<'d>(c: &'d Const) -> Val<'d> {
    match c {
        Const::Str(s) => Val::Text(s),
        Const::Num(n) => Val::Num(*n),
        Const::Bool(b) => Val::Bool(*b),
        Const::Null => Val::Null,
        Const::List(items) => Val::List(Rc::new(items.iter().map(constant).collect())),
        Const::Pattern(p) => Val::Pattern(p),
    }
}

impl<'d> Evaluator<'d> {
    /// An evaluator for one document in a profile.
    pub fn new(doc: &'d Value, profile: &'d str, lexicon: &'d Lexicon) -> Self {
        Evaluator {
            doc,
            profile,
            lexicon,
            places: Places::new(doc),
            empty: Rc::new(Vec::new()),
            cache: RefCell::new(Vec::new()),
            frames: RefCell::new(Vec::new()),
            seen: RefCell::new(HashMap::new()),
            sets: RefCell::new(HashMap::new()),
            ahead: None,
            calls: RefCell::new(HashMap::with_capacity_and_hasher(
                CALLS_SIZED_FOR,
                BuildHasherDefault::default(),
            )),
        }
    }

    /// This evaluator as a look ahead of another evaluation: it asks for
    /// the patterns its rules reach and never waits for one to compile.
    pub fn looking_ahead(self, ahead: &'d Ahead<'d>) -> Self {
        Evaluator {
            ahead: Some(ahead),
            ..self
        }
    }

    fn cached(&self, id: usize, e: &'d Expr, env: &mut Vec<Val<'d>>) -> Evaluated<'d> {
        if let Some(Some(v)) = self.cache.borrow().get(id) {
            return v.clone();
        }
        let v = self.eval_with_blame(e, env);
        let mut cache = self.cache.borrow_mut();
        if cache.len() <= id {
            cache.resize(id + 1, None);
        }
        if let Some(slot) = cache.get_mut(id) {
            *slot = Some(v.clone());
        }
        v
    }

    /// The hash set of a cached collection's scalars.
    fn set(&self, id: usize, e: &'d Expr, env: &mut Vec<Val<'d>>) -> Rc<HashSet<Key<'d>>> {
        if let Some(s) = self.sets.borrow().get(&id) {
            return Rc::clone(s);
        }
        let set: Rc<HashSet<Key<'d>>> = Rc::new(
            self.cached(id, e, env)
                .0
                .elements()
                .iter()
                .filter_map(key)
                .collect(),
        );
        self.sets.borrow_mut().insert(id, Rc::clone(&set));
        set
    }

    /// Where the document's values are.
    pub fn places(&self) -> &Places<'d> {
        &self.places
    }

    /// What built-in functions read besides their arguments.
    fn context(&self) -> builtins::Context<'_, 'd> {
        builtins::Context {
            lexicon: self.lexicon,
            places: &self.places,
            empty: &self.empty,
            ahead: self.ahead,
        }
    }

    /// Evaluates to a value.
    pub fn eval(&self, e: &'d Expr, env: &mut Vec<Val<'d>>) -> Val<'d> {
        match self.plain(e, env) {
            Some(v) => v,
            None => self.computed(e, env).0,
        }
    }

    /// The value of an expression whose blame is the value's own (a
    /// constant, a variable, a path) or kept beside it (a value kept for
    /// the plan): evaluated without working out the blame, which most
    /// callers drop. `None` for the other expressions.
    fn plain(&self, e: &'d Expr, env: &mut Vec<Val<'d>>) -> Option<Val<'d>> {
        Some(match e {
            Expr::Const(c) => constant(c),
            Expr::List(items) => {
                Val::List(Rc::new(items.iter().map(|i| self.eval(i, env)).collect()))
            }
            Expr::Var(slot) => env.get(*slot).cloned().unwrap_or(Val::Null),
            Expr::Root => Val::json(self.doc),
            Expr::Profile => Val::Text(self.profile),
            Expr::Path(base, segs) => {
                let base = self.eval(base, env);
                self.walk(base, segs, env)
            }
            Expr::Unary(UnaryOp::Neg, x) => match self.eval(x, env).as_num() {
                Some(n) => Val::Num(-n),
                None => Val::Null,
            },
            Expr::Cached { id, expr } => {
                if let Some(Some((v, _))) = self.cache.borrow().get(*id) {
                    return Some(v.clone());
                }
                self.cached(*id, expr, env).0
            }
            _ => return None,
        })
    }

    /// Evaluates to a value and the place a failure would blame.
    fn eval_with_blame(&self, e: &'d Expr, env: &mut Vec<Val<'d>>) -> (Val<'d>, Option<Blame<'d>>) {
        if let Some(val) = self.plain(e, env) {
            if let Expr::Cached { id, .. } = e {
                if let Some(Some((_, blame))) = self.cache.borrow().get(*id) {
                    return (val, blame.clone());
                }
            }
            let blame = val.blame();
            return (val, blame);
        }
        self.computed(e, env)
    }

    /// The value and blame of an expression [`Evaluator::plain`] does not
    /// evaluate (a call, an operator, a quantifier).
    fn computed(&self, e: &'d Expr, env: &mut Vec<Val<'d>>) -> (Val<'d>, Option<Blame<'d>>) {
        let val = match e {
            // The first present value: later arguments are not evaluated.
            Expr::Call(Builtin::Coalesce, args) => {
                let mut first = None;
                for a in args {
                    let v = self.eval(a, env);
                    if v.absence().is_none() {
                        let blame = v.blame();
                        return (v, blame);
                    }
                    first.get_or_insert(v);
                }
                first.unwrap_or(Val::Null)
            }
            Expr::Call(b, args) => {
                // Built-ins take at most three arguments but `coalesce`:
                // those stay on the stack.
                let out = match args.as_slice() {
                    // A variable is passed where it is bound, not copied.
                    [Expr::Var(slot)] => {
                        let arg = env.get(*slot).unwrap_or(&Val::Null);
                        builtins::call(*b, std::slice::from_ref(arg), &self.context())
                    }
                    [x] => builtins::call(*b, &[self.eval(x, env)], &self.context()),
                    [x, y] => {
                        let args = [self.eval(x, env), self.eval(y, env)];
                        builtins::call(*b, &args, &self.context())
                    }
                    [x, y, z] => {
                        let args = [self.eval(x, env), self.eval(y, env), self.eval(z, env)];
                        builtins::call(*b, &args, &self.context())
                    }
                    _ => {
                        let args: Vec<Val<'d>> = args.iter().map(|a| self.eval(a, env)).collect();
                        builtins::call(*b, &args, &self.context())
                    }
                };
                return (out.val, out.blame);
            }
            Expr::Invoke(f, args) => return self.invoke(f, args, env),
            _ => return self.eval_compound(e, env),
        };
        let blame = val.blame();
        (val, blame)
    }

    fn eval_compound(&self, e: &'d Expr, env: &mut Vec<Val<'d>>) -> (Val<'d>, Option<Blame<'d>>) {
        match e {
            Expr::Binary(BinaryOp::Add | BinaryOp::Sub, a, b) => {
                let (x, y) = (self.eval(a, env), self.eval(b, env));
                let val = match (x.as_num(), y.as_num()) {
                    (Some(x), Some(y)) if matches!(e, Expr::Binary(BinaryOp::Add, ..)) => {
                        Val::Num(x + y)
                    }
                    (Some(x), Some(y)) => Val::Num(x - y),
                    _ => Val::Null,
                };
                (val, None)
            }
            Expr::Quantifier {
                kind: Quantifier::Count,
                slot,
                source,
                filter,
            } => {
                let coll = self.eval(source, env);
                let blame = coll.blame();
                let mut n = 0usize;
                for item in coll.elements_shared().iter() {
                    if self.bind_and_test(*slot, item.clone(), filter.as_deref(), env) {
                        n += 1;
                    }
                }
                (Val::Num(n as f64), blame)
            }
            _ => {
                let t = self.truth(e, env);
                (Val::Bool(t.value), t.blame)
            }
        }
    }

    fn invoke(
        &self,
        f: &'d Function,
        args: &'d [Expr],
        env: &mut Vec<Val<'d>>,
    ) -> (Val<'d>, Option<Blame<'d>>) {
        let mut frame = self.bind(f, args, env);
        let call = Call::of(f, frame.get(..args.len()).unwrap_or_default());
        // A call asked only as a condition before is evaluated again, for
        // its value and place.
        let known = call
            .as_ref()
            .and_then(|c| match self.calls.borrow().get(c) {
                Some(Answer::Value(val, blame)) => Some((val.clone(), blame.clone())),
                _ => None,
            });
        if let Some(out) = known {
            self.release(frame);
            return out;
        }
        let out = self.eval_with_blame(&f.body, &mut frame);
        self.release(frame);
        if let Some(call) = call {
            let answer = Answer::Value(out.0.clone(), out.1.clone());
            self.calls.borrow_mut().insert(call, answer);
        }
        out
    }

    /// A frame for a call of `f`: its arguments, evaluated, in the first
    /// slots.
    fn bind(&self, f: &'d Function, args: &'d [Expr], env: &mut Vec<Val<'d>>) -> Vec<Val<'d>> {
        let mut frame = self.frame();
        for a in args {
            let v = self.eval(a, env);
            frame.push(v);
        }
        frame.resize(f.slots.max(frame.len()), Val::Null);
        frame
    }

    /// An empty frame of slots. Frames are reused: a function is called
    /// for every element of most rules, and every rule needs one.
    pub fn frame(&self) -> Vec<Val<'d>> {
        self.frames.borrow_mut().pop().unwrap_or_default()
    }

    /// Gives a frame back for reuse.
    pub fn release(&self, mut frame: Vec<Val<'d>>) {
        frame.clear();
        self.frames.borrow_mut().push(frame);
    }

    /// An empty map for a rule's findings by hash. One is reused: most
    /// rules make a finding or two.
    pub fn seen(&self) -> HashMap<u64, usize> {
        std::mem::take(&mut *self.seen.borrow_mut())
    }

    /// Gives the map of a rule's findings back for reuse.
    pub fn release_seen(&self, mut seen: HashMap<u64, usize>) {
        seen.clear();
        *self.seen.borrow_mut() = seen;
    }

    fn bind_and_test(
        &self,
        slot: usize,
        item: Val<'d>,
        cond: Option<&'d Expr>,
        env: &mut Vec<Val<'d>>,
    ) -> bool {
        // Frames are sized for every slot; a short one grows rather than
        // panics.
        match env.get_mut(slot) {
            Some(s) => *s = item,
            None => {
                env.resize(slot, Val::Null);
                env.push(item);
            }
        }
        cond.is_none_or(|c| self.holds(c, env))
    }

    /// Evaluates a condition.
    pub fn truth(&self, e: &'d Expr, env: &mut Vec<Val<'d>>) -> Truth<'d> {
        match e {
            Expr::Unary(UnaryOp::Not, x) => {
                let t = self.truth(x, env);
                Truth {
                    value: !t.value,
                    blame: t.blame,
                }
            }
            Expr::Binary(BinaryOp::And, a, b) => {
                let l = self.truth(a, env);
                if !l.value {
                    return l;
                }
                let r = self.truth(b, env);
                if !r.value {
                    return r;
                }
                Truth {
                    value: true,
                    blame: l.blame.or(r.blame),
                }
            }
            Expr::Binary(BinaryOp::Or, a, b) => {
                let l = self.truth(a, env);
                if l.value {
                    return l;
                }
                let r = self.truth(b, env);
                if r.value {
                    return r;
                }
                Truth {
                    value: false,
                    blame: l.blame.or(r.blame),
                }
            }
            Expr::Binary(BinaryOp::In, a, b) => {
                let x = self.eval(a, env);
                Truth {
                    value: self.is_in(&x, b, env),
                    blame: x.blame(),
                }
            }
            Expr::Binary(op, a, b) if op.is_comparison() => {
                let x = self.eval(a, env);
                let y = self.eval(b, env);
                Truth {
                    value: compare(*op, &x, &y),
                    blame: x.blame().or_else(|| y.blame()),
                }
            }
            Expr::Quantifier { kind, .. } if *kind != Quantifier::Count => {
                let (coll, stop) = self.quantify(e, env);
                Truth {
                    value: (*kind == Quantifier::Any) == stop.is_some(),
                    blame: stop.and_then(|v| v.blame()).or_else(|| coll.blame()),
                }
            }
            _ => {
                let (val, blame) = self.eval_with_blame(e, env);
                Truth {
                    value: val.truthy(),
                    blame,
                }
            }
        }
    }

    /// Whether a condition holds, without working out where a finding
    /// would point: for filters and guards, whose place no finding takes,
    /// and for checks, whose place is worked out by [`Evaluator::truth`]
    /// only when they make a finding (a pattern is then searched without
    /// finding where its match starts).
    pub fn holds(&self, e: &'d Expr, env: &mut Vec<Val<'d>>) -> bool {
        match e {
            Expr::Unary(UnaryOp::Not, x) => !self.holds(x, env),
            Expr::Binary(BinaryOp::And, a, b) => self.holds(a, env) && self.holds(b, env),
            Expr::Binary(BinaryOp::Or, a, b) => self.holds(a, env) || self.holds(b, env),
            Expr::Binary(BinaryOp::In, a, b) => {
                let x = self.eval(a, env);
                self.is_in(&x, b, env)
            }
            Expr::Binary(op, a, b) if op.is_comparison() => {
                let x = self.eval(a, env);
                let y = self.eval(b, env);
                compare(*op, &x, &y)
            }
            Expr::Quantifier { kind, .. } if *kind != Quantifier::Count => {
                (*kind == Quantifier::Any) == self.quantify(e, env).1.is_some()
            }
            // A text against a pattern of the rules, the most common
            // condition: searched without a value for the answer or its
            // place.
            Expr::Call(Builtin::Matches, args) => match args.as_slice() {
                [text, Expr::Const(Const::Pattern(p))] => self.text_matches(text, p, env),
                _ => self.eval(e, env).truthy(),
            },
            // Presence, the next most common: the same answer as the
            // built-in's, without its value and place.
            Expr::Call(Builtin::Present, args) => match args.as_slice() {
                [x] => self.with_value(x, env, |v| v.absence().is_none()),
                [x, Expr::Const(Const::Pattern(p))] => {
                    let p = self.searched_with(p);
                    self.with_value(x, env, |v| {
                        v.absence().is_none() && !v.as_text().is_some_and(|t| p.is_match(t))
                    })
                }
                _ => self.eval(e, env).truthy(),
            },
            Expr::Call(Builtin::Absent, args) => match args.as_slice() {
                [x] => self.with_value(x, env, |v| v.absence().is_some()),
                _ => self.eval(e, env).truthy(),
            },
            // A function of the rules (`judged(t)`) as a condition: its
            // body is a condition too, judged without its place.
            Expr::Invoke(f, args) => {
                let mut frame = self.bind(f, args, env);
                let call = Call::of(f, frame.get(..args.len()).unwrap_or_default());
                let known = call.as_ref().and_then(|c| {
                    self.calls.borrow().get(c).map(|a| match a {
                        Answer::Holds(holds) => *holds,
                        Answer::Value(val, _) => val.truthy(),
                    })
                });
                let holds = match known {
                    Some(holds) => holds,
                    None => self.holds(&f.body, &mut frame),
                };
                self.release(frame);
                if let (Some(call), None) = (call, known) {
                    self.calls.borrow_mut().insert(call, Answer::Holds(holds));
                }
                holds
            }
            _ => self.eval(e, env).truthy(),
        }
    }

    /// The elements a `for` walks: those of the collection `e` evaluates
    /// to. The matches of `find(text, p)` in one text of the plan are
    /// found without a list of them.
    pub fn elements(&self, e: &'d Expr, env: &mut Vec<Val<'d>>) -> Elements<'d> {
        if let Expr::Call(Builtin::Find, args) = e {
            if let [text, Expr::Const(Const::Pattern(p))] = args.as_slice() {
                let p = self.searched_with(p);
                let found = match text {
                    Expr::Var(slot) => env.get(*slot).and_then(|t| builtins::phrases(t, p)),
                    _ => None,
                };
                if let Some(found) = found {
                    return Elements::Found(found);
                }
            }
        }
        Elements::Listed(self.eval(e, env).elements_shared(), 0)
    }

    /// The pattern to search with: in a look ahead, a pattern not compiled
    /// yet stands in for one that matches nothing.
    fn searched_with(&self, p: &'d Pattern) -> &'d Pattern {
        match self.ahead {
            Some(ahead) => ahead.stand_in(p),
            None => p,
        }
    }

    /// `test` of the value of `x`; a variable is read where it is bound,
    /// and the name of the field holding one (`member(t)`, asked of every
    /// text of a plan) is read from its place.
    fn with_value(
        &self,
        x: &'d Expr,
        env: &mut Vec<Val<'d>>,
        test: impl FnOnce(&Val<'d>) -> bool,
    ) -> bool {
        match x {
            Expr::Var(slot) => test(env.get(*slot).unwrap_or(&Val::Null)),
            Expr::Call(Builtin::Member, args) => match args.as_slice() {
                [Expr::Var(slot)] => {
                    let v = env.get(*slot).unwrap_or(&Val::Null);
                    test(&v.member_name(self.places()))
                }
                _ => test(&self.eval(x, env)),
            },
            _ => test(&self.eval(x, env)),
        }
    }

    /// Whether the text `text` evaluates to holds a match of `p`, as
    /// `matches(text, p)` says. A variable is read where it is bound.
    fn text_matches(&self, text: &'d Expr, p: &'d Pattern, env: &mut Vec<Val<'d>>) -> bool {
        let p = self.searched_with(p);
        self.with_value(text, env, |v| {
            v.as_text().is_some_and(|hay| p.has_match(hay))
        })
    }

    /// Runs `any`, `all` or `none` over its collection: the collection,
    /// and the element the test stopped at, if it stopped (for `all`, the
    /// first that fails; for the others, the first that passes).
    fn quantify(&self, e: &'d Expr, env: &mut Vec<Val<'d>>) -> (Val<'d>, Option<Val<'d>>) {
        let Expr::Quantifier {
            kind,
            slot,
            source,
            filter,
        } = e
        else {
            return (Val::Null, None);
        };
        let coll = self.eval(source, env);
        let stop_at = *kind != Quantifier::All;
        let stop = coll
            .elements_shared()
            .iter()
            .find(|item| {
                self.bind_and_test(*slot, (*item).clone(), filter.as_deref(), env) == stop_at
            })
            .cloned();
        (coll, stop)
    }

    /// `x in b`: `b` a cached collection (looked up in its hash set), a
    /// list written in the rule, or any collection.
    fn is_in(&self, x: &Val<'d>, b: &'d Expr, env: &mut Vec<Val<'d>>) -> bool {
        x.absence().is_none()
            && match (b, key(x)) {
                (Expr::Cached { id, expr }, Some(k)) => self.set(*id, expr, env).contains(&k),
                // A list written in the rule: compared item by item,
                // without building it.
                (Expr::Const(Const::List(items)), _) => items.iter().any(|c| same(x, &constant(c))),
                _ => self.eval(b, env).elements().iter().any(|y| same(x, y)),
            }
    }

    /// Follows path segments. Without a wildcard the result is one value
    /// (or `Missing` with the pointer of the member); after one it is a
    /// list of the members that exist.
    // Not inlined into `plain`: it made every call of `plain` (most are a
    // variable or a constant) save more registers.
    #[inline(never)]
    fn walk(&self, base: Val<'d>, segs: &'d [Segment], env: &mut Vec<Val<'d>>) -> Val<'d> {
        // A list (from a wildcard path held in a variable) is walked element
        // by element, as if the wildcard were written here.
        let mut many = matches!(base, Val::List(_));
        let mut current = base;
        for seg in segs {
            if many {
                let mut out = Vec::new();
                for item in current.elements_shared().iter() {
                    self.step(item.clone(), seg, env, &mut out);
                }
                current = self.context().list(out);
            } else if matches!(seg, Segment::All | Segment::Filter { .. }) {
                let mut out = Vec::new();
                self.step(current, seg, env, &mut out);
                many = true;
                current = self.context().list(out);
            } else {
                current = self.step_one(current, seg);
            }
        }
        current
    }

    /// One field or index step from a single value, without a list.
    fn step_one(&self, v: Val<'d>, seg: &'d Segment) -> Val<'d> {
        match (seg, &v) {
            (Segment::Field(name), Val::Json(value, _)) => {
                match value.as_object().and_then(|map| member(map, name)) {
                    Some(child) => Val::json(child),
                    None => Val::Missing(Ptr::MemberOf(value, name)),
                }
            }
            (Segment::Index(i), Val::Json(value, _)) => {
                match value.as_array().and_then(|items| items.get(*i)) {
                    Some(child) => Val::json(child),
                    None => Val::Missing(Ptr::ElementOf(value, *i)),
                }
            }
            (Segment::Field(name), Val::Missing(ptr)) => Val::Missing(ptr.missing_key(name)),
            (Segment::Index(i), Val::Missing(ptr)) => Val::Missing(ptr.missing_index(*i)),
            _ => Val::Null,
        }
    }

    /// One step from a value among many: members that are not there are
    /// left out.
    fn step(&self, v: Val<'d>, seg: &'d Segment, env: &mut Vec<Val<'d>>, out: &mut Vec<Val<'d>>) {
        match (seg, &v) {
            (Segment::Field(name), Val::Json(Value::Object(map), _)) => {
                if let Some(child) = member(map, name) {
                    out.push(Val::json(child));
                }
            }
            (Segment::Index(i), Val::Json(Value::Array(items), _)) => {
                if let Some(child) = items.get(*i) {
                    out.push(Val::json(child));
                }
            }
            (Segment::Field(_) | Segment::Index(_), _) => {}
            (Segment::All, _) => push_children(&v, out),
            (Segment::Filter { slot, cond }, _) => {
                let start = out.len();
                push_children(&v, out);
                let mut kept = start;
                for i in start..out.len() {
                    let child = out[i].clone();
                    if self.bind_and_test(*slot, child, Some(cond), env) {
                        out.swap(kept, i);
                        kept += 1;
                    }
                }
                out.truncate(kept);
            }
        }
    }
}

/// The member `name` of `map`. A plan's objects have a dozen members or
/// fewer: compared by length first, most are passed over without
/// comparing their names, where the map's ordered search compares every
/// name it passes.
fn member<'m>(map: &'m serde_json::Map<String, Value>, name: &str) -> Option<&'m Value> {
    if map.len() > SCANNED_MEMBERS {
        return map.get(name);
    }
    map.iter()
        .find(|(k, _)| k.len() == name.len() && k.as_str() == name)
        .map(|(_, v)| v)
}

/// Objects with more members than this are searched in order.
const SCANNED_MEMBERS: usize = 16;

/// Appends the elements of an array, the members of an object or the
/// items of a list.
fn push_children<'d>(v: &Val<'d>, out: &mut Vec<Val<'d>>) {
    match v {
        Val::Json(Value::Array(items), _) => out.extend(items.iter().map(Val::json)),
        Val::Json(Value::Object(map), _) => out.extend(map.values().map(Val::json)),
        Val::List(items) => out.extend(items.iter().cloned()),
        _ => {}
    }
}

/// A comparison's outcome; values that do not compare are unequal and
/// neither less nor greater.
fn compare(op: BinaryOp, x: &Val, y: &Val) -> bool {
    match op {
        BinaryOp::Eq => same(x, y),
        BinaryOp::Ne => !same(x, y),
        _ => order(x, y).is_some_and(|ord| match op {
            BinaryOp::Lt => ord == Ordering::Less,
            BinaryOp::Le => ord != Ordering::Greater,
            BinaryOp::Gt => ord == Ordering::Greater,
            _ => ord != Ordering::Less,
        }),
    }
}

/// Ordering for `<` and friends: numbers, then dates, then text.
fn order(a: &Val, b: &Val) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (a.as_num(), b.as_num()) {
        return x.partial_cmp(&y);
    }
    if let (Some(x), Some(y)) = (a.as_date(), b.as_date()) {
        return Some(x.cmp(&y));
    }
    // A computed date has no text, so it never compares with text.
    match (a.as_text(), b.as_text()) {
        (Some(x), Some(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_is_found_by_name_in_small_and_large_objects() {
        for n in [0, 1, SCANNED_MEMBERS, SCANNED_MEMBERS + 1, 100] {
            let mut map = serde_json::Map::new();
            for i in 0..n {
                map.insert(format!("k{i:03}"), Value::from(i));
            }
            for i in 0..n {
                let name = format!("k{i:03}");
                assert_eq!(member(&map, &name), map.get(&name), "{name} of {n}");
                assert_eq!(member(&map, &name), Some(&Value::from(i)));
            }
            // Same length, other names; a prefix; longer.
            for absent in ["k999", "k00", "k0000", ""] {
                assert_eq!(member(&map, absent), None, "{absent} of {n}");
            }
        }
    }
}
