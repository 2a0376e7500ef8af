//! What "fix all" applies: the certain fixes of a document's findings,
//! without overlaps. Shared by the editor's fix-all and `copydesk check --fix`.

use crate::{DocId, Edit, Finding};

/// The certain fixes of the findings in `doc`, without overlaps, in text
/// order: what "fix all" applies. Only edits inside `doc` are taken, so the
/// result touches one document. Of two overlapping edits the one whose span
/// contains the other's is kept (it fixes the wider stretch: "  -" to "-"
/// rather than "  " to " ", which would leave " -" for a second run).
pub fn fix_all_edits(findings: &[Finding], doc: DocId) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter(|f| f.location.doc == doc)
        .flat_map(|f| f.fixes.iter().filter(|x| x.certain).take(1))
        .flat_map(|x| x.edits.iter().filter(|e| e.location.doc == doc).cloned())
        .collect();
    edits.sort_by_key(|e| (e.location.span.start, e.location.span.end));
    let mut out: Vec<Edit> = Vec::new();
    for e in edits {
        let s = e.location.span;
        match out.last() {
            Some(last) if last.location.span == s => {}
            // Sorted by start, then end: a later edit that overlaps the last
            // one kept contains it only when both start together.
            Some(last) if last.location.span.end > s.start => {
                if last.location.span.start == s.start && s.end >= last.location.span.end {
                    out.pop();
                    out.push(e);
                }
            }
            _ => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Fix, Location, RuleInfo, Severity, Span};

    static INFO: RuleInfo = RuleInfo {
        id: "name-variant",
        default_severity: Severity::Warning,
        summary: "",
        flags: &[""],
        passes: &[""],
    };

    fn finding(doc: DocId, start: usize, end: usize, certain: bool, text: &str) -> Finding {
        let location = Location {
            doc,
            span: Span::new(start, end),
        };
        Finding {
            rule: INFO.id,
            severity: Severity::Warning,
            location,
            message: "m".into(),
            related: vec![],
            fixes: vec![Fix {
                title: "t".into(),
                edits: vec![Edit {
                    location,
                    new_text: text.into(),
                }]
                .into(),
                certain,
                preferred: true,
            }],
        }
    }

    #[test]
    fn fix_all_takes_certain_fixes_without_overlaps() {
        let d = DocId(0);
        let fs = vec![
            finding(d, 0, 5, true, "a"),
            finding(d, 3, 8, true, "b"),
            finding(d, 10, 12, false, "c"),
            finding(d, 20, 22, true, "d"),
            finding(DocId(1), 0, 2, true, "e"),
        ];
        let edits = fix_all_edits(&fs, d);
        let texts: Vec<&str> = edits.iter().map(|e| e.new_text.as_str()).collect();
        assert_eq!(texts, ["a", "d"]);
    }

    #[test]
    fn regression_fix_all_keeps_the_edit_that_contains_an_overlapping_one() {
        // "acme  -Acme": a double space (4..6 → " ") inside a stray space
        // before a hyphen (4..7 → "-"). Keeping the inner one left " -" for
        // a second fix-all.
        let d = DocId(0);
        let fs = vec![
            finding(d, 4, 6, true, " "),
            finding(d, 4, 7, true, "-"),
            finding(d, 6, 9, true, "x"),
        ];
        let edits = fix_all_edits(&fs, d);
        let got: Vec<(usize, usize, &str)> = edits
            .iter()
            .map(|e| {
                (
                    e.location.span.start,
                    e.location.span.end,
                    e.new_text.as_str(),
                )
            })
            .collect();
        assert_eq!(got, [(4, 7, "-")]);
    }
}
