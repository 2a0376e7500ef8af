//! The `typography-mixed-quotes` check: straight (") and curly (“ ”) double
//! quotes mixed within one article. Only double quotes: apostrophes and
//! single quotes are left alone (a straight apostrophe in a curly article
//! is common and harmless). Inch marks (27") and Markdown code are skipped.
//!
//! One finding per article, on the first mark of the less used style, with
//! a fix that writes every such mark in the article's main style. Curly to
//! straight is certain; straight to curly is certain when the marks pair
//! up (open, close, open, close ...) by their surroundings.

use crate::checks::{Check, CheckContext, Scope};
use crate::shared::typography::{code_fences, in_spans};
use crate::types::{Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

pub struct TypographyMixedQuotes;

static INFO: RuleInfo = RuleInfo {
    id: "typography-mixed-quotes",
    default_severity: Severity::Warning,
    summary: "Straight and curly double quotes mixed within one article.",
    flags: &["'“Shares rose,” she said. \"It helps.\"' in one article"],
    passes: &[
        "straight quotes in one article and curly ones in another",
        "'Examplecorp’s' next to \"straight\" double quotes: apostrophes are not checked",
        "'a 27\" monitor': an inch mark",
    ],
};

#[derive(Debug, Clone, Copy)]
struct Mark {
    span: Span,
    straight: bool,
    /// Opens a quotation, judged from the characters around it.
    opens: bool,
}

/// Inline code (`...`) and HTML tags (<a href="...">) of each line: their
/// quotes are syntax, not typography.
fn code_and_tags(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in crate::text::split_lines_inclusive(text) {
        let mut open: Option<(usize, char)> = None;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match open {
                None if c == '`' => open = Some((i, '`')),
                None if c == '<'
                    && chars
                        .peek()
                        .is_some_and(|&(_, n)| n.is_ascii_alphabetic() || n == '/' || n == '!') =>
                {
                    open = Some((i, '>'));
                }
                Some((start, close)) if c == close => {
                    out.push(Span::new(offset + start, offset + i + 1));
                    open = None;
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    out
}

fn marks(text: &str, skip: &[Span]) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        if matches!(c, '"' | '“' | '”') && !in_spans(skip, i) {
            let inch = c == '"'
                && prev.is_some_and(|p| p.is_ascii_digit())
                && !next.is_some_and(char::is_alphanumeric);
            if !inch {
                let opens = match c {
                    '“' => true,
                    '”' => false,
                    _ => prev.is_none_or(|p| {
                        p.is_whitespace() || matches!(p, '(' | '[' | '{' | '-' | '–' | '—' | '/')
                    }),
                };
                out.push(Mark {
                    span: Span::new(i, i + c.len_utf8()),
                    straight: c == '"',
                    opens,
                });
            }
        }
        prev = Some(c);
    }
    out
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl Check for TypographyMixedQuotes {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for doc in cx.documents() {
            // Both styles written somewhere, or nothing to mix: most
            // articles are read no further.
            if !doc.text.contains('"') || !doc.text.contains(['“', '”']) {
                continue;
            }
            let mut skip = code_fences(doc);
            skip.extend(code_and_tags(&doc.text));
            let all = marks(&doc.text, &skip);
            let straight = all.iter().filter(|m| m.straight).count();
            let curly = all.len() - straight;
            if straight == 0 || curly == 0 {
                continue;
            }
            // The less used style is the stray one; on a tie, straight.
            let stray_straight = straight <= curly;
            let stray: Vec<&Mark> = all
                .iter()
                .filter(|m| m.straight == stray_straight)
                .collect();
            let Some(first) = stray.first() else {
                continue;
            };
            let Some(main) = all.iter().find(|m| m.straight != stray_straight) else {
                continue;
            };
            let edits: Vec<Edit> = stray
                .iter()
                .map(|m| Edit {
                    location: Location {
                        doc: doc.id,
                        span: m.span,
                    },
                    new_text: match (stray_straight, m.opens) {
                        (true, true) => "“",
                        (true, false) => "”",
                        (false, _) => "\"",
                    }
                    .to_string(),
                })
                .collect();
            // Straight marks pair up when they alternate open, close, ...
            let pairs_up = !stray_straight
                || (stray.len() % 2 == 0
                    && stray
                        .iter()
                        .enumerate()
                        .all(|(k, m)| m.opens == (k % 2 == 0)));
            let (stray_name, main_name) = if stray_straight {
                ("straight", "curly")
            } else {
                ("curly", "straight")
            };
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                location: Location {
                    doc: doc.id,
                    span: first.span,
                },
                message: format!(
                    "{} double quotes ({}) mixed with {main_name} ones ({}) in this article",
                    capitalized(stray_name),
                    stray.len(),
                    all.len() - stray.len()
                ),
                related: vec![Related {
                    location: Location {
                        doc: doc.id,
                        span: main.span,
                    },
                    message: format!("{main_name} quotes are used here"),
                }],
                fixes: vec![Fix {
                    title: format!("Write every double quote {main_name}"),
                    edits: edits.into(),
                    certain: pairs_up,
                    preferred: true,
                }],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_rules, findings};

    const RULE: &[&str] = &["typography-mixed-quotes"];

    #[test]
    fn straight_among_curly() {
        check_rules(
            r#"
//- a.txt
“Shares rose,” she said. “It helps.” He added: "We agree."
                                               ^ typography-mixed-quotes: Straight double quotes (2)
"#,
            RULE,
        );
        let (_, _, found) = findings(
            "//- a.txt\n“Shares rose,” she said. “It helps.” He added: \"We agree.\"\n",
            RULE,
        );
        let fix = &found[0].fixes[0];
        assert!(fix.certain);
        let texts: Vec<&str> = fix.edits.iter().map(|e| e.new_text.as_str()).collect();
        assert_eq!(texts, ["“", "”"]);
    }

    #[test]
    fn one_style_per_article_apostrophes_and_inches_pass() {
        check_rules(
            r#"
//- a.txt
"Shares rose," she said of Examplecorp’s 27" screens.
//- b.txt
“Shares rose,” she said of Examplecorp's plans.
"#,
            RULE,
        );
    }

    #[test]
    fn code_spans_and_html_tags_are_syntax() {
        check_rules(
            "//- a.md\n“Shares rose,” she said. Run `copydesk --format \"json\"` or see <a href=\"x.html\">this</a>.\n",
            RULE,
        );
    }

    #[test]
    fn unpaired_straight_marks_are_not_certain() {
        let (_, _, found) = findings(
            "//- a.txt\n“One,” “two,” “three” and \"four.\nMore\"\"\n",
            RULE,
        );
        assert_eq!(found.len(), 1);
        assert!(!found[0].fixes[0].certain);
    }
}
