//! The measurability rules scored on a labelled development set
//! (fixtures/measurability/dev-set.jsonl): goals, 1:1 purposes and
//! postsecondary goals, measurable and not, with hard cases. A statement
//! counts as judged "not measurable" when the measurability rule, or the
//! presence rule for the same field, reports it. The tests print
//! precision and recall for each kind and fail below 0.95, on the in-house
//! set and on published examples (fixtures/measurability/published.jsonl).

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test on broken set-up"
)]

mod common;

use ieplint::{LintOptions, Profile};
use serde_json::{json, Value};

struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Score {
    fn ratio(a: usize, b: usize) -> f64 {
        if a + b == 0 {
            1.0
        } else {
            a as f64 / (a + b) as f64
        }
    }
}

/// The plan a statement is placed in, the rules that judge it, and the
/// pointer of the statement.
fn setting(kind: &str, text: &str) -> (Value, [&'static str; 2], &'static str) {
    match kind {
        "goal" => (
            json!({"goals": [{"id": "G1", "statement": text}]}),
            ["idea.goal-measurable", "idea.goal-measurable"],
            "/goals/0/statement",
        ),
        "purpose" => (
            json!({"services": [{"id": "S1", "paraprofessional": {"ratio": "1:1", "purpose": text}}]}),
            ["para.purpose-measurable", "para.purpose-missing"],
            "/services/0/paraprofessional/purpose",
        ),
        _ => (
            json!({
                "student": {"date_of_birth": "2008-01-01"},
                "meeting": {"plan_end": "2026-01-01"},
                "transition": {"postsecondary_goals": {"employment": text}}
            }),
            [
                "idea.transition-goals-measurable",
                "idea.transition-required",
            ],
            "/transition/postsecondary_goals/employment",
        ),
    }
}

/// Scores one labelled set (JSON lines with `kind`, `text`, `measurable`);
/// returns the report lines and the failures (a kind below 0.95, or with
/// fewer statements than `least`).
fn score(set: &str, least: usize) -> (Vec<String>, Vec<String>) {
    let engine = common::engine();
    let text = std::fs::read_to_string(format!(
        "{}/fixtures/measurability/{set}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the set");
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for kind in ["goal", "purpose", "postsecondary"] {
        let mut s = Score {
            tp: 0,
            fp: 0,
            fn_: 0,
            tn: 0,
        };
        let mut wrong = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let row: Value = serde_json::from_str(line).expect("JSON line");
            if row["kind"] != kind {
                continue;
            }
            let statement = row["text"].as_str().expect("text");
            let measurable = row["measurable"].as_bool().expect("label");
            let (doc, rules, pointer) = setting(kind, statement);
            let options = LintOptions::selecting(Profile::Draft, engine.rule_ids(), &rules, &[]);
            let found = common::lint_text(&engine, &doc.to_string(), &options)
                .unwrap_or_else(|e| panic!("not a plan: {}", e.message));
            let flagged = found
                .iter()
                .any(|l| rules.contains(&&*l.finding.rule) && l.finding.pointer == pointer);
            match (flagged, measurable) {
                (true, false) => s.tp += 1,
                (true, true) => {
                    s.fp += 1;
                    wrong.push(format!("flagged but measurable: {statement}"));
                }
                (false, false) => {
                    s.fn_ += 1;
                    wrong.push(format!("missed, not measurable: {statement}"));
                }
                (false, true) => s.tn += 1,
            }
        }
        let n = s.tp + s.fp + s.fn_ + s.tn;
        if n == 0 {
            continue;
        }
        let precision = Score::ratio(s.tp, s.fp);
        let recall = Score::ratio(s.tp, s.fn_);
        let precision_measurable = Score::ratio(s.tn, s.fn_);
        let recall_measurable = Score::ratio(s.tn, s.fp);
        report.push(format!(
            "{set:<16} {kind:<14} n={n:<3} not measurable: precision {precision:.2} recall {recall:.2}; measurable: precision {precision_measurable:.2} recall {recall_measurable:.2}"
        ));
        if precision
            .min(recall)
            .min(precision_measurable)
            .min(recall_measurable)
            < 0.95
            || n < least
        {
            failures.push(format!("{set} {kind}: {}", wrong.join("\n  ")));
        }
    }
    (report, failures)
}

/// Prints the figures of one set and fails when a kind is below the floor.
fn assert_scores(set: &str, least: usize) {
    let (report, failures) = score(set, least);
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{}\n{}",
        report.join("\n"),
        failures.join("\n")
    );
}

#[test]
fn measurability_precision_and_recall_on_the_in_house_set() {
    assert_scores("dev-set.jsonl", 40);
}

/// Statements from published guidance, each labelled by its own source
/// (the file names the source and its address on every line).
#[test]
fn measurability_precision_and_recall_on_published_examples() {
    assert_scores("published.jsonl", 15);
}
