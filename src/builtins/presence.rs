//! Presence: `present`, `absent`, `coalesce`, type tests.

use super::Output;
use crate::value::{Absence, Blame, Val};

/// `present(x)` (or `absent(x)` when `want` is false). Blames the value,
/// recording why it counts as absent. With a pattern, text that matches it
/// (a placeholder such as "TBD") counts as absent.
pub fn present<'d>(v: &Val<'d>, placeholder: Option<&Val<'d>>, want: bool) -> Output<'d> {
    let is_placeholder = match (placeholder, v.as_text()) {
        (Some(Val::Pattern(p)), Some(text)) => p.is_match(text),
        _ => false,
    };
    let absence = v
        .absence()
        .or(is_placeholder.then_some(Absence::Placeholder));
    let blame = v.blame().map(|b| Blame { absence, ..b });
    Output {
        val: Val::Bool(absence.is_none() == want),
        blame,
    }
}

/// `coalesce(a, b, ...)`: the first present argument, else the first one.
pub fn coalesce<'d>(args: &[Val<'d>]) -> Output<'d> {
    let val = args
        .iter()
        .find(|a| a.absence().is_none())
        .or_else(|| args.first())
        .cloned()
        .unwrap_or(Val::Null);
    let blame = val.blame();
    Output { val, blame }
}

/// A type test that blames the value.
pub fn is_kind<'d>(v: &Val<'d>, test: impl Fn(&Val<'d>) -> bool) -> Output<'d> {
    Output {
        val: Val::Bool(test(v)),
        blame: v.blame(),
    }
}
