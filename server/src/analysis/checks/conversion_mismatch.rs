//! `conversion-mismatch`: a conversion written in brackets ("380 billion
//! yuan ($53 billion)") whose implied exchange rate disagrees with the
//! rate set in `copydesk.toml` `[rates]`, or, where none is set, with the
//! other conversions of the same currencies in the bundle.
//!
//! Owns the comparison of implied rates: each side's rounding gives a range
//! of rates, widened by the configured tolerance; without a configured rate
//! a conversion is flagged only when more of the bundle's conversions
//! disagree with it than agree.

use crate::analysis::checks::{Check, CheckContext, Scope};
use crate::analysis::extract::figures::{Conversion, Range};
use crate::analysis::types::{DocId, Finding, Location, Related, RuleInfo, Severity};

pub struct ConversionMismatch;

static INFO: RuleInfo = RuleInfo {
    id: "conversion-mismatch",
    default_severity: Severity::Warning,
    summary: "A currency conversion in the text implies a rate that disagrees with the configured rate or with the bundle's other conversions.",
    flags: &[
        "'100 billion yuan ($14 billion)' here and '10 billion yuan ($2.5 billion)' there",
        "'1 billion yuan ($200 million)' with [rates] \"USD/CNY\" = 7.1",
    ],
    passes: &[
        "'380 billion yuan ($53 billion)' and '1 billion yuan ($140 million)': the same rate after rounding",
        "'45 billion euros' next to '380 billion yuan' without any other euro conversion",
    ],
};

fn widen(r: Range, tol: f64) -> Range {
    Range {
        lo: r.lo * (1.0 - tol),
        hi: r.hi * (1.0 + tol),
        ..r
    }
}

/// The rate of `c` as units of `to` per unit of `from`, with `from` < `to`
/// alphabetically, so both directions compare.
fn normalised(c: &Conversion) -> Option<((String, String), Range)> {
    let (a, b) = c.pair()?;
    let r = c.rate()?;
    if a < b {
        Some(((a.to_string(), b.to_string()), r))
    } else {
        if r.lo <= 0.0 {
            return None;
        }
        Some((
            (b.to_string(), a.to_string()),
            Range {
                lo: 1.0 / r.hi,
                hi: 1.0 / r.lo,
                ..r
            },
        ))
    }
}

impl Check for ConversionMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let tol = cx.config.rates.tolerance();
        let mut all: Vec<(DocId, &Conversion, (String, String), Range)> = Vec::new();
        for d in cx.documents() {
            for c in &d.facts.figures.conversions {
                if let Some((pair, r)) = normalised(c) {
                    all.push((d.id, c, pair, r));
                }
            }
        }
        for (i, (doc, c, pair, r)) in all.iter().enumerate() {
            let here = Location {
                doc: *doc,
                span: c.span,
            };
            let text = cx.bundle.get(*doc).map(|d| d.slice(c.span)).unwrap_or("");
            if let Some(rate) = cx.config.rates.rate(&pair.0, &pair.1) {
                let mine = widen(*r, tol);
                let point = Range {
                    lo: rate,
                    hi: rate,
                    lo_open: false,
                    hi_open: false,
                };
                if !mine.overlaps(&point) {
                    let implied = (r.lo + r.hi) / 2.0;
                    out.push(Finding {
                        rule: INFO.id,
                        severity: INFO.default_severity,
                        location: here,
                        message: format!(
                            "'{text}' implies {implied:.4} {} per {}; copydesk.toml sets {rate:.4}",
                            pair.1, pair.0
                        ),
                        related: Vec::new(),
                        fixes: Vec::new(),
                    });
                }
                continue;
            }
            let mut agree = 0;
            let mut disagree = Vec::new();
            for (j, (odoc, oc, opair, or)) in all.iter().enumerate() {
                if i == j || opair != pair {
                    continue;
                }
                if widen(*r, tol).overlaps(&widen(*or, tol)) {
                    agree += 1;
                } else {
                    disagree.push((*odoc, *oc));
                }
            }
            if disagree.is_empty() || disagree.len() <= agree {
                continue;
            }
            let mut related = Vec::new();
            let mut parts = Vec::new();
            for (odoc, oc) in disagree {
                let loc = Location {
                    doc: odoc,
                    span: oc.span,
                };
                let otext = cx.bundle.get(odoc).map(|d| d.slice(oc.span)).unwrap_or("");
                parts.push(format!("'{otext}' in {}", cx.bundle.cite(loc)));
                related.push(Related {
                    location: loc,
                    message: format!("'{otext}' implies another rate"),
                });
            }
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                location: here,
                message: format!(
                    "'{text}' implies another {}/{} rate than {}",
                    pair.0,
                    pair.1,
                    parts.join("; ")
                ),
                related,
                fixes: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixture::{check_rules, check_rules_with_config};
    use crate::config::Config;

    const RULE: &[&str] = &["conversion-mismatch"];

    #[test]
    fn consistent_conversions_pass() {
        check_rules(
            r#"
//- a.txt
Examplecorp plans a 380 billion yuan ($53 billion) build-out.
//- b.txt
It adds 1 billion yuan ($140 million) in subsidies and 2 billion yuan (about $280 million) more.
//- c.txt
The plan is worth 380 billion yuan (around 45 billion euros).
"#,
            RULE,
        );
    }

    #[test]
    fn two_disagreeing_conversions_are_both_flagged() {
        check_rules(
            r#"
//- a.txt
A 100 billion yuan ($14 billion) plan.
  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch
//- b.txt
A 10 billion yuan ($2.5 billion) fund.
  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch
"#,
            RULE,
        );
    }

    #[test]
    fn the_odd_one_out_of_three() {
        check_rules(
            r#"
//- a.txt
A 100 billion yuan ($14 billion) plan.
//- b.txt
A 10 billion yuan ($1.4 billion) fund and 50 billion yuan ($10 billion) in loans.
                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch
//- c.txt
A $7 billion (50 billion yuan) deal.
"#,
            RULE,
        );
    }

    #[test]
    fn configured_rate_wins() {
        let config =
            Config::parse("[rates]\n\"USD/CNY\" = 7.1\ntolerance = 0.02\n").unwrap_or_default();
        assert_eq!(
            config
                .rates
                .rate("CNY", "USD")
                .map(|r| (r * 7.1 * 1000.0).round()),
            Some(1000.0)
        );
        check_rules_with_config(
            r#"
//- a.txt
It adds 1 billion yuan ($200 million) in subsidies, after 100 billion yuan ($14 billion) last year.
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conversion-mismatch: copydesk.toml
"#,
            RULE,
            &config,
        );
    }

    #[test]
    fn rates_config_rejects_unknown_keys() {
        assert!(Config::parse("[rates]\nusd = 7.1\n").is_err());
        assert!(Config::parse("[rates]\n\"USD/CNY\" = -1.0\n").is_err());
        assert!(Config::parse("[rates]\ntolerance = 3.0\n").is_err());
        assert!(Config::parse("[rates]\n\"EUR/USD\" = 1.08\n").is_ok());
    }
}
