//! The `quote-mismatch` check: the same speaker quoted across the bundle
//! with words that differ. Owns finding quotations in a paragraph, their
//! speaker, and comparing them word by word.
//!
//! A quotation is the text between double quotes (straight or curly) in
//! one paragraph, at least four words long (shorter ones are scare quotes
//! or titles). Its speaker is a person's name in the same paragraph, outside
//! the quotes, next to a verb of saying ("said Jane Doe", "Jane Doe told");
//! "he said" or "she added" keeps the article's last speaker. The verbs
//! and the function words are data (`server/data/quotes.toml`).
//!
//! Two quotations of one speaker in two articles are aligned word by word
//! after folding case, punctuation and plural endings: all of the shorter
//! against the stretch of the longer that fits it best, an ellipsis or a
//! bracketed insertion matching any words. No difference is an excerpt
//! and agrees; a few words changed, added, dropped or moved, with most of
//! the words the same and in order, is one quotation worded differently;
//! fewer words in common are two statements. A quotation that no other
//! article has is not a finding.
//!
//! The reference version is the one more articles print; then one that is
//! not in a machine translation (an article with a space before its
//! commas or a decimal comma, see [`translation_artifacts`]); then one
//! without a doubled word; only then the first in bundle order. The other
//! is reported once, with the speaker and the words that differ, and a fix
//! that copies the reference unless the reference is the machine
//! translation's or the misspelt version.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::bundle::Document;
use crate::checks::{Check, CheckContext, Scope};
use crate::extract::{NameKind, NameMention};
use crate::lexicon;
use crate::memo::{Grouping, Member};
use crate::text::starting_within;
use crate::types::{Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

pub struct QuoteMismatch;

static INFO: RuleInfo = RuleInfo {
    id: "quote-mismatch",
    default_severity: Severity::Warning,
    summary: "The same speaker is quoted with different words in two articles.",
    flags: &[
        "'“Our recent moves shifted the focus to cloud,” said Jane Doe.' here and '\"Our recent actions completely shifted the focus to cloud,\" Jane Doe said.' there",
    ],
    passes: &[
        "the same words with other punctuation or capitals",
        "a quotation that is an excerpt of the other",
        "two different statements by the same speaker",
        "a quotation that only one article has",
    ],
};

/// The word lists of `server/data/quotes.toml`: verbs that attribute a
/// quotation and the function words left out of a "content word" count.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Lists {
    saying: Vec<String>,
    function_words: Vec<String>,
}

const QUOTES_TOML: &str = include_str!("../../../data/quotes.toml");

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut l = toml::from_str::<Lists>(QUOTES_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/quotes.toml does not parse: {e}");
            Lists::default()
        });
        for w in &mut l.saying {
            *w = w.to_lowercase();
        }
        for w in &mut l.function_words {
            *w = fold_word(w);
        }
        l
    })
}

fn is_saying(word: &str) -> bool {
    lists().saying.iter().any(|s| word.eq_ignore_ascii_case(s))
}

fn is_function_word(folded: &str) -> bool {
    lists().function_words.iter().any(|s| s == folded)
}

/// Shortest quotation compared, in words.
const MIN_WORDS: usize = 4;
/// Words that two versions of one quotation must have in the same order
/// (of them, content words: see `function_words` in the data file).
const MIN_MATCHED: usize = 3;
const MIN_MATCHED_CONTENT: usize = 2;
/// Share of the longer side of the aligned stretch that is the same words
/// in the same order: below it, two quotations are two statements.
const MIN_SAME_SHARE: f64 = 0.65;
/// The token standing for an omission ("…", "[...]", "[the company]"): it
/// matches any run of words of the other version.
const GAP: &str = "…";
/// What a word the same and in order is worth in an alignment, against 1
/// for each word added or left out.
const MATCH: i32 = 3;

#[derive(Debug, Clone)]
struct Quote {
    inner: Span,
    /// The speaker as a `person` key (lower-case words).
    speaker: String,
    /// The speaker as the article writes them.
    speaker_shown: String,
    /// Folded words in order, [`GAP`] for an omission.
    words: Vec<String>,
    /// The same words as written, for the message.
    shown: Vec<String>,
    /// The quotation repeats a word ("the the"): a slip, never a
    /// reference.
    doubled: bool,
    /// The article reads like a machine translation (see
    /// [`translation_artifacts`]): its version is never copied over
    /// another.
    machine: bool,
}

/// One word folded for comparison: lower case, straight apostrophes, a
/// possessive or plural ending dropped.
fn fold_word(w: &str) -> String {
    let w = w
        .trim_matches(|c| c == '\'' || c == '’')
        .to_lowercase()
        .replace('’', "'");
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("s'"))
        .map(str::to_string)
        .unwrap_or(w);
    if w.chars().count() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w[..w.len() - 1].to_string()
    } else {
        w
    }
}

/// Lower case, straight apostrophes, words of letters and digits; a
/// possessive or plural ending is dropped.
#[cfg(test)]
fn fold_words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|(f, _)| f).collect()
}

/// The words of a quotation as (folded, as written); an ellipsis or a
/// bracketed insertion is one [`GAP`].
fn tokens(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let gap = |out: &mut Vec<(String, String)>| {
        if out.last().is_none_or(|(f, _)| f != GAP) {
            out.push((GAP.to_string(), GAP.to_string()));
        }
    };
    let mut word = String::new();
    let mut in_bracket = false;
    let mut dots = 0;
    let flush = |word: &mut String, out: &mut Vec<(String, String)>| {
        let shown = word.trim_matches(|c| c == '\'' || c == '’').to_string();
        if !shown.is_empty() {
            let folded = fold_word(&shown);
            if !folded.is_empty() {
                out.push((folded, shown));
            }
        }
        word.clear();
    };
    for c in text.chars() {
        if in_bracket {
            if c == ']' {
                in_bracket = false;
            }
            continue;
        }
        if c == '.' {
            dots += 1;
            if dots == 3 {
                flush(&mut word, &mut out);
                gap(&mut out);
            }
        } else {
            dots = 0;
        }
        match c {
            '[' => {
                flush(&mut word, &mut out);
                gap(&mut out);
                in_bracket = true;
            }
            '…' => {
                flush(&mut word, &mut out);
                gap(&mut out);
            }
            c if c.is_alphanumeric() || c == '\'' || c == '’' => word.push(c),
            _ => flush(&mut word, &mut out),
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Marks of a machine translation in an article: a space before a
/// comma, full stop or "'s", a space inside brackets, a decimal comma in
/// English text ("2,70 dollars"). Newsroom copy has next to none.
fn translation_artifacts(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut n = 0;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let prev2 = i.checked_sub(2).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let next2 = chars.get(i + 2).copied();
        let after = chars.get(i + 3).copied();
        let word_before = prev == Some(' ') && prev2.is_some_and(char::is_alphanumeric);
        match c {
            // "hostel ," "accident ." (not "… ." or a spaced ellipsis)
            ',' | '.' | ';' if word_before && next.is_none_or(char::is_whitespace) => n += 1,
            // "Acme Air 's"
            '\'' | '’'
                if word_before
                    && next == Some('s')
                    && next2.is_none_or(|c| !c.is_alphanumeric()) =>
            {
                n += 1
            }
            '(' if next == Some(' ') => n += 1,
            ')' if prev == Some(' ') => n += 1,
            // "2,70" or "8,1 percent", not "1,752"
            ',' if prev.is_some_and(|c| c.is_ascii_digit())
                && next.is_some_and(|c| c.is_ascii_digit())
                && (next2.is_none_or(|c| !c.is_ascii_digit())
                    || after.is_none_or(|c| !c.is_ascii_digit())) =>
            {
                n += 1
            }
            _ => {}
        }
    }
    n
}

/// Marks of translation from which an article is taken for a machine
/// translation.
const MACHINE_ARTIFACTS: usize = 3;

/// Quotations of one line: inner spans, closed within the line.
fn quotations(line: &str, base: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in line.char_indices() {
        match c {
            '“' => open = Some(i + c.len_utf8()),
            '”' => {
                if let Some(o) = open.take() {
                    out.push(Span::new(base + o, base + i));
                }
            }
            '"' => match open.take() {
                Some(o) => out.push(Span::new(base + o, base + i)),
                None => open = Some(i + 1),
            },
            _ => {}
        }
    }
    out
}

fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|s| w.eq_ignore_ascii_case(s)))
}

fn has_saying(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(is_saying)
}

/// The text of a line outside its quotations.
fn outside(doc: &Document, line: Span, quotes: &[Span]) -> String {
    let mut s = String::new();
    let mut at = line.start;
    for q in quotes {
        s.push_str(doc.slice(Span::new(at, q.start.max(at))));
        s.push(' ');
        at = q.end;
    }
    s.push_str(doc.slice(Span::new(at.min(line.end), line.end)));
    s
}

/// The person an article names by surname alone ("Doe said") after
/// naming them in full: the one person named so far whose last word is
/// this word. Two such people (Jane Doe and John Doe) leave it unknown.
fn by_surname(people: &[String], word: &str) -> Option<String> {
    let mut found = people
        .iter()
        .filter(|p| p.contains(' ') && p.rsplit(' ').next() == Some(word));
    let first = found.next()?;
    found.all(|p| p == first).then(|| first.clone())
}

/// Is the word just before or just after `span` (within the line, past
/// spaces and commas) a verb of saying: "Doe said", "said Doe, who ..."?
/// A surname alone counts as a speaker only there, not as a modifier
/// ("Alliance leader Jane Doe").
fn next_to_saying(doc: &Document, line: Span, span: Span) -> bool {
    let is_gap = |c: char| c.is_whitespace() || c == ',';
    let before = doc.slice(Span::new(line.start, span.start.max(line.start)));
    let after = doc.slice(Span::new(span.end.min(line.end), line.end));
    let prev = before
        .trim_end_matches(is_gap)
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let next = after
        .trim_start_matches(is_gap)
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    [prev, next].iter().any(|w| !w.is_empty() && is_saying(w))
}

/// A quotation of the `doc`-th article in bundle order.
struct At<'q> {
    doc: usize,
    q: &'q Quote,
}

impl std::ops::Deref for At<'_> {
    type Target = Quote;
    fn deref(&self) -> &Quote {
        self.q
    }
}

/// The quotations of one article with their speakers (cached per article).
fn doc_quotes(doc: &Document) -> Vec<Quote> {
    let mut out = Vec::new();
    let machine = translation_artifacts(&doc.text) >= MACHINE_ARTIFACTS;
    // (key, as written)
    let mut last_speaker: Option<(String, String)> = None;
    // The people named in full so far in the article, as `person` keys,
    // and how the article first writes each.
    let mut people: Vec<String> = Vec::new();
    let mut shown_as: HashMap<String, String> = HashMap::new();
    for l in 0..doc.lines.line_count() {
        let line = doc.lines.line_span(&doc.text, l);
        let spans = quotations(doc.slice(line), line.start);
        // Speakers: names of people in the line, outside the quotations.
        let names: Vec<(Span, String, bool)> =
            starting_within(&doc.facts.names, line, |m| m.span.start)
                .iter()
                .filter(|m| {
                    line.start <= m.span.start
                        && m.span.end <= line.end
                        && !spans.iter().any(|q| q.overlaps(m.span))
                })
                .filter_map(|m| {
                    if let Some((span, key)) = person(doc, m) {
                        people.push(key.clone());
                        shown_as
                            .entry(key.clone())
                            .or_insert_with(|| doc.slice(span).to_string());
                        return Some((span, key, !m.roles.is_empty()));
                    }
                    if m.kind != NameKind::Word || !next_to_saying(doc, line, m.span) {
                        return None;
                    }
                    let key = by_surname(&people, &doc.slice(m.core).to_lowercase())?;
                    Some((m.core, key, !m.roles.is_empty()))
                })
                .collect();
        let shown = |k: &String, span: Span| {
            shown_as
                .get(k)
                .cloned()
                .unwrap_or_else(|| doc.slice(span).to_string())
        };
        if spans.is_empty() {
            // "he said" in a later paragraph: the last person named,
            // preferring one written with a role.
            if let Some((s, k, _)) = names.iter().rev().find(|n| n.2).or(names.last()) {
                last_speaker = Some((k.clone(), shown(k, *s)));
            }
            continue;
        }
        let rest = outside(doc, line, &spans);
        if !has_saying(&rest) {
            continue;
        }
        let pronoun = has_word(&rest, &["he", "she"]);
        for q in &spans {
            // The first name after the quotation, else the last before it;
            // on either side a name written with a role comes first
            // ("Example Capital analyst Jane Doe said").
            let after = || names.iter().filter(|(s, _, _)| s.start >= q.end);
            let before = || names.iter().rev().filter(|(s, _, _)| s.end <= q.start);
            let speaker = after()
                .find(|n| n.2)
                .or_else(|| after().next())
                .or_else(|| before().find(|n| n.2))
                .or_else(|| before().next())
                .map(|(s, k, _)| (k.clone(), shown(k, *s)))
                .or_else(|| pronoun.then(|| last_speaker.clone()).flatten());
            let Some((speaker, speaker_shown)) = speaker else {
                continue;
            };
            last_speaker = Some((speaker.clone(), speaker_shown.clone()));
            let (words, shown): (Vec<String>, Vec<String>) =
                tokens(doc.slice(*q)).into_iter().unzip();
            if words.iter().filter(|w| *w != GAP).count() < MIN_WORDS {
                continue;
            }
            let doubled = words
                .windows(2)
                .any(|w| w[0] == w[1] && w[0] != GAP && w[0].chars().any(char::is_alphabetic));
            out.push(Quote {
                inner: *q,
                speaker,
                speaker_shown,
                words,
                shown,
                doubled,
                machine,
            });
        }
    }
    out
}

/// The person a name mention stands for, as (span, lower-case words): two
/// or three capitalised words, cut at a connector ("Jane Doe of Example
/// Capital" is Jane Doe). `None` for a one-word name or a longer one.
pub(super) fn person(doc: &Document, m: &NameMention) -> Option<(Span, String)> {
    if m.kind == NameKind::Word {
        return after_initials(doc, m);
    }
    if m.kind != NameKind::MultiWord {
        return None;
    }
    let mut words = vec![*m.words.first()?];
    for pair in m.words.windows(2) {
        let gap = doc.slice(Span::new(pair[0].end, pair[1].start));
        // Spaces, or a particle of the surname ("Pieter de Vries"); "of"
        // ends the name ("Jane Doe of Example Capital").
        let joined = gap.chars().all(char::is_whitespace)
            || (gap.starts_with(' ')
                && gap.ends_with(' ')
                && lexicon::names().is_surname_particle(gap.trim()));
        if !joined {
            break;
        }
        words.push(pair[1]);
    }
    if !(2..=3).contains(&words.len()) {
        return None;
    }
    let key = words
        .iter()
        .map(|w| doc.slice(*w).to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let span = Span::new(words.first()?.start, words.last()?.end);
    Some((span, key))
}

/// A one-word name just after initials ("G.S. Doe"), which a full stop
/// may have cut from it: the person with the initials as a first name.
fn after_initials(doc: &Document, m: &NameMention) -> Option<(Span, String)> {
    let before = doc.text.get(..m.span.start)?.strip_suffix(' ')?;
    let initials = before.rsplit(char::is_whitespace).next()?;
    let letters = initials.chars().filter(|c| c.is_alphabetic()).count();
    let shaped = initials.ends_with('.')
        && initials.chars().all(|c| c == '.' || c.is_uppercase())
        && initials.matches('.').count() == letters;
    if !(1..=3).contains(&letters) || !shaped {
        return None;
    }
    let start = before.len() - initials.len();
    let key = format!(
        "{} {}",
        initials.to_lowercase(),
        doc.slice(m.core).to_lowercase()
    );
    Some((Span::new(start, m.span.end), key))
}

/// Same person: the same words, or the same first initial and the same
/// surname or one a typo away ("Jane Doe" / "J. Doe" / "Jane Dow"): the
/// quotations must still share most of their words to be compared, so a
/// misspelt speaker is no reason to miss a reworded quotation.
fn same_speaker(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (Some(af), Some(al)) = (a.split(' ').next(), a.rsplit(' ').next()) else {
        return false;
    };
    let (Some(bf), Some(bl)) = (b.split(' ').next(), b.rsplit(' ').next()) else {
        return false;
    };
    (al == bl || super::name_variant::near_miss(al, bl)) && af.chars().next() == bf.chars().next()
}

/// Speaker → the indices (ascending) of the quotations whose speaker is
/// the same person. Spellings are compared once per pair of distinct
/// spellings and only within a block of equal first and last initials,
/// which [`same_speaker`] requires, so the work grows with the quotations of
/// one person, never with every pair of quotations in the bundle.
fn same_speaker_quotes<'q>(quotes: &[At<'q>]) -> HashMap<&'q str, Vec<usize>> {
    let mut by_speaker: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, q) in quotes.iter().enumerate() {
        by_speaker.entry(q.q.speaker.as_str()).or_default().push(i);
    }
    let mut blocks: HashMap<(Option<char>, Option<char>), Vec<&str>> = HashMap::new();
    for &s in by_speaker.keys() {
        blocks.entry(initials(s)).or_default().push(s);
    }
    let mut same = HashMap::new();
    for speakers in blocks.values() {
        for &s in speakers {
            let mut idx: Vec<usize> = speakers
                .iter()
                .filter(|t| same_speaker(s, t))
                .filter_map(|t| by_speaker.get(t))
                .flatten()
                .copied()
                .collect();
            idx.sort_unstable();
            same.insert(s, idx);
        }
    }
    same
}

/// How two versions of a quotation line up: all of the shorter against
/// the stretch of the longer that fits it best, so that an excerpt costs
/// nothing; an omission ([`GAP`]) on either side matches any run of words.
#[derive(Debug, Clone, Default, PartialEq)]
struct Alignment {
    /// Words added or left out (a word replaced is both).
    edits: usize,
    /// Words the same and in the same order.
    matched: usize,
    /// Of them, content words.
    matched_content: usize,
    /// The longer side of the aligned stretch, in words.
    span: usize,
    /// The runs that differ, as word ranges of the first and the second
    /// version (a range is empty where one version has nothing).
    hunks: Vec<(Range<usize>, Range<usize>)>,
}

impl Alignment {
    /// One quotation worded differently (not two statements, not an
    /// excerpt).
    fn reworded(&self) -> bool {
        self.edits > 0
            && self.matched >= MIN_MATCHED
            && self.matched_content >= MIN_MATCHED_CONTENT
            && self.matched as f64 >= MIN_SAME_SHARE * self.span as f64
    }
}

/// Aligns `a` with `b` (see [`Alignment`]); hunks are (words of `a`,
/// words of `b`).
fn align(a: &[String], b: &[String]) -> Alignment {
    if a.len() <= b.len() {
        align_into(a, b)
    } else {
        let mut al = align_into(b, a);
        for h in &mut al.hunks {
            std::mem::swap(&mut h.0, &mut h.1);
        }
        al
    }
}

/// All of `s` against the best stretch of `l`: the most words the same
/// and in order, each at the price of a few words added or left out
/// ([`MATCH`]); the words of `l` before and after the stretch are free.
fn align_into(s: &[String], l: &[String]) -> Alignment {
    let (n, m) = (s.len(), l.len());
    let w = m + 1;
    let mut d = vec![0i32; (n + 1) * w];
    let at = |i: usize, j: usize| i * w + j;
    for i in 1..=n {
        let gap = s[i - 1] == GAP;
        d[at(i, 0)] = d[at(i - 1, 0)] - i32::from(!gap);
        for j in 1..=m {
            d[at(i, j)] = if gap || l[j - 1] == GAP {
                d[at(i - 1, j)].max(d[at(i, j - 1)])
            } else {
                let skip = d[at(i - 1, j)].max(d[at(i, j - 1)]) - 1;
                if s[i - 1] == l[j - 1] {
                    skip.max(d[at(i - 1, j - 1)] + MATCH)
                } else {
                    skip
                }
            };
        }
    }
    let Some(end) = (0..=m).rev().max_by_key(|&j| d[at(n, j)]) else {
        return Alignment::default();
    };
    let mut al = Alignment::default();
    // Walk back: ops in reverse order. `open` is the end (i, j) of the
    // differing run being read.
    let (mut i, mut j) = (n, end);
    let (mut s_words, mut l_words) = (0usize, 0usize);
    let mut open: Option<(usize, usize)> = None;
    let close = |open: &mut Option<(usize, usize)>, hunks: &mut Vec<_>, i: usize, j: usize| {
        if let Some((ei, ej)) = open.take() {
            hunks.push((i..ei, j..ej));
        }
    };
    while i > 0 {
        let here = d[at(i, j)];
        if s[i - 1] == GAP {
            close(&mut open, &mut al.hunks, i, j);
            if j > 0 && here == d[at(i, j - 1)] {
                j -= 1;
            } else {
                i -= 1;
            }
        } else if j > 0 && l[j - 1] == GAP {
            close(&mut open, &mut al.hunks, i, j);
            if here == d[at(i - 1, j)] {
                i -= 1;
            } else {
                j -= 1;
            }
        } else if j > 0 && s[i - 1] == l[j - 1] && here == d[at(i - 1, j - 1)] + MATCH {
            close(&mut open, &mut al.hunks, i, j);
            al.matched += 1;
            if !is_function_word(&s[i - 1]) {
                al.matched_content += 1;
            }
            s_words += 1;
            l_words += 1;
            i -= 1;
            j -= 1;
        } else if here == d[at(i - 1, j)] - 1 {
            open.get_or_insert((i, j));
            al.edits += 1;
            s_words += 1;
            i -= 1;
        } else {
            open.get_or_insert((i, j));
            al.edits += 1;
            l_words += 1;
            j -= 1;
        }
    }
    close(&mut open, &mut al.hunks, i, j);
    al.hunks.reverse();
    al.span = s_words.max(l_words);
    al
}

/// The content words of `q` in `ranges`, sorted.
fn content_words(q: &Quote, ranges: impl Iterator<Item = Range<usize>>) -> Vec<&str> {
    let mut v: Vec<&str> = ranges
        .flatten()
        .filter_map(|i| q.words.get(i))
        .map(String::as_str)
        .filter(|w| !is_function_word(w))
        .collect();
    v.sort_unstable();
    v
}

/// The differences of an alignment as an editor reads them: “new words”
/// here, “old words” there. Runs that only move content words about are
/// shown as one, marked as word order.
fn describe(al: &Alignment, here: &Quote, there: &Quote) -> String {
    let show = |q: &Quote, r: Range<usize>| -> String {
        q.shown.get(r).map(|w| w.join(" ")).unwrap_or_default()
    };
    let here_moved = content_words(here, al.hunks.iter().map(|h| h.0.clone()));
    let there_moved = content_words(there, al.hunks.iter().map(|h| h.1.clone()));
    if let (true, Some(first), Some(last)) = (
        al.hunks.len() >= 2 && !here_moved.is_empty() && here_moved == there_moved,
        al.hunks.first(),
        al.hunks.last(),
    ) {
        return format!(
            "“{}” here, “{}” there (word order)",
            show(here, first.0.start..last.0.end),
            show(there, first.1.start..last.1.end)
        );
    }
    // A run left out in one place and added in another is a run moved.
    let words = |q: &Quote, r: &Range<usize>| q.words.get(r.clone()).map(<[String]>::to_vec);
    let mut moved_to: Vec<Option<usize>> = vec![None; al.hunks.len()];
    let mut is_moved = vec![false; al.hunks.len()];
    for (x, (hx, tx)) in al.hunks.iter().enumerate() {
        if hx.is_empty() || !tx.is_empty() {
            continue;
        }
        let found = al.hunks.iter().enumerate().position(|(y, (hy, ty))| {
            hy.is_empty()
                && !ty.is_empty()
                && !is_moved.get(y).copied().unwrap_or(true)
                && words(here, hx) == words(there, ty)
        });
        if let Some(y) = found {
            if let Some(m) = moved_to.get_mut(x.min(y)) {
                *m = Some(x);
            }
            for z in [x, y] {
                if let Some(b) = is_moved.get_mut(z) {
                    *b = true;
                }
            }
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for (k, (h, t)) in al.hunks.iter().enumerate() {
        if let Some(&Some(x)) = moved_to.get(k) {
            if let Some((hx, _)) = al.hunks.get(x) {
                parts.push(format!("“{}” moved", show(here, hx.clone())));
            }
            continue;
        }
        if is_moved.get(k).copied().unwrap_or(false) {
            continue;
        }
        parts.push(match (h.is_empty(), t.is_empty()) {
            (false, false) => format!(
                "“{}” here, “{}” there",
                show(here, h.clone()),
                show(there, t.clone())
            ),
            (false, true) => format!("“{}” added here", show(here, h.clone())),
            _ => format!("“{}” left out here", show(there, t.clone())),
        });
    }
    let total = parts.len();
    parts.truncate(3);
    if total > 3 {
        parts.push("…".to_string());
    }
    parts.join("; ")
}

/// At most `max` chars of `text`, cut at a word, with "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

impl Check for QuoteMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let docs = cx.documents();
        let per_doc = cx.memo.per_document("quote-mismatch", docs, doc_quotes);
        let items: Vec<&[Quote]> = per_doc.iter().map(|v| v.as_slice()).collect();
        for found in cx
            .memo
            .grouped("quote-mismatch/speakers", &Speakers, docs, &items)
        {
            out.extend(found.iter().cloned());
        }
    }
}

/// The quotations are compared within a block of speakers with the same
/// first and last initials, which [`same_speaker`] requires: an edit
/// re-reads only the blocks of the speakers it quotes.
struct Speakers;

fn initials(s: &str) -> (Option<char>, Option<char>) {
    (
        s.split(' ').next().and_then(|w| w.chars().next()),
        s.rsplit(' ').next().and_then(|w| w.chars().next()),
    )
}

impl Grouping for Speakers {
    type Item = Quote;
    type Key = (Option<char>, Option<char>);
    type Version = ();
    type Output = Vec<Finding>;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, q: &'i Quote, out: &mut Vec<Cow<'i, Self::Key>>) {
        out.push(Cow::Owned(initials(&q.speaker)));
    }

    fn eval(&self, _: &Self::Key, members: &[Member<'_, Quote>]) -> Option<Vec<Finding>> {
        let quotes: Vec<At<'_>> = members
            .iter()
            .map(|m| At {
                doc: m.pos,
                q: m.item,
            })
            .collect();
        let doc_at = |pos: usize| members.iter().find(|m| m.pos == pos).map(|m| m.doc);
        let same = same_speaker_quotes(&quotes);
        // The alignments of every pair of one speaker's quotations in two
        // articles.
        let mut aligned: HashMap<(usize, usize), Alignment> = HashMap::new();
        for (k, q) in quotes.iter().enumerate() {
            for &j in same.get(q.speaker.as_str()).map_or(&[][..], Vec::as_slice) {
                let Some(o) = quotes.get(j) else { continue };
                if j > k && o.doc != q.doc {
                    let al = align(&q.words, &o.words);
                    let mut back = al.clone();
                    for h in &mut back.hunks {
                        std::mem::swap(&mut h.0, &mut h.1);
                    }
                    aligned.insert((k, j), al);
                    aligned.insert((j, k), back);
                }
            }
        }
        let pairs = |k: usize| {
            let aligned = &aligned;
            quotes
                .get(k)
                .and_then(|q| same.get(q.speaker.as_str()))
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter_map(move |&j| aligned.get(&(k, j)).map(|al| (j, al)))
        };
        // How many other articles print the same words (or an excerpt):
        // the better supported version is the reference.
        // An excerpt with an omission ("…") agrees with every version of
        // the words it leaves out: it supports none.
        let support: Vec<usize> = (0..quotes.len())
            .map(|k| {
                pairs(k)
                    .filter(|(_, al)| al.edits == 0)
                    .filter_map(|(j, _)| quotes.get(j))
                    .filter(|o| !o.words.iter().any(|w| w == GAP))
                    .map(|o| o.doc)
                    .collect::<std::collections::BTreeSet<usize>>()
                    .len()
            })
            .collect();
        // The evidence for a version, best first: more articles print it;
        // it is not a machine translation; it has no doubled word; its
        // article comes first (only when nothing else tells).
        let rank = |k: usize| {
            let q = quotes.get(k);
            (
                support.get(k).copied().unwrap_or(0),
                !q.is_some_and(|q| q.machine),
                !q.is_some_and(|q| q.doubled),
                std::cmp::Reverse(q.map_or(usize::MAX, |q| q.doc)),
            )
        };
        let mut out = Vec::new();
        for (k, b) in quotes.iter().enumerate() {
            // The best version of this quotation in another article that
            // has better evidence than this one.
            let best = pairs(k)
                .filter(|(j, al)| rank(*j) > rank(k) && al.reworded())
                .max_by(|x, y| {
                    rank(x.0).0.cmp(&rank(y.0).0).then(
                        x.1.matched
                            .cmp(&y.1.matched)
                            .then(rank(x.0).cmp(&rank(y.0))),
                    )
                });
            let Some((j, al)) = best else {
                continue;
            };
            let Some(a) = quotes.get(j) else { continue };
            let (Some(da), Some(db)) = (doc_at(a.doc), doc_at(b.doc)) else {
                continue;
            };
            let other = da.slice(a.inner).trim().trim_end_matches([',', ';', ':']);
            let here = Location {
                doc: db.id,
                span: b.inner,
            };
            let there = Location {
                doc: da.id,
                span: a.inner,
            };
            let others = support.get(j).copied().unwrap_or(0);
            let also = if others > 0 {
                format!(" (and {others} more)")
            } else {
                String::new()
            };
            // Never copy a machine translation's version, or one with a
            // doubled word, over one that is neither.
            let copyable = (!a.machine || b.machine) && (!a.doubled || b.doubled);
            let fixes = if copyable {
                vec![Fix {
                    title: format!("Use the wording of {}", da.cite(a.inner.start)),
                    edits: vec![Edit {
                        location: here,
                        new_text: da.slice(a.inner).to_string(),
                    }]
                    .into(),
                    certain: false,
                    preferred: support.get(j) > support.get(k),
                }]
            } else {
                Vec::new()
            };
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                location: here,
                message: format!(
                    "{} quoted differently in {}{}: {}",
                    b.speaker_shown,
                    da.cite(a.inner.start),
                    also,
                    describe(al, b, a)
                ),
                related: vec![Related {
                    location: there,
                    message: format!("the other version: “{}”", shorten(other, 120)),
                }],
                fixes,
            });
        }
        (!out.is_empty()).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{check_rules, findings};

    const RULE: &[&str] = &["quote-mismatch"];

    #[test]
    fn same_speaker_other_words_across_articles() {
        check_rules(
            r#"
//- a.txt
"Northwind's recent actions have completely shifted investor focus to its cloud potential," said Mara Quill, a strategist at Example Capital.
//- b.txt
“Northwind’s recent moves have shifted investors’ focus completely to its cloud potential,” Mara Quill told reporters.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch: Mara Quill quoted differently in a.txt:1: “moves” here, “actions” there; “completely” moved
"#,
            RULE,
        );
    }

    #[test]
    fn a_name_with_a_role_is_the_speaker() {
        check_rules(
            r#"
//- a.txt
"Cloud chip demand will double within two years in every region," Example Capital analyst Mara Quill said.
//- b.txt
"Cloud chip demand will triple within two years in every region," said Mara Quill of Example Capital.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
"#,
            RULE,
        );
    }

    #[test]
    fn pronoun_keeps_the_last_speaker() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Analyst Mara Quill spoke at the fair.
"Demand for cloud chips will double within two years across the region," she said.
//- b.txt
"Demand for cloud chips will triple within two years across the region," Mara Quill said.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(bundle.cite(found[0].location), "b.txt:1");
        assert_eq!(bundle.cite(found[0].related[0].location), "a.txt:2");
        assert!(!found[0].fixes[0].certain);
    }

    #[test]
    fn punctuation_case_excerpts_and_other_statements_pass() {
        check_rules(
            r#"
//- a.txt
“Cloud demand is strong, and margins will recover next year,” said Mara Quill.
“We will not sell the chip unit to anyone,” said Mara Quill.
“Prices for memory chips will keep falling this quarter,” said Tom Reyes.
"Demand for our chips will keep growing next year as customers build data centers," Ana Ortiz said.
//- b.txt
"cloud demand is strong and margins will recover next year" said Mara Quill.
Mara Quill said margins "will recover next year" as demand grows.
"Our shipping business is growing faster than any other unit," said Mara Quill.
“Prices for memory chips will keep rising this quarter,” said Ana Ortiz.
Asked about pricing, Ana Ortiz said: "We will keep prices stable for our customers next year."
"#,
            RULE,
        );
    }

    #[test]
    fn folding_drops_plurals_possessives_and_punctuation() {
        assert_eq!(
            fold_words("Investors’ focus, Alibaba's moves!"),
            ["investor", "focu", "alibaba", "move"]
        );
        assert!(same_speaker("jane doe", "j doe"));
        assert!(!same_speaker("jane doe", "john roe"));
        assert!(same_speaker("ingrid solheim", "ingrid solhiem"));
        assert!(!same_speaker("ingrid solheim", "ingrid vance"));
        assert!(!same_speaker("ana silva", "ben silvo"));
    }

    #[test]
    fn the_version_that_other_articles_confirm_is_the_reference() {
        // c.txt quotes an excerpt of a.txt's version: b.txt is the odd one,
        // even though c.txt comes last.
        check_rules(
            r#"
//- a.txt
“We will replace every affected battery free of charge within a month,” said Mara Quill.
//- b.txt
“We will replace every battery free of charge within a month,” said Mara Quill.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
//- c.txt
Mara Quill said the company would “replace every affected battery free of charge.”
"#,
            RULE,
        );
        // The first article is the odd one when the later two agree.
        check_rules(
            r#"
//- a.txt
“We will replace every battery free of charge within a month,” said Mara Quill.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
//- b.txt
“We will replace every affected battery free of charge within a month,” said Mara Quill.
//- c.txt
Mara Quill said the company would “replace every affected battery free of charge.”
"#,
            RULE,
        );
    }

    #[test]
    fn verbs_of_translated_copy_attribute_too() {
        check_rules(
            r#"
//- a.txt
“This gives us the firepower to double our grid investment by 2030,” said Mara Quill.
//- b.txt
The finance director, Mara Quill, assured that “this gives us the firepower to double our investment in grids until 2030.”
                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
//- c.txt
Mara Quill, the finance director, showed a slide titled “Double the grid investment by 2030.”
"#,
            RULE,
        );
    }

    #[test]
    fn a_misspelt_speaker_is_still_the_speaker() {
        check_rules(
            r#"
//- a.txt
“We will replace every affected battery free of charge within a month,” said Mara Quill.
//- b.txt
Chief executive Mara Quil apologised to customers.
“We will replace every battery free of charge within a month,” she said.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
“We will replace every battery free of charge within a month,” said Mara Quinn.
"#,
            RULE,
        );
    }

    #[test]
    fn a_surname_alone_is_the_person_named_before() {
        check_rules(
            r#"
//- a.txt
Fire chief Mara Quill spoke at dawn.
“We are fighting this fire on three fronts and the wind is not our friend,” Quill said.
//- b.txt
Pieter de Vries, the mayor, met residents.
“We looked at each other across the table for a long time,” de Vries said.
//- c.txt
“We fight this fire on three fronts and the wind is not with us,” said fire chief Mara Quill.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
“We had looked at each other across the table for a very long time,” Pieter de Vries said.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
"#,
            RULE,
        );
    }

    #[test]
    fn a_surname_two_people_share_is_nobody() {
        // Jane and Tom Quill: "Quill said" could be either.
        check_rules(
            r#"
//- a.txt
Jane Quill and her brother Tom Quill run the farm.
“We are fighting this fire on three fronts and the wind is not our friend,” Quill said.
//- b.txt
“We fight this fire on three fronts and the wind is not with us,” said Jane Quill.
"#,
            RULE,
        );
        // "Alliance" is a modifier of the leader, not a speaker.
        check_rules(
            r#"
//- a.txt
The Centrist Alliance won the vote.
“We are ready to talk to every party that respects the constitution,” Alliance leader Mara Quill said.
//- b.txt
Mara Quill, the Alliance leader, spoke.
“We are willing to speak with every party that respects our constitution,” Quill said.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
"#,
            RULE,
        );
        assert_eq!(
            by_surname(&["jane quill".into()], "quill").as_deref(),
            Some("jane quill")
        );
        assert_eq!(
            by_surname(&["jane quill".into(), "tom quill".into()], "quill"),
            None
        );
        assert_eq!(by_surname(&["jane quill".into()], "jane"), None);
    }

    #[test]
    fn reordered_words_are_one_quotation_worded_differently() {
        check_rules(
            r#"
//- a.txt
"A quiet revolution in farming has started," said Mara Quill.
//- b.txt
"A quiet farming revolution has started," Mara Quill told the fair.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch: “farming revolution” here, “revolution in farming” there (word order)
//- c.txt
“A quiet revolution in farming has started,” said Mara Quill on Monday.
"#,
            RULE,
        );
    }

    #[test]
    fn one_word_changed_in_an_excerpt_or_a_short_quotation() {
        check_rules(
            r#"
//- a.txt
“We respectfully reject the findings published today,” said Tom Reyes. “We will study the ruling with care before we decide on an appeal.”
//- b.txt
Tom Reyes said: “We respectfully reject the verdict published today.”
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch: “verdict” here, “findings” there
Tom Reyes said they would “study the ruling with great care before” deciding.
                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch: “great” added here
//- c.txt
Tom Reyes said they would “study the ruling with care before we decide on an appeal”.
Tom Reyes said they would “study the ruling … before we decide”.
"#,
            RULE,
        );
    }

    #[test]
    fn a_machine_translation_is_never_the_reference() {
        // The first article has a space before its full stops and decimal
        // commas: its version is the one reported, whatever the order of
        // the files, and the fix copies the other article's version.
        for (mt, other) in [("a.txt", "b.txt"), ("b.txt", "a.txt")] {
            let text = format!(
                r#"
//- {mt}
Output rose 4,5 percent , the ministry said . Prices fell 2,1 percent .
“The harvest of this year is the best since the war,” said Mara Quill.
//- {other}
“This year's harvest is the best since the war,” said Mara Quill.
"#
            );
            let (_, bundle, found) = findings(&text, RULE);
            assert_eq!(found.len(), 1, "{found:#?}");
            assert_eq!(bundle.cite(found[0].location), format!("{mt}:2"));
            assert!(found[0].fixes.iter().all(|f| f
                .edits
                .iter()
                .all(|e| e.new_text.starts_with("This year's"))));
        }
    }

    #[test]
    fn a_version_with_a_doubled_word_is_never_copied() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
“We will rebuild the the bridge before the winter,” said Mara Quill.
//- b.txt
“We will rebuild the old bridge before the winter,” said Mara Quill.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(bundle.cite(found[0].location), "a.txt:1");
        assert!(found[0].fixes.iter().all(|f| !f.preferred));
        assert!(found[0]
            .fixes
            .iter()
            .all(|f| f.edits.iter().all(|e| !e.new_text.contains("the the"))));
    }

    #[test]
    fn translation_artifacts_are_counted() {
        assert_eq!(
            translation_artifacts("Sales rose 1,752 units, said Jane Doe."),
            0
        );
        assert_eq!(
            translation_artifacts("Examplecorp 's plant ( the big one ) rose 2,5 percent ."),
            5
        );
    }

    #[test]
    fn alignment_finds_the_stretch_and_the_runs_that_differ() {
        let w = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let excerpt = align(
            &w("new chapter in our history"),
            &w("this is a new chapter in our history today"),
        );
        assert_eq!(excerpt.edits, 0);
        let changed = align(
            &w("the bright new page in our long history"),
            &w("this is the bright new chapter in our long history today"),
        );
        assert_eq!(changed.hunks, vec![(3..4, 5..6)]);
        assert!(changed.reworded());
        let gap = align(
            &w("this is … today"),
            &w("this is a new chapter in our history today"),
        );
        assert_eq!(gap.edits, 0);
        let other = align(
            &w("we will cut price for our customer next year"),
            &w("demand for our chip will keep growing next year"),
        );
        assert!(!other.reworded(), "{other:?}");
    }
}
