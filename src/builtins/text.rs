//! Text: `matches`, `find`, `lower`. Matches keep their byte range so a
//! finding can underline the phrase inside the string.

use std::sync::Arc;

use super::{Context, Output};
use crate::value::{Blame, Ptr, TextMatch, Val};

/// Text of the document: a string, or a phrase inside one.
pub(super) struct Located<'d> {
    /// The whole string.
    pub full: &'d str,
    /// The part the value stands for (the whole string, or the phrase).
    pub hay: &'d str,
    /// Where `hay` starts in `full`.
    pub offset: usize,
    /// The string's place.
    pub ptr: Ptr<'d>,
}

impl<'d> Located<'d> {
    /// A phrase of `hay` (a byte range of it) as a located match.
    pub fn phrase(&self, start: usize, end: usize) -> TextMatch<'d> {
        TextMatch::new(
            self.ptr.clone(),
            self.full,
            self.offset + start,
            self.offset + end,
        )
    }
}

/// The text of a value of the document, with where it is.
pub(super) fn located_text<'d>(v: &Val<'d>) -> Option<Located<'d>> {
    match v {
        Val::Json(serde_json::Value::String(s), ptr) => Some(Located {
            full: s,
            hay: s,
            offset: 0,
            ptr: ptr.clone(),
        }),
        Val::Match(m) => Some(Located {
            full: m.text,
            hay: m.phrase(),
            offset: m.range().0,
            ptr: m.ptr.clone(),
        }),
        _ => None,
    }
}

/// Calls `each` with every non-empty match of the pattern in the text,
/// until it returns false. A string of the document gives located phrases.
fn each_match<'d>(text: &Val<'d>, pattern: &Val<'d>, mut each: impl FnMut(Val<'d>) -> bool) {
    let Val::Pattern(p) = pattern else {
        return;
    };
    if let Some(located) = located_text(text) {
        for (start, end) in p.find_iter(located.hay).filter(|(a, b)| a < b) {
            if !each(Val::Match(located.phrase(start, end))) {
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
    // Only where the match is matters: no value is made for it.
    let found = match located_text(text) {
        Some(located) => p.first(located.hay).map(|(start, end)| {
            let m = located.phrase(start, end);
            Some(Blame {
                range: Some(m.range()),
                ptr: m.ptr,
                absence: None,
            })
        }),
        None => text.as_text().and_then(|hay| p.first(hay)).map(|_| None),
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
