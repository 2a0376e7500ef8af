//! Name mutants: a proper name another article also writes, misspelt once.

use super::{stated_twice, word_regex, Site, Words, MONTHS, WEEKDAYS};

fn is_name_form(form: &str, words: &Words) -> bool {
    let mut chars = form.chars();
    chars.next().is_some_and(char::is_uppercase)
        && form.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && form.chars().any(char::is_lowercase)
        // Month and weekday names: capitalised, but not names to misspell.
        && !MONTHS.contains(&form.to_lowercase().as_str())
        && !WEEKDAYS.contains(&form.to_lowercase().as_str())
        && words.mid_sentence.contains(form)
        && !words.lower.contains(&form.to_lowercase())
}

pub(super) fn name_sites(docs: &[(String, String)], words: &Words) -> Vec<Site> {
    let mut found: Vec<(usize, usize, usize, String)> = Vec::new();
    for (d, (_, text)) in docs.iter().enumerate() {
        let tokens: Vec<regex::Match> = word_regex().find_iter(text).collect();
        for (i, m) in tokens.iter().enumerate() {
            if !is_name_form(m.as_str(), words) {
                continue;
            }
            found.push((d, m.start(), m.end(), m.as_str().to_string()));
            // Two capitalised words joined by one space: a compound whose
            // space can be dropped.
            if let Some(next) = tokens.get(i + 1) {
                if &text[m.end()..next.start()] == " " && is_name_form(next.as_str(), words) {
                    found.push((
                        d,
                        m.start(),
                        next.end(),
                        text[m.start()..next.end()].to_string(),
                    ));
                }
            }
        }
    }
    stated_twice(&found)
}

pub(super) fn mutate_name(
    original: &str,
    words: &Words,
    rng: &mut fastrand::Rng,
) -> Option<(&'static str, String)> {
    let chars: Vec<char> = original.chars().collect();
    let n = chars.len();
    let letter_at = |i: usize| chars.get(i).is_some_and(|c| c.is_alphabetic());
    for _ in 0..12 {
        let (kind, to): (&'static str, String) = if original.contains(' ') {
            ("join-compound", original.replacen(' ', "", 1))
        } else {
            match rng.u8(..6) {
                0 => {
                    let i = 1 + rng.usize(..n - 1);
                    if !letter_at(i) {
                        continue;
                    }
                    let mut c = chars.clone();
                    c.remove(i);
                    ("drop-letter", c.into_iter().collect())
                }
                1 => {
                    let i = 1 + rng.usize(..n - 1);
                    if !letter_at(i) {
                        continue;
                    }
                    let mut c = chars.clone();
                    c.insert(i, chars[i]);
                    ("double-letter", c.into_iter().collect())
                }
                2 => {
                    let i = 1 + rng.usize(..n - 2);
                    if !letter_at(i) || !letter_at(i + 1) || chars[i] == chars[i + 1] {
                        continue;
                    }
                    let mut c = chars.clone();
                    c.swap(i, i + 1);
                    ("swap-letters", c.into_iter().collect())
                }
                3 => {
                    let vowels: Vec<usize> =
                        (1..n).filter(|&i| "aeiou".contains(chars[i])).collect();
                    let Some(&i) = vowels.get(rng.usize(..vowels.len().max(1))) else {
                        continue;
                    };
                    let others: Vec<char> = "aeiou".chars().filter(|v| *v != chars[i]).collect();
                    let mut c = chars.clone();
                    c[i] = others[rng.usize(..others.len())];
                    ("vowel", c.into_iter().collect())
                }
                4 => {
                    let mut c = chars.clone();
                    if rng.bool() {
                        c[0] = c[0].to_lowercase().next().unwrap_or(c[0]);
                    } else {
                        let lows: Vec<usize> =
                            (1..n).filter(|&i| chars[i].is_lowercase()).collect();
                        let Some(&i) = lows.get(rng.usize(..lows.len().max(1))) else {
                            continue;
                        };
                        c[i] = c[i].to_uppercase().next().unwrap_or(c[i]);
                    }
                    ("case", c.into_iter().collect())
                }
                _ => {
                    // A space into a compound: at a hyphen or an inner capital.
                    if let Some(i) = (1..n).find(|&i| chars[i] == '-') {
                        let mut c = chars.clone();
                        c[i] = ' ';
                        ("split-compound", c.into_iter().collect())
                    } else if let Some(i) =
                        (1..n).find(|&i| chars[i].is_uppercase() && chars[i - 1].is_lowercase())
                    {
                        let mut c = chars.clone();
                        c.insert(i, ' ');
                        ("split-compound", c.into_iter().collect())
                    } else {
                        continue;
                    }
                }
            }
        };
        // A misspelling is a form the bundle does not have.
        if to != original && !words.forms.contains(&to) && !words.forms.contains(&to.to_lowercase())
        {
            return Some((kind, to));
        }
    }
    None
}
