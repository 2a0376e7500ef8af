//! Pass 3 of `name-variant`: compounds. The same letters with other
//! hyphens or spaces ("Model7-Pro" / "Model-7-Pro"); a hyphen or space that
//! is a matter of style stays quiet.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::spelling::us_uk_fold;
use super::{occ, Group, LowerWords, Occ, Spelling};
use crate::bundle::Document;
use crate::extract::names::{case_shape, fold, CaseShape, LineCase};
use crate::extract::DocFacts;
use crate::memo::{Grouping, Member};
use crate::types::Span;

/// One compound of an article: (folded keys, lower-case shape, span; the
/// compound as written is read from the article there). The keys are the
/// letters as written and with US and UK spellings one way; the shape
/// writes them one way.
type CompoundItem = ([String; 2], String, Span);

/// The compound pass's view of one article (cached per article).
pub(super) fn compound_items(d: &Document) -> Vec<CompoundItem> {
    // One item a name, and one for each hyphenated word of a longer one.
    let mut out = Vec::with_capacity(d.facts.names.len());
    // Scratch: one word of a name in lower case.
    let mut lower = String::new();
    for m in &d.facts.names {
        let hyphenated = m
            .words
            .iter()
            .filter(|w| m.words.len() > 1 && d.slice(**w).contains('-'));
        for span in std::iter::once(m.core).chain(hyphenated.copied()) {
            let text = d.slice(span);
            let single = !text.contains(char::is_whitespace);
            // "Models" opening a sentence is no evidence against "Model S".
            if single
                && case_shape(text) == CaseShape::Title
                && ((m.sentence_start && span.start == m.core.start)
                    || m.line_case == LineCase::Title)
            {
                continue;
            }
            let key = fold(text);
            if key.chars().count() < 3 || !key.chars().any(char::is_alphabetic) {
                continue;
            }
            // US and UK spellings compare as one ("Example Space Center"
            // / "ExampleSpace Centre" differ in a space).
            let mut shape = String::with_capacity(text.len());
            for (n, w) in text.split_whitespace().enumerate() {
                if n > 0 {
                    shape.push(' ');
                }
                lower.clear();
                if w.is_ascii() {
                    lower.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                } else {
                    lower.push_str(&w.to_lowercase());
                }
                shape.push_str(&us_uk_fold(&lower));
            }
            // The words as one: a space dropped or added changes how the
            // ending of a word reads ("Zorb Sense" / "ZorbSense").
            out.push(([key, fold(&shape)], shape, span));
        }
    }
    out
}

/// Pass 3: the same letters with other hyphens or spaces, by folded key;
/// a key that some article writes in lower case is a common word.
pub(super) struct CompoundPass<'l> {
    pub(super) lower: &'l LowerWords<'l>,
}

impl Grouping for CompoundPass<'_> {
    type Item = CompoundItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i CompoundItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.0[0]));
        if item.0[1] != item.0[0] {
            out.push(Cow::Borrowed(&item.0[1]));
        }
    }

    fn also_depends(&self, facts: &DocFacts, out: &mut Vec<String>) {
        out.extend(facts.lower_words.iter().map(str::to_string));
    }

    fn eval(&self, key: &String, members: &[Member<'_, CompoundItem>]) -> Option<Group> {
        // Most keys have one shape: that is cheap to see.
        let first = &members.first()?.item.1;
        if members.iter().all(|m| m.item.1 == *first) || self.lower.contains(key) {
            return None;
        }
        // Lower-case spelling → (written spellings, places).
        let mut shapes: BTreeMap<&str, Vec<(&str, Occ)>> = BTreeMap::new();
        for m in members {
            let (_, shape, span) = m.item;
            shapes
                .entry(shape)
                .or_default()
                .push((m.doc.slice(*span), occ(m.pos, m.doc, *span)));
        }
        if shapes.len() < 2 {
            return None;
        }
        // A hyphen for a space ("Al-Example" / "Al Example") or a hyphen or
        // space between a lower-case prefix and capitals ("micro-XD" /
        // "microXD") is a matter of style.
        let styles: BTreeSet<String> = shapes
            .values()
            .flatten()
            .map(|(t, _)| compound_style(t))
            .collect();
        let quiet = styles.len() == 1;
        Some(Group {
            quiet,
            note: false,
            spellings: shapes
                .into_values()
                .map(|written| {
                    // The class is shown in its most frequent written form.
                    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                    for (t, _) in &written {
                        *counts.entry(t).or_default() += 1;
                    }
                    let text = counts
                        .iter()
                        .max_by_key(|(_, n)| **n)
                        .map_or_else(String::new, |(t, _)| (*t).to_string());
                    Spelling {
                        text,
                        occs: written.into_iter().map(|(_, o)| o).collect(),
                    }
                })
                .collect(),
        })
    }
}

/// A compound with the hyphens and spaces that are a matter of style taken
/// out (other hyphens and spaces stay: "Example-Max" / "Example Max" is a
/// finding): after a particle ("Al-Example" / "Al Example") and after a prefix
/// in lower case before capitals ("micro-XD" / "microXD").
fn compound_style(text: &str) -> String {
    let lex = crate::lexicon::names();
    let mut out = String::new();
    let mut segment = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() || matches!(c, '-' | '\u{2011}') {
            let after = chars.get(i + 1).copied();
            let particle = lex.is_surname_particle(&segment.to_lowercase());
            let prefix = !segment.is_empty()
                && segment.chars().all(char::is_lowercase)
                && after.is_some_and(char::is_uppercase);
            if !(particle || prefix) {
                out.push(if c.is_whitespace() { ' ' } else { '-' });
            }
            segment.clear();
        } else {
            out.push(c);
            segment.push(c);
        }
    }
    out.to_lowercase()
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn compound_spacing_and_hyphens() {
        check_rules(
            r#"
//- a.txt
It launched the Zeta5-Max-Preview model and Port Example.
                ^^^^^^^^^^^^^^^^^ name-variant: 'Zeta-5-Max-Preview' in b.txt:1 (nothing tells which spelling is right)
//- b.txt
The Zeta-5-Max-Preview model is sold in Portexample.
                                        ^^^^^^^^^^^ name-variant
"#,
            RULE,
        );
    }

    #[test]
    fn a_space_dropped_in_a_name_written_in_us_and_uk_spelling() {
        check_rules(
            r#"
//- a.txt
It flew from the Quorvin Dale Space Centre on Friday.
//- b.txt
Crowds at the Quorvin Dale Space Centre cheered.
//- c.txt
It lifted off from the QuorvinDale Space Center on Friday.
                       ^^^^^^^^^^^^^^^^^^^^^^^^ name-variant
//- d.txt
The Quorvin Dale Space Center is near the coast. Its Zorb Sense unit grew.
                                                     ^^^^^^^^^^ name-variant
//- e.txt
Its ZorbSense unit and ZorbSense ads grew.
"#,
            RULE,
        );
    }

    #[test]
    fn hyphens_after_particles_and_lower_case_prefixes_are_style() {
        check_rules(
            r#"
//- a.txt
The quake hit Al-Samra province; the Zeta micro-XD card sold.
//- b.txt
Rescuers reached Al Samra province; the Zeta microXD card sold.
"#,
            RULE,
        );
    }
}
