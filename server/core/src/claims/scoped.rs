//! The claims of a bundle placed in time: each claim with the day it is
//! about (the date in its sentence, else its article's date, else the day
//! its article's other claims agree with), and whether two claims are the
//! same claim ([`ScopedClaim::same_claim`]) and then disagree
//! ([`ScopedClaim::conflicts`]).

use std::collections::{BTreeMap, HashMap};

use crate::bundle::Bundle;
use crate::claims::dates::{article_dates, weekday_anchor};
use crate::config::Config;
use crate::extract::figures::{resolve_when_anchored, Claim, ClaimValue, Range, SimpleDate, When};
use crate::types::DocId;

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
                let tol = self.claim.tolerance();
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

    #[test]
    fn undated_claims_without_any_date_keep_no_day() {
        let mut b = Bundle::new();
        b.upsert("a", "a", 0, "Examplecorp shares rose 5% in Hong Kong.");
        b.upsert("b", "b", 0, "Examplecorp shares rose 9% in Hong Kong.");
        let scoped = scoped_claims(&b, &Config::default());
        assert_eq!(scoped.len(), 2);
        assert!(scoped.iter().all(|c| c.day.is_none()));
        assert!(!scoped[0].same_claim(&scoped[1], false));
    }

    #[test]
    fn story_date_from_config() {
        let mut b = Bundle::new();
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
        let mut b3 = Bundle::new();
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
    fn a_sentence_about_an_earlier_year_is_not_the_day() {
        let mut b = Bundle::new();
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
    fn random_pieces_never_panic() {
        const PIECES: &[&str] = &[
            "1",
            "2,048",
            "6.15",
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
            let mut b = Bundle::new();
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
}
