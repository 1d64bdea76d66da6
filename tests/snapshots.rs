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
