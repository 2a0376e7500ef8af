//! `copydesk check --format sarif` is valid SARIF 2.1.0 (against the schema
//! kept in tests/schemas) and carries the rules, places, related places
//! and fixes that GitHub code scanning shows.

use std::path::Path;
use std::process::Command;

#[test]
fn the_sarif_log_of_the_seeds_is_valid_and_complete() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "seeds/", "--format", "sarif"])
        .current_dir(root)
        .output()
        .expect("run copydesk");
    assert_eq!(out.status.code(), Some(1), "the seeds have warnings");
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/schemas/sarif-2.1.0.json")).expect("schema"),
    )
    .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    // The validation can fail: a level SARIF does not know is refused.
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = serde_json::json!("severe");
    assert!(!validator.is_valid(&bad));

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules
        .iter()
        .any(|r| r["id"] == "name-variant" && r["defaultConfiguration"]["level"] == "warning"));
    let results = run["results"].as_array().expect("results");
    let json = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "seeds/", "--format", "json"])
        .current_dir(root)
        .output()
        .expect("run copydesk");
    let findings: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(results.len(), findings.as_array().map_or(0, Vec::len));
    let variant = results
        .iter()
        .find(|r| r["ruleId"] == "name-variant" && r["relatedLocations"].is_array())
        .expect("a name variant with related places");
    let index = variant["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rules[index]["id"], "name-variant");
    assert!(
        variant["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
            .is_string()
    );
    assert!(
        variant["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.starts_with("seeds/"))
    );
}
