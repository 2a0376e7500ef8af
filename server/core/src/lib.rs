//! The analysis core of copydesk: pure, LSP-agnostic, byte offsets and
//! plain types.
//!
//! Documents become facts ([`extract`]); the bundle ([`bundle::Bundle`])
//! holds them; the checks ([`checks`]) turn the bundle into findings, each
//! with fixes. `copydesk.toml` is parsed here ([`config`]) from its text;
//! reading it from disk is the loader's job (copydesk-workspace).
//!
//! Architecture Invariant: this crate does no I/O and knows nothing of LSP;
//! its dependencies carry neither tower-lsp, tokio nor a filesystem walker
//! (tests/architecture.rs checks `cargo metadata`).

pub mod automaton;
pub mod brief;
pub mod bundle;
pub mod checks;
pub mod claims;
pub mod config;
pub mod engine;
pub mod extract;
pub mod factsheet;
pub mod fixes;
#[cfg(test)]
mod fixture;
pub mod hover;
pub mod kb;
pub mod knowledge;
pub mod lexicon;
pub mod memo;
pub mod people;
pub mod regions;
pub mod rename;
pub mod shared;
pub mod text;
pub mod types;

pub use bundle::{Bundle, Document};
pub use types::{DocId, Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

use crate::config::{Config, ConfigError};

/// Runs every enabled check over the bundle. Severities come from the
/// configuration; findings are sorted by document order, then position,
/// and exact duplicates are dropped. A one-off [`engine::Analyzer`] each
/// time; keep one to analyse a changing bundle incrementally.
pub fn analyze(bundle: &Bundle, config: &Config) -> Vec<Finding> {
    engine::Analyzer::once().analyze(bundle, &std::sync::Arc::new(config.clone()))
}

/// Findings whose location is in one document.
pub fn findings_in(findings: &[Finding], doc: DocId) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(move |f| f.location.doc == doc)
}

/// Every rule id, in the order of [`checks::ALL`].
pub fn rule_ids() -> Vec<&'static str> {
    checks::ALL.iter().map(|c| c.info().id).collect()
}

/// The configuration parsed against the registry of checks. Defined here,
/// at the top, because [`config`] sits below [`checks`] and is given the
/// rule ids rather than asking for them (see [`config`]'s module doc).
impl Config {
    /// Parses the text of a `copydesk.toml`: [`Config::parse_with_rules`]
    /// with every check's id, so an unknown rule in `[rules]` is an error
    /// on its key ("did you mean ...").
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse_with_rules(text, &rule_ids())
    }

    /// `[per-path-ignores]` compiled against every check's id:
    /// [`Config::per_path_ignores_with`].
    pub fn per_path_ignores(&self) -> Result<Vec<(globset::GlobSet, Vec<String>)>, String> {
        self.per_path_ignores_with(&rule_ids())
    }
}
