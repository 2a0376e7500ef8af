//! The fresh-machine run (issue #20 item 11), read from the scripts and the
//! README rather than run: every cargo command the test scripts run keeps
//! the lock files as committed, every package installed with apt-get comes
//! without its recommendations, and the README names what the test command
//! needs. (The README's sample output is tested in tests/readme.rs.)

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shell scripts under scripts/: (name, lines without comments).
fn scripts() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("scripts"))
        .expect("scripts/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_none())
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("read a script");
        if !text.starts_with("#!") {
            continue;
        }
        let lines = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#') && !l.starts_with("echo"))
            .map(str::to_string)
            .collect();
        out.push((p.display().to_string(), lines));
    }
    assert!(!out.is_empty(), "no scripts found");
    out
}

/// The cargo subcommands run on a line (`cargo build ...` -> build).
fn cargo_commands(line: &str) -> Vec<&str> {
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| w[0] == "cargo" || w[0].ends_with("/cargo"))
        .map(|w| w[1])
        .collect()
}

#[test]
fn every_cargo_command_of_the_scripts_is_locked() {
    // Subcommands that read or write a lock file.
    const LOCKING: &[&str] = &[
        "build", "test", "run", "install", "check", "clippy", "doc", "metadata",
    ];
    for (name, lines) in scripts() {
        for line in &lines {
            for sub in cargo_commands(line) {
                if LOCKING.contains(&sub) {
                    assert!(line.contains("--locked"), "{name}: `{line}` lacks --locked");
                }
            }
        }
    }
}

#[test]
fn cargo_fuzz_runs_only_after_its_lock_file_is_checked() {
    // cargo fuzz has no --locked: the script checks the fuzz lock file
    // with a locked `cargo metadata` before its first build.
    let text = std::fs::read_to_string(root().join("scripts/fuzz")).expect("scripts/fuzz");
    let code: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .collect();
    let check = code
        .iter()
        .position(|l| l.contains("cargo metadata --locked") && l.contains("fuzz/Cargo.toml"))
        .expect("scripts/fuzz checks fuzz/Cargo.lock");
    let build = code
        .iter()
        .position(|l| l.contains("cargo fuzz build"))
        .expect("scripts/fuzz builds");
    assert!(check < build, "the lock file is checked after the build");
}

#[test]
fn every_apt_get_install_skips_recommended_packages() {
    let mut seen = 0;
    for (name, lines) in scripts() {
        for line in lines.iter().filter(|l| l.contains("apt-get install")) {
            seen += 1;
            assert!(
                line.contains("--no-install-recommends"),
                "{name}: `{line}` installs recommended packages too"
            );
        }
    }
    assert!(
        seen > 0,
        "no apt-get install found: is this test still needed?"
    );
}

#[test]
fn the_readme_names_what_the_test_command_needs() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("## On a fresh machine")
        .expect("a section 'On a fresh machine'");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    for needed in ["cargo", "Node.js", "npm", "apt-get", "./scripts/test-all"] {
        assert!(
            section.contains(needed),
            "the fresh-machine section never names {needed}"
        );
    }
}

#[test]
fn what_the_test_command_writes_is_ignored_by_git() {
    // Outputs of scripts/test-all: build folders, fuzz corpora and
    // artifacts, the extension's screenshots and package.
    let ignored =
        |file: &str| -> String { std::fs::read_to_string(root().join(file)).unwrap_or_default() };
    let top = ignored(".gitignore");
    for pattern in [
        "target/",
        "node_modules/",
        "*.vsix",
        "/editors/vscode/test-output/",
    ] {
        assert!(
            top.lines().any(|l| l.trim() == pattern),
            ".gitignore lacks {pattern}"
        );
    }
    let fuzz = ignored("fuzz/.gitignore");
    for pattern in ["target/", "corpus/", "artifacts/"] {
        assert!(
            fuzz.lines().any(|l| l.trim() == pattern),
            "fuzz/.gitignore lacks {pattern}"
        );
    }
}

#[test]
fn cargo_commands_are_read_from_a_line() {
    assert_eq!(
        cargo_commands("cargo build --locked --bin x"),
        vec!["build"]
    );
    assert_eq!(
        cargo_commands("if ! cargo fuzz build x; then"),
        vec!["fuzz"]
    );
    assert!(cargo_commands("echo no").is_empty());
}
