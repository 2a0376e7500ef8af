//! copydesk.toml parsing on arbitrary text: no panic; an error always has
//! a message and a span inside the text; a configuration that parses can
//! be used (globs compile, and an analysis under it keeps its invariants).
#![no_main]

use copydesk_core::config::Config;
use libfuzzer_sys::fuzz_target;

/// A small bundle with names, figures and house-style traps for the
/// configuration to act on.
const BUNDLE: &[&str] = &[
    "Analyst Mark Dunne said Acme shares rose 7% to $3.2bn on Monday, Sept. 12.",
    "Mark Dunn said Acme's shares rose 6.35 per cent (HK$152.40) — “fair”.",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(text) {
        Ok(config) => {
            assert!(config.bundle_globs().is_ok());
            let texts: Vec<String> = BUNDLE.iter().map(|s| s.to_string()).collect();
            copydesk_fuzz::check_bundle_with(&texts, &config);
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            if let Some(span) = e.span {
                assert!(span.start <= span.end && span.end <= text.len(), "{e:?}");
            }
        }
    }
});
