//! The checks, one per file, registered in [`ALL`]. A check reads the
//! bundle's extracted facts and reports findings with fixes; it never reads
//! files, never knows LSP, and never names a particular story in its code.

mod conversion_mismatch;
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
mod typography_prose;
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
}

/// Every check, in the order their findings are reported for a tie.
pub static ALL: &[&dyn Check] = &[
    &name_variant::NameVariant,
    &figure_conflict::FigureConflict,
    &conversion_mismatch::ConversionMismatch,
    &date_weekday::DateWeekday,
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
}
