//! The `title-conflict` check: one person given two job titles across the
//! bundle ("Examplecorp CEO Jane Doe" here, "Jane Doe, the general manager
//! of Examplecorp" there). Owns reading a title next to a person's name
//! and the `[titles]` of `server/data/house_style.toml` (embedded, parsed
//! once): which titles exclude each other, and the words that make a title
//! another position or another time ("former", "deputy").
//!
//! A title counts when it stands just before the name ("Examplecorp CEO
//! Jane Doe", "its managing director, Jane Doe") or in an apposition just
//! after it ("Jane Doe, the CEO of Examplecorp"). Titles of one person at
//! two different organisations never conflict. The title most of the
//! bundle uses (on a tie, the first) is the reference; every other is
//! reported with the reference's place.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::analysis::bundle::{Bundle, Document};
use crate::analysis::checks::quote_mismatch::person;
use crate::analysis::checks::{Check, CheckContext, Scope};
use crate::analysis::engine::{Grouping, Member};
use crate::analysis::types::{Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

const HOUSE_STYLE_TOML: &str = include_str!("../../../data/house_style.toml");

pub struct TitleConflict;

static INFO: RuleInfo = RuleInfo {
    id: "title-conflict",
    default_severity: Severity::Warning,
    summary: "A person's job title differs across the bundle.",
    flags: &[
        "'Examplecorp CEO Jane Doe' here and 'Jane Doe, the general manager of Examplecorp' there",
    ],
    passes: &[
        "'chairman Jane Doe' and 'CEO Jane Doe': titles often held together",
        "'former CFO Jane Doe' and 'CEO Jane Doe': another time",
        "'Jane Doe, CEO of Examplecorp' and 'Jane Doe, CFO of Northwind': two organisations",
    ],
};

#[derive(Debug, Default, Deserialize)]
struct RawHouseStyle {
    #[serde(default)]
    titles: RawTitles,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitles {
    #[serde(default)]
    exclusive: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    modifiers: Vec<String>,
}

struct Titles {
    /// Lower-case phrase → key.
    key_of: BTreeMap<String, String>,
    modifiers: Vec<String>,
    /// A title and, before it, maybe one word; anchored at the end.
    before: Option<Regex>,
    /// ", [the|a|an|its|their] TITLE [of|at|for ORG]"; anchored at the start.
    after: Option<Regex>,
}

fn titles() -> &'static Titles {
    static TITLES: OnceLock<Titles> = OnceLock::new();
    TITLES.get_or_init(|| {
        let raw = toml::from_str::<RawHouseStyle>(HOUSE_STYLE_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/house_style.toml does not parse: {e}");
            RawHouseStyle::default()
        });
        let mut key_of = BTreeMap::new();
        for (key, phrases) in &raw.titles.exclusive {
            for p in phrases {
                key_of.insert(p.to_lowercase(), key.clone());
            }
        }
        let mut phrases: Vec<&String> = key_of.keys().collect();
        phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let alternation = phrases
            .iter()
            .map(|p| regex::escape(p).replace(r"\ ", r"\s+").replace(' ', r"\s+"))
            .collect::<Vec<_>>()
            .join("|");
        let (before, after) = if alternation.is_empty() {
            (None, None)
        } else {
            (
                Regex::new(&format!(
                    r"(?:(?P<pre>[\p{{L}}\p{{N}}.&'’-]+)\s+)?(?P<title>(?i:{alternation}))(?:\s*,)?\s+$"
                ))
                .ok(),
                Regex::new(&format!(
                    r"^\s*,\s+(?:(?i:the|a|an|its|their|his|her)\s+)?(?:(?P<pre>[\p{{L}}.'’-]+)\s+)??(?P<title>(?i:{alternation}))\b(?:\s+(?i:of|at|for)\s+(?P<org>\p{{Lu}}[\p{{L}}\p{{N}}.&'’-]*(?:\s+\p{{Lu}}[\p{{L}}\p{{N}}.&'’-]*)*))?"
                ))
                .ok(),
            )
        };
        Titles {
            key_of,
            modifiers: raw
                .titles
                .modifiers
                .iter()
                .map(|m| m.to_lowercase())
                .collect(),
            before,
            after,
        }
    })
}

/// One person with a title, somewhere in the bundle.
#[derive(Debug, Clone)]
struct Titled {
    /// Where the name starts.
    at: usize,
    person: String,
    key: String,
    title: Span,
    title_text: String,
    org: Option<String>,
}

fn normalize_org(org: &str) -> String {
    org.trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim_end_matches(['.', ','])
        .to_lowercase()
}

fn compatible_orgs(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || a.contains(b.as_str()) || b.contains(a.as_str()),
        _ => true,
    }
}

fn is_modifier(t: &Titles, word: &str) -> bool {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('-');
    t.modifiers.iter().any(|m| m == w) || w.ends_with("-elect")
}

/// The titled people of one article (cached per article).
fn titled_in(doc: &Document) -> Vec<Titled> {
    let t = titles();
    let mut out = Vec::new();
    for m in &doc.facts.names {
        let Some((_, person)) = person(doc, m) else {
            continue;
        };
        let sentence = doc
            .facts
            .sentence_at(m.span.start)
            .unwrap_or(Span::new(0, doc.text.len()));
        let before_start = sentence.start.min(m.span.start);
        let before = doc.slice(Span::new(before_start, m.span.start));
        let after_end = sentence.end.max(m.span.end);
        let after = doc.slice(Span::new(m.span.end, after_end));
        let found = t
            .before
            .as_ref()
            .and_then(|re| re.captures(before))
            .map(|c| (c, before_start, true))
            .or_else(|| {
                if m.possessive {
                    return None;
                }
                t.after
                    .as_ref()
                    .and_then(|re| re.captures(after))
                    .map(|c| (c, m.span.end, false))
            });
        let Some((caps, base, is_before)) = found else {
            continue;
        };
        let Some(title) = caps.name("title") else {
            continue;
        };
        let pre = caps.name("pre").map(|p| p.as_str());
        if pre.is_some_and(|p| is_modifier(t, p)) {
            continue;
        }
        let title_text = title.as_str().to_string();
        let folded = title_text.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(key) = t.key_of.get(&folded.to_lowercase()) else {
            continue;
        };
        let org = if is_before {
            // A capitalised word before the title names the organisation,
            // unless it is a word like "Its" or "The".
            pre.filter(|p| p.chars().next().is_some_and(char::is_uppercase))
                .filter(|p| {
                    let lex = crate::analysis::lexicon::names();
                    !lex.is_function_word(p) && !lex.is_honorific(p) && !lex.is_calendar(p)
                })
                .map(normalize_org)
        } else {
            // "of Examplecorp", else "Examplecorp's CEO".
            caps.name("org")
                .map(|o| normalize_org(o.as_str()))
                .or_else(|| {
                    pre.filter(|p| p.chars().next().is_some_and(char::is_uppercase))
                        .map(normalize_org)
                })
        };
        out.push(Titled {
            at: m.span.start,
            person,
            key: key.clone(),
            title: Span::new(base + title.start(), base + title.end()),
            title_text,
            org,
        });
    }
    out
}

/// Two mentions are the same person when they have the same words, or the
/// same surname and first initial: when their keys are equal (equal words
/// have equal keys).
fn person_key(person: &str) -> (Option<char>, &str) {
    (
        person.chars().next(),
        person.rsplit(' ').next().unwrap_or(person),
    )
}

impl Check for TitleConflict {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let docs = cx.documents();
        let titled = cx.memo.per_document("title-conflict", docs, titled_in);
        let items: Vec<&[Titled]> = titled.iter().map(|v| v.as_slice()).collect();
        let people = People { bundle: cx.bundle };
        for found in cx
            .memo
            .grouped("title-conflict/people", &people, docs, &items)
        {
            out.extend(found.iter().cloned());
        }
    }
}

/// The people are the classes of [`person_key`]: no mention is compared
/// with every other, and an edit re-reads only the people it names.
struct People<'a> {
    bundle: &'a Bundle,
}

impl Grouping for People<'_> {
    type Item = Titled;
    type Key = (Option<char>, String);
    type Version = ();
    type Output = Vec<Finding>;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i Titled, out: &mut Vec<Cow<'i, Self::Key>>) {
        let (initial, surname) = person_key(&item.person);
        out.push(Cow::Owned((initial, surname.to_string())));
    }

    fn eval(&self, _: &Self::Key, members: &[Member<'_, Titled>]) -> Option<Vec<Finding>> {
        let mut group: Vec<&Member<'_, Titled>> = members.iter().collect();
        group.sort_by_key(|m| (m.pos, m.item.at));
        // The reference title: the most used, on a tie the first.
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (j, m) in group.iter().enumerate() {
            let e = counts.entry(m.item.key.as_str()).or_insert((0, j));
            e.0 += 1;
        }
        let (_, &(_, reference)) = counts
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))?;
        let rm = group.get(reference)?;
        let r = rm.item;
        let mut out = Vec::new();
        for m in &group {
            let x = m.item;
            if x.key == r.key || !compatible_orgs(&x.org, &r.org) {
                continue;
            }
            let here = Location {
                doc: m.doc.id,
                span: x.title,
            };
            let there = Location {
                doc: rm.doc.id,
                span: r.title,
            };
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                location: here,
                message: format!(
                    "'{}' here; '{}' in {}",
                    x.title_text,
                    r.title_text,
                    self.bundle.cite(there)
                ),
                related: vec![Related {
                    location: there,
                    message: format!("the same person is '{}' here", r.title_text),
                }],
                fixes: vec![Fix {
                    title: format!("Replace with '{}'", r.title_text),
                    edits: vec![Edit {
                        location: here,
                        new_text: r.title_text.clone(),
                    }],
                    certain: false,
                    preferred: true,
                }],
            });
        }
        (!out.is_empty()).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::{check_rules, findings};

    const RULE: &[&str] = &["title-conflict"];

    #[test]
    fn data_parses() {
        let raw: RawHouseStyle = toml::from_str(HOUSE_STYLE_TOML).expect("house_style.toml");
        assert!(!raw.titles.exclusive.is_empty());
        assert!(titles().before.is_some() && titles().after.is_some());
    }

    #[test]
    fn ceo_here_general_manager_there() {
        check_rules(
            r#"
//- a.txt
In late August, Northwind CEO Mara Quill said talks would take time.
//- b.txt
"Demand is strong," said Mara Quill, the general manager of Northwind, in May.
                                         ^^^^^^^^^^^^^^^ title-conflict: 'general manager' here; 'CEO' in a.txt:1
"#,
            RULE,
        );
    }

    #[test]
    fn apposition_before_the_name_and_majority() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Its managing director, Tom Reyes, spoke first.
//- b.txt
Tom Reyes, chief executive of Examplecorp, spoke.
//- c.txt
Examplecorp chief executive Tom Reyes agreed.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(bundle.cite(found[0].location), "a.txt:1");
        assert_eq!(bundle.cite(found[0].related[0].location), "b.txt:1");
        assert!(!found[0].fixes[0].certain);
    }

    #[test]
    fn possessive_organisation_in_an_apposition() {
        check_rules(
            r#"
//- a.txt
Mara Quill, Northwind's chief executive, spoke. Tom Reyes, Eastwind's CFO, agreed.
//- b.txt
Mara Quill, Northwind's general manager, and Tom Reyes, Southwind's CEO, left.
                        ^^^^^^^^^^^^^^^ title-conflict: 'general manager' here; 'chief executive' in a.txt:1
"#,
            RULE,
        );
    }

    #[test]
    fn compatible_titles_other_times_and_other_companies_pass() {
        check_rules(
            r#"
//- a.txt
Examplecorp chairman Mara Quill and former CFO Tom Reyes met Ana Ortiz, CEO of Northwind.
Mara Quill, managing director at Example Capital, agreed.
//- b.txt
Examplecorp CEO Mara Quill and CEO Tom Reyes met Ana Ortiz, the CFO of Southwind.
Examplecorp CEO Mara Quill spoke again.
"#,
            RULE,
        );
    }
}
