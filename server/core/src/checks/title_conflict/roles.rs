//! The roles of `title-conflict`, from `server/data/roles.toml` (embedded,
//! parsed once): each role's spellings, domain, the roles held with it,
//! the broader role it is a kind of, and the words that make a title
//! another position or another time.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use super::titles::Tok;

const ROLES_TOML: &str = include_str!("../../../../data/roles.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    #[serde(default)]
    pub(super) role: Vec<RawRole>,
    #[serde(default)]
    modifiers: RawModifiers,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    pub(super) name: String,
    pub(super) domain: String,
    pub(super) titles: Vec<String>,
    #[serde(default)]
    compatible: Vec<String>,
    #[serde(default)]
    pub(super) broader: Vec<String>,
    #[serde(default)]
    loose: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModifiers {
    #[serde(default)]
    pub(super) time: Vec<String>,
    #[serde(default)]
    rank: Vec<String>,
}

pub(super) type RoleId = usize;

pub(super) struct Role {
    pub(super) domain: String,
    loose: bool,
}

pub(super) struct Roles {
    pub(super) roles: Vec<Role>,
    /// Lower-case words of a title → (role, the title as listed when it
    /// is an abbreviation, which matches only in these capitals).
    /// A title's words in lower case, joined by a space → its role, and
    /// the title itself when it is an abbreviation (matched as written).
    phrases: HashMap<String, (RoleId, Option<String>)>,
    longest: usize,
    /// Pairs of roles one person holds together (both orders).
    pub(super) together: HashSet<(RoleId, RoleId)>,
    pub(super) time: HashSet<String>,
    rank: HashSet<String>,
}

fn is_abbreviation(title: &str) -> bool {
    title.chars().count() >= 2 && title.chars().all(|c| c.is_ascii_uppercase())
}

pub(super) fn roles() -> &'static Roles {
    static ROLES: OnceLock<Roles> = OnceLock::new();
    ROLES.get_or_init(|| {
        let raw = toml::from_str::<RawRoles>(ROLES_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/roles.toml does not parse: {e}");
            RawRoles::default()
        });
        let mut by_name: HashMap<String, RoleId> = HashMap::new();
        let mut out = Roles {
            roles: Vec::new(),
            phrases: HashMap::new(),
            longest: 0,
            together: HashSet::new(),
            time: raw
                .modifiers
                .time
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            rank: raw
                .modifiers
                .rank
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        };
        for (id, r) in raw.role.iter().enumerate() {
            by_name.insert(r.name.to_lowercase(), id);
            out.roles.push(Role {
                domain: r.domain.clone(),
                loose: r.loose,
            });
            for t in &r.titles {
                let words: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
                out.longest = out.longest.max(words.len());
                let abbr = is_abbreviation(t).then(|| t.clone());
                out.phrases.insert(words.join(" "), (id, abbr));
            }
        }
        for (id, r) in raw.role.iter().enumerate() {
            for other in r.compatible.iter().chain(&r.broader) {
                match by_name.get(&other.to_lowercase()) {
                    Some(&o) => {
                        out.together.insert((id, o));
                        out.together.insert((o, id));
                    }
                    None => tracing::error!("roles.toml: '{}' names no role", other),
                }
            }
        }
        out
    })
}

impl Roles {
    /// Two roles one person does not hold together. A role writers use
    /// loosely ("analyst" for an economist) conflicts with none: a check
    /// reports at one severity, and such a pair is too weak for a warning.
    pub(super) fn conflict(&self, a: RoleId, b: RoleId) -> bool {
        let (Some(ra), Some(rb)) = (self.roles.get(a), self.roles.get(b)) else {
            return false;
        };
        a != b
            && ra.domain == rb.domain
            && !ra.loose
            && !rb.loose
            && !self.together.contains(&(a, b))
    }

    /// The role of the title that is exactly the words `words` (an
    /// abbreviation alone only as written: "CEO", not "ceo").
    fn phrase(&self, words: &[Tok<'_>]) -> Option<RoleId> {
        let first = words.first()?;
        if !words.iter().all(|t| t.word) {
            return None;
        }
        let mut key = String::with_capacity(words.iter().map(|t| t.text.len() + 1).sum());
        for (i, t) in words.iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            if t.text.is_ascii() {
                key.extend(t.text.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                key.push_str(&t.text.to_lowercase());
            }
        }
        let (role, abbr) = self.phrases.get(&key)?;
        match abbr {
            Some(a) if words.len() == 1 && first.text != a => None,
            _ => Some(*role),
        }
    }

    /// The title made of the first `k` words of `toks`, longest first.
    pub(super) fn title_at(&self, toks: &[Tok<'_>]) -> Option<(usize, RoleId)> {
        (1..=self.longest.min(toks.len()))
            .rev()
            .find_map(|k| Some((k, self.phrase(toks.get(..k)?)?)))
    }

    /// The title made of the last words of `toks`, longest first.
    pub(super) fn title_ending(&self, toks: &[Tok<'_>]) -> Option<(usize, RoleId)> {
        (1..=self.longest.min(toks.len()))
            .rev()
            .find_map(|k| Some((k, self.phrase(toks.get(toks.len() - k..)?)?)))
    }

    pub(super) fn is_rank(&self, t: &Tok<'_>) -> bool {
        t.word && {
            let w = t.text.to_lowercase();
            self.rank.contains(&w) || w.ends_with("-elect")
        }
    }

    pub(super) fn is_time(&self, t: &Tok<'_>) -> bool {
        t.word && self.time.contains(&t.text.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_parses_and_names_only_known_roles() {
        let raw: RawRoles = toml::from_str(ROLES_TOML).expect("roles.toml");
        assert!(!raw.role.is_empty());
        let names: HashSet<String> = raw.role.iter().map(|r| r.name.to_lowercase()).collect();
        for r in &raw.role {
            for other in r.compatible.iter().chain(&r.broader) {
                assert!(names.contains(&other.to_lowercase()), "{other}");
            }
        }
        let r = roles();
        let role = |t: &str| r.phrases.get(t).map(|p| p.0);
        let (ceo, cfo, chair) = (role("ceo"), role("cfo"), role("chairman"));
        assert!(ceo.is_some() && cfo.is_some() && chair.is_some());
        let (Some(ceo), Some(cfo), Some(chair)) = (ceo, cfo, chair) else {
            return;
        };
        assert!(r.conflict(ceo, cfo));
        assert!(!r.conflict(ceo, chair));
    }

    #[test]
    fn a_title_at_the_start_or_the_end_is_the_longest_one() {
        let word = |text: &'static str| Tok {
            text,
            span: crate::types::Span::new(0, 0),
            word: true,
        };
        let r = roles();
        let toks: Vec<Tok<'_>> = ["Examplecorp", "Chief", "Financial", "Officer"]
            .into_iter()
            .map(word)
            .collect();
        let cfo = r.phrases.get("cfo").map(|p| p.0);
        let long = r.phrases.get("chief financial officer").map(|p| p.0);
        assert!(long.is_some());
        assert_eq!(r.title_ending(&toks).map(|t| t.1), long);
        assert_eq!(r.title_ending(&toks).map(|t| t.0), Some(3));
        assert_eq!(
            r.title_at(toks.get(1..).unwrap_or(&[])).map(|t| t.0),
            Some(3)
        );
        assert_eq!(r.title_at(&toks), None);
        // An abbreviation alone only as written.
        assert_eq!(r.title_at(&[word("CFO")]).map(|t| t.1), cfo);
        assert_eq!(r.title_at(&[word("cfo")]), None);
    }
}
