//! Output stays linear in the input (issue #20): sizes and counts, never
//! times.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use copydesk_cli::JsonFinding;

/// `copydesk check --format json DIR`: the report's bytes.
fn json_report(dir: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json", "."])
        .current_dir(dir)
        .output()
        .expect("run copydesk check");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `n` one-line articles sharing two names, each in two spellings.
fn two_names_two_spellings(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..n {
        let line = if i % 2 == 0 {
            "Dana Whitlock told Corin Maddox the plan.\n"
        } else {
            "Dana Whitlok told Corin Madox the plan.\n"
        };
        std::fs::write(dir.path().join(format!("a{i:05}.txt")), line).expect("write");
    }
    dir
}

#[test]
fn a_bundle_wide_fix_is_written_once_per_name_group() {
    let small = json_report(two_names_two_spellings(200).path());
    let big = json_report(two_names_two_spellings(2000).path());
    // Ten times the articles: about ten times the report, not a hundred.
    assert!(
        big.len() <= small.len() * 12,
        "200 articles: {} bytes, 2000 articles: {} bytes",
        small.len(),
        big.len()
    );
    let findings: Vec<JsonFinding> = serde_json::from_slice(&big).expect("JSON");
    // One finding per misspelt mention: both names in half the articles.
    assert_eq!(findings.len(), 2000, "{:?}", findings.first());
    // Every shared list is written once, on the first fix that holds it,
    // and holds every flagged place of its group.
    let mut written: HashMap<usize, usize> = HashMap::new();
    let mut shared_fixes = 0;
    for x in findings.iter().flat_map(|f| &f.fixes) {
        let Some(g) = x.edit_group else {
            assert!(!x.edits.is_empty(), "{x:?}");
            continue;
        };
        shared_fixes += 1;
        if x.edits.is_empty() {
            assert!(written.contains_key(&g), "group {g} used before written");
        } else {
            assert!(
                written.insert(g, x.edits.len()).is_none(),
                "group {g} written twice"
            );
        }
    }
    assert!(shared_fixes >= 2000, "{shared_fixes}");
    assert!(written.values().all(|&n| n == 1000), "{written:?}");
}

/// One sentence of many ticker moves (issue #20 item 9): every move is
/// read as a figure of its own, the tickers are typography for
/// name-variant, and nothing is found.
#[test]
fn one_sentence_of_many_ticker_moves_reads_each_move_once() {
    let n = 400;
    let dir = tempfile::tempdir().expect("temp dir");
    let sentence = "Acme (ACME.O) rose 1.2%, ".repeat(n);
    std::fs::write(dir.path().join("a.txt"), format!("{sentence}\n")).expect("write");
    let report = json_report(dir.path());
    let findings: Vec<JsonFinding> = serde_json::from_slice(&report).expect("json");
    assert!(findings.is_empty(), "{:?}", findings.first());
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["claims", "--all", "."])
        .current_dir(dir.path())
        .output()
        .expect("run copydesk claims");
    assert_eq!(out.status.code(), Some(0));
    let ledger = String::from_utf8_lossy(&out.stdout);
    let read = ledger.lines().filter(|l| l.contains("a.txt:1:")).count();
    assert_eq!(read, n, "{ledger}");
}
