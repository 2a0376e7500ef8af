//! Judging a frame against its candidates in the other articles:
//! confirmed, contradicted, and how strongly ([`judge`]).

use super::index::{Candidates, Index};
use super::{Disagreement, ALIGN, MAJORITY, NEAR, STRONG};
use crate::extract::figures::Approx;
use crate::extract::frames::Frame;
use crate::extract::source::mentioned;
use crate::types::{DocId, Severity};

/// `cands`: every frame's candidates ([`all_candidates`]).
pub(super) fn judge(index: &Index<'_, '_>, cands: &Candidates, a: usize) -> Option<Disagreement> {
    let all = index.all;
    let fa = all[a].frame;
    let mine = cands.of(a);
    if mine.len() == 0 {
        return None;
    }
    // Per other article: confirmed, or contradicted by its best frame.
    // The candidates by article, articles in the order they first come,
    // each article's in their order: one list, sorted (stably) by the
    // article's rank, not a list per article.
    let mut docs: Vec<DocId> = Vec::new();
    let mut by_doc: Vec<(usize, (usize, f32))> = Vec::with_capacity(mine.len());
    for (b, s) in mine {
        let d = all[b].doc;
        let rank = match docs.iter().position(|x| *x == d) {
            Some(r) => r,
            None => {
                docs.push(d);
                docs.len() - 1
            }
        };
        by_doc.push((rank, (b, s)));
    }
    by_doc.sort_by_key(|&(rank, _)| rank);
    let mut confirm = 0usize;
    let mut oppose: Vec<(usize, f32)> = Vec::new();
    for run in by_doc.chunk_by(|x, y| x.0 == y.0) {
        let Some(&(_, (b, s))) = run.first() else {
            continue;
        };
        // Prefer the body to a headline, and the same precision.
        let mut close = run.iter().filter(|(_, (_, x))| *x >= s * 0.75);
        if close.any(|(_, (c, _))| fa.agrees(all[*c].frame)) {
            confirm += 1;
            continue;
        }
        // An article that states both values (the fine "at current rates"
        // and "in June") is not contradicted by the other one.
        let mine_too = index.in_article_of_unit(a).any(|c| {
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
    let mut against: foldhash::HashSet<DocId> = oppose.iter().map(|&(b, _)| all[b].doc).collect();
    let close = |b: usize| {
        let (x, y) = (fa.value.abs(), all[b].frame.value.abs());
        x.min(y) * 2.0 >= x.max(y) || fa.near_miss(all[b].frame)
    };
    for &(b, _) in oppose.iter().filter(|&&(b, _)| !fa.timed && close(b)) {
        for (c, _) in cands.of(b) {
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
    // A claim that named sources put differently (two agencies' figures),
    // where only one of two statements names its source and the other
    // does not name it either ("77 km, according to the Example Centre"
    // against an unattributed "about 70 km"): the unattributed figure may
    // be another source's. Weaker evidence, against every other value.
    let sourced_apart = |b: usize| match (fa.source, all[b].frame.source) {
        (Some(s), None) => !mentioned(s, &all[b].sentence),
        (None, Some(s)) => !mentioned(s, &all[a].sentence),
        _ => false,
    };
    let several_sources =
        cands.other_source(a) || oppose.iter().any(|&(b, _)| cands.other_source(b));
    let attributed = several_sources && oppose.iter().all(|&(b, _)| sourced_apart(b));
    let severity = if series || unplaced || attributed {
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
pub(super) fn shared_words(index: &Index<'_, '_>, a: usize, b: usize) -> String {
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
    use crate::fixture::check_rules;

    #[test]
    fn a_hedged_figure_that_misses_an_exact_one_conflicts() {
        // "about 16" names a figure, hedged: two articles' "about 16" and
        // "about 22" conflict; "about 40" rounds, and a 38-day journey is
        // about 40 days.
        check_rules(
            r#"
//- a.txt
Zorblatt probe lifts off on a 38-day journey to Vane station
Examplecorp said the Zorblatt probe separated from its rocket about 16 minutes after liftoff on Monday.
                                                              ^^^^^^^^ figure-conflict: 'About 22'
//- b.txt
Examplecorp launches the Zorblatt probe
The Zorblatt probe is expected to take about 40 days to reach Vane station, Examplecorp said.
About 22 minutes after liftoff on Monday, the Zorblatt probe separated from its rocket.
^^^^^^^^ figure-conflict: 'about 16'
"#,
            &["figure-conflict"],
        );
    }
}
