//! `ieplint.toml`: rule selection, severities, per-path overrides, extra
//! packs, profile, failure threshold and suppressions. Parsed from its
//! text (the command finds the file); every problem is reported with its
//! place in the file, from the TOML parser's spans.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use crate::ast::Span;
use crate::pack_error::{did_you_mean, PackError, SourceFile};

/// The file name looked for.
pub const FILE_NAME: &str = "ieplint.toml";

/// The configuration as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rules to run: ids or pack names.
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    /// Rules to skip.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Severity per rule or pack: error, warning, info or off.
    #[serde(default)]
    pub severity: Severities,
    /// Extra rule packs (files or folders), relative to this file.
    #[serde(default)]
    pub rules: Vec<String>,
    /// `draft` or `template`.
    pub profile: Option<Spanned<String>>,
    /// The lowest severity that makes the run fail: error, warning or info.
    pub fail_on: Option<Spanned<String>>,
    /// Fail when there are more warnings than this.
    pub max_warnings: Option<usize>,
    /// Paths (globs, relative to this file) never linted.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Settings for some paths only.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Findings accepted on purpose, each with a reason.
    #[serde(default)]
    pub suppress: Vec<Spanned<Suppression>>,
}

/// `[[overrides]]`: settings for the files matching `files`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs, relative to the config file.
    pub files: Vec<Spanned<String>>,
    /// Profile for these files.
    pub profile: Option<Spanned<String>>,
    /// Rules to run for these files.
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    /// Rules to skip for these files.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Severities for these files.
    #[serde(default)]
    pub severity: Severities,
}

/// A `[severity]` table: rule id or pack name to a severity or `off`, each
/// with its place in the file.
pub type Severities = BTreeMap<Spanned<String>, Spanned<String>>;

/// `[[suppress]]`: one accepted finding (or several, by pointer prefix).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Suppression {
    /// A rule id or pack name.
    pub rule: Spanned<String>,
    /// The plan file (or a glob), relative to the config file.
    pub file: Option<Spanned<String>>,
    /// The JSON pointer; findings at or below it are suppressed.
    pub pointer: Option<String>,
    /// Why the finding is accepted. Required.
    pub reason: Option<String>,
    /// After this date (YYYY-MM-DD) the suppression stops applying.
    pub expires: Option<String>,
}

/// A loaded configuration with its file, for locating problems.
#[derive(Debug)]
pub struct ConfigFile {
    /// The parsed settings.
    pub config: Config,
    /// The file.
    pub source: SourceFile,
    /// Its folder: relative paths in the file start here.
    pub dir: PathBuf,
}

const KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "rules",
    "profile",
    "fail-on",
    "max-warnings",
    "exclude",
    "overrides",
    "suppress",
];
const OVERRIDE_KEYS: &[&str] = &["files", "profile", "select", "ignore", "severity"];
const SUPPRESS_KEYS: &[&str] = &["rule", "file", "pointer", "reason", "expires"];

/// Parses a configuration file's text; `dir` is its folder, where the
/// relative paths in it start. Every problem is located in the file.
pub fn parse(source: SourceFile, dir: PathBuf) -> Result<ConfigFile, Vec<PackError>> {
    let config: Config = toml::from_str(&source.text).map_err(|e| vec![toml_error(&source, &e)])?;
    let mut problems = Vec::new();
    for s in &config.suppress {
        if s.get_ref()
            .reason
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
        {
            problems.push(
                PackError::new(
                    &source,
                    "ieplint::config::suppression-reason",
                    "this suppression has no reason",
                    Span::new(s.span().start, s.span().end),
                    "reason missing",
                )
                .with_help("add `reason = \"...\"`: say why the finding is accepted, so the next reader can judge whether it still holds"),
            );
        }
        if let Some(date) = &s.get_ref().expires {
            if crate::value::parse_date(date).is_none() {
                problems.push(
                    PackError::new(
                        &source,
                        "ieplint::config::suppression-expires",
                        format!("`expires = \"{date}\"` is not a date written YYYY-MM-DD"),
                        Span::new(s.span().start, s.span().end),
                        "bad date",
                    )
                    .with_help("write the date as YYYY-MM-DD, e.g. 2027-06-30"),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(ConfigFile {
            config,
            source,
            dir,
        })
    } else {
        Err(problems)
    }
}

/// A TOML error, with "did you mean" for an unknown key.
fn toml_error(source: &SourceFile, e: &toml::de::Error) -> PackError {
    let span = e
        .span()
        .map_or(Span::default(), |r| Span::new(r.start, r.end));
    let message = e.message().trim().to_string();
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
        .map(str::to_string);
    match unknown {
        Some(key) => {
            let candidates = [KEYS, OVERRIDE_KEYS, SUPPRESS_KEYS].concat();
            let known: Vec<&str> = candidates
                .iter()
                .copied()
                .filter(|k| message.contains(&format!("`{k}`")))
                .collect();
            let help = match did_you_mean(&key, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the keys here are: {}", known.join(", ")),
            };
            PackError::new(
                source,
                "ieplint::config::unknown-key",
                format!("unknown key `{key}` in {FILE_NAME}"),
                span,
                "not a setting",
            )
            .with_help(help)
        }
        None => PackError::new(
            source,
            "ieplint::config::syntax",
            format!("{FILE_NAME} is not valid: {message}"),
            span,
            "here",
        )
        .with_help("see docs/configuration.md for every setting"),
    }
}

/// The starter file written by `ieplint init`.
pub const STARTER: &str = r#"# ieplint configuration. Every setting is optional; flags on the command
# line win over this file. See docs/configuration.md.

# Rules to run (ids or pack names: idea, para, quality). Default: all.
# select = ["idea", "para"]

# Rules to skip.
# ignore = ["quality.vague-language"]

# `draft` (default) reports template placeholders; `template` accepts them
# but still requires every field.
# profile = "draft"

# The lowest severity that makes a run fail: error (default), warning, info.
# fail-on = "error"

# Fail when there are more warnings than this.
# max-warnings = 20

# Extra rule packs, relative to this file.
# rules = ["rules/district.rules"]

# Paths never linted (globs, relative to this file). .gitignore is respected too.
# exclude = ["archive/**"]

# Severity per rule or pack: error, warning, info, or off.
[severity]
# "para.staffing" = "off"

# Settings for some paths only.
# [[overrides]]
# files = ["templates/**"]
# profile = "template"

# A finding accepted on purpose. `reason` is required; after `expires` the
# suppression stops applying. An unused suppression is reported.
# [[suppress]]
# rule = "para.staffing"
# file = "plans/example.json"
# pointer = "/services/2"
# reason = "Staffing is settled in the district contract; see memo 2025-14."
# expires = "2027-06-30"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Box<PackError>> {
        let source = SourceFile::new("ieplint.toml", text);
        toml::from_str(text).map_err(|e| Box::new(toml_error(&source, &e)))
    }

    #[test]
    fn unknown_keys_get_a_suggestion_and_a_place() {
        let e = parse("selct = [\"para\"]\n").expect_err("unknown key");
        assert_eq!(e.message, "unknown key `selct` in ieplint.toml");
        assert_eq!(e.help.as_deref(), Some("did you mean `select`?"));
        assert_eq!(e.span.start, 0);
        let e = parse("[[overrides]]\nfiles = [\"t/**\"]\nprofle = \"template\"\n")
            .expect_err("unknown key");
        assert_eq!(e.help.as_deref(), Some("did you mean `profile`?"));
    }

    #[test]
    fn the_starter_config_parses() {
        assert!(parse(STARTER).is_ok());
    }
}
