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
//! not in a machine translation (see [`crate::shared::translation`]); then
//! one without a doubled word; then the one of the article with fewer
//! marks of translation; then the tighter version (fewer words); then the
//! words themselves in a fixed order, never the order of the files. The
//! other is reported once, with the speaker and the words that differ, and
//! a fix that copies the reference unless the reference is the machine
//! translation's or the misspelt version.

//!
//! The parts: [`words`] folds and tokenizes the words of a quotation;
//! [`quotations`] finds the
//! quotations of an article and their speakers; [`align`] lines two
//! versions up and describes their differences.

mod align;
mod quotations;
mod words;

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::bundle::Document;
use crate::checks::{Check, CheckContext, Scope};
use crate::memo::{Grouping, Member};
use crate::shared::translation::translations;
use crate::types::{Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

use align::{align, describe, shorten, Alignment};
use quotations::{doc_quotes, same_speaker_quotes, At};
use words::fold_word;

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
    /// `saying` in ASCII lower case, and `function_words`, as sets: asked
    /// for every word outside a quotation and every word two versions
    /// share.
    #[serde(skip)]
    saying_set: foldhash::HashSet<String>,
    #[serde(skip)]
    function_set: foldhash::HashSet<String>,
}

const QUOTES_TOML: &str = include_str!("../../../../data/quotes.toml");

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
        l.saying_set = l.saying.iter().map(|w| w.to_ascii_lowercase()).collect();
        l.function_set = l.function_words.iter().cloned().collect();
        l
    })
}

/// A verb of saying, in any case of its ASCII letters.
fn is_saying(word: &str) -> bool {
    let set = &lists().saying_set;
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        set.contains(&word.to_ascii_lowercase())
    } else {
        set.contains(word)
    }
}

fn is_function_word(folded: &str) -> bool {
    lists().function_set.contains(folded)
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
    /// [`crate::shared::translation`]): its version is never copied over
    /// another.
    machine: bool,
    /// The article's marks of translation.
    marks: usize,
}

impl Check for QuoteMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    /// Every quotation aligned with its speaker's others.
    fn cost(&self) -> u32 {
        3
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let docs = cx.documents();
        let marks = translations(cx.memo, docs);
        let per_doc = cx
            .memo
            .per_document("quote-mismatch", docs, |d| doc_quotes(d, marks.get(d.id)));
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
/// first and last initials, which [`quotations::same_speaker`] requires: an edit
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
        // The members are in bundle order: an article's first by halving.
        let doc_at = |pos: usize| {
            let i = members.partition_point(|m| m.pos < pos);
            members.get(i).filter(|m| m.pos == pos).map(|m| m.doc)
        };
        let same = same_speaker_quotes(&quotes);
        // The distinct word sequences in their fixed order: a quotation's
        // words as their place in it, so that equal words are aligned once
        // and compared as a number.
        let mut distinct: Vec<&[String]> = quotes.iter().map(|q| q.words.as_slice()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let wid: Vec<usize> = quotes
            .iter()
            .map(|q| {
                distinct
                    .binary_search(&q.words.as_slice())
                    .unwrap_or(usize::MAX)
            })
            .collect();
        // The alignments of every pair of one speaker's quotations in two
        // articles, as (other quotation, alignment, reversed): each
        // alignment is of the earlier quotation's words with the later's,
        // computed once for each two word sequences; reversed when this
        // quotation is the later one.
        let mut alignments: Vec<Alignment> = Vec::new();
        let mut by_words: foldhash::HashMap<(usize, usize), usize> = Default::default();
        let links: Vec<Vec<(usize, usize, bool)>> = quotes
            .iter()
            .enumerate()
            .map(|(k, q)| {
                let mut v = Vec::new();
                for &j in same.get(q.speaker.as_str()).map_or(&[][..], Vec::as_slice) {
                    let Some(o) = quotes.get(j) else { continue };
                    if o.doc == q.doc {
                        continue;
                    }
                    let (lo, hi) = (k.min(j), k.max(j));
                    let (Some(a), Some(b)) = (quotes.get(lo), quotes.get(hi)) else {
                        continue;
                    };
                    let key = (
                        wid.get(lo).copied().unwrap_or(usize::MAX),
                        wid.get(hi).copied().unwrap_or(usize::MAX),
                    );
                    let at = *by_words.entry(key).or_insert_with(|| {
                        alignments.push(align(&a.words, &b.words));
                        alignments.len() - 1
                    });
                    v.push((j, at, j < k));
                }
                v
            })
            .collect();
        let pairs = |k: usize| {
            let alignments = &alignments;
            links
                .get(k)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter_map(move |&(j, at, rev)| alignments.get(at).map(|al| (j, al, rev)))
        };
        // How many other articles print the same words (or an excerpt):
        // the better supported version is the reference.
        // An excerpt with an omission ("…") agrees with every version of
        // the words it leaves out: it supports none.
        let gapped: Vec<bool> = quotes
            .iter()
            .map(|q| q.words.iter().any(|w| w == GAP))
            .collect();
        let support: Vec<usize> = (0..quotes.len())
            .map(|k| {
                let mut docs: Vec<usize> = pairs(k)
                    .filter(|(_, al, _)| al.edits == 0)
                    .filter(|(j, _, _)| !gapped.get(*j).copied().unwrap_or(true))
                    .filter_map(|(j, _, _)| quotes.get(j))
                    .map(|o| o.doc)
                    .collect();
                docs.sort_unstable();
                docs.dedup();
                docs.len()
            })
            .collect();
        // The evidence for a version, best first: more articles print it;
        // it is not a machine translation; it has no doubled word; its
        // article has fewer marks of translation; it is the tighter version
        // (fewer words: translation and retelling pad); then (only when
        // nothing else tells) its words in a fixed order,
        // so that the order of the files decides nothing.
        let ranks: Vec<_> = quotes
            .iter()
            .enumerate()
            .map(|(k, q)| {
                (
                    support.get(k).copied().unwrap_or(0),
                    !q.machine,
                    !q.doubled,
                    std::cmp::Reverse(q.marks),
                    std::cmp::Reverse(q.words.len()),
                    std::cmp::Reverse(wid.get(k).copied().unwrap_or(usize::MAX)),
                )
            })
            .collect();
        let rank = |k: usize| ranks.get(k).copied();
        let mut out = Vec::new();
        for (k, b) in quotes.iter().enumerate() {
            // The best version of this quotation in another article that
            // has better evidence than this one.
            let best = pairs(k)
                .filter(|(j, al, _)| rank(*j) > rank(k) && al.reworded())
                .max_by(|x, y| {
                    let (rx, ry) = (rank(x.0), rank(y.0));
                    rx.map(|r| r.0)
                        .cmp(&ry.map(|r| r.0))
                        .then(x.1.matched.cmp(&y.1.matched).then(rx.cmp(&ry)))
                });
            let Some((j, al, rev)) = best else {
                continue;
            };
            // The alignment with this quotation's words first.
            let al: Cow<'_, Alignment> = if rev {
                let mut back = al.clone();
                for h in &mut back.hunks {
                    std::mem::swap(&mut h.0, &mut h.1);
                }
                Cow::Owned(back)
            } else {
                Cow::Borrowed(al)
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
                    // Named by its words, not its file: the same fix
                    // whatever the files are called.
                    title: format!("Use the wording “{}”", shorten(other, 60)),
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
                    describe(&al, b, a)
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
    fn verbs_of_saying_in_any_case_and_function_words_folded() {
        use super::{is_function_word, is_saying, lists};
        let verb = lists().saying.first().cloned().unwrap_or_default();
        assert!(is_saying(&verb));
        assert!(is_saying(&verb.to_uppercase()));
        assert!(!is_saying(&format!("{verb}zz")));
        assert!(is_function_word("the"));
        assert!(!is_function_word("The"));
    }

    #[test]
    fn a_tie_is_decided_by_the_words_not_the_files() {
        let one = "“We will rebuild the bridge before the winter,” said Mara Quill.";
        let two = "“We will rebuild the old bridge before the winter,” said Mara Quill.";
        for (x, y) in [("a.txt", "b.txt"), ("b.txt", "a.txt")] {
            let text = format!("//- {x}\n{one}\n//- {y}\n{two}\n");
            let (_, bundle, found) = findings(&text, RULE);
            assert_eq!(found.len(), 1, "{found:#?}");
            // The tighter version is the reference.
            assert_eq!(bundle.cite(found[0].location), format!("{y}:1"));
            assert!(found[0].fixes.iter().all(|f| !f.preferred));
        }
    }
}
