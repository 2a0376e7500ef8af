//! The `typography-missing-space` check: a comma after a word with no space
//! before the next word or figure ("At least,1037 people", "the city,which").
//! A comma between digits is a thousands separator ("1,037") and passes, as
//! do web and e-mail addresses, paths and code. The fix adds a space; it is
//! not certain, since the comma itself may be the slip.

use crate::checks::{Check, CheckContext, Scope};
use crate::shared::typography::{in_non_prose_token, prose_lines};
use crate::text::{char_at, char_before, is_alphabetic, is_alphanumeric};
use crate::types::{Finding, Location, RuleInfo, Severity, Span};

pub struct TypographyMissingSpace;

static INFO: RuleInfo = RuleInfo {
    id: "typography-missing-space",
    default_severity: Severity::Warning,
    summary: "No space after a comma that follows a word.",
    flags: &["'At least,200 homes'", "'the harbour,which'"],
    passes: &[
        "'1,037 homes': a thousands separator",
        "'www.example.org/a,b': an address",
        "'the harbour, which'",
    ],
};

/// Byte offsets of the commas in `line` that follow a letter and come right
/// before a letter or a digit.
fn commas_without_space(line: &str) -> Vec<usize> {
    line.bytes()
        .enumerate()
        .filter(|&(at, b)| {
            b == b','
                && char_before(line, at).is_some_and(is_alphabetic)
                && char_at(line, at + 1).is_some_and(is_alphanumeric)
                && !in_non_prose_token(line, at)
        })
        .map(|(at, _)| at)
        .collect()
}

impl Check for TypographyMissingSpace {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for doc in cx.documents() {
            for line in prose_lines(doc) {
                for at in commas_without_space(doc.slice(line)) {
                    let comma = line.start + at;
                    let location = Location {
                        doc: doc.id,
                        span: Span::new(comma, comma + 1),
                    };
                    out.push(Finding::replacing(
                        &INFO,
                        location,
                        "No space after the comma".to_string(),
                        "Add a space after the comma".to_string(),
                        ", ".to_string(),
                        false,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["typography-missing-space"];

    #[test]
    fn a_comma_glued_to_the_next_word_or_figure() {
        check_rules(
            r#"
//- a.txt
At least,250 kettles were sold.
        ^ typography-missing-space
They sold out in the harbour,which surprised them.
                            ^ typography-missing-space
"#,
            RULE,
        );
    }

    #[test]
    fn separators_addresses_and_spaced_commas_pass() {
        check_rules(
            "//- a.txt\nSome 1,250 kettles, 3,000 lids.\nSee www.example.org/a,b or mail a,b@example.org.\nIt rose, then fell,\nand stayed.\n",
            RULE,
        );
    }

    #[test]
    fn offsets_are_bytes() {
        assert_eq!(commas_without_space("Zürich,Genf"), vec![7]);
    }
}
