//! `--format json`: one JSON array of findings with 1-based lines and
//! columns counted in Unicode scalar values.

use serde::Serialize;

use super::{line_col, Loaded};
use crate::analysis::{Finding, Location};

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct JsonFinding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: String,
    pub code: String,
    pub message: String,
    pub related: Vec<JsonRelated>,
    pub fixes: Vec<JsonFix>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct JsonRelated {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct JsonFix {
    pub title: String,
    pub edits: Vec<JsonEdit>,
    /// A certain fix is applied by fix-all and `check --fix` without a
    /// person choosing it.
    #[serde(default)]
    pub certain: bool,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct JsonEdit {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub new_text: String,
}

/// One finding as a JSON value.
pub(super) fn json_finding(loaded: &Loaded, f: &Finding) -> JsonFinding {
    let b = &loaded.bundle;
    let range = |loc: Location| {
        let (line, column) = line_col(b, loc.doc, loc.span.start);
        let (end_line, end_column) = line_col(b, loc.doc, loc.span.end);
        (
            loaded.path_of(loc.doc).to_string(),
            line,
            column,
            end_line,
            end_column,
        )
    };
    let (path, line, column, end_line, end_column) = range(f.location);
    JsonFinding {
        path,
        line,
        column,
        end_line,
        end_column,
        severity: f.severity.as_str().to_string(),
        code: f.rule.to_string(),
        message: f.message.clone(),
        related: f
            .related
            .iter()
            .map(|r| {
                let (path, line, column, _, _) = range(r.location);
                JsonRelated {
                    path,
                    line,
                    column,
                    message: r.message.clone(),
                }
            })
            .collect(),
        fixes: f
            .fixes
            .iter()
            .map(|fix| JsonFix {
                title: fix.title.clone(),
                certain: fix.certain,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| {
                        let (path, line, column, end_line, end_column) = range(e.location);
                        JsonEdit {
                            path,
                            line,
                            column,
                            end_line,
                            end_column,
                            new_text: e.new_text.clone(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Writes the report, a pretty-printed JSON array and a final line break,
/// one finding at a time, so a big bundle's report is never held in
/// memory whole.
pub fn write(
    loaded: &Loaded,
    findings: &[Finding],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    struct Report<'a>(&'a Loaded, &'a [Finding]);
    impl Serialize for Report<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.1.iter().map(|f| json_finding(self.0, f)))
        }
    }
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    Report(loaded, findings)
        .serialize(&mut ser)
        .map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
