//! Whether an article reads like a machine translation, for the checks
//! that choose a reference among the articles' versions (a name's
//! spelling, a quotation's wording, a person's title): an original's
//! version is evidence, a machine translation's is not.
//!
//! An article's marks of translation are its punctuation artifacts (a
//! space before a comma or full stop, a space inside brackets, a decimal
//! comma in English text: [`punctuation_artifacts`]) and its false friends
//! ([`super::false_friends::hits`]: "papers" for shares, "milliard" for
//! billion), each term counted once however often it recurs. Newsroom copy has next to none of either; a machine
//! translation leaves some of one kind or the other, and which kind
//! depends on the source language, so both are counted together.
//!
//! The value depends on the article alone and is computed once per
//! article through the memo ([`translations`]): an edit recomputes only
//! the edited article.

use std::collections::HashMap;
use std::sync::Arc;

use crate::bundle::Document;
use crate::memo::{Memo, Value};
use crate::types::DocId;

use super::false_friends;

/// Marks from which an article is taken for a machine translation. The
/// machine translations of the test bundles carry 4 marks or more, the
/// originals beside them none: 3 leaves a margin below the fewest, and one
/// or two slips of an original's typist stay below it.
const MACHINE_MARKS: usize = 3;

/// Marks per 1,000 words from which an article is taken for a machine
/// translation. The machine translations of the test bundles carry 7 or
/// more per 1,000 words; a long original (an 800-word wire story) with
/// three slips stays below 4.
const MACHINE_MARKS_PER_1000_WORDS: usize = 4;

/// The marks of translation of one article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TranslationMarks {
    /// Punctuation artifacts ([`punctuation_artifacts`]).
    pub punctuation: usize,
    /// Terms of the false friends whose context fits (one per term).
    pub false_friends: usize,
    /// Words of the article (runs of letters or digits).
    pub words: usize,
}

impl TranslationMarks {
    /// The marks of an article's text, given its false friends
    /// ([`false_friends::hits`], none left out).
    pub(crate) fn of(doc: &Document, hits: &[false_friends::Hit]) -> TranslationMarks {
        TranslationMarks {
            punctuation: punctuation_artifacts(&doc.text),
            false_friends: hits
                .iter()
                .map(|h| h.entry)
                .collect::<std::collections::BTreeSet<usize>>()
                .len(),
            words: word_count(&doc.text),
        }
    }

    /// Every mark, of either kind.
    pub fn count(&self) -> usize {
        self.punctuation + self.false_friends
    }

    /// The article reads like a machine translation: enough marks, and
    /// enough for its length (a long original with a few slips is not one).
    pub fn machine(&self) -> bool {
        let n = self.count();
        n >= MACHINE_MARKS && n * 1000 >= MACHINE_MARKS_PER_1000_WORDS * self.words.max(1)
    }
}

/// The marks of translation of a bundle's articles, by article.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    by_doc: HashMap<DocId, Arc<TranslationMarks>>,
}

impl Translations {
    /// The marks of `doc` (none for an article not given).
    pub fn get(&self, doc: DocId) -> TranslationMarks {
        self.by_doc.get(&doc).map_or_else(Default::default, |m| **m)
    }

    /// `doc` reads like a machine translation.
    pub fn machine(&self, doc: DocId) -> bool {
        self.get(doc).machine()
    }

    /// The cached values, as inputs of [`Memo::derived`]: a result that
    /// used them is made again when one article's marks are.
    pub fn values(&self) -> Vec<Value> {
        let mut ids: Vec<&DocId> = self.by_doc.keys().collect();
        ids.sort();
        ids.into_iter()
            .filter_map(|id| self.by_doc.get(id))
            .map(|m| Arc::clone(m) as Value)
            .collect()
    }
}

/// The marks of translation of `docs`, each computed once per article
/// while its facts stay the same (one memo slot shared by every check, kept
/// even by a one-off memo: a few numbers an article).
pub fn translations(memo: &Memo, docs: &[&Document]) -> Translations {
    let hits: HashMap<DocId, Arc<Vec<false_friends::Hit>>> = docs
        .iter()
        .map(|d| d.id)
        .zip(false_friends::shared_hits(memo, docs))
        .collect();
    let marks = memo.shared_per_document("shared/translation", docs, |d| {
        TranslationMarks::of(d, hits.get(&d.id).map_or(&[], |h| h.as_slice()))
    });
    Translations {
        by_doc: docs.iter().map(|d| d.id).zip(marks).collect(),
    }
}

fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

/// Punctuation marks of a machine translation in an article: a space
/// before a comma, full stop or "'s", a space inside brackets, a decimal
/// comma in English text ("2,70 dollars"). Newsroom copy has next to none.
pub fn punctuation_artifacts(text: &str) -> usize {
    let mut n = 0;
    for (i, c) in text.char_indices() {
        // Only these marks count; their neighbours are read for them alone.
        if !matches!(c, ',' | '.' | ';' | '\'' | '’' | '(' | ')') {
            continue;
        }
        let mut back = text[..i].chars().rev();
        let (prev, prev2) = (back.next(), back.next());
        let mut ahead = text[i + c.len_utf8()..].chars();
        let (next, next2, after) = (ahead.next(), ahead.next(), ahead.next());
        let word_before = prev == Some(' ') && prev2.is_some_and(char::is_alphanumeric);
        match c {
            // "hostel ," "accident ." (not "… ." or a spaced ellipsis)
            ',' | '.' | ';' if word_before && next.is_none_or(char::is_whitespace) => n += 1,
            // "Acme Air 's"
            '\'' | '’'
                if word_before
                    && next == Some('s')
                    && next2.is_none_or(|c| !c.is_alphanumeric()) =>
            {
                n += 1
            }
            '(' if next == Some(' ') => n += 1,
            ')' if prev == Some(' ') => n += 1,
            // "2,70" or "8,1 percent", not "1,752"
            ',' if prev.is_some_and(|c| c.is_ascii_digit())
                && next.is_some_and(|c| c.is_ascii_digit())
                && (next2.is_none_or(|c| !c.is_ascii_digit())
                    || after.is_none_or(|c| !c.is_ascii_digit())) =>
            {
                n += 1
            }
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;

    fn marks(text: &str) -> TranslationMarks {
        let bundle = Fixture::parse(&format!("//- a.txt\n{text}\n")).bundle();
        let docs = bundle.documents();
        let memo = Memo::keeping(true);
        let t = translations(&memo, &docs);
        docs.first().map_or_else(Default::default, |d| t.get(d.id))
    }

    #[test]
    fn punctuation_artifacts_are_counted() {
        assert_eq!(
            punctuation_artifacts("Sales rose 1,752 units, said Jane Doe."),
            0
        );
        assert_eq!(
            punctuation_artifacts("Examplecorp 's plant ( the big one ) rose 2,5 percent ."),
            5
        );
    }

    #[test]
    fn a_machine_translation_is_detected() {
        let m = marks(
            "Examplecorp realized a turnover of 5 milliard euros , the group said .\n\
             The papers of Examplecorp have risen by 4,5 percent in Frankfurt.\n\
             Its chip unit ( Zorblatt Vane ) grew fast.",
        );
        assert!(m.punctuation >= 3 && m.false_friends >= 2, "{m:?}");
        assert!(m.machine(), "{m:?}");
    }

    #[test]
    fn a_clean_wire_story_is_not() {
        let m = marks(
            "Examplecorp had revenue of 5 billion euros, the group said.\n\
             Shares of Examplecorp rose 4.5% in Frankfurt, and the chip unit, led by \
             Zorblatt Vane, grew fast.",
        );
        assert_eq!(m.count(), 0, "{m:?}");
        assert!(!m.machine());
    }

    #[test]
    fn one_slip_or_a_few_in_a_long_story_is_not() {
        let m = marks("Examplecorp sold 5,000 chips , the group said on Monday.");
        assert_eq!(m.count(), 1, "{m:?}");
        assert!(!m.machine());
        // Three slips in 900 words: fewer than 4 per 1,000.
        let long = format!(
            "{} Examplecorp sold chips , and more ( it said ).",
            "The group said demand held up in every market it serves. ".repeat(90)
        );
        let m = marks(&long);
        assert_eq!(m.count(), 3, "{m:?}");
        assert!(!m.machine(), "{m:?}");
    }

    #[test]
    fn the_value_is_kept_while_the_article_is_unchanged() {
        let bundle = Fixture::parse("//- a.txt\nOne.\n//- b.txt\nTwo.\n").bundle();
        let docs = bundle.documents();
        let memo = Memo::keeping(true);
        let first = translations(&memo, &docs).values();
        let again = translations(&memo, &docs).values();
        assert_eq!(first.len(), 2);
        assert!(first.iter().zip(&again).all(|(a, b)| Arc::ptr_eq(a, b)));
    }
}
