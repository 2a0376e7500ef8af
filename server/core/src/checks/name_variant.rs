//! The `name-variant` check: a proper name spelt one way in one place and
//! another way elsewhere in the bundle. Owns the comparison of the name
//! mentions that `extract::names` finds; knows no names itself.
//!
//! Six passes, each grouping spellings by a key so that the cost stays
//! near-linear in the number of mentions:
//! 1. house style: a spelling listed under `[names] canonical` in
//!    `copydesk.toml` is reported wherever it stands;
//! 2. person names: multi-word names whose words are all the same but one,
//!    and that one a near miss ("Jane Doe" / "Jane Dow"): blocked by the
//!    other words (US and UK spellings folded, "Center" / "Centre"); across
//!    articles, or in one article when the rarer name is written once and
//!    never in a sentence with the other; not when the roles written next
//!    to the names share no family of `server/data/name_spellings.toml`
//!    (two people);
//! 3. compounds: the same letters with other hyphens or spaces
//!    ("Model7-Pro" / "Model-7-Pro"); a hyphen or space after a particle
//!    ("Al-Example" / "Al Example") or after a lower-case prefix before
//!    capitals ("micro-XD" / "microXD") is style and stays quiet;
//! 4. capitals: a word, or one hyphen part of a word, in other capitals
//!    ("ExampleAI" / "Exampleai"; "MODEL7" in "MODEL7-Pro" / "Model7").
//!    Capitals that come from the place (sentence starts, headlines, lines
//!    in capitals, the first word of a paragraph, datelines, tickers) are
//!    no evidence, a word that the bundle also writes in lower case is a
//!    common word, not a name, and a knowledge-base name in other capitals
//!    is `name-house-style`'s (one word, one finding);
//! 5. accents: a word with and without accents ("José" / "Jose"); the
//!    plain spelling of an article that writes no accented letter at all
//!    is an accepted rendering and stays quiet;
//! 6. one word: a name written once where the bundle writes a spelling one
//!    typist's slip away more often ("Examplecorp" / "Exampelcorp"),
//!    blocked by the word and its one-letter deletions; never a plural, a
//!    place and its people, a US/UK pair, a common word of the bundle or
//!    two entries of the knowledge base.
//!
//! A quiet group reports nothing but takes its places, so that no later
//! pass reports them. The preferred spelling is the house style's, else
//! the most frequent, else the first in bundle order. Each other spelling
//! is reported where it stands, with the preferred one's places as related
//! locations. Fixes are marked certain only when house style decides:
//! fix-all never guesses which spelling of a name is right.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use crate::bundle::{Bundle, Document};
use crate::checks::{Check, CheckContext, Scope};
use crate::config::NamesConfig;
use crate::extract::names::{case_shape, fold, word_parts, CaseShape, LineCase};
use crate::extract::{DocFacts, NameKind, NameMention};
use crate::memo::{Grouping, Member, Value};
use crate::types::{DocId, Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

pub struct NameVariant;

static INFO: RuleInfo = RuleInfo {
    id: "name-variant",
    default_severity: Severity::Warning,
    summary: "A proper name is spelt differently across the bundle: a letter, capitals, hyphens or spaces.",
    flags: &[
        "'Jane Doe' in one article and 'Jane Dow' in another",
        "'ExampleAI' here and 'Exampleai' there",
        "'Model7-Pro' here and 'Model-7-Pro' there",
        "'MODEL7-Mini' where the bundle writes 'Model7'",
    ],
    passes: &[
        "'Acme Ltd.' and 'Acme Limited': legal forms are aliases",
        "'Galaxy X24' and 'Galaxy X25': different digits are different things",
        "'Cloud' in a headline or at a sentence start and 'cloud' in the text",
        "'U.S.' and 'US': a matter of style",
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

const SPELLINGS_TOML: &str = include_str!("../../../data/name_spellings.toml");

#[derive(serde::Deserialize, Default)]
struct RawSpellings {
    #[serde(default)]
    letters: BTreeMap<String, String>,
    #[serde(default)]
    us_uk: RawUsUk,
    #[serde(default)]
    role_families: BTreeMap<String, Vec<String>>,
}

#[derive(serde::Deserialize, Default)]
struct RawUsUk {
    #[serde(default)]
    endings: Vec<[String; 2]>,
    #[serde(default)]
    pairs: Vec<[String; 2]>,
}

/// `server/data/name_spellings.toml`: accepted variants of name words.
struct SpellingData {
    /// Letters without a decomposition → their plain rendering.
    letters: HashMap<char, String>,
    /// US and UK endings, each pair in both orders.
    endings: Vec<(String, String)>,
    /// US and UK words, each pair in both orders.
    pairs: HashSet<(String, String)>,
    /// Role name → the families it belongs to.
    families: HashMap<String, Vec<usize>>,
}

fn spelling_data() -> &'static SpellingData {
    static DATA: std::sync::OnceLock<SpellingData> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let raw = toml::from_str::<RawSpellings>(SPELLINGS_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/name_spellings.toml does not parse: {e}");
            RawSpellings::default()
        });
        let mut letters = HashMap::new();
        for (k, v) in raw.letters {
            let mut chars = k.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                for u in c.to_uppercase() {
                    letters.insert(u, v.clone());
                }
                letters.insert(c, v);
            }
        }
        let mut endings = Vec::new();
        for [a, b] in raw.us_uk.endings {
            endings.push((a.clone(), b.clone()));
            endings.push((b, a));
        }
        let mut pairs = HashSet::new();
        for [a, b] in raw.us_uk.pairs {
            pairs.insert((a.clone(), b.clone()));
            pairs.insert((b, a));
        }
        let mut families: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, roles)) in raw.role_families.into_iter().enumerate() {
            for r in roles {
                families.entry(r).or_default().push(i);
            }
        }
        SpellingData {
            letters,
            endings,
            pairs,
            families,
        }
    })
}

/// A word in lower case without its accents, and with the letters that
/// have no decomposition written plain ("Jørgen" → "jorgen").
fn plain(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let data = spelling_data();
    let mut out = String::new();
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        match data.letters.get(&c) {
            Some(p) => out.push_str(p),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Two lower-case words that are one word in US and UK spelling.
fn us_uk(a: &str, b: &str) -> bool {
    let data = spelling_data();
    if data.pairs.contains(&(a.to_string(), b.to_string())) {
        return true;
    }
    data.endings.iter().any(|(x, y)| {
        matches!((a.strip_suffix(x.as_str()), b.strip_suffix(y.as_str())),
            (Some(s), Some(t)) if s == t && s.chars().count() >= 3)
    })
}

/// Two sets of roles that can describe one person: either is unknown, or
/// two of their roles share a family of `server/data/name_spellings.toml`.
fn roles_compatible(a: &BTreeSet<u16>, b: &BTreeSet<u16>) -> bool {
    if a.is_empty() || b.is_empty() || !a.is_disjoint(b) {
        return true;
    }
    let lex = crate::lexicon::names();
    let data = spelling_data();
    let fams = |set: &BTreeSet<u16>| -> BTreeSet<usize> {
        set.iter()
            .filter_map(|&r| data.families.get(lex.role_name(r)))
            .flatten()
            .copied()
            .collect()
    };
    !fams(a).is_disjoint(&fams(b))
}

impl Check for NameVariant {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let docs = cx.documents();
        let house = House::new(&cx.config.names);
        let lower = LowerWords(docs);
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
        let pass = KeyFormPass {
            lower: Some(&lower),
        };
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
        // The findings follow from the groups alone: the same groups as
        // last time (an edit that touched no name variant) give the same
        // findings.
        let mut inputs: Vec<Value> = Vec::new();
        for g in house_groups
            .iter()
            .chain(&compounds)
            .chain(&capitals)
            .chain(&accents)
        {
            inputs.push(g.clone());
        }
        for b in &blocks {
            inputs.push(b.clone());
        }
        for w in &words {
            inputs.push(w.clone());
        }
        let found = memo.derived("name-variant/findings", inputs, || {
            let mut found = Vec::new();
            let mut run = Run {
                bundle: cx.bundle,
                house: &house,
                kb: &kb,
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
            ];
            for group in passes.into_iter().flatten() {
                run.report(group);
            }
            found
        });
        out.extend(found.iter().cloned());
    }
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

/// What the findings of one group share: the preferred spelling and the
/// bundle-wide edit lists, made once for the group.
struct Shared<'a> {
    preferred: &'a str,
    certain: bool,
    /// The first place of each spelling of the group, in its order.
    firsts: &'a [Option<Occ>],
    /// Every flagged place to the preferred spelling.
    everywhere: &'a Arc<[Edit]>,
    /// Every other spelling's place to this finding's own spelling, when
    /// the group is small enough to offer it.
    own_everywhere: Option<Arc<[Edit]>>,
}

/// Spellings of one name.
#[derive(Debug, Clone)]
struct Group {
    spellings: Vec<Spelling>,
    /// An accepted variant (an ASCII rendering, a hyphen for a space):
    /// its places are taken, so that no later pass reports them, and
    /// nothing is reported.
    quiet: bool,
}

/// `copydesk.toml`'s `[names]`: canonical spellings and ignored names.
struct House {
    /// Spelling (canonical or variant) → canonical.
    canonical_of: HashMap<String, String>,
    /// Folded keys (lower case, no spaces or hyphens) of ignored names.
    ignored: HashSet<String>,
}

impl House {
    fn new(config: &NamesConfig) -> House {
        let mut canonical_of = HashMap::new();
        for (canonical, variants) in &config.canonical {
            canonical_of.insert(canonical.clone(), canonical.clone());
            for v in variants {
                canonical_of.insert(v.clone(), canonical.clone());
            }
        }
        House {
            canonical_of,
            ignored: config.ignore.iter().map(|n| fold(n)).collect(),
        }
    }

    fn is_ignored(&self, text: &str) -> bool {
        !self.ignored.is_empty() && self.ignored.contains(&fold(text))
    }
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
/// ([`DocFacts::lower_words`](crate::extract::DocFacts)).
struct LowerWords<'a>(&'a [&'a Document]);

impl LowerWords<'_> {
    fn contains(&self, folded: &str) -> bool {
        self.0.iter().any(|d| d.facts.lower_words.contains(folded))
    }
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

/// Names whose capitals are typography: written in capitals throughout
/// ("JANE DOE" in a byline), or a dateline opening a story ("EXAMPLETON
/// (Wire) -", "EXAMPLETON, May 5 -").
fn shouted(doc: &Document, m: &NameMention) -> bool {
    let upper = |w: &Span| case_shape(doc.slice(*w)) == CaseShape::Upper;
    if m.sentence_start && m.words.iter().all(upper) {
        let next = doc
            .text
            .get(m.span.end..)
            .and_then(|rest| rest.trim_start().chars().next());
        if next.is_some_and(|c| matches!(c, ',' | '(' | '-' | '–' | '—' | ':')) {
            return true;
        }
    }
    m.words
        .iter()
        .filter(|w| {
            let t = doc.slice(**w);
            t.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && case_shape(t) == CaseShape::Upper
        })
        .count()
        >= 2
}

/// One spelling that house style names: (canonical, as written, span).
type HouseItem = (String, String, Span);

/// Pass 1's view of one article: every spelling that house style names.
fn house_items(d: &Document, house: &House) -> Vec<HouseItem> {
    let mut out = Vec::new();
    for m in &d.facts.names {
        let mut spans = vec![m.core];
        for &w in &m.words {
            spans.push(w);
            spans.extend(word_parts(&d.text, w));
        }
        spans.sort();
        spans.dedup();
        for span in spans {
            let text = d.slice(span);
            if let Some(canonical) = house.canonical_of.get(text) {
                if m.line_case == LineCase::Upper && case_shape(text) == CaseShape::Upper {
                    continue;
                }
                out.push((canonical.clone(), text.to_string(), span));
            }
        }
    }
    out
}

/// Pass 1: every spelling that house style names, grouped by canonical.
struct HousePass;

impl Grouping for HousePass {
    type Item = HouseItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i HouseItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.0));
    }

    fn eval(&self, _: &String, members: &[Member<'_, HouseItem>]) -> Option<Group> {
        let mut spellings: BTreeMap<&str, Vec<Occ>> = BTreeMap::new();
        for m in members {
            let (_, text, span) = m.item;
            spellings
                .entry(text)
                .or_default()
                .push(occ(m.pos, m.doc, *span));
        }
        Some(Group {
            quiet: false,
            spellings: spellings
                .into_iter()
                .map(|(text, occs)| Spelling {
                    text: text.to_string(),
                    occs,
                })
                .collect(),
        })
    }
}

/// A multi-word name as the person pass sees it.
#[derive(Debug, Default)]
struct PersonForm {
    words: Vec<String>,
    occs: Vec<Occ>,
    docs: BTreeSet<DocId>,
    /// (article, sentence start) of each place.
    sentences: BTreeSet<(DocId, usize)>,
    /// Some place is in an article that writes letters outside ASCII.
    non_ascii_docs: bool,
    roles: BTreeSet<u16>,
}

/// One multi-word name of an article, as the person pass compares it.
struct PersonItem {
    /// The words as written, single-spaced.
    text: String,
    /// The words in lower case.
    words: Vec<String>,
    span: Span,
    /// The start of its sentence.
    sentence: usize,
    /// Its article writes letters outside ASCII.
    non_ascii_doc: bool,
    roles: Vec<u16>,
    /// The blocks of [`PersonPass`] the name is filed in.
    blocks: Vec<(usize, String)>,
}

/// The blocks of the person pass that a name's words are filed in: for
/// each word, (its place, the other words and its first letter).
fn person_blocks(words: &[String]) -> Vec<(usize, String)> {
    (0..words.len())
        .map(|i| {
            let mut key = String::new();
            for (j, w) in words.iter().enumerate() {
                if j != i {
                    key.push_str(w);
                }
                key.push('\u{1f}');
            }
            if let Some(c) = words[i].chars().next() {
                key.push(c);
            }
            (i, key)
        })
        .collect()
}

/// The person pass's view of one article (cached per article).
fn person_items(d: &Document) -> Vec<PersonItem> {
    let non_ascii_doc = d.text.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    let mut out = Vec::new();
    for m in &d.facts.names {
        if m.kind != NameKind::MultiWord || m.words.len() < 2 {
            continue;
        }
        let words = person_words(d, m);
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        let span = Span::new(first.start, last.end);
        let text = d
            .slice(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // US and UK spellings compare as one ("Space Center" / "Space Centre").
        let words: Vec<String> = words
            .iter()
            .map(|w| us_uk_norm(&d.slice(*w).to_lowercase()))
            .collect();
        out.push(PersonItem {
            text,
            blocks: person_blocks(&words),
            words,
            sentence: d.facts.sentence_at(span.start).map_or(0, |s| s.start),
            non_ascii_doc,
            span,
            roles: m.roles.to_vec(),
        });
    }
    out
}

/// Pass 2: multi-word names that differ in one near-miss word.
///
/// Names are blocked by "every word but the i-th", and the first letter of
/// the i-th: pairs that share a block differ in that word only, and a near
/// miss keeps its first letter. Every place of a name is filed in each of
/// its blocks, so a block sees all of a name's articles and roles. A block
/// gives the near misses it finds; [`person_clusters`] joins them.
struct PersonPass;

/// What one block of the person pass finds: near-miss pairs of names, and
/// the places of each name in a pair.
struct PersonBlock {
    names: Vec<(String, Vec<Occ>)>,
    pairs: Vec<(usize, usize)>,
}

impl Grouping for PersonPass {
    type Item = PersonItem;
    /// (i, the other words and the i-th word's first letter).
    type Key = (usize, String);
    type Version = ();
    type Output = PersonBlock;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i PersonItem, out: &mut Vec<Cow<'i, Self::Key>>) {
        out.extend(item.blocks.iter().map(Cow::Borrowed));
    }

    fn eval(&self, key: &Self::Key, members: &[Member<'_, PersonItem>]) -> Option<PersonBlock> {
        let i = key.0;
        // Most blocks hold one name: that is cheap to see.
        let first = &members.first()?.item.text;
        if members.iter().all(|m| m.item.text == *first) {
            return None;
        }
        let mut forms: BTreeMap<&str, PersonForm> = BTreeMap::new();
        for m in members {
            let it = m.item;
            let f = forms.entry(it.text.as_str()).or_default();
            if f.words.is_empty() {
                f.words = it.words.clone();
            }
            f.occs.push(occ(m.pos, m.doc, it.span));
            f.docs.insert(m.doc.id);
            f.sentences.insert((m.doc.id, it.sentence));
            f.non_ascii_docs |= it.non_ascii_doc;
            f.roles.extend(it.roles.iter().copied());
        }
        if forms.len() < 2 {
            return None;
        }
        let forms: Vec<(&str, PersonForm)> = forms.into_iter().collect();
        let word = |id: usize| forms[id].1.words.get(i).map_or("", String::as_str);
        // A near miss is at most two edits: lengths at most two apart, so
        // each word is compared only with those of about its length.
        let len = |id: usize| word(id).chars().count();
        let mut ids: Vec<usize> = (0..forms.len()).collect();
        ids.sort_by_key(|&id| (len(id), id));
        let mut pairs = Vec::new();
        for (n, &a) in ids.iter().enumerate() {
            let la = len(a);
            for &b in ids[n + 1..].iter().take_while(|&&b| len(b) <= la + 2) {
                let (fa, fb) = (&forms[a].1, &forms[b].1);
                // In one article, two names in one sentence are two
                // people ("Jon Smith and John Smith"); elsewhere a name
                // written once beside one written more often is a typo.
                let (na, nb) = (fa.occs.len(), fb.occs.len());
                let apart = fa.docs.is_disjoint(&fb.docs)
                    || (fa.sentences.is_disjoint(&fb.sentences)
                        && na.min(nb) == 1
                        && na.max(nb) >= 2);
                if near_miss(word(a), word(b))
                    && !accepted_variant(word(a), !fa.non_ascii_docs, word(b), !fb.non_ascii_docs)
                    && apart
                    && roles_compatible(&fa.roles, &fb.roles)
                {
                    pairs.push((a, b));
                }
            }
        }
        if pairs.is_empty() {
            return None;
        }
        // Only the names in a pair are kept, renumbered.
        let mut kept: BTreeMap<usize, usize> = BTreeMap::new();
        for &(a, b) in &pairs {
            let next = kept.len();
            kept.entry(a).or_insert(next);
            let next = kept.len();
            kept.entry(b).or_insert(next);
        }
        let mut names: Vec<Option<(String, Vec<Occ>)>> = vec![None; kept.len()];
        for (&id, &n) in &kept {
            if let (Some(slot), Some((text, f))) = (names.get_mut(n), forms.get(id)) {
                *slot = Some((text.to_string(), f.occs.clone()));
            }
        }
        Some(PersonBlock {
            names: names.into_iter().flatten().collect(),
            pairs: pairs
                .into_iter()
                .filter_map(|(a, b)| Some((*kept.get(&a)?, *kept.get(&b)?)))
                .collect(),
        })
    }
}

/// The names that near misses join, each class one group, from the pairs
/// that the blocks found; classes in the order of their first name.
fn person_clusters(blocks: &[Arc<PersonBlock>]) -> Vec<Group> {
    // Name → its places (every block of a name has all of them).
    let mut names: BTreeMap<&str, &[Occ]> = BTreeMap::new();
    for b in blocks {
        for (text, occs) in &b.names {
            names.entry(text.as_str()).or_insert(occs.as_slice());
        }
    }
    let ids: HashMap<&str, usize> = names.keys().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut parent: Vec<usize> = (0..names.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for b in blocks {
        for &(x, y) in &b.pairs {
            let (Some((tx, _)), Some((ty, _))) = (b.names.get(x), b.names.get(y)) else {
                continue;
            };
            let (Some(&a), Some(&c)) = (ids.get(tx.as_str()), ids.get(ty.as_str())) else {
                continue;
            };
            let (ra, rc) = (root(&mut parent, a), root(&mut parent, c));
            // The smaller id is the root: classes come out in name order.
            parent[ra.max(rc)] = ra.min(rc);
        }
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for id in 0..names.len() {
        let r = root(&mut parent, id);
        clusters.entry(r).or_default().push(id);
    }
    let names: Vec<(&str, &[Occ])> = names.into_iter().collect();
    clusters
        .into_values()
        .filter(|ids| ids.len() > 1)
        .map(|ids| Group {
            quiet: false,
            spellings: ids
                .into_iter()
                .filter_map(|id| names.get(id))
                .map(|(text, occs)| Spelling {
                    text: text.to_string(),
                    occs: occs.to_vec(),
                })
                .collect(),
        })
        .collect()
}

/// The words of a multi-word name that the person pass compares: all of
/// them, or those before a connector that follows two words or more
/// ("Jane Doe" of "Jane Doe of Example Research"; "Bank of Samples" whole).
fn person_words<'m>(d: &Document, m: &'m NameMention) -> &'m [Span] {
    let cut = (2..m.words.len()).find(|&i| {
        let gap = d
            .text
            .get(m.words[i - 1].end..m.words[i].start)
            .unwrap_or("");
        !gap.trim().is_empty()
    });
    &m.words[..cut.unwrap_or(m.words.len())]
}

/// Two words that are one word written in two accepted ways: in US and UK
/// spelling, or with accents and in the plain letters of articles that
/// write no accented letter at all (`a_ascii`: every place of `a` is in
/// such an article).
fn accepted_variant(a: &str, a_ascii: bool, b: &str, b_ascii: bool) -> bool {
    let (pa, pb) = (plain(a), plain(b));
    if pa == pb {
        return (a.is_ascii() && a_ascii) || (b.is_ascii() && b_ascii);
    }
    us_uk(&pa, &pb)
}

/// One spelling for a word's US and UK forms (the first in sort order).
fn us_uk_norm(word: &str) -> String {
    let data = spelling_data();
    let mut best = word.to_string();
    for (x, y) in &data.endings {
        if let Some(stem) = word.strip_suffix(x.as_str()) {
            if stem.chars().count() >= 3 {
                let other = format!("{stem}{y}");
                if other < best {
                    best = other;
                }
            }
        }
    }
    for (x, y) in &data.pairs {
        if x == word && *y < best {
            best.clone_from(y);
        }
    }
    best
}

/// Two lower-case words that are one typo apart: letters only, at least
/// three of them, same first letter, not a plural or a roman numeral, and
/// one edit apart (two for words of eight letters or more).
pub(super) fn near_miss(a: &str, b: &str) -> bool {
    let letters = |w: &str| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic);
    let roman = |w: &str| w.chars().all(|c| "ivxlcdm".contains(c));
    if a == b || !letters(a) || !letters(b) || roman(a) || roman(b) {
        return false;
    }
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let plural =
        |x: &str, y: &str| x.strip_suffix('s') == Some(y) || x.strip_suffix("es") == Some(y);
    if plural(a, b) || plural(b, a) {
        return false;
    }
    let longest = a.chars().count().max(b.chars().count());
    let limit = if longest >= 8 { 2 } else { 1 };
    strsim::damerau_levenshtein(a, b) <= limit
}

/// One compound of an article: (folded key, lower-case shape, as written, span).
type CompoundItem = (String, String, String, Span);

/// The compound pass's view of one article (cached per article).
fn compound_items(d: &Document) -> Vec<CompoundItem> {
    let mut out = Vec::new();
    for m in &d.facts.names {
        let mut spans = vec![m.core];
        if m.words.len() > 1 {
            spans.extend(m.words.iter().filter(|w| d.slice(**w).contains('-')));
        }
        for span in spans {
            let text = d.slice(span);
            let single = !text.contains(char::is_whitespace);
            // "Models" opening a sentence is no evidence against "Model S".
            if single
                && case_shape(text) == CaseShape::Title
                && ((m.sentence_start && span.start == m.core.start)
                    || m.line_case == LineCase::Title)
            {
                continue;
            }
            let key = fold(text);
            if key.chars().count() < 3 || !key.chars().any(char::is_alphabetic) {
                continue;
            }
            let shape = text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            out.push((key, shape, text.to_string(), span));
        }
    }
    out
}

/// Pass 3: the same letters with other hyphens or spaces, by folded key;
/// a key that some article writes in lower case is a common word.
struct CompoundPass<'l> {
    lower: &'l LowerWords<'l>,
}

impl Grouping for CompoundPass<'_> {
    type Item = CompoundItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i CompoundItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.0));
    }

    fn also_depends(&self, facts: &DocFacts, out: &mut Vec<String>) {
        out.extend(facts.lower_words.iter().cloned());
    }

    fn eval(&self, key: &String, members: &[Member<'_, CompoundItem>]) -> Option<Group> {
        // Most keys have one shape: that is cheap to see.
        let first = &members.first()?.item.1;
        if members.iter().all(|m| m.item.1 == *first) || self.lower.contains(key) {
            return None;
        }
        // Lower-case spelling → (written spellings, places).
        let mut shapes: BTreeMap<&str, Vec<(&str, Occ)>> = BTreeMap::new();
        for m in members {
            let (_, shape, text, span) = m.item;
            shapes
                .entry(shape)
                .or_default()
                .push((text, occ(m.pos, m.doc, *span)));
        }
        if shapes.len() < 2 {
            return None;
        }
        // A hyphen for a space ("Al-Example" / "Al Example") or a hyphen or
        // space between a lower-case prefix and capitals ("micro-XD" /
        // "microXD") is a matter of style.
        let styles: BTreeSet<String> = shapes
            .values()
            .flatten()
            .map(|(t, _)| compound_style(t))
            .collect();
        let quiet = styles.len() == 1;
        Some(Group {
            quiet,
            spellings: shapes
                .into_values()
                .map(|written| {
                    // The class is shown in its most frequent written form.
                    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                    for (t, _) in &written {
                        *counts.entry(t).or_default() += 1;
                    }
                    let text = counts
                        .iter()
                        .max_by_key(|(_, n)| **n)
                        .map_or_else(String::new, |(t, _)| (*t).to_string());
                    Spelling {
                        text,
                        occs: written.into_iter().map(|(_, o)| o).collect(),
                    }
                })
                .collect(),
        })
    }
}

/// A compound with the hyphens and spaces that are a matter of style taken
/// out (other hyphens and spaces stay: "Example-Max" / "Example Max" is a
/// finding): after a particle ("Al-Example" / "Al Example") and after a prefix
/// in lower case before capitals ("micro-XD" / "microXD").
fn compound_style(text: &str) -> String {
    let lex = crate::lexicon::names();
    let mut out = String::new();
    let mut segment = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() || matches!(c, '-' | '\u{2011}') {
            let after = chars.get(i + 1).copied();
            let particle = lex.is_surname_particle(&segment.to_lowercase());
            let prefix = !segment.is_empty()
                && segment.chars().all(char::is_lowercase)
                && after.is_some_and(char::is_uppercase);
            if !(particle || prefix) {
                out.push(if c.is_whitespace() { ' ' } else { '-' });
            }
            segment.clear();
        } else {
            out.push(c);
            segment.push(c);
        }
    }
    out.to_lowercase()
}

/// One word of a name as the one-word pass sees it.
struct WordItem {
    /// [`plain`] lower case.
    plain: String,
    /// As written.
    text: String,
    span: Span,
    /// The start of its sentence.
    sentence: usize,
    /// Its capital comes from its place (a sentence start, a headline).
    neutral: bool,
    /// The mention is this one word (not part of a longer name).
    alone: bool,
    /// The other words of its name, in lower case.
    context: String,
    roles: Vec<u16>,
    /// [`deletions`] of `plain`.
    keys: Vec<String>,
}

/// A word and each of its one-letter deletions: two words one edit apart
/// (a letter dropped, added, changed or two swapped) share one of them.
fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = vec![word.to_string()];
    for i in 0..chars.len() {
        let d: String = chars
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, c)| c)
            .collect();
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// Shortest word the one-word pass compares.
const ONE_WORD_MIN: usize = 4;

/// The one-word pass's view of one article (cached per article).
fn word_items(d: &Document) -> Vec<WordItem> {
    let mut out = Vec::new();
    for m in &d.facts.names {
        if shouted(d, m) {
            continue;
        }
        for &w in &m.words {
            let context: Vec<String> = m
                .words
                .iter()
                .filter(|o| **o != w)
                .map(|o| d.slice(*o).to_lowercase())
                .collect();
            let context = context.join(" ");
            for part in word_parts(&d.text, w) {
                let text = d.slice(part);
                if text.chars().count() < ONE_WORD_MIN || !text.chars().all(char::is_alphabetic) {
                    continue;
                }
                let shape = case_shape(text);
                if shape == CaseShape::Upper {
                    continue;
                }
                let p = plain(text);
                out.push(WordItem {
                    keys: deletions(&p),
                    plain: p,
                    text: text.to_string(),
                    span: part,
                    sentence: d.facts.sentence_at(part.start).map_or(0, |s| s.start),
                    neutral: neutral(m, w, part, shape),
                    alone: m.words.len() == 1,
                    context: context.clone(),
                    roles: m.roles.to_vec(),
                });
            }
        }
    }
    out
}

/// What one spelling of a word is, over the bundle.
#[derive(Default)]
struct WordForm<'a> {
    written: BTreeMap<&'a str, usize>,
    occs: Vec<Occ>,
    sentences: BTreeSet<(DocId, usize)>,
    /// Some place writes it with a capital of its own, mid-sentence.
    named: bool,
    /// Some place writes it alone, not inside a longer name.
    alone: bool,
    /// The other words of the names it stands in.
    contexts: BTreeSet<&'a str>,
    roles: BTreeSet<u16>,
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
/// person pass's), no sentence holding both, roles that can be one
/// person's, and neither a common word of the bundle, a plural, a place
/// and its people, a US/UK pair nor two entries of the knowledge base.
struct OneWordPass<'l> {
    lower: &'l LowerWords<'l>,
    kb: &'l KbNames,
}

impl Grouping for OneWordPass<'_> {
    type Item = WordItem;
    type Key = String;
    type Version = ();
    type Output = Vec<Group>;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i WordItem, out: &mut Vec<Cow<'i, String>>) {
        out.extend(item.keys.iter().map(Cow::Borrowed));
    }

    fn also_depends(&self, facts: &DocFacts, out: &mut Vec<String>) {
        for w in &facts.lower_words {
            if w.chars().count() >= ONE_WORD_MIN - 1 && w.chars().all(char::is_alphabetic) {
                out.extend(deletions(&plain(w)));
            }
        }
    }

    fn eval(&self, _: &String, members: &[Member<'_, WordItem>]) -> Option<Vec<Group>> {
        let first = &members.first()?.item.plain;
        if members.iter().all(|m| m.item.plain == *first) {
            return None;
        }
        let mut forms: BTreeMap<&str, WordForm> = BTreeMap::new();
        for m in members {
            let it = m.item;
            let f = forms.entry(it.plain.as_str()).or_default();
            *f.written.entry(it.text.as_str()).or_default() += 1;
            f.occs.push(occ(m.pos, m.doc, it.span));
            f.sentences.insert((m.doc.id, it.sentence));
            f.named |= !it.neutral;
            f.alone |= it.alone;
            f.contexts.insert(it.context.as_str());
            f.roles.extend(it.roles.iter().copied());
        }
        let forms: Vec<(&str, WordForm)> = forms.into_iter().collect();
        let plural =
            |x: &str, y: &str| x.strip_suffix('s') == Some(y) || x.strip_suffix("es") == Some(y);
        // "Examplia" / "Examplian": a place and its people.
        let demonym = |x: &str, y: &str| x.strip_suffix('n') == Some(y);
        let mut out = Vec::new();
        for (i, (a, fa)) in forms.iter().enumerate() {
            for (b, fb) in &forms[i + 1..] {
                let (rare, fr, freq, ff) = if fa.occs.len() <= fb.occs.len() {
                    (a, fa, b, fb)
                } else {
                    (b, fb, a, fa)
                };
                let long = rare.chars().count().max(freq.chars().count());
                if fr.occs.len() != 1
                    || ff.occs.len() < 2
                    || long < ONE_WORD_MIN + 1
                    || !ff.named
                    // Inside a longer name, a word of a person's name
                    // ("Sara Kim" / "Sarah Lee") is another person; a word
                    // that stands in several names is not a person's.
                    || !(fr.alone || ff.contexts.len() >= 2)
                    || rare.chars().next() != freq.chars().next()
                    || !typo_shape(rare, freq)
                    || !fr.sentences.is_disjoint(&ff.sentences)
                    || !roles_compatible(&fr.roles, &ff.roles)
                    || us_uk(rare, freq)
                    || plural(rare, freq)
                    || plural(freq, rare)
                    || demonym(rare, freq)
                    || demonym(freq, rare)
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
                });
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// An item of the capitals and accent passes: (key, form, span).
type KeyFormItem = (String, String, Span);

/// Passes 4 and 5: (key, form, span) items by key, and the forms of a
/// key; a group when a key has two forms or more. The capitals pass
/// (`lower`) leaves a key that some article writes in lower case: a common
/// word. The accent pass shows a form as its first place writes it.
struct KeyFormPass<'l> {
    lower: Option<&'l LowerWords<'l>>,
}

impl Grouping for KeyFormPass<'_> {
    type Item = KeyFormItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i KeyFormItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.0));
    }

    fn also_depends(&self, facts: &DocFacts, out: &mut Vec<String>) {
        if self.lower.is_some() {
            out.extend(facts.lower_words.iter().cloned());
        }
    }

    fn eval(&self, key: &String, members: &[Member<'_, KeyFormItem>]) -> Option<Group> {
        // Most keys have one form: that is cheap to see.
        let first = &members.first()?.item.1;
        if members.iter().all(|m| m.item.1 == *first) || self.lower.is_some_and(|l| l.contains(key))
        {
            return None;
        }
        let mut forms: BTreeMap<&str, Vec<Occ>> = BTreeMap::new();
        for m in members {
            let (_, form, span) = m.item;
            forms
                .entry(form)
                .or_default()
                .push(occ(m.pos, m.doc, *span));
        }
        if forms.len() < 2 {
            return None;
        }
        let spellings = match self.lower {
            Some(_) => forms
                .into_iter()
                .map(|(text, occs)| Spelling {
                    text: text.to_string(),
                    occs,
                })
                .collect(),
            // Case differences are pass 4's business: one class per
            // accent pattern, shown as first written.
            None => forms
                .into_values()
                .filter_map(|occs| {
                    let first = occs.iter().min()?;
                    let text = members
                        .iter()
                        .find(|m| m.doc.id == first.doc)
                        .map(|m| m.doc.slice(first.span).to_string())?;
                    Some(Spelling { text, occs })
                })
                .collect(),
        };
        Some(Group {
            spellings,
            quiet: false,
        })
    }
}

/// One word or hyphen part of a name: (lower case, as written, span).
type CaseItem = KeyFormItem;

/// The capitals pass's view of one article (cached per article). Words
/// that `name-house-style` reports (a knowledge-base name in other
/// capitals) are its own: one word, one finding.
/// Bytes from a line's start within which a dateline ends.
const MAX_DATELINE: usize = 200;

fn case_items(d: &Document, kb: &KbNames) -> Vec<CaseItem> {
    let mut out = Vec::new();
    for m in &d.facts.names {
        if shouted(d, m) {
            continue;
        }
        for &w in &m.words {
            if kb.house_style_reports(d.slice(w)) {
                continue;
            }
            for part in word_parts(&d.text, w) {
                let text = d.slice(part);
                let shape = case_shape(text);
                if shape == CaseShape::Lower
                    || text.chars().count() < 3
                    || neutral(m, w, part, shape)
                    || (shape == CaseShape::Upper
                        && typographic_capitals(
                            &d.text,
                            d.lines.line_span(&d.text, d.lines.line_of(w.start)).start,
                            w,
                        ))
                {
                    continue;
                }
                out.push((text.to_lowercase(), text.to_string(), part));
            }
        }
    }
    out
}

/// Capitals that come from the place of a word, not from its name: the
/// first word of a paragraph (a lead-in set in capitals), a dateline
/// ("EXAMPLETON/SAMPLEVILLE, May 5 -", "EXAMPLETON (Wire) -"), and a
/// ticker ("(EXMP B DC)", "\"EXMP\"", "NASDAQ: EXMP"). `line_start` is
/// the start of the word's line (from the line index: no scan back over a
/// long line for each word of it).
fn typographic_capitals(text: &str, line_start: usize, word: Span) -> bool {
    let line_start = line_start.min(word.start);
    let Some(before) = text.get(line_start..word.start) else {
        return false;
    };
    if !before.chars().any(char::is_alphanumeric) {
        return true;
    }
    // A dateline: capitals, spaces and slashes from the line start, then a
    // comma, a bracket or a dash. A dateline is short: a line of capitals
    // is not read again for each of its words.
    let line = &text[line_start..];
    if word.end - line_start <= MAX_DATELINE {
        let end = line
            .char_indices()
            .find(|(i, c)| {
                *i > MAX_DATELINE
                    || !(c.is_uppercase()
                        || c.is_ascii_digit()
                        || matches!(c, ' ' | '/' | '.' | '\'' | '&' | '-'))
            })
            .map_or(line.len(), |(i, _)| i);
        let rest = line[end..].trim_start();
        if end <= MAX_DATELINE
            && line_start + end >= word.end
            && (rest.starts_with([',', '(', '—', '–']) || line[..end].ends_with(" -"))
        {
            return true;
        }
    }
    let prev = before.chars().next_back();
    let after = &text[word.end..];
    // Only the next few characters can close a ticker's bracket.
    let near = &after[..crate::text::floor_char_boundary(after, after.len().min(64))];
    if matches!(prev, Some('(' | '[')) {
        if let Some(close) = near.find([')', ']']) {
            if close < 40 && !after[..close].chars().any(char::is_lowercase) {
                return true;
            }
        }
    }
    if prev.is_some_and(is_quote) && after.chars().next().is_some_and(is_quote) {
        return true;
    }
    // "NASDAQ: EXMP": after an exchange code.
    if let Some(b) = before.trim_end().strip_suffix(':') {
        let code: String = b
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if code.chars().count() >= 2 && !code.chars().any(char::is_lowercase) {
            return true;
        }
    }
    false
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»' | '„')
}

/// The knowledge base's spellings, as the name passes need them.
struct KbNames {
    /// Every spelling as written.
    exact: HashSet<String>,
    /// Lower-case spelling → the entry it names.
    entity_of: HashMap<String, usize>,
}

impl KbNames {
    fn new(config: &crate::config::Config) -> KbNames {
        let kb = crate::knowledge::for_config(config);
        let mut exact = HashSet::new();
        let mut entity_of = HashMap::new();
        for (i, e) in kb.entries.iter().enumerate() {
            for (s, _) in crate::kb::Kb::spellings(e) {
                exact.insert(s.to_string());
                entity_of.entry(s.to_lowercase()).or_insert(i);
            }
        }
        KbNames { exact, entity_of }
    }

    /// A spelling of the knowledge base in other capitals, neither in
    /// capitals only nor in lower case only: `name-house-style` reports it.
    fn house_style_reports(&self, text: &str) -> bool {
        let letters = || text.chars().filter(|c| c.is_alphabetic());
        !self.exact.contains(text)
            && self.entity_of.contains_key(&text.to_lowercase())
            && !letters().all(char::is_uppercase)
            && !letters().all(char::is_lowercase)
    }

    /// Two spellings of two different entries of the knowledge base.
    fn distinct(&self, a: &str, b: &str) -> bool {
        matches!((self.entity_of.get(a), self.entity_of.get(b)), (Some(x), Some(y)) if x != y)
    }
}

/// One word of a name: (plain key, composed lower case, span, whether
/// its article writes no letter outside ASCII).
type AccentItem = (String, String, Span, bool);

/// The accent pass's view of one article (cached per article).
fn accent_items(d: &Document) -> Vec<AccentItem> {
    let ascii = !d.text.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    let mut out = Vec::new();
    for m in &d.facts.names {
        for &w in &m.words {
            let text = d.slice(w);
            if text.chars().count() < 3 || !text.chars().any(|c| c.is_alphabetic()) {
                continue;
            }
            out.push((plain(text), text.nfc_lower(), w, ascii));
        }
    }
    out
}

/// Pass 5: a word of a name written with and without accents
/// ("Erdoğan" / "Erdogan", "José" / "Jose"), transliteration drift in one
/// article or across several. An article that writes no accented letter
/// at all renders names in ASCII on purpose: its plain spellings are
/// accepted where the others write the accents.
struct AccentPass;

impl Grouping for AccentPass {
    type Item = AccentItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i AccentItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.0));
    }

    fn eval(&self, _: &String, members: &[Member<'_, AccentItem>]) -> Option<Group> {
        let first = &members.first()?.item.1;
        if members.iter().all(|m| m.item.1 == *first) {
            return None;
        }
        let mut forms: BTreeMap<&str, Vec<(Occ, bool)>> = BTreeMap::new();
        for m in members {
            let (_, form, span, ascii) = m.item;
            forms
                .entry(form)
                .or_default()
                .push((occ(m.pos, m.doc, *span), *ascii));
        }
        if forms.len() < 2 {
            return None;
        }
        let mut plain_forms = forms.iter().filter(|(form, _)| form.is_ascii()).peekable();
        let quiet = plain_forms.peek().is_some()
            && plain_forms
                .flat_map(|(_, occs)| occs)
                .all(|(_, ascii)| *ascii);
        // Case differences are the capitals pass's business: one class
        // per accent pattern, shown as first written.
        let spellings = forms
            .into_values()
            .filter_map(|occs| {
                let first = occs.iter().map(|(o, _)| *o).min()?;
                let text = members
                    .iter()
                    .find(|m| m.doc.id == first.doc)
                    .map(|m| m.doc.slice(first.span).to_string())?;
                Some(Spelling {
                    text,
                    occs: occs.into_iter().map(|(o, _)| o).collect(),
                })
            })
            .collect();
        Some(Group { spellings, quiet })
    }
}

/// Lower case in composed form, so that two encodings of one accent agree.
trait NfcLower {
    fn nfc_lower(&self) -> String;
}

impl NfcLower for str {
    fn nfc_lower(&self) -> String {
        use unicode_normalization::UnicodeNormalization;
        self.nfc().flat_map(char::to_lowercase).collect()
    }
}

/// Reporting: one finding per place of a spelling other than the preferred.
struct Run<'a, 'o> {
    bundle: &'a Bundle,
    house: &'a House,
    kb: &'a KbNames,
    /// Spans already reported, per document: a place is reported once.
    reported: HashMap<DocId, Vec<Span>>,
    out: &'o mut Vec<Finding>,
}

impl Run<'_, '_> {
    fn report(&mut self, mut group: Group) {
        if group
            .spellings
            .iter()
            .any(|s| self.house.is_ignored(&s.text))
        {
            return;
        }
        for s in &mut group.spellings {
            s.occs.sort();
            s.occs.dedup_by_key(|o| (o.doc, o.span));
        }
        group.spellings.retain(|s| !s.occs.is_empty());
        group.spellings.sort_by_key(|s| s.first());
        // The house style's spelling, else the one of the priority articles
        // (`[bundle] priority`), else the knowledge base's, else the most
        // frequent, else the first in bundle order.
        let canonical = group
            .spellings
            .iter()
            .find_map(|s| self.house.canonical_of.get(&s.text))
            .cloned();
        let mut reason: Option<&'static str> = None;
        let preferred = match &canonical {
            Some(c) => c.clone(),
            None => {
                if group.spellings.len() < 2 {
                    return;
                }
                if let Some((best, why)) = self.by_evidence(&group) {
                    reason = Some(why);
                    best
                } else {
                    let best = group
                        .spellings
                        .iter()
                        .max_by(|a, b| {
                            a.occs
                                .len()
                                .cmp(&b.occs.len())
                                .then_with(|| b.first().cmp(&a.first()))
                        })
                        .map(|s| s.text.clone());
                    let Some(best) = best else { return };
                    best
                }
            }
        };
        let certain = canonical.is_some();
        let flagged: Vec<Occ> = group
            .spellings
            .iter()
            .filter(|s| s.text != preferred)
            .flat_map(|s| s.occs.iter().copied())
            .filter(|o| !self.overlaps_reported(o))
            .collect();
        if flagged.is_empty() {
            return;
        }
        if group.quiet {
            for o in flagged {
                self.reported.entry(o.doc).or_default().push(o.span);
            }
            return;
        }
        // The bundle-wide fixes are made once for the group and shared by
        // its findings: "use the preferred spelling everywhere", and, when
        // the group has few spellings, "use this spelling everywhere" for
        // each flagged spelling.
        let everywhere: Arc<[Edit]> = flagged
            .iter()
            .map(|o| Edit {
                location: Location {
                    doc: o.doc,
                    span: o.span,
                },
                new_text: preferred.clone(),
            })
            .collect();
        let firsts: Vec<Option<Occ>> = group.spellings.iter().map(Spelling::first).collect();
        // The spelling of each place: the first that holds it.
        let mut own_of: BTreeMap<Occ, usize> = BTreeMap::new();
        for (i, sp) in group.spellings.iter().enumerate() {
            for o in &sp.occs {
                own_of.entry(*o).or_insert(i);
            }
        }
        let mut own_everywhere: HashMap<usize, Arc<[Edit]>> = HashMap::new();
        for o in &flagged {
            let Some(&own_index) = own_of.get(o) else {
                continue;
            };
            let own = &group.spellings[own_index];
            let own_fix = if group.spellings.len() <= OWN_EVERYWHERE_SPELLINGS {
                let edits = own_everywhere.entry(own_index).or_insert_with(|| {
                    group
                        .spellings
                        .iter()
                        .filter(|s| s.text != own.text)
                        .flat_map(|s| s.occs.iter())
                        .map(|o| Edit {
                            location: Location {
                                doc: o.doc,
                                span: o.span,
                            },
                            new_text: own.text.clone(),
                        })
                        .collect()
                });
                Some(Arc::clone(edits))
            } else {
                None
            };
            let shared = Shared {
                preferred: &preferred,
                certain,
                firsts: &firsts,
                everywhere: &everywhere,
                own_everywhere: own_fix,
            };
            let mut finding = self.finding(&group, own, *o, &shared);
            if let Some(why) = reason {
                let marker = format!("'{preferred}' in ");
                if let Some(i) = finding.message.find(&marker) {
                    let end = finding.message[i..]
                        .find(';')
                        .map_or(finding.message.len(), |j| i + j);
                    finding.message.insert_str(end, &format!(" ({why})"));
                }
            }
            self.out.push(finding);
        }
        for o in flagged {
            self.reported.entry(o.doc).or_default().push(o.span);
        }
    }

    /// The spelling that evidence other than frequency prefers, and why:
    /// the only one written in the articles of the best priority, or the
    /// only one the knowledge base writes as it stands.
    fn by_evidence(&self, group: &Group) -> Option<(String, &'static str)> {
        let rank = |s: &Spelling| {
            s.occs
                .iter()
                .filter_map(|o| self.bundle.get(o.doc).map(|d| d.rank))
                .min()
                .unwrap_or(usize::MAX)
        };
        let ranks: Vec<usize> = group.spellings.iter().map(rank).collect();
        if let Some(&best) = ranks.iter().min() {
            let at_best: Vec<usize> = (0..ranks.len()).filter(|&i| ranks[i] == best).collect();
            if let [only] = at_best.as_slice() {
                return Some((group.spellings[*only].text.clone(), "priority article"));
            }
        }
        let known: Vec<&Spelling> = group
            .spellings
            .iter()
            .filter(|s| self.kb.exact.contains(&s.text))
            .collect();
        match known.as_slice() {
            [only] => Some((only.text.clone(), "knowledge base")),
            _ => None,
        }
    }

    fn overlaps_reported(&self, o: &Occ) -> bool {
        self.reported
            .get(&o.doc)
            .is_some_and(|spans| spans.iter().any(|s| s.overlaps(o.span)))
    }

    fn finding(&self, group: &Group, own: &Spelling, at: Occ, shared: &Shared<'_>) -> Finding {
        let preferred = shared.preferred;
        let certain = shared.certain;

        let location = Location {
            doc: at.doc,
            span: at.span,
        };
        let here = self
            .bundle
            .get(at.doc)
            .map_or(own.text.as_str(), |d| d.slice(at.span));
        // Other spellings, the preferred first.
        let mut others: Vec<(&Spelling, Option<Occ>)> = group
            .spellings
            .iter()
            .zip(shared.firsts)
            .filter(|(s, _)| s.text != own.text)
            .map(|(s, first)| (s, *first))
            .collect();
        others.sort_by_key(|(s, first)| (s.text != preferred, *first));
        let mut parts: Vec<String> = others
            .iter()
            .filter_map(|&(s, first)| {
                let first = first?;
                let cite = self.bundle.cite(Location {
                    doc: first.doc,
                    span: first.span,
                });
                let more = match s.occs.len() {
                    0 | 1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                Some(format!("'{}' in {cite}{more}", s.text))
            })
            .collect();
        if certain && !others.iter().any(|(s, _)| s.text == preferred) {
            parts.insert(0, format!("house style writes '{preferred}'"));
        } else if certain {
            parts[0].push_str(" (house style)");
        }
        let message = format!("'{here}' here; {}", parts.join("; "));
        let related = others
            .iter()
            .flat_map(|(s, _)| {
                s.occs.iter().take(RELATED_PER_SPELLING).map(|o| Related {
                    location: Location {
                        doc: o.doc,
                        span: o.span,
                    },
                    message: format!("'{}' here", s.text),
                })
            })
            .collect();
        let mut replacements: Vec<&str> = others.iter().map(|(s, _)| s.text.as_str()).collect();
        if !replacements.contains(&preferred) {
            replacements.insert(0, preferred);
        }
        let mut fixes: Vec<Fix> = replacements
            .into_iter()
            .filter(|r| *r != here)
            .map(|r| Fix {
                title: format!("Replace with '{r}'"),
                edits: vec![Edit {
                    location,
                    new_text: r.to_string(),
                }]
                .into(),
                certain: certain && r == preferred,
                preferred: r == preferred,
            })
            .collect();
        // "Use X everywhere": one bundle-wide edit for the preferred
        // spelling and one for this place's own, so the writer can pick
        // either (any other is one rename away). Skipped where it would be
        // the same as the single replacement above. Both lists are the
        // group's, shared.
        let mut choices: Vec<(&Spelling, Option<Occ>)> = group
            .spellings
            .iter()
            .zip(shared.firsts)
            .filter(|(s, _)| s.text == preferred || s.text == own.text)
            .map(|(s, first)| (s, *first))
            .collect();
        choices.sort_by_key(|(s, first)| (s.text != preferred, *first));
        for (choice, _) in choices {
            let edits = if choice.text == preferred {
                Arc::clone(shared.everywhere)
            } else if let Some(own_fix) = &shared.own_everywhere {
                Arc::clone(own_fix)
            } else {
                continue;
            };
            let same_as_single = edits.len() == 1 && edits[0].location == location;
            if edits.is_empty() || same_as_single {
                continue;
            }
            fixes.push(Fix {
                title: format!("Use '{}' everywhere in the bundle", choice.text),
                edits,
                certain: certain && choice.text == preferred,
                preferred: false,
            });
        }
        Finding {
            rule: INFO.id,
            severity: INFO.default_severity,
            location,
            message,
            related,
            fixes,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::fixture::{check_rules, check_rules_with_config, findings};

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn accents_dropped_in_one_article_or_across_several() {
        check_rules(
            r#"
//- a.txt
President Tayfun Özdemir spoke. Ozdemir later left.
                                ^^^^^^^ name-variant: 'Ozdemir' here; 'Özdemir' in a.txt:1
//- b.txt
Özdemir met José Ruiz, and Jose Ruíz replied.
                           ^^^^ name-variant: 'Jose' here; 'José' in b.txt:1
                                ^^^^ name-variant: 'Ruíz' here; 'Ruiz' in b.txt:1
"#,
            RULE,
        );
    }

    #[test]
    fn person_name_one_letter_off_across_articles() {
        check_rules(
            r#"
//- a.txt
Northwind analysts Mark Dunn and Priya Rao said.
//- b.txt
– Mark Dunne and Priya Roa, analysts
  ^^^^^^^^^^ name-variant: 'Mark Dunne' here; 'Mark Dunn' in a.txt:1
                 ^^^^^^^^^ name-variant: 'Priya Rao' in a.txt:1
"#,
            RULE,
        );
    }

    #[test]
    fn majority_decides_and_related_points_at_it() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Shares of Examplecorp rose, said Mara Quill, a strategist.
//- b.txt
Mara Quill, a strategist, agreed.
//- c.txt
Strategist Mara Quil disagreed.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(bundle.cite(f.location), "c.txt:1");
        assert_eq!(
            f.message,
            "'Mara Quil' here; 'Mara Quill' in a.txt:1 (and 1 more)"
        );
        assert_eq!(f.related.len(), 2);
        assert_eq!(f.fixes[0].title, "Replace with 'Mara Quill'");
        assert!(f.fixes[0].preferred && !f.fixes[0].certain);
    }

    #[test]
    fn compound_spacing_and_hyphens() {
        check_rules(
            r#"
//- a.txt
It launched the Zeta5-Max-Preview model and Port Example.
//- b.txt
The Zeta-5-Max-Preview model is sold in Portexample.
    ^^^^^^^^^^^^^^^^^^ name-variant: 'Zeta5-Max-Preview' in a.txt:1
                                        ^^^^^^^^^^^ name-variant
"#,
            RULE,
        );
    }

    #[test]
    fn capitals_of_a_word_and_of_a_hyphen_part() {
        check_rules(
            r#"
//- a.txt
Veltra sells chips to ExampleAI, and Veltra's rival uses Zeta5-Next.
//- b.txt
Buyers said ExampleAI and the Zeta5 line lead, as does Veltra.
//- c.txt
Orders from Exampleai for VELTRA chips grew, and ZETA5-Max shipped.
            ^^^^^^^^^ name-variant: 'ExampleAI' in a.txt:1 (and 1 more)
                          ^^^^^^ name-variant
                                                 ^^^^^ name-variant
"#,
            RULE,
        );
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
    fn sentence_starts_headlines_and_common_words() {
        check_rules(
            r#"
//- a.txt
Examplecorp Stock Pops 6% In Port Example As Homegrown Chips Rival Others
What Sample Intelligence Says
The cloud unit grew and artificial intelligence helped.
//- b.txt
Cloud revenue rose. Its Artificial Intelligence (AI) unit and Examplecorp's Cloud grew.
Stock traders cheered the stock.
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

    #[test]
    fn relatives_and_people_sharing_a_first_name() {
        check_rules(
            r#"
//- a.txt
Kim Jong-un met Robert Smith and Kim Yo-jong.
//- b.txt
Kim Jong-il met Tom Hale, whose daughter Kim Jong-in agreed.
"#,
            RULE,
        );
    }

    #[test]
    fn similar_names_with_different_roles_are_two_people() {
        check_rules(
            r#"
//- a.txt
Said analyst Mark Kelly at Example Bank.
//- b.txt
Said Senator Mark Kelley of Samplestate.
"#,
            RULE,
        );
    }

    #[test]
    fn similar_names_in_one_article_are_two_people() {
        check_rules(
            r#"
//- a.txt
Jon Smith and John Smith, brothers, both spoke.
//- b.txt
John Smith spoke again.
"#,
            RULE,
        );
    }

    #[test]
    fn plurals_and_roman_numerals_are_not_typos() {
        check_rules(
            r#"
//- a.txt
Acme Holdings and Pope Leo III spoke; Serena Williams won.
//- b.txt
Acme Holding and Pope Leo XIII spoke; Serena William won.
"#,
            RULE,
        );
    }

    #[test]
    fn bylines_and_datelines_in_capitals_are_typography() {
        check_rules(
            r#"
//- a.txt
By JANE DOE and the desk
EXAMPLETON (Wire) - Shares rose in Exampleton.
//- b.txt
EXAMPLETON, May 5 - Jane Doe reported it from Exampleton.
"#,
            RULE,
        );
    }

    #[test]
    fn house_style_decides_and_is_certain() {
        let config = Config::parse(
            "[names]\ncanonical = { \"Veltra\" = [\"VELTRA\"] }\nignore = [\"Widget Bot\"]\n",
        )
        .expect("config");
        check_rules_with_config(
            r#"
//- a.txt
VELTRA rose; the WIDGET Bot app and VELTRA chips sold.
^^^^^^ name-variant: house style writes 'Veltra'
                                    ^^^^^^ name-variant
//- b.txt
Widget Bot sold well.
"#,
            RULE,
            &config,
        );
        let (_, _, found) = crate::fixture::findings_with_config(
            "//- a.txt\nVELTRA rose and VELTRA fell.\n//- b.txt\nVeltra held.\n",
            RULE,
            &config,
        );
        assert_eq!(found.len(), 2);
        let fix = &found[0].fixes[0];
        assert_eq!(fix.title, "Replace with 'Veltra'");
        assert!(fix.certain && fix.preferred);
        let all = found[0]
            .fixes
            .iter()
            .find(|f| f.title == "Use 'Veltra' everywhere in the bundle")
            .expect("fix-all");
        assert!(all.certain);
        assert_eq!(all.edits.len(), 2);
    }

    #[test]
    fn fix_everywhere_replaces_only_the_part() {
        let (_, bundle, found) = findings(
            "//- a.txt\nZeta5-Next and Zeta5-Pro and Zeta5 shipped.\n//- b.txt\nThen ZETA5-Max and ZETA5-Mini shipped.\n",
            RULE,
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        let titles: Vec<&str> = found[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert!(
            titles.contains(&"Use 'ZETA5' everywhere in the bundle"),
            "{titles:?}"
        );
        let all = found[0]
            .fixes
            .iter()
            .find(|f| f.title == "Use 'Zeta5' everywhere in the bundle")
            .expect("fix-all");
        let replaced: Vec<&str> = all
            .edits
            .iter()
            .filter_map(|e| bundle.get(e.location.doc).map(|d| d.slice(e.location.span)))
            .collect();
        assert_eq!(replaced, ["ZETA5", "ZETA5"]);
    }

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

    #[test]
    fn datelines_tickers_and_lead_ins_in_capitals_are_typography() {
        check_rules(
            r#"
//- a.txt
EXAMPLETON/SAMPLEVILLE, May 5 - Veltra rose in Exampleton and Sampleville.
VELTRA's board met on Monday.
Shares of Veltra (VELTRA B DC) trade as "VELTRA" and on NASDAQ: VELTRA too.
//- b.txt
Veltra and Exampleton and Sampleville, said Veltra.
"#,
            RULE,
        );
    }

    /// Tickers far into a long line, after a lone CR line: placed by the
    /// line index, they stay typography.
    #[test]
    fn tickers_deep_in_a_long_line_are_typography() {
        let moves = "Veltra (VELTRA B DC) rose 1.2%, ".repeat(12);
        let text = format!(
            "//- a.txt\nEXAMPLETON, May 5 - markets\r{moves}and \"VELTRA\" held.\n//- b.txt\nVeltra rose in Exampleton.\n"
        );
        check_rules(&text, RULE);
    }

    #[test]
    fn an_ascii_article_renders_accents_plainly() {
        check_rules(
            r#"
//- a.txt
Chief executive Søren Dalby spoke, and Dalby left.
//- b.txt
Chief executive Soren Dalby agreed.
"#,
            RULE,
        );
    }

    #[test]
    fn hyphens_after_particles_and_lower_case_prefixes_are_style() {
        check_rules(
            r#"
//- a.txt
The quake hit Al-Samra province; the Zeta micro-XD card sold.
//- b.txt
Rescuers reached Al Samra province; the Zeta microXD card sold.
"#,
            RULE,
        );
    }

    #[test]
    fn roles_of_one_family_are_one_person() {
        check_rules(
            r#"
//- a.txt
Executive vice president Ola Holm Lunde said so.
//- b.txt
Development head Ola Holm Lund agreed.
                 ^^^^^^^^^^^^^ name-variant: 'Ola Holm Lund' here; 'Ola Holm Lunde' in a.txt:1
"#,
            RULE,
        );
    }

    #[test]
    fn a_name_misspelt_once_in_the_article_that_writes_it_right() {
        check_rules(
            r#"
//- a.txt
Lars Brekke spoke first. Then Lars Brekke left.
Lars Breke returned later.
^^^^^^^^^^ name-variant: 'Lars Breke' here; 'Lars Brekke' in a.txt:1 (and 1 more)
"#,
            RULE,
        );
    }

    #[test]
    fn the_knowledge_base_decides_over_frequency() {
        let config = Config::parse(
            r#"
[[entity]]
id = "zeta5pro"
kind = "company"
name = "Zeta5-Pro"
what = "A test entry."
source = { title = "test", as_of = "2025" }
"#,
        )
        .expect("config");
        check_rules_with_config(
            r#"
//- a.txt
The Zeta-5-Pro sold well, and the Zeta-5-Pro shipped.
    ^^^^^^^^^^ name-variant: 'Zeta-5-Pro' here; 'Zeta5-Pro' in b.txt:1 (knowledge base)
                                  ^^^^^^^^^^ name-variant
//- b.txt
The Zeta5-Pro sold well.
"#,
            RULE,
            &config,
        );
    }

    #[test]
    fn ties_go_to_the_first_source() {
        let (_, bundle, found) = findings(
            "//- a.txt\nThe Zeta5-Max-Preview shipped.\n//- b.txt\nThe Zeta-5-Max-Preview shipped.\n",
            RULE,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(bundle.cite(found[0].location), "b.txt:1");
    }
}
