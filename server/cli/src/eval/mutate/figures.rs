//! Figure mutants: a number another article also states, moved by a near
//! miss or by 15–40%.

use std::sync::OnceLock;

use regex::Regex;

use super::{stated_twice, Site, MONTHS};

fn number_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\d+(?:[.,]\d+)*").expect("number pattern"))
}

/// Words next to a number that make it a date or a time, not a figure
/// (besides the month names, [`MONTHS`]).
const DATE_TIME_WORDS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m",
    "p.m", "am", "pm", "gmt", "utc", "ist", "est", "edt", "cet", "cest", "bst", "hrs", "hours",
];

/// Letters that may follow a figure's digits ("3.2bn", "40pc").
const SCALE_SUFFIXES: &[&str] = &["bn", "m", "mn", "k", "tn", "pc", "bln", "mln", "x"];

/// The canonical value of a figure token ("2,424" → "2424"), or `None`
/// when the token is not a figure written in the English way.
pub(super) fn canonical_number(token: &str) -> Option<String> {
    let (int, frac) = token.split_once('.').unwrap_or((token, ""));
    if frac.contains(['.', ',']) {
        return None;
    }
    let groups: Vec<&str> = int.split(',').collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let digits: String = groups.concat();
    let significant = digits.trim_start_matches('0').len() + frac.len();
    if significant < 2 {
        return None;
    }
    // A year is a date, not a figure.
    if frac.is_empty() && groups.len() == 1 && digits.len() == 4 {
        if let Ok(y) = digits.parse::<u32>() {
            if (1800..=2100).contains(&y) {
                return None;
            }
        }
    }
    Some(if frac.is_empty() {
        digits
    } else {
        format!("{digits}.{frac}")
    })
}

pub(super) fn figure_sites(docs: &[(String, String)]) -> Vec<Site> {
    let mut found: Vec<(usize, usize, usize, String)> = Vec::new();
    for (d, (_, text)) in docs.iter().enumerate() {
        for m in number_regex().find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = &text[m.end()..];
            if before.is_some_and(|c| c.is_alphanumeric() || "./:#".contains(c)) {
                continue;
            }
            if before == Some('-')
                && text[..m.start() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let suffix: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
            if !suffix.is_empty() && !SCALE_SUFFIXES.contains(&suffix.to_lowercase().as_str()) {
                continue;
            }
            if after.starts_with([':', '/']) && after[1..].starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            let prev_word = text[..m.start()]
                .split_whitespace()
                .next_back()
                .unwrap_or("");
            let next_word = after.split_whitespace().next().unwrap_or("");
            let is_date_word = |w: &str| {
                let w = w
                    .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
                    .trim_end_matches('.');
                {
                    let w = w.to_lowercase();
                    MONTHS.contains(&w.as_str()) || DATE_TIME_WORDS.contains(&w.as_str())
                }
            };
            if is_date_word(prev_word) || (suffix.is_empty() && is_date_word(next_word)) {
                continue;
            }
            if let Some(value) = canonical_number(m.as_str()) {
                found.push((d, m.start(), m.end(), value));
            }
        }
    }
    stated_twice(&found)
}

pub(super) fn mutate_number(
    original: &str,
    rng: &mut fastrand::Rng,
) -> Option<(&'static str, String)> {
    let grouped = original.contains(',');
    let plain: String = original.chars().filter(|c| *c != ',').collect();
    let decimals = plain.split_once('.').map_or(0, |(_, f)| f.len());
    let value: f64 = plain.parse().ok()?;
    let format = |v: f64| -> String {
        let s = format!("{:.*}", decimals, v);
        if grouped {
            group_thousands(&s)
        } else {
            s
        }
    };
    for _ in 0..8 {
        let (kind, to) = match rng.u8(..4) {
            0 => {
                let digits: Vec<char> = plain.chars().collect();
                let pairs: Vec<usize> = (0..digits.len().saturating_sub(1))
                    .filter(|&i| {
                        digits[i].is_ascii_digit()
                            && digits[i + 1].is_ascii_digit()
                            && digits[i] != digits[i + 1]
                            && !(i == 0 && digits[1] == '0')
                    })
                    .collect();
                if pairs.is_empty() {
                    continue;
                }
                let i = pairs[rng.usize(..pairs.len())];
                let mut swapped = digits.clone();
                swapped.swap(i, i + 1);
                let s: String = swapped.into_iter().collect();
                let to = if grouped { group_thousands(&s) } else { s };
                ("transpose", to)
            }
            1 => {
                let unit = 10f64.powi(-(decimals as i32));
                let step = [-2.0, -1.0, 1.0, 2.0][rng.usize(..4)];
                ("last-digit", format(value + step * unit))
            }
            2 => {
                let f = 0.03 + rng.f64() * 0.05;
                let sign = if rng.bool() { 1.0 } else { -1.0 };
                ("few-percent", format(value * (1.0 + sign * f)))
            }
            _ => {
                let f = 0.15 + rng.f64() * 0.25;
                let sign = if rng.bool() { 1.0 } else { -1.0 };
                ("15-40-percent", format(value * (1.0 + sign * f)))
            }
        };
        let new_value: f64 = to.replace(',', "").parse().ok()?;
        if to != original && new_value > 0.0 && (new_value - value).abs() > f64::EPSILON {
            return Some((kind, to));
        }
    }
    None
}

pub(super) fn group_thousands(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}
