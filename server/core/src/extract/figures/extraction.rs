//! The reading of one article: its figures, dates and conversions, and the
//! [`Claim`]s built from them (price moves, records, levels, counts and
//! tolls, each with its subject, market, session and time).
//!
//! [`extract_figures`] reads the article once ([`Article`]), then each
//! sentence ([`Sentence`]): its record claims, and for each figure its
//! scope ([`Scope`]: clause, time, subject, session, market) and the claims
//! of its unit: moves in `moves`, amounts, counts and numbers in `tallies`.
//! The subject a sentence leaves to the next ones is [`Carry`]'s.

use std::collections::HashMap;

use crate::extract::{frames, scope, EntityMention, NameMention};
use crate::text::{starting_within, SortedSpans};
use crate::types::Span;

use super::catalog::Hits;
use super::clauses::{ends_with_word, other_subject, stage_of, Clauses};
use super::context::{frame_contexts, SentenceRead};
use super::dates::{lead_date, scan_dates, since_date, when_of, years_in, DateMention, When};
use super::numbers::{conversions_of, scan_figures, Figure, Unit};
use super::subjects::{subject_before, subject_mentions, Mention};
use super::vocab::{Vocab, VOCAB};
use super::{moves, tallies, Claim, ClaimValue, Figures};

/// What the whole article gives the reading of each of its figures.
pub(super) struct Article<'t> {
    pub(super) v: &'static Vocab,
    pub(super) text: &'t str,
    pub(super) lower: &'t str,
    pub(super) hits: Hits<'t>,
    pub(super) names: &'t [NameMention],
    /// In order of their start; none inside a date.
    pub(super) figures: Vec<Figure>,
    pub(super) dates: Vec<DateMention>,
    /// Subjects, in order of their start.
    pub(super) mentions: Vec<Mention>,
    quoted: Vec<Span>,
    /// Years named as background ("since 2004 when ...").
    background: Vec<Span>,
    /// The latest year the article names that is not background.
    story_year: Option<i32>,
    /// The one subject the article names most often (twice or more).
    main_subject: Option<usize>,
}

/// What one sentence gives the reading of each of its figures.
pub(super) struct Sentence {
    pub(super) span: Span,
    pub(super) clauses: Clauses,
    /// The sentence is about another event.
    other_event: bool,
    /// The sentence's market nearest its start, and where it is written.
    market_any: Option<(&'static String, Span)>,
    /// The sentence's clock time, read once, not once per figure.
    clock: Option<String>,
    /// Whether the sentence is about an earlier year, asked once.
    about_earlier_year: Option<bool>,
    /// The measure of the last price figure ("... and won 9.2% on
    /// Monday" goes on from it): id, label, and whether it is this year's.
    pub(super) prev_price: Option<(String, String, bool)>,
}

/// One figure's scope: where it stands and what it is said of.
pub(super) struct Scope {
    pub(super) clause: Span,
    pub(super) when: When,
    pub(super) other_event: bool,
    /// The subject's mentions: written before the figure, else carried.
    pub(super) subj: Vec<usize>,
    /// The subject was carried from before, not written in the sentence.
    pub(super) inferred: bool,
    pub(super) session: Option<String>,
    pub(super) market: Option<String>,
}

/// What one sentence leaves to the next ones.
#[derive(Default)]
pub(super) struct Carry {
    /// The subject carried to the next two sentences.
    last_subject: Vec<usize>,
    /// Sentences since the carried subject was named.
    quiet: usize,
    /// The carried subject is a knowledge-base entry.
    last_is_kb: bool,
    /// The stage of a count the article last stated ("with 94% of ballots
    /// counted"): counts of other stages are not compared.
    pub(super) count_stage: Option<String>,
}

/// Reads one article's figures, dates, conversions and claims.
pub fn extract_figures(
    text: &str,
    sentences: &[Span],
    names: &[NameMention],
    entities: &[EntityMention],
) -> Figures {
    let lower = text.to_ascii_lowercase();
    let (a, latest_year, article_date) = Article::read(text, &lower, sentences, names, entities);
    let mut claims = Vec::new();
    let mut carry = Carry::default();
    // Each sentence's clauses, clock time and stage, kept for the frames.
    let mut read = Vec::with_capacity(sentences.len());
    for &sentence in sentences {
        if let Some(st) = stage_of(text, &a.hits, &a.figures, sentence) {
            carry.count_stage = Some(st);
        }
        let mut s = a.sentence(sentence);
        a.record_claims(&s, &carry, &mut claims);
        for f in starting_within(&a.figures, sentence, |f| f.span.start)
            .iter()
            .filter(|f| f.span.start >= sentence.start && f.span.end <= sentence.end)
        {
            let Some(sc) = a.scope(&mut s, f, &carry) else {
                continue;
            };
            match &f.unit {
                Unit::Percent => moves::percent_claims(&a, &mut s, f, &sc, &carry, &mut claims),
                Unit::Money(_) | Unit::Count | Unit::Number => {
                    tallies::tally_claims(&a, &s, f, &sc, &carry, &mut claims)
                }
            }
        }
        carry.pass(&a, sentence);
        read.push(SentenceRead {
            clauses: s.clauses,
            clock: s.clock,
            stage: carry.count_stage.clone(),
        });
    }
    let v = a.v;
    // A conversion in brackets ("€3.17bn (£2.8bn)") is the original's.
    let conversions = conversions_of(text, &a.figures);
    let converted: Vec<Span> = conversions.iter().map(|c| c.to.span).collect();
    let contexts = frame_contexts(
        text,
        &a.hits,
        sentences,
        &read,
        &a.figures,
        &a.dates,
        &a.background,
        &[&a.quoted[..], &converted[..]].concat(),
    );
    let mut frames = frames::frames_of(text, &lower, &a.figures, &contexts);
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
    let Article {
        figures,
        dates,
        story_year,
        ..
    } = a;
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

impl<'t> Article<'t> {
    /// Reads the article as a whole; with its latest year and its own date.
    fn read(
        text: &'t str,
        lower: &'t str,
        sentences: &[Span],
        names: &'t [NameMention],
        entities: &[EntityMention],
    ) -> (Article<'t>, Option<i32>, Option<super::SimpleDate>) {
        let v: &'static Vocab = &VOCAB;
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
        let mentions = subject_mentions(text, lower, names, entities);
        let main_subject = main_subject(&mentions);
        let article = Article {
            v,
            text,
            lower,
            hits,
            names,
            figures,
            dates,
            mentions,
            quoted,
            background,
            story_year,
            main_subject,
        };
        (article, latest_year, article_date)
    }

    /// What `sentence` gives each of its figures.
    fn sentence(&self, sentence: Span) -> Sentence {
        let v = self.v;
        Sentence {
            span: sentence,
            clauses: Clauses::new(self.text, sentence),
            other_event: self.hits.any(&v.other_event, sentence),
            market_any: self
                .hits
                .nearest(sentence, &v.markets, sentence.start, true),
            clock: scope::clock_in(self.lower, sentence),
            about_earlier_year: None,
            prev_price: None,
        }
    }

    /// Record claims: "highest since <date>".
    fn record_claims(&self, s: &Sentence, carry: &Carry, claims: &mut Vec<Claim>) {
        let (v, text, lower) = (self.v, self.text, self.lower);
        let sentence = s.span;
        for (index, phrase) in v.record.iter().enumerate() {
            for p in self.hits.find(&v.record, index, sentence) {
                let Some((since, dspan)) = since_date(text, lower, p.end, &self.dates) else {
                    continue;
                };
                // "..., while the index hit its highest since 2020".
                if other_subject(
                    lower,
                    &self.hits,
                    &s.clauses,
                    &self.mentions,
                    &self.figures,
                    p,
                ) {
                    continue;
                }
                let mut subj = subject_before(text, &self.mentions, sentence, p.start);
                let mut inferred = false;
                if subj.is_empty() {
                    subj = carry.last_subject.clone();
                    inferred = true;
                }
                if subj.is_empty() {
                    continue;
                }
                let lowest = phrase.starts_with("lowest");
                let when = when_of(&self.dates, sentence, p.start);
                let (subjects, subject_keys) = self.named(&subj);
                claims.push(Claim {
                    span: Span::new(p.start, dspan.end),
                    sentence,
                    subjects,
                    subject_keys,
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
                    when,
                    other_event: s.other_event,
                    value: ClaimValue::Since(since),
                    value_text: text[p.start..dspan.end].to_string(),
                });
            }
        }
    }

    /// The scope of figure `f` of sentence `s`; `None` for a figure that
    /// states no claim of the article's: the value before ("to 2.25% from
    /// 2.5%", "up from 48") and a person's words in quotation marks.
    fn scope(&self, s: &mut Sentence, f: &Figure, carry: &Carry) -> Option<Scope> {
        let (v, text, lower) = (self.v, self.text, self.lower);
        let (sentence, clauses) = (s.span, &s.clauses);
        let clause = clauses.of(f.span);
        let after_from = lower[..f.span.start]
            .trim_end()
            .strip_suffix("from")
            .is_some_and(|b| !b.ends_with(|c: char| c.is_ascii_alphanumeric()));
        if after_from || scope::in_quote(&self.quoted, f.span) {
            return None;
        }
        let figures = &self.figures;
        // The date of the figure's clause, else one of the sentence that is
        // not in a clause of another figure ("55 seats, up from 48 on
        // Monday": Monday is the 48's).
        let when = match when_of(&self.dates, clause, f.span.start) {
            When::Article => {
                let free: Vec<DateMention> =
                    starting_within(&self.dates, sentence, |d| d.span.start)
                        .iter()
                        .filter(|d| d.span.start >= sentence.start && d.span.end <= sentence.end)
                        .filter(|d| {
                            let c = clauses.of(d.span);
                            !starting_within(figures, c, |g| g.span.start)
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
        // election": a figure without a day of its own in a sentence about
        // an earlier year is not the article's day.
        let story_year = self.story_year;
        let earlier_year = when == When::Article
            && *s.about_earlier_year.get_or_insert_with(|| {
                years_in(text, sentence).any(|(at, y)| {
                    story_year.is_some_and(|l| y < l)
                        && ends_with_word(&lower[sentence.start..at], &v.period_lead)
                })
            });
        // After a background year ("since 2004 when a 6.3-magnitude quake
        // hit"), a figure belongs to that other time.
        let after_background = self
            .background
            .iter()
            .any(|b| sentence.start <= b.start && b.end <= f.span.start);
        let other_event = s.other_event || earlier_year || after_background;
        let subj_for_scope = subject_before(text, &self.mentions, sentence, f.span.start);
        let mentions = &self.mentions;
        // A word of the sentence counts for the figure unless its clause is
        // about another subject.
        let own_clause = |at: Span| {
            let their = clauses.of(at);
            let other_figure = starting_within(figures, their, |g| g.span.start)
                .iter()
                .any(|g| {
                    g.span != f.span && their.start <= g.span.start && g.span.end <= their.end
                });
            !other_figure
                && !starting_within(mentions, their, |x| x.span.start)
                    .iter()
                    .any(|x| {
                        their.start <= x.span.start
                            && x.span.end <= their.end
                            && !subj_for_scope.iter().any(|&i| mentions[i].key == x.key)
                    })
        };
        let hits = &self.hits;
        let session = hits
            .nearest(clause, &v.sessions, f.span.start, false)
            .or_else(|| hits.nearest(clause, &v.sessions_clause, f.span.start, false))
            .or_else(|| {
                hits.nearest(sentence, &v.sessions, f.span.start, false)
                    .filter(|(_, at)| own_clause(*at))
            })
            .map(|(s, _)| s.clone());
        // A clock time in the sentence ("at 7 p.m.") narrows the session:
        // moves at two times of one session are not paired.
        let session = match s.clock.clone() {
            Some(clock) => Some(match session {
                Some(s) => format!("{s} {clock}"),
                None => clock,
            }),
            None => session,
        };
        // The market of the figure's clause, else of the sentence unless
        // that market's clause is about another subject ("..., while Rival
        // gained 2% in Hong Kong").
        let market = hits
            .nearest(clause, &v.markets, f.span.start, true)
            .map(|(m, _)| m.clone())
            .or_else(|| {
                let (m, at) = s.market_any?;
                own_clause(at).then(|| m.clone())
            });
        let (subj, inferred) = if subj_for_scope.is_empty() {
            let fallback = if !carry.last_subject.is_empty() {
                carry.last_subject.clone()
            } else {
                self.main_subject.into_iter().collect()
            };
            (fallback, true)
        } else {
            (subj_for_scope, false)
        };
        Some(Scope {
            clause,
            when,
            other_event,
            subj,
            inferred,
            session,
            market,
        })
    }

    /// The display names and the keys of the subject `subj`.
    pub(super) fn named(&self, subj: &[usize]) -> (Vec<String>, Vec<String>) {
        let m = &self.mentions;
        (
            subj.iter().map(|&i| m[i].display.clone()).collect(),
            subj.iter().flat_map(|&i| m[i].keys()).collect(),
        )
    }

    /// A claim of figure `f` of the sentence `sentence`, said of the
    /// subject `subjects`/`subject_keys`, as measure `(id, label, timed)`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn claim(
        &self,
        f: &Figure,
        sentence: Span,
        sc: &Scope,
        (subjects, subject_keys, subject_inferred): (Vec<String>, Vec<String>, bool),
        (measure, label, timed): (&str, &str, bool),
        market: Option<String>,
        session: Option<String>,
    ) -> Claim {
        Claim {
            span: f.span,
            sentence,
            subjects,
            subject_keys,
            subject_inferred,
            measure: measure.to_string(),
            measure_label: label.to_string(),
            timed,
            compared: true,
            market,
            session,
            when: sc.when.clone(),
            other_event: sc.other_event,
            value: ClaimValue::Range {
                range: f.range,
                unit: f.unit.clone(),
            },
            value_text: self.text[f.span.start..f.span.end].to_string(),
        }
    }

    /// A claim of figure `f` about the mentions `subj` (none for no subject).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_about(
        &self,
        claims: &mut Vec<Claim>,
        f: &Figure,
        s: &Sentence,
        sc: &Scope,
        subj: &[usize],
        measure: (&str, &str, bool),
        market: Option<String>,
        session: Option<String>,
    ) {
        if subj.is_empty() {
            return;
        }
        let (subjects, keys) = self.named(subj);
        claims.push(self.claim(
            f,
            s.span,
            sc,
            (subjects, keys, sc.inferred),
            measure,
            market,
            session,
        ));
    }
}

/// The one subject the article names most often, twice or more (among
/// knowledge-base entries when it names any): the index of its first
/// mention.
fn main_subject(mentions: &[Mention]) -> Option<usize> {
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
}

impl Carry {
    /// After `sentence`: the subject carried to the next two sentences, the
    /// last knowledge-base entry of this one, else its last name.
    fn pass(&mut self, a: &Article<'_>, sentence: Span) {
        let mentions = &a.mentions;
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
            Some(&k)
                if mentions[k].key.starts_with("kb:") || !self.last_is_kb || self.quiet >= 2 =>
            {
                self.last_subject =
                    subject_before(a.text, mentions, sentence, mentions[k].span.end);
                self.last_is_kb = mentions[k].key.starts_with("kb:");
                self.quiet = 0;
            }
            _ => {
                self.quiet += 1;
                if self.quiet > 2 {
                    self.last_subject.clear();
                }
            }
        }
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
