//! Pass 7 of `name-variant`: a name written in lower case. A word that
//! the bundle writes as a name of its own, with a capital in the middle of
//! a sentence, again and again and in several articles, and in lower case
//! once, in an article that also writes it with its capital
//! ("Examplecorp said ... examplecorp shares").
//!
//! Without a dictionary, a common word that is also a name ("the
//! Commission" / "a commission") is told apart by how it is written: the
//! capitalised places that count are those of names not after a
//! determiner ("the", "a": `server/data/names.toml`), one of them must be
//! the word alone, a whole name (a word seen only inside longer names,
//! "Space" of "Example Space Center", is a common word), and the
//! lower-case place must not follow a determiner either. A word in lower
//! case beside a capitalised one is also a slip when the two spell a name
//! the bundle writes twice or more ("Jane Doe" / "jane Doe"), and after
//! a determiner too when it stands in a name that the bundle writes with
//! capitals ("the examplian Union"). In an article that never writes the
//! word with its capital, only that evidence counts, and only for a word
//! before a capitalised one ("jane Doe"; a lower-case word after one is
//! many desks' style: "the Examplian commission"), never a role ("chief
//! Executive Jane Doe"). Days, months and sentence openers are never names
//! here.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{neutral, occ, shouted, Group, LowerWords, Occ, Spelling};
use crate::bundle::Document;
use crate::extract::names::{case_shape, fold, tokenize, word_parts, CaseShape, Token};
use crate::extract::DocFacts;
use crate::lexicon::{self, NameLexicon};
use crate::memo::{Grouping, Member};
use crate::shared::typography::{fences_of, in_spans};
use crate::types::{DocId, Span};

/// Shortest word the lower-case pass compares.
const LOWER_MIN: usize = 4;
/// Capitalised places (mid-sentence, not after a determiner, one of them a
/// whole name) that make a word a name...
const NAME_PLACES: usize = 3;
/// ... in at least this many articles.
const NAME_ARTICLES: usize = 2;
/// Capitalised places of a name that a lower-case word and its capitalised
/// neighbour spell ("Jane Doe" ×2, "jane Doe") that make it a slip.
const IN_NAME_PLACES: usize = 2;

/// One place of a word, capitalised or in lower case.
pub(super) struct LowerItem {
    /// Lower case ([`fold`]).
    key: String,
    /// As written.
    text: String,
    span: Span,
    /// Written in lower case.
    lower: bool,
    /// No determiner comes before its name (or before it, in lower case).
    counts: bool,
    /// The word is a whole name ("Examplecorp", "Examplecorp-3"), not one
    /// word of a longer one.
    alone: bool,
    /// With a capitalised place: the pairs of neighbouring words of its
    /// name that hold it ("jane doe" for "Jane" of "Jane Doe Smith"); with
    /// a lower-case place: itself and a capitalised word beside it, in
    /// text order ("jane doe" for "jane Doe").
    pairs: Vec<String>,
    /// A lower-case place of a word that its article never writes with a
    /// capital, before a capitalised word ("jane Doe"): only the name the
    /// two spell elsewhere makes it a slip.
    cross: bool,
}

/// The word before `at`, if only spaces separate them.
fn word_before(text: &str, at: usize) -> &str {
    let before = text.get(..at).unwrap_or("");
    let trimmed = before.trim_end_matches([' ', '\u{a0}']);
    if trimmed.len() == before.len() && !before.is_empty() {
        return "";
    }
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    &trimmed[start..]
}

/// A word of running text, not of code, an address, a handle or a tag:
/// white space or an opening bracket or quote before it, white space or
/// punctuation after it.
fn prose(text: &str, span: Span) -> bool {
    let before = text.get(..span.start).and_then(|b| b.chars().next_back());
    let after = text.get(span.end..).and_then(|a| a.chars().next());
    before.is_none_or(|c| c.is_whitespace() || "([{\"'“‘«".contains(c))
        && after.is_none_or(|c| c.is_whitespace() || ",.;:!?)]}\"'’”»".contains(c))
}

fn after_determiner(lex: &NameLexicon, text: &str, at: usize) -> bool {
    lex.is_determiner(word_before(text, at))
}

/// The lower-case pass's view of one article (cached per article): the
/// capitalised name words written mid-sentence, and the words the article
/// writes once in lower case and elsewhere with a capital of their own.
pub(super) fn lower_items(d: &Document) -> Vec<LowerItem> {
    let lex = lexicon::names();
    let mut out = Vec::new();
    // Words this article writes as names, at a sentence start too.
    let mut named: BTreeSet<String> = BTreeSet::new();
    for m in &d.facts.names {
        if shouted(d, m) {
            continue;
        }
        let folded: Vec<String> = m.words.iter().map(|w| fold(d.slice(*w))).collect();
        for (i, &w) in m.words.iter().enumerate() {
            let pairs: Vec<String> = [i.checked_sub(1).map(|j| (j, i)), Some((i, i + 1))]
                .into_iter()
                .flatten()
                .filter_map(|(a, b)| Some(format!("{} {}", folded.get(a)?, folded.get(b)?)))
                .collect();
            for part in word_parts(&d.text, w) {
                let text = d.slice(part);
                named.insert(fold(text));
                let shape = case_shape(text);
                if !matches!(shape, CaseShape::Title | CaseShape::Mixed)
                    || text.chars().count() < LOWER_MIN
                    || !text.chars().all(char::is_alphabetic)
                    || neutral(m, w, part, shape)
                    || lex.is_calendar(text)
                    || lex.is_function_word(text)
                {
                    continue;
                }
                out.push(LowerItem {
                    key: fold(text),
                    text: text.to_string(),
                    span: part,
                    lower: false,
                    counts: !after_determiner(lex, &d.text, m.span.start),
                    alone: m.words.len() == 1,
                    pairs: pairs.clone(),
                    cross: false,
                });
            }
        }
    }
    let mut lower: HashMap<&str, Vec<(Span, Vec<String>)>> = HashMap::new();
    // Words the article never writes with a capital, before a capitalised
    // word ("jane Doe"), and how often the article writes each in lower case.
    let mut cross: HashMap<&str, (Span, String)> = HashMap::new();
    let mut lower_count: HashMap<&str, usize> = HashMap::new();
    let tokens = tokenize(&d.text, Span::new(0, d.text.len()));
    let fences = fences_of(&d.text);
    // Two words joined by one space.
    let beside = |a: &Token, b: &Token| {
        let gap = d.text.get(a.span.end..b.span.start);
        gap == Some(" ")
    };
    for (k, t) in tokens.iter().enumerate() {
        if t.name_like || in_spans(&fences, t.span.start) || !prose(&d.text, t.span) {
            continue;
        }
        // A hyphen part counts on its own ("examplecorp-3").
        for part in word_parts(&d.text, t.span) {
            let text = d.slice(part);
            *lower_count.entry(text).or_default() += 1;
            if !named.contains(text) {
                let next = tokens.get(k + 1).filter(|n| n.name_like && beside(t, n));
                if let Some(n) = next {
                    let next_text = d.slice(n.span);
                    if part.end == t.span.end
                        && text.chars().count() >= LOWER_MIN
                        && text.chars().all(char::is_alphabetic)
                        && lex.role_at(&[text, next_text], true).is_none()
                        && !lex.is_honorific(text)
                    {
                        cross.insert(text, (part, format!("{text} {}", fold(next_text))));
                    }
                }
                continue;
            }
            // A capitalised word beside it.
            let mut pairs = Vec::new();
            if let Some(p) = k.checked_sub(1).and_then(|j| tokens.get(j)) {
                if p.name_like && beside(p, t) {
                    pairs.push(format!("{} {text}", fold(d.slice(p.span))));
                }
            }
            if let Some(n) = tokens.get(k + 1) {
                if n.name_like && beside(t, n) {
                    pairs.push(format!("{text} {}", fold(d.slice(n.span))));
                }
            }
            lower.entry(text).or_default().push((part, pairs));
        }
    }
    let mut found: Vec<LowerItem> = lower
        .into_iter()
        .filter_map(|(text, mut spans)| match spans.as_mut_slice() {
            [(span, pairs)] => Some(LowerItem {
                key: text.to_string(),
                text: text.to_string(),
                span: *span,
                lower: true,
                counts: !after_determiner(lex, &d.text, span.start),
                alone: true,
                pairs: std::mem::take(pairs),
                cross: false,
            }),
            _ => None,
        })
        .collect();
    for (text, (span, pair)) in cross {
        if lower_count.get(text) == Some(&1) {
            found.push(LowerItem {
                key: text.to_string(),
                text: text.to_string(),
                span,
                lower: true,
                counts: !after_determiner(lex, &d.text, span.start),
                alone: true,
                pairs: vec![pair],
                cross: true,
            });
        }
    }
    found.sort_by_key(|i| i.span.start);
    out.extend(found);
    out.sort_by_key(|i| i.span.start);
    out
}

/// Pass 7: the places of a word by its lower-case key; a group when the
/// bundle writes the word as a name often enough ([`NAME_PLACES`] in
/// [`NAME_ARTICLES`]), in one capitalisation, and in lower case once.
pub(super) struct LowerPass<'l> {
    pub(super) lower: &'l LowerWords<'l>,
}

impl Grouping for LowerPass<'_> {
    type Item = LowerItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i LowerItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.key));
    }

    fn also_depends(&self, facts: &DocFacts, out: &mut Vec<String>) {
        out.extend(facts.lower_words.iter().map(str::to_string));
    }

    fn eval(&self, key: &String, members: &[Member<'_, LowerItem>]) -> Option<Group> {
        let lowers: Vec<&Member<'_, LowerItem>> = members.iter().filter(|m| m.item.lower).collect();
        let [low] = lowers.as_slice() else {
            return None;
        };
        // Another article writing the word in lower case makes it a
        // common word.
        if self.lower.articles_with(key) != 1 {
            return None;
        }
        let mut forms: BTreeMap<&str, Vec<Occ>> = BTreeMap::new();
        let mut articles: BTreeSet<DocId> = BTreeSet::new();
        let (mut places, mut alone) = (0, false);
        // Capitalised places of the same neighbouring words ("Jane Doe"
        // for "jane Doe"), so in a name.
        let mut in_name = 0;
        for m in members.iter().filter(|m| !m.item.lower) {
            forms
                .entry(m.item.text.as_str())
                .or_default()
                .push(occ(m.pos, m.doc, m.item.span));
            if m.item.counts {
                places += 1;
                articles.insert(m.doc.id);
                alone |= m.item.alone;
            }
            if m.item.pairs.iter().any(|p| low.item.pairs.contains(p)) {
                in_name += 1;
            }
        }
        let as_name = alone && places >= NAME_PLACES && articles.len() >= NAME_ARTICLES;
        // After a determiner a lower-case word is a common noun ("a
        // commission"), unless it stands inside a name the bundle writes
        // with capitals ("the examplian Union" / "the Examplian Union").
        let counts = low.item.counts || (as_name && in_name >= 1) || in_name >= IN_NAME_PLACES;
        // A word its article never writes with a capital needs the name it
        // starts ("jane Doe") written with capitals elsewhere.
        let enough = if low.item.cross {
            in_name >= IN_NAME_PLACES
        } else {
            as_name || in_name >= IN_NAME_PLACES
        };
        if forms.len() != 1 || !counts || !enough {
            return None;
        }
        let (text, occs) = forms.into_iter().next()?;
        Some(Group {
            spellings: vec![
                Spelling {
                    text: text.to_string(),
                    occs,
                },
                Spelling {
                    text: low.item.text.clone(),
                    occs: vec![occ(low.pos, low.doc, low.item.span)],
                },
            ],
            quiet: false,
            note: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn a_name_written_once_in_lower_case() {
        check_rules(
            r#"
//- a.txt
Shares of Veltrixa rose, and analysts said Veltrixa would gain.
Analyst Jana Orvenko said Orvenko-3 sales grew.
//- b.txt
Buyers said Veltrixa chips lead, and veltrixa shares rose.
                                     ^^^^^^^^ name-variant: 'veltrixa' here; 'Veltrixa' in a.txt:1 (and 2 more)
She said Jana Orvenko left; orvenko-3 sales fell.
                            ^^^^^^^ name-variant
Then Ostra Belvane spoke: Ostra belvane agreed.
                                ^^^^^^^ name-variant
//- c.txt
Jana Orvenko agreed with Ostra Belvane.
//- d.txt
It quoted jana Orvenko, and the Kestrel commission agreed.
          ^^^^ name-variant
//- e.txt
The Kestrel Commission and the Kestrel Commission met, and analyst Jana Orvenko said so.
Staff of the Kestrel Commission agreed with chief Executive Jana Orvenko.
"#,
            RULE,
        );
    }

    #[test]
    fn a_name_in_lower_case_after_a_determiner_inside_a_longer_name() {
        check_rules(
            r#"
//- a.txt
Exports to Zorbish buyers rose, and Zorbish firms and the Zorbish Union agreed.
//- b.txt
Zorbish banks and Zorbish courts spoke, and the zorbish Union fined it.
                                                ^^^^^^^ name-variant
"#,
            RULE,
        );
    }

    #[test]
    fn common_words_that_are_also_names_stay_quiet() {
        check_rules(
            r#"
//- a.txt
The Commission said the Commission would act. Zorblatt met Harlund in March.
Zorblatt said March and Harlund agreed; Harlund left.
//- b.txt
The Commission and Zorblatt spoke; a commission of 2% applies, and Harlund
replied in March. They march on; the harlund tradition holds. Zorblatt left.
//- c.txt
Zorblatt and Harlund met. The zorblatt rule and zorblatt talks went on.
The Kestrel Space Center, said Kestrel Space Center staff; space grew.
//- d.txt
Staff at Kestrel Space Center agreed.
//- e.md
# Quellmark news
Quellmark rose, said Quellmark; see @quellmark.
```
$ quellmark data
```
//- f.txt
Buyers of Quellmark chips and Quellmark shares agreed.
"#,
            RULE,
        );
    }
}
