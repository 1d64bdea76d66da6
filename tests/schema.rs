//! `ieplint schema` prints a valid draft 2020-12 schema, and every example
//! plan validates against it.

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
