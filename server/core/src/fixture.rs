//! Inline test fixtures in the style of rust-analyzer: several articles in
//! one string, `$0` for a cursor and `^^^ rule-id` lines marking where a
//! finding is expected. Used by the checks' unit tests.
//!
//! ```text
//! //- a.txt
//! Acme shares rose 5% on Monday.
//! //- b.txt
//! Acme shares rose 9% on Monday.
//!                  ^^ figure-conflict
//! ```
//!
//! `//- name` starts a document. A line holding only spaces and carets
//! followed by a rule id (and optionally `: part of the message`) annotates
//! the columns, counted in chars, of the previous text line of the same
//! document; it is not part of the text. `$0` is removed and remembered.

use crate::bundle::Bundle;
use crate::config::Config;
use crate::types::{DocId, Finding, Span};

/// One expected finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub doc: usize,
    pub span: Span,
    pub rule: String,
    pub message_part: Option<String>,
}

/// A parsed fixture.
#[derive(Debug, Clone, Default)]
pub struct Fixture {
    /// (name, text) of each document, in order.
    pub docs: Vec<(String, String)>,
    /// Document index and byte offset of `$0`.
    pub cursor: Option<(usize, usize)>,
    pub annotations: Vec<Annotation>,
}

impl Fixture {
    pub fn parse(src: &str) -> Fixture {
        let mut fx = Fixture::default();
        // Per document: text so far, and the byte start of its last text line.
        let mut last_line_start: Option<usize> = None;
        for raw in src.split_inclusive('\n') {
            let line = raw.trim_end_matches(['\n', '\r']);
            if let Some(name) = line.trim_start().strip_prefix("//-") {
                fx.docs.push((name.trim().to_string(), String::new()));
                last_line_start = None;
                continue;
            }
            if fx.docs.is_empty() {
                if line.trim().is_empty() {
                    continue;
                }
                fx.docs.push(("a.txt".to_string(), String::new()));
            }
            let doc_index = fx.docs.len() - 1;
            if let Some(ann) = parse_annotation(line) {
                let (col, width, rule, message_part) = ann;
                let text = &fx.docs[doc_index].1;
                let start = last_line_start.unwrap_or(0);
                let line_text = text[start..].trim_end_matches(['\n', '\r']);
                let offset_of = |c: usize| {
                    line_text
                        .char_indices()
                        .nth(c)
                        .map_or(start + line_text.len(), |(i, _)| start + i)
                };
                fx.annotations.push(Annotation {
                    doc: doc_index,
                    span: Span::new(offset_of(col), offset_of(col + width)),
                    rule,
                    message_part,
                });
                continue;
            }
            let text = &mut fx.docs[doc_index].1;
            last_line_start = Some(text.len());
            if let Some(at) = raw.find("$0") {
                fx.cursor = Some((doc_index, text.len() + at));
                text.push_str(&raw.replacen("$0", "", 1));
            } else {
                text.push_str(raw);
            }
        }
        // The fixture's last line break belongs to the fixture, not the text.
        for (_, text) in &mut fx.docs {
            if text.ends_with('\n') {
                text.pop();
            }
        }
        fx
    }

    /// A bundle of the fixture's documents, keyed and named by their names.
    pub fn bundle(&self) -> Bundle {
        let mut b = Bundle::new();
        for (name, text) in &self.docs {
            b.upsert(name, name, 0, text);
        }
        b
    }

    /// The cursor as (document id in [`Fixture::bundle`], offset).
    pub fn cursor_in(&self, bundle: &Bundle) -> Option<(DocId, usize)> {
        let (doc, offset) = self.cursor?;
        let id = bundle.id_of(&self.docs.get(doc)?.0)?;
        Some((id, offset))
    }
}

/// `(column, width, rule, message part)` of an annotation line.
fn parse_annotation(line: &str) -> Option<(usize, usize, String, Option<String>)> {
    let trimmed = line.trim_start();
    if !trimmed.starts_with('^') {
        return None;
    }
    let col = line.chars().count() - trimmed.chars().count();
    let width = trimmed.chars().take_while(|&c| c == '^').count();
    let rest = trimmed[width..].trim();
    let (rule, message) = match rest.split_once(':') {
        Some((r, m)) => (r.trim(), Some(m.trim().to_string())),
        None => (rest, None),
    };
    if rule.is_empty() || rule.contains(' ') {
        return None;
    }
    Some((col, width, rule.to_string(), message))
}

/// A bundle of numbered articles ("0.txt", "1.txt", ... in that order)
/// and their ids, for tests that need no annotations.
pub fn numbered(texts: &[&str]) -> (Bundle, Vec<DocId>) {
    let mut b = Bundle::new();
    let ids = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let name = format!("{i}.txt");
            b.upsert(&name, &name, i, t)
        })
        .collect();
    (b, ids)
}

/// Runs the analysis on a fixture with the default configuration and
/// returns the findings of the given rules.
pub fn findings(src: &str, rules: &[&str]) -> (Fixture, Bundle, Vec<Finding>) {
    findings_with_config(src, rules, &Config::default())
}

pub fn findings_with_config(
    src: &str,
    rules: &[&str],
    config: &Config,
) -> (Fixture, Bundle, Vec<Finding>) {
    let fx = Fixture::parse(src);
    let bundle = fx.bundle();
    let all = crate::analyze(&bundle, config);
    let selected = all
        .into_iter()
        .filter(|f| rules.is_empty() || rules.contains(&f.rule))
        .collect();
    (fx, bundle, selected)
}

/// Asserts that the findings of `rules` (all rules when empty) are exactly
/// the fixture's annotations, with a readable report when they are not.
#[track_caller]
pub fn check_rules(src: &str, rules: &[&str]) {
    check_rules_with_config(src, rules, &Config::default());
}

#[track_caller]
pub fn check_rules_with_config(src: &str, rules: &[&str], config: &Config) {
    let (fx, bundle, found) = findings_with_config(src, rules, config);
    let render = |doc: usize, span: Span, rule: &str, msg: &str| {
        let (name, text) = &fx.docs[doc];
        format!(
            "{name}:{}..{} {rule} «{}» {msg}",
            span.start,
            span.end,
            text.get(span.start..span.end).unwrap_or("?")
        )
    };
    let doc_index = |id: DocId| {
        bundle
            .get(id)
            .and_then(|d| fx.docs.iter().position(|(n, _)| *n == d.key))
            .unwrap_or(usize::MAX)
    };
    let mut missing = Vec::new();
    for a in &fx.annotations {
        let hit = found.iter().any(|f| {
            doc_index(f.location.doc) == a.doc
                && f.location.span == a.span
                && f.rule == a.rule
                && a.message_part
                    .as_ref()
                    .is_none_or(|m| f.message.contains(m.as_str()))
        });
        if !hit {
            missing.push(render(
                a.doc,
                a.span,
                &a.rule,
                a.message_part.as_deref().unwrap_or(""),
            ));
            // The same place and rule with another message: say which.
            for f in found.iter().filter(|f| {
                doc_index(f.location.doc) == a.doc && f.location.span == a.span && f.rule == a.rule
            }) {
                missing.push(format!("    (found there: {})", f.message));
            }
        }
    }
    let mut unexpected = Vec::new();
    for f in &found {
        let d = doc_index(f.location.doc);
        let expected = fx
            .annotations
            .iter()
            .any(|a| a.doc == d && a.span == f.location.span && a.rule == f.rule);
        if !expected && d != usize::MAX {
            unexpected.push(render(d, f.location.span, f.rule, &f.message));
        }
    }
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "fixture mismatch\nmissing:\n  {}\nunexpected:\n  {}\n",
        missing.join("\n  "),
        unexpected.join("\n  ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents_cursor_and_annotations() {
        let fx = Fixture::parse(
            "//- a.txt\nAcme rose ’5%’ today.\n          ^^^^ figure-conflict: 5%\n//- b.md\nSee $0Acme.\n",
        );
        assert_eq!(fx.docs.len(), 2);
        assert_eq!(
            fx.docs[0],
            ("a.txt".to_string(), "Acme rose ’5%’ today.".to_string())
        );
        assert_eq!(fx.docs[1].1, "See Acme.");
        assert_eq!(fx.cursor, Some((1, 4)));
        let a = &fx.annotations[0];
        assert_eq!(&fx.docs[0].1[a.span.start..a.span.end], "’5%’");
        assert_eq!(a.rule, "figure-conflict");
        assert_eq!(a.message_part.as_deref(), Some("5%"));
    }

    #[test]
    fn caret_lines_without_rule_are_text() {
        let fx = Fixture::parse("//- a.txt\n^^ \nx\n");
        assert!(fx.annotations.is_empty());
        assert_eq!(fx.docs[0].1, "^^ \nx");
    }
}
