//! Places in a plan in the words of an IEP document: "the plan for days
//! the aide is absent of the paraprofessional in service S3" rather than
//! `/services/2/paraprofessional/absence_plan`, and the section of the
//! document a place belongs to. Messages, the report and the page use them.

use serde_json::Value;

/// A field name in the words of an IEP document; other names are read
/// with spaces for underscores. The page's form labels its fields with it.
pub fn label(name: &str) -> String {
    let words = match name {
        "absence_plan" => "plan for days the aide is absent",
        "fading_plan" => "plan to fade the support",
        "decision_data" => "data behind the decision",
        "iep_access" => "access to the IEP",
        "nonparticipation_explanation" => "explanation of time outside general education",
        "health_plan_ref" => "health plan",
        "goal_ids" => "goals served",
        "x-ieplint" => "ieplint settings",
        other => return other.replace('_', " "),
    };
    words.to_string()
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
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    // Walk down to know which tokens are list elements and their ids.
    let mut cur = Some(doc);
    let mut parts: Vec<(String, Option<String>)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match cur {
            Some(Value::Array(items)) => {
                let index = t.parse::<usize>().ok();
                let element = index.and_then(|n| items.get(n));
                let id = element.and_then(|e| e.get("id")).and_then(|id| {
                    id.as_str()
                        .map(str::to_string)
                        .or_else(|| id.as_i64().map(|n| n.to_string()))
                });
                let list = tokens.get(i.wrapping_sub(1)).map_or("item", String::as_str);
                let label = id.unwrap_or_else(|| index.map_or(t.clone(), |n| (n + 1).to_string()));
                parts.pop();
                parts.push((singular(list), Some(label)));
                cur = element;
            }
            Some(Value::Object(m)) => {
                parts.push((label(t), None));
                cur = m.get(t);
            }
            _ => {
                parts.push((label(t), None));
                cur = None;
            }
        }
    }
    let mut out = String::new();
    for (i, (word, label)) in parts.iter().rev().enumerate() {
        let joint = match (i, label) {
            (0, _) => "",
            (_, Some(_)) => " in ",
            (_, None) => " of ",
        };
        out.push_str(joint);
        match label {
            Some(l) => {
                out.push_str(word);
                out.push(' ');
                out.push_str(l);
            }
            None => {
                out.push_str("the ");
                out.push_str(word);
            }
        }
    }
    out
}

/// One element of a list in words: "services" → "service", "team" →
/// "team member".
pub fn singular(list: &str) -> String {
    let words = list.replace('_', " ");
    match words.as_str() {
        "team" => "team member".into(),
        w if w.ends_with("ies") => format!("{}y", &w[..w.len() - 3]),
        w if w.ends_with('s') => w[..w.len() - 1].to_string(),
        w => format!("{w} item"),
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
}
