//! Stage 1: rule text → pest pairs → typed AST.
//!
//! pest's `Rule` and `Pair` stay inside this module. Each top-level item
//! is parsed on its own, so one syntax error does not hide the errors in
//! the rest of the file; the parser then resumes at the next line that
//! starts a definition.

use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser as _;

use crate::ast::*;
use crate::pack_error::{PackError, SourceFile};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/ieplint.pest"]
struct RuleParser;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
});

/// Lowering errors are boxed: the error is large and the path is cold.
type Result<T> = std::result::Result<T, Box<PackError>>;

/// Parses a rule pack. Returns the pack (with every item that parsed) and
/// the syntax errors; the pack is `None` only when the header is broken.
pub fn parse_pack(file: &SourceFile) -> (Option<Pack>, Vec<PackError>) {
    let src: &str = &file.text;
    let mut errors = Vec::new();
    // The parser and the stages after it recurse on nesting; refuse absurd
    // depths up front instead of running out of stack.
    if let Some(at) = too_deep(src) {
        errors.push(
            PackError::new(
                file,
                "ieplint::rules::too-deep",
                format!("brackets are nested more than {MAX_NESTING} deep here"),
                Span::new(at, at + 1),
                "too deep",
            )
            .with_help("split the expression into named parts with `let` or `define`"),
        );
        return (None, errors);
    }
    // A file that does not start like a pack may be anything (a path
    // mistyped in the configuration can name any file): say so, and quote
    // nothing of it.
    let first = skip_trivia(src, 0);
    let starts_like_a_pack = src.get(first..).is_some_and(|rest| {
        rest.strip_prefix("pack")
            .is_some_and(|after| after.starts_with([' ', '\t']))
    });
    if !starts_like_a_pack {
        errors.push(
            PackError::new(
                file,
                "ieplint::rules::not-a-pack",
                format!(
                    "{} is not a rule pack: a pack starts with `pack NAME \"description\"`",
                    file.name
                ),
                Span::new(first, first),
                "here",
            )
            .with_help("check the path: rule packs are text files written in the rule language, usually named NAME.rules")
            .without_text(),
        );
        return (None, errors);
    }
    let header = match RuleParser::parse(Rule::pack_header, src) {
        Ok(mut pairs) => pairs.next(),
        Err(e) => {
            errors.push(syntax_error(file, 0, &e));
            return (None, errors);
        }
    };
    let Some(header) = header else {
        return (None, errors);
    };
    let lower = Lower::new(file, 0);
    let header_end = header.as_span().end();
    let mut inner = header.into_inner().filter(is_content);
    let name = match inner.next() {
        Some(p) => lower.ident(&p),
        None => return (None, errors),
    };
    let mut description = None;
    let mut docs = None;
    let mut tests = Vec::new();
    let mut once = Once::default();
    for part in inner {
        match part.as_rule() {
            Rule::pack_docs => {
                once.note(
                    &lower,
                    "docs",
                    lower.keyword_span(&part, "docs"),
                    "the pack",
                );
                docs = part
                    .into_inner()
                    .find(is_content)
                    .map(|p| lower.text(&p).value);
            }
            Rule::pack_tests => tests.extend(
                part.into_inner()
                    .find(is_content)
                    .map(|p| lower.text(&p).value),
            ),
            Rule::string => description = Some(lower.text(&part).value),
            _ => errors.push(*lower.shape_error(&part)),
        }
    }
    errors.append(&mut lower.take_errors());

    let mut items = Vec::new();
    let mut pos = skip_trivia(src, header_end);
    while pos < src.len() {
        let rest = &src[pos..];
        match RuleParser::parse(Rule::item, rest) {
            Ok(mut pairs) => {
                let Some(item) = pairs.next() else { break };
                let end = pos + item.as_span().end();
                let lower = Lower::new(file, pos);
                let lowered = lower.item(item);
                let mut found = lower.take_errors();
                match lowered {
                    // A rule written wrongly is left out, so no front end
                    // runs a reading of it its author did not mean.
                    Ok(it) if found.is_empty() => items.push(it),
                    Ok(_) => {}
                    Err(e) => found.push(*e),
                }
                errors.append(&mut found);
                pos = skip_trivia(src, end.max(pos + 1));
            }
            Err(e) => {
                let err = syntax_error(file, pos, &e);
                let at = err.span.start;
                errors.push(err);
                pos = resync(src, at.max(pos + 1));
            }
        }
        // Past this many, more errors help nobody, and each costs a read
        // of the rest of the file.
        if errors.len() >= MAX_ERRORS && pos < src.len() {
            errors.push(
                PackError::new(
                    file,
                    crate::pack_error::TOO_MANY,
                    format!("reading of this pack stopped here, after {MAX_ERRORS} problems"),
                    Span::new(pos, pos),
                    "not read from here",
                )
                .with_help("fix the problems listed, then run again to see the rest"),
            );
            break;
        }
    }
    let pack = Pack {
        origin: Arc::clone(&file.name),
        name,
        description,
        docs,
        tests,
        items,
    };
    (Some(pack), errors)
}

/// The name a pack's header gives it (`pack NAME`), when the header reads.
#[cfg(any(feature = "cli", test))]
pub fn pack_name(text: &str) -> Option<String> {
    let header = RuleParser::parse(Rule::pack_header, text).ok()?.next()?;
    let name = header.into_inner().find(is_content)?;
    Some(name.as_str().to_string())
}

/// Problems of one pack file listed before reading it stops.
pub const MAX_ERRORS: usize = 100;

/// The most operators one expression may join (`not`, `and`, `+`, ...),
/// brackets aside.
const MAX_OPERATORS: usize = 100;

/// The rules of the operators an expression's tokens may be.
const OPERATORS: &[Rule] = &[
    Rule::op_not,
    Rule::op_neg,
    Rule::op_or,
    Rule::op_and,
    Rule::op_eq,
    Rule::op_ne,
    Rule::op_lt,
    Rule::op_le,
    Rule::op_gt,
    Rule::op_ge,
    Rule::op_in,
    Rule::op_add,
    Rule::op_sub,
];

/// The deepest nesting of `(`, `[` and `{` a rule pack may use.
const MAX_NESTING: usize = 128;

/// Where brackets first nest deeper than [`MAX_NESTING`], if they do.
/// Brackets inside strings and comments count too: a false alarm needs a
/// hundred nested brackets in a comment.
fn too_deep(src: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in src.char_indices() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Skips spaces and `#` comments.
fn skip_trivia(src: &str, mut pos: usize) -> usize {
    let bytes = src.as_bytes();
    while pos < bytes.len() {
        match bytes[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'#' => {
                while pos < bytes.len() && bytes[pos] != b'\n' {
                    pos += 1;
                }
            }
            _ => break,
        }
    }
    pos
}

/// The start of the next line, after `from`, that begins a definition.
fn resync(src: &str, from: usize) -> usize {
    let mut line_start = match src.get(from..).and_then(|r| r.find('\n')) {
        Some(i) => from + i + 1,
        None => return src.len(),
    };
    while line_start < src.len() {
        let line = &src[line_start..];
        if ["rule ", "let ", "define "]
            .iter()
            .any(|k| line.starts_with(k))
        {
            return line_start;
        }
        match line.find('\n') {
            Some(i) => line_start += i + 1,
            None => return src.len(),
        }
    }
    src.len()
}

/// What a grammar rule is called in an error message.
fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the file",
        Rule::pack_header => "`pack NAME \"description\"` at the top of the file",
        Rule::pack_docs => "`docs \"https://…\"` after the pack's description",
        Rule::pack_tests => "`tests \"FOLDER\"` after the pack's description",
        Rule::item => "`rule`, `let` or `define`",
        Rule::let_def | Rule::kw_let | Rule::scope_let => "`let`",
        Rule::define_def => "`define`",
        Rule::params => "parameter names",
        Rule::rule_def => "`rule`",
        Rule::rule_id | Rule::name_part => "a rule id such as `para.absence-plan`",
        Rule::severity_clause => "`severity`",
        Rule::summary_clause => "`summary`",
        Rule::cite_clause => "`cite`",
        Rule::why_clause => "`why`",
        Rule::ask_clause => "`ask`",
        Rule::example_clause => "`example`",
        Rule::example_at => "`at \"/pointer\"` after `example fail`",
        Rule::for_clause => "`for`",
        Rule::for_block => "`{ ... }` after `for`",
        Rule::when_clause => "`when`",
        Rule::check | Rule::check_kind => "`require`, `forbid` or `report`",
        Rule::if_option => "`if`",
        Rule::at_option => "`at`",
        Rule::message_option => "`message`",
        Rule::help_option => "`help`",
        Rule::expr | Rule::hole | Rule::group => "an expression",
        Rule::op_not | Rule::op_neg => "`not` or `-`",
        Rule::op_or
        | Rule::op_and
        | Rule::op_eq
        | Rule::op_ne
        | Rule::op_le
        | Rule::op_ge
        | Rule::op_lt
        | Rule::op_gt
        | Rule::op_in
        | Rule::op_add
        | Rule::op_sub => "an operator (`and`, `or`, `==`, `<`, `in`, ...)",
        Rule::quantifier | Rule::quant_kind => {
            "`any(...)`, `all(...)`, `none(...)` or `count(...)`"
        }
        Rule::call => "a function call",
        Rule::list => "a list `[...]`",
        Rule::words => "`words [...]`",
        Rule::regex | Rule::regex_body | Rule::regex_flags | Rule::regex_line_break => {
            "a pattern `/.../`"
        }
        Rule::path | Rule::segment | Rule::field_seg | Rule::field_name => "a field path",
        Rule::bracket_seg | Rule::wild | Rule::wild_filter | Rule::index | Rule::key => {
            "`[*]`, `[* where ...]`, a number or a quoted name inside `[...]`"
        }
        Rule::string | Rule::triple_string | Rule::plain_string => "text in double quotes",
        Rule::number => "a number",
        Rule::boolean => "`true` or `false`",
        Rule::null => "`null`",
        Rule::word => "a word",
        Rule::ident | Rule::keyword | Rule::ident_char => "a name",
        Rule::kw_in => "`in`",
        Rule::kw_where => "`where`",
        Rule::WHITESPACE | Rule::COMMENT | Rule::rule_item | Rule::prefix_op => "more text",
        Rule::infix_op => "an operator",
        Rule::operand => "a value, a path or a function call",
        Rule::check_option => "`if`, `at`, `severity`, `message` or `help`",
    }
}

fn syntax_error(file: &SourceFile, base: usize, e: &pest::error::Error<Rule>) -> PackError {
    use pest::error::{ErrorVariant, InputLocation};
    let src: &str = &file.text;
    let pos = base
        + match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let pos = pos.min(src.len());
    let found = found_at(src, pos);
    let end = (pos + found.len()).max(pos);
    let message = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut wanted: Vec<&str> = positives.iter().map(|r| describe(*r)).collect();
            wanted.sort_unstable();
            wanted.dedup();
            let expected = join_or(&wanted);
            if found.is_empty() {
                format!("the file ends too early; expected {expected}")
            } else if expected.is_empty() {
                format!("unexpected `{found}`")
            } else {
                format!("unexpected `{found}`; expected {expected}")
            }
        }
        ErrorVariant::CustomError { message } => message.clone(),
    };
    PackError::new(
        file,
        "ieplint::rules::syntax",
        message,
        Span::new(pos, end),
        "here",
    )
    .with_help("check the spelling and punctuation here; docs/rule-language.md shows every form")
}

/// The word or character at `pos`, for "unexpected `...`".
fn found_at(src: &str, pos: usize) -> &str {
    let rest = src.get(pos..).unwrap_or("");
    let word_len = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(rest.len(), |(i, _)| i);
    if word_len > 0 {
        &rest[..word_len]
    } else {
        rest.chars().next().map_or("", |c| &rest[..c.len_utf8()])
    }
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Lowers pairs of one parse (of the file from `base` on) into AST nodes.
/// A pair the grammar cannot produce stops the lowering of its item (an
/// `Err`); a program the grammar accepts but the language does not (a
/// clause given twice) is collected in `errors` and lowering goes on, so
/// every such mistake of an item is reported at once.
struct Lower<'f> {
    file: &'f SourceFile,
    base: usize,
    errors: RefCell<Vec<PackError>>,
}

/// Clauses that may be given once, with where each was first given.
#[derive(Default)]
struct Once {
    seen: Vec<(&'static str, Span)>,
}

impl Once {
    /// Records `clause` at `span`; a second one is an error naming the
    /// first, in `owner` ("the rule", "this check", "the pack").
    fn note(&mut self, lower: &Lower, clause: &'static str, span: Span, owner: &str) {
        match self.seen.iter().find(|(c, _)| *c == clause) {
            Some((_, first)) => {
                let line = lower.file.line_column(first.start).0;
                lower.refuse(
                    PackError::new(
                        lower.file,
                        "ieplint::rules::duplicate-clause",
                        format!("`{clause}` is given twice for {owner}"),
                        span,
                        "given again here",
                    )
                    .with_help(format!(
                        "{owner} takes one `{clause}`, first given at line {line}; keep the one you mean and remove the other"
                    )),
                );
            }
            None => self.seen.push((clause, span)),
        }
    }
}

impl<'f> Lower<'f> {
    fn new(file: &'f SourceFile, base: usize) -> Self {
        Lower {
            file,
            base,
            errors: RefCell::new(Vec::new()),
        }
    }

    /// Records a mistake that does not stop the lowering.
    fn refuse(&self, error: PackError) {
        self.errors.borrow_mut().push(error);
    }

    fn take_errors(&self) -> Vec<PackError> {
        std::mem::take(&mut *self.errors.borrow_mut())
    }

    /// The span of the keyword that starts a clause.
    fn keyword_span(&self, p: &Pair<Rule>, keyword: &str) -> Span {
        let start = self.base + p.as_span().start();
        Span::new(start, start + keyword.len())
    }

    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    fn shape_error(&self, p: &Pair<Rule>) -> Box<PackError> {
        Box::new(PackError::new(
            self.file,
            "ieplint::rules::syntax",
            format!("could not read this {}", describe(p.as_rule())),
            self.span(p),
            "here",
        ))
    }

    fn child<'i>(
        &self,
        parent: &Pair<'i, Rule>,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Pair<'i, Rule>> {
        it.next().ok_or_else(|| self.shape_error(parent))
    }

    fn ident(&self, p: &Pair<Rule>) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.span(p),
        }
    }

    fn item(&self, p: Pair<Rule>) -> Result<Item> {
        let inner = p
            .clone()
            .into_inner()
            .find(is_content)
            .ok_or_else(|| self.shape_error(&p))?;
        match inner.as_rule() {
            Rule::let_def => {
                let mut it = inner.clone().into_inner().filter(is_content);
                let name = self.ident(&self.child(&inner, &mut it)?);
                let value = self.expr(self.child(&inner, &mut it)?)?;
                Ok(Item::Let(LetDef { name, value }))
            }
            Rule::define_def => {
                let mut name = None;
                let mut params = Vec::new();
                let mut body = None;
                for c in inner.clone().into_inner().filter(is_content) {
                    match c.as_rule() {
                        Rule::ident => name = Some(self.ident(&c)),
                        Rule::params => {
                            params = c
                                .into_inner()
                                .filter(is_content)
                                .map(|p| self.ident(&p))
                                .collect()
                        }
                        Rule::expr => body = Some(self.expr(c)?),
                        _ => return Err(self.shape_error(&c)),
                    }
                }
                match (name, body) {
                    (Some(name), Some(body)) => Ok(Item::Define(DefineDef { name, params, body })),
                    _ => Err(self.shape_error(&inner)),
                }
            }
            Rule::rule_def => self.rule(inner).map(Item::Rule),
            _ => Err(self.shape_error(&inner)),
        }
    }

    fn rule(&self, p: Pair<Rule>) -> Result<RuleDef> {
        let span = self.span(&p);
        let mut it = p.clone().into_inner().filter(is_content);
        let id = self.ident(&self.child(&p, &mut it)?);
        let mut meta = Vec::new();
        let mut once = Once::default();
        let body = self.rule_items(it, &mut meta, &mut once, None)?;
        if !meta.iter().any(|m| matches!(m, Meta::Severity(_))) {
            if let Some(severity) = first_check_severity(&body) {
                self.refuse(
                    PackError::new(
                        self.file,
                        "ieplint::rules::check-severity",
                        format!(
                            "rule `{}` has no severity of its own: this `severity` belongs to the check above it",
                            id.name
                        ),
                        severity.span,
                        "the check's severity, not the rule's",
                    )
                    .with_help(
                        "a `severity` after a check's `message` and `help` changes only that check; to set the rule's, write it before the rule's steps, next to `summary`",
                    ),
                );
            }
        }
        Ok(RuleDef {
            id,
            span,
            meta,
            body,
        })
    }

    /// The items of a rule body (or, with `block` the `for` keyword's span,
    /// of a `for` block): metadata goes to `meta`, steps are returned in
    /// order.
    fn rule_items<'i>(
        &self,
        items: impl Iterator<Item = Pair<'i, Rule>>,
        meta: &mut Vec<Meta>,
        once: &mut Once,
        block: Option<Span>,
    ) -> Result<Vec<Step>> {
        let mut body = Vec::new();
        for c in items {
            if let Some(clause) = rule_clause(c.as_rule()) {
                let at = self.keyword_span(&c, clause);
                if let Some(for_span) = block {
                    let line = self.file.line_column(for_span.start).0;
                    self.refuse(
                        PackError::new(
                            self.file,
                            "ieplint::rules::clause-in-block",
                            format!("`{clause}` is said of the whole rule, so it cannot be inside a `for` block"),
                            at,
                            format!("inside the block of the `for` at line {line}"),
                        )
                        .with_help(format!(
                            "move `{clause}` out of the block, before the rule's steps; inside the block it would seem to apply to the block only"
                        )),
                    );
                    continue;
                }
                if clause != "example" {
                    once.note(self, clause, at, "the rule");
                }
            }
            match c.as_rule() {
                Rule::severity_clause => meta.push(Meta::Severity(self.first_ident(c)?)),
                Rule::summary_clause => meta.push(Meta::Summary(self.first_text(c)?)),
                Rule::cite_clause => meta.push(Meta::Cite(self.first_text(c)?)),
                Rule::why_clause => meta.push(Meta::Why(self.first_text(c)?)),
                Rule::ask_clause => meta.push(Meta::Ask(self.first_text(c)?)),
                Rule::example_clause => {
                    let span = self.span(&c);
                    let mut ci = c.clone().into_inner().filter(is_content).peekable();
                    let kind = self.ident(&self.child(&c, &mut ci)?);
                    let mut at = None;
                    if let Some(place) = ci.next_if(|p| p.as_rule() == Rule::example_at) {
                        let mut pi = place.clone().into_inner().filter(is_content);
                        at = Some(self.text(&self.child(&place, &mut pi)?));
                    }
                    let text = self.text(&self.child(&c, &mut ci)?);
                    meta.push(Meta::Example {
                        kind,
                        at,
                        text,
                        span,
                    });
                }
                Rule::for_clause => {
                    let for_span = self.keyword_span(&c, "for");
                    let mut ci = c.clone().into_inner().filter(is_content);
                    let var = self.ident(&self.child(&c, &mut ci)?);
                    let source = self.expr(self.child(&c, &mut ci)?)?;
                    let mut filter = None;
                    let mut block = None;
                    for rest in ci {
                        match rest.as_rule() {
                            Rule::for_block => {
                                block = Some(self.rule_items(
                                    rest.into_inner().filter(is_content),
                                    meta,
                                    once,
                                    Some(for_span),
                                )?)
                            }
                            Rule::expr => filter = Some(self.expr(rest)?),
                            _ => return Err(self.shape_error(&rest)),
                        }
                    }
                    body.push(Step::For {
                        var,
                        source,
                        filter,
                        body: block,
                    });
                }
                Rule::scope_let => {
                    let mut ci = c.clone().into_inner().filter(is_content);
                    let name = self.ident(&self.child(&c, &mut ci)?);
                    let value = self.expr(self.child(&c, &mut ci)?)?;
                    body.push(Step::Let { name, value });
                }
                Rule::when_clause => {
                    let mut ci = c.clone().into_inner().filter(is_content);
                    body.push(Step::When(self.expr(self.child(&c, &mut ci)?)?));
                }
                Rule::check => body.push(Step::Check(self.check(c)?)),
                _ => return Err(self.shape_error(&c)),
            }
        }
        Ok(body)
    }

    fn first_ident(&self, p: Pair<Rule>) -> Result<Ident> {
        let mut it = p.clone().into_inner().filter(is_content);
        Ok(self.ident(&self.child(&p, &mut it)?))
    }

    fn first_text(&self, p: Pair<Rule>) -> Result<Text> {
        let mut it = p.clone().into_inner().filter(is_content);
        Ok(self.text(&self.child(&p, &mut it)?))
    }

    fn check(&self, p: Pair<Rule>) -> Result<Check> {
        let span = self.span(&p);
        let mut it = p.clone().into_inner().filter(is_content);
        let keyword = self.child(&p, &mut it)?;
        let kind = match keyword.as_str() {
            "require" => CheckKind::Require,
            "forbid" => CheckKind::Forbid,
            "report" => CheckKind::Report,
            _ => return Err(self.shape_error(&keyword)),
        };
        let expr = self.expr(self.child(&p, &mut it)?)?;
        let mut check = Check {
            kind,
            expr,
            guard: None,
            at: None,
            severity: None,
            message: None,
            help: None,
            span,
        };
        let mut once = Once::default();
        for o in it {
            let mut oi = o.clone().into_inner().filter(is_content);
            let arg = self.child(&o, &mut oi)?;
            if let Some(option) = check_option(o.as_rule()) {
                once.note(self, option, self.keyword_span(&o, option), "this check");
            }
            match o.as_rule() {
                Rule::if_option => check.guard = Some(self.expr(arg)?),
                Rule::at_option => check.at = Some(self.expr(arg)?),
                Rule::severity_clause => check.severity = Some(self.ident(&arg)),
                Rule::message_option => check.message = Some(self.template(&arg)?),
                Rule::help_option => check.help = Some(self.template(&arg)?),
                _ => return Err(self.shape_error(&o)),
            }
        }
        Ok(check)
    }

    /// The body of a string literal (quotes removed) and where it starts.
    fn string_body<'i>(&self, p: &Pair<'i, Rule>) -> (&'i str, usize, bool) {
        let raw = p.as_str();
        let start = self.base + p.as_span().start();
        if raw.starts_with("\"\"\"") && raw.len() >= 6 {
            (&raw[3..raw.len() - 3], start + 3, true)
        } else if raw.len() >= 2 {
            (&raw[1..raw.len() - 1], start + 1, false)
        } else {
            ("", start, false)
        }
    }

    fn text(&self, p: &Pair<Rule>) -> Text {
        let (body, _, triple) = self.string_body(p);
        let value = if triple {
            join_continued(&dedent(body))
        } else {
            unescape(body)
        };
        Text {
            value,
            span: self.span(p),
        }
    }

    /// A message: literal text with `{expr}` holes; `{{` and `}}` are braces.
    fn template(&self, p: &Pair<Rule>) -> Result<Template> {
        let (body, start, triple) = self.string_body(p);
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut i = 0;
        let bytes = body.as_bytes();
        while i < bytes.len() {
            let rest = &body[i..];
            if rest.starts_with("{{") || rest.starts_with("}}") {
                lit.push_str(&rest[..1]);
                i += 2;
            } else if rest.starts_with('{') {
                let Some(close) = rest.find('}') else {
                    return Err(Box::new(
                        PackError::new(
                            self.file,
                            "ieplint::rules::syntax",
                            "this `{` opens a value that is never closed",
                            Span::new(start + i, start + i + 1),
                            "no matching `}`",
                        )
                        .with_help("close it with `}`, or write `{{` for a literal brace"),
                    ));
                };
                let inner = &rest[1..close];
                let hole_base = start + i + 1;
                if !lit.is_empty() {
                    parts.push(TemplatePart::Text(finish_literal(&lit, triple)));
                    lit.clear();
                }
                parts.push(TemplatePart::Hole(self.hole(inner, hole_base)?));
                i += close + 1;
            } else if !triple && rest.starts_with('\\') && rest.len() > 1 {
                let n = rest[1..].chars().next().map_or(1, char::len_utf8) + 1;
                lit.push_str(&rest[..n]);
                i += n;
            } else {
                let n = rest.chars().next().map_or(1, char::len_utf8);
                lit.push_str(&rest[..n]);
                i += n;
            }
        }
        if !lit.is_empty() {
            parts.push(TemplatePart::Text(finish_literal(&lit, triple)));
        }
        Ok(Template {
            parts,
            span: self.span(p),
        })
    }

    fn hole(&self, text: &str, base: usize) -> Result<Expr> {
        match RuleParser::parse(Rule::hole, text) {
            Ok(mut pairs) => {
                let hole = pairs.next().ok_or_else(|| {
                    Box::new(PackError::new(
                        self.file,
                        "ieplint::rules::syntax",
                        "empty `{}` in a message",
                        Span::new(base, base),
                        "here",
                    ))
                })?;
                let lower = Lower::new(self.file, base);
                let mut it = hole.clone().into_inner().filter(is_content);
                let e = lower.child(&hole, &mut it)?;
                let expr = lower.expr(e);
                self.errors.borrow_mut().append(&mut lower.take_errors());
                expr
            }
            Err(e) => Err(Box::new(syntax_error(self.file, base, &e).with_help(
                "inside `{...}` write a value such as `{s.id}`; write `{{` for a literal brace",
            ))),
        }
    }

    fn expr(&self, p: Pair<Rule>) -> Result<Expr> {
        // Each operator is a level of the tree every later stage walks:
        // refuse absurd chains here, with a place, rather than run out of
        // stack in the checker or a worker thread.
        let operators = p
            .clone()
            .into_inner()
            .filter(|t| OPERATORS.contains(&t.as_rule()))
            .count();
        if operators > MAX_OPERATORS {
            return Err(Box::new(
                PackError::new(
                    self.file,
                    "ieplint::rules::too-deep",
                    format!("this expression has {operators} operators, more than {MAX_OPERATORS}"),
                    self.span(&p),
                    "too long",
                )
                .with_help("split the expression into named parts with `let` or `define`"),
            ));
        }
        PRATT
            .map_primary(|primary| self.operand(primary))
            .map_prefix(|op, rhs| {
                let rhs = rhs?;
                let span = Span::new(self.span(&op).start, rhs.span.end);
                let op = match op.as_rule() {
                    Rule::op_not => UnaryOp::Not,
                    Rule::op_neg => UnaryOp::Neg,
                    _ => return Err(self.shape_error(&op)),
                };
                Ok(Expr {
                    kind: ExprKind::Unary {
                        op,
                        expr: Box::new(rhs),
                    },
                    span,
                })
            })
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let op = match op.as_rule() {
                    Rule::op_or => BinaryOp::Or,
                    Rule::op_and => BinaryOp::And,
                    Rule::op_eq => BinaryOp::Eq,
                    Rule::op_ne => BinaryOp::Ne,
                    Rule::op_lt => BinaryOp::Lt,
                    Rule::op_le => BinaryOp::Le,
                    Rule::op_gt => BinaryOp::Gt,
                    Rule::op_ge => BinaryOp::Ge,
                    Rule::op_in => BinaryOp::In,
                    Rule::op_add => BinaryOp::Add,
                    Rule::op_sub => BinaryOp::Sub,
                    _ => return Err(self.shape_error(&op)),
                };
                let span = Span::new(lhs.span.start, rhs.span.end);
                Ok(Expr {
                    kind: ExprKind::Binary {
                        op,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span,
                })
            })
            .parse(p.into_inner().filter(is_content))
    }

    fn operand(&self, p: Pair<Rule>) -> Result<Expr> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::group => {
                let mut it = p.clone().into_inner().filter(is_content);
                return self.expr(self.child(&p, &mut it)?);
            }
            Rule::string => ExprKind::Str(self.text(&p).value),
            Rule::number => ExprKind::Num(p.as_str().parse().map_err(|_| self.shape_error(&p))?),
            Rule::boolean => ExprKind::Bool(p.as_str() == "true"),
            Rule::null => ExprKind::Null,
            Rule::list => ExprKind::List(self.exprs(p)?),
            Rule::words => {
                let mut it = p.clone().into_inner().filter(is_content);
                ExprKind::Words(self.exprs(self.child(&p, &mut it)?)?)
            }
            Rule::regex => {
                let mut pattern = String::new();
                let mut flags = String::new();
                let mut pattern_start = span.start + 1;
                for c in p.into_inner().filter(is_content) {
                    match c.as_rule() {
                        Rule::regex_body => {
                            pattern = c.as_str().replace("\\/", "/");
                            pattern_start = self.span(&c).start;
                        }
                        Rule::regex_flags => flags = c.as_str().to_string(),
                        _ => return Err(self.shape_error(&c)),
                    }
                }
                ExprKind::Regex {
                    pattern,
                    flags,
                    pattern_start,
                }
            }
            Rule::call => {
                let mut it = p.clone().into_inner().filter(is_content);
                let name = self.ident(&self.child(&p, &mut it)?);
                let args = it.map(|a| self.expr(a)).collect::<Result<_>>()?;
                ExprKind::Call { name, args }
            }
            Rule::quantifier => {
                let mut it = p.clone().into_inner().filter(is_content);
                let word = self.child(&p, &mut it)?;
                let kind = match word.as_str() {
                    "any" => Quantifier::Any,
                    "all" => Quantifier::All,
                    "none" => Quantifier::None,
                    "count" => Quantifier::Count,
                    _ => return Err(self.shape_error(&word)),
                };
                let var = self.ident(&self.child(&p, &mut it)?);
                let source = Box::new(self.expr(self.child(&p, &mut it)?)?);
                let filter = it.next().map(|f| self.expr(f)).transpose()?.map(Box::new);
                ExprKind::Quantifier {
                    kind,
                    var,
                    source,
                    filter,
                }
            }
            Rule::path => {
                let mut it = p.clone().into_inner().filter(is_content);
                let root = self.ident(&self.child(&p, &mut it)?);
                let segments = it.map(|s| self.segment(s)).collect::<Result<_>>()?;
                ExprKind::Path { root, segments }
            }
            _ => return Err(self.shape_error(&p)),
        };
        Ok(Expr { kind, span })
    }

    fn exprs(&self, p: Pair<Rule>) -> Result<Vec<Expr>> {
        p.into_inner()
            .filter(is_content)
            .map(|e| self.expr(e))
            .collect()
    }

    fn segment(&self, p: Pair<Rule>) -> Result<Segment> {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::field_seg => {
                let mut it = p.clone().into_inner().filter(is_content);
                Ok(Segment::Field(
                    self.child(&p, &mut it)?.as_str().to_string(),
                    span,
                ))
            }
            Rule::bracket_seg => {
                let mut it = p.clone().into_inner().filter(is_content);
                let inner = self.child(&p, &mut it)?;
                match inner.as_rule() {
                    Rule::wild => Ok(Segment::All(span)),
                    Rule::wild_filter => {
                        let mut fi = inner.clone().into_inner().filter(is_content);
                        let cond = self.expr(self.child(&inner, &mut fi)?)?;
                        Ok(Segment::Filter(Box::new(cond), span))
                    }
                    Rule::index => {
                        let n = inner.as_str().parse().map_err(|_| {
                            Box::new(PackError::new(
                                self.file,
                                "ieplint::rules::syntax",
                                "this index is too large",
                                span,
                                "here",
                            ))
                        })?;
                        Ok(Segment::Index(n, span))
                    }
                    Rule::key => {
                        let mut ki = inner.clone().into_inner().filter(is_content);
                        let s = self.child(&inner, &mut ki)?;
                        Ok(Segment::Field(self.text(&s).value, span))
                    }
                    _ => Err(self.shape_error(&inner)),
                }
            }
            _ => Err(self.shape_error(&p)),
        }
    }
}

/// The clause a grammar rule is, when it is said of the whole rule.
fn rule_clause(rule: Rule) -> Option<&'static str> {
    match rule {
        Rule::severity_clause => Some("severity"),
        Rule::summary_clause => Some("summary"),
        Rule::cite_clause => Some("cite"),
        Rule::why_clause => Some("why"),
        Rule::ask_clause => Some("ask"),
        Rule::example_clause => Some("example"),
        _ => None,
    }
}

/// The option of a check a grammar rule is.
fn check_option(rule: Rule) -> Option<&'static str> {
    match rule {
        Rule::if_option => Some("if"),
        Rule::at_option => Some("at"),
        Rule::severity_clause => Some("severity"),
        Rule::message_option => Some("message"),
        Rule::help_option => Some("help"),
        _ => None,
    }
}

/// The first `severity` option of a check among `steps`, blocks included.
fn first_check_severity(steps: &[Step]) -> Option<&Ident> {
    steps.iter().find_map(|s| match s {
        Step::Check(c) => c.severity.as_ref(),
        Step::For {
            body: Some(body), ..
        } => first_check_severity(body),
        _ => None,
    })
}

/// Keyword tokens carry no content; the lowering skips them.
fn is_content(p: &Pair<Rule>) -> bool {
    !matches!(p.as_rule(), Rule::kw_let | Rule::kw_in | Rule::kw_where)
}

fn finish_literal(raw: &str, triple: bool) -> String {
    if triple {
        join_continued(&dedent(raw))
    } else {
        unescape(raw)
    }
}

/// Decodes `\"`, `\\`, `\n`, `\t`; any other escaped character stands for itself.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                // A backslash ending a line: the line break and the spaces
                // around it read as one space.
                Some('\n' | '\r') => {
                    out.truncate(out.trim_end().len());
                    while chars.clone().next().is_some_and(char::is_whitespace) {
                        chars.next();
                    }
                    out.push(' ');
                }
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Joins a line that ends with a backslash to the next: the backslash,
/// the line break and the spaces around them read as one space, so a long
/// sentence (or a long text in a JSON example) can be written on several
/// lines of a `"""` block.
fn join_continued(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        match line.strip_suffix('\\') {
            Some(head) if lines.peek().is_some() => {
                out.push_str(head.trim_end());
                out.push(' ');
                if let Some(next) = lines.peek_mut() {
                    *next = next.trim_start();
                }
            }
            _ => {
                out.push_str(line);
                if lines.peek().is_some() {
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Removes the common indentation of a `"""` block and its first and last
/// blank lines, so documentation can be indented with the rule.
fn dedent(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().collect();
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(start, |i| i + 1);
    let body = &lines[start..end];
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Pack>, Vec<PackError>) {
        parse_pack(&SourceFile::new("test.rules", text))
    }

    #[test]
    fn parses_a_rule_with_scopes_and_checks() {
        let (pack, errors) = parse(
            r#"pack demo "Demo"
let hedges = words ["as needed", "as appropriate"]
rule demo.absence {
  severity error
  for p in services[*].paraprofessional where p.ratio == "1:1"
  require present(p.absence_plan)
    message "No plan for {p.ratio}."
    help "Say who steps in."
}"#,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let pack = pack.expect("pack");
        assert_eq!(pack.name.name, "demo");
        assert_eq!(pack.items.len(), 2);
        let Item::Rule(rule) = &pack.items[1] else {
            panic!("not a rule")
        };
        assert_eq!(rule.id.name, "demo.absence");
        assert_eq!(rule.body.len(), 2);
        let Step::Check(check) = &rule.body[1] else {
            panic!("not a check")
        };
        let msg = check.message.as_ref().expect("message");
        assert_eq!(msg.parts.len(), 3);
    }

    #[test]
    fn precedence_puts_not_above_and_below_comparison() {
        let (pack, errors) = parse("pack d\nlet x = not a == 1 and b");
        assert!(errors.is_empty(), "{errors:?}");
        let Item::Let(l) = &pack.expect("pack").items[0] else {
            panic!("not a let")
        };
        let ExprKind::Binary {
            op: BinaryOp::And,
            lhs,
            ..
        } = &l.value.kind
        else {
            panic!("{:?}", l.value)
        };
        assert!(matches!(
            lhs.kind,
            ExprKind::Unary {
                op: UnaryOp::Not,
                ..
            }
        ));
    }

    #[test]
    fn reports_each_broken_item_and_keeps_the_rest() {
        let (pack, errors) = parse(
            "pack d\nrule d.one {\n  severity error\n  require present(\n}\nlet ok = 1\nrule d.two {\n  requre x\n}\n",
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(pack.expect("pack").items.len(), 1);
        assert_eq!(errors[0].message, "unexpected `}`; expected an expression");
        assert!(
            errors[1].message.starts_with("unexpected `requre`"),
            "{}",
            errors[1].message
        );
    }

    #[test]
    fn regex_span_points_inside_the_slashes() {
        let (pack, _) = parse("pack d\nlet r = /a\\/b/i");
        let Item::Let(l) = &pack.expect("pack").items[0] else {
            panic!("not a let")
        };
        let ExprKind::Regex {
            pattern,
            flags,
            pattern_start,
        } = &l.value.kind
        else {
            panic!("not a regex")
        };
        assert_eq!(pattern, "a/b");
        assert_eq!(flags, "i");
        assert_eq!(*pattern_start, "pack d\nlet r = /".len());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = format!(
            "pack d\nlet x = {}1{}\n",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        let (pack, errors) = parse(&text);
        assert!(pack.is_none());
        assert_eq!(errors[0].code, "ieplint::rules::too-deep");
    }

    fn codes(text: &str) -> Vec<&'static str> {
        parse(text).1.iter().map(|e| e.code).collect()
    }

    const CHECK: &str = "require present(goals)\n    message \"m\"\n    help \"h\"";

    #[test]
    fn a_clause_given_twice_is_refused_and_its_rule_left_out() {
        let text =
            format!("pack d\nrule d.r {{\n  summary \"a\"\n  summary \"b\"\n  {CHECK}\n}}\n");
        let (pack, errors) = parse(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, "ieplint::rules::duplicate-clause");
        assert_eq!(&text[errors[0].span.start..errors[0].span.end], "summary");
        assert!(errors[0].help.as_deref().unwrap_or("").contains("line 3"));
        assert!(pack.expect("pack").items.is_empty());
        let twice =
            format!("pack d\nrule d.r {{\n  severity error\n  {CHECK}\n    help \"again\"\n}}\n");
        assert_eq!(codes(&twice), ["ieplint::rules::duplicate-clause"]);
        assert_eq!(
            codes("pack d \"x\" docs \"a\" docs \"b\"\n"),
            ["ieplint::rules::duplicate-clause"]
        );
        // Examples and `tests` may be repeated.
        let examples = format!("pack d tests \"a\" tests \"b\"\nrule d.r {{\n  severity error\n  {CHECK}\n  example fail \"{{}}\"\n  example fail \"{{}}\"\n}}\n");
        let (pack, errors) = parse(&examples);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(pack.expect("pack").tests, ["a", "b"]);
    }

    #[test]
    fn rule_clauses_inside_a_for_block_are_refused() {
        for clause in [
            "severity error",
            "summary \"s\"",
            "cite \"c\"",
            "why \"w\"",
            "ask \"a\"",
            "example pass \"{}\"",
        ] {
            let text = format!("pack d\nrule d.r {{\n  severity error\n  for g in goals[*] {{\n    {clause}\n    {CHECK}\n  }}\n}}\n");
            let (_, errors) = parse(&text);
            assert_eq!(errors.len(), 1, "{clause}: {errors:?}");
            assert_eq!(
                errors[0].code, "ieplint::rules::clause-in-block",
                "{clause}"
            );
            assert!(errors[0].label.contains("line 4"), "{}", errors[0].label);
        }
    }

    #[test]
    fn a_severity_after_a_check_is_said_to_be_the_checks() {
        let text =
            format!("pack d\nrule d.r {{\n  summary \"s\"\n  {CHECK}\n  severity warning\n}}\n");
        let (_, errors) = parse(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, "ieplint::rules::check-severity");
        assert!(errors[0].message.contains("belongs to the check above it"));
        assert_eq!(&text[errors[0].span.start..errors[0].span.end], "warning");
        // With a severity of its own, a check may have another.
        let fine =
            format!("pack d\nrule d.r {{\n  severity error\n  {CHECK}\n    severity warning\n}}\n");
        assert!(codes(&fine).is_empty());
    }

    #[test]
    fn an_example_may_say_where_it_fires() {
        let (pack, errors) =
            parse("pack d\nrule d.r {\n  example fail at \"/goals\" \"\"\"{}\"\"\"\n}\n");
        assert!(errors.is_empty(), "{errors:?}");
        let Item::Rule(rule) = &pack.expect("pack").items[0] else {
            panic!("not a rule")
        };
        let Meta::Example { at, kind, .. } = &rule.meta[0] else {
            panic!("not an example")
        };
        assert_eq!(kind.name, "fail");
        assert_eq!(at.as_ref().map(|a| a.value.as_str()), Some("/goals"));
    }

    #[test]
    fn a_backslash_at_the_end_of_a_line_continues_the_text() {
        assert_eq!(unescape("one \\\n     two"), "one two");
        assert_eq!(unescape("one\\\r\n two"), "one two");
        let (pack, errors) = parse("pack d\nlet t = \"a long \\\n  sentence\"\n");
        assert!(errors.is_empty(), "{errors:?}");
        let Item::Let(l) = &pack.expect("pack").items[0] else {
            panic!("not a let")
        };
        assert!(matches!(&l.value.kind, ExprKind::Str(s) if s == "a long sentence"));
    }

    #[test]
    fn a_pattern_may_span_lines_but_a_definition_line_ends_it() {
        let (pack, errors) = parse("pack d\nlet r = /\n  a   # first\n  | b\n/x\nlet s = 1\n");
        assert!(errors.is_empty(), "{errors:?}");
        let Item::Let(l) = &pack.expect("pack").items[0] else {
            panic!("not a let")
        };
        assert!(
            matches!(&l.value.kind, ExprKind::Regex { pattern, .. } if pattern.contains("# first"))
        );
        // A pattern left open does not swallow the next definition.
        let (pack, errors) = parse("pack d\nlet r = /abc\nlet s = 1\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line_column().0, 2);
        assert_eq!(pack.expect("pack").items.len(), 1);
    }

    #[test]
    fn pack_names_are_read_from_the_header() {
        assert_eq!(
            pack_name("# c\npack vocab \"V\"\nlet x = 1").as_deref(),
            Some("vocab")
        );
        assert_eq!(pack_name("rule x {}"), None);
    }

    #[test]
    fn a_backslash_ends_a_line_of_a_triple_quoted_text_too() {
        assert_eq!(join_continued("a \\\n    b\nc"), "a b\nc");
        assert_eq!(join_continued("a\\\r\n  b \\\n c"), "a b c");
        assert_eq!(join_continued("ends \\"), "ends \\");
    }

    #[test]
    fn triple_quoted_text_is_dedented() {
        assert_eq!(dedent("\n    a\n      b\n    "), "a\n  b");
    }
}
