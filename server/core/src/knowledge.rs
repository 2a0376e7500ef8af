//! The knowledge base as configured: the embedded knowledge base
//! ([`crate::kb::embedded`]) with the configuration's knowledge files
//! (`knowledge = [...]`, read by the loader into
//! [`Config::knowledge_loaded`]) and its `[[entity]]` tables merged over it,
//! by id: a user entry replaces the embedded one of the same id.
//!
//! Above both [`crate::config`] and [`crate::kb`]: the configuration holds
//! entries of the knowledge base's schema, and this module joins the two.
//! The merged base is kept in the configuration's own cache
//! ([`crate::config::ConfigCache`]), keyed by the user entries it was merged
//! from; there is no process-wide cache.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::config::{Config, CONFIG_FILE};
use crate::kb::{self, Kb, KbError, KbFile};

/// Does the configuration add entries of its own?
pub fn has_user_entries(config: &Config) -> bool {
    !config.entity.is_empty() || !config.knowledge_loaded.is_empty()
}

/// The knowledge base in force for a configuration: the embedded one, with
/// the user's knowledge files and `[[entity]]` tables merged over it, kept
/// with the configuration while those stay the same. A user file that does
/// not parse is skipped (its error is reported by [`user_errors`]).
pub fn for_config(config: &Config) -> Arc<Kb> {
    if !has_user_entries(config) {
        return Arc::clone(kb::embedded());
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    config.knowledge_loaded.hash(&mut h);
    format!("{:?}", config.entity).hash(&mut h);
    config.cache.kb(h.finish(), || merge(config))
}

/// The embedded base with the configuration's files and entries over it.
fn merge(config: &Config) -> Kb {
    let mut kb = Kb::from_files(kb::EMBEDDED.iter().copied()).unwrap_or_default();
    for (path, text) in &config.knowledge_loaded {
        if let Ok(file) = toml::from_str::<KbFile>(text) {
            kb.add(path, file);
        }
    }
    for e in &config.entity {
        kb.add_entry(CONFIG_FILE, e.clone());
    }
    kb
}

/// Errors of the user's knowledge files, as "file:line: message".
pub fn user_errors(config: &Config) -> Vec<KbError> {
    config
        .knowledge_loaded
        .iter()
        .filter_map(|(path, text)| {
            toml::from_str::<KbFile>(text)
                .err()
                .map(|e| KbError::parse(path, text, &e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::embedded;

    #[test]
    fn user_entries_override_and_extend() {
        let config = Config::parse(
            r#"
[[entity]]
id = "examplecorp"
kind = "company"
name = "Examplecorp"
what = "A made-up company."
source = { title = "Newsroom notes", as_of = "2026" }
"#,
        )
        .unwrap();
        let kb = for_config(&config);
        assert!(kb.get("examplecorp").is_some());
        assert_eq!(kb.entries.len(), embedded().entries.len() + 1);
        let first = &embedded().entries[0];
        let mut c2 = Config::default();
        c2.knowledge_loaded.push((
            "newsroom/entities.toml".into(),
            format!(
                "[[entity]]\nid = \"{}\"\nkind = \"company\"\nname = \"Renamed\"\nwhat = \"x\"\nsource = {{ title = \"t\", as_of = \"2026\" }}\n",
                first.id
            ),
        ));
        let kb2 = for_config(&c2);
        assert_eq!(kb2.get(&first.id).map(|e| e.name.as_str()), Some("Renamed"));
        assert_eq!(kb2.entries.len(), embedded().entries.len());
        c2.knowledge_loaded
            .push(("bad.toml".into(), "[[entity]]\nid = 3".into()));
        let errors = user_errors(&c2);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            format!("bad.toml:2: {}", errors[0].message)
        );
    }

    /// The merged base is kept with its configuration, and merged again
    /// when the user entries change after a merge.
    #[test]
    fn the_merge_is_kept_per_configuration_and_never_stale() {
        let entry = |id: &str| {
            format!("[[entity]]\nid = \"{id}\"\nkind = \"company\"\nname = \"Zorblatt {id}\"\nwhat = \"x\"\nsource = {{ title = \"t\", as_of = \"2026\" }}\n")
        };
        let mut c = Config::default();
        assert!(Arc::ptr_eq(&for_config(&c), embedded()));
        c.knowledge_loaded
            .push(("a.toml".into(), entry("zorblatt-a")));
        let a = for_config(&c);
        assert!(Arc::ptr_eq(&a, &for_config(&c)));
        assert!(Arc::ptr_eq(&a, &for_config(&c.clone())));
        c.knowledge_loaded
            .push(("b.toml".into(), entry("zorblatt-b")));
        let b = for_config(&c);
        assert!(!Arc::ptr_eq(&a, &b));
        assert!(a.get("zorblatt-b").is_none() && b.get("zorblatt-b").is_some());
        let other = Config {
            knowledge_loaded: c.knowledge_loaded.clone(),
            ..Config::default()
        };
        assert!(!Arc::ptr_eq(&b, &for_config(&other)));
    }
}
