//! The `typography-space-before-punctuation` check: a space before a comma
//! or a full stop ("storage , which", "the accident ."), as machine
//! translation and pasting leave it. Only the comma and the full stop: French
//! typography spaces the colon, semicolon, question and exclamation marks
//! ("Corran :"), so those are left alone. An ellipsis (" ..."), a decimal
//! (" .5"), a file extension (" .txt") and a line's start pass. The fix
//! deletes the space; it is offered, not
//! applied by fix-all, which owns double spaces through
//! typography-double-space.

use crate::checks::{Check, CheckContext, Scope};
use crate::shared::typography::{in_non_prose_token, prose_lines};
use crate::text::{char_at, char_before};
use crate::types::{Finding, Location, RuleInfo, Severity, Span};

pub struct TypographySpaceBeforePunctuation;

static INFO: RuleInfo = RuleInfo {
    id: "typography-space-before-punctuation",
    default_severity: Severity::Warning,
    summary: "A space before a comma or a full stop.",
    flags: &["'the storage , which'", "'the cause of the fire .'"],
    passes: &[
        "'Corran : the vote' in French: a spaced colon",
        "'he paused ... then': an ellipsis",
        "'a .txt file', 'about .5 per cent'",
    ],
};

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// May a word end just before the space? Letters, digits, closing quotes
/// and brackets.
fn ends_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '"' | '\'' | '’' | '”' | ')' | ']' | '%')
}

/// (span of the spaces, the punctuation mark) in `line`.
fn spaces_before_punctuation(line: &str) -> Vec<(Span, char)> {
    let mut out = Vec::new();
    // A comma or a full stop right after a space's last byte (' ', and
    // the last bytes of U+00A0 and U+202F): most lines have none, and are
    // read no further.
    let bytes = line.as_bytes();
    if !bytes
        .windows(2)
        .any(|w| matches!(w[1], b',' | b'.') && matches!(w[0], b' ' | 0xA0 | 0xAF))
    {
        return out;
    }
    let mut i = 0;
    while i < line.len() {
        let Some(c) = char_at(line, i) else {
            i += 1;
            continue;
        };
        if !is_space(c) {
            i += c.len_utf8();
            continue;
        }
        // A run of spaces [i, j).
        let mut j = i;
        while let Some(s) = char_at(line, j).filter(|&s| is_space(s)) {
            j += s.len_utf8();
        }
        let prev = char_before(line, i);
        let mark = char_at(line, j);
        let after = mark.and_then(|m| char_at(line, j + m.len_utf8()));
        let after_ok = after
            .is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '’' | '”' | ')' | ']'));
        if let (Some(p), Some(m @ (',' | '.'))) = (prev, mark) {
            let prev_at = i - p.len_utf8();
            if ends_word(p) && after_ok && !in_non_prose_token(line, prev_at) {
                out.push((Span::new(i, j), m));
            }
        }
        i = j;
    }
    out
}

impl Check for TypographySpaceBeforePunctuation {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for doc in cx.documents() {
            for line in prose_lines(doc) {
                for (span, mark) in spaces_before_punctuation(doc.slice(line)) {
                    let location = Location {
                        doc: doc.id,
                        span: Span::new(line.start + span.start, line.start + span.end),
                    };
                    let what = if mark == ',' { "comma" } else { "full stop" };
                    out.push(Finding::replacing(
                        &INFO,
                        location,
                        format!("A space before a {what}"),
                        "Delete the space".to_string(),
                        String::new(),
                        // Not certain: fix-all would meet the double-space
                        // fix on the same spaces.
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

    const RULE: &[&str] = &["typography-space-before-punctuation"];

    #[test]
    fn a_space_before_a_comma_or_a_full_stop() {
        check_rules(
            r#"
//- a.txt
The kettle holds 2 litres , which is plenty.
                         ^ typography-space-before-punctuation: comma
Nobody knows the cause of the leak .
                                  ^ typography-space-before-punctuation: full stop
"#,
            RULE,
        );
    }

    #[test]
    fn french_marks_ellipses_decimals_and_extensions_pass() {
        check_rules(
            "//- a.txt\nLe maire a dit : « non » ; pourquoi ? Parce que !\nHe paused ... then spoke.\nA rise of .5 per cent.\nOpen the .txt file, then the next.\n, a line that opens with a comma\n```\nx , y\n```\n",
            RULE,
        );
    }

    #[test]
    fn spans_cover_every_space() {
        assert_eq!(
            spaces_before_punctuation("a  , b"),
            vec![(Span::new(1, 3), ',')]
        );
        assert!(spaces_before_punctuation("see www.a.org .").is_empty());
        assert_eq!(
            spaces_before_punctuation("é ,"),
            vec![(Span::new(2, 3), ',')]
        );
    }
}
