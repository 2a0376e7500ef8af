//! The `typography-doubled-word` check: the same word twice in a row
//! ("comes comes with", "the the"), a slip of editing. Words English doubles
//! on purpose ("that that", "had had") are listed in
//! `server/data/typography.toml`; a doubled word in capitals ("Bora Bora",
//! "Duran Duran") is a name; words across a line break, punctuation or a
//! Markdown code block are never paired. The fix deletes the second word.
//! Inside a quotation a doubled word may be the speaker's own repetition:
//! information there, not a warning.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::checks::{Check, CheckContext, Scope};
use crate::extract::scope;
use crate::shared::typography::{in_non_prose_token, prose_lines};
use crate::text::is_alphanumeric;
use crate::types::{Finding, Location, RuleInfo, Severity, Span};

const TYPOGRAPHY_TOML: &str = include_str!("../../../data/typography.toml");

pub struct TypographyDoubledWord;

static INFO: RuleInfo = RuleInfo {
    id: "typography-doubled-word",
    default_severity: Severity::Warning,
    summary: "The same word twice in a row.",
    flags: &["'the console comes comes with'", "'The the results'"],
    passes: &[
        "'he said that that was wrong', 'she had had enough'",
        "'Bora Bora', 'Duran Duran': a name",
        "'it fell. Fell again': punctuation between",
        "'\"a long long night,\" she said': inside a quotation, information only",
    ],
};

#[derive(Deserialize)]
struct Raw {
    doubled_ok: Vec<String>,
}

fn doubled_ok() -> &'static [String] {
    static DATA: OnceLock<Vec<String>> = OnceLock::new();
    DATA.get_or_init(|| match toml::from_str::<Raw>(TYPOGRAPHY_TOML) {
        Ok(r) => r.doubled_ok.iter().map(|w| w.to_lowercase()).collect(),
        Err(e) => {
            tracing::error!("server/data/typography.toml does not parse: {e}");
            Vec::new()
        }
    })
}

fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || matches!(c, '\'' | '’' | '-')
}

/// The words of `line`: runs of [`is_word_char`], in order. An ASCII
/// byte is told without decoding a character.
fn words(line: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = line.as_bytes();
    let mut i = 0;
    // Whether a word character starts at `i`, and its length.
    let at = move |i: usize| -> (bool, usize) {
        match bytes.get(i) {
            Some(&b) if b.is_ascii() => (b.is_ascii_alphanumeric() || matches!(b, b'\'' | b'-'), 1),
            _ => line
                .get(i..)
                .and_then(|r| r.chars().next())
                .map_or((false, 1), |c| (is_word_char(c), c.len_utf8())),
        }
    };
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (word, len) = at(i);
            if word {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (word, len) = at(i);
            if !word {
                break;
            }
            i += len;
        }
        Some(Span::new(start, i))
    })
}

fn lowercases_to(word: &str, lower: &str) -> bool {
    if word.is_ascii() && lower.is_ascii() {
        word.len() == lower.len()
            && word
                .bytes()
                .zip(lower.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        word.to_lowercase() == lower
    }
}

/// (span of the spaces and the second word, the word) of every doubled
/// word in `line`.
fn doubled_words(line: &str) -> Vec<(Span, String)> {
    let ok = doubled_ok();
    let mut out = Vec::new();
    let mut ws = words(line);
    let Some(mut a) = ws.next() else {
        return out;
    };
    for b in ws {
        let a = std::mem::replace(&mut a, b);
        let (Some(first), Some(second), Some(gap)) = (
            line.get(a.start..a.end),
            line.get(b.start..b.end),
            line.get(a.end..b.start),
        ) else {
            continue;
        };
        if gap.is_empty() || !gap.chars().all(|c| c == ' ') {
            continue;
        }
        // A real word with a letter, the second in lower case (the first
        // may open a sentence): "The the" and "comes comes", not "Bora Bora".
        if !second.chars().any(char::is_alphabetic)
            || !second.chars().next().is_some_and(char::is_lowercase)
            || !lowercases_to(first, second)
        {
            continue;
        }
        if ok.iter().any(|w| *w == second) || in_non_prose_token(line, b.start) {
            continue;
        }
        out.push((Span::new(a.end, b.end), second.to_string()));
    }
    out
}

impl Check for TypographyDoubledWord {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for doc in cx.documents() {
            // Quotations, read once an article has a doubled word.
            let mut quoted: Option<Vec<Span>> = None;
            for line in prose_lines(doc) {
                for (span, word) in doubled_words(doc.slice(line)) {
                    let location = Location {
                        doc: doc.id,
                        span: Span::new(line.start + span.start, line.start + span.end),
                    };
                    let quoted = quoted.get_or_insert_with(|| scope::quoted_spans(&doc.text));
                    // Inside a quotation the words are the speaker's, who
                    // may repeat one on purpose ("a nasty, nasty day"
                    // written without its comma): information, and the
                    // fix would change a quotation.
                    let spoken = scope::in_quote(quoted, location.span);
                    let mut finding = Finding::replacing(
                        &INFO,
                        location,
                        if spoken {
                            format!(
                                "'{word}' twice in a row, inside a quotation: a slip, or the \
                                 speaker's own repetition"
                            )
                        } else {
                            format!("'{word}' twice in a row")
                        },
                        format!("Delete the second '{word}'"),
                        String::new(),
                        false,
                    );
                    if spoken {
                        finding.severity = Severity::Information;
                        for fix in &mut finding.fixes {
                            fix.preferred = false;
                        }
                    }
                    out.push(finding);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::check_rules;

    #[test]
    fn lowercases_to_agrees_with_to_lowercase() {
        let words = [
            "the",
            "The",
            "THE",
            "tHe",
            "then",
            "",
            "a",
            "A",
            "Éclair",
            "éclair",
            "ÉCLAIR",
            "İstanbul",
            "i̇stanbul",
            "Straße",
            "straße",
            "STRASSE",
            "x-ray",
            "X-Ray",
            "it's",
        ];
        for a in words {
            for b in words {
                assert_eq!(lowercases_to(a, b), a.to_lowercase() == b, "{a} {b}");
            }
        }
    }

    const RULE: &[&str] = &["typography-doubled-word"];

    #[test]
    fn data_file_parses() {
        assert!(doubled_ok().iter().any(|w| w == "that"));
    }

    #[test]
    fn a_word_twice_in_a_row() {
        check_rules(
            r#"
//- a.txt
The kettle ships ships with a spare lid.
                ^^^^^^ typography-doubled-word: 'ships' twice
The the lid is blue.
   ^^^^ typography-doubled-word
"#,
            RULE,
        );
    }

    #[test]
    fn inside_a_quotation_it_is_information() {
        let (_, bundle, found) = crate::fixture::findings(
            "//- a.txt\n\"It will be a long long night,” the mayor said, and the the crews left.\n",
            RULE,
        );
        let text = &bundle.documents()[0].text;
        let got: Vec<(Severity, &str)> = found
            .iter()
            .map(|f| {
                (
                    f.severity,
                    &text[f.location.span.start..f.location.span.end],
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Severity::Information, " long"),
                (Severity::Warning, " the")
            ]
        );
    }

    #[test]
    fn deliberate_doubles_names_and_breaks_pass() {
        check_rules(
            "//- a.txt\nShe said that that was fine and had had enough.\nThey flew to Wagga Wagga.\nPrices fell. Fell again, fell\nfell on Monday.\nCount 10 10 times.\n```\nx x\n```\n",
            RULE,
        );
    }

    #[test]
    fn the_fix_deletes_the_second_word() {
        assert_eq!(
            doubled_words("it comes  comes here"),
            vec![(Span::new(8, 15), "comes".to_string())]
        );
    }
}
