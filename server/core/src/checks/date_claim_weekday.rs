//! `date-claim-weekday`: one claim placed on two weekdays. Two articles
//! state the same figure of the same thing, each sentence naming one day,
//! and the days differ ("Examplecorp on Tuesday announced 1,300 job cuts"
//! here, "1,300 jobs will be cut on Wednesday" there). The alignment is the
//! figures' ([`crate::claims::align::weekdays`]); a statement is reported
//! when no fewer other articles place the claim on another day than on its
//! own, and the claim is placed on two weekdays only (on three or more it
//! is no one event: a weekly figure).

use std::collections::BTreeSet;

use crate::checks::{Check, CheckContext, Scope};
use crate::claims::align::weekdays::{claims_on_other_weekdays, weekday_picks, WeekdayPicks};
use crate::extract::figures::weekday_name;
use crate::types::{DocId, Finding, Location, Related, RuleInfo, Severity};

pub struct DateClaimWeekday;

static INFO: RuleInfo = RuleInfo {
    id: "date-claim-weekday",
    default_severity: Severity::Warning,
    summary: "The same claim is placed on different weekdays in two articles.",
    flags: &[
        "'Examplecorp on Tuesday said it would cut 1,300 jobs' here and 'Examplecorp said on Wednesday it would cut 1,300 jobs' there",
    ],
    passes: &[
        "the same figure on two days in one sentence (announced on Tuesday, in force on Friday)",
        "a figure that moves (a share price on Monday and on Tuesday)",
        "more articles placing the claim on this statement's day than on another",
        "a figure placed on three weekdays or more (a weekly figure)",
    ],
};

impl Check for DateClaimWeekday {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let day = |w: u32| weekday_name(w).unwrap_or("another day");
        // One finding a sentence: its figures are placed on one day.
        let mut done: BTreeSet<(DocId, usize)> = BTreeSet::new();
        // What each article gives, read once per version of it (the
        // memo), not at every analysis.
        let docs = cx.documents();
        let picks = cx
            .memo
            .per_document("date-claim-weekday", docs, weekday_picks);
        let picks: Vec<&WeekdayPicks> = picks.iter().map(|p| &**p).collect();
        for c in claims_on_other_weekdays(docs, &picks) {
            if !done.insert((c.me.doc, c.me.sentence.start)) {
                continue;
            }
            // The articles behind this day (this one too) and behind
            // others; a claim placed on three weekdays or more is not one
            // event (a weekly figure, a template).
            if c.against < 1 + c.support || c.weekdays.count_ones() > 2 {
                continue;
            }
            let Some(doc) = cx.bundle.get(c.me.doc) else {
                continue;
            };
            let here = Location {
                doc: c.me.doc,
                span: c.me.span,
            };
            // The other days, each with where it is written.
            let mut by_day: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
            let mut related = Vec::new();
            for o in c.other.iter().take(6) {
                let loc = Location {
                    doc: o.doc,
                    span: o.span,
                };
                by_day
                    .entry(o.weekday)
                    .or_default()
                    .push(cx.bundle.cite(loc));
                related.push(Related {
                    location: loc,
                    message: format!("the same claim, placed on {}", day(o.weekday)),
                });
            }
            let parts: Vec<String> = by_day
                .iter()
                .map(|(w, at)| format!("on {} in {}", day(*w), at.join(" and ")))
                .collect();
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                location: here,
                message: format!(
                    "'{}' placed on {} here; {}",
                    doc.slice(c.me.span),
                    day(c.me.weekday),
                    parts.join("; ")
                ),
                related,
                fixes: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["date-claim-weekday"];

    #[test]
    fn one_announcement_on_two_weekdays() {
        check_rules(
            r#"
//- a.txt
Examplecorp trims its cloud division
Examplecorp on Tuesday announced that it will cut about 1,300 jobs across its cloud division.
//- b.txt
Examplecorp cuts cloud jobs
Examplecorp announced on Wednesday that it will cut about 1,300 jobs across its cloud division.
                                                    ^^^^^^^^^^^ date-claim-weekday: 'about 1,300' placed on Wednesday here; on Tuesday in a.txt:2 and c.txt:2
//- c.txt
Cloud jobs go at Examplecorp
On Tuesday, Examplecorp announced that it will cut about 1,300 jobs across its cloud division.
"#,
            RULE,
        );
    }

    #[test]
    fn a_claim_on_three_weekdays_is_no_one_event() {
        check_rules(
            r#"
//- a.txt
Examplecorp reports
On Monday, Examplecorp reported weekly sales of 29 billion euros in its cloud division.
//- b.txt
Examplecorp reports
On Tuesday, Examplecorp reported weekly sales of 29 billion euros in its cloud division.
//- c.txt
Examplecorp reports
On Friday, Examplecorp reported weekly sales of 29 billion euros in its cloud division.
"#,
            RULE,
        );
    }

    #[test]
    fn two_days_in_one_sentence_or_two_values_pass() {
        check_rules(
            r#"
//- a.txt
Examplecorp trims its cloud division
Examplecorp on Tuesday announced that it will cut about 1,300 jobs across its cloud division.
//- b.txt
Examplecorp cuts cloud jobs
Examplecorp announced on Tuesday that it will cut about 1,300 jobs across its cloud division from Friday.
//- c.txt
Cloud jobs go at Examplecorp
Examplecorp announced on Wednesday that it will cut about 900 jobs across its cloud division.
"#,
            RULE,
        );
    }
}
