//! Pass 8 of `name-variant`: a name garbled by machine translation. An
//! article that reads like a machine translation
//! ([`crate::shared::translation`]) writes a capitalised name that no other
//! article and no entry of the knowledge base writes, in a sentence that
//! another article, not a machine translation, also writes (the same rare
//! words, the same figures), with a name of its own at the same place
//! (the words before and after it agree): the machine translation's name
//! renders the other ("Zorblatt Vane" / "Sorblat Wane").
//!
//! Sentences are found through an index of the words of the articles that
//! are not machine translations, each word looked up only while few
//! sentences hold it: nothing is compared over the whole bundle. The pair
//! is a warning when the evidence is strong (the same figures, two words
//! or more around the names agree, and the names sound alike:
//! [`sound_key`], or their letters are close), else information.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::kb_names::KbNames;
use super::spelling::{plain, sound_key};
use super::{occ, Group, LowerWords, Occ, Spelling};
use crate::bundle::Document;
use crate::extract::names::{tokenize, Token};
use crate::lexicon;
use crate::shared::translation::Translations;
use crate::types::Span;

/// Words on each side of a name that anchor its place.
const ANCHOR_WORDS: usize = 4;
/// Anchoring words that agree, in a pair that is a warning.
const STRONG_ANCHORS: usize = 2;
/// A word of the index that more sentences hold than this finds nothing:
/// it says nothing about which sentence is the same.
const RARE_POSTINGS: usize = 12;
/// Words two sentences share, at least, to be one sentence.
const SHARED_WORDS: usize = 3;
/// Share of the machine translation's words (tenths) that the other
/// sentence writes, at least, to be the same sentence.
const SHARED_TENTHS: usize = 4;
/// Aligned sentences of other articles looked at per name, best first.
const CANDIDATES: usize = 6;
/// Similarity of two sound keys ([`sound_key`], normalised Levenshtein)
/// from which two names sound alike.
const SOUND_ALIKE: f64 = 0.7;
/// Shortest sound key that [`SOUND_ALIKE`] is measured on: two letters
/// are too few to tell.
const SOUND_MIN: usize = 3;
/// Similarity of the letters (Jaro-Winkler) from which two names are
/// written alike.
const LETTERS_ALIKE: f64 = 0.85;
/// Similarity of the letters from which two names whose sound keys are
/// the same but short (two letters) sound alike.
const SHORT_KEY_LETTERS: f64 = 0.7;
/// Fewest letters of a name that this pass reads.
const MIN_LETTERS: usize = 4;

/// A name in a sentence, as this pass sees it.
pub(super) struct Named {
    /// The core as written.
    text: String,
    span: Span,
    /// Its words, in lower case.
    words: Vec<String>,
    /// Up to [`ANCHOR_WORDS`] content words before and after it in its
    /// sentence, in lower case.
    before: Vec<String>,
    after: Vec<String>,
}

/// One sentence, as this pass sees it.
pub(super) struct Sentence {
    /// Its content words in lower case, names' words included, sorted.
    words: Vec<String>,
    /// Its figures, digits only ("4,5" and "4.5" alike), sorted.
    figures: Vec<String>,
    names: Vec<Named>,
}

/// This pass's view of one article (cached per article).
pub(super) fn garble_items(d: &Document) -> Vec<Sentence> {
    let lex = lexicon::names();
    let content = |w: &str| {
        w.chars().count() >= 3
            && w.chars().all(char::is_alphabetic)
            && !lex.is_function_word(w)
            && !lex.is_determiner(w)
            && !lex.is_connector(&w.to_lowercase())
    };
    let mut out = Vec::new();
    // Mentions in order of their start (as extraction leaves them) are
    // found by a search, not by a pass over all of them per sentence.
    let all = &d.facts.names;
    let sorted = all.windows(2).all(|w| w[0].core.start <= w[1].core.start);
    for &s in &d.facts.sentences {
        let (lo, hi) = if sorted {
            (
                all.partition_point(|m| m.core.start < s.start),
                all.partition_point(|m| m.core.start <= s.end),
            )
        } else {
            (0, all.len())
        };
        let tokens: Vec<Token> = tokenize(&d.text, s);
        let mut words: Vec<String> = tokens
            .iter()
            .map(|t| d.slice(t.span))
            .filter(|w| content(w))
            .map(str::to_lowercase)
            .collect();
        words.sort();
        words.dedup();
        let figures = figures(d.slice(s));
        let mut names = Vec::new();
        for m in all[lo..hi.max(lo)]
            .iter()
            .filter(|m| s.contains_offset(m.core.start))
        {
            if m.shouted {
                continue;
            }
            let inside = |t: &&Token| t.span.start >= m.core.start && t.span.end <= m.core.end;
            let first = tokens.iter().position(|t| inside(&t));
            let last = tokens.iter().rposition(|t| inside(&t));
            let (Some(first), Some(last)) = (first, last) else {
                continue;
            };
            let around = |ts: &mut dyn Iterator<Item = &Token>| -> Vec<String> {
                ts.map(|t| d.slice(t.span))
                    .filter(|w| content(w))
                    .take(ANCHOR_WORDS)
                    .map(str::to_lowercase)
                    .collect()
            };
            names.push(Named {
                text: d.slice(m.core).to_string(),
                span: m.core,
                words: m.words.iter().map(|w| d.slice(*w).to_lowercase()).collect(),
                before: around(&mut tokens[..first].iter().rev()),
                after: around(&mut tokens[last + 1..].iter()),
            });
        }
        out.push(Sentence {
            words,
            figures,
            names,
        });
    }
    out.shrink_to_fit();
    out
}

/// The figures of a text: runs of digits, with the commas and full stops
/// between digits dropped, so that a decimal comma and a decimal point
/// ("4,5" / "4.5") or a thousands separator and none give one figure.
fn figures(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            cur.push(c);
            continue;
        }
        let between = matches!(c, ',' | '.')
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !between && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.sort();
    out.dedup();
    out
}

/// A garbled name and the name it renders, with the evidence.
#[derive(Debug, Clone)]
pub(super) struct Garble {
    pub(super) group: Group,
    /// The evidence is strong: a warning.
    pub(super) strong: bool,
    /// What the message adds: where the other article writes the name in
    /// the same sentence, and what agrees.
    pub(super) evidence: String,
}

/// The evidence that a name of a machine translation renders a name of
/// another article.
struct Evidence {
    doc: usize,
    sentence: usize,
    name: usize,
    anchors: usize,
    same_figures: bool,
    alike: bool,
    shared: usize,
}

impl Evidence {
    fn strong(&self) -> bool {
        self.alike && self.same_figures && self.anchors >= STRONG_ANCHORS
    }

    /// Enough to say anything: the names sound or look alike, or the
    /// sentence is the same to its figures and its words around the names.
    fn enough(&self) -> bool {
        self.anchors >= 1 && (self.alike || (self.same_figures && self.anchors >= STRONG_ANCHORS))
    }

    fn rank(&self) -> (bool, bool, usize, bool, usize) {
        (
            self.strong(),
            self.alike,
            self.anchors,
            self.same_figures,
            self.shared,
        )
    }
}

/// The letters of a name, [`plain`], without spaces, hyphens or points.
fn letters(s: &str) -> String {
    plain(s).chars().filter(|c| c.is_alphabetic()).collect()
}

/// A name some word of which is written in title case ("Sorblat",
/// "Model7"), not in capitals only: a machine translation renders a name
/// in letters; an abbreviation it keeps or translates.
fn titled(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric()).any(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
    })
}

/// Two names that sound alike ([`sound_key`]) or are written alike.
fn alike(a: &str, b: &str) -> bool {
    let (ka, kb) = (sound_key(a), sound_key(b));
    let shortest = ka.chars().count().min(kb.chars().count());
    let letters_similarity = strsim::jaro_winkler(&letters(a), &letters(b));
    if shortest >= SOUND_MIN && strsim::normalized_levenshtein(&ka, &kb) >= SOUND_ALIKE {
        return true;
    }
    // A short key tells only when it is the same and the letters are not
    // far apart.
    if shortest >= 2 && ka == kb && letters_similarity >= SHORT_KEY_LETTERS {
        return true;
    }
    letters_similarity >= LETTERS_ALIKE
}

/// Words of two lists that both hold.
fn common(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|w| b.contains(w)).count()
}

/// Pass 8: the garbled names of the machine translations among `docs`,
/// each with the name it renders ([`Garble`]).
pub(super) fn garbles(
    docs: &[&Document],
    items: &[&[Sentence]],
    translations: &Translations,
    kb: &KbNames,
    lower_words: &LowerWords<'_>,
) -> Vec<Garble> {
    let machine: Vec<bool> = docs.iter().map(|d| translations.machine(d.id)).collect();
    if !machine.iter().any(|m| *m) || machine.iter().all(|m| *m) {
        return Vec::new();
    }
    // Every spelling of a name, by article; and the words written in lower
    // case somewhere in the bundle (a common word is no name).
    let spellings: Vec<HashSet<&str>> = items
        .iter()
        .map(|sents| {
            sents
                .iter()
                .flat_map(|s| s.names.iter().map(|n| n.text.as_str()))
                .collect()
        })
        .collect();
    let lower = |w: &str| lower_words.contains(w);
    // The index: a word of an article that is not a machine translation →
    // the sentences that hold it.
    let mut index: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (i, sents) in items.iter().enumerate() {
        if machine[i] {
            continue;
        }
        for (j, s) in sents.iter().enumerate() {
            for w in &s.words {
                index.entry(w.as_str()).or_default().push((i, j));
            }
        }
    }
    // Garbled spelling → (its best evidence, the doc of the machine
    // translation), the spelling of the known name.
    let mut found: BTreeMap<(usize, String), (Evidence, String)> = BTreeMap::new();
    for (i, sents) in items.iter().enumerate() {
        if !machine[i] {
            continue;
        }
        for s in sents.iter() {
            for n in &s.names {
                let unknown = !kb.knows(&n.text)
                    && titled(&n.text)
                    && letters(&n.text).chars().count() >= MIN_LETTERS
                    && !n.words.iter().any(|w| lower(w))
                    && spellings
                        .iter()
                        .enumerate()
                        .all(|(k, set)| k == i || !set.contains(n.text.as_str()));
                if !unknown {
                    continue;
                }
                let Some(ev) = best_evidence(i, s, n, items, &index, &spellings, &lower) else {
                    continue;
                };
                let known = items[ev.doc][ev.sentence].names[ev.name].text.clone();
                let key = (i, n.text.clone());
                let better = found
                    .get(&key)
                    .is_none_or(|(old, _)| ev.rank() > old.rank());
                if better {
                    found.insert(key, (ev, known));
                }
            }
        }
    }
    let mut out = Vec::new();
    for ((i, garbled), (ev, known)) in found {
        let place = |doc: usize, text: &str| -> Vec<Occ> {
            items[doc]
                .iter()
                .flat_map(|s| s.names.iter())
                .filter(|n| n.text == text)
                .map(|n| occ(doc, docs[doc], n.span))
                .collect()
        };
        let known_occs: Vec<Occ> = (0..docs.len()).flat_map(|k| place(k, &known)).collect();
        let garbled_occs = place(i, &garbled);
        let at = &items[ev.doc][ev.sentence].names[ev.name];
        let mut agree = vec![match ev.anchors {
            1 => "1 word beside the name".to_string(),
            n => format!("{n} words beside the name"),
        }];
        if ev.same_figures {
            agree.insert(0, "the same figures".to_string());
        }
        let evidence = format!(
            "a machine translation's rendering? {} writes '{}' in the same sentence ({})",
            docs[ev.doc].cite(at.span.start),
            known,
            agree.join(", ")
        );
        out.push(Garble {
            group: Group {
                spellings: vec![
                    Spelling {
                        text: known,
                        occs: known_occs,
                    },
                    Spelling {
                        text: garbled,
                        occs: garbled_occs,
                    },
                ],
                quiet: false,
                note: false,
            },
            strong: ev.strong(),
            evidence,
        });
    }
    out
}

/// The name of another article, not a machine translation, that `n`
/// (in sentence `s` of the machine translation `doc`) stands for, if the
/// sentences align and the words around the names agree.
fn best_evidence(
    doc: usize,
    s: &Sentence,
    n: &Named,
    items: &[&[Sentence]],
    index: &HashMap<&str, Vec<(usize, usize)>>,
    spellings: &[HashSet<&str>],
    lower: &dyn Fn(&str) -> bool,
) -> Option<Evidence> {
    let own: Vec<&String> = s.words.iter().filter(|w| !n.words.contains(w)).collect();
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for w in &own {
        let Some(postings) = index.get(w.as_str()) else {
            continue;
        };
        if postings.len() > RARE_POSTINGS {
            continue;
        }
        for p in postings {
            *shared.entry(*p).or_default() += 1;
        }
    }
    let mut aligned: Vec<((usize, usize), usize)> = shared
        .into_iter()
        .filter(|&(_, k)| k >= SHARED_WORDS && k * 10 >= SHARED_TENTHS * own.len())
        .collect();
    aligned.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut best: Option<Evidence> = None;
    for ((d, j), k) in aligned.into_iter().take(CANDIDATES) {
        let other = &items[d][j];
        let same_figures =
            !s.figures.is_empty() && s.figures.iter().all(|f| other.figures.contains(f));
        for (x, m) in other.names.iter().enumerate() {
            // A name the machine translation writes itself is not the one
            // it garbled; nor is a common word. A short form ("Jane" /
            // "Jane Doe": every word of one is a word of the other) or the
            // same letters in other capitals or points ("U.S." / "US") is
            // no rendering.
            let within = |a: &[String], b: &[String]| {
                a.iter().all(|w| b.iter().any(|v| plain(v) == plain(w)))
            };
            if spellings[doc].contains(m.text.as_str())
                || m.words.iter().any(|w| lower(w))
                || within(&n.words, &m.words)
                || within(&m.words, &n.words)
                || letters(&m.text) == letters(&n.text)
            {
                continue;
            }
            let anchors = common(&n.before, &m.before) + common(&n.after, &m.after);
            let ev = Evidence {
                doc: d,
                sentence: j,
                name: x,
                anchors,
                same_figures,
                alike: alike(&n.text, &m.text),
                shared: k,
            };
            if ev.enough() && best.as_ref().is_none_or(|b| ev.rank() > b.rank()) {
                best = Some(ev);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::{alike, figures};
    use crate::fixture::findings;
    use crate::types::Severity;

    const RULE: &[&str] = &["name-variant"];

    /// Marks of a machine translation: spaces before punctuation, a
    /// decimal comma, "milliard" for billion.
    const MT_TAIL: &str = "The papers of the group have risen , said the ministry . \
        Its turnover is 5 milliard euros ( the most ) .";

    #[test]
    fn figures_are_digits_only() {
        assert_eq!(figures("rose 4,5 percent to 1,100 units"), ["1100", "45"]);
        assert_eq!(
            figures("rose 4.5% to 1100 units, then 7."),
            ["1100", "45", "7"]
        );
    }

    #[test]
    fn a_garbled_name_in_a_machine_translation_is_tied_to_the_original() {
        let text = format!(
            "//- a.txt\nExamplecorp chief executive Zorblatt Vane said the plant in Fooville would \
             hire 1,250 workers by March.\n\
             //- b.txt\nExamplecorp chief executive Sorblat Wane said the plant in Fooville will \
             hire 1,250 workers until March .\n{MT_TAIL}\n"
        );
        let (_, bundle, found) = findings(&text, RULE);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(bundle.cite(f.location), "b.txt:1");
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.message
                .starts_with("'Sorblat Wane' here; 'Zorblatt Vane' in a.txt:1"),
            "{}",
            f.message
        );
        assert!(f.message.contains("the same figures"), "{}", f.message);
        assert_eq!(f.fixes[0].title, "Replace with 'Zorblatt Vane'");
        assert!(f.fixes[0].preferred);
    }

    #[test]
    fn without_the_same_figures_it_is_information() {
        let text = format!(
            "//- a.txt\nExamplecorp chief executive Zorblatt Vane said the plant in Fooville would \
             hire more workers soon.\n\
             //- b.txt\nExamplecorp chief executive Sorblat Wane said the plant in Fooville will \
             hire more workers soon .\n{MT_TAIL}\n"
        );
        let (_, _, found) = findings(&text, RULE);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Information);
    }

    #[test]
    fn never_in_an_article_that_is_not_a_machine_translation() {
        let (_, _, found) = findings(
            "//- a.txt\nExamplecorp chief executive Zorblatt Vane said the plant in Fooville would \
             hire 1,250 workers by March.\n\
             //- b.txt\nExamplecorp chief executive Sorblat Wane said the plant in Fooville will \
             hire 1,250 workers until March.\nShares of the group rose, said the ministry.\n",
            RULE,
        );
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn never_a_name_written_elsewhere_or_another_sentence() {
        // The machine translation's name is written in a third article.
        let text = format!(
            "//- a.txt\nExamplecorp chief executive Zorblatt Vane said the plant in Fooville would \
             hire 1,250 workers by March.\n\
             //- b.txt\nExamplecorp chief executive Sorblat Wane said the plant in Fooville will \
             hire 1,250 workers until March .\n{MT_TAIL}\n\
             //- c.txt\nSorblat Wane, a board member, agreed.\n"
        );
        let (_, _, found) = findings(&text, RULE);
        assert!(found.is_empty(), "{found:#?}");
        // Another sentence: a name of the machine translation that no
        // sentence of the other articles frames.
        let text = format!(
            "//- a.txt\nExamplecorp chief executive Zorblatt Vane said the plant in Fooville would \
             hire 1,250 workers by March.\n\
             //- b.txt\nThe mayor Sorblat Wane welcomed the decision of the council yesterday .\n\
             {MT_TAIL}\n"
        );
        let (_, _, found) = findings(&text, RULE);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn names_alike_by_sound_or_letters() {
        assert!(alike("Zorblatt Vane", "Sorblat Wane"));
        assert!(alike("Kyrenda Thalo", "Cirenda Talo"));
        assert!(alike("Xiomba", "Shiom Ba"));
        assert!(!alike("Zorblatt Vane", "Mara Quill"));
        assert!(!alike("Examplecorp", "Fooville"));
    }

    #[test]
    fn a_short_form_or_an_abbreviation_is_left_to_the_other_passes() {
        // "Zorblatt" is a short form of "Zorblatt Vane"; "ZBV" is in
        // capitals only: neither is a rendering.
        let text = format!(
            "//- a.txt\nExamplecorp chief executive Zorblatt Vane said the plant in Fooville would \
             hire 1,250 workers by March, with the ZVB union.\n\
             //- b.txt\nExamplecorp chief executive Zorblatt said the plant in Fooville will \
             hire 1,250 workers until March , with the ZBV union .\n{MT_TAIL}\n"
        );
        let (_, _, found) = findings(&text, RULE);
        assert!(
            found.iter().all(|f| !f.message.contains("rendering")),
            "{found:#?}"
        );
    }

    #[test]
    fn a_priority_machine_translation_is_still_the_one_reported() {
        use crate::bundle::Bundle;
        use crate::config::Config;
        // The machine translation has the better rank: its spelling is
        // the preferred one, and nothing is reported in the original.
        let mut bundle = Bundle::new();
        bundle.upsert(
            "a.txt",
            "a.txt",
            1,
            "Examplecorp chief executive Zorblatt Vane said the plant in Fooville would \
             hire 1,250 workers by March.",
        );
        bundle.upsert(
            "b.txt",
            "b.txt",
            0,
            &format!(
                "Examplecorp chief executive Sorblat Wane said the plant in Fooville will \
                 hire 1,250 workers until March .\n{MT_TAIL}"
            ),
        );
        let found: Vec<_> = crate::analyze(&bundle, &Config::default())
            .into_iter()
            .filter(|f| RULE.contains(&f.rule))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }
}
