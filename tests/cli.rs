//! The `copydesk` command line: exit codes, formats, bad input.

mod common;

use std::process::Command;

use common::check::check_json;

fn copydesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

#[test]
fn missing_path_is_an_io_error_with_exit_2() {
    let out = copydesk()
        .args(["check", "/nonexistent/copydesk-test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/copydesk-test"), "{stderr}");
}

#[test]
fn unknown_flag_is_a_usage_error_with_exit_2() {
    let out = copydesk().args(["check", "--frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn version_and_help() {
    let out = copydesk().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("copydesk "));
    let out = copydesk().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("check") && help.contains("lsp"), "{help}");
}

#[test]
fn clean_bundle_exits_0_and_binary_files_are_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Acme said on Monday it would hire 200 people.",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.txt"), b"\x00\x01binary\xff").unwrap();
    std::fs::write(dir.path().join("c.md"), b"caf\xe9 latin-1").unwrap();
    let out = copydesk().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("b.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(
        stderr.contains("c.md") && stderr.contains("not UTF-8"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 article") && stdout.contains("2 skipped"),
        "{stdout}"
    );
}

#[test]
fn broken_config_is_reported_with_line_and_column_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[rules]\n\"name-variant\" = 7\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "Text.").unwrap();
    let out = copydesk().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("copydesk.toml:2:"), "{stderr}");
}

#[test]
fn json_paths_are_as_given_joined_with_the_file_path() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("wire");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        sub.join("a.txt"),
        "Shares of NVIDIA rose. Nvidia said. Nvidia agreed.",
    )
    .unwrap();
    let (findings, code) = check_json(dir.path());
    for f in &findings {
        assert!(
            f.path.starts_with(&dir.path().display().to_string()),
            "{}",
            f.path
        );
        assert!(f.path.ends_with("wire/a.txt"), "{}", f.path);
        assert!(f.line >= 1 && f.column >= 1);
    }
    assert_eq!(
        code,
        if findings
            .iter()
            .any(|f| f.severity == "warning" || f.severity == "error")
        {
            1
        } else {
            0
        }
    );
}

#[test]
fn human_report_points_at_the_same_line_and_column_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let long = "“Quoted” — text … ".repeat(12);
    std::fs::write(
        dir.path().join("a.txt"),
        "Analyst Mariana Kowalczyk said the deal was fair.\n\nKowalczyk added more.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        format!("Intro line.\n{long} said analyst Mariana Kowalczik on Friday.\n"),
    )
    .unwrap();
    let (findings, _) = check_json(dir.path());
    let f = findings
        .iter()
        .find(|f| f.code == "name-variant")
        .expect("a name-variant finding in b.txt");
    let out = copydesk()
        .args(["check", "--color", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    let header = format!("{}:{}:{}", f.path, f.line, f.column);
    assert!(human.contains(&header), "{header} not in\n{human}");
    assert!(human.contains("Kowalczik"), "{human}");
}

#[test]
fn claims_ledger_lists_a_figure_three_articles_state_and_marks_the_odd_one() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "a.txt",
        "Acme Air fined\n\nRegulators fined Acme Air a record 4.31 billion euros on Tuesday over its loyalty scheme.\n",
    );
    write(
        "b.txt",
        "Acme Air to appeal\n\nAcme Air will appeal the record €4.31bn fine the regulators imposed on Tuesday over its loyalty scheme.\n",
    );
    write(
        "c.txt",
        "Acme Air fine\n\nThe regulators' record fine of 4.13 billion euros, imposed on Tuesday over the loyalty scheme, is under appeal.\n",
    );
    let out = copydesk()
        .args(["claims", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let row = rows
        .iter()
        .find(|r| r["statements"].as_array().is_some_and(|s| s.len() == 3))
        .unwrap_or_else(|| panic!("no claim of three articles: {rows:#?}"));
    assert_eq!(row["conflict"], true);
    let odd: Vec<&serde_json::Value> = row["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["flagged"] == "warning")
        .collect();
    assert_eq!(odd.len(), 1, "{row:#?}");
    assert!(odd[0]["path"].as_str().unwrap().ends_with("c.txt"));
    assert_eq!(odd[0]["written"], "4.13 billion euros");

    // The human ledger names the place of each statement.
    let out = copydesk().arg("claims").arg(dir.path()).output().unwrap();
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("c.txt:3  4.13 billion euros"), "{human}");
    assert!(human.contains("the values disagree"), "{human}");
}

#[test]
fn a_story_date_that_is_no_date_is_a_configuration_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Zorblatt Vane spoke on Monday.\n").unwrap();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[bundle]\ninclude = [\"*.txt\"]\ndate = \"2025-14-03\"\n",
    )
    .unwrap();
    let out = copydesk()
        .args(["check", &dir.path().display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("copydesk.toml:3:9: ") && stderr.contains("YYYY-MM-DD"),
        "{stderr}"
    );
}

/// Every long flag `copydesk check --help` lists is documented in the
/// README and named in a test of the command line; `-h` is the summary.
#[test]
fn every_check_flag_is_documented_and_tested() {
    let out = copydesk().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    let short = copydesk().args(["check", "-h"]).output().unwrap();
    let short = String::from_utf8_lossy(&short.stdout).into_owned();
    assert!(
        short.starts_with("Check files and folders") && short.len() < help.len(),
        "{short}"
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let tests: String = [
        "cli.rs",
        "cli_ci.rs",
        "sarif.rs",
        "regions.rs",
        "reliability.rs",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(root.join("tests").join(f)).unwrap_or_default())
    .collect();
    let mut flags: Vec<&str> = help
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .collect();
    flags.sort_unstable();
    flags.dedup();
    assert!(flags.len() >= 15, "{flags:?}");
    for flag in flags.iter().filter(|f| **f != "--help") {
        assert!(readme.contains(flag), "{flag} is not in the README");
        assert!(
            tests.contains(&format!("\"{flag}\"")),
            "no test of the command line passes {flag}"
        );
    }
}
