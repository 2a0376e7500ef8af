//! The subjects of claims: the knowledge-base entities and the names that
//! act as subjects in an article ("Acme shares", "Acme rose"), with the
//! other form of a name ("the Alliance" and "Centrist Alliance"), and the
//! subject written before a figure.

use crate::extract::{EntityMention, NameMention};
use crate::text::SortedSpans;
use crate::types::Span;

use super::numbers::starts_with_word;
use super::vocab::VOCAB;

/// A subject written in the article: a knowledge-base entity, or a name
/// that acts as a subject, with its key (`kb:<id>`, `name:<lower case>`)
/// and the name shown for it.
pub(super) struct Mention {
    pub(super) span: Span,
    pub(super) key: String,
    pub(super) display: String,
    /// The other form of the name in this article: the one longer name
    /// that starts or ends with a one-word name ("the Alliance" and
    /// "Centrist Alliance"), either way.
    alias: Option<String>,
}

impl Mention {
    pub(super) fn keys(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(self.key.clone()).chain(self.alias.clone())
    }
}

pub(super) fn subject_mentions(
    text: &str,
    lower: &str,
    names: &[NameMention],
    entities: &[EntityMention],
) -> Vec<Mention> {
    let v = &*VOCAB;
    let kb = crate::kb::embedded();
    let mut out: Vec<Mention> = entities
        .iter()
        .map(|e| Mention {
            alias: None,
            span: e.span,
            key: format!("kb:{}", e.entity),
            display: kb.get(&e.entity).map_or_else(
                || text[e.span.start..e.span.end].to_string(),
                |x| x.name.clone(),
            ),
        })
        .collect();
    // A mention a name at most, besides the entities'.
    out.reserve(names.len());
    let in_parens = |s: Span| {
        // The cheap test first: the backward searches may read the whole
        // text before the name.
        text[s.end..].trim_start().starts_with(')') && {
            let open = text[..s.start].rfind('(');
            let close = text[..s.start].rfind(')');
            open.is_some_and(|o| close.is_none_or(|c| c < o))
        }
    };
    // A name without a knowledge-base entry is a subject only where it
    // acts like one: "Acme shares", "Acme's stock", "Acme rose", "shares of Acme".
    let acts_as_subject = |s: Span| {
        // "Acme ’s shares" with a stray space is still a possessive.
        let raw = &lower[s.end..];
        let raw = match raw.trim_start() {
            t if t.starts_with(['’', '\'']) => t,
            _ => raw,
        };
        let rest = raw.trim_start_matches(['’', '\'']);
        let rest = rest
            .strip_prefix('s')
            .filter(|_| raw.starts_with(['’', '\'']))
            .unwrap_or(rest);
        let rest = rest.trim_start();
        let next_word = |w: &String| starts_with_word(rest, w);
        let before = lower[..s.start].trim_end();
        // "Rival Acme, whose shares rose 1.5%": the name owns the noun.
        let whose = rest
            .strip_prefix(',')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix("whose "))
            .map(str::trim_start)
            .is_some_and(|r| v.subject_nouns.iter().any(|w| starts_with_word(r, w)));
        whose
            || v.subject_nouns.iter().any(next_word)
            || v.rise.iter().any(next_word)
            || v.subject_verbs.iter().any(next_word)
            || v.fall.iter().any(next_word)
            || [" of", " in"].iter().any(|p| {
                before
                    .strip_suffix(p)
                    .is_some_and(|b| v.subject_nouns.iter().any(|n| b.ends_with(n.as_str())))
            })
            // An ellipsis after a figure: "..., Acme - by 40%".
            || rest.trim_start_matches(['-', '–', '—', ',']).trim_start().starts_with("by ")
    };
    // A name acts as a subject where any of its mentions does, or where it
    // is joined by "and" to one that does.
    // A name already known to act is not asked again at its other mentions.
    let mut acting: foldhash::HashSet<String> = foldhash::HashSet::default();
    for n in names {
        let core = text[n.core.start..n.core.end].to_ascii_lowercase();
        if !acting.contains(&core) && acts_as_subject(n.span) {
            acting.insert(core);
        }
    }
    for w in names.windows(2).rev() {
        let gap = text
            .get(w[0].span.end..w[1].span.start)
            .unwrap_or("-")
            .trim();
        if matches!(gap, "and" | "," | "&")
            && acting.contains(&text[w[1].core.start..w[1].core.end].to_ascii_lowercase())
        {
            acting.insert(text[w[0].core.start..w[0].core.end].to_ascii_lowercase());
        }
    }
    let acts_as_subject =
        |n: &NameMention| acting.contains(&text[n.core.start..n.core.end].to_ascii_lowercase());
    // One-word names not opening a sentence, and longer names, of the article.
    let core_lower =
        |n: &NameMention| without_the(&text[n.core.start..n.core.end]).to_ascii_lowercase();
    let short: std::collections::BTreeSet<String> = names
        .iter()
        .filter(|n| !n.sentence_start)
        .map(core_lower)
        .filter(|c| !c.contains(char::is_whitespace))
        .collect();
    let long: std::collections::BTreeSet<String> = names
        .iter()
        .map(core_lower)
        .filter(|c| c.contains(' '))
        .collect();
    let longer_of = |w: &str| -> Option<String> {
        let mut it = long
            .iter()
            .filter(|l| l.split(' ').next() == Some(w) || l.rsplit(' ').next() == Some(w));
        let one = it.next()?;
        it.next().is_none().then(|| one.clone())
    };
    let alias_of = |n: &NameMention, lc: &str| -> Option<String> {
        if lc.contains(' ') {
            [lc.split(' ').next(), lc.rsplit(' ').next()]
                .into_iter()
                .flatten()
                .find(|w| short.contains(*w) && longer_of(w).as_deref() == Some(lc))
                .map(|w| format!("name:{w}"))
        } else if n.sentence_start || !short.contains(lc) {
            None
        } else {
            longer_of(lc).map(|l| format!("name:{l}"))
        }
    };
    // Names in order of their start: one overlaps a name kept before it
    // exactly when the furthest end kept so far passes its start.
    let taken_by_entities = SortedSpans::new(out.iter().map(|m| m.span).collect());
    let mut names_reach = 0;
    let mut in_order: Vec<&NameMention> = names.iter().collect();
    in_order.sort_by_key(|n| n.span.start);
    for n in in_order {
        if n.span.is_empty()
            || names_reach > n.span.start
            || taken_by_entities.any_overlap(n.span)
            || in_parens(n.span)
            || !acts_as_subject(n)
        {
            continue;
        }
        // "— The European Central Bank cut" and "The European Central Bank
        // cut" opening a sentence are one subject.
        let core = without_the(&text[n.core.start..n.core.end]);
        let lc = core.to_ascii_lowercase();
        let is_other = v.markets.iter().any(|(w, _)| w.eq_ignore_ascii_case(core))
            || v.months.iter().any(|(w, _)| lc.starts_with(w.as_str()))
            || v.weekdays.iter().any(|(w, _)| lc.starts_with(w.as_str()))
            || !n.roles.is_empty();
        if is_other {
            continue;
        }
        names_reach = names_reach.max(n.span.end);
        out.push(Mention {
            alias: alias_of(n, &lc),
            span: n.span,
            key: format!("name:{lc}"),
            display: core.to_string(),
        });
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// The subject before `at` in `sentence`: the nearest mention, with the
/// mentions joined to it by "and" or a comma.
pub(super) fn subject_before(
    text: &str,
    mentions: &[Mention],
    sentence: Span,
    at: usize,
) -> Vec<usize> {
    // Mentions are sorted by start: those that start in the sentence and
    // before `at`.
    let lo = mentions.partition_point(|m| m.span.start < sentence.start);
    let hi = mentions.partition_point(|m| m.span.start < at).max(lo);
    let inside: Vec<usize> = (lo..hi)
        .filter(|&i| mentions[i].span.start >= sentence.start && mentions[i].span.end <= at)
        .collect();
    // A knowledge-base entry is preferred to a bare name.
    let Some(&last) = inside
        .iter()
        .rev()
        .find(|&&i| mentions[i].key.starts_with("kb:"))
        .or(inside.last())
    else {
        return vec![];
    };
    let inside: Vec<usize> = inside.into_iter().filter(|&i| i <= last).collect();
    let mut out = vec![last];
    let mut cur = last;
    for &i in inside.iter().rev().skip(1) {
        let gap = text
            .get(mentions[i].span.end..mentions[cur].span.start)
            .unwrap_or("-")
            .trim();
        let gap = gap
            .trim_start_matches(['’', '\''])
            .trim_start_matches('s')
            .trim();
        if matches!(gap, "and" | "," | "&" | ", and") {
            out.insert(0, i);
            cur = i;
        } else {
            break;
        }
    }
    let mut keys = std::collections::HashSet::new();
    out.retain(|&i| keys.insert(mentions[i].key.clone()));
    out
}

/// A name without a leading article ("The European Central Bank").
fn without_the(name: &str) -> &str {
    ["The ", "the ", "THE "]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .filter(|rest| rest.contains(|c: char| c.is_alphanumeric()))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::extract::figures::{Claim, When};

    #[test]
    fn joint_subject_and_record() {
        let s = "Examplecorp and Samplesoft shares rose to their highest since 2021.";
        let f = extract(s).figures;
        assert_eq!(f.claims.len(), 1);
        assert_eq!(f.claims[0].subjects.len(), 2);
        assert_eq!(f.claims[0].measure, "highest-since");
    }

    #[test]
    fn a_name_with_whose_shares_is_a_subject() {
        let s = "Examplecorp shares fell 6% on Monday.\n\nIts rival Samplesoft Bikes, whose shares rose 1.5% on Monday, said little.\n";
        let f = extract(s).figures;
        let rival = f
            .claims
            .iter()
            .find(|c| c.value_text == "1.5%")
            .map(|c| c.subjects.clone());
        assert_eq!(rival, Some(vec!["Samplesoft Bikes".to_string()]));
        // Without "whose" the name is no subject of its own.
        let t = "Examplecorp shares fell 6% on Monday.\n\nSamplesoft Bikes, a rival, watched as the shares rose 1.5% on Monday.\n";
        let g = extract(t).figures;
        assert!(g
            .claims
            .iter()
            .filter(|c| c.value_text == "1.5%")
            .all(|c| c.subjects != vec!["Samplesoft Bikes".to_string()]));
    }

    #[test]
    fn a_value_after_from_is_the_value_before() {
        let s = "The Centrist Alliance extended its lead on Tuesday.\n\nThe Alliance had 55 seats, up from 48 on Monday.\n";
        let f = extract(s).figures;
        let seats: Vec<&Claim> = f.claims.iter().filter(|c| c.measure == "seats").collect();
        assert_eq!(seats.len(), 1, "{seats:#?}");
        assert_eq!(seats[0].value_text, "55");
        // Monday belongs to the 48's clause, not to the 55.
        assert_eq!(seats[0].when, When::Article);
        // "the Alliance" is the article's "Centrist Alliance".
        assert!(seats[0]
            .subject_keys
            .contains(&"name:centrist alliance".to_string()));
        assert!(seats[0].subject_keys.contains(&"name:alliance".to_string()));
    }

    #[test]
    fn a_short_name_opening_a_sentence_is_no_alias() {
        let keys = |s: &str| -> Vec<Vec<String>> {
            extract(s)
                .figures
                .claims
                .iter()
                .filter(|c| c.value_text == "2%")
                .map(|c| c.subject_keys.clone())
                .collect()
        };
        // Opening a sentence, "Samplebank" may be a common word: no alias.
        assert_eq!(
            keys("Samplebank Holdings said so.\n\nSamplebank shares rose 2% on Monday.\n"),
            [["name:samplebank"]]
        );
        // In mid-sentence it is the article's longer name.
        assert_eq!(
            keys("Samplebank Holdings said so.\n\nOn Monday, Samplebank shares rose 2%.\n"),
            [["name:samplebank", "name:samplebank holdings"]]
        );
        // Two longer names end with the word: ambiguous, no alias.
        assert_eq!(
            keys("North Bank and South Bank said so.\n\nOn Monday, Bank shares rose 2%.\n"),
            [["name:bank"]]
        );
    }
}
