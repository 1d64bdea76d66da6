//! Each example plan in fixtures/plans produces exactly the findings its
//! `.expected` file lists (`rule pointer` per line; `# profile: NAME`
//! lints it in that profile), as `ieplint test` reads them. Complete
//! plans list none.

mod common;

use common::{findings, fixture, json, run};

#[test]
fn example_plans_produce_exactly_the_expected_findings() {
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(fixture("plans"))
        .expect("plans folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for plan in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
    {
        let expected_path = plan.with_extension("expected");
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            problems.push(format!("{}: no .expected file", plan.display()));
            continue;
        };
        let mut args = vec!["check", "--format", "json"];
        let mut want = Vec::new();
        for line in expected.lines() {
            if let Some(profile) = line.strip_prefix("# profile:") {
                args.extend(["--profile", profile.trim()]);
            } else if !line.trim().is_empty() {
                want.push(line.trim().to_string());
            }
        }
        let path = plan.to_str().expect("utf-8 path");
        args.push(path);
        let mut got: Vec<String> = findings(&json(&run(&args)))
            .into_iter()
            .map(|(r, p)| format!("{r} {p}"))
            .collect();
        got.sort();
        want.sort();
        if got != want {
            problems.push(format!(
                "{}:\n  expected {want:#?}\n  got {got:#?}",
                plan.display()
            ));
        }
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} example plans");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn complete_plans_are_clean_in_the_draft_profile() {
    for name in [
        "preschool",
        "elementary-1to1",
        "middle-school-behavior",
        "high-school-transition",
        "alternate-assessment",
    ] {
        let path = fixture(&format!("plans/{name}-complete.json"));
        let report = json(&run(&[
            "check",
            "--format",
            "json",
            path.to_str().expect("utf-8"),
        ]));
        assert!(
            findings(&report).is_empty(),
            "{name}: {:?}",
            findings(&report)
        );
    }
}
