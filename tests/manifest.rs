//! The generator's defect manifest (`../shared/bench/gen_plans.py
//! --manifest`) against what `ieplint check` reports: every injected defect
//! is found, by its rule, at its place (or an ancestor or descendant of
//! it), and nothing is reported that the manifest does not list. A change
//! that speeds linting up must keep this.

mod common;

use std::collections::HashMap;
use std::process::Command;

use common::{code, json, root, run_in, stderr};

/// Whether one pointer is the other, or lies inside it.
fn related(a: &str, b: &str) -> bool {
    a == b
        || a.strip_prefix(b).is_some_and(|r| r.starts_with('/'))
        || b.strip_prefix(a).is_some_and(|r| r.starts_with('/'))
}

#[test]
#[allow(clippy::expect_used, reason = "a test stops on broken set-up")]
fn every_manifest_defect_is_found_and_nothing_else() {
    let generator = root().join("../shared/bench/gen_plans.py");
    if !generator.exists() {
        eprintln!(
            "note: {} not found; the manifest test is skipped",
            generator.display()
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let made = Command::new("python3")
        .arg(&generator)
        .args(["--count", "300", "--seed", "5", "--manifest", "--out"])
        .arg(dir.path())
        .output()
        .expect("run python3");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("manifest.json")).expect("the manifest"),
    )
    .expect("JSON");
    let mut plans: Vec<String> = manifest["files"]
        .as_object()
        .expect("files")
        .keys()
        .cloned()
        .collect();
    plans.sort();
    let mut args = vec!["check", "--format", "json"];
    args.extend(plans.iter().map(String::as_str));
    let out = run_in(dir.path(), &args, None);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    let mut found: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
        found
            .entry(s("file"))
            .or_default()
            .push((s("rule"), s("pointer")));
    }
    let (mut entries, mut missed, mut extra) = (0, Vec::new(), Vec::new());
    for (file, defects) in manifest["files"].as_object().expect("files") {
        let defects = defects.as_array().expect("a list");
        let got = found.get(file).cloned().unwrap_or_default();
        for e in defects {
            entries += 1;
            let (rule, at) = (e["rule"].as_str(), e["pointer"].as_str().unwrap_or(""));
            if !got
                .iter()
                .any(|(r, p)| Some(r.as_str()) == rule && related(p, at))
            {
                missed.push(format!("{file}: {e}"));
            }
        }
        for (rule, at) in &got {
            let listed = defects.iter().any(|e| {
                let names_rule = e["rule"] == rule.as_str()
                    || e["also"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|r| r == rule.as_str()));
                names_rule && related(at, e["pointer"].as_str().unwrap_or(""))
            });
            if !listed {
                extra.push(format!("{file}: {rule} at {at}"));
            }
        }
    }
    assert!(entries > 3000, "only {entries} defects generated");
    assert!(
        missed.is_empty() && extra.is_empty(),
        "{} of {entries} defects missed:\n{}\n{} findings the manifest does not list:\n{}",
        missed.len(),
        missed.join("\n"),
        extra.len(),
        extra.join("\n")
    );
}
