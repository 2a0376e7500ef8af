//! The `name-variant` check: a proper name spelt one way in one place and
//! another way elsewhere in the bundle. Owns the comparison of the name
//! mentions that `extract::names` finds; knows no names itself.
//!
//! Eight passes, each grouping spellings by a key so that the cost stays
//! near-linear in the number of mentions:
//! 1. house style: a spelling listed under `[names] canonical` in
//!    `copydesk.toml` is reported wherever it stands;
//! 2. person names: multi-word names whose words are all the same but one,
//!    and that one a near miss ("Jane Doe" / "Jane Dow"): blocked by the
//!    other words (US and UK spellings and accents folded, "Center" /
//!    "Centre", "José" / "Jose": a name with and without its accents is
//!    one spelling here, counted whole, and pass 5's to compare); across
//!    articles, or in one article when the rarer name is written once and
//!    never in a sentence with the other; not when the roles written next
//!    to the names share no family of `server/data/name_spellings.toml`
//!    (two people);
//! 3. compounds: the same letters with other hyphens or spaces
//!    ("Model7-Pro" / "Model-7-Pro"); a hyphen or space after a particle
//!    ("Al-Example" / "Al Example") or after a lower-case prefix before
//!    capitals ("micro-XD" / "microXD") is style and stays quiet;
//! 4. capitals: a word, or one hyphen part of a word, in other capitals
//!    ("ExampleAI" / "Exampleai"; "Model7X" in "Model7X-Pro" / "Model7x").
//!    Capitals that come from the place (sentence starts, headlines, lines
//!    in capitals, the first word of a paragraph, datelines, tickers) are
//!    no evidence (a sentence start in title case still tells the letters
//!    after the first), a word that the bundle also writes in lower case is a
//!    common word, not a name, and a knowledge-base name in other capitals
//!    is `name-house-style`'s (one word, one finding); a word written
//!    only in all capitals and in title case ("EXAMPLE" / "Example") is a
//!    house-style choice, some desks setting brand names in capitals and
//!    others not: information, once per article, not a warning (unless a
//!    spelling is written only in machine translations: no desk chose it);
//! 5. accents: a word with and without accents ("José" / "Jose"); the
//!    plain spelling of an article that writes no accented letter at all
//!    is an accepted rendering and stays quiet;
//! 6. one word: a name written once where the bundle writes a spelling one
//!    typist's slip away more often ("Examplecorp" / "Exampelcorp"),
//!    blocked by the word and its one-letter deletions (written once each
//!    in two articles, when the words around them agree); never a plural, a
//!    place and its people, a US/UK pair, a common word of the bundle or
//!    two entries of the knowledge base;
//! 7. lower case: a word the bundle writes as a name of its own, with its
//!    capital mid-sentence, three times or more in two articles or more,
//!    and once in lower case ("Examplecorp" / "examplecorp"), or once in
//!    lower case before a capitalised word where the two spell a name the
//!    bundle writes twice with capitals ("jane Doe"); never after a
//!    determiner outside such a name ("the Commission" / "a commission"),
//!    never a word that two articles write in lower case;
//! 8. garbled by machine translation: in an article that reads like one
//!    ([`crate::shared::translation`]), a name that no other article and no
//!    entry of the knowledge base writes, standing where another article,
//!    not a machine translation, writes a name in the same sentence (its
//!    rare words, its figures, the words beside the name): "Sorblat Wane"
//!    for "Zorblatt Vane"; a warning when the figures are the same, two
//!    words beside the names agree and the names sound alike, else
//!    information ([`garbled`]).
//!
//! A quiet group reports nothing but takes its places, so that no later
//! pass reports them. The preferred spelling is the house style's, else
//! the priority articles', else the knowledge base's, else the one written
//! in articles that are not machine translations
//! ([`crate::shared::translation`]), else the most frequent, else the one
//! of the article with the fewest marks of translation; the order of the
//! files never decides (see [`report`]). Each other spelling
//! is reported where it stands, with the preferred one's places as related
//! locations; messages quote names whole, as written ("Jana Vesela" where
//! the word that differs is "Vesela"). Fixes are marked certain only when house style decides:
//! fix-all never guesses which spelling of a name is right.
//!
//! The parts: one file per pass ([`house`], [`person`], [`compound`],
//! [`capitals`], [`accent`], [`one_word`], [`lower`], [`garbled`]), the
//! accepted variants of name words and how they sound ([`spelling`]), the
//! knowledge base's spellings ([`kb_names`]) and
//! the findings ([`report`]); this module runs the passes in order and
//! holds what they share.

mod accent;
mod capitals;
mod compound;
mod garbled;
mod house;
mod kb_names;
mod lower;
mod one_word;
mod person;
mod report;
mod spelling;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::bundle::Document;
use crate::checks::{Check, CheckContext, Scope};
use crate::extract::names::{CaseShape, LineCase};
use crate::extract::NameMention;
use crate::memo::Value;
use crate::shared::translation::translations;
use crate::types::{DocId, Finding, RuleInfo, Severity, Span};

use accent::{accent_items, AccentPass};
use capitals::{case_items, CapitalsPass};
use compound::{compound_items, CompoundPass};
use garbled::{garble_items, garbles};
use house::{house_items, House, HousePass};
use kb_names::KbNames;
use lower::{lower_items, LowerPass};
use one_word::{word_items, OneWordPass};
use person::{person_clusters, person_items, PersonPass};
use report::Run;

pub struct NameVariant;

static INFO: RuleInfo = RuleInfo {
    id: "name-variant",
    default_severity: Severity::Warning,
    summary: "A proper name is spelt differently across the bundle: a letter, capitals, hyphens or spaces.",
    flags: &[
        "'Jane Doe' in one article and 'Jane Dow' in another",
        "'ExampleAI' here and 'Exampleai' there",
        "'Model7-Pro' here and 'Model-7-Pro' there",
        "'Zeta5Pro' here and 'Zeta5pro' there",
        "'Sorblat Wane' in a machine translation where another article writes 'Zorblatt Vane' in the same sentence",
    ],
    passes: &[
        "'Acme Ltd.' and 'Acme Limited': legal forms are aliases",
        "'Galaxy X24' and 'Galaxy X25': different digits are different things",
        "'Cloud' in a headline or at a sentence start and 'cloud' in the text",
        "'U.S.' and 'US': a matter of style",
        "'MODEL7' and 'Model7': capitals or title case is house style (information, once per article)",
        "'analyst Jane Doe' and 'minister Jane Dow': two people",
        "'Kim Il-sun' and 'Kim Il-sen': hyphenated given names are left alone",
    ],
};

/// Longest related list per other spelling.
const RELATED_PER_SPELLING: usize = 3;
/// A group of at most this many spellings offers, besides "use the
/// preferred spelling everywhere", "use this spelling everywhere" for each
/// spelling it flags; a bigger group offers only the first, so that the
/// bundle-wide edit lists stay linear in the group's places.
const OWN_EVERYWHERE_SPELLINGS: usize = 8;

impl Check for NameVariant {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    /// Every article's names, words and case read into groups.
    fn cost(&self) -> u32 {
        20
    }

    fn spreads(&self) -> bool {
        true
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let docs = cx.documents();
        let house = House::new(&cx.config.names);
        let lower = LowerWords::new(docs);
        let memo = cx.memo;
        // Each pass files its items under keys ([`Memo::grouped`]), so an
        // edit re-reads only the groups of the names it touches. One pass
        // at a time, each dropping its per-article values (when the memo
        // does not keep them) before the next makes its own.
        let house_groups = if house.canonical_of.is_empty() {
            Vec::new()
        } else {
            let items = memo.per_document("name-variant/house", docs, |d| house_items(d, &house));
            memo.grouped("name-variant/house", &HousePass, docs, &slices(&items))
        };
        let items = memo.per_document("name-variant/person", docs, person_items);
        let blocks = memo.grouped("name-variant/person", &PersonPass, docs, &slices(&items));
        drop(items);
        let items = memo.per_document("name-variant/compound", docs, compound_items);
        let pass = CompoundPass { lower: &lower };
        let compounds = memo.grouped("name-variant/compound", &pass, docs, &slices(&items));
        drop(items);
        let kb = KbNames::new(cx.config);
        let items = memo.per_document("name-variant/case", docs, |d| case_items(d, &kb));
        let pass = CapitalsPass { lower: &lower };
        let capitals = memo.grouped("name-variant/case", &pass, docs, &slices(&items));
        drop(items);
        let items = memo.per_document("name-variant/accent", docs, accent_items);
        let accents = memo.grouped("name-variant/accent", &AccentPass, docs, &slices(&items));
        drop(items);
        let items = memo.per_document("name-variant/word", docs, word_items);
        let pass = OneWordPass {
            lower: &lower,
            kb: &kb,
        };
        let words = memo.grouped("name-variant/word", &pass, docs, &slices(&items));
        drop(items);
        let items = memo.per_document("name-variant/lower", docs, lower_items);
        let pass = LowerPass { lower: &lower };
        let lowered = memo.grouped("name-variant/lower", &pass, docs, &slices(&items));
        drop(items);
        // The findings follow from the groups alone: the same groups as
        // last time (an edit that touched no name variant) give the same
        // findings.
        let mut inputs: Vec<Value> = Vec::new();
        for g in house_groups
            .iter()
            .chain(&compounds)
            .chain(&capitals)
            .chain(&accents)
            .chain(&lowered)
        {
            inputs.push(g.clone());
        }
        for b in &blocks {
            inputs.push(b.clone());
        }
        for w in &words {
            inputs.push(w.clone());
        }
        // Which articles read like machine translations weighs in the
        // choice of the preferred spelling.
        let translations = translations(memo, docs);
        inputs.extend(translations.values());
        // Pass 8 reads the sentences of every article and which are
        // machine translations. It has nothing to compare unless the bundle
        // has both kinds of article, and then only does it read them (at
        // 10,000 articles its view of every sentence is ~350 MB).
        let mixed = docs.iter().any(|d| translations.machine(d.id))
            && !docs.iter().all(|d| translations.machine(d.id));
        let garbled = if mixed {
            let items = memo.per_document("name-variant/garbled", docs, garble_items);
            let mut garble_inputs: Vec<Value> = items.iter().map(|v| v.clone() as Value).collect();
            garble_inputs.extend(translations.values());
            let garbled = memo.derived("name-variant/garbled", garble_inputs, || {
                garbles(docs, &slices(&items), &translations, &kb, &lower)
            });
            inputs.push(garbled.clone());
            garbled
        } else {
            // Which articles are translations is an input already.
            Arc::new(Vec::new())
        };
        let found = memo.derived("name-variant/findings", inputs, || {
            let mut found = Vec::new();
            let mut run = Run {
                bundle: cx.bundle,
                house: &house,
                kb: &kb,
                translations: &translations,
                reported: HashMap::new(),
                out: &mut found,
            };
            let passes = [
                house_groups.iter().map(|g| (**g).clone()).collect(),
                person_clusters(&blocks),
                compounds.iter().map(|g| (**g).clone()).collect(),
                capitals
                    .iter()
                    .map(|g| (**g).clone())
                    .collect::<Vec<Group>>(),
                accents.iter().map(|g| (**g).clone()).collect(),
                words.iter().flat_map(|g| g.iter().cloned()).collect(),
                lowered.iter().map(|g| (**g).clone()).collect(),
            ];
            for group in passes.into_iter().flatten() {
                run.report(group);
            }
            // Pass 8: a garbled name is a warning only on strong evidence,
            // and its message says what ties it to the other name. It is
            // reported in the machine translation only, even where a
            // priority article makes its spelling the preferred one.
            for g in garbled.iter() {
                let start = run.out.len();
                run.report(g.group.clone());
                let mut new = run.out.split_off(start);
                new.retain(|f| translations.machine(f.location.doc));
                for f in &mut new {
                    if !g.strong {
                        f.severity = Severity::Information;
                    }
                    f.message.push_str("; ");
                    f.message.push_str(&g.evidence);
                }
                run.out.extend(new);
            }
            found
        });
        out.extend(found.iter().cloned());
    }
}

/// How many words the article's names have: what a pass that makes an
/// item of (most of) them reserves, so that its list is not grown item by
/// item.
fn name_words(d: &Document) -> usize {
    d.facts.names.iter().map(|m| m.words.len()).sum()
}

fn slices<T>(items: &[Arc<Vec<T>>]) -> Vec<&[T]> {
    items.iter().map(|v| v.as_slice()).collect()
}

/// One place where a spelling stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Occ {
    /// Position in bundle order, then byte offset: sorts by "first source".
    order: (usize, usize),
    doc: DocId,
    span: Span,
}

/// One spelling of a name and where it stands.
#[derive(Debug, Clone)]
struct Spelling {
    text: String,
    occs: Vec<Occ>,
}

impl Spelling {
    fn first(&self) -> Option<Occ> {
        self.occs.iter().min().copied()
    }
}

/// Spellings of one name.
#[derive(Debug, Clone)]
struct Group {
    spellings: Vec<Spelling>,
    /// An accepted variant (an ASCII rendering, a hyphen for a space):
    /// its places are taken, so that no later pass reports them, and
    /// nothing is reported.
    quiet: bool,
    /// A house-style choice (a word in capitals in one place and in title
    /// case in another, "EXAMPLE" / "Example"): reported at information
    /// level, once per article, when every spelling is written in an
    /// article that is not a machine translation.
    note: bool,
}

fn occ(order: usize, doc: &Document, span: Span) -> Occ {
    Occ {
        order: (order, span.start),
        doc: doc.id,
        span,
    }
}

/// Whether some article writes a folded word in lower case: each
/// document's set is made once, when it is extracted
/// ([`DocFacts::lower_words`](crate::extract::DocFacts)). A question is
/// answered by asking every article until the questions have cost about as
/// much as counting every word of the sets ([`SCAN_COST`]); then the
/// bundle's count of articles by word is made once and answers the rest. A pass that asks a
/// question of every group of a large bundle costs one pass over the words,
/// not one over the articles per group; an edit that asks a few questions
/// makes no index.
struct LowerWords<'a> {
    docs: &'a [&'a Document],
    /// The words of every article's set, all told.
    words: usize,
    /// Look-ups made article by article so far.
    asked: AtomicUsize,
    /// How many articles write each word in lower case (hashed with
    /// foldhash: the bundle's words are counted and asked for by the
    /// million).
    counts: OnceLock<foldhash::HashMap<&'a str, u32>>,
}

impl<'a> LowerWords<'a> {
    fn new(docs: &'a [&'a Document]) -> Self {
        LowerWords {
            docs,
            words: docs.iter().map(|d| d.facts.lower_words.len()).sum(),
            asked: AtomicUsize::new(0),
            counts: OnceLock::new(),
        }
    }

    /// The bundle's counts, once the questions have cost enough to pay
    /// for making them.
    fn counts(&self) -> Option<&foldhash::HashMap<&'a str, u32>> {
        if let Some(c) = self.counts.get() {
            return Some(c);
        }
        let asked = self.asked.fetch_add(self.docs.len(), Ordering::Relaxed);
        (asked.saturating_mul(SCAN_COST) >= self.words)
            .then(|| self.counts.get_or_init(|| article_counts(self.docs)))
    }

    fn contains(&self, folded: &str) -> bool {
        match self.counts() {
            Some(c) => c.contains_key(folded),
            None => self
                .docs
                .iter()
                .any(|d| d.facts.lower_words.contains(folded)),
        }
    }

    /// How many articles write the folded word in lower case.
    fn articles_with(&self, folded: &str) -> usize {
        match self.counts() {
            Some(c) => c.get(folded).map_or(0, |&n| n as usize),
            None => self
                .docs
                .iter()
                .filter(|d| d.facts.lower_words.contains(folded))
                .count(),
        }
    }
}

/// About how many words [`article_counts`] counts in the time of one
/// look-up in an article's set (a binary search of its sorted words).
const SCAN_COST: usize = 8;

/// How many of `docs` write each word in lower case.
fn article_counts<'a>(docs: &'a [&'a Document]) -> foldhash::HashMap<&'a str, u32> {
    let count = |docs: &'a [&'a Document]| {
        let mut counts: foldhash::HashMap<&'a str, u32> = foldhash::HashMap::default();
        for d in docs {
            for w in d.facts.lower_words.iter() {
                *counts.entry(w).or_default() += 1;
            }
        }
        counts
    };
    docs.par_chunks(docs.len().div_ceil(rayon::current_num_threads()).max(1))
        .map(count)
        .reduce(foldhash::HashMap::default, |a, b| {
            let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (w, n) in small {
                *big.entry(w).or_default() += n;
            }
            big
        })
}

/// Does the capital of this word come from its place rather than its name?
fn neutral(m: &NameMention, word: Span, part: Span, shape: CaseShape) -> bool {
    let first_part = m.words.first().is_some_and(|w| *w == word) && part.start == word.start;
    match shape {
        CaseShape::Title => m.line_case == LineCase::Title || (m.sentence_start && first_part),
        CaseShape::Upper => m.line_case == LineCase::Upper,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn the_lower_case_words_answer_the_same_before_and_after_their_index() {
        use super::LowerWords;
        use crate::bundle::Bundle;
        let mut b = Bundle::new();
        b.upsert("a", "a.txt", 0, "The zorblatt rose. Vane fell.");
        b.upsert("b", "b.txt", 0, "A zorblatt and a quorvandel.");
        b.upsert("c", "c.txt", 0, "Examplecorp said nothing.");
        let docs = b.documents();
        let lower = LowerWords::new(&docs);
        let ask = |l: &LowerWords<'_>| {
            [
                "zorblatt",
                "quorvandel",
                "vane",
                "examplecorp",
                "said",
                "nothing",
            ]
            .map(|w| (l.contains(w), l.articles_with(w)))
        };
        let scanned = ask(&lower);
        assert_eq!(scanned[0], (true, 2));
        assert_eq!(scanned[1], (true, 1));
        assert_eq!(scanned[2], (false, 0));
        assert_eq!(scanned[3], (false, 0));
        // Enough questions make the index, which answers the same.
        while lower.counts.get().is_none() {
            lower.contains("zorblatt");
        }
        assert_eq!(ask(&lower), scanned);
    }

    #[test]
    fn legal_suffixes_are_aliases() {
        check_rules(
            r#"
//- a.txt
Acme Widgets Holding Limited's stock rose, as did Samplecorp Inc. and Beta Corp.
//- b.txt
Acme Widgets Holding Ltd.’s stock rose, as did Samplecorp and Beta Co.
"#,
            RULE,
        );
    }

    #[test]
    fn possessives_are_the_same_name() {
        check_rules(
            r#"
//- a.txt
Examplecorp's chips and Jane Doe's plan.
//- b.txt
Examplecorp’s chips and Jane Doe’s plan, said Examplecorp 's chief.
"#,
            RULE,
        );
    }

    #[test]
    fn model_numbers_that_differ_in_digits_are_different_things() {
        check_rules(
            r#"
//- a.txt
The Galaxy S24 and the K70 chip sold well, as did the Zeta-3 Max.
//- b.txt
The Galaxy S25 and the K800 chip sold well, as did the Zeta-4 Max.
"#,
            RULE,
        );
    }

    #[test]
    fn dotted_abbreviations_are_style_not_names() {
        check_rules(
            r#"
//- a.txt
Shares rose in U.S. trading.
//- b.txt
Shares rose in US trading.
"#,
            RULE,
        );
    }
}
