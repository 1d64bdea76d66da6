//! Every rule, listed by the real binary, has documentation, a citation,
//! a fixture that makes it fire at the expected places, and one that
//! keeps it silent.

mod common;

use std::collections::BTreeSet;

use common::{code, fixture, json, run};

#[test]
fn every_rule_is_documented_and_has_both_fixtures() {
    let listed = run(&["rules", "--format", "json"]);
    assert_eq!(code(&listed), 0);
    let rules = json(&listed);
    let rules = rules.as_array().expect("a list of rules");
    assert!(rules.len() >= 16, "only {} rules listed", rules.len());
    let mut problems = Vec::new();
    for rule in rules {
        let id = rule["id"].as_str().expect("id");
        if rule["documented"] != true {
            problems.push(format!("{id}: no `why` or no pass/fail examples"));
        }
        if rule["cite"].is_null() {
            problems.push(format!("{id}: no citation"));
        }
        let dir = fixture(&format!("rules/{id}"));
        let fires = dir.join("fires.json");
        let silent = dir.join("silent.json");
        let expected = dir.join("fires.expected");
        if !fires.exists() || !silent.exists() || !expected.exists() {
            problems.push(format!("{id}: missing fixtures in {}", dir.display()));
            continue;
        }
        let want: BTreeSet<String> = std::fs::read_to_string(&expected)
            .expect("read expected")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        let report = json(&run(&[
            "check",
            "--select",
            id,
            "--format",
            "json",
            fires.to_str().expect("utf-8 path"),
        ]));
        let got: BTreeSet<String> = common::findings(&report)
            .into_iter()
            .filter(|(r, _)| r == id)
            .map(|(_, p)| p)
            .collect();
        if got != want {
            problems.push(format!(
                "{id}: fires.json reported {got:?}, expected {want:?}"
            ));
        }
        let report = json(&run(&[
            "check",
            "--select",
            id,
            "--format",
            "json",
            silent.to_str().expect("utf-8 path"),
        ]));
        let noisy: Vec<_> = common::findings(&report)
            .into_iter()
            .filter(|(r, _)| r == id)
            .collect();
        if !noisy.is_empty() {
            problems.push(format!("{id}: silent.json reported {noisy:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
