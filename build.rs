//! Builds the verb table of `src/lexicon.rs` from
//! `rules/lexicon/english-verbs.txt` at compile time: every form sorted,
//! so a run looks a word up by binary search instead of first building a
//! hash map of 28,000 forms (a sixth of start-up).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

const VERBS: &str = "rules/lexicon/english-verbs.txt";

fn main() {
    println!("cargo:rerun-if-changed={VERBS}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = match std::fs::read_to_string(VERBS) {
        Ok(text) => text,
        Err(err) => {
            println!("cargo:error=cannot read {VERBS}: {err}");
            std::process::exit(1);
        }
    };
    let lines = || text.lines().filter(|l| !l.starts_with('#'));
    // (lemma, is the base form); a base form wins over an inflection of
    // another verb ("read" is the verb read), and the first verb to list an
    // inflection keeps it.
    let mut forms: HashMap<&str, (&str, bool)> = HashMap::new();
    for lemma in lines().filter_map(|l| l.split(' ').next()) {
        forms.insert(lemma, (lemma, true));
    }
    for line in lines() {
        let mut words = line.split(' ');
        let Some(lemma) = words.next().filter(|w| !w.is_empty()) else {
            continue;
        };
        for w in words {
            forms.entry(w).or_insert((lemma, false));
        }
    }
    let mut sorted: Vec<&str> = forms.keys().copied().collect();
    sorted.sort_unstable();
    let index: HashMap<&str, usize> = sorted.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let mut words = String::new();
    let mut table = String::new();
    for w in &sorted {
        let (lemma, base) = forms[w];
        let third_person = !base && w.ends_with('s');
        let flags = u8::from(base) | (u8::from(third_person) << 1);
        let _ = writeln!(
            table,
            "    ({}, {}, {}, {flags}),",
            words.len(),
            w.len(),
            index[lemma]
        );
        words.push_str(w);
    }
    let out = format!(
        "/// Every verb form, concatenated in sorted order.\n\
         static WORDS: &str = {words:?};\n\
         /// Per form, sorted: start in WORDS, length, index of its base \
         form's entry, flags (1: base form, 2: -s form).\n\
         static FORMS: [(u32, u8, u16, u8); {}] = [\n{table}];\n",
        sorted.len()
    );
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("verbs.rs");
    if let Err(err) = std::fs::write(&dest, out) {
        println!("cargo:error=cannot write {}: {err}", dest.display());
        std::process::exit(1);
    }
}
