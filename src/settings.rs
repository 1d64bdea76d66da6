//! The settings of a run: the configuration file and the command-line
//! flags merged (flags win), and from them the options for each file.
//! Paths are resolved against folders the caller names; nothing here reads
//! the file system or the environment.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::Spanned;

use crate::ast::Span;
use crate::config::{ConfigFile, Severities};
use crate::engine::Engine;
use crate::finding::Severity;
use crate::options::{Level, LintOptions, Profile};
use crate::pack_error::PackError;
use crate::selection;
use crate::suppress::{Origin, Suppression};

/// What the command line says; `None` or empty means "not given".
#[derive(Debug, Default, Clone)]
pub struct Flags {
    /// `--select`.
    pub select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// `--profile`.
    pub profile: Option<Profile>,
    /// `--deny-warnings` (fail on warnings).
    pub deny_warnings: bool,
}

/// Settings for the files matching some globs.
#[derive(Debug)]
struct PathOverride {
    files: GlobSet,
    profile: Option<Profile>,
    select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, Level)>,
}

/// The merged settings of a run.
#[derive(Debug)]
pub struct Settings {
    select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, Level)>,
    profile: Profile,
    overrides: Vec<PathOverride>,
    exclude: GlobSet,
    /// The folder relative paths start from: the config file's, else the
    /// current one. Absolute.
    base: PathBuf,
    /// The current folder, which relative paths on the command line start
    /// from.
    cwd: PathBuf,
    /// The lowest severity that fails the run.
    pub fail_on: Severity,
    /// The most warnings allowed.
    pub max_warnings: Option<usize>,
    /// The suppressions of the config file, checked.
    pub suppressions: Vec<Suppression>,
    /// Flags win over the file, overrides included.
    flags: Flags,
}

/// A problem in the settings: located in the config file, or in a flag.
#[derive(Debug)]
pub enum Problem {
    /// In `ieplint.toml`.
    Config(Box<PackError>),
    /// On the command line.
    Flag(String),
}

/// Reads the configuration's values, collecting every problem.
struct Reader<'a> {
    loaded: &'a ConfigFile,
    engine: &'a Engine,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, e: PackError) {
        self.problems.push(Problem::Config(Box::new(e)));
    }

    fn error(&self, code: &'static str, message: String, span: Span, label: &str) -> PackError {
        PackError::new(&self.loaded.source, code, message, span, label)
    }

    /// Rule ids or pack names; unknown ones are problems.
    fn selectors(&mut self, list: &[Spanned<String>]) -> Vec<String> {
        for s in list {
            self.rule_name(s);
        }
        list.iter().map(|s| s.get_ref().clone()).collect()
    }

    /// Checks that a name is a rule id or pack name.
    fn rule_name(&mut self, name: &Spanned<String>) -> bool {
        if self.engine.is_selector(name.get_ref()) {
            return true;
        }
        let e = self
            .error(
                "ieplint::config::unknown-rule",
                format!("no rule has the id or pack name `{}`", name.get_ref()),
                span_of(name),
                "unknown rule",
            )
            .suggest(
                self.engine.suggest(name.get_ref()),
                "`ieplint rules` lists the rule ids; pack names are idea, para, quality and ieplint",
            );
        self.problem(e);
        false
    }

    fn severities(&mut self, table: &Severities) -> Vec<(String, Level)> {
        let mut out = Vec::new();
        for (key, value) in table {
            if !self.rule_name(key) {
                continue;
            }
            match value.get_ref().parse::<Level>() {
                Ok(level) => out.push((key.get_ref().clone(), level)),
                Err(()) => {
                    let e = self.error(
                        "ieplint::config::severity",
                        format!(
                            "the severity of `{}` must be error, warning, info or off",
                            key.get_ref()
                        ),
                        span_of(value),
                        "not a severity",
                    );
                    self.problem(e);
                }
            }
        }
        out
    }

    fn profile(&mut self, p: &Spanned<String>) -> Profile {
        p.get_ref().parse().unwrap_or_else(|()| {
            let e = self.error(
                "ieplint::config::profile",
                format!("`{}` is not a profile", p.get_ref()),
                span_of(p),
                "write draft or template",
            );
            self.problem(e);
            Profile::Draft
        })
    }

    fn glob(&mut self, pattern: &Spanned<String>) -> Option<Glob> {
        match Glob::new(pattern.get_ref()) {
            Ok(g) => Some(g),
            Err(e) => {
                let e = self
                    .error(
                        "ieplint::config::glob",
                        format!("`{}` is not a valid glob: {}", pattern.get_ref(), e.kind()),
                        span_of(pattern),
                        "bad glob",
                    )
                    .with_help("globs look like `templates/**` or `plans/*.json`");
                self.problem(e);
                None
            }
        }
    }

    fn glob_set(&mut self, patterns: &[Spanned<String>]) -> GlobSet {
        let mut set = GlobSetBuilder::new();
        for p in patterns {
            if let Some(g) = self.glob(p) {
                set.add(g);
            }
        }
        set.build().unwrap_or_else(|_| GlobSet::empty())
    }

    fn suppressions(&mut self) -> Vec<Suppression> {
        let mut out = Vec::new();
        for (index, s) in self.loaded.config.suppress.iter().enumerate() {
            let v = s.get_ref();
            let known = self.rule_name(&v.rule);
            let file = match &v.file {
                Some(f) => match self.glob(f) {
                    Some(g) => Some(g.compile_matcher()),
                    None => continue,
                },
                None => None,
            };
            if !known {
                continue;
            }
            out.push(Suppression {
                rule: v.rule.get_ref().clone(),
                file,
                pointer: v.pointer.clone(),
                reason: v.reason.clone().unwrap_or_default(),
                expires: v.expires.as_deref().and_then(crate::value::parse_date),
                origin: Origin::Config {
                    index,
                    span: span_of(s),
                },
            });
        }
        out
    }
}

impl Settings {
    /// Merges the config file (if any) and the flags, checking every rule
    /// name against the engine's rules. `cwd` is the current folder
    /// (absolute): paths on the command line, and the config's folder when
    /// it is relative, start there.
    pub fn new(
        config: Option<&ConfigFile>,
        flags: &Flags,
        engine: &Engine,
        cwd: &Path,
    ) -> Result<Settings, Vec<Problem>> {
        let cwd = normalize(cwd, Path::new(""));
        let mut settings = Settings {
            select: Vec::new(),
            ignore: Vec::new(),
            severity: Vec::new(),
            profile: Profile::Draft,
            overrides: Vec::new(),
            exclude: GlobSet::empty(),
            base: config.map_or_else(|| cwd.clone(), |c| normalize(&cwd, &c.dir)),
            cwd,
            fail_on: Severity::Error,
            max_warnings: None,
            suppressions: Vec::new(),
            flags: flags.clone(),
        };
        let mut problems = Vec::new();
        if let Some(loaded) = config {
            let mut r = Reader {
                loaded,
                engine,
                problems: Vec::new(),
            };
            let c = &loaded.config;
            settings.select = r.selectors(&c.select);
            settings.ignore = r.selectors(&c.ignore);
            settings.severity = r.severities(&c.severity);
            if let Some(p) = &c.profile {
                settings.profile = r.profile(p);
            }
            if let Some(f) = &c.fail_on {
                match Severity::parse(f.get_ref()) {
                    Some(s) => settings.fail_on = s,
                    None => {
                        let e = r.error(
                            "ieplint::config::fail-on",
                            format!("`fail-on = \"{}\"` is not a severity", f.get_ref()),
                            span_of(f),
                            "write error, warning or info",
                        );
                        r.problem(e);
                    }
                }
            }
            settings.max_warnings = c.max_warnings;
            settings.exclude = r.glob_set(&c.exclude);
            for o in &c.overrides {
                let files = r.glob_set(&o.files);
                let profile = o.profile.as_ref().map(|p| r.profile(p));
                let select = r.selectors(&o.select);
                let ignore = r.selectors(&o.ignore);
                let severity = r.severities(&o.severity);
                settings.overrides.push(PathOverride {
                    files,
                    profile,
                    select,
                    ignore,
                    severity,
                });
            }
            settings.suppressions = r.suppressions();
            problems = r.problems;
        }
        for (list, flag) in [(&flags.select, "--select"), (&flags.ignore, "--ignore")] {
            for name in list.iter().filter(|n| !engine.is_selector(n)) {
                let hint = engine
                    .suggest(name)
                    .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
                problems.push(Problem::Flag(format!(
                    "{flag} {name}: no rule has this id or pack name{hint}\n  `ieplint rules` lists them"
                )));
            }
        }
        if flags.deny_warnings {
            settings.fail_on = settings.fail_on.min(Severity::Warning);
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }

    /// The path of a file relative to the base folder, with `/`, for globs,
    /// suppressions and baselines.
    pub fn relative(&self, path: &Path) -> String {
        let abs = normalize(&self.cwd, path);
        let rel = abs.strip_prefix(&self.base).unwrap_or(&abs);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The folder paths are relative to: the configuration's, else the
    /// one given to [`Settings::relative_to`], else the current one.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// Makes paths relative to `root`. Without a configuration file the
    /// command line passes the repository's root, so that reports and
    /// baselines name files the same way from any subfolder.
    pub fn relative_to(&mut self, root: &Path) {
        self.base = normalize(&self.cwd, root);
    }

    /// Whether a configured `exclude` glob matches the file.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.is_match(self.relative(path))
    }

    /// The options for the whole run, before per-path overrides: what the
    /// findings about the config file itself are judged with.
    pub fn base_options(&self, engine: &Engine) -> LintOptions {
        self.options_matching(engine, &[])
    }

    /// The options for one file (or standard input, with no path).
    pub fn options_for(&self, engine: &Engine, path: Option<&Path>) -> LintOptions {
        let rel = path.map(|p| self.relative(p));
        let matching: Vec<&PathOverride> = self
            .overrides
            .iter()
            .filter(|o| rel.as_ref().is_some_and(|r| o.files.is_match(r)))
            .collect();
        self.options_matching(engine, &matching)
    }

    fn options_matching(&self, engine: &Engine, matching: &[&PathOverride]) -> LintOptions {
        let mut profile = self.profile;
        let mut select = self.select.as_slice();
        let mut ignore: Vec<&String> = self.ignore.iter().collect();
        let mut severity: Vec<&(String, Level)> = self.severity.iter().collect();
        for o in matching {
            if let Some(p) = o.profile {
                profile = p;
            }
            if !o.select.is_empty() {
                select = &o.select;
            }
            ignore.extend(&o.ignore);
            severity.extend(&o.severity);
        }
        if let Some(p) = self.flags.profile {
            profile = p;
        }
        if !self.flags.select.is_empty() {
            select = &self.flags.select;
        }
        if !self.flags.ignore.is_empty() {
            ignore = self.flags.ignore.iter().collect();
        }
        let mut options = LintOptions::new(profile);
        for id in engine.rule_ids() {
            if !selection::keeps(id, select, &ignore) {
                options.set(id, Level::Off);
                continue;
            }
            // The most specific setting wins: an id over its pack's name.
            let best = severity
                .iter()
                .filter(|(sel, _)| selection::matches(sel, id))
                .max_by_key(|(sel, _)| sel.len());
            if let Some((_, level)) = best {
                options.set(id, *level);
            }
        }
        options
    }
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved by
/// name (links are not followed).
fn normalize(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    Span::new(s.span().start, s.span().end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_resolved_by_name() {
        let cwd = Path::new("/work/repo/sub");
        assert_eq!(
            normalize(cwd, Path::new("../plans/./a.json")),
            PathBuf::from("/work/repo/plans/a.json")
        );
        assert_eq!(
            normalize(cwd, Path::new("/abs/b.json")),
            PathBuf::from("/abs/b.json")
        );
    }
}
