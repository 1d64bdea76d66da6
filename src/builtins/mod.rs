//! Built-in functions of the rule language, one file per family.
//!
//! Each function takes evaluated arguments and returns a value together
//! with the place in the document it is about, so a failing check can
//! point at the right spot (the missing member, the phrase that matched).

mod clause;
mod collections;
mod dates;
mod presence;
mod text;

use std::cell::RefCell;
use std::rc::Rc;

use crate::lexicon::Lexicon;
use crate::pattern::Pattern;
use crate::value::{Blame, Places, Val};

pub use text::{phrases, Phrases};

/// What built-in functions read besides their arguments, for one
/// document.
pub struct Context<'e, 'd> {
    /// The verbs the text functions know.
    pub lexicon: &'e Lexicon,
    /// Where the document's values are, for `pointer` and `member`.
    pub places: &'e Places<'d>,
    /// The empty list, shared: most searches find nothing.
    pub empty: &'e Rc<Vec<Val<'d>>>,
    /// Set when this evaluation looks ahead of another (see
    /// [`Ahead`]).
    pub ahead: Option<&'e Ahead<'d>>,
}

/// An evaluation that runs ahead of the real one, on another thread, only
/// to find the patterns the rules reach: a pattern not compiled yet is
/// noted and searched as one that matches nothing, so the look ahead never
/// waits for a compile. Its findings are thrown away.
pub struct Ahead<'d> {
    /// Stands in for a pattern not compiled yet.
    pub nothing: &'d Pattern,
    /// The patterns reached that were not compiled, each once, in the
    /// order reached.
    pub reached: RefCell<Vec<&'d Pattern>>,
}

impl<'d> Ahead<'d> {
    /// The pattern to search with in place of `p`: `p` once compiled, else
    /// the pattern that matches nothing, `p` noted as reached.
    pub fn stand_in(&self, p: &'d Pattern) -> &'d Pattern {
        if p.is_compiled() {
            return p;
        }
        let mut reached = self.reached.borrow_mut();
        if !reached.iter().any(|r| std::ptr::eq(*r, p)) {
            reached.push(p);
        }
        self.nothing
    }
}

impl<'d> Context<'_, 'd> {
    /// A list of these items; an empty one is the shared empty list.
    pub fn list(&self, items: Vec<Val<'d>>) -> Val<'d> {
        if items.is_empty() {
            Val::List(Rc::clone(self.empty))
        } else {
            Val::List(Rc::new(items))
        }
    }
}

/// A built-in function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `present(x)`.
    Present,
    /// `absent(x)`.
    Absent,
    /// `coalesce(a, b, ...)`.
    Coalesce,
    /// `is_text(x)`.
    IsText,
    /// `is_number(x)`.
    IsNumber,
    /// `matches(text, pattern)`.
    Matches,
    /// `find(text, pattern)`.
    Find,
    /// `lower(text)`.
    Lower,
    /// `clause(text, skip)`.
    Clause,
    /// `leading_verb(text, skip)`.
    LeadingVerb,
    /// `lemma(word)`.
    Lemma,
    /// `count(collection)`.
    Count,
    /// `first(collection)`.
    First,
    /// `unique(collection)`.
    Unique,
    /// `duplicates(collection)`.
    Duplicates,
    /// `texts(x)`.
    Texts,
    /// `pointer(x)`.
    Pointer,
    /// `member(x)`.
    Member,
    /// `objects(x)`.
    Objects,
    /// `choose(c, a, b)`.
    Choose,
    /// `is_date(x)`.
    IsDate,
    /// `days_between(a, b)`.
    DaysBetween,
    /// `months_between(a, b)`.
    MonthsBetween,
    /// `years_between(a, b)`.
    YearsBetween,
    /// `add_days(d, n)`.
    AddDays,
    /// `add_months(d, n)`.
    AddMonths,
    /// `add_years(d, n)`.
    AddYears,
    /// `age_on(birth, d)`.
    AgeOn,
}

/// What a built-in accepts, and its one-line documentation.
#[derive(Debug)]
pub struct Signature {
    /// The name used in rule files.
    pub name: &'static str,
    /// The function.
    pub builtin: Builtin,
    /// Fewest arguments.
    pub min_args: usize,
    /// Most arguments (`None`: any number).
    pub max_args: Option<usize>,
    /// Which argument must be a pattern (a regex or `words [...]`).
    pub pattern_arg: Option<usize>,
    /// What it does.
    pub doc: &'static str,
}

const fn sig(
    name: &'static str,
    builtin: Builtin,
    min_args: usize,
    max_args: Option<usize>,
    pattern_arg: Option<usize>,
    doc: &'static str,
) -> Signature {
    Signature {
        name,
        builtin,
        min_args,
        max_args,
        pattern_arg,
        doc,
    }
}

/// Every built-in function.
#[rustfmt::skip]
pub const SIGNATURES: &[Signature] = &[
    sig("present", Builtin::Present, 1, Some(2), Some(1), "true when the value is there and not null, blank, or an empty list or object; with a pattern, text matching it (a placeholder) counts as absent too"),
    sig("absent", Builtin::Absent, 1, Some(1), None, "the opposite of present"),
    sig("coalesce", Builtin::Coalesce, 1, None, None, "the first argument that is present"),
    sig("is_text", Builtin::IsText, 1, Some(1), None, "true when the value is a string"),
    sig("is_number", Builtin::IsNumber, 1, Some(1), None, "true when the value is a number"),
    sig("matches", Builtin::Matches, 2, Some(2), Some(1), "true when the text contains the pattern; points at the phrase"),
    sig("find", Builtin::Find, 2, Some(2), Some(1), "every phrase of the text (or of each text of a collection) that matches the pattern, each with its place"),
    sig("lower", Builtin::Lower, 1, Some(1), None, "the text in lower case"),
    sig("clause", Builtin::Clause, 2, Some(2), Some(1), "the clause after \"will\" (or the student's verb after \"so that\"), from its verb to the end of the sentence, skipping what the pattern allows before the verb; null when there is none"),
    sig("leading_verb", Builtin::LeadingVerb, 2, Some(2), Some(1), "the clause of a text that starts (after what the pattern allows) with a verb in its base form; null otherwise"),
    sig("lemma", Builtin::Lemma, 1, Some(1), None, "the base form of the first word, in lower case (\"starts\" gives \"start\")"),
    sig("count", Builtin::Count, 1, Some(1), None, "how many values the collection holds"),
    sig("first", Builtin::First, 1, Some(1), None, "the first present value of the collection, with its place (null when there is none)"),
    sig("unique", Builtin::Unique, 1, Some(1), None, "true when no value repeats; points at the first repeat"),
    sig("duplicates", Builtin::Duplicates, 1, Some(1), None, "the values that repeat an earlier one"),
    sig("texts", Builtin::Texts, 1, Some(1), None, "every text at or below the value, each with its place"),
    sig("objects", Builtin::Objects, 1, Some(1), None, "every object at or below the value, each with its place"),
    sig("choose", Builtin::Choose, 3, Some(3), None, "the second argument when the first holds, else the third"),
    sig("member", Builtin::Member, 1, Some(1), None, "the name of the field holding the value (for a list element, the list's field name)"),
    sig("pointer", Builtin::Pointer, 1, Some(1), None, "the JSON pointer of the value, as text (e.g. /services/2/start_date)"),
    sig("is_date", Builtin::IsDate, 1, Some(1), None, "true when the value is a real calendar date written YYYY-MM-DD"),
    sig("days_between", Builtin::DaysBetween, 2, Some(2), None, "days from the first date to the second"),
    sig("months_between", Builtin::MonthsBetween, 2, Some(2), None, "whole months from the first date to the second"),
    sig("years_between", Builtin::YearsBetween, 2, Some(2), None, "whole years from the first date to the second"),
    sig("add_days", Builtin::AddDays, 2, Some(2), None, "the date plus a number of days"),
    sig("add_months", Builtin::AddMonths, 2, Some(2), None, "the date plus a number of months (the 31st becomes the month's last day)"),
    sig("add_years", Builtin::AddYears, 2, Some(2), None, "the date plus a number of years (29 February becomes 28 February)"),
    sig("age_on", Builtin::AgeOn, 2, Some(2), None, "a person's age in whole years on a date, from the date of birth"),
];

/// The signature of a built-in by name.
pub fn lookup(name: &str) -> Option<&'static Signature> {
    SIGNATURES.iter().find(|s| s.name == name)
}

/// A function result and the place it is about.
pub struct Output<'d> {
    /// The value.
    pub val: Val<'d>,
    /// Where a failing check should point.
    pub blame: Option<Blame<'d>>,
}

impl<'d> Output<'d> {
    fn plain(val: Val<'d>) -> Self {
        Output { val, blame: None }
    }
}

/// Calls a built-in on evaluated arguments. In a look ahead, a pattern not
/// compiled yet is noted and matches nothing.
pub fn call<'d>(builtin: Builtin, args: &[Val<'d>], cx: &Context<'_, 'd>) -> Output<'d> {
    let waiting = |a: &Val<'d>| matches!(a, Val::Pattern(p) if !p.is_compiled());
    if let Some(ahead) = cx.ahead.filter(|_| args.iter().any(waiting)) {
        let args: Vec<Val<'d>> = args
            .iter()
            .map(|a| match a {
                Val::Pattern(p) => Val::Pattern(ahead.stand_in(p)),
                other => other.clone(),
            })
            .collect();
        return run(builtin, &args, cx);
    }
    run(builtin, args, cx)
}

fn run<'d>(builtin: Builtin, args: &[Val<'d>], cx: &Context<'_, 'd>) -> Output<'d> {
    let lex = cx.lexicon;
    // Arguments are borrowed: a built-in is called for every element of
    // most rules, and most read their arguments without keeping them.
    let null = Val::Null;
    let arg = |i: usize| args.get(i).unwrap_or(&null);
    match builtin {
        Builtin::Present => presence::present(arg(0), args.get(1), true),
        Builtin::Absent => presence::present(arg(0), None, false),
        Builtin::Coalesce => presence::coalesce(args),
        Builtin::IsText => presence::is_kind(arg(0), |v| v.as_text().is_some()),
        Builtin::IsNumber => presence::is_kind(arg(0), |v| v.as_num().is_some()),
        Builtin::Matches => text::matches(arg(0), arg(1)),
        Builtin::Find => text::find(arg(0), arg(1), cx),
        Builtin::Lower => text::lower(arg(0)),
        Builtin::Clause => clause::clause(arg(0), arg(1), lex),
        Builtin::LeadingVerb => clause::leading_verb(arg(0), arg(1), lex),
        Builtin::Lemma => clause::lemma(arg(0), lex),
        Builtin::Count => collections::count(arg(0)),
        Builtin::First => collections::first(arg(0)),
        Builtin::Unique => collections::unique(arg(0)),
        Builtin::Duplicates => collections::duplicates(arg(0), cx),
        Builtin::Texts => collections::descendants(arg(0), |v| v.is_string(), cx),
        Builtin::Objects => collections::descendants(arg(0), |v| v.is_object(), cx),
        Builtin::Choose => {
            let val = if arg(0).truthy() { arg(1) } else { arg(2) }.clone();
            let blame = val.blame();
            Output { val, blame }
        }
        Builtin::Pointer => collections::pointer(arg(0), cx.places),
        Builtin::Member => collections::member(arg(0), cx.places),
        Builtin::IsDate => dates::is_date(arg(0)),
        Builtin::DaysBetween => dates::between(arg(0), arg(1), jiff::Unit::Day),
        Builtin::MonthsBetween => dates::between(arg(0), arg(1), jiff::Unit::Month),
        Builtin::YearsBetween | Builtin::AgeOn => dates::between(arg(0), arg(1), jiff::Unit::Year),
        Builtin::AddDays => dates::add(arg(0), arg(1), jiff::Unit::Day),
        Builtin::AddMonths => dates::add(arg(0), arg(1), jiff::Unit::Month),
        Builtin::AddYears => dates::add(arg(0), arg(1), jiff::Unit::Year),
    }
}

/// Scalar equality used by `==`, `in`, `unique` and `duplicates`: text
/// with text, numbers with numbers, dates with dates.
pub fn same(a: &Val, b: &Val) -> bool {
    if let (Some(x), Some(y)) = (a.as_num(), b.as_num()) {
        return x == y;
    }
    if let (Val::Date(_), _) | (_, Val::Date(_)) = (a, b) {
        return matches!((a.as_date(), b.as_date()), (Some(x), Some(y)) if x == y);
    }
    if let (Some(x), Some(y)) = (a.as_text(), b.as_text()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_bool(), b.as_bool()) {
        return x == y;
    }
    matches!(
        (a, b),
        (
            Val::Null | Val::Json(serde_json::Value::Null, _),
            Val::Null | Val::Json(serde_json::Value::Null, _)
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Val<'static> {
        Val::Str(std::sync::Arc::from(s))
    }

    #[test]
    fn same_compares_like_with_like() {
        let d = |s: &str| Val::Date(s.parse().expect("a date"));
        assert!(same(&Val::Num(2.0), &Val::Num(2.0)));
        assert!(!same(&Val::Num(2.0), &Val::Num(3.0)));
        assert!(same(&d("2026-05-01"), &text("2026-05-01")));
        assert!(same(&text("2026-05-01"), &d("2026-05-01")));
        assert!(!same(&d("2026-05-01"), &d("2026-05-02")));
        assert!(!same(&d("2026-05-01"), &text("May 1")));
        assert!(same(&text("a"), &text("a")));
        assert!(!same(&text("a"), &text("b")));
        assert!(same(&Val::Bool(true), &Val::Bool(true)));
        assert!(!same(&Val::Bool(true), &Val::Bool(false)));
        assert!(same(&Val::Null, &Val::Null));
        assert!(!same(&Val::Null, &text("")));
        assert!(!same(&Val::Num(1.0), &text("1")));
    }
}
