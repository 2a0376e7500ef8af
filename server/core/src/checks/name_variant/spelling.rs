//! Accepted variants of name words for `name-variant`, from
//! `server/data/name_spellings.toml` (embedded, parsed once): letters
//! written plain and the families of roles that one person may hold; US and
//! UK spellings are shared ([`crate::shared::spelling`]).

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

pub(super) use crate::shared::spelling::{us_uk, us_uk_fold, us_uk_norm};

const SPELLINGS_TOML: &str = include_str!("../../../../data/name_spellings.toml");

#[derive(serde::Deserialize, Default)]
struct RawSpellings {
    #[serde(default)]
    pub(super) letters: BTreeMap<String, String>,
    #[serde(default)]
    role_families: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    sounds: RawSounds,
}

#[derive(serde::Deserialize, Default)]
struct RawSounds {
    #[serde(default)]
    silent: String,
    #[serde(default)]
    alike: Vec<String>,
}

/// `server/data/name_spellings.toml`: accepted variants of name words.
struct SpellingData {
    /// Letters without a decomposition → their plain rendering.
    pub(super) letters: HashMap<char, String>,
    /// Every ASCII letter of `letters` is written as its lower case ("I"
    /// of "ı"): [`plain`] of ASCII is its lower case.
    ascii_lowers: bool,
    /// Role name → the families it belongs to.
    families: HashMap<String, Vec<usize>>,
    /// Letter → how [`sound_key`] writes it (`None`: not at all).
    sounds: HashMap<char, Option<char>>,
}

fn spelling_data() -> &'static SpellingData {
    static DATA: std::sync::OnceLock<SpellingData> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let raw = toml::from_str::<RawSpellings>(SPELLINGS_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/name_spellings.toml does not parse: {e}");
            RawSpellings::default()
        });
        let mut letters = HashMap::new();
        for (k, v) in raw.letters {
            let mut chars = k.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                // The capital too, when it is one letter: "ß" has none of
                // its own ("SS"), and "S" is no form of it.
                let mut upper = c.to_uppercase();
                if let (Some(u), None) = (upper.next(), upper.next()) {
                    letters.insert(u, v.clone());
                }
                letters.insert(c, v);
            }
        }
        let mut families: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, roles)) in raw.role_families.into_iter().enumerate() {
            for r in roles {
                families.entry(r).or_default().push(i);
            }
        }
        let mut sounds = HashMap::new();
        for c in raw.sounds.silent.chars() {
            sounds.insert(c, None);
        }
        for group in &raw.sounds.alike {
            let first = group.chars().next();
            for c in group.chars() {
                sounds.insert(c, first);
            }
        }
        SpellingData {
            ascii_lowers: letters
                .iter()
                .all(|(c, p)| !c.is_ascii() || *p == c.to_lowercase().to_string()),
            letters,
            families,
            sounds,
        }
    })
}

/// A word in lower case without its accents, and with the letters that
/// have no decomposition written plain ("Jørgen" → "jorgen").
pub(super) fn plain(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let data = spelling_data();
    // ASCII has no accents to take off: lowering is all (most words).
    if text.is_ascii() && data.ascii_lowers {
        return text.to_ascii_lowercase();
    }
    let mut out = String::new();
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        match data.letters.get(&c) {
            Some(p) => out.push_str(p),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A place and its people or adjective, in lower case, either order:
/// "examplia" / "examplian", "exampliz" / "examplizan"; "examplia" /
/// "exampliaan" is not one (a doubled letter is a slip), nor "examplan" /
/// "examplann", nor a final "n" dropped after another vowel than "a"
/// ("zorbsen" / "zorbse": "-an" is the ending of a people).
pub(super) fn place_and_people(a: &str, b: &str) -> bool {
    let one = |x: &str, y: &str| {
        x.strip_suffix("an") == Some(y) || (x.strip_suffix('n') == Some(y) && y.ends_with('a'))
    };
    one(a, b) || one(b, a)
}

/// Two sets of roles that can describe one person: either is unknown, or
/// two of their roles share a family of `server/data/name_spellings.toml`.
pub(super) fn roles_compatible(a: &BTreeSet<u16>, b: &BTreeSet<u16>) -> bool {
    if a.is_empty() || b.is_empty() || !a.is_disjoint(b) {
        return true;
    }
    let lex = crate::lexicon::names();
    let data = spelling_data();
    let fams = |set: &BTreeSet<u16>| -> BTreeSet<usize> {
        set.iter()
            .filter_map(|&r| data.families.get(lex.role_name(r)))
            .flatten()
            .copied()
            .collect()
    };
    !fams(a).is_disjoint(&fams(b))
}

/// Two words that are one word written in two accepted ways: in US and UK
/// spelling, or with accents and in the plain letters of articles that
/// write no accented letter at all (`a_ascii`: every place of `a` is in
/// such an article).
pub(super) fn accepted_variant(a: &str, a_ascii: bool, b: &str, b_ascii: bool) -> bool {
    let (pa, pb) = (plain(a), plain(b));
    if pa == pb {
        return (a.is_ascii() && a_ascii) || (b.is_ascii() && b_ascii);
    }
    us_uk(&pa, &pb)
}

/// A loose key of how a name sounds (`[sounds]` of
/// `server/data/name_spellings.toml`): its [`plain`] letters without the
/// silent ones, each group of letters that sound alike written as one, and
/// no letter twice in a row ("Zorblatt Vane" and "Sorblat Wane" →
/// "srbldfm"). Digits and other characters are not written.
pub(super) fn sound_key(text: &str) -> String {
    let data = spelling_data();
    let mut out = String::new();
    for c in plain(text).chars().filter(|c| c.is_alphabetic()) {
        let Some(k) = data.sounds.get(&c).copied().unwrap_or(Some(c)) else {
            continue;
        };
        if !out.ends_with(k) {
            out.push(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn ascii_is_lowered_as_the_letters_would() {
        // "I" is in the letters (the capital of dotless "ı"), as itself.
        for w in ["Zorblatt", "VANE", "Ivy", "i7"] {
            assert_eq!(plain(w), w.to_lowercase(), "{w}");
        }
        assert_eq!(plain("ıI"), "ii");
    }

    #[test]
    fn plain_letters_keep_capitals_that_are_not_their_own() {
        assert_eq!(plain("Jørgen"), "jorgen");
        assert_eq!(plain("ØSTRA"), "ostra");
        assert_eq!(plain("Zorbstraße"), "zorbstrasse");
        // "ß" in capitals is "SS": a capital S stays one letter.
        assert_eq!(plain("ZoSvane"), "zosvane");
        assert_eq!(plain("Svane"), "svane");
    }

    #[test]
    fn a_place_and_its_people_end_in_an() {
        use super::place_and_people;
        assert!(place_and_people("examplia", "examplian"));
        assert!(place_and_people("exampliz", "examplizan"));
        assert!(!place_and_people("zorbsen", "zorbse"));
        assert!(!place_and_people("examplan", "examplann"));
    }

    #[test]
    fn names_that_sound_alike_share_a_key() {
        use super::sound_key;
        assert_eq!(sound_key("Zorblatt Vane"), "srbldfm");
        assert_eq!(sound_key("Sorblat Wane"), "srbldfm");
        assert_eq!(sound_key("Kyrenda Thalo"), sound_key("Cirenda Talo"));
        assert_ne!(sound_key("Examplecorp"), sound_key("Zorblatt"));
    }
}
