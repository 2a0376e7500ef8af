//! `--format json`: one JSON array of findings with 1-based lines and
//! columns counted in Unicode scalar values.
//!
//! An edit list that several fixes share (a name group's "use X everywhere
//! in the bundle") is written once: each of those fixes carries the same
//! `edit_group` number, and only the first of them in the report carries
//! the edits; the others have `"edits": []`. So the report stays linear in
//! the bundle's mentions.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{line_col, Loaded};
use copydesk_core::{Finding, Fix, Location};

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
    /// The edits; empty on a fix whose `edit_group` was written earlier in
    /// the report.
    pub edits: Vec<JsonEdit>,
    /// A certain fix is applied by fix-all and `check --fix` without a
    /// person choosing it.
    #[serde(default)]
    pub certain: bool,
    /// The number of an edit list that several fixes share; its edits are
    /// on the first fix of the report with this number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_group: Option<usize>,
}

/// The edit lists that more than one fix of a report holds (the same
/// shared list, not equal ones), numbered in report order.
pub(super) struct SharedEdits {
    /// Address of a shared list → its number.
    number: HashMap<usize, usize>,
    /// Numbers whose edits were written.
    written: HashSet<usize>,
}

impl SharedEdits {
    pub(super) fn new(findings: &[Finding]) -> SharedEdits {
        let address = |x: &Fix| x.edits.as_ptr() as usize;
        let mut holders: HashMap<usize, usize> = HashMap::new();
        for x in findings.iter().flat_map(|f| &f.fixes) {
            *holders.entry(address(x)).or_default() += 1;
        }
        let mut number = HashMap::new();
        for x in findings.iter().flat_map(|f| &f.fixes) {
            let a = address(x);
            if holders.get(&a).is_some_and(|&n| n > 1) && !number.contains_key(&a) {
                number.insert(a, number.len());
            }
        }
        SharedEdits {
            number,
            written: HashSet::new(),
        }
    }

    /// The number of `fix`'s edit list when it is shared, and whether its
    /// edits are still to be written (the first time only).
    pub(super) fn take(&mut self, fix: &Fix) -> Option<(usize, bool)> {
        let n = *self.number.get(&(fix.edits.as_ptr() as usize))?;
        Some((n, self.written.insert(n)))
    }
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

/// One finding as a JSON value; `shared` numbers the shared edit lists and
/// remembers which were written.
pub(super) fn json_finding(loaded: &Loaded, f: &Finding, shared: &mut SharedEdits) -> JsonFinding {
    let groups: Vec<Option<(usize, bool)>> = f.fixes.iter().map(|x| shared.take(x)).collect();
    json_finding_in(loaded, f, &groups)
}

/// [`json_finding`], given what [`SharedEdits::take`] said of each of its
/// fixes, in order.
fn json_finding_in(loaded: &Loaded, f: &Finding, groups: &[Option<(usize, bool)>]) -> JsonFinding {
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
            .enumerate()
            .map(|(k, fix)| {
                let group = groups.get(k).copied().flatten();
                let edits = match group {
                    Some((_, false)) => Vec::new(),
                    _ => fix
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
                };
                JsonFix {
                    title: fix.title.clone(),
                    certain: fix.certain,
                    edits,
                    edit_group: group.map(|(n, _)| n),
                }
            })
            .collect(),
    }
}

/// Findings made into JSON values at a time by [`write`].
const RUN: usize = 2048;

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
            use rayon::prelude::*;
            let mut shared = SharedEdits::new(self.1);
            // A run of findings at a time is made into JSON values over the
            // threads (which edit lists each writes is decided in order
            // first), then written: the report is never held whole.
            let runs = self.1.chunks(RUN).flat_map(|run| {
                let groups: Vec<Vec<Option<(usize, bool)>>> = run
                    .iter()
                    .map(|f| f.fixes.iter().map(|x| shared.take(x)).collect())
                    .collect();
                run.par_iter()
                    .zip(groups)
                    .map(|(f, g)| json_finding_in(self.0, f, &g))
                    .collect::<Vec<JsonFinding>>()
            });
            s.collect_seq(runs)
        }
    }
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    Report(loaded, findings)
        .serialize(&mut ser)
        .map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
