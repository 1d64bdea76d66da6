//! The `ieplint` command: arguments, output and exit codes only; the work
//! is in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use ieplint::pack_error::SourceFile;
use ieplint::report::{self, human, Summary};
use ieplint::runner::{self, Input};
use ieplint::{packs, selection, Linter};

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
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
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
    #[arg(long, value_enum, default_value_t = Profile::Draft)]
    profile: Profile,
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
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// The rule id, e.g. `para.absence-plan`.
    rule: String,
    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Readable reports with the plan snippet underlined.
    Human,
    /// One JSON document (see docs/output-json.md).
    Json,
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

/// Loads the built-in packs plus `--rules`; prints problems; `None` when
/// a pack has an error.
fn load(args: &PackArgs, color: Color) -> Option<Linter> {
    let mut files = packs::builtin();
    let mut unreadable = false;
    for path in &args.rules {
        match pack_files(path) {
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

/// A rule pack file, or every `*.rules` file under a folder, sorted.
fn pack_files(path: &Path) -> Result<Vec<SourceFile>, String> {
    let mut paths = Vec::new();
    if path.is_dir() {
        for entry in ignore::WalkBuilder::new(path).build() {
            let entry = entry.map_err(|e| e.to_string())?;
            if entry.path().extension().is_some_and(|x| x == "rules") {
                paths.push(entry.into_path());
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err("the folder has no *.rules files".into());
        }
    } else {
        paths.push(path.to_path_buf());
    }
    paths
        .into_iter()
        .map(|p| {
            std::fs::read_to_string(&p)
                .map(|text| SourceFile::new(p.display().to_string(), text))
                .map_err(|e| e.to_string())
        })
        .collect()
}

fn check(args: CheckArgs) -> u8 {
    let Some(mut linter) = load(&args.packs, args.color) else {
        return EXIT_TROUBLE;
    };
    for (list, flag) in [(&args.select, "--select"), (&args.ignore, "--ignore")] {
        let unknown = selection::unknown(list, linter.rules());
        if let Some((name, suggestion)) = unknown.first() {
            let hint = suggestion
                .as_ref()
                .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
            complain(&format!(
                "error: {flag} {name}: no rule has this id or pack name{hint}\n  `ieplint rules` lists them\n"
            ));
            return EXIT_TROUBLE;
        }
    }
    linter.retain(|r| selection::keeps(&r.id, &args.select, &args.ignore));
    linter.set_profile(match args.profile {
        Profile::Draft => "draft",
        Profile::Template => "template",
    });

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
        } else {
            inputs.extend(runner::expand(std::slice::from_ref(p)));
        }
    }
    if inputs.is_empty() {
        complain("error: no plan files (*.json) found in the given paths\n");
        return EXIT_TROUBLE;
    }
    let results = runner::lint_all(&linter, &inputs);
    let text = match args.format {
        Format::Human => human::render(&results, style(args.color)),
        Format::Json => report::json::render(&results),
    };
    emit(&text);
    let summary = Summary::of(&results);
    if summary.unreadable > 0 {
        EXIT_TROUBLE
    } else if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        EXIT_FINDINGS
    } else {
        0
    }
}

fn rules(args: RulesArgs) -> u8 {
    let Some(linter) = load(&args.packs, Color::Auto) else {
        return EXIT_TROUBLE;
    };
    match args.format {
        Format::Json => {
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
        Format::Human => {
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
    let Some(linter) = load(&args.packs, Color::Auto) else {
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
