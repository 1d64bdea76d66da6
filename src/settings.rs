//! The settings of a run: the configuration file and the command-line
//! flags merged (flags win), and from them the options for each file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::ast::Span;
use crate::config::{self, Loaded};
use crate::finding::Severity;
use crate::pack_error::{did_you_mean, PackError};
use crate::program::CompiledRule;
use crate::selection;
use crate::{LintOptions, Linter};

/// What the command line says; `None` or empty means "not given".
#[derive(Debug, Default, Clone)]
pub struct Flags {
    /// `--select`.
    pub select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--deny-warnings` (fail on warnings).
    pub deny_warnings: bool,
}

/// Settings for the files matching some globs.
#[derive(Debug)]
struct PathOverride {
    files: GlobSet,
    profile: Option<String>,
    select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, Option<Severity>)>,
}

/// The merged settings of a run.
#[derive(Debug)]
pub struct Settings {
    select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, Option<Severity>)>,
    profile: String,
    overrides: Vec<PathOverride>,
    exclude: GlobSet,
    /// The folder relative paths start from: the config file's, else the
    /// current one.
    pub base: PathBuf,
    /// The lowest severity that fails the run.
    pub fail_on: Severity,
    /// The most warnings allowed.
    pub max_warnings: Option<usize>,
    /// Flags win over the file, overrides included.
    flags: Flags,
}

/// A problem in the settings: located in the config file, or in a flag.
pub enum Problem {
    /// In `ieplint.toml`.
    Config(Box<PackError>),
    /// On the command line.
    Flag(String),
}

impl Settings {
    /// Merges the config file (if any) and the flags, checking every rule
    /// name against the loaded rules.
    pub fn new(
        config: Option<&Loaded>,
        flags: &Flags,
        rules: &[CompiledRule],
    ) -> Result<Settings, Vec<Problem>> {
        let mut problems = Vec::new();
        let base = match config {
            Some(c) => absolute(&c.dir),
            None => absolute(Path::new(".")),
        };
        let mut select = Vec::new();
        let mut ignore = Vec::new();
        let mut severity = Vec::new();
        let mut profile = crate::DEFAULT_PROFILE.to_string();
        let mut overrides = Vec::new();
        let mut exclude = GlobSetBuilder::new();
        let mut fail_on = Severity::Error;
        let mut max_warnings = None;
        if let Some(loaded) = config {
            let c = &loaded.config;
            let check =
                |list: &[toml::Spanned<String>], problems: &mut Vec<Problem>| -> Vec<String> {
                    list.iter()
                        .inspect(|s| {
                            if let Some(p) = unknown_rule(loaded, s.get_ref(), span_of(s), rules) {
                                problems.push(p);
                            }
                        })
                        .map(|s| s.get_ref().clone())
                        .collect()
                };
            select = check(&c.select, &mut problems);
            ignore = check(&c.ignore, &mut problems);
            severity = severities(loaded, &c.severity, rules, &mut problems);
            if let Some(p) = &c.profile {
                profile = checked_profile(loaded, p, &mut problems);
            }
            if let Some(f) = &c.fail_on {
                match Severity::parse(f.get_ref()) {
                    Some(s) => fail_on = s,
                    None => problems.push(config_problem(
                        loaded,
                        "ieplint::config::fail-on",
                        format!("`fail-on = \"{}\"` is not a severity", f.get_ref()),
                        span_of(f),
                        "write error, warning or info",
                    )),
                }
            }
            max_warnings = c.max_warnings;
            for pattern in &c.exclude {
                match Glob::new(pattern) {
                    Ok(g) => {
                        exclude.add(g);
                    }
                    Err(e) => {
                        problems.push(Problem::Config(Box::new(bad_glob(loaded, pattern, &e))))
                    }
                }
            }
            for o in &c.overrides {
                let mut files = GlobSetBuilder::new();
                for pattern in &o.files {
                    match Glob::new(pattern) {
                        Ok(g) => {
                            files.add(g);
                        }
                        Err(e) => {
                            problems.push(Problem::Config(Box::new(bad_glob(loaded, pattern, &e))))
                        }
                    }
                }
                overrides.push(PathOverride {
                    files: files.build().unwrap_or_else(|_| GlobSet::empty()),
                    profile: o
                        .profile
                        .as_ref()
                        .map(|p| checked_profile(loaded, p, &mut problems)),
                    select: check(&o.select, &mut problems),
                    ignore: check(&o.ignore, &mut problems),
                    severity: severities(loaded, &o.severity, rules, &mut problems),
                });
            }
        }
        for (list, flag) in [(&flags.select, "--select"), (&flags.ignore, "--ignore")] {
            for (name, suggestion) in selection::unknown(list, rules) {
                let hint = suggestion.map_or(String::new(), |s| format!("; did you mean `{s}`?"));
                problems.push(Problem::Flag(format!(
                    "{flag} {name}: no rule has this id or pack name{hint}\n  `ieplint rules` lists them"
                )));
            }
        }
        if flags.deny_warnings {
            fail_on = fail_on.min(Severity::Warning);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Settings {
            select,
            ignore,
            severity,
            profile,
            overrides,
            exclude: exclude.build().unwrap_or_else(|_| GlobSet::empty()),
            base,
            fail_on,
            max_warnings,
            flags: flags.clone(),
        })
    }

    /// The path of a file relative to the base folder, with `/`, for globs
    /// and suppressions.
    pub fn relative(&self, path: &Path) -> String {
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.base).unwrap_or(&abs);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Whether a configured `exclude` glob matches the file.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.is_match(self.relative(path))
    }

    /// The options for one file (or standard input, with no path).
    pub fn options_for(&self, linter: &Linter, path: Option<&Path>) -> LintOptions {
        let rel = path.map(|p| self.relative(p));
        let matching: Vec<&PathOverride> = self
            .overrides
            .iter()
            .filter(|o| rel.as_ref().is_some_and(|r| o.files.is_match(r)))
            .collect();
        let mut profile = self.profile.as_str();
        let mut select = self.select.as_slice();
        let mut ignore: Vec<&String> = self.ignore.iter().collect();
        let mut severity: Vec<&(String, Option<Severity>)> = self.severity.iter().collect();
        for o in &matching {
            if let Some(p) = &o.profile {
                profile = p;
            }
            if !o.select.is_empty() {
                select = &o.select;
            }
            ignore.extend(&o.ignore);
            severity.extend(&o.severity);
        }
        if let Some(p) = &self.flags.profile {
            profile = p;
        }
        if !self.flags.select.is_empty() {
            select = &self.flags.select;
        }
        if !self.flags.ignore.is_empty() {
            ignore = self.flags.ignore.iter().collect();
        }
        let ignore: Vec<String> = ignore.into_iter().cloned().collect();
        let mut options = linter.options();
        options.profile = Arc::from(profile);
        for (i, rule) in linter.rules().iter().enumerate() {
            if !selection::keeps(&rule.id, select, &ignore) {
                options.severity[i] = None;
                continue;
            }
            // The most specific setting wins: an id over its pack's name.
            let best = severity
                .iter()
                .filter(|(sel, _)| selection::matches(sel, &rule.id))
                .max_by_key(|(sel, _)| sel.len());
            if let Some((_, level)) = best {
                options.severity[i] = *level;
                options.overridden[i] = true;
            }
        }
        options
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn span_of<T>(s: &toml::Spanned<T>) -> Span {
    Span::new(s.span().start, s.span().end)
}

fn config_problem(
    loaded: &Loaded,
    code: &'static str,
    message: String,
    span: Span,
    label: &str,
) -> Problem {
    Problem::Config(Box::new(PackError::new(
        &loaded.source,
        code,
        message,
        span,
        label,
    )))
}

fn unknown_rule(
    loaded: &Loaded,
    name: &str,
    span: Span,
    rules: &[CompiledRule],
) -> Option<Problem> {
    if rules.iter().any(|r| selection::matches(name, &r.id)) {
        return None;
    }
    let names = rules.iter().flat_map(|r| [r.id.as_ref(), r.pack.as_ref()]);
    let otherwise = "`ieplint rules` lists the rule ids; pack names are idea, para and quality";
    Some(Problem::Config(Box::new(
        PackError::new(
            &loaded.source,
            "ieplint::config::unknown-rule",
            format!("no rule has the id or pack name `{name}`"),
            span,
            "unknown rule",
        )
        .suggest(did_you_mean(name, names), otherwise),
    )))
}

fn checked_profile(
    loaded: &Loaded,
    p: &toml::Spanned<String>,
    problems: &mut Vec<Problem>,
) -> String {
    if !crate::PROFILES.contains(&p.get_ref().as_str()) {
        problems.push(config_problem(
            loaded,
            "ieplint::config::profile",
            format!("`{}` is not a profile", p.get_ref()),
            span_of(p),
            "write draft or template",
        ));
    }
    p.get_ref().clone()
}

/// Reads a `[severity]` table. TOML tables keep no key positions here, so
/// a problem is shown at the key's text in the file.
fn severities(
    loaded: &Loaded,
    table: &toml::map::Map<String, toml::Value>,
    rules: &[CompiledRule],
    problems: &mut Vec<Problem>,
) -> Vec<(String, Option<Severity>)> {
    let text: &str = &loaded.source.text;
    let mut out = Vec::new();
    for (key, value) in table {
        let at = text
            .find(&format!("\"{key}\""))
            .map_or(Span::default(), |i| Span::new(i, i + key.len() + 2));
        if let Some(p) = unknown_rule(loaded, key, at, rules) {
            problems.push(p);
            continue;
        }
        match value.as_str().and_then(config::severity_setting) {
            Some(level) => out.push((key.clone(), level)),
            None => problems.push(config_problem(
                loaded,
                "ieplint::config::severity",
                format!("the severity of `{key}` must be error, warning, info or off"),
                at,
                "not a severity",
            )),
        }
    }
    out
}

fn bad_glob(loaded: &Loaded, pattern: &str, e: &globset::Error) -> PackError {
    let text: &str = &loaded.source.text;
    let at = text
        .find(pattern)
        .map_or(Span::default(), |i| Span::new(i, i + pattern.len()));
    PackError::new(
        &loaded.source,
        "ieplint::config::glob",
        format!("`{pattern}` is not a valid glob: {e}"),
        at,
        "bad glob",
    )
    .with_help("globs look like `templates/**` or `plans/*.json`")
}
