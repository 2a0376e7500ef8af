//! Title mutants: a person's title swapped for one of another role of the
//! same domain that nobody holds with it (`server/data/eval/titles.toml`),
//! where another article gives the same person a title too.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use super::{ceil_boundary, floor_boundary, is_abbreviation, same_case, site, Site};

#[derive(Deserialize)]
pub(super) struct Titles {
    role: Vec<Role>,
    #[serde(skip)]
    pub(super) roles: Vec<Role>,
}

#[derive(Deserialize, Clone)]
pub(super) struct Role {
    domain: String,
    titles: Vec<String>,
    #[serde(default)]
    compatible: Vec<String>,
}

impl Role {
    fn has(&self, title: &str) -> bool {
        self.titles.iter().any(|t| t.eq_ignore_ascii_case(title))
    }
    /// One person may hold both roles.
    fn held_with(&self, other: &Role) -> bool {
        self.compatible.iter().any(|t| other.has(t)) || other.compatible.iter().any(|t| self.has(t))
    }
}

/// `original`, the title of role `role`, swapped for a title of another
/// role of its domain that is not held with it.
pub(super) fn mutate_title(
    original: &str,
    role: usize,
    rng: &mut fastrand::Rng,
) -> Option<(&'static str, String)> {
    let roles = &titles().roles;
    let this = roles.get(role)?;
    let others: Vec<&Role> = roles
        .iter()
        .enumerate()
        .filter(|(i, r)| *i != role && r.domain == this.domain && !this.held_with(r))
        .map(|(_, r)| r)
        .collect();
    let other = others.get(rng.usize(..others.len().max(1)))?;
    // An abbreviation is swapped for an abbreviation where the role has one.
    let title = if is_abbreviation(original) {
        other
            .titles
            .iter()
            .find(|t| is_abbreviation(t))
            .or(other.titles.first())
    } else {
        other
            .titles
            .iter()
            .find(|t| !is_abbreviation(t))
            .or(other.titles.first())
    }?;
    Some(("swap-title", same_case(original, title)))
}

pub(super) fn titles() -> &'static Titles {
    static T: OnceLock<Titles> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: Titles = toml::from_str(include_str!("../../../../data/eval/titles.toml"))
            .expect("server/data/eval/titles.toml parses (a unit test checks it)");
        t.roles = std::mem::take(&mut t.role);
        t
    })
}

fn title_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let mut all: Vec<&str> = titles()
            .roles
            .iter()
            .flat_map(|r| r.titles.iter().map(String::as_str))
            .collect();
        all.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let alternatives: Vec<String> = all.iter().map(|t| regex::escape(t)).collect();
        Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))).expect("titles pattern")
    })
}

fn role_of(title: &str) -> Option<usize> {
    let lower = title.to_lowercase();
    titles()
        .roles
        .iter()
        .position(|r| r.titles.iter().any(|t| t.to_lowercase() == lower))
}

fn person_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\p{Lu}[\p{L}.]*(?:\s+\p{Lu}\.)*\s+(\p{Lu}[\p{Ll}\p{M}'’-]+)")
            .expect("person pattern")
    })
}

/// Surnames of the people standing within a few words of a title.
fn titled_people(text: &str) -> Vec<(usize, usize, usize, String)> {
    let mut out = Vec::new();
    for m in title_regex().find_iter(text) {
        let Some(role) = role_of(m.as_str()) else {
            continue;
        };
        let lo = floor_boundary(text, m.start().saturating_sub(60));
        let hi = ceil_boundary(text, (m.end() + 60).min(text.len()));
        let nearest = person_regex()
            .captures_iter(&text[lo..hi])
            .filter_map(|c| c.get(1).map(|s| (lo + s.start(), s.as_str().to_string())))
            .min_by_key(|(at, _)| at.abs_diff(m.start()));
        if let Some((_, surname)) = nearest {
            out.push((role, m.start(), m.end(), surname));
        }
    }
    out
}

pub(super) fn title_sites(docs: &[(String, String)]) -> Vec<Site> {
    let per_doc: Vec<Vec<(usize, usize, usize, String)>> =
        docs.iter().map(|(_, t)| titled_people(t)).collect();
    let mut sites = Vec::new();
    for (d, people) in per_doc.iter().enumerate() {
        for (role, s, e, surname) in people {
            let titled_elsewhere = per_doc
                .iter()
                .enumerate()
                .any(|(o, ps)| o != d && ps.iter().any(|(_, _, _, n)| n == surname));
            if titled_elsewhere {
                let mut site = site(d, *s, *e);
                site.role = *role;
                sites.push(site);
            }
        }
    }
    sites
}
