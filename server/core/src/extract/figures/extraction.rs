//! The reading of one article: its figures, dates and conversions, and the
//! [`Claim`]s built from them (price moves, records, levels, counts and
//! tolls, each with its subject, market, session and time).

use std::collections::HashMap;

use crate::extract::{frames, scope, EntityMention, NameMention};
use crate::text::{starting_within, SortedSpans};
use crate::types::Span;

use super::catalog::Hits;
use super::clauses::{ends_with_word, event_subject, other_subject, stage_of, Clauses};
use super::context::frame_contexts;
use super::dates::{lead_date, scan_dates, since_date, when_of, years_in, DateMention, When};
use super::numbers::{conversions_of, scan_figures, starts_with_word, Figure, Unit};
use super::subjects::{subject_before, subject_mentions, Mention};
use super::vocab::{FigKind, VOCAB};
use super::{Claim, ClaimValue, Figures};

/// Reads one article's figures, dates, conversions and claims.
pub fn extract_figures(
    text: &str,
    sentences: &[Span],
    names: &[NameMention],
    entities: &[EntityMention],
) -> Figures {
    let v = &*VOCAB;
    let lower = text.to_ascii_lowercase();
    let lower = lower.as_str();
    let hits = Hits::new(&v.catalog, text, lower);
    let figures = scan_figures(text, lower);
    let dates = scan_dates(text, &hits);
    // A year named as background ("since 2004 when ...") dates nothing.
    let all_years = scope::years(text);
    let background: Vec<Span> = all_years
        .iter()
        .filter(|(s, _)| scope::is_background_year(lower, *s))
        .map(|(s, _)| *s)
        .collect();
    // "over 2000 people" is a count, not a year.
    let counted = |y: &Span| {
        figures
            .iter()
            .any(|f| f.approx.is_some() && f.span.overlaps(*y))
    };
    let latest_year = all_years.iter().map(|(_, y)| *y).max();
    let story_year = all_years
        .iter()
        .filter(|(s, _)| !background.contains(s) && !counted(s))
        .map(|(_, y)| *y)
        .max();
    let quoted = scope::quoted_spans(text);
    let article_date = lead_date(text, sentences, &dates, &figures);
    // Figures inside a date ("September 12") are not figures.
    let date_spans = SortedSpans::new(dates.iter().map(|d| d.span).collect());
    let mut figures: Vec<Figure> = figures
        .into_iter()
        .filter(|f| f.unit == Unit::Percent || !date_spans.any_overlap(f.span))
        .collect();
    figures.sort_by_key(|f| f.span.start);
    let conversions = conversions_of(text, &figures);
    let mentions = subject_mentions(text, lower, names, entities);
    let mut claims = Vec::new();
    let mut last_subject: Vec<usize> = Vec::new();
    let mut quiet = 0usize;
    let mut last_is_kb = false;
    let main_subject = {
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        let any_kb = mentions.iter().any(|x| x.key.starts_with("kb:"));
        for (i, m) in mentions.iter().enumerate() {
            if !m.key.starts_with("kb:") && any_kb {
                continue;
            }
            let e = counts.entry(m.key.as_str()).or_insert((0, i));
            e.0 += 1;
        }
        let max = counts.values().map(|c| c.0).max().unwrap_or(0);
        let top: Vec<_> = counts.values().filter(|c| c.0 == max).collect();
        (top.len() == 1 && max >= 2).then(|| top[0].1)
    };
    // The stage of a count the article last stated ("with 94% of ballots
    // counted"): counts of other stages are not compared.
    let mut count_stage: Option<String> = None;
    for &sentence in sentences {
        if let Some(st) = stage_of(text, &hits, &figures, sentence) {
            count_stage = Some(st);
        }
        let sent_lower = Span::new(sentence.start, sentence.end);
        let other_event = hits.any(&v.other_event, sent_lower);
        let market_any = hits.nearest(sentence, &v.markets, sentence.start, true);
        let mut prev_price: Option<(String, String, bool)> = None;
        let clauses = Clauses::new(text, sentence);
        // The sentence's clock time, read once, not once per figure.
        let clock = scope::clock_in(lower, sentence);
        // Whether the sentence is about an earlier year, asked once.
        let mut about_earlier_year: Option<bool> = None;
        // Record claims: "highest since <date>".
        for (index, phrase) in v.record.iter().enumerate() {
            for p in hits.find(&v.record, index, sentence) {
                let Some((since, dspan)) = since_date(text, lower, p.end, &dates) else {
                    continue;
                };
                // "..., while the index hit its highest since 2020".
                if other_subject(lower, &hits, &clauses, &mentions, &figures, p) {
                    continue;
                }
                let mut subj = subject_before(text, &mentions, sentence, p.start);
                let mut inferred = false;
                if subj.is_empty() {
                    subj = last_subject.clone();
                    inferred = true;
                }
                if subj.is_empty() {
                    continue;
                }
                let lowest = phrase.starts_with("lowest");
                let when = when_of(&dates, sentence, p.start);
                claims.push(Claim {
                    span: Span::new(p.start, dspan.end),
                    sentence,
                    subjects: subj.iter().map(|&i| mentions[i].display.clone()).collect(),
                    subject_keys: subj.iter().flat_map(|&i| mentions[i].keys()).collect(),
                    subject_inferred: inferred,
                    measure: if lowest {
                        "lowest-since"
                    } else {
                        "highest-since"
                    }
                    .to_string(),
                    measure_label: if lowest { "record low" } else { "record high" }.to_string(),
                    timed: true,
                    compared: true,
                    market: None,
                    session: None,
                    when: when.clone(),
                    other_event,
                    value: ClaimValue::Since(since),
                    value_text: text[p.start..dspan.end].to_string(),
                });
            }
        }
        for f in starting_within(&figures, sentence, |f| f.span.start)
            .iter()
            .filter(|f| f.span.start >= sentence.start && f.span.end <= sentence.end)
        {
            let clause = clauses.of(f.span);
            // "to 2.25% from 2.5%", "up from 48": the value before, not
            // the claim.
            let after_from = lower[..f.span.start]
                .trim_end()
                .strip_suffix("from")
                .is_some_and(|b| !b.ends_with(|c: char| c.is_ascii_alphanumeric()));
            // A person's words in quotation marks are not the article's claim.
            if after_from || scope::in_quote(&quoted, f.span) {
                continue;
            }
            // The date of the figure's clause, else one of the sentence
            // that is not in a clause of another figure ("55 seats, up from
            // 48 on Monday": Monday is the 48's).
            let when = match when_of(&dates, clause, f.span.start) {
                When::Article => {
                    let free: Vec<DateMention> =
                        starting_within(&dates, sentence, |d| d.span.start)
                            .iter()
                            .filter(|d| {
                                d.span.start >= sentence.start && d.span.end <= sentence.end
                            })
                            .filter(|d| {
                                let c = clauses.of(d.span);
                                !starting_within(&figures, c, |g| g.span.start)
                                    .iter()
                                    .any(|g| {
                                        g.span != f.span
                                            && c.start <= g.span.start
                                            && g.span.end <= c.end
                                            && !d.span.overlaps(g.span)
                                    })
                            })
                            .cloned()
                            .collect();
                    when_of(&free, sentence, f.span.start)
                }
                w => w,
            };
            // "In 2025, Acme shares rose 12%", "won 38 seats in the 2021
            // election": a figure without a day of its own in a sentence
            // about an earlier year is not the article's day.
            let earlier_year = when == When::Article
                && *about_earlier_year.get_or_insert_with(|| {
                    years_in(text, sentence).any(|(at, y)| {
                        story_year.is_some_and(|l| y < l)
                            && ends_with_word(&lower[sentence.start..at], &v.period_lead)
                    })
                });
            // After a background year ("since 2004 when a 6.3-magnitude
            // quake hit"), a figure belongs to that other time.
            let after_background = background
                .iter()
                .any(|b| sentence.start <= b.start && b.end <= f.span.start);
            let other_event = other_event || earlier_year || after_background;
            let subj_for_scope = subject_before(text, &mentions, sentence, f.span.start);
            // A word of the sentence counts for the figure unless its clause
            // is about another subject.
            let own_clause = |at: Span| {
                let their = clauses.of(at);
                let other_figure = starting_within(&figures, their, |g| g.span.start)
                    .iter()
                    .any(|g| {
                        g.span != f.span && their.start <= g.span.start && g.span.end <= their.end
                    });
                !other_figure
                    && !starting_within(&mentions, their, |x| x.span.start)
                        .iter()
                        .any(|x| {
                            their.start <= x.span.start
                                && x.span.end <= their.end
                                && !subj_for_scope.iter().any(|&i| mentions[i].key == x.key)
                        })
            };
            let session = hits
                .nearest(clause, &v.sessions, f.span.start, false)
                .or_else(|| hits.nearest(clause, &v.sessions_clause, f.span.start, false))
                .or_else(|| {
                    hits.nearest(sentence, &v.sessions, f.span.start, false)
                        .filter(|(_, at)| own_clause(*at))
                })
                .map(|(s, _)| s.clone());
            // A clock time in the sentence ("at 7 p.m.") narrows the
            // session: moves at two times of one session are not paired.
            let session = match clock.clone() {
                Some(clock) => Some(match session {
                    Some(s) => format!("{s} {clock}"),
                    None => clock,
                }),
                None => session,
            };
            let subj_in = subj_for_scope.clone();
            let (subj, inferred) = if subj_in.is_empty() {
                let fallback = if !last_subject.is_empty() {
                    last_subject.clone()
                } else {
                    main_subject.into_iter().collect()
                };
                (fallback, true)
            } else {
                (subj_in, false)
            };
            // The market of the figure's clause, else of the sentence unless
            // that market's clause is about another subject ("..., while
            // Rival gained 2% in Hong Kong").
            let market = hits
                .nearest(clause, &v.markets, f.span.start, true)
                .map(|(m, _)| m.clone())
                .or_else(|| {
                    let (m, at) = market_any?;
                    own_clause(at).then(|| m.clone())
                });
            let mut push = |measure: &str,
                            label: &str,
                            timed: bool,
                            subj: &[usize],
                            market: Option<String>,
                            session: Option<String>| {
                if subj.is_empty() {
                    return;
                }
                claims.push(Claim {
                    span: f.span,
                    sentence,
                    subjects: subj.iter().map(|&i| mentions[i].display.clone()).collect(),
                    subject_keys: subj.iter().flat_map(|&i| mentions[i].keys()).collect(),
                    subject_inferred: inferred,
                    measure: measure.to_string(),
                    measure_label: label.to_string(),
                    timed,
                    compared: true,
                    market,
                    session,
                    when: when.clone(),
                    other_event,
                    value: ClaimValue::Range {
                        range: f.range,
                        unit: f.unit.clone(),
                    },
                    value_text: text[f.span.start..f.span.end].to_string(),
                });
            };
            match &f.unit {
                Unit::Percent => {
                    // "..., while the benchmark index slipped 1.34%": a move
                    // of a subject of its own that is no company is no
                    // claim about the company named before. (Other
                    // measures keep theirs: "cut its benchmark rate".)
                    let price_subj: &[usize] =
                        if other_subject(lower, &hits, &clauses, &mentions, &figures, f.span) {
                            &[]
                        } else {
                            &subj
                        };
                    let has_verb = hits.any(&v.rise, clause) || hits.any(&v.fall, clause);
                    // Words that make it another measure, up to three words after the figure.
                    let tail_end = {
                        let rest = &text[f.span.end..clause.end.max(f.span.end)];
                        let mut words = 0;
                        let mut end = rest.len();
                        let mut in_word = false;
                        for (i, c) in rest.char_indices() {
                            if c.is_whitespace() {
                                if in_word {
                                    words += 1;
                                    if words == 4 {
                                        end = i;
                                        break;
                                    }
                                }
                                in_word = false;
                            } else {
                                in_word = true;
                            }
                        }
                        f.span.end + end
                    };
                    let excluded = hits.any(&v.price_not, Span::new(clause.start, tail_end));
                    // "the Nasdaq closed 1.5% higher": an index or market of its own.
                    let subject_in_clause = mentions
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
                    // The clause names a price, or its subject, or goes on
                    // from a price figure before ("... and won 9.2% on Monday").
                    let verb_after = |m: &Mention| {
                        let rest = lower[m.span.end..].trim_start();
                        v.rise
                            .iter()
                            .chain(&v.fall)
                            .any(|w| starts_with_word(rest, w))
                    };
                    // "Shares of Acme, which earns most from lending, fell
                    // 1.8%": a relative clause between the noun and the verb.
                    let relative_noun = (|| {
                        let head = lower
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
                        Some(hits.any(&v.price_nouns, lead))
                    })()
                    .unwrap_or(false);
                    let noun = relative_noun
                        || hits.any(&v.price_nouns, clause)
                        || starting_within(&mentions, Span::new(clause.start, f.span.start), |m| {
                            m.span.start
                        })
                        .iter()
                        .any(|m| {
                            m.span.start >= clause.start
                                && m.span.end <= f.span.start
                                && verb_after(m)
                        })
                        || prev_price.is_some();
                    let ytd = hits.any(&v.ytd, clause);
                    // "since the IPO", "since Monday": a change over a longer
                    // time, unless the "since" belongs to a record or to the year.
                    let since_other = hits.find(&v.since, 0, clause).iter().any(|sp| {
                        let before = &lower[clause.start..sp.end];
                        let record = v.record.iter().any(|r| before.ends_with(r.as_str()));
                        let year = v.ytd.iter().any(|y| {
                            y.starts_with("since") && lower[sp.start..].starts_with(y.as_str())
                        });
                        !record && !year
                    });
                    // "rose 20% in September": a month, not a day.
                    let month_only = starting_within(&dates, clause, |d| d.span.start)
                        .iter()
                        .any(|d| {
                            d.span.start >= clause.start
                                && d.span.end <= clause.end
                                && d.date.is_some_and(|x| x.month.is_some() && x.day.is_none())
                        });
                    let other = since_other
                        || month_only
                        || hits.any(&v.other_period, clause)
                        // "80% of analysts": a share of something, not a move.
                        || lower[f.span.end..].trim_start().starts_with("of ");
                    if let Some(m) = v
                        .measures
                        .iter()
                        .find(|m| m.kind == FigKind::Percent && hits.any(&m.triggers, clause))
                    {
                        let change = ends_with_word(&lower[..f.span.start], &["by".to_string()])
                            || lower[f.span.start..f.span.end].contains("point");
                        if m.story_subject {
                            // "Turnout was 72.3%": the story's vote, at the
                            // article's stage of the count.
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
                                    session: count_stage.clone(),
                                    when: when.clone(),
                                    other_event,
                                    value: ClaimValue::Range {
                                        range: f.range,
                                        unit: f.unit.clone(),
                                    },
                                    value_text: text[f.span.start..f.span.end].to_string(),
                                });
                            }
                        } else if !(m.level && (change || other || inferred)) {
                            push(&m.id, &m.label, m.timed, &subj, None, None);
                        }
                    } else if has_verb && !excluded && noun {
                        if ytd {
                            push(
                                "ytd-gain",
                                "gain this year",
                                true,
                                price_subj,
                                market.clone(),
                                None,
                            );
                            prev_price = Some(("ytd-gain".into(), "gain this year".into(), true));
                        } else if !other {
                            push(
                                "price-change",
                                "shares",
                                true,
                                price_subj,
                                market.clone(),
                                session.clone(),
                            );
                            prev_price = Some(("price-change".into(), "shares".into(), false));
                        } else {
                            prev_price = None;
                        }
                    } else if !has_verb && !excluded && !other {
                        // "..., Baidu - by 40%": the measure of the figure before.
                        // The clause must be "<subject> - by 40%": a
                        // subject of its own just before the figure.
                        let own_subject = starting_within(
                            &mentions,
                            Span::new(sentence.start, f.span.start),
                            |m| m.span.start,
                        )
                        .iter()
                        .any(|m| {
                            m.span.start >= sentence.start
                                && m.span.end <= f.span.start
                                && text
                                    .get(m.span.end..f.span.start)
                                    .is_some_and(|g| g.split_whitespace().count() <= 3)
                        });
                        if let Some((m, l, is_ytd)) = prev_price.clone().filter(|_| own_subject) {
                            if !price_subj.is_empty() && !inferred {
                                let s = if is_ytd { None } else { session.clone() };
                                push(&m, &l, true, price_subj, market.clone(), s);
                            }
                        }
                    }
                }
                Unit::Money(_) | Unit::Count | Unit::Number => {
                    let kind = match f.unit {
                        Unit::Money(_) => FigKind::Money,
                        Unit::Count => FigKind::Count,
                        _ => FigKind::Number,
                    };
                    let Some(m) = v.measures.iter().find(|m| {
                        (m.kind == kind || (m.kind == FigKind::Number && kind == FigKind::Count))
                            && hits.any(&m.triggers, clause)
                    }) else {
                        continue;
                    };
                    if kind == FigKind::Count && f.value.fract() != 0.0 {
                        continue;
                    }
                    // "three days of festival", "ten members of the board":
                    // a count of another noun than the measure's.
                    if kind == FigKind::Count
                        && !m.named_subject
                        && scope::counts_other_noun(lower, f.span.end, &v.count_nouns)
                    {
                        continue;
                    }
                    if m.kind == FigKind::Number {
                        // Magnitude: the number must stand next to its trigger.
                        let near = m.triggers.iter().any(|t| {
                            let before = lower[..f.span.start].trim_end();
                            let after = lower[f.span.end..].trim_start_matches(['-', ' ']);
                            before.ends_with(t.trim_end_matches('-'))
                                || after.starts_with(t.trim_end_matches('-'))
                        });
                        if !near {
                            continue;
                        }
                    }
                    // A count about a subject the sentence names ("the
                    // Alliance had won 58 seats"), at the article's stage of
                    // the count.
                    if m.named_subject {
                        // "58 seats", not "the 150-seat chamber".
                        let next_to = m.triggers.iter().any(|t| {
                            lower[f.span.end..].strip_prefix(' ').is_some_and(|r| {
                                r.starts_with(t.as_str())
                                    && !r[t.len()..]
                                        .starts_with(|c: char| c.is_ascii_alphanumeric())
                            })
                        });
                        // "ahead of the Labour Front with 41 seats": another
                        // name between the subject and the count owns it.
                        let subject_end = subj
                            .last()
                            .and_then(|&i| mentions.get(i))
                            .map(|m| m.span.end);
                        let name_between = subject_end.is_some_and(|end| {
                            names
                                .iter()
                                .any(|n| end <= n.span.start && n.span.end <= f.span.start)
                        });
                        if next_to && !inferred && !name_between {
                            push(&m.id, &m.label, m.timed, &subj, None, count_stage.clone());
                        }
                        continue;
                    }
                    // An event subject ("earthquake"), else the article's first one.
                    let event_subject = if matches!(kind, FigKind::Count | FigKind::Number) {
                        event_subject(&hits, sentence, f.span.end).or_else(|| {
                            // The story's event: the first one the article names.
                            let before = Span::new(0, sentence.start);
                            hits.nearest(before, &v.events, 0, false)
                                .map(|(s, _)| s.clone())
                        })
                    } else {
                        None
                    };
                    // A province's toll is a part of the national one:
                    // only parts of the same name are compared.
                    let part = (kind == FigKind::Count)
                        .then(|| scope::part_of_whole(text, lower, clause, sentence, f.span))
                        .flatten();
                    if let Some(ev) = event_subject {
                        claims.push(Claim {
                            span: f.span,
                            sentence,
                            subjects: vec![ev.clone()],
                            subject_keys: vec![format!("event:{ev}")],
                            subject_inferred: false,
                            measure: m.id.clone(),
                            measure_label: m.label.clone(),
                            timed: m.timed,
                            compared: true,
                            market: None,
                            session: part,
                            when: when.clone(),
                            other_event,
                            value: ClaimValue::Range {
                                range: f.range,
                                unit: f.unit.clone(),
                            },
                            value_text: text[f.span.start..f.span.end].to_string(),
                        });
                    } else if kind == FigKind::Money {
                        push(&m.id, &m.label, m.timed, &subj, None, None);
                    }
                }
            }
        }
        // The subject carried to the next two sentences: the last
        // knowledge-base entry of this one, else its last name.
        // Mentions are sorted by start: a search, not a pass over all of
        // the article's mentions for every sentence.
        let lo = mentions.partition_point(|m| m.span.start < sentence.start);
        let hi = mentions.partition_point(|m| m.span.start <= sentence.end);
        let here: Vec<usize> = (lo..hi.max(lo))
            .filter(|&i| mentions[i].span.end <= sentence.end)
            .collect();
        let pick = here
            .iter()
            .rev()
            .find(|&&i| mentions[i].key.starts_with("kb:"))
            .or(here.last());
        match pick {
            // A knowledge-base entry, or a name when no entry was seen lately.
            Some(&k) if mentions[k].key.starts_with("kb:") || !last_is_kb || quiet >= 2 => {
                last_subject = subject_before(text, &mentions, sentence, mentions[k].span.end);
                last_is_kb = mentions[k].key.starts_with("kb:");
                quiet = 0;
            }
            _ => {
                quiet += 1;
                if quiet > 2 {
                    last_subject.clear();
                }
            }
        }
    }
    // A conversion in brackets ("€3.17bn (£2.8bn)") is the original's.
    let converted: Vec<Span> = conversions.iter().map(|c| c.to.span).collect();
    let frames = frame_contexts(
        text,
        &hits,
        sentences,
        &figures,
        &dates,
        &background,
        &[&quoted[..], &converted[..]].concat(),
    );
    let mut frames = frames::frames_of(text, &figures, &frames);
    crate::extract::restated::add_conversion_frames(text, &conversions, &mut frames);
    for c in &mut claims {
        // A count of a named subject is compared only at a stage the
        // article states: election-night counts rise through the day.
        c.compared = v
            .measures
            .iter()
            .find(|m| m.id == c.measure)
            .is_none_or(|m| m.compare && !(m.staged && c.session.is_none()));
    }
    Figures {
        figures,
        claims,
        conversions,
        dates,
        article_date,
        latest_year,
        story_year,
        frames,
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::extract::figures::When;

    #[test]
    fn price_claims_with_subject_market_and_period() {
        let s = "Examplecorp shares jumped more than 7% in Hong Kong trading on September 12. Examplecorp's stock has risen 84% since the start of the year, Samplesoft - by 40%.";
        let f = extract(s).figures;
        let c: Vec<(&str, &str, Option<&str>)> = f
            .claims
            .iter()
            .map(|c| {
                (
                    c.value_text.as_str(),
                    c.measure.as_str(),
                    c.subjects.first().map(String::as_str),
                )
            })
            .collect();
        assert_eq!(
            c,
            vec![
                ("more than 7%", "price-change", Some("Examplecorp")),
                ("84%", "ytd-gain", Some("Examplecorp")),
                ("40%", "ytd-gain", Some("Samplesoft")),
            ]
        );
        assert_eq!(f.claims[0].market.as_deref(), Some("Hong Kong"));
        assert!(matches!(f.claims[0].when, When::Day(d) if d.day == Some(12)));
        assert_eq!(f.article_date.and_then(|d| d.day), Some(12));
    }

    #[test]
    fn not_price_claims() {
        for s in [
            "Examplecorp's cloud revenue rose 26% from a year earlier.",
            "Examplecorp shares have risen 50% over three months.",
            "Examplecorp said nearly 80% of proceeds will go to data centres.",
            "Examplecorp shares had then jumped 13% following these results.",
            "Examplecorp shares have fallen 30% since the IPO.",
            "Examplecorp shares rose 20% in September 2024.",
            "The central bank raised its key rate by 0.5 percentage points to 4.75%.",
            "Inflation rose to 3.2% in May, and unemployment fell to 4.1%.",
            "With 90% of votes counted, Jane Roe led with 52.3% of the vote.",
        ] {
            let f = extract(s).figures;
            assert!(
                f.claims
                    .iter()
                    .all(|c| c.measure != "price-change" || c.other_event),
                "{s}: {:?}",
                f.claims
            );
        }
    }

    #[test]
    fn death_toll_and_magnitude() {
        let s = "The earthquake killed at least 120 people. A magnitude 6.8 earthquake struck. A 5.1-magnitude aftershock followed.";
        let f = extract(s).figures;
        let got: Vec<(&str, &str, &str)> = f
            .claims
            .iter()
            .map(|c| {
                (
                    c.measure.as_str(),
                    c.subjects[0].as_str(),
                    c.value_text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("death-toll", "earthquake", "at least 120"),
                ("magnitude", "earthquake", "6.8"),
                ("magnitude", "aftershock", "5.1"),
            ]
        );
    }

    #[test]
    fn a_policy_rate_is_a_level() {
        let rates = |s: &str| -> Vec<String> {
            extract(s)
                .figures
                .claims
                .iter()
                .filter(|c| c.measure == "policy-rate")
                .map(|c| format!("{} {}", c.subject_keys.join("+"), c.value_text))
                .collect()
        };
        assert_eq!(
            rates("The Sample Central Bank cut its deposit rate by 0.25 percentage points to 2.25% from 2.5% on Thursday.\n"),
            ["name:sample central bank 2.25%"]
        );
        // "— The Sample Central Bank" mid-sentence is the same subject.
        assert_eq!(
            rates("EXAMPLETON, June 4 — The Sample Central Bank cut its deposit rate to 2.25% on Thursday.\n"),
            ["name:sample central bank 2.25%"]
        );
        // Another period, or a subject carried from the sentence before.
        assert!(rates("The Sample Central Bank's deposit rate was 4% a year ago.\n").is_empty());
        assert!(rates(
            "The Sample Central Bank cut rates on Thursday.\n\nIts deposit rate is now 2%.\n"
        )
        .is_empty());
    }
}
