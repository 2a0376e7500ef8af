//! The quotations of an article for `quote-mismatch`, each with its
//! speaker: a person named next to a verb of saying in the same paragraph,
//! a surname alone after the full name, or the last speaker for "he said";
//! and which speaker spellings are one person.

use std::collections::HashMap;

use super::words::tokens;
use super::{initials, is_saying, Quote, GAP, MIN_WORDS};
use crate::bundle::Document;
use crate::extract::NameKind;
use crate::shared::speakers::person;
use crate::shared::spelling::near_miss;
use crate::shared::translation::TranslationMarks;
use crate::text::starting_within;
use crate::types::Span;

/// Quotations of one line (a paragraph): inner spans. A quotation that
/// goes on in the next paragraph has no closing mark at the end of this
/// one (the style of news agencies): an opening mark that starts a word
/// and is never closed quotes the rest of the paragraph.
pub(super) fn quotations(line: &str, base: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in line.char_indices() {
        match c {
            '“' => open = Some(i + c.len_utf8()),
            '”' => {
                if let Some(o) = open.take() {
                    out.push(Span::new(base + o, base + i));
                }
            }
            '"' => match open.take() {
                Some(o) => out.push(Span::new(base + o, base + i)),
                None => open = Some(i + 1),
            },
            _ => {}
        }
    }
    if let Some(o) = open {
        let before = line[..o].chars().rev().nth(1);
        let first = line[o..].chars().next();
        let end = line.trim_end().len();
        if before.is_none_or(char::is_whitespace)
            && first.is_some_and(char::is_alphanumeric)
            && end > o
        {
            out.push(Span::new(base + o, base + end));
        }
    }
    out
}

fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|s| w.eq_ignore_ascii_case(s)))
}

fn has_saying(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(is_saying)
}

/// The text of a line outside its quotations.
pub(super) fn outside(doc: &Document, line: Span, quotes: &[Span]) -> String {
    let mut s = String::with_capacity(line.len() + quotes.len());
    let mut at = line.start;
    for q in quotes {
        s.push_str(doc.slice(Span::new(at, q.start.max(at))));
        s.push(' ');
        at = q.end;
    }
    s.push_str(doc.slice(Span::new(at.min(line.end), line.end)));
    s
}

/// The person an article names by surname alone ("Doe said") after
/// naming them in full: the one person named so far whose last word is
/// this word. Two such people (Jane Doe and John Doe) leave it unknown.
fn by_surname(people: &[String], word: &str) -> Option<String> {
    let mut found = people
        .iter()
        .filter(|p| p.contains(' ') && p.rsplit(' ').next() == Some(word));
    let first = found.next()?;
    found.all(|p| p == first).then(|| first.clone())
}

/// Is the word just before or just after `span` (within the line, past
/// spaces and commas) a verb of saying: "Doe said", "said Doe, who ..."?
/// A surname alone counts as a speaker only there, not as a modifier
/// ("Alliance leader Jane Doe").
fn next_to_saying(doc: &Document, line: Span, span: Span) -> bool {
    let is_gap = |c: char| c.is_whitespace() || c == ',';
    let before = doc.slice(Span::new(line.start, span.start.max(line.start)));
    let after = doc.slice(Span::new(span.end.min(line.end), line.end));
    let prev = before
        .trim_end_matches(is_gap)
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let next = after
        .trim_start_matches(is_gap)
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    [prev, next].iter().any(|w| !w.is_empty() && is_saying(w))
}

/// A quotation of the `doc`-th article in bundle order.
pub(super) struct At<'q> {
    pub(super) doc: usize,
    pub(super) q: &'q Quote,
}

impl std::ops::Deref for At<'_> {
    type Target = Quote;
    fn deref(&self) -> &Quote {
        self.q
    }
}

/// The quotations of one article with their speakers (cached per article),
/// given the article's marks of translation.
pub(super) fn doc_quotes(doc: &Document, marks: TranslationMarks) -> Vec<Quote> {
    let mut out = Vec::new();
    let machine = marks.machine();
    // (key, as written)
    let mut last_speaker: Option<(String, String)> = None;
    // The people named in full so far in the article, as `person` keys,
    // and how the article first writes each.
    let mut people: Vec<String> = Vec::new();
    let mut shown_as: HashMap<String, String> = HashMap::new();
    for l in 0..doc.lines.line_count() {
        let line = doc.lines.line_span(&doc.text, l);
        let spans = quotations(doc.slice(line), line.start);
        // Speakers: names of people in the line, outside the quotations.
        let names: Vec<(Span, String, bool)> =
            starting_within(&doc.facts.names, line, |m| m.span.start)
                .iter()
                .filter(|m| {
                    line.start <= m.span.start
                        && m.span.end <= line.end
                        && !spans.iter().any(|q| q.overlaps(m.span))
                })
                .filter_map(|m| {
                    if let Some((span, key)) = person(doc, m) {
                        people.push(key.clone());
                        shown_as
                            .entry(key.clone())
                            .or_insert_with(|| doc.slice(span).to_string());
                        return Some((span, key, !m.roles.is_empty()));
                    }
                    if m.kind != NameKind::Word || !next_to_saying(doc, line, m.span) {
                        return None;
                    }
                    let key = by_surname(&people, &doc.slice(m.core).to_lowercase())?;
                    Some((m.core, key, !m.roles.is_empty()))
                })
                .collect();
        let shown = |k: &String, span: Span| {
            shown_as
                .get(k)
                .cloned()
                .unwrap_or_else(|| doc.slice(span).to_string())
        };
        if spans.is_empty() {
            // "he said" in a later paragraph: the last person named,
            // preferring one written with a role.
            if let Some((s, k, _)) = names.iter().rev().find(|n| n.2).or(names.last()) {
                last_speaker = Some((k.clone(), shown(k, *s)));
            }
            continue;
        }
        let rest = outside(doc, line, &spans);
        if !has_saying(&rest) {
            continue;
        }
        let pronoun = has_word(&rest, &["he", "she"]);
        for q in &spans {
            // The first name after the quotation, else the last before it;
            // on either side a name written with a role comes first
            // ("Example Capital analyst Jane Doe said").
            let after = || names.iter().filter(|(s, _, _)| s.start >= q.end);
            let before = || names.iter().rev().filter(|(s, _, _)| s.end <= q.start);
            let speaker = after()
                .find(|n| n.2)
                .or_else(|| after().next())
                .or_else(|| before().find(|n| n.2))
                .or_else(|| before().next())
                .map(|(s, k, _)| (k.clone(), shown(k, *s)))
                .or_else(|| pronoun.then(|| last_speaker.clone()).flatten());
            let Some((speaker, speaker_shown)) = speaker else {
                continue;
            };
            last_speaker = Some((speaker.clone(), speaker_shown.clone()));
            let (words, shown): (Vec<String>, Vec<String>) =
                tokens(doc.slice(*q)).into_iter().unzip();
            if words.iter().filter(|w| *w != GAP).count() < MIN_WORDS {
                continue;
            }
            let doubled = words
                .windows(2)
                .any(|w| w[0] == w[1] && w[0] != GAP && w[0].chars().any(char::is_alphabetic));
            out.push(Quote {
                inner: *q,
                speaker,
                speaker_shown,
                words,
                shown,
                doubled,
                machine,
                marks: marks.count(),
            });
        }
    }
    out
}

/// Same person: the same words, or the same first initial and the same
/// surname or one a typo away ("Jane Doe" / "J. Doe" / "Jane Dow"): the
/// quotations must still share most of their words to be compared, so a
/// misspelt speaker is no reason to miss a reworded quotation.
pub(super) fn same_speaker(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (Some(af), Some(al)) = (a.split(' ').next(), a.rsplit(' ').next()) else {
        return false;
    };
    let (Some(bf), Some(bl)) = (b.split(' ').next(), b.rsplit(' ').next()) else {
        return false;
    };
    (al == bl || near_miss(al, bl)) && af.chars().next() == bf.chars().next()
}

/// Speaker → the indices (ascending) of the quotations whose speaker is
/// the same person. Spellings are compared only within a block of equal
/// first and last initials, which [`same_speaker`] requires, so the work
/// grows with the quotations of one person, never with every pair of
/// quotations in the bundle. Within a block the first initials agree, so
/// two spellings are one person when their surnames are the same or a
/// typo apart: each pair of distinct surnames is compared once, and only
/// when their lengths allow a typo (two letters at most).
pub(super) fn same_speaker_quotes<'q>(quotes: &[At<'q>]) -> HashMap<&'q str, Vec<usize>> {
    let mut by_speaker: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, q) in quotes.iter().enumerate() {
        by_speaker.entry(q.q.speaker.as_str()).or_default().push(i);
    }
    let mut blocks: HashMap<(Option<char>, Option<char>), Vec<&str>> = HashMap::new();
    for &s in by_speaker.keys() {
        blocks.entry(initials(s)).or_default().push(s);
    }
    let surname = |s: &'q str| s.rsplit(' ').next().unwrap_or(s);
    let mut same = HashMap::new();
    for speakers in blocks.values() {
        // Surname → its spellings of the speaker and their quotations.
        let mut by_surname: HashMap<&str, (Vec<&str>, Vec<usize>)> = HashMap::new();
        for &s in speakers {
            let e = by_surname.entry(surname(s)).or_default();
            e.0.push(s);
            e.1.extend(by_speaker.get(s).map_or(&[][..], Vec::as_slice));
        }
        // The surnames by length in letters: a typo changes it by two at
        // most.
        let mut names: Vec<(usize, &str)> =
            by_surname.keys().map(|&n| (n.chars().count(), n)).collect();
        names.sort_unstable();
        let mut near: HashMap<&str, Vec<&str>> = HashMap::new();
        for (x, &(lx, a)) in names.iter().enumerate() {
            for &(ly, b) in names.iter().skip(x + 1) {
                if ly > lx + 2 {
                    break;
                }
                // One spelling of each: within the block, any two of them
                // are one person or none.
                let one = |n: &str| by_surname.get(n).and_then(|e| e.0.first().copied());
                if let (Some(sa), Some(sb)) = (one(a), one(b)) {
                    if same_speaker(sa, sb) {
                        near.entry(a).or_default().push(b);
                        near.entry(b).or_default().push(a);
                    }
                }
            }
        }
        for (n, (spellings, _)) in &by_surname {
            let mut idx: Vec<usize> = std::iter::once(*n)
                .chain(near.get(n).into_iter().flatten().copied())
                .filter_map(|t| by_surname.get(t))
                .flat_map(|e| e.1.iter().copied())
                .collect();
            idx.sort_unstable();
            for &s in spellings {
                same.insert(s, idx.clone());
            }
        }
    }
    same
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{check_rules, findings};

    const RULE: &[&str] = &["quote-mismatch"];

    #[test]
    fn a_name_with_a_role_is_the_speaker() {
        check_rules(
            r#"
//- a.txt
"Cloud chip demand will double within two years in every region," Example Capital analyst Mara Quill said.
//- b.txt
"Cloud chip demand will triple within two years in every region," said Mara Quill of Example Capital.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
"#,
            RULE,
        );
    }

    #[test]
    fn a_quotation_that_goes_on_in_the_next_paragraph_is_read_to_its_end() {
        assert_eq!(
            quotations(
                "Doe told the paper that “the cabin was full of smoke within minutes.",
                0
            ),
            [Span::new(27, 70)]
        );
        // A mark that opens no word ("a 55\" screen") is no quotation.
        assert!(quotations("It has a 55\" screen and a stand.", 0).is_empty());
        // The version that goes on is the longer one: it is reported.
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Mara Quill, 17, a passenger on the plane, told the paper that “the entire cabin was filled with smoke within a few minutes. We threw ourselves down on the floor.
“Then the doors opened,” she said.
//- b.txt
Mara Quill, 17, a passenger on the plane, told the paper that “the entire cabin filled with smoke within minutes. We threw ourselves down on the floor.”
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(bundle.cite(found[0].location), "a.txt:1");
        assert!(
            found[0].message.contains("“a few” added here"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_statement_from_a_person_attributes_the_quotation() {
        let (_, _, found) = findings(
            r#"
//- a.txt
“We respect the jury's decision. But we are very disappointed with the result,” Jane Doe said.
//- b.txt
“We respect the jury's decision. But we are extremely disappointed with the result,” read a statement from Jane Doe, his lawyer.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.starts_with("Jane Doe quoted differently"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn pronoun_keeps_the_last_speaker() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Analyst Mara Quill spoke at the fair.
"Demand for cloud chips will double within two years across the region," she said.
//- b.txt
"Demand for cloud chips will triple within two years across the region," Mara Quill said.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(bundle.cite(found[0].location), "b.txt:1");
        assert_eq!(bundle.cite(found[0].related[0].location), "a.txt:2");
        assert!(!found[0].fixes[0].certain);
    }

    #[test]
    fn verbs_of_translated_copy_attribute_too() {
        check_rules(
            r#"
//- a.txt
“This gives us the firepower to double our grid investment by 2030,” said Mara Quill.
//- b.txt
The finance director, Mara Quill, assured that “this gives us the firepower to double our investment in grids until 2030.”
                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
//- c.txt
Mara Quill, the finance director, showed a slide titled “Double the grid investment by 2030.”
"#,
            RULE,
        );
    }

    #[test]
    fn a_misspelt_speaker_is_still_the_speaker() {
        check_rules(
            r#"
//- a.txt
“We will replace every affected battery free of charge within a month,” said Mara Quill.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
//- b.txt
Chief executive Mara Quil apologised to customers.
“We will replace every battery free of charge within a month,” she said.
“We will replace every battery free of charge within a month,” said Mara Quinn.
"#,
            RULE,
        );
    }

    #[test]
    fn a_surname_alone_is_the_person_named_before() {
        check_rules(
            r#"
//- a.txt
Fire chief Mara Quill spoke at dawn.
“We are fighting this fire on three fronts and the wind is not our friend,” Quill said.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
//- b.txt
Pieter de Vries, the mayor, met residents.
“We looked at each other across the table for a long time,” de Vries said.
//- c.txt
“We fight this fire on three fronts and the wind is not with us,” said fire chief Mara Quill.
“We had looked at each other across the table for a very long time,” Pieter de Vries said.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
"#,
            RULE,
        );
    }

    #[test]
    fn a_surname_two_people_share_is_nobody() {
        // Jane and Tom Quill: "Quill said" could be either.
        check_rules(
            r#"
//- a.txt
Jane Quill and her brother Tom Quill run the farm.
“We are fighting this fire on three fronts and the wind is not our friend,” Quill said.
//- b.txt
“We fight this fire on three fronts and the wind is not with us,” said Jane Quill.
"#,
            RULE,
        );
        // "Alliance" is a modifier of the leader, not a speaker.
        check_rules(
            r#"
//- a.txt
The Centrist Alliance won the vote.
“We are ready to talk to every party that respects the constitution,” Alliance leader Mara Quill said.
//- b.txt
Mara Quill, the Alliance leader, spoke.
“We are willing to speak with every party that respects our constitution,” Quill said.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch
"#,
            RULE,
        );
        assert_eq!(
            by_surname(&["jane quill".into()], "quill").as_deref(),
            Some("jane quill")
        );
        assert_eq!(
            by_surname(&["jane quill".into(), "tom quill".into()], "quill"),
            None
        );
        assert_eq!(by_surname(&["jane quill".into()], "jane"), None);
    }

    #[test]
    fn speakers_are_grouped_by_surname_and_typo_within_their_initials() {
        let quote = |speaker: &str| Quote {
            inner: Span::new(0, 0),
            speaker: speaker.to_string(),
            speaker_shown: speaker.to_string(),
            words: Vec::new(),
            shown: Vec::new(),
            doubled: false,
            machine: false,
            marks: 0,
        };
        let qs: Vec<Quote> = [
            "jane doe",
            "j doe",
            "jane dow",
            "jane doelittle",
            "john doe",
            "zorblatt vanderholt",
            "zorblatt vandrehlot",
            "zorblatt vandrehlotte",
        ]
        .into_iter()
        .map(quote)
        .collect();
        let at: Vec<At<'_>> = qs
            .iter()
            .enumerate()
            .map(|(doc, q)| At { doc, q })
            .collect();
        let same = same_speaker_quotes(&at);
        let of = |s: &str| same.get(s).cloned().unwrap_or_default();
        assert_eq!(of("jane doe"), [0, 1, 2, 4]);
        assert_eq!(of("j doe"), [0, 1, 2, 4]);
        assert_eq!(of("jane dow"), [0, 1, 2, 4]);
        assert_eq!(of("jane doelittle"), [3]);
        assert_eq!(of("zorblatt vanderholt"), [5, 6]);
        assert_eq!(of("zorblatt vandrehlotte"), [6, 7]);
        // The same as comparing every two spellings.
        for a in &at {
            let every: Vec<usize> = (0..at.len())
                .filter(|&j| {
                    at.get(j)
                        .is_some_and(|b| same_speaker(&a.speaker, &b.speaker))
                })
                .collect();
            assert_eq!(of(&a.speaker), every, "{}", a.speaker);
        }
    }

    #[test]
    fn same_speaker_allows_an_initial_or_a_misspelt_surname() {
        assert!(same_speaker("jane doe", "j doe"));
        assert!(!same_speaker("jane doe", "john roe"));
        assert!(same_speaker("ingrid solheim", "ingrid solhiem"));
        assert!(!same_speaker("ingrid solheim", "ingrid vance"));
        assert!(!same_speaker("ana silva", "ben silvo"));
    }
}
