//! The `translation-false-friend` check: literal translations that machine
//! translation leaves in financial and technology news ("gas pedals" for
//! accelerator chips, "fleas" for chips, "IA" for AI, "papers" for shares).
//! Owns `server/data/false_friends.toml` (embedded, parsed once); the word
//! pairs and their contexts are data, the check knows none of them.
//!
//! Context decides: an entry may ask that the document be about a domain
//! (chips, AI, markets), that the sentence hold a word (a price move) or
//! none of some words (the literal sense: "fleas" next to "dogs"), or that
//! the document never use the literal sense ("Iowa" for "IA"). A form
//! written with a capital in mid-sentence is a name and left alone.
//!
//! A second pass finds a word of the wrong sense: one article that calls
//! the same owner's craft by words of two kinds (`server/data/senses.toml`),
//! "the ship of Acme Air" where it otherwise writes "the Acme Air plane";
//! the rare kind is flagged.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use crate::bundle::Document;
use crate::checks::{Check, CheckContext, Scope};
use crate::config::TermConfig;
use crate::text::{find_whole_words, is_whole_word, is_word_char};
use crate::types::{Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

const FALSE_FRIENDS_TOML: &str = include_str!("../../../data/false_friends.toml");

pub struct TranslationFalseFriend;

static INFO: RuleInfo = RuleInfo {
    id: "translation-false-friend",
    default_severity: Severity::Warning,
    summary: "A literal translation that English news does not use: 'gas pedals' for accelerator chips, 'fleas' for chips, 'IA' for AI.",
    flags: &[
        "'replacing costly gas pedals' in a story about AI chips",
        "'its efforts in the electronic flea field'",
        "'a severe screw tower on tech giants'",
        "'its new IA model'",
        "'the company's papers have risen by 20%'",
    ],
    passes: &[
        "'the dog had fleas' in a story about pets",
        "'Des Moines, IA' where the story mentions Iowa",
        "'the papers were filed in court'",
        "'he won the title' in a sports story",
        "'a brake and accelerator pedal recall' in a car story",
    ],
};

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
struct Entry {
    source: String,
    domain: Option<Vec<String>>,
    sentence_any: Vec<String>,
    sentence_none: Vec<String>,
    document_none: Vec<String>,
    before_any: Vec<String>,
    before_none: Vec<String>,
    after_none: Vec<String>,
    /// Word patterns that may follow instead of a `before_any` word
    /// ("of @name"); kept as written, since "@name" needs the case.
    after_any: Vec<String>,
    exact_case: bool,
    certain: bool,
}

/// The parsed list: entries and one automaton over every form.
struct FalseFriends {
    entries: Vec<Entry>,
    /// Per pattern of the automaton: (entry, form as written, replacement).
    patterns: Vec<(usize, String, String)>,
    ac: Option<AhoCorasick>,
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

fn data() -> &'static FalseFriends {
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
fn with_case_of(written: &str, replacement: &str) -> String {
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

/// `[terms]` of `copydesk.toml`: avoided terms with their preferred form.
struct HouseTerms<'a> {
    terms: Vec<(&'a String, &'a TermConfig)>,
    ac: Option<AhoCorasick>,
}

impl<'a> HouseTerms<'a> {
    fn new(config: &'a std::collections::BTreeMap<String, TermConfig>) -> HouseTerms<'a> {
        let terms: Vec<(&String, &TermConfig)> = config
            .iter()
            .filter(|(t, _)| !t.trim().is_empty())
            .collect();
        let ac = if terms.is_empty() {
            None
        } else {
            // A contiguous NFA, never a DFA: a DFA's build grows with the
            // square of a long term (a 40,000-character key took 19 s).
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(terms.iter().map(|(t, _)| t.as_str()))
                .ok()
        };
        HouseTerms { terms, ac }
    }

    /// Reports the avoided terms of one document; returns their spans.
    fn report(&self, doc: &Document, out: &mut Vec<Finding>) -> Vec<Span> {
        let mut spans = Vec::new();
        let Some(ac) = &self.ac else {
            return spans;
        };
        for m in ac.find_iter(&*doc.text) {
            let span = Span::new(m.start(), m.end());
            if !is_whole_word(&doc.text, span) {
                continue;
            }
            let Some((_, term)) = self.terms.get(m.pattern().as_usize()) else {
                continue;
            };
            let written = doc.slice(span);
            let location = Location { doc: doc.id, span };
            let prefer = term.prefer.as_deref().map(|p| with_case_of(written, p));
            let message = match (&term.message, &prefer) {
                (Some(msg), _) => format!("'{written}': {msg}"),
                (None, Some(p)) => format!("'{written}' is not house style; write '{p}'"),
                (None, None) => format!("'{written}' is not house style"),
            };
            let fixes = prefer
                .map(|new_text| Fix {
                    title: format!("Replace with '{new_text}'"),
                    edits: vec![Edit { location, new_text }].into(),
                    certain: term.certain,
                    preferred: true,
                })
                .into_iter()
                .collect();
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                location,
                message,
                related: Vec::new(),
                fixes,
            });
            spans.push(span);
        }
        spans
    }
}

const SENSES_TOML: &str = include_str!("../../../data/senses.toml");

#[derive(Deserialize)]
struct RawSenses {
    not_owner: Vec<String>,
    kind: Vec<RawKind>,
}

#[derive(Deserialize)]
struct RawKind {
    name: String,
    words: Vec<String>,
}

fn senses() -> &'static RawSenses {
    static DATA: OnceLock<RawSenses> = OnceLock::new();
    DATA.get_or_init(|| {
        toml::from_str::<RawSenses>(SENSES_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/senses.toml does not parse: {e}");
            RawSenses {
                not_owner: Vec::new(),
                kind: Vec::new(),
            }
        })
    })
}

/// The capitalised words of `text` right before `end` ("... Acme Air"),
/// without words that never name an owner.
fn owner_before(text: &str, end: usize) -> Option<String> {
    let s = senses();
    let before = text.get(..end)?;
    let mut words: Vec<&str> = before
        .rsplit(' ')
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .take(4)
        .collect();
    words.reverse();
    let first_real = words
        .iter()
        .position(|w| !s.not_owner.iter().any(|n| n.eq_ignore_ascii_case(w)))?;
    let owner = words.get(first_real..)?.join(" ");
    (!owner.is_empty()
        && owner
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-'))
    .then_some(owner)
}

/// The capitalised words of `text` from `start` ("Acme Air which ...").
fn owner_after(text: &str, start: usize) -> Option<String> {
    let s = senses();
    let after = text.get(start..)?;
    let words: Vec<&str> = after
        .split(' ')
        .take_while(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !s.not_owner.iter().any(|n| n.eq_ignore_ascii_case(w))
        })
        .take(4)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Craft words whose owner the same article gives a craft of another kind
/// much more often: "the ship of Acme Air" where the article otherwise
/// calls Acme Air's craft a plane. (span, written, other word, its span,
/// the other word's kind).
fn wrong_senses(doc: &Document) -> Vec<(Span, String, String, Span, &'static str)> {
    let s = senses();
    let text = &*doc.text;
    // (kind, owner, span) of every craft word with an owner; kind counts.
    let mut owned: Vec<(usize, String, Span)> = Vec::new();
    let mut counts = vec![0usize; s.kind.len()];
    for (k, kind) in s.kind.iter().enumerate() {
        for w in &kind.words {
            for span in find_whole_words(text, w) {
                counts[k] += 1;
                let owner = text
                    .get(span.end..)
                    .and_then(|r| r.strip_prefix(" of "))
                    .and_then(|_| owner_after(text, span.end + 4))
                    .or_else(|| {
                        let b = text.get(..span.start)?;
                        let b = b.strip_suffix(' ')?;
                        let b = b
                            .strip_suffix("'s")
                            .or_else(|| b.strip_suffix("’s"))
                            .unwrap_or(b);
                        owner_before(text, b.len())
                    });
                if let Some(o) = owner {
                    owned.push((k, o, span));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (k, owner, span) in &owned {
        let mine = counts.get(*k).copied().unwrap_or(0);
        let other = owned.iter().find(|(k2, o2, _)| {
            k2 != k && o2 == owner && counts.get(*k2).is_some_and(|&c| c >= 3 && c >= 3 * mine)
        });
        if let Some((k2, _, ospan)) = other {
            out.push((
                *span,
                text.get(span.start..span.end).unwrap_or("").to_string(),
                text.get(ospan.start..ospan.end).unwrap_or("").to_string(),
                *ospan,
                s.kind.get(*k2).map_or("", |k| k.name.as_str()),
            ));
        }
    }
    out
}

impl Check for TranslationFalseFriend {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let ff = data();
        let terms = HouseTerms::new(&cx.config.terms);
        for doc in cx.documents() {
            let taken = terms.report(doc, out);
            for (span, written, other, ospan, kind) in wrong_senses(doc) {
                let related = Location {
                    doc: doc.id,
                    span: ospan,
                };
                out.push(Finding {
                    rule: INFO.id,
                    severity: INFO.default_severity,
                    location: Location { doc: doc.id, span },
                    message: format!(
                        "'{written}' for a craft this article otherwise calls a '{other}' ({}, {kind}): the wrong sense of a word a machine translation had to choose?",
                        doc.cite(ospan.start)
                    ),
                    related: vec![Related {
                        location: related,
                        message: format!("'{other}' here"),
                    }],
                    fixes: Vec::new(),
                });
            }
            let Some(ac) = &ff.ac else {
                continue;
            };
            let mut lower_doc: Option<String> = None;
            let mut article_fit: HashMap<usize, bool> = HashMap::new();
            let mut first_of: HashMap<usize, usize> = HashMap::new();
            // Edits of a term's later places, added to its first finding's fix.
            let mut more_edits: HashMap<usize, Vec<Edit>> = HashMap::new();
            let mut mine: Vec<Finding> = Vec::new();
            for m in ac.find_iter(&*doc.text) {
                let span = Span::new(m.start(), m.end());
                if !is_whole_word(&doc.text, span) || taken.iter().any(|t| t.overlaps(span)) {
                    continue;
                }
                let Some((entry_index, form, replacement)) =
                    ff.patterns.get(m.pattern().as_usize())
                else {
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
                if !entry.sentence_any.is_empty() && !has_any(&lower_sentence, &entry.sentence_any)
                {
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
                let location = Location { doc: doc.id, span };
                // One finding per term and article: later places are
                // related, and the fix replaces them all.
                if let Some(&at) = first_of.get(entry_index) {
                    if let Some(first) = mine.get_mut(at) {
                        first.related.push(Related {
                            location,
                            message: format!("'{written}' again"),
                        });
                        more_edits
                            .entry(at)
                            .or_default()
                            .push(Edit { location, new_text });
                    }
                    continue;
                }
                first_of.insert(*entry_index, mine.len());
                mine.push(Finding {
                    rule: INFO.id,
                    severity: INFO.default_severity,
                    location,
                    message: format!(
                        "'{written}' looks like {}; English news writes '{new_text}'",
                        entry.source
                    ),
                    related: Vec::new(),
                    fixes: vec![Fix {
                        title: format!("Replace with '{new_text}'"),
                        edits: vec![Edit { location, new_text }].into(),
                        certain: entry.certain,
                        preferred: true,
                    }],
                });
            }
            for (at, more) in more_edits {
                if let Some(fix) = mine.get_mut(at).and_then(|f| f.fixes.first_mut()) {
                    fix.edits = fix.edits.iter().cloned().chain(more).collect();
                }
            }
            out.append(&mut mine);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{check_rules, findings};

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
    fn chips_and_crackdowns_in_a_tech_story() {
        check_rules(
            r#"
//- a.txt
Veltra is replacing costly imported gas pedals for artificial intelligence with its own chips.
                                    ^^^^^^^^^^ translation-false-friend: 'accelerators'
Its efforts in the electronic flea field impress, and Veltra fleas now ship.
                   ^^^^^^^^^^^^^^^ translation-false-friend: 'chip'
The company suffered a severe screw tower by regulators on tech groups.
                              ^^^^^^^^^^^ translation-false-friend: 'crackdown'
"#,
            RULE,
        );
    }

    #[test]
    fn ia_for_ai_unless_iowa() {
        check_rules(
            r#"
//- a.txt
Northwind presented its new IA language model, an artificial intelligence system.
                            ^^ translation-false-friend: 'AI'
//- b.txt
The AI startup opened an office in Des Moines, IA, the Iowa capital.
//- c.txt
Hong Kong's Insurance Authority (IA) said insurers may use AI to price risk, and the IA will publish rules.
"#,
            RULE,
        );
        let (_, _, found) = findings(
            "//- a.txt\nIts IA model beat rivals in AI benchmarks.\n",
            RULE,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fixes[0].edits[0].new_text, "AI");
        assert!(found[0].fixes[0].certain);
    }

    #[test]
    fn literal_senses_are_left_alone() {
        check_rules(
            r#"
//- a.txt
The shelter said the dogs had fleas, and the flea market reopened.
The chip maker's papers were filed in court after shares rose 5%.
The champion defended the title after his shares in the club rose 5%.
The car recall covers the accelerator pedal, a chip-controlled part.
Police action rose sharply after the stock market fell 5%.
"#,
            RULE,
        );
    }

    #[test]
    fn market_words_need_a_price_move() {
        check_rules(
            r#"
//- a.txt
Examplecorp's papers in Frankfurt have risen by 40% this year, traders said.
              ^^^^^^ translation-false-friend: 'shares'
The Examplecorp action had then jumped almost 13% on the stock exchange.
                ^^^^^^ translation-false-friend: 'stock'
Quotes of the group rose sharply at trading in Paris.
^^^^^^ translation-false-friend: 'Shares'
The title of Examplecorp fell 4.1% on the stock exchange, and the title falls further.
    ^^^^^ translation-false-friend: 'stock'
The title of the book fell out of use as sales rose 5% on the stock exchange.
The papers of Examplecorp gained 1% in Frankfurt.
The papers of the society fell 5% short of the goal.
The papers of Darwin rose 5% in value at auction.
The company's papers are on its website, and its action plan is public.
The papers released by the regulator showed the stock had risen 40% this year.
A class action claims the shares fell 20%, and the court action was dropped as the stock rose.
"#,
            RULE,
        );
    }

    #[test]
    fn corporate_french_and_german() {
        check_rules(
            r#"
//- a.txt
Examplecorp's benefit per share rose to 2 euros as the group realized a turnover of 5 billion euros.
              ^^^^^^^^^^^^^^^^^ translation-false-friend: 'earnings per share'
                                                             ^^^^^^^^^^^^^^^^^^^ translation-false-friend: 'had revenue'
The cession of its chip unit brought 2 billion euros, and it sold a participation of 10% in Northwind.
    ^^^^^^^ translation-false-friend: 'sale'
                                                                  ^^^^^^^^^^^^^^^^^^ translation-false-friend: 'a stake of'
Unions rejected the social plan, which cuts 900 jobs at the plant.
                    ^^^^^^^^^^^ translation-false-friend: 'redundancy plan'
The cession of the territory ended the war, and turnout showed a participation of 60% in the vote.
"#,
            RULE,
        );
    }

    #[test]
    fn capitalised_mid_sentence_is_a_name() {
        check_rules(
            r#"
//- a.txt
Investors in AI chips cheered as Flea, the bassist, bought Examplecorp shares.
"#,
            RULE,
        );
    }

    #[test]
    fn house_terms_from_the_config_extend_the_list() {
        let config = crate::config::Config::parse(
            r#"
[terms]
"utilise" = { prefer = "use", certain = true }
"gas pedals" = { prefer = "accelerator chips", message = "the chips, not car parts" }
"#,
        )
        .expect("config");
        crate::fixture::check_rules_with_config(
            r#"
//- a.txt
Utilise the new chips, which replace gas pedals for AI; utilisation grew.
^^^^^^^ translation-false-friend: 'Utilise' is not house style; write 'Use'
                                     ^^^^^^^^^^ translation-false-friend: 'gas pedals': the chips, not car parts
"#,
            RULE,
            &config,
        );
        let (_, _, found) =
            crate::fixture::findings_with_config("//- a.txt\nWe utilise it.\n", RULE, &config);
        assert!(found[0].fixes[0].certain);
        assert_eq!(found[0].fixes[0].edits[0].new_text, "use");
    }

    #[test]
    fn a_very_long_house_term_builds_a_linear_automaton_and_is_found() {
        // A DFA's build grows with the square of one long term; the
        // contiguous NFA's with its length.
        let long = "acme ".repeat(8_000);
        let long = long.trim_end().to_string();
        let mut terms = std::collections::BTreeMap::new();
        terms.insert(
            long.clone(),
            TermConfig {
                prefer: Some("Acme".into()),
                ..TermConfig::default()
            },
        );
        let house = HouseTerms::new(&terms);
        let ac = house.ac.as_ref().expect("automaton");
        assert_eq!(ac.kind(), AhoCorasickKind::ContiguousNFA);
        let config = crate::config::Config {
            terms,
            ..crate::config::Config::default()
        };
        let text = format!("//- a.txt\nThey said {long} again.\n");
        let (_, _, found) = crate::fixture::findings_with_config(&text, RULE, &config);
        assert_eq!(found.len(), 1, "{found:?}");
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

    #[test]
    fn disaster_and_sport_renderings_of_french() {
        let text = "//- a.txt\n\
One person has died, according to a provisional balance sheet.\n\
The fire is not yet fixed, the prefecture said.\n\
Sacred champion, she thanked her coach.\n\
//- b.txt\n\
The group’s balance sheet could carry the debt of the deal.\n\
The date of the inquiry into the fire was fixed on Monday.\n\
The burial ground was sacred to the tribe.\n\
The champion said the site is sacred to her family.\n";
        let (_, bundle, found) = findings(text, RULE);
        let cited: Vec<String> = found.iter().map(|f| bundle.cite(f.location)).collect();
        assert_eq!(cited, ["a.txt:1", "a.txt:2", "a.txt:3"], "{found:#?}");
    }

    #[test]
    fn one_finding_per_term_and_article() {
        let text = "//- a.txt\n\
Sales reached 4 milliard euros, and costs 3 milliard euros.\n\
A further 2 milliards are planned.\n\
//- b.txt\n\
The group spent 9 milliard euros.\n";
        let (_, bundle, found) = findings(text, RULE);
        let cited: Vec<String> = found.iter().map(|f| bundle.cite(f.location)).collect();
        assert_eq!(cited, ["a.txt:1", "b.txt:1"], "{found:#?}");
        let first = &found[0];
        let related: Vec<String> = first
            .related
            .iter()
            .map(|r| bundle.cite(r.location))
            .collect();
        assert_eq!(related, ["a.txt:1", "a.txt:2"]);
        assert_eq!(first.fixes[0].edits.len(), 3);
        assert!(first.fixes[0].edits.iter().all(|e| e.new_text == "billion"));
    }

    #[test]
    fn a_craft_word_of_the_wrong_kind() {
        check_rules(
            r#"
//- a.txt
The Northwind Air plane landed hard in fog.
The ship of Northwind Air which had left at noon lost a wheel.
    ^^^^ translation-false-friend: 'plane'
The plane skidded, and the plane stopped in the grass.
//- b.txt
The Northwind Air plane landed. Ferries and ships took the crew home, and the ship of Baltic Lines waited.
The plane was towed away.
"#,
            RULE,
        );
    }
}
