//! How the server runs: the options the binary (or a test) starts it with.

/// How the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Delay between an edit and its analysis; the client may override it
    /// with `initializationOptions.debounceMs`.
    pub debounce_ms: u64,
    /// Offer the `copydesk.test.panic` command (tests of panic isolation
    /// only; never in the shipped binary).
    pub test_commands: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            debounce_ms: 120,
            test_commands: false,
        }
    }
}
