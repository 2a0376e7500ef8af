//! The `typography-double-space` check: two spaces between words inside a
//! line. Indentation, trailing spaces (a Markdown line break), Markdown
//! code fences and tables, and lines laid out in columns (three spaces or a
//! tab anywhere) are left alone. The fix, one space, is certain.

use crate::checks::{Check, CheckContext, Scope};
use crate::shared::typography::{code_fences, in_spans};
use crate::types::{Edit, Finding, Fix, Location, RuleInfo, Severity, Span};

pub struct TypographyDoubleSpace;

static INFO: RuleInfo = RuleInfo {
    id: "typography-double-space",
    default_severity: Severity::Warning,
    summary: "Two spaces between words inside a line.",
    flags: &["'shares  rose'", "'rose.  The'"],
    passes: &[
        "indentation at the start of a line",
        "'Name      Price    Change': a line laid out in columns",
        "a Markdown table or code block",
    ],
};

impl Check for TypographyDoubleSpace {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for doc in cx.documents() {
            // Most articles have no two spaces anywhere.
            if !doc.text.contains("  ") {
                continue;
            }
            let fences = code_fences(doc);
            for l in 0..doc.lines.line_count() {
                let line = doc.lines.line_span(&doc.text, l);
                let text = doc.slice(line);
                if in_spans(&fences, line.start)
                    || text.contains('\t')
                    || text.contains("   ")
                    || text.trim_start().starts_with('|')
                {
                    continue;
                }
                let mut content_start = text.len() - text.trim_start().len();
                // A list marker and the spaces after it ("-  item", "1.  item").
                let rest = &text[content_start..];
                let marker = rest
                    .char_indices()
                    .find(|&(_, c)| c == ' ')
                    .map(|(i, _)| &rest[..i])
                    .filter(|m| {
                        matches!(*m, "-" | "*" | "+" | "•" | "–")
                            || m.strip_suffix(['.', ')']).is_some_and(|n| {
                                !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
                            })
                    });
                if let Some(m) = marker {
                    content_start += m.len();
                    content_start +=
                        text[content_start..].len() - text[content_start..].trim_start().len();
                }
                let content_end = text.trim_end().len();
                let mut from = content_start;
                while let Some(at) = text.get(from..content_end).and_then(|t| t.find("  ")) {
                    let start = from + at;
                    let span = Span::new(line.start + start, line.start + start + 2);
                    let location = Location { doc: doc.id, span };
                    out.push(Finding {
                        rule: INFO.id,
                        severity: INFO.default_severity,
                        location,
                        message: "Two spaces: write one".to_string(),
                        related: Vec::new(),
                        fixes: vec![Fix {
                            title: "Replace with one space".to_string(),
                            edits: vec![Edit {
                                location,
                                new_text: " ".to_string(),
                            }]
                            .into(),
                            certain: true,
                            preferred: true,
                        }],
                    });
                    from = start + 2;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["typography-double-space"];

    #[test]
    fn two_spaces_between_words() {
        check_rules(
            r#"
//- a.txt
Shares of Examplecorp  rose. They fell.  Then rose.
                     ^^ typography-double-space
                                       ^^ typography-double-space
"#,
            RULE,
        );
    }

    #[test]
    fn indentation_columns_tables_and_code_pass() {
        check_rules(
            "//- a.txt\n    Indented quote line.\nName      Price    Change\nTrailing space  \n//- b.md\n| a  | b |\n```\nx  y\n```\nOne space only.\n-  a list item\n12.  another\n",
            RULE,
        );
    }
}
