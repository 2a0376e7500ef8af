//! The README's samples of the human output are real: each must appear,
//! line for line, in `copydesk check seeds/ --color never`, so they cannot
//! drift from what the command prints.

use std::path::Path;
use std::process::Command;

/// The fenced ```text blocks from "Human output reads like a compiler's"
/// to the JSON format's paragraph.
fn readme_samples(readme: &str) -> Vec<Vec<&str>> {
    let after = readme
        .split_once("Human output reads like a compiler's")
        .map(|(_, rest)| rest)
        .expect("the README introduces its sample of the human output");
    let section = after
        .split_once("`--format json`")
        .map_or(after, |(section, _)| section);
    section
        .split("```text\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n```"))
        .map(|(body, _)| body.lines().collect())
        .collect()
}

#[test]
fn the_readme_sample_is_what_check_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let samples = readme_samples(&readme);
    assert!(samples.len() >= 2, "{samples:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "seeds/", "--color", "never"])
        .current_dir(root)
        .env_remove("NO_COLOR")
        .output()
        .expect("run copydesk check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().map(str::trim_end).collect();
    for sample in &samples {
        assert!(sample.len() >= 3, "{sample:?}");
        let found = lines
            .windows(sample.len())
            .any(|w| w.iter().zip(sample).all(|(a, b)| *a == b.trim_end()));
        assert!(
            found,
            "a README sample is not in the output of `copydesk check seeds/`:\n{}\n--- output ---\n{stdout}",
            sample.join("\n")
        );
    }
    // The grouped report: the first sample opens with a file's header.
    assert!(
        samples[0][0].starts_with("seeds/") && samples[0][1].is_empty(),
        "{:?}",
        samples[0]
    );
}
