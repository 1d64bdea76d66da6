//! One test per error code of the checker, and for the compiled forms it
//! builds (word lists, patterns, scopes), each on a pack of a few lines.

use super::*;
use crate::pack_error::SourceFile;
use crate::schema::Schema;
use crate::syntax::parse_pack;
use expr::{ascii_boundaries, splice_points, words_pattern};

/// Parses and checks packs `(name, text)`; the syntax must be right.
fn check_all(files: &[(&str, &str)]) -> Checked {
    let files = files
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text));
    check_files(files.collect(), Compile::Now)
}

/// Parses and checks pack files, compiling their patterns as `compile`
/// says; the syntax must be right.
fn check_files(files: Vec<SourceFile>, compile: Compile) -> Checked {
    let schema = Schema::plan().expect("embedded schema");
    let parsed: Vec<(SourceFile, Pack)> = files
        .into_iter()
        .map(|file| {
            let (pack, errors) = parse_pack(&file);
            assert!(errors.is_empty(), "syntax: {errors:?}");
            (file, pack.expect("pack"))
        })
        .collect();
    check_packs(
        &parsed,
        schema.shapes(),
        &crate::parallel::Sequential,
        compile,
    )
}

fn problems(text: &str) -> Vec<PackError> {
    check_all(&[("t.rules", text)]).problems
}

/// The only problem of a pack: its code, the text it labels, its help.
fn only(text: &str) -> (&'static str, String, String, String) {
    let found = problems(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let p = &found[0];
    (
        p.code,
        text[p.span.start..p.span.end].to_string(),
        p.message.clone(),
        p.help.clone().unwrap_or_default(),
    )
}

/// A rule `t.r` with `body` as its steps.
fn rule(body: &str) -> String {
    format!(
        "pack t\nrule t.r {{\n  severity error\n  summary \"s\"\n{body}\n    message \"m\"\n    help \"h\"\n}}\n"
    )
}

#[test]
fn a_sound_rule_compiles_with_its_checks_and_documentation() {
    let checked = check_all(&[(
        "t.rules",
        "pack t docs \"https://x.org/r\"\nrule t.r {\n  severity warning\n  summary \"s\"\n  cite \"c\"\n  why \"w\"\n  ask \"a\"\n  for g in goals[*]\n  require present(g.statement)\n    message \"m\"\n    help \"h\"\n  report g.baseline\n    severity info\n    message \"m\"\n    help \"h\"\n  example fail at \"/goals/0\" \"{}\"\n  example pass \"{}\"\n}\n",
    )]);
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    let [r] = checked.rules.as_slice() else {
        panic!("one rule")
    };
    let doc = &r.doc;
    assert_eq!((&*doc.id, &*doc.pack), ("t.r", "t"));
    assert_eq!(doc.severity, Severity::Warning);
    assert_eq!(doc.summary, "s");
    assert_eq!(doc.cite.as_deref(), Some("c"));
    assert_eq!(doc.why.as_deref(), Some("w"));
    assert_eq!(doc.ask.as_deref(), Some("a"));
    assert_eq!(doc.docs.as_deref(), Some("https://x.org/r"));
    assert_eq!(doc.examples.len(), 2);
    assert!(doc.examples[0].fails && !doc.examples[1].fails);
    assert_eq!(doc.examples[0].at.as_deref(), Some("/goals/0"));
    assert!(doc.examples[0].span.is_some());
    assert_eq!(
        r.checks,
        [
            CheckSite {
                kind: ast::CheckKind::Require,
                line: 9
            },
            CheckSite {
                kind: ast::CheckKind::Report,
                line: 12
            }
        ]
    );
    assert_eq!(r.slots, 1);
}

#[test]
fn duplicate_id() {
    let text = "pack t\nrule t.r {\n  severity error\n  summary \"s\"\n  require true\n    message \"m\"\n    help \"h\"\n}\nrule t.r {\n  severity error\n  summary \"s\"\n  require true\n    message \"m\"\n    help \"h\"\n}\n";
    let checked = check_all(&[("t.rules", text)]);
    assert_eq!(checked.problems.len(), 1, "{:?}", checked.problems);
    let p = &checked.problems[0];
    assert_eq!(p.code, "ieplint::rules::duplicate-id");
    assert_eq!(p.line_column().0, 9);
    assert!(
        p.help
            .as_deref()
            .unwrap_or("")
            .contains("t.rules at line 2"),
        "{:?}",
        p.help
    );
    assert_eq!(checked.rules.len(), 1, "the first one is kept");
}

#[test]
fn duplicate_name() {
    let checked = check_all(&[
        ("a.rules", "pack a\nlet x = 1\n"),
        ("b.rules", "pack b\nlet x = 2\ndefine present(v) = true\n"),
    ]);
    let codes: Vec<_> = checked
        .problems
        .iter()
        .map(|p| (p.code, p.source.name().to_string(), p.message.clone()))
        .collect();
    assert_eq!(
        codes,
        [
            (
                "ieplint::rules::duplicate-name",
                "b.rules".to_string(),
                "`x` is defined twice".to_string()
            ),
            (
                "ieplint::rules::duplicate-name",
                "b.rules".to_string(),
                "`present` is the name of a built-in function".to_string()
            ),
        ]
    );
    assert!(checked.problems[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("first defined in a.rules"));
}

#[test]
fn cycle() {
    let (code, at, message, _) = only("pack t\nlet a = b + 1\nlet b = a + 1\n");
    assert_eq!(code, "ieplint::rules::cycle");
    assert_eq!(at, "a");
    assert_eq!(message, "`a` is defined in terms of itself");
    let (code, ..) = only("pack t\ndefine f(x) = f(x)\n");
    assert_eq!(code, "ieplint::rules::cycle");
}

#[test]
fn id_prefix() {
    let (code, at, _, help) = only(&rule("  require true").replace("rule t.r", "rule other.r"));
    assert_eq!(code, "ieplint::rules::id-prefix");
    assert_eq!(at, "other.r");
    assert!(help.contains("`t.r`"), "{help}");
}

#[test]
fn missing_field() {
    let text = "pack t\nrule t.r {\n  require true\n  forbid false\n    message \"m\"\n  report goals[*]\n    help \"h\"\n}\nrule t.empty {\n  severity error\n  summary \"s\"\n}\n";
    let found = problems(text);
    let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "rule `t.r` has no severity",
            "rule `t.r` has no summary",
            "a check of rule `t.r` has no message",
            "a check of rule `t.r` has no help",
            "a check of rule `t.r` has no help",
            "a check of rule `t.r` has no message",
            "rule `t.empty` has no check",
        ]
    );
    assert!(found
        .iter()
        .all(|p| p.code == "ieplint::rules::missing-field"));
    // A check without message or help is labelled at its keyword.
    let labels: Vec<&str> = found[2..6]
        .iter()
        .map(|p| &text[p.span.start..p.span.end])
        .collect();
    assert_eq!(labels, ["require", "require", "forbid", "report"]);
}

#[test]
fn unknown_severity() {
    let (code, at, _, help) =
        only(&rule("  require true").replace("severity error", "severity eror"));
    assert_eq!(code, "ieplint::rules::unknown-severity");
    assert_eq!(at, "eror");
    assert_eq!(help, "did you mean `error`?");
    let (_, _, _, help) = only(&rule("  require true").replace("severity error", "severity grave"));
    assert!(help.starts_with("write `severity error`"), "{help}");
    let checked = check_all(&[(
        "t.rules",
        &rule("  require true\n    severity warning").replace("severity error", "severity info"),
    )]);
    assert_eq!(checked.rules[0].doc.severity, Severity::Info);
}

#[test]
fn example_kind_json_and_at() {
    let base = rule("  require true");
    let with =
        |clause: &str| base.replace("  severity error", &format!("  severity error\n  {clause}"));
    let (code, at, _, help) = only(&with("example fial \"{}\""));
    assert_eq!(
        (code, at.as_str()),
        ("ieplint::rules::example-kind", "fial")
    );
    assert_eq!(help, "did you mean `fail`?");
    let (code, at, message, _) = only(&with("example pass \"{not json\""));
    assert_eq!(code, "ieplint::rules::example-json");
    assert_eq!(at, "\"{not json\"");
    assert!(
        message.starts_with("this example is not valid JSON"),
        "{message}"
    );
    let (code, at, ..) = only(&with("example pass at \"/goals\" \"{}\""));
    assert_eq!(
        (code, at.as_str()),
        ("ieplint::rules::example-at", "\"/goals\"")
    );
    let (code, _, message, _) = only(&with("example fail at \"goals\" \"{}\""));
    assert_eq!(code, "ieplint::rules::example-at");
    assert_eq!(message, "`goals` is not a place in a plan");
    assert!(problems(&with("example fail at \"\" \"{}\"")).is_empty());
}

#[test]
fn unknown_name() {
    let (code, at, message, help) = only(&rule("  for g in goals[*]\n  require present(gg.id)"));
    assert_eq!(code, "ieplint::rules::unknown-name");
    assert_eq!(at, "gg");
    assert_eq!(message, "unknown name `gg`");
    assert_eq!(help, "did you mean `g`?");
    let (code, ..) = only(&rule("  require present(zzqqxx)"));
    assert_eq!(code, "ieplint::rules::unknown-name");
    // A name bound inside a `for` block is gone after it.
    let (code, at, ..) = only(&rule(
        "  for g in goals[*] {\n    let s = g.statement\n  }\n  require present(s)",
    ));
    assert_eq!((code, at.as_str()), ("ieplint::rules::unknown-name", "s"));
    // `{name}` in a pattern that names no pattern.
    let (code, at, _, help) = only("pack t\nlet verbs = words [\"read\"]\nlet r = /{verb}s/\n");
    assert_eq!(
        (code, at.as_str()),
        ("ieplint::rules::unknown-name", "{verb}")
    );
    assert!(help.starts_with("did you mean `{verbs}`?"), "{help}");
}

#[test]
fn unknown_field() {
    let found = problems(&rule(
        "  for s in services[*]\n  require present(s.paraprofessional.ratoi) and present(s.id.x) and present(goals.id) and present(s.x_district.anything)",
    ));
    let seen: Vec<(&str, &str, bool)> = found
        .iter()
        .map(|p| (p.code, p.message.as_str(), p.is_warning))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "ieplint::rules::unknown-field",
                "the plan format has no field `ratoi` here",
                true
            ),
            (
                "ieplint::rules::unknown-field",
                "this value is text, so it has no field `x`",
                true
            ),
            (
                "ieplint::rules::unknown-field",
                "this is a list, so it has no field `id`",
                true
            ),
        ]
    );
    assert_eq!(
        found[0]
            .help
            .as_deref()
            .map(|h| h.starts_with("did you mean `ratio`?")),
        Some(true)
    );
    // A warning does not keep the rule from loading.
    assert_eq!(
        check_all(&[("t.rules", &rule("  require present(goals[*].statment)"))])
            .rules
            .len(),
        1
    );
}

#[test]
fn fields_through_a_pack_value_are_checked() {
    let text = format!(
        "{}let aided = services[* where present(it.paraprofessional)]\n",
        rule("  for s in aided\n  require present(s.paraprofessional.ratoi)")
    );
    let (code, at, ..) = only(&text);
    assert_eq!(
        (code, at.as_str()),
        ("ieplint::rules::unknown-field", ".ratoi")
    );
    let coalesced =
        rule("  let d = coalesce(meeting.plan_start, meeting.date)\n  require present(d.x)");
    let (code, ..) = only(&coalesced);
    assert_eq!(code, "ieplint::rules::unknown-field");
}

#[test]
fn unknown_function() {
    let (code, at, message, help) = only(&rule("  require presnt(goals)"));
    assert_eq!(code, "ieplint::rules::unknown-function");
    assert_eq!(at, "presnt");
    assert_eq!(message, "unknown function `presnt`");
    assert_eq!(help, "did you mean `present`?");
    let with_define = format!(
        "pack t\ndefine measurable(x) = true\n{}",
        &rule("  require measurabel(goals)")[7..]
    );
    let (_, _, _, help) = only(&with_define);
    assert_eq!(help, "did you mean `measurable`?");
}

#[test]
fn arity() {
    let (code, at, message, help) = only(&rule("  require present()"));
    assert_eq!((code, at.as_str()), ("ieplint::rules::arity", "present"));
    assert_eq!(message, "`present` takes 1 to 2 arguments, not 0");
    assert!(help.starts_with("`present`:"), "{help}");
    let (_, _, message, _) = only(&rule("  require is_date(goals, goals)"));
    assert_eq!(message, "`is_date` takes 1 argument, not 2");
    let (_, _, message, _) = only(&rule("  require coalesce()"));
    assert_eq!(message, "`coalesce` takes at least 1 argument, not 0");
    let text = format!(
        "pack t\ndefine two(a, b) = a == b\n{}",
        &rule("  require two(goals)")[7..]
    );
    let (_, _, message, _) = only(&text);
    assert_eq!(message, "`two` takes 2 arguments, not 1");
    let text = format!(
        "pack t\ndefine one(a) = present(a)\n{}",
        &rule("  require one")[7..]
    );
    let (code, at, message, _) = only(&text);
    assert_eq!((code, at.as_str()), ("ieplint::rules::arity", "one"));
    assert_eq!(message, "`one` needs 1 argument");
}

#[test]
fn not_a_pattern_and_not_a_word() {
    let (code, at, ..) = only(&rule(
        "  for g in goals[*]\n  require matches(g.statement, g.id)",
    ));
    assert_eq!(
        (code, at.as_str()),
        ("ieplint::rules::not-a-pattern", "g.id")
    );
    let (code, at, ..) = only("pack t\nlet w = words [\"a\", 3]\n");
    assert_eq!((code, at.as_str()), ("ieplint::rules::not-a-word", "3"));
    let (code, _, message, _) = only("pack t\nlet w = words [\"a\", \"  \"]\n");
    assert_eq!(code, "ieplint::rules::not-a-word");
    assert_eq!(message, "a word list has an empty phrase");
    // Text and lists of text are word lists where a pattern is wanted.
    assert!(problems(&rule(
        "  for g in goals[*]\n  require matches(g.statement, [\"a\", \"b c\"])"
    ))
    .is_empty());
}

#[test]
fn regex() {
    let text = "pack t\nlet r = /as (needed|appropriate/i\n";
    let (code, at, message, _) = only(text);
    assert_eq!(code, "ieplint::rules::regex");
    assert_eq!(at, "(");
    assert!(message.contains("unclosed group"), "{message}");
    let (code, at, message, help) = only("pack t\nlet r = /\n  a\n  | b\n/i\n");
    assert_eq!((code, at.as_str()), ("ieplint::rules::regex", "\n"));
    assert!(message.contains("no `x` flag"), "{message}");
    assert!(help.contains("(`/.../xi`)"), "{help}");
    let (code, ..) = only("pack t\nlet r = /a{99999}{99999}/\n");
    assert_eq!(code, "ieplint::rules::regex");
}

#[test]
fn verbose_patterns_ignore_layout_and_comments() {
    let checked = check_all(&[(
        "t.rules",
        "pack t\nlet verbs = words [\"read\", \"write\"]\nlet r = /\n  \\bwill\\s+   # the modal\n  {verbs}\\b  # a verb\n/xi\nlet placeholder_only = /^tbd$/i\n",
    )]);
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    let globals_pattern = checked.placeholder.expect("placeholder_only is exported");
    assert!(globals_pattern.is_match("TBD"));
}

#[test]
fn word_lists_match_whole_words_longest_first() {
    let p = words_pattern(vec![
        Arc::from("as needed"),
        Arc::from("as"),
        Arc::from("1:1"),
        Arc::from("as needed"),
    ]);
    assert_eq!(p.compile(), Ok(()));
    assert_eq!(&*p.phrases[0], "as needed");
    assert_eq!(p.phrases.len(), 3, "duplicates dropped");
    let hay = "support as\n  needed daily";
    let (start, end) = p.find_at(hay, 0).expect("match");
    assert_eq!(&hay[start..end], "as\n  needed");
    assert!(!p.is_match("gas"));
    assert!(p.is_match("AS"));
    assert!(p.is_match("a 1:1 aide"));
}

#[test]
fn boundaries_and_classes_are_ascii() {
    assert_eq!(ascii_boundaries(r"\bwill\B"), r"(?-u:\b)will(?-u:\B)");
    assert_eq!(ascii_boundaries(r"\d+\w"), "[0-9]+[0-9A-Za-z_]");
    assert_eq!(ascii_boundaries(r"[\d\w-]\s"), r"[0-90-9A-Za-z_-]\s");
    assert_eq!(ascii_boundaries(r"\\b"), r"\\b");
    assert_eq!(ascii_boundaries("tail\\"), "tail\\");
    assert_eq!(ascii_boundaries(r"[\b]"), r"[\b]");
}

#[test]
fn splices_are_names_in_braces_not_repetitions() {
    assert_eq!(splice_points("{verb}s"), [(0, 6)]);
    assert_eq!(splice_points(r"a{3}\{x}{2,5}{_a1}"), [(13, 18)]);
    assert_eq!(splice_points("{verb"), []);
    assert_eq!(splice_points(r"\p{L}"), []);
    assert_eq!(splice_points(r"abcd\p{L}{verb}"), [(9, 15)]);
    assert_eq!(splice_points(r"\pL{verb}"), [(3, 9)]);
    assert_eq!(splice_points(r"\d{verb}"), [(2, 8)]);
    assert_eq!(splice_points("{a}{b}"), [(0, 3), (3, 6)]);
    assert_eq!(splice_points("ab{"), []);
    assert_eq!(splice_points("{ab c}"), []);
}

#[test]
fn a_class_bracket_without_its_opening_is_copied() {
    assert_eq!(ascii_boundaries(r"a]\d"), "a][0-9]");
    assert_eq!(ascii_boundaries(r"[a]\d"), "[a][0-9]");
}

/// The text a pattern error of a pack labels.
fn regex_label(pattern: &str) -> String {
    let text = format!("pack t\nlet r = /{pattern}/\n");
    let (code, at, ..) = only(&text);
    assert_eq!(code, "ieplint::rules::regex", "{pattern}");
    at
}

#[test]
fn pattern_errors_are_labelled_where_they_are() {
    assert_eq!(regex_label("ab(c"), "(");
    assert_eq!(regex_label("ab{2,1}"), "{2,1}");
    assert_eq!(regex_label(r"ab\p{Nope}"), r"\p{Nope}");
    assert_eq!(regex_label("ab\n  c"), "\n");
    let (code, at, ..) = only("pack t\nlet verbs = words [\"read\"]\nlet r = /ab{verb}s/\n");
    assert_eq!(
        (code, at.as_str()),
        ("ieplint::rules::unknown-name", "{verb}")
    );
}

#[test]
fn scopes_shadow_and_forget() {
    let mut scope = Scope::default();
    let a = scope.bind("x", None);
    let depth = scope.depth();
    let b = scope.bind("x", None);
    assert_ne!(a, b);
    assert_eq!(scope.lookup("x"), Some(b));
    scope.truncate(depth);
    assert_eq!(scope.lookup("x"), Some(a));
    assert_eq!(scope.lookup("y"), None);
    assert_eq!(scope.max_slots(), 2);
}

#[test]
fn problems_are_sorted_by_file_and_place() {
    let checked = check_all(&[
        ("b.rules", "pack b\nlet y = nope2\nlet x = nope1\n"),
        ("a.rules", "pack a\nlet z = nope3\n"),
    ]);
    let order: Vec<(&str, usize)> = checked
        .problems
        .iter()
        .map(|p| (p.source.name(), p.line_column().0))
        .collect();
    assert_eq!(order, [("a.rules", 2), ("b.rules", 2), ("b.rules", 3)]);
}

#[test]
fn a_rule_with_an_error_is_not_compiled_but_others_are() {
    let text = format!(
        "{}rule t.ok {{\n  severity error\n  summary \"s\"\n  require true\n    message \"m\"\n    help \"h\"\n}}\n",
        rule("  require presnt(goals)")
    );
    let checked = check_all(&[("t.rules", &text)]);
    assert_eq!(checked.problems.len(), 1);
    let ids: Vec<&str> = checked.rules.iter().map(|r| &*r.doc.id).collect();
    assert_eq!(ids, ["t.ok"]);
}

#[test]
fn a_pack_value_with_only_a_warning_still_compiles() {
    let text = format!(
        "{}let said = goals[*].statment\n",
        rule("  require present(said)")
    );
    let checked = check_all(&[("t.rules", &text)]);
    assert!(
        checked.problems.iter().all(|p| p.is_warning),
        "{:?}",
        checked.problems
    );
    assert_eq!(checked.problems.len(), 1);
    assert_eq!(checked.rules.len(), 1);
    // One with an error fails once, where it is written.
    let text = format!("{}let said = nope\n", rule("  require present(said)"));
    let (code, at, ..) = only(&text);
    assert_eq!(
        (code, at.as_str()),
        ("ieplint::rules::unknown-name", "nope")
    );
}

#[test]
fn only_coalesce_passes_on_the_shape_of_its_argument() {
    assert!(problems(&rule(
        "  let v = lower(meeting.date)\n  require present(v.x)"
    ))
    .is_empty());
    assert!(problems(&rule(
        "  let v = first(goals[*])\n  require present(v.statment)"
    ))
    .is_empty());
}

#[test]
fn word_lists_take_phrases_and_other_word_lists_only() {
    let checked = check_all(&[(
        "t.rules",
        "pack t\nlet hedges = words [\"as needed\"]\nlet all_hedges = words [\"if needed\", hedges]\n",
    )]);
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    let (code, at, ..) = only("pack t\nlet r = /a+/\nlet w = words [\"b\", r]\n");
    assert_eq!((code, at.as_str()), ("ieplint::rules::not-a-word", "r"));
    // A name that does not resolve is one error, not two.
    let (code, ..) = only("pack t\nlet w = words [\"b\", nope]\n");
    assert_eq!(code, "ieplint::rules::unknown-name");
    // An empty list is no pattern.
    let (code, ..) = only(&rule(
        "  for g in goals[*]\n  require matches(g.statement, [])",
    ));
    assert_eq!(code, "ieplint::rules::not-a-pattern");
}

#[test]
fn a_word_list_includes_the_phrases_of_another() {
    let checked = check_all(&[(
        "t.rules",
        "pack t\nlet hedges = words [\"as needed\"]\nlet placeholder_only = words [\"if needed\", hedges]\n",
    )]);
    let p = checked.placeholder.expect("compiled");
    assert!(p.is_match("support as needed"));
    assert!(p.is_match("support if needed"));
}

/// The built-in packs as shipped load with their patterns compiled on
/// first use (`Compile::BuiltinLater`), trusting this test: every one of
/// them compiles, and the packs have no other problem.
#[test]
fn builtin_patterns_compile() {
    let files = crate::packs::builtin();
    let texts: Vec<(&str, &str)> = files.iter().map(|f| (&*f.name, &*f.text)).collect();
    let checked = check_all(&texts);
    assert!(checked.problems.is_empty(), "{:#?}", checked.problems);
    assert!(!checked.rules.is_empty());
}

/// Patterns of a district's own pack, or of built-in packs loaded beside a
/// changed copy of one, are compiled while loading, so their errors are
/// reported; the built-in packs' as shipped are left for first use.
#[test]
fn only_the_builtin_packs_as_shipped_leave_their_patterns_for_later() {
    let load = |files| check_files(files, Compile::BuiltinLater);
    let bad = SourceFile::new(
        "district.rules",
        "pack district \"d\"\nlet too_big = /(?:\\p{L}{500}){50}/\n",
    );
    let mut files = crate::packs::builtin();
    files.push(bad.clone());
    let problems = load(files).problems;
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].message.contains("16 MB"), "{problems:#?}");

    // A changed vocabulary: what the other packs splice from it is new,
    // so their patterns are compiled now too.
    let mut files = crate::packs::builtin();
    let vocab = files.iter_mut().find(|f| f.name.ends_with("vocab.rules"));
    let vocab = vocab.expect("the vocabulary pack");
    let changed = vocab.text.replace(
        "let disability_words = /",
        "let disability_words = /(?:\\p{L}{500}){50}|",
    );
    assert_ne!(changed, *vocab.text);
    *vocab = SourceFile::new("rules/vocab.rules", changed);
    let problems = load(files).problems;
    assert!(
        problems
            .iter()
            .any(|p| p.source.name().ends_with("para.rules")),
        "{problems:#?}"
    );
}

/// Patterns are compiled ahead of use in the order rules reach them: a
/// function's where it is first called, a pattern only spliced into
/// another never.
#[test]
fn patterns_are_listed_in_the_order_rules_reach_them() {
    let checked = check_all(&[(
        "t.rules",
        r#"pack t "t"
let part = /beta/
let whole = /alpha{part}/
define vague(x) = matches(x, /gamma/)
rule t.a {
  severity warning
  summary "s"
  cite "c"
  for g in goals[*] where vague(g.statement)
  forbid matches(g.statement, whole)
    message "m"
    help "h"
}
rule t.b {
  severity warning
  summary "s"
  cite "c"
  for g in goals[*]
  forbid matches(g.statement, /delta/) or vague(g.statement)
    message "m"
    help "h"
}
"#,
    )]);
    assert!(checked.problems.is_empty(), "{:#?}", checked.problems);
    let order: Vec<String> = program::patterns_in_use_order(&checked.rules)
        .iter()
        .map(|p| p.source.clone())
        .collect();
    assert_eq!(order.len(), 3, "{order:?}");
    assert!(order[0].contains("gamma"), "{order:?}");
    assert!(
        order[1].contains("alpha") && order[1].contains("beta"),
        "{order:?}"
    );
    assert!(order[2].contains("delta"), "{order:?}");
}
