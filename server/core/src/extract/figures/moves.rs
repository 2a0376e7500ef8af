//! The claims of a percentage: a price move ("Acme shares rose 4.2% in
//! Hong Kong"), a gain this year, or a level or change of a measure of the
//! data file ("turnout was 72.3%", "cut its rate by 0.25 percentage
//! points").

use crate::text::starting_within;
use crate::types::Span;

use super::clauses::{ends_with_word, other_subject};
use super::extraction::{Article, Carry, Scope, Sentence};
use super::numbers::{starts_with_word, Figure};
use super::subjects::Mention;
use super::vocab::FigKind;
use super::{Claim, ClaimValue};

/// The claims of the percentage `f` of sentence `s`, with scope `sc`.
pub(super) fn percent_claims(
    a: &Article<'_>,
    s: &mut Sentence,
    f: &Figure,
    sc: &Scope,
    carry: &Carry,
    claims: &mut Vec<Claim>,
) {
    let (v, hits, lower) = (a.v, &a.hits, a.lower);
    let (sentence, clause) = (s.span, sc.clause);
    // "..., while the benchmark index slipped 1.34%": a move of a subject
    // of its own that is no company is no claim about the company named
    // before. (Other measures keep theirs: "cut its benchmark rate".)
    let price_subj: &[usize] =
        if other_subject(lower, hits, &s.clauses, &a.mentions, &a.figures, f.span) {
            &[]
        } else {
            &sc.subj
        };
    let has_verb = hits.any(&v.rise, clause) || hits.any(&v.fall, clause);
    // Words that make it another measure, up to three words after the figure.
    let tail_end = f.span.end + words_end(&a.text[f.span.end..clause.end.max(f.span.end)], 4);
    let excluded = hits.any(&v.price_not, Span::new(clause.start, tail_end));
    // "the Nasdaq closed 1.5% higher": an index or market of its own.
    let subject_in_clause = a
        .mentions
        .iter()
        .any(|m| m.span.start >= clause.start && m.span.end <= f.span.start);
    let market_subject = !subject_in_clause
        && hits
            .nearest(
                Span::new(clause.start, f.span.start),
                &v.markets,
                f.span.start,
                true,
            )
            .is_some();
    let excluded = excluded || market_subject;
    // The clause names a price, or its subject, or goes on from a price
    // figure before ("... and won 9.2% on Monday").
    let verb_after = |m: &Mention| {
        let rest = lower[m.span.end..].trim_start();
        v.rise
            .iter()
            .chain(&v.fall)
            .any(|w| starts_with_word(rest, w))
    };
    let noun = relative_noun(a, sentence, clause)
        || hits.any(&v.price_nouns, clause)
        || starting_within(&a.mentions, Span::new(clause.start, f.span.start), |m| {
            m.span.start
        })
        .iter()
        .any(|m| m.span.start >= clause.start && m.span.end <= f.span.start && verb_after(m))
        || s.prev_price.is_some();
    let ytd = hits.any(&v.ytd, clause);
    let other = other_period(a, f, clause);
    let market = &sc.market;
    if let Some(m) = v
        .measures
        .iter()
        .find(|m| m.kind == FigKind::Percent && hits.any(&m.triggers, clause))
    {
        let change = ends_with_word(&lower[..f.span.start], &["by".to_string()])
            || lower[f.span.start..f.span.end].contains("point");
        if m.story_subject {
            // "Turnout was 72.3%": the story's vote, at the article's stage
            // of the count.
            if !(change || other) {
                claims.push(Claim {
                    span: f.span,
                    sentence,
                    subjects: Vec::new(),
                    subject_keys: vec![format!("story:{}", m.id)],
                    subject_inferred: false,
                    measure: m.id.clone(),
                    measure_label: m.label.clone(),
                    timed: m.timed,
                    compared: true,
                    market: None,
                    session: carry.count_stage.clone(),
                    when: sc.when.clone(),
                    other_event: sc.other_event,
                    value: ClaimValue::Range {
                        range: f.range,
                        unit: f.unit.clone(),
                    },
                    value_text: a.text[f.span.start..f.span.end].to_string(),
                });
            }
        } else if !(m.level && (change || other || sc.inferred)) {
            a.push_about(
                claims,
                f,
                s,
                sc,
                &sc.subj,
                (&m.id, &m.label, m.timed),
                None,
                None,
            );
        }
    } else if has_verb && !excluded && noun {
        if ytd {
            let measure = ("ytd-gain", "gain this year", true);
            a.push_about(claims, f, s, sc, price_subj, measure, market.clone(), None);
            s.prev_price = Some(("ytd-gain".into(), "gain this year".into(), true));
        } else if !other {
            let measure = ("price-change", "shares", true);
            let session = sc.session.clone();
            a.push_about(
                claims,
                f,
                s,
                sc,
                price_subj,
                measure,
                market.clone(),
                session,
            );
            s.prev_price = Some(("price-change".into(), "shares".into(), false));
        } else {
            s.prev_price = None;
        }
    } else if !has_verb && !excluded && !other {
        // "..., Baidu - by 40%": the measure of the figure before. The
        // clause must be "<subject> - by 40%": a subject of its own just
        // before the figure.
        let own_subject =
            starting_within(&a.mentions, Span::new(sentence.start, f.span.start), |m| {
                m.span.start
            })
            .iter()
            .any(|m| {
                m.span.start >= sentence.start
                    && m.span.end <= f.span.start
                    && a.text
                        .get(m.span.end..f.span.start)
                        .is_some_and(|g| g.split_whitespace().count() <= 3)
            });
        if let Some((m, l, is_ytd)) = s.prev_price.clone().filter(|_| own_subject) {
            if !price_subj.is_empty() && !sc.inferred {
                let session = if is_ytd { None } else { sc.session.clone() };
                a.push_about(
                    claims,
                    f,
                    s,
                    sc,
                    price_subj,
                    (&m, &l, true),
                    market.clone(),
                    session,
                );
            }
        }
    }
}

/// The byte length of `rest` up to the whitespace after its `n`th word
/// (all of it when it has fewer words).
fn words_end(rest: &str, n: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == n {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    rest.len()
}

/// "Shares of Acme, which earns most from lending, fell 1.8%": a price
/// noun before a relative clause that stands between it and the verb.
fn relative_noun(a: &Article<'_>, sentence: Span, clause: Span) -> bool {
    let v = a.v;
    (|| {
        let head = a
            .lower
            .get(sentence.start..clause.start)?
            .strip_suffix(", ")?;
        let cut = head.rfind(", ")?;
        let rel = head.get(cut + 2..)?;
        let opens = v.relative.iter().any(|r| {
            rel.strip_prefix(r.as_str())
                .is_some_and(|x| x.starts_with(' '))
        });
        if !opens {
            return None;
        }
        let from = head[..cut].rfind(", ").map_or(0, |i| i + 2);
        let lead = Span::new(sentence.start + from, sentence.start + cut);
        Some(a.hits.any(&v.price_nouns, lead))
    })()
    .unwrap_or(false)
}

/// A change over another period than the day: "since the IPO", "since
/// Monday" (unless the "since" belongs to a record or to the year), a month
/// alone ("rose 20% in September"), a period word, or a share of something
/// ("80% of analysts"), which is no move at all.
fn other_period(a: &Article<'_>, f: &Figure, clause: Span) -> bool {
    let (v, lower) = (a.v, a.lower);
    let since_other = a.hits.find(&v.since, 0, clause).iter().any(|sp| {
        let before = &lower[clause.start..sp.end];
        let record = v.record.iter().any(|r| before.ends_with(r.as_str()));
        let year = v
            .ytd
            .iter()
            .any(|y| y.starts_with("since") && lower[sp.start..].starts_with(y.as_str()));
        !record && !year
    });
    let month_only = starting_within(&a.dates, clause, |d| d.span.start)
        .iter()
        .any(|d| {
            d.span.start >= clause.start
                && d.span.end <= clause.end
                && d.date.is_some_and(|x| x.month.is_some() && x.day.is_none())
        });
    since_other
        || month_only
        || a.hits.any(&v.other_period, clause)
        || lower[f.span.end..].trim_start().starts_with("of ")
}

#[cfg(test)]
mod tests {
    use super::words_end;

    #[test]
    fn words_end_stops_at_the_whitespace_after_the_nth_word() {
        assert_eq!(
            words_end(" of the year to date", 4),
            " of the year to".len()
        );
        assert_eq!(words_end("of  the", 1), "of".len());
        assert_eq!(words_end(" higher", 4), " higher".len());
        assert_eq!(words_end("", 4), 0);
    }
}
