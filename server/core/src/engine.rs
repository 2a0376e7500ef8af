//! The incremental analysis: runs the checks over a bundle and keeps, from
//! one analysis to the next, what did not change.
//!
//! - A document-local check ([`Scope::Document`]) is run only on the
//!   articles whose facts changed since the last analysis; the findings of
//!   the others are taken from the cache.
//! - A bundle check reads per-article values through [`Memo`], which
//!   computes each value once per version of an article's facts, so a
//!   bundle check re-derives only the edited article.
//! - A bundle check files those values under keys ([`Memo::grouped`],
//!   [`Grouping`]); the index is kept, so an edit re-evaluates only the
//!   groups of the keys the edited article had or has. What a check makes
//!   of its groups is reused while they are the same ([`Memo::derived`]).
//! - An analysis asks between checks whether it is moot
//!   ([`Analyzer::analyze_unless`]) and stops if so.
//! - The checks run in parallel (rayon), each on its own thread when
//!   there are cores to spare.
//!
//! An [`Analyzer`] gives exactly the findings of a fresh analysis of the
//! same bundle and configuration: caches are keyed by the identity of each
//! article's facts (`Arc` pointer, replaced on every change of text) and
//! dropped whole when the configuration changes.
//!
//! The engine's caches are the only ones keyed by analyses. What is derived
//! from a configuration (the knowledge base it puts in force) is kept by
//! that configuration ([`crate::config::ConfigCache`]), and what is compiled
//! from a knowledge base (entity matcher, house spellings) by that base
//! ([`crate::kb::Kb::derived`]): the core keeps no process-wide cache of
//! anything a configuration changes.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::bundle::{Bundle, Document};
use crate::checks::{self, Check, CheckContext, Scope};
use crate::config::Config;
use crate::extract::DocFacts;
use crate::memo::Memo;
use crate::types::{DocId, Finding};

/// The document-local findings of one article, with what they were made from.
struct DocEntry {
    facts: Arc<DocFacts>,
    name: String,
    rank: usize,
    findings: Vec<Finding>,
}

/// Runs the checks and keeps what the next analysis can reuse.
#[derive(Default)]
pub struct Analyzer {
    /// Keep nothing between analyses (see [`Analyzer::once`]).
    once: bool,
    config: Option<Arc<Config>>,
    memo: Memo,
    local: HashMap<DocId, DocEntry>,
    /// Documents whose local findings the last analysis computed (not
    /// taken from the cache): for tests and logs.
    last_recomputed: usize,
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// For one analysis only: per-article values are not kept once their
    /// check is done, which keeps the memory of a big check down.
    pub fn once() -> Analyzer {
        Analyzer {
            once: true,
            memo: Memo::keeping(false),
            ..Analyzer::default()
        }
    }

    /// Every enabled check over the bundle, as [`crate::analyze`]
    /// would report them.
    pub fn analyze(&mut self, bundle: &Bundle, config: &Arc<Config>) -> Vec<Finding> {
        self.analyze_unless(bundle, config, &|| false)
            .unwrap_or_default()
    }

    /// [`Analyzer::analyze`], given up (`None`) as soon as `moot()` says a
    /// newer bundle is waiting: it is asked before each check and each
    /// article's local checks. What was computed before stays cached, and
    /// the next analysis reports exactly what a fresh one would.
    pub fn analyze_unless(
        &mut self,
        bundle: &Bundle,
        config: &Arc<Config>,
        moot: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Finding>> {
        if !self.config.as_ref().is_some_and(|c| Arc::ptr_eq(c, config)) {
            self.memo.clear();
            self.local.clear();
            self.config = Some(config.clone());
        }
        self.memo.retain(bundle);
        self.local.retain(|id, e| {
            bundle
                .get(*id)
                .is_some_and(|d| Arc::ptr_eq(&d.facts, &e.facts))
        });
        let docs = bundle.documents();
        let stale: Vec<&Document> = docs
            .iter()
            .copied()
            .filter(|d| {
                !self
                    .local
                    .get(&d.id)
                    .is_some_and(|e| e.name == d.name && e.rank == d.rank)
            })
            .collect();
        self.last_recomputed = stale.len();
        let enabled: Vec<(&dyn Check, crate::Severity)> = checks::ALL
            .iter()
            .filter_map(|c| {
                let info = c.info();
                config
                    .severity_of(info.id, info.default_severity)
                    .map(|s| (*c, s))
            })
            .collect();
        let memo = &self.memo;
        let bundle_cx = CheckContext::new(bundle, config, memo, &docs);
        // Bundle checks, and the local checks of each stale article, in parallel.
        type Local = Vec<(DocId, Vec<Finding>)>;
        let (global, fresh): (Option<Vec<Vec<Finding>>>, Option<Local>) = rayon::join(
            || {
                let bundle_checks: Vec<&(&dyn Check, crate::Severity)> = enabled
                    .iter()
                    .filter(|(c, _)| c.scope() == Scope::Bundle)
                    .collect();
                // The checks that spread their work over the threads
                // ([`Check::spreads`]) run one after another, so that no two
                // of their working sets are held at once. Beside them, the
                // checks that keep to one thread, costliest first
                // ([`Check::cost`]): a thread left idle by a spreading
                // check's one-thread step takes one of those. Collected in
                // the registry's order.
                let mut by_cost: Vec<usize> = (0..bundle_checks.len()).collect();
                by_cost.sort_by_key(|&i| std::cmp::Reverse(bundle_checks[i].0.cost()));
                let (chain, rest): (Vec<usize>, Vec<usize>) = by_cost
                    .into_iter()
                    .partition(|&i| bundle_checks[i].0.spreads());
                let slots: Vec<std::sync::OnceLock<Option<Vec<Finding>>>> =
                    bundle_checks.iter().map(|_| Default::default()).collect();
                let run = |i: usize| {
                    if let (Some(slot), Some(&&(c, sev))) = (slots.get(i), bundle_checks.get(i)) {
                        let _ = slot.set((!moot()).then(|| run_one(c, sev, &bundle_cx)));
                    }
                };
                // The chain starts at once on this thread; the other
                // threads take the one-thread checks (and the articles'
                // own checks) and, when free, the chain's spread work. The
                // chain's steps on one thread are then filled by those
                // checks, not left idle at the end when they are done.
                rayon::join(
                    || chain.into_iter().for_each(run),
                    || rest.into_par_iter().with_max_len(1).for_each(run),
                );
                slots
                    .into_iter()
                    .map(|s| s.into_inner().flatten())
                    .collect()
            },
            || {
                stale
                    .par_iter()
                    .map(|d| {
                        if moot() {
                            return None;
                        }
                        let one = [*d];
                        let cx = CheckContext::new(bundle, config, memo, &one);
                        let found: Vec<Finding> = enabled
                            .iter()
                            .filter(|(c, _)| c.scope() == Scope::Document)
                            .flat_map(|(c, s)| run_one(*c, *s, &cx))
                            .collect();
                        Some((d.id, found))
                    })
                    .collect()
            },
        );
        let (Some(global), Some(fresh)) = (global, fresh) else {
            return None;
        };
        let mut findings: Vec<Finding> = global.into_iter().flatten().collect();
        if self.once {
            findings.extend(fresh.into_iter().flat_map(|(_, f)| f));
            order(bundle, config, &mut findings);
            return Some(findings);
        }
        for (id, found) in fresh {
            if let Some(d) = bundle.get(id) {
                self.local.insert(
                    id,
                    DocEntry {
                        facts: d.facts.clone(),
                        name: d.name.clone(),
                        rank: d.rank,
                        findings: found,
                    },
                );
            }
        }
        for d in &docs {
            if let Some(e) = self.local.get(&d.id) {
                findings.extend(e.findings.iter().cloned());
            }
        }
        order(bundle, config, &mut findings);
        Some(findings)
    }

    /// Articles whose document-local checks the last analysis ran.
    pub fn last_recomputed(&self) -> usize {
        self.last_recomputed
    }

    /// The per-document values cached for bundle checks.
    pub fn memo(&self) -> &Memo {
        &self.memo
    }
}

fn run_one(check: &dyn Check, severity: crate::Severity, cx: &CheckContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    check.run(cx, &mut out);
    // The configured severity replaces the rule's default; a finding the
    // check itself judged less sure (information where the rule warns)
    // stays at most that.
    let default = check.info().default_severity;
    for f in &mut out {
        f.severity = if f.severity > default {
            f.severity.max(severity)
        } else {
            severity
        };
    }
    out
}

/// Sorted by document order, then position, rule and message; exact
/// duplicates dropped, and findings placed in front matter or silenced by
/// a suppression comment ([`crate::regions`]) or by
/// `[per-path-ignores]` left out.
///
/// A certain fix that edits inside a direct quotation becomes a
/// suggestion: it would change someone's words.
fn order(bundle: &Bundle, config: &Config, findings: &mut Vec<Finding>) {
    // Checked when the configuration was read.
    let ids: Vec<&str> = checks::ALL.iter().map(|c| c.info().id).collect();
    let per_path = config.per_path_ignores_with(&ids).unwrap_or_default();
    findings.retain(|f| {
        !bundle.get(f.location.doc).is_some_and(|d| {
            d.facts.regions.silences(f.rule, f.location.span.start)
                || per_path.iter().any(|(paths, rules)| {
                    paths.is_match(&d.name)
                        && rules.iter().any(|r| {
                            f.rule == r || f.rule.split('-').next() == Some(r.trim_end_matches('-'))
                        })
                })
        })
    });
    for f in findings.iter_mut() {
        for fix in f.fixes.iter_mut().filter(|x| x.certain) {
            let quoted = fix.edits.iter().any(|e| {
                // Quote marks themselves may change (a house style of quotes).
                bundle.get(e.location.doc).is_some_and(|d| {
                    d.facts.regions.in_quotation(e.location.span)
                        && !d
                            .slice(e.location.span)
                            .chars()
                            .all(|c| "\"“”'‘’".contains(c))
                })
            });
            if quoted {
                fix.certain = false;
            }
        }
    }
    let order = bundle.order_of();
    // A stable sort over the threads: the same order as one thread's.
    findings.par_sort_by(|a, b| {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Analyst Mark Dunne said the shares rose 4% on Monday.  Twice.";
    const B: &str = "Analyst Mark Dunn said the shares rose 4% on Monday.";

    fn bundle() -> Bundle {
        let mut b = Bundle::new();
        b.upsert("a", "a.txt", 0, A);
        b.upsert("b", "b.txt", 0, B);
        b.upsert("c", "c.txt", 0, "The \"first\" and “second” quotes.");
        b
    }

    #[test]
    fn same_findings_as_a_fresh_analysis_after_each_change() {
        let config = Arc::new(Config::default());
        let mut an = Analyzer::new();
        let mut b = bundle();
        assert_eq!(an.analyze(&b, &config), crate::analyze(&b, &config));
        assert_eq!(an.last_recomputed(), 3);
        assert!(!an.memo().is_empty());
        // Nothing changed: nothing re-run locally.
        assert_eq!(an.analyze(&b, &config), crate::analyze(&b, &config));
        assert_eq!(an.last_recomputed(), 0);
        // One article edited: only it is re-run, and the result is fresh.
        b.upsert(
            "b",
            "b.txt",
            0,
            "Analyst Mark Dunne said the shares rose 5% on Monday.",
        );
        let inc = an.analyze(&b, &config);
        assert_eq!(an.last_recomputed(), 1);
        assert_eq!(inc, crate::analyze(&b, &config));
        // Removed and renamed articles.
        b.remove("c");
        b.upsert("a", "renamed.txt", 0, A);
        let inc = an.analyze(&b, &config);
        assert_eq!(an.last_recomputed(), 1);
        assert_eq!(inc, crate::analyze(&b, &config));
    }

    #[test]
    fn an_article_placed_by_another_is_paired_again_when_its_day_moves() {
        // c.txt has no date: its year-to-date figure agrees with a.txt's,
        // which places its day move on a.txt's day, where d.txt states
        // another. Editing a.txt alone moves c.txt's claims.
        let config = Arc::new(Config::default());
        let mut b = Bundle::new();
        let a = |ytd: &str| {
            format!(
                "HONG KONG, Sept 12 (Wire) - Examplecorp shares have risen {ytd} this year in Hong Kong."
            )
        };
        b.upsert("a", "a.txt", 0, &a("62%"));
        b.upsert(
            "c",
            "c.txt",
            0,
            "Examplecorp stock surged 6.15% on the Hong Kong exchange, extending its year-to-date gains to 61.95% in Hong Kong.",
        );
        b.upsert(
            "d",
            "d.txt",
            0,
            "Examplecorp shares jumped more than 7% in Hong Kong trading on September 12.",
        );
        let conflicts = |f: &[Finding]| f.iter().filter(|f| f.rule == "figure-conflict").count();
        let mut an = Analyzer::new();
        let before = an.analyze(&b, &config);
        assert_eq!(before, crate::analyze(&b, &config));
        assert_eq!(conflicts(&before), 2, "{before:#?}");
        b.upsert("a", "a.txt", 0, &a("30%"));
        let after = an.analyze(&b, &config);
        assert_eq!(after, crate::analyze(&b, &config));
        assert_eq!(conflicts(&after), 0, "{after:#?}");
    }

    #[test]
    fn a_moot_analysis_stops_and_the_next_is_whole() {
        let config = Arc::new(Config::default());
        let mut an = Analyzer::new();
        let mut b = bundle();
        assert_eq!(an.analyze_unless(&b, &config, &|| true), None);
        assert_eq!(an.analyze(&b, &config), crate::analyze(&b, &config));
        // Given up half-way: the checks asked after the first few see it moot.
        b.upsert(
            "b",
            "b.txt",
            0,
            "Analyst Mark Dunn said the shares rose 6% on Monday.",
        );
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let moot = || asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 3;
        assert_eq!(an.analyze_unless(&b, &config, &moot), None);
        assert_eq!(an.analyze(&b, &config), crate::analyze(&b, &config));
    }

    #[test]
    fn a_new_configuration_drops_the_caches() {
        let b = bundle();
        let mut an = Analyzer::new();
        let first = Arc::new(Config::default());
        let before = an.analyze(&b, &first);
        assert!(before.iter().any(|f| f.rule == "typography-double-space"));
        let off = Config::parse("[rules]\n\"typography-double-space\" = \"off\"\n")
            .expect("config parses");
        let off = Arc::new(off);
        let after = an.analyze(&b, &off);
        assert_eq!(an.last_recomputed(), 3);
        assert!(!after.iter().any(|f| f.rule == "typography-double-space"));
        assert_eq!(after, crate::analyze(&b, &off));
    }
}
