//! Name resolution and compilation of expressions, pack values and
//! patterns.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::{self, DefineDef, ExprKind, Item, LetDef, Pack, Span};
use crate::builtins;
use crate::finding::Severity;
use crate::pack_error::{did_you_mean, PackError, SourceFile};
use crate::pattern::Pattern;
use crate::program::{Const, Expr, Function, Segment};
use crate::schema::{Lookup, ShapeId, Shapes};

use super::hoist::{self, CacheIds};

/// A name bound inside a rule or a `define`.
#[derive(Debug)]
struct Binding {
    name: String,
    slot: usize,
    /// What the schema says the value is, when it comes from a plan path.
    shape: Option<ShapeId>,
}

/// Names bound inside a rule or a `define`, each with its slot.
#[derive(Debug, Default)]
pub struct Scope {
    names: Vec<Binding>,
    max: usize,
}

impl Scope {
    /// Binds a name to a new slot.
    pub fn bind(&mut self, name: &str, shape: Option<ShapeId>) -> usize {
        let slot = self.names.len();
        self.names.push(Binding {
            name: name.to_string(),
            slot,
            shape,
        });
        self.max = self.max.max(self.names.len());
        slot
    }

    /// Binds a loop variable: it holds the elements of a collection whose
    /// shape is `collection`.
    pub fn bind_element(
        &mut self,
        name: &str,
        collection: Option<ShapeId>,
        shapes: &Shapes,
    ) -> usize {
        self.bind(name, collection.map(|s| shapes.element(s)))
    }

    /// The slot of a name.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.find(name).map(|b| b.slot)
    }

    fn find(&self, name: &str) -> Option<&Binding> {
        self.names.iter().rev().find(|b| b.name == name)
    }

    /// How many slots an evaluation needs.
    pub fn max_slots(&self) -> usize {
        self.max
    }

    /// How many names are bound now.
    pub fn depth(&self) -> usize {
        self.names.len()
    }

    /// Forgets the names bound after `depth`.
    pub fn truncate(&mut self, depth: usize) {
        self.names.truncate(depth);
    }
}

enum State {
    Todo,
    InProgress,
    /// Compiled, with the part of the plan format a `let` of a plan path
    /// reaches, so paths through it are checked like paths written out.
    Done(Expr, Option<ShapeId>),
    Failed,
}

#[derive(Clone, Copy)]
enum GlobalKind<'p> {
    Let(&'p LetDef),
    Define(&'p DefineDef),
}

struct Global<'p> {
    file: &'p SourceFile,
    kind: GlobalKind<'p>,
    state: RefCell<State>,
}

/// The longest chain of definitions each using the next.
const MAX_DEFINITION_DEPTH: usize = 64;

/// Pack-level `let` and `define`, shared by all packs and compiled on
/// first use (so their order in a file does not matter).
pub struct Globals<'p> {
    defs: HashMap<&'p str, Global<'p>>,
    /// Ids of values computed once per document.
    pub cache_ids: CacheIds,
    /// How many definitions are being compiled, one inside another.
    resolving: std::cell::Cell<usize>,
    /// The plan format's fields.
    shapes: &'p Shapes,
    /// Patterns made so far, to compile when checking is done.
    pub pending: RefCell<Vec<Pending>>,
}

impl<'p> Globals<'p> {
    /// Collects the definitions of every pack, reporting duplicates.
    pub fn collect(
        packs: &'p [(SourceFile, Pack)],
        shapes: &'p Shapes,
        problems: &mut Vec<PackError>,
    ) -> Self {
        let mut defs: HashMap<&'p str, Global<'p>> = HashMap::new();
        for (file, pack) in packs {
            for item in &pack.items {
                let (name, kind) = match item {
                    Item::Let(l) => (&l.name, GlobalKind::Let(l)),
                    Item::Define(d) => (&d.name, GlobalKind::Define(d)),
                    Item::Rule(_) => continue,
                };
                if let Some(first) = defs.get(name.name.as_str()) {
                    problems.push(
                        PackError::new(
                            file,
                            "ieplint::rules::duplicate-name",
                            format!("`{}` is defined twice", name.name),
                            name.span,
                            "defined again here",
                        )
                        .with_help(format!(
                            "it is first defined in {}; names of pack values are shared by all packs, so pick another name",
                            first.file.name
                        )),
                    );
                    continue;
                }
                if builtins::lookup(&name.name).is_some() {
                    problems.push(
                        PackError::new(
                            file,
                            "ieplint::rules::duplicate-name",
                            format!("`{}` is the name of a built-in function", name.name),
                            name.span,
                            "pick another name",
                        )
                        .with_help("built-in functions cannot be redefined; see docs/rule-language.md for the list"),
                    );
                    continue;
                }
                defs.insert(
                    name.name.as_str(),
                    Global {
                        file,
                        kind,
                        state: RefCell::new(State::Todo),
                    },
                );
            }
        }
        Globals {
            defs,
            cache_ids: CacheIds::default(),
            resolving: std::cell::Cell::new(0),
            shapes,
            pending: RefCell::new(Vec::new()),
        }
    }

    /// Compiles every definition of `pack`, so problems in unused ones are
    /// reported too.
    pub fn check_all(&self, c: &Compiler, pack: &Pack, problems: &mut Vec<PackError>) {
        for item in &pack.items {
            let name = match item {
                Item::Let(l) => &l.name,
                Item::Define(d) => &d.name,
                Item::Rule(_) => continue,
            };
            if let Some(g) = self.defs.get(name.name.as_str()) {
                if std::ptr::eq(g.file, c.file) {
                    self.resolve(name, problems);
                }
            }
        }
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.defs.keys().copied()
    }

    fn is_define(&self, name: &str) -> Option<usize> {
        match self.defs.get(name)?.kind {
            GlobalKind::Define(d) => Some(d.params.len()),
            GlobalKind::Let(_) => None,
        }
    }

    /// The pattern a pack-level `let` names, once compiled.
    pub fn pattern(&self, name: &str) -> Option<Arc<Pattern>> {
        match &*self.defs.get(name)?.state.borrow() {
            State::Done(Expr::Const(Const::Pattern(p)), _) => Some(Arc::clone(p)),
            _ => None,
        }
    }

    /// The compiled form of a definition: a constant, or an `Invoke` of a
    /// function with no arguments yet. `None` when it failed to compile.
    fn resolve(&self, used: &ast::Ident, problems: &mut Vec<PackError>) -> Option<Expr> {
        self.resolve_shaped(used, problems).map(|(e, _)| e)
    }

    /// [`Globals::resolve`], with the shape of a `let`'s value.
    fn resolve_shaped(
        &self,
        used: &ast::Ident,
        problems: &mut Vec<PackError>,
    ) -> Option<(Expr, Option<ShapeId>)> {
        let g = self.defs.get(used.name.as_str())?;
        {
            let state = g.state.borrow();
            match &*state {
                State::Done(e, shape) => return Some((e.clone(), *shape)),
                State::Failed => return None,
                State::InProgress => {
                    problems.push(
                        PackError::new(
                            g.file,
                            "ieplint::rules::cycle",
                            format!("`{}` is defined in terms of itself", used.name),
                            used.span,
                            "used here while it is being defined",
                        )
                        .with_help("break the cycle: a definition cannot use itself, directly or through others"),
                    );
                    return None;
                }
                State::Todo => {}
            }
        }
        // Each definition compiled inside another is a level of recursion
        // here and in evaluation: refuse absurd chains with a place.
        if self.resolving.get() >= MAX_DEFINITION_DEPTH {
            problems.push(
                PackError::new(
                    g.file,
                    "ieplint::rules::too-deep",
                    format!(
                        "`{}` is defined through more than {MAX_DEFINITION_DEPTH} other definitions",
                        used.name
                    ),
                    used.span,
                    "too deep",
                )
                .with_help("define it in fewer steps: each `let` or `define` may use others, but not in a chain this long"),
            );
            return None;
        }
        *g.state.borrow_mut() = State::InProgress;
        self.resolving.set(self.resolving.get() + 1);
        let c = Compiler {
            file: g.file,
            globals: self,
            shapes: self.shapes,
        };
        let before = problems.len();
        let mut scope = Scope::default();
        let (body, shape, name) = match g.kind {
            GlobalKind::Let(l) => {
                let (body, shape) = c.expr_shaped(&l.value, &mut scope, problems);
                (body, shape, &l.name.name)
            }
            GlobalKind::Define(d) => {
                for p in &d.params {
                    scope.bind(&p.name, None);
                }
                (c.expr(&d.body, &mut scope, problems), None, &d.name.name)
            }
        };
        self.resolving.set(self.resolving.get() - 1);
        if problems[before..].iter().any(|p| !p.is_warning) {
            *g.state.borrow_mut() = State::Failed;
            return None;
        }
        let compiled = match (body, g.kind) {
            (Expr::Const(k), _) => Expr::Const(k),
            // A pack value reads the document alone: every use shares one
            // value per document.
            (body, GlobalKind::Let(_)) => self.cache_ids.cached(Expr::Invoke(
                Arc::new(Function {
                    name: name.clone(),
                    slots: scope.max_slots(),
                    body,
                }),
                Vec::new(),
            )),
            (mut body, GlobalKind::Define(_)) => {
                hoist::expr(&mut body, &self.cache_ids);
                Expr::Invoke(
                    Arc::new(Function {
                        name: name.clone(),
                        slots: scope.max_slots(),
                        body,
                    }),
                    Vec::new(),
                )
            }
        };
        *g.state.borrow_mut() = State::Done(compiled.clone(), shape);
        Some((compiled, shape))
    }
}

/// Compiles expressions of one file.
pub struct Compiler<'c, 'p> {
    /// The file, for labels.
    pub file: &'c SourceFile,
    /// Pack-level definitions.
    pub globals: &'c Globals<'p>,
    /// The plan format's fields, which paths are checked against.
    pub shapes: &'c Shapes,
}

impl Compiler<'_, '_> {
    fn error(&self, code: &'static str, message: String, span: Span, label: &str) -> PackError {
        PackError::new(self.file, code, message, span, label)
    }

    /// Reads a severity word.
    pub fn severity(&self, word: &ast::Ident, problems: &mut Vec<PackError>) -> Option<Severity> {
        let s = Severity::parse(&word.name);
        if s.is_none() {
            let e = self.error(
                "ieplint::rules::unknown-severity",
                format!("`{}` is not a severity", word.name),
                word.span,
                "expected error, warning or info",
            );
            let close = did_you_mean(&word.name, ["error", "warning", "info"]);
            problems.push(e.suggest(
                close,
                "write `severity error`, `severity warning` or `severity info`",
            ));
        }
        s
    }

    /// Compiles an expression. On a problem it records it and returns a
    /// `null` constant so checking can go on and find the next one.
    pub fn expr(&self, e: &ast::Expr, scope: &mut Scope, problems: &mut Vec<PackError>) -> Expr {
        self.expr_shaped(e, scope, problems).0
    }

    /// Compiles an expression and says, for a plan path, which part of the
    /// plan format it reaches.
    pub fn expr_shaped(
        &self,
        e: &ast::Expr,
        scope: &mut Scope,
        problems: &mut Vec<PackError>,
    ) -> (Expr, Option<ShapeId>) {
        let expr = match &e.kind {
            ExprKind::Str(s) => Expr::Const(Const::Str(Arc::from(s.as_str()))),
            ExprKind::Num(n) => Expr::Const(Const::Num(*n)),
            ExprKind::Bool(b) => Expr::Const(Const::Bool(*b)),
            ExprKind::Null => Expr::Const(Const::Null),
            ExprKind::List(items) => {
                let items: Vec<Expr> = items
                    .iter()
                    .map(|i| self.expr(i, scope, problems))
                    .collect();
                let consts: Option<Vec<Const>> = items
                    .iter()
                    .map(|i| match i {
                        Expr::Const(k) => Some(k.clone()),
                        _ => None,
                    })
                    .collect();
                match consts {
                    Some(k) => Expr::Const(Const::List(k.into())),
                    None => Expr::List(items),
                }
            }
            ExprKind::Words(items) => self.words(items, e.span, scope, problems),
            ExprKind::Regex {
                pattern,
                flags,
                pattern_start,
            } => match self.compile_regex(pattern, flags, *pattern_start, problems) {
                Some(p) => Expr::Const(Const::Pattern(p)),
                None => Expr::Const(Const::Null),
            },
            ExprKind::Path { root, segments } => return self.path(root, segments, scope, problems),
            ExprKind::Call { name, args } if name.name == "coalesce" => {
                let shape = args.first().and_then(|a| {
                    self.expr_shaped(a, &mut Scope::default(), &mut Vec::new())
                        .1
                });
                return (self.call(name, args, scope, problems), shape);
            }
            ExprKind::Call { name, args } => self.call(name, args, scope, problems),
            ExprKind::Unary { op, expr } => {
                Expr::Unary(*op, Box::new(self.expr(expr, scope, problems)))
            }
            ExprKind::Binary { op, lhs, rhs } => Expr::Binary(
                *op,
                Box::new(self.expr(lhs, scope, problems)),
                Box::new(self.expr(rhs, scope, problems)),
            ),
            ExprKind::Quantifier {
                kind,
                var,
                source,
                filter,
            } => {
                let (source, shape) = self.expr_shaped(source, scope, problems);
                let depth = scope.depth();
                let slot = scope.bind_element(&var.name, shape, self.shapes);
                let filter = filter
                    .as_ref()
                    .map(|f| Box::new(self.expr(f, scope, problems)));
                scope.truncate(depth);
                Expr::Quantifier {
                    kind: *kind,
                    slot,
                    source: Box::new(source),
                    filter,
                }
            }
        };
        (expr, None)
    }

    /// Compiles a path, checking each field against the plan format.
    fn path(
        &self,
        root: &ast::Ident,
        segments: &[ast::Segment],
        scope: &mut Scope,
        problems: &mut Vec<PackError>,
    ) -> (Expr, Option<ShapeId>) {
        let shapes = self.shapes;
        let (base, mut shape) = self.root(root, scope, problems);
        let mut segs = Vec::new();
        let base = match base {
            Some(b) => b,
            None => {
                segs.push(Segment::Field(Arc::from(root.name.as_str())));
                shape = match shapes.field(shapes.root(), &root.name) {
                    Lookup::Known(id) => Some(id),
                    _ => None,
                };
                Expr::Root
            }
        };
        for s in segments {
            match s {
                ast::Segment::Field(f, span) => {
                    segs.push(Segment::Field(Arc::from(f.as_str())));
                    shape = shape.and_then(|id| self.check_field(shapes, id, f, *span, problems));
                }
                ast::Segment::Index(i, _) => {
                    segs.push(Segment::Index(*i));
                    shape = shape.map(|id| shapes.element(id));
                }
                ast::Segment::All(_) => {
                    segs.push(Segment::All);
                    shape = shape.map(|id| shapes.element(id));
                }
                ast::Segment::Filter(cond, _) => {
                    let element = shape.map(|id| shapes.element(id));
                    let depth = scope.depth();
                    let slot = scope.bind("it", element);
                    let cond = self.expr(cond, scope, problems);
                    scope.truncate(depth);
                    segs.push(Segment::Filter {
                        slot,
                        cond: Box::new(cond),
                    });
                    shape = element;
                }
            }
        }
        if segs.is_empty() {
            return (base, shape);
        }
        (Expr::Path(Box::new(base), segs), shape)
    }

    /// Warns about a field the plan format does not have; returns the
    /// field's node when it is known.
    fn check_field(
        &self,
        shapes: &Shapes,
        id: ShapeId,
        field: &str,
        span: Span,
        problems: &mut Vec<PackError>,
    ) -> Option<ShapeId> {
        let (message, help) = match shapes.field(id, field) {
            Lookup::Known(child) => return Some(child),
            Lookup::Open => return None,
            Lookup::Unknown { suggestion } => (
                format!("the plan format has no field `{field}` here"),
                match suggestion {
                    Some(s) => format!("did you mean `{s}`? (name extension fields `x_...` to use fields of your own)"),
                    None => "check docs/plan-format.md; name extension fields `x_...` to use fields of your own".to_string(),
                },
            ),
            Lookup::OnList => (
                format!("this is a list, so it has no field `{field}`"),
                format!("write `[*].{field}` to look at every element, or `[0].{field}` for the first"),
            ),
            Lookup::OnScalar(kind) => (
                format!("this value is {}, so it has no field `{field}`", if kind == "string" { "text" } else { "a single value" }),
                format!("remove `.{field}`, or check docs/plan-format.md for where the field lives"),
            ),
        };
        problems.push(
            self.error(
                "ieplint::rules::unknown-field",
                message,
                span,
                "not in the plan format",
            )
            .with_help(help)
            .warning(),
        );
        None
    }

    /// The base of a path: a variable, `plan`, or a pack value, with its
    /// shape when known. `None` means the name is a top-level plan field.
    fn root(
        &self,
        root: &ast::Ident,
        scope: &Scope,
        problems: &mut Vec<PackError>,
    ) -> (Option<Expr>, Option<ShapeId>) {
        let name = root.name.as_str();
        if let Some(b) = scope.find(name) {
            return (Some(Expr::Var(b.slot)), b.shape);
        }
        if name == "plan" {
            return (Some(Expr::Root), Some(self.shapes.root()));
        }
        if name == "profile" {
            return (Some(Expr::Profile), None);
        }
        self.root_name(root, scope, problems)
    }

    fn root_name(
        &self,
        root: &ast::Ident,
        scope: &Scope,
        problems: &mut Vec<PackError>,
    ) -> (Option<Expr>, Option<ShapeId>) {
        let name = root.name.as_str();
        if let Some(arity) = self.globals.is_define(name) {
            problems.push(
                self.error(
                    "ieplint::rules::arity",
                    format!("`{name}` needs {arity} argument{}", plural(arity)),
                    root.span,
                    "called without arguments",
                )
                .with_help(format!("write `{name}(...)`")),
            );
            return (Some(Expr::Const(Const::Null)), None);
        }
        if self.globals.defs.contains_key(name) {
            return match self.globals.resolve_shaped(root, problems) {
                Some((e, shape)) => (Some(e), shape),
                None => (Some(Expr::Const(Const::Null)), None),
            };
        }
        if self.shapes.top_level().any(|f| f == name) {
            return (None, None);
        }
        let candidates = scope
            .names
            .iter()
            .map(|b| b.name.as_str())
            .chain(self.globals.names())
            .chain(self.shapes.top_level())
            .chain(["plan", "profile"]);
        problems.push(
            self.error(
                "ieplint::rules::unknown-name",
                format!("unknown name `{name}`"),
                root.span,
                "not a variable, a pack value or a plan field",
            )
            .suggest(
                did_you_mean(name, candidates),
                "bind it with `for` or `let`, define it in a pack, or reach an extension field with `plan.NAME`",
            ),
        );
        (Some(Expr::Const(Const::Null)), None)
    }

    fn call(
        &self,
        name: &ast::Ident,
        args: &[ast::Expr],
        scope: &mut Scope,
        problems: &mut Vec<PackError>,
    ) -> Expr {
        let compiled: Vec<Expr> = args.iter().map(|a| self.expr(a, scope, problems)).collect();
        let arity_error = |expected: String| {
            self.error(
                "ieplint::rules::arity",
                format!("`{}` takes {expected}, not {}", name.name, args.len()),
                name.span,
                "wrong number of arguments",
            )
        };
        if let Some(arity) = self.globals.is_define(&name.name) {
            if arity != args.len() {
                problems.push(arity_error(format!("{arity} argument{}", plural(arity))));
                return Expr::Const(Const::Null);
            }
            return match self.globals.resolve(name, problems) {
                Some(Expr::Invoke(f, _)) => Expr::Invoke(f, compiled),
                Some(constant) => constant,
                None => Expr::Const(Const::Null),
            };
        }
        let Some(sig) = builtins::lookup(&name.name) else {
            let candidates = builtins::SIGNATURES.iter().map(|s| s.name).chain(
                self.globals
                    .names()
                    .filter(|n| self.globals.is_define(n).is_some()),
            );
            let otherwise = "docs/rule-language.md lists the built-in functions; pack functions are made with `define`";
            let e = self.error(
                "ieplint::rules::unknown-function",
                format!("unknown function `{}`", name.name),
                name.span,
                "no function by this name",
            );
            problems.push(e.suggest(did_you_mean(&name.name, candidates), otherwise));
            return Expr::Const(Const::Null);
        };
        if args.len() < sig.min_args || sig.max_args.is_some_and(|m| args.len() > m) {
            let expected = match sig.max_args {
                Some(m) if m == sig.min_args => format!("{m} argument{}", plural(m)),
                Some(m) => format!("{} to {m} arguments", sig.min_args),
                None => format!("at least {} argument{}", sig.min_args, plural(sig.min_args)),
            };
            problems.push(arity_error(expected).with_help(format!("`{}`: {}", sig.name, sig.doc)));
            return Expr::Const(Const::Null);
        }
        let mut compiled = compiled;
        if let Some(i) = sig.pattern_arg {
            if let (Some(arg), Some(ast_arg)) = (compiled.get_mut(i), args.get(i)) {
                match self.as_pattern(arg, ast_arg.span) {
                    Some(p) => *arg = Expr::Const(Const::Pattern(p)),
                    None => {
                        if !matches!(arg, Expr::Const(Const::Null)) {
                            problems.push(
                                self.error(
                                    "ieplint::rules::not-a-pattern",
                                    format!("the pattern given to `{}` is not a pattern", name.name),
                                    ast_arg.span,
                                    "expected `/regex/`, `words [...]` or the name of one",
                                )
                                .with_help("patterns are fixed when the pack loads, so they cannot come from the plan"),
                            );
                        }
                        return Expr::Const(Const::Null);
                    }
                }
            }
        }
        Expr::Call(sig.builtin, compiled)
    }

    fn words(
        &self,
        items: &[ast::Expr],
        span: Span,
        scope: &mut Scope,
        problems: &mut Vec<PackError>,
    ) -> Expr {
        let mut phrases: Vec<Arc<str>> = Vec::new();
        for item in items {
            let compiled = self.expr(item, scope, problems);
            match &compiled {
                Expr::Const(Const::Null) => {}
                Expr::Const(Const::Pattern(p)) if !p.phrases.is_empty() => {
                    phrases.extend(p.phrases.iter().cloned())
                }
                Expr::Const(k) if const_strings(k, &mut phrases) => {}
                _ => problems.push(
                    self.error(
                        "ieplint::rules::not-a-word",
                        "a word list takes quoted phrases or the names of other word lists"
                            .to_string(),
                        item.span,
                        "not a phrase",
                    )
                    .with_help("write the phrase in double quotes"),
                ),
            }
        }
        if phrases.iter().any(|p| p.trim().is_empty()) {
            problems.push(self.error(
                "ieplint::rules::not-a-word",
                "a word list has an empty phrase".to_string(),
                span,
                "remove the empty phrase",
            ));
            return Expr::Const(Const::Null);
        }
        Expr::Const(Const::Pattern(self.pattern(
            words_pattern(phrases),
            span,
            None,
        )))
    }

    /// A constant usable as a pattern: a pattern, or text and lists of text
    /// taken as a word list.
    fn as_pattern(&self, e: &Expr, span: Span) -> Option<Arc<Pattern>> {
        match e {
            Expr::Const(Const::Pattern(p)) => Some(Arc::clone(p)),
            Expr::Const(k @ (Const::Str(_) | Const::List(_))) => {
                let mut phrases = Vec::new();
                (const_strings(k, &mut phrases) && !phrases.is_empty())
                    .then(|| self.pattern(words_pattern(phrases), span, None))
            }
            _ => None,
        }
    }

    /// Notes a new pattern for the loader to compile with the others.
    fn pattern(&self, p: Pattern, span: Span, written: Option<Written>) -> Arc<Pattern> {
        let p = Arc::new(p);
        self.globals.pending.borrow_mut().push(Pending {
            pattern: Arc::clone(&p),
            file: self.file.clone(),
            span,
            written,
        });
        p
    }
}

/// A `/regex/` as written in the pack, to say where a syntax error is.
struct Written {
    /// The pattern with each `{name}` replaced by a group of its length.
    checkable: String,
    flags: String,
}

/// A pattern made while checking, compiled afterwards with all the others
/// (a front end may compile them in parallel: compiling is most of what
/// loading the packs costs).
pub struct Pending {
    /// The pattern, shared with the program that uses it.
    pub pattern: Arc<Pattern>,
    file: SourceFile,
    /// Where the pattern is written.
    span: Span,
    written: Option<Written>,
}

impl Pending {
    /// The pack file the pattern is written in.
    pub fn file(&self) -> &SourceFile {
        &self.file
    }

    /// Compiles the pattern; the problem to report when it cannot be.
    pub fn compile(&self) -> Option<PackError> {
        let err = self.pattern.compile().err()?;
        let (start, len) = (self.span.start, self.span.end - self.span.start);
        if let Some(w) = &self.written {
            if let Some(located) = syntax_error(&self.file, &w.checkable, &w.flags, start, len) {
                return Some(located);
            }
        }
        Some(
            PackError::new(
                &self.file,
                "ieplint::rules::regex",
                format!("this pattern cannot be compiled: {err}"),
                self.span,
                "too large or invalid",
            )
            .with_help("simplify the pattern"),
        )
    }
}

/// Where `checkable` (a pattern with its splices replaced by groups of the
/// same length, at `start` in `file`) is not a valid regular expression.
fn syntax_error(
    file: &SourceFile,
    checkable: &str,
    flags: &str,
    start: usize,
    len: usize,
) -> Option<PackError> {
    let mut parser = regex_syntax::ParserBuilder::new()
        .case_insensitive(flags.contains('i'))
        .ignore_whitespace(flags.contains('x'))
        .dot_matches_new_line(flags.contains('s'))
        .multi_line(flags.contains('m'))
        .build();
    let err = parser.parse(checkable).err()?;
    let (span, what) = match &err {
        regex_syntax::Error::Parse(e) => (*e.span(), e.kind().to_string()),
        regex_syntax::Error::Translate(e) => (*e.span(), e.kind().to_string()),
        _ => (
            regex_syntax::ast::Span::splat(regex_syntax::ast::Position::new(0, 1, 1)),
            err.to_string(),
        ),
    };
    let s = start + span.start.offset;
    let e = (start + span.end.offset.max(span.start.offset + 1))
        .min(start + len)
        .max(s);
    Some(
        PackError::new(
            file,
            "ieplint::rules::regex",
            format!("this pattern is not a valid regular expression: {what}"),
            Span::new(s, e),
            &what,
        )
        .with_help("fix the pattern here; escape a literal `/` as `\\/`, and `(`, `[`, `.` with a backslash"),
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Collects the strings of a constant (text, or a list of texts).
fn const_strings(k: &Const, out: &mut Vec<Arc<str>>) -> bool {
    match k {
        Const::Str(s) => {
            out.push(Arc::clone(s));
            true
        }
        Const::List(items) => items.iter().all(|i| const_strings(i, out)),
        _ => false,
    }
}

/// A case-insensitive regex matching any phrase as whole words; spaces in
/// a phrase match any run of white space. Longer phrases win.
pub(super) fn words_pattern(mut phrases: Vec<Arc<str>>) -> Pattern {
    phrases.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    phrases.dedup();
    let alts: Vec<String> = phrases
        .iter()
        .map(|p| {
            let p = p.trim();
            let body = p
                .split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+");
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            let pre = if word(p.chars().next()) {
                ASCII_BOUNDARY
            } else {
                ""
            };
            let post = if word(p.chars().last()) {
                ASCII_BOUNDARY
            } else {
                ""
            };
            format!("{pre}{body}{post}")
        })
        .collect();
    Pattern::new(format!("(?i)(?:{})", alts.join("|")), phrases)
}

/// Word boundaries are ASCII: with Unicode boundaries the regex engine's
/// fast (lazy DFA) search gives up on the first non-ASCII letter in a plan
/// (a name such as "José") and falls back to a much slower one. Letters
/// outside ASCII count as non-word characters.
const ASCII_BOUNDARY: &str = r"(?-u:\b)";

/// Rewrites `\b` and `\B` of a pattern as ASCII boundaries, and `\d` and
/// `\w` as their ASCII classes: the Unicode classes are hundreds of ranges
/// each, which makes large patterns slow to compile and to run. (`\s` stays
/// Unicode, so a no-break space from a word processor is white space.)
pub(super) fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    // Inside `[...]` a class is written as its ranges.
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ => {}
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match (chars.next(), depth > 0) {
            (Some('b'), false) => out.push_str(ASCII_BOUNDARY),
            (Some('B'), false) => out.push_str(r"(?-u:\B)"),
            (Some('d'), false) => out.push_str("[0-9]"),
            (Some('d'), true) => out.push_str("0-9"),
            (Some('w'), false) => out.push_str("[0-9A-Za-z_]"),
            (Some('w'), true) => out.push_str("0-9A-Za-z_"),
            (Some(other), _) => {
                out.push('\\');
                out.push(other);
            }
            (None, _) => out.push('\\'),
        }
    }
    out
}

/// A `{name}` inside a regex: a pack pattern to splice in. Counted
/// repetitions (`{3}`, `{2,5}`) and classes (`\p{L}`) are left alone.
pub(super) fn splice_points(pattern: &str) -> Vec<(usize, usize)> {
    let b = pattern.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            // `\p{L}` and `\P{L}` are Unicode classes, not splices: the
            // `{` after `\p` is passed with it.
            b'\\' if matches!(b.get(i + 1), Some(b'p' | b'P')) => i += 3,
            b'\\' => i += 2,
            b'{' if i + 1 < b.len() && (b[i + 1].is_ascii_alphabetic() || b[i + 1] == b'_') => {
                let end =
                    (i + 1..b.len()).find(|&k| !(b[k].is_ascii_alphanumeric() || b[k] == b'_'));
                if let Some(k) = end.filter(|&k| b[k] == b'}') {
                    out.push((i, k + 1));
                }
                // The name's letters cannot open another splice, so going
                // on from the next byte is enough.
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

impl Compiler<'_, '_> {
    /// Compiles `/pattern/flags`. `{name}` splices in another pack pattern
    /// (a regex or word list), so a verb list is written once and used in
    /// several patterns. Errors are labelled at their place in the pattern.
    fn compile_regex(
        &self,
        pattern: &str,
        flags: &str,
        start: usize,
        problems: &mut Vec<PackError>,
    ) -> Option<Arc<Pattern>> {
        if pattern.contains('\n') && !flags.contains('x') {
            let first_break = pattern.find('\n').unwrap_or(0);
            problems.push(
                self.error(
                    "ieplint::rules::regex",
                    "this pattern spans lines but has no `x` flag, so its line breaks and indentation would have to appear in the plan".to_string(),
                    Span::new(start + first_break, start + first_break + 1),
                    "a line break in the pattern",
                )
                .with_help("add the `x` flag after the closing slash (`/.../xi`): white space is then ignored and `#` starts a comment; write `\\s` or `\\ ` for a space that must match"),
            );
            return None;
        }
        let points = splice_points(pattern);
        let mut checkable = pattern.to_string();
        let mut spliced = String::with_capacity(pattern.len());
        let mut last = 0;
        let mut ok = true;
        for &(s, e) in &points {
            let name = &pattern[s + 1..e - 1];
            checkable.replace_range(s..e, &format!("({})", "x".repeat(e - s - 2)));
            spliced.push_str(&pattern[last..s]);
            let ident = ast::Ident {
                name: name.to_string(),
                span: Span::new(start + s, start + e),
            };
            match self
                .globals
                .defs
                .contains_key(name)
                .then(|| self.globals.resolve(&ident, problems))
                .flatten()
            {
                Some(Expr::Const(Const::Pattern(p))) => {
                    spliced.push_str(&format!("(?:{})", p.source))
                }
                _ => {
                    let known = self.globals.names().filter(|n| {
                        self.globals
                            .defs
                            .get(n)
                            .is_some_and(|g| matches!(g.kind, GlobalKind::Let(_)))
                    });
                    let mut err = self.error(
                        "ieplint::rules::unknown-name",
                        format!("`{{{name}}}` in this pattern names no pack pattern"),
                        ident.span,
                        "not a `let` holding a /regex/ or words [...]",
                    );
                    err = match did_you_mean(name, known) {
                        Some(m) => err.with_help(format!("did you mean `{{{m}}}`? (write `\\{{` for a literal brace)")),
                        None => err.with_help("define it with `let NAME = /.../` or `let NAME = words [...]`; write `\\{` for a literal brace"),
                    };
                    problems.push(err);
                    ok = false;
                }
            }
            last = e;
        }
        spliced.push_str(&pattern[last..]);
        if ok {
            let inline = if flags.is_empty() {
                String::new()
            } else {
                format!("(?{flags})")
            };
            let source = format!("{inline}{}", ascii_boundaries(&spliced));
            // Compiling parses the pattern too: the pattern as written is
            // parsed again only when it fails, to say where.
            let written = Written {
                checkable,
                flags: flags.to_string(),
            };
            let span = Span::new(start, start + pattern.len());
            return Some(self.pattern(Pattern::new(source, Vec::new()), span, Some(written)));
        }
        if let Some(err) = syntax_error(self.file, &checkable, flags, start, pattern.len()) {
            problems.push(err);
        }
        None
    }
}
