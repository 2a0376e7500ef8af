//! `--format sarif`: SARIF 2.1.0, the format of GitHub code scanning. One
//! run, the rules' metadata (id, summary, help, default level), every
//! finding with its place, related places and fixes. Columns count Unicode
//! scalar values (`columnKind: unicodeCodePoints`), as everywhere else.

use serde_json::{json, Value};

use super::json::{json_finding, JsonEdit, SharedEdits};
use super::Loaded;
use copydesk_core::checks::ALL;
use copydesk_core::{Finding, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A path as a relative URI reference: each segment percent-encoded.
fn uri(path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'[')
        .add(b']')
        .add(b'\\')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}');
    path.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

fn region(line: usize, column: usize, end_line: usize, end_column: usize) -> Value {
    json!({"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column})
}

fn replacement(e: &JsonEdit) -> Value {
    json!({
        "artifactLocation": {"uri": uri(&e.path)},
        "replacements": [{
            "deletedRegion": region(e.line, e.column, e.end_line, e.end_column),
            "insertedContent": {"text": e.new_text},
        }],
    })
}

/// The SARIF log of a check.
pub fn log(loaded: &Loaded, findings: &[Finding]) -> Value {
    let rules: Vec<Value> = ALL
        .iter()
        .map(|c| {
            let i = c.info();
            let mut help = format!("{}\n\nFlags:\n", i.summary);
            for e in i.flags {
                help.push_str(&format!("- {e}\n"));
            }
            help.push_str("\nLeaves alone:\n");
            for e in i.passes {
                help.push_str(&format!("- {e}\n"));
            }
            json!({
                "id": i.id,
                "name": i.id,
                "shortDescription": {"text": i.summary},
                "help": {"text": help},
                "defaultConfiguration": {"level": level(i.default_severity)},
                "properties": {"family": i.family()},
            })
        })
        .collect();
    // A fix whose edit list several fixes share (a name group's "use X
    // everywhere") is given once, on the first result that holds it:
    // SARIF has no way to point at another result's fix.
    let mut shared = SharedEdits::new(findings);
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let j = json_finding(loaded, f, &mut shared);
            let related: Vec<Value> = j
                .related
                .iter()
                .enumerate()
                .map(|(n, r)| {
                    json!({
                        "id": n,
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(&r.path)},
                            "region": {"startLine": r.line, "startColumn": r.column},
                        },
                        "message": {"text": r.message},
                    })
                })
                .collect();
            let fixes: Vec<Value> = j
                .fixes
                .iter()
                .filter(|x| x.edit_group.is_none() || !x.edits.is_empty())
                .map(|x| {
                    json!({
                        "description": {"text": x.title},
                        "artifactChanges": x.edits.iter().map(replacement).collect::<Vec<_>>(),
                        "properties": {"certain": x.certain},
                    })
                })
                .collect();
            let rule_index = ALL.iter().position(|c| c.info().id == f.rule);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&j.path)},
                        "region": region(j.line, j.column, j.end_line, j.end_column),
                    },
                }],
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("wire copy/a#1.txt"), "wire%20copy/a%231.txt");
        assert_eq!(uri("seeds/a.txt"), "seeds/a.txt");
    }
}
