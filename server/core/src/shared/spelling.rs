//! Near-miss spelling shared by the checks that compare names: two words
//! one typist's slip apart.

/// Two lower-case words that are one typo apart: letters only, at least
/// three of them, same first letter, not a plural or a roman numeral, and
/// one edit apart (two for words of eight letters or more).
pub fn near_miss(a: &str, b: &str) -> bool {
    let letters = |w: &str| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic);
    let roman = |w: &str| w.chars().all(|c| "ivxlcdm".contains(c));
    if a == b || !letters(a) || !letters(b) || roman(a) || roman(b) {
        return false;
    }
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let plural =
        |x: &str, y: &str| x.strip_suffix('s') == Some(y) || x.strip_suffix("es") == Some(y);
    if plural(a, b) || plural(b, a) {
        return false;
    }
    let longest = a.chars().count().max(b.chars().count());
    let limit = if longest >= 8 { 2 } else { 1 };
    strsim::damerau_levenshtein(a, b) <= limit
}

#[cfg(test)]
mod tests {
    use super::near_miss;

    #[test]
    fn one_slip_apart_but_not_plurals_numerals_or_other_initials() {
        assert!(near_miss("quill", "quil"));
        assert!(near_miss("zorblatt", "zorbaltt"));
        assert!(near_miss("vanderholt", "vandrehlot"));
        assert!(!near_miss("vane", "vane"));
        assert!(!near_miss("vane", "cane"));
        assert!(!near_miss("vane", "vanes"));
        assert!(!near_miss("viii", "vii"));
        assert!(!near_miss("ab", "ac"));
        assert!(!near_miss("vane2", "vane"));
        assert!(!near_miss("quill", "quinn"));
    }
}
