//! `ieplint check`: plans found on disk, linted, filtered by a baseline,
//! written in every format asked for.

use std::path::{Path, PathBuf};

use super::{complain, complain_all, config_for, emit, load, plural, Env, Status};
use crate::baseline::Baseline;
use crate::engine::LintContext;
use crate::finding::Severity;
use crate::inputs::{self, Input, Inputs};
use crate::output::{write_atomic, Destination};
use crate::report::{setup_report, Context, Emitter, Format, SetupError, Style, DOCS_URL};
use crate::results::{FileResult, Outcome, Summary, Wants};
use crate::runner::{self, Job};
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
    // Never freed: the process ends after this run, and taking apart
    // thousands of compiled expressions and patterns took about half a
    // millisecond of a run on one plan.
    let engine = match load(&req.rules, config.as_ref(), env) {
        Ok(e) => std::mem::ManuallyDrop::new(e),
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
        if let Some(root) = inputs::repository_root(&env.cwd) {
            settings.relative_to(&root);
        }
    }
    let inputs = plans(req, &settings);
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

    let mut baseline = match &req.baseline {
        None => None,
        Some(path) => {
            let read = std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|text| Baseline::parse(&text));
            match read {
                Ok(b) => Some(b),
                Err(msg) => {
                    complain(&format!(
                        "error: cannot use the baseline {}: {msg}\n",
                        path.display()
                    ));
                    return Status::Trouble;
                }
            }
        }
    };
    let mut ctx = Context::new(&engine, DOCS_URL);
    ctx.root = Some(settings.base().to_string_lossy().into_owned());
    let mut sinks = match &req.write_baseline {
        Some(_) => Vec::new(),
        None => match sinks(req, &formats, env) {
            Ok(s) => s,
            Err(msg) => {
                complain(&format!("error: {msg}\n"));
                return Status::Trouble;
            }
        },
    };
    if let Some(target) = sinks.iter().find_map(|s| s.overwrites(&inputs)) {
        complain(&format!(
            "error: {target} is one of the plans being checked; write the report to another file\n"
        ));
        return Status::Trouble;
    }
    let mut recorded = req.write_baseline.as_ref().map(|_| Baseline::default());
    let mut summary = Summary::default();
    let mut baselined = 0;
    let mut failed = Vec::new();

    let job = Job {
        engine: &engine,
        settings: &settings,
        today: env.today,
        wants: formats.iter().fold(
            Wants {
                identity: baseline.is_some() || recorded.is_some(),
                ..Wants::default()
            },
            |w, (f, _)| w.with(f.wants()),
        ),
    };
    let begun = sinks_begin(&mut sinks, &ctx);
    let mut handle = |mut result: FileResult| -> Result<(), String> {
        if let Some(b) = &mut baseline {
            baselined += b.filter(&mut result);
        }
        if let Some(b) = &mut recorded {
            b.record(&result);
        }
        if let Outcome::Failed(e) = &result.outcome {
            failed.push(match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}: {}", result.path, e.message),
                _ => format!("{}: {}", result.path, e.message),
            });
        }
        summary.add(&result);
        for sink in &mut sinks {
            sink.file(&result, &ctx)?;
        }
        Ok(())
    };
    let run = begun.and_then(|()| runner::lint_each(&job, &inputs, &mut handle));
    let ended = run.and_then(|uses| {
        let Some(c) = &config else { return Ok(()) };
        let options = settings.base_options(&engine);
        let cx = LintContext {
            options: &options,
            suppressions: &settings.suppressions,
            today: env.today,
            wants: Wants::ALL,
        };
        let rel_path = settings.relative(&PathBuf::from(c.source.name.as_ref()));
        match engine.config_report(&c.source, &rel_path, &settings.suppressions, &uses, &cx) {
            Some(result) => handle(result),
            None => Ok(()),
        }
    });
    let finished = ended.and_then(|()| {
        sinks
            .into_iter()
            .try_for_each(|sink| sink.finish(&summary, &ctx))
    });
    if let Err(msg) = finished {
        complain(&format!("error: {msg}\n"));
        return Status::Trouble;
    }

    if let (Some(path), Some(recorded)) = (&req.write_baseline, recorded) {
        if !failed.is_empty() {
            for f in &failed {
                complain(&format!("error: {f}\n"));
            }
            complain(&format!(
                "error: the baseline {} was not written: {} could not be read, and a baseline \
                 without its findings would hide them; fix the file{} above and run again\n",
                path.display(),
                match failed.len() {
                    1 => "a plan".to_string(),
                    n => format!("{n} plans"),
                },
                plural(failed.len())
            ));
            return Status::Trouble;
        }
        let (text, count) = recorded.render();
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
    if baselined > 0 {
        complain(&format!(
            "{baselined} finding{} recorded in the baseline not shown\n",
            plural(baselined)
        ));
    }
    verdict(&summary, &settings)
}

/// One output of the run: a format's emitter and where it writes.
struct Sink {
    emitter: Box<dyn Emitter>,
    destination: Destination,
    /// How the destination is named in errors.
    name: String,
    /// Standard output was closed by its reader (`| head`): not an error,
    /// nothing more is written there.
    closed: bool,
}

impl Sink {
    fn new(format: Format, style: Style, destination: Destination, name: String) -> Self {
        Sink {
            emitter: format.emitter(style),
            destination,
            name,
            closed: false,
        }
    }

    /// A write's error in words, or none for a closed standard output.
    fn failed(&mut self, e: &std::io::Error) -> Result<(), String> {
        if e.kind() == std::io::ErrorKind::BrokenPipe && self.destination.is_standard() {
            self.closed = true;
            return Ok(());
        }
        Err(format!("cannot write {}: {e}", self.name))
    }

    fn file(&mut self, result: &FileResult, ctx: &Context) -> Result<(), String> {
        if self.closed {
            return Ok(());
        }
        match self.emitter.file(self.destination.writer(), result, ctx) {
            Ok(()) => Ok(()),
            Err(e) => self.failed(&e),
        }
    }

    fn finish(mut self, summary: &Summary, ctx: &Context) -> Result<(), String> {
        if self.closed {
            return Ok(());
        }
        let done = self.emitter.finish(self.destination.writer(), summary, ctx);
        if let Err(e) = done {
            return self.failed(&e);
        }
        let name = std::mem::take(&mut self.name);
        match self.destination.commit() {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(format!("cannot write {name}: {e}")),
        }
    }

    /// The input this output would overwrite, if any.
    fn overwrites(&self, inputs: &Inputs) -> Option<String> {
        let target = self.destination.target()?;
        let canonical = std::fs::canonicalize(target).ok()?;
        inputs.iter().find_map(|i| match &*i {
            Input::File(p)
                if p.file_name() == canonical.file_name()
                    && std::fs::canonicalize(p).is_ok_and(|c| c == canonical) =>
            {
                Some(p.display().to_string())
            }
            _ => None,
        })
    }
}

/// Starts every output.
fn sinks_begin(sinks: &mut [Sink], ctx: &Context) -> Result<(), String> {
    for sink in sinks {
        if let Err(e) = sink.emitter.begin(sink.destination.writer(), ctx) {
            sink.failed(&e)?;
        }
    }
    Ok(())
}

/// The outputs asked for, opened: each format to its file or to standard
/// output, and `--statistics` to standard output in place of the human
/// report, or else to standard error.
fn sinks(
    req: &CheckRequest,
    formats: &[(Format, Option<PathBuf>)],
    env: &Env,
) -> Result<Vec<Sink>, String> {
    let mut sinks = Vec::new();
    let mut statistics_shown = false;
    for (format, file) in formats {
        let sink = match file {
            None => {
                let format = if *format == Format::Human && req.statistics {
                    statistics_shown = true;
                    Format::Statistics
                } else {
                    *format
                };
                Sink::new(
                    format,
                    env.stdout,
                    Destination::stdout(),
                    "standard output".into(),
                )
            }
            Some(path) => {
                let destination = Destination::file(path)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                let style = Style {
                    color: false,
                    ..env.stdout
                };
                Sink::new(*format, style, destination, path.display().to_string())
            }
        };
        sinks.push(sink);
    }
    if req.statistics && !statistics_shown {
        sinks.push(Sink::new(
            Format::Statistics,
            env.stderr,
            Destination::stderr(),
            "standard error".into(),
        ));
    }
    Ok(sinks)
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
fn plans(req: &CheckRequest, settings: &Settings) -> Inputs {
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
        |p: &Path| settings.is_excluded(p) || (req.force_exclude && inputs::walk_skips(p));
    let mut found = Inputs::default();
    for p in &paths {
        if p.as_os_str() == "-" {
            let as_path = req.stdin_filename.clone();
            if req.force_exclude && as_path.as_deref().is_some_and(excluded) {
                continue;
            }
            let name = as_path
                .as_ref()
                .map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
            found.push(match runner::read_capped(std::io::stdin().lock()) {
                Ok(bytes) => match crate::document::decode(bytes) {
                    Ok(text) => Input::Text(Box::new((name, text, as_path))),
                    Err(e) => Input::Unreadable(Box::new((name, e))),
                },
                Err(runner::Capped::TooLarge) => {
                    Input::Unreadable(Box::new((name, runner::too_large(None))))
                }
                Err(runner::Capped::Io(e)) => {
                    Input::broken(name, format!("cannot read standard input: {e}"))
                }
            });
        } else if p.is_dir() {
            found.push_path(p, &|f| !settings.is_excluded(f));
        } else if !(req.force_exclude && excluded(p)) {
            found.push_path(p, &|_| true);
        }
    }
    found
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
