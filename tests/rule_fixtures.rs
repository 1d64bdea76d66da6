//! Every rule, as listed by the real binary (`ieplint rules --format
//! json`), has documentation, a citation, a fixture that makes it fire at
//! the expected places, and one that keeps it silent. The fixtures are
//! linted in-process through the library with the built-in packs loaded
//! once, every rule running as in `ieplint check`.

mod common;

use std::collections::BTreeSet;

use common::{code, fixture, json, run};

#[test]
fn every_rule_is_documented_and_has_both_fixtures() {
    let listed = run(&["rules", "--format", "json"]);
    assert_eq!(code(&listed), 0);
    let rules = json(&listed);
    let rules = rules.as_array().expect("a list of rules");
    assert!(rules.len() >= 47, "only {} rules listed", rules.len());
    let engine = common::engine();
    let pointers = |id: &str, path: &std::path::Path| -> BTreeSet<String> {
        assert!(engine.rule(id).is_some(), "listed rule {id} is loaded");
        let text = std::fs::read_to_string(path).expect("read fixture");
        common::findings_of(&engine, id, &text)
            .into_iter()
            .map(|f| f.pointer)
            .collect()
    };
    let mut problems = Vec::new();
    for rule in rules {
        let id = rule["id"].as_str().expect("id");
        if rule["documented"] != true {
            problems.push(format!("{id}: no `why` or no pass/fail examples"));
        }
        match rule["cite"].as_str() {
            None => problems.push(format!("{id}: no citation")),
            // A citation is something a parent can show a school: a
            // section, or a source named by its title.
            Some(cite) if cite.contains("founding guidance") || cite.len() < 10 => {
                problems.push(format!("{id}: cites no named source: {cite}"))
            }
            Some(_) => {}
        }
        let dir = fixture(&format!("rules/{id}"));
        let (fires, silent, expected) = (
            dir.join("fires.json"),
            dir.join("silent.json"),
            dir.join("fires.expected"),
        );
        if !fires.exists() || !silent.exists() || !expected.exists() {
            problems.push(format!("{id}: missing fixtures in {}", dir.display()));
            continue;
        }
        // Every plan of the folder (fires.json, silent.json and the
        // plans that make each check fire) gives exactly the places its
        // `.expected` file lists, or none without one.
        let mut plans: Vec<_> = std::fs::read_dir(&dir)
            .expect("rule folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        plans.sort();
        for plan in plans {
            let want: BTreeSet<String> = std::fs::read_to_string(plan.with_extension("expected"))
                .unwrap_or_default()
                .lines()
                .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect();
            let got = pointers(id, &plan);
            if got != want {
                problems.push(format!(
                    "{id}: {} reported {got:?}, expected {want:?}",
                    plan.display()
                ));
            }
        }
        // The examples of the documentation behave as documented.
        let doc = engine.rule(id).expect("loaded");
        for ex in &doc.examples {
            let found: BTreeSet<String> = common::findings_of(&engine, id, &ex.text)
                .into_iter()
                .map(|f| f.pointer)
                .collect();
            let as_said = match (&ex.at, ex.fails) {
                (_, false) => found.is_empty(),
                (None, true) => !found.is_empty(),
                (Some(at), true) => found.len() == 1 && found.contains(at),
            };
            if !as_said {
                problems.push(format!("{id}: an example gave {found:?}: {}", ex.text));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
