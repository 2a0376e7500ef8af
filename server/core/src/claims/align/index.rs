//! The index that aligns frames: how telling each measure word and
//! sentence word is, each frame's weight, and the candidates of each
//! frame (frames of its unit sharing one of its rarest words).

use std::collections::HashMap;

use rayon::prelude::*;

use super::{Placed, ALIGN, FLOOR, KEYS, MAX_POSTING, SENT_ALIGN, SENT_FLOOR, SENT_WORDS};
use crate::extract::frames::{is_movement, Frame, Stem};
use crate::extract::source::same_source;

/// A map keyed by [`Stem::key`]: the key is already a unique number, so
/// it is its own hash.
pub(crate) type Keyed<V> = HashMap<usize, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The hasher of [`Keyed`]: each number written is mixed
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

pub(super) struct Index<'p, 'a> {
    pub(super) all: &'p [Placed<'a>],
    /// [`FLOOR`] in weight.
    pub(super) floor: f32,
    /// [`measure_idf`] of `all`.
    pub(super) idf: &'p Keyed<f32>,
    pub(super) norms: Vec<f32>,
    /// The frames in article order and, in an article, sentence order:
    /// the frames of one article, and of one sentence, stand together.
    order: Vec<usize>,
    /// Where each frame's article and sentence stand in `order`.
    doc_run: Vec<(usize, usize)>,
    sentence_run: Vec<(usize, usize)>,
    /// How rare each sentence word is among the bundle's sentences, and
    /// whether it says only which way a figure moved ([`is_movement`]):
    /// each word asked once, not at every sentence that shares it.
    pub(super) sent_idf: Keyed<(f32, bool)>,
    /// The weight of each frame's sentence words.
    pub(super) sent_norms: Vec<f32>,
    /// [`FLOOR`] in sentence weight.
    pub(super) sent_floor: f32,
    /// Each frame's rank among the figures of its unit in its sentence,
    /// and their number.
    pub(super) ordinal: Vec<(usize, usize)>,
}

/// How telling each measure word (by [`Stem::key`]) is among a bundle's
/// frames: ln((frames + 1) / frames with the word), at least 0.05. What
/// alignment weighs shared words by, and the headline check too.
pub(crate) fn measure_idf(all: &[Placed<'_>]) -> Keyed<f32> {
    frames_idf(all.iter().map(|p| p.frame), all.len())
}

/// [`measure_idf`] of the words of `frames`, counted as among `of`
/// frames (the bundle's, when `frames` are a few of them: a word of few
/// of those is telling there, whatever the others say).
pub(super) fn frames_idf<'f>(frames: impl Iterator<Item = &'f Frame>, of: usize) -> Keyed<f32> {
    let mut df: Keyed<usize> = Keyed::default();
    for f in frames {
        for (w, _) in f.words.iter() {
            *df.entry(w.key()).or_default() += 1;
        }
    }
    let n = of as f32 + 1.0;
    df.into_iter()
        .map(|(w, c)| (w, (n / c as f32).ln().max(0.05)))
        .collect()
}

impl<'p, 'a> Index<'p, 'a> {
    /// `idf`: [`measure_idf`] of `all`.
    pub(super) fn new(all: &'p [Placed<'a>], idf: &'p Keyed<f32>) -> Self {
        let n = all.len() as f32 + 1.0;
        let norms = all
            .par_iter()
            .map(|p| {
                p.frame
                    .words
                    .iter()
                    .map(|(w, x)| idf.get(&w.key()).copied().unwrap_or(0.0) * x)
                    .sum::<f32>()
            })
            .collect();
        // The frames sorted by article and sentence (a stable sort: in a
        // sentence, in bundle order), and the runs of one article and of
        // one sentence in that order.
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by_key(|&i| (all[i].doc, all[i].frame.sentence.start));
        let key = |i: usize| (all[i].doc, all[i].frame.sentence.start);
        let mut doc_run = vec![(0, 0); all.len()];
        let mut sentence_run = vec![(0, 0); all.len()];
        let mut ordinal = vec![(0, 1); all.len()];
        // Sentences: each counted once, however many figures it holds.
        let mut sent_df: Keyed<(usize, Stem)> = Keyed::default();
        let mut sentence_count = 0usize;
        let runs = |same: &dyn Fn(usize, usize) -> bool| {
            let mut out = Vec::new();
            let mut start = 0;
            for k in 1..=order.len() {
                if k == order.len() || !same(order[start], order[k]) {
                    out.push((start, k));
                    start = k;
                }
            }
            out
        };
        for (start, end) in runs(&|x, y| all[x].doc == all[y].doc) {
            for &i in &order[start..end] {
                doc_run[i] = (start, end);
            }
        }
        for (start, end) in runs(&|x, y| key(x) == key(y)) {
            let members = &order[start..end];
            sentence_count += 1;
            for w in all[members[0]].sentence.iter() {
                sent_df.entry(w.key()).or_insert((0, *w)).0 += 1;
            }
            // Each frame's rank among the figures of its unit in the
            // sentence, by place (a stable sort: ties in bundle order).
            let mut done = vec![false; members.len()];
            for k in 0..members.len() {
                if done[k] {
                    continue;
                }
                // Units are shared stems: equal units, equal keys.
                let unit = all[members[k]].frame.unit.key();
                let mut same: Vec<usize> = (k..members.len())
                    .filter(|&x| all[members[x]].frame.unit.key() == unit)
                    .collect();
                for &x in &same {
                    done[x] = true;
                }
                same.sort_by_key(|&x| all[members[x]].frame.span.start);
                for (r, &x) in same.iter().enumerate() {
                    ordinal[members[x]] = (r, same.len());
                }
            }
            for &i in members {
                sentence_run[i] = (start, end);
            }
        }
        let ns = sentence_count as f32 + 1.0;
        let sent_idf: Keyed<(f32, bool)> = sent_df
            .into_iter()
            .map(|(w, (c, stem))| (w, ((ns / c as f32).ln().max(0.05), is_movement(&stem))))
            .collect();
        let sent_norms = all
            .par_iter()
            .map(|p| {
                exact_sum(
                    p.sentence
                        .iter()
                        .map(|w| sent_idf.get(&w.key()).map_or(0.0, |s| s.0)),
                )
            })
            .collect();
        Index {
            all,
            floor: FLOOR * n.ln(),
            idf,
            norms,
            order,
            doc_run,
            sentence_run,
            sent_idf,
            sent_norms,
            sent_floor: SENT_FLOOR * ns.ln(),
            ordinal,
        }
    }

    /// The two frames' sentences align, and another figure of each, at
    /// the same rank of the same unit, agrees with the other's.
    pub(super) fn anchored(&self, a: usize, b: usize) -> bool {
        if self.sentence_sim(a, b) < SENT_ALIGN {
            return false;
        }
        let in_sentence = |me: usize| self.in_sentence(me).filter(move |&i| i != me);
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
    pub(super) fn sentence_sim(&self, a: usize, b: usize) -> f32 {
        if self.ordinal[a] != self.ordinal[b] {
            return 0.0;
        }
        let (sa, sb) = (&self.all[a].sentence, &self.all[b].sentence);
        // Summed in f64, exactly (as [`exact_sum`]): the words come in the
        // order of their keys, which is not the same from run to run.
        let mut shared = 0.0f64;
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
                let (idf, movement) = match self.sent_idf.get(&x) {
                    Some(&known) => known,
                    None => (0.0, is_movement(&sa[i])),
                };
                shared += f64::from(idf);
                measure += usize::from(!movement);
                i += 1;
                j += 1;
            }
        }
        if measure < SENT_WORDS {
            return 0.0;
        }
        shared as f32
            / self.sent_norms[a]
                .min(self.sent_norms[b])
                .max(self.sent_floor)
    }

    /// The frames of `a`'s sentence, `a` among them, in bundle order.
    fn in_sentence(&self, a: usize) -> impl Iterator<Item = usize> + '_ {
        let (start, end) = self.sentence_run.get(a).copied().unwrap_or((0, 0));
        self.order
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .copied()
    }

    /// The frames of `a`'s article of `a`'s unit, `a` among them, in
    /// bundle order.
    pub(super) fn in_article_of_unit(&self, a: usize) -> impl Iterator<Item = usize> + '_ {
        let (start, end) = self.doc_run.get(a).copied().unwrap_or((0, 0));
        // Units are shared stems: equal units, equal keys.
        let unit = self.all[a].frame.unit.key();
        let frames = self.order.get(start..end).unwrap_or_default();
        frames
            .iter()
            .copied()
            .filter(move |&c| self.all[c].frame.unit.key() == unit)
    }

    pub(super) fn idf(&self, w: &Stem) -> f32 {
        self.idf.get(&w.key()).copied().unwrap_or(0.0)
    }

    /// The weight of the measure words two frames share, over the weight
    /// of the lighter frame's words (at least [`FLOOR`] rarest words: a frame of one
    /// word is no strong match for anything).
    pub(super) fn sim(&self, a: usize, b: usize) -> f32 {
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
            && same_stem(fa.session, fb.session)
            && pa
                .day
                .is_some_and(|x| pb.day.is_some_and(|y| x.same_day(&y)));
        if placed {
            (words + 0.25).min(1.0)
        } else {
            words
        }
    }

    /// Can the two frames be the same claim at the same time, of one
    /// source? Two named sources that are not one each state their own
    /// figure ([`crate::extract::source`]).
    pub(super) fn compatible(&self, a: usize, b: usize) -> bool {
        self.one_source(a, b) && self.compatible_any_source(a, b)
    }

    /// The two frames name no two sources that are not one.
    pub(super) fn one_source(&self, a: usize, b: usize) -> bool {
        match (self.all[a].frame.source, self.all[b].frame.source) {
            (Some(x), Some(y)) => x == y || same_source(&x, &y),
            _ => true,
        }
    }

    /// [`Index::compatible`] but for the sources.
    fn compatible_any_source(&self, a: usize, b: usize) -> bool {
        let (pa, pb) = (&self.all[a], &self.all[b]);
        let (fa, fb) = (pa.frame, pb.frame);
        // Figures of another time meet only when both are the claim's
        // prior value ("from last year's $4bn" and "from $4bn").
        let times = !(fa.other_time || fb.other_time) || (fa.prior && fb.prior);
        if pa.doc == pb.doc
            || !times
            || !same_stem(fa.part, fb.part)
            || fa.qualifiers != fb.qualifiers
        {
            return false;
        }
        // Figures of one claim are of one size: a near miss or a change of
        // up to a few times, not a revenue against a share price.
        let (x, y) = (fa.value.abs(), fb.value.abs());
        // Two digits swapped ("16" and "61") in a figure that does not
        // move is the slip of one claim, however far apart the values (a
        // figure that moves takes any value).
        // (Asked only of figures of different sizes.)
        let slip = || !(fa.timed || fb.timed) && fa.near_miss(fb);
        if x.min(y) * 3.0 < x.max(y) && !slip() {
            return false;
        }
        if fa.timed || fb.timed {
            if !same_stem(fa.session, fb.session) {
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

/// Every frame's candidates ([`candidates`]), in one table: a bundle of
/// thousands of articles holds millions of them, so each is a frame index
/// and a similarity (8 bytes) in one shared list, not a list per frame.
pub(crate) struct Candidates {
    /// Where each frame's candidates lie in `flat`.
    at: Vec<(usize, usize)>,
    flat: Vec<(u32, f32)>,
    /// The frames that a frame of another named source states too (one
    /// that would be a candidate but for its source): a claim that several
    /// sources put differently.
    other_source: Vec<bool>,
}

impl Candidates {
    /// The candidates of frame `a`, best first: (frame, similarity).
    pub(crate) fn of(&self, a: usize) -> impl ExactSizeIterator<Item = (usize, f32)> + '_ {
        let (start, end) = self.at.get(a).copied().unwrap_or((0, 0));
        self.flat
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .map(|&(b, s)| (b as usize, s))
    }

    /// Another named source states frame `a`'s claim too.
    pub(crate) fn other_source(&self, a: usize) -> bool {
        self.other_source.get(a).copied().unwrap_or(false)
    }

    /// The number of frames.
    pub(crate) fn len(&self) -> usize {
        self.at.len()
    }
}

/// The candidates ([`candidates`]) of every frame, computed once each:
/// the frames are grouped by unit, and in each group every word lists the
/// frames that have it. The judge reads a frame's candidates again for the
/// frames that oppose another.
pub(super) fn all_candidates(index: &Index<'_, '_>) -> Candidates {
    let all = index.all;
    let mut out = Candidates {
        at: vec![(0, 0); all.len()],
        flat: Vec::new(),
        other_source: vec![false; all.len()],
    };
    // Frame indices are kept as u32: past that many frames (billions,
    // which no memory holds) the rest find no candidates.
    let last = all.len().min(u32::MAX as usize);
    // By unit: a shared stem, keyed by its key.
    let mut groups: Keyed<Vec<usize>> = Keyed::default();
    for (i, p) in all.iter().enumerate().take(last) {
        groups.entry(p.frame.unit.key()).or_default().push(i);
    }
    for members in groups.values() {
        let postings = postings_of(all, members);
        // The members in runs over the threads, each run a piece of work
        // of its own: runs are small, so that a thread done with its own
        // takes the rest of another's. A run's candidates are then moved
        // into the table.
        let run = members
            .len()
            .div_ceil(16 * rayon::current_num_threads())
            .clamp(16, 256);
        // Per run: each frame with where its candidates lie in the run's
        // list, and the list.
        type Run = (Vec<(usize, usize, usize, bool)>, Vec<(u32, f32)>);
        let runs: Vec<Run> = members
            .par_chunks(run)
            .with_max_len(1)
            .map(|chunk| {
                SEEN.with_borrow_mut(|seen| {
                    seen.fit(all.len());
                    let mut flat = Vec::new();
                    let mut at = Vec::with_capacity(chunk.len());
                    for &a in chunk {
                        let start = flat.len();
                        let other = candidates(index, &postings, a, seen, &mut flat);
                        at.push((a, start, flat.len(), other));
                    }
                    (at, flat)
                })
            })
            .collect();
        // The table grows once a unit, by what its runs found: not
        // doubled (and copied) as they are moved in.
        out.flat
            .reserve_exact(runs.iter().map(|(_, flat)| flat.len()).sum());
        for (at, flat) in runs {
            let base = out.flat.len();
            for (a, start, end, other) in at {
                out.at[a] = (base + start, base + end);
                out.other_source[a] = other;
            }
            out.flat.extend(flat);
        }
    }
    out.flat.shrink_to_fit();
    out
}

/// The sum of `weights`, the same in any order: a sentence's words come
/// in the order of their [`Stem::key`]s, which are addresses and differ
/// from run to run, and an f32 sum rounds by order. Summed in f64, weights
/// between 0.05 and a few dozen (an idf) add exactly for any sentence
/// under millions of words, and the total is rounded once.
pub(super) fn exact_sum(weights: impl Iterator<Item = f32>) -> f32 {
    weights.map(f64::from).sum::<f64>() as f32
}

/// Each measure word's frames among `members` (indices into `all`, in
/// order), in that order: made a piece of the members a thread, then
/// joined piece after piece, which keeps the order.
fn postings_of(all: &[Placed<'_>], members: &[usize]) -> Keyed<Vec<usize>> {
    let piece = members
        .len()
        .div_ceil(2 * rayon::current_num_threads())
        .max(4096);
    let parts: Vec<Keyed<Vec<usize>>> = members
        .par_chunks(piece)
        .map(|chunk| {
            let mut postings: Keyed<Vec<usize>> = Keyed::default();
            for &i in chunk {
                for (w, _) in all[i].frame.words.iter() {
                    postings.entry(w.key()).or_default().push(i);
                }
            }
            postings
        })
        .collect();
    let mut parts = parts.into_iter();
    let mut postings = parts.next().unwrap_or_default();
    for part in parts {
        for (w, mut frames) in part {
            postings.entry(w).or_default().append(&mut frames);
        }
    }
    postings
}

/// Two optional shared stems ([`Stem`]) are the same word: compared by
/// their keys, without reading the words.
fn same_stem(a: Option<Stem>, b: Option<Stem>) -> bool {
    a.map(|s| s.key()) == b.map(|s| s.key())
}

thread_local! {
    /// The marks of the runs this thread reads ([`all_candidates`]): one
    /// set a thread, grown to the largest bundle it met, not one a run.
    /// Marks left by another bundle are below the current mark.
    static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::new(Seen::new(0));
}

/// The frames a [`candidates`] call has met: a mark per frame, cleared
/// by moving to the next mark.
struct Seen {
    marks: Vec<u32>,
    now: u32,
    /// The frame's words by weight, heaviest first: one list for all the
    /// frames of a run, not one a frame.
    keys: Vec<(usize, f32)>,
}

impl Seen {
    fn new(n: usize) -> Seen {
        Seen {
            marks: vec![0; n],
            now: 0,
            keys: Vec::new(),
        }
    }

    /// Holds a mark for each of `n` frames.
    fn fit(&mut self, n: usize) {
        if self.marks.len() < n {
            self.marks.resize(n, 0);
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

/// The candidates of `a`: frames of other articles sharing one of its
/// rarest words that some other frame of its unit also has, with their
/// similarity, best first; appended to `out`. True when a frame of another
/// named source would have been one ([`Candidates::other_source`]).
fn candidates(
    index: &Index<'_, '_>,
    postings: &Keyed<Vec<usize>>,
    a: usize,
    seen: &mut Seen,
    out: &mut Vec<(u32, f32)>,
) -> bool {
    let mut other_source = false;
    let fa = index.all[a].frame;
    let mut keys = std::mem::take(&mut seen.keys);
    keys.clear();
    keys.extend(fa.words.iter().map(|(w, x)| (w.key(), index.idf(w) * x)));
    keys.sort_by(|x, y| y.1.total_cmp(&x.1));
    seen.clear();
    let start = out.len();
    let shared = keys
        .iter()
        .filter_map(|&(w, _)| {
            postings
                .get(&w)
                .filter(|p| (2..=MAX_POSTING).contains(&p.len()))
        })
        .take(KEYS);
    for posting in shared {
        for &b in posting {
            if seen.insert(b) && index.compatible_any_source(a, b) {
                let s = index.sim(a, b);
                if s >= ALIGN {
                    if index.one_source(a, b) {
                        // `b` indexes a group member: below u32::MAX.
                        out.push((b as u32, s));
                    } else {
                        other_source = true;
                    }
                }
            }
        }
    }
    seen.keys = keys;
    if let Some(mine) = out.get_mut(start..) {
        mine.sort_by(|x, y| y.1.total_cmp(&x.1));
    }
    other_source
}

#[cfg(test)]
mod tests {
    use super::exact_sum;

    /// Every order of the same weights gives the same sum, where summing
    /// in f32 gives three different ones (a sentence's words come in the
    /// order of their keys, which differs from run to run).
    #[test]
    fn a_sum_of_weights_is_the_same_in_every_order() {
        // Idfs: ln(frames / frames with the word), at least 0.05.
        let w = [
            0.05f32,
            std::f32::consts::LN_10,
            std::f32::consts::LN_2,
            225f32.ln(),
            3f32.ln(),
            (4f32 / 3.0).ln(),
        ];
        let mut exact = Vec::new();
        let mut rounded = Vec::new();
        let mut order: Vec<usize> = (0..w.len()).collect();
        // Every rotation and its reverse.
        for _ in 0..w.len() {
            order.rotate_left(1);
            for o in [order.clone(), order.iter().rev().copied().collect()] {
                exact.push(exact_sum(o.iter().map(|&i| w[i])).to_bits());
                rounded.push(o.iter().map(|&i| w[i]).sum::<f32>().to_bits());
            }
        }
        exact.dedup();
        assert_eq!(exact.len(), 1, "{exact:?}");
        rounded.sort_unstable();
        rounded.dedup();
        assert!(rounded.len() > 1, "the weights must show the rounding");
    }
}
