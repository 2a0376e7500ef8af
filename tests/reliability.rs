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

/// Made-up articles with every kind of line-based step: front matter, a
/// capitals headline, a date line and dateline, quotes (one unclosed), a
/// suppression comment, a code fence, figures that disagree.
const LINE_BREAK_BUNDLE: [(&str, &str); 3] = [
    (
        "a.md",
        concat!(
        "---\n",
        "title: Acme Air Shares Jump\n",
        "date: 2026-03-03\n",
        "---\n",
        "ACME AIR SHARES JUMP 12% AFTER RECORD QUARTER\n",
        "\n",
        "March 3, 2026\n",
        "\n",
        "EXAMPLETON, March 3 (Wire) - Acme Air shares rose 12% on Tuesday after the carrier said revenue reached $4.2 billion.\n",
        "\n",
        "\"We had a strong quarter,\" said Dana Whitlok, the chief executive.  She added: “Demand stays high.\"\n",
        "\n",
        "<!-- copydesk-disable-next-line -->\n",
        "Acme Air said its net profit was $310 million ,  up from a year earlier.\n",
        "\n",
        "```\n",
        "code  block \"with\" quotes\n",
        "```\n",
        "\n",
        "The carrier carried 41 million passengers in 2025.\n",
    ),
    ),
    (
        "b.txt",
        concat!(
        "Acme Air Shares Rise 9% On Record Revenue\n",
        "\n",
        "March 3, 2026\n",
        "\n",
        "EXAMPLETON, March 3 (Wire) - Acme Air shares rose 9% on Tuesday after the carrier said revenue reached $4.5 billion.\n",
        "\n",
        "\"We had a strong quarter,\" said Dana Whitlock, the chief executive. Its new IA model helps the AI chips business.\n",
        "\n",
        "Acme Air said its net profit was $310 million, up from a year earlier. The the carrier carried 44 million passengers in 2025.\n",
    ),
    ),
    (
        "c.txt",
        concat!(
        "Acme Air revenue hits $4.2 billion\n",
        "\n",
        "Acme Air shares rose 12% on Tuesday, March 3, 2026.  Dana Whitlok said it was \"a strong quarter.\n",
        "\n",
        "The carrier carried 41 million passengers in 2025 , its chief said.\n",
    ),
    ),
];

/// `path:line: severity[rule]` of each finding of the bundle written with
/// `eol` as its line break, sorted.
fn findings_with_line_breaks(eol: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in LINE_BREAK_BUNDLE {
        std::fs::write(dir.path().join(name), text.replace('\n', eol)).expect("write");
    }
    let out = run_bounded(&["check", "--format", "line", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let mut found: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let parts: Vec<&str> = l.splitn(4, ':').collect();
            assert_eq!(parts.len(), 4, "{l}");
            let rule = parts[3].split(']').next().unwrap_or_default();
            format!("{}:{}:{rule}]", parts[0], parts[1])
        })
        .collect();
    found.sort();
    found
}

#[test]
fn lone_cr_and_crlf_line_endings_give_the_findings_of_lf() {
    let lf = findings_with_line_breaks("\n");
    assert!(lf.len() >= 10, "{lf:?}");
    assert!(lf.iter().any(|f| f.contains("figure-conflict")), "{lf:?}");
    assert_eq!(findings_with_line_breaks("\r"), lf, "lone CR");
    assert_eq!(findings_with_line_breaks("\r\n"), lf, "CRLF");
}

/// A folder that cannot be read (issue #20 item 10): inside a named folder
/// it is reported on stderr with the OS error and skipped, like an
/// unreadable file there (the other articles are checked); named on the
/// command line it is an I/O error, exit 2. Skipped when running as root,
/// who reads every folder; the walker's reporting is also tested in the
/// workspace crate without permissions.
#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_reported_and_exits_2_only_when_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("wire");
    std::fs::create_dir_all(&locked).expect("mkdir");
    std::fs::write(locked.join("b.txt"), "Zorblatt Vane spoke.\n").expect("write");
    std::fs::write(dir.path().join("a.txt"), "Zorblatt Vane spoke.\n").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let root = std::fs::read_dir(&locked).is_ok();
    let inside = run_bounded(&["check", "."], dir.path());
    let named = run_bounded(&["check", "wire"], dir.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    if root {
        return;
    }
    let err = String::from_utf8_lossy(&inside.stderr);
    assert_eq!(inside.status.code(), Some(0), "{err}");
    assert!(
        err.contains("copydesk: ./wire: folder cannot be read: ") && err.contains("os error 13"),
        "{err}"
    );
    let out = String::from_utf8_lossy(&inside.stdout);
    assert!(out.contains("1 article, 1 skipped"), "{out}");
    let err = String::from_utf8_lossy(&named.stderr);
    assert_eq!(named.status.code(), Some(2), "{err}");
    assert!(
        err.contains("copydesk: error: wire: folder cannot be read: ") && !err.contains("skipped"),
        "{err}"
    );
}
