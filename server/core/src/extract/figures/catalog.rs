//! Phrase lists of the vocabulary and their hits: every list is found in an
//! article in one pass of one automaton ([`Hits::new`]), then asked about
//! spans (a clause, a sentence) without reading the text again.

use std::ops::Deref;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};

use crate::text::is_whole_word;
use crate::types::Span;

/// A phrase list of the vocabulary, as registered in its [`Catalog`].
type ListId = usize;

/// Every phrase list of the vocabulary that is asked about spans of an
/// article, in one automaton: [`Hits::new`] reads an article once for all
/// the lists, and asking whether a list occurs in a clause, or which of its
/// phrases is nearest to a figure, looks only at that list's hits instead
/// of reading the clause again for every figure.
#[derive(Default)]
pub(super) struct Catalog {
    /// The phrases in lower case, found in the lower-cased text.
    folded: Patterns,
    /// The phrases as written, for the lists asked case-sensitively.
    exact: Patterns,
    lists: usize,
}

/// The distinct phrases of one automaton and the lists that hold them.
#[derive(Default)]
struct Patterns {
    /// By automaton pattern id.
    phrases: Vec<String>,
    /// For each phrase: the lists, with its index in each, that hold it.
    owners: Vec<Vec<(ListId, usize)>>,
    ac: Option<AhoCorasick>,
}

impl Patterns {
    fn add(&mut self, list: ListId, index: usize, phrase: String) {
        // An empty phrase is never found.
        if phrase.is_empty() {
            return;
        }
        match self.phrases.iter().position(|p| *p == phrase) {
            Some(i) => self.owners[i].push((list, index)),
            None => {
                self.phrases.push(phrase);
                self.owners.push(vec![(list, index)]);
            }
        }
    }

    /// Calls `found` with (pattern id, span) for every occurrence of every
    /// phrase in `hay`, overlapping ones included.
    fn occurrences(&self, hay: &str, mut found: impl FnMut(usize, Span)) {
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(hay) {
                found(m.pattern().as_usize(), Span::new(m.start(), m.end()));
            }
            return;
        }
        // No automaton (too many phrases to build one): one phrase at a time.
        for (id, p) in self.phrases.iter().enumerate() {
            let mut from = 0;
            while let Some(i) = hay.get(from..).and_then(|h| h.find(p.as_str())) {
                let s = from + i;
                found(id, Span::new(s, s + p.len()));
                from = s + hay[s..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
}

impl Catalog {
    /// Registers a list; `exact` lists can also be asked case-sensitively.
    fn add<'a>(&mut self, phrases: impl Iterator<Item = &'a str>, exact: bool) -> ListId {
        let list = self.lists;
        self.lists += 1;
        for (index, p) in phrases.enumerate() {
            self.folded.add(list, index, p.to_ascii_lowercase());
            if exact {
                self.exact.add(list, index, p.to_string());
            }
        }
        list
    }

    pub(super) fn build(mut self) -> Catalog {
        for p in [&mut self.folded, &mut self.exact] {
            // A few hundred short phrases: a DFA is small, and reading
            // every article through it is the fastest.
            p.ac = AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&p.phrases)
                .or_else(|_| AhoCorasick::new(&p.phrases))
                .ok();
        }
        self
    }
}

/// An occurrence of a phrase of a list in one article.
#[derive(Debug, Clone, Copy)]
struct Hit {
    span: Span,
    /// The phrase's index in its list.
    index: usize,
    /// A whole word: [`boundaries_ok`] for a phrase found in lower case,
    /// [`is_whole_word`] for one found as written.
    whole: bool,
}

/// One article's hits of every list of the vocabulary's [`Catalog`], by
/// list, in order of their start.
pub(super) struct Hits<'t> {
    pub(super) lower: &'t str,
    folded: Vec<Vec<Hit>>,
    exact: Vec<Vec<Hit>>,
}

impl<'t> Hits<'t> {
    pub(super) fn new(catalog: &Catalog, text: &str, lower: &'t str) -> Hits<'t> {
        let collect = |patterns: &Patterns, hay: &str, folded: bool| {
            let mut by_list: Vec<Vec<Hit>> = vec![Vec::new(); catalog.lists];
            patterns.occurrences(hay, |id, span| {
                let Some(phrase) = patterns.phrases.get(id) else {
                    return;
                };
                let whole = if folded {
                    boundaries_ok(text, phrase, span)
                } else {
                    is_whole_word(text, span)
                };
                for &(list, index) in patterns.owners.get(id).into_iter().flatten() {
                    if let Some(hits) = by_list.get_mut(list) {
                        hits.push(Hit { span, index, whole });
                    }
                }
            });
            for hits in &mut by_list {
                hits.sort_by_key(|h| (h.span.start, h.span.end, h.index));
            }
            by_list
        };
        Hits {
            lower,
            folded: collect(&catalog.folded, lower, true),
            exact: collect(&catalog.exact, text, false),
        }
    }

    /// The hits of `list` that lie inside `span`, in order of their start.
    fn within<'h>(
        &self,
        table: &'h [Vec<Hit>],
        list: ListId,
        span: Span,
    ) -> impl Iterator<Item = &'h Hit> + 'h {
        let hits = match (table.get(list), self.lower.get(span.start..span.end)) {
            (Some(hits), Some(_)) => hits.as_slice(),
            _ => &[],
        };
        let lo = hits.partition_point(|h| h.span.start < span.start);
        hits[lo..]
            .iter()
            .take_while(move |h| h.span.start < span.end)
            .filter(move |h| h.span.end <= span.end)
    }

    /// Does a phrase of `words` occur in `span` as a whole word (ASCII case
    /// aside)?
    pub(super) fn any(&self, words: &Words, span: Span) -> bool {
        self.within(&self.folded, words.list, span).any(|h| h.whole)
    }

    /// Whole-word occurrences of any phrase of `words` in `span` (ASCII
    /// case aside), in order of their start, overlapping ones included.
    pub(super) fn spans(&self, words: &Words, span: Span) -> impl Iterator<Item = Span> + '_ {
        self.within(&self.folded, words.list, span)
            .filter(|h| h.whole)
            .map(|h| h.span)
    }

    /// Whole-word occurrences of phrase `index` of `words` in `span`, as a
    /// search of `lower[span]` with `str::match_indices` finds them: left
    /// to right, without overlaps, whole words kept afterwards.
    pub(super) fn find(&self, words: &Words, index: usize, span: Span) -> Vec<Span> {
        let mut free = span.start;
        let mut out = Vec::new();
        for h in self.within(&self.folded, words.list, span) {
            if h.index == index && h.span.start >= free {
                free = h.span.end;
                if h.whole {
                    out.push(h.span);
                }
            }
        }
        out
    }

    /// The nearest occurrence in `span` of any of `words` to `at`, with its
    /// value; on a tie the phrase earlier in the list, then the earlier hit.
    pub(super) fn nearest<'a, T>(
        &self,
        span: Span,
        words: &'a Pairs<T>,
        at: usize,
        case_sensitive: bool,
    ) -> Option<(&'a T, Span)> {
        let distance = |s: Span| {
            if s.end <= at {
                at - s.end
            } else {
                s.start.saturating_sub(at)
            }
        };
        let table = if case_sensitive {
            &self.exact
        } else {
            &self.folded
        };
        self.within(table, words.list, span)
            .filter(|h| h.whole)
            .min_by_key(|h| (distance(h.span), h.index, h.span.start))
            .and_then(|h| words.items.get(h.index).map(|(_, v)| (v, h.span)))
    }
}

/// A list of words or phrases (lower case), registered in the vocabulary's
/// [`Catalog`].
pub(super) struct Words {
    items: Vec<String>,
    list: ListId,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            items: Vec::new(),
            list: ListId::MAX,
        }
    }
}

impl Words {
    pub(super) fn new(catalog: &mut Catalog, items: Vec<String>) -> Words {
        let list = catalog.add(items.iter().map(String::as_str), false);
        Words { items, list }
    }
}

impl Deref for Words {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.items
    }
}

impl<'a> IntoIterator for &'a Words {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A list of (phrase, value), in order of preference, registered in the
/// vocabulary's [`Catalog`].
pub(super) struct Pairs<T> {
    items: Vec<(String, T)>,
    list: ListId,
}

impl<T> Default for Pairs<T> {
    fn default() -> Self {
        Pairs {
            items: Vec::new(),
            list: ListId::MAX,
        }
    }
}

impl<T> Pairs<T> {
    /// `exact`: the list is also asked case-sensitively.
    pub(super) fn new(catalog: &mut Catalog, items: Vec<(String, T)>, exact: bool) -> Pairs<T> {
        let list = catalog.add(items.iter().map(|(w, _)| w.as_str()), exact);
        Pairs { items, list }
    }
}

impl<T> Deref for Pairs<T> {
    type Target = [(String, T)];
    fn deref(&self) -> &[(String, T)] {
        &self.items
    }
}

/// `needle` found at `s`: a needle that starts (ends) with a letter or digit
/// must not continue a word there.
fn boundaries_ok(text: &str, needle: &str, s: Span) -> bool {
    let ok_start = !needle.starts_with(|c: char| c.is_alphanumeric())
        || !text[..s.start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
    let ok_end = !needle.ends_with(|c: char| c.is_alphanumeric())
        || !text[s.end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
    ok_start && ok_end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::figures::vocab::VOCAB;

    /// Whole-word, ASCII-case-insensitive occurrences of `needle` in `lower[span]`.
    fn find_in(text: &str, lower: &str, span: Span, needle: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let Some(hay) = lower.get(span.start..span.end) else {
            return out;
        };
        if needle.is_empty() {
            return out;
        }
        for (i, _) in hay.match_indices(needle) {
            let s = Span::new(span.start + i, span.start + i + needle.len());
            if boundaries_ok(text, needle, s) {
                out.push(s);
            }
        }
        out
    }

    #[test]
    fn hits_find_what_a_search_of_each_span_finds() {
        let v = &*VOCAB;
        let text = "Shares hit their highest since 2021, the highest level since May, \
                    and rose SINCE Monday; highest sinced no. Final results: final results.";
        let lower = text.to_ascii_lowercase();
        let hits = Hits::new(&v.catalog, text, &lower);
        let spans = [
            Span::new(0, text.len()),
            Span::new(10, 60),
            Span::new(17, 30),
            Span::new(40, text.len()),
        ];
        for span in spans {
            for (i, phrase) in v.record.iter().enumerate() {
                assert_eq!(
                    hits.find(&v.record, i, span),
                    find_in(text, &lower, span, phrase)
                );
            }
            assert_eq!(
                hits.find(&v.since, 0, span),
                find_in(text, &lower, span, "since")
            );
            let any_final = v
                .final_count
                .iter()
                .any(|w| !find_in(text, &lower, span, w).is_empty());
            assert_eq!(hits.any(&v.final_count, span), any_final);
        }
        assert!(hits.any(&v.final_count, Span::new(0, text.len())));
    }
}
