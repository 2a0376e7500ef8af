//! `copydesk claims`: the ledger of the bundle's claims. Every figure that
//! two or more articles state of the same thing, with each article's
//! value and line, and the claims whose values cannot all be true marked.
//! With `--all`, also each figure read and how (its unit, the values its
//! rounding allows, its time and the words that say what it measures), to
//! see why two figures were or were not taken for one claim.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use copydesk_core::claims::align::{placed, Placed};
use copydesk_core::claims::table::{self, Claim, Statement};

use super::{Format, Loaded};

#[derive(Serialize)]
struct JsonStatement<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    written: &'a str,
    unit: &'a str,
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
struct JsonRow<'a> {
    label: &'a str,
    unit: &'a str,
    conflict: bool,
    statements: Vec<JsonStatement<'a>>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// 1-based line and column (in characters) of a byte offset of `doc`.
fn line_col(loaded: &Loaded, doc: copydesk_core::DocId, offset: usize) -> (usize, usize) {
    loaded.bundle.get(doc).map_or((0, 0), |d| {
        let (l, c) = d.lines.line_col(&d.text, offset);
        (l + 1, c + 1)
    })
}

fn json_rows<'a>(loaded: &'a Loaded, claims: &'a [Claim]) -> Vec<JsonRow<'a>> {
    let statement = |s: &'a Statement| {
        let (line, column) = line_col(loaded, s.doc, s.span.start);
        JsonStatement {
            path: loaded.path_of(s.doc),
            line,
            column,
            written: &s.written,
            unit: &s.unit,
            value: s.value,
            low: finite(s.low),
            high: finite(s.high),
            class: s.class,
            flagged: s.flagged.map(|f| f.as_str()),
        }
    };
    claims
        .iter()
        .map(|c| JsonRow {
            label: &c.label,
            unit: &c.unit,
            conflict: c.conflict,
            statements: c.statements.iter().map(statement).collect(),
        })
        .collect()
}

fn render_human(loaded: &Loaded, claims: &[Claim], every: Option<&[Placed<'_>]>) -> String {
    let mut out = String::new();
    for c in claims {
        let mark = if c.conflict {
            "  ✗ the values disagree"
        } else {
            ""
        };
        let _ = writeln!(out, "{} [{}]{mark}", c.label, c.unit);
        for s in &c.statements {
            let (line, _) = line_col(loaded, s.doc, s.span.start);
            let class = if c.conflict {
                format!(" ({})", (b'a' + (s.class % 26) as u8) as char)
            } else {
                String::new()
            };
            let flag = s
                .flagged
                .map_or(String::new(), |f| format!("  ← {}", f.as_str()));
            let _ = writeln!(
                out,
                "  {}:{line}  {}{class}{flag}",
                loaded.path_of(s.doc),
                s.written
            );
        }
        out.push('\n');
    }
    let conflicts = claims.iter().filter(|c| c.conflict).count();
    let _ = writeln!(
        out,
        "{} claim{} stated by two or more articles; {conflicts} with values that disagree",
        claims.len(),
        if claims.len() == 1 { "" } else { "s" }
    );
    if let Some(all) = every {
        out.push_str("\nevery figure read:\n");
        for p in all {
            let (line, column) = line_col(loaded, p.doc, p.frame.span.start);
            let written = loaded
                .bundle
                .get(p.doc)
                .map_or("", |d| d.slice(p.frame.span));
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
            if let Some(x) = &f.source {
                notes.push(format!("source: {x}"));
            }
            if !f.qualifiers.is_empty() {
                notes.push(format!("qualified: {}", f.qualifiers.join(" ")));
            }
            let _ = writeln!(
                out,
                "  {}:{line}:{column}  {written}  [{}] {lo}..{hi}  {}  {}",
                loaded.path_of(p.doc),
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
    let loaded = match super::load_reported(paths, config_path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let claims = table::claims(&loaded.bundle, &loaded.config);
    let out = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json_rows(&loaded, &claims))
                .unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
        Format::Human if every => {
            let all = placed(&loaded.bundle, &loaded.config);
            render_human(&loaded, &claims, Some(&all))
        }
        Format::Human => render_human(&loaded, &claims, None),
    };
    super::print_report(&out)
}
