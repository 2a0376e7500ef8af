//! Runs the real `copydesk` binary and reads its JSON report.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use copydesk_cli::JsonFinding;

/// `copydesk check --format json <path>`: the findings and the exit code.
pub fn check_json(path: &Path) -> (Vec<JsonFinding>, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .expect("run copydesk");
    let code = out.status.code().unwrap_or(-1);
    let findings: Vec<JsonFinding> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "copydesk check printed no JSON ({e}); exit {code}; stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (findings, code)
}

/// The file name of a reported path.
pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

pub fn is_warning_or_above(severity: &str) -> bool {
    severity == "error" || severity == "warning"
}
