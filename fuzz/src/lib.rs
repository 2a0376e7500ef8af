//! Shared checks of the fuzz targets: the same plain-string model and
//! bundle invariants the property tests use (tests/support/), so that a
//! finding here and a failing property mean the same thing.

#[path = "../../tests/support/plain_text.rs"]
pub mod plain_text;

#[path = "../../tests/support/bundle_checks.rs"]
pub mod bundle_checks;

pub use bundle_checks::{bundle_of, check_bundle, check_bundle_with, check_facts};

/// Text from fuzzer bytes: valid UTF-8 as it is, anything else lossily.
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}
