//! Throughput benchmark: how many plans per second `ieplint check
//! --format json` lints, beside the time to merely read and parse the same
//! files with serde_json, measured in the same run.
//!
//! ```sh
//! cargo bench --bench throughput                       # 1,000 generated plans
//! IEPLINT_BENCH_COUNT=10000 cargo bench --bench throughput
//! IEPLINT_BENCH_CORPUS=/tmp/corpus2-1000 cargo bench --bench throughput
//! IEPLINT_BENCH_BIG=1 cargo bench --bench throughput   # also one 5 MB plan
//! ```
//!
//! A one-thread run with `--ignore schema` shows the share of the schema
//! check of plans.
//!
//! The corpus comes from `../shared/bench/gen_plans.py` (seed 1, default
//! defect rate) unless `IEPLINT_BENCH_CORPUS` names a folder of plans.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark stops on broken set-up"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

const RUNS: usize = 5;

fn main() {
    let count: usize = std::env::var("IEPLINT_BENCH_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1000);
    let corpus = match std::env::var_os("IEPLINT_BENCH_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => generate(count),
    };
    let files = plan_files(&corpus);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "corpus: {} ({} plans, {:.1} MB), {} threads available",
        corpus.display(),
        files.len(),
        bytes as f64 / 1e6,
        rayon::current_num_threads()
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
    let mut args = vec!["check".to_string(), "--format".into(), "json".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let binary = env!("CARGO_BIN_EXE_ieplint");
    let lint_all = best_of(|| run(binary, &args, None));
    let lint_one = best_of(|| run(binary, &args, Some(1)));
    // The same run without the schema check of plans, to show its share.
    let mut no_schema = args.clone();
    no_schema.splice(1..1, ["--ignore".to_string(), "schema".to_string()]);
    let lint_one_no_schema = best_of(|| run(binary, &no_schema, Some(1)));
    let rss = peak_rss_kib(binary, &args);

    let n = files.len() as f64;
    let row = |what: &str, d: Duration, base: Duration| {
        println!(
            "{what:<44} {:>8.3} s  {:>9.0} plans/s  {:>6.2}x the parallel parse",
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
        "  the same with --ignore schema",
        lint_one_no_schema,
        parse_par,
    );
    println!(
        "the schema check of plans: {:.1}% of a one-thread run",
        100.0 * (1.0 - lint_one_no_schema.as_secs_f64() / lint_one.as_secs_f64())
    );
    row(
        "ieplint check --format json, all threads",
        lint_all,
        parse_par,
    );
    if let Some(kib) = rss {
        println!(
            "peak memory of ieplint check (all threads): {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
    if std::env::var_os("IEPLINT_BENCH_BIG").is_some() {
        let big = generate_big();
        let text = std::fs::read_to_string(&big).expect("read big plan");
        let parse = best_of(|| {
            let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
            std::hint::black_box(v);
        });
        let args = vec![
            "check".to_string(),
            "--format".into(),
            "json".into(),
            big.display().to_string(),
        ];
        let lint = best_of(|| run(binary, &args, None));
        println!(
            "one {:.1} MB plan: parse {:.3} s, ieplint check --format json {:.3} s ({:.1}x the parse)",
            text.len() as f64 / 1e6,
            parse.as_secs_f64(),
            lint.as_secs_f64(),
            lint.as_secs_f64() / parse.as_secs_f64()
        );
    }
}

fn generate_big() -> PathBuf {
    gen_plans("bench-corpus-big", "plan-big.json", &["--big"])
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
