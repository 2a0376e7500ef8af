//! The README's sample of the human output is real: it must appear, line
//! for line, in `copydesk check seeds/ --color never`, so it cannot drift
//! from what the command prints.

use std::path::Path;
use std::process::Command;

/// The fenced block that follows "Human output reads like a compiler's:".
fn readme_sample(readme: &str) -> Vec<&str> {
    let after = readme
        .split_once("Human output reads like a compiler's:")
        .map(|(_, rest)| rest)
        .expect("the README introduces its sample of the human output");
    let body = after
        .split_once("```text\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map(|(body, _)| body)
        .expect("a ```text block follows");
    body.lines().collect()
}

#[test]
fn the_readme_sample_is_what_check_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let sample = readme_sample(&readme);
    assert!(sample.len() >= 3, "{sample:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "seeds/", "--color", "never"])
        .current_dir(root)
        .env_remove("NO_COLOR")
        .output()
        .expect("run copydesk check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().map(str::trim_end).collect();
    let found = lines
        .windows(sample.len())
        .any(|w| w.iter().zip(&sample).all(|(a, b)| *a == b.trim_end()));
    assert!(
        found,
        "the README's sample is not in the output of `copydesk check seeds/`:\n{}\n--- output ---\n{stdout}",
        sample.join("\n")
    );
}
