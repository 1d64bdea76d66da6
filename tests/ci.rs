//! End-to-end tests of what CI users rely on: output formats, config
//! discovery and precedence, overrides, severities, suppressions,
//! baselines and deterministic output.

#![allow(
    clippy::expect_used,
    reason = "test helpers fail the test on broken set-up"
)]

mod common;

use std::path::Path;

use common::{code, findings, json, root, run_in, stderr, stdout};

const VAGUE: &str = "fixtures/plans/elementary-1to1-vague.json";

/// A folder with copies of the vague and complete plans under `plans/`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("plans")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
    std::fs::copy(root().join(VAGUE), dir.path().join("plans/vague.json")).expect("copy");
    std::fs::copy(
        root().join("fixtures/plans/elementary-1to1-complete.json"),
        dir.path().join("plans/complete.json"),
    )
    .expect("copy");
    std::fs::copy(
        root().join("fixtures/plans/district-template.json"),
        dir.path().join("templates/district.json"),
    )
    .expect("copy");
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

fn check_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    json(&run_in(dir, &all, None))
}

fn rules_of(report: &serde_json::Value) -> Vec<String> {
    findings(report).into_iter().map(|(r, _)| r).collect()
}

#[test]
fn github_annotations_carry_place_and_escaping() {
    let out = run_in(
        &root(),
        &[
            "check",
            "--format",
            "github",
            "--select",
            "para.absence-plan,para.purpose-measurable",
            VAGUE,
        ],
        None,
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(
        lines[0],
        "::error file=fixtures/plans/elementary-1to1-vague.json,line=184,col=7,endLine=184,endColumn=25,title=para.absence-plan::The absence plan of the 1:1 paraprofessional (service S3) is missing. Say who supports the student, and how, when the aide is out, e.g. \"A trained substitute covers; the case manager leaves a one-page support plan in the substitute folder.\""
    );
    assert!(lines[1].starts_with("::error file=fixtures/plans/elementary-1to1-vague.json,line=186,col=21,endLine=186,endColumn=33,title=para.purpose-measurable::"), "{}", lines[1]);
    let dir = workspace();
    write(
        dir.path(),
        "plans/odd, name%.json",
        r#"{"format": "iep-plan/2"}"#,
    );
    let text = stdout(&run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "github",
            "--select",
            "idea.format",
            "plans/odd, name%.json",
        ],
        None,
    ));
    assert!(
        text.starts_with("::error file=plans/odd%2C name%25.json,line=1,col=12,"),
        "{text}"
    );
}

#[test]
fn sarif_has_rules_regions_pointers_and_fingerprints() {
    let out = run_in(&root(), &["check", "--format", "sarif", VAGUE], None);
    let log = json(&out);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.len() >= 47);
    let absence = rules
        .iter()
        .find(|r| r["id"] == "para.absence-plan")
        .expect("descriptor");
    assert_eq!(absence["defaultConfiguration"]["level"], "error");
    assert!(absence["helpUri"]
        .as_str()
        .unwrap_or("")
        .ends_with("#para-absence-plan"));
    let results = run["results"].as_array().expect("results");
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "para.absence-plan")
        .expect("result");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(184), Some(7))
    );
    assert_eq!(
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "/services/2/paraprofessional/absence_plan"
    );
    assert_eq!(
        rules[r["ruleIndex"].as_u64().expect("index") as usize]["id"],
        "para.absence-plan"
    );
    let fp = r["partialFingerprints"]["ieplintFingerprint/v1"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    // Moving the finding down a line keeps its fingerprint.
    let dir = workspace();
    let text = std::fs::read_to_string(dir.path().join("plans/vague.json")).expect("read");
    write(
        dir.path(),
        "plans/vague.json",
        &text.replacen("{\n", "{\n  \"x_note\": \"moved\",\n", 1),
    );
    let log = json(&run_in(
        dir.path(),
        &["check", "--format", "sarif", "plans/vague.json"],
        None,
    ));
    let moved = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "para.absence-plan")
        .cloned()
        .expect("result");
    assert_eq!(
        moved["locations"][0]["physicalLocation"]["region"]["startLine"],
        185
    );
    assert_eq!(
        moved["partialFingerprints"]["ieplintFingerprint/v1"],
        fp.as_str()
    );
}

const ALL_FORMATS: &[&str] = &[
    "check",
    "--format",
    "human",
    "--format",
    "sarif=out/results.sarif",
    "--format",
    "junit=report.xml",
    "--format",
    "markdown=summary.md",
    "plans",
];

#[test]
fn junit_and_markdown_and_several_outputs_in_one_run() {
    let dir = workspace();
    let out = run_in(dir.path(), ALL_FORMATS, None);
    // Every output is opened before linting starts: a folder that is not
    // there stops the run at once, and nothing is half written.
    assert!(
        stderr(&out).contains("cannot write out/results.sarif"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("report.xml").exists());
    assert!(!dir.path().join("summary.md").exists());
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    std::fs::create_dir_all(dir.path().join("out")).expect("mkdir");
    let out = run_in(dir.path(), ALL_FORMATS, None);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("errors"),
        "human goes to standard output"
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/results.sarif")).expect("sarif"),
    )
    .expect("json");
    assert_eq!(sarif["version"], "2.1.0");
    let junit = std::fs::read_to_string(dir.path().join("report.xml")).expect("junit");
    assert!(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>"));
    assert!(junit.contains("<testcase name=\"para.absence-plan\" classname=\"plans/vague.json\" time=\"0\">\n      <failure message=\"The absence plan"), "{junit}");
    assert!(junit.contains(
        "<testcase name=\"para.absence-plan\" classname=\"plans/complete.json\" time=\"0\"/>"
    ));
    let md = std::fs::read_to_string(dir.path().join("summary.md")).expect("markdown");
    assert!(md.contains("| `plans/vague.json` | 12 | 6 | 1 |"), "{md}");
    assert!(md.contains("| `para.absence-plan` | error | 1 |"), "{md}");
    let bad = run_in(
        dir.path(),
        &["check", "--format", "json", "--format", "human", "plans"],
        None,
    );
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("only one format can go to standard output"));
}

#[test]
fn output_file_replaces_atomically() {
    let dir = workspace();
    write(dir.path(), "report.json", "old");
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--output",
            "report.json",
            "plans/complete.json",
        ],
        None,
    );
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).is_empty());
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("report.json")).expect("read"),
    )
    .expect("json");
    assert_eq!(report["summary"]["files"], 1);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn config_is_discovered_from_a_subfolder_and_flags_win() {
    let dir = workspace();
    write(
        dir.path(),
        "ieplint.toml",
        "select = [\"para\"]\nignore = [\"para.staffing\"]\n",
    );
    let sub = dir.path().join("plans");
    let report = check_json(&sub, &["vague.json"]);
    let rules = rules_of(&report);
    assert!(
        !rules.is_empty() && rules.iter().all(|r| r.starts_with("para.")),
        "{rules:?}"
    );
    assert!(!rules.iter().any(|r| r == "para.staffing"), "{rules:?}");
    let report = check_json(&sub, &["--select", "quality.placeholder", "vague.json"]);
    assert_eq!(
        rules_of(&report),
        vec!["quality.placeholder"],
        "--select replaces the file's select"
    );
    let other = tempfile::tempdir().expect("tempdir");
    write(
        other.path(),
        "custom.toml",
        "select = [\"para.absence-plan\"]\n",
    );
    let cfg = other.path().join("custom.toml");
    let report = check_json(
        &sub,
        &["--config", cfg.to_str().expect("utf-8"), "vague.json"],
    );
    assert_eq!(rules_of(&report), vec!["para.absence-plan"]);
}

#[test]
fn config_errors_are_located_with_suggestions() {
    let dir = workspace();
    write(
        dir.path(),
        "ieplint.toml",
        "select = [\"para\"]\nignor = [\"para.staffing\"]\n",
    );
    let out = run_in(dir.path(), &["check", "plans"], None);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("unknown key `ignor` in ieplint.toml"), "{err}");
    assert!(err.contains("did you mean `ignore`?"), "{err}");
    assert!(err.contains("ieplint.toml:2:1"), "{err}");
    write(
        dir.path(),
        "ieplint.toml",
        "[severity]\n\"para.stafing\" = \"off\"\n",
    );
    let err = stderr(&run_in(dir.path(), &["check", "plans"], None));
    assert!(err.contains("did you mean `para.staffing`?"), "{err}");
    assert!(err.contains("ieplint.toml:2:1"), "{err}");
}

#[test]
fn config_problems_are_located_by_the_parser_with_suggestions() {
    let dir = workspace();
    // The key's text first appears in a comment: the problem is shown at
    // the value, where the parser found it.
    write(
        dir.path(),
        "ieplint.toml",
        "# \"para.staffing\" = \"off\" was tried\n[severity]\n\"para.staffing\" = \"loud\"\n",
    );
    let err = stderr(&run_in(dir.path(), &["check", "plans"], None));
    assert!(err.contains("must be error, warning, info or off"), "{err}");
    assert!(err.contains("ieplint.toml:3:19"), "{err}");

    write(
        dir.path(),
        "ieplint.toml",
        "exclude = [\"archive/**\"]\n\n[[suppress]]\nrule = \"para.stafing\"\nfile = \"plans/vague.json\"\nreason = \"r\"\n\n[[suppress]]\nrule = \"para.staffing\"\nfile = \"plans/[vague.json\"\nreason = \"r\"\n",
    );
    let out = run_in(dir.path(), &["check", "plans"], None);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("no rule has the id or pack name `para.stafing`"),
        "{err}"
    );
    assert!(err.contains("did you mean `para.staffing`?"), "{err}");
    assert!(err.contains("ieplint.toml:4:8"), "{err}");
    assert!(
        err.contains("`plans/[vague.json` is not a valid glob"),
        "{err}"
    );
    assert!(err.contains("ieplint.toml:10:8"), "{err}");
}

#[test]
fn ieplint_rules_are_selected_ignored_and_relevelled_like_others() {
    let dir = workspace();
    write(
        dir.path(),
        "ieplint.toml",
        "[[suppress]]\nrule = \"idea.format\"\nfile = \"plans/*.json\"\nreason = \"Never fires here.\"\n",
    );
    let report = check_json(dir.path(), &["plans"]);
    assert!(rules_of(&report).contains(&"ieplint.unused-suppression".to_string()));
    let report = check_json(
        dir.path(),
        &["--ignore", "ieplint.unused-suppression", "plans"],
    );
    assert!(!rules_of(&report).contains(&"ieplint.unused-suppression".to_string()));
    let report = check_json(dir.path(), &["--ignore", "ieplint", "plans"]);
    assert!(!rules_of(&report).iter().any(|r| r.starts_with("ieplint.")));
    write(
        dir.path(),
        "ieplint.toml",
        "[severity]\n\"ieplint.unused-suppression\" = \"off\"\n\n[[suppress]]\nrule = \"idea.format\"\nfile = \"plans/*.json\"\nreason = \"Never fires here.\"\n",
    );
    let out = run_in(dir.path(), &["check", "--format", "json", "plans"], None);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(!rules_of(&json(&out)).contains(&"ieplint.unused-suppression".to_string()));
}

#[test]
fn a_pack_named_twice_is_loaded_once() {
    let dir = workspace();
    std::fs::copy(
        root().join("fixtures/packs/district.rules"),
        dir.path().join("district.rules"),
    )
    .expect("copy");
    write(dir.path(), "ieplint.toml", "rules = [\"district.rules\"]\n");
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "./district.rules",
            "--select",
            "district",
            "plans",
        ],
        None,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("defined twice"), "{}", stderr(&out));
}

#[test]
fn severity_off_and_overrides_by_glob() {
    let dir = workspace();
    write(
        dir.path(),
        "ieplint.toml",
        "[severity]\n\"para.absence-plan\" = \"off\"\n\"para\" = \"info\"\n\n[[overrides]]\nfiles = [\"templates/**\"]\nprofile = \"template\"\n",
    );
    let report = check_json(dir.path(), &["plans/vague.json"]);
    let found = report["diagnostics"].as_array().expect("diagnostics");
    assert!(
        !found.iter().any(|d| d["rule"] == "para.absence-plan"),
        "off"
    );
    assert!(found
        .iter()
        .filter(|d| d["rule"].as_str().unwrap_or("").starts_with("para."))
        .all(|d| d["severity"] == "info"));
    let report = check_json(dir.path(), &["templates/district.json"]);
    assert!(
        findings(&report).is_empty(),
        "template profile by override: {:?}",
        findings(&report)
    );
    let report = check_json(
        dir.path(),
        &["--profile", "draft", "templates/district.json"],
    );
    assert!(!findings(&report).is_empty(), "a flag wins over the file");
}

#[test]
fn fail_on_and_max_warnings() {
    let dir = workspace();
    write(dir.path(), "ieplint.toml", "select = [\"para.staffing\"]\n");
    assert_eq!(
        code(&run_in(dir.path(), &["check", "plans/vague.json"], None)),
        0,
        "a warning does not fail by default"
    );
    write(
        dir.path(),
        "ieplint.toml",
        "select = [\"para.staffing\"]\nfail-on = \"warning\"\n",
    );
    assert_eq!(
        code(&run_in(dir.path(), &["check", "plans/vague.json"], None)),
        1
    );
    write(
        dir.path(),
        "ieplint.toml",
        "select = [\"para.staffing\", \"para.training\"]\nmax-warnings = 1\n",
    );
    assert_eq!(
        code(&run_in(dir.path(), &["check", "plans/vague.json"], None)),
        1
    );
}

#[test]
fn suppressions_need_reasons_expire_and_are_reported_when_unused() {
    let dir = workspace();
    write(
        dir.path(),
        "ieplint.toml",
        "[[suppress]]\nrule = \"para.staffing\"\nfile = \"plans/vague.json\"\n",
    );
    let out = run_in(dir.path(), &["check", "plans"], None);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("this suppression has no reason"),
        "{}",
        stderr(&out)
    );

    write(
        dir.path(),
        "ieplint.toml",
        "[[suppress]]\nrule = \"para.staffing\"\nfile = \"plans/vague.json\"\npointer = \"/services/2\"\nreason = \"Settled in the staffing memo.\"\nexpires = \"2999-12-31\"\n\n[[suppress]]\nrule = \"para.training\"\nfile = \"plans/vague.json\"\nreason = \"Old.\"\nexpires = \"2000-01-01\"\n\n[[suppress]]\nrule = \"idea.format\"\nfile = \"plans/*.json\"\nreason = \"Never fires here.\"\n",
    );
    let report = check_json(dir.path(), &["plans"]);
    let found = findings(&report);
    assert!(
        !found.iter().any(|(r, _)| r == "para.staffing"),
        "suppressed"
    );
    assert!(
        found.iter().any(|(r, _)| r == "para.training"),
        "an expired suppression stops applying"
    );
    assert!(
        found.contains(&("ieplint.expired-suppression".into(), "/suppress/1".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("ieplint.unused-suppression".into(), "/suppress/2".into())),
        "{found:?}"
    );
    let unused = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["rule"] == "ieplint.unused-suppression")
        .cloned()
        .expect("unused");
    assert_eq!(
        unused["file"],
        dir.path()
            .join("ieplint.toml")
            .display()
            .to_string()
            .as_str()
    );
    assert_eq!(unused["line"], 14);
}

#[test]
fn suppressions_inside_the_plan() {
    let dir = workspace();
    let mut plan: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("plans/vague.json")).expect("read"),
    )
    .expect("json");
    plan["x-ieplint"] = serde_json::json!({"suppress": [
        {"rule": "para.staffing", "pointer": "/services/2/paraprofessional", "reason": "Staffing varies by design; see memo."},
        {"rule": "para.supervision", "reason": "Pending the new case manager."},
        {"rule": "idea.format", "reason": "Stale."},
        {"rule": "para.training"}
    ]});
    write(
        dir.path(),
        "plans/vague.json",
        &serde_json::to_string_pretty(&plan).expect("json"),
    );
    let found = findings(&check_json(dir.path(), &["plans/vague.json"]));
    assert!(
        !found
            .iter()
            .any(|(r, _)| r == "para.staffing" || r == "para.supervision"),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "ieplint.unused-suppression".into(),
            "/x-ieplint/suppress/2".into()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "ieplint.invalid-suppression".into(),
            "/x-ieplint/suppress/3".into()
        )),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(r, _)| r == "para.training"),
        "an invalid suppression suppresses nothing"
    );
    // ieplint's own rules are rules: selected with the pack they judge.
    let found = findings(&check_json(
        dir.path(),
        &["--select", "para,ieplint", "plans/vague.json"],
    ));
    assert!(
        found.contains(&(
            "ieplint.invalid-suppression".into(),
            "/x-ieplint/suppress/3".into()
        )),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(r, p)| r == "ieplint.unused-suppression" && p == "/x-ieplint/suppress/2"),
        "a suppression of a rule that did not run is not unused: {found:?}"
    );
}

#[test]
fn baselines_fail_only_on_new_findings() {
    let dir = workspace();
    let out = run_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "plans"],
        None,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run_in(
        dir.path(),
        &["check", "--baseline", "baseline.json", "plans"],
        None,
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).starts_with("0 errors, 0 warnings"));
    // An edit elsewhere in the file moves lines but keeps the baseline.
    let text = std::fs::read_to_string(dir.path().join("plans/vague.json")).expect("read");
    let shifted = text.replacen("{\n", "{\n  \"x_note\": \"a new line at the top\",\n", 1);
    write(dir.path(), "plans/vague.json", &shifted);
    assert_eq!(
        code(&run_in(
            dir.path(),
            &["check", "--baseline", "baseline.json", "plans"],
            None
        )),
        0
    );
    // A new problem fails.
    write(
        dir.path(),
        "plans/vague.json",
        &shifted.replace(
            "\"provider\": \"speech-language pathologist\",",
            "\"provider\": \"TBD\",",
        ),
    );
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
            "plans",
        ],
        None,
    );
    assert_eq!(code(&out), 1);
    assert_eq!(
        findings(&json(&out)),
        vec![(
            "quality.placeholder".to_string(),
            "/services/1/provider".to_string()
        )]
    );
    // Fixed findings drop out when the baseline is rewritten.
    write(
        dir.path(),
        "plans/vague.json",
        &std::fs::read_to_string(dir.path().join("plans/complete.json")).expect("read"),
    );
    run_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "plans"],
        None,
    );
    let baseline = std::fs::read_to_string(dir.path().join("baseline.json")).expect("read");
    assert!(!baseline.contains("para."), "{baseline}");
}

#[test]
fn baselined_findings_survive_inserting_and_reordering_list_elements() {
    let dir = workspace();
    std::fs::remove_file(dir.path().join("plans/complete.json")).expect("rm");
    let out = run_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "plans"],
        None,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let recorded = std::fs::read_to_string(dir.path().join("baseline.json")).expect("read");
    let recorded = recorded.matches("\"fingerprint\"").count();
    assert!(recorded >= 18, "{recorded} findings recorded");

    // A complete service inserted at the front, and the goals reversed:
    // every list index of the recorded findings changes.
    let text = std::fs::read_to_string(dir.path().join("plans/vague.json")).expect("read");
    let mut plan: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let complete: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/plans/elementary-1to1-complete.json"))
            .expect("read"),
    )
    .expect("JSON");
    let mut service = complete["services"][0].clone();
    service["id"] = "S9".into();
    if let Some(goals) = service["goal_ids"].as_array_mut() {
        goals.clear();
    }
    plan["services"]
        .as_array_mut()
        .expect("services")
        .insert(0, service);
    plan["goals"].as_array_mut().expect("goals").reverse();
    write(
        dir.path(),
        "plans/vague.json",
        &serde_json::to_string_pretty(&plan).expect("JSON"),
    );
    let report = check_json(dir.path(), &["--baseline", "baseline.json", "plans"]);
    let left: Vec<(String, String)> = findings(&report)
        .into_iter()
        .filter(|(_, p)| !p.starts_with("/services/0"))
        .collect();
    assert_eq!(
        left,
        Vec::<(String, String)>::new(),
        "findings came back as new"
    );
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let run_with = |threads: Option<&str>, format: &str| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ieplint"));
        cmd.args([
            "check",
            "--format",
            format,
            "fixtures/plans",
            "fixtures/rules",
        ])
        .current_dir(root());
        if let Some(t) = threads {
            cmd.env("RAYON_NUM_THREADS", t);
        }
        cmd.output().expect("run").stdout
    };
    for format in ["json", "sarif", "github", "junit", "markdown"] {
        let one = run_with(Some("1"), format);
        assert_eq!(one, run_with(None, format), "{format}: 1 thread vs default");
        assert_eq!(one, run_with(Some("4"), format), "{format}: 1 vs 4 threads");
        assert_eq!(one, run_with(None, format), "{format}: run to run");
    }
}

#[test]
fn excludes_and_gitignore_are_respected() {
    let dir = workspace();
    write(dir.path(), "ieplint.toml", "exclude = [\"templates/**\"]\n");
    std::fs::create_dir_all(dir.path().join("build")).expect("mkdir");
    std::fs::copy(root().join(VAGUE), dir.path().join("build/copy.json")).expect("copy");
    write(dir.path(), ".gitignore", "build/\n");
    std::fs::create_dir_all(dir.path().join(".git")).expect("git dir");
    let report = check_json(dir.path(), &["."]);
    let files: std::collections::BTreeSet<String> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["file"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(files.iter().all(|f| f.contains("plans/")), "{files:?}");
    assert_eq!(report["summary"]["files"], 2);
}

#[test]
fn statistics_and_init() {
    let out = run_in(&root(), &["check", "--statistics", VAGUE], None);
    let text = stdout(&out);
    assert!(
        text.lines()
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with("2  para.fading-data"),
        "{text}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&run_in(dir.path(), &["init"], None)), 0);
    let first = std::fs::read_to_string(dir.path().join("ieplint.toml")).expect("written");
    assert!(first.contains("[[suppress]]"));
    write(dir.path(), "ieplint.toml", "select = [\"para\"]\n");
    let out = run_in(dir.path(), &["init"], None);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ieplint.toml")).expect("kept"),
        "select = [\"para\"]\n"
    );
    assert_eq!(code(&run_in(dir.path(), &["init", "--force"], None)), 0);
}

#[test]
fn help_links_come_from_the_pack_that_documents_its_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let district = std::fs::read_to_string(root().join("fixtures/packs/district.rules"))
        .expect("read the district pack");
    let documented = district.replacen(
        "added without rebuilding ieplint\"",
        "added without rebuilding ieplint\" docs \"https://district.example/rules\"",
        1,
    );
    let helps = |pack: &str| {
        let path = dir.path().join("district.rules");
        std::fs::write(&path, pack).expect("write the pack");
        let rules = path.to_string_lossy().to_string();
        let out = run_in(
            &root(),
            &["check", "--rules", &rules, "--format", "sarif", VAGUE],
            None,
        );
        let log = json(&out);
        let descriptors = log["runs"][0]["tool"]["driver"]["rules"].clone();
        let of = |id: &str| {
            descriptors
                .as_array()
                .and_then(|rs| rs.iter().find(|r| r["id"] == id))
                .map(|r| r["helpUri"].clone())
        };
        (of("district.goal-responsible"), of("para.staffing"))
    };
    let (district_help, builtin) = helps(&district);
    assert_eq!(
        district_help,
        Some(serde_json::Value::Null),
        "no docs, no link"
    );
    assert!(builtin
        .and_then(|b| b
            .as_str()
            .map(|s| s.ends_with("docs/rules.md#para-staffing")))
        .unwrap_or(false));
    assert_ne!(documented, district, "the pack header was rewritten");
    let (district_help, _) = helps(&documented);
    assert_eq!(
        district_help,
        Some(serde_json::json!(
            "https://district.example/rules#district-goal-responsible"
        ))
    );
}

#[test]
fn sarif_paths_are_relative_to_the_repository_root_from_any_folder() {
    // With the configuration at the root, from a subfolder.
    let out = run_in(
        &root().join("fixtures"),
        &[
            "check",
            "--format",
            "sarif",
            "plans/elementary-1to1-vague.json",
        ],
        None,
    );
    let log = json(&out);
    let run = &log["runs"][0];
    let location = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "fixtures/plans/elementary-1to1-vague.json");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("the base is named");
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );

    // Without a configuration, in a git repository: its root.
    let repo = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(repo.path().join(".git")).expect("mkdir");
    std::fs::create_dir_all(repo.path().join("plans")).expect("mkdir");
    std::fs::copy(root().join(VAGUE), repo.path().join("plans/draft.json")).expect("copy");
    let out = run_in(
        &repo.path().join("plans"),
        &["check", "--format", "sarif", "draft.json"],
        None,
    );
    let log = json(&out);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "plans/draft.json"
    );
}

#[test]
fn pack_errors_reach_the_formats_tools_read() {
    let broken = ["check", "--rules", "fixtures/packs/three-mistakes.rules"];
    let mut json_args = broken.to_vec();
    json_args.extend(["--format", "json", VAGUE]);
    let out = run_in(&root(), &json_args, None);
    assert_eq!(code(&out), 2, "the exit code is unchanged");
    let report = json(&out);
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 3);
    assert_eq!(errors[0]["file"], "fixtures/packs/three-mistakes.rules");
    assert_eq!(errors[0]["line"], 6);
    assert!(
        stderr(&out).contains("is not a severity"),
        "people still see them"
    );

    let mut sarif_args = broken.to_vec();
    sarif_args.extend(["--format", "sarif", VAGUE]);
    let log = json(&run_in(&root(), &sarif_args, None));
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolConfigurationNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notes.len(), 3);
    assert_eq!(
        notes[1]["descriptor"]["id"],
        "ieplint::rules::unknown-function"
    );
    assert_eq!(
        notes[1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        20
    );
}
