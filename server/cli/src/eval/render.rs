//! The scorecard for people: one line per bundle, a family table per set
//! and for the whole corpus, the mutation recall, and the totals last (so
//! `copydesk eval | tail` shows them). `verbose` adds every missed item,
//! false warning and missed mutant.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::mutate::MUTATION_FAMILIES;
use super::score::{Counts, FAMILIES};
use super::{MutationCounts, Report};

fn ratio(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

fn family_table(out: &mut String, families: &BTreeMap<String, Counts>) {
    let _ = writeln!(
        out,
        "  {:<12} {:>5} {:>5} {:>6} {:>5} {:>4} {:>4} {:>5} {:>9}",
        "family", "must", "found", "recall", "warn", "tp", "fp", "traps", "precision"
    );
    let mut names: Vec<&str> = FAMILIES.to_vec();
    names.extend(
        families
            .keys()
            .map(String::as_str)
            .filter(|f| !FAMILIES.contains(f)),
    );
    for family in names {
        let Some(c) = families.get(family) else {
            continue;
        };
        let _ = writeln!(
            out,
            "  {family:<12} {:>5} {:>5} {:>6} {:>5} {:>4} {:>4} {:>5} {:>9}",
            c.must,
            c.found,
            ratio(c.recall()),
            c.tp + c.fp,
            c.tp,
            c.fp,
            c.trap_hits,
            ratio(c.precision())
        );
    }
}

fn mutation_table(out: &mut String, mutation: &BTreeMap<String, MutationCounts>) {
    let _ = writeln!(
        out,
        "  {:<12} {:>5} {:>5} {:>6} {:>16}",
        "family", "made", "found", "recall", "found any level"
    );
    for family in MUTATION_FAMILIES {
        let Some(m) = mutation.get(*family) else {
            continue;
        };
        let _ = writeln!(
            out,
            "  {family:<12} {:>5} {:>5} {:>6} {:>16}",
            m.made,
            m.found,
            ratio(m.recall()),
            m.found_any_level
        );
    }
}

fn summary(c: &Counts) -> String {
    format!(
        "recall {} ({}/{}), warning precision {} ({}/{}), trap hits {}",
        ratio(c.recall()),
        c.found,
        c.must,
        ratio(c.precision()),
        c.tp,
        c.tp + c.fp,
        c.trap_hits
    )
}

fn mutation_summary(mutation: &BTreeMap<String, MutationCounts>) -> String {
    let mut all = MutationCounts::default();
    for m in mutation.values() {
        all.add(m);
    }
    let per: Vec<String> = MUTATION_FAMILIES
        .iter()
        .filter_map(|f| {
            mutation
                .get(*f)
                .map(|m| format!("{f} {}", ratio(m.recall())))
        })
        .collect();
    format!(
        "mutation recall {} ({}/{}): {}",
        ratio(all.recall()),
        all.found,
        all.made,
        per.join(", ")
    )
}

/// The human scorecard.
pub fn human(report: &Report, verbose: bool) -> String {
    let mut out = String::new();
    let bundles: usize = report.sets.iter().map(|s| s.bundles.len()).sum();
    let _ = writeln!(
        out,
        "copydesk eval: {bundles} bundles in {} sets; mutation seed {}, {} mutants per clean bundle\n",
        report.sets.len(),
        report.seed,
        report.mutants_per_clean_bundle
    );
    for (name, why) in &report.skipped {
        let _ = writeln!(out, "skipped set {name}: {why}");
    }
    let _ = writeln!(
        out,
        "{:<34} {:>4} {:>5} {:>5} {:>6} {:>5} {:>4} {:>5} {:>9} {:>8}",
        "bundle", "docs", "must", "found", "recall", "warn", "fp", "traps", "precision", "mutants"
    );
    for set in &report.sets {
        for b in &set.bundles {
            let t = b.score.total();
            let mutants = b.mutation.as_ref().map_or_else(String::new, |m| {
                let mut all = MutationCounts::default();
                m.families.values().for_each(|c| all.add(c));
                format!("{}/{}", all.found, all.made)
            });
            let name = if b.clean {
                format!("{} (clean)", b.name)
            } else {
                b.name.clone()
            };
            let _ = writeln!(
                out,
                "{name:<34} {:>4} {:>5} {:>5} {:>6} {:>5} {:>4} {:>5} {:>9} {:>8}",
                b.articles,
                t.must,
                t.found,
                ratio(t.recall()),
                t.tp + t.fp,
                t.fp,
                t.trap_hits,
                ratio(t.precision()),
                mutants
            );
            if verbose {
                for (id, family) in &b.score.missed {
                    let _ = writeln!(out, "    missed {family} item {id}");
                }
                for fp in &b.score.false_positives {
                    let f = &fp.finding;
                    let trap = fp
                        .trap
                        .as_deref()
                        .map_or_else(String::new, |t| format!(" [trap: {t}]"));
                    let _ = writeln!(
                        out,
                        "    false {}:{} {} {}{trap}",
                        f.file, f.line, f.rule, f.message
                    );
                }
                for m in b.mutation.iter().flat_map(|m| &m.missed) {
                    let below = if m.below_warning {
                        " (found below warning level)"
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        out,
                        "    mutant missed: {} {} {}:{} '{}' -> '{}'{below}",
                        m.family, m.kind, m.file, m.line, m.from, m.to
                    );
                }
            }
        }
    }
    for set in &report.sets {
        let _ = writeln!(out, "\nset {} ({} bundles)", set.name, set.bundles.len());
        family_table(&mut out, &set.families);
        if !set.mutation.is_empty() {
            let _ = writeln!(out, "  mutation benchmark, clean bundles:");
            mutation_table(&mut out, &set.mutation);
        }
    }
    let _ = writeln!(out, "\nall sets");
    family_table(&mut out, &report.families);
    let _ = writeln!(out);
    for set in &report.sets {
        let _ = writeln!(out, "{:<10} {}", set.name, summary(&set.total));
        if !set.mutation.is_empty() {
            let _ = writeln!(
                out,
                "{:<10} {}; {} warnings on unmutated clean bundles",
                "",
                mutation_summary(&set.mutation),
                set.clean_warnings
            );
        }
    }
    let _ = writeln!(out, "{:<10} {}", "total", summary(&report.total));
    let _ = writeln!(
        out,
        "{:<10} {}; {} warnings on unmutated clean bundles",
        "",
        mutation_summary(&report.mutation),
        report.clean_warnings
    );
    out
}
