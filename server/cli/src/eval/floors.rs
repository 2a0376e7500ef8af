//! Floors: the lowest scores the repository accepts (`tests/eval-floors.toml`).
//! Raise a floor when a check improves; lowering one needs a reason in the
//! commit message.
//!
//! ```toml
//! [set.shared.total]              # a set of the corpus, all families
//! recall = 0.45
//! precision = 0.55
//! max_trap_hits = 2
//! [set.shared.family.figure]      # one family of a set
//! recall = 0.1
//! [mutation.name]                 # mutants found, over every clean bundle
//! recall = 0.3
//! [clean]
//! max_warnings = 4                # warnings on the unmutated clean bundles
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use super::score::Counts;
use super::Report;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Floors {
    #[serde(default)]
    set: BTreeMap<String, SetFloors>,
    #[serde(default)]
    mutation: BTreeMap<String, Floor>,
    clean: Option<Clean>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SetFloors {
    total: Option<Floor>,
    #[serde(default)]
    family: BTreeMap<String, Floor>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Floor {
    recall: Option<f64>,
    precision: Option<f64>,
    max_trap_hits: Option<usize>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Clean {
    max_warnings: Option<usize>,
}

impl Floors {
    pub fn parse(text: &str) -> Result<Floors, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Every figure of `report` below its floor, and every floor that names
    /// a set or family the report does not have.
    pub fn breaches(&self, report: &Report) -> Vec<String> {
        let mut out = Vec::new();
        for (set_name, floors) in &self.set {
            let Some(set) = report.sets.iter().find(|s| &s.name == set_name) else {
                out.push(format!("set '{set_name}' has floors but was not scored"));
                continue;
            };
            if let Some(f) = &floors.total {
                check(&format!("{set_name} total"), &set.total, f, &mut out);
            }
            for (family, f) in &floors.family {
                let counts = set.families.get(family).copied().unwrap_or_default();
                check(&format!("{set_name} {family}"), &counts, f, &mut out);
            }
        }
        for (family, f) in &self.mutation {
            let made = report.mutation.get(family).copied().unwrap_or_default();
            if let Some(min) = f.recall {
                let got = made.recall().unwrap_or(0.0);
                if made.made == 0 {
                    out.push(format!("mutation {family}: no mutant was made"));
                } else if got + 1e-9 < min {
                    out.push(format!("mutation {family}: recall {got:.3} < floor {min}"));
                }
            }
        }
        if let Some(max) = self.clean.as_ref().and_then(|c| c.max_warnings) {
            if report.clean_warnings > max {
                out.push(format!(
                    "clean bundles: {} warnings > ceiling {max}",
                    report.clean_warnings
                ));
            }
        }
        out
    }
}

fn check(what: &str, c: &Counts, f: &Floor, out: &mut Vec<String>) {
    if let (Some(min), Some(got)) = (f.recall, c.recall()) {
        if got + 1e-9 < min {
            out.push(format!(
                "{what}: recall {got:.3} < floor {min} ({}/{})",
                c.found, c.must
            ));
        }
    }
    if let (Some(min), Some(got)) = (f.precision, c.precision()) {
        if got + 1e-9 < min {
            out.push(format!(
                "{what}: warning precision {got:.3} < floor {min} ({}/{})",
                c.tp,
                c.tp + c.fp
            ));
        }
    }
    if let Some(max) = f.max_trap_hits {
        if c.trap_hits > max {
            out.push(format!("{what}: {} trap hits > ceiling {max}", c.trap_hits));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{MutationCounts, SetReport};

    fn report(found: usize, tp: usize, fp: usize, mutants_found: usize) -> Report {
        let counts = Counts {
            must: 4,
            found,
            tp,
            fp,
            trap_hits: 1,
        };
        let mutation: BTreeMap<String, MutationCounts> = [(
            "name".to_string(),
            MutationCounts {
                made: 10,
                found: mutants_found,
                found_any_level: mutants_found,
            },
        )]
        .into();
        Report {
            seed: 1,
            mutants_per_clean_bundle: 40,
            sets: vec![SetReport {
                name: "shared".into(),
                bundles: vec![],
                families: [("figure".to_string(), counts)].into(),
                total: counts,
                mutation: mutation.clone(),
                clean_warnings: 2,
            }],
            families: [("figure".to_string(), counts)].into(),
            total: counts,
            mutation,
            clean_warnings: 2,
            skipped: vec![],
        }
    }

    const FLOORS: &str = r#"
        [set.shared.total]
        recall = 0.5
        precision = 0.5
        max_trap_hits = 1
        [set.shared.family.figure]
        recall = 0.5
        [mutation.name]
        recall = 0.5
        [clean]
        max_warnings = 2
    "#;

    #[test]
    fn a_report_at_its_floors_passes_and_one_below_fails() {
        let floors = Floors::parse(FLOORS).expect("floors parse");
        assert!(floors.breaches(&report(2, 2, 2, 5)).is_empty());
        let below = floors.breaches(&report(1, 1, 3, 4));
        assert_eq!(below.len(), 4, "{below:?}");
        assert!(below.iter().any(|b| b.starts_with("mutation name")));
    }

    #[test]
    fn unknown_keys_and_missing_sets_are_errors() {
        assert!(Floors::parse("[set.shared.total]\nrecal = 0.5").is_err());
        let floors = Floors::parse("[set.news.total]\nrecall = 0.1").expect("parses");
        assert_eq!(
            floors.breaches(&report(2, 2, 2, 5)),
            vec!["set 'news' has floors but was not scored"]
        );
    }
}
