//! Pass 6 of `name-variant`: one word. A name written once where the
//! bundle writes a spelling one typist's slip away more often
//! ("Examplecorp" / "Exampelcorp").

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::kb_names::KbNames;
use super::spelling::{place_and_people, plain, roles_compatible, us_uk};
use super::{neutral, occ, Group, LowerWords, Occ, Spelling};
use crate::bundle::Document;
use crate::extract::names::{case_shape, tokenize, word_parts, CaseShape, Token};
use crate::extract::DocFacts;
use crate::lexicon;
use crate::memo::{Grouping, Member};
use crate::types::{DocId, Span};

/// One word of a name as the one-word pass sees it. Kept small: the pass
/// holds one for every name word of every article at once, so what can be
/// read again from the article (the spelling as written, the mention's
/// other words and roles) is not copied here.
pub(super) struct WordItem {
    /// [`plain`] lower case.
    pub(super) plain: Box<str>,
    pub(super) span: Span,
    /// The start of its sentence.
    pub(super) sentence: u32,
    /// Its mention, an index into the article's names.
    mention: u32,
    /// The word of the mention it is part of, an index into its words.
    word: u32,
    /// Its capital comes from its place (a sentence start, a headline).
    pub(super) neutral: bool,
    /// The mention is this one word (not part of a longer name).
    pub(super) alone: bool,
}

impl WordItem {
    /// The other words of its name, in lower case, joined by spaces.
    fn context(&self, d: &Document) -> String {
        let Some(m) = d.facts.names.get(self.mention as usize) else {
            return String::new();
        };
        let Some(&w) = m.words.get(self.word as usize) else {
            return String::new();
        };
        let context: Vec<String> = m
            .words
            .iter()
            .filter(|o| **o != w)
            .map(|o| d.slice(*o).to_lowercase())
            .collect();
        context.join(" ")
    }

    /// The roles of its name.
    fn roles<'d>(&self, d: &'d Document) -> &'d [u16] {
        d.facts
            .names
            .get(self.mention as usize)
            .map_or(&[], |m| &m.roles[..])
    }
}

/// [`each_deletion`] as a list.
#[cfg(test)]
fn deletions(word: &str) -> Vec<Deletion> {
    let mut out: Vec<Deletion> = Vec::with_capacity(word.len() + 1);
    each_deletion(word, |d| out.push(d));
    out
}

/// A word and each of its one-letter deletions, in order, each once: two
/// words one edit apart (a letter dropped, added, changed or two swapped)
/// share one of them.
fn each_deletion(word: &str, mut found: impl FnMut(Deletion)) {
    found(Deletion::new(word, None));
    // Deleting any letter of a run of one letter gives one word: only the
    // first of a run is deleted, so each deletion is made once.
    let mut prev = None;
    for (i, c) in word.char_indices() {
        if prev != Some(c) {
            found(Deletion::new(word, Some((i, c.len_utf8()))));
        }
        prev = Some(c);
    }
}

/// Bytes a [`Deletion`] holds in place.
const INLINE: usize = 23;

/// A word with one letter deleted (or none), as the one-word pass files
/// it: a large bundle files millions, most of them short, which are held
/// in place rather than each in an allocation of its own. Compared,
/// ordered and hashed as the text it holds.
#[derive(Clone)]
pub(super) enum Deletion {
    Inline { len: u8, bytes: [u8; INLINE] },
    Long(Box<str>),
}

impl Deletion {
    /// `word` without the bytes that `cut` (start, length) names, if any.
    fn new(word: &str, cut: Option<(usize, usize)>) -> Deletion {
        let (head, tail) = match cut {
            Some((at, len)) => (
                word.get(..at).unwrap_or(""),
                word.get(at + len..).unwrap_or(""),
            ),
            None => (word, ""),
        };
        let n = head.len() + tail.len();
        match u8::try_from(n) {
            Ok(len) if n <= INLINE => {
                let mut bytes = [0u8; INLINE];
                bytes[..head.len()].copy_from_slice(head.as_bytes());
                bytes[head.len()..n].copy_from_slice(tail.as_bytes());
                Deletion::Inline { len, bytes }
            }
            _ => Deletion::Long(format!("{head}{tail}").into_boxed_str()),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Deletion::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or(&[]),
            Deletion::Long(s) => s.as_bytes(),
        }
    }
}

impl PartialEq for Deletion {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Deletion {}

impl std::hash::Hash for Deletion {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

/// The order of the texts: UTF-8 bytes sort as their chars do.
impl Ord for Deletion {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl PartialOrd for Deletion {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Debug for Deletion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&String::from_utf8_lossy(self.as_bytes()), f)
    }
}

/// Shortest word the one-word pass compares.
const ONE_WORD_MIN: usize = 4;
/// Words on each side of a place that [`frame`] reads.
const FRAME_WORDS: usize = 3;
/// Shortest word of a pair written once each ([`OneWordPass`]).
const ONCE_EACH_MIN: usize = 6;
/// Shared words around two places written once each that make them one
/// name ([`frame`]).
const ONCE_EACH_FRAME: usize = 2;
/// Places of the frequent spelling, in two articles or more, that let the
/// rare one stand in a sentence with it when a letter is dropped or doubled.
const SAME_SENTENCE_PLACES: usize = 3;

/// The words around a place that say what it names: up to
/// [`FRAME_WORDS`] on each side in its sentence, in lower case, without
/// function words, determiners, connectors and words under three letters,
/// every legal suffix as one word ("Ltd" and "Limited" alike). A name word
/// joined to the place by a space or "&" is written twice, once marked
/// with "^": a name the place stands in weighs double.
fn frame(d: &Document, tokens: &[Token], part: Span) -> Vec<String> {
    let lex = lexicon::names();
    // The first word that holds the place: the words are in order and do
    // not overlap, so a binary search finds it (a scan from the start, for
    // every name word of a long sentence, is quadratic).
    let at = tokens.partition_point(|t| t.span.end < part.start);
    if !tokens
        .get(at)
        .is_some_and(|t| t.span.contains_offset(part.start))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let lo = at.saturating_sub(FRAME_WORDS);
    let hi = (at + FRAME_WORDS).min(tokens.len().saturating_sub(1));
    for k in (lo..at).chain(at + 1..=hi) {
        let t = tokens[k];
        let w = d.slice(t.span);
        if lex.is_legal_suffix(w) {
            out.push("\u{1f}legal".to_string());
            continue;
        }
        if w.chars().count() < 3 || lex.is_function_word(w) || lex.is_determiner(w) {
            continue;
        }
        let lower = w.to_lowercase();
        if lex.is_connector(&lower) {
            continue;
        }
        let (a, b) = if k < at {
            (t.span, tokens[at].span)
        } else {
            (tokens[at].span, t.span)
        };
        let joined = (k + 1 == at || at + 1 == k)
            && d.text
                .get(a.end..b.start)
                .is_some_and(|g| matches!(g.trim(), "" | "&"));
        if t.name_like && joined {
            out.push(format!("^{lower}"));
        }
        out.push(lower);
    }
    out.sort();
    out.dedup();
    out
}

/// The one-word pass's view of one article (cached per article).
pub(super) fn word_items(d: &Document) -> Vec<WordItem> {
    let mut out = Vec::with_capacity(super::name_words(d));
    for (mi, m) in d.facts.names.iter().enumerate() {
        if m.shouted {
            continue;
        }
        for (wi, &w) in m.words.iter().enumerate() {
            for part in word_parts(&d.text, w) {
                let text = d.slice(part);
                if text.chars().count() < ONE_WORD_MIN || !text.chars().all(char::is_alphabetic) {
                    continue;
                }
                let shape = case_shape(text);
                if shape == CaseShape::Upper {
                    continue;
                }
                let (Ok(mention), Ok(word)) = (u32::try_from(mi), u32::try_from(wi)) else {
                    continue;
                };
                let sentence = d.facts.sentence_at(part.start);
                let start = sentence.map_or(0, |s| s.start);
                let Ok(sentence_start) = u32::try_from(start) else {
                    continue;
                };
                let alone = m.words.len() == 1;
                out.push(WordItem {
                    plain: plain(text).into_boxed_str(),
                    span: part,
                    sentence: sentence_start,
                    mention,
                    word,
                    neutral: neutral(m, w, part, shape),
                    alone,
                });
            }
        }
    }
    // Kept for the whole check (or while the article is unchanged).
    out.shrink_to_fit();
    out
}

/// What one spelling of a word is, over the bundle.
#[derive(Default)]
struct WordForm<'a> {
    pub(super) written: BTreeMap<&'a str, usize>,
    pub(super) occs: Vec<Occ>,
    pub(super) sentences: BTreeSet<(DocId, usize)>,
    docs: BTreeSet<DocId>,
    /// Some place writes it with a capital of its own, mid-sentence.
    named: bool,
    /// Some place writes it alone, not inside a longer name.
    pub(super) alone: bool,
    /// Each place, with its article.
    places: Vec<(&'a Document, &'a WordItem)>,
    pub(super) roles: BTreeSet<u16>,
}

impl WordForm<'_> {
    /// The other words of the names it stands in, made when asked: few
    /// pairs of spellings get that far.
    fn contexts(&self) -> BTreeSet<String> {
        self.places.iter().map(|(d, it)| it.context(d)).collect()
    }
}

/// The words that the frames of two spellings share, each spelling
/// written once: read from their sentences when asked, as few pairs of
/// spellings get that far.
fn frame_overlap(a: &WordForm, b: &WordForm) -> usize {
    let (Some(&(da, x)), Some(&(db, y))) = (a.places.first(), b.places.first()) else {
        return 0;
    };
    let (x, y) = (frame_of(da, x), frame_of(db, y));
    x.iter().filter(|w| y.binary_search(w).is_ok()).count()
}

/// The [`frame`] of an item in its sentence; none unless it stands alone.
fn frame_of(d: &Document, it: &WordItem) -> Vec<String> {
    if !it.alone {
        return Vec::new();
    }
    let tokens = d
        .facts
        .sentence_at(it.span.start)
        .map_or_else(Vec::new, |s| tokenize(&d.text, s));
    frame(d, &tokens, it.span)
}

/// Some name of the rare spelling holds every other word of some name of
/// the frequent one (a word or more).
fn shares_context(rare: &BTreeSet<String>, freq: &BTreeSet<String>) -> bool {
    rare.iter().any(|r| {
        let words: BTreeSet<&str> = r.split(' ').collect();
        freq.iter()
            .any(|f| !f.is_empty() && f.split(' ').all(|w| words.contains(w)))
    })
}

/// The shape of a one-edit difference that a typist makes: a letter
/// dropped or doubled, two neighbours swapped, one vowel for another.
fn typo_shape(a: &str, b: &str) -> bool {
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let vowel = |c: char| "aeiouy".contains(c);
    if x.len() == y.len() {
        let diff: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
        return match diff.as_slice() {
            [i] => vowel(x[*i]) && vowel(y[*i]),
            [i, j] => *j == i + 1 && x[*i] == y[*j] && x[*j] == y[*i],
            _ => false,
        };
    }
    let (long, short) = if x.len() > y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    if long.len() != short.len() + 1 {
        return false;
    }
    (0..long.len()).any(|i| {
        long.iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, c)| *c)
            .eq(short.iter().copied())
    })
}

/// Pass 6: a name of one word written once where the bundle writes a
/// close spelling more often ("Examplecorp" ×5, "Exampelcorp" ×1). The
/// pair needs a typist's slip ([`typo_shape`]) in a word of five letters
/// or more, the same first letter, the frequent spelling written as a
/// name mid-sentence, the rare one standing alone (a longer name is the
/// person pass's) or in a longer name with the frequent one's other words,
/// no sentence holding both (unless a letter is dropped or doubled beside
/// a spelling written [`SAME_SENTENCE_PLACES`] times in two articles),
/// roles that can be one person's, and neither a common word of the
/// bundle, a plural, a place and its people, a US/UK pair written in two
/// articles nor two entries of the knowledge base. Two spellings written once each, in two
/// articles, need more: [`ONCE_EACH_MIN`] letters, both alone, and
/// [`ONCE_EACH_FRAME`] words around them in common ([`frame`]).
pub(super) struct OneWordPass<'l> {
    pub(super) lower: &'l LowerWords<'l>,
    pub(super) kb: &'l KbNames,
}

impl Grouping for OneWordPass<'_> {
    type Item = WordItem;
    /// A deletion, held in place when short: a large bundle files
    /// millions.
    type Key = Deletion;
    type Version = ();
    type Output = Vec<Group>;

    fn version(&self, _: &Document) {}

    /// The deletions of the item's plain spelling ([`each_deletion`]),
    /// made while it is filed, not kept with the item: they are a dozen
    /// keys a word, for every name word of every article.
    fn keys<'i>(&self, item: &'i WordItem, out: &mut Vec<Cow<'i, Deletion>>) {
        each_deletion(&item.plain, |d| out.push(Cow::Owned(d)));
    }

    fn also_depends(&self, facts: &DocFacts, out: &mut Vec<Deletion>) {
        for w in facts.lower_words.iter() {
            if w.chars().count() >= ONE_WORD_MIN - 1 && w.chars().all(char::is_alphabetic) {
                each_deletion(&plain(w), |d| out.push(d));
            }
        }
    }

    fn eval(&self, _: &Deletion, members: &[Member<'_, WordItem>]) -> Option<Vec<Group>> {
        let first = &members.first()?.item.plain;
        if members.iter().all(|m| m.item.plain == *first) {
            return None;
        }
        let mut forms: BTreeMap<&str, WordForm> = BTreeMap::new();
        for m in members {
            let it = m.item;
            let f = forms.entry(&it.plain).or_default();
            *f.written.entry(m.doc.slice(it.span)).or_default() += 1;
            f.occs.push(occ(m.pos, m.doc, it.span));
            f.sentences.insert((m.doc.id, it.sentence as usize));
            f.docs.insert(m.doc.id);
            f.named |= !it.neutral;
            f.alone |= it.alone;
            f.places.push((m.doc, it));
            f.roles.extend(it.roles(m.doc).iter().copied());
        }
        let forms: Vec<(&str, WordForm)> = forms.into_iter().collect();
        let plural =
            |x: &str, y: &str| x.strip_suffix('s') == Some(y) || x.strip_suffix("es") == Some(y);
        let mut out = Vec::new();
        for (i, (a, fa)) in forms.iter().enumerate() {
            for (b, fb) in &forms[i + 1..] {
                let (rare, fr, freq, ff) = if fa.occs.len() <= fb.occs.len() {
                    (a, fa, b, fb)
                } else {
                    (b, fb, a, fa)
                };
                let long = rare.chars().count().max(freq.chars().count());
                let once_each = fr.occs.len() == 1 && ff.occs.len() == 1;
                // Written once each: only alone, in two articles, in
                // frames that share words ("price-comparison site
                // Examplem" / "price-comparison site Exampelm").
                let weak = once_each
                    && (long < ONCE_EACH_MIN
                        || !(fr.alone && ff.alone)
                        || !(fr.named || ff.named)
                        || !fr.docs.is_disjoint(&ff.docs)
                        || frame_overlap(fr, ff) < ONCE_EACH_FRAME);
                // A letter dropped or doubled beside a spelling written
                // often in several articles is a slip even in one sentence
                // with it.
                let slip_beside = ff.occs.len() >= SAME_SENTENCE_PLACES
                    && ff.docs.len() >= 2
                    && rare.chars().count() != freq.chars().count();
                if fr.occs.len() != 1
                    || (ff.occs.len() < 2 && !once_each)
                    || weak
                    || long < ONE_WORD_MIN + 1
                    || !(ff.named || once_each)
                    // Inside a longer name, a word of a person's name
                    // ("Sara Kim" / "Sarah Lee") is another person; a word
                    // that stands in several names is not a person's.
                    // A rare spelling inside a longer name that holds the
                    // frequent one's other words ("Veltra Roboticks Shares
                    // Climb" / "Veltra Robotics") is the same name.
                    || !(fr.alone || {
                        let freq_contexts = ff.contexts();
                        freq_contexts.len() >= 2 || shares_context(&fr.contexts(), &freq_contexts)
                    })
                    || rare.chars().next() != freq.chars().next()
                    || !typo_shape(rare, freq)
                    || !(fr.sentences.is_disjoint(&ff.sentences) || slip_beside)
                    || !roles_compatible(&fr.roles, &ff.roles)
                    // US and UK spellings are the conventions of two
                    // desks: an article that writes both has slipped.
                    || (us_uk(rare, freq) && fr.docs.is_disjoint(&ff.docs))
                    || plural(rare, freq)
                    || plural(freq, rare)
                    // "Examplia" / "Examplian"; a doubled final "n"
                    // ("Examplan" / "Examplann") is a slip.
                    || place_and_people(rare, freq)
                    || self.lower.contains(rare)
                    || self.lower.contains(freq)
                    || self.kb.distinct(rare, freq)
                {
                    continue;
                }
                let spelling = |f: &WordForm| Spelling {
                    text: f
                        .written
                        .iter()
                        .max_by_key(|(_, n)| **n)
                        .map_or_else(String::new, |(t, _)| (*t).to_string()),
                    occs: f.occs.clone(),
                };
                out.push(Group {
                    spellings: vec![spelling(ff), spelling(fr)],
                    quiet: false,
                    note: false,
                });
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{deletions, Deletion};
    use super::{frame, FRAME_WORDS};
    use crate::bundle::Bundle;
    use crate::extract::names::tokenize;
    use crate::fixture::check_rules;
    use crate::types::Span;

    #[test]
    fn each_deletion_once_in_order() {
        // Every one-letter deletion, in order, each kept the first time.
        let naive = |w: &str| -> Vec<String> {
            let chars: Vec<char> = w.chars().collect();
            let mut out: Vec<String> = vec![w.into()];
            for i in 0..chars.len() {
                let d: String = (0..chars.len())
                    .filter(|&j| j != i)
                    .map(|j| chars[j])
                    .collect();
                if !out.contains(&d) {
                    out.push(d);
                }
            }
            out
        };
        let text = |d: &Deletion| String::from_utf8(d.as_bytes().to_vec()).unwrap();
        let long = "zorblattvanequellfordexampleworks";
        for w in ["zorblatt", "aaa", "abab", "jørgen", "vanne", "", "x", long] {
            let made: Vec<String> = deletions(w).iter().map(text).collect();
            assert_eq!(made, naive(w), "{w}");
        }
    }

    #[test]
    fn deletions_compare_and_order_as_their_texts() {
        use std::hash::BuildHasher;
        let long = "zorblattvanequellfordexampleworks";
        let words = [
            "zorblatt",
            "zorblat",
            "zorblattt",
            "jørgen",
            "jorgen",
            "",
            long,
        ];
        let all: Vec<Deletion> = words.iter().flat_map(|w| deletions(w)).collect();
        // Texts held in place and in an allocation of their own.
        assert!(all.iter().any(|d| matches!(d, Deletion::Long(_))));
        assert!(all.iter().any(|d| matches!(d, Deletion::Inline { .. })));
        let hasher = foldhash::fast::FixedState::with_seed(7);
        for a in &all {
            for b in &all {
                assert_eq!(a == b, a.as_bytes() == b.as_bytes());
                assert_eq!(
                    a.cmp(b),
                    std::str::from_utf8(a.as_bytes())
                        .unwrap()
                        .cmp(std::str::from_utf8(b.as_bytes()).unwrap())
                );
                if a == b {
                    assert_eq!(hasher.hash_one(a), hasher.hash_one(b));
                }
            }
        }
    }

    #[test]
    fn a_frame_in_a_long_sentence_is_its_neighbours_frame() {
        let text = format!(
            "{}Zorblatt Vane met Quorvandel & Tarvenik Ltd. today.\n",
            "Examplecorp (EXMP.O) rose 1.5%, ".repeat(40)
        );
        let mut bundle = Bundle::new();
        let id = bundle.upsert("a.txt", "a.txt", 0, &text);
        let d = bundle.get(id).expect("the article just added");
        let tokens = tokenize(&d.text, Span::new(0, d.text.len()));
        assert!(tokens.len() > 100);
        for (at, t) in tokens.iter().enumerate() {
            // The same place among only its neighbours: the words it reads.
            let lo = at.saturating_sub(FRAME_WORDS + 1);
            let near = &tokens[lo..(at + FRAME_WORDS + 1).min(tokens.len())];
            for place in [t.span, Span::new(t.span.start + 1, t.span.end)] {
                assert_eq!(
                    frame(d, &tokens, place),
                    frame(d, near, place),
                    "{}",
                    d.slice(t.span)
                );
            }
        }
        let place = text.find("Quorvandel").expect("in the text");
        let of = frame(d, &tokens, Span::new(place, place + "Quorvandel".len()));
        assert!(of.iter().any(|w| w == "^tarvenik"), "{of:?}");
        assert!(of.iter().any(|w| w == "\u{1f}legal"), "{of:?}");
    }

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn one_word_misspelt_once_beside_a_frequent_spelling() {
        check_rules(
            r#"
//- a.txt
Shares of Veltrixa rose, and Veltrixa said sales grew.
//- b.txt
Buyers said Veltrixa chips lead the market.
//- c.txt
Analysts expect Vletrixa to keep its lead.
                ^^^^^^^^ name-variant: 'Vletrixa' here; 'Veltrixa' in a.txt:1 (and 2 more)
"#,
            RULE,
        );
    }

    #[test]
    fn one_word_misspelt_in_a_headline_or_with_a_doubled_final_n() {
        check_rules(
            r#"
//- a.txt
Veltra Roboticks Shares Climb After Plant Opens
       ^^^^^^^^^ name-variant: 'Roboticks' here; 'Veltra Robotics' in a.txt:2 (and 1 more)
Veltra Robotics Inc. shares rose, and Ostravan said so.
//- b.txt
Veltra Robotics rose. Buyers cited Ostravan. Ostravann agreed.
                                             ^^^^^^^^^ name-variant: 'Ostravann' here; 'Ostravan' in a.txt:2 (and 2 more)
//- c.txt
Later Ostravan spoke.
"#,
            RULE,
        );
    }

    #[test]
    fn written_once_each_in_the_same_frame() {
        check_rules(
            r#"
//- a.txt
Complaints came from the Danish price-comparison site Quorvandel.
                                                      ^^^^^^^^^^ name-variant: 'Quorvandel' here; 'Qorvandel' in b.txt:1 (nothing tells which spelling is right)
Staff at Brennick & Ostrowe Ltd. agreed, said Halvorsen.
//- b.txt
The Danish price-comparison site Qorvandel filed it first.
Brennick & Ostrwoe Limited built it. Halvorson was not there.
           ^^^^^^^ name-variant
"#,
            RULE,
        );
    }

    #[test]
    fn a_letter_dropped_beside_a_frequent_spelling_in_one_sentence() {
        check_rules(
            r#"
//- a.txt
The rover is named Tarvnik, after Tarvenik Olsa. Tarvenik landed.
                   ^^^^^^^ name-variant
//- b.txt
Tarvenik and its rover Tarvenik worked, and Tarvenik slept.
"#,
            RULE,
        );
    }

    #[test]
    fn a_capital_moved_by_a_swap_and_an_ending_swapped_in_one_article() {
        check_rules(
            r#"
//- a.txt
Its VelSana ads grew, said Quillver. Later Quillver left.
//- b.txt
Its VelSana ads grew, said Dana Quillver.
//- c.txt
Its VeSlana ads grew.
    ^^^^^^^ name-variant
Commissioner Quillver spoke. A spokesman for Quillvre agreed.
                                             ^^^^^^^^ name-variant
"#,
            RULE,
        );
    }

    #[test]
    fn one_word_pairs_that_are_not_typos() {
        check_rules(
            r#"
//- a.txt
Officials in Examplia and Examplia's capital said the Examplia Space Center opened.
The Harlund Organization met, and Kessing spoke; Kessing left.
//- b.txt
An Examplian court and the Examplia Space Centre agreed, said Harlunds.
The Harlund Organisation met, and Kesing agreed; the kesing tradition holds.
"#,
            RULE,
        );
    }
}
