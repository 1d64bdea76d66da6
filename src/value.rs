//! The values the rule language computes: borrowed JSON with its pointer,
//! text, numbers, dates, lists and compiled patterns. The compiled
//! program, the evaluator and the built-in functions all use them; this
//! module depends on none of them.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use std::sync::Arc;

use jiff::civil::Date;
use serde_json::Value;

use crate::pattern::Pattern;
use crate::shallow::Shallow;

/// Where a value is. A value of the document is its own place (its
/// pointer is found through [`Places`] only when a finding needs it), so
/// walking the document builds nothing; a member or element the document
/// does not have is named below the place it is missing from.
#[derive(Debug, Clone, Default)]
pub enum Ptr<'d> {
    /// The document root.
    #[default]
    Root,
    /// A value in the document.
    At(&'d Value),
    /// A member a value of the document does not have, named in the rules
    /// (the commonest missing place, `present(x.field)`: nothing is built
    /// for it).
    MemberOf(&'d Value, &'d Arc<str>),
    /// An element an array of the document does not have.
    ElementOf(&'d Value, usize),
    /// A member or element below a place that is not in the document.
    Missing(Rc<MissingNode<'d>>),
}

/// A place the document does not have: its parent place and its name.
#[derive(Debug)]
pub struct MissingNode<'d> {
    parent: Ptr<'d>,
    token: Token<'d>,
}

/// A step of a pointer.
#[derive(Debug, Clone, Copy)]
pub enum Token<'d> {
    /// A member's name: of the document, or, for a member the document
    /// does not have, of the rule that asked for it.
    Key(&'d str),
    /// An array element's index.
    Index(usize),
}

/// The RFC 6901 text of the pointer made of `depth` tokens, from the root
/// down.
pub fn pointer_of<'t, 'd: 't>(
    tokens: impl IntoIterator<Item = &'t Token<'d>>,
    depth: usize,
) -> String {
    let mut out = String::with_capacity(16 * depth);
    for t in tokens {
        out.push('/');
        match t {
            Token::Key(k) => push_escaped(&mut out, k),
            Token::Index(i) => push_index(&mut out, *i),
        }
    }
    out
}

impl<'d> Ptr<'d> {
    /// The document root.
    pub fn root() -> Self {
        Ptr::Root
    }

    /// The member `key`, which this place does not have.
    pub fn missing_key(&self, key: &'d str) -> Self {
        self.missing(Token::Key(key))
    }

    /// The element `i`, which this place does not have.
    pub fn missing_index(&self, i: usize) -> Self {
        self.missing(Token::Index(i))
    }

    fn missing(&self, token: Token<'d>) -> Self {
        Ptr::Missing(Rc::new(MissingNode {
            parent: self.clone(),
            token,
        }))
    }

    /// The name of the member this place is; for an array element, the
    /// name of the array's member (`review_dates` for
    /// `/…/review_dates/0`). A name of the document is borrowed.
    pub fn member_name(&self, places: &Places<'d>) -> Option<Val<'d>> {
        self.tokens(places).find_map(|t| match t {
            Token::Key(k) => Some(Val::Text(k)),
            Token::Index(_) => None,
        })
    }

    /// The tokens of this place's pointer, from the place up to the root.
    fn tokens<'s>(&'s self, places: &'s Places<'d>) -> impl Iterator<Item = Token<'d>> + 's {
        #[derive(Clone, Copy)]
        enum Step<'s, 'd> {
            Place(&'s Ptr<'d>),
            Value(usize),
        }
        let mut next = Some(Step::Place(self));
        std::iter::from_fn(move || loop {
            match next? {
                Step::Place(Ptr::Root) => next = None,
                Step::Place(Ptr::At(v)) => next = Some(Step::Value(address(v))),
                Step::Place(Ptr::MemberOf(v, name)) => {
                    next = Some(Step::Value(address(v)));
                    return Some(Token::Key(name));
                }
                Step::Place(Ptr::ElementOf(v, i)) => {
                    next = Some(Step::Value(address(v)));
                    return Some(Token::Index(*i));
                }
                Step::Place(Ptr::Missing(node)) => {
                    next = Some(Step::Place(&node.parent));
                    return Some(node.token);
                }
                Step::Value(at) => {
                    let entry = places.entry(at)?;
                    next = Some(Step::Value(entry.parent));
                    return Some(entry.token);
                }
            }
        })
    }

    /// The RFC 6901 text, e.g. `/services/2/paraprofessional`.
    pub fn render(&self, places: &Places<'d>) -> String {
        // The tokens come from the place up; they are written from the
        // root down, from a list on the stack (one string per finding, not
        // two).
        let mut tokens: Shallow<Token, 16> = Shallow::new();
        for t in self.tokens(places) {
            tokens.push(t);
        }
        pointer_of(tokens.iter().rev(), tokens.len())
    }
}

/// Where each value of one document is: its container and its name or
/// index there. Built the first time a pointer is rendered or a member
/// named, with one allocation, instead of a pointer node per value
/// reached while rules walk the document.
#[derive(Debug)]
pub struct Places<'d> {
    doc: &'d Value,
    /// By the value's address.
    index: OnceCell<HashMap<usize, Entry<'d>, BuildHasherDefault<AddressHasher>>>,
}

#[derive(Debug)]
struct Entry<'d> {
    parent: usize,
    token: Token<'d>,
}

/// A value's identity: its address, as values of a document never move
/// while it is borrowed.
pub fn address(v: &Value) -> usize {
    std::ptr::from_ref(v) as usize
}

/// Hashes an address: addresses are distinct already, they only need
/// their bits spread (SipHash cost more than the rest of building the
/// index; sorting by address, more still).
#[derive(Default)]
pub struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b) ^ self.0.rotate_left(8));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        // Fibonacci hashing; the high half is folded into the low bits the
        // table indexes by (a value's low address bits hardly vary).
        let h = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 32);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl<'d> Places<'d> {
    /// The places of `doc`'s values, found when first asked.
    pub fn new(doc: &'d Value) -> Self {
        Places {
            doc,
            index: OnceCell::new(),
        }
    }

    fn entry(&self, at: usize) -> Option<&Entry<'d>> {
        self.index.get_or_init(|| index(self.doc)).get(&at)
    }
}

fn index(doc: &Value) -> HashMap<usize, Entry<'_>, BuildHasherDefault<AddressHasher>> {
    let mut out = HashMap::with_capacity_and_hasher(count(doc), BuildHasherDefault::default());
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        let parent = address(v);
        match v {
            Value::Object(members) => {
                for (k, child) in members {
                    out.insert(
                        address(child),
                        Entry {
                            parent,
                            token: Token::Key(k),
                        },
                    );
                    stack.push(child);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    out.insert(
                        address(child),
                        Entry {
                            parent,
                            token: Token::Index(i),
                        },
                    );
                    stack.push(child);
                }
            }
            _ => {}
        }
    }
    out
}

/// The number of values below `doc`, to size the index once.
fn count(doc: &Value) -> usize {
    let mut n = 0;
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(members) => {
                n += members.len();
                stack.extend(members.values());
            }
            Value::Array(items) => {
                n += items.len();
                stack.extend(items);
            }
            _ => {}
        }
    }
    n
}

/// Appends a member name as an RFC 6901 pointer token (`~` as `~0`, `/`
/// as `~1`), without a copy when it has neither.
pub fn push_escaped(out: &mut String, key: &str) {
    // A plain scan: member names are short, and memchr's set-up cost more
    // than the scan (a pointer is written for every member the schema
    // check enters).
    if !key.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(key);
        return;
    }
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Appends an array index in decimal (the formatting machinery costs more
/// than the digits: every element of a plan's lists has its pointer).
pub fn push_index(out: &mut String, mut i: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (i % 10) as u8;
        i /= 10;
        if i == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// A pointer token as the member name it stands for (RFC 6901: `~1` is
/// `/`, `~0` is `~`), borrowed when it has neither.
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
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
    /// Computed text.
    Str(Arc<str>),
    /// Text that is not a value of the document, borrowed for as long as
    /// the document is: a member's name, or text written in the rules
    /// (borrowed, so no count of references is shared between threads).
    Text(&'d str),
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
    /// A compiled regex or word list of the rules.
    Pattern(&'d Pattern),
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
    // The phrase's byte range, in 32 bits: a plan is at most
    // `document::MAX_BYTES`, and a value of the language stays as small
    // as a place and a string (it is moved at every step).
    start: u32,
    end: u32,
}

impl<'d> TextMatch<'d> {
    /// The phrase at bytes `start..end` of `text`, a string at `ptr`. A
    /// range past 4 GiB (no plan is that long) is an empty phrase.
    pub fn new(ptr: Ptr<'d>, text: &'d str, start: usize, end: usize) -> Self {
        let (start, end) = match (u32::try_from(start), u32::try_from(end)) {
            (Ok(s), Ok(e)) => (s, e),
            _ => (0, 0),
        };
        TextMatch {
            ptr,
            text,
            start,
            end,
        }
    }

    /// The phrase's byte range in the string.
    pub fn range(&self) -> (usize, usize) {
        (self.start as usize, self.end as usize)
    }

    /// The phrase.
    pub fn phrase(&self) -> &'d str {
        self.text
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

impl<'d> Val<'d> {
    /// A value of the document, at its own place.
    pub fn json(v: &'d Value) -> Self {
        Val::Json(v, Ptr::At(v))
    }

    /// Why this value counts as absent, or `None` when it is present.
    pub fn absence(&self) -> Option<Absence> {
        match self {
            Val::Missing(_) => Some(Absence::Missing),
            Val::Null | Val::Json(Value::Null, _) => Some(Absence::Null),
            Val::Json(Value::String(s), _) if s.trim().is_empty() => Some(Absence::Blank),
            Val::Str(s) if s.trim().is_empty() => Some(Absence::Blank),
            Val::Text(s) if s.trim().is_empty() => Some(Absence::Blank),
            Val::Json(Value::Array(a), _) if a.is_empty() => Some(Absence::Empty),
            Val::Json(Value::Object(o), _) if o.is_empty() => Some(Absence::Empty),
            Val::List(l) if l.is_empty() => Some(Absence::Empty),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            other => other.borrowed_text(),
        }
    }

    /// The text of a string value that borrows the plan or the rules: all
    /// but computed text.
    fn borrowed_text(&self) -> Option<&'d str> {
        match *self {
            Val::Json(Value::String(ref s), _) => Some(s),
            Val::Text(s) => Some(s),
            Val::Match(ref m) => Some(m.phrase()),
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
    /// The name of the field holding this value (for a list element, the
    /// list's field name), as `member(x)` gives it; `null` for a value
    /// that is not in the plan.
    pub fn member_name(&self, places: &Places<'d>) -> Val<'d> {
        let name = match self {
            Val::Json(_, ptr) | Val::Missing(ptr) => ptr.member_name(places),
            Val::Match(m) => m.ptr.member_name(places),
            _ => None,
        };
        name.unwrap_or(Val::Null)
    }

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
            Val::Json(Value::Array(items), _) => items.iter().map(Val::json).collect(),
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
                range: Some(m.range()),
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

    /// Short text for a message, written at the end of `out`. Long
    /// strings are cut so a message never echoes more of a plan than it
    /// needs.
    pub fn render_into(&self, out: &mut String) {
        const LIMIT: usize = 60;
        let start = out.len();
        self.write_full(out);
        let written = out.get(start..).unwrap_or_default();
        if let Some((cut, _)) = written.char_indices().nth(LIMIT) {
            let kept = written.get(..cut).unwrap_or_default().trim_end().len();
            out.truncate(start + kept);
            out.push('…');
        }
    }

    /// The whole text of a value, uncut.
    fn write_full(&self, out: &mut String) {
        match self {
            Val::Missing(_) => out.push_str("(missing)"),
            Val::Json(Value::String(s), _) => out.push_str(s),
            Val::Json(Value::Null, _) | Val::Null => out.push_str("null"),
            Val::Json(Value::Array(_), _) => out.push_str("(a list)"),
            Val::Json(Value::Object(_), _) => out.push_str("(an object)"),
            Val::Json(v, _) => {
                let _ = write!(out, "{v}");
            }
            Val::Str(s) => out.push_str(s),
            Val::Text(s) => out.push_str(s),
            Val::Num(n) => out.push_str(&format_number(*n)),
            Val::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Val::Date(d) => {
                let _ = write!(out, "{d}");
            }
            Val::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    // Each item is cut as it would be alone.
                    item.render_into(out);
                }
            }
            Val::Pattern(_) => out.push_str("(a pattern)"),
            Val::Match(m) => out.push_str(m.phrase()),
        }
    }
}

/// A scalar as a hash key, equal exactly when `same` (the language's
/// equality) says so. Text of the document or the rules is borrowed:
/// looking a plan's value up in a set copies nothing.
#[derive(Debug, PartialEq, Eq, Hash)]
pub enum Key<'d> {
    /// A number (its bits; 0 and -0 alike).
    Num(u64),
    /// Text, or a date as `YYYY-MM-DD`.
    Text(Cow<'d, str>),
    /// A boolean.
    Bool(bool),
    /// Null.
    Null,
}

/// The hash key of a scalar value; `None` for lists and objects.
pub fn key<'d>(v: &Val<'d>) -> Option<Key<'d>> {
    if let Some(n) = v.as_num() {
        return Some(Key::Num(if n == 0.0 { 0 } else { n.to_bits() }));
    }
    let text = match v {
        Val::Date(d) => Some(Cow::Owned(d.to_string())),
        Val::Str(s) => Some(Cow::Owned(s.to_string())),
        other => other.borrowed_text().map(Cow::Borrowed),
    };
    if let Some(t) = text {
        return Some(Key::Text(t));
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
    fn pointers_escape_tilde_and_slash() {
        let doc = serde_json::json!({"a/b": {"c~d": [0, 1, 2, {"e": true}]}});
        let places = Places::new(&doc);
        let three = &doc["a/b"]["c~d"][3];
        assert_eq!(Ptr::At(three).render(&places), "/a~1b/c~0d/3");
        let missing = Ptr::At(three).missing_key("f/g").missing_index(7);
        assert_eq!(missing.render(&places), "/a~1b/c~0d/3/f~1g/7");
        assert_eq!(Ptr::At(&doc).render(&places), "");
        assert_eq!(Ptr::root().render(&places), "");
    }

    #[test]
    fn a_member_or_element_the_document_lacks_is_named_below_its_parent() {
        let doc = serde_json::json!({"a/b": {"list": [1]}});
        let places = Places::new(&doc);
        let name: Arc<str> = Arc::from("f~g");
        let member = Ptr::MemberOf(&doc["a/b"], &name);
        assert_eq!(member.render(&places), "/a~1b/f~0g");
        let element = Ptr::ElementOf(&doc["a/b"]["list"], 3);
        assert_eq!(element.render(&places), "/a~1b/list/3");
        assert_eq!(
            member.missing_index(0).render(&places),
            "/a~1b/f~0g/0",
            "a place below a missing one"
        );
        assert!(matches!(
            element.member_name(&places),
            Some(Val::Text("list"))
        ));
        assert!(matches!(
            member.member_name(&places),
            Some(Val::Text("f~g"))
        ));
        assert_eq!(Ptr::MemberOf(&doc, &name).render(&places), "/f~0g");
    }

    /// Values are moved and cloned at every step of a rule: a missing
    /// member's place is kept in one without making them larger.
    #[test]
    fn a_value_is_no_larger_than_a_text_match() {
        assert!(
            std::mem::size_of::<Val>() <= 48,
            "{}",
            std::mem::size_of::<Val>()
        );
    }

    #[test]
    fn deep_pointers_keep_their_order() {
        // Deeper than the tokens kept on the stack, with a missing tail.
        let mut doc = serde_json::json!("leaf");
        let mut expected = String::new();
        for level in (0..40).rev() {
            doc = if level % 2 == 0 {
                serde_json::json!({ format!("k{level}"): doc })
            } else {
                serde_json::json!([0, doc])
            };
        }
        for level in 0..40 {
            if level % 2 == 0 {
                expected.push_str(&format!("/k{level}"));
            } else {
                expected.push_str("/1");
            }
        }
        let places = Places::new(&doc);
        let mut leaf = &doc;
        for level in 0..40 {
            leaf = if level % 2 == 0 {
                &leaf[format!("k{level}")]
            } else {
                &leaf[1]
            };
        }
        assert_eq!(Ptr::At(leaf).render(&places), expected);
        let missing = Ptr::At(leaf).missing_key("m").missing_index(3);
        assert_eq!(missing.render(&places), format!("{expected}/m/3"));
        for cut in [15, 16, 17] {
            let mut at = &doc;
            let mut want = String::new();
            for level in 0..cut {
                at = if level % 2 == 0 {
                    want.push_str(&format!("/k{level}"));
                    &at[format!("k{level}")]
                } else {
                    want.push_str("/1");
                    &at[1]
                };
            }
            assert_eq!(Ptr::At(at).render(&places), want, "{cut} levels");
        }
    }

    #[test]
    fn a_member_is_named_by_its_field_even_inside_a_list() {
        fn name<'d>(p: &Ptr<'d>, places: &Places<'d>) -> Option<String> {
            p.member_name(places).map(|v| {
                let mut out = String::new();
                v.render_into(&mut out);
                out
            })
        }
        let doc = serde_json::json!({"review_dates": ["2025-01-01"], "x": {"y": 1}});
        let places = Places::new(&doc);
        let first = Ptr::At(&doc["review_dates"][0]);
        assert_eq!(name(&first, &places).as_deref(), Some("review_dates"));
        assert_eq!(
            name(&Ptr::At(&doc["x"]["y"]), &places).as_deref(),
            Some("y")
        );
        let missing = first.missing_index(2).missing_key("z").missing_index(0);
        assert_eq!(name(&missing, &places).as_deref(), Some("z"));
        assert_eq!(
            name(&first.missing_index(2), &places).as_deref(),
            Some("review_dates")
        );
        assert_eq!(name(&Ptr::At(&doc), &places), None);
    }

    #[test]
    fn long_text_in_a_message_is_cut_after_sixty_characters() {
        let render = |v: &Val| {
            let mut out = String::from("> ");
            v.render_into(&mut out);
            out
        };
        let sixty = "é".repeat(60);
        assert_eq!(
            render(&Val::Str(Arc::from(sixty.as_str()))),
            format!("> {sixty}")
        );
        let long = format!("{} {}", "a".repeat(59), "b".repeat(10));
        let cut = format!("> {}…", "a".repeat(59));
        assert_eq!(
            render(&Val::Str(Arc::from(long.as_str()))),
            cut,
            "cut, then trimmed"
        );
        let items = Val::List(Rc::new(vec![
            Val::Str(Arc::from(long.as_str())),
            Val::Num(2.0),
        ]));
        // Each item is cut, then the whole.
        assert_eq!(render(&items), format!("{cut}…"));
        let short = Val::List(Rc::new(vec![Val::Num(1.5), Val::Bool(true), Val::Null]));
        assert_eq!(render(&short), "> 1.5, true, null");
    }

    #[test]
    fn indexes_are_written_as_format_writes_them() {
        for i in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = String::from("/a/");
            push_index(&mut out, i);
            assert_eq!(out, format!("/a/{i}"));
        }
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
