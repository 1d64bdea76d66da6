//! What ieplint writes: outputs keep an existing file's permissions, follow
//! a link to its file, never replace a plan being checked, and a baseline
//! is not written when a plan could not be read.

mod common;

use common::{code, fixture, run_in, stderr};

#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        fixture("plans/elementary-1to1-vague.json"),
        dir.path().join("plan.json"),
    )
    .expect("copy plan");
    dir
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn an_output_naming_a_plan_being_checked_is_refused() {
    let dir = workspace();
    let before = std::fs::read(dir.path().join("plan.json")).expect("read");
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--output",
            "plan.json",
            "plan.json",
        ],
        None,
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("plan.json is one of the plans being checked"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(dir.path().join("plan.json")).expect("read"),
        before
    );
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_baseline_is_not_written_when_a_plan_cannot_be_read() {
    let dir = workspace();
    std::fs::write(dir.path().join("broken.json"), "{\"student\": ").expect("write");
    let out = run_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "."],
        None,
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("broken.json"), "{}", stderr(&out));
    assert!(stderr(&out).contains("was not written"), "{}", stderr(&out));
    assert!(!dir.path().join("baseline.json").exists());
}

#[cfg(unix)]
#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn outputs_keep_permissions_and_follow_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace();
    let report = dir.path().join("report.json");
    std::fs::write(&report, "old").expect("write");
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    std::os::unix::fs::symlink("report.json", dir.path().join("link.json")).expect("link");
    for target in ["report.json", "link.json"] {
        let format = format!("json={target}");
        let out = run_in(
            dir.path(),
            &["check", "--format", &format, "plan.json"],
            None,
        );
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let meta = std::fs::metadata(&report).expect("report");
        assert_eq!(meta.permissions().mode() & 0o777, 0o640, "{target}");
        let text = std::fs::read_to_string(&report).expect("read");
        assert!(text.contains("\"diagnostics\""), "{target}: {text}");
    }
    let link = std::fs::symlink_metadata(dir.path().join("link.json")).expect("link");
    assert!(link.file_type().is_symlink(), "the link is still a link");
    let out = run_in(
        dir.path(),
        &["check", "--format", "json=new.json", "plan.json"],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let mode = std::fs::metadata(dir.path().join("new.json"))
        .expect("new")
        .permissions()
        .mode();
    // The test's own umask, as a new file gets it.
    let umask = std::process::Command::new("sh")
        .args(["-c", "umask"])
        .output()
        .expect("umask");
    let umask =
        u32::from_str_radix(String::from_utf8_lossy(&umask.stdout).trim(), 8).expect("octal umask");
    assert_eq!(
        mode & 0o777,
        0o666 & !umask,
        "{mode:o} under umask {umask:o}"
    );
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn markdown_shows_a_link_image_or_tag_in_a_plan_as_text() {
    let dir = workspace();
    let text = std::fs::read_to_string(dir.path().join("plan.json")).expect("read");
    let mut plan: serde_json::Value = serde_json::from_str(&text).expect("a plan");
    plan["services"][0]["location"] =
        "<img src=http://example.com/x.png> [![a](http://example.com/b.png)] </details>".into();
    std::fs::write(dir.path().join("plan.json"), plan.to_string()).expect("write");
    let out = run_in(
        dir.path(),
        &["check", "--format", "markdown", "plan.json"],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        report.contains("img src=http://example.com/x.png"),
        "{report}"
    );
    // Each opening character comes escaped, after a backslash; the one
    // `</details>` left is the report's own.
    let unescaped = |raw: &str| {
        report
            .match_indices(raw)
            .filter(|(i, _)| !report[..*i].ends_with('\\'))
            .count()
    };
    for raw in ["<img", "![a]", "](http"] {
        assert_eq!(unescaped(raw), 0, "`{raw}` left as written:\n{report}");
    }
    assert_eq!(unescaped("</details>"), 1, "{report}");
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn junit_holds_no_character_xml_cannot() {
    let dir = workspace();
    let text = std::fs::read_to_string(dir.path().join("plan.json")).expect("read");
    let mut plan: serde_json::Value = serde_json::from_str(&text).expect("a plan");
    plan["services"][0]["location"] = "TBD \u{FFFF} [room \u{1}]".into();
    std::fs::write(dir.path().join("plan.json"), plan.to_string()).expect("write");
    let out = run_in(
        dir.path(),
        &["check", "--format", "junit", "plan.json"],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(report.contains("quality.placeholder"), "{report}");
    assert!(
        !report.contains(['\u{FFFF}', '\u{1}']),
        "a character XML cannot hold"
    );
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn reports_and_baselines_in_a_folder_are_not_linted_as_plans() {
    let dir = workspace();
    for args in [
        &["check", "--format", "json", "--output", "report.json", "."][..],
        &["check", "--format", "sarif=report.sarif.json", "."][..],
        &["check", "--write-baseline", "baseline.json", "."][..],
    ] {
        let out = run_in(dir.path(), args, None);
        assert!(code(&out) <= 1, "{args:?}: {}", stderr(&out));
    }
    for written in ["report.json", "report.sarif.json", "baseline.json"] {
        assert!(
            dir.path().join(written).exists(),
            "{written} was not written"
        );
    }
    let out = run_in(dir.path(), &["check", "--format", "json", "."], None);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["summary"]["files"], 1, "{report}");
    // Named on the command line, a file is linted whatever it holds.
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "report.json"],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["summary"]["files"], 1, "{report}");
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn reports_quote_a_placeholder_not_the_plans_own_bracketed_notes() {
    let dir = workspace();
    let text = std::fs::read_to_string(dir.path().join("plan.json")).expect("read");
    let mut plan: serde_json::Value = serde_json::from_str(&text).expect("a plan");
    plan["services"][0]["location"] =
        "Resource room [call the parent at jane.doe@example.com before changes]".into();
    plan["services"][1]["location"] =
        "Classroom [after the ketogenic diet review on 2025-01-08 the nurse \
        reviews the plan with the aide each month]"
            .into();
    plan["student"]["x_note"] = "Placed with [Student Name]".into();
    std::fs::write(dir.path().join("plan.json"), plan.to_string()).expect("write");
    for format in ["json", "sarif", "github", "junit"] {
        let out = run_in(
            dir.path(),
            &["check", "--format", format, "plan.json"],
            None,
        );
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let report = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(report.contains("[Student Name]"), "{format}: {report}");
        for private in ["jane.doe@example.com", "ketogenic"] {
            assert!(!report.contains(private), "{format} quotes `{private}`");
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn a_report_that_cannot_be_written_to_standard_output_is_an_error() {
    use std::process::{Command, Stdio};
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    for format in ["human", "json", "sarif"] {
        let out = Command::new(env!("CARGO_BIN_EXE_ieplint"))
            .args(["check", "--format", format])
            .arg(fixture("plans/elementary-1to1-vague.json"))
            .stdout(Stdio::from(full.try_clone().expect("a handle")))
            .stderr(Stdio::piped())
            .output()
            .expect("run ieplint");
        assert_eq!(code(&out), 2, "{format}");
        assert!(
            stderr(&out).contains("cannot write standard output"),
            "{format}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn the_terminal_report_breaks_lines_at_spaces_only() {
    // Every finding names its rule for `ieplint explain`; a rule id split
    // at a hyphen could not be copied from the terminal.
    let out = common::run(&["check", "fixtures/plans"]);
    let report = common::stdout(&out);
    let mut explained = 0;
    for line in report.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(
            !words
                .last()
                .is_some_and(|w| w.ends_with('-') && w.len() > 1),
            "a line ends inside a hyphenated word: {line:?}"
        );
        for pair in words.windows(2) {
            if pair[0] == "explain" {
                let id = pair[1].trim_end_matches(')');
                assert!(id.contains('.'), "{line:?}");
                explained += 1;
            }
        }
    }
    assert!(explained > 20, "{report}");
}
