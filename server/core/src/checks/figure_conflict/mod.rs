//! `figure-conflict`: the same claim (subject, measure, market, session and
//! day) stated with figures that cannot both be true in two articles.
//!
//! Owns the pairing of the claims that `extract::figures` reads and places
//! in time ([`scoped_claims`]); each conflicting claim is flagged once, with
//! related locations at the other side(s). Claims of different days, of
//! another event, of an unknown day (for measures that change over time)
//! or of an ambiguous market or session are never paired.
//!
//! Two paths, one finding per place: this module pairs the claims of the
//! measures that `server/data/figures.toml` lists (moves, records, tolls,
//! seats), bucketed by subject and measure; [`open`] aligns every other
//! figure as an open claim frame and reports where the first path found
//! nothing.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::bundle::Document;
use crate::checks::{Check, CheckContext, Scope};
use crate::claims::scoped::{scoped_claims, ScopedClaim};
use crate::extract::figures::{ClaimValue, SimpleDate};
use crate::memo::{Grouping, Member, Value};
use crate::types::{DocId, Finding, Location, Related, RuleInfo, Severity, Span};

mod open;

pub struct FigureConflict;

static INFO: RuleInfo = RuleInfo {
    id: "figure-conflict",
    default_severity: Severity::Warning,
    summary: "The same claim (subject, measure, market, day) is stated with incompatible figures in two articles.",
    flags: &[
        "'Acme shares rose 6.3% on Monday' here and 'Acme shares jumped more than 7% on Monday' there",
        "'Acme at its highest since March 2023' here and 'since June 2024' there, on the same day",
        "'a magnitude 6.8 earthquake' here and 'a magnitude 6.3 quake' there",
    ],
    passes: &[
        "'rose 4%' in a headline and 'rose 4.27%' in the text: rounding",
        "'62%' and 'over 60%' this year: the ranges overlap",
        "'rose 5% on Monday' and 'rose 9% on Wednesday': another day",
        "'rose 3% at the open' and 'closed up 1%': another session",
        "'Acme rose 13%' and 'Bolt rose 13%': another subject",
        "'had then jumped 13% following its results': another event",
    ],
};

impl Check for FigureConflict {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    /// Every figure placed and aligned.
    fn cost(&self) -> u32 {
        10
    }

    fn spreads(&self) -> bool {
        true
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let claims = scoped_claims(cx.bundle, cx.config);
        let docs = cx.documents();
        // The claims of each article: `scoped_claims` lists them in bundle
        // order, article by article.
        let mut per_doc: Vec<&[ScopedClaim<'_>]> = Vec::with_capacity(docs.len());
        let mut at = 0;
        for d in docs {
            let n = claims[at..].iter().take_while(|c| c.doc == d.id).count();
            per_doc.push(&claims[at..at + n]);
            at += n;
        }
        let days: HashMap<DocId, Vec<Option<SimpleDate>>> = docs
            .iter()
            .zip(&per_doc)
            .map(|(d, cs)| (d.id, cs.iter().map(|c| c.day).collect()))
            .collect();
        let grouping = Buckets {
            days,
            claims: std::marker::PhantomData,
        };
        let buckets = cx
            .memo
            .grouped("figure-conflict/buckets", &grouping, docs, &per_doc);
        // The findings follow from the pairs alone (and the claims and
        // articles they name, which re-pair their buckets when they
        // change): the same buckets as last time give the same findings.
        let inputs: Vec<Value> = buckets.iter().cloned().map(|b| b as Value).collect();
        let found = cx.memo.derived("figure-conflict/findings", inputs, || {
            let mut out = Vec::new();
            report(cx, &buckets, &per_doc, &mut out);
            out
        });
        out.extend(found.iter().cloned());
        // Every other figure, read as an open claim and aligned by what it
        // measures: its findings where the listed measures found none.
        let mut taken: HashMap<DocId, Vec<Span>> = HashMap::new();
        for f in found.iter() {
            let l = f.location;
            taken.entry(l.doc).or_default().push(l.span);
        }
        open::open_frames(cx, &taken, out);
    }
}

/// One finding per disagreeing statement, placed on the outlier: the
/// claims that conflict form groups; a group's claims fall into classes of
/// values that agree; the class that fewer articles state is flagged
/// against the others (both on a tie). A group over three or more
/// incompatible values is a series (a toll that rises through the day),
/// not a conflict: one finding, information at most.
fn report(
    cx: &CheckContext<'_>,
    buckets: &[Arc<Vec<(Ref, Ref)>>],
    per_doc: &[&[ScopedClaim<'_>]],
    out: &mut Vec<Finding>,
) {
    let mut pairs: BTreeSet<(Ref, Ref)> = BTreeSet::new();
    for found in buckets {
        pairs.extend(found.iter().copied());
    }
    let claim = |(p, i): Ref| per_doc.get(p as usize)?.get(i as usize);
    let groups = crate::claims::outliers::components(&pairs);
    for members in groups {
        let members: Vec<(Ref, &ScopedClaim<'_>)> = members
            .into_iter()
            .filter_map(|r| Some((r, claim(r)?)))
            .collect();
        let classes = crate::claims::outliers::classes(&members, |a, b| !a.1.conflicts(b.1));
        // A statement that agrees with two classes ("since 2024" next to
        // "since January 2024" and "since October 2024") backs neither and
        // is not flagged.
        let bridge = |k: usize| {
            classes.iter().any(|other| {
                !other.contains(&k) && other.iter().all(|&j| !members[k].1.conflicts(members[j].1))
            })
        };
        let docs_of = |class: &[usize]| {
            class
                .iter()
                .filter(|&&k| !bridge(k))
                .map(|&k| members[k].1.doc)
                .collect::<std::collections::HashSet<_>>()
                .len()
        };
        // Dates of a record are no series; figures are.
        let series = members
            .iter()
            .all(|(_, c)| matches!(c.claim.value, ClaimValue::Range { .. }));
        let verdict = crate::claims::outliers::verdict(
            &classes.iter().map(|c| docs_of(c)).collect::<Vec<_>>(),
            series,
        );
        let flagged: Vec<(usize, Severity)> = match verdict {
            crate::claims::outliers::Verdict::Series => {
                // One note on the first statement, naming the others.
                vec![(0, Severity::Information)]
            }
            crate::claims::outliers::Verdict::Outliers(cs) => cs
                .iter()
                .flat_map(|&c| classes[c].iter().map(|&k| (k, INFO.default_severity)))
                .filter(|&(k, _)| !bridge(k))
                .collect(),
        };
        for (k, severity) in flagged {
            let me = members[k].1;
            let my_class = classes.iter().position(|c| c.contains(&k));
            let mut parts = Vec::new();
            let mut related = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for (n, (_, o)) in members.iter().enumerate() {
                let same_class = my_class.is_some_and(|c| classes[c].contains(&n));
                if n == k || o.doc == me.doc || (same_class && severity != Severity::Information) {
                    continue;
                }
                if severity != Severity::Information && !me.conflicts(o) {
                    continue;
                }
                let loc = Location {
                    doc: o.doc,
                    span: o.claim.span,
                };
                if !seen.insert((o.doc, o.claim.span)) {
                    continue;
                }
                let cite = cx.bundle.cite(loc);
                parts.push(format!("'{}' in {cite}", o.claim.value_text));
                related.push(Related {
                    location: loc,
                    message: format!("'{}' is stated here", o.claim.value_text),
                });
            }
            if parts.is_empty() {
                continue;
            }
            let scope = me
                .claim
                .scope_label(me.day.as_ref().filter(|_| me.claim.timed));
            let here = match &me.claim.value {
                ClaimValue::Since(_) => format!("'{}'", me.claim.value_text),
                ClaimValue::Range { .. } => me.claim.value_text.clone(),
            };
            let message = if severity == Severity::Information {
                format!(
                    "{here} here; {} ({scope}): values that change over time, not compared",
                    parts.join("; ")
                )
            } else {
                format!("{here} here; {} ({scope})", parts.join("; "))
            };
            out.push(Finding {
                rule: INFO.id,
                severity,
                location: Location {
                    doc: me.doc,
                    span: me.claim.span,
                },
                message,
                related,
                fixes: Vec::new(),
            });
        }
    }
}

/// A claim: its article's position in bundle order, and its index there.
type Ref = (u32, u32);

/// Only claims of one measure and subject can pair: they are filed by
/// (measure, subject key), and an edit re-pairs only the buckets of the
/// claims it adds or removes, or whose day changes with its date.
struct Buckets<'c> {
    /// The day of each claim, by article: an article is re-filed when the
    /// date it is placed at changes.
    days: HashMap<DocId, Vec<Option<SimpleDate>>>,
    claims: std::marker::PhantomData<&'c ()>,
}

impl<'c> Grouping for Buckets<'c> {
    type Item = ScopedClaim<'c>;
    type Key = (String, String);
    type Version = Vec<Option<SimpleDate>>;
    type Output = Vec<(Ref, Ref)>;

    fn version(&self, doc: &Document) -> Self::Version {
        self.days.get(&doc.id).cloned().unwrap_or_default()
    }

    fn keys<'i>(&self, c: &'i ScopedClaim<'c>, out: &mut Vec<Cow<'i, Self::Key>>) {
        for key in &c.claim.subject_keys {
            out.push(Cow::Owned((c.claim.measure.clone(), key.clone())));
        }
    }

    fn eval(&self, _: &Self::Key, bucket: &[Member<'_, ScopedClaim<'c>>]) -> Option<Self::Output> {
        let mut pairs: BTreeSet<(Ref, Ref)> = BTreeSet::new();
        let id = |m: &Member<'_, ScopedClaim<'c>>| (m.pos as u32, m.index as u32);
        let mut consider = |a: &Member<'_, ScopedClaim<'c>>, b: &Member<'_, ScopedClaim<'c>>| {
            let (a, b) = if id(a) <= id(b) { (a, b) } else { (b, a) };
            let (ca, cb) = (a.item, b.item);
            // At least one side names its subject in its sentence.
            let named = !(ca.claim.subject_inferred && cb.claim.subject_inferred);
            if ca.doc != cb.doc && named && ca.same_claim(cb, false) && ca.conflicts(cb) {
                pairs.insert((id(a), id(b)));
            }
        };
        // A timed claim pairs only with claims of its day, so timed
        // claims are compared within their day; the others with all.
        let mut by_day: HashMap<(Option<u32>, Option<u32>), Vec<usize>> = HashMap::new();
        let mut rest: Vec<usize> = Vec::new();
        for (i, m) in bucket.iter().enumerate() {
            let c = m.item;
            match c.day.filter(|d| c.claim.timed && d.is_day()) {
                Some(d) => by_day.entry((d.month, d.day)).or_default().push(i),
                None => rest.push(i),
            }
        }
        for same_day in by_day.values() {
            for (n, &i) in same_day.iter().enumerate() {
                for &j in &same_day[n + 1..] {
                    consider(&bucket[i], &bucket[j]);
                }
            }
        }
        for (n, &i) in rest.iter().enumerate() {
            for &j in &rest[n + 1..] {
                consider(&bucket[i], &bucket[j]);
            }
            for same_day in by_day.values() {
                for &j in same_day {
                    consider(&bucket[i], &bucket[j]);
                }
            }
        }
        (!pairs.is_empty()).then(|| pairs.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["figure-conflict"];

    #[test]
    fn same_day_move_conflicts_both_sides() {
        check_rules(
            r#"
//- a.txt
Examplecorp shares jumped more than 7% in Hong Kong trading on September 12, its best day in weeks.
                          ^^^^^^^^^^^^ figure-conflict: '6.15%'
//- b.txt
Examplecorp shares rose 6.15% in Hong Kong on September 12.
                        ^^^^^ figure-conflict: more than 7%
"#,
            RULE,
        );
    }

    #[test]
    fn rounding_and_approximators_agree() {
        check_rules(
            r#"
//- a.txt
Examplecorp Stock Pops 6% In Hong Kong On September 12
Examplecorp shares surged 6.15% in Hong Kong on September 12. Examplecorp shares have risen 84% this year in Hong Kong.
//- b.txt
Examplecorp shares rose about 6% in Hong Kong on September 12. The gain takes Examplecorp shares to over 80% this year in Hong Kong.
"#,
            RULE,
        );
    }

    #[test]
    fn other_days_sessions_subjects_and_events_are_not_paired() {
        check_rules(
            r#"
//- a.txt
Examplecorp shares rose 5% in Hong Kong on September 12.
Samplesoft shares rose 13% in Hong Kong on September 12.
Examplecorp shares rose 4% at the open in Hong Kong on September 15.
//- b.txt
Examplecorp shares jumped 9.2% in Hong Kong on Wednesday, September 24.
Examplecorp shares rose 13% in Hong Kong on September 12 after its results, having had then jumped 13% following these results.
Examplecorp shares closed up 1% in Hong Kong on September 15.
//- c.txt
Examplecorp shares rose 5% in New York on September 12.
"#,
            RULE,
        );
    }

    #[test]
    fn undated_article_placed_by_agreeing_claims() {
        // c.txt has no date; its year-to-date figure agrees with a.txt, not b.txt,
        // so its day move is compared with a.txt's day.
        check_rules(
            r#"
//- a.txt
Examplecorp shares jumped more than 7% in Hong Kong trading on September 12.
                          ^^^^^^^^^^^^ figure-conflict
Examplecorp shares have risen 62% this year in Hong Kong.
//- b.txt
Examplecorp shares won 9.2% in Hong Kong on September 24. Examplecorp shares have jumped 111% this year in Hong Kong.
//- c.txt
Examplecorp stock surged 6.15% on the Hong Kong exchange, extending its year-to-date gains to 61.95% in Hong Kong.
                         ^^^^^ figure-conflict
"#,
            RULE,
        );
    }

    #[test]
    fn undated_without_agreement_is_left_alone() {
        check_rules(
            r#"
//- a.txt
Examplecorp shares jumped more than 7% in Hong Kong trading on September 12.
//- b.txt
Examplecorp shares surged 6.15% in Hong Kong.
"#,
            RULE,
        );
    }

    #[test]
    fn highest_since_dates_conflict_on_the_same_day() {
        // "since 2024" fits both months of 2024 and backs neither; "since
        // 2021" says the last higher level was in another year.
        check_rules(
            r#"
//- a.txt
Samplesoft shares rose 3% in Hong Kong on May 5 to their highest since January 2024.
                                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^ figure-conflict
//- b.txt
Samplesoft shares rose 3% in Hong Kong on May 5, reaching the highest since October 2024.
                                                              ^^^^^^^^^^^^^^^^^^^^^^^^^^ figure-conflict
//- c.txt
Samplesoft shares rose 3% in Hong Kong on May 5, at their highest level since 2024.
//- d.txt
Samplesoft shares rose 3% in Hong Kong on May 5, at their highest level since 2021.
                                                          ^^^^^^^^^^^^^^^^^^^^^^^^ figure-conflict
"#,
            RULE,
        );
    }

    #[test]
    fn untimed_measures_conflict_without_dates() {
        check_rules(
            r#"
//- a.txt
A magnitude 6.8 earthquake struck the coast. A 5.1-magnitude aftershock followed.
            ^^^ figure-conflict
//- b.txt
The magnitude 6.3 earthquake shook the region, and a magnitude 5.1 aftershock hit later.
              ^^^ figure-conflict
//- c.txt
An aftershock of magnitude 5.1 was recorded.
"#,
            RULE,
        );
    }

    #[test]
    fn investments_and_market_shares_are_not_paired() {
        check_rules(
            r#"
//- a.txt
Examplecorp shares rose 2% on May 5. Examplecorp will invest $10 billion in chips and holds a 30% market share.
//- b.txt
Examplecorp shares rose 2% on May 5. Examplecorp plans an investment of $4 billion in robots and a 12% market share in Europe.
"#,
            RULE,
        );
    }

    #[test]
    fn same_day_bond_sizes_conflict() {
        // Two articles agree: the third is the outlier, flagged once.
        check_rules(
            r#"
//- a.txt
On May 5, Examplecorp raised $3.2 billion through a convertible bond offering.
//- b.txt
On May 5, Examplecorp sold $2.5 billion of convertible bonds.
                           ^^^^^^^^^^^^ figure-conflict
//- c.txt
On May 5, Examplecorp raised $3.2bn in convertible bonds.
"#,
            RULE,
        );
    }

    #[test]
    fn year_to_date_figures_a_little_apart_agree() {
        check_rules(
            r#"
//- a.txt
Examplecorp shares have gained 40% this year in Hong Kong, as of May 5.
//- b.txt
On May 5, Examplecorp shares were up 38.9% this year in Hong Kong.
//- c.txt
On May 5, Examplecorp shares were up 55% this year in Hong Kong.
                                     ^^^ figure-conflict
"#,
            RULE,
        );
    }

    #[test]
    fn two_inferred_subjects_are_not_paired() {
        check_rules(
            r#"
//- a.txt
Examplecorp reported results on May 5. The stock rose 3% in Hong Kong on May 5.
//- b.txt
Examplecorp reported results on May 5. The stock rose 9% in Hong Kong on May 5.
"#,
            RULE,
        );
    }

    #[test]
    fn an_unnamed_index_or_rivals_are_not_the_company() {
        // The index's 1.34%, the market's 0.5% and the rivals' 2% are no
        // moves of Examplecorp; its own 5% disagrees with the 3% of two
        // articles.
        check_rules(
            r#"
//- a.txt
Examplecorp’s bonds due 2030 traded at 92 cents on the dollar on May 5, while the benchmark index slipped 1.34%.
Examplecorp shares rose 3% on May 5, while the broader market fell 0.5%.
//- b.txt
Examplecorp shares rose 3% on May 5, while Samplesoft fell 2%.
//- c.txt
Examplecorp shares rose 5% on May 5, outpacing its rivals, which slid 2%.
                        ^^ figure-conflict: '3%'
Samplesoft shares fell 2% on May 5 while the Nasdaq gained 1%.
"#,
            RULE,
        );
    }
}
