//! Dates: validity, differences and arithmetic on calendar dates.
//!
//! A value that is not a real `YYYY-MM-DD` date makes the result `null`,
//! so comparisons with it are false; rules guard with `is_date`.

use jiff::{Span, SpanRound, Unit};

use super::Output;
use crate::value::Val;

/// `is_date(x)`.
pub fn is_date<'d>(v: &Val<'d>) -> Output<'d> {
    Output {
        val: Val::Bool(v.as_date().is_some()),
        blame: v.blame(),
    }
}

/// Whole `unit`s from `a` to `b` (negative when `b` is earlier).
pub fn between<'d>(a: &Val<'d>, b: &Val<'d>, unit: Unit) -> Output<'d> {
    let val = match (a.as_date(), b.as_date()) {
        (Some(x), Some(y)) => x
            .until((unit, y))
            .ok()
            .and_then(|span: Span| {
                span.round(
                    SpanRound::new()
                        .largest(unit)
                        .smallest(unit)
                        .mode(jiff::RoundMode::Trunc)
                        .relative(x),
                )
                .ok()
            })
            .map(|s| match unit {
                Unit::Year => f64::from(s.get_years()),
                Unit::Month => f64::from(s.get_months()),
                _ => s.get_days() as f64,
            })
            .map_or(Val::Null, Val::Num),
        _ => Val::Null,
    };
    Output {
        val,
        blame: b.blame().or_else(|| a.blame()),
    }
}

/// `d` plus `n` units; a day that does not exist in the target month
/// becomes the month's last day.
pub fn add<'d>(d: &Val<'d>, n: &Val<'d>, unit: Unit) -> Output<'d> {
    let val = match (d.as_date(), n.as_num()) {
        (Some(date), Some(n)) if n.fract() == 0.0 && n.abs() < 100_000.0 => {
            let n = n as i64;
            let span = match unit {
                Unit::Year => Span::new().try_years(n),
                Unit::Month => Span::new().try_months(n),
                _ => Span::new().try_days(n),
            };
            span.ok()
                .and_then(|s| date.checked_add(s).ok())
                .map_or(Val::Null, Val::Date)
        }
        _ => Val::Null,
    };
    Output {
        val,
        blame: d.blame(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn d(s: &str) -> Val<'static> {
        Val::Str(Arc::from(s))
    }

    #[test]
    fn whole_years_truncate() {
        assert_eq!(
            between(&d("2010-06-15"), &d("2026-06-14"), Unit::Year)
                .val
                .as_num(),
            Some(15.0)
        );
        assert_eq!(
            between(&d("2010-06-15"), &d("2026-06-15"), Unit::Year)
                .val
                .as_num(),
            Some(16.0)
        );
    }

    #[test]
    fn days_between_counts_calendar_days() {
        assert_eq!(
            between(&d("2025-01-01"), &d("2025-03-01"), Unit::Day)
                .val
                .as_num(),
            Some(59.0)
        );
        assert_eq!(
            between(&d("2025-03-01"), &d("2025-01-01"), Unit::Day)
                .val
                .as_num(),
            Some(-59.0)
        );
    }

    #[test]
    fn leap_day_plus_a_year_is_february_28() {
        let out = add(&d("2024-02-29"), &Val::Num(1.0), Unit::Year).val;
        assert_eq!(
            out.as_date().map(|x| x.to_string()),
            Some("2025-02-28".to_string())
        );
    }

    #[test]
    fn months_are_calendar_months() {
        let months = |a: &str, b: &str| between(&d(a), &d(b), Unit::Month).val.as_num();
        assert_eq!(months("2025-01-15", "2025-04-14"), Some(2.0));
        assert_eq!(months("2025-01-15", "2025-04-15"), Some(3.0));
        let plus = |s: &str, n: f64, unit| add(&d(s), &Val::Num(n), unit).val.as_date();
        assert_eq!(
            plus("2025-01-31", 1.0, Unit::Month).map(|x| x.to_string()),
            Some("2025-02-28".to_string())
        );
        assert_eq!(
            plus("2025-01-31", 1.0, Unit::Day).map(|x| x.to_string()),
            Some("2025-02-01".to_string())
        );
    }

    #[test]
    fn only_whole_counts_of_units_are_added() {
        let plus = |n: f64| add(&d("2025-01-01"), &Val::Num(n), Unit::Day).val;
        assert!(matches!(plus(1.5), Val::Null));
        assert!(matches!(plus(100_000.0), Val::Null));
        assert!(matches!(plus(-100_000.0), Val::Null));
        assert_eq!(
            plus(99_999.0).as_date().map(|x| x.to_string()),
            Some("2298-10-16".to_string())
        );
        assert!(matches!(
            add(&d("not a date"), &Val::Num(1.0), Unit::Day).val,
            Val::Null
        ));
    }

    #[test]
    fn invalid_dates_give_null() {
        assert!(matches!(
            between(&d("2025-02-30"), &d("2025-03-01"), Unit::Day).val,
            Val::Null
        ));
    }
}
