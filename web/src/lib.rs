//! The browser page's way into the ieplint core: the same [`Engine`] the
//! command line uses, loaded once with the built-in packs, linting the text
//! the page holds. Nothing here reads a file, the clock or the network:
//! the page passes today's date and the plan's text, and gets back the
//! findings as JSON (for the form) or the printable HTML report.

use std::sync::Arc;

use ieplint::{
    builtin_packs, field_label, item_label, plain_words, Context, Engine, FileResult, Format,
    LintContext, LintOptions, Located, Outcome, PlanText, Profile, Schema, Section, Style, Target,
    DOCS_URL, PLAN_SCHEMA,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The engine with the built-in packs and the draft profile (a parent
/// checks a school's draft, not a district template).
#[wasm_bindgen]
pub struct Linter {
    engine: Engine,
    options: LintOptions,
}

/// One finding as the page shows it next to a field.
#[derive(Serialize)]
struct PageFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    /// What is wrong, field names read as words.
    message: String,
    /// How to fix it, in the same words.
    help: String,
    cite: Option<&'a str>,
    /// The field the finding belongs to (a missing one included).
    pointer: &'a str,
    /// The pointer names a member that is not written yet.
    missing: bool,
    /// The place in words.
    place: &'a str,
    quote: Option<&'a str>,
    /// The section of the IEP document.
    section: &'static str,
    line: usize,
    ask: Option<&'a str>,
}

/// A section and how many findings it has, in the order of the document.
#[derive(Serialize)]
struct SectionCount {
    title: &'static str,
    count: usize,
}

/// Why the text could not be read as a plan.
#[derive(Serialize)]
struct PageError<'a> {
    message: &'a str,
    help: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
struct PageReport<'a> {
    error: Option<PageError<'a>>,
    findings: Vec<PageFinding<'a>>,
    sections: Vec<SectionCount>,
    errors: usize,
    warnings: usize,
}

#[wasm_bindgen]
impl Linter {
    /// Loads the built-in rule packs; an error here is a broken build.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Linter, JsError> {
        let schema = Schema::plan().map_err(|e| JsError::new(&e.to_string()))?;
        let loaded = Engine::load(&builtin_packs(), schema);
        let engine = loaded.engine.ok_or_else(|| {
            let first = loaded
                .problems
                .first()
                .map_or_else(String::new, |p| format!(": {p:?}"));
            JsError::new(&format!("the built-in rule packs did not load{first}"))
        })?;
        Ok(Linter {
            engine,
            options: LintOptions::new(Profile::Draft),
        })
    }

    /// Lints a plan's text; `today` is `YYYY-MM-DD`. Returns the findings
    /// as JSON: `{error, findings, sections, errors, warnings}`.
    pub fn lint(&self, text: &str, today: &str) -> Result<String, JsError> {
        let result = self.run(text, "plan.json", today)?;
        serde_json::to_string(&self.page_report(&result)).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The printable report of a plan: one self-contained HTML document,
    /// the same as `ieplint check --format html`.
    pub fn report(&self, text: &str, name: &str, today: &str) -> Result<String, JsError> {
        let result = self.run(text, name, today)?;
        let ctx = Context::new(&self.engine, DOCS_URL);
        Ok(Format::Html
            .emitter(Style {
                color: false,
                width: 80,
            })
            .emit(std::slice::from_ref(&result), &ctx))
    }

    fn run(&self, text: &str, name: &str, today: &str) -> Result<FileResult, JsError> {
        let today: jiff::civil::Date = today
            .parse()
            .map_err(|e| JsError::new(&format!("today's date `{today}`: {e}")))?;
        let cx = LintContext {
            options: &self.options,
            suppressions: &[],
            today,
            // The page and its printable report show each finding's place
            // in words, as the HTML report does.
            wants: Format::Html.wants(),
        };
        let plan = PlanText {
            path: name.to_string(),
            rel_path: name.to_string(),
            text: Arc::from(text),
        };
        Ok(self.engine.lint(&plan, &cx).result)
    }

    fn page_report<'a>(&'a self, result: &'a FileResult) -> PageReport<'a> {
        let mut report = PageReport {
            error: None,
            findings: Vec::new(),
            sections: Vec::new(),
            errors: 0,
            warnings: 0,
        };
        match &result.outcome {
            Outcome::Failed(e) => {
                report.error = Some(PageError {
                    message: &e.message,
                    help: &e.help,
                    line: e.line,
                    column: e.column,
                });
            }
            Outcome::Linted(found) => {
                let mut counts: Vec<(Section, usize)> = Vec::new();
                for l in found {
                    let section = Section::of(&l.finding.pointer);
                    match counts.iter_mut().find(|(s, _)| *s == section) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((section, 1)),
                    }
                    match l.finding.severity {
                        ieplint::Severity::Error => report.errors += 1,
                        ieplint::Severity::Warning => report.warnings += 1,
                        ieplint::Severity::Info => {}
                    }
                    report.findings.push(self.page_finding(l, section));
                }
                counts.sort_by_key(|(s, _)| *s);
                report.sections = counts
                    .into_iter()
                    .map(|(s, count)| SectionCount {
                        title: s.title(),
                        count,
                    })
                    .collect();
            }
        }
        report
    }

    fn page_finding<'a>(&'a self, l: &'a Located, section: Section) -> PageFinding<'a> {
        let f = &l.finding;
        PageFinding {
            rule: &f.rule,
            severity: f.severity.as_str(),
            message: plain_words(&f.message),
            help: plain_words(&f.help),
            cite: f.cite.as_deref(),
            pointer: &f.pointer,
            missing: matches!(f.target, Target::Missing),
            place: l.place.as_deref().unwrap_or(&f.pointer),
            quote: l.quote.as_deref(),
            section: section.title(),
            line: l.location.line,
            ask: self.engine.rule(&f.rule).and_then(|d| d.ask.as_deref()),
        }
    }
}

/// The plan format's JSON Schema, from which the page builds its form.
#[wasm_bindgen]
pub fn schema() -> String {
    PLAN_SCHEMA.to_string()
}

/// A field's name in the words of an IEP document (`absence_plan` →
/// "plan for days the aide is absent").
#[wasm_bindgen]
pub fn label(name: &str) -> String {
    field_label(name)
}

/// One element of a list in words (`services` → "service").
#[wasm_bindgen]
pub fn list_item(list: &str) -> String {
    item_label(list)
}

/// The title of the section of an IEP document a pointer belongs to.
#[wasm_bindgen]
pub fn section_title(pointer: &str) -> String {
    Section::of(pointer).title().to_string()
}

#[cfg(test)]
#[allow(clippy::expect_used, reason = "tests fail on broken set-up")]
mod tests {
    use super::*;

    #[test]
    fn a_missing_absence_plan_is_found_at_its_field() {
        let linter = Linter::new().expect("the built-in packs load");
        let text = r#"{"services": [{"id": "S2", "paraprofessional": {"ratio": "1:1"}}]}"#;
        let result = linter.run(text, "plan.json", "2026-12-02").expect("a date");
        let report = linter.page_report(&result);
        let absence = report
            .findings
            .iter()
            .find(|f| f.rule == "para.absence-plan")
            .expect("the absence plan is asked for");
        assert_eq!(absence.pointer, "/services/0/paraprofessional/absence_plan");
        assert!(absence.missing);
        assert_eq!(absence.section, "Paraprofessional support");
        assert!(absence.ask.is_some());
        assert!(report
            .sections
            .iter()
            .any(|s| s.title == "Paraprofessional support" && s.count > 1));
    }

    #[test]
    fn text_that_is_not_json_is_an_error_with_its_place() {
        let linter = Linter::new().expect("the built-in packs load");
        let result = linter
            .run("{\n  \"student\": ,\n}", "plan.json", "2026-12-02")
            .expect("a date");
        let report = linter.page_report(&result);
        let error = report.error.expect("not JSON");
        assert_eq!(error.line, Some(2));
        assert!(report.findings.is_empty());
    }
}
