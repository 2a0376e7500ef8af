//! The second pass of `translation-false-friend`: a word of the wrong
//! sense, from `server/data/senses.toml` (embedded, parsed once): one
//! article that calls the same owner's craft by words of two kinds.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::bundle::Document;
use crate::text::find_whole_words;
use crate::types::Span;

const SENSES_TOML: &str = include_str!("../../../../data/senses.toml");

#[derive(Deserialize)]
struct RawSenses {
    not_owner: Vec<String>,
    kind: Vec<RawKind>,
}

#[derive(Deserialize)]
struct RawKind {
    name: String,
    words: Vec<String>,
}

fn senses() -> &'static RawSenses {
    static DATA: OnceLock<RawSenses> = OnceLock::new();
    DATA.get_or_init(|| {
        toml::from_str::<RawSenses>(SENSES_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/senses.toml does not parse: {e}");
            RawSenses {
                not_owner: Vec::new(),
                kind: Vec::new(),
            }
        })
    })
}

/// One automaton over the craft words of every kind, in the order of
/// [`RawSenses::kind`] and their `words`: most articles hold none of them,
/// and one pass over the text says which to look for.
fn craft_words() -> Option<&'static AhoCorasick> {
    static AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    AC.get_or_init(|| AhoCorasick::new(senses().kind.iter().flat_map(|k| k.words.iter())).ok())
        .as_ref()
}

/// For each craft word in the order of [`craft_words`], whether `text`
/// holds it anywhere (as a word or inside one); all `true` without the
/// automaton.
fn words_present(text: &str) -> Vec<bool> {
    let n = senses().kind.iter().map(|k| k.words.len()).sum();
    let Some(ac) = craft_words() else {
        return vec![true; n];
    };
    let mut present = vec![false; n];
    for m in ac.find_overlapping_iter(text) {
        if let Some(p) = present.get_mut(m.pattern().as_usize()) {
            *p = true;
        }
    }
    present
}

/// The capitalised words of `text` right before `end` ("... Acme Air"),
/// without words that never name an owner.
fn owner_before(text: &str, end: usize) -> Option<String> {
    let s = senses();
    let before = text.get(..end)?;
    let mut words: Vec<&str> = before
        .rsplit(' ')
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .take(4)
        .collect();
    words.reverse();
    let first_real = words
        .iter()
        .position(|w| !s.not_owner.iter().any(|n| n.eq_ignore_ascii_case(w)))?;
    let owner = words.get(first_real..)?.join(" ");
    (!owner.is_empty()
        && owner
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-'))
    .then_some(owner)
}

/// The capitalised words of `text` from `start` ("Acme Air which ...").
fn owner_after(text: &str, start: usize) -> Option<String> {
    let s = senses();
    let after = text.get(start..)?;
    let words: Vec<&str> = after
        .split(' ')
        .take_while(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !s.not_owner.iter().any(|n| n.eq_ignore_ascii_case(w))
        })
        .take(4)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Craft words whose owner the same article gives a craft of another kind
/// much more often: "the ship of Acme Air" where the article otherwise
/// calls Acme Air's craft a plane. (span, written, other word, its span,
/// the other word's kind).
pub(super) fn wrong_senses(doc: &Document) -> Vec<(Span, String, String, Span, &'static str)> {
    let s = senses();
    let text = &*doc.text;
    // (kind, owner, span) of every craft word with an owner; kind counts.
    let mut owned: Vec<(usize, String, Span)> = Vec::new();
    let mut counts = vec![0usize; s.kind.len()];
    // A word the text does not hold has no place to find.
    let mut present = words_present(text).into_iter();
    for (k, kind) in s.kind.iter().enumerate() {
        for w in &kind.words {
            if !present.next().unwrap_or(true) {
                continue;
            }
            for span in find_whole_words(text, w) {
                counts[k] += 1;
                let owner = text
                    .get(span.end..)
                    .and_then(|r| r.strip_prefix(" of "))
                    .and_then(|_| owner_after(text, span.end + 4))
                    .or_else(|| {
                        let b = text.get(..span.start)?;
                        let b = b.strip_suffix(' ')?;
                        let b = b
                            .strip_suffix("'s")
                            .or_else(|| b.strip_suffix("’s"))
                            .unwrap_or(b);
                        owner_before(text, b.len())
                    });
                if let Some(o) = owner {
                    owned.push((k, o, span));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (k, owner, span) in &owned {
        let mine = counts.get(*k).copied().unwrap_or(0);
        let other = owned.iter().find(|(k2, o2, _)| {
            k2 != k && o2 == owner && counts.get(*k2).is_some_and(|&c| c >= 3 && c >= 3 * mine)
        });
        if let Some((k2, _, ospan)) = other {
            out.push((
                *span,
                text.get(span.start..span.end).unwrap_or("").to_string(),
                text.get(ospan.start..ospan.end).unwrap_or("").to_string(),
                *ospan,
                s.kind.get(*k2).map_or("", |k| k.name.as_str()),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["translation-false-friend"];

    #[test]
    fn the_craft_words_an_article_holds() {
        let s = super::senses();
        let words: Vec<&String> = s.kind.iter().flat_map(|k| k.words.iter()).collect();
        let text = format!("Examplecorp said its {}s were late.", words[0]);
        let present = super::words_present(&text);
        assert_eq!(present.len(), words.len());
        for (w, p) in words.iter().zip(&present) {
            assert_eq!(*p, text.contains(w.as_str()), "{w}");
        }
        assert!(present[0]);
        assert!(super::words_present("Nothing here.").iter().all(|p| !p));
    }

    #[test]
    fn a_craft_word_of_the_wrong_kind() {
        check_rules(
            r#"
//- a.txt
The Northwind Air plane landed hard in fog.
The ship of Northwind Air which had left at noon lost a wheel.
    ^^^^ translation-false-friend: 'plane'
The plane skidded, and the plane stopped in the grass.
//- b.txt
The Northwind Air plane landed. Ferries and ships took the crew home, and the ship of Baltic Lines waited.
The plane was towed away.
"#,
            RULE,
        );
    }
}
