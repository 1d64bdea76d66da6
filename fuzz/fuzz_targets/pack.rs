//! Arbitrary text as a rule pack: parsed, checked against the plan schema,
//! every problem drawn; a pack that loads lints a plan. Loaded alone (the
//! built-in packs would make each run a hundred times slower), so names of
//! the vocabulary pack are unknown names here.

#![no_main]

use std::sync::Arc;

use ieplint::{Engine, LintContext, LintOptions, PlanText, Profile, Schema, SourceFile};
use libfuzzer_sys::fuzz_target;

static PLAN: &str = include_str!("../../fixtures/plans/elementary-1to1-vague.json");

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let packs = [SourceFile::new("fuzz.rules", text)];
    let schema = Schema::plan().expect("the embedded schema");
    let loaded = Engine::load(&packs, schema);
    let handler = miette::GraphicalReportHandler::new();
    for problem in &loaded.problems {
        let mut out = String::new();
        let _ = handler.render_report(&mut out, problem);
        std::hint::black_box(problem.line_column());
    }
    if let Some(engine) = loaded.engine {
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
        std::hint::black_box(engine.lint(&plan, &cx));
    }
});
