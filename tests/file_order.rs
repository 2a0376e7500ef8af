//! The order of file names decides nothing: the seed bundle checked as it
//! is and with its files renamed so that they sort the other way round
//! gives the same findings in the same places, with the same preferred
//! fixes (the reference spelling comes from evidence, never from which
//! file sorts first).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::check::{check_json, file_name};

/// (article, line, column, rule, severity, first fix's title) of every
/// finding, with each article named by its original name.
fn summary(dir: &Path, original: &dyn Fn(&str) -> String) -> BTreeSet<String> {
    let (findings, _) = check_json(dir);
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {} {}",
                original(&file_name(&f.path)),
                f.line,
                f.column,
                f.code,
                f.severity,
                f.fixes.first().map_or("", |x| x.title.as_str())
            )
        })
        .collect()
}

#[test]
fn renaming_the_seed_files_to_flip_their_order_changes_no_finding() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut names: Vec<String> = std::fs::read_dir(&seeds)
        .expect("seeds/")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    let as_is = tempfile::tempdir().expect("temp dir");
    let flipped = tempfile::tempdir().expect("temp dir");
    let n = names.len();
    // The last file sorts first once renamed, the first last.
    let renamed = |i: usize, name: &str| format!("{:02}-{name}", n - i);
    for (i, name) in names.iter().enumerate() {
        let text = std::fs::read(seeds.join(name)).expect("read a seed");
        std::fs::write(as_is.path().join(name), &text).expect("write");
        std::fs::write(flipped.path().join(renamed(i, name)), &text).expect("write");
    }
    let before = summary(as_is.path(), &|f: &str| f.to_string());
    let after = summary(flipped.path(), &|f: &str| {
        names
            .iter()
            .enumerate()
            .find(|(i, name)| renamed(*i, name) == f)
            .map_or_else(|| f.to_string(), |(_, name)| name.clone())
    });
    assert!(before.len() > 10, "{before:#?}");
    let only_before: Vec<&String> = before.difference(&after).collect();
    let only_after: Vec<&String> = after.difference(&before).collect();
    assert!(
        only_before.is_empty() && only_after.is_empty(),
        "as named: {only_before:#?}\nflipped: {only_after:#?}"
    );
}
