//! The core: rule packs loaded once into an engine, and one plan's text
//! linted into exactly the report `ieplint check` gives for it: parsed,
//! evaluated under its options, suppressions applied, ieplint's own
//! findings made, every finding located. No files, clock, threads or
//! global state: the caller passes texts and today's date.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use jiff::civil::Date;

use crate::ast::Pack;
use crate::builtins::Ahead;
use crate::conform::{self, Conformance};
use crate::document;
use crate::duplicates;
use crate::eval;
use crate::finding::{Finding, Target};
use crate::lexicon::Lexicon;
use crate::locate::{Location, SpanIndex};
use crate::options::{Level, LintOptions};
use crate::pack_error::{did_you_mean, PackError, SourceFile, TOO_MANY};
use crate::parallel::{self, Parallel, Sequential};
use crate::pattern::Pattern;
use crate::places::place_words;
use crate::prebuilt;
use crate::program::{CheckSite, CompiledRule};
use crate::results::{self, FileResult, Identity, Located, Outcome, Wants};
use crate::rule::RuleDoc;
use crate::schema::Schema;
use crate::selection;
use crate::suppress::{self, Origin, Suppression, Use};
use crate::{check, syntax};

/// Compiled rules, ready to lint any number of plans (from several
/// threads: it is `Sync`).
#[derive(Debug)]
pub struct Engine {
    rules: Vec<CompiledRule>,
    /// The plan format, which plans are checked against.
    schema: Schema,
    /// What a value holding only template text looks like (from the
    /// vocabulary pack), left to the placeholder rule by the schema check.
    placeholder: Option<Arc<Pattern>>,
    /// The patterns compiled on first use (the built-in packs'), in the
    /// order the evaluation reaches them.
    later: Vec<Arc<Pattern>>,
    /// The verbs the text functions know.
    lexicon: Lexicon,
    /// Every rule: the packs' in load order, then ieplint's own.
    docs: Vec<Arc<RuleDoc>>,
    by_id: HashMap<Arc<str>, usize>,
}

/// The result of loading rule packs.
#[derive(Debug)]
pub struct Loaded {
    /// The engine, when no pack had an error (with
    /// [`Engine::load_for_tests`], of the rules that had none).
    pub engine: Option<Engine>,
    /// Every error and warning in the packs, sorted by file and place.
    pub problems: Vec<PackError>,
    /// The packs that could be read, in load order.
    pub packs: Vec<PackInfo>,
}

/// A loaded pack as its header describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackInfo {
    /// `pack NAME`.
    pub name: String,
    /// The file it came from, as given.
    pub origin: Arc<str>,
    /// Its `tests "FOLDER"` clauses, relative to the pack file.
    pub tests: Vec<String>,
}

/// One plan to lint: its text and the names it goes by.
#[derive(Debug, Clone)]
pub struct PlanText {
    /// The name shown in reports: a path as given, or `<stdin>`.
    pub path: String,
    /// The path suppressions, overrides and baselines match (relative to
    /// the configuration's folder, with `/`); often the same as `path`.
    pub rel_path: String,
    /// The text.
    pub text: Arc<str>,
}

/// Everything besides the text that decides a plan's report.
#[derive(Debug, Clone, Copy)]
pub struct LintContext<'a> {
    /// Which rules run, at which severity, in which profile.
    pub options: &'a LintOptions,
    /// The configuration's suppressions (those in the plan are read from
    /// it).
    pub suppressions: &'a [Suppression],
    /// Today, for suppressions that expire.
    pub today: Date,
    /// What the result carries besides the findings and their places.
    pub wants: Wants,
}

/// One plan's report, and what the configuration's suppressions did in it.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The findings or why the plan could not be linted.
    pub result: FileResult,
    /// Per configuration suppression, in the order given.
    pub uses: Vec<Use>,
}

impl Engine {
    /// Parses and checks rule packs once, checking their paths against
    /// `schema`; every problem of every pack is returned. The patterns of
    /// the built-in packs as shipped compile on first use (they have no
    /// problem to report), so a run needs only those its plans reach.
    pub fn load(packs: &[SourceFile], schema: Schema) -> Loaded {
        Self::load_with(packs, schema, false, &Sequential)
    }

    /// Like [`Engine::load`], with the independent parts of loading (each
    /// pack's parse, each pattern's compile) run by `parallel`: the
    /// command line loads on all cores. The built-in packs' patterns are
    /// still compiled on first use ([`Engine::lint_on`] compiles them
    /// ahead of a lint).
    pub fn load_on(packs: &[SourceFile], schema: Schema, parallel: &dyn Parallel) -> Loaded {
        Self::load_with(packs, schema, false, parallel)
    }

    /// Like [`Engine::load`], but the engine holds every rule that has no
    /// error even when others have: `ieplint test` reports a pack's
    /// mistakes and still runs the cases of its sound rules. Every pattern
    /// is compiled while loading.
    pub fn load_for_tests(packs: &[SourceFile], schema: Schema) -> Loaded {
        Self::load_with(packs, schema, true, &Sequential)
    }

    fn load_with(
        packs: &[SourceFile],
        schema: Schema,
        partial: bool,
        parallel: &dyn Parallel,
    ) -> Loaded {
        let (mut checked, mut problems, infos) = if partial || parallel.threads() < 2 {
            Self::read_and_check(packs, &schema, partial, parallel)
        } else {
            // While the packs are read and checked, a spare thread compiles
            // the built-in patterns every lint reaches first.
            let first = OnceLock::new();
            let read = parallel::beside(
                parallel,
                || Self::read_and_check(packs, &schema, partial, parallel),
                || drop(first.set(first_patterns())),
            );
            for done in first.get().into_iter().flatten() {
                for p in read.0.later.iter().filter(|p| p.source == done.source) {
                    p.adopt(done);
                }
            }
            read
        };
        problems.append(&mut checked.problems);
        cap_problems(&mut problems, packs);
        let engine = if !partial && problems.iter().any(|p| !p.is_warning) {
            None
        } else {
            Some(Engine::new(checked, schema))
        };
        Loaded {
            engine,
            problems,
            packs: infos,
        }
    }

    /// Reads (or parses) and checks the packs: the checked rules, the
    /// problems of reading them, what each pack is.
    fn read_and_check(
        packs: &[SourceFile],
        schema: &Schema,
        partial: bool,
        parallel: &dyn Parallel,
    ) -> (check::Checked, Vec<PackError>, Vec<PackInfo>) {
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        // A built-in pack's tree is read here, at once: reading it costs
        // less than handing it to another thread. The others are parsed
        // side by side.
        let trees: Vec<Option<Pack>> = packs
            .iter()
            .map(|f| prebuilt::builtin_tree(&f.name, &f.text))
            .collect();
        let unread: Vec<&SourceFile> = packs
            .iter()
            .zip(&trees)
            .filter(|(_, tree)| tree.is_none())
            .map(|(file, _)| file)
            .collect();
        let mut read = parallel::map(parallel, &unread, |f| syntax::parse_pack(f)).into_iter();
        for (file, tree) in packs.iter().zip(trees) {
            let (pack, errors) = match tree {
                Some(pack) => (Some(pack), Vec::new()),
                None => read.next().unwrap_or_default(),
            };
            problems.extend(errors);
            if let Some(pack) = pack {
                parsed.push((file.clone(), pack));
            }
        }
        let infos = parsed
            .iter()
            .map(|(file, pack)| PackInfo {
                name: pack.name.name.clone(),
                origin: Arc::clone(&file.name),
                tests: pack.tests.clone(),
            })
            .collect();
        let compile = if partial {
            check::Compile::Now
        } else {
            check::Compile::BuiltinLater
        };
        let checked = check::check_packs(&parsed, schema.shapes(), parallel, compile);
        (checked, problems, infos)
    }

    fn new(checked: check::Checked, schema: Schema) -> Self {
        let rules = checked.rules;
        let docs: Vec<Arc<RuleDoc>> = rules
            .iter()
            .map(|r| Arc::clone(&r.doc))
            .chain(conform::rule_docs().map(Arc::new))
            .chain(suppress::rule_docs().map(Arc::new))
            .collect();
        let by_id = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (Arc::clone(&d.id), i))
            .collect();
        Engine {
            rules,
            schema,
            placeholder: checked.placeholder,
            later: checked.later,
            lexicon: Lexicon::english(),
            docs,
            by_id,
        }
    }

    /// Every rule: the packs' in load order, then ieplint's own.
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &RuleDoc> + Clone {
        self.docs.iter().map(|d| d.as_ref())
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&RuleDoc> {
        self.by_id
            .get(id)
            .and_then(|i| self.docs.get(*i))
            .map(|d| d.as_ref())
    }

    /// Where the checks of a pack rule are written, in order; empty for
    /// ieplint's own rules and unknown ids.
    pub(crate) fn check_sites(&self, id: &str) -> &[CheckSite] {
        self.rules
            .iter()
            .find(|r| &*r.doc.id == id)
            .map_or(&[], |r| r.checks.as_slice())
    }

    /// Every rule id.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.docs.iter().map(|d| d.id.as_ref())
    }

    /// Whether a selector (a rule id, a pack name, a dotted prefix, `ALL`)
    /// names at least one rule.
    pub fn is_selector(&self, selector: &str) -> bool {
        self.rule_ids().any(|id| selection::matches(selector, id))
    }

    /// The rule id or pack name closest to a name that is neither, for
    /// "did you mean". A bare rule name (`absence-plan`) finds its id.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        if let Some(doc) = self.docs.iter().find(|d| d.name() == name) {
            return Some(&doc.id);
        }
        did_you_mean(name, self.selector_names())
    }

    /// Rule ids and pack names.
    fn selector_names(&self) -> impl Iterator<Item = &str> {
        self.docs
            .iter()
            .flat_map(|d| [d.id.as_ref(), d.pack.as_ref()])
    }

    /// Lints one plan: exactly the findings `ieplint check` reports for it,
    /// in order of place.
    pub fn lint(&self, plan: &PlanText, cx: &LintContext) -> FileReport {
        self.lint_on(plan, cx, &Sequential)
    }

    /// Like [`Engine::lint`], with `parallel` lending the threads it has to
    /// spare: while a plan of ordinary size is linted, another thread runs
    /// through the rules ahead of it and compiles the patterns they will
    /// reach, so a run over one plan compiles only the patterns it needs,
    /// on all cores. The report is the same.
    pub fn lint_on(
        &self,
        plan: &PlanText,
        cx: &LintContext,
        parallel: &dyn Parallel,
    ) -> FileReport {
        if parallel.threads() < 2
            || plan.text.len() > LOOK_AHEAD_MAX
            || self.later.iter().all(|p| p.is_compiled())
        {
            return self.lint_here(plan, cx);
        }
        let done = AtomicBool::new(false);
        parallel::beside(
            parallel,
            || {
                let report = self.lint_here(plan, cx);
                done.store(true, Ordering::Relaxed);
                report
            },
            || self.look_ahead(plan, cx.options, &done),
        )
    }

    /// Runs the rules over `plan`, as a pattern not compiled yet would
    /// have them run if it matched nothing, and compiles the patterns they
    /// reach, the last first (the lint compiles the first it needs
    /// itself); then again, as the compiled patterns open other ways
    /// through the rules, until a pass finds no pattern left to compile or
    /// the lint is `done`. Its findings are thrown away.
    fn look_ahead(&self, plan: &PlanText, options: &LintOptions, done: &AtomicBool) {
        // Run after the lint, on its thread, when no other was free.
        if done.load(Ordering::Relaxed) {
            return;
        }
        let text = plan.text.strip_prefix(document::BOM).unwrap_or(&plan.text);
        let Ok((doc, _)) = document::parse(text) else {
            return;
        };
        let nothing = Pattern::nothing();
        let ahead = Ahead {
            nothing: &nothing,
            reached: RefCell::new(Vec::new()),
        };
        let mut thrown_away = Vec::new();
        loop {
            // A new evaluator each time: the values it keeps for the whole
            // document were worked out with patterns that matched nothing.
            let ev = eval::expr::Evaluator::new(&doc, options.profile.as_str(), &self.lexicon)
                .looking_ahead(&ahead);
            for rule in &self.rules {
                if done.load(Ordering::Relaxed) {
                    return;
                }
                if options.is_on(&rule.doc.id) {
                    eval::run_rule(&ev, rule, &mut thrown_away);
                    thrown_away.clear();
                }
            }
            // Another pass only when this one was ahead of the lint: when
            // the lint had compiled every pattern found by the time they
            // were reached (a large plan), looking ahead gains nothing.
            let mut ahead_of_lint = false;
            for p in ahead.reached.take().iter().rev() {
                if done.load(Ordering::Relaxed) {
                    return;
                }
                // One the lint compiles already is left to it.
                if !p.is_compiled() {
                    p.prepare();
                    ahead_of_lint = true;
                }
            }
            if !ahead_of_lint {
                return;
            }
        }
    }

    fn lint_here(&self, plan: &PlanText, cx: &LintContext) -> FileReport {
        let mut uses = vec![Use::NotConcerned; cx.suppressions.len()];
        // A byte-order mark is not part of the plan: places are counted
        // from the text after it, as editors show them.
        let text = match plan.text.strip_prefix(document::BOM) {
            Some(rest) => Arc::from(rest),
            None => Arc::clone(&plan.text),
        };
        let (doc, repeated) = match document::parse(&text) {
            Ok(parsed) => parsed,
            Err(e) => {
                return FileReport {
                    result: FileResult {
                        path: plan.path.clone(),
                        rel_path: plan.rel_path.clone(),
                        text: Some(Arc::clone(&text)),
                        outcome: Outcome::Failed(e),
                    },
                    uses,
                }
            }
        };
        let options = cx.options;
        let mut findings = Vec::new();
        // The schema check reads the plan as meant, and the rules judge that.
        let conformance = if self
            .docs
            .iter()
            .any(|d| &*d.pack == conform::PACK && options.is_on(&d.id))
        {
            conform::check(&doc, self.schema.shapes(), self.placeholder.as_deref())
        } else {
            Conformance::default()
        };
        let meant = conformance.read_as_meant(&doc);
        let ev = eval::expr::Evaluator::new(
            meant.as_ref().unwrap_or(&doc),
            options.profile.as_str(),
            &self.lexicon,
        );
        for rule in &self.rules {
            if options.is_on(&rule.doc.id) {
                eval::run_rule(&ev, rule, &mut findings);
            }
        }
        conformance.settle(&mut findings);
        if repeated {
            findings.extend(conform::duplicate_findings(&duplicates::find(&text)));
        }
        // A suppression is judged unused only where its rule ran.
        let ran = |selector: &str| {
            self.rules
                .iter()
                .any(|r| options.is_on(&r.doc.id) && selection::matches(selector, &r.doc.id))
        };
        for (s, u) in cx.suppressions.iter().zip(uses.iter_mut()) {
            if s.concerns(&plan.rel_path) && ran(&s.rule) {
                *u = Use::Unused;
            }
        }
        suppress::apply(
            &mut findings,
            cx.suppressions,
            &plan.rel_path,
            cx.today,
            &mut uses,
        );
        let (in_plan, mut own) = suppress::from_plan(
            &doc,
            |name| self.is_selector(name),
            || self.selector_names().collect(),
        );
        let mut plan_uses: Vec<Use> = in_plan
            .iter()
            .map(|s| {
                if ran(&s.rule) {
                    Use::Unused
                } else {
                    Use::NotConcerned
                }
            })
            .collect();
        suppress::apply(
            &mut findings,
            &in_plan,
            &plan.rel_path,
            cx.today,
            &mut plan_uses,
        );
        for (s, u) in in_plan.iter().zip(&plan_uses) {
            if let Origin::Plan(pointer) = &s.origin {
                own.extend(s.judge(*u, cx.today, pointer.clone()));
            }
        }
        findings.extend(own);
        apply_levels(&mut findings, options);
        cap_per_rule(&mut findings);
        let found = locate_all(&text, &doc, findings, cx.wants);
        let text = (cx.wants.text && !found.is_empty()).then_some(text);
        FileReport {
            result: FileResult {
                path: plan.path.clone(),
                rel_path: plan.rel_path.clone(),
                text,
                outcome: Outcome::Linted(found),
            },
            uses,
        }
    }

    /// The findings about the configuration's own suppressions, once every
    /// file is linted: expired ones, and ones that concerned a linted file
    /// but matched nothing in any. `uses` merges the [`FileReport::uses`]
    /// of the run; `config` is the configuration file, `rel_path` its path
    /// as suppressions match it.
    pub fn config_report(
        &self,
        config: &SourceFile,
        rel_path: &str,
        suppressions: &[Suppression],
        uses: &[Use],
        cx: &LintContext,
    ) -> Option<FileResult> {
        let text: &str = &config.text;
        let mut found = Vec::new();
        for (s, u) in suppressions.iter().zip(uses) {
            let Origin::Config { index, span } = &s.origin else {
                continue;
            };
            let mut judged: Vec<Finding> = s
                .judge(*u, cx.today, format!("/suppress/{index}"))
                .into_iter()
                .collect();
            apply_levels(&mut judged, cx.options);
            for finding in judged {
                let location = Location::of_range(text, span.start, span.end);
                let content = text.get(location.start..location.end).unwrap_or("");
                found.push(Located {
                    identity: cx.wants.identity.then(|| Identity {
                        fingerprint: results::fingerprint(&finding.rule, &finding.pointer, content),
                        stable_pointer: finding.pointer.clone(),
                    }),
                    place: cx
                        .wants
                        .place
                        .then(|| format!("the suppression in {}", config.name)),
                    quote: None,
                    label: (location.start, location.end),
                    location,
                    finding,
                });
            }
        }
        (!found.is_empty()).then(|| FileResult {
            path: config.name.to_string(),
            rel_path: rel_path.to_string(),
            text: Some(Arc::clone(&config.text)),
            outcome: Outcome::Linted(found),
        })
    }
}

/// The largest plan (in bytes of text) a lint looks ahead of. A look
/// ahead is a second parse and evaluation of the plan, to save compiling
/// patterns (a few milliseconds); beyond about 100 KB it costs more than
/// that (a 5 MB plan: twice the CPU, 27 MB more memory, 1.10x the time).
const LOOK_AHEAD_MAX: usize = 64 * 1024;

/// How many of the built-in patterns, in the order a lint reaches them,
/// compile while the packs load: the two every lint asks first (the
/// schema check's placeholder, then the first rule's), about as long as
/// reading and checking the packs takes.
const FIRST_PATTERNS: usize = 2;

/// The first built-in patterns a lint reaches, compiled.
fn first_patterns() -> Vec<Pattern> {
    prebuilt::pattern_sources()
        .take(FIRST_PATTERNS)
        .map(|source| {
            let p = Pattern::new(source.to_string(), Vec::new());
            // A built-in pattern compiles (by test).
            p.prepare();
            p
        })
        .collect()
}

/// Keeps the first [`syntax::MAX_ERRORS`] problems of each pack file (in
/// order of place), and says how many more there were.
fn cap_problems(problems: &mut Vec<PackError>, packs: &[SourceFile]) {
    let mut seen: HashMap<Arc<str>, usize> = HashMap::new();
    problems.retain(|p| {
        // The parser's own "stopped here" is always kept.
        if p.code == TOO_MANY {
            return true;
        }
        let n = seen.entry(Arc::from(p.source.name())).or_default();
        *n += 1;
        *n <= syntax::MAX_ERRORS
    });
    for file in packs {
        let total = seen.get(&file.name).copied().unwrap_or(0);
        if total > syntax::MAX_ERRORS {
            problems.push(
                PackError::new(
                    file,
                    TOO_MANY,
                    format!(
                        "...and {} more problem{} in this pack, not listed",
                        thousands(total - syntax::MAX_ERRORS),
                        if total - syntax::MAX_ERRORS == 1 {
                            ""
                        } else {
                            "s"
                        }
                    ),
                    crate::ast::Span::new(0, 0),
                    "in this pack",
                )
                .with_help("fix the problems listed, then run again to see the rest"),
            );
        }
    }
}

/// Drops findings of rules that are off (ieplint's own rules run always
/// and are filtered here) and gives the others the severity configuration
/// set for their rule, which replaces the ones the rule's checks give.
fn apply_levels(findings: &mut Vec<Finding>, options: &LintOptions) {
    findings.retain(|f| options.is_on(&f.rule));
    for f in findings {
        if let Some(Level::Is(severity)) = options.level(&f.rule) {
            f.severity = severity;
        }
    }
}

/// Findings of one rule listed per plan; past this, one more finding says
/// how many were left out, so one pathological plan (a text of 100,000
/// "TBD") cannot flood a report or take minutes to draw.
pub const MAX_FINDINGS_PER_RULE: usize = 1000;

/// Keeps the first [`MAX_FINDINGS_PER_RULE`] findings of each rule, in the
/// order they were made (the document's order), and adds a summary finding
/// at the top of the plan for each rule that had more.
fn cap_per_rule(findings: &mut Vec<Finding>) {
    let mut counts: HashMap<Arc<str>, usize> = HashMap::new();
    for f in findings.iter() {
        *counts.entry(Arc::clone(&f.rule)).or_default() += 1;
    }
    if counts.values().all(|n| *n <= MAX_FINDINGS_PER_RULE) {
        return;
    }
    let mut kept: HashMap<Arc<str>, usize> = HashMap::new();
    let mut summaries = Vec::new();
    findings.retain(|f| {
        let n = kept.entry(Arc::clone(&f.rule)).or_default();
        *n += 1;
        if *n == MAX_FINDINGS_PER_RULE + 1 {
            let total = counts.get(&f.rule).copied().unwrap_or(*n);
            summaries.push(Finding {
                message: format!(
                    "...and {} more findings of this rule in this plan, not listed: only the \
                     first {} are.",
                    thousands(total - MAX_FINDINGS_PER_RULE),
                    thousands(MAX_FINDINGS_PER_RULE)
                ),
                help: "Fix the findings listed, then run ieplint again to see the rest."
                    .to_string(),
                pointer: String::new(),
                target: Target::Value,
                check: None,
                ..f.clone()
            });
        }
        *n <= MAX_FINDINGS_PER_RULE
    });
    findings.extend(summaries);
}

/// A count written with thousands separators, as people read it.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Turns pointers into places, names each finding stably and in words
/// when `wants` says so, and sorts findings by place.
fn locate_all(
    text: &str,
    doc: &serde_json::Value,
    findings: Vec<Finding>,
    wants: Wants,
) -> Vec<Located> {
    if findings.is_empty() {
        return Vec::new();
    }
    let spans: Vec<(Location, Option<(usize, usize)>)> = {
        let index = SpanIndex::new(text, findings.iter().map(|f| f.pointer.as_str()));
        findings
            .iter()
            .enumerate()
            .map(|(i, f)| (index.locate(i, f.target), index.key_span(i)))
            .collect()
    };
    let mut located: Vec<Located> = findings
        .into_iter()
        .zip(spans)
        .map(|(finding, (location, key))| {
            let label = match (finding.target, key) {
                (Target::Value, Some(key)) if location.end_line > location.line => key,
                _ => (location.start, location.end),
            };
            let content = match finding.target {
                Target::Missing => "",
                _ => text.get(location.start..location.end).unwrap_or(""),
            };
            let identity = wants.identity.then(|| {
                let stable_pointer = results::stable_pointer(doc, &finding.pointer);
                // A finding about the plan as a whole (a rule's count of
                // findings left out) is not identified by the whole plan's
                // text: any edit would make it new to a baseline.
                let content = if finding.pointer.is_empty() {
                    ""
                } else {
                    content
                };
                Identity {
                    fingerprint: results::fingerprint(&finding.rule, &stable_pointer, content),
                    stable_pointer,
                }
            });
            let quote = match finding.target {
                Target::Text { .. } if content.chars().count() <= 80 => Some(content.to_string()),
                _ => None,
            };
            Located {
                place: wants.place.then(|| place_words(doc, &finding.pointer)),
                quote,
                finding,
                location,
                label,
                identity,
            }
        })
        .collect();
    located.sort_by(|a, b| {
        (
            a.location.start,
            a.location.end,
            &a.finding.rule,
            &a.finding.message,
        )
            .cmp(&(
                b.location.start,
                b.location.end,
                &b.finding.rule,
                &b.finding.message,
            ))
    });
    located
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_about_the_whole_plan_keeps_its_fingerprint_when_the_plan_changes() {
        let finding = |pointer: &str| Finding {
            rule: Arc::from("idea.goal-baseline"),
            severity: crate::finding::Severity::Warning,
            message: "...and 5 more findings of this rule in this plan".to_string(),
            help: String::new(),
            cite: None,
            pointer: pointer.to_string(),
            target: Target::Value,
            check: None,
        };
        let fingerprint = |text: &str, pointer: &str| {
            let doc: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            locate_all(text, &doc, vec![finding(pointer)], Wants::ALL)
                .pop()
                .and_then(|l| l.identity)
                .map(|i| i.fingerprint)
        };
        let before = r#"{"goals": [{"statement": "Reads 5 words"}], "note": "a"}"#;
        let after = r#"{"goals": [{"statement": "Reads 9 words"}], "note": "b"}"#;
        assert!(fingerprint(before, "").is_some());
        assert_eq!(fingerprint(before, ""), fingerprint(after, ""));
        // A finding at a value is still told by that value's content.
        assert_ne!(
            fingerprint(before, "/goals/0/statement"),
            fingerprint(after, "/goals/0/statement")
        );
    }

    #[test]
    fn counts_are_written_with_thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(99_000), "99,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
