//! `ieplint check`: plans found on disk, linted, filtered by a baseline,
//! written in every format asked for.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{complain, complain_all, config_for, emit, load, plural, Env, Status};
use crate::baseline::Baseline;
use crate::engine::LintContext;
use crate::finding::Severity;
use crate::output::write_atomic;
use crate::report::{setup_report, Context, Format, SetupError, Style, DOCS_URL};
use crate::results::Summary;
use crate::runner::{self, Input, Job};
use crate::settings::{Flags, Problem, Settings};

/// What `ieplint check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    /// Plan files or folders; `-` is standard input. Empty: the current
    /// folder.
    pub paths: Vec<PathBuf>,
    /// Extra rule packs (files or folders).
    pub rules: Vec<PathBuf>,
    /// `FORMAT` or `FORMAT=FILE`, as written; empty: human.
    pub formats: Vec<String>,
    /// Where the one format without a file goes instead of standard output.
    pub output: Option<PathBuf>,
    /// Selection, profile and threshold from the command line.
    pub flags: Flags,
    /// The configuration file, instead of the nearest `ieplint.toml`.
    pub config: Option<PathBuf>,
    /// Report only findings this baseline does not record.
    pub baseline: Option<PathBuf>,
    /// Record the findings in a baseline and stop.
    pub write_baseline: Option<PathBuf>,
    /// Print how many findings each rule produced.
    pub statistics: bool,
    /// The path standard input stands for: its overrides, profile and
    /// excludes apply, and reports name it.
    pub stdin_filename: Option<PathBuf>,
    /// Apply the excludes and `.gitignore` to paths named on the command
    /// line too (pre-commit and editors name every file).
    pub force_exclude: bool,
}

/// Runs `ieplint check`.
pub fn check(req: &CheckRequest, env: &Env) -> Status {
    let formats = match outputs(req) {
        Ok(f) => f,
        Err(msg) => {
            complain(&format!("error: {msg}\n"));
            return Status::Trouble;
        }
    };
    let config = match config_for(req.config.as_deref(), env) {
        Ok(c) => c,
        Err(problems) => return setup_failed(&formats, &problems),
    };
    let engine = match load(&req.rules, config.as_ref(), env) {
        Ok(e) => e,
        Err(problems) => return setup_failed(&formats, &problems),
    };
    let mut settings = match Settings::new(config.as_ref(), &req.flags, &engine, &env.cwd) {
        Ok(s) => s,
        Err(problems) => {
            let mut setup = Vec::new();
            for p in problems {
                match p {
                    Problem::Config(e) => {
                        complain_all(env, [e.as_ref()]);
                        setup.push(SetupError::from(e.as_ref()));
                    }
                    Problem::Flag(msg) => {
                        complain(&format!("error: {msg}\n"));
                        setup.push(SetupError::plain("ieplint::flag", "the command line", msg));
                    }
                }
            }
            return setup_failed(&formats, &setup);
        }
    };
    if config.is_none() {
        if let Some(root) = runner::repository_root(&env.cwd) {
            settings.relative_to(&root);
        }
    }
    let inputs = inputs(req, &settings);
    if inputs.is_empty() {
        // Files named one by one and all excluded (pre-commit on a commit
        // that touches no plan) is nothing to do, not a mistake.
        let named_only = (!req.paths.is_empty() || req.stdin_filename.is_some())
            && !req.paths.iter().any(|p| p.is_dir());
        if req.force_exclude && named_only {
            return Status::Clean;
        }
        complain("error: no plan files (*.json) found in the given paths\n");
        return Status::Trouble;
    }

    let job = Job {
        engine: &engine,
        settings: &settings,
        today: env.today,
        keep_text: formats.iter().any(|(f, _)| *f == Format::Human),
    };
    let run = runner::lint_all(&job, &inputs);
    let mut results = run.results;
    if let Some(c) = &config {
        let options = settings.base_options(&engine);
        let cx = LintContext {
            options: &options,
            suppressions: &settings.suppressions,
            today: env.today,
            keep_text: true,
        };
        let rel_path = settings.relative(&PathBuf::from(c.source.name.as_ref()));
        results.extend(engine.config_report(
            &c.source,
            &rel_path,
            &settings.suppressions,
            &run.uses,
            &cx,
        ));
    }

    if let Some(path) = &req.write_baseline {
        let (text, count) = Baseline::render(&results);
        return match write_atomic(path, &text) {
            Ok(()) => {
                complain(&format!(
                    "wrote {count} finding{} to the baseline {}\n",
                    plural(count),
                    path.display()
                ));
                Status::Clean
            }
            Err(e) => {
                complain(&format!(
                    "error: cannot write the baseline {}: {e}\n",
                    path.display()
                ));
                Status::Trouble
            }
        };
    }
    let mut baselined = 0;
    if let Some(path) = &req.baseline {
        let read = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| Baseline::parse(&text));
        match read {
            Ok(b) => baselined = b.filter(&mut results),
            Err(msg) => {
                complain(&format!(
                    "error: cannot use the baseline {}: {msg}\n",
                    path.display()
                ));
                return Status::Trouble;
            }
        }
    }

    let mut ctx = Context::new(&engine, DOCS_URL);
    ctx.root = Some(settings.base().to_string_lossy().into_owned());
    let statistics_on_stdout = req.statistics
        && formats
            .iter()
            .any(|(f, file)| *f == Format::Human && file.is_none());
    for (format, file) in &formats {
        let (format, style) = match (format, file) {
            (Format::Human, None) if req.statistics => (Format::Statistics, env.stdout),
            (_, None) => (*format, env.stdout),
            (_, Some(_)) => (
                *format,
                Style {
                    color: false,
                    ..env.stdout
                },
            ),
        };
        let text = format.emitter(style).emit(&results, &ctx);
        match file {
            None => emit(&text),
            Some(path) => {
                if let Err(e) = write_atomic(path, &text) {
                    complain(&format!("error: cannot write {}: {e}\n", path.display()));
                    return Status::Trouble;
                }
            }
        }
    }
    if req.statistics && !statistics_on_stdout {
        complain(&Format::Statistics.emitter(env.stderr).emit(&results, &ctx));
    }
    if baselined > 0 {
        complain(&format!(
            "{baselined} finding{} recorded in the baseline not shown\n",
            plural(baselined)
        ));
    }
    verdict(&Summary::of(&results), &settings)
}

/// The run stopped before linting; the problems are on standard error
/// already. The formats tools read get them too, where they were asked
/// to go, so that a tool does not find an empty output.
fn setup_failed(formats: &[(Format, Option<PathBuf>)], problems: &[SetupError]) -> Status {
    for (format, file) in formats {
        let Some(text) = setup_report(*format, problems) else {
            continue;
        };
        match file {
            None => emit(&text),
            Some(path) => {
                if let Err(e) = write_atomic(path, &text) {
                    complain(&format!("error: cannot write {}: {e}\n", path.display()));
                }
            }
        }
    }
    Status::Trouble
}

/// The status of a run from its counts and thresholds.
fn verdict(summary: &Summary, settings: &Settings) -> Status {
    let at_or_above = match settings.fail_on {
        Severity::Error => summary.errors,
        Severity::Warning => summary.errors + summary.warnings,
        Severity::Info => summary.errors + summary.warnings + summary.infos,
    };
    if summary.unreadable > 0 {
        Status::Trouble
    } else if at_or_above > 0 || settings.max_warnings.is_some_and(|m| summary.warnings > m) {
        Status::Findings
    } else {
        Status::Clean
    }
}

/// The plans named: standard input, files as given, folders walked with
/// the configured excludes (and, with `--force-exclude`, files too).
fn inputs(req: &CheckRequest, settings: &Settings) -> Vec<Input> {
    let paths = if req.paths.is_empty() {
        // With --stdin-filename and no path, the plan comes on standard input.
        let default = if req.stdin_filename.is_some() {
            "-"
        } else {
            "."
        };
        vec![PathBuf::from(default)]
    } else {
        req.paths.clone()
    };
    let excluded =
        |p: &Path| settings.is_excluded(p) || (req.force_exclude && runner::walk_skips(p));
    let mut inputs = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            let as_path = req.stdin_filename.clone();
            if req.force_exclude && as_path.as_deref().is_some_and(excluded) {
                continue;
            }
            let name = as_path
                .as_ref()
                .map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
            let mut bytes = Vec::new();
            inputs.push(match std::io::stdin().read_to_end(&mut bytes) {
                Ok(_) => match crate::document::decode(bytes) {
                    Ok(text) => Input::Text(name, text, as_path),
                    Err(e) => Input::Unreadable(name, e),
                },
                Err(e) => Input::Broken(name, format!("cannot read standard input: {e}")),
            });
        } else if p.is_dir() {
            inputs.extend(
                runner::expand(std::slice::from_ref(p))
                    .into_iter()
                    .filter(|i| !matches!(i, Input::File(f) if settings.is_excluded(f))),
            );
        } else if !(req.force_exclude && excluded(p)) {
            inputs.extend(runner::expand(std::slice::from_ref(p)));
        }
    }
    inputs
}

/// `--format FORMAT[=FILE]` and `--output FILE`, checked.
fn outputs(req: &CheckRequest) -> Result<Vec<(Format, Option<PathBuf>)>, String> {
    let mut out = Vec::new();
    let specs = if req.formats.is_empty() {
        vec!["human".to_string()]
    } else {
        req.formats.clone()
    };
    for spec in &specs {
        let (name, file) = match spec.split_once('=') {
            Some((n, f)) => (n, Some(PathBuf::from(f))),
            None => (spec.as_str(), None),
        };
        let format = name
            .parse::<Format>()
            .map_err(|e| format!("--format {name}: {e}"))?;
        out.push((format, file));
    }
    if let Some(file) = &req.output {
        let mut to_stdout = out.iter_mut().filter(|(_, f)| f.is_none());
        match (to_stdout.next(), to_stdout.next()) {
            (Some(first), None) => first.1 = Some(file.clone()),
            (None, _) => return Err("--output: every --format already names its file".into()),
            (Some(_), Some(_)) => return Err("--output: several formats go to standard output; give each its file with --format FORMAT=FILE".into()),
        }
    }
    if out.iter().filter(|(_, f)| f.is_none()).count() > 1 {
        return Err("only one format can go to standard output; write the others to files with --format FORMAT=FILE".into());
    }
    Ok(out)
}
