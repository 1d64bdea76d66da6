//! Evaluation cases: small packs run on small plans through the library,
//! asserting what fires and where it points.

#![allow(clippy::panic, reason = "test helpers fail the test on broken set-up")]

mod common;

use ieplint::{builtin_packs, LintOptions, Profile, SourceFile};
use serde_json::json;

/// Loads the built-in vocabulary plus `rules` (a pack named `t`) and
/// returns `(rule, pointer, message)` for each finding of pack `t` on
/// `doc` (the schema check and the other packs are off: the documents are
/// made to exercise the language, not to be plans).
fn lint(rules: &str, doc: serde_json::Value) -> Vec<(String, String, String)> {
    let engine = engine_with(rules);
    common::lint_text(&engine, &doc.to_string(), &only_t(&engine))
        .unwrap_or_else(|e| panic!("not a plan: {}", e.message))
        .into_iter()
        .map(|l| {
            (
                l.finding.rule.to_string(),
                l.finding.pointer,
                l.finding.message,
            )
        })
        .collect()
}

/// Only the rules of pack `t`.
fn only_t(engine: &ieplint::Engine) -> LintOptions {
    LintOptions::selecting(Profile::Draft, engine.rule_ids(), &["t"], &[])
}

/// The built-in vocabulary plus `rules` (a pack named `t`).
fn engine_with(rules: &str) -> ieplint::Engine {
    let mut files: Vec<SourceFile> = builtin_packs()
        .into_iter()
        .filter(|f| f.name.contains("vocab"))
        .collect();
    files.push(SourceFile::new("t.rules", format!("pack t\n{rules}")));
    common::engine_of(&files)
}

fn pointers(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|(_, p, _)| p.as_str()).collect()
}

const META: &str = "severity error\n  summary \"s\"\n  cite \"c\"";

fn rule(body: &str) -> String {
    format!("rule t.r {{\n  {META}\n  {body}\n}}")
}

#[test]
fn missing_and_null_and_blank_are_told_apart() {
    let r = rule("for g in goals[*]\n  require present(g.baseline)\n    message \"{g.id} {absence}\"\n    help \"h\"");
    let found = lint(
        &r,
        json!({"goals": [{"id": "G1"}, {"id": "G2", "baseline": null}, {"id": "G3", "baseline": "  "}, {"id": "G4", "baseline": "12 wcpm"}]}),
    );
    let msgs: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(
        msgs,
        vec!["G1 is missing", "G2 is null (left blank)", "G3 is empty"]
    );
    assert_eq!(
        pointers(&found),
        vec![
            "/goals/0/baseline",
            "/goals/1/baseline",
            "/goals/2/baseline"
        ]
    );
}

#[test]
fn placeholders_count_as_absent_in_the_draft_profile_only() {
    let r = rule("require filled(meeting.type)\n    message \"{absence}\"\n    help \"h\"");
    let doc = json!({"meeting": {"type": "[meeting type]"}});
    assert_eq!(lint(&r, doc.clone())[0].2, "holds only a placeholder");
    let mut files: Vec<SourceFile> = builtin_packs();
    files.push(SourceFile::new("t.rules", format!("pack t\n{r}")));
    let engine = common::engine_of(&files);
    let template = LintOptions::selecting(Profile::Template, engine.rule_ids(), &["t.r"], &[]);
    let found = common::lint_text(&engine, &doc.to_string(), &template).expect("a plan");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn quantifiers_and_cross_references() {
    let r = rule(
        "for s in services[*]\n  for g in s.goal_ids[*]\n  require g in goals[*].id\n    message \"{g} dangles\"\n    help \"h\"",
    );
    let found = lint(
        &r,
        json!({"goals": [{"id": "G1"}], "services": [{"goal_ids": ["G1", "G7"]}, {"goal_ids": ["G8"]}]}),
    );
    assert_eq!(
        pointers(&found),
        vec!["/services/0/goal_ids/1", "/services/1/goal_ids/0"]
    );
    assert_eq!(found[0].2, "G7 dangles");

    let r = rule("require count(s in services[*] where s.category == \"special_education\") >= 2\n    at services\n    message \"m\"\n    help \"h\"");
    assert_eq!(
        pointers(&lint(
            &r,
            json!({"services": [{"category": "special_education"}]})
        )),
        vec!["/services"]
    );
    assert!(lint(
        &r,
        json!({"services": [{"category": "special_education"}, {"category": "special_education"}]})
    )
    .is_empty());

    let r =
        rule("require all(g in goals[*] where present(g.id))\n    message \"m\"\n    help \"h\"");
    assert_eq!(
        pointers(&lint(&r, json!({"goals": [{"id": "a"}, {"x": 1}]}))),
        vec!["/goals/1"]
    );

    let r = rule(
        "forbid any(g in goals[*] where g.area == \"math\")\n    message \"m\"\n    help \"h\"",
    );
    assert_eq!(
        pointers(&lint(
            &r,
            json!({"goals": [{"area": "reading"}, {"area": "math"}]})
        )),
        vec!["/goals/1"]
    );
}

#[test]
fn duplicates_point_at_the_later_occurrence() {
    let r = rule(
        "for d in duplicates(goals[*].id)\n  report d\n    message \"{d} twice\"\n    help \"h\"",
    );
    let found = lint(
        &r,
        json!({"goals": [{"id": "G1"}, {"id": "G2"}, {"id": "G1"}]}),
    );
    assert_eq!(pointers(&found), vec!["/goals/2/id"]);
    assert_eq!(found[0].2, "G1 twice");
}

#[test]
fn filters_in_paths() {
    let r = rule(
        "for s in services[* where it.category == \"special_education\"]\n  require present(s.location)\n    message \"m\"\n    help \"h\"",
    );
    let found = lint(
        &r,
        json!({"services": [{"category": "related_service"}, {"category": "special_education"}]}),
    );
    assert_eq!(pointers(&found), vec!["/services/1/location"]);
}

#[test]
fn date_arithmetic_and_age() {
    let r = rule(
        "forbid meeting.plan_end > add_years(meeting.date, 1)\n    message \"late\"\n    help \"h\"\n  require age_on(student.date_of_birth, meeting.plan_end) < 16\n    at student.date_of_birth\n    message \"16 by {meeting.plan_end}\"\n    help \"h\"",
    );
    let found = lint(
        &r,
        json!({"student": {"date_of_birth": "2010-02-01"}, "meeting": {"date": "2025-02-01", "plan_end": "2026-02-02"}}),
    );
    assert_eq!(
        pointers(&found),
        vec!["/meeting/plan_end", "/student/date_of_birth"]
    );
    let found = lint(
        &r,
        json!({"student": {"date_of_birth": "2010-02-02"}, "meeting": {"date": "2024-02-29", "plan_end": "2025-02-28"}}),
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn text_matches_carry_their_range() {
    let r = rule("for g in goals[*]\n  for h in find(g.statement, words [\"as needed\", \"etc.\"])\n  report h\n    message \"{h}\"\n    help \"h\"");
    let doc = json!({"goals": [{"statement": "Reads, writes, etc. and asks As   Needed."}]});
    let engine = engine_with(&r);
    let found = common::lint_text(&engine, &doc.to_string(), &only_t(&engine)).expect("a plan");
    let ranges: Vec<_> = found
        .iter()
        .map(|l| (l.finding.message.clone(), l.finding.target))
        .collect();
    assert_eq!(
        ranges,
        vec![
            (
                "etc.".to_string(),
                ieplint::Target::Text { start: 15, end: 19 }
            ),
            (
                "As   Needed".to_string(),
                ieplint::Target::Text { start: 29, end: 40 }
            ),
        ]
    );
}

#[test]
fn wrong_types_do_not_panic() {
    let r = rule(
        "for s in services[*]\n  require present(s.paraprofessional.purpose) and s.minutes > 3 and matches(s.name, /x/) and days_between(s.start, s.end) > 1\n    message \"m\"\n    help \"h\"",
    );
    let found = lint(
        &r,
        json!({"services": [7, "text", null, [1], {"paraprofessional": "yes", "minutes": "ten", "name": 5, "start": 3}]}),
    );
    assert_eq!(found.len(), 5, "every element is checked: {found:?}");
}

#[test]
fn paths_continue_from_a_variable_holding_a_wildcard_result() {
    let r = rule("let p = services[*].paraprofessional\n  for t in p.absence_plan\n  report t\n    message \"{t}\"\n    help \"h\"");
    let found = lint(
        &r,
        json!({"services": [{"paraprofessional": {"absence_plan": "a"}}, {}, {"paraprofessional": {"absence_plan": "b"}}]}),
    );
    assert_eq!(
        pointers(&found),
        vec![
            "/services/0/paraprofessional/absence_plan",
            "/services/2/paraprofessional/absence_plan"
        ]
    );
}

#[test]
fn pointer_member_choose_and_objects() {
    let r = rule(
        "for o in objects(plan) where present(o.start_date)\n  let timing = choose(o.start_date > \"2025-06-01\", \"late\", \"early\")\n  report o.start_date\n    message \"{pointer(o.start_date)} {member(o.start_date)} {timing}\"\n    help \"h\"",
    );
    let found = lint(
        &r,
        json!({"services": [{"start_date": "2025-09-01", "paraprofessional": {"start_date": "2025-01-10"}}]}),
    );
    // Findings come in order of place in the text, where `paraprofessional`
    // comes before `start_date`.
    let msgs: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(
        msgs,
        vec![
            "/services/0/paraprofessional/start_date start_date early",
            "/services/0/start_date start_date late"
        ]
    );
}

#[test]
fn report_points_at_each_element_of_a_list_and_at_nothing_absent() {
    let each = rule("report find(goals[*].statement, /tbd/i)\n    message \"m\"\n    help \"h\"");
    let found = lint(
        &each,
        json!({"goals": [{"statement": "TBD"}, {"statement": "fine"}, {"statement": "tbd too"}]}),
    );
    assert_eq!(
        pointers(&found),
        ["/goals/0/statement", "/goals/2/statement"]
    );
    let single = rule("for g in goals[*]\n  report g.baseline\n    message \"m\"\n    help \"h\"");
    let found = lint(
        &single,
        json!({"goals": [{"baseline": "12"}, {"statement": "no baseline"}]}),
    );
    assert_eq!(pointers(&found), ["/goals/0/baseline"]);
}

#[test]
fn a_finding_moved_with_at_keeps_why_the_value_was_absent() {
    let r = rule(
        "for g in goals[*]\n  require present(g.baseline)\n    at g.statement\n    message \"{absence}\"\n    help \"h\"",
    );
    let found = lint(&r, json!({"goals": [{"statement": "s"}]}));
    assert_eq!(
        found,
        [(
            "t.r".to_string(),
            "/goals/0/statement".to_string(),
            "is missing".to_string()
        )]
    );
}

#[test]
fn a_missing_member_is_shown_at_the_object_that_should_hold_it() {
    let engine = engine_with(&rule(
        "for g in goals[*]\n  require present(g.baseline)\n    message \"m\"\n    help \"h\"",
    ));
    let text = "{\"goals\": [\n  {\"id\": \"G1\"}\n]}";
    let found = common::lint_text(&engine, text, &only_t(&engine)).unwrap_or_default();
    let [one] = found.as_slice() else {
        panic!("{found:?}")
    };
    assert_eq!(one.finding.target, ieplint::Target::Missing);
    assert_eq!(one.finding.pointer, "/goals/0/baseline");
    assert_eq!((one.location.line, one.location.column), (2, 3));
}

#[test]
fn a_filtered_path_is_evaluated_for_each_binding() {
    let r = rule(
        "for s in services[*]\n  require count(x in goals[* where it.service == s.id]) > 0\n    message \"{s.id}\"\n    help \"h\"",
    );
    let found = lint(
        &r,
        json!({"services": [{"id": "S1"}, {"id": "S2"}], "goals": [{"service": "S1"}]}),
    );
    assert_eq!(pointers(&found), ["/services/1"]);
}

#[test]
fn a_pack_value_with_a_warning_keeps_its_value() {
    // `statment` is misspelt (a warning); the rest of the value still counts.
    let r = format!(
        "let said = [goals[*].statement, goals[*].statment]\n{}",
        rule("require count(said) == 0\n    message \"m\"\n    help \"h\"")
    );
    let found = lint(&r, json!({"goals": [{"statement": "Reads."}]}));
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn arithmetic_on_numbers_and_null_otherwise() {
    // Each check fires when its arithmetic is wrong; none should.
    let checks = [
        "7 - 3 == 4",
        "7 + 3 == 10",
        "-count(goals[*]) == -2",
        "count(goals[*]) - 3 == -1",
        "goals[0].id + 1 == null",
        "-goals[0].id == null",
        "1 - 1 - 1 == -1",
    ];
    let body: String = checks
        .iter()
        .map(|c| {
            format!(
                "require {c}\n    message \"{}\"\n    help \"h\"\n  ",
                c.replace('"', "")
            )
        })
        .collect();
    let found = lint(&rule(&body), json!({"goals": [{"id": "G1"}, {"id": "G2"}]}));
    let failed: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    assert!(failed.is_empty(), "wrong: {failed:?}");
    // And they can fail.
    let found = lint(
        &rule("require 2 - 1 == 3\n    message \"m\"\n    help \"h\""),
        json!({}),
    );
    assert_eq!(found.len(), 1);
}

#[test]
fn a_count_as_a_condition_is_true_when_not_zero() {
    let r = rule(
        "when count(g in goals[*] where present(g.baseline))\n  require false\n    message \"m\"\n    help \"h\"",
    );
    assert_eq!(
        lint(&r, json!({"goals": [{"baseline": "12"}, {}]})).len(),
        1
    );
    assert!(lint(&r, json!({"goals": [{}, {}]})).is_empty());
    // Not "all": a first element that does not count does not decide.
    assert_eq!(
        lint(&r, json!({"goals": [{}, {"baseline": "12"}]})).len(),
        1
    );
}

/// The pointers a `report` of `place` gives on `doc`.
fn reported(place: &str, doc: serde_json::Value) -> Vec<String> {
    let r = rule(&format!(
        "report {place}\n    message \"m\"\n    help \"h\""
    ));
    lint(&r, doc).into_iter().map(|(_, p, _)| p).collect()
}

#[test]
fn paths_name_what_is_missing_until_a_wildcard_and_drop_it_after() {
    let doc = json!({
        "goals": [{"id": "G1", "statement": "Reads.", "baseline": "12"}, {"id": "G2", "statement": "Writes."}],
        "services": [{"goal_ids": ["G1"]}, {"goal_ids": []}]
    });
    // After a wildcard, what is not there is left out.
    assert_eq!(
        reported("goals[*].baseline", doc.clone()),
        ["/goals/0/baseline"]
    );
    assert_eq!(
        reported("services[*].goal_ids[0]", doc.clone()),
        ["/services/0/goal_ids/0"]
    );
    assert!(reported("goals[*].statement.x", doc.clone()).is_empty());
    assert!(reported("goals[*].statement[0]", doc.clone()).is_empty());
    // Without one, a missing value is reported at the member it names.
    let r = |place: &str| {
        let checks = rule(&format!(
            "require present({place})\n    message \"m\"\n    help \"h\""
        ));
        lint(&checks, doc.clone())
            .into_iter()
            .map(|(_, p, _)| p)
            .collect::<Vec<_>>()
    };
    assert_eq!(r("goals[1].baseline"), ["/goals/1/baseline"]);
    assert_eq!(r("goals[0].statement.x"), ["/goals/0/statement/x"]);
    assert_eq!(r("goals[5]"), ["/goals/5"]);
    assert_eq!(r("goals[0].statement[2]"), ["/goals/0/statement/2"]);
    assert_eq!(r("goals[9].id.more"), ["/goals/9/id/more"]);
    // A wildcard held in a variable goes on element by element.
    let held = rule("let gs = goals[*]\n  report gs.statement\n    message \"m\"\n    help \"h\"");
    let found: Vec<String> = lint(&held, doc.clone())
        .into_iter()
        .map(|(_, p, _)| p)
        .collect();
    assert_eq!(found, ["/goals/0/statement", "/goals/1/statement"]);
    // A field of a computed value is nothing.
    let computed = rule(
        "let t = lower(goals[0].id)\n  require t.x == null\n    message \"m\"\n    help \"h\"\n  require t[0] == null\n    message \"n\"\n    help \"h\"",
    );
    assert!(lint(&computed, doc).is_empty());
}

#[test]
fn text_orders_alphabetically_and_dates_by_day() {
    let checks = [
        "\"b\" > \"a\"",
        "\"a\" < \"b\"",
        "not (\"a\" > \"b\")",
        "add_days(\"2026-01-01\", 1) > \"2026-01-01\"",
        "not (add_days(\"2026-01-01\", 1) > \"zzz\")",
        "not (add_days(\"2026-01-01\", 1) < \"zzz\")",
    ];
    let body: String = checks
        .iter()
        .map(|c| {
            format!(
                "require {c}\n    message \"{}\"\n    help \"h\"\n  ",
                c.replace('"', "'")
            )
        })
        .collect();
    let found = lint(&rule(&body), json!({}));
    let failed: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    assert!(failed.is_empty(), "wrong: {failed:?}");
}

/// Filters and guards are judged without working out places; a check of
/// the same condition, with them: the two must agree on every operator.
#[test]
fn filters_guards_and_checks_agree_on_every_operator() {
    let cond = "present(s.tag) and not (s.n < 2) and (s.tag in [\"a\", \"b\"] or s.n >= 10) \
        and any(x in s.xs where x == 1) and all(x in s.xs where x > 0) \
        and none(x in s.xs where x > 5) and s.tag != \"z\" and s.n <= 20 and absent(s.gone) \
        and present(s.id, /^placeholder$/)";
    let items = json!({"x": [
        {"id": "pass-a", "n": 3, "tag": "a", "xs": [1, 2]},
        {"id": "pass-ten", "n": 10, "tag": "q", "xs": [1]},
        {"id": "small", "n": 1, "tag": "a", "xs": [1]},
        {"id": "tag", "n": 3, "tag": "q", "xs": [1]},
        {"id": "no-one", "n": 3, "tag": "a", "xs": [2]},
        {"id": "not-all", "n": 3, "tag": "b", "xs": [1, 0]},
        {"id": "six", "n": 3, "tag": "b", "xs": [1, 6]},
        {"id": "z", "n": 30, "tag": "z", "xs": [1]},
        {"id": "big", "n": 21, "tag": "a", "xs": [1]},
        {"id": "gone", "n": 3, "tag": "a", "xs": [1], "gone": 1},
        {"id": "placeholder", "n": 3, "tag": "a", "xs": [1]}
    ]});
    let passing = vec!["/x/0/id", "/x/1/id"];
    let filtered = rule(&format!(
        "for s in objects(plan) where {cond}\n  report s.id\n    message \"m\"\n    help \"h\""
    ));
    assert_eq!(pointers(&lint(&filtered, items.clone())), passing);
    let guarded = rule(&format!(
        "for s in objects(plan)\n  when {cond}\n  report s.id\n    message \"m\"\n    help \"h\""
    ));
    assert_eq!(pointers(&lint(&guarded, items.clone())), passing);
    let with_if = rule(&format!(
        "for s in objects(plan)\n  report s.id\n    if {cond}\n    message \"m\"\n    help \"h\""
    ));
    assert_eq!(pointers(&lint(&with_if, items.clone())), passing);
    let checked = rule(&format!(
        "for s in objects(plan)\n  forbid {cond}\n    at s.id\n    message \"m\"\n    help \"h\""
    ));
    assert_eq!(pointers(&lint(&checked, items.clone())), passing);
    // As a value (`let`), the condition is judged with its place.
    let valued = rule(&format!(
        "for s in objects(plan)\n  let ok = {cond}\n  report s.id\n    if ok\n    message \"m\"\n    help \"h\""
    ));
    assert_eq!(pointers(&lint(&valued, items)), passing);
}

/// A rule reports a place once however often it reaches it; another rule
/// saying the same about the same place is reported too.
#[test]
fn a_place_is_reported_once_per_rule() {
    let body = |id: &str| {
        format!(
            "rule t.{id} {{\n  {META}\n  for g in [goals[0], goals[*], goals[0]]\n  require present(g.baseline)\n    message \"no baseline\"\n    help \"h\"\n}}"
        )
    };
    let rules = format!("{}\n{}", body("a"), body("b"));
    let found = lint(
        &rules,
        json!({"goals": [{"id": "G1"}, {"id": "G2", "baseline": "5"}]}),
    );
    let seen: Vec<(&str, &str)> = found
        .iter()
        .map(|(rule, pointer, _)| (rule.as_str(), pointer.as_str()))
        .collect();
    assert_eq!(
        seen,
        [("t.a", "/goals/0/baseline"), ("t.b", "/goals/0/baseline")]
    );
}

/// A function's answer for a value of the plan is kept for the rest of the
/// plan: asked again, as a condition or for its value, by the same rule or
/// another, it is the same; asked of another value, or of the same values
/// in another order, it is worked out for them.
#[test]
fn a_function_answers_each_value_and_order_of_values_on_its_own() {
    let defines = "define long(t) = matches(t, /.{12}/)\n\
        define shout(t) = choose(long(t), t, \"short\")\n\
        define first_long(a, b) = long(a) and not long(b)\n";
    let body = |id: &str| {
        format!(
            "rule t.{id} {{\n  {META}\n  for g in goals[*]\n  when long(g.statement)\n  \
             require first_long(g.id, g.statement)\n    \
             message \"{{shout(g.statement)}} {{shout(g.id)}} {{first_long(g.statement, g.id)}}\"\n    \
             help \"h\"\n}}"
        )
    };
    let rules = format!("{defines}{}\n{}", body("a"), body("b"));
    let found = lint(
        &rules,
        json!({"goals": [
            {"id": "G1", "statement": "a long statement"},
            {"id": "G2", "statement": "short"},
            {"id": "G3", "statement": "a long statement"},
            {"id": "a very long id", "statement": "also long enough"}
        ]}),
    );
    let seen: Vec<String> = found
        .iter()
        .map(|(rule, pointer, message)| format!("{rule} {pointer} {message}"))
        .collect();
    let message = "a long statement short true";
    assert_eq!(
        seen,
        [
            format!("t.a /goals/0/id {message}"),
            format!("t.b /goals/0/id {message}"),
            format!("t.a /goals/2/id {message}"),
            format!("t.b /goals/2/id {message}"),
            "t.a /goals/3/statement also long enough a very long id false".to_string(),
            "t.b /goals/3/statement also long enough a very long id false".to_string(),
        ]
    );
}
