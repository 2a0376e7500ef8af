//! The day of each article of a bundle: its dateline or lead, else the
//! story date of the configuration, with the year a date without one
//! takes; and the weekday the bundle gives a date without a year.

use std::collections::HashMap;

use crate::bundle::Bundle;
use crate::config::Config;
use crate::extract::figures::SimpleDate;
use crate::types::DocId;

/// Each document's date: dateline or lead, else the configured story date.
pub fn article_dates(bundle: &Bundle, config: &Config) -> HashMap<DocId, Option<SimpleDate>> {
    let story = config
        .bundle
        .date
        .as_deref()
        .and_then(SimpleDate::parse_iso);
    // A date without a year takes the story's year, else the latest year
    // of the bundle's dated articles, else the latest year the article names.
    let bundle_year = bundle
        .documents()
        .iter()
        .filter_map(|d| d.facts.figures.article_date.and_then(|a| a.year))
        .max();
    bundle
        .documents()
        .iter()
        .map(|d| {
            let f = &d.facts.figures;
            let own = f.article_date.map(|mut x| {
                if x.year.is_none() {
                    x.year = story.and_then(|s| s.year).or(bundle_year).or(f.story_year);
                }
                x
            });
            (d.id, own.or(story))
        })
        .collect()
}

/// A weekday the bundle gives a date without a year ("Saturday 14
/// June"): the first article whose own date is written with its weekday.
pub fn weekday_anchor(bundle: &Bundle) -> Option<(SimpleDate, u32)> {
    bundle.documents().iter().find_map(|d| {
        let f = &d.facts.figures;
        let own = f.article_date?;
        f.dates.iter().find_map(|m| {
            let date = m
                .date
                .filter(|x| x.is_day() && x.month == own.month && x.day == own.day)?;
            Some((date, m.weekday?.0))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_s_own_date_takes_the_story_s_year_and_an_undated_one_the_story_date() {
        let mut b = Bundle::new();
        let a = b.upsert(
            "a",
            "a",
            0,
            "EXAMPLETON, March 9 (Wire) — Examplecorp shares rose 2% on Monday.\n",
        );
        let c = b.upsert("c", "c", 0, "Examplecorp shares rose 2%.\n");
        let config = Config::parse("[bundle]\ndate = \"2025-03-10\"\n").unwrap_or_default();
        let dates = article_dates(&b, &config);
        assert_eq!(
            dates.get(&a).copied().flatten(),
            SimpleDate::parse_iso("2025-03-09")
        );
        assert_eq!(
            dates.get(&c).copied().flatten(),
            SimpleDate::parse_iso("2025-03-10")
        );
    }

    #[test]
    fn the_weekday_anchor_is_an_article_s_own_date_with_its_weekday() {
        let mut b = Bundle::new();
        b.upsert("a", "a", 0, "Examplecorp shares rose 2%.\n");
        b.upsert(
            "b",
            "b",
            0,
            "EXAMPLETON, Saturday, June 14 — Examplecorp shares rose 2%.\n",
        );
        let anchor = weekday_anchor(&b);
        assert_eq!(
            anchor.map(|(d, wd)| (d.month, d.day, wd)),
            Some((Some(6), Some(14), 5))
        );
    }
}
