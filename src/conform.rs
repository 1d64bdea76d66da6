//! A plan checked against its schema, in plain words: unknown fields
//! (with "did you mean"), values of the wrong type, values outside their
//! list, dates not written YYYY-MM-DD, numbers out of range. Where the
//! intent is unambiguous the value is also read as meant (`"30 minutes"`
//! as 30, `1-on-1` as `1:1`, a misspelt field under its name), so the
//! content rules still judge it; where it is not, the content rules stay
//! silent at that place and this finding says what to fix.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::duplicates::Duplicate;
use crate::finding::{Finding, Severity};
use crate::lenient;
use crate::pack_error::did_you_mean;
use crate::pattern::Pattern;
use crate::places::place_words;
use crate::rule::{BuiltIn, RuleDoc};
use crate::schema::{Kind, Node, ShapeId, Shapes};
use crate::value::{parse_date, pointer_of, Token};

const CITE: &str = "ieplint plan format iep-plan/1 (docs/plan-format.md)";

const UNKNOWN_FIELD: BuiltIn = BuiltIn {
    id: "schema.unknown-field",
    severity: Severity::Warning,
    summary: "Every field is one the plan format knows.",
    help: "Rename the field as the plan format spells it; name fields of your own `x_...` and ieplint leaves them alone.",
    why: "A misspelt field is invisible to every rule that looks for it: a plan with `paraprofesional` would pass all the checks of a 1:1 aide. Where the intended field is clear, the rules read it under its right name and this warning asks for the spelling to be fixed.",
    cite: CITE,
    fails: r#"{"services": [{"id": "S3", "paraprofesional": {"ratio": "1:1"}}]}"#,
    passes: r#"{"services": [{"id": "S3", "paraprofessional": {"ratio": "1:1"}, "x_district_code": "P-12"}]}"#,
};

const WRONG_TYPE: BuiltIn = BuiltIn {
    id: "schema.wrong-type",
    severity: Severity::Error,
    summary: "Every value has the type the plan format gives it: a number, true or false, text, a list or a group of fields.",
    help: "Write the value as the plan format asks; docs/plan-format.md shows every field.",
    why: "A rule cannot count minutes written \"30 minutes\" or judge a special factor written \"Yes\" unless it knows what was meant. Where the meaning is clear the rules still run on it; where it is not, they stay silent at that place, so this finding is the one to fix.",
    cite: CITE,
    fails: r#"{"placement": {"percent_in_general_education": "84%"}}"#,
    passes: r#"{"placement": {"percent_in_general_education": 84}}"#,
};

const NOT_IN_LIST: BuiltIn = BuiltIn {
    id: "schema.not-in-list",
    severity: Severity::Error,
    summary: "A value chosen from a list is one of the list's values.",
    help: "Write one of the values the plan format lists for this field.",
    why: "Rules look for the values of the list: a ratio written \"1-on-1\" is not \"1:1\" to a program, and the eight checks of a 1:1 aide would not run. Where the value is clearly one of the list written another way, the rules read it as meant and this finding asks for the usual spelling.",
    cite: CITE,
    fails: r#"{"services": [{"id": "S3", "paraprofessional": {"ratio": "1-on-1"}}]}"#,
    passes: r#"{"services": [{"id": "S3", "paraprofessional": {"ratio": "1:1"}}]}"#,
};

const DATE_FORMAT: BuiltIn = BuiltIn {
    id: "schema.date-format",
    severity: Severity::Error,
    summary: "Dates are written YYYY-MM-DD.",
    help: "Write the date as year, month and day: YYYY-MM-DD.",
    why: "Deadlines (the annual review, the reevaluation, the transition plan at 16) are counted from dates. A date written 6/14/2016 is read as 14 June 2016 so the deadlines are still checked, and this finding asks for it to be written 2016-06-14 so that every reader and program agrees.",
    cite: CITE,
    fails: r#"{"student": {"date_of_birth": "6/14/2016"}}"#,
    passes: r#"{"student": {"date_of_birth": "2016-06-14"}}"#,
};

const INVALID_VALUE: BuiltIn = BuiltIn {
    id: "schema.invalid-value",
    severity: Severity::Error,
    summary: "Numbers are within their range and codes are written as the plan format asks.",
    help: "Correct the value; docs/plan-format.md says what each field holds.",
    why: "A share of the day above 100% or a state written out in full cannot be what the team agreed, and the rules that use them would judge nonsense.",
    cite: CITE,
    fails: r#"{"placement": {"percent_in_general_education": 140}}"#,
    passes: r#"{"placement": {"percent_in_general_education": 100}}"#,
};

const DUPLICATE_KEY: BuiltIn = BuiltIn {
    id: "schema.duplicate-key",
    severity: Severity::Error,
    summary: "No field is written twice in the same part of the plan.",
    help: "Keep one of the two: merge what each says into the one the team agreed, and delete the other.",
    why: "When a field is written twice, programs read only the last one and drop the first without a word: a whole section (the aide's fading plan, a goal's statement) can be silently replaced by an older or emptier copy.",
    cite: CITE,
    fails: r#"{"student": {"name": "Sam Lee", "name": ""}}"#,
    passes: r#"{"student": {"name": "Sam Lee"}}"#,
};

const RULES: [&BuiltIn; 6] = [
    &UNKNOWN_FIELD,
    &WRONG_TYPE,
    &NOT_IN_LIST,
    &DATE_FORMAT,
    &INVALID_VALUE,
    &DUPLICATE_KEY,
];

/// The findings for members written twice, each at the one that is read
/// (the last), naming the line of the first.
pub fn duplicate_findings(duplicates: &[Duplicate]) -> impl Iterator<Item = Finding> + '_ {
    duplicates.iter().map(|d| {
        DUPLICATE_KEY.finding(
            d.pointer.clone(),
            format!(
                "The field \"{}\" is written twice here (first at line {}); only this last one is read.",
                d.name, d.first_line
            ),
        )
    })
}

/// The pack name of these rules.
pub const PACK: &str = "schema";

/// The documentation of the schema rules, in listing order.
pub fn rule_docs() -> impl Iterator<Item = RuleDoc> {
    RULES.into_iter().map(|r| r.doc(PACK))
}

/// What the check found, and how to read the plan as meant.
#[derive(Debug, Default)]
pub struct Conformance {
    /// The schema findings, at the places in the file.
    pub findings: Vec<Finding>,
    /// Values read as meant, by pointer (in the file's names).
    readings: Vec<(String, Value)>,
    /// Members read under the name meant: the object's pointer, the
    /// name written and the name meant. Outer objects come first.
    renames: Vec<(String, String, String)>,
    /// Places whose value could not be read as meant.
    unreadable: Vec<String>,
}

impl Conformance {
    /// The plan as meant, when anything was read another way.
    pub fn read_as_meant(&self, doc: &Value) -> Option<Value> {
        if self.readings.is_empty() && self.renames.is_empty() {
            return None;
        }
        let mut meant = doc.clone();
        for (pointer, value) in &self.readings {
            if let Some(slot) = meant.pointer_mut(pointer) {
                *slot = value.clone();
            }
        }
        // Inner renames first, while the outer names are still as written.
        for (object, written, name) in self.renames.iter().rev() {
            if let Some(Value::Object(members)) = meant.pointer_mut(object) {
                if let Some(v) = members.remove(written) {
                    members.insert(name.clone(), v);
                }
            }
        }
        Some(meant)
    }

    /// Joins the rules' findings (made on the plan as meant) and the
    /// schema findings, one finding per root cause. Pointers go back to the
    /// names written in the file. Where a value could not be read, findings
    /// below it are dropped (a rule that could not run reports nonsense
    /// there); a rule's finding at the value itself is kept, with the law
    /// it cites, in place of the schema finding.
    pub fn settle(self, findings: &mut Vec<Finding>) {
        if !self.renames.is_empty() {
            let by_place: HashMap<(&str, &str), &str> = self
                .renames
                .iter()
                .map(|(o, w, n)| ((o.as_str(), n.as_str()), w.as_str()))
                .collect();
            for f in findings.iter_mut() {
                f.pointer = pointer_in_file(&by_place, &f.pointer);
            }
        }
        // Sets, not lists: a large plan has thousands of findings.
        let unreadable: HashSet<&str> = self.unreadable.iter().map(String::as_str).collect();
        if !unreadable.is_empty() {
            findings.retain(|f| !is_below_any(&f.pointer, &unreadable));
        }
        let spoken: HashSet<String> = findings
            .iter()
            .filter(|f| unreadable.contains(f.pointer.as_str()))
            .map(|f| f.pointer.clone())
            .collect();
        findings.extend(
            self.findings
                .into_iter()
                .filter(|f| !spoken.contains(&f.pointer)),
        );
    }
}

/// Turns a pointer into the plan as meant into one into the file: a
/// member read under another name (by its object and the name meant) gets
/// its written name back.
fn pointer_in_file(by_place: &HashMap<(&str, &str), &str>, pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for token in pointer.split('/').skip(1) {
        let written = by_place
            .get(&(out.as_str(), token))
            .copied()
            .unwrap_or(token);
        out.push('/');
        out.push_str(written);
    }
    out
}

/// Whether `pointer` names a place strictly inside one of `outer`.
fn is_below_any(pointer: &str, outer: &HashSet<&str>) -> bool {
    pointer
        .match_indices('/')
        .any(|(cut, _)| outer.contains(&pointer[..cut]))
}

/// Checks a plan against the schema. `placeholder` says what a value that
/// is only template text looks like; such values are left to the
/// placeholder rule.
pub fn check(doc: &Value, shapes: &Shapes, placeholder: Option<&Pattern>) -> Conformance {
    let mut walk = Walk {
        doc,
        shapes,
        placeholder,
        out: Conformance::default(),
        path: Vec::new(),
    };
    walk.value(doc, shapes.root());
    walk.out
}

struct Walk<'a> {
    doc: &'a Value,
    shapes: &'a Shapes,
    placeholder: Option<&'a Pattern>,
    out: Conformance,
    /// Where the value being checked is: its pointer is written only for
    /// a value with something to report (every value of every plan is
    /// checked).
    path: Vec<Token<'a>>,
}

impl<'a> Walk<'a> {
    fn value(&mut self, v: &'a Value, shape: ShapeId) {
        let Some(node) = self.shapes.node(shape) else {
            return;
        };
        let Some(kind) = node.kind else { return };
        if v.is_null() {
            return;
        }
        if !kind.admits(v) {
            if self.is_placeholder(v) {
                return;
            }
            match self.read_type(v, kind, node) {
                Some(read) => {
                    self.out.readings.push((self.pointer(), read.clone()));
                    self.constraints(&read, node);
                    if let (Value::Array(items), Some(item)) = (&read, node.items) {
                        if let Some(first) = items.first() {
                            self.constraints(first, self.shapes.node(item).unwrap_or(node));
                        }
                    }
                }
                None => self.out.unreadable.push(self.pointer()),
            }
            return;
        }
        match v {
            Value::Object(members) => self.members(members, node),
            Value::Array(items) => {
                if let Some(item) = node.items {
                    for (i, e) in items.iter().enumerate() {
                        self.path.push(Token::Index(i));
                        self.value(e, item);
                        self.path.pop();
                    }
                }
            }
            _ => self.constraints(v, node),
        }
    }

    fn members(&mut self, members: &'a Map<String, Value>, node: &Node) {
        // Members and properties both come in name order: the properties
        // are walked beside the members instead of searched for each (a
        // name out of step, or not in the schema, is looked up).
        let mut properties = node.properties.iter().peekable();
        for (name, v) in members {
            self.path.push(Token::Key(name));
            while properties.next_if(|(p, _)| *p < name).is_some() {}
            let child = match properties.next_if(|(p, _)| *p == name) {
                Some((_, child)) => Some(child),
                None => node.properties.get(name),
            };
            match child {
                Some(child) => self.value(v, *child),
                None if node.properties.is_empty() || is_extension(name) => {}
                None => self.unknown(name, v, members, node),
            }
            self.path.pop();
        }
    }

    /// A member the schema does not have here.
    fn unknown(&mut self, name: &str, v: &'a Value, members: &Map<String, Value>, node: &Node) {
        let known = node.properties.keys().map(String::as_str);
        let meant = did_you_mean(name, known);
        let place = self.place_of_parent();
        let Some(m) = meant else {
            self.out.findings.push(UNKNOWN_FIELD.finding(
                self.pointer(),
                format!("The plan format has no field \"{name}\"{place}."),
            ));
            return;
        };
        self.out.findings.push(UNKNOWN_FIELD.finding_with_help(
            self.pointer(),
            format!("The plan format has no field \"{name}\"{place}; did you mean \"{m}\"?"),
            format!("Rename it \"{m}\". Fields of your own are named `x_...` (e.g. \"x_{name}\"), and ieplint leaves them alone."),
        ));
        // Read it under the name meant, unless that is there too.
        if strsim::jaro_winkler(name, m) >= 0.9 && !members.contains_key(m) {
            let parent = self.parent();
            let object = pointer_of(parent, parent.len());
            self.out
                .renames
                .push((object, name.to_string(), m.to_string()));
            if let Some(child) = node.properties.get(m) {
                self.value(v, *child);
            }
        }
    }

    /// A value of another type read as meant, reporting it either way.
    fn read_type(&mut self, v: &Value, kind: Kind, node: &Node) -> Option<Value> {
        let what = self.place();
        let field = self.field_name();
        let (read, message, help) = match (kind, v) {
            (Kind::Number | Kind::Integer, Value::String(s)) => {
                let n = lenient::number(s).filter(|n| kind != Kind::Integer || n.fract() == 0.0);
                let shown = n.map_or_else(|| example_number(node), format_number);
                let message = match n {
                    Some(_) => format!("{what} is written as the text \"{}\"; write the number alone, {shown}.", clip(s)),
                    None => format!("{what} should be a number, such as {shown}, not the text \"{}\".", clip(s)),
                };
                (n.and_then(number_value), message, format!("Write it without quotes or words: \"{field}\": {shown}."))
            }
            (Kind::Boolean, Value::String(s)) => {
                let b = lenient::boolean(s);
                let shown = b.unwrap_or(true);
                let message = match b {
                    Some(_) => format!("{what} is written as the text \"{}\"; write {shown} without quotes.", clip(s)),
                    None => format!("{what} should be true or false, not the text \"{}\".", clip(s)),
                };
                (b.map(Value::Bool), message, format!("Write true or false without quotes, e.g. \"{field}\": {shown}."))
            }
            // A number or true where plain text belongs reads as its text;
            // where a date or a choice belongs, it says what does.
            (Kind::Text, Value::Number(_) | Value::Bool(_))
                if !node.date
                    && node.pattern.is_none()
                    && (node.choices.is_empty() || node.choices.contains(&v.to_string())) =>
            {
                let text = v.to_string();
                (
                    Some(Value::String(text.clone())),
                    format!("{what} should be text, written in quotes: \"{text}\"."),
                    format!("Put the value in quotes: \"{field}\": \"{text}\"."),
                )
            }
            (Kind::Array, _) => {
                let item = node.items.and_then(|i| self.shapes.node(i));
                let fits = item.and_then(|n| n.kind).is_some_and(|k| k.admits(v));
                let shown = format!("[{}]", clip(&v.to_string()));
                (
                    fits.then(|| Value::Array(vec![v.clone()])),
                    format!("{what} should be a list, such as {shown}."),
                    format!("Put the value in square brackets: \"{field}\": {shown}."),
                )
            }
            (Kind::Object, _) => (
                None,
                format!("{what} should be a group of fields ({{ ... }}), not {}.", describe(v)),
                format!("Write \"{field}\" as an object with its fields; docs/plan-format.md shows them."),
            ),
            _ => (
                None,
                format!("{what} should be {}, not {}.", expected(kind, node), describe(v)),
                WRONG_TYPE.help.to_string(),
            ),
        };
        self.out
            .findings
            .push(WRONG_TYPE.finding_with_help(self.pointer(), message, help));
        read
    }

    /// Lists, dates, ranges and patterns of a value of the right type.
    fn constraints(&mut self, v: &Value, node: &Node) {
        // This runs on every value of every plan: messages are made only
        // for a value that breaks a constraint.
        if let Some(text) = v.as_str() {
            let off_list = !node.choices.is_empty() && !node.choices.iter().any(|c| c == text);
            let bad_date = node.date && parse_date(text).is_none() && !iso_shaped(text);
            let bad_form = node.pattern.as_ref().is_some_and(|p| !p.is_match(text));
            if !(off_list || bad_date || bad_form) || self.is_placeholder(v) {
                return;
            }
            let (what, field) = (self.place(), self.field_name());
            if off_list {
                self.not_in_list(text, node, &what, &field);
            } else if bad_date {
                self.date(text, &what, &field);
            } else {
                let asks = node
                    .description
                    .as_deref()
                    .unwrap_or("see docs/plan-format.md");
                self.out.findings.push(INVALID_VALUE.finding_with_help(
                    self.pointer(),
                    format!(
                        "{what} is \"{}\", which is not written as the plan format asks.",
                        clip(text)
                    ),
                    asks.to_string(),
                ));
            }
        }
        if let Some(n) = v.as_f64() {
            let (low, high) = (node.minimum, node.maximum);
            if !(low.is_some_and(|l| n < l) || high.is_some_and(|h| n > h)) {
                return;
            }
            let what = self.place();
            let message = match (low, high) {
                (Some(l), _) if n < l => Some(format!(
                    "{what} is {}, less than {}, the least it can be.",
                    format_number(n),
                    format_number(l)
                )),
                (_, Some(h)) if n > h => Some(format!(
                    "{what} is {}, more than {}, the most it can be.",
                    format_number(n),
                    format_number(h)
                )),
                _ => None,
            };
            if let Some(message) = message {
                self.out
                    .findings
                    .push(INVALID_VALUE.finding(self.pointer(), message));
            }
        }
    }

    fn not_in_list(&mut self, text: &str, node: &Node, what: &str, field: &str) {
        let listed = node
            .choices
            .iter()
            .take(8)
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let more = if node.choices.len() > 8 { ", ..." } else { "" };
        let finding = match lenient::choice(text, &node.choices) {
            Some(meant) => {
                self.out
                    .readings
                    .push((self.pointer(), Value::String(meant.to_string())));
                NOT_IN_LIST.finding_with_help(
                    self.pointer(),
                    format!(
                        "{what} is written \"{}\"; the plan format writes it \"{meant}\".",
                        clip(text)
                    ),
                    format!("Write \"{field}\": \"{meant}\"."),
                )
            }
            None => {
                let close = did_you_mean(text, node.choices.iter().map(String::as_str))
                    .map_or(String::new(), |c| format!(" Did you mean \"{c}\"?"));
                self.out.unreadable.push(self.pointer());
                NOT_IN_LIST.finding_with_help(
                    self.pointer(),
                    format!("{what} is \"{}\", which is not one of the values the plan format lists.{close}", clip(text)),
                    format!("Write one of: {listed}{more}."),
                )
            }
        };
        self.out.findings.push(finding);
    }

    fn date(&mut self, text: &str, what: &str, field: &str) {
        let finding = match lenient::date(text) {
            Some(d) => {
                self.out
                    .readings
                    .push((self.pointer(), Value::String(d.to_string())));
                DATE_FORMAT.finding_with_help(
                    self.pointer(),
                    format!(
                        "{what} is written \"{}\"; dates are written YYYY-MM-DD, here \"{d}\".",
                        clip(text)
                    ),
                    format!("Write \"{field}\": \"{d}\"."),
                )
            }
            None => {
                self.out.unreadable.push(self.pointer());
                DATE_FORMAT.finding(
                    self.pointer(),
                    format!(
                        "{what}, \"{}\", is not a date written YYYY-MM-DD.",
                        clip(text)
                    ),
                )
            }
        };
        self.out.findings.push(finding);
    }

    fn is_placeholder(&self, v: &Value) -> bool {
        match (v.as_str(), self.placeholder) {
            (Some(t), Some(p)) => p.is_match(t),
            _ => false,
        }
    }

    /// The pointer of the value being checked.
    fn pointer(&self) -> String {
        pointer_of(&self.path, self.path.len())
    }

    /// The path of the object or list the value being checked is in.
    fn parent(&self) -> &[Token<'a>] {
        self.path.split_last().map_or(&[], |(_, parent)| parent)
    }

    /// The member name of the current place (for a list element, the
    /// list's; a name that is a number is taken for an index, as in a
    /// pointer).
    fn field_name(&self) -> String {
        self.path
            .iter()
            .rev()
            .find_map(|step| match step {
                Token::Key(k) if k.parse::<usize>().is_err() => Some(*k),
                _ => None,
            })
            .unwrap_or("")
            .to_string()
    }

    /// The current place in words, capitalised: "The ratio of the
    /// paraprofessional in service S3".
    fn place(&self) -> String {
        let words = place_words(self.doc, &self.pointer());
        let mut chars = words.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => "The plan".to_string(),
        }
    }

    /// " in the paraprofessional of service S3": where the current member
    /// was written, for a field that is not known.
    fn place_of_parent(&self) -> String {
        let parent = self.parent();
        if parent.is_empty() {
            " at the top of the plan".to_string()
        } else {
            format!(
                " in {}",
                place_words(self.doc, &pointer_of(parent, parent.len()))
            )
        }
    }
}

/// Names the plan format leaves to their authors.
fn is_extension(name: &str) -> bool {
    name.starts_with("x_") || name.starts_with("x-") || name == "$schema"
}

/// `2025-02-30`: written as a date, but no such day; the quality rule on
/// dates says so.
fn iso_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn expected(kind: Kind, node: &Node) -> String {
    match kind {
        Kind::Text if node.date => "a date written YYYY-MM-DD, such as \"2025-09-02\"".into(),
        Kind::Text if !node.choices.is_empty() => {
            let listed: Vec<String> = node
                .choices
                .iter()
                .take(5)
                .map(|c| format!("\"{c}\""))
                .collect();
            format!(
                "one of {}{}",
                listed.join(", "),
                if node.choices.len() > 5 { ", ..." } else { "" }
            )
        }
        Kind::Text => "text, written in quotes".into(),
        Kind::Number | Kind::Integer => format!("a number, such as {}", example_number(node)),
        Kind::Boolean => "true or false".into(),
        Kind::Array => "a list ([ ... ])".into(),
        Kind::Object => "a group of fields ({ ... })".into(),
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the text \"{}\"", clip(s)),
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("{b}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a group of fields".into(),
        Value::Null => "null".into(),
    }
}

/// A number to show as an example: within the field's range.
fn example_number(node: &Node) -> String {
    match node.maximum {
        Some(max) if max <= 100.0 => format_number(max * 0.8),
        _ => "30".into(),
    }
}

fn number_value(n: f64) -> Option<Value> {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        Some(Value::from(n as i64))
    } else {
        serde_json::Number::from_f64(n).map(Value::Number)
    }
}

fn format_number(n: f64) -> String {
    crate::value::format_number(n)
}

/// At most 40 characters of a value: a message quotes no more of a plan
/// than it needs.
fn clip(text: &str) -> String {
    const LIMIT: usize = 40;
    let text = text.trim();
    if text.chars().count() > LIMIT {
        let cut: String = text.chars().take(LIMIT).collect();
        format!("{}…", cut.trim_end())
    } else {
        text.to_string()
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, reason = "tests fail on broken set-up")]
mod tests {
    use super::*;
    use crate::schema::Schema;
    use serde_json::json;

    fn run(doc: Value) -> (Conformance, Vec<(String, String, String)>) {
        let schema = Schema::plan().expect("the embedded schema loads");
        let c = check(&doc, schema.shapes(), None);
        let found = c
            .findings
            .iter()
            .map(|f| (f.rule.to_string(), f.pointer.clone(), f.message.clone()))
            .collect();
        (c, found)
    }

    #[test]
    fn a_misspelt_field_is_read_under_its_name() {
        let doc = json!({"services": [{"id": "S3", "paraprofesional": {"ratio": "1-on-1"}}]});
        let (c, found) = run(doc.clone());
        assert_eq!(found[0].0, "schema.unknown-field");
        assert_eq!(found[0].1, "/services/0/paraprofesional");
        assert!(
            found[0].2.contains("did you mean \"paraprofessional\"?"),
            "{}",
            found[0].2
        );
        assert!(found[0].2.contains("in service S3"), "{}", found[0].2);
        assert_eq!(found[1].0, "schema.not-in-list");
        assert_eq!(found[1].1, "/services/0/paraprofesional/ratio");
        let meant = c.read_as_meant(&doc).expect("read as meant");
        assert_eq!(meant["services"][0]["paraprofessional"]["ratio"], "1:1");
        let mut rules = vec![crate::suppress::finding(
            crate::suppress::UNUSED,
            "/services/0/paraprofessional/purpose".into(),
            String::new(),
        )];
        c.settle(&mut rules);
        assert_eq!(rules[0].pointer, "/services/0/paraprofesional/purpose");
    }

    #[test]
    fn wrong_types_read_as_meant_or_left_unreadable() {
        let doc = json!({
            "placement": {"percent_in_general_education": "84%"},
            "special_factors": {"communication_needs": "Yes", "behavior_impedes_learning": "sometimes"},
            "services": [{"id": "S1", "minutes_per_session": "30 minutes", "paraprofessional": "1:1 aide"}],
            "student": {"date_of_birth": "6/14/2016", "grade": 5, "state": "Oregon"},
            "x_note": 1, "$schema": "s"
        });
        let (c, found) = run(doc.clone());
        let rules: Vec<(&str, &str)> = found
            .iter()
            .map(|(r, p, _)| (r.as_str(), p.as_str()))
            .collect();
        assert!(rules.contains(&(
            "schema.wrong-type",
            "/placement/percent_in_general_education"
        )));
        assert!(rules.contains(&("schema.wrong-type", "/special_factors/communication_needs")));
        assert!(rules.contains(&("schema.wrong-type", "/services/0/minutes_per_session")));
        assert!(rules.contains(&("schema.wrong-type", "/services/0/paraprofessional")));
        assert!(rules.contains(&("schema.date-format", "/student/date_of_birth")));
        assert!(rules.contains(&("schema.wrong-type", "/student/grade")));
        assert!(rules.contains(&("schema.invalid-value", "/student/state")));
        assert_eq!(found.len(), 8, "{found:#?}");
        let meant = c.read_as_meant(&doc).expect("read");
        assert_eq!(meant["placement"]["percent_in_general_education"], 84);
        assert_eq!(meant["special_factors"]["communication_needs"], true);
        assert_eq!(meant["services"][0]["minutes_per_session"], 30);
        assert_eq!(meant["student"]["date_of_birth"], "2016-06-14");
        assert_eq!(meant["student"]["grade"], "5");
        let rule_at = |p: &str| {
            crate::suppress::finding(crate::suppress::UNUSED, p.to_string(), String::new())
        };
        let mut rules = vec![
            rule_at("/services/0/paraprofessional/ratio"),
            rule_at("/special_factors/behavior_impedes_learning"),
            rule_at("/special_factors/communication_needs"),
        ];
        let schema_findings = c.findings.len();
        c.settle(&mut rules);
        let pointers: Vec<&str> = rules.iter().map(|f| f.pointer.as_str()).collect();
        assert!(
            !pointers.contains(&"/services/0/paraprofessional/ratio"),
            "below an unreadable value"
        );
        assert_eq!(
            pointers
                .iter()
                .filter(|p| **p == "/special_factors/behavior_impedes_learning")
                .count(),
            1,
            "a rule speaking at the unreadable value replaces the schema finding"
        );
        assert_eq!(rules.len(), 2 + schema_findings - 1);
        let msg = |p: &str| {
            found
                .iter()
                .find(|f| f.1 == p)
                .map(|f| f.2.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            msg("/placement/percent_in_general_education"),
            "The percent in general education of the placement is written as the text \"84%\"; write the number alone, 84."
        );
        assert_eq!(
            msg("/student/date_of_birth"),
            "The date of birth of the student is written \"6/14/2016\"; dates are written YYYY-MM-DD, here \"2016-06-14\"."
        );
    }

    #[test]
    fn a_date_that_does_not_exist_is_left_to_the_date_rule() {
        let (_, found) = run(json!({"student": {"date_of_birth": "2016-02-30"}}));
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn places_in_words() {
        let doc = json!({"services": [{"id": "S3", "paraprofessional": {"ratio": "x"}}, {}], "team": [{}]});
        assert_eq!(
            place_words(&doc, "/services/0/paraprofessional/ratio"),
            "the ratio of the paraprofessional in service S3"
        );
        assert_eq!(place_words(&doc, "/services/1"), "service 2");
        assert_eq!(
            place_words(&doc, "/team/0/role"),
            "the role in team member 1"
        );
    }
}
