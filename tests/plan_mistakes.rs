//! A mistake in a plan is a finding, never a silent pass: each mistake a
//! parent or template author makes (a misspelt field, a value of the
//! wrong type, a 1:1 written as a line of text, a file saved by a word
//! processor) gives a located finding in plain words, through the real
//! binary. Each test starts from the vague example plan.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test on broken set-up"
)]

mod common;

use std::collections::BTreeSet;

use common::{code, json, root, run_in};
use serde_json::Value;

const VAGUE: &str = "fixtures/plans/elementary-1to1-vague.json";

fn vague() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(VAGUE)).expect("read")).expect("JSON")
}

/// Lints `bytes` as a plan file; the JSON report.
fn lint_bytes(bytes: &[u8]) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("plan.json"), bytes).expect("write");
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "plan.json"],
        None,
    );
    assert!(code(&out) <= 2, "{}", common::stderr(&out));
    json(&out)
}

fn lint(plan: &Value) -> Value {
    lint_bytes(serde_json::to_string_pretty(plan).expect("JSON").as_bytes())
}

fn diagnostics(report: &Value) -> Vec<Value> {
    report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The one finding of `rule` at `pointer`.
fn finding(report: &Value, rule: &str, pointer: &str) -> Value {
    let found: Vec<Value> = diagnostics(report)
        .into_iter()
        .filter(|d| d["rule"] == rule && d["pointer"] == pointer)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{rule} at {pointer} in {:#?}",
        diagnostics(report)
    );
    found[0].clone()
}

fn para_rules(report: &Value) -> BTreeSet<String> {
    diagnostics(report)
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .filter(|r| r.starts_with("para."))
        .map(str::to_string)
        .collect()
}

fn count_rule(report: &Value, rule: &str) -> usize {
    diagnostics(report)
        .iter()
        .filter(|d| d["rule"] == rule)
        .count()
}

#[test]
fn the_vague_plan_has_no_schema_finding() {
    let report = lint(&vague());
    assert!(
        !diagnostics(&report)
            .iter()
            .any(|d| d["rule"].as_str().is_some_and(|r| r.starts_with("schema."))),
        "{:#?}",
        diagnostics(&report)
    );
    assert!(para_rules(&report).len() >= 16);
}

#[test]
fn a_misspelt_field_is_named_and_still_judged() {
    let original = lint(&vague());
    let mut plan = vague();
    let service = plan["services"][2].as_object_mut().expect("service");
    let para = service.remove("paraprofessional").expect("para");
    service.insert("paraprofesional".into(), para);
    let report = lint(&plan);
    let f = finding(
        &report,
        "schema.unknown-field",
        "/services/2/paraprofesional",
    );
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean \"paraprofessional\"?")),
        "{f}"
    );
    assert_eq!(para_rules(&report), para_rules(&original));
    let moved = diagnostics(&report)
        .into_iter()
        .filter(|d| d["rule"].as_str().is_some_and(|r| r.starts_with("para.")))
        .filter(|d| {
            d["pointer"]
                .as_str()
                .is_some_and(|p| p.starts_with("/services/2/paraprofesional"))
        })
        .count();
    assert!(
        moved >= 10,
        "the para findings point into the field as written"
    );
}

#[test]
fn a_ratio_written_one_on_one_is_a_one_to_one() {
    let original = lint(&vague());
    for written in ["1-on-1", "one-to-one", "1 to 1", "1:1 "] {
        let mut plan = vague();
        plan["services"][2]["paraprofessional"]["ratio"] = written.into();
        let report = lint(&plan);
        let f = finding(
            &report,
            "schema.not-in-list",
            "/services/2/paraprofessional/ratio",
        );
        assert!(
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("writes it \"1:1\"")),
            "{f}"
        );
        assert_eq!(para_rules(&report), para_rules(&original), "{written}");
    }
}

#[test]
fn yes_for_true_is_read_and_reported() {
    let mut plan = vague();
    plan["special_factors"]["communication_needs"] = "Yes".into();
    plan["special_factors"]
        .as_object_mut()
        .expect("object")
        .remove("communication_supports");
    let report = lint(&plan);
    let f = finding(
        &report,
        "schema.wrong-type",
        "/special_factors/communication_needs",
    );
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("write true")),
        "{f}"
    );
    assert_eq!(
        count_rule(&report, "idea.special-factors"),
        1,
        "the special-factors check runs"
    );
}

#[test]
fn a_percent_written_as_text_is_read_and_reported() {
    let mut plan = vague();
    plan["placement"]["percent_in_general_education"] = "84%".into();
    plan["placement"]
        .as_object_mut()
        .expect("object")
        .remove("nonparticipation_explanation");
    let report = lint(&plan);
    let f = finding(
        &report,
        "schema.wrong-type",
        "/placement/percent_in_general_education",
    );
    assert_eq!(
        f["message"],
        "The percent in general education of the placement is written as the text \"84%\"; write the number alone, 84."
    );
    assert_eq!(
        count_rule(&report, "idea.lre-explanation"),
        1,
        "the LRE check runs"
    );
}

#[test]
fn no_placement_is_a_least_restrictive_environment_finding() {
    let mut plan = vague();
    plan.as_object_mut().expect("object").remove("placement");
    let report = lint(&plan);
    let f = finding(
        &report,
        "idea.lre-explanation",
        "/placement/percent_in_general_education",
    );
    assert!(f["message"]
        .as_str()
        .is_some_and(|m| m.contains("general education")));
}

#[test]
fn a_one_to_one_written_as_text_is_caught() {
    // No service documents a paraprofessional.
    let without_aides = || {
        let mut plan = vague();
        for s in plan["services"].as_array_mut().expect("services") {
            s.as_object_mut()
                .expect("service")
                .remove("paraprofessional");
        }
        plan
    };
    let mut plan = without_aides();
    plan["services"][2]["name"] = "1:1 paraprofessional support throughout the day".into();
    let report = lint(&plan);
    let f = finding(&report, "para.undocumented-one-to-one", "/services/2/name");
    assert_eq!(f["severity"], "error");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("(\"1:1 paraprofessional\")")),
        "{f}"
    );
    for other in [
        "one-on-one paraprofessional",
        "a dedicated aide",
        "a personal care assistant",
        "a shadow",
    ] {
        let mut plan = without_aides();
        plan["services"][2]["name"] = "Classroom support".into();
        plan["present_levels"]["functional"] =
            format!("Since October she has had {other} in the classroom.").into();
        let report = lint(&plan);
        assert_eq!(
            count_rule(&report, "para.undocumented-one-to-one"),
            1,
            "{other}: {:#?}",
            diagnostics(&report)
        );
    }
}

#[test]
fn a_date_written_the_american_way_is_rewritten() {
    let mut plan = vague();
    plan["student"]["date_of_birth"] = "6/14/2016".into();
    let report = lint(&plan);
    let f = finding(&report, "schema.date-format", "/student/date_of_birth");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("here \"2016-06-14\"")),
        "{f}"
    );
    assert!(
        !diagnostics(&report).iter().any(|d| d["message"]
            .as_str()
            .is_some_and(|m| m.contains("not a real calendar date"))),
        "one finding for one root cause"
    );
    let mut plan = vague();
    plan["student"]["date_of_birth"] = "2016-02-30".into();
    let report = lint(&plan);
    assert_eq!(count_rule(&report, "schema.date-format"), 0);
    finding(&report, "quality.date-order", "/student/date_of_birth");
}

#[test]
fn minutes_written_with_their_unit_are_read_and_reported() {
    let mut plan = vague();
    plan["services"][0]["minutes_per_session"] = "30 minutes".into();
    let report = lint(&plan);
    let f = finding(
        &report,
        "schema.wrong-type",
        "/services/0/minutes_per_session",
    );
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("write the number alone, 30")),
        "{f}"
    );
    assert!(
        !diagnostics(&report).iter().any(|d| d["message"]
            .as_str()
            .is_some_and(|m| m.contains("how many minutes"))),
        "{:#?}",
        diagnostics(&report)
    );
}

#[test]
fn a_value_that_cannot_be_read_silences_the_rules_below_it() {
    let mut plan = vague();
    plan["services"][2]["paraprofessional"] = "1:1 aide all day".into();
    let report = lint(&plan);
    finding(&report, "schema.wrong-type", "/services/2/paraprofessional");
    let below = diagnostics(&report)
        .into_iter()
        .filter(|d| {
            d["pointer"]
                .as_str()
                .is_some_and(|p| p.starts_with("/services/2/paraprofessional/"))
        })
        .count();
    assert_eq!(below, 0, "{:#?}", diagnostics(&report));
}

#[test]
fn files_saved_with_a_byte_order_mark_or_windows_line_endings_lint_the_same() {
    let text = std::fs::read_to_string(root().join(VAGUE)).expect("read");
    let plain = lint_bytes(text.as_bytes());
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(text.as_bytes());
    let places = |r: &Value| {
        diagnostics(r)
            .iter()
            .map(|d| {
                (
                    d["rule"].clone(),
                    d["pointer"].clone(),
                    d["line"].clone(),
                    d["column"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(places(&lint_bytes(&bom)), places(&plain));
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(places(&lint_bytes(crlf.as_bytes())), places(&plain));
}

#[test]
fn curly_quotes_utf16_and_windows_1252_are_named_at_their_place() {
    let text = std::fs::read_to_string(root().join(VAGUE)).expect("read");
    let curly = text.replacen("\"student\"", "\u{201c}student\u{201d}", 1);
    let line = text
        .lines()
        .position(|l| l.contains("\"student\""))
        .expect("a student line")
        + 1;
    let e = &lint_bytes(curly.as_bytes())["errors"][0];
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.contains("curly quotes")),
        "{e}"
    );
    assert_eq!(e["line"], line);

    let mut cp1252 = text.replacen("reading", "r\u{0}ading", 1).into_bytes();
    if let Some(i) = cp1252.iter().position(|b| *b == 0) {
        cp1252[i] = 0x93;
    }
    let e = &lint_bytes(&cp1252)["errors"][0];
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.contains("not UTF-8")),
        "{e}"
    );
    assert!(e["line"].as_u64().is_some_and(|l| l > 1), "{e}");
    assert!(e["column"].as_u64().is_some(), "{e}");

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let e = &lint_bytes(&utf16)["errors"][0];
    assert!(
        e["message"].as_str().is_some_and(|m| m.contains("UTF-16")),
        "{e}"
    );
}
