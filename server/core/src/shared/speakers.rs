//! Who a name mention is, for the checks that follow a person through the
//! bundle (who is quoted, who holds a title): the person as lower-case
//! words, from a name of two or three words or from initials and a
//! surname.

use crate::bundle::Document;
use crate::extract::{NameKind, NameMention};
use crate::lexicon;
use crate::types::Span;

/// The person a name mention stands for, as (span, lower-case words): two
/// or three capitalised words, cut at a connector ("Jane Doe of Example
/// Capital" is Jane Doe); a particle of the surname is in the span but not
/// in the words ("Pieter de Vries" is "pieter vries"). `None` for a
/// one-word name or a longer one.
pub fn person(doc: &Document, m: &NameMention) -> Option<(Span, String)> {
    if m.kind == NameKind::Word {
        return after_initials(doc, m);
    }
    if m.kind != NameKind::MultiWord {
        return None;
    }
    // How many of its words, from the first, are joined into the name:
    // past three it is no person's.
    let mut joined_words = 1;
    for pair in m.words.windows(2) {
        let gap = doc.slice(Span::new(pair[0].end, pair[1].start));
        // Spaces, or a particle of the surname ("Pieter de Vries"); "of"
        // ends the name ("Jane Doe of Example Capital").
        let joined = gap.chars().all(char::is_whitespace)
            || (gap.starts_with(' ')
                && gap.ends_with(' ')
                && lexicon::names().is_surname_particle(gap.trim()));
        if !joined || joined_words > 3 {
            break;
        }
        joined_words += 1;
    }
    let words = m.words.get(..joined_words)?;
    if !(2..=3).contains(&words.len()) {
        return None;
    }
    let span = Span::new(words.first()?.start, words.last()?.end);
    // The words in lower case, one space between: made in one string.
    let mut key = String::with_capacity(span.len());
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            key.push(' ');
        }
        let word = doc.slice(*w);
        if word.is_ascii() {
            key.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            key.push_str(&word.to_lowercase());
        }
    }
    Some((span, key))
}

/// A one-word name just after initials ("G.S. Doe"), which a full stop
/// may have cut from it: the person with the initials as a first name.
fn after_initials(doc: &Document, m: &NameMention) -> Option<(Span, String)> {
    let before = doc.text.get(..m.span.start)?.strip_suffix(' ')?;
    let initials = before.rsplit(char::is_whitespace).next()?;
    let letters = initials.chars().filter(|c| c.is_alphabetic()).count();
    let shaped = initials.ends_with('.')
        && initials.chars().all(|c| c == '.' || c.is_uppercase())
        && initials.matches('.').count() == letters;
    if !(1..=3).contains(&letters) || !shaped {
        return None;
    }
    let start = before.len() - initials.len();
    let key = format!(
        "{} {}",
        initials.to_lowercase(),
        doc.slice(m.core).to_lowercase()
    );
    Some((Span::new(start, m.span.end), key))
}

#[cfg(test)]
mod tests {
    use super::person;
    use crate::bundle::Bundle;

    /// The person keys of the names of `text`, in order.
    fn people(text: &str) -> Vec<String> {
        let mut bundle = Bundle::new();
        bundle.upsert("a.txt", "a.txt", 0, text);
        let doc = bundle.documents()[0];
        doc.facts
            .names
            .iter()
            .filter_map(|m| person(doc, m))
            .map(|(span, key)| format!("{key} = {}", doc.slice(span)))
            .collect()
    }

    #[test]
    fn two_or_three_words_initials_and_particles() {
        assert_eq!(
            people("Analyst Zorblatt Vane of Examplecorp spoke to Pieter de Vries and G.S. Quill."),
            [
                "zorblatt vane = Zorblatt Vane",
                "pieter vries = Pieter de Vries",
                "g.s. quill = G.S. Quill",
            ]
        );
    }
}
