//! The library is what `ieplint check` is: every plan under `fixtures/`
//! linted through the public API gives exactly the findings the binary
//! reports for it with `--format json`, suppressions and ieplint's own
//! findings included. And the API's options are keyed by rule id.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test on broken set-up"
)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{code, json, root, run};
use ieplint::{
    Engine, Flags, Level, LintContext, LintOptions, Outcome, PlanText, Settings, SourceFile,
};
use serde_json::Value;

/// Every `*.json` under a folder, sorted, as paths relative to the root.
fn plans_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|x| x == "json") {
                out.push(path.strip_prefix(root()).expect("under root").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// What the JSON report says of each diagnostic, keyed by file.
fn diagnostics_by_file(report: &Value) -> BTreeMap<String, Vec<Value>> {
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        let file = d["file"].as_str().expect("file").to_string();
        out.entry(file).or_default().push(d.clone());
    }
    out
}

#[test]
fn the_library_reports_what_check_reports_for_every_fixture() {
    let out = run(&["check", "--format", "json", "fixtures"]);
    assert!(code(&out) <= 1, "{}", common::stderr(&out));
    let report = json(&out);
    assert_eq!(report["errors"], serde_json::json!([]));
    let from_binary = diagnostics_by_file(&report);

    let engine = common::engine();
    let config_text = std::fs::read_to_string(root().join("ieplint.toml")).expect("config");
    let config = ieplint::parse_config(SourceFile::new("ieplint.toml", config_text), root())
        .expect("the repository's config parses");
    let settings = Settings::new(Some(&config), &Flags::default(), &engine, &root())
        .expect("the repository's config is valid");
    let mut from_library: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let plans = plans_under(&root().join("fixtures"));
    assert!(plans.len() > 100, "only {} plans", plans.len());
    for rel in &plans {
        let path = rel.display().to_string();
        let text = std::fs::read_to_string(root().join(rel)).expect("read plan");
        let options = settings.options_for(&engine, Some(rel));
        let plan = PlanText {
            path: path.clone(),
            rel_path: settings.relative(rel),
            text: text.into(),
        };
        let cx = LintContext {
            options: &options,
            suppressions: &settings.suppressions,
            today: common::today(),
            wants: ieplint::Wants::default(),
        };
        let Outcome::Linted(found) = engine.lint(&plan, &cx).result.outcome else {
            panic!("{path} could not be linted");
        };
        for l in found {
            let f = &l.finding;
            from_library
                .entry(path.clone())
                .or_default()
                .push(serde_json::json!({
                    "rule": &*f.rule,
                    "severity": f.severity.as_str(),
                    "message": f.message,
                    "help": f.help,
                    "cite": f.cite.as_deref(),
                    "file": path,
                    "pointer": f.pointer,
                    "line": l.location.line,
                    "column": l.location.column,
                    "end_line": l.location.end_line,
                    "end_column": l.location.end_column,
                }));
        }
    }
    let own = |m: &BTreeMap<String, Vec<Value>>| {
        m.values()
            .flatten()
            .filter(|d| {
                d["rule"]
                    .as_str()
                    .is_some_and(|r| r.starts_with("ieplint."))
            })
            .count()
    };
    assert!(
        own(&from_library) >= 4,
        "the fixtures make ieplint's own rules fire"
    );
    assert_eq!(from_library.len(), from_binary.len(), "files with findings");
    for (file, found) in &from_binary {
        assert_eq!(from_library.get(file), Some(found), "{file}");
    }
}

#[test]
fn turning_one_rule_off_leaves_the_others_alone() {
    let engine = common::engine();
    let text = std::fs::read_to_string(common::fixture(
        "rules/para.documented-as-service/fires.json",
    ))
    .expect("read");
    let everything = common::lint_text(&engine, &text, &LintOptions::default()).expect("plan");
    let mut options = LintOptions::default();
    options.set("idea.format", Level::Off);
    let without_format = common::lint_text(&engine, &text, &options).expect("plan");
    let rules = |found: &[ieplint::Located]| {
        found
            .iter()
            .filter(|l| &*l.finding.rule != "idea.format")
            .map(|l| (l.finding.rule.to_string(), l.finding.pointer.clone()))
            .collect::<Vec<_>>()
    };
    assert!(everything
        .iter()
        .any(|l| &*l.finding.rule == "para.documented-as-service"));
    assert_eq!(rules(&everything), rules(&without_format));
    assert!(!without_format
        .iter()
        .any(|l| &*l.finding.rule == "idea.format"));
}

#[test]
fn ieplint_rules_are_rules() {
    let engine = common::engine();
    for id in [
        "ieplint.unused-suppression",
        "ieplint.expired-suppression",
        "ieplint.invalid-suppression",
    ] {
        let rule = engine.rule(id).expect("registered");
        assert!(rule.is_documented(), "{id}");
        assert!(engine.is_selector(id));
    }
    assert!(engine.is_selector("ieplint"));
    assert_eq!(engine.suggest("absence-plan"), Some("para.absence-plan"));
    assert_eq!(
        engine.suggest("para.absense-plan"),
        Some("para.absence-plan")
    );

    let text = r#"{"x-ieplint": {"suppress": [{"rule": "para.staffing", "reason": "r"}]}}"#;
    let unused = |options: &LintOptions| {
        common::lint_text(&engine, text, options)
            .expect("plan")
            .into_iter()
            .filter(|l| &*l.finding.rule == "ieplint.unused-suppression")
            .map(|l| l.finding.severity)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        unused(&LintOptions::default()),
        vec![ieplint::Severity::Warning]
    );
    let mut options = LintOptions::default();
    options.set(
        "ieplint.unused-suppression",
        Level::Is(ieplint::Severity::Error),
    );
    assert_eq!(unused(&options), vec![ieplint::Severity::Error]);
    options.set("ieplint.unused-suppression", Level::Off);
    assert_eq!(unused(&options), vec![]);
}

#[test]
fn a_plan_that_is_not_json_is_a_located_failure() {
    let engine: Engine = common::engine();
    let e = common::lint_text(&engine, "{\n  \"goals\": [,]\n}", &LintOptions::default())
        .expect_err("not JSON");
    assert_eq!((e.line, e.column), (Some(2), Some(13)));
    assert!(e.message.starts_with("not valid JSON"), "{}", e.message);
}

#[test]
fn a_result_carries_what_was_asked_and_nothing_more() {
    let engine = common::engine();
    let text =
        std::fs::read_to_string(common::fixture("plans/elementary-1to1-vague.json")).expect("read");
    let options = LintOptions::default();
    let lint = |wants: ieplint::Wants| {
        let plan = PlanText {
            path: "plan.json".into(),
            rel_path: "plan.json".into(),
            text: text.as_str().into(),
        };
        let cx = LintContext {
            wants,
            ..context(&options)
        };
        engine.lint(&plan, &cx).result
    };
    let findings = |r: &ieplint::FileResult| match &r.outcome {
        Outcome::Linted(found) => found.clone(),
        Outcome::Failed(e) => panic!("{}", e.message),
    };
    let bare = lint(ieplint::Wants::default());
    let all = lint(ieplint::Wants::ALL);
    assert!(bare.text.is_none() && all.text.is_some());
    let (bare, all) = (findings(&bare), findings(&all));
    assert!(!bare.is_empty());
    assert!(bare
        .iter()
        .all(|l| l.place.is_none() && l.identity.is_none()));
    assert!(all
        .iter()
        .all(|l| l.place.is_some() && l.identity.is_some()));
    // Asking for more changes nothing else of a finding.
    let said = |found: &[ieplint::Located]| {
        found
            .iter()
            .map(|l| (l.finding.clone(), l.location, l.label, l.quote.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(format!("{:?}", said(&bare)), format!("{:?}", said(&all)));
    let vague = all
        .iter()
        .find(|l| l.finding.pointer == "/services/2/paraprofessional/purpose")
        .expect("the vague purpose is found");
    assert_eq!(
        vague.identity.as_ref().map(|i| i.stable_pointer.as_str()),
        Some("/services/[id=S3]/paraprofessional/purpose")
    );
}

/// What the tests below lint with: `options`, no suppressions, the tests'
/// day.
fn context(options: &LintOptions) -> LintContext<'_> {
    LintContext {
        options,
        suppressions: &[],
        today: common::today(),
        wants: ieplint::Wants::default(),
    }
}

/// Threads of its own: `each` runs every job on a scoped thread at once.
struct Threads;

impl ieplint::Parallel for Threads {
    fn each(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
        std::thread::scope(|s| {
            for i in 0..n {
                s.spawn(move || job(i));
            }
        });
    }

    fn threads(&self) -> usize {
        2
    }
}

/// Loaded and linted with threads to spare (patterns compiled while the
/// packs load and ahead of each lint), every example plan gets exactly the
/// report it gets with none; each plan on an engine of its own, so every
/// lint starts with patterns still to compile.
#[test]
fn threads_lent_to_loading_and_linting_change_no_report() {
    let plans = plans_under(&root().join("fixtures/plans"));
    assert!(plans.len() >= 5, "{plans:?}");
    let options = LintOptions::default();
    let cx = context(&options);
    for path in plans {
        let text = std::fs::read_to_string(&path).expect("read the plan");
        let plan = PlanText {
            path: path.display().to_string(),
            rel_path: path.display().to_string(),
            text: text.into(),
        };
        let alone = common::engine().lint(&plan, &cx);
        let schema = ieplint::Schema::plan().expect("the embedded schema loads");
        let loaded = Engine::load_on(&ieplint::builtin_packs(), schema, &Threads);
        let engine = loaded.engine.expect("the built-in packs load");
        let lent = engine.lint_on(&plan, &cx, &Threads);
        assert_eq!(
            format!("{:?}", lent.result),
            format!("{:?}", alone.result),
            "{}",
            path.display()
        );
    }
}

/// Counts the jobs it is given, running them one after another.
struct Counting(std::sync::atomic::AtomicUsize);

impl ieplint::Parallel for Counting {
    fn each(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        (0..n).for_each(job);
    }

    fn threads(&self) -> usize {
        2
    }
}

/// A lint looks ahead of itself only over a plan of ordinary size: over a
/// large one the second pass costs more than the compiles it saves.
#[test]
fn only_a_plan_of_ordinary_size_is_looked_ahead_of() {
    let options = LintOptions::default();
    let cx = context(&options);
    let text = std::fs::read_to_string(root().join("fixtures/plans/elementary-1to1-vague.json"))
        .expect("read the plan");
    let padded = format!("{text}{}", " ".repeat(70_000));
    for (text, looked_ahead) in [(text, 1), (padded, 0)] {
        let plan = PlanText {
            path: "plan.json".into(),
            rel_path: "plan.json".into(),
            text: text.into(),
        };
        let lent = Counting(std::sync::atomic::AtomicUsize::new(0));
        let report = common::engine().lint_on(&plan, &cx, &lent);
        assert!(matches!(report.result.outcome, Outcome::Linted(ref f) if !f.is_empty()));
        assert_eq!(lent.0.into_inner(), looked_ahead);
    }
}
