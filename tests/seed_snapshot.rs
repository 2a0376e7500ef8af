//! Snapshot of the seed bundle's report, in JSON and in human form.
//! Review changes with `cargo insta review` (or INSTA_UPDATE=always).

use std::process::Command;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run copydesk");
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "copydesk failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

#[test]
fn seed_report_json() {
    let report: serde_json::Value =
        serde_json::from_str(&run(&["check", "--format", "json", "seeds"])).expect("JSON report");
    insta::assert_json_snapshot!("seed_report_json", report);
}

#[test]
fn seed_report_human() {
    insta::assert_snapshot!(
        "seed_report_human",
        run(&["check", "--color", "never", "seeds"])
    );
}
