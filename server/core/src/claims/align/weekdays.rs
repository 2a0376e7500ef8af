//! One claim placed on two weekdays: two articles state the same figure
//! of the same thing ([`super::index`]), each sentence naming one weekday
//! or one dated day, and the days differ ("Examplecorp on Tuesday announced
//! 1,300 job cuts" and "1,300 jobs cut on Wednesday").

use std::collections::BTreeSet;
use std::sync::Arc;

use super::index::frames_idf;
use super::index::{all_candidates, Index};
use super::Placed;
use crate::bundle::Document;
use crate::extract::figures::{month_name, weekday_name, When};
use crate::extract::frames::{sentence_words, Stem};
use crate::text::is_alphabetic;
use crate::types::{DocId, Span};

/// A statement of a claim placed on a weekday: its article, the figure's
/// span and the weekday (0 = Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnWeekday {
    pub doc: DocId,
    pub span: Span,
    /// The figure's sentence.
    pub sentence: Span,
    pub weekday: u32,
}

/// The weekday a frame's own sentence places it on: the one weekday the
/// sentence names past its dateline ("PLACE, Feb. 6 (Agency) — "), or,
/// naming none, a dated day with its year. `None` when the sentence names
/// more than one weekday (an announcement and the day it takes effect), or
/// a month as well (the claim may be of that month: "the fine imposed in
/// June, the company said Monday").
fn weekday_of(text: &str, when: &When, sentence: Span) -> Option<u32> {
    let s = text.get(sentence.start..sentence.end)?;
    // The weekdays and the months the sentence names, with where.
    let mut weekdays: Vec<(usize, u32)> = Vec::new();
    let mut months: Vec<usize> = Vec::new();
    for word in s.split(|c: char| !is_alphabetic(c)) {
        // Weekdays and months are written with a capital (and a weekday
        // with more than two letters): most words are asked no more.
        if word.len() < 3 || !word.starts_with(char::is_uppercase) {
            continue;
        }
        // `split` yields slices of `s`.
        let at = word.as_ptr() as usize - s.as_ptr() as usize;
        if let Some(w) = (0..7).find(|&w| weekday_name(w) == Some(word)) {
            weekdays.push((at, w));
        }
        if (1..=12).any(|m| month_name(m).is_some_and(|n| n.starts_with(word))) {
            months.push(at);
        }
    }
    // Past a dateline: a dash or a bar near the start of the sentence
    // ("PLACE, Feb. 6 (Agency) — ", "Place, Wednesday 28 June – ",
    // "PLACE, 12 September -- "). Asked only of a sentence that names a
    // day or a month.
    let from = if weekdays.is_empty() && months.is_empty() {
        0
    } else {
        let head = s.char_indices().nth(100).map_or(s, |(i, _)| &s[..i]);
        ["—", "–", " -- ", " - ", " | "]
            .iter()
            .filter_map(|d| head.find(d).map(|i| i + d.len()))
            .min()
            .unwrap_or(0)
    };
    weekdays.retain(|&(at, _)| at >= from);
    months.retain(|&at| at >= from);
    match (weekdays.as_slice(), months.len(), when) {
        ([(_, w)], 0, _) => Some(*w),
        ([], _, When::Day(d)) if d.year.is_some() => d.weekday(),
        _ => None,
    }
}

/// A figure written right after a capitalised word that does not open
/// its sentence is a name's number ("Boeing 787", "Flight 1086"), not a
/// figure of the claim.
fn after_a_name(text: &str, sentence: Span, span: Span) -> bool {
    let before = text.get(sentence.start..span.start).unwrap_or("");
    let Some(prefix) = before.strip_suffix(' ') else {
        return false;
    };
    let word = prefix
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let opens = prefix.len() == word.len();
    !opens && word.starts_with(char::is_uppercase)
}

/// A statement placed on a weekday, and the other articles' statements of
/// the same claim with the same value.
#[derive(Debug, Clone)]
pub struct WeekdayClaim {
    pub me: OnWeekday,
    /// Other articles that place it on its weekday.
    pub support: usize,
    /// Other articles that place it on another weekday.
    pub against: usize,
    /// The weekdays the claim is placed on, this one's too, as bits
    /// (Monday the lowest).
    pub weekdays: u8,
    /// The first few statements of other weekdays.
    pub other: Vec<OnWeekday>,
}

/// Statements of other weekdays a [`WeekdayClaim`] keeps.
const SHOWN: usize = 6;

/// The frames of one article that their own sentence places on a weekday:
/// (index among the article's frames, weekday, the sentence's words).
pub type WeekdayPicks = Vec<(usize, u32, Arc<[Stem]>)>;

/// [`WeekdayPicks`] of one article: what [`claims_on_other_weekdays`]
/// reads of it, kept per version of the article by the check's memo.
pub fn weekday_picks(d: &Document) -> WeekdayPicks {
    let mut out = Vec::new();
    // The sentence last read, its weekday and its words: the frames of one
    // sentence follow each other, and a sentence is read once however many
    // figures it holds.
    type Read = (Span, Option<(u32, Arc<[Stem]>)>);
    let mut last: Option<Read> = None;
    for (k, f) in d.facts.figures.frames.iter().enumerate() {
        if f.timed
            || f.other_time
            || f.prior
            || f.headline
            || after_a_name(&d.text, f.sentence, f.span)
        {
            continue;
        }
        if last.as_ref().is_none_or(|(s, _)| *s != f.sentence) {
            let read = weekday_of(&d.text, &f.when, f.sentence).map(|w| {
                let words: Arc<[Stem]> = sentence_words(&d.text, f.sentence).into();
                (w, words)
            });
            last = Some((f.sentence, read));
        }
        if let Some((_, Some((w, words)))) = &last {
            out.push((k, *w, words.clone()));
        }
    }
    out
}

/// Every statement placed on a weekday that another article's statement
/// of the same claim, with the same value, places on another, in bundle
/// order; of the articles `docs` (a bundle's, in its order), given each
/// one's [`weekday_picks`].
pub fn claims_on_other_weekdays(docs: &[&Document], picks: &[&WeekdayPicks]) -> Vec<WeekdayClaim> {
    // Only the frames of events placed on a day: few of a bundle's.
    let mut picked: Vec<(Placed<'_>, u32)> = Vec::new();
    for (d, mine) in docs.iter().zip(picks) {
        for (k, w, words) in mine.iter() {
            let Some(f) = d.facts.figures.frames.get(*k) else {
                continue;
            };
            picked.push((
                Placed {
                    doc: d.id,
                    frame: f,
                    day: None,
                    sentence: words.clone(),
                },
                *w,
            ));
        }
    }
    if picked.len() < 2 {
        return Vec::new();
    }
    let (all, weekdays): (Vec<Placed<'_>>, Vec<u32>) = picked.into_iter().unzip();
    // How telling a word is among these frames, counted as among all of
    // the bundle's (a word every one of a few frames has still tells).
    let of: usize = docs.iter().map(|d| d.facts.figures.frames.len()).sum();
    let idf = frames_idf(all.iter().map(|p| p.frame), of);
    let index = Index::new(&all, &idf);
    let cands = all_candidates(&index);
    let at = |k: usize| OnWeekday {
        doc: all[k].doc,
        span: all[k].frame.span,
        sentence: all[k].frame.sentence,
        weekday: weekdays[k],
    };
    let mut out = Vec::new();
    for a in 0..all.len() {
        let fa = all[a].frame;
        let (mut support, mut against) = (BTreeSet::new(), BTreeSet::new());
        let mut weekdays_seen = 1u8 << weekdays[a];
        let mut other = Vec::new();
        for (b, _) in cands.of(a) {
            if !fa.agrees(all[b].frame) {
                continue;
            }
            if weekdays[b] == weekdays[a] {
                support.insert(all[b].doc);
            } else {
                against.insert(all[b].doc);
                weekdays_seen |= 1u8 << weekdays[b];
                if other.len() < SHOWN {
                    other.push(at(b));
                }
            }
        }
        let me = at(a);
        support.remove(&me.doc);
        against.remove(&me.doc);
        if !other.is_empty() {
            out.push(WeekdayClaim {
                me,
                support: support.len(),
                against: against.len(),
                weekdays: weekdays_seen,
                other,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekday(s: &str) -> Option<u32> {
        weekday_of(s, &When::Article, Span::new(0, s.len()))
    }

    #[test]
    fn the_one_weekday_past_the_dateline_and_no_month() {
        assert_eq!(
            weekday(
                "ZORBTON, Feb. 6 (Wire) — The bank raised its rate to 2.25 percent on Thursday."
            ),
            Some(3)
        );
        assert_eq!(
            weekday("Zorbton, Wednesday 28 June 2017 – The fine imposed on Tuesday stands."),
            Some(1)
        );
        assert_eq!(weekday("The bank raised its rate to 2.25 percent."), None);
        // Two weekdays, or a month the claim may be of.
        assert_eq!(
            weekday("Announced on Tuesday, the 900 cuts start on Friday."),
            None
        );
        assert_eq!(
            weekday("It appealed the €2.42 billion fine imposed in June, it said Monday."),
            None
        );
    }

    #[test]
    fn a_number_after_a_capitalised_word_is_a_name() {
        let s = "The regulator grounded 33 Boeing 787s on Friday.";
        let at = |w: &str| {
            let i = s.find(w).unwrap_or(0);
            Span::new(i, i + w.len())
        };
        let whole = Span::new(0, s.len());
        assert!(after_a_name(s, whole, at("787")));
        assert!(!after_a_name(s, whole, at("33")));
        let t = "About 1,300 jobs go.";
        assert!(!after_a_name(t, Span::new(0, t.len()), Span::new(6, 11)));
    }
}
