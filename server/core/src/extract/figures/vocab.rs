//! The vocabulary of figures: `server/data/figures.toml`, read once into
//! [`VOCAB`], with its phrase lists registered in one [`Catalog`].

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

use super::catalog::{Catalog, Pairs, Words};
use super::numbers::Approx;

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
    /// Phrases that forecast the event itself ("expected to").
    #[serde(default)]
    forecast: Vec<String>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FigKind {
    Percent,
    Money,
    Count,
    Number,
}

pub(super) struct Measure {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) kind: FigKind,
    pub(super) timed: bool,
    pub(super) compare: bool,
    /// Counted about a named subject written in the sentence.
    pub(super) named_subject: bool,
    /// A percentage about the story itself (an election's turnout): its
    /// subject is the measure, whatever the sentence names.
    pub(super) story_subject: bool,
    pub(super) staged: bool,
    pub(super) level: bool,
    pub(super) triggers: Words,
}

pub(super) struct Vocab {
    pub(super) approx: Vec<(String, Approx)>,
    pub(super) numbers: Vec<(String, f64)>,
    pub(super) scales: Vec<(String, f64)>,
    pub(super) percent: Vec<String>,
    pub(super) cur_before: Vec<(String, String)>,
    pub(super) cur_after: Vec<(String, String)>,
    pub(super) rise: Words,
    pub(super) fall: Words,
    pub(super) price_nouns: Words,
    pub(super) subject_nouns: Vec<String>,
    pub(super) subject_verbs: Vec<String>,
    /// Words that open a relative clause ("which", "whose").
    pub(super) relative: Vec<String>,
    /// Heads of a clause's own subject that is no company ("the
    /// benchmark index", "its rivals").
    pub(super) other_subjects: Words,
    pub(super) price_not: Words,
    pub(super) ytd: Words,
    pub(super) ytd_tolerance: f64,
    pub(super) other_period: Words,
    /// What `RawPeriods::bound` lists, lower case.
    pub(super) bound_period: HashSet<String>,
    pub(super) record: Words,
    /// "since" alone, for a change over a longer time.
    pub(super) since: Words,
    pub(super) measures: Vec<Measure>,
    pub(super) events: Pairs<String>,
    /// Words after `<N>% of the ballots` that make it a stage of a count.
    pub(super) count_stage: Vec<String>,
    /// Phrases of a complete count ("final results").
    pub(super) final_count: Words,
    /// Words before a year that make it the time of a figure ("in 2025").
    pub(super) period_lead: Vec<String>,
    pub(super) markets: Pairs<String>,
    pub(super) sessions: Pairs<String>,
    /// Session words that say it only in the figure's own clause
    /// ("closed", "opening": "opening a legal fight" is no session).
    pub(super) sessions_clause: Pairs<String>,
    pub(super) other_event: Words,
    /// Of every figure of the sentence ("respectively": a list of
    /// figures of as many subjects).
    pub(super) other_event_sentence: Words,
    /// Phrases of `other_event` that forecast the event itself ("expected
    /// to"): a duration they time is that event's plan.
    pub(super) forecast: HashSet<String>,
    pub(super) today: Words,
    pub(super) yesterday: Words,
    pub(super) months: Vec<(String, u32)>,
    pub(super) weekdays: Vec<(String, u32)>,
    /// The full name of each month, January first, capitalised.
    month_names: Vec<String>,
    /// The full name of each weekday, Monday first, capitalised.
    weekday_names: Vec<String>,
    /// Nouns a count of people may count.
    pub(super) count_nouns: Vec<String>,
    /// Every phrase list above that is asked about spans.
    pub(super) catalog: Catalog,
}

/// The first bytes (ASCII-lower-cased) that the words of a list start
/// with: a word that starts with none of them is none of the list, told
/// without reading the list (most words of a text are no month and no
/// weekday).
pub(super) struct FirstBytes([bool; 256]);

impl FirstBytes {
    pub(super) fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> FirstBytes {
        let mut table = [false; 256];
        for w in words {
            match w.as_bytes().first() {
                Some(b) => table[usize::from(b.to_ascii_lowercase())] = true,
                // An empty word starts every word.
                None => return FirstBytes([true; 256]),
            }
        }
        FirstBytes(table)
    }

    /// Whether a word of the list may start with `b` (in any ASCII case).
    pub(super) fn may_start(&self, b: u8) -> bool {
        self.0[usize::from(b.to_ascii_lowercase())]
    }
}

fn lower_all(v: Vec<String>) -> Vec<String> {
    v.into_iter().map(|s| s.to_ascii_lowercase()).collect()
}

fn longest_first<T>(v: &mut [(String, T)]) {
    v.sort_by_key(|x| std::cmp::Reverse(x.0.len()));
}

pub(super) static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let raw: RawVocab = match toml::from_str(include_str!("../../../../data/figures.toml")) {
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
    // The first spelling of each month and weekday is its full name.
    let names = |v: &[Vec<String>]| -> Vec<String> {
        v.iter()
            .map(|ws| {
                let w = ws.first().map(String::as_str).unwrap_or_default();
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            })
            .collect()
    };
    let month_names = names(&raw.months);
    let weekday_names = names(&raw.weekdays);
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
        forecast: lower_all(raw.other_event.forecast).into_iter().collect(),
        other_event: Words::new(&mut catalog, lower_all(raw.other_event.phrases)),
        today: Words::new(&mut catalog, lower_all(raw.relative_days.today)),
        yesterday: Words::new(&mut catalog, lower_all(raw.relative_days.yesterday)),
        months: indexed(raw.months),
        weekdays: indexed(raw.weekdays),
        month_names,
        weekday_names,
        count_nouns: lower_all(raw.count_nouns),
        catalog: catalog.build(),
    }
});

/// The name of `month` (1 = January) as a label writes it: "September".
pub fn month_name(month: u32) -> Option<&'static str> {
    VOCAB
        .month_names
        .get(month.saturating_sub(1) as usize)
        .map(String::as_str)
}

/// The name of `weekday` (0 = Monday) as a finding writes it: "Wednesday".
pub fn weekday_name(weekday: u32) -> Option<&'static str> {
    VOCAB
        .weekday_names
        .get(weekday as usize)
        .map(String::as_str)
}

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
        forecast: HashSet::new(),
        today: Words::default(),
        yesterday: Words::default(),
        months: vec![],
        weekdays: vec![],
        month_names: vec![],
        weekday_names: vec![],
        count_nouns: vec![],
        catalog: Catalog::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_tell_which_words_may_be_listed() {
        let months = FirstBytes::of(["january", "May"]);
        assert!(months.may_start(b'j') && months.may_start(b'J') && months.may_start(b'm'));
        assert!(!months.may_start(b'x') && !months.may_start(b'1'));
        // An empty word starts every word.
        assert!(FirstBytes::of(["", "may"]).may_start(b'x'));
    }

    #[test]
    fn vocabulary_parses() {
        let raw: Result<RawVocab, _> =
            toml::from_str(include_str!("../../../../data/figures.toml"));
        assert!(raw.is_ok(), "{:?}", raw.err());
        assert!(!VOCAB.approx.is_empty() && !VOCAB.months.is_empty());
    }

    #[test]
    fn month_and_weekday_names_are_their_full_names_capitalised() {
        let months: Vec<&str> = (1..=12).filter_map(month_name).collect();
        assert_eq!(
            months,
            [
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
                "December"
            ]
        );
        let days: Vec<&str> = (0..7).filter_map(weekday_name).collect();
        assert_eq!(
            days,
            [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday"
            ]
        );
        assert_eq!((month_name(13), weekday_name(7)), (None, None));
    }
}
