//! Hostile input through `copydesk check`: files that are not text, very
//! large input, odd text and broken configuration. Nothing may panic, hang
//! or lose text; each case ends with a clear message or a normal report.
//! (Protocol-level hostility is tested in tests/lsp_hostile.rs and
//! tests/lsp_e2e.rs.)

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::check::check_json;

fn copydesk(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("check")
        .args(extra)
        .arg(dir)
        .output()
        .expect("run copydesk")
}

fn assert_no_panic(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "status {:?}: {stderr}",
        out.status
    );
}

#[test]
fn invalid_utf8_is_skipped_with_a_message_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"Mark Dunne said the deal was fair.\n".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0x41, 0xc3, 0x28]);
    std::fs::write(dir.path().join("latin1.txt"), bytes).unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Mark Dunn agreed.\n").unwrap();
    let out = copydesk(dir.path(), &["--color", "never"]);
    assert_no_panic(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("latin1.txt"), "{stderr}");
    assert!(stderr.to_lowercase().contains("utf-8"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 skipped"), "{stdout}");
}

#[test]
fn a_binary_file_is_skipped_with_a_message_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // Valid UTF-8 with NUL bytes: a binary file, not text.
    std::fs::write(
        dir.path().join("image.md"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR Mark Dunne\x00",
    )
    .unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Mark Dunn agreed.\n").unwrap();
    let out = copydesk(dir.path(), &["--color", "never"]);
    assert_no_panic(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("image.md"), "{stderr}");
    assert!(stderr.contains("binary"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 skipped"), "{stdout}");
    // The JSON report is still JSON.
    let out = copydesk(dir.path(), &["--format", "json"]);
    assert_no_panic(&out);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(findings.is_array());
}

#[test]
fn a_50_mb_article_is_declined_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let line = "Acme said shares rose 7% on Monday, analyst Mark Dunn said.\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    std::fs::write(dir.path().join("huge.txt"), big).unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Mark Dunne agreed.\n").unwrap();
    let out = copydesk(dir.path(), &["--color", "never"]);
    assert_no_panic(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("huge.txt"), "{stderr}");
    assert!(stderr.contains("MiB"), "{stderr}");
}

#[test]
fn a_paragraph_of_10000_lines_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "line {i} — “Acme” shares rose {}% as analyst Mark Dunne spoke…\n",
            i % 9
        ));
    }
    std::fs::write(dir.path().join("para.txt"), &text).unwrap();
    std::fs::write(dir.path().join("b.txt"), "Analyst Mark Dunn said so.\n").unwrap();
    let (findings, code) = check_json(dir.path());
    assert_eq!(code, 1);
    assert!(
        findings.iter().any(|f| f.code == "name-variant"),
        "{findings:?}"
    );
}

#[test]
fn deeply_nested_markdown_does_not_overflow_anything() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = "> ".repeat(5_000);
    text.push_str("Acme said.\n");
    text.push_str(&"[".repeat(20_000));
    text.push_str(&"]".repeat(20_000));
    text.push('\n');
    text.push_str(&"* ".repeat(3_000));
    text.push_str("item\n");
    text.push_str(&"(".repeat(10_000));
    text.push_str("Mark Dunne");
    text.push_str(&")".repeat(10_000));
    std::fs::write(dir.path().join("nest.md"), &text).unwrap();
    std::fs::write(dir.path().join("b.md"), "Analyst Mark Dunn said so.\n").unwrap();
    let out = copydesk(dir.path(), &["--format", "json"]);
    assert_no_panic(&out);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(findings.is_array());
}

#[test]
fn crlf_mixed_line_endings_and_a_bom_keep_lines_right() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "\u{feff}Headline\r\n\r\nThe deal closed.\rAnalyst Mark Dunne said so.\nEnd.\r\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Analyst Mark Dunn agreed.\r\nMark Dunn left.\r\n",
    )
    .unwrap();
    let (findings, _) = check_json(dir.path());
    let f = findings
        .iter()
        .find(|f| f.code == "name-variant" && f.path.ends_with("a.txt"))
        .expect("the variant is found across line endings");
    assert!(f.path.ends_with("a.txt"), "{f:?}");
    // Lines: "Headline", "", "The deal closed." (ends with a lone CR),
    // "Analyst Mark Dunne said so.".
    assert_eq!((f.line, f.column), (4, 9), "{f:?}");
    assert_eq!(f.end_column, 19, "{f:?}");
}

#[test]
fn zero_width_and_right_to_left_characters_keep_spans_valid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "\u{202e}Analyst\u{200b} Mark Dunne said \u{200f}שלום\u{200e} and 🙂🙂 Mark Dunne again.\n",
    )
    .unwrap();
    // Three against two: the mentions among the invisible characters are
    // the ones flagged.
    std::fs::write(
        dir.path().join("b.txt"),
        "Analyst Mark Dunn said so. Mark Dunn left. Mark Dunn came back.\n",
    )
    .unwrap();
    let out = copydesk(dir.path(), &["--format", "json"]);
    assert_no_panic(&out);
    let (findings, _) = check_json(dir.path());
    let text = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    let in_a: Vec<_> = findings
        .iter()
        .filter(|f| f.path.ends_with("a.txt") && f.code == "name-variant")
        .collect();
    assert!(!in_a.is_empty(), "{findings:?}");
    for f in in_a {
        let line: Vec<char> = text
            .split('\n')
            .nth(f.line - 1)
            .expect("line exists")
            .chars()
            .collect();
        let marked: String = line[f.column - 1..f.end_column - 1].iter().collect();
        assert_eq!(marked, "Mark Dunne", "{f:?}");
    }
}

#[test]
fn a_config_with_wrong_types_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[bundle]\ninclude = \"*.txt\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "Text.\n").unwrap();
    let out = copydesk(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("copydesk.toml:2:"), "{stderr}");
    assert!(stderr.contains("invalid type"), "{stderr}");
}

#[test]
fn a_config_with_wrong_types_in_any_table_names_the_line() {
    for (toml, line) in [
        ("[rules]\nname-variant = 3\n", 2),
        ("[names]\nignore = \"Acme\"\n", 2),
        ("\n[bundle]\ndate = 2024-01-01\n", 3),
        ("[rates]\n\"USD/CNY\" = \"seven\"\n", 2),
        ("knowledge = \"kb.toml\"\n", 1),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("copydesk.toml"), toml).unwrap();
        std::fs::write(dir.path().join("a.txt"), "Text.\n").unwrap();
        let out = copydesk(dir.path(), &[]);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{toml}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("copydesk.toml:{line}:")),
            "{toml}: {stderr}"
        );
    }
}

#[test]
fn an_empty_file_and_an_empty_folder_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    let out = copydesk(dir.path(), &[]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let out = copydesk(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn regression_check_fix_twice_changes_nothing_the_second_time() {
    // Two overlapping certain fixes (a double space inside a stray space
    // before a hyphen): fix-all used to keep the inner one, so a second
    // `--fix` changed the text again. Found by the fix-all property.
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "acme  -Acme").unwrap();
    let out = copydesk(dir.path(), &["--fix"]);
    assert_no_panic(&out);
    let once = std::fs::read_to_string(&a).unwrap();
    assert_ne!(once, "acme  -Acme");
    let out = copydesk(dir.path(), &["--fix"]);
    assert_no_panic(&out);
    assert_eq!(std::fs::read_to_string(&a).unwrap(), once);
}
