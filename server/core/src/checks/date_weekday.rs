//! `date-weekday`: a weekday written next to a date it does not fall on
//! ("Wednesday, September 25" in a year where that day is a Thursday).
//!
//! Owns the weekday arithmetic over the dates `extract::figures` reads. The
//! year is the date's own; else, of the years around the article's date
//! (dateline, lead or `[bundle] date`), the one that puts the date nearest
//! to it ("Monday, December 30" in a January article is last year's); else
//! the date must fit none of the years around the latest one the article
//! names. Without any year in the bundle, the other weekdays of the bundle
//! decide: weekdays written with dates near it ("Saturday 14 June") and a
//! lead's weekday alone under a dateline ("June 13 — ... on Friday"); the
//! written weekday is flagged only when they clearly outweigh it.

use std::collections::HashMap;

use crate::bundle::Bundle;
use crate::checks::{Check, CheckContext, Scope};
use crate::claims::dates::article_dates;
use crate::extract::figures::{weekday_name, SimpleDate};
use crate::types::{DocId, Finding, Location, RuleInfo, Severity};

pub struct DateWeekday;

static INFO: RuleInfo = RuleInfo {
    id: "date-weekday",
    default_severity: Severity::Warning,
    summary: "A weekday does not fit the date written with it.",
    flags: &["'Thursday, September 24, 2025' (a Wednesday)"],
    passes: &[
        "'Wednesday, September 24, 2025'",
        "'Wednesday, September 24' in an article that names no year",
    ],
};

/// What the bundle says about weekdays, for dates without a year.
#[derive(Debug, Default)]
struct Evidence {
    /// A weekday written with a month and day: (article, start, date, weekday).
    pairs: Vec<(DocId, usize, SimpleDate, u32)>,
    /// An article's own date (month and day) and a weekday alone in the
    /// sentence of its dateline or lead ("June 13 — ... toured on Friday"),
    /// which news writes for that day or the day before.
    leads: Vec<(SimpleDate, u32)>,
}

fn weekday_evidence(bundle: &Bundle, dates: &HashMap<DocId, Option<SimpleDate>>) -> Evidence {
    let mut ev = Evidence::default();
    for d in bundle.documents() {
        let f = &d.facts.figures;
        for m in &f.dates {
            if let (Some(date), Some((wd, _))) = (m.date, m.weekday) {
                if date.is_day() {
                    ev.pairs.push((d.id, m.span.start, date, wd));
                }
            }
        }
        let Some(article) = dates
            .get(&d.id)
            .copied()
            .flatten()
            .filter(SimpleDate::is_day)
        else {
            continue;
        };
        // The article's date as written, and a weekday alone in its sentence.
        let Some(at) = f.dates.iter().find(|m| {
            m.date
                .is_some_and(|x| x.month == article.month && x.day == article.day)
        }) else {
            continue;
        };
        let Some(sentence) = d.facts.sentence_at(at.span.start) else {
            continue;
        };
        if let Some((wd, _)) = f
            .dates
            .iter()
            .filter(|m| m.date.is_none() && m.days_before.is_none() && m.span.start > at.span.end)
            .filter(|m| sentence.contains_offset(m.span.start))
            .find_map(|m| m.weekday)
        {
            // The month and day only: an article's year may be a guess
            // from the latest year it names.
            ev.leads.push((
                SimpleDate {
                    year: None,
                    ..article
                },
                wd,
            ));
        }
    }
    ev
}

/// Day of the year of a month and day in a common year.
fn ordinal(d: SimpleDate) -> Option<i64> {
    SimpleDate {
        year: Some(2001),
        ..d
    }
    .days()
    .map(|x| x - 11322)
}

/// For a weekday written with a date in a bundle that names no year: the
/// weekday the bundle's other dates give that date, when they outweigh it.
/// Every year of a window is scored by the evidence within two months of
/// the date that fits it (a weekday written with a date counts 2, a lead's
/// weekday alone 1); the written weekday is wrong when the best year it
/// fails beats the best year it fits, its own vote included: one written
/// date against another is a tie, and nothing is flagged.
fn yearless_weekday(
    ev: &Evidence,
    start: usize,
    doc: DocId,
    date: SimpleDate,
    wd: u32,
) -> Option<u32> {
    let here = ordinal(date)?;
    let near = |x: SimpleDate| ordinal(x).is_some_and(|o| (o - here).abs() <= 60);
    let (mut fit_best, mut fail_best): (i64, Option<(i64, u32)>) = (i64::MIN, None);
    for year in 1995..=2040 {
        let with = |x: SimpleDate| SimpleDate {
            year: Some(year),
            ..x
        };
        let Some(actual) = with(date).weekday() else {
            continue;
        };
        let mut score = 0;
        for &(pdoc, pstart, pdate, pwd) in &ev.pairs {
            if (pdoc == doc && pstart == start) || pdate.year.is_some() || !near(pdate) {
                continue;
            }
            if with(pdate).weekday() == Some(pwd) {
                score += 2;
            }
        }
        for &(adate, lwd) in &ev.leads {
            if !near(adate) {
                continue;
            }
            if let Some(awd) = with(adate).weekday() {
                if lwd == awd || (lwd + 1) % 7 == awd {
                    score += 1;
                }
            }
        }
        if actual == wd {
            fit_best = fit_best.max(score);
        } else if fail_best.is_none_or(|(b, _)| score > b) {
            fail_best = Some((score, actual));
        }
    }
    let (fail, real) = fail_best?;
    (fail > fit_best.max(0) + 2).then_some(real)
}

impl Check for DateWeekday {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let dates = article_dates(cx.bundle, cx.config);
        // The years of the bundle's dated articles: an undated article is
        // most likely of one of them.
        let mut bundle_years: Vec<i32> = dates.values().flatten().filter_map(|a| a.year).collect();
        bundle_years.sort_unstable();
        bundle_years.dedup();
        let evidence = weekday_evidence(cx.bundle, &dates);
        for d in cx.documents() {
            let f = &d.facts.figures;
            let article = dates.get(&d.id).copied().flatten();
            for m in &f.dates {
                let (Some(date), Some((wd, _))) = (m.date, m.weekday) else {
                    continue;
                };
                // The year: the date's own; else the one of the year before,
                // of or after the article's date that puts the date nearest
                // to it; else any year around the latest one the article
                // names must fail for a finding.
                let with_year = |y: i32| SimpleDate {
                    year: Some(y),
                    ..date
                };
                let candidates: Vec<SimpleDate> = match (date.year, article) {
                    (Some(_), _) => vec![date],
                    (None, Some(a)) if a.days().is_some() => {
                        let (ay, ad) = (a.year.unwrap_or(0), a.days().unwrap_or(0));
                        [ay - 1, ay, ay + 1]
                            .into_iter()
                            .map(with_year)
                            .min_by_key(|c| c.days().map_or(i64::MAX, |x| (x - ad).abs()))
                            .into_iter()
                            .collect()
                    }
                    (None, _) => match f.latest_year {
                        Some(y) => [y - 1, y, y + 1]
                            .into_iter()
                            .chain(bundle_years.iter().copied())
                            .map(with_year)
                            .collect(),
                        None => Vec::new(),
                    },
                };
                if candidates.is_empty() {
                    // No year anywhere: the bundle's other weekdays decide.
                    if let Some(real) = yearless_weekday(&evidence, m.span.start, d.id, date, wd) {
                        let (Some(written), Some(real)) = (weekday_name(wd), weekday_name(real))
                        else {
                            continue;
                        };
                        out.push(Finding {
                            rule: INFO.id,
                            severity: INFO.default_severity,
                            location: Location {
                                doc: d.id,
                                span: m.span,
                            },
                            message: format!(
                                "{written} does not fit {}: the bundle's other dates make it a {real}",
                                date.label()
                            ),
                            related: Vec::new(),
                            fixes: Vec::new(),
                        });
                    }
                    continue;
                }
                if candidates.iter().any(|c| c.weekday() == Some(wd)) {
                    continue;
                }
                let Some(full) = candidates.first().copied() else {
                    continue;
                };
                let Some(actual) = full.weekday() else {
                    continue;
                };
                let (Some(written), Some(real)) = (weekday_name(wd), weekday_name(actual)) else {
                    continue;
                };
                out.push(Finding {
                    rule: INFO.id,
                    severity: INFO.default_severity,
                    location: Location {
                        doc: d.id,
                        span: m.span,
                    },
                    message: format!("{written} does not fit {}: it is a {real}", full.label()),
                    related: Vec::new(),
                    fixes: Vec::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::fixture::{check_rules, check_rules_with_config};

    const RULE: &[&str] = &["date-weekday"];

    #[test]
    fn wrong_weekday_with_explicit_year() {
        check_rules(
            r#"
//- a.txt
The vote was held on Thursday, September 24, 2025, and counted on Friday, September 26, 2025.
                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ date-weekday: it is a Wednesday
"#,
            RULE,
        );
    }

    #[test]
    fn year_from_the_text_or_the_config() {
        check_rules(
            r#"
//- a.txt
The year 2025 began well. Shares fell on Saturday, 12 March.
                                         ^^^^^^^^^^^^^^^^^^ date-weekday
//- b.txt
Shares rose this Wednesday, September 24 in Hong Kong, after a weak 2025 start.
//- c.txt
Nothing here says a year: Monday, March 3.
"#,
            RULE,
        );
        let config = Config::parse("[bundle]\ndate = \"2025-03-05\"\n").unwrap_or_default();
        check_rules_with_config(
            r#"
//- c.txt
Nothing here says a year: Monday, March 4.
                          ^^^^^^^^^^^^^^^ date-weekday: Tuesday
"#,
            RULE,
            &config,
        );
    }

    #[test]
    fn an_undated_article_may_be_of_the_bundle_s_year() {
        // b.txt has no date of its own and names only 2011; March 9, 2026
        // is a Monday, so the weekday fits the bundle's year.
        check_rules(
            r#"
//- a.txt
March 10, 2026
The count went on.
//- b.txt
Turnout was the highest since 2011, and counting went on all night after the vote.
Officials met on Monday, March 9, to count the rest.
Officials met again on Sunday, March 10.
                       ^^^^^^^^^^^^^^^^ date-weekday
"#,
            RULE,
        );
    }

    #[test]
    fn dates_across_a_new_year() {
        // December 30, 2024 was a Monday; the article is dated January 2, 2025.
        check_rules(
            r#"
//- a.txt
January 2, 2025
Shares fell on Monday, December 30, and rose on Thursday, January 2.
//- b.txt
Last seen in 2024, the call is on Wednesday, January 29.
"#,
            RULE,
        );
    }

    #[test]
    fn without_any_year_the_bundle_s_other_weekdays_decide() {
        // March 5 is a Wednesday by b.txt's dateline and both leads.
        check_rules(
            r#"
//- a.txt
OSLO, March 5 — The ferry sank on Wednesday, officials said.
//- b.txt
Bergen, Thursday 6 March | The ferry that sank on Wednesday was raised.
//- c.txt
The ferry left port on Tuesday, March 5, with 40 aboard.
                       ^^^^^^^^^^^^^^^^ date-weekday: make it a Wednesday
"#,
            RULE,
        );
    }

    #[test]
    fn without_any_year_one_weekday_alone_is_not_enough() {
        check_rules(
            r#"
//- a.txt
The ferry left port on Tuesday, March 5, with 40 aboard.
//- b.txt
Bergen, Thursday 6 March | Divers searched again.
"#,
            RULE,
        );
    }
}
