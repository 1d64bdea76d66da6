//! `--format html`: the report a parent prints and hands to the team. Its
//! text is snapshotted; it references nothing outside itself; it quotes no
//! more of the plan than the phrases findings are about; every IDEA and
//! para rule gives the question to ask at the meeting.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test on broken set-up"
)]

mod common;

use common::{code, json, run, stdout};

const VAGUE: &str = "fixtures/plans/elementary-1to1-vague.json";

/// The report as text: tags and the style sheet removed, entities read.
fn text_of(html: &str) -> String {
    let body = html.split("</style>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push('\n');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_report_of_the_vague_plan_reads_by_section_with_questions() {
    let out = run(&["check", "--format", "html", VAGUE]);
    assert_eq!(code(&out), 1);
    let html = stdout(&out);
    let text = text_of(&html);
    for part in [
        "Paraprofessional support (",
        "Questions to ask at the meeting",
        "What happens on the days the aide is absent",
        "Law or guidance:",
        "34 CFR 300.323(c)(2)",
        "How to fix it:",
    ] {
        assert!(text.contains(part), "{part} missing from:\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn the_report_stands_alone_and_quotes_only_phrases() {
    let html = stdout(&run(&["check", "--format", "html", "fixtures/plans"]));
    for external in [
        "src=", "href=", "url(", "@import", "http://", "https://", "<script", "<link",
    ] {
        assert!(!html.contains(external), "the report refers to {external}");
    }
    // The vague plan's present levels are long texts: none is reprinted.
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(common::root().join(VAGUE)).expect("read"))
            .expect("JSON");
    for (_, text) in plan["present_levels"].as_object().expect("present levels") {
        if let Some(t) = text.as_str().filter(|t| t.len() > 80) {
            assert!(!html.contains(&t[..80]), "reprints: {t}");
        }
    }
}

#[test]
fn every_idea_and_para_rule_has_a_question_for_the_meeting() {
    let rules = json(&run(&["rules", "--format", "json"]));
    let missing: Vec<&str> = rules
        .as_array()
        .expect("rules")
        .iter()
        .filter(|r| r["pack"] == "idea" || r["pack"] == "para")
        .filter(|r| r["ask"].as_str().is_none_or(|q| !q.ends_with('?')))
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(missing.is_empty(), "no question: {missing:?}");
}

#[test]
fn the_sentences_name_no_json_fields() {
    let html = stdout(&run(&["check", "--format", "html", "fixtures/plans"]));
    // What a parent reads: the findings' sentences, not the small print
    // with the rule id and pointer for the author.
    for sentence in html
        .split("<p class=\"what\">")
        .chain(html.split("How to fix it:</span>"))
        .skip(1)
        .filter_map(|rest| rest.split("</p>").next())
    {
        assert!(!sentence.contains('`'), "a field name in: {sentence}");
        let snake = sentence
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|w| w.contains('_'));
        assert_eq!(snake, None, "a field name in: {sentence}");
    }
}
