//! Figures, dates and claims: what one article states with numbers.
//!
//! Owns the reading of percentages ("6.15 per cent"), money with its
//! currency and scale ("US$3.2bn", "380 billion yuan"), counts, magnitudes,
//! approximators that turn a value into a [`Range`] ("more than 7%"), dates
//! ("Sept. 11", "12 September", "Wednesday, September 24", "early 2025"),
//! conversions written in brackets ("1 billion yuan ($140 million)"), and
//! the [`Claim`]s built from them. The vocabulary lives in
//! `server/data/figures.toml`.
//!
//! The parts: `vocab` (the data file, read once), `catalog` (its phrase
//! lists, found in an article in one pass), `numbers` (figures, units,
//! currencies, conversions), `dates` (dates, day words and the time a
//! sentence sets), `subjects` (who a figure is about), `clauses` (the
//! clauses of a sentence, stages of a count), `context` (each figure's
//! scope, for its open frame), `extraction` (the reading of an article and
//! each figure's scope) with `moves` (the claims of a percentage) and
//! `tallies` (of an amount, a count or a number).
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
//!   `name:<lower-case name>` for other names and `event:<word>` for events.
//! - [`resolve_when`] and [`resolve_when_anchored`] give the day a claim's
//!   [`When`] means from its article's date; [`month_name`] and
//!   [`weekday_name`] spell months and weekdays as labels write them.
//!
//! Placing the claims of a whole bundle in time and pairing them is the
//! claims layer's (`claims::scoped`, `claims::dates`), never this module's.

mod catalog;
mod clauses;
mod context;
mod dates;
mod extraction;
mod moves;
mod numbers;
mod subjects;
mod tallies;
mod vocab;

use crate::extract::frames;
use crate::types::Span;

pub use dates::{resolve_when, resolve_when_anchored, DateMention, SimpleDate, When};
pub use extraction::extract_figures;
pub use numbers::{Approx, Conversion, Figure, Range, Unit};
pub use vocab::{month_name, weekday_name};

use vocab::VOCAB;

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

    /// How far apart, relative to their size, two values of this claim may
    /// lie and still agree: the vocabulary's `ytd_tolerance` for a gain
    /// this year, else none.
    pub fn tolerance(&self) -> f64 {
        if self.measure == "ytd-gain" {
            VOCAB.ytd_tolerance
        } else {
            0.0
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
