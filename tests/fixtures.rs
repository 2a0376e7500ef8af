//! Fixture bundles: every folder under tests/fixtures/ holds the articles
//! of a story and `expected.toml`, which lists every finding at warning
//! level or above (rule, file, line) and the trap lines where nothing at
//! warning level may fire. `copydesk check --format json` must match it
//! exactly.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::check::{check_json, file_name, is_warning_or_above};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expected {
    #[serde(default)]
    finding: Vec<ExpectedFinding>,
    #[serde(default)]
    trap: Vec<TrapLine>,
}

#[derive(Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[serde(deny_unknown_fields)]
struct ExpectedFinding {
    rule: String,
    file: String,
    line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrapLine {
    file: String,
    line: usize,
    #[serde(default)]
    note: String,
}

fn fixture_dirs() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.join("expected.toml").is_file())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

#[test]
fn fixture_bundles_match_their_expectations() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no fixture bundles under tests/fixtures");
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = file_name(&dir.display().to_string());
        let text = std::fs::read_to_string(dir.join("expected.toml")).expect("read expected.toml");
        let expected: Expected =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/expected.toml: {e}"));
        let (findings, code) = check_json(dir);
        let got: BTreeSet<ExpectedFinding> = findings
            .iter()
            .filter(|f| is_warning_or_above(&f.severity))
            .map(|f| ExpectedFinding {
                rule: f.code.clone(),
                file: file_name(&f.path),
                line: f.line,
            })
            .collect();
        let want: BTreeSet<ExpectedFinding> = expected.finding.iter().cloned().collect();
        for m in want.difference(&got) {
            failures.push(format!(
                "{name}: missing {} at {}:{}",
                m.rule, m.file, m.line
            ));
        }
        for u in got.difference(&want) {
            let msg = findings
                .iter()
                .find(|f| f.code == u.rule && file_name(&f.path) == u.file && f.line == u.line)
                .map_or("", |f| f.message.as_str());
            failures.push(format!(
                "{name}: unexpected {} at {}:{} — {msg}",
                u.rule, u.file, u.line
            ));
        }
        for t in &expected.trap {
            if got
                .iter()
                .any(|g| g.file == t.file && g.line == t.line && !want.contains(g))
            {
                failures.push(format!(
                    "{name}: trap fired at {}:{} ({})",
                    t.file, t.line, t.note
                ));
            }
        }
        let want_code = if want.is_empty() { 0 } else { 1 };
        if code != want_code {
            failures.push(format!("{name}: exit code {code}, expected {want_code}"));
        }
        println!(
            "{name}: {} expected, {} found at warning level",
            want.len(),
            got.len()
        );
    }
    assert!(
        failures.is_empty(),
        "fixture bundles:\n{}",
        failures.join("\n")
    );
}
