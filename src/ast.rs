//! Stage 2: the typed syntax tree of a rule pack, with byte spans.
//!
//! Built only by [`crate::syntax`]; everything downstream works on these
//! types and never sees the parser's.

use std::sync::Arc;

/// A byte range in a rule file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start, s.end.saturating_sub(s.start)).into()
    }
}

/// A name with the place it was written.
#[derive(Debug, Clone)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// One rule pack file.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The file's name as shown in diagnostics.
    pub origin: Arc<str>,
    /// `pack NAME`.
    pub name: Ident,
    /// The description after the name.
    // Read by the prebuilt form's writer, in tests.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "parsed with the pack; no listing shows pack titles yet"
        )
    )]
    pub description: Option<String>,
    /// `docs "URL"`: where the pack's rules are documented.
    pub docs: Option<String>,
    /// `tests "FOLDER"`: folders of test plans, relative to the pack file.
    pub tests: Vec<String>,
    /// Definitions and rules in file order.
    pub items: Vec<Item>,
}

/// A top-level definition.
#[derive(Debug, Clone)]
pub enum Item {
    /// `let name = expr`.
    Let(LetDef),
    /// `define name(params) = expr`.
    Define(DefineDef),
    /// `rule pack.name { ... }`.
    Rule(RuleDef),
}

/// `let name = expr`.
#[derive(Debug, Clone)]
pub struct LetDef {
    /// The name.
    pub name: Ident,
    /// Its value.
    pub value: Expr,
}

/// `define name(params) = expr`.
#[derive(Debug, Clone)]
pub struct DefineDef {
    /// The name.
    pub name: Ident,
    /// Parameter names.
    pub params: Vec<Ident>,
    /// The body.
    pub body: Expr,
}

/// A rule.
#[derive(Debug, Clone)]
pub struct RuleDef {
    /// `pack.name`.
    pub id: Ident,
    /// The whole rule.
    // Read by the prebuilt form's writer, in tests.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "every node keeps its span; no diagnostic points at a whole rule yet"
        )
    )]
    pub span: Span,
    /// Severity, summary, citation and documentation.
    pub meta: Vec<Meta>,
    /// Scopes and checks, in order.
    pub body: Vec<Step>,
}

/// A documentation or metadata clause of a rule.
#[derive(Debug, Clone)]
pub enum Meta {
    /// `severity error`.
    Severity(Ident),
    /// `summary "..."`.
    Summary(Text),
    /// `cite "..."`.
    Cite(Text),
    /// `why "..."`.
    Why(Text),
    /// `ask "..."`: a question for the meeting.
    Ask(Text),
    /// `example fail "..."` or `example pass "..."`.
    Example {
        /// `fail` or `pass`.
        kind: Ident,
        /// `at "/pointer"`: where the finding must point.
        at: Option<Text>,
        /// The example.
        text: Text,
        /// The whole clause.
        span: Span,
    },
}

/// A string literal, already unescaped.
#[derive(Debug, Clone)]
pub struct Text {
    /// The text.
    pub value: String,
    /// The literal, quotes included.
    pub span: Span,
}

/// One step of a rule body. Steps run top to bottom: scopes narrow or
/// multiply the bindings that the checks below them see.
#[derive(Debug, Clone)]
pub enum Step {
    /// `for var in source where filter`.
    For {
        /// The loop variable.
        var: Ident,
        /// The collection.
        source: Expr,
        /// An optional filter.
        filter: Option<Expr>,
        /// With a `{ ... }` block, the steps that run per element; the
        /// steps after the block then run once. Without one, every later
        /// step runs per element.
        body: Option<Vec<Step>>,
    },
    /// `let name = value`.
    Let {
        /// The name.
        name: Ident,
        /// The value.
        value: Expr,
    },
    /// `when condition`.
    When(Expr),
    /// A check that can produce findings.
    Check(Check),
}

/// What a check asserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// A finding when the condition is false.
    Require,
    /// A finding when the condition is true.
    Forbid,
    /// A finding at the place for every binding that reaches it.
    Report,
}

/// `require`, `forbid` or `report` with its options.
#[derive(Debug, Clone)]
pub struct Check {
    /// The kind.
    pub kind: CheckKind,
    /// The condition (or the place, for `report`).
    pub expr: Expr,
    /// `if condition`.
    pub guard: Option<Expr>,
    /// `at place`.
    pub at: Option<Expr>,
    /// `severity ...` for this check only.
    pub severity: Option<Ident>,
    /// `message "..."`.
    pub message: Option<Template>,
    /// `help "..."`.
    pub help: Option<Template>,
    /// The whole check.
    pub span: Span,
}

/// A message with `{expr}` holes.
#[derive(Debug, Clone)]
pub struct Template {
    /// Literal text and holes in order.
    pub parts: Vec<TemplatePart>,
    /// The string literal.
    // Read by the prebuilt form's writer, in tests.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "every node keeps its span; no diagnostic points at a message yet"
        )
    )]
    pub span: Span,
}

/// A piece of a [`Template`].
#[derive(Debug, Clone)]
pub enum TemplatePart {
    /// Literal text.
    Text(String),
    /// A value to insert.
    Hole(Expr),
}

/// An expression with its span.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// `"text"`.
    Str(String),
    /// `12`, `0.5`.
    Num(f64),
    /// `true`, `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `words [..]`.
    Words(Vec<Expr>),
    /// `/pattern/flags`; the span of the pattern itself is kept for errors.
    Regex {
        /// The pattern text.
        pattern: String,
        /// Flags after the closing slash.
        flags: String,
        /// Where the pattern text starts in the file.
        pattern_start: usize,
    },
    /// `root.seg[..]`.
    Path {
        /// The first name: a variable, a pack value or a document field.
        root: Ident,
        /// What follows.
        segments: Vec<Segment>,
    },
    /// `name(args)`.
    Call {
        /// The function.
        name: Ident,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `not x`, `-x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// `a op b`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// `any(x in xs where cond)` and friends.
    Quantifier {
        /// any, all, none, count.
        kind: Quantifier,
        /// The bound name.
        var: Ident,
        /// The collection.
        source: Box<Expr>,
        /// The condition (absent: every element counts).
        filter: Option<Box<Expr>>,
    },
}

/// A step in a path.
#[derive(Debug, Clone)]
// Read by the prebuilt form's writer, in tests.
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "every node keeps its span; only field segments are pointed at yet"
    )
)]
pub enum Segment {
    /// `.name` or `["name"]`.
    Field(String, Span),
    /// `[3]`.
    Index(usize, Span),
    /// `[*]`.
    All(Span),
    /// `[* where cond]`; `it` names the element.
    Filter(Box<Expr>, Span),
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not`.
    Not,
    /// `-`.
    Neg,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `in`: membership in a list.
    In,
    /// `+`.
    Add,
    /// `-`.
    Sub,
}

impl BinaryOp {
    /// `==`, `!=`, `<`, `<=`, `>` or `>=`.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        )
    }
}

/// Quantifiers over a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    /// At least one element satisfies the condition.
    Any,
    /// Every element does.
    All,
    /// No element does.
    None,
    /// How many do.
    Count,
}
