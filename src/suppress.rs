//! Suppressions: findings accepted on purpose, each with a reason. They
//! come from `ieplint.toml` (`[[suppress]]`) or from the plan itself
//! (`"x-ieplint": {"suppress": [...]}`, since JSON has no comments). An
//! expired suppression stops applying and says so; one that matches
//! nothing is reported, so stale ones do not pile up.
//!
//! ieplint's own rules about suppressions live here with their
//! documentation; they are listed, explained, selected and re-levelled
//! like the rules of the packs.

use std::sync::Arc;

use globset::GlobMatcher;
use jiff::civil::Date;
use serde_json::Value;

use crate::ast::Span;
use crate::finding::{Finding, Severity, Target};
use crate::pack_error::did_you_mean;
use crate::rule::{BuiltIn, RuleDoc};
use crate::selection;
use crate::value::parse_date;

/// `ieplint.unused-suppression`.
pub const UNUSED: &str = "ieplint.unused-suppression";
/// `ieplint.expired-suppression`.
pub const EXPIRED: &str = "ieplint.expired-suppression";
/// `ieplint.invalid-suppression`.
pub const INVALID: &str = "ieplint.invalid-suppression";

const CITE: &str = "ieplint: suppressions (docs/configuration.md#suppressions)";

const OWN_RULES: &[BuiltIn] = &[
    BuiltIn {
        id: UNUSED,
        cite: CITE,
        severity: Severity::Warning,
        summary: "A suppression matches no finding.",
        help: "Remove the suppression: the finding it accepted is gone, or its rule, file or pointer is wrong.",
        why: "A suppression that covers nothing hides the next real finding at that place, and readers take it as a decision the team made. It is judged only where its rule ran.",
        fails: r#"{"x-ieplint": {"suppress": [{"rule": "para.staffing", "reason": "Staffing is settled in the district contract."}]}}"#,
        passes: r#"{"services": [{"id": "S2", "paraprofessional": {"ratio": "1:1"}}], "x-ieplint": {"suppress": [{"rule": "para.staffing", "reason": "Staffing is settled in the district contract."}]}}"#,
    },
    BuiltIn {
        id: EXPIRED,
        cite: CITE,
        severity: Severity::Warning,
        summary: "A suppression has passed its expiry date and no longer applies.",
        help: "Fix the finding, or renew the suppression with a new `expires` date and a reason that still holds.",
        why: "A suppression with an expiry date was accepted for a time. After that day the findings it covered are reported again, and this finding says why they came back.",
        fails: r#"{"x-ieplint": {"suppress": [{"rule": "para.staffing", "reason": "Until the new aide is hired.", "expires": "2020-06-30"}]}}"#,
        passes: r#"{"services": [{"id": "S2", "paraprofessional": {"ratio": "1:1"}}], "x-ieplint": {"suppress": [{"rule": "para.staffing", "reason": "Until the new aide is hired.", "expires": "2999-06-30"}]}}"#,
    },
    BuiltIn {
        id: INVALID,
        cite: CITE,
        severity: Severity::Error,
        summary: "A suppression in a plan lacks a rule or a reason, names no rule, or has a bad date.",
        help: "Give each entry of `x-ieplint.suppress` a `rule` (an id from `ieplint rules`), a `reason` and, if it should lapse, an `expires` date (YYYY-MM-DD).",
        why: "A suppression nobody can judge is a finding hidden for no stated reason. An entry without a reason, with a rule id that does not exist, or with an unreadable date suppresses nothing and is reported.",
        fails: r#"{"x-ieplint": {"suppress": [{"rule": "para.staffing"}]}}"#,
        passes: r#"{"services": [{"id": "S2", "paraprofessional": {"ratio": "1:1"}}], "x-ieplint": {"suppress": [{"rule": "para.staffing", "reason": "Staffing is settled in the district contract."}]}}"#,
    },
];

/// The documentation of ieplint's own rules, in listing order.
pub fn rule_docs() -> impl Iterator<Item = RuleDoc> {
    OWN_RULES.iter().map(|r| r.doc("ieplint"))
}

/// A finding of one of ieplint's own rules at `pointer`.
pub fn finding(id: &'static str, pointer: String, message: String) -> Finding {
    match OWN_RULES.iter().find(|r| r.id == id) {
        Some(rule) => rule.finding(pointer, message),
        None => Finding {
            rule: Arc::from(id),
            severity: Severity::Warning,
            message,
            help: String::new(),
            cite: None,
            pointer,
            target: Target::Value,
            check: None,
        },
    }
}

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
            && self.concerns(rel_path)
            && self.pointer.as_ref().is_none_or(|p| {
                let p = p.trim_end_matches('/');
                p.is_empty()
                    || f.pointer == p
                    || f.pointer
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with('/'))
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

    /// The finding about this suppression, if it expired or (`use_` says)
    /// matched nothing where its rule ran.
    pub fn judge(&self, use_: Use, today: Date, pointer: String) -> Option<Finding> {
        if self.expired(today) {
            Some(finding(
                EXPIRED,
                pointer,
                format!(
                    "This suppression of {} expired; the findings it covered are reported again.",
                    self.rule
                ),
            ))
        } else if use_ == Use::Unused {
            Some(finding(
                UNUSED,
                pointer,
                format!("This suppression of {} matches no finding.", self.rule),
            ))
        } else {
            None
        }
    }
}

/// What a suppression did in the files linted so far. Merging keeps the
/// most: a suppression used in one file is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Use {
    /// No linted file was within its `file` with its rule running.
    #[default]
    NotConcerned,
    /// It concerned a linted file but covered no finding.
    Unused,
    /// It covered a finding.
    Used,
}

/// The suppressions written in a plan, and findings for malformed ones.
/// `is_rule` tells whether a name is a rule id or pack name; `names`
/// are the ids and pack names offered as "did you mean".
pub fn from_plan<'a>(
    doc: &Value,
    is_rule: impl Fn(&str) -> bool,
    names: impl Fn() -> Vec<&'a str>,
) -> (Vec<Suppression>, Vec<Finding>) {
    let mut found = Vec::new();
    let mut bad = Vec::new();
    // Written in the wrong shape, a suppression would be ignored without a
    // word, or cover more than meant: each wrong shape is a finding, and
    // the entry suppresses nothing.
    let entries = match doc.get("x-ieplint") {
        None => return (found, bad),
        Some(Value::Object(settings)) => match settings.get("suppress") {
            None => return (found, bad),
            Some(Value::Array(entries)) => entries,
            Some(_) => {
                bad.push(finding(
                    INVALID,
                    "/x-ieplint/suppress".into(),
                    "`suppress` must be a list of suppressions, each with a `rule` and a `reason`."
                        .into(),
                ));
                return (found, bad);
            }
        },
        Some(_) => {
            bad.push(finding(
                INVALID,
                "/x-ieplint".into(),
                "`x-ieplint` must be a group of settings, such as {\"suppress\": [...]}.".into(),
            ));
            return (found, bad);
        }
    };
    'entries: for (i, entry) in entries.iter().enumerate() {
        let pointer = format!("/x-ieplint/suppress/{i}");
        let Some(fields) = entry.as_object() else {
            bad.push(finding(
                INVALID,
                pointer,
                "This suppression must be a group of fields: a `rule`, a `reason` and, if it \
                 should lapse, `expires`."
                    .into(),
            ));
            continue;
        };
        for (field, value) in fields {
            if ["rule", "reason", "expires", "pointer"].contains(&field.as_str())
                && !value.is_string()
            {
                bad.push(finding(
                    INVALID,
                    format!("{pointer}/{}", field),
                    format!(
                        "This suppression's `{field}` must be text{}, not {}.",
                        match field.as_str() {
                            "expires" => " (a date written YYYY-MM-DD)",
                            "pointer" => " (a JSON pointer such as \"/services/2\")",
                            _ => "",
                        },
                        kind(value)
                    ),
                ));
                continue 'entries;
            }
        }
        let text = |k: &str| {
            entry
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let expires = text("expires");
        let (Some(rule), Some(reason)) = (text("rule"), text("reason")) else {
            bad.push(finding(
                INVALID,
                pointer,
                "This suppression needs a `rule` and a `reason`.".into(),
            ));
            continue;
        };
        if !is_rule(rule) {
            let hint = did_you_mean(rule, names())
                .map_or(String::new(), |s| format!(" Did you mean `{s}`?"));
            bad.push(finding(
                INVALID,
                format!("{pointer}/rule"),
                format!(
                    "This suppression names `{rule}`, which is not a rule id or pack name.{hint}"
                ),
            ));
            continue;
        }
        let expires_date = expires.and_then(parse_date);
        if expires.is_some() && expires_date.is_none() {
            bad.push(finding(
                INVALID,
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

/// A JSON value's kind, in words.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a group of fields",
    }
}

/// Drops the findings a suppression covers and records, in `uses`, each
/// suppression that covered one; expired ones cover nothing.
pub fn apply(
    findings: &mut Vec<Finding>,
    suppressions: &[Suppression],
    rel_path: &str,
    today: Date,
    uses: &mut [Use],
) {
    if suppressions.is_empty() {
        return;
    }
    findings.retain(|f| {
        let hit = suppressions
            .iter()
            .position(|s| !s.expired(today) && s.covers(rel_path, f));
        match hit {
            Some(i) => {
                if let Some(u) = uses.get_mut(i) {
                    *u = Use::Used;
                }
                false
            }
            None => true,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_suppressions(doc: Value) -> (Vec<Suppression>, Vec<Finding>) {
        from_plan(
            &doc,
            |r| selection::matches(r, "para.staffing"),
            || vec!["para.staffing", "para"],
        )
    }

    #[test]
    fn a_misspelt_rule_is_an_invalid_suppression_with_a_suggestion() {
        let (found, bad) = plan_suppressions(serde_json::json!({"x-ieplint": {"suppress": [
            {"rule": "para.stafing", "reason": "r"},
            {"rule": "para", "reason": "r"}
        ]}}));
        assert_eq!(found.len(), 1);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].rule.as_ref(), INVALID);
        assert_eq!(bad[0].pointer, "/x-ieplint/suppress/0/rule");
        assert!(
            bad[0].message.contains("Did you mean `para.staffing`?"),
            "{}",
            bad[0].message
        );
    }

    #[test]
    fn a_pointer_covers_itself_and_what_is_below_it_only() {
        let s = Suppression {
            rule: "para".into(),
            file: None,
            pointer: Some("/services/1".into()),
            reason: "r".into(),
            expires: None,
            origin: Origin::Plan(String::new()),
        };
        let at = |p: &str| Finding {
            pointer: p.into(),
            ..finding(UNUSED, String::new(), String::new())
        };
        let mut f = at("/services/1/paraprofessional");
        f.rule = Arc::from("para.staffing");
        assert!(s.covers("a.json", &f));
        f.pointer = "/services/10".into();
        assert!(!s.covers("a.json", &f));
    }

    #[test]
    fn uses_merge_to_the_most() {
        assert!(Use::Used > Use::Unused && Use::Unused > Use::NotConcerned);
    }
}
