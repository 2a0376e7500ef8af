//! The name lexicon: the words around names (legal forms, honorifics, roles,
//! joiners, sentence openers, days and months) that name extraction and the
//! `name-variant` check use. Owns `server/data/names.toml`, embedded with
//! `include_str!` and parsed once. No names of people or companies live here.

use std::borrow::Cow;
use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

const NAMES_TOML: &str = include_str!("../../data/names.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    #[serde(default)]
    legal_suffixes: Vec<String>,
    #[serde(default)]
    honorifics: Vec<String>,
    #[serde(default)]
    roles: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    words: RawWords,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWords {
    #[serde(default)]
    connectors: Vec<String>,
    #[serde(default)]
    surname_particles: Vec<String>,
    #[serde(default)]
    function_words: Vec<String>,
    #[serde(default)]
    calendar: Vec<String>,
    #[serde(default)]
    determiners: Vec<String>,
    #[serde(default)]
    generic_nouns: Vec<String>,
}

/// A role, as an index into the roles of the data file.
pub type RoleId = u16;

/// A role phrase: its lower-case words and the roles it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RolePhrase {
    words: Vec<String>,
    roles: Vec<RoleId>,
}

/// The parsed lexicon. All look-ups take a word as written.
#[derive(Debug, Default)]
pub struct NameLexicon {
    /// Short legal suffixes (under four letters), as written, without dots.
    legal_exact: HashSet<String>,
    /// Longer legal suffixes, lower case, without dots.
    legal_folded: HashSet<String>,
    honorifics: HashSet<String>,
    connectors: HashSet<String>,
    surname_particles: HashSet<String>,
    function_words: HashSet<String>,
    calendar: HashSet<String>,
    determiners: HashSet<String>,
    generic_nouns: HashSet<String>,
    /// Role phrases by their first word (lower case).
    roles_by_first: HashMap<String, Vec<RolePhrase>>,
    role_names: Vec<String>,
}

fn undotted(word: &str) -> Cow<'_, str> {
    let w = word.trim_end_matches('.');
    if w.contains('.') {
        Cow::Owned(w.replace('.', ""))
    } else {
        Cow::Borrowed(w)
    }
}

/// `word.to_lowercase()`, borrowed when there is nothing to lower (ASCII
/// without capitals: most words asked about), so that a look-up costs no
/// allocation.
fn lower(word: &str) -> Cow<'_, str> {
    if !word.is_ascii() {
        Cow::Owned(word.to_lowercase())
    } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// `f(&word.to_lowercase())`, without an allocation for a short ASCII
/// word with capitals (lowered on the stack) or one without (as it is):
/// the look-ups of the lexicon are asked of nearly every word.
fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    const SHORT: usize = 32;
    if word.is_ascii() && word.len() <= SHORT {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return f(word);
        }
        let mut buf = [0u8; SHORT];
        let lowered = &mut buf[..word.len()];
        lowered.copy_from_slice(word.as_bytes());
        lowered.make_ascii_lowercase();
        // ASCII lowered is ASCII: always UTF-8.
        if let Ok(w) = std::str::from_utf8(lowered) {
            return f(w);
        }
    }
    f(&lower(word))
}

impl NameLexicon {
    fn from_raw(raw: RawLexicon) -> NameLexicon {
        let mut lex = NameLexicon::default();
        for s in &raw.legal_suffixes {
            let w = undotted(s).into_owned();
            if w.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
                lex.legal_folded.insert(w.to_lowercase());
            } else {
                lex.legal_exact.insert(w.to_uppercase());
                lex.legal_exact.insert(w);
            }
        }
        lex.honorifics = raw
            .honorifics
            .iter()
            .map(|h| undotted(h).to_lowercase())
            .collect();
        lex.connectors = raw
            .words
            .connectors
            .iter()
            .map(|c| c.to_lowercase())
            .collect();
        lex.surname_particles = raw
            .words
            .surname_particles
            .iter()
            .map(|c| c.to_lowercase())
            .collect();
        lex.function_words = raw
            .words
            .function_words
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        lex.calendar = raw
            .words
            .calendar
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        lex.determiners = raw
            .words
            .determiners
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        lex.generic_nouns = raw
            .words
            .generic_nouns
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        let mut phrases: BTreeMap<Vec<String>, Vec<RoleId>> = BTreeMap::new();
        for (role, list) in raw.roles {
            let Ok(id) = RoleId::try_from(lex.role_names.len()) else {
                break;
            };
            lex.role_names.push(role);
            for phrase in list {
                let words: Vec<String> = phrase
                    .split_whitespace()
                    .map(|w| w.to_lowercase())
                    .collect();
                if !words.is_empty() {
                    phrases.entry(words).or_default().push(id);
                }
            }
        }
        for (words, roles) in phrases {
            lex.roles_by_first
                .entry(words[0].clone())
                .or_default()
                .push(RolePhrase { words, roles });
        }
        lex
    }

    /// "Ltd", "Ltd.", "Limited", "LIMITED", "S.A." ...
    pub fn is_legal_suffix(&self, word: &str) -> bool {
        let w = undotted(word);
        self.legal_exact.contains(w.as_ref()) || with_lower(&w, |l| self.legal_folded.contains(l))
    }

    /// Lower-case joiners inside a person's surname: "de", "van" ... (not
    /// "of").
    pub fn is_surname_particle(&self, word: &str) -> bool {
        word.chars().all(|c| !c.is_uppercase()) && self.surname_particles.contains(word)
    }

    /// "Mr", "Dr.", "Prof" ...
    pub fn is_honorific(&self, word: &str) -> bool {
        with_lower(&undotted(word), |l| self.honorifics.contains(l))
    }

    /// Lower-case joiners inside a name: "of", "van", "&" ...
    pub fn is_connector(&self, word: &str) -> bool {
        word.chars().all(|c| !c.is_uppercase()) && self.connectors.contains(word)
    }

    /// Words that open sentences and headlines: "The", "According" ...
    pub fn is_function_word(&self, word: &str) -> bool {
        with_lower(word, |l| self.function_words.contains(l))
    }

    /// Words that make a common noun of the next word: "the", "a" ...
    pub fn is_determiner(&self, word: &str) -> bool {
        with_lower(word, |l| self.determiners.contains(l))
    }

    /// Nouns that many desks write in lower case after a capitalised
    /// word of a name ("the Examplian commission"): "commission" ...
    pub fn is_generic_noun(&self, word: &str) -> bool {
        with_lower(word, |l| self.generic_nouns.contains(l))
    }

    /// Days and months.
    pub fn is_calendar(&self, word: &str) -> bool {
        with_lower(&undotted(word), |l| self.calendar.contains(l))
    }

    /// The longest role phrase that starts `words`, as (number of words
    /// matched, roles). `allow_plural` lets the last word carry a plural
    /// "s" ("analysts").
    pub fn role_at(&self, words: &[&str], allow_plural: bool) -> Option<(usize, &[RoleId])> {
        let (exact, stem) = with_lower(words.first()?, |first| {
            let exact = self.roles_by_first.get(first);
            let stem = if allow_plural {
                first
                    .strip_suffix('s')
                    .and_then(|s| self.roles_by_first.get(s))
            } else {
                None
            };
            (exact, stem)
        });
        let matches = |p: &&RolePhrase| {
            let last = p.words.len() - 1;
            p.words.len() <= words.len()
                && p.words.iter().enumerate().all(|(i, pw)| {
                    with_lower(words[i], |w| {
                        w == pw.as_str()
                            || (allow_plural
                                && i == last
                                && w.strip_suffix('s') == Some(pw.as_str()))
                    })
                })
        };
        exact
            .into_iter()
            .chain(stem)
            .flatten()
            .filter(matches)
            .max_by_key(|p| p.words.len())
            .map(|p| (p.words.len(), p.roles.as_slice()))
    }

    /// The name of a role, as the data file spells its key.
    pub fn role_name(&self, role: RoleId) -> &str {
        self.role_names
            .get(usize::from(role))
            .map_or("", String::as_str)
    }
}

/// The lexicon of `server/data/names.toml`, parsed on first use. A file
/// that does not parse (caught by the unit tests) gives an empty lexicon.
pub fn names() -> &'static NameLexicon {
    static LEXICON: OnceLock<NameLexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let raw = toml::from_str::<RawLexicon>(NAMES_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/names.toml does not parse: {e}");
            RawLexicon::default()
        });
        NameLexicon::from_raw(raw)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_ups_lower_only_what_has_capitals() {
        assert!(matches!(lower("zorblatt"), Cow::Borrowed("zorblatt")));
        for w in ["zorblatt", "ZorbLATT", "ÉLAN", "", &"X".repeat(40)] {
            assert_eq!(with_lower(w, str::to_string), w.to_lowercase());
        }
        assert_eq!(lower("ZorbLATT"), "zorblatt");
        assert_eq!(lower("ÉLAN"), "élan");
        let lex = names();
        assert_eq!(lex.is_function_word("THE"), lex.is_function_word("the"));
        assert!(lex.is_legal_suffix("LTD."));
        assert!(lex.is_honorific("DR."));
    }

    #[test]
    fn data_file_parses() {
        let raw: RawLexicon = toml::from_str(NAMES_TOML).expect("names.toml parses");
        assert!(!raw.legal_suffixes.is_empty());
        assert!(!raw.roles.is_empty());
        assert!(!raw.words.connectors.is_empty());
        assert!(!raw.words.generic_nouns.is_empty());
    }

    #[test]
    fn surname_particles_are_lower_case_joiners_but_not_of() {
        let lex = names();
        assert!(lex.is_surname_particle("de"));
        assert!(lex.is_surname_particle("van"));
        assert!(!lex.is_surname_particle("of"));
        assert!(!lex.is_surname_particle("De"));
        assert!(!lex.is_surname_particle("and"));
    }

    #[test]
    fn legal_suffixes_match_with_and_without_dots() {
        let lex = names();
        for w in [
            "Ltd", "Ltd.", "Limited", "LIMITED", "Inc.", "Corp", "Co.", "S.A.", "PLC",
        ] {
            assert!(lex.is_legal_suffix(w), "{w}");
        }
        for w in ["Group", "Holding", "As", "as", "co", "Cloud"] {
            assert!(!lex.is_legal_suffix(w), "{w}");
        }
    }

    #[test]
    fn roles_match_phrases_and_plurals() {
        let lex = names();
        assert_eq!(lex.role_at(&["CEO", "Jane"], false).map(|r| r.0), Some(1));
        assert_eq!(
            lex.role_at(&["chief", "executive", "officer", "Jane"], false)
                .map(|r| r.0),
            Some(3)
        );
        assert_eq!(lex.role_at(&["analysts"], true).map(|r| r.0), Some(1));
        assert!(lex.role_at(&["Analysts"], false).is_none());
        assert_eq!(
            lex.role_at(&["managing", "director"], false).map(|r| r.0),
            Some(2)
        );
        let ceo = lex.role_at(&["CEO"], false).map(|r| r.1.to_vec());
        let chief = lex
            .role_at(&["chief", "executive"], false)
            .map(|r| r.1.to_vec());
        assert_eq!(ceo, chief);
        let ceo = ceo.unwrap_or_default();
        assert_eq!(
            ceo.iter().map(|&r| lex.role_name(r)).collect::<Vec<_>>(),
            ["ceo"]
        );
        assert!(lex.role_at(&["Robert"], true).is_none());
    }

    #[test]
    fn word_classes() {
        let lex = names();
        assert!(lex.is_honorific("Mr."));
        assert!(lex.is_connector("of"));
        assert!(!lex.is_connector("Of"));
        assert!(lex.is_function_word("The"));
        assert!(lex.is_calendar("Sept."));
        assert!(!lex.is_calendar("Robert"));
    }
}
