//! The clauses of a sentence and what they say around a figure: whether a
//! figure's clause has a subject of its own that is no company, the stage
//! of a count a sentence states, and the event a sentence names.

use crate::text::starting_within;
use crate::types::Span;

use super::catalog::Hits;
use super::numbers::{starts_with_word, Figure, Unit};
use super::subjects::Mention;
use super::vocab::VOCAB;

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
pub(super) struct Clauses {
    pub(super) sentence: Span,
    /// In order of their start.
    separators: Vec<(usize, usize)>,
    /// The ends are in order too (each separator ends after the one
    /// before it), so that [`Clauses::of`] can search instead of reading
    /// every separator: a sentence of thousands of figures and commas
    /// costs a search per figure, not a pass over the sentence.
    ends_sorted: bool,
}

impl Clauses {
    /// Each separator's occurrences as `str::match_indices` finds them
    /// (left to right, without overlapping itself).
    pub(super) fn new(text: &str, sentence: Span) -> Clauses {
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
        let ends_sorted = separators.windows(2).all(|w| w[0].1 < w[1].1);
        Clauses {
            sentence,
            separators,
            ends_sorted,
        }
    }

    /// The clause of the sentence around `at`: from the last separator
    /// before it to the first one after it.
    pub(super) fn of(&self, at: Span) -> Span {
        let sentence = self.sentence;
        let len = sentence.len();
        let rel_start = at.start.saturating_sub(sentence.start);
        let rel_end = at.end.saturating_sub(sentence.start).min(len);
        if self.ends_sorted {
            // The separators that end by `rel_start` are a run at the
            // front: `lo` is the last one's end. `hi` is the first start
            // at or after `rel_end` among the rest.
            let seps = &self.separators;
            let p = seps.partition_point(|&(_, end)| end <= rel_start);
            let lo = p.checked_sub(1).map_or(0, |q| seps[q].1);
            let q = p + seps[p..].partition_point(|&(i, _)| i < rel_end);
            let hi = seps.get(q).map_or(len, |&(i, _)| i.min(len));
            return Span::new(sentence.start + lo, sentence.start + hi.max(lo));
        }
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
/// clause is the subject itself, as [`subject_before`](super::subjects::subject_before) reads it.
pub(super) fn other_subject(
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

/// Does `before` end with one of `words` (lower case) as a whole word?
pub(super) fn ends_with_word(before: &str, words: &[String]) -> bool {
    let b = before.trim_end();
    words.iter().any(|w| {
        b.strip_suffix(w.as_str())
            .is_some_and(|x| !x.ends_with(|c: char| c.is_ascii_alphanumeric()))
    })
}

/// "with 94% of the ballots counted": the stage of a count a sentence
/// states, as a label ("94% count").
pub(super) fn stage_of(
    text: &str,
    hits: &Hits,
    figures: &[Figure],
    sentence: Span,
) -> Option<String> {
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

pub(super) fn event_subject(hits: &Hits, sentence: Span, at: usize) -> Option<String> {
    let v = &*VOCAB;
    hits.nearest(sentence, &v.events, at, false)
        .map(|(s, _)| s.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::extract::figures::numbers::scan_figures;
    use crate::extract::figures::vocab::VOCAB;
    use crate::extract::figures::Claim;

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
                // Spans of every length, and ones past the sentence's end.
                for j in i..s.len() + 3 {
                    let at = Span::new(i, j);
                    assert_eq!(clauses.of(at), reference(s, at), "{s} at {i}..{j}");
                }
            }
        }
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
        assert_eq!(
            stage_of(t, &hits, &scan_figures(t, t), Span::new(0, 21)),
            None
        );
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
}
