//! The words of a quotation for `quote-mismatch`: folded for comparison
//! (case, apostrophes, plural and possessive endings), an omission as one
//! gap; and the marks of a machine translation in an article.

use super::GAP;

/// One word folded for comparison: lower case, straight apostrophes, a
/// possessive or plural ending dropped.
pub(super) fn fold_word(w: &str) -> String {
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
            c if c.is_alphanumeric() || c == '\'' || c == '’' => word.push(c),
            _ => flush(&mut word, &mut out),
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Marks of a machine translation in an article: a space before a
/// comma, full stop or "'s", a space inside brackets, a decimal comma in
/// English text ("2,70 dollars"). Newsroom copy has next to none.
pub(super) fn translation_artifacts(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut n = 0;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let prev2 = i.checked_sub(2).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let next2 = chars.get(i + 2).copied();
        let after = chars.get(i + 3).copied();
        let word_before = prev == Some(' ') && prev2.is_some_and(char::is_alphanumeric);
        match c {
            // "hostel ," "accident ." (not "… ." or a spaced ellipsis)
            ',' | '.' | ';' if word_before && next.is_none_or(char::is_whitespace) => n += 1,
            // "Acme Air 's"
            '\'' | '’'
                if word_before
                    && next == Some('s')
                    && next2.is_none_or(|c| !c.is_alphanumeric()) =>
            {
                n += 1
            }
            '(' if next == Some(' ') => n += 1,
            ')' if prev == Some(' ') => n += 1,
            // "2,70" or "8,1 percent", not "1,752"
            ',' if prev.is_some_and(|c| c.is_ascii_digit())
                && next.is_some_and(|c| c.is_ascii_digit())
                && (next2.is_none_or(|c| !c.is_ascii_digit())
                    || after.is_none_or(|c| !c.is_ascii_digit())) =>
            {
                n += 1
            }
            _ => {}
        }
    }
    n
}

/// Marks of translation from which an article is taken for a machine
/// translation.
pub(super) const MACHINE_ARTIFACTS: usize = 3;

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
    fn translation_artifacts_are_counted() {
        assert_eq!(
            translation_artifacts("Sales rose 1,752 units, said Jane Doe."),
            0
        );
        assert_eq!(
            translation_artifacts("Examplecorp 's plant ( the big one ) rose 2,5 percent ."),
            5
        );
    }
}
