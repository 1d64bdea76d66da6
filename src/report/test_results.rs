//! The report of `ieplint test`: human (a failing example labelled where
//! it is written in its pack, a fixture's differences as `-` expected and
//! `+` found lines), JSON, or JUnit XML.

use std::fmt::Write as _;

use serde_json::json;

use super::human::{self, Style};
use super::junit::{esc, timestamp};
use crate::ast::Span;
use crate::pack_error::{PackError, SourceFile};
use crate::testing::{CaseResult, TestReport, Verdict};

/// The formats of `ieplint test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestFormat {
    /// For people.
    Human,
    /// One JSON document.
    Json,
    /// JUnit XML.
    Junit,
}

/// Renders a test report. `coverage` adds the rules and checks no case
/// made fire; `sources` are the pack files, so a failing example is
/// shown where it is written.
pub fn render(
    report: &TestReport,
    format: TestFormat,
    coverage: bool,
    sources: &[SourceFile],
    style: Style,
) -> String {
    match format {
        TestFormat::Human => human_report(report, coverage, sources, style),
        TestFormat::Json => json_report(report, coverage, sources),
        TestFormat::Junit => junit_report(report, coverage),
    }
}

/// The differences of a failed case, one per line: `- ` expected and not
/// found, `+ ` found and not expected.
fn diff(verdict: &Verdict) -> String {
    let mut out = String::new();
    if let Verdict::Failed {
        missing,
        unexpected,
        ..
    } = verdict
    {
        for m in missing {
            let _ = writeln!(out, "- {m}    expected, not found");
        }
        for u in unexpected {
            let _ = writeln!(out, "+ {u}    found, not expected: {}", u.message);
        }
    }
    out
}

/// The diagnostic of a failed example, labelled in its pack file.
fn example_error(result: &CaseResult, sources: &[SourceFile]) -> Option<PackError> {
    let (origin, (start, end)) = result.case.source.as_ref()?;
    let file = sources.iter().find(|f| f.name == *origin)?;
    let Verdict::Failed { summary, .. } = &result.verdict else {
        return None;
    };
    let label = if matches!(result.case.expect, crate::testing::Expect::Silent) {
        "this example should pass"
    } else {
        "this example should fail"
    };
    let changes = diff(&result.verdict);
    let help = if changes.is_empty() {
        "change the example or the rule until the rule does what the example says".to_string()
    } else {
        format!(
            "change the example or the rule until the rule does what the example says:\n{}",
            changes.trim_end()
        )
    };
    Some(
        PackError::new(
            file,
            "ieplint::test::example",
            format!("{}: {summary}", result.case.name),
            Span::new(*start, *end),
            label,
        )
        .with_help(help),
    )
}

fn human_report(
    report: &TestReport,
    coverage: bool,
    sources: &[SourceFile],
    style: Style,
) -> String {
    let handler = human::handler(style);
    let mut out = String::new();
    for r in &report.cases {
        match &r.verdict {
            Verdict::Passed => {}
            Verdict::Failed { summary, .. } => match example_error(r, sources) {
                Some(e) => out.push_str(&human::draw(&handler, &e)),
                None => {
                    let _ = writeln!(out, "FAIL {}: {summary}", r.case.name);
                    for line in diff(&r.verdict).lines() {
                        let _ = writeln!(out, "  {line}");
                    }
                    out.push('\n');
                }
            },
            Verdict::Broken(why) => {
                let _ = writeln!(
                    out,
                    "BROKEN {}: the plan cannot be read: {why}\n",
                    r.case.name
                );
            }
        }
    }
    if coverage {
        for id in &report.silent_rules {
            let _ = writeln!(out, "NOT COVERED {id}: no case makes this rule fire");
        }
        for u in &report.uncovered {
            let _ = writeln!(
                out,
                "NOT COVERED {}: no case makes the `{}` at {}:{} fire",
                u.rule, u.kind, u.origin, u.line
            );
        }
        if !report.silent_rules.is_empty() || !report.uncovered.is_empty() {
            out.push_str(
                "  add an `example fail` or a test plan that makes each of these fire\n\n",
            );
        }
    }
    let failed = report.failed();
    let gaps = coverage && !(report.silent_rules.is_empty() && report.uncovered.is_empty());
    let verdict = if failed > 0 || gaps { "FAILED" } else { "ok" };
    let _ = write!(
        out,
        "test result: {verdict}. {} passed, {failed} failed",
        report.passed()
    );
    if coverage {
        let _ = write!(
            out,
            "; {} of {} checks made to fire",
            report.checks - report.uncovered.len(),
            report.checks
        );
    }
    out.push('\n');
    out
}

fn json_report(report: &TestReport, coverage: bool, sources: &[SourceFile]) -> String {
    let cases: Vec<_> = report
        .cases
        .iter()
        .map(|r| {
            let (verdict, summary, missing, unexpected) = match &r.verdict {
                Verdict::Passed => ("passed", None, Vec::new(), Vec::new()),
                Verdict::Failed {
                    summary,
                    missing,
                    unexpected,
                } => (
                    "failed",
                    Some(summary.clone()),
                    missing
                        .iter()
                        .map(|m| json!({"rule": &*m.rule, "pointer": m.pointer, "line": m.line}))
                        .collect(),
                    unexpected
                        .iter()
                        .map(|u| {
                            json!({"rule": &*u.rule, "pointer": u.pointer, "line": u.line, "message": u.message})
                        })
                        .collect(),
                ),
                Verdict::Broken(why) => ("broken", Some(why.clone()), Vec::new(), Vec::new()),
            };
            let source = r.case.source.as_ref().and_then(|(origin, (start, _))| {
                let file = sources.iter().find(|f| f.name == *origin)?;
                let (line, column) = file.line_column(*start);
                Some(json!({"file": &**origin, "line": line, "column": column}))
            });
            json!({
                "name": r.case.name,
                "verdict": verdict,
                "summary": summary,
                "missing": missing,
                "unexpected": unexpected,
                "source": source,
            })
        })
        .collect();
    let mut doc = json!({
        "cases": cases,
        "summary": {"passed": report.passed(), "failed": report.failed()},
    });
    if coverage {
        doc["coverage"] = json!({
            "checks": report.checks,
            "silent_rules": report.silent_rules.iter().map(|r| &**r).collect::<Vec<_>>(),
            "uncovered_checks": report.uncovered.iter().map(|u| json!({
                "rule": &*u.rule, "kind": u.kind, "file": &*u.origin, "line": u.line,
            })).collect::<Vec<_>>(),
        });
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn junit_report(report: &TestReport, coverage: bool) -> String {
    let mut cases = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for r in &report.cases {
        tests += 1;
        let (class, name) = match r.case.name.split_once(": ") {
            Some((c, n)) => (c.to_string(), n.to_string()),
            None => ("ieplint.test".to_string(), r.case.name.clone()),
        };
        let _ = write!(
            cases,
            "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
            esc(&name),
            esc(&class)
        );
        match &r.verdict {
            Verdict::Passed => cases.push_str("/>\n"),
            Verdict::Failed { summary, .. } => {
                failures += 1;
                let _ = write!(
                    cases,
                    ">\n      <failure message=\"{}\" type=\"failed\">{}</failure>\n    </testcase>\n",
                    esc(summary),
                    esc(&diff(&r.verdict))
                );
            }
            Verdict::Broken(why) => {
                errors += 1;
                let _ = write!(
                    cases,
                    ">\n      <error message=\"{}\" type=\"broken\">{}</error>\n    </testcase>\n",
                    esc(why),
                    esc(why)
                );
            }
        }
    }
    if coverage {
        let gaps = report
            .silent_rules
            .iter()
            .map(|id| (id.to_string(), "no case makes this rule fire".to_string()))
            .chain(report.uncovered.iter().map(|u| {
                (
                    u.rule.to_string(),
                    format!(
                        "no case makes the `{}` at {}:{} fire",
                        u.kind, u.origin, u.line
                    ),
                )
            }));
        for (rule, why) in gaps {
            tests += 1;
            failures += 1;
            let _ = write!(
                cases,
                "    <testcase name=\"coverage\" classname=\"{}\" time=\"0\">\n      <failure message=\"{}\" type=\"coverage\"/>\n    </testcase>\n",
                esc(&rule),
                esc(&why)
            );
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite package=\"ieplint\" id=\"0\" name=\"ieplint test\" timestamp=\"{}\" hostname=\"ieplint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"0\">\n    <properties/>\n{cases}    <system-out/>\n    <system-err/>\n  </testsuite>\n</testsuites>\n",
        timestamp()
    )
}
