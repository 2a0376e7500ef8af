//! Open claim frames: every figure of an article read as a claim, not only
//! those of a listed measure. A frame holds the figure's unit (percent, an
//! amount in a currency, a price per share, a unit of measurement, or a
//! plain count), its value with the range its rounding and approximator
//! allow, the words around it that say what it measures (with synonyms
//! read as one word, `server/data/frames.toml`), and its time: the day as
//! the sentence gives it, the session ("at the close", "at 7 p.m."), and
//! whether it belongs to another time or event. The claims layer
//! (`analysis::claims`) aligns frames across articles. The vocabulary and
//! the reading of measure words are `frame_vocab`'s, the values a frame
//! stands for `frame_values`'.

use crate::extract::figures::{Approx, Figure, Unit, When};
use crate::types::Span;

pub use super::frame_vocab::{canonical, is_movement, sentence_words, written_words, Stem};
use super::frame_vocab::{canonical_stem, words_in, year_stem, VOCAB};

/// What the sentence says of a figure's time and scope, read by
/// `figures` with its vocabulary.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub sentence: Span,
    /// Said of another event or time ("had then", "since 2004 when ...").
    pub other_time: bool,
    /// Of another time only as the prior value of the claim: the value it
    /// moved from, or one "last year" dates.
    pub prior: bool,
    /// Of another event only as a forecast of it ("expected to take 40
    /// days"): a duration so stated is the plan of the event it times.
    pub forecast: bool,
    /// "close", "open", "after hours", with a clock time when written.
    pub session: Option<String>,
    pub when: When,
    /// A part of a whole ("in Al Marzana").
    pub part: Option<String>,
}

/// One figure read as an open claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub span: Span,
    pub sentence: Span,
    /// "%", "USD", "USD/share", "kg", "n" (a plain count)... A shared
    /// copy: a bundle holds a few units and hundreds of thousands of frames.
    pub unit: Stem,
    pub value: f64,
    /// The place of the last written digit, scaled ("$2.7bn": 1e8).
    pub step: f64,
    pub approx: Option<Approx>,
    /// The written digits ("12.58" is "1258"), for near misses.
    pub digits: Box<str>,
    /// The words that say what it measures, canonical, with their weight
    /// by closeness to the figure (1 next to it, less further away).
    pub words: Box<[(Stem, f32)]>,
    pub when: When,
    /// The session or stage ("close", "94% count"), a shared copy.
    pub session: Option<Stem>,
    pub other_time: bool,
    /// A prior value only ([`Context::prior`]): compared with prior values.
    pub prior: bool,
    /// The part of a whole it is of, a shared copy.
    pub part: Option<Stem>,
    /// The source its sentence names ([`super::source`]: "according to
    /// the Example Survey"), as lower-case words, a shared copy.
    pub source: Option<Stem>,
    /// A figure that changes over time (a move, a toll).
    pub timed: bool,
    /// Words that make it another measure of the same thing ("adjusted").
    pub qualifiers: Box<[String]>,
    /// In the headline (the first line).
    pub headline: bool,
    /// A conversion in brackets ([`crate::extract::restated`]): its value
    /// holds only up to the exchange rate the writer chose.
    pub converted: bool,
    /// Written in another unit than the one it is compared in ("57-pound"
    /// read in kg): it holds up to a factor the writer rounded ("2.2
    /// pounds a kilogram").
    pub in_other_unit: bool,
}

/// The frames of one article's figures; `contexts[i]` is `figures[i]`'s,
/// `None` for a figure that is no claim (in a quotation, a year, a time).
/// `lower` is `text` ASCII-lower-cased (the article's one copy): the
/// words asked of it (units, "per share") are ASCII.
pub fn frames_of(
    text: &str,
    lower: &str,
    figures: &[Figure],
    contexts: &[Option<Context>],
) -> Vec<Frame> {
    let v = &*VOCAB;
    // The headline: the first line with words (front matter is blanked but
    // its title, which is the headline).
    let headline_start = text.len() - text.trim_start().len();
    let headline_end = crate::text::line_end(text, headline_start);
    let mut out = Vec::new();
    // The words of the sentence last asked, read once per sentence (a
    // sentence of thousands of figures is read once, not once a figure),
    // and the index of its first estimate word, if any.
    type SentenceWords<'t> = (Span, Vec<(Span, &'t str)>, Option<usize>, Option<Stem>);
    let mut sentence_words: Option<SentenceWords<'_>> = None;
    // The measure word ([`canonical_stem`]) of each word of that sentence,
    // read when first asked: a word stands near several figures.
    let mut sentence_stems: Vec<Option<Option<Stem>>> = Vec::new();
    // The figures that are claims, in order: the neighbours that bound a
    // figure's words, found by a search (a run of figures that are no
    // claims is not read again for every figure after it).
    let claims: Vec<usize> = (0..figures.len())
        .filter(|&k| contexts.get(k).is_some_and(Option::is_some))
        .collect();
    // A frame for each claim at most: the list is not grown frame by frame.
    out.reserve_exact(claims.len());
    for (i, (f, cx)) in figures.iter().zip(contexts).enumerate() {
        let Some(cx) = cx else { continue };
        if sentence_words
            .as_ref()
            .is_none_or(|(s, _, _, _)| *s != cx.sentence)
        {
            let ws = words_in(text, cx.sentence);
            let first_estimate = ws.iter().position(|(_, w)| {
                if w.is_ascii() {
                    v.estimates.contains_ascii_lowered(w)
                } else {
                    v.estimates.contains(&w.to_lowercase())
                }
            });
            sentence_stems.clear();
            sentence_stems.resize(ws.len(), None);
            let source = super::source::source_of(text, &ws);
            sentence_words = Some((cx.sentence, ws, first_estimate, source));
        }
        let Some((_, sent_words, first_estimate, source)) = sentence_words.as_ref() else {
            continue;
        };
        let written = &text[f.span.start..f.span.end];
        // The unit: a unit word right after the figure, a price per share.
        let after = scope_word_after(lower, f.span.end);
        let unit = match &f.unit {
            Unit::Percent if written.contains("point") => "pp".to_string(),
            Unit::Percent => "%".to_string(),
            Unit::Money(c) => {
                let rest = lower[f.span.end..].trim_start();
                if v.per_share.iter().any(|p| rest.starts_with(p.as_str())) {
                    format!("{c}/share")
                } else {
                    c.clone()
                }
            }
            Unit::Count | Unit::Number => match after.and_then(|w| v.units.get(w)) {
                Some(u) => u.clone(),
                None => "n".to_string(),
            },
        };
        // The written number: digits and its precision.
        let num: String = written
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let num = num.trim_end_matches(['.', ',']);
        let decimal_comma = !num.contains('.')
            && num.matches(',').count() == 1
            && num.split_once(',').is_some_and(|(_, d)| d.len() <= 2);
        let plain: String = if decimal_comma {
            num.replace(',', ".")
        } else {
            num.replace(',', "")
        };
        let base: f64 = plain.parse().unwrap_or(f.value);
        if unit == "n"
            && f.approx.is_none()
            && crate::extract::counts::too_small(text, f.span, base, &plain)
        {
            continue;
        }
        let scale = if base > 0.0 { f.value / base } else { 1.0 };
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        let headline = f.span.start < headline_end;
        // A unit of measurement is compared in its base unit ("57-pound"
        // and "26kg"): the value and its precision scaled
        // ([`Frame::in_other_unit`]).
        let (unit, factor) = match v.bases.get(&unit) {
            Some((b, k)) if *b != unit => (b.clone(), *k),
            _ => (unit, 1.0),
        };
        let step = match plain.split_once('.') {
            Some((_, frac)) => 10f64.powi(-(frac.len() as i32)),
            None => {
                // Trailing zeros round after an approximator ("about 40":
                // 35 to 45), and in a headline an amount of a scale or of
                // three digits ("$70 billion" for $68.7 billion), not two
                // written out ("a 40-day trip"); in a conversion to another
                // unit, past two digits ("8,600-pound").
                let zeros = plain.chars().rev().take_while(|&c| c == '0').count();
                let zeros = match (f.approx, headline, factor != 1.0) {
                    (Some(_), ..) => zeros,
                    (None, true, _) if scale > 1.5 || plain.len() > 2 => zeros,
                    (None, _, true) => zeros.min(plain.len().saturating_sub(2)),
                    _ => 0,
                };
                if zeros > 0 && zeros < plain.len() {
                    10f64.powi(zeros as i32)
                } else {
                    1.0
                }
            }
        } * scale
            * factor;
        // A figure in brackets right after one of the same measure in
        // another unit ("3,900 kg (8,600 lb)") restates it: no claim of its
        // own.
        if factor != 1.0 || v.bases.values().any(|(b, _)| *b == unit) {
            let restates = i
                .checked_sub(1)
                .and_then(|j| figures.get(j))
                .is_some_and(|p| {
                    // Past the original's unit word ("3,900-kg (").
                    let gap = text
                        .get(p.span.end..f.span.start)
                        .unwrap_or("")
                        .trim_start()
                        .trim_start_matches(|c: char| c.is_alphabetic() || c == '-' || c == '.')
                        .trim();
                    let base = scope_word_after(lower, p.span.end)
                        .and_then(|w| v.units.get(w))
                        .map(|u| v.bases.get(u).map_or(u.as_str(), |(b, _)| b.as_str()));
                    gap.starts_with('(')
                        && gap.split_whitespace().count() <= 2
                        && !gap.contains(|c: char| c.is_ascii_digit())
                        && base == Some(unit.as_str())
                });
            if restates {
                continue;
            }
        }
        let digits: String = if plain.is_empty() {
            format!("{}", f.value)
        } else {
            plain.chars().filter(char::is_ascii_digit).collect()
        };
        // The words around it, up to the figures before and after.
        // Before it, the sentence's words (those before the figure ahead
        // weigh less: "data centre revenue jumped 163% to $12.58bn"); a
        // figure that is no claim (a conversion in brackets) bounds none.
        let at = claims.partition_point(|&k| k < i);
        let prev_end = at
            .checked_sub(1)
            .and_then(|j| claims.get(j))
            .map(|&k| figures[k].span.end)
            .filter(|&e| e > cx.sentence.start && e <= f.span.start)
            .unwrap_or(cx.sentence.start);
        let next_start = claims
            .get(at + 1)
            .map(|&k| figures[k].span.start)
            .filter(|&s| s < cx.sentence.end && s >= f.span.end)
            .unwrap_or(cx.sentence.end);
        let n_before = sent_words.partition_point(|(sp, _)| sp.end <= f.span.start);
        // After it, a few words read afresh: a word glued to the figure
        // ("3,900-kg") is one word of the sentence but gives its unit.
        let mut window = next_start.min(f.span.end + 160);
        while !text.is_char_boundary(window) {
            window -= 1;
        }
        let after_words = words_in(text, Span::new(f.span.end, window.max(f.span.end)));
        // At most 12 words before, 6 after and 4 of the subject.
        let mut words: Vec<(Stem, f32)> = Vec::with_capacity(22);
        let sentence_start = cx.sentence.start;
        let mut stem_of = |k: usize| -> Option<Stem> {
            let (_, w) = sent_words[k];
            *sentence_stems[k].get_or_insert_with(|| canonical_stem(w))
        };
        let after_stems: Vec<Option<Stem>> = after_words
            .iter()
            .take(6)
            .map(|(_, w)| canonical_stem(w))
            .collect();
        // `stem` is `w`'s [`canonical_stem`].
        let mut add = |sp: Span, w: &str, stem: Option<Stem>, dist: usize, far: bool| {
            // A year says when the claim holds ("levied in 2009").
            let year = w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1900..2100).contains(&y));
            let Some(c) = (if year { Some(year_stem(w)) } else { stem }) else {
                return;
            };
            // A name inside the sentence often is what the figure is of
            // ("imposed on chipmaker Acme in 2009"): it weighs as if closer.
            let name = sp.start > sentence_start && w.starts_with(char::is_uppercase);
            let dist = if name || year {
                dist.saturating_sub(2)
            } else {
                dist
            };
            let weight = match dist {
                0 | 1 => 1.0,
                2 | 3 => 0.7,
                _ => 0.4,
            } * if far { 0.8 } else { 1.0 };
            match words.iter_mut().find(|(x, _)| *x == c) {
                Some(e) => e.1 = e.1.max(weight),
                None => words.push((c, weight)),
            }
        };
        for (d, k) in (0..n_before).rev().take(12).enumerate() {
            let (sp, w) = sent_words[k];
            add(sp, w, stem_of(k), d + 1, sp.start < prev_end);
        }
        // Past a unit word, what the figure measures is the next word
        // that says something ("a 40-day journey", "40 days to arrive").
        let measured = after.is_some_and(|w| v.units.contains_key(w));
        let mut said = 0;
        for (k, ((sp, w), stem)) in after_words.iter().zip(&after_stems).enumerate() {
            let d = if measured && k > 0 { 1 + said } else { k + 1 };
            add(*sp, w, *stem, d, false);
            said += usize::from(k > 0 && stem.is_some());
        }
        // The sentence's subject: its first words ("The data centre
        // segment, home to ..., brought in $12.85bn").
        for (k, &(sp, w)) in sent_words.iter().enumerate().take(n_before.min(4)) {
            if sp.start < prev_end || n_before > 12 {
                add(sp, w, stem_of(k), 4, true);
            }
        }
        // A move or a toll of its own, not of the figure before it
        // ("jumped 163% to $12.58bn": the level does not move).
        let timed = cx.session.is_some()
            || (0..n_before)
                .rev()
                .take_while(|&k| sent_words[k].0.start >= prev_end)
                .take(4)
                .filter_map(&mut stem_of)
                .chain(after_stems.iter().take(3).flatten().copied())
                .any(|w| v.timed.contains(w.as_str()));
        // The ten words that weigh most are the measure; the rest only
        // cost memory in a bundle of thousands of articles.
        words.sort_by(|x, y| y.1.total_cmp(&x.1));
        words.truncate(10);
        let mut qualifiers: Vec<String> = words
            .iter()
            .filter(|(w, _)| v.qualifiers.contains(w.as_str()))
            .map(|(w, _)| w.to_string())
            .collect();
        // A count of two things joined ("177 passengers and crew", "dead
        // and injured") is their sum, another measure than either.
        if unit == "n" {
            if let [(_, first), (_, join), (_, second), ..] = after_words.as_slice() {
                if v.joins.iter().any(|j| j.eq_ignore_ascii_case(join)) {
                    if let (Some(_), Some(b)) = (canonical_stem(first), canonical_stem(second)) {
                        qualifiers.push(format!("+{b}"));
                    }
                }
            }
        }
        qualifiers.sort();
        // An expectation ("beating estimates of $12.31 billion") is
        // compared only with expectations; a duration is an event's plan.
        let duration = v.durations.contains(&unit);
        let estimate = first_estimate.is_some_and(|k| k < n_before) && !duration;
        let unit = if estimate {
            format!("{unit}~est")
        } else {
            unit
        };
        out.push(Frame {
            span: f.span,
            sentence: cx.sentence,
            unit: Stem::new(&unit),
            value: f.value * factor,
            step,
            approx: f.approx,
            digits: digits.into_boxed_str(),
            words: words.into_boxed_slice(),
            when: cx.when.clone(),
            session: cx.session.as_deref().map(Stem::new),
            other_time: cx.other_time && !(duration && cx.forecast),
            prior: cx.prior,
            part: cx.part.as_deref().map(Stem::new),
            source: *source,
            timed,
            qualifiers: qualifiers.into_boxed_slice(),
            headline,
            converted: false,
            in_other_unit: factor != 1.0,
        });
    }
    // Kept with the article's facts for as long as the bundle holds it.
    out.shrink_to_fit();
    out
}

fn scope_word_after(lower: &str, end: usize) -> Option<&str> {
    crate::extract::scope::word_after(lower, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forecast_duration_is_the_plan_of_its_journey() {
        let frames = |text: &str| crate::extract::extract(text).figures.frames;
        let a = frames("Examplecorp sent its probe. It is expected to take about 30 days to reach the Zorblatt station.");
        let b = frames("Examplecorp probe sets off on a 30-day journey to Zorblatt station\n\nThe probe left on Monday.");
        let (Some(a), Some(b)) = (a.last(), b.first()) else {
            panic!("no frames: {a:?} {b:?}");
        };
        // Neither another event nor an expectation: the journey's days.
        assert_eq!((a.unit.as_str(), a.other_time), ("day", false), "{a:?}");
        assert_eq!((b.unit.as_str(), b.headline), ("day", true), "{b:?}");
        // What it times is the word after the unit, however written.
        for f in [a, b] {
            let trip = canonical("journey").map(|c| Stem::new(&c));
            assert!(
                f.words.iter().any(|(w, x)| Some(*w) == trip && *x == 1.0),
                "{f:?}"
            );
        }
        // A headline's two digits are as written; an amount of a scale is rounded.
        assert_eq!(b.step, 1.0);
        let c = frames("Examplecorp buys Zorblatt in $30 billion deal\n\nThe deal closed.");
        assert!(c.first().is_some_and(|c| c.step == 1e10), "{c:?}");
        // Another event's figure stays so ("would").
        let d = frames("A crewed probe would take 30 days to reach the Zorblatt station.");
        assert!(d.first().is_some_and(|d| d.other_time), "{d:?}");
    }

    #[test]
    fn the_front_matter_title_is_the_headline() {
        let text = "---\ntitle: Examplecorp up 9%\ndate: 2031-02-05\n---\n\nExamplecorp shares up 5%\n\nExamplecorp shares rose 5% on Monday.\n";
        let facts = crate::extract::extract(text);
        let frames = &facts.figures.frames;
        // The front matter's title is the headline; the body's first line
        // is not.
        assert_eq!(frames.len(), 3, "{frames:?}");
        assert!(frames[0].headline && !frames[1].headline, "{frames:?}");
        assert_eq!(
            facts.figures.article_date,
            crate::extract::figures::SimpleDate::parse_iso("2031-02-05")
        );
    }

    #[test]
    fn the_cached_stem_is_the_canonical_word() {
        // Twice: the second read comes from the thread's cache.
        for _ in 0..2 {
            for w in [
                "Fined", "fines", "the", "3,900-kg", "2009", "Acme's", "co-op", "kg",
            ] {
                assert_eq!(
                    canonical_stem(w).map(|c| c.as_str()),
                    canonical(w).as_deref(),
                    "{w}"
                );
            }
        }
    }

    #[test]
    fn stems_are_shown_as_written() {
        let text = "Regulators fined Acme Air a record sum over its countries of sale.";
        let span = Span::new(0, text.len());
        let stems = [canonical("fined"), canonical("countries")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(written_words(text, span, &stems), "fined countries");
    }

    #[test]
    fn a_stem_is_one_shared_copy_that_reads_as_the_word() {
        let a = Stem::new("zorblatt");
        let b = Stem::new(&String::from("zorblatt"));
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, b);
        assert_ne!(a, Stem::new("vane"));
        assert_eq!(format!("{a}:{a:?}"), "zorblatt:\"zorblatt\"");
        assert_eq!(&*a, "zorblatt");
        assert_eq!(std::mem::size_of::<(Stem, f32)>(), 16);
        // A bundle holds some 90 frames an article: a unit, the digits and
        // the qualifiers take no more room than they need.
        assert!(std::mem::size_of::<Frame>() <= 192);
        // A frame's words are stems, each once.
        let facts = crate::extract::extract("Examplecorp revenue rose 12% to $4bn.");
        let f = &facts.figures.frames;
        assert!(
            !f.is_empty() && f.iter().all(|f| f.words.len() <= 10),
            "{f:?}"
        );
        assert!(
            f[0].words.iter().any(|(w, _)| w.as_str() == "revenu"),
            "{f:?}"
        );
    }

    #[test]
    fn words_fold_synonyms() {
        assert_eq!(canonical("closed").as_deref(), Some("close"));
        assert_eq!(canonical("Nationals"), canonical("national"));
        assert_eq!(canonical("fined"), canonical("fines"));
        assert_eq!(canonical("fine"), canonical("fines"));
        assert_ne!(canonical("fine"), canonical("final"));
        assert_eq!(canonical("the"), None);
    }
}
