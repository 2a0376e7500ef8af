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

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::bundle::Bundle;
use crate::claims::dates::{article_dates, weekday_anchor};
use crate::config::Config;
use crate::extract::figures::{resolve_when_anchored, Approx, SimpleDate};
use crate::extract::frames::{is_movement, sentence_words, Frame, Stem};
use crate::types::{DocId, Severity};

/// A map keyed by [`Stem::key`]: the key is already a unique number, so
/// it is its own hash.
pub(crate) type Keyed<V> = HashMap<usize, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// A map keyed by small numbers ((article, offset) and the like), hashed
/// by [`KeyHasher`] rather than by the default keyed hash.
type Fast<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The hasher of [`Keyed`] and [`Fast`]: each number written is mixed
/// into what came before by one multiplication (a stem's key alone: its
/// low bits, alignment, mixed in).
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(26) ^ n as u64 ^ (n as u64 >> 29))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_usize(n as usize);
    }
}

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

/// Every frame of the bundle, placed in time.
pub fn placed<'a>(bundle: &'a Bundle, config: &Config) -> Vec<Placed<'a>> {
    let mut days = days(bundle, config).into_iter();
    let mut out = Vec::new();
    let mut cache = HashMap::new();
    for d in bundle.documents() {
        let mut last: Option<(crate::types::Span, Arc<[Stem]>)> = None;
        for f in &d.facts.figures.frames {
            let sentence = match &last {
                Some((span, words)) if *span == f.sentence => words.clone(),
                _ => {
                    let words: Arc<[Stem]> = d
                        .text
                        .get(f.sentence.start..f.sentence.end)
                        .map(|_| sentence_words(&d.text, f.sentence, &mut cache))
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
                day: days.next().flatten(),
            });
        }
    }
    out
}

/// The day of every frame of the bundle ([`Placed::day`]), in the order
/// of [`placed`]: without reading the frames' sentences.
pub fn days(bundle: &Bundle, config: &Config) -> Vec<Option<SimpleDate>> {
    let dates = article_dates(bundle, config);
    let anchor = weekday_anchor(bundle);
    let mut out = Vec::new();
    for d in bundle.documents() {
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

struct Index<'p, 'a> {
    all: &'p [Placed<'a>],
    /// [`FLOOR`] in weight.
    floor: f32,
    idf: Keyed<f32>,
    norms: Vec<f32>,
    /// The frames of each article, by unit.
    by_doc: Fast<(DocId, &'a str), Vec<usize>>,
    /// How rare each sentence word is among the bundle's sentences.
    sent_idf: Keyed<f32>,
    /// The weight of each frame's sentence words.
    sent_norms: Vec<f32>,
    /// [`FLOOR`] in sentence weight.
    sent_floor: f32,
    /// Each frame's rank among the figures of its unit in its sentence,
    /// and their number.
    ordinal: Vec<(usize, usize)>,
    /// The frames of each sentence (by article and start).
    sentences: Fast<(DocId, usize), Vec<usize>>,
}

/// How telling each measure word (by [`Stem::key`]) is among a bundle's
/// frames: ln((frames + 1) / frames with the word), at least 0.05. What
/// alignment weighs shared words by, and the headline check too.
pub(crate) fn measure_idf(all: &[Placed<'_>]) -> Keyed<f32> {
    let mut df: Keyed<usize> = Keyed::default();
    for p in all {
        for (w, _) in p.frame.words.iter() {
            *df.entry(w.key()).or_default() += 1;
        }
    }
    let n = all.len() as f32 + 1.0;
    df.into_iter()
        .map(|(w, c)| (w, (n / c as f32).ln().max(0.05)))
        .collect()
}

impl<'p, 'a> Index<'p, 'a> {
    fn new(all: &'p [Placed<'a>]) -> Self {
        let idf = measure_idf(all);
        let n = all.len() as f32 + 1.0;
        let norms = all
            .iter()
            .map(|p| {
                p.frame
                    .words
                    .iter()
                    .map(|(w, x)| idf.get(&w.key()).copied().unwrap_or(0.0) * x)
                    .sum::<f32>()
            })
            .collect();
        let mut by_doc: Fast<(DocId, &'a str), Vec<usize>> = Fast::default();
        for (i, p) in all.iter().enumerate() {
            by_doc
                .entry((p.doc, p.frame.unit.as_str()))
                .or_default()
                .push(i);
        }
        // Sentences: each counted once, however many figures it holds.
        let mut sent_df: Keyed<usize> = Keyed::default();
        let mut sentences: Fast<(DocId, usize), &Placed<'a>> = Fast::default();
        let mut units_in: Fast<(DocId, usize, &'a str), Vec<usize>> = Fast::default();
        let mut in_sentence: Fast<(DocId, usize), Vec<usize>> = Fast::default();
        for (i, p) in all.iter().enumerate() {
            sentences
                .entry((p.doc, p.frame.sentence.start))
                .or_insert(p);
            in_sentence
                .entry((p.doc, p.frame.sentence.start))
                .or_default()
                .push(i);
            units_in
                .entry((p.doc, p.frame.sentence.start, p.frame.unit.as_str()))
                .or_default()
                .push(i);
        }
        for p in sentences.values() {
            for w in p.sentence.iter() {
                *sent_df.entry(w.key()).or_default() += 1;
            }
        }
        let ns = sentences.len() as f32 + 1.0;
        let sent_idf: Keyed<f32> = sent_df
            .into_iter()
            .map(|(w, c)| (w, (ns / c as f32).ln().max(0.05)))
            .collect();
        let sent_norms = all
            .iter()
            .map(|p| {
                p.sentence
                    .iter()
                    .map(|w| sent_idf.get(&w.key()).copied().unwrap_or(0.0))
                    .sum::<f32>()
            })
            .collect();
        let mut ordinal = vec![(0, 1); all.len()];
        for members in units_in.values_mut() {
            members.sort_by_key(|&i| all[i].frame.span.start);
            for (k, &i) in members.iter().enumerate() {
                ordinal[i] = (k, members.len());
            }
        }
        Index {
            all,
            floor: FLOOR * n.ln(),
            idf,
            norms,
            by_doc,
            sent_idf,
            sent_norms,
            sent_floor: SENT_FLOOR * ns.ln(),
            ordinal,
            sentences: in_sentence,
        }
    }

    /// The two frames' sentences align, and another figure of each, at
    /// the same rank of the same unit, agrees with the other's.
    fn anchored(&self, a: usize, b: usize) -> bool {
        if self.sentence_sim(a, b) < SENT_ALIGN {
            return false;
        }
        let in_sentence = |me: usize| {
            let p = &self.all[me];
            self.sentences
                .get(&(p.doc, p.frame.sentence.start))
                .into_iter()
                .flatten()
                .copied()
                .filter(move |&i| i != me)
        };
        in_sentence(a).any(|x| {
            in_sentence(b).any(|y| {
                let (fx, fy) = (self.all[x].frame, self.all[y].frame);
                fx.unit == fy.unit && self.ordinal[x] == self.ordinal[y] && fx.agrees(fy)
            })
        })
    }

    /// How well the two frames' whole sentences align, when their
    /// figures of this unit correspond one to one (the same number of
    /// them, at the same rank): the weight of the sentence words they
    /// share over the lighter sentence's. 0 otherwise.
    fn sentence_sim(&self, a: usize, b: usize) -> f32 {
        if self.ordinal[a] != self.ordinal[b] {
            return 0.0;
        }
        let (sa, sb) = (&self.all[a].sentence, &self.all[b].sentence);
        let mut shared = 0.0;
        let mut measure = 0;
        // Both sorted by key: one merge.
        let (mut i, mut j) = (0, 0);
        while i < sa.len() && j < sb.len() {
            let (x, y) = (sa[i].key(), sb[j].key());
            if x < y {
                i += 1;
            } else if y < x {
                j += 1;
            } else {
                shared += self.sent_idf.get(&x).copied().unwrap_or(0.0);
                measure += usize::from(!is_movement(&sa[i]));
                i += 1;
                j += 1;
            }
        }
        if measure < SENT_WORDS {
            return 0.0;
        }
        shared
            / self.sent_norms[a]
                .min(self.sent_norms[b])
                .max(self.sent_floor)
    }

    fn idf(&self, w: &Stem) -> f32 {
        self.idf.get(&w.key()).copied().unwrap_or(0.0)
    }

    /// The weight of the measure words two frames share, over the weight
    /// of the lighter frame's words (at least [`FLOOR`] rarest words: a frame of one
    /// word is no strong match for anything).
    fn sim(&self, a: usize, b: usize) -> f32 {
        let (fa, fb) = (self.all[a].frame, self.all[b].frame);
        let mut shared = 0.0;
        // Sharing only how they change ("rose") is no measure in common.
        let mut measure = false;
        for (w, x) in fa.words.iter() {
            if let Some((_, y)) = fb.words.iter().find(|(v, _)| v.key() == w.key()) {
                shared += self.idf(w) * x.min(*y);
                measure |= !is_movement(w);
            }
        }
        let words = if measure {
            shared / self.norms[a].min(self.norms[b]).max(self.floor)
        } else {
            0.0
        };
        // Sentences that say the same thing align their figures even
        // when the words next to the figures differ ("levied" and
        // "imposed", the name a clause away).
        let sentence = self.sentence_sim(a, b);
        let words = if sentence >= SENT_ALIGN {
            words.max(sentence)
        } else {
            words
        };
        if words <= 0.0 {
            return 0.0;
        }
        // A figure that moves, placed at the same day and session as the
        // other: its time is half its frame.
        let (pa, pb) = (&self.all[a], &self.all[b]);
        let placed = fa.timed
            && fa.session.is_some()
            && fa.session == fb.session
            && pa
                .day
                .is_some_and(|x| pb.day.is_some_and(|y| x.same_day(&y)));
        if placed {
            (words + 0.25).min(1.0)
        } else {
            words
        }
    }

    /// Can the two frames be the same claim at the same time?
    fn compatible(&self, a: usize, b: usize) -> bool {
        let (pa, pb) = (&self.all[a], &self.all[b]);
        let (fa, fb) = (pa.frame, pb.frame);
        // Figures of another time meet only when both are the claim's
        // prior value ("from last year's $4bn" and "from $4bn").
        let times = !(fa.other_time || fb.other_time) || (fa.prior && fb.prior);
        if pa.doc == pb.doc || !times || fa.part != fb.part || fa.qualifiers != fb.qualifiers {
            return false;
        }
        // Figures of one claim are of one size: a near miss or a change of
        // up to a few times, not a revenue against a share price.
        let (x, y) = (fa.value.abs(), fb.value.abs());
        // Two digits swapped ("16" and "61") in a figure that does not
        // move is the slip of one claim, however far apart the values (a
        // figure that moves takes any value).
        let slip = !(fa.timed || fb.timed) && fa.near_miss(fb);
        if x.min(y) * 3.0 < x.max(y) && !slip {
            return false;
        }
        if fa.timed || fb.timed {
            if fa.session != fb.session {
                return false;
            }
            match (pa.day, pb.day) {
                (Some(x), Some(y)) => x.same_day(&y),
                (None, None) => true,
                _ => false,
            }
        } else {
            true
        }
    }
}

/// The candidates ([`candidates`]) of every frame, computed once each:
/// the frames are grouped by unit, and in each group every word lists the
/// frames that have it. The judge reads a frame's candidates again for the
/// frames that oppose another.
fn all_candidates(index: &Index<'_, '_>) -> Vec<Vec<(usize, f32)>> {
    let all = index.all;
    let mut out = vec![Vec::new(); all.len()];
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in all.iter().enumerate() {
        groups.entry(p.frame.unit.as_str()).or_default().push(i);
    }
    let mut seen = Seen::new(all.len());
    for members in groups.values() {
        let mut postings: Keyed<Vec<usize>> = Keyed::default();
        for &i in members {
            for (w, _) in all[i].frame.words.iter() {
                postings.entry(w.key()).or_default().push(i);
            }
        }
        for &a in members {
            out[a] = candidates(index, &postings, a, &mut seen);
        }
    }
    out
}

/// The frames a [`candidates`] call has met: a mark per frame, cleared
/// by moving to the next mark.
struct Seen {
    marks: Vec<u32>,
    now: u32,
}

impl Seen {
    fn new(n: usize) -> Seen {
        Seen {
            marks: vec![0; n],
            now: 0,
        }
    }

    /// Forgets every frame met so far.
    fn clear(&mut self) {
        self.now += 1;
        if self.now == u32::MAX {
            self.marks.iter_mut().for_each(|m| *m = 0);
            self.now = 1;
        }
    }

    /// True the first time `i` is met since [`Seen::clear`].
    fn insert(&mut self, i: usize) -> bool {
        match self.marks.get_mut(i) {
            Some(m) if *m != self.now => {
                *m = self.now;
                true
            }
            _ => false,
        }
    }
}

/// The frames that the other articles contradict, each once, on the outlier.
pub fn disagreements(all: &[Placed<'_>]) -> Vec<Disagreement> {
    let index = Index::new(all);
    judged(&index, &all_candidates(&index))
}

fn judged(index: &Index<'_, '_>, cands: &[Vec<(usize, f32)>]) -> Vec<Disagreement> {
    let all = 0..index.all.len();
    all.filter_map(|a| judge(index, cands, a)).collect()
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
    let index = Index::new(all);
    let cands = all_candidates(&index);
    let found = judged(&index, &cands);
    let mut out = Vec::new();
    for (a, cands) in cands.iter().enumerate() {
        let mut docs = HashSet::new();
        for &(b, similarity) in cands.iter().filter(|(b, _)| docs.insert(all[*b].doc)) {
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

/// The candidates of `a`: frames of other articles sharing one of its
/// rarest words that some other frame of its unit also has, with their
/// similarity, best first.
fn candidates(
    index: &Index<'_, '_>,
    postings: &Keyed<Vec<usize>>,
    a: usize,
    seen: &mut Seen,
) -> Vec<(usize, f32)> {
    let fa = index.all[a].frame;
    let mut keys: Vec<(usize, f32)> = fa
        .words
        .iter()
        .map(|(w, x)| (w.key(), index.idf(w) * x))
        .collect();
    keys.sort_by(|x, y| y.1.total_cmp(&x.1));
    seen.clear();
    let mut out = Vec::new();
    let shared = keys
        .into_iter()
        .filter_map(|(w, _)| {
            postings
                .get(&w)
                .filter(|p| (2..=MAX_POSTING).contains(&p.len()))
        })
        .take(KEYS);
    for posting in shared {
        for &b in posting {
            if seen.insert(b) && index.compatible(a, b) {
                let s = index.sim(a, b);
                if s >= ALIGN {
                    out.push((b, s));
                }
            }
        }
    }
    out.sort_by(|x, y| y.1.total_cmp(&x.1));
    out
}

/// `cands`: every frame's candidates ([`all_candidates`]).
fn judge(index: &Index<'_, '_>, cands: &[Vec<(usize, f32)>], a: usize) -> Option<Disagreement> {
    let all = index.all;
    let fa = all[a].frame;
    let mine = &cands[a];
    if mine.is_empty() {
        return None;
    }
    // Per other article: confirmed, or contradicted by its best frame.
    let mut by_doc: Vec<(DocId, Vec<(usize, f32)>)> = Vec::new();
    for &(b, s) in mine {
        let d = all[b].doc;
        match by_doc.iter_mut().find(|(x, _)| *x == d) {
            Some((_, v)) => v.push((b, s)),
            None => by_doc.push((d, vec![(b, s)])),
        }
    }
    let mut confirm = 0usize;
    let mut oppose: Vec<(usize, f32)> = Vec::new();
    for (_, frames) in &by_doc {
        let best = frames[0].1;
        // Prefer the body to a headline, and the same precision.
        let close: Vec<&(usize, f32)> = frames.iter().filter(|(_, s)| *s >= best * 0.75).collect();
        if close.iter().any(|(b, _)| fa.agrees(all[*b].frame)) {
            confirm += 1;
            continue;
        }
        let (b, s) = frames[0];
        // An article that states both values (the fine "at current rates"
        // and "in June") is not contradicted by the other one.
        let mine_too = index
            .by_doc
            .get(&(all[a].doc, fa.unit.as_str()))
            .into_iter()
            .flatten()
            .any(|&c| {
                // A rounder figure that fits both ("2.4bn" in a headline)
                // states neither value.
                c != a
                    && all[c].frame.agrees(all[b].frame)
                    && !all[c].frame.agrees(fa)
                    && index.compatible(c, b)
                    && index.sim(c, b) >= ALIGN
            });
        if !mine_too {
            oppose.push((b, s));
        }
    }
    let support = 1 + confirm;
    if oppose.is_empty() || oppose.len() < support {
        return None;
    }
    // The articles behind the other value: those that state it, and
    // those that confirm what they state (two articles that agree with
    // each other against this one, even where this one aligns with only
    // one of them).
    // Only for a figure that does not move (a toll rising through the
    // day is stated differently by every report), and a value of the
    // same size, up to twice the other (two figures far apart are more
    // likely two claims).
    let mut against: HashSet<DocId> = oppose.iter().map(|&(b, _)| all[b].doc).collect();
    let close = |b: usize| {
        let (x, y) = (fa.value.abs(), all[b].frame.value.abs());
        x.min(y) * 2.0 >= x.max(y) || fa.near_miss(all[b].frame)
    };
    for &(b, _) in oppose.iter().filter(|&&(b, _)| !fa.timed && close(b)) {
        for &(c, _) in &cands[b] {
            let dc = all[c].doc;
            if dc != all[a].doc && all[c].frame.agrees(all[b].frame) && !all[c].frame.agrees(fa) {
                against.insert(dc);
            }
        }
    }
    let best = oppose.iter().map(|o| o.1).fold(0.0, f32::max);
    let near = oppose
        .iter()
        .any(|&(b, s)| s >= NEAR && fa.near_miss(all[b].frame));
    // Three or more incompatible values of a figure that moves: a series.
    let mut values: Vec<&Frame> = vec![fa];
    for &(b, _) in &oppose {
        if !values.iter().any(|v| v.agrees(all[b].frame)) {
            values.push(all[b].frame);
        }
    }
    let series = values.len() >= 3 && fa.timed;
    let majority = against.len() > support;
    // A figure that moves is placed in time only by a day and a session.
    let placed = fa.timed && all[a].day.is_some() && fa.session.is_some();
    let unplaced = fa.timed && all[a].day.is_none();
    // Sentences that say the same thing and agree on another figure, at
    // the same rank, differ on this one: the strongest evidence one
    // article can give against another.
    let anchored = oppose
        .iter()
        .any(|&(b, _)| !fa.timed && close(b) && index.anchored(a, b));
    // A figure that does not move, that another article states in most
    // of both frames' telling words, at a value of the same size (up to
    // twice the other, or a slip of digits), one of them written exactly
    // or "about" a figure that is not round ("about 16 minutes"), the
    // other so or "about" a round one: strong evidence. (Two round
    // figures may be two estimates, and a bound ("more than 40") is one,
    // as is a conversion "approximately" at some rate; figures far apart
    // may be two claims.)
    let about = |f: &Frame| f.approx.is_none() || (f.approx == Some(Approx::About) && !f.converted);
    let precise = |f: &Frame| f.approx.is_none() || !f.digits.ends_with('0');
    let size = |b: usize| {
        let (x, y) = (fa.value.abs(), all[b].frame.value.abs());
        x.min(y) * 2.0 >= x.max(y) || fa.near_miss(all[b].frame)
    };
    let single = oppose.iter().any(|&(b, s)| {
        let fb = all[b].frame;
        s >= STRONG
            && !fa.timed
            && about(fa)
            && about(fb)
            && (precise(fa) || precise(fb))
            && size(b)
    });
    let severity = if series || unplaced {
        Severity::Information
    } else if near
        || anchored
        || (majority && best >= MAJORITY)
        || (best >= STRONG && placed && !fa.headline)
        || (single && !fa.headline)
    {
        Severity::Warning
    } else {
        Severity::Information
    };
    let label = shared_words(index, a, oppose[0].0);
    Some(Disagreement {
        me: a,
        severity,
        others: oppose.iter().take(6).map(|o| o.0).collect(),
        label,
    })
}

/// The two or three most telling words two frames share.
fn shared_words(index: &Index<'_, '_>, a: usize, b: usize) -> String {
    let (fa, fb) = (index.all[a].frame, index.all[b].frame);
    let mut shared: Vec<(&str, f32)> = fa
        .words
        .iter()
        .filter(|(w, _)| fb.words.iter().any(|(v, _)| v == w))
        .map(|(w, x)| (w.as_str(), index.idf(w) * x))
        .collect();
    shared.sort_by(|x, y| y.1.total_cmp(&x.1));
    shared
        .into_iter()
        .take(3)
        .map(|(w, _)| w)
        .collect::<Vec<_>>()
        .join(" ")
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
