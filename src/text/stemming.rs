//! Danish words for search: splitting text into words, folding spellings together, and stemming.
//!
//! Stemming is the Snowball Danish algorithm from the `rust-stemmers` crate (the reference
//! algorithm, also used by elasticlunr-rs and lunr-languages). The browser runs the same algorithm
//! in `static/search.js`; `tests/data/danish_stems.tsv` holds the stems this crate gives for a word
//! list, a Rust test keeps that file true, and the browser suite checks the JS port against it, so
//! the index and the reader's query always stem a word the same way.
//!
//! Before stemming a word is folded, identically on both sides:
//! - lower case;
//! - "aa" → "å" (old spelling and keyboards without å: "Aabenraa", "paa");
//! - ä → æ, ö → ø (Swedish/German keyboards), accented vowels → plain ones ("idé" → "ide").
//!
//! After stemming the stem is spelled in ASCII (æ → ae, ø → oe, å → aa), so a word typed with
//! "ae"/"oe" for æ/ø meets the real one: "netvaerksmoede" and "Netværksmødet" both give
//! "netvaerksmoed". The letters are spelled out after stemming, not before: the stemmer then
//! still reads real Danish ("datoer" stays dato + er, "miljøer" stays miljø + er), so every word
//! written with æ, ø and å keeps the word forms it met before, and a word with a real "ae"/"oe"
//! ("Michael", "poesi") meets an æ/ø word only where both are spelt the same in ASCII.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Snowball's Danish stop words: too common to help a search, left out of the index.
pub const STOP_WORDS: &[&str] = &[
    "ad", "af", "alle", "alt", "anden", "at", "blev", "blive", "bliver", "da", "de", "dem", "den",
    "denne", "der", "deres", "det", "dette", "dig", "din", "disse", "dog", "du", "efter", "eller",
    "en", "end", "er", "et", "for", "fra", "ham", "han", "hans", "har", "havde", "have", "hende",
    "hendes", "her", "hos", "hun", "hvad", "hvis", "hvor", "i", "ikke", "ind", "jeg", "jer", "jo",
    "kunne", "man", "mange", "med", "meget", "men", "mig", "min", "mine", "mit", "mod", "ned",
    "noget", "nogle", "nu", "når", "og", "også", "om", "op", "os", "over", "på", "selv", "sig",
    "sin", "sine", "sit", "skal", "skulle", "som", "sådan", "thi", "til", "ud", "under", "var",
    "vi", "vil", "ville", "vor", "være", "været",
];

/// Words longer than this many letters are not searchable. The longest Danish words in real
/// use are about 50 letters ("speciallægepraksisplanlægningsstabiliseringsperiode"); anything
/// longer is a pasted code, a hash or a slip, and indexing every tail of it (see
/// `search::compound_parts`) would cost time in the square of its length. Said in docs/indhold.md.
pub const MAX_WORD_CHARS: usize = 60;

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::Danish))
}

/// The words of a text: runs of letters and digits (`[\p{Alphabetic}\p{N}]+` in the browser).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A word folded so that spellings a reader may type meet: see the module comment.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        out.push(match c {
            'ä' => 'æ',
            'ö' => 'ø',
            'á' | 'à' | 'â' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            c => c,
        });
    }
    if out.contains("aa") {
        out = out.replace("aa", "å");
    }
    out
}

/// The Snowball Danish stem of an already folded word.
pub fn stem_folded(folded: &str) -> String {
    stemmer().stem(folded).into_owned()
}

/// A stem spelled in ASCII: æ → ae, ø → oe, å → aa (see the module comment).
pub fn spell_out(stem: &str) -> String {
    let mut out = String::with_capacity(stem.len());
    for c in stem.chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c => out.push(c),
        }
    }
    out
}

/// The search term for a word as written: folded, stemmed, spelled out.
pub fn stem(word: &str) -> String {
    spell_out(&stem_folded(&fold(word)))
}

/// A stop word as written with æ, ø and å or typed with "ae"/"oe" ("vaere").
pub fn is_stop_word(folded: &str) -> bool {
    static SPELLED: OnceLock<Vec<String>> = OnceLock::new();
    let spelled = SPELLED.get_or_init(|| {
        let mut v: Vec<String> = STOP_WORDS.iter().map(|w| spell_out(w)).collect();
        v.sort();
        v
    });
    STOP_WORDS.binary_search(&folded).is_ok()
        || spelled.binary_search_by(|w| w.as_str().cmp(folded)).is_ok()
}

/// The search term of one word as written, or `None` for words a search skips: stop words,
/// single letters and words longer than [`MAX_WORD_CHARS`].
pub fn term(word: &str) -> Option<String> {
    // Checked before folding: a hostile word of a million letters costs no more than its count.
    if word.chars().nth(MAX_WORD_CHARS).is_some() {
        return None;
    }
    let f = fold(word);
    if f.chars().nth(1).is_none() || is_stop_word(&f) {
        None
    } else {
        Some(spell_out(&stem_folded(&f)))
    }
}

/// The search terms of a text, in order: see [`term`] for the words left out.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).filter_map(term)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn word_forms_meet_in_one_stem() {
        assert_eq!(stem("samtale"), stem("samtalen"));
        assert_eq!(stem("samtale"), stem("samtaler"));
        assert_eq!(stem("Samtalerne"), stem("samtale"));
        assert_eq!(stem("barnets"), stem("barn"));
        assert_eq!(stem("barnet"), stem("barn"));
        assert_eq!(stem("inddragelse"), stem("inddragelsen"));
        assert_ne!(stem("samtale"), stem("skole"));
    }

    #[test]
    fn aa_is_tolerated_for_aa_letter() {
        assert_eq!(fold("Aabenraa"), "åbenrå");
        assert_eq!(stem("paa"), stem("på"));
        assert_eq!(stem("raadgiver"), stem("rådgiver"));
        assert_eq!(stem("Rådgiveren"), stem("raadgivere"));
        assert_eq!(fold("Ärø"), "ærø");
        assert_eq!(fold("idé"), "ide");
    }

    #[test]
    fn ae_and_oe_are_tolerated_for_ae_and_oe_letters() {
        assert_eq!(stem("netvaerksmoede"), "netvaerksmoed");
        assert_eq!(stem("Netværksmødet"), stem("netvaerksmoede"));
        assert_eq!(stem("boernene"), stem("børn"));
        assert_eq!(stem("spoergsmaalet"), stem("spørgsmål"));
        assert_eq!(term("vaere"), None, "a stop word in both spellings");
        // Danish word forms still meet as before: the stemmer reads the word as written.
        assert_eq!(stem("datoer"), stem("dato"));
        assert_eq!(stem("skemaet"), stem("skema"));
        assert_eq!(stem("miljøer"), stem("miljø"));
        assert_eq!(stem("afgørelse"), stem("afgørelser"));
        // A word with a real "ae"/"oe" finds itself, and meets an æ/ø word only when both are
        // spelt the same in ASCII.
        assert_eq!(stem("Michael"), stem("michael"));
        assert_eq!(stem("poesi"), stem("poesien"));
        assert_ne!(stem("Michael"), stem("michal"));
        assert_eq!(stem("koen"), stem("køn"));
    }

    #[test]
    fn words_split_on_punctuation_and_keep_danish_letters() {
        let w: Vec<&str> = words("Børn (0-6 år) – trivsel/skolen; «tæt kontakt».").collect();
        assert_eq!(
            w,
            vec!["Børn", "0", "6", "år", "trivsel", "skolen", "tæt", "kontakt"]
        );
    }

    #[test]
    fn words_longer_than_the_limit_are_not_terms() {
        let longest = "a".repeat(MAX_WORD_CHARS);
        assert!(term(&longest).is_some());
        assert_eq!(term(&(longest.clone() + "b")), None);
        // Letters, not bytes: 60 × "æ" is 120 bytes and still a word.
        assert!(term(&"æ".repeat(MAX_WORD_CHARS)).is_some());
        let real = "speciallægepraksisplanlægningsstabiliseringsperiode";
        assert_eq!(term(real), Some(stem(real)));
    }

    #[test]
    fn terms_leave_out_stop_words_and_single_letters() {
        let t: Vec<String> = terms("Barnet og en voksen i skolen, 3 gange").collect();
        assert_eq!(
            t,
            vec![
                stem("barnet"),
                stem("voksen"),
                stem("skolen"),
                stem("gange")
            ]
        );
    }
}
