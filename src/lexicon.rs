//! English verbs and their inflections, embedded (from
//! `rules/lexicon/english-verbs.txt`, generated from lemminflect's
//! inflection table, MIT License): what the text functions need to tell a
//! verb from another word. Which verbs are observable is not decided here;
//! the rule packs say that in their own words.

// The table built from `rules/lexicon/english-verbs.txt` by build.rs:
// `WORDS` and `FORMS`.
include!(concat!(env!("OUT_DIR"), "/verbs.rs"));

/// What the lexicon knows of a word that is a verb form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerbForm {
    /// The base form: `start` for `starts`.
    pub lemma: &'static str,
    /// The word is the base form itself.
    pub base: bool,
    /// The word ends in -s and is not the base form (`starts`).
    pub third_person: bool,
}

/// Every verb form, lower case, in a table built at compile time.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon;

impl Lexicon {
    /// The embedded English verbs.
    pub fn english() -> Self {
        Lexicon
    }

    /// The verb form a word is, if it is one (any case).
    pub fn verb(&self, word: &str) -> Option<VerbForm> {
        if word.bytes().all(|b| !b.is_ascii_uppercase()) {
            return lookup(word);
        }
        lookup(&word.to_lowercase())
    }
}

/// The text of the form in entry `i`.
fn form(i: usize) -> &'static str {
    FORMS
        .get(i)
        .and_then(|&(start, len, _, _)| WORDS.get(start as usize..start as usize + len as usize))
        .unwrap_or("")
}

fn lookup(word: &str) -> Option<VerbForm> {
    let i = FORMS
        .binary_search_by(|&(start, len, _, _)| {
            WORDS
                .get(start as usize..start as usize + len as usize)
                .unwrap_or("")
                .cmp(word)
        })
        .ok()?;
    let &(_, _, lemma, flags) = FORMS.get(i)?;
    Some(VerbForm {
        lemma: form(lemma as usize),
        base: flags & 1 != 0,
        third_person: flags & 2 != 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_forms_and_their_base() {
        let lex = Lexicon::english();
        let starts = lex
            .verb("Starts")
            .map(|f| (f.lemma, f.base, f.third_person));
        assert_eq!(starts, Some(("start", false, true)));
        assert_eq!(lex.verb("sort").map(|f| f.base), Some(true));
        assert_eq!(lex.verb("ran").map(|f| f.lemma), Some("run"));
        assert_eq!(lex.verb("is").map(|f| f.lemma), Some("be"));
        assert!(lex.verb("independently").is_none());
        assert!(lex.verb("apply").is_some(), "a verb ending in -ly");
    }
}
