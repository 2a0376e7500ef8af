//! `copydesk claims`: the ledger of the bundle's claims. Every figure that
//! two or more articles state of the same thing, with each article's
//! value and line, and the claims whose values cannot all be true marked.
//! With `--all`, also each figure read and how (its unit, the values its
//! rounding allows, its time and the words that say what it measures), to
//! see why two figures were or were not taken for one claim.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::analysis::claims::align::{placed, Placed};
use crate::analysis::claims::ledger::{ledger, Row};
use crate::analysis::extract::frames::written_words;

use super::{load, Format, Loaded};

#[derive(Serialize)]
struct JsonStatement {
    path: String,
    line: usize,
    column: usize,
    written: String,
    unit: String,
    value: f64,
    /// The values the written figure stands for (its rounding, widened by
    /// "about", "more than"...).
    low: Option<f64>,
    high: Option<f64>,
    /// The class of agreeing values it belongs to (0-based).
    class: usize,
    /// "warning", "information": how the checks flag it, if they do.
    flagged: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonRow {
    label: String,
    conflict: bool,
    statements: Vec<JsonStatement>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Path, 1-based line and column (in characters) of a frame.
fn place(loaded: &Loaded, p: &Placed<'_>) -> (String, usize, usize, String) {
    let Some(d) = loaded.bundle.get(p.doc) else {
        return ("?".into(), 0, 0, String::new());
    };
    let (l, c) = d.lines.line_col(&d.text, p.frame.span.start);
    (
        loaded.path_of(p.doc).to_string(),
        l + 1,
        c + 1,
        d.slice(p.frame.span).to_string(),
    )
}

fn json_rows(loaded: &Loaded, all: &[Placed<'_>], rows: &[Row]) -> Vec<JsonRow> {
    rows.iter()
        .map(|r| JsonRow {
            label: written_label(loaded, all, r),
            conflict: r.conflict(),
            statements: r
                .members
                .iter()
                .enumerate()
                .map(|(k, &m)| {
                    let p = &all[m];
                    let (path, line, column, written) = place(loaded, p);
                    let (low, high) = p.frame.interval();
                    JsonStatement {
                        path,
                        line,
                        column,
                        written,
                        unit: p.frame.unit.clone(),
                        value: p.frame.value,
                        low: finite(low),
                        high: finite(high),
                        class: r.classes.iter().position(|c| c.contains(&k)).unwrap_or(0),
                        flagged: r
                            .flagged
                            .iter()
                            .find(|(x, _)| *x == m)
                            .map(|(_, s)| s.as_str()),
                    }
                })
                .collect(),
        })
        .collect()
}

/// A row's measure words as its first statement writes them.
fn written_label(loaded: &Loaded, all: &[Placed<'_>], r: &Row) -> String {
    r.members
        .first()
        .and_then(|&m| {
            let d = loaded.bundle.get(all[m].doc)?;
            Some(written_words(&d.text, all[m].frame.sentence, &r.label))
        })
        .unwrap_or_else(|| r.label.clone())
}

fn render_human(loaded: &Loaded, all: &[Placed<'_>], rows: &[Row], every: bool) -> String {
    let mut out = String::new();
    let conflicts = rows.iter().filter(|r| r.conflict()).count();
    for r in rows {
        let mark = if r.conflict() {
            "  ✗ the values disagree"
        } else {
            ""
        };
        let unit = r
            .members
            .first()
            .map_or("", |&m| all[m].frame.unit.as_str());
        let label = written_label(loaded, all, r);
        let _ = writeln!(out, "{label} [{unit}]{mark}");
        let classes = r.classes.len();
        for (k, &m) in r.members.iter().enumerate() {
            let (path, line, _, written) = place(loaded, &all[m]);
            let class = if classes > 1 {
                let c = r.classes.iter().position(|c| c.contains(&k)).unwrap_or(0);
                format!(" ({})", (b'a' + (c as u8 % 26)) as char)
            } else {
                String::new()
            };
            let flag = r
                .flagged
                .iter()
                .find(|(x, _)| *x == m)
                .map_or(String::new(), |(_, s)| format!("  ← {}", s.as_str()));
            let _ = writeln!(out, "  {path}:{line}  {written}{class}{flag}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} claim{} stated by two or more articles; {conflicts} with values that disagree",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    if every {
        out.push_str("\nevery figure read:\n");
        for p in all {
            let (path, line, column, written) = place(loaded, p);
            let f = p.frame;
            let (lo, hi) = f.interval();
            let words: Vec<String> = f.words.iter().map(|(w, x)| format!("{w}:{x:.1}")).collect();
            let mut notes = Vec::new();
            if f.timed {
                notes.push("moves".to_string());
            }
            if let Some(s) = &f.session {
                notes.push(format!("session {s}"));
            }
            if let Some(d) = p.day {
                notes.push(format!(
                    "day {}-{}-{}",
                    d.year.map_or("?".into(), |y| y.to_string()),
                    d.month.map_or("?".into(), |m| m.to_string()),
                    d.day.map_or("?".into(), |m| m.to_string())
                ));
            }
            if f.prior {
                notes.push("the prior value".into());
            } else if f.other_time {
                notes.push("another time or event".into());
            }
            if let Some(x) = &f.part {
                notes.push(format!("part: {x}"));
            }
            if !f.qualifiers.is_empty() {
                notes.push(format!("qualified: {}", f.qualifiers.join(" ")));
            }
            let _ = writeln!(
                out,
                "  {path}:{line}:{column}  {written}  [{}] {lo}..{hi}  {}  {}",
                f.unit,
                notes.join(", "),
                words.join(" ")
            );
        }
    }
    out
}

/// `copydesk claims`. Exit code 0, or 2 on a usage or I/O error.
pub fn claims(paths: &[PathBuf], format: Format, config_path: Option<&Path>, every: bool) -> i32 {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let loaded = match load(paths, config_path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("copydesk: error: {e}");
            return 2;
        }
    };
    for (path, reason) in &loaded.declined {
        eprintln!("copydesk: {path}: {reason}");
    }
    let all = placed(&loaded.bundle, &loaded.config);
    let rows = ledger(&all);
    let out = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json_rows(&loaded, &all, &rows))
                .unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
        Format::Human => render_human(&loaded, &all, &rows, every),
    };
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("copydesk: error: cannot write the report: {e}");
            return 2;
        }
    }
    0
}
