//! Throughput benchmark: every speed and memory figure ieplint keeps
//! targets for, each beside the floor it is measured against in the same
//! run, so the ratios hold on any machine.
//!
//! ```sh
//! cargo bench --bench throughput                        # everything below
//! IEPLINT_BENCH_COUNT=1000 cargo bench --bench throughput  # a smaller timing corpus
//! IEPLINT_BENCH_CORPUS=/tmp/corpus cargo bench --bench throughput
//! IEPLINT_BENCH_QUICK=1 cargo bench --bench throughput  # allocations and start-up only
//! ```
//!
//! What it prints:
//! - time to lint the timing corpus (10,000 generated plans; one thread and
//!   all cores) against reading and parsing the same files with serde_json
//!   on all cores (target: at most 3x), and, for scale, the same run with
//!   one rule that reads a single field (what a run costs before the rules);
//! - peak memory of `--format json` and `--format sarif` on 1,000 and on
//!   10,000 plans, medians of five runs (target: at most 64 MB, and the
//!   10,000 figure within 15% of the 1,000 one);
//! - one 5 MB plan against its parse (target: at most 3x);
//! - one small plan, the whole process, median of 20 runs (target: at most
//!   10 ms), beside `ieplint --version` (the process alone);
//! - allocations in one lint of `fixtures/plans/elementary-1to1-vague.json`,
//!   counted by this program's allocator (target: below 500);
//! - Spectral, the peer, on the 1,000-plan corpus, when it is installed
//!   (`IEPLINT_BENCH_SPECTRAL`, else `target/peer/node_modules/.bin/spectral`;
//!   `../shared/bench/spectral/README.md` says how to install it).
//!
//! Corpora come from `../shared/bench/gen_plans.py` (seed 1, default defect
//! rate) into `target/bench-corpus-N`, once.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark stops on broken set-up"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Counts allocations while `COUNTING` is set.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the
// counters are only read.
#[allow(unsafe_code, reason = "a counting allocator wraps the system one")]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        // SAFETY: the caller's layout is passed on as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            ALLOCATED_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        }
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Timed runs per measurement, after one warm-up run.
const RUNS: usize = 3;
/// Runs of the one-small-plan start-up measurement.
const STARTUP_RUNS: usize = 20;
/// The plan the allocation count is about.
const ALLOC_PLAN: &str = "fixtures/plans/elementary-1to1-vague.json";

fn main() {
    let binary = env!("CARGO_BIN_EXE_ieplint");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("{} threads available", rayon::current_num_threads());

    allocations(root);
    startup(binary, root);
    if std::env::var_os("IEPLINT_BENCH_QUICK").is_some() {
        return;
    }

    let count: usize = std::env::var("IEPLINT_BENCH_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(10_000);
    let corpus = match std::env::var_os("IEPLINT_BENCH_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => generate(count),
    };
    throughput(binary, &corpus);
    memory(binary);
    big_plan(binary);
    spectral(binary, root);
}

/// Allocations of one lint, through the library, after a first lint has
/// warmed whatever is built lazily.
fn allocations(root: &Path) {
    let schema = ieplint::Schema::plan().expect("the embedded schema");
    let engine = ieplint::Engine::load(&ieplint::builtin_packs(), schema)
        .engine
        .expect("the built-in packs load");
    let options = ieplint::LintOptions::new(ieplint::Profile::Draft);
    let cx = ieplint::LintContext {
        options: &options,
        suppressions: &[],
        today: jiff::civil::date(2026, 12, 6),
        // What the JSON report asks of a lint, as the timed runs write.
        wants: ieplint::Format::Json.wants(),
    };
    let text = std::fs::read_to_string(root.join(ALLOC_PLAN)).expect("read the plan");
    let plan = ieplint::PlanText {
        path: ALLOC_PLAN.into(),
        rel_path: ALLOC_PLAN.into(),
        text: Arc::from(text.as_str()),
    };
    // A first lint builds whatever is built lazily.
    let findings = match &engine.lint(&plan, &cx).result.outcome {
        ieplint::Outcome::Linted(found) => found.len(),
        ieplint::Outcome::Failed(_) => panic!("{ALLOC_PLAN} could not be linted"),
    };
    // The same text parsed alone, for scale.
    ALLOCATIONS.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("parse the plan");
    COUNTING.store(false, Ordering::Relaxed);
    let parse_allocations = ALLOCATIONS.load(Ordering::Relaxed);
    std::hint::black_box(parsed);
    let lint_allocations = allocations_counted(&engine, &plan, &cx);
    println!(
        "allocations in one lint of {ALLOC_PLAN} ({:.1} KB, {findings} findings): {} ({:.0} KB), \
         the serde_json parse alone: {parse_allocations}; target below 500",
        text.len() as f64 / 1e3,
        lint_allocations.0,
        lint_allocations.1 as f64 / 1e3,
    );
}

/// Allocations and bytes of one lint.
fn allocations_counted(
    engine: &ieplint::Engine,
    plan: &ieplint::PlanText,
    cx: &ieplint::LintContext,
) -> (u64, u64) {
    ALLOCATIONS.store(0, Ordering::Relaxed);
    ALLOCATED_BYTES.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let report = engine.lint(plan, cx);
    COUNTING.store(false, Ordering::Relaxed);
    std::hint::black_box(report);
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        ALLOCATED_BYTES.load(Ordering::Relaxed),
    )
}

/// One small plan, the whole process, as pre-commit and editors start it.
fn startup(binary: &str, root: &Path) {
    let plan = root.join(ALLOC_PLAN).display().to_string();
    let check = ["check".to_string(), plan];
    let version = ["--version".to_string()];
    let lint = median_of(STARTUP_RUNS, || run(binary, &check, None));
    let bare = median_of(STARTUP_RUNS, || run(binary, &version, None));
    println!(
        "one small plan, whole process, median of {STARTUP_RUNS}: {:.1} ms \
         (ieplint --version: {:.1} ms, {:.1}x); target at most 10 ms",
        ms(lint),
        ms(bare),
        lint.as_secs_f64() / bare.as_secs_f64()
    );
}

/// Plans per second against the serde_json parse of the same files.
fn throughput(binary: &str, corpus: &Path) {
    let files = plan_files(corpus);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "corpus: {} ({} plans, {:.1} MB)",
        corpus.display(),
        files.len(),
        bytes as f64 / 1e6,
    );
    let parse_seq = best_of(|| {
        for f in &files {
            let text = std::fs::read_to_string(f).expect("read");
            let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
            std::hint::black_box(v);
        }
    });
    let parse_par = best_of(|| {
        files.par_iter().for_each(|f| {
            let text = std::fs::read_to_string(f).expect("read");
            let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
            std::hint::black_box(v);
        });
    });
    let args = check_args("json", &[corpus]);
    let lint_all = best_of(|| run(binary, &args, None));
    let lint_one = best_of(|| run(binary, &args, Some(1)));
    // The same run with one rule that reads a single field: what reading,
    // parsing, walking the files and writing the report cost before the
    // rules, for scale.
    let mut one_rule = args.clone();
    one_rule.extend(["--select".into(), "idea.format".into()]);
    let lint_bare = best_of(|| run(binary, &one_rule, None));

    let n = files.len() as f64;
    let row = |what: &str, d: Duration, base: Duration| {
        println!(
            "  {what:<42} {:>8.3} s  {:>9.0} plans/s  {:>6.2}x the parallel parse",
            d.as_secs_f64(),
            n / d.as_secs_f64(),
            d.as_secs_f64() / base.as_secs_f64()
        );
    };
    println!("best of {RUNS} runs:");
    row("read + serde_json parse, 1 thread", parse_seq, parse_par);
    row("read + serde_json parse, all threads", parse_par, parse_par);
    row("ieplint check --format json, 1 thread", lint_one, parse_par);
    row(
        "ieplint check --format json, all threads",
        lint_all,
        parse_par,
    );
    row(
        "  the same, one rule (--select idea.format)",
        lint_bare,
        parse_par,
    );
    println!("  target: all threads at most 3x the parallel parse");
}

/// Peak memory for json and sarif on 1,000 and 10,000 plans: bounded and
/// flat as the corpus grows. The peak of one run moves by half a MiB on a
/// busy machine: each figure is the median of five runs, the two corpora
/// taking turns so a drift of the machine reaches both.
fn memory(binary: &str) {
    const RUNS: usize = 5;
    let small = generate(1000);
    let large = generate(10_000);
    for format in ["json", "sarif"] {
        let mut a = Vec::new();
        let mut b = Vec::new();
        for _ in 0..RUNS {
            a.extend(peak_rss_kib(binary, &check_args(format, &[&small])));
            b.extend(peak_rss_kib(binary, &check_args(format, &[&large])));
        }
        match (median_spread(&mut a), median_spread(&mut b)) {
            (Some((a, a_lo, a_hi)), Some((b, b_lo, b_hi))) => println!(
                "peak memory, --format {format}, median of {RUNS}: 1,000 plans {:.1} MiB \
                 ({:.1}-{:.1}), 10,000 plans {:.1} MiB ({:.1}-{:.1}), {:.2}x; target at most \
                 64 MB and at most 1.15x",
                mib(a),
                mib(a_lo),
                mib(a_hi),
                mib(b),
                mib(b_lo),
                mib(b_hi),
                b as f64 / a as f64
            ),
            _ => println!("peak memory: /usr/bin/time (GNU time) is not installed"),
        }
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// The median, least and greatest of some figures.
fn median_spread(figures: &mut [u64]) -> Option<(u64, u64, u64)> {
    figures.sort_unstable();
    Some((
        *figures.get(figures.len() / 2)?,
        *figures.first()?,
        *figures.last()?,
    ))
}

/// One 5 MB plan against its parse.
fn big_plan(binary: &str) {
    let big = gen_plans("bench-corpus-big", "plan-big.json", &["--big"]);
    let text = std::fs::read_to_string(&big).expect("read big plan");
    let parse = best_of(|| {
        let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
        std::hint::black_box(v);
    });
    let args = check_args("json", &[&big]);
    let lint = best_of(|| run(binary, &args, None));
    println!(
        "one {:.1} MB plan: parse {:.3} s, ieplint check --format json {:.3} s ({:.1}x the \
         parse); target at most 3x",
        text.len() as f64 / 1e6,
        parse.as_secs_f64(),
        lint.as_secs_f64(),
        lint.as_secs_f64() / parse.as_secs_f64()
    );
}

/// Spectral, the peer, on the 1,000-plan corpus, one run each side after a
/// warm-up of each.
fn spectral(binary: &str, root: &Path) {
    let spectral = std::env::var_os("IEPLINT_BENCH_SPECTRAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/peer/node_modules/.bin/spectral"));
    let ruleset = root.join("../shared/bench/spectral/ruleset.yaml");
    if !spectral.exists() || !ruleset.exists() {
        println!(
            "Spectral: not installed at {} (see ../shared/bench/spectral/README.md)",
            spectral.display()
        );
        return;
    }
    let corpus = generate(1000);
    let glob = corpus.join("plan-*.json").display().to_string();
    let run_spectral = || {
        let status = Command::new(&spectral)
            .args(["lint", "--ruleset"])
            .arg(&ruleset)
            .args(["--format", "json", &glob])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run spectral");
        assert!(status.code().is_some_and(|c| c <= 1), "spectral: {status}");
    };
    run_spectral();
    let t = Instant::now();
    run_spectral();
    let peer = t.elapsed();
    let args = check_args("json", &[&corpus]);
    let ours = best_of(|| run(binary, &args, None));
    println!(
        "1,000 plans: Spectral {:.2} s, ieplint {:.3} s: ieplint takes {:.4}x Spectral's time \
         ({:.0}x faster)",
        peer.as_secs_f64(),
        ours.as_secs_f64(),
        ours.as_secs_f64() / peer.as_secs_f64(),
        peer.as_secs_f64() / ours.as_secs_f64()
    );
}

fn check_args(format: &str, paths: &[&Path]) -> Vec<String> {
    let mut args = vec!["check".to_string(), "--format".into(), format.into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn best_of(mut f: impl FnMut()) -> Duration {
    f();
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn median_of(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times.get(runs / 2).copied().unwrap_or_default()
}

fn run(binary: &str, args: &[String], threads: Option<usize>) {
    let mut cmd = Command::new(binary);
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::null());
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t.to_string());
    }
    let status = cmd.status().expect("run ieplint");
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "ieplint failed: {status}"
    );
}

/// Peak resident memory of one run, from GNU time when it is installed.
fn peak_rss_kib(binary: &str, args: &[String]) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(binary)
        .args(args)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

fn generate(count: usize) -> PathBuf {
    let last = format!("plan-{:05}.json", count - 1);
    let plan = gen_plans(
        &format!("bench-corpus-{count}"),
        &last,
        &["--count", &count.to_string()],
    );
    plan.parent().map(Path::to_path_buf).unwrap_or(plan)
}

/// Runs `../shared/bench/gen_plans.py` (seed 1) into `target/FOLDER` unless
/// `expect` is already there; returns the path of `expect`.
fn gen_plans(folder: &str, expect: &str, args: &[&str]) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target").join(folder);
    let wanted = out.join(expect);
    if !wanted.exists() {
        let generator = root
            .join("..")
            .join("shared")
            .join("bench")
            .join("gen_plans.py");
        let status = Command::new("python3")
            .arg(&generator)
            .args(args)
            .args(["--seed", "1", "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .status()
            .expect("run python3");
        assert!(
            status.success(),
            "could not generate plans with {}",
            generator.display()
        );
    }
    wanted
}

fn plan_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("plan-") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    files
}
