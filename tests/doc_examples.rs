//! The examples in each rule's documentation are tested: the failing one
//! must make the rule fire, the passing one must not.

use std::sync::Arc;

use ieplint::{eval, packs, Linter, DEFAULT_PROFILE};

#[test]
fn documentation_examples_behave_as_documented() {
    let loaded = Linter::load(&packs::builtin());
    let linter = loaded.linter.expect("built-in packs load");
    let profile: Arc<str> = Arc::from(DEFAULT_PROFILE);
    let mut problems = Vec::new();
    for rule in linter.rules() {
        for example in &rule.examples {
            let doc: serde_json::Value =
                serde_json::from_str(&example.text).expect("example is JSON");
            let mut found = Vec::new();
            eval::run_rule(rule, &doc, &profile, &mut found);
            if example.fails == found.is_empty() {
                problems.push(format!(
                    "{}: the {} example {}",
                    rule.id,
                    if example.fails { "failing" } else { "passing" },
                    if example.fails {
                        "does not fire".to_string()
                    } else {
                        format!(
                            "fires: {:?}",
                            found.iter().map(|f| &f.message).collect::<Vec<_>>()
                        )
                    }
                ));
            }
        }
        if !rule.examples.iter().any(|e| e.fails) || !rule.examples.iter().any(|e| !e.fails) {
            problems.push(format!(
                "{}: needs a failing and a passing example",
                rule.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
