//! Suppressions: findings accepted on purpose, each with a reason. They
//! come from `ieplint.toml` (`[[suppress]]`) or from the plan itself
//! (`"x-ieplint": {"suppress": [...]}`, since JSON has no comments). An
//! expired suppression stops applying and says so; one that matches
//! nothing is reported, so stale ones do not pile up.

use std::sync::Arc;

use globset::{Glob, GlobMatcher};
use jiff::civil::Date;
use serde_json::Value;

use crate::ast::Span;
use crate::finding::{Finding, Severity, Target};
use crate::selection;
use crate::value::parse_date;

/// The rules of ieplint itself about suppressions: id, severity, summary,
/// help.
pub const META_RULES: &[(&str, Severity, &str, &str)] = &[
    (
        "ieplint.unused-suppression",
        Severity::Warning,
        "A suppression matches no finding.",
        "Remove the suppression: the finding it accepted is gone, or its rule, file or pointer is wrong.",
    ),
    (
        "ieplint.expired-suppression",
        Severity::Warning,
        "A suppression has passed its expiry date and no longer applies.",
        "Fix the finding, or renew the suppression with a new `expires` date and a reason that still holds.",
    ),
    (
        "ieplint.invalid-suppression",
        Severity::Error,
        "A suppression in a plan lacks a rule or a reason.",
        "Give each entry of `x-ieplint.suppress` a `rule`, a `reason` and, if it should lapse, an `expires` date (YYYY-MM-DD).",
    ),
];

/// Where a suppression was written.
#[derive(Debug, Clone)]
pub enum Origin {
    /// `[[suppress]]` number `index` of the config file, at `span`.
    Config {
        /// Its position in the file's list.
        index: usize,
        /// Its text in the file.
        span: Span,
    },
    /// An entry of `x-ieplint.suppress` in a plan, at this pointer.
    Plan(String),
}

/// One suppression, ready to match findings.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// A rule id or pack name.
    pub rule: String,
    /// Files it covers (config suppressions); `None`: any file (or, in a
    /// plan, that plan).
    pub file: Option<GlobMatcher>,
    /// Findings at or below this pointer; `None`: anywhere.
    pub pointer: Option<String>,
    /// Why.
    pub reason: String,
    /// The last day it applies.
    pub expires: Option<Date>,
    /// Where it was written.
    pub origin: Origin,
}

impl Suppression {
    /// Whether it covers a finding in the file at `rel_path`.
    pub fn covers(&self, rel_path: &str, f: &Finding) -> bool {
        selection::matches(&self.rule, &f.rule)
            && self.file.as_ref().is_none_or(|g| g.is_match(rel_path))
            && self.pointer.as_ref().is_none_or(|p| {
                let p = p.trim_end_matches('/');
                f.pointer == p || f.pointer.starts_with(&format!("{p}/")) || p.is_empty()
            })
    }

    /// Whether it applies to the file at `rel_path` at all.
    pub fn concerns(&self, rel_path: &str) -> bool {
        self.file.as_ref().is_none_or(|g| g.is_match(rel_path))
    }

    /// Whether `today` is after its last day.
    pub fn expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|d| d < today)
    }
}

/// The suppressions of `ieplint.toml`.
pub fn from_config(loaded: &crate::config::Loaded) -> Vec<Suppression> {
    loaded
        .config
        .suppress
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let v = s.get_ref();
            Suppression {
                rule: v.rule.clone(),
                file: v
                    .file
                    .as_ref()
                    .and_then(|f| Glob::new(f).ok())
                    .map(|g| g.compile_matcher()),
                pointer: v.pointer.clone(),
                reason: v.reason.clone().unwrap_or_default(),
                expires: v.expires.as_deref().and_then(parse_date),
                origin: Origin::Config {
                    index,
                    span: Span::new(s.span().start, s.span().end),
                },
            }
        })
        .collect()
}

/// The suppressions written in a plan, and findings for malformed ones.
pub fn from_plan(doc: &Value) -> (Vec<Suppression>, Vec<Finding>) {
    let mut found = Vec::new();
    let mut bad = Vec::new();
    let Some(entries) = doc.pointer("/x-ieplint/suppress").and_then(Value::as_array) else {
        return (found, bad);
    };
    for (i, entry) in entries.iter().enumerate() {
        let pointer = format!("/x-ieplint/suppress/{i}");
        let text = |k: &str| {
            entry
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let expires = text("expires");
        let (Some(rule), Some(reason)) = (text("rule"), text("reason")) else {
            bad.push(meta_finding(
                2,
                pointer,
                "This suppression needs a `rule` and a `reason`.".into(),
            ));
            continue;
        };
        let expires_date = expires.and_then(parse_date);
        if expires.is_some() && expires_date.is_none() {
            bad.push(meta_finding(
                2,
                format!("{pointer}/expires"),
                "This suppression's `expires` is not a date written YYYY-MM-DD.".into(),
            ));
            continue;
        }
        found.push(Suppression {
            rule: rule.to_string(),
            file: None,
            pointer: text("pointer").map(str::to_string),
            reason: reason.to_string(),
            expires: expires_date,
            origin: Origin::Plan(pointer),
        });
    }
    (found, bad)
}

/// A finding of one of [`META_RULES`] at `pointer`.
pub fn meta_finding(which: usize, pointer: String, message: String) -> Finding {
    let (id, severity, _, help) = META_RULES[which.min(META_RULES.len() - 1)];
    Finding {
        rule: Arc::from(id),
        severity,
        message,
        help: help.to_string(),
        cite: None,
        pointer,
        target: Target::Value,
    }
}

/// Splits findings into kept and suppressed. `used[i]` is set for each
/// suppression that covered a finding; expired ones cover nothing.
pub fn apply(
    findings: Vec<Finding>,
    suppressions: &[Suppression],
    rel_path: &str,
    today: Date,
    used: &mut [bool],
) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| {
            let hit = suppressions
                .iter()
                .enumerate()
                .find(|(_, s)| !s.expired(today) && s.covers(rel_path, f));
            match hit {
                Some((i, _)) => {
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                    false
                }
                None => true,
            }
        })
        .collect()
}

/// Today's date, from the system clock.
pub fn today() -> Date {
    jiff::Zoned::now().date()
}

/// Findings about the config file's own suppressions: expired ones, and
/// ones that matched nothing in the files they concern.
pub fn config_findings(
    c: &crate::config::Loaded,
    settings: &crate::settings::Settings,
    suppressions: &[Suppression],
    used: &[bool],
    concerned: &[bool],
    today: Date,
) -> Option<crate::results::FileResult> {
    let mut found = Vec::new();
    for (i, s) in suppressions.iter().enumerate() {
        let Origin::Config { index, span } = &s.origin else {
            continue;
        };
        let finding = if s.expired(today) {
            meta_finding(
                1,
                format!("/suppress/{index}"),
                format!(
                    "This suppression of {} expired; the findings it covered are reported again.",
                    s.rule
                ),
            )
        } else if !used.get(i).copied().unwrap_or(false)
            && concerned.get(i).copied().unwrap_or(false)
        {
            meta_finding(
                0,
                format!("/suppress/{index}"),
                format!("This suppression of {} matches no finding.", s.rule),
            )
        } else {
            continue;
        };
        let (line, column) = crate::locate::line_column(&c.source.text, span.start);
        let (end_line, end_column) = crate::locate::line_column(&c.source.text, span.end);
        let location = crate::locate::Location {
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
        };
        let fingerprint = crate::results::fingerprint(
            &finding.rule,
            &finding.pointer,
            &c.source.text[span.start.min(c.source.text.len())..span.end.min(c.source.text.len())],
        );
        found.push(crate::results::Located {
            finding,
            location,
            label: (span.start, span.end),
            fingerprint,
        });
    }
    if found.is_empty() {
        return None;
    }
    let path = std::path::PathBuf::from(c.source.name.as_ref());
    Some(crate::results::FileResult {
        path: c.source.name.to_string(),
        rel_path: settings.relative(&path),
        text: Some(Arc::clone(&c.source.text)),
        outcome: crate::results::Outcome::Linted(found),
    })
}
