//! Which rules run on a file, at which severity, in which profile: typed
//! and keyed by rule id, so they mean the same whatever rules are loaded
//! and in whatever order.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crate::finding::Severity;
use crate::selection;

/// The kind of document a plan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// A plan being written for a child: placeholders are findings.
    #[default]
    Draft,
    /// A district template: placeholders are expected, every field is
    /// still required.
    Template,
}

impl Profile {
    /// Every profile, in the order the docs list them.
    pub const ALL: [Profile; 2] = [Profile::Draft, Profile::Template];

    /// The name rules see as `profile` and users write: `draft`, `template`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Draft => "draft",
            Profile::Template => "template",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Profile {
    type Err = ();

    /// Reads `draft` or `template`.
    fn from_str(s: &str) -> Result<Self, ()> {
        Profile::ALL.into_iter().find(|p| p.as_str() == s).ok_or(())
    }
}

/// A severity set by configuration for a rule: one of the severities, or
/// `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// The rule does not run.
    Off,
    /// Every finding of the rule has this severity.
    Is(Severity),
}

impl Level {
    /// The severity findings get, `None` when off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Is(s) => Some(s),
        }
    }
}

impl FromStr for Level {
    type Err = ();

    /// Reads `error`, `warning`, `info` or `off`.
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "off" => Ok(Level::Off),
            other => Severity::parse(other).map(Level::Is).ok_or(()),
        }
    }
}

/// The options one file is linted with. A rule not named here runs with
/// the severities its pack gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintOptions {
    /// The profile rules see.
    pub profile: Profile,
    levels: HashMap<String, Level>,
}

impl LintOptions {
    /// Every rule on at its own severity, in `profile`.
    pub fn new(profile: Profile) -> Self {
        LintOptions {
            profile,
            levels: HashMap::new(),
        }
    }

    /// Only the rules matched by `select` (ids, pack names or `ALL`; every
    /// rule when empty) and not by `ignore`, out of the rule ids given.
    pub fn selecting<'a>(
        profile: Profile,
        rule_ids: impl IntoIterator<Item = &'a str>,
        select: &[&str],
        ignore: &[&str],
    ) -> Self {
        let mut options = LintOptions::new(profile);
        for id in rule_ids {
            if !selection::keeps(id, select, ignore) {
                options.set(id, Level::Off);
            }
        }
        options
    }

    /// Sets the level of the rule with this id.
    pub fn set(&mut self, rule_id: impl Into<String>, level: Level) {
        self.levels.insert(rule_id.into(), level);
    }

    /// The level configuration set for a rule, `None` when it runs as its
    /// pack says.
    pub fn level(&self, rule_id: &str) -> Option<Level> {
        self.levels.get(rule_id).copied()
    }

    /// Whether the rule runs.
    pub fn is_on(&self, rule_id: &str) -> bool {
        self.level(rule_id) != Some(Level::Off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_kept_by_id_whatever_else_is_set() {
        let mut o = LintOptions::new(Profile::Draft);
        o.set("idea.format", Level::Off);
        o.set("para.staffing", Level::Is(Severity::Info));
        assert!(!o.is_on("idea.format"));
        assert!(o.is_on("para.documented-as-service"));
        assert_eq!(o.level("para.staffing"), Some(Level::Is(Severity::Info)));
        assert_eq!(o.level("para.training"), None);
    }

    #[test]
    fn selecting_by_pack_and_id() {
        let ids = ["idea.format", "para.staffing", "para.training"];
        let o = LintOptions::selecting(Profile::Template, ids, &["para"], &["para.training"]);
        assert!(!o.is_on("idea.format"));
        assert!(o.is_on("para.staffing"));
        assert!(!o.is_on("para.training"));
        assert_eq!(o.profile, Profile::Template);
    }

    #[test]
    fn words_for_profiles_and_levels() {
        assert_eq!("template".parse::<Profile>(), Ok(Profile::Template));
        assert!("final".parse::<Profile>().is_err());
        assert_eq!("off".parse::<Level>(), Ok(Level::Off));
        assert_eq!("warning".parse::<Level>(), Ok(Level::Is(Severity::Warning)));
        assert!("loud".parse::<Level>().is_err());
    }
}
