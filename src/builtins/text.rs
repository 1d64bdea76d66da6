//! Text: `matches`, `find`, `lower`. Matches keep their byte range so a
//! finding can underline the phrase inside the string.

use std::sync::Arc;

use super::{Context, Output};
use crate::pattern::Pattern;
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

/// The phrases `find` gives for one text of the plan (a string, or a
/// phrase of one): found with one search before the first is used, so a
/// rule walking every text makes nothing for the texts without a match.
pub struct Phrases<'d> {
    /// The text; `None` when nothing matched.
    located: Option<Located<'d>>,
    ranges: Vec<(usize, usize)>,
    next: usize,
}

impl<'d> Iterator for Phrases<'d> {
    type Item = Val<'d>;

    fn next(&mut self) -> Option<Val<'d>> {
        let &(start, end) = self.ranges.get(self.next)?;
        self.next += 1;
        Some(Val::Match(self.located.as_ref()?.phrase(start, end)))
    }
}

/// The matches of `p` that are not empty in `text`, a text of the plan, as
/// `find(text, p)` gives them; `None` for any other value (a list,
/// computed text), which `find` itself takes.
pub fn phrases<'d>(text: &Val<'d>, p: &'d Pattern) -> Option<Phrases<'d>> {
    let hay = plan_text(text)?;
    let ranges: Vec<(usize, usize)> = p.find_iter(hay).filter(|(a, b)| a < b).collect();
    let located = if ranges.is_empty() {
        None
    } else {
        located_text(text)
    };
    Some(Phrases {
        located,
        ranges,
        next: 0,
    })
}

/// The text a value of the plan stands for, without its place: what
/// [`located_text`] finds, before it is known to be needed.
fn plan_text<'d>(v: &Val<'d>) -> Option<&'d str> {
    match v {
        Val::Json(serde_json::Value::String(s), _) => Some(s),
        Val::Match(m) => Some(m.phrase()),
        _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Places;

    #[test]
    fn the_phrases_of_a_text_are_what_find_gives() {
        let doc = serde_json::json!({
            "a": "TBD, then [name] and TBD",
            "b": "nothing here",
            "c": "tbd tbd tbd tbd tbd tbd",
            "d": ["TBD"],
        });
        let places = Places::new(&doc);
        let empty = std::rc::Rc::new(Vec::new());
        let cx = Context {
            lexicon: &crate::lexicon::Lexicon::english(),
            places: &places,
            empty: &empty,
            ahead: None,
        };
        let p = Pattern::new(r"(?i)\btbd\b|\[[a-z]+\]|x*".into(), Vec::new());
        let located = |name: &str| Val::json(&doc[name]);
        let phrase = Val::Match(TextMatch::new(Ptr::root(), "a TBD b", 1, 6));
        for text in [located("a"), located("b"), located("c"), phrase] {
            let found = phrases(&text, &p).map(Iterator::collect::<Vec<_>>);
            let want = find(&text, &Val::Pattern(&p), &cx).val.elements().to_vec();
            // Each match as its phrase and range.
            let describe = |v: &[Val]| -> Vec<String> {
                v.iter()
                    .map(|m| format!("{:?} {:?}", m.as_text(), m.blame().and_then(|b| b.range)))
                    .collect()
            };
            assert_eq!(found.as_deref().map(describe), Some(describe(&want)));
        }
        // A list or computed text is left to `find`.
        assert!(phrases(&located("d"), &p).is_none());
        assert!(phrases(&Val::Text("TBD"), &p).is_none());
    }
}
