//! The vocabulary of open claim frames (`server/data/frames.toml`: units
//! and their base units, synonyms, stop words, estimate and time words)
//! and the reading of words as measure words: lower case, synonyms
//! folded, stemmed ([`canonical`]), each distinct stem kept once
//! ([`Stem`]).

use std::cell::RefCell;
use std::sync::{LazyLock, PoisonError, RwLock};

use serde::Deserialize;

use crate::types::Span;

#[derive(Deserialize, Default)]
struct RawFrames {
    units: Vec<RawCanon>,
    per_share: Vec<String>,
    stopwords: Vec<String>,
    qualifiers: Vec<String>,
    estimates: Vec<String>,
    synonyms: Vec<RawCanon>,
    timed: Vec<String>,
    #[serde(default)]
    directions: Vec<String>,
    #[serde(default)]
    joins: Vec<String>,
    #[serde(default)]
    attribution: Vec<String>,
}

#[derive(Deserialize)]
struct RawCanon {
    canon: String,
    words: Vec<String>,
    /// For a unit: the unit its figures are compared in, and how many of
    /// it one of this unit is ("lb": 0.45359237 "kg").
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    factor: Option<f64>,
    /// A unit of time: a duration that a forecast states is the plan of
    /// the event it times ([`Context::forecast`]).
    #[serde(default)]
    duration: bool,
}

pub(super) struct Vocab {
    // Asked for every word near every figure: hashed with foldhash, not
    // SipHash: the tables are fixed, the text's words only ask them.
    pub(super) units: foldhash::HashMap<String, String>,
    /// Each unit with a base unit: the base and the factor to it.
    pub(super) bases: foldhash::HashMap<String, (String, f64)>,
    pub(super) durations: foldhash::HashSet<String>,
    pub(super) per_share: Vec<String>,
    pub(super) stopwords: foldhash::HashSet<String>,
    pub(super) synonyms: foldhash::HashMap<String, String>,
    pub(super) qualifiers: foldhash::HashSet<String>,
    pub(super) estimates: VocabWords,
    pub(super) timed: foldhash::HashSet<String>,
    /// A few stems: a list is faster to ask than a hash set.
    pub(super) directions: Vec<String>,
    /// Words that join two nouns into one count ("and", "plus").
    pub(super) joins: Vec<String>,
    /// Verbs that name a figure's source next to them ("said").
    pub(super) attribution: VocabWords,
}

/// A set of lower-case words that every word of a sentence is asked
/// about: a word longer or shorter than all of them is answered without
/// hashing, and one with capitals without a lower-case copy.
pub(super) struct VocabWords {
    set: foldhash::HashSet<String>,
    /// The shortest and the longest word's length in bytes.
    lengths: std::ops::RangeInclusive<usize>,
}

impl VocabWords {
    fn new(words: impl IntoIterator<Item = String>) -> VocabWords {
        let set: foldhash::HashSet<String> = words.into_iter().collect();
        let min = set.iter().map(String::len).min().unwrap_or(1);
        let max = set.iter().map(String::len).max().unwrap_or(0);
        VocabWords {
            set,
            lengths: min..=max,
        }
    }

    /// `word`, as written, is one of the words.
    pub(super) fn contains(&self, word: &str) -> bool {
        self.lengths.contains(&word.len()) && self.set.contains(word)
    }

    /// `word` with its ASCII capitals lowered is one of the words (its
    /// length is that of `word`).
    pub(super) fn contains_ascii_lowered(&self, word: &str) -> bool {
        if !self.lengths.contains(&word.len()) {
            return false;
        }
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return self.set.contains(word);
        }
        let mut buf = [0u8; 32];
        match buf.get_mut(..word.len()) {
            Some(lowered) => {
                lowered.copy_from_slice(word.as_bytes());
                lowered.make_ascii_lowercase();
                // Lowering ASCII letters keeps UTF-8 whole.
                std::str::from_utf8(lowered).is_ok_and(|w| self.set.contains(w))
            }
            None => self.set.contains(&word.to_ascii_lowercase()),
        }
    }
}

pub(super) static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let raw: RawFrames =
        toml::from_str(include_str!("../../../data/frames.toml")).unwrap_or_default();
    let canon = |v: Vec<RawCanon>| {
        v.into_iter()
            .flat_map(|c| {
                let k = c.canon;
                c.words
                    .into_iter()
                    .map(move |w| (w.to_lowercase(), k.clone()))
            })
            .collect()
    };
    let durations = raw.units.iter().filter(|c| c.duration);
    let durations = durations.map(|c| c.canon.clone()).collect();
    let bases = raw
        .units
        .iter()
        .filter_map(|c| match (&c.base, c.factor) {
            (Some(b), Some(k)) if k.is_finite() && k > 0.0 => {
                Some((c.canon.clone(), (b.clone(), k)))
            }
            _ => None,
        })
        .collect();
    // Canonical words are stems: the lists compared with them are too.
    let stems = |v: Vec<String>| v.iter().map(|w| stem(w)).collect();
    Vocab {
        bases,
        durations,
        units: canon(raw.units),
        per_share: raw.per_share,
        stopwords: raw.stopwords.into_iter().collect(),
        synonyms: canon(raw.synonyms),
        qualifiers: stems(raw.qualifiers),
        estimates: VocabWords::new(raw.estimates),
        timed: stems(raw.timed),
        directions: raw.directions.iter().map(|w| stem(w)).collect(),
        joins: raw.joins,
        attribution: VocabWords::new(raw.attribution.iter().map(|w| w.to_lowercase())),
    }
});

/// A measure word ([`canonical`]) as a frame holds it: one shared copy of
/// each distinct stem, so that the ten words of every figure of every
/// article cost a reference each, not a string each (a bundle of 10,000
/// articles holds some 200,000 frames). It reads as the stem (`Deref` to
/// `str`, `Display`, `Debug`).
/// One pointer (the copy is a `String` of its own), so that a word and
/// its weight take 16 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stem(&'static String);

/// Every stem made into a [`Stem`] so far. It only grows, by one copy of
/// each distinct word, for the life of the process: a language's
/// vocabulary, not the size of the texts read.
static STEMS: LazyLock<RwLock<foldhash::HashMap<&'static str, &'static String>>> =
    LazyLock::new(Default::default);

thread_local! {
    /// The stems this thread has made, so that making one again (the unit
    /// of every figure, its session and part) takes no lock: two threads
    /// asking the shared table at once pass its lock's counter back and
    /// forth between their caches.
    static MADE: RefCell<foldhash::HashMap<Box<str>, Stem>> = RefCell::default();
}

/// Stems [`MADE`] holds at most; past it, it starts afresh.
const MADE_CACHED: usize = 1 << 12;

impl Stem {
    /// The shared copy of `word`.
    pub fn new(word: &str) -> Stem {
        MADE.with_borrow_mut(|made| {
            if let Some(&s) = made.get(word) {
                return s;
            }
            let s = Stem::shared(word);
            if made.len() >= MADE_CACHED {
                made.clear();
            }
            made.insert(word.into(), s);
            s
        })
    }

    /// The shared copy of `word`, from the table of every thread.
    fn shared(word: &str) -> Stem {
        // A panic while the table was held leaves it whole: a word is
        // only ever inserted whole.
        let known = STEMS
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(word)
            .copied();
        if let Some(s) = known {
            return Stem(s);
        }
        let mut set = STEMS.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(&s) = set.get(word) {
            return Stem(s);
        }
        let s: &'static String = Box::leak(Box::new(word.to_string()));
        set.insert(s.as_str(), s);
        Stem(s)
    }

    pub fn as_str(&self) -> &'static str {
        self.0.as_str()
    }

    /// A number that only this stem has (the address of its one copy):
    /// equal stems have equal keys, for hashing and sorting without
    /// reading the words.
    pub fn key(&self) -> usize {
        std::ptr::from_ref::<String>(self.0) as usize
    }
}

impl std::ops::Deref for Stem {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl std::fmt::Display for Stem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl std::fmt::Debug for Stem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0.as_str(), f)
    }
}

static STEMMER: LazyLock<rust_stemmers::Stemmer> =
    LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// The stem of a lower-case word ("fined" and "fines" are "fine"), so
/// that every inflection of a measure word is one word.
pub(super) fn stem(w: &str) -> String {
    STEMMER.stem(w).into_owned()
}

/// A word as a measure word: lower case, possessive cut, synonyms folded,
/// stemmed; `None` for function words.
pub fn canonical(word: &str) -> Option<String> {
    let v = &*VOCAB;
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(&w)
        .replace('-', "");
    if w.len() < 2 || v.stopwords.contains(&w) || w.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // A unit word is its unit ("kilogram" is "kg"), however written, and
    // the base unit it is compared in ("pound" is "kg" too).
    if let Some(u) = v.units.get(&w) {
        return Some(v.bases.get(u).map_or_else(|| u.clone(), |(b, _)| b.clone()));
    }
    Some(stem(v.synonyms.get(&w).unwrap_or(&w)))
}

/// The words of a sentence that say what it is about, each once:
/// canonical measure words ([`canonical`]) and years ("y2009"), for
/// aligning two articles' sentences as a whole. Each written word's
/// canonical form comes from the thread's cache ([`canonical_stem`]): a
/// word recurs in many sentences, and stemming is the cost. The words are
/// sorted by [`Stem::key`], for merging.
pub fn sentence_words(text: &str, span: Span) -> Vec<Stem> {
    let mut out: Vec<Stem> = Vec::new();
    for (_, w) in words_in(text, span) {
        let year = w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1900..2100).contains(&y));
        if year {
            out.push(year_stem(w));
        } else {
            out.extend(canonical_stem(w));
        }
    }
    out.sort_unstable_by_key(Stem::key);
    out.dedup_by_key(|s| s.key());
    out
}

/// A canonical word that says only which way a figure moved ("rise",
/// "fall"), not what it measures.
pub fn is_movement(word: &str) -> bool {
    VOCAB.directions.iter().any(|d| d == word)
}

thread_local! {
    /// Each written word's [`canonical`] stem, kept across the articles
    /// this thread reads: a word stands near several figures and recurs in
    /// many articles, and stemming is most of a frame's cost.
    static CANONICAL: RefCell<foldhash::HashMap<String, Option<Stem>>> = RefCell::default();
}

/// Written words [`CANONICAL`] holds at most (a few MB); past it, it
/// starts afresh.
const CANONICAL_CACHED: usize = 1 << 16;

/// [`canonical`] as a shared [`Stem`], from the thread's cache.
pub(super) fn canonical_stem(w: &str) -> Option<Stem> {
    // A word with a digit is never a measure word ([`canonical`]): not
    // kept, as the figures of a bundle are many.
    if w.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    CANONICAL.with_borrow_mut(|cache| {
        if let Some(c) = cache.get(w) {
            return *c;
        }
        let c = canonical(w).map(|c| Stem::new(&c));
        if cache.len() >= CANONICAL_CACHED {
            cache.clear();
        }
        cache.insert(w.to_string(), c);
        c
    })
}

/// The stem of a year ("y2009"), from the thread's cache: a word with a
/// digit is never looked up there by [`canonical_stem`], so a year kept
/// there is only ever read here.
pub(super) fn year_stem(w: &str) -> Stem {
    CANONICAL.with_borrow_mut(|cache| {
        if let Some(Some(s)) = cache.get(w) {
            return *s;
        }
        let s = Stem::new(&format!("y{w}"));
        if cache.len() >= CANONICAL_CACHED {
            cache.clear();
        }
        cache.insert(w.to_string(), Some(s));
        s
    })
}

/// The written words of `text[span]` for measure words (stems) as
/// [`Frame::words`] holds them: "fine record" is shown as "fined record".
pub fn written_words(text: &str, span: Span, stems: &str) -> String {
    let words = words_in(text, span);
    // Each word's measure word, looked up once for all the stems, when
    // first asked.
    let mut canon: Vec<Option<Option<Stem>>> = vec![None; words.len()];
    stems
        .split(' ')
        .map(|s| {
            for ((_, w), c) in words.iter().zip(canon.iter_mut()) {
                if c.get_or_insert_with(|| canonical_stem(w))
                    .is_some_and(|c| c.as_str() == s)
                {
                    return w.to_lowercase();
                }
            }
            s.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of `text` in `span`, with their spans.
pub(super) fn words_in(text: &str, span: Span) -> Vec<(Span, &str)> {
    let s = &text[span.start..span.end];
    // About one word in six bytes: few sentences grow the list again.
    let mut out = Vec::with_capacity(s.len() / 6 + 1);
    let mut push = |b: usize, e: usize| {
        // Trailing stops and commas are not part of the word.
        let w = s[b..e].trim_end_matches(['.', ',']);
        if !w.is_empty() {
            out.push((Span::new(span.start + b, span.start + b + w.len()), w));
        }
    };
    let bytes = s.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        // An ASCII byte is told without decoding a char.
        let (part, len) = match bytes[i] {
            b if b.is_ascii() => (
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'\'' | b'.' | b','),
                1,
            ),
            _ => match s[i..].chars().next() {
                Some(c) => (crate::text::is_alphanumeric(c) || c == '’', c.len_utf8()),
                None => break,
            },
        };
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                push(b, i);
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(b) = start {
        push(b, s.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_words_are_asked_as_written_or_with_ascii_capitals_lowered() {
        let long = "y".repeat(40);
        let words = VocabWords::new(["said".to_string(), "told".to_string(), long.clone()]);
        assert!(words.contains("said") && !words.contains("Said"));
        assert!(!words.contains("sai") && !words.contains("saying"));
        assert!(words.contains_ascii_lowered("SAID") && words.contains_ascii_lowered("Told"));
        assert!(!words.contains_ascii_lowered("Sáid") && !words.contains_ascii_lowered("Tell"));
        // Past the 32 bytes lowered in place, a copy is lowered instead.
        assert!(words.contains_ascii_lowered(&long.to_uppercase()));
        assert!(!VocabWords::new([]).contains_ascii_lowered("said"));
    }

    #[test]
    fn the_vocabulary_reads() {
        let raw: Result<RawFrames, _> = toml::from_str(include_str!("../../../data/frames.toml"));
        assert!(raw.is_ok_and(|r| !r.stopwords.is_empty() && !r.units.is_empty()));
    }
}
