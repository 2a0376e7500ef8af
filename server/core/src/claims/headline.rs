//! A headline's figures against its own article's body.
//!
//! A headline restates its article's main claim in a few words: the
//! figure it gives is one the body states too ("£68m mission" over "cost
//! about £68.4m"), rounded at most. A headline figure that no figure of
//! its unit in the body can be, while the body states figures of that
//! unit about the same thing (a measure word in common), is a headline
//! that says something else than its article: one of the two is wrong.
//! Compared within one article only, where subject and time are the
//! article's own; the other articles' figures are aligned by
//! [`crate::claims::align`].

use std::borrow::Cow;
use std::collections::HashMap;

use crate::bundle::Bundle;
use crate::claims::align::{measure_idf, Disagreement, Keyed, Placed};
use crate::extract::frames::{canonical, is_movement, Frame};
use crate::types::{DocId, Severity};

/// A headline figure that its article's body contradicts, with the body
/// figures of its unit that share the most telling measure word with it,
/// best first.
pub fn headline_disagreements(bundle: &Bundle, all: &[Placed<'_>]) -> Vec<Disagreement> {
    headline_disagreements_weighted(bundle, all, &measure_idf(all))
}

/// [`headline_disagreements`], given how rare each measure word is among
/// the bundle's frames ([`measure_idf`]).
pub(crate) fn headline_disagreements_weighted(
    bundle: &Bundle,
    all: &[Placed<'_>],
    weights: &Keyed<f32>,
) -> Vec<Disagreement> {
    let idf = |k: usize| weights.get(&k).copied().unwrap_or(0.0);
    let mut body: HashMap<(DocId, &str), Vec<usize>> = HashMap::new();
    for (i, p) in all.iter().enumerate() {
        if !p.frame.headline {
            body.entry((p.doc, p.frame.unit.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut out = Vec::new();
    for (h, ph) in all.iter().enumerate() {
        let fh = ph.frame;
        if !fh.headline || fh.other_time {
            continue;
        }
        let Some(members) = body.get(&(ph.doc, fh.unit.as_str())) else {
            continue;
        };
        // Any body figure of the unit that it can be (of whatever time:
        // "the toll had climbed to 265") is what it restates, unless a
        // body figure that it cannot be is far more about what the
        // headline says (below).
        // One writer converts at one rate: no leeway for it here.
        let written = as_written(fh);
        let agree = |b: usize| written.agrees(&as_written(all[b].frame));
        // The weight of the words the best agreeing body figure shares
        // with the headline; none agree: -1.
        let agreeing = members
            .iter()
            .filter(|&&b| agree(b))
            .map(|&b| shared(fh, all[b].frame, &idf).0)
            .fold(-1.0f32, f32::max);
        let same: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&b| !agree(b) && same_kind(fh, all[b].frame) && same_time(ph, &all[b]))
            .collect();
        // The body figures about the same thing, most words in common first,
        // then the earliest (the lede).
        let Some(text) = bundle.get(ph.doc).map(|d| &*d.text) else {
            continue;
        };
        let heading = text
            .get(fh.sentence.start..fh.sentence.end)
            .unwrap_or("")
            .to_lowercase();
        let mut about: Vec<(usize, f32, String, bool)> = same
            .iter()
            .filter(|&&b| !other_subject(text, &heading, all[b].frame))
            .filter_map(|&b| {
                let (weight, label) = shared(fh, all[b].frame, &idf);
                // The words in common are much of what the lighter of the
                // two says: "London shares" alone is no common measure
                // of two companies' moves.
                // Counted by closeness alone: in a bundle of one story its
                // subject's words are on every figure, and rare by no
                // measure.
                let one = |_: usize| 1.0;
                let lighter = norm(fh, &one).min(norm(all[b].frame, &one));
                let common = shared(fh, all[b].frame, &one).0;
                // Figures that move take many values: one that agrees may
                // be the headline's own at another moment.
                let most = common >= MOST * lighter && !fh.timed && !all[b].frame.timed;
                (common >= ALIGN * lighter && weight > 0.0).then_some((b, weight, label, most))
            })
            .collect();
        about.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let Some((_, best, label, most)) = about.first().cloned() else {
            continue;
        };
        // A body figure agrees: the headline restates it, unless it shares
        // little of what the headline says ("a charge for the fine" under
        // a headline of the fine) while the body figure that contradicts
        // it shares most of it, and weighs more than twice as much (of
        // figures that do not move).
        if agreeing >= 0.0 && !(most && agreeing * 2.0 < best) {
            continue;
        }
        out.push(Disagreement {
            me: h,
            severity: Severity::Warning,
            others: about.iter().take(3).map(|a| a.0).collect(),
            label,
        });
    }
    out
}

/// A frame as its writer wrote it: no leeway for a conversion or another
/// unit (a frame that holds none is compared as it is, not copied).
fn as_written(f: &Frame) -> Cow<'_, Frame> {
    if f.converted || f.in_other_unit {
        Cow::Owned(Frame {
            converted: false,
            in_other_unit: false,
            ..f.clone()
        })
    } else {
        Cow::Borrowed(f)
    }
}

/// The share of the lighter frame's word weight that two frames must
/// share to be about the same thing.
const ALIGN: f32 = 0.25;
/// The share that makes a body figure the headline's own claim, beyond a
/// figure of another measure that happens to agree with it.
const MOST: f32 = 0.5;

/// The weight of a frame's measure words.
fn norm(f: &Frame, idf: &impl Fn(usize) -> f32) -> f32 {
    f.words.iter().map(|(w, x)| idf(w.key()) * x).sum()
}

/// The body figure is said of a name that the headline does not write:
/// a capitalised measure word among the few words before it ("Vane
/// Power shares rose 3%" under a headline of Zorblatt Energy).
fn other_subject(text: &str, heading: &str, b: &Frame) -> bool {
    let before = text.get(b.sentence.start..b.span.start).unwrap_or("");
    let names: Vec<&str> = before
        .split_whitespace()
        .rev()
        .take(8)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.starts_with(char::is_uppercase) && canonical(w).is_some())
        .collect();
    !names.is_empty()
        && !names.iter().any(|n| {
            let n = n.to_lowercase();
            heading
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == n)
        })
}

/// A figure that changes over time is the headline's only at the same
/// session and, where both are placed, the same day.
fn same_time(h: &Placed<'_>, b: &Placed<'_>) -> bool {
    if !(h.frame.timed || b.frame.timed) {
        return true;
    }
    h.frame.session == b.frame.session
        && match (h.day, b.day) {
            (Some(x), Some(y)) => x.same_day(&y),
            _ => true,
        }
}

/// Can the body figure `b` be what the headline figure `h` restates: the
/// same part of a whole and qualifiers, of the story's own time, and of
/// one size (a near miss or a change of up to a few times).
fn same_kind(h: &Frame, b: &Frame) -> bool {
    let (x, y) = (h.value.abs(), b.value.abs());
    !b.other_time
        && !b.prior
        && h.part == b.part
        && h.qualifiers == b.qualifiers
        && x.min(y) * 3.0 >= x.max(y)
}

/// The weight of the measure words two frames share (not only which way
/// they moved), and the most telling of them.
fn shared(a: &Frame, b: &Frame, idf: &impl Fn(usize) -> f32) -> (f32, String) {
    let mut words: Vec<(&str, f32)> = a
        .words
        .iter()
        .filter(|(w, _)| !is_movement(w) && w.as_str() != a.unit.as_str())
        .filter_map(|(w, x)| {
            let (_, y) = b.words.iter().find(|(v, _)| v.key() == w.key())?;
            Some((w.as_str(), idf(w.key()) * x.min(*y)))
        })
        .collect();
    words.sort_by(|x, y| y.1.total_cmp(&x.1));
    let weight = words.iter().map(|w| w.1).sum();
    let label = words
        .iter()
        .take(2)
        .map(|w| w.0)
        .collect::<Vec<_>>()
        .join(" ");
    (weight, label)
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["figure-conflict"];

    #[test]
    fn a_headline_figure_that_its_body_contradicts() {
        check_rules(
            r#"
//- a.txt
Zorblatt Vane launches £81m mission to the moon
                       ^^^^ figure-conflict: '£68.4m'
The Zorblatt Vane mission cost about ₹7.40bn (£68.4m), the agency said.
//- b.txt
Zorblatt Vane launches £68m mission to the moon
The Zorblatt Vane mission cost about ₹7.40bn (£68.4m), the agency said.
"#,
            RULE,
        );
    }

    #[test]
    fn an_agreeing_figure_of_another_measure_does_not_hide_the_contradiction() {
        // The charge agrees with the headline's fine, but the sentence
        // that states the fine itself says otherwise.
        check_rules(
            r#"
//- a.txt
Examplecorp appeals record $4.8 billion Zorblatt antitrust fine
                           ^^^^^^^^^^^^ figure-conflict: '$4.3 billion'
Examplecorp has appealed the record €3.91 billion ($4.3 billion) Zorblatt antitrust fine that regulators imposed in June.
Its parent, Vane Holdings, booked a $4.83 billion charge in the second quarter.
"#,
            RULE,
        );
    }

    #[test]
    fn a_headline_is_held_to_its_own_articles_conversion() {
        // "£69m" is within two writers' rates of "£68.4m" (which rounds to
        // £68m), but one article converts at one rate.
        check_rules(
            r#"
//- e.txt
Zorblatt Vane launches £69m mission to the moon
                       ^^^^ figure-conflict: '£68.4m'
The Zorblatt Vane mission cost about ₹7.40bn (£68.4m), the agency said.
"#,
            RULE,
        );
    }

    #[test]
    fn a_rounded_headline_or_one_of_another_measure_agrees() {
        check_rules(
            r#"
//- a.txt
Zorblatt Vane launches £68m mission to the moon
The Zorblatt Vane mission cost about ₹7.40bn (£68.4m), the agency said.
//- b.txt
Examplecorp fined £40m over pricing
Examplecorp's chief executive earns £2m a year, the filing showed.
//- c.txt
Zorblatt Energy shares fell 7% in London, the steepest drop in years.

Vane Power shares rose 3% in London.
//- f.txt
Examplecorp shares rose 5% in Hong Kong on September 12.
Examplecorp shares rose 4% at the open in Hong Kong on September 15.
//- g.txt
Examplecorp shares sink nearly 17% as Zorblatt trial's 21% weight loss disappoints
Examplecorp shares closed 16.9% lower in Copenhagen on Friday.
Patients on Zorblatt lost 21.4% of their body weight on average in the trial.
//- d.txt
Examplecorp toll rises to 265 as rescuers search rubble
Officials said the Examplecorp toll had climbed to at least 265 by Friday.
"#,
            RULE,
        );
    }
}
