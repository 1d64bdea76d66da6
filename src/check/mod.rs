//! Stage 3: checks rule packs and compiles them.
//!
//! Resolves every name (variables, pack values, functions, document
//! fields) with "did you mean", checks arity, compiles regexes and word
//! lists, and checks each rule's metadata. All problems of all packs are
//! collected, never just the first.

mod expr;
mod hoist;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::{self, Item, Meta, Pack, RuleDef, Span};
use crate::finding::Severity;
use crate::pack_error::{did_you_mean, PackError, SourceFile};
use crate::parallel::{self, Parallel};
use crate::pattern::Pattern;
use crate::program::{self, CheckSite, CompiledRule, Part, Template};
use crate::rule::{Example, RuleDoc};
use crate::schema::Shapes;
use expr::{Compiler, Globals, Pending, Scope};

/// The outcome of checking: compiled rules and every problem found.
pub struct Checked {
    /// Rules of every pack, in load order.
    pub rules: Vec<CompiledRule>,
    /// Errors and warnings, sorted by file and position.
    pub problems: Vec<PackError>,
    /// The vocabulary's `placeholder_only` pattern (a value that is only
    /// template text), when a pack defines it: the schema check leaves
    /// such values to the placeholder rule.
    pub placeholder: Option<Arc<Pattern>>,
    /// The patterns not compiled yet (the built-in packs' as shipped), in
    /// the order the evaluation reaches them.
    pub later: Vec<Arc<Pattern>>,
}

/// The pack value that says what a value holding only template text is.
const PLACEHOLDER: &str = "placeholder_only";

/// When the patterns of the packs are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compile {
    /// All of them while loading, so every error is reported.
    Now,
    /// Those of the built-in packs as shipped on first use (the tests
    /// compile them: they have no error to report; a run on one plan uses
    /// about two thirds of them); the others now.
    BuiltinLater,
}

/// Checks and compiles parsed packs.
pub fn check_packs(
    packs: &[(SourceFile, Pack)],
    shapes: &Shapes,
    parallel: &dyn Parallel,
    compile: Compile,
) -> Checked {
    let mut problems = Vec::new();
    let globals = Globals::collect(packs, shapes, &mut problems);
    let mut rules = Vec::new();
    let mut ids: HashMap<String, (Arc<str>, usize)> = HashMap::new();
    for (file, pack) in packs {
        let compiler = Compiler {
            file,
            globals: &globals,
            shapes,
        };
        for item in &pack.items {
            if let Item::Rule(rule) = item {
                if let Some((first_file, first_line)) = ids.get(&rule.id.name) {
                    problems.push(
                        PackError::new(
                            file,
                            "ieplint::rules::duplicate-id",
                            format!("rule `{}` is defined twice", rule.id.name),
                            rule.id.span,
                            "defined again here",
                        )
                        .with_help(format!(
                            "it is first defined in {first_file} at line {first_line}; rule ids must be unique, so rename one"
                        )),
                    );
                    continue;
                }
                let line = file.line_column(rule.id.span.start).0;
                ids.insert(rule.id.name.clone(), (Arc::clone(&file.name), line));
                if let Some(compiled) = compile_rule(&compiler, pack, rule, &mut problems) {
                    rules.push(compiled);
                }
            }
        }
        globals.check_all(&compiler, pack, &mut problems);
    }
    // Every pattern compiles on its own: the slowest part of loading. The
    // patterns of the packs a user wrote or changed compile now, as one
    // batch, so their errors are reported; the built-in packs' later.
    // The built-in packs are told by their text once; a pattern's file
    // shares that text.
    let shipped = match compile {
        Compile::BuiltinLater => crate::packs::builtin_unchanged(packs.iter().map(|(f, _)| f)),
        Compile::Now => Vec::new(),
    };
    let (later, now): (Vec<Pending>, Vec<Pending>) = globals
        .pending
        .take()
        .into_iter()
        .partition(|p| shipped.iter().any(|f| Arc::ptr_eq(&f.text, &p.file().text)));
    problems.extend(
        parallel::map(parallel, &now, Pending::compile)
            .into_iter()
            .flatten(),
    );
    let placeholder = globals.pattern(PLACEHOLDER);
    // Left for first use, in the order the evaluation reaches them; a
    // pattern only spliced into others is never compiled.
    let later = placeholder
        .iter()
        .cloned()
        .chain(program::patterns_in_use_order(&rules))
        .filter(|p| later.iter().any(|l| Arc::ptr_eq(&l.pattern, p)))
        .collect();
    problems.sort_by(|a, b| (a.source.name(), a.span.start).cmp(&(b.source.name(), b.span.start)));
    Checked {
        rules,
        problems,
        placeholder,
        later,
    }
}

fn compile_rule(
    c: &Compiler,
    pack: &Pack,
    rule: &RuleDef,
    problems: &mut Vec<PackError>,
) -> Option<CompiledRule> {
    let errors_before = problems.iter().filter(|p| !p.is_warning).count();
    let prefix = format!("{}.", pack.name.name);
    if !rule.id.name.starts_with(&prefix) {
        problems.push(
            PackError::new(
                c.file,
                "ieplint::rules::id-prefix",
                format!(
                    "rule `{}` is in pack `{}` but its id does not start with `{prefix}`",
                    rule.id.name, pack.name.name
                ),
                rule.id.span,
                "rename this",
            )
            .with_help(format!(
                "name it `{prefix}{}` so users can select the pack by its name",
                last_part(&rule.id.name)
            )),
        );
    }
    let mut severity = None;
    let mut summary = None;
    let mut cite = None;
    let mut why = None;
    let mut ask = None;
    let mut examples = Vec::new();
    for m in &rule.meta {
        match m {
            Meta::Severity(word) => severity = c.severity(word, problems),
            Meta::Summary(t) => summary = Some(t.value.clone()),
            Meta::Cite(t) => cite = Some(Arc::from(t.value.as_str())),
            Meta::Why(t) => why = Some(t.value.clone()),
            Meta::Ask(t) => ask = Some(t.value.clone()),
            Meta::Example {
                kind,
                at,
                text,
                span,
            } => {
                let fails = match kind.name.as_str() {
                    "fail" => true,
                    "pass" => false,
                    other => {
                        let e = PackError::new(
                            c.file,
                            "ieplint::rules::example-kind",
                            format!("`example {other}` is not a kind of example"),
                            kind.span,
                            "expected `fail` or `pass`",
                        );
                        let close = did_you_mean(other, ["fail", "pass"]);
                        problems.push(e.suggest(
                            close,
                            "write `example fail \"...\"` or `example pass \"...\"`",
                        ));
                        continue;
                    }
                };
                // Read through, not built: only whether it is JSON matters here.
                if let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(&text.value) {
                    problems.push(
                        PackError::new(
                            c.file,
                            "ieplint::rules::example-json",
                            format!("this example is not valid JSON: {err}"),
                            text.span,
                            "not a plan document",
                        )
                        .with_help("examples are small plan documents in JSON; `ieplint explain` prints them and the tests run the rule on them"),
                    );
                }
                if let Some(at) = at {
                    if !fails {
                        problems.push(
                            PackError::new(
                                c.file,
                                "ieplint::rules::example-at",
                                "`at` says where a finding must point, and a passing example has none",
                                at.span,
                                "only for `example fail`",
                            )
                            .with_help("remove `at \"...\"`, or make this an `example fail`"),
                        );
                    } else if !(at.value.is_empty() || at.value.starts_with('/')) {
                        problems.push(
                            PackError::new(
                                c.file,
                                "ieplint::rules::example-at",
                                format!("`{}` is not a place in a plan", at.value),
                                at.span,
                                "expected a JSON pointer",
                            )
                            .with_help("write the place as a JSON pointer, as reports show it: `at \"/goals/0/statement\"`"),
                        );
                    }
                }
                examples.push(Example {
                    fails,
                    text: text.value.clone(),
                    at: at.as_ref().map(|a| a.value.clone()),
                    span: Some((span.start, span.end)),
                });
            }
        }
    }
    let missing = |what: &str, help: &str| {
        PackError::new(
            c.file,
            "ieplint::rules::missing-field",
            format!("rule `{}` has no {what}", rule.id.name),
            rule.id.span,
            format!("{what} missing"),
        )
        .with_help(help.to_string())
    };
    if severity.is_none() && !rule.meta.iter().any(|m| matches!(m, Meta::Severity(_))) {
        problems.push(missing(
            "severity",
            "add `severity error`, `severity warning` or `severity info`",
        ));
    }
    if summary.is_none() {
        problems.push(missing(
            "summary",
            "add `summary \"...\"`: one line that `ieplint rules` shows",
        ));
    }

    let mut scope = Scope::default();
    let mut checks = Vec::new();
    let mut steps = compile_steps(c, rule, &rule.body, &mut scope, &mut checks, problems);
    hoist::steps(&mut steps, &c.globals.cache_ids);
    if checks.is_empty() {
        problems.push(missing(
            "check",
            "add `require <condition>`, `forbid <condition>` or `report <place>` with a message and help",
        ));
    }
    let errors_after = problems.iter().filter(|p| !p.is_warning).count();
    if errors_after > errors_before {
        return None;
    }
    Some(CompiledRule {
        doc: Arc::new(RuleDoc {
            id: Arc::from(rule.id.name.as_str()),
            pack: Arc::from(pack.name.name.as_str()),
            severity: severity.unwrap_or(Severity::Error),
            summary: summary.unwrap_or_default(),
            cite,
            why,
            ask,
            examples,
            origin: Arc::clone(&pack.origin),
            docs: pack.docs.as_deref().map(Arc::from),
        }),
        steps,
        slots: scope.max_slots(),
        checks,
    })
}

/// Compiles the steps of a rule body or of a `for` block. Names bound in a
/// block are not visible after it.
fn compile_steps(
    c: &Compiler,
    rule: &RuleDef,
    body: &[ast::Step],
    scope: &mut Scope,
    checks: &mut Vec<CheckSite>,
    problems: &mut Vec<PackError>,
) -> Vec<program::Step> {
    let mut steps = Vec::new();
    let depth = scope.depth();
    for step in body {
        match step {
            ast::Step::For {
                var,
                source,
                filter,
                body,
            } => {
                let (source, shape) = c.expr_shaped(source, scope, problems);
                let block_depth = scope.depth();
                let slot = scope.bind_element(&var.name, shape, c.shapes);
                let filter = filter.as_ref().map(|f| c.expr(f, scope, problems));
                let body = body.as_ref().map(|b| {
                    let compiled = compile_steps(c, rule, b, scope, checks, problems);
                    scope.truncate(block_depth);
                    compiled
                });
                steps.push(program::Step::For {
                    slot,
                    source,
                    filter,
                    body,
                });
            }
            ast::Step::Let { name, value } => {
                let (value, shape) = c.expr_shaped(value, scope, problems);
                let slot = scope.bind(&name.name, shape);
                steps.push(program::Step::Let { slot, value });
            }
            ast::Step::When(cond) => steps.push(program::Step::When(c.expr(cond, scope, problems))),
            ast::Step::Check(check) => {
                let index = checks.len();
                checks.push(CheckSite {
                    kind: check.kind,
                    line: c.file.line_column(check.span.start).0,
                });
                steps.push(program::Step::Check(compile_check(
                    c, rule, check, index, scope, problems,
                )));
            }
        }
    }
    scope.truncate(depth);
    steps
}

fn compile_check(
    c: &Compiler,
    rule: &RuleDef,
    check: &ast::Check,
    index: usize,
    scope: &mut Scope,
    problems: &mut Vec<PackError>,
) -> program::Check {
    let expr = c.expr(&check.expr, scope, problems);
    let guard = check.guard.as_ref().map(|g| c.expr(g, scope, problems));
    let at = check.at.as_ref().map(|a| c.expr(a, scope, problems));
    let severity = check
        .severity
        .as_ref()
        .and_then(|s| c.severity(s, problems));
    let mut template = |t: Option<&ast::Template>, what: &str| -> Template {
        match t {
            Some(t) => Template(
                t.parts
                    .iter()
                    .map(|p| match p {
                        ast::TemplatePart::Text(s) => Part::Text(s.clone()),
                        ast::TemplatePart::Hole(e) if is_absence_hole(e, scope) => Part::Absence,
                        ast::TemplatePart::Hole(e) => Part::Value(c.expr(e, scope, problems)),
                    })
                    .collect(),
            ),
            None => {
                problems.push(
                    PackError::new(
                        c.file,
                        "ieplint::rules::missing-field",
                        format!("a check of rule `{}` has no {what}", rule.id.name),
                        Span::new(
                            check.span.start,
                            check.span.start + check_keyword_len(check.kind),
                        ),
                        format!("{what} missing"),
                    )
                    .with_help(format!("add `{what} \"...\"` right after the check")),
                );
                Template::default()
            }
        }
    };
    let message = template(check.message.as_ref(), "message");
    let help = template(check.help.as_ref(), "help");
    program::Check {
        index,
        kind: check.kind,
        expr,
        guard,
        at,
        severity,
        message,
        help,
    }
}

fn check_keyword_len(kind: ast::CheckKind) -> usize {
    match kind {
        ast::CheckKind::Require => "require".len(),
        ast::CheckKind::Forbid => "forbid".len(),
        ast::CheckKind::Report => "report".len(),
    }
}

/// `{absence}` in a message: why the blamed value counted as absent.
fn is_absence_hole(e: &ast::Expr, scope: &Scope) -> bool {
    matches!(&e.kind, ast::ExprKind::Path { root, segments } if root.name == "absence" && segments.is_empty() && scope.lookup("absence").is_none())
}

fn last_part(id: &str) -> &str {
    id.rsplit('.').next().unwrap_or(id)
}
