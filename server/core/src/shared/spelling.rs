//! Spelling shared by the checks that compare words: two words one
//! typist's slip apart, and one word in its US and UK spellings
//! (`server/data/spelling.toml`, embedded, parsed once).

use std::borrow::Cow;
use std::sync::OnceLock;

use foldhash::{HashMap, HashSet};

const SPELLING_TOML: &str = include_str!("../../../data/spelling.toml");

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSpelling {
    #[serde(default)]
    us_uk: RawUsUk,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawUsUk {
    #[serde(default)]
    endings: Vec<[String; 2]>,
    #[serde(default)]
    pairs: Vec<[String; 2]>,
}

/// The US and UK spellings of `server/data/spelling.toml`.
struct UsUk {
    /// Endings, each pair in both orders.
    endings: Vec<(String, String)>,
    /// `endings` by their last byte: a word asks only the endings that
    /// can be its own (most words end in a letter few endings end in).
    by_last: [Vec<(String, String)>; 256],
    /// Words, each pair in both orders.
    pairs: HashSet<(String, String)>,
    /// Each word of `pairs` → the least word it pairs with.
    least_pair: HashMap<String, String>,
}

fn us_uk_data() -> &'static UsUk {
    static DATA: OnceLock<UsUk> = OnceLock::new();
    DATA.get_or_init(|| {
        let raw = toml::from_str::<RawSpelling>(SPELLING_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/spelling.toml does not parse: {e}");
            RawSpelling::default()
        });
        let mut data = UsUk {
            endings: Vec::new(),
            by_last: std::array::from_fn(|_| Vec::new()),
            pairs: HashSet::default(),
            least_pair: HashMap::default(),
        };
        for [a, b] in raw.us_uk.endings {
            data.endings.push((a.clone(), b.clone()));
            data.endings.push((b, a));
        }
        for (x, y) in &data.endings {
            if let Some(&last) = x.as_bytes().last() {
                data.by_last[usize::from(last)].push((x.clone(), y.clone()));
            }
        }
        for [a, b] in raw.us_uk.pairs {
            data.pairs.insert((a.clone(), b.clone()));
            data.pairs.insert((b, a));
        }
        for (a, b) in &data.pairs {
            match data.least_pair.get_mut(a) {
                Some(l) if *l <= *b => {}
                Some(l) => l.clone_from(b),
                None => {
                    data.least_pair.insert(a.clone(), b.clone());
                }
            }
        }
        data
    })
}

/// Two lower-case words that are one word in US and UK spelling.
pub fn us_uk(a: &str, b: &str) -> bool {
    let data = us_uk_data();
    if data.pairs.contains(&(a.to_string(), b.to_string())) {
        return true;
    }
    data.endings.iter().any(|(x, y)| {
        matches!((a.strip_suffix(x.as_str()), b.strip_suffix(y.as_str())),
            (Some(s), Some(t)) if s == t && s.chars().count() >= 3)
    })
}

/// One spelling for a lower-case word's US and UK forms (the first in sort
/// order); the word itself, unchanged, when it has no other form.
pub fn us_uk_fold(word: &str) -> Cow<'_, str> {
    let data = us_uk_data();
    let mut best: Cow<'_, str> = Cow::Borrowed(word);
    let Some(&last) = word.as_bytes().last() else {
        return best;
    };
    for (x, y) in &data.by_last[usize::from(last)] {
        if let Some(stem) = word.strip_suffix(x.as_str()) {
            if stem.chars().count() >= 3 {
                let other = format!("{stem}{y}");
                if other.as_str() < best.as_ref() {
                    best = Cow::Owned(other);
                }
            }
        }
    }
    if let Some(y) = data.least_pair.get(word) {
        if y.as_str() < best.as_ref() {
            best = Cow::Owned(y.clone());
        }
    }
    best
}

/// [`us_uk_fold`] as a string.
pub fn us_uk_norm(word: &str) -> String {
    us_uk_fold(word).into_owned()
}

/// Two lower-case words that are one typo apart: letters only, at least
/// three of them, same first letter, not a plural or a roman numeral, and
/// one edit apart (two for words of eight letters or more).
pub fn near_miss(a: &str, b: &str) -> bool {
    let letters = |w: &str| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic);
    let roman = |w: &str| w.chars().all(|c| "ivxlcdm".contains(c));
    if a == b || !letters(a) || !letters(b) || roman(a) || roman(b) {
        return false;
    }
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let plural =
        |x: &str, y: &str| x.strip_suffix('s') == Some(y) || x.strip_suffix("es") == Some(y);
    if plural(a, b) || plural(b, a) {
        return false;
    }
    let longest = a.chars().count().max(b.chars().count());
    let limit = if longest >= 8 { 2 } else { 1 };
    strsim::damerau_levenshtein(a, b) <= limit
}

#[cfg(test)]
mod tests {
    use super::{near_miss, us_uk, us_uk_norm};

    #[test]
    fn a_us_uk_word_pair_writes_the_least() {
        assert_eq!(us_uk_norm("programme"), "program");
        assert_eq!(us_uk_norm("program"), "program");
        assert_eq!(us_uk_norm("grey"), "gray");
        assert_eq!(us_uk_norm("zorblatt"), "zorblatt");
        assert_eq!(us_uk_norm("realised"), us_uk_norm("realized"));
        assert_eq!(us_uk_norm("colour"), us_uk_norm("color"));
        // Too short a stem: no ending of its own.
        assert_eq!(us_uk_norm("rise"), "rise");
        assert!(us_uk("centre", "center"));
        assert!(!us_uk("centre", "centra"));
    }

    #[test]
    fn one_slip_apart_but_not_plurals_numerals_or_other_initials() {
        assert!(near_miss("quill", "quil"));
        assert!(near_miss("zorblatt", "zorbaltt"));
        assert!(near_miss("vanderholt", "vandrehlot"));
        assert!(!near_miss("vane", "vane"));
        assert!(!near_miss("vane", "cane"));
        assert!(!near_miss("vane", "vanes"));
        assert!(!near_miss("viii", "vii"));
        assert!(!near_miss("ab", "ac"));
        assert!(!near_miss("vane2", "vane"));
        assert!(!near_miss("quill", "quinn"));
    }
}
