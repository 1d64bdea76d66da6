//! The behavior clause of a statement: where it says what the student
//! does. `clause` finds the verb after "will" (or "shall"), or the verb of
//! the student after "so that"; `leading_verb` finds a statement that
//! starts with its verb, as goal banks write them. Both skip what the pack
//! says may stand before the verb (adverbs, "be able to", a condition) and
//! return the clause from its verb to the end of the sentence, located in
//! the text, so that a rule can judge it and underline its verb. `lemma`
//! gives a verb's base form.

use super::text::located_text;
use super::Output;
use crate::lexicon::Lexicon;
use crate::pattern::Pattern;
use crate::value::Val;

/// A word of a text: its byte range.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
}

/// Whether `c` continues a word: letters and digits, and an apostrophe or
/// hyphen between two of them.
fn in_word(hay: &str, at: usize, c: char) -> bool {
    c.is_alphanumeric()
        || ((c == '\'' || c == '-' || c == '’')
            && hay[at + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric))
}

/// The words of a text, in order, without allocating.
fn words(hay: &str) -> impl Iterator<Item = Word> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = hay.get(pos..)?;
        let skip = rest.find(char::is_alphanumeric)?;
        let start = pos + skip;
        let end = word_end(hay, start);
        pos = end;
        Some(Word { start, end })
    })
}

/// The end of the word starting at `start` (`start` itself when no word
/// starts there): a word starts with a letter or digit.
fn word_end(hay: &str, start: usize) -> usize {
    let mut chars = hay.get(start..).unwrap_or("").char_indices();
    let mut end = match chars.next() {
        Some((_, c)) if c.is_alphanumeric() => start + c.len_utf8(),
        _ => return start,
    };
    for (i, c) in chars {
        if !in_word(hay, start + i, c) {
            break;
        }
        end = start + i + c.len_utf8();
    }
    end
}

/// The word that starts exactly at `pos`, if one does.
fn word_at(hay: &str, pos: usize) -> Option<Word> {
    let c = hay.get(pos..)?.chars().next()?;
    c.is_alphanumeric().then(|| Word {
        start: pos,
        end: word_end(hay, pos),
    })
}

/// `clause(text, skip)`: the clause after "will"/"shall" (not "will not"),
/// from its verb; else the clause of the first verb in the -s form within
/// six words after "so that". Null when there is none.
pub fn clause<'d>(text: &Val<'d>, skip: &Val<'d>, lex: &Lexicon) -> Output<'d> {
    find_clause(text, skip, lex, |hay| {
        let is = |w: &Word, word: &str| hay[w.start..w.end].eq_ignore_ascii_case(word);
        let mut ws = words(hay).peekable();
        while let Some(w) = ws.next() {
            if (is(&w, "will") || is(&w, "shall"))
                && ws.peek().is_none_or(|n| !is(n, "not") && !is(n, "never"))
            {
                return Some(w.end);
            }
        }
        let mut ws = words(hay).peekable();
        while let Some(w) = ws.next() {
            if is(&w, "so") && ws.peek().is_some_and(|n| is(n, "that")) {
                let verb = ws.skip(1).take(6).find(|v| {
                    lex.verb(&hay[v.start..v.end])
                        .is_some_and(|f| f.third_person)
                })?;
                return Some(verb.start);
            }
        }
        None
    })
}

/// `leading_verb(text, skip)`: the clause of a statement that starts (after
/// what `skip` allows, e.g. a condition) with a verb in its base form, as
/// in "Request a break using a card in 4 of 5 opportunities". Null
/// otherwise.
pub fn leading_verb<'d>(text: &Val<'d>, skip: &Val<'d>, lex: &Lexicon) -> Output<'d> {
    find_clause(text, skip, lex, |_| Some(0)).filter_base_form(lex)
}

/// `lemma(word)`: the base form of the first word of the text, lower case
/// (`starts` → `start`); the word itself when it is not a verb.
pub fn lemma<'d>(v: &Val<'d>, lex: &Lexicon) -> Output<'d> {
    let Some(text) = v.as_text() else {
        return Output::plain(Val::Null);
    };
    let first = words(text)
        .next()
        .map(|w| &text[w.start..w.end])
        .unwrap_or("");
    let base = lex
        .verb(first)
        .map_or_else(|| first.to_lowercase(), |f| f.lemma.to_string());
    Output::plain(Val::Str(base.into()))
}

/// The clause from the verb after the anchor `start_at` finds (a byte
/// offset into the text), skipping what `skip` allows, commas around a
/// parenthetical and a parenthesis, and words ending in -ly that are no
/// verb. It runs to the end of the sentence.
fn find_clause<'d>(
    text: &Val<'d>,
    skip: &Val<'d>,
    lex: &Lexicon,
    start_at: impl Fn(&str) -> Option<usize>,
) -> Output<'d> {
    let none = Output::plain(Val::Null);
    let located = located_text(text);
    let hay = match (&located, text.as_text()) {
        (Some(l), _) => l.hay,
        (None, Some(t)) => t,
        (None, None) => return none,
    };
    let Some(mut pos) = start_at(hay) else {
        return none;
    };
    let skip = match skip {
        Val::Pattern(p) => Some(*p),
        _ => None,
    };
    // Skip what may stand before the verb, as long as anything is skipped.
    loop {
        let before = pos;
        pos = skip_space(hay, pos);
        if let Some(rest) = hay.get(pos..) {
            if let Some(inner) = rest.strip_prefix(',') {
                // ", when shown a picture card," : a parenthetical.
                if let Some(close) = inner.find(',') {
                    pos += close + 2;
                }
            } else if rest.starts_with('(') {
                if let Some(close) = rest.find(')') {
                    pos += close + 1;
                }
            }
        }
        pos = skip_space(hay, pos);
        if let Some(end) = skipped(skip, hay, pos) {
            pos = end;
        }
        if let Some(w) = word_at(hay, pos) {
            let word = &hay[w.start..w.end];
            if word.len() > 3 && word.to_lowercase().ends_with("ly") && lex.verb(word).is_none() {
                pos = w.end;
            }
        }
        if pos == before {
            break;
        }
    }
    let Some(verb) = word_at(hay, skip_space(hay, pos)) else {
        return none;
    };
    if !hay[verb.start..].starts_with(char::is_alphabetic) {
        return none;
    }
    let end = sentence_end(hay, verb.start);
    let m = match &located {
        Some(l) => Val::Match(l.phrase(verb.start, end)),
        None => Val::Str(hay[verb.start..end].into()),
    };
    Output {
        blame: m.blame(),
        val: m,
    }
}

impl Output<'_> {
    /// Keeps a clause only when its first word is a verb in its base form.
    fn filter_base_form(self, lex: &Lexicon) -> Self {
        let keep = self
            .val
            .as_text()
            .and_then(|t| word_at(t, 0).map(|w| &t[w.start..w.end]))
            .and_then(|w| lex.verb(w))
            .is_some_and(|f| f.base);
        if keep {
            self
        } else {
            Output::plain(Val::Null)
        }
    }
}

/// The end of what `skip` matches right at `pos`, if it matches there and
/// is not empty.
fn skipped(skip: Option<&Pattern>, hay: &str, pos: usize) -> Option<usize> {
    let (start, end) = skip?.find_at(hay, pos)?;
    (start == pos && end > pos).then_some(end)
}

fn skip_space(hay: &str, pos: usize) -> usize {
    hay.get(pos..)
        .map_or(pos, |rest| pos + (rest.len() - rest.trim_start().len()))
}

/// Where the sentence holding `from` ends: a full stop followed by a space
/// or the end, a semicolon, a line break, or the end of the text.
fn sentence_end(hay: &str, from: usize) -> usize {
    let bytes = hay.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b';' | b'\n' => return i,
            b'.' if bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()) => return i,
            _ => i += 1,
        }
    }
    hay.len()
}

#[cfg(test)]
#[allow(clippy::expect_used, reason = "tests fail on broken set-up")]
mod tests {
    use super::*;

    /// A pattern as the rules hold it, for as long as the test runs.
    fn pattern(re: &str) -> Val<'static> {
        Val::Pattern(Box::leak(Box::new(Pattern::new(
            re.to_string(),
            Vec::new(),
        ))))
    }

    fn text_of(out: Output) -> Option<String> {
        out.val.as_text().map(str::to_string)
    }

    #[test]
    fn words_keep_their_inner_apostrophes_and_hyphens() {
        let spans =
            |t: &str| -> Vec<String> { words(t).map(|w| t[w.start..w.end].to_string()).collect() };
        assert_eq!(
            spans("the student's self-care - done' x-"),
            ["the", "student's", "self-care", "done", "x"]
        );
        assert_eq!(spans("José’s co-op"), ["José’s", "co-op"]);
        assert!(in_word("a-b", 1, '-'));
        assert!(!in_word("a- b", 1, '-'));
        assert!(in_word("ab", 1, 'b'));
        assert!(!in_word("a b", 1, ' '));
        // A curly apostrophe is three bytes: the letter after it is found.
        assert!(in_word("a’s", 1, '’'));
        assert_eq!(word_end("'tis", 0), 0, "no word starts at an apostrophe");
        assert_eq!(word_end("ab-", 0), 2);
        assert_eq!(word_end("é-x y", 0), "é-x".len());
    }

    #[test]
    fn a_clause_ends_with_its_sentence_not_at_a_decimal_point() {
        let lex = Lexicon::english();
        let skip = pattern(r"(?i)(?:(?:independently|and)\s+)*");
        let c = |t: &str| text_of(clause(&Val::Str(t.into()), &skip, &lex));
        assert_eq!(
            c("Ana will read aloud; then stop").as_deref(),
            Some("read aloud")
        );
        assert_eq!(c("Ana will read aloud\nG2").as_deref(), Some("read aloud"));
        assert_eq!(
            c("Ana will read 2.5 pages. Next").as_deref(),
            Some("read 2.5 pages")
        );
        assert_eq!(c("Ana will read 2 pages.").as_deref(), Some("read 2 pages"));
        // Only "so that" leads to the student's verb; "so" or "that" alone
        // does not.
        assert_eq!(c("Kai reads so quickly he finishes first"), None);
        assert_eq!(c("The aide ensures that she reads"), None);
        // An adverb is skipped when it is longer than three letters.
        assert_eq!(c("Ana will sly read").as_deref(), Some("sly read"));
        assert_eq!(c("Ana will calmly read").as_deref(), Some("read"));
    }

    #[test]
    fn skipping_needs_a_match_right_here_that_is_not_empty() {
        let p = |re: &str| Pattern::new(re.to_string(), Vec::new());
        let adverb = p(r"independently\s+");
        assert_eq!(skipped(Some(&adverb), "independently read", 0), Some(14));
        assert_eq!(skipped(Some(&adverb), "read independently now", 0), None);
        assert_eq!(skipped(Some(&p("x*")), "read", 0), None);
        assert_eq!(skipped(None, "read", 0), None);
    }

    #[test]
    fn the_clause_after_will() {
        let lex = Lexicon::english();
        let skip = pattern(r"(?i)(?:(?:independently|and|be\s+able\s+to)\s+)*");
        let c = |t: &str| text_of(clause(&Val::Str(t.into()), &skip, &lex));
        assert_eq!(
            c("Given a card, Kai will independently and accurately sort 10 items. Then more.")
                .as_deref(),
            Some("sort 10 items")
        );
        assert_eq!(
            c("Ana will, when shown a picture card, name the item in 4 of 5 trials").as_deref(),
            Some("name the item in 4 of 5 trials")
        );
        assert_eq!(
            c("Ana will (with one prompt) request a break").as_deref(),
            Some("request a break")
        );
        assert_eq!(
            c("Ana will be able to count to 20").as_deref(),
            Some("count to 20")
        );
        assert_eq!(c("He will not hit peers"), None);
        assert_eq!(
            c("To prompt the routine so that he starts work within 5 minutes").as_deref(),
            Some("starts work within 5 minutes")
        );
        assert_eq!(c("Reading comprehension"), None);
    }

    #[test]
    fn a_statement_that_starts_with_its_verb() {
        let lex = Lexicon::english();
        let skip = pattern(r"(?i)(?:(?:given|when|during)\b[^,]*,\s*)?");
        let l = |t: &str| text_of(leading_verb(&Val::Str(t.into()), &skip, &lex));
        assert_eq!(
            l("Request a break using a card in 4 of 5 opportunities").as_deref(),
            Some("Request a break using a card in 4 of 5 opportunities")
        );
        assert_eq!(
            l("Given a model, copy 5 shapes.").as_deref(),
            Some("copy 5 shapes")
        );
        assert_eq!(l("Reading fluency of 90 words per minute"), None);
        assert_eq!(l("Math: 80%"), None);
    }

    #[test]
    fn lemmas() {
        let lex = Lexicon::english();
        let base = |t: &str| {
            lemma(&Val::Str(t.into()), &lex)
                .val
                .as_text()
                .map(str::to_string)
        };
        assert_eq!(base("starts work").as_deref(), Some("start"));
        assert_eq!(base("Understood").as_deref(), Some("understand"));
        assert_eq!(base("Reading").as_deref(), Some("read"));
    }
}
