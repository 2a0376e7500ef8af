//! The checks, one per file, registered in [`ALL`]. A check reads the
//! bundle's extracted facts and reports findings with fixes; it never reads
//! files, never knows LSP, and never names a particular story in its code.

mod conversion_mismatch;
mod conversion_time_zone;
mod date_claim_weekday;
mod date_weekday;
mod figure_conflict;
mod name_house_style;
mod name_variant;
mod quote_mismatch;
mod title_conflict;
mod translation_false_friend;
mod typography_double_space;
mod typography_doubled_word;
mod typography_missing_space;
mod typography_mixed_quotes;
mod typography_space_before_punctuation;
mod typography_stray_space;

use crate::bundle::{Bundle, Document};
use crate::config::Config;
use crate::memo::Memo;
use crate::types::{Finding, RuleInfo};

/// What a check sees: the bundle, the configuration, the articles to look
/// at and the per-article values cached across analyses.
pub struct CheckContext<'a> {
    pub bundle: &'a Bundle,
    pub config: &'a Config,
    pub memo: &'a Memo,
    docs: &'a [&'a Document],
}

impl<'a> CheckContext<'a> {
    pub fn new(
        bundle: &'a Bundle,
        config: &'a Config,
        memo: &'a Memo,
        docs: &'a [&'a Document],
    ) -> CheckContext<'a> {
        CheckContext {
            bundle,
            config,
            memo,
            docs,
        }
    }

    /// The articles this run covers, in bundle order: all of them for a
    /// bundle check; for a document-local check, those whose findings are
    /// not cached.
    pub fn documents(&self) -> &'a [&'a Document] {
        self.docs
    }
}

/// What the findings of a check depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The findings in an article depend on that article and the
    /// configuration alone: they are cached per article.
    Document,
    /// The findings depend on several articles.
    Bundle,
}

pub trait Check: Send + Sync {
    fn info(&self) -> &'static RuleInfo;
    fn scope(&self) -> Scope;
    /// Appends this rule's findings over [`CheckContext::documents`]. The
    /// severity set here is the rule's default; configuration is applied
    /// afterwards by the caller.
    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>);
    /// Roughly how long a bundle check takes on a big bundle, against the
    /// others (1: a scan of each article's text). The engine starts the
    /// costliest first, so that the short ones fill the gaps rather than
    /// one long check running alone at the end. It orders work only:
    /// findings are the same whatever it says.
    fn cost(&self) -> u32 {
        1
    }
    /// The check spreads its own work over the threads (rayon). The
    /// engine runs such checks one after another, so that their working
    /// sets are not held at once, and the others beside them.
    fn spreads(&self) -> bool {
        false
    }
}

/// Every check, in the order their findings are reported for a tie.
pub static ALL: &[&dyn Check] = &[
    &name_variant::NameVariant,
    &figure_conflict::FigureConflict,
    &conversion_mismatch::ConversionMismatch,
    &conversion_time_zone::ConversionTimeZone,
    &date_weekday::DateWeekday,
    &date_claim_weekday::DateClaimWeekday,
    &name_house_style::NameHouseStyle,
    &quote_mismatch::QuoteMismatch,
    &title_conflict::TitleConflict,
    &translation_false_friend::TranslationFalseFriend,
    &typography_stray_space::TypographyStraySpace,
    &typography_double_space::TypographyDoubleSpace,
    &typography_mixed_quotes::TypographyMixedQuotes,
    &typography_doubled_word::TypographyDoubledWord,
    &typography_space_before_punctuation::TypographySpaceBeforePunctuation,
    &typography_missing_space::TypographyMissingSpace,
];

/// The rule description of a rule id.
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    ALL.iter().map(|c| c.info()).find(|i| i.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_start_with_a_family() {
        const FAMILIES: &[&str] = &[
            "figure",
            "name",
            "quote",
            "title",
            "conversion",
            "translation",
            "typography",
            "date",
        ];
        let mut seen = std::collections::HashSet::new();
        for c in ALL {
            let info = c.info();
            assert!(seen.insert(info.id), "duplicate rule id {}", info.id);
            assert!(
                FAMILIES.contains(&info.family()),
                "bad family in {}",
                info.id
            );
            assert!(!info.flags.is_empty(), "{} states no example", info.id);
        }
    }

    /// Every `.rs` file at or under `path`, in name order, as (path, text).
    fn sources(path: &std::path::Path, out: &mut Vec<(String, String)>) {
        if path.is_dir() {
            let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(path)
                .expect("a folder of the checks reads")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for p in entries {
                sources(&p, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(path).expect("a check's source reads");
            out.push((path.display().to_string(), text));
        }
    }

    /// The paths in `text` that lead into the module `other` of the
    /// checks: `checks::other`, `super::other` (from a check's file, or
    /// `super::super::other` from a file in a check's folder), also inside
    /// a `use ...::{...}` group.
    fn references_to(text: &str, other: &str) -> Vec<String> {
        let ident = |c: char| c.is_alphanumeric() || c == '_';
        let mut found = Vec::new();
        for prefix in ["checks::", "super::"] {
            for (at, _) in text.match_indices(prefix) {
                if text[..at].chars().next_back().is_some_and(ident) {
                    continue;
                }
                let rest = &text[at + prefix.len()..];
                let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                    // The first level of the group: "a::b, c, d::{e}".
                    let mut depth = 0;
                    let end = group
                        .find(|c: char| {
                            match c {
                                '{' => depth += 1,
                                '}' if depth == 0 => return true,
                                '}' => depth -= 1,
                                _ => {}
                            }
                            false
                        })
                        .unwrap_or(group.len());
                    let mut depth = 0;
                    let mut heads = Vec::new();
                    let mut start = 0;
                    for (i, c) in group[..end].char_indices() {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            ',' if depth == 0 => {
                                heads.push(group[start..i].trim());
                                start = i + 1;
                            }
                            _ => {}
                        }
                    }
                    heads.push(group[start..end].trim());
                    heads
                        .into_iter()
                        .map(|h| h.split(|c: char| !ident(c)).next().unwrap_or(""))
                        .collect()
                } else {
                    vec![rest.split(|c: char| !ident(c)).next().unwrap_or("")]
                };
                if names.contains(&other) {
                    let line = text[..at].matches('\n').count() + 1;
                    let shown: String =
                        rest.lines().next().unwrap_or("").chars().take(40).collect();
                    found.push(format!("line {line}: {prefix}{shown}"));
                }
            }
        }
        found
    }

    #[test]
    fn references_are_found_in_paths_and_groups() {
        let refs = |t: &str| references_to(t, "name_variant").len();
        assert_eq!(refs("use crate::checks::name_variant::near_miss;"), 1);
        assert_eq!(refs("super::name_variant::near_miss(a, b)"), 1);
        assert_eq!(refs("use super::super::name_variant::Group;"), 1);
        assert_eq!(refs("use crate::checks::{name_variant::X, Check};"), 1);
        assert_eq!(refs("use crate::checks::{Check, CheckContext, Scope};"), 0);
        assert_eq!(
            refs("use super::name_variants::X; use mychecks::name_variant;"),
            0
        );
    }

    /// A check never imports another check: what two checks share lives
    /// below the checks (`crate::shared`, `crate::text`, ...). A check is a
    /// file of this folder or a folder (all of its files count).
    #[test]
    fn checks_do_not_import_each_other() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/checks"));
        let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .expect("the checks folder reads")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        let mut checks: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for path in entries {
            let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let is_check = path.is_dir() || path.extension().is_some_and(|e| e == "rs");
            if is_check && name != "mod" {
                let mut files = Vec::new();
                sources(&path, &mut files);
                checks.push((name.to_string(), files));
            }
        }
        assert!(checks.len() >= ALL.len(), "{} check modules", checks.len());
        let mut offences = Vec::new();
        for (name, files) in &checks {
            for (path, text) in files {
                for (other, _) in checks.iter().filter(|(o, _)| o != name) {
                    for r in references_to(text, other) {
                        offences.push(format!("{path} {r}"));
                    }
                }
            }
        }
        assert!(
            offences.is_empty(),
            "checks import other checks:\n{}",
            offences.join("\n")
        );
    }
}
