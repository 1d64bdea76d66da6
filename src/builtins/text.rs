//! Text: `matches`, `find`, `lower`. Matches keep their byte range so a
//! finding can underline the phrase inside the string.

use std::sync::Arc;

use super::{Context, Output};
use crate::value::{Blame, TextMatch, Val};

/// The string of a value and, when it is in the document, where it is.
pub(super) fn located_text<'d>(v: &Val<'d>) -> Option<(&'d str, crate::value::Ptr<'d>, usize)> {
    match v {
        Val::Json(serde_json::Value::String(s), ptr) => Some((s.as_str(), ptr.clone(), 0)),
        Val::Match(m) => Some((m.text, m.ptr.clone(), m.start)),
        _ => None,
    }
}

/// Calls `each` with every non-empty match of the pattern in the text,
/// until it returns false. A string of the document gives located phrases.
fn each_match<'d>(text: &Val<'d>, pattern: &Val<'d>, mut each: impl FnMut(Val<'d>) -> bool) {
    let Val::Pattern(p) = pattern else {
        return;
    };
    if let Some((full, ptr, offset)) = located_text(text) {
        let hay = match text {
            Val::Match(m) => full.get(m.start..m.end).unwrap_or_default(),
            _ => full,
        };
        for (start, end) in p.find_iter(hay).filter(|(a, b)| a < b) {
            let found = Val::Match(TextMatch {
                ptr: ptr.clone(),
                text: full,
                start: offset + start,
                end: offset + end,
            });
            if !each(found) {
                return;
            }
        }
    } else if let Some(s) = text.as_text() {
        for (start, end) in p.find_iter(s).filter(|(a, b)| a < b) {
            if !each(Val::Str(Arc::from(s.get(start..end).unwrap_or_default()))) {
                return;
            }
        }
    }
}

fn matches_in<'d>(text: &Val<'d>, pattern: &Val<'d>) -> Vec<Val<'d>> {
    let mut found = Vec::new();
    each_match(text, pattern, |m| {
        found.push(m);
        true
    });
    found
}

/// `matches(text, pattern)`: blames the first match when there is one,
/// else the text.
pub fn matches<'d>(text: &Val<'d>, pattern: &Val<'d>) -> Output<'d> {
    let no_match = || Output {
        val: Val::Bool(false),
        blame: text.blame(),
    };
    let Val::Pattern(p) = pattern else {
        return no_match();
    };
    let first = |hay: &str| p.find_iter(hay).find(|(a, b)| a < b);
    // Only where the match is matters: no value is made for it.
    let found = match located_text(text) {
        Some((full, ptr, offset)) => {
            let hay = match text {
                Val::Match(m) => full.get(m.start..m.end).unwrap_or_default(),
                _ => full,
            };
            first(hay).map(|(start, end)| {
                Some(Blame {
                    ptr,
                    range: Some((offset + start, offset + end)),
                    absence: None,
                })
            })
        }
        None => text.as_text().and_then(first).map(|_| None),
    };
    match found {
        Some(blame) => Output {
            val: Val::Bool(true),
            blame,
        },
        None => no_match(),
    }
}

/// `find(text, pattern)`: every match, each located. Given a collection
/// of texts, the matches of each in turn.
pub fn find<'d>(text: &Val<'d>, pattern: &Val<'d>, cx: &Context<'_, 'd>) -> Output<'d> {
    let found = match text {
        Val::List(_) => text
            .elements()
            .iter()
            .flat_map(|t| matches_in(t, pattern))
            .collect(),
        Val::Json(serde_json::Value::Array(_), _) => text
            .elements()
            .iter()
            .flat_map(|t| matches_in(t, pattern))
            .collect(),
        single => matches_in(single, pattern),
    };
    Output {
        blame: text.blame(),
        val: cx.list(found),
    }
}

/// `lower(text)`.
pub fn lower<'d>(v: &Val<'d>) -> Output<'d> {
    match v.as_text() {
        Some(s) => Output::plain(Val::Str(Arc::from(s.to_lowercase()))),
        None => Output::plain(v.clone()),
    }
}
