//! Places in a plan in the words of an IEP document: "the plan for days
//! the aide is absent of the paraprofessional in service S3" rather than
//! `/services/2/paraprofessional/absence_plan`, and the section of the
//! document a place belongs to. Messages, the report and the page use them.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::Value;

use crate::shallow::Shallow;
use crate::value::unescape;

/// A field name in the words of an IEP document; other names are read
/// with spaces for underscores. The page's form labels its fields with it.
pub fn label(name: &str) -> String {
    words_for(name).into_owned()
}

/// [`label`], borrowed when no word changes.
fn words_for(name: &str) -> Cow<'_, str> {
    let words = match name {
        "absence_plan" => "plan for days the aide is absent",
        "fading_plan" => "plan to fade the support",
        "decision_data" => "data behind the decision",
        "iep_access" => "access to the IEP",
        "nonparticipation_explanation" => "explanation of time outside general education",
        "health_plan_ref" => "health plan",
        "goal_ids" => "goals served",
        "x-ieplint" => "ieplint settings",
        other if other.contains('_') => return Cow::Owned(other.replace('_', " ")),
        other => other,
    };
    Cow::Borrowed(words)
}

/// A message or fix in the words of an IEP document, for the report and
/// the page: a field written `absence_plan` reads "plan for days the aide
/// is absent", a value like supplementary_aid reads "supplementary aid".
/// The rule packs name fields for the authors of templates; parents read
/// this.
pub fn plain_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        words_of(&rest[..open], &mut out);
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close) => {
                let inner = &after[..close];
                let name = inner.rsplit('.').next().unwrap_or(inner);
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    out.push_str(&label(name));
                } else {
                    words_of(inner, &mut out);
                }
                rest = &after[close + 1..];
            }
            None => {
                words_of(after, &mut out);
                rest = "";
            }
        }
    }
    words_of(rest, &mut out);
    out
}

/// Copies text, reading each snake_case word as words.
fn words_of(text: &str, out: &mut String) {
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.contains('_') && word.chars().any(|c| c.is_ascii_lowercase()) {
            out.push_str(&label(word.trim_matches('_')));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, out);
            out.push(c);
        }
    }
    flush(&mut word, out);
}

/// The sections of an IEP document, in the order a school's form has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Student and meeting.
    Student,
    /// The IEP team.
    Team,
    /// Present levels of academic achievement and functional performance.
    PresentLevels,
    /// Special factors.
    SpecialFactors,
    /// Annual goals.
    Goals,
    /// Progress reporting.
    Progress,
    /// Services.
    Services,
    /// The paraprofessional support of a service.
    Paraprofessional,
    /// Accommodations.
    Accommodations,
    /// State and district assessments.
    Assessments,
    /// Placement: the least restrictive environment.
    Placement,
    /// Extended school year.
    ExtendedSchoolYear,
    /// Transition.
    Transition,
    /// Transfer of rights at the age of majority.
    TransferOfRights,
    /// The document itself (its format, ieplint's settings, anything else).
    Document,
}

impl Section {
    /// The section a pointer belongs to.
    pub fn of(pointer: &str) -> Section {
        let top = pointer.split('/').nth(1).unwrap_or("");
        match top {
            "student" | "meeting" => Section::Student,
            "team" => Section::Team,
            "present_levels" => Section::PresentLevels,
            "special_factors" => Section::SpecialFactors,
            "goals" => Section::Goals,
            "progress_reporting" => Section::Progress,
            "services" if pointer.contains("/paraprofessional") => Section::Paraprofessional,
            "services" => Section::Services,
            "accommodations" => Section::Accommodations,
            "assessments" => Section::Assessments,
            "placement" => Section::Placement,
            "extended_school_year" => Section::ExtendedSchoolYear,
            "transition" => Section::Transition,
            "age_of_majority" => Section::TransferOfRights,
            _ => Section::Document,
        }
    }

    /// Its title on an IEP document.
    pub fn title(self) -> &'static str {
        match self {
            Section::Student => "Student and meeting",
            Section::Team => "IEP team",
            Section::PresentLevels => "Present levels of performance",
            Section::SpecialFactors => "Special factors",
            Section::Goals => "Annual goals",
            Section::Progress => "Progress reporting",
            Section::Services => "Services",
            Section::Paraprofessional => "Paraprofessional support",
            Section::Accommodations => "Accommodations",
            Section::Assessments => "State and district assessments",
            Section::Placement => "Placement (least restrictive environment)",
            Section::ExtendedSchoolYear => "Extended school year",
            Section::Transition => "Transition",
            Section::TransferOfRights => "Transfer of rights",
            Section::Document => "The document",
        }
    }
}

/// A place in words: "the ratio of the paraprofessional in service S3",
/// "the percent in general education of the placement", "goal G2".
pub fn place_words(doc: &Value, pointer: &str) -> String {
    /// How a list element is named: its id, else its position from 1.
    enum Name<'a> {
        Id(&'a str),
        Number(i64),
        Position(usize),
        Token(Cow<'a, str>),
    }
    // Walk down to know which tokens are list elements and their ids;
    // each part is a field (`None`) or a list element and its name. The
    // parts are few: they stay on the stack.
    let mut cur = Some(doc);
    let mut parts: Shallow<(Cow<str>, Option<Name>), 16> = Shallow::new();
    // The token before, which names the list an element is in.
    let mut before: Option<Cow<str>> = None;
    for raw in pointer.split('/').skip(1) {
        let t = unescape(raw);
        let list = before.replace(t.clone());
        match cur {
            Some(Value::Array(items)) => {
                let index = t.parse::<usize>().ok();
                let element = index.and_then(|n| items.get(n));
                let name = match element.and_then(|e| e.get("id")) {
                    Some(Value::String(id)) => Some(Name::Id(id)),
                    Some(id) => id.as_i64().map(Name::Number),
                    None => None,
                }
                .unwrap_or(match index {
                    Some(n) => Name::Position(n + 1),
                    None => Name::Token(t.clone()),
                });
                // The list's own part becomes its element's.
                parts.pop();
                parts.push((list.unwrap_or(Cow::Borrowed("item")), Some(name)));
                cur = element;
            }
            Some(Value::Object(m)) => {
                cur = m.get(t.as_ref());
                parts.push((t, None));
            }
            _ => {
                parts.push((t, None));
                cur = None;
            }
        }
    }
    // About twice the pointer: each name gains a word or two ("the", "of").
    let mut out = String::with_capacity(2 * pointer.len() + 16);
    for (i, (word, name)) in parts.iter().rev().enumerate() {
        let joint = match (i, name) {
            (0, _) => "",
            (_, Some(_)) => " in ",
            (_, None) => " of ",
        };
        out.push_str(joint);
        match name {
            Some(name) => {
                out.push_str(&one_of(word));
                out.push(' ');
                let _ = match name {
                    Name::Id(id) => write!(out, "{id}"),
                    Name::Number(n) => write!(out, "{n}"),
                    Name::Position(n) => write!(out, "{n}"),
                    Name::Token(t) => write!(out, "{t}"),
                };
            }
            None => {
                out.push_str("the ");
                out.push_str(&words_for(word));
            }
        }
    }
    out
}

/// One element of a list in words: "services" → "service", "team" →
/// "team member".
pub fn singular(list: &str) -> String {
    one_of(list).into_owned()
}

/// [`singular`], borrowed when it is the list's name less its `s`.
fn one_of(list: &str) -> Cow<'_, str> {
    if list.contains('_') {
        return Cow::Owned(one_of(&list.replace('_', " ")).into_owned());
    }
    match list {
        "team" => Cow::Borrowed("team member"),
        w if w.ends_with("ies") => Cow::Owned(format!("{}y", &w[..w.len() - 3])),
        w if w.ends_with('s') => Cow::Borrowed(&w[..w.len() - 1]),
        w => Cow::Owned(format!("{w} item")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_and_values_read_as_words() {
        assert_eq!(
            plain_words("Set `absence_plan` on the block; `category` to \"supplementary_aid\"."),
            "Set plan for days the aide is absent on the block; category to \"supplementary aid\"."
        );
        assert_eq!(
            plain_words("ends after `meeting.plan_end` (300.320(a)(7))"),
            "ends after plan end (300.320(a)(7))"
        );
        assert_eq!(
            plain_words("an `x = 1` and a lone ` mark"),
            "an x = 1 and a lone  mark"
        );
        assert_eq!(
            plain_words("G2, 1:1, 34 CFR 300.42"),
            "G2, 1:1, 34 CFR 300.42"
        );
    }

    #[test]
    fn places_read_from_the_leaf_up_at_any_depth() {
        let doc = serde_json::json!({
            "goals": [{"id": "G2", "short_term_objectives": [{"statement": "x"}]}],
            "a~b": {"c/d": 1}
        });
        assert_eq!(
            place_words(&doc, "/goals/0/short_term_objectives/0/statement"),
            "the statement in short term objective 1 in goal G2"
        );
        assert_eq!(place_words(&doc, "/a~0b/c~1d"), "the c/d of the a~b");
        assert_eq!(place_words(&doc, "/goals/7"), "goal 8");
        // Deeper than the parts kept on the stack.
        let mut deep = serde_json::json!("leaf");
        for level in (0..20).rev() {
            deep = serde_json::json!({ format!("k{level}"): deep });
        }
        let pointer: String = (0..20).map(|l| format!("/k{l}")).collect();
        let expected: Vec<String> = (0..20).rev().map(|l| format!("the k{l}")).collect();
        assert_eq!(place_words(&deep, &pointer), expected.join(" of "));
    }
}
