//! The accuracy scorecard in CI: `copydesk eval` on the corpus of
//! tests/corpus.toml (the seeds, the fixture bundles and the bundles in
//! ../shared/bundles that people outside the project wrote), held to the
//! floors of tests/eval-floors.toml.

use std::path::Path;
use std::process::Command;

fn eval(args: &[&str]) -> (String, String, i32) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("eval")
        .args(args)
        .current_dir(root)
        .output()
        .expect("run copydesk eval");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_scorecard_is_at_or_above_its_floors() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bundles");
    assert!(
        shared.is_dir(),
        "{} is missing: CI has ../shared beside the checkout",
        shared.display()
    );
    let (stdout, stderr, code) = eval(&["--floors", "tests/eval-floors.toml", "--verbose"]);
    println!("{stdout}");
    assert!(stderr.trim().is_empty() || code != 0, "stderr: {stderr}");
    assert_eq!(code, 0, "below the floors:\n{stderr}");
    for set in ["seeds", "fixtures", "shared"] {
        assert!(
            stdout.contains(&format!("set {set} (")),
            "set {set} was not scored"
        );
    }
}

#[test]
fn a_floor_above_the_score_fails_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let floors = dir.path().join("floors.toml");
    std::fs::write(&floors, "[set.shared.total]\nrecall = 1.01\n").expect("write floors");
    let (_, stderr, code) = eval(&[
        "--floors",
        floors.to_str().expect("utf-8 path"),
        "--mutants",
        "0",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("shared total: recall"), "{stderr}");
}

#[test]
fn the_json_scorecard_is_deterministic_and_has_every_set() {
    let args = ["--format", "json", "--mutants", "30", "--seed", "7"];
    let (a, _, code) = eval(&args);
    assert_eq!(code, 0);
    let (b, _, _) = eval(&args);
    assert_eq!(a, b, "the same seed gives the same scorecard");
    let report: serde_json::Value = serde_json::from_str(&a).expect("JSON");
    let sets = report["sets"].as_array().expect("sets");
    assert_eq!(sets.len(), 3);
    // Every clean bundle gets at least 30 mutants, each family reported apart.
    for set in sets {
        for bundle in set["bundles"].as_array().expect("bundles") {
            if bundle["clean"] == true {
                let families = bundle["mutation"]["families"]
                    .as_object()
                    .expect("families");
                let made: u64 = families
                    .values()
                    .map(|f| f["made"].as_u64().unwrap_or(0))
                    .sum();
                assert!(made >= 30, "{}: {made} mutants", bundle["name"]);
                assert_eq!(families.len(), 4);
            }
        }
    }
}

#[test]
fn bad_input_is_a_usage_error() {
    let (_, stderr, code) = eval(&["no/such/folder"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/folder"), "{stderr}");
    let (_, stderr, code) = eval(&["--corpus", "no-such-corpus.toml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-corpus.toml"), "{stderr}");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.txt"), "Text.\n").expect("write");
    std::fs::write(dir.path().join("gold.json"), "{\"must\": [}").expect("write");
    let (_, stderr, code) = eval(&[dir.path().to_str().expect("utf-8 path")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("gold.json"), "{stderr}");
}
