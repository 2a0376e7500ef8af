//! The open claim frames of `figure-conflict`: every figure read as an
//! open claim ([`crate::extract::frames`]), aligned across articles by what
//! it measures ([`crate::claims::align`]), reported where the listed
//! measures of the claims path found nothing.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::INFO;
use crate::bundle::Document;
use crate::checks::CheckContext;
use crate::claims::align::{
    days, disagreements_weighted, measure_idf, placed_on, same_reading, Disagreement,
};
use crate::claims::headline::headline_disagreements_weighted;
use crate::extract::figures::SimpleDate;
use crate::extract::frames::Frame;
use crate::extract::DocFacts;
use crate::types::{DocId, Finding, Location, Related, Severity, Span};

/// What the findings of the open claim frames were made from, kept for the
/// next analysis ([`Memo::keep_state`]).
struct OpenFrames {
    /// Each article in bundle order: its id, name and facts (a new text
    /// is new facts), and its text.
    docs: Vec<(DocId, String, Arc<DocFacts>, Arc<str>)>,
    /// The day of each frame ([`days`]).
    days: Vec<Option<SimpleDate>>,
    found: Arc<Vec<Disagreement>>,
    /// The finding of each warning of `found`, by its index there.
    findings: Vec<Option<Finding>>,
}

/// Findings of the open claim frames ([`crate::claims::align`]).
///
/// An edit that moves no frame's words, sentence or day (text added or
/// removed around the sentences of figures) leaves the bundle's
/// disagreements as they were ([`same_reading`]): they are taken from the
/// last analysis, and only the findings that place something in an edited
/// or renamed article are written again.
pub(super) fn open_frames(
    cx: &CheckContext<'_>,
    taken: &HashMap<DocId, Vec<Span>>,
    out: &mut Vec<Finding>,
) {
    const SLOT: &str = "figure-conflict/open-frames";
    let docs = cx.bundle.documents();
    let days = days(cx.bundle, cx.config);
    let last: Option<OpenFrames> = cx.memo.take_state(SLOT);
    // The articles as they were, where the bundle holds the same ones in
    // the same order; and whether each is untouched.
    let before = last.filter(|l| {
        l.days == days
            && l.docs.len() == docs.len()
            && l.docs.iter().zip(&docs).all(|((id, _, facts, text), d)| {
                *id == d.id
                    && (Arc::ptr_eq(facts, &d.facts)
                        || same_reading(
                            text,
                            &facts.figures.frames,
                            &d.text,
                            &d.facts.figures.frames,
                        ))
            })
    });
    let untouched: Vec<bool> = match &before {
        Some(l) => l
            .docs
            .iter()
            .zip(&docs)
            .map(|((_, name, facts, _), d)| Arc::ptr_eq(facts, &d.facts) && *name == d.name)
            .collect(),
        None => vec![false; docs.len()],
    };
    let (found, mut findings) = match before {
        Some(l) => (l.found, l.findings),
        None => {
            let all = placed_on(cx.bundle, &days);
            // The frames aligned across articles and, beside them on the
            // threads, each headline against its own article's body.
            // Both weigh words by how rare they are among the frames.
            let idf = measure_idf(&all);
            let (mut found, headlines) = rayon::join(
                || disagreements_weighted(&all, &idf),
                || headline_disagreements_weighted(cx.bundle, &all, &idf),
            );
            // A headline that its own article's body contradicts, where the
            // other articles did not already flag it.
            let mut flagged: HashSet<_> = found.iter().map(|d| (d.me, d.severity)).collect();
            for h in headlines {
                if flagged.insert((h.me, h.severity)) {
                    found.push(h);
                }
            }
            let found = Arc::new(found);
            let n = found.len();
            (found, vec![None; n])
        }
    };
    // Each frame: its article's position and the frame.
    let frames: Vec<(usize, &Frame)> = docs
        .iter()
        .enumerate()
        .flat_map(|(p, d)| d.facts.figures.frames.iter().map(move |f| (p, f)))
        .collect();
    // Only what is sure enough to warn: a weaker alignment stays in the
    // hover, not in the list of findings. Each finding is taken or written
    // over the threads, and all are kept in the order of `found`: each
    // with its index there, and whether it was written anew.
    let made: Vec<(usize, Finding, bool)> = found
        .par_iter()
        .enumerate()
        .filter_map(|(k, d)| {
            if d.severity != Severity::Warning {
                return None;
            }
            let &(p, frame) = frames.get(d.me)?;
            let here = Location {
                doc: docs[p].id,
                span: frame.span,
            };
            if taken
                .get(&here.doc)
                .is_some_and(|spans| spans.iter().any(|s| s.overlaps(here.span)))
            {
                return None;
            }
            let mut places =
                std::iter::once(p).chain(d.others.iter().filter_map(|&o| Some(frames.get(o)?.0)));
            let fresh = places.all(|q| untouched.get(q).copied().unwrap_or(false));
            match findings.get(k) {
                Some(Some(f)) if fresh => Some((k, f.clone(), false)),
                _ => open_finding(cx, &docs, d, &frames, days.get(d.me).copied().flatten())
                    .map(|f| (k, f, true)),
            }
        })
        .collect();
    out.reserve(made.len());
    // A one-off check keeps nothing for a next analysis: the findings are
    // not copied, nor the state made.
    let keeps = cx.memo.keeps();
    for (k, finding, written) in made {
        if written && keeps {
            if let Some(slot) = findings.get_mut(k) {
                *slot = Some(finding.clone());
            }
        }
        out.push(finding);
    }
    if !keeps {
        return;
    }
    cx.memo.keep_state(
        SLOT,
        OpenFrames {
            docs: docs
                .iter()
                .map(|d| (d.id, d.name.clone(), d.facts.clone(), d.text.clone()))
                .collect(),
            days,
            found,
            findings,
        },
    );
}

/// The finding of one disagreement of the open frames, on its frame
/// (`docs`: the articles in bundle order, read once for all findings;
/// `frames`: each frame's article position and the frame, in bundle order).
fn open_finding(
    cx: &CheckContext<'_>,
    docs: &[&Document],
    d: &Disagreement,
    frames: &[(usize, &Frame)],
    day: Option<SimpleDate>,
) -> Option<Finding> {
    let at = |i: usize| frames.get(i).and_then(|&(p, f)| Some((*docs.get(p)?, f)));
    let (me, frame) = at(d.me)?;
    let here = Location {
        doc: me.id,
        span: frame.span,
    };
    let mut parts = Vec::with_capacity(d.others.len());
    let mut related = Vec::with_capacity(d.others.len());
    for (doc, o) in d.others.iter().filter_map(|&o| at(o)) {
        let loc = Location {
            doc: doc.id,
            span: o.span,
        };
        let text = doc.slice(o.span);
        parts.push(format!("'{text}' in {}", cx.bundle.cite(loc)));
        related.push(Related {
            location: loc,
            message: format!("'{text}' is stated here"),
        });
    }
    let mut scope = crate::extract::frames::written_words(&me.text, frame.sentence, &d.label);
    if let Some(s) = &frame.session {
        scope.push_str(&format!(", {s}"));
    }
    if let Some(day) = &day {
        scope.push_str(&format!(", {}", day.label()));
    }
    let message = format!(
        "{} here; {} ({scope})",
        me.slice(frame.span),
        parts.join("; ")
    );
    Some(Finding {
        rule: INFO.id,
        severity: d.severity,
        location: here,
        message,
        related,
        fixes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;
    use crate::types::Severity;

    const RULE: &[&str] = &["figure-conflict"];

    #[test]
    fn sentences_that_say_the_same_align_their_figures() {
        // The words next to the figures differ ("levied" / "imposed", the
        // name a clause away); the sentences as a whole say the same, and
        // two articles agree against the third.
        check_rules(
            r#"
//- a.txt
Regulators fine Examplecorp over its search results
The ruling doubles the previous record for such abuse, the 1.31 billion euros imposed on chipmaker Zorblatt Systems in 2011.
Examplecorp said it would consider an appeal. Its rivals welcomed the decision.
//- b.txt
Examplecorp weighs appeal against regulators
The penalty dwarfs the previous record for such abuse, the €1.31bn fine levied on the chipmaker Zorblatt Systems in 2011.
Rival comparison sites had complained for years about the search results.
//- c.txt
Examplecorp appeals the regulators' ruling
The previous record for such abuse was the 1.13 billion euros that the regulator levied in 2011 on the chipmaker Zorblatt Systems.
                                           ^^^^^^^^^^^^^^^^^^ figure-conflict: '1.31 billion euros'
The appeal was lodged on Monday with the court. A spokesperson declined to comment further.
"#,
            RULE,
        );
    }

    #[test]
    fn two_articles_that_agree_outweigh_one_aligned_with_only_one() {
        // c.txt's sentence aligns with b.txt's, not with a.txt's; a.txt
        // and b.txt agree with each other, so c.txt is the outlier.
        check_rules(
            r#"
//- a.txt
Regulators fine Examplecorp over its search results
The regulator found that Examplecorp demoted rival comparison sites in 23 European countries since 2012.
Examplecorp said it would consider an appeal. Its rivals welcomed the decision.
//- b.txt
Examplecorp weighs appeal against regulators
The penalty was calculated on Examplecorp's revenue from comparison shopping in the 23 European countries where it demoted rival sites.
Rival comparison sites had complained for years about the search results.
//- c.txt
Examplecorp appeals the regulators' ruling
The fine was calculated on Examplecorp's revenue from comparison shopping in the 19 European countries affected.
                                                                                 ^^ figure-conflict: '23'
The appeal was lodged on Monday with the court. A spokesperson declined to comment further.
"#,
            RULE,
        );
    }

    #[test]
    fn a_claim_two_named_sources_put_differently_is_no_warning() {
        // Two agencies put the distance differently; the figure that names
        // no source may be either's.
        let (_, _, found) = crate::fixture::findings(
            r#"
//- a.txt
The quake's epicentre was 71 km southwest of Zorbton, the Example Geological Survey said.
//- b.txt
According to the Euro Quake Centre, the quake's epicentre was 77 km southwest of Zorbton.
//- c.txt
The quake's epicentre was 71 km southwest of Zorbton in the mountains.
"#,
            RULE,
        );
        assert!(
            found.iter().all(|f| f.severity != Severity::Warning),
            "{found:#?}"
        );
    }

    #[test]
    fn one_source_named_two_ways_is_still_one_claim() {
        // "ZSA" is the initials of the agency the other article names.
        let (_, _, found) = crate::fixture::findings(
            r#"
//- a.txt
The 3,900-kg spacecraft was placed in an elliptical orbit, the Zorbian Space Agency said.
//- b.txt
The 3,900-kg spacecraft was placed in an elliptical orbit on Monday, ZSA said.
//- c.txt
The 3,090-kg spacecraft was placed in an elliptical orbit on Monday.
"#,
            RULE,
        );
        assert!(
            found
                .iter()
                .any(|f| f.severity == Severity::Warning && f.location.doc.0 == 2),
            "{found:#?}"
        );
    }

    #[test]
    fn a_count_below_ten_in_digits_is_a_figure() {
        // Written in digits, a small count is set down as a figure.
        check_rules(
            r#"
//- a.txt
Regulators fine Examplecorp over its search results
The regulator found that Examplecorp demoted rival comparison sites in 13 European countries since 2012.
Examplecorp said it would consider an appeal. Its rivals welcomed the decision.
//- b.txt
Examplecorp weighs appeal against regulators
The penalty was calculated on Examplecorp's revenue from comparison shopping in the 13 European countries where it demoted rival sites.
Rival comparison sites had complained for years about the search results.
//- c.txt
Examplecorp appeals the regulators' ruling
The fine was calculated on Examplecorp's revenue from comparison shopping in the 9 European countries affected.
                                                                                 ^ figure-conflict: '13'
The appeal was lodged on Monday with the court. A spokesperson declined to comment further.
"#,
            RULE,
        );
    }

    #[test]
    fn a_truncated_figure_agrees() {
        // "$14.2 billion" is "$14.27 billion" cut, not rounded.
        check_rules(
            r#"
//- a.txt
Examplecorp said services revenue rose to $14.27 billion from $12.58 billion a year ago.
//- b.txt
Examplecorp services revenue rose from $12.5 billion to $14.2 billion.
//- c.txt
Examplecorp services revenue climbed to $14.27 billion from $12.58 billion.
"#,
            RULE,
        );
    }

    #[test]
    fn a_count_of_two_things_joined_is_another_measure() {
        // "177 passengers and crew" is a sum, not the passenger count.
        check_rules(
            r#"
//- a.txt
The Zorblatt Air flight from Examplecity was carrying 171 passengers when the panel blew out.
//- b.txt
The Zorblatt Air flight from Examplecity had 171 passengers on board when the panel blew out.
//- c.txt
The Zorblatt Air flight from Examplecity was carrying 177 passengers and crew when the panel blew out.
"#,
            RULE,
        );
    }

    #[test]
    fn open_frame_findings_cite_articles_written_out_of_bundle_order() {
        check_rules(
            r#"
//- d.txt
The previous record was the 1.13 billion euros levied in 2011 on the chipmaker Zorblatt Systems.
                            ^^^^^^^^^^^^^^^^^^ figure-conflict: '1.31 billion euros' in b.txt:1
//- c.txt
The previous record was the 1.31 billion euros levied in 2011 on the chipmaker Zorblatt Systems.
//- b.txt
The previous record was the 1.31 billion euros levied in 2011 on the chipmaker Zorblatt Systems.
"#,
            RULE,
        );
    }

    /// The findings of open frames, kept across edits that move the
    /// figures' sentences (and written again where they moved), are what
    /// a fresh analysis finds.
    #[test]
    fn open_frame_findings_follow_their_figures_across_edits() {
        use crate::engine::Analyzer;
        use std::sync::Arc;
        let a = "Regulators fine Examplecorp over its search results\nThe ruling doubles the previous record for such abuse, the 1.31 billion euros imposed on chipmaker Zorblatt Systems in 2011.\nExamplecorp said it would consider an appeal.\n";
        let b = "Examplecorp weighs appeal against regulators\nThe penalty dwarfs the previous record for such abuse, the €1.31bn fine levied on the chipmaker Zorblatt Systems in 2011.\nRival comparison sites had complained for years.\n";
        let c = |before: &str, figure: &str| {
            format!("Examplecorp appeals the regulators' ruling\n{before}The previous record for such abuse was the {figure} billion euros that the regulator levied in 2011 on the chipmaker Zorblatt Systems.\nThe appeal was lodged on Monday.\n")
        };
        let config = Arc::new(crate::config::Config::default());
        let mut bundle = crate::bundle::Bundle::new();
        bundle.upsert("a", "a.txt", 0, a);
        bundle.upsert("b", "b.txt", 0, b);
        bundle.upsert("c", "c.txt", 0, &c("", "1.13"));
        let mut an = Analyzer::new();
        let at = |found: &[crate::types::Finding], bundle: &crate::bundle::Bundle| -> Vec<String> {
            found
                .iter()
                .filter(|f| f.rule == "figure-conflict")
                .filter_map(|f| {
                    Some(
                        bundle
                            .get(f.location.doc)?
                            .slice(f.location.span)
                            .to_string(),
                    )
                })
                .collect()
        };
        let first = an.analyze(&bundle, &config);
        assert_eq!(first, crate::analyze(&bundle, &config));
        assert_eq!(at(&first, &bundle), ["1.13 billion euros"]);
        // Text added before the figure's sentence: the finding moves.
        bundle.upsert("c", "c.txt", 0, &c("The court sat late. ", "1.13"));
        let moved = an.analyze(&bundle, &config);
        assert_eq!(moved, crate::analyze(&bundle, &config));
        assert_eq!(at(&moved, &bundle), ["1.13 billion euros"]);
        // Renamed: cited under its new name.
        bundle.upsert("c", "d.txt", 0, &c("The court sat late. ", "1.13"));
        assert_eq!(
            an.analyze(&bundle, &config),
            crate::analyze(&bundle, &config)
        );
        // The figure corrected: no finding.
        bundle.upsert("c", "d.txt", 0, &c("The court sat late. ", "1.31"));
        let fixed = an.analyze(&bundle, &config);
        assert_eq!(fixed, crate::analyze(&bundle, &config));
        assert!(at(&fixed, &bundle).is_empty(), "{fixed:#?}");
    }
}
