//! The `quote-mismatch` check: the same speaker quoted across the bundle
//! with words that differ. Owns finding quotations in a paragraph, their
//! speaker, and comparing them.
//!
//! A quotation is the text between double quotes (straight or curly) in
//! one paragraph, at least four words long (shorter ones are scare quotes
//! or titles). Its speaker is a person's name in the same paragraph, outside
//! the quotes, next to a verb of saying ("said Jane Doe", "Jane Doe told");
//! "he said" or "she added" keeps the article's last speaker.
//!
//! Two quotations of one speaker in two articles are compared after
//! folding case, punctuation and plural endings: identical ones and one
//! that is an excerpt of the other agree; ones that share most of their
//! content words but not all differ, and the later one (bundle order) is
//! reported with the other version and its place. A quotation that no other
//! article has is not a finding.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::analysis::bundle::Document;
use crate::analysis::checks::{Check, CheckContext, Scope};
use crate::analysis::engine::{Grouping, Member};
use crate::analysis::extract::{NameKind, NameMention};
use crate::analysis::lexicon;
use crate::analysis::text::starting_within;
use crate::analysis::types::{Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

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

/// Verbs and phrases that attribute a quotation.
const SAYING: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "added",
    "adds",
    "quoted",
    "quoting",
    "according",
    "warned",
    "warns",
    "explained",
    "explains",
    "noted",
    "notes",
    "wrote",
    "writes",
    "stated",
    "states",
    "acknowledged",
    "argued",
    "argues",
    "insisted",
    "commented",
    "remarked",
    "underlined",
    "underlines",
    "emphasized",
    "emphasised",
    "stressed",
    "replied",
    "asked",
    "continued",
    "predicted",
    "declared",
    "announced",
    "recalled",
    "observed",
    "cautioned",
    // Verbs that translations from Spanish, French or German leave
    // ("aseguró", "affirmé", "betonte").
    "assured",
    "assures",
    "affirmed",
    "affirms",
    "indicated",
    "indicates",
    "pointed",
    "signalled",
    "signaled",
    "maintained",
    "claimed",
    "admitted",
    "conceded",
    "promised",
    "vowed",
    "confirmed",
    "highlighted",
];

/// Words left out of the comparison: they say little about the wording.
const STOP: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are", "was",
    "were", "be", "been", "it", "its", "this", "that", "these", "those", "with", "by", "as",
    "from", "about", "we", "our", "us", "they", "their", "he", "she", "his", "her", "i", "my",
    "will", "would", "can", "could", "should", "has", "have", "had", "not", "so", "very", "more",
    "most", "also", "all", "just", "there", "which", "who", "what", "next", "last", "year", "week",
    "month", "today", "now", "new", "one", "two", "keep", "do", "does", "did", "get",
];

/// Shortest quotation compared, in words.
const MIN_WORDS: usize = 4;
/// Content words that two versions must share.
const MIN_SHARED: usize = 4;
/// Dice similarity of the content words from which two versions are one
/// quotation worded differently.
const MIN_SIMILARITY: f64 = 0.5;
/// Share of the shorter version's content words that the other has in the
/// same order: a reworded quotation keeps its thread.
const MIN_ORDER: f64 = 0.6;

#[derive(Debug, Clone)]
struct Quote {
    inner: Span,
    speaker: String,
    /// Folded words, in order.
    words: Vec<String>,
    content: HashSet<String>,
    /// The content words in order.
    sequence: Vec<String>,
}

/// Lower case, straight apostrophes, words of letters and digits; a
/// possessive or plural ending is dropped.
fn fold_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| {
            w.trim_matches(|c| c == '\'' || c == '’')
                .to_lowercase()
                .replace('’', "'")
        })
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("s'"))
                .map(str::to_string)
                .unwrap_or(w);
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .collect()
}

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
    [prev, next]
        .iter()
        .any(|w| !w.is_empty() && SAYING.iter().any(|s| w.eq_ignore_ascii_case(s)))
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
    let mut last_speaker: Option<String> = None;
    // The people named in full so far in the article, as `person` keys.
    let mut people: Vec<String> = Vec::new();
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
                        return Some((span, key, !m.roles.is_empty()));
                    }
                    if m.kind != NameKind::Word || !next_to_saying(doc, line, m.span) {
                        return None;
                    }
                    let key = by_surname(&people, &doc.slice(m.core).to_lowercase())?;
                    Some((m.core, key, !m.roles.is_empty()))
                })
                .collect();
        if spans.is_empty() {
            // "he said" in a later paragraph: the last person named,
            // preferring one written with a role.
            if let Some((_, k, _)) = names.iter().rev().find(|n| n.2).or(names.last()) {
                last_speaker = Some(k.clone());
            }
            continue;
        }
        let rest = outside(doc, line, &spans);
        if !has_word(&rest, SAYING) {
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
                .map(|(_, k, _)| k.clone())
                .or_else(|| pronoun.then(|| last_speaker.clone()).flatten());
            let Some(speaker) = speaker else {
                continue;
            };
            last_speaker = Some(speaker.clone());
            let words = fold_words(doc.slice(*q));
            if words.len() < MIN_WORDS {
                continue;
            }
            let sequence: Vec<String> = words
                .iter()
                .filter(|w| !STOP.contains(&w.as_str()))
                .cloned()
                .collect();
            let content = sequence.iter().cloned().collect();
            out.push(Quote {
                inner: *q,
                speaker,
                words,
                content,
                sequence,
            });
        }
    }
    out
}

/// The person a name mention stands for, as (span, lower-case words): two
/// or three capitalised words, cut at a connector ("Jane Doe of Example
/// Capital" is Jane Doe). `None` for a one-word name or a longer one.
pub(super) fn person(doc: &Document, m: &NameMention) -> Option<(Span, String)> {
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

/// Is `short` a run of consecutive words of `long`?
fn is_excerpt(short: &[String], long: &[String]) -> bool {
    short.len() <= long.len() && long.windows(short.len()).any(|w| w == short)
}

/// (shared content words, Dice similarity of the content words, longest
/// common run in order over the shorter quotation's content words).
fn similarity(a: &Quote, b: &Quote) -> (usize, f64, f64) {
    let shared = a.content.intersection(&b.content).count();
    let total = a.content.len() + b.content.len();
    let shorter = a.sequence.len().min(b.sequence.len());
    if total == 0 || shorter == 0 {
        return (0, 0.0, 0.0);
    }
    let order = lcs(&a.sequence, &b.sequence) as f64 / shorter as f64;
    (shared, 2.0 * shared as f64 / total as f64, order)
}

/// Length of the longest common subsequence of two word lists.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[b.len()]
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
        let mut out = Vec::new();
        let agree = |a: &Quote, b: &Quote| {
            a.words == b.words || is_excerpt(&a.words, &b.words) || is_excerpt(&b.words, &a.words)
        };
        // How many other articles quote the same speaker with the same words
        // (or an excerpt): the better supported version is the reference.
        let same = same_speaker_quotes(&quotes);
        let peers = |q: &Quote| {
            same.get(q.speaker.as_str())
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter_map(|&j| quotes.get(j).map(|o| (j, o)))
        };
        let support: Vec<usize> = quotes
            .iter()
            .map(|q| {
                peers(q)
                    .filter(|(_, o)| o.doc != q.doc && agree(o, q))
                    .count()
            })
            .collect();
        for (k, b) in quotes.iter().enumerate() {
            // The best version of this quotation in another article that is
            // better supported than this one, or as well and earlier.
            let best = peers(b)
                .filter(|&(j, _)| {
                    let (sj, sk) = (support.get(j), support.get(k));
                    sj > sk || (sj == sk && j < k)
                })
                .map(|(_, a)| a)
                .filter(|a| a.doc != b.doc)
                .filter(|a| !agree(a, b))
                .map(|a| (a, similarity(a, b)))
                .filter(|(_, (shared, sim, order))| {
                    *shared >= MIN_SHARED && *sim >= MIN_SIMILARITY && *order >= MIN_ORDER
                })
                .max_by(|x, y| x.1 .1.total_cmp(&y.1 .1));
            let Some((a, _)) = best else {
                continue;
            };
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
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                location: here,
                message: format!(
                    "Quoted differently in {}: “{}”",
                    da.cite(a.inner.start),
                    shorten(other, 120)
                ),
                related: vec![Related {
                    location: there,
                    message: "the other version of this quotation".to_string(),
                }],
                fixes: vec![Fix {
                    title: format!("Use the wording of {}", da.cite(a.inner.start)),
                    edits: vec![Edit {
                        location: here,
                        new_text: da.slice(a.inner).to_string(),
                    }],
                    certain: false,
                    preferred: false,
                }],
            });
        }
        (!out.is_empty()).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::{check_rules, findings};

    const RULE: &[&str] = &["quote-mismatch"];

    #[test]
    fn same_speaker_other_words_across_articles() {
        check_rules(
            r#"
//- a.txt
"Northwind's recent actions have completely shifted investor focus to its cloud potential," said Mara Quill, a strategist at Example Capital.
//- b.txt
“Northwind’s recent moves have shifted investors’ focus completely to its cloud potential,” Mara Quill told reporters.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch: Quoted differently in a.txt:1
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
}
