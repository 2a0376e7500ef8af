//! What each figure's sentence says of its time and scope (another time or
//! event, a prior value, session, stage of a count, part of a whole), for
//! its open frame ([`frames`]).

use crate::extract::{frames, scope};
use crate::types::Span;

use super::catalog::Hits;
use super::clauses::Clauses;
use super::dates::{when_of, DateMention, When};
use super::numbers::{Figure, Unit};
use super::vocab::VOCAB;

/// The figure (index) of `clause` nearest to the phrase at `at`, years and
/// clock times aside.
fn nearest_figure(
    text: &str,
    lower: &str,
    figures: &[Figure],
    clause: Span,
    at: Span,
) -> Option<usize> {
    let lo = figures.partition_point(|g| g.span.start < clause.start);
    figures[lo..]
        .iter()
        .enumerate()
        .take_while(|(_, g)| g.span.end <= clause.end)
        .filter(|(_, g)| !is_time_or_year(text, lower, g))
        .min_by_key(|(_, g)| {
            if at.end <= g.span.start {
                g.span.start - at.end
            } else {
                at.start.saturating_sub(g.span.end)
            }
        })
        .map(|(j, _)| lo + j)
}

/// What the reading of an article's claims found of one of its
/// sentences, kept for the frames of its figures (not read again).
pub(super) struct SentenceRead {
    pub(super) clauses: Clauses,
    /// Its clock time ([`scope::clock_in`]).
    pub(super) clock: Option<String>,
    /// The stage of a count the article last stated, up to this sentence:
    /// figures of other stages ("with 94% of ballots counted") are other
    /// times.
    pub(super) stage: Option<String>,
}

/// What each figure's sentence says of its time and scope, for its open
/// frame; `None` for a figure that is no claim (quoted or converted in
/// brackets: in `skip`; a year, a time, a value "from" which another moved).
/// `read[i]` is what the reading of the claims found of `sentences[i]`.
#[allow(clippy::too_many_arguments)]
pub(super) fn frame_contexts(
    text: &str,
    hits: &Hits,
    sentences: &[Span],
    read: &[SentenceRead],
    figures: &[Figure],
    dates: &[DateMention],
    background: &[Span],
    skip: &[Span],
) -> Vec<Option<frames::Context>> {
    let v = &*VOCAB;
    let lower = hits.lower;
    figures
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let i = sentences.partition_point(|s| s.end < f.span.end);
            let sentence = *sentences.get(i).filter(|s| s.start <= f.span.start)?;
            let read = read.get(i)?;
            let after_from = lower[..f.span.start]
                .trim_end()
                .strip_suffix("from")
                .is_some_and(|b| !b.ends_with(|c: char| c.is_ascii_alphanumeric()));
            let skipped = skip
                .iter()
                .any(|q| q.start <= f.span.start && f.span.end <= q.end);
            if skipped || is_time_or_year(text, lower, f) {
                return None;
            }
            let clause = read.clauses.of(f.span);
            // A phrase of another time speaks of the whole clause ("would",
            // "respectively"), or, if bound, of the figure nearest to it
            // (and a phrase inside a bound one, "a year" in "a year ago",
            // of nothing more).
            let phrases: Vec<Span> = hits
                .spans(&v.other_event, clause)
                .chain(hits.spans(&v.other_period, clause))
                .collect();
            let bound = |h: &Span| v.bound_period.contains(&lower[h.start..h.end]);
            let speaks_of_me = |h: &Span| {
                if bound(h) {
                    nearest_figure(text, lower, figures, clause, *h) == Some(k)
                } else {
                    !phrases
                        .iter()
                        .any(|b| b != h && bound(b) && b.start <= h.start && h.end <= b.end)
                }
            };
            // The value something moved from, or one a bound phrase dates
            // ("last year's $4bn"): a prior value of the claim.
            let prior_value = after_from || phrases.iter().any(|h| bound(h) && speaks_of_me(h));
            let speaking: Vec<&Span> = phrases
                .iter()
                .filter(|h| !bound(h) && speaks_of_me(h))
                .collect();
            let elsewhere_too = hits.any(&v.other_event_sentence, sentence)
                || background.iter().any(|b| {
                    sentence.start <= b.start
                        && b.end <= f.span.start
                        && (clause.start <= b.start || scope::year_opens_event(lower, *b))
                });
            let elsewhere = !speaking.is_empty() || elsewhere_too;
            let other_time = prior_value || elsewhere;
            let prior = prior_value && !elsewhere;
            // Of another event only by a forecast of it ("expected to").
            let forecast = !speaking.is_empty()
                && !elsewhere_too
                && !prior_value
                && speaking
                    .iter()
                    .all(|h| v.forecast.contains(&lower[h.start..h.end]));
            let session = hits
                .nearest(clause, &v.sessions, f.span.start, false)
                .or_else(|| hits.nearest(clause, &v.sessions_clause, f.span.start, false))
                .or_else(|| hits.nearest(sentence, &v.sessions, f.span.start, false))
                .map(|(s, _)| s.clone());
            let session = match (session, read.clock.clone()) {
                (Some(s), Some(c)) => Some(format!("{s} {c}")),
                (s, c) => s.or(c),
            };
            let session = match (session, read.stage.clone()) {
                (Some(s), Some(st)) => Some(format!("{s}, {st}")),
                (s, st) => s.or(st),
            };
            let when = match when_of(dates, clause, f.span.start) {
                When::Article => when_of(dates, sentence, f.span.start),
                w => w,
            };
            Some(frames::Context {
                sentence,
                other_time,
                prior,
                forecast,
                session,
                when,
                // A part of a whole: a count's ("1,250 in Al Marzana"), an
                // amount's or a rate's ("in the Americas, revenue rose 8%").
                part: if f.unit == Unit::Count {
                    scope::part_of_whole(text, lower, clause, sentence, f.span)
                } else {
                    scope::part_before(text, clause, f.span, |w| {
                        v.months.iter().any(|(m, _)| m == w)
                            || v.weekdays.iter().any(|(d, _)| d == w)
                    })
                },
            })
        })
        .collect()
}

/// Whether the figure at `span` is a year, a clock time or part of a code
/// ("1:39 p.m.", "0809 GMT", "in 2009"): no claim of its own.
pub(super) fn is_time_or_year(text: &str, lower: &str, f: &Figure) -> bool {
    let s = f.span;
    let written = &text[s.start..s.end];
    let before = text[..s.start].chars().next_back();
    let after = &text[s.end..];
    if before == Some(':')
        || after.starts_with(':')
        || after.starts_with('/')
        || before == Some('/')
    {
        return true;
    }
    let next = lower[s.end..].trim_start();
    let clock = crate::text::time_zones()
        .iter()
        .chain(crate::text::clock_words())
        .any(|z| scope::starts_with(next, z));
    if f.unit == Unit::Count && clock {
        return true;
    }
    let year = written.len() == 4
        && written.chars().all(|c| c.is_ascii_digit())
        && written
            .parse::<i32>()
            .is_ok_and(|y| (1900..2100).contains(&y));
    year && f.approx.is_none() || is_age(text, f)
}

/// An age set off after a name: "Dana Whitlok, 40, a teacher", "Dana
/// Whitlok (40)". It says who the person is, not a claim to compare.
fn is_age(text: &str, f: &Figure) -> bool {
    if f.unit != Unit::Count || f.approx.is_some() || !(1.0..130.0).contains(&f.value) {
        return false;
    }
    let before = text[..f.span.start].trim_end_matches(' ');
    let after = text[f.span.end..].trim_start_matches(' ');
    let (open, close) = if let Some(b) = before.strip_suffix('(') {
        (b, after.starts_with(')'))
    } else if let Some(b) = before.strip_suffix(',') {
        (
            b,
            after.starts_with(',') || after.starts_with('.') || after.starts_with(';'),
        )
    } else {
        return false;
    };
    let name = open
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    close
        && name.len() > 1
        && name.starts_with(char::is_uppercase)
        && name.chars().all(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_after_a_name_is_no_claim() {
        use crate::extract::figures::Range;
        let fig = |text: &str, at: &str| {
            let start = text.find(at).unwrap_or(0);
            let value: f64 = at.parse().unwrap_or(0.0);
            let range = Range {
                lo: value,
                hi: value,
                lo_open: false,
                hi_open: false,
            };
            let f = Figure {
                span: Span::new(start, start + at.len()),
                value,
                unit: Unit::Count,
                approx: None,
                range,
                rounding: range,
            };
            is_time_or_year(text, &text.to_lowercase(), &f)
        };
        assert!(fig("They named him Dana Whitlok, 40, a teacher.", "40"));
        assert!(fig("Dana Whitlok (40) was found.", "40"));
        assert!(!fig("Among them were 40 nationals.", "40"));
        assert!(!fig("In Acme, 140 people, ...", "140"));
    }
}
