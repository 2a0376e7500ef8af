//! False friends of machine translation, from
//! `server/data/false_friends.toml` (embedded, parsed once), with one
//! automaton over every form, the tests of a match's context (whole
//! words, the words before and after, a sentence's start) and the matches
//! of one article ([`hits`]). The `translation-false-friend` check reports
//! them; [`super::translation`] counts them as marks of a machine
//! translation.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::bundle::Document;
use crate::memo::Memo;
use crate::text::{find_whole_words, is_whole_word, is_word_char};
use crate::types::Span;

const FALSE_FRIENDS_TOML: &str = include_str!("../../../data/false_friends.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    #[serde(default)]
    domains: HashMap<String, Vec<String>>,
    #[serde(default)]
    movement: RawMovement,
    #[serde(default)]
    entry: Vec<RawEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMovement {
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    forms: std::collections::BTreeMap<String, String>,
    source: String,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    sentence_any: Vec<String>,
    #[serde(default)]
    sentence_none: Vec<String>,
    #[serde(default)]
    document_none: Vec<String>,
    #[serde(default)]
    before_any: Vec<String>,
    #[serde(default)]
    before_none: Vec<String>,
    #[serde(default)]
    after_none: Vec<String>,
    #[serde(default)]
    after_any: Vec<String>,
    #[serde(default)]
    exact_case: bool,
    #[serde(default)]
    certain: bool,
}

/// One entry with its word lists in lower case ("@movement" expanded).
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) source: String,
    pub(crate) domain: Option<Vec<String>>,
    pub(crate) sentence_any: Vec<String>,
    pub(crate) sentence_none: Vec<String>,
    pub(crate) document_none: Vec<String>,
    pub(crate) before_any: Vec<String>,
    pub(crate) before_none: Vec<String>,
    pub(crate) after_none: Vec<String>,
    /// Word patterns that may follow instead of a `before_any` word
    /// ("of @name"); kept as written, since "@name" needs the case.
    pub(crate) after_any: Vec<String>,
    pub(crate) exact_case: bool,
    pub(crate) certain: bool,
}

/// The parsed list: entries and one automaton over every form.
pub(crate) struct FalseFriends {
    pub(crate) entries: Vec<Entry>,
    /// Per pattern of the automaton: (entry, form as written, replacement).
    pub(crate) patterns: Vec<(usize, String, String)>,
    pub(crate) ac: Option<AhoCorasick>,
}

fn lower_all(words: &[String], movement: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for w in words {
        if w == "@movement" {
            out.extend(movement.iter().cloned());
        } else {
            out.push(w.to_lowercase());
        }
    }
    out
}

impl FalseFriends {
    fn from_raw(raw: RawData) -> FalseFriends {
        let movement: Vec<String> = raw
            .movement
            .words
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        let mut entries = Vec::new();
        let mut patterns = Vec::new();
        for e in raw.entry {
            let domain = match &e.domain {
                Some(d) => match raw.domains.get(d) {
                    Some(words) => Some(lower_all(words, &movement)),
                    None => {
                        tracing::error!("false_friends.toml: unknown domain '{d}'");
                        continue;
                    }
                },
                None => None,
            };
            let index = entries.len();
            for (form, replacement) in &e.forms {
                patterns.push((index, form.clone(), replacement.clone()));
            }
            entries.push(Entry {
                source: e.source,
                domain,
                sentence_any: lower_all(&e.sentence_any, &movement),
                sentence_none: lower_all(&e.sentence_none, &movement),
                document_none: lower_all(&e.document_none, &movement),
                before_any: lower_all(&e.before_any, &movement),
                before_none: lower_all(&e.before_none, &movement),
                after_none: lower_all(&e.after_none, &movement),
                after_any: e.after_any.clone(),
                exact_case: e.exact_case,
                certain: e.certain,
            });
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(crate::automaton::kind_for(
                patterns.iter().map(|(_, f, _)| f.as_str()),
            )))
            .build(patterns.iter().map(|(_, f, _)| f.as_str()))
            .ok();
        FalseFriends {
            entries,
            patterns,
            ac,
        }
    }
}

pub(crate) fn data() -> &'static FalseFriends {
    static DATA: OnceLock<FalseFriends> = OnceLock::new();
    DATA.get_or_init(|| {
        let raw = toml::from_str::<RawData>(FALSE_FRIENDS_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/false_friends.toml does not parse: {e}");
            RawData::default()
        });
        FalseFriends::from_raw(raw)
    })
}

/// One false friend in an article that its context confirms.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) span: Span,
    /// Its entry in [`FalseFriends::entries`].
    pub(crate) entry: usize,
    /// What English news writes instead, in the case of the place.
    pub(crate) new_text: String,
}

/// [`hits`] of each article of `docs`, none left out: read once per
/// analysis for the marks of translation ([`super::translation`]) and the
/// `translation-false-friend` check, which leaves out its own matches'
/// places afterwards ([`outside`]).
pub(crate) fn shared_hits(memo: &Memo, docs: &[&Document]) -> Vec<Arc<Vec<Hit>>> {
    memo.shared_per_document("shared/false-friends", docs, |d| hits(d, &[]))
}

/// The hits of `all` that overlap no span of `skip`: [`hits`] with `skip`,
/// as each match is judged alone (what [`hits`] reads of one match does
/// not depend on the others).
pub(crate) fn outside<'h>(all: &'h [Hit], skip: &'h [Span]) -> impl Iterator<Item = &'h Hit> {
    all.iter()
        .filter(move |h| !skip.iter().any(|t| t.overlaps(h.span)))
}

/// The false friends of one article whose context fits, in text order,
/// leaving out matches that overlap a span of `skip`.
pub(crate) fn hits(doc: &Document, skip: &[Span]) -> Vec<Hit> {
    let ff = data();
    let mut out = Vec::new();
    let Some(ac) = &ff.ac else {
        return out;
    };
    let mut lower_doc: Option<String> = None;
    let mut article_fit: HashMap<usize, bool> = HashMap::new();
    for m in ac.find_iter(&*doc.text) {
        let span = Span::new(m.start(), m.end());
        if !is_whole_word(&doc.text, span) || skip.iter().any(|t| t.overlaps(span)) {
            continue;
        }
        let Some((entry_index, form, replacement)) = ff.patterns.get(m.pattern().as_usize()) else {
            continue;
        };
        let Some(entry) = ff.entries.get(*entry_index) else {
            continue;
        };
        let written = doc.slice(span);
        if entry.exact_case && written != form {
            continue;
        }
        let sentence = doc
            .facts
            .sentence_at(span.start)
            .unwrap_or(Span::new(0, doc.text.len()));
        if !entry.exact_case
            && written.chars().next().is_some_and(char::is_uppercase)
            && !opens_sentence(doc, sentence, span.start)
        {
            continue;
        }
        let lower_doc = lower_doc.get_or_insert_with(|| doc.text.to_lowercase());
        // What the whole article says is asked once per entry, not
        // once per occurrence.
        let fits_article = *article_fit.entry(*entry_index).or_insert_with(|| {
            entry.domain.as_ref().is_none_or(|d| has_any(lower_doc, d))
                && !has_any(lower_doc, &entry.document_none)
        });
        if !fits_article {
            continue;
        }
        let lower_sentence = doc.slice(sentence).to_lowercase();
        if !entry.sentence_any.is_empty() && !has_any(&lower_sentence, &entry.sentence_any) {
            continue;
        }
        if has_any(&lower_sentence, &entry.sentence_none) {
            continue;
        }
        let before = doc
            .text
            .get(sentence.start.min(span.start)..span.start)
            .unwrap_or("");
        let after_written = doc
            .text
            .get(span.end..sentence.end.max(span.end))
            .unwrap_or("");
        // `before_any` or `after_any`: either one that is given fits.
        let needs_context = !entry.before_any.is_empty() || !entry.after_any.is_empty();
        let context_fits = ends_with_any(before, &entry.before_any)
            || entry
                .after_any
                .iter()
                .any(|p| starts_with_pattern(after_written, p));
        if needs_context && !context_fits {
            continue;
        }
        if ends_with_any(before, &entry.before_none) {
            continue;
        }
        let after = after_written.to_lowercase();
        // A fitting `after_any` pattern ("the title of Acme") wins
        // over `after_none` ("the title of the book").
        let after_fits = entry
            .after_any
            .iter()
            .any(|p| starts_with_pattern(after_written, p));
        if !after_fits && starts_with_any(&after, &entry.after_none) {
            continue;
        }
        let new_text = if entry.exact_case {
            replacement.clone()
        } else {
            with_case_of(written, replacement)
        };
        out.push(Hit {
            span,
            entry: *entry_index,
            new_text,
        });
    }
    out
}

/// Does lower-case `haystack` contain `term` (lower case) as whole words?
/// A term without letters or digits ("%") only has to occur.
fn has_term(haystack: &str, term: &str) -> bool {
    if !term.chars().any(is_word_char) {
        return haystack.contains(term);
    }
    !find_whole_words(haystack, term).is_empty()
}

fn has_any(haystack: &str, terms: &[String]) -> bool {
    terms.iter().any(|t| has_term(haystack, t))
}

/// `before` (as written) ends with one of `terms` (lower case) as whole
/// words. "@possessive" stands for a word ending in 's, "@name" for a
/// capitalised word that does not open the text.
fn ends_with_any(before: &str, terms: &[String]) -> bool {
    let before = before.trim_end();
    let lower = before.to_lowercase();
    let last_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace())
        .last()
        .map_or(before.len(), |(i, _)| i);
    let last = &before[last_start..];
    terms.iter().any(|t| match t.as_str() {
        "@possessive" => {
            ["'s", "’s", "s'", "s’"].iter().any(|p| last.ends_with(p)) && last.chars().count() > 2
        }
        "@name" => {
            last.chars().next().is_some_and(char::is_uppercase)
                && before[..last_start].chars().any(char::is_alphanumeric)
        }
        _ => {
            lower.ends_with(t.as_str())
                && !lower[..lower.len() - t.len()]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char)
        }
    })
}

/// Lower-case `after` starts with one of `terms` as whole words.
fn starts_with_any(after: &str, terms: &[String]) -> bool {
    let after = after.trim_start();
    terms.iter().any(|t| {
        after.starts_with(t.as_str()) && !after[t.len()..].chars().next().is_some_and(is_word_char)
    })
}

/// `after` (as written) starts with `pattern`, word by word: "@name" is a
/// capitalised word, any other word matches in any case ("of @name" fits
/// "of Examplecorp gained" but not "of the society").
fn starts_with_pattern(after: &str, pattern: &str) -> bool {
    let mut words = after
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    pattern.split_whitespace().all(|p| match words.next() {
        Some(w) if p == "@name" => w.chars().next().is_some_and(char::is_uppercase),
        Some(w) => w.eq_ignore_ascii_case(p),
        None => false,
    })
}

/// The replacement with the first letter's capital as written.
pub(crate) fn with_case_of(written: &str, replacement: &str) -> String {
    let starts_upper = written.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(c) if starts_upper && c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}

/// Does the match open its sentence (after opening quotes or brackets)?
fn opens_sentence(doc: &Document, sentence: Span, at: usize) -> bool {
    doc.text
        .get(sentence.start..at)
        .is_some_and(|s| s.chars().all(|c| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses_and_every_domain_exists() {
        let raw: RawData = toml::from_str(FALSE_FRIENDS_TOML).expect("false_friends.toml parses");
        for e in &raw.entry {
            if let Some(d) = &e.domain {
                assert!(raw.domains.contains_key(d), "unknown domain {d}");
            }
            assert!(!e.forms.is_empty());
        }
        assert_eq!(data().entries.len(), raw.entry.len());
        assert!(data().ac.is_some());
    }

    #[test]
    fn word_patterns_after_a_phrase() {
        assert!(starts_with_pattern(" of Examplecorp gained", "of @name"));
        assert!(starts_with_pattern(" OF “Examplecorp” gained", "of @name"));
        assert!(!starts_with_pattern(" of the society", "of @name"));
        assert!(!starts_with_pattern(" of", "of @name"));
        assert!(!starts_with_pattern(" in Examplecorp", "of @name"));
    }

    #[test]
    fn replacement_keeps_the_capital() {
        assert_eq!(with_case_of("Fleas", "chips"), "Chips");
        assert_eq!(with_case_of("fleas", "chips"), "chips");
    }

    #[test]
    fn hits_of_an_article_in_order() {
        let bundle = crate::fixture::Fixture::parse(
            "//- a.txt\nA 5 milliard euro chip plant opened, and 2 milliard more.\n",
        )
        .bundle();
        let docs = bundle.documents();
        let doc = docs.first().expect("one article");
        let found = hits(doc, &[]);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|h| h.new_text == "billion"));
        assert!(found[0].span.start < found[1].span.start);
        assert_eq!(hits(doc, &[found[0].span]).len(), 1);
    }

    #[test]
    fn the_hits_outside_some_places_are_the_hits_that_leave_them_out() {
        let bundle = crate::fixture::Fixture::parse(
            "//- a.txt\nThe company's papers rose 3% as its IA model and electronic fleas sold; \
             a 5 milliard euro plant opened, and 2 milliard more. Papers fell.\n",
        )
        .bundle();
        let docs = bundle.documents();
        let doc = docs.first().expect("one article");
        let all = hits(doc, &[]);
        assert!(all.len() >= 3, "{all:#?}");
        let spans: Vec<Span> = all.iter().map(|h| h.span).collect();
        // Every subset of the places, and places that cut into a match.
        let mut skips: Vec<Vec<Span>> = (0..1usize << spans.len().min(6))
            .map(|mask| {
                (0..spans.len())
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| spans[i])
                    .collect()
            })
            .collect();
        skips.extend(
            spans
                .iter()
                .map(|s| vec![Span::new(s.start + 1, s.start + 2)]),
        );
        skips.push(vec![Span::new(0, doc.text.len())]);
        for skip in &skips {
            let seen = |h: &Hit| (h.span, h.entry, h.new_text.clone());
            let left: Vec<(Span, usize, String)> = hits(doc, skip).iter().map(seen).collect();
            let kept: Vec<(Span, usize, String)> = outside(&all, skip).map(seen).collect();
            assert_eq!(left, kept, "{skip:?}");
        }
    }
}
