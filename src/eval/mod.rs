//! Stage 5: evaluation of compiled rules over a borrowed JSON document.
//!
//! The document is never cloned: values carry a reference into it and the
//! pointer of where they were found. "Missing" stays apart from `null`.
//! The compiled rules are borrowed for as long as the document (`'d`), so
//! text and patterns written in them are values without a copy or a
//! reference count.

pub mod expr;

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use crate::ast::CheckKind;
use crate::finding::{Finding, Target};
use crate::program::{Check, CompiledRule, Part, Step, Template};
use crate::value::{Absence, Blame, Ptr, Val};
use expr::Evaluator;

/// Runs one rule with an evaluator shared by all rules of a document, so
/// document-only collections are computed once.
pub fn run_rule<'d>(ev: &Evaluator<'d>, rule: &'d CompiledRule, out: &mut Vec<Finding>) {
    let mut env = ev.frame();
    env.resize(rule.slots, Val::Null);
    let mut run = RuleRun {
        ev,
        rule,
        out,
        seen: ev.seen(),
        keys: RandomState::new(),
    };
    run.steps(&rule.steps, &mut env, None);
    ev.release(env);
    ev.release_seen(run.seen);
}

struct RuleRun<'r, 'd> {
    ev: &'r Evaluator<'d>,
    rule: &'d CompiledRule,
    out: &'r mut Vec<Finding>,
    /// Findings already made by this rule, by the hash of their place and
    /// message, so a place reached twice, e.g. through two overlapping
    /// loops, is reported once (hashed: a plan with many findings stays
    /// linear; the finding itself is compared, so a collision drops
    /// nothing).
    seen: HashMap<u64, usize>,
    keys: RandomState,
}

impl<'d> RuleRun<'_, 'd> {
    /// Runs `steps` for the bindings in `env`. `innermost` is the slot the
    /// innermost `for` binds: a finding with no better place points at its
    /// element.
    fn steps(&mut self, steps: &'d [Step], env: &mut Vec<Val<'d>>, innermost: Option<usize>) {
        // A loop, not a recursion, over the steps: a rule of thousands of
        // `let`s is no deeper than one. Only `for` recurses, per element.
        let mut steps = steps;
        while let Some((first, rest)) = steps.split_first() {
            steps = rest;
            match first {
                Step::For {
                    slot,
                    source,
                    filter,
                    body,
                } => {
                    let per_element = body.as_deref().unwrap_or(rest);
                    for item in self.ev.elements(source, env) {
                        // Only a missing element is skipped (asking for
                        // its absence would trim every text walked).
                        if matches!(item, Val::Missing(_)) {
                            continue;
                        }
                        env[*slot] = item;
                        if filter.as_ref().is_none_or(|f| self.ev.holds(f, env)) {
                            self.steps(per_element, env, Some(*slot));
                        }
                    }
                    if body.is_none() {
                        return;
                    }
                }
                Step::Let { slot, value } => env[*slot] = self.ev.eval(value, env),
                Step::When(cond) => {
                    if !self.ev.holds(cond, env) {
                        return;
                    }
                }
                Step::Check(check) => self.check(check, env, innermost),
            }
        }
    }

    fn check(&mut self, check: &'d Check, env: &mut Vec<Val<'d>>, innermost: Option<usize>) {
        if let Some(guard) = &check.guard {
            if !self.ev.holds(guard, env) {
                return;
            }
        }
        // A finding with no better place points at the innermost element.
        // Evaluating the check binds only deeper slots, so that element is
        // still there when a finding is made.
        let fallback = |env: &[Val<'d>]| {
            innermost
                .and_then(|s| env.get(s))
                .and_then(Val::blame)
                .unwrap_or(Blame {
                    ptr: Ptr::root(),
                    range: None,
                    absence: None,
                })
        };
        match check.kind {
            CheckKind::Require | CheckKind::Forbid => {
                // Judged without its place first: most checks pass, and
                // the place is worked out, by judging again, only for a
                // finding.
                if self.ev.holds(&check.expr, env) == (check.kind == CheckKind::Forbid) {
                    let t = self.ev.truth(&check.expr, env);
                    let blame = t.blame.unwrap_or_else(|| fallback(env));
                    self.report(check, blame, env);
                }
            }
            CheckKind::Report => {
                let v = self.ev.eval(&check.expr, env);
                match v {
                    Val::List(_) => {
                        for item in v.elements() {
                            let blame = item.blame().unwrap_or_else(|| fallback(env));
                            self.report(check, blame, env);
                        }
                    }
                    ref single if single.absence().is_none() => {
                        let blame = single.blame().unwrap_or_else(|| fallback(env));
                        self.report(check, blame, env);
                    }
                    _ => {}
                }
            }
        }
    }

    /// Reports a finding of `check` at `blame`, or at its `at` place.
    fn report(&mut self, check: &'d Check, blame: Blame<'d>, env: &mut Vec<Val<'d>>) {
        let blame = match &check.at {
            Some(at) => {
                let absence = blame.absence;
                let place = self.ev.eval(at, env);
                place.blame().map_or(blame, |b| Blame {
                    absence: b.absence.or(absence),
                    ..b
                })
            }
            None => blame,
        };
        self.emit(check, &blame, env);
    }

    fn emit(&mut self, check: &'d Check, blame: &Blame<'d>, env: &mut Vec<Val<'d>>) {
        let pointer = blame.ptr.render(self.ev.places());
        let target = match (blame.range, blame.absence) {
            (Some((start, end)), _) => Target::Text { start, end },
            (None, Some(Absence::Missing)) => Target::Missing,
            _ => Target::Value,
        };
        let message = self.render(&check.message, blame, env);
        let hash = self.keys.hash_one((&pointer, target, &message));
        let first = self.seen.get(&hash).and_then(|&i| self.out.get(i));
        if first.is_some_and(|f| f.pointer == pointer && f.target == target && f.message == message)
        {
            return;
        }
        self.seen.entry(hash).or_insert(self.out.len());
        let help = self.render(&check.help, blame, env);
        self.out.push(Finding {
            rule: Arc::clone(&self.rule.doc.id),
            severity: check.severity.unwrap_or(self.rule.doc.severity),
            message,
            help,
            cite: self.rule.doc.cite.clone(),
            pointer,
            target,
            check: Some(check.index),
        });
    }

    fn render(&self, t: &'d Template, blame: &Blame<'d>, env: &mut Vec<Val<'d>>) -> String {
        // The template's text and a few words for each value: most
        // messages are written without growing.
        let mut out = String::with_capacity(t.len_hint());
        for part in &t.0 {
            match part {
                Part::Text(s) => out.push_str(s),
                Part::Value(e) => self.ev.eval(e, env).render_into(&mut out),
                Part::Absence => {
                    out.push_str(blame.absence.map_or("is not acceptable", Absence::describe))
                }
            }
        }
        out
    }
}
