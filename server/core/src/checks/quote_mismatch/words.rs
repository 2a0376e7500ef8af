//! The words of a quotation for `quote-mismatch`: folded for comparison
//! (case, apostrophes, plural and possessive endings, US and UK spelling),
//! an omission as one gap.

use super::GAP;
use crate::shared::spelling::us_uk_fold;

/// The word a percent sign stands for ("15%" is "15 percent"; "per cent"
/// joins into it where the other version writes one word).
const PERCENT: &str = "percent";

/// One word folded for comparison: lower case, straight apostrophes, a
/// possessive or plural ending dropped, one spelling for its US and UK
/// forms ("realised" / "realized").
pub(super) fn fold_word(w: &str) -> String {
    let w = fold_ending(w);
    match us_uk_fold(&w) {
        std::borrow::Cow::Borrowed(_) => w,
        std::borrow::Cow::Owned(o) => o,
    }
}

/// Lower case, straight apostrophes, a possessive or plural ending dropped.
fn fold_ending(w: &str) -> String {
    let w = w
        .trim_matches(|c| c == '\'' || c == '’')
        .to_lowercase()
        .replace('’', "'");
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("s'"))
        .map(str::to_string)
        .unwrap_or(w);
    if w.chars().count() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w[..w.len() - 1].to_string()
    } else {
        w
    }
}

/// Lower case, straight apostrophes, words of letters and digits; a
/// possessive or plural ending is dropped.
#[cfg(test)]
fn fold_words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|(f, _)| f).collect()
}

/// The words of a quotation as (folded, as written); an ellipsis or a
/// bracketed insertion is one [`GAP`].
pub(super) fn tokens(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let gap = |out: &mut Vec<(String, String)>| {
        if out.last().is_none_or(|(f, _)| f != GAP) {
            out.push((GAP.to_string(), GAP.to_string()));
        }
    };
    let mut word = String::new();
    let mut in_bracket = false;
    let mut dots = 0;
    let flush = |word: &mut String, out: &mut Vec<(String, String)>| {
        let shown = word.trim_matches(|c| c == '\'' || c == '’').to_string();
        if !shown.is_empty() {
            let folded = fold_word(&shown);
            if !folded.is_empty() {
                out.push((folded, shown));
            }
        }
        word.clear();
    };
    for c in text.chars() {
        if in_bracket {
            if c == ']' {
                in_bracket = false;
            }
            continue;
        }
        if c == '.' {
            dots += 1;
            if dots == 3 {
                flush(&mut word, &mut out);
                gap(&mut out);
            }
        } else {
            dots = 0;
        }
        match c {
            '[' => {
                flush(&mut word, &mut out);
                gap(&mut out);
                in_bracket = true;
            }
            '…' => {
                flush(&mut word, &mut out);
                gap(&mut out);
            }
            '%' => {
                flush(&mut word, &mut out);
                out.push((PERCENT.to_string(), "%".to_string()));
            }
            c if c.is_alphanumeric() || c == '\'' || c == '’' => word.push(c),
            _ => flush(&mut word, &mut out),
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_plurals_possessives_and_punctuation() {
        assert_eq!(
            fold_words("Investors’ focus, Examplecorp's moves!"),
            ["investor", "focu", "examplecorp", "move"]
        );
    }

    #[test]
    fn us_and_uk_spellings_and_the_percent_sign_fold_to_one_word() {
        assert_eq!(fold_words("we realised"), fold_words("We realized"));
        assert_eq!(fold_words("the colours"), fold_words("the colors"));
        assert_eq!(fold_words("by 15%"), ["by", "15", "percent"]);
        assert_eq!(fold_words("15 percent"), fold_words("15%"));
    }
}
