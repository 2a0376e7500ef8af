//! What limits a figure's claim, read from the words around it: quotation
//! marks (a person's words, not the article's claim), a year named in a
//! background clause ("since 2004 when ..."), a clock time ("at 7 p.m."),
//! the noun a count counts ("three days", "53 British nationals") and a
//! part of a whole ("1,250 in Al Marzana", "a third of the deaths (410)").
//!
//! Pure helpers over one article's text; `figures` and `frames` use them.

use crate::types::Span;

/// Spans inside quotation marks, per line: curly quotes pair up as opened
/// and closed, straight double quotes alternate. An unclosed quote runs to
/// the end of its line (a quote continued in the next paragraph).
pub fn quoted_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in crate::text::split_lines_inclusive(text) {
        let mut open: Option<usize> = None;
        // Only a straight quote, a curly one (first byte 0xE2) or a
        // guillemet (first byte 0xC2) can open or close: a lead byte is
        // never inside another char.
        for i in memchr::memchr3_iter(b'"', 0xE2, 0xC2, line.as_bytes()) {
            let Some(c) = line.get(i..).and_then(|r| r.chars().next()) else {
                continue;
            };
            let at = line_start + i;
            match c {
                '“' | '«' if open.is_none() => open = Some(at),
                '”' | '»' => {
                    if let Some(s) = open.take() {
                        out.push(Span::new(s, at + c.len_utf8()));
                    }
                }
                '"' => match open.take() {
                    Some(s) => out.push(Span::new(s, at + 1)),
                    None => open = Some(at),
                },
                _ => {}
            }
        }
        if let Some(s) = open {
            out.push(Span::new(s, line_start + line.trim_end().len()));
        }
        line_start += line.len();
    }
    out
}

/// Whether `span` lies inside one of `quoted` (sorted by start).
pub fn in_quote(quoted: &[Span], span: Span) -> bool {
    let i = quoted.partition_point(|q| q.start <= span.start);
    i > 0 && quoted[i - 1].end >= span.end
}

/// Four-digit years (1900..2100) of `text`, with their spans.
pub fn years(text: &str) -> Vec<(Span, i32)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        // A digit first: most bytes are none.
        let edge_before = || i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let edge_after = || b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric());
        if b[i].is_ascii_digit()
            && edge_before()
            && edge_after()
            && b[i..i + 4].iter().all(u8::is_ascii_digit)
        {
            if let Ok(y) = text[i..i + 4].parse::<i32>() {
                if (1900..2100).contains(&y) {
                    out.push((Span::new(i, i + 4), y));
                }
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// A year named as background: "since 2004 when ...", "until 2019",
/// "before 2010", "in 2004, when ...". Such a year dates neither the
/// article nor the figures around it; the figures after it in its
/// sentence belong to that other time.
pub fn is_background_year(lower: &str, year: Span) -> bool {
    let before = lower[..year.start].trim_end();
    let word_before = before
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    year_opens_event(lower, year) || matches!(word_before, "since" | "until" | "till" | "before")
}

/// A year that an event clause follows ("since 2004, when ..."): the rest
/// of the sentence tells of that event. A year after "since" alone ("had,
/// since 2008, given ...") bounds only its own clause.
pub fn year_opens_event(lower: &str, year: Span) -> bool {
    let after = lower[year.end..].trim_start_matches([',', ' ', '(']);
    ["when ", "where ", "after which "]
        .iter()
        .any(|w| after.starts_with(w))
}

/// A clock time in `span`: "7 p.m.", "10:30 a.m. EDT", "0815 GMT",
/// "23:11 local time", as a normalised label ("7pm", "10:30am", "0815").
pub fn clock_in(lower: &str, span: Span) -> Option<String> {
    let s = lower.get(span.start..span.end)?;
    let b = s.as_bytes();
    let mut i = 0;
    // Brackets opened and closed before `i`, counted as the scan goes (not
    // again for every number: one sentence may hold thousands).
    let (mut opens, mut closes) = (0usize, 0usize);
    let mut counted = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        for &c in &b[counted..i] {
            match c {
                b'(' => opens += 1,
                b')' => closes += 1,
                _ => {}
            }
        }
        counted = i;
        let mut j = i;
        while j < b.len() && (b[j].is_ascii_digit() || b[j] == b':') {
            j += 1;
        }
        let digits = &s[i..j];
        let rest = s[j..].trim_start();
        let meridian = [
            "a.m.", "p.m.", "am ", "pm ", "a.m", "p.m", "am,", "pm,", "am.", "pm.",
        ]
        .iter()
        .find(|m| starts_with(rest, m))
        .map(|m| if m.starts_with('a') { "am" } else { "pm" });
        let zone = crate::text::time_zones()
            .iter()
            .any(|z| starts_with(rest, z));
        let clock_like = digits.contains(':') || digits.len() <= 2 || digits.len() == 4;
        // A time stamp of the article ("(Global Wire, 0830 GMT)", "2:15
        // p.m. ET —") or a conversion in brackets is no time of a figure.
        let opened = opens > closes;
        // Only the next few bytes are looked at.
        let mut cut = rest.len().min(16);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let stamp = rest[..cut]
            .find(['—', ')', '-', '–'])
            .is_some_and(|k| k <= 12);
        if clock_like
            && !opened
            && !stamp
            && (meridian.is_some() || (zone && (digits.contains(':') || digits.len() == 4)))
        {
            return Some(format!("{digits}{}", meridian.unwrap_or("")));
        }
        i = j.max(i + 1);
    }
    None
}

/// Does `hay` start with `w`? The first bytes are compared first: most
/// words of a list differ there.
pub fn starts_with(hay: &str, w: &str) -> bool {
    w.as_bytes()
        .first()
        .is_none_or(|b| hay.as_bytes().first() == Some(b))
        && hay.starts_with(w)
}

/// The word right after a figure that ends at `end`, lower case, skipping
/// a hyphen ("40-day"): the noun a count counts, or a verb or function
/// word. `None` at punctuation.
pub fn word_after(lower: &str, end: usize) -> Option<&str> {
    let rest = lower.get(end..)?;
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let rest = rest.strip_prefix([' ', '\u{a0}']).unwrap_or(rest);
    let w: &str = rest
        .split(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
        .next()
        .unwrap_or("");
    (!w.is_empty() && rest.starts_with(w)).then_some(w)
}

/// A count whose next word is a plural noun outside `nouns` counts
/// something else than the measure ("three days of festival", "ten
/// members of the board"); "of" after it makes it a part ("three of its
/// subsidiaries").
pub fn counts_other_noun(lower: &str, end: usize, nouns: &[String]) -> bool {
    let Some(w) = word_after(lower, end) else {
        return false;
    };
    if w == "of" {
        return true;
    }
    let plural = w.len() > 3 && w.ends_with('s') && !w.ends_with("ss");
    plural && !nouns.iter().any(|n| n == w)
}

/// A part of a whole in the clause of a count: "1,250 fatalities in Al
/// Marzana" (a place after the figure), "(410)" in brackets, "a third of the
/// deaths", "by province". The label names the part when the text does.
pub fn part_of_whole(
    text: &str,
    lower: &str,
    clause: Span,
    sentence: Span,
    fig: Span,
) -> Option<String> {
    let before = lower.get(clause.start..fig.start).unwrap_or("");
    let after_raw = text.get(fig.end..clause.end).unwrap_or("");
    if before.trim_end().ends_with('(') && after_raw.trim_start().starts_with(')') {
        return Some("a part".to_string());
    }
    let sent = lower.get(sentence.start..sentence.end).unwrap_or("");
    let fractions = [
        "a third of",
        "a quarter of",
        "half of",
        "two-thirds of",
        "most of",
        "majority of",
        "by province",
        "by region",
        "per province",
        "by district",
    ];
    if fractions.iter().any(|f| sent.contains(f)) {
        return Some("a part".to_string());
    }
    // "in Al Marzana", "in the province of X": a capitalised place after
    // the figure, within a few words.
    let mut words = after_raw.split_whitespace().take(6).peekable();
    while let Some(w) = words.next() {
        if w == "in" || w == "from" {
            let mut next = words.next().unwrap_or("");
            if next == "the" {
                next = words.next().unwrap_or("");
            }
            let name = next.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if name.chars().next().is_some_and(char::is_uppercase) {
                return Some(format!("in {name}"));
            }
            if matches!(
                name,
                "province" | "district" | "region" | "prefecture" | "county"
            ) {
                return Some(format!("in a {name}"));
            }
            break;
        }
    }
    None
}

/// A part of a whole named before an amount or a rate in its clause: "in
/// the Americas, revenue rose 8%", "in Europe sales fell to $2bn". (A
/// count's place before it is the whole story's more often than not: "In
/// Acmeland, 2,000 people died".) Months and weekdays are times, not
/// parts; `is_time` says which capitalised words are.
pub fn part_before(
    text: &str,
    clause: Span,
    fig: Span,
    is_time: impl Fn(&str) -> bool,
) -> Option<String> {
    // The clause opens with it: "shares in Acme closed 3% down" name no
    // part.
    let before = text.get(clause.start..fig.start)?;
    let mut words = before.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("in") {
        return None;
    }
    let mut next = words.next().unwrap_or("");
    if next == "the" {
        next = words.next().unwrap_or("");
    }
    let name = next.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    (name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().all(|c| c.is_alphabetic() || c == '-')
        && !is_time(&name.to_lowercase()))
    .then(|| format!("in {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_named_before_an_amount() {
        let month = |w: &str| w == "june";
        let at = |t: &str, f: &str| {
            let i = t.find(f).unwrap_or(0);
            part_before(t, Span::new(0, t.len()), Span::new(i, i + f.len()), month)
        };
        assert_eq!(
            at("in the Americas revenue increased 8% to $27 billion", "8%").as_deref(),
            Some("in Americas")
        );
        assert_eq!(at("In June revenue increased 8%", "8%"), None);
        assert_eq!(at("Shares in Acme closed down 8%", "8%"), None);
        assert_eq!(at("revenue increased 8% in a year", "8%"), None);
    }

    #[test]
    fn quotes_and_background_years() {
        let t = "He said \"we saw 3 dead\" and “ten more”.\nNo quote 4.";
        let q = quoted_spans(t);
        assert!(in_quote(
            &q,
            Span::new(t.find('3').unwrap(), t.find('3').unwrap() + 1)
        ));
        assert!(in_quote(
            &q,
            Span::new(t.find("ten").unwrap(), t.find("ten").unwrap() + 3)
        ));
        assert!(!in_quote(
            &q,
            Span::new(t.find('4').unwrap(), t.find('4').unwrap() + 1)
        ));
        let s = "not since 2004 when a quake hit; in 2023 the toll";
        let ys = years(s);
        assert!(is_background_year(s, ys[0].0));
        assert!(!is_background_year(s, ys[1].0));
    }

    #[test]
    fn a_clock_after_thousands_of_moves_and_brackets() {
        // Brackets are counted as the scan goes: a clock after closed
        // brackets is one, a clock inside an open one is not.
        let moves: String = (0..2_000)
            .map(|k| format!("acme (acm) {}.{}%, ", k % 9, k % 7))
            .collect();
        let l = format!("{moves}at 7 p.m.");
        assert_eq!(clock_in(&l, Span::new(0, l.len())).as_deref(), Some("7pm"));
        let l = format!("{moves}(at 7 p.m.");
        assert_eq!(clock_in(&l, Span::new(0, l.len())), None);
        // A dash a few bytes after the time makes it a time stamp.
        let l = format!("{moves}7 p.m. — acme");
        assert_eq!(clock_in(&l, Span::new(0, l.len())), None);
        let l = format!("{moves}7 p.m. on the day, up – acme");
        assert_eq!(clock_in(&l, Span::new(0, l.len())).as_deref(), Some("7pm"));
    }

    #[test]
    fn clocks_nouns_and_parts() {
        let l = "in extended trading, shares were up 6.5% at 7 p.m.";
        assert_eq!(clock_in(l, Span::new(0, l.len())).as_deref(), Some("7pm"));
        let l = "shares rose 6% on monday";
        assert_eq!(clock_in(l, Span::new(0, l.len())), None);
        let nouns = vec!["people".to_string()];
        let l = "three days of festival; 2,150 people";
        assert!(counts_other_noun(l, 5, &nouns));
        assert!(!counts_other_noun(l, l.len() - 7, &nouns));
        let t = "The tremor caused 1,250 fatalities in Al Marzana.";
        let f = Span::new(18, 23);
        let all = Span::new(0, t.len());
        assert_eq!(
            part_of_whole(t, &t.to_ascii_lowercase(), all, all, f).as_deref(),
            Some("in Al")
        );
    }
}
