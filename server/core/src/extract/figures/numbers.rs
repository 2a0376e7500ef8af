//! Numbers as written: percentages, money with its currency and scale,
//! counts and number words, the approximators that widen them into a
//! [`Range`], and conversions written in brackets.

use crate::text::is_whole_word;
use crate::types::Span;

use std::sync::LazyLock;

use super::vocab::VOCAB;

/// How an approximator widens a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approx {
    Above,
    AtLeast,
    NearBelow,
    Below,
    About,
}

/// A range of values; an end may be open ("more than 7" excludes 7).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
    pub lo_open: bool,
    pub hi_open: bool,
}

impl Range {
    /// True when the two ranges share a value.
    pub fn overlaps(&self, o: &Range) -> bool {
        // An open end ("at least 2,150") widens nothing.
        let finite = |x: f64| if x.is_finite() { x.abs() } else { 0.0 };
        let eps = 1e-9 * (finite(self.hi) + finite(o.hi) + finite(self.lo) + finite(o.lo)).max(1.0);
        let below = if self.hi_open || o.lo_open {
            self.hi <= o.lo + eps
        } else {
            self.hi < o.lo - eps
        };
        let above = if o.hi_open || self.lo_open {
            o.hi <= self.lo + eps
        } else {
            o.hi < self.lo - eps
        };
        !below && !above
    }
}

/// What a figure counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    Percent,
    /// An ISO currency code ("USD").
    Money(String),
    Count,
    Number,
}

/// One number as written, with its unit and the range it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// From the approximator (if any) to the end of the unit.
    pub span: Span,
    /// The value with its scale applied ("$3.2bn" is 3.2e9).
    pub value: f64,
    pub unit: Unit,
    pub approx: Option<Approx>,
    /// The range the figure stands for, rounding and approximator included.
    pub range: Range,
    /// The range of rounding only, used for conversions.
    pub rounding: Range,
}

fn step_of(digits: &str) -> f64 {
    if let Some((_, frac)) = digits.split_once('.') {
        10f64.powi(-(frac.len() as i32))
    } else {
        // The digits, counted in place (not copied out).
        let d = digits.bytes().filter(u8::is_ascii_digit);
        let len = d.clone().count();
        let zeros = d.rev().take_while(|&c| c == b'0').count();
        if zeros > 0 && zeros < len {
            10f64.powi(zeros as i32)
        } else {
            1.0
        }
    }
}

fn make_range(v: f64, step: f64, integer: bool, approx: Option<Approx>) -> Range {
    let r = |lo: f64, hi: f64, lo_open: bool, hi_open: bool| Range {
        lo,
        hi,
        lo_open,
        hi_open,
    };
    match approx {
        // A whole number may be rounded or cut: "6%" for 6.15 or 6.7.
        None if integer => r(v - step / 2.0, v + step, false, true),
        None => r(v - step / 2.0, v + step / 2.0, false, false),
        Some(Approx::Above) => r(v, v + 2.0 * step, true, false),
        Some(Approx::AtLeast) => r(v, f64::INFINITY, false, false),
        Some(Approx::NearBelow) => r(v - 1.5 * step, v + 0.25 * step, false, false),
        Some(Approx::Below) => r(f64::NEG_INFINITY, v, false, false),
        Some(Approx::About) => r(v - 1.5 * step, v + 1.5 * step, false, false),
    }
}

/// A conversion written in brackets: "1 billion yuan ($140 million)".
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub span: Span,
    pub from: Figure,
    pub to: Figure,
}

impl Conversion {
    /// The range of units of `to` per unit of `from`: the original amount
    /// is taken as written, the converted one with its rounding.
    pub fn rate(&self) -> Option<Range> {
        let (f, t) = (self.from.value, &self.to.rounding);
        if f <= 0.0 || !t.hi.is_finite() {
            return None;
        }
        Some(Range {
            lo: t.lo / f,
            hi: t.hi / f,
            lo_open: false,
            hi_open: false,
        })
    }
    pub fn pair(&self) -> Option<(&str, &str)> {
        match (&self.from.unit, &self.to.unit) {
            (Unit::Money(a), Unit::Money(b)) if a != b => Some((a, b)),
            _ => None,
        }
    }
}

fn skip_spaces(text: &str, mut i: usize) -> usize {
    while text[i..].starts_with([' ', '\u{a0}']) {
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    i
}

/// Does `hay` end with `w`? The last bytes are compared first: most
/// words of a list differ there.
fn ends_with(hay: &str, w: &str) -> bool {
    w.as_bytes()
        .last()
        .is_none_or(|b| hay.as_bytes().last() == Some(b))
        && hay.ends_with(w)
}

/// Does `rest` start with `w`, not followed by an ASCII letter or digit?
/// The first bytes are compared first: most words of a list differ there.
pub(super) fn starts_with_word(rest: &str, w: &str) -> bool {
    let first_ok = match (w.as_bytes().first(), rest.as_bytes().first()) {
        (None, _) => true,
        (Some(a), Some(b)) => a == b,
        (Some(_), None) => false,
    };
    first_ok
        && rest.starts_with(w)
        && !rest[w.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
}

/// A word list entry that starts at `i` (ASCII-case-insensitively, whole word).
fn word_at<'a, T>(
    text: &str,
    lower: &str,
    i: usize,
    list: &'a [(String, T)],
) -> Option<(&'a T, usize)> {
    let rest = lower.as_bytes().get(i..).unwrap_or_default();
    let first = rest.first().map(u8::to_ascii_lowercase);
    for (w, v) in list {
        // The first bytes are compared first: most entries differ there.
        if w.as_bytes()
            .first()
            .is_some_and(|b| Some(b.to_ascii_lowercase()) != first)
        {
            continue;
        }
        // `lower` is ASCII-lower-cased, so equal bytes up to ASCII case end
        // on the char boundary where `w` ends.
        if rest
            .get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w.as_bytes()))
        {
            let end = i + w.len();
            let next = text[end..].chars().next();
            if !(w.ends_with(|c: char| c.is_alphanumeric())
                && next.is_some_and(|c| c.is_alphanumeric()))
            {
                return Some((v, end));
            }
        }
    }
    None
}

/// The first word of each number word, lower case ("a" of "a dozen"),
/// when each starts with a letter: a word of the text (its run of letters)
/// that is none of them starts no number word, and the list is not read
/// for it. `None` (read the list for every word) when one does not.
static NUMBER_FIRST_WORDS: LazyLock<Option<foldhash::HashSet<String>>> = LazyLock::new(|| {
    VOCAB
        .numbers
        .iter()
        .map(|(w, _)| {
            let run = w.bytes().take_while(u8::is_ascii_alphabetic).count();
            (run > 0).then(|| w[..run].to_ascii_lowercase())
        })
        .collect()
});

pub(super) fn scan_figures(text: &str, lower: &str) -> Vec<Figure> {
    let v = &*VOCAB;
    let bytes = text.as_bytes();
    // A figure for each number written in digits, at most (number words
    // are few): the list, which the article keeps, is not grown and copied
    // figure by figure.
    let numbers = bytes
        .iter()
        .enumerate()
        .filter(|&(i, b)| {
            b.is_ascii_digit()
                && (i == 0
                    || !(bytes[i - 1].is_ascii_alphanumeric() || b",.".contains(&bytes[i - 1])))
        })
        .count();
    let mut out = Vec::with_capacity(numbers);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        // "EUR3.17 billion": a currency code glued to the number.
        let glued_code = || {
            v.cur_before.iter().any(|(sym, _)| {
                sym.len() >= 2
                    && ends_with(&text[..i], sym)
                    && !text[..i - sym.len()]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric())
            })
        };
        let starts_number = c.is_ascii_digit()
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric()
                    || bytes[i - 1] == b'.'
                    || bytes[i - 1] == b',')
                || (bytes[i - 1].is_ascii_uppercase() && glued_code()));
        let (num_start, num_end, value, digits) = if starts_number {
            let mut j = i;
            while j < bytes.len()
                && (bytes[j].is_ascii_digit()
                    || ((bytes[j] == b',' || bytes[j] == b'.')
                        && bytes.get(j + 1).is_some_and(|b| b.is_ascii_digit())))
            {
                j += 1;
            }
            let written = &text[i..j];
            // "8,1 percent", "509,30 dollars": one comma before one or two
            // digits is a decimal comma (German or French copy).
            let decimal_comma = !written.contains('.')
                && written.matches(',').count() == 1
                && written
                    .split_once(',')
                    .is_some_and(|(_, f)| (1..=2).contains(&f.len()));
            let normalised;
            let digits: &str = if decimal_comma {
                normalised = written.replace(',', ".");
                &normalised
            } else {
                written
            };
            let grouped;
            let clean: &str = if digits.contains(',') {
                grouped = digits.replace(',', "");
                &grouped
            } else {
                digits
            };
            // "2,04" or "1.2.3" are not numbers.
            let valid = digits.matches('.').count() <= 1
                && digits
                    .split(',')
                    .skip(1)
                    .all(|g| g.len() == 3 || (g.contains('.') && g.find('.') == Some(3)));
            match clean.parse::<f64>() {
                Ok(n) if valid => (i, j, n, digits.to_string()),
                _ => {
                    i = j.max(i + 1);
                    continue;
                }
            }
        } else if (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) && c.is_ascii_alphabetic() {
            // A number word is a figure only before a scale ("a trillion").
            let run = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            let number_word = match &*NUMBER_FIRST_WORDS {
                Some(first) if !first.contains(&lower[i..i + run]) => None,
                _ => word_at(text, lower, i, &v.numbers),
            };
            match number_word {
                Some((n, end)) => {
                    let after = skip_spaces(text, end);
                    let scaled =
                        word_at(text, lower, after, &v.scales).is_some_and(|(s, _)| *s >= 1e6);
                    // Or before a plural noun, maybe after one adjective:
                    // "four sources", "eight consecutive quarters".
                    let word = &lower[i..end];
                    let plural_after = || {
                        let mut words = lower[end..]
                            .split(|c: char| !c.is_ascii_alphabetic() && c != '-')
                            .filter(|w| !w.is_empty());
                        let gap_ok = lower[end..].starts_with(' ');
                        let is_plural = |w: &str| {
                            (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss")) || w == "people"
                        };
                        gap_ok
                            && match (words.next(), words.next()) {
                                (Some(a), _) if is_plural(a) => true,
                                (Some(a), Some(b)) => !is_plural(a) && a.len() > 3 && is_plural(b),
                                _ => false,
                            }
                    };
                    if scaled {
                        (i, end, *n, "1".to_string())
                    } else if word != "a" && word != "an" && plural_after() {
                        (i, end, *n, format!("{}", *n as i64))
                    } else {
                        i += 1;
                        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                            i += 1;
                        }
                        continue;
                    }
                }
                None => {
                    // Letters only: a currency code may be glued to the
                    // number after it ("EUR3.17 billion").
                    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    continue;
                }
            }
        } else {
            i += 1;
            continue;
        };
        let step = step_of(&digits);
        let integer = !digits.contains('.');
        // Currency before: "$", "US$", "HK$ ", "RMB".
        let mut start = num_start;
        let mut currency: Option<String> = None;
        let before = &text[..num_start];
        let trimmed = before.trim_end_matches([' ', '\u{a0}']);
        for (sym, code) in &v.cur_before {
            if ends_with(trimmed, sym) {
                let s = trimmed.len() - sym.len();
                let boundary = !text[..s]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric());
                let gap = before.len() - trimmed.len();
                if boundary && gap <= 1 {
                    currency = Some(code.clone());
                    start = s;
                    break;
                }
            }
        }
        // Scale after: "3.2bn", "3.2 billion", "1-trillion".
        let mut end = num_end;
        let mut value = value;
        let mut after = num_end;
        if text[after..].starts_with('-') {
            after += 1;
        }
        let after_sp = skip_spaces(text, after);
        if let Some((s, e)) = word_at(text, lower, after_sp, &v.scales) {
            // A one-letter scale must be glued: "3.2b", not "3.2 b".
            let glued = after_sp == num_end;
            if e - after_sp > 1 || glued || currency.is_some() {
                value *= s;
                end = e;
            }
        }
        let mut unit = match &currency {
            Some(c) => Unit::Money(c.clone()),
            None => Unit::Count,
        };
        let after_sp = skip_spaces(text, end);
        if text[end..].starts_with('%') {
            unit = Unit::Percent;
            end += 1;
        } else if currency.is_none() {
            if let Some(p) = v.percent.iter().find(|p| {
                p.as_str() != "%"
                    && lower[after_sp..].starts_with(p.as_str())
                    && is_whole_word(text, Span::new(after_sp, after_sp + p.len()))
            }) {
                unit = Unit::Percent;
                end = after_sp + p.len();
            } else if let Some((code, e)) = word_at(text, lower, after_sp, &v.cur_after) {
                unit = Unit::Money(code.clone());
                end = e;
            }
        }
        if matches!(unit, Unit::Count) && digits.contains('.') {
            unit = Unit::Number;
        }
        // Approximator before.
        let mut approx = None;
        let head = text[..start].trim_end_matches([' ', '\u{a0}']);
        let head_lower = &lower[..head.len()];
        for (w, k) in &v.approx {
            if ends_with(head_lower, w) {
                let s = head.len() - w.len();
                if !text[..s]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric())
                {
                    approx = Some(*k);
                    start = s;
                    break;
                }
            }
        }
        let scale = value
            / digits
                .replace(',', "")
                .parse::<f64>()
                .unwrap_or(value)
                .max(f64::MIN_POSITIVE);
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        let base = value / scale;
        let mut range = make_range(base, step, integer, approx);
        // Rounding for conversions: to the last written digit.
        let unit_step = if integer { 1.0 } else { step };
        let mut rounding = make_range(base, unit_step, false, None);
        for r in [&mut range, &mut rounding] {
            r.lo *= scale;
            r.hi *= scale;
        }
        out.push(Figure {
            span: Span::new(start, end),
            value,
            unit,
            approx,
            range,
            rounding,
        });
        i = end.max(num_end).max(i + 1);
    }
    out
}

pub(super) fn conversions_of(text: &str, figures: &[Figure]) -> Vec<Conversion> {
    let mut out = Vec::new();
    for w in figures.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (Unit::Money(x), Unit::Money(y)) = (&a.unit, &b.unit) else {
            continue;
        };
        if x == y {
            continue;
        }
        let gap = text.get(a.span.end..b.span.start).unwrap_or("-").trim();
        let close = text[b.span.end..].trim_start().starts_with(')');
        let gap_ok = matches!(
            gap,
            "(" | "(or" | "(about" | "(around" | "(roughly" | "(some"
        ) || (gap == "(" && close);
        if gap_ok && close && a.value > 0.0 && b.value > 0.0 {
            out.push(Conversion {
                span: Span::new(a.span.start, b.span.end + 1),
                from: a.clone(),
                to: b.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    fn figs(s: &str) -> Vec<Figure> {
        let lower = s.to_ascii_lowercase();
        scan_figures(s, &lower)
    }

    fn one(s: &str) -> Figure {
        let f = figs(s);
        assert_eq!(f.len(), 1, "{s}: {f:?}");
        f[0].clone()
    }

    fn text_of<'a>(s: &'a str, f: &Figure) -> &'a str {
        &s[f.span.start..f.span.end]
    }

    #[test]
    fn every_number_word_is_read_in_any_case() {
        // The words of the text are sorted out by the first word of each
        // number word: none is left out.
        for (w, n) in &VOCAB.numbers {
            for written in [w.clone(), w.to_ascii_uppercase()] {
                let s = format!("it cost {written} trillion yen");
                let f = figs(&s);
                assert!(
                    f.iter()
                        .any(|x| x.value == n * 1e12 && text_of(&s, x).starts_with(&written)),
                    "{s}: {f:?}"
                );
            }
        }
        assert!(figs("the atom and the anthem").is_empty());
    }

    #[test]
    fn a_currency_code_glued_to_its_number_is_read() {
        let f = figs("the EUR3.17 billion fine, then USD3bn, but not A320 or T-612/17");
        let money: Vec<(f64, &Unit)> = f
            .iter()
            .filter(|x| matches!(x.unit, Unit::Money(_)))
            .map(|x| (x.value, &x.unit))
            .collect();
        assert_eq!(
            money,
            vec![
                (3.17e9, &Unit::Money("EUR".into())),
                (3e9, &Unit::Money("USD".into()))
            ]
        );
    }

    #[test]
    fn percent_forms() {
        let s = "shares rose more than 7% today";
        let f = one(s);
        assert_eq!(text_of(s, &f), "more than 7%");
        assert_eq!(f.unit, Unit::Percent);
        assert_eq!(f.approx, Some(Approx::Above));
        assert!(!f.range.overlaps(&one("6.15%").range));
        let p = one("up 6.15 per cent on the day");
        assert_eq!(p.unit, Unit::Percent);
        assert!((p.value - 6.15).abs() < 1e-9);
        // A headline's 6% agrees with 6.15%.
        assert!(one("6%").range.overlaps(&p.range));
        assert!(one("62%").range.overlaps(&one("61.95%").range));
        assert!(one("over 80%").range.overlaps(&one("84%").range));
        assert!(!one("over 80%").range.overlaps(&one("111%").range));
        assert!(one("almost 13%").range.overlaps(&one("close to 13%").range));
    }

    #[test]
    fn money_forms() {
        let a = one("raised $3.2bn");
        let b = one("raised $3.2 billion");
        assert_eq!(a.unit, Unit::Money("USD".into()));
        assert!((a.value - 3.2e9).abs() < 1.0 && (b.value - 3.2e9).abs() < 1.0);
        assert!(a.range.overlaps(&b.range));
        let s = "raised US$3.2 billion";
        let c = one(s);
        assert_eq!(text_of(s, &c), "US$3.2 billion");
        assert_eq!(c.unit, Unit::Money("USD".into()));
        let h = one("closed at HK$98.60");
        assert_eq!(h.unit, Unit::Money("HKD".into()));
        assert!((h.value - 98.6).abs() < 1e-9);
        let y = figs("380 billion yuan ($53 billion)");
        assert_eq!(y.len(), 2);
        assert_eq!(y[0].unit, Unit::Money("CNY".into()));
        assert!((y[0].value - 380e9).abs() < 1.0);
        let e = one("45 billion euros");
        assert_eq!(e.unit, Unit::Money("EUR".into()));
        assert!((one("$ 100 billion").value - 100e9).abs() < 1.0);
    }

    #[test]
    fn counts_and_number_words() {
        let g = one("a cluster of 2,048 GPUs");
        assert_eq!(g.unit, Unit::Count);
        assert!((g.value - 2048.0).abs() < 1e-9);
        let t = one("with a trillion parameters");
        assert!((t.value - 1e12).abs() < 1.0);
        let q = one("for eight consecutive quarters");
        assert_eq!((q.unit.clone(), q.value), (Unit::Count, 8.0));
        assert_eq!(one("citing four sources").value, 4.0);
        // Number words without a plural noun are not figures; nor "a" alone.
        assert!(figs("one of the leaders and a company").is_empty());
        assert!(figs("a success and two is company").is_empty());
        assert!(figs("model A7B and H20").is_empty());
    }

    #[test]
    fn conversion_rates() {
        let s = "a 380 billion yuan ($53 billion) plan and 1 billion yuan ($140 million) more";
        let f = extract(s).figures;
        assert_eq!(f.conversions.len(), 2);
        let r0 = f.conversions[0].rate().unwrap_or(Range {
            lo: 0.0,
            hi: 0.0,
            lo_open: false,
            hi_open: false,
        });
        let r1 = f.conversions[1].rate().unwrap_or(Range {
            lo: 9.0,
            hi: 9.0,
            lo_open: false,
            hi_open: false,
        });
        assert!(r0.overlaps(&r1), "{r0:?} {r1:?}");
        assert_eq!(f.conversions[0].pair(), Some(("CNY", "USD")));
        assert!(extract("380 billion yuan and $53 billion")
            .figures
            .conversions
            .is_empty());
    }

    #[test]
    fn not_figures() {
        // Years, model and chip names, days of dates and times are not figures of a claim.
        let s = "In 2021 the H20 and Model7-Pro launched on September 12 at 4:12.";
        let f = extract(s).figures;
        assert!(f.claims.is_empty(), "{:?}", f.claims);
        assert!(f.figures.iter().all(|x| x.unit != Unit::Percent));
        assert!(figs("the A100 chip").is_empty());
        assert!(figs("2,04 or 1.2.3")
            .iter()
            .all(|x| x.unit != Unit::Percent));
        // A lone letter after a spaced number is not a scale.
        assert!((one("about 5 m").value - 5.0).abs() < 1e-9);
    }

    #[test]
    fn non_ascii_text_never_panics() {
        for s in [
            "Акции выросли на 7% — \u{a0}$\u{a0}3,2 млрд",
            "株価は7%上昇した。 €\u{a0}5 billion (¥ 40 billion)",
            "$\u{a0}\u{a0}5bn (€\u{a0}4bn) “more than 7%” ’s",
            "5%\u{a0}per cent 1,\u{a0}2 Sept.\u{a0}11 ‘",
        ] {
            let f = extract(s).figures;
            for c in &f.claims {
                assert!(s.get(c.span.start..c.span.end).is_some());
            }
        }
    }
}
