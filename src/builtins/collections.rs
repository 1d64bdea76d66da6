//! Collections: `count`, `first`, `unique`, `duplicates`.

use std::sync::Arc;

use serde_json::Value;

use super::{same, Context, Output};
use crate::shallow::Shallow;
use crate::value::{Places, Val};

/// `count(xs)`.
pub fn count<'d>(v: &Val<'d>) -> Output<'d> {
    Output {
        val: Val::Num(v.element_count() as f64),
        blame: v.blame(),
    }
}

/// `first(xs)`: the first present element, with its place; null when
/// there is none.
pub fn first<'d>(v: &Val<'d>) -> Output<'d> {
    let val = v
        .elements()
        .into_iter()
        .find(|x| x.absence().is_none())
        .unwrap_or(Val::Null);
    Output {
        blame: val.blame(),
        val,
    }
}

/// The elements that repeat an earlier element (absent ones ignored).
/// Scalars are compared through a hash set, so this is linear.
fn repeats<'d>(v: &Val<'d>) -> Vec<Val<'d>> {
    let mut seen = std::collections::HashSet::new();
    let mut earlier: Vec<Val<'d>> = Vec::new();
    let mut out = Vec::new();
    for x in v.elements().into_iter().filter(|x| x.absence().is_none()) {
        let repeated = match crate::value::key(&x) {
            Some(k) => !seen.insert(k),
            None => {
                let r = earlier.iter().any(|y| same(&x, y));
                earlier.push(x.clone());
                r
            }
        };
        if repeated {
            out.push(x);
        }
    }
    out
}

/// `unique(xs)`: blames the first repeat.
pub fn unique<'d>(v: &Val<'d>) -> Output<'d> {
    let reps = repeats(v);
    Output {
        val: Val::Bool(reps.is_empty()),
        blame: reps.first().and_then(Val::blame).or_else(|| v.blame()),
    }
}

/// `duplicates(xs)`: every later occurrence of a repeated value.
pub fn duplicates<'d>(v: &Val<'d>, cx: &Context<'_, 'd>) -> Output<'d> {
    Output {
        val: cx.list(repeats(v)),
        blame: v.blame(),
    }
}

/// Every value at or below `x` for which `keep` holds (`texts`,
/// `objects`). Walks with an explicit stack, so depth is no danger.
pub fn descendants<'d>(v: &Val<'d>, keep: fn(&Value) -> bool, cx: &Context<'_, 'd>) -> Output<'d> {
    // A stack of the plan's values, not of values of the language: each
    // kept one is made once, as it is kept. Its first items are on the
    // call's stack: most walks are of a section of a few dozen values.
    let mut stack: Shallow<&'d Value, 32> = Shallow::new();
    match v {
        // Nested lists flattened.
        Val::List(_) => {
            for item in v.elements().iter().rev() {
                if let Val::Json(value, _) = item {
                    stack.push(*value);
                }
            }
        }
        Val::Json(value, _) => stack.push(*value),
        _ => {}
    }
    let mut out = Vec::new();
    while let Some(value) = stack.pop() {
        if keep(value) {
            out.push(Val::json(value));
        }
        match value {
            Value::Array(items) => items.iter().rev().for_each(|i| stack.push(i)),
            Value::Object(map) => map.values().rev().for_each(|m| stack.push(m)),
            _ => {}
        }
    }
    Output {
        val: cx.list(out),
        blame: v.blame(),
    }
}

/// `pointer(x)`: where the value is, as RFC 6901 text.
pub fn pointer<'d>(v: &Val<'d>, places: &Places<'d>) -> Output<'d> {
    let val = match v.blame() {
        Some(b) => Val::Str(Arc::from(b.ptr.render(places))),
        None => Val::Null,
    };
    Output {
        val,
        blame: v.blame(),
    }
}

/// `member(x)`: the name of the field holding the value, without building
/// the whole pointer.
pub fn member<'d>(v: &Val<'d>, places: &Places<'d>) -> Output<'d> {
    Output {
        val: v.member_name(places),
        blame: v.blame(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{key, Ptr, TextMatch};

    #[test]
    fn hash_keys_are_equal_exactly_when_values_are_the_same() {
        let doc = serde_json::json!(["a", 1, true, null, "2025-01-02", "1"]);
        let json = |i: usize| Val::json(&doc[i]);
        let values = [
            json(0),
            Val::Text("a"),
            Val::Str("a".into()),
            Val::Match(TextMatch::new(Ptr::root(), "xay", 1, 2)),
            Val::Text("b"),
            json(1),
            Val::Num(1.0),
            Val::Num(0.0),
            Val::Num(-0.0),
            json(5),
            json(2),
            Val::Bool(true),
            Val::Bool(false),
            json(3),
            Val::Null,
            json(4),
            Val::Date(jiff::civil::date(2025, 1, 2)),
        ];
        for a in &values {
            for b in &values {
                let (Some(ka), Some(kb)) = (key(a), key(b)) else {
                    panic!("{a:?} or {b:?} has no key");
                };
                assert_eq!(ka == kb, same(a, b), "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn member_names_the_field_of_a_value_a_missing_member_and_a_phrase() {
        let doc = serde_json::json!({"goals": [{"statement": "TBD soon"}]});
        let places = Places::new(&doc);
        let statement = &doc["goals"][0]["statement"];
        let ptr = Ptr::At(statement);
        fn named<'d>(v: &Val<'d>, places: &Places<'d>) -> Option<String> {
            member(v, places).val.as_text().map(str::to_string)
        }
        assert_eq!(
            named(&Val::json(statement), &places).as_deref(),
            Some("statement")
        );
        assert_eq!(
            named(
                &Val::Missing(Ptr::At(&doc["goals"][0]).missing_key("baseline")),
                &places
            )
            .as_deref(),
            Some("baseline")
        );
        let phrase = Val::Match(TextMatch::new(ptr, "TBD soon", 0, 3));
        assert_eq!(named(&phrase, &places).as_deref(), Some("statement"));
        assert_eq!(named(&Val::Num(1.0), &places), None);
    }

    #[test]
    fn texts_are_found_in_document_order_through_nested_lists() {
        let doc = serde_json::json!({
            "a": {"x": "1", "y": ["2", {"z": "3"}]},
            "b": "4",
            "c": 5,
        });
        let empty = std::rc::Rc::new(Vec::new());
        let places = Places::new(&doc);
        let cx = Context {
            lexicon: &crate::lexicon::Lexicon::english(),
            places: &places,
            empty: &empty,
            ahead: None,
        };
        fn texts<'d>(v: &Val<'d>, cx: &Context<'_, 'd>) -> Vec<String> {
            let found = descendants(v, |v| v.is_string(), cx).val;
            found
                .elements()
                .iter()
                .map(|t| t.as_text().unwrap_or("?").to_string())
                .collect()
        }
        assert_eq!(texts(&Val::json(&doc), &cx), ["1", "2", "3", "4"]);
        let nested = Val::List(std::rc::Rc::new(vec![
            Val::json(&doc["b"]),
            Val::List(std::rc::Rc::new(vec![
                Val::json(&doc["a"]["y"]),
                Val::Num(1.0),
            ])),
            Val::json(&doc["a"]["x"]),
        ]));
        assert_eq!(texts(&nested, &cx), ["4", "2", "3", "1"]);
        let objects = descendants(&Val::json(&doc), |v| v.is_object(), &cx).val;
        assert_eq!(objects.elements().len(), 3);
        assert!(texts(&Val::Num(1.0), &cx).is_empty());
    }
}
