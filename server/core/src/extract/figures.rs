//! Figures, dates and claims: what one article states with numbers.
//!
//! Owns the reading of percentages ("6.35 per cent"), money with its
//! currency and scale ("US$3.2bn", "380 billion yuan"), counts, magnitudes,
//! approximators that turn a value into a [`Range`] ("more than 7%"), dates
//! ("Sept. 11", "12 September", "Wednesday, September 24", "early 2025"),
//! conversions written in brackets ("1 billion yuan ($140 million)"), and
//! the [`Claim`]s built from them. The vocabulary lives in
//! `server/data/figures.toml`.
//!
//! The public API, for checks and hovers:
//! - [`DocFacts::figures`](super::DocFacts) holds one article's [`Figures`]:
//!   `claims`, `conversions`, `dates` and the article's own date.
//! - A [`Claim`] has `subjects` (display names; a joint subject "A and B"
//!   has two), `measure_label` ("shares", "gain this year", "record high",
//!   "bond size", "death toll"...), `scope_label()` (market, session, time as
//!   written), `value_text` (the figure as written) and `span`/`sentence`
//!   (byte spans in the article).
//! - `subject_keys` are `kb:<entity id>` for knowledge-base entries,
//!   `name:<lower-case name>` for other names and `event:<word>` for events;
//!   [`claims_about`] lists every claim of the bundle about one entity id;
//!   [`hover_markdown`] says how the figure under a cursor was read and
//!   what the other articles say about the same claim.
//! - [`scoped_claims`] places every claim of a bundle on a day (the date in
//!   its sentence, else the article's date, else the day its other claims
//!   agree with) and [`ScopedClaim::same_claim`] says whether two claims are
//!   about the same subject, measure and scope; [`ScopedClaim::conflicts`]
//!   whether they then disagree.

use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};

use serde::Deserialize;

use crate::bundle::Bundle;
use crate::config::Config;
use crate::extract::{frames, scope, EntityMention, NameMention};
use crate::text::{is_whole_word, starting_within, SortedSpans};
use crate::types::{DocId, Span};

// ---------------------------------------------------------------- vocabulary

#[derive(Deserialize)]
struct RawVocab {
    approximators: Vec<RawApprox>,
    numbers: Vec<[String; 2]>,
    scales: Vec<[String; 2]>,
    percent: Vec<String>,
    currencies: Vec<RawCurrency>,
    price: RawPrice,
    periods: RawPeriods,
    record: RawPhrases,
    measures: Vec<RawMeasure>,
    events: Vec<RawEvent>,
    markets: Vec<RawIdWords>,
    sessions: Vec<RawIdWords>,
    other_event: RawPhrases,
    #[serde(default)]
    count_stage: RawStage,
    relative_days: RawRelative,
    /// Nouns a count of people may count ("2,150 people", "820 dead").
    #[serde(default)]
    count_nouns: Vec<String>,
    months: Vec<Vec<String>>,
    weekdays: Vec<Vec<String>>,
}

#[derive(Deserialize)]
struct RawApprox {
    kind: String,
    words: Vec<String>,
}
#[derive(Deserialize)]
struct RawCurrency {
    code: String,
    before: Vec<String>,
    after: Vec<String>,
}
#[derive(Deserialize)]
struct RawPrice {
    rise: Vec<String>,
    fall: Vec<String>,
    nouns: Vec<String>,
    subject_nouns: Vec<String>,
    subject_verbs: Vec<String>,
    #[serde(default)]
    relative: Vec<String>,
    #[serde(default)]
    other_subjects: Vec<String>,
    not: Vec<String>,
}
#[derive(Deserialize)]
struct RawPeriods {
    #[serde(default)]
    year_lead: Vec<String>,
    ytd_tolerance: f64,
    ytd: Vec<String>,
    other: Vec<String>,
    /// Phrases of `other` or of `other_event` that speak of the one figure
    /// nearest to them in the clause ("rose to $5bn from last year's $4bn").
    #[serde(default)]
    bound: Vec<String>,
}
#[derive(Deserialize)]
struct RawPhrases {
    phrases: Vec<String>,
    /// Phrases that speak of every figure of their sentence.
    #[serde(default)]
    sentence: Vec<String>,
}
#[derive(Deserialize, Default)]
struct RawStage {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    final_words: Vec<String>,
}
#[derive(Deserialize)]
struct RawMeasure {
    id: String,
    label: String,
    kind: String,
    timed: bool,
    #[serde(default = "yes")]
    compare: bool,
    /// "name": a count about a named subject (a party's seats), not an
    /// event (an earthquake's dead).
    #[serde(default)]
    subject: Option<String>,
    /// Compared only at a stage of a count the article states ("with 94%
    /// of ballots counted", "final results").
    #[serde(default)]
    staged: bool,
    /// A level ("the deposit rate at 2.25%"): a change ("by 0.25
    /// percentage points"), a value of another period or an inferred
    /// subject is no claim.
    #[serde(default)]
    level: bool,
    triggers: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct RawEvent {
    subject: String,
    words: Vec<String>,
}
#[derive(Deserialize)]
struct RawIdWords {
    id: String,
    words: Vec<String>,
    /// Words that say it only in the figure's own clause.
    #[serde(default)]
    clause: Vec<String>,
}
#[derive(Deserialize)]
struct RawRelative {
    today: Vec<String>,
    yesterday: Vec<String>,
}

/// How an approximator widens a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approx {
    Above,
    AtLeast,
    NearBelow,
    Below,
    About,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FigKind {
    Percent,
    Money,
    Count,
    Number,
}

struct Measure {
    id: String,
    label: String,
    kind: FigKind,
    timed: bool,
    compare: bool,
    /// Counted about a named subject written in the sentence.
    named_subject: bool,
    /// A percentage about the story itself (an election's turnout): its
    /// subject is the measure, whatever the sentence names.
    story_subject: bool,
    staged: bool,
    level: bool,
    triggers: Words,
}

struct Vocab {
    approx: Vec<(String, Approx)>,
    numbers: Vec<(String, f64)>,
    scales: Vec<(String, f64)>,
    percent: Vec<String>,
    cur_before: Vec<(String, String)>,
    cur_after: Vec<(String, String)>,
    rise: Words,
    fall: Words,
    price_nouns: Words,
    subject_nouns: Vec<String>,
    subject_verbs: Vec<String>,
    /// Words that open a relative clause ("which", "whose").
    relative: Vec<String>,
    /// Heads of a clause's own subject that is no company ("the
    /// benchmark index", "its rivals").
    other_subjects: Words,
    price_not: Words,
    ytd: Words,
    ytd_tolerance: f64,
    other_period: Words,
    /// What `RawPeriods::bound` lists, lower case.
    bound_period: std::collections::HashSet<String>,
    record: Words,
    /// "since" alone, for a change over a longer time.
    since: Words,
    measures: Vec<Measure>,
    events: Pairs<String>,
    /// Words after "<N>% of the ballots" that make it a stage of a count.
    count_stage: Vec<String>,
    /// Phrases of a complete count ("final results").
    final_count: Words,
    /// Words before a year that make it the time of a figure ("in 2025").
    period_lead: Vec<String>,
    markets: Pairs<String>,
    sessions: Pairs<String>,
    /// Session words that say it only in the figure's own clause
    /// ("closed", "opening": "opening a legal fight" is no session).
    sessions_clause: Pairs<String>,
    other_event: Words,
    /// Of every figure of the sentence ("respectively": a list of
    /// figures of as many subjects).
    other_event_sentence: Words,
    today: Words,
    yesterday: Words,
    months: Vec<(String, u32)>,
    weekdays: Vec<(String, u32)>,
    /// Nouns a count of people may count.
    count_nouns: Vec<String>,
    /// Every phrase list above that is asked about spans.
    catalog: Catalog,
}

fn lower_all(v: Vec<String>) -> Vec<String> {
    v.into_iter().map(|s| s.to_ascii_lowercase()).collect()
}

fn longest_first<T>(v: &mut [(String, T)]) {
    v.sort_by_key(|x| std::cmp::Reverse(x.0.len()));
}

static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let raw: RawVocab = match toml::from_str(include_str!("../../../data/figures.toml")) {
        Ok(r) => r,
        // The embedded file is tested below; an unreadable one reads nothing.
        Err(_) => return empty_vocab(),
    };
    let mut catalog = Catalog::default();
    let mut approx: Vec<(String, Approx)> = raw
        .approximators
        .into_iter()
        .flat_map(|a| {
            let kind = match a.kind.as_str() {
                "above" => Approx::Above,
                "at_least" => Approx::AtLeast,
                "near_below" => Approx::NearBelow,
                "below" => Approx::Below,
                _ => Approx::About,
            };
            a.words
                .into_iter()
                .map(move |w| (w.to_ascii_lowercase(), kind))
        })
        .collect();
    longest_first(&mut approx);
    let parse_pairs = |v: Vec<[String; 2]>| -> Vec<(String, f64)> {
        let mut out: Vec<(String, f64)> = v
            .into_iter()
            .filter_map(|[w, n]| Some((w.to_ascii_lowercase(), n.parse::<f64>().ok()?)))
            .collect();
        longest_first(&mut out);
        out
    };
    let mut cur_before = Vec::new();
    let mut cur_after = Vec::new();
    for c in raw.currencies {
        for b in c.before {
            cur_before.push((b, c.code.clone()));
        }
        for a in c.after {
            cur_after.push((a.to_ascii_lowercase(), c.code.clone()));
        }
    }
    longest_first(&mut cur_before);
    longest_first(&mut cur_after);
    let measures = raw
        .measures
        .into_iter()
        .map(|m| Measure {
            id: m.id,
            label: m.label,
            kind: match m.kind.as_str() {
                "percent" => FigKind::Percent,
                "money" => FigKind::Money,
                "count" => FigKind::Count,
                _ => FigKind::Number,
            },
            timed: m.timed,
            compare: m.compare,
            named_subject: m.subject.as_deref() == Some("name"),
            story_subject: m.subject.as_deref() == Some("story"),
            staged: m.staged,
            level: m.level,
            triggers: Words::new(&mut catalog, lower_all(m.triggers)),
        })
        .collect();
    let id_words = |v: Vec<RawIdWords>| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = v
            .into_iter()
            .flat_map(|m| {
                let id = m.id;
                m.words.into_iter().map(move |w| (w, id.clone()))
            })
            .collect();
        longest_first(&mut out);
        out
    };
    let indexed = |v: Vec<Vec<String>>| -> Vec<(String, u32)> {
        let mut out: Vec<(String, u32)> = v
            .into_iter()
            .enumerate()
            .flat_map(|(i, ws)| {
                ws.into_iter()
                    .map(move |w| (w.to_ascii_lowercase(), i as u32))
            })
            .collect();
        longest_first(&mut out);
        out
    };
    let mut percent = lower_all(raw.percent);
    percent.sort_by_key(|p| std::cmp::Reverse(p.len()));
    Vocab {
        approx,
        numbers: parse_pairs(raw.numbers),
        scales: parse_pairs(raw.scales),
        percent,
        cur_before,
        cur_after,
        rise: Words::new(&mut catalog, lower_all(raw.price.rise)),
        fall: Words::new(&mut catalog, lower_all(raw.price.fall)),
        price_nouns: Words::new(&mut catalog, lower_all(raw.price.nouns)),
        subject_nouns: lower_all(raw.price.subject_nouns),
        subject_verbs: lower_all(raw.price.subject_verbs),
        relative: lower_all(raw.price.relative),
        other_subjects: Words::new(&mut catalog, lower_all(raw.price.other_subjects)),
        price_not: Words::new(&mut catalog, lower_all(raw.price.not)),
        ytd: Words::new(&mut catalog, lower_all(raw.periods.ytd)),
        ytd_tolerance: raw.periods.ytd_tolerance,
        other_period: Words::new(&mut catalog, lower_all(raw.periods.other)),
        bound_period: lower_all(raw.periods.bound).into_iter().collect(),
        record: Words::new(&mut catalog, lower_all(raw.record.phrases)),
        since: Words::new(&mut catalog, vec!["since".to_string()]),
        count_stage: lower_all(raw.count_stage.words),
        final_count: Words::new(&mut catalog, lower_all(raw.count_stage.final_words)),
        period_lead: lower_all(raw.periods.year_lead),
        measures,
        events: Pairs::new(
            &mut catalog,
            raw.events
                .into_iter()
                .flat_map(|e| {
                    let s = e.subject;
                    e.words
                        .into_iter()
                        .map(move |w| (w.to_ascii_lowercase(), s.clone()))
                })
                .collect(),
            false,
        ),
        markets: Pairs::new(&mut catalog, id_words(raw.markets), true),
        sessions_clause: Pairs::new(
            &mut catalog,
            {
                let mut words: Vec<(String, String)> = raw
                    .sessions
                    .iter()
                    .flat_map(|s| {
                        s.clause
                            .iter()
                            .map(|w| (w.to_ascii_lowercase(), s.id.clone()))
                    })
                    .collect();
                longest_first(&mut words);
                words
            },
            false,
        ),
        sessions: Pairs::new(
            &mut catalog,
            id_words(raw.sessions)
                .into_iter()
                .map(|(w, id)| (w.to_ascii_lowercase(), id))
                .collect(),
            false,
        ),
        other_event_sentence: Words::new(&mut catalog, lower_all(raw.other_event.sentence)),
        other_event: Words::new(&mut catalog, lower_all(raw.other_event.phrases)),
        today: Words::new(&mut catalog, lower_all(raw.relative_days.today)),
        yesterday: Words::new(&mut catalog, lower_all(raw.relative_days.yesterday)),
        months: indexed(raw.months),
        weekdays: indexed(raw.weekdays),
        count_nouns: lower_all(raw.count_nouns),
        catalog: catalog.build(),
    }
});

fn empty_vocab() -> Vocab {
    Vocab {
        approx: vec![],
        numbers: vec![],
        scales: vec![],
        percent: vec![],
        cur_before: vec![],
        cur_after: vec![],
        rise: Words::default(),
        fall: Words::default(),
        price_nouns: Words::default(),
        subject_nouns: vec![],
        subject_verbs: vec![],
        relative: vec![],
        other_subjects: Words::default(),
        price_not: Words::default(),
        ytd: Words::default(),
        ytd_tolerance: 0.0,
        other_period: Words::default(),
        bound_period: Default::default(),
        record: Words::default(),
        since: Words::default(),
        measures: vec![],
        events: Pairs::default(),
        count_stage: vec![],
        final_count: Words::default(),
        period_lead: vec![],
        markets: Pairs::default(),
        sessions: Pairs::default(),
        sessions_clause: Pairs::default(),
        other_event: Words::default(),
        other_event_sentence: Words::default(),
        today: Words::default(),
        yesterday: Words::default(),
        months: vec![],
        weekdays: vec![],
        count_nouns: vec![],
        catalog: Catalog::default(),
    }
}

// ---------------------------------------------------------------- values

/// A range of values; an end may be open ("more than 7" excludes 7).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
    pub lo_open: bool,
    pub hi_open: bool,
}

impl Range {
    /// True when the two ranges share a value.
    pub fn overlaps(&self, o: &Range) -> bool {
        // An open end ("at least 2,150") widens nothing.
        let finite = |x: f64| if x.is_finite() { x.abs() } else { 0.0 };
        let eps = 1e-9 * (finite(self.hi) + finite(o.hi) + finite(self.lo) + finite(o.lo)).max(1.0);
        let below = if self.hi_open || o.lo_open {
            self.hi <= o.lo + eps
        } else {
            self.hi < o.lo - eps
        };
        let above = if o.hi_open || self.lo_open {
            o.hi <= self.lo + eps
        } else {
            o.hi < self.lo - eps
        };
        !below && !above
    }
}

/// What a figure counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    Percent,
    /// An ISO currency code ("USD").
    Money(String),
    Count,
    Number,
}

/// One number as written, with its unit and the range it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// From the approximator (if any) to the end of the unit.
    pub span: Span,
    /// The value with its scale applied ("$3.2bn" is 3.2e9).
    pub value: f64,
    pub unit: Unit,
    pub approx: Option<Approx>,
    /// The range the figure stands for, rounding and approximator included.
    pub range: Range,
    /// The range of rounding only, used for conversions.
    pub rounding: Range,
}

fn step_of(digits: &str) -> f64 {
    if let Some((_, frac)) = digits.split_once('.') {
        10f64.powi(-(frac.len() as i32))
    } else {
        let d: String = digits.chars().filter(|c| c.is_ascii_digit()).collect();
        let zeros = d.chars().rev().take_while(|&c| c == '0').count();
        if zeros > 0 && zeros < d.len() {
            10f64.powi(zeros as i32)
        } else {
            1.0
        }
    }
}

fn make_range(v: f64, step: f64, integer: bool, approx: Option<Approx>) -> Range {
    let r = |lo: f64, hi: f64, lo_open: bool, hi_open: bool| Range {
        lo,
        hi,
        lo_open,
        hi_open,
    };
    match approx {
        // A whole number may be rounded or cut: "6%" for 6.35 or 6.7.
        None if integer => r(v - step / 2.0, v + step, false, true),
        None => r(v - step / 2.0, v + step / 2.0, false, false),
        Some(Approx::Above) => r(v, v + 2.0 * step, true, false),
        Some(Approx::AtLeast) => r(v, f64::INFINITY, false, false),
        Some(Approx::NearBelow) => r(v - 1.5 * step, v + 0.25 * step, false, false),
        Some(Approx::Below) => r(f64::NEG_INFINITY, v, false, false),
        Some(Approx::About) => r(v - 1.5 * step, v + 1.5 * step, false, false),
    }
}

// ---------------------------------------------------------------- dates

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
        const M: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = self
            .month
            .and_then(|m| M.get(m.saturating_sub(1) as usize))
            .copied();
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

// ---------------------------------------------------------------- claims

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

/// What a claim states.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimValue {
    Range {
        range: Range,
        unit: Unit,
    },
    /// A record "since" a time ("highest since January 2024").
    Since(SimpleDate),
}

/// One statement of a figure about a subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The figure as written (or the date of a "since" claim).
    pub span: Span,
    pub sentence: Span,
    /// Display names of the subject; two or more for a joint subject.
    pub subjects: Vec<String>,
    /// Normalised keys of `subjects`, compared across articles.
    pub subject_keys: Vec<String>,
    /// The subject was not written in the sentence but taken from before.
    pub subject_inferred: bool,
    /// Measure id from the data ("price-change", "ytd-gain", "highest-since", ...).
    pub measure: String,
    pub measure_label: String,
    /// Only claims of the same day are compared.
    pub timed: bool,
    /// False for measures that are read but never paired (investments).
    pub compared: bool,
    pub market: Option<String>,
    pub session: Option<String>,
    pub when: When,
    /// Said of another event ("had then jumped 13% following these results").
    pub other_event: bool,
    pub value: ClaimValue,
    pub value_text: String,
}

impl Claim {
    /// "Alibaba shares, Hong Kong, September 12" without the day when unknown.
    pub fn scope_label(&self, day: Option<&SimpleDate>) -> String {
        let mut parts = vec![
            format!("{} {}", self.subjects.join(" and "), self.measure_label)
                .trim()
                .to_string(),
        ];
        if let Some(m) = &self.market {
            parts.push(m.clone());
        }
        if let Some(s) = &self.session {
            parts.push(format!("at the {s}"));
        }
        if let Some(d) = day {
            parts.push(d.label());
        }
        parts.join(", ")
    }
}

/// A conversion written in brackets: "1 billion yuan ($140 million)".
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub span: Span,
    pub from: Figure,
    pub to: Figure,
}

impl Conversion {
    /// The range of units of `to` per unit of `from`: the original amount
    /// is taken as written, the converted one with its rounding.
    pub fn rate(&self) -> Option<Range> {
        let (f, t) = (self.from.value, &self.to.rounding);
        if f <= 0.0 || !t.hi.is_finite() {
            return None;
        }
        Some(Range {
            lo: t.lo / f,
            hi: t.hi / f,
            lo_open: false,
            hi_open: false,
        })
    }
    pub fn pair(&self) -> Option<(&str, &str)> {
        match (&self.from.unit, &self.to.unit) {
            (Unit::Money(a), Unit::Money(b)) if a != b => Some((a, b)),
            _ => None,
        }
    }
}

/// Everything numeric one article says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub figures: Vec<Figure>,
    pub claims: Vec<Claim>,
    pub conversions: Vec<Conversion>,
    pub dates: Vec<DateMention>,
    /// From a dateline or a date in the lead.
    pub article_date: Option<SimpleDate>,
    /// The latest year the text names (1900..2100), for dates without one.
    pub latest_year: Option<i32>,
    /// The latest year the text names outside a background clause ("since
    /// 2004 when ...") and outside a count ("over 2000 people").
    pub story_year: Option<i32>,
    /// Every figure read as an open claim ([`frames`]).
    pub frames: Vec<frames::Frame>,
}

// ---------------------------------------------------------------- scanning helpers

/// A phrase list of the vocabulary, as registered in its [`Catalog`].
type ListId = usize;

/// Every phrase list of the vocabulary that is asked about spans of an
/// article, in one automaton: [`Hits::new`] reads an article once for all
/// the lists, and asking whether a list occurs in a clause, or which of its
/// phrases is nearest to a figure, looks only at that list's hits instead
/// of reading the clause again for every figure.
#[derive(Default)]
struct Catalog {
    /// The phrases in lower case, found in the lower-cased text.
    folded: Patterns,
    /// The phrases as written, for the lists asked case-sensitively.
    exact: Patterns,
    lists: usize,
}

/// The distinct phrases of one automaton and the lists that hold them.
#[derive(Default)]
struct Patterns {
    /// By automaton pattern id.
    phrases: Vec<String>,
    /// For each phrase: the lists, with its index in each, that hold it.
    owners: Vec<Vec<(ListId, usize)>>,
    ac: Option<AhoCorasick>,
}

impl Patterns {
    fn add(&mut self, list: ListId, index: usize, phrase: String) {
        // An empty phrase is never found.
        if phrase.is_empty() {
            return;
        }
        match self.phrases.iter().position(|p| *p == phrase) {
            Some(i) => self.owners[i].push((list, index)),
            None => {
                self.phrases.push(phrase);
                self.owners.push(vec![(list, index)]);
            }
        }
    }

    /// Calls `found` with (pattern id, span) for every occurrence of every
    /// phrase in `hay`, overlapping ones included.
    fn occurrences(&self, hay: &str, mut found: impl FnMut(usize, Span)) {
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(hay) {
                found(m.pattern().as_usize(), Span::new(m.start(), m.end()));
            }
            return;
        }
        // No automaton (too many phrases to build one): one phrase at a time.
        for (id, p) in self.phrases.iter().enumerate() {
            let mut from = 0;
            while let Some(i) = hay.get(from..).and_then(|h| h.find(p.as_str())) {
                let s = from + i;
                found(id, Span::new(s, s + p.len()));
                from = s + hay[s..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
}

impl Catalog {
    /// Registers a list; `exact` lists can also be asked case-sensitively.
    fn add<'a>(&mut self, phrases: impl Iterator<Item = &'a str>, exact: bool) -> ListId {
        let list = self.lists;
        self.lists += 1;
        for (index, p) in phrases.enumerate() {
            self.folded.add(list, index, p.to_ascii_lowercase());
            if exact {
                self.exact.add(list, index, p.to_string());
            }
        }
        list
    }

    fn build(mut self) -> Catalog {
        for p in [&mut self.folded, &mut self.exact] {
            // A few hundred short phrases: a DFA is small, and reading
            // every article through it is the fastest.
            p.ac = AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&p.phrases)
                .or_else(|_| AhoCorasick::new(&p.phrases))
                .ok();
        }
        self
    }
}

/// An occurrence of a phrase of a list in one article.
#[derive(Debug, Clone, Copy)]
struct Hit {
    span: Span,
    /// The phrase's index in its list.
    index: usize,
    /// A whole word: [`boundaries_ok`] for a phrase found in lower case,
    /// [`is_whole_word`] for one found as written.
    whole: bool,
}

/// One article's hits of every list of the vocabulary's [`Catalog`], by
/// list, in order of their start.
struct Hits<'t> {
    lower: &'t str,
    folded: Vec<Vec<Hit>>,
    exact: Vec<Vec<Hit>>,
}

impl<'t> Hits<'t> {
    fn new(catalog: &Catalog, text: &str, lower: &'t str) -> Hits<'t> {
        let collect = |patterns: &Patterns, hay: &str, folded: bool| {
            let mut by_list: Vec<Vec<Hit>> = vec![Vec::new(); catalog.lists];
            patterns.occurrences(hay, |id, span| {
                let Some(phrase) = patterns.phrases.get(id) else {
                    return;
                };
                let whole = if folded {
                    boundaries_ok(text, phrase, span)
                } else {
                    is_whole_word(text, span)
                };
                for &(list, index) in patterns.owners.get(id).into_iter().flatten() {
                    if let Some(hits) = by_list.get_mut(list) {
                        hits.push(Hit { span, index, whole });
                    }
                }
            });
            for hits in &mut by_list {
                hits.sort_by_key(|h| (h.span.start, h.span.end, h.index));
            }
            by_list
        };
        Hits {
            lower,
            folded: collect(&catalog.folded, lower, true),
            exact: collect(&catalog.exact, text, false),
        }
    }

    /// The hits of `list` that lie inside `span`, in order of their start.
    fn within<'h>(
        &self,
        table: &'h [Vec<Hit>],
        list: ListId,
        span: Span,
    ) -> impl Iterator<Item = &'h Hit> + 'h {
        let hits = match (table.get(list), self.lower.get(span.start..span.end)) {
            (Some(hits), Some(_)) => hits.as_slice(),
            _ => &[],
        };
        let lo = hits.partition_point(|h| h.span.start < span.start);
        hits[lo..]
            .iter()
            .take_while(move |h| h.span.start < span.end)
            .filter(move |h| h.span.end <= span.end)
    }

    /// Does a phrase of `words` occur in `span` as a whole word (ASCII case
    /// aside)?
    fn any(&self, words: &Words, span: Span) -> bool {
        self.within(&self.folded, words.list, span).any(|h| h.whole)
    }

    /// Whole-word occurrences of any phrase of `words` in `span` (ASCII
    /// case aside), in order of their start, overlapping ones included.
    fn spans(&self, words: &Words, span: Span) -> impl Iterator<Item = Span> + '_ {
        self.within(&self.folded, words.list, span)
            .filter(|h| h.whole)
            .map(|h| h.span)
    }

    /// Whole-word occurrences of phrase `index` of `words` in `span`, as a
    /// search of `lower[span]` with `str::match_indices` finds them: left
    /// to right, without overlaps, whole words kept afterwards.
    fn find(&self, words: &Words, index: usize, span: Span) -> Vec<Span> {
        let mut free = span.start;
        let mut out = Vec::new();
        for h in self.within(&self.folded, words.list, span) {
            if h.index == index && h.span.start >= free {
                free = h.span.end;
                if h.whole {
                    out.push(h.span);
                }
            }
        }
        out
    }

    /// The nearest occurrence in `span` of any of `words` to `at`, with its
    /// value; on a tie the phrase earlier in the list, then the earlier hit.
    fn nearest<'a, T>(
        &self,
        span: Span,
        words: &'a Pairs<T>,
        at: usize,
        case_sensitive: bool,
    ) -> Option<(&'a T, Span)> {
        let distance = |s: Span| {
            if s.end <= at {
                at - s.end
            } else {
                s.start.saturating_sub(at)
            }
        };
        let table = if case_sensitive {
            &self.exact
        } else {
            &self.folded
        };
        self.within(table, words.list, span)
            .filter(|h| h.whole)
            .min_by_key(|h| (distance(h.span), h.index, h.span.start))
            .and_then(|h| words.items.get(h.index).map(|(_, v)| (v, h.span)))
    }
}

/// A list of words or phrases (lower case), registered in the vocabulary's
/// [`Catalog`].
struct Words {
    items: Vec<String>,
    list: ListId,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            items: Vec::new(),
            list: ListId::MAX,
        }
    }
}

impl Words {
    fn new(catalog: &mut Catalog, items: Vec<String>) -> Words {
        let list = catalog.add(items.iter().map(String::as_str), false);
        Words { items, list }
    }
}

impl Deref for Words {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.items
    }
}

impl<'a> IntoIterator for &'a Words {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A list of (phrase, value), in order of preference, registered in the
/// vocabulary's [`Catalog`].
struct Pairs<T> {
    items: Vec<(String, T)>,
    list: ListId,
}

impl<T> Default for Pairs<T> {
    fn default() -> Self {
        Pairs {
            items: Vec::new(),
            list: ListId::MAX,
        }
    }
}

impl<T> Pairs<T> {
    /// `exact`: the list is also asked case-sensitively.
    fn new(catalog: &mut Catalog, items: Vec<(String, T)>, exact: bool) -> Pairs<T> {
        let list = catalog.add(items.iter().map(|(w, _)| w.as_str()), exact);
        Pairs { items, list }
    }
}

impl<T> Deref for Pairs<T> {
    type Target = [(String, T)];
    fn deref(&self) -> &[(String, T)] {
        &self.items
    }
}

/// `needle` found at `s`: a needle that starts (ends) with a letter or digit
/// must not continue a word there.
fn boundaries_ok(text: &str, needle: &str, s: Span) -> bool {
    let ok_start = !needle.starts_with(|c: char| c.is_alphanumeric())
        || !text[..s.start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
    let ok_end = !needle.ends_with(|c: char| c.is_alphanumeric())
        || !text[s.end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
    ok_start && ok_end
}

fn skip_spaces(text: &str, mut i: usize) -> usize {
    while text[i..].starts_with([' ', '\u{a0}']) {
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    i
}

/// Does `rest` start with `w`, not followed by an ASCII letter or digit?
/// The first bytes are compared first: most words of a list differ there.
fn starts_with_word(rest: &str, w: &str) -> bool {
    let first_ok = match (w.as_bytes().first(), rest.as_bytes().first()) {
        (None, _) => true,
        (Some(a), Some(b)) => a == b,
        (Some(_), None) => false,
    };
    first_ok
        && rest.starts_with(w)
        && !rest[w.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
}

/// A word list entry that starts at `i` (ASCII-case-insensitively, whole word).
fn word_at<'a, T>(
    text: &str,
    lower: &str,
    i: usize,
    list: &'a [(String, T)],
) -> Option<(&'a T, usize)> {
    let rest = lower.as_bytes().get(i..).unwrap_or_default();
    let first = rest.first().map(u8::to_ascii_lowercase);
    for (w, v) in list {
        // The first bytes are compared first: most entries differ there.
        if w.as_bytes()
            .first()
            .is_some_and(|b| Some(b.to_ascii_lowercase()) != first)
        {
            continue;
        }
        // `lower` is ASCII-lower-cased, so equal bytes up to ASCII case end
        // on the char boundary where `w` ends.
        if rest
            .get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w.as_bytes()))
        {
            let end = i + w.len();
            let next = text[end..].chars().next();
            if !(w.ends_with(|c: char| c.is_alphanumeric())
                && next.is_some_and(|c| c.is_alphanumeric()))
            {
                return Some((v, end));
            }
        }
    }
    None
}

// ---------------------------------------------------------------- figures

fn scan_figures(text: &str, lower: &str) -> Vec<Figure> {
    let v = &*VOCAB;
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        // "EUR2.42 billion": a currency code glued to the number.
        let glued_code = || {
            v.cur_before.iter().any(|(sym, _)| {
                sym.len() >= 2
                    && text[..i].ends_with(sym.as_str())
                    && !text[..i - sym.len()]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric())
            })
        };
        let starts_number = c.is_ascii_digit()
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric()
                    || bytes[i - 1] == b'.'
                    || bytes[i - 1] == b',')
                || (bytes[i - 1].is_ascii_uppercase() && glued_code()));
        let (num_start, num_end, value, digits) = if starts_number {
            let mut j = i;
            while j < bytes.len()
                && (bytes[j].is_ascii_digit()
                    || ((bytes[j] == b',' || bytes[j] == b'.')
                        && bytes.get(j + 1).is_some_and(|b| b.is_ascii_digit())))
            {
                j += 1;
            }
            let written = &text[i..j];
            // "8,1 percent", "509,30 dollars": one comma before one or two
            // digits is a decimal comma (German or French copy).
            let decimal_comma = !written.contains('.')
                && written.matches(',').count() == 1
                && written
                    .split_once(',')
                    .is_some_and(|(_, f)| (1..=2).contains(&f.len()));
            let normalised = written.replace(',', ".");
            let digits: &str = if decimal_comma { &normalised } else { written };
            let clean: String = digits.chars().filter(|&c| c != ',').collect();
            // "2,04" or "1.2.3" are not numbers.
            let valid = digits.matches('.').count() <= 1
                && digits
                    .split(',')
                    .skip(1)
                    .all(|g| g.len() == 3 || (g.contains('.') && g.find('.') == Some(3)));
            match clean.parse::<f64>() {
                Ok(n) if valid => (i, j, n, digits.to_string()),
                _ => {
                    i = j.max(i + 1);
                    continue;
                }
            }
        } else if (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) && c.is_ascii_alphabetic() {
            // A number word is a figure only before a scale ("a trillion").
            match word_at(text, lower, i, &v.numbers) {
                Some((n, end)) => {
                    let after = skip_spaces(text, end);
                    let scaled =
                        word_at(text, lower, after, &v.scales).is_some_and(|(s, _)| *s >= 1e6);
                    // Or before a plural noun, maybe after one adjective:
                    // "four sources", "eight consecutive quarters".
                    let word = &lower[i..end];
                    let plural_after = || {
                        let mut words = lower[end..]
                            .split(|c: char| !c.is_ascii_alphabetic() && c != '-')
                            .filter(|w| !w.is_empty());
                        let gap_ok = lower[end..].starts_with(' ');
                        let is_plural = |w: &str| {
                            (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss")) || w == "people"
                        };
                        gap_ok
                            && match (words.next(), words.next()) {
                                (Some(a), _) if is_plural(a) => true,
                                (Some(a), Some(b)) => !is_plural(a) && a.len() > 3 && is_plural(b),
                                _ => false,
                            }
                    };
                    if scaled {
                        (i, end, *n, "1".to_string())
                    } else if word != "a" && word != "an" && plural_after() {
                        (i, end, *n, format!("{}", *n as i64))
                    } else {
                        i += 1;
                        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                            i += 1;
                        }
                        continue;
                    }
                }
                None => {
                    // Letters only: a currency code may be glued to the
                    // number after it ("EUR2.42 billion").
                    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    continue;
                }
            }
        } else {
            i += 1;
            continue;
        };
        let step = step_of(&digits);
        let integer = !digits.contains('.');
        // Currency before: "$", "US$", "HK$ ", "RMB".
        let mut start = num_start;
        let mut currency: Option<String> = None;
        let before = &text[..num_start];
        let trimmed = before.trim_end_matches([' ', '\u{a0}']);
        for (sym, code) in &v.cur_before {
            if trimmed.ends_with(sym.as_str()) {
                let s = trimmed.len() - sym.len();
                let boundary = !text[..s]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric());
                let gap = before.len() - trimmed.len();
                if boundary && gap <= 1 {
                    currency = Some(code.clone());
                    start = s;
                    break;
                }
            }
        }
        // Scale after: "3.2bn", "3.2 billion", "1-trillion".
        let mut end = num_end;
        let mut value = value;
        let mut after = num_end;
        if text[after..].starts_with('-') {
            after += 1;
        }
        let after_sp = skip_spaces(text, after);
        if let Some((s, e)) = word_at(text, lower, after_sp, &v.scales) {
            // A one-letter scale must be glued: "3.2b", not "3.2 b".
            let glued = after_sp == num_end;
            if e - after_sp > 1 || glued || currency.is_some() {
                value *= s;
                end = e;
            }
        }
        let mut unit = match &currency {
            Some(c) => Unit::Money(c.clone()),
            None => Unit::Count,
        };
        let after_sp = skip_spaces(text, end);
        if text[end..].starts_with('%') {
            unit = Unit::Percent;
            end += 1;
        } else if currency.is_none() {
            if let Some(p) = v.percent.iter().find(|p| {
                p.as_str() != "%"
                    && lower[after_sp..].starts_with(p.as_str())
                    && is_whole_word(text, Span::new(after_sp, after_sp + p.len()))
            }) {
                unit = Unit::Percent;
                end = after_sp + p.len();
            } else if let Some((code, e)) = word_at(text, lower, after_sp, &v.cur_after) {
                unit = Unit::Money(code.clone());
                end = e;
            }
        }
        if matches!(unit, Unit::Count) && digits.contains('.') {
            unit = Unit::Number;
        }
        // Approximator before.
        let mut approx = None;
        let head = text[..start].trim_end_matches([' ', '\u{a0}']);
        let head_lower = &lower[..head.len()];
        for (w, k) in &v.approx {
            if head_lower.ends_with(w.as_str()) {
                let s = head.len() - w.len();
                if !text[..s]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric())
                {
                    approx = Some(*k);
                    start = s;
                    break;
                }
            }
        }
        let scale = value
            / digits
                .replace(',', "")
                .parse::<f64>()
                .unwrap_or(value)
                .max(f64::MIN_POSITIVE);
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        let base = value / scale;
        let mut range = make_range(base, step, integer, approx);
        // Rounding for conversions: to the last written digit.
        let unit_step = if integer { 1.0 } else { step };
        let mut rounding = make_range(base, unit_step, false, None);
        for r in [&mut range, &mut rounding] {
            r.lo *= scale;
            r.hi *= scale;
        }
        out.push(Figure {
            span: Span::new(start, end),
            value,
            unit,
            approx,
            range,
            rounding,
        });
        i = end.max(num_end).max(i + 1);
    }
    out
}

// ---------------------------------------------------------------- dates

fn is_year(n: &str) -> Option<i32> {
    let y: i32 = n.parse().ok()?;
    (n.len() == 4 && (1900..2100).contains(&y)).then_some(y)
}

fn scan_dates(text: &str, hits: &Hits) -> Vec<DateMention> {
    let v = &*VOCAB;
    let lower = hits.lower;
    // Tokens: (span, lower text).
    let mut toks: Vec<Span> = Vec::new();
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
    let month_of = |w: &str| {
        v.months
            .iter()
            .find(|(m, _)| same(m, w))
            .map(|(_, i)| i + 1)
    };
    let weekday_of = |w: &str| {
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
        } else if let Some(d) =
            day_of(w).filter(|_| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
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
fn since_date(
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

// ---------------------------------------------------------------- subjects

struct Mention {
    span: Span,
    key: String,
    display: String,
    /// The other form of the name in this article: the one longer name
    /// that starts or ends with a one-word name ("the Alliance" and
    /// "Centrist Alliance"), either way.
    alias: Option<String>,
}

impl Mention {
    fn keys(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(self.key.clone()).chain(self.alias.clone())
    }
}

fn subject_mentions(
    text: &str,
    lower: &str,
    names: &[NameMention],
    entities: &[EntityMention],
) -> Vec<Mention> {
    let v = &*VOCAB;
    let kb = crate::kb::embedded();
    let mut out: Vec<Mention> = entities
        .iter()
        .map(|e| Mention {
            alias: None,
            span: e.span,
            key: format!("kb:{}", e.entity),
            display: kb.get(&e.entity).map_or_else(
                || text[e.span.start..e.span.end].to_string(),
                |x| x.name.clone(),
            ),
        })
        .collect();
    let in_parens = |s: Span| {
        // The cheap test first: the backward searches may read the whole
        // text before the name.
        text[s.end..].trim_start().starts_with(')') && {
            let open = text[..s.start].rfind('(');
            let close = text[..s.start].rfind(')');
            open.is_some_and(|o| close.is_none_or(|c| c < o))
        }
    };
    // A name without a knowledge-base entry is a subject only where it
    // acts like one: "Acme shares", "Acme's stock", "Acme rose", "shares of Acme".
    let acts_as_subject = |s: Span| {
        // "Acme ’s shares" with a stray space is still a possessive.
        let raw = &lower[s.end..];
        let raw = match raw.trim_start() {
            t if t.starts_with(['’', '\'']) => t,
            _ => raw,
        };
        let rest = raw.trim_start_matches(['’', '\'']);
        let rest = rest
            .strip_prefix('s')
            .filter(|_| raw.starts_with(['’', '\'']))
            .unwrap_or(rest);
        let rest = rest.trim_start();
        let next_word = |w: &String| starts_with_word(rest, w);
        let before = lower[..s.start].trim_end();
        // "Rival Acme, whose shares rose 1.5%": the name owns the noun.
        let whose = rest
            .strip_prefix(',')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix("whose "))
            .map(str::trim_start)
            .is_some_and(|r| v.subject_nouns.iter().any(|w| starts_with_word(r, w)));
        whose
            || v.subject_nouns.iter().any(next_word)
            || v.rise.iter().any(next_word)
            || v.subject_verbs.iter().any(next_word)
            || v.fall.iter().any(next_word)
            || [" of", " in"].iter().any(|p| {
                before
                    .strip_suffix(p)
                    .is_some_and(|b| v.subject_nouns.iter().any(|n| b.ends_with(n.as_str())))
            })
            // An ellipsis after a figure: "..., Acme - by 40%".
            || rest.trim_start_matches(['-', '–', '—', ',']).trim_start().starts_with("by ")
    };
    // A name acts as a subject where any of its mentions does, or where it
    // is joined by "and" to one that does.
    let mut acting: std::collections::HashSet<String> = names
        .iter()
        .filter(|n| acts_as_subject(n.span))
        .map(|n| text[n.core.start..n.core.end].to_ascii_lowercase())
        .collect();
    for w in names.windows(2).rev() {
        let gap = text
            .get(w[0].span.end..w[1].span.start)
            .unwrap_or("-")
            .trim();
        if matches!(gap, "and" | "," | "&")
            && acting.contains(&text[w[1].core.start..w[1].core.end].to_ascii_lowercase())
        {
            acting.insert(text[w[0].core.start..w[0].core.end].to_ascii_lowercase());
        }
    }
    let acts_as_subject =
        |n: &NameMention| acting.contains(&text[n.core.start..n.core.end].to_ascii_lowercase());
    // One-word names not opening a sentence, and longer names, of the article.
    let core_lower =
        |n: &NameMention| without_the(&text[n.core.start..n.core.end]).to_ascii_lowercase();
    let short: std::collections::BTreeSet<String> = names
        .iter()
        .filter(|n| !n.sentence_start)
        .map(core_lower)
        .filter(|c| !c.contains(char::is_whitespace))
        .collect();
    let long: std::collections::BTreeSet<String> = names
        .iter()
        .map(core_lower)
        .filter(|c| c.contains(' '))
        .collect();
    let longer_of = |w: &str| -> Option<String> {
        let mut it = long
            .iter()
            .filter(|l| l.split(' ').next() == Some(w) || l.rsplit(' ').next() == Some(w));
        let one = it.next()?;
        it.next().is_none().then(|| one.clone())
    };
    let alias_of = |n: &NameMention, lc: &str| -> Option<String> {
        if lc.contains(' ') {
            [lc.split(' ').next(), lc.rsplit(' ').next()]
                .into_iter()
                .flatten()
                .find(|w| short.contains(*w) && longer_of(w).as_deref() == Some(lc))
                .map(|w| format!("name:{w}"))
        } else if n.sentence_start || !short.contains(lc) {
            None
        } else {
            longer_of(lc).map(|l| format!("name:{l}"))
        }
    };
    // Names in order of their start: one overlaps a name kept before it
    // exactly when the furthest end kept so far passes its start.
    let taken_by_entities = SortedSpans::new(out.iter().map(|m| m.span).collect());
    let mut names_reach = 0;
    let mut in_order: Vec<&NameMention> = names.iter().collect();
    in_order.sort_by_key(|n| n.span.start);
    for n in in_order {
        if n.span.is_empty()
            || names_reach > n.span.start
            || taken_by_entities.any_overlap(n.span)
            || in_parens(n.span)
            || !acts_as_subject(n)
        {
            continue;
        }
        // "— The European Central Bank cut" and "The European Central Bank
        // cut" opening a sentence are one subject.
        let core = without_the(&text[n.core.start..n.core.end]);
        let lc = core.to_ascii_lowercase();
        let is_other = v.markets.iter().any(|(w, _)| w.eq_ignore_ascii_case(core))
            || v.months.iter().any(|(w, _)| lc.starts_with(w.as_str()))
            || v.weekdays.iter().any(|(w, _)| lc.starts_with(w.as_str()))
            || !n.roles.is_empty();
        if is_other {
            continue;
        }
        names_reach = names_reach.max(n.span.end);
        out.push(Mention {
            alias: alias_of(n, &lc),
            span: n.span,
            key: format!("name:{lc}"),
            display: core.to_string(),
        });
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// The subject before `at` in `sentence`: the nearest mention, with the
/// mentions joined to it by "and" or a comma.
fn subject_before(text: &str, mentions: &[Mention], sentence: Span, at: usize) -> Vec<usize> {
    // Mentions are sorted by start: those that start in the sentence and
    // before `at`.
    let lo = mentions.partition_point(|m| m.span.start < sentence.start);
    let hi = mentions.partition_point(|m| m.span.start < at).max(lo);
    let inside: Vec<usize> = (lo..hi)
        .filter(|&i| mentions[i].span.start >= sentence.start && mentions[i].span.end <= at)
        .collect();
    // A knowledge-base entry is preferred to a bare name.
    let Some(&last) = inside
        .iter()
        .rev()
        .find(|&&i| mentions[i].key.starts_with("kb:"))
        .or(inside.last())
    else {
        return vec![];
    };
    let inside: Vec<usize> = inside.into_iter().filter(|&i| i <= last).collect();
    let mut out = vec![last];
    let mut cur = last;
    for &i in inside.iter().rev().skip(1) {
        let gap = text
            .get(mentions[i].span.end..mentions[cur].span.start)
            .unwrap_or("-")
            .trim();
        let gap = gap
            .trim_start_matches(['’', '\''])
            .trim_start_matches('s')
            .trim();
        if matches!(gap, "and" | "," | "&" | ", and") {
            out.insert(0, i);
            cur = i;
        } else {
            break;
        }
    }
    let mut keys = std::collections::HashSet::new();
    out.retain(|&i| keys.insert(mentions[i].key.clone()));
    out
}

// ---------------------------------------------------------------- clauses

/// What separates the clauses of a sentence.
const CLAUSE_SEPARATORS: [&str; 9] = [
    ", ",
    "; ",
    " and ",
    " while ",
    " but ",
    " — ",
    " – ",
    " - ",
    " whereas ",
];

/// The clause separators of one sentence, found once for all the figures
/// and dates in it: (start, end) relative to the sentence.
struct Clauses {
    sentence: Span,
    separators: Vec<(usize, usize)>,
}

impl Clauses {
    /// Each separator's occurrences as `str::match_indices` finds them
    /// (left to right, without overlapping itself).
    fn new(text: &str, sentence: Span) -> Clauses {
        let s = text.get(sentence.start..sentence.end).unwrap_or("");
        let b = s.as_bytes();
        let mut free = [0usize; CLAUSE_SEPARATORS.len()];
        let mut separators = Vec::new();
        for (i, &c) in b.iter().enumerate() {
            if !matches!(c, b',' | b';' | b' ') {
                continue;
            }
            for (k, sep) in CLAUSE_SEPARATORS.iter().enumerate() {
                if i >= free[k] && b[i..].starts_with(sep.as_bytes()) {
                    free[k] = i + sep.len();
                    separators.push((i, i + sep.len()));
                }
            }
        }
        Clauses {
            sentence,
            separators,
        }
    }

    /// The clause of the sentence around `at`: from the last separator
    /// before it to the first one after it.
    fn of(&self, at: Span) -> Span {
        let sentence = self.sentence;
        let len = sentence.len();
        let rel_start = at.start.saturating_sub(sentence.start);
        let rel_end = at.end.saturating_sub(sentence.start).min(len);
        let mut lo = 0;
        let mut hi = len;
        for &(i, end) in &self.separators {
            if end <= rel_start {
                lo = lo.max(end);
            } else if i >= rel_end {
                hi = hi.min(i);
            }
        }
        Span::new(sentence.start + lo, sentence.start + hi.max(lo))
    }
}

/// Whether the figure (or record phrase) at `at` has a subject of its own
/// in its clause that is no company: "the benchmark index" in "Acme rose
/// 2%, while the benchmark index slipped 1.34%", "its rivals" in "... as
/// its rivals fell 3%". Such a figure is not about the sentence's earlier
/// company, nor about one carried from before.
///
/// The subject is read after the last name or other figure of the clause
/// before `at` (else from the clause's start) up to the first movement
/// word: of its nouns that name a price ("shares", "the company") or
/// something else (`other_subjects`), the last one decides, and another
/// subject that owns a noun ("the sector's shares") stays the subject.
/// After a figure, only a movement word of its own opens a subject. A
/// clause opened by a relative word without a noun of its own ("...,
/// beating the index, which fell 1%") is about the end of the clause
/// before it ("Acme's stock, which rose 4%" stays Acme's). A name in the
/// clause is the subject itself, as [`subject_before`] reads it.
fn other_subject(
    lower: &str,
    hits: &Hits,
    clauses: &Clauses,
    mentions: &[Mention],
    figures: &[Figure],
    at: Span,
) -> bool {
    let v = &*VOCAB;
    // The end of the last name or figure (other than the one at `at`)
    // inside `span`, else its start; and whether a figure ends there.
    let after_last = |span: Span| {
        let names = starting_within(mentions, span, |m| m.span.start)
            .iter()
            .map(|m| (m.span, false));
        let figs = starting_within(figures, span, |g| g.span.start)
            .iter()
            .map(|g| (g.span, true))
            .filter(|(g, _)| *g != at);
        names
            .chain(figs)
            .filter(|(s, _)| s.end <= span.end)
            .map(|(s, fig)| (s.end, fig))
            .fold((span.start, false), |a, b| if b.0 > a.0 { b } else { a })
    };
    // The last noun of `np` that decides its subject: Some(true) for
    // another subject than a company's price.
    let head = |np: Span| -> Option<bool> {
        let others: Vec<Span> = hits.spans(&v.other_subjects, np).collect();
        let owner = others.iter().any(|s| {
            lower
                .get(s.end..)
                .is_some_and(|r| r.starts_with(['\'', '’']))
        });
        let last_other = others.iter().map(|s| s.start).max();
        let last_price = hits
            .spans(&v.price_nouns, np)
            .filter(|p| !others.iter().any(|o| o.overlaps(*p)))
            .map(|p| p.start)
            .max();
        match (last_other, last_price) {
            (None, None) => None,
            (Some(o), p) => Some(owner || p.is_none_or(|p| o > p)),
            (None, Some(_)) => Some(false),
        }
    };
    let clause = clauses.of(at);
    let (start, after_figure) = after_last(Span::new(clause.start, at.start));
    let verb = hits
        .spans(&v.rise, Span::new(start, at.start))
        .chain(hits.spans(&v.fall, Span::new(start, at.start)))
        .map(|s| s.start)
        .min();
    // After a figure only a verb of its own starts another subject ("4% as
    // the index fell 1%"); "13% in Hong Kong to its highest" goes on.
    let np = match verb {
        Some(verb) => Span::new(start, verb),
        None if after_figure => return false,
        None => Span::new(start, at.start),
    };
    if let Some(other) = head(np) {
        return other;
    }
    // "..., which fell 1%": the subject ends the clause before.
    let opens_relative = start == clause.start
        && lower.get(np.start..np.end).is_some_and(|t| {
            let t = t.trim_start();
            v.relative.iter().any(|r| starts_with_word(t, r))
        });
    if !opens_relative {
        return false;
    }
    let sentence = clauses.sentence;
    let Some(before) = lower.get(sentence.start..clause.start) else {
        return false;
    };
    // Only after a comma, a semicolon or a dash.
    let trimmed = before.trim_end_matches([',', ';', ' ', '—', '–', '-']);
    if trimmed.is_empty() || before[trimmed.len()..].trim().is_empty() {
        return false;
    }
    let end = sentence.start + trimmed.len();
    let prev = clauses.of(Span::new(end - 1, end));
    let prev = Span::new(prev.start, end.max(prev.start));
    head(Span::new(after_last(prev).0, prev.end)).unwrap_or(false)
}

// ---------------------------------------------------------------- extraction

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
        let here: Vec<usize> = (0..mentions.len())
            .filter(|&i| {
                mentions[i].span.start >= sentence.start && mentions[i].span.end <= sentence.end
            })
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
    // A conversion in brackets ("€2.42bn (£2.1bn)") is the original's.
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
    let frames = frames::frames_of(text, &figures, &frames);
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
        .filter(|(_, g)| !frames::is_time_or_year(text, lower, g))
        .min_by_key(|(_, g)| {
            if at.end <= g.span.start {
                g.span.start - at.end
            } else {
                at.start.saturating_sub(g.span.end)
            }
        })
        .map(|(j, _)| lo + j)
}

/// What each figure's sentence says of its time and scope, for its open
/// frame; `None` for a figure that is no claim (quoted or converted in
/// brackets: in `skip`; a year, a time, a value "from" which another moved).
fn frame_contexts(
    text: &str,
    hits: &Hits,
    sentences: &[Span],
    figures: &[Figure],
    dates: &[DateMention],
    background: &[Span],
    skip: &[Span],
) -> Vec<Option<frames::Context>> {
    let v = &*VOCAB;
    let lower = hits.lower;
    let mut clauses: Option<Clauses> = None;
    // The clock time of the last sentence asked, read once per sentence.
    let mut clock: Option<(Span, Option<String>)> = None;
    // The stage of a count the article last stated, by sentence: figures
    // of other stages ("with 94% of ballots counted") are other times.
    let mut stage: Option<String> = None;
    let stages: Vec<Option<String>> = sentences
        .iter()
        .map(|&s| {
            if let Some(st) = stage_of(text, hits, figures, s) {
                stage = Some(st);
            }
            stage.clone()
        })
        .collect();
    figures
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let i = sentences.partition_point(|s| s.end < f.span.end);
            let sentence = *sentences.get(i).filter(|s| s.start <= f.span.start)?;
            let stage = stages.get(i).cloned().flatten();
            let after_from = lower[..f.span.start]
                .trim_end()
                .strip_suffix("from")
                .is_some_and(|b| !b.ends_with(|c: char| c.is_ascii_alphanumeric()));
            let skipped = skip
                .iter()
                .any(|q| q.start <= f.span.start && f.span.end <= q.end);
            if skipped || frames::is_time_or_year(text, lower, f) {
                return None;
            }
            if clauses.as_ref().is_none_or(|c| c.sentence != sentence) {
                clauses = Some(Clauses::new(text, sentence));
            }
            let clause = clauses.as_ref()?.of(f.span);
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
            let elsewhere = phrases.iter().any(|h| !bound(h) && speaks_of_me(h))
                || hits.any(&v.other_event_sentence, sentence)
                || background.iter().any(|b| {
                    sentence.start <= b.start
                        && b.end <= f.span.start
                        && (clause.start <= b.start || scope::year_opens_event(lower, *b))
                });
            let other_time = prior_value || elsewhere;
            let prior = prior_value && !elsewhere;
            let session = hits
                .nearest(clause, &v.sessions, f.span.start, false)
                .or_else(|| hits.nearest(clause, &v.sessions_clause, f.span.start, false))
                .or_else(|| hits.nearest(sentence, &v.sessions, f.span.start, false))
                .map(|(s, _)| s.clone());
            if clock.as_ref().is_none_or(|(s, _)| *s != sentence) {
                clock = Some((sentence, scope::clock_in(lower, sentence)));
            }
            let session = match (session, clock.as_ref().and_then(|(_, c)| c.clone())) {
                (Some(s), Some(c)) => Some(format!("{s} {c}")),
                (s, c) => s.or(c),
            };
            let session = match (session, stage) {
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

/// A name without a leading article ("The European Central Bank").
fn without_the(name: &str) -> &str {
    ["The ", "the ", "THE "]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .filter(|rest| rest.contains(|c: char| c.is_alphanumeric()))
        .unwrap_or(name)
}

/// The years written as four digits in `span`, with their offsets.
fn years_in(text: &str, span: Span) -> impl Iterator<Item = (usize, i32)> + '_ {
    let b = text.as_bytes();
    (span.start..span.end.saturating_sub(3)).filter_map(move |i| {
        let digits = b.get(i..i + 4)?;
        let edge_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let edge_after = b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric());
        if !(edge_before && edge_after && digits.iter().all(u8::is_ascii_digit)) {
            return None;
        }
        Some((i, is_year(text.get(i..i + 4)?)?))
    })
}

/// Does `before` end with one of `words` (lower case) as a whole word?
fn ends_with_word(before: &str, words: &[String]) -> bool {
    let b = before.trim_end();
    words.iter().any(|w| {
        b.strip_suffix(w.as_str())
            .is_some_and(|x| !x.ends_with(|c: char| c.is_ascii_alphanumeric()))
    })
}

/// "with 94% of the ballots counted": the stage of a count a sentence
/// states, as a label ("94% count").
fn stage_of(text: &str, hits: &Hits, figures: &[Figure], sentence: Span) -> Option<String> {
    let lower = hits.lower;
    let v = &*VOCAB;
    starting_within(figures, sentence, |f| f.span.start)
        .iter()
        .filter(|f| {
            f.unit == Unit::Percent && sentence.start <= f.span.start && f.span.end <= sentence.end
        })
        .find_map(|f| {
            let rest = lower
                .get(f.span.end..sentence.end)?
                .trim_start()
                .strip_prefix("of ")?;
            let words: Vec<&str> = rest
                .split_whitespace()
                .take(5)
                .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
                .collect();
            words
                .iter()
                .any(|w| v.count_stage.iter().any(|s| s == w))
                .then(|| format!("{} count", &text[f.span.start..f.span.end]))
        })
        .or_else(|| {
            (0..v.final_count.len())
                .any(|i| !hits.find(&v.final_count, i, sentence).is_empty())
                .then(|| "final count".to_string())
        })
}

fn event_subject(hits: &Hits, sentence: Span, at: usize) -> Option<String> {
    let v = &*VOCAB;
    hits.nearest(sentence, &v.events, at, false)
        .map(|(s, _)| s.clone())
}

/// The time a sentence sets for a figure at `at`: the nearest full date,
/// else the nearest weekday, else a relative day word.
fn when_of(dates: &[DateMention], sentence: Span, at: usize) -> When {
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
fn lead_date(
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

fn conversions_of(text: &str, figures: &[Figure]) -> Vec<Conversion> {
    let mut out = Vec::new();
    for w in figures.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (Unit::Money(x), Unit::Money(y)) = (&a.unit, &b.unit) else {
            continue;
        };
        if x == y {
            continue;
        }
        let gap = text.get(a.span.end..b.span.start).unwrap_or("-").trim();
        let close = text[b.span.end..].trim_start().starts_with(')');
        let gap_ok = matches!(
            gap,
            "(" | "(or" | "(about" | "(around" | "(roughly" | "(some"
        ) || (gap == "(" && close);
        if gap_ok && close && a.value > 0.0 && b.value > 0.0 {
            out.push(Conversion {
                span: Span::new(a.span.start, b.span.end + 1),
                from: a.clone(),
                to: b.clone(),
            });
        }
    }
    out
}

// ---------------------------------------------------------------- bundle scope

/// A claim placed in time across the bundle.
#[derive(Debug, Clone)]
pub struct ScopedClaim<'a> {
    pub doc: DocId,
    pub claim: &'a Claim,
    /// The day the claim is about, when known.
    pub day: Option<SimpleDate>,
}

impl ScopedClaim<'_> {
    /// Same subject (any shared subject of a joint one), measure and scope.
    pub fn same_claim(&self, o: &ScopedClaim<'_>, lenient_market: bool) -> bool {
        let (a, b) = (self.claim, o.claim);
        if a.measure != b.measure || a.other_event || b.other_event || !a.compared || !b.compared {
            return false;
        }
        if !a.subject_keys.iter().any(|k| b.subject_keys.contains(k)) {
            return false;
        }
        let market_ok =
            a.market == b.market || (lenient_market && (a.market.is_none() || b.market.is_none()));
        if !market_ok || a.session != b.session {
            return false;
        }
        match (&a.value, &b.value) {
            (ClaimValue::Range { unit: ua, .. }, ClaimValue::Range { unit: ub, .. })
                if ua != ub =>
            {
                return false
            }
            _ => {}
        }
        if a.timed {
            match (&self.day, &o.day) {
                (Some(x), Some(y)) => x.same_day(y),
                _ => false,
            }
        } else {
            true
        }
    }
    /// The values cannot both be true.
    pub fn conflicts(&self, o: &ScopedClaim<'_>) -> bool {
        match (&self.claim.value, &o.claim.value) {
            (ClaimValue::Range { range: a, .. }, ClaimValue::Range { range: b, .. }) => {
                let tol = if self.claim.measure == "ytd-gain" {
                    VOCAB.ytd_tolerance
                } else {
                    0.0
                };
                let by = |x: f64, sign: f64| {
                    if x.is_finite() {
                        x + sign * x.abs() * tol
                    } else {
                        x
                    }
                };
                let widen = |r: &Range| Range {
                    lo: by(r.lo, -1.0),
                    hi: by(r.hi, 1.0),
                    ..*r
                };
                !widen(a).overlaps(&widen(b))
            }
            // "since 2021" is loose wording next to "since January 2024":
            // only dates of the same precision are compared.
            // "since 2024" next to "since January 2024" is looser
            // wording; next to "since March 2020" another year.
            (ClaimValue::Since(a), ClaimValue::Since(b)) => {
                !a.compatible(b) && (a.month.is_some() == b.month.is_some() || a.year != b.year)
            }
            _ => false,
        }
    }
}

/// The claims of other articles about the same subject, measure and scope
/// as `claim`: what the bundle says about it elsewhere (for hovers).
pub fn same_claims<'a, 'b>(
    all: &'b [ScopedClaim<'a>],
    claim: &ScopedClaim<'_>,
) -> Vec<&'b ScopedClaim<'a>> {
    all.iter()
        .filter(|o| o.doc != claim.doc && claim.same_claim(o, false))
        .collect()
}

/// Every claim of the bundle about a knowledge-base entity (its id), each
/// placed in time: "every claim the bundle makes about an entity".
pub fn claims_about<'a>(bundle: &'a Bundle, config: &Config, entity: &str) -> Vec<ScopedClaim<'a>> {
    let key = format!("kb:{entity}");
    scoped_claims(bundle, config)
        .into_iter()
        .filter(|c| c.claim.subject_keys.contains(&key))
        .collect()
}

/// How the figure at `offset` of `doc` was read and what the other articles
/// say about the same claim, as Markdown for a hover; `None` where no claim is.
pub fn hover_markdown(
    bundle: &Bundle,
    config: &Config,
    doc: DocId,
    offset: usize,
) -> Option<String> {
    let all = scoped_claims(bundle, config);
    let me = all
        .iter()
        .find(|c| c.doc == doc && c.claim.span.contains_offset(offset))?;
    let c = me.claim;
    let value = match &c.value {
        ClaimValue::Range { range, unit } => {
            let unit = match unit {
                Unit::Percent => "%".to_string(),
                Unit::Money(code) => format!(" {code}"),
                Unit::Count | Unit::Number => String::new(),
            };
            let end = |x: f64| {
                if x.is_infinite() {
                    "…".to_string()
                } else {
                    format!("{}", (x * 1e4).round() / 1e4)
                }
            };
            format!(
                "{}{}, {}{}{unit}",
                if range.lo_open { "(" } else { "[" },
                end(range.lo),
                end(range.hi),
                if range.hi_open { ")" } else { "]" }
            )
        }
        ClaimValue::Since(d) => format!("since {}", d.label()),
    };
    let mut out = format!(
        "**{}**: {} · {}",
        c.value_text,
        c.scope_label(me.day.as_ref().filter(|_| c.timed)),
        value
    );
    if me.day.is_none() && c.timed {
        out.push_str(" · day unknown, so not compared");
    }
    let others = same_claims(&all, me);
    if !others.is_empty() {
        out.push_str("\n\nThe other articles:");
        for o in others {
            let loc = crate::types::Location {
                doc: o.doc,
                span: o.claim.span,
            };
            let verdict = if me.conflicts(o) {
                "disagrees"
            } else {
                "agrees"
            };
            out.push_str(&format!(
                "\n- '{}' in {} ({verdict})",
                o.claim.value_text,
                bundle.cite(loc)
            ));
        }
    }
    Some(out)
}

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

/// Every claim of the bundle with the day it is about. An article without
/// a date of its own is placed on the one day whose claims its own
/// value claims agree with; when no single day fits, its claims keep no day
/// (and timed ones are never compared).
pub fn scoped_claims<'a>(bundle: &'a Bundle, config: &Config) -> Vec<ScopedClaim<'a>> {
    let mut dates = article_dates(bundle, config);
    let docs = bundle.documents();
    let anchor = weekday_anchor(bundle);
    let build = |dates: &HashMap<DocId, Option<SimpleDate>>| -> Vec<ScopedClaim<'a>> {
        docs.iter()
            .flat_map(|d| {
                let art = dates.get(&d.id).copied().flatten();
                d.facts.figures.claims.iter().map(move |c| ScopedClaim {
                    doc: d.id,
                    claim: c,
                    day: resolve_when_anchored(&c.when, art, anchor),
                })
            })
            .collect()
    };
    for _round in 0..3 {
        let scoped = build(&dates);
        // Claims by (measure, subject), so that placing is not quadratic.
        let mut index: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (k, c) in scoped.iter().enumerate() {
            if c.day.is_some_and(|d| d.is_day()) {
                for key in &c.claim.subject_keys {
                    index
                        .entry((c.claim.measure.as_str(), key.as_str()))
                        .or_default()
                        .push(k);
                }
            }
        }
        let mut changed = false;
        for d in &docs {
            if dates.get(&d.id).copied().flatten().is_some() {
                continue;
            }
            // Votes per (month, day): how many of this article's undated
            // value claims another article states alike on that day.
            let mut votes: BTreeMap<(Option<u32>, Option<u32>), (SimpleDate, usize)> =
                BTreeMap::new();
            // A toll rises through the day: agreeing with one places
            // nothing.
            let running = |c: &Claim| c.subject_keys.iter().any(|k| k.starts_with("event:"));
            let mine = scoped.iter().filter(|s| {
                s.doc == d.id
                    && !running(s.claim)
                    && s.claim.when == When::Article
                    && s.claim.timed
                    && matches!(s.claim.value, ClaimValue::Range { .. })
            });
            for m in mine {
                let mut days_here: Vec<SimpleDate> = Vec::new();
                for key in &m.claim.subject_keys {
                    let Some(others) = index.get(&(m.claim.measure.as_str(), key.as_str())) else {
                        continue;
                    };
                    for &k in others {
                        let o = &scoped[k];
                        let Some(day) = o.day else { continue };
                        if o.doc == d.id || days_here.iter().any(|x| x.same_day(&day)) {
                            continue;
                        }
                        let placed = ScopedClaim {
                            day: Some(day),
                            ..m.clone()
                        };
                        if placed.same_claim(o, true) && !placed.conflicts(o) {
                            days_here.push(day);
                        }
                    }
                }
                for day in days_here {
                    votes.entry((day.month, day.day)).or_insert((day, 0)).1 += 1;
                }
            }
            // A weekday alone ("on Thursday") votes for the days of the
            // same claim elsewhere that fall on that weekday.
            let weekday_claims = scoped.iter().filter(|s| {
                s.doc == d.id && s.claim.timed && !s.claim.other_event && !running(s.claim)
            });
            for m in weekday_claims {
                let When::Weekday(wd) = m.claim.when else {
                    continue;
                };
                let mut days_here: Vec<SimpleDate> = Vec::new();
                for key in &m.claim.subject_keys {
                    let Some(others) = index.get(&(m.claim.measure.as_str(), key.as_str())) else {
                        continue;
                    };
                    for &k in others {
                        let o = &scoped[k];
                        let Some(day) = o.day else { continue };
                        let fits = day.weekday() == Some(wd)
                            && o.doc != d.id
                            && o.claim.market == m.claim.market
                            && o.claim.session == m.claim.session;
                        if fits && !days_here.iter().any(|x| x.same_day(&day)) {
                            days_here.push(day);
                        }
                    }
                }
                for day in days_here {
                    votes.entry((day.month, day.day)).or_insert((day, 0)).1 += 1;
                }
            }
            let max = votes.values().map(|v| v.1).max().unwrap_or(0);
            let best: Vec<&(SimpleDate, usize)> = votes.values().filter(|v| v.1 == max).collect();
            if max > 0 && best.len() == 1 {
                dates.insert(d.id, Some(best[0].0));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    build(&dates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    fn figs(s: &str) -> Vec<Figure> {
        let lower = s.to_ascii_lowercase();
        scan_figures(s, &lower)
    }

    #[test]
    fn a_currency_code_glued_to_its_number_is_read() {
        let f = figs("the EUR2.42 billion fine, then USD3bn, but not A320 or T-612/17");
        let money: Vec<(f64, &Unit)> = f
            .iter()
            .filter(|x| matches!(x.unit, Unit::Money(_)))
            .map(|x| (x.value, &x.unit))
            .collect();
        assert_eq!(
            money,
            vec![
                (2.42e9, &Unit::Money("EUR".into())),
                (3e9, &Unit::Money("USD".into()))
            ]
        );
    }
    #[test]
    fn clauses_split_as_each_separator_is_found_left_to_right() {
        // What `str::match_indices` finds for each separator.
        fn reference(s: &str, at: Span) -> Span {
            let (mut lo, mut hi) = (0, s.len());
            for sep in CLAUSE_SEPARATORS {
                for (i, _) in s.match_indices(sep) {
                    if i + sep.len() <= at.start {
                        lo = lo.max(i + sep.len());
                    } else if i >= at.end.min(s.len()) {
                        hi = hi.min(i);
                    }
                }
            }
            Span::new(lo, hi.max(lo))
        }
        for s in [
            "Acme rose 5% and and Rival fell 2%, while Other - - gained 1%",
            "A - B – C — D; E, F whereas G but H and I",
            "x and  and y , , z",
        ] {
            let clauses = Clauses::new(s, Span::new(0, s.len()));
            for (i, _) in s.char_indices() {
                let at = Span::new(i, i + 1);
                assert_eq!(clauses.of(at), reference(s, at), "{s} at {i}");
            }
        }
    }

    /// Whole-word, ASCII-case-insensitive occurrences of `needle` in `lower[span]`.
    fn find_in(text: &str, lower: &str, span: Span, needle: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let Some(hay) = lower.get(span.start..span.end) else {
            return out;
        };
        if needle.is_empty() {
            return out;
        }
        for (i, _) in hay.match_indices(needle) {
            let s = Span::new(span.start + i, span.start + i + needle.len());
            if boundaries_ok(text, needle, s) {
                out.push(s);
            }
        }
        out
    }

    #[test]
    fn hits_find_what_a_search_of_each_span_finds() {
        let v = &*VOCAB;
        let text = "Shares hit their highest since 2021, the highest level since May, \
                    and rose SINCE Monday; highest sinced no. Final results: final results.";
        let lower = text.to_ascii_lowercase();
        let hits = Hits::new(&v.catalog, text, &lower);
        let spans = [
            Span::new(0, text.len()),
            Span::new(10, 60),
            Span::new(17, 30),
            Span::new(40, text.len()),
        ];
        for span in spans {
            for (i, phrase) in v.record.iter().enumerate() {
                assert_eq!(
                    hits.find(&v.record, i, span),
                    find_in(text, &lower, span, phrase)
                );
            }
            assert_eq!(
                hits.find(&v.since, 0, span),
                find_in(text, &lower, span, "since")
            );
            let any_final = v
                .final_count
                .iter()
                .any(|w| !find_in(text, &lower, span, w).is_empty());
            assert_eq!(hits.any(&v.final_count, span), any_final);
        }
        assert!(hits.any(&v.final_count, Span::new(0, text.len())));
    }

    fn one(s: &str) -> Figure {
        let f = figs(s);
        assert_eq!(f.len(), 1, "{s}: {f:?}");
        f[0].clone()
    }
    fn text_of<'a>(s: &'a str, f: &Figure) -> &'a str {
        &s[f.span.start..f.span.end]
    }

    #[test]
    fn vocabulary_parses() {
        let raw: Result<RawVocab, _> = toml::from_str(include_str!("../../../data/figures.toml"));
        assert!(raw.is_ok(), "{:?}", raw.err());
        assert!(!VOCAB.approx.is_empty() && !VOCAB.months.is_empty());
    }

    #[test]
    fn percent_forms() {
        let s = "shares rose more than 7% today";
        let f = one(s);
        assert_eq!(text_of(s, &f), "more than 7%");
        assert_eq!(f.unit, Unit::Percent);
        assert_eq!(f.approx, Some(Approx::Above));
        assert!(!f.range.overlaps(&one("6.35%").range));
        let p = one("up 6.35 per cent on the day");
        assert_eq!(p.unit, Unit::Percent);
        assert!((p.value - 6.35).abs() < 1e-9);
        // A headline's 6% agrees with 6.35%.
        assert!(one("6%").range.overlaps(&p.range));
        assert!(one("62%").range.overlaps(&one("61.95%").range));
        assert!(one("over 80%").range.overlaps(&one("84%").range));
        assert!(!one("over 80%").range.overlaps(&one("111%").range));
        assert!(one("almost 13%").range.overlaps(&one("close to 13%").range));
    }

    #[test]
    fn money_forms() {
        let a = one("raised $3.2bn");
        let b = one("raised $3.2 billion");
        assert_eq!(a.unit, Unit::Money("USD".into()));
        assert!((a.value - 3.2e9).abs() < 1.0 && (b.value - 3.2e9).abs() < 1.0);
        assert!(a.range.overlaps(&b.range));
        let s = "raised US$3.2 billion";
        let c = one(s);
        assert_eq!(text_of(s, &c), "US$3.2 billion");
        assert_eq!(c.unit, Unit::Money("USD".into()));
        let h = one("closed at HK$98.60");
        assert_eq!(h.unit, Unit::Money("HKD".into()));
        assert!((h.value - 98.6).abs() < 1e-9);
        let y = figs("380 billion yuan ($53 billion)");
        assert_eq!(y.len(), 2);
        assert_eq!(y[0].unit, Unit::Money("CNY".into()));
        assert!((y[0].value - 380e9).abs() < 1.0);
        let e = one("45 billion euros");
        assert_eq!(e.unit, Unit::Money("EUR".into()));
        assert!((one("$ 100 billion").value - 100e9).abs() < 1.0);
    }

    #[test]
    fn counts_and_number_words() {
        let g = one("a cluster of 2,048 GPUs");
        assert_eq!(g.unit, Unit::Count);
        assert!((g.value - 2048.0).abs() < 1e-9);
        let t = one("with a trillion parameters");
        assert!((t.value - 1e12).abs() < 1.0);
        let q = one("for eight consecutive quarters");
        assert_eq!((q.unit.clone(), q.value), (Unit::Count, 8.0));
        assert_eq!(one("citing four sources").value, 4.0);
        // Number words without a plural noun are not figures; nor "a" alone.
        assert!(figs("one of the leaders and a company").is_empty());
        assert!(figs("a success and two is company").is_empty());
        assert!(figs("model A7B and H20").is_empty());
    }

    #[test]
    fn conversion_rates() {
        let s = "a 380 billion yuan ($53 billion) plan and 1 billion yuan ($140 million) more";
        let f = extract(s).figures;
        assert_eq!(f.conversions.len(), 2);
        let r0 = f.conversions[0].rate().unwrap_or(Range {
            lo: 0.0,
            hi: 0.0,
            lo_open: false,
            hi_open: false,
        });
        let r1 = f.conversions[1].rate().unwrap_or(Range {
            lo: 9.0,
            hi: 9.0,
            lo_open: false,
            hi_open: false,
        });
        assert!(r0.overlaps(&r1), "{r0:?} {r1:?}");
        assert_eq!(f.conversions[0].pair(), Some(("CNY", "USD")));
        assert!(extract("380 billion yuan and $53 billion")
            .figures
            .conversions
            .is_empty());
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
    fn joint_subject_and_record() {
        let s = "Examplecorp and Samplesoft shares rose to their highest since 2021.";
        let f = extract(s).figures;
        assert_eq!(f.claims.len(), 1);
        assert_eq!(f.claims[0].subjects.len(), 2);
        assert_eq!(f.claims[0].measure, "highest-since");
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
    fn not_figures() {
        // Years, model and chip names, days of dates and times are not figures of a claim.
        let s = "In 2021 the H20 and Model7-Pro launched on September 12 at 4:12.";
        let f = extract(s).figures;
        assert!(f.claims.is_empty(), "{:?}", f.claims);
        assert!(f.figures.iter().all(|x| x.unit != Unit::Percent));
        assert!(figs("the A100 chip").is_empty());
        assert!(figs("2,04 or 1.2.3")
            .iter()
            .all(|x| x.unit != Unit::Percent));
        // A lone letter after a spaced number is not a scale.
        assert!((one("about 5 m").value - 5.0).abs() < 1e-9);
    }

    #[test]
    fn non_ascii_text_never_panics() {
        for s in [
            "Акции выросли на 7% — \u{a0}$\u{a0}3,2 млрд",
            "株価は7%上昇した。 €\u{a0}5 billion (¥ 40 billion)",
            "$\u{a0}\u{a0}5bn (€\u{a0}4bn) “more than 7%” ’s",
            "5%\u{a0}per cent 1,\u{a0}2 Sept.\u{a0}11 ‘",
        ] {
            let f = extract(s).figures;
            for c in &f.claims {
                assert!(s.get(c.span.start..c.span.end).is_some());
            }
        }
    }

    #[test]
    fn undated_claims_without_any_date_keep_no_day() {
        let mut b = crate::bundle::Bundle::new();
        b.upsert("a", "a", 0, "Examplecorp shares rose 5% in Hong Kong.");
        b.upsert("b", "b", 0, "Examplecorp shares rose 9% in Hong Kong.");
        let scoped = scoped_claims(&b, &Config::default());
        assert_eq!(scoped.len(), 2);
        assert!(scoped.iter().all(|c| c.day.is_none()));
        assert!(!scoped[0].same_claim(&scoped[1], false));
        assert!(same_claims(&scoped, &scoped[0]).is_empty());
    }

    #[test]
    fn story_date_from_config() {
        let mut b = crate::bundle::Bundle::new();
        b.upsert("a", "a", 0, "Examplecorp shares rose 5% in Hong Kong.");
        b.upsert(
            "b",
            "b",
            0,
            "Examplecorp shares rose 5.2% in Hong Kong on Monday.",
        );
        let config = Config::parse("[bundle]\ndate = \"2025-09-24\"\n").unwrap_or_default();
        let scoped = scoped_claims(&b, &config);
        assert_eq!(
            scoped[0].day.map(|d| d.label()),
            Some("September 24, 2025".to_string())
        );
        let mut b3 = crate::bundle::Bundle::new();
        b3.upsert("c", "c", 0, "Examplecorp shares fell 2% this Wednesday.");
        let c3 = Config::parse("[bundle]\ndate = \"2025-09-26\"\n").unwrap_or_default();
        let this = scoped_claims(&b3, &c3);
        assert_eq!(
            this.first().and_then(|c| c.day).and_then(|d| d.day),
            Some(24)
        );
        // "Monday" before a Wednesday story date is September 22.
        assert_eq!(scoped[1].day.and_then(|d| d.day), Some(22));
        assert!(!scoped[0].same_claim(&scoped[1], false));
    }

    #[test]
    fn a_headline_is_not_the_first_paragraph() {
        let s = "Examplecorp Takes Early Lead in the Long Count Race\n\nEXAMPLETON, March 9 (Wire) — Examplecorp took a lead on Monday, March 9, as the long count went on.\n";
        assert_eq!(extract(s).figures.article_date.and_then(|d| d.day), Some(9));
        // Two paragraphs of running text before a dateline: no lead date.
        let t = "The count went on through the night in every region of the country.\n\nOfficials said the count of all the ballots would take a long time.\n\nEXAMPLETON, March 9 (Wire) — more.\n";
        assert_eq!(extract(t).figures.article_date, None);
    }

    #[test]
    fn a_name_with_whose_shares_is_a_subject() {
        let s = "Examplecorp shares fell 6% on Monday.\n\nIts rival Samplesoft Bikes, whose shares rose 1.5% on Monday, said little.\n";
        let f = extract(s).figures;
        let rival = f
            .claims
            .iter()
            .find(|c| c.value_text == "1.5%")
            .map(|c| c.subjects.clone());
        assert_eq!(rival, Some(vec!["Samplesoft Bikes".to_string()]));
        // Without "whose" the name is no subject of its own.
        let t = "Examplecorp shares fell 6% on Monday.\n\nSamplesoft Bikes, a rival, watched as the shares rose 1.5% on Monday.\n";
        let g = extract(t).figures;
        assert!(g
            .claims
            .iter()
            .filter(|c| c.value_text == "1.5%")
            .all(|c| c.subjects != vec!["Samplesoft Bikes".to_string()]));
    }

    #[test]
    fn seat_counts_need_their_subject_and_keep_their_stage() {
        let s = "Examplecorp Party leads.\n\nWith 94% of ballots counted on Tuesday, the Sample Party had won 58 seats, short of the 76 needed in the 150-seat chamber.\n";
        let f = extract(s).figures;
        let seats: Vec<&Claim> = f.claims.iter().filter(|c| c.measure == "seats").collect();
        assert_eq!(seats.len(), 1, "{seats:#?}");
        assert_eq!(seats[0].value_text, "58");
        assert_eq!(seats[0].session.as_deref(), Some("94% count"));
        // The stage carries to later sentences of the article.
        let t =
            "With 80% of the votes counted, the count went on.\n\nThe Sample Party had 52 seats.\n";
        let g = extract(t).figures;
        let c = g.claims.iter().find(|c| c.measure == "seats");
        assert_eq!(
            c.and_then(|c| c.session.clone()).as_deref(),
            Some("80% count")
        );
        // Another name between the subject and the count: not the subject's.
        let v = "The Sample Party won 57 seats, ahead of the Example Front with 41 seats.\n";
        let h: Vec<String> = extract(v)
            .figures
            .claims
            .iter()
            .filter(|c| c.measure == "seats")
            .map(|c| c.value_text.clone())
            .collect();
        assert_eq!(h, ["57"]);
        // Without a stage the count is read but never compared; "final
        // results" are a stage.
        let w = "The Sample Party won 57 seats.\n\nFinal results gave the Sample Party 57 seats, and the Sample Party won 57 seats.\n";
        let stages: Vec<(Option<String>, bool)> = extract(w)
            .figures
            .claims
            .iter()
            .filter(|c| c.measure == "seats")
            .map(|c| (c.session.clone(), c.compared))
            .collect();
        assert_eq!(stages.first(), Some(&(None, false)));
        assert_eq!(
            stages.last(),
            Some(&(Some("final count".to_string()), true))
        );
        // No subject written in the sentence: no claim.
        let u = "The Sample Party said it was pleased.\n\nIt had 40 seats.\n";
        assert!(extract(u)
            .figures
            .claims
            .iter()
            .all(|c| c.measure != "seats"));
        // "80% of analysts" is no stage of a count.
        let t = "80% of analysts agree";
        let hits = Hits::new(&VOCAB.catalog, t, t);
        assert_eq!(stage_of(t, &hits, &figs(t), Span::new(0, 21)), None);
    }

    #[test]
    fn a_sentence_about_an_earlier_year_is_not_the_day() {
        let mut b = crate::bundle::Bundle::new();
        b.upsert(
            "a",
            "a",
            0,
            "March 3, 2026\n\nAcme Corp shares rose 4% in New York on Tuesday.\n\nThe Sample Party won 41 seats.\n",
        );
        b.upsert(
            "b",
            "b",
            0,
            "March 3, 2026\n\nIn 2025, Acme Corp shares rose 12% in New York.\n\nThe Sample Party won 38 seats in the 2021 election.\n",
        );
        let scoped = scoped_claims(&b, &Config::default());
        let of = |v: &str| scoped.iter().find(|c| c.claim.value_text == v);
        let (Some(four), Some(twelve), Some(a41), Some(b38)) =
            (of("4%"), of("12%"), of("41"), of("38"))
        else {
            panic!("claims: {scoped:#?}");
        };
        assert!(twelve.claim.other_event, "{twelve:#?}");
        assert!(b38.claim.other_event, "{b38:#?}");
        assert!(!four.same_claim(twelve, false) && !a41.same_claim(b38, false));
        // The latest year the article names is no earlier year: "their
        // best day of 2026" and "in 2026" keep the article's day.
        let f = extract(
            "March 3, 2026\n\nAcme Corp shares rose 4% in New York, their best day in 2026.\n",
        )
        .figures;
        assert!(f.claims.iter().all(|c| !c.other_event), "{:#?}", f.claims);
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

    #[test]
    fn turnout_is_the_story_s_at_its_stage() {
        let s = "March 9, 2026\n\nWith 80% of ballots counted, turnout was 69.2%, the Sample Commission said.\n\nTurnout was 70% in 2021.\n";
        let f = extract(s).figures;
        let t: Vec<(&str, Option<&str>, bool)> = f
            .claims
            .iter()
            .filter(|c| c.measure == "turnout")
            .map(|c| (c.value_text.as_str(), c.session.as_deref(), c.other_event))
            .collect();
        assert_eq!(
            t,
            [
                ("69.2%", Some("80% count"), false),
                ("70%", Some("80% count"), true)
            ]
        );
        assert_eq!(f.claims[0].scope_label(None), "turnout, at the 80% count");
        // Without a stage of the count, turnout is read but never compared.
        let g = extract("Turnout was 69.2%.\n").figures;
        assert!(g.claims.iter().all(|c| !c.compared));
    }

    #[test]
    fn a_value_after_from_is_the_value_before() {
        let s = "The Centrist Alliance extended its lead on Tuesday.\n\nThe Alliance had 55 seats, up from 48 on Monday.\n";
        let f = extract(s).figures;
        let seats: Vec<&Claim> = f.claims.iter().filter(|c| c.measure == "seats").collect();
        assert_eq!(seats.len(), 1, "{seats:#?}");
        assert_eq!(seats[0].value_text, "55");
        // Monday belongs to the 48's clause, not to the 55.
        assert_eq!(seats[0].when, When::Article);
        // "the Alliance" is the article's "Centrist Alliance".
        assert!(seats[0]
            .subject_keys
            .contains(&"name:centrist alliance".to_string()));
        assert!(seats[0].subject_keys.contains(&"name:alliance".to_string()));
    }

    #[test]
    fn a_short_name_opening_a_sentence_is_no_alias() {
        let keys = |s: &str| -> Vec<Vec<String>> {
            extract(s)
                .figures
                .claims
                .iter()
                .filter(|c| c.value_text == "2%")
                .map(|c| c.subject_keys.clone())
                .collect()
        };
        // Opening a sentence, "Samplebank" may be a common word: no alias.
        assert_eq!(
            keys("Samplebank Holdings said so.\n\nSamplebank shares rose 2% on Monday.\n"),
            [["name:samplebank"]]
        );
        // In mid-sentence it is the article's longer name.
        assert_eq!(
            keys("Samplebank Holdings said so.\n\nOn Monday, Samplebank shares rose 2%.\n"),
            [["name:samplebank", "name:samplebank holdings"]]
        );
        // Two longer names end with the word: ambiguous, no alias.
        assert_eq!(
            keys("North Bank and South Bank said so.\n\nOn Monday, Bank shares rose 2%.\n"),
            [["name:bank"]]
        );
    }

    #[test]
    fn shares_of_something_and_respectively_are_not_moves() {
        for s in [
            "Examplecorp shares rose 5%, with 80% of analysts rating them a buy.",
            "Examplecorp and Samplesoft shares rose 5% and 7% respectively.",
            "Examplecorp shares rose 5% after it raised its dividend 10%.",
        ] {
            let f = extract(s).figures;
            let moves: Vec<&str> = f
                .claims
                .iter()
                .filter(|c| c.measure == "price-change" && !c.other_event)
                .map(|c| c.value_text.as_str())
                .collect();
            assert!(
                moves.len() <= 1 && moves.iter().all(|m| *m == "5%"),
                "{s}: {moves:?}"
            );
        }
        let f = extract("Shares of Examplecorp rose A$5 billion, or C$4 billion.").figures;
        assert_eq!(f.figures[0].unit, Unit::Money("AUD".into()));
        assert_eq!(f.figures[1].unit, Unit::Money("CAD".into()));
    }

    #[test]
    fn random_pieces_never_panic() {
        const PIECES: &[&str] = &[
            "1",
            "2,048",
            "6.35",
            "%",
            " per cent",
            "$",
            "US$",
            "HK$",
            "\u{a0}",
            " ",
            "bn",
            " billion",
            " yuan",
            "(",
            ")",
            "more than ",
            "almost ",
            "Sept.",
            " September ",
            "12",
            "Wednesday, ",
            "2025",
            ", ",
            ". ",
            "\n",
            "é",
            "—",
            "’s",
            "Examplecorp",
            " shares rose ",
            " since ",
            "highest since ",
            "magnitude ",
            "-",
            "€",
            "¥",
            "a trillion",
            " eight ",
            "quarters",
            "early ",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..400 {
            let n = rng.usize(1..40);
            let text: String = (0..n).map(|_| PIECES[rng.usize(..PIECES.len())]).collect();
            let facts = extract(&text);
            for c in &facts.figures.claims {
                assert!(text.get(c.span.start..c.span.end).is_some(), "{text:?}");
            }
            let mut b = crate::bundle::Bundle::new();
            b.upsert("x", "x", 0, &text);
            b.upsert(
                "y",
                "y",
                0,
                "Examplecorp shares rose 5% on September 12, 2025.",
            );
            let _ = scoped_claims(&b, &Config::default());
        }
    }

    #[test]
    fn hover_shows_reading_and_the_other_side() {
        let mut b = crate::bundle::Bundle::new();
        let a = b.upsert(
            "a",
            "a.txt",
            0,
            "Examplecorp shares rose 6.35% in Hong Kong on May 5, 2025.",
        );
        b.upsert(
            "b",
            "b.txt",
            0,
            "Examplecorp shares jumped more than 7% in Hong Kong on May 5, 2025.",
        );
        let h = hover_markdown(&b, &Config::default(), a, 26).unwrap_or_default();
        assert!(
            h.contains("Examplecorp shares, Hong Kong, May 5, 2025"),
            "{h}"
        );
        assert!(h.contains("'more than 7%' in b.txt:1 (disagrees)"), "{h}");
        assert!(hover_markdown(&b, &Config::default(), a, 2).is_none());
    }

    /// The price and record claims of `s` as (figure, subjects).
    fn moves(s: &str) -> Vec<(String, Vec<String>)> {
        extract(s)
            .figures
            .claims
            .iter()
            .filter(|c| {
                ["price-change", "ytd-gain", "highest-since", "lowest-since"]
                    .contains(&c.measure.as_str())
            })
            .map(|c| (c.value_text.clone(), c.subjects.clone()))
            .collect()
    }

    #[test]
    fn a_clause_s_own_subject_that_is_no_company_keeps_the_company_out() {
        for (s, figure) in [
            (
                "Examplecorp shares rose 3%. Examplecorp’s bonds due 2030 traded at 92 cents on the dollar, while the benchmark index slipped 1.34%.",
                "1.34%",
            ),
            ("Examplecorp rose 2%, while the benchmark index fell 0.5%.", "0.5%"),
            ("Examplecorp shares rose 2% on Monday, whereas the broader market fell 1%.", "1%"),
            ("Examplecorp shares rose 2%, and the sector gained 1.1%.", "1.1%"),
            ("Examplecorp shares rose 2% as its rivals slid 3%.", "3%"),
            ("Examplecorp shares rose 2%, beating the index, which fell 0.4%.", "0.4%"),
            ("Examplecorp shares rose 2%, while the stock market fell 0.7%.", "0.7%"),
            ("Examplecorp shares rose 2%, while the sector's shares fell 0.7%.", "0.7%"),
            // A subject carried from the sentence before is no better.
            ("Examplecorp shares rose 2% on Monday. The index fell 0.7%.", "0.7%"),
            (
                "Examplecorp shares rose 2%, while the index hit its highest since 2020.",
                "highest since 2020",
            ),
        ] {
            let got = moves(s);
            assert!(got.iter().all(|(f, _)| f != figure), "{s}: {got:?}");
            assert!(
                got.iter().any(|(_, subj)| subj == &["Examplecorp"]),
                "{s}: {got:?}"
            );
        }
    }

    #[test]
    fn a_company_s_own_moves_stay_its_beside_another_subject() {
        let one = |s: &str, figure: &str| -> Vec<String> {
            moves(s)
                .into_iter()
                .filter(|(f, _)| f == figure)
                .flat_map(|(_, subj)| subj)
                .collect()
        };
        let acme = vec!["Examplecorp".to_string()];
        let s = "Examplecorp shares rose 4%, while Samplesoft fell 2%.";
        assert_eq!(one(s, "4%"), acme);
        assert_eq!(one(s, "2%"), vec!["Samplesoft".to_string()]);
        // A named index is read apart, or as its own subject, not as the
        // company.
        let s = "Examplecorp rose 4% while the Nasdaq gained 1%.";
        assert_eq!(one(s, "4%"), acme);
        assert!(one(s, "1%").is_empty());
        let s = "Examplecorp shares rose 2%, while the Hang Seng index fell 0.7%.";
        assert_eq!(one(s, "0.7%"), vec!["Hang Seng Index".to_string()]);
        // Not read as a move (no price noun in the figure's clause), and
        // never another subject's.
        let s = "Examplecorp's stock, which rose 4% on Monday, led the index higher.";
        assert!(one(s, "4%").iter().all(|x| x == "Examplecorp"), "{s}");
        for s in [
            "Shares of Examplecorp, which makes chips, rose 4%.",
            "Examplecorp rose 4%, its best day since March.",
            "Examplecorp rose 4%, outpacing the benchmark index.",
            "Examplecorp shares rose 4% as the index added the stock.",
            "Its rival Examplecorp, whose shares rose 4%, said little.",
            "Examplecorp shares rose 2% on Monday and the stock gained 4% on Tuesday.",
            "Examplecorp reported results on Monday. The company's shares rose 4%.",
        ] {
            assert_eq!(one(s, "4%"), acme, "{s}");
        }
        // A record after the move of its own subject stays its.
        let s =
            "Examplecorp's stock rose close to 13% in Hong Kong to its highest since October 2024.";
        assert_eq!(one(s, "highest since October 2024"), acme);
    }
}
