//! Aligning open claim frames across the articles of a bundle.
//!
//! Two frames of different articles state the same claim when they have
//! the same kind of unit, compatible times (the same day and session for a
//! figure that changes over time; neither of another time or event), the
//! same part of a whole, and a measure similarity above a threshold: the
//! words around the figures that they share, each weighted by how rare it
//! is in the bundle and how close it stands to its figure, or, where the
//! two sentences hold the same number of figures of the unit and the
//! figures stand at the same rank, the words their whole sentences share
//! (paraphrases: "levied on Acme in 2009" and "imposed on chipmaker Acme").
//!
//! Nothing is compared over the whole bundle: frames are grouped by unit,
//! and a frame meets only the frames that share one of its rarest words.
//! In each other article a frame's best-aligned frame either agrees with
//! it or not; a frame that more articles contradict than confirm is an
//! outlier. The articles that confirm a contradicting frame count against
//! it too (two articles agreeing against one, where the one aligns with
//! only one of them), for figures that do not move and are of one size. A near miss (digits transposed, one digit off) is strong
//! evidence; values spread over several incompatible values are a series
//! (a toll rising through the day), information at most.

mod index;
mod judge;
pub mod weekdays;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::bundle::Bundle;
use crate::claims::dates::{article_dates, weekday_anchor};
use crate::config::Config;
use crate::extract::figures::{resolve_when_anchored, SimpleDate};
use crate::extract::frames::{sentence_words, Frame, Stem};
use crate::types::{DocId, Severity};

use index::{all_candidates, Candidates, Index};
pub(crate) use index::{measure_idf, Keyed};
use judge::{judge, shared_words};

/// Below this similarity two frames are not the same claim.
const ALIGN: f32 = 0.3;
/// A contradiction this well aligned is a warning.
const STRONG: f32 = 0.55;
/// A contradiction by most articles this well aligned is a warning: two
/// or more articles that agree with each other against one are strong
/// evidence once the frames align at all.
const MAJORITY: f32 = 0.3;
/// A near miss this well aligned is a warning.
const NEAR: f32 = 0.4;
/// The least weight of words a frame is measured against.
/// In words found on one frame only: the weight of a word depends on the
/// number of frames, so a bundle of three short articles is held to the
/// same bar as one of forty figures.
const FLOOR: f32 = 0.9;
/// Sentences sharing this much of their weight say the same thing.
const SENT_ALIGN: f32 = 0.45;
/// The least weight of words a sentence is measured against, in words
/// found in one sentence only.
const SENT_FLOOR: f32 = 3.0;
/// Sentences sharing fewer content words than this are not compared.
const SENT_WORDS: usize = 3;
/// The rarest words of a frame that find its candidates.
const KEYS: usize = 4;
/// A word on more frames of a unit than this finds no candidates: it
/// says too little of what they measure (and a bundle of thousands of
/// articles would compare too much).
const MAX_POSTING: usize = 48;

/// A frame placed in its article and in time.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    pub doc: DocId,
    pub frame: &'a Frame,
    pub day: Option<SimpleDate>,
    /// The words of the frame's whole sentence ([`sentence_words`]),
    /// shared by the frames of one sentence.
    pub sentence: Arc<[Stem]>,
}

/// A frame that the bundle's other articles contradict.
#[derive(Debug, Clone)]
pub struct Disagreement {
    /// Index into the placed frames.
    pub me: usize,
    pub severity: Severity,
    /// The contradicting frames (indices), one per article.
    pub others: Vec<usize>,
    /// The measure words the frames share, for the message.
    pub label: String,
}

/// Every frame of the bundle, placed in time. The articles are read over
/// the threads, each thread keeping the canonical words it has met.
pub fn placed<'a>(bundle: &'a Bundle, config: &Config) -> Vec<Placed<'a>> {
    placed_on(bundle, &days(bundle, config))
}

/// [`placed`], given the bundle's [`days`].
pub fn placed_on<'a>(bundle: &'a Bundle, days: &[Option<SimpleDate>]) -> Vec<Placed<'a>> {
    use rayon::prelude::*;
    let docs = bundle.documents();
    // Where each article's frames start among the bundle's.
    let mut first = Vec::with_capacity(docs.len());
    let mut n = 0;
    for d in &docs {
        first.push(n);
        n += d.facts.figures.frames.len();
    }
    let per_doc: Vec<Vec<Placed<'a>>> = docs
        .par_iter()
        .with_max_len(crate::bundle::DOC_PIECE)
        .zip(first)
        .map(|(d, first)| {
            let mut out = Vec::with_capacity(d.facts.figures.frames.len());
            let mut last: Option<(crate::types::Span, Arc<[Stem]>)> = None;
            for (k, f) in d.facts.figures.frames.iter().enumerate() {
                let sentence = match &last {
                    Some((span, words)) if *span == f.sentence => words.clone(),
                    _ => {
                        let words: Arc<[Stem]> = d
                            .text
                            .get(f.sentence.start..f.sentence.end)
                            .map(|_| sentence_words(&d.text, f.sentence))
                            .unwrap_or_default()
                            .into();
                        last = Some((f.sentence, words.clone()));
                        words
                    }
                };
                out.push(Placed {
                    sentence,
                    doc: d.id,
                    frame: f,
                    day: days.get(first + k).copied().flatten(),
                });
            }
            out
        })
        .collect();
    // One list of the known length: not grown (and copied) frame by frame.
    let mut all = Vec::with_capacity(n);
    for placed in per_doc {
        all.extend(placed);
    }
    all
}

/// The day of every frame of the bundle ([`Placed::day`]), in the order
/// of [`placed`]: without reading the frames' sentences.
pub fn days(bundle: &Bundle, config: &Config) -> Vec<Option<SimpleDate>> {
    let dates = article_dates(bundle, config);
    let anchor = weekday_anchor(bundle);
    let docs = bundle.documents();
    // One list of the known length (a bundle holds hundreds of thousands
    // of frames): not grown, and left half empty, frame by frame.
    let mut out = Vec::with_capacity(docs.iter().map(|d| d.facts.figures.frames.len()).sum());
    for d in docs {
        let art = dates.get(&d.id).copied().flatten();
        out.extend(d.facts.figures.frames.iter().map(|f| {
            if f.timed {
                resolve_when_anchored(&f.when, art, anchor)
            } else {
                None
            }
        }));
    }
    out
}

/// Do two readings of one article give [`disagreements`] the same frames
/// (placed on the same days, which [`days`] tells)? The same frames in
/// the same order, each in the same sentence, written alike, at the same
/// place in it, and grouped in sentences alike: only moved, by text added
/// or removed around their sentences.
pub fn same_reading(old_text: &str, old: &[Frame], new_text: &str, new: &[Frame]) -> bool {
    if old.len() != new.len() {
        return false;
    }
    // The first frame of each frame's sentence.
    let firsts = |frames: &[Frame]| -> Vec<usize> {
        let mut at: HashMap<usize, usize> = HashMap::new();
        frames
            .iter()
            .enumerate()
            .map(|(i, f)| *at.entry(f.sentence.start).or_insert(i))
            .collect()
    };
    let within = |f: &Frame| {
        (
            f.span.start.wrapping_sub(f.sentence.start),
            f.span.end.wrapping_sub(f.sentence.start),
        )
    };
    old.iter().zip(new).all(|(a, b)| {
        within(a) == within(b)
            && old_text.get(a.sentence.start..a.sentence.end)
                == new_text.get(b.sentence.start..b.sentence.end)
            && Frame {
                span: b.span,
                sentence: b.sentence,
                ..a.clone()
            } == *b
    }) && firsts(old) == firsts(new)
}

/// The frames that the other articles contradict, each once, on the outlier.
pub fn disagreements(all: &[Placed<'_>]) -> Vec<Disagreement> {
    disagreements_weighted(all, &measure_idf(all))
}

/// [`disagreements`], given the frames' [`measure_idf`] (which the
/// headline check weighs words by too: computed once for both).
pub(crate) fn disagreements_weighted(all: &[Placed<'_>], idf: &Keyed<f32>) -> Vec<Disagreement> {
    let index = Index::new(all, idf);
    judged(&index, &all_candidates(&index))
}

/// Each frame judged ([`judge`]), over the threads, in frame order.
fn judged(index: &Index<'_, '_>, cands: &Candidates) -> Vec<Disagreement> {
    use rayon::prelude::*;
    let all = 0..index.all.len();
    all.into_par_iter()
        .filter_map(|a| judge(index, cands, a))
        .collect()
}

/// An alignment of two frames of different articles, for the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    pub similarity: f32,
    /// The measure words they share, most telling first.
    pub label: String,
}

/// Each frame's best-aligned frame in every other article (same unit, compatible
/// time and scope, similarity ≥ the alignment threshold), and the [`disagreements`].
pub fn edges(all: &[Placed<'_>]) -> (Vec<Edge>, Vec<Disagreement>) {
    let idf = measure_idf(all);
    let index = Index::new(all, &idf);
    let cands = all_candidates(&index);
    let found = judged(&index, &cands);
    let mut out = Vec::new();
    for a in 0..cands.len() {
        let mut docs = HashSet::new();
        for (b, similarity) in cands.of(a).filter(|(b, _)| docs.insert(all[*b].doc)) {
            let label = shared_words(&index, a, b);
            out.push(Edge {
                a,
                b,
                similarity,
                label,
            });
        }
    }
    out.sort_by_key(|e| (e.a, e.b));
    (out, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames_of(text: &str) -> (Bundle, Vec<Frame>) {
        let (b, _) = crate::fixture::numbered(&[text]);
        let frames = b.documents()[0].facts.figures.frames.clone();
        (b, frames)
    }

    /// The warnings of a bundle of `texts`: each outlier's written figure
    /// and its first contradicting one.
    fn warnings(texts: &[&str]) -> Vec<(String, String)> {
        let (b, _) = crate::fixture::numbered(texts);
        let all = placed(&b, &Config::default());
        let text = |i: usize| {
            b.get(all[i].doc)
                .map(|d| d.slice(all[i].frame.span).to_string())
        };
        let found = disagreements(&all).into_iter();
        let warned = found.filter(|d| d.severity == Severity::Warning);
        warned
            .map(|d| {
                (
                    text(d.me).unwrap_or_default(),
                    d.others.first().and_then(|&o| text(o)).unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Two articles on a plant that employs `x` and `y` welders.
    fn plant(x: &str, y: &str) -> Vec<(String, String)> {
        let say = |n: &str| {
            format!("Zorblatt Vane plant\n\nThe Zorblatt Vane turbine plant near Quellford employs {n} welders and fitters.\n")
        };
        warnings(&[&say(x), &say(y)])
    }

    #[test]
    fn one_article_against_one_warns_when_the_frames_align_strongly() {
        // A figure that does not move, stated by two articles alone in the
        // same words, up to twice the other: the other is strong evidence.
        assert_eq!(
            plant("640", "540"),
            [("640".into(), "540".into()), ("540".into(), "640".into())]
        );
        assert!(!plant("640", "400").is_empty());
        // The same figure; approximate figures (two estimates, maybe);
        // figures far apart (two claims): nothing.
        for (x, y) in [("640", "640"), ("about 640", "about 540"), ("640", "240")] {
            assert!(plant(x, y).is_empty(), "{x} {y}");
        }
    }

    #[test]
    fn transposed_digits_align_however_far_apart() {
        // "16" and "61" are more than three times apart, but two digits
        // swapped are one claim's slip; a figure that moves takes any value.
        let say = |n: &str| {
            format!("Probe flies\n\nThe Zorblatt probe left the Vane booster about {n} minutes after liftoff, the agency said.\n")
        };
        assert!(!warnings(&[&say("16"), &say("61")]).is_empty());
        let say = |n: &str| {
            format!("Shares slide\n\nZorblatt Vane shares closed {n}% lower in London on Monday.\n")
        };
        assert!(warnings(&[&say("1.5"), &say("5.1")]).is_empty());
    }

    #[test]
    fn a_reading_moved_by_text_around_its_sentences_is_the_same() {
        let first = "Zorblatt Vane fined\n\nRegulators fined Examplecorp a record 4.31 billion euros over its loyalty scheme.\n";
        let (_, old) = frames_of(first);
        assert!(!old.is_empty());
        let same = |text: &str| {
            let (_, new) = frames_of(text);
            same_reading(first, &old, text, &new)
        };
        assert!(same(first));
        // A sentence added before and after: every frame moves.
        assert!(same(
            "Zorblatt Vane fined\n\nThe court sat late. Regulators fined Examplecorp a record 4.31 billion euros over its loyalty scheme.\nNo one commented.\n"
        ));
        // Another word in the figure's sentence, or another figure.
        assert!(!same(
            "Zorblatt Vane fined\n\nRegulators fined Examplecorp a modest 4.31 billion euros over its loyalty scheme.\n"
        ));
        assert!(!same(
            "Zorblatt Vane fined\n\nRegulators fined Examplecorp a record 4.13 billion euros over its loyalty scheme.\n"
        ));
    }
}
