//! Helpers shared by the end-to-end tests: run the real binary.

#![allow(dead_code, reason = "each test file uses a different subset")]
#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test on broken set-up"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The project root, so tests find `fixtures/` from any working directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// Runs `ieplint` with arguments, no colour, a fixed width, from the root.
pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args, None)
}

/// Runs `ieplint` in `dir`, feeding `stdin` if given.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ieplint"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run ieplint");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("wait for ieplint")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Parses `--format json` output.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// `(rule, pointer)` of every diagnostic in a JSON report.
pub fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| {
                    (
                        d["rule"].as_str().unwrap_or("").to_string(),
                        d["pointer"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The day the library tests lint on, so that expiry dates are fixed.
pub fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 1, 15)
}

/// An engine over `packs`, failing the test on pack errors.
pub fn engine_of(packs: &[ieplint::SourceFile]) -> ieplint::Engine {
    let schema = ieplint::Schema::plan().expect("the embedded schema loads");
    let loaded = ieplint::Engine::load(packs, schema);
    let errors: Vec<&str> = loaded.problems.iter().map(|p| p.message.as_str()).collect();
    loaded
        .engine
        .unwrap_or_else(|| panic!("pack errors: {errors:?}"))
}

/// The engine of the built-in packs.
pub fn engine() -> ieplint::Engine {
    engine_of(&ieplint::builtin_packs())
}

/// Lints a plan's text through the library with `options` and no config
/// suppressions; the located findings, or the reason it was not linted.
pub fn lint_text(
    engine: &ieplint::Engine,
    text: &str,
    options: &ieplint::LintOptions,
) -> Result<Vec<ieplint::Located>, ieplint::DocumentError> {
    let plan = ieplint::PlanText {
        path: "plan.json".into(),
        rel_path: "plan.json".into(),
        text: text.into(),
    };
    let cx = ieplint::LintContext {
        options,
        suppressions: &[],
        today: today(),
        wants: ieplint::Wants::default(),
    };
    match engine.lint(&plan, &cx).result.outcome {
        ieplint::Outcome::Linted(found) => Ok(found),
        ieplint::Outcome::Failed(e) => Err(e),
    }
}

/// The findings of one rule on a plan's text, every rule running.
pub fn findings_of(engine: &ieplint::Engine, rule: &str, text: &str) -> Vec<ieplint::Finding> {
    lint_text(engine, text, &ieplint::LintOptions::default())
        .unwrap_or_else(|e| panic!("not a plan: {}", e.message))
        .into_iter()
        .filter(|l| &*l.finding.rule == rule)
        .map(|l| l.finding)
        .collect()
}
