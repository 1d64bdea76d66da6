//! The tests of rule packs, as `ieplint test` runs them: each rule's
//! examples, and plans with the findings they must produce, linted through
//! [`Engine::lint`] exactly as `ieplint check` lints a plan. Which rules
//! fired, and which of their checks, gives the coverage.
//!
//! Reading the plans from disk is the caller's job: this module takes
//! texts, so every front end runs the same cases the same way.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use jiff::civil::Date;

use crate::ast::CheckKind;
use crate::engine::{Engine, LintContext, PlanText};
use crate::options::{LintOptions, Profile};
use crate::results::{Located, Outcome, Wants};

/// One test case: a plan and what linting it must give.
#[derive(Debug, Clone)]
pub struct Case {
    /// How the case is named in reports: a file path, or the example's
    /// rule and number.
    pub name: String,
    /// The plan text (JSON).
    pub text: Arc<str>,
    /// Which findings the case is about.
    pub scope: CaseScope,
    /// What they must be.
    pub expect: Expect,
    /// The profile the plan is linted in.
    pub profile: Profile,
    /// For an example: its pack file and byte range, so a failure can be
    /// labelled where the example is written.
    pub source: Option<(Arc<str>, (usize, usize))>,
}

/// The findings a case is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseScope {
    /// Only this rule's (an example, or a plan in the rule's folder).
    Rule(Arc<str>),
    /// Those of every rule under test and of ieplint's own rules (a whole
    /// plan).
    UnderTest,
}

/// What a case's findings must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// At least one; with a pointer, every one at that place.
    Fires(Option<String>),
    /// None.
    Silent,
    /// Exactly these.
    Exactly(Vec<Expected>),
}

/// A finding a case must produce.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    /// The rule id.
    pub rule: Arc<str>,
    /// The JSON pointer of its place.
    pub pointer: String,
    /// The line it must be shown on, when the case says.
    pub line: Option<usize>,
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.rule, self.pointer)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// A finding a case produced.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Got {
    /// The rule id.
    pub rule: Arc<str>,
    /// The JSON pointer of its place.
    pub pointer: String,
    /// The line it is shown on.
    pub line: usize,
    /// Its message.
    pub message: String,
}

impl std::fmt::Display for Got {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} (line {})", self.rule, self.pointer, self.line)
    }
}

/// How a case went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// As expected.
    Passed,
    /// Not as expected: what was expected and not found, and what was
    /// found and not expected.
    Failed {
        /// Said in words ("rule X should fire here but stays silent").
        summary: String,
        /// Expected findings that did not come.
        missing: Vec<Expected>,
        /// Findings that came unexpected.
        unexpected: Vec<Got>,
    },
    /// The plan could not be linted (not JSON): the reason, with the line
    /// and column.
    Broken(String),
}

/// One case's result.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case.
    pub case: Case,
    /// How it went.
    pub verdict: Verdict,
}

/// A check that no case made fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    /// The rule.
    pub rule: Arc<str>,
    /// The pack file the rule is written in.
    pub origin: Arc<str>,
    /// The check's keyword: `require`, `forbid` or `report`.
    pub kind: &'static str,
    /// Its line in the pack file.
    pub line: usize,
}

/// The results of a run of cases.
#[derive(Debug, Clone)]
pub struct TestReport {
    /// Each case, in the order given.
    pub cases: Vec<CaseResult>,
    /// Rules under test that no case made fire.
    pub silent_rules: Vec<Arc<str>>,
    /// Checks of rules under test that no case made fire.
    pub uncovered: Vec<Uncovered>,
    /// How many checks the rules under test have.
    pub checks: usize,
}

impl TestReport {
    /// Cases that passed.
    pub fn passed(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.verdict == Verdict::Passed)
            .count()
    }

    /// Cases that did not.
    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }
}

/// The examples of the rules under test, as cases: `example fail` must
/// fire (at its `at` place when it names one), `example pass` must not.
pub fn examples(engine: &Engine, under_test: &[Arc<str>]) -> Vec<Case> {
    let mut cases = Vec::new();
    for id in under_test {
        let Some(doc) = engine.rule(id) else { continue };
        let (mut fails, mut passes) = (0, 0);
        for ex in &doc.examples {
            let (kind, n) = if ex.fails {
                fails += 1;
                ("fail", fails)
            } else {
                passes += 1;
                ("pass", passes)
            };
            cases.push(Case {
                name: format!("{id}: example {kind} {n}"),
                text: Arc::from(ex.text.as_str()),
                scope: CaseScope::Rule(Arc::clone(id)),
                expect: if ex.fails {
                    Expect::Fires(ex.at.clone())
                } else {
                    Expect::Silent
                },
                profile: Profile::Draft,
                source: ex.span.map(|s| (Arc::clone(&doc.origin), s)),
            });
        }
    }
    cases
}

/// A problem in an `.expected` file: its line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong, in words.
    pub message: String,
}

/// Reads an `.expected` file: one finding per line, `RULE POINTER` (for a
/// rule's own folder, `POINTER` alone), optionally followed by the line
/// number the finding is shown on; `#` starts a comment, and
/// `# profile: template` lints the plan in that profile. An empty list
/// means the plan must produce no finding.
pub fn parse_expected(
    text: &str,
    rule: Option<&Arc<str>>,
    known: impl Fn(&str) -> bool,
) -> Result<(Vec<Expected>, Profile), ExpectedError> {
    let mut out = Vec::new();
    let mut profile = Profile::Draft;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let err = |message: String| ExpectedError { line, message };
        let body = raw.trim();
        if let Some(comment) = body.strip_prefix('#') {
            if let Some(p) = comment.trim().strip_prefix("profile:") {
                profile = match p.trim() {
                    "draft" => Profile::Draft,
                    "template" => Profile::Template,
                    other => {
                        return Err(err(format!(
                            "`{other}` is not a profile; write `# profile: draft` or `# profile: template`"
                        )))
                    }
                };
            }
            continue;
        }
        if body.is_empty() {
            continue;
        }
        let words: Vec<&str> = body.split_whitespace().collect();
        // In a rule's own folder a line may leave out the rule.
        let (rule_id, pointer, rest) = match (rule, words.as_slice()) {
            (Some(r), [p, rest @ ..]) if p.starts_with('/') => (Arc::clone(r), *p, rest),
            (_, [r, p, rest @ ..]) => (Arc::from(*r), *p, rest),
            _ => {
                return Err(err(format!(
                "`{body}` names no place; write `RULE /pointer`, e.g. `idea.goals-present /goals`"
            )))
            }
        };
        if !known(&rule_id) {
            return Err(err(format!("no loaded rule is named `{rule_id}`")));
        }
        if !pointer.starts_with('/') {
            return Err(err(format!(
                "`{pointer}` is not a JSON pointer; places are written as reports show them, `/goals/0/statement`"
            )));
        }
        let shown_on = match rest {
            [] => None,
            [n] if n.parse::<usize>().is_ok() => n.parse().ok(),
            _ => {
                return Err(err(format!(
                    "expected at most a line number after the place, not `{}`",
                    rest.join(" ")
                )))
            }
        };
        out.push(Expected {
            rule: rule_id,
            pointer: pointer.to_string(),
            line: shown_on,
        });
    }
    Ok((out, profile))
}

/// Runs the cases against `engine`, every rule on, and measures which
/// rules under test (and which of their checks) some case made fire.
pub fn run(engine: &Engine, under_test: &[Arc<str>], cases: Vec<Case>, today: Date) -> TestReport {
    // A whole plan answers for the rules under test and for ieplint's own
    // (the plan format, suppressions), whichever packs are tested.
    let tested: HashSet<&str> = under_test
        .iter()
        .map(|r| r.as_ref())
        .chain(
            engine
                .rules()
                .filter(|d| &*d.pack == "ieplint")
                .map(|d| &*d.id),
        )
        .collect();
    let mut fired: HashSet<(Arc<str>, usize)> = HashSet::new();
    let mut fired_rules: HashSet<Arc<str>> = HashSet::new();
    let mut results = Vec::with_capacity(cases.len());
    for case in cases {
        let options = LintOptions::new(case.profile);
        let cx = LintContext {
            options: &options,
            suppressions: &[],
            today,
            wants: Wants::default(),
        };
        let plan = PlanText {
            path: case.name.clone(),
            rel_path: case.name.clone(),
            text: Arc::clone(&case.text),
        };
        let report = engine.lint(&plan, &cx);
        let found = match report.result.outcome {
            Outcome::Linted(found) => found,
            Outcome::Failed(e) => {
                results.push(CaseResult {
                    case,
                    verdict: Verdict::Broken(match (e.line, e.column) {
                        (Some(l), Some(c)) => format!("line {l}, column {c}: {}", e.message),
                        _ => e.message,
                    }),
                });
                continue;
            }
        };
        for l in &found {
            fired_rules.insert(Arc::clone(&l.finding.rule));
            if let Some(check) = l.finding.check {
                fired.insert((Arc::clone(&l.finding.rule), check));
            }
        }
        let in_scope = |l: &&Located| match &case.scope {
            CaseScope::Rule(id) => l.finding.rule == *id,
            CaseScope::UnderTest => tested.contains(l.finding.rule.as_ref()),
        };
        let got: BTreeSet<Got> = found
            .iter()
            .filter(in_scope)
            .map(|l| Got {
                rule: Arc::clone(&l.finding.rule),
                pointer: l.finding.pointer.clone(),
                line: l.location.line,
                message: l.finding.message.clone(),
            })
            .collect();
        let verdict = judge(&case, got);
        results.push(CaseResult { case, verdict });
    }
    let mut silent_rules = Vec::new();
    let mut uncovered = Vec::new();
    let mut checks = 0;
    for id in under_test {
        if !fired_rules.contains(id) {
            silent_rules.push(Arc::clone(id));
        }
        let origin = engine
            .rule(id)
            .map_or_else(|| Arc::from(""), |d| Arc::clone(&d.origin));
        for (i, site) in engine.check_sites(id).iter().enumerate() {
            checks += 1;
            if !fired.contains(&(Arc::clone(id), i)) {
                uncovered.push(Uncovered {
                    rule: Arc::clone(id),
                    origin: Arc::clone(&origin),
                    kind: match site.kind {
                        CheckKind::Require => "require",
                        CheckKind::Forbid => "forbid",
                        CheckKind::Report => "report",
                    },
                    line: site.line,
                });
            }
        }
    }
    TestReport {
        cases: results,
        silent_rules,
        uncovered,
        checks,
    }
}

/// Compares what a case gave with what it expects.
fn judge(case: &Case, got: BTreeSet<Got>) -> Verdict {
    // A case of one rule is named after it (its example, its folder), so
    // the summary need not repeat the id.
    let rule_name = match &case.scope {
        CaseScope::Rule(_) => "the rule",
        CaseScope::UnderTest => "the rules under test",
    };
    let fail = |summary: String, missing: Vec<Expected>, unexpected: Vec<Got>| Verdict::Failed {
        summary,
        missing,
        unexpected,
    };
    match &case.expect {
        Expect::Silent if got.is_empty() => Verdict::Passed,
        Expect::Silent => fail(
            format!("{rule_name} should stay silent on this plan but fires"),
            Vec::new(),
            got.into_iter().collect(),
        ),
        Expect::Fires(None) if !got.is_empty() => Verdict::Passed,
        Expect::Fires(None) => fail(
            format!("{rule_name} should fire on this plan but stays silent"),
            Vec::new(),
            Vec::new(),
        ),
        Expect::Fires(Some(at)) => {
            let elsewhere: Vec<Got> = got.iter().filter(|g| g.pointer != *at).cloned().collect();
            let there = got.iter().any(|g| g.pointer == *at);
            if there && elsewhere.is_empty() {
                return Verdict::Passed;
            }
            let missing = if there {
                Vec::new()
            } else {
                vec![Expected {
                    rule: match &case.scope {
                        CaseScope::Rule(id) => Arc::clone(id),
                        CaseScope::UnderTest => Arc::from(rule_name),
                    },
                    pointer: at.clone(),
                    line: None,
                }]
            };
            let summary = if there {
                format!("{rule_name} fires at {at}, and also elsewhere")
            } else if got.is_empty() {
                format!("{rule_name} should fire at {at} but stays silent")
            } else {
                format!("{rule_name} should fire at {at} but fires elsewhere")
            };
            fail(summary, missing, elsewhere)
        }
        Expect::Exactly(want) => {
            let matches = |w: &Expected, g: &Got| {
                w.rule == g.rule && w.pointer == g.pointer && w.line.is_none_or(|l| l == g.line)
            };
            let missing: Vec<Expected> = want
                .iter()
                .filter(|w| !got.iter().any(|g| matches(w, g)))
                .cloned()
                .collect();
            let unexpected: Vec<Got> = got
                .iter()
                .filter(|g| !want.iter().any(|w| matches(w, g)))
                .cloned()
                .collect();
            if missing.is_empty() && unexpected.is_empty() {
                Verdict::Passed
            } else {
                let summary = match (missing.len(), unexpected.len()) {
                    (0, n) => format!("{n} finding{} not expected", plural(n)),
                    (m, 0) => format!("{m} expected finding{} did not come", plural(m)),
                    (m, n) => format!(
                        "{m} expected finding{} did not come and {n} came unexpected",
                        plural(m)
                    ),
                };
                fail(summary, missing, unexpected)
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn got(rule: &str, pointer: &str, line: usize) -> Got {
        Got {
            rule: Arc::from(rule),
            pointer: pointer.into(),
            line,
            message: String::new(),
        }
    }

    fn case(expect: Expect) -> Case {
        Case {
            name: "c".into(),
            text: Arc::from("{}"),
            scope: CaseScope::Rule(Arc::from("d.r")),
            expect,
            profile: Profile::Draft,
            source: None,
        }
    }

    #[test]
    fn an_example_that_must_fire_at_a_place_fails_elsewhere() {
        let c = case(Expect::Fires(Some("/a".into())));
        assert_eq!(judge(&c, [got("d.r", "/a", 1)].into()), Verdict::Passed);
        let Verdict::Failed {
            missing,
            unexpected,
            summary,
        } = judge(&c, [got("d.r", "/b", 1)].into())
        else {
            panic!("passed")
        };
        assert_eq!(missing.len(), 1);
        assert_eq!(unexpected.len(), 1);
        assert!(summary.contains("fires elsewhere"), "{summary}");
        let Verdict::Failed { summary, .. } =
            judge(&c, [got("d.r", "/a", 1), got("d.r", "/b", 2)].into())
        else {
            panic!("passed")
        };
        assert!(summary.contains("also elsewhere"), "{summary}");
    }

    #[test]
    fn silence_and_firing_are_told_apart() {
        assert_eq!(
            judge(&case(Expect::Silent), BTreeSet::new()),
            Verdict::Passed
        );
        assert!(matches!(
            judge(&case(Expect::Silent), [got("d.r", "/a", 1)].into()),
            Verdict::Failed { .. }
        ));
        assert_eq!(
            judge(&case(Expect::Fires(None)), [got("d.r", "/a", 1)].into()),
            Verdict::Passed
        );
        assert!(matches!(
            judge(&case(Expect::Fires(None)), BTreeSet::new()),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn exact_expectations_compare_rule_place_and_line() {
        let want = |line| Expected {
            rule: Arc::from("d.r"),
            pointer: "/a".into(),
            line,
        };
        let exact = |w| case(Expect::Exactly(vec![w]));
        assert_eq!(
            judge(&exact(want(None)), [got("d.r", "/a", 7)].into()),
            Verdict::Passed
        );
        assert_eq!(
            judge(&exact(want(Some(7))), [got("d.r", "/a", 7)].into()),
            Verdict::Passed
        );
        let Verdict::Failed {
            missing,
            unexpected,
            ..
        } = judge(&exact(want(Some(8))), [got("d.r", "/a", 7)].into())
        else {
            panic!("passed")
        };
        assert_eq!((missing.len(), unexpected.len()), (1, 1));
        assert!(matches!(
            judge(&exact(want(None)), [got("d.other", "/a", 7)].into()),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn expected_files_are_read_with_their_profile_and_lines() {
        let rule: Arc<str> = Arc::from("d.r");
        let (list, profile) = parse_expected(
            "# profile: template\n/goals/0 12\n\nd.other /x\n",
            Some(&rule),
            |_| true,
        )
        .expect("valid");
        assert_eq!(profile, Profile::Template);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].line, Some(12));
        assert_eq!(&*list[1].rule, "d.other");
        let known = |r: &str| r == "d.r";
        let e = parse_expected("d.r /a\nd.nope /b", None, known).expect_err("unknown rule");
        assert_eq!(e.line, 2);
        let e = parse_expected("d.r goals", None, known).expect_err("not a pointer");
        assert!(e.message.contains("JSON pointer"), "{}", e.message);
        let e = parse_expected("d.r /a twelve", None, known).expect_err("not a line");
        assert!(e.message.contains("twelve"), "{}", e.message);
        let e = parse_expected("# profile: final", None, known).expect_err("profile");
        assert!(e.message.contains("final"), "{}", e.message);
        let e = parse_expected("d.r", None, known).expect_err("no place");
        assert!(e.message.contains("names no place"), "{}", e.message);
    }
}
