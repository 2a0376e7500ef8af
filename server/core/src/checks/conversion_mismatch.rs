//! `conversion-mismatch`: a conversion written in brackets ("380 billion
//! yuan ($53 billion)") whose implied exchange rate disagrees with the
//! rate set in `copydesk.toml` `[rates]`, or, where none is set, with the
//! other conversions of the same currencies in the bundle.
//!
//! Owns the comparison of implied rates: each side's rounding gives a range
//! of rates, widened by the configured tolerance; without a configured rate
//! a conversion is flagged only when more of the bundle's conversions
//! disagree with it than agree.
//!
//! Besides the conversions `extract::figures` reads, it reads the brackets
//! that vocabulary leaves out, with its own words
//! (`server/data/conversions.toml`): currencies such as the Danish krone,
//! Indian scales ("1 crore rupees", "1.25 lakh"), "milliard", and numbers
//! with a decimal comma ("6,19 milliard dollars (5,7 milliard euros)").

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::checks::{Check, CheckContext, Scope};
use crate::extract::figures::{Conversion, Range};
use crate::types::{DocId, Finding, Location, Related, RuleInfo, Severity, Span};

const CONVERSIONS_TOML: &str = include_str!("../../../data/conversions.toml");

pub struct ConversionMismatch;

static INFO: RuleInfo = RuleInfo {
    id: "conversion-mismatch",
    default_severity: Severity::Warning,
    summary: "A currency conversion in the text implies a rate that disagrees with the configured rate or with the bundle's other conversions.",
    flags: &[
        "'100 billion yuan ($14 billion)' here and '10 billion yuan ($2.5 billion)' there",
        "'1 billion yuan ($200 million)' with [rates] \"USD/CNY\" = 7.1",
    ],
    passes: &[
        "'380 billion yuan ($53 billion)' and '1 billion yuan ($140 million)': the same rate after rounding",
        "'45 billion euros' next to '380 billion yuan' without any other euro conversion",
    ],
};

#[derive(Deserialize)]
struct RawVocab {
    scales: Vec<(String, f64)>,
    approximators: Vec<String>,
    currencies: Vec<RawCurrency>,
}

#[derive(Deserialize)]
struct RawCurrency {
    code: String,
    before: Vec<String>,
    after: Vec<String>,
}

/// The words of `conversions.toml`, each list longest first.
struct Vocab {
    scales: Vec<(String, f64)>,
    approximators: Vec<String>,
    before: Vec<(String, String)>,
    after: Vec<(String, String)>,
}

fn vocab() -> &'static Vocab {
    static DATA: OnceLock<Vocab> = OnceLock::new();
    DATA.get_or_init(|| {
        let raw = toml::from_str::<RawVocab>(CONVERSIONS_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/conversions.toml does not parse: {e}");
            RawVocab {
                scales: Vec::new(),
                approximators: Vec::new(),
                currencies: Vec::new(),
            }
        });
        let mut before = Vec::new();
        let mut after = Vec::new();
        for c in raw.currencies {
            before.extend(c.before.into_iter().map(|w| (w, c.code.clone())));
            after.extend(c.after.into_iter().map(|w| (w, c.code.clone())));
        }
        let mut scales = raw.scales;
        let mut approximators = raw.approximators;
        before.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        after.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        scales.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        approximators.sort_by_key(|w| std::cmp::Reverse(w.len()));
        Vocab {
            scales,
            approximators,
            before,
            after,
        }
    })
}

/// An amount of money as this check reads it.
#[derive(Debug, Clone, PartialEq)]
struct Amount {
    span: Span,
    code: String,
    value: f64,
    /// Half the rounding step, with the scale applied.
    half_step: f64,
}

/// A conversion read by this check: `from` as written, `to` in brackets.
#[derive(Debug, Clone, PartialEq)]
struct Read {
    span: Span,
    from: Amount,
    to: Amount,
}

impl Read {
    fn pair(&self) -> (&str, &str) {
        (&self.from.code, &self.to.code)
    }
    fn rate(&self) -> Option<Range> {
        let f = self.from.value;
        if f <= 0.0 || self.to.value <= 0.0 {
            return None;
        }
        Some(Range {
            lo: (self.to.value - self.to.half_step) / f,
            hi: (self.to.value + self.to.half_step) / f,
            lo_open: false,
            hi_open: false,
        })
    }
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Does `text[at..]` start with `word` (ASCII case ignored) ending on a word
/// boundary? Returns its end.
fn word_at(text: &str, at: usize, word: &str) -> Option<usize> {
    let end = at + word.len();
    let got = text.get(at..end)?;
    if !got.eq_ignore_ascii_case(word) {
        return None;
    }
    let last_is_word = word.chars().next_back().is_some_and(char::is_alphanumeric);
    if last_is_word && is_alnum(text[end..].chars().next()) {
        return None;
    }
    Some(end)
}

fn skip_spaces(text: &str, mut at: usize, max: usize) -> usize {
    let mut n = 0;
    while n < max {
        match text[at..].chars().next() {
            Some(c @ (' ' | '\u{a0}' | '\u{202f}')) => {
                at += c.len_utf8();
                n += 1;
            }
            _ => break,
        }
    }
    at
}

/// The value and half rounding step of a number as written: "1,037",
/// "503.70", "6,19" (a decimal comma), "1,25,000" (Indian grouping),
/// "1.250.000" (grouping with stops).
fn number_value(digits: &str) -> Option<(f64, f64)> {
    let commas: Vec<&str> = digits.split(',').collect();
    let stops: Vec<&str> = digits.split('.').collect();
    let (int, frac): (String, &str) = match (commas.len() > 1, stops.len() > 1) {
        (false, false) => (digits.to_string(), ""),
        (true, true) => {
            // The last mark is the decimal one.
            let (c, s) = (digits.rfind(',')?, digits.rfind('.')?);
            let (i, f) = digits.split_at(c.max(s));
            (i.replace([',', '.'], ""), &f[1..])
        }
        (true, false) => {
            let rest = &commas[1..];
            let last = rest.last().map_or(0, |g| g.len());
            if commas.len() == 2 && last != 3 {
                (commas[0].to_string(), commas[1])
            } else if last == 3 && rest.iter().all(|g| g.len() == 2 || g.len() == 3) {
                (digits.replace(',', ""), "")
            } else {
                return None;
            }
        }
        (false, true) => {
            if stops.len() == 2 {
                (stops[0].to_string(), stops[1])
            } else if stops[1..].iter().all(|g| g.len() == 3) {
                (digits.replace('.', ""), "")
            } else {
                return None;
            }
        }
    };
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = if frac.is_empty() {
        int.parse().ok()?
    } else {
        format!("{int}.{frac}").parse().ok()?
    };
    let step = if !frac.is_empty() {
        10f64.powi(-(frac.len() as i32))
    } else {
        let zeros = int.chars().rev().take_while(|&c| c == '0').count();
        if zeros > 0 && zeros < int.len() {
            10f64.powi(zeros as i32)
        } else {
            1.0
        }
    };
    Some((value, step / 2.0))
}

/// Every amount of money in `text` that has a currency.
fn amounts(text: &str) -> Vec<Amount> {
    let v = vocab();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let prev = text[..i].chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',') {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        let start = i;
        let mut end = i;
        while end < bytes.len() {
            let b = bytes[end];
            if b.is_ascii_digit()
                || ((b == b',' || b == b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
            {
                end += 1;
            } else {
                break;
            }
        }
        i = end;
        let Some((mut value, mut half)) = number_value(&text[start..end]) else {
            continue;
        };
        // A currency before: "$", "DKK ", "Rs.".
        let before = &text[..start];
        let trimmed = before.trim_end_matches([' ', '\u{a0}']);
        let mut code: Option<String> = None;
        let mut span_start = start;
        if before.len() - trimmed.len() <= 1 {
            for (sym, c) in &v.before {
                let Some(s) = trimmed.len().checked_sub(sym.len()) else {
                    continue;
                };
                let Some(got) = trimmed.get(s..) else {
                    continue;
                };
                let letter_edge = sym.chars().next().is_some_and(char::is_alphanumeric);
                if got.eq_ignore_ascii_case(sym)
                    && !(letter_edge && is_alnum(trimmed[..s].chars().next_back()))
                {
                    code = Some(c.clone());
                    span_start = s;
                    break;
                }
            }
        }
        // A scale after: "6,19 milliard", "1 crore", "3.2bn".
        let mut span_end = end;
        let sp = skip_spaces(text, end, 1);
        for (w, m) in &v.scales {
            if w.chars().count() == 1 && sp != end {
                continue;
            }
            if let Some(e) = word_at(text, sp, w) {
                value *= m;
                half *= m;
                span_end = e;
                break;
            }
        }
        // A currency after: "rupees", "Danish kroner".
        if code.is_none() {
            let sp = skip_spaces(text, span_end, 1);
            for (w, c) in &v.after {
                if let Some(e) = word_at(text, sp, w) {
                    code = Some(c.clone());
                    span_end = e;
                    break;
                }
            }
        }
        if let Some(code) = code {
            out.push(Amount {
                span: Span::new(span_start, span_end),
                code,
                value,
                half_step: half,
            });
        }
    }
    out
}

/// Does a digit stand between a "(" and the first ")" after it? The amount
/// in brackets of a conversion does (no currency or scale word holds a
/// bracket), so an article without one has no conversion to read: most
/// have none, and reading every amount of an article costs more than this.
fn digit_in_brackets(text: &str) -> bool {
    let mut open = false;
    for b in text.bytes() {
        match b {
            b'(' => open = true,
            b')' => open = false,
            b'0'..=b'9' if open => return true,
            _ => {}
        }
    }
    false
}

/// The conversions in brackets of `text`: an amount, then "(", maybe an
/// approximator, an amount in another currency and ")".
fn conversions_in(text: &str) -> Vec<Read> {
    if !digit_in_brackets(text) {
        return Vec::new();
    }
    let v = vocab();
    let found = amounts(text);
    let mut out = Vec::new();
    for w in found.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.code == b.code {
            continue;
        }
        let Some(gap) = text.get(a.span.end..b.span.start) else {
            continue;
        };
        let Some(inner) = gap.trim().strip_prefix('(') else {
            continue;
        };
        let inner = inner.trim();
        let gap_ok = inner.is_empty()
            || v.approximators
                .iter()
                .any(|ap| inner.eq_ignore_ascii_case(ap));
        let close = text[b.span.end..].trim_start().starts_with(')');
        if gap_ok && close && gap.trim_start().starts_with('(') {
            let close_at = b.span.end + text[b.span.end..].find(')').unwrap_or(0) + 1;
            out.push(Read {
                span: Span::new(a.span.start, close_at),
                from: a.clone(),
                to: b.clone(),
            });
        }
    }
    out
}

/// A conversion read by `extract::figures` or by this check.
enum Either<'a> {
    Figures(&'a Conversion),
    Own(Read),
}

impl Either<'_> {
    fn span(&self) -> Span {
        match self {
            Either::Figures(c) => c.span,
            Either::Own(r) => r.span,
        }
    }
    fn normalised(&self) -> Option<((String, String), Range)> {
        match self {
            Either::Figures(c) => normalised(c.pair()?, c.rate()?),
            Either::Own(r) => normalised(r.pair(), r.rate()?),
        }
    }
}

fn widen(r: Range, tol: f64) -> Range {
    Range {
        lo: r.lo * (1.0 - tol),
        hi: r.hi * (1.0 + tol),
        ..r
    }
}

/// The rate as units of `to` per unit of `from`, with `from` < `to`
/// alphabetically, so both directions compare.
fn normalised((a, b): (&str, &str), r: Range) -> Option<((String, String), Range)> {
    if a == b {
        return None;
    }
    if a < b {
        Some(((a.to_string(), b.to_string()), r))
    } else {
        if r.lo <= 0.0 {
            return None;
        }
        Some((
            (b.to_string(), a.to_string()),
            Range {
                lo: 1.0 / r.hi,
                hi: 1.0 / r.lo,
                ..r
            },
        ))
    }
}

impl Check for ConversionMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let tol = cx.config.rates.tolerance();
        let mut all: Vec<(DocId, Span, (String, String), Range)> = Vec::new();
        // This check's own reading of each article, kept while its text is
        // the same.
        let docs = cx.documents();
        let own = cx.memo.per_document("conversion-mismatch/own", docs, |d| {
            let theirs = &d.facts.figures.conversions;
            conversions_in(&d.text)
                .into_iter()
                .filter(|r| !theirs.iter().any(|c| c.span.overlaps(r.span)))
                .collect::<Vec<Read>>()
        });
        for (d, own) in docs.iter().zip(own) {
            let theirs = &d.facts.figures.conversions;
            let mut convs: Vec<Either<'_>> = theirs.iter().map(Either::Figures).collect();
            convs.extend(own.iter().cloned().map(Either::Own));
            for c in convs {
                if let Some((pair, r)) = c.normalised() {
                    all.push((d.id, c.span(), pair, r));
                }
            }
        }
        // The conversions of each pair of currencies, in bundle order: a
        // conversion is compared with those of its pair only.
        let mut by_pair: HashMap<&(String, String), Vec<usize>> = HashMap::new();
        for (i, (_, _, pair, _)) in all.iter().enumerate() {
            by_pair.entry(pair).or_default().push(i);
        }
        for (i, (doc, span, pair, r)) in all.iter().enumerate() {
            let here = Location {
                doc: *doc,
                span: *span,
            };
            let text = cx.bundle.get(*doc).map(|d| d.slice(*span)).unwrap_or("");
            if let Some(rate) = cx.config.rates.rate(&pair.0, &pair.1) {
                let mine = widen(*r, tol);
                let point = Range {
                    lo: rate,
                    hi: rate,
                    lo_open: false,
                    hi_open: false,
                };
                if !mine.overlaps(&point) {
                    let implied = (r.lo + r.hi) / 2.0;
                    out.push(Finding {
                        rule: INFO.id,
                        severity: INFO.default_severity,
                        location: here,
                        message: format!(
                            "'{text}' implies {implied:.4} {} per {}; copydesk.toml sets {rate:.4}",
                            pair.1, pair.0
                        ),
                        related: Vec::new(),
                        fixes: Vec::new(),
                    });
                }
                continue;
            }
            let mut agree = 0;
            let mut disagree = Vec::new();
            let same_pair = by_pair.get(pair).map_or(&[][..], Vec::as_slice);
            for (j, (odoc, oc, _, or)) in same_pair.iter().map(|&j| (j, &all[j])) {
                if i == j {
                    continue;
                }
                if widen(*r, tol).overlaps(&widen(*or, tol)) {
                    agree += 1;
                } else {
                    disagree.push((*odoc, *oc));
                }
            }
            if disagree.is_empty() || disagree.len() <= agree {
                continue;
            }
            let mut related = Vec::new();
            let mut parts = Vec::new();
            for (odoc, ospan) in disagree {
                let loc = Location {
                    doc: odoc,
                    span: ospan,
                };
                let otext = cx.bundle.get(odoc).map(|d| d.slice(ospan)).unwrap_or("");
                parts.push(format!("'{otext}' in {}", cx.bundle.cite(loc)));
                related.push(Related {
                    location: loc,
                    message: format!("'{otext}' implies another rate"),
                });
            }
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                location: here,
                message: format!(
                    "'{text}' implies another {}/{} rate than {}",
                    pair.0,
                    pair.1,
                    parts.join("; ")
                ),
                related,
                fixes: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::fixture::{check_rules, check_rules_with_config};

    const RULE: &[&str] = &["conversion-mismatch"];

    #[test]
    fn only_an_article_with_a_digit_in_brackets_is_read() {
        use super::{digit_in_brackets, vocab};
        assert!(digit_in_brackets("It paid €40m (about $44m) for it."));
        assert!(digit_in_brackets("(see below) It paid (US$ 5"));
        assert!(!digit_in_brackets("OSLO (Wire) - It paid €40m, or $44m."));
        assert!(!digit_in_brackets("It paid 5) and (more"));
        // The skip is exact: no word of the vocabulary holds a bracket.
        let v = vocab();
        let words = v.before.iter().chain(&v.after).map(|(w, _)| w.as_str());
        let words = words.chain(v.scales.iter().map(|(w, _)| w.as_str()));
        let mut words = words.chain(v.approximators.iter().map(String::as_str));
        assert!(words.all(|w| !w.contains(['(', ')'])));
    }

    #[test]
    fn consistent_conversions_pass() {
        check_rules(
            r#"
//- a.txt
Examplecorp plans a 380 billion yuan ($53 billion) build-out.
//- b.txt
It adds 1 billion yuan ($140 million) in subsidies and 2 billion yuan (about $280 million) more.
//- c.txt
The plan is worth 380 billion yuan (around 45 billion euros).
"#,
            RULE,
        );
    }

    #[test]
    fn two_disagreeing_conversions_are_both_flagged() {
        check_rules(
            r#"
//- a.txt
A 100 billion yuan ($14 billion) plan.
  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch
//- b.txt
A 10 billion yuan ($2.5 billion) fund.
  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch
"#,
            RULE,
        );
    }

    #[test]
    fn the_odd_one_out_of_three() {
        check_rules(
            r#"
//- a.txt
A 100 billion yuan ($14 billion) plan.
//- b.txt
A 10 billion yuan ($1.4 billion) fund and 50 billion yuan ($10 billion) in loans.
                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch
//- c.txt
A $7 billion (50 billion yuan) deal.
"#,
            RULE,
        );
    }

    #[test]
    fn configured_rate_wins() {
        let config =
            Config::parse("[rates]\n\"USD/CNY\" = 7.1\ntolerance = 0.02\n").unwrap_or_default();
        assert_eq!(
            config
                .rates
                .rate("CNY", "USD")
                .map(|r| (r * 7.1 * 1000.0).round()),
            Some(1000.0)
        );
        check_rules_with_config(
            r#"
//- a.txt
It adds 1 billion yuan ($200 million) in subsidies, after 100 billion yuan ($14 billion) last year.
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch: copydesk.toml
"#,
            RULE,
            &config,
        );
    }

    #[test]
    fn rates_config_rejects_unknown_keys() {
        assert!(Config::parse("[rates]\nusd = 7.1\n").is_err());
        assert!(Config::parse("[rates]\n\"USD/CNY\" = -1.0\n").is_err());
        assert!(Config::parse("[rates]\ntolerance = 3.0\n").is_err());
        assert!(Config::parse("[rates]\n\"EUR/USD\" = 1.08\n").is_ok());
    }

    #[test]
    fn numbers_in_several_conventions() {
        let v = |d: &str| super::number_value(d).map(|(x, h)| (x, h * 2.0));
        assert_eq!(v("1,037"), Some((1037.0, 1.0)));
        assert_eq!(v("4,25"), Some((4.25, 0.01)));
        assert_eq!(v("2,50,000"), Some((250000.0, 10000.0)));
        assert_eq!(v("3.400.000"), Some((3400000.0, 100000.0)));
        assert_eq!(v("88.10"), Some((88.1, 0.01)));
        assert_eq!(v("1,2,3"), None);
    }

    #[test]
    fn amounts_with_indian_and_european_scales() {
        let a =
            super::amounts("a 3 crore rupees grant, 2 lakh litres, DKK 40 and 7,5 milliard euros");
        let got: Vec<(String, f64)> = a.iter().map(|x| (x.code.clone(), x.value)).collect();
        assert_eq!(
            got,
            [
                ("INR".to_string(), 3e7),
                ("DKK".to_string(), 40.0),
                ("EUR".to_string(), 7.5e9)
            ]
        );
    }

    #[test]
    fn a_scale_word_of_indian_numbering() {
        check_rules(
            r#"
//- a.txt
Each family gets 2 crore rupees (about $240,000) from the fund.
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch
//- b.txt
The fund pays 20 million rupees (about $24,000) per family.
              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch
"#,
            RULE,
        );
    }

    #[test]
    fn a_decimal_comma_and_milliard() {
        check_rules(
            r#"
//- a.txt
Sales reached 20,40 milliard dollars (18,7 milliard euros).
The profit was 5,10 milliard dollars (5,6 milliard euros).
               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch
Costs stay near 8 milliard dollars (7,3 milliard euros).
"#,
            RULE,
        );
    }

    #[test]
    fn a_currency_the_figures_vocabulary_lacks() {
        check_rules(
            r#"
//- a.txt
The kettle maker closed at DKK 300 ($43.50).
//- b.txt
Its target is DKK 600 (about $60), down from DKK 900 ($130.40).
              ^^^^^^^^^^^^^^^^^^^ conversion-mismatch
"#,
            RULE,
        );
    }

    #[test]
    fn amounts_without_a_currency_or_a_bracket_pass() {
        check_rules(
            "//- a.txt\nThe tank held 1.25 lakh litres (about 33,000 gallons).\nIt cost DKK 50, about $7, and DKK 70 ($10).\n",
            RULE,
        );
    }
}
