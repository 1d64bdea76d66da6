//! Snapshots of rendered output: human findings, rule-pack errors, and
//! the located JSON of the example plans.

mod common;

use common::{run, stderr, stdout};

#[test]
fn human_report_of_the_vague_plan() {
    let out = run(&["check", "fixtures/plans/elementary-1to1-vague.json"]);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn rule_pack_errors() {
    let out = run(&[
        "check",
        "--rules",
        "fixtures/packs/three-mistakes.rules",
        "fixtures/plans",
    ]);
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn json_report_of_the_example_plans() {
    let out = run(&["check", "--format", "json", "fixtures/plans"]);
    insta::assert_snapshot!(stdout(&out));
}

/// What the measurability rules say, and what they underline: the judged
/// verb, or the missing part.
#[test]
fn measurability_messages_name_what_is_missing() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "--select",
        "idea.goal-measurable,para.purpose-measurable,idea.transition-goals-measurable,quality.placeholder",
        "fixtures/measurability/messages.json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_default();
    let text =
        std::fs::read_to_string(common::fixture("measurability/messages.json")).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let mut shown = String::new();
    for d in report["diagnostics"].as_array().into_iter().flatten() {
        let (line, start, end) = (
            d["line"].as_u64().unwrap_or(0) as usize,
            d["column"].as_u64().unwrap_or(0) as usize,
            d["end_column"].as_u64().unwrap_or(0) as usize,
        );
        let underlined: String = lines
            .get(line.saturating_sub(1))
            .map(|l| {
                l.chars()
                    .skip(start.saturating_sub(1))
                    .take(end.saturating_sub(start))
                    .collect()
            })
            .unwrap_or_default();
        shown.push_str(&format!(
            "{} {}\n  {}\n  underlines: {underlined}\n",
            d["rule"].as_str().unwrap_or(""),
            d["pointer"].as_str().unwrap_or(""),
            d["message"].as_str().unwrap_or("")
        ));
    }
    insta::assert_snapshot!(shown);
}
