//! Dates and days: [`SimpleDate`] and its calendar arithmetic, the dates and
//! day words an article writes ("Sept. 11", "Wednesday, September 24",
//! "early 2025", "yesterday"), the time a sentence sets for a figure
//! ([`When`]), the article's own date from its dateline or lead, and the
//! day a [`When`] means given that date.

use crate::types::Span;

use super::catalog::Hits;
use super::numbers::{Figure, Unit};
use super::vocab::{month_name, FirstBytes, VOCAB};

/// A date as precise as the text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SimpleDate {
    pub year: Option<i32>,
    /// 1..=12; `None` for a year alone ("since 2021").
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl SimpleDate {
    pub fn is_day(&self) -> bool {
        self.month.is_some() && self.day.is_some()
    }
    /// Same day, a missing year matching any.
    pub fn same_day(&self, o: &SimpleDate) -> bool {
        self.is_day()
            && o.is_day()
            && self.month == o.month
            && self.day == o.day
            && (self.year.is_none() || o.year.is_none() || self.year == o.year)
    }
    /// The two can be the same time: every given part agrees.
    pub fn compatible(&self, o: &SimpleDate) -> bool {
        let f = |a: Option<i64>, b: Option<i64>| a.is_none() || b.is_none() || a == b;
        f(self.year.map(i64::from), o.year.map(i64::from))
            && f(self.month.map(i64::from), o.month.map(i64::from))
            && f(self.day.map(i64::from), o.day.map(i64::from))
    }
    pub fn label(&self) -> String {
        let month = self.month.and_then(month_name);
        match (month, self.day, self.year) {
            (Some(m), Some(d), Some(y)) => format!("{m} {d}, {y}"),
            (Some(m), Some(d), None) => format!("{m} {d}"),
            (Some(m), None, Some(y)) => format!("{m} {y}"),
            (Some(m), None, None) => m.to_string(),
            (None, _, Some(y)) => y.to_string(),
            _ => "?".to_string(),
        }
    }
    /// Days since 1970-01-01 when the date is a full day with a year.
    pub fn days(&self) -> Option<i64> {
        Some(days_from_civil(self.year?, self.month?, self.day?))
    }
    pub fn from_days(z: i64) -> SimpleDate {
        let (y, m, d) = civil_from_days(z);
        SimpleDate {
            year: Some(y),
            month: Some(m),
            day: Some(d),
        }
    }
    /// 0 = Monday .. 6 = Sunday.
    pub fn weekday(&self) -> Option<u32> {
        Some(((self.days()? + 3).rem_euclid(7)) as u32)
    }
    /// Parses "YYYY-MM-DD".
    pub fn parse_iso(s: &str) -> Option<SimpleDate> {
        let mut it = s.trim().split('-');
        let y = it.next()?.parse().ok()?;
        let m: u32 = it.next()?.parse().ok()?;
        let d: u32 = it.next()?.parse().ok()?;
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(SimpleDate {
            year: Some(y),
            month: Some(m),
            day: Some(d),
        })
    }
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

/// A date or day word in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub span: Span,
    /// Month, day and year as written (None for a weekday or "today" alone).
    pub date: Option<SimpleDate>,
    /// The weekday written with it, 0 = Monday, and its span.
    pub weekday: Option<(u32, Span)>,
    /// Days before the article's date ("yesterday" is 1).
    pub days_before: Option<i64>,
}

/// When a claim is set, as its sentence says.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// Nothing in the sentence: the article's date.
    Article,
    /// A full day (month and day, maybe year).
    Day(SimpleDate),
    /// A weekday alone ("on Monday"), relative to the article's date.
    Weekday(u32),
    /// Days before the article's date ("yesterday").
    DaysBefore(i64),
}

fn is_year(n: &str) -> Option<i32> {
    // The length first: most words are not four bytes long.
    if n.len() != 4 {
        return None;
    }
    let y: i32 = n.parse().ok()?;
    (n.len() == 4 && (1900..2100).contains(&y)).then_some(y)
}

pub(super) fn scan_dates(text: &str, hits: &Hits) -> Vec<DateMention> {
    let v = &*VOCAB;
    let lower = hits.lower;
    // Tokens: (span, lower text).
    // Room for a token in four bytes: the list is not grown again and again.
    let mut toks: Vec<Span> = Vec::with_capacity(text.len() / 4 + 1);
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() {
            let s = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            toks.push(Span::new(s, i));
        } else {
            i += 1;
        }
    }
    let tok = |k: usize| toks.get(k).map(|s| &lower[s.start..s.end]);
    // The first bytes are compared first: most tokens are no month.
    let same = |m: &str, w: &str| m.as_bytes().first() == w.as_bytes().first() && m == w;
    let month_first = FirstBytes::of(v.months.iter().map(|(m, _)| m.as_str()));
    let weekday_first = FirstBytes::of(v.weekdays.iter().map(|(m, _)| m.as_str()));
    let month_of = |w: &str| {
        if w.bytes().next().is_some_and(|b| !month_first.may_start(b)) {
            return None;
        }
        v.months
            .iter()
            .find(|(m, _)| same(m, w))
            .map(|(_, i)| i + 1)
    };
    let weekday_of = |w: &str| {
        if w.bytes()
            .next()
            .is_some_and(|b| !weekday_first.may_start(b))
        {
            return None;
        }
        v.weekdays
            .iter()
            .find(|(m, _)| same(m, w) && m.len() > 3)
            .map(|(_, i)| *i)
    };
    let day_of = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
        let d: u32 = w.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    };
    // Only adjacent tokens separated by spaces, commas or a dot form a date.
    let gap_ok = |a: Span, c: Span| {
        text.get(a.end..c.start).is_some_and(|g| {
            g.len() <= 3 && g.chars().all(|ch| matches!(ch, ' ' | ',' | '.' | '\u{a0}'))
        })
    };
    // A day and a month in tokens k and k + 1 (either order), with the
    // year in k + 2 when it follows: the span, the date and its last token.
    let with_year = |k: usize, month: u32, day: u32| {
        let year = tok(k + 2)
            .and_then(is_year)
            .filter(|_| gap_ok(toks[k + 1], toks[k + 2]));
        let end = if year.is_some() { k + 2 } else { k + 1 };
        (
            Span::new(toks[k].start, toks[end].end),
            SimpleDate {
                year,
                month: Some(month),
                day: Some(day),
            },
            end,
        )
    };
    let mut out: Vec<DateMention> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let Some(w) = tok(k) else { break };
        let mut mention: Option<(Span, SimpleDate, usize)> = None;
        if let Some(m) = month_of(w) {
            // "May" is a month only next to a day or a year.
            let next = tok(k + 1).filter(|_| toks.get(k + 1).is_some_and(|&n| gap_ok(toks[k], n)));
            let day = next.and_then(|n| day_of(n).filter(|_| is_year(n).is_none()));
            if let Some(d) = day {
                mention = Some(with_year(k, m, d));
            } else if let Some(y) = next.and_then(is_year) {
                mention = Some((
                    Span::new(toks[k].start, toks[k + 1].end),
                    SimpleDate {
                        year: Some(y),
                        month: Some(m),
                        day: None,
                    },
                    k + 1,
                ));
            }
        } else if let Some(d) = w
            .bytes()
            .next()
            .filter(u8::is_ascii_digit)
            .and_then(|_| day_of(w))
        {
            // "12 September (2025)".
            if let Some(m) = tok(k + 1)
                .and_then(month_of)
                .filter(|_| gap_ok(toks[k], toks[k + 1]))
            {
                mention = Some(with_year(k, m, d));
            }
        }
        if let Some((span, date, end)) = mention {
            // A weekday just before: "Wednesday, September 24", "this Wednesday (Sept. 24)".
            let mut weekday = None;
            let mut start = span.start;
            if k > 0 {
                if let Some(wd) = tok(k - 1).and_then(weekday_of) {
                    let gap = &text[toks[k - 1].end..toks[k].start];
                    if gap.len() <= 3
                        && gap.chars().all(|c| matches!(c, ' ' | ',' | '(' | '\u{a0}'))
                    {
                        weekday = Some((wd, toks[k - 1]));
                        start = toks[k - 1].start;
                    }
                }
            }
            let full = Span::new(start, span.end);
            out.retain(|d| !(d.date.is_none() && full.overlaps(d.span)));
            out.push(DateMention {
                span: full,
                date: Some(date),
                weekday,
                days_before: None,
            });
            k = end + 1;
            continue;
        }
        // A year after "early", "mid", "late", "since", "in", "of": "early 2025".
        if let Some(y) = is_year(w) {
            let prev = k.checked_sub(1).and_then(tok);
            if prev.is_some_and(|p| {
                matches!(p, "early" | "mid" | "late" | "since" | "in" | "of" | "end")
            }) {
                out.push(DateMention {
                    span: toks[k],
                    date: Some(SimpleDate {
                        year: Some(y),
                        month: None,
                        day: None,
                    }),
                    weekday: None,
                    days_before: None,
                });
            }
        }
        if let Some(wd) = weekday_of(w) {
            let already = out
                .last()
                .is_some_and(|d| d.span.contains_offset(toks[k].start));
            if !already {
                out.push(DateMention {
                    span: toks[k],
                    date: None,
                    weekday: Some((wd, toks[k])),
                    days_before: None,
                });
            }
        }
        k += 1;
    }
    // Relative day words.
    let whole = Span::new(0, text.len());
    for (words, n) in [(&v.today, 0i64), (&v.yesterday, 1)] {
        for index in 0..words.len() {
            for s in hits.find(words, index, whole) {
                out.push(DateMention {
                    span: s,
                    date: None,
                    weekday: None,
                    days_before: Some(n),
                });
            }
        }
    }
    out.sort_by_key(|d| d.span.start);
    out
}

/// A "since" date right after `at`: "January 2024", "2021", "November 2021".
pub(super) fn since_date(
    text: &str,
    lower: &str,
    at: usize,
    dates: &[DateMention],
) -> Option<(SimpleDate, Span)> {
    let rest = at + (text[at..].len() - text[at..].trim_start().len());
    if let Some(d) = dates
        .iter()
        .find(|d| d.span.start == rest && d.weekday.is_none())
    {
        return d.date.map(|x| (x, d.span));
    }
    let word_end = rest
        + lower[rest..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(lower.len() - rest);
    let y = is_year(&lower[rest..word_end])?;
    Some((
        SimpleDate {
            year: Some(y),
            month: None,
            day: None,
        },
        Span::new(rest, word_end),
    ))
}

/// The years written as four digits in `span`, with their offsets.
pub(super) fn years_in(text: &str, span: Span) -> impl Iterator<Item = (usize, i32)> + '_ {
    let b = text.as_bytes();
    let end = span.end.saturating_sub(3).min(b.len());
    let mut next = span.start;
    std::iter::from_fn(move || {
        while next < end {
            // Most bytes are no digit: the next digit is searched for
            // first, and only there are the word's edges read.
            let i = next + b.get(next..end)?.iter().position(u8::is_ascii_digit)?;
            next = i + 1;
            let Some(digits) = b.get(i..i + 4) else {
                continue;
            };
            let edge_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
            let edge_after = b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric());
            if !(edge_before && edge_after && digits.iter().all(u8::is_ascii_digit)) {
                continue;
            }
            if let Some(y) = text.get(i..i + 4).and_then(is_year) {
                return Some((i, y));
            }
        }
        None
    })
}

/// The time a sentence sets for a figure at `at`: the nearest full date,
/// else the nearest weekday, else a relative day word.
pub(super) fn when_of(dates: &[DateMention], sentence: Span, at: usize) -> When {
    let mut inside: Vec<&DateMention> = dates
        .iter()
        .filter(|d| d.span.start >= sentence.start && d.span.end <= sentence.end)
        .collect();
    inside.sort_by_key(|d| {
        if d.span.end <= at {
            at - d.span.end
        } else {
            d.span.start.saturating_sub(at)
        }
    });
    if let Some(d) = inside.iter().find_map(|d| d.date.filter(|x| x.is_day())) {
        return When::Day(d);
    }
    if let Some((wd, _)) = inside
        .iter()
        .find(|d| d.date.is_none())
        .and_then(|d| d.weekday)
    {
        return When::Weekday(wd);
    }
    if let Some(n) = inside.iter().find_map(|d| d.days_before) {
        return When::DaysBefore(n);
    }
    When::Article
}

/// The article's own date: a dateline or a date line at the top, or the
/// first full date in the first two paragraphs of running text.
pub(super) fn lead_date(
    text: &str,
    sentences: &[Span],
    dates: &[DateMention],
    figures: &[Figure],
) -> Option<SimpleDate> {
    let mut paragraphs = 0;
    let mut line_start = 0;
    for line in crate::text::split_lines_inclusive(text) {
        let span = Span::new(line_start, line_start + line.trim_end().len());
        line_start += line.len();
        let words = text[span.start..span.end].split_whitespace().count();
        if words == 0 {
            continue;
        }
        // A date line ("September 12, 2025"), a dateline ("CITY, Sept 12
        // (Agency) -") or, in the lead, a date in a sentence with a figure
        // ("shares rose 7% on September 12").
        for m in dates
            .iter()
            .filter(|d| d.span.start >= span.start && d.span.end <= span.end)
        {
            let Some(d) = m.date.filter(|x| x.is_day()) else {
                continue;
            };
            let dateline =
                paragraphs == 0 && text[span.start..m.span.start].split_whitespace().count() <= 4;
            let with_figure = sentences
                .iter()
                .find(|s| s.start <= m.span.start && m.span.end <= s.end)
                .is_some_and(|s| {
                    figures.iter().any(|f| {
                        s.start <= f.span.start
                            && f.span.end <= s.end
                            && matches!(f.unit, Unit::Percent | Unit::Money(_))
                    })
                });
            if words <= 6 || dateline || (paragraphs < 2 && with_figure) {
                return Some(d);
            }
        }
        // A headline ("Centrist Alliance Takes Early Lead in Estmark
        // Count") is no paragraph: running text ends with a full stop, a
        // question or exclamation mark, or a closing quotation mark.
        let ends_like_text = text[span.start..span.end]
            .trim_end()
            .ends_with(['.', '!', '?', '"', '”', '’', '…', ')']);
        let running = ends_like_text
            && sentences.iter().any(|s| {
                s.start >= span.start
                    && s.end <= span.end
                    && text[s.start..s.end].split_whitespace().count() >= 8
            });
        if running {
            paragraphs += 1;
            if paragraphs >= 2 {
                return None;
            }
        }
    }
    None
}

/// [`resolve_when`] for an article date without a year: the weekday of
/// `anchor` (a date of the same year) gives the article's weekday.
pub fn resolve_when_anchored(
    when: &When,
    article: Option<SimpleDate>,
    anchor: Option<(SimpleDate, u32)>,
) -> Option<SimpleDate> {
    let (Some(a), Some((an, awd))) = (article, anchor) else {
        return resolve_when(when, article);
    };
    if a.year.is_some() {
        return resolve_when(when, article);
    }
    let back = match when {
        When::Weekday(wd) => {
            // Any year: the days between two dates of one year.
            let y = |d: SimpleDate| {
                SimpleDate {
                    year: Some(2001),
                    ..d
                }
                .days()
            };
            let own_wd = (i64::from(awd) + y(a)? - y(an)?).rem_euclid(7);
            (own_wd - i64::from(*wd)).rem_euclid(7)
        }
        When::DaysBefore(n) => *n,
        _ => return resolve_when(when, article),
    };
    let d = SimpleDate::from_days(
        SimpleDate {
            year: Some(2001),
            ..a
        }
        .days()?
            - back,
    );
    Some(SimpleDate { year: None, ..d })
}

/// The day a claim's time means, given its article's date.
pub fn resolve_when(when: &When, article: Option<SimpleDate>) -> Option<SimpleDate> {
    match when {
        When::Day(d) => {
            let mut d = *d;
            if d.year.is_none() {
                d.year = article.and_then(|a| a.year);
            }
            Some(d)
        }
        When::Article => article,
        When::Weekday(wd) => {
            let a = article?;
            let (days, awd) = (a.days()?, a.weekday()?);
            let back = (i64::from(awd) - i64::from(*wd)).rem_euclid(7);
            Some(SimpleDate::from_days(days - back))
        }
        When::DaysBefore(n) => Some(SimpleDate::from_days(article?.days()? - n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    #[test]
    fn years_are_four_digits_between_word_edges() {
        // Every four bytes read in turn, as the search must find them.
        let naive = |text: &str, span: Span| -> Vec<(usize, i32)> {
            let b = text.as_bytes();
            (span.start..span.end.saturating_sub(3))
                .filter(|&i| {
                    b.get(i..i + 4)
                        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                        && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
                        && b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric())
                })
                .filter_map(|i| Some((i, is_year(text.get(i..i + 4)?)?)))
                .collect()
        };
        let texts = [
            "In 2021, 1999 and 20245 but not x2020 or 2020s; 2019.",
            "2024",
            "1850 1900 2099 2100 3000 0000 12 123 1234",
            "Über 2010–2015, née 2003",
            "",
            "999",
        ];
        for text in texts {
            for start in 0..=text.len() {
                for end in start..=text.len() {
                    let span = Span::new(start, end);
                    let found: Vec<(usize, i32)> = years_in(text, span).collect();
                    assert_eq!(found, naive(text, span), "{text:?} {start}..{end}");
                }
            }
        }
        assert_eq!(
            years_in(texts[0], Span::new(0, texts[0].len())).collect::<Vec<_>>(),
            [(3, 2021), (9, 1999), (48, 2019)]
        );
    }

    #[test]
    fn dates() {
        let d = |s: &str| {
            let lower = s.to_ascii_lowercase();
            scan_dates(s, &Hits::new(&VOCAB.catalog, s, &lower))
        };
        let a = d("trading that ended Sept. 11.");
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].date,
            Some(SimpleDate {
                year: None,
                month: Some(9),
                day: Some(11)
            })
        );
        let b = d("on 12 September 2025");
        assert_eq!(
            b[0].date,
            Some(SimpleDate {
                year: Some(2025),
                month: Some(9),
                day: Some(12)
            })
        );
        let c = d("this Wednesday, September 24");
        assert_eq!(c[0].weekday.map(|w| w.0), Some(2));
        assert_eq!(c[0].date.and_then(|x| x.day), Some(24));
        // "May" alone is not a date; "may 2025" is a month.
        assert!(d("prices may fall").is_empty());
        assert!(d("It may rise").iter().all(|x| x.date.is_none()));
        let early = d("trained since early 2025 on chips");
        assert_eq!(early.len(), 1);
        assert_eq!(
            early[0].date.map(|x| (x.year, x.month)),
            Some((Some(2025), None))
        );
        assert!(d("a 2025 model with 2048 GPUs").is_empty());
        let e = d("since January 2024");
        assert_eq!(
            e[0].date,
            Some(SimpleDate {
                year: Some(2024),
                month: Some(1),
                day: None
            })
        );
        let s = "Acme shares hit their highest since 2021.";
        let lower = s.to_ascii_lowercase();
        assert_eq!(
            since_date(s, &lower, s.find("since").unwrap_or(0) + 5, &[]).map(|x| x.0.year),
            Some(Some(2021))
        );
        assert_eq!(
            SimpleDate::parse_iso("2025-09-24").and_then(|x| x.weekday()),
            Some(2)
        );
        assert_eq!(
            SimpleDate::from_days(days_from_civil(2024, 2, 29)).day,
            Some(29)
        );
    }

    #[test]
    fn relative_weekday_resolves_against_the_article_date() {
        let art = SimpleDate::parse_iso("2025-09-26"); // a Friday
        let wed = resolve_when(&When::Weekday(2), art);
        assert_eq!(wed.and_then(|d| d.day), Some(24));
        assert_eq!(
            resolve_when(&When::DaysBefore(1), art).and_then(|d| d.day),
            Some(25)
        );
        assert_eq!(resolve_when(&When::Weekday(2), None), None);
    }

    #[test]
    fn a_headline_is_not_the_first_paragraph() {
        let s = "Examplecorp Takes Early Lead in the Long Count Race\n\nEXAMPLETON, March 9 (Wire) — Examplecorp took a lead on Monday, March 9, as the long count went on.\n";
        assert_eq!(extract(s).figures.article_date.and_then(|d| d.day), Some(9));
        // Two paragraphs of running text before a dateline: no lead date.
        let t = "The count went on through the night in every region of the country.\n\nOfficials said the count of all the ballots would take a long time.\n\nEXAMPLETON, March 9 (Wire) — more.\n";
        assert_eq!(extract(t).figures.article_date, None);
    }
}
