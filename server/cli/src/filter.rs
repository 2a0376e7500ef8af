//! Which findings `copydesk check` reports: `--select` and `--ignore` (rule
//! ids or family prefixes such as `figure` or `name-`), `--min-severity`
//! and `--quiet`; and the exit code they lead to (`--max-warnings`,
//! `--exit-zero`).

use copydesk_core::checks::ALL;
use copydesk_core::{Finding, Severity};

/// The user's choice of findings.
#[derive(Debug, Clone)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
    min_severity: Severity,
}

impl Default for Selection {
    fn default() -> Selection {
        Selection {
            select: Vec::new(),
            ignore: Vec::new(),
            min_severity: Severity::Hint,
        }
    }
}

/// Rank of a severity: higher is more severe.
fn rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Information => 1,
        Severity::Hint => 0,
    }
}

/// Parses a severity name as the configuration writes it.
pub fn parse_severity(name: &str) -> Result<Severity, String> {
    match name {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "information" | "info" => Ok(Severity::Information),
        "hint" => Ok(Severity::Hint),
        other => Err(format!(
            "unknown severity '{other}' (valid: error, warning, information, hint)"
        )),
    }
}

/// True when `pattern` (a rule id, a family, or a family with its dash)
/// names the rule `id`.
fn names(pattern: &str, id: &str) -> bool {
    let family = pattern.trim_end_matches('-');
    id == pattern || id.split('-').next() == Some(family) && !family.is_empty()
}

/// Every rule id, for error messages.
pub fn rule_ids() -> Vec<&'static str> {
    ALL.iter().map(|c| c.info().id).collect()
}

/// Checks each pattern names at least one rule; the error lists the valid
/// ids, and the closest one when it is close.
fn validate(patterns: &[String], flag: &str) -> Result<(), String> {
    let ids = rule_ids();
    for p in patterns {
        if !ids.iter().any(|id| names(p, id)) {
            return Err(format!(
                "{flag}: {}",
                copydesk_core::config::unknown_rule(p, &ids).replacen(
                    "unknown rule",
                    "unknown rule or family",
                    1
                )
            ));
        }
    }
    Ok(())
}

impl Selection {
    pub fn new(
        select: Vec<String>,
        ignore: Vec<String>,
        min_severity: Option<Severity>,
        quiet: bool,
    ) -> Result<Selection, String> {
        validate(&select, "--select")?;
        validate(&ignore, "--ignore")?;
        let min_severity = if quiet {
            Severity::Error
        } else {
            min_severity.unwrap_or(Severity::Hint)
        };
        Ok(Selection {
            select,
            ignore,
            min_severity,
        })
    }

    pub fn keeps(&self, f: &Finding) -> bool {
        rank(f.severity) >= rank(self.min_severity)
            && (self.select.is_empty() || self.select.iter().any(|p| names(p, f.rule)))
            && !self.ignore.iter().any(|p| names(p, f.rule))
    }
}

/// How findings turn into an exit code.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExitPolicy {
    /// Exit 1 only when there are more warnings than this (errors always do).
    pub max_warnings: Option<usize>,
    /// Exit 0 whatever was found.
    pub exit_zero: bool,
}

impl ExitPolicy {
    pub fn code(&self, findings: &[Finding]) -> i32 {
        if self.exit_zero {
            return 0;
        }
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let warnings = findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        let too_many = match self.max_warnings {
            Some(max) => warnings > max,
            None => warnings > 0,
        };
        i32::from(errors > 0 || too_many)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk_core::{DocId, Location, Span};

    fn finding(rule: &'static str, severity: Severity) -> Finding {
        Finding {
            rule,
            severity,
            location: Location {
                doc: DocId(0),
                span: Span::new(0, 1),
            },
            message: String::new(),
            related: vec![],
            fixes: vec![],
        }
    }

    #[test]
    fn families_and_ids_select_and_ignore() {
        let s = Selection::new(
            vec!["name".into()],
            vec!["name-house-style".into()],
            None,
            false,
        )
        .expect("valid");
        assert!(s.keeps(&finding("name-variant", Severity::Warning)));
        assert!(!s.keeps(&finding("name-house-style", Severity::Warning)));
        assert!(!s.keeps(&finding("figure-conflict", Severity::Warning)));
        let s = Selection::new(
            vec!["figure-".into()],
            vec![],
            Some(Severity::Warning),
            false,
        )
        .expect("valid");
        assert!(s.keeps(&finding("figure-conflict", Severity::Warning)));
        assert!(!s.keeps(&finding("figure-conflict", Severity::Information)));
        let quiet = Selection::new(vec![], vec![], None, true).expect("valid");
        assert!(!quiet.keeps(&finding("figure-conflict", Severity::Warning)));
        assert!(quiet.keeps(&finding("figure-conflict", Severity::Error)));
    }

    #[test]
    fn unknown_rules_are_errors_that_list_the_valid_ids() {
        let e = Selection::new(vec!["nmae".into()], vec![], None, false).unwrap_err();
        assert!(e.contains("'nmae'") && e.contains("name-variant"), "{e}");
        assert!(Selection::new(vec![], vec!["-".into()], None, false).is_err());
        assert!(parse_severity("high").is_err());
    }

    #[test]
    fn the_exit_code_follows_the_policy() {
        let w = [
            finding("name-variant", Severity::Warning),
            finding("name-variant", Severity::Warning),
        ];
        assert_eq!(ExitPolicy::default().code(&w), 1);
        assert_eq!(
            ExitPolicy {
                max_warnings: Some(2),
                exit_zero: false
            }
            .code(&w),
            0
        );
        assert_eq!(
            ExitPolicy {
                max_warnings: Some(1),
                exit_zero: false
            }
            .code(&w),
            1
        );
        assert_eq!(
            ExitPolicy {
                max_warnings: None,
                exit_zero: true
            }
            .code(&w),
            0
        );
        let e = [finding("name-variant", Severity::Error)];
        assert_eq!(
            ExitPolicy {
                max_warnings: Some(5),
                exit_zero: false
            }
            .code(&e),
            1
        );
        assert_eq!(
            ExitPolicy::default().code(&[finding("x-y", Severity::Information)]),
            0
        );
    }
}
