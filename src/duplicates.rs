//! A plan parsed once, noticing members written twice in one object. JSON
//! parsers keep the last of two members of the same name without a word:
//! in a plan, that is a section silently replaced. The parse records that
//! some object had a repeat; only then is the text walked to say where.

use std::cell::Cell;
use std::collections::hash_map::{Entry, HashMap};
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::locate::{line_column, scan_string};
use crate::value::{push_escaped, push_index};

/// A member written again in the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The member's pointer (the value kept is the last one written).
    pub pointer: String,
    /// The member's name.
    pub name: String,
    /// Line (from 1) where the member was first written.
    pub first_line: usize,
}

/// Parses JSON text into a value, and says whether any object had a
/// member written twice.
pub fn parse(text: &str) -> serde_json::Result<(Value, bool)> {
    let repeated = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed(&repeated).deserialize(&mut de)?;
    de.end()?;
    Ok((value, repeated.get()))
}

/// Builds a [`Value`] like serde_json's own, noting repeated members.
#[derive(Clone, Copy)]
struct Seed<'a>(&'a Cell<bool>);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            if members.insert(key, value).is_some() {
                self.0.set(true);
            }
        }
        Ok(Value::Object(members))
    }
}

/// Every member of valid JSON `text` written again in its object, in the
/// order of the text.
pub fn find(text: &str) -> Vec<Duplicate> {
    enum Frame {
        Object(HashMap<String, usize>),
        Array(usize),
    }
    let b = text.as_bytes();
    // Each frame and the length of the pointer of its container.
    let mut stack: Vec<(Frame, usize)> = Vec::new();
    let mut pointer = String::new();
    let mut out = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'{' => {
                stack.push((Frame::Object(HashMap::new()), pointer.len()));
                expect_key = true;
            }
            b'[' => {
                stack.push((Frame::Array(0), pointer.len()));
                pointer.push_str("/0");
            }
            b'}' | b']' => {
                if let Some((_, len)) = stack.pop() {
                    pointer.truncate(len);
                }
                expect_key = false;
            }
            b',' => match stack.last_mut() {
                Some((Frame::Object(_), len)) => {
                    pointer.truncate(*len);
                    expect_key = true;
                }
                Some((Frame::Array(n), len)) => {
                    *n += 1;
                    pointer.truncate(*len);
                    pointer.push('/');
                    push_index(&mut pointer, *n);
                }
                None => {}
            },
            b'"' => {
                let end = scan_string(b, i);
                if expect_key {
                    let raw = text.get(i..end).unwrap_or_default();
                    let name: String =
                        serde_json::from_str(raw).unwrap_or_else(|_| raw.trim_matches('"').into());
                    if let Some((Frame::Object(names), len)) = stack.last_mut() {
                        pointer.truncate(*len);
                        pointer.push('/');
                        push_escaped(&mut pointer, &name);
                        match names.entry(name) {
                            Entry::Occupied(first) => out.push(Duplicate {
                                pointer: pointer.clone(),
                                name: first.key().clone(),
                                first_line: line_column(text, *first.get()).0,
                            }),
                            Entry::Vacant(v) => {
                                v.insert(i);
                            }
                        }
                    }
                    expect_key = false;
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parse_notices_a_repeat_at_any_depth_and_keeps_the_last() {
        let (v, repeated) = parse(r#"{"a": [{"b": 1, "b": 2}]}"#).expect("JSON");
        assert!(repeated);
        assert_eq!(v["a"][0]["b"], 2);
        let (v, repeated) = parse(r#"{"a": [{"b": 1}, {"b": 2}], "c": {"b": 3}}"#).expect("JSON");
        assert!(!repeated);
        assert_eq!(
            v,
            serde_json::json!({"a": [{"b": 1}, {"b": 2}], "c": {"b": 3}})
        );
    }

    #[test]
    fn the_parse_refuses_what_serde_json_refuses() {
        assert!(parse(r#"{"a": 1} x"#).is_err());
        assert!(parse(r#"{"a": }"#).is_err());
    }

    #[test]
    fn repeats_are_found_with_their_pointer_and_first_line() {
        let text = "{\n  \"goals\": [\n    {\"id\": \"G1\"},\n    {\"id\": \"G2\",\n     \"id\": \"G3\"}\n  ],\n  \"a/b\": 1,\n  \"a/b\": 2\n}";
        let found = find(text);
        assert_eq!(
            found,
            vec![
                Duplicate {
                    pointer: "/goals/1/id".into(),
                    name: "id".into(),
                    first_line: 4
                },
                Duplicate {
                    pointer: "/a~1b".into(),
                    name: "a/b".into(),
                    first_line: 7
                },
            ]
        );
    }

    #[test]
    fn keys_inside_strings_and_escapes_are_not_members() {
        let text = r#"{"a": "{\"a\": 1, \"a\": 2}", "b": ["a", "a"], "c\"": 1}"#;
        assert!(find(text).is_empty());
    }
}
