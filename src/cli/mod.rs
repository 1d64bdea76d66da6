//! The commands of the `ieplint` binary over the engine: finding the
//! configuration, reading packs and plans from disk, writing outputs.
//! The binary parses flags and reads the environment into [`Env`]; these
//! functions return a [`Status`] it turns into an exit code.

mod check;
mod info;
mod test;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

pub use check::{check, CheckRequest};
pub use info::{explain, init, rules, schema, ListFormat};
pub use test::{test, TestRequest};

use crate::config::{self, ConfigFile};
use crate::engine::Engine;
use crate::pack_error::{PackError, SourceFile};
use crate::packs;
use crate::report::human::{self, Style};
use crate::report::SetupError;
use crate::runner;
use crate::schema::Schema;
use miette::Diagnostic;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing at or above the threshold.
    Clean,
    /// Findings at or above the threshold.
    Findings,
    /// A usage error, a rule pack or configuration with errors, or a plan
    /// that could not be read.
    Trouble,
}

/// What the command may know of its surroundings, read by the binary.
#[derive(Debug, Clone)]
pub struct Env {
    /// The current folder, absolute.
    pub cwd: PathBuf,
    /// Today, for suppressions that expire.
    pub today: Date,
    /// How human text on standard output is drawn.
    pub stdout: Style,
    /// How diagnostics on standard error are drawn.
    pub stderr: Style,
}

/// Writes to standard output; a closed pipe is not an error.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Writes to standard error.
fn complain(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Draws located problems on standard error.
fn complain_all<'a>(env: &Env, problems: impl IntoIterator<Item = &'a PackError>) {
    let handler = human::handler(env.stderr);
    for p in problems {
        complain(&human::draw(&handler, p as &dyn Diagnostic));
    }
}

/// "s" when `n` is not one.
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Finds (the nearest `ieplint.toml` above the current folder) or reads the
/// named configuration; prints its problems and returns them.
fn config_for(explicit: Option<&Path>, env: &Env) -> Result<Option<ConfigFile>, Vec<SetupError>> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => env
            .cwd
            .ancestors()
            .map(|d| d.join(config::FILE_NAME))
            .find(|p| p.is_file()),
    };
    let Some(path) = path else { return Ok(None) };
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            complain(&format!("error: cannot read {shown}: {e}\n"));
            return Err(vec![SetupError::plain(
                "ieplint::config::unreadable",
                shown,
                format!("cannot read it: {e}"),
            )]);
        }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    config::parse(SourceFile::new(shown.as_str(), text), dir)
        .map(Some)
        .map_err(|problems| {
            complain_all(env, &problems);
            complain(&format!(
                "error: {shown} has problems; no plan was linted\n"
            ));
            problems.iter().map(SetupError::from).collect()
        })
}

/// Loads the built-in packs, the config file's packs and `--rules` (each
/// file once, however it is named); prints problems; `None` when a pack
/// has an error.
fn load(
    rules: &[PathBuf],
    config: Option<&ConfigFile>,
    env: &Env,
) -> Result<Engine, Vec<SetupError>> {
    let schema = plan_schema()?;
    let files = pack_files(rules, config)?;
    let loaded = Engine::load_on(&files, schema, &runner::AllCores);
    complain_all(env, &loaded.problems);
    if loaded.engine.is_none() {
        let errors = loaded.problems.iter().filter(|p| !p.is_warning).count();
        complain(&format!(
            "error: the rule packs have {errors} problem{}; no plan was linted\n",
            plural(errors)
        ));
    }
    loaded
        .engine
        .ok_or_else(|| loaded.problems.iter().map(SetupError::from).collect())
}

/// The plan format the packs' paths are checked against.
fn plan_schema() -> Result<Schema, Vec<SetupError>> {
    Schema::plan().map_err(|e| {
        complain(&format!("error: {e}\n"));
        vec![SetupError::plain(
            "ieplint::schema",
            "the plan schema",
            e.to_string(),
        )]
    })
}

/// The pack files of a run: the built-in ones, then the config file's
/// and `--rules` (each file once, however it is named; one named like a
/// built-in pack replaces it). Unreadable ones are printed and returned.
fn pack_files(
    rules: &[PathBuf],
    config: Option<&ConfigFile>,
) -> Result<Vec<SourceFile>, Vec<SetupError>> {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    let mut unreadable = Vec::new();
    let from_config = config
        .into_iter()
        .flat_map(|c| c.config.rules.iter().map(|r| c.dir.join(r)));
    for path in from_config.chain(rules.iter().cloned()) {
        match packs::from_path(&path) {
            Ok(found) => files.extend(
                found
                    .into_iter()
                    .filter(|(key, _)| seen.insert(key.clone()))
                    .map(|(_, f)| f),
            ),
            Err(msg) => {
                complain(&format!(
                    "error: cannot read rule pack {}: {msg}\n",
                    path.display()
                ));
                unreadable.push(SetupError::plain(
                    "ieplint::rules::unreadable",
                    path.display().to_string(),
                    format!("cannot read the rule pack: {msg}"),
                ));
            }
        }
    }
    if unreadable.is_empty() {
        Ok(packs::with_builtin(files))
    } else {
        Err(unreadable)
    }
}
