//! Pass 5 of `name-variant`: accents. A word of a name written with and
//! without accents ("José" / "Jose"); the plain spelling of an article that
//! writes no accented letter at all is an accepted rendering.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::spelling::plain;
use super::{occ, Group, Occ, Spelling};
use crate::bundle::Document;
use crate::memo::{Grouping, Member};
use crate::types::Span;

/// One word of a name: (plain key, composed lower case where it is not
/// the key, span, whether its article writes no letter outside ASCII).
/// Most name words are ASCII, their lower case their key: one string.
type AccentItem = (String, Option<Box<str>>, Span, bool);

/// The composed lower case of an item.
fn form(item: &AccentItem) -> &str {
    item.1.as_deref().unwrap_or(&item.0)
}

/// The accent pass's view of one article (cached per article).
pub(super) fn accent_items(d: &Document) -> Vec<AccentItem> {
    let ascii = d.text.is_ascii() || !d.text.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    let mut out = Vec::with_capacity(super::name_words(d));
    for m in &d.facts.names {
        for &w in &m.words {
            let text = d.slice(w);
            if text.chars().count() < 3 || !text.chars().any(|c| c.is_alphabetic()) {
                continue;
            }
            let key = plain(text);
            // ASCII is its own composed form: its lower case is compared
            // with the key byte by byte, not made.
            let form = if text.is_ascii() {
                let lowers_to_key = key.len() == text.len()
                    && key
                        .bytes()
                        .zip(text.bytes())
                        .all(|(k, t)| k == t.to_ascii_lowercase());
                (!lowers_to_key).then(|| text.to_ascii_lowercase().into_boxed_str())
            } else {
                let lower = text.nfc_lower();
                (lower != key).then(|| lower.into_boxed_str())
            };
            out.push((key, form, w, ascii));
        }
    }
    out
}

/// Pass 5: a word of a name written with and without accents
/// ("Erdoğan" / "Erdogan", "José" / "Jose"), transliteration drift in one
/// article or across several. An article that writes no accented letter
/// at all renders names in ASCII on purpose: its plain spellings are
/// accepted where the others write the accents.
pub(super) struct AccentPass;

impl Grouping for AccentPass {
    type Item = AccentItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i AccentItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.0));
    }

    fn eval(&self, _: &String, members: &[Member<'_, AccentItem>]) -> Option<Group> {
        let first = form(members.first()?.item);
        if members.iter().all(|m| form(m.item) == first) {
            return None;
        }
        let mut forms: BTreeMap<&str, Vec<(Occ, bool)>> = BTreeMap::new();
        for m in members {
            let (_, _, span, ascii) = m.item;
            forms
                .entry(form(m.item))
                .or_default()
                .push((occ(m.pos, m.doc, *span), *ascii));
        }
        if forms.len() < 2 {
            return None;
        }
        let mut plain_forms = forms.iter().filter(|(form, _)| form.is_ascii()).peekable();
        let quiet = plain_forms.peek().is_some()
            && plain_forms
                .flat_map(|(_, occs)| occs)
                .all(|(_, ascii)| *ascii);
        // Case differences are the capitals pass's business: one class
        // per accent pattern, shown as first written.
        let spellings = forms
            .into_values()
            .filter_map(|occs| {
                let first = occs.iter().map(|(o, _)| *o).min()?;
                let text = members
                    .iter()
                    .find(|m| m.doc.id == first.doc)
                    .map(|m| m.doc.slice(first.span).to_string())?;
                Some(Spelling {
                    text,
                    occs: occs.into_iter().map(|(o, _)| o).collect(),
                })
            })
            .collect();
        Some(Group {
            spellings,
            quiet,
            note: false,
        })
    }
}

/// Lower case in composed form, so that two encodings of one accent agree.
trait NfcLower {
    fn nfc_lower(&self) -> String;
}

impl NfcLower for str {
    fn nfc_lower(&self) -> String {
        use unicode_normalization::UnicodeNormalization;
        // ASCII is its own composed form.
        if self.is_ascii() {
            return self.to_ascii_lowercase();
        }
        self.nfc().flat_map(char::to_lowercase).collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn accents_dropped_in_one_article_or_across_several() {
        check_rules(
            r#"
//- a.txt
President Tayfun Özdemir spoke. Ozdemir later left.
                                ^^^^^^^ name-variant: 'Ozdemir' here; 'Tayfun Özdemir' in a.txt:1
//- b.txt
Özdemir met José Ruiz, and Jose Ruíz replied.
            ^^^^ name-variant: 'José Ruiz' here; 'Jose Ruíz' in b.txt:1
                                ^^^^ name-variant: 'Jose Ruíz' here; 'José Ruiz' in b.txt:1
"#,
            RULE,
        );
    }

    /// An ASCII word's lower case is its key, held once; any other
    /// spelling keeps its own.
    #[test]
    fn an_item_keeps_its_lower_case_only_where_it_is_not_the_key() {
        use super::{accent_items, form};
        use crate::bundle::Bundle;
        let mut b = Bundle::new();
        b.upsert("a", "a.txt", 0, "Then Jose Ruíz and MacDonald Søren spoke.");
        let docs = b.documents();
        let items = accent_items(docs[0]);
        let seen: Vec<(&str, bool, &str)> = items
            .iter()
            .map(|it| (it.0.as_str(), it.1.is_some(), form(it)))
            .collect();
        assert!(seen.contains(&("jose", false, "jose")), "{seen:?}");
        assert!(
            seen.contains(&("macdonald", false, "macdonald")),
            "{seen:?}"
        );
        assert!(seen.contains(&("ruiz", true, "ruíz")), "{seen:?}");
        assert!(seen.contains(&("soren", true, "søren")), "{seen:?}");
    }

    #[test]
    fn an_ascii_article_renders_accents_plainly() {
        check_rules(
            r#"
//- a.txt
Chief executive Søren Dalby spoke, and Dalby left.
//- b.txt
Chief executive Soren Dalby agreed.
"#,
            RULE,
        );
    }
}
