//! Whether a name's capitals are typography, not spelling: a byline or a
//! dateline in capitals ([`shouted`]). Read once per mention, with the
//! mention ([`super::names`]); the name checks leave such names alone.

use super::names::{case_shape, CaseShape, NameMention};
use crate::types::Span;

/// Names whose capitals are typography: written in capitals throughout
/// ("JANE DOE" in a byline), or a dateline opening a story ("EXAMPLETON
/// (Wire) -", "EXAMPLETON, May 5 -"). `text` is the mention's article.
pub fn shouted(text: &str, m: &NameMention) -> bool {
    let slice = |w: &Span| text.get(w.start..w.end).unwrap_or("");
    // Most names have no word in capitals (two capitals at least): asked
    // first, a byte at a time.
    let may_be_upper = |w: &Span| {
        let t = slice(w);
        !t.is_ascii() || t.bytes().filter(u8::is_ascii_uppercase).nth(1).is_some()
    };
    if !m.words.is_empty() && !m.words.iter().any(may_be_upper) {
        return false;
    }
    let upper = |w: &Span| case_shape(slice(w)) == CaseShape::Upper;
    if m.sentence_start && m.words.iter().all(upper) {
        let next = text
            .get(m.span.end..)
            .and_then(|rest| rest.trim_start().chars().next());
        if next.is_some_and(|c| matches!(c, ',' | '(' | '-' | '–' | '—' | ':')) {
            return true;
        }
    }
    m.words
        .iter()
        .filter(|w| {
            let t = slice(w);
            t.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && case_shape(t) == CaseShape::Upper
        })
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use crate::extract::names::extract_names;
    use crate::text::sentences;

    #[test]
    fn names_in_capitals_for_typography_are_shouted() {
        let text = "EXAMPLETON, May 5 - JANE DOE wrote. Jane Doe and ACME met.\n\nBy JANE DOE\n";
        let ms = extract_names(text, &sentences(text));
        let shouted: Vec<(&str, bool)> = ms
            .iter()
            .map(|m| (&text[m.span.start..m.span.end], m.shouted))
            .collect();
        assert_eq!(
            shouted,
            [
                // A dateline opening the story.
                ("EXAMPLETON", true),
                // (A month: the passes leave calendar words alone.)
                ("May", false),
                // Two words in capitals: a byline's typography.
                ("JANE DOE", true),
                ("Jane Doe", false),
                // One word in capitals mid-sentence: how it is spelt.
                ("ACME", false),
                ("JANE DOE", true),
            ]
        );
        // The article's facts read what follows a name as written.
        let masked = "EXAMPLETON<!-- copydesk-disable-line -->, May 5 - Rates rose.\n";
        let facts = crate::extract::extract(masked);
        let m = facts
            .names
            .iter()
            .find(|m| &masked[m.span.start..m.span.end] == "EXAMPLETON")
            .expect("the dateline's name");
        assert!(!m.shouted && !super::shouted(masked, m));
    }
}
