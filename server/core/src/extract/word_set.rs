//! A set of words packed for keeping: sorted, end to end in one string,
//! with where each word ends. Every article keeps the set of words it
//! writes in lower case ([`super::DocFacts::lower_words`]), thousands of
//! articles for as long as the editor is open: one allocation of the
//! letters and four bytes a word, where a hash set of strings costs a
//! string, its allocation and the table's slot for every word. Here too
//! the words of an article's set ([`lowercase_words`]) and what reading
//! them asks: the parts of a word ([`word_parts`]) and its folded form
//! ([`fold`]).

use std::borrow::Cow;

use super::names::{is_hyphen, tokenize, Token};
use crate::types::Span;

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

/// Lower case without spaces and hyphens; periods and digits stay
/// ("U.S." and "US" differ).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // The same, a byte at a time: ASCII lowers to ASCII.
        let mut out = String::with_capacity(text.len());
        for b in text.bytes() {
            let c = char::from(b);
            if !c.is_whitespace() && c != '-' {
                out.push(c.to_ascii_lowercase());
            }
        }
        return out;
    }
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2011}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The hyphen-separated parts of a word, empty parts left out: an
/// iterator, as most words are one part and are asked one at a time.
pub fn word_parts(text: &str, word: Span) -> impl Iterator<Item = Span> + '_ {
    let s = text.get(word.start..word.end).unwrap_or("");
    let base = s.as_ptr() as usize;
    s.split(is_hyphen).filter(|p| !p.is_empty()).map(move |p| {
        // Where the part starts in the word: `split` yields slices of it.
        let at = word.start + (p.as_ptr() as usize - base);
        Span::new(at, at + p.len())
    })
}

/// Every word and hyphen part that `text` writes in lower case (not
/// name-like), folded: a name whose letters an article also writes as a
/// common word is no name variant.
pub fn lowercase_words(text: &str) -> WordSet {
    lowercase_words_of(text, &tokenize(text, Span::new(0, text.len())))
}

/// [`lowercase_words`] of the words `tokens` of `text` ([`tokenize`]).
pub fn lowercase_words_of(text: &str, tokens: &[Token]) -> WordSet {
    // Words repeat: the set keeps each once; most are borrowed from the
    // text until then.
    // Most words are written in lower case and give one entry each.
    let mut words: Vec<Cow<'_, str>> = Vec::with_capacity(tokens.len());
    for t in tokens {
        if t.name_like {
            continue;
        }
        let Some(word) = text.get(t.span.start..t.span.end) else {
            continue;
        };
        if word.is_ascii() {
            // No capitals and no white space in a token: folding only drops
            // the hyphens, and the parts are already lower case.
            if word.contains('-') {
                words.push(Cow::Owned(word.replace('-', "")));
                for part in word.split('-').filter(|p| !p.is_empty()) {
                    words.push(Cow::Borrowed(part));
                }
            } else {
                words.push(Cow::Borrowed(word));
            }
            continue;
        }
        words.push(Cow::Owned(fold(word)));
        for p in word_parts(text, t.span) {
            if let Some(part) = text.get(p.start..p.end) {
                words.push(Cow::Owned(part.to_lowercase()));
            }
        }
    }
    // Most words repeat: each is kept once before the set sorts them.
    let first: Vec<bool> = {
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
        words.iter().map(|w| seen.insert(w.as_ref())).collect()
    };
    let mut first = first.into_iter();
    words.retain(|_| first.next().unwrap_or(true));
    WordSet::new(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ascii_a_byte_at_a_time_is_folding_by_characters() {
        let by_chars = |t: &str| -> String {
            t.chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2011}'))
                .flat_map(char::to_lowercase)
                .collect()
        };
        for t in [
            "Model-7 X",
            "U.S.",
            "Zorb\tSense\u{b}",
            "ÉLAN\u{2011}X",
            "Jørgen Vane",
        ] {
            assert_eq!(fold(t), by_chars(t), "{t}");
        }
    }

    #[test]
    fn word_parts_are_the_spans_between_hyphens() {
        let w = "-Élan\u{2011}7--Max-";
        let parts: Vec<&str> = word_parts(w, Span::new(0, w.len()))
            .map(|p| &w[p.start..p.end])
            .collect();
        assert_eq!(parts, ["Élan", "7", "Max"]);
        let text = "xx Zorb-Vane";
        let spans: Vec<Span> = word_parts(text, Span::new(3, text.len())).collect();
        assert_eq!(spans, [Span::new(3, 7), Span::new(8, 12)]);
        assert_eq!(word_parts(text, Span::new(3, 99)).count(), 0);
    }

    #[test]
    fn the_words_of_the_sentences_are_the_words_of_the_text() {
        // What extraction hands the lower-case words instead of reading
        // the text again: the same words, in the same order.
        for text in [
            "U.S. Steel rose 3%. Shares of Acme-Zorb fell.\nNext line,no space!Then \"quoted\" J. Doe",
            "  Examplecorp’s chief said: “It is done.” O'Neil & Co. agreed.\r\nA line\rB line",
            "word.Next word-\nbroken end. (Aside.) 12.5% of 3,000 - done…",
            "",
        ] {
            let mut tokens = Vec::new();
            crate::extract::names::extract_names_and_tokens(
                text,
                &crate::text::sentences(text),
                &mut tokens,
            );
            let words = |ts: &[Token]| -> Vec<(Span, bool)> {
                ts.iter().map(|t| (t.span, t.name_like)).collect()
            };
            let whole = tokenize(text, Span::new(0, text.len()));
            assert_eq!(words(&tokens), words(&whole), "{text}");
            assert_eq!(lowercase_words_of(text, &tokens), lowercase_words(text));
        }
    }

    #[test]
    fn lowercase_words_keeps_each_word_once() {
        let s = lowercase_words("the zorb-vane and the zorb-vane; Examplecorp and élan-x élan-x");
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            ["and", "vane", "zorb", "zorbvane", "the", "x", "élan", "élanx"]
                .iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
    }

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
