//! `ieplint test`: the built-in packs pass their own cases with full
//! coverage, and a district pack's mistakes are each reported, labelled.

mod common;

use std::path::Path;

use common::{code, json, root, run, run_in, stderr, stdout};

#[test]
fn the_built_in_packs_pass_their_tests_with_every_check_covered() {
    let out = run(&["test", "--coverage", "rules"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let report = json(&run(&["test", "--coverage", "--format", "json", "rules"]));
    let cases = report["cases"].as_array().map_or(0, Vec::len);
    assert!(cases > 200, "only {cases} cases");
    assert_eq!(
        report["coverage"]["uncovered_checks"],
        serde_json::json!([])
    );
    assert!(report["coverage"]["checks"].as_u64().unwrap_or(0) > 100);
}

#[test]
fn a_district_pack_with_three_mistakes() {
    let out = run(&["test", "fixtures/packs/district-mistakes.rules"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(format!(
        "--- stderr\n{}--- stdout\n{}",
        stderr(&out),
        stdout(&out)
    ));
}

#[test]
fn the_worked_district_example_passes_with_coverage() {
    let out = run(&["test", "--coverage", "fixtures/packs/district.rules"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("4 passed, 0 failed; 1 of 1 checks"),
        "{}",
        stdout(&out)
    );
}

/// A pack in a temporary folder with its test folder beside it.
#[allow(clippy::expect_used, reason = "a test fails on broken set-up")]
fn district(rule_body: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = format!(
        "pack d \"Test\"\n\nrule d.purpose {{\n  severity error\n  summary \"An aide has a purpose.\"\n  cite \"District handbook 6.3\"\n{rule_body}\n}}\n"
    );
    std::fs::write(dir.path().join("d.rules"), pack).expect("write pack");
    for (name, text) in files {
        let path = dir.path().join("d.tests").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

const CHECKS: &str = "  for s in services[*] where present(s.paraprofessional)
  require present(s.paraprofessional.purpose)
    message \"No purpose.\"
    help \"Add one.\"
  require present(s.paraprofessional.ratio)
    message \"No ratio.\"
    help \"Add one.\"";

const NO_PURPOSE: &str = r#"{"services": [{"id": "S1", "paraprofessional": {"ratio": "1:1"}}]}"#;

fn test_in(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["test"];
    all.extend_from_slice(args);
    all.push("d.rules");
    run_in(dir, &all, None)
}

#[test]
fn a_fixture_that_gets_other_findings_shows_the_difference() {
    let dir = district(
        CHECKS,
        &[
            ("d.purpose/no-purpose.json", NO_PURPOSE),
            (
                "d.purpose/no-purpose.expected",
                "/services/0/paraprofessional/ratio\n",
            ),
        ],
    );
    let out = test_in(dir.path(), &[]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.contains("- d.purpose /services/0/paraprofessional/ratio    expected, not found"),
        "{text}"
    );
    assert!(
        text.contains("+ d.purpose /services/0/paraprofessional/purpose (line 1)    found, not expected: No purpose."),
        "{text}"
    );
}

#[test]
fn an_example_must_fire_where_it_says() {
    let body = format!(
        "{CHECKS}\n  example fail at \"/services/0/paraprofessional/ratio\" \"\"\"{NO_PURPOSE}\"\"\""
    );
    let dir = district(&body, &[]);
    let out = test_in(dir.path(), &["--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let report = json(&out);
    assert_eq!(
        report["cases"][0]["summary"],
        "the rule should fire at /services/0/paraprofessional/ratio but fires elsewhere"
    );
    assert_eq!(report["cases"][0]["source"]["line"], 14);
    let body = format!(
        "{CHECKS}\n  example fail at \"/services/0/paraprofessional/purpose\" \"\"\"{NO_PURPOSE}\"\"\""
    );
    let dir = district(&body, &[]);
    assert_eq!(code(&test_in(dir.path(), &[])), 0);
}

#[test]
fn coverage_fails_a_check_no_case_makes_fire() {
    let body = format!("{CHECKS}\n  example fail \"\"\"{NO_PURPOSE}\"\"\"");
    let dir = district(&body, &[]);
    assert_eq!(code(&test_in(dir.path(), &[])), 0);
    let out = test_in(dir.path(), &["--coverage"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out)
            .contains("NOT COVERED d.purpose: no case makes the `require` at d.rules:11 fire"),
        "{}",
        stdout(&out)
    );
    let junit = stdout(&test_in(dir.path(), &["--coverage", "--format", "junit"]));
    assert!(junit.contains("type=\"coverage\""), "{junit}");
}

#[test]
fn a_test_folder_named_like_no_rule_is_an_error() {
    let dir = district(CHECKS, &[("d.purpos/a.json", NO_PURPOSE)]);
    let out = test_in(dir.path(), &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `d.purpose`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_wrong_expected_line_is_located() {
    let dir = district(
        CHECKS,
        &[
            ("d.purpose/a.json", NO_PURPOSE),
            (
                "d.purpose/a.expected",
                "/services/0/paraprofessional/purpose\nservices/0\n",
            ),
        ],
    );
    let out = test_in(dir.path(), &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("a.expected:2: `services/0` names no place"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_pack_named_like_a_built_in_one_replaces_it() {
    let vocab = std::fs::read_to_string(root().join("rules/vocab.rules")).unwrap_or_default();
    let tuned = vocab.replacen("\\b(tbd|tba)\\b", "\\b(tbd|tba|pending)\\b", 1);
    assert_ne!(tuned, vocab, "the placeholder pattern moved");
    let Ok(dir) = tempfile::tempdir() else {
        panic!("tempdir")
    };
    let path = dir.path().join("vocab.rules");
    std::fs::write(&path, tuned).unwrap_or_default();
    let plan = r#"{"present_levels": {"academic": "Pending"}}"#;
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "check",
            "--format",
            "json",
            "--select",
            "quality.placeholder",
        ];
        a.extend_from_slice(extra);
        a
    };
    let tuned_run = run_in(
        &root(),
        &[
            args(&["--rules"]),
            vec![path.to_str().unwrap_or_default(), "-"],
        ]
        .concat(),
        Some(plan),
    );
    assert_eq!(code(&tuned_run), 1, "{}", stderr(&tuned_run));
    let plain = run_in(&root(), &args(&["-"]), Some(plan));
    assert_eq!(code(&plain), 0, "{}", stderr(&plain));
}

#[test]
fn no_line_of_the_built_in_packs_is_longer_than_100_characters() {
    let mut long = Vec::new();
    for name in ["idea", "para", "quality", "vocab"] {
        let text =
            std::fs::read_to_string(root().join(format!("rules/{name}.rules"))).unwrap_or_default();
        assert!(!text.is_empty(), "rules/{name}.rules");
        for (i, line) in text.lines().enumerate() {
            if line.chars().count() > 100 {
                long.push(format!("rules/{name}.rules:{}", i + 1));
            }
        }
    }
    assert!(long.is_empty(), "lines over 100 characters: {long:?}");
}

#[test]
fn the_worked_example_in_the_docs_is_the_fixture() {
    let docs = std::fs::read_to_string(root().join("docs/rule-language.md")).unwrap_or_default();
    let pack =
        std::fs::read_to_string(root().join("fixtures/packs/district.rules")).unwrap_or_default();
    let code: Vec<&str> = pack
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .collect();
    assert!(code.len() > 10);
    let missing: Vec<&&str> = code.iter().filter(|l| !docs.contains(**l)).collect();
    assert!(
        missing.is_empty(),
        "docs/rule-language.md lacks {missing:?}"
    );
    let expected = std::fs::read_to_string(
        root().join("fixtures/packs/district.tests/district.goal-responsible/two-goals.expected"),
    )
    .unwrap_or_default();
    assert!(
        docs.contains(&expected),
        "the .expected file is not shown as it is"
    );
}
