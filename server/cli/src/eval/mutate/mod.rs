//! The mutation benchmark's generator: one inconsistency injected into one
//! article of a clean bundle, at a place another article also states.
//! Pure and deterministic under its seed: the same articles and seed give
//! the same mutants.
//!
//! Families:
//! - `figure`: a number that another article also states, changed by a
//!   near miss (two digits transposed, the last digit moved by one or two,
//!   a few per cent) or by 15–40%;
//! - `name`: a proper name that another article also writes, misspelt once
//!   (a letter dropped, doubled or swapped, a vowel changed, case changed,
//!   a space inserted in or removed from a compound);
//! - `quote`: one word changed inside a quotation that another article also
//!   prints;
//! - `title`: a person's title swapped for an incompatible one, where
//!   another article gives that person a title too
//!   (`server/data/eval/titles.toml`).

mod figures;
mod names;
mod quotes;
mod titles;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use figures::{figure_sites, mutate_number};
use names::{mutate_name, name_sites};
use quotes::quote_sites;
use titles::{mutate_title, title_sites};

/// Month names, lower case: dates, never figures or names to mutate.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names, lower case.
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// One mutated copy of a bundle: article `doc` gets `text`.
#[derive(Debug, Clone, Serialize)]
pub struct Mutant {
    pub family: &'static str,
    /// How it was made: `transpose`, `drop-letter`, `word`, `swap-title`, ...
    pub kind: &'static str,
    /// Index of the mutated article in the slice given to [`mutants`].
    pub doc: usize,
    /// 1-based line of the change.
    pub line: usize,
    pub from: String,
    pub to: String,
    #[serde(skip)]
    pub text: String,
}

/// The mutation families, in report order.
pub const MUTATION_FAMILIES: &[&str] = &["figure", "name", "quote", "title"];

/// Rounds over the places: a bundle with fewer places than mutants asked
/// gets other mutations of the same places in later rounds.
const ROUNDS: u64 = 3;

/// Up to `total` mutants for the articles `docs` (name, text), chosen by
/// `seed`: the families take turns, one mutant each, so a family with few
/// places leaves its turns to the others.
pub fn mutants(docs: &[(String, String)], seed: u64, total: usize) -> Vec<Mutant> {
    let words = Words::of(docs);
    let sites: Vec<Vec<Site>> = MUTATION_FAMILIES
        .iter()
        .map(|family| match *family {
            "figure" => figure_sites(docs),
            "name" => name_sites(docs, &words),
            "quote" => quote_sites(docs),
            _ => title_sites(docs),
        })
        .collect();
    let mut out: Vec<Mutant> = Vec::new();
    let mut used: HashSet<(usize, usize, String)> = HashSet::new();
    for round in 0..ROUNDS {
        let mut queues: Vec<(&'static str, fastrand::Rng, std::vec::IntoIter<Site>)> = sites
            .iter()
            .enumerate()
            .map(|(fi, family_sites)| {
                let mut rng = fastrand::Rng::with_seed(
                    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (fi as u64) ^ (round << 32),
                );
                let mut shuffled = family_sites.clone();
                rng.shuffle(&mut shuffled);
                (MUTATION_FAMILIES[fi], rng, shuffled.into_iter())
            })
            .collect();
        let mut live = true;
        while out.len() < total && live {
            live = false;
            for (family, rng, queue) in queues.iter_mut() {
                if out.len() == total {
                    break;
                }
                // The family's next place that mutates into something new.
                for site in queue.by_ref() {
                    let Some((kind, to)) = mutate(family, &site, docs, &words, rng) else {
                        continue;
                    };
                    if !used.insert((site.doc, site.start, to.clone())) {
                        continue;
                    }
                    let text = &docs[site.doc].1;
                    let mut new_text = String::with_capacity(text.len() + to.len());
                    new_text.push_str(&text[..site.start]);
                    new_text.push_str(&to);
                    new_text.push_str(&text[site.end..]);
                    out.push(Mutant {
                        family,
                        kind,
                        doc: site.doc,
                        line: text[..site.start].matches('\n').count() + 1,
                        from: text[site.start..site.end].to_string(),
                        to,
                        text: new_text,
                    });
                    live = true;
                    break;
                }
            }
        }
    }
    out
}

/// A place that can be mutated: a byte range of one article.
#[derive(Debug, Clone)]
pub(super) struct Site {
    pub(super) doc: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    /// For a title site, the role index of the title.
    pub(super) role: usize,
}

/// The places whose form (a figure's value, a name's spelling) more than
/// one article states: (article, start, end, form) in, sites out.
pub(super) fn stated_twice(found: &[(usize, usize, usize, String)]) -> Vec<Site> {
    let mut docs_of: HashMap<&str, HashSet<usize>> = HashMap::new();
    for (d, _, _, form) in found {
        docs_of.entry(form.as_str()).or_default().insert(*d);
    }
    found
        .iter()
        .filter(|(_, _, _, f)| docs_of.get(f.as_str()).is_some_and(|s| s.len() > 1))
        .map(|(d, s, e, _)| site(*d, *s, *e))
        .collect()
}

pub(super) fn site(doc: usize, start: usize, end: usize) -> Site {
    Site {
        doc,
        start,
        end,
        role: 0,
    }
}

fn mutate(
    family: &str,
    site: &Site,
    docs: &[(String, String)],
    words: &Words,
    rng: &mut fastrand::Rng,
) -> Option<(&'static str, String)> {
    let original = &docs[site.doc].1[site.start..site.end];
    match family {
        "figure" => mutate_number(original, rng),
        "name" => mutate_name(original, words, rng),
        "quote" => {
            // The site is the changed word itself (see quote_sites).
            let replacement = words.replacement_for(original, rng)?;
            Some(("word", replacement))
        }
        _ => mutate_title(original, site.role, rng),
    }
}

// ------------------------------------------------------------ shared

pub(super) fn word_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*").expect("word pattern"))
}

/// What the bundle's words say about each form.
pub(super) struct Words {
    /// Every word form, as written.
    pub(super) forms: HashSet<String>,
    /// Forms written in lower case somewhere.
    pub(super) lower: HashSet<String>,
    /// Capitalised forms seen in the middle of a sentence.
    pub(super) mid_sentence: HashSet<String>,
    /// Lower-case words of four letters or more, sorted, for replacements.
    vocabulary: Vec<String>,
}

impl Words {
    pub(super) fn of(docs: &[(String, String)]) -> Words {
        let mut w = Words {
            forms: HashSet::new(),
            lower: HashSet::new(),
            mid_sentence: HashSet::new(),
            vocabulary: Vec::new(),
        };
        for (_, text) in docs {
            for m in word_regex().find_iter(text) {
                let form = m.as_str();
                w.forms.insert(form.to_string());
                if form.chars().next().is_some_and(char::is_lowercase) {
                    w.lower.insert(form.to_string());
                } else if !sentence_initial(text, m.start()) {
                    w.mid_sentence.insert(form.to_string());
                }
            }
        }
        let mut vocabulary: Vec<String> = w
            .lower
            .iter()
            .filter(|f| f.chars().count() >= 4 && f.chars().all(char::is_lowercase))
            .cloned()
            .collect();
        vocabulary.sort();
        w.vocabulary = vocabulary;
        w
    }

    /// A lower-case word of the bundle other than `original`, in its case.
    pub(super) fn replacement_for(
        &self,
        original: &str,
        rng: &mut fastrand::Rng,
    ) -> Option<String> {
        let lower = original.to_lowercase();
        let choices: Vec<&String> = self.vocabulary.iter().filter(|v| **v != lower).collect();
        let pick = choices.get(rng.usize(..choices.len().max(1)))?;
        Some(same_case(original, pick))
    }
}

/// True when the word at `at` begins a line or a sentence.
pub(super) fn sentence_initial(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t', '"', '“', '‘', '(', '\'']);
    before.is_empty() || before.ends_with(['\n', '.', '!', '?', ':', '—', '–'])
}

pub(super) fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

pub(super) fn is_abbreviation(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() > 1 && letters.iter().all(|c| c.is_uppercase())
}

/// `word` in the case style of `model`: capitalised words when the model
/// starts with a capital and is no abbreviation, else as given.
pub(super) fn same_case(model: &str, word: &str) -> String {
    if is_abbreviation(model)
        || is_abbreviation(word)
        || !model.chars().next().is_some_and(char::is_uppercase)
    {
        return word.to_string();
    }
    word.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::figures::{canonical_number, group_thousands, mutate_number};
    use super::titles::titles;
    use super::*;

    fn bundle() -> Vec<(String, String)> {
        vec![
            (
                "a.txt".into(),
                "Examplecorp shares rose 12.5% to $84.17 on Tuesday, March 3, 2020.\n\n\
                 Chief executive Dana Whitlock said: \"We are very pleased with the quarter and the outlook for next year.\"\n\n\
                 The company sold 1,250 units in Brightvale."
                    .into(),
            ),
            (
                "b.txt".into(),
                "In Brightvale, Examplecorp stock jumped 12.5% to $84.17.\n\n\
                 \"We are very pleased with the quarter and the outlook,\" said Dana Whitlock, the chief executive.\n\n\
                 It sold 1,250 units."
                    .into(),
            ),
        ]
    }

    #[test]
    fn the_same_seed_gives_the_same_mutants() {
        let a = mutants(&bundle(), 7, 5);
        let b = mutants(&bundle(), 7, 5);
        let show = |m: &[Mutant]| {
            m.iter()
                .map(|m| format!("{} {} {} {}", m.family, m.doc, m.from, m.to))
                .collect::<Vec<_>>()
        };
        assert_eq!(show(&a), show(&b));
        assert!(!a.is_empty());
    }

    #[test]
    fn every_family_finds_its_shared_places() {
        let all = mutants(&bundle(), 1, 50);
        for family in MUTATION_FAMILIES {
            assert!(
                all.iter().any(|m| m.family == *family),
                "no {family} mutant"
            );
        }
        for m in &all {
            assert_ne!(m.from, m.to);
            let doc = &bundle()[m.doc].1;
            assert_eq!(
                doc.lines().nth(m.line - 1).map(|l| l.contains(&m.from)),
                Some(true),
                "{m:?}"
            );
            match m.family {
                // Dates, years and one-digit numbers are not figures.
                "figure" => assert!(
                    ["12.5", "84.17", "1,250"].contains(&m.from.as_str()),
                    "{m:?}"
                ),
                // Only names both articles write; never a sentence's first word.
                "name" => assert!(
                    [
                        "Examplecorp",
                        "Brightvale",
                        "Dana Whitlock",
                        "Whitlock",
                        "Dana"
                    ]
                    .contains(&m.from.as_str()),
                    "{m:?}"
                ),
                "quote" => assert!(
                    ["very", "pleased", "with", "quarter", "outlook"]
                        .contains(&m.from.to_lowercase().as_str()),
                    "{m:?}"
                ),
                _ => assert!(m.from.eq_ignore_ascii_case("chief executive"), "{m:?}"),
            }
        }
    }

    #[test]
    fn numbers_keep_their_form() {
        assert_eq!(group_thousands("1250"), "1,250");
        assert_eq!(group_thousands("1234567.5"), "1,234,567.5");
        assert_eq!(canonical_number("2,424"), Some("2424".into()));
        assert_eq!(canonical_number("2020"), None);
        assert_eq!(canonical_number("7"), None);
        assert_eq!(canonical_number("2,42"), None);
        let mut rng = fastrand::Rng::with_seed(3);
        for _ in 0..50 {
            let (_, to) = mutate_number("1,250", &mut rng).expect("a mutation");
            assert!(to.contains(',') || to.len() < 4, "{to}");
            assert_ne!(to, "1,250");
        }
    }

    #[test]
    fn titles_data_parses_and_swaps_within_a_domain() {
        assert!(titles().roles.len() > 5);
        assert_eq!(
            same_case("Chief Executive", "chief financial officer"),
            "Chief Financial Officer"
        );
        assert_eq!(same_case("CEO", "CFO"), "CFO");
        assert_eq!(same_case("Chief", "we"), "We");
        assert_eq!(same_case("chief executive", "CFO"), "CFO");
    }
}
