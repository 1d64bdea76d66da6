//! English verbs and their inflections, embedded (from
//! `rules/lexicon/english-verbs.txt`, generated from lemminflect's
//! inflection table, MIT License): what the text functions need to tell a
//! verb from another word. Which verbs are observable is not decided here;
//! the rule packs say that in their own words.

use std::collections::HashMap;

/// The verb list, as embedded.
const VERBS: &str = include_str!("../rules/lexicon/english-verbs.txt");

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

/// Every verb form, lower case.
#[derive(Debug)]
pub struct Lexicon {
    forms: HashMap<&'static str, VerbForm>,
}

impl Lexicon {
    /// The embedded English verbs.
    pub fn english() -> Self {
        let mut forms = HashMap::with_capacity(VERBS.len() / 8);
        let lines = || VERBS.lines().filter(|l| !l.starts_with('#'));
        // Base forms first: "read" is the verb read, whatever else "reading"
        // could be the form of.
        for lemma in lines().filter_map(|l| l.split(' ').next()) {
            forms.insert(
                lemma,
                VerbForm {
                    lemma,
                    base: true,
                    third_person: false,
                },
            );
        }
        for line in lines() {
            let mut words = line.split(' ');
            let Some(lemma) = words.next().filter(|w| !w.is_empty()) else {
                continue;
            };
            for w in words {
                forms.entry(w).or_insert(VerbForm {
                    lemma,
                    base: false,
                    third_person: w.ends_with('s'),
                });
            }
        }
        Lexicon { forms }
    }

    /// The verb form a word is, if it is one (any case).
    pub fn verb(&self, word: &str) -> Option<VerbForm> {
        if word.bytes().all(|b| !b.is_ascii_uppercase()) {
            return self.forms.get(word).copied();
        }
        self.forms.get(word.to_lowercase().as_str()).copied()
    }
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
