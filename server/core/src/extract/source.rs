//! The named source of a figure's sentence: "according to the European
//! Example Institute, ...", "..., the Example Survey said", "said Jane
//! Doe". Only a name counts (capitalised words): "officials said" or "the
//! bulletin said" names no one, and two such figures may share a source.
//!
//! The verbs of attribution are data (`attribution` in
//! `server/data/frames.toml`); a source is kept as its lower-case words
//! without function words ("european example institute"), and two sources
//! are one when the words of one are all in the other ("Example Survey",
//! "US Example Survey") or one is the initials of the other ("USES").

use super::frame_vocab::{canonical_stem, Stem, VOCAB};
use crate::types::Span;

/// Most words of a source's name.
const MAX_WORDS: usize = 8;

/// The named source of the sentence whose words are `words` (as
/// [`super::frame_vocab::words_in`] gives them, from `text`), if any.
pub(super) fn source_of(text: &str, words: &[(Span, &str)]) -> Option<Stem> {
    let v = &*VOCAB;
    for (k, (_, w)) in words.iter().enumerate() {
        // "according to [the] Name".
        if w.eq_ignore_ascii_case("according") {
            if words
                .get(k + 1)
                .is_some_and(|(_, t)| t.eq_ignore_ascii_case("to"))
            {
                if let Some(s) = run_after(text, words, k + 2) {
                    return Some(s);
                }
            }
            continue;
        }
        // The verbs are ASCII in lower case: a word is asked with its ASCII
        // capitals lowered.
        if !v.attribution.contains_ascii_lowered(w) {
            continue;
        }
        // "Name said" (the name right before the verb), then "said Name".
        if let Some(s) = run_before(text, words, k) {
            return Some(s);
        }
        if let Some(s) = run_after(text, words, k + 1) {
            return Some(s);
        }
    }
    None
}

/// A word that starts with a capital letter.
fn capital(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// A lower-case word inside a name ("Institute of Example").
fn joiner(w: &str) -> bool {
    matches!(w, "of" | "for" | "and" | "de" | "du" | "des" | "la" | "le")
}

/// Punctuation right after the word at `sp` ends a name.
fn ends_clause(text: &str, sp: Span) -> bool {
    text.get(sp.end..)
        .and_then(|r| r.chars().next())
        .is_some_and(|c| matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”'))
}

/// The name starting at word `k` (after a leading "the"), if it is one.
fn run_after(text: &str, words: &[(Span, &str)], mut k: usize) -> Option<Stem> {
    if words
        .get(k)
        .is_some_and(|(_, w)| w.eq_ignore_ascii_case("the"))
    {
        k += 1;
    }
    let mut end = k;
    while let Some((sp, w)) = words.get(end) {
        let inside = capital(w)
            || (end > k && joiner(w) && words.get(end + 1).is_some_and(|(_, n)| capital(n)));
        if !inside || end - k >= MAX_WORDS {
            break;
        }
        end += 1;
        if ends_clause(text, *sp) {
            break;
        }
    }
    key(words.get(k..end)?)
}

/// The name ending right before word `k`, if it is one.
fn run_before(text: &str, words: &[(Span, &str)], k: usize) -> Option<Stem> {
    let mut start = k;
    while start > 0 {
        let (sp, w) = words[start - 1];
        let inside =
            capital(w) || (start < k && joiner(w) && start >= 2 && capital(words[start - 2].1));
        if !inside || k - start >= MAX_WORDS {
            break;
        }
        // "In Example, the agency said": a comma ends the name before it.
        if start < k && ends_clause(text, sp) {
            break;
        }
        start -= 1;
    }
    // One capitalised word opening the sentence may be any word
    // ("Officials said").
    if start == 0 && k == 1 {
        return None;
    }
    key(words.get(start..k)?)
}

/// A source's key: its words in lower case without the function words
/// written in lower case, nor a first word "The" ("US" in capitals stays).
fn key(run: &[(Span, &str)]) -> Option<Stem> {
    let v = &*VOCAB;
    let mut words: Vec<String> = Vec::with_capacity(run.len());
    for (i, (_, w)) in run.iter().enumerate() {
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(w);
        let lw = w.to_lowercase();
        let shouted = w.chars().all(|c| !c.is_lowercase());
        let function = joiner(&lw) || v.stopwords.contains(&lw);
        if lw.is_empty() || (function && (!capital(w) || (i == 0 && !shouted))) {
            continue;
        }
        words.push(lw);
    }
    if words.is_empty() || words.iter().all(|w| v.attribution.contains(w)) {
        return None;
    }
    Some(Stem::new(&words.join(" ")))
}

/// Two sources that can be one: the words of one all in the other, or one
/// the initials of the other ("usgs" and "us geological survey").
pub fn same_source(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let within = |x: &[&str], y: &[&str]| x.iter().all(|w| y.contains(w));
    a == b || within(&wa, &wb) || within(&wb, &wa) || abbreviates(&wa, &wb) || abbreviates(&wb, &wa)
}

/// `short` is one word, the initials of the words of `long`: their first
/// letters ("emsc"), or with a short word kept whole ("us" in "usgs").
fn abbreviates(short: &[&str], long: &[&str]) -> bool {
    let ([word], true) = (short, long.len() > 1) else {
        return false;
    };
    let firsts: String = long.iter().filter_map(|w| w.chars().next()).collect();
    let kept: String = long
        .iter()
        .map(|w| match w.chars().next() {
            Some(c) if w.len() > 3 => &w[..c.len_utf8()],
            _ => w,
        })
        .collect();
    *word == firsts || *word == kept
}

/// Every word of `source` is among a sentence's words (`sentence`: its
/// measure words, as [`super::frame_vocab::sentence_words`] gives them,
/// sorted by [`Stem::key`]): the sentence names the source too ("Examplecorp
/// said" and "Examplecorp's revenue").
pub fn mentioned(source: Stem, sentence: &[Stem]) -> bool {
    source.split(' ').all(|w| {
        canonical_stem(w)
            .is_some_and(|c| sentence.binary_search_by_key(&c.key(), Stem::key).is_ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::frame_vocab::words_in;

    fn source(s: &str) -> Option<String> {
        let words = words_in(s, Span::new(0, s.len()));
        source_of(s, &words).map(|x| x.as_str().to_string())
    }

    #[test]
    fn a_named_source_before_or_after_the_verb_or_after_according_to() {
        assert_eq!(
            source("According to the European Example Institute, the quake measured 6.9.")
                .as_deref(),
            Some("european example institute")
        );
        assert_eq!(
            source("It struck 71 km away, the US Example Survey said.").as_deref(),
            Some("us example survey")
        );
        assert_eq!(
            source("Inflation was 7 per cent, said Jane Doe, the governor.").as_deref(),
            Some("jane doe")
        );
        assert_eq!(
            source("The Example Institute of Zorbia said it was 63 km away.").as_deref(),
            Some("example institute zorbia")
        );
    }

    #[test]
    fn no_name_no_source() {
        assert_eq!(source("It was 63 km away, the bulletin said."), None);
        assert_eq!(source("Officials said 300 people died."), None);
        assert_eq!(source("Revenue rose 12% in the quarter."), None);
        // A comma ends a name before the verb.
        assert_eq!(source("In Zorbia, officials said 40 died."), None);
    }

    #[test]
    fn sources_are_one_when_words_or_initials_agree() {
        assert!(same_source("us example survey", "example survey"));
        assert!(same_source("usgs", "us geological survey"));
        assert!(same_source(
            "emsc",
            "european mediterranean seismological center"
        ));
        assert!(!same_source("emsc", "us geological survey"));
        assert!(!same_source("jane doe", "example institute"));
    }
}
