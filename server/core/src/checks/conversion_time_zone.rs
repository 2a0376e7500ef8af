//! `conversion-time-zone`: a clock time converted to GMT or UTC in
//! brackets ("23:11 local time (00:11 GMT)") at an offset that the
//! bundle's other conversions of the same local time contradict ("11:11
//! pm (2211 GMT)" twice elsewhere: local time is GMT+1, not GMT-1).
//!
//! Owns reading a clock time and its bracketed conversion: the local time
//! ("23:11", "11:11 pm", "11 p.m.", "0830"), an optional zone after it
//! ("local time", "ET": conversions are compared within one such zone),
//! and in the brackets the time in GMT or UTC. Each conversion gives an
//! offset; one is reported when more other articles state another offset,
//! at least an hour apart (a rounded time is no other zone), than its own.

use std::collections::{BTreeMap, BTreeSet};

use crate::checks::{Check, CheckContext, Scope};
use crate::types::{DocId, Finding, Location, Related, RuleInfo, Severity, Span};

pub struct ConversionTimeZone;

static INFO: RuleInfo = RuleInfo {
    id: "conversion-time-zone",
    default_severity: Severity::Warning,
    summary: "A clock time converted to GMT or UTC at an offset the bundle's other conversions contradict.",
    flags: &[
        "'23:11 local time (00:11 GMT)' here and '11:11 pm (2211 GMT)' in two other articles",
    ],
    passes: &[
        "'just after 11 p.m. (2200 GMT)' beside '11:11 pm (2211 GMT)': the same offset",
        "'9 a.m. ET (1400 GMT)' beside '3 p.m. CET (1400 GMT)': other zones",
    ],
};

/// Minutes in a day.
const DAY: i32 = 24 * 60;
/// Two offsets closer than this are one zone, rounded.
const SAME_ZONE: i32 = 60;

/// One conversion: where it is written, the zone of the local time ("" for
/// "local time" or none) and the offset of GMT from it, in minutes
/// (−720 to 720).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Converted {
    span: Span,
    zone: String,
    offset: i32,
}

/// Minutes past midnight of a clock time written as `digits` ("23:11",
/// "11", "2211", "0830") with an optional "am"/"pm".
fn minutes(digits: &str, half: Option<bool>) -> Option<i32> {
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if digits.len() == 4 => (
            digits.get(..2)?.parse::<i32>().ok()?,
            digits.get(2..)?.parse::<i32>().ok()?,
        ),
        None if digits.len() <= 2 && half.is_some() => (digits.parse::<i32>().ok()?, 0),
        None => return None,
    };
    if !(0..60).contains(&m) {
        return None;
    }
    let h = match half {
        Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if (0..24).contains(&h) => h,
        None => return None,
    };
    Some(h * 60 + m)
}

/// "am"/"pm" at the end of `s` ("11 p.m", "11:11 pm"): whether it is pm,
/// and `s` without it.
fn half_of(s: &str) -> (Option<bool>, &str) {
    let lower = s.to_ascii_lowercase();
    for (mark, pm) in [
        ("a.m.", false),
        ("p.m.", true),
        ("a.m", false),
        ("p.m", true),
        ("am", false),
        ("pm", true),
    ] {
        if lower.ends_with(mark) {
            let rest = &s[..s.len() - mark.len()];
            // "11:11pm" or "11 pm", not the end of a word ("program").
            if rest.ends_with(|c: char| c.is_ascii_digit() || c == ' ') {
                return (Some(pm), rest.trim_end());
            }
        }
    }
    (None, s)
}

/// The conversions of one article's text.
fn conversions(text: &str) -> Vec<Converted> {
    let mut out = Vec::new();
    for (open, _) in text.match_indices('(') {
        let Some(inside) = text.get(open + 1..) else {
            continue;
        };
        // In the brackets: a time, then GMT or UTC.
        let inner = inside.trim_start();
        let digits_end = inner
            .find(|c: char| !(c.is_ascii_digit() || c == ':'))
            .unwrap_or(inner.len());
        let (zone_digits, rest) = inner.split_at(digits_end);
        let rest = rest.trim_start();
        let utc = rest.len() >= 3
            && rest.is_char_boundary(3)
            && (rest[..3].eq_ignore_ascii_case("gmt") || rest[..3].eq_ignore_ascii_case("utc"))
            && !rest[3..].starts_with(|c: char| c.is_alphanumeric());
        if !utc {
            continue;
        }
        let Some(zone_time) = minutes(zone_digits, None) else {
            continue;
        };
        // Before the brackets: the local time, its "am"/"pm" and zone.
        let mut from = open.saturating_sub(40);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let before = text.get(from..open).unwrap_or("").trim_end();
        let (before, zone) = local_zone(before);
        let (half, before) = half_of(before);
        // The digits and colons that end it (ASCII: one byte each).
        let digits = before
            .bytes()
            .rev()
            .take_while(|b| b.is_ascii_digit() || *b == b':')
            .count();
        let start = before.len() - digits;
        let local_digits = before.get(start..).unwrap_or("");
        if local_digits.is_empty() {
            continue;
        }
        let Some(local) = minutes(local_digits, half) else {
            continue;
        };
        // Past "GMT": `rest` lies within `text`.
        let end = rest.as_ptr() as usize - text.as_ptr() as usize + 3;
        let offset = (zone_time - local).rem_euclid(DAY);
        let offset = if offset > DAY / 2 {
            offset - DAY
        } else {
            offset
        };
        out.push(Converted {
            span: Span::new(from + start, end.min(text.len())),
            zone,
            offset,
        });
    }
    out
}

/// `before` without a zone word after its time ("local time", "ET"), and
/// that zone in lower case ("" for local time or none).
fn local_zone(before: &str) -> (&str, String) {
    let lower = before.to_ascii_lowercase();
    if lower.ends_with("local time") {
        return (
            before[..before.len() - "local time".len()].trim_end(),
            String::new(),
        );
    }
    for z in crate::text::time_zones() {
        let z = z.trim();
        if z.is_empty() || z == "local time" {
            continue;
        }
        if lower.ends_with(z)
            && lower[..lower.len() - z.len()].ends_with(|c: char| c == ' ' || c.is_ascii_digit())
        {
            return (before[..before.len() - z.len()].trim_end(), z.to_string());
        }
    }
    (before, String::new())
}

/// "UTC+1", "UTC−5:30": the zone a local time is in, given the offset of
/// GMT from it.
fn utc_label(offset: i32) -> String {
    let local = -offset;
    let sign = if local < 0 { '−' } else { '+' };
    let (h, m) = (local.abs() / 60, local.abs() % 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

impl Check for ConversionTimeZone {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        // Every conversion of the bundle, by the zone of its local time;
        // each article read once per version of its text (the memo), not
        // at every analysis.
        let docs = cx.documents();
        let read = cx
            .memo
            .per_document("conversion-time-zone", docs, |d| conversions(&d.text));
        let mut by_zone: BTreeMap<String, Vec<(DocId, Converted)>> = BTreeMap::new();
        for (d, found) in docs.iter().zip(&read) {
            for c in found.iter() {
                by_zone
                    .entry(c.zone.clone())
                    .or_default()
                    .push((d.id, c.clone()));
            }
        }
        for all in by_zone.values() {
            for (doc, c) in all {
                let near = |o: i32| (o - c.offset).abs() < SAME_ZONE;
                let support: BTreeSet<DocId> = all
                    .iter()
                    .filter(|(d, o)| d != doc && near(o.offset))
                    .map(|(d, _)| *d)
                    .collect();
                let against: Vec<&(DocId, Converted)> = all
                    .iter()
                    .filter(|(d, o)| d != doc && !near(o.offset))
                    .collect();
                let against_docs: BTreeSet<DocId> = against.iter().map(|(d, _)| *d).collect();
                if against_docs.len() < 2 || against_docs.len() <= support.len() {
                    continue;
                }
                let Some(d) = cx.bundle.get(*doc) else {
                    continue;
                };
                let here = Location {
                    doc: *doc,
                    span: c.span,
                };
                let related: Vec<Related> = against
                    .iter()
                    .take(4)
                    .map(|(od, o)| Related {
                        location: Location {
                            doc: *od,
                            span: o.span,
                        },
                        message: format!("local time is {} here", utc_label(o.offset)),
                    })
                    .collect();
                let cites: Vec<String> =
                    related.iter().map(|r| cx.bundle.cite(r.location)).collect();
                let other = against.first().map_or(0, |(_, o)| o.offset);
                out.push(Finding {
                    rule: INFO.id,
                    severity: INFO.default_severity,
                    location: here,
                    message: format!(
                        "'{}' puts local time at {}; {} other articles put it at {} ({})",
                        d.slice(c.span),
                        utc_label(c.offset),
                        against_docs.len(),
                        utc_label(other),
                        cites.join(", ")
                    ),
                    related,
                    fixes: Vec::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["conversion-time-zone"];

    #[test]
    fn clock_times_and_their_conversions_are_read() {
        let c = conversions("It struck at 23:11 local time (00:11 GMT Saturday).");
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].offset, c[0].zone.as_str()), (60, ""));
        let c = conversions("It struck at 11:11 pm (2211 GMT) Friday.");
        assert_eq!(c[0].offset, -60);
        let c = conversions("just after 11 p.m. (2200 GMT).");
        assert_eq!(c[0].offset, -60);
        let c = conversions("opens at 9 a.m. ET (1400 GMT).");
        assert_eq!((c[0].offset, c[0].zone.as_str()), (300, "et"));
        assert!(conversions("about 70 km (40 miles) away").is_empty());
        // Other letters next to the times are read around, never split.
        let c = conversions("à 23:11 (2211 GMT) é");
        assert_eq!(c.first().map(|c| c.offset), Some(-60));
        assert!(conversions("à 11—(2211 GMT) é").is_empty());
        assert!(conversions("—(2211 GMT").is_empty());
        assert!(conversions("in 2023 (GMT data)").is_empty());
        assert_eq!(utc_label(-60), "UTC+1");
        assert_eq!(utc_label(300), "UTC−5");
    }

    #[test]
    fn a_conversion_that_two_others_contradict() {
        check_rules(
            r#"
//- a.txt
The quake struck at 23:11 local time (00:11 GMT Saturday), the institute said.
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-time-zone: '23:11 local time (00:11 GMT' puts local time at UTC−1; 2 other articles put it at UTC+1 (b.txt:1, c.txt:1)
//- b.txt
The quake struck at 11:11 pm (2211 GMT) on Friday.
//- c.txt
The quake struck just after 11 p.m. (2200 GMT).
"#,
            RULE,
        );
    }

    #[test]
    fn one_against_one_or_other_zones_pass() {
        check_rules(
            r#"
//- a.txt
The quake struck at 23:11 local time (00:11 GMT Saturday).
//- b.txt
The quake struck at 11:11 pm (2211 GMT) on Friday.
//- c.txt
Markets open at 9 a.m. ET (1400 GMT) and at 3 p.m. CET (1400 GMT).
"#,
            RULE,
        );
    }
}
