//! End-to-end tests of the real binary: exit codes, formats, input
//! handling, selection, rule packs.

mod common;

use common::{code, findings, fixture, json, root, run, run_in, stderr, stdout};

const COMPLETE: &str = "fixtures/plans/elementary-1to1-complete.json";
const VAGUE: &str = "fixtures/plans/elementary-1to1-vague.json";

const PARA_RULES: &[&str] = &[
    "para.documented-as-service",
    "para.purpose-missing",
    "para.purpose-measurable",
    "para.decision-data",
    "para.eligibility-not-a-reason",
    "para.medical-distinct",
    "para.fading-plan",
    "para.timeframe",
    "para.staffing",
    "para.absence-plan",
    "para.alternatives-considered",
    "para.supervision",
    "para.training",
    "para.iep-access",
    "para.linked-goals",
];

/// In a narrow terminal the human report wraps its text at spaces only,
/// leaving a word longer than the line whole: every place it names is on
/// one line, so it can be copied.
#[test]
fn a_narrow_report_never_splits_a_place() {
    let report = json(&run(&["check", "--format", "json", VAGUE]));
    let pointers: Vec<String> = findings(&report).into_iter().map(|(_, p)| p).collect();
    assert!(pointers.iter().any(|p| p.len() > 45), "{pointers:?}");
    let narrow = std::process::Command::new(env!("CARGO_BIN_EXE_ieplint"))
        .args(["check", VAGUE])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "50")
        .output()
        .expect("run ieplint");
    let text = stdout(&narrow);
    for p in pointers.iter().filter(|p| !p.is_empty()) {
        assert!(
            text.lines().any(|l| l.split_whitespace().any(|w| w == p)),
            "{p} is not whole on a line of:\n{text}"
        );
    }
}

#[test]
fn complete_plan_is_clean_and_exits_zero() {
    let out = run(&["check", COMPLETE]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(stdout(&out), "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn vague_plan_reports_the_para_rules_and_exits_one() {
    let out = run(&["check", "--format", "json", VAGUE]);
    assert_eq!(code(&out), 1);
    let report = json(&out);
    let rules: Vec<String> = findings(&report).into_iter().map(|(r, _)| r).collect();
    for id in PARA_RULES.iter().chain(&["para.fading-data"]) {
        assert!(
            rules.iter().any(|r| r == id),
            "{id} not reported; got {rules:?}"
        );
    }
}

#[test]
fn json_output_follows_the_contract() {
    let report = json(&run(&["check", "--format", "json", VAGUE]));
    assert_eq!(report["version"], 1);
    let d = &report["diagnostics"][0];
    for key in [
        "rule",
        "severity",
        "message",
        "help",
        "cite",
        "file",
        "pointer",
        "line",
        "column",
        "end_line",
        "end_column",
    ] {
        assert!(d.get(key).is_some(), "missing `{key}` in {d}");
    }
    let s = &report["summary"];
    assert_eq!(s["files"], 1);
    let total = s["errors"].as_u64().unwrap_or(0)
        + s["warnings"].as_u64().unwrap_or(0)
        + s["infos"].as_u64().unwrap_or(0);
    assert_eq!(
        total as usize,
        report["diagnostics"].as_array().map_or(0, Vec::len)
    );
}

#[test]
fn text_findings_point_at_the_phrase() {
    let report = json(&run(&[
        "check",
        "--format",
        "json",
        "--select",
        "para.purpose-measurable",
        VAGUE,
    ]));
    let d = &report["diagnostics"][0];
    let text = std::fs::read_to_string(root().join(VAGUE)).expect("read");
    let line = text
        .lines()
        .nth(d["line"].as_u64().expect("line") as usize - 1)
        .expect("line exists");
    let start = d["column"].as_u64().expect("column") as usize - 1;
    let end = d["end_column"].as_u64().expect("end column") as usize - 1;
    let underlined: String = line.chars().skip(start).take(end - start).collect();
    assert_eq!(underlined, "To help with");
}

#[test]
fn missing_member_is_located_at_its_parent_key() {
    let report = json(&run(&[
        "check",
        "--format",
        "json",
        "--select",
        "para.absence-plan",
        VAGUE,
    ]));
    let d = &report["diagnostics"][0];
    assert_eq!(d["pointer"], "/services/2/paraprofessional/absence_plan");
    let text = std::fs::read_to_string(root().join(VAGUE)).expect("read");
    let line = text
        .lines()
        .nth(d["line"].as_u64().expect("line") as usize - 1)
        .expect("line exists");
    assert!(
        line.trim_start().starts_with("\"paraprofessional\""),
        "{line}"
    );
}

#[test]
fn reads_standard_input() {
    let text = std::fs::read_to_string(root().join(VAGUE)).expect("read");
    let out = run_in(&root(), &["check", "--format", "json", "-"], Some(&text));
    assert_eq!(code(&out), 1);
    let report = json(&out);
    assert_eq!(report["diagnostics"][0]["file"], "<stdin>");
}

#[test]
fn a_malformed_plan_is_reported_and_the_others_are_still_linted() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a-broken.json"),
        "{\n  \"format\": \"iep-plan/1\",\n  \"student\": {\"id\": 3,,}\n}\n",
    )
    .expect("write");
    std::fs::copy(root().join(VAGUE), dir.path().join("b-vague.json")).expect("copy");
    let out = run_in(dir.path(), &["check", "."], None);
    assert_eq!(code(&out), 2, "a malformed file exits 2");
    let text = stdout(&out);
    assert!(text.contains("a-broken.json:3:"), "{text}");
    assert!(text.contains("not valid JSON"), "{text}");
    assert!(
        text.contains("para.absence-plan"),
        "the good file is still linted: {text}"
    );
    let report = json(&run_in(
        dir.path(),
        &["check", "--format", "json", "."],
        None,
    ));
    assert_eq!(report["errors"][0]["line"], 3);
    assert_eq!(report["summary"]["unreadable"], 1);
}

#[test]
fn wrong_shapes_and_deep_nesting_are_errors_not_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("deep.json"),
        format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)),
    )
    .expect("write");
    std::fs::write(dir.path().join("list.json"), "[1, 2]").expect("write");
    std::fs::write(
        dir.path().join("types.json"),
        r#"{"services": [{"paraprofessional": {"ratio": "1:1", "purpose": 7, "fading_plan": "soon", "decision_data": {"name": 1}}}, 5, "x"], "goals": "none"}"#,
    )
    .expect("write");
    let out = run_in(dir.path(), &["check", "--format", "json", "."], None);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["summary"]["unreadable"], 2);
    assert!(
        !findings(&report).is_empty(),
        "the file with wrong types is still linted"
    );
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn a_missing_path_is_an_error_naming_the_path() {
    let out = run(&["check", "no/such/plan.json", COMPLETE]);
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains("no/such/plan.json: no such file or directory"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_rule_pack_with_three_mistakes_gives_three_labelled_errors() {
    let out = run(&[
        "check",
        "--rules",
        "fixtures/packs/three-mistakes.rules",
        COMPLETE,
    ]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_eq!(err.matches("ieplint::rules::").count(), 3, "{err}");
    assert!(err.contains("`eror` is not a severity"), "{err}");
    assert!(err.contains("did you mean `error`?"), "{err}");
    assert!(err.contains("unknown function `presnt`"), "{err}");
    assert!(err.contains("did you mean `present`?"), "{err}");
    assert!(err.contains("not a valid regular expression"), "{err}");
    assert!(
        stdout(&out).is_empty(),
        "no plan is linted with a broken pack"
    );
}

#[test]
fn a_pattern_too_large_to_compile_is_a_located_pack_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = dir.path().join("huge.rules");
    std::fs::write(
        &pack,
        "pack huge \"x\"\n\nlet letters = /(?:\\p{L}{500}){50}/\n\nrule huge.a {\n  severity error\n  \
         summary \"s\"\n  cite \"c\"\n  for t in texts(plan)\n  forbid matches(t, letters)\n    \
         message \"m\"\n    help \"h\"\n  why \"w\"\n}\n",
    )
    .expect("write");
    let out = run(&["check", "--rules", &pack.display().to_string(), COMPLETE]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("ieplint::rules::regex"), "{err}");
    assert!(err.contains("more than the 16 MB"), "{err}");
    assert!(err.contains("huge.rules:3:16"), "{err}");
    assert!(
        stdout(&out).is_empty(),
        "no plan is linted with a broken pack"
    );
}

#[test]
fn user_packs_add_rules_that_can_use_the_builtin_vocabulary() {
    let out = run(&[
        "check",
        "--rules",
        "fixtures/packs/district.rules",
        "--select",
        "district",
        "--format",
        "json",
        COMPLETE,
    ]);
    assert_eq!(code(&out), 0);
    assert!(findings(&json(&out)).is_empty());
    let dir = tempfile::tempdir().expect("tempdir");
    let mut plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(COMPLETE)).expect("read"))
            .expect("json");
    plan["goals"][1]["measurement"]["responsible"] = "TBD".into();
    std::fs::write(dir.path().join("p.json"), plan.to_string()).expect("write");
    let pack = root().join("fixtures/packs/district.rules");
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            pack.to_str().expect("utf-8"),
            "--select",
            "district",
            "--format",
            "json",
            "p.json",
        ],
        None,
    );
    let report = json(&out);
    assert_eq!(
        findings(&report),
        vec![(
            "district.goal-responsible".to_string(),
            "/goals/1/measurement/responsible".to_string()
        )]
    );
    assert!(report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("holds only a placeholder"));
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            pack.to_str().expect("utf-8"),
            "--select",
            "district",
            "--profile",
            "template",
            "p.json",
        ],
        None,
    );
    assert_eq!(
        code(&out),
        0,
        "the template profile accepts placeholders: {}",
        stdout(&out)
    );
}

#[test]
fn select_and_ignore_take_ids_and_pack_names() {
    let only = json(&run(&[
        "check",
        "--format",
        "json",
        "--select",
        "para.absence-plan",
        VAGUE,
    ]));
    assert_eq!(
        findings(&only),
        vec![(
            "para.absence-plan".into(),
            "/services/2/paraprofessional/absence_plan".into()
        )]
    );
    let rest = findings(&json(&run(&[
        "check", "--format", "json", "--ignore", "para", VAGUE,
    ])));
    assert!(!rest.is_empty(), "other packs still run");
    assert!(
        rest.iter().all(|(r, _)| !r.starts_with("para.")),
        "{rest:?}"
    );
    let none = run(&[
        "check",
        "--format",
        "json",
        "--ignore",
        "para,idea,quality",
        VAGUE,
    ]);
    assert_eq!(code(&none), 0);
    assert!(findings(&json(&none)).is_empty());
    let typo = run(&["check", "--select", "para.absense-plan", VAGUE]);
    assert_eq!(code(&typo), 2);
    assert!(
        stderr(&typo).contains("did you mean `para.absence-plan`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn deny_warnings_raises_the_threshold() {
    let fires = fixture("rules/para.staffing/fires.json");
    let path = fires.to_str().expect("utf-8");
    assert_eq!(code(&run(&["check", "--select", "para.staffing", path])), 0);
    assert_eq!(
        code(&run(&[
            "check",
            "--select",
            "para.staffing",
            "--deny-warnings",
            path
        ])),
        1
    );
}

#[test]
fn rules_lists_every_rule_and_explain_prints_the_docs() {
    let out = run(&["rules"]);
    assert_eq!(code(&out), 0);
    for id in PARA_RULES {
        assert!(stdout(&out).contains(id), "{id} not listed");
    }
    let out = run(&["explain", "para.absence-plan"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("Why it matters"), "{text}");
    assert!(text.contains("Example that fires"), "{text}");
    assert!(text.contains("Example that passes"), "{text}");
    let out = run(&["explain", "para.absense-plan"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("did you mean `para.absence-plan`?"));
}

#[test]
fn explain_knows_bare_names_own_rules_and_given_packs() {
    let out = run(&["explain", "absence-plan"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `para.absence-plan`?"),
        "{}",
        stderr(&out)
    );
    let out = run(&["explain", "ieplint.expired-suppression"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Example that fires"));
    assert!(stdout(&out).contains("Defined in built into ieplint"));
    let out = run(&["explain", "district.goal-responsible"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--rules PATH"),
        "says how to make it find a pack's rules: {}",
        stderr(&out)
    );
    let out = run(&[
        "explain",
        "district.goal-responsible",
        "--rules",
        "fixtures/packs/district.rules",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("District IEP handbook"));
    let listed = stdout(&run(&["rules"]));
    assert!(listed.contains("ieplint.unused-suppression"), "{listed}");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(code(&run(&["check", "--format", "yaml", COMPLETE])), 2);
    assert_eq!(code(&run(&["frobnicate"])), 2);
    assert_eq!(
        code(&run(&["check", "--rules", "no/such.rules", COMPLETE])),
        2
    );
}

/// Colour is decided by the terminal, not by `NO_COLOR` alone: the
/// command runs here without `NO_COLOR` (which the other tests set).
#[test]
fn no_colour_codes_when_not_a_terminal() {
    let piped = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ieplint"))
            .arg("check")
            .args(extra)
            .arg(VAGUE)
            .current_dir(root())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .stdin(std::process::Stdio::null())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
            .unwrap_or_default()
    };
    let auto = piped(&[]);
    assert!(auto.contains("para.absence-plan"), "{auto}");
    assert!(!auto.contains('\u{1b}'), "escape codes in piped output");
    assert!(
        piped(&["--color", "always"]).contains('\u{1b}'),
        "`--color always` draws no colour, so this test could not see it"
    );
}

#[test]
fn the_rule_reference_in_docs_is_current() {
    let out = run(&["rules", "--format", "markdown"]);
    let docs = std::fs::read_to_string(root().join("docs/rules.md")).expect("docs/rules.md");
    assert!(
        stdout(&out) == docs,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

/// A repository of templates: a config that excludes `package.json` and
/// makes `templates/` template-profile, a `.gitignore`d build folder and
/// an editor's hidden settings.
#[allow(clippy::expect_used, reason = "a test fails on broken set-up")]
fn template_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    for sub in [".git", "templates", "build", ".vscode"] {
        std::fs::create_dir_all(d.join(sub)).expect("mkdir");
    }
    let template = std::fs::read_to_string(root().join("fixtures/plans/district-template.json"))
        .expect("read");
    std::fs::write(d.join("templates/plan.json"), &template).expect("write");
    std::fs::write(d.join("package.json"), "{\"name\": \"x\"}\n").expect("write");
    std::fs::write(d.join("build/out.json"), "{}\n").expect("write");
    std::fs::write(d.join(".vscode/settings.json"), "{}\n").expect("write");
    std::fs::write(d.join(".gitignore"), "build/\n").expect("write");
    std::fs::write(
        d.join("ieplint.toml"),
        "exclude = [\"package.json\"]\n\n[[overrides]]\nfiles = [\"templates/**\"]\nprofile = \"template\"\n",
    )
    .expect("write");
    dir
}

#[test]
fn force_exclude_applies_excludes_and_gitignore_to_named_files() {
    let repo = template_repository();
    let named = [
        "package.json",
        "build/out.json",
        ".vscode/settings.json",
        "templates/plan.json",
    ];
    let mut args = vec!["check", "--format", "json"];
    args.extend(named);
    // Named files are linted as given without the flag...
    let report = json(&run_in(repo.path(), &args, None));
    let files: std::collections::BTreeSet<String> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["file"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(files.contains("package.json"), "{files:?}");
    // ...and with it only the template is: it is clean in its profile.
    args.insert(1, "--force-exclude");
    let out = run_in(repo.path(), &args, None);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(json(&out)["summary"]["files"], 1);
    // Every named file excluded: nothing to do, not an error.
    let out = run_in(
        repo.path(),
        &["check", "--force-exclude", "package.json", "build/out.json"],
        None,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn stdin_filename_gives_standard_input_the_path_and_its_overrides() {
    let repo = template_repository();
    let text = std::fs::read_to_string(repo.path().join("templates/plan.json")).expect("read");
    let as_draft = run_in(
        repo.path(),
        &["check", "--format", "json", "-"],
        Some(&text),
    );
    assert_eq!(code(&as_draft), 1, "a template read as a draft has errors");
    let args = [
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "templates/plan.json",
    ];
    let out = run_in(repo.path(), &args, Some(&text));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    // The name is used in reports.
    let broken = run_in(repo.path(), &args, Some("{\"student\": 3}"));
    assert_eq!(
        json(&broken)["diagnostics"][0]["file"],
        "templates/plan.json"
    );
    // And its excludes apply with --force-exclude.
    let out = run_in(
        repo.path(),
        &[
            "check",
            "--force-exclude",
            "--stdin-filename",
            "package.json",
            "-",
        ],
        Some("{}"),
    );
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "");
}
