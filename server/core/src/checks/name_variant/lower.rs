//! Pass 7 of `name-variant`: a name written in lower case. A word that
//! the bundle writes as a name of its own, with a capital in the middle of
//! a sentence, again and again and in several articles, and in lower case
//! once, in an article that also writes it with its capital
//! ("Examplecorp said ... examplecorp shares").
//!
//! Without a dictionary, a common word that is also a name ("the
//! Commission" / "a commission") is told apart by how it is written: the
//! capitalised places that count are those of names not after a
//! determiner ("the", "a": `server/data/names.toml`), one of them must be
//! the word alone, a whole name (a word seen only inside longer names,
//! "Space" of "Example Space Center", is a common word), and the
//! lower-case place must not follow a determiner either. A word in lower
//! case beside a capitalised one is also a slip when the two spell a name
//! the bundle writes twice or more ("Jane Doe" / "jane Doe"), and after
//! a determiner too when it stands in a name that the bundle writes with
//! capitals ("the examplian Union"). In an article that never writes the
//! word with its capital, only that evidence counts, never for a role
//! ("chief Executive Jane Doe"): the word and the capitalised one after it
//! (past a connector: "bureau of Examplia") written with capitals twice
//! elsewhere; or, after a capitalised word, the pair written so twice,
//! three words of the name once ("Examplia Space research"), or once when
//! the word is a name of its own; or once for a word between two
//! capitalised ones ("Prime Minister jane Doe") or opening a sentence,
//! which prose never writes in lower case. A noun many desks write in
//! lower case after a name ("the Examplian commission": `generic_nouns` in
//! `server/data/names.toml`) is house style there. Days, months and
//! sentence openers are never names here.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::{neutral, occ, Group, LowerWords, Occ, Spelling};
use crate::bundle::Document;
use crate::extract::names::{case_shape, fold, tokenize, word_parts, CaseShape, Token};
use crate::extract::{DocFacts, NameMention};
use crate::lexicon::{self, NameLexicon};
use crate::memo::{Grouping, Member};
use crate::shared::typography::{fences_of, in_spans};
use crate::types::{DocId, Span};

/// Shortest word the lower-case pass compares.
const LOWER_MIN: usize = 4;
/// Capitalised places (mid-sentence, not after a determiner, one of them a
/// whole name) that make a word a name...
const NAME_PLACES: usize = 3;
/// ... in at least this many articles.
const NAME_ARTICLES: usize = 2;
/// Capitalised places of a name that a lower-case word and its capitalised
/// neighbour spell ("Jane Doe" ×2, "jane Doe") that make it a slip.
const IN_NAME_PLACES: usize = 2;

/// One place of a word, capitalised or in lower case. What the article
/// holds (the word as written, the words of its name) is read there
/// again, not copied here: a large bundle makes an item of every
/// capitalised name word.
pub(super) struct LowerItem {
    /// Lower case ([`fold`]).
    key: String,
    /// Where it stands (the word as written).
    span: Span,
    /// With a capitalised place: its mention, an index into the article's
    /// names, and its word there, an index into the mention's words.
    mention: u32,
    word: u32,
    /// Written in lower case.
    lower: bool,
    /// No determiner comes before its name (or before it, in lower case).
    counts: bool,
    /// The word is a whole name ("Examplecorp", "Examplecorp-3"), not one
    /// word of a longer one.
    alone: bool,
    /// With a lower-case place: itself and the capitalised word after it,
    /// in text order ("jane doe" for "jane Doe"; a connector between is
    /// skipped: "bank examplia" for "bank of Examplia"). A capitalised
    /// place keeps none: [`name_pairs`] reads its pairs from the article
    /// when a group asks.
    pairs: Vec<String>,
    /// With a lower-case place: itself and the capitalised word before it
    /// ("jane doe" for "Jane doe").
    pairs_before: Vec<String>,
    /// With a lower-case place: itself and two capitalised words beside
    /// it, in text order ("examplia space agency" for "Examplia Space
    /// agency").
    runs: Vec<String>,
    /// A lower-case place right after a capitalised word ("Jane doe").
    after_name: bool,
    /// A lower-case place that opens its sentence, which prose never
    /// does.
    opens: bool,
    /// A lower-case place of a word that its article never writes with a
    /// capital, beside a capitalised word or opening a sentence: only the
    /// name the two spell elsewhere makes it a slip.
    cross: bool,
}

/// The word before `at`, if only spaces separate them.
fn word_before(text: &str, at: usize) -> &str {
    let before = text.get(..at).unwrap_or("");
    let trimmed = before.trim_end_matches([' ', '\u{a0}']);
    if trimmed.len() == before.len() && !before.is_empty() {
        return "";
    }
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    &trimmed[start..]
}

/// A word of running text, not of code, an address, a handle or a tag:
/// white space or an opening bracket or quote before it, white space or
/// punctuation after it.
fn prose(text: &str, span: Span) -> bool {
    let before = text.get(..span.start).and_then(|b| b.chars().next_back());
    let after = text.get(span.end..).and_then(|a| a.chars().next());
    before.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«')
    }) && after.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '’' | '”' | '»'
            )
    })
}

fn after_determiner(lex: &NameLexicon, text: &str, at: usize) -> bool {
    lex.is_determiner(word_before(text, at))
}

/// A lower-case place that may make an item ([`lower_items`]): the word's
/// token, the part of it, whether the part opens the token, and the
/// capitalised words beside it.
struct Place {
    k: usize,
    part: Span,
    first: bool,
    prev: Option<Token>,
    next: Option<Token>,
}

/// The lower-case pass's view of one article (cached per article): the
/// capitalised name words written mid-sentence, and the words the article
/// writes once in lower case and elsewhere with a capital of their own.
pub(super) fn lower_items(d: &Document) -> Vec<LowerItem> {
    let lex = lexicon::names();
    let mut out = Vec::with_capacity(super::name_words(d));
    // Words this article writes as names, at a sentence start too.
    let mut named: HashSet<String> = HashSet::new();
    for (mi, m) in d.facts.names.iter().enumerate() {
        if m.shouted {
            continue;
        }
        let Ok(mention) = u32::try_from(mi) else {
            continue;
        };
        for (k, &w) in m.words.iter().enumerate() {
            let Ok(word) = u32::try_from(k) else {
                continue;
            };
            for part in word_parts(&d.text, w) {
                let text = d.slice(part);
                let key = fold(text);
                let shape = case_shape(text);
                if !matches!(shape, CaseShape::Title | CaseShape::Mixed)
                    || text.chars().count() < LOWER_MIN
                    || !text.chars().all(char::is_alphabetic)
                    || neutral(m, w, part, shape)
                    || lex.is_calendar(text)
                    || lex.is_function_word(text)
                {
                    named.insert(key);
                    continue;
                }
                named.insert(key.clone());
                out.push(LowerItem {
                    key,
                    span: part,
                    mention,
                    word,
                    lower: false,
                    counts: !after_determiner(lex, &d.text, m.span.start),
                    alone: m.words.len() == 1,
                    pairs: Vec::new(),
                    pairs_before: Vec::new(),
                    runs: Vec::new(),
                    after_name: false,
                    opens: false,
                    cross: false,
                });
            }
        }
    }
    let named_sieve = Sieve::of(named.iter().map(String::as_str));
    let mut lower: HashMap<&str, (usize, Place)> = HashMap::new();
    // Words the article never writes with a capital, beside a capitalised
    // word ("jane Doe", "Jane doe") or opening a sentence, and how often
    // the article writes each in lower case.
    let mut cross: HashMap<&str, Place> = HashMap::new();
    // Every lower-case place, for how often the article writes each of
    // `cross` (most articles have few such words: the places are counted
    // for them alone, at the end).
    let tokens = tokenize(&d.text, Span::new(0, d.text.len()));
    let mut lowers: Vec<&str> = Vec::with_capacity(tokens.len());
    let fences = fences_of(&d.text);
    // Two words joined by one space.
    let beside = |a: &Token, b: &Token| {
        let gap = d.text.get(a.span.end..b.span.start);
        gap == Some(" ")
    };
    // Two words joined by a connector of names: " & ", " of ".
    let joined = |a: &Token, b: &Token| {
        let gap = d.text.get(a.span.end..b.span.start).unwrap_or("");
        let inner = gap.strip_prefix(' ').and_then(|g| g.strip_suffix(' '));
        inner.is_some_and(|w| w == "&" || lex.is_connector(w))
    };
    // A capitalised word that is no sentence opener ("The").
    let name = |t: &Token| t.name_like && !lex.is_function_word(d.slice(t.span));
    // The capitalised word after token `k` and the one before it, with
    // only a space or a connector between ("bank of Examplia", "Doe &
    // examplecorp").
    let next_name = |k: usize| -> Option<&Token> {
        let t = tokens.get(k)?;
        let n = tokens.get(k + 1)?;
        if name(n) && (beside(t, n) || joined(t, n)) {
            return Some(n);
        }
        let c = n;
        let n = tokens.get(k + 2)?;
        // The cheap questions first: most words have no capitalised word
        // two along.
        let connector = !c.name_like && n.name_like && beside(t, c) && beside(c, n);
        (connector && lex.is_connector(d.slice(c.span)) && name(n)).then_some(n)
    };
    let prev_name = |k: usize| -> Option<&Token> {
        let t = tokens.get(k)?;
        let p = tokens.get(k.checked_sub(1)?)?;
        (name(p) && (beside(p, t) || joined(p, t))).then_some(p)
    };
    // The token opens its sentence: nothing but punctuation before it.
    let opens = |t: &Token| {
        d.facts.sentence_at(t.span.start).is_some_and(|s| {
            d.text
                .get(s.start..t.span.start)
                .is_some_and(|g| !g.chars().any(char::is_alphanumeric))
        })
    };
    for (k, t) in tokens.iter().enumerate() {
        if t.name_like || in_spans(&fences, t.span.start) || !prose(&d.text, t.span) {
            continue;
        }
        // A hyphen part counts on its own ("examplecorp-3").
        for part in word_parts(&d.text, t.span) {
            let text = d.slice(part);
            lowers.push(text);
            let role = |words: &[&str]| lex.role_at(words, true).is_some();
            // Most lower-case words are neither: no item is made for them.
            // The cheap questions come first: the word's letters, then its
            // neighbours (most have no capitalised one), then the lexicon.
            let is_named = named_sieve.may_hold(text) && named.contains(text);
            let may_cross = !is_named
                && text.chars().count() >= LOWER_MIN
                && text.chars().all(char::is_alphabetic);
            if !is_named && !may_cross {
                continue;
            }
            let last = part.end == t.span.end;
            let first = part.start == t.span.start;
            let next = last.then(|| next_name(k)).flatten();
            let prev = first.then(|| prev_name(k)).flatten();
            let next_text = next.map(|n| d.slice(n.span));
            let is_cross = may_cross
                && (prev.is_some() || next.is_some())
                && !role(&[text])
                && !next_text.is_some_and(|n| role(&[text, n]))
                && !lex.is_honorific(text)
                && !lex.is_function_word(text);
            if !is_named && !is_cross {
                continue;
            }
            let place = Place {
                k,
                part,
                first,
                prev: prev.copied(),
                next: next.copied(),
            };
            if is_named {
                lower
                    .entry(text)
                    .and_modify(|(n, _)| *n += 1)
                    .or_insert((1, place));
            } else {
                // The last place of the word is the one kept.
                cross.insert(text, place);
            }
        }
    }
    // The item of a place, made only for the places kept: most words that
    // the article also writes as names it writes in lower case more than
    // once, and most words of `cross` too.
    let item = |p: &Place, cross: bool| {
        let (k, part) = (p.k, p.part);
        let text = d.slice(part);
        let next_text = p.next.map(|n| d.slice(n.span));
        let prev_text = p.prev.map(|p| d.slice(p.span));
        let pairs: Vec<String> = next_text
            .map(|n| format!("{text} {}", fold(n)))
            .into_iter()
            .collect();
        let pairs_before: Vec<String> = prev_text
            .map(|p| format!("{} {text}", fold(p)))
            .into_iter()
            .collect();
        // Two capitalised words beside it: before, around or after.
        let mut runs = Vec::new();
        if let (Some(p), Some(n)) = (prev_text, next_text) {
            runs.push(format!("{} {text} {}", fold(p), fold(n)));
        }
        if let Some(p) = p.prev {
            let pp = k.checked_sub(2).and_then(|j| tokens.get(j));
            if let Some(pp) = pp.filter(|pp| pp.name_like && beside(pp, &p)) {
                runs.push(format!(
                    "{} {} {text}",
                    fold(d.slice(pp.span)),
                    fold(d.slice(p.span))
                ));
            }
        }
        if let Some(n) = p.next {
            // Tokens are in text order: the first one after `n`.
            let nn = tokens.get(tokens.partition_point(|x| x.span.start <= n.span.start));
            if let Some(nn) = nn.filter(|nn| nn.name_like && beside(&n, nn)) {
                runs.push(format!(
                    "{text} {} {}",
                    fold(d.slice(n.span)),
                    fold(d.slice(nn.span))
                ));
            }
        }
        LowerItem {
            key: text.to_string(),
            span: part,
            mention: 0,
            word: 0,
            lower: true,
            counts: !after_determiner(lex, &d.text, part.start),
            alone: true,
            pairs,
            pairs_before,
            runs,
            after_name: p.prev.is_some(),
            opens: p.first && tokens.get(k).is_some_and(&opens),
            cross,
        }
    };
    let mut found: Vec<LowerItem> = lower
        .into_values()
        .filter(|(n, _)| *n == 1)
        .map(|(_, p)| item(&p, false))
        .collect();
    if !cross.is_empty() {
        // Byte lengths of the words of `cross` (modulo 64): most places
        // are told apart by their length alone.
        let lengths = cross.keys().fold(0u64, |m, w| m | (1 << (w.len() % 64)));
        let mut count: HashMap<&str, usize> = HashMap::with_capacity(cross.len());
        for w in lowers {
            if lengths & (1 << (w.len() % 64)) != 0 && cross.contains_key(w) {
                *count.entry(w).or_default() += 1;
            }
        }
        for (text, place) in cross {
            if count.get(text) == Some(&1) {
                found.push(item(&place, true));
            }
        }
    }
    found.sort_by_key(|i| i.span.start);
    out.extend(found);
    out.sort_by_key(|i| i.span.start);
    out
}

/// The pairs and triples of neighbouring words of the name that holds
/// the `k`th word of `m`, in lower case ("jane doe" and "jane doe smith"
/// for "Jane" of "Jane Doe Smith"); a name joined to the next by "&" is
/// one name ("Doe & Roe"): the capitalised word across the "&" is a
/// neighbour too.
fn name_pairs(d: &Document, m: &NameMention, k: usize) -> Vec<String> {
    let mut folded: Vec<String> = m.words.iter().map(|w| fold(d.slice(*w))).collect();
    let before = d
        .text
        .get(..m.span.start)
        .and_then(|b| b.strip_suffix(" & "));
    let before = before.map(|b| b.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or(""));
    let amp_before = before
        .filter(|w| case_shape(w) == CaseShape::Title)
        .map(fold);
    let after = d.text.get(m.span.end..).and_then(|a| a.strip_prefix(" & "));
    let after = after.map(|a| a.split(|c: char| !c.is_alphabetic()).next().unwrap_or(""));
    let amp_after = after
        .filter(|w| case_shape(w) == CaseShape::Title)
        .map(fold);
    let first = usize::from(amp_before.is_some());
    if let Some(w) = amp_before {
        folded.insert(0, w);
    }
    folded.extend(amp_after);
    let i = k + first;
    let mut pairs: Vec<String> = [i.checked_sub(1).map(|j| (j, i)), Some((i, i + 1))]
        .into_iter()
        .flatten()
        .filter_map(|(a, b)| Some(format!("{} {}", folded.get(a)?, folded.get(b)?)))
        .collect();
    pairs.extend((i.saturating_sub(2)..=i).filter_map(|a| {
        Some(format!(
            "{} {} {}",
            folded.get(a)?,
            folded.get(a + 1)?,
            folded.get(a + 2)?
        ))
    }));
    pairs
}

/// Pass 7: the places of a word by its lower-case key; a group when the
/// bundle writes the word as a name often enough ([`NAME_PLACES`] in
/// [`NAME_ARTICLES`]), in one capitalisation, and in lower case once.
pub(super) struct LowerPass<'l> {
    pub(super) lower: &'l LowerWords<'l>,
}

impl Grouping for LowerPass<'_> {
    type Item = LowerItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i LowerItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.key));
    }

    fn also_depends(&self, facts: &DocFacts, out: &mut Vec<String>) {
        out.extend(facts.lower_words.iter().map(str::to_string));
    }

    fn eval(&self, key: &String, members: &[Member<'_, LowerItem>]) -> Option<Group> {
        let lowers: Vec<&Member<'_, LowerItem>> = members.iter().filter(|m| m.item.lower).collect();
        let [low] = lowers.as_slice() else {
            return None;
        };
        // Another article writing the word in lower case makes it a
        // common word.
        if self.lower.articles_with(key) != 1 {
            return None;
        }
        let mut forms: BTreeMap<&str, Vec<Occ>> = BTreeMap::new();
        let mut articles: BTreeSet<DocId> = BTreeSet::new();
        let (mut places, mut alone) = (0, false);
        // Capitalised places of the same neighbouring words, so in a name:
        // the word and the one after it ("Jane Doe" for "jane Doe"), the
        // one before it ("Jane Doe" for "Jane doe"), and three words
        // ("Examplia Space Agency" for "Examplia Space agency").
        let (mut in_next, mut in_before, mut in_run) = (0, 0, 0);
        let lists = [&low.item.pairs, &low.item.pairs_before, &low.item.runs];
        let asks = lists.iter().any(|l| !l.is_empty());
        for m in members.iter().filter(|m| !m.item.lower) {
            forms
                .entry(m.doc.slice(m.item.span))
                .or_default()
                .push(occ(m.pos, m.doc, m.item.span));
            if m.item.counts {
                places += 1;
                articles.insert(m.doc.id);
                alone |= m.item.alone;
            }
            if !asks {
                continue;
            }
            let pairs = m
                .doc
                .facts
                .names
                .get(m.item.mention as usize)
                .map_or_else(Vec::new, |n| name_pairs(m.doc, n, m.item.word as usize));
            let has = |list: &[String]| pairs.iter().any(|p| list.contains(p));
            in_next += usize::from(has(&low.item.pairs));
            in_before += usize::from(has(&low.item.pairs_before));
            in_run += usize::from(has(&low.item.runs));
        }
        let in_name = in_next + in_before;
        let as_name = alone && places >= NAME_PLACES && articles.len() >= NAME_ARTICLES;
        // After a determiner a lower-case word is a common noun ("a
        // commission"), unless it stands inside a name the bundle writes
        // with capitals ("the examplian Union" / "the Examplian Union").
        let counts = low.item.counts
            || (as_name && in_name >= 1)
            || in_name >= IN_NAME_PLACES
            || in_run >= 1;
        // After a capitalised word, a noun many desks write in lower case
        // ("the Examplian commission") is house style.
        let generic = lexicon::names().is_generic_noun(key);
        let after = low.item.after_name && !generic;
        // The name it ends written with capitals twice, or three words of
        // it once, or once when the word is a name of its own ("Jane doe").
        let ends_name =
            after && (in_before >= IN_NAME_PLACES || in_run >= 1 || (as_name && in_before >= 1));
        // Between two capitalised words ("Jane doe Smith" / "Jane Doe") or
        // opening a sentence, which prose never writes in lower case
        // ("jane Doe said" / "Jane Doe"): one place of the name.
        let inside = after && !low.item.pairs.is_empty() && in_name >= 1;
        let opening = low.item.opens && in_next >= 1;
        // A word its article never writes with a capital needs the name it
        // stands in written with capitals elsewhere.
        let enough = if low.item.cross {
            in_next >= IN_NAME_PLACES || ends_name || inside || opening
        } else {
            as_name || in_name >= IN_NAME_PLACES || ends_name || inside || opening
        };
        if forms.len() != 1 || !counts || !enough {
            return None;
        }
        let (text, occs) = forms.into_iter().next()?;
        Some(Group {
            spellings: vec![
                Spelling {
                    text: text.to_string(),
                    occs,
                },
                Spelling {
                    text: low.doc.slice(low.item.span).to_string(),
                    occs: vec![occ(low.pos, low.doc, low.item.span)],
                },
            ],
            quiet: false,
            note: false,
        })
    }
}

/// A sieve over a few words: one bit for each word's length and first
/// byte. A word whose bit is clear is none of them, told without hashing
/// (most of an article's lower-case words, against the words it writes as
/// names); a set bit says only "maybe".
struct Sieve([u64; 16]);

impl Sieve {
    fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Sieve {
        let mut bits = [0u64; 16];
        for w in words {
            let b = Self::bit(w);
            if let Some(word) = bits.get_mut(b / 64) {
                *word |= 1 << (b % 64);
            }
        }
        Sieve(bits)
    }

    fn bit(w: &str) -> usize {
        let first = w.as_bytes().first().copied().map_or(0, usize::from);
        (first.wrapping_mul(31) ^ w.len()) % 1024
    }

    /// `w` may be one of the words; false when it is none of them.
    fn may_hold(&self, w: &str) -> bool {
        let b = Self::bit(w);
        self.0
            .get(b / 64)
            .is_some_and(|word| word & (1 << (b % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn the_sieve_holds_every_word_it_was_made_of_and_turns_most_others_away() {
        use super::Sieve;
        let words = ["examplecorp", "jane", "doe", "zorbia", "élan"];
        let sieve = Sieve::of(words);
        assert!(words.iter().all(|w| sieve.may_hold(w)));
        let others = ["the", "and", "shares", "rose", "percent", "quarter", "of"];
        assert!(others.iter().filter(|w| sieve.may_hold(w)).count() < others.len());
        assert!(!Sieve::of([]).may_hold("examplecorp"));
    }

    #[test]
    fn the_pairs_of_a_name_word_are_read_from_its_article() {
        use super::name_pairs;
        use crate::bundle::Bundle;
        let mut b = Bundle::new();
        b.upsert(
            "a",
            "a.txt",
            0,
            "They met Jorvik Talmane Vesk & Quorlen there.",
        );
        let docs = b.documents();
        let d = docs[0];
        let m = d
            .facts
            .names
            .iter()
            .find(|m| d.slice(m.span) == "Jorvik Talmane Vesk")
            .expect("the name is found");
        assert_eq!(
            name_pairs(d, m, 1),
            [
                "jorvik talmane",
                "talmane vesk",
                "jorvik talmane vesk",
                "talmane vesk quorlen"
            ]
        );
        assert_eq!(
            name_pairs(d, m, 2),
            [
                "talmane vesk",
                "vesk quorlen",
                "jorvik talmane vesk",
                "talmane vesk quorlen"
            ]
        );
    }

    #[test]
    fn a_name_written_once_in_lower_case() {
        check_rules(
            r#"
//- a.txt
Shares of Veltrixa rose, and analysts said Veltrixa would gain.
Analyst Jana Orvenko said Orvenko-3 sales grew.
//- b.txt
Buyers said Veltrixa chips lead, and veltrixa shares rose.
                                     ^^^^^^^^ name-variant: 'veltrixa' here; 'Veltrixa' in a.txt:1 (and 2 more)
She said Jana Orvenko left; orvenko-3 sales fell.
                            ^^^^^^^ name-variant
Then Ostra Belvane spoke: Ostra belvane agreed.
                                ^^^^^^^ name-variant
//- c.txt
Jana Orvenko agreed with Ostra Belvane.
//- d.txt
It quoted jana Orvenko, and the Kestrel commission agreed.
          ^^^^ name-variant
//- e.txt
The Kestrel Commission and the Kestrel Commission met, and analyst Jana Orvenko said so.
Staff of the Kestrel Commission agreed with chief Executive Jana Orvenko.
"#,
            RULE,
        );
    }

    #[test]
    fn a_name_in_lower_case_after_a_determiner_inside_a_longer_name() {
        check_rules(
            r#"
//- a.txt
Exports to Zorbish buyers rose, and Zorbish firms and the Zorbish Union agreed.
//- b.txt
Zorbish banks and Zorbish courts spoke, and the zorbish Union fined it.
                                                ^^^^^^^ name-variant
"#,
            RULE,
        );
    }

    #[test]
    fn common_words_that_are_also_names_stay_quiet() {
        check_rules(
            r#"
//- a.txt
The Commission said the Commission would act. Zorblatt met Harlund in March.
Zorblatt said March and Harlund agreed; Harlund left.
//- b.txt
The Commission and Zorblatt spoke; a commission of 2% applies, and Harlund
replied in March. They march on; the harlund tradition holds. Zorblatt left.
//- c.txt
Zorblatt and Harlund met. The zorblatt rule and zorblatt talks went on.
The Kestrel Space Center, said Kestrel Space Center staff; space grew.
//- d.txt
Staff at Kestrel Space Center agreed.
//- e.md
# Quellmark news
Quellmark rose, said Quellmark; see @quellmark.
```
$ quellmark data
```
//- f.txt
Buyers of Quellmark chips and Quellmark shares agreed.
"#,
            RULE,
        );
    }

    #[test]
    fn a_name_in_lower_case_beside_the_rest_of_it() {
        check_rules(
            r#"
//- a.txt
Only the former Zorbic union and Kelmar have done it. Prime Minister jorvik Talmane said so.
                       ^^^^^ name-variant
                                                                     ^^^^^^ name-variant
The work went to the Zantian Orbital Research organisation, said K. velantra, chairman.
                                              ^^^^^^^^^^^^ name-variant
                                                                    ^^^^^^^^ name-variant
hestrel Aeronautics supplied tanks, and the secretary of the bureau of Orbits agreed.
^^^^^^^ name-variant
                                                             ^^^^^^ name-variant
quorlen & Vastro Limited said it made parts, and Quorlen & vastro Limited agreed.
^^^^^^^ name-variant
                                                           ^^^^^^ name-variant
//- b.txt
It was done by the old Zorbic Union and by Kelmar, as the minister, Jorvik Talmane, said.
The tanks were built by Hestrel Aeronautics for the Zantian Orbital Research Organisation.
Several firms, among them Quorlen & Vastro Ltd., made the parts.
It was said by the chairman, K. Velantra, when the work was done; then Velantra left.
//- c.txt
Only the old Zorbic Union had done it, as was said by Velantra to the Bureau of Orbits.
A spokesman said that the Bureau of Orbits was glad, and Velantra said so too.
"#,
            RULE,
        );
    }

    #[test]
    fn common_nouns_beside_a_name_stay_quiet() {
        check_rules(
            r#"
//- a.txt
The Kestrel commission met. Examplecorp shares rose, said Jorvik Talmane.
Her Examplecorp rival agreed with the Kestrel Space agency.
//- b.txt
The Kestrel Commission and the Kestrel Commission met; Examplecorp Shares Trust left.
Jorvik Talmane of the Kestrel Space Agency spoke.
"#,
            RULE,
        );
    }
}
