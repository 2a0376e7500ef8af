//! `date-weekday`: a weekday written next to a date it does not fall on
//! ("Wednesday, September 25" in a year where that day is a Thursday).
//!
//! Owns the weekday arithmetic over the dates `extract::figures` reads. The
//! year is the date's own; else, of the years around the article's date
//! (dateline, lead or `[bundle] date`), the one that puts the date nearest
//! to it ("Monday, December 30" in a January article is last year's); else
//! the date must fit none of the years around the latest one the article
//! names. Without any year, nothing is checked.

use crate::analysis::checks::{Check, CheckContext, Scope};
use crate::analysis::extract::figures::{article_dates, SimpleDate};
use crate::analysis::types::{Finding, Location, RuleInfo, Severity};

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

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

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
                if candidates.is_empty() || candidates.iter().any(|c| c.weekday() == Some(wd)) {
                    continue;
                }
                let Some(full) = candidates.first().copied() else {
                    continue;
                };
                let Some(actual) = full.weekday() else {
                    continue;
                };
                let (Some(written), Some(real)) =
                    (DAYS.get(wd as usize), DAYS.get(actual as usize))
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
    use crate::analysis::fixture::{check_rules, check_rules_with_config};
    use crate::config::Config;

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
}
