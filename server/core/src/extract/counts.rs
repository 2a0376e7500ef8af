//! Which small counts are figures.

use crate::types::Span;

/// A count below ten that is no figure: written in words ("two
/// earthquakes" says how many things a sentence is about, seldom a
/// figure to check), or after a name ("Max 9", "Series-7": a model). One
/// written in digits otherwise ("in 9 countries") is set down as a
/// figure. `digits` is the number as written, empty for number words.
pub fn too_small(text: &str, span: Span, value: f64, digits: &str) -> bool {
    if value >= 10.0 {
        return false;
    }
    let named = text
        .get(..span.start)
        .unwrap_or("")
        .trim_end_matches([' ', '-'])
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .is_some_and(|w| w.starts_with(char::is_uppercase));
    digits.is_empty() || named
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(text: &str, at: &str) -> bool {
        let start = text.find(at).unwrap_or(0);
        let digits = if at.starts_with(|c: char| c.is_ascii_digit()) {
            at
        } else {
            ""
        };
        too_small(text, Span::new(start, start + at.len()), 9.0, digits)
    }

    #[test]
    fn digits_are_figures_but_words_and_models_are_not() {
        assert!(!small("fined in 9 European countries", "9"));
        assert!(small("fined in nine European countries", "nine"));
        assert!(small("grounded the Zorblatt Max 9 jets", "9"));
        assert!(small("grounded the Zorblatt Max-9 jets", "9"));
    }
}
