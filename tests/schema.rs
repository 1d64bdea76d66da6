//! `ieplint schema` prints a valid draft 2020-12 schema, and every example
//! plan validates against it.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail on broken set-up"
)]

mod common;

use common::{code, fixture, json, run};

#[test]
fn the_schema_is_valid_and_every_example_plan_follows_it() {
    let out = run(&["schema"]);
    assert_eq!(code(&out), 0);
    let schema = json(&out);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!("not a valid draft 2020-12 schema: {e}");
    }
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(fixture("plans")).expect("plans folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let plan: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        for error in validator.iter_errors(&plan) {
            problems.push(format!(
                "{}: {} at {}",
                path.display(),
                error,
                error.instance_path
            ));
        }
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} plans checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schema_documents_every_field() {
    let schema = json(&run(&["schema"]));
    let mut undocumented = Vec::new();
    walk(&schema, "#", &mut undocumented);
    assert!(
        undocumented.is_empty(),
        "fields without a description: {undocumented:?}"
    );
}

fn walk(node: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    if let Some(props) = node.get("properties").and_then(|p| p.as_object()) {
        for (name, sub) in props {
            let here = format!("{at}/{name}");
            if sub.get("description").is_none() {
                out.push(here.clone());
            }
            walk(sub, &here, out);
        }
    }
    if let Some(defs) = node.get("$defs").and_then(|d| d.as_object()) {
        for (name, sub) in defs {
            walk(sub, &format!("{at}/$defs/{name}"), out);
        }
    }
}

/// The schema check agrees with an independent JSON Schema validator on
/// every fixture and on a plan full of mistakes: the same places are
/// wrong (where a content rule speaks at the place, its finding stands in
/// for the schema finding). Two differences are by design: a field the schema does not name
/// is a warning here (the schema allows it), and a date written
/// YYYY-MM-DD that does not exist (2025-02-30) is left to
/// `quality.date-order`.
#[test]
fn the_schema_check_agrees_with_a_json_schema_validator() {
    let schema = json(&run(&["schema"]));
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let engine = common::engine();
    let mut texts: Vec<(String, String)> = Vec::new();
    for dir in std::fs::read_dir(fixture("rules")).expect("rules folder") {
        let dir = dir.expect("entry").path();
        for name in ["fires.json", "silent.json"] {
            let path = dir.join(name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                texts.push((path.display().to_string(), text));
            }
        }
    }
    let mistakes = serde_json::json!({
        "student": {"date_of_birth": "6/14/2016", "grade": "Kindergarten", "state": "Oregon"},
        "placement": {"percent_in_general_education": "84%"},
        "special_factors": {"communication_needs": "Yes"},
        "services": [{"id": "S1", "minutes_per_session": "30 minutes", "frequency": {"sessions": 3, "per": "weekly"},
                      "paraprofessional": {"ratio": "1-on-1", "staffing": 2}}],
        "meeting": {"date": 20250110}
    });
    texts.push(("mistakes".into(), mistakes.to_string()));
    assert!(texts.len() > 100);
    let mut problems = Vec::new();
    for (name, text) in &texts {
        let plan: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let theirs: std::collections::BTreeSet<String> = validator
            .iter_errors(&plan)
            .filter(|e| {
                let iso_day = plan
                    .pointer(&e.instance_path.to_string())
                    .and_then(|v| v.as_str())
                    .is_some_and(|s| {
                        s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-'
                    });
                !iso_day
            })
            .map(|e| e.instance_path.to_string())
            .collect();
        let found =
            common::lint_text(&engine, text, &ieplint::LintOptions::default()).expect("a plan");
        let ours: std::collections::BTreeSet<String> = found
            .iter()
            .filter(|l| {
                // A validator sees the parsed value, not members written
                // twice, nor fields it allows that are misspelt.
                l.finding.rule.starts_with("schema.")
                    && !["schema.unknown-field", "schema.duplicate-key"].contains(&&*l.finding.rule)
            })
            .map(|l| l.finding.pointer.clone())
            .collect();
        // A content rule's finding at the very place (with the law it
        // cites) stands in for the schema finding there.
        let anywhere: std::collections::BTreeSet<String> =
            found.iter().map(|l| l.finding.pointer.clone()).collect();
        if !ours.is_subset(&theirs) || !theirs.is_subset(&anywhere) {
            problems.push(format!(
                "{name}: the validator {theirs:?}, ieplint {ours:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
