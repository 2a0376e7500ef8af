//! The claims of an amount, a count or a plain number: a measure of the
//! data file whose trigger stands in the figure's clause ("a bond of
//! $2bn", "won 58 seats", "killed 1,200 people", "a magnitude 6.8
//! quake"), said of a named subject, of the story's event, or of the
//! subject before it.

use crate::extract::scope;
use crate::types::Span;

use super::clauses::event_subject;
use super::extraction::{Article, Carry, Scope, Sentence};
use super::numbers::{Figure, Unit};
use super::vocab::FigKind;
use super::Claim;

/// The claims of the amount, count or number `f` of sentence `s`, with
/// scope `sc`.
pub(super) fn tally_claims(
    a: &Article<'_>,
    s: &Sentence,
    f: &Figure,
    sc: &Scope,
    carry: &Carry,
    claims: &mut Vec<Claim>,
) {
    let (v, hits, lower) = (a.v, &a.hits, a.lower);
    let (sentence, clause) = (s.span, sc.clause);
    let kind = match f.unit {
        Unit::Money(_) => FigKind::Money,
        Unit::Count => FigKind::Count,
        _ => FigKind::Number,
    };
    let Some(m) = v.measures.iter().find(|m| {
        (m.kind == kind || (m.kind == FigKind::Number && kind == FigKind::Count))
            && hits.any(&m.triggers, clause)
    }) else {
        return;
    };
    if kind == FigKind::Count && f.value.fract() != 0.0 {
        return;
    }
    // "three days of festival", "ten members of the board": a count of
    // another noun than the measure's.
    if kind == FigKind::Count
        && !m.named_subject
        && scope::counts_other_noun(lower, f.span.end, &v.count_nouns)
    {
        return;
    }
    if m.kind == FigKind::Number {
        // Magnitude: the number must stand next to its trigger.
        let near = m.triggers.iter().any(|t| {
            let before = lower[..f.span.start].trim_end();
            let after = lower[f.span.end..].trim_start_matches(['-', ' ']);
            before.ends_with(t.trim_end_matches('-')) || after.starts_with(t.trim_end_matches('-'))
        });
        if !near {
            return;
        }
    }
    let measure = (m.id.as_str(), m.label.as_str(), m.timed);
    // A count about a subject the sentence names ("the Alliance had won 58
    // seats"), at the article's stage of the count.
    if m.named_subject {
        // "58 seats", not "the 150-seat chamber".
        let next_to = m.triggers.iter().any(|t| {
            lower[f.span.end..].strip_prefix(' ').is_some_and(|r| {
                r.starts_with(t.as_str())
                    && !r[t.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            })
        });
        // "ahead of the Labour Front with 41 seats": another name between
        // the subject and the count owns it.
        let subject_end = sc
            .subj
            .last()
            .and_then(|&i| a.mentions.get(i))
            .map(|m| m.span.end);
        let name_between = subject_end.is_some_and(|end| {
            a.names
                .iter()
                .any(|n| end <= n.span.start && n.span.end <= f.span.start)
        });
        if next_to && !sc.inferred && !name_between {
            let stage = carry.count_stage.clone();
            a.push_about(claims, f, s, sc, &sc.subj, measure, None, stage);
        }
        return;
    }
    // An event subject ("earthquake"), else the article's first one.
    let event_subject = if matches!(kind, FigKind::Count | FigKind::Number) {
        event_subject(hits, sentence, f.span.end).or_else(|| {
            // The story's event: the first one the article names.
            let before = Span::new(0, sentence.start);
            hits.nearest(before, &v.events, 0, false)
                .map(|(s, _)| s.clone())
        })
    } else {
        None
    };
    // A province's toll is a part of the national one: only parts of the
    // same name are compared.
    let part = (kind == FigKind::Count)
        .then(|| scope::part_of_whole(a.text, lower, clause, sentence, f.span))
        .flatten();
    if let Some(ev) = event_subject {
        let who = (vec![ev.clone()], vec![format!("event:{ev}")], false);
        claims.push(a.claim(f, sentence, sc, who, measure, None, part));
    } else if kind == FigKind::Money {
        a.push_about(claims, f, s, sc, &sc.subj, measure, None, None);
    }
}
