//! `copydesk eval`: accuracy as a number on text we did not write.
//!
//! Every bundle with a gold file is checked and scored by the rules of
//! `shared/seeds-gold.md` ([`score`]); every clean bundle (no `must` item)
//! also gets the mutation benchmark ([`mutate`]): seeded copies with one
//! inconsistency injected, each counted as found when a warning of its
//! family sits on the mutated line or names it as related. The corpus is a
//! manifest (`tests/corpus.toml`) or folders given on the command line; a
//! floors file ([`floors`]) turns the scorecard into a test.
//!
//! The scoring and the mutations are pure; this module reads the bundles
//! and gold files and runs the analysis in process.

pub mod floors;
pub mod gold;
pub mod mutate;
mod render;
pub mod score;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::load as cli;
use crate::load::CliError;
use copydesk_core::{self as analysis, Bundle, Finding};
use gold::Gold;
use score::{BundleScore, Counts, Scored};

pub use render::human;

/// The manifest `copydesk eval` reads when no folder is given.
pub const DEFAULT_CORPUS: &str = "tests/corpus.toml";

/// What to score and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Bundle folders (with a `gold.json`) or folders of them. Empty: the
    /// manifest `corpus`.
    pub paths: Vec<PathBuf>,
    /// The manifest (default [`DEFAULT_CORPUS`]).
    pub corpus: Option<PathBuf>,
    /// Mutants per clean bundle (spread over the four families).
    pub mutants: usize,
    pub seed: u64,
}

/// The manifest: sets of bundles, paths relative to the manifest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    set: Vec<SetEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetEntry {
    name: String,
    /// One bundle folder, with `gold` (default: its `gold.json`).
    bundle: Option<PathBuf>,
    gold: Option<PathBuf>,
    /// A folder whose sub-folders holding a `gold.json` are the bundles.
    folder: Option<PathBuf>,
}

/// Mutants made and found, for one family.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct MutationCounts {
    pub made: usize,
    /// Found at warning level or above: the score.
    pub found: usize,
    /// Found at any level, information and hints included.
    pub found_any_level: usize,
}

impl MutationCounts {
    pub fn add(&mut self, o: &MutationCounts) {
        self.made += o.made;
        self.found += o.found;
        self.found_any_level += o.found_any_level;
    }
    pub fn recall(&self) -> Option<f64> {
        (self.made > 0).then(|| self.found as f64 / self.made as f64)
    }
}

/// A mutant that no warning found.
#[derive(Debug, Clone, Serialize)]
pub struct MissedMutant {
    pub family: &'static str,
    pub kind: &'static str,
    pub file: String,
    pub line: usize,
    pub from: String,
    pub to: String,
    /// Found, but only below warning level.
    pub below_warning: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct MutationReport {
    pub families: BTreeMap<String, MutationCounts>,
    pub missed: Vec<MissedMutant>,
}

/// One scored bundle.
#[derive(Debug, Clone, Serialize)]
pub struct BundleReport {
    pub name: String,
    pub path: String,
    pub articles: usize,
    pub clean: bool,
    pub score: BundleScore,
    pub mutation: Option<MutationReport>,
}

/// The bundles of one set of the corpus, with their sums.
#[derive(Debug, Clone, Serialize)]
pub struct SetReport {
    pub name: String,
    pub bundles: Vec<BundleReport>,
    pub families: BTreeMap<String, Counts>,
    pub total: Counts,
    pub mutation: BTreeMap<String, MutationCounts>,
    /// Warnings on the clean bundles (before any mutation).
    pub clean_warnings: usize,
}

/// The scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub seed: u64,
    pub mutants_per_clean_bundle: usize,
    pub sets: Vec<SetReport>,
    pub families: BTreeMap<String, Counts>,
    pub total: Counts,
    pub mutation: BTreeMap<String, MutationCounts>,
    pub clean_warnings: usize,
    /// Sets of the manifest that were not found, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// Scores the corpus.
pub fn run(options: &Options) -> Result<Report, CliError> {
    let (sets, skipped) = corpus(options)?;
    let mut report = Report {
        seed: options.seed,
        mutants_per_clean_bundle: options.mutants,
        sets: Vec::new(),
        families: BTreeMap::new(),
        total: Counts::default(),
        mutation: BTreeMap::new(),
        clean_warnings: 0,
        skipped,
    };
    for (set_name, bundles) in sets {
        let mut set = SetReport {
            name: set_name.clone(),
            bundles: Vec::new(),
            families: BTreeMap::new(),
            total: Counts::default(),
            mutation: BTreeMap::new(),
            clean_warnings: 0,
        };
        for (dir, gold_path) in bundles {
            let name = bundle_name(&set_name, &dir);
            let b = evaluate_bundle(&name, &dir, &gold_path, options)?;
            for (family, c) in &b.score.families {
                set.families.entry(family.clone()).or_default().add(c);
            }
            set.total.add(&b.score.total());
            if b.clean {
                let t = b.score.total();
                set.clean_warnings += t.tp + t.fp;
            }
            for (family, m) in b.mutation.iter().flat_map(|m| &m.families) {
                set.mutation.entry(family.clone()).or_default().add(m);
            }
            set.bundles.push(b);
        }
        for (family, c) in &set.families {
            report.families.entry(family.clone()).or_default().add(c);
        }
        report.total.add(&set.total);
        for (family, m) in &set.mutation {
            report.mutation.entry(family.clone()).or_default().add(m);
        }
        report.clean_warnings += set.clean_warnings;
        report.sets.push(set);
    }
    Ok(report)
}

type Sets = Vec<(String, Vec<(PathBuf, PathBuf)>)>;

/// The sets of bundles to score: (set name, [(bundle folder, gold file)]),
/// and the manifest's sets that are missing.
fn corpus(options: &Options) -> Result<(Sets, Vec<(String, String)>), CliError> {
    if !options.paths.is_empty() {
        let mut sets = Vec::new();
        for p in &options.paths {
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let bundles = if p.join("gold.json").is_file() {
                vec![(p.clone(), p.join("gold.json"))]
            } else {
                let found = bundles_under(p)?;
                if found.is_empty() {
                    return Err(CliError(format!(
                        "{}: no gold.json in it or in its sub-folders",
                        p.display()
                    )));
                }
                found
            };
            sets.push((name, bundles));
        }
        return Ok((sets, Vec::new()));
    }
    let manifest_path = options
        .corpus
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
        CliError(format!(
            "{}: {e} (run from the repository root, name a manifest with --corpus, or give bundle folders)",
            manifest_path.display()
        ))
    })?;
    let manifest: Manifest =
        toml::from_str(&text).map_err(|e| CliError(format!("{}: {e}", manifest_path.display())))?;
    let base = manifest_path.parent().unwrap_or(Path::new("."));
    let mut sets = Vec::new();
    let mut skipped = Vec::new();
    for entry in manifest.set {
        let bundles = match (&entry.bundle, &entry.folder) {
            (Some(bundle), None) => {
                let dir = base.join(bundle);
                let gold = entry
                    .gold
                    .as_ref()
                    .map_or_else(|| dir.join("gold.json"), |g| base.join(g));
                if !dir.is_dir() || !gold.is_file() {
                    skipped.push((
                        entry.name,
                        format!("{} or {} not found", dir.display(), gold.display()),
                    ));
                    continue;
                }
                vec![(dir, gold)]
            }
            (None, Some(folder)) => {
                let dir = base.join(folder);
                if !dir.is_dir() {
                    skipped.push((entry.name, format!("{} not found", dir.display())));
                    continue;
                }
                bundles_under(&dir)?
            }
            _ => {
                return Err(CliError(format!(
                    "{}: set '{}' needs either `bundle` or `folder`",
                    manifest_path.display(),
                    entry.name
                )))
            }
        };
        sets.push((entry.name, bundles));
    }
    Ok((sets, skipped))
}

/// The sub-folders of `dir` that hold a `gold.json`, sorted.
fn bundles_under(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, CliError> {
    let rd = std::fs::read_dir(dir).map_err(|e| CliError(format!("{}: {e}", dir.display())))?;
    let mut out: Vec<(PathBuf, PathBuf)> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("gold.json").is_file())
        .map(|p| {
            let g = p.join("gold.json");
            (p, g)
        })
        .collect();
    out.sort();
    Ok(out)
}

fn bundle_name(set: &str, dir: &Path) -> String {
    let leaf = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    if leaf == set {
        leaf
    } else {
        format!("{set}/{leaf}")
    }
}

fn evaluate_bundle(
    name: &str,
    dir: &Path,
    gold_path: &Path,
    options: &Options,
) -> Result<BundleReport, CliError> {
    let gold_text = std::fs::read_to_string(gold_path)
        .map_err(|e| CliError(format!("{}: {e}", gold_path.display())))?;
    let gold =
        Gold::parse(&gold_text).map_err(|e| CliError(format!("{}: {e}", gold_path.display())))?;
    let loaded = cli::load(&[dir.to_path_buf()], None)?;
    let findings = analysis::analyze(&loaded.bundle, &loaded.config);
    let scored = scored(&loaded.bundle, &findings);
    let score = score::score(&gold, &scored);
    let mutation = gold
        .is_clean()
        .then(|| mutation_benchmark(name, &loaded, options));
    Ok(BundleReport {
        name: name.to_string(),
        path: dir.display().to_string(),
        articles: loaded.bundle.len(),
        clean: gold.is_clean(),
        score,
        mutation,
    })
}

/// The file name of a document's name ("sub/a.txt" → "a.txt"), as gold files write it.
fn file_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned())
}

/// 1-based line of a location, with its article's file name.
fn place(bundle: &Bundle, loc: analysis::Location) -> Option<(String, usize)> {
    let d = bundle.get(loc.doc)?;
    Some((file_name(&d.name), d.lines.line_of(loc.span.start) + 1))
}

/// The warnings (and errors) of a check, as the scorer sees them.
fn scored(bundle: &Bundle, findings: &[Finding]) -> Vec<Scored> {
    findings
        .iter()
        .filter(|f| f.severity.is_at_least_warning())
        .filter_map(|f| {
            let (file, line) = place(bundle, f.location)?;
            Some(Scored {
                file,
                line,
                rule: f.rule.to_string(),
                message: f.message.clone(),
                related: f
                    .related
                    .iter()
                    .filter_map(|r| place(bundle, r.location))
                    .collect(),
            })
        })
        .collect()
}

/// FNV-1a: a hash that stays the same across runs and platforms, so a
/// bundle's mutants depend only on the seed and the bundle's name.
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn mutation_benchmark(name: &str, loaded: &cli::Loaded, options: &Options) -> MutationReport {
    use rayon::prelude::*;
    let docs = loaded.bundle.documents();
    let texts: Vec<(String, String)> = docs
        .iter()
        .map(|d| (d.name.clone(), d.text.to_string()))
        .collect();
    let mutants = mutate::mutants(&texts, options.seed ^ stable_hash(name), options.mutants);
    let outcomes: Vec<(bool, bool)> = mutants
        .par_iter()
        .map(|m| {
            let doc = docs[m.doc];
            let mut bundle = loaded.bundle.clone();
            let id = bundle.upsert(&doc.key, &doc.name, doc.rank, &m.text);
            let findings = analysis::analyze(&bundle, &loaded.config);
            let on_line = |loc: analysis::Location| {
                loc.doc == id
                    && bundle
                        .get(id)
                        .is_some_and(|d| d.lines.line_of(loc.span.start) + 1 == m.line)
            };
            let hits = |f: &&Finding| {
                f.family() == m.family
                    && (on_line(f.location) || f.related.iter().any(|r| on_line(r.location)))
            };
            let any = findings.iter().any(|f| hits(&f));
            let warned = findings
                .iter()
                .filter(|f| f.severity.is_at_least_warning())
                .any(|f| hits(&f));
            (warned, any)
        })
        .collect();
    let mut report = MutationReport::default();
    for family in mutate::MUTATION_FAMILIES {
        report.families.entry(family.to_string()).or_default();
    }
    for (m, (warned, any)) in mutants.iter().zip(outcomes) {
        let c = report.families.entry(m.family.to_string()).or_default();
        c.made += 1;
        c.found += usize::from(warned);
        c.found_any_level += usize::from(any);
        if !warned {
            report.missed.push(MissedMutant {
                family: m.family,
                kind: m.kind,
                file: file_name(&texts[m.doc].0),
                line: m.line,
                from: m.from.clone(),
                to: m.to.clone(),
                below_warning: any,
            });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_names_carry_their_set() {
        assert_eq!(
            bundle_name("shared", Path::new("../shared/bundles/plane-crash")),
            "shared/plane-crash"
        );
        assert_eq!(bundle_name("seeds", Path::new("seeds")), "seeds");
    }

    #[test]
    fn the_stable_hash_is_fnv1a() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
