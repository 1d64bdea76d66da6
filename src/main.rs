//! The `ieplint` command: arguments, output and exit codes only; the work
//! is in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

/// Evaluation allocates many small values; mimalloc makes a run about a
/// quarter faster than the system allocator and scales better on threads
/// (figures in the notes of the issue that added it).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use ieplint::finding::Severity;
use ieplint::report::{self, human, Context, Summary};
use ieplint::runner::{self, Input, Job};
use ieplint::settings::{Flags, Problem, Settings};
use ieplint::{config, packs, suppress, Linter};

/// Lints IEP plan documents (JSON) against rule packs and reports what is
/// missing or weak, with the place in the file, the reason and the law.
#[derive(Parser)]
#[command(name = "ieplint", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint plan files (or folders of *.json; `-` reads standard input).
    Check(CheckArgs),
    /// List every rule: id, severity, summary and citation.
    Rules(RulesArgs),
    /// Print a rule's documentation: what it checks, why, and examples.
    Explain(ExplainArgs),
    /// Print the JSON Schema (draft 2020-12) of the plan format, for editors.
    Schema,
    /// Write a commented starter ieplint.toml in the current folder.
    Init(InitArgs),
}

#[derive(clap::Args)]
struct PackArgs {
    /// Extra rule pack files or folders of *.rules files (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Plan files or folders; `-` for standard input. Default: the current folder.
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    packs: PackArgs,
    /// Output format, optionally written to a file: `human`, `json`,
    /// `sarif`, `github`, `junit`, `markdown`; `sarif=results.sarif`
    /// writes that format to a file. Repeatable.
    #[arg(long, value_name = "FORMAT[=FILE]")]
    format: Vec<String>,
    /// Write the (single) format to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only these rules: ids or pack names like `para` (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Skip these rules: ids or pack names (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Exit with 1 on warnings too, not only errors.
    #[arg(long)]
    deny_warnings: bool,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// `draft` (default) reports placeholders; `template` accepts them but
    /// still requires every field.
    #[arg(long, value_enum)]
    profile: Option<Profile>,
    /// The configuration file (default: the nearest ieplint.toml above the
    /// current folder).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Report only findings that this baseline does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in a baseline file and exit.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Print how many findings each rule produced.
    #[arg(long)]
    statistics: bool,
}

#[derive(clap::Args)]
struct InitArgs {
    /// Replace an existing ieplint.toml.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Profile {
    /// A plan being written for a child: placeholders are findings.
    Draft,
    /// A district template: placeholders are expected.
    Template,
}

#[derive(clap::Args)]
struct RulesArgs {
    #[command(flatten)]
    packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    /// A table.
    Human,
    /// A JSON list.
    Json,
    /// The rule reference, as in docs/rules.md.
    Markdown,
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// The rule id, e.g. `para.absence-plan`.
    rule: String,
    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Readable reports with the plan snippet underlined.
    Human,
    /// One JSON document (see docs/output-json.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// JUnit XML.
    Junit,
    /// A Markdown summary for pull requests.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage,
/// rule pack or input errors.
const EXIT_FINDINGS: u8 = 1;
const EXIT_TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_TROUBLE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::Schema => {
            emit(ieplint::schema::SCHEMA);
            0
        }
        Command::Init(args) => init(&args),
    };
    ExitCode::from(code)
}

fn style(color: Color) -> human::Style {
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    human::Style { color, width }
}

/// Writes to standard output; a closed pipe is not an error.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn complain(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Loads the built-in packs, the config file's packs and `--rules`;
/// prints problems; `None` when a pack has an error.
fn load(args: &PackArgs, config: Option<&config::Loaded>, color: Color) -> Option<Linter> {
    let mut files = packs::builtin();
    let mut unreadable = false;
    let from_config = config
        .into_iter()
        .flat_map(|c| c.config.rules.iter().map(|r| c.dir.join(r)));
    for path in from_config.chain(args.rules.iter().cloned()) {
        let path = &path;
        match packs::from_path(path) {
            Ok(found) => files.extend(found),
            Err(msg) => {
                complain(&format!(
                    "error: cannot read rule pack {}: {msg}\n",
                    path.display()
                ));
                unreadable = true;
            }
        }
    }
    if unreadable {
        return None;
    }
    let loaded = Linter::load(&files);
    let handler = human::handler(human::Style {
        color: matches!(color, Color::Always),
        ..style(Color::Never)
    });
    for problem in &loaded.problems {
        complain(&human::draw(&handler, problem));
    }
    if loaded.linter.is_none() {
        let errors = loaded.problems.iter().filter(|p| !p.is_warning).count();
        complain(&format!(
            "error: the rule packs have {errors} problem{}; no plan was linted\n",
            if errors == 1 { "" } else { "s" }
        ));
    }
    loaded.linter
}

/// Finds and reads the configuration; prints its problems.
fn config_for(explicit: Option<&Path>) -> Result<Option<config::Loaded>, ()> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| config::discover(&d)),
    };
    let Some(path) = path else { return Ok(None) };
    match config::load(&path) {
        Ok(c) => Ok(Some(c)),
        Err(problems) => {
            let handler = human::handler(style(Color::Never));
            for p in &problems {
                complain(&human::draw(&handler, p));
            }
            complain(&format!(
                "error: {} has problems; no plan was linted\n",
                path.display()
            ));
            Err(())
        }
    }
}

/// `--format FORMAT[=FILE]` and `--output FILE`, checked.
fn outputs(args: &CheckArgs) -> Result<Vec<(Format, Option<PathBuf>)>, String> {
    let mut out = Vec::new();
    let specs = if args.format.is_empty() {
        vec!["human".to_string()]
    } else {
        args.format.clone()
    };
    for spec in &specs {
        let (name, file) = match spec.split_once('=') {
            Some((n, f)) => (n, Some(PathBuf::from(f))),
            None => (spec.as_str(), None),
        };
        let format = Format::from_str(name, true).map_err(|_| {
            format!(
                "--format {name}: not a format; use human, json, sarif, github, junit or markdown"
            )
        })?;
        out.push((format, file));
    }
    if let Some(file) = &args.output {
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

fn check(args: CheckArgs) -> u8 {
    let formats = match outputs(&args) {
        Ok(f) => f,
        Err(msg) => {
            complain(&format!("error: {msg}\n"));
            return EXIT_TROUBLE;
        }
    };
    let Ok(config) = config_for(args.config.as_deref()) else {
        return EXIT_TROUBLE;
    };
    let Some(linter) = load(&args.packs, config.as_ref(), args.color) else {
        return EXIT_TROUBLE;
    };
    let flags = Flags {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        profile: args.profile.map(|p| match p {
            Profile::Draft => "draft".to_string(),
            Profile::Template => "template".to_string(),
        }),
        deny_warnings: args.deny_warnings,
    };
    let settings = match Settings::new(config.as_ref(), &flags, linter.rules()) {
        Ok(s) => s,
        Err(problems) => {
            let handler = human::handler(style(Color::Never));
            for p in problems {
                match p {
                    Problem::Config(e) => complain(&human::draw(&handler, e.as_ref())),
                    Problem::Flag(msg) => complain(&format!("error: {msg}\n")),
                }
            }
            return EXIT_TROUBLE;
        }
    };

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut inputs = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            let mut text = String::new();
            match std::io::stdin().read_to_string(&mut text) {
                Ok(_) => inputs.push(Input::Text("<stdin>".into(), Arc::from(text))),
                Err(e) => inputs.push(Input::Broken(
                    "<stdin>".into(),
                    format!("cannot read standard input: {e}"),
                )),
            }
        } else if p.is_dir() {
            inputs.extend(
                runner::expand(std::slice::from_ref(p))
                    .into_iter()
                    .filter(|i| !matches!(i, Input::File(f) if settings.is_excluded(f))),
            );
        } else {
            inputs.extend(runner::expand(std::slice::from_ref(p)));
        }
    }
    if inputs.is_empty() {
        complain("error: no plan files (*.json) found in the given paths\n");
        return EXIT_TROUBLE;
    }

    let suppressions = config
        .as_ref()
        .map(suppress::from_config)
        .unwrap_or_default();
    let job = Job {
        linter: &linter,
        settings: &settings,
        suppressions: &suppressions,
        today: suppress::today(),
        keep_text: formats.iter().any(|(f, _)| *f == Format::Human),
    };
    let run = runner::lint_all(&job, &inputs);
    let mut results = run.results;
    if let Some(c) = &config {
        if let Some(r) = suppress::config_findings(
            c,
            &settings,
            &suppressions,
            &run.used,
            &run.concerned,
            job.today,
        ) {
            results.push(r);
        }
    }

    if let Some(path) = &args.write_baseline {
        let text = ieplint::baseline::Baseline::render(&results);
        let count = text.matches("\"fingerprint\"").count();
        return match ieplint::output::write_atomic(path, &text) {
            Ok(()) => {
                complain(&format!(
                    "wrote {count} finding{} to the baseline {}\n",
                    if count == 1 { "" } else { "s" },
                    path.display()
                ));
                0
            }
            Err(e) => {
                complain(&format!(
                    "error: cannot write the baseline {}: {e}\n",
                    path.display()
                ));
                EXIT_TROUBLE
            }
        };
    }
    let mut baselined = 0;
    if let Some(path) = &args.baseline {
        match ieplint::baseline::Baseline::read(path) {
            Ok(b) => baselined = b.filter(&mut results),
            Err(msg) => {
                complain(&format!("error: {msg}\n"));
                return EXIT_TROUBLE;
            }
        }
    }

    let ctx = Context::new(&linter, report::DOCS_URL);
    for (format, file) in &formats {
        let text = match format {
            Format::Human if args.statistics && file.is_none() => {
                report::statistics::render(&results)
            }
            Format::Human => human::render(
                &results,
                style(if file.is_some() {
                    Color::Never
                } else {
                    args.color
                }),
            ),
            Format::Json => report::json::render(&results),
            Format::Sarif => report::sarif::render(&results, &ctx),
            Format::Github => report::github::render(&results),
            Format::Junit => report::junit::render(&results, &ctx),
            Format::Markdown => report::markdown::render(&results),
        };
        match file {
            None => emit(&text),
            Some(path) => {
                if let Err(e) = ieplint::output::write_atomic(path, &text) {
                    complain(&format!("error: cannot write {}: {e}\n", path.display()));
                    return EXIT_TROUBLE;
                }
            }
        }
    }
    if args.statistics
        && !formats
            .iter()
            .any(|(f, file)| *f == Format::Human && file.is_none())
    {
        complain(&report::statistics::render(&results));
    }
    if baselined > 0 {
        complain(&format!(
            "{baselined} finding{} recorded in the baseline not shown\n",
            if baselined == 1 { "" } else { "s" }
        ));
    }
    let summary = Summary::of(&results);
    let at_or_above = |s: Severity| match s {
        Severity::Error => summary.errors,
        Severity::Warning => summary.errors + summary.warnings,
        Severity::Info => summary.errors + summary.warnings + summary.infos,
    };
    if summary.unreadable > 0 {
        EXIT_TROUBLE
    } else if at_or_above(settings.fail_on) > 0
        || settings.max_warnings.is_some_and(|m| summary.warnings > m)
    {
        EXIT_FINDINGS
    } else {
        0
    }
}

fn init(args: &InitArgs) -> u8 {
    let path = PathBuf::from(config::FILE_NAME);
    if path.exists() && !args.force {
        complain(&format!(
            "error: {} already exists; use --force to replace it\n",
            path.display()
        ));
        return EXIT_TROUBLE;
    }
    match ieplint::output::write_atomic(&path, config::STARTER) {
        Ok(()) => {
            complain(&format!("wrote {}\n", path.display()));
            0
        }
        Err(e) => {
            complain(&format!("error: cannot write {}: {e}\n", path.display()));
            EXIT_TROUBLE
        }
    }
}

fn rules(args: RulesArgs) -> u8 {
    let Ok(config) = config_for(None) else {
        return EXIT_TROUBLE;
    };
    let Some(linter) = load(&args.packs, config.as_ref(), Color::Auto) else {
        return EXIT_TROUBLE;
    };
    match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = linter
                .rules()
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": &*r.id,
                        "pack": &*r.pack,
                        "severity": r.severity,
                        "summary": r.summary,
                        "cite": r.cite.as_deref(),
                        "documented": r.why.is_some() && r.examples.iter().any(|e| e.fails) && r.examples.iter().any(|e| !e.fails),
                        "origin": &*r.origin,
                    })
                })
                .collect();
            emit(&format!(
                "{}\n",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            ));
        }
        ListFormat::Markdown => emit(&report::reference::render(&linter)),
        ListFormat::Human => {
            let width = linter.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for r in linter.rules() {
                out.push_str(&format!(
                    "{:width$}  {:7}  {}\n",
                    r.id,
                    r.severity.as_str(),
                    r.summary
                ));
                if let Some(cite) = &r.cite {
                    out.push_str(&format!("{:width$}  {:7}  cite: {cite}\n", "", ""));
                }
            }
            emit(&out);
        }
    }
    0
}

fn explain(args: ExplainArgs) -> u8 {
    let Ok(config) = config_for(None) else {
        return EXIT_TROUBLE;
    };
    let Some(linter) = load(&args.packs, config.as_ref(), Color::Auto) else {
        return EXIT_TROUBLE;
    };
    let Some(rule) = linter.rules().iter().find(|r| *r.id == args.rule) else {
        let ids = linter.rules().iter().map(|r| r.id.as_ref());
        let hint = ieplint::pack_error::did_you_mean(&args.rule, ids)
            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        complain(&format!(
            "error: no rule `{}`{hint}\n  `ieplint rules` lists them\n",
            args.rule
        ));
        return EXIT_TROUBLE;
    };
    let mut out = format!("{}  ({})\n\n{}\n", rule.id, rule.severity, rule.summary);
    if let Some(cite) = &rule.cite {
        out.push_str(&format!("\nCitation: {cite}\n"));
    }
    if let Some(why) = &rule.why {
        out.push_str(&format!("\nWhy it matters\n\n{}\n", indent(why)));
    }
    for ex in &rule.examples {
        let title = if ex.fails {
            "Example that fires"
        } else {
            "Example that passes"
        };
        out.push_str(&format!("\n{title}\n\n{}\n", indent(&ex.text)));
    }
    out.push_str(&format!("\nDefined in {}\n", rule.origin));
    emit(&out);
    0
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
