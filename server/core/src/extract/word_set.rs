//! A set of words packed for keeping: sorted, end to end in one string,
//! with where each word ends. Every article keeps the set of words it
//! writes in lower case ([`super::DocFacts::lower_words`]), thousands of
//! articles for as long as the editor is open: one allocation of the
//! letters and four bytes a word, where a hash set of strings costs a
//! string, its allocation and the table's slot for every word.

use std::borrow::Cow;

/// Words, each once, in byte order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordSet {
    /// The words in order, end to end.
    text: Box<str>,
    /// Where each word ends in `text`.
    ends: Box<[u32]>,
}

impl WordSet {
    /// The set of `words` (repeats are kept once).
    pub fn new<'a>(mut words: Vec<Cow<'a, str>>) -> WordSet {
        words.sort_unstable();
        words.dedup();
        let mut text = String::with_capacity(words.iter().map(|w| w.len()).sum());
        let mut ends = Vec::with_capacity(words.len());
        for w in &words {
            text.push_str(w);
            // An article is far shorter than 4 GB; a longer set would stop
            // at the last word that fits.
            let Ok(end) = u32::try_from(text.len()) else {
                text.truncate(text.len() - w.len());
                break;
            };
            ends.push(end);
        }
        WordSet {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    /// The `i`th word in order.
    fn word(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).map_or(0, |&e| e as usize),
        };
        let end = self.ends.get(i).map_or(start, |&e| e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    pub fn contains(&self, word: &str) -> bool {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.word(mid).cmp(word) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// The words in byte order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.ends.len()).map(|i| self.word(i))
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[&str]) -> WordSet {
        WordSet::new(words.iter().map(|w| Cow::Borrowed(*w)).collect())
    }

    #[test]
    fn holds_each_word_once_in_order() {
        let s = set(&["zeta", "alpha", "", "zeta", "ünder", "al"]);
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            ["", "al", "alpha", "zeta", "ünder"]
        );
        assert_eq!(s.len(), 5);
        for w in ["", "al", "alpha", "zeta", "ünder"] {
            assert!(s.contains(w), "{w}");
        }
        for w in ["a", "alp", "alphas", "zet", "under", "zz"] {
            assert!(!s.contains(w), "{w}");
        }
    }

    #[test]
    fn an_empty_set_holds_nothing() {
        let s = WordSet::default();
        assert!(s.is_empty());
        assert!(!s.contains(""));
        assert_eq!(s, set(&[]));
    }
}
