//! Inputs that once crashed, stalled or filled memory: places past column
//! 65,535 (minified plans are one long line), a text of tens of thousands
//! of placeholders, rule packs nested or chained beyond reason, a pipe or
//! a device named as a plan, endless standard input. Each gives a located
//! report, never a panic or a hang, and the human report shows a window of
//! a long line rather than the whole of it.

mod common;

use common::{code, fixture, json, run_in, stderr, stdout};

#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn the_vague_plan() -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string(fixture("plans/elementary-1to1-vague.json")).expect("read");
    serde_json::from_str(&text).expect("a plan")
}

#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn write(dir: &tempfile::TempDir, name: &str, text: &str) {
    std::fs::write(dir.path().join(name), text).expect("write");
}

/// The vague plan minified on one line, after a 70,000-character note, so
/// every finding lies past column 70,000.
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn minified_with_a_long_note() -> String {
    let plan = serde_json::to_string(&the_vague_plan()).expect("serialize");
    let rest = plan.strip_prefix('{').expect("an object");
    format!("{{\"x_note\":\"{}\",{rest}", "b".repeat(70_000))
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn findings_past_column_65535_are_drawn_in_a_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir, "plan.json", &minified_with_a_long_note());
    let out = run_in(dir.path(), &["check", "plan.json"], None);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("para.absence-plan") && report.contains("[plan.json:1:7"),
        "{report}"
    );
    // A window of the line, not the line: no 70,000-character note.
    assert!(
        !report.contains(&"b".repeat(200)),
        "the whole line was drawn"
    );
    assert!(
        report.lines().all(|l| l.chars().count() < 400),
        "a line longer than a window"
    );
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_syntax_error_past_column_65535_is_drawn_in_a_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!("{{\"x_note\": \"{}\", \"goals\": }}", "b".repeat(70_000));
    write(&dir, "plan.json", &text);
    let out = run_in(dir.path(), &["check", "plan.json"], None);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert!(report.contains("plan.json:1:70025"), "{report}");
    assert!(
        !report.contains(&"b".repeat(200)),
        "the whole line was drawn"
    );
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_pack_error_past_column_65535_is_drawn_in_a_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = format!(
        "pack long \"A long line\"\n\nlet note = \"{}\" + nope\n",
        "c".repeat(70_000)
    );
    write(&dir, "long.rules", &pack);
    std::fs::copy(
        fixture("plans/elementary-1to1-vague.json"),
        dir.path().join("plan.json"),
    )
    .expect("copy plan");
    let out = run_in(
        dir.path(),
        &["check", "--rules", "long.rules", "plan.json"],
        None,
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let report = stderr(&out);
    assert!(
        report.contains("unknown name `nope`") && report.contains("long.rules:3:70"),
        "{report}"
    );
    assert!(
        !report.contains(&"c".repeat(200)),
        "the whole line was drawn"
    );
}

/// A plan whose present levels hold `n` placeholders in one text.
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn placeholders(n: usize) -> String {
    let mut plan = the_vague_plan();
    let levels = plan
        .get_mut("present_levels")
        .and_then(|l| l.as_object_mut())
        .expect("present levels");
    levels.insert("academic".into(), vec!["TBD"; n].join(" ").into());
    serde_json::to_string_pretty(&plan).expect("serialize")
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_flood_of_placeholders_is_listed_up_to_a_limit_with_a_count_of_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir, "plan.json", &placeholders(40_000));
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "plan.json"],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    let placeholders: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "quality.placeholder")
        .collect();
    assert_eq!(placeholders.len(), 1001);
    assert!(
        placeholders.iter().any(|d| d["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("...and 39,") && m.contains(" more findings"))),
        "no summary finding"
    );
    // The human report of the same plan draws, and says the same.
    let human = run_in(dir.path(), &["check", "plan.json"], None);
    assert_eq!(code(&human), 1, "{}", stderr(&human));
    assert!(stdout(&human).contains("more findings of this rule"));
}

/// 100,000 placeholders in one text, linted in well under a second
/// (release build): `cargo test --release --test robustness -- --ignored`.
#[test]
#[ignore = "a timing stress test, run by .ci/run in release mode"]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_hundred_thousand_placeholders_are_linted_in_under_a_second() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir, "plan.json", &placeholders(100_000));
    let started = std::time::Instant::now();
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "plan.json"],
        None,
    );
    let took = started.elapsed();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(took.as_secs_f64() < 1.0, "took {took:?}");
}

/// A pack of one rule whose check is `check`, after `lets` (pack-level
/// definitions) and `steps` (steps of the rule).
fn pack(lets: &str, steps: &str, check: &str) -> String {
    format!(
        "pack deep \"Deep\"\n\n{lets}\nrule deep.one {{\n  severity error\n  summary \"s\"\n  \
         cite \"c\"\n{steps}  require {check}\n    message \"m\"\n    help \"h\"\n  why \"w\"\n}}\n"
    )
}

/// Runs `check` with the pack on the vague plan.
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn check_with(pack: &str) -> std::process::Output {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir, "deep.rules", pack);
    std::fs::copy(
        fixture("plans/elementary-1to1-vague.json"),
        dir.path().join("plan.json"),
    )
    .expect("copy plan");
    run_in(
        dir.path(),
        &["check", "--rules", "deep.rules", "plan.json"],
        None,
    )
}

#[test]
fn long_operator_chains_are_refused_with_a_place_not_a_stack_overflow() {
    let chains = [
        format!("{}true", "not ".repeat(20_000)),
        format!("1{} == 2", " + 1".repeat(20_000)),
        vec!["true"; 100_000].join(" and "),
    ];
    for chain in chains {
        let out = check_with(&pack("", "", &chain));
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        let report = stderr(&out);
        assert!(
            report.contains("more than 100") && report.contains("deep.rules:8:11"),
            "{report}"
        );
    }
}

#[test]
fn long_chains_of_definitions_are_refused_with_a_place_not_a_stack_overflow() {
    let lets: String = (0..5000)
        .map(|i| format!("let x{i} = x{} + 1\n", i + 1))
        .chain(["let x5000 = 1\n".to_string()])
        .collect();
    let defines: String = (0..5000)
        .map(|i| format!("define f{i}(a) = f{}(a) + 1\n", i + 1))
        .chain(["define f5000(a) = a\nlet x0 = f0(1)\n".to_string()])
        .collect();
    for definitions in [lets, defines] {
        let out = check_with(&pack(&definitions, "", "x0 == 1"));
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("through more than 64 other definitions"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_rule_of_twenty_thousand_steps_is_evaluated() {
    let steps: String = (0..20_000).map(|i| format!("  let y{i} = {i}\n")).collect();
    let out = check_with(&pack("", &steps, "y19999 == 1"));
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stdout(&out).contains("deep.one"), "{}", stdout(&out));
}

#[cfg(unix)]
#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_pipe_or_device_named_as_a_plan_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("plan-pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    std::fs::copy(
        fixture("plans/elementary-1to1-vague.json"),
        dir.path().join("plan.json"),
    )
    .expect("copy plan");
    // Without the check, opening the pipe waits for a writer forever and
    // reading /dev/zero fills memory; the test would hang.
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "plan-pipe.json",
            "/dev/zero",
            "plan.json",
        ],
        None,
    );
    let report = json(&out);
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 2, "{report}");
    assert!(errors
        .iter()
        .all(|e| e["message"] == "this is not a regular file (a pipe, a socket or a device)"));
    assert_eq!(report["summary"]["files"], 3, "the plan is still linted");
    assert!(report["summary"]["errors"].as_u64() > Some(0));
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn standard_input_is_read_no_further_than_the_limit() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_ieplint"))
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ieplint");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let block = vec![b' '; 1 << 20];
        // ieplint stops reading at the limit and exits: the pipe breaks.
        for _ in 0..80 {
            if stdin.write_all(&block).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().expect("wait for ieplint");
    writer.join().expect("the writer");
    let report = json(&out);
    assert_eq!(
        report["errors"][0]["message"], "the plan is larger than the 64 MB ieplint reads",
        "{report}"
    );
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_member_written_twice_is_a_finding_at_the_second_naming_the_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = std::fs::read_to_string(fixture("plans/elementary-1to1-vague.json")).expect("read");
    // The whole services section written again, empty: the last one wins.
    let body = plan.trim_end().strip_suffix('}').expect("an object");
    write(
        &dir,
        "plan.json",
        &format!("{body},\n  \"services\": []\n}}\n"),
    );
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "plan.json"],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    let found: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "schema.duplicate-key")
        .collect();
    assert_eq!(found.len(), 1, "{report}");
    let services_line = plan
        .lines()
        .position(|l| l.starts_with("  \"services\""))
        .expect("a services section")
        + 1;
    assert_eq!(found[0]["pointer"], "/services");
    assert_eq!(found[0]["line"], plan.lines().count() + 1, "at the second");
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("first at line {services_line}"))),
        "{}",
        found[0]
    );
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_lone_surrogate_escape_is_explained_in_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir,
        "plan.json",
        "{\"student\": {\"name\": \"Sam \\ud800\"}}",
    );
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "plan.json"],
        None,
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let report = json(&out);
    let message = report["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("names half of a character"), "{report}");
    assert_eq!(report["errors"][0]["line"], 1);
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_suppression_of_the_wrong_shape_suppresses_nothing_and_says_so() {
    let plan = the_vague_plan();
    let count_of = |extra: serde_json::Value| {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut plan = plan.clone();
        plan.insert("x-ieplint".into(), extra);
        write(
            &dir,
            "plan.json",
            &serde_json::to_string_pretty(&plan).expect("serialize"),
        );
        let out = run_in(
            dir.path(),
            &["check", "--format", "json", "plan.json"],
            None,
        );
        let report = json(&out);
        let diagnostics = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .clone();
        let para = diagnostics
            .iter()
            .filter(|d| d["rule"].as_str().is_some_and(|r| r.starts_with("para.")))
            .count();
        let invalid: Vec<String> = diagnostics
            .iter()
            .filter(|d| d["rule"] == "ieplint.invalid-suppression")
            .map(|d| d["pointer"].as_str().unwrap_or_default().to_string())
            .collect();
        (para, invalid)
    };
    let (all_para, none) = count_of(serde_json::json!({}));
    assert!(all_para > 5 && none.is_empty());
    let cases = [
        (
            serde_json::json!({"suppress": [{"rule": "para", "reason": "r", "pointer": 5}]}),
            "/x-ieplint/suppress/0/pointer",
        ),
        (
            serde_json::json!({"suppress": [{"rule": "para", "reason": "r", "expires": 20200101}]}),
            "/x-ieplint/suppress/0/expires",
        ),
        (
            serde_json::json!({"suppress": "para"}),
            "/x-ieplint/suppress",
        ),
        (
            serde_json::json!({"suppress": ["para"]}),
            "/x-ieplint/suppress/0",
        ),
        (serde_json::json!("suppress para"), "/x-ieplint"),
    ];
    for (settings, at) in cases {
        let (para, invalid) = count_of(settings.clone());
        assert_eq!(para, all_para, "{settings} suppressed findings");
        assert_eq!(invalid, vec![at.to_string()], "{settings}");
    }
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_file_that_is_not_a_pack_is_named_and_none_of_it_quoted() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir,
        "secrets.txt",
        "root:x:0:0:root:/root:/bin/bash\nStudent: Sam Lee, DOB 2016-09-14\n",
    );
    write(&dir, "ieplint.toml", "rules = [\"secrets.txt\"]\n");
    std::fs::copy(
        fixture("plans/elementary-1to1-vague.json"),
        dir.path().join("plan.json"),
    )
    .expect("copy plan");
    for format in ["human", "json", "sarif"] {
        let out = run_in(
            dir.path(),
            &["check", "--format", format, "plan.json"],
            None,
        );
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(all.contains("is not a rule pack"), "{all}");
        assert!(all.contains("secrets.txt"), "{all}");
        assert!(!all.contains("root:x") && !all.contains("Sam Lee"), "{all}");
    }
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_pack_of_thousands_of_mistakes_lists_the_first_hundred_and_stops() {
    let broken: String = (0..5000)
        .map(|i| format!("rule deep.r{i} {{ severity error summary \"s\" )( }}\n"))
        .collect();
    let out = check_with(&format!("pack deep \"Deep\"\n\n{broken}"));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let report = stderr(&out);
    assert_eq!(report.matches("ieplint::rules::syntax").count(), 100);
    assert!(
        report.contains("reading of this pack stopped here, after 100 problems"),
        "{report}"
    );
    let unknown: String = (0..500)
        .map(|i| {
            format!(
                "rule deep.n{i} {{\n  severity error\n  summary \"s\"\n  cite \"c\"\n  require \
                 nope{i}\n    message \"m\"\n    help \"h\"\n  why \"w\"\n}}\n"
            )
        })
        .collect();
    let out = check_with(&format!("pack deep \"Deep\"\n\n{unknown}"));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let report = stderr(&out);
    assert_eq!(report.matches("ieplint::rules::unknown-name").count(), 100);
    assert!(
        report.contains("...and 400 more problems in this pack"),
        "{report}"
    );
}

/// A 56 MB plan on one line (the goals of the vague plan many times over):
/// the human report completes, each place drawn in a window.
/// `cargo test --release --test robustness -- --ignored`.
#[test]
#[ignore = "a stress test, run by .ci/run in release mode"]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn the_human_report_of_a_56_mb_plan_completes() {
    let mut plan = the_vague_plan();
    let goals = plan
        .get("goals")
        .and_then(|g| g.as_array())
        .expect("goals")
        .clone();
    let size = serde_json::to_string(&goals).expect("serialize").len();
    let copies = 56_000_000 / size;
    let many: Vec<serde_json::Value> = std::iter::repeat_n(goals, copies).flatten().collect();
    plan.insert("goals".into(), many.into());
    let text = serde_json::to_string(&plan).expect("serialize");
    assert!(text.len() > 55_000_000, "{} bytes", text.len());
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir, "plan.json", &text);
    drop(text);
    let started = std::time::Instant::now();
    let out = run_in(dir.path(), &["check", "plan.json"], None);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("more findings of this rule"), "no summary");
    assert!(report.lines().all(|l| l.chars().count() < 400));
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}
