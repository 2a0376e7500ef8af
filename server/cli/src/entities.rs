//! `copydesk entities`: every knowledge-base entity the bundle mentions,
//! with its fact sheet — what it is, with sources, and each sentence of the
//! bundle that mentions it — for people (`--format human`) or programs
//! (`--format json`), with the `knowledge` files of `copydesk.toml`, which
//! every command reads (see `load`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use copydesk_core::factsheet::{self, FactSheet};
use copydesk_core::kb::{Kb, Source};
use copydesk_core::knowledge;

use super::{Format, Loaded};

/// One sheet as printed in JSON: the sheet with display paths.
#[derive(Serialize)]
struct JsonSheet<'a> {
    #[serde(flatten)]
    sheet: &'a FactSheet,
}

fn source_text(s: &Source) -> String {
    match &s.url {
        Some(u) => format!("{}, as of {} <{}>", s.title, s.as_of, u),
        None => format!("{}, as of {}", s.title, s.as_of),
    }
}

/// The human report: one block per entity.
pub fn render_human(loaded: &Loaded, kb: &Kb, sheets: &[FactSheet]) -> String {
    let mut out = String::new();
    for s in sheets {
        out.push_str(&format!("{} — {}\n", s.name, s.kind.as_str()));
        let mut id_line: Vec<String> = Vec::new();
        if let Some(l) = &s.legal_name {
            id_line.push(l.clone());
        }
        if !s.listings.is_empty() {
            let l: Vec<String> = s
                .listings
                .iter()
                .map(|l| format!("{} {}", l.exchange, l.ticker))
                .collect();
            id_line.push(l.join(", "));
        }
        if !id_line.is_empty() {
            out.push_str(&format!("  {}\n", id_line.join(" · ")));
        }
        out.push_str(&format!("  {}\n", s.what));
        let details: Vec<String> = [
            ("Maker", &s.maker),
            ("Part of", &s.parent),
            ("Family", &s.family),
            ("Released", &s.released),
            ("Headquarters", &s.hq),
            ("Founded", &s.founded),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}")))
        .collect();
        if !details.is_empty() {
            out.push_str(&format!("  {}\n", details.join(" · ")));
        }
        out.push_str(&format!("  Source: {}\n", source_text(&s.source)));
        for n in &s.notes {
            out.push_str(&format!(
                "  - {} (Source: {})\n",
                n.text,
                source_text(&n.source)
            ));
        }
        let articles = {
            let mut keys: Vec<&str> = s.mentions.iter().map(|m| m.key.as_str()).collect();
            keys.dedup();
            keys.len()
        };
        out.push_str(&format!(
            "  In this bundle: {} mention{} in {} article{}\n",
            s.mention_count,
            if s.mention_count == 1 { "" } else { "s" },
            articles,
            if articles == 1 { "" } else { "s" }
        ));
        if !s.claims.is_empty() {
            let conflicting = s.claims.iter().filter(|c| !c.conflicts.is_empty()).count();
            out.push_str(&format!("  Figures: {}", s.claims.len()));
            if conflicting > 0 {
                out.push_str(&format!(" ({conflicting} in conflict)"));
            }
            out.push('\n');
            for c in &s.claims {
                out.push_str(&format!(
                    "    {}:{}  {}: {}",
                    loaded.path_of(c.doc),
                    c.line,
                    c.about,
                    c.value
                ));
                if let Some(a) = &c.attribution {
                    out.push_str(&format!("  — {a}"));
                }
                for r in &c.conflicts {
                    out.push_str(&format!(
                        "  [conflicts with {} at {}:{}]",
                        r.value,
                        loaded.path_of(r.doc),
                        r.line
                    ));
                }
                out.push('\n');
            }
            out.push_str("  Mentions:\n");
        }
        for m in &s.mentions {
            out.push_str(&format!(
                "    {}:{}  {}",
                loaded.path_of(m.doc),
                m.line,
                m.sentence
            ));
            if let Some(a) = &m.attribution {
                out.push_str(&format!("  — {a}"));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if sheets.is_empty() {
        out.push_str("No knowledge-base entity is mentioned in these articles.\n");
    }
    let counts: Vec<String> = kb
        .counts()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.plural()))
        .collect();
    out.push_str(&format!(
        "{} entit{} mentioned; knowledge base: {}.\n",
        sheets.len(),
        if sheets.len() == 1 { "y" } else { "ies" },
        counts.join(", ")
    ));
    out
}

/// The JSON report: an array of fact sheets.
pub fn render_json(sheets: &[FactSheet]) -> String {
    let list: Vec<JsonSheet> = sheets.iter().map(|sheet| JsonSheet { sheet }).collect();
    let mut s = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// Runs `copydesk entities`; returns the exit code (0, or 2 on a usage or
/// I/O error).
pub fn entities(paths: &[PathBuf], format: Format, config_path: Option<&Path>) -> i32 {
    let loaded = match super::load_reported(paths, config_path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let kb = knowledge::for_config(&loaded.config);
    let sheets = factsheet::sheets(&loaded.bundle, &kb, &loaded.config);
    let out = match format {
        Format::Json => render_json(&sheets),
        Format::Human => render_human(&loaded, &kb, &sheets),
    };
    super::print_report(&out)
}
