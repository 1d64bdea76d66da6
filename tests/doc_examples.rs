//! The examples in each rule's documentation are tested: the failing one
//! must make the rule fire, the passing one must not.

//! Every rule runs, as in `ieplint check`, and the findings of the rule
//! documented are looked at, so ieplint's own rules about suppressions
//! are tested the same way.

mod common;

#[test]
fn documentation_examples_behave_as_documented() {
    let engine = common::engine();
    let mut problems = Vec::new();
    for rule in engine.rules() {
        for example in &rule.examples {
            let found = common::findings_of(&engine, &rule.id, &example.text);
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
