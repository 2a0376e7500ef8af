//! The `typography-stray-space` check: a space where English typography has
//! none, as machine translation and careless pasting leave it: between a
//! currency symbol and its amount ("$ 100 billion"), before the hyphen of a
//! compound ("Three -digit", "AI -related") and before a possessive
//! ("Examplecorp 's"). Owns these three patterns; each fix deletes the
//! space and is certain.
//!
//! Left alone: spaced dashes ("Acme - by 40%"), list bullets ("- item"),
//! negative numbers ("fell to -5"), suspended hyphens ("three- and
//! four-digit"), a currency symbol after its amount ("45 €"), quoted
//! letters ("the letter 's'") and fenced code blocks.

use crate::bundle::Document;
use crate::checks::{Check, CheckContext, Scope};
use crate::shared::typography::{fences_of, in_spans};
use crate::text::{char_at, char_before, is_alphabetic, is_alphanumeric};
use crate::types::{Edit, Finding, Fix, Location, RuleInfo, Severity, Span};

pub struct TypographyStraySpace;

static INFO: RuleInfo = RuleInfo {
    id: "typography-stray-space",
    default_severity: Severity::Warning,
    summary: "A space that English typography does not write: after a currency symbol, before a compound's hyphen, before a possessive 's.",
    flags: &[
        "'$ 100 billion' (write '$100 billion')",
        "'Three -digit growth', 'AI -related products'",
        "'Examplecorp 's shares'",
    ],
    passes: &[
        "'Examplecorp - by 40%': a spaced dash",
        "'- first point' at the start of a line: a bullet",
        "'fell to -5 degrees': a negative number",
        "'three- and four-digit': a suspended hyphen",
        "'45 €': the symbol after the amount",
    ],
};

/// Currency symbols written before the amount.
const CURRENCY_SYMBOLS: &[char] = &['$', '€', '£', '¥', '₹', '₩', '₽', '₺', '₦', '₪', '₫', '฿'];

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\t')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// What a stray space is before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Currency,
    Hyphen,
    Possessive,
}

/// (kind, span to replace, replacement) of every stray space in `text`.
fn stray_spaces(text: &str) -> Vec<(Kind, Span, String)> {
    // The code fences, read once a space is a candidate.
    let mut fences: Option<Vec<Span>> = None;
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = char_at(text, i) else {
            i += 1;
            continue;
        };
        if !is_space(c) {
            i += c.len_utf8();
            continue;
        }
        // A run of spaces [i, j).
        let mut j = i;
        while let Some(s) = char_at(text, j).filter(|&s| is_space(s)) {
            j += s.len_utf8();
        }
        let next = char_at(text, j);
        // Each kind has a digit, a hyphen or an apostrophe after the
        // spaces: most spaces are between words, and asked no more.
        if !next.is_some_and(|n| n.is_ascii_digit() || n == '-' || is_apostrophe(n)) {
            i = j;
            continue;
        }
        let prev = char_before(text, i);
        let after_next = next.and_then(|n| char_at(text, j + n.len_utf8()));
        let past_after_next = next
            .zip(after_next)
            .and_then(|(n, a)| char_at(text, j + n.len_utf8() + a.len_utf8()));
        let fences = fences.get_or_insert_with(|| fences_of(text));
        if in_spans(fences, i) {
            i = j;
            continue;
        }
        // Currency: "$ 100" (the spaces after the symbol).
        if let (Some(sym), Some(d)) = (prev, next) {
            if CURRENCY_SYMBOLS.contains(&sym) && d.is_ascii_digit() {
                // The symbol stands alone or after letters ("US$"), not
                // after a digit ("100$ 5").
                let sym_start = i - sym.len_utf8();
                let before_sym = char_before(text, sym_start);
                if !before_sym.is_some_and(|b| b.is_ascii_digit()) {
                    out.push((Kind::Currency, Span::new(sym_start, j), sym.to_string()));
                    i = j;
                    continue;
                }
            }
        }
        let word_before = prev.is_some_and(is_alphanumeric);
        // Hyphen: "Three -digit": a word, spaces, a hyphen glued to a word.
        if word_before
            && next == Some('-')
            && after_next.is_some_and(is_alphabetic)
            && past_after_next.is_some_and(|c| is_alphabetic(c) || c == '-')
        {
            out.push((Kind::Hyphen, Span::new(i, j + 1), "-".to_string()));
            i = j;
            continue;
        }
        // Possessive: "Examplecorp 's": a word, spaces, 's and no letter.
        if word_before
            && next.is_some_and(is_apostrophe)
            && matches!(after_next, Some('s'))
            && !past_after_next
                .is_some_and(|c| is_alphanumeric(c) || is_apostrophe(c) || c == '"' || c == '-')
        {
            out.push((Kind::Possessive, Span::new(i, j), String::new()));
            i = j;
            continue;
        }
        i = j;
    }
    out
}

fn finding(doc: &Document, kind: Kind, span: Span, new_text: String) -> Finding {
    let location = Location { doc: doc.id, span };
    let (message, title) = match kind {
        Kind::Currency => (
            format!(
                "A space between '{new_text}' and the amount; English writes the symbol against the figure"
            ),
            format!("Write '{new_text}' against the amount"),
        ),
        Kind::Hyphen => (
            "A space before the hyphen of a compound; write the words joined by the hyphen"
                .to_string(),
            "Remove the space before the hyphen".to_string(),
        ),
        Kind::Possessive => (
            "A space before the possessive 's".to_string(),
            "Remove the space before 's".to_string(),
        ),
    };
    Finding {
        rule: INFO.id,
        severity: INFO.default_severity,
        location,
        message,
        related: Vec::new(),
        fixes: vec![Fix {
            title,
            edits: vec![Edit { location, new_text }].into(),
            certain: true,
            preferred: true,
        }],
    }
}

impl Check for TypographyStraySpace {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for doc in cx.documents() {
            for (kind, span, new_text) in stray_spaces(&doc.text) {
                out.push(finding(doc, kind, span, new_text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_rules, findings};

    const RULE: &[&str] = &["typography-stray-space"];

    #[test]
    fn currency_hyphen_and_possessive() {
        check_rules(
            r#"
//- a.txt
Veltra will invest up to $ 40 billion, or € 35 billion, in US$  2 bonds.
                         ^^ typography-stray-space: '$'
                                          ^^ typography-stray-space: '€'
                                                             ^^^ typography-stray-space: '$'
Three -digit growth in cloud -related sales lifted Veltra 's shares.
     ^^ typography-stray-space: hyphen
                            ^^ typography-stray-space: hyphen
                                                         ^ typography-stray-space: possessive
"#,
            RULE,
        );
    }

    #[test]
    fn dashes_bullets_negatives_and_suspended_hyphens_pass() {
        check_rules(
            r#"
//- a.txt
Veltra rose 5%, Northwind - by 4%, and the index - a gauge - fell.
- first point
 -also a bullet
Temperatures fell to -5 degrees and -12.
Three- and four-digit gains; pre- and post-war.
Prices are 45 € here and 30 $ there, and 100$ 5 is a typo of another kind.
The letter 's' and the word 'sure' are quoted, as are the 's-curves'.
"#,
            RULE,
        );
    }

    #[test]
    fn code_fences_are_left_alone() {
        check_rules(
            "//- a.md\nRun it:\n```\nls -la $ 5 x 's\n```\nVeltra 's rise.\n      ^ typography-stray-space\n",
            RULE,
        );
    }

    #[test]
    fn fixes_delete_the_space_and_are_certain() {
        let (_, bundle, found) = findings(
            "//- a.txt\nA $ 5 fee and Acme 's cloud -based unit.\n",
            RULE,
        );
        let doc = bundle.documents()[0];
        let mut text = doc.text.to_string();
        let mut edits: Vec<_> = found
            .iter()
            .map(|f| {
                assert!(f.fixes[0].certain);
                f.fixes[0].edits[0].clone()
            })
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.location.span.start));
        for e in edits {
            text.replace_range(e.location.span.start..e.location.span.end, &e.new_text);
        }
        assert_eq!(text, "A $5 fee and Acme's cloud-based unit.");
    }
}
