//! The knowledge base's spellings as the `name-variant` passes need them:
//! which a knowledge-base entry writes as it stands, and which entry a
//! spelling names.

use std::collections::{HashMap, HashSet};

/// The knowledge base's spellings, as the name passes need them.
pub(super) struct KbNames {
    /// Every spelling as written.
    pub(super) exact: HashSet<String>,
    /// Lower-case spelling → the entry it names.
    entity_of: HashMap<String, usize>,
}

impl KbNames {
    pub(super) fn new(config: &crate::config::Config) -> KbNames {
        let kb = crate::knowledge::for_config(config);
        let mut exact = HashSet::new();
        let mut entity_of = HashMap::new();
        for (i, e) in kb.entries.iter().enumerate() {
            for (s, _) in crate::kb::Kb::spellings(e) {
                exact.insert(s.to_string());
                entity_of.entry(s.to_lowercase()).or_insert(i);
            }
        }
        KbNames { exact, entity_of }
    }

    /// A spelling of the knowledge base in other capitals, neither in
    /// capitals only nor in lower case only: `name-house-style` reports it.
    pub(super) fn house_style_reports(&self, text: &str) -> bool {
        let letters = || text.chars().filter(|c| c.is_alphabetic());
        !self.exact.contains(text)
            && self.entity_of.contains_key(&text.to_lowercase())
            && !letters().all(char::is_uppercase)
            && !letters().all(char::is_lowercase)
    }

    /// A spelling of some entry, in any capitals.
    pub(super) fn knows(&self, text: &str) -> bool {
        self.exact.contains(text) || self.entity_of.contains_key(&text.to_lowercase())
    }

    /// Two spellings of two different entries of the knowledge base.
    pub(super) fn distinct(&self, a: &str, b: &str) -> bool {
        matches!((self.entity_of.get(a), self.entity_of.get(b)), (Some(x), Some(y)) if x != y)
    }
}
