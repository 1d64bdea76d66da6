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
