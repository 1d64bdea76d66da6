//! Arbitrary bytes as a plan, linted with every built-in pack through the
//! library (the same call as `ieplint check`), then every finding located
//! and rendered by every emitter, the human one included. Suppressions in
//! the plan (`x-ieplint`) and the baseline of the result are read too.

#![no_main]

use std::sync::{Arc, LazyLock};

use ieplint::{
    builtin_packs, Baseline, Context, Engine, Format, LintContext, LintOptions, PlanText,
    Profile, Schema, Style,
};
use libfuzzer_sys::fuzz_target;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let schema = Schema::plan().expect("the embedded schema");
    Engine::load(&builtin_packs(), schema)
        .engine
        .expect("the built-in packs load")
});

fuzz_target!(|bytes: &[u8]| {
    let engine = &*ENGINE;
    let text = match ieplint::decode(bytes.to_vec()) {
        Ok(text) => text,
        Err(_) => return,
    };
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
        text: Arc::clone(&text),
    };
    let report = engine.lint(&plan, &cx);
    let ctx = Context::new(engine, ieplint::DOCS_URL);
    let results = [report.result];
    for format in Format::NAMED {
        let style = Style {
            color: false,
            width: 100,
        };
        let out = format.emitter(style).emit(&results, &ctx);
        std::hint::black_box(out);
    }
    let mut baseline = Baseline::default();
    baseline.record(&results[0]);
    let (rendered, _) = baseline.render();
    let mut read = Baseline::parse(&rendered).expect("a baseline ieplint wrote reads back");
    let mut again = results[0].clone();
    read.filter(&mut again);
});
