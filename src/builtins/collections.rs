//! Collections: `count`, `unique`, `duplicates`.

use std::rc::Rc;

use super::{same, Output};
use crate::eval::value::Val;

/// `count(xs)`.
pub fn count<'d>(v: &Val<'d>) -> Output<'d> {
    Output {
        val: Val::Num(v.elements().len() as f64),
        blame: v.blame(),
    }
}

/// The elements that repeat an earlier element (absent ones ignored).
fn repeats<'d>(v: &Val<'d>) -> Vec<Val<'d>> {
    let items: Vec<Val<'d>> = v
        .elements()
        .into_iter()
        .filter(|x| x.absence().is_none())
        .collect();
    items
        .iter()
        .enumerate()
        .filter(|(i, x)| items[..*i].iter().any(|y| same(x, y)))
        .map(|(_, x)| x.clone())
        .collect()
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
pub fn duplicates<'d>(v: &Val<'d>) -> Output<'d> {
    Output {
        val: Val::List(Rc::new(repeats(v))),
        blame: v.blame(),
    }
}
