//! The false friends of `translation-false-friend`, from
//! `server/data/false_friends.toml` (embedded, parsed once), with one
//! automaton over every form, and the tests of a match's context (whole
//! words, the words before and after, a sentence's start).

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::bundle::Document;
use crate::text::{find_whole_words, is_word_char};
use crate::types::Span;

const FALSE_FRIENDS_TOML: &str = include_str!("../../../../data/false_friends.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    #[serde(default)]
    domains: HashMap<String, Vec<String>>,
    #[serde(default)]
    movement: RawMovement,
    #[serde(default)]
    pub(super) entry: Vec<RawEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMovement {
    #[serde(default)]
    pub(super) words: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    forms: std::collections::BTreeMap<String, String>,
    pub(super) source: String,
    #[serde(default)]
    pub(super) domain: Option<String>,
    #[serde(default)]
    pub(super) sentence_any: Vec<String>,
    #[serde(default)]
    pub(super) sentence_none: Vec<String>,
    #[serde(default)]
    pub(super) document_none: Vec<String>,
    #[serde(default)]
    pub(super) before_any: Vec<String>,
    #[serde(default)]
    pub(super) before_none: Vec<String>,
    #[serde(default)]
    pub(super) after_none: Vec<String>,
    #[serde(default)]
    pub(super) after_any: Vec<String>,
    #[serde(default)]
    pub(super) exact_case: bool,
    #[serde(default)]
    pub(super) certain: bool,
}

/// One entry with its word lists in lower case ("@movement" expanded).
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) source: String,
    pub(super) domain: Option<Vec<String>>,
    pub(super) sentence_any: Vec<String>,
    pub(super) sentence_none: Vec<String>,
    pub(super) document_none: Vec<String>,
    pub(super) before_any: Vec<String>,
    pub(super) before_none: Vec<String>,
    pub(super) after_none: Vec<String>,
    /// Word patterns that may follow instead of a `before_any` word
    /// ("of @name"); kept as written, since "@name" needs the case.
    pub(super) after_any: Vec<String>,
    pub(super) exact_case: bool,
    pub(super) certain: bool,
}

/// The parsed list: entries and one automaton over every form.
pub(super) struct FalseFriends {
    pub(super) entries: Vec<Entry>,
    /// Per pattern of the automaton: (entry, form as written, replacement).
    pub(super) patterns: Vec<(usize, String, String)>,
    pub(super) ac: Option<AhoCorasick>,
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
            .build(patterns.iter().map(|(_, f, _)| f.as_str()))
            .ok();
        FalseFriends {
            entries,
            patterns,
            ac,
        }
    }
}

pub(super) fn data() -> &'static FalseFriends {
    static DATA: OnceLock<FalseFriends> = OnceLock::new();
    DATA.get_or_init(|| {
        let raw = toml::from_str::<RawData>(FALSE_FRIENDS_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/false_friends.toml does not parse: {e}");
            RawData::default()
        });
        FalseFriends::from_raw(raw)
    })
}

/// Does lower-case `haystack` contain `term` (lower case) as whole words?
/// A term without letters or digits ("%") only has to occur.
fn has_term(haystack: &str, term: &str) -> bool {
    if !term.chars().any(is_word_char) {
        return haystack.contains(term);
    }
    !find_whole_words(haystack, term).is_empty()
}

pub(super) fn has_any(haystack: &str, terms: &[String]) -> bool {
    terms.iter().any(|t| has_term(haystack, t))
}

/// `before` (as written) ends with one of `terms` (lower case) as whole
/// words. "@possessive" stands for a word ending in 's, "@name" for a
/// capitalised word that does not open the text.
pub(super) fn ends_with_any(before: &str, terms: &[String]) -> bool {
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
pub(super) fn starts_with_any(after: &str, terms: &[String]) -> bool {
    let after = after.trim_start();
    terms.iter().any(|t| {
        after.starts_with(t.as_str()) && !after[t.len()..].chars().next().is_some_and(is_word_char)
    })
}

/// `after` (as written) starts with `pattern`, word by word: "@name" is a
/// capitalised word, any other word matches in any case ("of @name" fits
/// "of Examplecorp gained" but not "of the society").
pub(super) fn starts_with_pattern(after: &str, pattern: &str) -> bool {
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
pub(super) fn with_case_of(written: &str, replacement: &str) -> String {
    let starts_upper = written.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(c) if starts_upper && c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}

/// Does the match open its sentence (after opening quotes or brackets)?
pub(super) fn opens_sentence(doc: &Document, sentence: Span, at: usize) -> bool {
    doc.text
        .get(sentence.start..at)
        .is_some_and(|s| s.chars().all(|c| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::findings;

    const RULE: &[&str] = &["translation-false-friend"];

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
        let (_, _, found) = findings("//- a.txt\nA 5 milliard euro chip plant opened.\n", RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fixes[0].edits[0].new_text, "billion");
    }
}
