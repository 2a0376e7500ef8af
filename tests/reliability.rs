//! Bad input on the command line gets a clear message, never a hang or a
//! changed byte it should not change: FIFOs named as articles or knowledge
//! files, UTF-16 files, and byte-order marks through `--fix`.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs copydesk and fails the test (instead of hanging) after 20 s.
fn run_bounded(args: &[&str], dir: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn copydesk");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("poll").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("copydesk {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_named_as_an_article_or_a_knowledge_file_is_refused_not_waited_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    mkfifo(&dir.path().join("pipe.txt"));
    std::fs::write(dir.path().join("a.txt"), "Examplecorp rose.\n").expect("write");
    let out = run_bounded(&["check", "pipe.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    // In a folder it is no article.
    let out = run_bounded(&["check", "."], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // As a knowledge file.
    mkfifo(&dir.path().join("kb.toml"));
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "knowledge = [\"kb.toml\"]\n",
    )
    .expect("write");
    let out = run_bounded(&["entities", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    // As the configuration itself.
    let out = run_bounded(&["check", "--config", "kb.toml", "a.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn utf16_is_named_as_such() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Hello".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(dir.path().join("a.txt"), bytes).expect("write");
    let out = run_bounded(&["check", "."], dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("UTF-16"), "{err}");
}

#[test]
fn a_byte_order_mark_is_not_a_column_and_survives_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "\u{feff}It cost $ 5.\n").expect("write");
    let out = run_bounded(&["check", ".", "--format", "line"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("a.txt:1:9: warning[typography-stray-space]"),
        "{text}"
    );
    let out = run_bounded(&["check", ".", "--fix"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&a).expect("read"),
        "\u{feff}It cost $5.\n"
    );
}
