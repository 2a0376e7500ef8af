//! Scores `copydesk check --format json seeds/` against the careful
//! editor's gold list (../shared/seeds-gold.json), as described in
//! ../shared/seeds-gold.md, prints the score by family, and asserts the bar
//! for the families that are built. Raise a bar when a check improves;
//! never lower it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::check::{check_json, file_name, is_warning_or_above};
use copydesk::cli::JsonFinding;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    must: Vec<Item>,
    acceptable: Vec<Item>,
    traps: Vec<Trap>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    family: String,
    locs: Vec<(String, usize)>,
}

#[derive(Deserialize)]
struct Trap {
    locs: Vec<(String, usize)>,
    note: String,
}

/// Minimum (recall, precision) per family that is built. Precision counts
/// every finding of the family, at any severity. A family with no `must`
/// item (conversion, date) has recall 1 by definition; its bar then says
/// that none of its findings may be a false positive.
const BAR: &[(&str, f64, f64)] = &[
    ("figure", 1.0, 1.0),
    ("name", 1.0, 1.0),
    ("quote", 1.0, 1.0),
    ("title", 1.0, 1.0),
    ("conversion", 1.0, 1.0),
    ("translation", 1.0, 1.0),
    ("typography", 1.0, 1.0),
    ("date", 1.0, 1.0),
];

/// Families whose findings pair two statements: a related location must
/// be listed by the gold item too.
const PAIRED: &[&str] = &["figure", "quote", "title", "conversion"];

fn gold_path() -> PathBuf {
    if let Some(p) = std::env::var_os("COPYDESK_GOLD") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds-gold.json")
}

fn family(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

fn lists(item: &Item, file: &str, line: usize) -> bool {
    item.locs.iter().any(|(f, l)| f == file && *l == line)
}

/// The gold item that makes a finding a true positive, if any.
/// Every `must` or `acceptable` item a finding matches. One finding can
/// match several items (two names on one line): each of them is found.
fn matching_items<'a>(gold: &'a Gold, f: &'a JsonFinding) -> impl Iterator<Item = &'a Item> + 'a {
    let file = file_name(&f.path);
    let fam = family(&f.code);
    gold.must
        .iter()
        .chain(&gold.acceptable)
        .filter(move |item| {
            item.family == fam
                && lists(item, &file, f.line)
                && (!PAIRED.contains(&fam)
                    || f.related.is_empty()
                    || f.related
                        .iter()
                        .any(|r| lists(item, &file_name(&r.path), r.line)))
        })
}

fn matching_item<'a>(gold: &'a Gold, f: &'a JsonFinding) -> Option<&'a Item> {
    matching_items(gold, f).next()
}

#[test]
fn seed_bundle_scores_at_or_above_the_bar() {
    let gold_file = gold_path();
    let gold_text = std::fs::read_to_string(&gold_file).unwrap_or_else(|e| {
        panic!(
            "cannot read the seed gold at {} ({e}); CI has ../shared beside the repo, or set COPYDESK_GOLD",
            gold_file.display()
        )
    });
    let gold: Gold = serde_json::from_str(&gold_text).expect("seeds-gold.json parses");
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let (findings, _code) = check_json(&seeds);

    // family -> (tp, fp)
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut found_items: BTreeSet<String> = BTreeSet::new();
    let mut false_positives = Vec::new();
    for f in &findings {
        let fam = family(&f.code).to_string();
        let entry = counts.entry(fam).or_default();
        let items: Vec<&Item> = matching_items(&gold, f).collect();
        match items.is_empty() {
            false => {
                entry.0 += 1;
                found_items.extend(items.iter().map(|i| i.id.clone()));
            }
            true => {
                entry.1 += 1;
                false_positives.push(format!(
                    "{}:{} {} {}",
                    file_name(&f.path),
                    f.line,
                    f.code,
                    f.message
                ));
            }
        }
    }

    // Traps: nothing at warning level of the paired families may fire on a
    // trap line unless it is a true positive.
    let mut trap_hits = Vec::new();
    for trap in &gold.traps {
        for (file, line) in &trap.locs {
            for f in &findings {
                if file_name(&f.path) == *file
                    && f.line == *line
                    && is_warning_or_above(&f.severity)
                    && PAIRED.contains(&family(&f.code))
                    && matching_item(&gold, f).is_none()
                {
                    trap_hits.push(format!("{file}:{line} {} — trap: {}", f.message, trap.note));
                }
            }
        }
    }

    let mut families: BTreeSet<String> = gold.must.iter().map(|i| i.family.clone()).collect();
    families.extend(counts.keys().cloned());
    families.extend(BAR.iter().map(|(fam, _, _)| fam.to_string()));
    println!("seed score ({} findings)", findings.len());
    println!(
        "{:<12} {:>6} {:>6} {:>4} {:>4} {:>8} {:>9}",
        "family", "found", "must", "tp", "fp", "recall", "precision"
    );
    let mut scores = BTreeMap::new();
    for fam in &families {
        let must: Vec<&Item> = gold.must.iter().filter(|i| &i.family == fam).collect();
        let found = must.iter().filter(|i| found_items.contains(&i.id)).count();
        let (tp, fp) = counts.get(fam).copied().unwrap_or((0, 0));
        let recall = if must.is_empty() {
            1.0
        } else {
            found as f64 / must.len() as f64
        };
        let precision = if tp + fp == 0 {
            1.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        println!(
            "{fam:<12} {found:>6} {:>6} {tp:>4} {fp:>4} {recall:>8.2} {precision:>9.2}",
            must.len()
        );
        scores.insert(
            fam.clone(),
            (
                recall,
                precision,
                must.iter()
                    .filter(|i| !found_items.contains(&i.id))
                    .map(|i| i.id.clone())
                    .collect::<Vec<_>>(),
            ),
        );
    }
    let total_must = gold.must.len();
    let total_found = gold
        .must
        .iter()
        .filter(|i| found_items.contains(&i.id))
        .count();
    let (tp, fp) = counts.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "overall: recall {:.2} ({total_found}/{total_must}), precision {:.2} ({tp}/{})",
        total_found as f64 / total_must as f64,
        if tp + fp == 0 {
            1.0
        } else {
            tp as f64 / (tp + fp) as f64
        },
        tp + fp
    );
    for fp in &false_positives {
        println!("false positive: {fp}");
    }

    let mut failures = Vec::new();
    for (fam, min_recall, min_precision) in BAR {
        let (recall, precision, missed) = scores.get(*fam).cloned().unwrap_or((0.0, 1.0, vec![]));
        if recall < *min_recall {
            failures.push(format!(
                "{fam}: recall {recall:.2} < {min_recall} (missed: {})",
                missed.join(", ")
            ));
        }
        if precision < *min_precision {
            failures.push(format!("{fam}: precision {precision:.2} < {min_precision}"));
        }
    }
    failures.extend(trap_hits.iter().map(|t| format!("trap fired: {t}")));
    assert!(
        failures.is_empty(),
        "seed score below the bar:\n{}",
        failures.join("\n")
    );
}
