//! Arbitrary text as a baseline file: read, and used to filter a linted
//! plan's findings.

#![no_main]

use std::sync::{Arc, LazyLock};

use ieplint::{
    builtin_packs, Baseline, Engine, FileResult, LintContext, LintOptions, PlanText, Profile,
    Schema,
};
use libfuzzer_sys::fuzz_target;

static PLAN: &str = include_str!("../../fixtures/plans/elementary-1to1-vague.json");

static RESULT: LazyLock<FileResult> = LazyLock::new(|| {
    let schema = Schema::plan().expect("the embedded schema");
    let engine = Engine::load(&builtin_packs(), schema)
        .engine
        .expect("the built-in packs load");
    let options = LintOptions::new(Profile::Draft);
    let cx = LintContext {
        options: &options,
        suppressions: &[],
        today: jiff::civil::date(2026, 12, 6),
        wants: ieplint::Wants::ALL,
    };
    let plan = PlanText {
        path: "plan.json".into(),
        rel_path: "plan.json".into(),
        text: Arc::from(PLAN),
    };
    engine.lint(&plan, &cx).result
});

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(mut baseline) = Baseline::parse(text) {
        let mut result = RESULT.clone();
        std::hint::black_box(baseline.filter(&mut result));
        std::hint::black_box(baseline.render());
    }
});
