//! Pass 2 of `name-variant`: person names. Multi-word names whose words
//! are all the same but one, and that one a near miss ("Jane Doe" / "Jane
//! Dow").

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::spelling::{accepted_variant, place_and_people, plain, roles_compatible, us_uk_norm};
use super::{occ, Group, Occ, Spelling};
use crate::bundle::Document;
use crate::extract::{NameKind, NameMention};
use crate::memo::{Grouping, Member};
use crate::shared::spelling::near_miss;
use crate::types::{DocId, Span};

/// A multi-word name as the person pass sees it.
#[derive(Debug, Default)]
struct PersonForm<'a> {
    /// Each way the form is written (with accents or without), and how
    /// often.
    texts: BTreeMap<&'a str, usize>,
    pub(super) words: Vec<String>,
    pub(super) occs: Vec<Occ>,
    pub(super) docs: BTreeSet<DocId>,
    /// (article, sentence start) of each place.
    pub(super) sentences: BTreeSet<(DocId, usize)>,
    /// Some place is in an article that writes letters outside ASCII.
    non_ascii_docs: bool,
    pub(super) roles: BTreeSet<u16>,
}

/// One multi-word name of an article, as the person pass compares it.
pub(super) struct PersonItem {
    /// What the name's words make of it, shared by the places of one
    /// name in its article (most names are written again and again).
    shape: Arc<PersonShape>,
    pub(super) span: Span,
    /// The start of its sentence.
    pub(super) sentence: usize,
    /// Its article writes letters outside ASCII.
    non_ascii_doc: bool,
    pub(super) roles: Vec<u16>,
}

/// What the person pass reads from a name's words alone.
struct PersonShape {
    /// The words as written, single-spaced.
    text: String,
    /// The words in lower case without accents ("José" and "Jose" are
    /// one name here; the accent pass compares them).
    words: Vec<String>,
    /// The blocks of [`PersonPass`] the name is filed in.
    blocks: Vec<(usize, String)>,
}

/// The blocks of the person pass that a name's words are filed in: for
/// each word, (its place, the other words and its first letter).
fn person_blocks(words: &[String]) -> Vec<(usize, String)> {
    (0..words.len())
        .map(|i| {
            let mut key = String::new();
            for (j, w) in words.iter().enumerate() {
                if j != i {
                    key.push_str(w);
                }
                key.push('\u{1f}');
            }
            if let Some(c) = words[i].chars().next() {
                key.push(c);
            }
            (i, key)
        })
        .collect()
}

/// The person pass's view of one article (cached per article).
pub(super) fn person_items(d: &Document) -> Vec<PersonItem> {
    let non_ascii_doc =
        !d.text.is_ascii() && d.text.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    // One item a name at most.
    let mut out = Vec::with_capacity(d.facts.names.len());
    // The shapes made so far, by the name as written and where its words
    // stand in it: the same words make the same shape.
    let mut shapes: foldhash::HashMap<&str, (Vec<Span>, Arc<PersonShape>)> = Default::default();
    for m in &d.facts.names {
        if m.kind != NameKind::MultiWord || m.words.len() < 2 {
            continue;
        }
        let words = person_words(d, m);
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        let span = Span::new(first.start, last.end);
        let written = d.slice(span);
        let within = |w: &Span| {
            Span::new(
                w.start.saturating_sub(span.start),
                w.end.saturating_sub(span.start),
            )
        };
        let made = shapes.get(written).filter(|(at, _)| {
            at.len() == words.len() && at.iter().zip(words).all(|(a, w)| *a == within(w))
        });
        let shape = match made {
            Some((_, shape)) => shape.clone(),
            None => {
                let text = written.split_whitespace().collect::<Vec<_>>().join(" ");
                // US and UK spellings compare as one ("Space Center" /
                // "Space Centre").
                let folded: Vec<String> = words
                    .iter()
                    .map(|w| us_uk_norm(&plain(d.slice(*w))))
                    .collect();
                let shape = Arc::new(PersonShape {
                    text,
                    blocks: person_blocks(&folded),
                    words: folded,
                });
                shapes.insert(written, (words.iter().map(within).collect(), shape.clone()));
                shape
            }
        };
        out.push(PersonItem {
            shape,
            sentence: d.facts.sentence_at(span.start).map_or(0, |s| s.start),
            non_ascii_doc,
            span,
            roles: m.roles.to_vec(),
        });
    }
    out
}

/// Pass 2: multi-word names that differ in one near-miss word.
///
/// Names are blocked by "every word but the i-th", and the first letter of
/// the i-th: pairs that share a block differ in that word only, and a near
/// miss keeps its first letter. Every place of a name is filed in each of
/// its blocks, so a block sees all of a name's articles and roles. A block
/// gives the near misses it finds; [`person_clusters`] joins them.
pub(super) struct PersonPass;

/// What one block of the person pass finds: near-miss pairs of names, and
/// the places of each name in a pair.
pub(super) struct PersonBlock {
    pub(super) names: Vec<(String, Vec<Occ>)>,
    pub(super) pairs: Vec<(usize, usize)>,
}

impl Grouping for PersonPass {
    type Item = PersonItem;
    /// (i, the other words and the i-th word's first letter).
    type Key = (usize, String);
    type Version = ();
    type Output = PersonBlock;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i PersonItem, out: &mut Vec<Cow<'i, Self::Key>>) {
        out.extend(item.shape.blocks.iter().map(Cow::Borrowed));
    }

    fn eval(&self, key: &Self::Key, members: &[Member<'_, PersonItem>]) -> Option<PersonBlock> {
        let i = key.0;
        // Most blocks hold one name: that is cheap to see.
        let first = &members.first()?.item.shape.words;
        if members.iter().all(|m| m.item.shape.words == *first) {
            return None;
        }
        // A name with and without its accents is one form, with all of
        // its places: the spelling most of the bundle writes is counted
        // whole.
        let mut forms: BTreeMap<&[String], PersonForm> = BTreeMap::new();
        for m in members {
            let it = m.item;
            let f = forms.entry(it.shape.words.as_slice()).or_default();
            *f.texts.entry(it.shape.text.as_str()).or_default() += 1;
            if f.words.is_empty() {
                f.words = it.shape.words.clone();
            }
            f.occs.push(occ(m.pos, m.doc, it.span));
            f.docs.insert(m.doc.id);
            f.sentences.insert((m.doc.id, it.sentence));
            f.non_ascii_docs |= it.non_ascii_doc;
            f.roles.extend(it.roles.iter().copied());
        }
        if forms.len() < 2 {
            return None;
        }
        // Each form is shown as it is written most often; on a tie, the
        // first in the order of the text (accents after plain letters).
        let forms: Vec<(&str, PersonForm)> = forms
            .into_values()
            .filter_map(|f| {
                let most = f.texts.values().copied().max()?;
                let text = f.texts.iter().find(|(_, &n)| n == most).map(|(t, _)| *t)?;
                Some((text, f))
            })
            .collect();
        let word = |id: usize| forms[id].1.words.get(i).map_or("", String::as_str);
        // A near miss is at most two edits: lengths at most two apart, so
        // each word is compared only with those of about its length.
        let len = |id: usize| word(id).chars().count();
        let mut ids: Vec<usize> = (0..forms.len()).collect();
        ids.sort_by_key(|&id| (len(id), id));
        let mut pairs = Vec::new();
        for (n, &a) in ids.iter().enumerate() {
            let la = len(a);
            for &b in ids[n + 1..].iter().take_while(|&&b| len(b) <= la + 2) {
                let (fa, fb) = (&forms[a].1, &forms[b].1);
                // In one article, two names in one sentence are two
                // people ("Jon Smith and John Smith"); elsewhere a name
                // written once beside one written more often is a typo.
                let (na, nb) = (fa.occs.len(), fb.occs.len());
                let apart = fa.docs.is_disjoint(&fb.docs)
                    || (fa.sentences.is_disjoint(&fb.sentences)
                        && na.min(nb) == 1
                        && na.max(nb) >= 2);
                if near_miss(word(a), word(b))
                    // "South Examplia" / "South Examplian": a place and
                    // its people, when the last word differs (inside a
                    // name, "Examplian Airlines" for "Examplia Airlines"
                    // is a slip).
                    && !(i + 1 == fa.words.len() && place_and_people(word(a), word(b)))
                    && !accepted_variant(word(a), !fa.non_ascii_docs, word(b), !fb.non_ascii_docs)
                    && apart
                    && roles_compatible(&fa.roles, &fb.roles)
                {
                    pairs.push((a, b));
                }
            }
        }
        if pairs.is_empty() {
            return None;
        }
        // Only the names in a pair are kept, renumbered.
        let mut kept: BTreeMap<usize, usize> = BTreeMap::new();
        for &(a, b) in &pairs {
            let next = kept.len();
            kept.entry(a).or_insert(next);
            let next = kept.len();
            kept.entry(b).or_insert(next);
        }
        let mut names: Vec<Option<(String, Vec<Occ>)>> = vec![None; kept.len()];
        for (&id, &n) in &kept {
            if let (Some(slot), Some((text, f))) = (names.get_mut(n), forms.get(id)) {
                *slot = Some((text.to_string(), f.occs.clone()));
            }
        }
        Some(PersonBlock {
            names: names.into_iter().flatten().collect(),
            pairs: pairs
                .into_iter()
                .filter_map(|(a, b)| Some((*kept.get(&a)?, *kept.get(&b)?)))
                .collect(),
        })
    }
}

/// The names that near misses join, each class one group, from the pairs
/// that the blocks found; classes in the order of their first name.
pub(super) fn person_clusters(blocks: &[Arc<PersonBlock>]) -> Vec<Group> {
    // Name → its places (every block of a name has all of them).
    let mut names: BTreeMap<&str, &[Occ]> = BTreeMap::new();
    for b in blocks {
        for (text, occs) in &b.names {
            names.entry(text.as_str()).or_insert(occs.as_slice());
        }
    }
    let ids: HashMap<&str, usize> = names.keys().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut parent: Vec<usize> = (0..names.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for b in blocks {
        for &(x, y) in &b.pairs {
            let (Some((tx, _)), Some((ty, _))) = (b.names.get(x), b.names.get(y)) else {
                continue;
            };
            let (Some(&a), Some(&c)) = (ids.get(tx.as_str()), ids.get(ty.as_str())) else {
                continue;
            };
            let (ra, rc) = (root(&mut parent, a), root(&mut parent, c));
            // The smaller id is the root: classes come out in name order.
            parent[ra.max(rc)] = ra.min(rc);
        }
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for id in 0..names.len() {
        let r = root(&mut parent, id);
        clusters.entry(r).or_default().push(id);
    }
    let names: Vec<(&str, &[Occ])> = names.into_iter().collect();
    clusters
        .into_values()
        .filter(|ids| ids.len() > 1)
        .map(|ids| Group {
            quiet: false,
            note: false,
            spellings: ids
                .into_iter()
                .filter_map(|id| names.get(id))
                .map(|(text, occs)| Spelling {
                    text: text.to_string(),
                    occs: occs.to_vec(),
                })
                .collect(),
        })
        .collect()
}

/// The words of a multi-word name that the person pass compares: all of
/// them, or those before a connector other than a surname particle that
/// follows two words or more ("Jane Doe" of "Jane Doe of Example Research";
/// "Bank of Samples" and "Ana Luisa da Costa" whole).
fn person_words<'m>(d: &Document, m: &'m NameMention) -> &'m [Span] {
    let lex = crate::lexicon::names();
    let cut = (2..m.words.len()).find(|&i| {
        let gap = d
            .text
            .get(m.words[i - 1].end..m.words[i].start)
            .unwrap_or("")
            .trim();
        // A surname particle is the name's own ("Ana Luisa da Costa").
        !gap.is_empty() && !lex.is_surname_particle(gap)
    });
    &m.words[..cut.unwrap_or(m.words.len())]
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn the_places_of_one_name_written_alike_share_its_shape() {
        use super::{person_blocks, person_items};
        use crate::bundle::Bundle;
        use std::sync::Arc;
        let mut b = Bundle::new();
        b.upsert(
            "a",
            "a.txt",
            0,
            "Jane Doe spoke first. Then Jane Doe left, and Jane  Doe waved. Jane Dow stayed.",
        );
        let docs = b.documents();
        let items = person_items(docs[0]);
        let texts: Vec<&str> = items.iter().map(|i| i.shape.text.as_str()).collect();
        assert_eq!(texts, ["Jane Doe", "Jane Doe", "Jane Doe", "Jane Dow"]);
        // The same words as written: one shape.
        assert!(Arc::ptr_eq(&items[0].shape, &items[1].shape));
        // Written otherwise (two spaces), or another name: a shape of its own.
        assert!(!Arc::ptr_eq(&items[1].shape, &items[2].shape));
        assert!(!Arc::ptr_eq(&items[0].shape, &items[3].shape));
        for it in &items {
            assert_eq!(it.shape.blocks, person_blocks(&it.shape.words));
        }
        assert_eq!(items[2].shape.words, ["jane", "doe"]);
        assert_eq!(items[3].shape.words, ["jane", "dow"]);
    }

    #[test]
    fn a_place_and_its_people_are_not_a_misspelling() {
        check_rules(
            r#"
//- a.txt
Officials in South Examplia said so, and South Examplia agreed.
//- b.txt
A South Examplian official said it too, flying Examplian Airways.
                                               ^^^^^^^^^^^^^^^^^ name-variant
//- c.txt
Examplia Airways flew, and Examplia Airways landed.
"#,
            RULE,
        );
    }

    /// A surname particle keeps the name whole, and a name with and
    /// without its accents is counted as one spelling: four places of
    /// "Rocha" outvote two of "Rocah" (counted apart, two against two,
    /// nothing would tell).
    #[test]
    fn particles_stay_in_the_name_and_accents_do_not_split_the_vote() {
        check_rules(
            r#"
//- a.txt
Mayor Marco Antônio da Rocha spoke on Tuesday.
//- b.txt
The mayor, Marco Antônio da Rocha, agreed.
//- c.txt
Mayor Marco Antonio da Rocha said so.
//- d.txt
The mayor, Marco Antonio da Rocha, left.
//- e.txt
Mayor Marco Antonio da Rocah won.
      ^^^^^^^^^^^^^^^^^^^^^^ name-variant: 'Marco Antonio da Rocah' here; 'Marco Antônio da Rocha' in a.txt:1 (and 3 more)
//- f.txt
The mayor, Marco Antonio da Rocah, lost.
           ^^^^^^^^^^^^^^^^^^^^^^ name-variant: 'Marco Antonio da Rocah' here
"#,
            RULE,
        );
    }

    #[test]
    fn person_name_one_letter_off_across_articles() {
        check_rules(
            r#"
//- a.txt
Northwind analysts Mark Dunn and Priya Rao said.
//- b.txt
– Mark Dunne and Priya Roa, analysts
  ^^^^^^^^^^ name-variant: 'Mark Dunne' here; 'Mark Dunn' in a.txt:1
                 ^^^^^^^^^ name-variant: 'Priya Rao' in a.txt:1
"#,
            RULE,
        );
    }

    #[test]
    fn relatives_and_people_sharing_a_first_name() {
        check_rules(
            r#"
//- a.txt
Kim Jong-un met Robert Smith and Kim Yo-jong.
//- b.txt
Kim Jong-il met Tom Hale, whose daughter Kim Jong-in agreed.
"#,
            RULE,
        );
    }

    #[test]
    fn similar_names_with_different_roles_are_two_people() {
        check_rules(
            r#"
//- a.txt
Said analyst Mark Kelly at Example Bank.
//- b.txt
Said Senator Mark Kelley of Samplestate.
"#,
            RULE,
        );
    }

    #[test]
    fn similar_names_in_one_article_are_two_people() {
        check_rules(
            r#"
//- a.txt
Jon Smith and John Smith, brothers, both spoke.
//- b.txt
John Smith spoke again.
"#,
            RULE,
        );
    }

    #[test]
    fn plurals_and_roman_numerals_are_not_typos() {
        check_rules(
            r#"
//- a.txt
Acme Holdings and Pope Leo III spoke; Serena Williams won.
//- b.txt
Acme Holding and Pope Leo XIII spoke; Serena William won.
"#,
            RULE,
        );
    }

    #[test]
    fn roles_of_one_family_are_one_person() {
        check_rules(
            r#"
//- a.txt
Executive vice president Ola Holm Lunde said so.
                         ^^^^^^^^^^^^^^ name-variant: 'Ola Holm Lunde' here; 'Ola Holm Lund' in b.txt:1
//- b.txt
Development head Ola Holm Lund agreed.
"#,
            RULE,
        );
    }

    #[test]
    fn a_final_n_dropped_after_e_is_a_slip() {
        check_rules(
            r#"
//- a.txt
Chief executive Dana Quillen said so, and Dana Quillen left.
//- b.txt
It quoted Dana Quille on Monday.
          ^^^^^^^^^^^ name-variant
"#,
            RULE,
        );
    }

    #[test]
    fn a_name_misspelt_once_in_the_article_that_writes_it_right() {
        check_rules(
            r#"
//- a.txt
Lars Brekke spoke first. Then Lars Brekke left.
Lars Breke returned later.
^^^^^^^^^^ name-variant: 'Lars Breke' here; 'Lars Brekke' in a.txt:1 (and 1 more)
"#,
            RULE,
        );
    }
}
