//! The values the rule language computes: borrowed JSON with its pointer,
//! text, numbers, dates, lists and compiled patterns. The compiled
//! program, the evaluator and the built-in functions all use them; this
//! module depends on none of them.

use std::rc::Rc;
use std::sync::Arc;

use jiff::civil::Date;
use serde_json::Value;

use crate::pattern::Pattern;

/// A JSON pointer built while walking down, shared by the values below it.
#[derive(Debug, Clone, Default)]
pub struct Ptr<'d>(Option<Rc<PtrNode<'d>>>);

#[derive(Debug)]
struct PtrNode<'d> {
    parent: Ptr<'d>,
    token: Token<'d>,
}

#[derive(Debug, Clone)]
enum Token<'d> {
    Key(&'d str),
    /// A key the document does not have, named by a rule.
    Owned(Arc<str>),
    Index(usize),
}

impl<'d> Ptr<'d> {
    /// The document root.
    pub fn root() -> Self {
        Ptr(None)
    }

    /// This pointer plus an object key.
    pub fn key(&self, key: &'d str) -> Self {
        Ptr(Some(Rc::new(PtrNode {
            parent: self.clone(),
            token: Token::Key(key),
        })))
    }

    /// The name of the member this pointer ends in; for an array element,
    /// the name of the array's member (`review_dates` for
    /// `/…/review_dates/0`).
    pub fn member_name(&self) -> Option<&str> {
        let mut cur = &self.0;
        while let Some(node) = cur {
            match &node.token {
                Token::Key(k) => return Some(k),
                Token::Owned(k) => return Some(k),
                Token::Index(_) => cur = &node.parent.0,
            }
        }
        None
    }

    /// This pointer plus a key that is not in the document.
    pub fn owned_key(&self, key: Arc<str>) -> Self {
        Ptr(Some(Rc::new(PtrNode {
            parent: self.clone(),
            token: Token::Owned(key),
        })))
    }

    /// This pointer plus an array index.
    pub fn index(&self, i: usize) -> Self {
        Ptr(Some(Rc::new(PtrNode {
            parent: self.clone(),
            token: Token::Index(i),
        })))
    }

    /// The RFC 6901 text, e.g. `/services/2/paraprofessional`.
    pub fn render(&self) -> String {
        let mut tokens = Vec::new();
        let mut cur = &self.0;
        while let Some(node) = cur {
            tokens.push(&node.token);
            cur = &node.parent.0;
        }
        let mut out = String::new();
        for t in tokens.iter().rev() {
            out.push('/');
            match t {
                Token::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
                Token::Owned(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
                Token::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

/// Why a value counts as absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absence {
    /// The member is not in the document.
    Missing,
    /// It is `null`.
    Null,
    /// An empty or whitespace-only string.
    Blank,
    /// An empty array or object.
    Empty,
    /// Only template text, such as "TBD" or "[Student Name]".
    Placeholder,
}

impl Absence {
    /// Words for a message: "The absence plan {absence}."
    pub fn describe(self) -> &'static str {
        match self {
            Absence::Missing => "is missing",
            Absence::Null => "is null (left blank)",
            Absence::Blank => "is empty",
            Absence::Empty => "is empty",
            Absence::Placeholder => "holds only a placeholder",
        }
    }
}

/// What a failed check blames: a place in the document.
#[derive(Debug, Clone)]
pub struct Blame<'d> {
    /// The value or missing member.
    pub ptr: Ptr<'d>,
    /// A phrase inside the string, as a byte range.
    pub range: Option<(usize, usize)>,
    /// Set when the value was judged absent; `Missing` when it is not in
    /// the document at all.
    pub absence: Option<Absence>,
}

/// A value during evaluation.
#[derive(Debug, Clone)]
pub enum Val<'d> {
    /// A path that did not resolve; the pointer of the member.
    Missing(Ptr<'d>),
    /// A value in the document.
    Json(&'d Value, Ptr<'d>),
    /// Computed or constant text.
    Str(Arc<str>),
    /// A number.
    Num(f64),
    /// A boolean.
    Bool(bool),
    /// Null.
    Null,
    /// A calendar date.
    Date(Date),
    /// Several values (a wildcard path, a list, matches).
    List(Rc<Vec<Val<'d>>>),
    /// A compiled regex or word list.
    Pattern(Arc<Pattern>),
    /// A phrase found inside a document string.
    Match(TextMatch<'d>),
}

/// A phrase inside a document string.
#[derive(Debug, Clone)]
pub struct TextMatch<'d> {
    /// The string's pointer.
    pub ptr: Ptr<'d>,
    /// The whole string.
    pub text: &'d str,
    /// Byte range of the phrase.
    pub start: usize,
    /// End of the phrase.
    pub end: usize,
}

impl<'d> Val<'d> {
    /// Why this value counts as absent, or `None` when it is present.
    pub fn absence(&self) -> Option<Absence> {
        match self {
            Val::Missing(_) => Some(Absence::Missing),
            Val::Null | Val::Json(Value::Null, _) => Some(Absence::Null),
            Val::Json(Value::String(s), _) if s.trim().is_empty() => Some(Absence::Blank),
            Val::Str(s) if s.trim().is_empty() => Some(Absence::Blank),
            Val::Json(Value::Array(a), _) if a.is_empty() => Some(Absence::Empty),
            Val::Json(Value::Object(o), _) if o.is_empty() => Some(Absence::Empty),
            Val::List(l) if l.is_empty() => Some(Absence::Empty),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Val::Json(Value::String(s), _) => Some(s),
            Val::Str(s) => Some(s),
            Val::Match(m) => m.text.get(m.start..m.end),
            _ => None,
        }
    }

    /// The number of a numeric value.
    pub fn as_num(&self) -> Option<f64> {
        match self {
            Val::Json(Value::Number(n), _) => n.as_f64(),
            Val::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean of a boolean value.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Val::Json(Value::Bool(b), _) => Some(*b),
            Val::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A calendar date: a date value or `YYYY-MM-DD` text naming a real day.
    pub fn as_date(&self) -> Option<Date> {
        match self {
            Val::Date(d) => Some(*d),
            other => other.as_text().and_then(parse_date),
        }
    }

    /// The elements of a collection: a list (lists inside it are
    /// flattened, so `[a[*], b[*]]` is one collection), an array, or a
    /// single present value; nothing for an absent one.
    pub fn elements(&self) -> Vec<Val<'d>> {
        match self {
            Val::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item {
                        Val::List(_) => out.extend(item.elements()),
                        other => out.push(other.clone()),
                    }
                }
                out
            }
            Val::Json(Value::Array(items), ptr) => items
                .iter()
                .enumerate()
                .map(|(i, v)| Val::Json(v, ptr.index(i)))
                .collect(),
            Val::Missing(_) | Val::Null | Val::Json(Value::Null, _) => Vec::new(),
            other => vec![other.clone()],
        }
    }

    /// [`Val::elements`], shared rather than copied when the value is
    /// already a flat list (a cached collection walked by every rule).
    pub fn elements_shared(&self) -> Rc<Vec<Val<'d>>> {
        match self {
            Val::List(items) if !items.iter().any(|i| matches!(i, Val::List(_))) => {
                Rc::clone(items)
            }
            other => Rc::new(other.elements()),
        }
    }

    /// The number of [`Val::elements`], without making them.
    pub fn element_count(&self) -> usize {
        match self {
            Val::List(items) => items
                .iter()
                .map(|i| match i {
                    Val::List(_) => i.element_count(),
                    _ => 1,
                })
                .sum(),
            Val::Json(Value::Array(items), _) => items.len(),
            Val::Missing(_) | Val::Null | Val::Json(Value::Null, _) => 0,
            _ => 1,
        }
    }

    /// Where this value is in the document, if it is there.
    pub fn blame(&self) -> Option<Blame<'d>> {
        match self {
            Val::Missing(ptr) => Some(Blame {
                ptr: ptr.clone(),
                range: None,
                absence: Some(Absence::Missing),
            }),
            Val::Json(_, ptr) => Some(Blame {
                ptr: ptr.clone(),
                range: None,
                absence: None,
            }),
            Val::Match(m) => Some(Blame {
                ptr: m.ptr.clone(),
                range: Some((m.start, m.end)),
                absence: None,
            }),
            Val::List(items) => items.iter().find_map(Val::blame),
            _ => None,
        }
    }

    /// Truth for `when`, `where`, `and`: booleans as themselves, numbers
    /// when not zero, anything else by presence.
    pub fn truthy(&self) -> bool {
        match (self.as_bool(), self.as_num()) {
            (Some(b), _) => b,
            // `when count(...)`: a count of none is false.
            (None, Some(n)) => n != 0.0,
            (None, None) => self.absence().is_none(),
        }
    }

    /// Short text for a message. Long strings are cut so a message never
    /// echoes more of a plan than it needs.
    pub fn render(&self) -> String {
        const LIMIT: usize = 60;
        let text = match self {
            Val::Missing(_) => "(missing)".to_string(),
            Val::Json(Value::String(s), _) => s.clone(),
            Val::Json(Value::Null, _) | Val::Null => "null".to_string(),
            Val::Json(Value::Array(_), _) => "(a list)".to_string(),
            Val::Json(Value::Object(_), _) => "(an object)".to_string(),
            Val::Json(v, _) => v.to_string(),
            Val::Str(s) => s.to_string(),
            Val::Num(n) => format_number(*n),
            Val::Bool(b) => b.to_string(),
            Val::Date(d) => d.to_string(),
            Val::List(items) => items.iter().map(Val::render).collect::<Vec<_>>().join(", "),
            Val::Pattern(_) => "(a pattern)".to_string(),
            Val::Match(m) => m.text.get(m.start..m.end).unwrap_or_default().to_string(),
        };
        if text.chars().count() > LIMIT {
            let cut: String = text.chars().take(LIMIT).collect();
            format!("{}…", cut.trim_end())
        } else {
            text
        }
    }
}

/// A scalar as a hash key, equal exactly when `same` (the language's
/// equality) says so.
#[derive(Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// A number (its bits; 0 and -0 alike).
    Num(u64),
    /// Text, or a date as `YYYY-MM-DD`.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// Null.
    Null,
}

/// The hash key of a scalar value; `None` for lists and objects.
pub fn key(v: &Val) -> Option<Key> {
    if let Some(n) = v.as_num() {
        return Some(Key::Num(if n == 0.0 { 0 } else { n.to_bits() }));
    }
    if let Val::Date(d) = v {
        return Some(Key::Text(d.to_string()));
    }
    if let Some(t) = v.as_text() {
        return Some(Key::Text(t.to_string()));
    }
    if let Some(b) = v.as_bool() {
        return Some(Key::Bool(b));
    }
    match v {
        Val::Null | Val::Json(Value::Null, _) => Some(Key::Null),
        _ => None,
    }
}

/// Formats a number without a trailing `.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Reads `YYYY-MM-DD` naming a real calendar day.
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<i16>().ok());
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        let p = Ptr::root().key("a/b").key("c~d").index(3);
        assert_eq!(p.render(), "/a~1b/c~0d/3");
    }

    #[test]
    fn dates_must_be_real_days() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2025-02-29").is_none());
        assert!(parse_date("2025-2-01").is_none());
        assert!(parse_date("2025-13-01").is_none());
    }

    #[test]
    fn absence_kinds() {
        let blank = Value::String("  ".into());
        assert_eq!(
            Val::Json(&blank, Ptr::root()).absence(),
            Some(Absence::Blank)
        );
        assert_eq!(Val::Missing(Ptr::root()).absence(), Some(Absence::Missing));
        let empty = Value::Array(vec![]);
        assert_eq!(
            Val::Json(&empty, Ptr::root()).absence(),
            Some(Absence::Empty)
        );
        let zero = serde_json::json!(0);
        assert_eq!(Val::Json(&zero, Ptr::root()).absence(), None);
    }
}
