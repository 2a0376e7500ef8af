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
    view(loaded, f, groups).owned()
}

/// A finding as [`JsonFinding`] writes it, borrowing its texts from the
/// finding and the bundle: the report of a large bundle is written without
/// a copy of every path and message. Same fields in the same order, so it
/// prints the same text.
#[derive(Serialize)]
struct FindingView<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    code: &'a str,
    message: &'a str,
    related: Vec<RelatedView<'a>>,
    fixes: Vec<FixView<'a>>,
}

#[derive(Serialize)]
struct RelatedView<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct FixView<'a> {
    title: &'a str,
    edits: Vec<EditView<'a>>,
    certain: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    edit_group: Option<usize>,
}

#[derive(Serialize)]
struct EditView<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    new_text: &'a str,
}

impl FindingView<'_> {
    fn owned(&self) -> JsonFinding {
        JsonFinding {
            path: self.path.to_string(),
            line: self.line,
            column: self.column,
            end_line: self.end_line,
            end_column: self.end_column,
            severity: self.severity.to_string(),
            code: self.code.to_string(),
            message: self.message.to_string(),
            related: self
                .related
                .iter()
                .map(|r| JsonRelated {
                    path: r.path.to_string(),
                    line: r.line,
                    column: r.column,
                    message: r.message.to_string(),
                })
                .collect(),
            fixes: self
                .fixes
                .iter()
                .map(|x| JsonFix {
                    title: x.title.to_string(),
                    edits: x
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            path: e.path.to_string(),
                            line: e.line,
                            column: e.column,
                            end_line: e.end_line,
                            end_column: e.end_column,
                            new_text: e.new_text.to_string(),
                        })
                        .collect(),
                    certain: x.certain,
                    edit_group: x.edit_group,
                })
                .collect(),
        }
    }
}

/// The view of one finding ([`FindingView`]); `groups`: what
/// [`SharedEdits::take`] said of each of its fixes, in order.
fn view<'a>(
    loaded: &'a Loaded,
    f: &'a Finding,
    groups: &[Option<(usize, bool)>],
) -> FindingView<'a> {
    let b = &loaded.bundle;
    let range = |loc: Location| {
        let (line, column) = line_col(b, loc.doc, loc.span.start);
        let (end_line, end_column) = line_col(b, loc.doc, loc.span.end);
        (loaded.path_of(loc.doc), line, column, end_line, end_column)
    };
    let (path, line, column, end_line, end_column) = range(f.location);
    FindingView {
        path,
        line,
        column,
        end_line,
        end_column,
        severity: f.severity.as_str(),
        code: f.rule,
        message: &f.message,
        related: f
            .related
            .iter()
            .map(|r| {
                let (path, line, column, _, _) = range(r.location);
                RelatedView {
                    path,
                    line,
                    column,
                    message: &r.message,
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
                            EditView {
                                path,
                                line,
                                column,
                                end_line,
                                end_column,
                                new_text: &e.new_text,
                            }
                        })
                        .collect(),
                };
                FixView {
                    title: &fix.title,
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
/// a run of findings at a time, so a big bundle's report is never held in
/// memory whole. Each run is made into JSON text over the threads (which
/// edit lists each finding writes is decided in order first); the text is
/// what `serde_json`'s pretty printer writes for the whole array.
pub fn write(
    loaded: &Loaded,
    findings: &[Finding],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    if findings.is_empty() {
        return out.write_all(b"[]\n");
    }
    let mut shared = SharedEdits::new(findings);
    let mut separator: &[u8] = b"[\n";
    for run in findings.chunks(RUN) {
        let groups: Vec<Vec<Option<(usize, bool)>>> = run
            .iter()
            .map(|f| f.fixes.iter().map(|x| shared.take(x)).collect())
            .collect();
        let texts = run
            .par_iter()
            .zip(groups)
            .map(|(f, g)| element_text(&view(loaded, f, &g)))
            .collect::<Result<Vec<Vec<u8>>, serde_json::Error>>()?;
        for text in texts {
            out.write_all(separator)?;
            out.write_all(&text)?;
            separator = b",\n";
        }
    }
    out.write_all(b"\n]\n")
}

/// One element of the pretty-printed array: the value printed one level
/// in, as `serde_json`'s pretty printer prints it inside the array.
fn element_text<T: Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut text = Vec::with_capacity(1024);
    text.extend_from_slice(INDENT);
    let mut ser = serde_json::Serializer::with_formatter(&mut text, Element::default());
    value.serialize(&mut ser)?;
    Ok(text)
}

/// One level of indentation of the pretty printer.
const INDENT: &[u8] = b"  ";

/// `serde_json`'s `PrettyFormatter` (two spaces a level), started one
/// level in: an element of the report's array.
struct Element {
    level: usize,
    has_value: bool,
}

impl Default for Element {
    fn default() -> Self {
        Element {
            level: 1,
            has_value: false,
        }
    }
}

impl Element {
    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W, lead: &[u8]) -> std::io::Result<()> {
        w.write_all(lead)?;
        for _ in 0..self.level {
            w.write_all(INDENT)?;
        }
        Ok(())
    }

    /// An array or an object begins: one level in.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// It ends: back one level, on a line of its own unless it is empty.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w, b"\n")?;
        }
        w.write_all(bracket)
    }

    /// An element or a key begins, on a line of its own.
    fn entry<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.newline(w, if first { b"\n" } else { b",\n" })
    }
}

impl serde_json::ser::Formatter for Element {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.entry(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.entry(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(n: usize) -> JsonFinding {
        JsonFinding {
            path: format!("story/a{n}.md"),
            line: n,
            column: 2,
            end_line: n,
            end_column: 9,
            severity: "warning".into(),
            code: "figure-conflict".into(),
            message: format!("'{n}%' here;\n\t\"quoted\" \\ é"),
            related: (0..n % 3)
                .map(|k| JsonRelated {
                    path: "story/b.md".into(),
                    line: k,
                    column: 1,
                    message: "stated\nhere".into(),
                })
                .collect(),
            fixes: (0..n % 2)
                .map(|_| JsonFix {
                    title: "Use Zorblatt Vane".into(),
                    edits: vec![JsonEdit {
                        path: "story/c.md".into(),
                        line: 1,
                        column: 1,
                        end_line: 1,
                        end_column: 4,
                        new_text: "Vane\n".into(),
                    }],
                    certain: true,
                    edit_group: Some(n),
                })
                .collect(),
        }
    }

    /// The borrowed view of an owned finding.
    fn view_of(j: &JsonFinding) -> FindingView<'_> {
        FindingView {
            path: &j.path,
            line: j.line,
            column: j.column,
            end_line: j.end_line,
            end_column: j.end_column,
            severity: if j.severity == "warning" {
                "warning"
            } else {
                "information"
            },
            code: &j.code,
            message: &j.message,
            related: j
                .related
                .iter()
                .map(|r| RelatedView {
                    path: &r.path,
                    line: r.line,
                    column: r.column,
                    message: &r.message,
                })
                .collect(),
            fixes: j
                .fixes
                .iter()
                .map(|x| FixView {
                    title: &x.title,
                    edits: x
                        .edits
                        .iter()
                        .map(|e| EditView {
                            path: &e.path,
                            line: e.line,
                            column: e.column,
                            end_line: e.end_line,
                            end_column: e.end_column,
                            new_text: &e.new_text,
                        })
                        .collect(),
                    certain: x.certain,
                    edit_group: x.edit_group,
                })
                .collect(),
        }
    }

    #[test]
    fn the_view_prints_what_the_owned_finding_prints() {
        for n in 0..6 {
            let mut owned = finding(n);
            if n % 3 == 2 {
                for x in &mut owned.fixes {
                    x.edit_group = None;
                    x.certain = false;
                }
            }
            let view = view_of(&owned);
            assert_eq!(view.owned(), owned);
            assert_eq!(
                String::from_utf8(element_text(&view).unwrap()).unwrap(),
                String::from_utf8(element_text(&owned).unwrap()).unwrap()
            );
        }
    }

    #[test]
    fn elements_joined_are_the_pretty_printed_array() {
        for len in [1, 2, 5] {
            let all: Vec<JsonFinding> = (0..len).map(finding).collect();
            let mut joined = b"[\n".to_vec();
            for (i, f) in all.iter().enumerate() {
                if i > 0 {
                    joined.extend_from_slice(b",\n");
                }
                joined.extend(element_text(f).unwrap());
            }
            joined.extend_from_slice(b"\n]");
            let whole = serde_json::to_vec_pretty(&all).unwrap();
            assert_eq!(
                String::from_utf8(joined).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
        let none: Vec<JsonFinding> = Vec::new();
        assert_eq!(serde_json::to_string_pretty(&none).unwrap(), "[]");
    }
}
