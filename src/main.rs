//! The `ieplint` command: flags, environment and exit codes only; the
//! commands are in the library.

#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use ieplint::cli::{self, CheckRequest, Env, ListFormat, Status, TestRequest};
use ieplint::{Flags, Profile, Style, TestFormat};

/// Evaluation allocates many small values; mimalloc makes a run about a
/// quarter faster than the system allocator and scales better on threads
/// (figures in the notes of the issue that added it).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Test rule packs: each rule's examples and the test plans of the
    /// pack's `tests` folders must give the findings they say.
    Test(TestArgs),
    /// Print the JSON Schema (draft 2020-12) of the plan format, for editors.
    Schema,
    /// Write a commented starter ieplint.toml in the current folder.
    Init {
        /// Replace an existing ieplint.toml.
        #[arg(long)]
        force: bool,
    },
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
    /// `sarif`, `github`, `junit`, `markdown`, `html` (a report to print);
    /// `sarif=results.sarif` writes that format to a file. Repeatable.
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
    profile: Option<ProfileArg>,
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
    /// The path that standard input (`-`) stands for: its overrides,
    /// profile and excludes apply, and reports name it.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Apply `exclude` and `.gitignore` to files named on the command line
    /// too, as pre-commit and editors name every file.
    #[arg(long)]
    force_exclude: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ProfileArg {
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
    #[arg(long, value_enum, default_value_t = ListArg::Human)]
    format: ListArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListArg {
    /// A table.
    Human,
    /// A JSON list.
    Json,
    /// The rule reference, as in docs/rules.md.
    Markdown,
}

#[derive(clap::Args)]
struct TestArgs {
    /// The rule packs to test: files or folders of *.rules files (each
    /// named like a built-in pack replaces it). Default: every loaded pack.
    #[arg(value_name = "PACKS")]
    packs: Vec<PathBuf>,
    /// Also fail every rule, and every check of a rule, that no case
    /// makes fire.
    #[arg(long)]
    coverage: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormatArg::Human)]
    format: TestFormatArg,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// The configuration file (default: the nearest ieplint.toml above the
    /// current folder); its `rules` are loaded too.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum TestFormatArg {
    /// Failures and a summary.
    Human,
    /// One JSON document.
    Json,
    /// JUnit XML.
    Junit,
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// The rule id, e.g. `para.absence-plan`.
    rule: String,
    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage,
/// rule pack or input errors.
fn exit_code(status: Status) -> u8 {
    match status {
        Status::Clean => 0,
        Status::Findings => 1,
        Status::Trouble => 2,
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = match &cli.command {
        Command::Check(args) => args.color,
        Command::Test(args) => args.color,
        _ => Color::Auto,
    };
    let Some(env) = environment(color) else {
        eprintln!("error: cannot tell the current folder");
        return ExitCode::from(2);
    };
    let status = match cli.command {
        Command::Check(args) => cli::check(&request(args), &env),
        Command::Rules(args) => {
            let format = match args.format {
                ListArg::Human => ListFormat::Human,
                ListArg::Json => ListFormat::Json,
                ListArg::Markdown => ListFormat::Markdown,
            };
            cli::rules(&args.packs.rules, format, &env)
        }
        Command::Explain(args) => cli::explain(&args.rule, &args.packs.rules, &env),
        Command::Test(args) => cli::test(
            &TestRequest {
                packs: args.packs,
                coverage: args.coverage,
                format: match args.format {
                    TestFormatArg::Human => TestFormat::Human,
                    TestFormatArg::Json => TestFormat::Json,
                    TestFormatArg::Junit => TestFormat::Junit,
                },
                config: args.config,
            },
            &env,
        ),
        Command::Schema => cli::schema(),
        Command::Init { force } => cli::init(force, &env),
    };
    ExitCode::from(exit_code(status))
}

fn request(args: CheckArgs) -> CheckRequest {
    CheckRequest {
        paths: args.paths,
        stdin_filename: args.stdin_filename,
        force_exclude: args.force_exclude,
        rules: args.packs.rules,
        formats: args.format,
        output: args.output,
        flags: Flags {
            select: args.select,
            ignore: args.ignore,
            profile: args.profile.map(|p| match p {
                ProfileArg::Draft => Profile::Draft,
                ProfileArg::Template => Profile::Template,
            }),
            deny_warnings: args.deny_warnings,
        },
        config: args.config,
        baseline: args.baseline,
        write_baseline: args.write_baseline,
        statistics: args.statistics,
    }
}

/// Today's date where the user is. `Zoned::now()` also learns the name of
/// the system's time zone by listing its time zone folders, which took
/// over half a millisecond of a run on one plan; the date needs only the
/// zone's rules,
/// so `/etc/localtime` is read directly unless `TZ` says otherwise.
fn today() -> jiff::civil::Date {
    if std::env::var_os("TZ").is_none() {
        let local = std::fs::read("/etc/localtime")
            .ok()
            .and_then(|data| jiff::tz::TimeZone::tzif("localtime", &data).ok());
        if let Some(zone) = local {
            return jiff::Timestamp::now().to_zoned(zone).date();
        }
    }
    jiff::Zoned::now().date()
}

/// The current folder, today's date, and how to draw: colour when asked,
/// or on a terminal unless `NO_COLOR` is set; `COLUMNS` wide.
fn environment(color: Color) -> Option<Env> {
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let stdout_color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => !no_color && std::io::stdout().is_terminal(),
    };
    Some(Env {
        cwd: std::env::current_dir().ok()?,
        today: today(),
        stdout: Style {
            color: stdout_color,
            width,
        },
        stderr: Style {
            color: matches!(color, Color::Always),
            width,
        },
    })
}
