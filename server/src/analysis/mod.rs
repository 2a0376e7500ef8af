//! The analysis core: pure, LSP-agnostic, byte offsets and plain types.
//!
//! Documents become facts ([`extract`]); the bundle ([`bundle::Bundle`])
//! holds them; the checks ([`checks`]) turn the bundle into findings, each
//! with fixes. Nothing in this module imports `tower_lsp` or does I/O.

pub mod bundle;
pub mod checks;
pub mod extract;
pub mod factsheet;
pub mod fixture;
pub mod hover;
pub mod kb;
pub mod lexicon;
pub mod rename;
pub mod text;
pub mod types;

pub use bundle::{Bundle, Document};
pub use types::{DocId, Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

use crate::config::Config;

/// Runs every enabled check over the bundle. Severities come from the
/// configuration; findings are sorted by document order, then position,
/// and exact duplicates are dropped.
pub fn analyze(bundle: &Bundle, config: &Config) -> Vec<Finding> {
    let cx = checks::CheckContext { bundle, config };
    let mut findings = Vec::new();
    for check in checks::ALL {
        let info = check.info();
        let Some(severity) = config.severity_of(info.id, info.default_severity) else {
            continue;
        };
        let start = findings.len();
        check.run(&cx, &mut findings);
        for f in &mut findings[start..] {
            f.severity = severity;
        }
    }
    let order = bundle.order_of();
    findings.sort_by(|a, b| {
        let ka = (
            order.get(&a.location.doc),
            a.location.span,
            a.rule,
            &a.message,
        );
        let kb = (
            order.get(&b.location.doc),
            b.location.span,
            b.rule,
            &b.message,
        );
        ka.cmp(&kb)
    });
    findings
        .dedup_by(|a, b| a.rule == b.rule && a.location == b.location && a.message == b.message);
    findings
}

/// Findings whose location is in one document.
pub fn findings_in(findings: &[Finding], doc: DocId) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(move |f| f.location.doc == doc)
}
