//! Reading what a person meant: a number written with its unit, yes and
//! no for true and false, a choice written another way (`1-on-1` for
//! `1:1`), a date written the American way. Each reader answers only when
//! the intent is unambiguous; the schema check still reports the value.

use jiff::civil::Date;

/// A number written as text, alone or followed by a unit or a percent
/// sign: `"30"`, `"30 minutes"`, `"84%"`, `" 2.5 hours "`. Not a range
/// (`"30-45 minutes"`) and not a number after words (`"about 30"`).
pub fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    let end = t
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || (*c == '.' && *i > 0)))
        .map_or(t.len(), |(i, _)| i);
    let (digits, rest) = t.split_at(end);
    let rest = rest.trim_start();
    let unit_only = rest
        .chars()
        .all(|c| c.is_alphabetic() || c == '%' || c == ' ' || c == '.' || c == '/');
    if digits.is_empty() || !unit_only || rest.starts_with(['-', '–']) {
        return None;
    }
    digits.parse().ok()
}

/// `yes`, `no`, `true`, `false`, `y`, `n`, in any case, as a boolean.
pub fn boolean(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" => Some(true),
        "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

/// The one choice that `text` writes another way: the same words in
/// another case or with other separators (`Special Education` for
/// `special_education`), number words for digits and `on`/`to`/`by` for
/// `:` (`1-on-1`, `one-to-one`, `1 to 1` for `1:1`). `None` when no
/// choice, or more than one, reads the same.
pub fn choice<'a>(text: &str, choices: &'a [String]) -> Option<&'a str> {
    let key = choice_key(text);
    if key.is_empty() {
        return None;
    }
    let mut same = choices.iter().filter(|c| choice_key(c) == key);
    match (same.next(), same.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// Lower case, number words as digits, separators and the connecting
/// words of a ratio dropped.
fn choice_key(text: &str) -> String {
    const NUMBERS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    let lower = text.to_lowercase();
    let mut key = String::new();
    for word in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if let Some(n) = NUMBERS.iter().position(|w| *w == word) {
            key.push_str(&n.to_string());
        } else if !matches!(word, "on" | "to" | "by") {
            key.push_str(word);
        }
    }
    key
}

/// A real calendar day written another way: `6/14/2016`, `06-14-2016`
/// and `6.14.16` (month first, as US schools write it; day first when the
/// first number cannot be a month), `2016/06/14`, `June 14, 2016`,
/// `14 June 2016`. Two-digit years are 2000–2069 below 70, else 1970–1999.
pub fn date(text: &str) -> Option<Date> {
    let t = text.trim();
    let numbers: Vec<&str> = t.split(['/', '-', '.']).map(str::trim).collect();
    if numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        let n: Vec<i32> = numbers.iter().filter_map(|s| s.parse().ok()).collect();
        let (a, b, c) = (*n.first()?, *n.get(1)?, *n.get(2)?);
        return if numbers[0].len() == 4 {
            day(a, b, c)
        } else {
            let year = full_year(c, numbers[2].len())?;
            if a > 12 {
                day(year, b, a)
            } else {
                day(year, a, b)
            }
        };
    }
    named_month(t)
}

/// `June 14, 2016`, `Jun 14th 2016`, `14 June 2016`.
fn named_month(t: &str) -> Option<Date> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.len() != 3 {
        return None;
    }
    let month_of = |w: &str| {
        MONTHS
            .iter()
            .position(|m| w.starts_with(m) && w.len() <= 9)
            .map(|i| i as i32 + 1)
    };
    let number = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        digits.parse::<i32>().ok()
    };
    let year = |w: &str| (w.len() == 4).then(|| w.parse::<i32>().ok()).flatten();
    match (month_of(words[0]), month_of(words[1])) {
        (Some(m), None) => day(year(words[2])?, m, number(words[1])?),
        (None, Some(m)) => day(year(words[2])?, m, number(words[0])?),
        _ => None,
    }
}

fn full_year(y: i32, digits: usize) -> Option<i32> {
    match digits {
        4 => Some(y),
        2 if y < 70 => Some(2000 + y),
        2 => Some(1900 + y),
        _ => None,
    }
}

fn day(year: i32, month: i32, day: i32) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_units_but_not_ranges_or_words() {
        assert_eq!(number("30 minutes"), Some(30.0));
        assert_eq!(number("84%"), Some(84.0));
        assert_eq!(number(" 2.5 hours "), Some(2.5));
        assert_eq!(number("30"), Some(30.0));
        assert_eq!(number("30-45 minutes"), None);
        assert_eq!(number("about 30"), None);
        assert_eq!(number("3 times, 2 weeks"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(boolean("Yes"), Some(true));
        assert_eq!(boolean(" no "), Some(false));
        assert_eq!(boolean("sometimes"), None);
    }

    #[test]
    fn choices_written_another_way() {
        let ratios: Vec<String> = ["1:1", "shared", "classroom"].map(String::from).to_vec();
        for written in [
            "1-on-1",
            "one-to-one",
            "1 to 1",
            "1:1 ",
            "One on One",
            "1 by 1",
        ] {
            assert_eq!(choice(written, &ratios), Some("1:1"), "{written}");
        }
        assert_eq!(choice("2:1", &ratios), None);
        assert_eq!(choice("Shared", &ratios), Some("shared"));
        let categories: Vec<String> = ["special_education", "related_service"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            choice("Special Education", &categories),
            Some("special_education")
        );
        assert_eq!(choice("", &categories), None);
    }

    #[test]
    fn dates_written_another_way() {
        let d = |y, m, dd| Some(jiff::civil::date(y, m, dd));
        assert_eq!(date("6/14/2016"), d(2016, 6, 14));
        assert_eq!(date("06-14-2016"), d(2016, 6, 14));
        assert_eq!(date("14/6/2016"), d(2016, 6, 14));
        assert_eq!(date("6.14.16"), d(2016, 6, 14));
        assert_eq!(date("2016/06/14"), d(2016, 6, 14));
        assert_eq!(date("June 14, 2016"), d(2016, 6, 14));
        assert_eq!(date("14 June 2016"), d(2016, 6, 14));
        assert_eq!(date("Sept 3rd 2025"), d(2025, 9, 3));
        assert_eq!(date("2/30/2025"), None);
        assert_eq!(date("next fall"), None);
        assert_eq!(date("13/13/2016"), None);
    }
}
